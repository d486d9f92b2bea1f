//! Attachments of work packages: the list, one attachment, and its bytes (`downloadLocation`).

use super::parse_id;
use crate::AppState;
use crate::errors::{ApiError, ApiResult};
use crate::hal::{self, ok};
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;

pub async fn list(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult {
    let id = parse_id(&id)?;
    let store = state.lock();
    let data = &store.data;
    data.work_package(id).ok_or_else(ApiError::not_found)?;
    let elements = data
        .attachments
        .iter()
        .filter(|a| a.work_package == id)
        .map(|a| hal::attachment(a, data))
        .collect();
    Ok(ok(&hal::collection(
        &format!("/api/v3/work_packages/{id}/attachments"),
        elements,
    )))
}

pub async fn show(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult {
    let id = parse_id(&id)?;
    let store = state.lock();
    let found = store.data.attachments.iter().find(|a| a.id == id);
    let a = found.ok_or_else(ApiError::not_found)?;
    Ok(ok(&hal::attachment(a, &store.data)))
}

/// The file itself, offered for saving under its name rather than shown in the page.
pub async fn content(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult {
    let id = parse_id(&id)?;
    let store = state.lock();
    let found = store.data.attachments.iter().find(|a| a.id == id);
    let a = found.ok_or_else(ApiError::not_found)?;
    let mut response = a.content.clone().into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&a.content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    let name: String = a
        .file_name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || ".-_ ".contains(*c))
        .collect();
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}
