//! Work package list, read, update (optimistic locking), create and delete.

use super::{json_body, params, parse_id};
use crate::AppState;
use crate::auth::Caller;
use crate::errors::{ApiError, ApiResult};
use crate::filters::{self, Filter};
use crate::hal::{self, ok};
use crate::paging::{self, paged_collection, parse_page};
use crate::state::{Data, WorkPackage};
use crate::write;
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use serde_json::{Map, Value};

/// The projects a project's list covers: its own work packages, and with a `subprojectId` filter
/// those of all its subprojects (`*`), of none (`!*`, as without it), of those named (`=`) or of all
/// but those named (`!`), as OpenProject's "including subproject" filter.
fn subproject_scope(data: &Data, project: u64, filters: &[Filter]) -> Vec<u64> {
    let below = || data.project_tree(project).into_iter().skip(1);
    let Some(filter) = filters
        .iter()
        .find(|f| filters::spec(&f.name).is_some_and(|s| s.name == "subprojectId"))
    else {
        return vec![project];
    };
    let named = |id: &u64| filter.values.iter().any(|v| v == &id.to_string());
    let chosen: Vec<u64> = match filter.operator.as_str() {
        "*" => below().collect(),
        "=" => below().filter(named).collect(),
        "!" => below().filter(|id| !named(id)).collect(),
        _ => Vec::new(),
    };
    std::iter::once(project).chain(chosen).collect()
}

fn list(
    state: &AppState,
    caller: Caller,
    query: Option<String>,
    project: Option<&str>,
) -> ApiResult {
    let params = params(query);
    let raw_filters = paging::param(&params, "filters");
    let raw_sort = paging::param(&params, "sortBy");
    let filters = filters::parse_filters(raw_filters)?;
    let order = filters::parse_sort(raw_sort)?;
    let page = parse_page(&params, state.options.max_page_size)?;
    let store = state.lock();
    let data = &store.data;
    let (path, scope) = match project {
        Some(key) => {
            let p = data.project_by_key(key).ok_or_else(ApiError::not_found)?;
            (
                format!("/api/v3/projects/{}/work_packages", p.id),
                Some(subproject_scope(data, p.id, &filters)),
            )
        }
        None => ("/api/v3/work_packages".to_owned(), None),
    };
    let mut hits: Vec<&WorkPackage> = data
        .work_packages
        .iter()
        .filter(|wp| scope.as_ref().is_none_or(|s| s.contains(&wp.project)))
        .filter(|wp| {
            filters
                .iter()
                .all(|f: &Filter| filters::matches(data, wp, f, caller))
        })
        .collect();
    filters::sort(data, &mut hits, &order);
    let all = hits
        .into_iter()
        .map(|wp| hal::work_package(data, wp, caller.user_id()))
        .collect();
    let mut carried = Vec::new();
    if let Some(f) = raw_filters {
        carried.push(("filters", f.to_owned()));
    }
    if let Some(s) = raw_sort {
        carried.push(("sortBy", s.to_owned()));
    }
    Ok(ok(&paged_collection(&path, &carried, page, all)))
}

pub async fn list_all(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    RawQuery(query): RawQuery,
) -> ApiResult {
    list(&state, caller, query, None)
}

pub async fn list_in_project(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(key): Path<String>,
    RawQuery(query): RawQuery,
) -> ApiResult {
    list(&state, caller, query, Some(&key))
}

pub async fn show(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult {
    let store = state.lock();
    let wp = store
        .data
        .work_package(parse_id(&id)?)
        .ok_or_else(ApiError::not_found)?;
    Ok(ok(&hal::work_package(&store.data, wp, caller.user_id())))
}

/// Checks the client's `lockVersion` against the stored one: missing is 422, stale is 409.
pub fn check_lock(
    body: &Map<String, Value>,
    current: &WorkPackage,
    required: bool,
) -> ApiResult<()> {
    match body.get("lockVersion") {
        None if required => Err(ApiError::property(
            "PropertyMissingError",
            "lockVersion",
            "The property lockVersion is required but was not sent.",
        )),
        None => Ok(()),
        Some(v) => match v.as_i64() {
            Some(n) if n == current.lock_version => Ok(()),
            Some(_) => Err(ApiError::update_conflict()),
            None => Err(ApiError::property(
                "PropertyFormatError",
                "lockVersion",
                "lockVersion must be an integer.",
            )),
        },
    }
}

pub async fn update(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let user = caller.require_write()?;
    let body = json_body(&headers, &body)?;
    let mut store = state.lock();
    let data = &mut store.data;
    let current = data
        .work_package(parse_id(&id)?)
        .cloned()
        .ok_or_else(ApiError::not_found)?;
    check_lock(&body, &current, true)?;
    let applied = write::apply(data, &current, &body, false);
    if let Some(error) = ApiError::combine(applied.errors) {
        return Err(error);
    }
    let mut next = applied.work_package;
    let details = write::describe_changes(data, &current, &next);
    next.lock_version += 1;
    next.updated_at = data.tick();
    if !details.is_empty() {
        data.add_activity(current.id, user, String::new(), details);
    }
    if let Some(slot) = data.work_package_mut(current.id) {
        *slot = next;
    }
    let wp = data.work_package(current.id).expect("just stored");
    Ok(ok(&hal::work_package(data, wp, Some(user))))
}

/// The blank work package a create request or create form starts from.
pub fn blank(data: &Data, project: u64, author: u64) -> WorkPackage {
    let types = data
        .project(project)
        .map(|p| p.types.clone())
        .unwrap_or_default();
    let type_id = data
        .types
        .iter()
        .filter(|t| types.contains(&t.id))
        .find(|t| t.is_default)
        .or_else(|| data.types.iter().find(|t| types.contains(&t.id)))
        .map_or(1, |t| t.id);
    WorkPackage {
        id: Data::next_id(&data.work_packages, |w| w.id),
        project,
        subject: String::new(),
        description: String::new(),
        type_id,
        status: data.default_status().id,
        priority: data.default_priority().id,
        author,
        assignee: None,
        responsible: None,
        version: None,
        category: None,
        parent: None,
        start_date: None,
        due_date: None,
        percentage_done: Some(0),
        estimated_hours: None,
        cost_centre: None,
        custom: std::collections::BTreeMap::new(),
        schedule_manually: false,
        lock_version: 0,
        created_at: data.clock,
        updated_at: data.clock,
    }
}

/// The project a create body names in `_links.project`, for the routes without a project in the path.
pub fn project_from_body(data: &Data, body: &Map<String, Value>) -> ApiResult<u64> {
    let href = body
        .get("_links")
        .and_then(|l| l.get("project"))
        .and_then(|p| p.get("href"))
        .and_then(Value::as_str);
    href.and_then(|h| h.strip_prefix("/api/v3/projects/"))
        .and_then(|key| data.project_by_key(key))
        .map(|p| p.id)
        .ok_or_else(|| ApiError::violation("project", "Project can't be blank."))
}

fn create(
    state: &AppState,
    caller: Caller,
    project: Option<&str>,
    headers: &HeaderMap,
    body: &Bytes,
) -> ApiResult {
    let user = caller.require_write()?;
    let body = json_body(headers, body)?;
    let mut store = state.lock();
    let data = &mut store.data;
    let project = match project {
        Some(key) => data.project_by_key(key).ok_or_else(ApiError::not_found)?.id,
        None => project_from_body(data, &body)?,
    };
    let now = data.tick();
    let base = blank(data, project, user);
    let applied = write::apply(data, &base, &body, true);
    if let Some(error) = ApiError::combine(applied.errors) {
        return Err(error);
    }
    let mut wp = applied.work_package;
    wp.created_at = now;
    wp.updated_at = now;
    let id = wp.id;
    data.work_packages.push(wp);
    data.add_activity(id, user, String::new(), Vec::new());
    let wp = data.work_package(id).expect("just stored");
    // The official description documents 200 (not 201) for creating a work package.
    Ok(ok(&hal::work_package(data, wp, Some(user))))
}

pub async fn create_in_project(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(key): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    create(&state, caller, Some(&key), &headers, &body)
}

pub async fn create_anywhere(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    create(&state, caller, None, &headers, &body)
}

/// Deleting removes the descendants too, and every relation and journal entry of the removed ones.
pub async fn delete(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult {
    caller.require_write()?;
    let id = parse_id(&id)?;
    let mut store = state.lock();
    let data = &mut store.data;
    if data.work_package(id).is_none() {
        return Err(ApiError::not_found());
    }
    let mut gone = data.descendants(id);
    gone.push(id);
    data.work_packages.retain(|w| !gone.contains(&w.id));
    data.relations
        .retain(|r| !gone.contains(&r.from) && !gone.contains(&r.to));
    data.activities.retain(|a| !gone.contains(&a.work_package));
    data.watchers.retain(|(wp, _)| !gone.contains(wp));
    data.attachments.retain(|a| !gone.contains(&a.work_package));
    Ok(StatusCode::NO_CONTENT.into_response())
}
