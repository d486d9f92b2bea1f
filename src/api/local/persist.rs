//! Where the local store's records live between visits. In the browser that is IndexedDB; tests use memory.
//! This and the OpenProject transport are the only places that touch browser storage or the network.

use super::records::{Change, Record};
use crate::api::{ApiError, ApiFuture};
use std::cell::RefCell;
use std::collections::BTreeMap;

/// Stored records, decoded one at a time as they are taken; a record that cannot be read back is an
/// `ApiError::Corrupt` in its place. `len` is how many there are.
pub struct Loaded {
    pub len: usize,
    pub records: Box<dyn Iterator<Item = Result<Record, ApiError>>>,
}

pub trait Persistence {
    /// Every stored record (decoded while the caller takes them, so that no list of every decoded
    /// record is held beside the store built from them).
    fn load(&self) -> ApiFuture<'_, Loaded>;
    /// Writes all changes in one transaction: all of them or none.
    fn write(&self, changes: Vec<Change>) -> ApiFuture<'_, ()>;
    /// Removes everything, then stores `records`.
    fn replace_all(&self, records: Vec<Record>) -> ApiFuture<'_, ()>;
    /// The stored data exactly as it is, even when it cannot be decoded, for rescue before a reset.
    fn raw_dump(&self) -> ApiFuture<'_, String>;
}

/// Keeps records in memory as JSON text, the same way IndexedDB does, so decoding is exercised too.
#[derive(Default)]
pub struct MemoryPersistence {
    rows: RefCell<BTreeMap<String, String>>,
    /// When set, every write fails like a full browser store.
    pub refuse_writes: RefCell<bool>,
}

impl MemoryPersistence {
    pub fn put_raw(&self, key: &str, json: &str) {
        self.rows
            .borrow_mut()
            .insert(key.to_owned(), json.to_owned());
    }
}

impl Persistence for MemoryPersistence {
    fn load(&self) -> ApiFuture<'_, Loaded> {
        Box::pin(async move {
            let rows = self.rows.borrow().clone();
            Ok(Loaded {
                len: rows.len(),
                records: Box::new(
                    rows.into_iter()
                        .map(|(key, json)| Record::from_json(&key, &json)),
                ),
            })
        })
    }

    fn write(&self, changes: Vec<Change>) -> ApiFuture<'_, ()> {
        Box::pin(async move {
            if *self.refuse_writes.borrow() {
                return Err(ApiError::Storage("quota exceeded".to_owned()));
            }
            let mut rows = self.rows.borrow_mut();
            for change in changes {
                match change {
                    Change::Put(record) => {
                        rows.insert(record.key(), record.to_json());
                    }
                    Change::Delete(key) => {
                        rows.remove(&key);
                    }
                }
            }
            Ok(())
        })
    }

    fn replace_all(&self, records: Vec<Record>) -> ApiFuture<'_, ()> {
        Box::pin(async move {
            if *self.refuse_writes.borrow() {
                return Err(ApiError::Storage("quota exceeded".to_owned()));
            }
            let mut rows = self.rows.borrow_mut();
            rows.clear();
            for record in records {
                rows.insert(record.key(), record.to_json());
            }
            Ok(())
        })
    }

    fn raw_dump(&self) -> ApiFuture<'_, String> {
        Box::pin(async move {
            serde_json::to_string(&*self.rows.borrow())
                .map_err(|e| ApiError::Storage(e.to_string()))
        })
    }
}
