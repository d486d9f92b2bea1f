//! Relations with other work packages, and the children below this one.

use crate::domain::WorkPackageId;
use crate::i18n::Key;
use crate::i18n::messages::relation_kind;
use crate::state::backend::{use_backend, use_revision};
use crate::state::notices::api_error_text;
use crate::state::prefs::use_i18n;
use crate::state::project::use_project;
use crate::state::url::use_detail_panel;
use leptos::prelude::*;

/// A link to another work package that opens it in the side panel.
#[component]
fn WorkPackageLink(id: WorkPackageId) -> impl IntoView {
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
pub fn Relations(id: WorkPackageId) -> impl IntoView {
    let i18n = use_i18n();
    let backend = use_backend();
    let revision = use_revision();
    let project = use_project();
    let relations = LocalResource::new(move || {
        revision.0.track();
        project.work_packages.track();
        let backend = backend.get();
        async move { backend.relations(id).await }
    });
    view! {
        <section class="tafel-section" aria-labelledby="tafel-relations-title">
            <h2 id="tafel-relations-title">{i18n.tr(Key::Relations)}</h2>
            {move || match relations.get() {
                None => view! { <p class="tafel-loading">{i18n.t(Key::Loading)}</p> }.into_any(),
                Some(Err(error)) => view! { <p role="alert">{api_error_text(i18n.lang(), &error)}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="tafel-muted">{i18n.t(Key::NoRelations)}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="tafel-list" data-testid="relations">
                        {list.into_iter().filter_map(|r| {
                            let (other, kind) = r.seen_from(id)?;
                            let lag = r.lag.filter(|l| *l != 0 && kind.has_lag());
                            Some(view! {
                                <li>
                                    <span class="tafel-muted">{relation_kind(i18n.lang(), kind)}" "</span>
                                    <WorkPackageLink id=other/>
                                    {lag.map(|l| view! { <span class="tafel-muted">" ("{i18n.fill(Key::LagDays, &[("days", &l.to_string())])}")"</span> })}
                                </li>
                            })
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
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
