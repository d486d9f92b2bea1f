//! The composition root: opens the store, provides the contexts, and routes. The only place that
//! names a concrete backend.

use crate::api::Backend;
use crate::api::credentials;
use crate::domain::embed::{Outbound, ProtocolError};
use crate::i18n::Key;
use crate::startup::{SignInAgainBy, Startup, sign_in_handed, start};
use crate::state::embed::{Embed, current_route};
use crate::state::notices::{api_error_text, use_notices};
use crate::state::prefs::apply_tokens;
use crate::state::prefs::use_i18n;
use crate::state::session::SessionExpired;
use crate::state::{Announcer, BackendCtx, DataRevision, Notices, Prefs, Theme};
use crate::views::on_demand::{
    BoardView, GanttView, SettingsPage, SignInAgain, TableView, WorkPackagePage,
};
use crate::views::project_scope::ProjectScope;
use crate::views::projects::ProjectList;
use crate::views::shell::{NotFound, Shell, StartupFailed, UpdatePrompt};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;
use std::rc::Rc;

/// The server Tafel works with, `None` for the store in this browser.
#[derive(Clone)]
pub struct CurrentServer(pub Option<String>);

/// Tells the page (and the end-to-end tests) that the app has drawn its first real screen.
fn mark_ready() {
    let document = document();
    if let Some(boot) = document.get_element_by_id("tafel-boot") {
        boot.remove();
    }
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("data-tafel-ready", "");
    }
    crate::perf::mark("tafel:ready");
    request_idle_callback(|| {
        spawn_local(async {
            // The outbox's engine first: a change made now goes out without waiting for its code.
            let _ = crate::outbox_on_demand::load().await;
            crate::views::on_demand::preload_all().await;
        });
    });
}

#[component]
pub fn App() -> impl IntoView {
    let prefs = Prefs::provide();
    Notices::provide();
    Announcer::provide();
    let embed = Embed::provide(crate::embed_on_demand::load);
    let location = window().location();
    crate::views::on_demand::preload_landing(
        &location.pathname().unwrap_or_default(),
        &location.search().unwrap_or_default(),
    );
    let startup = RwSignal::new_local(Startup::Opening);
    let (notices, i18n) = (use_notices(), use_i18n());
    let configure = move |config: &crate::config::Config| {
        embed.open(config.allowed_origins.clone());
        apply_tokens(&config.tokens);
        if !Prefs::theme_chosen()
            && let Some(theme) = config.default_theme.as_deref().and_then(Theme::parse)
        {
            prefs.show_theme(theme);
        }
    };
    spawn_local(async move { startup.set(start(notices, i18n, configure).await) });
    crate::views::on_demand::follow_host_looks(prefs, embed);
    Effect::new(move || {
        let (needs_token, seldom) = match &*startup.read() {
            Startup::Opening => return,
            Startup::SignIn { .. } | Startup::OAuthSignIn { .. } => (true, true),
            Startup::Corrupt { .. } => (false, true),
            _ => (false, false),
        };
        if seldom {
            // The screen's code is fetched as it shows: the app is ready once the screen is drawn,
            // or the notice that its code did not arrive.
            spawn_local(async {
                crate::start_screens_on_demand::load().await;
                request_animation_frame(mark_ready);
            });
        } else {
            request_animation_frame(mark_ready);
        }
        embed.tell(&Outbound::Ready {
            locale: prefs.lang.get_untracked().tag().to_owned(),
            theme: prefs.theme.get_untracked().as_str().to_owned(),
            route: current_route(),
            needs_token,
        });
    });
    // A token the host hands over signs in where Tafel waits for one.
    Effect::new(move || {
        let server = match &*startup.read() {
            Startup::SignIn { server } | Startup::OAuthSignIn { server, .. } => server.clone(),
            _ => return,
        };
        let Some(handed) = embed.token.get() else {
            return;
        };
        embed.token.set(None);
        spawn_local(async move {
            match sign_in_handed(server, handed).await {
                Ok(next) => startup.set(next),
                Err(error) => embed.refuse(ProtocolError::new(
                    "token-refused",
                    api_error_text(crate::i18n::Lang::En, &error),
                )),
            }
        });
    });
    let screen = move || match startup.get() {
        Startup::Opening => ().into_any(),
        Startup::Ready {
            backend,
            server,
            signed_in,
            again,
        } => view! { <Ready backend server signed_in again/> }.into_any(),
        Startup::StorageFailed(reason) => {
            view! { <StartupFailed explanation=Key::StartupFailedText reason/> }.into_any()
        }
        Startup::ConfigInvalid(reason) => {
            view! { <StartupFailed explanation=Key::ConfigInvalid reason/> }.into_any()
        }
        Startup::CodeFailed(reason) => {
            view! { <StartupFailed explanation=Key::ErrCodeLoadFailed reason/> }.into_any()
        }
        // Signing in, and a store that cannot be read: their code is fetched when they show.
        seldom @ (Startup::SignIn { .. }
        | Startup::OAuthSignIn { .. }
        | Startup::Corrupt { .. }) => {
            crate::start_screens_on_demand::screen(seldom, startup).into_any()
        }
    };
    view! { {screen} <UpdatePrompt/> }
}

#[component]
fn Ready(
    backend: Rc<dyn Backend>,
    server: Option<String>,
    signed_in: bool,
    again: SignInAgainBy,
) -> impl IntoView {
    let session = SessionExpired::provide();
    if again != SignInAgainBy::Nothing {
        // A refused read asks for a new token as a refused write does (the outbox says so itself).
        backend.on_signed_out(Rc::new(move || {
            let _ = session.0.try_set(true);
        }));
    }
    let on_sign_out = server.clone().filter(|_| signed_in).map(|server| {
        Callback::new(move |()| {
            credentials::forget(&server);
            // Start over, so nothing of the signed-in session stays in memory.
            let _ = window().location().reload();
        })
    });
    DataRevision::provide(&backend);
    crate::state::outbox::Outbox::provide(
        backend.clone(),
        use_context::<SessionExpired>(),
        crate::outbox_on_demand::load,
    );
    BackendCtx::provide(backend);
    provide_context(CurrentServer(server.clone()));
    // Built after the contexts it uses.
    let sign_in_again = server
        .clone()
        .filter(|_| again != SignInAgainBy::Nothing)
        .map(|server| view! { <SignInAgain server again/> });
    view! {
        <Router base=crate::hosting::router_base()>
            <Shell server on_sign_out>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=ProjectList/>
                    <Route path=path!("/settings") view=SettingsPage/>
                    <Route path=path!("/work_packages/:id") view=WorkPackagePage/>
                    <ParentRoute path=path!("/projects/:project") view=ProjectScope>
                        <Route path=path!("board") view=BoardView/>
                        <Route path=path!("table") view=TableView/>
                        <Route path=path!("gantt") view=GanttView/>
                        <Route path=path!("") view=|| view! { <Redirect path="board"/> }/>
                    </ParentRoute>
                </Routes>
            </Shell>
            {sign_in_again}
            <crate::views::on_demand::EmbedBridge/>
        </Router>
    }
}
