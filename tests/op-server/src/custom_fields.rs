//! The seed's custom fields beyond the cost centre (`customField1`, see `schema.rs`): one of every
//! kind a client edits, enabled in the projects that have the cost centre. Their values are shown,
//! described in schemas and forms, and written the way OpenProject does it: simple kinds as plain
//! members (`Formattable` as `{raw}`), list options, users and versions as links under `_links`.

use crate::errors::ApiError;
use crate::hal::{formattable, link};
use crate::state::{Data, Project, WorkPackage};
use serde_json::{Map, Value, json};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Formattable,
    Integer,
    Float,
    Boolean,
    Date,
    Option,
    User,
    Version,
}

struct Definition {
    number: u32,
    name: &'static str,
    kind: Kind,
    /// The types whose work packages must have a value (OpenProject sets it per field and type).
    required_for: &'static [u64],
    multi: bool,
}

impl Definition {
    fn required(&self, type_id: u64) -> bool {
        self.required_for.contains(&type_id)
    }
}

const fn def(number: u32, name: &'static str, kind: Kind) -> Definition {
    Definition {
        number,
        name,
        kind,
        required_for: &[],
        multi: false,
    }
}

const FIELDS: [Definition; 9] = [
    def(2, "Notes for the editors", Kind::Formattable),
    // Features must be estimated; tasks, bugs and quick-added cards need not.
    Definition {
        required_for: &[crate::seed::FEATURE],
        ..def(3, "Story points", Kind::Integer)
    },
    def(4, "Budget (k€)", Kind::Float),
    def(5, "Accessibility checked", Kind::Boolean),
    def(6, "Go-live", Kind::Date),
    def(7, "Office", Kind::Option),
    def(8, "Reviewer", Kind::User),
    def(9, "Planned for", Kind::Version),
    Definition {
        multi: true,
        ..def(10, "Districts", Kind::Option)
    },
];

/// Custom options: (id, field number, value).
const OPTIONS: [(u64, u32, &str); 6] = [
    (11, 7, "Town hall"),
    (12, 7, "Citizens' office Mitte"),
    (13, 7, "Citizens' office Nord"),
    (21, 10, "Mitte"),
    (22, 10, "Nord"),
    (23, 10, "Süd"),
];

/// The values the seed gives work package 1 (stored form: see `WorkPackage::custom`).
pub fn seed_values() -> Vec<(u32, Value)> {
    vec![(3, json!(8)), (5, json!(false)), (7, json!([12]))]
}

fn key(field: &Definition) -> String {
    format!("customField{}", field.number)
}

fn api_type(field: &Definition) -> String {
    let name = match field.kind {
        Kind::Formattable => "Formattable",
        Kind::Integer => "Integer",
        Kind::Float => "Float",
        Kind::Boolean => "Boolean",
        Kind::Date => "Date",
        Kind::Option => "CustomOption",
        Kind::User => "User",
        Kind::Version => "Version",
    };
    if field.multi {
        format!("[]{name}")
    } else {
        name.to_owned()
    }
}

fn is_link(kind: Kind) -> bool {
    matches!(kind, Kind::Option | Kind::User | Kind::Version)
}

fn prefix(kind: Kind) -> &'static str {
    match kind {
        Kind::User => "/api/v3/users/",
        Kind::Version => "/api/v3/versions/",
        _ => "/api/v3/custom_options/",
    }
}

/// The values a link field allows in `project`, as (id, title).
fn allowed(data: &Data, project: &Project, field: &Definition) -> Vec<(u64, String)> {
    match field.kind {
        Kind::User => project
            .members
            .iter()
            .filter_map(|id| data.user(*id))
            .map(|u| (u.id, u.name()))
            .collect(),
        Kind::Version => data
            .versions
            .iter()
            .filter(|v| v.project == project.id && v.status == "open")
            .map(|v| (v.id, v.name.to_owned()))
            .collect(),
        _ => OPTIONS
            .iter()
            .filter(|(_, number, _)| *number == field.number)
            .map(|(id, _, name)| (*id, (*name).to_owned()))
            .collect(),
    }
}

/// Adds the fields to a work package schema (as in `/work_packages/schemas/{p}-{t}` and forms).
pub fn describe(data: &Data, project: &Project, type_id: u64, schema: &mut Value) {
    if !project.cost_centre_field {
        return;
    }
    for field in &FIELDS {
        let mut spec = json!({
            "type": api_type(field),
            "name": field.name,
            "required": field.required(type_id),
            "hasDefault": false,
            "writable": true,
        });
        if field.kind == Kind::User {
            spec["location"] = json!("_links");
            spec["_links"] = json!({ "allowedValues": {
                "href": format!("/api/v3/projects/{}/available_assignees", project.id)
            } });
        } else if is_link(field.kind) {
            let links: Vec<Value> = allowed(data, project, field)
                .into_iter()
                .map(|(id, title)| link(format!("{}{id}", prefix(field.kind)), title))
                .collect();
            spec["location"] = json!("_links");
            spec["_links"] = json!({ "allowedValues": links });
        }
        schema[key(field)] = spec;
    }
}

/// Adds the values of `wp` to its representation (or a form's payload): members to `body`,
/// links to `body["_links"]`.
pub fn show(data: &Data, wp: &WorkPackage, body: &mut Value) {
    let Some(project) = data.project(wp.project).filter(|p| p.cost_centre_field) else {
        return;
    };
    for field in &FIELDS {
        let stored = wp.custom.get(&field.number);
        if is_link(field.kind) {
            let choices = allowed(data, project, field);
            let links: Vec<Value> = stored
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_u64)
                .map(|id| {
                    let title = choices
                        .iter()
                        .find(|(c, _)| *c == id)
                        .map_or_else(String::new, |(_, t)| t.clone());
                    link(format!("{}{id}", prefix(field.kind)), title)
                })
                .collect();
            body["_links"][key(field)] = if field.multi {
                Value::Array(links)
            } else {
                links
                    .into_iter()
                    .next()
                    .unwrap_or_else(|| json!({ "href": null }))
            };
        } else {
            body[key(field)] = match (field.kind, stored) {
                (Kind::Formattable, stored) => {
                    formattable("markdown", stored.and_then(Value::as_str).unwrap_or(""))
                }
                (_, Some(value)) => value.clone(),
                (_, None) => Value::Null,
            };
        }
    }
}

/// Writes the fields `body` sends into `wp`; what cannot be written is reported per field. A
/// new work package must have a value for each field its type requires.
pub fn apply(
    data: &Data,
    wp: &mut WorkPackage,
    body: &Map<String, Value>,
    creating: bool,
    errors: &mut Vec<ApiError>,
) {
    let Some(project) = data.project(wp.project).filter(|p| p.cost_centre_field) else {
        return;
    };
    let links = body.get("_links").and_then(Value::as_object);
    for field in &FIELDS {
        let key = key(field);
        let sent = if is_link(field.kind) {
            links.and_then(|l| l.get(&key))
        } else {
            body.get(&key)
        };
        let Some(sent) = sent else {
            if creating && field.required(wp.type_id) && !wp.custom.contains_key(&field.number) {
                errors.push(blank(field));
            }
            continue;
        };
        match read(data, project, field, sent) {
            Ok(None) if field.required(wp.type_id) => {
                errors.push(blank(field));
            }
            Ok(None) => {
                wp.custom.remove(&field.number);
            }
            Ok(Some(value)) => {
                wp.custom.insert(field.number, value);
            }
            Err(message) => errors.push(ApiError::violation(&key, message)),
        }
    }
}

fn blank(field: &Definition) -> ApiError {
    ApiError::violation(&key(field), format!("{} can't be blank.", field.name))
}

/// What changed between `old` and `new`, named as the field is, for the journal
/// (`write::describe_changes` words it): values for people as (name, from, to), and the names of
/// formattable fields whose text changed (journalled without their text, as the description is).
pub type Changes = (
    Vec<(&'static str, Option<String>, Option<String>)>,
    Vec<&'static str>,
);

pub fn changes(data: &Data, old: &WorkPackage, new: &WorkPackage) -> Changes {
    let mut values = Vec::new();
    let mut texts = Vec::new();
    let Some(project) = data.project(new.project).filter(|p| p.cost_centre_field) else {
        return (values, texts);
    };
    let text = |field: &Definition, wp: &WorkPackage| -> Option<String> {
        let stored = wp.custom.get(&field.number)?;
        Some(match field.kind {
            Kind::Option | Kind::User | Kind::Version => {
                let choices = allowed(data, project, field);
                let names: Vec<String> = stored
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_u64)
                    .map(|id| {
                        choices
                            .iter()
                            .find(|(c, _)| *c == id)
                            .map_or_else(|| format!("#{id}"), |(_, name)| name.clone())
                    })
                    .collect();
                names.join(", ")
            }
            _ => match stored {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            },
        })
    };
    for field in &FIELDS {
        if field.kind == Kind::Formattable {
            if old.custom.get(&field.number) != new.custom.get(&field.number) {
                texts.push(field.name);
            }
        } else {
            values.push((field.name, text(field, old), text(field, new)));
        }
    }
    (values, texts)
}

/// The stored form of a sent value: `None` for empty, plain JSON for simple kinds, the raw text
/// of formattable ones, and an array of ids for links.
fn read(
    data: &Data,
    project: &Project,
    field: &Definition,
    sent: &Value,
) -> Result<Option<Value>, String> {
    let name = field.name;
    if sent.is_null() {
        return Ok(None);
    }
    let value = match field.kind {
        Kind::Formattable => {
            let raw = sent
                .get("raw")
                .and_then(Value::as_str)
                .ok_or(format!("{name} must be an object with a raw string."))?;
            return Ok((!raw.is_empty()).then(|| json!(raw)));
        }
        Kind::Integer => sent
            .as_i64()
            .map(|n| json!(n))
            .ok_or(format!("{name} is not a number.")),
        Kind::Float => sent
            .as_f64()
            .map(|n| json!(n))
            .ok_or(format!("{name} is not a number.")),
        Kind::Boolean => sent
            .as_bool()
            .map(|b| json!(b))
            .ok_or(format!("{name} must be true or false.")),
        Kind::Date => sent
            .as_str()
            .filter(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok())
            .map(|s| json!(s))
            .ok_or(format!("{name} is not a valid date.")),
        Kind::Option | Kind::User | Kind::Version => {
            let sent_links: Vec<&Value> = match (field.multi, sent) {
                (true, Value::Array(items)) => items.iter().collect(),
                (false, Value::Object(_)) => vec![sent],
                _ => return Err(format!("{name} must be a link.")),
            };
            let choices = allowed(data, project, field);
            let mut ids = Vec::new();
            for sent_link in sent_links {
                let href = &sent_link["href"];
                if href.is_null() {
                    continue;
                }
                let id = href
                    .as_str()
                    .and_then(|h| h.strip_prefix(prefix(field.kind)))
                    .and_then(|rest| rest.parse::<u64>().ok())
                    .filter(|id| choices.iter().any(|(c, _)| c == id))
                    .ok_or(format!("{name} is not set to one of the allowed values."))?;
                ids.push(id);
            }
            return Ok((!ids.is_empty()).then(|| json!(ids)));
        }
    }?;
    Ok(Some(value))
}
