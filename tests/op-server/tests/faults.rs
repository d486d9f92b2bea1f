//! Fault injection on a started server, seen from the wire: what each kind does to the answer, that
//! writes which are "processed" happen exactly once, and what is never faulted.

mod common;
mod socket;

use serde_json::{Value, json};
use socket::{Wire, send, start};
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tafel_op_server::ServerOptions;

const ORIGIN: &str = "http://tafel.test";

async fn server() -> SocketAddr {
    start(ServerOptions {
        allowed_origins: vec![ORIGIN.to_owned()],
        ..common::options()
    })
    .await
}

fn auth() -> String {
    common::basic(common::KEY)
}

async fn api(addr: SocketAddr, method: &str, path: &str, body: Option<&Value>) -> Wire {
    send(addr, method, path, &[("Authorization", &auth())], body).await
}

async fn set_faults(addr: SocketAddr, config: &Value) {
    let reply = send(addr, "POST", "/__test/faults", &[], Some(config)).await;
    assert_eq!(
        reply.status,
        Some(200),
        "{}",
        String::from_utf8_lossy(&reply.raw)
    );
}

async fn clear_faults(addr: SocketAddr) -> Value {
    send(addr, "DELETE", "/__test/faults", &[], None)
        .await
        .json()
        .expect("stats")
}

/// The work package as stored, read with faults off.
async fn work_package(addr: SocketAddr, id: u64) -> Value {
    api(addr, "GET", &format!("/api/v3/work_packages/{id}"), None)
        .await
        .json()
        .expect("a work package")
}

async fn activity_count(addr: SocketAddr, id: u64) -> usize {
    let reply = api(
        addr,
        "GET",
        &format!("/api/v3/work_packages/{id}/activities"),
        None,
    )
    .await;
    reply.json().expect("activities")["_embedded"]["elements"]
        .as_array()
        .expect("elements")
        .len()
}

/// PATCHes the subject of work package 1 with its current lockVersion under `kind` (rate 1, PATCH
/// only), then reads it back with faults off: (reply, lockVersion before, stored after, new
/// activities, stats).
async fn patch_under(kind: &str) -> (Wire, i64, Value, usize, Value) {
    let addr = server().await;
    let before = work_package(addr, 1).await;
    let lock = before["lockVersion"].as_i64().expect("lockVersion");
    let journal = activity_count(addr, 1).await;
    set_faults(addr, &json!({"kinds": [kind], "methods": ["PATCH"]})).await;
    let body = json!({"lockVersion": lock, "subject": format!("Under {kind}")});
    let reply = api(addr, "PATCH", "/api/v3/work_packages/1", Some(&body)).await;
    let stats = clear_faults(addr).await;
    let after = work_package(addr, 1).await;
    let added = activity_count(addr, 1).await - journal;
    (reply, lock, after, added, stats)
}

#[tokio::test]
async fn drop_before_closes_without_an_answer_and_without_the_write() {
    let (reply, lock, after, added, stats) = patch_under("drop_before").await;
    assert!(
        reply.raw.is_empty(),
        "got {:?}",
        String::from_utf8_lossy(&reply.raw)
    );
    assert_eq!(after["lockVersion"], lock);
    assert_ne!(after["subject"], "Under drop_before");
    assert_eq!(added, 0);
    assert_eq!(stats["faulted"]["drop_before"], 1);
}

#[tokio::test]
async fn drop_after_closes_without_an_answer_but_the_write_happened_once() {
    let (reply, lock, after, added, stats) = patch_under("drop_after").await;
    assert!(
        reply.raw.is_empty(),
        "got {:?}",
        String::from_utf8_lossy(&reply.raw)
    );
    assert_eq!(after["lockVersion"], lock + 1);
    assert_eq!(after["subject"], "Under drop_after");
    assert_eq!(added, 1, "one journal entry for one write");
    assert_eq!(stats["faulted"]["drop_after"], 1);
}

#[tokio::test]
async fn truncate_sends_the_status_and_half_the_body_after_writing_once() {
    let (reply, lock, after, added, stats) = patch_under("truncate").await;
    assert_eq!(reply.status, Some(200));
    let announced = reply
        .content_length()
        .expect("Content-Length of the whole body");
    assert_eq!(reply.body.len(), announced / 2);
    assert!(!reply.complete());
    assert!(reply.json().is_none(), "half a body is not JSON");
    assert_eq!(after["lockVersion"], lock + 1);
    assert_eq!(after["subject"], "Under truncate");
    assert_eq!(added, 1);
    assert_eq!(stats["faulted"]["truncate"], 1);
}

#[tokio::test]
async fn truncating_an_empty_answer_drops_it_and_the_delete_still_happened() {
    let addr = server().await;
    set_faults(addr, &json!({"kinds": ["truncate"], "methods": ["DELETE"]})).await;
    let reply = api(addr, "DELETE", "/api/v3/work_packages/29", None).await;
    assert!(reply.raw.is_empty(), "a 204 has nothing to cut: {reply:?}");
    clear_faults(addr).await;
    let gone = api(addr, "GET", "/api/v3/work_packages/29", None).await;
    assert_eq!(gone.status, Some(404));
}

#[tokio::test]
async fn error_answers_come_without_processing_in_openproject_error_shape() {
    let cases = [
        ("error500", 500, "InternalServerError"),
        ("error503_retry_after", 503, "ServiceUnavailable"),
        ("error429", 429, "TooManyRequests"),
        ("unauthorized", 401, "Unauthenticated"),
    ];
    for (kind, status, identifier) in cases {
        let (reply, lock, after, added, stats) = patch_under(kind).await;
        assert_eq!(reply.status, Some(status), "{kind}");
        assert!(reply.complete(), "{kind}: a whole answer");
        let body = reply.json().expect("JSON error");
        assert_eq!(body["_type"], "Error");
        assert_eq!(
            body["errorIdentifier"],
            format!("urn:openproject-org:api:v3:errors:{identifier}")
        );
        assert_eq!(
            reply.header("content-type"),
            Some("application/hal+json; charset=utf-8")
        );
        let retry_after = reply.header("retry-after");
        if status == 503 || status == 429 {
            assert_eq!(retry_after, Some("1"), "{kind}");
        } else {
            assert_eq!(retry_after, None, "{kind}");
        }
        if status == 401 {
            assert!(reply.header("www-authenticate").is_some());
        }
        if let Some(spec) = common::spec() {
            spec.check("ErrorResponse", &body);
        }
        assert_eq!(after["lockVersion"], lock, "{kind} did not write");
        assert_eq!(added, 0, "{kind}");
        assert_eq!(stats["faulted"][kind], 1, "{kind}");
    }
}

#[tokio::test]
async fn latency_delays_then_answers_normally() {
    let addr = server().await;
    set_faults(
        addr,
        &json!({"kinds": ["latency"], "latency_ms": [150, 200]}),
    )
    .await;
    let started = Instant::now();
    let reply = api(addr, "GET", "/api/v3/work_packages/1", None).await;
    let took = started.elapsed();
    assert_eq!(reply.status, Some(200));
    assert!(reply.complete());
    assert!(took >= Duration::from_millis(150), "{took:?}");
    assert_eq!(clear_faults(addr).await["faulted"]["latency"], 1);
}

#[tokio::test]
async fn conflict_edits_the_work_package_first_so_the_patch_gets_a_409_and_the_edit_is_recorded() {
    let (reply, lock, after, added, stats) = patch_under("conflict").await;
    assert_eq!(reply.status, Some(409));
    let body = reply.json().expect("JSON error");
    assert_eq!(
        body["errorIdentifier"],
        "urn:openproject-org:api:v3:errors:UpdateConflict"
    );
    assert_eq!(after["lockVersion"], lock + 1, "only the other user's edit");
    assert_ne!(
        after["subject"], "Under conflict",
        "the client's edit was refused"
    );
    let description = after["description"]["raw"]
        .as_str()
        .expect("raw description");
    assert!(
        description.ends_with(" (edited elsewhere)"),
        "{description}"
    );
    assert_eq!(added, 1, "the other user's journal entry");
    assert_eq!(
        stats["concurrent_edits"],
        json!([{"id": 1, "field": "description", "value": description, "lockVersion": lock + 1}])
    );
    assert_eq!(stats["faulted"]["conflict"], 1);
}

#[tokio::test]
async fn conflict_leaves_other_requests_alone() {
    let addr = server().await;
    set_faults(addr, &json!({"kinds": ["conflict"]})).await;
    assert_eq!(
        api(addr, "GET", "/api/v3/work_packages/1", None)
            .await
            .status,
        Some(200)
    );
    let missing = json!({"lockVersion": 0, "subject": "x"});
    let reply = api(addr, "PATCH", "/api/v3/work_packages/999", Some(&missing)).await;
    assert_eq!(reply.status, Some(404));
    let stats = clear_faults(addr).await;
    assert_eq!(stats["total_faulted"], 0);
    assert_eq!(stats["requests"], 2);
}

#[tokio::test]
async fn test_control_preflights_and_harness_reads_are_never_faulted() {
    let addr = server().await;
    set_faults(
        addr,
        &json!({"kinds": ["error500", "drop_before"], "paths": "/"}),
    )
    .await;
    for _ in 0..5 {
        let log = send(addr, "GET", "/__test/requests", &[], None).await;
        assert_eq!(log.status, Some(200));
        let preflight = send(
            addr,
            "OPTIONS",
            "/api/v3/work_packages/1",
            &[
                ("Origin", ORIGIN),
                ("Access-Control-Request-Method", "PATCH"),
                (
                    "Access-Control-Request-Headers",
                    "authorization,content-type",
                ),
            ],
            None,
        )
        .await;
        assert_eq!(preflight.status, Some(200));
        assert_eq!(
            preflight.header("access-control-allow-origin"),
            Some(ORIGIN)
        );
        // A preflight's connection would otherwise be reused for the faulted request (see below).
        assert_eq!(preflight.header("connection"), Some("close"));
    }
    let harness = send(
        addr,
        "GET",
        "/api/v3/work_packages/1",
        &[("Authorization", &auth()), ("X-Tafel-No-Faults", "1")],
        None,
    )
    .await;
    assert_eq!(harness.status, Some(200), "the harness's own reads pass");
    let stats = send(addr, "GET", "/__test/faults", &[], None)
        .await
        .json()
        .expect("stats");
    assert_eq!(stats["requests"], 0);
    assert_eq!(stats["enabled"], true);
}

/// Chromium resends a request whose reused keep-alive connection closes before an answer (checked
/// by hand with Playwright: without this the page saw a 200 after `drop_before` and a 409 after
/// `drop_after`), so while faults are on no connection is kept alive; without faults they are.
#[tokio::test]
async fn a_faulted_answer_keeps_its_cors_headers_and_closes_the_connection() {
    // In-process (no hyper to add its own header): only faults add `Connection: close`.
    let in_process = common::server();
    let before = common::get(&in_process, "/api/v3/projects").await;
    assert!(
        before.headers.get("connection").is_none(),
        "keep-alive without faults"
    );
    let config = json!({"kinds": ["latency"], "latency_ms": [0, 0]});
    common::post(&in_process, "/__test/faults", config).await;
    let during = common::get(&in_process, "/api/v3/projects").await;
    assert_eq!(during.headers["connection"], "close");

    let addr = server().await;
    set_faults(addr, &json!({"kinds": ["error500"]})).await;
    let reply = send(
        addr,
        "GET",
        "/api/v3/projects",
        &[("Authorization", &auth()), ("Origin", ORIGIN)],
        None,
    )
    .await;
    assert_eq!(reply.status, Some(500));
    assert_eq!(reply.header("access-control-allow-origin"), Some(ORIGIN));
    assert_eq!(reply.header("connection"), Some("close"));
}

#[tokio::test]
async fn the_same_seed_gives_the_same_faults_over_http() {
    let addr = server().await;
    let config =
        json!({"seed": 42, "rate": 0.5, "kinds": ["error500", "error429", "unauthorized"]});
    let mut runs = Vec::new();
    for _ in 0..2 {
        set_faults(addr, &config).await;
        let mut statuses = Vec::new();
        for _ in 0..30 {
            statuses.push(api(addr, "GET", "/api/v3/statuses", None).await.status);
        }
        runs.push((statuses, clear_faults(addr).await["faulted"].clone()));
    }
    assert_eq!(runs[0], runs[1]);
    assert!(
        runs[0].0.contains(&Some(200)) && runs[0].0.contains(&Some(500)),
        "{runs:?}"
    );
}

#[tokio::test]
async fn a_sticky_401_lasts_until_the_test_signs_in_again() {
    let addr = server().await;
    set_faults(
        addr,
        &json!({"kinds": ["unauthorized"], "limit": 1, "sticky_unauthorized": true}),
    )
    .await;
    for _ in 0..3 {
        assert_eq!(
            api(addr, "GET", "/api/v3/projects", None).await.status,
            Some(401)
        );
    }
    let reauth = send(addr, "POST", "/__test/faults/reauth", &[], None).await;
    assert_eq!(reauth.status, Some(204));
    assert_eq!(
        api(addr, "GET", "/api/v3/projects", None).await.status,
        Some(200)
    );
    let stats = clear_faults(addr).await;
    assert_eq!(stats["faulted"]["unauthorized"], 3);
    assert_eq!(stats["requests"], 4);
}

#[tokio::test]
async fn a_bad_config_is_a_400_and_leaves_faults_off() {
    let addr = server().await;
    let reply = send(
        addr,
        "POST",
        "/__test/faults",
        &[],
        Some(&json!({"kinds": ["nope"]})),
    )
    .await;
    assert_eq!(reply.status, Some(400));
    assert!(String::from_utf8_lossy(&reply.body).contains("unknown variant"));
    let stats = send(addr, "GET", "/__test/faults", &[], None)
        .await
        .json()
        .expect("stats");
    assert_eq!(stats["enabled"], false);
}

#[tokio::test]
async fn faults_given_at_start_are_on_from_the_first_request() {
    let addr = start(ServerOptions {
        faults: Some(
            tafel_op_server::faults::Config::parse(r#"{"kinds": ["error503_retry_after"]}"#)
                .expect("valid"),
        ),
        ..common::options()
    })
    .await;
    assert_eq!(
        api(addr, "GET", "/api/v3/projects", None).await.status,
        Some(503)
    );
}
