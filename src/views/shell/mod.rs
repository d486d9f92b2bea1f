//! The frame around every screen: header with navigation and switchers, notices, announcements.

pub(crate) mod embed_bridge;
mod load_failed;
mod not_found;
mod notices;
mod route_focus;
pub(crate) mod shortcuts;
mod sign_in;
pub(crate) mod sign_in_again;
mod startup;
pub mod switchers;
pub(crate) mod sync_status;
mod update;

pub use load_failed::LoadFailed;
pub use not_found::{NotFound, NotFoundMessage};
pub use sign_in::{OAuthSignIn, SignIn, TokenEntry};
pub use startup::{CorruptStore, StartupFailed};
pub use update::UpdatePrompt;

use crate::hosting::href;
use crate::i18n::Key;
use crate::state::announcer::use_announcer;
use crate::state::prefs::use_i18n;
use leptos::prelude::*;
use leptos_router::components::A;
use notices::NoticeList;
use switchers::{LanguageSwitch, ThemeSwitch};

#[component]
pub fn Shell(
    /// The connected server, or `None` when the data lives in this browser.
    server: Option<String>,
    /// Offered when the user signed in with a token.
    on_sign_out: Option<Callback<()>>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let announcer = use_announcer();
    route_focus::follow();
    // In a host page's frame the host has the navigation, language and theme; the sync state stays,
    // as nobody else can tell the user that a change is still on its way.
    let header = if crate::state::embed::use_embed().embedded {
        view! {
            <div class="tafel-embedbar" data-testid="embed-bar">
                <sync_status::SyncStatus/>
                <shortcuts::Shortcuts/>
            </div>
        }
        .into_any()
    } else {
        full_header(server, on_sign_out).into_any()
    };
    view! {
        // With `<base href>` set, "#main" means the start page's #main: the router would go there.
        <a
            class="tafel-skip"
            href="#main"
            on:click=|ev| {
                ev.prevent_default();
                crate::components::focus::focus_now("#main");
            }
        >
            {i18n.tr(Key::SkipToContent)}
        </a>
        {header}
        <main id="main" class="tafel-main" tabindex="-1">{children()}</main>
        <NoticeList/>
        <div class="tafel-sr-only" role="status" aria-live="assertive" aria-atomic="true" data-testid="announcer">
            {move || announcer.0.get()}
        </div>
    }
}

fn full_header(server: Option<String>, on_sign_out: Option<Callback<()>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="tafel-header">
            <A href=href("/") attr:class="tafel-header__brand">
                <span class="tafel-header__logo" aria-hidden="true"></span>
                {i18n.tr(Key::AppName)}
            </A>
            <nav class="tafel-header__nav" aria-label=i18n.tr(Key::MainNavigation)>
                <A href=href("/") exact=true>{i18n.tr(Key::NavProjects)}</A>
                <A href=href("/settings")>{i18n.tr(Key::NavSettings)}</A>
            </nav>
            <div class="tafel-header__tools">
                {match server {
                    None => view! { <span class="tafel-badge">{i18n.tr(Key::LocalStoreBadge)}</span> }.into_any(),
                    Some(server) => {
                        let title = server.clone();
                        view! {
                            <span class="tafel-badge" title=title>
                                {move || i18n.fill(Key::ServerBadge, &[("server", &server)])}
                            </span>
                        }.into_any()
                    }
                }}
                {on_sign_out.map(|sign_out| view! {
                    <button type="button" class="tafel-button tafel-button--quiet" on:click=move |_| sign_out.run(())>
                        {i18n.tr(Key::SignOut)}
                    </button>
                })}
                <sync_status::SyncStatus/>
                <shortcuts::Shortcuts/>
                <LanguageSwitch/>
                <ThemeSwitch/>
            </div>
        </header>
    }
}
