//! The embedding protocol: the messages a host page and an embedded Tafel exchange with
//! `postMessage`, and who may send them. Plain data here; the browser side is `state::embed`.
//!
//! Every message is an object with a `type` starting with `tafel:`. The host sends `tafel:navigate`,
//! `tafel:set-filters`, `tafel:set-theme`, `tafel:set-locale`, `tafel:set-token` and
//! `tafel:get-state`; Tafel sends `tafel:ready`, `tafel:state`, `tafel:navigated`, `tafel:selection`,
//! `tafel:work-package-changed`, `tafel:resize`, `tafel:needs-token` and `tafel:error` (README,
//! Embedding).

use super::saved_view::{percent_decode, percent_encode};
use serde_json::{Map, Value, json};

/// Raised when the protocol changes in a way an existing host would notice.
pub const PROTOCOL: u32 = 1;

/// The project views a host can open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProjectView {
    Board,
    Table,
    Gantt,
}

impl ProjectView {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Board => "board",
            Self::Table => "table",
            Self::Gantt => "gantt",
        }
    }

    fn parse(raw: &str) -> Option<Self> {
        [Self::Board, Self::Table, Self::Gantt]
            .into_iter()
            .find(|v| v.as_str() == raw)
    }
}

/// How a token handed over by the host is sent to OpenProject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenScheme {
    /// An API token (Basic auth, user `apikey`).
    ApiKey,
    /// An OAuth access token the host obtained (`Authorization: Bearer`).
    Bearer,
}

/// What a host asks of Tafel.
#[derive(Clone, PartialEq, Eq)]
pub enum Inbound {
    Navigate {
        project: Option<String>,
        view: Option<ProjectView>,
        work_package: Option<u64>,
    },
    /// Filter parameters as in Tafel's own links (`q`, `status`, `assignee`, `type`, `priority`,
    /// `version`, `due`, `sort`, `f`); the ones not given are cleared.
    SetFilters(Vec<(String, String)>),
    /// `theme` one of `system`, `light`, `dark`, `high-contrast`; tokens by name, `None` to remove.
    SetTheme {
        theme: Option<String>,
        tokens: Vec<(String, Option<String>)>,
    },
    SetLocale(String),
    SetToken {
        token: String,
        scheme: TokenScheme,
    },
    GetState,
}

/// Never prints a token.
impl std::fmt::Debug for Inbound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::SetToken { scheme, .. } => write!(f, "SetToken({scheme:?}, <redacted>)"),
            Self::Navigate {
                project,
                view,
                work_package,
            } => write!(f, "Navigate({project:?}, {view:?}, {work_package:?})"),
            Self::SetFilters(pairs) => write!(f, "SetFilters({pairs:?})"),
            Self::SetTheme { theme, tokens } => write!(f, "SetTheme({theme:?}, {tokens:?})"),
            Self::SetLocale(locale) => write!(f, "SetLocale({locale:?})"),
            Self::GetState => write!(f, "GetState"),
        }
    }
}

/// Why a message from an allowed host was not followed; sent back as `tafel:error`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtocolError {
    pub code: &'static str,
    pub message: String,
}

impl ProtocolError {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

fn bad(message: impl Into<String>) -> ProtocolError {
    ProtocolError::new("bad-message", message)
}

/// The filter parameters a host may set, the same names Tafel's links use.
pub const FILTER_KEYS: [&str; 9] = [
    "q", "status", "assignee", "type", "priority", "version", "due", "sort", "f",
];

fn optional_string(
    object: &Map<String, Value>,
    key: &str,
) -> Result<Option<String>, ProtocolError> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(bad(format!("{key} must be a string"))),
    }
}

fn navigate(object: &Map<String, Value>) -> Result<Inbound, ProtocolError> {
    let project = optional_string(object, "project")?.filter(|p| !p.is_empty());
    if project
        .as_deref()
        .is_some_and(|p| p.contains(['/', '?', '#']))
    {
        return Err(bad("project must be a project identifier or id"));
    }
    let view = match optional_string(object, "view")? {
        None => None,
        Some(raw) => Some(
            ProjectView::parse(&raw)
                .ok_or_else(|| bad("view must be \"board\", \"table\" or \"gantt\""))?,
        ),
    };
    let work_package = match object.get("workPackage") {
        None | Some(Value::Null) => None,
        Some(value) => Some(
            value
                .as_u64()
                .filter(|id| *id > 0)
                .ok_or_else(|| bad("workPackage must be a positive integer id"))?,
        ),
    };
    if project.is_none() && work_package.is_none() && view.is_some() {
        return Err(bad("a view needs a project"));
    }
    Ok(Inbound::Navigate {
        project,
        view,
        work_package,
    })
}

fn filters(object: &Map<String, Value>) -> Result<Inbound, ProtocolError> {
    let Some(Value::Object(given)) = object.get("filters") else {
        return Err(bad("filters must be an object of filter parameters"));
    };
    let mut pairs = Vec::new();
    for (key, value) in given {
        if !FILTER_KEYS.contains(&key.as_str()) {
            return Err(ProtocolError::new(
                "unknown-filter",
                format!(
                    "unknown filter parameter {key:?}; known: {}",
                    FILTER_KEYS.join(", ")
                ),
            ));
        }
        let values: Vec<&Value> = match value {
            Value::Array(items) => items.iter().collect(),
            single => vec![single],
        };
        for item in values {
            let text = match item {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                _ => return Err(bad(format!("filter {key} must be a string or number"))),
            };
            pairs.push((key.clone(), text));
        }
    }
    Ok(Inbound::SetFilters(pairs))
}

fn theme(object: &Map<String, Value>) -> Result<Inbound, ProtocolError> {
    let theme = optional_string(object, "theme")?;
    let tokens = match object.get("tokens") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Object(tokens)) => tokens
            .iter()
            .map(|(name, value)| match value {
                Value::String(s) => Ok((name.clone(), Some(s.clone()))),
                Value::Null => Ok((name.clone(), None)),
                _ => Err(bad(format!("token {name} must be a string or null"))),
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(bad("tokens must be an object")),
    };
    Ok(Inbound::SetTheme { theme, tokens })
}

fn token(object: &Map<String, Value>) -> Result<Inbound, ProtocolError> {
    let token = optional_string(object, "token")?
        .filter(|t| !t.trim().is_empty())
        .ok_or_else(|| bad("token must be a non-empty string"))?;
    let scheme = match optional_string(object, "scheme")?.as_deref() {
        None | Some("apikey") => TokenScheme::ApiKey,
        Some("bearer") => TokenScheme::Bearer,
        Some(_) => return Err(bad("scheme must be \"apikey\" or \"bearer\"")),
    };
    Ok(Inbound::SetToken {
        token: token.trim().to_owned(),
        scheme,
    })
}

/// Reads a message; `Ok(None)` for one that is not for Tafel (no `tafel:` type), which is ignored
/// quietly, as a page may carry other frames' messages too.
pub fn parse(message: &Value) -> Result<Option<Inbound>, ProtocolError> {
    let Some(object) = message.as_object() else {
        return Ok(None);
    };
    let Some(kind) = object.get("type").and_then(Value::as_str) else {
        return Ok(None);
    };
    let Some(kind) = kind.strip_prefix("tafel:") else {
        return Ok(None);
    };
    let inbound = match kind {
        "navigate" => navigate(object)?,
        "set-filters" => filters(object)?,
        "set-theme" => theme(object)?,
        "set-locale" => Inbound::SetLocale(
            optional_string(object, "locale")?.ok_or_else(|| bad("locale must be given"))?,
        ),
        "set-token" => token(object)?,
        "get-state" => Inbound::GetState,
        other => {
            return Err(ProtocolError::new(
                "unknown-type",
                format!("unknown message type \"tafel:{other}\""),
            ));
        }
    };
    Ok(Some(inbound))
}

/// The app path a navigation asks for, before the router's base.
pub fn route(
    project: Option<&str>,
    view: Option<ProjectView>,
    work_package: Option<u64>,
) -> String {
    match (project, work_package) {
        (Some(project), wp) => {
            let view = view.unwrap_or(ProjectView::Board).as_str();
            let project = percent_encode(project);
            match wp {
                Some(id) => format!("/projects/{project}/{view}?wp={id}"),
                None => format!("/projects/{project}/{view}"),
            }
        }
        (None, Some(id)) => format!("/work_packages/{id}"),
        (None, None) => "/".to_owned(),
    }
}

/// Where the app is, as the host sees it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RouteInfo {
    pub path: String,
    pub project: Option<String>,
    pub view: Option<ProjectView>,
    pub work_package: Option<u64>,
}

impl RouteInfo {
    /// From the app path (without the router's base) and its `wp` query parameter.
    pub fn from_path(path: &str, wp: Option<&str>) -> Self {
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        let (project, view, page_wp) = match segments.as_slice() {
            ["projects", project, rest @ ..] => (
                Some(percent_decode(project)),
                rest.first().and_then(|v| ProjectView::parse(v)),
                None,
            ),
            ["work_packages", id] => (None, None, id.parse().ok()),
            _ => (None, None, None),
        };
        Self {
            path: path.to_owned(),
            project,
            view,
            work_package: page_wp.or_else(|| wp.and_then(|w| w.parse().ok())),
        }
    }

    fn to_json(&self) -> Value {
        json!({
            "path": self.path,
            "project": self.project,
            "view": self.view.map(ProjectView::as_str),
            "workPackage": self.work_package,
        })
    }
}

/// What Tafel tells the host.
#[derive(Debug, Clone, PartialEq)]
pub enum Outbound {
    Ready {
        locale: String,
        theme: String,
        route: RouteInfo,
        /// Tafel waits for a sign-in: the host may hand over a token (`tafel:set-token`).
        needs_token: bool,
    },
    State {
        locale: String,
        theme: String,
        route: RouteInfo,
        selection: Vec<u64>,
    },
    Navigated(RouteInfo),
    Selection(Vec<u64>),
    /// A change of the user's that the server (or the store) confirmed: `change` is `created`,
    /// `updated` or `deleted`; no subject for a deletion.
    WorkPackageChanged {
        id: u64,
        change: &'static str,
        subject: Option<String>,
    },
    Resize {
        height: u32,
    },
    /// The server stopped accepting the token: a new one is needed (`tafel:set-token`).
    NeedsToken,
    Error(ProtocolError),
}

impl Outbound {
    pub fn to_json(&self) -> Value {
        match self {
            Self::Ready {
                locale,
                theme,
                route,
                needs_token,
            } => json!({
                "type": "tafel:ready", "protocol": PROTOCOL, "locale": locale, "theme": theme,
                "route": route.to_json(), "needsToken": needs_token,
            }),
            Self::State {
                locale,
                theme,
                route,
                selection,
            } => json!({
                "type": "tafel:state", "protocol": PROTOCOL, "locale": locale, "theme": theme,
                "route": route.to_json(), "selection": selection,
            }),
            Self::Navigated(route) => json!({"type": "tafel:navigated", "route": route.to_json()}),
            Self::Selection(ids) => json!({"type": "tafel:selection", "workPackages": ids}),
            Self::WorkPackageChanged {
                id,
                change,
                subject,
            } => json!({
                "type": "tafel:work-package-changed", "change": change,
                "workPackage": {"id": id, "subject": subject},
            }),
            Self::Resize { height } => json!({"type": "tafel:resize", "height": height}),
            Self::NeedsToken => json!({"type": "tafel:needs-token"}),
            Self::Error(error) => json!({
                "type": "tafel:error", "code": error.code, "message": error.message,
            }),
        }
    }
}

/// An origin as a browser writes it (`https://portal.example.org`, `http://127.0.0.1:8080`):
/// scheme, host and port only. Anything else in the configuration is refused rather than guessed.
pub fn origin_is_well_formed(origin: &str) -> bool {
    let Some((scheme, rest)) = origin.split_once("://") else {
        return false;
    };
    matches!(scheme, "https" | "http")
        && !rest.is_empty()
        && !rest.contains(['/', '?', '#', '@', '*', ' '])
        && origin.trim() == origin
}

/// Whether a message from `origin` is followed: exact match with a configured origin. There is
/// no wildcard, so a page Tafel was not told about can neither steer it nor read from it.
pub fn origin_allowed(allowed: &[String], origin: &str) -> bool {
    allowed.iter().any(|a| a == origin)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(value: Value) -> Inbound {
        parse(&value).unwrap().unwrap()
    }

    #[test]
    fn navigation_to_a_work_package_on_a_view_becomes_its_route() {
        let inbound = parsed(
            json!({"type": "tafel:navigate", "project": "demo", "view": "gantt", "workPackage": 12}),
        );
        let Inbound::Navigate {
            project,
            view,
            work_package,
        } = inbound
        else {
            panic!("not a navigation")
        };
        assert_eq!(
            route(project.as_deref(), view, work_package),
            "/projects/demo/gantt?wp=12"
        );
        assert_eq!(route(Some("a b"), None, None), "/projects/a%20b/board");
        assert_eq!(route(None, None, Some(7)), "/work_packages/7");
        assert_eq!(route(None, None, None), "/");
    }

    #[test]
    fn a_navigation_that_could_leave_the_app_or_names_no_project_is_refused() {
        for bad_message in [
            json!({"type": "tafel:navigate", "project": "../../evil"}),
            json!({"type": "tafel:navigate", "project": "x?y=1"}),
            json!({"type": "tafel:navigate", "view": "board"}),
            json!({"type": "tafel:navigate", "project": "demo", "view": "calendar"}),
            json!({"type": "tafel:navigate", "workPackage": -3}),
            json!({"type": "tafel:navigate", "workPackage": "12"}),
        ] {
            assert_eq!(
                parse(&bad_message).unwrap_err().code,
                "bad-message",
                "{bad_message}"
            );
        }
    }

    #[test]
    fn filters_use_the_names_of_tafels_links_and_an_unknown_one_is_named_back() {
        let inbound = parsed(
            json!({"type": "tafel:set-filters", "filters": {"status": "open", "f": ["a", "b"], "priority": 3}}),
        );
        assert_eq!(
            inbound,
            Inbound::SetFilters(vec![
                ("f".into(), "a".into()),
                ("f".into(), "b".into()),
                ("priority".into(), "3".into()),
                ("status".into(), "open".into()),
            ])
        );
        let error =
            parse(&json!({"type": "tafel:set-filters", "filters": {"colour": "red"}})).unwrap_err();
        assert_eq!(error.code, "unknown-filter");
        assert!(error.message.contains("colour"));
    }

    #[test]
    fn theme_locale_token_and_state_requests_are_read() {
        assert_eq!(
            parsed(
                json!({"type": "tafel:set-theme", "theme": "dark", "tokens": {"radius": "0", "color-bg": null}})
            ),
            Inbound::SetTheme {
                theme: Some("dark".into()),
                tokens: vec![
                    ("color-bg".into(), None),
                    ("radius".into(), Some("0".into()))
                ],
            }
        );
        assert_eq!(
            parsed(json!({"type": "tafel:set-locale", "locale": "de"})),
            Inbound::SetLocale("de".into())
        );
        assert_eq!(
            parsed(json!({"type": "tafel:set-token", "token": " abc ", "scheme": "bearer"})),
            Inbound::SetToken {
                token: "abc".into(),
                scheme: TokenScheme::Bearer
            }
        );
        assert_eq!(
            parsed(json!({"type": "tafel:get-state"})),
            Inbound::GetState
        );
        assert!(parse(&json!({"type": "tafel:set-token", "token": ""})).is_err());
    }

    #[test]
    fn a_token_never_shows_in_debug_output() {
        let inbound = parsed(json!({"type": "tafel:set-token", "token": "s3cret"}));
        assert!(!format!("{inbound:?}").contains("s3cret"));
    }

    #[test]
    fn other_pages_messages_are_ignored_and_an_unknown_tafel_type_is_an_error() {
        assert_eq!(parse(&json!("hello")).unwrap(), None);
        assert_eq!(parse(&json!({"type": "webpackOk"})).unwrap(), None);
        assert_eq!(parse(&json!({"source": "react-devtools"})).unwrap(), None);
        assert_eq!(
            parse(&json!({"type": "tafel:explode"})).unwrap_err().code,
            "unknown-type"
        );
    }

    #[test]
    fn the_route_is_told_with_project_view_and_open_work_package() {
        let info = RouteInfo::from_path("/projects/a%20b/table", Some("5"));
        assert_eq!(info.project.as_deref(), Some("a b"));
        assert_eq!(info.view, Some(ProjectView::Table));
        assert_eq!(info.work_package, Some(5));
        assert_eq!(
            RouteInfo::from_path("/work_packages/9", None).work_package,
            Some(9)
        );
        let json = Outbound::Navigated(RouteInfo::from_path("/", None)).to_json();
        assert_eq!(json["type"], "tafel:navigated");
        assert_eq!(json["route"]["project"], Value::Null);
    }

    #[test]
    fn only_exactly_configured_origins_are_allowed_and_wildcards_are_not_origins() {
        let allowed = vec!["https://portal.example.org".to_owned()];
        assert!(origin_allowed(&allowed, "https://portal.example.org"));
        assert!(!origin_allowed(
            &allowed,
            "https://portal.example.org.evil.test"
        ));
        assert!(!origin_allowed(&allowed, "http://portal.example.org"));
        assert!(!origin_allowed(&allowed, "null"));
        assert!(origin_is_well_formed("http://127.0.0.1:8080"));
        for bad_origin in [
            "*",
            "https://*.example.org",
            "https://x.org/",
            "javascript:x",
            "null",
            "",
        ] {
            assert!(!origin_is_well_formed(bad_origin), "{bad_origin}");
        }
    }
}
