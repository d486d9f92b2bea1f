//! A board's settings as URL query parameters, so a board can be bookmarked and shared:
//! `?by=assignee&lanes=priority&wip=3:5,none:2&wiphard=1`.

use super::board_layout::{GroupBy, GroupValue, Layout};
use super::board_list::{BoardList, ListFilter, lists_token, parse_lists};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The optional things a card shows; id, subject and the overdue and blocked marks always show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CardField {
    Type,
    Priority,
    Assignee,
    Finish,
    Children,
}

impl CardField {
    pub const ALL: [Self; 5] = [
        Self::Type,
        Self::Priority,
        Self::Assignee,
        Self::Finish,
        Self::Children,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Type => "type",
            Self::Priority => "priority",
            Self::Assignee => "assignee",
            Self::Finish => "due",
            Self::Children => "children",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == raw)
    }
}

/// What a board looks like beyond its filters.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BoardConfig {
    pub layout: Layout,
    /// Work-in-progress limits by column token (see [`GroupValue::token`]).
    pub wip: BTreeMap<String, u32>,
    /// Whether a move into a full column is refused, not only warned about.
    pub wip_hard: bool,
    /// Card fields switched off.
    pub hidden: std::collections::BTreeSet<CardField>,
}

/// The query parameters a board config owns.
pub const BOARD_KEYS: [&str; 6] = ["by", "lanes", "lists", "wip", "wiphard", "hide"];

/// How a column stands against its limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WipState {
    Unlimited,
    Within {
        count: usize,
        limit: u32,
    },
    /// At the limit: one more card would exceed it.
    Full {
        count: usize,
        limit: u32,
    },
    Over {
        count: usize,
        limit: u32,
    },
}

impl BoardConfig {
    /// Reads what it understands and ignores the rest, so an edited or old link still opens.
    pub fn from_query<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut config = Self::default();
        let mut wip_raw = None;
        for (name, value) in pairs {
            match name {
                // Project groups the table only: a card cannot be moved into another project.
                "by" => {
                    config.layout.columns = GroupBy::parse(value)
                        .filter(|by| *by != GroupBy::Project)
                        .unwrap_or_default();
                }
                "lanes" => {
                    config.layout.lanes =
                        GroupBy::parse(value).filter(|by| *by != GroupBy::Project);
                }
                "lists" => config.layout.lists = parse_lists(value).into(),
                "wip" => wip_raw = Some(value),
                "wiphard" => config.wip_hard = value == "1",
                "hide" => config.hidden = value.split(',').filter_map(CardField::parse).collect(),
                _ => {}
            }
        }
        if config.layout.lanes == Some(config.layout.columns)
            || config.layout.lanes == Some(GroupBy::List)
        {
            config.layout.lanes = None;
        }
        if config.layout.columns != GroupBy::List {
            config.layout.lists = Arc::default();
        }
        // Limits name columns of the grouping, so they are read once it is known.
        for entry in wip_raw.unwrap_or_default().split(',') {
            let Some((token, limit)) = entry.split_once(':') else {
                continue;
            };
            let valid = config
                .layout
                .parse_value(config.layout.columns, token)
                .is_some();
            if let (true, Ok(limit @ 1..)) = (valid, limit.parse::<u32>()) {
                config.wip.insert(token.to_owned(), limit);
            }
        }
        config
    }

    /// Only what differs from the default, in a fixed order.
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if self.layout.columns != GroupBy::Status {
            pairs.push(("by", self.layout.columns.as_str().to_owned()));
        }
        if let Some(lanes) = self.layout.lanes {
            pairs.push(("lanes", lanes.as_str().to_owned()));
        }
        if self.layout.columns == GroupBy::List {
            pairs.push(("lists", lists_token(&self.layout.lists)));
        }
        if !self.wip.is_empty() {
            let list: Vec<String> = self
                .wip
                .iter()
                .map(|(token, limit)| format!("{token}:{limit}"))
                .collect();
            pairs.push(("wip", list.join(",")));
        }
        if self.wip_hard {
            pairs.push(("wiphard", "1".to_owned()));
        }
        if !self.hidden.is_empty() {
            let list: Vec<&str> = self.hidden.iter().map(|f| f.as_str()).collect();
            pairs.push(("hide", list.join(",")));
        }
        pairs
    }

    /// Changing the grouping drops the limits, which named the old columns. A manual board starts
    /// with `lists`, and leaving one forgets them.
    pub fn set_columns(&mut self, by: GroupBy, lists: Vec<BoardList>) {
        if by != self.layout.columns {
            self.layout.columns = by;
            self.wip.clear();
            self.layout.lists = if by == GroupBy::List {
                lists.into()
            } else {
                Arc::default()
            };
            if self.layout.lanes == Some(by) {
                self.layout.lanes = None;
            }
        }
    }

    pub fn set_lanes(&mut self, by: Option<GroupBy>) {
        self.layout.lanes = by.filter(|by| *by != self.layout.columns && *by != GroupBy::List);
    }

    /// Changes a manual board's lists; limits follow their column when lists move or go.
    /// `order` gives, for each new list, the index it had before (`None` for a new one).
    fn edit_lists(&mut self, edit: impl FnOnce(&mut Vec<(Option<usize>, BoardList)>)) {
        let mut lists: Vec<(Option<usize>, BoardList)> = self
            .layout
            .lists
            .iter()
            .cloned()
            .enumerate()
            .map(|(i, l)| (Some(i), l))
            .collect();
        edit(&mut lists);
        let mut wip = BTreeMap::new();
        for (new, (old, _)) in lists.iter().enumerate() {
            if let Some(limit) = old.and_then(|old| self.wip.get(&old.to_string())) {
                wip.insert(new.to_string(), *limit);
            }
        }
        self.wip = wip;
        self.layout.lists = lists.into_iter().map(|(_, l)| l).collect();
    }

    pub fn add_list(&mut self, name: String) {
        self.edit_lists(|lists| {
            lists.push((
                None,
                BoardList {
                    name,
                    filter: ListFilter::default(),
                },
            ));
        });
    }

    pub fn rename_list(&mut self, index: usize, name: String) {
        self.edit_lists(|lists| {
            if let Some((_, list)) = lists.get_mut(index) {
                list.name = name;
            }
        });
    }

    pub fn set_list_filter(&mut self, index: usize, by: GroupBy, value: Option<GroupValue>) {
        self.edit_lists(|lists| {
            if let Some((_, list)) = lists.get_mut(index) {
                list.filter.set(by, value);
            }
        });
    }

    /// Moves a list one place left (`-1`) or right (`1`); at an end nothing happens.
    pub fn move_list(&mut self, index: usize, step: isize) {
        self.edit_lists(|lists| {
            if let Some(to) = index
                .checked_add_signed(step)
                .filter(|to| *to < lists.len())
            {
                lists.swap(index, to);
            }
        });
    }

    pub fn remove_list(&mut self, index: usize) {
        self.edit_lists(|lists| {
            if index < lists.len() {
                lists.remove(index);
            }
        });
    }

    pub fn shows(&self, field: CardField) -> bool {
        !self.hidden.contains(&field)
    }

    pub fn limit(&self, column: GroupValue) -> Option<u32> {
        self.wip.get(&column.token()).copied()
    }

    pub fn set_limit(&mut self, column: GroupValue, limit: Option<u32>) {
        match limit.filter(|l| *l > 0) {
            Some(limit) => self.wip.insert(column.token(), limit),
            None => self.wip.remove(&column.token()),
        };
    }

    /// `count` is the column's number of cards over all lanes, filtered or not.
    pub fn wip_state(&self, column: GroupValue, count: usize) -> WipState {
        let Some(limit) = self.limit(column) else {
            return WipState::Unlimited;
        };
        let max = usize::try_from(limit).unwrap_or(usize::MAX);
        match count.cmp(&max) {
            std::cmp::Ordering::Less => WipState::Within { count, limit },
            std::cmp::Ordering::Equal => WipState::Full { count, limit },
            std::cmp::Ordering::Greater => WipState::Over { count, limit },
        }
    }

    /// Whether a hard limit refuses `arriving` cards coming into `to` from other columns, which holds
    /// `count` now. Moves inside a column never are (nothing arrives), nor moves out of a column
    /// already over its limit into another.
    pub fn refuses(&self, to: GroupValue, arriving: usize, count: usize) -> bool {
        let Some(limit) = self.limit(to) else {
            return false;
        };
        self.wip_hard
            && arriving > 0
            && count.saturating_add(arriving) > usize::try_from(limit).unwrap_or(usize::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::{StatusId, UserId};

    #[test]
    fn a_config_survives_a_round_trip_through_the_url() {
        let mut config = BoardConfig::default();
        config.set_columns(GroupBy::Assignee, Vec::new());
        config.set_lanes(Some(GroupBy::Priority));
        config.set_limit(GroupValue::Assignee(Some(UserId(3))), Some(5));
        config.set_limit(GroupValue::Assignee(None), Some(2));
        config.wip_hard = true;
        config.hidden.insert(CardField::Priority);
        config.hidden.insert(CardField::Children);
        let query = config.to_query();
        assert_eq!(
            query,
            vec![
                ("by", "assignee".to_owned()),
                ("lanes", "priority".to_owned()),
                ("wip", "3:5,none:2".to_owned()),
                ("wiphard", "1".to_owned()),
                ("hide", "priority,children".to_owned())
            ]
        );
        let back = BoardConfig::from_query(query.iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(back, config);
    }

    #[test]
    fn the_default_board_leaves_the_url_empty_and_junk_is_ignored() {
        assert!(BoardConfig::default().to_query().is_empty());
        let config = BoardConfig::from_query([
            ("by", "colour"),
            ("lanes", "status"),
            ("wip", "x:3,4:0,5:-1,none:2,7:abc"),
        ]);
        // Lanes by the columns' own field make no sense; `none` is no status; 0 is no limit.
        assert_eq!(config, BoardConfig::default());
    }

    #[test]
    fn a_manual_board_keeps_its_lists_in_the_url_and_limits_follow_their_list() {
        let mut config = BoardConfig::default();
        config.set_columns(GroupBy::List, Vec::new());
        config.add_list("Inbox".to_owned());
        config.add_list("Doing".to_owned());
        config.add_list("Done".to_owned());
        config.set_list_filter(1, GroupBy::Status, Some(GroupValue::Status(StatusId(2))));
        let doing = config.layout.parse_value(GroupBy::List, "1").unwrap();
        config.set_limit(doing, Some(3));
        config.move_list(1, -1);
        config.move_list(0, -1);
        assert_eq!(config.layout.lists[0].name, "Doing");
        assert_eq!(
            config.wip.get("0"),
            Some(&3),
            "the limit moved with its list"
        );
        config.remove_list(1);
        config.rename_list(1, "Finished".to_owned());
        let query = config.to_query();
        assert_eq!(
            query,
            vec![
                ("by", "lists".to_owned()),
                ("lists", "Doing|status:2;Finished|".to_owned()),
                ("wip", "0:3".to_owned()),
            ]
        );
        let back = BoardConfig::from_query(query.iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(back, config);
        config.remove_list(0);
        assert!(config.wip.is_empty());
        // Lists never make lanes, and a board by a field has none.
        config.set_lanes(Some(GroupBy::List));
        assert_eq!(config.layout.lanes, None);
        config.set_columns(GroupBy::Status, Vec::new());
        assert!(config.layout.lists.is_empty());
    }

    #[test]
    fn changing_the_columns_drops_limits_and_lanes_of_the_same_field() {
        let mut config = BoardConfig::default();
        config.set_lanes(Some(GroupBy::Assignee));
        config.set_limit(GroupValue::Status(StatusId(1)), Some(3));
        config.set_columns(GroupBy::Assignee, Vec::new());
        assert!(config.wip.is_empty());
        assert_eq!(config.layout.lanes, None);
    }

    #[test]
    fn a_hard_limit_refuses_moves_into_a_full_column_but_not_within_it() {
        let count = |v: GroupValue| match v {
            GroupValue::Status(StatusId(2)) => 3,
            GroupValue::Status(StatusId(3)) => 4,
            _ => 2,
        };
        let (todo, doing, review) = (
            GroupValue::Status(StatusId(1)),
            GroupValue::Status(StatusId(2)),
            GroupValue::Status(StatusId(3)),
        );
        let mut config = BoardConfig::default();
        config.set_limit(doing, Some(3));
        config.set_limit(review, Some(3));
        assert_eq!(
            config.wip_state(doing, count(doing)),
            WipState::Full { count: 3, limit: 3 }
        );
        assert_eq!(
            config.wip_state(review, count(review)),
            WipState::Over { count: 4, limit: 3 }
        );
        assert_eq!(config.wip_state(todo, count(todo)), WipState::Unlimited);
        // Soft limits only warn.
        assert!(!config.refuses(doing, 1, count(doing)));
        config.wip_hard = true;
        assert!(config.refuses(doing, 1, count(doing)));
        assert!(config.refuses(review, 1, count(review)));
        // Within the column nothing arrives; out of an overfull column into an open one is fine.
        assert!(!config.refuses(doing, 0, count(doing)));
        assert!(!config.refuses(todo, 1, count(todo)));
        config.set_limit(doing, Some(4));
        assert!(!config.refuses(doing, 1, count(doing)));
        // Two cards at once need room for both.
        assert!(config.refuses(doing, 2, count(doing)));
    }
}
