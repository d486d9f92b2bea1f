//! Applying a work package write body (PATCH, create, form) to a copy, and validating the result.

use crate::errors::ApiError;
use crate::hal;
use crate::state::{Data, WorkPackage};
use crate::workflow;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde_json::{Map, Value};

const READ_ONLY: [&str; 9] = [
    "id",
    "createdAt",
    "updatedAt",
    "derivedStartDate",
    "derivedDueDate",
    "derivedEstimatedTime",
    "derivedPercentageDone",
    "spentTime",
    "readonly",
];

const LINKS: [(&str, &str); 9] = [
    ("status", "/api/v3/statuses/"),
    ("type", "/api/v3/types/"),
    ("priority", "/api/v3/priorities/"),
    ("assignee", "/api/v3/users/"),
    ("responsible", "/api/v3/users/"),
    ("version", "/api/v3/versions/"),
    ("category", "/api/v3/categories/"),
    ("parent", "/api/v3/work_packages/"),
    ("project", "/api/v3/projects/"),
];

/// The result of applying a body: the changed copy and everything wrong with it.
pub struct Applied {
    pub work_package: WorkPackage,
    pub errors: Vec<ApiError>,
}

fn format_error(attribute: &str, message: impl Into<String>) -> ApiError {
    ApiError::property("PropertyFormatError", attribute, message)
}

fn parse_date(attribute: &str, value: &Value) -> Result<Option<NaiveDate>, ApiError> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| {
                format_error(
                    attribute,
                    format!("{attribute} is not a valid date (YYYY-MM-DD)."),
                )
            }),
        _ => Err(format_error(
            attribute,
            format!("{attribute} must be a date string or null."),
        )),
    }
}

fn number_before(text: &str, unit: char) -> Option<f64> {
    let end = text.find(unit)?;
    let start = text[..end]
        .rfind(|c: char| !(c.is_ascii_digit() || c == '.'))
        .map_or(0, |i| i + 1);
    text[start..end].parse().ok()
}

/// ISO 8601 durations such as `PT8H`, `PT1H30M` or `P1DT2H`, as hours.
pub fn parse_hours(text: &str) -> Option<f64> {
    let rest = text.strip_prefix('P')?;
    if rest.is_empty()
        || !rest
            .chars()
            .all(|c| c.is_ascii_digit() || "DTHMS.".contains(c))
    {
        return None;
    }
    let (day_part, time_part) = rest.split_once('T').unwrap_or((rest, ""));
    let days = number_before(day_part, 'D').unwrap_or(0.0);
    let h = number_before(time_part, 'H').unwrap_or(0.0);
    let m = number_before(time_part, 'M').unwrap_or(0.0);
    let s = number_before(time_part, 'S').unwrap_or(0.0);
    Some(days * 24.0 + h + m / 60.0 + s / 3600.0)
}

fn is_working_day(day: NaiveDate) -> bool {
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The day on which `days` working days starting at `start` end (`days` ≥ 1).
fn finish_after(start: NaiveDate, days: i64) -> NaiveDate {
    let mut day = start;
    let mut left = days - i64::from(is_working_day(start));
    while left > 0 {
        day += Duration::days(1);
        if is_working_day(day) {
            left -= 1;
        }
    }
    day
}

fn link_id(attribute: &str, prefix: &str, value: &Value) -> Result<Option<u64>, ApiError> {
    let href = value
        .get("href")
        .ok_or_else(|| format_error(attribute, format!("The link {attribute} needs an href.")))?;
    match href {
        Value::Null => Ok(None),
        Value::String(href) => {
            let Some(rest) = href.strip_prefix(prefix) else {
                return Err(ApiError::property(
                    "ResourceTypeMismatch",
                    attribute,
                    format!("Expected {attribute} to link to {prefix}…, got {href}."),
                ));
            };
            rest.parse::<u64>().map(Some).map_err(|_| {
                ApiError::violation(
                    attribute,
                    format!(
                        "{} is not set to one of the allowed values.",
                        label(attribute)
                    ),
                )
            })
        }
        _ => Err(format_error(
            attribute,
            format!("The href of {attribute} must be a string or null."),
        )),
    }
}

fn label(attribute: &str) -> &str {
    match attribute {
        "dueDate" => "Finish date",
        "startDate" => "Start date",
        "status" => "Status",
        "type" => "Type",
        "priority" => "Priority",
        "assignee" => "Assignee",
        "responsible" => "Accountable",
        "version" => "Version",
        "category" => "Category",
        "parent" => "Parent",
        "project" => "Project",
        other => other,
    }
}

/// Applies `body` on top of `base`; `creating` selects the rules for a new work package.
pub fn apply(
    data: &Data,
    base: &WorkPackage,
    body: &Map<String, Value>,
    creating: bool,
) -> Applied {
    let mut wp = base.clone();
    let mut errors = Vec::new();
    let mut record = |result: Result<(), ApiError>| {
        if let Err(e) = result {
            errors.push(e);
        }
    };
    for key in READ_ONLY {
        if body.contains_key(key) {
            record(Err(ApiError::property(
                "PropertyIsReadOnly",
                key,
                format!("{key} was attempted to be written but is not writable."),
            )));
        }
    }
    if let Some(v) = body.get("subject") {
        record(match v {
            Value::String(s) => {
                wp.subject.clone_from(s);
                Ok(())
            }
            _ => Err(format_error("subject", "Subject must be a string.")),
        });
    }
    if let Some(v) = body.get("description") {
        record(match v.get("raw") {
            Some(Value::String(raw)) => {
                wp.description.clone_from(raw);
                Ok(())
            }
            Some(Value::Null) => {
                wp.description.clear();
                Ok(())
            }
            _ if v.is_null() => {
                wp.description.clear();
                Ok(())
            }
            _ => Err(format_error(
                "description",
                "Description must be an object with a raw string.",
            )),
        });
    }
    if let Some(v) = body.get("scheduleManually") {
        record(match v {
            Value::Bool(manual) => {
                wp.schedule_manually = *manual;
                Ok(())
            }
            _ => Err(format_error(
                "scheduleManually",
                "Manual scheduling must be true or false.",
            )),
        });
    }
    let mut dates = [None, None, None];
    for (slot, key) in ["startDate", "dueDate", "date"].into_iter().enumerate() {
        if let Some(v) = body.get(key) {
            match parse_date(key, v) {
                Ok(d) => dates[slot] = Some(d),
                Err(e) => record(Err(e)),
            }
        }
    }
    let mut duration = None;
    if let Some(v) = body.get("duration") {
        let days = v
            .as_str()
            .and_then(|s| s.strip_prefix('P')?.strip_suffix('D')?.parse::<i64>().ok());
        match (v, days) {
            (Value::Null, _) => {}
            (_, Some(days)) if days >= 1 => duration = Some(days),
            _ => record(Err(format_error(
                "duration",
                "Duration must be whole days such as P3D, at least P1D.",
            ))),
        }
    }
    if let Some(v) = body.get("percentageDone") {
        record(match v {
            Value::Null => {
                wp.percentage_done = None;
                Ok(())
            }
            Value::Number(n) if n.as_i64().is_some_and(|p| (0..=100).contains(&p)) => {
                wp.percentage_done = n.as_i64();
                Ok(())
            }
            _ => Err(ApiError::violation(
                "percentageDone",
                "% Complete must be between 0 and 100.",
            )),
        });
    }
    if let Some(v) = body.get("estimatedTime") {
        record(match v {
            Value::Null => {
                wp.estimated_hours = None;
                Ok(())
            }
            Value::String(s) if parse_hours(s).is_some() => {
                wp.estimated_hours = parse_hours(s);
                Ok(())
            }
            _ => Err(format_error(
                "estimatedTime",
                "Work must be an ISO 8601 duration such as PT8H.",
            )),
        });
    }
    if data
        .project(wp.project)
        .is_some_and(|p| p.cost_centre_field)
        && let Some(v) = body.get("customField1")
    {
        record(match v {
            Value::Null => {
                wp.cost_centre = None;
                Ok(())
            }
            Value::String(s) if s.chars().count() <= 255 => {
                wp.cost_centre = (!s.is_empty()).then(|| s.clone());
                Ok(())
            }
            _ => Err(ApiError::violation(
                "customField1",
                "Cost centre must be text of at most 255 characters.",
            )),
        });
    }
    if let Some(links) = body.get("_links").and_then(Value::as_object) {
        for (attribute, prefix) in LINKS {
            let Some(value) = links.get(attribute) else {
                continue;
            };
            match link_id(attribute, prefix, value) {
                Ok(id) => record(set_link(data, &mut wp, attribute, id)),
                Err(e) => record(Err(e)),
            }
        }
    }
    crate::custom_fields::apply(data, &mut wp, body, creating, &mut errors);
    apply_dates(data, &mut wp, dates, duration, &mut errors);
    errors.extend(validate(data, base, &wp, creating));
    Applied {
        work_package: wp,
        errors,
    }
}

fn set_link(
    data: &Data,
    wp: &mut WorkPackage,
    attribute: &str,
    id: Option<u64>,
) -> Result<(), ApiError> {
    let not_allowed = || {
        ApiError::violation(
            attribute,
            format!(
                "{} is not set to one of the allowed values.",
                label(attribute)
            ),
        )
    };
    let blank = || ApiError::violation(attribute, format!("{} can't be blank.", label(attribute)));
    // Required links must name something that exists; optional ones are checked in `validate`.
    let required = |exists: bool| match id {
        None => Err(blank()),
        Some(_) if !exists => Err(not_allowed()),
        Some(id) => Ok(id),
    };
    let known = |found: bool| id.is_some() && found;
    match attribute {
        "status" => wp.status = required(known(id.and_then(|i| data.status(i)).is_some()))?,
        "type" => wp.type_id = required(known(id.and_then(|i| data.wp_type(i)).is_some()))?,
        "priority" => wp.priority = required(known(id.and_then(|i| data.priority(i)).is_some()))?,
        "project" => wp.project = required(known(id.and_then(|i| data.project(i)).is_some()))?,
        "assignee" => wp.assignee = id,
        "responsible" => wp.responsible = id,
        "version" => wp.version = id,
        "category" => wp.category = id,
        _ => wp.parent = id,
    }
    Ok(())
}

/// Milestones keep one day in both fields; `duration` fills in the missing end of a range.
/// `Some(None)` in a slot means "the body cleared this date", `None` means "not sent".
#[allow(clippy::option_option)]
fn apply_dates(
    store: &Data,
    wp: &mut WorkPackage,
    [start, due, date]: [Option<Option<NaiveDate>>; 3],
    duration: Option<i64>,
    errors: &mut Vec<ApiError>,
) {
    if store.is_milestone(wp.type_id) {
        if let Some(day) = date.or(start).or(due) {
            wp.start_date = day;
            wp.due_date = day;
        } else {
            let day = wp.start_date.or(wp.due_date);
            wp.start_date = day;
            wp.due_date = day;
        }
        return;
    }
    if let Some(day) = date {
        wp.start_date = day;
        wp.due_date = day;
    }
    if let Some(day) = start {
        wp.start_date = day;
    }
    if let Some(day) = due {
        wp.due_date = day;
    }
    let Some(days) = duration else {
        return;
    };
    match (wp.start_date, wp.due_date, due.is_some()) {
        (Some(s), Some(d), true) if hal::working_days(s, d) != days => {
            errors.push(ApiError::violation(
                "duration",
                "Duration does not match the start and finish dates.",
            ));
        }
        (Some(s), _, false) => wp.due_date = Some(finish_after(s, days)),
        _ => {}
    }
}

fn validate(data: &Data, base: &WorkPackage, wp: &WorkPackage, creating: bool) -> Vec<ApiError> {
    let mut errors = Vec::new();
    let subject = wp.subject.trim();
    if subject.is_empty() {
        errors.push(ApiError::violation("subject", "Subject can't be blank."));
    } else if wp.subject.chars().count() > 255 {
        errors.push(ApiError::violation(
            "subject",
            "Subject is too long (maximum is 255 characters).",
        ));
    }
    if let (Some(start), Some(due)) = (wp.start_date, wp.due_date)
        && due < start
    {
        errors.push(ApiError::violation(
            "dueDate",
            "Finish date can't be earlier than start date.",
        ));
    }
    let from = if creating {
        data.default_status().id
    } else {
        base.status
    };
    if !workflow::allowed(from, wp.status) {
        let name = |id| data.status(id).map_or("?", |s| s.name);
        errors.push(ApiError::violation(
            "status",
            format!(
                "Status is invalid because no valid transition exists from {} to {} for the current user's roles.",
                name(from),
                name(wp.status)
            ),
        ));
    }
    let project = data.project(wp.project);
    if project.is_some_and(|p| !p.types.contains(&wp.type_id)) {
        errors.push(ApiError::violation(
            "type",
            "Type is not set to one of the allowed values.",
        ));
    }
    for (attribute, user) in [("assignee", wp.assignee), ("responsible", wp.responsible)] {
        if user.is_some_and(|id| project.is_none_or(|p| !p.members.contains(&id))) {
            errors.push(ApiError::violation(
                attribute,
                format!(
                    "{} is not set to one of the allowed values.",
                    label(attribute)
                ),
            ));
        }
    }
    if let Some(id) = wp.version
        && Some(id) != base.version
        && data
            .version(id)
            .is_none_or(|v| v.project != wp.project || v.status != "open")
    {
        errors.push(ApiError::violation(
            "version",
            "Version is not set to one of the allowed values.",
        ));
    }
    // A category belongs to one project: one of another project (or none known) is refused, also
    // when the work package moves to another project and keeps its old category.
    if let Some(id) = wp.category
        && (Some(id) != base.category || wp.project != base.project)
        && data.category(id).is_none_or(|c| c.project != wp.project)
    {
        errors.push(ApiError::violation(
            "category",
            "Category is not set to one of the allowed values.",
        ));
    }
    if let Some(parent) = wp.parent {
        if data.work_package(parent).is_none() {
            errors.push(ApiError::violation("parent", "Parent does not exist."));
        } else if !creating && (parent == wp.id || data.descendants(wp.id).contains(&parent)) {
            errors.push(ApiError::violation(
                "parent",
                "Parent cannot be the work package itself or one of its descendants.",
            ));
        }
    }
    errors
}

/// Journal lines for the activity log, in OpenProject's wording.
pub fn describe_changes(data: &Data, old: &WorkPackage, new: &WorkPackage) -> Vec<String> {
    let mut out = Vec::new();
    let mut change = |field: &str, from: Option<String>, to: Option<String>| {
        if from != to {
            out.push(match (from, to) {
                (Some(from), Some(to)) => format!("{field} changed from {from} to {to}"),
                (None, Some(to)) => format!("{field} set to {to}"),
                (Some(from), None) => format!("{field} deleted ({from})"),
                (None, None) => unreachable!("equal values are skipped"),
            });
        }
    };
    let user = |id: Option<u64>| {
        id.and_then(|id| data.user(id))
            .map(crate::state::User::name)
    };
    let day = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    change(
        "Subject",
        Some(old.subject.clone()),
        Some(new.subject.clone()),
    );
    change(
        "Status",
        data.status(old.status).map(|s| s.name.to_owned()),
        data.status(new.status).map(|s| s.name.to_owned()),
    );
    change(
        "Type",
        data.wp_type(old.type_id).map(|t| t.name.to_owned()),
        data.wp_type(new.type_id).map(|t| t.name.to_owned()),
    );
    change(
        "Priority",
        data.priority(old.priority).map(|p| p.name.to_owned()),
        data.priority(new.priority).map(|p| p.name.to_owned()),
    );
    change("Assignee", user(old.assignee), user(new.assignee));
    change("Accountable", user(old.responsible), user(new.responsible));
    change(
        "Version",
        old.version
            .and_then(|v| data.version(v))
            .map(|v| v.name.to_owned()),
        new.version
            .and_then(|v| data.version(v))
            .map(|v| v.name.to_owned()),
    );
    change(
        "Category",
        old.category
            .and_then(|c| data.category(c))
            .map(|c| c.name.to_owned()),
        new.category
            .and_then(|c| data.category(c))
            .map(|c| c.name.to_owned()),
    );
    change(
        "Parent",
        old.parent.map(|p| format!("#{p}")),
        new.parent.map(|p| format!("#{p}")),
    );
    change("Start date", day(old.start_date), day(new.start_date));
    change("Finish date", day(old.due_date), day(new.due_date));
    change(
        "% Complete",
        old.percentage_done.map(|p| format!("{p}%")),
        new.percentage_done.map(|p| format!("{p}%")),
    );
    change(
        "Work",
        old.estimated_hours.map(|h| format!("{h} h")),
        new.estimated_hours.map(|h| format!("{h} h")),
    );
    change(
        "Cost centre",
        old.cost_centre.clone(),
        new.cost_centre.clone(),
    );
    let (values, texts) = crate::custom_fields::changes(data, old, new);
    for (name, from, to) in values {
        change(name, from, to);
    }
    out.extend(texts.into_iter().map(|name| format!("{name} changed")));
    if old.description != new.description {
        out.push("Description changed".to_owned());
    }
    out
}
