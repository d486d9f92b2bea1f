//! "Move to…": a card's way to another column or lane without dragging (WCAG 2.2, 2.5.7). Lists every
//! cell; those the workflow or a hard limit refuses say why and cannot be chosen.

use super::use_board;
use crate::components::dialog::Dialog;
use crate::domain::board_layout::{CellKey, GroupValue};
use crate::i18n::Key;
use crate::state::prefs::use_i18n;
use leptos::prelude::*;

#[component]
pub fn MoveMenu() -> impl IntoView {
    let board = use_board();
    let i18n = use_i18n();
    let open = Signal::derive(move || board.move_menu.get().is_some());
    let close = Callback::new(move |()| board.move_menu.set(None));
    let title = Signal::derive(move || {
        let Some(id) = board.move_menu.get() else {
            return String::new();
        };
        board.selected.track();
        // The cards that would really go: selected, on the board as filtered, and changeable.
        let carried = board.carried(id).len();
        if carried > 1 {
            i18n.fill(Key::MoveManyTitle, &[("count", &carried.to_string())])
        } else {
            i18n.fill(Key::MoveToTitle, &[("id", &id.0.to_string())])
        }
    });
    let choose = move |cell: CellKey| {
        let Some(id) = board.move_menu.get_untracked() else {
            return;
        };
        board.move_menu.set(None);
        board.move_to(id, cell);
    };
    // Memos: the choices are drawn anew when columns or lanes change, not with every card.
    let lanes = Memo::new(move |_| board.board.with(|b| b.lanes.clone()));
    let columns = Memo::new(move |_| board.board.with(|b| b.columns.clone()));
    let here = Memo::new(move |_| {
        let id = board.move_menu.get()?;
        board.board.with(|b| b.spot_of(id).map(|(c, _)| c))
    });
    let option = move |cell: CellKey| {
        let id = board.move_menu.get()?;
        board.allowed.track();
        board.totals.track();
        let current = here.get() == Some(cell);
        let refusal = if board.is_blocked(id, cell) {
            Some(Key::ColumnNotAllowed)
        } else if board.over_limit(&board.carried(id), cell) {
            Some(Key::WipLimitReached)
        } else {
            None
        };
        let name = board.value_name(cell.column);
        Some(view! {
            <li>
                <button
                    type="button"
                    class="tafel-button tafel-move-menu__choice"
                    aria-current=current.then_some("true")
                    disabled=current || refusal.is_some()
                    on:click=move |_| choose(cell)
                >
                    {name}
                    {current.then(|| view! { <span class="tafel-move-menu__note">{i18n.t(Key::MoveHere)}</span> })}
                    {refusal.map(|key| view! { <span class="tafel-move-menu__note">{i18n.t(key)}</span> })}
                </button>
            </li>
        })
    };
    let lane_group = move |lane: Option<GroupValue>| {
        let heading = lane
            .map(|lane| view! { <h3 class="tafel-move-menu__lane">{board.value_name(lane)}</h3> });
        view! {
            <div class="tafel-move-menu__group">
                {heading}
                <ul class="tafel-move-menu__list">
                    {move || columns.get().into_iter().map(|column| option(CellKey { column, lane })).collect_view()}
                </ul>
            </div>
        }
    };
    view! {
        <Dialog open title on_close=close close_label=Signal::derive(i18n.tr(Key::Close).to_owned())>
            <div class="tafel-move-menu" data-testid="move-menu">
                {move || lanes.get().into_iter().map(lane_group).collect_view()}
            </div>
        </Dialog>
    }
}
