//! Saved queries, as far as boards use them: list (by project), create, show, delete, and the manual
//! order of work packages. The order endpoint (`/queries/{id}/order`, a map of work package id to
//! position, changed by a `delta`) is OpenProject's, though the official description leaves it out.

use super::{json_body, params, parse_id};
use crate::AppState;
use crate::auth::Caller;
use crate::errors::{ApiError, ApiResult};
use crate::filters::parse_listed;
use crate::hal::{self, ok};
use crate::paging;
use crate::state::{Data, Query};
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use serde_json::{Map, Value, json};

fn visible(query: &Query, caller: Caller) -> bool {
    query.public || caller.user_id() == Some(query.user)
}

fn representation(query: &Query, data: &Data) -> Value {
    let project = query.project.and_then(|id| data.project(id));
    let owner = data.user(query.user);
    let results = project.map_or_else(
        || format!("/api/v3/work_packages?query_id={}", query.id),
        |p| {
            format!(
                "/api/v3/projects/{}/work_packages?query_id={}",
                p.id, query.id
            )
        },
    );
    json!({
        "_type": "Query",
        "id": query.id,
        "name": query.name,
        "filters": [],
        "public": query.public,
        "starred": false,
        "hidden": false,
        "createdAt": hal::datetime(query.created_at),
        "updatedAt": hal::datetime(query.updated_at),
        "_links": {
            "self": hal::link(format!("/api/v3/queries/{}", query.id), query.name.clone()),
            "project": project.map_or_else(
                || json!({ "href": null }),
                |p| hal::link(format!("/api/v3/projects/{}", p.id), p.name),
            ),
            "user": owner.map_or_else(
                || json!({ "href": null }),
                |u| hal::link(format!("/api/v3/users/{}", u.id), u.name()),
            ),
            "results": hal::href(results),
        },
    })
}

/// The query, if the caller may see it; 404 otherwise, as OpenProject does not disclose others' queries.
fn find(data: &Data, caller: Caller, id: &str) -> ApiResult<usize> {
    let id = parse_id(id)?;
    data.queries
        .iter()
        .position(|q| q.id == id && visible(q, caller))
        .ok_or_else(ApiError::not_found)
}

/// `filters=[{"project":{"operator":"=","values":["1"]}}]`; `!*` asks for queries of no project.
pub async fn list(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    RawQuery(query): RawQuery,
) -> ApiResult {
    let params = params(query);
    let mut project: Option<Option<Vec<u64>>> = None;
    if let Some(raw) = paging::param(&params, "filters") {
        const BY_PROJECT: &[&str] = &["=", "!*"];
        let allowed = [("project", BY_PROJECT), ("project_id", BY_PROJECT)];
        for filter in parse_listed(raw, &allowed)? {
            project = Some((filter.operator == "=").then(|| {
                filter
                    .values
                    .iter()
                    .filter_map(|v| v.parse().ok())
                    .collect()
            }));
        }
    }
    let store = state.lock();
    let data = &store.data;
    let elements = data
        .queries
        .iter()
        .filter(|q| visible(q, caller))
        .filter(|q| match &project {
            None => true,
            Some(None) => q.project.is_none(),
            Some(Some(ids)) => q.project.is_some_and(|p| ids.contains(&p)),
        })
        .map(|q| representation(q, data))
        .collect();
    Ok(ok(&hal::collection("/api/v3/queries", elements)))
}

pub async fn show(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult {
    let store = state.lock();
    let at = find(&store.data, caller, &id)?;
    Ok(ok(&representation(&store.data.queries[at], &store.data)))
}

fn project_of(body: &Map<String, Value>, data: &Data) -> ApiResult<Option<u64>> {
    let Some(link) = body.get("_links").and_then(|l| l.get("project")) else {
        return Ok(None);
    };
    match link.get("href") {
        None | Some(Value::Null) => Ok(None),
        Some(href) => href
            .as_str()
            .and_then(|h| h.strip_prefix("/api/v3/projects/"))
            .and_then(|key| data.project_by_key(key))
            .map(|p| Some(p.id))
            .ok_or_else(|| {
                ApiError::violation(
                    "project",
                    "Project is not set to one of the allowed values.",
                )
            }),
    }
}

pub async fn create(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let user = caller.require_write()?;
    let body = json_body(&headers, &body)?;
    let name = body
        .get("name")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .ok_or_else(|| ApiError::violation("name", "Name can't be blank."))?
        .to_owned();
    let public = body.get("public").and_then(Value::as_bool).unwrap_or(false);
    let mut store = state.lock();
    let data = &mut store.data;
    let project = project_of(&body, data)?;
    let now = data.tick();
    let query = Query {
        id: data.queries.iter().map(|q| q.id).max().unwrap_or(0) + 1,
        name,
        project,
        user,
        public,
        order: std::collections::BTreeMap::new(),
        created_at: now,
        updated_at: now,
    };
    let body = representation(&query, data);
    data.queries.push(query);
    Ok(hal::response(StatusCode::CREATED, &body))
}

pub async fn delete(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult {
    let user = caller.require_write()?;
    let mut store = state.lock();
    let at = find(&store.data, caller, &id)?;
    if store.data.queries[at].user != user {
        return Err(ApiError::missing_permission());
    }
    store.data.queries.remove(at);
    Ok(StatusCode::NO_CONTENT.into_response())
}

fn order_body(query: &Query) -> Value {
    let map: Map<String, Value> = query
        .order
        .iter()
        .map(|(id, position)| (id.to_string(), json!(position)))
        .collect();
    Value::Object(map)
}

/// `{"12": 1024, "13": 2048}`: the positions of the work packages placed by hand.
pub async fn order(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult {
    let store = state.lock();
    let at = find(&store.data, caller, &id)?;
    Ok(ok(&order_body(&store.data.queries[at])))
}

/// `{"delta": {"12": 1024, "13": null}}` places 12 and takes 13 out of the manual order.
pub async fn update_order(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    caller.require_write()?;
    let body = json_body(&headers, &body)?;
    let delta = body
        .get("delta")
        .and_then(Value::as_object)
        .ok_or_else(|| ApiError::invalid_body("The order change needs a `delta` object."))?;
    let mut changes = Vec::new();
    for (key, value) in delta {
        let id: u64 = key
            .parse()
            .map_err(|_| ApiError::invalid_body(format!("{key} is no work package id.")))?;
        let position = match value {
            Value::Null => None,
            v => Some(v.as_i64().ok_or_else(|| {
                ApiError::invalid_body(format!("The position of {key} must be a whole number."))
            })?),
        };
        changes.push((id, position));
    }
    let mut store = state.lock();
    let at = find(&store.data, caller, &id)?;
    let now = store.data.tick();
    let query = &mut store.data.queries[at];
    for (id, position) in changes {
        match position {
            Some(position) => query.order.insert(id, position),
            None => query.order.remove(&id),
        };
    }
    query.updated_at = now;
    Ok(ok(&json!({ "t": hal::datetime(now) })))
}
