//! The one door to data: the `Backend` trait, its error type, and the backends behind it.

pub mod baseline_store;
pub mod connections;
pub mod credentials;
pub mod error;
pub mod local;
pub mod openproject;
pub mod retry;

pub use error::ApiError;

use crate::domain::saved_board::{BoardDraft, BoardId, SavedBoard};
use crate::domain::saved_view::{SavedView, ViewDraft, ViewId};
use crate::domain::schedule::Calendar;
use crate::domain::{
    Activity, Attachment, Catalog, Category, CustomField, NewRelation, NewWorkPackage, Page,
    Priority, Project, ProjectId, ProjectKey, Relation, RelationId, RelationKind, Status, StatusId,
    TypeId, User, UserId, Version, WorkPackage, WorkPackageId, WorkPackagePatch, WorkPackageQuery,
    WpType,
};
use std::collections::HashSet;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

/// Futures in the browser are single-threaded, so backends return boxed local futures.
pub type ApiFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, ApiError>> + 'a>>;

/// Everything Tafel asks of a place that keeps work packages. Both the local store and OpenProject
/// implement it with the same semantics, which the contract suite (`tests/contract.rs`) checks.
pub trait Backend {
    fn projects(&self) -> ApiFuture<'_, Vec<Project>>;
    /// A project by identifier or id; `ApiError::NotFound` when there is none.
    fn project(&self, key: ProjectKey) -> ApiFuture<'_, Project>;

    fn work_packages(
        &self,
        project: ProjectId,
        query: WorkPackageQuery,
    ) -> ApiFuture<'_, Page<WorkPackage>>;
    fn work_package(&self, id: WorkPackageId) -> ApiFuture<'_, WorkPackage>;
    fn create_work_package(&self, draft: NewWorkPackage) -> ApiFuture<'_, WorkPackage>;
    /// Refused with `ApiError::Conflict` when `patch.lock_version` is not the stored one.
    fn update_work_package(
        &self,
        id: WorkPackageId,
        patch: WorkPackagePatch,
    ) -> ApiFuture<'_, WorkPackage>;
    fn delete_work_package(&self, id: WorkPackageId) -> ApiFuture<'_, ()>;
    /// Writes manual board positions; not a change of the work packages themselves (no new lock version).
    fn reorder(
        &self,
        project: ProjectId,
        positions: Vec<(WorkPackageId, i64)>,
    ) -> ApiFuture<'_, ()>;

    fn statuses(&self) -> ApiFuture<'_, Vec<Status>>;
    /// The types that work packages of `project` may have.
    fn types(&self, project: ProjectId) -> ApiFuture<'_, Vec<WpType>>;
    fn priorities(&self) -> ApiFuture<'_, Vec<Priority>>;
    /// The people who can be assigned in a project.
    fn members(&self, project: ProjectId) -> ApiFuture<'_, Vec<User>>;
    fn versions(&self, project: ProjectId) -> ApiFuture<'_, Vec<Version>>;
    /// The categories work packages of `project` may have.
    fn categories(&self, project: ProjectId) -> ApiFuture<'_, Vec<Category>>;

    /// Relations in which the work package takes part, either end.
    fn relations(&self, id: WorkPackageId) -> ApiFuture<'_, Vec<Relation>>;
    fn create_relation(&self, relation: NewRelation) -> ApiFuture<'_, Relation>;
    fn delete_relation(&self, id: RelationId) -> ApiFuture<'_, ()>;
    /// Sets the lag (working days) of a precedes/follows relation.
    fn update_relation(&self, id: RelationId, lag: Option<i32>) -> ApiFuture<'_, Relation>;

    /// The people watching a work package, by name.
    fn watchers(&self, id: WorkPackageId) -> ApiFuture<'_, Vec<User>>;
    /// The people who may be added as watchers.
    fn available_watchers(&self, id: WorkPackageId) -> ApiFuture<'_, Vec<User>>;
    /// Adds (`watching`) or removes a watcher; doing what is done already changes nothing.
    fn set_watcher(&self, id: WorkPackageId, user: UserId, watching: bool) -> ApiFuture<'_, ()>;

    /// The files attached to a work package; `None` when the backend keeps no files.
    fn attachments(&self, id: WorkPackageId) -> ApiFuture<'_, Option<Vec<Attachment>>> {
        let _ = id;
        Box::pin(async { Ok(None) })
    }

    /// Comments and changes, oldest first.
    fn activities(&self, id: WorkPackageId) -> ApiFuture<'_, Vec<Activity>>;
    fn add_comment(&self, id: WorkPackageId, markdown: String) -> ApiFuture<'_, Activity>;

    /// Replaces credentials that stopped working (an API token typed again, or a token an
    /// embedding host handed over), after checking the new ones with the server. Backends without
    /// sign-in refuse.
    fn sign_in_again(
        &self,
        token: String,
        scheme: crate::domain::embed::TokenScheme,
    ) -> ApiFuture<'_, ()> {
        let _ = (token, scheme);
        Box::pin(async { Err(ApiError::Forbidden) })
    }

    /// The statuses the current user may move this work package to (OpenProject's workflow, read
    /// from the work package's form); `None` when every status is allowed.
    fn allowed_statuses(&self, id: WorkPackageId) -> ApiFuture<'_, Option<Vec<StatusId>>> {
        let _ = id;
        Box::pin(async { Ok(None) })
    }

    /// The custom fields work packages of `project` have; none by default.
    fn custom_fields(&self, project: ProjectId) -> ApiFuture<'_, Vec<CustomField>> {
        let _ = project;
        Box::pin(async { Ok(Vec::new()) })
    }

    /// The statuses a new work package of this type may start in (OpenProject's workflow, read
    /// from the create form); `None` when every status is allowed.
    fn allowed_new_statuses(
        &self,
        project: ProjectId,
        wp_type: TypeId,
    ) -> ApiFuture<'_, Option<Vec<StatusId>>> {
        let _ = (project, wp_type);
        Box::pin(async { Ok(None) })
    }

    /// What a new work package of this type may have: the statuses it may start in and its
    /// custom fields, as the create form says. The store in this browser names no fields: the
    /// catalog's, each as the type needs it (`Catalog::custom_fields_for`).
    fn new_form(&self, project: ProjectId, wp_type: TypeId) -> ApiFuture<'_, NewForm> {
        Box::pin(async move {
            Ok(NewForm {
                statuses: self.allowed_new_statuses(project, wp_type).await?,
                custom_fields: None,
            })
        })
    }

    /// The boards saved for a project, by name.
    fn boards(&self, project: ProjectId) -> ApiFuture<'_, Vec<SavedBoard>>;
    /// Saves a new board or replaces one.
    fn save_board(&self, draft: BoardDraft) -> ApiFuture<'_, SavedBoard>;
    fn delete_board(&self, id: BoardId) -> ApiFuture<'_, ()>;

    /// The saved views (table and Gantt) of a project: starred first, then by name.
    fn views(&self, project: ProjectId) -> ApiFuture<'_, Vec<SavedView>>;
    /// Saves a new view or replaces one.
    fn save_view(&self, draft: ViewDraft) -> ApiFuture<'_, SavedView>;
    fn delete_view(&self, id: ViewId) -> ApiFuture<'_, ()>;
    /// Stars a view for the user or takes the star away; allowed to everyone who sees it.
    fn star_view(&self, id: ViewId, starred: bool) -> ApiFuture<'_, SavedView>;

    /// Which days are worked: the week days and the holidays. The store in this browser works
    /// Monday to Friday; OpenProject says what its administrators set.
    fn working_days(&self) -> ApiFuture<'_, Calendar> {
        Box::pin(async { Ok(Calendar::weekends()) })
    }

    /// Every relation of these kinds that involves a work package of `project` (either way round):
    /// "blocks" for marking blocked cards, "follows" and "precedes" for the Gantt.
    fn relations_in(
        &self,
        project: ProjectId,
        kinds: &'static [RelationKind],
    ) -> ApiFuture<'_, Vec<Relation>>;

    /// Whether others' changes are found by asking again (a server), rather than announced
    /// (the store in this browser tells its other tabs itself).
    fn polls_for_changes(&self) -> bool {
        false
    }

    /// How many work packages to ask for per page when all of them are wanted. A server caps pages
    /// (OpenProject at 1000 by default); the store in this browser runs the whole query for every
    /// page, so it answers everything at once.
    fn page_size_for_all(&self) -> u32 {
        1000
    }

    /// The signed-in user, if the backend knows one.
    fn me(&self) -> ApiFuture<'_, Option<UserId>> {
        Box::pin(async { Ok(None) })
    }

    /// Names where the data lives (`local`, or the server's address), to keep what Tafel stores in
    /// this browser about it (baselines) apart from another server's.
    fn scope(&self) -> String {
        "local".to_owned()
    }

    /// Administration of a store that lives in this browser; `None` for servers.
    fn store_admin(&self) -> Option<Rc<dyn StoreAdmin>> {
        None
    }

    /// Calls `listener` when data changed elsewhere (another tab, another user).
    fn on_external_change(&self, listener: Rc<dyn Fn()>);

    /// Calls `listener` whenever the server stops accepting the credentials, on a read as on a
    /// write, so the user is asked to sign in again wherever it happened. Stores in this browser
    /// never do.
    fn on_signed_out(&self, _listener: Rc<dyn Fn()>) {}
}

/// What the create form says about a new work package of one type (see `Backend::new_form`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewForm {
    /// The statuses it may start in; `None` when every status is allowed.
    pub statuses: Option<Vec<StatusId>>,
    /// The custom fields it has, `required` as its type needs; `None`: as the catalog says.
    pub custom_fields: Option<Vec<CustomField>>,
}

/// Loads the reference data of a project in one go.
pub async fn load_catalog(backend: &dyn Backend, project: ProjectId) -> Result<Catalog, ApiError> {
    Ok(Catalog {
        statuses: backend.statuses().await?,
        types: backend.types(project).await?,
        priorities: backend.priorities().await?,
        users: backend.members(project).await?,
        versions: backend.versions(project).await?,
        categories: backend.categories(project).await?,
        custom_fields: backend.custom_fields(project).await?,
        me: backend.me().await?,
        projects: {
            let all = backend.projects().await?;
            let tree = crate::domain::catalog::project_tree(&all, project);
            all.into_iter().filter(|p| tree.contains(&p.id)).collect()
        },
    })
}

/// How many pages of a query are requested at once: enough to hide the latency of each, few
/// enough not to crowd out the user's own requests (browsers allow six per host).
const CONCURRENT_PAGES: usize = 4;

/// Fetches every page of a query: the first alone (it tells the total), the rest a few at a time.
pub async fn all_work_packages(
    backend: &dyn Backend,
    project: ProjectId,
    mut query: WorkPackageQuery,
) -> Result<Vec<WorkPackage>, ApiError> {
    query.page = 1;
    query.page_size = backend.page_size_for_all();
    let first = backend.work_packages(project, query.clone()).await?;
    let total = first.total;
    let page_size = usize::try_from(first.page_size.max(1)).unwrap_or(usize::MAX);
    let mut items = first.items;
    let pages = u32::try_from(total.div_ceil(page_size)).unwrap_or(u32::MAX);
    let rest: Vec<u32> = (2..=pages).collect();
    let mut total_held = true;
    for batch in rest.chunks(CONCURRENT_PAGES) {
        let requests = batch.iter().map(|&page| {
            let mut query = query.clone();
            query.page = page;
            backend.work_packages(project, query)
        });
        for page in futures_util::future::join_all(requests).await {
            let page = page?;
            total_held &= page.total == total;
            items.extend(page.items);
        }
    }
    // Pages that disagree with the total every one of them reported come from a broken server, and
    // the views would silently miss work. (A total that moved meanwhile means work packages were
    // created or deleted while the pages were read; the next refresh catches up.)
    if total_held && items.len() != total {
        return Err(ApiError::Decode(format!(
            "collection total {total}, but its pages hold {}",
            items.len()
        )));
    }
    // Work packages created or moved while the pages were read can show up on two of them.
    let mut seen = HashSet::with_capacity(items.len());
    items.retain(|wp| seen.insert(wp.id));
    Ok(items)
}

/// Settings actions only a store inside the browser has.
pub trait StoreAdmin {
    /// Replaces everything with the demo project.
    fn reset_demo(&self) -> ApiFuture<'_, ()>;
    /// The whole store as JSON.
    fn export_json(&self) -> ApiFuture<'_, String>;
    /// Replaces the whole store with an export; nothing changes if the file is not a valid export.
    fn import_json(&self, json: String) -> ApiFuture<'_, ()>;
}
