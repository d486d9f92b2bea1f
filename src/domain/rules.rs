//! Validation rules for work packages. Each broken rule names the field and the problem, so a view can
//! put the message next to the right input in the user's language.

use super::ids::WorkPackageId;
use super::work_package::WorkPackage;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::hash::BuildHasher;

pub const SUBJECT_MAX_CHARS: usize = 255;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Subject,
    Description,
    Type,
    Status,
    Priority,
    Assignee,
    Responsible,
    Version,
    Category,
    Parent,
    StartDate,
    DueDate,
    Date,
    PercentageDone,
    EstimatedTime,
    Project,
    /// The other work package of a relation being created.
    RelatedTo,
    /// The working days between a predecessor's finish and its successor's start.
    Lag,
    /// The text of a new comment.
    Comment,
    /// The name of a saved board.
    Name,
    /// A custom field, by its number (`customField3` is 3).
    Custom(u32),
}

impl Field {
    /// The custom field with this key (`customField3`), if it is one.
    pub fn custom(key: &str) -> Option<Self> {
        key.strip_prefix("customField")?
            .parse()
            .ok()
            .map(Self::Custom)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    Blank,
    TooLong {
        max: usize,
    },
    TooShort {
        min: usize,
    },
    DueBeforeStart,
    /// A milestone has a single date, not a start and a due date.
    MilestoneHasRange,
    /// Only milestones carry a single date.
    DateOnlyForMilestones,
    ParentIsSelf,
    ParentIsDescendant,
    OutOfRange {
        min: i64,
        max: i64,
    },
    UnknownValue,
    /// A relation from a work package to itself.
    RelationToItself,
    /// The same relation (or its reverse) between the two work packages exists already.
    RelationExists,
    /// The relation would close a circle of predecessors and successors.
    RelationCircle,
    /// Text where a number belongs.
    NotANumber,
    /// Text where a date (YYYY-MM-DD) belongs.
    NotADate,
    /// A message worded by a server, shown as it came.
    Server(String),
    /// The change was refused for good, for this reason (worded already): the field still shows
    /// what the user typed, which is not what is stored.
    NotSaved(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: Field,
    pub problem: Problem,
}

impl FieldError {
    pub fn new(field: Field, problem: Problem) -> Self {
        Self { field, problem }
    }
}

/// Checks the rules that concern a work package on its own.
pub fn validate(wp: &WorkPackage, is_milestone: bool) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let subject = wp.subject.trim();
    if subject.is_empty() {
        errors.push(FieldError::new(Field::Subject, Problem::Blank));
    } else if subject.chars().count() > SUBJECT_MAX_CHARS {
        errors.push(FieldError::new(
            Field::Subject,
            Problem::TooLong {
                max: SUBJECT_MAX_CHARS,
            },
        ));
    }
    if is_milestone {
        if wp.start_date.is_some() || wp.due_date.is_some() {
            errors.push(FieldError::new(Field::Date, Problem::MilestoneHasRange));
        }
    } else {
        if wp.date.is_some() {
            errors.push(FieldError::new(Field::Date, Problem::DateOnlyForMilestones));
        }
        if let (Some(start), Some(due)) = (wp.start_date, wp.due_date)
            && due < start
        {
            errors.push(FieldError::new(Field::DueDate, Problem::DueBeforeStart));
        }
    }
    if wp.percentage_done > 100 {
        errors.push(FieldError::new(
            Field::PercentageDone,
            Problem::OutOfRange { min: 0, max: 100 },
        ));
    }
    if wp
        .estimated_hours
        .is_some_and(|h| !(0.0..=100_000.0).contains(&h))
    {
        errors.push(FieldError::new(
            Field::EstimatedTime,
            Problem::OutOfRange {
                min: 0,
                max: 100_000,
            },
        ));
    }
    errors
}

/// Refuses a parent that is the work package itself or one of its descendants (which would make a cycle).
/// `parents` maps each work package to its current parent.
pub fn check_parent<S: BuildHasher>(
    id: WorkPackageId,
    new_parent: Option<WorkPackageId>,
    parents: &HashMap<WorkPackageId, Option<WorkPackageId>, S>,
) -> Result<(), FieldError> {
    let Some(mut ancestor) = new_parent else {
        return Ok(());
    };
    if ancestor == id {
        return Err(FieldError::new(Field::Parent, Problem::ParentIsSelf));
    }
    // Walk up from the proposed parent; meeting `id` means `id` would become its own ancestor.
    let mut steps = 0;
    while let Some(Some(next)) = parents.get(&ancestor) {
        if *next == id {
            return Err(FieldError::new(Field::Parent, Problem::ParentIsDescendant));
        }
        ancestor = *next;
        steps += 1;
        if steps > parents.len() {
            break; // an existing cycle in the data; do not loop forever
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::{PriorityId, ProjectId, StatusId, TypeId};
    use chrono::{NaiveDate, TimeZone, Utc};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn wp(subject: &str) -> WorkPackage {
        let at = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let one = (TypeId(1), StatusId(1), PriorityId(1));
        WorkPackage::new(
            WorkPackageId(1),
            ProjectId(1),
            one.0,
            one.1,
            one.2,
            subject.to_owned(),
            at,
        )
    }

    fn problems(wp: &WorkPackage, is_milestone: bool) -> Vec<(Field, Problem)> {
        validate(wp, is_milestone)
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect()
    }

    #[test]
    fn a_plain_work_package_with_a_subject_is_valid() {
        assert_eq!(problems(&wp("Write the report"), false), vec![]);
    }

    #[test]
    fn a_blank_or_whitespace_subject_is_refused() {
        for subject in ["", "   ", "\t\n"] {
            assert_eq!(
                problems(&wp(subject), false),
                vec![(Field::Subject, Problem::Blank)]
            );
        }
    }

    #[test]
    fn a_subject_of_255_characters_is_fine_and_256_is_too_long_counting_characters_not_bytes() {
        let fine = "ä".repeat(SUBJECT_MAX_CHARS);
        assert!(
            fine.len() > SUBJECT_MAX_CHARS,
            "multibyte: more bytes than chars"
        );
        assert_eq!(problems(&wp(&fine), false), vec![]);
        let long = "ä".repeat(SUBJECT_MAX_CHARS + 1);
        assert_eq!(
            problems(&wp(&long), false),
            vec![(Field::Subject, Problem::TooLong { max: 255 })]
        );
    }

    #[test]
    fn surrounding_spaces_do_not_count_towards_the_subject_length() {
        let padded = format!("  {}  ", "x".repeat(SUBJECT_MAX_CHARS));
        assert_eq!(problems(&wp(&padded), false), vec![]);
    }

    #[test]
    fn a_due_date_before_the_start_is_refused_but_the_same_day_is_fine() {
        let mut w = wp("Range");
        w.start_date = Some(d(2026, 5, 10));
        w.due_date = Some(d(2026, 5, 9));
        assert_eq!(
            problems(&w, false),
            vec![(Field::DueDate, Problem::DueBeforeStart)]
        );
        w.due_date = Some(d(2026, 5, 10));
        assert_eq!(problems(&w, false), vec![]);
    }

    #[test]
    fn a_milestone_has_one_date_and_no_start_or_due_date() {
        let mut w = wp("Go-live");
        w.date = Some(d(2026, 6, 1));
        assert_eq!(problems(&w, true), vec![]);
        w.start_date = Some(d(2026, 5, 1));
        assert_eq!(
            problems(&w, true),
            vec![(Field::Date, Problem::MilestoneHasRange)]
        );
        w.start_date = None;
        w.due_date = Some(d(2026, 6, 1));
        assert_eq!(
            problems(&w, true),
            vec![(Field::Date, Problem::MilestoneHasRange)]
        );
    }

    #[test]
    fn only_milestones_carry_a_single_date() {
        let mut w = wp("Task");
        w.date = Some(d(2026, 6, 1));
        assert_eq!(
            problems(&w, false),
            vec![(Field::Date, Problem::DateOnlyForMilestones)]
        );
    }

    #[test]
    fn percentage_done_above_100_and_negative_hours_are_out_of_range() {
        let mut w = wp("Numbers");
        w.percentage_done = 100;
        w.estimated_hours = Some(0.0);
        assert_eq!(problems(&w, false), vec![]);
        w.percentage_done = 101;
        w.estimated_hours = Some(-1.0);
        assert_eq!(
            problems(&w, false),
            vec![
                (
                    Field::PercentageDone,
                    Problem::OutOfRange { min: 0, max: 100 }
                ),
                (
                    Field::EstimatedTime,
                    Problem::OutOfRange {
                        min: 0,
                        max: 100_000
                    }
                ),
            ]
        );
    }

    fn tree() -> HashMap<WorkPackageId, Option<WorkPackageId>> {
        // 1 ← 2 ← 3, and 4 on its own
        HashMap::from([
            (WorkPackageId(1), None),
            (WorkPackageId(2), Some(WorkPackageId(1))),
            (WorkPackageId(3), Some(WorkPackageId(2))),
            (WorkPackageId(4), None),
        ])
    }

    #[test]
    fn a_work_package_cannot_be_its_own_parent() {
        assert_eq!(
            check_parent(WorkPackageId(4), Some(WorkPackageId(4)), &tree()),
            Err(FieldError::new(Field::Parent, Problem::ParentIsSelf))
        );
    }

    #[test]
    fn a_descendant_cannot_become_the_parent() {
        assert_eq!(
            check_parent(WorkPackageId(1), Some(WorkPackageId(3)), &tree()),
            Err(FieldError::new(Field::Parent, Problem::ParentIsDescendant))
        );
        assert_eq!(
            check_parent(WorkPackageId(1), Some(WorkPackageId(2)), &tree()),
            Err(FieldError::new(Field::Parent, Problem::ParentIsDescendant))
        );
    }

    #[test]
    fn any_other_parent_or_none_is_fine() {
        assert_eq!(
            check_parent(WorkPackageId(3), Some(WorkPackageId(4)), &tree()),
            Ok(())
        );
        assert_eq!(
            check_parent(WorkPackageId(4), Some(WorkPackageId(3)), &tree()),
            Ok(())
        );
        assert_eq!(check_parent(WorkPackageId(3), None, &tree()), Ok(()));
        assert_eq!(
            check_parent(WorkPackageId(9), Some(WorkPackageId(1)), &tree()),
            Ok(())
        );
    }

    #[test]
    fn an_existing_cycle_in_the_data_does_not_hang_the_check() {
        let cycle = HashMap::from([
            (WorkPackageId(1), Some(WorkPackageId(2))),
            (WorkPackageId(2), Some(WorkPackageId(1))),
        ]);
        assert_eq!(
            check_parent(WorkPackageId(5), Some(WorkPackageId(1)), &cycle),
            Ok(())
        );
    }
}
