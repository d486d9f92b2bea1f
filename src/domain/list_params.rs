//! The table's filters and sort as URL query parameters, so a filtered view can be bookmarked and shared.
//! `?q=login&status=open&assignee=3&type=2&priority=8&version=none&due=overdue&sort=-dueDate`

use super::condition::Condition;
use super::ids::{PriorityId, StatusId, TypeId, UserId, VersionId};
use super::query::{Filter, Sort, SortField};
use chrono::{Days, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusChoice {
    #[default]
    Any,
    Open,
    Closed,
    Is(StatusId),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AssigneeChoice {
    #[default]
    Any,
    Nobody,
    Is(UserId),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VersionChoice {
    #[default]
    Any,
    Nobody,
    Is(VersionId),
}

/// When work is due, relative to today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DueChoice {
    #[default]
    Any,
    /// Open and past its finish date.
    Overdue,
    /// Finishing today or in the six days after.
    NextSevenDays,
    NoDate,
}

impl DueChoice {
    pub const ALL: [Self; 4] = [Self::Any, Self::Overdue, Self::NextSevenDays, Self::NoDate];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Any => "",
            Self::Overdue => "overdue",
            Self::NextSevenDays => "week",
            Self::NoDate => "none",
        }
    }

    pub fn parse(raw: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == raw)
            .unwrap_or_default()
    }
}

/// OpenProject keeps three sort criteria; so does Tafel.
pub const MAX_SORT_KEYS: usize = 3;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListParams {
    pub text: String,
    pub status: StatusChoice,
    pub assignee: AssigneeChoice,
    pub wp_type: Option<TypeId>,
    pub priority: Option<PriorityId>,
    pub version: VersionChoice,
    pub due: DueChoice,
    pub sort: Sort,
    /// Further sort keys, for rows equal by the first (Shift + click on a header adds one).
    pub then_by: Vec<Sort>,
    /// The filter builder's conditions, on top of the choices above (all must hold).
    pub conditions: Vec<Condition>,
    /// Also the work packages of the project's subprojects (`sub=1`).
    pub subprojects: bool,
}

impl Default for ListParams {
    fn default() -> Self {
        Self {
            text: String::new(),
            status: StatusChoice::Any,
            assignee: AssigneeChoice::Any,
            wp_type: None,
            priority: None,
            version: VersionChoice::Any,
            due: DueChoice::Any,
            sort: Sort::asc(SortField::Id),
            then_by: Vec::new(),
            conditions: Vec::new(),
            subprojects: false,
        }
    }
}

impl ListParams {
    /// The query parameters these settings own.
    pub const KEYS: [&'static str; 10] = [
        "q", "status", "assignee", "type", "priority", "version", "due", "sort", "f", "sub",
    ];

    /// Reads what it understands and ignores the rest, so an edited or old link still opens.
    pub fn from_query<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut params = Self::default();
        for (name, value) in pairs {
            match name {
                "q" => value.clone_into(&mut params.text),
                "status" => {
                    params.status = match value {
                        "open" => StatusChoice::Open,
                        "closed" => StatusChoice::Closed,
                        other => other
                            .parse()
                            .map_or(StatusChoice::Any, |id| StatusChoice::Is(StatusId(id))),
                    }
                }
                "assignee" => {
                    params.assignee = match value {
                        "none" => AssigneeChoice::Nobody,
                        other => other
                            .parse()
                            .map_or(AssigneeChoice::Any, |id| AssigneeChoice::Is(UserId(id))),
                    }
                }
                "type" => params.wp_type = value.parse().ok().map(TypeId),
                "priority" => params.priority = value.parse().ok().map(PriorityId),
                "version" => {
                    params.version = match value {
                        "none" => VersionChoice::Nobody,
                        other => other
                            .parse()
                            .map_or(VersionChoice::Any, |id| VersionChoice::Is(VersionId(id))),
                    }
                }
                "due" => params.due = DueChoice::parse(value),
                "f" => params.conditions.extend(Condition::parse(value)),
                "sub" => params.subprojects = value == "1",
                "sort" => {
                    let mut keys = value.split(',').filter_map(|key| {
                        let (descending, field) = match key.strip_prefix('-') {
                            Some(field) => (true, field),
                            None => (false, key),
                        };
                        SortField::parse(field).map(|field| Sort { field, descending })
                    });
                    if let Some(first) = keys.next() {
                        params.sort = first;
                        params.then_by = keys
                            .filter(|k| k.field != first.field)
                            .take(MAX_SORT_KEYS - 1)
                            .collect();
                    }
                }
                _ => {}
            }
        }
        params
    }

    /// Only what differs from the default, in a fixed order.
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if !self.text.is_empty() {
            pairs.push(("q", self.text.clone()));
        }
        match self.status {
            StatusChoice::Any => {}
            StatusChoice::Open => pairs.push(("status", "open".to_owned())),
            StatusChoice::Closed => pairs.push(("status", "closed".to_owned())),
            StatusChoice::Is(id) => pairs.push(("status", id.to_string())),
        }
        match self.assignee {
            AssigneeChoice::Any => {}
            AssigneeChoice::Nobody => pairs.push(("assignee", "none".to_owned())),
            AssigneeChoice::Is(id) => pairs.push(("assignee", id.to_string())),
        }
        if let Some(id) = self.wp_type {
            pairs.push(("type", id.to_string()));
        }
        if let Some(id) = self.priority {
            pairs.push(("priority", id.to_string()));
        }
        match self.version {
            VersionChoice::Any => {}
            VersionChoice::Nobody => pairs.push(("version", "none".to_owned())),
            VersionChoice::Is(id) => pairs.push(("version", id.to_string())),
        }
        if self.due != DueChoice::Any {
            pairs.push(("due", self.due.as_str().to_owned()));
        }
        if self.sort != Sort::asc(SortField::Id) || !self.then_by.is_empty() {
            let keys: Vec<String> = self
                .sorts()
                .iter()
                .map(|k| {
                    format!(
                        "{}{}",
                        if k.descending { "-" } else { "" },
                        k.field.as_str()
                    )
                })
                .collect();
            pairs.push(("sort", keys.join(",")));
        }
        pairs.extend(self.conditions.iter().map(|c| ("f", c.token())));
        if self.subprojects {
            pairs.push(("sub", "1".to_owned()));
        }
        pairs
    }

    /// The filters as of `today` (due dates are relative to it).
    pub fn filters(&self, today: NaiveDate) -> Vec<Filter> {
        let mut filters = Vec::new();
        if !self.text.trim().is_empty() {
            filters.push(Filter::Text(self.text.trim().to_owned()));
        }
        match self.status {
            StatusChoice::Any => {}
            StatusChoice::Open => filters.push(Filter::OpenStatus),
            StatusChoice::Closed => filters.push(Filter::ClosedStatus),
            StatusChoice::Is(id) => filters.push(Filter::Status(vec![id])),
        }
        match self.assignee {
            AssigneeChoice::Any => {}
            AssigneeChoice::Nobody => filters.push(Filter::Assignee(vec![None])),
            AssigneeChoice::Is(id) => filters.push(Filter::Assignee(vec![Some(id)])),
        }
        if let Some(id) = self.wp_type {
            filters.push(Filter::Type(vec![id]));
        }
        if let Some(id) = self.priority {
            filters.push(Filter::Priority(vec![id]));
        }
        match self.version {
            VersionChoice::Any => {}
            VersionChoice::Nobody => filters.push(Filter::Version(vec![None])),
            VersionChoice::Is(id) => filters.push(Filter::Version(vec![Some(id)])),
        }
        match self.due {
            DueChoice::Any => {}
            DueChoice::Overdue => {
                filters.push(Filter::OpenStatus);
                filters.push(Filter::Finish(None, today.checked_sub_days(Days::new(1))));
            }
            DueChoice::NextSevenDays => filters.push(Filter::Finish(
                Some(today),
                today.checked_add_days(Days::new(6)),
            )),
            DueChoice::NoDate => filters.push(Filter::NoFinish),
        }
        filters.extend(
            self.conditions
                .iter()
                .filter(|c| c.is_complete())
                .map(|c| Filter::Condition(c.clone(), today)),
        );
        filters
    }

    pub fn is_filtered(&self) -> bool {
        // Which day it is does not change whether there are filters.
        !self.filters(NaiveDate::MIN).is_empty()
    }

    /// Every sort key, the first first.
    pub fn sorts(&self) -> Vec<Sort> {
        std::iter::once(self.sort)
            .chain(self.then_by.iter().copied())
            .collect()
    }

    /// Where `field` is among the sort keys (0 for the first), and whether it is descending.
    pub fn sort_rank(&self, field: SortField) -> Option<(usize, bool)> {
        self.sorts()
            .iter()
            .position(|k| k.field == field)
            .map(|at| (at, self.sorts()[at].descending))
    }

    /// Clicking a column header: the same column flips direction, another starts ascending; either
    /// way it becomes the only key.
    pub fn toggle_sort(&mut self, field: SortField) {
        self.sort = if self.sort.field == field {
            Sort {
                field,
                descending: !self.sort.descending,
            }
        } else {
            Sort::asc(field)
        };
        self.then_by.clear();
    }

    /// Shift + click: a key already there flips direction, a new one is added after the others
    /// (up to three, as OpenProject keeps).
    pub fn add_sort(&mut self, field: SortField) {
        if self.sort.field == field {
            self.sort.descending = !self.sort.descending;
        } else if let Some(key) = self.then_by.iter_mut().find(|k| k.field == field) {
            key.descending = !key.descending;
        } else if self.then_by.len() + 1 < MAX_SORT_KEYS {
            self.then_by.push(Sort::asc(field));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shift_click_adds_up_to_three_sort_keys_that_survive_the_url_and_a_plain_click_resets_them() {
        let mut params = ListParams::default();
        params.toggle_sort(SortField::Status);
        params.add_sort(SortField::DueDate);
        params.add_sort(SortField::DueDate);
        params.add_sort(SortField::Subject);
        params.add_sort(SortField::Priority);
        assert_eq!(
            params.sorts(),
            vec![
                Sort::asc(SortField::Status),
                Sort {
                    field: SortField::DueDate,
                    descending: true
                },
                Sort::asc(SortField::Subject),
            ],
            "the fourth key is not taken"
        );
        assert_eq!(params.sort_rank(SortField::Subject), Some((2, false)));
        let query = params.to_query();
        assert_eq!(query, vec![("sort", "status,-dueDate,subject".to_owned())]);
        let back = ListParams::from_query(query.iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(back, params);
        params.toggle_sort(SortField::Priority);
        assert_eq!(params.sorts(), vec![Sort::asc(SortField::Priority)]);
        let odd = ListParams::from_query([("sort", "-status,bogus,status,id,subject,priority")]);
        assert_eq!(
            odd.sorts().len(),
            3,
            "repeats and unknown keys dropped, three at most"
        );
    }

    #[test]
    fn params_survive_a_round_trip_through_the_url() {
        let params = ListParams {
            text: "login form".to_owned(),
            status: StatusChoice::Is(StatusId(3)),
            assignee: AssigneeChoice::Nobody,
            wp_type: Some(TypeId(2)),
            priority: Some(PriorityId(8)),
            version: VersionChoice::Is(VersionId(4)),
            due: DueChoice::Overdue,
            sort: Sort {
                field: SortField::DueDate,
                descending: true,
            },
            then_by: vec![Sort::asc(SortField::Subject)],
            subprojects: true,
            conditions: vec![
                Condition::parse("assignee:=:me|3").unwrap(),
                Condition::parse("subject:~:a:b").unwrap(),
            ],
        };
        let query = params.to_query();
        let back = ListParams::from_query(query.iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(back, params);
    }

    #[test]
    fn defaults_leave_the_url_empty_and_junk_is_ignored() {
        assert!(ListParams::default().to_query().is_empty());
        let params =
            ListParams::from_query([("status", "maybe"), ("sort", "-nonsense"), ("x", "1")]);
        assert_eq!(params, ListParams::default());
    }

    #[test]
    fn clicking_the_sorted_column_again_reverses_it() {
        let mut params = ListParams::default();
        params.toggle_sort(SortField::Subject);
        assert_eq!(params.sort, Sort::asc(SortField::Subject));
        params.toggle_sort(SortField::Subject);
        assert!(params.sort.descending);
        params.toggle_sort(SortField::Status);
        assert_eq!(params.sort, Sort::asc(SortField::Status));
    }

    #[test]
    fn each_choice_becomes_a_filter() {
        let params = ListParams::from_query([("q", "x"), ("status", "open"), ("assignee", "4")]);
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        assert_eq!(
            params.filters(today),
            vec![
                Filter::Text("x".to_owned()),
                Filter::OpenStatus,
                Filter::Assignee(vec![Some(UserId(4))])
            ]
        );
    }

    #[test]
    fn due_choices_are_relative_to_today() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d);
        let overdue = ListParams::from_query([("due", "overdue")]);
        assert_eq!(
            overdue.filters(today),
            vec![Filter::OpenStatus, Filter::Finish(None, day(25))]
        );
        let week =
            ListParams::from_query([("due", "week"), ("priority", "8"), ("version", "none")]);
        assert_eq!(
            week.filters(today),
            vec![
                Filter::Priority(vec![PriorityId(8)]),
                Filter::Version(vec![None]),
                Filter::Finish(day(26), NaiveDate::from_ymd_opt(2026, 12, 2))
            ]
        );
        assert!(week.is_filtered());
        assert!(!ListParams::from_query([("sort", "subject")]).is_filtered());
    }
}
