//! Screens for a start that cannot go on: unreadable stored data, or no storage at all.

use crate::i18n::Key;
use crate::state::prefs::use_i18n;
use leptos::prelude::*;

/// Offers to rescue the raw data and start again; never a blank page.
#[component]
pub fn CorruptStore(
    reason: String,
    /// Produces the raw stored data for download.
    on_download: Callback<(), ()>,
    on_reset: Callback<(), ()>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="tafel-page tafel-startup" role="alert" data-testid="corrupt-store">
            <h1>{i18n.tr(Key::CorruptTitle)}</h1>
            <p>{move || i18n.fill(Key::CorruptText, &[("reason", &reason)])}</p>
            <div class="tafel-row">
                <button type="button" class="tafel-button tafel-button--primary" on:click=move |_| on_download.run(())>
                    {i18n.tr(Key::DownloadRaw)}
                </button>
                <button type="button" class="tafel-button tafel-button--danger" on:click=move |_| on_reset.run(())>
                    {i18n.tr(Key::CorruptReset)}
                </button>
            </div>
        </section>
    }
}

/// `explanation` has a `{reason}` placeholder for the technical detail.
#[component]
pub fn StartupFailed(explanation: Key, reason: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="tafel-page tafel-startup" role="alert" data-testid="startup-failed">
            <h1>{i18n.tr(Key::StartupFailedTitle)}</h1>
            <p>{move || i18n.fill(explanation, &[("reason", &reason)])}</p>
        </section>
    }
}
