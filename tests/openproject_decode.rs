//! The OpenProject decoder against the official API description's own example payloads, and against
//! malformed answers. The description is read from `TAFEL_OPENAPI_SPEC` or from
//! `../shared/openproject-api/openproject-api-v3.json`; without it the example tests are skipped.
//!
//! Some examples are abbreviated stubs (`_abbreviated` / `_hint` members standing in for whole
//! resources, see shared/openproject-api/VALIDATION.md). Those elements are skipped explicitly; every
//! resource kind still has at least one complete example decoded and checked field by field.

use chrono::{NaiveDate, TimeZone, Utc};
use futures::executor::block_on;
use serde_json::{Value, json};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use tafel::api::openproject::{
    Auth, Connection, HttpRequest, HttpResponse, OpenProjectBackend, Transport, decode, hal,
};
use tafel::api::{ApiError, Backend};
use tafel::domain::{
    ActivityDetail, ActivityId, CategoryId, Field, PriorityId, ProjectId, RelationId, RelationKind,
    StatusId, TypeId, UserId, VersionId, WorkPackageId,
};

// ----- the description ---------------------------------------------------------------------------

fn spec() -> Option<Value> {
    let path = std::env::var("TAFEL_OPENAPI_SPEC").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/openproject-api/openproject-api-v3.json"
        )
        .to_owned()
    });
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: OpenAPI description {path} not found (set TAFEL_OPENAPI_SPEC)");
        return None;
    };
    Some(serde_json::from_str(&text).expect("the description is JSON"))
}

/// The value at a JSON pointer; paths are written with `/` and escaped here.
fn at(spec: &Value, pointer: &str) -> Value {
    spec.pointer(pointer)
        .unwrap_or_else(|| panic!("no {pointer} in the description"))
        .clone()
}

fn example(spec: &Value, name: &str) -> Value {
    at(spec, &format!("/components/examples/{name}/value"))
}

fn schema_example(spec: &Value, schema: &str) -> Value {
    at(spec, &format!("/components/schemas/{schema}/example"))
}

/// A path's response example: `path` as in the description (`/api/v3/relations`).
fn response_example(spec: &Value, path: &str, method: &str, status: u16) -> Value {
    let escaped = path.replace('~', "~0").replace('/', "~1");
    let content = at(
        spec,
        &format!("/paths/{escaped}/{method}/responses/{status}/content/application~1hal+json"),
    );
    content
        .pointer("/example")
        .or_else(|| content.pointer("/examples/response/value"))
        .cloned()
        .unwrap_or_else(|| panic!("no example for {method} {path} {status}"))
}

/// An abbreviated stand-in for a resource, not a resource.
fn is_stub(value: &Value) -> bool {
    value.get("_abbreviated").is_some() || value.get("_hint").is_some()
}

fn from<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("decodes")
}

fn hal_response(status: u16, body: &Value) -> HttpResponse {
    HttpResponse {
        status,
        content_type: Some("application/hal+json; charset=utf-8".to_owned()),
        retry_after: None,
        body: body.to_string(),
    }
}

/// The complete elements of a collection example, and how many stubs were skipped.
fn complete_elements(collection: &Value) -> (Vec<Value>, usize) {
    let elements = collection["_embedded"]["elements"]
        .as_array()
        .expect("elements")
        .clone();
    let total = elements.len();
    let complete: Vec<Value> = elements.into_iter().filter(|e| !is_stub(e)).collect();
    let skipped = total - complete.len();
    (complete, skipped)
}

// ----- work packages -----------------------------------------------------------------------------

#[test]
fn the_work_package_model_example_decodes() {
    let Some(spec) = spec() else { return };
    let raw: hal::WorkPackage = from(schema_example(&spec, "WorkPackageModel"));
    assert!(raw.links.update.is_some() && raw.links.delete.is_some());
    assert!(raw.links.add_comment.is_some() && raw.links.add_relation.is_some());
    let wp = decode::work_package(raw).unwrap();
    assert_eq!(wp.id, WorkPackageId(1528));
    assert_eq!(wp.subject, "Develop API");
    assert_eq!(wp.description, "Develop super cool OpenProject API.");
    // The example links its project as `/api/v3/portfolio/1`.
    assert_eq!(wp.project, ProjectId(1));
    assert_eq!(wp.wp_type, TypeId(1));
    assert_eq!(wp.status, StatusId(1));
    assert_eq!(wp.priority, PriorityId(2));
    assert_eq!(wp.assignee, Some(UserId(11)));
    assert_eq!(wp.responsible, Some(UserId(23)));
    assert_eq!(wp.version, Some(VersionId(1)));
    assert_eq!(wp.category, Some(CategoryId(1298)));
    assert_eq!(wp.parent, Some(WorkPackageId(1298)));
    assert_eq!((wp.start_date, wp.due_date, wp.date), (None, None, None));
    assert_eq!(wp.estimated_hours, Some(2.0));
    assert_eq!(wp.percentage_done, 0);
    assert_eq!(wp.lock_version, 0, "the example has no lockVersion");
    assert_eq!(
        wp.created_at,
        Utc.with_ymd_and_hms(2014, 8, 29, 12, 40, 53).unwrap()
            + chrono::Duration::milliseconds(373)
    );
    assert_eq!(wp.position, decode::default_position(wp.id));
}

#[test]
fn the_work_package_embedded_in_an_activity_decodes() {
    let Some(spec) = spec() else { return };
    let activity = schema_example(&spec, "ActivityModel");
    let wp = decode::work_package(from(activity["_embedded"]["workPackage"].clone())).unwrap();
    assert_eq!(wp.id, WorkPackageId(10403));
    assert_eq!(wp.lock_version, 2);
    assert_eq!(wp.subject, "Ensure financing");
    assert_eq!(wp.project, ProjectId(918));
    assert_eq!(wp.assignee, None, "no assignee link at all");
    assert_eq!(wp.percentage_done, 0, "percentageDone: null");
    assert_eq!((wp.estimated_hours, wp.duration_days), (None, None));
}

#[test]
fn the_work_package_collection_example_is_all_stubs() {
    let Some(spec) = spec() else { return };
    let collection = schema_example(&spec, "Work_PackagesModel");
    let (complete, skipped) = complete_elements(&collection);
    assert!(complete.is_empty() && skipped == 2, "abbreviated example");
    // The collection frame itself is sound.
    let (elements, total) = decode::page(from::<hal::Collection<Value>>(collection)).unwrap();
    assert_eq!((elements.len(), total), (2, 2));
}

// ----- reference data ----------------------------------------------------------------------------

#[test]
fn the_status_examples_decode() {
    let Some(spec) = spec() else { return };
    let status = decode::status(from(example(&spec, "StatusResponse"))).unwrap();
    assert_eq!(status.id, StatusId(13));
    assert_eq!(status.name, "Waiting for Darth-approval");
    assert_eq!(status.color, "#FE005D");
    assert_eq!(status.position, 4);
    assert!(!status.is_closed && !status.is_default);

    let (elements, total) = decode::page(from::<hal::Collection<hal::Status>>(example(
        &spec,
        "StatusCollection",
    )))
    .unwrap();
    assert_eq!(total, 6);
    let statuses: Vec<_> = elements
        .into_iter()
        .map(|s| decode::status(s).unwrap())
        .collect();
    let closed: Vec<&str> = statuses
        .iter()
        .filter(|s| s.is_closed)
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(closed, vec!["Closed", "Rejected"]);
}

#[test]
fn the_type_example_decodes() {
    let Some(spec) = spec() else { return };
    let wp_type = decode::wp_type(from(schema_example(&spec, "TypeModel"))).unwrap();
    assert_eq!(wp_type.id, TypeId(1));
    assert_eq!(wp_type.name, "Bug");
    assert_eq!(wp_type.color, "#ff0000");
    assert_eq!(wp_type.position, 1);
    assert!(!wp_type.is_milestone);
}

#[test]
fn the_priority_collection_example_decodes() {
    let Some(spec) = spec() else { return };
    let (elements, total) = decode::page(from::<hal::Collection<hal::Priority>>(example(
        &spec,
        "PriorityCollection",
    )))
    .unwrap();
    assert_eq!(total, 4);
    let priorities: Vec<_> = elements
        .into_iter()
        .map(|p| decode::priority(p).unwrap())
        .collect();
    let default = priorities.iter().find(|p| p.is_default).unwrap();
    assert_eq!(
        (default.id, default.name.as_str()),
        (PriorityId(2), "Normal")
    );
    assert_eq!(priorities[3].position, 5);
}

#[test]
fn the_user_examples_decode() {
    let Some(spec) = spec() else { return };
    let user = decode::user(from(example(&spec, "UserResponse"))).unwrap();
    assert_eq!(user.id, UserId(14));
    assert_eq!(user.name, "Mara Jade");
    assert_eq!(user.login, "member");

    // Available assignees come without `name`; the self link's title stands in.
    let assignees = response_example(
        &spec,
        "/api/v3/projects/{id}/available_assignees",
        "get",
        200,
    );
    let (elements, total) = decode::page(from::<hal::Collection<hal::User>>(assignees)).unwrap();
    assert_eq!(total, 2);
    let first = decode::user(elements[0].clone()).unwrap();
    assert_eq!(first.id, UserId(1));
    assert_eq!(first.name, "John Sheppard - j.sheppard");
    assert_eq!(first.login, "j.sheppard");
}

#[test]
fn the_project_examples_decode() {
    let Some(spec) = spec() else { return };
    let project = decode::project(from(example(&spec, "Project"))).unwrap();
    assert_eq!(project.id, ProjectId(1));
    assert_eq!(project.identifier, "project_example");
    assert_eq!(project.name, "Project example");
    assert_eq!(project.description, "Lorem **ipsum** dolor sit amet");
    assert_eq!(project.parent, Some(ProjectId(123)));

    let collection = example(&spec, "ProjectCollection");
    let (complete, skipped) = complete_elements(&collection);
    assert!(complete.is_empty() && skipped == 2, "abbreviated example");
    let frame: hal::Collection<Value> = from(collection);
    assert_eq!((frame.page_size, frame.offset), (Some(20), Some(1)));
    assert!(decode::page(frame).is_ok());
}

#[test]
fn the_version_examples_decode() {
    let Some(spec) = spec() else { return };
    let version =
        decode::version(from(example(&spec, "VersionSimpleResponse")), ProjectId(99)).unwrap();
    assert_eq!(version.id, VersionId(3));
    assert_eq!(version.name, "v0.9.1-alpha");
    assert_eq!(version.project, ProjectId(10), "the defining project");
    assert!(!version.is_open, "closed");

    // This example writes the status capitalised ("Open").
    let list = response_example(&spec, "/api/v3/projects/{id}/versions", "get", 200);
    let (elements, _) = decode::page(from::<hal::Collection<hal::Version>>(list)).unwrap();
    let versions: Vec<_> = elements
        .into_iter()
        .map(|v| decode::version(v, ProjectId(11)).unwrap())
        .collect();
    let open: Vec<u64> = versions
        .iter()
        .filter(|v| v.is_open)
        .map(|v| v.id.0)
        .collect();
    assert_eq!(open, vec![11, 10]);
}

#[test]
fn the_category_examples_decode() {
    let Some(spec) = spec() else { return };
    let category =
        decode::category(from(schema_example(&spec, "CategoryModel")), ProjectId(99)).unwrap();
    assert_eq!(category.id, CategoryId(10));
    assert_eq!(category.name, "Foo");
    assert_eq!(category.project, ProjectId(11), "the project link");

    let single = response_example(&spec, "/api/v3/categories/{id}", "get", 200);
    assert_eq!(
        decode::category(from(single), ProjectId(99)).unwrap(),
        category
    );

    // Not paginated: no pageSize, no offset.
    let list = response_example(&spec, "/api/v3/projects/{id}/categories", "get", 200);
    let (elements, _) = decode::page(from::<hal::Collection<hal::Category>>(list)).unwrap();
    let categories: Vec<_> = elements
        .into_iter()
        .map(|c| decode::category(c, ProjectId(11)).unwrap())
        .collect();
    let names: Vec<(u64, &str, u64)> = categories
        .iter()
        .map(|c| (c.id.0, c.name.as_str(), c.project.0))
        .collect();
    assert_eq!(names, vec![(10, "Foo", 11), (11, "Bar", 11)]);
}

#[test]
fn a_category_link_may_be_null_missing_or_undisclosed() {
    let base = json!({
        "_type": "WorkPackage", "id": 5, "subject": "S", "lockVersion": 1,
        "createdAt": "2026-11-20T10:00:00Z",
        "_links": {
            "self": {"href": "/api/v3/work_packages/5"},
            "project": {"href": "/api/v3/projects/1"},
            "type": {"href": "/api/v3/types/1"},
            "status": {"href": "/api/v3/statuses/1"},
            "priority": {"href": "/api/v3/priorities/2"}
        }
    });
    let category = |link: Option<Value>| {
        let mut wp = base.clone();
        if let Some(link) = link {
            wp["_links"]["category"] = link;
        }
        decode::work_package(from(wp)).map(|wp| wp.category)
    };
    assert_eq!(category(None).unwrap(), None, "missing");
    assert_eq!(category(Some(json!({"href": null}))).unwrap(), None);
    assert_eq!(
        category(Some(
            json!({"href": "urn:openproject-org:api:v3:undisclosed"})
        ))
        .unwrap(),
        None
    );
    assert_eq!(
        category(Some(
            json!({"href": "/api/v3/categories/4", "title": "Möbel"})
        ))
        .unwrap(),
        Some(CategoryId(4))
    );
    assert!(matches!(
        category(Some(json!({"href": "/api/v3/categories/x"}))),
        Err(ApiError::Decode(_))
    ));
}

// ----- relations and activities ------------------------------------------------------------------

#[test]
fn the_relation_examples_decode() {
    let Some(spec) = spec() else { return };
    let collection = example(&spec, "RelationCollectionResponse");
    let (complete, skipped) = complete_elements(&collection);
    assert_eq!(skipped, 2, "two elements are `_hint` stubs");
    let relation = decode::relation(from(complete[0].clone())).unwrap();
    assert_eq!(relation.id, RelationId(650));
    assert_eq!(relation.from, WorkPackageId(108));
    assert_eq!(relation.to, WorkPackageId(78));
    assert_eq!(relation.kind, RelationKind::Duplicated);
    assert_eq!(relation.lag, None);
    assert_eq!(
        relation.description,
        "Those are the same... stupid Stormtroopers!"
    );
    // The abbreviated example says count 20 but lists 3: an honest server's page would not decode.
    assert!(matches!(
        decode::page(from::<hal::Collection<Value>>(collection)),
        Err(ApiError::Decode(_))
    ));

    // Its `_embedded` ends are stubs, but the links carry everything Tafel reads.
    let single = decode::relation(from(example(&spec, "RelationResponse"))).unwrap();
    assert_eq!(single, relation);
}

#[test]
fn a_relation_with_the_old_delay_name_keeps_its_lag() {
    let relation = decode::relation(from(json!({
        "id": 1, "type": "follows", "delay": 3,
        "_links": {"from": {"href": "/api/v3/work_packages/2"}, "to": {"href": "/api/v3/work_packages/1"}}
    })))
    .unwrap();
    assert_eq!(relation.lag, Some(3));
}

#[test]
fn the_activity_examples_decode() {
    let Some(spec) = spec() else { return };
    let comment =
        decode::activity(from(example(&spec, "ActivityResponse")), WorkPackageId(1)).unwrap();
    assert_eq!(comment.id, ActivityId(1478));
    assert_eq!(comment.work_package, WorkPackageId(207), "from the link");
    assert_eq!(comment.user, Some(UserId(33)));
    assert_eq!(
        comment.comment.as_deref(),
        Some("I can give you a CR70 corvette, you have to make do, Leia...")
    );
    assert!(comment.details.is_empty());

    let change = decode::activity(
        from(schema_example(&spec, "ActivityModel")),
        WorkPackageId(1),
    )
    .unwrap();
    assert_eq!(change.id, ActivityId(1));
    assert_eq!(
        change.details,
        vec![ActivityDetail::Text(
            "Lorem ipsum dolor sit amet.".to_owned()
        )]
    );
    assert_eq!(change.user, Some(UserId(1)));
}

#[test]
fn an_activity_with_nothing_to_say_is_the_creation() {
    let activity = decode::activity(
        from(json!({"_type": "Activity", "id": 5, "details": [],
            "comment": {"format": "markdown", "raw": "", "html": ""},
            "createdAt": "2026-11-20T10:00:00Z"})),
        WorkPackageId(4),
    )
    .unwrap();
    assert_eq!(activity.work_package, WorkPackageId(4));
    assert_eq!(activity.comment, None);
    assert_eq!(activity.details, vec![ActivityDetail::Created]);
}

// ----- errors ------------------------------------------------------------------------------------

#[test]
fn the_error_examples_decode() {
    let Some(spec) = spec() else { return };
    // 422 on create, naming the subject (capitalised in the example).
    let blank = response_example(&spec, "/api/v3/projects/{id}/work_packages", "post", 422);
    match decode::error(&hal_response(422, &blank)) {
        ApiError::Invalid(errors) => {
            assert_eq!(errors.len(), 1);
            assert_eq!(errors[0].field, Field::Subject);
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
    // 400 whose message is an array.
    let bad_query = response_example(&spec, "/api/v3/relations", "get", 400);
    assert!(matches!(
        decode::error(&hal_response(400, &bad_query)),
        ApiError::Decode(m) if m.contains("Filters Type filter has invalid values.")
    ));
    // MultipleErrors, on an attribute Tafel has no field for.
    let multiple = at(
        &spec,
        "/paths/~1api~1v3~1grids~1{id}~1form/post/responses/200/content/application~1hal+json/examples/response/value/_embedded/validationErrors/widgets",
    );
    assert!(matches!(
        decode::error(&hal_response(422, &multiple)),
        ApiError::Server { status: 422, message } if message.contains("Multiple field constraints")
    ));
    let invalid_query = at(
        &spec,
        "/components/responses/InvalidQuery/content/application~1hal+json/example",
    );
    let parsed: hal::ErrorResponse = from(invalid_query);
    assert_eq!(parsed.name(), Some("InvalidQuery"));
    let not_found = response_example(&spec, "/api/v3/work_packages/{id}", "get", 404);
    assert_eq!(
        decode::error(&hal_response(404, &not_found)),
        ApiError::NotFound
    );
}

// ----- malformed answers -------------------------------------------------------------------------

fn minimal_wp() -> Value {
    json!({
        "id": 1, "subject": "S", "lockVersion": 1, "createdAt": "2026-11-20T10:00:00Z",
        "_links": {
            "project": {"href": "/api/v3/projects/1"}, "type": {"href": "/api/v3/types/1"},
            "status": {"href": "/api/v3/statuses/1"}, "priority": {"href": "/api/v3/priorities/1"}
        }
    })
}

fn decode_wp(value: &Value) -> Result<tafel::domain::WorkPackage, ApiError> {
    decode::work_package(decode::json(&hal_response(200, value))?)
}

#[test]
fn a_minimal_work_package_decodes() {
    let wp = decode_wp(&minimal_wp()).unwrap();
    assert_eq!(wp.updated_at, wp.created_at);
    assert_eq!(wp.description, "");
}

#[test]
fn wrong_json_types_are_decode_errors() {
    let mut wp = minimal_wp();
    wp["subject"] = json!(42);
    assert!(matches!(decode_wp(&wp), Err(ApiError::Decode(_))));
    let mut wp = minimal_wp();
    wp["_links"]["status"] = json!("/api/v3/statuses/1");
    assert!(matches!(decode_wp(&wp), Err(ApiError::Decode(_))));
    let mut wp = minimal_wp();
    wp["startDate"] = json!("next tuesday");
    assert!(matches!(decode_wp(&wp), Err(ApiError::Decode(_))));
    assert!(matches!(
        decode_wp(&json!([1, 2])),
        Err(ApiError::Decode(_))
    ));
}

#[test]
fn missing_or_meaningless_required_values_are_decode_errors() {
    let cases: [(&[&str], Value); 8] = [
        (&["_links", "status"], Value::Null),
        (&["_links", "type"], json!({"href": null})),
        (&["_links", "priority"], json!({"href": hal::UNDISCLOSED})),
        (
            &["_links", "project"],
            json!({"href": "/api/v3/projects/abc"}),
        ),
        (&["subject"], Value::Null),
        (&["createdAt"], Value::Null),
        (&["estimatedTime"], json!("PT8X")),
        (&["duration"], json!("P1M")),
    ];
    for (path, value) in cases {
        let mut wp = minimal_wp();
        let (last, parents) = path.split_last().unwrap();
        let mut target = &mut wp;
        for key in parents {
            target = &mut target[*key];
        }
        target[*last] = value;
        assert!(
            matches!(decode_wp(&wp), Err(ApiError::Decode(_))),
            "{path:?}"
        );
    }
}

#[test]
fn optional_links_that_are_null_or_undisclosed_are_none() {
    let mut wp = minimal_wp();
    wp["_links"]["assignee"] = json!({"href": null});
    wp["_links"]["parent"] = json!({"href": hal::UNDISCLOSED, "title": "Undisclosed"});
    wp["startDate"] = json!("2026-11-23");
    wp["duration"] = json!("P5D");
    let wp = decode_wp(&wp).unwrap();
    assert_eq!((wp.assignee, wp.parent), (None, None));
    assert_eq!(wp.start_date, NaiveDate::from_ymd_opt(2026, 11, 23));
    assert_eq!(wp.duration_days, Some(5));
}

#[test]
fn a_truncated_body_is_a_decode_error() {
    let text = minimal_wp().to_string();
    let truncated = HttpResponse {
        status: 200,
        content_type: Some("application/hal+json".to_owned()),
        retry_after: None,
        body: text[..text.len() / 2].to_owned(),
    };
    assert!(matches!(
        decode::json::<hal::WorkPackage>(&truncated),
        Err(ApiError::Decode(_))
    ));
    let empty = HttpResponse {
        body: String::new(),
        ..truncated
    };
    assert!(matches!(
        decode::json::<hal::WorkPackage>(&empty),
        Err(ApiError::Decode(_))
    ));
}

#[test]
fn an_html_page_with_status_200_is_a_decode_error() {
    let page = HttpResponse {
        status: 200,
        content_type: Some("text/html; charset=utf-8".to_owned()),
        retry_after: None,
        body: "<!DOCTYPE html><html><body>Sign in</body></html>".to_owned(),
    };
    assert!(matches!(
        decode::json::<hal::WorkPackage>(&page),
        Err(ApiError::Decode(m)) if m.contains("text/html")
    ));
    let unlabelled = HttpResponse {
        content_type: None,
        retry_after: None,
        ..page
    };
    assert!(matches!(
        decode::json::<hal::WorkPackage>(&unlabelled),
        Err(ApiError::Decode(_))
    ));
}

#[test]
fn a_collection_without_embedded_elements_is_a_decode_error() {
    let body = json!({"_type": "Collection", "total": 0, "count": 0, "_links": {}});
    assert!(matches!(
        decode::json::<hal::Collection<hal::Status>>(&hal_response(200, &body)),
        Err(ApiError::Decode(_))
    ));
    let body = json!({"_type": "Collection", "total": 1, "count": 1, "_embedded": {}});
    assert!(matches!(
        decode::json::<hal::Collection<hal::Status>>(&hal_response(200, &body)),
        Err(ApiError::Decode(_))
    ));
}

#[test]
fn a_collection_whose_numbers_disagree_is_a_decode_error() {
    let page = |total: u64, count: u64, page_size: Option<u64>, n: usize| {
        decode::page(hal::Collection {
            total,
            count,
            page_size,
            offset: Some(1),
            embedded: hal::Elements {
                elements: vec![json!({}); n],
            },
        })
    };
    assert!(page(3, 2, Some(2), 2).is_ok());
    assert!(
        matches!(page(3, 2, Some(2), 1), Err(ApiError::Decode(_))),
        "count ≠ elements"
    );
    assert!(
        matches!(page(1, 2, None, 2), Err(ApiError::Decode(_))),
        "more than the total"
    );
    assert!(
        matches!(page(9, 3, Some(2), 3), Err(ApiError::Decode(_))),
        "more than a page"
    );
}

#[test]
fn an_unknown_relation_type_is_a_decode_error() {
    let relation: hal::Relation = from(json!({"id": 1, "type": "haunts",
        "_links": {"from": {"href": "/api/v3/work_packages/1"}, "to": {"href": "/api/v3/work_packages/2"}}}));
    assert!(matches!(
        decode::relation(relation),
        Err(ApiError::Decode(_))
    ));
}

#[test]
fn an_error_body_that_is_not_json_still_maps_by_status() {
    let page = HttpResponse {
        status: 404,
        content_type: Some("text/html".to_owned()),
        retry_after: None,
        body: "<h1>Not Found</h1>".to_owned(),
    };
    assert_eq!(decode::error(&page), ApiError::NotFound);
    let plain = HttpResponse {
        status: 406,
        content_type: Some("text/plain".to_owned()),
        retry_after: None,
        body: "Missing content-type header".to_owned(),
    };
    assert!(matches!(
        decode::error(&plain),
        ApiError::Decode(m) if m.contains("Missing content-type header")
    ));
}

// ----- reads through the backend, answered with the description's examples ----------------------

/// Answers each request with the example registered for the first path fragment it contains, and
/// with OpenProject's 404 otherwise; so each read below goes through the backend's whole read path
/// (request, status, content type, HAL, paging) and not only through a decoder.
struct Examples(Vec<(&'static str, Value)>);

impl Transport for Examples {
    fn send(
        &self,
        request: HttpRequest,
    ) -> Pin<Box<dyn Future<Output = Result<HttpResponse, ApiError>> + '_>> {
        let path = request
            .url
            .trim_start_matches("https://op.example.org/api/v3");
        let answer = self
            .0
            .iter()
            .find(|(fragment, _)| path.starts_with(fragment))
            .map_or_else(
                || {
                    hal_response(
                        404,
                        &json!({"_type": "Error", "errorIdentifier": "urn:openproject-org:api:v3:errors:NotFound", "message": "not in this test"}),
                    )
                },
                |(_, body)| hal_response(200, body),
            );
        Box::pin(async move { Ok(answer) })
    }
}

fn answered_with(examples: Vec<(&'static str, Value)>) -> OpenProjectBackend {
    OpenProjectBackend::new(
        Connection {
            base_url: "https://op.example.org".to_owned(),
            auth: Auth::ApiKey("k".to_owned()),
        },
        Rc::new(Examples(examples)),
    )
}

#[test]
fn the_week_and_non_working_day_examples_make_the_calendar() {
    let Some(spec) = spec() else { return };
    let backend = answered_with(vec![
        (
            "/days/week",
            schema_example(&spec, "WeekDayCollectionModel"),
        ),
        (
            "/days/non_working",
            schema_example(&spec, "NonWorkingDayCollectionModel"),
        ),
    ]);
    let calendar = block_on(backend.working_days()).unwrap();
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    // Monday 2022-12-19 to Friday 2022-12-23 are worked; the example's weekend is not.
    assert!((19..=23).all(|d| calendar.is_working(day(2022, 12, d))));
    assert!(!calendar.is_working(day(2022, 12, 25)), "a Sunday");
    // The two holidays of the example, one of them on a weekday.
    assert!(!calendar.is_working(day(2022, 5, 1)));
    assert!(!calendar.is_working(day(2022, 12, 24)));
    assert!(calendar.is_working(day(2022, 5, 2)));
}

#[test]
fn the_watcher_examples_decode() {
    let Some(spec) = spec() else { return };
    let backend = answered_with(vec![
        (
            "/work_packages/14/watchers",
            schema_example(&spec, "WatchersModel"),
        ),
        (
            "/work_packages/14/available_watchers",
            schema_example(&spec, "Available_WatchersModel"),
        ),
    ]);
    let names = |users: Vec<tafel::domain::User>| -> Vec<(u64, String)> {
        users.into_iter().map(|u| (u.id.0, u.name)).collect()
    };
    // Listed by name, as every list of people.
    let watching = block_on(backend.watchers(WorkPackageId(14))).unwrap();
    assert_eq!(
        names(watching),
        [
            (2, "Jim Sheppard".to_owned()),
            (1, "John Sheppard".to_owned())
        ]
    );
    let available = block_on(backend.available_watchers(WorkPackageId(14))).unwrap();
    assert_eq!(available.len(), 2);
    assert_eq!(available[1].login, "j.sheppard");
}

#[test]
fn the_attachment_example_decodes() {
    let Some(spec) = spec() else { return };
    let attachment = schema_example(&spec, "AttachmentModel");
    let collection = json!({
        "_type": "Collection", "total": 1, "count": 1,
        "_embedded": {"elements": [attachment]},
        "_links": {"self": {"href": "/api/v3/work_packages/1/attachments"}}
    });
    let backend = answered_with(vec![("/work_packages/1/attachments", collection)]);
    let listed = block_on(backend.attachments(WorkPackageId(1)))
        .unwrap()
        .expect("OpenProject keeps files");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, 1);
    assert_eq!(listed[0].file_name, "cat.png");
    assert_eq!(listed[0].size, Some(24));
    // The example's download address is a path on another host ("/some/remote/aws/url"), which
    // resolves against the server; the static one would be used otherwise. Either way: absolute.
    let download = listed[0].download.as_deref().expect("an address");
    assert!(
        download.starts_with("https://op.example.org/"),
        "{download}"
    );
}

/// A work package's form names the statuses the workflow allows; the example form has the same
/// shape (`_embedded.schema.status._links.allowedValues`).
#[test]
fn the_form_example_names_the_allowed_statuses() {
    let Some(spec) = spec() else { return };
    let backend = answered_with(vec![(
        "/work_packages/7/form",
        schema_example(&spec, "Example_FormModel"),
    )]);
    let allowed = block_on(backend.allowed_statuses(WorkPackageId(7)))
        .unwrap()
        .expect("the form names them");
    assert_eq!(allowed, [StatusId(1), StatusId(2)]);
}

/// Custom fields are named as the schema names them. The description's work package schema
/// examples are abbreviated, so the project schema (the same property shape) stands in.
#[test]
fn custom_fields_take_the_names_and_kinds_their_schema_gives() {
    let Some(spec) = spec() else { return };
    let schema = response_example(&spec, "/api/v3/projects/schema", "get", 200);
    let fields = decode::custom_fields(&schema);
    let named = |key: &str| {
        fields
            .iter()
            .find(|f| f.key == key)
            .unwrap_or_else(|| panic!("{key} in {fields:?}"))
    };
    assert_eq!(named("customField30").name, "Integer project custom field");
    assert_eq!(named("customField35").name, "Text project custom field");
    assert!(named("customField35").required);
    assert!(!named("customField34").required);
    assert!(fields.iter().all(|f| f.key.starts_with("customField")));
}

#[test]
fn the_query_examples_become_saved_views() {
    let Some(spec) = spec() else { return };
    let queries = example(&spec, "QueriesModel");
    let backend = answered_with(vec![("/queries", queries)]);
    let views = block_on(backend.views(ProjectId(3))).unwrap();
    assert_eq!(views.len(), 1);
    assert_eq!(views[0].name, "fdsfdsfdsf");
    assert!(views[0].starred);
    assert!(!views[0].public);
    // Its status filter is "open"; its due-date filter is among the conditions Tafel keeps.
    assert!(views[0].query.contains("status=open"), "{}", views[0].query);
}

/// Grids are OpenProject's boards and dashboards alike; the description's example is a "My page"
/// grid, which is no board of the project and is left out without an error.
#[test]
fn the_grid_example_is_read_and_a_my_page_grid_is_no_board() {
    let Some(spec) = spec() else { return };
    let backend = answered_with(vec![
        ("/projects/1", example(&spec, "Project")),
        ("/grids", example(&spec, "GridSimpleCollectionResponse")),
    ]);
    assert_eq!(block_on(backend.boards(ProjectId(1))).unwrap(), []);
}

#[test]
fn derived_dates_are_read_when_the_server_gives_both() {
    let mut parent = minimal_wp();
    parent["derivedStartDate"] = json!("2026-12-01");
    parent["derivedDueDate"] = json!("2027-01-15");
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    assert_eq!(
        decode_wp(&parent).unwrap().derived_dates,
        Some((day(2026, 12, 1), day(2027, 1, 15)))
    );
    parent["derivedDueDate"] = Value::Null;
    assert_eq!(decode_wp(&parent).unwrap().derived_dates, None);
    assert_eq!(decode_wp(&minimal_wp()).unwrap().derived_dates, None);
}
