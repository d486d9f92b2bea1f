//! The journal of a work package: change entries and comments.

use super::{json_body, parse_id};
use crate::AppState;
use crate::auth::Caller;
use crate::errors::{ApiError, ApiResult};
use crate::hal::{self, ok};
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde_json::{Map, Value};

fn comment_text(body: &Map<String, Value>) -> ApiResult<String> {
    let raw = body
        .get("comment")
        .and_then(|c| c.get("raw"))
        .and_then(Value::as_str)
        .unwrap_or("");
    if raw.trim().is_empty() {
        return Err(ApiError::violation("comment", "Comment can't be blank."));
    }
    Ok(raw.to_owned())
}

pub async fn list(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult {
    let id = parse_id(&id)?;
    let store = state.lock();
    let data = &store.data;
    data.work_package(id).ok_or_else(ApiError::not_found)?;
    let mut entries: Vec<_> = data
        .activities
        .iter()
        .filter(|a| a.work_package == id)
        .collect();
    entries.sort_by_key(|a| (a.created_at, a.id));
    let elements = entries
        .into_iter()
        .map(|a| hal::activity(a, data, caller.user_id()))
        .collect();
    Ok(ok(&hal::collection(
        &format!("/api/v3/work_packages/{id}/activities"),
        elements,
    )))
}

/// `{comment: {raw}}` → 201 with the new `Activity::Comment`.
pub async fn create(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let user = caller.require_write()?;
    let body = json_body(&headers, &body)?;
    let id = parse_id(&id)?;
    let mut store = state.lock();
    let data = &mut store.data;
    data.work_package(id).ok_or_else(ApiError::not_found)?;
    let text = comment_text(&body)?;
    let activity_id = data.add_activity(id, user, text, Vec::new());
    let activity = data
        .activities
        .iter()
        .find(|a| a.id == activity_id)
        .expect("just added");
    let mut response = ok(&hal::activity(activity, data, Some(user)));
    *response.status_mut() = StatusCode::CREATED;
    Ok(response)
}

pub async fn show(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult {
    let id = parse_id(&id)?;
    let store = state.lock();
    let activity = store
        .data
        .activities
        .iter()
        .find(|a| a.id == id)
        .ok_or_else(ApiError::not_found)?;
    Ok(ok(&hal::activity(activity, &store.data, caller.user_id())))
}

/// Only the author may edit a comment, as in OpenProject's default roles.
pub async fn update(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let user = caller.require_write()?;
    let body = json_body(&headers, &body)?;
    let id = parse_id(&id)?;
    let text = comment_text(&body)?;
    let mut store = state.lock();
    let activity = store
        .data
        .activities
        .iter_mut()
        .find(|a| a.id == id)
        .ok_or_else(ApiError::not_found)?;
    if activity.user != user || activity.comment.is_empty() {
        return Err(ApiError::missing_permission());
    }
    activity.comment = text;
    let activity = activity.clone();
    Ok(ok(&hal::activity(&activity, &store.data, Some(user))))
}
