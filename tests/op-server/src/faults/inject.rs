//! The middleware that applies a drawn fault. It sits inside the CORS layer, so a faulted answer
//! still carries CORS headers and the browser shows the page a 500 (not an opaque CORS failure), and
//! inside the request log, so faulted requests are logged like the others.

use super::{Fault, conflict};
use crate::AppState;
use crate::errors::ApiError;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use futures_util::stream;
use std::time::Duration;

/// How long a truncated answer waits after its first half before the connection is aborted: hyper
/// drops whatever it has not yet written when a body fails, so the half must reach the socket first.
const FLUSH_GRACE: Duration = Duration::from_millis(100);

/// Requests with this header are never faulted nor counted: the test harness's own reads of the
/// server's state (e.g. polling a work package) must neither fail nor shift the seeded sequence.
pub const BYPASS_HEADER: &str = "x-tafel-no-faults";

pub async fn inject(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.headers().contains_key(BYPASS_HEADER) {
        return next.run(request).await;
    }
    let fault = {
        let mut store = state.lock();
        let path = request.uri().path();
        let target = conflict::target(&store, request.method(), path);
        let fault = store.faults.decide(request.method(), path, target);
        if let Some(Fault::Conflict(id)) = fault {
            // Under the same lock as the draw, so nothing slips in between the other user's edit
            // and the client's PATCH being handled.
            conflict::edit_elsewhere(&mut store, id);
        }
        fault
    };
    match fault {
        None | Some(Fault::Conflict(_)) => next.run(request).await,
        Some(Fault::Latency(delay)) => {
            tokio::time::sleep(delay).await;
            next.run(request).await
        }
        Some(Fault::Error500) => ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalServerError",
            "An internal server error occurred. This is not your fault.",
        )
        .into_response(),
        Some(Fault::Error503RetryAfter) => retry_after(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "ServiceUnavailable",
            "The service is temporarily unavailable. Please try again later.",
        )),
        Some(Fault::Error429) => retry_after(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "TooManyRequests",
            "You have sent too many requests. Please try again later.",
        )),
        Some(Fault::Unauthorized) => ApiError::unauthenticated().into_response(),
        Some(Fault::DropBefore) => dropped(),
        Some(Fault::DropAfter) => {
            // The handler runs to the end (the write is stored), only its answer is lost.
            drop(next.run(request).await);
            dropped()
        }
        Some(Fault::Truncate) => truncated(next.run(request).await).await,
    }
}

/// Outside the CORS layer, so preflights get it too: while faults are on, every answer closes its
/// connection. Chromium silently resends a request (even a PATCH or POST) whose reused keep-alive
/// connection closed before any answer, which would hide `drop_before` from the page and turn
/// `drop_after` into a resent write; on a fresh connection the page sees the network error.
pub async fn close_connections(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    if state.lock().faults.enabled() {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

fn retry_after(error: ApiError) -> Response {
    let mut response = error.into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    response
}

/// A body that fails at once: hyper then closes the connection before writing the status line, so
/// the client sees a network error (curl: "Empty reply from server", fetch: TypeError).
fn dropped() -> Response {
    Body::from_stream(stream::once(async {
        Err::<Bytes, _>(std::io::Error::other("fault injection: connection dropped"))
    }))
    .into_response()
}

/// Status and headers as handled, `Content-Length` of the whole body, then only its first half and
/// an aborted connection: the client gets the status but reading the body fails.
async fn truncated(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return dropped();
    };
    if bytes.is_empty() {
        // Nothing to cut (e.g. a 204): lose the whole answer instead, the nearest thing.
        return dropped();
    }
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    let half = bytes.slice(..bytes.len() / 2);
    let body =
        stream::once(async move { Ok::<Bytes, std::io::Error>(half) }).chain(stream::once(async {
            tokio::time::sleep(FLUSH_GRACE).await;
            Err(std::io::Error::other("fault injection: body truncated"))
        }));
    Response::from_parts(parts, Body::from_stream(body))
}
