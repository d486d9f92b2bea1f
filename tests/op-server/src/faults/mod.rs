//! Fault injection, switched on by the tests (`POST /__test/faults` or `--faults '<json>'`), so the
//! browser tests can check that Tafel's outbox survives what real networks and servers do: slow answers,
//! 5xx, rate limits, lost connections (before or after the write happened), cut-off bodies, an expired
//! session, and another user's edit landing first.
//!
//! Which request gets which fault is drawn from a seeded PRNG in request order, so a test that sends
//! the same requests with the same seed sees the same faults. Only requests under `paths` (default
//! `/api/v3/`) can be faulted; `/__test/…` and CORS preflights (`OPTIONS`) never are.
//!
//! - `control`: the `/__test/faults` endpoints.
//! - `inject`: the middleware that applies a drawn fault to a request.
//! - `conflict`: the concurrent edit behind the `conflict` kind.

pub mod conflict;
pub mod control;
pub mod inject;
mod rng;

pub use control::routes;
pub use inject::{close_connections, inject};

use axum::http::Method;
use rng::Rng;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use std::time::Duration;

/// The kinds of fault; the JSON names are the snake_case of these (`error503_retry_after`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Latency,
    Error500,
    Error503RetryAfter,
    Error429,
    DropBefore,
    DropAfter,
    Truncate,
    Unauthorized,
    Conflict,
}

impl Kind {
    pub const ALL: [Kind; 9] = [
        Kind::Latency,
        Kind::Error500,
        Kind::Error503RetryAfter,
        Kind::Error429,
        Kind::DropBefore,
        Kind::DropAfter,
        Kind::Truncate,
        Kind::Unauthorized,
        Kind::Conflict,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Latency => "latency",
            Kind::Error500 => "error500",
            Kind::Error503RetryAfter => "error503_retry_after",
            Kind::Error429 => "error429",
            Kind::DropBefore => "drop_before",
            Kind::DropAfter => "drop_after",
            Kind::Truncate => "truncate",
            Kind::Unauthorized => "unauthorized",
            Kind::Conflict => "conflict",
        }
    }
}

/// What a test sends to `POST /__test/faults`. Unknown fields are refused, so a typo is a 400, not a
/// silently fault-free run.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub seed: u64,
    /// The chance that an eligible request gets a fault (0 to 1); 1 faults every eligible request.
    #[serde(default = "always")]
    pub rate: f64,
    /// Each faulted request gets one of these, picked uniformly among those that apply to it
    /// (`conflict` applies only to `PATCH /api/v3/work_packages/{id}` of an existing work package).
    pub kinds: Vec<Kind>,
    /// Inclusive range of the `latency` delay in milliseconds.
    #[serde(default = "default_latency")]
    pub latency_ms: [u64; 2],
    /// Only paths starting with this are eligible.
    #[serde(default = "default_paths")]
    pub paths: String,
    /// Only these methods are eligible (e.g. `["PATCH", "POST"]` to fault writes only); empty: all.
    #[serde(default)]
    pub methods: Vec<String>,
    /// Stop after this many faults (e.g. 1 for "the next write fails once").
    #[serde(default)]
    pub limit: Option<u64>,
    /// After an `unauthorized` fault, answer every eligible request with 401 until
    /// `POST /__test/faults/reauth`, as an expired session does until the user signs in again.
    #[serde(default)]
    pub sticky_unauthorized: bool,
}

fn always() -> f64 {
    1.0
}
fn default_latency() -> [u64; 2] {
    [50, 400]
}
fn default_paths() -> String {
    "/api/v3/".to_owned()
}

impl Config {
    pub fn parse(json: &str) -> Result<Self, String> {
        let config: Config = serde_json::from_str(json).map_err(|e| e.to_string())?;
        if config.kinds.is_empty() {
            return Err("kinds must name at least one fault kind".to_owned());
        }
        if !(0.0..=1.0).contains(&config.rate) {
            return Err("rate must be between 0 and 1".to_owned());
        }
        let [lo, hi] = config.latency_ms;
        if lo > hi || hi > 60_000 {
            return Err("latency_ms must be [lo, hi] with lo <= hi <= 60000".to_owned());
        }
        Ok(config)
    }
}

/// A fault drawn for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    Latency(Duration),
    Error500,
    Error503RetryAfter,
    Error429,
    DropBefore,
    DropAfter,
    Truncate,
    Unauthorized,
    /// Another user edits this work package just before the client's PATCH is handled.
    Conflict(u64),
}

/// An edit the server made as "another user" for a `conflict` fault.
#[derive(Debug, Clone, Serialize)]
pub struct ConcurrentEdit {
    pub id: u64,
    pub field: &'static str,
    pub value: String,
    #[serde(rename = "lockVersion")]
    pub lock_version: i64,
}

/// The fault state, kept in the store next to the data so the `conflict` edit and the draw happen
/// under one lock.
#[derive(Debug, Default)]
pub struct Faults {
    config: Option<Config>,
    rng: Rng,
    requests: u64,
    faulted: [u64; Kind::ALL.len()],
    pub concurrent_edits: Vec<ConcurrentEdit>,
    signed_out: bool,
}

impl Faults {
    /// Turns faults on with fresh counts and a PRNG at the start of the seed's sequence.
    pub fn enable(&mut self, config: Config) {
        *self = Faults {
            rng: Rng::new(config.seed),
            config: Some(config),
            ..Faults::default()
        };
    }

    /// Turns faults off; the counts stay readable until the next `enable`.
    pub fn disable(&mut self) {
        self.config = None;
        self.signed_out = false;
    }

    pub fn reauthenticate(&mut self) {
        self.signed_out = false;
    }

    pub fn enabled(&self) -> bool {
        self.config.is_some()
    }

    /// Draws the fault for one request, or `None`. `conflict_target` is the work package a PATCH
    /// would change, when it exists (only then can `conflict` apply).
    pub fn decide(
        &mut self,
        method: &Method,
        path: &str,
        conflict_target: Option<u64>,
    ) -> Option<Fault> {
        let config = self.config.as_ref()?;
        if method == Method::OPTIONS
            || path.starts_with("/__test/")
            || !path.starts_with(&config.paths)
            || !(config.methods.is_empty()
                || config
                    .methods
                    .iter()
                    .any(|m| m.eq_ignore_ascii_case(method.as_str())))
        {
            return None;
        }
        self.requests += 1;
        if self.signed_out {
            self.faulted[Kind::Unauthorized as usize] += 1;
            return Some(Fault::Unauthorized);
        }
        let total: u64 = self.faulted.iter().sum();
        if config.limit.is_some_and(|limit| total >= limit) {
            return None;
        }
        let applicable: Vec<Kind> = config
            .kinds
            .iter()
            .copied()
            .filter(|k| *k != Kind::Conflict || conflict_target.is_some())
            .collect();
        if applicable.is_empty() || self.rng.unit() >= config.rate {
            return None;
        }
        let kind = applicable[usize::try_from(self.rng.between(0, applicable.len() as u64 - 1))
            .expect("an index into a short list")];
        let fault = match kind {
            Kind::Latency => Fault::Latency(Duration::from_millis(
                self.rng.between(config.latency_ms[0], config.latency_ms[1]),
            )),
            Kind::Error500 => Fault::Error500,
            Kind::Error503RetryAfter => Fault::Error503RetryAfter,
            Kind::Error429 => Fault::Error429,
            Kind::DropBefore => Fault::DropBefore,
            Kind::DropAfter => Fault::DropAfter,
            Kind::Truncate => Fault::Truncate,
            Kind::Unauthorized => {
                self.signed_out = config.sticky_unauthorized;
                Fault::Unauthorized
            }
            Kind::Conflict => Fault::Conflict(conflict_target.expect("filtered above")),
        };
        self.faulted[kind as usize] += 1;
        Some(fault)
    }

    /// What `GET /__test/faults` answers.
    pub fn stats(&self) -> Value {
        let faulted: Map<String, Value> = Kind::ALL
            .iter()
            .map(|k| (k.name().to_owned(), json!(self.faulted[*k as usize])))
            .collect();
        json!({
            "enabled": self.enabled(),
            "config": self.config,
            "requests": self.requests,
            "faulted": faulted,
            "total_faulted": self.faulted.iter().sum::<u64>(),
            "signed_out": self.signed_out,
            "concurrent_edits": self.concurrent_edits,
        })
    }
}

#[cfg(test)]
mod tests;
