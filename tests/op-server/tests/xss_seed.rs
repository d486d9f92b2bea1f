//! `/__test/xss_seed`: names the API cannot write, for the XSS corpus of the browser tests.

mod common;

use axum::http::Method;
use common::{Auth, call_as};
use serde_json::json;

const NAME: &str = "<img src=x onerror=__xss(1)>";

#[tokio::test]
async fn renames_and_adds_projects_and_users_whose_names_are_kept_as_given() {
    let app = common::server();
    let body = json!({
        "rename": { "projects": { "1": NAME }, "users": { "2": "\"><svg onload=__xss(2)>" } },
        "users": ["[x](javascript:__xss(3))"],
        "member_of": [1],
        "projects": ["{{constructor.constructor('__xss(4)')()}}"],
    });
    let seeded = call_as(
        &app,
        Auth::None,
        Method::POST,
        "/__test/xss_seed",
        Some(body),
    )
    .await;
    assert_eq!(seeded.status, 200, "{}", seeded.text);
    let user = seeded.json["users"][0].as_u64().expect("a new user id");
    let project = seeded.json["projects"][0]["identifier"]
        .as_str()
        .expect("a new project identifier")
        .to_owned();

    let renamed = call_as(&app, Auth::ApiKey, Method::GET, "/api/v3/projects/1", None).await;
    assert_eq!(renamed.json["name"], NAME);
    let lukas = call_as(&app, Auth::ApiKey, Method::GET, "/api/v3/users/2", None).await;
    assert_eq!(lukas.json["firstName"], "\"><svg onload=__xss(2)>");
    let added = call_as(
        &app,
        Auth::ApiKey,
        Method::GET,
        &format!("/api/v3/projects/{project}"),
        None,
    )
    .await;
    assert_eq!(
        added.json["name"],
        "{{constructor.constructor('__xss(4)')()}}"
    );
    let assignees = call_as(
        &app,
        Auth::ApiKey,
        Method::GET,
        "/api/v3/projects/1/available_assignees",
        None,
    )
    .await;
    let names: Vec<&str> = assignees.json["_embedded"]["elements"]
        .as_array()
        .expect("elements")
        .iter()
        .filter(|u| u["id"] == user)
        .filter_map(|u| u["firstName"].as_str())
        .collect();
    assert_eq!(names, ["[x](javascript:__xss(3))"]);

    let reset = call_as(&app, Auth::None, Method::POST, "/__test/reset", None).await;
    assert_eq!(reset.status, 204);
    let back = call_as(&app, Auth::ApiKey, Method::GET, "/api/v3/projects/1", None).await;
    assert_eq!(back.json["name"], "City Portal Relaunch");
}

#[tokio::test]
async fn unknown_ids_and_bad_bodies_are_refused() {
    let app = common::server();
    let missing = json!({ "rename": { "projects": { "99": "x" } } });
    let reply = call_as(
        &app,
        Auth::None,
        Method::POST,
        "/__test/xss_seed",
        Some(missing),
    )
    .await;
    assert_eq!(reply.status, 404);
    let bad = json!({ "users": "not a list" });
    let reply = call_as(
        &app,
        Auth::None,
        Method::POST,
        "/__test/xss_seed",
        Some(bad),
    )
    .await;
    assert_eq!(reply.status, 400);
}
