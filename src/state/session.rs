//! Whether the server stopped accepting the user's credentials; the shell then asks to sign in again
//! while the unsent edits wait on screen.

use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct SessionExpired(pub RwSignal<bool>);

/// Counts the times the user signed in again; screens that failed on the refused credentials load
/// again when it moves.
#[derive(Clone, Copy)]
pub struct SignedInAgain(pub RwSignal<u64>);

impl SessionExpired {
    pub fn provide() -> Self {
        let expired = Self(RwSignal::new(false));
        provide_context(expired);
        provide_context(SignedInAgain(RwSignal::new(0)));
        expired
    }
}

pub fn use_session_expired() -> Option<SessionExpired> {
    use_context::<SessionExpired>()
}

/// Calls `again` each time the user has signed in again (not on the first run, and not when the
/// dialog was only closed).
pub fn after_signing_in_again(again: impl Fn() + 'static) {
    let Some(signed_in) = use_context::<SignedInAgain>() else {
        return;
    };
    Effect::new(move |seen: Option<u64>| {
        let now = signed_in.0.get();
        if seen.is_some_and(|seen| seen != now) {
            again();
        }
        now
    });
}

/// The Retry of a screen whose load failed: a load under way is not cut short by another press,
/// and a load refused for the credentials runs again by itself once the user signed in again.
pub fn retry_of<T: 'static, E: 'static>(
    loads: LoadsInFlight,
    resource: LocalResource<Result<T, E>>,
) -> Callback<()> {
    after_signing_in_again(move || {
        if !loads.any() && resource.with_untracked(|r| matches!(r, Some(Err(_)))) {
            resource.refetch();
        }
    });
    Callback::new(move |()| {
        if !loads.any() {
            resource.refetch();
        }
    })
}

/// Counts a screen's loads under way, so signing in again does not cut short a load the user
/// started meanwhile (a new load would replace it, and its answer would be thrown away).
#[derive(Clone, Copy)]
pub struct LoadsInFlight(StoredValue<u32>);

impl Default for LoadsInFlight {
    fn default() -> Self {
        Self(StoredValue::new(0))
    }
}

impl LoadsInFlight {
    /// `load`, counted while it runs (also when it is dropped unfinished).
    pub async fn track<T>(self, load: impl std::future::Future<Output = T>) -> T {
        self.0.update_value(|n| *n += 1);
        let _done = Done(self);
        load.await
    }

    pub fn any(self) -> bool {
        self.0.try_get_value().is_some_and(|n| n > 0)
    }
}

struct Done(LoadsInFlight);

impl Drop for Done {
    fn drop(&mut self) {
        let _ = self.0.0.try_update_value(|n| *n = n.saturating_sub(1));
    }
}
