//! The custom fields of the create dialog: the ones the chosen type has (OpenProject's create
//! form says which, and which are required), each with the detail's widget for its kind. What is
//! chosen is kept as text until Create checks it (`custom_field::check_new`).

use crate::domain::{CustomField, Field, FieldError};
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
    /// What the user chose, by key, as text.
    values: RwSignal<BTreeMap<String, String>>,
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    move || {
        fields
            .get()
            .into_iter()
            .filter(|f| f.kind.is_editable() && f.writable)
            .map(|definition| new_custom_field(definition, values, errors))
            .collect_view()
    }
}

fn new_custom_field(
    definition: CustomField,
    values: RwSignal<BTreeMap<String, String>>,
    errors: RwSignal<Vec<FieldError>>,
) -> AnyView {
    let i18n = use_i18n();
    let project = use_project();
    let Some(field) = Field::custom(&definition.key) else {
        return ().into_any();
    };
    let id = input_id(field);
    let error_id = format!("{id}-error");
    let key = definition.key.clone();
    let current = Signal::derive({
        let key = key.clone();
        move || values.with(|v| v.get(&key).cloned().unwrap_or_default())
    });
    let save = Callback::new(move |text: String| {
        values.update(|v| {
            v.insert(key.clone(), text);
        });
        // The message goes once the value is changed; Create checks again.
        errors.update(|e| e.retain(|e| e.field != field));
    });
    let message = move || {
        errors
            .with(|e| field_errors_for(e, field))
            .map(|p| problem(i18n.lang(), &p))
    };
    let invalid = Signal::derive(move || message().is_some().to_string());
    let choices = Signal::stored(project.catalog.with_untracked(|c| definition.choices(c)));
    let widget = crate::views::detail::custom_field::widget(
        &definition,
        id.clone(),
        error_id.clone(),
        invalid,
        Signal::stored(false),
        current,
        choices,
        save,
    );
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
