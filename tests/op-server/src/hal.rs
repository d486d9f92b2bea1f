//! HAL+JSON builders: each function turns one record into the shape of its official model.

use crate::state::{
    Activity, Attachment, Category, Data, Priority, Project, Relation, Status, User, Version,
    WorkPackage, WpType,
};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Datelike, NaiveDate, SecondsFormat, Utc, Weekday};
use serde_json::{Value, json};

pub const HAL_JSON: &str = "application/hal+json; charset=utf-8";

pub fn response(status: StatusCode, body: &Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(HAL_JSON));
    response
}

pub fn ok(body: &Value) -> Response {
    response(StatusCode::OK, body)
}

pub fn link(href: impl Into<String>, title: impl Into<String>) -> Value {
    json!({ "href": href.into(), "title": title.into() })
}

pub fn href(href: impl Into<String>) -> Value {
    json!({ "href": href.into() })
}

pub fn action(href: impl Into<String>, method: &str) -> Value {
    json!({ "href": href.into(), "method": method })
}

/// A link whose target may be absent: `{"href": null}` means "no value" in HAL.
fn optional_link(target: Option<(String, String)>) -> Value {
    match target {
        Some((href, title)) => link(href, title),
        None => json!({ "href": null }),
    }
}

pub fn datetime(value: DateTime<Utc>) -> String {
    value.to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub fn date(value: Option<NaiveDate>) -> Value {
    value.map_or(Value::Null, |d| json!(d.format("%Y-%m-%d").to_string()))
}

/// Hours as an ISO 8601 duration, e.g. 1.5 → `PT1H30M`.
pub fn hours(value: Option<f64>) -> Value {
    let Some(hours) = value else {
        return Value::Null;
    };
    #[allow(clippy::cast_possible_truncation)]
    let minutes = (hours * 60.0).round() as i64;
    let (h, m) = (minutes / 60, minutes % 60);
    json!(match (h, m) {
        (0, 0) => "PT0S".to_owned(),
        (h, 0) => format!("PT{h}H"),
        (0, m) => format!("PT{m}M"),
        (h, m) => format!("PT{h}H{m}M"),
    })
}

/// Working days (Monday to Friday) from start to finish, both included; OpenProject's `duration`.
pub fn working_days(start: NaiveDate, finish: NaiveDate) -> i64 {
    start
        .iter_days()
        .take_while(|d| *d <= finish)
        .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
        .count()
        .try_into()
        .unwrap_or(i64::MAX)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A deliberately small markdown rendering: paragraphs and `- ` lists, everything else escaped.
pub fn render_markdown(raw: &str) -> String {
    raw.split("\n\n")
        .filter(|block| !block.trim().is_empty())
        .map(|block| {
            let lines: Vec<&str> = block.lines().collect();
            if lines.iter().all(|l| l.trim_start().starts_with("- ")) {
                let items: String = lines
                    .iter()
                    .map(|l| ["<li>", &escape(&l.trim_start()[2..]), "</li>"].concat())
                    .collect();
                format!("<ul class=\"op-uc-list\">{items}</ul>")
            } else {
                format!("<p class=\"op-uc-p\">{}</p>", escape(block))
            }
        })
        .collect()
}

pub fn formattable(format: &str, raw: &str) -> Value {
    let html = if format == "markdown" {
        render_markdown(raw)
    } else {
        escape(raw)
    };
    json!({ "format": format, "raw": raw, "html": html })
}

pub fn status(s: &Status) -> Value {
    json!({
        "_type": "Status",
        "id": s.id,
        "name": s.name,
        "isClosed": s.is_closed,
        "color": s.color,
        "isDefault": s.is_default,
        "isReadonly": false,
        "excludedFromTotals": false,
        "defaultDoneRatio": s.default_done_ratio,
        "position": s.position,
        "_links": { "self": link(format!("/api/v3/statuses/{}", s.id), s.name) },
    })
}

pub fn wp_type(t: &WpType) -> Value {
    json!({
        "_type": "Type",
        "id": t.id,
        "name": t.name,
        "color": t.color,
        "position": t.position,
        "isDefault": t.is_default,
        "isMilestone": t.is_milestone,
        "createdAt": datetime(crate::state::epoch() - chrono::Duration::days(365)),
        "updatedAt": datetime(crate::state::epoch() - chrono::Duration::days(365)),
        "_links": { "self": link(format!("/api/v3/types/{}", t.id), t.name) },
    })
}

pub fn priority(p: &Priority) -> Value {
    json!({
        "_type": "Priority",
        "id": p.id,
        "name": p.name,
        "position": p.position,
        "isDefault": p.is_default,
        "isActive": true,
        "_links": { "self": link(format!("/api/v3/priorities/{}", p.id), p.name) },
    })
}

pub fn user(u: &User) -> Value {
    json!({
        "_type": "User",
        "id": u.id,
        "name": u.name(),
        "login": u.login,
        "firstName": u.first_name,
        "lastName": u.last_name,
        "email": u.email,
        "admin": false,
        "avatar": null,
        "status": "active",
        "language": "en",
        "identityUrl": null,
        "createdAt": datetime(crate::state::epoch() - chrono::Duration::days(400)),
        "updatedAt": datetime(crate::state::epoch() - chrono::Duration::days(400)),
        "_links": {
            "self": link(format!("/api/v3/users/{}", u.id), u.name()),
            "memberships": href(format!("/api/v3/memberships?filters=%5B%7B%22principal%22%3A%7B%22operator%22%3A%22%3D%22%2C%22values%22%3A%5B%22{}%22%5D%7D%7D%5D", u.id)),
            "showUser": json!({ "href": format!("/users/{}", u.id), "type": "text/html" }),
        },
    })
}

/// What `/users/me` shows to a caller who is not logged in on an instance that allows anonymous reading.
pub fn anonymous_user() -> Value {
    json!({
        "_type": "User",
        "id": 2,
        "name": "Anonymous",
        "login": "",
        "avatar": null,
        "status": "active",
        "_links": { "self": link("/api/v3/users/2", "Anonymous") },
    })
}

pub fn project(p: &Project, can_write: bool) -> Value {
    let base = format!("/api/v3/projects/{}", p.id);
    let mut links = json!({
        "self": link(&base, p.name),
        "categories": href(format!("{base}/categories")),
        "types": href(format!("{base}/types")),
        "versions": href(format!("{base}/versions")),
        "memberships": href(format!("/api/v3/memberships?filters=%5B%7B%22project%22%3A%7B%22operator%22%3A%22%3D%22%2C%22values%22%3A%5B%22{}%22%5D%7D%7D%5D", p.id)),
        "workPackages": href(format!("{base}/work_packages")),
        "parent": p.parent.map_or_else(
            || json!({ "href": null }),
            |id| href(format!("/api/v3/projects/{id}")),
        ),
        "ancestors": p.parent.map(|id| vec![href(format!("/api/v3/projects/{id}"))]).unwrap_or_default(),
    });
    if can_write {
        links["createWorkPackage"] = action(format!("{base}/work_packages/form"), "post");
        links["createWorkPackageImmediately"] = action(format!("{base}/work_packages"), "post");
    }
    json!({
        "_type": "Project",
        "id": p.id,
        "identifier": p.identifier,
        "name": p.name,
        "active": true,
        "public": true,
        "favorited": false,
        "description": formattable("markdown", p.description),
        "createdAt": datetime(crate::state::epoch() - chrono::Duration::days(90)),
        "updatedAt": datetime(crate::state::epoch() - chrono::Duration::days(60)),
        "_links": links,
    })
}

pub fn version(v: &Version, data: &Data) -> Value {
    let defining = data.project(v.project).map_or("", |p| p.name);
    json!({
        "_type": "Version",
        "id": v.id,
        "name": v.name,
        "description": formattable("plain", v.description),
        "startDate": date(v.start_date),
        "endDate": date(v.end_date),
        "status": v.status,
        "sharing": "none",
        "createdAt": datetime(crate::state::epoch() - chrono::Duration::days(80)),
        "updatedAt": datetime(crate::state::epoch() - chrono::Duration::days(80)),
        "_links": {
            "self": link(format!("/api/v3/versions/{}", v.id), v.name),
            "schema": href("/api/v3/versions/schema"),
            "definingProject": link(format!("/api/v3/projects/{}", v.project), defining),
            "availableInProjects": href(format!("/api/v3/versions/{}/projects", v.id)),
        },
    })
}

pub fn category(c: &Category, data: &Data) -> Value {
    let project = data.project(c.project).map_or("", |p| p.name);
    json!({
        "_type": "Category",
        "id": c.id,
        "name": c.name,
        "_links": {
            "self": link(format!("/api/v3/categories/{}", c.id), c.name),
            "project": link(format!("/api/v3/projects/{}", c.project), project),
        },
    })
}

pub fn relation(r: &Relation, data: &Data, can_write: bool) -> Value {
    let self_href = format!("/api/v3/relations/{}", r.id);
    let title = |id: u64| {
        data.work_package(id)
            .map_or(String::new(), |w| w.subject.clone())
    };
    let mut links = json!({
        "self": href(&self_href),
        "from": link(format!("/api/v3/work_packages/{}", r.from), title(r.from)),
        "to": link(format!("/api/v3/work_packages/{}", r.to), title(r.to)),
    });
    if can_write {
        links["updateImmediately"] = action(&self_href, "patch");
        links["delete"] = action(&self_href, "delete");
    }
    json!({
        "_type": "Relation",
        "id": r.id,
        "name": r.kind,
        "type": r.kind,
        "reverseType": reverse_relation(&r.kind),
        "description": r.description,
        "lag": r.lag,
        "_links": links,
    })
}

pub const RELATION_TYPES: [&str; 11] = [
    "relates",
    "duplicates",
    "duplicated",
    "blocks",
    "blocked",
    "precedes",
    "follows",
    "includes",
    "partof",
    "requires",
    "required",
];

pub fn reverse_relation(kind: &str) -> &'static str {
    match kind {
        "duplicates" => "duplicated",
        "duplicated" => "duplicates",
        "blocks" => "blocked",
        "blocked" => "blocks",
        "precedes" => "follows",
        "follows" => "precedes",
        "includes" => "partof",
        "partof" => "includes",
        "requires" => "required",
        "required" => "requires",
        _ => "relates",
    }
}

/// `_type` is `Activity::Comment` when the journal entry carries a comment, else `Activity`.
pub fn activity(a: &Activity, data: &Data, caller: Option<u64>) -> Value {
    let user_name = data.user(a.user).map_or(String::new(), User::name);
    let mut links = json!({
        "self": href(format!("/api/v3/activities/{}", a.id)),
        "workPackage": href(format!("/api/v3/work_packages/{}", a.work_package)),
        "user": link(format!("/api/v3/users/{}", a.user), user_name),
    });
    if !a.comment.is_empty() && caller == Some(a.user) {
        links["update"] = action(format!("/api/v3/activities/{}", a.id), "patch");
    }
    json!({
        "_type": if a.comment.is_empty() { "Activity" } else { "Activity::Comment" },
        "id": a.id,
        "version": a.version,
        "comment": formattable("markdown", &a.comment),
        "details": a.details.iter().map(|d| formattable("custom", d)).collect::<Vec<_>>(),
        "internal": false,
        "createdAt": datetime(a.created_at),
        "updatedAt": datetime(a.created_at),
        "_links": links,
    })
}

pub fn attachment(a: &Attachment, data: &Data) -> Value {
    let self_href = format!("/api/v3/attachments/{}", a.id);
    let author = data.user(a.author).map_or(String::new(), User::name);
    json!({
        "_type": "Attachment",
        "id": a.id,
        "fileName": a.file_name,
        "fileSize": a.content.len(),
        "description": formattable("plain", ""),
        "status": "uploaded",
        "contentType": a.content_type,
        "digest": { "algorithm": "md5", "hash": "" },
        "createdAt": datetime(a.created_at),
        "_links": {
            "self": link(&self_href, &a.file_name),
            "container": href(format!("/api/v3/work_packages/{}", a.work_package)),
            "author": link(format!("/api/v3/users/{}", a.author), author),
            "downloadLocation": href(a.download_href.clone().unwrap_or_else(|| format!("{self_href}/content"))),
            "staticDownloadLocation": href(format!("{self_href}/content")),
        },
    })
}

/// A plain, unpaginated collection.
#[allow(clippy::needless_pass_by_value)] // callers build the list just for this
pub fn collection(self_href: &str, elements: Vec<Value>) -> Value {
    json!({
        "_type": "Collection",
        "total": elements.len(),
        "count": elements.len(),
        "_embedded": { "elements": elements },
        "_links": { "self": href(self_href) },
    })
}

fn user_link(data: &Data, id: Option<u64>) -> Value {
    optional_link(id.and_then(|id| {
        data.user(id)
            .map(|u| (format!("/api/v3/users/{id}"), u.name()))
    }))
}

fn derived_dates(data: &Data, wp: &WorkPackage) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let descendants = data.descendants(wp.id);
    let dates = descendants.iter().filter_map(|id| data.work_package(*id));
    let start = dates.clone().filter_map(|w| w.start_date).min();
    let due = dates.filter_map(|w| w.due_date).max();
    (start, due)
}

/// `caller` is the signed-in user, `None` for anonymous reading: action links depend on it.
pub fn work_package(data: &Data, wp: &WorkPackage, caller: Option<u64>) -> Value {
    let can_write = caller.is_some();
    let self_href = format!("/api/v3/work_packages/{}", wp.id);
    let milestone = data.is_milestone(wp.type_id);
    let status = data.status(wp.status);
    let wp_type = data.wp_type(wp.type_id);
    let priority = data.priority(wp.priority);
    let project = data.project(wp.project);
    let title_of = |id: u64| {
        data.work_package(id)
            .map_or(String::new(), |w| w.subject.clone())
    };
    let mut links = json!({
        "self": link(&self_href, &wp.subject),
        "schema": href(format!("/api/v3/work_packages/schemas/{}-{}", wp.project, wp.type_id)),
        "project": link(format!("/api/v3/projects/{}", wp.project), project.map_or("", |p| p.name)),
        "status": link(format!("/api/v3/statuses/{}", wp.status), status.map_or("", |s| s.name)),
        "type": link(format!("/api/v3/types/{}", wp.type_id), wp_type.map_or("", |t| t.name)),
        "priority": link(format!("/api/v3/priorities/{}", wp.priority), priority.map_or("", |p| p.name)),
        "author": user_link(data, Some(wp.author)),
        "assignee": user_link(data, wp.assignee),
        "responsible": user_link(data, wp.responsible),
        "version": optional_link(wp.version.and_then(|id| data.version(id).map(|v| (format!("/api/v3/versions/{id}"), v.name.to_owned())))),
        "parent": optional_link(wp.parent.map(|id| (format!("/api/v3/work_packages/{id}"), title_of(id)))),
        "ancestors": data.ancestors(wp.id).into_iter().map(|id| link(format!("/api/v3/work_packages/{id}"), title_of(id))).collect::<Vec<_>>(),
        "children": data.children(wp.id).into_iter().map(|c| link(format!("/api/v3/work_packages/{}", c.id), &c.subject)).collect::<Vec<_>>(),
        "relations": href(format!("{self_href}/relations")),
        "activities": href(format!("{self_href}/activities")),
        "watchers": href(format!("{self_href}/watchers")),
        "attachments": href(format!("{self_href}/attachments")),
        "category": optional_link(wp.category.and_then(|id| data.category(id).map(|c| (format!("/api/v3/categories/{id}"), c.name.to_owned())))),
    });
    if can_write {
        links["update"] = action(format!("{self_href}/form"), "post");
        links["updateImmediately"] = action(&self_href, "patch");
        links["delete"] = action(&self_href, "delete");
        links["addComment"] = action(format!("{self_href}/activities"), "post");
        links["addRelation"] = action(format!("{self_href}/relations"), "post");
        links["availableWatchers"] = href(format!("{self_href}/available_watchers"));
        links["addWatcher"] = json!({
            "href": format!("{self_href}/watchers"),
            "method": "post",
            "payload": { "user": { "href": "/api/v3/users/{user_id}" } },
            "templated": true,
        });
        links["removeWatcher"] = json!({
            "href": format!("{self_href}/watchers/{{user_id}}"),
            "method": "delete",
            "templated": true,
        });
    }
    // Watching oneself: `watch` while not watching, `unwatch` while watching.
    if let Some(me) = caller {
        if data.watchers.contains(&(wp.id, me)) {
            links["unwatch"] = action(format!("{self_href}/watchers/{me}"), "delete");
        } else {
            links["watch"] = json!({
                "href": format!("{self_href}/watchers"),
                "method": "post",
                "payload": { "user": { "href": format!("/api/v3/users/{me}") } },
            });
        }
    }
    let (derived_start, derived_due) = derived_dates(data, wp);
    let mut body = json!({
        "_type": "WorkPackage",
        "id": wp.id,
        "lockVersion": wp.lock_version,
        "subject": wp.subject,
        "description": formattable("markdown", &wp.description),
        "scheduleManually": wp.schedule_manually,
        "readonly": false,
        "derivedStartDate": date(derived_start),
        "derivedDueDate": date(derived_due),
        "estimatedTime": hours(wp.estimated_hours),
        "derivedEstimatedTime": hours(wp.estimated_hours),
        "ignoreNonWorkingDays": false,
        "spentTime": "PT0S",
        "percentageDone": wp.percentage_done,
        "derivedPercentageDone": wp.percentage_done,
        "createdAt": datetime(wp.created_at),
        "updatedAt": datetime(wp.updated_at),
        "_links": links,
    });
    if milestone {
        body["date"] = date(wp.start_date);
    } else {
        body["startDate"] = date(wp.start_date);
        body["dueDate"] = date(wp.due_date);
        body["duration"] = match (wp.start_date, wp.due_date) {
            (Some(start), Some(due)) => json!(format!("P{}D", working_days(start, due))),
            _ => Value::Null,
        };
    }
    if project.is_some_and(|p| p.cost_centre_field) {
        body["customField1"] = json!(wp.cost_centre);
    }
    crate::custom_fields::show(data, wp, &mut body);
    body
}
