//! OAuth 2 authorization code flow with PKCE (S256), as OpenProject's Doorkeeper offers to public clients.
//! Consent is automatic and the user is always user 1; errors use OAuth's `{error, error_description}`.

use crate::AppState;
use crate::paging::{Params, param};
use crate::seed::ANNA;
use crate::state::AuthCode;
use axum::extract::{RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::json;
use sha2::{Digest, Sha256};

/// Access tokens are reported as valid for two hours (OpenProject's default); they only end on `/__test/expire_tokens`.
const EXPIRES_IN: u64 = 7200;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/oauth/authorize", get(authorize))
        .route("/oauth/token", post(token))
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    let mut response = (
        status,
        Json(json!({ "error": error, "error_description": description })),
    )
        .into_response();
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        "no-store".parse().expect("static header"),
    );
    response
}

fn bad_request(error: &str, description: &str) -> Response {
    oauth_error(StatusCode::BAD_REQUEST, error, description)
}

/// `base64url(sha256(verifier))` without padding, as RFC 7636 defines for S256.
pub fn challenge_for(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

fn client_redirect(state: &AppState, client_id: &str) -> Option<String> {
    state
        .options
        .oauth_clients
        .iter()
        .find(|(id, _)| id == client_id)
        .map(|(_, uri)| uri.clone())
}

async fn authorize(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let params: Params = crate::routes::params(query);
    let get = |name: &str| param(&params, name).unwrap_or("");
    let client_id = get("client_id");
    let Some(registered) = client_redirect(&state, client_id) else {
        return bad_request("invalid_client", "Unknown client_id.");
    };
    let redirect_uri = get("redirect_uri");
    if redirect_uri != registered {
        return bad_request(
            "invalid_redirect_uri",
            "The redirect_uri does not match the registered one.",
        );
    }
    if get("response_type") != "code" {
        return bad_request(
            "unsupported_response_type",
            "Only response_type=code is supported.",
        );
    }
    let challenge = get("code_challenge");
    if challenge.is_empty() || get("code_challenge_method") != "S256" {
        return bad_request(
            "invalid_request",
            "PKCE with code_challenge_method=S256 is required.",
        );
    }
    let scope = param(&params, "scope").unwrap_or("api_v3");
    if !scope.split(' ').any(|s| s == "api_v3") {
        return bad_request("invalid_scope", "The scope must include api_v3.");
    }
    let mut store = state.lock();
    store.tokens.issued += 1;
    let code = format!("code-{}", store.tokens.issued);
    store.tokens.codes.insert(
        code.clone(),
        AuthCode {
            client_id: client_id.to_owned(),
            redirect_uri: redirect_uri.to_owned(),
            challenge: challenge.to_owned(),
            user: ANNA,
        },
    );
    let mut pairs = vec![("code", code)];
    if let Some(s) = param(&params, "state") {
        pairs.push(("state", s.to_owned()));
    }
    let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
    let separator = if redirect_uri.contains('?') { '&' } else { '?' };
    let location = format!("{redirect_uri}{separator}{query}");
    (StatusCode::FOUND, [(header::LOCATION, location)]).into_response()
}

fn issue(state: &AppState, client_id: &str, user: u64) -> Response {
    let mut store = state.lock();
    store.tokens.issued += 1;
    let n = store.tokens.issued;
    let access = format!("op-access-{n}");
    let refresh = format!("op-refresh-{n}");
    store.tokens.access.insert(access.clone(), user);
    store
        .tokens
        .refresh
        .insert(refresh.clone(), (client_id.to_owned(), user));
    let mut response = Json(json!({
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": EXPIRES_IN,
        "refresh_token": refresh,
        "scope": "api_v3",
        "created_at": 1_767_600_000,
    }))
    .into_response();
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        "no-store".parse().expect("static header"),
    );
    response
}

async fn token(State(state): State<AppState>, Form(form): Form<Vec<(String, String)>>) -> Response {
    let get = |name: &str| param(&form, name).unwrap_or("");
    let client_id = get("client_id");
    if client_redirect(&state, client_id).is_none() {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Unknown client_id.",
        );
    }
    match get("grant_type") {
        "authorization_code" => {
            // A code is single-use: it is removed whether or not the exchange succeeds.
            let code = state.lock().tokens.codes.remove(get("code"));
            let Some(code) = code else {
                return bad_request(
                    "invalid_grant",
                    "The authorization code is unknown or already used.",
                );
            };
            if code.client_id != client_id || code.redirect_uri != get("redirect_uri") {
                return bad_request(
                    "invalid_grant",
                    "client_id or redirect_uri differ from the authorization request.",
                );
            }
            if challenge_for(get("code_verifier")) != code.challenge {
                return bad_request(
                    "invalid_grant",
                    "The code_verifier does not match the code_challenge.",
                );
            }
            issue(&state, client_id, code.user)
        }
        "refresh_token" => {
            let entry = state.lock().tokens.refresh.remove(get("refresh_token"));
            match entry {
                Some((owner, user)) if owner == client_id => issue(&state, client_id, user),
                _ => bad_request(
                    "invalid_grant",
                    "The refresh token is unknown, used or belongs to another client.",
                ),
            }
        }
        _ => bad_request(
            "unsupported_grant_type",
            "Use authorization_code or refresh_token.",
        ),
    }
}
