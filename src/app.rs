//! The composition root: opens the store, provides the contexts, and routes. The only place that
//! names a concrete backend.

use crate::api::credentials;
use crate::api::local::idb_store::IdbPersistence;
use crate::api::local::persist::Persistence;
use crate::api::local::tabs::TabChannel;
use crate::api::local::{LocalBackend, seed};
use crate::api::openproject::transport::FetchTransport;
use crate::api::openproject::{Auth, Connection, OpenProjectBackend};
use crate::api::{ApiError, Backend};
use crate::config::{AuthConfig, BackendConfig};
use crate::i18n::Key;
use crate::state::notices::api_error_text;
use crate::state::prefs::use_i18n;
use crate::state::session::SessionExpired;
use crate::state::{Announcer, BackendCtx, DataRevision, Notices, Prefs};
use crate::views::board::BoardView;
use crate::views::detail::WorkPackagePage;
use crate::views::gantt::GanttComing;
use crate::views::project_scope::ProjectScope;
use crate::views::projects::ProjectList;
use crate::views::settings::SettingsPage;
use crate::views::shell::{
    CorruptStore, NotFound, OAuthSignIn, Shell, SignIn, StartupFailed, TokenEntry,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;
use std::rc::Rc;

#[derive(Clone)]
enum Startup {
    Opening,
    Ready {
        backend: Rc<dyn Backend>,
        /// The server's address, or `None` for the store in this browser.
        server: Option<String>,
        /// Signed in with a token this browser keeps, so signing out means something.
        signed_in: bool,
        /// Signed in with an API token, which the user can enter again when it stops working.
        token_sign_in: bool,
    },
    /// The configured server wants an API token and none is stored.
    SignIn {
        server: String,
    },
    /// The configured server signs in through OAuth and no token is stored (or signing in failed).
    OAuthSignIn {
        server: String,
        client_id: String,
        redirect_uri: String,
        /// Why the last attempt failed: a text with a `{reason}` placeholder, and the reason.
        error: Option<(Key, String)>,
    },
    Corrupt {
        reason: String,
        persist: Rc<dyn Persistence>,
    },
    /// The browser's storage cannot be opened.
    StorageFailed(String),
    /// `config.json` is present but wrong.
    ConfigInvalid(String),
}

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

async fn open_local_store() -> Startup {
    let persist: Rc<dyn Persistence> = match IdbPersistence::open().await {
        Ok(p) => Rc::new(p),
        Err(error) => return Startup::StorageFailed(error.to_string()),
    };
    match LocalBackend::open(persist.clone(), Rc::new(now)).await {
        Ok(backend) => {
            let weak = Rc::downgrade(&backend);
            let channel = TabChannel::open(move || {
                if let Some(backend) = weak.upgrade() {
                    spawn_local(async move {
                        // A failed reload leaves this tab showing what it had; the next change retries.
                        let _ = backend.reload().await;
                    });
                }
            });
            if let Some(channel) = channel {
                let channel = Rc::new(channel);
                backend.set_after_write(Rc::new(move || channel.announce_change()));
            }
            Startup::Ready {
                backend,
                server: None,
                signed_in: false,
                token_sign_in: false,
            }
        }
        Err(ApiError::Corrupt(reason)) => Startup::Corrupt { reason, persist },
        Err(error) => Startup::StorageFailed(error.to_string()),
    }
}

fn openproject(server: &str, auth: Auth) -> Rc<dyn Backend> {
    let connection = Connection {
        base_url: server.to_owned(),
        auth,
    };
    let transport = Rc::new(FetchTransport::new(&connection));
    Rc::new(OpenProjectBackend::new(connection, transport))
}

/// An OpenProject backend signed in through OAuth, which renews its token when it expires.
fn oauth_backend(server: &str, client_id: &str, token: String) -> Rc<dyn Backend> {
    use crate::api::openproject::Transport;
    use crate::api::openproject::backend::TokenRenewer;
    use crate::api::openproject::oauth;
    let connection = Connection {
        base_url: server.to_owned(),
        auth: Auth::Bearer(token),
    };
    let transport = Rc::new(FetchTransport::new(&connection));
    let (server, client_id) = (server.to_owned(), client_id.to_owned());
    let renewer: TokenRenewer = Rc::new(move || {
        let (server, client_id) = (server.clone(), client_id.clone());
        Box::pin(async move {
            let refresh = credentials::load_refresh(&server)?;
            let transport = FetchTransport::new(&Connection {
                base_url: server.clone(),
                auth: Auth::None,
            });
            let request = oauth::refresh_request(&server, &client_id, &refresh);
            let tokens = oauth::decode_tokens(&transport.send(request).await.ok()?).ok()?;
            credentials::save(&server, &tokens.access_token, false).ok()?;
            if let Some(refresh) = &tokens.refresh_token {
                credentials::save_refresh(&server, refresh);
            }
            Some(tokens.access_token)
        })
    });
    Rc::new(OpenProjectBackend::new(connection, transport).with_token_renewer(renewer))
}

/// `config.json` beside `index.html`, found from the boot script's own address so that deep links
/// and sub-path hosting resolve it alike. `None` when there is none.
async fn fetch_config() -> Result<Option<String>, String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let document = document();
    let base = document.base_uri().ok().flatten().unwrap_or_default();
    let script = document
        .query_selector("script[data-wasm]")
        .ok()
        .flatten()
        .and_then(|s| s.get_attribute("src"))
        .unwrap_or_else(|| "/boot.js".to_owned());
    let url = web_sys::Url::new_with_base(&script, &base)
        .and_then(|boot| web_sys::Url::new_with_base("config.json", &boot.href()))
        .map_err(|_| "cannot resolve config.json".to_owned())?
        .href();
    let response = JsFuture::from(window().fetch_with_str(&url))
        .await
        .map_err(|_| "config.json could not be loaded".to_owned())?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| "config.json could not be loaded".to_owned())?;
    let is_html = response
        .headers()
        .get("content-type")
        .ok()
        .flatten()
        .is_some_and(|t| t.contains("html"));
    // A missing file, or a dev server answering every path with index.html, means "no configuration".
    if response.status() == 404 || is_html {
        return Ok(None);
    }
    if !response.ok() {
        return Err(format!("config.json: HTTP {}", response.status()));
    }
    let text = JsFuture::from(
        response
            .text()
            .map_err(|_| "config.json unreadable".to_owned())?,
    )
    .await
    .map_err(|_| "config.json unreadable".to_owned())?;
    Ok(text.as_string())
}

async fn start() -> Startup {
    let config = match fetch_config().await {
        Ok(Some(text)) => match crate::config::parse(&text) {
            Ok(config) => config,
            Err(reason) => return Startup::ConfigInvalid(reason),
        },
        Ok(None) => crate::config::Config::default(),
        Err(reason) => return Startup::ConfigInvalid(reason),
    };
    match config.backend {
        BackendConfig::Local => open_local_store().await,
        BackendConfig::OpenProject { url, auth } => {
            let signed_in = auth == AuthConfig::ApiKey;
            if let AuthConfig::OAuth {
                client_id,
                redirect_uri,
            } = auth
            {
                return oauth_start(url, client_id, redirect_uri).await;
            }
            let auth = match auth {
                AuthConfig::None => Auth::None,
                AuthConfig::Session => Auth::Session,
                AuthConfig::ApiKey => match credentials::load(&url) {
                    Some(token) => Auth::ApiKey(token),
                    None => return Startup::SignIn { server: url },
                },
                AuthConfig::OAuth { .. } => unreachable!("handled above"),
            };
            Startup::Ready {
                backend: openproject(&url, auth),
                server: Some(url),
                signed_in,
                token_sign_in: signed_in,
            }
        }
    }
}

/// The query of the current address as decoded pairs.
fn query_pairs() -> Vec<(String, String)> {
    let search = window().location().search().unwrap_or_default();
    let decode = |text: &str| {
        js_sys::decode_uri_component(&text.replace('+', " "))
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_default()
    };
    search
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// Takes the sign-in answer out of the address bar, so no code stays in the history.
fn clear_query() {
    let path = window()
        .location()
        .pathname()
        .unwrap_or_else(|_| "/".to_owned());
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
    }
}

/// Finishes a sign-in that comes back from OpenProject, or uses a stored token, or asks to sign in.
async fn oauth_start(server: String, client_id: String, redirect_uri: String) -> Startup {
    use crate::api::openproject::Transport;
    use crate::api::openproject::oauth::{self, Callback};
    let sign_in = |error: Option<(Key, String)>| Startup::OAuthSignIn {
        server: server.clone(),
        client_id: client_id.clone(),
        redirect_uri: redirect_uri.clone(),
        error,
    };
    match oauth::parse_callback(&query_pairs()) {
        Some(Callback::Code { code, state }) => {
            clear_query();
            // The state must be the one this tab sent, or the answer belongs to someone else's sign-in.
            let Some((expected, verifier)) = credentials::take_pending_sign_in() else {
                return sign_in(Some((Key::SignInNotVerified, String::new())));
            };
            if expected != state {
                return sign_in(Some((Key::SignInNotVerified, String::new())));
            }
            let transport = FetchTransport::new(&Connection {
                base_url: server.clone(),
                auth: Auth::None,
            });
            let request =
                oauth::token_request(&server, &client_id, &redirect_uri, &code, &verifier);
            let tokens = match transport.send(request).await {
                Ok(response) => oauth::decode_tokens(&response),
                Err(error) => Err(error),
            };
            match tokens {
                Ok(tokens) => {
                    if let Err(reason) = credentials::save(&server, &tokens.access_token, false) {
                        return sign_in(Some((Key::SignInRefused, reason)));
                    }
                    if let Some(refresh) = &tokens.refresh_token {
                        credentials::save_refresh(&server, refresh);
                    }
                    Startup::Ready {
                        backend: oauth_backend(&server, &client_id, tokens.access_token),
                        server: Some(server.clone()),
                        signed_in: true,
                        token_sign_in: false,
                    }
                }
                Err(error) => sign_in(Some((Key::SignInRefused, error.to_string()))),
            }
        }
        Some(Callback::Refused { error }) => {
            clear_query();
            sign_in(Some((Key::SignInRefused, error)))
        }
        None => match credentials::load(&server) {
            Some(token) => Startup::Ready {
                backend: oauth_backend(&server, &client_id, token),
                server: Some(server.clone()),
                signed_in: true,
                token_sign_in: false,
            },
            None => sign_in(None),
        },
    }
}

/// Sends the browser to OpenProject's sign-in page with a fresh PKCE challenge and state.
fn begin_oauth(server: &str, client_id: &str, redirect_uri: &str) -> Result<(), String> {
    use crate::api::openproject::oauth;
    let crypto = window()
        .crypto()
        .map_err(|_| "no random numbers in this browser".to_owned())?;
    let mut secret = [0u8; 32];
    let mut nonce = [0u8; 16];
    crypto
        .get_random_values_with_u8_array(&mut secret)
        .and_then(|_| crypto.get_random_values_with_u8_array(&mut nonce))
        .map_err(|_| "no random numbers in this browser".to_owned())?;
    let pkce = oauth::pkce(&secret);
    let state = oauth::state(&nonce);
    credentials::save_pending_sign_in(&state, &pkce.verifier)?;
    let url = oauth::authorize_url(server, client_id, redirect_uri, &pkce.challenge, &state);
    window()
        .location()
        .assign(&url)
        .map_err(|_| "the browser did not open the sign-in page".to_owned())
}

/// Checks a token against the server before keeping it.
async fn sign_in(server: String, entry: TokenEntry) -> Result<Startup, ApiError> {
    let backend = openproject(&server, Auth::ApiKey(entry.token.clone()));
    backend.projects().await?;
    credentials::save(&server, &entry.token, entry.remember).map_err(ApiError::Storage)?;
    Ok(Startup::Ready {
        backend,
        server: Some(server),
        signed_in: true,
        token_sign_in: true,
    })
}

/// Tells the page (and the end-to-end tests) that the app has drawn its first real screen.
fn mark_ready() {
    let document = document();
    if let Some(boot) = document.get_element_by_id("tafel-boot") {
        boot.remove();
    }
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("data-tafel-ready", "");
    }
}

#[component]
pub fn App() -> impl IntoView {
    Prefs::provide();
    Notices::provide();
    Announcer::provide();
    let startup = RwSignal::new_local(Startup::Opening);
    spawn_local(async move { startup.set(start().await) });
    Effect::new(move || {
        if !matches!(*startup.read(), Startup::Opening) {
            request_animation_frame(mark_ready);
        }
    });
    move || match startup.get() {
        Startup::Opening => ().into_any(),
        Startup::Ready {
            backend,
            server,
            signed_in,
            token_sign_in,
        } => view! { <Ready backend server signed_in token_sign_in/> }.into_any(),
        Startup::SignIn { server } => view! { <SignInScreen server startup/> }.into_any(),
        Startup::OAuthSignIn {
            server,
            client_id,
            redirect_uri,
            error,
        } => {
            let i18n = use_i18n();
            let error =
                RwSignal::new(error.map(|(key, reason)| i18n.fill(key, &[("reason", &reason)])));
            let target = server.clone();
            let on_start = Callback::new(move |()| {
                if let Err(reason) = begin_oauth(&target, &client_id, &redirect_uri) {
                    error.set(Some(i18n.fill(Key::SignInRefused, &[("reason", &reason)])));
                }
            });
            view! { <OAuthSignIn server error on_start/> }.into_any()
        }
        Startup::Corrupt { reason, persist } => {
            let persist = StoredValue::new_local(persist);
            let on_download = Callback::new(move |()| {
                let persist = persist.get_value();
                spawn_local(async move {
                    if let Ok(raw) = persist.raw_dump().await {
                        let _ = crate::components::download::download_text(
                            "tafel-raw-store.json",
                            "application/json",
                            &raw,
                        );
                    }
                });
            });
            let on_reset = Callback::new(move |()| {
                let persist = persist.get_value();
                spawn_local(async move {
                    let records = seed::demo_records(chrono::Local::now().date_naive(), now());
                    match persist.replace_all(records).await {
                        Ok(()) => startup.set(open_local_store().await),
                        Err(error) => startup.set(Startup::StorageFailed(error.to_string())),
                    }
                });
            });
            view! { <CorruptStore reason on_download on_reset/> }.into_any()
        }
        Startup::StorageFailed(reason) => {
            view! { <StartupFailed explanation=Key::StartupFailedText reason/> }.into_any()
        }
        Startup::ConfigInvalid(reason) => {
            view! { <StartupFailed explanation=Key::ConfigInvalid reason/> }.into_any()
        }
    }
}

/// Asks for a new API token when the server stopped accepting the old one; the edits that failed
/// meanwhile are sent again once it works.
#[component]
fn SignInAgain(server: String) -> impl IntoView {
    let i18n = use_i18n();
    let backend = crate::state::backend::use_backend();
    let notices = crate::state::notices::use_notices();
    let expired = expect_context::<SessionExpired>().0;
    let server = StoredValue::new(server);
    let token = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let entered = token.get_untracked().trim().to_owned();
        let backend = backend.get();
        busy.set(true);
        spawn_local(async move {
            match backend.sign_in_again(entered.clone()).await {
                Ok(()) => {
                    // Only for this tab: the user did not ask to be remembered here.
                    let _ = credentials::save(&server.get_value(), &entered, false);
                    token.set(String::new());
                    error.set(None);
                    expired.set(false);
                    notices.retry_all();
                }
                Err(ApiError::Unauthenticated | ApiError::Forbidden) => {
                    error.set(Some(i18n.t(Key::TokenRefused).to_owned()));
                }
                Err(other) => error.set(Some(api_error_text(i18n.lang_untracked(), &other))),
            }
            busy.set(false);
        });
    };
    view! {
        <crate::components::dialog::Dialog
            open=expired
            title=Signal::derive(move || i18n.t(Key::SignInAgainTitle).to_owned())
            on_close=Callback::new(move |()| expired.set(false))
            close_label=Signal::derive(move || i18n.t(Key::Close).to_owned())
        >
            <form class="tafel-form" on:submit=submit data-testid="sign-in-again">
                <p>{i18n.tr(Key::ErrUnauthenticated)}</p>
                <label for="tafel-token-again">{i18n.tr(Key::ApiToken)}</label>
                <input
                    id="tafel-token-again"
                    class="tafel-input"
                    type="password"
                    autocomplete="off"
                    required=true
                    prop:value=move || token.get()
                    on:input=move |ev| token.set(event_target_value(&ev))
                />
                <p class="tafel-field__error" role="alert">{move || error.get()}</p>
                <div class="tafel-row tafel-row--end">
                    <button type="submit" class="tafel-button tafel-button--primary" disabled=move || busy.get()>
                        {i18n.tr(Key::SignIn)}
                    </button>
                </div>
            </form>
        </crate::components::dialog::Dialog>
    }
}

#[component]
fn SignInScreen(server: String, startup: RwSignal<Startup, LocalStorage>) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let for_submit = server.clone();
    let on_submit = Callback::new(move |entry: TokenEntry| {
        let server = for_submit.clone();
        busy.set(true);
        spawn_local(async move {
            match sign_in(server, entry).await {
                Ok(next) => startup.set(next),
                Err(ApiError::Unauthenticated | ApiError::Forbidden) => {
                    error.set(Some(i18n.t(Key::TokenRefused).to_owned()));
                }
                Err(other) => error.set(Some(api_error_text(i18n.lang_untracked(), &other))),
            }
            busy.set(false);
        });
    });
    view! { <SignIn server error busy on_submit/> }
}

#[component]
fn Ready(
    backend: Rc<dyn Backend>,
    server: Option<String>,
    signed_in: bool,
    token_sign_in: bool,
) -> impl IntoView {
    SessionExpired::provide();
    let on_sign_out = server.clone().filter(|_| signed_in).map(|server| {
        Callback::new(move |()| {
            credentials::forget(&server);
            // Start over, so nothing of the signed-in session stays in memory.
            let _ = window().location().reload();
        })
    });
    DataRevision::provide(&backend);
    BackendCtx::provide(backend);
    // Built after the contexts it uses.
    let sign_in_again = server
        .clone()
        .filter(|_| token_sign_in)
        .map(|server| view! { <SignInAgain server/> });
    view! {
        <Router>
            <Shell server on_sign_out>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=ProjectList/>
                    <Route path=path!("/settings") view=SettingsPage/>
                    <Route path=path!("/work_packages/:id") view=WorkPackagePage/>
                    <ParentRoute path=path!("/projects/:project") view=ProjectScope>
                        <Route path=path!("board") view=BoardView/>
                        <Route path=path!("table") view=crate::views::table::TableView/>
                        <Route path=path!("gantt") view=GanttComing/>
                        <Route path=path!("") view=|| view! { <Redirect path="board"/> }/>
                    </ParentRoute>
                </Routes>
            </Shell>
            {sign_in_again}
        </Router>
    }
}
