//! Identifiers as newtypes, so a status id can never be passed where a user id is meant.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

id_type!(
    /// A work package (task, milestone, feature, …).
    WorkPackageId,
    StatusId,
    TypeId,
    PriorityId,
    UserId,
    ProjectId,
    VersionId,
    /// A project's category of work packages (OpenProject's categories).
    CategoryId,
    RelationId,
    ActivityId,
);
