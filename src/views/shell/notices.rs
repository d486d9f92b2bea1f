use crate::i18n::Key;
use crate::state::Tone;
use crate::state::notices::use_notices;
use crate::state::prefs::use_i18n;
use leptos::prelude::*;

/// Messages stack in a corner; errors are announced at once, successes politely.
#[component]
pub fn NoticeList() -> impl IntoView {
    let notices = use_notices();
    let i18n = use_i18n();
    view! {
        <section class="tafel-notices" aria-label=i18n.tr(Key::Notifications)>
            <For each=move || notices.list.get() key=|n| n.id let:notice>
                {
                    let id = notice.id;
                    let retry = notice.retry;
                    let error = notice.tone == Tone::Error;
                    view! {
                        <div
                            class="tafel-notice"
                            class:tafel-notice--error=error
                            role=if error { "alert" } else { "status" }
                            data-testid="notice"
                        >
                            <p class="tafel-notice__text">{notice.text.clone()}</p>
                            <div class="tafel-notice__actions">
                                {retry.map(|retry| view! {
                                    <button
                                        type="button"
                                        class="tafel-button"
                                        on:click=move |_| {
                                            notices.dismiss(id);
                                            retry.with_value(|f| f());
                                        }
                                    >
                                        {i18n.tr(Key::Retry)}
                                    </button>
                                })}
                                <button
                                    type="button"
                                    class="tafel-button tafel-button--quiet"
                                    on:click=move |_| notices.dismiss(id)
                                >
                                    {i18n.tr(Key::Dismiss)}
                                </button>
                            </div>
                        </div>
                    }
                }
            </For>
        </section>
    }
}
