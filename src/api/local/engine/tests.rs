//! Tests of the local store engine.
use super::*;
use crate::api::local::records::{export_json, import_json};
use crate::domain::RelationKind;
use chrono::TimeZone;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 10, 9, 0, 0).unwrap()
}

fn later() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 11, 14, 0, 0).unwrap()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const P: ProjectId = ProjectId(1);
const TASK: TypeId = TypeId(1);
// As in the seed: the built-in custom fields require story points of type 2 (features).
const MILESTONE: TypeId = TypeId(4);
const NEW: StatusId = StatusId(1);
const WORKING: StatusId = StatusId(2);
const DONE: StatusId = StatusId(3);

/// A small store: one project, three statuses, two types, two users, no work packages.
fn empty_store() -> LocalStore {
    let status = |id: u64, name: &str, is_closed: bool| {
        Record::Status(Status {
            id: StatusId(id),
            name: name.to_owned(),
            is_closed,
            is_default: id == 1,
            color: "#000000".to_owned(),
            position: u32::try_from(10 - id).unwrap(),
        })
    };
    LocalStore::from_records(vec![
        Record::Meta(Meta {
            schema: SCHEMA_VERSION,
            current_user: Some(UserId(1)),
        }),
        Record::Project(Project {
            id: P,
            identifier: "demo".to_owned(),
            name: "Demo".to_owned(),
            description: String::new(),
            parent: None,
        }),
        status(1, "New", false),
        status(2, "In progress", false),
        status(3, "Done", true),
        Record::Type(WpType {
            id: TASK,
            name: "Task".to_owned(),
            color: "#111111".to_owned(),
            is_milestone: false,
            position: 1,
        }),
        Record::Type(WpType {
            id: MILESTONE,
            name: "Milestone".to_owned(),
            color: "#222222".to_owned(),
            is_milestone: true,
            position: 2,
        }),
        Record::Priority(Priority {
            id: PriorityId(1),
            name: "Normal".to_owned(),
            position: 1,
            is_default: true,
        }),
        Record::Priority(Priority {
            id: PriorityId(2),
            name: "High".to_owned(),
            position: 2,
            is_default: false,
        }),
        Record::User(User {
            id: UserId(1),
            name: "Anna Schmidt".to_owned(),
            login: "anna".to_owned(),
        }),
        Record::User(User {
            id: UserId(2),
            name: "Jonas Weber".to_owned(),
            login: "jonas".to_owned(),
        }),
    ])
    .unwrap()
}

fn create(store: &mut LocalStore, draft: NewWorkPackage) -> WorkPackage {
    let (wp, changes) = store.plan_create(draft, now()).unwrap();
    store.apply(&changes);
    wp
}

fn task(store: &mut LocalStore, subject: &str) -> WorkPackage {
    create(store, NewWorkPackage::new(P, TASK, subject))
}

fn child(store: &mut LocalStore, subject: &str, parent: WorkPackageId) -> WorkPackage {
    let mut draft = NewWorkPackage::new(P, TASK, subject);
    draft.parent = Some(parent);
    create(store, draft)
}

fn update(
    store: &mut LocalStore,
    wp: &WorkPackage,
    edit: impl FnOnce(&mut WorkPackagePatch),
) -> Result<WorkPackage, ApiError> {
    let mut patch = WorkPackagePatch::based_on(wp);
    edit(&mut patch);
    let (next, changes) = store.plan_update(wp.id, patch, later())?;
    store.apply(&changes);
    Ok(next)
}

fn relate(
    store: &mut LocalStore,
    from: WorkPackageId,
    kind: RelationKind,
    to: WorkPackageId,
) -> Result<Relation, ApiError> {
    let (relation, changes) = store.plan_create_relation(NewRelation {
        from,
        to,
        kind,
        lag: Some(2),
        description: String::new(),
    })?;
    store.apply(&changes);
    Ok(relation)
}

fn field_errors(error: ApiError) -> Vec<(Field, Problem)> {
    match error {
        ApiError::Invalid(errors) => errors.into_iter().map(|e| (e.field, e.problem)).collect(),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn a_new_work_package_gets_defaults_the_next_id_and_the_end_of_its_column() {
    let mut store = empty_store();
    let first = task(&mut store, "  Write the minutes  ");
    let second = task(&mut store, "Book the room");
    assert_eq!(first.id, WorkPackageId(1));
    assert_eq!(second.id, WorkPackageId(2));
    assert_eq!(first.subject, "Write the minutes");
    assert_eq!(first.status, NEW);
    assert_eq!(first.priority, PriorityId(1));
    assert_eq!(first.lock_version, 0);
    assert!(second.position > first.position);
    assert_eq!(store.work_package(first.id).unwrap(), first);
}

#[test]
fn the_duration_counts_working_days_and_milestones_have_none() {
    let mut store = empty_store();
    let mut draft = NewWorkPackage::new(P, TASK, "Two weeks of work");
    draft.start_date = Some(d(2026, 11, 23));
    draft.due_date = Some(d(2026, 12, 4));
    assert_eq!(create(&mut store, draft).duration_days, Some(10));
    let mut milestone = NewWorkPackage::new(P, MILESTONE, "Go-live");
    milestone.date = Some(d(2026, 12, 4));
    assert_eq!(create(&mut store, milestone).duration_days, None);
}

#[test]
fn unknown_references_are_refused_field_by_field() {
    let store = empty_store();
    let mut draft = NewWorkPackage::new(P, TypeId(99), "Broken");
    draft.status = Some(StatusId(99));
    draft.assignee = Some(UserId(99));
    draft.version = Some(VersionId(99));
    draft.parent = Some(WorkPackageId(99));
    let errors = field_errors(store.plan_create(draft, now()).unwrap_err());
    for field in [
        Field::Type,
        Field::Status,
        Field::Assignee,
        Field::Version,
        Field::Parent,
    ] {
        assert!(
            errors.contains(&(field, Problem::UnknownValue)),
            "{field:?} in {errors:?}"
        );
    }
    let elsewhere = NewWorkPackage::new(ProjectId(7), TASK, "Nowhere");
    let errors = field_errors(store.plan_create(elsewhere, now()).unwrap_err());
    assert!(errors.contains(&(Field::Project, Problem::UnknownValue)));
}

#[test]
fn a_blank_subject_and_a_reversed_range_are_reported_together() {
    let store = empty_store();
    let mut draft = NewWorkPackage::new(P, TASK, "   ");
    draft.start_date = Some(d(2026, 5, 10));
    draft.due_date = Some(d(2026, 5, 1));
    let errors = field_errors(store.plan_create(draft, now()).unwrap_err());
    assert_eq!(
        errors,
        vec![
            (Field::Subject, Problem::Blank),
            (Field::DueDate, Problem::DueBeforeStart)
        ]
    );
}

#[test]
fn every_update_increases_the_lock_version_and_the_update_time() {
    let mut store = empty_store();
    let wp = task(&mut store, "Draft the agenda");
    let first = update(&mut store, &wp, |p| p.subject = Some("Agenda".to_owned())).unwrap();
    assert_eq!(first.lock_version, 1);
    assert_eq!(first.updated_at, later());
    assert_eq!(first.created_at, now());
    let second = update(&mut store, &first, |p| p.percentage_done = Some(50)).unwrap();
    assert_eq!(second.lock_version, 2);
    assert_eq!(store.work_package(wp.id).unwrap(), second);
}

#[test]
fn a_stale_update_is_refused_with_the_stored_version_and_changes_nothing() {
    let mut store = empty_store();
    let wp = task(&mut store, "Original");
    let current = update(&mut store, &wp, |p| p.subject = Some("Theirs".to_owned())).unwrap();
    let before = store.clone();
    let error = update(&mut store, &wp, |p| p.subject = Some("Mine".to_owned())).unwrap_err();
    assert_eq!(
        error,
        ApiError::Conflict {
            current: Box::new(current)
        }
    );
    assert_eq!(store, before);
}

#[test]
fn an_empty_patch_returns_the_work_package_unchanged_without_changes() {
    let mut store = empty_store();
    let wp = task(&mut store, "Nothing to see");
    let (same, changes) = store
        .plan_update(wp.id, WorkPackagePatch::based_on(&wp), later())
        .unwrap();
    assert_eq!(same, wp);
    assert!(changes.is_empty());
}

#[test]
fn an_invalid_update_lists_every_broken_rule() {
    let mut store = empty_store();
    let wp = task(&mut store, "Fine");
    let error = update(&mut store, &wp, |p| {
        p.subject = Some(String::new());
        p.date = Some(Some(d(2026, 1, 1)));
        p.percentage_done = Some(101);
    })
    .unwrap_err();
    let errors = field_errors(error);
    assert!(errors.contains(&(Field::Subject, Problem::Blank)));
    assert!(errors.contains(&(Field::Date, Problem::DateOnlyForMilestones)));
    assert!(errors.contains(&(
        Field::PercentageDone,
        Problem::OutOfRange { min: 0, max: 100 }
    )));
    assert_eq!(store.work_package(wp.id).unwrap(), wp);
}

#[test]
fn a_parent_that_would_make_a_cycle_is_refused() {
    let mut store = empty_store();
    let top = task(&mut store, "Top");
    let middle = child(&mut store, "Middle", top.id);
    let bottom = child(&mut store, "Bottom", middle.id);
    let error = update(&mut store, &top, |p| p.parent = Some(Some(bottom.id))).unwrap_err();
    assert_eq!(
        field_errors(error),
        vec![(Field::Parent, Problem::ParentIsDescendant)]
    );
    let error = update(&mut store, &top, |p| p.parent = Some(Some(top.id))).unwrap_err();
    assert_eq!(
        field_errors(error),
        vec![(Field::Parent, Problem::ParentIsSelf)]
    );
    let moved = update(&mut store, &bottom, |p| p.parent = Some(Some(top.id))).unwrap();
    assert_eq!(moved.parent, Some(top.id));
}

#[test]
fn a_status_change_puts_the_card_at_the_end_of_the_new_column() {
    let mut store = empty_store();
    let mut draft = NewWorkPackage::new(P, TASK, "Already working");
    draft.status = Some(WORKING);
    let working = create(&mut store, draft);
    let fresh = task(&mut store, "Fresh");
    let moved = update(&mut store, &fresh, |p| p.status = Some(WORKING)).unwrap();
    assert!(moved.position > working.position);
}

#[test]
fn each_update_records_the_changed_fields_as_readable_text() {
    let mut store = empty_store();
    let wp = task(&mut store, "Plan");
    update(&mut store, &wp, |p| {
        p.status = Some(DONE);
        p.assignee = Some(Some(UserId(2)));
        p.start_date = Some(Some(d(2026, 4, 1)));
    })
    .unwrap();
    let activities = store.activities(wp.id).unwrap();
    assert_eq!(activities.len(), 2);
    assert_eq!(activities[0].details, vec![ActivityDetail::Created]);
    assert_eq!(activities[0].user, Some(UserId(1)));
    let changed = |field, from: Option<&str>, to: Option<&str>| ActivityDetail::Changed {
        field,
        from: from.map(str::to_owned),
        to: to.map(str::to_owned),
    };
    assert_eq!(
        activities[1].details,
        vec![
            changed(Field::Status, Some("New"), Some("Done")),
            changed(Field::Assignee, None, Some("Jonas Weber")),
            changed(Field::StartDate, None, Some("2026-04-01")),
        ]
    );
    assert_eq!(activities[1].created_at, later());
}

#[test]
fn a_category_must_be_the_projects_and_is_recorded_by_name() {
    let mut store = empty_store();
    store.apply(&[
        Change::Put(Record::Category(Category {
            id: CategoryId(1),
            project: P,
            name: "Möbel".to_owned(),
        })),
        Change::Put(Record::Category(Category {
            id: CategoryId(2),
            project: ProjectId(7),
            name: "Elsewhere".to_owned(),
        })),
    ]);
    assert_eq!(
        store.categories(P).unwrap(),
        vec![Category {
            id: CategoryId(1),
            project: P,
            name: "Möbel".to_owned(),
        }]
    );
    let wp = task(&mut store, "Desks");
    let foreign = update(&mut store, &wp, |p| p.category = Some(Some(CategoryId(2))));
    assert_eq!(
        field_errors(foreign.unwrap_err()),
        vec![(Field::Category, Problem::UnknownValue)]
    );
    let set = update(&mut store, &wp, |p| p.category = Some(Some(CategoryId(1)))).unwrap();
    assert_eq!(
        store.work_package(wp.id).unwrap().category,
        Some(CategoryId(1))
    );
    update(&mut store, &set, |p| p.category = Some(None)).unwrap();
    let details: Vec<ActivityDetail> = store
        .activities(wp.id)
        .unwrap()
        .into_iter()
        .flat_map(|a| a.details)
        .collect();
    let changed = |from: Option<&str>, to: Option<&str>| ActivityDetail::Changed {
        field: Field::Category,
        from: from.map(str::to_owned),
        to: to.map(str::to_owned),
    };
    assert!(
        details.contains(&changed(None, Some("Möbel"))),
        "{details:?}"
    );
    assert!(
        details.contains(&changed(Some("Möbel"), None)),
        "{details:?}"
    );
}

#[test]
fn comments_are_listed_after_earlier_entries_and_blank_ones_are_refused() {
    let mut store = empty_store();
    let wp = task(&mut store, "Discuss");
    let (comment, changes) = store
        .plan_comment(wp.id, "Looks **good**".to_owned(), later())
        .unwrap();
    store.apply(&changes);
    let activities = store.activities(wp.id).unwrap();
    assert_eq!(activities.last(), Some(&comment));
    assert_eq!(comment.comment.as_deref(), Some("Looks **good**"));
    let error = store
        .plan_comment(wp.id, "  \n".to_owned(), later())
        .unwrap_err();
    assert_eq!(field_errors(error), vec![(Field::Comment, Problem::Blank)]);
    assert_eq!(
        store.plan_comment(WorkPackageId(99), "x".to_owned(), later()),
        Err(ApiError::NotFound)
    );
}

#[test]
fn applying_the_undo_restores_the_previous_state_exactly() {
    let mut store = empty_store();
    let top = task(&mut store, "Top");
    let kid = child(&mut store, "Kid", top.id);
    relate(&mut store, top.id, RelationKind::Relates, kid.id).unwrap();
    let before = store.clone();

    let (_, changes) = store
        .plan_update(
            top.id,
            {
                let mut p = WorkPackagePatch::based_on(&top);
                p.status = Some(DONE);
                p
            },
            later(),
        )
        .unwrap();
    let undo = store.apply(&changes);
    assert_ne!(store, before);
    store.apply(&undo);
    assert_eq!(store, before);

    let undo = store.apply(&store.plan_delete(top.id).unwrap());
    assert_ne!(store, before);
    store.apply(&undo);
    assert_eq!(store, before);
}

#[test]
fn deleting_a_work_package_removes_its_descendants_relations_and_activities() {
    let mut store = empty_store();
    let top = task(&mut store, "Top");
    let kid = child(&mut store, "Kid", top.id);
    let grandchild = child(&mut store, "Grandchild", kid.id);
    let other = task(&mut store, "Other");
    relate(&mut store, other.id, RelationKind::Blocks, grandchild.id).unwrap();
    let keep = relate(
        &mut store,
        other.id,
        RelationKind::Relates,
        WorkPackageId(5),
    )
    .is_err();
    assert!(keep, "no work package 5 exists");
    store.apply(&store.plan_delete(top.id).unwrap());
    for gone in [top.id, kid.id, grandchild.id] {
        assert_eq!(store.work_package(gone), Err(ApiError::NotFound));
        assert_eq!(store.activities(gone), Err(ApiError::NotFound));
    }
    assert_eq!(store.relations(other.id).unwrap(), Vec::new());
    assert!(store.work_package(other.id).is_ok());
    assert!(
        !store
            .records()
            .iter()
            .any(|r| matches!(r, Record::Activity(a) if a.work_package == kid.id))
    );
    assert_eq!(store.plan_delete(top.id), Err(ApiError::NotFound));
}

#[test]
fn reordering_writes_positions_but_keeps_the_lock_version() {
    let mut store = empty_store();
    let a = task(&mut store, "A");
    let b = task(&mut store, "B");
    store.apply(&store.plan_reorder(&[(a.id, 5000), (b.id, 10)]).unwrap());
    let a2 = store.work_package(a.id).unwrap();
    assert_eq!(a2.position, 5000);
    assert_eq!(a2.lock_version, a.lock_version);
    assert_eq!(a2.updated_at, a.updated_at);
    assert_eq!(store.work_package(b.id).unwrap().position, 10);
    assert_eq!(
        store.plan_reorder(&[(a.id, 1), (WorkPackageId(42), 2)]),
        Err(ApiError::NotFound)
    );
}

#[test]
fn relations_show_up_at_both_ends_and_duplicates_or_loops_are_refused() {
    let mut store = empty_store();
    let a = task(&mut store, "A");
    let b = task(&mut store, "B");
    let precedes = relate(&mut store, a.id, RelationKind::Precedes, b.id).unwrap();
    assert_eq!(precedes.lag, Some(2));
    assert_eq!(store.relations(a.id).unwrap(), vec![precedes.clone()]);
    assert_eq!(store.relations(b.id).unwrap(), vec![precedes.clone()]);
    let same = relate(&mut store, a.id, RelationKind::Precedes, b.id).unwrap_err();
    assert_eq!(
        field_errors(same),
        vec![(Field::RelatedTo, Problem::RelationExists)]
    );
    let reverse = relate(&mut store, b.id, RelationKind::Follows, a.id).unwrap_err();
    assert_eq!(
        field_errors(reverse),
        vec![(Field::RelatedTo, Problem::RelationExists)]
    );
    let itself = relate(&mut store, a.id, RelationKind::Relates, a.id).unwrap_err();
    assert_eq!(
        field_errors(itself),
        vec![(Field::RelatedTo, Problem::RelationToItself)]
    );
    let relates = relate(&mut store, b.id, RelationKind::Relates, a.id).unwrap();
    assert_eq!(relates.lag, None, "only scheduling relations keep a lag");
    store.apply(&store.plan_delete_relation(precedes.id).unwrap());
    assert_eq!(store.relations(a.id).unwrap(), vec![relates]);
    assert_eq!(
        store.plan_delete_relation(precedes.id),
        Err(ApiError::NotFound)
    );
    assert_eq!(store.relations(WorkPackageId(99)), Err(ApiError::NotFound));
}

#[test]
fn reads_are_sorted_and_unknown_projects_are_not_found() {
    let store = empty_store();
    let statuses: Vec<u64> = store.statuses().iter().map(|s| s.id.0).collect();
    assert_eq!(statuses, vec![3, 2, 1], "by position, not by id");
    assert_eq!(store.members(P).unwrap()[0].name, "Anna Schmidt");
    assert_eq!(store.members(ProjectId(9)), Err(ApiError::NotFound));
    assert_eq!(store.versions(ProjectId(9)), Err(ApiError::NotFound));
    assert_eq!(
        store.work_packages(ProjectId(9), &WorkPackageQuery::everything()),
        Err(ApiError::NotFound)
    );
    assert_eq!(store.project(&ProjectKey::parse("demo")).unwrap().id, P);
    assert_eq!(store.project(&ProjectKey::parse("1")).unwrap().id, P);
    assert_eq!(
        store.project(&ProjectKey::parse("nope")),
        Err(ApiError::NotFound)
    );
}

#[test]
fn records_read_back_give_the_same_store() {
    let mut store = empty_store();
    let top = task(&mut store, "Top");
    let kid = child(&mut store, "Kid", top.id);
    relate(&mut store, top.id, RelationKind::Precedes, kid.id).unwrap();
    let again = LocalStore::from_records(store.records()).unwrap();
    assert_eq!(again, store);
}

#[test]
fn an_export_imports_back_to_the_same_store() {
    let now = now();
    let store =
        LocalStore::from_records(super::super::seed::demo_records(now.date_naive(), now)).unwrap();
    let json = export_json(store.records());
    let again = LocalStore::from_records(import_json(&json).unwrap()).unwrap();
    assert_eq!(again, store);
    assert!(matches!(
        import_json("{\"format\":\"other\",\"version\":1,\"records\":[]}"),
        Err(ApiError::Decode(_))
    ));
}

#[test]
fn data_that_does_not_fit_together_is_reported_as_corrupt() {
    let store = empty_store();
    let without_meta: Vec<Record> = store
        .records()
        .into_iter()
        .filter(|r| !matches!(r, Record::Meta(_)))
        .collect();
    assert!(matches!(
        LocalStore::from_records(without_meta),
        Err(ApiError::Corrupt(_))
    ));
    assert!(matches!(
        LocalStore::from_records(Vec::new()),
        Err(ApiError::Corrupt(_))
    ));

    let mut twice = store.records();
    twice.push(twice[1].clone());
    assert!(matches!(
        LocalStore::from_records(twice),
        Err(ApiError::Corrupt(_))
    ));

    let mut orphan_store = empty_store();
    let wp = task(&mut orphan_store, "Orphan");
    let mut orphan = orphan_store.records();
    orphan.retain(|r| !matches!(r, Record::Project(_)));
    assert!(matches!(
        LocalStore::from_records(orphan),
        Err(ApiError::Corrupt(_))
    ));

    let mut dangling = store.records();
    dangling.push(Record::Relation(Relation {
        id: RelationId(1),
        from: wp.id,
        to: WorkPackageId(77),
        kind: RelationKind::Relates,
        lag: None,
        description: String::new(),
    }));
    assert!(matches!(
        LocalStore::from_records(dangling),
        Err(ApiError::Corrupt(_))
    ));

    let mut newer = store.records();
    newer[0] = Record::Meta(Meta {
        schema: SCHEMA_VERSION + 1,
        current_user: None,
    });
    assert!(matches!(
        LocalStore::from_records(newer),
        Err(ApiError::Corrupt(_))
    ));
}

#[test]
fn queries_filter_by_project() {
    let mut store = empty_store();
    task(&mut store, "Mine");
    let mut records = store.records();
    records.push(Record::Project(Project {
        id: ProjectId(2),
        identifier: "other".to_owned(),
        name: "Another".to_owned(),
        description: String::new(),
        parent: None,
    }));
    let mut store = LocalStore::from_records(records).unwrap();
    create(
        &mut store,
        NewWorkPackage::new(ProjectId(2), TASK, "Theirs"),
    );
    let page = store
        .work_packages(P, &WorkPackageQuery::everything())
        .unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.items[0].subject, "Mine");
    assert_eq!(store.projects()[0].name, "Another", "sorted by name");
}

#[test]
fn boards_are_saved_listed_by_name_replaced_and_deleted() {
    let mut store = empty_store();
    let save = |store: &mut LocalStore, id: Option<BoardId>, name: &str, query: &str| {
        let (board, changes) = store
            .plan_save_board(BoardDraft {
                id,
                project: P,
                name: name.to_owned(),
                query: query.to_owned(),
            })
            .unwrap();
        store.apply(&changes);
        board
    };
    let sprint = save(&mut store, None, "  sprint ", "by=assignee");
    let review = save(&mut store, None, "Review", "lanes=priority");
    assert_eq!(sprint.name, "sprint", "names are trimmed");
    assert_ne!(sprint.id, review.id);
    let names: Vec<String> = store
        .boards(P)
        .unwrap()
        .into_iter()
        .map(|b| b.name)
        .collect();
    assert_eq!(names, ["Review", "sprint"], "by name, whatever the case");

    let renamed = save(&mut store, Some(sprint.id), "Sprint", "by=priority");
    assert_eq!(renamed.id, sprint.id);
    assert_eq!(store.boards(P).unwrap().len(), 2, "replaced, not added");
    // Boards are records like the others: exported and read back.
    let back = LocalStore::from_records(store.records()).unwrap();
    assert_eq!(back.boards(P).unwrap(), store.boards(P).unwrap());

    let blank = store.plan_save_board(BoardDraft {
        id: None,
        project: P,
        name: "   ".to_owned(),
        query: String::new(),
    });
    assert_eq!(
        field_errors(blank.unwrap_err()),
        vec![(Field::Name, Problem::Blank)]
    );
    let ((), changes) = store.plan_delete_board(review.id).unwrap();
    store.apply(&changes);
    assert_eq!(store.boards(P).unwrap().len(), 1);
    assert!(matches!(
        store.plan_delete_board(review.id),
        Err(ApiError::NotFound)
    ));
}

#[test]
fn views_are_saved_starred_first_replaced_kept_in_the_records_and_deleted() {
    use crate::domain::saved_view::ViewKind;
    let mut store = empty_store();
    let save = |store: &mut LocalStore, id: Option<ViewId>, name: &str, starred: bool| {
        let (view, changes) = store
            .plan_save_view(ViewDraft {
                id,
                project: P,
                name: name.to_owned(),
                kind: ViewKind::Gantt,
                query: "status=open&group=assignee".to_owned(),
                public: true,
                starred,
            })
            .unwrap();
        store.apply(&changes);
        view
    };
    let open = save(&mut store, None, " Open ", false);
    let mine = save(&mut store, None, "mine", true);
    assert_eq!(open.name, "Open");
    assert_eq!(
        (open.kind, open.public, open.query.as_str()),
        (ViewKind::Gantt, true, "status=open&group=assignee")
    );
    let names: Vec<String> = store
        .views(P)
        .unwrap()
        .into_iter()
        .map(|v| v.name)
        .collect();
    assert_eq!(names, ["mine", "Open"], "starred first");
    // Saved here, whoever is signed in (or nobody, in an empty store): the user's to change.
    assert!(
        store
            .views(P)
            .unwrap()
            .iter()
            .all(|v| v.mine && v.may_change && v.may_delete)
    );
    save(&mut store, Some(open.id), "All open", true);
    assert_eq!(store.views(P).unwrap().len(), 2, "replaced, not added");
    let back = LocalStore::from_records(store.records()).unwrap();
    assert_eq!(back.views(P).unwrap(), store.views(P).unwrap());
    let ((), changes) = store.plan_delete_view(mine.id).unwrap();
    store.apply(&changes);
    assert_eq!(store.views(P).unwrap().len(), 1);
    assert!(matches!(
        store.plan_delete_view(mine.id),
        Err(ApiError::NotFound)
    ));
    assert!(matches!(
        store.plan_save_view(ViewDraft {
            id: Some(ViewId(99)),
            project: P,
            name: "x".into(),
            kind: ViewKind::Table,
            query: String::new(),
            public: false,
            starred: false,
        }),
        Err(ApiError::NotFound)
    ));
}
