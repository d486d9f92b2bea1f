//! Comments and changes, oldest first, and a form to add a comment.

use crate::components::markdown::render_markdown;
use crate::domain::{Activity, ActivityDetail, Catalog, WorkPackage, WorkPackageId};
use crate::i18n::messages::field_name;
use crate::i18n::{Key, Lang, format};
use crate::state::backend::{use_backend, use_revision};
use crate::state::notices::{api_error_text, use_notices};
use crate::state::prefs::use_i18n;
use crate::state::project::use_project;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// A change in words; a custom field is called by its name (the catalog's, from the schema).
fn detail_text(lang: Lang, detail: &ActivityDetail, catalog: &Catalog) -> String {
    match detail {
        ActivityDetail::Created => lang.text(Key::ActivityCreated).to_owned(),
        ActivityDetail::Text(text) => text.clone(),
        ActivityDetail::Changed { field, from, to } => {
            let name = field_name(lang, *field, catalog);
            let field = name.as_str();
            match (from, to) {
                (Some(from), Some(to)) => lang.fill(
                    Key::ActivityChanged,
                    &[("field", field), ("from", from), ("to", to)],
                ),
                (None, Some(to)) => lang.fill(Key::ActivitySet, &[("field", field), ("to", to)]),
                (Some(from), None) => {
                    lang.fill(Key::ActivityCleared, &[("field", field), ("from", from)])
                }
                (None, None) => field.to_owned(),
            }
        }
    }
}

#[component]
pub fn ActivityList(id: WorkPackageId, wp: Memo<Option<WorkPackage>>) -> impl IntoView {
    let i18n = use_i18n();
    let backend = use_backend();
    let revision = use_revision();
    let notices = use_notices();
    let project = use_project();
    let actions = crate::state::actions::use_actions();
    let activities = LocalResource::new(move || {
        revision.0.track();
        // Every saved change adds an entry.
        wp.with(|w| w.as_ref().map(|w| w.lock_version));
        let backend = backend.get();
        async move { backend.activities(id).await }
    });
    let comment = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = comment.get_untracked();
        if text.trim().is_empty() || busy.get_untracked() {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            match actions.comment(id, text).await {
                Ok(Some(_)) => {
                    comment.set(String::new());
                    activities.refetch();
                }
                // Kept in the outbox, sent when the server answers.
                Ok(None) => {
                    comment.set(String::new());
                    notices.success(i18n.t(Key::CommentQueued).to_owned());
                }
                Err(error) => notices.error(api_error_text(i18n.lang_untracked(), &error)),
            }
            busy.set(false);
        });
    };
    let user_name = move |a: &Activity| {
        a.user
            .and_then(|u| {
                project
                    .catalog
                    .with_untracked(|c| c.user(u).map(|u| u.name.clone()))
            })
            .unwrap_or_else(|| i18n.t(Key::UnknownUser).to_owned())
    };
    view! {
        <section class="tafel-section" aria-labelledby="tafel-activity-title">
            <h2 id="tafel-activity-title">{i18n.tr(Key::Activity)}</h2>
            {move || match activities.get() {
                None => view! { <p class="tafel-loading">{i18n.t(Key::Loading)}</p> }.into_any(),
                Some(Err(error)) => view! { <p role="alert">{api_error_text(i18n.lang(), &error)}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="tafel-muted">{i18n.t(Key::NoActivity)}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ol class="tafel-activity" data-testid="activity">
                        {list.into_iter().map(|a| {
                            let lang = i18n.lang();
                            view! {
                                <li class="tafel-activity__entry">
                                    <p class="tafel-activity__meta">
                                        <strong>{user_name(&a)}</strong>" · "{format::date_time(lang, a.created_at)}
                                    </p>
                                    {a.comment.as_ref().map(|c| view! { <div class="tafel-markdown" data-testid="comment" inner_html=render_markdown(c)></div> })}
                                    {(!a.details.is_empty()).then(|| view! {
                                        <ul class="tafel-activity__details">
                                            {a.details.iter().map(|d| {
                                                let text = project.catalog.with_untracked(|c| detail_text(lang, d, c));
                                                view! { <li>{text}</li> }
                                            }).collect_view()}
                                        </ul>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any(),
            }}
            <form
                class="tafel-form"
                on:submit=submit
                hidden=move || !wp.with(|w| w.as_ref().is_some_and(|w| w.permissions.comment))
            >
                <label for="tafel-comment">{i18n.tr(Key::AddComment)}</label>
                <textarea
                    id="tafel-comment"
                    class="tafel-input tafel-textarea"
                    data-testid="comment-input"
                    prop:value=move || comment.get()
                    on:input=move |ev| comment.set(event_target_value(&ev))
                ></textarea>
                <div class="tafel-row tafel-row--end">
                    <button type="submit" class="tafel-button tafel-button--primary" disabled=move || busy.get()>
                        {i18n.tr(Key::PostComment)}
                    </button>
                </div>
            </form>
        </section>
    }
}
