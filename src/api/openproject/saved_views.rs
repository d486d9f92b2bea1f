//! Saved views on OpenProject are its *queries* (`/api/v3/queries`), so a view saved in Tafel shows
//! in OpenProject's list and one saved there opens in Tafel. A Tafel view's settings are its URL
//! parameters (filters and sort of `ListParams`, columns, grouping and tree of `TableLayout`); here
//! they become a query's filters, `sortBy`, `columns`, `groupBy` and `showHierarchies`, and back.
//! A query with filters Tafel has no control for opens without them, marked as partial.

use super::Method;
use super::backend::OpenProjectBackend;
use super::board_order::ORDER_QUERY_NAME;
use crate::api::ApiError;
use crate::domain::board_layout::GroupBy;
use crate::domain::condition::{CondField, Condition, ValueKind};
use crate::domain::list_params::{
    AssigneeChoice, DueChoice, ListParams, StatusChoice, VersionChoice,
};
use crate::domain::saved_board::board_name;
use crate::domain::saved_view::{
    SavedView, ViewDraft, ViewId, ViewKind, decode_query, encode_query, sort_views,
};
use crate::domain::table_layout::{Column, GROUPINGS, TableLayout};
use crate::domain::{
    Field, FieldError, PriorityId, Problem, ProjectId, Sort, SortField, StatusId, TypeId, UserId,
    VersionId,
};
use serde_json::{Value, json};

const API: &str = "/api/v3";

fn filter(name: &str, operator: &str, links: &[String], values: &[&str]) -> Value {
    let mut instance = json!({
        "_links": {
            "filter": { "href": format!("{API}/queries/filters/{name}") },
            "operator": { "href": format!("{API}/queries/operators/{operator}") },
        }
    });
    if values.is_empty() {
        instance["_links"]["values"] =
            Value::Array(links.iter().map(|href| json!({ "href": href })).collect());
    } else {
        instance["values"] = json!(values);
    }
    instance
}

fn link(kind: &str, id: impl std::fmt::Display) -> Vec<String> {
    vec![format!("{API}/{kind}/{id}")]
}

/// The filters of a view as OpenProject's filter instances. Due dates stay relative to the day the
/// view is opened (`<t-` overdue, `<t+` the coming week), as the view's own setting is.
fn filters_of(params: &ListParams) -> Vec<Value> {
    let mut out = Vec::new();
    let text = params.text.trim();
    if let Some(id) = text
        .strip_prefix('#')
        .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    {
        out.push(filter("id", "=", &link("work_packages", id), &[]));
    } else if !text.is_empty() {
        out.push(filter("subjectOrId", "**", &[], &[text]));
    }
    match params.status {
        StatusChoice::Any if params.due == DueChoice::Overdue => {
            out.push(filter("status", "o", &[], &[]));
        }
        StatusChoice::Any => {}
        StatusChoice::Open => out.push(filter("status", "o", &[], &[])),
        StatusChoice::Closed => out.push(filter("status", "c", &[], &[])),
        StatusChoice::Is(id) => out.push(filter("status", "=", &link("statuses", id), &[])),
    }
    match params.assignee {
        AssigneeChoice::Any => {}
        AssigneeChoice::Nobody => out.push(filter("assignee", "!*", &[], &[])),
        AssigneeChoice::Is(id) => out.push(filter("assignee", "=", &link("users", id), &[])),
    }
    if let Some(id) = params.wp_type {
        out.push(filter("type", "=", &link("types", id), &[]));
    }
    if let Some(id) = params.priority {
        out.push(filter("priority", "=", &link("priorities", id), &[]));
    }
    match params.version {
        VersionChoice::Any => {}
        VersionChoice::Nobody => out.push(filter("version", "!*", &[], &[])),
        VersionChoice::Is(id) => out.push(filter("version", "=", &link("versions", id), &[])),
    }
    match params.due {
        DueChoice::Any => {}
        DueChoice::Overdue => out.push(filter("dueDate", "<t-", &[], &["1"])),
        DueChoice::NextSevenDays => out.push(filter("dueDate", "<t+", &[], &["6"])),
        DueChoice::NoDate => out.push(filter("dueDate", "!*", &[], &[])),
    }
    if params.subprojects {
        out.push(filter("subprojectId", "*", &[], &[]));
    }
    out.extend(
        params
            .conditions
            .iter()
            .filter(|c| c.is_complete())
            .map(condition_filter),
    );
    out
}

/// Where the resources a field's ids name live (`/api/v3/users/3`, `/api/v3/users/me`).
fn resources(field: CondField) -> &'static str {
    match field {
        CondField::Status => "statuses",
        CondField::Type => "types",
        CondField::Priority => "priorities",
        CondField::Version => "versions",
        CondField::Category => "categories",
        _ => "users",
    }
}

fn condition_filter(c: &Condition) -> Value {
    let name = c.field.as_str();
    if c.op.values() == ValueKind::Ids {
        let links: Vec<String> = c
            .values
            .iter()
            .map(|v| format!("{API}/{}/{v}", resources(c.field)))
            .collect();
        return filter(name, c.op.symbol(), &links, &[]);
    }
    let values: Vec<&str> = c.values.iter().map(String::as_str).collect();
    filter(name, c.op.symbol(), &[], &values)
}

/// The body that creates or changes the query of a view.
pub fn query_body(draft: &ViewDraft, name: &str) -> Value {
    let pairs = decode_query(&draft.query);
    let pairs = || pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    let params = ListParams::from_query(pairs());
    let layout = TableLayout::from_query(pairs());
    let mut sort_by: Vec<Value> = params
        .sorts()
        .iter()
        .map(|k| {
            let direction = if k.descending { "desc" } else { "asc" };
            json!({ "href": format!("{API}/queries/sort_bys/{}-{direction}", k.field.as_str()) })
        })
        .collect();
    if params.sorts().iter().all(|k| k.field != SortField::Id) {
        sort_by.push(json!({ "href": format!("{API}/queries/sort_bys/id-asc") }));
    }
    json!({
        "name": name,
        "public": draft.public,
        "starred": draft.starred,
        "showHierarchies": layout.tree,
        "timelineVisible": draft.kind == ViewKind::Gantt,
        "filters": filters_of(&params),
        "_links": {
            "project": { "href": format!("{API}/projects/{}", draft.project) },
            "columns": layout.columns.iter()
                .map(|c| json!({ "href": format!("{API}/queries/columns/{}", c.token()) }))
                .collect::<Vec<_>>(),
            "sortBy": sort_by,
            "groupBy": { "href": layout.group.map(|by| format!("{API}/queries/group_bys/{}", by.as_str())) },
        },
    })
}

/// The last segment of an href (`/api/v3/statuses/3` → `3`), decoded where it was percent-encoded.
fn last_segment(href: &str) -> String {
    // A `+` in a path is itself (`<t+`), not a space as in a query string.
    let segment = href
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .replace('+', "%2B");
    decode_query(&format!("x={segment}"))
        .pop()
        .map(|(_, v)| v)
        .unwrap_or_default()
}

fn href(value: &Value) -> Option<&str> {
    value.get("href")?.as_str()
}

/// Sets what a filter instance says on `params`; false when Tafel has no control for it.
fn apply_filter(instance: &Value, params: &mut ListParams) -> bool {
    let links = &instance["_links"];
    let (Some(name), Some(operator)) = (
        links.get("filter").and_then(href).map(last_segment),
        links.get("operator").and_then(href).map(last_segment),
    ) else {
        return false;
    };
    let ids: Vec<u64> = links
        .get("values")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|v| href(v)?.rsplit('/').next()?.parse().ok())
        .collect();
    let texts: Vec<&str> = instance
        .get("values")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let linked = links
        .get("values")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    let one = ids
        .first()
        .copied()
        .filter(|_| ids.len() == 1 && linked == 1);
    // The filter bar's own choices first, each once; anything else the builder can say is a condition.
    let defaults = ListParams::default();
    let free = match name.as_str() {
        "status" => params.status == defaults.status,
        "assignee" => params.assignee == defaults.assignee,
        "type" => params.wp_type.is_none(),
        "priority" => params.priority.is_none(),
        "version" => params.version == defaults.version,
        "id" | "subjectOrId" | "search" => params.text.is_empty(),
        "dueDate" => params.due == DueChoice::Any,
        "subprojectId" => !params.subprojects,
        _ => false,
    };
    if !free || !quick_choice(&name, &operator, one, &texts, params) {
        return condition_of(&name, &operator, links, &texts).is_some_and(|c| {
            params.conditions.push(c);
            true
        });
    }
    true
}

/// The builder's condition for a filter instance, if it has one.
fn condition_of(name: &str, operator: &str, links: &Value, texts: &[&str]) -> Option<Condition> {
    let field = CondField::parse(name)?;
    let op = *field.operators().iter().find(|o| o.symbol() == operator)?;
    let values: Vec<String> = if op.values() == ValueKind::Ids {
        links
            .get("values")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|v| Some(href(v)?.rsplit('/').next()?.to_owned()))
            .collect()
    } else {
        texts.iter().map(|t| (*t).to_owned()).collect()
    };
    let condition = Condition { field, op, values };
    condition.is_complete().then_some(condition)
}

/// Sets the filter bar's choice a filter instance stands for; false when it is none of them.
fn quick_choice(
    name: &str,
    operator: &str,
    one: Option<u64>,
    texts: &[&str],
    params: &mut ListParams,
) -> bool {
    match (name, operator, one) {
        ("status", "o", _) => params.status = StatusChoice::Open,
        ("status", "c", _) => params.status = StatusChoice::Closed,
        ("status", "=", Some(id)) => params.status = StatusChoice::Is(StatusId(id)),
        ("assignee", "!*", _) => params.assignee = AssigneeChoice::Nobody,
        ("assignee", "=", Some(id)) => params.assignee = AssigneeChoice::Is(UserId(id)),
        ("type", "=", Some(id)) => params.wp_type = Some(TypeId(id)),
        ("priority", "=", Some(id)) => params.priority = Some(PriorityId(id)),
        ("version", "!*", _) => params.version = VersionChoice::Nobody,
        ("version", "=", Some(id)) => params.version = VersionChoice::Is(VersionId(id)),
        ("id", "=", Some(id)) => params.text = format!("#{id}"),
        ("subjectOrId" | "search", "**" | "~", _) if texts.len() == 1 => {
            texts[0].clone_into(&mut params.text);
        }
        ("dueDate", "<t-", _) if texts == ["1"] => params.due = DueChoice::Overdue,
        ("dueDate", "<t+", _) if texts == ["6"] => params.due = DueChoice::NextSevenDays,
        ("dueDate", "!*", _) => params.due = DueChoice::NoDate,
        ("subprojectId", "*", _) => params.subprojects = true,
        _ => return false,
    }
    true
}

/// A view from a query, as `me` sees it; `None` for queries that are not views (a board's hidden
/// ones). Whose it is comes from its `user` link, what `me` may do from its action links.
pub fn view_of(query: &Value, project: ProjectId, me: Option<UserId>) -> Option<SavedView> {
    let id = query.get("id")?.as_u64()?;
    let name = query.get("name")?.as_str()?.to_owned();
    if name == ORDER_QUERY_NAME || query.get("hidden").and_then(Value::as_bool) == Some(true) {
        return None;
    }
    let flag = |key: &str| query.get(key).and_then(Value::as_bool).unwrap_or(false);
    let links = &query["_links"];
    let mut params = ListParams::default();
    let mut partial = false;
    for instance in query
        .get("filters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        partial |= !apply_filter(instance, &mut params);
    }
    // An overdue view keeps "open" as part of "overdue", not as a filter of its own.
    if params.due == DueChoice::Overdue && params.status == StatusChoice::Open {
        params.status = StatusChoice::Any;
    }
    // The id ascending that ends a list is the tie-breaker Tafel adds; an unknown key makes it partial.
    let mut keys: Vec<Sort> = Vec::new();
    for sort in links
        .get("sortBy")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(href)
    {
        let sort = last_segment(sort);
        let (field, direction) = sort.rsplit_once('-').unwrap_or((sort.as_str(), "asc"));
        match SortField::parse(field) {
            Some(field) if field != SortField::Position => keys.push(Sort {
                field,
                descending: direction == "desc",
            }),
            _ => partial = true,
        }
    }
    if keys.len() > 1 && keys.last() == Some(&Sort::asc(SortField::Id)) {
        keys.pop();
    }
    if let Some((first, rest)) = keys.split_first() {
        params.sort = *first;
        params.then_by = rest.to_vec();
    }
    let mut layout = TableLayout {
        tree: flag("showHierarchies"),
        ..TableLayout::default()
    };
    let columns: Vec<Column> = links
        .get("columns")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|c| Column::parse(&last_segment(href(c)?)))
        .collect();
    if !columns.is_empty() {
        layout.columns = columns;
    }
    if let Some(by) = links.get("groupBy").and_then(href) {
        match GroupBy::parse(&last_segment(by)).filter(|by| GROUPINGS.contains(by)) {
            Some(by) => layout.group = Some(by),
            None => partial = true,
        }
    }
    let mut pairs = params.to_query();
    pairs.extend(layout.to_query());
    let user = links.get("user");
    let owner = user
        .and_then(href)
        .and_then(|h| h.rsplit('/').next()?.parse().ok())
        .map(UserId);
    // A query without an owner link is taken as the caller's, as before owners were read.
    let mine = owner.is_none() || owner == me;
    let owner_name = user
        .and_then(|u| u.get("title"))
        .and_then(Value::as_str)
        .filter(|_| !mine)
        .map(str::to_owned);
    let action = |name: &str| links.get(name).and_then(href).is_some();
    Some(SavedView {
        id: ViewId(id),
        project,
        name,
        kind: if flag("timelineVisible") {
            ViewKind::Gantt
        } else {
            ViewKind::Table
        },
        query: encode_query(&pairs),
        public: flag("public"),
        starred: flag("starred"),
        partial,
        owner,
        owner_name,
        mine,
        may_change: action("updateImmediately"),
        may_delete: action("delete"),
    })
}

impl OpenProjectBackend {
    pub(super) async fn views_on_server(
        &self,
        project: ProjectId,
    ) -> Result<Vec<SavedView>, ApiError> {
        let filter = json!([{ "project": { "operator": "=", "values": [project.to_string()] } }]);
        let queries: Vec<Value> = self
            .get_all("/queries", &[("filters", filter.to_string())], true)
            .await?;
        let me = crate::api::Backend::me(self).await?;
        let mut views: Vec<SavedView> = queries
            .iter()
            .filter_map(|q| view_of(q, project, me))
            .collect();
        sort_views(&mut views);
        Ok(views)
    }

    pub(super) async fn save_view_on_server(
        &self,
        draft: ViewDraft,
    ) -> Result<SavedView, ApiError> {
        let name = board_name(&draft.name)
            .ok_or_else(|| ApiError::Invalid(vec![FieldError::new(Field::Name, Problem::Blank)]))?;
        let body = query_body(&draft, &name);
        let response = match draft.id {
            Some(id) => {
                self.call(Method::Patch, &format!("/queries/{}", id.0), Some(&body))
                    .await?
            }
            None => self.call(Method::Post, "/queries", Some(&body)).await?,
        };
        let mut saved: Value = super::decode::json(&response)?;
        let id = saved
            .get("id")
            .and_then(Value::as_u64)
            .ok_or_else(|| ApiError::Corrupt("the saved query has no id".to_owned()))?;
        // OpenProject stars a query through its own endpoint; the body's flag may be ignored.
        if saved.get("starred").and_then(Value::as_bool) != Some(draft.starred) {
            let action = if draft.starred { "star" } else { "unstar" };
            let response = self
                .call(Method::Patch, &format!("/queries/{id}/{action}"), None)
                .await?;
            saved = super::decode::json(&response)?;
        }
        let me = crate::api::Backend::me(self).await?;
        view_of(&saved, draft.project, me)
            .ok_or_else(|| ApiError::Corrupt("the saved query is no view".to_owned()))
    }

    /// `PATCH /queries/{id}/star` or `/unstar`, no body: the query comes back starred or not.
    pub(super) async fn star_view_on_server(
        &self,
        id: ViewId,
        starred: bool,
    ) -> Result<SavedView, ApiError> {
        let action = if starred { "star" } else { "unstar" };
        let response = self
            .call(Method::Patch, &format!("/queries/{}/{action}", id.0), None)
            .await?;
        let saved: Value = super::decode::json(&response)?;
        let project = saved["_links"]["project"]
            .get("href")
            .and_then(Value::as_str)
            .and_then(|h| h.rsplit('/').next()?.parse().ok())
            .map_or(ProjectId(0), ProjectId);
        let me = crate::api::Backend::me(self).await?;
        view_of(&saved, project, me)
            .ok_or_else(|| ApiError::Corrupt("the starred query is no view".to_owned()))
    }

    pub(super) async fn delete_view_on_server(&self, id: ViewId) -> Result<(), ApiError> {
        self.call(Method::Delete, &format!("/queries/{}", id.0), None)
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(query: &str, kind: ViewKind) -> ViewDraft {
        ViewDraft {
            id: None,
            project: ProjectId(1),
            name: "Mine".into(),
            kind,
            query: query.into(),
            public: true,
            starred: true,
        }
    }

    /// What the server answers: the body as sent, with an id (as OpenProject echoes its query).
    fn answered(body: &Value) -> Value {
        let mut query = body.clone();
        query["id"] = json!(7);
        query
    }

    #[test]
    fn a_view_becomes_openproject_filters_sort_columns_and_grouping() {
        let body = query_body(
            &draft(
                "q=login&status=open&assignee=3&type=2&sort=-dueDate&cols=id,subject,status&group=priority&tree=1",
                ViewKind::Table,
            ),
            "Mine",
        );
        assert_eq!(body["name"], "Mine");
        assert_eq!(body["public"], true);
        assert_eq!(body["showHierarchies"], true);
        assert_eq!(body["timelineVisible"], false);
        let filters = body["filters"].as_array().unwrap();
        let names: Vec<&str> = filters
            .iter()
            .map(|f| f["_links"]["filter"]["href"].as_str().unwrap())
            .collect();
        assert_eq!(
            names,
            [
                "/api/v3/queries/filters/subjectOrId",
                "/api/v3/queries/filters/status",
                "/api/v3/queries/filters/assignee",
                "/api/v3/queries/filters/type",
            ]
        );
        assert_eq!(filters[0]["values"], json!(["login"]));
        assert_eq!(
            filters[1]["_links"]["operator"]["href"],
            "/api/v3/queries/operators/o"
        );
        assert_eq!(
            filters[2]["_links"]["values"],
            json!([{ "href": "/api/v3/users/3" }])
        );
        assert_eq!(
            body["_links"]["sortBy"],
            json!([
                { "href": "/api/v3/queries/sort_bys/dueDate-desc" },
                { "href": "/api/v3/queries/sort_bys/id-asc" },
            ])
        );
        assert_eq!(
            body["_links"]["columns"][2]["href"],
            "/api/v3/queries/columns/status"
        );
        assert_eq!(
            body["_links"]["groupBy"]["href"],
            "/api/v3/queries/group_bys/priority"
        );
        assert_eq!(body["_links"]["project"]["href"], "/api/v3/projects/1");
    }

    #[test]
    fn a_saved_view_reads_back_as_the_same_settings() {
        for query in [
            "q=login&status=open&assignee=3&type=2&priority=8&version=none&sort=-dueDate&cols=id%2Cstatus%2Csubject&group=assignee&tree=1",
            "status=closed&assignee=none&version=4&due=week",
            "q=%2312&due=overdue",
            "status=5&due=none&sort=subject",
            "sort=-priority%2CdueDate%2Csubject",
            "sub=1&group=project",
            "status=open&f=status%3A!%3A3&f=assignee%3A%3D%3Ame%7C3&f=dueDate%3A%3Ct%2B%3A7&f=subject%3A!~%3Adraft",
            "f=updatedAt%3A%3C%3Ed%3A2026-01-01%7C&version=none&f=responsible%3A*%3A&f=startDate%3At%3A",
            "f=category%3A%3D%3A2%7C3&f=category%3A!*%3A",
            "",
        ] {
            let sent = draft(query, ViewKind::Gantt);
            let view = view_of(&answered(&query_body(&sent, "Mine")), ProjectId(1), None).unwrap();
            let as_pairs = |q: &str| {
                let mut pairs = decode_query(q);
                pairs.sort();
                pairs
            };
            assert_eq!(as_pairs(&view.query), as_pairs(query), "{query}");
            assert_eq!(view.kind, ViewKind::Gantt);
            assert!(!view.partial, "{query}");
            assert!(view.public && view.starred);
            assert_eq!(view.id, ViewId(7));
        }
    }

    #[test]
    fn a_query_made_in_openproject_with_other_filters_opens_without_them_marked_partial() {
        let query = json!({
            "id": 3,
            "name": "Made in OpenProject",
            "filters": [
                { "_links": { "filter": { "href": "/api/v3/queries/filters/status" }, "operator": { "href": "/api/v3/queries/operators/%3D" }, "values": [{ "href": "/api/v3/statuses/2" }] } },
                { "_links": { "filter": { "href": "/api/v3/queries/filters/author" }, "operator": { "href": "/api/v3/queries/operators/=" }, "values": [{ "href": "/api/v3/users/1" }] } }
            ],
            "_links": { "groupBy": { "href": "/api/v3/queries/group_bys/category" }, "sortBy": [] }
        });
        let view = view_of(&query, ProjectId(1), None).unwrap();
        assert!(view.partial);
        assert_eq!(view.query, "status=2");
        assert_eq!(view.kind, ViewKind::Table);
    }

    #[test]
    fn the_board_order_query_and_hidden_queries_are_not_views() {
        assert!(
            view_of(
                &json!({ "id": 1, "name": ORDER_QUERY_NAME }),
                ProjectId(1),
                None
            )
            .is_none()
        );
        assert!(
            view_of(
                &json!({ "id": 2, "name": "Column", "hidden": true }),
                ProjectId(1),
                None
            )
            .is_none()
        );
        assert!(view_of(&json!({ "name": "no id" }), ProjectId(1), None).is_none());
    }

    #[test]
    fn a_query_shared_by_someone_else_names_its_owner_and_offers_only_what_its_links_allow() {
        let shared = json!({
            "id": 9, "name": "Team plan", "public": true, "starred": false,
            "_links": {
                "user": { "href": "/api/v3/users/3", "title": "Lukas Becker" },
                "star": { "href": "/api/v3/queries/9/star", "method": "patch" },
            }
        });
        let view = view_of(&shared, ProjectId(1), Some(UserId(1))).unwrap();
        assert!(!view.mine && !view.may_change && !view.may_delete);
        assert_eq!(view.owner, Some(UserId(3)));
        assert_eq!(view.owner_name.as_deref(), Some("Lukas Becker"));
        let mut own = shared.clone();
        own["_links"]["user"] = json!({ "href": "/api/v3/users/1", "title": "Anna Schmidt" });
        own["_links"]["updateImmediately"] =
            json!({ "href": "/api/v3/queries/9", "method": "patch" });
        own["_links"]["delete"] = json!({ "href": "/api/v3/queries/9", "method": "delete" });
        let view = view_of(&own, ProjectId(1), Some(UserId(1))).unwrap();
        assert!(view.mine && view.may_change && view.may_delete);
        assert_eq!(view.owner_name, None);
    }
}
