//! The work package and the two shapes used to change it: a draft for creation and a patch for updates.

use super::ids::{
    CategoryId, PriorityId, ProjectId, StatusId, TypeId, UserId, VersionId, WorkPackageId,
};
use super::rules::Field;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkPackage {
    pub id: WorkPackageId,
    pub project: ProjectId,
    pub subject: String,
    /// Markdown source.
    pub description: String,
    pub wp_type: TypeId,
    pub status: StatusId,
    pub priority: PriorityId,
    pub assignee: Option<UserId>,
    pub responsible: Option<UserId>,
    pub version: Option<VersionId>,
    /// One of the project's categories; records written before categories existed have none.
    #[serde(default)]
    pub category: Option<CategoryId>,
    pub parent: Option<WorkPackageId>,
    #[serde(default, deserialize_with = "super::wire_time::optional_date")]
    pub start_date: Option<NaiveDate>,
    #[serde(default, deserialize_with = "super::wire_time::optional_date")]
    pub due_date: Option<NaiveDate>,
    /// Only for milestone types, which have one date instead of start and due.
    #[serde(default, deserialize_with = "super::wire_time::optional_date")]
    pub date: Option<NaiveDate>,
    /// Working days from start to due, both included.
    pub duration_days: Option<u32>,
    /// From the earliest start to the latest finish of its children, as the server worked it out
    /// (OpenProject's `derivedStartDate`/`derivedDueDate`, known even for children not loaded).
    /// `None` without children, or where the backend leaves it to `descendants_span`. Never stored:
    /// the server works it out anew, and the store in the browser has all the children at hand.
    #[serde(skip)]
    pub derived_dates: Option<(NaiveDate, NaiveDate)>,
    pub percentage_done: u8,
    pub estimated_hours: Option<f64>,
    /// Manually scheduled (OpenProject's `scheduleManually`): not moved when its predecessors move.
    #[serde(default)]
    pub schedule_manually: bool,
    /// Increases on every update; an update carrying an older value is refused.
    pub lock_version: u64,
    /// Manual order on boards; lower comes first.
    pub position: i64,
    #[serde(deserialize_with = "super::wire_time::instant")]
    pub created_at: DateTime<Utc>,
    #[serde(deserialize_with = "super::wire_time::instant")]
    pub updated_at: DateTime<Utc>,
    /// What the current user may do with it (OpenProject's action links); everything locally.
    #[serde(default)]
    pub permissions: Permissions,
    /// Values of custom fields by key (`customField3`), as text; absent when empty.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub custom: BTreeMap<String, String>,
}

impl WorkPackage {
    /// A work package with only what every one has: no dates, nobody assigned, nothing done,
    /// created and updated `at`.
    pub fn new(
        id: WorkPackageId,
        project: ProjectId,
        wp_type: TypeId,
        status: StatusId,
        priority: PriorityId,
        subject: String,
        at: DateTime<Utc>,
    ) -> Self {
        Self {
            id,
            project,
            subject,
            description: String::new(),
            wp_type,
            status,
            priority,
            assignee: None,
            responsible: None,
            version: None,
            category: None,
            parent: None,
            start_date: None,
            due_date: None,
            date: None,
            duration_days: None,
            derived_dates: None,
            percentage_done: 0,
            estimated_hours: None,
            schedule_manually: false,
            lock_version: 0,
            position: 0,
            created_at: at,
            updated_at: at,
            permissions: Permissions::ALL,
            custom: BTreeMap::new(),
        }
    }
}

/// From the earliest start to the latest finish among the descendants of `parent` in `all`: the
/// span a parent's dates are derived from (OpenProject's derived dates), for a backend that does not
/// say. `None` when no descendant has a date.
pub fn descendants_span(
    all: &BTreeMap<WorkPackageId, WorkPackage>,
    parent: WorkPackageId,
) -> Option<(NaiveDate, NaiveDate)> {
    let mut span: Option<(NaiveDate, NaiveDate)> = None;
    let mut level = vec![parent];
    // One pass over all work packages per level of the hierarchy; a cycle (which the backends
    // refuse) would end when a level brings nothing new.
    let mut seen = std::collections::BTreeSet::from([parent]);
    while !level.is_empty() {
        let children: Vec<&WorkPackage> = all
            .values()
            .filter(|wp| wp.parent.is_some_and(|p| level.contains(&p)) && seen.insert(wp.id))
            .collect();
        for (from, to) in children
            .iter()
            .filter_map(|child| super::timeline::span(child))
        {
            span = Some(span.map_or((from, to), |(a, b)| (a.min(from), b.max(to))));
        }
        level = children.iter().map(|c| c.id).collect();
    }
    span
}

/// The actions a backend offers on a work package; the UI offers only these.
// Independent yes/no answers, one per OpenProject action link; flags would only hide that.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Permissions {
    pub update: bool,
    pub delete: bool,
    pub comment: bool,
    pub relate: bool,
    /// Watching it oneself (OpenProject's `watch` or `unwatch` link). Records written before
    /// watchers existed allowed everything, so a missing answer is yes.
    #[serde(default = "yes")]
    pub watch: bool,
    /// Adding others as watchers (`addWatcher`).
    #[serde(default = "yes")]
    pub add_watcher: bool,
    /// Removing others (`removeWatcher`).
    #[serde(default = "yes")]
    pub remove_watcher: bool,
}

fn yes() -> bool {
    true
}

impl Permissions {
    pub const ALL: Self = Self {
        update: true,
        delete: true,
        comment: true,
        relate: true,
        watch: true,
        add_watcher: true,
        remove_watcher: true,
    };
    pub const READ_ONLY: Self = Self {
        update: false,
        delete: false,
        comment: false,
        relate: false,
        watch: false,
        add_watcher: false,
        remove_watcher: false,
    };
}

impl Default for Permissions {
    fn default() -> Self {
        Self::ALL
    }
}

impl WorkPackage {
    /// The last day of work: the due date, or the milestone's date.
    pub fn finish(&self) -> Option<NaiveDate> {
        self.due_date.or(self.date)
    }

    /// Overdue: a finish date before `today` while the status is still open.
    pub fn is_overdue(&self, today: NaiveDate, status_closed: bool) -> bool {
        !status_closed && self.finish().is_some_and(|finish| finish < today)
    }
}

/// What a user fills in to create a work package.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewWorkPackage {
    pub project: ProjectId,
    pub subject: String,
    pub description: String,
    pub wp_type: TypeId,
    pub status: Option<StatusId>,
    pub priority: Option<PriorityId>,
    pub assignee: Option<UserId>,
    pub responsible: Option<UserId>,
    pub version: Option<VersionId>,
    #[serde(default)]
    pub category: Option<CategoryId>,
    pub parent: Option<WorkPackageId>,
    pub start_date: Option<NaiveDate>,
    pub due_date: Option<NaiveDate>,
    pub date: Option<NaiveDate>,
    pub estimated_hours: Option<f64>,
    /// Values of custom fields by key (`customField3`), in their canonical text; absent when empty.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub custom: BTreeMap<String, String>,
}

impl NewWorkPackage {
    pub fn new(project: ProjectId, wp_type: TypeId, subject: impl Into<String>) -> Self {
        Self {
            project,
            subject: subject.into(),
            description: String::new(),
            wp_type,
            status: None,
            priority: None,
            assignee: None,
            responsible: None,
            version: None,
            category: None,
            parent: None,
            start_date: None,
            due_date: None,
            date: None,
            estimated_hours: None,
            custom: BTreeMap::new(),
        }
    }
}

/// A change to some fields. `None` leaves a field alone; `Some(None)` clears an optional one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WorkPackagePatch {
    /// The version the user's edit is based on.
    pub lock_version: u64,
    pub subject: Option<String>,
    pub description: Option<String>,
    pub wp_type: Option<TypeId>,
    pub status: Option<StatusId>,
    pub priority: Option<PriorityId>,
    pub assignee: Option<Option<UserId>>,
    pub responsible: Option<Option<UserId>>,
    pub version: Option<Option<VersionId>>,
    #[serde(default)]
    pub category: Option<Option<CategoryId>>,
    pub parent: Option<Option<WorkPackageId>>,
    pub start_date: Option<Option<NaiveDate>>,
    pub due_date: Option<Option<NaiveDate>>,
    pub date: Option<Option<NaiveDate>>,
    pub percentage_done: Option<u8>,
    pub estimated_hours: Option<Option<f64>>,
    /// Custom text fields to set (`None` clears one), by key.
    #[serde(default)]
    pub custom: BTreeMap<String, Option<String>>,
}

impl WorkPackagePatch {
    pub fn based_on(wp: &WorkPackage) -> Self {
        Self {
            lock_version: wp.lock_version,
            ..Self::default()
        }
    }

    /// The work package as it would be after this patch (ignoring the lock version).
    pub fn applied_to(&self, wp: &WorkPackage) -> WorkPackage {
        let mut next = wp.clone();
        if let Some(v) = &self.subject {
            next.subject.clone_from(v);
        }
        if let Some(v) = &self.description {
            next.description.clone_from(v);
        }
        if let Some(v) = self.wp_type {
            next.wp_type = v;
        }
        if let Some(v) = self.status {
            next.status = v;
        }
        if let Some(v) = self.priority {
            next.priority = v;
        }
        if let Some(v) = self.assignee {
            next.assignee = v;
        }
        if let Some(v) = self.responsible {
            next.responsible = v;
        }
        if let Some(v) = self.version {
            next.version = v;
        }
        if let Some(v) = self.category {
            next.category = v;
        }
        if let Some(v) = self.parent {
            next.parent = v;
        }
        if let Some(v) = self.start_date {
            next.start_date = v;
        }
        if let Some(v) = self.due_date {
            next.due_date = v;
        }
        if let Some(v) = self.date {
            next.date = v;
        }
        if let Some(v) = self.percentage_done {
            next.percentage_done = v;
        }
        if let Some(v) = self.estimated_hours {
            next.estimated_hours = v;
        }
        for (key, value) in &self.custom {
            match value {
                Some(text) => next.custom.insert(key.clone(), text.clone()),
                None => next.custom.remove(key),
            };
        }
        next
    }

    /// The fields this patch sets, in form order.
    pub fn fields(&self) -> Vec<Field> {
        let set = [
            (self.subject.is_some(), Field::Subject),
            (self.description.is_some(), Field::Description),
            (self.wp_type.is_some(), Field::Type),
            (self.status.is_some(), Field::Status),
            (self.priority.is_some(), Field::Priority),
            (self.assignee.is_some(), Field::Assignee),
            (self.responsible.is_some(), Field::Responsible),
            (self.version.is_some(), Field::Version),
            (self.category.is_some(), Field::Category),
            (self.parent.is_some(), Field::Parent),
            (self.start_date.is_some(), Field::StartDate),
            (self.due_date.is_some(), Field::DueDate),
            (self.date.is_some(), Field::Date),
            (self.percentage_done.is_some(), Field::PercentageDone),
            (self.estimated_hours.is_some(), Field::EstimatedTime),
        ];
        set.into_iter()
            .filter_map(|(is_set, field)| is_set.then_some(field))
            .chain(self.custom.keys().filter_map(|key| Field::custom(key)))
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        *self
            == Self {
                lock_version: self.lock_version,
                ..Self::default()
            }
    }
}

/// For tests: a work package with nothing but what every one has (project, type, status and
/// priority 1, subject "#id", made at the start of 2026).
#[cfg(test)]
pub(crate) fn plain(id: u64) -> WorkPackage {
    WorkPackage::new(
        WorkPackageId(id),
        ProjectId(1),
        TypeId(1),
        StatusId(1),
        PriorityId(1),
        format!("#{id}"),
        DateTime::from_timestamp(1_767_225_600, 0).unwrap_or_default(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_and_journals_written_before_categories_still_load_without_one() {
        let at = DateTime::from_timestamp(1_795_000_000, 0).unwrap();
        let wp = WorkPackage {
            category: Some(CategoryId(3)),
            ..WorkPackage::new(
                WorkPackageId(1),
                ProjectId(1),
                TypeId(1),
                StatusId(1),
                PriorityId(1),
                "Old".to_owned(),
                at,
            )
        };
        let mut json = serde_json::to_value(&wp).unwrap();
        json.as_object_mut().unwrap().remove("category");
        let old: WorkPackage = serde_json::from_value(json).unwrap();
        assert_eq!(old.category, None);
        assert_eq!(
            old,
            WorkPackage {
                category: None,
                ..wp
            }
        );

        let patch = WorkPackagePatch {
            lock_version: 2,
            category: Some(None),
            ..WorkPackagePatch::default()
        };
        let mut json = serde_json::to_value(&patch).unwrap();
        assert_eq!(json["category"], serde_json::Value::Null, "cleared is kept");
        json.as_object_mut().unwrap().remove("category");
        let old: WorkPackagePatch = serde_json::from_value(json).unwrap();
        assert_eq!(
            old.category, None,
            "a journal entry without it leaves the category alone"
        );
        assert!(old.is_empty());
    }

    #[test]
    fn a_parent_spans_the_dates_of_all_its_descendants() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        let wp = |id, parent: Option<u64>, start: Option<u32>, due: Option<u32>| WorkPackage {
            parent: parent.map(WorkPackageId),
            start_date: start.map(day),
            due_date: due.map(day),
            ..plain(id)
        };
        let mut milestone = wp(5, Some(2), None, None);
        milestone.date = Some(day(28));
        let all: BTreeMap<_, _> = [
            wp(1, None, Some(1), Some(2)),
            wp(2, Some(1), Some(10), Some(12)),
            wp(3, Some(2), Some(4), Some(8)),
            wp(4, Some(1), None, None),
            milestone,
            wp(6, None, Some(3), Some(30)),
        ]
        .into_iter()
        .map(|w| (w.id, w))
        .collect();
        // The parent's own dates do not count; a grandchild's and a milestone's do.
        assert_eq!(
            descendants_span(&all, WorkPackageId(1)),
            Some((day(4), day(28)))
        );
        assert_eq!(
            descendants_span(&all, WorkPackageId(2)),
            Some((day(4), day(28)))
        );
        assert_eq!(descendants_span(&all, WorkPackageId(4)), None);
        assert_eq!(descendants_span(&all, WorkPackageId(6)), None);
    }
}
