//! The custom fields of the create dialog: the ones the chosen type has (OpenProject's create
//! form says which, and which are required), each with the widget its kind calls for, as in the
//! detail. What is typed is kept as text until Create checks it (`custom_field::check_new`).

use crate::domain::{CustomField, CustomKind, Field, FieldError};
use crate::i18n::Key;
use crate::i18n::messages::problem;
use crate::state::prefs::use_i18n;
use crate::state::project::use_project;
use crate::views::detail::fields::field_errors_for;
use leptos::prelude::*;
use std::collections::BTreeMap;

/// The id of a custom field's input in the create dialog (the detail's are `tafel-field-custom-3`).
pub fn input_id(field: Field) -> String {
    match field {
        Field::Custom(number) => format!("tafel-create-custom-{number}"),
        _ => String::new(),
    }
}

#[component]
pub fn NewCustomFields(
    fields: RwSignal<Vec<CustomField>>,
    /// What the user entered, by key, as text.
    values: RwSignal<BTreeMap<String, String>>,
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    move || {
        fields
            .get()
            .into_iter()
            .filter(|f| f.kind.is_editable() && f.writable)
            .map(|definition| view! { <NewCustomField definition values errors/> })
            .collect_view()
    }
}

#[component]
fn NewCustomField(
    definition: CustomField,
    values: RwSignal<BTreeMap<String, String>>,
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let project = use_project();
    let Some(field) = Field::custom(&definition.key) else {
        return ().into_any();
    };
    let id = input_id(field);
    let error_id = format!("{id}-error");
    let key = definition.key.clone();
    let set = {
        let key = key.clone();
        move |text: String| {
            values.update(|v| {
                v.insert(key.clone(), text);
            });
            // The message goes once the value is changed; Create checks again.
            errors.update(|e| e.retain(|e| e.field != field));
        }
    };
    let current = move || values.with(|v| v.get(&key).cloned().unwrap_or_default());
    let message = move || {
        errors
            .with(|e| field_errors_for(e, field))
            .map(|p| problem(i18n.lang(), &p))
    };
    let invalid = move || message().is_some().to_string();
    let widget = match definition.kind {
        CustomKind::List | CustomKind::User | CustomKind::Version => {
            let multi = definition.multi;
            let choices = project.catalog.with_untracked(|c| definition.choices(c));
            let none =
                (!multi).then(|| view! { <option value="">{i18n.tr(Key::NoneValue)}</option> });
            view! {
                <select
                    id=id.clone()
                    class="tafel-select"
                    multiple=multi
                    aria-describedby=error_id.clone()
                    aria-invalid=invalid
                    aria-required=definition.required.to_string()
                    on:change=move |ev| {
                        let select: web_sys::HtmlSelectElement = event_target(&ev);
                        let options = select.selected_options();
                        let picked: Vec<String> = (0..options.length())
                            .filter_map(|i| options.item(i))
                            .filter_map(|o| o.get_attribute("value"))
                            .collect();
                        set(picked.join(","));
                    }
                >
                    {none}
                    {choices.into_iter().map(|(value, name)| {
                        view! { <option value=value.to_string()>{name}</option> }
                    }).collect_view()}
                </select>
            }
            .into_any()
        }
        CustomKind::LongText => view! {
            <textarea
                id=id.clone()
                class="tafel-input tafel-textarea"
                aria-describedby=error_id.clone()
                aria-invalid=invalid
                required=definition.required
                prop:value=current
                on:input=move |ev| set(event_target_value(&ev))
            ></textarea>
        }
        .into_any(),
        kind => {
            let checkbox = kind == CustomKind::Boolean;
            let set_checked = set.clone();
            let (input_type, step) = match kind {
                CustomKind::Boolean => ("checkbox", None),
                CustomKind::Integer => ("number", Some("1")),
                CustomKind::Float => ("number", Some("any")),
                CustomKind::Date => ("date", None),
                _ => ("text", None),
            };
            view! {
                <input
                    id=id.clone()
                    class=if checkbox { "tafel-checkbox" } else { "tafel-input" }
                    type=input_type
                    step=step
                    maxlength=definition.max_length.map(|n| n.to_string())
                    required=definition.required
                    aria-describedby=error_id.clone()
                    aria-invalid=invalid
                    prop:value=move || if checkbox { String::new() } else { current() }
                    on:input=move |ev| {
                        let target: web_sys::HtmlInputElement = event_target(&ev);
                        if !checkbox {
                            set(target.value());
                        }
                    }
                    on:change=move |ev| {
                        let target: web_sys::HtmlInputElement = event_target(&ev);
                        if checkbox {
                            set_checked(target.checked().to_string());
                        }
                    }
                />
            }
            .into_any()
        }
    };
    view! {
        <div class="tafel-field" class:tafel-field--invalid=move || message().is_some()>
            <label for=id>
                {definition.name.clone()}
                {definition.required.then(|| view! { " " <span class="tafel-field__required">{i18n.tr(Key::CustomRequired)}</span> })}
            </label>
            {widget}
            <p id=error_id class="tafel-field__error" role="alert">{message}</p>
        </div>
    }
    .into_any()
}
