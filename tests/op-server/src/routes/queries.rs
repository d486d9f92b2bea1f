//! Saved queries (saved views): list (by project), create, show, update, star, unstar, delete, and
//! the manual order of work packages. A query keeps its filters, columns, sort, grouping and display
//! flags in OpenProject's form (see `query_body` for what a write may say). The order endpoint
//! (`/queries/{id}/order`, a map of work package id to position, changed by a `delta`) is
//! OpenProject's, though the official description leaves it out.

use super::{json_body, params, parse_id};
use crate::AppState;
use crate::auth::Caller;
use crate::columns;
use crate::errors::{ApiError, ApiResult};
use crate::filters::{self, Filter, ValueKind, parse_listed};
use crate::hal::{self, ok};
use crate::paging;
use crate::query_body::{self, COLUMNS, FILTERS, GROUP_BYS, OPERATORS, SORT_BYS};
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

/// Only the owner changes a query here (OpenProject also lets managers of public queries do so;
/// this server gives no one that role).
fn may_change(query: &Query, caller: Caller) -> bool {
    caller.user_id() == Some(query.user)
}

/// Whether the caller starred it: the owner's star is the query's own flag, others star it for
/// themselves.
fn starred_for(query: &Query, caller: Caller) -> bool {
    match caller.user_id() {
        Some(id) if id == query.user => query.starred,
        Some(id) => query.starred_by.contains(&id),
        None => false,
    }
}

/// `"dueDate"` → `"DueDateQueryFilter"`, OpenProject's `_type` of a filter instance.
fn filter_type(name: &str) -> String {
    let mut chars = name.chars();
    let first = chars.next().map(|c| c.to_ascii_uppercase());
    first
        .into_iter()
        .chain(chars)
        .chain("QueryFilter".chars())
        .collect()
}

/// A QueryFilterInstance: resource values as titled links, other values as plain strings.
fn filter_instance(filter: &Filter, data: &Data) -> Value {
    let spec = filters::spec(&filter.name);
    let (name, title) = spec.map_or((filter.name.as_str(), ""), |s| (s.name, s.title));
    let operator_title = filters::operator_title(&filter.operator).unwrap_or("");
    let mut body = json!({
        "_type": filter_type(name),
        "name": title,
        "_links": {
            "filter": hal::link(format!("{FILTERS}{name}"), title),
            "operator": hal::link(format!("{OPERATORS}{}", filter.operator), operator_title),
            "schema": hal::href(format!("/api/v3/queries/filter_instance_schemas/{name}")),
        },
    });
    match spec.map(|s| s.values) {
        Some(ValueKind::Resource(collection)) => {
            body["_links"]["values"] = filter
                .values
                .iter()
                .map(|key| {
                    let title = query_body::value_title(data, collection, key).unwrap_or_default();
                    hal::link(format!("/api/v3/{collection}/{key}"), title)
                })
                .collect();
        }
        _ => body["values"] = json!(filter.values),
    }
    body
}

fn sort_link((column, descending): &(String, bool)) -> Value {
    let (direction, word) = if *descending {
        ("desc", "Descending")
    } else {
        ("asc", "Ascending")
    };
    hal::link(
        format!("{SORT_BYS}{column}-{direction}"),
        format!("{} ({word})", columns::title(column)),
    )
}

/// Where the query's work packages are: the work package list with the query's filters and sort
/// as parameters, as OpenProject links them, so the link works on this server too.
fn results_href(query: &Query) -> String {
    let base = query.project.map_or_else(
        || "/api/v3/work_packages".to_owned(),
        |p| format!("/api/v3/projects/{p}/work_packages"),
    );
    let filters: Vec<Value> = query
        .filters
        .iter()
        .map(|f| json!({ f.name.clone(): { "operator": f.operator, "values": f.values } }))
        .collect();
    let sort: Vec<Value> = query
        .sort_by
        .iter()
        .map(|(column, descending)| json!([column, if *descending { "desc" } else { "asc" }]))
        .collect();
    let mut pairs = vec![
        ("filters", Value::Array(filters).to_string()),
        ("sortBy", Value::Array(sort).to_string()),
    ];
    if let Some(group) = &query.group_by {
        pairs.push(("groupBy", group.clone()));
    }
    let encoded = serde_urlencoded::to_string(&pairs).unwrap_or_default();
    format!("{base}?{encoded}")
}

/// Action links appear only for a caller who may use them, as OpenProject's do: changing and
/// deleting for the owner, starring for every signed-in user who sees the query.
fn actions(query: &Query, caller: Caller) -> Map<String, Value> {
    let me = format!("/api/v3/queries/{}", query.id);
    let mut links = Vec::new();
    if caller.can_write() {
        links.push(if starred_for(query, caller) {
            ("unstar", hal::action(format!("{me}/unstar"), "patch"))
        } else {
            ("star", hal::action(format!("{me}/star"), "patch"))
        });
    }
    // `update` is OpenProject's form; this server has no query form, so it points at the PATCH too.
    if may_change(query, caller) {
        links.extend([
            ("update", hal::action(&me, "patch")),
            ("updateImmediately", hal::action(&me, "patch")),
            ("delete", hal::action(&me, "delete")),
        ]);
    }
    links
        .into_iter()
        .map(|(name, link)| (name.to_owned(), link))
        .collect()
}

fn representation(query: &Query, data: &Data, caller: Caller) -> Value {
    let project = query.project.and_then(|id| data.project(id));
    let owner = data.user(query.user);
    let mut links = json!({
        "self": hal::link(format!("/api/v3/queries/{}", query.id), query.name.clone()),
        "project": project.map_or_else(
            || json!({ "href": null }),
            |p| hal::link(format!("/api/v3/projects/{}", p.id), p.name),
        ),
        "user": owner.map_or_else(
            || json!({ "href": null }),
            |u| hal::link(format!("/api/v3/users/{}", u.id), u.name()),
        ),
        "results": hal::href(results_href(query)),
        "columns": columns::shown(query)
            .into_iter()
            .map(|c| hal::link(format!("{COLUMNS}{c}"), columns::title(c)))
            .collect::<Vec<_>>(),
        "sortBy": query.sort_by.iter().map(sort_link).collect::<Vec<_>>(),
        // HAL's "no value"; a link's title must be a string, so it is left out.
        "groupBy": query.group_by.as_ref().map_or_else(
            || json!({ "href": null }),
            |g| hal::link(format!("{GROUP_BYS}{g}"), columns::title(g)),
        ),
    });
    links
        .as_object_mut()
        .expect("links are an object")
        .extend(actions(query, caller));
    json!({
        "_type": "Query",
        "id": query.id,
        "name": query.name,
        "filters": query.filters.iter().map(|f| filter_instance(f, data)).collect::<Vec<_>>(),
        "public": query.public,
        "starred": starred_for(query, caller),
        "hidden": false,
        "showHierarchies": query.show_hierarchies,
        "timelineVisible": query.timeline_visible,
        "createdAt": hal::datetime(query.created_at),
        "updatedAt": hal::datetime(query.updated_at),
        "_links": links,
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
        .map(|q| representation(q, data, caller))
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
    Ok(ok(&representation(
        &store.data.queries[at],
        &store.data,
        caller,
    )))
}

/// A query the caller may change: 404 if they cannot even see it, 403 if it is someone else's.
fn owned(data: &Data, caller: Caller, id: &str) -> ApiResult<usize> {
    caller.require_write()?;
    let at = find(data, caller, id)?;
    if may_change(&data.queries[at], caller) {
        Ok(at)
    } else {
        Err(ApiError::missing_permission())
    }
}

/// Answers 201 with the query; omitted fields take the defaults of `Query::new`.
pub async fn create(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let user = caller.require_write()?;
    let body = json_body(&headers, &body)?;
    let mut store = state.lock();
    let data = &mut store.data;
    let id = Data::next_id(&data.queries, |q| q.id);
    let draft = Query::new(id, user, data.clock);
    let mut query = query_body::changed(&body, &draft, data)?;
    let now = data.tick();
    query.created_at = now;
    query.updated_at = now;
    let reply = representation(&query, data, caller);
    data.queries.push(query);
    Ok(hal::response(StatusCode::CREATED, &reply))
}

/// Changes what the body names and keeps the rest; lists (filters, columns, sortBy) are replaced whole.
pub async fn update(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    caller.require_write()?;
    let body = json_body(&headers, &body)?;
    let mut store = state.lock();
    let data = &mut store.data;
    let at = owned(data, caller, &id)?;
    let mut query = query_body::changed(&body, &data.queries[at], data)?;
    query.updated_at = data.tick();
    data.queries[at] = query;
    Ok(ok(&representation(&data.queries[at], data, caller)))
}

/// Anyone signed in who sees the query stars it, for themselves.
fn set_starred(state: &AppState, caller: Caller, id: &str, starred: bool) -> ApiResult {
    let user = caller.require_write()?;
    let mut store = state.lock();
    let data = &mut store.data;
    let at = find(data, caller, id)?;
    let now = data.tick();
    let query = &mut data.queries[at];
    if user == query.user {
        query.starred = starred;
    } else {
        query.starred_by.retain(|id| *id != user);
        if starred {
            query.starred_by.push(user);
        }
    }
    query.updated_at = now;
    Ok(ok(&representation(&data.queries[at], data, caller)))
}

/// `PATCH /queries/{id}/star`, no body: answers the starred query.
pub async fn star(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult {
    set_starred(&state, caller, &id, true)
}

pub async fn unstar(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult {
    set_starred(&state, caller, &id, false)
}

pub async fn delete(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult {
    let mut store = state.lock();
    let at = owned(&store.data, caller, &id)?;
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
