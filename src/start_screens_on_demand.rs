//! The screens a start seldom shows, as a chunk fetched when one does: signing in to an OpenProject
//! server with a token or through its own sign-in page, and a store in this browser that cannot be
//! read. Part of the composition root, beside `startup` and `app`; the split point works as in
//! `views::on_demand`.
// The wasm_split macro declares the chunk's import and its loader with `unsafe`; nothing else here is.
#![allow(unsafe_code)]
// With `fallible` the macro wants the split function to return a Result: the error is the loader's.
#![allow(clippy::unnecessary_wraps)]

use crate::api::ApiError;
use crate::api::local::persist::Persistence;
use crate::chunk::Chunk;
use crate::i18n::Key;
use crate::startup::{BeginOAuth, Startup, begin_oauth_boxed, now, use_local_store};
use crate::state::notices::{Notices, api_error_text, use_notices};
use crate::state::prefs::{I18n, use_i18n};
use crate::views::shell::{CorruptStore, OAuthSignIn, SignIn, TokenEntry};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_split::{SplitLoaderError, wasm_split};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

type Draw = fn(Startup, RwSignal<Startup, LocalStorage>, Outside) -> AnyView;

type Later<T> = Pin<Box<dyn Future<Output = T>>>;
type SignInWith = fn(String, TokenEntry) -> Later<Result<Startup, ApiError>>;
type ResetStore =
    fn(Rc<dyn Persistence>, RwSignal<Startup, LocalStorage>, Notices, I18n) -> Later<()>;

/// What the screens do through other chunks (the OpenProject client, the store, the demo data),
/// handed in from outside: see [`BeginOAuth`].
#[derive(Clone, Copy)]
struct Outside {
    sign_in: SignInWith,
    begin_oauth: BeginOAuth,
    reset_store: ResetStore,
}

const OUTSIDE: Outside = Outside {
    sign_in: |server, entry| Box::pin(crate::startup::sign_in(server, entry)),
    begin_oauth: begin_oauth_boxed,
    reset_store: |persist, startup, notices, i18n| {
        Box::pin(reset_store(persist, startup, notices, i18n))
    },
};

#[wasm_split(start_screens, fallible, wasm_split_path = ::leptos::wasm_split)]
fn screens() -> Result<Draw, SplitLoaderError> {
    Ok(draw)
}

static SCREENS: Chunk<Draw> = Chunk::new(|| Box::pin(screens()));

/// Shows `state` (a sign-in, or a store that cannot be read), fetching the code first if needed.
pub(crate) fn screen(state: Startup, startup: RwSignal<Startup, LocalStorage>) -> impl IntoView {
    let state = StoredValue::new_local(state);
    crate::views::on_demand::on_demand(&SCREENS, move |draw| {
        draw(state.get_value(), startup, OUTSIDE)
    })
}

/// Fetches the screens' code if it is not here yet; whether it came, the screen shows it.
pub(crate) async fn load() {
    let _ = SCREENS.load().await;
}

/// Fills the store with the demo project again, in place of what could not be read.
async fn reset_store(
    persist: Rc<dyn Persistence>,
    startup: RwSignal<Startup, LocalStorage>,
    notices: Notices,
    i18n: I18n,
) {
    let demo = crate::seed_on_demand::demo();
    let records = match demo(chrono::Local::now().date_naive(), now()).await {
        Ok(records) => records,
        Err(error) => {
            startup.set(Startup::CodeFailed(error.to_string()));
            return;
        }
    };
    match persist.replace_all(records).await {
        Ok(()) => startup.set(crate::local_on_demand::open(notices, i18n).await),
        Err(error) => startup.set(Startup::StorageFailed(error.to_string())),
    }
}

fn draw(state: Startup, startup: RwSignal<Startup, LocalStorage>, outside: Outside) -> AnyView {
    match state {
        Startup::SignIn { server } => {
            let sign_in = outside.sign_in;
            view! { <SignInScreen server startup sign_in/> }.into_any()
        }
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
                let sign_in =
                    (outside.begin_oauth)(target.clone(), client_id.clone(), redirect_uri.clone());
                spawn_local(async move {
                    if let Err(reason) = sign_in.await {
                        error.set(Some(i18n.fill(Key::SignInRefused, &[("reason", &reason)])));
                    }
                });
            });
            view! { <OAuthSignIn server error on_start/> }.into_any()
        }
        Startup::Corrupt { reason, persist } => {
            let (notices, i18n) = (use_notices(), use_i18n());
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
                spawn_local((outside.reset_store)(
                    persist.get_value(),
                    startup,
                    notices,
                    i18n,
                ));
            });
            view! { <CorruptStore reason on_download on_reset/> }.into_any()
        }
        // The app draws the other states itself.
        _ => ().into_any(),
    }
}

#[component]
fn SignInScreen(
    server: String,
    startup: RwSignal<Startup, LocalStorage>,
    /// `startup::sign_in`, handed in (see [`Outside`]).
    sign_in: SignInWith,
) -> impl IntoView {
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
    let on_leave =
        crate::startup::connected_in_app(&server).then(|| Callback::new(|()| use_local_store()));
    view! { <SignIn server error busy on_submit on_leave/> }
}
