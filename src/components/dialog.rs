//! A modal dialog on the native `<dialog>` element: the browser makes the page behind it inert,
//! Escape closes it, and focus returns to where it was. Tab and Shift+Tab wrap around inside it
//! (the browser would let them leave for its own toolbar).

use leptos::html;
use leptos::prelude::*;

#[component]
pub fn Dialog(
    /// Shown while true.
    #[prop(into)]
    open: Signal<bool>,
    #[prop(into)] title: Signal<String>,
    /// Called when the user closes it (Escape or the close button).
    on_close: Callback<()>,
    #[prop(into)] close_label: Signal<String>,
    children: Children,
) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    let title_id = format!("tafel-dialog-{}", next_dialog_id());
    let labelled_by = title_id.clone();
    Effect::new(move || {
        let Some(element) = dialog.get() else {
            return;
        };
        if open.get() {
            if !element.open() {
                let _ = element.show_modal();
            }
        } else if element.open() {
            element.close();
        }
    });
    view! {
        <dialog
            node_ref=dialog
            class="tafel-dialog"
            aria-labelledby=labelled_by
            // The browser can close it by itself (its close watcher lets Escape close a dialog
            // that opened without a user's action, such as the sign-in after a refused request):
            // the state follows, or the dialog would stay shut while its state says open, and
            // never open again.
            on:close=move |_| {
                if open.get_untracked() {
                    on_close.run(());
                }
            }
            // Escape closes through the caller (rather than the browser's `cancel`), unless
            // something inside used the key already; Tab wraps around inside.
            on:keydown=move |ev: web_sys::KeyboardEvent| {
                if ev.default_prevented() {
                    return;
                }
                match ev.key().as_str() {
                    "Escape" => {
                        ev.prevent_default();
                        on_close.run(());
                    }
                    "Tab" => {
                        if let Some(element) = dialog.get_untracked() {
                            wrap_focus(&element, &ev);
                        }
                    }
                    _ => {}
                }
            }
        >
            <div class="tafel-dialog__head">
                <h2 id=title_id class="tafel-dialog__title">{move || title.get()}</h2>
                <button
                    type="button"
                    class="tafel-button tafel-button--icon"
                    aria-label=move || close_label.get()
                    on:click=move |_| on_close.run(())
                >
                    "×"
                </button>
            </div>
            <div class="tafel-dialog__body">{children()}</div>
        </dialog>
    }
}

/// What Tab can reach inside a dialog.
const TABBABLE: &str = "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), \
    select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1'])";

/// Moves focus from the last tab stop to the first on Tab, and from the first to the last on
/// Shift+Tab; anything in between is the browser's.
fn wrap_focus(dialog: &web_sys::HtmlDialogElement, ev: &web_sys::KeyboardEvent) {
    use wasm_bindgen::JsCast;
    let Ok(found) = dialog.query_selector_all(TABBABLE) else {
        return;
    };
    // Drawn ones only: what is hidden or in a closed `<details>` is no tab stop.
    let mut stops = (0..found.length())
        .filter_map(|i| found.item(i)?.dyn_into::<web_sys::HtmlElement>().ok())
        .filter(|el| el.offset_width() > 0 || el.offset_height() > 0);
    let Some(first) = stops.next() else {
        return;
    };
    let last = stops.next_back().unwrap_or_else(|| first.clone());
    let active = leptos::prelude::document().active_element();
    let (from, to) = if ev.shift_key() {
        (first, last)
    } else {
        (last, first)
    };
    if active.as_ref() == Some(from.unchecked_ref()) {
        ev.prevent_default();
        let _ = to.focus();
    }
}

fn next_dialog_id() -> u32 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}
