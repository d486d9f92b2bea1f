//! A column's heading: its name and colour, how many cards it holds, its work-in-progress limit, and a
//! button that collapses it.

use super::use_board;
use crate::domain::board_config::WipState;
use crate::domain::board_layout::GroupValue;
use crate::i18n::Key;
use crate::state::prefs::use_i18n;
use crate::state::project::use_project;
use leptos::prelude::*;

#[component]
pub fn ColumnHead(column: GroupValue) -> impl IntoView {
    let board = use_board();
    let project = use_project();
    let i18n = use_i18n();
    let name = move || board.value_name(column);
    let color = move || {
        project.catalog.with(|c| match column {
            GroupValue::Status(id) => c.status(id).map(|s| s.color.clone()),
            GroupValue::Type(id) => c.wp_type(id).map(|t| t.color.clone()),
            _ => None,
        })
    };
    let count = Memo::new(move |_| board.board.with(|b| b.column_len(column)));
    let wip = Memo::new(move |_| {
        let total = board.totals.with(|t| t.get(&column).copied().unwrap_or(0));
        board.config.value.with(|c| c.wip_state(column, total))
    });
    // Words and a sign, not colour alone, say that a column is at or over its limit.
    let wip_text = move || match wip.get() {
        WipState::Unlimited => None,
        WipState::Within { count, limit } => Some((
            "",
            i18n.fill(
                Key::WipWithin,
                &[("count", &count.to_string()), ("limit", &limit.to_string())],
            ),
        )),
        WipState::Full { count, limit } => Some((
            "tafel-wip--full",
            i18n.fill(
                Key::WipFull,
                &[("count", &count.to_string()), ("limit", &limit.to_string())],
            ),
        )),
        WipState::Over { count, limit } => Some((
            "tafel-wip--over",
            i18n.fill(
                Key::WipOver,
                &[("count", &count.to_string()), ("limit", &limit.to_string())],
            ),
        )),
    };
    let collapsed = move || board.is_folded(column);
    let toggle = move |_| board.toggle_folded(column);
    let heading_id = format!("tafel-column-{}", column.token());
    view! {
        <header class="tafel-column__head">
            <button
                type="button"
                class="tafel-button tafel-button--icon tafel-column__toggle"
                aria-expanded=move || (!collapsed()).to_string()
                aria-label=move || i18n.fill(Key::CollapseColumn, &[("column", &name())])
                title=move || i18n.fill(Key::CollapseColumn, &[("column", &name())])
                on:click=toggle
            >
                <span aria-hidden="true">{move || if collapsed() { "▸" } else { "▾" }}</span>
            </button>
            {move || color().map(|color| view! {
                <span class="tafel-column__swatch" style:background-color=color aria-hidden="true"></span>
            })}
            <h3 id=heading_id class="tafel-column__title">
                <span class="tafel-column__name">{name}</span>
                <span class="tafel-column__count" aria-hidden="true">{count}</span>
                <span class="tafel-sr-only">
                    {move || i18n.count(Key::CardCountOne, Key::CardCount, count.get())}
                </span>
            </h3>
            {move || wip_text().map(|(class, text)| view! {
                <span class=format!("tafel-wip {class}") data-testid="wip">{text}</span>
            })}
        </header>
    }
}
