use crate::i18n::Key;
use crate::state::prefs::use_i18n;
use leptos::prelude::*;
use leptos_router::components::A;

/// A missing page, project or work package, with a way back.
#[component]
pub fn NotFoundMessage(#[prop(into)] message: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="tafel-page tafel-empty" data-testid="not-found">
            <h1>{i18n.tr(Key::NotFoundTitle)}</h1>
            <p>{move || message.get()}</p>
            <A href=crate::hosting::href("/") attr:class="tafel-button tafel-button--primary">{i18n.tr(Key::BackToProjects)}</A>
        </section>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! { <NotFoundMessage message=Signal::derive(i18n.tr(Key::NotFoundPage).to_owned())/> }
}
