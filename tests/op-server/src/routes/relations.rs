//! Relations between work packages (follows with lag, blocks, relates, …).

use super::{json_body, params, parse_id};
use crate::AppState;
use crate::auth::Caller;
use crate::errors::{ApiError, ApiResult};
use crate::hal::{self, RELATION_TYPES, ok};
use crate::paging;
use crate::state::{Data, Relation};
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use serde_json::{Map, Value};

fn relation_matches(r: &Relation, name: &str, values: &[u64], kinds: &[String]) -> bool {
    match name {
        "involved" => values.contains(&r.from) || values.contains(&r.to),
        "from" => values.contains(&r.from),
        "to" => values.contains(&r.to),
        "id" => values.contains(&r.id),
        _ => kinds.contains(&r.kind),
    }
}

/// `filters=[{"involved":{"operator":"=","values":["12"]}}]`; names: involved, from, to, id, type.
pub async fn list(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    RawQuery(query): RawQuery,
) -> ApiResult {
    let params = params(query);
    let mut conditions = Vec::new();
    if let Some(raw) = paging::param(&params, "filters") {
        let parsed: Value = serde_json::from_str(raw)
            .map_err(|_| ApiError::invalid_query("Filters are not valid JSON."))?;
        for entry in parsed
            .as_array()
            .ok_or_else(|| ApiError::invalid_query("Filters must be an array."))?
        {
            let (name, spec) =
                entry
                    .as_object()
                    .and_then(|o| o.iter().next())
                    .ok_or_else(|| {
                        ApiError::invalid_query("Each filter must be an object with one key.")
                    })?;
            if !matches!(name.as_str(), "involved" | "from" | "to" | "id" | "type") {
                return Err(ApiError::invalid_query(format!(
                    "Filters {name} filter does not exist."
                )));
            }
            let operator = spec.get("operator").and_then(Value::as_str).unwrap_or("");
            if operator != "=" && operator != "!" {
                return Err(ApiError::invalid_query(format!(
                    "Filters {name} operator {operator} is not valid."
                )));
            }
            let raw_values: Vec<String> = spec
                .get("values")
                .and_then(Value::as_array)
                .map(|vs| {
                    vs.iter()
                        .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            let ids = raw_values
                .iter()
                .filter_map(|v| v.parse().ok())
                .collect::<Vec<u64>>();
            conditions.push((name.clone(), operator == "=", ids, raw_values));
        }
    }
    let store = state.lock();
    let data = &store.data;
    let elements = data
        .relations
        .iter()
        .filter(|r| {
            conditions
                .iter()
                .all(|(name, positive, ids, raw)| relation_matches(r, name, ids, raw) == *positive)
        })
        .map(|r| hal::relation(r, data, caller.can_write()))
        .collect();
    Ok(ok(&hal::collection("/api/v3/relations", elements)))
}

pub async fn list_for(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult {
    let id = parse_id(&id)?;
    let store = state.lock();
    let data = &store.data;
    data.work_package(id).ok_or_else(ApiError::not_found)?;
    let elements = data
        .relations
        .iter()
        .filter(|r| r.from == id || r.to == id)
        .map(|r| hal::relation(r, data, caller.can_write()))
        .collect();
    Ok(ok(&hal::collection(
        &format!("/api/v3/work_packages/{id}/relations"),
        elements,
    )))
}

pub async fn show(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult {
    let id = parse_id(&id)?;
    let store = state.lock();
    let r = store
        .data
        .relations
        .iter()
        .find(|r| r.id == id)
        .ok_or_else(ApiError::not_found)?;
    Ok(ok(&hal::relation(r, &store.data, caller.can_write())))
}

/// Reads `type`, `lag` and `description` into `relation`, refusing values OpenProject refuses.
fn apply(body: &Map<String, Value>, relation: &mut Relation) -> ApiResult<()> {
    if let Some(kind) = body.get("type") {
        let kind = kind
            .as_str()
            .filter(|k| RELATION_TYPES.contains(k))
            .ok_or_else(|| {
                ApiError::violation("type", "Type is not set to one of the allowed values.")
            })?;
        kind.clone_into(&mut relation.kind);
    }
    match body.get("lag").or_else(|| body.get("delay")) {
        None => {}
        Some(Value::Null) => relation.lag = None,
        Some(v) => {
            let lag = v.as_i64().filter(|l| *l >= 0).ok_or_else(|| {
                ApiError::violation("lag", "Lag must be a whole number of days, at least 0.")
            })?;
            relation.lag = Some(lag);
        }
    }
    if let Some(description) = body.get("description") {
        relation.description = description.as_str().map(str::to_owned);
    }
    // Only scheduling relations carry a lag.
    if !matches!(relation.kind.as_str(), "follows" | "precedes") {
        relation.lag = None;
    }
    Ok(())
}

fn check_unique(data: &Data, relation: &Relation) -> ApiResult<()> {
    let duplicate = data.relations.iter().any(|r| {
        r.id != relation.id
            && ((r.from == relation.from && r.to == relation.to)
                || (r.from == relation.to && r.to == relation.from))
    });
    if duplicate {
        return Err(ApiError::violation(
            "base",
            "These work packages are already related.",
        ));
    }
    Ok(())
}

/// (predecessor, successor) of a scheduling relation.
fn order(r: &Relation) -> Option<(u64, u64)> {
    match r.kind.as_str() {
        "precedes" => Some((r.from, r.to)),
        "follows" => Some((r.to, r.from)),
        _ => None,
    }
}

/// OpenProject refuses a follows/precedes relation that makes a work package its own predecessor.
fn check_no_circle(data: &Data, relation: &Relation) -> ApiResult<()> {
    let Some((first, then)) = order(relation) else {
        return Ok(());
    };
    let mut stack = vec![then];
    let mut seen = Vec::new();
    while let Some(at) = stack.pop() {
        if at == first {
            return Err(ApiError::violation(
                "base",
                "Cannot create the relation: it would make a circular dependency.",
            ));
        }
        if !seen.contains(&at) {
            seen.push(at);
            stack.extend(
                data.relations
                    .iter()
                    .filter_map(order)
                    .filter(|(a, _)| *a == at)
                    .map(|(_, b)| b),
            );
        }
    }
    Ok(())
}

pub async fn create(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    caller.require_write()?;
    let body = json_body(&headers, &body)?;
    let from = parse_id(&id)?;
    let mut store = state.lock();
    let data = &mut store.data;
    data.work_package(from).ok_or_else(ApiError::not_found)?;
    let to = body
        .get("_links")
        .and_then(|l| l.get("to"))
        .and_then(|t| t.get("href"))
        .and_then(Value::as_str)
        .and_then(|h| h.strip_prefix("/api/v3/work_packages/"))
        .and_then(|id| id.parse::<u64>().ok())
        .filter(|id| data.work_package(*id).is_some())
        .ok_or_else(|| {
            ApiError::violation(
                "to",
                "Related work package is not set to one of the allowed values.",
            )
        })?;
    if to == from {
        return Err(ApiError::violation(
            "to",
            "A work package cannot be related to itself.",
        ));
    }
    if !body.contains_key("type") {
        return Err(ApiError::violation("type", "Type can't be blank."));
    }
    let mut relation = Relation {
        id: Data::next_id(&data.relations, |r| r.id),
        from,
        to,
        kind: String::new(),
        lag: None,
        description: None,
    };
    apply(&body, &mut relation)?;
    check_unique(data, &relation)?;
    check_no_circle(data, &relation)?;
    data.relations.push(relation.clone());
    data.tick();
    let mut response = ok(&hal::relation(&relation, data, true));
    *response.status_mut() = StatusCode::CREATED;
    Ok(response)
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
    let mut relation = data
        .relations
        .iter()
        .find(|r| r.id == id)
        .cloned()
        .ok_or_else(ApiError::not_found)?;
    apply(&body, &mut relation)?;
    if let Some(slot) = data.relations.iter_mut().find(|r| r.id == id) {
        *slot = relation.clone();
    }
    Ok(ok(&hal::relation(&relation, data, true)))
}

pub async fn delete(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult {
    caller.require_write()?;
    let id = parse_id(&id)?;
    let mut store = state.lock();
    let before = store.data.relations.len();
    store.data.relations.retain(|r| r.id != id);
    if store.data.relations.len() == before {
        return Err(ApiError::not_found());
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}
