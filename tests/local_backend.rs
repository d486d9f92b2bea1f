//! The local backend: the shared contract, and what only a store in the browser does (persistence,
//! refused writes, damaged records, export, import, reset).

#[path = "support/contract.rs"]
mod contract;

use chrono::{DateTime, TimeZone, Utc};
use futures::executor::block_on;
use std::rc::Rc;
use tafel::api::local::persist::{MemoryPersistence, Persistence};
use tafel::api::local::{Clock, LocalBackend, demo_seed};
use tafel::api::{ApiError, Backend, all_work_packages};
use tafel::domain::{NewWorkPackage, WorkPackageId, WorkPackagePatch, WorkPackageQuery};

fn fixed_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 10, 0, 0).unwrap()
}

fn fixed_clock() -> Clock {
    Rc::new(fixed_now)
}

fn open_local(persist: &Rc<MemoryPersistence>) -> Result<Rc<LocalBackend>, ApiError> {
    let persist: Rc<dyn Persistence> = persist.clone();
    block_on(LocalBackend::open(persist, fixed_clock(), demo_seed()))
}

#[test]
fn local_backend_passes_the_contract() {
    contract::run_contract(&|| {
        let backend: Rc<dyn Backend> = open_local(&Rc::new(MemoryPersistence::default())).unwrap();
        backend
    });
}

#[test]
fn an_empty_store_opens_with_the_demo_projects() {
    let backend = open_local(&Rc::new(MemoryPersistence::default())).unwrap();
    let projects = block_on(backend.projects()).unwrap();
    let identifiers: Vec<&str> = projects.iter().map(|p| p.identifier.as_str()).collect();
    assert_eq!(
        identifiers,
        vec!["city-portal", "office-move", "portal-accessibility"]
    );
}

#[test]
fn a_change_is_still_there_when_the_store_is_opened_again() {
    let persist = Rc::new(MemoryPersistence::default());
    let first = open_local(&persist).unwrap();
    let wp = block_on(first.work_package(WorkPackageId(1))).unwrap();
    let mut patch = WorkPackagePatch::based_on(&wp);
    patch.subject = Some("Renamed in the first tab".to_owned());
    let updated = block_on(first.update_work_package(wp.id, patch)).unwrap();

    let second = open_local(&persist).unwrap();
    assert_eq!(block_on(second.work_package(wp.id)).unwrap(), updated);
}

#[test]
fn a_write_the_storage_refuses_is_reported_and_leaves_memory_as_it_was() {
    let persist = Rc::new(MemoryPersistence::default());
    let backend = open_local(&persist).unwrap();
    let wp = block_on(backend.work_package(WorkPackageId(1))).unwrap();
    let count = |b: &LocalBackend| {
        block_on(all_work_packages(
            b,
            wp.project,
            WorkPackageQuery::everything(),
        ))
        .unwrap()
        .len()
    };
    let before = count(&backend);
    *persist.refuse_writes.borrow_mut() = true;

    let mut patch = WorkPackagePatch::based_on(&wp);
    patch.subject = Some("Never stored".to_owned());
    let error = block_on(backend.update_work_package(wp.id, patch)).unwrap_err();
    assert!(matches!(error, ApiError::Storage(_)), "{error:?}");
    assert!(error.is_retryable());
    assert_eq!(block_on(backend.work_package(wp.id)).unwrap(), wp);

    let draft = NewWorkPackage::new(wp.project, wp.wp_type, "Never created");
    assert!(matches!(
        block_on(backend.create_work_package(draft)),
        Err(ApiError::Storage(_))
    ));
    assert!(matches!(
        block_on(backend.delete_work_package(wp.id)),
        Err(ApiError::Storage(_))
    ));
    assert_eq!(count(&backend), before);
    assert_eq!(block_on(backend.work_package(wp.id)).unwrap(), wp);
}

#[test]
fn a_damaged_record_makes_opening_report_a_corrupt_store() {
    let persist = Rc::new(MemoryPersistence::default());
    open_local(&persist).unwrap();
    persist.put_raw("wp/1", "{garbage");
    assert!(matches!(open_local(&persist), Err(ApiError::Corrupt(_))));
    let dump = block_on(persist.raw_dump()).unwrap();
    assert!(
        dump.contains("{garbage"),
        "the raw data can still be rescued"
    );
}

#[test]
fn an_export_imports_back_and_a_reset_brings_the_demo_back() {
    let persist = Rc::new(MemoryPersistence::default());
    let backend = open_local(&persist).unwrap();
    let admin = backend
        .store_admin()
        .expect("a local store has administration");
    let pristine = block_on(admin.export_json()).unwrap();

    block_on(backend.delete_work_package(WorkPackageId(1))).unwrap();
    let after_delete = block_on(admin.export_json()).unwrap();
    assert_ne!(after_delete, pristine);

    block_on(admin.import_json(pristine.clone())).unwrap();
    assert!(block_on(backend.work_package(WorkPackageId(1))).is_ok());
    assert_eq!(block_on(admin.export_json()).unwrap(), pristine);
    let reopened = open_local(&persist).unwrap();
    assert!(
        block_on(reopened.work_package(WorkPackageId(1))).is_ok(),
        "import is persisted"
    );

    let refused = block_on(admin.import_json("{\"not\": \"an export\"}".to_owned()));
    assert!(matches!(refused, Err(ApiError::Decode(_))));
    assert_eq!(
        block_on(admin.export_json()).unwrap(),
        pristine,
        "a bad file changes nothing"
    );

    block_on(backend.delete_work_package(WorkPackageId(1))).unwrap();
    block_on(admin.reset_demo()).unwrap();
    assert_eq!(block_on(admin.export_json()).unwrap(), pristine);
}

#[test]
fn listeners_hear_about_an_import() {
    let backend = open_local(&Rc::new(MemoryPersistence::default())).unwrap();
    let heard = Rc::new(std::cell::Cell::new(0));
    let counter = heard.clone();
    backend.on_external_change(Rc::new(move || counter.set(counter.get() + 1)));
    let admin = backend.store_admin().unwrap();
    let json = block_on(admin.export_json()).unwrap();
    block_on(admin.import_json(json)).unwrap();
    assert_eq!(heard.get(), 1);
}

#[test]
fn the_store_keeps_no_attachments_and_says_so() {
    let backend = open_local(&Rc::new(MemoryPersistence::default())).unwrap();
    assert_eq!(block_on(backend.attachments(WorkPackageId(1))), Ok(None));
}

#[test]
fn watchers_survive_a_reopening_and_go_with_their_work_package() {
    let persist = Rc::new(MemoryPersistence::default());
    let backend = open_local(&persist).unwrap();
    let wp = WorkPackageId(1);
    let someone = block_on(backend.available_watchers(wp)).unwrap().remove(0);
    block_on(backend.set_watcher(wp, someone.id, true)).unwrap();
    let reopened = open_local(&persist).unwrap();
    assert_eq!(block_on(reopened.watchers(wp)).unwrap(), vec![someone]);
    block_on(reopened.delete_work_package(wp)).unwrap();
    assert!(
        open_local(&persist).is_ok(),
        "no watchers of a deleted work package remain"
    );
}
