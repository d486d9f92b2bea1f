//! The store inside the browser as a chunk fetched on demand: its engine, its records and their
//! persistence in IndexedDB. A deployment on OpenProject never loads it; for one on the store,
//! public/boot.js fetches it beside the main module, once `config.json` has said so, and the app
//! takes that answer before it shows the projects. Part of the composition root,
//! beside `startup`; the split point works as in `views::on_demand`.
// The wasm_split macro declares the chunk's import and its loader with `unsafe`; nothing else here is.
#![allow(unsafe_code)]
// With `fallible` the macro wants the split function to return a Result: the error is the loader's.
#![allow(clippy::unnecessary_wraps)]

use crate::chunk::Chunk;
use crate::openproject_on_demand::Starting;
use crate::seed_on_demand::Seeding;
use crate::startup::Startup;
use crate::state::notices::Notices;
use crate::state::prefs::I18n;
use leptos::task::spawn_local;
use leptos::wasm_split::{SplitLoaderError, wasm_split};

/// Opens the store (`startup::open_local_store`), once the chunk is here.
type Open = fn(Notices, I18n, bool, Seeding) -> Starting;

#[wasm_split(local, fallible, wasm_split_path = ::leptos::wasm_split)]
fn opener() -> Result<Open, SplitLoaderError> {
    Ok(|notices, i18n, first_visit, seeding| {
        Box::pin(crate::startup::open_local_store(
            notices,
            i18n,
            first_visit,
            seeding,
        ))
    })
}

static STORE: Chunk<Open> = Chunk::new(|| Box::pin(opener()));

/// Opens the store inside the browser, fetching its code the first time. A failed fetch (offline on
/// a first visit) is the start-up's `CodeFailed`, which offers to try again.
pub(crate) async fn open(notices: Notices, i18n: I18n) -> Startup {
    let first_visit = crate::startup::first_visit();
    if first_visit {
        // A failure is reported when the demo is asked for, which tries again.
        spawn_local(async {
            let _ = crate::seed_on_demand::load().await;
        });
    }
    match STORE.load().await {
        Ok(open) => open(notices, i18n, first_visit, Seeding::new()).await,
        Err(_) => {
            Startup::CodeFailed("the code of the store in this browser did not arrive".to_owned())
        }
    }
}
