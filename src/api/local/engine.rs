//! The local store's engine: all data in memory, every read and every rule, no browser and no async.
//!
//! Writes are plans: they look at the current state and return the new value together with the
//! `Change`s that make it so. The caller applies the changes (getting their undo), persists them,
//! and undoes them when persisting fails.

use super::records::{Change, Meta, Record, SCHEMA_VERSION};
use crate::api::ApiError;
use crate::domain::board::position_at_end;
use crate::domain::dates::working_days_between;
use crate::domain::rules::{check_parent, validate};
use crate::domain::{
    Activity, ActivityDetail, ActivityId, Catalog, Field, FieldError, NewRelation, NewWorkPackage,
    Page, Priority, PriorityId, Problem, Project, ProjectId, ProjectKey, Relation, RelationId,
    Status, StatusId, TypeId, User, UserId, Version, VersionId, WorkPackage, WorkPackageId,
    WorkPackagePatch, WorkPackageQuery, WpType,
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
    work_packages: BTreeMap<WorkPackageId, WorkPackage>,
    relations: BTreeMap<RelationId, Relation>,
    activities: BTreeMap<ActivityId, Activity>,
}

/// The next free id: one more than the largest in use (ids are never reused while larger ones exist).
fn next_id<K: Copy, V>(map: &BTreeMap<K, V>, raw: impl Fn(K) -> u64) -> u64 {
    map.keys().next_back().map_or(1, |k| raw(*k) + 1)
}

fn corrupt(message: impl Into<String>) -> ApiError {
    ApiError::Corrupt(message.into())
}

fn invalid(field: Field, problem: Problem) -> ApiError {
    ApiError::Invalid(vec![FieldError::new(field, problem)])
}

fn date_text(date: Option<NaiveDate>) -> Option<String> {
    date.map(|d| d.format("%Y-%m-%d").to_string())
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
        let mut store = Self::default();
        for record in records {
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
        records.extend(
            self.work_packages
                .values()
                .cloned()
                .map(Record::WorkPackage),
        );
        records.extend(self.relations.values().cloned().map(Record::Relation));
        records.extend(self.activities.values().cloned().map(Record::Activity));
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
            Record::WorkPackage(wp) => self
                .work_packages
                .insert(wp.id, wp)
                .map(Record::WorkPackage),
            Record::Relation(r) => self.relations.insert(r.id, r).map(Record::Relation),
            Record::Activity(a) => self.activities.insert(a.id, a).map(Record::Activity),
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
            "wp" => self
                .work_packages
                .remove(&WorkPackageId(id))
                .map(Record::WorkPackage),
            "relation" => self.relations.remove(&RelationId(id)).map(Record::Relation),
            "activity" => self
                .activities
                .remove(&ActivityId(id))
                .map(Record::Activity),
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
        }
    }

    pub fn work_packages(
        &self,
        project: ProjectId,
        query: &WorkPackageQuery,
    ) -> Result<Page<WorkPackage>, ApiError> {
        self.require_project(project)?;
        let catalog = self.catalog(project);
        Ok(query.run(
            self.work_packages
                .values()
                .filter(|wp| wp.project == project),
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
        v.sort_by_key(|s| (s.position, s.id));
        v
    }

    pub fn types(&self) -> Vec<WpType> {
        let mut v: Vec<WpType> = self.types.values().cloned().collect();
        v.sort_by_key(|t| (t.position, t.id));
        v
    }

    pub fn priorities(&self) -> Vec<Priority> {
        let mut v: Vec<Priority> = self.priorities.values().cloned().collect();
        v.sort_by_key(|p| (p.position, p.id));
        v
    }

    fn all_users(&self) -> Vec<User> {
        let mut users: Vec<User> = self.users.values().cloned().collect();
        users.sort_by(|a, b| {
            a.name
                .to_lowercase()
                .cmp(&b.name.to_lowercase())
                .then(a.id.cmp(&b.id))
        });
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

    pub fn relations(&self, id: WorkPackageId) -> Result<Vec<Relation>, ApiError> {
        self.work_package(id)?;
        Ok(self
            .relations
            .values()
            .filter(|r| r.from == id || r.to == id)
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
        activities.sort_by_key(|a| (a.created_at, a.id));
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
    ) -> Activity {
        Activity {
            id: ActivityId(next_id(&self.activities, |a| a.0)),
            work_package,
            user: self.current_user(),
            created_at: now,
            comment,
            details,
        }
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
        let id = WorkPackageId(next_id(&self.work_packages, |w| w.0));
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
            parent: draft.parent,
            start_date: draft.start_date,
            due_date: draft.due_date,
            date: draft.date,
            duration_days: None,
            percentage_done: 0,
            estimated_hours: draft.estimated_hours,
            lock_version: 0,
            position: self.end_of_column(draft.project, status, id),
            created_at: now,
            updated_at: now,
        };
        self.check(&wp, None)?;
        wp.duration_days = duration_of(&wp, self.is_milestone(wp.wp_type));
        let activity = self.new_activity(id, now, None, vec![ActivityDetail::Created]);
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
        next.subject = next.subject.trim().to_owned();
        self.check(&next, Some(&stored))?;
        let details = self.changed_fields(&stored, &next);
        if details.is_empty() {
            return Ok((stored, Vec::new()));
        }
        if next.status != stored.status {
            next.position = self.end_of_column(next.project, next.status, id);
        }
        next.duration_days = duration_of(&next, self.is_milestone(next.wp_type));
        next.lock_version += 1;
        next.updated_at = now;
        let activity = self.new_activity(id, now, None, details);
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
        let work_packages = doomed.iter().map(|id| format!("wp/{id}"));
        Ok(relations
            .chain(activities)
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
        let relation = Relation {
            id: RelationId(next_id(&self.relations, |r| r.0)),
            from: new.from,
            to: new.to,
            kind: new.kind,
            lag: new.lag.filter(|_| new.kind.has_lag()),
            description: new.description,
        };
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
        let activity = self.new_activity(id, now, Some(markdown), Vec::new());
        let changes = vec![Change::Put(Record::Activity(activity.clone()))];
        Ok((activity, changes))
    }
}

#[cfg(test)]
mod tests {
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
    const MILESTONE: TypeId = TypeId(2);
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
            LocalStore::from_records(super::super::seed::demo_records(now.date_naive(), now))
                .unwrap();
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
}
