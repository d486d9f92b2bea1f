//! Work package `filters` and `sortBy` query parameters (URL-encoded JSON), checked like OpenProject does,
//! and what saved queries need to know about each filter (API name, caption, how values are written).

use crate::auth::Caller;
use crate::errors::ApiError;
use crate::state::{Data, WorkPackage};
use chrono::{Datelike, Duration, NaiveDate};
use serde_json::Value;
use std::cmp::Ordering;

#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    pub name: String,
    pub operator: String,
    pub values: Vec<String>,
}

/// What a filter compares, and which operators it understands.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Field {
    Status,
    Assignee,
    Responsible,
    Author,
    Type,
    Priority,
    Version,
    Category,
    Project,
    /// `subprojectId`: which subprojects' work packages a project's list takes in; the list does
    /// (see `routes::work_packages`), so it matches every work package on its own.
    Subproject,
    Parent,
    Id,
    Text,
    StartDate,
    DueDate,
    DatesInterval,
    UpdatedAt,
}

impl Field {
    fn values(self) -> ValueKind {
        match self {
            Self::Status => ValueKind::Resource("statuses"),
            Self::Assignee | Self::Responsible | Self::Author => ValueKind::Resource("users"),
            Self::Type => ValueKind::Resource("types"),
            Self::Priority => ValueKind::Resource("priorities"),
            Self::Version => ValueKind::Resource("versions"),
            Self::Category => ValueKind::Resource("categories"),
            Self::Project | Self::Subproject => ValueKind::Resource("projects"),
            Self::Parent | Self::Id => ValueKind::Resource("work_packages"),
            Self::Text => ValueKind::Text,
            Self::StartDate | Self::DueDate | Self::DatesInterval => ValueKind::Date,
            Self::UpdatedAt => ValueKind::DateTime,
        }
    }
}

/// How a saved query writes a filter's values: as links to resources, or as plain strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// `_links.values`, each an href into this collection (`/api/v3/statuses/1`).
    Resource(&'static str),
    Text,
    Date,
    DateTime,
}

/// One filter as a saved query names and shows it (`/api/v3/queries/filters/{name}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FilterSpec {
    /// The API name, whichever of its aliases was asked for (`status_id` → `status`).
    pub name: &'static str,
    /// OpenProject's English caption: the instance's `name` and the filter link's title.
    pub title: &'static str,
    pub operators: &'static [&'static str],
    pub values: ValueKind,
}

/// The filter behind any name the work package list accepts, described for saved queries.
pub fn spec(name: &str) -> Option<FilterSpec> {
    let (field, operators) = field(name)?;
    let (api_name, title) = api_name(field, name);
    Some(FilterSpec {
        name: api_name,
        title,
        operators,
        values: field.values(),
    })
}

fn api_name(field: Field, name: &str) -> (&'static str, &'static str) {
    match field {
        Field::Status => ("status", "Status"),
        Field::Assignee => ("assignee", "Assignee"),
        Field::Responsible => ("responsible", "Accountable"),
        Field::Author => ("author", "Author"),
        Field::Type => ("type", "Type"),
        Field::Priority => ("priority", "Priority"),
        Field::Version => ("version", "Version"),
        Field::Category => ("category", "Category"),
        Field::Project => ("project", "Project"),
        Field::Subproject => ("subprojectId", "Including subproject"),
        Field::Parent => ("parent", "Parent"),
        Field::Id => ("id", "ID"),
        // The text filters share matching but are distinct filters in OpenProject.
        Field::Text => match name {
            "search" => ("search", "Search"),
            "subject" => ("subject", "Subject"),
            "typeahead" => ("typeahead", "Typeahead"),
            _ => ("subjectOrId", "Subject or ID"),
        },
        Field::StartDate => ("startDate", "Start date"),
        Field::DueDate => ("dueDate", "Finish date"),
        Field::DatesInterval => ("datesInterval", "Dates interval"),
        Field::UpdatedAt => ("updatedAt", "Updated on"),
    }
}

/// OpenProject's English caption of every operator some filter here takes.
pub fn operator_title(operator: &str) -> Option<&'static str> {
    Some(match operator {
        "=" => "is",
        "!" => "is not",
        "o" => "open",
        "c" => "closed",
        "*" => "all",
        "!*" => "none",
        "**" | "~" => "contains",
        "!~" => "doesn't contain",
        "=d" => "on",
        "<>d" => "between",
        "<t+" => "in less than",
        ">t+" => "in more than",
        "t+" => "in",
        "t" => "today",
        "w" => "this week",
        ">t-" => "less than days ago",
        "<t-" => "more than days ago",
        "t-" => "days ago",
        _ => return None,
    })
}

/// Operators that stand alone: `[]` or `null` values are fine, anything given is ignored.
pub fn takes_values(operator: &str) -> bool {
    !matches!(operator, "o" | "c" | "*" | "!*" | "t" | "w")
}

/// The relative operators count days from today and take one whole number.
pub fn is_relative(operator: &str) -> bool {
    matches!(operator, "<t+" | ">t+" | "t+" | ">t-" | "<t-" | "t-")
}

fn field(name: &str) -> Option<(Field, &'static [&'static str])> {
    const IDS: &[&str] = &["=", "!"];
    const OPTIONAL_IDS: &[&str] = &["=", "!", "*", "!*"];
    const DATES: &[&str] = &[
        "<>d", "=d", "<t+", ">t+", "t+", "t", "w", ">t-", "<t-", "t-", "*", "!*",
    ];
    // OpenProject's `datetime_past`: an update cannot lie in the future.
    const PAST: &[&str] = &["<>d", "=d", ">t-", "<t-", "t-", "t", "w"];
    Some(match name {
        "status" | "status_id" => (Field::Status, &["o", "c", "=", "!", "*"]),
        "assignee" | "assigned_to" | "assigned_to_id" => (Field::Assignee, OPTIONAL_IDS),
        "responsible" | "responsible_id" => (Field::Responsible, OPTIONAL_IDS),
        "author" | "author_id" => (Field::Author, IDS),
        "type" | "type_id" => (Field::Type, IDS),
        "priority" | "priority_id" => (Field::Priority, IDS),
        "version" | "fixed_version_id" => (Field::Version, OPTIONAL_IDS),
        "category" | "category_id" => (Field::Category, OPTIONAL_IDS),
        "project" | "project_id" => (Field::Project, IDS),
        "subprojectId" | "subproject_id" | "subproject" => (Field::Subproject, OPTIONAL_IDS),
        "parent" => (Field::Parent, OPTIONAL_IDS),
        "id" => (Field::Id, IDS),
        "subject_or_id" | "subjectOrId" | "search" | "subject" | "typeahead" => {
            (Field::Text, &["**", "~", "!~"])
        }
        "start_date" | "startDate" => (Field::StartDate, DATES),
        "due_date" | "dueDate" => (Field::DueDate, DATES),
        "dates_interval" | "datesInterval" => (Field::DatesInterval, &["<>d"]),
        "updatedAt" | "updated_at" => (Field::UpdatedAt, PAST),
        _ => return None,
    })
}

/// OpenProject's default when `filters` is omitted: open work packages only.
pub fn default_filters() -> Vec<Filter> {
    vec![Filter {
        name: "status_id".to_owned(),
        operator: "o".to_owned(),
        values: Vec::new(),
    }]
}

pub fn parse_filters(raw: Option<&str>) -> Result<Vec<Filter>, ApiError> {
    let Some(raw) = raw else {
        return Ok(default_filters());
    };
    parse_with(raw, |name| field(name).map(|(_, operators)| operators))
}

/// The `filters` of another resource (queries, grids, days), whose filter names and their operators
/// are `allowed`; checked the same way as work packages' filters.
pub fn parse_listed(
    raw: &str,
    allowed: &[(&str, &'static [&'static str])],
) -> Result<Vec<Filter>, ApiError> {
    parse_with(raw, |name| {
        allowed
            .iter()
            .find(|(known, _)| *known == name)
            .map(|(_, operators)| *operators)
    })
}

/// `operators_of` names the operators a filter understands, or `None` for an unknown filter.
fn parse_with(
    raw: &str,
    operators_of: impl Fn(&str) -> Option<&'static [&'static str]>,
) -> Result<Vec<Filter>, ApiError> {
    let parsed: Value = serde_json::from_str(raw)
        .map_err(|_| ApiError::invalid_query("Filters are not valid JSON."))?;
    let entries = parsed
        .as_array()
        .ok_or_else(|| ApiError::invalid_query("Filters must be an array."))?;
    entries
        .iter()
        .map(|entry| parse_filter(entry, &operators_of))
        .collect()
}

fn parse_filter(
    entry: &Value,
    operators_of: &impl Fn(&str) -> Option<&'static [&'static str]>,
) -> Result<Filter, ApiError> {
    let object = entry
        .as_object()
        .filter(|o| o.len() == 1)
        .ok_or_else(|| ApiError::invalid_query("Each filter must be an object with one key."))?;
    let (name, spec) = object.iter().next().expect("length checked");
    let Some(operators) = operators_of(name) else {
        return Err(ApiError::invalid_query(format!(
            "Filters {name} filter does not exist."
        )));
    };
    let operator = spec
        .get("operator")
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::invalid_query(format!("Filters {name} has no operator.")))?;
    if !operators.contains(&operator) {
        return Err(ApiError::invalid_query(format!(
            "Filters {name} operator {operator} is not valid."
        )));
    }
    let values: Vec<String> = match spec.get("values") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| match v {
                Value::String(s) => Ok(s.clone()),
                Value::Number(n) => Ok(n.to_string()),
                _ => Err(ApiError::invalid_query(format!(
                    "Filters {name} values must be strings."
                ))),
            })
            .collect::<Result<_, _>>()?,
        Some(_) => {
            return Err(ApiError::invalid_query(format!(
                "Filters {name} values must be an array."
            )));
        }
    };
    if takes_values(operator) && values.is_empty() {
        return Err(ApiError::invalid_query(format!(
            "Filters {name} values can't be blank."
        )));
    }
    Ok(Filter {
        name: name.clone(),
        operator: operator.to_owned(),
        values,
    })
}

fn id_in(values: &[String], id: Option<u64>, caller: Caller) -> bool {
    values.iter().any(|v| {
        let wanted = if v == "me" {
            caller.user_id()
        } else {
            v.parse::<u64>().ok()
        };
        wanted.is_some() && wanted == id
    })
}

fn optional_id(operator: &str, values: &[String], id: Option<u64>, caller: Caller) -> bool {
    match operator {
        "*" => id.is_some(),
        "!*" => id.is_none(),
        "=" => id_in(values, id, caller),
        _ => !id_in(values, id, caller),
    }
}

fn day(value: Option<&String>) -> Option<NaiveDate> {
    value.and_then(|v| NaiveDate::parse_from_str(v, "%Y-%m-%d").ok())
}

/// An instant bound of a date-time filter: an ISO 8601 date-time, or a date meaning its midnight UTC.
fn instant(value: Option<&String>) -> Option<chrono::DateTime<chrono::Utc>> {
    let value = value?;
    chrono::DateTime::parse_from_rfc3339(value)
        .map(|t| t.with_timezone(&chrono::Utc))
        .ok()
        .or_else(|| day(Some(value)).map(|d| d.and_time(chrono::NaiveTime::MIN).and_utc()))
}

/// The days a relative operator covers, counted from `today` as OpenProject does; `None` ends are open.
fn relative_range(
    operator: &str,
    values: &[String],
    today: NaiveDate,
) -> Option<(Option<NaiveDate>, Option<NaiveDate>)> {
    let days = || {
        values
            .first()
            .and_then(|v| v.trim().parse::<i64>().ok())
            .map(Duration::days)
    };
    let single = |d: NaiveDate| (Some(d), Some(d));
    Some(match operator {
        "t" => single(today),
        "w" => {
            let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
            (Some(monday), Some(monday + Duration::days(6)))
        }
        "<t+" => (Some(today), Some(today + days()?)),
        ">t+" => (Some(today + days()?), None),
        "t+" => single(today + days()?),
        ">t-" => (Some(today - days()?), Some(today)),
        "<t-" => (None, Some(today - days()?)),
        "t-" => single(today - days()?),
        _ => return None,
    })
}

fn within(date: NaiveDate, (from, to): (Option<NaiveDate>, Option<NaiveDate>)) -> bool {
    from.is_none_or(|from| date >= from) && to.is_none_or(|to| date <= to)
}

fn date_matches(
    operator: &str,
    values: &[String],
    date: Option<NaiveDate>,
    today: NaiveDate,
) -> bool {
    match operator {
        "*" => date.is_some(),
        "!*" => date.is_none(),
        "=d" => date.is_some() && date == day(values.first()),
        "<>d" => date.is_some_and(|d| within(d, (day(values.first()), day(values.get(1))))),
        _ => date.is_some_and(|d| {
            relative_range(operator, values, today).is_some_and(|range| within(d, range))
        }),
    }
}

pub fn matches(data: &Data, wp: &WorkPackage, filter: &Filter, caller: Caller) -> bool {
    let Some((field, _)) = field(&filter.name) else {
        return false;
    };
    let (op, values) = (filter.operator.as_str(), filter.values.as_slice());
    // The server's own clock is "today", so relative date filters are as deterministic as the data.
    let today = data.clock.date_naive();
    match field {
        Field::Status => {
            let closed = data.status(wp.status).is_some_and(|s| s.is_closed);
            match op {
                "o" => !closed,
                "c" => closed,
                "*" => true,
                _ => optional_id(op, values, Some(wp.status), caller),
            }
        }
        Field::Assignee => optional_id(op, values, wp.assignee, caller),
        Field::Responsible => optional_id(op, values, wp.responsible, caller),
        Field::Author => optional_id(op, values, Some(wp.author), caller),
        Field::Type => optional_id(op, values, Some(wp.type_id), caller),
        Field::Priority => optional_id(op, values, Some(wp.priority), caller),
        Field::Version => optional_id(op, values, wp.version, caller),
        Field::Category => optional_id(op, values, wp.category, caller),
        Field::Project => {
            let hit = values
                .iter()
                .any(|v| data.project_by_key(v).is_some_and(|p| p.id == wp.project));
            (op == "=") == hit
        }
        Field::Subproject => true,
        Field::Parent => optional_id(op, values, wp.parent, caller),
        Field::Id => optional_id(op, values, Some(wp.id), caller),
        Field::Text => {
            let needle = values.join(" ").to_lowercase();
            let by_id = matches!(
                filter.name.as_str(),
                "subject_or_id" | "subjectOrId" | "search" | "typeahead"
            );
            let hit = wp.subject.to_lowercase().contains(&needle)
                || by_id
                    && (wp.id.to_string() == needle.trim_start_matches('#')
                        || filter.name == "search"
                            && wp.description.to_lowercase().contains(&needle));
            (op != "!~") == hit
        }
        Field::StartDate => date_matches(op, values, wp.start_date, today),
        Field::DueDate => date_matches(op, values, wp.due_date, today),
        Field::UpdatedAt if op == "<>d" => {
            instant(values.first()).is_none_or(|from| wp.updated_at >= from)
                && instant(values.get(1)).is_none_or(|to| wp.updated_at <= to)
        }
        Field::UpdatedAt => date_matches(op, values, Some(wp.updated_at.date_naive()), today),
        Field::DatesInterval => {
            let (from, to) = (day(values.first()), day(values.get(1)));
            let start = wp.start_date.or(wp.due_date);
            let finish = wp.due_date.or(wp.start_date);
            match (start, finish) {
                (Some(start), Some(finish)) => {
                    to.is_none_or(|to| start <= to) && from.is_none_or(|from| finish >= from)
                }
                _ => false,
            }
        }
    }
}

pub const SORT_FIELDS: [&str; 12] = [
    "id",
    "subject",
    "status",
    "priority",
    "assignee",
    "responsible",
    "type",
    "startDate",
    "dueDate",
    "updatedAt",
    "createdAt",
    "percentageDone",
];

/// The API (camelCase) name of a column OpenProject also knows by its database name (`due_date`).
pub fn column_name(name: &str) -> &str {
    match name {
        "start_date" => "startDate",
        "due_date" => "dueDate",
        "updated_at" => "updatedAt",
        "created_at" => "createdAt",
        "done_ratio" => "percentageDone",
        "estimated_hours" => "estimatedTime",
        "assigned_to" => "assignee",
        "fixed_version" => "version",
        other => other,
    }
}

/// `[["status","asc"],["id","desc"]]` → `[("status", false), ("id", true)]` (true = descending).
pub fn parse_sort(raw: Option<&str>) -> Result<Vec<(String, bool)>, ApiError> {
    let Some(raw) = raw else {
        return Ok(vec![("id".to_owned(), false)]);
    };
    let invalid = || ApiError::invalid_query(format!("Sort by {raw} is not valid."));
    let parsed: Value = serde_json::from_str(raw).map_err(|_| invalid())?;
    let pairs = parsed.as_array().ok_or_else(invalid)?;
    pairs
        .iter()
        .map(|pair| {
            let name = pair.get(0).and_then(Value::as_str).ok_or_else(invalid)?;
            let direction = pair.get(1).and_then(Value::as_str).unwrap_or("asc");
            let name = column_name(name);
            if !SORT_FIELDS.contains(&name) || !matches!(direction, "asc" | "desc") {
                return Err(ApiError::invalid_query(format!(
                    "Sort by {name} {direction} is not allowed."
                )));
            }
            Ok((name.to_owned(), direction == "desc"))
        })
        .collect()
}

/// Empty values sort last in ascending order, like SQL `NULLS LAST`.
fn compare_optional<T: Ord>(a: Option<T>, b: Option<T>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(&b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

fn compare(data: &Data, field: &str, a: &WorkPackage, b: &WorkPackage) -> Ordering {
    let user = |id: Option<u64>| {
        id.and_then(|id| data.user(id))
            .map(crate::state::User::name)
    };
    match field {
        "subject" => a.subject.to_lowercase().cmp(&b.subject.to_lowercase()),
        "status" => compare_optional(
            data.status(a.status).map(|s| s.position),
            data.status(b.status).map(|s| s.position),
        ),
        "priority" => compare_optional(
            data.priority(a.priority).map(|p| p.position),
            data.priority(b.priority).map(|p| p.position),
        ),
        "type" => compare_optional(
            data.wp_type(a.type_id).map(|t| t.position),
            data.wp_type(b.type_id).map(|t| t.position),
        ),
        "assignee" => compare_optional(user(a.assignee), user(b.assignee)),
        "responsible" => compare_optional(user(a.responsible), user(b.responsible)),
        "startDate" => compare_optional(a.start_date, b.start_date),
        "dueDate" => compare_optional(a.due_date, b.due_date),
        "updatedAt" => a.updated_at.cmp(&b.updated_at),
        "createdAt" => a.created_at.cmp(&b.created_at),
        "percentageDone" => compare_optional(a.percentage_done, b.percentage_done),
        _ => a.id.cmp(&b.id),
    }
}

pub fn sort(data: &Data, items: &mut [&WorkPackage], order: &[(String, bool)]) {
    items.sort_by(|a, b| {
        order
            .iter()
            .map(|(field, desc)| {
                let ordering = compare(data, field, a, b);
                if *desc { ordering.reverse() } else { ordering }
            })
            .find(|o| o.is_ne())
            .unwrap_or_else(|| a.id.cmp(&b.id))
    });
}
