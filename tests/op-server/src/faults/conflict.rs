//! The `conflict` kind: just before a client's work package PATCH is handled, another user (Lukas)
//! changes the same work package, so the client's lockVersion is stale and the PATCH takes the normal
//! 409 path of the lock check. The description is changed because Tafel's tests don't edit it, so the
//! test can tell the other user's change from its own.

use super::ConcurrentEdit;
use crate::seed::LUKAS;
use crate::state::Store;
use axum::http::Method;

pub const SUFFIX: &str = " (edited elsewhere)";

/// The work package a request would PATCH, when it is a PATCH of an existing one.
pub fn target(store: &Store, method: &Method, path: &str) -> Option<u64> {
    if method != Method::PATCH {
        return None;
    }
    let id: u64 = path.strip_prefix("/api/v3/work_packages/")?.parse().ok()?;
    store.data.work_package(id).map(|_| id)
}

/// Appends the suffix to the description, moves lockVersion on, journals it as Lukas's change, and
/// records the edit for `GET /__test/faults`.
pub fn edit_elsewhere(store: &mut Store, id: u64) {
    let data = &mut store.data;
    let now = data.tick();
    let Some(wp) = data.work_package_mut(id) else {
        return;
    };
    wp.description.push_str(SUFFIX);
    wp.lock_version += 1;
    wp.updated_at = now;
    let edit = ConcurrentEdit {
        id,
        field: "description",
        value: wp.description.clone(),
        lock_version: wp.lock_version,
    };
    data.add_activity(
        id,
        LUKAS,
        String::new(),
        vec!["Description changed".to_owned()],
    );
    store.faults.concurrent_edits.push(edit);
}
