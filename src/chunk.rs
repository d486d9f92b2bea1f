//! A piece of Tafel's code that lives in a wasm chunk of its own (`views::on_demand`,
//! `openproject_on_demand`, `seed_on_demand`): how to fetch it, and what it answered once it is
//! here, so that every later use has it at once.

use leptos::wasm_split::SplitLoaderError;
use std::future::Future;
use std::pin::Pin;
use std::sync::OnceLock;

type Fetching<D> = Pin<Box<dyn Future<Output = Result<D, SplitLoaderError>>>>;

/// `D` is what the chunk's split function answers: function pointers into the chunk.
pub struct Chunk<D: 'static> {
    loaded: OnceLock<D>,
    fetch: fn() -> Fetching<D>,
}

impl<D: Copy + Send + Sync + 'static> Chunk<D> {
    /// `fetch` calls the split function (the loader fetches and instantiates the chunk once; a
    /// failed fetch is not remembered, so a later call tries again).
    pub const fn new(fetch: fn() -> Fetching<D>) -> Self {
        Self {
            loaded: OnceLock::new(),
            fetch,
        }
    }

    /// What the chunk answered, if it is here already.
    pub fn get(&self) -> Option<D> {
        self.loaded.get().copied()
    }

    /// What the chunk answers, fetching it first if it is not here yet.
    pub async fn load(&'static self) -> Result<D, SplitLoaderError> {
        if let Some(loaded) = self.get() {
            return Ok(loaded);
        }
        let loaded = (self.fetch)().await?;
        Ok(*self.loaded.get_or_init(|| loaded))
    }
}

/// The pause before code that did not arrive is asked for again.
pub const RETRY_MS: u32 = 5_000;

/// What `load` answers once it does, asking again after [`RETRY_MS`] each time it did not: for
/// code that something already waiting in the page needs (the outbox's and the embedding's engine).
pub async fn until_loaded<T, F: Future<Output = Option<T>>>(load: impl Fn() -> F) -> T {
    loop {
        if let Some(loaded) = load().await {
            return loaded;
        }
        gloo_timers::future::TimeoutFuture::new(RETRY_MS).await;
    }
}
