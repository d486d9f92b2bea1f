//! Typed links between two work packages. Parent/child is not a relation (it is `WorkPackage::parent`).

use super::ids::{RelationId, WorkPackageId};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationKind {
    Relates,
    Duplicates,
    Duplicated,
    Blocks,
    Blocked,
    Precedes,
    Follows,
    Includes,
    Partof,
    Requires,
    Required,
}

impl RelationKind {
    pub const ALL: [RelationKind; 11] = [
        Self::Relates,
        Self::Duplicates,
        Self::Duplicated,
        Self::Blocks,
        Self::Blocked,
        Self::Precedes,
        Self::Follows,
        Self::Includes,
        Self::Partof,
        Self::Requires,
        Self::Required,
    ];

    /// The same relation seen from the other work package.
    #[must_use]
    pub fn reverse(self) -> Self {
        match self {
            Self::Relates => Self::Relates,
            Self::Duplicates => Self::Duplicated,
            Self::Duplicated => Self::Duplicates,
            Self::Blocks => Self::Blocked,
            Self::Blocked => Self::Blocks,
            Self::Precedes => Self::Follows,
            Self::Follows => Self::Precedes,
            Self::Includes => Self::Partof,
            Self::Partof => Self::Includes,
            Self::Requires => Self::Required,
            Self::Required => Self::Requires,
        }
    }

    /// Only scheduling relations carry a lag.
    pub fn has_lag(self) -> bool {
        matches!(self, Self::Precedes | Self::Follows)
    }

    /// OpenProject's wire name (`follows`, `partof`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Relates => "relates",
            Self::Duplicates => "duplicates",
            Self::Duplicated => "duplicated",
            Self::Blocks => "blocks",
            Self::Blocked => "blocked",
            Self::Precedes => "precedes",
            Self::Follows => "follows",
            Self::Includes => "includes",
            Self::Partof => "partof",
            Self::Requires => "requires",
            Self::Required => "required",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == raw)
    }
}

/// `from` <kind> `to`, e.g. 12 follows 11 with a lag of 2 days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    pub id: RelationId,
    pub from: WorkPackageId,
    pub to: WorkPackageId,
    pub kind: RelationKind,
    /// Working days between the predecessor's finish and the successor's start.
    pub lag: Option<i32>,
    pub description: String,
}

impl Relation {
    /// The other end and the relation's meaning as seen from `id`, if `id` takes part.
    pub fn seen_from(&self, id: WorkPackageId) -> Option<(WorkPackageId, RelationKind)> {
        if self.from == id {
            Some((self.to, self.kind))
        } else if self.to == id {
            Some((self.from, self.kind.reverse()))
        } else {
            None
        }
    }
}

/// The (blocker, blocked) pairs among `relations`: "A blocks B" and "B blocked by A" alike.
pub fn blocking_pairs<'a>(
    relations: impl IntoIterator<Item = &'a Relation>,
) -> impl Iterator<Item = (WorkPackageId, WorkPackageId)> {
    relations.into_iter().filter_map(|r| match r.kind {
        RelationKind::Blocks => Some((r.from, r.to)),
        RelationKind::Blocked => Some((r.to, r.from)),
        _ => None,
    })
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewRelation {
    pub from: WorkPackageId,
    pub to: WorkPackageId,
    pub kind: RelationKind,
    pub lag: Option<i32>,
    pub description: String,
}
