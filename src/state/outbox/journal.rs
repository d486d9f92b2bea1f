//! The outbox's journal in the browser's `localStorage`: one key per entry, so tabs that add
//! entries at the same time never overwrite each other's, and a write is done before the change is
//! sent. `localStorage` (not IndexedDB) because its writes are synchronous: nothing can reload the
//! page between the user's change and its journal entry.

use crate::api::ApiError;
use crate::domain::outbox::{self, Entry, EntryKey};

const PREFIX: &str = "tafel.outbox.";

/// The storage keys of one backend's journal start with this (`scope` tells backends apart).
pub fn prefix(scope: &str) -> String {
    format!("{PREFIX}{scope}|")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// How many entries the journal holds, without reading them.
pub fn count(prefix: &str) -> usize {
    storage().map_or(0, |storage| {
        (0..storage.length().unwrap_or(0))
            .filter_map(|i| storage.key(i).ok().flatten())
            .filter(|key| key.starts_with(prefix))
            .count()
    })
}

/// Every entry of the journal, in journal order. Entries that cannot be read (written by a newer
/// Tafel, say) are left in place and skipped.
pub fn load(prefix: &str) -> Vec<Entry> {
    let Some(storage) = storage() else {
        return Vec::new();
    };
    let count = storage.length().unwrap_or(0);
    let mut entries: Vec<Entry> = (0..count)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|key| key.starts_with(prefix))
        .filter_map(|key| storage.get_item(&key).ok().flatten())
        .filter_map(|json| serde_json::from_str(&json).ok())
        .collect();
    outbox::sort(&mut entries);
    entries
}

/// Writes an entry; a full or blocked storage is reported, so the caller can keep the change on
/// screen and say it is not safe yet.
pub fn put(prefix: &str, entry: &Entry) -> Result<(), ApiError> {
    let storage = storage().ok_or_else(|| ApiError::Storage("no localStorage".to_owned()))?;
    let json = serde_json::to_string(entry).map_err(|e| ApiError::Storage(e.to_string()))?;
    storage
        .set_item(&key(prefix, &entry.key), &json)
        .map_err(|_| ApiError::Storage("localStorage refused the write (full?)".to_owned()))
}

pub fn remove(prefix: &str, key_of: &EntryKey) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(&key(prefix, key_of));
    }
}

fn key(prefix: &str, entry: &EntryKey) -> String {
    format!("{prefix}{}", entry.storage_suffix())
}
