//! The columns of a manual board: add, rename, reorder, remove, and the values each one stands for.
//! Like the rest of the board's settings they live in the URL (and in a saved board).

use super::toolbar::field_key;
use super::use_board;
use crate::components::focus::focus_when_drawn;
use crate::domain::board_layout::{GroupValue, choices};
use crate::domain::board_list::{LIST_FIELDS, list_name};
use crate::i18n::Key;
use crate::state::prefs::use_i18n;
use leptos::prelude::*;

#[component]
pub fn ListEditor() -> impl IntoView {
    let board = use_board();
    let i18n = use_i18n();
    let config = board.config;
    let lists = Memo::new(move |_| config.value.with(|c| c.layout.lists.clone()));
    // Every field's choices, named once per change of the project's data, not per column.
    let options = Memo::new(move |_| {
        LIST_FIELDS
            .into_iter()
            .map(|by| {
                let values = board.project.catalog.with(|c| choices(by, c));
                let named: Vec<(String, String)> = values
                    .into_iter()
                    .map(|v| (v.token(), board.value_name(v)))
                    .collect();
                (by, named)
            })
            .collect::<Vec<_>>()
    });
    // Rows are updated in place, so the control at the new index is the one to focus.
    let focus_new = |control: String| focus_when_drawn(format!(".tafel-lists__item {control}"));
    let move_list = move |index: usize, step: isize| {
        let count = lists.with_untracked(|l| l.len());
        let to = index.saturating_add_signed(step);
        // At an end the button just pressed is disabled; focus stays on the row's other arrow.
        let side = match (step < 0, to == 0, to + 1 == count) {
            (true, false, _) | (false, _, true) => "left",
            _ => "right",
        };
        focus_new(format!(
            "[data-list-move=\"{side}\"][data-list-index=\"{to}\"]"
        ));
        config.update(|c| c.move_list(index, step));
    };
    // Focus moves to the next row's remove button (the previous one's at the end), or to "Add column".
    let remove = move |index: usize| {
        let count = lists.with_untracked(|l| l.len());
        match index.min(count.saturating_sub(2)) {
            _ if count < 2 => focus_when_drawn("[data-list-add]".to_owned()),
            next => focus_new(format!("[data-list-remove][data-list-index=\"{next}\"]")),
        }
        config.update(|c| c.remove_list(index));
    };
    let add = move |_| {
        let position = lists.with_untracked(|l| l.len());
        focus_new(format!("[data-list-name][data-list-index=\"{position}\"]"));
        config.update(|c| c.add_list(i18n.t(Key::ListNewName).to_owned()));
    };
    view! {
        <details class="tafel-board__limits tafel-board__lists">
            <summary>{i18n.tr(Key::EditLists)}</summary>
            <div class="tafel-board__limits-body">
                <p class="tafel-field__hint">{i18n.tr(Key::EditListsHint)}</p>
                <ol class="tafel-lists">
                    {move || {
                        let count = lists.with(|l| l.len());
                        lists.get().iter().enumerate().map(|(index, list)| {
                            let name = list.name.clone();
                            let filter = list.filter;
                            let position = (index + 1).to_string();
                            let fields = options.get().into_iter().map(|(by, named)| {
                                let current = filter.get(by).map(GroupValue::token).unwrap_or_default();
                                let label = i18n.fill(Key::ListFieldOf, &[("field", i18n.t(field_key(by))), ("column", &name)]);
                                view! {
                                    <select
                                        class="tafel-select"
                                        aria-label=label
                                        data-list-field=by.as_str()
                                        data-list-index=index
                                        on:change=move |ev| {
                                            let value = GroupValue::parse(by, &event_target_value(&ev));
                                            config.update(|c| c.set_list_filter(index, by, value));
                                        }
                                    >
                                        <option value="" selected=current.is_empty()>{format!("{}: {}", i18n.t(field_key(by)), i18n.t(Key::ListAny))}</option>
                                        {named.into_iter().map(|(token, shown)| {
                                            let selected = token == current;
                                            view! { <option value=token selected=selected>{format!("{}: {shown}", i18n.t(field_key(by)))}</option> }
                                        }).collect_view()}
                                    </select>
                                }
                            }).collect_view();
                            let column = [("column", name.as_str())];
                            view! {
                                <li class="tafel-lists__item">
                                    <input
                                        class="tafel-input"
                                        data-list-name=""
                                        data-list-index=index
                                        aria-label=i18n.fill(Key::ListName, &[("position", &position)])
                                        prop:value=name.clone()
                                        maxlength="80"
                                        on:change=move |ev| {
                                            if let Some(name) = list_name(&event_target_value(&ev)) {
                                                config.update(|c| c.rename_list(index, name));
                                            }
                                        }
                                    />
                                    {fields}
                                    <span class="tafel-lists__buttons">
                                        <button type="button" class="tafel-button tafel-button--quiet"
                                            data-list-move="left" data-list-index=index
                                            aria-label=i18n.fill(Key::ListMoveLeft, &column)
                                            disabled=index == 0
                                            on:click=move |_| move_list(index, -1)>"←"</button>
                                        <button type="button" class="tafel-button tafel-button--quiet"
                                            data-list-move="right" data-list-index=index
                                            aria-label=i18n.fill(Key::ListMoveRight, &column)
                                            disabled=index + 1 == count
                                            on:click=move |_| move_list(index, 1)>"→"</button>
                                        <button type="button" class="tafel-button tafel-button--quiet"
                                            aria-label=i18n.fill(Key::ListRemove, &column)
                                            data-list-remove="" data-list-index=index
                                            on:click=move |_| remove(index)>"✕"</button>
                                    </span>
                                </li>
                            }
                        }).collect_view()
                    }}
                </ol>
                <button type="button" class="tafel-button" data-list-add="" on:click=add>{i18n.tr(Key::ListAdd)}</button>
            </div>
        </details>
    }
}
