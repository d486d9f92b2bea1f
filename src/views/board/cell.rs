//! One cell of the board (a column, or a column within a swimlane): its cards in a scrolling list
//! that draws only those in view, and the quick-add field at its foot.

use super::card::BoardCard;
use super::quick_add::QuickAdd;
use super::use_board;
use crate::components::visible_range::visible_range;
use crate::domain::WorkPackageId;
use crate::domain::board_layout::CellKey;
use crate::i18n::Key;
use crate::state::prefs::use_i18n;
use leptos::html::Div;
use leptos::prelude::*;

#[component]
pub fn BoardCell(cell: CellKey) -> impl IntoView {
    let board = use_board();
    let i18n = use_i18n();
    // Memos: many closures below read the cell, which may hold thousands of cards.
    let cards = Memo::new(move |_| {
        board
            .board
            .with(|b| b.cell(cell).map(|c| c.cards.clone()).unwrap_or_default())
    });
    let count = Memo::new(move |_| cards.with(Vec::len));
    let drop_index = move || {
        board
            .drag
            .with(|d| d.and_then(|d| d.target.filter(|t| t.cell == cell).map(|t| (d.id, t.index))))
    };
    // The drop line sits above the card at the drop index, or at the end of the cell.
    let drop_before = move |card: WorkPackageId| {
        drop_index().is_some_and(|(dragging, index)| {
            cards.with(|cards| cards.iter().filter(|id| **id != dragging).nth(index) == Some(&card))
        })
    };
    let drop_at_end = move || {
        drop_index().is_some_and(|(dragging, index)| {
            index >= cards.with(|cards| cards.iter().filter(|id| **id != dragging).count())
        })
    };
    // While a card is on the move, cells the workflow does not allow for it say so.
    let blocked = move || {
        let moving = board
            .pickup
            .with(|p| p.map(|p| p.id))
            .or_else(|| board.drag.with(|d| d.filter(|d| d.active).map(|d| d.id)));
        board.allowed.track();
        moving.is_some_and(|id| board.is_blocked(id, cell))
    };
    // Only the cards in view (and a few around them) exist; the list's padding stands in for the
    // rest, so the scroll bar and the DOM size do not depend on the number of cards.
    let list = NodeRef::<Div>::new();
    let scroll_top = RwSignal::new(0.0);
    let viewport = RwSignal::new(
        window()
            .inner_height()
            .ok()
            .and_then(|h| h.as_f64())
            .unwrap_or(800.0),
    );
    let measure = move || {
        if let Some(list) = list.get_untracked() {
            viewport.set(f64::from(list.client_height()));
            scroll_top.set(f64::from(list.scroll_top()));
        }
    };
    Effect::new(move || {
        if list.get().is_some() {
            measure();
        }
    });
    let on_resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || on_resize.remove());
    let range = Memo::new(move |_| {
        visible_range(
            count.get(),
            board.row.get(),
            scroll_top.get(),
            viewport.get(),
        )
    });
    let shown = Memo::new(move |_| {
        let (start, end) = range.get();
        cards.with(|cards| {
            cards[start.min(cards.len())..end.min(cards.len())]
                .iter()
                .enumerate()
                .map(|(i, id)| (*id, start + i))
                .collect::<Vec<_>>()
        })
    });
    // A card's place changes when one above it comes or goes; it keeps its element (and the focus).
    let place = move |id: WorkPackageId, drawn_at: usize| {
        Signal::derive(move || {
            shown.with(|shown| {
                shown
                    .iter()
                    .find(|(card, _)| *card == id)
                    .map_or(drawn_at, |(_, index)| *index)
            })
        })
    };
    // `count` before `range`, which derives from it (see the table's `shown`).
    let padding = move |above: bool| {
        let count = count.get();
        let (start, end) = range.get();
        let hidden = if above {
            start
        } else {
            count.saturating_sub(end)
        };
        #[allow(clippy::cast_precision_loss)]
        let px = hidden as f64 * board.row.get();
        format!("{px}px")
    };
    // A card moved by keyboard, or just created, may be outside the view: scroll it in, so it can
    // take the focus.
    Effect::new(move || {
        let revealing = board.reveal.get();
        let Some(id) = board.pickup.get().map(|p| p.id).or(revealing) else {
            return;
        };
        let Some(index) = cards.with(|cards| cards.iter().position(|card| *card == id)) else {
            return;
        };
        if revealing == Some(id) {
            board.reveal.set(None);
        }
        let (row, top, height) = (
            board.row.get_untracked(),
            scroll_top.get_untracked(),
            viewport.get_untracked(),
        );
        #[allow(clippy::cast_precision_loss)]
        let (card_top, card_bottom) = (index as f64 * row, (index + 1) as f64 * row);
        let target = if card_top < top {
            card_top
        } else if card_bottom > top + height {
            card_bottom - height
        } else {
            return;
        };
        if let Some(list) = list.get_untracked() {
            #[allow(clippy::cast_possible_truncation)]
            list.set_scroll_top(target as i32);
        }
        scroll_top.set(target);
    });

    let cell_label = move || board.cell_name(cell);
    let adding = move || board.quick_add.with(|q| *q == Some(cell));
    view! {
        <div
            class="tafel-cell"
            class:tafel-cell--drop-end=drop_at_end
            class:tafel-cell--blocked=blocked
            data-cell=cell.token()
            data-testid="board-cell"
        >
            <p class="tafel-cell__blocked" hidden=move || !blocked()>
                {i18n.tr(Key::ColumnNotAllowed)}
            </p>
            // The padding stands in for the cards not drawn; it sits inside the scrolling box,
            // which it could not shrink below otherwise.
            <div
                class="tafel-cell__cards"
                node_ref=list
                on:scroll=move |_| {
                    if let Some(list) = list.get_untracked() {
                        scroll_top.set(f64::from(list.scroll_top()));
                    }
                }
            >
                <ol
                    class="tafel-cell__list"
                    aria-label=cell_label
                    style:padding-top=move || padding(true)
                    style:padding-bottom=move || padding(false)
                >
                    // Keyed by the card alone: one drawn anew while focused would drop the keys the
                    // user types meanwhile (a card above it moved away, say).
                    <For each=move || shown.get() key=|entry| entry.0 let:entry>
                        <BoardCard
                            id=entry.0
                            index=place(entry.0, entry.1)
                            size=count
                            drop_before=Signal::derive(move || drop_before(entry.0))
                        />
                    </For>
                </ol>
            </div>
            <Show when=move || count.get() == 0 && !adding()>
                <p class="tafel-cell__empty">{i18n.tr(Key::EmptyColumn)}</p>
            </Show>
            <Show
                when=adding
                fallback=move || view! {
                    <button
                        type="button"
                        class="tafel-button tafel-button--quiet tafel-cell__add"
                        aria-label=move || i18n.fill(Key::AddCardTo, &[("status", &cell_label())])
                        on:click=move |_| board.quick_add.set(Some(cell))
                    >
                        {i18n.tr(Key::QuickAdd)}
                    </button>
                }
            >
                <QuickAdd cell/>
            </Show>
        </div>
    }
}
