//! The description: rendered markdown (raw HTML stays text), edited with a preview.

use super::fields::save_field;
use super::properties::may_update;
use crate::components::markdown::render_markdown;
use crate::domain::{Field, FieldError, WorkPackage};
use crate::i18n::Key;
use crate::state::actions::use_actions;
use crate::state::prefs::use_i18n;
use leptos::prelude::*;

#[component]
pub fn Description(wp: Memo<Option<WorkPackage>>) -> impl IntoView {
    let i18n = use_i18n();
    let actions = use_actions();
    let editing = RwSignal::new(false);
    let preview = RwSignal::new(false);
    let draft = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let source = move || {
        wp.with(|w| {
            w.as_ref()
                .map(|w| w.description.clone())
                .unwrap_or_default()
        })
    };
    let start_editing = move |_| {
        draft.set(source());
        preview.set(false);
        errors.set(Vec::new());
        editing.set(true);
    };
    // Save closes the editor; a description the server refuses (invalid, or not allowed) keeps it
    // open with what was typed and why, rather than vanishing.
    let open = move || editing.get() || errors.with(|e| !e.is_empty());
    let message = move || {
        errors.with(|e| {
            e.first()
                .map(|e| crate::i18n::messages::problem(i18n.lang(), &e.problem))
        })
    };
    let save = move |_| {
        if let Some(current) = wp.get_untracked() {
            save_field(
                actions,
                current,
                Field::Description,
                draft.get_untracked(),
                errors,
            );
        }
        editing.set(false);
    };
    view! {
        <section class="tafel-section" aria-labelledby="tafel-description-title">
            <div class="tafel-section__head">
                <h2 id="tafel-description-title">{i18n.tr(Key::FieldDescription)}</h2>
                <Show when=move || !open() && may_update(wp)>
                    <button type="button" class="tafel-button tafel-button--quiet" on:click=start_editing data-testid="edit-description">
                        {i18n.tr(Key::EditDescription)}
                    </button>
                </Show>
            </div>
            <Show
                when=open
                fallback=move || {
                    let text = source();
                    if text.trim().is_empty() {
                        view! { <p class="tafel-muted">{i18n.t(Key::DescriptionEmpty)}</p> }.into_any()
                    } else {
                        view! { <div class="tafel-markdown" data-testid="description" inner_html=render_markdown(&text)></div> }.into_any()
                    }
                }
            >
                <div class="tafel-row">
                    <button type="button" class="tafel-button tafel-button--quiet" aria-pressed=move || (!preview.get()).to_string() on:click=move |_| preview.set(false)>
                        {i18n.tr(Key::Edit)}
                    </button>
                    <button type="button" class="tafel-button tafel-button--quiet" aria-pressed=move || preview.get().to_string() on:click=move |_| preview.set(true)>
                        {i18n.tr(Key::Preview)}
                    </button>
                </div>
                <Show
                    when=move || preview.get()
                    fallback=move || view! {
                        <textarea
                            class="tafel-input tafel-textarea"
                            aria-label=i18n.tr(Key::FieldDescription)
                            aria-describedby="tafel-description-error"
                            data-testid="description-input"
                            prop:value=move || draft.get()
                            on:input=move |ev| draft.set(event_target_value(&ev))
                        ></textarea>
                    }
                >
                    <div class="tafel-markdown tafel-markdown--preview" inner_html=move || render_markdown(&draft.get())></div>
                </Show>
                <p id="tafel-description-error" class="tafel-field__error" role="alert" data-testid="description-error">{message}</p>
                <div class="tafel-row tafel-row--end">
                    <button
                        type="button"
                        class="tafel-button"
                        on:click=move |_| {
                            errors.set(Vec::new());
                            editing.set(false);
                        }
                    >
                        {i18n.tr(Key::Cancel)}
                    </button>
                    <button type="button" class="tafel-button tafel-button--primary" on:click=save data-testid="save-description">
                        {i18n.tr(Key::Save)}
                    </button>
                </div>
            </Show>
        </section>
    }
}
