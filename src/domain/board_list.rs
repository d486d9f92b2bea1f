//! Manual boards: columns the user names and fills with a filter of their own ("Bugs for Anna":
//! type Bug and assignee Anna), like OpenProject's basic boards. A card shows in the first column
//! whose filter it matches; dropping it into a column gives it that column's values.

use super::board_layout::{GroupBy, GroupValue};
use super::ids::{PriorityId, StatusId, TypeId, UserId, VersionId};
use super::work_package::{NewWorkPackage, WorkPackage, WorkPackagePatch};

/// The fields a column's filter may fix, each to one value. A filter fixing nothing matches every card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct ListFilter {
    pub status: Option<StatusId>,
    pub assignee: Option<Option<UserId>>,
    pub priority: Option<PriorityId>,
    pub wp_type: Option<TypeId>,
    pub version: Option<Option<VersionId>>,
}

/// The fields a column's filter can fix, in the order the editor shows them.
pub const LIST_FIELDS: [GroupBy; 5] = [
    GroupBy::Status,
    GroupBy::Type,
    GroupBy::Priority,
    GroupBy::Assignee,
    GroupBy::Version,
];

impl ListFilter {
    /// The fixed values, as the board's other groupings name them.
    pub fn values(self) -> impl Iterator<Item = GroupValue> {
        [
            self.status.map(GroupValue::Status),
            self.wp_type.map(GroupValue::Type),
            self.priority.map(GroupValue::Priority),
            self.assignee.map(GroupValue::Assignee),
            self.version.map(GroupValue::Version),
        ]
        .into_iter()
        .flatten()
    }

    /// The value fixed for one field, if any.
    pub fn get(self, by: GroupBy) -> Option<GroupValue> {
        self.values().find(|v| v.by() == by)
    }

    /// Fixes a field to a value, or frees it with `None`. Values of other groupings are ignored.
    pub fn set(&mut self, by: GroupBy, value: Option<GroupValue>) {
        match (by, value) {
            (GroupBy::Status, Some(GroupValue::Status(id))) => self.status = Some(id),
            (GroupBy::Status, None) => self.status = None,
            (GroupBy::Type, Some(GroupValue::Type(id))) => self.wp_type = Some(id),
            (GroupBy::Type, None) => self.wp_type = None,
            (GroupBy::Priority, Some(GroupValue::Priority(id))) => self.priority = Some(id),
            (GroupBy::Priority, None) => self.priority = None,
            (GroupBy::Assignee, Some(GroupValue::Assignee(id))) => self.assignee = Some(id),
            (GroupBy::Assignee, None) => self.assignee = None,
            (GroupBy::Version, Some(GroupValue::Version(id))) => self.version = Some(id),
            (GroupBy::Version, None) => self.version = None,
            _ => {}
        }
    }

    pub fn matches(self, wp: &WorkPackage) -> bool {
        self.values()
            .all(|v| GroupValue::of(v.by(), wp).is_some_and(|own| own == v))
    }

    pub fn apply(self, wp: &mut WorkPackage) {
        self.values().for_each(|v| v.apply(wp));
    }

    pub fn add_to(self, patch: &mut WorkPackagePatch, current: &WorkPackage) {
        self.values().for_each(|v| v.add_to(patch, current));
    }

    pub fn preset(self, draft: &mut NewWorkPackage) {
        self.values().for_each(|v| v.preset(draft));
    }

    /// `status:3,assignee:none`, as kept in a board's URL.
    pub fn token(self) -> String {
        let parts: Vec<String> = self
            .values()
            .map(|v| format!("{}:{}", v.by().as_str(), v.token()))
            .collect();
        parts.join(",")
    }

    /// Reads what it understands; an unknown or broken part is skipped.
    pub fn parse(raw: &str) -> Self {
        let mut filter = Self::default();
        for part in raw.split(',') {
            let Some((field, token)) = part.split_once(':') else {
                continue;
            };
            if let Some(by) = GroupBy::parse(field).filter(|by| LIST_FIELDS.contains(by)) {
                filter.set(by, GroupValue::parse(by, token));
            }
        }
        filter
    }
}

/// One column of a manual board.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BoardList {
    pub name: String,
    pub filter: ListFilter,
}

/// Names are escaped so that `;` (between columns) and `|` (before the filter) stay separators.
fn escape(name: &str) -> String {
    name.replace('%', "%25")
        .replace(';', "%3B")
        .replace('|', "%7C")
}

fn unescape(raw: &str) -> String {
    raw.replace("%7C", "|")
        .replace("%3B", ";")
        .replace("%25", "%")
}

/// The longest column name kept; longer ones are cut, as a heading has no room for them anyway.
pub const MAX_LIST_NAME: usize = 80;

/// A column's name as typed: trimmed, cut to [`MAX_LIST_NAME`] characters; `None` when blank.
pub fn list_name(raw: &str) -> Option<String> {
    let trimmed = raw.trim();
    (!trimmed.is_empty()).then(|| trimmed.chars().take(MAX_LIST_NAME).collect())
}

/// `Bugs|type:2;Anna|assignee:7`: the board's columns as one URL parameter.
pub fn lists_token(lists: &[BoardList]) -> String {
    let parts: Vec<String> = lists
        .iter()
        .map(|l| format!("{}|{}", escape(&l.name), l.filter.token()))
        .collect();
    parts.join(";")
}

pub fn parse_lists(raw: &str) -> Vec<BoardList> {
    raw.split(';')
        .filter_map(|part| {
            let (name, filter) = part.rsplit_once('|').unwrap_or((part, ""));
            Some(BoardList {
                name: list_name(&unescape(name))?,
                filter: ListFilter::parse(filter),
            })
        })
        .take(usize::from(u16::MAX))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ProjectId, WorkPackageId};

    fn card(status: u64, assignee: Option<u64>) -> WorkPackage {
        let at = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 1, 1, 0, 0, 0).unwrap();
        WorkPackage {
            assignee: assignee.map(UserId),
            ..WorkPackage::new(
                WorkPackageId(1),
                ProjectId(1),
                TypeId(1),
                StatusId(status),
                PriorityId(1),
                "Card".to_owned(),
                at,
            )
        }
    }

    #[test]
    fn a_filter_matches_cards_with_all_its_values_and_gives_them_to_a_moved_card() {
        let mut filter = ListFilter::default();
        assert!(
            filter.matches(&card(1, None)),
            "an empty filter matches all"
        );
        filter.set(GroupBy::Status, Some(GroupValue::Status(StatusId(2))));
        filter.set(GroupBy::Assignee, Some(GroupValue::Assignee(None)));
        assert!(filter.matches(&card(2, None)));
        assert!(!filter.matches(&card(2, Some(7))));
        assert!(!filter.matches(&card(1, None)));
        let mut moved = card(1, Some(7));
        let mut patch = WorkPackagePatch::based_on(&moved);
        filter.add_to(&mut patch, &moved);
        assert_eq!(
            (patch.status, patch.assignee, patch.priority),
            (Some(StatusId(2)), Some(None), None)
        );
        filter.apply(&mut moved);
        assert!(filter.matches(&moved));
        filter.set(GroupBy::Status, None);
        assert_eq!(filter.token(), "assignee:none");
    }

    #[test]
    fn lists_survive_the_url_with_any_name_and_junk_is_skipped() {
        let mut filter = ListFilter::default();
        filter.set(GroupBy::Type, Some(GroupValue::Type(TypeId(2))));
        filter.set(
            GroupBy::Version,
            Some(GroupValue::Version(Some(VersionId(4)))),
        );
        let lists = vec![
            BoardList {
                name: "Bugs; 100% | urgent".to_owned(),
                filter,
            },
            BoardList {
                name: "Everything else".to_owned(),
                filter: ListFilter::default(),
            },
        ];
        let token = lists_token(&lists);
        assert_eq!(
            token,
            "Bugs%3B 100%25 %7C urgent|type:2,version:4;Everything else|"
        );
        assert_eq!(parse_lists(&token), lists);
        let junk = parse_lists("  |status:1;Odd|status:x,colour:3,priority:2;Plain");
        assert_eq!(junk.len(), 2, "a blank name is no column");
        assert_eq!(junk[0].filter.token(), "priority:2");
        assert_eq!(junk[1].name, "Plain");
    }
}
