//! The backend in use, reachable from any component without naming which one it is.

use crate::api::Backend;
use leptos::prelude::*;
use std::rc::Rc;

#[derive(Clone, Copy)]
pub struct BackendCtx(StoredValue<Rc<dyn Backend>, LocalStorage>);

impl BackendCtx {
    pub fn provide(backend: Rc<dyn Backend>) -> Self {
        let ctx = Self(StoredValue::new_local(backend));
        provide_context(ctx);
        ctx
    }

    pub fn get(self) -> Rc<dyn Backend> {
        self.0.get_value()
    }
}

pub fn use_backend() -> BackendCtx {
    expect_context::<BackendCtx>()
}

/// Counts changes made elsewhere (another tab, another user); views reload what they show when it moves.
#[derive(Clone, Copy)]
pub struct DataRevision(pub RwSignal<u64>);

impl DataRevision {
    pub fn provide(backend: &Rc<dyn Backend>) -> Self {
        let revision = Self(RwSignal::new(0));
        backend.on_external_change(Rc::new(move || revision.0.update(|n| *n += 1)));
        provide_context(revision);
        revision
    }
}

pub fn use_revision() -> DataRevision {
    expect_context::<DataRevision>()
}
