//! The in-memory data the server holds, shaped like OpenProject's records rather than its JSON.

use crate::filters::Filter;
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use std::collections::{BTreeMap, VecDeque};

#[derive(Debug, Clone)]
pub struct Status {
    pub id: u64,
    pub name: &'static str,
    pub is_closed: bool,
    pub is_default: bool,
    pub color: &'static str,
    pub position: i64,
    pub default_done_ratio: i64,
}

#[derive(Debug, Clone)]
pub struct WpType {
    pub id: u64,
    pub name: &'static str,
    pub color: &'static str,
    pub position: i64,
    pub is_default: bool,
    pub is_milestone: bool,
}

#[derive(Debug, Clone)]
pub struct Priority {
    pub id: u64,
    pub name: &'static str,
    pub position: i64,
    pub is_default: bool,
}

#[derive(Debug, Clone)]
pub struct User {
    pub id: u64,
    pub login: &'static str,
    pub first_name: &'static str,
    pub last_name: &'static str,
    pub email: &'static str,
}

impl User {
    pub fn name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

#[derive(Debug, Clone)]
pub struct Project {
    pub id: u64,
    pub identifier: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    pub types: Vec<u64>,
    pub members: Vec<u64>,
    /// Whether the project has the "Cost centre" custom field (`customField1`) enabled.
    pub cost_centre_field: bool,
    /// The project this one is a subproject of.
    pub parent: Option<u64>,
}

#[derive(Debug, Clone)]
pub struct Version {
    pub id: u64,
    pub project: u64,
    pub name: &'static str,
    pub description: &'static str,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    /// OpenProject's lowercase values: open, locked, closed.
    pub status: &'static str,
}

/// A project's category (OpenProject's `Category`).
#[derive(Debug, Clone)]
pub struct Category {
    pub id: u64,
    pub project: u64,
    pub name: &'static str,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WorkPackage {
    pub id: u64,
    pub project: u64,
    pub subject: String,
    pub description: String,
    pub type_id: u64,
    pub status: u64,
    pub priority: u64,
    pub author: u64,
    pub assignee: Option<u64>,
    pub responsible: Option<u64>,
    pub version: Option<u64>,
    pub category: Option<u64>,
    pub parent: Option<u64>,
    /// For milestones start and due are the same day (the API shows it as `date`).
    pub start_date: Option<NaiveDate>,
    pub due_date: Option<NaiveDate>,
    pub percentage_done: Option<i64>,
    pub estimated_hours: Option<f64>,
    pub cost_centre: Option<String>,
    /// The other custom fields' values by field number (see `custom_fields`): plain JSON for
    /// simple kinds, the raw text of formattable ones, an array of ids for links.
    pub custom: BTreeMap<u32, serde_json::Value>,
    /// Manually scheduled: not moved when its predecessors move.
    pub schedule_manually: bool,
    pub lock_version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A saved query (OpenProject's saved views, and the hidden queries behind board columns).
#[derive(Debug, Clone)]
#[allow(clippy::struct_excessive_bools)] // OpenProject's own flags, each independent of the others
pub struct Query {
    pub id: u64,
    pub name: String,
    pub project: Option<u64>,
    pub user: u64,
    pub public: bool,
    /// Work package filters under their API names (`status`, `dueDate`); values of resource filters
    /// are kept as ids (`"3"`, or `"me"`), as OpenProject stores them.
    pub filters: Vec<Filter>,
    /// Column and direction, `true` meaning descending (as `filters::sort` takes them).
    pub sort_by: Vec<(String, bool)>,
    pub group_by: Option<String>,
    /// Column API names; empty means OpenProject's default columns (see `columns::shown`).
    pub columns: Vec<String>,
    /// Starred by its owner (the body's `starred` sets it).
    pub starred: bool,
    /// Other users who starred it: in OpenProject every user stars a shared query for themselves.
    pub starred_by: Vec<u64>,
    pub show_hierarchies: bool,
    pub timeline_visible: bool,
    /// Manual order: work package id → position (`orderedWorkPackages` in OpenProject).
    pub order: BTreeMap<u64, i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Query {
    /// A query as `POST /api/v3/queries` starts it before the body is applied: OpenProject's
    /// `Query.new`, so no filters, default columns, nothing grouped, flat and not starred; sorted by
    /// id ascending, which OpenProject gives every query it shows.
    pub fn new(id: u64, user: u64, now: DateTime<Utc>) -> Self {
        Self {
            id,
            name: String::new(),
            project: None,
            user,
            public: false,
            filters: Vec::new(),
            sort_by: vec![("id".to_owned(), false)],
            group_by: None,
            columns: Vec::new(),
            starred: false,
            starred_by: Vec::new(),
            show_hierarchies: false,
            timeline_visible: false,
            order: BTreeMap::new(),
            created_at: now,
            updated_at: now,
        }
    }
}

/// A grid on a page; here the boards of a project (`/projects/{identifier}/boards`).
#[derive(Debug, Clone)]
pub struct Grid {
    pub id: u64,
    pub name: String,
    pub scope: String,
    /// Kept as given: OpenProject's boards keep their settings here.
    pub options: serde_json::Value,
    pub widgets: Vec<serde_json::Value>,
    pub row_count: u64,
    pub column_count: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct Relation {
    pub id: u64,
    pub from: u64,
    pub to: u64,
    /// Wire name such as `follows`.
    pub kind: String,
    pub lag: Option<i64>,
    pub description: Option<String>,
}

/// A file attached to a work package, its bytes kept in memory.
#[derive(Debug, Clone)]
pub struct Attachment {
    pub id: u64,
    pub work_package: u64,
    pub file_name: String,
    pub content_type: String,
    pub content: Vec<u8>,
    pub author: u64,
    pub created_at: DateTime<Utc>,
    /// A `downloadLocation` elsewhere (as with external storage); `None` serves the bytes here.
    pub download_href: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Activity {
    pub id: u64,
    pub work_package: u64,
    /// Journal version: 1 for the creation entry, then one more per change.
    pub version: i64,
    pub user: u64,
    pub comment: String,
    /// Change descriptions, already phrased ("Status changed from New to In progress").
    pub details: Vec<String>,
    pub created_at: DateTime<Utc>,
}

/// One authorization code handed out by `/oauth/authorize`, waiting for its token exchange.
#[derive(Debug, Clone)]
pub struct AuthCode {
    pub client_id: String,
    pub redirect_uri: String,
    pub challenge: String,
    pub user: u64,
}

#[derive(Debug, Default)]
pub struct Tokens {
    /// Access token → user id.
    pub access: BTreeMap<String, u64>,
    /// Refresh token → (client id, user id).
    pub refresh: BTreeMap<String, (String, u64)>,
    pub codes: BTreeMap<String, AuthCode>,
    /// Counter for token names, so runs are reproducible.
    pub issued: u64,
}

/// Everything that a reset puts back to the seed.
#[derive(Debug, Clone)]
pub struct Data {
    pub statuses: Vec<Status>,
    pub types: Vec<WpType>,
    pub priorities: Vec<Priority>,
    pub users: Vec<User>,
    pub projects: Vec<Project>,
    pub versions: Vec<Version>,
    pub categories: Vec<Category>,
    pub work_packages: Vec<WorkPackage>,
    pub relations: Vec<Relation>,
    pub activities: Vec<Activity>,
    /// (work package, user) pairs.
    pub watchers: Vec<(u64, u64)>,
    pub attachments: Vec<Attachment>,
    pub queries: Vec<Query>,
    pub grids: Vec<Grid>,
    /// Week days not worked, 1 = Monday … 7 = Sunday.
    pub weekend: Vec<u8>,
    /// Non-working days with their names (holidays).
    pub holidays: Vec<(NaiveDate, String)>,
    /// A fake clock: every write moves it on by one minute, so timestamps are deterministic and increasing.
    pub clock: DateTime<Utc>,
}

pub const MAX_LOGGED_REQUESTS: usize = 500;

#[derive(Debug)]
pub struct Store {
    pub data: Data,
    pub tokens: Tokens,
    /// `METHOD /path?query` of recent requests, oldest first.
    pub requests: VecDeque<String>,
    /// Set by `/__test/api_key`: the key that works from now on (the old one stops working).
    pub api_key_override: Option<String>,
    /// Fault injection (`/__test/faults`); off unless a test turns it on.
    pub faults: crate::faults::Faults,
}

impl Store {
    pub fn new(data: Data) -> Self {
        Self {
            data,
            tokens: Tokens::default(),
            requests: VecDeque::new(),
            api_key_override: None,
            faults: crate::faults::Faults::default(),
        }
    }

    pub fn log_request(&mut self, line: String) {
        if self.requests.len() == MAX_LOGGED_REQUESTS {
            self.requests.pop_front();
        }
        self.requests.push_back(line);
    }
}

impl Data {
    pub fn tick(&mut self) -> DateTime<Utc> {
        self.clock += Duration::minutes(1);
        self.clock
    }

    pub fn status(&self, id: u64) -> Option<&Status> {
        self.statuses.iter().find(|s| s.id == id)
    }
    pub fn wp_type(&self, id: u64) -> Option<&WpType> {
        self.types.iter().find(|t| t.id == id)
    }
    pub fn priority(&self, id: u64) -> Option<&Priority> {
        self.priorities.iter().find(|p| p.id == id)
    }
    pub fn user(&self, id: u64) -> Option<&User> {
        self.users.iter().find(|u| u.id == id)
    }
    pub fn version(&self, id: u64) -> Option<&Version> {
        self.versions.iter().find(|v| v.id == id)
    }
    pub fn category(&self, id: u64) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }
    pub fn project(&self, id: u64) -> Option<&Project> {
        self.projects.iter().find(|p| p.id == id)
    }
    /// The project and every project below it, parents first.
    pub fn project_tree(&self, root: u64) -> Vec<u64> {
        let mut tree = vec![root];
        let mut at = 0;
        while at < tree.len() {
            let parent = tree[at];
            for p in &self.projects {
                if p.parent == Some(parent) && !tree.contains(&p.id) {
                    tree.push(p.id);
                }
            }
            at += 1;
        }
        tree
    }
    /// Routes accept a project's numeric id or its identifier, like OpenProject.
    pub fn project_by_key(&self, key: &str) -> Option<&Project> {
        match key.parse::<u64>() {
            Ok(id) => self.project(id),
            Err(_) => self.projects.iter().find(|p| p.identifier == key),
        }
    }
    pub fn work_package(&self, id: u64) -> Option<&WorkPackage> {
        self.work_packages.iter().find(|w| w.id == id)
    }
    pub fn work_package_mut(&mut self, id: u64) -> Option<&mut WorkPackage> {
        self.work_packages.iter_mut().find(|w| w.id == id)
    }
    pub fn is_milestone(&self, type_id: u64) -> bool {
        self.wp_type(type_id).is_some_and(|t| t.is_milestone)
    }
    pub fn default_status(&self) -> &Status {
        self.statuses
            .iter()
            .find(|s| s.is_default)
            .unwrap_or(&self.statuses[0])
    }
    pub fn default_priority(&self) -> &Priority {
        self.priorities
            .iter()
            .find(|p| p.is_default)
            .unwrap_or(&self.priorities[0])
    }
    pub fn children(&self, id: u64) -> Vec<&WorkPackage> {
        self.work_packages
            .iter()
            .filter(|w| w.parent == Some(id))
            .collect()
    }
    /// All descendants, depth first.
    pub fn descendants(&self, id: u64) -> Vec<u64> {
        let mut out = Vec::new();
        let mut stack = vec![id];
        while let Some(current) = stack.pop() {
            for child in self.children(current) {
                out.push(child.id);
                stack.push(child.id);
            }
        }
        out
    }
    /// Parent first, root last: the order OpenProject lists `ancestors` in is root first, so callers reverse.
    pub fn ancestors(&self, id: u64) -> Vec<u64> {
        let mut out = Vec::new();
        let mut current = self.work_package(id).and_then(|w| w.parent);
        while let Some(parent) = current {
            if out.contains(&parent) {
                break;
            }
            out.push(parent);
            current = self.work_package(parent).and_then(|w| w.parent);
        }
        out.reverse();
        out
    }
    pub fn next_id<T>(items: &[T], id: impl Fn(&T) -> u64) -> u64 {
        items.iter().map(id).max().unwrap_or(0) + 1
    }
    pub fn add_activity(
        &mut self,
        work_package: u64,
        user: u64,
        comment: String,
        details: Vec<String>,
    ) -> u64 {
        let id = Self::next_id(&self.activities, |a| a.id);
        let version = i64::try_from(
            self.activities
                .iter()
                .filter(|a| a.work_package == work_package)
                .count(),
        )
        .unwrap_or(0)
            + 1;
        let created_at = self.tick();
        self.activities.push(Activity {
            id,
            work_package,
            version,
            user,
            comment,
            details,
            created_at,
        });
        id
    }
}

/// The moment the seed's fake clock starts.
pub fn epoch() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 5, 8, 0, 0).single().unwrap()
}
