//! Watchers of a work package: list, add (201, or 200 when watching already), remove (204 either
//! way), and the users who may be added. Every signed-in user here may add and remove anyone.

use super::{json_body, parse_id};
use crate::AppState;
use crate::auth::Caller;
use crate::errors::{ApiError, ApiResult};
use crate::hal::{self, ok};
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use serde_json::Value;

pub async fn list(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult {
    let id = parse_id(&id)?;
    let store = state.lock();
    let data = &store.data;
    data.work_package(id).ok_or_else(ApiError::not_found)?;
    let elements = data
        .users
        .iter()
        .filter(|u| data.watchers.contains(&(id, u.id)))
        .map(hal::user)
        .collect();
    Ok(ok(&hal::collection(
        &format!("/api/v3/work_packages/{id}/watchers"),
        elements,
    )))
}

/// The project's members.
pub async fn available(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult {
    let id = parse_id(&id)?;
    let store = state.lock();
    let data = &store.data;
    let wp = data.work_package(id).ok_or_else(ApiError::not_found)?;
    caller.require_write()?;
    let members = data.project(wp.project).map_or(&[][..], |p| &p.members[..]);
    let elements = data
        .users
        .iter()
        .filter(|u| members.contains(&u.id))
        .map(hal::user)
        .collect();
    Ok(ok(&hal::collection(
        &format!("/api/v3/work_packages/{id}/available_watchers"),
        elements,
    )))
}

pub async fn add(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let body = json_body(&headers, &body)?;
    let id = parse_id(&id)?;
    let mut store = state.lock();
    let data = &mut store.data;
    data.work_package(id).ok_or_else(ApiError::not_found)?;
    caller.require_write()?;
    let user = body
        .get("user")
        .and_then(|u| u.get("href"))
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::invalid_body("The request must name a user under `user`."))?
        .strip_prefix("/api/v3/users/")
        .and_then(|u| u.parse::<u64>().ok())
        .filter(|u| data.user(*u).is_some())
        .ok_or_else(|| {
            ApiError::violation("user", "User is not set to one of the allowed values.")
        })?;
    let status = if data.watchers.contains(&(id, user)) {
        StatusCode::OK
    } else {
        data.watchers.push((id, user));
        StatusCode::CREATED
    };
    let mut response = ok(&hal::user(data.user(user).expect("checked above")));
    *response.status_mut() = status;
    Ok(response)
}

pub async fn remove(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path((id, user)): Path<(String, String)>,
) -> ApiResult {
    let (id, user) = (parse_id(&id)?, parse_id(&user)?);
    let mut store = state.lock();
    let data = &mut store.data;
    data.work_package(id).ok_or_else(ApiError::not_found)?;
    data.user(user).ok_or_else(ApiError::not_found)?;
    caller.require_write()?;
    data.watchers.retain(|w| *w != (id, user));
    Ok(StatusCode::NO_CONTENT.into_response())
}
