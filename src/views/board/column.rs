use super::card::BoardCard;
use super::use_board;
use crate::components::visible_range::visible_range;
use crate::domain::StatusId;
use crate::i18n::Key;
use crate::state::prefs::use_i18n;
use crate::state::project::use_project;
use crate::views::create::CreatePreset;
use leptos::html::Div;
use leptos::prelude::*;

#[component]
pub fn BoardColumn(status: StatusId) -> impl IntoView {
    let board = use_board();
    let project = use_project();
    let i18n = use_i18n();
    let name = move || {
        project
            .catalog
            .with(|c| c.status(status).map(|s| s.name.clone()))
            .unwrap_or_default()
    };
    let color = move || {
        project
            .catalog
            .with(|c| c.status(status).map(|s| s.color.clone()))
            .unwrap_or_default()
    };
    // Memos: many closures below read the column, which may hold thousands of cards.
    let cards = Memo::new(move |_| {
        board.columns.with(|cols| {
            cols.iter()
                .find(|c| c.status == status)
                .map(|c| c.cards.clone())
                .unwrap_or_default()
        })
    });
    let count = Memo::new(move |_| cards.with(Vec::len));
    let drop_index = move || {
        board.drag.with(|d| {
            d.and_then(|d| {
                d.target
                    .filter(|t| t.status == status)
                    .map(|t| (d.id, t.index))
            })
        })
    };
    // The drop line sits above the card at the drop index, or at the end of the column.
    let drop_before = move |card: crate::domain::WorkPackageId| {
        drop_index().is_some_and(|(dragging, index)| {
            cards.with(|cards| cards.iter().filter(|id| **id != dragging).nth(index) == Some(&card))
        })
    };
    let drop_at_end = move || {
        drop_index().is_some_and(|(dragging, index)| {
            index >= cards.with(|cards| cards.iter().filter(|id| **id != dragging).count())
        })
    };
    // While a card is on the move, columns the workflow does not allow for it say so.
    let blocked = move || {
        let moving = board
            .pickup
            .with(|p| p.map(|p| p.id))
            .or_else(|| board.drag.with(|d| d.filter(|d| d.active).map(|d| d.id)));
        board.allowed.track();
        moving.is_some_and(|id| board.is_blocked(id, status))
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
    let shown = move || {
        let (start, end) = range.get();
        cards.with(|cards| {
            cards[start.min(cards.len())..end.min(cards.len())]
                .iter()
                .enumerate()
                .map(|(i, id)| (*id, start + i))
                .collect::<Vec<_>>()
        })
    };
    let padding = move |above: bool| {
        let (start, end) = range.get();
        let hidden = if above {
            start
        } else {
            count.get().saturating_sub(end)
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

    let heading_id = format!("tafel-column-{}", status.0);
    let labelled_by = heading_id.clone();
    view! {
        <section
            class="tafel-column"
            class:tafel-column--drop-end=drop_at_end
            class:tafel-column--blocked=blocked
            data-column-status=status.0.to_string()
            aria-labelledby=labelled_by
            data-testid="board-column"
        >
            <header class="tafel-column__head">
                <span class="tafel-column__swatch" style:background-color=color aria-hidden="true"></span>
                <h3 id=heading_id class="tafel-column__title">
                    <span class="tafel-column__name">{name}</span>
                    <span class="tafel-column__count" aria-hidden="true">{count}</span>
                    <span class="tafel-column__blocked" hidden=move || !blocked()>
                        {i18n.tr(Key::ColumnNotAllowed)}
                    </span>
                    <span class="tafel-sr-only">
                        {move || i18n.fill(Key::CardCount, &[("count", &count.get().to_string())])}
                    </span>
                </h3>
                <button
                    type="button"
                    class="tafel-button tafel-button--icon"
                    aria-label=move || i18n.fill(Key::AddCardTo, &[("status", &name())])
                    title=move || i18n.fill(Key::AddCardTo, &[("status", &name())])
                    on:click=move |_| board.create.set(Some(CreatePreset { status: Some(status) }))
                >
                    "+"
                </button>
            </header>
            // The padding stands in for the cards not drawn; it sits inside the scrolling box,
            // which it could not shrink below otherwise.
            <div
                class="tafel-column__cards"
                node_ref=list
                on:scroll=move |_| {
                    if let Some(list) = list.get_untracked() {
                        scroll_top.set(f64::from(list.scroll_top()));
                    }
                }
            >
                <ol
                    class="tafel-column__list"
                    style:padding-top=move || padding(true)
                    style:padding-bottom=move || padding(false)
                >
                    // Keyed by place too: a card whose index changed is drawn anew with its new one.
                    <For each=shown key=|entry| *entry let:entry>
                        <BoardCard
                            id=entry.0
                            index=entry.1
                            size=count
                            drop_before=Signal::derive(move || drop_before(entry.0))
                        />
                    </For>
                </ol>
            </div>
            <Show when=move || count.get() == 0>
                <p class="tafel-column__empty">{i18n.tr(Key::EmptyColumn)}</p>
            </Show>
        </section>
    }
}
