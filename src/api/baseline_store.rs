//! Gantt baselines, kept in this browser's local storage for both kinds of backend: OpenProject
//! keeps no snapshots of its own that a client could write.

use super::ApiError;
use crate::domain::ProjectId;
use crate::domain::baseline::Baseline;

fn key(scope: &str, project: ProjectId) -> String {
    format!("tafel.baseline.{scope}.{project}")
}

fn storage() -> Result<web_sys::Storage, ApiError> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or_else(|| ApiError::Storage("this browser offers no local storage".to_owned()))
}

/// The project's baseline; a damaged one counts as none (it can only be taken again).
pub fn load(scope: &str, project: ProjectId) -> Option<Baseline> {
    let text = storage().ok()?.get_item(&key(scope, project)).ok()??;
    Baseline::from_json(&text).ok()
}

pub fn save(scope: &str, project: ProjectId, baseline: &Baseline) -> Result<(), ApiError> {
    storage()?
        .set_item(&key(scope, project), &baseline.to_json())
        .map_err(|_| ApiError::Storage("quota exceeded".to_owned()))
}

pub fn remove(scope: &str, project: ProjectId) {
    if let Ok(storage) = storage() {
        let _ = storage.remove_item(&key(scope, project));
    }
}
