//! Where a signed-in user's token is kept: for this tab only (session storage) unless the user asked to
//! be remembered on this device (local storage). Never in URLs, never logged.

const PREFIX: &str = "tafel.token.";

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn key(base_url: &str) -> String {
    format!("{PREFIX}{base_url}")
}

pub fn load(base_url: &str) -> Option<String> {
    let key = key(base_url);
    [session(), local()]
        .into_iter()
        .flatten()
        .find_map(|storage| storage.get_item(&key).ok().flatten())
        .filter(|token| !token.is_empty())
}

/// Keeps the token; `remember` puts it where it survives closing the browser.
pub fn save(base_url: &str, token: &str, remember: bool) -> Result<(), String> {
    forget(base_url);
    let storage = if remember { local() } else { session() };
    let storage = storage.ok_or("this browser offers no storage")?;
    storage
        .set_item(&key(base_url), token)
        .map_err(|_| "this browser refused to store the token".to_owned())
}

pub fn forget(base_url: &str) {
    let key = key(base_url);
    let refresh = format!("{REFRESH_PREFIX}{base_url}");
    for storage in [session(), local()].into_iter().flatten() {
        // Nothing to undo if it was never there.
        let _ = storage.remove_item(&key);
        let _ = storage.remove_item(&refresh);
    }
}

const PENDING: &str = "tafel.oauth.pending";

/// Keeps the PKCE verifier and the state for the length of the redirect to the sign-in page and back.
pub fn save_pending_sign_in(state: &str, verifier: &str) -> Result<(), String> {
    let storage = session().ok_or("this browser offers no storage")?;
    storage
        .set_item(PENDING, &format!("{state} {verifier}"))
        .map_err(|_| "this browser refused to store the sign-in".to_owned())
}

/// The pending sign-in, removed as it is read: a code can be used once.
pub fn take_pending_sign_in() -> Option<(String, String)> {
    let storage = session()?;
    let value = storage.get_item(PENDING).ok().flatten()?;
    let _ = storage.remove_item(PENDING);
    let (state, verifier) = value.split_once(' ')?;
    Some((state.to_owned(), verifier.to_owned()))
}

const REFRESH_PREFIX: &str = "tafel.refresh.";

/// The OAuth refresh token, for this tab only.
pub fn save_refresh(base_url: &str, token: &str) {
    if let Some(storage) = session() {
        // Without it the user signs in again when the access token expires; nothing is lost.
        let _ = storage.set_item(&format!("{REFRESH_PREFIX}{base_url}"), token);
    }
}

pub fn load_refresh(base_url: &str) -> Option<String> {
    session()?
        .get_item(&format!("{REFRESH_PREFIX}{base_url}"))
        .ok()
        .flatten()
}
