//! `Backend` over OpenProject's API v3. Builds requests, hands them to a `Transport`, and maps the
//! answers with `decode`. The same semantics as the local store, checked by the contract suite.
//! Manual board order is kept in a query per project: see `board_order`.

use super::base64;
use super::filters::{self, Translation};
use super::hal;
use super::{Auth, Connection, HttpRequest, HttpResponse, Method, Transport, decode};
use crate::api::{ApiError, ApiFuture, Backend, retry};
use crate::domain::saved_board::{BoardDraft, BoardId, SavedBoard};
use crate::domain::saved_view::{SavedView, ViewDraft, ViewId};
use crate::domain::{
    Activity, Catalog, Category, CustomField, Field, FieldError, NewRelation, NewWorkPackage, Page,
    Priority, Problem, Project, ProjectId, ProjectKey, Relation, RelationId, RelationKind, Status,
    StatusId, TypeId, User, Version, WorkPackage, WorkPackageId, WorkPackagePatch,
    WorkPackageQuery, WpType,
};
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use serde_json::{Map, Value, json};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// Page size asked for when reading whole collections; OpenProject's default cap is 1000.
const PAGE_SIZE: u32 = 1000;

/// Gets a fresh access token when the current one expired; `None` when it cannot (sign in again).
pub type TokenRenewer =
    Rc<dyn Fn() -> std::pin::Pin<Box<dyn std::future::Future<Output = Option<String>>>>>;

pub struct OpenProjectBackend {
    connection: Connection,
    transport: Rc<dyn Transport>,
    /// Credentials that replaced the connection's: a renewed OAuth token, or a new API token the
    /// user entered after the old one stopped working.
    auth_override: RefCell<Option<Auth>>,
    renewer: Option<TokenRenewer>,
    /// Counts renewals, and whether one is under way: requests that fail together must renew once,
    /// since a refresh token is good for one use only.
    token_generation: std::cell::Cell<u64>,
    renewing: std::cell::Cell<bool>,
    /// Manual positions, as read from and written to each project's order query (`board_order`).
    pub(super) positions: RefCell<HashMap<WorkPackageId, i64>>,
    /// Each project's order query once looked up: its id, or `None` when there is none yet.
    pub(super) order_queries: RefCell<HashMap<ProjectId, Option<u64>>>,
    /// Told by `notify_external_change`; others' edits are found by polling (`state::live`).
    listeners: RefCell<Vec<Rc<dyn Fn()>>>,
    /// Told when a request ends in a 401 (after a renewal, where there is one).
    signed_out: RefCell<Vec<Rc<dyn Fn()>>>,
    /// The custom fields seen in schemas, by key: how to write each one's value in a PATCH.
    custom_fields_seen: RefCell<Vec<CustomField>>,
}

impl OpenProjectBackend {
    pub fn new(connection: Connection, transport: Rc<dyn Transport>) -> Self {
        Self {
            connection,
            transport,
            auth_override: RefCell::new(None),
            renewer: None,
            token_generation: std::cell::Cell::new(0),
            renewing: std::cell::Cell::new(false),
            positions: RefCell::new(HashMap::new()),
            order_queries: RefCell::new(HashMap::new()),
            listeners: RefCell::new(Vec::new()),
            signed_out: RefCell::new(Vec::new()),
            custom_fields_seen: RefCell::new(Vec::new()),
        }
    }

    pub fn connection(&self) -> &Connection {
        &self.connection
    }

    /// For OAuth: on a 401, renew the token once and send the request again, so an expired token
    /// costs the user nothing.
    #[must_use]
    pub fn with_token_renewer(mut self, renewer: TokenRenewer) -> Self {
        self.renewer = Some(renewer);
        self
    }

    /// Tells the listeners that data changed on the server (for the coming change polling).
    pub fn notify_external_change(&self) {
        let listeners: Vec<Rc<dyn Fn()>> = self.listeners.borrow().clone();
        for listener in listeners {
            listener();
        }
    }

    fn notify_signed_out(&self) {
        let listeners: Vec<Rc<dyn Fn()>> = self.signed_out.borrow().clone();
        for listener in listeners {
            listener();
        }
    }

    // ----- requests ------------------------------------------------------------------------------

    pub(super) fn base(&self) -> &str {
        self.connection.base_url.trim_end_matches('/')
    }

    /// `path` starts with `/`, e.g. `/work_packages/3`.
    fn url(&self, path: &str) -> String {
        format!("{}/api/v3{path}", self.base())
    }

    /// The href written into `_links`: the server's own form, with the instance's path prefix
    /// (`https://host/op` → `/op/api/v3/…`).
    pub(super) fn href(&self, collection: &str, id: impl std::fmt::Display) -> Value {
        let base = self.base();
        let prefix = base
            .split_once("://")
            .and_then(|(_, rest)| rest.find('/').map(|slash| &rest[slash..]))
            .unwrap_or("");
        json!({ "href": format!("{prefix}/api/v3/{collection}/{id}") })
    }

    fn headers(&self, has_body: bool) -> Vec<(String, String)> {
        let mut headers = vec![("Accept".to_owned(), "application/hal+json".to_owned())];
        if has_body {
            // Without it OpenProject answers 406.
            headers.push(("Content-Type".to_owned(), "application/json".to_owned()));
        }
        let auth = self
            .auth_override
            .borrow()
            .clone()
            .unwrap_or_else(|| self.connection.auth.clone());
        match &auth {
            Auth::None => {}
            Auth::ApiKey(key) => headers.push((
                "Authorization".to_owned(),
                format!(
                    "Basic {}",
                    base64::standard(format!("apikey:{key}").as_bytes())
                ),
            )),
            Auth::Bearer(token) => {
                headers.push(("Authorization".to_owned(), format!("Bearer {token}")));
            }
            // OpenProject accepts the session cookie for the API only with this header.
            Auth::Session => {
                headers.push(("X-Requested-With".to_owned(), "XMLHttpRequest".to_owned()));
            }
        }
        headers
    }

    /// One exchange; any HTTP status comes back as `Ok`.
    async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<HttpResponse, ApiError> {
        let request = || HttpRequest {
            method,
            url: self.url(path),
            headers: self.headers(body.is_some()),
            body: body.map(Value::to_string),
        };
        let response = self.send_renewing(method, &request).await?;
        if response.status == 401 {
            self.notify_signed_out();
        }
        Ok(response)
    }

    /// `exchange`, and for OAuth on a 401 once more with a renewed token.
    async fn send_renewing(
        &self,
        method: Method,
        request: &dyn Fn() -> HttpRequest,
    ) -> Result<HttpResponse, ApiError> {
        let generation = self.token_generation.get();
        let response = self.exchange(method, request).await?;
        if response.status != 401 {
            return Ok(response);
        }
        let Some(renew) = &self.renewer else {
            return Ok(response);
        };
        // Another request may be renewing already, or have renewed since this one was sent.
        while self.renewing.get() {
            gloo_timers::future::TimeoutFuture::new(20).await;
        }
        if self.token_generation.get() == generation {
            self.renewing.set(true);
            let token = renew().await;
            self.renewing.set(false);
            let Some(token) = token else {
                return Ok(response);
            };
            *self.auth_override.borrow_mut() = Some(Auth::Bearer(token));
            self.token_generation.set(generation + 1);
        }
        self.exchange(method, request).await
    }

    /// Sends a request; a read that got no answer, a 5xx or a 429 is sent again after a pause
    /// (`retry::READ_TRIES` in all, `Retry-After` honoured). Not while offline: nothing would
    /// answer, and the caller says so at once. Nor after a timeout: a server that let one request
    /// hang for the whole timeout is not likely to answer the next, and the user would wait
    /// several timeouts before hearing of it.
    async fn exchange(
        &self,
        method: Method,
        request: &dyn Fn() -> HttpRequest,
    ) -> Result<HttpResponse, ApiError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let result = self.transport.send(request()).await;
            let retry_after = match &result {
                Err(ApiError::Network(_)) => None,
                Ok(response) if retry::read_again(response.status) => response.retry_after,
                _ => return result,
            };
            if method != Method::Get || attempt >= retry::READ_TRIES || !online() {
                return result;
            }
            let delay = retry::backoff_ms(attempt, js_sys::Math::random(), retry_after);
            gloo_timers::future::TimeoutFuture::new(delay).await;
        }
    }

    /// One exchange that must succeed (2xx).
    pub(super) async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<HttpResponse, ApiError> {
        let response = self.send(method, path, body).await?;
        success(response)
    }

    pub(super) async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        decode::json(&self.call(Method::Get, path, None).await?)
    }

    /// Every element of a collection, page after page. `paged` asks for big pages up front;
    /// without it the first request has no paging parameters (for endpoints that have none), yet
    /// a paginated answer is still followed with the page size the server chose.
    pub(super) async fn get_all<T: DeserializeOwned>(
        &self,
        path: &str,
        params: &[(&str, String)],
        paged: bool,
    ) -> Result<Vec<T>, ApiError> {
        self.get_all_raw(path, params, paged)
            .await?
            .iter()
            .map(|element| decode::element(element))
            .collect()
    }

    /// `get_all` before its elements are decoded. Not generic, so the paging is compiled once
    /// rather than once per element type.
    pub(super) async fn get_all_raw(
        &self,
        path: &str,
        params: &[(&str, String)],
        paged: bool,
    ) -> Result<Vec<Box<RawValue>>, ApiError> {
        let mut all = Vec::new();
        let mut page: u64 = 1;
        let mut page_size = paged.then_some(u64::from(PAGE_SIZE));
        loop {
            let mut query: Vec<(&str, String)> = params.to_vec();
            if let Some(size) = page_size {
                query.push(("offset", page.to_string()));
                query.push(("pageSize", size.to_string()));
            }
            let target = if query.is_empty() {
                path.to_owned()
            } else {
                format!("{path}?{}", filters::encode_query(&query))
            };
            let collection: hal::Collection<Box<RawValue>> = self.get(&target).await?;
            let returned_size = collection.page_size;
            let (items, total) = decode::page(collection)?;
            let received = items.len();
            all.extend(items);
            if all.len() == total {
                return Ok(all);
            }
            if all.len() > total || received == 0 {
                return Err(ApiError::Decode(format!(
                    "{path}: collection total {total}, but its pages hold {}",
                    all.len()
                )));
            }
            match returned_size {
                Some(size) if size > 0 => page_size = Some(size),
                _ => {
                    return Err(ApiError::Decode(format!(
                        "{path}: {received} of {total} elements and no pages to follow"
                    )));
                }
            }
            page += 1;
        }
    }

    // ----- work packages -------------------------------------------------------------------------

    /// Applies the manual position, if the work package was moved.
    fn placed(&self, mut wp: WorkPackage) -> WorkPackage {
        if let Some(position) = self.positions.borrow().get(&wp.id) {
            wp.position = *position;
        }
        wp
    }

    fn work_package_from(&self, response: &HttpResponse) -> Result<WorkPackage, ApiError> {
        Ok(self.placed(decode::work_package_text(decode::body(response)?)?))
    }

    async fn fetch_work_package(&self, id: WorkPackageId) -> Result<WorkPackage, ApiError> {
        let response = self
            .call(Method::Get, &format!("/work_packages/{id}"), None)
            .await?;
        let wp = decode::work_package_text(decode::body(&response)?)?;
        self.order_known(wp.project).await;
        Ok(self.placed(wp))
    }

    /// Reads the project's manual order if not done yet. A board without it still works, in the
    /// default order, so a failure here is not the caller's failure; it is tried again next time.
    async fn order_known(&self, project: ProjectId) {
        let _ = self.load_order(project).await;
    }

    async fn query_work_packages(
        &self,
        project: ProjectId,
        query: WorkPackageQuery,
    ) -> Result<Page<WorkPackage>, ApiError> {
        let Translation {
            params,
            client_filters,
            position_sort,
            matches_nothing,
        } = filters::translate(&query);
        let mut page = Page {
            items: Vec::new(),
            total: 0,
            page: query.page.max(1),
            page_size: query.page_size.max(1),
        };
        if matches_nothing {
            return Ok(page);
        }
        self.order_known(project).await;
        let path = format!(
            "/projects/{project}/work_packages?{}",
            filters::encode_query(&params)
        );
        let collection: hal::Collection<Box<RawValue>> = self.get(&path).await?;
        // The server may cap the page size it was asked for; callers fetching more pages need its.
        if let Some(size) = collection
            .page_size
            .and_then(|size| u32::try_from(size).ok())
            && size > 0
        {
            page.page_size = size;
        }
        let (elements, total) = decode::page(collection)?;
        let received = elements.len();
        // Client-side filters need no catalog: only the assignee filter ends up here.
        let catalog = Catalog::default();
        for element in elements {
            let wp = self.placed(decode::work_package_text(element.get())?);
            if client_filters.iter().all(|f| f.matches(&wp, &catalog)) {
                page.items.push(wp);
            }
        }
        // Exact when everything fits on one page; see `filters`.
        page.total = total - (received - page.items.len());
        match position_sort {
            Some(false) => {
                crate::domain::rank::sort_by_rank(&mut page.items, |wp| (wp.position, 0));
            }
            Some(true) => crate::domain::rank::sort_by_rank(&mut page.items, |wp| {
                (wp.position.saturating_neg(), 0)
            }),
            None => {}
        }
        Ok(page)
    }

    /// The create form of a work package of `wp_type` in `project` (its schema and workflow).
    async fn create_form(&self, project: ProjectId, wp_type: TypeId) -> Result<Value, ApiError> {
        let path = format!("/projects/{project}/work_packages/form");
        let body = json!({ "_links": { "type": self.href("types", wp_type) } });
        let response = self.call(Method::Post, &path, Some(&body)).await?;
        decode::json(&response)
    }

    fn create_body(&self, draft: &NewWorkPackage) -> Value {
        let mut body = Map::new();
        body.insert("subject".into(), json!(draft.subject.trim()));
        body.insert("description".into(), json!({ "raw": draft.description }));
        let dates = [
            ("startDate", draft.start_date),
            ("dueDate", draft.due_date),
            ("date", draft.date),
        ];
        for (name, date) in dates {
            if let Some(date) = date {
                body.insert(name.into(), json!(date));
            }
        }
        if let Some(hours) = draft.estimated_hours {
            body.insert("estimatedTime".into(), json!(decode::format_hours(hours)));
        }
        let mut links = Map::new();
        // Custom values as the update writes them.
        let seen = self.custom_fields_seen.borrow();
        for (key, value) in &draft.custom {
            super::custom_write::write_custom(
                seen.iter().find(|f| f.key == *key),
                key,
                Some(value),
                &|collection, id| self.href(collection, id),
                &mut body,
                &mut links,
            );
        }
        drop(seen);
        links.insert("type".into(), self.href("types", draft.wp_type));
        let optional = [
            ("status", "statuses", draft.status.map(|i| i.0)),
            ("priority", "priorities", draft.priority.map(|i| i.0)),
            ("assignee", "users", draft.assignee.map(|i| i.0)),
            ("responsible", "users", draft.responsible.map(|i| i.0)),
            ("version", "versions", draft.version.map(|i| i.0)),
            ("category", "categories", draft.category.map(|i| i.0)),
            ("parent", "work_packages", draft.parent.map(|i| i.0)),
        ];
        for (name, collection, id) in optional {
            if let Some(id) = id {
                links.insert(name.into(), self.href(collection, id));
            }
        }
        body.insert("_links".into(), Value::Object(links));
        Value::Object(body)
    }

    /// Only the fields the patch changes, plus the lock version OpenProject requires.
    /// `Some(None)` clears: `null` for a property, `{"href": null}` for a link.
    fn patch_body(&self, patch: &WorkPackagePatch) -> Value {
        let mut body = Map::new();
        body.insert("lockVersion".into(), json!(patch.lock_version));
        if let Some(subject) = &patch.subject {
            body.insert("subject".into(), json!(subject.trim()));
        }
        if let Some(description) = &patch.description {
            body.insert("description".into(), json!({ "raw": description }));
        }
        let dates = [
            ("startDate", patch.start_date),
            ("dueDate", patch.due_date),
            ("date", patch.date),
        ];
        for (name, date) in dates {
            if let Some(date) = date {
                body.insert(name.into(), json!(date));
            }
        }
        if let Some(done) = patch.percentage_done {
            body.insert("percentageDone".into(), json!(done));
        }
        if let Some(hours) = patch.estimated_hours {
            body.insert(
                "estimatedTime".into(),
                json!(hours.map(decode::format_hours)),
            );
        }
        let mut links = Map::new();
        let seen = self.custom_fields_seen.borrow();
        for (key, value) in &patch.custom {
            super::custom_write::write_custom(
                seen.iter().find(|f| f.key == *key),
                key,
                value.as_deref(),
                &|collection, id| self.href(collection, id),
                &mut body,
                &mut links,
            );
        }
        drop(seen);
        let required = [
            ("type", "types", patch.wp_type.map(|i| i.0)),
            ("status", "statuses", patch.status.map(|i| i.0)),
            ("priority", "priorities", patch.priority.map(|i| i.0)),
        ];
        for (name, collection, id) in required {
            if let Some(id) = id {
                links.insert(name.into(), self.href(collection, id));
            }
        }
        let optional = [
            ("assignee", "users", patch.assignee.map(|o| o.map(|i| i.0))),
            (
                "responsible",
                "users",
                patch.responsible.map(|o| o.map(|i| i.0)),
            ),
            ("version", "versions", patch.version.map(|o| o.map(|i| i.0))),
            (
                "category",
                "categories",
                patch.category.map(|o| o.map(|i| i.0)),
            ),
            (
                "parent",
                "work_packages",
                patch.parent.map(|o| o.map(|i| i.0)),
            ),
        ];
        for (name, collection, change) in optional {
            match change {
                Some(Some(id)) => {
                    links.insert(name.into(), self.href(collection, id));
                }
                Some(None) => {
                    links.insert(name.into(), json!({ "href": null }));
                }
                None => {}
            }
        }
        if !links.is_empty() {
            body.insert("_links".into(), Value::Object(links));
        }
        Value::Object(body)
    }

    async fn update(
        &self,
        id: WorkPackageId,
        patch: WorkPackagePatch,
    ) -> Result<WorkPackage, ApiError> {
        let unseen = {
            let seen = self.custom_fields_seen.borrow();
            patch
                .custom
                .keys()
                .any(|key| !seen.iter().any(|f| f.key == *key))
        };
        if unseen {
            // A change queued before a reload: learn how its fields are written first. Through the
            // trait, whose boxed future keeps this one small.
            let stored = Backend::work_package(self, id).await?;
            Backend::custom_fields(self, stored.project).await?;
        }
        let body = self.patch_body(&patch);
        let response = self
            .send(Method::Patch, &format!("/work_packages/{id}"), Some(&body))
            .await?;
        if response.status == 409 {
            // Someone else saved first: show the user what is stored now.
            let current = self.fetch_work_package(id).await?;
            return Err(ApiError::Conflict {
                current: Box::new(current),
            });
        }
        self.work_package_from(&success(response)?)
    }

    // ----- reference data ------------------------------------------------------------------------

    async fn sorted_statuses(&self) -> Result<Vec<Status>, ApiError> {
        let mut statuses = self
            .get_all::<hal::Status>("/statuses", &[], false)
            .await?
            .into_iter()
            .map(decode::status)
            .collect::<Result<Vec<_>, _>>()?;
        crate::domain::rank::sort_by_rank(&mut statuses, |s| (i64::from(s.position), s.id.0));
        Ok(statuses)
    }

    async fn sorted_types(&self, project: ProjectId) -> Result<Vec<WpType>, ApiError> {
        let mut types = self
            .get_all::<hal::Type>(&format!("/projects/{project}/types"), &[], false)
            .await?
            .into_iter()
            .map(decode::wp_type)
            .collect::<Result<Vec<_>, _>>()?;
        crate::domain::rank::sort_by_rank(&mut types, |t| (i64::from(t.position), t.id.0));
        Ok(types)
    }

    async fn sorted_priorities(&self) -> Result<Vec<Priority>, ApiError> {
        let mut priorities = self
            .get_all::<hal::Priority>("/priorities", &[], false)
            .await?
            .into_iter()
            .map(decode::priority)
            .collect::<Result<Vec<_>, _>>()?;
        crate::domain::rank::sort_by_rank(&mut priorities, |p| (i64::from(p.position), p.id.0));
        Ok(priorities)
    }

    // ----- relations and activities --------------------------------------------------------------

    async fn relations_of(&self, id: WorkPackageId) -> Result<Vec<Relation>, ApiError> {
        let filter = json!([{ "involved": { "operator": "=", "values": [id.to_string()] } }]);
        let relations = self
            .get_all::<hal::Relation>("/relations", &[("filters", filter.to_string())], true)
            .await?
            .into_iter()
            .map(decode::relation)
            .collect::<Result<Vec<_>, _>>()?;
        if relations.is_empty() {
            // The relation filter cannot tell "none" from "no such work package"; the contract can.
            self.fetch_work_package(id).await?;
        }
        Ok(relations)
    }

    /// OpenProject lists relations across projects; the board keeps those whose ends it knows.
    /// Asked server-wide by type: OpenProject's relation filters name work packages, not projects,
    /// and a relation to another project's work package matters too.
    async fn relations_of_kinds(&self, kinds: &[RelationKind]) -> Result<Vec<Relation>, ApiError> {
        let names: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
        let filter = json!([{ "type": { "operator": "=", "values": names } }]);
        self.get_all::<hal::Relation>("/relations", &[("filters", filter.to_string())], true)
            .await?
            .into_iter()
            .map(decode::relation)
            .collect()
    }

    async fn create_relation_now(&self, relation: NewRelation) -> Result<Relation, ApiError> {
        let mut body = json!({
            "type": relation.kind.as_str(),
            "description": relation.description,
            "_links": { "to": self.href("work_packages", relation.to) },
        });
        if let Some(lag) = relation.lag {
            body["lag"] = json!(lag);
        }
        let path = format!("/work_packages/{}/relations", relation.from);
        let response = self.send(Method::Post, &path, Some(&body)).await?;
        if response.status == 409 {
            // OpenProject's 409 here: a relation between the two exists already, or is not allowed.
            return Err(ApiError::Invalid(vec![FieldError::new(
                Field::RelatedTo,
                Problem::RelationExists,
            )]));
        }
        decode::relation(decode::json(&success(response)?)?)
    }

    async fn activities_of(&self, id: WorkPackageId) -> Result<Vec<Activity>, ApiError> {
        let path = format!("/work_packages/{id}/activities");
        let mut activities = self
            .get_all::<hal::Activity>(&path, &[], false)
            .await?
            .into_iter()
            .map(|a| decode::activity(a, id))
            .collect::<Result<Vec<_>, _>>()?;
        crate::domain::rank::sort_by_rank(&mut activities, |a| {
            (a.created_at.timestamp_micros(), a.id.0)
        });
        Ok(activities)
    }
}

/// Whether the browser has a network; natively (in the tests) there is no browser to wait in.
fn online() -> bool {
    cfg!(target_arch = "wasm32") && web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// The response if it is a success, else the error it means.
fn success(response: HttpResponse) -> Result<HttpResponse, ApiError> {
    if (200..300).contains(&response.status) {
        Ok(response)
    } else {
        Err(decode::error(&response))
    }
}

/// The status ids a form's schema allows, from `_embedded.schema.status._embedded.allowedValues`.
fn allowed_status_ids(form: &Value) -> Result<Vec<StatusId>, ApiError> {
    let allowed = form["_embedded"]["schema"]["status"]["_embedded"]["allowedValues"]
        .as_array()
        .ok_or_else(|| ApiError::Decode("form without allowed statuses".to_owned()))?;
    allowed
        .iter()
        .map(|status| {
            status["id"]
                .as_u64()
                .or_else(|| {
                    status["_links"]["self"]["href"]
                        .as_str()
                        .and_then(|href| href.rsplit('/').next())
                        .and_then(|id| id.parse().ok())
                })
                .map(StatusId)
                .ok_or_else(|| ApiError::Decode("allowed status without id".to_owned()))
        })
        .collect()
}

impl Backend for OpenProjectBackend {
    fn projects(&self) -> ApiFuture<'_, Vec<Project>> {
        Box::pin(async move {
            self.get_all::<hal::Project>("/projects", &[], true)
                .await?
                .into_iter()
                .map(decode::project)
                .collect()
        })
    }

    fn project(&self, key: ProjectKey) -> ApiFuture<'_, Project> {
        Box::pin(async move {
            let segment = match &key {
                ProjectKey::Id(id) => id.to_string(),
                ProjectKey::Identifier(identifier) => filters::percent_encode(identifier),
            };
            decode::project(self.get(&format!("/projects/{segment}")).await?)
        })
    }

    fn work_packages(
        &self,
        project: ProjectId,
        query: WorkPackageQuery,
    ) -> ApiFuture<'_, Page<WorkPackage>> {
        Box::pin(self.query_work_packages(project, query))
    }

    fn work_package(&self, id: WorkPackageId) -> ApiFuture<'_, WorkPackage> {
        Box::pin(self.fetch_work_package(id))
    }

    fn create_work_package(&self, draft: NewWorkPackage) -> ApiFuture<'_, WorkPackage> {
        Box::pin(async move {
            let path = format!("/projects/{}/work_packages", draft.project);
            let body = self.create_body(&draft);
            // The spec answers 200 here, other servers 201: `call` takes any 2xx.
            let response = self.call(Method::Post, &path, Some(&body)).await?;
            self.work_package_from(&response)
        })
    }

    fn update_work_package(
        &self,
        id: WorkPackageId,
        patch: WorkPackagePatch,
    ) -> ApiFuture<'_, WorkPackage> {
        Box::pin(self.update(id, patch))
    }

    fn delete_work_package(&self, id: WorkPackageId) -> ApiFuture<'_, ()> {
        Box::pin(async move {
            self.call(Method::Delete, &format!("/work_packages/{id}"), None)
                .await?;
            self.positions.borrow_mut().remove(&id);
            Ok(())
        })
    }

    /// Saved in the project's order query (`board_order`); the work packages keep their lock versions.
    fn reorder(
        &self,
        project: ProjectId,
        positions: Vec<(WorkPackageId, i64)>,
    ) -> ApiFuture<'_, ()> {
        Box::pin(self.save_order(project, positions))
    }

    fn statuses(&self) -> ApiFuture<'_, Vec<Status>> {
        Box::pin(self.sorted_statuses())
    }

    /// The types enabled in the project: others are refused when creating or changing one there.
    fn types(&self, project: ProjectId) -> ApiFuture<'_, Vec<WpType>> {
        Box::pin(self.sorted_types(project))
    }

    fn priorities(&self) -> ApiFuture<'_, Vec<Priority>> {
        Box::pin(self.sorted_priorities())
    }

    fn members(&self, project: ProjectId) -> ApiFuture<'_, Vec<User>> {
        Box::pin(async move {
            let path = format!("/projects/{project}/available_assignees");
            self.get_all::<hal::User>(&path, &[], true)
                .await?
                .into_iter()
                .map(decode::user)
                .collect()
        })
    }

    fn versions(&self, project: ProjectId) -> ApiFuture<'_, Vec<Version>> {
        Box::pin(async move {
            let path = format!("/projects/{project}/versions");
            self.get_all::<hal::Version>(&path, &[], false)
                .await?
                .into_iter()
                .map(|v| decode::version(v, project))
                .collect()
        })
    }

    /// Not paged: the collection holds all of the project's categories.
    fn categories(&self, project: ProjectId) -> ApiFuture<'_, Vec<Category>> {
        Box::pin(async move {
            let path = format!("/projects/{project}/categories");
            self.get_all::<hal::Category>(&path, &[], false)
                .await?
                .into_iter()
                .map(|c| decode::category(c, project))
                .collect()
        })
    }

    fn relations(&self, id: WorkPackageId) -> ApiFuture<'_, Vec<Relation>> {
        Box::pin(self.relations_of(id))
    }

    /// Kept as grids on the project's boards page (`grid_boards`).
    fn boards(&self, project: ProjectId) -> ApiFuture<'_, Vec<SavedBoard>> {
        Box::pin(self.boards_on_server(project))
    }

    fn save_board(&self, draft: BoardDraft) -> ApiFuture<'_, SavedBoard> {
        Box::pin(self.save_on_server(draft))
    }

    fn delete_board(&self, id: BoardId) -> ApiFuture<'_, ()> {
        Box::pin(self.delete_on_server(id))
    }

    fn views(&self, project: ProjectId) -> ApiFuture<'_, Vec<SavedView>> {
        Box::pin(self.views_on_server(project))
    }

    fn save_view(&self, draft: ViewDraft) -> ApiFuture<'_, SavedView> {
        Box::pin(self.save_view_on_server(draft))
    }

    fn delete_view(&self, id: ViewId) -> ApiFuture<'_, ()> {
        Box::pin(self.delete_view_on_server(id))
    }

    fn star_view(&self, id: ViewId, starred: bool) -> ApiFuture<'_, SavedView> {
        Box::pin(self.star_view_on_server(id, starred))
    }

    fn working_days(&self) -> ApiFuture<'_, crate::domain::schedule::Calendar> {
        Box::pin(self.working_calendar())
    }

    fn relations_in(
        &self,
        _project: ProjectId,
        kinds: &'static [RelationKind],
    ) -> ApiFuture<'_, Vec<Relation>> {
        Box::pin(self.relations_of_kinds(kinds))
    }

    fn create_relation(&self, relation: NewRelation) -> ApiFuture<'_, Relation> {
        Box::pin(self.create_relation_now(relation))
    }

    fn delete_relation(&self, id: RelationId) -> ApiFuture<'_, ()> {
        Box::pin(async move {
            self.call(Method::Delete, &format!("/relations/{id}"), None)
                .await?;
            Ok(())
        })
    }

    fn update_relation(&self, id: RelationId, lag: Option<i32>) -> ApiFuture<'_, Relation> {
        Box::pin(async move {
            let body = json!({ "lag": lag });
            let response = self
                .call(Method::Patch, &format!("/relations/{id}"), Some(&body))
                .await?;
            decode::relation(decode::json(&response)?)
        })
    }

    fn watchers(&self, id: WorkPackageId) -> ApiFuture<'_, Vec<User>> {
        Box::pin(self.users_at(format!("/work_packages/{id}/watchers")))
    }

    fn available_watchers(&self, id: WorkPackageId) -> ApiFuture<'_, Vec<User>> {
        Box::pin(self.users_at(format!("/work_packages/{id}/available_watchers")))
    }

    fn set_watcher(
        &self,
        id: WorkPackageId,
        user: crate::domain::UserId,
        watching: bool,
    ) -> ApiFuture<'_, ()> {
        Box::pin(self.set_watcher_now(id, user, watching))
    }

    fn attachments(
        &self,
        id: WorkPackageId,
    ) -> ApiFuture<'_, Option<Vec<crate::domain::Attachment>>> {
        Box::pin(async move { self.attachments_of(id).await.map(Some) })
    }

    fn activities(&self, id: WorkPackageId) -> ApiFuture<'_, Vec<Activity>> {
        Box::pin(self.activities_of(id))
    }

    fn add_comment(&self, id: WorkPackageId, markdown: String) -> ApiFuture<'_, Activity> {
        Box::pin(async move {
            let body = json!({ "comment": { "raw": markdown } });
            let path = format!("/work_packages/{id}/activities");
            let response = self.call(Method::Post, &path, Some(&body)).await?;
            decode::activity(decode::json(&response)?, id)
        })
    }

    fn me(&self) -> ApiFuture<'_, Option<crate::domain::UserId>> {
        Box::pin(async move {
            // Someone reading a public instance without signing in is nobody in particular.
            match self.get::<Value>("/users/me").await {
                Ok(user) => Ok(user
                    .get("id")
                    .and_then(Value::as_u64)
                    .map(crate::domain::UserId)),
                Err(ApiError::Unauthenticated | ApiError::Forbidden | ApiError::NotFound) => {
                    Ok(None)
                }
                Err(error) => Err(error),
            }
        })
    }

    fn sign_in_again(
        &self,
        token: String,
        scheme: crate::domain::embed::TokenScheme,
    ) -> ApiFuture<'_, ()> {
        Box::pin(async move {
            let auth = match scheme {
                crate::domain::embed::TokenScheme::ApiKey => Auth::ApiKey(token),
                crate::domain::embed::TokenScheme::Bearer => Auth::Bearer(token),
            };
            let previous = self.auth_override.replace(Some(auth));
            let checked = self.call(Method::Get, "/users/me", None).await;
            if checked.is_err() {
                *self.auth_override.borrow_mut() = previous;
            }
            checked.map(|_| ())
        })
    }

    fn allowed_statuses(&self, id: WorkPackageId) -> ApiFuture<'_, Option<Vec<StatusId>>> {
        Box::pin(async move {
            let path = format!("/work_packages/{id}/form");
            let response = self.call(Method::Post, &path, Some(&json!({}))).await?;
            let form: Value = decode::json(&response)?;
            allowed_status_ids(&form).map(Some)
        })
    }

    /// The custom fields of the project's work package schemas (one schema per type).
    fn custom_fields(&self, project: ProjectId) -> ApiFuture<'_, Vec<CustomField>> {
        Box::pin(async move {
            let mut fields: Vec<CustomField> = Vec::new();
            for wp_type in self.sorted_types(project).await? {
                let path = format!("/work_packages/schemas/{project}-{}", wp_type.id);
                let schema: Value = self.get(&path).await?;
                for mut field in decode::custom_fields(&schema) {
                    // Each type's schema says whether the field is required for that type.
                    let required = std::mem::take(&mut field.required);
                    let index = fields.iter().position(|f| f.key == field.key);
                    let merged = if let Some(index) = index {
                        &mut fields[index]
                    } else {
                        fields.push(field);
                        fields.last_mut().expect("just pushed")
                    };
                    if required {
                        merged.required_for.push(wp_type.id);
                    }
                }
            }
            self.custom_fields_seen.replace(fields.clone());
            Ok(fields)
        })
    }

    fn allowed_new_statuses(
        &self,
        project: ProjectId,
        wp_type: TypeId,
    ) -> ApiFuture<'_, Option<Vec<StatusId>>> {
        Box::pin(async move {
            let form = self.create_form(project, wp_type).await?;
            allowed_status_ids(&form).map(Some)
        })
    }

    /// One create form answers both: the statuses from its schema's workflow, and the custom
    /// fields the schema has for the type, each required or not as that type needs.
    fn new_form(&self, project: ProjectId, wp_type: TypeId) -> ApiFuture<'_, crate::api::NewForm> {
        Box::pin(async move {
            let form = self.create_form(project, wp_type).await?;
            Ok(crate::api::NewForm {
                statuses: Some(allowed_status_ids(&form)?),
                custom_fields: Some(decode::custom_fields(&form["_embedded"]["schema"])),
            })
        })
    }

    fn polls_for_changes(&self) -> bool {
        true
    }

    fn scope(&self) -> String {
        self.base().to_owned()
    }

    fn on_external_change(&self, listener: Rc<dyn Fn()>) {
        self.listeners.borrow_mut().push(listener);
    }

    fn on_signed_out(&self, listener: Rc<dyn Fn()>) {
        self.signed_out.borrow_mut().push(listener);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Filter, Sort, SortField, StatusId, TypeId, UserId};
    use futures::executor::block_on;
    use std::future::Future;
    use std::pin::Pin;

    type Handler = Box<dyn Fn(&HttpRequest) -> HttpResponse>;

    /// Answers with a function of the request and remembers every request.
    struct Scripted {
        handler: Handler,
        log: RefCell<Vec<HttpRequest>>,
    }

    impl Transport for Scripted {
        fn send(
            &self,
            request: HttpRequest,
        ) -> Pin<Box<dyn Future<Output = Result<HttpResponse, ApiError>> + '_>> {
            let response = (self.handler)(&request);
            self.log.borrow_mut().push(request);
            Box::pin(async move { Ok(response) })
        }
    }

    fn backend(
        base_url: &str,
        auth: Auth,
        handler: impl Fn(&HttpRequest) -> HttpResponse + 'static,
    ) -> (OpenProjectBackend, Rc<Scripted>) {
        let transport = Rc::new(Scripted {
            handler: Box::new(handler),
            log: RefCell::new(Vec::new()),
        });
        let connection = Connection {
            base_url: base_url.to_owned(),
            auth,
        };
        (
            OpenProjectBackend::new(connection, transport.clone()),
            transport,
        )
    }

    fn ok(status: u16, body: &Value) -> HttpResponse {
        HttpResponse {
            status,
            content_type: Some("application/hal+json".to_owned()),
            retry_after: None,
            body: body.to_string(),
        }
    }

    fn wp_json(id: u64, lock_version: u64, subject: &str) -> Value {
        json!({
            "_type": "WorkPackage", "id": id, "subject": subject, "lockVersion": lock_version,
            "description": {"format": "markdown", "raw": "", "html": ""},
            "percentageDone": null, "startDate": null, "dueDate": null,
            "createdAt": "2026-11-20T10:00:00Z", "updatedAt": "2026-11-20T10:00:00Z",
            "_links": {
                "self": {"href": format!("/api/v3/work_packages/{id}")},
                "project": {"href": "/api/v3/projects/1"},
                "type": {"href": "/api/v3/types/1"},
                "status": {"href": "/api/v3/statuses/1"},
                "priority": {"href": "/api/v3/priorities/2"},
                "assignee": {"href": null}
            }
        })
    }

    fn collection(elements: &[Value], total: usize, page_size: Option<usize>) -> Value {
        let mut c = json!({
            "_type": "Collection", "total": total, "count": elements.len(),
            "_embedded": {"elements": elements}
        });
        if let Some(size) = page_size {
            c["pageSize"] = json!(size);
            c["offset"] = json!(1);
        }
        c
    }

    fn header<'a>(request: &'a HttpRequest, name: &str) -> Option<&'a str> {
        request
            .headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn requests_carry_the_auth_of_the_connection() {
        let answer = |_: &HttpRequest| ok(200, &wp_json(3, 1, "x"));
        let (b, log) = backend(
            "https://op.example.org/",
            Auth::ApiKey("KEY".into()),
            answer,
        );
        block_on(b.work_package(WorkPackageId(3))).unwrap();
        let request = log.log.borrow()[0].clone();
        assert_eq!(request.url, "https://op.example.org/api/v3/work_packages/3");
        // The key travels in the Authorization header only, never in the address.
        assert!(!request.url.contains("KEY") && !request.url.contains("apikey"));
        assert_eq!(request.method, Method::Get);
        assert_eq!(
            header(&request, "Authorization"),
            Some("Basic YXBpa2V5OktFWQ==")
        );
        assert_eq!(header(&request, "Accept"), Some("application/hal+json"));
        assert_eq!(header(&request, "Content-Type"), None);

        let (b, log) = backend("https://op.example.org", Auth::Bearer("T".into()), answer);
        block_on(b.work_package(WorkPackageId(3))).unwrap();
        assert_eq!(
            header(&log.log.borrow()[0], "Authorization"),
            Some("Bearer T")
        );

        let (b, log) = backend("https://op.example.org", Auth::Session, answer);
        block_on(b.work_package(WorkPackageId(3))).unwrap();
        let request = log.log.borrow()[0].clone();
        assert_eq!(header(&request, "X-Requested-With"), Some("XMLHttpRequest"));
        assert_eq!(header(&request, "Authorization"), None);
    }

    #[test]
    fn a_query_becomes_filters_and_paging_parameters() {
        let (b, log) = backend("https://h", Auth::None, |_| {
            ok(200, &collection(&[wp_json(4, 0, "a")], 7, Some(1)))
        });
        let query = WorkPackageQuery {
            filters: vec![Filter::Status(vec![StatusId(2)])],
            page: 3,
            page_size: 1,
            ..WorkPackageQuery::default()
        };
        let page = block_on(b.work_packages(ProjectId(5), query)).unwrap();
        assert_eq!((page.total, page.page, page.page_size), (7, 3, 1));
        assert_eq!(page.items[0].id, WorkPackageId(4));
        // After looking up the project's board order (`board_order`).
        assert_eq!(
            log.log.borrow().last().unwrap().url,
            concat!(
                "https://h/api/v3/projects/5/work_packages?",
                "filters=%5B%7B%22status%22%3A%7B%22operator%22%3A%22%3D%22%2C%22values%22%3A%5B%222%22%5D%7D%7D%5D",
                "&sortBy=%5B%5B%22id%22%2C%22asc%22%5D%5D&offset=3&pageSize=1"
            )
        );
    }

    #[test]
    fn mixed_assignees_are_filtered_on_the_client() {
        let (b, _) = backend("https://h", Auth::None, |_| {
            let mut mine = wp_json(1, 0, "mine");
            mine["_links"]["assignee"] = json!({"href": "/api/v3/users/3"});
            let mut theirs = wp_json(2, 0, "theirs");
            theirs["_links"]["assignee"] = json!({"href": "/api/v3/users/4"});
            let nobodys = wp_json(3, 0, "nobody's");
            ok(200, &collection(&[mine, theirs, nobodys], 3, Some(1000)))
        });
        let query = WorkPackageQuery {
            filters: vec![Filter::Assignee(vec![None, Some(UserId(3))])],
            ..WorkPackageQuery::default()
        };
        let page = block_on(b.work_packages(ProjectId(1), query)).unwrap();
        let ids: Vec<u64> = page.items.iter().map(|w| w.id.0).collect();
        assert_eq!(ids, vec![1, 3]);
        assert_eq!(page.total, 2);
    }

    #[test]
    fn an_empty_status_list_needs_no_request() {
        let (b, log) = backend("https://h", Auth::None, |_| panic!("no request expected"));
        let query = WorkPackageQuery {
            filters: vec![Filter::Status(vec![])],
            ..WorkPackageQuery::default()
        };
        assert!(
            block_on(b.work_packages(ProjectId(1), query))
                .unwrap()
                .items
                .is_empty()
        );
        assert!(log.log.borrow().is_empty());
    }

    #[test]
    fn a_stale_update_is_a_conflict_carrying_the_stored_work_package() {
        let (b, log) = backend("https://h", Auth::None, |request| match request.method {
            Method::Patch => ok(
                409,
                &json!({"_type": "Error",
                "errorIdentifier": "urn:openproject-org:api:v3:errors:UpdateConflict",
                "message": "Couldn't update the resource because of conflicting modifications."}),
            ),
            _ => ok(200, &wp_json(8, 5, "Theirs")),
        });
        let mut patch = WorkPackagePatch {
            lock_version: 3,
            ..WorkPackagePatch::default()
        };
        patch.subject = Some(" Mine ".to_owned());
        patch.assignee = Some(None);
        patch.estimated_hours = Some(Some(1.5));
        match block_on(b.update_work_package(WorkPackageId(8), patch)) {
            Err(ApiError::Conflict { current }) => {
                assert_eq!(current.lock_version, 5);
                assert_eq!(current.subject, "Theirs");
            }
            other => panic!("expected a conflict, got {other:?}"),
        }
        let log = log.log.borrow();
        let body: Value = serde_json::from_str(log[0].body.as_deref().unwrap()).unwrap();
        assert_eq!(
            body,
            json!({"lockVersion": 3, "subject": "Mine", "estimatedTime": "PT1H30M",
                "_links": {"assignee": {"href": null}}})
        );
        assert_eq!(header(&log[0], "Content-Type"), Some("application/json"));
        assert_eq!(log[1].method, Method::Get);
    }

    #[test]
    fn a_category_is_written_as_a_link_and_cleared_with_a_null_href() {
        let (b, log) = backend("https://h/op", Auth::None, |_| ok(200, &wp_json(8, 4, "x")));
        let mut set = WorkPackagePatch {
            lock_version: 3,
            ..WorkPackagePatch::default()
        };
        set.category = Some(Some(crate::domain::CategoryId(4)));
        block_on(b.update_work_package(WorkPackageId(8), set)).unwrap();
        let clear = WorkPackagePatch {
            lock_version: 4,
            category: Some(None),
            ..WorkPackagePatch::default()
        };
        block_on(b.update_work_package(WorkPackageId(8), clear)).unwrap();
        let mut draft = NewWorkPackage::new(ProjectId(2), TypeId(1), "Desks");
        draft.category = Some(crate::domain::CategoryId(5));
        block_on(b.create_work_package(draft)).unwrap();
        let log = log.log.borrow();
        let bodies: Vec<Value> = log
            .iter()
            .filter(|r| r.method != Method::Get)
            .map(|r| serde_json::from_str(r.body.as_deref().unwrap()).unwrap())
            .collect();
        assert_eq!(
            bodies[0],
            json!({"lockVersion": 3, "_links": {"category": {"href": "/op/api/v3/categories/4"}}})
        );
        assert_eq!(
            bodies[1],
            json!({"lockVersion": 4, "_links": {"category": {"href": null}}})
        );
        assert_eq!(
            bodies[2]["_links"]["category"],
            json!({"href": "/op/api/v3/categories/5"})
        );
    }

    #[test]
    fn a_create_sends_links_with_the_instance_path() {
        let (b, log) = backend("https://h/op", Auth::None, |_| {
            ok(200, &wp_json(9, 0, "New"))
        });
        let mut draft = NewWorkPackage::new(ProjectId(1), TypeId(2), "  New ");
        draft.assignee = Some(UserId(3));
        draft.start_date = chrono::NaiveDate::from_ymd_opt(2026, 11, 23);
        block_on(b.create_work_package(draft)).unwrap();
        let log = log.log.borrow();
        assert_eq!(log[0].url, "https://h/op/api/v3/projects/1/work_packages");
        let body: Value = serde_json::from_str(log[0].body.as_deref().unwrap()).unwrap();
        assert_eq!(
            body,
            json!({"subject": "New", "description": {"raw": ""}, "startDate": "2026-11-23",
                "_links": {"type": {"href": "/op/api/v3/types/2"},
                           "assignee": {"href": "/op/api/v3/users/3"}}})
        );
    }

    #[test]
    fn whole_collections_are_read_page_by_page() {
        let (b, log) = backend("https://h", Auth::None, |request| {
            let project = |id: u64| json!({"_type": "Project", "id": id, "identifier": format!("p{id}"), "name": "P"});
            if request.url.contains("offset=1") {
                ok(200, &collection(&[project(1), project(2)], 3, Some(2)))
            } else {
                ok(200, &collection(&[project(3)], 3, Some(2)))
            }
        });
        let projects = block_on(b.projects()).unwrap();
        assert_eq!(
            projects.iter().map(|p| p.id.0).collect::<Vec<_>>(),
            vec![1, 2, 3]
        );
        let log = log.log.borrow();
        assert_eq!(
            log[0].url,
            "https://h/api/v3/projects?offset=1&pageSize=1000"
        );
        assert_eq!(log[1].url, "https://h/api/v3/projects?offset=2&pageSize=2");
    }

    #[test]
    fn a_total_the_pages_never_reach_is_a_decode_error() {
        let (b, _) = backend("https://h", Auth::None, |request| {
            let status = json!({"_type": "Status", "id": 1, "name": "New"});
            if request.url.contains("offset=2") {
                ok(200, &collection(&[], 5, Some(1)))
            } else {
                ok(200, &collection(&[status], 5, None))
            }
        });
        assert!(matches!(block_on(b.statuses()), Err(ApiError::Decode(_))));
        assert!(matches!(block_on(b.projects()), Err(ApiError::Decode(_))));
    }

    #[test]
    fn reference_data_comes_in_position_order() {
        let (b, _) = backend("https://h", Auth::None, |_| {
            let s = |id: u64, position: u32| json!({"id": id, "name": "S", "position": position});
            ok(200, &collection(&[s(1, 3), s(2, 1), s(3, 2)], 3, None))
        });
        let ids: Vec<u64> = block_on(b.statuses())
            .unwrap()
            .iter()
            .map(|s| s.id.0)
            .collect();
        assert_eq!(ids, vec![2, 3, 1]);
    }

    #[test]
    fn reordering_is_saved_in_the_projects_order_query_and_sorts_by_position() {
        let (b, log) = backend("https://h", Auth::None, |request| {
            let url = request.url.as_str();
            if url.contains("/queries?") {
                ok(200, &collection(&[], 0, None))
            } else if url.ends_with("/queries") {
                ok(201, &json!({"id": 9, "name": "Tafel board order"}))
            } else if url.ends_with("/queries/9/order") {
                ok(200, &json!({"t": "2026-11-20T10:00:00Z"}))
            } else if url.contains("work_packages?") {
                ok(
                    200,
                    &collection(&[wp_json(1, 0, "a"), wp_json(2, 0, "b")], 2, Some(1000)),
                )
            } else {
                ok(200, &wp_json(2, 4, "b"))
            }
        });
        block_on(b.reorder(ProjectId(1), vec![(WorkPackageId(2), -5)])).unwrap();
        let sent: Vec<(Method, String, Option<String>)> = log
            .log
            .borrow()
            .iter()
            .map(|r| {
                (
                    r.method,
                    r.url.replace("https://h/api/v3", ""),
                    r.body.clone(),
                )
            })
            .collect();
        assert_eq!(sent.len(), 3, "look up, create, write: {sent:?}");
        assert!(sent[0].1.starts_with("/queries?filters="));
        let created: Value = serde_json::from_str(sent[1].2.as_deref().unwrap()).unwrap();
        assert_eq!(
            (created["name"].as_str(), created["public"].as_bool()),
            (Some("Tafel board order"), Some(true))
        );
        assert_eq!(
            (sent[2].0, sent[2].1.as_str()),
            (Method::Patch, "/queries/9/order")
        );
        let delta: Value = serde_json::from_str(sent[2].2.as_deref().unwrap()).unwrap();
        assert_eq!(delta, json!({"delta": {"2": -5}}));
        // The order is known now: reading asks only for the work packages.
        let moved = block_on(b.work_package(WorkPackageId(2))).unwrap();
        assert_eq!((moved.position, moved.lock_version), (-5, 4));
        let query = WorkPackageQuery {
            sort: vec![Sort::asc(SortField::Position)],
            ..WorkPackageQuery::default()
        };
        let page = block_on(b.work_packages(ProjectId(1), query)).unwrap();
        assert_eq!(
            page.items.iter().map(|w| w.id.0).collect::<Vec<_>>(),
            vec![2, 1]
        );
        assert_eq!(log.log.borrow().len(), 5);
    }

    #[test]
    fn no_relations_of_an_unknown_work_package_is_not_found() {
        let (b, log) = backend("https://h", Auth::None, |request| {
            if request.url.contains("/relations") {
                ok(200, &collection(&[], 0, Some(1000)))
            } else {
                ok(
                    404,
                    &json!({"_type": "Error", "errorIdentifier": "urn:openproject-org:api:v3:errors:NotFound", "message": "Not found."}),
                )
            }
        });
        assert_eq!(
            block_on(b.relations(WorkPackageId(99))),
            Err(ApiError::NotFound)
        );
        assert!(log.log.borrow()[0].url.contains(
            "/api/v3/relations?filters=%5B%7B%22involved%22%3A%7B%22operator%22%3A%22%3D%22%2C%22values%22%3A%5B%2299%22%5D%7D%7D%5D"
        ));
    }

    #[test]
    fn a_duplicate_relation_is_refused_on_the_related_field() {
        let (b, log) = backend("https://h", Auth::None, |_| {
            ok(409, &json!({"_type": "Error", "message": "Exists."}))
        });
        let result = block_on(b.create_relation(NewRelation {
            from: WorkPackageId(1),
            to: WorkPackageId(2),
            kind: crate::domain::RelationKind::Follows,
            lag: Some(2),
            description: String::new(),
        }));
        assert_eq!(
            result,
            Err(ApiError::Invalid(vec![FieldError::new(
                Field::RelatedTo,
                Problem::RelationExists
            )]))
        );
        let log = log.log.borrow();
        assert_eq!(log[0].url, "https://h/api/v3/work_packages/1/relations");
        let body: Value = serde_json::from_str(log[0].body.as_deref().unwrap()).unwrap();
        assert_eq!(
            body,
            json!({"type": "follows", "lag": 2, "description": "",
                "_links": {"to": {"href": "/api/v3/work_packages/2"}}})
        );
    }

    #[test]
    fn a_project_identifier_is_a_path_segment() {
        let (b, log) = backend("https://h", Auth::None, |_| {
            ok(
                200,
                &json!({"id": 4, "identifier": "city-portal", "name": "City"}),
            )
        });
        let project = block_on(b.project(ProjectKey::parse("city-portal"))).unwrap();
        assert_eq!(project.id, ProjectId(4));
        assert_eq!(
            log.log.borrow()[0].url,
            "https://h/api/v3/projects/city-portal"
        );
    }

    #[test]
    fn listeners_are_called_on_external_changes() {
        let (b, _) = backend("https://h", Auth::None, |_| panic!("no request"));
        let heard = Rc::new(std::cell::Cell::new(0));
        let counter = heard.clone();
        b.on_external_change(Rc::new(move || counter.set(counter.get() + 1)));
        b.notify_external_change();
        assert_eq!(heard.get(), 1);
    }

    #[test]
    fn a_refused_read_tells_the_signed_out_listeners_and_a_forbidden_one_does_not() {
        let (b, _) = backend("https://h", Auth::ApiKey("k".into()), |request| {
            let status = if request.url.ends_with("/projects/1") {
                401
            } else {
                403
            };
            ok(status, &json!({"_type": "Error", "message": "no"}))
        });
        let heard = Rc::new(std::cell::Cell::new(0));
        let counter = heard.clone();
        b.on_signed_out(Rc::new(move || counter.set(counter.get() + 1)));
        let refused = block_on(b.project(ProjectKey::parse("1")));
        assert_eq!(refused, Err(ApiError::Unauthenticated));
        assert_eq!(heard.get(), 1);
        let forbidden = block_on(b.project(ProjectKey::parse("2")));
        assert_eq!(forbidden, Err(ApiError::Forbidden));
        assert_eq!(heard.get(), 1);
    }
}
