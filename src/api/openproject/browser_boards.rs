//! Boards saved while connected to OpenProject, kept in this browser's local storage per server.
//! OpenProject keeps boards as grids of queries, which Tafel does not write yet; until it does, a
//! board saved here is this browser's, and the board's address still shares it with anyone.

use super::super::ApiError;
use crate::domain::ProjectId;
use crate::domain::saved_board::{BoardDraft, BoardId, SavedBoard, board_name};
use crate::domain::{Field, FieldError, Problem};

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

pub fn boards(base_url: &str, project: ProjectId) -> Vec<SavedBoard> {
    let mut boards: Vec<SavedBoard> = load_all(base_url)
        .into_iter()
        .filter(|b| b.project == project)
        .collect();
    crate::domain::saved_board::sort_by_name(&mut boards);
    boards
}

pub fn save(base_url: &str, draft: BoardDraft) -> Result<SavedBoard, ApiError> {
    let name = board_name(&draft.name)
        .ok_or_else(|| ApiError::Invalid(vec![FieldError::new(Field::Name, Problem::Blank)]))?;
    let mut all = load_all(base_url);
    let id = match draft.id {
        Some(id) if all.iter().any(|b| b.id == id) => id,
        Some(_) => return Err(ApiError::NotFound),
        None => BoardId(all.iter().map(|b| b.id.0).max().unwrap_or(0) + 1),
    };
    let board = SavedBoard {
        id,
        project: draft.project,
        name,
        query: draft.query,
    };
    all.retain(|b| b.id != id);
    all.push(board.clone());
    store_all(base_url, &all)?;
    Ok(board)
}

pub fn delete(base_url: &str, id: BoardId) -> Result<(), ApiError> {
    let mut all = load_all(base_url);
    let before = all.len();
    all.retain(|b| b.id != id);
    if all.len() == before {
        return Err(ApiError::NotFound);
    }
    store_all(base_url, &all)
}
