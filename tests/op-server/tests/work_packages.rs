//! How the server behaves for the board: paging, filters, locking, validation, workflow, writes.

mod common;

use common::{delete, enc, error_id, get, ids, patch, post, server};
use serde_json::{Value, json};
use tafel_op_server::{ServerOptions, app};

fn all_filter() -> String {
    format!("filters={}", enc("[]"))
}

#[tokio::test]
async fn paging_uses_offset_as_a_page_number_and_caps_the_page_size() {
    let app = app(ServerOptions {
        max_page_size: 5,
        ..common::options()
    });
    let page2 = get(
        &app,
        &format!(
            "/api/v3/work_packages?{}&pageSize=50&offset=2",
            all_filter()
        ),
    )
    .await;
    assert_eq!(page2.status, 200);
    assert_eq!(page2.json["pageSize"], 5);
    assert_eq!(page2.json["offset"], 2);
    assert_eq!(page2.json["total"], 31);
    assert_eq!(page2.json["count"], 5);
    assert_eq!(ids(&page2), vec![6, 7, 8, 9, 10]);
    let links = &page2.json["_links"];
    assert!(
        links["nextByOffset"]["href"]
            .as_str()
            .unwrap()
            .contains("offset=3")
    );
    assert!(
        links["previousByOffset"]["href"]
            .as_str()
            .unwrap()
            .contains("offset=1")
    );
    assert_eq!(links["jumpTo"]["templated"], true);
    assert!(
        links["jumpTo"]["href"]
            .as_str()
            .unwrap()
            .contains("offset=%7Boffset%7D")
    );
    assert!(
        links["changeSize"]["href"]
            .as_str()
            .unwrap()
            .contains("pageSize=%7Bsize%7D")
    );
    let last = get(
        &app,
        &format!("/api/v3/work_packages?{}&pageSize=5&offset=7", all_filter()),
    )
    .await;
    assert_eq!(ids(&last), vec![31]);
    assert!(last.json["_links"].get("nextByOffset").is_none());
}

#[tokio::test]
async fn omitted_filters_give_open_work_packages_only_and_an_empty_list_gives_all() {
    let app = server();
    let open = get(&app, "/api/v3/work_packages?pageSize=100").await;
    let closed_statuses = [4, 5];
    for element in open.json["_embedded"]["elements"].as_array().unwrap() {
        let status = element["_links"]["status"]["href"].as_str().unwrap();
        let id: u64 = status.rsplit('/').next().unwrap().parse().unwrap();
        assert!(
            !closed_statuses.contains(&id),
            "closed work package {} listed",
            element["id"]
        );
    }
    assert_eq!(open.json["total"], 27);
    let all = get(
        &app,
        &format!("/api/v3/work_packages?{}&pageSize=100", all_filter()),
    )
    .await;
    assert_eq!(all.json["total"], 31);
}

#[tokio::test]
async fn filters_select_by_status_assignee_type_parent_text_and_project() {
    let app = server();
    let list = |filters: &str| {
        format!(
            "/api/v3/work_packages?pageSize=100&filters={}",
            enc(filters)
        )
    };
    let closed = get(
        &app,
        &list(r#"[{"status":{"operator":"c","values":null}}]"#),
    )
    .await;
    assert_eq!(ids(&closed), vec![10, 15, 17, 20]);
    let done = get(
        &app,
        &list(r#"[{"status_id":{"operator":"=","values":["4"]}}]"#),
    )
    .await;
    assert_eq!(ids(&done), vec![10, 17, 20]);
    let unassigned = get(&app, &list(r#"[{"assignee":{"operator":"!*","values":null}},{"project":{"operator":"=","values":["1"]}}]"#)).await;
    assert_eq!(ids(&unassigned), vec![8, 9, 13, 18, 21]);
    let mine = get(&app, &list(r#"[{"assignee":{"operator":"=","values":["me"]}},{"status":{"operator":"*","values":[]}}]"#)).await;
    assert_eq!(ids(&mine), vec![1, 6, 11, 19, 24, 27]);
    let bugs = get(
        &app,
        &list(
            r#"[{"type":{"operator":"=","values":["3"]}},{"status":{"operator":"o","values":[]}}]"#,
        ),
    )
    .await;
    // 31 is a bug of the portal's subproject.
    assert_eq!(ids(&bugs), vec![6, 7, 31]);
    let children = get(
        &app,
        &list(r#"[{"parent":{"operator":"=","values":["2"]}}]"#),
    )
    .await;
    assert_eq!(ids(&children), vec![3, 4, 5]);
    let search = get(
        &app,
        &list(r#"[{"subject_or_id":{"operator":"**","values":["booking"]}}]"#),
    )
    .await;
    assert_eq!(ids(&search), vec![2, 3, 4, 5]);
    let by_id = get(
        &app,
        &list(r#"[{"subject_or_id":{"operator":"**","values":["12"]}}]"#),
    )
    .await;
    assert_eq!(ids(&by_id), vec![12]);
    let in_project = get(
        &app,
        "/api/v3/projects/office-move/work_packages?pageSize=100",
    )
    .await;
    assert_eq!(ids(&in_project), vec![26, 27, 28, 29]);
}

#[tokio::test]
async fn relative_date_filters_count_days_from_the_server_clock() {
    // The seed's clock stands on Monday 2026-01-05; filters given replace the open-only default.
    let app = server();
    let list = |filters: &str| {
        format!(
            "/api/v3/work_packages?pageSize=100&filters={}",
            enc(filters)
        )
    };
    let cases = [
        (
            r#"[{"dueDate":{"operator":"<t+","values":["4"]}}]"#,
            vec![10, 20],
        ),
        (
            r#"[{"dueDate":{"operator":"t+","values":["4"]}}]"#,
            vec![10],
        ),
        (
            r#"[{"dueDate":{"operator":"w","values":[]}}]"#,
            vec![10, 20],
        ),
        (
            r#"[{"startDate":{"operator":"t","values":[]}}]"#,
            vec![10, 17],
        ),
        (
            r#"[{"startDate":{"operator":">t-","values":["3"]}}]"#,
            vec![10, 17],
        ),
        (
            r#"[{"dueDate":{"operator":">t+","values":["70"]}}]"#,
            vec![8, 9, 13, 16, 21, 25, 28, 29],
        ),
        (
            r#"[{"updatedAt":{"operator":"t-","values":["27"]}},{"id":{"operator":"=","values":["15","16"]}}]"#,
            vec![16],
        ),
        (
            r#"[{"subjectOrId":{"operator":"**","values":["booking"]}}]"#,
            vec![2, 3, 4, 5],
        ),
    ];
    for (filters, expected) in cases {
        let reply = get(&app, &list(filters)).await;
        assert_eq!(reply.status, 200, "{filters}: {}", reply.text);
        assert_eq!(ids(&reply), expected, "{filters}");
    }
}

#[tokio::test]
async fn invalid_filters_and_sorts_get_400_invalid_query() {
    let app = server();
    for query in [
        format!(
            "filters={}",
            enc(r#"[{"bogus":{"operator":"=","values":["1"]}}]"#)
        ),
        format!(
            "filters={}",
            enc(r#"[{"status":{"operator":"~~","values":["1"]}}]"#)
        ),
        format!(
            "filters={}",
            enc(r#"[{"type":{"operator":"=","values":[]}}]"#)
        ),
        "filters=not-json".to_owned(),
        format!("sortBy={}", enc(r#"[["colour","asc"]]"#)),
        "offset=abc".to_owned(),
    ] {
        let reply = get(&app, &format!("/api/v3/work_packages?{query}")).await;
        assert_eq!(reply.status, 400, "{query}");
        assert_eq!(error_id(&reply), "InvalidQuery");
        assert!(reply.json["message"].is_string());
    }
}

#[tokio::test]
async fn sort_by_orders_the_list_and_breaks_ties_by_id() {
    let app = server();
    let by_due = get(
        &app,
        &format!(
            "/api/v3/projects/1/work_packages?pageSize=3&sortBy={}",
            enc(r#"[["dueDate","desc"]]"#)
        ),
    )
    .await;
    // Like PostgreSQL, empty dates come last ascending and therefore first descending (18 has none).
    assert_eq!(ids(&by_due), vec![18, 13, 9]);
    let by_subject = get(
        &app,
        &format!(
            "/api/v3/projects/1/work_packages?pageSize=2&sortBy={}",
            enc(r#"[["subject","asc"]]"#)
        ),
    )
    .await;
    assert_eq!(ids(&by_subject), vec![5, 1]);
}

#[tokio::test]
async fn a_patch_increments_the_lock_version_and_journals_the_change() {
    let app = server();
    assert_eq!(
        get(&app, "/api/v3/work_packages/1").await.json["lockVersion"],
        0
    );
    let reply = patch(
        &app,
        "/api/v3/work_packages/1",
        json!({"lockVersion": 0, "subject": "Collect requirements", "_links": {"status": {"href": "/api/v3/statuses/2"}}}),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.json["lockVersion"], 1);
    assert_eq!(reply.json["subject"], "Collect requirements");
    assert_eq!(reply.json["_links"]["status"]["title"], "In progress");
    let again = patch(&app, "/api/v3/work_packages/1", json!({"lockVersion": 1})).await;
    assert_eq!(again.json["lockVersion"], 2);
    let activities = get(&app, "/api/v3/work_packages/1/activities").await;
    let last = activities.json["_embedded"]["elements"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    let details: Vec<&str> = last["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["raw"].as_str().unwrap())
        .collect();
    assert!(
        details.contains(&"Status changed from New to In progress"),
        "{details:?}"
    );
}

#[tokio::test]
async fn categories_are_listed_per_project_set_cleared_journalled_and_filtered() {
    let app = server();
    let names = |reply: &common::Reply| -> Vec<String> {
        reply.json["_embedded"]["elements"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let office = get(&app, "/api/v3/projects/office-move/categories").await;
    assert_eq!(names(&office), vec!["Möbel", "IT equipment"]);
    let single = get(&app, "/api/v3/categories/2").await;
    assert_eq!(single.json["name"], "Schnittstellen");
    assert_eq!(
        single.json["_links"]["project"]["href"],
        "/api/v3/projects/1"
    );
    assert_eq!(get(&app, "/api/v3/categories/77").await.status, 404);
    assert_eq!(
        get(&app, "/api/v3/work_packages/1").await.json["_links"]["category"]["href"],
        Value::Null
    );
    let set = patch(
        &app,
        "/api/v3/work_packages/1",
        json!({"lockVersion": 0, "_links": {"category": {"href": "/api/v3/categories/3"}}}),
    )
    .await;
    assert_eq!(set.status, 200, "{}", set.text);
    assert_eq!(set.json["_links"]["category"]["title"], "Accessibility");
    let list = |filters: &str| {
        format!(
            "/api/v3/work_packages?pageSize=100&filters={}",
            enc(filters)
        )
    };
    let accessible = get(
        &app,
        &list(r#"[{"category":{"operator":"=","values":["3"]}}]"#),
    )
    .await;
    assert_eq!(ids(&accessible), vec![1]);
    let any = get(
        &app,
        &list(r#"[{"category_id":{"operator":"*","values":null}},{"status":{"operator":"*","values":[]}}]"#),
    )
    .await;
    assert_eq!(ids(&any), vec![1, 2, 3, 29]);
    let cleared = patch(
        &app,
        "/api/v3/work_packages/1",
        json!({"lockVersion": 1, "_links": {"category": {"href": null}}}),
    )
    .await;
    assert_eq!(cleared.status, 200, "{}", cleared.text);
    assert_eq!(cleared.json["_links"]["category"]["href"], Value::Null);
    let activities = get(&app, "/api/v3/work_packages/1/activities").await;
    let details: Vec<String> = activities.json["_embedded"]["elements"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["details"].as_array().unwrap().clone())
        .map(|d| d["raw"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        details.contains(&"Category set to Accessibility".to_owned()),
        "{details:?}"
    );
    assert!(
        details.contains(&"Category deleted (Accessibility)".to_owned()),
        "{details:?}"
    );
    let created = post(
        &app,
        "/api/v3/projects/2/work_packages",
        json!({"subject": "Desks", "_links": {"category": {"href": "/api/v3/categories/4"}}}),
    )
    .await;
    assert_eq!(created.status, 200, "{}", created.text);
    assert_eq!(created.json["_links"]["category"]["title"], "Möbel");
    let foreign = post(
        &app,
        "/api/v3/projects/2/work_packages",
        json!({"subject": "Desks", "_links": {"category": {"href": "/api/v3/categories/1"}}}),
    )
    .await;
    assert_eq!(foreign.status, 422, "{}", foreign.text);
    assert_eq!(
        foreign.json["_embedded"]["details"]["attribute"],
        "category"
    );
    let form = post(
        &app,
        "/api/v3/work_packages/2/form",
        json!({"lockVersion": 2}),
    )
    .await;
    let allowed: Vec<&str> =
        form.json["_embedded"]["schema"]["category"]["_embedded"]["allowedValues"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
    assert_eq!(allowed, vec!["Frontend", "Schnittstellen", "Accessibility"]);
    assert_eq!(
        form.json["_embedded"]["payload"]["_links"]["category"]["href"],
        "/api/v3/categories/1"
    );
}

#[tokio::test]
async fn a_stale_lock_version_gets_409_and_changes_nothing() {
    let app = server();
    let before = get(&app, "/api/v3/work_packages/1").await.json;
    let reply = patch(
        &app,
        "/api/v3/work_packages/1",
        json!({"lockVersion": 5, "subject": "Mine"}),
    )
    .await;
    assert_eq!(reply.status, 409);
    assert_eq!(error_id(&reply), "UpdateConflict");
    assert_eq!(get(&app, "/api/v3/work_packages/1").await.json, before);
}

#[tokio::test]
async fn a_missing_lock_version_gets_422_property_missing() {
    let app = server();
    let reply = patch(&app, "/api/v3/work_packages/1", json!({"subject": "Mine"})).await;
    assert_eq!(reply.status, 422);
    assert_eq!(error_id(&reply), "PropertyMissingError");
    assert_eq!(
        reply.json["_embedded"]["details"]["attribute"],
        "lockVersion"
    );
}

#[tokio::test]
async fn validation_errors_get_422_naming_the_attribute_and_change_nothing() {
    let app = server();
    let before = get(&app, "/api/v3/work_packages/1").await.json;
    let cases: [(Value, &str); 8] = [
        (json!({"subject": "   "}), "subject"),
        (json!({"subject": "x".repeat(256)}), "subject"),
        (
            json!({"startDate": "2026-02-10", "dueDate": "2026-02-01"}),
            "dueDate",
        ),
        (
            json!({"_links": {"assignee": {"href": "/api/v3/users/99"}}}),
            "assignee",
        ),
        (
            json!({"_links": {"version": {"href": "/api/v3/versions/4"}}}),
            "version",
        ),
        (
            json!({"_links": {"parent": {"href": "/api/v3/work_packages/1"}}}),
            "parent",
        ),
        (
            json!({"_links": {"category": {"href": "/api/v3/categories/4"}}}),
            "category",
        ),
        (
            json!({"_links": {"category": {"href": "/api/v3/categories/99"}}}),
            "category",
        ),
    ];
    for (mut body, attribute) in cases {
        body["lockVersion"] = json!(0);
        let reply = patch(&app, "/api/v3/work_packages/1", body.clone()).await;
        assert_eq!(reply.status, 422, "{body}");
        assert_eq!(error_id(&reply), "PropertyConstraintViolation", "{body}");
        assert_eq!(
            reply.json["_embedded"]["details"]["attribute"], attribute,
            "{body}"
        );
    }
    let bad_date = patch(
        &app,
        "/api/v3/work_packages/1",
        json!({"lockVersion": 0, "startDate": "10.02.2026"}),
    )
    .await;
    assert_eq!(error_id(&bad_date), "PropertyFormatError");
    let several = patch(
        &app,
        "/api/v3/work_packages/1",
        json!({"lockVersion": 0, "subject": "", "dueDate": "2026-01-01"}),
    )
    .await;
    assert_eq!(error_id(&several), "MultipleErrors");
    let attributes: Vec<&str> = several.json["_embedded"]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["_embedded"]["details"]["attribute"].as_str().unwrap())
        .collect();
    assert_eq!(attributes, vec!["subject", "dueDate"]);
    assert_eq!(get(&app, "/api/v3/work_packages/1").await.json, before);
}

#[tokio::test]
async fn the_workflow_refuses_a_disallowed_status_and_the_form_offers_the_allowed_ones() {
    let app = server();
    let reply = patch(
        &app,
        "/api/v3/work_packages/1",
        json!({"lockVersion": 0, "_links": {"status": {"href": "/api/v3/statuses/4"}}}),
    )
    .await;
    assert_eq!(reply.status, 422);
    assert_eq!(reply.json["_embedded"]["details"]["attribute"], "status");
    let form = post(
        &app,
        "/api/v3/work_packages/1/form",
        json!({"lockVersion": 0}),
    )
    .await;
    assert_eq!(form.status, 200);
    let allowed: Vec<&str> =
        form.json["_embedded"]["schema"]["status"]["_embedded"]["allowedValues"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["name"].as_str().unwrap())
            .collect();
    assert_eq!(allowed, vec!["New", "In progress", "Rejected"]);
    assert_eq!(form.json["_links"]["commit"]["method"], "patch");
    let refused = post(
        &app,
        "/api/v3/work_packages/1/form",
        json!({"lockVersion": 0, "_links": {"status": {"href": "/api/v3/statuses/4"}}}),
    )
    .await;
    assert_eq!(refused.status, 200);
    assert!(refused.json["_embedded"]["validationErrors"]["status"].is_object());
    assert!(refused.json["_links"].get("commit").is_none());
}

#[tokio::test]
async fn milestones_use_date_and_other_types_use_start_due_and_duration() {
    let app = server();
    let milestone = get(&app, "/api/v3/work_packages/8").await.json;
    assert_eq!(milestone["date"], "2026-03-27");
    assert!(milestone.get("startDate").is_none());
    let task = get(&app, "/api/v3/work_packages/1").await.json;
    assert_eq!(task["startDate"], "2026-01-12");
    assert_eq!(task["duration"], "P10D");
    assert_eq!(task["estimatedTime"], "PT16H");
    assert_eq!(task["description"]["format"], "markdown");
    assert_eq!(task["customField1"], "KST-4711");
    let parent = get(&app, "/api/v3/work_packages/2").await.json;
    assert_eq!(parent["derivedStartDate"], "2026-01-19");
    assert_eq!(parent["derivedDueDate"], "2026-03-06");
    assert_eq!(parent["_links"]["children"].as_array().unwrap().len(), 3);
    let unassigned = get(&app, "/api/v3/work_packages/9").await.json;
    assert_eq!(unassigned["_links"]["assignee"]["href"], Value::Null);
    let moved = patch(
        &app,
        "/api/v3/work_packages/8",
        json!({"lockVersion": 0, "date": "2026-04-01"}),
    )
    .await;
    assert_eq!(moved.json["date"], "2026-04-01", "{}", moved.text);
    let by_duration = patch(
        &app,
        "/api/v3/work_packages/1",
        json!({"lockVersion": 0, "startDate": "2026-02-02", "duration": "P3D"}),
    )
    .await;
    assert_eq!(by_duration.json["dueDate"], "2026-02-04");
}

#[tokio::test]
async fn creating_returns_200_with_defaults_and_deleting_removes_children_and_relations() {
    let app = server();
    let created = post(&app, "/api/v3/projects/city-portal/work_packages", json!({"subject": "Print flyers", "_links": {"parent": {"href": "/api/v3/work_packages/22"}}})).await;
    assert_eq!(created.status, 200, "{}", created.text);
    assert_eq!(created.json["id"], 32);
    assert_eq!(created.json["lockVersion"], 0);
    assert_eq!(created.json["_links"]["status"]["title"], "New");
    assert_eq!(created.json["_links"]["type"]["title"], "Task");
    assert_eq!(created.json["_links"]["priority"]["title"], "Normal");
    let blank = post(&app, "/api/v3/projects/1/work_packages", json!({})).await;
    assert_eq!(blank.status, 422);
    assert_eq!(blank.json["_embedded"]["details"]["attribute"], "subject");
    let removed = delete(&app, "/api/v3/work_packages/22").await;
    assert_eq!(removed.status, 204);
    assert_eq!(get(&app, "/api/v3/work_packages/32").await.status, 404);
    let filters = enc(r#"[{"involved":{"operator":"=","values":["23"]}}]"#);
    assert_eq!(
        get(&app, &format!("/api/v3/relations?filters={filters}"))
            .await
            .json["total"],
        0
    );
}

#[tokio::test]
async fn relations_can_be_listed_created_and_deleted() {
    let app = server();
    let filters = enc(r#"[{"involved":{"operator":"=","values":["12"]}}]"#);
    let listed = get(&app, &format!("/api/v3/relations?filters={filters}")).await;
    assert_eq!(listed.json["total"], 1);
    let relation = &listed.json["_embedded"]["elements"][0];
    assert_eq!(relation["type"], "follows");
    assert_eq!(relation["reverseType"], "precedes");
    assert_eq!(relation["lag"], 2);
    let created = post(&app, "/api/v3/work_packages/16/relations", json!({"type": "follows", "lag": 3, "description": "after training", "_links": {"to": {"href": "/api/v3/work_packages/17"}}})).await;
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(created.json["lag"], 3);
    let id = created.json["id"].as_u64().unwrap();
    let duplicate = post(
        &app,
        "/api/v3/work_packages/17/relations",
        json!({"type": "relates", "_links": {"to": {"href": "/api/v3/work_packages/16"}}}),
    )
    .await;
    assert_eq!(duplicate.status, 422);
    assert_eq!(
        delete(&app, &format!("/api/v3/relations/{id}"))
            .await
            .status,
        204
    );
    assert_eq!(
        delete(&app, &format!("/api/v3/relations/{id}"))
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn comments_are_added_as_activities() {
    let app = server();
    let created = post(
        &app,
        "/api/v3/work_packages/6/activities",
        json!({"comment": {"raw": "Fixed in **staging**"}}),
    )
    .await;
    assert_eq!(created.status, 201);
    assert_eq!(created.json["_type"], "Activity::Comment");
    assert_eq!(created.json["_links"]["user"]["title"], "Anna Schmidt");
    let journal = get(&app, "/api/v3/work_packages/6/activities").await;
    let last = journal.json["_embedded"]["elements"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["comment"]["raw"], "Fixed in **staging**");
    let blank = post(
        &app,
        "/api/v3/work_packages/6/activities",
        json!({"comment": {"raw": ""}}),
    )
    .await;
    assert_eq!(blank.status, 422);
}

#[tokio::test]
async fn writes_need_a_json_content_type() {
    let app = server();
    let request = |content_type: Option<&str>| {
        let mut builder = axum::http::Request::builder()
            .method("PATCH")
            .uri("/api/v3/work_packages/1")
            .header("authorization", common::basic(common::KEY));
        if let Some(ct) = content_type {
            builder = builder.header("content-type", ct);
        }
        builder
            .body(axum::body::Body::from(r#"{"lockVersion":0}"#))
            .unwrap()
    };
    let missing = common::send(&app, request(None)).await;
    assert_eq!(missing.status, 406);
    assert_eq!(missing.text, "Missing content-type header");
    let wrong = common::send(&app, request(Some("text/plain"))).await;
    assert_eq!(wrong.status, 415);
    assert_eq!(error_id(&wrong), "TypeNotSupported");
    let broken = common::send(&app, {
        axum::http::Request::builder()
            .method("PATCH")
            .uri("/api/v3/work_packages/1")
            .header("authorization", common::basic(common::KEY))
            .header("content-type", "application/json")
            .body(axum::body::Body::from("{"))
            .unwrap()
    })
    .await;
    assert_eq!(error_id(&broken), "InvalidRequestBody");
}

#[tokio::test]
async fn test_control_endpoints_touch_reset_and_record_requests() {
    let app = server();
    let touched = common::call_as(
        &app,
        common::Auth::None,
        axum::http::Method::POST,
        "/__test/work_packages/1/touch",
        None,
    )
    .await;
    assert_eq!(touched.json["lockVersion"], 1);
    assert!(
        touched.json["subject"]
            .as_str()
            .unwrap()
            .ends_with("(edited elsewhere)")
    );
    let stale = patch(
        &app,
        "/api/v3/work_packages/1",
        json!({"lockVersion": 0, "subject": "x"}),
    )
    .await;
    assert_eq!(stale.status, 409);
    let filters = enc(r#"[{"status":{"operator":"o","values":[]}}]"#);
    get(&app, &format!("/api/v3/work_packages?filters={filters}")).await;
    let log = common::call_as(
        &app,
        common::Auth::None,
        axum::http::Method::GET,
        "/__test/requests",
        None,
    )
    .await;
    let lines: Vec<&str> = log.json["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert_eq!(
        lines.last().copied(),
        Some(format!("GET /api/v3/work_packages?filters={filters}").as_str())
    );
    let reset = common::call_as(
        &app,
        common::Auth::None,
        axum::http::Method::POST,
        "/__test/reset",
        None,
    )
    .await;
    assert_eq!(reset.status, 204);
    assert_eq!(
        get(&app, "/api/v3/work_packages/1").await.json["lockVersion"],
        0
    );
}

#[tokio::test]
async fn projects_are_found_by_id_or_identifier() {
    let app = server();
    let by_identifier = get(&app, "/api/v3/projects/office-move").await;
    assert_eq!(by_identifier.json["id"], 2);
    assert_eq!(
        get(&app, "/api/v3/projects/1").await.json["identifier"],
        "city-portal"
    );
    assert_eq!(get(&app, "/api/v3/projects/nowhere").await.status, 404);
    let projects = get(&app, "/api/v3/projects").await;
    assert_eq!(projects.json["total"], 3);
    assert_eq!(
        get(&app, "/api/v3/projects/portal-accessibility")
            .await
            .json["_links"]["parent"]["href"],
        "/api/v3/projects/1"
    );
}

#[tokio::test]
async fn a_projects_list_takes_in_its_subprojects_with_the_subproject_filter() {
    let app = server();
    let list = |filters: &str| {
        format!(
            "/api/v3/projects/city-portal/work_packages?pageSize=100&filters={}",
            enc(filters)
        )
    };
    let own = get(&app, &list("[]")).await;
    assert_eq!(
        own.json["total"], 25,
        "only the project's own without the filter"
    );
    let with = get(
        &app,
        &list(r#"[{"subprojectId":{"operator":"*","values":[]}}]"#),
    )
    .await;
    assert_eq!(with.status, 200, "{}", with.text);
    assert_eq!(with.json["total"], 27);
    assert!(ids(&with).contains(&30) && ids(&with).contains(&31));
    let none = get(
        &app,
        &list(r#"[{"subprojectId":{"operator":"!*","values":[]}}]"#),
    )
    .await;
    assert_eq!(none.json["total"], 25);
    let sub = get(&app, "/api/v3/projects/3/work_packages?filters=%5B%5D").await;
    assert_eq!(ids(&sub), vec![30, 31]);
}
