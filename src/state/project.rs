//! One project's data as the views see it: the project, its reference data and all its work packages.
//! Work packages live in one plain map; views derive what they show from it.

use super::outbox::Outbox;
use crate::api::{self, ApiError, Backend};
use crate::domain::{Catalog, Project, ProjectKey, WorkPackage, WorkPackageId, WorkPackageQuery};
use leptos::prelude::*;
use std::collections::BTreeMap;

#[derive(Clone, Debug)]
pub enum Load<T> {
    Loading,
    Ready(T),
    Failed(ApiError),
}

#[derive(Clone, Copy)]
pub struct ProjectState {
    pub project: RwSignal<Project>,
    pub catalog: RwSignal<Catalog>,
    pub work_packages: RwSignal<BTreeMap<WorkPackageId, WorkPackage>>,
    /// True while the user drags or carries a card: changes from elsewhere wait until it ends.
    pub interacting: RwSignal<bool>,
    /// Counts relations added, changed or removed here; the Gantt's arrows and the board's
    /// "blocked" marks read the relations again when it moves.
    pub relations_revision: RwSignal<u64>,
    /// The work packages of the subprojects are loaded too (`sub=1` in the address).
    pub subprojects: RwSignal<bool>,
    outbox: StoredValue<Option<Outbox>>,
}

fn scope(subprojects: bool) -> WorkPackageQuery {
    WorkPackageQuery {
        subprojects,
        ..WorkPackageQuery::everything()
    }
}

fn by_id(items: Vec<WorkPackage>) -> BTreeMap<WorkPackageId, WorkPackage> {
    items.into_iter().map(|wp| (wp.id, wp)).collect()
}

impl ProjectState {
    pub async fn load(
        backend: &dyn Backend,
        key: ProjectKey,
        subprojects: bool,
    ) -> Result<Self, ApiError> {
        let project = backend.project(key).await?;
        let catalog = api::load_catalog(backend, project.id).await?;
        // Without subprojects there is nothing more to ask for.
        let subprojects = subprojects && catalog.projects.len() > 1;
        let items = api::all_work_packages(backend, project.id, scope(subprojects)).await?;
        Ok(Self {
            project: RwSignal::new(project),
            catalog: RwSignal::new(catalog),
            work_packages: RwSignal::new(by_id(items)),
            interacting: RwSignal::new(false),
            relations_revision: RwSignal::new(0),
            subprojects: RwSignal::new(subprojects),
            outbox: StoredValue::new(None),
        })
    }

    /// Fetches the work packages again after a change elsewhere.
    pub async fn refresh(self, backend: &dyn Backend) -> Result<(), ApiError> {
        let project = self.project.get_untracked().id;
        let items = api::all_work_packages(backend, project, self.scope()).await?;
        let mut items = by_id(items);
        if let Some(outbox) = self.outbox.get_value() {
            outbox.overlay(&mut items);
        }
        self.work_packages.set(items);
        Ok(())
    }

    /// A relation was added, changed or removed: the views read the relations again, and the work
    /// packages the backend rescheduled because of it (successors moved by a new lag) are taken.
    pub fn relations_changed(self, backend: std::rc::Rc<dyn Backend>) {
        self.relations_revision.update(|n| *n += 1);
        // Only what changed since the newest known change (by the backend's clock, with a margin):
        // what it rescheduled for the relation is newer than anything loaded before.
        let Some(newest) = self
            .work_packages
            .with_untracked(|m| m.values().map(|wp| wp.updated_at).max())
        else {
            return;
        };
        let query = WorkPackageQuery {
            filters: vec![crate::domain::Filter::UpdatedSince(
                newest - chrono::TimeDelta::minutes(1),
            )],
            ..self.scope()
        };
        leptos::task::spawn_local(async move {
            let project = self.project.get_untracked().id;
            if let Ok(items) = api::all_work_packages(&*backend, project, query).await {
                self.merge(items);
            }
        });
    }

    /// Every work package the views show: the project's, with its subprojects' when asked for.
    pub fn scope(self) -> WorkPackageQuery {
        scope(self.subprojects.get_untracked())
    }

    pub fn get(self, id: WorkPackageId) -> Option<WorkPackage> {
        self.work_packages.with(|map| map.get(&id).cloned())
    }

    pub fn get_untracked(self, id: WorkPackageId) -> Option<WorkPackage> {
        self.work_packages
            .with_untracked(|map| map.get(&id).cloned())
    }

    pub fn put(self, wp: WorkPackage) {
        self.work_packages.update(|map| {
            map.insert(wp.id, wp);
        });
    }

    /// Puts several at once: one change for the views to follow, however many there are.
    pub fn put_all(self, wps: impl IntoIterator<Item = WorkPackage>) {
        self.work_packages.update(|map| {
            map.extend(wps.into_iter().map(|wp| (wp.id, wp)));
        });
    }

    /// Takes work packages changed elsewhere that are newer than the copies here.
    pub fn merge(self, changed: Vec<WorkPackage>) {
        let newer: Vec<WorkPackage> = self.work_packages.with_untracked(|map| {
            changed
                .into_iter()
                .filter(|wp| {
                    map.get(&wp.id)
                        .is_none_or(|mine| wp.lock_version > mine.lock_version)
                })
                .collect()
        });
        if !newer.is_empty() {
            let mut newer = by_id(newer);
            if let Some(outbox) = self.outbox.get_value() {
                outbox.overlay(&mut newer);
            }
            self.work_packages.update(|map| map.append(&mut newer));
        }
    }

    /// Makes the project available to the views below, with the user's changes still in the outbox
    /// shown over it, and lets the outbox show what it confirms.
    pub fn provide(self) {
        provide_context(self);
        if let Some(outbox) = use_context::<Outbox>() {
            self.work_packages.update(|items| outbox.overlay(items));
            outbox.attach(self);
            self.outbox.set_value(Some(outbox));
            on_cleanup(move || outbox.detach(self));
        }
    }
}

pub fn use_project() -> ProjectState {
    expect_context::<ProjectState>()
}
