//! Messages to the user about what happened: saved, refused, failed (with a retry where it makes sense).

use crate::api::ApiError;
use crate::i18n::messages::field_error;
use crate::i18n::{Key, Lang};
use leptos::prelude::*;
use std::rc::Rc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Success,
    Error,
}

#[derive(Clone)]
pub struct Notice {
    pub id: u64,
    pub tone: Tone,
    pub text: String,
    pub retry: Option<StoredValue<Rc<dyn Fn()>, LocalStorage>>,
}

#[derive(Clone, Copy)]
pub struct Notices {
    pub list: RwSignal<Vec<Notice>>,
    next_id: StoredValue<u64>,
}

const SUCCESS_SHOWN_MS: u32 = 5_000;

impl Notices {
    pub fn provide() -> Self {
        let notices = Self {
            list: RwSignal::new(Vec::new()),
            next_id: StoredValue::new(1),
        };
        provide_context(notices);
        notices
    }

    fn push(self, tone: Tone, text: String, retry: Option<Rc<dyn Fn()>>) -> u64 {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        let retry = retry.map(StoredValue::new_local);
        self.list.update(|list| {
            list.push(Notice {
                id,
                tone,
                text,
                retry,
            });
        });
        id
    }

    /// Shown for a few seconds.
    pub fn success(self, text: String) {
        let id = self.push(Tone::Success, text, None);
        gloo_timers::callback::Timeout::new(SUCCESS_SHOWN_MS, move || self.dismiss(id)).forget();
    }

    /// Stays until dismissed.
    pub fn error(self, text: String) {
        self.push(Tone::Error, text, None);
    }

    /// Stays until dismissed or retried; `retry` repeats the failed action.
    pub fn error_with_retry(self, text: String, retry: Rc<dyn Fn()>) -> u64 {
        self.push(Tone::Error, text, Some(retry))
    }

    /// Runs every waiting retry (after signing in again, say) and clears those notices.
    pub fn retry_all(self) {
        let mut retries = Vec::new();
        self.list.update(|list| {
            list.retain(|notice| match notice.retry {
                Some(retry) => {
                    retries.push(retry);
                    false
                }
                None => true,
            });
        });
        for retry in retries {
            retry.with_value(|f| f());
        }
    }

    pub fn dismiss(self, id: u64) {
        self.list.update(|list| list.retain(|n| n.id != id));
    }
}

pub fn use_notices() -> Notices {
    expect_context::<Notices>()
}

/// A backend error as a sentence in the user's language.
/// `api_error_text`, with custom fields called by their names from `catalog`.
pub fn api_error_text_in(lang: Lang, error: &ApiError, catalog: &crate::domain::Catalog) -> String {
    match error {
        ApiError::Invalid(errors) => {
            let details: Vec<String> = errors
                .iter()
                .map(|e| crate::i18n::messages::field_error_in(lang, e, catalog))
                .collect();
            lang.fill(Key::ErrInvalid, &[("details", &details.join(" "))])
        }
        other => api_error_text(lang, other),
    }
}

pub fn api_error_text(lang: Lang, error: &ApiError) -> String {
    match error {
        ApiError::Conflict { .. } => lang.text(Key::ErrConflict).to_owned(),
        ApiError::NotFound => lang.text(Key::ErrNotFound).to_owned(),
        ApiError::Invalid(errors) => {
            let details: Vec<String> = errors.iter().map(|e| field_error(lang, e)).collect();
            lang.fill(Key::ErrInvalid, &[("details", &details.join(" "))])
        }
        ApiError::Unauthenticated => lang.text(Key::ErrUnauthenticated).to_owned(),
        ApiError::Forbidden => lang.text(Key::ErrForbidden).to_owned(),
        ApiError::Network(_) => lang.text(Key::ErrNetwork).to_owned(),
        ApiError::TimedOut => lang.text(Key::ErrTimedOut).to_owned(),
        ApiError::Server { status, .. } => {
            lang.fill(Key::ErrServer, &[("status", &status.to_string())])
        }
        ApiError::Busy { .. } => lang.text(Key::ErrBusy).to_owned(),
        ApiError::Decode(_) => lang.text(Key::ErrDecode).to_owned(),
        ApiError::Storage(reason) => lang.fill(Key::ErrStorage, &[("reason", reason)]),
        ApiError::Corrupt(_) => lang.text(Key::ErrCorrupt).to_owned(),
    }
}
