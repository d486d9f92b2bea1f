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

/// After a route change: gives focus to the new view's main heading (`#main h1`, made focusable
/// with `tabindex="-1"`), so a screen reader announces where the user arrived and Tab goes on from
/// there rather than from the link left behind. The router swaps the view a moment after the path
/// changes and a project loads first, so this watches for two seconds: a heading that replaced the
/// old one gets focus as soon as it is drawn (the old one only if it stays, as the project's title
/// does between its tabs), and again if the view is swapped under it. Without a heading the main
/// region gets focus. Focus that something else took meanwhile (the user, or a view focusing a card
/// or a field of its own) is left alone.
pub fn focus_main_heading() {
    use wasm_bindgen::JsCast;
    let document = leptos::prelude::document();
    let before = document.active_element();
    let stale = document.query_selector("#main h1").ok().flatten();
    leptos::task::spawn_local(async move {
        const ROUNDS: u32 = 40;
        // Rounds of 50 ms after which a heading that was there before counts as the new view's.
        const KEPT_AFTER: u32 = 6;
        let document = leptos::prelude::document();
        let mut ours: Option<web_sys::Element> = None;
        for round in 0..ROUNDS {
            if round == 0 {
                leptos::task::tick().await;
            } else {
                gloo_timers::future::TimeoutFuture::new(50).await;
            }
            let active = document.active_element();
            let elsewhere = active.as_ref().is_some_and(|active| {
                Some(active) != before.as_ref()
                    && Some(active) != ours.as_ref()
                    && !matches!(active.tag_name().as_str(), "BODY" | "MAIN")
            });
            if elsewhere {
                return;
            }
            let heading = document.query_selector("#main h1").ok().flatten();
            let Some(heading) =
                heading.filter(|h| Some(h) != stale.as_ref() || round >= KEPT_AFTER)
            else {
                continue;
            };
            if active.as_ref() != Some(&heading)
                && let Some(element) = heading.dyn_ref::<web_sys::HtmlElement>()
            {
                if !element.has_attribute("tabindex") {
                    let _ = element.set_attribute("tabindex", "-1");
                }
                let _ = element.focus();
                ours = Some(heading);
            }
        }
        let active = document.active_element();
        let lost = active.as_ref().is_none_or(|a| a.tag_name() == "BODY")
            || (ours.is_none() && active == before);
        if lost
            && let Some(main) = document.get_element_by_id("main")
            && let Some(main) = main.dyn_ref::<web_sys::HtmlElement>()
        {
            let _ = main.focus();
        }
    });
}
