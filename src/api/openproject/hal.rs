//! Wire types: the parts of OpenProject's HAL+JSON resources that Tafel reads.
//!
//! Everything is lenient on purpose. Real servers omit members, send `null` links ("no value"),
//! send `urn:openproject-org:api:v3:undisclosed` hrefs and add members (custom fields, new links)
//! that this client does not know. None of that is an error here; `decode.rs` decides which
//! missing values matter for the domain.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The href a server uses for a resource the caller may not see.
pub const UNDISCLOSED: &str = "urn:openproject-org:api:v3:undisclosed";

/// A HAL link. `href: None` (JSON `null`) means "no value", e.g. no assignee.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Link {
    pub href: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub templated: bool,
}

impl Link {
    /// The href when it names a visible resource: `None` for `null` and undisclosed links.
    pub fn target(&self) -> Option<&str> {
        self.href.as_deref().filter(|href| *href != UNDISCLOSED)
    }
}

/// Text with its source (`raw`, markdown for descriptions and comments) and server-rendered HTML.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Formattable {
    pub format: Option<String>,
    pub raw: Option<String>,
    pub html: Option<String>,
}

/// A collection page. `total` and `count` are required by the spec; `pageSize`/`offset` only
/// appear on paginated collections. A body without `_embedded` fails to decode, as it should.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Collection<T> {
    pub total: u64,
    pub count: u64,
    #[serde(default)]
    pub page_size: Option<u64>,
    /// The 1-based page number (not an item offset).
    #[serde(default)]
    pub offset: Option<u64>,
    #[serde(rename = "_embedded")]
    pub embedded: Elements<T>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Elements<T> {
    pub elements: Vec<T>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct WorkPackage {
    pub id: Option<u64>,
    pub subject: Option<String>,
    pub description: Option<Formattable>,
    pub start_date: Option<NaiveDate>,
    pub due_date: Option<NaiveDate>,
    /// Milestones only.
    pub date: Option<NaiveDate>,
    pub derived_start_date: Option<NaiveDate>,
    pub derived_due_date: Option<NaiveDate>,
    /// ISO 8601, whole days: `P3D`.
    pub duration: Option<String>,
    /// Integer on real servers; read as a number so `40.0` is fine too.
    pub percentage_done: Option<f64>,
    /// ISO 8601: `PT8H`, `P1DT18H`.
    pub estimated_time: Option<String>,
    /// Absent in the spec's own example; always present on real servers.
    pub lock_version: Option<u64>,
    pub schedule_manually: Option<bool>,
    pub created_at: Option<DateTime<Utc>>,
    pub updated_at: Option<DateTime<Utc>>,
    #[serde(rename = "_links")]
    pub links: WorkPackageLinks,
    /// Custom field values, filled by a second pass (`custom_values`).
    #[serde(skip)]
    pub custom: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct WorkPackageLinks {
    #[serde(rename = "self")]
    pub self_: Option<Link>,
    pub status: Option<Link>,
    #[serde(rename = "type")]
    pub wp_type: Option<Link>,
    pub priority: Option<Link>,
    pub assignee: Option<Link>,
    pub responsible: Option<Link>,
    pub version: Option<Link>,
    /// Missing on servers or types without categories; `href: null` when none is set.
    pub category: Option<Link>,
    pub parent: Option<Link>,
    pub project: Option<Link>,
    // Action links: present only when the caller may do the action.
    pub update: Option<Link>,
    pub update_immediately: Option<Link>,
    pub delete: Option<Link>,
    pub add_comment: Option<Link>,
    pub add_relation: Option<Link>,
    pub watch: Option<Link>,
    pub unwatch: Option<Link>,
    pub add_watcher: Option<Link>,
    pub remove_watcher: Option<Link>,
}

/// Links of a resource that Tafel only needs `self` from (and a project's parent).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct BasicLinks {
    #[serde(rename = "self")]
    pub self_: Option<Link>,
    pub parent: Option<Link>,
    pub defining_project: Option<Link>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Status {
    pub id: Option<u64>,
    pub name: String,
    pub is_closed: bool,
    pub is_default: bool,
    pub color: Option<String>,
    pub position: Option<u32>,
    #[serde(rename = "_links")]
    pub links: BasicLinks,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Type {
    pub id: Option<u64>,
    pub name: String,
    pub color: Option<String>,
    pub position: Option<u32>,
    pub is_default: bool,
    pub is_milestone: bool,
    #[serde(rename = "_links")]
    pub links: BasicLinks,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Priority {
    pub id: Option<u64>,
    pub name: String,
    pub position: Option<u32>,
    pub is_default: bool,
    pub is_active: Option<bool>,
    #[serde(rename = "_links")]
    pub links: BasicLinks,
}

/// A principal: `User`, `Group` or `PlaceholderUser` (all can be assignees).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct User {
    #[serde(rename = "_type")]
    pub kind: Option<String>,
    pub id: Option<u64>,
    /// Missing in the spec's available-assignees examples; the self link's title then names them.
    pub name: Option<String>,
    /// Only visible to admins and the user themself.
    pub login: Option<String>,
    #[serde(rename = "_links")]
    pub links: BasicLinks,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Project {
    pub id: Option<u64>,
    pub identifier: String,
    pub name: String,
    pub description: Option<Formattable>,
    #[serde(rename = "_links")]
    pub links: BasicLinks,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Version {
    pub id: Option<u64>,
    pub name: String,
    /// `open`, `locked` or `closed` (some examples capitalise it).
    pub status: Option<String>,
    #[serde(rename = "_links")]
    pub links: BasicLinks,
}

/// A project's category. Its `project` link names the project; `defaultAssignee` is not used.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Category {
    pub id: Option<u64>,
    pub name: String,
    #[serde(rename = "_links")]
    pub links: CategoryLinks,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct CategoryLinks {
    #[serde(rename = "self")]
    pub self_: Option<Link>,
    pub project: Option<Link>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Relation {
    pub id: Option<u64>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub reverse_type: Option<String>,
    pub lag: Option<i32>,
    /// The older name of `lag`.
    pub delay: Option<i32>,
    pub description: Option<String>,
    #[serde(rename = "_links")]
    pub links: RelationLinks,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct RelationLinks {
    #[serde(rename = "self")]
    pub self_: Option<Link>,
    pub from: Option<Link>,
    pub to: Option<Link>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Activity {
    /// `Activity` (a change) or `Activity::Comment`.
    #[serde(rename = "_type")]
    pub kind: Option<String>,
    pub id: Option<u64>,
    pub comment: Option<Formattable>,
    pub details: Vec<Formattable>,
    pub created_at: Option<DateTime<Utc>>,
    #[serde(rename = "_links")]
    pub links: ActivityLinks,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ActivityLinks {
    #[serde(rename = "self")]
    pub self_: Option<Link>,
    pub user: Option<Link>,
    pub work_package: Option<Link>,
}

/// The body of every 4xx/5xx answer.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ErrorResponse {
    #[serde(rename = "_type")]
    pub kind: Option<String>,
    /// `urn:openproject-org:api:v3:errors:<Name>`.
    pub error_identifier: Option<String>,
    pub message: ErrorMessage,
    #[serde(rename = "_embedded")]
    pub embedded: ErrorEmbedded,
}

impl ErrorResponse {
    /// The last part of the identifier, e.g. `UpdateConflict`.
    pub fn name(&self) -> Option<&str> {
        self.error_identifier
            .as_deref()
            .and_then(|id| id.rsplit(':').next())
    }
}

/// The spec says string; several of its own examples send an array of strings.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum ErrorMessage {
    One(String),
    Many(Vec<String>),
}

impl Default for ErrorMessage {
    fn default() -> Self {
        Self::One(String::new())
    }
}

impl ErrorMessage {
    pub fn text(&self) -> String {
        match self {
            Self::One(text) => text.clone(),
            Self::Many(lines) => lines.join(" "),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ErrorEmbedded {
    pub details: Option<ErrorDetails>,
    /// `MultipleErrors` lists one error per violated property.
    pub errors: Vec<ErrorResponse>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct ErrorDetails {
    pub attribute: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_and_undisclosed_links_have_no_target() {
        let link: Link = serde_json::from_str(r#"{"href": null}"#).unwrap();
        assert_eq!(link.target(), None);
        let link: Link = serde_json::from_str(&format!(r#"{{"href": "{UNDISCLOSED}"}}"#)).unwrap();
        assert_eq!(link.target(), None);
        let link: Link = serde_json::from_str(r#"{"href": "/api/v3/users/3", "x": 1}"#).unwrap();
        assert_eq!(link.target(), Some("/api/v3/users/3"));
    }

    #[test]
    fn unknown_and_missing_members_are_fine() {
        let wp: WorkPackage = serde_json::from_str(
            r#"{"id": 3, "customField7": [1, 2], "_links": {"children": [], "assignee": {"href": null}}}"#,
        )
        .unwrap();
        assert_eq!(wp.id, Some(3));
        assert_eq!(wp.subject, None);
        assert_eq!(wp.links.assignee, Some(Link::default()));
    }

    #[test]
    fn an_error_message_may_be_a_string_or_a_list() {
        let one: ErrorResponse = serde_json::from_str(r#"{"message": "No."}"#).unwrap();
        assert_eq!(one.message.text(), "No.");
        let many: ErrorResponse = serde_json::from_str(r#"{"message": ["A.", "B."]}"#).unwrap();
        assert_eq!(many.message.text(), "A. B.");
    }

    #[test]
    fn the_error_name_is_the_last_part_of_the_identifier() {
        let error: ErrorResponse = serde_json::from_str(
            r#"{"errorIdentifier": "urn:openproject-org:api:v3:errors:UpdateConflict"}"#,
        )
        .unwrap();
        assert_eq!(error.name(), Some("UpdateConflict"));
    }
}
