//! Property-based fuzzing of the OpenProject HAL+JSON decoders (`api::openproject::decode`, `hal`,
//! the custom field pass, query strings). What a server or a proxy sends is untrusted: whatever
//! it is, decoding must not panic, a malformed answer must be `ApiError::Decode`, and a valid one
//! must still decode to what it says.
//!
//! Short run: part of `cargo test` ([`fuzz_json::DEFAULT_CASES`] cases per property).
//! Long run: `PROPTEST_CASES=100000 cargo test --test fuzz_decoders` (see SECURITY.md). A debug
//! build is the better fuzzer: it keeps the integer overflow checks that a release build drops.

#[path = "support/fuzz_json.rs"]
mod fuzz_json;

use fuzz_json::{any_json, awkward_string, config, mutate, mutation, truncated};
use proptest::prelude::*;
use serde_json::value::RawValue;
use serde_json::{Value, json};
use tafel::api::ApiError;
use tafel::api::openproject::saved_views::{query_body, view_of};
use tafel::api::openproject::{HttpResponse, decode, hal};
use tafel::domain::saved_view::{ViewDraft, ViewKind, decode_query};
use tafel::domain::{ProjectId, UserId, WorkPackageId};

fn is_decode(result: &Result<impl std::fmt::Debug, ApiError>) -> bool {
    matches!(result, Ok(_) | Err(ApiError::Decode(_)))
}

// ----- generators --------------------------------------------------------------------------------

/// The facts a valid work package states, to compare with what the decoder makes of it.
#[derive(Debug, Clone)]
struct WpFacts {
    id: u64,
    project: u64,
    subject: String,
    assignee: Option<u64>,
    lock_version: u64,
    percentage: Option<u8>,
}

fn wp_facts() -> impl Strategy<Value = WpFacts> {
    (
        1..=u64::MAX,
        1..=u64::MAX,
        ".{0,40}",
        prop::option::of(1..=u64::MAX),
        any::<u64>(),
        prop::option::of(0..=100_u8),
    )
        .prop_map(
            |(id, project, subject, assignee, lock_version, percentage)| WpFacts {
                id,
                project,
                subject,
                assignee,
                lock_version,
                percentage,
            },
        )
}

/// A work package as OpenProject sends it, with custom fields and links Tafel does not read.
fn hal_wp(f: &WpFacts) -> Value {
    json!({
        "_type": "WorkPackage",
        "id": f.id,
        "lockVersion": f.lock_version,
        "subject": f.subject,
        "description": {"format": "markdown", "raw": "**x**", "html": "<p><b>x</b></p>"},
        "startDate": "2026-11-02",
        "dueDate": "2026-11-06",
        "duration": "P5D",
        "estimatedTime": "P1DT18H",
        "percentageDone": f.percentage,
        "scheduleManually": false,
        "createdAt": "2026-01-02T03:04:05.123Z",
        "updatedAt": "2026-01-03T03:04:05Z",
        "customField3": {"format": "markdown", "raw": "kst", "html": "<p>kst</p>"},
        "customField4": 12.5,
        "_links": {
            "self": {"href": format!("/api/v3/work_packages/{}", f.id), "title": f.subject},
            "project": {"href": format!("/api/v3/projects/{}", f.project)},
            "type": {"href": "/api/v3/types/1", "title": "Task"},
            "status": {"href": "/api/v3/statuses/7"},
            "priority": {"href": "/api/v3/priorities/8"},
            "assignee": {"href": f.assignee.map(|a| format!("/api/v3/users/{a}"))},
            "responsible": {"href": "urn:openproject-org:api:v3:undisclosed"},
            "version": {"href": null},
            "update": {"href": "/api/v3/work_packages/1/form", "method": "post"},
            "customField5": {"href": "/api/v3/custom_options/3", "title": "Berlin"},
            "children": [{"href": "/api/v3/work_packages/99"}]
        }
    })
}

fn collection(elements: Vec<Value>) -> Value {
    let n = elements.len();
    json!({
        "_type": "Collection", "total": n, "count": n, "pageSize": 100, "offset": 1,
        "_embedded": {"elements": elements}
    })
}

fn response(body: String) -> HttpResponse {
    HttpResponse {
        status: 200,
        content_type: Some("application/hal+json; charset=utf-8".to_owned()),
        retry_after: None,
        body,
    }
}

/// A collection page decoded the way the backend does it: elements kept raw, each decoded alone.
fn decode_page(body: &str) -> Result<Vec<tafel::domain::WorkPackage>, ApiError> {
    let collection: hal::Collection<Box<RawValue>> = decode::json(&response(body.to_owned()))?;
    let (elements, _total) = decode::page(collection)?;
    elements
        .iter()
        .map(|e| decode::work_package_text(e.get()))
        .collect()
}

/// Every resource decoder, each fed the same JSON value.
fn decode_every_resource(value: &Value) -> Vec<Result<(), ApiError>> {
    fn run<H: serde::de::DeserializeOwned, D>(
        value: &Value,
        decode: impl FnOnce(H) -> Result<D, ApiError>,
    ) -> Result<(), ApiError> {
        let raw = RawValue::from_string(value.to_string()).expect("valid JSON");
        decode(decode::element::<H>(&raw)?).map(drop)
    }
    vec![
        run(value, decode::work_package),
        run(value, decode::status),
        run(value, decode::wp_type),
        run(value, decode::priority),
        run(value, decode::user),
        run(value, decode::project),
        run(value, |v| decode::version(v, ProjectId(1))),
        run(value, decode::relation),
        run(value, |a| decode::activity(a, WorkPackageId(1))),
        decode::work_package_text(&value.to_string()).map(drop),
    ]
}

// ----- properties --------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    /// Valid input still decodes, to what it says.
    #[test]
    fn a_valid_work_package_decodes_to_what_it_states(facts in wp_facts()) {
        let text = hal_wp(&facts).to_string();
        let wp = decode::work_package_text(&text).unwrap();
        prop_assert_eq!(wp.id, WorkPackageId(facts.id));
        prop_assert_eq!(wp.project, ProjectId(facts.project));
        prop_assert_eq!(&wp.subject, &facts.subject);
        prop_assert_eq!(wp.assignee, facts.assignee.map(UserId));
        prop_assert_eq!(wp.responsible, None);
        prop_assert_eq!(wp.lock_version, facts.lock_version);
        prop_assert_eq!(wp.percentage_done, facts.percentage.unwrap_or(0));
        prop_assert_eq!(wp.estimated_hours, Some(42.0));
        prop_assert_eq!(wp.duration_days, Some(5));
        prop_assert_eq!(wp.custom.get("customField5").map(String::as_str), Some("3"));
        prop_assert!(wp.permissions.update && !wp.permissions.delete);
        // The same element in a collection page.
        let page = decode_page(&collection(vec![hal_wp(&facts)]).to_string()).unwrap();
        prop_assert_eq!(page, vec![wp]);
    }

    /// A valid work package changed in one place (a member of the wrong type, `null`, removed, an
    /// extra member, anywhere in the tree) decodes or is refused as `Decode`, never panics.
    #[test]
    fn a_mutated_work_package_decodes_or_is_a_decode_error(
        facts in wp_facts(),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let mut value = hal_wp(&facts);
        for (path, m) in mutations {
            mutate(&mut value, &path, m);
        }
        for result in decode_every_resource(&value) {
            prop_assert!(is_decode(&result), "{result:?}");
        }
        let page = decode_page(&collection(vec![value.clone(), hal_wp(&facts)]).to_string());
        prop_assert!(is_decode(&page), "{page:?}");
    }

    /// A collection changed anywhere (its counts, its `_embedded`, its elements).
    #[test]
    fn a_mutated_collection_decodes_or_is_a_decode_error(
        facts in prop::collection::vec(wp_facts(), 0..3),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let mut value = collection(facts.iter().map(hal_wp).collect());
        for (path, m) in mutations {
            mutate(&mut value, &path, m);
        }
        let page = decode_page(&value.to_string());
        prop_assert!(is_decode(&page), "{page:?}");
    }

    /// Any JSON value at all, given to every decoder.
    #[test]
    fn any_json_value_decodes_or_is_a_decode_error(value in any_json()) {
        for result in decode_every_resource(&value) {
            prop_assert!(is_decode(&result), "{result:?}");
        }
        let page = decode_page(&value.to_string());
        prop_assert!(is_decode(&page), "{page:?}");
        // Schemas are read leniently: any shape gives some (possibly empty) list.
        let _ = decode::custom_fields(&value);
    }

    /// A body cut short (a dropped connection, a proxy's size limit) is always refused.
    #[test]
    fn a_truncated_body_is_a_decode_error(
        facts in prop::collection::vec(wp_facts(), 1..3),
        cut in any::<prop::sample::Index>(),
    ) {
        let single = hal_wp(&facts[0]).to_string();
        let cut_single = truncated(&single, cut);
        prop_assert!(matches!(decode::work_package_text(cut_single), Err(ApiError::Decode(_))));
        let page = collection(facts.iter().map(hal_wp).collect()).to_string();
        let cut_page = truncated(&page, cut);
        prop_assert!(matches!(decode_page(cut_page), Err(ApiError::Decode(_))));
    }

    /// Random bytes (made text the way the transport does, lossily), with any content type.
    #[test]
    fn random_bytes_are_a_decode_error(
        bytes in prop::collection::vec(any::<u8>(), 0..200),
        content_type in prop::option::of(prop_oneof![
            Just("application/hal+json".to_owned()),
            Just("text/html".to_owned()),
            ".{0,20}",
        ]),
    ) {
        let body = String::from_utf8_lossy(&bytes).into_owned();
        let wp = decode::work_package_text(&body);
        prop_assert!(is_decode(&wp), "{wp:?}");
        let response = HttpResponse { status: 200, content_type, retry_after: None, body };
        let value: Result<Value, ApiError> = decode::json(&response);
        prop_assert!(is_decode(&value), "{value:?}");
    }

    /// Error answers: any status and any body give an error value, with the fixed meanings of
    /// 401/403/404 kept whatever the body says.
    #[test]
    fn any_error_answer_maps_to_an_error_value(
        status in 100_u16..600,
        body in prop_oneof![
            any_json().prop_map(|v| v.to_string()),
            ".{0,300}",
            (any_json(), prop::collection::vec(mutation(), 0..3)).prop_map(|(detail, ms)| {
                let mut v = json!({
                    "_type": "Error",
                    "errorIdentifier": "urn:openproject-org:api:v3:errors:MultipleErrors",
                    "message": "Multiple field constraints have been violated.",
                    "_embedded": {"errors": [
                        {"message": ["Subject can't be blank."],
                         "_embedded": {"details": {"attribute": "subject"}}},
                        {"message": "x", "_embedded": {"details": {"attribute": detail}}}
                    ]}
                });
                for (path, m) in ms {
                    mutate(&mut v, &path, m);
                }
                v.to_string()
            }),
        ],
    ) {
        let error = decode::error(&HttpResponse {
            status,
            content_type: Some("application/hal+json".to_owned()),
            retry_after: None,
            body,
        });
        match status {
            401 => prop_assert_eq!(error, ApiError::Unauthenticated),
            403 => prop_assert_eq!(error, ApiError::Forbidden),
            404 => prop_assert_eq!(error, ApiError::NotFound),
            429 => prop_assert_eq!(error, ApiError::Busy { retry_after_s: None }),
            422 => prop_assert!(
                matches!(error, ApiError::Invalid(_) | ApiError::Server { .. }),
                "{error:?}"
            ),
            500..=599 => prop_assert!(matches!(error, ApiError::Server { .. }), "{error:?}"),
            _ => prop_assert!(matches!(error, ApiError::Decode(_)), "{error:?}"),
        }
    }

    /// The small text parsers: durations, hrefs, attribute names, query strings.
    #[test]
    fn the_text_parsers_never_panic(text in prop_oneof![awkward_string(), ".{0,80}"]) {
        if let Some(seconds) = decode::parse_duration(&text) {
            prop_assert!(seconds >= 0.0, "{text} gave {seconds}");
        }
        let _ = decode::duration_hours(&text);
        let _ = decode::duration_days(&text);
        let _ = decode::id_from_href(&text);
        let _ = decode::field_for_attribute(&text);
        let _ = decode_query(&text);
    }

    /// Hours written as a duration read back as the same hours (to the second).
    #[test]
    fn written_hours_read_back(seconds in 0_u64..10_000_000_000) {
        #[allow(clippy::cast_precision_loss)] // below 2^53: exact
        let hours = seconds as f64 / 3_600.0;
        let back = decode::duration_hours(&decode::format_hours(hours)).unwrap();
        prop_assert!((back - hours).abs() < 1e-6, "{hours} -> {back}");
    }
}

// ----- saved views (OpenProject queries) ---------------------------------------------------------

/// A view's URL parameters: the ones Tafel writes, with odd values, and garbage.
fn view_query() -> impl Strategy<Value = String> {
    let pair = prop_oneof![
        prop::sample::select(
            &[
                "status=open",
                "status=closed",
                "status=5",
                "assignee=none",
                "assignee=me",
                "assignee=3",
                "type=2",
                "priority=8",
                "version=none",
                "version=4",
                "due=week",
                "due=overdue",
                "due=none",
                "sort=-dueDate",
                "sort=subject",
                "sort=-priority%2CdueDate",
                "sort=-",
                "cols=id%2Cstatus%2Csubject",
                "cols=",
                "group=assignee",
                "group=nonsense",
                "tree=1",
                "q=%2312",
                "q=login",
                "f=status%3A!%3A3",
                "f=assignee%3A%3D%3Ame%7C3",
                "f=dueDate%3A%3Ct%2B%3A7",
                "f=subject%3A!~%3Adraft",
                "f=updatedAt%3A%3C%3Ed%3A2026-01-01%7C",
                "f=responsible%3A*%3A",
                "f=%ZZ",
                "f=::",
                "%",
                "=",
                "&",
            ][..]
        )
        .prop_map(str::to_owned),
        ("[a-z]{1,8}", "[a-z0-9%:|,=!~*<>+-]{0,12}").prop_map(|(k, v)| format!("{k}={v}")),
    ];
    prop::collection::vec(pair, 0..6).prop_map(|pairs| pairs.join("&"))
}

fn draft(query: String, gantt: bool) -> ViewDraft {
    ViewDraft {
        id: None,
        project: ProjectId(1),
        name: "Mine".to_owned(),
        kind: if gantt {
            ViewKind::Gantt
        } else {
            ViewKind::Table
        },
        query,
        public: true,
        starred: false,
    }
}

/// The query as the server answers a save: the body sent, with an id.
fn answered(body: &Value) -> Value {
    let mut query = body.clone();
    query["id"] = json!(7);
    query
}

proptest! {
    #![proptest_config(config())]

    /// Whatever a view's parameters say, saving it to OpenProject and reading it back gives a
    /// view, and doing so once more changes nothing: what Tafel cannot say is dropped on the first
    /// trip, never turned into something else on the next.
    #[test]
    fn a_saved_view_reads_back_the_same_after_one_trip(query in view_query(), gantt in any::<bool>()) {
        let first = view_of(&answered(&query_body(&draft(query, gantt), "Mine")), ProjectId(1), None).unwrap();
        prop_assert_eq!(first.kind, if gantt { ViewKind::Gantt } else { ViewKind::Table });
        let second = view_of(&answered(&query_body(&draft(first.query.clone(), gantt), "Mine")), ProjectId(1), None).unwrap();
        prop_assert_eq!(&second.query, &first.query);
        prop_assert!(!second.partial);
    }

    /// A query as another client (or a hostile author on a shared instance) may have saved it.
    #[test]
    fn a_mutated_query_gives_a_view_or_none(
        query in view_query(),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let mut value = answered(&query_body(&draft(query, false), "Mine"));
        for (path, m) in mutations {
            mutate(&mut value, &path, m);
        }
        if let Some(view) = view_of(&value, ProjectId(1), None) {
            let _ = query_body(&draft(view.query, false), &view.name);
        }
        let _ = view_of(&any_json_probe(&value), ProjectId(1), None);
    }

    #[test]
    fn any_json_is_a_view_or_none(value in any_json()) {
        let _ = view_of(&value, ProjectId(1), None);
    }
}

/// The same query with its filters replaced by what is in its `_links` (shapes swapped around).
fn any_json_probe(value: &Value) -> Value {
    json!({"id": 1, "name": "x", "filters": value.get("_links").cloned().unwrap_or(Value::Null),
           "_links": value.get("filters").cloned().unwrap_or(Value::Null)})
}
