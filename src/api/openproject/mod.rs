//! The OpenProject API v3 backend: HAL+JSON over HTTP, mapped to domain types at the edge.
//! `transport.rs` is the only file here that touches the network; everything else is pure and
//! tested natively (a test transport talks to the OpenProject-compatible test server in-process).

pub mod backend;
mod base64;
mod board_order;
mod browser_boards;
mod calendar;
mod custom_values;
mod custom_write;
pub mod decode;
pub mod filters;
mod grid_boards;
pub mod hal;
pub mod oauth;
pub mod saved_views;
pub mod transport;
mod watchers;

pub use backend::OpenProjectBackend;

use crate::api::ApiError;
use serde::{Deserialize, Serialize};
use std::future::Future;
use std::pin::Pin;

/// How requests prove who is asking.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Auth {
    /// A public instance read anonymously.
    None,
    /// An API token, sent as Basic auth with the user name `apikey`.
    ApiKey(String),
    /// An OAuth 2 access token.
    Bearer(String),
    /// The browser's session cookie (same origin); requests carry `X-Requested-With`.
    Session,
}

/// Never prints a token, so a debug log cannot leak one.
impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::None => "None",
            Self::ApiKey(_) => "ApiKey(<redacted>)",
            Self::Bearer(_) => "Bearer(<redacted>)",
            Self::Session => "Session",
        })
    }
}

/// Where the server is and how to sign requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    /// The instance's base URL without a trailing slash, e.g. `https://op.example.org`; the API lives
    /// under `{base_url}/api/v3`.
    pub base_url: String,
    pub auth: Auth,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
        }
    }
}

#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: Method,
    /// Absolute URL.
    pub url: String,
    pub headers: Vec<(String, String)>,
    /// JSON text.
    pub body: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    pub content_type: Option<String>,
    /// Seconds the server asked to wait before trying again (`Retry-After` of a 429 or 503).
    pub retry_after: Option<u32>,
    pub body: String,
}

/// Headers are left out: they carry credentials.
impl std::fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

/// Sends one request. Fails with `ApiError::Network` when no answer arrives (offline, refused,
/// timed out); any HTTP status, including errors, is an `Ok` response for the caller to judge.
pub trait Transport {
    fn send(
        &self,
        request: HttpRequest,
    ) -> Pin<Box<dyn Future<Output = Result<HttpResponse, ApiError>> + '_>>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_a_token() {
        let auth = Auth::ApiKey("s3cret-token".to_owned());
        assert!(!format!("{auth:?}").contains("s3cret"));
        let request = HttpRequest {
            method: Method::Get,
            url: "https://op.example.org/api/v3".to_owned(),
            headers: vec![("Authorization".to_owned(), "Bearer s3cret-token".to_owned())],
            body: None,
        };
        assert!(!format!("{request:?}").contains("s3cret"));
    }
}
