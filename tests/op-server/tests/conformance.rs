//! Every kind of response the server sends, checked against the official OpenAPI description.

mod common;

use axum::http::Method;
use common::{Auth, call_as, enc, get, patch, post, server, spec};
use serde_json::json;
use tafel_op_server::ServerOptions;

#[tokio::test]
async fn root_configuration_and_users_fit_their_models() {
    let Some(spec) = spec() else { return };
    let app = server();
    spec.check("RootModel", &get(&app, "/api/v3").await.json);
    spec.check(
        "ConfigurationModel",
        &get(&app, "/api/v3/configuration").await.json,
    );
    spec.check("UserModel", &get(&app, "/api/v3/users/me").await.json);
    spec.check("UserModel", &get(&app, "/api/v3/users/3").await.json);
    let anonymous = tafel_op_server::app(ServerOptions {
        anonymous_read: true,
        ..common::options()
    });
    let me = call_as(
        &anonymous,
        Auth::None,
        Method::GET,
        "/api/v3/users/me",
        None,
    )
    .await;
    spec.check("UserModel", &me.json);
}

#[tokio::test]
async fn projects_and_their_reference_data_fit_their_models() {
    let Some(spec) = spec() else { return };
    let app = server();
    let projects = get(&app, "/api/v3/projects").await;
    spec.check("ProjectCollectionModel", &projects.json);
    spec.check(
        "ProjectModel",
        &get(&app, "/api/v3/projects/city-portal").await.json,
    );
    spec.check_collection(
        "StatusCollectionModel",
        "StatusModel",
        &get(&app, "/api/v3/statuses").await.json,
    );
    spec.check("StatusModel", &get(&app, "/api/v3/statuses/4").await.json);
    spec.check_collection(
        "CollectionModel",
        "TypeModel",
        &get(&app, "/api/v3/types").await.json,
    );
    spec.check_collection(
        "Types_by_WorkspaceModel",
        "TypeModel",
        &get(&app, "/api/v3/projects/1/types").await.json,
    );
    spec.check("TypeModel", &get(&app, "/api/v3/types/4").await.json);
    spec.check_collection(
        "PriorityCollectionModel",
        "PriorityModel",
        &get(&app, "/api/v3/priorities").await.json,
    );
    spec.check(
        "PriorityModel",
        &get(&app, "/api/v3/priorities/2").await.json,
    );
    let versions = get(&app, "/api/v3/projects/1/versions").await.json;
    spec.check_collection("Versions_by_WorkspaceModel", "VersionReadModel", &versions);
    spec.check("VersionCollectionModel", &versions);
    spec.check(
        "VersionReadModel",
        &get(&app, "/api/v3/versions/1").await.json,
    );
    let categories = get(&app, "/api/v3/projects/1/categories").await.json;
    spec.check_collection("Categories_by_WorkspaceModel", "CategoryModel", &categories);
    assert_eq!(categories["total"], 3, "the city portal's categories");
    spec.check(
        "CategoryModel",
        &get(&app, "/api/v3/categories/4").await.json,
    );
    let assignees = get(&app, "/api/v3/projects/city-portal/available_assignees")
        .await
        .json;
    spec.check_collection("Available_AssigneesModel", "UserModel", &assignees);
}

#[tokio::test]
async fn work_packages_and_their_collections_fit_their_models() {
    let Some(spec) = spec() else { return };
    let app = server();
    for id in [1, 2, 8, 15, 26, 28] {
        spec.check(
            "WorkPackageModel",
            &get(&app, &format!("/api/v3/work_packages/{id}")).await.json,
        );
    }
    let all = get(
        &app,
        &format!("/api/v3/work_packages?filters={}&pageSize=100", enc("[]")),
    )
    .await;
    spec.check("Work_PackagesModel", &all.json);
    spec.check("OffsetPaginatedCollectionModel", &all.json);
    let paged = get(&app, "/api/v3/projects/1/work_packages?pageSize=5&offset=2").await;
    spec.check("Work_PackagesModel", &paged.json);
    spec.check("OffsetPaginatedCollectionModel", &paged.json);
    let patched = patch(
        &app,
        "/api/v3/work_packages/1",
        json!({"lockVersion": 0, "subject": "New subject"}),
    )
    .await;
    spec.check("WorkPackageModel", &patched.json);
    let created = post(
        &app,
        "/api/v3/projects/1/work_packages",
        json!({"subject": "Created"}),
    )
    .await;
    spec.check("WorkPackageModel", &created.json);
    let categorised = patch(
        &app,
        "/api/v3/work_packages/1",
        json!({"lockVersion": 1, "_links": {"category": {"href": "/api/v3/categories/3"}}}),
    )
    .await;
    assert_eq!(categorised.status.as_u16(), 200, "{}", categorised.text);
    assert_eq!(
        categorised.json["_links"]["category"]["href"],
        "/api/v3/categories/3"
    );
    spec.check("WorkPackageModel", &categorised.json);
}

#[tokio::test]
async fn forms_and_schemas_fit_their_models() {
    let Some(spec) = spec() else { return };
    let app = server();
    let edit = post(
        &app,
        "/api/v3/work_packages/1/form",
        json!({"lockVersion": 0}),
    )
    .await;
    spec.check("WorkPackageFormModel", &edit.json);
    spec.check("WorkPackageSchemaModel", &edit.json["_embedded"]["schema"]);
    spec.check("WorkPackagePatchModel", &edit.json["_embedded"]["payload"]);
    let invalid = post(&app, "/api/v3/work_packages/1/form", json!({"subject": ""})).await;
    spec.check("WorkPackageFormModel", &invalid.json);
    for error in invalid.json["_embedded"]["validationErrors"]
        .as_object()
        .expect("errors")
        .values()
    {
        spec.check("ErrorResponse", error);
    }
    let create = post(
        &app,
        "/api/v3/projects/city-portal/work_packages/form",
        json!({}),
    )
    .await;
    spec.check("WorkPackageFormModel", &create.json);
    spec.check(
        "WorkPackageWriteModel",
        &create.json["_embedded"]["payload"],
    );
    for identifier in ["1-1", "1-4", "2-1"] {
        let schema = get(&app, &format!("/api/v3/work_packages/schemas/{identifier}")).await;
        spec.check("WorkPackageSchemaModel", &schema.json);
    }
}

#[tokio::test]
async fn relations_and_activities_fit_their_models() {
    let Some(spec) = spec() else { return };
    let app = server();
    let filters = enc(r#"[{"involved":{"operator":"=","values":["12"]}}]"#);
    let relations = get(&app, &format!("/api/v3/relations?filters={filters}")).await;
    spec.check_collection(
        "RelationCollectionModel",
        "RelationReadModel",
        &relations.json,
    );
    spec.check(
        "RelationReadModel",
        &get(&app, "/api/v3/relations/1").await.json,
    );
    let created = post(
        &app,
        "/api/v3/work_packages/5/relations",
        json!({"type": "follows", "lag": 1, "_links": {"to": {"href": "/api/v3/work_packages/3"}}}),
    )
    .await;
    spec.check("RelationReadModel", &created.json);
    spec.check("RelationWriteModel", &json!({"type": "follows", "lag": 1, "_links": {"to": {"href": "/api/v3/work_packages/3"}}}));

    patch(
        &app,
        "/api/v3/work_packages/1",
        json!({"lockVersion": 0, "_links": {"status": {"href": "/api/v3/statuses/2"}}}),
    )
    .await;
    let comment = post(
        &app,
        "/api/v3/work_packages/1/activities",
        json!({"comment": {"raw": "Looks good"}}),
    )
    .await;
    spec.check("ActivityModel", &comment.json);
    let activities = get(&app, "/api/v3/work_packages/1/activities").await.json;
    spec.check("CollectionModel", &activities);
    for entry in activities["_embedded"]["elements"]
        .as_array()
        .expect("elements")
    {
        // The spec's ActivityModel only lists `Activity::Comment` as `_type`, although OpenProject also
        // sends plain `Activity` for change entries; everything else about those entries is checked.
        let kind = entry["_type"].as_str().unwrap_or("");
        assert!(kind == "Activity" || kind == "Activity::Comment", "{kind}");
        let mut as_comment = entry.clone();
        as_comment["_type"] = json!("Activity::Comment");
        spec.check("ActivityModel", &as_comment);
    }
}

#[tokio::test]
async fn every_error_the_server_sends_fits_the_error_response() {
    let Some(spec) = spec() else { return };
    let app = server();
    let unauthenticated =
        call_as(&app, Auth::None, Method::GET, "/api/v3/work_packages", None).await;
    let not_found = get(&app, "/api/v3/work_packages/999").await;
    let bad_query = get(
        &app,
        &format!(
            "/api/v3/work_packages?filters={}",
            enc(r#"[{"nope":{"operator":"=","values":["1"]}}]"#)
        ),
    )
    .await;
    let conflict = patch(
        &app,
        "/api/v3/work_packages/1",
        json!({"lockVersion": 7, "subject": "x"}),
    )
    .await;
    let invalid = patch(
        &app,
        "/api/v3/work_packages/1",
        json!({"lockVersion": 0, "subject": ""}),
    )
    .await;
    let multiple = patch(
        &app,
        "/api/v3/work_packages/1",
        json!({"lockVersion": 0, "subject": "", "startDate": "2026-02-10", "dueDate": "2026-02-01"}),
    )
    .await;
    let foreign_category = patch(
        &app,
        "/api/v3/work_packages/1",
        json!({"lockVersion": 0, "_links": {"category": {"href": "/api/v3/categories/4"}}}),
    )
    .await;
    let no_category = get(&app, "/api/v3/categories/999").await;
    let missing_lock = patch(&app, "/api/v3/work_packages/1", json!({"subject": "x"})).await;
    let wrong_type = {
        let request = axum::http::Request::builder()
            .method(Method::PATCH)
            .uri("/api/v3/work_packages/1")
            .header("authorization", common::basic(common::KEY))
            .header("content-type", "text/plain")
            .body(axum::body::Body::from("hello"))
            .expect("request");
        common::send(&app, request).await
    };
    let anonymous = tafel_op_server::app(ServerOptions {
        anonymous_read: true,
        ..common::options()
    });
    let forbidden = call_as(
        &anonymous,
        Auth::None,
        Method::DELETE,
        "/api/v3/work_packages/1",
        None,
    )
    .await;
    // The answers fault injection (`/__test/faults`) sends instead of handling a request.
    let mut faulted = Vec::new();
    for (kind, status) in [
        ("error500", 500),
        ("error503_retry_after", 503),
        ("error429", 429),
        ("unauthorized", 401),
    ] {
        let app = server();
        post(&app, "/__test/faults", json!({ "kinds": [kind] })).await;
        faulted.push((get(&app, "/api/v3/projects").await, status));
    }
    let expected = [
        (&unauthenticated, 401),
        (&not_found, 404),
        (&bad_query, 400),
        (&conflict, 409),
        (&invalid, 422),
        (&multiple, 422),
        (&missing_lock, 422),
        (&foreign_category, 422),
        (&no_category, 404),
        (&wrong_type, 415),
        (&forbidden, 403),
    ];
    for (reply, status) in expected
        .into_iter()
        .chain(faulted.iter().map(|(reply, status)| (reply, *status)))
    {
        assert_eq!(reply.status.as_u16(), status, "{}", reply.text);
        assert!(
            reply.headers["content-type"]
                .to_str()
                .unwrap_or("")
                .starts_with("application/hal+json"),
            "errors are HAL+JSON"
        );
        spec.check("ErrorResponse", &reply.json);
    }
    for nested in multiple.json["_embedded"]["errors"]
        .as_array()
        .expect("MultipleErrors embeds errors")
    {
        spec.check("ErrorResponse", nested);
    }
}

#[tokio::test]
async fn the_validator_rejects_a_damaged_work_package_so_the_checks_above_mean_something() {
    let Some(spec) = spec() else { return };
    let app = server();
    let good = get(&app, "/api/v3/work_packages/1").await.json;
    for damage in [
        json!({"subject": 42}),
        json!({"startDate": "not-a-date"}),
        json!({"_type": "Project"}),
        json!({"lockVersion": "0"}),
    ] {
        let mut bad = good.clone();
        for (key, value) in damage.as_object().expect("object") {
            bad[key] = value.clone();
        }
        assert!(
            !spec.errors("WorkPackageModel", &bad).is_empty(),
            "{damage} passed"
        );
    }
    let mut no_self = good.clone();
    no_self["_links"]
        .as_object_mut()
        .expect("links")
        .remove("self");
    assert!(!spec.errors("WorkPackageModel", &no_self).is_empty());
    let mut array_message = json!({"_type": "Error", "errorIdentifier": "x", "message": ["a"]});
    assert!(!spec.errors("ErrorResponse", &array_message).is_empty());
    array_message["message"] = json!("a");
    assert!(spec.errors("ErrorResponse", &array_message).is_empty());
}

#[tokio::test]
async fn queries_fit_their_model_and_keep_a_manual_order() {
    let app = server();
    let created = post(
        &app,
        "/api/v3/queries",
        json!({ "name": "Board order", "public": true, "_links": { "project": { "href": "/api/v3/projects/1" } } }),
    )
    .await;
    assert_eq!(created.status, 201);
    let id = created.json["id"].as_u64().unwrap();
    let filter = enc(r#"[{"project":{"operator":"=","values":["1"]}}]"#);
    let listed = get(&app, &format!("/api/v3/queries?filters={filter}")).await;
    // The seed's view Lukas shared with the project, and this one.
    assert_eq!(listed.json["total"], 2);
    let other = enc(r#"[{"project":{"operator":"=","values":["2"]}}]"#);
    assert_eq!(
        get(&app, &format!("/api/v3/queries?filters={other}"))
            .await
            .json["total"],
        0
    );
    let order = format!("/api/v3/queries/{id}/order");
    let changed = patch(&app, &order, json!({ "delta": { "5": 2048, "6": -10 } })).await;
    assert_eq!(changed.status, 200);
    patch(&app, &order, json!({ "delta": { "6": null } })).await;
    assert_eq!(get(&app, &order).await.json, json!({ "5": 2048 }));
    let blank = post(&app, "/api/v3/queries", json!({ "name": "  " })).await;
    assert_eq!(blank.status, 422);
    let Some(spec) = spec() else { return };
    spec.check("QueryModel", &created.json);
    spec.check_collection("CollectionModel", "QueryModel", &listed.json);
}

#[tokio::test]
async fn board_grids_fit_their_model_and_keep_their_options() {
    let app = server();
    let created = post(
        &app,
        "/api/v3/grids",
        json!({
            "name": "Sprint board",
            "rowCount": 1,
            "columnCount": 1,
            "widgets": [],
            "options": { "tafelBoard": "by=assignee" },
            "_links": { "scope": { "href": "/projects/city-portal/boards" } },
        }),
    )
    .await;
    assert_eq!(created.status, 201);
    let id = created.json["id"].as_u64().unwrap();
    let scope = enc(r#"[{"scope":{"operator":"=","values":["/projects/city-portal/boards"]}}]"#);
    let listed = get(&app, &format!("/api/v3/grids?filters={scope}")).await;
    assert_eq!(listed.json["total"], 1);
    assert_eq!(
        listed.json["_embedded"]["elements"][0]["options"]["tafelBoard"],
        "by=assignee"
    );
    let renamed = patch(
        &app,
        &format!("/api/v3/grids/{id}"),
        json!({ "name": "Team board" }),
    )
    .await;
    assert_eq!(
        (renamed.status.as_u16(), renamed.json["name"].as_str()),
        (200, Some("Team board"))
    );
    let nowhere = post(
        &app,
        "/api/v3/grids",
        json!({ "name": "Lost", "_links": { "scope": { "href": "/projects/nowhere/boards" } } }),
    )
    .await;
    assert_eq!(nowhere.status, 422);
    let Some(spec) = spec() else { return };
    spec.check("GridReadModel", &created.json);
    spec.check_collection("GridCollectionModel", "GridReadModel", &listed.json);
}

#[tokio::test]
async fn the_working_day_calendar_fits_its_models() {
    let app = server();
    let week = get(&app, "/api/v3/days/week").await;
    let working: Vec<bool> = week.json["_embedded"]["elements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["working"].as_bool().unwrap())
        .collect();
    assert_eq!(working, [true, true, true, true, true, false, false]);
    let range = enc(r#"[{"date":{"operator":"<>d","values":["2026-12-01","2026-12-31"]}}]"#);
    let holidays = get(&app, &format!("/api/v3/days/non_working?filters={range}")).await;
    let dates: Vec<&str> = holidays.json["_embedded"]["elements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["date"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2026-12-25", "2026-12-26"]);
    let Some(spec) = spec() else { return };
    spec.check_collection("WeekDayCollectionModel", "WeekDayModel", &week.json);
    spec.check_collection(
        "NonWorkingDayCollectionModel",
        "NonWorkingDayModel",
        &holidays.json,
    );
}
