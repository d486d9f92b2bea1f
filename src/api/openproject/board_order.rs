//! Manual card order on OpenProject. OpenProject keeps it per *query*, not on the work package, so
//! Tafel keeps one query per project for its boards ([`ORDER_QUERY_NAME`], public so that the team
//! shares one order) and reads and writes its order map (`/queries/{id}/order`, OpenProject's own
//! endpoint, though the official description leaves it out). Work packages never placed by hand sit
//! at `decode::default_position` (their id × 1024), so a moved card lands between its neighbours.

use super::Method;
use super::backend::OpenProjectBackend;
use crate::api::ApiError;
use crate::domain::{ProjectId, WorkPackageId};
use serde::Deserialize;
use serde_json::json;
use std::collections::HashMap;

/// The name Tafel's order query has in each project; also what finds it again.
pub const ORDER_QUERY_NAME: &str = "Tafel board order";

#[derive(Deserialize)]
struct QueryRef {
    id: u64,
    name: String,
}

impl OpenProjectBackend {
    /// Finds the project's order query and reads its positions, once per project. Until this has
    /// worked, nothing is created: a failed look-up must not lead to a second query.
    pub(super) async fn load_order(&self, project: ProjectId) -> Result<Option<u64>, ApiError> {
        if let Some(found) = self.order_queries.borrow().get(&project) {
            return Ok(*found);
        }
        let filter = json!([{ "project": { "operator": "=", "values": [project.to_string()] } }]);
        let queries: Vec<QueryRef> = self
            .get_all("/queries", &[("filters", filter.to_string())], false)
            .await?;
        let found = queries
            .iter()
            .filter(|q| q.name == ORDER_QUERY_NAME)
            .map(|q| q.id)
            .min();
        if let Some(id) = found {
            let order: HashMap<String, i64> = self.get(&format!("/queries/{id}/order")).await?;
            let mut positions = self.positions.borrow_mut();
            for (key, position) in order {
                if let Ok(id) = key.parse() {
                    positions.insert(WorkPackageId(id), position);
                }
            }
        }
        self.order_queries.borrow_mut().insert(project, found);
        Ok(found)
    }

    /// Creates the order query: public, so the whole team sees one order; private when the user
    /// may not make public queries.
    async fn create_order_query(&self, project: ProjectId) -> Result<u64, ApiError> {
        let body = |public: bool| {
            json!({
                "name": ORDER_QUERY_NAME,
                "public": public,
                "_links": { "project": { "href": format!("/api/v3/projects/{project}") } },
            })
        };
        let response = match self.call(Method::Post, "/queries", Some(&body(true))).await {
            Err(ApiError::Forbidden | ApiError::Invalid(_)) => {
                self.call(Method::Post, "/queries", Some(&body(false)))
                    .await?
            }
            other => other?,
        };
        let created: QueryRef = super::decode::json(&response)?;
        self.order_queries
            .borrow_mut()
            .insert(project, Some(created.id));
        Ok(created.id)
    }

    /// Writes new positions to the project's order query, creating it on the first move.
    pub(super) async fn save_order(
        &self,
        project: ProjectId,
        positions: Vec<(WorkPackageId, i64)>,
    ) -> Result<(), ApiError> {
        let id = match self.load_order(project).await? {
            Some(id) => id,
            None => self.create_order_query(project).await?,
        };
        let delta: serde_json::Map<String, serde_json::Value> = positions
            .iter()
            .map(|(wp, position)| (wp.to_string(), json!(position)))
            .collect();
        self.call(
            Method::Patch,
            &format!("/queries/{id}/order"),
            Some(&json!({ "delta": delta })),
        )
        .await?;
        self.positions.borrow_mut().extend(positions);
        Ok(())
    }
}
