//! What a screen reader should hear after an action that moves things without moving focus.

use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Announcer(pub RwSignal<String>);

impl Announcer {
    pub fn provide() -> Self {
        let announcer = Self(RwSignal::new(String::new()));
        provide_context(announcer);
        announcer
    }

    pub fn say(self, text: String) {
        // Screen readers announce changes; the same text twice must still be heard.
        if self.0.get_untracked() == text {
            self.0.set(format!("{text}\u{a0}"));
        } else {
            self.0.set(text);
        }
    }
}

pub fn use_announcer() -> Announcer {
    expect_context::<Announcer>()
}
