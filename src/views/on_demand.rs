//! Views whose code is fetched the first time they are shown, so that the first load carries only
//! the shell, the state and the backends; so are the dialogs seldom opened (a conflict, the list of
//! unsaved changes, the keyboard shortcuts, signing in again).
//!
//! Each `#[wasm_split]` function below is a split point: in the browser build, scripts/split-wasm.mjs
//! (Trunk's post_build hook) moves everything that only it reaches into a chunk of its own, and a call
//! fetches and instantiates that chunk once. The function answers a plain function pointer that draws
//! the view, so that once loaded a view is drawn at once, without waiting. Natively (tests) the
//! functions are called directly.
//!
//! A chunk that cannot be fetched (offline before the service worker cached it, a deployment that
//! removed it) shows why and a Retry button in place of the view; nothing else on the page is lost.
//! Once the first screen is up, [`preload_all`] fetches every chunk while the browser is idle.
// The wasm_split macro declares the chunk's import and its loader with `unsafe`; nothing else here is.
#![allow(unsafe_code)]
// With `fallible` the macro wants each split function to return a Result: the error is the loader's,
// added by the wrapper it generates, never the function's own.
#![allow(clippy::unnecessary_wraps)]

use crate::chunk::Chunk;
use crate::domain::WorkPackageId;
use crate::domain::embed::Inbound;
use crate::i18n::Key;
use crate::startup::{BeginOAuth, SignInAgainBy};
use crate::state::embed::Embed;
use crate::state::prefs::{Prefs, use_i18n};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_split::{SplitLoaderError, wasm_split};
use std::sync::Once;

type Draw = fn() -> AnyView;
type DrawWorkPackage = fn(WorkPackageId) -> AnyView;

static BOARD: Chunk<Draw> = Chunk::new(|| Box::pin(board()));
static TABLE: Chunk<Draw> = Chunk::new(|| Box::pin(table()));
static GANTT: Chunk<Draw> = Chunk::new(|| Box::pin(gantt()));
static DETAIL_PANEL: Chunk<DrawWorkPackage> = Chunk::new(|| Box::pin(detail_panel()));
static WORK_PACKAGE_PAGE: Chunk<Draw> = Chunk::new(|| Box::pin(work_package_page()));
static SETTINGS: Chunk<Draw> = Chunk::new(|| Box::pin(settings()));
static CONFLICT: Chunk<Draw> = Chunk::new(|| Box::pin(conflict()));
static SYNC_PANEL: Chunk<fn(Callback<()>) -> AnyView> = Chunk::new(|| Box::pin(sync_panel()));
static SHORTCUT_LIST: Chunk<Draw> = Chunk::new(|| Box::pin(shortcut_list()));
static EMBED_BRIDGE: Chunk<Bridge> = Chunk::new(|| Box::pin(embed_bridge()));
static SIGN_IN_AGAIN: Chunk<fn(String, SignInAgainBy, BeginOAuth) -> AnyView> =
    Chunk::new(|| Box::pin(sign_in_again()));

#[wasm_split(board, fallible, wasm_split_path = ::leptos::wasm_split)]
fn board() -> Result<Draw, SplitLoaderError> {
    Ok(|| view! { <crate::views::board::BoardView/> }.into_any())
}

#[wasm_split(table, fallible, wasm_split_path = ::leptos::wasm_split)]
fn table() -> Result<Draw, SplitLoaderError> {
    Ok(|| view! { <crate::views::table::TableView/> }.into_any())
}

#[wasm_split(gantt, fallible, wasm_split_path = ::leptos::wasm_split)]
fn gantt() -> Result<Draw, SplitLoaderError> {
    Ok(|| view! { <crate::views::gantt::GanttView/> }.into_any())
}

// The panel and the page of a work package share one chunk.
#[wasm_split(detail, fallible, wasm_split_path = ::leptos::wasm_split)]
fn detail_panel() -> Result<DrawWorkPackage, SplitLoaderError> {
    Ok(|id| view! { <crate::views::detail::DetailPanel id/> }.into_any())
}

#[wasm_split(detail, fallible, wasm_split_path = ::leptos::wasm_split)]
fn work_package_page() -> Result<Draw, SplitLoaderError> {
    Ok(|| view! { <crate::views::detail::WorkPackagePage/> }.into_any())
}

#[wasm_split(settings, fallible, wasm_split_path = ::leptos::wasm_split)]
fn settings() -> Result<Draw, SplitLoaderError> {
    Ok(|| view! { <crate::views::settings::SettingsPage/> }.into_any())
}

#[wasm_split(conflict, fallible, wasm_split_path = ::leptos::wasm_split)]
fn conflict() -> Result<Draw, SplitLoaderError> {
    Ok(|| view! { <crate::views::detail::conflict::ConflictDialog/> }.into_any())
}

#[wasm_split(sync_panel, fallible, wasm_split_path = ::leptos::wasm_split)]
fn sync_panel() -> Result<fn(Callback<()>) -> AnyView, SplitLoaderError> {
    Ok(|close| view! { <crate::views::shell::sync_status::SyncPanel close/> }.into_any())
}

#[wasm_split(shortcut_list, fallible, wasm_split_path = ::leptos::wasm_split)]
fn shortcut_list() -> Result<Draw, SplitLoaderError> {
    Ok(|| crate::views::shell::shortcuts::shortcut_list().into_any())
}

#[wasm_split(sign_in_again, fallible, wasm_split_path = ::leptos::wasm_split)]
fn sign_in_again() -> Result<fn(String, SignInAgainBy, BeginOAuth) -> AnyView, SplitLoaderError> {
    use crate::views::shell::sign_in_again::{OAuthAgain, SignInAgain};
    Ok(|server, again, begin_oauth| match again {
        SignInAgainBy::Nothing => ().into_any(),
        SignInAgainBy::Token => view! { <SignInAgain server typed=true/> }.into_any(),
        SignInAgainBy::Host => view! { <SignInAgain server typed=false/> }.into_any(),
        SignInAgainBy::OAuth {
            client_id,
            redirect_uri,
        } => view! { <OAuthAgain server client_id redirect_uri begin_oauth/> }.into_any(),
    })
}

/// The host's requests carried out (`views::shell::embed_bridge`): a page no host can talk to never
/// loads them.
#[derive(Clone, Copy)]
struct Bridge {
    looks: fn(Prefs, Embed, Vec<Inbound>),
    view: fn() -> AnyView,
}

#[wasm_split(embed_bridge, fallible, wasm_split_path = ::leptos::wasm_split)]
fn embed_bridge() -> Result<Bridge, SplitLoaderError> {
    use crate::views::shell::embed_bridge;
    Ok(Bridge {
        looks: embed_bridge::follow_looks,
        view: || view! { <embed_bridge::EmbedBridge/> }.into_any(),
    })
}

/// Draws the view of `chunk` with `draw`, fetching the chunk first if it is not here yet.
pub(crate) fn on_demand<D: Copy + Send + Sync + 'static>(
    chunk: &'static Chunk<D>,
    draw: impl Fn(D) -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    // None while fetching; Some(Err) when the fetch failed (the loader logged why to the console).
    let state = RwSignal::new(chunk.get().map(Ok::<D, ()>));
    let fetch = move || {
        spawn_local(async move {
            let loaded = chunk.load().await.map_err(drop);
            // The view may have been left while its chunk was on the way.
            let _ = state.try_set(Some(loaded));
        });
    };
    if state.get_untracked().is_none() {
        fetch();
    }
    move || match state.get() {
        None => {
            view! { <p class="tafel-page tafel-loading" role="status">{i18n.t(Key::Loading)}</p> }
                .into_any()
        }
        // Drawing the view must not subscribe this closure to what the view reads.
        Some(Ok(loaded)) => untrack(|| draw(loaded)),
        Some(Err(())) => view! {
            <section class="tafel-page" role="alert" data-testid="view-load-failed">
                <p>{i18n.t(Key::ErrViewLoadFailed)}</p>
                <button type="button" class="tafel-button" on:click=move |_| {
                    state.set(None);
                    fetch();
                }>{i18n.tr(Key::Retry)}</button>
            </section>
        }
        .into_any(),
    }
}

#[component]
pub fn BoardView() -> impl IntoView {
    on_demand(&BOARD, |draw| draw())
}

#[component]
pub fn TableView() -> impl IntoView {
    on_demand(&TABLE, |draw| draw())
}

#[component]
pub fn GanttView() -> impl IntoView {
    on_demand(&GANTT, |draw| draw())
}

#[component]
pub fn DetailPanel(id: WorkPackageId) -> impl IntoView {
    on_demand(&DETAIL_PANEL, move |draw| draw(id))
}

#[component]
pub fn WorkPackagePage() -> impl IntoView {
    on_demand(&WORK_PACKAGE_PAGE, |draw| draw())
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    on_demand(&SETTINGS, |draw| draw())
}

/// The dialog of an edit that met someone else's change, its code fetched when the project's first
/// conflict shows (or earlier, when the page is idle); it stays in place from then on.
#[component]
pub fn ConflictDialog() -> impl IntoView {
    let project = crate::state::project::use_project();
    let outbox = crate::state::outbox::use_outbox();
    let needed = Memo::new(move |before: Option<&bool>| {
        before == Some(&true) || outbox.conflict_in(project.project.with(|p| p.id)).is_some()
    });
    move || needed.get().then(|| on_demand(&CONFLICT, |draw| draw()))
}

/// The sync status's list of changes not yet saved.
#[component]
pub fn SyncPanel(close: Callback<()>) -> impl IntoView {
    on_demand(&SYNC_PANEL, move |draw| draw(close))
}

/// The keyboard shortcuts' list.
#[component]
pub fn ShortcutList() -> impl IntoView {
    on_demand(&SHORTCUT_LIST, |draw| draw())
}

/// The dialog asking to sign in again, `again`'s way, once the server stopped accepting the
/// credentials: its code is fetched then (or when the page is idle), and it stays in place after.
#[component]
pub fn SignInAgain(server: String, again: SignInAgainBy) -> impl IntoView {
    let expired = expect_context::<crate::state::session::SessionExpired>().0;
    let needed = Memo::new(move |before: Option<&bool>| before == Some(&true) || expired.get());
    let how = StoredValue::new((server, again));
    move || {
        needed.get().then(|| {
            on_demand(&SIGN_IN_AGAIN, move |draw| {
                let (server, again) = how.get_value();
                draw(server, again, crate::startup::begin_oauth_boxed)
            })
        })
    }
}

/// Follows the host's theme, token and language requests, and answers `tafel:get-state`. They
/// arrive only once the embedding's channel is open, and their code is fetched then.
pub fn follow_host_looks(prefs: Prefs, embed: Embed) {
    Effect::new(move || {
        let looks = embed.looks.get();
        if looks.is_empty() {
            return;
        }
        embed.looks.set(Vec::new());
        spawn_local(async move {
            if let Ok(bridge) = EMBED_BRIDGE.load().await {
                (bridge.looks)(prefs, embed, looks);
            }
        });
    });
}

/// Inside the router, where a host can talk to Tafel: its navigation and filters carried out, and
/// what it is told of the route, the open work package and saved changes. Drawn once its code is
/// here, without a placeholder: nothing of it is seen.
#[component]
pub fn EmbedBridge() -> impl IntoView {
    let embed = crate::state::embed::use_embed();
    if !embed.active() {
        return ().into_any();
    }
    let bridge = RwSignal::new(EMBED_BRIDGE.get());
    if bridge.get_untracked().is_none() {
        spawn_local(async move {
            if let Ok(loaded) = EMBED_BRIDGE.load().await {
                let _ = bridge.try_set(Some(loaded));
            }
        });
    }
    (move || bridge.get().map(|loaded| untrack(loaded.view))).into_any()
}

/// Starts fetching the chunks the address opens with (`path` and `query` of the page), so that they
/// load while the store or the server is read instead of after: a project's view is drawn only once
/// its data is there, and would only then ask for its code.
pub fn preload_landing(path: &str, query: &str) {
    let path = path.trim_end_matches('/');
    let in_project = path.contains("/projects/");
    let segment = path.rsplit('/').next().unwrap_or_default();
    let panel = query
        .trim_start_matches('?')
        .split('&')
        .any(|pair| pair.starts_with("wp="));
    let (board, table, gantt, page, settings) = (
        in_project && (segment == "board" || path.rsplit('/').nth(1) == Some("projects")),
        in_project && segment == "table",
        in_project && segment == "gantt",
        path.contains("/work_packages/"),
        segment == "settings",
    );
    spawn_local(async move {
        if board {
            let _ = BOARD.load().await;
        }
        if table {
            let _ = TABLE.load().await;
        }
        if gantt {
            let _ = GANTT.load().await;
        }
        if page {
            let _ = WORK_PACKAGE_PAGE.load().await;
        }
        if settings {
            let _ = SETTINGS.load().await;
        }
        if panel {
            let _ = DETAIL_PANEL.load().await;
        }
    });
}

/// Fetches every view's and dialog's chunk not fetched yet, one per idle moment of the page, so that
/// each opens at once later, offline too, without slowing what the page is doing. Failures are left
/// for the view to show when it is opened. Once all are here, `globalThis.tafelViewsLoaded` is true
/// (for the end-to-end tests; not a DOM attribute, which the bench would count as the page
/// changing). Runs once per page: the app marks itself ready again after each sign-in screen.
pub async fn preload_all() {
    static STARTED: Once = Once::new();
    let mut first = false;
    STARTED.call_once(|| first = true);
    if !first {
        return;
    }
    let mut loaded = true;
    loaded &= BOARD.load().await.is_ok();
    next_idle().await;
    loaded &= TABLE.load().await.is_ok();
    next_idle().await;
    loaded &= GANTT.load().await.is_ok();
    next_idle().await;
    loaded &= DETAIL_PANEL.load().await.is_ok();
    loaded &= WORK_PACKAGE_PAGE.load().await.is_ok();
    next_idle().await;
    loaded &= SETTINGS.load().await.is_ok();
    loaded &= CONFLICT.load().await.is_ok();
    loaded &= SYNC_PANEL.load().await.is_ok();
    loaded &= SHORTCUT_LIST.load().await.is_ok();
    loaded &= SIGN_IN_AGAIN.load().await.is_ok();
    if loaded {
        let _ = js_sys::Reflect::set(
            &js_sys::global(),
            &"tafelViewsLoaded".into(),
            &wasm_bindgen::JsValue::TRUE,
        );
    }
}

/// Resolves when the browser is next idle.
async fn next_idle() {
    let idle = js_sys::Promise::new(&mut |resolve, _| {
        request_idle_callback(move || {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        });
    });
    let _ = wasm_bindgen_futures::JsFuture::from(idle).await;
}
