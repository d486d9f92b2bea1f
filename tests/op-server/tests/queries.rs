//! Saved queries (saved views): what they keep and show, how a write is checked, who may change them.

mod common;

use axum::http::Method;
use common::{
    Auth, Reply, call_as, enc, error_id, get, patch, post, server, server_with_token_of, spec,
};
use serde_json::{Value, json};

/// The body OpenProject's web client sends when it saves a view, resource values as links.
fn full_query() -> Value {
    json!({
        "name": "Mine",
        "public": false,
        "starred": true,
        "showHierarchies": false,
        "timelineVisible": false,
        "filters": [
            {"_links": {"filter": {"href": "/api/v3/queries/filters/status"}, "operator": {"href": "/api/v3/queries/operators/o"}, "values": []}},
            {"_links": {"filter": {"href": "/api/v3/queries/filters/assignee"}, "operator": {"href": "/api/v3/queries/operators/="}, "values": [{"href": "/api/v3/users/3"}]}},
            {"_links": {"filter": {"href": "/api/v3/queries/filters/subjectOrId"}, "operator": {"href": "/api/v3/queries/operators/**"}}, "values": ["login"]},
            {"_links": {"filter": {"href": "/api/v3/queries/filters/dueDate"}, "operator": {"href": "/api/v3/queries/operators/<t-"}}, "values": ["1"]}
        ],
        "_links": {
            "project": {"href": "/api/v3/projects/city-portal"},
            "columns": [{"href": "/api/v3/queries/columns/id"}, {"href": "/api/v3/queries/columns/subject"}],
            "sortBy": [{"href": "/api/v3/queries/sort_bys/dueDate-desc"}, {"href": "/api/v3/queries/sort_bys/id-asc"}],
            "groupBy": {"href": "/api/v3/queries/group_bys/status"}
        }
    })
}

fn filter_link(name: &str) -> Value {
    json!({ "href": format!("/api/v3/queries/filters/{name}") })
}

fn operator_link(operator: &str) -> Value {
    json!({ "href": format!("/api/v3/queries/operators/{operator}") })
}

/// A minimal body with one filter instance, for checking how filters are read.
fn with_filter(instance: Value) -> Value {
    let mut body = json!({ "name": "One filter" });
    body["filters"] = Value::Array(vec![instance]);
    body
}

fn list_in_project(project: u64) -> String {
    let filter = format!(r#"[{{"project":{{"operator":"=","values":["{project}"]}}}}]"#);
    format!("/api/v3/queries?filters={}", enc(&filter))
}

fn action(reply: &Reply, name: &str) -> Value {
    reply.json["_links"]
        .get(name)
        .cloned()
        .unwrap_or(Value::Null)
}

fn check_model(reply: &Reply) {
    let Some(spec) = spec() else { return };
    spec.check("QueryModel", &reply.json);
    for filter in reply.json["filters"].as_array().expect("filters") {
        spec.check("Query_Filter_Instance_Model", filter);
    }
}

#[tokio::test]
async fn a_query_created_with_every_field_reads_back_through_show_and_the_project_list() {
    let app = server();
    let created = post(&app, "/api/v3/queries", full_query()).await;
    assert_eq!(created.status, 201, "{}", created.text);
    let query = &created.json;
    assert_eq!(query["name"], "Mine");
    assert_eq!(query["public"], false);
    assert_eq!(query["starred"], true);
    assert_eq!(query["showHierarchies"], false);
    assert_eq!(query["timelineVisible"], false);
    assert_eq!(
        query["filters"],
        json!([
            {
                "_type": "StatusQueryFilter",
                "name": "Status",
                "_links": {
                    "filter": {"href": "/api/v3/queries/filters/status", "title": "Status"},
                    "operator": {"href": "/api/v3/queries/operators/o", "title": "open"},
                    "schema": {"href": "/api/v3/queries/filter_instance_schemas/status"},
                    "values": []
                }
            },
            {
                "_type": "AssigneeQueryFilter",
                "name": "Assignee",
                "_links": {
                    "filter": {"href": "/api/v3/queries/filters/assignee", "title": "Assignee"},
                    "operator": {"href": "/api/v3/queries/operators/=", "title": "is"},
                    "schema": {"href": "/api/v3/queries/filter_instance_schemas/assignee"},
                    "values": [{"href": "/api/v3/users/3", "title": "Mehmet Yılmaz"}]
                }
            },
            {
                "_type": "SubjectOrIdQueryFilter",
                "name": "Subject or ID",
                "values": ["login"],
                "_links": {
                    "filter": {"href": "/api/v3/queries/filters/subjectOrId", "title": "Subject or ID"},
                    "operator": {"href": "/api/v3/queries/operators/**", "title": "contains"},
                    "schema": {"href": "/api/v3/queries/filter_instance_schemas/subjectOrId"}
                }
            },
            {
                "_type": "DueDateQueryFilter",
                "name": "Finish date",
                "values": ["1"],
                "_links": {
                    "filter": {"href": "/api/v3/queries/filters/dueDate", "title": "Finish date"},
                    "operator": {"href": "/api/v3/queries/operators/<t-", "title": "more than days ago"},
                    "schema": {"href": "/api/v3/queries/filter_instance_schemas/dueDate"}
                }
            }
        ])
    );
    let links = &query["_links"];
    assert_eq!(
        links["project"],
        json!({"href": "/api/v3/projects/1", "title": "City Portal Relaunch"})
    );
    assert_eq!(
        links["columns"],
        json!([
            {"href": "/api/v3/queries/columns/id", "title": "ID"},
            {"href": "/api/v3/queries/columns/subject", "title": "Subject"}
        ])
    );
    assert_eq!(
        links["sortBy"],
        json!([
            {"href": "/api/v3/queries/sort_bys/dueDate-desc", "title": "Finish date (Descending)"},
            {"href": "/api/v3/queries/sort_bys/id-asc", "title": "ID (Ascending)"}
        ])
    );
    assert_eq!(
        links["groupBy"],
        json!({"href": "/api/v3/queries/group_bys/status", "title": "Status"})
    );
    let id = query["id"].as_u64().unwrap();
    let me = format!("/api/v3/queries/{id}");
    assert_eq!(
        action(&created, "updateImmediately"),
        json!({"href": me, "method": "patch"})
    );
    assert_eq!(
        action(&created, "update"),
        json!({"href": me, "method": "patch"})
    );
    assert_eq!(
        action(&created, "delete"),
        json!({"href": me, "method": "delete"})
    );
    assert_eq!(
        action(&created, "unstar"),
        json!({"href": format!("{me}/unstar"), "method": "patch"})
    );
    assert_eq!(action(&created, "star"), Value::Null, "already starred");

    let shown = get(&app, &me).await;
    assert_eq!(shown.status, 200);
    assert_eq!(shown.json, created.json);
    let listed = get(&app, &list_in_project(1)).await;
    // With the view Lukas shared in the seed.
    assert_eq!(listed.json["total"], 2);
    assert_eq!(listed.json["_embedded"]["elements"][1], created.json);
    assert_eq!(get(&app, &list_in_project(2)).await.json["total"], 0);

    // The results link is the work package list with the query's own filters and sort.
    let results = get(&app, links["results"]["href"].as_str().unwrap()).await;
    assert_eq!(results.status, 200, "{}", results.text);
    check_model(&created);
    if let Some(spec) = spec() {
        spec.check_collection("CollectionModel", "QueryModel", &listed.json);
    }
}

#[tokio::test]
async fn omitted_fields_take_openproject_defaults() {
    let app = server();
    let global = post(&app, "/api/v3/queries", json!({ "name": "Bare" })).await;
    assert_eq!(global.status, 201, "{}", global.text);
    let query = &global.json;
    assert_eq!(query["filters"], json!([]));
    assert_eq!(query["public"], false);
    assert_eq!(query["starred"], false);
    assert_eq!(query["showHierarchies"], false);
    assert_eq!(query["timelineVisible"], false);
    assert_eq!(query["_links"]["project"], json!({"href": null}));
    assert_eq!(query["_links"]["groupBy"], json!({"href": null}));
    assert_eq!(
        query["_links"]["sortBy"],
        json!([{"href": "/api/v3/queries/sort_bys/id-asc", "title": "ID (Ascending)"}])
    );
    let columns = |reply: &Reply| -> Vec<String> {
        reply.json["_links"]["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                c["href"]
                    .as_str()
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_owned()
            })
            .collect()
    };
    // A global query lists several projects, so OpenProject adds the project column.
    assert_eq!(
        columns(&global),
        [
            "id", "subject", "type", "status", "assignee", "priority", "project"
        ]
    );
    assert!(action(&global, "star").is_object());
    assert_eq!(action(&global, "unstar"), Value::Null);
    let in_project = post(
        &app,
        "/api/v3/queries",
        json!({ "name": "Bare too", "_links": { "project": { "href": "/api/v3/projects/2" } } }),
    )
    .await;
    assert_eq!(
        columns(&in_project),
        ["id", "subject", "type", "status", "assignee", "priority"]
    );
    check_model(&global);
}

#[tokio::test]
async fn operator_hrefs_may_be_percent_encoded_and_come_back_raw() {
    let app = server();
    let reply = post(
        &app,
        "/api/v3/queries",
        with_filter(json!({
            "_links": { "filter": filter_link("startDate"), "operator": operator_link("%3Et%2B") },
            "values": ["7"]
        })),
    )
    .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    assert_eq!(
        reply.json["filters"][0]["_links"]["operator"],
        json!({"href": "/api/v3/queries/operators/>t+", "title": "in more than"})
    );
}

#[tokio::test]
async fn each_kind_of_bad_input_gets_a_422_naming_the_attribute() {
    let app = server();
    let status_is = |value: Value| {
        with_filter(json!({
            "_links": { "filter": filter_link("status"), "operator": operator_link("="), "values": value }
        }))
    };
    let cases = [
        (
            "unknown filter",
            with_filter(
                json!({"_links": {"filter": filter_link("colour"), "operator": operator_link("=")}, "values": ["red"]}),
            ),
            "filters",
        ),
        (
            "operator the filter does not take",
            with_filter(
                json!({"_links": {"filter": filter_link("status"), "operator": operator_link("<t-")}, "values": ["1"]}),
            ),
            "filters",
        ),
        (
            "unknown operator",
            with_filter(
                json!({"_links": {"filter": filter_link("type"), "operator": operator_link("~~")}}),
            ),
            "filters",
        ),
        (
            "resource that does not exist",
            status_is(json!([{"href": "/api/v3/statuses/99"}])),
            "filters",
        ),
        (
            "resource of the wrong kind",
            status_is(json!([{"href": "/api/v3/users/1"}])),
            "filters",
        ),
        (
            "no values where some are needed",
            status_is(json!([])),
            "filters",
        ),
        (
            "a date that is no date",
            with_filter(
                json!({"_links": {"filter": filter_link("dueDate"), "operator": operator_link("=d")}, "values": ["soon"]}),
            ),
            "filters",
        ),
        (
            "days that are no number",
            with_filter(
                json!({"_links": {"filter": filter_link("dueDate"), "operator": operator_link("<t+")}, "values": ["a week"]}),
            ),
            "filters",
        ),
        (
            "unknown column",
            json!({"name": "x", "_links": {"columns": [{"href": "/api/v3/queries/columns/colour"}]}}),
            "columns",
        ),
        (
            "custom field column where the project has no such field",
            json!({"name": "x", "_links": {"project": {"href": "/api/v3/projects/2"}, "columns": [{"href": "/api/v3/queries/columns/customField1"}]}}),
            "columns",
        ),
        (
            "unknown sort column",
            json!({"name": "x", "_links": {"sortBy": [{"href": "/api/v3/queries/sort_bys/colour-asc"}]}}),
            "sortBy",
        ),
        (
            "sort without a direction",
            json!({"name": "x", "_links": {"sortBy": [{"href": "/api/v3/queries/sort_bys/id-up"}]}}),
            "sortBy",
        ),
        (
            "group-by that is not groupable",
            json!({"name": "x", "_links": {"groupBy": {"href": "/api/v3/queries/group_bys/subject"}}}),
            "groupBy",
        ),
        ("blank name", json!({"name": "   "}), "name"),
        ("missing name", json!({}), "name"),
        (
            "a flag that is no boolean",
            json!({"name": "x", "starred": "yes"}),
            "starred",
        ),
        (
            "hierarchies together with groups",
            json!({"name": "x", "showHierarchies": true, "_links": {"groupBy": {"href": "/api/v3/queries/group_bys/status"}}}),
            "showHierarchies",
        ),
    ];
    for (case, body, attribute) in cases {
        let reply = post(&app, "/api/v3/queries", body).await;
        assert_eq!(reply.status, 422, "{case}: {}", reply.text);
        assert_eq!(
            reply.json["_embedded"]["details"]["attribute"], attribute,
            "{case}: {}",
            reply.text
        );
        assert!(
            matches!(
                error_id(&reply),
                "PropertyConstraintViolation" | "PropertyFormatError"
            ),
            "{case}: {}",
            reply.text
        );
        if let Some(spec) = spec() {
            spec.check("ErrorResponse", &reply.json);
        }
    }
    let several = post(
        &app,
        "/api/v3/queries",
        json!({"name": "", "_links": {"columns": [{"href": "/api/v3/queries/columns/colour"}]}}),
    )
    .await;
    assert_eq!(several.status, 422);
    assert_eq!(error_id(&several), "MultipleErrors");
    assert_eq!(
        several.json["_embedded"]["errors"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let unreadable = post(
        &app,
        "/api/v3/queries",
        with_filter(json!({"_links": {"operator": operator_link("=")}})),
    )
    .await;
    assert_eq!(
        unreadable.status, 400,
        "a filter without a filter link cannot be read"
    );
    assert_eq!(error_id(&unreadable), "InvalidRequestBody");
    assert_eq!(
        get(&app, "/api/v3/queries").await.json["total"],
        1,
        "nothing was saved (the seed's shared view is the one)"
    );
}

#[tokio::test]
async fn the_owner_may_patch_a_query_and_what_the_body_leaves_out_stays() {
    let app = server();
    let created = post(&app, "/api/v3/queries", full_query()).await;
    let me = format!("/api/v3/queries/{}", created.json["id"]);
    let changed = patch(
        &app,
        &me,
        json!({
            "name": "Mine, overdue",
            "filters": [{"_links": {"filter": filter_link("dueDate"), "operator": operator_link("<t-")}, "values": ["3"]}],
            "_links": {"groupBy": {"href": null}, "columns": [{"href": "/api/v3/queries/columns/due_date"}]}
        }),
    )
    .await;
    assert_eq!(changed.status, 200, "{}", changed.text);
    let query = &changed.json;
    assert_eq!(query["name"], "Mine, overdue");
    assert_eq!(query["filters"].as_array().unwrap().len(), 1);
    assert_eq!(query["filters"][0]["values"], json!(["3"]));
    assert_eq!(query["_links"]["groupBy"], json!({"href": null}));
    assert_eq!(
        query["_links"]["columns"],
        json!([{"href": "/api/v3/queries/columns/dueDate", "title": "Finish date"}])
    );
    assert_eq!(query["_links"]["sortBy"], created.json["_links"]["sortBy"]);
    assert_eq!(
        query["_links"]["project"],
        created.json["_links"]["project"]
    );
    assert_eq!(query["starred"], true);
    assert_eq!(query["createdAt"], created.json["createdAt"]);
    assert_ne!(query["updatedAt"], created.json["updatedAt"]);
    let refused = patch(
        &app,
        &me,
        json!({"name": "Renamed", "_links": {"sortBy": [{"href": "/api/v3/queries/sort_bys/colour-asc"}]}}),
    )
    .await;
    assert_eq!(refused.status, 422);
    assert_eq!(
        get(&app, &me).await.json,
        changed.json,
        "a refused change changes nothing"
    );
    check_model(&changed);
}

#[tokio::test]
async fn another_user_may_star_a_public_query_for_themselves_gets_403_on_changing_it_and_404_on_a_private_one()
 {
    let lukas = Auth::Bearer("lukas-token".to_owned());
    let app = server_with_token_of(tafel_op_server::seed::LUKAS, "lukas-token");
    let create = |public: bool| {
        call_as(
            &app,
            lukas.clone(),
            Method::POST,
            "/api/v3/queries",
            Some(json!({ "name": "Lukas's view", "public": public })),
        )
    };
    let public = create(true).await;
    let private = create(false).await;
    assert_eq!(public.status, 201);
    assert_eq!(public.json["_links"]["user"]["href"], "/api/v3/users/2");
    let public_url = format!("/api/v3/queries/{}", public.json["id"]);
    let seen = get(&app, &public_url).await;
    assert_eq!(seen.status, 200);
    for name in ["update", "updateImmediately", "delete", "unstar"] {
        assert_eq!(action(&seen, name), Value::Null, "{name} offered to Anna");
    }
    assert!(
        action(&seen, "star").is_object(),
        "everyone who sees it may star it"
    );
    let rename = patch(&app, &public_url, json!({ "name": "Anna's now" })).await;
    assert_eq!(rename.status, 403);
    assert_eq!(error_id(&rename), "MissingPermission");
    // Anna's star is hers: Lukas does not see it.
    let star = patch(&app, &format!("{public_url}/star"), json!({})).await;
    assert_eq!(star.status, 200, "{}", star.text);
    assert_eq!(star.json["starred"], true);
    assert!(action(&star, "unstar").is_object());
    assert_eq!(action(&star, "delete"), Value::Null);
    let for_lukas = call_as(&app, lukas.clone(), Method::GET, &public_url, None).await;
    assert_eq!(for_lukas.json["starred"], false);
    assert!(action(&for_lukas, "delete").is_object());
    let delete = common::delete(&app, &public_url).await;
    assert_eq!(delete.status, 403);
    assert_eq!(get(&app, &public_url).await.json["name"], "Lukas's view");
    let private_url = format!("/api/v3/queries/{}", private.json["id"]);
    assert_eq!(get(&app, &private_url).await.status, 404);
    let hidden = patch(&app, &private_url, json!({ "name": "x" })).await;
    assert_eq!(
        hidden.status, 404,
        "others' private queries are not disclosed"
    );
    let own = call_as(
        &app,
        lukas,
        Method::PATCH,
        &public_url,
        Some(json!({ "public": false })),
    )
    .await;
    assert_eq!(own.status, 200, "{}", own.text);
    assert_eq!(own.json["public"], false);
}

#[tokio::test]
async fn star_and_unstar_set_starred_and_swap_the_action_link() {
    let app = server();
    let created = post(&app, "/api/v3/queries", json!({ "name": "Favourite" })).await;
    let me = format!("/api/v3/queries/{}", created.json["id"]);
    let star_url = created.json["_links"]["star"]["href"].as_str().unwrap();
    assert_eq!(star_url, format!("{me}/star"));
    let starred = call_as(&app, Auth::ApiKey, Method::PATCH, star_url, None).await;
    assert_eq!(starred.status, 200, "{}", starred.text);
    assert_eq!(starred.json["starred"], true);
    assert_eq!(action(&starred, "star"), Value::Null);
    assert_eq!(
        action(&starred, "unstar"),
        json!({"href": format!("{me}/unstar"), "method": "patch"})
    );
    assert_eq!(get(&app, &me).await.json["starred"], true);
    let unstarred = call_as(
        &app,
        Auth::ApiKey,
        Method::PATCH,
        &format!("{me}/unstar"),
        None,
    )
    .await;
    assert_eq!(unstarred.status, 200);
    assert_eq!(unstarred.json["starred"], false);
    assert!(action(&unstarred, "star").is_object());
    let missing = call_as(
        &app,
        Auth::ApiKey,
        Method::PATCH,
        "/api/v3/queries/99/star",
        None,
    )
    .await;
    assert_eq!(missing.status, 404);
    check_model(&starred);
}
