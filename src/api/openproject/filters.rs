//! The domain's `WorkPackageQuery` as OpenProject query parameters: `filters` and `sortBy` JSON,
//! `offset` (a 1-based page number) and `pageSize`.
//!
//! Two things OpenProject cannot do server-side, so the backend does them on each page:
//! - "unassigned OR one of these people": OpenProject ANDs its filters and has no operator for
//!   "null or in list", so a mixed `Filter::Assignee` is applied to the page client-side.
//! - manual position: OpenProject keeps no position on a work package (see `backend.rs`). Positions
//!   start from the id, so position sorts as `id` on the server, and a query sorted by position
//!   first is re-sorted by the real positions on the client.
//!
//! Both are exact when the result fits on one page (boards ask for 1000 per page); across several
//! pages the server's split into pages ignores them.

use crate::domain::{Filter, SortField, WorkPackageQuery};
use serde_json::{Value, json};

#[derive(Debug, Clone, PartialEq)]
pub struct Translation {
    /// Parameter names and values, not yet URL-encoded.
    pub params: Vec<(&'static str, String)>,
    /// Filters to apply to each page on the client.
    pub client_filters: Vec<Filter>,
    /// The page must be re-sorted by manual position (ascending unless `descending`).
    pub position_sort: Option<bool>,
    /// A filter with an empty list matches nothing: no request is needed.
    pub matches_nothing: bool,
}

pub fn translate(query: &WorkPackageQuery) -> Translation {
    let mut filters = Vec::new();
    let mut client_filters = Vec::new();
    let mut matches_nothing = false;
    for filter in &query.filters {
        match server_filter(filter) {
            Server::Json(value) => filters.push(value),
            Server::Nothing => matches_nothing = true,
            Server::Everything => {}
            Server::Client => client_filters.push(filter.clone()),
        }
    }
    // The work packages of every subproject too; without the filter OpenProject's own setting
    // decides, which this server leaves at "only the project's own".
    if query.subprojects {
        filters.push(json!({ "subprojectId": { "operator": "*", "values": [] } }));
    }
    let position_sort = query
        .sort
        .first()
        .filter(|s| s.field == SortField::Position)
        .map(|s| s.descending);
    Translation {
        params: vec![
            // Always sent: without it OpenProject applies its default, open work packages only.
            ("filters", Value::Array(filters).to_string()),
            ("sortBy", sort_json(query).to_string()),
            ("offset", query.page.max(1).to_string()),
            ("pageSize", query.page_size.max(1).to_string()),
        ],
        client_filters,
        position_sort,
        matches_nothing,
    }
}

enum Server {
    Json(Value),
    /// No work package can match.
    Nothing,
    /// Every work package matches (a blank text search).
    Everything,
    /// OpenProject cannot express it.
    Client,
}

fn one(name: &str, operator: &str, values: &[String]) -> Server {
    Server::Json(json!({ name: { "operator": operator, "values": values } }))
}

fn ids<T: ToString>(ids: &[T]) -> Vec<String> {
    ids.iter().map(ToString::to_string).collect()
}

fn server_filter(filter: &Filter) -> Server {
    match filter {
        Filter::Status(list) if list.is_empty() => Server::Nothing,
        Filter::Status(list) => one("status", "=", &ids(list)),
        Filter::OpenStatus => one("status", "o", &[]),
        Filter::ClosedStatus => one("status", "c", &[]),
        Filter::Assignee(list) if list.is_empty() => Server::Nothing,
        Filter::Assignee(list) if list.iter().all(Option::is_none) => one("assignee", "!*", &[]),
        Filter::Assignee(list) if list.iter().all(Option::is_some) => one(
            "assignee",
            "=",
            &ids(&list.iter().flatten().collect::<Vec<_>>()),
        ),
        Filter::Type(list) if list.is_empty() => Server::Nothing,
        Filter::Type(list) => one("type", "=", &ids(list)),
        Filter::Priority(list) if list.is_empty() => Server::Nothing,
        Filter::Priority(list) => one("priority", "=", &ids(list)),
        Filter::Version(list) if list.is_empty() => Server::Nothing,
        Filter::Version(list) if list.iter().all(Option::is_none) => one("version", "!*", &[]),
        Filter::Version(list) if list.iter().all(Option::is_some) => one(
            "version",
            "=",
            &ids(&list.iter().flatten().collect::<Vec<_>>()),
        ),
        // Mixed lists (unassigned or these people, say) have no operator; finish dates span
        // `dueDate` and a milestone's `date`, which one OpenProject filter cannot.
        Filter::Assignee(_) | Filter::Version(_) | Filter::Finish(..) | Filter::NoFinish => {
            Server::Client
        }
        // OpenProject's date-time filters take ISO 8601 instants; an open end means "until now".
        Filter::UpdatedSince(since) => one(
            "updatedAt",
            "<>d",
            &[
                since.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                String::new(),
            ],
        ),
        Filter::Parent(id) => one("parent", "=", &[id.to_string()]),
        Filter::Text(text) => text_filter(text.trim()),
        Filter::Condition(c, _) => one(c.field.as_str(), c.op.symbol(), &c.values),
    }
}

/// `#12` means that work package exactly (the `id` filter). Anything else is OpenProject's
/// `subject_or_id` search, which matches the subject or, for a number, the id. Searching `7` with
/// `subject_or_id` would also find every subject containing a 7, which `#7` must not.
fn text_filter(text: &str) -> Server {
    if text.is_empty() {
        return Server::Everything;
    }
    if let Some(number) = text.strip_prefix('#')
        && !number.is_empty()
        && number.chars().all(|c| c.is_ascii_digit())
    {
        return one("id", "=", &[number.to_owned()]);
    }
    one("subject_or_id", "**", &[text.to_owned()])
}

/// `[["subject","desc"],["id","asc"]]`: the id last makes the order total, as the domain's is.
fn sort_json(query: &WorkPackageQuery) -> Value {
    let mut pairs: Vec<Value> = Vec::new();
    for sort in &query.sort {
        let name = match sort.field {
            // Positions follow ids unless moved; see the module comment.
            SortField::Position => "id",
            other => other.as_str(),
        };
        let direction = if sort.descending { "desc" } else { "asc" };
        if !pairs.iter().any(|p| p[0] == name) {
            pairs.push(json!([name, direction]));
        }
    }
    if !pairs.iter().any(|p| p[0] == "id") {
        pairs.push(json!(["id", "asc"]));
    }
    Value::Array(pairs)
}

/// `name=value&…` with every byte outside RFC 3986's unreserved set percent-encoded.
pub fn encode_query(params: &[(&str, String)]) -> String {
    params
        .iter()
        .map(|(name, value)| format!("{}={}", percent_encode(name), percent_encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

pub fn percent_encode(text: &str) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Sort, StatusId, TypeId, UserId, WorkPackageId};

    fn with(filters: Vec<Filter>) -> Translation {
        translate(&WorkPackageQuery {
            filters,
            ..WorkPackageQuery::default()
        })
    }

    fn param<'a>(t: &'a Translation, name: &str) -> &'a str {
        &t.params.iter().find(|(n, _)| *n == name).unwrap().1
    }

    fn filters_of(filters: Vec<Filter>) -> String {
        param(&with(filters), "filters").to_owned()
    }

    #[test]
    fn no_filter_still_sends_an_empty_list_so_closed_work_is_included() {
        let t = translate(&WorkPackageQuery::everything());
        assert_eq!(
            t.params,
            vec![
                ("filters", "[]".to_owned()),
                ("sortBy", r#"[["id","asc"]]"#.to_owned()),
                ("offset", "1".to_owned()),
                ("pageSize", "1000".to_owned()),
            ]
        );
        assert!(t.client_filters.is_empty() && !t.matches_nothing);
        assert_eq!(t.position_sort, None);
    }

    #[test]
    fn status_filters() {
        assert_eq!(
            filters_of(vec![Filter::Status(vec![StatusId(1), StatusId(7)])]),
            r#"[{"status":{"operator":"=","values":["1","7"]}}]"#
        );
        assert_eq!(
            filters_of(vec![Filter::OpenStatus]),
            r#"[{"status":{"operator":"o","values":[]}}]"#
        );
        assert_eq!(
            filters_of(vec![Filter::ClosedStatus]),
            r#"[{"status":{"operator":"c","values":[]}}]"#
        );
    }

    #[test]
    fn assignee_filters() {
        assert_eq!(
            filters_of(vec![Filter::Assignee(vec![
                Some(UserId(3)),
                Some(UserId(4))
            ])]),
            r#"[{"assignee":{"operator":"=","values":["3","4"]}}]"#
        );
        assert_eq!(
            filters_of(vec![Filter::Assignee(vec![None])]),
            r#"[{"assignee":{"operator":"!*","values":[]}}]"#
        );
        let mixed = Filter::Assignee(vec![None, Some(UserId(3))]);
        let t = with(vec![mixed.clone(), Filter::OpenStatus]);
        assert_eq!(
            param(&t, "filters"),
            r#"[{"status":{"operator":"o","values":[]}}]"#
        );
        assert_eq!(t.client_filters, vec![mixed]);
    }

    #[test]
    fn type_parent_and_text_filters_combine_with_and() {
        assert_eq!(
            filters_of(vec![
                Filter::Type(vec![TypeId(2)]),
                Filter::Parent(WorkPackageId(9)),
                Filter::Text("  login form ".to_owned()),
            ]),
            concat!(
                r#"[{"type":{"operator":"=","values":["2"]}},"#,
                r#"{"parent":{"operator":"=","values":["9"]}},"#,
                r#"{"subject_or_id":{"operator":"**","values":["login form"]}}]"#
            )
        );
    }

    #[test]
    fn hash_number_is_exactly_that_id_and_blank_text_is_no_filter() {
        assert_eq!(
            filters_of(vec![Filter::Text("#12".to_owned())]),
            r#"[{"id":{"operator":"=","values":["12"]}}]"#
        );
        assert_eq!(
            filters_of(vec![Filter::Text("12".to_owned())]),
            r#"[{"subject_or_id":{"operator":"**","values":["12"]}}]"#
        );
        assert_eq!(filters_of(vec![Filter::Text("   ".to_owned())]), "[]");
    }

    #[test]
    fn a_category_condition_is_sent_as_openprojects_category_filter() {
        use crate::domain::condition::Condition;
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let is = Condition::parse("category:=:3|5").unwrap();
        let none = Condition::parse("category:!*:").unwrap();
        assert_eq!(
            filters_of(vec![
                Filter::Condition(is, today),
                Filter::Condition(none, today)
            ]),
            concat!(
                r#"[{"category":{"operator":"=","values":["3","5"]}},"#,
                r#"{"category":{"operator":"!*","values":[]}}]"#
            )
        );
    }

    #[test]
    fn empty_lists_match_nothing() {
        assert!(with(vec![Filter::Status(vec![])]).matches_nothing);
        assert!(with(vec![Filter::Type(vec![])]).matches_nothing);
        assert!(with(vec![Filter::Assignee(vec![])]).matches_nothing);
    }

    #[test]
    fn sorting_names_and_the_id_tie_breaker() {
        let t = translate(&WorkPackageQuery {
            sort: vec![
                Sort {
                    field: SortField::DueDate,
                    descending: true,
                },
                Sort::asc(SortField::Subject),
            ],
            page: 3,
            page_size: 50,
            ..WorkPackageQuery::default()
        });
        assert_eq!(
            param(&t, "sortBy"),
            r#"[["dueDate","desc"],["subject","asc"],["id","asc"]]"#
        );
        assert_eq!(param(&t, "offset"), "3");
        assert_eq!(param(&t, "pageSize"), "50");
        let by_id_desc = translate(&WorkPackageQuery {
            sort: vec![Sort {
                field: SortField::Id,
                descending: true,
            }],
            ..WorkPackageQuery::default()
        });
        assert_eq!(param(&by_id_desc, "sortBy"), r#"[["id","desc"]]"#);
    }

    #[test]
    fn position_sorts_as_id_on_the_server_and_again_on_the_client() {
        let t = translate(&WorkPackageQuery {
            sort: vec![Sort {
                field: SortField::Position,
                descending: true,
            }],
            ..WorkPackageQuery::default()
        });
        assert_eq!(param(&t, "sortBy"), r#"[["id","desc"]]"#);
        assert_eq!(t.position_sort, Some(true));
    }

    #[test]
    fn page_zero_is_page_one() {
        let t = translate(&WorkPackageQuery {
            page: 0,
            page_size: 0,
            ..WorkPackageQuery::default()
        });
        assert_eq!(param(&t, "offset"), "1");
        assert_eq!(param(&t, "pageSize"), "1");
    }

    #[test]
    fn query_strings_are_percent_encoded() {
        assert_eq!(
            encode_query(&[
                ("filters", r#"[{"a":"b c"}]"#.to_owned()),
                ("x", "ä&=".to_owned())
            ]),
            "filters=%5B%7B%22a%22%3A%22b%20c%22%7D%5D&x=%C3%A4%26%3D"
        );
    }
}
