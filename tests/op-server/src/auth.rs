//! Who is calling: API key (Basic `apikey:<key>` or Bearer), OAuth access token, or session cookie.

use crate::AppState;
use crate::errors::ApiError;
use crate::seed::ANNA;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// The session cookie value that counts as a logged-in browser session of user 1.
pub const TEST_SESSION: &str = "test-session";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    User(u64),
    /// Not logged in, on an instance that lets anonymous users read.
    Anonymous,
}

impl Caller {
    pub fn user_id(self) -> Option<u64> {
        match self {
            Self::User(id) => Some(id),
            Self::Anonymous => None,
        }
    }

    /// In this server every logged-in user is a project member with full rights; anonymous may only read.
    pub fn can_write(self) -> bool {
        self.user_id().is_some()
    }

    pub fn require_write(self) -> Result<u64, ApiError> {
        self.user_id().ok_or_else(ApiError::missing_permission)
    }
}

/// `Ok(None)` means no credentials were sent; `Err` means credentials were sent but are wrong.
fn identify(state: &AppState, headers: &HeaderMap) -> Result<Option<u64>, ApiError> {
    if let Some(value) = headers.get(header::AUTHORIZATION) {
        let value = value.to_str().map_err(|_| ApiError::unauthenticated())?;
        let (scheme, credentials) = value.split_once(' ').unwrap_or((value, ""));
        let credentials = credentials.trim();
        let current_key = state
            .lock()
            .api_key_override
            .clone()
            .or_else(|| state.options.api_key.clone());
        let key_matches = |key: &str| current_key.as_deref() == Some(key);
        return match scheme.to_ascii_lowercase().as_str() {
            "basic" => {
                let decoded = STANDARD
                    .decode(credentials)
                    .ok()
                    .and_then(|bytes| String::from_utf8(bytes).ok())
                    .ok_or_else(ApiError::unauthenticated)?;
                match decoded.split_once(':') {
                    Some(("apikey", key)) if key_matches(key) => Ok(Some(ANNA)),
                    _ => Err(ApiError::unauthenticated()),
                }
            }
            "bearer" if key_matches(credentials) => Ok(Some(ANNA)),
            "bearer" => state
                .lock()
                .tokens
                .access
                .get(credentials)
                .map(|user| Some(*user))
                .ok_or_else(ApiError::unauthenticated),
            _ => Err(ApiError::unauthenticated()),
        };
    }
    // OpenProject only honours the session for API calls that say they come from its own scripts.
    let from_script = headers
        .get("x-requested-with")
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"XMLHttpRequest"));
    let has_session = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|pair| pair.trim() == format!("_open_project_session={TEST_SESSION}"));
    Ok((from_script && has_session).then_some(ANNA))
}

pub async fn authenticate(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let caller = match identify(&state, request.headers()) {
        Ok(Some(user)) => Caller::User(user),
        Ok(None) if state.options.anonymous_read => Caller::Anonymous,
        Ok(None) | Err(_) => return ApiError::unauthenticated().into_response(),
    };
    request.extensions_mut().insert(caller);
    next.run(request).await
}
