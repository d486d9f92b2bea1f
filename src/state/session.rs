//! Whether the server stopped accepting the user's credentials; the shell then asks to sign in again
//! while the unsent edits wait on screen.

use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct SessionExpired(pub RwSignal<bool>);

impl SessionExpired {
    pub fn provide() -> Self {
        let expired = Self(RwSignal::new(false));
        provide_context(expired);
        expired
    }
}

pub fn use_session_expired() -> Option<SessionExpired> {
    use_context::<SessionExpired>()
}
