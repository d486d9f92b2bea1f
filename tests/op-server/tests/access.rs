//! Authentication, anonymous reading, OAuth 2 with PKCE and CORS.

mod common;

use axum::body::Body;
use axum::http::{Method, Request};
use common::{Auth, call_as, error_id, send};
use serde_json::json;
use tafel_op_server::oauth::challenge_for;
use tafel_op_server::{ServerOptions, app};

const CLIENT: &str = "tafel";
const REDIRECT: &str = "http://127.0.0.1:8080/oauth/callback";
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

fn oauth_server() -> axum::Router {
    app(ServerOptions {
        oauth_clients: vec![(CLIENT.to_owned(), REDIRECT.to_owned())],
        ..common::options()
    })
}

#[tokio::test]
async fn requests_without_valid_credentials_get_401_unauthenticated() {
    let app = common::server();
    for auth in [
        Auth::None,
        Auth::Header("authorization", common::basic("wrong")),
        Auth::Bearer("nope".to_owned()),
        Auth::Header("cookie", "_open_project_session=test-session".to_owned()),
    ] {
        let reply = call_as(&app, auth.clone(), Method::GET, "/api/v3/users/me", None).await;
        assert_eq!(reply.status, 401, "{auth:?}");
        assert_eq!(error_id(&reply), "Unauthenticated");
        assert!(reply.headers.contains_key("www-authenticate"));
    }
    let me = call_as(&app, Auth::ApiKey, Method::GET, "/api/v3/users/me", None).await;
    assert_eq!(me.json["name"], "Anna Schmidt");
    let bearer_key = call_as(
        &app,
        Auth::Bearer(common::KEY.to_owned()),
        Method::GET,
        "/api/v3/users/me",
        None,
    )
    .await;
    assert_eq!(bearer_key.status, 200);
}

#[tokio::test]
async fn a_session_cookie_counts_only_with_the_xhr_header() {
    let app = common::server();
    let request = Request::builder()
        .uri("/api/v3/users/me")
        .header("cookie", "other=1; _open_project_session=test-session")
        .header("x-requested-with", "XMLHttpRequest")
        .body(Body::empty())
        .unwrap();
    let reply = send(&app, request).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json["id"], 1);
}

#[tokio::test]
async fn anonymous_reading_works_but_writes_are_refused_and_action_links_hidden() {
    let app = app(ServerOptions {
        anonymous_read: true,
        ..common::options()
    });
    let wp = call_as(
        &app,
        Auth::None,
        Method::GET,
        "/api/v3/work_packages/1",
        None,
    )
    .await;
    assert_eq!(wp.status, 200);
    for action in [
        "update",
        "updateImmediately",
        "delete",
        "addComment",
        "addRelation",
    ] {
        assert!(
            wp.json["_links"].get(action).is_none(),
            "{action} shown to anonymous"
        );
    }
    let me = call_as(&app, Auth::None, Method::GET, "/api/v3/users/me", None).await;
    assert_eq!(me.json["name"], "Anonymous");
    let write = call_as(
        &app,
        Auth::None,
        Method::PATCH,
        "/api/v3/work_packages/1",
        Some(json!({"lockVersion": 0, "subject": "x"})),
    )
    .await;
    assert_eq!(write.status, 403);
    assert_eq!(error_id(&write), "MissingPermission");
    let wrong_key = call_as(
        &app,
        Auth::Header("authorization", common::basic("wrong")),
        Method::GET,
        "/api/v3/work_packages/1",
        None,
    )
    .await;
    assert_eq!(
        wrong_key.status, 401,
        "wrong credentials are not downgraded to anonymous"
    );
    let with_key = call_as(
        &app,
        Auth::ApiKey,
        Method::GET,
        "/api/v3/work_packages/1",
        None,
    )
    .await;
    assert!(with_key.json["_links"]["updateImmediately"].is_object());
}

async fn authorize(app: &axum::Router, verifier: &str) -> String {
    let query = serde_urlencoded::to_string([
        ("response_type", "code"),
        ("client_id", CLIENT),
        ("redirect_uri", REDIRECT),
        ("code_challenge", &challenge_for(verifier)),
        ("code_challenge_method", "S256"),
        ("state", "xyz 1"),
        ("scope", "api_v3"),
    ])
    .unwrap();
    let reply = call_as(
        app,
        Auth::None,
        Method::GET,
        &format!("/oauth/authorize?{query}"),
        None,
    )
    .await;
    assert_eq!(reply.status, 302);
    let location = reply.headers["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with(&format!("{REDIRECT}?code=")),
        "{location}"
    );
    assert!(location.ends_with("&state=xyz+1"), "{location}");
    let query = location.split_once('?').unwrap().1;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap();
    pairs.into_iter().find(|(k, _)| k == "code").unwrap().1
}

async fn token(app: &axum::Router, form: &[(&str, &str)]) -> common::Reply {
    let request = Request::builder()
        .method(Method::POST)
        .uri("/oauth/token")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(serde_urlencoded::to_string(form).unwrap()))
        .unwrap();
    send(app, request).await
}

#[tokio::test]
async fn the_pkce_flow_issues_tokens_that_work_and_refresh() {
    let app = oauth_server();
    let code = authorize(&app, VERIFIER).await;
    let reply = token(
        &app,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
            ("client_id", CLIENT),
            ("code_verifier", VERIFIER),
        ],
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.json["token_type"], "Bearer");
    assert_eq!(reply.json["scope"], "api_v3");
    let access = reply.json["access_token"].as_str().unwrap().to_owned();
    let refresh = reply.json["refresh_token"].as_str().unwrap().to_owned();
    let me = call_as(
        &app,
        Auth::Bearer(access.clone()),
        Method::GET,
        "/api/v3/users/me",
        None,
    )
    .await;
    assert_eq!(me.json["id"], 1);
    let reused = token(
        &app,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
            ("client_id", CLIENT),
            ("code_verifier", VERIFIER),
        ],
    )
    .await;
    assert_eq!(reused.status, 400, "a code works once");
    call_as(
        &app,
        Auth::None,
        Method::POST,
        "/__test/expire_tokens",
        None,
    )
    .await;
    let expired = call_as(
        &app,
        Auth::Bearer(access),
        Method::GET,
        "/api/v3/users/me",
        None,
    )
    .await;
    assert_eq!(expired.status, 401);
    let refreshed = token(
        &app,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", &refresh),
            ("client_id", CLIENT),
        ],
    )
    .await;
    assert_eq!(refreshed.status, 200);
    let fresh = refreshed.json["access_token"].as_str().unwrap().to_owned();
    let me = call_as(
        &app,
        Auth::Bearer(fresh),
        Method::GET,
        "/api/v3/users/me",
        None,
    )
    .await;
    assert_eq!(me.status, 200);
    let old_refresh = token(
        &app,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", &refresh),
            ("client_id", CLIENT),
        ],
    )
    .await;
    assert_eq!(old_refresh.status, 400, "refresh tokens rotate");
}

#[tokio::test]
async fn the_pkce_token_exchange_refuses_a_wrong_verifier() {
    let app = oauth_server();
    let code = authorize(&app, VERIFIER).await;
    let reply = token(
        &app,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
            ("client_id", CLIENT),
            ("code_verifier", "not-the-verifier-that-was-hashed-for-this"),
        ],
    )
    .await;
    assert_eq!(reply.status, 400);
    assert_eq!(reply.json["error"], "invalid_grant");
}

#[tokio::test]
async fn authorize_refuses_unknown_clients_and_other_redirect_uris() {
    let app = oauth_server();
    let challenge = challenge_for(VERIFIER);
    for (client, redirect) in [("stranger", REDIRECT), (CLIENT, "http://evil.example/cb")] {
        let query = serde_urlencoded::to_string([
            ("response_type", "code"),
            ("client_id", client),
            ("redirect_uri", redirect),
            ("code_challenge", challenge.as_str()),
            ("code_challenge_method", "S256"),
        ])
        .unwrap();
        let reply = call_as(
            &app,
            Auth::None,
            Method::GET,
            &format!("/oauth/authorize?{query}"),
            None,
        )
        .await;
        assert_eq!(reply.status, 400, "{client} {redirect}");
        assert!(!reply.headers.contains_key("location"));
    }
}

fn preflight(origin: &str, path: &str) -> Request<Body> {
    Request::builder()
        .method(Method::OPTIONS)
        .uri(path)
        .header("origin", origin)
        .header("access-control-request-method", "PATCH")
        .header(
            "access-control-request-headers",
            "authorization,content-type",
        )
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn cors_preflight_is_allowed_for_the_configured_origin_only() {
    let app = app(ServerOptions {
        allowed_origins: vec!["http://127.0.0.1:8080".to_owned()],
        ..common::options()
    });
    let allowed = send(
        &app,
        preflight("http://127.0.0.1:8080", "/api/v3/work_packages/1"),
    )
    .await;
    assert!(allowed.status.is_success(), "{}", allowed.status);
    assert_eq!(
        allowed.headers["access-control-allow-origin"],
        "http://127.0.0.1:8080"
    );
    let methods = allowed.headers["access-control-allow-methods"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(methods.contains("PATCH"), "{methods}");
    let headers = allowed.headers["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_lowercase();
    assert!(
        headers.contains("authorization") && headers.contains("content-type"),
        "{headers}"
    );
    let token_preflight = send(&app, preflight("http://127.0.0.1:8080", "/oauth/token")).await;
    assert_eq!(
        token_preflight.headers["access-control-allow-origin"],
        "http://127.0.0.1:8080"
    );
    let other = send(
        &app,
        preflight("http://evil.example", "/api/v3/work_packages/1"),
    )
    .await;
    assert!(!other.headers.contains_key("access-control-allow-origin"));
    let get = Request::builder()
        .uri("/api/v3/work_packages/1")
        .header("origin", "http://127.0.0.1:8080")
        .header("authorization", common::basic(common::KEY))
        .body(Body::empty())
        .unwrap();
    let reply = send(&app, get).await;
    assert_eq!(
        reply.headers["access-control-allow-origin"],
        "http://127.0.0.1:8080"
    );
}

#[tokio::test]
async fn without_configured_origins_no_cors_headers_are_sent() {
    let app = common::server();
    let reply = send(
        &app,
        preflight("http://127.0.0.1:8080", "/api/v3/work_packages/1"),
    )
    .await;
    assert!(!reply.headers.contains_key("access-control-allow-origin"));
}
