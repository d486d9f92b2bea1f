//! `/__test/faults`: turn faults on (`POST`, a `Config` as JSON), off (`DELETE`), read what was
//! injected (`GET`), and end a sticky 401 (`POST /__test/faults/reauth`).

use super::Config;
use crate::AppState;
use crate::hal::ok;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/__test/faults", get(stats).post(enable).delete(disable))
        .route("/__test/faults/reauth", post(reauth))
}

/// Starts afresh: new counts, no recorded edits, the PRNG at the start of the seed's sequence.
/// A config that does not parse is a 400 naming the problem, and leaves the faults as they were.
async fn enable(State(state): State<AppState>, body: String) -> Response {
    match Config::parse(&body) {
        Ok(config) => {
            let mut store = state.lock();
            store.faults.enable(config);
            ok(&store.faults.stats())
        }
        Err(message) => (StatusCode::BAD_REQUEST, message).into_response(),
    }
}

async fn stats(State(state): State<AppState>) -> Response {
    ok(&state.lock().faults.stats())
}

/// Turns faults off and answers the final counts (which `GET` keeps answering until the next `POST`).
async fn disable(State(state): State<AppState>) -> Response {
    let mut store = state.lock();
    store.faults.disable();
    ok(&store.faults.stats())
}

/// The user signed in again: a sticky `unauthorized` stops answering 401.
async fn reauth(State(state): State<AppState>) -> StatusCode {
    state.lock().faults.reauthenticate();
    StatusCode::NO_CONTENT
}
