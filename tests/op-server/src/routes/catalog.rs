//! Read-only reference data: root, configuration, users, projects, statuses, types, priorities, versions,
//! categories.

use super::{params, parse_id};
use crate::AppState;
use crate::auth::Caller;
use crate::errors::{ApiError, ApiResult};
use crate::hal::{self, href, ok};
use crate::paging::{paged_collection, parse_page};
use crate::state::{Data, Project};
use axum::extract::{Path, RawQuery, State};
use axum::{Extension, response::Response};
use serde_json::{Value, json};

pub async fn root(State(state): State<AppState>, Extension(caller): Extension<Caller>) -> Response {
    let store = state.lock();
    let user_title = caller
        .user_id()
        .and_then(|id| store.data.user(id))
        .map_or_else(|| "Anonymous".to_owned(), crate::state::User::name);
    ok(&json!({
        "_type": "Root",
        "instanceName": "Tafel test server",
        "coreVersion": "17.0.0",
        "_links": {
            "self": hal::link("/api/v3", "Tafel test server"),
            "configuration": href("/api/v3/configuration"),
            "memberships": href("/api/v3/memberships"),
            "priorities": href("/api/v3/priorities"),
            "relations": href("/api/v3/relations"),
            "statuses": href("/api/v3/statuses"),
            "time_entries": href("/api/v3/time_entries"),
            "types": href("/api/v3/types"),
            "user": hal::link(format!("/api/v3/users/{}", caller.user_id().unwrap_or(2)), user_title),
            "userPreferences": href("/api/v3/my_preferences"),
            "workPackages": href("/api/v3/work_packages"),
            "projects": href("/api/v3/projects"),
        },
    }))
}

pub async fn configuration(State(state): State<AppState>) -> Response {
    let max = state.options.max_page_size;
    let mut steps: Vec<usize> = [20, 100, 1000].into_iter().filter(|s| *s <= max).collect();
    if steps.is_empty() {
        steps.push(max);
    }
    ok(&json!({
        "_type": "Configuration",
        "maximumAttachmentFileSize": 5_242_880,
        "perPageOptions": steps,
        "hostName": "localhost",
        "durationFormat": "days_and_hours",
        "activeFeatureFlags": [],
        "_links": { "self": href("/api/v3/configuration") },
    }))
}

pub async fn user(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult {
    let store = state.lock();
    let id = if id == "me" {
        match caller.user_id() {
            Some(id) => id,
            None => return Ok(ok(&hal::anonymous_user())),
        }
    } else {
        parse_id(&id)?
    };
    let user = store.data.user(id).ok_or_else(ApiError::not_found)?;
    Ok(ok(&hal::user(user)))
}

pub async fn projects(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    RawQuery(query): RawQuery,
) -> ApiResult {
    let params = params(query);
    let page = parse_page(&params, state.options.max_page_size)?;
    let store = state.lock();
    let all = store
        .data
        .projects
        .iter()
        .map(|p| hal::project(p, caller.can_write()))
        .collect();
    Ok(ok(&paged_collection("/api/v3/projects", &[], page, all)))
}

pub async fn project(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(key): Path<String>,
) -> ApiResult {
    let store = state.lock();
    let project = store
        .data
        .project_by_key(&key)
        .ok_or_else(ApiError::not_found)?;
    Ok(ok(&hal::project(project, caller.can_write())))
}

/// One kind of a project's own resources (`what`: types, versions, categories), not paged, like
/// OpenProject's: every one of them.
fn project_list(
    state: &AppState,
    key: &str,
    what: &str,
    elements: impl FnOnce(&Data, &Project) -> Vec<Value>,
) -> ApiResult {
    let store = state.lock();
    let data = &store.data;
    let project = data.project_by_key(key).ok_or_else(ApiError::not_found)?;
    Ok(ok(&hal::collection(
        &format!("/api/v3/projects/{}/{what}", project.id),
        elements(data, project),
    )))
}

pub async fn project_types(State(state): State<AppState>, Path(key): Path<String>) -> ApiResult {
    project_list(&state, &key, "types", |data, project| {
        data.types
            .iter()
            .filter(|t| project.types.contains(&t.id))
            .map(hal::wp_type)
            .collect()
    })
}

pub async fn project_versions(State(state): State<AppState>, Path(key): Path<String>) -> ApiResult {
    project_list(&state, &key, "versions", |data, project| {
        data.versions
            .iter()
            .filter(|v| v.project == project.id)
            .map(|v| hal::version(v, data))
            .collect()
    })
}

pub async fn project_categories(
    State(state): State<AppState>,
    Path(key): Path<String>,
) -> ApiResult {
    project_list(&state, &key, "categories", |data, project| {
        data.categories
            .iter()
            .filter(|c| c.project == project.id)
            .map(|c| hal::category(c, data))
            .collect()
    })
}

pub async fn available_assignees(
    State(state): State<AppState>,
    Path(key): Path<String>,
) -> ApiResult {
    let store = state.lock();
    let data = &store.data;
    let project = data.project_by_key(&key).ok_or_else(ApiError::not_found)?;
    let users = project
        .members
        .iter()
        .filter_map(|id| data.user(*id))
        .map(hal::user)
        .collect();
    Ok(ok(&hal::collection(
        &format!("/api/v3/projects/{}/available_assignees", project.id),
        users,
    )))
}

pub async fn statuses(State(state): State<AppState>) -> Response {
    let store = state.lock();
    ok(&hal::collection(
        "/api/v3/statuses",
        store.data.statuses.iter().map(hal::status).collect(),
    ))
}

pub async fn status(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult {
    let store = state.lock();
    let status = store
        .data
        .status(parse_id(&id)?)
        .ok_or_else(ApiError::not_found)?;
    Ok(ok(&hal::status(status)))
}

pub async fn types(State(state): State<AppState>) -> Response {
    let store = state.lock();
    ok(&hal::collection(
        "/api/v3/types",
        store.data.types.iter().map(hal::wp_type).collect(),
    ))
}

pub async fn wp_type(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult {
    let store = state.lock();
    let t = store
        .data
        .wp_type(parse_id(&id)?)
        .ok_or_else(ApiError::not_found)?;
    Ok(ok(&hal::wp_type(t)))
}

pub async fn priorities(State(state): State<AppState>) -> Response {
    let store = state.lock();
    ok(&hal::collection(
        "/api/v3/priorities",
        store.data.priorities.iter().map(hal::priority).collect(),
    ))
}

pub async fn priority(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult {
    let store = state.lock();
    let p = store
        .data
        .priority(parse_id(&id)?)
        .ok_or_else(ApiError::not_found)?;
    Ok(ok(&hal::priority(p)))
}

pub async fn version(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult {
    let store = state.lock();
    let v = store
        .data
        .version(parse_id(&id)?)
        .ok_or_else(ApiError::not_found)?;
    Ok(ok(&hal::version(v, &store.data)))
}

pub async fn category(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult {
    let store = state.lock();
    let c = store
        .data
        .category(parse_id(&id)?)
        .ok_or_else(ApiError::not_found)?;
    Ok(ok(&hal::category(c, &store.data)))
}
