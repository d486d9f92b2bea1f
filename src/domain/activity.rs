//! The history of a work package: comments and field changes.

use super::ids::{ActivityId, UserId, WorkPackageId};
use super::rules::Field;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    pub id: ActivityId,
    pub work_package: WorkPackageId,
    pub user: Option<UserId>,
    #[serde(deserialize_with = "super::wire_time::instant")]
    pub created_at: DateTime<Utc>,
    /// Markdown; `None` for a pure change entry.
    pub comment: Option<String>,
    pub details: Vec<ActivityDetail>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ActivityDetail {
    /// A field changed; values are display texts as they were at the time.
    Changed {
        field: Field,
        from: Option<String>,
        to: Option<String>,
    },
    Created,
    /// Already-formatted text from a server that describes the change itself.
    Text(String),
}
