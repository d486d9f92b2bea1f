//! The draw alone, without a server: determinism, eligibility, limits and the sticky 401.

use super::{Config, Fault, Faults, Kind};
use axum::http::Method;

fn faults(json: &str) -> Faults {
    let mut faults = Faults::default();
    faults.enable(Config::parse(json).expect("valid config"));
    faults
}

fn draws(faults: &mut Faults, n: usize) -> Vec<Option<Fault>> {
    (0..n)
        .map(|i| {
            let method = if i % 3 == 0 {
                Method::PATCH
            } else {
                Method::GET
            };
            faults.decide(&method, "/api/v3/work_packages/1", Some(1))
        })
        .collect()
}

const ALL_KINDS: &str = r#"["latency","error500","error503_retry_after","error429","drop_before",
    "drop_after","truncate","unauthorized","conflict"]"#;

#[test]
fn the_same_seed_draws_the_same_faults_and_another_seed_others() {
    let config = |seed| format!(r#"{{"seed": {seed}, "rate": 0.5, "kinds": {ALL_KINDS}}}"#);
    let a = draws(&mut faults(&config(42)), 200);
    let b = draws(&mut faults(&config(42)), 200);
    let c = draws(&mut faults(&config(43)), 200);
    assert_eq!(a, b);
    assert_ne!(a, c);
    let hits = a.iter().filter(|f| f.is_some()).count();
    assert!((60..140).contains(&hits), "rate 0.5 gave {hits} of 200");
    // Enabling again starts the sequence over.
    let mut again = faults(&config(42));
    draws(&mut again, 50);
    again.enable(Config::parse(&config(42)).expect("valid"));
    assert_eq!(draws(&mut again, 200), a);
}

#[test]
fn every_kind_comes_up_and_latency_stays_in_its_range() {
    let mut f = faults(&format!(
        r#"{{"seed": 1, "kinds": {ALL_KINDS}, "latency_ms": [10, 20]}}"#
    ));
    let drawn = draws(&mut f, 400);
    for fault in &drawn {
        if let Some(Fault::Latency(d)) = fault {
            assert!((10..=20).contains(&d.as_millis()), "{d:?}");
        }
    }
    let stats = f.stats();
    for kind in Kind::ALL {
        assert!(
            stats["faulted"][kind.name()].as_u64().unwrap_or(0) > 0,
            "{} never drawn: {stats}",
            kind.name()
        );
    }
    assert_eq!(stats["requests"], 400);
    assert_eq!(stats["total_faulted"], 400);
}

#[test]
fn test_control_preflights_other_paths_and_other_methods_are_never_faulted() {
    let mut f = faults(r#"{"kinds": ["error500"], "methods": ["patch", "POST"]}"#);
    assert_eq!(f.decide(&Method::POST, "/__test/reset", None), None);
    assert_eq!(
        f.decide(&Method::OPTIONS, "/api/v3/work_packages", None),
        None
    );
    assert_eq!(f.decide(&Method::POST, "/oauth/token", None), None);
    assert_eq!(f.decide(&Method::GET, "/api/v3/work_packages", None), None);
    assert_eq!(
        f.stats()["requests"],
        0,
        "ineligible requests are not counted"
    );
    assert_eq!(
        f.decide(&Method::PATCH, "/api/v3/work_packages/1", None),
        Some(Fault::Error500)
    );
    let mut off = Faults::default();
    assert_eq!(off.decide(&Method::GET, "/api/v3/projects", None), None);
}

#[test]
fn conflict_applies_only_to_a_work_package_patch_and_rate_zero_never_faults() {
    let mut f = faults(r#"{"kinds": ["conflict"]}"#);
    assert_eq!(f.decide(&Method::GET, "/api/v3/projects", None), None);
    assert_eq!(
        f.decide(&Method::PATCH, "/api/v3/work_packages/7", Some(7)),
        Some(Fault::Conflict(7))
    );
    let mut never = faults(r#"{"rate": 0, "kinds": ["error500"]}"#);
    assert!(draws(&mut never, 100).iter().all(Option::is_none));
}

#[test]
fn the_limit_stops_faults_and_a_sticky_401_lasts_until_reauth() {
    let mut once = faults(r#"{"kinds": ["error500"], "limit": 1}"#);
    let drawn = draws(&mut once, 5);
    assert_eq!(drawn[0], Some(Fault::Error500));
    assert!(drawn[1..].iter().all(Option::is_none));

    let mut sticky =
        faults(r#"{"kinds": ["unauthorized"], "limit": 1, "sticky_unauthorized": true}"#);
    let drawn = draws(&mut sticky, 4);
    assert!(
        drawn.iter().all(|f| *f == Some(Fault::Unauthorized)),
        "{drawn:?}"
    );
    assert_eq!(sticky.stats()["signed_out"], true);
    sticky.reauthenticate();
    assert!(draws(&mut sticky, 4).iter().all(Option::is_none));
    assert_eq!(sticky.stats()["faulted"]["unauthorized"], 4);
}

#[test]
fn bad_configs_are_refused_with_a_reason() {
    for (json, says) in [
        (r#"{"kinds": []}"#, "kinds"),
        (r#"{"kinds": ["error501"]}"#, "unknown variant"),
        (r#"{"kinds": ["latency"], "rate": 1.5}"#, "rate"),
        (
            r#"{"kinds": ["latency"], "latency_ms": [400, 50]}"#,
            "latency_ms",
        ),
        (r#"{"kinds": ["latency"], "sead": 4}"#, "unknown field"),
    ] {
        let error = Config::parse(json).expect_err(json);
        assert!(error.contains(says), "{json}: {error}");
    }
}

#[test]
fn kind_names_are_their_json_names() {
    for kind in Kind::ALL {
        assert_eq!(
            serde_json::to_value(kind).expect("serialises"),
            serde_json::json!(kind.name())
        );
    }
}
