//! The few places where Tafel's code meets the browser's own APIs, run in headless Chromium
//! (`cargo test -p tafel --target wasm32-unknown-unknown --test browser_glue`; the runner is set in
//! `.cargo/config.toml`). Everything else is native tests or the end-to-end suite.
#![cfg(target_arch = "wasm32")]

use tafel::api::credentials;
use tafel::api::local::idb_store::IdbPersistence;
use tafel::api::local::persist::Persistence;
use tafel::api::local::records::{Change, Record};
use tafel::api::local::seed::demo_records;
use tafel::domain::theme_tokens;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn window() -> web_sys::Window {
    web_sys::window().expect("a window")
}

#[wasm_bindgen_test]
async fn the_store_in_indexeddb_gives_back_what_was_written_and_forgets_what_was_deleted() {
    let store = IdbPersistence::open().await.expect("IndexedDB opens");
    let records = demo_records(
        chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
        chrono::Utc::now(),
    );
    let mut keys: Vec<String> = records.iter().map(Record::key).collect();
    store.replace_all(records).await.expect("written");

    let mut loaded: Vec<String> = store
        .load()
        .await
        .expect("read")
        .records
        .map(|r| r.expect("decoded").key())
        .collect();
    keys.sort();
    loaded.sort();
    assert_eq!(loaded, keys);

    let gone = keys.iter().find(|k| k.starts_with("wp/")).unwrap().clone();
    store
        .write(vec![Change::Delete(gone.clone())])
        .await
        .expect("deleted");
    let again = IdbPersistence::open().await.expect("opens again");
    let after: Vec<String> = again
        .load()
        .await
        .unwrap()
        .records
        .map(|r| r.expect("decoded").key())
        .collect();
    assert!(!after.contains(&gone));
    assert_eq!(after.len(), keys.len() - 1);
}

#[wasm_bindgen_test]
fn a_token_not_to_be_remembered_stays_out_of_local_storage_and_forgetting_removes_it() {
    let server = "https://op.glue.test";
    let local = window().local_storage().unwrap().unwrap();
    let dump = |storage: &web_sys::Storage| -> String {
        let mut all = String::new();
        for i in 0..storage.length().unwrap() {
            if let Some(key) = storage.key(i).ok().flatten() {
                let value = storage.get_item(&key).ok().flatten().unwrap_or_default();
                all.push_str(&key);
                all.push('=');
                all.push_str(&value);
                all.push('\n');
            }
        }
        all
    };
    credentials::save(server, "tab-only-token", false).unwrap();
    assert_eq!(credentials::load(server).as_deref(), Some("tab-only-token"));
    assert!(!dump(&local).contains("tab-only-token"));

    credentials::save(server, "remembered-token", true).unwrap();
    assert!(dump(&local).contains("remembered-token"));
    credentials::forget(server);
    assert_eq!(credentials::load(server), None);
    let session = window().session_storage().unwrap().unwrap();
    assert!(!dump(&local).contains("-token"));
    assert!(!dump(&session).contains("-token"));
}

#[wasm_bindgen_test]
fn design_tokens_reach_the_page_style_through_the_cssom_and_can_be_taken_back() {
    let root: web_sys::HtmlElement = window()
        .document()
        .unwrap()
        .document_element()
        .unwrap()
        .dyn_into()
        .unwrap();
    let set = theme_tokens::check_all([("color-primary", Some("#123456"))]).unwrap();
    tafel::state::prefs::apply_tokens(&set);
    let computed = window().get_computed_style(&root).unwrap().unwrap();
    assert_eq!(
        computed
            .get_property_value("--tafel-color-primary")
            .unwrap()
            .trim(),
        "#123456"
    );
    let unset = theme_tokens::check_all([("color-primary", None)]).unwrap();
    tafel::state::prefs::apply_tokens(&unset);
    assert_eq!(
        root.style()
            .get_property_value("--tafel-color-primary")
            .unwrap(),
        ""
    );
}
