//! The local store as a set of keyed records: what is persisted, exported and broadcast to other tabs.

use crate::api::ApiError;
use crate::domain::saved_board::SavedBoard;
use crate::domain::saved_view::SavedView;
use crate::domain::{
    Activity, Category, Priority, Project, Relation, Status, User, UserId, Version, WorkPackage,
    WorkPackageId, WpType,
};
use serde::{Deserialize, Serialize};

/// Bumped when the stored shape changes incompatibly.
pub const SCHEMA_VERSION: u32 = 1;
const EXPORT_FORMAT: &str = "tafel-local-store";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    pub schema: u32,
    /// Who "me" is in this browser.
    pub current_user: Option<UserId>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
// Externally tagged (`{"work_package": {…}}`): the cheapest form for serde to decode.
#[serde(rename_all = "snake_case")]
pub enum Record {
    Meta(Meta),
    Project(Project),
    Status(Status),
    Type(WpType),
    Priority(Priority),
    User(User),
    Version(Version),
    Category(Category),
    WorkPackage(WorkPackage),
    Relation(Relation),
    Activity(Activity),
    Board(SavedBoard),
    View(SavedView),
    Watchers(Watchers),
}

/// Who watches one work package; one record per work package that has any.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Watchers {
    pub work_package: WorkPackageId,
    pub users: Vec<UserId>,
}

impl Record {
    /// Unique per record, e.g. `wp/12`.
    pub fn key(&self) -> String {
        match self {
            Self::Meta(_) => "meta".to_owned(),
            Self::Project(p) => format!("project/{}", p.id),
            Self::Status(s) => format!("status/{}", s.id),
            Self::Type(t) => format!("type/{}", t.id),
            Self::Priority(p) => format!("priority/{}", p.id),
            Self::User(u) => format!("user/{}", u.id),
            Self::Version(v) => format!("version/{}", v.id),
            Self::Category(c) => format!("category/{}", c.id),
            Self::WorkPackage(wp) => format!("wp/{}", wp.id),
            Self::Relation(r) => format!("relation/{}", r.id),
            Self::Activity(a) => format!("activity/{}", a.id),
            Self::Board(b) => format!("board/{}", b.id.0),
            Self::View(v) => format!("view/{}", v.id.0),
            Self::Watchers(w) => format!("watchers/{}", w.work_package),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("records contain only JSON-safe values")
    }

    pub fn from_json(key: &str, json: &str) -> Result<Self, ApiError> {
        let record: Self = serde_json::from_str(json)
            .map_err(|e| ApiError::Corrupt(format!("record {key}: {e}")))?;
        if record.key() != key {
            return Err(ApiError::Corrupt(format!(
                "record stored under {key} says it is {}",
                record.key()
            )));
        }
        Ok(record)
    }
}

/// One step of a write: store a record or remove one.
// Changes live only for the length of one write, so their size does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Put(Record),
    Delete(String),
}

impl Change {
    pub fn key(&self) -> String {
        match self {
            Self::Put(record) => record.key(),
            Self::Delete(key) => key.clone(),
        }
    }
}

#[derive(Serialize, Deserialize)]
struct Export {
    format: String,
    version: u32,
    records: Vec<Record>,
}

/// Compact, not pretty-printed: a second serializer for every record type would cost the bundle
/// more than readable exports are worth.
pub fn export_json(records: Vec<Record>) -> String {
    serde_json::to_string(&Export {
        format: EXPORT_FORMAT.to_owned(),
        version: SCHEMA_VERSION,
        records,
    })
    .expect("records contain only JSON-safe values")
}

/// Reads an export back; refuses files that are not Tafel exports or come from a newer Tafel.
pub fn import_json(json: &str) -> Result<Vec<Record>, ApiError> {
    let export: Export = serde_json::from_str(json)
        .map_err(|e| ApiError::Decode(format!("not a Tafel export: {e}")))?;
    if export.format != EXPORT_FORMAT {
        return Err(ApiError::Decode(format!(
            "not a Tafel export (format {:?})",
            export.format
        )));
    }
    if export.version > SCHEMA_VERSION {
        return Err(ApiError::Decode(format!(
            "made by a newer Tafel (store version {})",
            export.version
        )));
    }
    Ok(export.records)
}
