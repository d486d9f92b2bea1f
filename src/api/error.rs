//! What can go wrong when talking to a backend, as values the UI can explain.

use crate::domain::{FieldError, WorkPackage};
use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// Someone else changed it first; carries the stored version so the user can compare.
    Conflict {
        current: Box<WorkPackage>,
    },
    NotFound,
    /// Field values the backend refused.
    Invalid(Vec<FieldError>),
    Unauthenticated,
    Forbidden,
    /// The request did not reach the backend or no answer came back.
    Network(String),
    /// The server took the request but gave no answer within the deployment's timeout.
    TimedOut,
    /// The backend failed (5xx).
    Server {
        status: u16,
        message: String,
    },
    /// The server is overloaded or limits the rate (429, or 503 with `Retry-After`).
    Busy {
        retry_after_s: Option<u32>,
    },
    /// An answer that is not what the API promises.
    Decode(String),
    /// The browser's storage refused a write (quota, private mode) or could not be read.
    Storage(String),
    /// The stored data cannot be read back; the app offers export and reset.
    Corrupt(String),
}

impl ApiError {
    /// Worth trying again unchanged: the edit should be kept, not rolled back.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            Self::Network(_)
                | Self::TimedOut
                | Self::Server { .. }
                | Self::Busy { .. }
                | Self::Storage(_)
        )
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Conflict { current } => {
                write!(f, "conflict: stored lock version {}", current.lock_version)
            }
            Self::NotFound => f.write_str("not found"),
            Self::Invalid(errors) => write!(f, "invalid: {errors:?}"),
            Self::Unauthenticated => f.write_str("unauthenticated"),
            Self::Forbidden => f.write_str("forbidden"),
            Self::Network(m) => write!(f, "network: {m}"),
            Self::TimedOut => f.write_str("no answer in time"),
            Self::Server { status, message } => write!(f, "server {status}: {message}"),
            Self::Busy { retry_after_s } => write!(f, "busy, retry after {retry_after_s:?} s"),
            Self::Decode(m) => write!(f, "unexpected answer: {m}"),
            Self::Storage(m) => write!(f, "storage: {m}"),
            Self::Corrupt(m) => write!(f, "corrupt store: {m}"),
        }
    }
}

impl std::error::Error for ApiError {}
