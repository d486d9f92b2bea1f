//! One change applied to many work packages at once (the table's bulk edit).

use super::ids::{CategoryId, PriorityId, StatusId, UserId, VersionId};
use super::work_package::{WorkPackage, WorkPackagePatch};
use chrono::{Days, NaiveDate};

/// `None` leaves a field as each work package has it; `Some(None)` clears it on all of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BulkEdit {
    pub status: Option<StatusId>,
    pub priority: Option<PriorityId>,
    pub assignee: Option<Option<UserId>>,
    pub version: Option<Option<VersionId>>,
    pub category: Option<Option<CategoryId>>,
    /// Calendar days to move every date by; negative is earlier.
    pub shift_days: i64,
}

fn shifted(day: Option<NaiveDate>, by: i64) -> Option<NaiveDate> {
    let day = day?;
    if by >= 0 {
        day.checked_add_days(Days::new(by.unsigned_abs()))
    } else {
        day.checked_sub_days(Days::new(by.unsigned_abs()))
    }
}

impl BulkEdit {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// The patch for one work package: only what changes it, on its own lock version.
    pub fn patch_for(&self, wp: &WorkPackage) -> WorkPackagePatch {
        let mut patch = WorkPackagePatch {
            lock_version: wp.lock_version,
            ..WorkPackagePatch::default()
        };
        patch.status = self.status.filter(|s| *s != wp.status);
        patch.priority = self.priority.filter(|p| *p != wp.priority);
        patch.assignee = self.assignee.filter(|a| *a != wp.assignee);
        patch.version = self.version.filter(|v| *v != wp.version);
        patch.category = self.category.filter(|c| *c != wp.category);
        if self.shift_days != 0 {
            if wp.start_date.is_some() {
                patch.start_date = Some(shifted(wp.start_date, self.shift_days));
            }
            if wp.due_date.is_some() {
                patch.due_date = Some(shifted(wp.due_date, self.shift_days));
            }
            if wp.date.is_some() {
                patch.date = Some(shifted(wp.date, self.shift_days));
            }
        }
        patch
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::{ProjectId, TypeId, WorkPackageId};

    fn wp() -> WorkPackage {
        let mut wp = WorkPackage::new(
            WorkPackageId(4),
            ProjectId(1),
            TypeId(1),
            StatusId(1),
            PriorityId(2),
            "Plan".into(),
            chrono::DateTime::from_timestamp(0, 0).unwrap(),
        );
        wp.lock_version = 7;
        wp.start_date = NaiveDate::from_ymd_opt(2026, 11, 30);
        wp.due_date = NaiveDate::from_ymd_opt(2026, 12, 4);
        wp.assignee = Some(UserId(3));
        wp
    }

    #[test]
    fn a_bulk_edit_patches_only_what_differs_on_each_work_packages_own_lock_version() {
        let edit = BulkEdit {
            status: Some(StatusId(5)),
            priority: Some(PriorityId(2)),
            assignee: Some(None),
            category: Some(Some(CategoryId(2))),
            ..BulkEdit::default()
        };
        let patch = edit.patch_for(&wp());
        assert_eq!(patch.category, Some(Some(CategoryId(2))));
        assert_eq!(patch.lock_version, 7);
        assert_eq!(patch.status, Some(StatusId(5)));
        assert_eq!(patch.priority, None, "already that priority");
        assert_eq!(patch.assignee, Some(None), "unassigned");
        assert_eq!(patch.version, None);
        assert_eq!(patch.start_date, None);
        assert!(BulkEdit::default().is_empty());
        assert!(BulkEdit::default().patch_for(&wp()).is_empty());
    }

    #[test]
    fn shifting_moves_each_date_it_has_and_leaves_missing_ones_missing() {
        let later = BulkEdit {
            shift_days: 3,
            ..BulkEdit::default()
        }
        .patch_for(&wp());
        assert_eq!(later.start_date, Some(NaiveDate::from_ymd_opt(2026, 12, 3)));
        assert_eq!(later.due_date, Some(NaiveDate::from_ymd_opt(2026, 12, 7)));
        assert_eq!(later.date, None);
        let mut milestone = wp();
        milestone.start_date = None;
        milestone.due_date = None;
        milestone.date = NaiveDate::from_ymd_opt(2026, 1, 2);
        let earlier = BulkEdit {
            shift_days: -5,
            ..BulkEdit::default()
        }
        .patch_for(&milestone);
        assert_eq!(earlier.date, Some(NaiveDate::from_ymd_opt(2025, 12, 28)));
        assert_eq!((earlier.start_date, earlier.due_date), (None, None));
    }
}
