//! Giving focus to an element that is about to be drawn: a card moved to another column, a row just
//! created, possibly after its list has scrolled it into view.

/// Focuses the first element matching `selector` once it exists. Waits for the pending render
/// passes (scrolling, then drawing what became visible, takes one each) rather than an animation
/// frame, which a browser may postpone (a tab in the background gets none), leaving the keyboard
/// user without focus.
pub fn focus_when_drawn(selector: String) {
    focus_later(None, vec![selector], false);
}

/// Like `focus_when_drawn`, for the first of `selectors` (in this order of preference) that
/// matches.
pub fn focus_first_when_drawn(selectors: Vec<String>) {
    focus_later(None, selectors, false);
}

/// When focus falls to the page in the next render passes (the control that had it was removed
/// with what it acted on), gives it to the first of `selectors` that is drawn.
pub fn refocus_if_lost(selectors: Vec<String>) {
    focus_later(None, selectors, true);
}

/// `refocus_if_lost`, trying `first` (while it is in the page) before the selectors.
pub fn refocus_if_lost_to(first: Option<web_sys::HtmlElement>, selectors: Vec<String>) {
    focus_later(first, selectors, true);
}

/// One waiting loop for all of the above (one future in the bundle, not four).
fn focus_later(first: Option<web_sys::HtmlElement>, selectors: Vec<String>, if_lost: bool) {
    leptos::task::spawn_local(async move {
        for _ in 0..4 {
            leptos::task::tick().await;
            if if_lost && !focus_fell_to_page() {
                continue;
            }
            let done = match first.as_ref().filter(|el| el.is_connected()) {
                Some(el) => el.focus().is_ok(),
                None => selectors.iter().any(|selector| focus_now(selector)),
            };
            // Given back after a loss, it is watched on: what took focus may be drawn anew too.
            if done && !if_lost {
                return;
            }
        }
    });
}

/// Focuses the first element matching `selector`, if there is one.
pub fn focus_now(selector: &str) -> bool {
    let Ok(Some(element)) = leptos::prelude::document().query_selector(selector) else {
        return false;
    };
    let Some(element) = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&element) else {
        return false;
    };
    // A heading takes focus only by script, as after a route change.
    if element.tag_name() == "H1" {
        let _ = element.set_attribute("tabindex", "-1");
    }
    let _ = element.focus();
    // A disabled or hidden element does not take it.
    leptos::prelude::document()
        .active_element()
        .is_some_and(|active| &active == element.as_ref())
}

/// Whether the focus is on nothing in particular. Removing the focused element leaves it on the
/// page; by the time a removed view's cleanup runs, its element is gone already.
pub fn focus_fell_to_page() -> bool {
    leptos::prelude::document()
        .active_element()
        .is_none_or(|active| active.tag_name() == "BODY")
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

/// After a route change: gives focus to the new view's main heading (`#main h1`, made focusable
/// with `tabindex="-1"`), so a screen reader announces where the user arrived and Tab goes on from
/// there rather than from the link left behind. The router swaps the view a moment after the path
/// changes, and a project loads first, so this watches for two seconds: whenever focus is on
/// nothing in particular (the page, the main region, the link that was followed, a heading that
/// was removed), the heading there is gets it; without one, at the end, the main region. Focus that
/// something else took (the user, or a view focusing a card or a field of its own) is left alone.
pub fn focus_main_heading() {
    use leptos::prelude::{IntervalHandle, set_interval_with_handle};
    use std::cell::Cell;
    use std::rc::Rc;
    const ROUNDS: u32 = 40;
    let before = leptos::prelude::document().active_element();
    let round = Cell::new(0);
    let given = std::cell::RefCell::new(None);
    let handle = Rc::new(Cell::new(None::<IntervalHandle>));
    let own = Rc::clone(&handle);
    let started = set_interval_with_handle(
        move || {
            round.set(round.get() + 1);
            let last = round.get() == ROUNDS;
            let done = !give_heading_focus(before.as_ref(), &given, last) || last;
            if done && let Some(handle) = own.get() {
                handle.clear();
            }
        },
        std::time::Duration::from_millis(50),
    );
    handle.set(started.ok());
}

/// One look for `focus_main_heading`; false once something else has (or had) focus.
fn give_heading_focus(
    before: Option<&web_sys::Element>,
    given: &std::cell::RefCell<Option<web_sys::HtmlElement>>,
    last: bool,
) -> bool {
    use wasm_bindgen::JsCast;
    let document = leptos::prelude::document();
    let active = document.active_element();
    let heading = document.query_selector("#main h1").ok().flatten();
    if heading.is_some() && active == heading {
        return true;
    }
    let free = active.as_ref().is_none_or(|active| {
        Some(active) == before || matches!(active.tag_name().as_str(), "BODY" | "MAIN")
    });
    // Focus left the heading we gave it to, which is still there: the user (or a view) took it,
    // even if what they focused was drawn again since. Only a heading that was replaced gets it back.
    let taken = given.borrow().as_ref().is_some_and(|h| h.is_connected());
    if !free || taken {
        return false;
    }
    let target = heading.or_else(|| last.then(|| document.get_element_by_id("main")).flatten());
    if let Some(target) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
        if target.tag_name() == "H1" {
            let _ = target.set_attribute("tabindex", "-1");
        }
        let _ = target.focus();
        *given.borrow_mut() = Some(target);
    }
    true
}
