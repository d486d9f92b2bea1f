//! Focus after navigation: a single-page app keeps focus on the link that was followed, so a screen
//! reader would announce nothing and Tab would go on in the old place. On every change of path the
//! new view's main heading gets focus (see `components::focus::focus_main_heading`).

use leptos::prelude::*;
use leptos_router::hooks::use_location;

pub fn follow() {
    let location = use_location();
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.is_some_and(|p| p != path) {
            crate::components::focus::focus_main_heading();
        }
        path
    });
}
