//! The filter builder: conditions of one's own beyond the filter bar's choices, each a field, one of
//! OpenProject's operators for it and values (ids, "me", text, dates or days). They live in the URL
//! (`f=…`), drive the table, the board and the Gantt alike, and go to OpenProject as its filters.

use crate::domain::Catalog;
use crate::domain::condition::{CondField, Condition, Op, ValueKind};
use crate::i18n::Key;
use crate::state::prefs::use_i18n;
use crate::state::project::use_project;
use crate::state::url::ListParamsHandle;
use leptos::prelude::*;

fn field_key(field: CondField) -> Key {
    match field {
        CondField::Status => Key::FieldStatus,
        CondField::Type => Key::FieldType,
        CondField::Priority => Key::FieldPriority,
        CondField::Assignee => Key::FieldAssignee,
        CondField::Responsible => Key::FieldResponsible,
        CondField::Version => Key::FieldVersion,
        CondField::Category => Key::FieldCategory,
        CondField::Subject => Key::FieldSubject,
        CondField::StartDate => Key::FieldStartDate,
        CondField::DueDate => Key::FieldDueDate,
        CondField::UpdatedAt => Key::FieldUpdatedAt,
    }
}

fn op_key(op: Op) -> Key {
    match op {
        Op::Is => Key::OpIs,
        Op::IsNot => Key::OpIsNot,
        Op::Open => Key::FilterOpen,
        Op::Closed => Key::FilterClosed,
        Op::Contains => Key::OpContains,
        Op::NotContains => Key::OpNotContains,
        Op::None => Key::OpNone,
        Op::Any => Key::OpAny,
        Op::On => Key::OpOn,
        Op::Between => Key::OpBetween,
        Op::Within => Key::OpWithin,
        Op::LessThanAgo => Key::OpLessThanAgo,
        Op::MoreThanAgo => Key::OpMoreThanAgo,
        Op::Today => Key::OpToday,
    }
}

/// The ids a field's condition can name, with their names.
fn choices(field: CondField, catalog: &Catalog) -> Vec<(String, String)> {
    let pairs = |items: Vec<(u64, &String)>| {
        items
            .into_iter()
            .map(|(id, name)| (id.to_string(), name.clone()))
            .collect()
    };
    match field {
        CondField::Status => pairs(
            catalog
                .statuses_in_order()
                .into_iter()
                .map(|s| (s.id.0, &s.name))
                .collect(),
        ),
        CondField::Type => pairs(catalog.types.iter().map(|t| (t.id.0, &t.name)).collect()),
        CondField::Priority => pairs(
            catalog
                .priorities
                .iter()
                .map(|p| (p.id.0, &p.name))
                .collect(),
        ),
        CondField::Assignee | CondField::Responsible => {
            pairs(catalog.users.iter().map(|u| (u.id.0, &u.name)).collect())
        }
        CondField::Version => pairs(catalog.versions.iter().map(|v| (v.id.0, &v.name)).collect()),
        CondField::Category => pairs(
            catalog
                .categories
                .iter()
                .map(|c| (c.id.0, &c.name))
                .collect(),
        ),
        _ => Vec::new(),
    }
}

#[component]
pub fn FilterBuilder(list: ListParamsHandle) -> impl IntoView {
    let i18n = use_i18n();
    let count = Memo::new(move |_| list.value.with(|p| p.conditions.len()));
    let add = move |_| {
        list.update(|p| p.conditions.push(Condition::new(CondField::Assignee)));
        let n = count.get_untracked() + 1;
        crate::components::focus::focus_when_drawn(format!("#tafel-cond-field-{n}"));
    };
    view! {
        <div class="tafel-conditions" data-testid="filter-builder">
            {move || (1..=count.get()).map(|n| view! { <ConditionRow list n/> }).collect_view()}
            <button type="button" class="tafel-button tafel-button--quiet" on:click=add>{i18n.tr(Key::AddFilter)}</button>
        </div>
    }
}

/// Condition `n` (from 1) of the builder.
#[component]
fn ConditionRow(list: ListParamsHandle, n: usize) -> impl IntoView {
    let i18n = use_i18n();
    let project = use_project();
    let at = n - 1;
    let condition = Memo::new(move |_| list.value.with(|p| p.conditions.get(at).cloned()));
    let edit = move |f: &dyn Fn(&mut Condition)| {
        list.update(|p| {
            if let Some(c) = p.conditions.get_mut(at) {
                f(c);
            }
        });
    };
    let field = move || condition.with(|c| c.as_ref().map_or(CondField::Status, |c| c.field));
    let op = move || condition.with(|c| c.as_ref().map_or(Op::Is, |c| c.op));
    let values =
        move || condition.with(|c| c.as_ref().map(|c| c.values.clone()).unwrap_or_default());
    let id = move |part: &str| format!("tafel-cond-{part}-{n}");
    let set_value = move |index: usize, value: String| {
        edit(&|c: &mut Condition| {
            c.values
                .resize(c.values.len().max(index + 1), String::new());
            c.values[index].clone_from(&value);
        });
    };
    let value_editor = move || {
        let lang = i18n.lang();
        let label = i18n.fill(Key::FilterValueOf, &[("n", &n.to_string())]);
        match op().values() {
            ValueKind::Nothing => ().into_any(),
            ValueKind::Ids => {
                let mut options = project.catalog.with(|c| choices(field(), c));
                if matches!(field(), CondField::Assignee | CondField::Responsible) {
                    options.insert(0, ("me".to_owned(), lang.text(Key::FilterMe).to_owned()));
                }
                let chosen = values();
                view! {
                    <select
                        id=id("value")
                        class="tafel-select tafel-conditions__ids"
                        multiple=true
                        size="3"
                        aria-label=label
                        on:change=move |ev| {
                            let select: web_sys::HtmlSelectElement = event_target(&ev);
                            let options = select.selected_options();
                            let picked: Vec<String> = (0..options.length())
                                .filter_map(|i| options.item(i))
                                .filter_map(|o| o.get_attribute("value"))
                                .collect();
                            edit(&|c: &mut Condition| c.values.clone_from(&picked));
                        }
                    >
                        {options.into_iter().map(|(value, name)| {
                            let selected = chosen.contains(&value);
                            view! { <option value=value selected=selected>{name}</option> }
                        }).collect_view()}
                    </select>
                }
                .into_any()
            }
            ValueKind::Text | ValueKind::Date | ValueKind::Days => {
                let kind = match op().values() {
                    ValueKind::Date => "date",
                    ValueKind::Days => "number",
                    _ => "text",
                };
                view! {
                    <input
                        id=id("value")
                        class="tafel-input"
                        type=kind
                        min="0"
                        aria-label=label
                        prop:value=move || values().first().cloned().unwrap_or_default()
                        on:change=move |ev| set_value(0, event_target_value(&ev))
                    />
                }
                .into_any()
            }
            ValueKind::TwoDates => view! {
                <input
                    id=id("value")
                    class="tafel-input"
                    type="date"
                    aria-label=i18n.fill(Key::FilterFrom, &[("n", &n.to_string())])
                    prop:value=move || values().first().cloned().unwrap_or_default()
                    on:change=move |ev| set_value(0, event_target_value(&ev))
                />
                <input
                    class="tafel-input"
                    type="date"
                    aria-label=i18n.fill(Key::FilterTo, &[("n", &n.to_string())])
                    prop:value=move || values().get(1).cloned().unwrap_or_default()
                    on:change=move |ev| set_value(1, event_target_value(&ev))
                />
            }
            .into_any(),
        }
    };
    view! {
        <fieldset class="tafel-conditions__row" data-testid="condition">
            <legend class="tafel-sr-only">{move || i18n.fill(Key::FilterNumber, &[("n", &n.to_string())])}</legend>
            <select
                id=id("field")
                class="tafel-select"
                aria-label=move || i18n.fill(Key::FilterFieldOf, &[("n", &n.to_string())])
                on:change=move |ev| {
                    if let Some(field) = CondField::parse(&event_target_value(&ev)) {
                        edit(&|c: &mut Condition| *c = Condition::new(field));
                    }
                }
            >
                {CondField::ALL.into_iter().map(|f| view! {
                    <option value=f.as_str() selected=move || field() == f>{i18n.tr(field_key(f))}</option>
                }).collect_view()}
            </select>
            <select
                id=id("op")
                class="tafel-select"
                aria-label=move || i18n.fill(Key::FilterOperatorOf, &[("n", &n.to_string())])
                on:change=move |ev| {
                    let symbol = event_target_value(&ev);
                    edit(&|c: &mut Condition| {
                        if let Some(op) = c.field.operators().iter().find(|o| o.symbol() == symbol) {
                            if op.values() != c.op.values() {
                                c.values.clear();
                            }
                            c.op = *op;
                        }
                    });
                }
            >
                {move || field().operators().iter().map(|o| {
                    let o = *o;
                    view! { <option value=o.symbol() selected=move || op() == o>{i18n.tr(op_key(o))}</option> }
                }).collect_view()}
            </select>
            {value_editor}
            <button
                type="button"
                class="tafel-button tafel-button--icon"
                aria-label=move || i18n.fill(Key::FilterRemove, &[("n", &n.to_string())])
                on:click=move |_| {
                    list.update(|p| {
                        if at < p.conditions.len() {
                            p.conditions.remove(at);
                        }
                    });
                    // The button goes with its condition: focus goes to the one now in its place,
                    // the one before, or the button that adds one.
                    let left = list.value.with_untracked(|p| p.conditions.len());
                    crate::components::focus::refocus_if_lost(vec![
                        format!("#tafel-cond-field-{}", n.min(left)),
                        ".tafel-conditions > button".to_owned(),
                    ]);
                }
            >
                <span aria-hidden="true">"✕"</span>
            </button>
        </fieldset>
    }
}
