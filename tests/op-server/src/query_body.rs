//! A saved query's write body (create and PATCH), read as OpenProject's `QueryRepresenter` reads it
//! and checked as its `Query` model checks it. Every problem is reported at once (one 422, or
//! `MultipleErrors`); only a filter instance that names no filter at all is a 400, as in OpenProject.

use crate::columns;
use crate::errors::ApiError;
use crate::filters::{self, Filter, FilterSpec, ValueKind};
use crate::state::{Data, Query, User};
use chrono::{DateTime, NaiveDate};
use serde_json::{Map, Value};

pub const FILTERS: &str = "/api/v3/queries/filters/";
pub const OPERATORS: &str = "/api/v3/queries/operators/";
pub const COLUMNS: &str = "/api/v3/queries/columns/";
pub const SORT_BYS: &str = "/api/v3/queries/sort_bys/";
pub const GROUP_BYS: &str = "/api/v3/queries/group_bys/";

/// OpenProject keeps the first three sort criteria and drops the rest without a word.
const MAX_SORT_CRITERIA: usize = 3;
const MAX_NAME: usize = 255;

type Errors = Vec<ApiError>;

/// `query` with `body` applied, or everything wrong with the result. The stored query is never
/// touched, so a refused write changes nothing.
pub fn changed(body: &Map<String, Value>, query: &Query, data: &Data) -> Result<Query, ApiError> {
    readable_filters(body)?;
    let links = body.get("_links").unwrap_or(&Value::Null);
    let mut next = query.clone();
    let mut errors = Errors::new();
    set_name(body, &mut next, &mut errors);
    set_flag(body, "public", &mut next.public, &mut errors);
    set_flag(body, "starred", &mut next.starred, &mut errors);
    set_flag(
        body,
        "showHierarchies",
        &mut next.show_hierarchies,
        &mut errors,
    );
    set_flag(
        body,
        "timelineVisible",
        &mut next.timeline_visible,
        &mut errors,
    );
    set_project(links, data, &mut next, &mut errors);
    set_filters(body, data, &mut next, &mut errors);
    set_columns(links, &mut next, &mut errors);
    set_sort_by(links, &mut next, &mut errors);
    set_group_by(links, &mut next, &mut errors);
    check(&next, data, &mut errors);
    match ApiError::combine(errors) {
        Some(error) => Err(error),
        None => Ok(next),
    }
}

fn violation(attribute: &str, message: impl Into<String>) -> ApiError {
    ApiError::violation(attribute, message)
}

fn format_error(attribute: &str, message: impl Into<String>) -> ApiError {
    ApiError::property("PropertyFormatError", attribute, message)
}

/// The last path segment of `href`, which must point into `prefix`; otherwise OpenProject's
/// `ResourceTypeMismatch` (a link to the wrong kind of thing).
fn in_namespace<'a>(attribute: &str, href: &'a str, prefix: &str) -> Result<&'a str, ApiError> {
    href.strip_prefix(prefix)
        .filter(|rest| !rest.is_empty() && !rest.contains('/'))
        .ok_or_else(|| {
            ApiError::property(
                "ResourceTypeMismatch",
                attribute,
                format!("Expected a link to {prefix}…, got {href}."),
            )
        })
}

fn link_href<'a>(attribute: &str, link: &'a Value) -> Result<&'a str, ApiError> {
    link.get("href")
        .and_then(Value::as_str)
        .ok_or_else(|| format_error(attribute, format!("Each {attribute} link needs an href.")))
}

/// `%3Ct-` → `<t-`. OpenProject escapes operators in the hrefs it sends; clients often do not.
/// Unlike form decoding, `+` stays a plus (`<t+`).
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'%' {
            let hex = text.get(at + 1..at + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            at += 3;
        } else {
            out.push(bytes[at]);
            at += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn set_name(body: &Map<String, Value>, next: &mut Query, errors: &mut Errors) {
    match body.get("name") {
        None => {}
        Some(Value::String(name)) => name.clone_into(&mut next.name),
        // Blank, and reported as blank by `check`.
        Some(Value::Null) => next.name.clear(),
        Some(_) => errors.push(format_error("name", "Name must be a string.")),
    }
}

fn set_flag(body: &Map<String, Value>, key: &str, target: &mut bool, errors: &mut Errors) {
    match body.get(key) {
        None => {}
        Some(Value::Bool(value)) => *target = *value,
        Some(_) => errors.push(format_error(key, format!("{key} must be true or false."))),
    }
}

/// `{"href": "/api/v3/projects/city-portal"}` (id or identifier, as OpenProject accepts);
/// `{"href": null}` makes the query global.
fn set_project(links: &Value, data: &Data, next: &mut Query, errors: &mut Errors) {
    let Some(link) = links.get("project") else {
        return;
    };
    match link.get("href") {
        None | Some(Value::Null) => next.project = None,
        Some(href) => match href
            .as_str()
            .and_then(|h| h.strip_prefix("/api/v3/projects/"))
            .and_then(|key| data.project_by_key(key))
        {
            Some(project) => next.project = Some(project.id),
            None => errors.push(violation(
                "project",
                "Project is not set to one of the allowed values.",
            )),
        },
    }
}

fn filter_href(instance: &Value) -> Option<&str> {
    instance
        .pointer("/_links/filter/href")
        .and_then(Value::as_str)
        .filter(|href| !href.is_empty())
}

/// OpenProject cannot even begin on a filter instance without a filter link: 400, before any check.
fn readable_filters(body: &Map<String, Value>) -> Result<(), ApiError> {
    let Some(instances) = body.get("filters").and_then(Value::as_array) else {
        return Ok(());
    };
    match instances.iter().find(|i| filter_href(i).is_none()) {
        Some(instance) => Err(ApiError::invalid_body(format!(
            "Could not read filter from: {instance}"
        ))),
        None => Ok(()),
    }
}

/// The whole list is replaced, as OpenProject does; `[]` means no filters at all.
fn set_filters(body: &Map<String, Value>, data: &Data, next: &mut Query, errors: &mut Errors) {
    let Some(value) = body.get("filters") else {
        return;
    };
    let Some(instances) = value.as_array() else {
        errors.push(format_error(
            "filters",
            "Filters must be an array of filter instances.",
        ));
        return;
    };
    let mut parsed = Vec::new();
    for instance in instances {
        match filter(instance, data) {
            Ok(filter) => parsed.push(filter),
            Err(error) => errors.push(error),
        }
    }
    next.filters = parsed;
}

/// One QueryFilterInstance; its name is checked against the filters the work package list knows.
fn filter(instance: &Value, data: &Data) -> Result<Filter, ApiError> {
    let href = filter_href(instance).unwrap_or_default();
    let name = in_namespace("filters", href, FILTERS)?;
    let spec = filters::spec(name)
        .ok_or_else(|| violation("filters", format!("Filter {name} does not exist.")))?;
    let operator = operator(instance, &spec)?;
    let values = if !filters::takes_values(&operator) {
        Vec::new()
    } else if let ValueKind::Resource(collection) = spec.values {
        resource_values(instance, &spec, collection, data)?
    } else {
        plain_values(instance, &spec, &operator)?
    };
    Ok(Filter {
        name: spec.name.to_owned(),
        operator,
        values,
    })
}

fn operator(instance: &Value, spec: &FilterSpec) -> Result<String, ApiError> {
    let href = instance
        .pointer("/_links/operator/href")
        .and_then(Value::as_str)
        .ok_or_else(|| {
            violation(
                "filters",
                format!("The {} filter needs an operator.", spec.title),
            )
        })?;
    let raw = in_namespace("filters", href, OPERATORS)?;
    let operator = percent_decode(raw).unwrap_or_else(|| raw.to_owned());
    if spec.operators.contains(&operator.as_str()) {
        Ok(operator)
    } else {
        Err(violation(
            "filters",
            format!(
                "The operator {operator} is not valid for the {} filter.",
                spec.title
            ),
        ))
    }
}

/// The title of what a filter value names (`statuses` + `"1"` → "New"), `None` if it does not exist.
/// `me` stands for the caller in user filters; projects are also found by identifier.
pub fn value_title(data: &Data, collection: &str, key: &str) -> Option<String> {
    if collection == "users" && key == "me" {
        return Some("me".to_owned());
    }
    if collection == "projects" {
        return data.project_by_key(key).map(|p| p.name.to_owned());
    }
    let id: u64 = key.parse().ok()?;
    match collection {
        "statuses" => data.status(id).map(|s| s.name.to_owned()),
        "users" => data.user(id).map(User::name),
        "types" => data.wp_type(id).map(|t| t.name.to_owned()),
        "priorities" => data.priority(id).map(|p| p.name.to_owned()),
        "versions" => data.version(id).map(|v| v.name.to_owned()),
        "categories" => data.category(id).map(|c| c.name.to_owned()),
        "work_packages" => data.work_package(id).map(|w| w.subject.clone()),
        _ => None,
    }
}

/// `_links.values: [{"href": "/api/v3/users/3"}]` → `["3"]`; each must name something that exists,
/// as OpenProject refuses values it cannot find.
fn resource_values(
    instance: &Value,
    spec: &FilterSpec,
    collection: &str,
    data: &Data,
) -> Result<Vec<String>, ApiError> {
    let links = instance
        .pointer("/_links/values")
        .and_then(Value::as_array)
        .filter(|links| !links.is_empty());
    let Some(links) = links else {
        // A common slip: plain `values` are ignored for resource filters, so say where they go.
        let hint = if instance.get("values").is_some() {
            " (as links in _links.values)"
        } else {
            ""
        };
        return Err(violation(
            "filters",
            format!("The {} filter needs values{hint}.", spec.title),
        ));
    };
    let prefix = format!("/api/v3/{collection}/");
    links
        .iter()
        .map(|link| {
            let key = link
                .get("href")
                .and_then(Value::as_str)
                .and_then(|href| href.strip_prefix(prefix.as_str()))
                .filter(|key| value_title(data, collection, key).is_some());
            match (key, collection) {
                (Some(key), "projects") => data.project_by_key(key).map(|p| p.id.to_string()),
                (key, _) => key.map(str::to_owned),
            }
            .ok_or_else(|| {
                let shown = link
                    .get("href")
                    .and_then(Value::as_str)
                    .map_or_else(|| link.to_string(), str::to_owned);
                violation(
                    "filters",
                    format!("The {} filter has an invalid value: {shown}.", spec.title),
                )
            })
        })
        .collect()
}

/// `values: ["1"]` of text and date filters, checked against what the operator needs.
fn plain_values(
    instance: &Value,
    spec: &FilterSpec,
    operator: &str,
) -> Result<Vec<String>, ApiError> {
    let invalid =
        |problem: &str| violation("filters", format!("The {} filter {problem}.", spec.title));
    let values: Vec<String> = match instance.get("values") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().map(str::to_owned))
            .collect::<Option<_>>()
            .ok_or_else(|| invalid("takes its values as strings"))?,
        Some(_) => return Err(invalid("takes its values as an array of strings")),
    };
    match value_problem(spec.values, operator, &values) {
        Some(problem) => Err(invalid(problem)),
        None => Ok(values),
    }
}

/// What is wrong with a text or date filter's values, worded to follow "The Start date filter".
fn value_problem(kind: ValueKind, operator: &str, values: &[String]) -> Option<&'static str> {
    let blank = |v: &String| v.trim().is_empty();
    let is_date = |v: &str| {
        NaiveDate::parse_from_str(v, "%Y-%m-%d").is_ok()
            || kind == ValueKind::DateTime && DateTime::parse_from_rfc3339(v).is_ok()
    };
    if kind == ValueKind::Text {
        return values
            .iter()
            .all(blank)
            .then_some("needs a text to look for");
    }
    if filters::is_relative(operator) {
        let days = values.first().map(|v| v.trim().parse::<u32>());
        return (values.len() != 1 || !matches!(days, Some(Ok(_))))
            .then_some("needs one whole number of days");
    }
    match operator {
        "=d" => (values.len() != 1 || !is_date(values[0].trim()))
            .then_some("needs one date (YYYY-MM-DD)"),
        "<>d" => {
            let fine = (1..=2).contains(&values.len())
                && !values.iter().all(blank)
                && values.iter().all(|v| blank(v) || is_date(v.trim()));
            (!fine).then_some("needs a start date, an end date or both (YYYY-MM-DD)")
        }
        _ => None,
    }
}

/// `[{"href": "/api/v3/queries/columns/id"}, …]`; `[]` brings back OpenProject's default columns.
fn set_columns(links: &Value, next: &mut Query, errors: &mut Errors) {
    let Some(value) = links.get("columns") else {
        return;
    };
    let Some(items) = value.as_array() else {
        errors.push(format_error(
            "columns",
            "columns must be an array of links.",
        ));
        return;
    };
    let mut names = Vec::new();
    for item in items {
        match column(item) {
            Ok(name) => names.push(name.to_owned()),
            Err(error) => errors.push(error),
        }
    }
    next.columns = names;
}

fn column(link: &Value) -> Result<&'static str, ApiError> {
    let name = in_namespace("columns", link_href("columns", link)?, COLUMNS)?;
    columns::canonical(name)
        .ok_or_else(|| violation("columns", format!("Column {name} does not exist.")))
}

/// `[{"href": "/api/v3/queries/sort_bys/dueDate-desc"}, …]`.
fn set_sort_by(links: &Value, next: &mut Query, errors: &mut Errors) {
    let Some(value) = links.get("sortBy") else {
        return;
    };
    let Some(items) = value.as_array() else {
        errors.push(format_error("sortBy", "sortBy must be an array of links."));
        return;
    };
    let mut criteria = Vec::new();
    for item in items.iter().take(MAX_SORT_CRITERIA) {
        match sort_criterion(item) {
            Ok(criterion) => criteria.push(criterion),
            Err(error) => errors.push(error),
        }
    }
    next.sort_by = criteria;
}

/// `…/sort_bys/dueDate-desc` → `("dueDate", true)`. OpenProject quietly sorts ascending when the
/// direction is garbled; this server refuses it, so a client bug shows up in tests.
fn sort_criterion(link: &Value) -> Result<(String, bool), ApiError> {
    let id = in_namespace("sortBy", link_href("sortBy", link)?, SORT_BYS)?;
    let (column, direction) = id
        .rsplit_once('-')
        .filter(|(_, direction)| matches!(*direction, "asc" | "desc"))
        .ok_or_else(|| {
            violation(
                "sortBy",
                format!("Sort by {id} is not of the form {{column}}-asc or {{column}}-desc."),
            )
        })?;
    let column = filters::column_name(column);
    if !columns::sortable(column) {
        return Err(violation(
            "sortBy",
            format!("Sort by {column} is not available."),
        ));
    }
    Ok((column.to_owned(), direction == "desc"))
}

/// `{"href": "/api/v3/queries/group_bys/status"}`; `{"href": null}` stops grouping.
fn set_group_by(links: &Value, next: &mut Query, errors: &mut Errors) {
    let Some(link) = links.get("groupBy") else {
        return;
    };
    let href = match link.get("href") {
        None | Some(Value::Null) => None,
        Some(Value::String(href)) if href.is_empty() => None,
        Some(Value::String(href)) => Some(href.as_str()),
        Some(_) => {
            errors.push(format_error(
                "groupBy",
                "The groupBy href must be a string or null.",
            ));
            return;
        }
    };
    match href.map(group_by).transpose() {
        Ok(group) => next.group_by = group,
        Err(error) => errors.push(error),
    }
}

fn group_by(href: &str) -> Result<String, ApiError> {
    let name = filters::column_name(in_namespace("groupBy", href, GROUP_BYS)?);
    if columns::groupable(name) {
        Ok(name.to_owned())
    } else {
        Err(violation(
            "groupBy",
            format!("Group by {name} is not available."),
        ))
    }
}

/// The rules that look at the query as a whole, after every field of the body is in.
fn check(query: &Query, data: &Data, errors: &mut Errors) {
    if query.name.trim().is_empty() {
        errors.push(violation("name", "Name can't be blank."));
    } else if query.name.chars().count() > MAX_NAME {
        errors.push(violation(
            "name",
            "Name is too long (maximum is 255 characters).",
        ));
    }
    for column in &query.columns {
        if !columns::available_in(column, query.project, data) {
            errors.push(violation(
                "columns",
                format!("Column {column} is not available in this project."),
            ));
        }
    }
    // OpenProject cannot show a tree and groups at the same time.
    if query.show_hierarchies
        && let Some(group) = &query.group_by
    {
        errors.push(violation(
            "showHierarchies",
            format!(
                "Show hierarchies is mutually exclusive with group by '{group}'. You cannot activate both."
            ),
        ));
    }
}
