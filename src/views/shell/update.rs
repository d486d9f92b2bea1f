//! "Update available — Reload": a new version of Tafel was deployed and its service worker waits.
//! public/boot.js says so with the `tafel:update-available` event on window (and, for an app that
//! mounts later, `data-tafel-update-available` on `<html>`); Reload answers with `tafel:update-apply`,
//! and boot.js lets the new worker take over and reloads the page.

use crate::i18n::Key;
use crate::state::prefs::use_i18n;
use leptos::prelude::*;

#[component]
pub fn UpdatePrompt() -> impl IntoView {
    let i18n = use_i18n();
    let flagged = document()
        .document_element()
        .is_some_and(|root| root.has_attribute("data-tafel-update-available"));
    let shown = RwSignal::new(flagged);
    let listener =
        window_event_listener_untyped("tafel:update-available", move |_| shown.set(true));
    on_cleanup(move || listener.remove());
    let reload = move |_| {
        if let Ok(event) = web_sys::Event::new("tafel:update-apply") {
            let _ = window().dispatch_event(&event);
        }
    };
    move || {
        shown.get().then(|| {
            view! {
                <div class="tafel-notice tafel-update" role="status" data-testid="update-prompt">
                    <p class="tafel-notice__text">{i18n.tr(Key::UpdateAvailable)}</p>
                    <div class="tafel-notice__actions">
                        <button type="button" class="tafel-button tafel-button--primary" on:click=reload>
                            {i18n.tr(Key::UpdateReload)}
                        </button>
                    </div>
                </div>
            }
        })
    }
}
