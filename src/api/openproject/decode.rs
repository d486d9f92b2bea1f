//! HAL → domain, and error answers → `ApiError`. Pure functions: no network, no state.
//!
//! Ids come from hrefs (`/api/v3/statuses/7` → `StatusId(7)`), because a link is all a work
//! package carries about its status, type and so on. Every malformed input becomes a typed error
//! (`ApiError::Decode` mostly); nothing here panics on what a server sends.

use super::HttpResponse;
use super::custom_values::CustomValues;
use super::hal::{self, Collection, Link};
use crate::api::ApiError;
use crate::domain::{
    Activity, ActivityDetail, ActivityId, Category, CategoryId, CustomField, CustomKind,
    CustomOption, Field, FieldError, Permissions, Priority, PriorityId, Problem, Project,
    ProjectId, Relation, RelationId, RelationKind, Status, StatusId, TypeId, User, UserId, Version,
    VersionId, WorkPackage, WorkPackageId, WpType,
};
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

// ----- bodies ------------------------------------------------------------------------------------

/// Parses a successful answer's body. A proxy's HTML page (login portal, error page) can arrive
/// with status 200, so the content type is checked before the JSON.
pub fn json<T: DeserializeOwned>(response: &HttpResponse) -> Result<T, ApiError> {
    serde_json::from_str(body(response)?).map_err(|e| ApiError::Decode(format!("{e}")))
}

/// The body of a JSON answer; an error for anything else (an HTML login page, say).
pub fn body(response: &HttpResponse) -> Result<&str, ApiError> {
    if let Some(content_type) = &response.content_type
        && !content_type.to_ascii_lowercase().contains("json")
    {
        return Err(ApiError::Decode(format!(
            "expected HAL+JSON, got {content_type}: {}",
            snippet(&response.body)
        )));
    }
    Ok(&response.body)
}

/// A work package from its JSON text, custom field values included.
pub fn work_package_text(text: &str) -> Result<WorkPackage, ApiError> {
    let decode_error = |e: serde_json::Error| ApiError::Decode(format!("{e}"));
    let mut wp: hal::WorkPackage = serde_json::from_str(text).map_err(decode_error)?;
    wp.custom = serde_json::from_str::<CustomValues>(text)
        .map_err(decode_error)?
        .0;
    work_package(wp)
}

/// One element of a collection fetched undecoded (see `OpenProjectBackend::get_all_raw`).
pub fn element<T: DeserializeOwned>(raw: &RawValue) -> Result<T, ApiError> {
    serde_json::from_str(raw.get()).map_err(|e| ApiError::Decode(format!("{e}")))
}

/// The custom fields a work package schema describes (`customField3: { "type": "String", … }`),
/// ordered by their number. Several values are allowed where the type is a list (`[]User`).
pub fn custom_fields(schema: &serde_json::Value) -> Vec<CustomField> {
    let Some(members) = schema.as_object() else {
        return Vec::new();
    };
    let length = |spec: &serde_json::Value, name: &str| {
        spec[name].as_u64().and_then(|n| usize::try_from(n).ok())
    };
    let mut fields: Vec<(u32, CustomField)> = members
        .iter()
        .filter_map(|(key, spec)| {
            let Field::Custom(number) = Field::custom(key)? else {
                return None;
            };
            let name = spec["name"].as_str()?.to_owned();
            let type_name = spec["type"].as_str().unwrap_or_default();
            let multi = type_name.starts_with("[]");
            let kind = match type_name.strip_prefix("[]").unwrap_or(type_name) {
                "String" => CustomKind::Text,
                "Formattable" => CustomKind::LongText,
                "Integer" => CustomKind::Integer,
                "Float" => CustomKind::Float,
                "Boolean" => CustomKind::Boolean,
                "Date" => CustomKind::Date,
                "CustomOption" => CustomKind::List,
                "User" => CustomKind::User,
                "Version" => CustomKind::Version,
                _ => CustomKind::Other,
            };
            Some((
                number,
                CustomField {
                    key: key.clone(),
                    name,
                    kind,
                    required: spec["required"].as_bool().unwrap_or(false),
                    required_for: Vec::new(),
                    writable: spec["writable"].as_bool().unwrap_or(false),
                    min_length: length(spec, "minLength"),
                    max_length: length(spec, "maxLength"),
                    multi,
                    options: allowed_options(spec),
                },
            ))
        })
        .collect();
    crate::domain::rank::sort_by_rank(&mut fields, |(number, _)| (0, u64::from(*number)));
    fields.into_iter().map(|(_, field)| field).collect()
}

/// The allowed values a schema lists as links (`_links.allowedValues: [{href, title}]`); none
/// when it only links to a collection of them (users of a project, say).
fn allowed_options(spec: &serde_json::Value) -> Vec<CustomOption> {
    let Some(links) = spec["_links"]["allowedValues"].as_array() else {
        return Vec::new();
    };
    links
        .iter()
        .filter_map(|link| {
            Some(CustomOption {
                id: id_from_href(link["href"].as_str()?)?,
                name: link["title"].as_str()?.to_owned(),
            })
        })
        .collect()
}

/// The first characters of a body, for messages.
fn snippet(body: &str) -> String {
    const MAX: usize = 120;
    let trimmed = body.trim();
    match trimmed.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &trimmed[..cut]),
        None => trimmed.to_owned(),
    }
}

/// A page's elements and the collection's total, after checking that the numbers agree.
pub fn page<T>(collection: Collection<T>) -> Result<(Vec<T>, usize), ApiError> {
    let elements = collection.embedded.elements;
    let received = elements.len() as u64;
    if collection.count != received {
        return Err(ApiError::Decode(format!(
            "collection says count {} but holds {received} elements",
            collection.count
        )));
    }
    if received > collection.total {
        return Err(ApiError::Decode(format!(
            "collection page holds {received} elements, more than its total {}",
            collection.total
        )));
    }
    if let Some(size) = collection.page_size
        && size > 0
        && received > size
    {
        return Err(ApiError::Decode(format!(
            "collection page holds {received} elements, more than its page size {size}"
        )));
    }
    let total = usize::try_from(collection.total)
        .map_err(|_| ApiError::Decode("collection total out of range".to_owned()))?;
    Ok((elements, total))
}

// ----- errors ------------------------------------------------------------------------------------

/// The error an unsuccessful answer means. 409 is not decided here: a conflict needs the current
/// work package (the backend fetches it), and a 409 on creating a relation means "exists already".
/// Callers that expect a 409 handle it first; anywhere else it is an unexpected answer.
pub fn error(response: &HttpResponse) -> ApiError {
    let body: Option<hal::ErrorResponse> = serde_json::from_str(&response.body).ok();
    let message = body
        .as_ref()
        .map(|b| b.message.text())
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| snippet(&response.body));
    let status = response.status;
    match status {
        401 => ApiError::Unauthenticated,
        403 => ApiError::Forbidden,
        404 => ApiError::NotFound,
        422 => invalid(body.as_ref(), &message),
        429 => ApiError::Busy {
            retry_after_s: response.retry_after,
        },
        503 if response.retry_after.is_some() => ApiError::Busy {
            retry_after_s: response.retry_after,
        },
        500..=599 => ApiError::Server { status, message },
        _ => ApiError::Decode(format!("HTTP {status}: {message}")),
    }
}

/// 422: one field error per violated property we can place. When no property maps to a domain
/// field (e.g. `base`), the server's message is still shown, as `Server { status: 422 }`.
fn invalid(body: Option<&hal::ErrorResponse>, message: &str) -> ApiError {
    let mut errors = Vec::new();
    if let Some(body) = body {
        collect_field_errors(body, &mut errors);
    }
    if errors.is_empty() {
        ApiError::Server {
            status: 422,
            message: message.to_owned(),
        }
    } else {
        ApiError::Invalid(errors)
    }
}

fn collect_field_errors(error: &hal::ErrorResponse, into: &mut Vec<FieldError>) {
    let attribute = error
        .embedded
        .details
        .as_ref()
        .and_then(|d| d.attribute.as_deref());
    if let Some(field) = attribute.and_then(field_for_attribute) {
        into.push(FieldError::new(
            field,
            Problem::Server(error.message.text()),
        ));
    }
    for inner in &error.embedded.errors {
        collect_field_errors(inner, into);
    }
}

/// OpenProject's property names (API camelCase, and the Rails names some messages use) → fields.
pub fn field_for_attribute(attribute: &str) -> Option<Field> {
    let key: String = attribute
        .chars()
        .filter(|c| *c != '_')
        .flat_map(char::to_lowercase)
        .collect();
    if let Some(number) = key.strip_prefix("customfield") {
        return number.parse().ok().map(Field::Custom);
    }
    Some(match key.as_str() {
        "subject" => Field::Subject,
        "description" => Field::Description,
        "type" => Field::Type,
        "status" => Field::Status,
        "priority" => Field::Priority,
        "assignee" | "assignedto" => Field::Assignee,
        "responsible" => Field::Responsible,
        "version" => Field::Version,
        "category" => Field::Category,
        "parent" => Field::Parent,
        "startdate" => Field::StartDate,
        "duedate" => Field::DueDate,
        "date" => Field::Date,
        "percentagedone" | "doneratio" => Field::PercentageDone,
        "estimatedtime" | "estimatedhours" => Field::EstimatedTime,
        "project" => Field::Project,
        "to" | "from" | "relatedto" => Field::RelatedTo,
        "lag" | "delay" => Field::Lag,
        "comment" | "notes" => Field::Comment,
        _ => return None,
    })
}

// ----- ids ---------------------------------------------------------------------------------------

/// The numeric id at the end of an href: `/api/v3/statuses/7` → 7. The kind segment is not
/// checked: projects may be linked as `/api/v3/workspaces/1` or `/api/v3/portfolios/1`.
pub fn id_from_href(href: &str) -> Option<u64> {
    let path = href.split(['?', '#']).next()?;
    path.trim_end_matches('/').rsplit('/').next()?.parse().ok()
}

/// The id a required link points at.
fn required(link: Option<&Link>, what: &str) -> Result<u64, ApiError> {
    let href = link
        .and_then(Link::target)
        .ok_or_else(|| ApiError::Decode(format!("{what} link is missing")))?;
    id_from_href(href).ok_or_else(|| ApiError::Decode(format!("{what} link {href} has no id")))
}

/// The id an optional link points at; `null` and undisclosed hrefs mean none.
fn optional(link: Option<&Link>, what: &str) -> Result<Option<u64>, ApiError> {
    match link.and_then(Link::target) {
        None => Ok(None),
        Some(href) => id_from_href(href)
            .map(Some)
            .ok_or_else(|| ApiError::Decode(format!("{what} link {href} has no id"))),
    }
}

/// A resource's id: its `id` member, else the end of its self link.
fn own_id(id: Option<u64>, self_link: Option<&Link>, what: &str) -> Result<u64, ApiError> {
    match id {
        Some(id) => Ok(id),
        None => required(self_link, what),
    }
}

// ----- durations ---------------------------------------------------------------------------------

/// An ISO 8601 duration `PnWnDTnHnMnS` in seconds. Years and months have no fixed length, so they
/// (and negative or empty durations) give `None`. A day counts 24 hours, as OpenProject's
/// `estimatedTime` (`P1DT18H` = 42 h) does.
pub fn parse_duration(text: &str) -> Option<f64> {
    let rest = text.trim().strip_prefix('P')?;
    let (date_part, time_part) = match rest.split_once('T') {
        Some((date, time)) if !time.is_empty() => (date, Some(time)),
        Some(_) => return None,
        None => (rest, None),
    };
    let mut seconds = 0.0;
    let mut any = false;
    for (part, units) in [
        (date_part, &[('W', 604_800.0), ('D', 86_400.0)][..]),
        (
            time_part.unwrap_or(""),
            &[('H', 3_600.0), ('M', 60.0), ('S', 1.0)][..],
        ),
    ] {
        let mut number = String::new();
        let mut next_unit = 0;
        for c in part.chars() {
            if c.is_ascii_digit() || c == '.' || c == ',' {
                number.push(if c == ',' { '.' } else { c });
                continue;
            }
            // Units must come in order and each at most once.
            let offset = units[next_unit..].iter().position(|(u, _)| *u == c)?;
            let value: f64 = number.parse().ok()?;
            seconds += value * units[next_unit + offset].1;
            next_unit += offset + 1;
            number.clear();
            any = true;
        }
        if !number.is_empty() {
            return None;
        }
    }
    any.then_some(seconds)
}

/// `estimatedTime` and friends in hours.
pub fn duration_hours(text: &str) -> Result<f64, ApiError> {
    parse_duration(text)
        .map(|s| s / 3_600.0)
        .ok_or_else(|| ApiError::Decode(format!("not an ISO 8601 duration: {text}")))
}

/// `duration` (whole days, `P3D`) in days; a fraction rounds up to the next day.
pub fn duration_days(text: &str) -> Result<u32, ApiError> {
    let days = parse_duration(text)
        .map(|s| (s / 86_400.0).ceil())
        .ok_or_else(|| ApiError::Decode(format!("not an ISO 8601 duration: {text}")))?;
    if (0.0..=f64::from(u32::MAX)).contains(&days) {
        // In range and whole, checked above.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Ok(days as u32)
    } else {
        Err(ApiError::Decode(format!("duration out of range: {text}")))
    }
}

/// Hours as an ISO 8601 duration, to the second: 1.5 → `PT1H30M`, 0 → `PT0H`.
pub fn format_hours(hours: f64) -> String {
    let seconds = (hours.max(0.0) * 3_600.0).round();
    // Non-negative and rounded; estimates stay far below u64::MAX seconds.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let seconds = seconds as u64;
    let (h, m, s) = (seconds / 3_600, seconds % 3_600 / 60, seconds % 60);
    let mut out = String::from("PT");
    for (value, unit) in [(h, 'H'), (m, 'M'), (s, 'S')] {
        if value > 0 || (unit == 'H' && seconds == 0) {
            out.push_str(&value.to_string());
            out.push(unit);
        }
    }
    out
}

// ----- resources ---------------------------------------------------------------------------------

/// OpenProject keeps no board position on a work package, so positions start from the id: stable
/// across queries, filters and pages, and in creation order. Gaps leave room for manual moves.
pub fn default_position(id: WorkPackageId) -> i64 {
    i64::try_from(id.0).unwrap_or(i64::MAX).saturating_mul(1024)
}

pub fn work_package(wp: hal::WorkPackage) -> Result<WorkPackage, ApiError> {
    let links = &wp.links;
    let id = WorkPackageId(own_id(wp.id, links.self_.as_ref(), "work package self")?);
    let subject = wp
        .subject
        .ok_or_else(|| ApiError::Decode(format!("work package {id} has no subject")))?;
    let created_at = wp
        .created_at
        .ok_or_else(|| ApiError::Decode(format!("work package {id} has no createdAt")))?;
    let percentage = wp.percentage_done.unwrap_or(0.0).clamp(0.0, 100.0).round();
    Ok(WorkPackage {
        id,
        project: ProjectId(required(links.project.as_ref(), "project")?),
        subject,
        description: raw(wp.description),
        wp_type: TypeId(required(links.wp_type.as_ref(), "type")?),
        status: StatusId(required(links.status.as_ref(), "status")?),
        priority: PriorityId(required(links.priority.as_ref(), "priority")?),
        assignee: optional(links.assignee.as_ref(), "assignee")?.map(UserId),
        responsible: optional(links.responsible.as_ref(), "responsible")?.map(UserId),
        version: optional(links.version.as_ref(), "version")?.map(VersionId),
        category: optional(links.category.as_ref(), "category")?.map(CategoryId),
        parent: optional(links.parent.as_ref(), "parent")?.map(WorkPackageId),
        start_date: wp.start_date,
        due_date: wp.due_date,
        date: wp.date,
        duration_days: wp.duration.as_deref().map(duration_days).transpose()?,
        derived_dates: wp.derived_start_date.zip(wp.derived_due_date),
        // Clamped to 0..=100 and rounded just above.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        percentage_done: percentage as u8,
        estimated_hours: wp
            .estimated_time
            .as_deref()
            .map(duration_hours)
            .transpose()?,
        schedule_manually: wp.schedule_manually.unwrap_or(false),
        lock_version: wp.lock_version.unwrap_or(0),
        position: default_position(id),
        created_at,
        updated_at: wp.updated_at.unwrap_or(created_at),
        // Action links are present only when the caller may act.
        permissions: Permissions {
            update: links.update.is_some() || links.update_immediately.is_some(),
            delete: links.delete.is_some(),
            comment: links.add_comment.is_some(),
            relate: links.add_relation.is_some(),
            watch: links.watch.is_some() || links.unwatch.is_some(),
            add_watcher: links.add_watcher.is_some(),
            remove_watcher: links.remove_watcher.is_some(),
        },
        custom: wp.custom,
    })
}

fn raw(text: Option<hal::Formattable>) -> String {
    text.and_then(|t| t.raw).unwrap_or_default()
}

pub fn status(s: hal::Status) -> Result<Status, ApiError> {
    Ok(Status {
        id: StatusId(own_id(s.id, s.links.self_.as_ref(), "status self")?),
        name: s.name,
        is_closed: s.is_closed,
        is_default: s.is_default,
        color: s.color.unwrap_or_default(),
        position: s.position.unwrap_or(0),
    })
}

pub fn wp_type(t: hal::Type) -> Result<WpType, ApiError> {
    Ok(WpType {
        id: TypeId(own_id(t.id, t.links.self_.as_ref(), "type self")?),
        name: t.name,
        color: t.color.unwrap_or_default(),
        is_milestone: t.is_milestone,
        position: t.position.unwrap_or(0),
    })
}

pub fn priority(p: hal::Priority) -> Result<Priority, ApiError> {
    Ok(Priority {
        id: PriorityId(own_id(p.id, p.links.self_.as_ref(), "priority self")?),
        name: p.name,
        position: p.position.unwrap_or(0),
        is_default: p.is_default,
    })
}

pub fn user(u: hal::User) -> Result<User, ApiError> {
    let self_link = u.links.self_.as_ref();
    Ok(User {
        id: UserId(own_id(u.id, self_link, "user self")?),
        name: u
            .name
            .or_else(|| self_link.and_then(|l| l.title.clone()))
            .unwrap_or_default(),
        login: u.login.unwrap_or_default(),
    })
}

pub fn project(p: hal::Project) -> Result<Project, ApiError> {
    Ok(Project {
        id: ProjectId(own_id(p.id, p.links.self_.as_ref(), "project self")?),
        identifier: p.identifier,
        name: p.name,
        description: raw(p.description),
        parent: optional(p.links.parent.as_ref(), "parent project")?.map(ProjectId),
    })
}

/// `project` is the project the versions were asked for; it stands in when the version does not
/// say which project defines it. Shared versions keep their defining project.
pub fn version(v: hal::Version, project: ProjectId) -> Result<Version, ApiError> {
    Ok(Version {
        id: VersionId(own_id(v.id, v.links.self_.as_ref(), "version self")?),
        project: optional(v.links.defining_project.as_ref(), "defining project")?
            .map_or(project, ProjectId),
        name: v.name,
        // `locked` versions take no new work packages, so only `open` counts as open.
        is_open: v.status.is_none_or(|s| s.eq_ignore_ascii_case("open")),
    })
}

/// `project` is the project the categories were asked for; it stands in when the link is missing.
pub fn category(c: hal::Category, project: ProjectId) -> Result<Category, ApiError> {
    Ok(Category {
        id: CategoryId(own_id(c.id, c.links.self_.as_ref(), "category self")?),
        project: optional(c.links.project.as_ref(), "category project")?.map_or(project, ProjectId),
        name: c.name,
    })
}

pub fn relation(r: hal::Relation) -> Result<Relation, ApiError> {
    let kind_name = r
        .kind
        .ok_or_else(|| ApiError::Decode("relation has no type".to_owned()))?;
    let kind = RelationKind::parse(&kind_name)
        .ok_or_else(|| ApiError::Decode(format!("unknown relation type {kind_name}")))?;
    Ok(Relation {
        id: RelationId(own_id(r.id, r.links.self_.as_ref(), "relation self")?),
        from: WorkPackageId(required(r.links.from.as_ref(), "relation from")?),
        to: WorkPackageId(required(r.links.to.as_ref(), "relation to")?),
        kind,
        lag: r.lag.or(r.delay),
        description: r.description.unwrap_or_default(),
    })
}

/// `work_package` is the one whose activities were asked for, used when the link is missing.
/// A journal with neither comment nor details is the creation entry.
pub fn activity(a: hal::Activity, work_package: WorkPackageId) -> Result<Activity, ApiError> {
    let id = ActivityId(own_id(a.id, a.links.self_.as_ref(), "activity self")?);
    let comment = a
        .comment
        .and_then(|c| c.raw)
        .filter(|text| !text.is_empty());
    let mut details: Vec<ActivityDetail> = a
        .details
        .into_iter()
        .filter_map(|d| d.raw.or(d.html))
        .map(ActivityDetail::Text)
        .collect();
    if details.is_empty() && comment.is_none() {
        details.push(ActivityDetail::Created);
    }
    Ok(Activity {
        id,
        work_package: optional(a.links.work_package.as_ref(), "work package")?
            .map_or(work_package, WorkPackageId),
        user: optional(a.links.user.as_ref(), "user")?.map(UserId),
        created_at: a
            .created_at
            .ok_or_else(|| ApiError::Decode(format!("activity {id} has no createdAt")))?,
        comment,
        details,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn response(status: u16, body: &serde_json::Value) -> HttpResponse {
        HttpResponse {
            status,
            content_type: Some("application/hal+json; charset=utf-8".to_owned()),
            retry_after: None,
            body: body.to_string(),
        }
    }

    #[test]
    fn ids_come_from_the_end_of_hrefs() {
        assert_eq!(id_from_href("/api/v3/statuses/7"), Some(7));
        assert_eq!(id_from_href("https://x.org/op/api/v3/users/12/"), Some(12));
        assert_eq!(id_from_href("/api/v3/users/12?x=1"), Some(12));
        assert_eq!(id_from_href("/api/v3/users/me"), None);
        assert_eq!(id_from_href(""), None);
    }

    #[test]
    fn durations_parse_to_seconds() {
        assert_eq!(parse_duration("PT8H"), Some(28_800.0));
        assert_eq!(parse_duration("P1DT18H"), Some(151_200.0));
        assert_eq!(parse_duration("PT1H30M"), Some(5_400.0));
        assert_eq!(parse_duration("PT1.5H"), Some(5_400.0));
        assert_eq!(parse_duration("PT0,5H"), Some(1_800.0));
        assert_eq!(parse_duration("P2W"), Some(1_209_600.0));
        assert_eq!(parse_duration("P3D"), Some(259_200.0));
        assert_eq!(parse_duration("PT0S"), Some(0.0));
        for bad in [
            "", "P", "PT", "8H", "P1Y", "P1M", "PT1H2H", "PT2M1H", "P1DT", "PTH", "-P1D", "PT1",
            "P1.2.3D",
        ] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
    }

    #[test]
    fn durations_become_hours_and_days() {
        assert_eq!(duration_hours("P1DT18H"), Ok(42.0));
        assert_eq!(duration_days("P5D"), Ok(5));
        assert_eq!(duration_days("PT25H"), Ok(2));
        assert!(matches!(duration_days("five"), Err(ApiError::Decode(_))));
    }

    #[test]
    fn hours_format_as_iso_durations_and_read_back() {
        assert_eq!(format_hours(8.0), "PT8H");
        assert_eq!(format_hours(1.5), "PT1H30M");
        assert_eq!(format_hours(0.25), "PT15M");
        assert_eq!(format_hours(0.0), "PT0H");
        for hours in [0.0, 0.5, 2.75, 100.0, 1234.5] {
            assert_eq!(duration_hours(&format_hours(hours)), Ok(hours));
        }
    }

    #[test]
    fn error_statuses_map_to_api_errors() {
        let body = json!({"_type": "Error", "errorIdentifier": "x", "message": "Nope."});
        assert_eq!(error(&response(401, &body)), ApiError::Unauthenticated);
        assert_eq!(error(&response(403, &body)), ApiError::Forbidden);
        assert_eq!(error(&response(404, &body)), ApiError::NotFound);
        assert_eq!(
            error(&response(503, &body)),
            ApiError::Server {
                status: 503,
                message: "Nope.".to_owned()
            }
        );
        assert!(matches!(error(&response(400, &body)), ApiError::Decode(m) if m.contains("Nope.")));
        assert!(matches!(error(&response(409, &body)), ApiError::Decode(_)));
    }

    #[test]
    fn a_422_names_the_fields_at_fault() {
        let single = json!({
            "_type": "Error",
            "errorIdentifier": "urn:openproject-org:api:v3:errors:PropertyConstraintViolation",
            "message": "The subject might not be blank.",
            "_embedded": {"details": {"attribute": "Subject"}}
        });
        assert_eq!(
            error(&response(422, &single)),
            ApiError::Invalid(vec![FieldError::new(
                Field::Subject,
                Problem::Server("The subject might not be blank.".to_owned())
            )])
        );
        let multiple = json!({
            "_type": "Error",
            "errorIdentifier": "urn:openproject-org:api:v3:errors:MultipleErrors",
            "message": "Multiple field constraints have been violated.",
            "_embedded": {"errors": [
                {"message": "Finish date must be after start.", "_embedded": {"details": {"attribute": "dueDate"}}},
                {"message": "Assignee is invalid.", "_embedded": {"details": {"attribute": "assigned_to"}}},
                {"message": "Something else.", "_embedded": {"details": {"attribute": "base"}}}
            ]}
        });
        let ApiError::Invalid(errors) = error(&response(422, &multiple)) else {
            panic!("expected Invalid");
        };
        let fields: Vec<Field> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec![Field::DueDate, Field::Assignee]);
    }

    #[test]
    fn a_422_without_a_known_field_keeps_the_message() {
        let body = json!({"message": "Work packages in other projects use it.",
            "_embedded": {"details": {"attribute": "base"}}});
        assert_eq!(
            error(&response(422, &body)),
            ApiError::Server {
                status: 422,
                message: "Work packages in other projects use it.".to_owned()
            }
        );
    }

    #[test]
    fn an_error_without_a_json_body_still_maps_by_status() {
        let html = HttpResponse {
            status: 502,
            content_type: Some("text/html".to_owned()),
            retry_after: None,
            body: "<html>Bad Gateway</html>".to_owned(),
        };
        assert_eq!(
            error(&html),
            ApiError::Server {
                status: 502,
                message: "<html>Bad Gateway</html>".to_owned()
            }
        );
    }

    #[test]
    fn attributes_map_to_fields_in_any_spelling() {
        assert_eq!(field_for_attribute("startDate"), Some(Field::StartDate));
        assert_eq!(field_for_attribute("start_date"), Some(Field::StartDate));
        assert_eq!(field_for_attribute("DueDate"), Some(Field::DueDate));
        assert_eq!(
            field_for_attribute("doneRatio"),
            Some(Field::PercentageDone)
        );
        assert_eq!(field_for_attribute("base"), None);
    }

    #[test]
    fn default_positions_follow_the_id_with_gaps() {
        assert!(default_position(WorkPackageId(2)) < default_position(WorkPackageId(3)));
        assert_eq!(
            default_position(WorkPackageId(3)) - default_position(WorkPackageId(2)),
            1024
        );
        assert_eq!(default_position(WorkPackageId(u64::MAX)), i64::MAX);
    }
}
