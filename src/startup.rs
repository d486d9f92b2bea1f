//! How Tafel starts: reads `config.json`, then opens the store in the browser or connects to
//! OpenProject, signing in with a token or through OAuth. Part of the composition root, so it may
//! name concrete backends.

use crate::api::connections::{Connections, SignInMethod};
use crate::api::credentials;
use crate::api::local::bench_seed;
use crate::api::local::idb_store::IdbPersistence;
use crate::api::local::persist::Persistence;
use crate::api::local::prefs_store;
use crate::api::local::tabs::TabChannel;
use crate::api::local::{LocalAdmin, LocalBackend};
use crate::api::openproject::transport::FetchTransport;
use crate::api::openproject::{Auth, Connection, OpenProjectBackend};
use crate::api::{ApiError, Backend};
use crate::config::{AuthConfig, BackendConfig};
use crate::i18n::Key;
use crate::seed_on_demand::{LoadSeeds, Seeding};
use crate::state::notices::Notices;
use crate::state::prefs::I18n;
use crate::views::shell::TokenEntry;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

/// How a signed-in user gets new credentials when the server stops accepting theirs.
#[derive(Clone, PartialEq, Eq)]
pub enum SignInAgainBy {
    /// Nothing to renew: the store in this browser, anonymous or session access.
    Nothing,
    /// The embedding host holds the user's token and is asked for a new one (`tafel:needs-token`).
    Host,
    /// Typing an API token again.
    Token,
    /// OpenProject's sign-in page again (the unsent changes wait in this browser meanwhile).
    OAuth {
        client_id: String,
        redirect_uri: String,
    },
}

#[derive(Clone)]
pub(crate) enum Startup {
    Opening,
    Ready {
        backend: Rc<dyn Backend>,
        /// The server's address, or `None` for the store in this browser.
        server: Option<String>,
        /// Signed in with a token this browser keeps, so signing out means something.
        signed_in: bool,
        /// How the user signs in again when the server stops accepting the credentials.
        again: SignInAgainBy,
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
    /// A part of Tafel's own code could not be fetched (offline on a first visit, say).
    CodeFailed(String),
}

pub(crate) fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

/// Opens the store inside the browser. Reached only through `local_on_demand`, so that its code is
/// a chunk a deployment on OpenProject never fetches.
/// `first_visit`: no store was opened in this browser before (see [`first_visit`]); `seeding`: the
/// demo data's chunk, which this code reaches only through it.
pub(crate) async fn open_local_store(
    notices: Notices,
    i18n: I18n,
    first_visit: bool,
    seeding: Seeding,
) -> Startup {
    let persist: Rc<dyn Persistence> = match IdbPersistence::open().await {
        Ok(p) => Rc::new(p),
        Err(error) => return Startup::StorageFailed(error.to_string()),
    };
    match LocalBackend::open(persist.clone(), Rc::new(now), seeding.demo).await {
        Ok(backend) => {
            crate::perf::mark("tafel:store-open");
            if first_visit {
                // Not kept (storage refused): the next start fetches the demo's code again, no more.
                let _ = prefs_store::try_set(STORE_OPENED, "1");
            }
            seed_bench_if_asked(&backend, notices, i18n, seeding.load).await;
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
                again: SignInAgainBy::Nothing,
            }
        }
        Err(ApiError::Corrupt(reason)) => Startup::Corrupt { reason, persist },
        // The store is empty and the demo's code did not arrive (offline on a first visit).
        Err(ApiError::Network(reason)) => Startup::CodeFailed(reason),
        Err(error) => Startup::StorageFailed(error.to_string()),
    }
}

/// Set in `localStorage` once a store was opened in this browser (see `open_local_store`).
/// public/boot.js reads it too (`tafel.store-opened`), to fetch the demo data's code ahead.
const STORE_OPENED: &str = "store-opened";

/// Whether no store was opened in this browser yet. Such a visit finds the store empty and needs the
/// demo project's code, so it fetches that code beside the store's own rather than after finding
/// the store empty; a returning visit does not fetch it at all.
pub(crate) fn first_visit() -> bool {
    prefs_store::get(STORE_OPENED).is_none()
}

/// The bench mode: `?seed=bench&n=N` puts the shared benchmark data set into the project `bench`
/// (tests/bench). Tells the bench through `data-tafel-seeded` on `<html>`, the user through a notice.
async fn seed_bench_if_asked(
    backend: &Rc<LocalBackend>,
    notices: Notices,
    i18n: I18n,
    load_seeds: LoadSeeds,
) {
    let Ok(search) = window().location().search() else {
        return;
    };
    let Some(requested) = bench_seed::requested_size(&search) else {
        return;
    };
    let root = document().document_element();
    let seeded = match requested {
        Ok(n) => match load_seeds().await {
            Ok(seeds) => LocalAdmin(backend.clone())
                .seed_bench(n, seeds.bench)
                .await
                .map(|()| n)
                .map_err(|error| error.to_string()),
            Err(error) => Err(error.to_string()),
        },
        Err(reason) => Err(reason),
    };
    match seeded {
        Ok(n) => {
            crate::perf::mark("tafel:seeded");
            if let Some(root) = root {
                let _ = root.set_attribute("data-tafel-seeded", &n.to_string());
            }
            notices.success(i18n.fill(Key::BenchSeeded, &[("count", &n.to_string())]));
        }
        Err(reason) => {
            if let Some(root) = root {
                let _ = root.set_attribute("data-tafel-seed-error", &reason);
            }
            notices.error(i18n.fill(Key::BenchSeedFailed, &[("reason", &reason)]));
        }
    }
    // Reloading the page must not seed again.
    let path = window().location().pathname().unwrap_or_default();
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
    }
}

/// An OpenProject backend, its code fetched first if this is the first (`openproject_on_demand`).
pub(crate) async fn openproject(server: &str, auth: Auth) -> Result<Rc<dyn Backend>, ApiError> {
    Ok((crate::openproject_on_demand::load().await?.plain)(
        server, auth,
    ))
}

/// Builds the client; called through `openproject_on_demand`, whose chunk holds it.
pub(crate) fn openproject_backend(server: &str, auth: Auth) -> Rc<dyn Backend> {
    let connection = Connection {
        base_url: server.to_owned(),
        auth,
    };
    let transport = Rc::new(FetchTransport::new(&connection));
    Rc::new(OpenProjectBackend::new(connection, transport))
}

/// An OpenProject backend signed in through OAuth, which renews its token when it expires. Called
/// from `finish_oauth`, in the OpenProject chunk.
pub(crate) fn oauth_backend(server: &str, client_id: &str, token: String) -> Rc<dyn Backend> {
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

/// The request for `config.json` that public/boot.js sent beside the wasm's download, taken once:
/// a later start (after a sign-in, say) asks the server again.
fn early_config_request() -> Option<js_sys::Promise> {
    use wasm_bindgen::JsCast;
    let global = js_sys::global();
    let key = wasm_bindgen::JsValue::from_str("tafelConfig");
    let promise = js_sys::Reflect::get(&global, &key).ok()?.dyn_into().ok()?;
    let _ = js_sys::Reflect::set(&global, &key, &wasm_bindgen::JsValue::UNDEFINED);
    Some(promise)
}

/// `config.json` beside `index.html`, found from the boot script's own address so that deep links
/// and sub-path hosting resolve it alike. `None` when there is none.
pub(crate) async fn fetch_config() -> Result<Option<String>, String> {
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
    let response =
        JsFuture::from(early_config_request().unwrap_or_else(|| window().fetch_with_str(&url)))
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

/// Reads the configuration, hands it to `configure` (embedding, theme), then opens the backend.
pub(crate) async fn start(
    notices: Notices,
    i18n: I18n,
    configure: impl FnOnce(&crate::config::Config),
) -> Startup {
    let config = match fetch_config().await {
        Ok(Some(text)) => match crate::config::parse(&text) {
            Ok(config) => config,
            Err(reason) => return Startup::ConfigInvalid(reason),
        },
        Ok(None) => crate::config::Config::default(),
        Err(reason) => return Startup::ConfigInvalid(reason),
    };
    configure(&config);
    // Without a server in config.json, the one the user connected to in the app (if any).
    crate::config::set_refresh_seconds(config.refresh_seconds);
    FetchTransport::set_default_timeout(std::time::Duration::from_secs(u64::from(
        config.timeout_seconds,
    )));
    let backend = match config.backend {
        BackendConfig::Local => match Connections::load().active_server() {
            Some(server) => BackendConfig::OpenProject {
                url: server.url.clone(),
                auth: match server.sign_in {
                    SignInMethod::ApiKey => AuthConfig::ApiKey,
                    SignInMethod::None => AuthConfig::None,
                    SignInMethod::Session => AuthConfig::Session,
                },
            },
            None => BackendConfig::Local,
        },
        configured @ BackendConfig::OpenProject { .. } => configured,
    };
    match backend {
        BackendConfig::Local => crate::local_on_demand::open(notices, i18n).await,
        BackendConfig::OpenProject { url, auth } => {
            let ready = async |auth: Auth, again: SignInAgainBy| match openproject(&url, auth).await
            {
                Ok(backend) => Startup::Ready {
                    backend,
                    server: Some(url.clone()),
                    signed_in: again == SignInAgainBy::Token,
                    again,
                },
                Err(error) => Startup::CodeFailed(error.to_string()),
            };
            match auth {
                AuthConfig::None => ready(Auth::None, SignInAgainBy::Nothing).await,
                AuthConfig::Session => ready(Auth::Session, SignInAgainBy::Nothing).await,
                AuthConfig::ApiKey => match credentials::load(&url) {
                    Some(token) => ready(Auth::ApiKey(token), SignInAgainBy::Token).await,
                    None => Startup::SignIn { server: url },
                },
                AuthConfig::OAuth {
                    client_id,
                    redirect_uri,
                } => oauth_start(url, client_id, redirect_uri).await,
            }
        }
    }
}

/// Stops using the server connected to in the app and starts again on the store in this browser.
pub(crate) fn use_local_store() {
    let mut connections = Connections::load();
    connections.active = None;
    // If the browser refuses to store this, the reload shows the same server again; nothing is lost.
    let _ = connections.save();
    let _ = window().location().reload();
}

/// Whether `server` is the one the user connected to in the app (not one named in config.json).
pub(crate) fn connected_in_app(server: &str) -> bool {
    Connections::load().active.as_deref() == Some(server)
}

/// The query of the current address as decoded pairs.
pub(crate) fn query_pairs() -> Vec<(String, String)> {
    crate::domain::saved_view::decode_query(&window().location().search().unwrap_or_default())
}

/// Takes the sign-in answer out of the address bar, so no code stays in the history.
pub(crate) fn clear_query() {
    let path = window()
        .location()
        .pathname()
        .unwrap_or_else(|_| "/".to_owned());
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
    }
}

/// Starts on a server signed in through OAuth: the OAuth code comes with the OpenProject client's
/// chunk (`openproject_on_demand`), fetched first.
pub(crate) async fn oauth_start(
    server: String,
    client_id: String,
    redirect_uri: String,
) -> Startup {
    match crate::openproject_on_demand::load().await {
        Ok(client) => (client.finish_oauth)(server, client_id, redirect_uri).await,
        Err(error) => Startup::CodeFailed(error.to_string()),
    }
}

/// Finishes a sign-in that comes back from OpenProject, or uses a stored token, or asks to sign in.
pub(crate) async fn finish_oauth(
    server: String,
    client_id: String,
    redirect_uri: String,
) -> Startup {
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
            let Some(verifier) = oauth::verifier_for(credentials::take_pending_sign_in(), &state)
            else {
                return sign_in(Some((Key::SignInNotVerified, String::new())));
            };
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
                    oauth_ready(&server, &client_id, &redirect_uri, tokens.access_token)
                }
                Err(error) => sign_in(Some((Key::SignInRefused, error.to_string()))),
            }
        }
        Some(Callback::Refused { error }) => {
            clear_query();
            sign_in(Some((Key::SignInRefused, error)))
        }
        None => match credentials::load(&server) {
            Some(token) => oauth_ready(&server, &client_id, &redirect_uri, token),
            None => sign_in(None),
        },
    }
}

/// Ready on `server`, signed in through OAuth with `token`. Runs inside the OpenProject chunk
/// (`finish_oauth`), so it builds the client directly: asking the chunk's loader from code in the
/// chunk would tie the chunk to its own loader, which a build without the split (the browser glue
/// tests) cannot resolve.
fn oauth_ready(server: &str, client_id: &str, redirect_uri: &str, token: String) -> Startup {
    Startup::Ready {
        backend: oauth_backend(server, client_id, token),
        server: Some(server.to_owned()),
        signed_in: true,
        again: SignInAgainBy::OAuth {
            client_id: client_id.to_owned(),
            redirect_uri: redirect_uri.to_owned(),
        },
    }
}

/// [`begin_oauth`] as a chunk's code takes it: handed in from outside, since a chunk's code is kept
/// in every build of the crate, the browser glue tests' included, where no chunk loader exists, so
/// it must not call another chunk's loader itself (as `seed_on_demand::Seeding`).
pub type BeginOAuth =
    fn(String, String, String) -> Pin<Box<dyn Future<Output = Result<(), String>>>>;

/// [`begin_oauth`], boxed as a [`BeginOAuth`].
pub(crate) fn begin_oauth_boxed(
    server: String,
    client_id: String,
    redirect_uri: String,
) -> Pin<Box<dyn Future<Output = Result<(), String>>>> {
    Box::pin(begin_oauth(server, client_id, redirect_uri))
}

/// Sends the browser to OpenProject's sign-in page, the OAuth code fetched first if need be.
pub(crate) async fn begin_oauth(
    server: String,
    client_id: String,
    redirect_uri: String,
) -> Result<(), String> {
    let client = crate::openproject_on_demand::load()
        .await
        .map_err(|error| error.to_string())?;
    (client.send_to_sign_in)(&server, &client_id, &redirect_uri)
}

/// Sends the browser to OpenProject's sign-in page with a fresh PKCE challenge and state.
pub(crate) fn send_to_oauth_sign_in(
    server: &str,
    client_id: &str,
    redirect_uri: &str,
) -> Result<(), String> {
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
pub(crate) async fn sign_in(server: String, entry: TokenEntry) -> Result<Startup, ApiError> {
    let backend = openproject(&server, Auth::ApiKey(entry.token.clone())).await?;
    backend.projects().await?;
    credentials::save(&server, &entry.token, entry.remember).map_err(ApiError::Storage)?;
    Ok(Startup::Ready {
        backend,
        server: Some(server),
        signed_in: true,
        again: SignInAgainBy::Token,
    })
}

/// Signs in with a token the embedding host handed over (`tafel:set-token`). An API token is kept
/// for this tab only, as if typed without "remember me"; an OAuth access token stays in memory, the
/// host's to renew.
pub(crate) async fn sign_in_handed(
    server: String,
    handed: crate::state::embed::HandedToken,
) -> Result<Startup, ApiError> {
    use crate::domain::embed::TokenScheme;
    match handed.scheme {
        TokenScheme::ApiKey => {
            sign_in(
                server,
                TokenEntry {
                    token: handed.token,
                    remember: false,
                },
            )
            .await
        }
        TokenScheme::Bearer => {
            let backend = openproject(&server, Auth::Bearer(handed.token)).await?;
            backend.projects().await?;
            Ok(Startup::Ready {
                backend,
                server: Some(server),
                signed_in: false,
                again: SignInAgainBy::Host,
            })
        }
    }
}
