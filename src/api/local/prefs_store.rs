//! Small per-browser preferences (language, theme) in `localStorage`. Missing storage is not an error:
//! the preference then lasts for this visit only.

const PREFIX: &str = "tafel.";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn get(name: &str) -> Option<String> {
    storage()?
        .get_item(&format!("{PREFIX}{name}"))
        .ok()
        .flatten()
}

pub fn set(name: &str, value: &str) {
    if let Some(storage) = storage() {
        // A refused write (private mode, quota) only means the choice is not remembered next time.
        let _ = storage.set_item(&format!("{PREFIX}{name}"), value);
    }
}

/// Like `set`, for a choice whose loss the user must hear about.
pub fn try_set(name: &str, value: &str) -> Result<(), crate::api::ApiError> {
    storage()
        .and_then(|s| s.set_item(&format!("{PREFIX}{name}"), value).ok())
        .ok_or_else(|| crate::api::ApiError::Storage("quota exceeded".to_owned()))
}
