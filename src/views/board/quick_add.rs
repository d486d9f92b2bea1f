//! Quick add at the foot of a cell: type a title, press Enter, and the new card takes the cell's
//! column and lane values. The field stays open for the next title; Escape closes it.

use super::use_board;
use crate::domain::Problem;
use crate::domain::board_layout::{CellKey, GroupBy, GroupValue};
use crate::domain::{NewWorkPackage, TypeId};
use crate::i18n::Key;
use crate::i18n::messages::problem;
use crate::state::actions::use_actions;
use crate::state::notices::use_notices;
use crate::state::notices::{api_error_text, api_error_text_in};
use crate::state::prefs::use_i18n;
use crate::state::project::use_project;
use crate::state::url::use_list_params;
use crate::views::create::CreatePreset;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The type a quick-added card gets: the cell's, or the first type that is not a milestone.
fn type_for(cell: CellKey, types: &[crate::domain::WpType]) -> Option<TypeId> {
    let from_cell = match cell.value(GroupBy::Type) {
        Some(GroupValue::Type(id)) => Some(id),
        _ => None,
    };
    from_cell.or_else(|| {
        let mut list: Vec<_> = types.iter().filter(|t| !t.is_milestone).collect();
        crate::domain::rank::sort_by_rank(&mut list, |t| (i64::from(t.position), t.id.0));
        list.first().map(|t| t.id)
    })
}

#[component]
pub fn QuickAdd(cell: CellKey) -> impl IntoView {
    let board = use_board();
    let project = use_project();
    let actions = use_actions();
    let i18n = use_i18n();
    let list = use_list_params();
    let notices = use_notices();
    let input = NodeRef::<html::Input>::new();
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    // Creations on their way. The field does not wait for them: each title is in the outbox's
    // journal once submitted, and the next one can be typed and sent at once.
    let pending = RwSignal::new(0_usize);
    Effect::new(move || {
        if let Some(input) = input.get() {
            let _ = input.focus();
        }
    });
    let close = move || {
        board.quick_add.set(None);
        crate::components::focus::focus_when_drawn(format!(
            "[data-cell=\"{}\"] .tafel-cell__add",
            cell.token()
        ));
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let subject = text.get_untracked().trim().to_owned();
        if subject.is_empty() {
            // A second Enter right after the first is no blank title.
            if pending.get_untracked() == 0 {
                error.set(Some(problem(i18n.lang_untracked(), &Problem::Blank)));
            }
            return;
        }
        // A hard limit holds for new cards as for moved ones, and counts the creations still on
        // their way: they are not on the board yet, but will be.
        let count = board
            .totals
            .with_untracked(|t| t.get(&cell.column).copied().unwrap_or(0));
        let arriving = 1 + pending.get_untracked();
        let (refused, limit) = board.config.value.with_untracked(|c| {
            (
                c.refuses(cell.column, arriving, count),
                c.limit(cell.column).unwrap_or(0),
            )
        });
        if refused {
            error.set(Some(i18n.fill(
                Key::QuickAddOverLimit,
                &[
                    ("column", &board.value_name(cell.column)),
                    ("limit", &limit.to_string()),
                ],
            )));
            return;
        }
        let Some(type_id) = project.catalog.with_untracked(|c| type_for(cell, &c.types)) else {
            return;
        };
        let mut draft = NewWorkPackage::new(
            project.project.with_untracked(|p| p.id),
            type_id,
            subject.clone(),
        );
        cell.preset(&mut draft);
        error.set(None);
        // Emptied now, not when the creation is answered: an answer arriving later must not wipe
        // the next title, typed meanwhile. A refused title comes back (below).
        text.set(String::new());
        pending.update(|n| *n += 1);
        spawn_local(async move {
            let result = actions.create(draft).await;
            // Closed (or the view left) while the creation was on its way: it is made or kept all
            // the same, and nothing here is left to update; a refusal is told where it can be seen.
            if text.is_disposed() {
                if let Err(failure) = result {
                    let lang = i18n.lang_untracked();
                    let reason = project
                        .catalog
                        .try_with_untracked(|c| api_error_text_in(lang, &failure, c))
                        .unwrap_or_else(|| api_error_text(lang, &failure));
                    notices.error(lang.fill(
                        Key::QuickAddRefused,
                        &[("subject", &subject), ("reason", &reason)],
                    ));
                }
                return;
            }
            pending.update(|n| *n -= 1);
            match result {
                // Kept in the outbox: the card appears once the server made it.
                Ok(None) => {}
                Ok(Some(created)) => {
                    // Created, but the filters hide it: say so, or it seems to vanish.
                    let today = chrono::Local::now().date_naive();
                    let shown = project.catalog.with_untracked(|c| {
                        list.value
                            .with_untracked(|p| p.filters(today))
                            .iter()
                            .all(|f| f.matches(&created, c))
                    });
                    if !shown {
                        notices.success(
                            i18n.fill(Key::QuickAddHidden, &[("id", &created.id.0.to_string())]),
                        );
                    }
                    board.reveal.set(Some(created.id));
                    if let Some(input) = input.get_untracked() {
                        let _ = input.focus();
                    }
                }
                // The server's reasons, in the user's language, next to the field that keeps the text;
                // a required custom field named as it is ("Story points: Can't be blank.").
                // A title typed meanwhile stays; the refused one is named in the message.
                Err(failure) => {
                    let lang = i18n.lang_untracked();
                    let reason = project
                        .catalog
                        .with_untracked(|c| api_error_text_in(lang, &failure, c));
                    if text.with_untracked(String::is_empty) {
                        text.set(subject);
                        error.set(Some(reason));
                    } else {
                        error.set(Some(lang.fill(
                            Key::QuickAddRefused,
                            &[("subject", &subject), ("reason", &reason)],
                        )));
                    }
                }
            }
        });
    };
    let field_id = format!("tafel-quick-add-{}", cell.token().replace('/', "-"));
    let error_id = format!("{field_id}-error");
    view! {
        <form class="tafel-quick-add" on:submit=submit novalidate=true data-testid="quick-add">
            <label class="tafel-sr-only" for=field_id.clone()>
                {move || i18n.fill(Key::AddCardTo, &[("status", &board.cell_name(cell))])}
            </label>
            <input
                id=field_id
                node_ref=input
                class="tafel-input"
                maxlength="255"
                placeholder=i18n.tr(Key::QuickAddPlaceholder)
                aria-invalid=move || error.with(Option::is_some).to_string()
                aria-describedby=error_id.clone()
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
                on:keydown=move |ev| {
                    if ev.key() == "Escape" {
                        ev.prevent_default();
                        close();
                    }
                }
            />
            <p id=error_id class="tafel-field__error" role="alert">{move || error.get()}</p>
            <div class="tafel-row">
                <button type="submit" class="tafel-button tafel-button--primary">
                    {i18n.tr(Key::Create)}
                </button>
                <button type="button" class="tafel-button" on:click=move |_| close()>
                    {i18n.tr(Key::Cancel)}
                </button>
                <button
                    type="button"
                    class="tafel-button tafel-button--quiet"
                    on:click=move |_| {
                        board.quick_add.set(None);
                        board.create.set(Some(CreatePreset { cell: Some(cell) }));
                    }
                >
                    {i18n.tr(Key::MoreFields)}
                </button>
            </div>
        </form>
    }
}
