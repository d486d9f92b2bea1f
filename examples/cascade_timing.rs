//! How long the Gantt's scheduling takes at 10,000 work packages and 10,000 follows relations
//! (issue 6 asks for a cascade in at most 10 ms). Not a test: a figure, measured natively in release
//! mode, where the browser's wasm runs within a small factor of it.
//!
//!     cargo run --release --example cascade_timing
//!
//! The plan: parents over every hundred tasks; every task follows the one before (a lag of 0–2
//! working days), with a second path every fifty (a diamond). The first task moves, so every other
//! one is pushed: the largest cascade there can be.

use chrono::{DateTime, NaiveDate};
use std::collections::HashSet;
use std::time::Instant;
use tafel::domain::schedule::{Calendar, Plan, cascade, critical_path};
use tafel::domain::{
    PriorityId, ProjectId, Relation, RelationId, RelationKind, StatusId, TypeId, WorkPackage,
    WorkPackageId,
};

const N: u64 = 10_000;

fn link(relations: &mut Vec<Relation>, from: u64, to: u64, lag: i32) {
    relations.push(Relation {
        id: RelationId(u64::try_from(relations.len()).unwrap() + 1),
        from: WorkPackageId(from),
        to: WorkPackageId(to),
        kind: RelationKind::Precedes,
        lag: Some(lag),
        description: String::new(),
    });
}

fn main() {
    let start = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
    let at = DateTime::from_timestamp(0, 0).unwrap();
    let calendar = Calendar::weekends();
    let mut wps = Vec::new();
    for i in 1..=N {
        let mut wp = WorkPackage::new(
            WorkPackageId(i),
            ProjectId(1),
            TypeId(1),
            StatusId(1),
            PriorityId(1),
            format!("Task {i}"),
            at,
        );
        // Parents: every hundredth item groups the 99 after it.
        if i % 100 != 1 {
            wp.parent = Some(WorkPackageId(i - (i - 1) % 100));
        }
        let first = calendar.add_working_days(start, i64::try_from(i % 10).unwrap() * 3);
        wp.start_date = Some(first);
        wp.due_date = Some(calendar.add_working_days(first, 2));
        wps.push(wp);
    }
    // One chain through every task (each follows the one before, lags of 0–2 working days), and a
    // diamond every fifty tasks: moving the first pushes all the others, the worst case.
    let leaves: Vec<u64> = (1..=N).filter(|i| i % 100 != 1).collect();
    let mut relations = Vec::new();
    for pair in leaves.windows(2) {
        link(
            &mut relations,
            pair[0],
            pair[1],
            i32::try_from(pair[0] % 3).unwrap(),
        );
    }
    for at in (0..leaves.len().saturating_sub(5)).step_by(50) {
        link(&mut relations, leaves[at], leaves[at + 5], 0);
    }
    println!("{} work packages, {} relations", wps.len(), relations.len());

    let time = |what: &str, f: &mut dyn FnMut()| {
        let mut runs = Vec::new();
        for _ in 0..20 {
            let t = Instant::now();
            f();
            runs.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        runs.sort_by(f64::total_cmp);
        println!(
            "{what}: median {:.2} ms (min {:.2}, max {:.2}) over 20 runs",
            runs[10], runs[0], runs[19]
        );
    };
    let manual = HashSet::new();
    let mut plan = None;
    time("plan (graph of dates and links)", &mut || {
        plan = Some(Plan::new(&wps, &relations, &manual));
    });
    let plan = plan.unwrap();
    for (what, days) in [("a week", 7), ("a year", 365)] {
        let moved = [(
            WorkPackageId(2),
            start + chrono::Days::new(days),
            start + chrono::Days::new(days + 2),
        )];
        let mut changes = 0;
        time(
            &format!("cascade after moving one task {what}"),
            &mut || {
                changes = cascade(&plan, &moved, &calendar).unwrap().changes.len();
            },
        );
        println!("  the cascade moved {changes} work packages");
    }
    time("critical path and slack", &mut || {
        critical_path(&plan, &calendar).unwrap();
    });
}
