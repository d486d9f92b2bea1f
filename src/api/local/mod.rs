//! The store inside the browser: a pure in-memory engine, persisted record by record.

pub mod bench_seed;
mod custom_seed;
pub mod engine;
pub mod idb_store;
pub mod persist;
pub mod prefs_store;
pub mod records;
pub mod seed;
pub mod tabs;

use super::{ApiError, ApiFuture, Backend, StoreAdmin};
use crate::domain::saved_board::{BoardDraft, BoardId, SavedBoard};
use crate::domain::saved_view::{SavedView, ViewDraft, ViewId};
use crate::domain::{
    Activity, Category, CustomField, NewRelation, NewWorkPackage, Page, Priority, Project,
    ProjectId, ProjectKey, Relation, RelationId, RelationKind, Status, User, UserId, Version,
    WorkPackage, WorkPackageId, WorkPackagePatch, WorkPackageQuery, WpType,
};
use chrono::{DateTime, NaiveDate, Utc};
use engine::LocalStore;
use persist::Persistence;
use records::Change;
use std::cell::RefCell;
use std::rc::Rc;

/// Tells the backend what time it is; tests pass a fixed clock.
pub type Clock = Rc<dyn Fn() -> DateTime<Utc>>;

/// Makes the demo project dated around a day and a moment. The browser build fetches its code first
/// (the composition root's `seed_on_demand`), since only a first visit or a reset needs it; tests
/// use [`demo_seed`].
pub type DemoSeed =
    Rc<dyn Fn(NaiveDate, DateTime<Utc>) -> ApiFuture<'static, Vec<records::Record>>>;

/// The demo project made right here, without fetching anything.
pub fn demo_seed() -> DemoSeed {
    Rc::new(|today, now| Box::pin(async move { Ok(seed::demo_records(today, now)) }))
}

pub struct LocalBackend {
    me: std::rc::Weak<LocalBackend>,
    store: RefCell<LocalStore>,
    persist: Rc<dyn Persistence>,
    clock: Clock,
    demo: DemoSeed,
    listeners: RefCell<Vec<Rc<dyn Fn()>>>,
    /// Called after every successful write, to tell other tabs.
    after_write: RefCell<Option<Rc<dyn Fn()>>>,
}

impl LocalBackend {
    /// Opens the store; an empty one is seeded with the demo project dated around `clock()`.
    pub async fn open(
        persist: Rc<dyn Persistence>,
        clock: Clock,
        demo: DemoSeed,
    ) -> Result<Rc<Self>, ApiError> {
        let loaded = persist.load().await?;
        let store = if loaded.len == 0 {
            let records = demo(clock().date_naive(), clock()).await?;
            persist.replace_all(records.clone()).await?;
            LocalStore::from_records(records)?
        } else {
            LocalStore::from_decoded(loaded.records)?
        };
        Ok(Rc::new_cyclic(|me| Self {
            me: me.clone(),
            store: RefCell::new(store),
            persist,
            clock,
            demo,
            listeners: RefCell::new(Vec::new()),
            after_write: RefCell::new(None),
        }))
    }

    pub fn set_after_write(&self, hook: Rc<dyn Fn()>) {
        *self.after_write.borrow_mut() = Some(hook);
    }

    /// Reads the store again (another tab wrote to it) and tells the listeners.
    pub async fn reload(&self) -> Result<(), ApiError> {
        let loaded = self.persist.load().await?;
        *self.store.borrow_mut() = LocalStore::from_decoded(loaded.records)?;
        self.notify_listeners();
        Ok(())
    }

    fn notify_listeners(&self) {
        let listeners: Vec<Rc<dyn Fn()>> = self.listeners.borrow().clone();
        for listener in listeners {
            listener();
        }
    }

    fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }

    /// Applies planned changes in memory, then persists them; undoes them in memory if the write fails,
    /// so memory and storage never disagree.
    async fn commit<T>(&self, planned: Result<(T, Vec<Change>), ApiError>) -> Result<T, ApiError> {
        let (value, changes) = planned?;
        let undo = self.store.borrow_mut().apply(&changes);
        if let Err(error) = self.persist.write(changes).await {
            self.store.borrow_mut().apply(&undo);
            return Err(error);
        }
        let hook = self.after_write.borrow().clone();
        if let Some(hook) = hook {
            hook();
        }
        Ok(value)
    }

    fn read<T>(&self, f: impl FnOnce(&LocalStore) -> Result<T, ApiError>) -> ApiFuture<'_, T>
    where
        T: 'static,
    {
        let result = f(&self.store.borrow());
        Box::pin(async move { result })
    }
}

impl Backend for LocalBackend {
    fn projects(&self) -> ApiFuture<'_, Vec<Project>> {
        self.read(|s| Ok(s.projects()))
    }

    fn project(&self, key: ProjectKey) -> ApiFuture<'_, Project> {
        self.read(|s| s.project(&key))
    }

    fn work_packages(
        &self,
        project: ProjectId,
        query: WorkPackageQuery,
    ) -> ApiFuture<'_, Page<WorkPackage>> {
        self.read(|s| s.work_packages(project, &query))
    }

    fn work_package(&self, id: WorkPackageId) -> ApiFuture<'_, WorkPackage> {
        self.read(|s| s.work_package(id))
    }

    fn create_work_package(&self, draft: NewWorkPackage) -> ApiFuture<'_, WorkPackage> {
        Box::pin(async move {
            let planned = self.store.borrow().plan_create(draft, self.now());
            self.commit(planned).await
        })
    }

    fn update_work_package(
        &self,
        id: WorkPackageId,
        patch: WorkPackagePatch,
    ) -> ApiFuture<'_, WorkPackage> {
        Box::pin(async move {
            let planned = self.store.borrow().plan_update(id, patch, self.now());
            self.commit(planned).await
        })
    }

    fn delete_work_package(&self, id: WorkPackageId) -> ApiFuture<'_, ()> {
        Box::pin(async move {
            let planned = self.store.borrow().plan_delete(id).map(|c| ((), c));
            self.commit(planned).await
        })
    }

    fn reorder(
        &self,
        _project: ProjectId,
        positions: Vec<(WorkPackageId, i64)>,
    ) -> ApiFuture<'_, ()> {
        Box::pin(async move {
            let planned = self
                .store
                .borrow()
                .plan_reorder(&positions)
                .map(|c| ((), c));
            self.commit(planned).await
        })
    }

    fn statuses(&self) -> ApiFuture<'_, Vec<Status>> {
        self.read(|s| Ok(s.statuses()))
    }

    /// Every type: in this store all projects use all of them.
    fn types(&self, _project: ProjectId) -> ApiFuture<'_, Vec<WpType>> {
        self.read(|s| Ok(s.types()))
    }

    fn priorities(&self) -> ApiFuture<'_, Vec<Priority>> {
        self.read(|s| Ok(s.priorities()))
    }

    fn members(&self, project: ProjectId) -> ApiFuture<'_, Vec<User>> {
        self.read(|s| s.members(project))
    }

    fn versions(&self, project: ProjectId) -> ApiFuture<'_, Vec<Version>> {
        self.read(|s| s.versions(project))
    }

    fn categories(&self, project: ProjectId) -> ApiFuture<'_, Vec<Category>> {
        self.read(|s| s.categories(project))
    }

    /// The same for every project, as OpenProject's fields "for all projects" are.
    fn custom_fields(&self, _project: ProjectId) -> ApiFuture<'_, Vec<CustomField>> {
        self.read(|s| Ok(s.custom_fields()))
    }

    fn relations(&self, id: WorkPackageId) -> ApiFuture<'_, Vec<Relation>> {
        self.read(|s| s.relations(id))
    }

    fn boards(&self, project: ProjectId) -> ApiFuture<'_, Vec<SavedBoard>> {
        self.read(|s| s.boards(project))
    }

    fn save_board(&self, draft: BoardDraft) -> ApiFuture<'_, SavedBoard> {
        Box::pin(async move {
            let planned = self.store.borrow().plan_save_board(draft);
            self.commit(planned).await
        })
    }

    fn delete_board(&self, id: BoardId) -> ApiFuture<'_, ()> {
        Box::pin(async move {
            let planned = self.store.borrow().plan_delete_board(id);
            self.commit(planned).await
        })
    }

    fn page_size_for_all(&self) -> u32 {
        u32::MAX
    }

    fn me(&self) -> ApiFuture<'_, Option<crate::domain::UserId>> {
        self.read(|s| Ok(s.current_user()))
    }

    fn views(&self, project: ProjectId) -> ApiFuture<'_, Vec<SavedView>> {
        self.read(|s| s.views(project))
    }

    fn save_view(&self, draft: ViewDraft) -> ApiFuture<'_, SavedView> {
        Box::pin(async move {
            let planned = self.store.borrow().plan_save_view(draft);
            self.commit(planned).await
        })
    }

    fn star_view(&self, id: ViewId, starred: bool) -> ApiFuture<'_, SavedView> {
        Box::pin(async move {
            let planned = self.store.borrow().plan_star_view(id, starred);
            self.commit(planned).await
        })
    }

    fn delete_view(&self, id: ViewId) -> ApiFuture<'_, ()> {
        Box::pin(async move {
            let planned = self.store.borrow().plan_delete_view(id);
            self.commit(planned).await
        })
    }

    fn working_days(&self) -> ApiFuture<'_, crate::domain::schedule::Calendar> {
        Box::pin(async { Ok(work_calendar().calendar()) })
    }

    fn relations_in(
        &self,
        project: ProjectId,
        kinds: &'static [RelationKind],
    ) -> ApiFuture<'_, Vec<Relation>> {
        self.read(|s| s.relations_in(project, kinds))
    }

    fn create_relation(&self, relation: NewRelation) -> ApiFuture<'_, Relation> {
        Box::pin(async move {
            let planned = self.store.borrow().plan_create_relation(relation);
            self.commit(planned).await
        })
    }

    fn delete_relation(&self, id: RelationId) -> ApiFuture<'_, ()> {
        Box::pin(async move {
            let planned = self
                .store
                .borrow()
                .plan_delete_relation(id)
                .map(|c| ((), c));
            self.commit(planned).await
        })
    }

    fn update_relation(&self, id: RelationId, lag: Option<i32>) -> ApiFuture<'_, Relation> {
        Box::pin(async move {
            let planned = self.store.borrow().plan_update_relation(id, lag);
            self.commit(planned).await
        })
    }

    fn watchers(&self, id: WorkPackageId) -> ApiFuture<'_, Vec<User>> {
        self.read(|s| s.watchers(id))
    }

    fn available_watchers(&self, id: WorkPackageId) -> ApiFuture<'_, Vec<User>> {
        self.read(|s| s.available_watchers(id))
    }

    fn set_watcher(&self, id: WorkPackageId, user: UserId, watching: bool) -> ApiFuture<'_, ()> {
        Box::pin(async move {
            let planned = self.store.borrow().plan_watch(id, user, watching);
            self.commit(planned).await
        })
    }

    fn activities(&self, id: WorkPackageId) -> ApiFuture<'_, Vec<Activity>> {
        self.read(|s| s.activities(id))
    }

    fn add_comment(&self, id: WorkPackageId, markdown: String) -> ApiFuture<'_, Activity> {
        Box::pin(async move {
            let planned = self.store.borrow().plan_comment(id, markdown, self.now());
            self.commit(planned).await
        })
    }

    fn store_admin(&self) -> Option<Rc<dyn StoreAdmin>> {
        let me = self.me.upgrade()?;
        Some(Rc::new(LocalAdmin(me)))
    }

    fn on_external_change(&self, listener: Rc<dyn Fn()>) {
        self.listeners.borrow_mut().push(listener);
    }
}

/// Store administration needs an `Rc` of the backend, so it is a separate handle.
pub struct LocalAdmin(pub Rc<LocalBackend>);

impl LocalAdmin {
    async fn replace(&self, records: Vec<records::Record>) -> Result<(), ApiError> {
        let store = LocalStore::from_records(records.clone())?;
        self.0.persist.replace_all(records).await?;
        *self.0.store.borrow_mut() = store;
        let hook = self.0.after_write.borrow().clone();
        if let Some(hook) = hook {
            hook();
        }
        self.0.notify_listeners();
        Ok(())
    }
}

impl LocalAdmin {
    /// Puts the benchmark data set of `n` tasks, made by `bench` (`bench_seed::bench_records`, whose
    /// code the browser build fetches first), into the project `bench`, replacing an earlier one.
    pub async fn seed_bench(
        &self,
        n: usize,
        bench: fn(usize, DateTime<Utc>) -> Vec<records::Record>,
    ) -> Result<(), ApiError> {
        let mut records = bench_seed::without_bench(self.0.store.borrow().records());
        records.extend(bench(n, self.0.now()));
        self.replace(records).await
    }
}

impl StoreAdmin for LocalAdmin {
    fn reset_demo(&self) -> ApiFuture<'_, ()> {
        Box::pin(async move {
            let demo = self.0.demo.clone();
            let records = demo(self.0.today(), self.0.now()).await?;
            self.replace(records).await
        })
    }

    fn export_json(&self) -> ApiFuture<'_, String> {
        Box::pin(async move { Ok(records::export_json(self.0.store.borrow().records())) })
    }

    fn import_json(&self, json: String) -> ApiFuture<'_, ()> {
        Box::pin(async move { self.replace(records::import_json(&json)?).await })
    }
}

/// The working week set in Settings for the store in this browser.
pub fn work_calendar() -> crate::domain::work_calendar::WorkCalendar {
    prefs_store::get(WORK_CALENDAR)
        .map(|text| crate::domain::work_calendar::WorkCalendar::from_json(&text))
        .unwrap_or_default()
}

pub fn save_work_calendar(
    calendar: &crate::domain::work_calendar::WorkCalendar,
) -> Result<(), ApiError> {
    prefs_store::try_set(WORK_CALENDAR, &calendar.to_json())
}

const WORK_CALENDAR: &str = "calendar";
