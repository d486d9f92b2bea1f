//! Above the board: what the columns and swimlanes show, the filters, and the work-in-progress limits.
//! Everything here lives in the URL, so a board is shared by sharing its address.

use super::list_editor::ListEditor;
use super::saved_boards::SavedBoards;
use super::use_board;
use crate::domain::board_config::CardField;
use crate::domain::board_layout::GroupBy;
use crate::i18n::Key;
use crate::state::prefs::use_i18n;
use crate::state::url::ListParamsHandle;
use crate::views::filters::ListFilters;
use leptos::prelude::*;
use std::collections::{BTreeSet, HashSet};

pub(super) fn field_key(by: GroupBy) -> Key {
    match by {
        GroupBy::Status => Key::FieldStatus,
        GroupBy::Assignee => Key::FieldAssignee,
        GroupBy::Priority => Key::FieldPriority,
        GroupBy::Type => Key::FieldType,
        GroupBy::Version => Key::FieldVersion,
        GroupBy::Parent => Key::FieldParent,
        GroupBy::List => Key::ColumnsByLists,
        GroupBy::Project => Key::FieldProject,
    }
}

#[component]
pub fn BoardToolbar(list: ListParamsHandle) -> impl IntoView {
    let board = use_board();
    let i18n = use_i18n();
    let config = board.config;
    let layout = move || config.value.with(|c| c.layout.clone());
    let set_columns = move |ev| {
        if let Some(by) = GroupBy::parse(&event_target_value(&ev)) {
            board.collapsed.set(HashSet::default());
            let lists = if by == GroupBy::List {
                board.lists_from_columns()
            } else {
                Vec::new()
            };
            config.update(|c| c.set_columns(by, lists));
        }
    };
    let set_lanes = move |ev| {
        let by = GroupBy::parse(&event_target_value(&ev));
        board.collapsed.set(HashSet::default());
        config.update(|c| c.set_lanes(by));
    };
    // A memo: the limit fields are drawn anew only when the columns change, not with every card.
    let columns = Memo::new(move |_| board.board.with(|b| b.columns.clone()));
    view! {
        <div class="tafel-board__toolbar">
            <div class="tafel-row tafel-board__layout">
                <SavedBoards list/>
                <div class="tafel-field tafel-field--inline">
                    <label for="tafel-board-columns">{i18n.tr(Key::BoardColumnsBy)}</label>
                    <select id="tafel-board-columns" class="tafel-select" on:change=set_columns>
                        {move || GroupBy::ALL.into_iter().chain([GroupBy::List]).map(|by| view! {
                            <option value=by.as_str() selected=layout().columns == by>{i18n.t(field_key(by))}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="tafel-field tafel-field--inline">
                    <label for="tafel-board-lanes">{i18n.tr(Key::BoardLanesBy)}</label>
                    <select id="tafel-board-lanes" class="tafel-select" on:change=set_lanes>
                        <option value="" selected=move || layout().lanes.is_none()>{i18n.tr(Key::NoSwimlanes)}</option>
                        {move || GroupBy::ALL.into_iter().filter(|by| *by != layout().columns).map(|by| view! {
                            <option value=by.as_str() selected=layout().lanes == Some(by)>{i18n.t(field_key(by))}</option>
                        }).collect_view()}
                    </select>
                </div>
                <Show when=move || layout().columns == GroupBy::List>
                    <ListEditor/>
                </Show>
                <details class="tafel-board__limits">
                    <summary>{i18n.tr(Key::CardFields)}</summary>
                    <div class="tafel-board__limits-body">
                        {CardField::ALL.into_iter().map(|field| view! {
                            <label class="tafel-check">
                                <input
                                    type="checkbox"
                                    prop:checked=move || config.value.with(|c| c.shows(field))
                                    on:change=move |ev| {
                                        let show = event_target_checked(&ev);
                                        config.update(|c| {
                                            if show {
                                                c.hidden.remove(&field);
                                            } else {
                                                c.hidden.insert(field);
                                            }
                                        });
                                    }
                                />
                                {i18n.tr(match field {
                                    CardField::Type => Key::FieldType,
                                    CardField::Priority => Key::FieldPriority,
                                    CardField::Assignee => Key::FieldAssignee,
                                    CardField::Finish => Key::FieldDueDate,
                                    CardField::Children => Key::CardFieldChildren,
                                })}
                            </label>
                        }).collect_view()}
                    </div>
                </details>
                <details class="tafel-board__limits">
                    <summary>{i18n.tr(Key::WipLimits)}</summary>
                    <div class="tafel-board__limits-body">
                        <p class="tafel-field__hint">{i18n.tr(Key::WipLimitsHint)}</p>
                        {move || columns.get().into_iter().map(|column| {
                            let id = format!("tafel-wip-{}", column.token());
                            view! {
                                <div class="tafel-field tafel-field--inline">
                                    <label for=id.clone()>{board.value_name(column)}</label>
                                    <input
                                        id=id
                                        class="tafel-input tafel-input--number"
                                        type="number"
                                        min="0"
                                        inputmode="numeric"
                                        prop:value=move || config.value.with(|c| c.limit(column).map(|l| l.to_string()).unwrap_or_default())
                                        on:change=move |ev| {
                                            let limit = event_target_value(&ev).trim().parse::<u32>().ok();
                                            config.update(|c| c.set_limit(column, limit));
                                        }
                                    />
                                </div>
                            }
                        }).collect_view()}
                        <label class="tafel-check">
                            <input
                                type="checkbox"
                                prop:checked=move || config.value.with(|c| c.wip_hard)
                                on:change=move |ev| {
                                    let hard = event_target_checked(&ev);
                                    config.update(|c| c.wip_hard = hard);
                                }
                            />
                            {i18n.tr(Key::WipHard)}
                        </label>
                    </div>
                </details>
            </div>
            <ListFilters list/>
            <Show when=move || board.selected.with(|s| !s.is_empty())>
                <p class="tafel-board__selection" role="status">
                    <span>{move || i18n.count(Key::SelectedCountOne, Key::SelectedCount, board.selected.with(BTreeSet::len))}</span>
                    <button type="button" class="tafel-button tafel-button--quiet" on:click=move |_| board.selected.set(BTreeSet::new())>
                        {i18n.tr(Key::ClearSelection)}
                    </button>
                </p>
            </Show>
        </div>
    }
}
