//! A filter condition of the filter builder: a field, one of OpenProject's operators for that kind
//! of field, and its values. The same condition filters the store in this browser and is sent to
//! OpenProject as it is (`{"assignee": {"operator": "=", "values": ["me"]}}`), and it lives in the
//! URL as `f=assignee:=:me|3`.

use super::catalog::Catalog;
use super::ids::UserId;
use super::work_package::WorkPackage;
use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CondField {
    Status,
    Type,
    Priority,
    Assignee,
    Responsible,
    Version,
    Category,
    Subject,
    StartDate,
    DueDate,
    UpdatedAt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Op {
    Is,
    IsNot,
    Open,
    Closed,
    Contains,
    NotContains,
    /// Not set.
    None,
    /// Set to anything.
    Any,
    On,
    /// From the first date to the second, both included; either may be empty (open).
    Between,
    /// From today to `n` days ahead.
    Within,
    /// From `n` days ago to today.
    LessThanAgo,
    /// `n` days ago or earlier.
    MoreThanAgo,
    Today,
}

/// What values an operator takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    Nothing,
    /// Ids of the field's kind (users also `me`), one or more.
    Ids,
    Text,
    Date,
    TwoDates,
    Days,
}

impl CondField {
    pub const ALL: [Self; 11] = [
        Self::Status,
        Self::Type,
        Self::Priority,
        Self::Assignee,
        Self::Responsible,
        Self::Version,
        Self::Category,
        Self::Subject,
        Self::StartDate,
        Self::DueDate,
        Self::UpdatedAt,
    ];

    /// OpenProject's filter name, also the URL's.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Status => "status",
            Self::Type => "type",
            Self::Priority => "priority",
            Self::Assignee => "assignee",
            Self::Responsible => "responsible",
            Self::Version => "version",
            Self::Category => "category",
            Self::Subject => "subject",
            Self::StartDate => "startDate",
            Self::DueDate => "dueDate",
            Self::UpdatedAt => "updatedAt",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == raw)
    }

    /// The operators OpenProject offers for this field, the usual one first.
    pub fn operators(self) -> &'static [Op] {
        match self {
            Self::Status => &[Op::Is, Op::IsNot, Op::Open, Op::Closed],
            Self::Type | Self::Priority => &[Op::Is, Op::IsNot],
            Self::Assignee | Self::Responsible | Self::Version | Self::Category => {
                &[Op::Is, Op::IsNot, Op::None, Op::Any]
            }
            Self::Subject => &[Op::Contains, Op::NotContains],
            Self::StartDate | Self::DueDate => &[
                Op::Within,
                Op::LessThanAgo,
                Op::MoreThanAgo,
                Op::Today,
                Op::On,
                Op::Between,
                Op::None,
                Op::Any,
            ],
            Self::UpdatedAt => &[Op::LessThanAgo, Op::Today, Op::Between],
        }
    }
}

impl Op {
    /// OpenProject's symbol, also the URL's.
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Is => "=",
            Self::IsNot => "!",
            Self::Open => "o",
            Self::Closed => "c",
            Self::Contains => "~",
            Self::NotContains => "!~",
            Self::None => "!*",
            Self::Any => "*",
            Self::On => "=d",
            Self::Between => "<>d",
            Self::Within => "<t+",
            Self::LessThanAgo => ">t-",
            Self::MoreThanAgo => "<t-",
            Self::Today => "t",
        }
    }

    pub fn values(self) -> ValueKind {
        match self {
            Self::Is | Self::IsNot => ValueKind::Ids,
            Self::Open | Self::Closed | Self::None | Self::Any | Self::Today => ValueKind::Nothing,
            Self::Contains | Self::NotContains => ValueKind::Text,
            Self::On => ValueKind::Date,
            Self::Between => ValueKind::TwoDates,
            Self::Within | Self::LessThanAgo | Self::MoreThanAgo => ValueKind::Days,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Condition {
    pub field: CondField,
    pub op: Op,
    pub values: Vec<String>,
}

fn day(raw: Option<&String>) -> Option<NaiveDate> {
    raw.and_then(|v| NaiveDate::parse_from_str(v, "%Y-%m-%d").ok())
}

fn days(values: &[String]) -> Option<u64> {
    values.first()?.parse().ok()
}

impl Condition {
    /// A new condition on `field` with its usual operator and no values yet.
    pub fn new(field: CondField) -> Self {
        Self {
            field,
            op: field.operators()[0],
            values: Vec::new(),
        }
    }

    /// `assignee:=:me|3`; `None` for an unknown field or an operator it does not take (an old or
    /// edited link), which is dropped. A condition still being filled in (no values yet) is kept:
    /// the builder shows it, and it filters nothing until it is complete.
    pub fn parse(token: &str) -> Option<Self> {
        let mut parts = token.splitn(3, ':');
        let field = CondField::parse(parts.next()?)?;
        let symbol = parts.next()?;
        let op = *field.operators().iter().find(|op| op.symbol() == symbol)?;
        let values: Vec<String> = parts
            .next()
            .filter(|v| !v.is_empty())
            .map(|v| v.split('|').map(str::to_owned).collect())
            .unwrap_or_default();
        Some(Self { field, op, values })
    }

    pub fn token(&self) -> String {
        format!(
            "{}:{}:{}",
            self.field.as_str(),
            self.op.symbol(),
            self.values.join("|")
        )
    }

    /// Whether it says something: the values its operator needs are there and well formed.
    pub fn is_complete(&self) -> bool {
        let ids = |allow_me: bool| {
            !self.values.is_empty()
                && self
                    .values
                    .iter()
                    .all(|v| v.parse::<u64>().is_ok() || (allow_me && v == "me"))
        };
        match self.op.values() {
            ValueKind::Nothing => true,
            ValueKind::Ids => ids(matches!(
                self.field,
                CondField::Assignee | CondField::Responsible
            )),
            ValueKind::Text => self.values.first().is_some_and(|v| !v.trim().is_empty()),
            ValueKind::Date => day(self.values.first()).is_some(),
            ValueKind::TwoDates => {
                self.values.len() == 2
                    && self
                        .values
                        .iter()
                        .all(|v| v.is_empty() || day(Some(v)).is_some())
                    && self.values.iter().any(|v| !v.is_empty())
            }
            ValueKind::Days => days(&self.values).is_some(),
        }
    }

    /// Whether the work package meets it; `me` is the signed-in user, if any.
    pub fn matches(
        &self,
        wp: &WorkPackage,
        catalog: &Catalog,
        today: NaiveDate,
        me: Option<UserId>,
    ) -> bool {
        let id_in = |id: u64| {
            self.values
                .iter()
                .any(|v| v.parse() == Ok(id) || (v == "me" && me.is_some_and(|me| me.0 == id)))
        };
        let optional = |id: Option<u64>| match self.op {
            Op::Is => id.is_some_and(id_in),
            Op::IsNot => !id.is_some_and(id_in),
            Op::None => id.is_none(),
            Op::Any => id.is_some(),
            _ => true,
        };
        match self.field {
            CondField::Status => match self.op {
                Op::Open => !catalog.is_closed(wp.status),
                Op::Closed => catalog.is_closed(wp.status),
                _ => optional(Some(wp.status.0)),
            },
            CondField::Type => optional(Some(wp.wp_type.0)),
            CondField::Priority => optional(Some(wp.priority.0)),
            CondField::Assignee => optional(wp.assignee.map(|u| u.0)),
            CondField::Responsible => optional(wp.responsible.map(|u| u.0)),
            CondField::Version => optional(wp.version.map(|v| v.0)),
            CondField::Category => optional(wp.category.map(|c| c.0)),
            CondField::Subject => {
                let needle = self
                    .values
                    .first()
                    .map(|v| v.trim().to_lowercase())
                    .unwrap_or_default();
                let found = wp.subject.to_lowercase().contains(&needle);
                if self.op == Op::NotContains {
                    !found
                } else {
                    found
                }
            }
            CondField::StartDate => self.date_matches(wp.start_date.or(wp.date), today),
            CondField::DueDate => self.date_matches(wp.finish(), today),
            CondField::UpdatedAt => self.date_matches(Some(local_day(wp.updated_at)), today),
        }
    }

    fn date_matches(&self, date: Option<NaiveDate>, today: NaiveDate) -> bool {
        let n = days(&self.values).unwrap_or(0);
        let (ahead, ago) = (
            today.checked_add_days(Days::new(n)),
            today.checked_sub_days(Days::new(n)),
        );
        let Some(d) = date else {
            return self.op == Op::None;
        };
        match self.op {
            Op::None => false,
            Op::Today => d == today,
            Op::On => day(self.values.first()) == Some(d),
            Op::Between => {
                day(self.values.first()).is_none_or(|a| d >= a)
                    && day(self.values.get(1)).is_none_or(|b| d <= b)
            }
            Op::Within => d >= today && ahead.is_some_and(|a| d <= a),
            Op::LessThanAgo => d <= today && ago.is_some_and(|a| d >= a),
            Op::MoreThanAgo => ago.is_some_and(|a| d <= a),
            // Any, and operators of other kinds that a date field does not offer.
            _ => true,
        }
    }
}

/// The day of an instant in UTC: what OpenProject compares `updatedAt` days by.
fn local_day(at: DateTime<Utc>) -> NaiveDate {
    at.date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::Status;
    use crate::domain::ids::{PriorityId, ProjectId, StatusId, TypeId, VersionId, WorkPackageId};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    fn wp() -> WorkPackage {
        let mut wp = WorkPackage::new(
            WorkPackageId(5),
            ProjectId(1),
            TypeId(2),
            StatusId(1),
            PriorityId(3),
            "Login form".into(),
            DateTime::from_timestamp(1_795_000_000, 0).unwrap(),
        );
        wp.assignee = Some(UserId(7));
        wp.start_date = NaiveDate::from_ymd_opt(2026, 11, 20);
        wp.due_date = NaiveDate::from_ymd_opt(2026, 12, 1);
        wp
    }

    fn catalog() -> Catalog {
        Catalog {
            statuses: vec![Status {
                id: StatusId(1),
                name: "New".into(),
                is_closed: false,
                is_default: true,
                color: String::new(),
                position: 1,
            }],
            ..Catalog::default()
        }
    }

    fn holds(token: &str) -> bool {
        Condition::parse(token)
            .unwrap_or_else(|| panic!("{token} parses"))
            .matches(&wp(), &catalog(), today(), Some(UserId(7)))
    }

    #[test]
    fn ids_match_is_and_is_not_and_me_is_the_signed_in_user() {
        assert!(holds("assignee:=:3|7"));
        assert!(holds("assignee:=:me"));
        assert!(!holds("assignee:!:me"));
        assert!(holds("assignee:*:"));
        assert!(!holds("assignee:!*:"));
        assert!(holds("version:!*:"));
        assert!(holds("type:=:2"));
        assert!(holds("priority:!:2"));
        assert!(holds("status:o:"));
        assert!(!holds("status:c:"));
        let nobody = Condition::parse("assignee:=:me").unwrap();
        assert!(
            !nobody.matches(&wp(), &catalog(), today(), None),
            "me is nobody when none signed in"
        );
        let mut unassigned = wp();
        unassigned.assignee = None;
        assert!(Condition::parse("assignee:!:me").unwrap().matches(
            &unassigned,
            &catalog(),
            today(),
            Some(UserId(7))
        ));
        assert!(!Condition::parse("version:=:4").unwrap().matches(
            &unassigned,
            &catalog(),
            today(),
            None
        ));
        let _ = VersionId(4);
    }

    #[test]
    fn categories_match_like_other_optional_ids() {
        let mut wp = wp();
        let matches = |token: &str, wp: &WorkPackage| {
            Condition::parse(token)
                .unwrap()
                .matches(wp, &catalog(), today(), None)
        };
        assert!(matches("category:!*:", &wp));
        assert!(!matches("category:=:3", &wp));
        wp.category = Some(crate::domain::ids::CategoryId(3));
        assert!(matches("category:=:2|3", &wp));
        assert!(!matches("category:!:3", &wp));
        assert!(matches("category:*:", &wp));
        assert_eq!(CondField::parse("category"), Some(CondField::Category));
    }

    #[test]
    fn subject_contains_ignores_case_and_not_contains_is_its_opposite() {
        assert!(holds("subject:~:LOGIN"));
        assert!(!holds("subject:!~:login"));
        assert!(holds("subject:!~:logout"));
    }

    #[test]
    fn dates_match_on_between_relative_days_today_none_and_any() {
        assert!(
            holds("dueDate:<t+:4"),
            "due 1 Dec is within 4 days of 27 Nov"
        );
        assert!(!holds("dueDate:<t+:3"));
        assert!(holds("startDate:>t-:7"), "started 20 Nov, 7 days ago");
        assert!(!holds("startDate:>t-:6"));
        assert!(holds("startDate:<t-:7"));
        assert!(!holds("startDate:<t-:8"));
        assert!(holds("dueDate:=d:2026-12-01"));
        assert!(holds("dueDate:<>d:2026-11-30|"));
        assert!(holds("dueDate:<>d:|2026-12-01"));
        assert!(!holds("dueDate:<>d:2026-12-02|2026-12-31"));
        assert!(!holds("dueDate:t:"));
        assert!(holds("dueDate:*:"));
        assert!(!holds("dueDate:!*:"));
        let mut undated = wp();
        undated.due_date = None;
        let none = Condition::parse("dueDate:!*:").unwrap();
        assert!(none.matches(&undated, &catalog(), today(), None));
        assert!(!Condition::parse("dueDate:<t+:30").unwrap().matches(
            &undated,
            &catalog(),
            today(),
            None
        ));
    }

    #[test]
    fn malformed_conditions_in_a_link_are_dropped_incomplete_ones_kept_and_tokens_round_trip() {
        for bad in ["colour:=:1", "status:~:x", "status", "dueDate:~:x"] {
            assert_eq!(Condition::parse(bad), None, "{bad}");
        }
        for incomplete in [
            "assignee:=:",
            "type:=:me",
            "dueDate:=d:tomorrow",
            "dueDate:<t+:soon",
            "dueDate:<>d:|",
            "subject:~:   ",
        ] {
            let kept = Condition::parse(incomplete).unwrap();
            assert!(!kept.is_complete(), "{incomplete}");
        }
        for good in [
            "status:o:",
            "assignee:=:me|3",
            "dueDate:<>d:2026-01-01|",
            "subject:!~:a|b",
        ] {
            assert_eq!(Condition::parse(good).unwrap().token(), good);
        }
        let fresh = Condition::new(CondField::DueDate);
        assert_eq!(fresh.op, Op::Within);
        assert!(!fresh.is_complete());
    }
}
