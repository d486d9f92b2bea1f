//! The composition root: opens the store, provides the contexts, and routes. The only place that
//! names a concrete backend.

use crate::api::local::idb_store::IdbPersistence;
use crate::api::local::persist::Persistence;
use crate::api::local::tabs::TabChannel;
use crate::api::local::{LocalBackend, seed};
use crate::api::{ApiError, Backend};
use crate::state::{Announcer, BackendCtx, DataRevision, Notices, Prefs};
use crate::views::board::BoardView;
use crate::views::detail::WorkPackagePage;
use crate::views::gantt::GanttComing;
use crate::views::project_scope::ProjectScope;
use crate::views::projects::ProjectList;
use crate::views::settings::SettingsPage;
use crate::views::shell::{CorruptStore, NotFound, Shell, StartupFailed};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;
use std::rc::Rc;

#[derive(Clone)]
enum Startup {
    Opening,
    Ready(Rc<dyn Backend>),
    Corrupt {
        reason: String,
        persist: Rc<dyn Persistence>,
    },
    Failed(String),
}

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

async fn open_local_store() -> Startup {
    let persist: Rc<dyn Persistence> = match IdbPersistence::open().await {
        Ok(p) => Rc::new(p),
        Err(error) => return Startup::Failed(error.to_string()),
    };
    match LocalBackend::open(persist.clone(), Rc::new(now)).await {
        Ok(backend) => {
            let weak = Rc::downgrade(&backend);
            let channel = TabChannel::open(move || {
                if let Some(backend) = weak.upgrade() {
                    spawn_local(async move {
                        // A failed reload leaves this tab showing what it had; the next change retries.
                        let _ = backend.reload().await;
                    });
                }
            });
            if let Some(channel) = channel {
                let channel = Rc::new(channel);
                backend.set_after_write(Rc::new(move || channel.announce_change()));
            }
            Startup::Ready(backend)
        }
        Err(ApiError::Corrupt(reason)) => Startup::Corrupt { reason, persist },
        Err(error) => Startup::Failed(error.to_string()),
    }
}

/// Tells the page (and the end-to-end tests) that the app has drawn its first real screen.
fn mark_ready() {
    let document = document();
    if let Some(boot) = document.get_element_by_id("tafel-boot") {
        boot.remove();
    }
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("data-tafel-ready", "");
    }
}

#[component]
pub fn App() -> impl IntoView {
    Prefs::provide();
    Notices::provide();
    Announcer::provide();
    let startup = RwSignal::new_local(Startup::Opening);
    spawn_local(async move { startup.set(open_local_store().await) });
    Effect::new(move || {
        if !matches!(*startup.read(), Startup::Opening) {
            request_animation_frame(mark_ready);
        }
    });
    move || match startup.get() {
        Startup::Opening => ().into_any(),
        Startup::Ready(backend) => view! { <Ready backend/> }.into_any(),
        Startup::Corrupt { reason, persist } => {
            let persist = StoredValue::new_local(persist);
            let on_download = Callback::new(move |()| {
                let persist = persist.get_value();
                spawn_local(async move {
                    if let Ok(raw) = persist.raw_dump().await {
                        let _ = crate::components::download::download_text(
                            "tafel-raw-store.json",
                            "application/json",
                            &raw,
                        );
                    }
                });
            });
            let on_reset = Callback::new(move |()| {
                let persist = persist.get_value();
                spawn_local(async move {
                    let records = seed::demo_records(chrono::Local::now().date_naive(), now());
                    match persist.replace_all(records).await {
                        Ok(()) => startup.set(open_local_store().await),
                        Err(error) => startup.set(Startup::Failed(error.to_string())),
                    }
                });
            });
            view! { <CorruptStore reason on_download on_reset/> }.into_any()
        }
        Startup::Failed(reason) => view! { <StartupFailed reason/> }.into_any(),
    }
}

#[component]
fn Ready(backend: Rc<dyn Backend>) -> impl IntoView {
    let is_local = backend.store_admin().is_some();
    DataRevision::provide(&backend);
    BackendCtx::provide(backend);
    view! {
        <Router>
            <Shell is_local>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=ProjectList/>
                    <Route path=path!("/settings") view=SettingsPage/>
                    <Route path=path!("/work_packages/:id") view=WorkPackagePage/>
                    <ParentRoute path=path!("/projects/:project") view=ProjectScope>
                        <Route path=path!("board") view=BoardView/>
                        <Route path=path!("table") view=crate::views::table::TableView/>
                        <Route path=path!("gantt") view=GanttComing/>
                        <Route path=path!("") view=|| view! { <Redirect path="board"/> }/>
                    </ParentRoute>
                </Routes>
            </Shell>
        </Router>
    }
}
