//! The start page: every project with links to its views.

use crate::domain::Project;
use crate::i18n::Key;
use crate::state::backend::{use_backend, use_revision};
use crate::state::prefs::use_i18n;
use crate::state::session::{LoadsInFlight, retry_of};
use crate::views::shell::LoadFailed;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn ProjectList() -> impl IntoView {
    let i18n = use_i18n();
    let backend = use_backend();
    let revision = use_revision();
    let loads = LoadsInFlight::default();
    let projects = LocalResource::new(move || {
        revision.0.track();
        let backend = backend.get();
        loads.track(async move { backend.projects().await })
    });
    let retry = retry_of(loads, projects);
    view! {
        <section class="tafel-page">
            <h1>{i18n.tr(Key::ProjectsTitle)}</h1>
            {move || match projects.get() {
                None => view! { <p class="tafel-loading">{i18n.t(Key::Loading)}</p> }.into_any(),
                Some(Err(error)) => view! { <LoadFailed error retry/> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p>{i18n.t(Key::ProjectsEmpty)}</p> }.into_any(),
                Some(Ok(list)) => {
                    let names: Vec<(crate::domain::ProjectId, String)> =
                        list.iter().map(|p| (p.id, p.name.clone())).collect();
                    view! {
                        <ul class="tafel-project-list">
                            {list.into_iter().map(|p| {
                                let parent = p.parent.and_then(|id| names.iter().find(|(pid, _)| *pid == id).map(|(_, n)| n.clone()));
                                view! { <ProjectCard project=p parent/> }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn ProjectCard(project: Project, parent: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let base = crate::hosting::href(&format!("/projects/{}", project.identifier));
    view! {
        <li class="tafel-project-card" data-testid="project-card">
            <h2 class="tafel-project-card__name">
                <A href=format!("{base}/board")>{project.name.clone()}</A>
            </h2>
            {parent.map(|name| view! {
                <p class="tafel-muted">{move || i18n.fill(Key::ProjectSubprojectOf, &[("name", &name)])}</p>
            })}
            <p class="tafel-project-card__description">{project.description.clone()}</p>
            <nav class="tafel-row" aria-label=i18n.tr(Key::ProjectViews)>
                <A href=format!("{base}/board") attr:class="tafel-button">{i18n.tr(Key::NavBoard)}</A>
                <A href=format!("{base}/table") attr:class="tafel-button">{i18n.tr(Key::NavTable)}</A>
                <A href=format!("{base}/gantt") attr:class="tafel-button">{i18n.tr(Key::NavGantt)}</A>
            </nav>
        </li>
    }
}
