//! A file attached to a work package, as a server lists it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attachment {
    pub id: u64,
    pub file_name: String,
    /// In bytes, when the server says.
    pub size: Option<u64>,
    /// Who uploaded it, by name.
    pub author: String,
    pub created_at: DateTime<Utc>,
    /// An absolute `http(s)` address to fetch it from; `None` when the server gave none that is safe.
    pub download: Option<String>,
}
