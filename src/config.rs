//! The runtime configuration: an optional `config.json` next to `index.html`, so one build serves
//! any deployment. Without it Tafel runs on the store in the browser.
//!
//! ```json
//! {"backend": {"kind": "openproject", "url": "https://op.example.org", "auth": "apikey"}}
//! ```
//!
//! `backend.refresh_seconds` (default 15, 0 for never) sets how often an open project asks the server
//! for work packages changed by others; `backend.timeout_seconds` (default 30) how long Tafel waits
//! for an answer before it tells the user the server did not answer.
//!
//! `embed.allowed_origins` lists the host pages that may steer Tafel in a frame (README, Embedding);
//! `theme.default` and `theme.tokens` restyle it for a deployment (README, Theming).

use crate::domain::embed::origin_is_well_formed;
use crate::domain::theme_tokens::{self, ThemeToken};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackendConfig {
    Local,
    OpenProject { url: String, auth: AuthConfig },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthConfig {
    /// A public instance, read anonymously.
    None,
    /// The user pastes an API token (My account → Access tokens).
    ApiKey,
    /// OAuth 2 authorization code with PKCE, as a public client.
    OAuth {
        client_id: String,
        redirect_uri: String,
    },
    /// The browser's session with an OpenProject on the same origin.
    Session,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub backend: BackendConfig,
    /// Seconds between two looks for changes made by others on the server; 0 turns it off.
    pub refresh_seconds: u32,
    /// Seconds a request to the server may take before it counts as unanswered.
    pub timeout_seconds: u32,
    /// Origins of the pages that may embed Tafel and talk to it with `postMessage`; none by default.
    pub allowed_origins: Vec<String>,
    /// The theme until the user picks one: `system`, `light`, `dark` or `high-contrast`.
    pub default_theme: Option<String>,
    /// The deployment's design tokens, checked.
    pub tokens: Vec<ThemeToken>,
}

/// The theme names a configuration or a host may use.
pub const THEME_NAMES: [&str; 4] = ["system", "light", "dark", "high-contrast"];

pub const DEFAULT_REFRESH_SECONDS: u32 = 15;
pub const DEFAULT_TIMEOUT_SECONDS: u32 = 30;
/// Long enough for a slow report behind a proxy, short enough that a hung server is noticed.
const TIMEOUT_RANGE: std::ops::RangeInclusive<u32> = 1..=600;

impl Default for Config {
    fn default() -> Self {
        Self {
            backend: BackendConfig::Local,
            refresh_seconds: DEFAULT_REFRESH_SECONDS,
            timeout_seconds: DEFAULT_TIMEOUT_SECONDS,
            allowed_origins: Vec::new(),
            default_theme: None,
            tokens: Vec::new(),
        }
    }
}

/// The refresh interval of the configuration read at start-up, for the project views (set once).
static REFRESH_SECONDS: std::sync::atomic::AtomicU32 =
    std::sync::atomic::AtomicU32::new(DEFAULT_REFRESH_SECONDS);

pub fn set_refresh_seconds(seconds: u32) {
    REFRESH_SECONDS.store(seconds, std::sync::atomic::Ordering::Relaxed);
}

pub fn refresh_seconds() -> u32 {
    REFRESH_SECONDS.load(std::sync::atomic::Ordering::Relaxed)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    backend: Option<RawBackend>,
    embed: Option<RawEmbed>,
    theme: Option<RawTheme>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEmbed {
    #[serde(default)]
    allowed_origins: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTheme {
    default: Option<String>,
    #[serde(default)]
    tokens: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBackend {
    kind: String,
    url: Option<String>,
    auth: Option<String>,
    oauth: Option<RawOAuth>,
    refresh_seconds: Option<u32>,
    timeout_seconds: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOAuth {
    client_id: String,
    redirect_uri: String,
}

/// Reads `config.json`; the error says what is wrong in words an administrator can act on.
pub fn parse(json: &str) -> Result<Config, String> {
    let raw: RawConfig = serde_json::from_str(json).map_err(|e| format!("config.json: {e}"))?;
    let allowed_origins = raw.embed.map(|e| e.allowed_origins).unwrap_or_default();
    if let Some(bad) = allowed_origins.iter().find(|o| !origin_is_well_formed(o)) {
        return Err(format!(
            "config.json: embed.allowed_origins needs origins such as https://portal.example.org \
             (scheme, host and port; no path, no wildcard), got {bad:?}"
        ));
    }
    let (default_theme, tokens) = match raw.theme {
        None => (None, Vec::new()),
        Some(theme) => {
            if let Some(name) = theme.default.as_deref()
                && !THEME_NAMES.contains(&name)
            {
                return Err(format!(
                    "config.json: theme.default must be one of {} (got {name:?})",
                    THEME_NAMES.join(", ")
                ));
            }
            let tokens = theme_tokens::check_all(
                theme
                    .tokens
                    .iter()
                    .map(|(k, v)| (k.as_str(), Some(v.as_str()))),
            )
            .map_err(|problem| format!("config.json: {problem}"))?;
            (theme.default, tokens)
        }
    };
    let Some(backend) = raw.backend else {
        return Ok(Config {
            allowed_origins,
            default_theme,
            tokens,
            ..Config::default()
        });
    };
    let refresh_seconds = backend.refresh_seconds.unwrap_or(DEFAULT_REFRESH_SECONDS);
    let timeout_seconds = backend.timeout_seconds.unwrap_or(DEFAULT_TIMEOUT_SECONDS);
    if !TIMEOUT_RANGE.contains(&timeout_seconds) {
        return Err(format!(
            "config.json: backend.timeout_seconds must be between {} and {} (got {timeout_seconds})",
            TIMEOUT_RANGE.start(),
            TIMEOUT_RANGE.end()
        ));
    }
    let backend = match backend.kind.as_str() {
        "local" => BackendConfig::Local,
        "openproject" => {
            let url = backend
                .url
                .ok_or("config.json: backend.url is required for OpenProject")?;
            let url = url.trim().trim_end_matches('/').to_owned();
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                return Err(format!(
                    "config.json: backend.url must start with https:// (got {url:?})"
                ));
            }
            let auth = match backend.auth.as_deref().unwrap_or("none") {
                "none" => AuthConfig::None,
                "apikey" => AuthConfig::ApiKey,
                "session" => AuthConfig::Session,
                "oauth" => {
                    let oauth = backend.oauth.ok_or(
                        "config.json: auth \"oauth\" needs backend.oauth.client_id and redirect_uri",
                    )?;
                    AuthConfig::OAuth {
                        client_id: oauth.client_id,
                        redirect_uri: oauth.redirect_uri,
                    }
                }
                other => {
                    return Err(format!(
                        "config.json: backend.auth must be none, apikey, oauth or session (got {other:?})"
                    ));
                }
            };
            BackendConfig::OpenProject { url, auth }
        }
        other => {
            return Err(format!(
                "config.json: backend.kind must be local or openproject (got {other:?})"
            ));
        }
    };
    Ok(Config {
        backend,
        refresh_seconds,
        timeout_seconds,
        allowed_origins,
        default_theme,
        tokens,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_openproject_backend_with_an_api_key_is_read() {
        let config = parse(
            r#"{"backend":{"kind":"openproject","url":"https://op.example.org/","auth":"apikey"}}"#,
        )
        .unwrap();
        assert_eq!(
            config.backend,
            BackendConfig::OpenProject {
                url: "https://op.example.org".to_owned(),
                auth: AuthConfig::ApiKey
            }
        );
    }

    #[test]
    fn auth_defaults_to_anonymous_and_an_empty_file_means_local() {
        let config =
            parse(r#"{"backend":{"kind":"openproject","url":"https://op.example.org"}}"#).unwrap();
        assert!(matches!(
            config.backend,
            BackendConfig::OpenProject {
                auth: AuthConfig::None,
                ..
            }
        ));
        assert_eq!(parse("{}").unwrap(), Config::default());
    }

    #[test]
    fn oauth_needs_its_client() {
        let err = parse(
            r#"{"backend":{"kind":"openproject","url":"https://op.example.org","auth":"oauth"}}"#,
        )
        .unwrap_err();
        assert!(err.contains("client_id"), "{err}");
        let ok = parse(r#"{"backend":{"kind":"openproject","url":"https://op.example.org","auth":"oauth","oauth":{"client_id":"abc","redirect_uri":"https://tafel.example.org/"}}}"#).unwrap();
        assert!(matches!(
            ok.backend,
            BackendConfig::OpenProject {
                auth: AuthConfig::OAuth { .. },
                ..
            }
        ));
    }

    #[test]
    fn mistakes_are_named() {
        assert!(parse("not json").unwrap_err().starts_with("config.json:"));
        assert!(
            parse(r#"{"backend":{"kind":"jira"}}"#)
                .unwrap_err()
                .contains("jira")
        );
        assert!(
            parse(r#"{"backend":{"kind":"openproject","url":"op.example.org"}}"#)
                .unwrap_err()
                .contains("https://")
        );
        assert!(
            parse(r#"{"backend":{"kind":"local","colour":"red"}}"#)
                .unwrap_err()
                .contains("colour")
        );
    }

    #[test]
    fn embedding_origins_must_be_exact_origins() {
        let ok = parse(r#"{"embed":{"allowed_origins":["https://portal.example.org","http://127.0.0.1:8080"]}}"#)
            .unwrap();
        assert_eq!(ok.allowed_origins.len(), 2);
        assert_eq!(ok.backend, BackendConfig::Local);
        for bad in ["*", "https://portal.example.org/", "https://*.example.org"] {
            let err =
                parse(&format!(r#"{{"embed":{{"allowed_origins":["{bad}"]}}}}"#)).unwrap_err();
            assert!(err.contains("allowed_origins"), "{err}");
        }
    }

    #[test]
    fn a_deployment_theme_is_checked_like_a_hosts() {
        let ok = parse(r##"{"theme":{"default":"high-contrast","tokens":{"color-primary":"#0b5394","radius":"2px"}}}"##)
            .unwrap();
        assert_eq!(ok.default_theme.as_deref(), Some("high-contrast"));
        assert_eq!(ok.tokens[0].property, "--tafel-color-primary");
        assert!(
            parse(r#"{"theme":{"default":"neon"}}"#)
                .unwrap_err()
                .contains("neon")
        );
        assert!(
            parse(r#"{"theme":{"tokens":{"color-bg":"url(https://x.test/a.png)"}}}"#)
                .unwrap_err()
                .contains("color-bg")
        );
    }

    #[test]
    fn the_refresh_interval_is_read_and_defaults_to_fifteen_seconds() {
        let with = parse(
            r#"{"backend":{"kind":"openproject","url":"https://op.example.org","refresh_seconds":3}}"#,
        );
        assert_eq!(with.unwrap().refresh_seconds, 3);
        let without = parse(r#"{"backend":{"kind":"openproject","url":"https://op.example.org"}}"#);
        assert_eq!(without.unwrap().refresh_seconds, DEFAULT_REFRESH_SECONDS);
    }

    #[test]
    fn the_answer_timeout_is_read_within_bounds() {
        let url = r#""kind":"openproject","url":"https://op.example.org""#;
        let with = parse(&format!(r#"{{"backend":{{{url},"timeout_seconds":5}}}}"#));
        assert_eq!(with.unwrap().timeout_seconds, 5);
        let without = parse(&format!(r#"{{"backend":{{{url}}}}}"#));
        assert_eq!(without.unwrap().timeout_seconds, DEFAULT_TIMEOUT_SECONDS);
        for bad in [0, 601] {
            let err = parse(&format!(
                r#"{{"backend":{{{url},"timeout_seconds":{bad}}}}}"#
            ));
            assert!(err.unwrap_err().contains("timeout_seconds"));
        }
    }

    #[test]
    fn the_browser_session_of_the_same_origin_is_an_auth_kind() {
        let config = parse(
            r#"{"backend":{"kind":"openproject","url":"https://op.example.org","auth":"session"}}"#,
        )
        .unwrap();
        assert!(matches!(
            config.backend,
            BackendConfig::OpenProject {
                auth: AuthConfig::Session,
                ..
            }
        ));
    }
}
