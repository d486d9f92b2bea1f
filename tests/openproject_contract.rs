//! The OpenProject backend against the OpenProject-compatible test server (`tests/op-server`),
//! in-process: each request goes through the axum router with `tower::ServiceExt::oneshot`, no socket.
//!
//! It runs the shared backend contract (`tests/support/contract.rs`), then checks what is particular
//! to OpenProject: authentication, the open-only default filter, conflicts, relations.

#[path = "support/contract.rs"]
mod contract;

use axum::body::Body;
use futures::executor::block_on;
use http_body_util::BodyExt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use tafel::api::openproject::{
    Auth, Connection, HttpRequest, HttpResponse, OpenProjectBackend, Transport,
};
use tafel::api::{ApiError, Backend, all_work_packages};
use tafel::domain::{
    Field, Filter, NewRelation, NewWorkPackage, ProjectKey, RelationKind, WorkPackageId,
    WorkPackagePatch, WorkPackageQuery,
};
use tafel_op_server::{ServerOptions, app};
use tower::ServiceExt;

const BASE: &str = "http://op.test";
const KEY: &str = "test-key";

/// Runs each request to completion on a private single-threaded runtime, so the futures the
/// backend awaits are ready at once and any executor (here `futures::executor`) can drive them.
struct InProcess {
    router: axum::Router,
    runtime: tokio::runtime::Runtime,
}

impl InProcess {
    fn new(options: ServerOptions) -> Self {
        Self {
            router: app(options),
            runtime: tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a tokio runtime"),
        }
    }

    fn exchange(&self, request: HttpRequest) -> HttpResponse {
        let mut builder = axum::http::Request::builder()
            .method(request.method.as_str())
            .uri(&request.url);
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let request = builder
            .body(Body::from(request.body.unwrap_or_default()))
            .expect("a valid request");
        self.runtime.block_on(async {
            let response = self
                .router
                .clone()
                .oneshot(request)
                .await
                .expect("infallible");
            let status = response.status().as_u16();
            let content_type = response
                .headers()
                .get(axum::http::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let bytes = response
                .into_body()
                .collect()
                .await
                .expect("a body")
                .to_bytes();
            HttpResponse {
                status,
                content_type,
                retry_after: None,
                body: String::from_utf8_lossy(&bytes).into_owned(),
            }
        })
    }
}

impl Transport for InProcess {
    fn send(
        &self,
        request: HttpRequest,
    ) -> Pin<Box<dyn Future<Output = Result<HttpResponse, ApiError>> + '_>> {
        let response = self.exchange(request);
        Box::pin(async move { Ok(response) })
    }
}

fn backend_with(auth: Auth) -> OpenProjectBackend {
    let connection = Connection {
        base_url: BASE.to_owned(),
        auth,
    };
    OpenProjectBackend::new(
        connection,
        Rc::new(InProcess::new(ServerOptions::default())),
    )
}

fn backend() -> OpenProjectBackend {
    backend_with(Auth::ApiKey(KEY.to_owned()))
}

#[test]
fn the_api_key_is_accepted_and_a_wrong_one_is_unauthenticated() {
    assert!(!block_on(backend().projects()).unwrap().is_empty());
    let wrong = backend_with(Auth::ApiKey("wrong".to_owned()));
    assert_eq!(block_on(wrong.projects()), Err(ApiError::Unauthenticated));
    let bearer = backend_with(Auth::Bearer(KEY.to_owned()));
    assert!(block_on(bearer.statuses()).is_ok());
}

#[test]
fn everything_includes_closed_work_and_filters_split_it() {
    let b = backend();
    let project = block_on(b.projects()).unwrap().remove(0);
    let statuses = block_on(b.statuses()).unwrap();
    let all = block_on(all_work_packages(
        &b,
        project.id,
        WorkPackageQuery::everything(),
    ))
    .unwrap();
    let closed = |wp: &&tafel::domain::WorkPackage| {
        statuses.iter().any(|s| s.id == wp.status && s.is_closed)
    };
    let closed_count = all.iter().filter(closed).count();
    assert!(
        closed_count > 0,
        "the seed has closed work; filters=[] must show it"
    );
    let open_only = block_on(b.work_packages(
        project.id,
        WorkPackageQuery {
            filters: vec![Filter::OpenStatus],
            ..WorkPackageQuery::default()
        },
    ))
    .unwrap();
    assert_eq!(open_only.total, all.len() - closed_count);
}

#[test]
fn create_update_conflict_and_delete() {
    let b = backend();
    let project =
        block_on(b.project(ProjectKey::Id(block_on(b.projects()).unwrap()[0].id))).unwrap();
    let task = block_on(b.types(project.id))
        .unwrap()
        .into_iter()
        .find(|t| !t.is_milestone)
        .unwrap();
    let mut draft = NewWorkPackage::new(project.id, task.id, "Op contract smoke");
    draft.estimated_hours = Some(1.5);
    let created = block_on(b.create_work_package(draft)).unwrap();
    assert_eq!(created.estimated_hours, Some(1.5));
    assert_eq!(block_on(b.work_package(created.id)).unwrap(), created);

    let mut theirs = WorkPackagePatch::based_on(&created);
    theirs.subject = Some("Theirs".to_owned());
    let stored = block_on(b.update_work_package(created.id, theirs)).unwrap();
    let mut mine = WorkPackagePatch::based_on(&created);
    mine.subject = Some("Mine".to_owned());
    assert_eq!(
        block_on(b.update_work_package(created.id, mine)),
        Err(ApiError::Conflict {
            current: Box::new(stored)
        })
    );

    block_on(b.delete_work_package(created.id)).unwrap();
    assert_eq!(
        block_on(b.work_package(created.id)),
        Err(ApiError::NotFound)
    );
}

#[test]
fn a_blank_subject_is_refused_on_the_subject_field() {
    let b = backend();
    let project = block_on(b.projects()).unwrap().remove(0);
    let task = block_on(b.types(project.id)).unwrap().remove(0);
    match block_on(b.create_work_package(NewWorkPackage::new(project.id, task.id, "  "))) {
        Err(ApiError::Invalid(errors)) => {
            assert!(
                errors.iter().any(|e| e.field == Field::Subject),
                "{errors:?}"
            );
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn relations_comments_and_unknown_ids() {
    let b = backend();
    let project = block_on(b.projects()).unwrap().remove(0);
    let task = block_on(b.types(project.id)).unwrap().remove(0);
    let first =
        block_on(b.create_work_package(NewWorkPackage::new(project.id, task.id, "R one"))).unwrap();
    let second =
        block_on(b.create_work_package(NewWorkPackage::new(project.id, task.id, "R two"))).unwrap();
    let relation = block_on(b.create_relation(NewRelation {
        from: first.id,
        to: second.id,
        kind: RelationKind::Precedes,
        lag: Some(2),
        description: String::new(),
    }))
    .unwrap();
    assert_eq!(
        block_on(b.relations(second.id)).unwrap(),
        vec![relation.clone()]
    );
    block_on(b.delete_relation(relation.id)).unwrap();
    assert!(block_on(b.relations(first.id)).unwrap().is_empty());

    let comment = block_on(b.add_comment(first.id, "Looks *good*".to_owned())).unwrap();
    let activities = block_on(b.activities(first.id)).unwrap();
    assert_eq!(activities.last().map(|a| a.id), Some(comment.id));
    assert_eq!(comment.comment.as_deref(), Some("Looks *good*"));

    let unknown = WorkPackageId(987_654_321);
    assert_eq!(block_on(b.relations(unknown)), Err(ApiError::NotFound));
    assert_eq!(block_on(b.activities(unknown)), Err(ApiError::NotFound));
}

#[test]
fn openproject_backend_passes_the_contract() {
    contract::run_contract(&|| {
        let backend: Rc<dyn Backend> = Rc::new(backend());
        backend
    });
}

#[test]
fn a_project_offers_only_its_enabled_types() {
    let b = backend();
    let projects = block_on(b.projects()).unwrap();
    let names = |identifier: &str| -> Vec<String> {
        let project = projects
            .iter()
            .find(|p| p.identifier == identifier)
            .expect("seeded project");
        block_on(b.types(project.id))
            .unwrap()
            .into_iter()
            .map(|t| t.name)
            .collect()
    };
    assert_eq!(names("office-move"), ["Task", "Milestone"]);
    assert_eq!(
        names("city-portal"),
        ["Task", "Feature", "Bug", "Milestone"]
    );
}

/// The server caps the page size (OpenProject's `apiv3_max_page_size`); the pages after the first
/// are fetched side by side, and every work package arrives exactly once.
#[test]
fn all_pages_arrive_when_the_server_caps_the_page_size() {
    let options = ServerOptions {
        max_page_size: 4,
        ..ServerOptions::default()
    };
    let capped = OpenProjectBackend::new(
        Connection {
            base_url: BASE.to_owned(),
            auth: Auth::ApiKey(KEY.to_owned()),
        },
        Rc::new(InProcess::new(options)),
    );
    let project = block_on(capped.projects()).unwrap().remove(0);
    let all = block_on(all_work_packages(
        &capped,
        project.id,
        WorkPackageQuery::everything(),
    ))
    .unwrap();
    let reference = block_on(all_work_packages(
        &backend(),
        project.id,
        WorkPackageQuery::everything(),
    ))
    .unwrap();
    assert!(reference.len() > 8, "the seed needs more than two pages");
    let ids = |wps: &[tafel::domain::WorkPackage]| {
        let mut ids: Vec<_> = wps.iter().map(|wp| wp.id).collect();
        ids.sort_unstable();
        ids
    };
    assert_eq!(ids(&all), ids(&reference));
}

/// Changes the server's answer to a request before the backend sees it.
type Rewrite = Box<dyn Fn(&HttpRequest, HttpResponse) -> HttpResponse>;

/// Counts how many requests are in flight: each answer is held back for one poll, so requests sent
/// together are all in flight before the first is answered.
struct InFlight {
    inner: InProcess,
    now: std::cell::Cell<usize>,
    most: std::cell::Cell<usize>,
    rewrite: Rewrite,
}

impl InFlight {
    fn new(
        options: ServerOptions,
        rewrite: impl Fn(&HttpRequest, HttpResponse) -> HttpResponse + 'static,
    ) -> Self {
        Self {
            inner: InProcess::new(options),
            now: std::cell::Cell::new(0),
            most: std::cell::Cell::new(0),
            rewrite: Box::new(rewrite),
        }
    }
}

impl Transport for InFlight {
    fn send(
        &self,
        request: HttpRequest,
    ) -> Pin<Box<dyn Future<Output = Result<HttpResponse, ApiError>> + '_>> {
        self.now.set(self.now.get() + 1);
        self.most.set(self.most.get().max(self.now.get()));
        Box::pin(async move {
            let mut held = false;
            std::future::poll_fn(|cx| {
                if held {
                    std::task::Poll::Ready(())
                } else {
                    held = true;
                    cx.waker().wake_by_ref();
                    std::task::Poll::Pending
                }
            })
            .await;
            let response = (self.rewrite)(&request, self.inner.exchange(request.clone()));
            self.now.set(self.now.get() - 1);
            Ok(response)
        })
    }
}

fn over(transport: Rc<InFlight>) -> OpenProjectBackend {
    OpenProjectBackend::new(
        Connection {
            base_url: BASE.to_owned(),
            auth: Auth::ApiKey(KEY.to_owned()),
        },
        transport,
    )
}

/// Pages after the first are fetched a few at a time: more than one (to hide each page's latency),
/// never all at once (the browser allows six requests per host, and the user's own must get through).
#[test]
fn the_pages_of_a_large_query_are_fetched_a_few_at_a_time() {
    let options = ServerOptions {
        max_page_size: 2,
        ..ServerOptions::default()
    };
    let transport = Rc::new(InFlight::new(options, |_, response| response));
    let capped = over(transport.clone());
    let project = block_on(capped.projects()).unwrap().remove(0);
    transport.most.set(0);
    let all = block_on(all_work_packages(
        &capped,
        project.id,
        WorkPackageQuery::everything(),
    ))
    .unwrap();
    assert!(all.len() > 12, "the seed needs more than six pages of two");
    assert_eq!(transport.most.get(), 4);
}

/// A server whose pages hold fewer work packages than its `total` promises (and whose total did not
/// change while they were read) is broken: the board would silently miss work.
#[test]
fn pages_that_fall_short_of_their_total_are_an_error() {
    let options = ServerOptions {
        max_page_size: 2,
        ..ServerOptions::default()
    };
    // The third page comes back empty, as if the server lost it.
    let transport = Rc::new(InFlight::new(options, |request, mut response| {
        if request.url.contains("/work_packages?") && request.url.contains("offset=3&") {
            let mut page: serde_json::Value = serde_json::from_str(&response.body).unwrap();
            page["count"] = 0.into();
            page["_embedded"]["elements"] = serde_json::json!([]);
            response.body = page.to_string();
        }
        response
    }));
    let capped = over(transport);
    let project = block_on(capped.projects()).unwrap().remove(0);
    let result = block_on(all_work_packages(
        &capped,
        project.id,
        WorkPackageQuery::everything(),
    ));
    assert!(
        matches!(&result, Err(ApiError::Decode(reason)) if reason.contains("total")),
        "{result:?}"
    );
}

/// The create form tells which statuses a new work package may start in (the workflow from the
/// default status); the board's create dialog offers only those.
#[test]
fn new_work_packages_start_only_where_the_workflow_allows() {
    let b = backend();
    let project = block_on(b.projects()).unwrap().remove(0);
    let task = block_on(b.types(project.id)).unwrap().remove(0);
    let statuses = block_on(b.statuses()).unwrap();
    let allowed = block_on(b.allowed_new_statuses(project.id, task.id))
        .unwrap()
        .expect("OpenProject names the allowed statuses");
    let names: Vec<&str> = statuses
        .iter()
        .filter(|s| allowed.contains(&s.id))
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(names, ["New", "In progress", "Rejected"]);
}

/// Custom fields: named by the project's schemas, read on every work package, and a text one
/// written back (and cleared) through the update.
#[test]
fn a_custom_text_field_is_named_read_and_written() {
    let b = backend();
    let projects = block_on(b.projects()).unwrap();
    let city = projects
        .iter()
        .find(|p| p.identifier == "city-portal")
        .unwrap();
    let office = projects
        .iter()
        .find(|p| p.identifier == "office-move")
        .unwrap();
    let fields = block_on(b.custom_fields(city.id)).unwrap();
    assert_eq!(fields.len(), 10);
    assert_eq!(
        (fields[0].key.as_str(), fields[0].name.as_str()),
        ("customField1", "Cost centre")
    );
    assert_eq!(fields[0].kind, tafel::domain::CustomKind::Text);
    assert!(fields[0].writable);
    assert_eq!(fields[0].max_length, Some(255));
    assert!(block_on(b.custom_fields(office.id)).unwrap().is_empty());

    let all = block_on(all_work_packages(
        &b,
        city.id,
        WorkPackageQuery::everything(),
    ))
    .unwrap();
    let with_value = all
        .iter()
        .find(|wp| wp.custom.get("customField1").map(String::as_str) == Some("KST-4711"))
        .expect("the seed sets a cost centre on some work packages");

    let mut patch = WorkPackagePatch::based_on(with_value);
    patch
        .custom
        .insert("customField1".to_owned(), Some("KST-1000".to_owned()));
    let updated = block_on(b.update_work_package(with_value.id, patch)).unwrap();
    assert_eq!(updated.custom["customField1"], "KST-1000");
    assert_eq!(
        block_on(b.work_package(with_value.id)).unwrap().custom["customField1"],
        "KST-1000"
    );

    let mut clear = WorkPackagePatch::based_on(&updated);
    clear.custom.insert("customField1".to_owned(), None);
    let cleared = block_on(b.update_work_package(with_value.id, clear)).unwrap();
    assert!(!cleared.custom.contains_key("customField1"));

    let mut too_long = WorkPackagePatch::based_on(&cleared);
    too_long
        .custom
        .insert("customField1".to_owned(), Some("x".repeat(300)));
    match block_on(b.update_work_package(with_value.id, too_long)) {
        Err(ApiError::Invalid(errors)) => assert!(
            errors.iter().any(|e| e.field == Field::Custom(1)),
            "{errors:?}"
        ),
        other => panic!("expected the cost centre to be refused, got {other:?}"),
    }
}

/// Custom fields of every kind: their kinds and options come from the schema, a value of each is
/// written as OpenProject takes it and read back the same, and a bad one is refused at its field
/// even when the change was queued before the schema was read (a reload with a full outbox).
#[test]
fn custom_fields_of_every_kind_are_written_and_read_back() {
    use tafel::domain::CustomKind;
    let b = backend();
    let wp = block_on(b.work_package(WorkPackageId(1))).unwrap();
    let mut bad = WorkPackagePatch::based_on(&wp);
    bad.custom
        .insert("customField7".to_owned(), Some("21".to_owned()));
    match block_on(b.update_work_package(wp.id, bad)) {
        Err(ApiError::Invalid(errors)) => assert!(
            errors.iter().any(|e| e.field == Field::Custom(7)),
            "{errors:?}"
        ),
        other => panic!("expected the office to be refused, got {other:?}"),
    }
    let fields = block_on(b.custom_fields(wp.project)).unwrap();
    let kinds: Vec<(CustomKind, bool)> = fields.iter().map(|f| (f.kind, f.multi)).collect();
    assert_eq!(
        kinds,
        [
            (CustomKind::Text, false),
            (CustomKind::LongText, false),
            (CustomKind::Integer, false),
            (CustomKind::Float, false),
            (CustomKind::Boolean, false),
            (CustomKind::Date, false),
            (CustomKind::List, false),
            (CustomKind::User, false),
            (CustomKind::Version, false),
            (CustomKind::List, true),
        ]
    );
    // Story points are required for features only, as their type's schema says.
    assert!(!fields[2].required);
    let types = block_on(b.types(wp.project)).unwrap();
    let feature = types.iter().find(|t| t.name == "Feature").unwrap().id;
    let task = types.iter().find(|t| t.name == "Task").unwrap().id;
    assert!(fields[2].for_type(feature).required);
    assert!(!fields[2].for_type(task).required);
    let form = block_on(b.new_form(wp.project, feature)).unwrap();
    let points = form
        .custom_fields
        .expect("the create form names the fields")
        .into_iter()
        .find(|f| f.key == "customField3")
        .unwrap();
    assert!(
        points.required,
        "the create form of a feature requires story points"
    );
    let options: Vec<&str> = fields[6].options.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(
        options,
        [
            "Town hall",
            "Citizens' office Mitte",
            "Citizens' office Nord"
        ]
    );
    assert_eq!(wp.custom["customField7"], "12");
    let values = [
        ("customField2", "*first*\nsecond"),
        ("customField3", "13"),
        ("customField4", "2.5"),
        ("customField5", "true"),
        ("customField6", "2026-12-01"),
        ("customField7", "13"),
        ("customField8", "2"),
        ("customField9", "2"),
        ("customField10", "21,23"),
    ];
    let mut patch = WorkPackagePatch::based_on(&wp);
    for (key, value) in values {
        patch.custom.insert(key.to_owned(), Some(value.to_owned()));
    }
    block_on(b.update_work_package(wp.id, patch)).unwrap();
    let read = block_on(b.work_package(wp.id)).unwrap();
    for (key, value) in values {
        assert_eq!(
            read.custom.get(key).map(String::as_str),
            Some(value),
            "{key}"
        );
    }
}

/// The working-day calendar is the server's: its week days and its holidays count in scheduling.
#[test]
fn the_calendar_comes_from_the_server_with_its_holidays() {
    let calendar = block_on(backend().working_days()).unwrap();
    let day = |m, d| chrono::NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    assert!(calendar.is_working(day(12, 24)), "a Thursday");
    assert!(!calendar.is_working(day(12, 25)), "Christmas Day, a Friday");
    assert!(!calendar.is_working(day(12, 26)), "a Saturday");
    // From Thursday 24 Dec the next working day is Monday 28.
    assert_eq!(calendar.next_working_day(day(12, 24)), day(12, 28));
}

#[test]
fn attachments_come_with_an_absolute_download_address_on_the_server() {
    let b = backend();
    let list = block_on(b.attachments(WorkPackageId(1)))
        .unwrap()
        .expect("a server keeps files");
    let names: Vec<&str> = list.iter().map(|a| a.file_name.as_str()).collect();
    assert_eq!(names, ["departments.csv", "kick-off notes.txt"]);
    assert_eq!(
        list[0].download.as_deref(),
        Some("http://op.test/api/v3/attachments/1/content")
    );
    assert_eq!(list[0].author, "Lukas Becker");
    assert_eq!(list[0].size, Some(79));
}

/// A custom field required for one type: a new work package of that type is refused without it,
/// at the field and in words naming it, and created with it (written as the update writes it);
/// a work package of another type needs none.
#[test]
fn a_required_custom_field_is_asked_for_at_creation_of_its_type_only() {
    let b = backend();
    let project = block_on(b.projects())
        .unwrap()
        .into_iter()
        .find(|p| p.identifier == "city-portal")
        .unwrap();
    let types = block_on(b.types(project.id)).unwrap();
    let feature = types.iter().find(|t| t.name == "Feature").unwrap().id;
    let task = types.iter().find(|t| t.name == "Task").unwrap().id;
    block_on(b.custom_fields(project.id)).unwrap();
    let mut draft = NewWorkPackage::new(project.id, feature, "Parking permits");
    match block_on(b.create_work_package(draft.clone())) {
        Err(ApiError::Invalid(errors)) => assert!(
            errors.iter().any(|e| e.field == Field::Custom(3)
                && matches!(&e.problem, tafel::domain::Problem::Server(text) if text.contains("Story points"))),
            "{errors:?}"
        ),
        other => panic!("expected the story points to be asked for, got {other:?}"),
    }
    draft
        .custom
        .insert("customField3".to_owned(), "5".to_owned());
    draft
        .custom
        .insert("customField7".to_owned(), "13".to_owned());
    let created = block_on(b.create_work_package(draft)).unwrap();
    assert_eq!(created.custom["customField3"], "5");
    assert_eq!(created.custom["customField7"], "13");
    let quick = NewWorkPackage::new(project.id, task, "Quick");
    assert!(block_on(b.create_work_package(quick)).is_ok());
}
