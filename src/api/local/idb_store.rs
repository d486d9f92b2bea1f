//! IndexedDB persistence: one object store of JSON text records keyed like `wp/12`.
//! Text rather than structured clones, so a damaged record can still be exported for rescue.

use super::persist::{Loaded, Persistence};
use super::records::{Change, Record};
use crate::api::{ApiError, ApiFuture};
use idb::{Database, DatabaseEvent, Factory, ObjectStoreParams, TransactionMode};
use wasm_bindgen::JsValue;

const DB_NAME: &str = "tafel";
const STORE: &str = "records";

pub struct IdbPersistence {
    db: Database,
}

fn storage_error(e: impl std::fmt::Display) -> ApiError {
    ApiError::Storage(e.to_string())
}

impl IdbPersistence {
    pub async fn open() -> Result<Self, ApiError> {
        let factory = Factory::new().map_err(storage_error)?;
        let mut request = factory.open(DB_NAME, Some(1)).map_err(storage_error)?;
        request.on_upgrade_needed(|event| {
            if let Ok(db) = event.database()
                && !db.store_names().iter().any(|n| n == STORE)
            {
                // Failure here surfaces as a failed open below.
                let _ = db.create_object_store(STORE, ObjectStoreParams::new());
            }
        });
        let db = request.await.map_err(storage_error)?;
        Ok(Self { db })
    }

    async fn rows(&self) -> Result<Vec<(String, JsValue)>, ApiError> {
        let tx = self
            .db
            .transaction(&[STORE], TransactionMode::ReadOnly)
            .map_err(storage_error)?;
        let store = tx.object_store(STORE).map_err(storage_error)?;
        let keys = store
            .get_all_keys(None, None)
            .map_err(storage_error)?
            .await
            .map_err(storage_error)?;
        let values = store
            .get_all(None, None)
            .map_err(storage_error)?
            .await
            .map_err(storage_error)?;
        // Both lists come back in key order, so they pair up.
        Ok(keys
            .into_iter()
            .map(|k| k.as_string().unwrap_or_default())
            .zip(values)
            .collect())
    }

    async fn run(&self, clear_first: bool, changes: Vec<Change>) -> Result<(), ApiError> {
        let tx = self
            .db
            .transaction(&[STORE], TransactionMode::ReadWrite)
            .map_err(storage_error)?;
        let store = tx.object_store(STORE).map_err(storage_error)?;
        if clear_first {
            store.clear().map_err(storage_error)?;
        }
        for change in changes {
            match change {
                Change::Put(record) => {
                    let key = JsValue::from_str(&record.key());
                    store
                        .put(&JsValue::from_str(&record.to_json()), Some(&key))
                        .map_err(storage_error)?;
                }
                Change::Delete(key) => {
                    store
                        .delete(JsValue::from_str(&key))
                        .map_err(storage_error)?;
                }
            }
        }
        let result = tx.await.map_err(storage_error)?;
        if result.is_committed() {
            Ok(())
        } else {
            Err(ApiError::Storage(
                "the browser did not save the change".to_owned(),
            ))
        }
    }
}

impl Persistence for IdbPersistence {
    fn load(&self) -> ApiFuture<'_, Loaded> {
        Box::pin(async move {
            let rows = self.rows().await?;
            crate::perf::mark("tafel:store-loaded");
            // Decoded one by one as the store takes them (LocalStore::from_decoded); the
            // `tafel:store-decoded` mark is set after the last one, so it now also covers putting
            // the records into the store's maps (before, that counted as the views' render).
            let decoded = std::iter::from_fn(|| {
                crate::perf::mark("tafel:store-decoded");
                None
            });
            Ok(Loaded {
                len: rows.len(),
                records: Box::new(
                    rows.into_iter()
                        .map(|(key, value)| {
                            let json = value.as_string().ok_or_else(|| {
                                ApiError::Corrupt(format!("record {key} is not text"))
                            })?;
                            Record::from_json(&key, &json)
                        })
                        .chain(decoded),
                ),
            })
        })
    }

    fn write(&self, changes: Vec<Change>) -> ApiFuture<'_, ()> {
        Box::pin(self.run(false, changes))
    }

    fn replace_all(&self, records: Vec<Record>) -> ApiFuture<'_, ()> {
        Box::pin(self.run(true, records.into_iter().map(Change::Put).collect()))
    }

    fn raw_dump(&self) -> ApiFuture<'_, String> {
        Box::pin(async move {
            let rows: serde_json::Map<String, serde_json::Value> = self
                .rows()
                .await?
                .into_iter()
                .map(|(key, value)| {
                    let text = value.as_string().unwrap_or_else(|| format!("{value:?}"));
                    (key, serde_json::Value::String(text))
                })
                .collect();
            serde_json::to_string(&rows).map_err(storage_error)
        })
    }
}
