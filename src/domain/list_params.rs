//! The table's filters and sort as URL query parameters, so a filtered view can be bookmarked and shared.
//! `?q=login&status=open&assignee=3&type=2&sort=-dueDate`

use super::ids::{StatusId, TypeId, UserId};
use super::query::{Filter, Sort, SortField};

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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListParams {
    pub text: String,
    pub status: StatusChoice,
    pub assignee: AssigneeChoice,
    pub wp_type: Option<TypeId>,
    pub sort: Sort,
}

impl Default for ListParams {
    fn default() -> Self {
        Self {
            text: String::new(),
            status: StatusChoice::Any,
            assignee: AssigneeChoice::Any,
            wp_type: None,
            sort: Sort::asc(SortField::Id),
        }
    }
}

impl ListParams {
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
                "sort" => {
                    let (descending, field) = match value.strip_prefix('-') {
                        Some(field) => (true, field),
                        None => (false, value),
                    };
                    if let Some(field) = SortField::parse(field) {
                        params.sort = Sort { field, descending };
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
        if self.sort != Sort::asc(SortField::Id) {
            let sign = if self.sort.descending { "-" } else { "" };
            pairs.push(("sort", format!("{sign}{}", self.sort.field.as_str())));
        }
        pairs
    }

    pub fn filters(&self) -> Vec<Filter> {
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
        filters
    }

    pub fn is_filtered(&self) -> bool {
        !self.filters().is_empty()
    }

    /// Clicking a column header: the same column flips direction, another starts ascending.
    pub fn toggle_sort(&mut self, field: SortField) {
        self.sort = if self.sort.field == field {
            Sort {
                field,
                descending: !self.sort.descending,
            }
        } else {
            Sort::asc(field)
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_survive_a_round_trip_through_the_url() {
        let params = ListParams {
            text: "login form".to_owned(),
            status: StatusChoice::Is(StatusId(3)),
            assignee: AssigneeChoice::Nobody,
            wp_type: Some(TypeId(2)),
            sort: Sort {
                field: SortField::DueDate,
                descending: true,
            },
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
        assert_eq!(
            params.filters(),
            vec![
                Filter::Text("x".to_owned()),
                Filter::OpenStatus,
                Filter::Assignee(vec![Some(UserId(4))])
            ]
        );
    }
}
