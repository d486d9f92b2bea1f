//! Several boards per project: the current grouping, limits, card fields and filters saved under a
//! name, picked from a list, saved again after a change, or deleted. A saved board's address is its
//! settings plus `board=<id>`, so it can be shared like any board.

use super::use_board;
use crate::components::dialog::Dialog;
use crate::domain::board_config::BoardConfig;
use crate::domain::list_params::ListParams;
use crate::domain::saved_board::{BoardDraft, BoardId, SavedBoard};
use crate::i18n::Key;
use crate::state::backend::use_backend;
use crate::state::notices::{api_error_text, use_notices};
use crate::state::prefs::use_i18n;
use crate::state::project::use_project;
use crate::state::url::{UrlValue, query_string};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};

/// The board's settings and filters as one query string, the form a saved board keeps.
fn settings_query(config: &BoardConfig, list: &ListParams) -> String {
    let mut pairs = config.to_query();
    pairs.extend(list.to_query());
    query_string(&pairs).trim_start_matches('?').to_owned()
}

#[component]
pub fn SavedBoards(list: UrlValue<ListParams>) -> impl IntoView {
    let board = use_board();
    let project = use_project();
    let backend = use_backend();
    let notices = use_notices();
    let i18n = use_i18n();
    let query = use_query_map();
    let location = use_location();
    let navigate = use_navigate();
    let version = RwSignal::new(0_u32);
    let saved = LocalResource::new(move || {
        version.track();
        let backend = backend.get();
        let id = project.project.with_untracked(|p| p.id);
        async move { backend.boards(id).await }
    });
    let boards = move || saved.get().and_then(Result::ok).unwrap_or_default();
    let current_id = Memo::new(move |_| {
        query
            .with(|q| q.get("board"))
            .and_then(|raw| raw.parse().ok())
            .map(BoardId)
    });
    let current = move || {
        let id = current_id.get()?;
        boards().into_iter().find(|b| b.id == id)
    };
    let settings = Memo::new(move |_| {
        board
            .config
            .value
            .with(|c| list.value.with(|l| settings_query(c, l)))
    });
    let changed = move || current().is_some_and(|b| b.query != settings.get());

    // A saved board's settings with its id, or (`None`) the settings as they are, unsaved.
    let go = move |target: Option<&SavedBoard>| {
        let path = crate::hosting::route(&location.pathname.get_untracked());
        let address = match target {
            Some(saved) if saved.query.is_empty() => format!("{path}?board={}", saved.id.0),
            Some(saved) => format!("{path}?{}&board={}", saved.query, saved.id.0),
            None => format!("{path}?{}", settings.get_untracked()),
        };
        navigate(
            &address,
            NavigateOptions {
                scroll: false,
                ..NavigateOptions::default()
            },
        );
    };
    let go = StoredValue::new_local(go);
    let pick = move |ev| {
        let chosen = event_target_value(&ev)
            .parse()
            .ok()
            .and_then(|id| boards().into_iter().find(|b| b.id == BoardId(id)));
        go.with_value(|go| go(chosen.as_ref()));
    };
    let save = move |id: Option<BoardId>, name: String| {
        let draft = BoardDraft {
            id,
            project: project.project.with_untracked(|p| p.id),
            name,
            query: settings.get_untracked(),
        };
        let backend = backend.get();
        spawn_local(async move {
            match backend.save_board(draft).await {
                Ok(saved) => {
                    notices.success(i18n.fill(Key::BoardSaved, &[("name", &saved.name)]));
                    version.update(|v| *v += 1);
                    go.with_value(|go| go(Some(&saved)));
                }
                Err(error) => notices.error(api_error_text(i18n.lang_untracked(), &error)),
            }
        });
    };
    let naming = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let confirming = RwSignal::new(false);
    let delete = move |_| {
        confirming.set(false);
        let Some(doomed) = current() else {
            return;
        };
        let backend = backend.get();
        spawn_local(async move {
            match backend.delete_board(doomed.id).await {
                Ok(()) => {
                    notices.success(i18n.fill(Key::BoardDeleted, &[("name", &doomed.name)]));
                    version.update(|v| *v += 1);
                    go.with_value(|go| go(None));
                }
                Err(error) => notices.error(api_error_text(i18n.lang_untracked(), &error)),
            }
        });
    };
    view! {
        <div class="tafel-field tafel-field--inline">
            <label for="tafel-board-saved">{i18n.tr(Key::SavedBoards)}</label>
            // The value, not only the options' `selected`: once the user picked, browsers ignore that.
            <select
                id="tafel-board-saved"
                class="tafel-select"
                on:change=pick
                prop:value=move || current().map(|b| b.id.0.to_string()).unwrap_or_default()
            >
                <option value="" selected=move || current().is_none()>{i18n.tr(Key::BoardUnsaved)}</option>
                {move || boards().into_iter().map(|b| {
                    let selected = current_id.get() == Some(b.id);
                    view! { <option value=b.id.0.to_string() selected=selected>{b.name}</option> }
                }).collect_view()}
            </select>
        </div>
        <Show when=changed>
            <button
                type="button"
                class="tafel-button tafel-button--primary"
                on:click=move |_| {
                    if let Some(b) = current() {
                        save(Some(b.id), b.name);
                    }
                }
            >
                {i18n.tr(Key::SaveBoard)}
            </button>
        </Show>
        <button type="button" class="tafel-button" on:click=move |_| {
            name.set(String::new());
            naming.set(true);
        }>
            {i18n.tr(Key::SaveBoardAs)}
        </button>
        <Show when=move || current().is_some()>
            <button type="button" class="tafel-button tafel-button--danger" on:click=move |_| confirming.set(true)>
                {i18n.tr(Key::DeleteBoard)}
            </button>
        </Show>
        <Dialog
            open=confirming
            title=Signal::derive(i18n.tr(Key::DeleteBoard).to_owned())
            on_close=Callback::new(move |()| confirming.set(false))
            close_label=Signal::derive(i18n.tr(Key::Close).to_owned())
        >
            <p>{move || i18n.fill(Key::ConfirmDeleteBoard, &[("name", &current().map(|b| b.name).unwrap_or_default())])}</p>
            <div class="tafel-row tafel-row--end">
                <button type="button" class="tafel-button" on:click=move |_| confirming.set(false)>{i18n.tr(Key::Cancel)}</button>
                <button type="button" class="tafel-button tafel-button--danger" on:click=delete>{i18n.tr(Key::Delete)}</button>
            </div>
        </Dialog>
        <Dialog
            open=naming
            title=Signal::derive(i18n.tr(Key::SaveBoardAs).to_owned())
            on_close=Callback::new(move |()| naming.set(false))
            close_label=Signal::derive(i18n.tr(Key::Close).to_owned())
        >
            <form class="tafel-form" on:submit=move |ev| {
                ev.prevent_default();
                if name.with_untracked(|n| !n.trim().is_empty()) {
                    naming.set(false);
                    save(None, name.get_untracked());
                }
            }>
                <div class="tafel-field">
                    <label for="tafel-board-name">{i18n.tr(Key::BoardNameLabel)}</label>
                    <input
                        id="tafel-board-name"
                        class="tafel-input"
                        maxlength="255"
                        required=true
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                </div>
                <div class="tafel-row tafel-row--end">
                    <button type="button" class="tafel-button" on:click=move |_| naming.set(false)>{i18n.tr(Key::Cancel)}</button>
                    <button type="submit" class="tafel-button tafel-button--primary" disabled=move || name.with(|n| n.trim().is_empty())>
                        {i18n.tr(Key::SaveBoard)}
                    </button>
                </div>
            </form>
        </Dialog>
    }
}
