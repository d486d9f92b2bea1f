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
            on:keydown=move |ev: web_sys::KeyboardEvent| {
                if ev.key() == "Tab" && !ev.default_prevented() && let Some(element) = dialog.get_untracked() {
                    wrap_focus(&element, &ev);
                }
            }
            on:cancel=move |ev: leptos::ev::Event| {
                ev.prevent_default();
                on_close.run(());
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
    let stops: Vec<web_sys::HtmlElement> = (0..found.length())
        .filter_map(|i| found.item(i)?.dyn_into::<web_sys::HtmlElement>().ok())
        // Not drawn (hidden, in a closed `<details>`): not a tab stop.
        .filter(|el| el.offset_width() > 0 || el.offset_height() > 0)
        .collect();
    let (Some(first), Some(last)) = (stops.first(), stops.last()) else {
        return;
    };
    let active = leptos::prelude::document().active_element();
    let at = |el: &web_sys::HtmlElement| active.as_ref() == Some(el.unchecked_ref());
    let target = if ev.shift_key() {
        (at(first) || active.as_ref() == Some(dialog.unchecked_ref())).then_some(last)
    } else {
        at(last).then_some(first)
    };
    if let Some(target) = target {
        ev.prevent_default();
        let _ = target.focus();
    }
}

fn next_dialog_id() -> u32 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}
