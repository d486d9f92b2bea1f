//! Boards an earlier Tafel saved in this browser's local storage while connected to OpenProject,
//! before it kept them on the server (`grid_boards`): read once, to move them there.

use super::super::ApiError;
use crate::domain::ProjectId;
use crate::domain::saved_board::SavedBoard;

fn key(base_url: &str) -> String {
    format!("tafel.boards.{base_url}")
}

fn storage() -> Result<web_sys::Storage, ApiError> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or_else(|| ApiError::Storage("this browser offers no local storage".to_owned()))
}

fn load_all(base_url: &str) -> Vec<SavedBoard> {
    storage()
        .ok()
        .and_then(|s| s.get_item(&key(base_url)).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

fn store_all(base_url: &str, boards: &[SavedBoard]) -> Result<(), ApiError> {
    let json = serde_json::to_string(boards).map_err(|e| ApiError::Corrupt(e.to_string()))?;
    storage()?
        .set_item(&key(base_url), &json)
        .map_err(|_| ApiError::Storage("the browser refused to store the board".to_owned()))
}

/// Takes the project's boards out of this browser (they are about to be saved on the server).
/// Without local storage there is nothing to take.
pub fn take(base_url: &str, project: ProjectId) -> Vec<SavedBoard> {
    // Natively (the contract tests) there is no browser storage to look in.
    if !cfg!(target_arch = "wasm32") {
        return Vec::new();
    }
    let all = load_all(base_url);
    if all.is_empty() {
        return all;
    }
    let (mine, others): (Vec<SavedBoard>, Vec<SavedBoard>) =
        all.into_iter().partition(|b| b.project == project);
    if !mine.is_empty() {
        let _ = store_all(base_url, &others);
    }
    mine
}
