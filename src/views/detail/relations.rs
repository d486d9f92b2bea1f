//! Relations with other work packages, and the children below this one.

use super::relation_form::relation_form;
use super::relation_row::{RowCtx, relation_row};
use crate::domain::{WorkPackage, WorkPackageId};
use crate::i18n::Key;
use crate::state::actions::use_actions;
use crate::state::backend::{use_backend, use_revision};
use crate::state::notices::api_error_text;
use crate::state::notices::use_notices;
use crate::state::prefs::use_i18n;
use crate::state::project::use_project;
use crate::state::url::use_detail_panel;
use leptos::prelude::*;

/// A link to another work package that opens it in the side panel.
#[component]
pub fn WorkPackageLink(id: WorkPackageId) -> impl IntoView {
    let project = use_project();
    let detail = use_detail_panel();
    let subject = move || {
        project
            .work_packages
            .with(|m| m.get(&id).map(|w| w.subject.clone()).unwrap_or_default())
    };
    view! {
        <button type="button" class="tafel-link" on:click=move |_| detail.set(Some(id))>
            "#"{id.0}" "{subject}
        </button>
    }
}

#[component]
pub fn Relations(id: WorkPackageId, wp: Memo<Option<WorkPackage>>) -> impl IntoView {
    let i18n = use_i18n();
    let backend = use_backend();
    let revision = use_revision();
    let project = use_project();
    let (actions, notices) = (use_actions(), use_notices());
    let changed = RwSignal::new(0u32);
    let relations = LocalResource::new(move || {
        revision.0.track();
        changed.track();
        project.work_packages.track();
        let backend = backend.get();
        async move { backend.relations(id).await }
    });
    let on_change = Callback::new(move |()| changed.update(|n| *n += 1));
    let body = move || {
        let lang = i18n.lang();
        let may_edit = wp.with(|w| w.as_ref().is_some_and(|w| w.permissions.relate));
        match relations.get() {
            None => view! { <p class="tafel-loading">{lang.text(Key::Loading)}</p> }.into_any(),
            Some(Err(error)) => {
                view! { <p role="alert">{api_error_text(lang, &error)}</p> }.into_any()
            }
            Some(Ok(list)) if list.is_empty() => {
                view! { <p class="tafel-muted">{lang.text(Key::NoRelations)}</p> }.into_any()
            }
            Some(Ok(list)) => {
                let ctx = RowCtx {
                    id,
                    lang,
                    may_edit,
                    actions,
                    notices,
                    on_change,
                };
                view! {
                    <ul class="tafel-list" data-testid="relations">
                        {list.iter().filter_map(|r| relation_row(r, &ctx)).collect_view()}
                    </ul>
                }
                .into_any()
            }
        }
    };
    // Apart from the list, so what is being typed stays when the list is drawn again; in the
    // language of the moment it opened (a reactive copy per label would cost the bundle).
    let may_relate = wp.with_untracked(|w| w.as_ref().is_some_and(|w| w.permissions.relate));
    view! {
        <section class="tafel-section" aria-labelledby="tafel-relations-title">
            <h2 id="tafel-relations-title">{i18n.tr(Key::Relations)}</h2>
            {body}
            {may_relate.then(|| relation_form(id, i18n.lang_untracked(), on_change))}
        </section>
    }
}

#[component]
pub fn Children(id: WorkPackageId) -> impl IntoView {
    let i18n = use_i18n();
    let project = use_project();
    let children = Memo::new(move |_| {
        project.work_packages.with(|m| {
            m.values()
                .filter(|w| w.parent == Some(id))
                .map(|w| w.id)
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="tafel-section" aria-labelledby="tafel-children-title">
            <h2 id="tafel-children-title">{i18n.tr(Key::Children)}</h2>
            <Show
                when=move || !children.with(Vec::is_empty)
                fallback=move || view! { <p class="tafel-muted">{i18n.tr(Key::NoChildren)}</p> }
            >
                <ul class="tafel-list" data-testid="children">
                    <For each=move || children.get() key=|id| *id let:child>
                        <li><WorkPackageLink id=child/></li>
                    </For>
                </ul>
            </Show>
        </section>
    }
}
