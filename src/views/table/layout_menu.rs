//! Choosing the table's columns (and their order), its grouping and the tree of parents.

use super::cells;
use crate::domain::board_layout::GroupBy;
use crate::domain::table_layout::{Column, GROUPINGS, TableLayout};
use crate::i18n::Key;
use crate::state::prefs::use_i18n;
use crate::state::project::use_project;
use crate::state::url::UrlValue;
use leptos::prelude::*;

fn group_key(by: GroupBy) -> Key {
    match by {
        GroupBy::Assignee => Key::FieldAssignee,
        GroupBy::Type => Key::FieldType,
        GroupBy::Priority => Key::FieldPriority,
        GroupBy::Version => Key::FieldVersion,
        _ => Key::FieldStatus,
    }
}

#[component]
pub fn LayoutMenu(layout: UrlValue<TableLayout>) -> impl IntoView {
    let i18n = use_i18n();
    let project = use_project();
    // Every column there is: the built-in ones, then the project's custom fields.
    let all = Memo::new(move |_| {
        project.catalog.with(|c| {
            Column::BUILT_IN
                .iter()
                .cloned()
                .chain(
                    c.custom_fields
                        .iter()
                        .map(|f| Column::Custom(f.key.clone())),
                )
                .collect::<Vec<_>>()
        })
    });
    let choice = move |column: Column| {
        let label = project
            .catalog
            .with_untracked(|c| cells::label(i18n.lang(), &column, c));
        let shown = {
            let column = column.clone();
            move || layout.value.with(|l| l.columns.contains(&column))
        };
        let (toggle, left, right) = (column.clone(), column.clone(), column.clone());
        view! {
            <li class="tafel-table__column-choice">
                <label class="tafel-check">
                    <input
                        type="checkbox"
                        prop:checked=shown.clone()
                        disabled=column == Column::Subject
                        on:change=move |_| layout.update(|l| l.toggle_column(&toggle))
                    />
                    {label.clone()}
                </label>
                <Show when=shown.clone()>
                    <button
                        type="button"
                        class="tafel-button tafel-button--icon"
                        aria-label=i18n.fill(Key::TableColumnLeft, &[("column", &label)])
                        on:click={let left = left.clone(); move |_| layout.update(|l| l.move_column(&left, -1))}
                    >
                        <span aria-hidden="true">"←"</span>
                    </button>
                    <button
                        type="button"
                        class="tafel-button tafel-button--icon"
                        aria-label=i18n.fill(Key::TableColumnRight, &[("column", &label)])
                        on:click={let right = right.clone(); move |_| layout.update(|l| l.move_column(&right, 1))}
                    >
                        <span aria-hidden="true">"→"</span>
                    </button>
                </Show>
            </li>
        }
    };
    view! {
        <details class="tafel-table__columns" data-testid="column-chooser">
            <summary class="tafel-button">{i18n.tr(Key::TableColumns)}</summary>
            <ul class="tafel-plain-list">
                {move || all.get().into_iter().map(choice).collect_view()}
            </ul>
        </details>
        <div class="tafel-field tafel-field--inline">
            <label for="tafel-table-group">{i18n.tr(Key::TableGroupBy)}</label>
            <select
                id="tafel-table-group"
                class="tafel-select"
                on:change=move |ev| {
                    let by = GroupBy::parse(&event_target_value(&ev));
                    layout.update(|l| l.group = by);
                }
            >
                <option value="" selected=move || layout.value.with(|l| l.group.is_none())>{i18n.tr(Key::TableNoGrouping)}</option>
                {GROUPINGS.into_iter().map(|by| view! {
                    <option value=by.as_str() selected=move || layout.value.with(|l| l.group == Some(by))>
                        {i18n.tr(group_key(by))}
                    </option>
                }).collect_view()}
            </select>
        </div>
        <label class="tafel-check">
            <input
                type="checkbox"
                data-testid="table-tree"
                prop:checked=move || layout.value.with(|l| l.tree)
                disabled=move || layout.value.with(|l| l.group.is_some())
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    layout.update(|l| l.tree = on);
                }
            />
            {i18n.tr(Key::TableTree)}
        </label>
    }
}
