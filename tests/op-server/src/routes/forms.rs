//! Forms (validate a change without saving it) and the work package schema endpoint.

use super::work_packages::{blank, check_lock, project_from_body};
use super::{json_body, parse_id};
use crate::AppState;
use crate::auth::Caller;
use crate::errors::{ApiError, ApiResult};
use crate::hal::{self, action, href, link, ok};
use crate::schema::work_package_schema;
use crate::state::{Data, WorkPackage};
use crate::write;
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use serde_json::{Map, Value, json};

/// The writable representation of `wp`; clients may send it back as a request body unchanged.
fn payload(data: &Data, wp: &WorkPackage, with_lock: bool) -> Value {
    let opt = |href: Option<String>| json!({ "href": href });
    let mut body = json!({
        "subject": wp.subject,
        "description": { "format": "markdown", "raw": wp.description },
        "scheduleManually": true,
        "estimatedTime": hal::hours(wp.estimated_hours),
        "percentageDone": wp.percentage_done,
        "_links": {
            "project": link(format!("/api/v3/projects/{}", wp.project), data.project(wp.project).map_or("", |p| p.name)),
            "type": href(format!("/api/v3/types/{}", wp.type_id)),
            "status": href(format!("/api/v3/statuses/{}", wp.status)),
            "priority": href(format!("/api/v3/priorities/{}", wp.priority)),
            "assignee": opt(wp.assignee.map(|id| format!("/api/v3/users/{id}"))),
            "responsible": opt(wp.responsible.map(|id| format!("/api/v3/users/{id}"))),
            "version": opt(wp.version.map(|id| format!("/api/v3/versions/{id}"))),
            "parent": opt(wp.parent.map(|id| format!("/api/v3/work_packages/{id}"))),
            "category": opt(wp.category.map(|id| format!("/api/v3/categories/{id}"))),
        },
    });
    if with_lock {
        body["lockVersion"] = json!(wp.lock_version);
    }
    if data.is_milestone(wp.type_id) {
        body["date"] = hal::date(wp.start_date);
    } else {
        body["startDate"] = hal::date(wp.start_date);
        body["dueDate"] = hal::date(wp.due_date);
    }
    if data
        .project(wp.project)
        .is_some_and(|p| p.cost_centre_field)
    {
        body["customField1"] = json!(wp.cost_centre);
    }
    crate::custom_fields::show(data, wp, &mut body);
    body
}

struct FormParts<'a> {
    form_href: String,
    commit: (String, &'static str),
    status_from: u64,
    with_lock: bool,
    errors: Vec<ApiError>,
    candidate: &'a WorkPackage,
}

fn form(data: &Data, parts: FormParts<'_>) -> Value {
    let project = data
        .project(parts.candidate.project)
        .unwrap_or(&data.projects[0]);
    let mut validation = Map::new();
    for error in parts.errors {
        let key = error.attribute.clone().unwrap_or_else(|| "base".to_owned());
        validation.insert(key, error.to_json());
    }
    let mut links = json!({
        "self": action(&parts.form_href, "post"),
        "validate": action(&parts.form_href, "post"),
        "previewMarkup": action("/api/v3/render/markdown", "post"),
    });
    if validation.is_empty() {
        links["commit"] = action(parts.commit.0, parts.commit.1);
    }
    json!({
        "_type": "Form",
        "_embedded": {
            "payload": payload(data, parts.candidate, parts.with_lock),
            "schema": work_package_schema(data, project, parts.candidate.type_id, Some(parts.status_from)),
            "validationErrors": validation,
        },
        "_links": links,
    })
}

pub async fn edit_form(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    caller.require_write()?;
    let body = json_body(&headers, &body)?;
    let store = state.lock();
    let data = &store.data;
    let current = data
        .work_package(parse_id(&id)?)
        .ok_or_else(ApiError::not_found)?;
    check_lock(&body, current, false)?;
    let applied = write::apply(data, current, &body, false);
    let self_href = format!("/api/v3/work_packages/{}", current.id);
    Ok(ok(&form(
        data,
        FormParts {
            form_href: format!("{self_href}/form"),
            commit: (self_href, "patch"),
            status_from: current.status,
            with_lock: true,
            errors: applied.errors,
            candidate: &applied.work_package,
        },
    )))
}

fn create_form(
    state: &AppState,
    caller: Caller,
    project: Option<&str>,
    headers: &HeaderMap,
    body: &Bytes,
) -> ApiResult {
    let user = caller.require_write()?;
    let body = json_body(headers, body)?;
    let store = state.lock();
    let data = &store.data;
    let (project_id, project_error, form_href, commit_href) = if let Some(key) = project {
        let p = data.project_by_key(key).ok_or_else(ApiError::not_found)?;
        let base = format!("/api/v3/projects/{}/work_packages", p.id);
        (p.id, None, format!("{base}/form"), base)
    } else {
        // Without a project the form still answers, with the first project's schema and an error.
        let found = project_from_body(data, &body);
        (
            found.as_ref().map_or(data.projects[0].id, |id| *id),
            found.err(),
            "/api/v3/work_packages/form".to_owned(),
            "/api/v3/work_packages".to_owned(),
        )
    };
    let base = blank(data, project_id, user);
    let mut applied = write::apply(data, &base, &body, true);
    applied.errors.extend(project_error);
    Ok(ok(&form(
        data,
        FormParts {
            form_href,
            commit: (commit_href, "post"),
            status_from: data.default_status().id,
            with_lock: false,
            errors: applied.errors,
            candidate: &applied.work_package,
        },
    )))
}

pub async fn create_form_in_project(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(key): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    create_form(&state, caller, Some(&key), &headers, &body)
}

pub async fn create_form_anywhere(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    create_form(&state, caller, None, &headers, &body)
}

/// `GET /api/v3/work_packages/schemas/{project}-{type}`.
pub async fn schema(State(state): State<AppState>, Path(identifier): Path<String>) -> ApiResult {
    let store = state.lock();
    let data = &store.data;
    let (project, type_id) = identifier
        .split_once('-')
        .and_then(|(p, t)| Some((p.parse::<u64>().ok()?, t.parse::<u64>().ok()?)))
        .ok_or_else(ApiError::not_found)?;
    let project = data.project(project).ok_or_else(ApiError::not_found)?;
    if !project.types.contains(&type_id) {
        return Err(ApiError::not_found());
    }
    Ok(ok(&work_package_schema(data, project, type_id, None)))
}
