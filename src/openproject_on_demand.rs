//! The OpenProject client and its OAuth sign-in as a chunk fetched on demand: a deployment on the
//! store in the browser never loads it, one that talks to OpenProject fetches it when it first
//! connects (one round trip more on a first visit; the browser's cache and the service worker keep
//! it after). Part of the composition root, beside `startup`, which builds the clients.
//!
//! The split point works as in `views::on_demand`: scripts/split-wasm.mjs moves what only
//! [`constructors`] reaches into its own chunk; natively the function is called directly.
// The wasm_split macro declares the chunk's import and its loader with `unsafe`; nothing else here is.
#![allow(unsafe_code)]
// With `fallible` the macro wants the split function to return a Result: the error is the loader's.
#![allow(clippy::unnecessary_wraps)]

use crate::api::openproject::Auth;
use crate::api::{ApiError, Backend};
use crate::chunk::Chunk;
use crate::startup::Startup;
use leptos::wasm_split::{SplitLoaderError, wasm_split};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

/// A start-up that is still under way.
pub(crate) type Starting = Pin<Box<dyn Future<Output = Startup>>>;

/// How to build an OpenProject backend, once the chunk is here.
#[derive(Clone, Copy)]
pub(crate) struct Constructors {
    /// A backend signed in with `auth` (none, session, API token, a handed-over bearer token).
    pub plain: fn(&str, Auth) -> Rc<dyn Backend>,
    /// Finishes a sign-in that comes back from OpenProject, or uses a stored token (server, client
    /// id, redirect URI): `startup::finish_oauth`.
    pub finish_oauth: fn(String, String, String) -> Starting,
    /// Sends the browser to OpenProject's sign-in page: `startup::send_to_oauth_sign_in`.
    pub send_to_sign_in: fn(&str, &str, &str) -> Result<(), String>,
}

#[wasm_split(openproject, fallible, wasm_split_path = ::leptos::wasm_split)]
fn constructors() -> Result<Constructors, SplitLoaderError> {
    Ok(Constructors {
        plain: crate::startup::openproject_backend,
        finish_oauth: |server, client_id, redirect_uri| {
            Box::pin(crate::startup::finish_oauth(
                server,
                client_id,
                redirect_uri,
            ))
        },
        send_to_sign_in: crate::startup::send_to_oauth_sign_in,
    })
}

static CLIENT: Chunk<Constructors> = Chunk::new(|| Box::pin(constructors()));

/// The constructors, fetching the chunk the first time. A failed fetch is a network error: the
/// screen that asked says so and offers to try again.
pub(crate) async fn load() -> Result<Constructors, ApiError> {
    CLIENT.load().await.map_err(|_| {
        ApiError::Network("the OpenProject part of Tafel could not be loaded".to_owned())
    })
}
