use super::card::BoardCard;
use super::use_board;
use crate::domain::StatusId;
use crate::i18n::Key;
use crate::state::prefs::use_i18n;
use crate::state::project::use_project;
use crate::views::create::CreatePreset;
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
    let cards = move || {
        board.columns.with(|cols| {
            cols.iter()
                .find(|c| c.status == status)
                .map(|c| c.cards.clone())
                .unwrap_or_default()
        })
    };
    let count = move || cards().len();
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
            let others: Vec<_> = cards().into_iter().filter(|id| *id != dragging).collect();
            others.get(index) == Some(&card)
        })
    };
    let drop_at_end = move || {
        drop_index().is_some_and(|(dragging, index)| {
            index >= cards().into_iter().filter(|id| *id != dragging).count()
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
                        {move || i18n.fill(Key::CardCount, &[("count", &count().to_string())])}
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
            <ol class="tafel-column__cards">
                <For each=cards key=|id| *id let:id>
                    <BoardCard id drop_before=Signal::derive(move || drop_before(id))/>
                </For>
            </ol>
            <Show when=move || count() == 0>
                <p class="tafel-column__empty">{i18n.tr(Key::EmptyColumn)}</p>
            </Show>
        </section>
    }
}
