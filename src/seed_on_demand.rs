//! The demo project and the benchmark data set as a chunk fetched on demand: only a first visit (an
//! empty store), a reset of the demo and the bench mode need them, so a returning visitor never
//! loads them. Part of the composition root, beside `startup`; the split point works as in
//! `views::on_demand`.
// The wasm_split macro declares the chunk's import and its loader with `unsafe`; nothing else here is.
#![allow(unsafe_code)]
// With `fallible` the macro wants the split function to return a Result: the error is the loader's.
#![allow(clippy::unnecessary_wraps)]

use crate::api::ApiError;
use crate::api::local::records::Record;
use crate::api::local::{DemoSeed, bench_seed, seed};
use crate::chunk::Chunk;
use chrono::{DateTime, NaiveDate, Utc};
use leptos::wasm_split::{SplitLoaderError, wasm_split};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

#[derive(Clone, Copy)]
pub(crate) struct Seeds {
    pub demo: fn(NaiveDate, DateTime<Utc>) -> Vec<Record>,
    pub bench: fn(usize, DateTime<Utc>) -> Vec<Record>,
}

#[wasm_split(seed, fallible, wasm_split_path = ::leptos::wasm_split)]
fn seeds() -> Result<Seeds, SplitLoaderError> {
    Ok(Seeds {
        demo: seed::demo_records,
        bench: bench_seed::bench_records,
    })
}

static SEEDS: Chunk<Seeds> = Chunk::new(|| Box::pin(seeds()));

/// The seeds, fetching the chunk the first time. A failed fetch is a network error.
pub(crate) async fn load() -> Result<Seeds, ApiError> {
    SEEDS
        .load()
        .await
        .map_err(|_| ApiError::Network(CODE_FAILED.to_owned()))
}

/// The demo project, its code fetched when it is first asked for.
pub(crate) fn demo() -> DemoSeed {
    Rc::new(|today, now| Box::pin(async move { Ok((load().await?.demo)(today, now)) }))
}

/// Fetches the seeds (see [`load`]).
pub(crate) type LoadSeeds = fn() -> Pin<Box<dyn Future<Output = Result<Seeds, ApiError>>>>;

/// What the store's code needs of this chunk, handed to it from outside. The store is a chunk too
/// (`local_on_demand`), and a chunk's code is kept in every build of the crate, the browser glue
/// tests' included, where no chunk loader exists: it must not call this chunk's loader itself.
#[derive(Clone)]
pub(crate) struct Seeding {
    /// The demo project, for an empty store.
    pub demo: DemoSeed,
    /// The seeds, for the bench mode.
    pub load: LoadSeeds,
}

impl Seeding {
    pub(crate) fn new() -> Self {
        Self {
            demo: demo(),
            load: || Box::pin(load()),
        }
    }
}

/// Why the store could not be filled: the demo's code did not arrive.
const CODE_FAILED: &str = "the demo project's code did not arrive";
