//! Who watches a work package: the list, watching oneself, adding and removing others. What is
//! offered follows the backend's permissions (OpenProject's action links). Drawn as one piece
//! from the loaded list: few reactive parts keep the bundle small.

use crate::api::ApiError;
use crate::domain::{Permissions, UserId, WorkPackage, WorkPackageId};
use crate::i18n::Key;
use crate::state::actions::use_actions;
use crate::state::backend::{use_backend, use_revision};
use crate::state::notices::api_error_text;
use crate::state::prefs::use_i18n;
use crate::state::project::use_project;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn Watchers(id: WorkPackageId, wp: Memo<Option<WorkPackage>>) -> impl IntoView {
    let i18n = use_i18n();
    let backend = use_backend();
    let revision = use_revision();
    let actions = use_actions();
    let me = use_project().catalog.with_untracked(|c| c.me);
    let permissions = move || {
        wp.with(|w| w.as_ref().map(|w| w.permissions))
            .unwrap_or(Permissions::READ_ONLY)
    };
    let changed = RwSignal::new(0u32);
    let error = RwSignal::new(None::<String>);
    let loaded = LocalResource::new(move || {
        revision.0.track();
        changed.track();
        // OpenProject refuses the list of candidates to whoever may not add them.
        let may_add = wp.with_untracked(|w| w.as_ref().is_some_and(|w| w.permissions.add_watcher));
        let backend = backend.get();
        async move {
            let watchers = backend.watchers(id).await?;
            let available = if may_add {
                backend.available_watchers(id).await?
            } else {
                Vec::new()
            };
            Ok::<_, ApiError>((watchers, available))
        }
    });
    let set = move |user: UserId, watching: bool| {
        error.set(None);
        spawn_local(async move {
            if let Err(e) = actions.watch(id, user, watching).await {
                error.set(Some(api_error_text(i18n.lang_untracked(), &e)));
            }
            changed.update(|n| *n += 1);
        });
    };
    let chosen = NodeRef::<html::Select>::new();
    let body = move || {
        let lang = i18n.lang();
        let may = permissions();
        let problem = error
            .get()
            .map(|e| view! { <p role="alert" class="tafel-field__error">{e}</p> });
        let (list, available) = match loaded.get() {
            None => {
                return view! { <p class="tafel-loading">{lang.text(Key::Loading)}</p> }.into_any();
            }
            Some(Err(e)) => {
                return view! { <p role="alert">{api_error_text(lang, &e)}</p> }.into_any();
            }
            Some(Ok(loaded)) => loaded,
        };
        let watching = me.is_some_and(|me| list.iter().any(|u| u.id == me));
        let shown = if list.is_empty() {
            view! { <p class="tafel-muted">{lang.text(Key::NoWatchers)}</p> }.into_any()
        } else {
            view! {
                <ul class="tafel-list" data-testid="watcher-list">
                    {list.iter().map(|u| {
                        let user = u.id;
                        view! {
                            <li class="tafel-row">
                                {u.name.clone()}
                                <button
                                    type="button"
                                    class="tafel-button tafel-button--quiet"
                                    aria-label=lang.fill(Key::RemoveWatcher, &[("name", &u.name)])
                                    hidden=!may.remove_watcher
                                    on:click=move |_| set(user, false)
                                >
                                    {lang.text(Key::Remove)}
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
            .into_any()
        };
        let candidates: Vec<_> = available
            .into_iter()
            .filter(|u| !list.iter().any(|w| w.id == u.id))
            .map(|u| view! { <option value=u.id.0.to_string()>{u.name}</option> })
            .collect();
        let none_left = candidates.is_empty();
        view! {
            {shown}
            <button
                type="button"
                class="tafel-button"
                data-testid="watch-toggle"
                aria-pressed=watching.to_string()
                hidden=!may.watch || me.is_none()
                on:click=move |_| {
                    if let Some(me) = me {
                        set(me, !watching);
                    }
                }
            >
                {lang.text(if watching { Key::Unwatch } else { Key::Watch })}
            </button>
            <form
                class="tafel-row"
                hidden=!may.add_watcher || none_left
                on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    let value = chosen.get().map(|s| s.value()).unwrap_or_default();
                    if let Ok(user) = value.parse() {
                        set(UserId(user), true);
                    }
                }
            >
                <label for="tafel-watcher-to-add" class="tafel-sr-only">{lang.text(Key::WatcherToAdd)}</label>
                <select id="tafel-watcher-to-add" class="tafel-input" node_ref=chosen>
                    {candidates.collect_view()}
                </select>
                <button type="submit" class="tafel-button">{lang.text(Key::AddWatcher)}</button>
            </form>
            {problem}
        }
        .into_any()
    };
    view! {
        <section class="tafel-section" aria-labelledby="tafel-watchers-title" data-testid="watchers">
            <h2 id="tafel-watchers-title">{i18n.tr(Key::Watchers)}</h2>
            {body}
        </section>
    }
}
