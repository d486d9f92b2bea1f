//! Property-based fuzzing of what Tafel reads from files a user picks: the CSV importer
//! (`interchange::csv` decode/read, `csv_import` mapping and dry run), the backup import of the
//! store in this browser (`local::records::import_json` then `LocalStore::from_records`), and the
//! iCalendar export, which parses nothing itself and is fuzzed as a round trip through a real
//! iCalendar parser. A hostile or broken file must give a typed error, never a panic, and a
//! store built from an accepted backup must stay usable.
//!
//! Short run: part of `cargo test`. Long run: `PROPTEST_CASES=100000 cargo test --test fuzz_importers`.

#[path = "support/fuzz_json.rs"]
mod fuzz_json;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use fuzz_json::{config, mutate, mutation, truncated};
use icalendar::parser::{read_calendar, unfold};
use proptest::prelude::*;
use serde_json::{Value, json};
use tafel::api::ApiError;
use tafel::api::local::engine::LocalStore;
use tafel::api::local::records;
use tafel::api::local::seed::demo_records;
use tafel::domain::catalog::{Catalog, Priority, Status, User, Version, WpType};
use tafel::domain::interchange::csv::{self, CsvError, Encoding};
use tafel::domain::interchange::csv_import::{Target, dry_run, guess_mapping};
use tafel::domain::interchange::ics;
use tafel::domain::{
    NewRelation, NewWorkPackage, PriorityId, ProjectId, RelationKind, StatusId, TypeId, UserId,
    VersionId, WorkPackage, WorkPackageId, WorkPackagePatch, WorkPackageQuery,
};

// ----- CSV ---------------------------------------------------------------------------------------

const PROJECT: ProjectId = ProjectId(1);
const TASK: TypeId = TypeId(1);
const MILESTONE: TypeId = TypeId(2);

fn catalog() -> Catalog {
    Catalog {
        statuses: vec![Status {
            id: StatusId(1),
            name: "New".to_owned(),
            is_closed: false,
            is_default: true,
            color: "#000000".to_owned(),
            position: 1,
        }],
        types: vec![
            WpType {
                id: TASK,
                name: "Task".to_owned(),
                color: "#000000".to_owned(),
                is_milestone: false,
                position: 1,
            },
            WpType {
                id: MILESTONE,
                name: "Milestone".to_owned(),
                color: "#000000".to_owned(),
                is_milestone: true,
                position: 2,
            },
        ],
        priorities: vec![Priority {
            id: PriorityId(1),
            name: "Normal".to_owned(),
            position: 1,
            is_default: true,
        }],
        users: vec![User {
            id: UserId(1),
            name: "Anna Schmidt".to_owned(),
            login: "anna".to_owned(),
        }],
        versions: vec![Version {
            id: VersionId(1),
            project: PROJECT,
            name: "1.0".to_owned(),
            is_open: true,
        }],
        ..Catalog::default()
    }
}

/// Cell text a spreadsheet or an attacker might put in a CSV file.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(
            &[
                "Subject",
                "Betreff",
                "Status",
                "Type",
                "Start date",
                "Due date",
                "Fällig",
                "Estimated time",
                "Assignee",
                "Version",
                "New",
                "Milestone",
                "anna",
                "1.0",
                "26.11.2026",
                "2026-02-30",
                "Nov 26, 2026",
                "26. Dez. 2026",
                "2,5",
                "2.5 h",
                "-3",
                "=HYPERLINK(\"x\")",
                "'=1+1",
                "+1",
                "@SUM(A1)",
                "\u{FEFF}",
                "99999999999999999999",
                "1e400",
                "",
            ][..]
        )
        .prop_map(str::to_owned),
        "[\",;\t\r\n' a-zäöü€🎉]{0,12}",
        ".{0,20}",
        // A long cell: beyond the subject limit.
        "[a-z]{1,3}".prop_map(|piece| piece.repeat(90)),
        // A number too long for any type: hundreds of digits.
        "[0-9]{1,3}".prop_map(|digits| digits.repeat(150)),
    ]
}

/// Rows of cells joined with a delimiter, with quotes that may be right, doubled or missing. Most
/// rows have the header's width, so that the dry run gets past its cell count check.
fn csv_text() -> impl Strategy<Value = String> {
    (1_usize..13).prop_flat_map(|width| {
        let row = prop_oneof![
            6 => prop::collection::vec((cell(), 0..4_u8), width),
            1 => prop::collection::vec((cell(), 0..4_u8), 0..14),
        ];
        (
            prop::collection::vec(row, 0..8),
            prop::sample::select(&[",", ";", "\t"][..]),
            prop::sample::select(&["\r\n", "\n", "\r"][..]),
        )
            .prop_map(|(rows, delimiter, newline)| {
                let mut text = String::new();
                for row in rows {
                    let cells: Vec<String> = row
                        .into_iter()
                        .map(|(cell, quoting)| match quoting {
                            0 => cell,
                            1 => format!("\"{}\"", cell.replace('"', "\"\"")),
                            2 => format!("\"{cell}"),
                            _ => format!("{cell}\"x"),
                        })
                        .collect();
                    text.push_str(&cells.join(delimiter));
                    text.push_str(newline);
                }
                text
            })
    })
}

/// The text as bytes in one of the encodings spreadsheet programs save, BOM included or not.
fn encoded(text: &str, encoding: u8) -> Vec<u8> {
    match encoding {
        0 => text.as_bytes().to_vec(),
        1 => [&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat(),
        2 => [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect(),
        3 => [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect(),
        // Latin-1 where it can be, `?` elsewhere: what an old Excel export does to other text.
        _ => text
            .chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
            .collect(),
    }
}

/// The whole import path on some bytes, checking what a preview promises.
fn import(bytes: &[u8]) -> Result<(), CsvError> {
    let decoded = csv::decode(bytes);
    let table = csv::read(&decoded.text)?;
    let catalog = catalog();
    let guessed = guess_mapping(&table.header);
    assert_eq!(guessed.len(), table.header.len());
    let shifted: Vec<Target> = std::iter::once(Target::Subject)
        .chain(guessed.iter().copied())
        .collect();
    for mapping in [guessed, shifted, Target::ALL.to_vec()] {
        for default_type in [TASK, MILESTONE] {
            let preview = dry_run(&table, &mapping, &catalog, PROJECT, default_type);
            assert_eq!(preview.rows, table.rows.len());
            if preview.problems.first().is_some_and(|p| p.line == 0) {
                assert!(preview.drafts.is_empty());
                continue;
            }
            let mut refused: Vec<usize> = preview.problems.iter().map(|p| p.line).collect();
            refused.dedup();
            assert_eq!(preview.drafts.len() + refused.len(), preview.rows);
            for (_, draft) in &preview.drafts {
                assert!(!draft.subject.trim().is_empty());
                if let Some(hours) = draft.estimated_hours {
                    assert!(hours.is_finite() && hours >= 0.0, "{hours}");
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_bytes_import_or_give_a_csv_error(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = import(&bytes);
    }

    /// Structured CSV with awkward quoting, in every encoding, whole or cut short.
    #[test]
    fn awkward_csv_in_any_encoding_imports_or_gives_a_csv_error(
        text in csv_text(),
        encoding in 0..5_u8,
        cut in prop::option::of(any::<prop::sample::Index>()),
    ) {
        let text = match cut {
            Some(cut) if !text.is_empty() => truncated(&text, cut),
            _ => &text,
        };
        let _ = import(&encoded(text, encoding));
    }

    /// Numbers of any length in an estimate column: a draft's hours are a real, finite number.
    #[test]
    fn estimates_of_any_length_import_as_finite_hours_or_a_problem(
        number in "[0-9]{0,400}([.,][0-9]{0,400})?( ?[hH])?",
    ) {
        let _ = import(format!("Subject;Estimated time\nTask;{number}\n").as_bytes());
    }

    /// A very wide row and very long cells.
    #[test]
    fn long_rows_import_or_give_a_csv_error(
        width in 1_usize..400,
        cell in "[a-z;,\"]{0,3}",
        // Generating thousands of characters one by one is slow; a repeated piece is as long.
        long in "[a-zä]{10,30}".prop_map(|piece| piece.repeat(100)),
    ) {
        let header = vec!["Subject"; width].join(",");
        let row = vec![cell.as_str(); width].join(",");
        let _ = import(format!("{header}\n{long},{row}\n{row}").as_bytes());
    }

    /// Tables Tafel writes read back cell for cell, whatever the cells hold.
    #[test]
    fn written_tables_read_back(
        rows in prop::collection::vec(prop::collection::vec(".{0,12}", 3), 1..5),
        encoding in 0..4_u8,
    ) {
        // A row of empty cells is skipped on reading, and an apostrophe before a formula start reads
        // as the guard an export adds; neither can round-trip, so the first cell always has text.
        let rows: Vec<Vec<String>> = rows
            .into_iter()
            .map(|row| {
                row.into_iter()
                    .enumerate()
                    .map(|(i, cell)| if i == 0 || cell.starts_with('\'') { format!("x{cell}") } else { cell })
                    .collect()
            })
            .collect();
        let written = csv::write(rows.clone());
        // `write` puts a BOM first; re-encode the text behind it the other ways.
        let body = written.strip_prefix('\u{FEFF}').unwrap();
        let bytes = if encoding == 1 { written.as_bytes().to_vec() } else { encoded(body, encoding) };
        let decoded = csv::decode(&bytes);
        let table = csv::read(&decoded.text).unwrap();
        let back: Vec<Vec<String>> = std::iter::once(table.header)
            .chain(table.rows.into_iter().map(|r| r.cells))
            .map(|cells| cells.iter().map(|c| csv::unguard(c).to_owned()).collect())
            .collect();
        prop_assert_eq!(back, rows);
    }

    /// Text survives each encoding with a BOM exactly.
    #[test]
    fn bom_encoded_text_decodes_to_itself(text in ".{0,40}", encoding in 1..4_u8) {
        let decoded = csv::decode(&encoded(&text, encoding));
        prop_assert_eq!(&decoded.text, &text);
        let expected = [Encoding::Utf8Bom, Encoding::Utf16Le, Encoding::Utf16Be][usize::from(encoding - 1)];
        prop_assert_eq!(decoded.encoding, expected);
    }
}

// ----- backup import -----------------------------------------------------------------------------

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 10, 9, 30, 0).unwrap()
}

/// An export of the demo store, as `Settings → Export` writes it (made once: every case starts
/// from it).
fn demo_export_text() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| records::export_json(demo_records(now().date_naive(), now())))
}

fn demo_export() -> Value {
    static VALUE: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    VALUE
        .get_or_init(|| serde_json::from_str(demo_export_text()).unwrap())
        .clone()
}

/// Reads a backup the way `Settings → Import` does, then uses the store a little: every write
/// plan on the data read must answer, with an error if need be, and never panic.
fn import_and_use(text: &str) -> Result<LocalStore, ApiError> {
    let records = records::import_json(text).inspect_err(|e| {
        assert!(matches!(e, ApiError::Decode(_)), "{e:?}");
    })?;
    let store = LocalStore::from_records(records).inspect_err(|e| {
        assert!(matches!(e, ApiError::Corrupt(_)), "{e:?}");
    })?;
    let projects = store.projects();
    for project in &projects {
        let catalog = store.catalog(project.id);
        let _ = store.work_packages(project.id, &WorkPackageQuery::default());
        let wp_type = catalog.types.first().map_or(TypeId(1), |t| t.id);
        let _ = store.plan_create(NewWorkPackage::new(project.id, wp_type, "New"), now());
    }
    let first_two: Vec<WorkPackage> = projects
        .iter()
        .filter_map(|p| store.work_packages(p.id, &WorkPackageQuery::default()).ok())
        .flat_map(|page| page.items)
        .take(2)
        .collect();
    if let Some(wp) = first_two.first() {
        let mut patch = WorkPackagePatch::based_on(wp);
        patch.subject = Some(format!("{} (edited)", wp.subject));
        patch.start_date = Some(Some(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()));
        let _ = store.plan_update(wp.id, patch, now());
        let _ = store.plan_comment(wp.id, "checked".to_owned(), now());
        let _ = store.plan_reorder(&[(wp.id, i64::MAX)]);
        let _ = store.activities(wp.id);
        let _ = store.relations(wp.id);
        if let Some(other) = first_two.get(1) {
            let _ = store.plan_create_relation(NewRelation {
                from: wp.id,
                to: other.id,
                kind: RelationKind::parse("follows").unwrap(),
                lag: Some(i32::MAX),
                description: String::new(),
            });
        }
        let _ = store.plan_delete(wp.id);
    }
    Ok(store)
}

/// The numeric members of records: ids, references, versions, positions, counts.
const NUMERIC_MEMBERS: &[&str] = &[
    "id",
    "project",
    "parent",
    "wp_type",
    "status",
    "priority",
    "assignee",
    "lock_version",
    "position",
    "percentage_done",
    "duration_days",
    "estimated_hours",
    "from",
    "to",
    "lag",
    "work_package",
    "schema",
    "current_user",
];

/// Sets `member` on the record at `index` (if it has one) to `number`.
fn set_member(export: &mut Value, index: prop::sample::Index, member: &str, number: &Value) {
    let Some(list) = export["records"].as_array_mut() else {
        return;
    };
    let i = index.index(list.len());
    if let Some(Value::Object(variant)) =
        list[i].as_object_mut().and_then(|r| r.values_mut().next())
        && variant.contains_key(member)
    {
        variant.insert(member.to_owned(), number.clone());
    }
}

proptest! {
    #![proptest_config(config())]

    /// Extreme numbers in the members a store computes with (the next id, lock versions, positions).
    #[test]
    fn extreme_numbers_in_a_backup_are_refused_or_stay_usable(
        changes in prop::collection::vec(
            (
                any::<prop::sample::Index>(),
                prop::sample::select(NUMERIC_MEMBERS),
                prop::sample::select(vec![
                    json!(0), json!(u64::MAX), json!(u64::MAX - 1), json!(i64::MAX), json!(i64::MIN),
                    json!(-1), json!(u32::MAX), json!(u64::from(u32::MAX) + 1), json!(255), json!(256),
                    json!(1e300), json!(0.5), json!(9_007_199_254_740_993_u64),
                ]),
            ),
            1..4,
        ),
    ) {
        let mut export = demo_export();
        for (index, member, number) in &changes {
            set_member(&mut export, *index, member, number);
        }
        let _ = import_and_use(&export.to_string());
    }

    /// A backup changed anywhere: wrong types, nulls, removed or extra members and records.
    #[test]
    fn a_mutated_backup_is_refused_or_stays_usable(
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let mut export = demo_export();
        for (path, m) in mutations {
            mutate(&mut export, &path, m);
        }
        let _ = import_and_use(&export.to_string());
    }

    /// A backup cut short (a partial download, a full disk) is refused as not an export.
    #[test]
    fn a_truncated_backup_is_a_decode_error(cut in any::<prop::sample::Index>()) {
        let text = demo_export_text();
        prop_assert!(matches!(records::import_json(truncated(text, cut)), Err(ApiError::Decode(_))));
    }

    /// One stored record as IndexedDB gives it back (`Record::from_json`, the store's load path),
    /// damaged: it reads, or is `Corrupt`.
    #[test]
    fn a_damaged_stored_record_reads_or_is_corrupt(
        index in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..3),
    ) {
        static LIST: std::sync::OnceLock<Vec<records::Record>> = std::sync::OnceLock::new();
        let list = LIST.get_or_init(|| demo_records(now().date_naive(), now()));
        let record = &list[index.index(list.len())];
        let mut value: Value = serde_json::from_str(&record.to_json()).unwrap();
        for (path, m) in mutations {
            mutate(&mut value, &path, m);
        }
        match records::Record::from_json(&record.key(), &value.to_string()) {
            Ok(read) => prop_assert_eq!(read.key(), record.key()),
            Err(error) => prop_assert!(matches!(error, ApiError::Corrupt(_)), "{error:?}"),
        }
    }

    #[test]
    fn random_bytes_are_not_a_backup(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let text = String::from_utf8_lossy(&bytes);
        prop_assert!(import_and_use(&text).is_err());
    }
}

/// Valid input still works: the demo store goes out and comes back unchanged.
#[test]
fn an_exported_store_imports_unchanged() {
    let records = demo_records(now().date_naive(), now());
    let store = LocalStore::from_records(records).unwrap();
    let text = records::export_json(store.records());
    let back = import_and_use(&text).unwrap();
    assert_eq!(back, store);
}

// Regressions found by the properties above, kept as plain tests.

/// The demo records with one change made to them, as a store.
fn demo_store_with(change: impl FnOnce(&mut Vec<records::Record>)) -> LocalStore {
    let mut list = demo_records(now().date_naive(), now());
    change(&mut list);
    let text = records::export_json(list);
    LocalStore::from_records(records::import_json(&text).unwrap()).unwrap()
}

fn first_work_package(list: &[records::Record]) -> WorkPackage {
    list.iter()
        .find_map(|r| match r {
            records::Record::WorkPackage(wp) => Some(wp.clone()),
            _ => None,
        })
        .unwrap()
}

/// `extreme_numbers_in_a_backup_are_refused_or_stay_usable` found: a backup holding the id
/// u64::MAX made the next new item overflow (`engine::next_id`): a panic in a debug build, and
/// in a release build a wrap to id 0.
#[test]
fn regression_the_largest_id_in_a_backup_refuses_new_items_instead_of_overflowing() {
    let mut project = None;
    let store = demo_store_with(|list| {
        let mut wp = first_work_package(list);
        project = Some((wp.project, wp.wp_type));
        wp.id = WorkPackageId(u64::MAX);
        list.push(records::Record::WorkPackage(wp));
    });
    let (project, wp_type) = project.unwrap();
    let refused = store.plan_create(NewWorkPackage::new(project, wp_type, "One more"), now());
    assert!(matches!(refused, Err(ApiError::Corrupt(_))), "{refused:?}");
    // Comments take activity ids, which still have room.
    assert!(
        store
            .plan_comment(WorkPackageId(u64::MAX), "x".to_owned(), now())
            .is_ok()
    );
}

/// The same for activity ids: a comment or an edit needs a new one.
#[test]
fn regression_the_largest_activity_id_refuses_comments_instead_of_overflowing() {
    let mut target = None;
    let store = demo_store_with(|list| {
        let activity = list
            .iter()
            .find_map(|r| match r {
                records::Record::Activity(a) => Some(a.clone()),
                _ => None,
            })
            .unwrap();
        target = Some(activity.work_package);
        list.push(records::Record::Activity(tafel::domain::Activity {
            id: tafel::domain::ActivityId(u64::MAX),
            ..activity
        }));
    });
    let refused = store.plan_comment(target.unwrap(), "x".to_owned(), now());
    assert!(matches!(refused, Err(ApiError::Corrupt(_))), "{refused:?}");
}

/// And for the lock version an edit increases.
#[test]
fn regression_the_largest_lock_version_refuses_edits_instead_of_overflowing() {
    let mut edited = None;
    let store = demo_store_with(|list| {
        for record in list.iter_mut() {
            if let records::Record::WorkPackage(wp) = record {
                wp.lock_version = u64::MAX;
                edited.get_or_insert_with(|| wp.clone());
            }
        }
    });
    let wp = edited.unwrap();
    let mut patch = WorkPackagePatch::based_on(&wp);
    patch.subject = Some("Renamed".to_owned());
    let refused = store.plan_update(wp.id, patch, now());
    assert!(matches!(refused, Err(ApiError::Corrupt(_))), "{refused:?}");
}

// ----- iCalendar round trip ----------------------------------------------------------------------

/// What a TEXT value holds after the export: line breaks as `\n`, ASCII control characters other
/// than tab and line breaks dropped.
fn as_ics_text(raw: &str) -> String {
    raw.replace("\r\n", "\n")
        .chars()
        .filter_map(|c| match c {
            '\r' => Some('\n'),
            '\n' | '\t' => Some(c),
            c if c.is_ascii_control() => None,
            c => Some(c),
        })
        .collect()
}

fn date() -> impl Strategy<Value = NaiveDate> {
    prop_oneof![
        (-1000_i32..3000, 1_u32..=12, 1_u32..=31)
            .prop_filter_map("a real day", |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
        Just(NaiveDate::MIN),
        // The last day chrono knows has no day after it for the exclusive end; the one before has.
        Just(NaiveDate::MAX.pred_opt().unwrap()),
    ]
}

prop_compose! {
    fn work_package()(
        id in any::<u64>(),
        subject in ".{0,100}",
        description in prop_oneof![".{0,200}", "[\r\n\t\\\\;,\x00-\x1f a]{0,20}"],
        milestone in any::<bool>(),
        start in prop::option::of(date()),
        due in prop::option::of(date()),
        milestone_date in prop::option::of(date()),
    ) -> WorkPackage {
        let mut wp = WorkPackage::new(
            WorkPackageId(id), PROJECT, if milestone { MILESTONE } else { TASK },
            StatusId(1), PriorityId(1), subject, now(),
        );
        wp.description = description;
        wp.start_date = start;
        wp.due_date = due;
        wp.date = milestone_date;
        wp
    }
}

proptest! {
    #![proptest_config(config())]

    /// Whatever the items hold, a real iCalendar parser reads the file back, with every dated item
    /// as an event whose summary and description are the item's text.
    #[test]
    fn the_ics_export_reads_back(
        wps in prop::collection::vec(work_package(), 0..5),
        project_name in ".{0,40}",
        host in "[a-z0-9.;,\\\\-]{1,20}",
    ) {
        let refs: Vec<&WorkPackage> = wps.iter().collect();
        let ics = ics::calendar(&project_name, &refs, &catalog(), &host, now());
        prop_assert!(ics.ends_with("\r\n"));
        for line in ics.trim_end_matches("\r\n").split("\r\n") {
            prop_assert!(line.len() <= 75, "{line:?}");
            prop_assert!(!line.contains(['\r', '\n']), "{line:?}");
        }
        let unfolded = unfold(&ics);
        let calendar = read_calendar(&unfolded).map_err(TestCaseError::fail)?;
        let value = |props: &[icalendar::parser::Property], name: &str| {
            props.iter().find(|p| p.name.as_str() == name).map(|p| p.val.as_str().to_owned())
        };
        prop_assert_eq!(value(&calendar.properties, "X-WR-CALNAME"), Some(as_ics_text(&project_name)));
        let events: Vec<_> = calendar.components.iter().filter(|c| c.name == "VEVENT").collect();
        // A milestone takes its date, else its start or due; another item its start or finish.
        let dated: Vec<&WorkPackage> = wps
            .iter()
            .filter(|wp| wp.date.or(wp.start_date).or(wp.due_date).is_some())
            .collect();
        prop_assert_eq!(events.len(), dated.len());
        for (event, wp) in events.iter().zip(dated) {
            let summary = value(&event.properties, "SUMMARY");
            prop_assert_eq!(summary, Some(as_ics_text(&format!("#{} {}", wp.id, wp.subject))));
            let description = value(&event.properties, "DESCRIPTION").unwrap_or_default();
            prop_assert_eq!(description, as_ics_text(&wp.description));
        }
    }
}
