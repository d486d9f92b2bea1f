//! The browser's `fetch`, the only code in the OpenProject backend that touches the network.
//!
//! It compiles natively too (the crate's tests build for the host), but only works in a browser;
//! natively it answers with `ApiError::Network` instead of calling into JavaScript.

use super::{Auth, Connection, HttpRequest, HttpResponse, Transport};
use crate::api::ApiError;
use gloo_timers::callback::Timeout;
use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestCredentials, RequestInit, RequestMode, Response};

pub struct FetchTransport {
    timeout: Duration,
    credentials: RequestCredentials,
}

/// The deployment's timeout (`config.json`: `backend.timeout_seconds`), set once at start-up.
static DEFAULT_TIMEOUT_MS: AtomicU32 = AtomicU32::new(30_000);

/// The deployment's timeout; cookies only to the same origin (the browser's default), which suits
/// every auth kind when Tafel is served beside OpenProject. `new` is stricter.
impl Default for FetchTransport {
    fn default() -> Self {
        Self {
            timeout: Duration::from_millis(u64::from(DEFAULT_TIMEOUT_MS.load(Ordering::Relaxed))),
            credentials: RequestCredentials::SameOrigin,
        }
    }
}

impl FetchTransport {
    /// How long every transport made from now on waits for an answer before giving up with
    /// `ApiError::TimedOut`.
    pub fn set_default_timeout(timeout: Duration) {
        let millis = u32::try_from(timeout.as_millis()).unwrap_or(u32::MAX);
        DEFAULT_TIMEOUT_MS.store(millis, Ordering::Relaxed);
    }

    /// Sends cookies (even cross-origin) only for `Auth::Session`, so a token user never acts with
    /// a session cookie that happens to be around.
    pub fn new(connection: &Connection) -> Self {
        Self {
            credentials: if connection.auth == Auth::Session {
                RequestCredentials::Include
            } else {
                RequestCredentials::Omit
            },
            ..Self::default()
        }
    }

    #[must_use]
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }
}

impl Transport for FetchTransport {
    fn send(
        &self,
        request: HttpRequest,
    ) -> Pin<Box<dyn Future<Output = Result<HttpResponse, ApiError>> + '_>> {
        Box::pin(fetch(request, self.timeout, self.credentials))
    }
}

async fn fetch(
    request: HttpRequest,
    timeout: Duration,
    credentials: RequestCredentials,
) -> Result<HttpResponse, ApiError> {
    if !cfg!(target_arch = "wasm32") {
        return Err(ApiError::Network(
            "fetch is only available in a browser".to_owned(),
        ));
    }
    let window = web_sys::window().ok_or_else(|| network("no window"))?;
    let controller = AbortController::new().map_err(js_network)?;
    let init = RequestInit::new();
    init.set_method(request.method.as_str());
    let headers = Headers::new().map_err(js_network)?;
    for (name, value) in &request.headers {
        headers.set(name, value).map_err(js_network)?;
    }
    init.set_headers(&headers);
    if let Some(body) = &request.body {
        init.set_body(&JsValue::from_str(body));
    }
    init.set_mode(RequestMode::Cors);
    init.set_credentials(credentials);
    init.set_signal(Some(&controller.signal()));

    // Aborting rejects the pending fetch (or body read); the flag tells that apart from other failures.
    let timed_out = Rc::new(Cell::new(false));
    let timer = {
        let timed_out = timed_out.clone();
        let controller = controller.clone();
        let millis = u32::try_from(timeout.as_millis()).unwrap_or(u32::MAX);
        Timeout::new(millis, move || {
            timed_out.set(true);
            controller.abort();
        })
    };
    let result = exchange(&window, &request.url, &init).await;
    drop(timer);
    match result {
        Err(_) if timed_out.get() => Err(ApiError::TimedOut),
        other => other,
    }
}

async fn exchange(
    window: &web_sys::Window,
    url: &str,
    init: &RequestInit,
) -> Result<HttpResponse, ApiError> {
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(url, init))
        .await
        .map_err(js_network)?
        .dyn_into()
        .map_err(|_| network("fetch did not give a Response"))?;
    let content_type = response.headers().get("content-type").ok().flatten();
    let retry_after = response
        .headers()
        .get("retry-after")
        .ok()
        .flatten()
        .and_then(|v| v.trim().parse().ok());
    let body = JsFuture::from(response.text().map_err(js_network)?)
        .await
        .map_err(js_network)?
        .as_string()
        .unwrap_or_default();
    Ok(HttpResponse {
        status: response.status(),
        content_type,
        retry_after,
        body,
    })
}

fn network(message: &str) -> ApiError {
    ApiError::Network(message.to_owned())
}

/// A rejected fetch is a `TypeError` ("Failed to fetch": offline, refused, CORS) or an `AbortError`.
fn js_network(error: JsValue) -> ApiError {
    let message = error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| format!("{error:?}"));
    ApiError::Network(message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::openproject::Method;

    #[test]
    fn credentials_go_along_only_for_session_auth() {
        let connection = |auth| Connection {
            base_url: "https://op.example.org".to_owned(),
            auth,
        };
        assert_eq!(
            FetchTransport::new(&connection(Auth::Session)).credentials,
            RequestCredentials::Include
        );
        assert_eq!(
            FetchTransport::new(&connection(Auth::ApiKey("k".to_owned()))).credentials,
            RequestCredentials::Omit
        );
        assert_eq!(
            FetchTransport::default().credentials,
            RequestCredentials::SameOrigin
        );
        let transport =
            FetchTransport::new(&connection(Auth::None)).with_timeout(Duration::from_secs(5));
        assert_eq!(transport.timeout, Duration::from_secs(5));
    }

    #[test]
    fn natively_there_is_no_network() {
        let transport = FetchTransport::new(&Connection {
            base_url: "https://op.example.org".to_owned(),
            auth: Auth::None,
        });
        let result = futures::executor::block_on(transport.send(HttpRequest {
            method: Method::Get,
            url: "https://op.example.org/api/v3".to_owned(),
            headers: Vec::new(),
            body: None,
        }));
        assert!(matches!(result, Err(ApiError::Network(_))));
    }
}
