//! Giving focus to an element that is about to be drawn: a card moved to another column, a row just
//! created, possibly after its list has scrolled it into view.

/// Focuses the first element matching `selector` once it exists. Waits for the pending render
/// passes (scrolling, then drawing what became visible, takes one each) rather than an animation
/// frame, which a browser may postpone (a tab in the background gets none), leaving the keyboard
/// user without focus.
pub fn focus_when_drawn(selector: String) {
    leptos::task::spawn_local(async move {
        for _ in 0..3 {
            leptos::task::tick().await;
            if let Ok(Some(element)) = leptos::prelude::document().query_selector(&selector)
                && let Some(element) =
                    wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&element)
            {
                let _ = element.focus();
                return;
            }
        }
    });
}

/// Whether a key event happened in a field the user types into (where single keys are text, not
/// shortcuts).
pub fn typing_in(ev: &web_sys::KeyboardEvent) -> bool {
    ev.target()
        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
        .is_some_and(|el| {
            matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || el.closest("[contenteditable]").ok().flatten().is_some()
        })
}
