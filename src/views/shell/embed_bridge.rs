//! The host page's requests carried out, and what the host is told: navigation, filters, the open
//! work package and confirmed changes inside the router; theme, tokens and language outside it.

use crate::domain::embed::{self, Inbound, Outbound, ProtocolError, RouteInfo};
use crate::domain::list_params::ListParams;
use crate::domain::theme_tokens;
use crate::i18n::Lang;
use crate::state::Theme;
use crate::state::embed::{Embed, current_route, use_embed};
use crate::state::outbox::{ConfirmedKind, use_outbox};
use crate::state::prefs::{Prefs, apply_tokens};
use crate::state::url::use_list_params;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};

/// Follows the host's theme, token and language requests, and answers `tafel:get-state`.
pub fn follow_looks(prefs: Prefs, embed: Embed, looks: Vec<Inbound>) {
    for message in looks {
        match message {
            Inbound::SetTheme { theme, tokens } => set_theme(prefs, embed, theme, &tokens),
            Inbound::SetLocale(tag) => {
                let primary = tag.split(['-', '_']).next().unwrap_or_default();
                match Lang::parse(&primary.to_ascii_lowercase()) {
                    Some(lang) => prefs.lang.set(lang),
                    None => embed.refuse(ProtocolError::new(
                        "unknown-locale",
                        format!("locale {tag:?}: Tafel speaks \"de\" and \"en\""),
                    )),
                }
            }
            Inbound::GetState => embed.tell(&Outbound::State {
                locale: prefs.lang.get_untracked().tag().to_owned(),
                theme: prefs.theme.get_untracked().as_str().to_owned(),
                route: current_route(),
                selection: embed.selection.get_untracked(),
            }),
            _ => {}
        }
    }
}

fn set_theme(
    prefs: Prefs,
    embed: Embed,
    theme: Option<String>,
    tokens: &[(String, Option<String>)],
) {
    let theme = match theme.as_deref().map(Theme::parse) {
        None => None,
        Some(Some(theme)) => Some(theme),
        Some(None) => {
            return embed.refuse(ProtocolError::new(
                "bad-message",
                format!(
                    "theme must be one of {}",
                    crate::config::THEME_NAMES.join(", ")
                ),
            ));
        }
    };
    // The whole set or nothing, so the host never sees half of its theme applied.
    match theme_tokens::check_all(tokens.iter().map(|(k, v)| (k.as_str(), v.as_deref()))) {
        Ok(tokens) => {
            apply_tokens(&tokens);
            if let Some(theme) = theme {
                prefs.show_theme(theme);
            }
        }
        Err(problem) => embed.refuse(ProtocolError::new("bad-token", problem.to_string())),
    }
}

/// Inside the router: carries out navigation and filters, and tells the host where the app went,
/// which work package is open, and which changes were saved. Drawn only where a host can talk to
/// Tafel (`views::on_demand::EmbedBridge`).
#[component]
pub fn EmbedBridge() -> impl IntoView {
    let embed = use_embed();
    let navigate = use_navigate();
    let filters = use_list_params();
    Effect::new(move || {
        let inbox = embed.inbox.get();
        if inbox.is_empty() {
            return;
        }
        embed.inbox.set(Vec::new());
        for message in inbox {
            match message {
                Inbound::Navigate {
                    project,
                    view,
                    work_package,
                } => navigate(
                    &embed::route(project.as_deref(), view, work_package),
                    NavigateOptions::default(),
                ),
                Inbound::SetFilters(pairs) => filters.set(ListParams::from_query(
                    pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
                )),
                _ => {}
            }
        }
    });

    let location = use_location();
    let query = use_query_map();
    Effect::new(move |told: Option<RouteInfo>| {
        let path = crate::hosting::route(&location.pathname.get());
        let wp = query.with(|q| q.get("wp"));
        let route = RouteInfo::from_path(&path, wp.as_deref());
        // The first place is in `tafel:ready`; the selection is the work package open in the detail.
        if let Some(told) = told.as_ref().filter(|told| **told != route) {
            embed.tell(&Outbound::Navigated(route.clone()));
            if told.work_package != route.work_package {
                let selection: Vec<u64> = route.work_package.into_iter().collect();
                embed.selection.set(selection.clone());
                embed.tell(&Outbound::Selection(selection));
            }
        } else if told.is_none() {
            embed
                .selection
                .set(route.work_package.into_iter().collect());
        }
        route
    });

    let outbox = use_outbox();
    Effect::new(move || {
        let Some(confirmed) = outbox.last_confirmed.get() else {
            return;
        };
        embed.tell(&Outbound::WorkPackageChanged {
            id: confirmed.id.0,
            change: match confirmed.what {
                ConfirmedKind::Created => "created",
                ConfirmedKind::Updated => "updated",
                ConfirmedKind::Deleted => "deleted",
            },
            subject: confirmed.subject,
        });
    });
}
