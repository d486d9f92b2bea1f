//! Shared test helpers: calling the router without a socket, and checking bodies against the official spec.
#![allow(dead_code)] // each test file uses a different part of this module

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use base64::Engine;
use http_body_util::BodyExt;
use jsonschema::{Draft, Registry, Validator};
use serde_json::Value;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};
use tafel_op_server::{AppState, ServerOptions, app};
use tower::ServiceExt;

pub const KEY: &str = "test-key";

pub fn options() -> ServerOptions {
    ServerOptions {
        api_key: Some(KEY.to_owned()),
        ..ServerOptions::default()
    }
}

pub fn server() -> Router {
    app(options())
}

/// A server on which `token` is an OAuth access token of `user`, so a test can act as someone other
/// than the API key's user (Anna).
pub fn server_with_token_of(user: u64, token: &str) -> Router {
    let mut store = tafel_op_server::seeded_state();
    store.tokens.access.insert(token.to_owned(), user);
    tafel_op_server::routes::router(AppState {
        options: Arc::new(options()),
        store: Arc::new(Mutex::new(store)),
    })
}

#[derive(Debug, Clone)]
pub enum Auth {
    None,
    ApiKey,
    Bearer(String),
    Header(&'static str, String),
}

#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub json: Value,
    pub text: String,
}

pub fn basic(key: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("apikey:{key}"))
    )
}

pub async fn send(app: &Router, request: Request<Body>) -> Reply {
    let response = app
        .clone()
        .oneshot(request)
        .await
        .expect("router is infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    Reply {
        status,
        headers,
        json: serde_json::from_str(&text).unwrap_or(Value::Null),
        text,
    }
}

pub async fn call_as(
    app: &Router,
    auth: Auth,
    method: Method,
    uri: &str,
    body: Option<Value>,
) -> Reply {
    let mut builder = Request::builder().method(method).uri(uri);
    builder = match auth {
        Auth::None => builder,
        Auth::ApiKey => builder.header("authorization", basic(KEY)),
        Auth::Bearer(token) => builder.header("authorization", format!("Bearer {token}")),
        Auth::Header(name, value) => builder.header(name, value),
    };
    let request = match body {
        Some(body) => builder
            .header("content-type", "application/json")
            .body(Body::from(body.to_string())),
        None => builder.body(Body::empty()),
    };
    send(app, request.expect("valid request")).await
}

pub async fn get(app: &Router, uri: &str) -> Reply {
    call_as(app, Auth::ApiKey, Method::GET, uri, None).await
}

pub async fn patch(app: &Router, uri: &str, body: Value) -> Reply {
    call_as(app, Auth::ApiKey, Method::PATCH, uri, Some(body)).await
}

pub async fn post(app: &Router, uri: &str, body: Value) -> Reply {
    call_as(app, Auth::ApiKey, Method::POST, uri, Some(body)).await
}

pub async fn delete(app: &Router, uri: &str) -> Reply {
    call_as(app, Auth::ApiKey, Method::DELETE, uri, None).await
}

/// Percent-encodes a JSON query value such as `filters`.
pub fn enc(value: &str) -> String {
    serde_urlencoded::to_string([("v", value)]).expect("encodable")[2..].to_owned()
}

pub fn ids(reply: &Reply) -> Vec<u64> {
    reply.json["_embedded"]["elements"]
        .as_array()
        .expect("a collection")
        .iter()
        .map(|e| e["id"].as_u64().expect("an id"))
        .collect()
}

pub fn error_id(reply: &Reply) -> &str {
    reply.json["errorIdentifier"]
        .as_str()
        .and_then(|s| s.strip_prefix("urn:openproject-org:api:v3:errors:"))
        .unwrap_or("<none>")
}

// ---- the official description as a validator -------------------------------------------------

const BASE: &str = "https://spec.openproject.invalid/api-v3.json";

pub struct Spec {
    registry: Registry<'static>,
    validators: Mutex<HashMap<String, Arc<Validator>>>,
}

fn spec_path() -> PathBuf {
    std::env::var_os("TAFEL_OPENAPI_SPEC").map_or_else(
        || {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../../shared/openproject-api/openproject-api-v3.json")
        },
        PathBuf::from,
    )
}

/// The spec, or `None` (after printing why) when the file is absent, so validation tests skip.
pub fn spec() -> Option<&'static Spec> {
    static SPEC: OnceLock<Option<Spec>> = OnceLock::new();
    let spec = SPEC
        .get_or_init(|| {
            let path = spec_path();
            let text = std::fs::read_to_string(&path).ok()?;
            let document: Value = serde_json::from_str(&text).expect("the spec is JSON");
            let registry = Registry::new()
                .draft(Draft::Draft202012)
                .add(BASE, document)
                .expect("valid base URI")
                .prepare()
                .expect("the spec registers");
            Some(Spec {
                registry,
                validators: Mutex::new(HashMap::new()),
            })
        })
        .as_ref();
    if spec.is_none() {
        println!(
            "SKIPPED: OpenAPI spec not found at {} (set TAFEL_OPENAPI_SPEC); schema validation skipped",
            spec_path().display()
        );
    }
    spec
}

impl Spec {
    fn validator(&self, component: &str) -> Arc<Validator> {
        let mut cache = self.validators.lock().expect("not poisoned");
        cache
            .entry(component.to_owned())
            .or_insert_with(|| {
                let reference = serde_json::json!({ "$ref": format!("{BASE}#/components/schemas/{component}") });
                Arc::new(
                    jsonschema::options()
                        .with_draft(Draft::Draft202012)
                        .with_registry(&self.registry)
                        .should_validate_formats(true)
                        .build(&reference)
                        .unwrap_or_else(|e| panic!("no validator for {component}: {e}")),
                )
            })
            .clone()
    }

    pub fn errors(&self, component: &str, instance: &Value) -> Vec<String> {
        let validator = self.validator(component);
        validator
            .iter_errors(instance)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect()
    }

    /// Panics with every violation when `instance` does not fit `components.schemas.<component>`.
    pub fn check(&self, component: &str, instance: &Value) {
        let errors = self.errors(component, instance);
        assert!(
            errors.is_empty(),
            "response does not fit {component}:\n{}\n{}",
            errors.join("\n"),
            serde_json::to_string_pretty(instance).unwrap_or_default()
        );
    }

    /// Checks a collection and, separately, each element (for the bare-object collection schemas).
    pub fn check_collection(&self, collection: &str, element: &str, instance: &Value) {
        self.check(collection, instance);
        for item in instance["_embedded"]["elements"]
            .as_array()
            .expect("elements")
        {
            self.check(element, item);
        }
    }
}
