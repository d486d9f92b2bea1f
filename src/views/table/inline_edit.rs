//! Editing one cell in place: subject, dates, estimate and custom fields (with the widget their
//! kind calls for, as in the detail). Enter or leaving the field saves, Escape cancels; a value the
//! rules or the server refuse keeps the field open with the reason beside it.

use crate::api::ApiError;
use crate::domain::table_layout::Column;
use crate::domain::{
    Catalog, CustomField, CustomKind, Field, FieldError, Problem, WorkPackage, WorkPackagePatch,
    rules,
};
use crate::i18n::messages::{self, field_error_in};
use crate::state::actions::use_actions;
use crate::state::prefs::use_i18n;
use crate::state::project::use_project;
use leptos::html::{Input, Select};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The columns a cell of which can be edited in place: a custom field's when it can be changed,
/// except long text, whose lines and preview want the detail.
pub fn editable(column: &Column, catalog: &Catalog) -> bool {
    match column {
        Column::Subject | Column::StartDate | Column::DueDate | Column::EstimatedTime => true,
        Column::Custom(key) => catalog
            .custom_field(key)
            .is_some_and(|f| f.kind.is_editable() && f.writable && f.kind != CustomKind::LongText),
        _ => false,
    }
}

fn initial(wp: &WorkPackage, column: &Column) -> String {
    let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    match column {
        Column::Custom(key) => wp.custom.get(key).cloned().unwrap_or_default(),
        Column::Subject => wp.subject.clone(),
        Column::StartDate => day(wp.start_date.or(wp.date)),
        Column::DueDate => day(wp.due_date.or(wp.date)),
        Column::EstimatedTime => wp
            .estimated_hours
            .map(|h| h.to_string())
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// The change the text asks for, or why it cannot be one.
/// `custom` is the column's field as the work package's type has it, with its choices.
fn patch(
    wp: &WorkPackage,
    column: &Column,
    text: &str,
    milestone: bool,
    custom: Option<&(CustomField, Vec<(u64, String)>)>,
) -> Result<WorkPackagePatch, FieldError> {
    let mut patch = WorkPackagePatch {
        lock_version: wp.lock_version,
        ..WorkPackagePatch::default()
    };
    if let (Column::Custom(key), Some((definition, choices))) = (column, custom) {
        let field = Field::custom(key).unwrap_or(Field::Custom(0));
        let value = definition
            .parse(text, choices)
            .map_err(|problem| FieldError::new(field, problem))?;
        patch.custom.insert(key.clone(), value);
        return Ok(patch);
    }
    let text = text.trim();
    let day = |field: Field| {
        if text.is_empty() {
            return Ok(None);
        }
        chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| FieldError::new(field, Problem::NotADate))
    };
    match column {
        Column::Subject => patch.subject = Some(text.to_owned()),
        Column::StartDate | Column::DueDate if milestone => patch.date = Some(day(Field::Date)?),
        Column::StartDate => patch.start_date = Some(day(Field::StartDate)?),
        Column::DueDate => patch.due_date = Some(day(Field::DueDate)?),
        Column::EstimatedTime => {
            patch.estimated_hours = Some(if text.is_empty() {
                None
            } else {
                Some(
                    text.replace(',', ".")
                        .parse::<f64>()
                        .map_err(|_| FieldError::new(Field::EstimatedTime, Problem::NotANumber))?,
                )
            });
        }
        _ => {}
    }
    Ok(patch)
}

#[component]
pub fn CellEditor(
    wp: WorkPackage,
    column: Column,
    /// The cell's column index in the grid.
    ci: usize,
    /// Called when editing ends: saved, cancelled or left.
    on_done: Callback<()>,
) -> impl IntoView {
    let grid = expect_context::<super::grid::Grid>();
    let i18n = use_i18n();
    let project = use_project();
    let actions = use_actions();
    let input = NodeRef::<Input>::new();
    let select = NodeRef::<Select>::new();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // Set when the edit ended by key: the blur that follows must not save again (or save a cancel).
    let ended = StoredValue::new(false);
    let id = wp.id;
    let milestone = project
        .catalog
        .with_untracked(|c| c.wp_type(wp.wp_type).is_some_and(|t| t.is_milestone));
    // A custom field as the work package's type has it, and what may be chosen for it.
    let custom = match &column {
        Column::Custom(key) => project.catalog.with_untracked(|c| {
            c.custom_field(key).map(|f| {
                let f = f.for_type(wp.wp_type);
                let choices = f.choices(c);
                (f, choices)
            })
        }),
        _ => None,
    };
    let custom_kind = custom.as_ref().map(|(f, _)| f.kind);
    let multi = custom.as_ref().is_some_and(|(f, _)| f.multi);
    let checkbox = custom_kind == Some(CustomKind::Boolean);
    let kind = match (&column, custom_kind) {
        (Column::StartDate | Column::DueDate, _) | (_, Some(CustomKind::Date)) => "date",
        (_, Some(CustomKind::Integer | CustomKind::Float)) => "number",
        (_, Some(CustomKind::Boolean)) => "checkbox",
        _ => "text",
    };
    // What the editor holds: the ids chosen in a list, yes/no of a checkbox, or the text.
    let read = move || {
        if let Some(select) = select.get_untracked() {
            return crate::views::detail::custom_field::picked(&select);
        }
        input
            .get_untracked()
            .map(|i| {
                if checkbox {
                    i.checked().to_string()
                } else {
                    i.value()
                }
            })
            .unwrap_or_default()
    };
    let label = project
        .catalog
        .with_untracked(|c| crate::views::table::cells::label(i18n.lang_untracked(), &column, c));
    let error_id = format!("tafel-cell-error-{}", id.0);
    // This cell's editor drawn again while the user typed: it goes on with their text, the caret
    // at its end, rather than the value the row was drawn with.
    let typed = grid.draft.with_value(|draft| {
        draft
            .as_ref()
            .filter(|(at, _)| *at == (id, ci))
            .map(|(_, text)| text.clone())
    });
    let resumed = typed.is_some();
    // The server refused this cell's last save, maybe while an earlier editor of it was on screen.
    Effect::new(move || {
        let refused = grid.refused.with(|r| {
            r.as_ref()
                .filter(|(at, _)| *at == (id, ci))
                .map(|(_, why)| why.clone())
        });
        if let Some(why) = refused {
            error.set(Some(why));
        }
    });
    Effect::new(move || {
        if let Some(el) = input.get() {
            let _ = el.focus();
            if checkbox {
                // A box has no text to select.
            } else if resumed {
                // Date and number fields have no caret to place; they keep the whole value.
                let end = u32::try_from(el.value().len()).unwrap_or(u32::MAX);
                let _ = el.set_selection_range(end, end);
            } else {
                el.select();
            }
        } else if let Some(el) = select.get() {
            let _ = el.focus();
        }
    });
    let catalog = project.catalog;
    let save = {
        let (wp, column, custom) = (wp.clone(), column.clone(), custom.clone());
        move || {
            if busy.get_untracked() {
                return;
            }
            let text = read();
            let before = initial(&wp, &column);
            // An unticked box of a field without a value is no change.
            if text == before || (checkbox && before.is_empty() && text == "false") {
                ended.set_value(true);
                on_done.run(());
                return;
            }
            let lang = i18n.lang_untracked();
            // `try_`: the answer below may come after the view (and its catalog) is gone.
            let said = move |problem: &FieldError| {
                catalog.try_with_untracked(|c| field_error_in(lang, problem, c))
            };
            let patch = match patch(&wp, &column, &text, milestone, custom.as_ref()) {
                Ok(patch) => patch,
                Err(problem) => return error.set(said(&problem)),
            };
            if let Some(problem) = rules::validate(&patch.applied_to(&wp), milestone).first() {
                return error.set(said(problem));
            }
            busy.set(true);
            grid.refused.set(None);
            spawn_local(async move {
                // Other failures are told by the actions too (with a retry where it helps).
                let result = actions.update(id, patch).await;
                // Refused for good: said at the cell, which keeps what was typed. This editor may
                // be gone (its row was drawn again, with the stored value once refused): the
                // grid keeps the reason for the editor drawn in its place.
                let refused = match &result {
                    Err(ApiError::Invalid(problems)) => Some(
                        problems
                            .iter()
                            .filter_map(said)
                            .collect::<Vec<_>>()
                            .join(" "),
                    ),
                    Err(error) => actions
                        .refusal(error)
                        .map(|reason| messages::problem(lang, &Problem::NotSaved(reason))),
                    Ok(_) => None,
                };
                if let Some(why) = &refused {
                    // The table itself may be gone too (the view was left meanwhile).
                    let _ = grid.refused.try_set(Some(((id, ci), why.clone())));
                }
                if busy.is_disposed() {
                    return;
                }
                busy.set(false);
                if refused.is_none() {
                    ended.set_value(true);
                    on_done.run(());
                }
            });
        }
    };
    let save_on_key = save.clone();
    let on_key = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "Enter" => {
            ev.prevent_default();
            save_on_key();
        }
        "Escape" => {
            ev.prevent_default();
            ev.stop_propagation();
            ended.set_value(true);
            on_done.run(());
        }
        _ => ev.stop_propagation(),
    };
    let on_blur = move |_| {
        // Leaving a refused value keeps it (and its message) rather than dropping the edit.
        // Removing the field after the edit ended blurs it too, when this editor is gone; and so
        // does drawing its row again after a refusal, when this editor still shows the refused
        // value as stored: it is no "no change" that would end the edit.
        let refused_here = grid
            .refused
            .try_with_untracked(|r| r.as_ref().is_some_and(|(at, _)| *at == (id, ci)))
            .unwrap_or(false);
        let open = ended.try_get_value() == Some(false)
            && error.try_with_untracked(Option::is_none) == Some(true)
            && !refused_here;
        if open {
            save();
        }
    };
    let invalid = move || error.with(Option::is_some).to_string();
    let value = initial(&wp, &column);
    let editor = match custom_kind {
        Some(CustomKind::List | CustomKind::User | CustomKind::Version) => {
            let chosen = crate::domain::custom_field::ids(&value);
            let choices = custom.map(|(_, c)| c).unwrap_or_default();
            let none = (!multi)
                .then(|| view! { <option value="" selected=chosen.is_empty()>{i18n.tr(crate::i18n::Key::NoneValue)}</option> });
            view! {
                <select
                    node_ref=select
                    class="tafel-select tafel-table__editor"
                    data-testid="cell-editor"
                    multiple=multi
                    aria-label=label
                    aria-invalid=invalid
                    aria-describedby=error_id.clone()
                    disabled=move || busy.get()
                    on:keydown=on_key
                    on:blur=on_blur
                >
                    {none}
                    {choices.into_iter().map(|(id, name)| {
                        view! { <option value=id.to_string() selected=chosen.contains(&id)>{name}</option> }
                    }).collect_view()}
                </select>
            }
            .into_any()
        }
        _ => view! {
            <input
                node_ref=input
                type=kind
                step=(kind == "number").then_some("any")
                class=if checkbox { "tafel-checkbox tafel-table__editor" } else { "tafel-input tafel-table__editor" }
                data-testid="cell-editor"
                aria-label=label
                aria-invalid=invalid
                aria-describedby=error_id.clone()
                prop:value=if checkbox { String::new() } else { typed.unwrap_or_else(|| value.clone()) }
                prop:checked=value == "true"
                disabled=move || busy.get()
                on:input=move |ev| {
                    if !checkbox {
                        grid.draft.set_value(Some(((id, ci), event_target_value(&ev))));
                    }
                }
                on:keydown=on_key
                on:blur=on_blur
            />
        }
        .into_any(),
    };
    view! {
        {editor}
        <span id=error_id class="tafel-field__error" role="alert" data-testid="cell-error">
            {move || error.get()}
        </span>
    }
}
