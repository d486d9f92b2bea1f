//! The outbox's engine (`state::outbox::Engine`: reading the journal and sending it) as a chunk
//! fetched on demand: a start with nothing to send shows its first screen without it, and it is
//! fetched once there is something to send or the page is idle. Part of the composition root,
//! beside `startup`; the split point works as in `views::on_demand`.
// The wasm_split macro declares the chunk's import and its loader with `unsafe`; nothing else here is.
#![allow(unsafe_code)]
// With `fallible` the macro wants the split function to return a Result: the error is the loader's.
#![allow(clippy::unnecessary_wraps)]

use crate::chunk::Chunk;
use crate::state::outbox::Engine;
use leptos::wasm_split::{SplitLoaderError, wasm_split};
use std::future::Future;
use std::pin::Pin;

#[wasm_split(outbox, fallible, wasm_split_path = ::leptos::wasm_split)]
fn engine() -> Result<Engine, SplitLoaderError> {
    Ok(Engine::here())
}

static ENGINE: Chunk<Engine> = Chunk::new(|| Box::pin(engine()));

/// The engine, fetching its chunk the first time (`state::outbox::LoadEngine`).
pub(crate) fn load() -> Pin<Box<dyn Future<Output = Result<Engine, ()>>>> {
    Box::pin(async { ENGINE.load().await.map_err(drop) })
}
