//! Watchers, attachments and relation circles: OpenProject's behaviour and HAL shapes.

mod common;

use axum::http::Method;
use common::{Auth, call_as, delete, error_id, get, patch, post, server, spec};
use serde_json::json;
use tafel_op_server::ServerOptions;

fn watcher_ids(reply: &common::Reply) -> Vec<u64> {
    common::ids(reply)
}

#[tokio::test]
async fn watching_adds_once_and_removing_twice_is_no_error() {
    let app = server();
    assert_eq!(
        watcher_ids(&get(&app, "/api/v3/work_packages/1/watchers").await),
        [1, 2]
    );
    let body = json!({"user": {"href": "/api/v3/users/3"}});
    let added = post(&app, "/api/v3/work_packages/1/watchers", body.clone()).await;
    assert_eq!(added.status, 201);
    let again = post(&app, "/api/v3/work_packages/1/watchers", body).await;
    assert_eq!(again.status, 200, "already watching");
    assert_eq!(
        watcher_ids(&get(&app, "/api/v3/work_packages/1/watchers").await),
        [1, 2, 3]
    );
    assert_eq!(
        delete(&app, "/api/v3/work_packages/1/watchers/3")
            .await
            .status,
        204
    );
    assert_eq!(
        delete(&app, "/api/v3/work_packages/1/watchers/3")
            .await
            .status,
        204
    );
    let unknown = post(
        &app,
        "/api/v3/work_packages/1/watchers",
        json!({"user": {"href": "/api/v3/users/999"}}),
    )
    .await;
    assert_eq!(unknown.status, 422);
}

#[tokio::test]
async fn watch_links_follow_whether_the_caller_watches_and_anonymous_gets_none() {
    let app = server();
    let watched = get(&app, "/api/v3/work_packages/1").await.json;
    assert!(watched["_links"]["unwatch"].is_object());
    assert!(watched["_links"]["watch"].is_null());
    assert!(watched["_links"]["addWatcher"].is_object());
    let other = get(&app, "/api/v3/work_packages/2").await.json;
    assert!(other["_links"]["watch"].is_object());
    let anonymous = tafel_op_server::app(ServerOptions {
        anonymous_read: true,
        ..common::options()
    });
    let read = call_as(
        &anonymous,
        Auth::None,
        Method::GET,
        "/api/v3/work_packages/1",
        None,
    )
    .await;
    for action in ["watch", "unwatch", "addWatcher", "removeWatcher"] {
        assert!(read.json["_links"][action].is_null(), "{action}");
    }
    let refused = call_as(
        &anonymous,
        Auth::None,
        Method::POST,
        "/api/v3/work_packages/1/watchers",
        Some(json!({"user": {"href": "/api/v3/users/1"}})),
    )
    .await;
    assert_eq!(refused.status, 403);
}

#[tokio::test]
async fn attachments_list_with_a_download_location_that_serves_the_bytes() {
    let app = server();
    let list = get(&app, "/api/v3/work_packages/1/attachments").await.json;
    let first = &list["_embedded"]["elements"][0];
    assert_eq!(first["fileName"], "departments.csv");
    let href = first["_links"]["downloadLocation"]["href"]
        .as_str()
        .unwrap();
    let content = get(&app, href).await;
    assert_eq!(content.status, 200);
    assert!(content.text.starts_with("department,service\n"));
    assert_eq!(
        get(&app, "/api/v3/work_packages/3/attachments").await.json["total"],
        0
    );
}

#[tokio::test]
async fn a_relation_closing_a_circle_of_successors_is_refused() {
    let app = server();
    // Seed: 16 precedes 21.
    let to = |id: u64| json!({"to": {"href": format!("/api/v3/work_packages/{id}")}});
    let step = post(
        &app,
        "/api/v3/work_packages/21/relations",
        json!({"type": "precedes", "_links": to(22)}),
    )
    .await;
    assert_eq!(step.status, 201);
    let refused = post(
        &app,
        "/api/v3/work_packages/16/relations",
        json!({"type": "follows", "_links": to(22)}),
    )
    .await;
    assert_eq!(refused.status, 422);
    assert_eq!(error_id(&refused), "PropertyConstraintViolation");
    assert!(
        refused.json["message"]
            .as_str()
            .unwrap()
            .contains("circular")
    );
    let lag = patch(&app, "/api/v3/relations/1", json!({"lag": 3})).await;
    assert_eq!(lag.json["lag"], 3);
}

#[tokio::test]
async fn watchers_and_attachments_fit_their_models() {
    let Some(spec) = spec() else { return };
    let app = server();
    spec.check_collection(
        "WatchersModel",
        "UserModel",
        &get(&app, "/api/v3/work_packages/1/watchers").await.json,
    );
    spec.check_collection(
        "Available_WatchersModel",
        "UserModel",
        &get(&app, "/api/v3/work_packages/1/available_watchers")
            .await
            .json,
    );
    spec.check_collection(
        "Attachments_Model",
        "AttachmentModel",
        &get(&app, "/api/v3/work_packages/1/attachments").await.json,
    );
    spec.check(
        "AttachmentModel",
        &get(&app, "/api/v3/attachments/2").await.json,
    );
    spec.check(
        "WorkPackageModel",
        &get(&app, "/api/v3/work_packages/1").await.json,
    );
    spec.check(
        "WorkPackageModel",
        &get(&app, "/api/v3/work_packages/2").await.json,
    );
}
