//! A work package in full: every field editable, description, relations, children, watchers,
//! attachments, activity, delete.
//! Beside the board or table as a side panel (full screen on narrow screens), or as its own page.

mod activity;
mod attachments;
pub mod conflict;
pub(crate) mod custom_field;
mod delete;
mod description;
pub mod fields;
mod properties;
mod relation_form;
mod relation_row;
mod relations;
mod watchers;

use crate::api::ApiError;
use crate::domain::{Field, FieldError, ProjectKey, WorkPackageId};
use crate::i18n::Key;
use crate::state::ProjectState;
use crate::state::actions::use_actions;
use crate::state::backend::use_backend;
use crate::state::prefs::use_i18n;
use crate::state::project::use_project;
use crate::state::session::{LoadsInFlight, retry_of};
use crate::state::url::use_detail_panel;
use crate::views::shell::{LoadFailed, NotFoundMessage};
use activity::ActivityList;
use delete::DeleteButton;
use description::Description;
use fields::{FieldRow, input_id, keep_value, save_field};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use properties::Properties;
use relations::{Children, Relations};
use watchers::Watchers;

#[component]
pub fn DetailPanel(id: WorkPackageId) -> impl IntoView {
    let i18n = use_i18n();
    let detail = use_detail_panel();
    let close = Callback::new(move |()| detail.set(None));
    let panel = NodeRef::<leptos::html::Aside>::new();
    keep_focus_with(id, panel);
    view! {
        <aside
            node_ref=panel
            class="tafel-panel"
            aria-label=move || i18n.fill(Key::WorkPackageHeading, &[("id", &id.0.to_string()), ("subject", "")])
            data-testid="detail-panel"
            on:keydown=move |ev: web_sys::KeyboardEvent| {
                if ev.key() == "Escape" && !ev.default_prevented() {
                    close.run(());
                }
            }
        >
            <div class="tafel-panel__bar">
                <A href=crate::hosting::href(&format!("/work_packages/{}", id.0)) attr:class="tafel-button tafel-button--quiet">
                    {i18n.tr(Key::OpenFullPage)}
                </A>
                <button
                    type="button"
                    class="tafel-button tafel-button--icon"
                    aria-label=i18n.tr(Key::Close)
                    data-testid="close-panel"
                    on:click=move |_| close.run(())
                >
                    "×"
                </button>
            </div>
            <DetailBody id on_deleted=close/>
        </aside>
    }
}

/// A keyboard user who opened the panel lands in it (on the subject, or the close button when the
/// work package cannot be changed), and goes back where they were when it closes: to the card,
/// row or bar they opened it from, or its stand-in if that was drawn anew meanwhile. Opened by
/// mouse or touch, focus stays where it was (a focused field would bring up a phone's keyboard).
fn keep_focus_with(id: WorkPackageId, panel: NodeRef<leptos::html::Aside>) {
    use crate::components::focus::{focus_first_when_drawn, refocus_if_lost_to};
    let active = document().active_element();
    let by_keyboard = active
        .as_ref()
        .is_some_and(|el| el.matches(":focus-visible").unwrap_or(false));
    // Opened from within another panel (a relation, say): that panel's opener is gone with it.
    let opener = active.filter(|el| el.closest(".tafel-panel").ok().flatten().is_none());
    if by_keyboard {
        focus_first_when_drawn(vec![
            "[data-testid=detail-panel] [data-testid=subject-input]".to_owned(),
            "[data-testid=detail-panel] [data-testid=close-panel]".to_owned(),
        ]);
    }
    on_cleanup(move || {
        let active = document().active_element();
        let here = active.as_ref().is_none_or(|a| {
            a.tag_name() == "BODY" || panel.get_untracked().is_some_and(|p| p.contains(Some(a)))
        });
        if !here {
            return;
        }
        // Once the panel is gone (and the row or card redrawn, if its work package changed).
        let opener =
            opener.and_then(|o| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(o).ok());
        let n = id.0;
        refocus_if_lost_to(
            opener,
            // A view has cards, rows or bars: one of the first matches, the others are absent.
            vec![
                format!(
                    "[data-card-id=\"{n}\"],[data-bar-id=\"{n}\"],tr[data-wp-id=\"{n}\"] td[tabindex=\"0\"]"
                ),
                format!("tr[data-wp-id=\"{n}\"] td[data-ci=\"1\"]"),
                "#main h1".to_owned(),
            ],
        );
    });
}

/// `/work_packages/:id`: finds the work package's project, then shows it as a page.
#[component]
pub fn WorkPackagePage() -> impl IntoView {
    let i18n = use_i18n();
    let backend = use_backend();
    let params = use_params_map();
    let raw_id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let loads = LoadsInFlight::default();
    let loaded = LocalResource::new(move || {
        let raw = raw_id.get();
        let backend = backend.get();
        loads.track(async move {
            let id = fields::parse_id(&raw)
                .map(WorkPackageId)
                .ok_or(ApiError::NotFound)?;
            let wp = backend.work_package(id).await?;
            let state = ProjectState::load(&*backend, ProjectKey::Id(wp.project), false).await?;
            Ok::<_, ApiError>((id, state))
        })
    });
    let retry = retry_of(loads, loaded);
    move || {
        match loaded.get() {
        None => view! { <p class="tafel-page tafel-loading">{i18n.t(Key::Loading)}</p> }.into_any(),
        Some(Err(ApiError::NotFound)) => view! {
            <NotFoundMessage message=Signal::derive(move || i18n.fill(Key::NotFoundWorkPackage, &[("id", &raw_id.get())]))/>
        }
        .into_any(),
        Some(Err(error)) => view! { <LoadFailed error retry/> }.into_any(),
        Some(Ok((id, state))) => view! { <DetailPageBody id state/> }.into_any(),
    }
    }
}

#[component]
fn DetailPageBody(id: WorkPackageId, state: ProjectState) -> impl IntoView {
    state.provide();
    let navigate = use_navigate();
    let identifier = state.project.with_untracked(|p| p.identifier.clone());
    let on_deleted = Callback::new(move |()| {
        navigate(
            &format!("/projects/{identifier}/board"),
            leptos_router::NavigateOptions::default(),
        );
    });
    let i18n = use_i18n();
    // The page's main heading, for a screen reader and for focus after navigation; the subject
    // is shown (and edited) in its field.
    let subject = state
        .work_packages
        .with_untracked(|m| m.get(&id).map(|w| w.subject.clone()))
        .unwrap_or_default();
    let heading = i18n.fill(
        Key::WorkPackageHeading,
        &[("id", &id.0.to_string()), ("subject", &subject)],
    );
    view! {
        <article class="tafel-page tafel-detail-page">
            <h1 class="tafel-sr-only">{heading}</h1>
            <DetailBody id on_deleted/>
        </article>
        <conflict::ConflictDialog/>
    }
}

#[component]
fn DetailBody(id: WorkPackageId, on_deleted: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let project = use_project();
    let actions = use_actions();
    let wp = Memo::new(move |_| project.work_packages.with(|m| m.get(&id).cloned()));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    // Drawn anew only when the work package appears or goes, not on every change to it: that
    // would replace the inputs, and what the user is typing in them, under their hands.
    let exists = Memo::new(move |_| wp.with(Option::is_some));
    move || {
        if !exists.get() {
            return view! {
                <NotFoundMessage message=Signal::derive(move || i18n.fill(Key::NotFoundWorkPackage, &[("id", &id.0.to_string())]))/>
            }
            .into_any();
        }
        let subject_input = NodeRef::new();
        keep_value(subject_input, move || {
            wp.with(|w| w.as_ref().map(|w| w.subject.clone()).unwrap_or_default())
        });
        view! {
            <div class="tafel-detail" data-testid="detail">
                <p class="tafel-detail__id">"#"{id.0}</p>
                <FieldRow field=Field::Subject errors>
                    <input
                        id=input_id(Field::Subject)
                        class="tafel-input tafel-input--title"
                        data-testid="subject-input"
                        node_ref=subject_input
                        maxlength="255"
                        disabled=move || !properties::may_update(wp)
                        on:change=move |ev| {
                            if let Some(current) = wp.get_untracked() {
                                save_field(actions, current, Field::Subject, event_target_value(&ev), errors);
                            }
                        }
                    />
                </FieldRow>
                <Properties wp errors/>
                <Description wp/>
                <Relations id wp/>
                <Children id/>
                <Watchers id wp/>
                <attachments::Attachments id/>
                <ActivityList id wp/>
                <DeleteButton id wp on_deleted/>
            </div>
        }
        .into_any()
    }
}
