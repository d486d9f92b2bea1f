//! The Gantt route exists so links and bookmarks work; the timeline itself is a later release and
//! this page says so instead of pretending.

use crate::i18n::Key;
use crate::state::prefs::use_i18n;
use leptos::prelude::*;

#[component]
pub fn GanttComing() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="tafel-empty" data-testid="gantt-coming">
            <p>{i18n.tr(Key::GanttComing)}</p>
        </section>
    }
}
