//! A modal dialog on the native `<dialog>` element: the browser traps focus, Escape closes it, and
//! focus returns to where it was.

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

fn next_dialog_id() -> u32 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}
