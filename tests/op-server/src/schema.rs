//! Work package schemas (`/work_packages/schemas/{project}-{type}`) and the schema inside forms.

use crate::hal::{self, href};
use crate::state::{Data, Project};
use crate::workflow;
use serde_json::{Value, json};

fn field(kind: &str, name: &str, required: bool, writable: bool) -> Value {
    json!({
        "type": kind,
        "name": name,
        "required": required,
        "hasDefault": false,
        "writable": writable,
    })
}

/// A `_links` field whose allowed values are embedded in full and listed as links.
fn linked_field(kind: &str, name: &str, required: bool, allowed: &[Value]) -> Value {
    let links: Vec<Value> = allowed
        .iter()
        .map(|v| v["_links"]["self"].clone())
        .collect();
    let mut f = field(kind, name, required, true);
    f["location"] = json!("_links");
    f["hasDefault"] = json!(required);
    f["_embedded"] = json!({ "allowedValues": allowed });
    f["_links"] = json!({ "allowedValues": links });
    f
}

/// `status_from`: `Some(current)` inside a form (statuses reachable by the workflow), `None` for the
/// standalone schema, which lists every status.
pub fn work_package_schema(
    data: &Data,
    project: &Project,
    type_id: u64,
    status_from: Option<u64>,
) -> Value {
    let milestone = data.is_milestone(type_id);
    let statuses: Vec<Value> = match status_from {
        Some(from) => workflow::allowed_statuses(data, from)
            .into_iter()
            .map(hal::status)
            .collect(),
        None => data.statuses.iter().map(hal::status).collect(),
    };
    let types: Vec<Value> = data
        .types
        .iter()
        .filter(|t| project.types.contains(&t.id))
        .map(hal::wp_type)
        .collect();
    let versions: Vec<Value> = data
        .versions
        .iter()
        .filter(|v| v.project == project.id && v.status == "open")
        .map(|v| hal::version(v, data))
        .collect();
    let categories: Vec<Value> = data
        .categories
        .iter()
        .filter(|c| c.project == project.id)
        .map(|c| hal::category(c, data))
        .collect();
    let assignees =
        json!({ "href": format!("/api/v3/projects/{}/available_assignees", project.id) });
    let mut subject = field("String", "Subject", true, true);
    subject["minLength"] = json!(1);
    subject["maxLength"] = json!(255);
    let user_field = |name: &str| {
        let mut f = field("User", name, false, true);
        f["location"] = json!("_links");
        f["_links"] = json!({ "allowedValues": assignees.clone() });
        f
    };
    let mut schema = json!({
        "_type": "Schema",
        "_dependencies": [],
        "lockVersion": field("Integer", "Resource Version", true, false),
        "id": field("Integer", "ID", true, false),
        "subject": subject,
        "description": field("Formattable", "Description", false, true),
        "scheduleManually": field("Boolean", "Manual scheduling", false, true),
        "duration": field("Duration", "Duration", false, !milestone),
        "ignoreNonWorkingDays": field("Boolean", "Working days only", false, false),
        "derivedStartDate": field("Date", "Derived start date", false, false),
        "derivedDueDate": field("Date", "Derived finish date", false, false),
        "estimatedTime": field("Duration", "Work", false, true),
        "derivedEstimatedTime": field("Duration", "Derived work", false, false),
        "percentageDone": field("Integer", "% Complete", false, true),
        "createdAt": field("DateTime", "Created on", true, false),
        "updatedAt": field("DateTime", "Updated on", true, false),
        "author": field("User", "Author", true, false),
        "project": linked_field("Project", "Project", true, &[hal::project(project, false)]),
        "parent": field("WorkPackage", "Parent", false, true),
        "assignee": user_field("Assignee"),
        "responsible": user_field("Accountable"),
        "type": linked_field("Type", "Type", true, &types),
        "status": linked_field("Status", "Status", true, &statuses),
        "priority": linked_field("Priority", "Priority", true, &data.priorities.iter().map(hal::priority).collect::<Vec<_>>()),
        "version": linked_field("Version", "Version", false, &versions),
        "category": linked_field("Category", "Category", false, &categories),
        "_links": { "self": href(format!("/api/v3/work_packages/schemas/{}-{type_id}", project.id)) },
    });
    schema["parent"]["location"] = json!("_links");
    if milestone {
        schema["date"] = field("Date", "Date", false, true);
    } else {
        schema["startDate"] = field("Date", "Start date", false, true);
        schema["dueDate"] = field("Date", "Finish date", false, true);
    }
    if project.cost_centre_field {
        let mut cost_centre = field("String", "Cost centre", false, true);
        cost_centre["maxLength"] = json!(255);
        schema["customField1"] = cost_centre;
    }
    crate::custom_fields::describe(data, project, type_id, &mut schema);
    schema
}
