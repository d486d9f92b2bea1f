//! The embedding's engine (`state::embed::Engine`: reading the host's messages, writing Tafel's) as
//! a chunk fetched on demand: only a page in a frame whose configuration allows a host loads it.
//! Part of the composition root, beside `startup`; the split point works as in `views::on_demand`.
// The wasm_split macro declares the chunk's import and its loader with `unsafe`; nothing else here is.
#![allow(unsafe_code)]
// With `fallible` the macro wants the split function to return a Result: the error is the loader's.
#![allow(clippy::unnecessary_wraps)]

use crate::chunk::Chunk;
use crate::state::embed::Engine;
use leptos::wasm_split::{SplitLoaderError, wasm_split};
use std::future::Future;
use std::pin::Pin;

#[wasm_split(embed, fallible, wasm_split_path = ::leptos::wasm_split)]
fn engine() -> Result<Engine, SplitLoaderError> {
    Ok(Engine::here())
}

static ENGINE: Chunk<Engine> = Chunk::new(|| Box::pin(engine()));

/// The engine, fetching its chunk the first time (`state::embed::LoadEngine`).
pub(crate) fn load() -> Pin<Box<dyn Future<Output = Result<Engine, ()>>>> {
    Box::pin(async { ENGINE.load().await.map_err(drop) })
}
