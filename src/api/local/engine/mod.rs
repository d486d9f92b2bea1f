//! The local store's engine: all data in memory, every read and every rule, no browser and no async.
//!
//! Writes are plans: they look at the current state and return the new value together with the
//! `Change`s that make it so. The caller applies the changes (getting their undo), persists them,
//! and undoes them when persisting fails.

mod custom;
mod watching;

use super::records::{Change, Meta, Record, SCHEMA_VERSION, Watchers};
use crate::api::ApiError;
use crate::domain::board::position_at_end;
use crate::domain::dates::working_days_between;
use crate::domain::rules::{check_parent, validate};
use crate::domain::saved_board::{BoardDraft, BoardId, SavedBoard, board_name, sort_by_name};
use crate::domain::saved_view::{SavedView, ViewDraft, ViewId, sort_views};
use crate::domain::{
    Activity, ActivityDetail, ActivityId, Catalog, Category, CategoryId, Field, FieldError,
    NewRelation, NewWorkPackage, Page, Priority, PriorityId, Problem, Project, ProjectId,
    ProjectKey, Relation, RelationId, RelationKind, Status, StatusId, TypeId, User, UserId,
    Version, VersionId, WorkPackage, WorkPackageId, WorkPackagePatch, WorkPackageQuery, WpType,
};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::{BTreeMap, BTreeSet, HashMap};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct LocalStore {
    meta: Option<Meta>,
    projects: BTreeMap<ProjectId, Project>,
    statuses: BTreeMap<StatusId, Status>,
    types: BTreeMap<TypeId, WpType>,
    priorities: BTreeMap<PriorityId, Priority>,
    users: BTreeMap<UserId, User>,
    versions: BTreeMap<VersionId, Version>,
    categories: BTreeMap<CategoryId, Category>,
    work_packages: BTreeMap<WorkPackageId, WorkPackage>,
    relations: BTreeMap<RelationId, Relation>,
    activities: BTreeMap<ActivityId, Activity>,
    boards: BTreeMap<BoardId, SavedBoard>,
    views: BTreeMap<ViewId, SavedView>,
    /// A list, not a map: few work packages are watched, and a map of another value type would
    /// cost the bundle more than the lookups cost here.
    watchers: Vec<Watchers>,
}

/// The next free id: one more than the largest in use (ids are never reused while larger ones exist).
/// An imported backup can hold the largest id there is; then there is no next one, and the write
/// is refused instead of overflowing (a panic, or in a release build a wrap to an id in use).
fn next_id<K: Copy, V>(map: &BTreeMap<K, V>, raw: impl Fn(K) -> u64) -> Result<u64, ApiError> {
    map.keys().next_back().map_or(Ok(1), |k| {
        raw(*k)
            .checked_add(1)
            .ok_or_else(|| corrupt(format!("no id left after {}", raw(*k))))
    })
}

fn corrupt(message: impl Into<String>) -> ApiError {
    ApiError::Corrupt(message.into())
}

fn invalid(field: Field, problem: Problem) -> ApiError {
    ApiError::Invalid(vec![FieldError::new(field, problem)])
}

fn date_text(date: Option<NaiveDate>) -> Option<String> {
    date.map(|d| d.to_string())
}

fn duration_of(wp: &WorkPackage, is_milestone: bool) -> Option<u32> {
    if is_milestone {
        return None;
    }
    match (wp.start_date, wp.due_date) {
        (Some(start), Some(due)) => working_days_between(start, due),
        _ => None,
    }
}

impl LocalStore {
    // ----- records ---------------------------------------------------------------------------

    /// Builds the store from persisted records; refuses data it cannot make sense of.
    pub fn from_records(records: Vec<Record>) -> Result<Self, ApiError> {
        Self::from_decoded(records.into_iter().map(Ok))
    }

    /// The same, taking each record as it is decoded: the store is filled without a list of every
    /// record beside it (at 100k work packages that list alone took some 47 MB of WebAssembly
    /// memory, which never shrinks). The first error is returned.
    pub fn from_decoded(
        records: impl IntoIterator<Item = Result<Record, ApiError>>,
    ) -> Result<Self, ApiError> {
        let mut store = Self::default();
        for record in records {
            let record = record?;
            let key = record.key();
            if store.put(record).is_some() {
                return Err(corrupt(format!("record {key} appears twice")));
            }
        }
        let Some(meta) = &store.meta else {
            return Err(corrupt("the store has no meta record"));
        };
        if meta.schema > SCHEMA_VERSION {
            return Err(corrupt(format!(
                "the store was written by a newer Tafel (schema {})",
                meta.schema
            )));
        }
        for wp in store.work_packages.values() {
            if !store.projects.contains_key(&wp.project) {
                return Err(corrupt(format!(
                    "work package {} belongs to unknown project {}",
                    wp.id, wp.project
                )));
            }
        }
        for relation in store.relations.values() {
            for end in [relation.from, relation.to] {
                if !store.work_packages.contains_key(&end) {
                    return Err(corrupt(format!(
                        "relation {} links unknown work package {end}",
                        relation.id
                    )));
                }
            }
        }
        for watched in store.watchers.iter().map(|w| &w.work_package) {
            if !store.work_packages.contains_key(watched) {
                return Err(corrupt(format!(
                    "watchers of unknown work package {watched}"
                )));
            }
        }
        for board in store.boards.values() {
            if !store.projects.contains_key(&board.project) {
                return Err(corrupt(format!(
                    "board {} belongs to unknown project {}",
                    board.id.0, board.project
                )));
            }
        }
        for view in store.views.values() {
            if !store.projects.contains_key(&view.project) {
                return Err(corrupt(format!(
                    "view {} belongs to unknown project {}",
                    view.id.0, view.project
                )));
            }
        }
        for activity in store.activities.values() {
            if !store.work_packages.contains_key(&activity.work_package) {
                return Err(corrupt(format!(
                    "activity {} belongs to unknown work package {}",
                    activity.id, activity.work_package
                )));
            }
        }
        Ok(store)
    }

    /// Every record, for export and persistence.
    pub fn records(&self) -> Vec<Record> {
        let mut records = Vec::new();
        records.extend(self.meta.clone().map(Record::Meta));
        records.extend(self.projects.values().cloned().map(Record::Project));
        records.extend(self.statuses.values().cloned().map(Record::Status));
        records.extend(self.types.values().cloned().map(Record::Type));
        records.extend(self.priorities.values().cloned().map(Record::Priority));
        records.extend(self.users.values().cloned().map(Record::User));
        records.extend(self.versions.values().cloned().map(Record::Version));
        records.extend(self.categories.values().cloned().map(Record::Category));
        records.extend(
            self.work_packages
                .values()
                .cloned()
                .map(Record::WorkPackage),
        );
        records.extend(self.relations.values().cloned().map(Record::Relation));
        records.extend(self.activities.values().cloned().map(Record::Activity));
        records.extend(self.boards.values().cloned().map(Record::Board));
        records.extend(self.views.values().cloned().map(Record::View));
        records.extend(self.watchers.iter().cloned().map(Record::Watchers));
        records
    }

    /// Applies changes in order and returns the changes that undo them (to be applied in the order given).
    pub fn apply(&mut self, changes: &[Change]) -> Vec<Change> {
        let mut undo: Vec<Change> = changes
            .iter()
            .map(|change| {
                let previous = match change {
                    Change::Put(record) => self.put(record.clone()),
                    Change::Delete(key) => self.take(key),
                };
                match previous {
                    Some(record) => Change::Put(record),
                    None => Change::Delete(change.key()),
                }
            })
            .collect();
        undo.reverse();
        undo
    }

    /// Stores a record; returns the one it replaced.
    fn put(&mut self, record: Record) -> Option<Record> {
        match record {
            Record::Meta(m) => self.meta.replace(m).map(Record::Meta),
            Record::Project(p) => self.projects.insert(p.id, p).map(Record::Project),
            Record::Status(s) => self.statuses.insert(s.id, s).map(Record::Status),
            Record::Type(t) => self.types.insert(t.id, t).map(Record::Type),
            Record::Priority(p) => self.priorities.insert(p.id, p).map(Record::Priority),
            Record::User(u) => self.users.insert(u.id, u).map(Record::User),
            Record::Version(v) => self.versions.insert(v.id, v).map(Record::Version),
            Record::Category(c) => self.categories.insert(c.id, c).map(Record::Category),
            Record::WorkPackage(wp) => self
                .work_packages
                .insert(wp.id, wp)
                .map(Record::WorkPackage),
            Record::Relation(r) => self.relations.insert(r.id, r).map(Record::Relation),
            Record::Activity(a) => self.activities.insert(a.id, a).map(Record::Activity),
            Record::Board(b) => self.boards.insert(b.id, b).map(Record::Board),
            Record::View(v) => self.views.insert(v.id, v).map(Record::View),
            Record::Watchers(w) => {
                if let Some(i) = self.watchers_at(w.work_package) {
                    Some(Record::Watchers(std::mem::replace(
                        &mut self.watchers[i],
                        w,
                    )))
                } else {
                    self.watchers.push(w);
                    None
                }
            }
        }
    }

    /// Removes the record stored under `key` (as made by `Record::key`); returns it.
    fn take(&mut self, key: &str) -> Option<Record> {
        if key == "meta" {
            return self.meta.take().map(Record::Meta);
        }
        let (kind, id) = key.split_once('/')?;
        let id: u64 = id.parse().ok()?;
        match kind {
            "project" => self.projects.remove(&ProjectId(id)).map(Record::Project),
            "status" => self.statuses.remove(&StatusId(id)).map(Record::Status),
            "type" => self.types.remove(&TypeId(id)).map(Record::Type),
            "priority" => self
                .priorities
                .remove(&PriorityId(id))
                .map(Record::Priority),
            "user" => self.users.remove(&UserId(id)).map(Record::User),
            "version" => self.versions.remove(&VersionId(id)).map(Record::Version),
            "category" => self
                .categories
                .remove(&CategoryId(id))
                .map(Record::Category),
            "wp" => self
                .work_packages
                .remove(&WorkPackageId(id))
                .map(Record::WorkPackage),
            "relation" => self.relations.remove(&RelationId(id)).map(Record::Relation),
            "activity" => self
                .activities
                .remove(&ActivityId(id))
                .map(Record::Activity),
            "board" => self.boards.remove(&BoardId(id)).map(Record::Board),
            "view" => self.views.remove(&ViewId(id)).map(Record::View),
            "watchers" => self
                .watchers_at(WorkPackageId(id))
                .map(|i| Record::Watchers(self.watchers.remove(i))),
            _ => None,
        }
    }

    // ----- reads -----------------------------------------------------------------------------

    /// Projects sorted by name.
    pub fn projects(&self) -> Vec<Project> {
        let mut projects: Vec<Project> = self.projects.values().cloned().collect();
        projects.sort_by(|a, b| {
            a.name
                .to_lowercase()
                .cmp(&b.name.to_lowercase())
                .then(a.id.cmp(&b.id))
        });
        projects
    }

    pub fn project(&self, key: &ProjectKey) -> Result<Project, ApiError> {
        self.projects
            .values()
            .find(|p| key.matches(p))
            .cloned()
            .ok_or(ApiError::NotFound)
    }

    fn require_project(&self, project: ProjectId) -> Result<(), ApiError> {
        if self.projects.contains_key(&project) {
            Ok(())
        } else {
            Err(ApiError::NotFound)
        }
    }

    /// The reference data of a project, as views and queries need it.
    pub fn catalog(&self, project: ProjectId) -> Catalog {
        Catalog {
            statuses: self.statuses(),
            types: self.types(),
            priorities: self.priorities(),
            users: self.all_users(),
            versions: self
                .versions
                .values()
                .filter(|v| v.project == project)
                .cloned()
                .collect(),
            categories: self
                .categories
                .values()
                .filter(|c| c.project == project)
                .cloned()
                .collect(),
            custom_fields: self.custom_fields(),
            me: self.current_user(),
            projects: Vec::new(),
        }
    }

    pub fn work_packages(
        &self,
        project: ProjectId,
        query: &WorkPackageQuery,
    ) -> Result<Page<WorkPackage>, ApiError> {
        self.require_project(project)?;
        let catalog = self.catalog(project);
        let scope = if query.subprojects {
            let all: Vec<Project> = self.projects.values().cloned().collect();
            crate::domain::catalog::project_tree(&all, project)
        } else {
            vec![project]
        };
        Ok(query.run(
            self.work_packages
                .values()
                .filter(|wp| scope.contains(&wp.project)),
            &catalog,
        ))
    }

    pub fn work_package(&self, id: WorkPackageId) -> Result<WorkPackage, ApiError> {
        self.work_packages
            .get(&id)
            .cloned()
            .ok_or(ApiError::NotFound)
    }

    pub fn statuses(&self) -> Vec<Status> {
        let mut v: Vec<Status> = self.statuses.values().cloned().collect();
        crate::domain::rank::sort_by_rank(&mut v, |s| (i64::from(s.position), s.id.0));
        v
    }

    pub fn types(&self) -> Vec<WpType> {
        let mut v: Vec<WpType> = self.types.values().cloned().collect();
        crate::domain::rank::sort_by_rank(&mut v, |t| (i64::from(t.position), t.id.0));
        v
    }

    pub fn priorities(&self) -> Vec<Priority> {
        let mut v: Vec<Priority> = self.priorities.values().cloned().collect();
        crate::domain::rank::sort_by_rank(&mut v, |p| (i64::from(p.position), p.id.0));
        v
    }

    fn all_users(&self) -> Vec<User> {
        let mut users: Vec<User> = self.users.values().cloned().collect();
        User::sort_by_name(&mut users);
        users
    }

    /// Everyone can be assigned in every local project; sorted by name.
    pub fn members(&self, project: ProjectId) -> Result<Vec<User>, ApiError> {
        self.require_project(project)?;
        Ok(self.all_users())
    }

    pub fn versions(&self, project: ProjectId) -> Result<Vec<Version>, ApiError> {
        self.require_project(project)?;
        Ok(self.catalog(project).versions)
    }

    pub fn categories(&self, project: ProjectId) -> Result<Vec<Category>, ApiError> {
        self.require_project(project)?;
        Ok(self.catalog(project).categories)
    }

    pub fn relations(&self, id: WorkPackageId) -> Result<Vec<Relation>, ApiError> {
        self.work_package(id)?;
        Ok(self
            .relations
            .values()
            .filter(|r| r.from == id || r.to == id)
            .cloned()
            .collect())
    }

    /// "blocks" and "blocked" relations with at least one end in `project`.
    pub fn relations_in(
        &self,
        project: ProjectId,
        kinds: &[RelationKind],
    ) -> Result<Vec<Relation>, ApiError> {
        self.require_project(project)?;
        let in_project =
            |id: WorkPackageId| self.work_package(id).is_ok_and(|wp| wp.project == project);
        Ok(self
            .relations
            .values()
            .filter(|r| kinds.contains(&r.kind))
            .filter(|r| in_project(r.from) || in_project(r.to))
            .cloned()
            .collect())
    }

    /// Comments and changes, oldest first.
    pub fn activities(&self, id: WorkPackageId) -> Result<Vec<Activity>, ApiError> {
        self.work_package(id)?;
        let mut activities: Vec<Activity> = self
            .activities
            .values()
            .filter(|a| a.work_package == id)
            .cloned()
            .collect();
        crate::domain::rank::sort_by_rank(&mut activities, |a| {
            (a.created_at.timestamp_micros(), a.id.0)
        });
        Ok(activities)
    }

    pub fn current_user(&self) -> Option<UserId> {
        self.meta.as_ref().and_then(|m| m.current_user)
    }

    // ----- helpers for plans -----------------------------------------------------------------

    fn is_milestone(&self, wp_type: TypeId) -> bool {
        self.types.get(&wp_type).is_some_and(|t| t.is_milestone)
    }

    fn parents(&self) -> HashMap<WorkPackageId, Option<WorkPackageId>> {
        self.work_packages
            .values()
            .map(|wp| (wp.id, wp.parent))
            .collect()
    }

    /// The position after the last card of `status` in `project`, not counting `except`.
    fn end_of_column(&self, project: ProjectId, status: StatusId, except: WorkPackageId) -> i64 {
        position_at_end(
            self.work_packages
                .values()
                .filter(|wp| wp.project == project && wp.status == status && wp.id != except)
                .map(|wp| wp.position),
        )
    }

    /// Refuses ids that point nowhere. With `before`, only fields that differ from it are checked,
    /// so old data pointing at something gone does not block unrelated edits.
    fn check_references(&self, wp: &WorkPackage, before: Option<&WorkPackage>) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let mut check = |changed: bool, known: bool, field: Field| {
            if changed && !known {
                errors.push(FieldError::new(field, Problem::UnknownValue));
            }
        };
        check(
            before.is_none(),
            self.projects.contains_key(&wp.project),
            Field::Project,
        );
        check(
            before.is_none_or(|b| b.wp_type != wp.wp_type),
            self.types.contains_key(&wp.wp_type),
            Field::Type,
        );
        check(
            before.is_none_or(|b| b.status != wp.status),
            self.statuses.contains_key(&wp.status),
            Field::Status,
        );
        check(
            before.is_none_or(|b| b.priority != wp.priority),
            self.priorities.contains_key(&wp.priority),
            Field::Priority,
        );
        check(
            before.is_none_or(|b| b.assignee != wp.assignee),
            wp.assignee.is_none_or(|u| self.users.contains_key(&u)),
            Field::Assignee,
        );
        check(
            before.is_none_or(|b| b.responsible != wp.responsible),
            wp.responsible.is_none_or(|u| self.users.contains_key(&u)),
            Field::Responsible,
        );
        check(
            before.is_none_or(|b| b.version != wp.version),
            wp.version.is_none_or(|v| {
                self.versions
                    .get(&v)
                    .is_some_and(|v| v.project == wp.project)
            }),
            Field::Version,
        );
        check(
            before.is_none_or(|b| b.category != wp.category),
            wp.category.is_none_or(|c| {
                self.categories
                    .get(&c)
                    .is_some_and(|c| c.project == wp.project)
            }),
            Field::Category,
        );
        check(
            before.is_none_or(|b| b.parent != wp.parent),
            wp.parent
                .is_none_or(|p| p == wp.id || self.work_packages.contains_key(&p)),
            Field::Parent,
        );
        errors
    }

    /// All rules for a work package about to be stored; `before` is the stored version on updates.
    fn check(&self, wp: &WorkPackage, before: Option<&WorkPackage>) -> Result<(), ApiError> {
        let mut errors = self.check_references(wp, before);
        errors.extend(validate(wp, self.is_milestone(wp.wp_type)));
        if before.is_none_or(|b| b.parent != wp.parent)
            && let Err(error) = check_parent(wp.id, wp.parent, &self.parents())
        {
            errors.push(error);
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Invalid(errors))
        }
    }

    fn new_activity(
        &self,
        work_package: WorkPackageId,
        now: DateTime<Utc>,
        comment: Option<String>,
        details: Vec<ActivityDetail>,
    ) -> Result<Activity, ApiError> {
        Ok(Activity {
            id: ActivityId(next_id(&self.activities, |a| a.0)?),
            work_package,
            user: self.current_user(),
            created_at: now,
            comment,
            details,
        })
    }

    fn user_text(&self, user: Option<UserId>) -> Option<String> {
        user.map(|u| {
            self.users
                .get(&u)
                .map_or_else(|| format!("#{u}"), |u| u.name.clone())
        })
    }

    /// One `Changed` entry per field that differs, with values as a reader sees them.
    #[allow(clippy::too_many_lines)] // one short block per field
    fn changed_fields(&self, old: &WorkPackage, new: &WorkPackage) -> Vec<ActivityDetail> {
        let mut details = Vec::new();
        let mut push = |field: Field, from: Option<String>, to: Option<String>| {
            if from != to {
                details.push(ActivityDetail::Changed { field, from, to });
            }
        };
        push(
            Field::Subject,
            Some(old.subject.clone()),
            Some(new.subject.clone()),
        );
        push(
            Field::Description,
            Some(old.description.clone()).filter(|d| !d.is_empty()),
            Some(new.description.clone()).filter(|d| !d.is_empty()),
        );
        let type_text = |id: TypeId| {
            self.types
                .get(&id)
                .map_or_else(|| format!("#{id}"), |t| t.name.clone())
        };
        push(
            Field::Type,
            Some(type_text(old.wp_type)),
            Some(type_text(new.wp_type)),
        );
        let status_text = |id: StatusId| {
            self.statuses
                .get(&id)
                .map_or_else(|| format!("#{id}"), |s| s.name.clone())
        };
        push(
            Field::Status,
            Some(status_text(old.status)),
            Some(status_text(new.status)),
        );
        let priority_text = |id: PriorityId| {
            self.priorities
                .get(&id)
                .map_or_else(|| format!("#{id}"), |p| p.name.clone())
        };
        push(
            Field::Priority,
            Some(priority_text(old.priority)),
            Some(priority_text(new.priority)),
        );
        push(
            Field::Assignee,
            self.user_text(old.assignee),
            self.user_text(new.assignee),
        );
        push(
            Field::Responsible,
            self.user_text(old.responsible),
            self.user_text(new.responsible),
        );
        let version_text = |id: Option<VersionId>| {
            id.map(|id| {
                self.versions
                    .get(&id)
                    .map_or_else(|| format!("#{id}"), |v| v.name.clone())
            })
        };
        push(
            Field::Version,
            version_text(old.version),
            version_text(new.version),
        );
        let category_text = |id: Option<CategoryId>| {
            id.map(|id| {
                self.categories
                    .get(&id)
                    .map_or_else(|| format!("#{id}"), |c| c.name.clone())
            })
        };
        push(
            Field::Category,
            category_text(old.category),
            category_text(new.category),
        );
        let parent_text = |id: Option<WorkPackageId>| {
            id.map(|id| match self.work_packages.get(&id) {
                Some(parent) => format!("#{id} {}", parent.subject),
                None => format!("#{id}"),
            })
        };
        push(
            Field::Parent,
            parent_text(old.parent),
            parent_text(new.parent),
        );
        push(
            Field::StartDate,
            date_text(old.start_date),
            date_text(new.start_date),
        );
        push(
            Field::DueDate,
            date_text(old.due_date),
            date_text(new.due_date),
        );
        push(Field::Date, date_text(old.date), date_text(new.date));
        push(
            Field::PercentageDone,
            Some(format!("{}%", old.percentage_done)),
            Some(format!("{}%", new.percentage_done)),
        );
        push(
            Field::EstimatedTime,
            old.estimated_hours.map(|h| format!("{h} h")),
            new.estimated_hours.map(|h| format!("{h} h")),
        );
        self.changed_custom(old, new, &mut details);
        details
    }

    // ----- plans -----------------------------------------------------------------------------

    pub fn plan_create(
        &self,
        draft: NewWorkPackage,
        now: DateTime<Utc>,
    ) -> Result<(WorkPackage, Vec<Change>), ApiError> {
        let catalog = self.catalog(draft.project);
        let status = draft
            .status
            .or_else(|| catalog.default_status().map(|s| s.id))
            .ok_or_else(|| invalid(Field::Status, Problem::UnknownValue))?;
        let priority = draft
            .priority
            .or_else(|| catalog.default_priority().map(|p| p.id))
            .ok_or_else(|| invalid(Field::Priority, Problem::UnknownValue))?;
        let custom = crate::domain::custom_field::check_new(
            &catalog.custom_fields_for(draft.wp_type),
            &draft.custom,
            &catalog,
        )
        .map_err(ApiError::Invalid)?;
        let id = WorkPackageId(next_id(&self.work_packages, |w| w.0)?);
        let mut wp = WorkPackage {
            id,
            project: draft.project,
            subject: draft.subject.trim().to_owned(),
            description: draft.description,
            wp_type: draft.wp_type,
            status,
            priority,
            assignee: draft.assignee,
            responsible: draft.responsible,
            version: draft.version,
            category: draft.category,
            parent: draft.parent,
            start_date: draft.start_date,
            due_date: draft.due_date,
            date: draft.date,
            duration_days: None,
            derived_dates: None,
            percentage_done: 0,
            estimated_hours: draft.estimated_hours,
            schedule_manually: false,
            lock_version: 0,
            position: self.end_of_column(draft.project, status, id),
            created_at: now,
            updated_at: now,
            permissions: crate::domain::Permissions::ALL,
            custom,
        };
        self.check(&wp, None)?;
        wp.duration_days = duration_of(&wp, self.is_milestone(wp.wp_type));
        let activity = self.new_activity(id, now, None, vec![ActivityDetail::Created])?;
        let changes = vec![
            Change::Put(Record::WorkPackage(wp.clone())),
            Change::Put(Record::Activity(activity)),
        ];
        Ok((wp, changes))
    }

    pub fn plan_update(
        &self,
        id: WorkPackageId,
        patch: WorkPackagePatch,
        now: DateTime<Utc>,
    ) -> Result<(WorkPackage, Vec<Change>), ApiError> {
        let stored = self.work_package(id)?;
        if patch.lock_version != stored.lock_version {
            return Err(ApiError::Conflict {
                current: Box::new(stored),
            });
        }
        if patch.is_empty() {
            return Ok((stored, Vec::new()));
        }
        let mut next = patch.applied_to(&stored);
        next.subject = String::from(next.subject.trim());
        let custom_errors = self.check_custom(&mut next, &stored);
        if !custom_errors.is_empty() {
            return Err(ApiError::Invalid(custom_errors));
        }
        self.check(&next, Some(&stored))?;
        let details = self.changed_fields(&stored, &next);
        if details.is_empty() {
            return Ok((stored, Vec::new()));
        }
        if next.status != stored.status {
            next.position = self.end_of_column(next.project, next.status, id);
        }
        next.duration_days = duration_of(&next, self.is_milestone(next.wp_type));
        // Checked: a backup can bring in the largest lock version there is.
        next.lock_version = next
            .lock_version
            .checked_add(1)
            .ok_or_else(|| corrupt(format!("work package {id} has no lock version left")))?;
        next.updated_at = now;
        let activity = self.new_activity(id, now, None, details)?;
        let changes = vec![
            Change::Put(Record::WorkPackage(next.clone())),
            Change::Put(Record::Activity(activity)),
        ];
        Ok((next, changes))
    }

    /// Removes the work package, its descendants, and their relations and activities.
    pub fn plan_delete(&self, id: WorkPackageId) -> Result<Vec<Change>, ApiError> {
        self.work_package(id)?;
        let mut doomed = BTreeSet::from([id]);
        let mut queue = vec![id];
        while let Some(parent) = queue.pop() {
            for child in self.work_packages.values() {
                if child.parent == Some(parent) && doomed.insert(child.id) {
                    queue.push(child.id);
                }
            }
        }
        let relations = self
            .relations
            .values()
            .filter(|r| doomed.contains(&r.from) || doomed.contains(&r.to))
            .map(|r| format!("relation/{}", r.id));
        let activities = self
            .activities
            .values()
            .filter(|a| doomed.contains(&a.work_package))
            .map(|a| format!("activity/{}", a.id));
        let watchers = doomed
            .iter()
            .filter(|id| self.watchers_at(**id).is_some())
            .map(|id| format!("watchers/{id}"));
        let work_packages = doomed.iter().map(|id| format!("wp/{id}"));
        Ok(relations
            .chain(activities)
            .chain(watchers)
            .chain(work_packages)
            .map(Change::Delete)
            .collect())
    }

    /// Writes board positions; the lock version stays, since this is not an edit of the work package.
    pub fn plan_reorder(
        &self,
        positions: &[(WorkPackageId, i64)],
    ) -> Result<Vec<Change>, ApiError> {
        let mut updated: BTreeMap<WorkPackageId, WorkPackage> = BTreeMap::new();
        for (id, position) in positions {
            let stored = self.work_packages.get(id).ok_or(ApiError::NotFound)?;
            updated
                .entry(*id)
                .or_insert_with(|| stored.clone())
                .position = *position;
        }
        Ok(updated
            .into_values()
            .filter(|wp| self.work_packages.get(&wp.id) != Some(wp))
            .map(|wp| Change::Put(Record::WorkPackage(wp)))
            .collect())
    }

    /// The saved boards of a project, by name.
    pub fn boards(&self, project: ProjectId) -> Result<Vec<SavedBoard>, ApiError> {
        self.require_project(project)?;
        let mut boards: Vec<SavedBoard> = self
            .boards
            .values()
            .filter(|b| b.project == project)
            .cloned()
            .collect();
        sort_by_name(&mut boards);
        Ok(boards)
    }

    /// Saves a new board, or replaces the one the draft names.
    pub fn plan_save_board(
        &self,
        draft: BoardDraft,
    ) -> Result<(SavedBoard, Vec<Change>), ApiError> {
        self.require_project(draft.project)?;
        let name = board_name(&draft.name).ok_or_else(|| invalid(Field::Name, Problem::Blank))?;
        let id = match draft.id {
            Some(id)
                if self
                    .boards
                    .get(&id)
                    .is_some_and(|b| b.project == draft.project) =>
            {
                id
            }
            Some(_) => return Err(ApiError::NotFound),
            None => BoardId(next_id(&self.boards, |b| b.0)?),
        };
        let board = SavedBoard {
            id,
            project: draft.project,
            name,
            query: draft.query,
        };
        Ok((board.clone(), vec![Change::Put(Record::Board(board))]))
    }

    /// A view as the user sees it: whether it is theirs, whose it is, what they may do with it.
    /// Views saved before owners were kept are the user's.
    fn seen(&self, mut view: SavedView) -> SavedView {
        let me = self.current_user();
        view.mine = view.owner.is_none() || view.owner == me;
        view.may_change = view.mine;
        view.may_delete = view.mine;
        view.owner_name = if view.mine {
            None
        } else {
            view.owner
                .and_then(|id| self.users.get(&id))
                .map(|u| u.name.clone())
        };
        view
    }

    /// The project's saved views the user sees (theirs, and those others shared): starred first,
    /// then by name.
    pub fn views(&self, project: ProjectId) -> Result<Vec<SavedView>, ApiError> {
        self.require_project(project)?;
        let mut views: Vec<SavedView> = self
            .views
            .values()
            .filter(|v| v.project == project)
            .map(|v| self.seen(v.clone()))
            .filter(|v| v.mine || v.public)
            .collect();
        sort_views(&mut views);
        Ok(views)
    }

    /// A view the user sees, as they see it; `NotFound` for another's private one.
    fn visible_view(&self, id: ViewId) -> Result<SavedView, ApiError> {
        self.views
            .get(&id)
            .map(|v| self.seen(v.clone()))
            .filter(|v| v.mine || v.public)
            .ok_or(ApiError::NotFound)
    }

    /// Saves a new view (the user's), or replaces the one the draft names if the user may change it.
    pub fn plan_save_view(&self, draft: ViewDraft) -> Result<(SavedView, Vec<Change>), ApiError> {
        self.require_project(draft.project)?;
        let name = board_name(&draft.name).ok_or_else(|| invalid(Field::Name, Problem::Blank))?;
        let (id, owner) = match draft.id {
            Some(id) => {
                let old = self.visible_view(id)?;
                if old.project != draft.project {
                    return Err(ApiError::NotFound);
                }
                if !old.may_change {
                    return Err(ApiError::Forbidden);
                }
                (id, old.owner)
            }
            None => (ViewId(next_id(&self.views, |v| v.0)?), self.current_user()),
        };
        let view = SavedView {
            id,
            project: draft.project,
            name,
            kind: draft.kind,
            query: draft.query,
            public: draft.public,
            starred: draft.starred,
            partial: false,
            owner,
            owner_name: None,
            mine: true,
            may_change: true,
            may_delete: true,
        };
        Ok((
            self.seen(view.clone()),
            vec![Change::Put(Record::View(view))],
        ))
    }

    /// Stars a view or takes its star away: anyone who sees it may (this browser has one user).
    pub fn plan_star_view(
        &self,
        id: ViewId,
        starred: bool,
    ) -> Result<(SavedView, Vec<Change>), ApiError> {
        let mut stored = self.views.get(&id).cloned().ok_or(ApiError::NotFound)?;
        self.visible_view(id)?;
        stored.starred = starred;
        Ok((
            self.seen(stored.clone()),
            vec![Change::Put(Record::View(stored))],
        ))
    }

    pub fn plan_delete_view(&self, id: ViewId) -> Result<((), Vec<Change>), ApiError> {
        if !self.visible_view(id)?.may_delete {
            return Err(ApiError::Forbidden);
        }
        Ok(((), vec![Change::Delete(format!("view/{}", id.0))]))
    }

    pub fn plan_delete_board(&self, id: BoardId) -> Result<((), Vec<Change>), ApiError> {
        if !self.boards.contains_key(&id) {
            return Err(ApiError::NotFound);
        }
        Ok(((), vec![Change::Delete(format!("board/{}", id.0))]))
    }

    pub fn plan_create_relation(
        &self,
        new: NewRelation,
    ) -> Result<(Relation, Vec<Change>), ApiError> {
        self.work_package(new.from)?;
        if new.from == new.to {
            return Err(invalid(Field::RelatedTo, Problem::RelationToItself));
        }
        if !self.work_packages.contains_key(&new.to) {
            return Err(invalid(Field::RelatedTo, Problem::UnknownValue));
        }
        let exists = self.relations.values().any(|r| {
            (r.from == new.from && r.to == new.to && r.kind == new.kind)
                || (r.from == new.to && r.to == new.from && r.kind == new.kind.reverse())
        });
        if exists {
            return Err(invalid(Field::RelatedTo, Problem::RelationExists));
        }
        if crate::domain::relation::closes_circle(
            self.relations.values(),
            new.from,
            new.kind,
            new.to,
        ) {
            return Err(invalid(Field::RelatedTo, Problem::RelationCircle));
        }
        let relation = Relation {
            id: RelationId(next_id(&self.relations, |r| r.0)?),
            from: new.from,
            to: new.to,
            kind: new.kind,
            lag: new.lag.filter(|_| new.kind.has_lag()),
            description: new.description,
        };
        let changes = vec![Change::Put(Record::Relation(relation.clone()))];
        Ok((relation, changes))
    }

    /// A new lag for a precedes/follows relation; other kinds keep none.
    pub fn plan_update_relation(
        &self,
        id: RelationId,
        lag: Option<i32>,
    ) -> Result<(Relation, Vec<Change>), ApiError> {
        let mut relation = self.relations.get(&id).cloned().ok_or(ApiError::NotFound)?;
        if lag.is_some_and(|l| l < 0) {
            return Err(invalid(
                Field::Lag,
                Problem::OutOfRange {
                    min: 0,
                    max: i64::from(i32::MAX),
                },
            ));
        }
        relation.lag = lag.filter(|_| relation.kind.has_lag());
        let changes = vec![Change::Put(Record::Relation(relation.clone()))];
        Ok((relation, changes))
    }

    pub fn plan_delete_relation(&self, id: RelationId) -> Result<Vec<Change>, ApiError> {
        if self.relations.contains_key(&id) {
            Ok(vec![Change::Delete(format!("relation/{id}"))])
        } else {
            Err(ApiError::NotFound)
        }
    }

    pub fn plan_comment(
        &self,
        id: WorkPackageId,
        markdown: String,
        now: DateTime<Utc>,
    ) -> Result<(Activity, Vec<Change>), ApiError> {
        self.work_package(id)?;
        if markdown.trim().is_empty() {
            return Err(invalid(Field::Comment, Problem::Blank));
        }
        let activity = self.new_activity(id, now, Some(markdown), Vec::new())?;
        let changes = vec![Change::Put(Record::Activity(activity.clone()))];
        Ok((activity, changes))
    }
}

#[cfg(test)]
mod tests;
