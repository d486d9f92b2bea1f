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
    outbox: StoredValue<Option<Outbox>>,
}

fn by_id(items: Vec<WorkPackage>) -> BTreeMap<WorkPackageId, WorkPackage> {
    items.into_iter().map(|wp| (wp.id, wp)).collect()
}

impl ProjectState {
    pub async fn load(backend: &dyn Backend, key: ProjectKey) -> Result<Self, ApiError> {
        let project = backend.project(key).await?;
        let catalog = api::load_catalog(backend, project.id).await?;
        let items =
            api::all_work_packages(backend, project.id, WorkPackageQuery::everything()).await?;
        Ok(Self {
            project: RwSignal::new(project),
            catalog: RwSignal::new(catalog),
            work_packages: RwSignal::new(by_id(items)),
            interacting: RwSignal::new(false),
            outbox: StoredValue::new(None),
        })
    }

    /// Fetches the work packages again after a change elsewhere.
    pub async fn refresh(self, backend: &dyn Backend) -> Result<(), ApiError> {
        let project = self.project.get_untracked().id;
        let items =
            api::all_work_packages(backend, project, WorkPackageQuery::everything()).await?;
        let mut items = by_id(items);
        if let Some(outbox) = self.outbox.get_value() {
            outbox.overlay(&mut items);
        }
        self.work_packages.set(items);
        Ok(())
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
