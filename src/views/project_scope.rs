//! Loads one project for its views (board, table, Gantt), shows their tabs, and the detail side panel.

use crate::api::ApiError;
use crate::domain::ProjectKey;
use crate::i18n::Key;
use crate::state::ProjectState;
use crate::state::backend::{use_backend, use_revision};
use crate::state::notices::{api_error_text, use_notices};
use crate::state::prefs::use_i18n;
use crate::state::session::{LoadsInFlight, retry_of};
use crate::state::url::use_detail_panel;
use crate::views::on_demand::{ConflictDialog, DetailPanel};
use crate::views::shell::{LoadFailed, NotFoundMessage};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{A, Outlet};
use leptos_router::hooks::use_params_map;

#[component]
pub fn ProjectScope() -> impl IntoView {
    let i18n = use_i18n();
    let backend = use_backend();
    let params = use_params_map();
    let key = Memo::new(move |_| params.with(|p| p.get("project").unwrap_or_default()));
    let query = leptos_router::hooks::use_query_map();
    let loads = LoadsInFlight::default();
    let state = LocalResource::new(move || {
        let key = key.get();
        let backend = backend.get();
        // Read once: a later change of `sub` refreshes the loaded project (see `ProjectFrame`).
        let subprojects = query.with_untracked(|q| q.get("sub").as_deref() == Some("1"));
        loads.track(async move {
            ProjectState::load(&*backend, ProjectKey::parse(&key), subprojects).await
        })
    });
    let retry = retry_of(loads, state);
    move || {
        match state.get() {
        None => view! { <p class="tafel-page tafel-loading">{i18n.t(Key::Loading)}</p> }.into_any(),
        Some(Err(ApiError::NotFound)) => view! {
            <NotFoundMessage message=Signal::derive(move || i18n.fill(Key::NotFoundProject, &[("key", &key.get())]))/>
        }
        .into_any(),
        Some(Err(error)) => view! { <LoadFailed error retry/> }.into_any(),
        Some(Ok(project)) => view! { <ProjectFrame state=project/> }.into_any(),
    }
    }
}

#[component]
fn ProjectFrame(state: ProjectState) -> impl IntoView {
    state.provide();
    let i18n = use_i18n();
    let backend = use_backend();
    let notices = use_notices();
    let revision = use_revision();
    // Changes made elsewhere arrive as a new revision; the first run is the initial load. While a
    // card is carried the reload waits (the revision is taken up once the carrying ends).
    Effect::new(move |previous: Option<u64>| {
        let current = revision.0.get();
        if state.interacting.get() {
            return previous.unwrap_or(current);
        }
        if previous.is_some_and(|p| p != current) {
            let backend = backend.get();
            spawn_local(async move {
                if let Err(error) = state.refresh(&*backend).await {
                    notices.error(api_error_text(i18n.lang_untracked(), &error));
                }
            });
        }
        current
    });
    // "Include subprojects" changes what is loaded: the project's work packages are read again.
    let list = crate::state::url::use_list_params();
    Effect::new(move || {
        let wanted = list.value.with(|p| p.subprojects)
            && state.catalog.with_untracked(|c| c.projects.len() > 1);
        if wanted != state.subprojects.get_untracked() {
            state.subprojects.set(wanted);
            let backend = backend.get();
            spawn_local(async move {
                if let Err(error) = state.refresh(&*backend).await {
                    notices.error(api_error_text(i18n.lang_untracked(), &error));
                }
            });
        }
    });
    crate::state::live::follow_changes(
        state,
        backend.get(),
        crate::config::refresh_seconds(),
        notices,
        i18n,
    );
    let detail = use_detail_panel();
    let base = move || {
        crate::hosting::href(&format!(
            "/projects/{}",
            state.project.with(|p| p.identifier.clone())
        ))
    };
    view! {
        <div class="tafel-project" class:tafel-project--with-panel=move || detail.open.get().is_some()>
            <div class="tafel-project__main">
                <div class="tafel-project__head">
                    <h1 class="tafel-project__title">{move || state.project.with(|p| p.name.clone())}</h1>
                    <nav class="tafel-tabs" aria-label=i18n.tr(Key::ProjectViews)>
                        <A href=move || format!("{}/board", base())>{i18n.tr(Key::NavBoard)}</A>
                        <A href=move || format!("{}/table", base())>{i18n.tr(Key::NavTable)}</A>
                        <A href=move || format!("{}/gantt", base())>{i18n.tr(Key::NavGantt)}</A>
                    </nav>
                </div>
                <Outlet/>
            </div>
            {move || detail.open.get().map(|id| view! { <DetailPanel id/> })}
        </div>
        <ConflictDialog/>
    }
}
