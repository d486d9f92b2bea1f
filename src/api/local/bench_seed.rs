//! The shared benchmark data set (`tests/bench/dataset.mjs` is its definition) as local-store records,
//! so the bench measures Tafel through its own data path: `?seed=bench&n=10000` puts N tasks into
//! the project `bench`, next to whatever else the store holds.
//!
//! Every draw follows the JavaScript definition in the same order; the test below pins the same
//! fingerprint that `node tests/bench/dataset.mjs 120` prints.

use super::records::Record;
use super::seed::{
    ANNA, BUG, DONE, EPIC, FEATURE, HIGH, IMMEDIATE, IN_PROGRESS, IN_REVIEW, JONAS, LEA, LOW,
    MEHMET, NEW, NORMAL, SOPHIE, SPECIFICATION, TASK, TOM,
};
use crate::domain::board::POSITION_STEP;
use crate::domain::dates::working_days_between;
use crate::domain::{
    PriorityId, Project, ProjectId, Relation, RelationId, RelationKind, StatusId, TypeId, UserId,
    WorkPackage, WorkPackageId,
};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use std::collections::HashSet;

pub const BENCH_IDENTIFIER: &str = "bench";
/// Far above the demo data, so the bench project never collides with anything a user created.
pub const BENCH_PROJECT: ProjectId = ProjectId(900_000);
const ID_OFFSET: u64 = 1_000_000_000;
/// The largest data set the URL may ask for; more would only exhaust the browser's memory.
pub const MAX_BENCH_SIZE: usize = 200_000;

const GROUP_SIZE: usize = 50;
const SEED: u32 = 12345;
const STATUSES: [(&str, StatusId); 5] = [
    ("New", NEW),
    ("In specification", SPECIFICATION),
    ("In progress", IN_PROGRESS),
    ("In review", IN_REVIEW),
    ("Done", DONE),
];
const TYPES: [(&str, TypeId); 3] = [("Task", TASK), ("Feature", FEATURE), ("Bug", BUG)];
const PRIORITIES: [(&str, PriorityId); 4] = [
    ("Low", LOW),
    ("Normal", NORMAL),
    ("High", HIGH),
    ("Immediate", IMMEDIATE),
];
const ASSIGNEES: [(&str, UserId); 6] = [
    ("Anna Schmidt", ANNA),
    ("Jonas Weber", JONAS),
    ("Lea Fischer", LEA),
    ("Mehmet Yılmaz", MEHMET),
    ("Sophie Martin", SOPHIE),
    ("Tom Becker", TOM),
];
const VERBS: [&str; 8] = [
    "Review", "Update", "Migrate", "Test", "Document", "Design", "Fix", "Plan",
];
const OBJECTS: [&str; 10] = [
    "citizen portal form",
    "permit workflow",
    "payment gateway",
    "accessibility audit",
    "search index",
    "release notes",
    "data export",
    "login page",
    "appointment booking",
    "newsletter",
];

/// Linear congruential generator (a = 1664525, c = 1013904223, mod 2^32), as in dataset.mjs.
struct Lcg(u32);

impl Lcg {
    /// A whole number in `0..n`: floor(next · n / 2^32).
    fn uniform(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let n = u64::try_from(n).expect("small");
        usize::try_from((u64::from(self.0) * n) >> 32).expect("below n")
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.uniform(items.len())]
    }
}

fn base_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 5).expect("valid date")
}

fn day(offset: usize) -> NaiveDate {
    base_date() + TimeDelta::days(i64::try_from(offset).expect("small"))
}

fn wp_id(dataset_id: u64) -> WorkPackageId {
    WorkPackageId(ID_OFFSET + dataset_id)
}

/// The project `bench` with `n` tasks (plus one parent per 50) and their finish-to-start chains.
pub fn bench_records(n: usize, now: DateTime<Utc>) -> Vec<Record> {
    let mut records = vec![Record::Project(Project {
        id: BENCH_PROJECT,
        identifier: BENCH_IDENTIFIER.to_owned(),
        name: format!("Benchmark ({n} tasks)"),
        description: "The shared benchmark data set (tests/bench/dataset.mjs).".to_owned(),
        parent: None,
    })];
    let mut rng = Lcg(SEED);
    let mut next_id = 0u64;
    let mut relations = 0u64;
    let mut position = 0i64;
    let mut work_package = |id: u64, subject: String, start: NaiveDate, due: NaiveDate| {
        position += POSITION_STEP;
        WorkPackage {
            start_date: Some(start),
            due_date: Some(due),
            duration_days: working_days_between(start, due),
            position,
            ..WorkPackage::new(wp_id(id), BENCH_PROJECT, TASK, NEW, NORMAL, subject, now)
        }
    };
    for first in (0..n).step_by(GROUP_SIZE) {
        let group = first / GROUP_SIZE;
        let size = GROUP_SIZE.min(n - first);
        next_id += 1;
        let parent_id = next_id;
        let parent_at = records.len();
        let start_day = rng.uniform(330);
        let mut day_offset = start_day;
        let mut previous: Option<u64> = None;
        let mut tasks = Vec::with_capacity(size);
        for k in 0..size {
            let duration = 1 + rng.uniform(10);
            let status = rng.pick(&STATUSES).1;
            let wp_type = rng.pick(&TYPES).1;
            let priority = rng.pick(&PRIORITIES).1;
            let assignee = rng.pick(&ASSIGNEES).1;
            let verb = rng.pick(&VERBS);
            let object = rng.pick(&OBJECTS);
            next_id += 1;
            let subject = format!("{verb} {object} {}", first + k + 1);
            let mut task = work_package(
                next_id,
                subject,
                day(day_offset),
                day(day_offset + duration - 1),
            );
            task.parent = Some(wp_id(parent_id));
            task.status = status;
            task.wp_type = wp_type;
            task.priority = priority;
            task.assignee = Some(assignee);
            if status == DONE {
                task.percentage_done = 100;
            }
            tasks.push(Record::WorkPackage(task));
            if let Some(previous) = previous {
                relations += 1;
                tasks.push(Record::Relation(Relation {
                    id: RelationId(ID_OFFSET + relations),
                    from: wp_id(previous),
                    to: wp_id(next_id),
                    kind: RelationKind::Precedes,
                    lag: Some(0),
                    description: String::new(),
                }));
            }
            previous = Some(next_id);
            day_offset += duration;
        }
        let mut parent = work_package(
            parent_id,
            format!("Work package group {}", group + 1),
            day(start_day),
            day(day_offset - 1),
        );
        parent.wp_type = EPIC;
        parent.status = IN_PROGRESS;
        records.insert(parent_at, Record::WorkPackage(parent));
        records.extend(tasks);
    }
    records
}

/// The records without the bench project and everything in it, so seeding again replaces it.
pub fn without_bench(records: Vec<Record>) -> Vec<Record> {
    let bench: HashSet<WorkPackageId> = records
        .iter()
        .filter_map(|r| match r {
            Record::WorkPackage(wp) if wp.project == BENCH_PROJECT => Some(wp.id),
            _ => None,
        })
        .collect();
    records
        .into_iter()
        .filter(|record| match record {
            Record::Project(p) => p.id != BENCH_PROJECT,
            Record::WorkPackage(wp) => wp.project != BENCH_PROJECT,
            Record::Relation(r) => !bench.contains(&r.from) && !bench.contains(&r.to),
            Record::Activity(a) => !bench.contains(&a.work_package),
            _ => true,
        })
        .collect()
}

/// Reads `?seed=bench&n=N` from a URL query; `None` when the query does not ask for the bench.
pub fn requested_size(query: &str) -> Option<Result<usize, String>> {
    let mut seed = false;
    let mut size = None;
    for pair in query.trim_start_matches('?').split('&') {
        match pair.split_once('=') {
            Some(("seed", "bench")) => seed = true,
            Some(("n", value)) => size = Some(value.to_owned()),
            _ => {}
        }
    }
    if !seed {
        return None;
    }
    let size = size.unwrap_or_else(|| "1000".to_owned());
    Some(match size.parse::<usize>() {
        Ok(n) if (1..=MAX_BENCH_SIZE).contains(&n) => Ok(n),
        _ => Err(format!(
            "n must be a number from 1 to {MAX_BENCH_SIZE}, not {size:?}"
        )),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name_of<T: PartialEq + Copy>(table: &[(&'static str, T)], value: T) -> &'static str {
        table.iter().find(|(_, v)| *v == value).expect("known").0
    }

    /// The figures `node tests/bench/dataset.mjs 120` prints.
    #[test]
    fn matches_the_javascript_definition() {
        let now = DateTime::UNIX_EPOCH;
        let records = bench_records(120, now);
        let wps: Vec<&WorkPackage> = records
            .iter()
            .filter_map(|r| match r {
                Record::WorkPackage(wp) => Some(wp),
                _ => None,
            })
            .collect();
        let relations = records
            .iter()
            .filter(|r| matches!(r, Record::Relation(_)))
            .count();
        assert_eq!(wps.len(), 123);
        assert_eq!(relations, 117);
        let last = wps.last().expect("tasks");
        assert_eq!(last.id, wp_id(123));
        assert_eq!(last.parent, Some(wp_id(103)));
        assert_eq!(last.subject, "Review accessibility audit 120");
        assert_eq!(last.start_date, NaiveDate::from_ymd_opt(2026, 11, 19));
        assert_eq!(last.due_date, NaiveDate::from_ymd_opt(2026, 11, 22));

        let mut checksum = 0u32;
        for wp in &wps {
            let (status, wp_type, priority, assignee) = if wp.wp_type == EPIC {
                ("In progress", "Epic", "Normal", "null")
            } else {
                (
                    name_of(&STATUSES, wp.status),
                    name_of(&TYPES, wp.wp_type),
                    name_of(&PRIORITIES, wp.priority),
                    name_of(&ASSIGNEES, wp.assignee.expect("assigned")),
                )
            };
            let line = format!(
                "{}|{status}|{wp_type}|{priority}|{assignee}|{}|{};",
                wp.subject,
                wp.start_date.expect("start"),
                wp.due_date.expect("due")
            );
            for ch in line.chars() {
                checksum = checksum.wrapping_mul(31).wrapping_add(u32::from(ch));
            }
        }
        assert_eq!(checksum, 3_971_168_168);
    }

    #[test]
    fn parents_come_before_their_tasks_and_span_them() {
        let records = bench_records(60, DateTime::UNIX_EPOCH);
        let Record::WorkPackage(first) = &records[1] else {
            panic!("a parent first")
        };
        assert_eq!(first.wp_type, EPIC);
        assert_eq!(first.subject, "Work package group 1");
        assert!(without_bench(records).is_empty());
    }

    #[test]
    fn reads_the_size_from_the_query() {
        assert_eq!(requested_size("?seed=bench&n=10000"), Some(Ok(10_000)));
        assert_eq!(requested_size("n=5&seed=bench"), Some(Ok(5)));
        assert_eq!(requested_size("?seed=bench"), Some(Ok(1000)));
        assert_eq!(requested_size("?n=10"), None);
        assert!(matches!(requested_size("?seed=bench&n=0"), Some(Err(_))));
        assert!(matches!(requested_size("?seed=bench&n=lots"), Some(Err(_))));
    }
}
