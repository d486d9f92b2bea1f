//! `POST /__test/xss_seed`: not OpenProject. Gives the XSS corpus test (tests/e2e/xss.test.mjs) what
//! the API client cannot write: project and user names. The body is JSON:
//!
//! ```json
//! { "rename": { "projects": { "1": "name" }, "users": { "1": "name" } },
//!   "projects": ["name of a new project", …],
//!   "users": ["name of a new user", …],
//!   "member_of": [1],
//!   "categories": ["name of a new category of project 1", …] }
//! ```
//!
//! Renames come first; then each name in `users` becomes a new user (the whole name as the first
//! name, no last name), member of every project in `member_of` and of the new projects; each name in
//! `projects` becomes a new project (identifier `xss-<id>`, the name also as its description) with
//! the types of project 1; each name in `categories` becomes a new category of project 1. The answer
//! lists the new ids: `{ "projects": [{ "id", "identifier" }], "users": [id, …], "categories": [id, …] }`.
//! `/__test/reset` removes all of it.
//!
//! The seed's records hold `&'static str` names, so the new texts are leaked: a few kilobytes per
//! call in a server that lives for one test file.

use crate::AppState;
use crate::hal::ok;
use crate::state::{Category, Project, User};
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;

pub fn routes() -> Router<AppState> {
    Router::new().route("/__test/xss_seed", post(seed))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Renames {
    projects: BTreeMap<u64, String>,
    users: BTreeMap<u64, String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Body {
    rename: Renames,
    projects: Vec<String>,
    users: Vec<String>,
    member_of: Vec<u64>,
    categories: Vec<String>,
}

fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

async fn seed(State(state): State<AppState>, body: String) -> Response {
    let body: Body = match serde_json::from_str(&body) {
        Ok(body) => body,
        Err(e) => return (StatusCode::BAD_REQUEST, e.to_string()).into_response(),
    };
    let mut store = state.lock();
    let data = &mut store.data;
    for (id, name) in body.rename.projects {
        let Some(project) = data.projects.iter_mut().find(|p| p.id == id) else {
            return StatusCode::NOT_FOUND.into_response();
        };
        project.name = leak(name);
    }
    for (id, name) in body.rename.users {
        let Some(user) = data.users.iter_mut().find(|u| u.id == id) else {
            return StatusCode::NOT_FOUND.into_response();
        };
        user.first_name = leak(name);
        user.last_name = "";
    }
    let mut new_users = Vec::new();
    for name in body.users {
        let id = crate::state::Data::next_id(&data.users, |u| u.id);
        data.users.push(User {
            id,
            login: leak(format!("xss{id}")),
            first_name: leak(name),
            last_name: "",
            email: leak(format!("xss{id}@example.invalid")),
        });
        new_users.push(id);
    }
    for project in &mut data.projects {
        if body.member_of.contains(&project.id) {
            project.members.extend(&new_users);
        }
    }
    let types = data.project(1).map(|p| p.types.clone()).unwrap_or_default();
    let mut members: Vec<u64> = data.users.iter().map(|u| u.id).collect();
    members.sort_unstable();
    let mut new_projects = Vec::new();
    for name in body.projects {
        let id = crate::state::Data::next_id(&data.projects, |p| p.id);
        let name = leak(name);
        let identifier = leak(format!("xss-{id}"));
        data.projects.push(Project {
            id,
            identifier,
            name,
            description: name,
            types: types.clone(),
            members: members.clone(),
            cost_centre_field: false,
            parent: None,
        });
        new_projects.push(json!({ "id": id, "identifier": identifier }));
    }
    let mut new_categories = Vec::new();
    for name in body.categories {
        let id = crate::state::Data::next_id(&data.categories, |c| c.id);
        data.categories.push(Category {
            id,
            project: 1,
            name: leak(name),
        });
        new_categories.push(id);
    }
    ok(&json!({ "projects": new_projects, "users": new_users, "categories": new_categories }))
}
