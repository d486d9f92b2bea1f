//! Editing one cell in place: subject, dates and estimate. Enter or leaving the field saves, Escape
//! cancels; a value the rules or the server refuse keeps the field open with the reason beside it.

use crate::api::ApiError;
use crate::domain::table_layout::Column;
use crate::domain::{Field, FieldError, Problem, WorkPackage, WorkPackagePatch, rules};
use crate::i18n::messages::field_error;
use crate::state::actions::use_actions;
use crate::state::prefs::use_i18n;
use crate::state::project::use_project;
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The columns a cell of which can be edited in place.
pub fn editable(column: &Column) -> bool {
    matches!(
        column,
        Column::Subject | Column::StartDate | Column::DueDate | Column::EstimatedTime
    )
}

fn initial(wp: &WorkPackage, column: &Column) -> String {
    let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    match column {
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
fn patch(
    wp: &WorkPackage,
    column: &Column,
    text: &str,
    milestone: bool,
) -> Result<WorkPackagePatch, FieldError> {
    let mut patch = WorkPackagePatch {
        lock_version: wp.lock_version,
        ..WorkPackagePatch::default()
    };
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
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // Set when the edit ended by key: the blur that follows must not save again (or save a cancel).
    let ended = StoredValue::new(false);
    let id = wp.id;
    let milestone = project
        .catalog
        .with_untracked(|c| c.wp_type(wp.wp_type).is_some_and(|t| t.is_milestone));
    let kind = match column {
        Column::StartDate | Column::DueDate => "date",
        _ => "text",
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
    let shown = typed.unwrap_or_else(|| initial(&wp, &column));
    Effect::new(move || {
        if let Some(el) = input.get() {
            let _ = el.focus();
            if resumed {
                // Date fields have no caret to place; they keep the whole value either way.
                let end = u32::try_from(el.value().len()).unwrap_or(u32::MAX);
                let _ = el.set_selection_range(end, end);
            } else {
                el.select();
            }
        }
    });
    let save = {
        let (wp, column) = (wp.clone(), column.clone());
        move || {
            if busy.get_untracked() {
                return;
            }
            let text = input.get_untracked().map(|i| i.value()).unwrap_or_default();
            if text == initial(&wp, &column) {
                ended.set_value(true);
                on_done.run(());
                return;
            }
            let lang = i18n.lang_untracked();
            let patch = match patch(&wp, &column, &text, milestone) {
                Ok(patch) => patch,
                Err(problem) => return error.set(Some(field_error(lang, &problem))),
            };
            if let Some(problem) = rules::validate(&patch.applied_to(&wp), milestone).first() {
                return error.set(Some(field_error(lang, problem)));
            }
            busy.set(true);
            spawn_local(async move {
                // Other failures are told by the actions (with a retry where it helps).
                let result = actions.update(id, patch).await;
                // The editor may be gone by now (the view was left, or its row drawn again, while
                // the change was on its way): the change is saved or kept all the same.
                if busy.is_disposed() {
                    return;
                }
                busy.set(false);
                if let Err(ApiError::Invalid(problems)) = result {
                    let text: Vec<String> = problems.iter().map(|p| field_error(lang, p)).collect();
                    error.set(Some(text.join(" ")));
                } else {
                    ended.set_value(true);
                    on_done.run(());
                }
            });
        }
    };
    let save_on_key = save.clone();
    view! {
        <input
            node_ref=input
            type=kind
            class="tafel-input tafel-table__editor"
            data-testid="cell-editor"
            aria-label=label
            aria-invalid=move || error.with(Option::is_some).to_string()
            aria-describedby=error_id.clone()
            prop:value=shown
            disabled=move || busy.get()
            on:input=move |ev| grid.draft.set_value(Some(((id, ci), event_target_value(&ev))))
            on:keydown=move |ev| match ev.key().as_str() {
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
            }
            on:blur=move |_| {
                // Leaving a refused value keeps it (and its message) rather than dropping the edit.
                // Removing the field after the edit ended blurs it too, when this editor is gone.
                let open = ended.try_get_value() == Some(false)
                    && error.try_with_untracked(Option::is_none) == Some(true);
                if open {
                    save();
                }
            }
        />
        <span id=error_id class="tafel-field__error" role="alert" data-testid="cell-error">
            {move || error.get()}
        </span>
    }
}
