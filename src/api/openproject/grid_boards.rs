//! Saved boards on OpenProject. OpenProject keeps each project board as a *grid* on the project's
//! boards page (`/projects/{identifier}/boards`); a Tafel board is such a grid whose options carry
//! its settings (`options.tafelBoard`: the board's query string, as in its address), so the team
//! shares it and it lives on the organisation's server. Grids without Tafel's settings (boards made
//! in OpenProject itself) are left alone. Boards an earlier Tafel kept in this browser are moved to
//! the server the first time the project's boards are listed.

use super::Method;
use super::backend::OpenProjectBackend;
use super::browser_boards;
use crate::api::ApiError;
use crate::domain::saved_board::{BoardDraft, BoardId, SavedBoard, board_name, sort_by_name};
use crate::domain::{Field, FieldError, Problem, ProjectId};
use serde::Deserialize;
use serde_json::json;

/// The option holding a Tafel board's settings.
const OPTION: &str = "tafelBoard";

#[derive(Deserialize)]
struct GridRef {
    id: u64,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    options: serde_json::Map<String, serde_json::Value>,
}

impl OpenProjectBackend {
    /// `/projects/city-portal/boards`, the page OpenProject's own boards are on.
    async fn boards_page(&self, project: ProjectId) -> Result<String, ApiError> {
        let found = super::decode::project(self.get(&format!("/projects/{project}")).await?)?;
        Ok(format!("/projects/{}/boards", found.identifier))
    }

    pub(super) async fn boards_on_server(
        &self,
        project: ProjectId,
    ) -> Result<Vec<SavedBoard>, ApiError> {
        let page = self.boards_page(project).await?;
        for old in browser_boards::take(self.base(), project) {
            self.write_board(&page, None, &old.name, &old.query).await?;
        }
        let filter = json!([{ "scope": { "operator": "=", "values": [page] } }]);
        let grids: Vec<GridRef> = self
            .get_all("/grids", &[("filters", filter.to_string())], true)
            .await?;
        let mut boards: Vec<SavedBoard> = grids
            .into_iter()
            .filter_map(|grid| {
                let query = grid.options.get(OPTION)?.as_str()?.to_owned();
                Some(SavedBoard {
                    id: BoardId(grid.id),
                    project,
                    name: grid.name.unwrap_or_default(),
                    query,
                })
            })
            .collect();
        sort_by_name(&mut boards);
        Ok(boards)
    }

    pub(super) async fn save_on_server(&self, draft: BoardDraft) -> Result<SavedBoard, ApiError> {
        let name = board_name(&draft.name)
            .ok_or_else(|| ApiError::Invalid(vec![FieldError::new(Field::Name, Problem::Blank)]))?;
        let page = self.boards_page(draft.project).await?;
        let id = self
            .write_board(&page, draft.id, &name, &draft.query)
            .await?;
        Ok(SavedBoard {
            id,
            project: draft.project,
            name,
            query: draft.query,
        })
    }

    /// Creates the grid, or changes the one with `id`.
    async fn write_board(
        &self,
        page: &str,
        id: Option<BoardId>,
        name: &str,
        query: &str,
    ) -> Result<BoardId, ApiError> {
        let response = if let Some(id) = id {
            let body = json!({ "name": name, "options": { OPTION: query } });
            self.call(Method::Patch, &format!("/grids/{}", id.0), Some(&body))
                .await?
        } else {
            let body = json!({
                "name": name,
                "rowCount": 1,
                "columnCount": 1,
                "widgets": [],
                "options": { OPTION: query },
                "_links": { "scope": { "href": page } },
            });
            self.call(Method::Post, "/grids", Some(&body)).await?
        };
        let saved: GridRef = super::decode::json(&response)?;
        Ok(BoardId(saved.id))
    }

    pub(super) async fn delete_on_server(&self, id: BoardId) -> Result<(), ApiError> {
        self.call(Method::Delete, &format!("/grids/{}", id.0), None)
            .await?;
        Ok(())
    }
}
