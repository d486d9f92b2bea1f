use crate::api::ApiError;
use crate::i18n::Key;
use crate::state::notices::api_error_text;
use crate::state::prefs::use_i18n;
use leptos::prelude::*;

/// A page whose data could not be loaded: why, and a way to try again. Reads were already retried
/// a few times by the backend, so this is what is left once the server keeps failing.
#[component]
pub fn LoadFailed(error: ApiError, retry: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="tafel-page" role="alert" data-testid="load-failed">
            <p>{move || i18n.fill(Key::ErrLoadFailed, &[("reason", &api_error_text(i18n.lang(), &error))])}</p>
            <button type="button" class="tafel-button" on:click=move |_| retry.run(())>
                {i18n.tr(Key::Retry)}
            </button>
        </section>
    }
}
