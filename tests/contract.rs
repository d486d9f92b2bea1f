//! The backend contract: what every `Backend` must do, written once over `&dyn Backend`.
//!
//! Each contract check creates what it needs and looks only at that, so it can also run against a
//! shared server. To check another backend, add one runner that calls `run_contract` with a factory.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use futures::executor::block_on;
use std::rc::Rc;
use tafel::api::local::persist::{MemoryPersistence, Persistence};
use tafel::api::local::{Clock, LocalBackend};
use tafel::api::{ApiError, Backend, all_work_packages, load_catalog};
use tafel::domain::{
    Field, Filter, NewRelation, NewWorkPackage, Project, ProjectId, ProjectKey, RelationId,
    RelationKind, Sort, SortField, StatusId, TypeId, WorkPackage, WorkPackageId, WorkPackagePatch,
    WorkPackageQuery,
};

// ----- the contract ------------------------------------------------------------------------------

/// Runs every contract check, each on a fresh backend from `make`.
fn run_contract(make: &dyn Fn() -> Rc<dyn Backend>) {
    macro_rules! run {
        ($($check:ident),* $(,)?) => {$(
            let backend = make();
            eprintln!("contract: {}", stringify!($check));
            block_on($check(&*backend));
        )*};
    }
    run!(
        a_created_work_package_reads_back_as_it_was_created,
        an_update_changes_the_fields_and_the_lock_version,
        an_update_based_on_an_old_version_is_a_conflict_and_overwrites_nothing,
        a_deleted_work_package_is_gone,
        filters_sorting_and_paging_pick_the_right_work_packages,
        open_and_closed_filters_follow_the_status,
        a_relation_is_seen_from_both_ends_until_it_is_deleted,
        a_comment_appears_last_in_the_activities,
        unknown_ids_and_projects_are_not_found,
        a_project_can_be_found_by_identifier_and_by_id,
        a_blank_subject_is_refused_on_the_subject_field_and_nothing_is_created,
        reordering_moves_cards_without_a_new_lock_version,
        the_reference_data_is_complete_and_ordered,
    );
}

/// What the checks need to know about a backend's data.
struct Ctx {
    project: Project,
    task_type: TypeId,
    open_status: StatusId,
    closed_status: StatusId,
}

async fn ctx(b: &dyn Backend) -> Ctx {
    let project = b
        .projects()
        .await
        .unwrap()
        .into_iter()
        .next()
        .expect("a project");
    let types = b.types().await.unwrap();
    let task_type = types
        .iter()
        .find(|t| !t.is_milestone)
        .expect("a non-milestone type")
        .id;
    let statuses = b.statuses().await.unwrap();
    let open_status = statuses
        .iter()
        .find(|s| !s.is_closed)
        .expect("an open status")
        .id;
    let closed_status = statuses
        .iter()
        .find(|s| s.is_closed)
        .expect("a closed status")
        .id;
    Ctx {
        project,
        task_type,
        open_status,
        closed_status,
    }
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

impl Ctx {
    fn draft(&self, subject: &str) -> NewWorkPackage {
        NewWorkPackage::new(self.project.id, self.task_type, subject)
    }

    async fn create(&self, b: &dyn Backend, subject: &str) -> WorkPackage {
        b.create_work_package(self.draft(subject)).await.unwrap()
    }

    /// Work packages of the project whose subject contains `marker`, under `query`.
    async fn find(&self, b: &dyn Backend, marker: &str, mut query: WorkPackageQuery) -> Vec<u64> {
        query.filters.push(Filter::Text(marker.to_owned()));
        b.work_packages(self.project.id, query)
            .await
            .unwrap()
            .items
            .iter()
            .map(|wp| wp.id.0)
            .collect()
    }
}

async fn a_created_work_package_reads_back_as_it_was_created(b: &dyn Backend) {
    let c = ctx(b).await;
    let mut draft = c.draft("  Prepare the budget proposal  ");
    draft.description = String::from("Numbers for **2027**");
    draft.start_date = Some(day(23));
    draft.due_date = Some(day(27));
    let created = b.create_work_package(draft).await.unwrap();
    assert_eq!(created.subject, "Prepare the budget proposal");
    assert_eq!(created.description, "Numbers for **2027**");
    assert_eq!(created.project, c.project.id);
    assert_eq!(created.start_date, Some(day(23)));
    assert_eq!(created.due_date, Some(day(27)));
    assert_eq!(created.duration_days, Some(5));
    assert_eq!(b.work_package(created.id).await.unwrap(), created);
    let all = all_work_packages(b, c.project.id, WorkPackageQuery::everything())
        .await
        .unwrap();
    assert!(all.contains(&created));
}

async fn an_update_changes_the_fields_and_the_lock_version(b: &dyn Backend) {
    let c = ctx(b).await;
    let wp = c.create(b, "Draft the invitation").await;
    let mut patch = WorkPackagePatch::based_on(&wp);
    patch.subject = Some("Send the invitation".to_owned());
    patch.percentage_done = Some(40);
    let updated = b.update_work_package(wp.id, patch).await.unwrap();
    assert_eq!(updated.subject, "Send the invitation");
    assert_eq!(updated.percentage_done, 40);
    assert!(updated.lock_version > wp.lock_version);
    assert_eq!(b.work_package(wp.id).await.unwrap(), updated);
}

async fn an_update_based_on_an_old_version_is_a_conflict_and_overwrites_nothing(b: &dyn Backend) {
    let c = ctx(b).await;
    let wp = c.create(b, "Shared agenda").await;
    let mut theirs = WorkPackagePatch::based_on(&wp);
    theirs.subject = Some("Shared agenda (their edit)".to_owned());
    let stored = b.update_work_package(wp.id, theirs).await.unwrap();

    let mut mine = WorkPackagePatch::based_on(&wp);
    mine.subject = Some("Shared agenda (my edit)".to_owned());
    match b.update_work_package(wp.id, mine).await {
        Err(ApiError::Conflict { current }) => assert_eq!(*current, stored),
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(b.work_package(wp.id).await.unwrap(), stored);
}

async fn a_deleted_work_package_is_gone(b: &dyn Backend) {
    let c = ctx(b).await;
    let wp = c.create(b, "Temporary note").await;
    b.delete_work_package(wp.id).await.unwrap();
    assert_eq!(b.work_package(wp.id).await, Err(ApiError::NotFound));
    assert_eq!(
        b.update_work_package(wp.id, WorkPackagePatch::based_on(&wp))
            .await,
        Err(ApiError::NotFound)
    );
    assert_eq!(b.delete_work_package(wp.id).await, Err(ApiError::NotFound));
    assert!(
        c.find(b, "Temporary note", WorkPackageQuery::everything())
            .await
            .is_empty()
    );
}

async fn filters_sorting_and_paging_pick_the_right_work_packages(b: &dyn Backend) {
    let c = ctx(b).await;
    let alpha = c.create(b, "Qx7 alpha").await.id.0;
    let beta = c.create(b, "Qx7 beta").await.id.0;
    let gamma = c.create(b, "Qx7 gamma").await.id.0;
    c.create(b, "Unrelated").await;

    let by_subject_desc = WorkPackageQuery {
        sort: vec![Sort {
            field: SortField::Subject,
            descending: true,
        }],
        ..WorkPackageQuery::default()
    };
    assert_eq!(
        c.find(b, "qx7", by_subject_desc.clone()).await,
        vec![gamma, beta, alpha]
    );

    let second_page = WorkPackageQuery {
        page: 2,
        page_size: 2,
        ..by_subject_desc
    };
    let mut query = second_page.clone();
    query.filters.push(Filter::Text("Qx7".to_owned()));
    let page = b.work_packages(c.project.id, query).await.unwrap();
    assert_eq!(page.total, 3);
    assert_eq!(page.page, 2);
    assert_eq!(
        page.items.iter().map(|w| w.id.0).collect::<Vec<_>>(),
        vec![alpha]
    );

    assert_eq!(
        c.find(b, &format!("#{beta}"), WorkPackageQuery::everything())
            .await,
        vec![beta],
        "#id finds exactly that work package"
    );
}

async fn open_and_closed_filters_follow_the_status(b: &dyn Backend) {
    let c = ctx(b).await;
    let mut draft = c.draft("Vk3 closed one");
    draft.status = Some(c.closed_status);
    let closed = b.create_work_package(draft).await.unwrap().id.0;
    let mut draft = c.draft("Vk3 open one");
    draft.status = Some(c.open_status);
    let open = b.create_work_package(draft).await.unwrap().id.0;
    let with = |filter: Filter| WorkPackageQuery {
        filters: vec![filter],
        ..WorkPackageQuery::default()
    };
    assert_eq!(c.find(b, "Vk3", with(Filter::OpenStatus)).await, vec![open]);
    assert_eq!(
        c.find(b, "Vk3", with(Filter::ClosedStatus)).await,
        vec![closed]
    );
    assert_eq!(
        c.find(b, "Vk3", with(Filter::Status(vec![c.closed_status])))
            .await,
        vec![closed]
    );
}

async fn a_relation_is_seen_from_both_ends_until_it_is_deleted(b: &dyn Backend) {
    let c = ctx(b).await;
    let first = c.create(b, "Order the furniture").await;
    let second = c.create(b, "Assemble the furniture").await;
    let relation = b
        .create_relation(NewRelation {
            from: first.id,
            to: second.id,
            kind: RelationKind::Precedes,
            lag: Some(2),
            description: String::new(),
        })
        .await
        .unwrap();
    assert_eq!((relation.from, relation.to), (first.id, second.id));
    assert_eq!(relation.kind, RelationKind::Precedes);
    assert_eq!(relation.lag, Some(2));
    assert_eq!(b.relations(first.id).await.unwrap(), vec![relation.clone()]);
    assert_eq!(
        b.relations(second.id).await.unwrap(),
        vec![relation.clone()]
    );
    assert_eq!(
        relation.seen_from(second.id),
        Some((first.id, RelationKind::Follows))
    );
    b.delete_relation(relation.id).await.unwrap();
    assert!(b.relations(first.id).await.unwrap().is_empty());
    assert!(b.relations(second.id).await.unwrap().is_empty());
}

async fn a_comment_appears_last_in_the_activities(b: &dyn Backend) {
    let c = ctx(b).await;
    let wp = c.create(b, "Choose a caterer").await;
    let comment = b
        .add_comment(wp.id, "Three offers are in, see *attachment*.".to_owned())
        .await
        .unwrap();
    assert_eq!(comment.work_package, wp.id);
    let activities = b.activities(wp.id).await.unwrap();
    let last = activities.last().expect("activities");
    assert_eq!(
        last.comment.as_deref(),
        Some("Three offers are in, see *attachment*.")
    );
    assert_eq!(last.id, comment.id);
}

async fn unknown_ids_and_projects_are_not_found(b: &dyn Backend) {
    let unknown = WorkPackageId(987_654_321);
    assert_eq!(b.work_package(unknown).await, Err(ApiError::NotFound));
    assert_eq!(b.relations(unknown).await, Err(ApiError::NotFound));
    assert_eq!(b.activities(unknown).await, Err(ApiError::NotFound));
    assert_eq!(
        b.delete_relation(RelationId(987_654_321)).await,
        Err(ApiError::NotFound)
    );
    assert_eq!(
        b.project(ProjectKey::parse("no-such-project")).await,
        Err(ApiError::NotFound)
    );
    assert_eq!(
        b.project(ProjectKey::Id(ProjectId(987_654_321))).await,
        Err(ApiError::NotFound)
    );
    assert_eq!(
        b.work_packages(ProjectId(987_654_321), WorkPackageQuery::everything())
            .await,
        Err(ApiError::NotFound)
    );
    assert_eq!(
        b.members(ProjectId(987_654_321)).await,
        Err(ApiError::NotFound)
    );
}

async fn a_project_can_be_found_by_identifier_and_by_id(b: &dyn Backend) {
    for project in b.projects().await.unwrap() {
        let by_identifier = b
            .project(ProjectKey::parse(&project.identifier))
            .await
            .unwrap();
        let by_id = b
            .project(ProjectKey::parse(&project.id.to_string()))
            .await
            .unwrap();
        assert_eq!(by_identifier, project);
        assert_eq!(by_id, project);
    }
}

async fn a_blank_subject_is_refused_on_the_subject_field_and_nothing_is_created(b: &dyn Backend) {
    let c = ctx(b).await;
    let before = all_work_packages(b, c.project.id, WorkPackageQuery::everything())
        .await
        .unwrap();
    match b.create_work_package(c.draft("   ")).await {
        Err(ApiError::Invalid(errors)) => {
            assert!(
                errors.iter().any(|e| e.field == Field::Subject),
                "{errors:?}"
            );
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
    let after = all_work_packages(b, c.project.id, WorkPackageQuery::everything())
        .await
        .unwrap();
    assert_eq!(before, after);
}

async fn reordering_moves_cards_without_a_new_lock_version(b: &dyn Backend) {
    let c = ctx(b).await;
    let top = c.create(b, "Mz4 top").await;
    let bottom = c.create(b, "Mz4 bottom").await;
    b.reorder(vec![(bottom.id, top.position - 1)])
        .await
        .unwrap();
    let moved = b.work_package(bottom.id).await.unwrap();
    assert_eq!(moved.position, top.position - 1);
    assert_eq!(moved.lock_version, bottom.lock_version);
    let by_position = WorkPackageQuery {
        sort: vec![Sort::asc(SortField::Position)],
        ..WorkPackageQuery::default()
    };
    assert_eq!(
        c.find(b, "Mz4", by_position).await,
        vec![bottom.id.0, top.id.0]
    );
}

async fn the_reference_data_is_complete_and_ordered(b: &dyn Backend) {
    let c = ctx(b).await;
    let catalog = load_catalog(b, c.project.id).await.unwrap();
    assert!(catalog.default_status().is_some());
    assert!(catalog.default_priority().is_some());
    assert!(!catalog.users.is_empty());
    let positions: Vec<u32> = catalog.statuses.iter().map(|s| s.position).collect();
    assert!(
        positions.is_sorted(),
        "statuses in board order: {positions:?}"
    );
    let positions: Vec<u32> = catalog.priorities.iter().map(|p| p.position).collect();
    assert!(positions.is_sorted(), "priorities in order: {positions:?}");
    assert!(catalog.versions.iter().all(|v| v.project == c.project.id));
    let wp = c.create(b, "Uses the defaults").await;
    assert_eq!(Some(wp.status), catalog.default_status().map(|s| s.id));
    assert_eq!(Some(wp.priority), catalog.default_priority().map(|p| p.id));
}

// ----- the local backend -----------------------------------------------------------------------

fn fixed_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 10, 0, 0).unwrap()
}

fn fixed_clock() -> Clock {
    Rc::new(fixed_now)
}

fn open_local(persist: &Rc<MemoryPersistence>) -> Result<Rc<LocalBackend>, ApiError> {
    let persist: Rc<dyn Persistence> = persist.clone();
    block_on(LocalBackend::open(persist, fixed_clock()))
}

#[test]
fn local_backend_passes_the_contract() {
    run_contract(&|| {
        let backend: Rc<dyn Backend> = open_local(&Rc::new(MemoryPersistence::default())).unwrap();
        backend
    });
}

#[test]
fn an_empty_store_opens_with_the_demo_projects() {
    let backend = open_local(&Rc::new(MemoryPersistence::default())).unwrap();
    let projects = block_on(backend.projects()).unwrap();
    let identifiers: Vec<&str> = projects.iter().map(|p| p.identifier.as_str()).collect();
    assert_eq!(identifiers, vec!["city-portal", "office-move"]);
}

#[test]
fn a_change_is_still_there_when_the_store_is_opened_again() {
    let persist = Rc::new(MemoryPersistence::default());
    let first = open_local(&persist).unwrap();
    let wp = block_on(first.work_package(WorkPackageId(1))).unwrap();
    let mut patch = WorkPackagePatch::based_on(&wp);
    patch.subject = Some("Renamed in the first tab".to_owned());
    let updated = block_on(first.update_work_package(wp.id, patch)).unwrap();

    let second = open_local(&persist).unwrap();
    assert_eq!(block_on(second.work_package(wp.id)).unwrap(), updated);
}

#[test]
fn a_write_the_storage_refuses_is_reported_and_leaves_memory_as_it_was() {
    let persist = Rc::new(MemoryPersistence::default());
    let backend = open_local(&persist).unwrap();
    let wp = block_on(backend.work_package(WorkPackageId(1))).unwrap();
    let count = |b: &LocalBackend| {
        block_on(all_work_packages(
            b,
            wp.project,
            WorkPackageQuery::everything(),
        ))
        .unwrap()
        .len()
    };
    let before = count(&backend);
    *persist.refuse_writes.borrow_mut() = true;

    let mut patch = WorkPackagePatch::based_on(&wp);
    patch.subject = Some("Never stored".to_owned());
    let error = block_on(backend.update_work_package(wp.id, patch)).unwrap_err();
    assert!(matches!(error, ApiError::Storage(_)), "{error:?}");
    assert!(error.is_retryable());
    assert_eq!(block_on(backend.work_package(wp.id)).unwrap(), wp);

    let draft = NewWorkPackage::new(wp.project, wp.wp_type, "Never created");
    assert!(matches!(
        block_on(backend.create_work_package(draft)),
        Err(ApiError::Storage(_))
    ));
    assert!(matches!(
        block_on(backend.delete_work_package(wp.id)),
        Err(ApiError::Storage(_))
    ));
    assert_eq!(count(&backend), before);
    assert_eq!(block_on(backend.work_package(wp.id)).unwrap(), wp);
}

#[test]
fn a_damaged_record_makes_opening_report_a_corrupt_store() {
    let persist = Rc::new(MemoryPersistence::default());
    open_local(&persist).unwrap();
    persist.put_raw("wp/1", "{garbage");
    assert!(matches!(open_local(&persist), Err(ApiError::Corrupt(_))));
    let dump = block_on(persist.raw_dump()).unwrap();
    assert!(
        dump.contains("{garbage"),
        "the raw data can still be rescued"
    );
}

#[test]
fn an_export_imports_back_and_a_reset_brings_the_demo_back() {
    let persist = Rc::new(MemoryPersistence::default());
    let backend = open_local(&persist).unwrap();
    let admin = backend
        .store_admin()
        .expect("a local store has administration");
    let pristine = block_on(admin.export_json()).unwrap();

    block_on(backend.delete_work_package(WorkPackageId(1))).unwrap();
    let after_delete = block_on(admin.export_json()).unwrap();
    assert_ne!(after_delete, pristine);

    block_on(admin.import_json(pristine.clone())).unwrap();
    assert!(block_on(backend.work_package(WorkPackageId(1))).is_ok());
    assert_eq!(block_on(admin.export_json()).unwrap(), pristine);
    let reopened = open_local(&persist).unwrap();
    assert!(
        block_on(reopened.work_package(WorkPackageId(1))).is_ok(),
        "import is persisted"
    );

    let refused = block_on(admin.import_json("{\"not\": \"an export\"}".to_owned()));
    assert!(matches!(refused, Err(ApiError::Decode(_))));
    assert_eq!(
        block_on(admin.export_json()).unwrap(),
        pristine,
        "a bad file changes nothing"
    );

    block_on(backend.delete_work_package(WorkPackageId(1))).unwrap();
    block_on(admin.reset_demo()).unwrap();
    assert_eq!(block_on(admin.export_json()).unwrap(), pristine);
}

#[test]
fn listeners_hear_about_an_import() {
    let backend = open_local(&Rc::new(MemoryPersistence::default())).unwrap();
    let heard = Rc::new(std::cell::Cell::new(0));
    let counter = heard.clone();
    backend.on_external_change(Rc::new(move || counter.set(counter.get() + 1)));
    let admin = backend.store_admin().unwrap();
    let json = block_on(admin.export_json()).unwrap();
    block_on(admin.import_json(json)).unwrap();
    assert_eq!(heard.get(), 1);
}
