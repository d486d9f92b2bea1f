//! The work package columns a saved query may show, sort by or group by, with OpenProject's captions.
//! Sorting reuses what the work package list can sort by ([`SORT_FIELDS`]), so a query's `sortBy`
//! always works on its `results` link.

use crate::filters::{SORT_FIELDS, column_name};
use crate::state::{Data, Query};

/// (API name, caption) of every built-in column; the custom field column is per project.
const BUILT_IN: [(&str, &str); 18] = [
    ("id", "ID"),
    ("subject", "Subject"),
    ("type", "Type"),
    ("status", "Status"),
    ("priority", "Priority"),
    ("assignee", "Assignee"),
    ("responsible", "Accountable"),
    ("author", "Author"),
    ("version", "Version"),
    ("project", "Project"),
    ("parent", "Parent"),
    ("category", "Category"),
    ("startDate", "Start date"),
    ("dueDate", "Finish date"),
    ("estimatedTime", "Work"),
    ("percentageDone", "% Complete"),
    ("createdAt", "Created on"),
    ("updatedAt", "Updated on"),
];

/// The seed's only custom field (see `schema.rs`).
const CUSTOM: (&str, &str) = ("customField1", "Cost centre");

/// What OpenProject offers under `/api/v3/queries/group_bys`, as far as this server's data goes.
const GROUPABLE: [&str; 8] = [
    "status",
    "assignee",
    "responsible",
    "type",
    "priority",
    "version",
    "category",
    "project",
];

/// OpenProject's `work_package_list_default_columns` setting, shown by a query that names no columns.
pub const DEFAULT: [&str; 6] = ["id", "subject", "type", "status", "assignee", "priority"];

fn known(name: &str) -> Option<&'static (&'static str, &'static str)> {
    BUILT_IN
        .iter()
        .chain([&CUSTOM])
        .find(|(known, _)| *known == name)
}

/// The API name of a known column, accepting OpenProject's database names too (`due_date`).
pub fn canonical(name: &str) -> Option<&'static str> {
    known(column_name(name)).map(|(name, _)| *name)
}

pub fn title(name: &str) -> &'static str {
    known(name).map_or("", |(_, title)| *title)
}

/// A custom field column only exists where its field does: in projects that enabled it, and in
/// global queries (which see every custom field), as OpenProject's `available_columns` has it.
pub fn available_in(name: &str, project: Option<u64>, data: &Data) -> bool {
    if name != CUSTOM.0 {
        return canonical(name).is_some();
    }
    project
        .and_then(|id| data.project(id))
        .is_none_or(|p| p.cost_centre_field)
}

pub fn sortable(name: &str) -> bool {
    SORT_FIELDS.contains(&name)
}

pub fn groupable(name: &str) -> bool {
    GROUPABLE.contains(&name)
}

/// The columns a query shows. An empty list means OpenProject's defaults, which for a global
/// query also include the project (as OpenProject adds it to cross-project lists).
pub fn shown(query: &Query) -> Vec<&str> {
    if !query.columns.is_empty() {
        return query.columns.iter().map(String::as_str).collect();
    }
    let mut columns = DEFAULT.to_vec();
    if query.project.is_none() {
        columns.push("project");
    }
    columns
}
