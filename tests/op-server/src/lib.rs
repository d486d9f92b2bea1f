//! An in-memory server that speaks enough of OpenProject's API v3 for Tafel's tests.
//!
//! It answers with the HAL+JSON shapes of the official description (checked by this crate's tests),
//! keeps OpenProject's rules that a client must cope with (page-numbered offsets, open-only default
//! filter, optimistic locking, workflow-restricted statuses, 422 details), and adds a few `/__test/`
//! endpoints so browser tests can reset data or simulate another user's edit.

pub mod auth;
pub mod columns;
pub mod custom_fields;
pub mod errors;
pub mod faults;
pub mod filters;
pub mod hal;
pub mod oauth;
pub mod paging;
pub mod query_body;
pub mod routes;
pub mod schema;
pub mod seed;
pub mod state;
pub mod workflow;
pub mod write;
pub mod xss_seed;

use state::Store;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

#[derive(Debug, Clone)]
pub struct ServerOptions {
    /// The API key accepted as `Basic apikey:<key>` or `Bearer <key>`; `None` turns key auth off.
    pub api_key: Option<String>,
    /// Let unauthenticated callers read (as OpenProject's anonymous user); writes are then refused with 403.
    pub anonymous_read: bool,
    /// Origins that get CORS headers; empty means no CORS headers at all (OpenProject's default).
    pub allowed_origins: Vec<String>,
    /// OpenProject's `apiv3_max_page_size`.
    pub max_page_size: usize,
    /// Registered OAuth applications: (client id, redirect URI).
    pub oauth_clients: Vec<(String, String)>,
    /// Fault injection from the start (`--faults '<json>'`), as `POST /__test/faults` would turn on.
    pub faults: Option<faults::Config>,
    /// Start the clock at the real time instead of the seed's fixed moment (`--real-clock`), for a
    /// client that compares the server's timestamps with its own clock (the outbox looks for what a
    /// creation whose answer got lost made since the change was made). It still moves on a minute
    /// per write; the seed's own timestamps stay as they are.
    pub real_clock: bool,
}

impl Default for ServerOptions {
    fn default() -> Self {
        Self {
            api_key: Some("test-key".to_owned()),
            anonymous_read: false,
            allowed_origins: Vec::new(),
            max_page_size: 1000,
            oauth_clients: Vec::new(),
            faults: None,
            real_clock: false,
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub options: Arc<ServerOptions>,
    pub store: Arc<Mutex<Store>>,
}

impl AppState {
    /// A panic in one handler must not take the whole test server down, so poisoning is ignored.
    pub fn lock(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

pub fn seeded_state() -> Store {
    Store::new(seed::seeded_data())
}

pub fn app(options: ServerOptions) -> axum::Router {
    let mut store = seeded_state();
    if let Some(config) = options.faults.clone() {
        store.faults.enable(config);
    }
    if options.real_clock {
        store.data.clock = chrono::Utc::now();
    }
    let state = AppState {
        options: Arc::new(options),
        store: Arc::new(Mutex::new(store)),
    };
    routes::router(state)
}
