//! Creating a work package from a board column or the table: a short form in a dialog.

use crate::api::ApiError;
use crate::components::dialog::Dialog;
use crate::domain::board_layout::CellKey;
use crate::domain::{
    CustomField, Field, FieldError, NewWorkPackage, Problem, ProjectId, StatusId, TypeId, UserId,
    WorkPackageId,
};
use crate::i18n::Key;
use crate::i18n::messages::problem;
use crate::state::actions::use_actions;
use crate::state::backend::use_backend;
use crate::state::notices::{api_error_text, use_notices};
use crate::state::prefs::use_i18n;
use crate::state::project::use_project;
use crate::views::detail::fields::{field_errors_for, parse_id};
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// What the form starts with: a board cell's values (its column's and lane's), nothing special in
/// the table.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct CreatePreset {
    pub cell: Option<CellKey>,
}

impl CreatePreset {
    /// The values the form shows, as a new work package would get them.
    fn draft(self, project: ProjectId, wp_type: TypeId) -> NewWorkPackage {
        let mut draft = NewWorkPackage::new(project, wp_type, String::new());
        if let Some(cell) = self.cell {
            cell.preset(&mut draft);
        }
        draft
    }
}

/// Moves the focus to the field a problem was found at, so that a keyboard or screen reader user
/// lands on it with its message.
fn focus_field(field: Field) {
    let id = match field {
        Field::Subject => "tafel-create-subject".to_owned(),
        Field::Custom(_) => crate::views::create_custom::input_id(field),
        _ => return,
    };
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        if let Some(el) = document()
            .get_element_by_id(&id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}

#[component]
pub fn CreateDialog(
    preset: RwSignal<Option<CreatePreset>>,
    /// Told the new work package's id, e.g. to show it.
    #[prop(optional)]
    on_created: Option<Callback<WorkPackageId>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let project = use_project();
    let actions = use_actions();
    let notices = use_notices();
    let subject = RwSignal::new(String::new());
    let wp_type = RwSignal::new(None::<TypeId>);
    let status = RwSignal::new(None::<StatusId>);
    let assignee = RwSignal::new(None::<UserId>);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let busy = RwSignal::new(false);
    let subject_input = NodeRef::<html::Input>::new();
    let backend = use_backend();
    // The statuses a new work package of the chosen type may start in, once the backend said
    // (`None`: any); and the preset status when the workflow refused it.
    let allowed = RwSignal::new(None::<Vec<StatusId>>);
    let refused = RwSignal::new(None::<StatusId>);
    // The custom fields of the chosen type (required as it needs them) and what was entered.
    let custom_fields = RwSignal::new(Vec::<CustomField>::new());
    let custom_values = RwSignal::new(std::collections::BTreeMap::<String, String>::new());

    // Each opening starts from a clean form with the preset applied.
    Effect::new(move || {
        if let Some(p) = preset.get() {
            subject.set(String::new());
            errors.set(Vec::new());
            custom_values.set(std::collections::BTreeMap::new());
            let first_type = project.catalog.with_untracked(|c| {
                let mut types: Vec<_> = c.types.iter().filter(|t| !t.is_milestone).collect();
                crate::domain::rank::sort_by_rank(&mut types, |t| (i64::from(t.position), t.id.0));
                types.first().map(|t| t.id)
            });
            let project_id = project.project.with_untracked(|p| p.id);
            let start = first_type.map(|t| p.draft(project_id, t));
            status.set(start.as_ref().and_then(|d| d.status));
            wp_type.set(start.as_ref().map(|d| d.wp_type));
            assignee.set(start.and_then(|d| d.assignee));
            refused.set(None);
            request_animation_frame(move || {
                if let Some(input) = subject_input.get_untracked() {
                    let _ = input.focus();
                }
            });
        }
    });

    Effect::new(move || {
        if preset.get().is_none() {
            return;
        }
        let Some(type_id) = wp_type.get() else {
            return;
        };
        allowed.set(None);
        custom_fields.set(
            project
                .catalog
                .with_untracked(|c| c.custom_fields_for(type_id)),
        );
        let project_id = project.project.with_untracked(|p| p.id);
        let backend = backend.get();
        spawn_local(async move {
            let Ok(form) = backend.new_form(project_id, type_id).await else {
                return;
            };
            // An answer for a type chosen before is stale.
            if wp_type.get_untracked() != Some(type_id) {
                return;
            }
            if let Some(fields) = form.custom_fields {
                custom_fields.set(fields);
            }
            let Some(statuses) = form.statuses else {
                return;
            };
            if let Some(chosen) = status.get_untracked()
                && !statuses.contains(&chosen)
            {
                let start = project.catalog.with_untracked(|c| {
                    c.statuses_in_order()
                        .into_iter()
                        .filter(|s| statuses.contains(&s.id))
                        .max_by_key(|s| s.is_default)
                        .map(|s| s.id)
                });
                refused.set(Some(chosen));
                status.set(start);
            }
            allowed.set(Some(statuses));
        });
    });
    let status_name = move |id: StatusId| {
        project
            .catalog
            .with(|c| c.status(id).map(|s| s.name.clone()))
            .unwrap_or_default()
    };
    let refused_text = move || {
        let refused = refused.get()?;
        let start = status.get()?;
        Some(i18n.fill(
            Key::CreateStatusRefused,
            &[
                ("status", &status_name(refused)),
                ("start", &status_name(start)),
            ],
        ))
    };

    let close = Callback::new(move |()| preset.set(None));
    let title = Signal::derive(move || {
        let status_name = status.get().and_then(|id| {
            project
                .catalog
                .with(|c| c.status(id).map(|s| s.name.clone()))
        });
        match status_name {
            Some(name) => i18n.fill(Key::CreateIn, &[("status", &name)]),
            None => i18n.t(Key::NewWorkPackage).to_owned(),
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Some(type_id) = wp_type.get_untracked() else {
            return;
        };
        // The cell's other values (priority, version, parent), then what the user chose in the form.
        let mut draft = preset
            .get_untracked()
            .unwrap_or_default()
            .draft(project.project.with_untracked(|p| p.id), type_id);
        draft.wp_type = type_id;
        draft.subject = subject.get_untracked();
        draft.status = status.get_untracked();
        draft.assignee = assignee.get_untracked();
        // Checked here first, as the server would: a missing required value or one that does
        // not fit is told at its field before anything is sent.
        let checked = project.catalog.with_untracked(|c| {
            custom_fields.with_untracked(|fields| {
                custom_values.with_untracked(|values| {
                    crate::domain::custom_field::check_new(fields, values, c)
                })
            })
        });
        let mut problems = match checked {
            Ok(values) => {
                draft.custom = values;
                Vec::new()
            }
            Err(problems) => problems,
        };
        if draft.subject.trim().is_empty() {
            problems.insert(0, FieldError::new(Field::Subject, Problem::Blank));
        }
        if let Some(first) = problems.first() {
            focus_field(first.field);
            errors.set(problems);
            return;
        }
        busy.set(true);
        spawn_local(async move {
            match actions.create(draft).await {
                Ok(created) => {
                    preset.set(None);
                    if let (Some(on_created), Some(created)) = (on_created, created) {
                        on_created.run(created.id);
                    }
                }
                Err(ApiError::Invalid(list)) => {
                    if let Some(first) = list.first() {
                        focus_field(first.field);
                    }
                    errors.set(list);
                }
                Err(error) => notices.error(api_error_text(i18n.lang_untracked(), &error)),
            }
            busy.set(false);
        });
    };

    let subject_error =
        move || field_errors_for(&errors.get(), Field::Subject).map(|p| problem(i18n.lang(), &p));
    view! {
        <Dialog
            open=Signal::derive(move || preset.get().is_some())
            title
            on_close=close
            close_label=Signal::derive(i18n.tr(Key::Close).to_owned())
        >
            <form class="tafel-form" on:submit=submit novalidate=true data-testid="create-form">
                <div class="tafel-field">
                    <label for="tafel-create-subject">{i18n.tr(Key::FieldSubject)}</label>
                    <input
                        id="tafel-create-subject"
                        node_ref=subject_input
                        class="tafel-input"
                        required=true
                        maxlength="255"
                        aria-invalid=move || subject_error().is_some().to_string()
                        aria-describedby="tafel-create-subject-error"
                        prop:value=move || subject.get()
                        on:input=move |ev| subject.set(event_target_value(&ev))
                    />
                    <p id="tafel-create-subject-error" class="tafel-field__error">{subject_error}</p>
                </div>
                <div class="tafel-field">
                    <label for="tafel-create-type">{i18n.tr(Key::FieldType)}</label>
                    <select
                        id="tafel-create-type"
                        class="tafel-select"
                        on:change=move |ev| wp_type.set(parse_id(&event_target_value(&ev)).map(TypeId))
                    >
                        {move || project.catalog.with(|c| c.types.iter().map(|t| {
                            let id = t.id;
                            view! { <option value=id.0.to_string() selected=move || wp_type.get() == Some(id)>{t.name.clone()}</option> }
                        }).collect_view())}
                    </select>
                </div>
                <div class="tafel-field">
                    <label for="tafel-create-status">{i18n.tr(Key::FieldStatus)}</label>
                    <select
                        id="tafel-create-status"
                        class="tafel-select"
                        on:change=move |ev| status.set(parse_id(&event_target_value(&ev)).map(StatusId))
                    >
                        {move || project.catalog.with(|c| c.statuses_in_order().into_iter().filter(|s| {
                            allowed.with(|a| a.as_ref().is_none_or(|a| a.contains(&s.id)))
                        }).map(|s| {
                            let id = s.id;
                            let is_default = s.is_default;
                            view! {
                                <option value=id.0.to_string() selected=move || status.get().map_or(is_default, |v| v == id)>
                                    {s.name.clone()}
                                </option>
                            }
                        }).collect_view())}
                    </select>
                    <p class="tafel-field__hint" role="status" hidden=move || refused_text().is_none()>{refused_text}</p>
                </div>
                <div class="tafel-field">
                    <label for="tafel-create-assignee">{i18n.tr(Key::FieldAssignee)}</label>
                    <select
                        id="tafel-create-assignee"
                        class="tafel-select"
                        on:change=move |ev| assignee.set(parse_id(&event_target_value(&ev)).map(UserId))
                    >
                        <option value="" selected=move || assignee.get().is_none()>{i18n.tr(Key::Unassigned)}</option>
                        {move || project.catalog.with(|c| c.users.iter().map(|u| {
                            let id = u.id;
                            view! { <option value=id.0.to_string() selected=move || assignee.get() == Some(id)>{u.name.clone()}</option> }
                        }).collect_view())}
                    </select>
                </div>
                <crate::views::create_custom::NewCustomFields fields=custom_fields values=custom_values errors/>
                <div class="tafel-row tafel-row--end">
                    <button type="button" class="tafel-button" on:click=move |_| preset.set(None)>
                        {i18n.tr(Key::Cancel)}
                    </button>
                    <button type="submit" class="tafel-button tafel-button--primary" disabled=move || busy.get()>
                        {i18n.tr(Key::Create)}
                    </button>
                </div>
            </form>
        </Dialog>
    }
}
