//! The property fields of a work package as selects and inputs; each change is saved on its own.

use super::custom_field::CustomFieldInput;
use super::fields::{FieldRow, input_id, keep_value, save_field};
use crate::domain::{Field, FieldError, WorkPackage};
use crate::i18n::{Key, format};
use crate::state::actions::use_actions;
use crate::state::prefs::use_i18n;
use crate::state::project::use_project;
use leptos::prelude::*;

type Options = Vec<(String, String)>;

/// Whether the backend lets the current user change this work package.
pub fn may_update(wp: Memo<Option<WorkPackage>>) -> bool {
    wp.with(|w| w.as_ref().is_some_and(|w| w.permissions.update))
}

#[component]
fn SelectField(
    field: Field,
    wp: Memo<Option<WorkPackage>>,
    errors: RwSignal<Vec<FieldError>>,
    /// Value of the current choice, e.g. the status id as text; "" for none.
    current: fn(&WorkPackage) -> String,
    options: Signal<Options>,
) -> impl IntoView {
    let actions = use_actions();
    view! {
        <FieldRow field errors>
            <select
                id=input_id(field)
                class="tafel-select"
                disabled=move || !may_update(wp)
                on:change=move |ev| {
                    if let Some(w) = wp.get_untracked() {
                        save_field(actions, w, field, event_target_value(&ev), errors);
                    }
                }
            >
                {move || {
                    let selected_value = wp.with(|w| w.as_ref().map(current).unwrap_or_default());
                    options.get().into_iter().map(|(value, label)| {
                        let selected = value == selected_value;
                        view! { <option value=value selected=selected>{label}</option> }
                    }).collect_view()
                }}
            </select>
        </FieldRow>
    }
}

#[component]
fn InputField(
    field: Field,
    wp: Memo<Option<WorkPackage>>,
    errors: RwSignal<Vec<FieldError>>,
    kind: &'static str,
    current: fn(&WorkPackage) -> String,
) -> impl IntoView {
    let actions = use_actions();
    let input = NodeRef::<leptos::html::Input>::new();
    keep_value(input, move || {
        wp.with(|w| w.as_ref().map(current).unwrap_or_default())
    });
    // A date typed by keyboard changes at every digit (the year passes 0002, 0020, 0202 on the way
    // to 2026) and at every arrow press: it is saved when the field is left or Enter pressed, not
    // on each of those. A date picked or pasted is saved at once.
    let typed = StoredValue::new(false);
    let save = move || {
        typed.set_value(false);
        let (Some(w), Some(el)) = (wp.get_untracked(), input.get_untracked()) else {
            return;
        };
        if el.value() != current(&w) {
            save_field(actions, w, field, el.value(), errors);
        }
    };
    view! {
        <FieldRow field errors>
            <input
                id=input_id(field)
                node_ref=input
                class="tafel-input"
                type=kind
                disabled=move || !may_update(wp)
                step=if kind == "number" { "any" } else { "" }
                on:keydown=move |ev| {
                    if kind != "date" {
                        return;
                    }
                    match ev.key().as_str() {
                        "Enter" => save(),
                        "Tab" | "Shift" | "Escape" => {}
                        _ => typed.set_value(true),
                    }
                }
                // Removing the field (closing the panel) blurs it too, when this field is gone.
                on:blur=move |_| {
                    if typed.try_get_value() == Some(true) {
                        save();
                    }
                }
                on:change=move |ev| {
                    if typed.try_get_value() != Some(false) {
                        return;
                    }
                    if let Some(w) = wp.get_untracked() {
                        save_field(actions, w, field, event_target_value(&ev), errors);
                    }
                }
            />
        </FieldRow>
    }
}

fn id_text(id: Option<u64>) -> String {
    id.map(|i| i.to_string()).unwrap_or_default()
}

#[component]
pub fn Properties(
    wp: Memo<Option<WorkPackage>>,
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let project = use_project();
    let none = move || (String::new(), i18n.t(Key::NoneValue).to_owned());
    let types = Signal::derive(move || {
        project.catalog.with(|c| {
            c.types
                .iter()
                .map(|t| (t.id.to_string(), t.name.clone()))
                .collect()
        })
    });
    let statuses = Signal::derive(move || {
        project.catalog.with(|c| {
            c.statuses_in_order()
                .into_iter()
                .map(|s| (s.id.to_string(), s.name.clone()))
                .collect()
        })
    });
    let priorities = Signal::derive(move || {
        project.catalog.with(|c| {
            c.priorities
                .iter()
                .map(|p| (p.id.to_string(), p.name.clone()))
                .collect()
        })
    });
    let users = Signal::derive(move || {
        let mut list = vec![none()];
        list.extend(project.catalog.with(|c| {
            c.users
                .iter()
                .map(|u| (u.id.to_string(), u.name.clone()))
                .collect::<Vec<_>>()
        }));
        list
    });
    let versions = Signal::derive(move || {
        let mut list = vec![none()];
        list.extend(project.catalog.with(|c| {
            c.versions
                .iter()
                .map(|v| (v.id.to_string(), v.name.clone()))
                .collect::<Vec<_>>()
        }));
        list
    });
    let categories = Signal::derive(move || {
        let mut list = vec![none()];
        list.extend(project.catalog.with(|c| {
            c.categories
                .iter()
                .map(|c| (c.id.to_string(), c.name.clone()))
                .collect::<Vec<_>>()
        }));
        list
    });
    // Projects without categories get no select, unless the work package still has one.
    let has_categories = move || {
        project.catalog.with(|c| !c.categories.is_empty())
            || wp.with(|w| w.as_ref().is_some_and(|w| w.category.is_some()))
    };
    let parents = Signal::derive(move || {
        let own = wp.with(|w| w.as_ref().map(|w| w.id));
        let mut list = vec![none()];
        list.extend(project.work_packages.with(|m| {
            m.values()
                .filter(|other| Some(other.id) != own)
                .map(|other| {
                    (
                        other.id.to_string(),
                        format!("#{} {}", other.id, other.subject),
                    )
                })
                .collect::<Vec<_>>()
        }));
        list
    });
    let is_milestone = move || {
        let type_id = wp.with(|w| w.as_ref().map(|w| w.wp_type));
        type_id.is_some_and(|t| {
            project
                .catalog
                .with(|c| c.wp_type(t).is_some_and(|t| t.is_milestone))
        })
    };
    // A parent's span from its children: as the server says, else from the children loaded here.
    let derived = move || {
        let (id, told) = wp.with(|w| w.as_ref().map(|w| (w.id, w.derived_dates)))?;
        let (from, to) = told.or_else(|| {
            project
                .work_packages
                .with(|all| crate::domain::work_package::descendants_span(all, id))
        })?;
        let lang = i18n.lang();
        Some(i18n.fill(
            Key::DateSpan,
            &[
                ("from", &format::date(lang, from)),
                ("to", &format::date(lang, to)),
            ],
        ))
    };
    let duration = move || {
        wp.with(|w| w.as_ref().and_then(|w| w.duration_days))
            .map(|d| i18n.fill(Key::DurationDays, &[("count", &d.to_string())]))
    };
    let wp_type = Memo::new(move |_| wp.with(|w| w.as_ref().map(|w| w.wp_type)));
    view! {
        <div class="tafel-properties">
            <SelectField field=Field::Type wp errors current=|w| w.wp_type.to_string() options=types/>
            <SelectField field=Field::Status wp errors current=|w| w.status.to_string() options=statuses/>
            <SelectField field=Field::Priority wp errors current=|w| w.priority.to_string() options=priorities/>
            <SelectField field=Field::Assignee wp errors current=|w| id_text(w.assignee.map(|u| u.0)) options=users/>
            <SelectField field=Field::Responsible wp errors current=|w| id_text(w.responsible.map(|u| u.0)) options=users/>
            <SelectField field=Field::Version wp errors current=|w| id_text(w.version.map(|v| v.0)) options=versions/>
            <Show when=has_categories>
                <SelectField field=Field::Category wp errors current=|w| id_text(w.category.map(|c| c.0)) options=categories/>
            </Show>
            <SelectField field=Field::Parent wp errors current=|w| id_text(w.parent.map(|p| p.0)) options=parents/>
            <Show
                when=is_milestone
                fallback=move || view! {
                    <InputField field=Field::StartDate wp errors kind="date" current=|w| w.start_date.map(|d| d.to_string()).unwrap_or_default()/>
                    <InputField field=Field::DueDate wp errors kind="date" current=|w| w.due_date.map(|d| d.to_string()).unwrap_or_default()/>
                }
            >
                <InputField field=Field::Date wp errors kind="date" current=|w| w.date.map(|d| d.to_string()).unwrap_or_default()/>
            </Show>
            <InputField field=Field::PercentageDone wp errors kind="number" current=|w| w.percentage_done.to_string()/>
            <InputField field=Field::EstimatedTime wp errors kind="number" current=|w| w.estimated_hours.map(|h| h.to_string()).unwrap_or_default()/>
            {move || {
                // Required as the work package's type needs it; drawn anew only when the type changes.
                let fields = match wp_type.get() {
                    Some(t) => project.catalog.with(|c| c.custom_fields_for(t)),
                    None => project.catalog.with(|c| c.custom_fields.clone()),
                };
                fields.into_iter().map(|definition| view! {
                    <CustomFieldInput definition wp errors/>
                }).collect_view()
            }}
            <dl class="tafel-facts">
                {move || duration().map(|d| view! { <dt>{i18n.t(Key::FieldDuration)}</dt><dd>{d}</dd> })}
                {move || derived().map(|d| view! { <dt>{i18n.t(Key::FieldDerivedDates)}</dt><dd data-testid="derived-dates">{d}</dd> })}
                <dt>{i18n.tr(Key::FieldCreated)}</dt>
                <dd>{move || wp.with(|w| w.as_ref().map(|w| format::date_time(i18n.lang(), w.created_at)))}</dd>
                <dt>{i18n.tr(Key::FieldUpdated)}</dt>
                <dd>{move || wp.with(|w| w.as_ref().map(|w| format::date_time(i18n.lang(), w.updated_at)))}</dd>
            </dl>
        </div>
    }
}
