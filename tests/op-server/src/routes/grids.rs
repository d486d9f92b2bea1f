//! Grids: OpenProject keeps "My page" and every project board as a grid on a page (`scope`). Boards
//! live on `/projects/{identifier}/boards`; their settings are in `options`, which this server keeps
//! as given. Listing by `scope` (or the documented `page`) filter, create, show, update, delete.

use super::{json_body, params, parse_id};
use crate::AppState;
use crate::auth::Caller;
use crate::errors::{ApiError, ApiResult};
use crate::filters::parse_listed;
use crate::hal::{self, ok};
use crate::paging;
use crate::state::{Data, Grid};
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use serde_json::{Map, Value, json};

fn representation(grid: &Grid) -> Value {
    let me = format!("/api/v3/grids/{}", grid.id);
    json!({
        "_type": "Grid",
        "id": grid.id,
        "name": grid.name,
        "rowCount": grid.row_count,
        "columnCount": grid.column_count,
        "widgets": grid.widgets,
        "options": grid.options,
        "createdAt": hal::datetime(grid.created_at),
        "updatedAt": hal::datetime(grid.updated_at),
        "_links": {
            "self": hal::href(me.clone()),
            "scope": hal::href(grid.scope.clone()),
            "updateImmediately": hal::action(me.clone(), "patch"),
            "delete": hal::action(me, "delete"),
        },
    })
}

/// Only board pages of projects that exist: `/projects/{identifier or id}/boards`.
fn valid_scope(data: &Data, scope: &str) -> bool {
    scope
        .strip_prefix("/projects/")
        .and_then(|rest| rest.strip_suffix("/boards"))
        .is_some_and(|key| data.project_by_key(key).is_some())
}

/// `filters=[{"scope":{"operator":"=","values":["/projects/city-portal/boards"]}}]`.
pub async fn list(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    RawQuery(query): RawQuery,
) -> ApiResult {
    let _ = caller;
    let params = params(query);
    let page = paging::parse_page(&params, state.options.max_page_size)?;
    let raw_filters = paging::param(&params, "filters");
    let mut scopes: Option<Vec<String>> = None;
    if let Some(raw) = raw_filters {
        const EQUALS: &[&str] = &["="];
        for filter in parse_listed(raw, &[("scope", EQUALS), ("page", EQUALS)])? {
            scopes = Some(filter.values);
        }
    }
    let store = state.lock();
    let elements = store
        .data
        .grids
        .iter()
        .filter(|g| scopes.as_ref().is_none_or(|s| s.contains(&g.scope)))
        .map(representation)
        .collect();
    // The grid collection is paginated, as OpenProject's is.
    let carried: Vec<(&str, String)> = raw_filters
        .map(|f| vec![("filters", f.to_owned())])
        .unwrap_or_default();
    Ok(ok(&paging::paged_collection(
        "/api/v3/grids",
        &carried,
        page,
        elements,
    )))
}

pub async fn show(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult {
    let id = parse_id(&id)?;
    let store = state.lock();
    let grid = store
        .data
        .grids
        .iter()
        .find(|g| g.id == id)
        .ok_or_else(ApiError::not_found)?;
    Ok(ok(&representation(grid)))
}

/// Takes what the body sets: name, options, widgets, row and column counts.
fn apply(body: &Map<String, Value>, grid: &mut Grid) -> ApiResult<()> {
    if let Some(name) = body.get("name") {
        let name = name
            .as_str()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .ok_or_else(|| ApiError::violation("name", "Name can't be blank."))?;
        name.clone_into(&mut grid.name);
    }
    if let Some(options) = body.get("options") {
        if !options.is_object() {
            return Err(ApiError::violation("options", "Options must be an object."));
        }
        grid.options = options.clone();
    }
    if let Some(widgets) = body.get("widgets") {
        grid.widgets = widgets
            .as_array()
            .cloned()
            .ok_or_else(|| ApiError::violation("widgets", "Widgets must be a list."))?;
    }
    for (key, slot) in [
        ("rowCount", &mut grid.row_count),
        ("columnCount", &mut grid.column_count),
    ] {
        if let Some(value) = body.get(key) {
            *slot = value
                .as_u64()
                .filter(|n| *n >= 1)
                .ok_or_else(|| ApiError::violation(key, "Must be a whole number of at least 1."))?;
        }
    }
    Ok(())
}

pub async fn create(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    caller.require_write()?;
    let body = json_body(&headers, &body)?;
    let scope = body
        .get("_links")
        .and_then(|l| l.get("scope"))
        .and_then(|s| s.get("href"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let mut store = state.lock();
    let data = &mut store.data;
    if !valid_scope(data, &scope) {
        return Err(ApiError::violation(
            "scope",
            "Scope is not set to one of the allowed values.",
        ));
    }
    let now = data.tick();
    let mut grid = Grid {
        id: data.grids.iter().map(|g| g.id).max().unwrap_or(0) + 1,
        name: String::new(),
        scope,
        options: json!({}),
        widgets: Vec::new(),
        row_count: 1,
        column_count: 1,
        created_at: now,
        updated_at: now,
    };
    apply(&body, &mut grid)?;
    if grid.name.is_empty() {
        return Err(ApiError::violation("name", "Name can't be blank."));
    }
    let body = representation(&grid);
    data.grids.push(grid);
    Ok(hal::response(StatusCode::CREATED, &body))
}

pub async fn update(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    caller.require_write()?;
    let body = json_body(&headers, &body)?;
    let id = parse_id(&id)?;
    let mut store = state.lock();
    let data = &mut store.data;
    let at = data
        .grids
        .iter()
        .position(|g| g.id == id)
        .ok_or_else(ApiError::not_found)?;
    let mut grid = data.grids[at].clone();
    apply(&body, &mut grid)?;
    grid.updated_at = data.tick();
    let body = representation(&grid);
    data.grids[at] = grid;
    Ok(ok(&body))
}

pub async fn delete(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult {
    caller.require_write()?;
    let id = parse_id(&id)?;
    let mut store = state.lock();
    let before = store.data.grids.len();
    store.data.grids.retain(|g| g.id != id);
    if store.data.grids.len() == before {
        return Err(ApiError::not_found());
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}
