//! OAuth 2 authorization code with PKCE, as a public client (RFC 6749, RFC 7636): the pure parts.
//! The browser parts (random bytes, redirects, storage) live in the app; the requests go through the
//! same `Transport` as the API.

use super::filters::encode_query;
use super::{HttpRequest, HttpResponse, Method, base64};
use crate::api::ApiError;
use serde::Deserialize;
use sha2::{Digest, Sha256};

/// The secret kept in this tab (`verifier`) and its hash sent with the authorization request.
#[derive(Clone, PartialEq, Eq)]
pub struct Pkce {
    pub verifier: String,
    pub challenge: String,
}

/// The verifier is a secret until the code is traded; the challenge is public.
impl std::fmt::Debug for Pkce {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pkce")
            .field("verifier", &"<redacted>")
            .field("challenge", &self.challenge)
            .finish()
    }
}

/// From 32 random bytes: a 43-character verifier, as RFC 7636 recommends.
pub fn pkce(random: &[u8; 32]) -> Pkce {
    let verifier = base64::url_safe(random);
    let challenge = base64::url_safe(&Sha256::digest(verifier.as_bytes()));
    Pkce {
        verifier,
        challenge,
    }
}

/// An opaque value tying the redirect back to this sign-in.
pub fn state(random: &[u8; 16]) -> String {
    base64::url_safe(random)
}

/// Where to send the browser to sign in.
pub fn authorize_url(
    server: &str,
    client_id: &str,
    redirect_uri: &str,
    challenge: &str,
    state: &str,
) -> String {
    let query = encode_query(&[
        ("response_type", "code".to_owned()),
        ("client_id", client_id.to_owned()),
        ("redirect_uri", redirect_uri.to_owned()),
        ("scope", "api_v3".to_owned()),
        ("code_challenge", challenge.to_owned()),
        ("code_challenge_method", "S256".to_owned()),
        ("state", state.to_owned()),
    ]);
    format!("{server}/oauth/authorize?{query}")
}

/// What the authorization server sent back in the redirect's query.
#[derive(Clone, PartialEq, Eq)]
pub enum Callback {
    Code { code: String, state: String },
    Refused { error: String },
}

/// The code buys tokens (with the verifier), so it is not printed.
impl std::fmt::Debug for Callback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Code { state, .. } => f
                .debug_struct("Code")
                .field("code", &"<redacted>")
                .field("state", state)
                .finish(),
            Self::Refused { error } => f.debug_struct("Refused").field("error", error).finish(),
        }
    }
}

/// The PKCE verifier for a redirect back from the sign-in page, when its `state` is the one this
/// tab sent (`pending`, as kept by `credentials::save_pending_sign_in`). Anything else, or no
/// pending sign-in at all, is someone else's sign-in (login CSRF) and gets no verifier.
pub fn verifier_for(pending: Option<(String, String)>, returned_state: &str) -> Option<String> {
    let (expected, verifier) = pending?;
    (!expected.is_empty() && expected == returned_state).then_some(verifier)
}

/// Reads `?code=…&state=…` (or `?error=…`); `None` when the URL is not a sign-in redirect.
pub fn parse_callback(pairs: &[(String, String)]) -> Option<Callback> {
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    if let Some(error) = get("error") {
        return Some(Callback::Refused { error });
    }
    Some(Callback::Code {
        code: get("code")?,
        state: get("state")?,
    })
}

fn form_request(server: &str, params: &[(&str, String)]) -> HttpRequest {
    HttpRequest {
        method: Method::Post,
        url: format!("{server}/oauth/token"),
        headers: vec![(
            "Content-Type".to_owned(),
            "application/x-www-form-urlencoded".to_owned(),
        )],
        body: Some(encode_query(params)),
    }
}

/// Trades the code for tokens, proving possession of the verifier.
pub fn token_request(
    server: &str,
    client_id: &str,
    redirect_uri: &str,
    code: &str,
    verifier: &str,
) -> HttpRequest {
    form_request(
        server,
        &[
            ("grant_type", "authorization_code".to_owned()),
            ("code", code.to_owned()),
            ("redirect_uri", redirect_uri.to_owned()),
            ("client_id", client_id.to_owned()),
            ("code_verifier", verifier.to_owned()),
        ],
    )
}

pub fn refresh_request(server: &str, client_id: &str, refresh_token: &str) -> HttpRequest {
    form_request(
        server,
        &[
            ("grant_type", "refresh_token".to_owned()),
            ("refresh_token", refresh_token.to_owned()),
            ("client_id", client_id.to_owned()),
        ],
    )
}

#[derive(Clone, PartialEq, Eq, Deserialize)]
pub struct Tokens {
    pub access_token: String,
    #[serde(default)]
    pub refresh_token: Option<String>,
}

/// Never prints a token, so a debug log cannot leak one.
impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokens")
            .field("access_token", &"<redacted>")
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

#[derive(Deserialize)]
struct TokenError {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
}

pub fn decode_tokens(response: &HttpResponse) -> Result<Tokens, ApiError> {
    if (200..300).contains(&response.status) {
        return serde_json::from_str(&response.body)
            .map_err(|e| ApiError::Decode(format!("token response: {e}")));
    }
    let reason = serde_json::from_str::<TokenError>(&response.body).map_or_else(
        |_| format!("HTTP {}", response.status),
        |e| e.error_description.unwrap_or(e.error),
    );
    match response.status {
        400 | 401 => Err(ApiError::Unauthenticated),
        status if status >= 500 => Err(ApiError::Server {
            status,
            message: reason,
        }),
        _ => Err(ApiError::Decode(reason)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_challenge_is_the_rfc_7636_example() {
        // Appendix B of RFC 7636: these 32 bytes give this verifier and challenge.
        let random: [u8; 32] = [
            116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212,
            37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
        ];
        let pkce = pkce(&random);
        assert_eq!(pkce.verifier, "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
        assert_eq!(
            pkce.challenge,
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn the_authorize_url_carries_the_challenge_and_state() {
        let url = authorize_url(
            "https://op.example.org",
            "tafel",
            "https://t.example.org/",
            "abc",
            "xyz",
        );
        assert!(url.starts_with("https://op.example.org/oauth/authorize?response_type=code&client_id=tafel&redirect_uri=https%3A%2F%2Ft.example.org%2F"), "{url}");
        assert!(
            url.contains("code_challenge=abc&code_challenge_method=S256&state=xyz"),
            "{url}"
        );
    }

    #[test]
    fn a_redirect_is_read_and_anything_else_is_not_a_callback() {
        let pairs = |list: &[(&str, &str)]| {
            list.iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            parse_callback(&pairs(&[("code", "c1"), ("state", "s1")])),
            Some(Callback::Code {
                code: "c1".to_owned(),
                state: "s1".to_owned()
            })
        );
        assert_eq!(
            parse_callback(&pairs(&[("error", "access_denied")])),
            Some(Callback::Refused {
                error: "access_denied".to_owned()
            })
        );
        assert_eq!(parse_callback(&pairs(&[("wp", "12")])), None);
    }

    #[test]
    fn token_answers_and_refusals_are_told_apart() {
        let ok = HttpResponse {
            status: 200,
            content_type: Some("application/json".to_owned()),
            retry_after: None,
            body: r#"{"access_token":"a","token_type":"Bearer","refresh_token":"r"}"#.to_owned(),
        };
        assert_eq!(
            decode_tokens(&ok).unwrap(),
            Tokens {
                access_token: "a".to_owned(),
                refresh_token: Some("r".to_owned())
            }
        );
        let refused = HttpResponse {
            status: 400,
            content_type: None,
            retry_after: None,
            body: r#"{"error":"invalid_grant"}"#.to_owned(),
        };
        assert_eq!(decode_tokens(&refused), Err(ApiError::Unauthenticated));
    }

    #[test]
    fn only_the_state_this_tab_sent_gets_the_verifier() {
        let pending = || Some(("st4te".to_owned(), "v3rifier".to_owned()));
        assert_eq!(
            verifier_for(pending(), "st4te").as_deref(),
            Some("v3rifier")
        );
        assert_eq!(verifier_for(pending(), "other"), None);
        assert_eq!(verifier_for(pending(), ""), None);
        assert_eq!(verifier_for(pending(), "st4te "), None);
        assert_eq!(verifier_for(None, "st4te"), None);
        assert_eq!(
            verifier_for(Some((String::new(), "v".to_owned())), ""),
            None
        );
    }

    #[test]
    fn secrets_go_in_request_bodies_never_in_urls() {
        let server = "https://op.example.org";
        let pkce = pkce(&[7; 32]);
        let authorize = authorize_url(server, "tafel", "https://t.example/", &pkce.challenge, "st");
        assert!(!authorize.contains(&pkce.verifier), "{authorize}");
        let trade = token_request(
            server,
            "tafel",
            "https://t.example/",
            "c0de",
            &pkce.verifier,
        );
        assert_eq!(trade.url, "https://op.example.org/oauth/token");
        assert_eq!(trade.method, Method::Post);
        let body = trade.body.as_deref().unwrap();
        assert!(
            body.contains("code=c0de") && body.contains(&pkce.verifier),
            "{body}"
        );
        let refresh = refresh_request(server, "tafel", "r3fresh");
        assert_eq!(refresh.url, "https://op.example.org/oauth/token");
        assert!(
            refresh
                .body
                .as_deref()
                .unwrap()
                .contains("refresh_token=r3fresh")
        );
        // Debug output of the requests (for logs) shows neither.
        for request in [&trade, &refresh] {
            let printed = format!("{request:?}");
            assert!(
                !printed.contains("c0de")
                    && !printed.contains("r3fresh")
                    && !printed.contains(&pkce.verifier)
            );
        }
    }

    #[test]
    fn debug_output_never_shows_a_token_a_code_or_the_verifier() {
        let tokens = Tokens {
            access_token: "acc3ss".to_owned(),
            refresh_token: Some("r3fresh".to_owned()),
        };
        let printed = format!("{tokens:?}");
        assert!(
            !printed.contains("acc3ss") && !printed.contains("r3fresh"),
            "{printed}"
        );
        let pkce = pkce(&[7; 32]);
        let printed = format!("{pkce:?}");
        assert!(!printed.contains(&pkce.verifier), "{printed}");
        assert!(printed.contains(&pkce.challenge), "{printed}");
        let callback = Callback::Code {
            code: "c0de".to_owned(),
            state: "st".to_owned(),
        };
        assert!(!format!("{callback:?}").contains("c0de"));
    }
}
