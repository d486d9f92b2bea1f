//! A custom field in the detail, with the widget its kind calls for: text, markdown with a
//! preview, number, yes/no, date, or a choice of options, users or versions. The schema says what
//! it is called, whether it is required and whether it can be changed.

use super::fields::{FieldRow, error_id, field_errors_for, input_id, keep_value, save_patch};
use super::properties::may_update;
use crate::components::markdown::render_markdown;
use crate::domain::{CustomField, CustomKind, Field, FieldError, WorkPackage, WorkPackagePatch};
use crate::i18n::Key;
use crate::state::actions::use_actions;
use crate::state::prefs::use_i18n;
use crate::state::project::use_project;
use leptos::prelude::*;

#[component]
pub fn CustomFieldInput(
    definition: CustomField,
    wp: Memo<Option<WorkPackage>>,
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    let actions = use_actions();
    let project = use_project();
    let Some(field) = Field::custom(&definition.key) else {
        return ().into_any();
    };
    let editable = definition.kind.is_editable() && definition.writable;
    let blocked = move || !editable || !may_update(wp);
    let key = definition.key.clone();
    let current = Signal::derive(move || {
        wp.with(|w| {
            w.as_ref()
                .and_then(|w| w.custom.get(&key).cloned())
                .unwrap_or_default()
        })
    });
    let choices = Signal::derive({
        let definition = definition.clone();
        move || project.catalog.with(|c| definition.choices(c))
    });
    let save = Callback::new({
        let definition = definition.clone();
        move |raw: String| {
            let Some(w) = wp.get_untracked() else {
                return;
            };
            let patch = definition
                .parse(&raw, &choices.get_untracked())
                .map(|value| {
                    let mut patch = WorkPackagePatch::based_on(&w);
                    patch.custom.insert(definition.key.clone(), value);
                    patch
                });
            save_patch(actions, w.id, field, patch, errors);
        }
    });
    let invalid = Signal::derive(move || {
        errors
            .with(|e| field_errors_for(e, field).is_some())
            .to_string()
    });
    let widget = widget(
        &definition,
        input_id(field),
        error_id(field),
        invalid,
        Signal::derive(blocked),
        current,
        choices,
        save,
    );
    view! {
        <FieldRow field errors label=definition.name required=definition.required>
            {widget}
        </FieldRow>
    }
    .into_any()
}

/// The control a custom field's kind calls for, showing `current` and telling `save` what the
/// user chose (as text, see `CustomField::parse`): a choice of options, users or versions,
/// markdown with a preview, or an input (a checkbox for yes/no). The detail and the create dialog
/// both use it.
#[allow(clippy::too_many_arguments)]
pub fn widget(
    definition: &CustomField,
    id: String,
    described: String,
    invalid: Signal<String>,
    blocked: Signal<bool>,
    current: Signal<String>,
    choices: Signal<Vec<(u64, String)>>,
    save: Callback<String>,
) -> AnyView {
    let i18n = use_i18n();
    match definition.kind {
        CustomKind::List | CustomKind::User | CustomKind::Version => {
            let multi = definition.multi;
            let none =
                (!multi).then(|| view! { <option value="">{i18n.tr(Key::NoneValue)}</option> });
            view! {
                <select
                    id=id
                    class="tafel-select"
                    multiple=multi
                    aria-describedby=described
                    aria-invalid=invalid
                    disabled=blocked
                    on:change=move |ev| {
                        save.run(picked(&event_target(&ev)));
                    }
                >
                    {none}
                    {move || {
                        let chosen = crate::domain::custom_field::ids(&current.get());
                        choices.get().into_iter().map(|(value, name)| {
                            let selected = chosen.contains(&value);
                            view! { <option value=value.to_string() selected=selected>{name}</option> }
                        }).collect_view()
                    }}
                </select>
            }
            .into_any()
        }
        CustomKind::LongText => view! {
            <LongText id described name=definition.name.clone() invalid readonly=blocked current save/>
        }
        .into_any(),
        kind => {
            let input = NodeRef::new();
            keep_value(input, move || current.get());
            let checkbox = kind == CustomKind::Boolean;
            let (input_type, step) = match kind {
                CustomKind::Boolean => ("checkbox", None),
                CustomKind::Integer => ("number", Some("1")),
                CustomKind::Float => ("number", Some("any")),
                CustomKind::Date => ("date", None),
                _ => ("text", None),
            };
            // One input for every plain kind: a yes/no is a checkbox, which `readonly` does not
            // hold, so it is disabled instead.
            view! {
                <input
                    id=id
                    node_ref=input
                    class=if checkbox { "tafel-checkbox" } else { "tafel-input" }
                    type=input_type
                    step=step
                    maxlength=definition.max_length.map(|n| n.to_string())
                    required=definition.required
                    aria-describedby=described
                    aria-invalid=invalid
                    readonly=blocked
                    disabled=move || checkbox && blocked.get()
                    prop:checked=move || current.get() == "true"
                    on:change=move |ev| {
                        let target: web_sys::HtmlInputElement = event_target(&ev);
                        save.run(if checkbox { target.checked().to_string() } else { target.value() });
                    }
                />
            }
            .into_any()
        }
    }
}

/// The values chosen in a list, as a custom value's text (`3,5`; empty for "none").
pub fn picked(select: &web_sys::HtmlSelectElement) -> String {
    let options = select.selected_options();
    let values: Vec<String> = (0..options.length())
        .filter_map(|i| options.item(i))
        .filter_map(|o| o.get_attribute("value"))
        .filter(|v| !v.is_empty())
        .collect();
    values.join(",")
}

/// Markdown in a text area, saved when it loses focus, with the description's preview.
#[component]
fn LongText(
    id: String,
    described: String,
    /// The field's name, which tells this preview button from the description's.
    name: String,
    invalid: Signal<String>,
    readonly: Signal<bool>,
    current: Signal<String>,
    save: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let preview = RwSignal::new(false);
    let area = NodeRef::new();
    keep_value(area, move || current.get());
    view! {
        <textarea
            id=id
            node_ref=area
            class="tafel-input tafel-textarea"
            aria-describedby=described
            aria-invalid=invalid
            readonly=readonly
            hidden=move || preview.get()
            on:change=move |ev| save.run(event_target_value(&ev))
        ></textarea>
        <div
            class="tafel-markdown tafel-field__preview"
            hidden=move || !preview.get()
            inner_html=move || if preview.get() { render_markdown(&current.get()) } else { String::new() }
        ></div>
        <button
            type="button"
            class="tafel-button tafel-button--quiet tafel-field__toggle"
            aria-pressed=move || preview.get().to_string()
            aria-label=move || i18n.fill(Key::CustomPreview, &[("name", &name)])
            on:click=move |_| preview.update(|p| *p = !*p)
        >
            {i18n.tr(Key::Preview)}
        </button>
    }
}
