//! `/__test/…`: not OpenProject. Lets the browser tests reset data, simulate another user, and see requests.

use crate::AppState;
use crate::hal::ok;
use crate::seed::{LUKAS, seeded_data};
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::json;

const SUFFIX: &str = " (edited elsewhere)";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/__test/reset", post(reset))
        .route("/__test/work_packages/{id}/touch", post(touch))
        .route("/__test/requests", get(requests).delete(clear_requests))
        .route("/__test/expire_tokens", post(expire_tokens))
        .route("/__test/revoke_tokens", post(revoke_tokens))
        .route("/__test/api_key", post(rotate_api_key))
}

/// Puts the seed back. Issued OAuth tokens survive, so a logged-in browser stays logged in.
async fn reset(State(state): State<AppState>) -> StatusCode {
    let mut store = state.lock();
    store.data = seeded_data();
    store.requests.clear();
    StatusCode::NO_CONTENT
}

/// Another user (Lukas) edits the work package: subject gets a suffix, lockVersion moves on.
async fn touch(State(state): State<AppState>, Path(id): Path<u64>) -> Response {
    let mut store = state.lock();
    let data = &mut store.data;
    let now = data.tick();
    let Some(wp) = data.work_package_mut(id) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let old_subject = wp.subject.clone();
    if !wp.subject.ends_with(SUFFIX) {
        wp.subject.push_str(SUFFIX);
    }
    wp.lock_version += 1;
    wp.updated_at = now;
    let new_subject = wp.subject.clone();
    let details = if old_subject == new_subject {
        Vec::new()
    } else {
        vec![format!(
            "Subject changed from {old_subject} to {new_subject}"
        )]
    };
    data.add_activity(id, LUKAS, String::new(), details);
    let wp = data.work_package(id).expect("exists");
    ok(&crate::hal::work_package(data, wp, Some(crate::seed::ANNA)))
}

/// The last requests (default 100, `?limit=N`), oldest first, as `METHOD /path?query` lines.
async fn requests(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let params = super::params(query);
    let limit = crate::paging::param(&params, "limit")
        .and_then(|l| l.parse::<usize>().ok())
        .unwrap_or(100);
    let store = state.lock();
    let skip = store.requests.len().saturating_sub(limit);
    let lines: Vec<&String> = store.requests.iter().skip(skip).collect();
    ok(&json!({ "requests": lines }))
}

async fn clear_requests(State(state): State<AppState>) -> StatusCode {
    state.lock().requests.clear();
    StatusCode::NO_CONTENT
}

/// Makes every issued access token invalid, so tests can exercise the client's refresh path.
async fn expire_tokens(State(state): State<AppState>) -> StatusCode {
    state.lock().tokens.access.clear();
    StatusCode::NO_CONTENT
}

/// Makes every issued access and refresh token invalid, as an administrator revoking the
/// application's grants would: only signing in again helps.
async fn revoke_tokens(State(state): State<AppState>) -> StatusCode {
    let mut state = state.lock();
    state.tokens.access.clear();
    state.tokens.refresh.clear();
    StatusCode::NO_CONTENT
}

/// Replaces the API key, as a user who regenerates their token would: the old key gets 401.
async fn rotate_api_key(State(state): State<AppState>, body: String) -> StatusCode {
    state.lock().api_key_override = Some(body.trim().to_owned());
    StatusCode::NO_CONTENT
}
