//! The contract every backend must keep, written once over `&dyn Backend`. Each check makes its own
//! data (subjects carry a marker), so it also runs against a server that holds other data.
//! Included by the runners `tests/local_backend.rs` and `tests/openproject_contract.rs`.

use chrono::NaiveDate;
use futures::executor::block_on;
use std::rc::Rc;
use tafel::api::{ApiError, Backend, all_work_packages, load_catalog};
use tafel::domain::saved_board::{BoardDraft, SavedBoard};
use tafel::domain::{
    Field, Filter, NewRelation, NewWorkPackage, Project, ProjectId, ProjectKey, RelationId,
    RelationKind, Sort, SortField, StatusId, TypeId, WorkPackage, WorkPackageId, WorkPackagePatch,
    WorkPackageQuery,
};

// ----- the contract ------------------------------------------------------------------------------

/// Runs every contract check, each on a fresh backend from `make`.
pub fn run_contract(make: &dyn Fn() -> Rc<dyn Backend>) {
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
        a_lag_can_be_changed_and_a_circle_of_successors_is_refused,
        watchers_are_added_once_and_removed_without_complaint,
        a_comment_appears_last_in_the_activities,
        unknown_ids_and_projects_are_not_found,
        a_project_can_be_found_by_identifier_and_by_id,
        a_blank_subject_is_refused_on_the_subject_field_and_nothing_is_created,
        reordering_moves_cards_without_a_new_lock_version,
        saved_boards_are_listed_by_name_changed_and_deleted,
        the_reference_data_is_complete_and_ordered,
        categories_are_the_projects_own_and_kept_on_create_update_and_filters,
    );
}

/// What the checks need to know about a backend's data.
struct Ctx {
    project: Project,
    task_type: TypeId,
    open_status: StatusId,
    /// Every closed status; workflows differ in which one a new work package can reach.
    closed_statuses: Vec<StatusId>,
}

async fn ctx(b: &dyn Backend) -> Ctx {
    let project = b
        .projects()
        .await
        .unwrap()
        .into_iter()
        .next()
        .expect("a project");
    let types = b.types(project.id).await.unwrap();
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
    let closed_statuses: Vec<StatusId> = statuses
        .iter()
        .filter(|s| s.is_closed)
        .map(|s| s.id)
        .collect();
    assert!(!closed_statuses.is_empty(), "a closed status");
    Ctx {
        project,
        task_type,
        open_status,
        closed_statuses,
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
    // Created open, then closed through whichever closed status the workflow allows from there.
    let created = c.create(b, "Vk3 closed one").await;
    let mut closed_as = None;
    for status in &c.closed_statuses {
        let patch = WorkPackagePatch {
            status: Some(*status),
            ..WorkPackagePatch::based_on(&created)
        };
        if b.update_work_package(created.id, patch).await.is_ok() {
            closed_as = Some(*status);
            break;
        }
    }
    let closed_as = closed_as.expect("some closed status is reachable from a new work package");
    let closed = created.id.0;
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
        c.find(b, "Vk3", with(Filter::Status(vec![closed_as])))
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

async fn a_lag_can_be_changed_and_a_circle_of_successors_is_refused(b: &dyn Backend) {
    let c = ctx(b).await;
    let [first, second, third] = [
        c.create(b, "Pack the archive").await,
        c.create(b, "Move the archive").await,
        c.create(b, "Unpack the archive").await,
    ];
    let relate = |from: &WorkPackage, to: &WorkPackage| NewRelation {
        from: from.id,
        to: to.id,
        kind: RelationKind::Precedes,
        lag: Some(2),
        description: String::new(),
    };
    let relation = b.create_relation(relate(&first, &second)).await.unwrap();
    b.create_relation(relate(&second, &third)).await.unwrap();
    let changed = b.update_relation(relation.id, Some(3)).await.unwrap();
    assert_eq!(changed.lag, Some(3));
    assert_eq!(b.relations(first.id).await.unwrap()[0].lag, Some(3));
    let circle = b.create_relation(relate(&third, &first)).await;
    assert!(
        matches!(
            circle,
            Err(ApiError::Invalid(_) | ApiError::Server { status: 422, .. })
        ),
        "{circle:?}"
    );
    assert_eq!(b.relations(first.id).await.unwrap().len(), 1);
}

async fn watchers_are_added_once_and_removed_without_complaint(b: &dyn Backend) {
    let c = ctx(b).await;
    let wp = c.create(b, "Label the boxes").await;
    assert!(b.watchers(wp.id).await.unwrap().is_empty());
    let someone = b.available_watchers(wp.id).await.unwrap().remove(0);
    b.set_watcher(wp.id, someone.id, true).await.unwrap();
    b.set_watcher(wp.id, someone.id, true).await.unwrap();
    assert_eq!(b.watchers(wp.id).await.unwrap(), vec![someone.clone()]);
    b.set_watcher(wp.id, someone.id, false).await.unwrap();
    b.set_watcher(wp.id, someone.id, false).await.unwrap();
    assert!(b.watchers(wp.id).await.unwrap().is_empty());
    let unknown = WorkPackageId(987_654_321);
    assert_eq!(b.watchers(unknown).await, Err(ApiError::NotFound));
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

async fn saved_boards_are_listed_by_name_changed_and_deleted(b: &dyn Backend) {
    let c = ctx(b).await;
    let draft = |id, name: &str, query: &str| BoardDraft {
        id,
        project: c.project.id,
        name: name.to_owned(),
        query: query.to_owned(),
    };
    let sprint = b
        .save_board(draft(None, "Mz5 sprint", "by=assignee"))
        .await
        .unwrap();
    let team = b
        .save_board(draft(None, "  Mz5 all  ", "by=lists&lists=Inbox%7C"))
        .await
        .unwrap();
    assert_eq!(team.name, "Mz5 all", "names are trimmed");
    let mine = |boards: Vec<SavedBoard>| -> Vec<(String, String)> {
        boards
            .into_iter()
            .filter(|s| s.name.starts_with("Mz5"))
            .map(|s| (s.name, s.query))
            .collect()
    };
    let listed = mine(b.boards(c.project.id).await.unwrap());
    assert_eq!(
        listed,
        vec![
            ("Mz5 all".to_owned(), "by=lists&lists=Inbox%7C".to_owned()),
            ("Mz5 sprint".to_owned(), "by=assignee".to_owned())
        ]
    );
    let changed = b
        .save_board(draft(Some(sprint.id), "Mz5 sprint", "by=priority"))
        .await
        .unwrap();
    assert_eq!(changed.id, sprint.id);
    b.delete_board(team.id).await.unwrap();
    let left = mine(b.boards(c.project.id).await.unwrap());
    assert_eq!(
        left,
        vec![("Mz5 sprint".to_owned(), "by=priority".to_owned())]
    );
    assert!(matches!(
        b.save_board(draft(None, "   ", "by=type")).await,
        Err(ApiError::Invalid(_))
    ));
}

async fn reordering_moves_cards_without_a_new_lock_version(b: &dyn Backend) {
    let c = ctx(b).await;
    let top = c.create(b, "Mz4 top").await;
    let bottom = c.create(b, "Mz4 bottom").await;
    b.reorder(c.project.id, vec![(bottom.id, top.position - 1)])
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

async fn categories_are_the_projects_own_and_kept_on_create_update_and_filters(b: &dyn Backend) {
    use tafel::domain::condition::Condition;
    let c = ctx(b).await;
    let categories = b.categories(c.project.id).await.unwrap();
    assert!(categories.len() >= 2, "seeded categories: {categories:?}");
    assert!(categories.iter().all(|cat| cat.project == c.project.id));
    let catalog = load_catalog(b, c.project.id).await.unwrap();
    assert_eq!(catalog.categories, categories);
    let (first, second) = (categories[0].id, categories[1].id);

    let mut draft = c.draft("Categorised Kq7");
    draft.category = Some(first);
    let created = b.create_work_package(draft).await.unwrap();
    assert_eq!(created.category, Some(first));
    assert_eq!(
        b.work_package(created.id).await.unwrap().category,
        Some(first)
    );

    let mut patch = WorkPackagePatch::based_on(&created);
    patch.category = Some(Some(second));
    let moved = b.update_work_package(created.id, patch).await.unwrap();
    assert_eq!(moved.category, Some(second));
    let today = day(27);
    let by_category = |token: &str| {
        let mut query = WorkPackageQuery::everything();
        query
            .filters
            .push(Filter::Condition(Condition::parse(token).unwrap(), today));
        query
    };
    assert_eq!(
        c.find(b, "Kq7", by_category(&format!("category:=:{second}")))
            .await,
        vec![created.id.0]
    );
    assert!(
        c.find(b, "Kq7", by_category(&format!("category:=:{first}")))
            .await
            .is_empty()
    );

    // A category of another project is refused on the category field, and nothing changes.
    let projects = b.projects().await.unwrap();
    let other = projects
        .iter()
        .find(|p| p.id != c.project.id)
        .expect("a second project");
    let foreign = b.categories(other.id).await.unwrap();
    let foreign = foreign
        .first()
        .expect("the other project has categories")
        .id;
    let mut wrong = WorkPackagePatch::based_on(&moved);
    wrong.category = Some(Some(foreign));
    match b.update_work_package(created.id, wrong).await {
        Err(ApiError::Invalid(errors)) => {
            assert!(
                errors.iter().any(|e| e.field == Field::Category),
                "{errors:?}"
            );
        }
        other => panic!("expected a refusal, got {other:?}"),
    }

    let mut clear = WorkPackagePatch::based_on(&moved);
    clear.category = Some(None);
    let cleared = b.update_work_package(created.id, clear).await.unwrap();
    assert_eq!(cleared.category, None);
    assert_eq!(
        c.find(b, "Kq7", by_category("category:!*:")).await,
        vec![created.id.0]
    );
}
