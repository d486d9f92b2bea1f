//! Who watches a work package: the list, watching oneself, adding and removing others. What is
//! offered follows the backend's permissions (OpenProject's action links).

use crate::domain::{UserId, WorkPackage, WorkPackageId};
use crate::i18n::Key;
use crate::state::actions::use_actions;
use crate::state::backend::{use_backend, use_revision};
use crate::state::notices::api_error_text;
use crate::state::prefs::use_i18n;
use crate::state::project::use_project;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn Watchers(id: WorkPackageId, wp: Memo<Option<WorkPackage>>) -> impl IntoView {
    let i18n = use_i18n();
    let backend = use_backend();
    let revision = use_revision();
    let actions = use_actions();
    let me = use_project().catalog.with_untracked(|c| c.me);
    let may = move |f: fn(&crate::domain::Permissions) -> bool| {
        wp.with(|w| w.as_ref().is_some_and(|w| f(&w.permissions)))
    };
    let changed = RwSignal::new(0u32);
    let watchers = LocalResource::new(move || {
        revision.0.track();
        changed.track();
        let backend = backend.get();
        async move { backend.watchers(id).await }
    });
    // Asked only when others may be added: OpenProject refuses the list without that right.
    let available = LocalResource::new(move || {
        let allowed = may(|p| p.add_watcher);
        let backend = backend.get();
        async move {
            if allowed {
                backend.available_watchers(id).await.unwrap_or_default()
            } else {
                Vec::new()
            }
        }
    });
    let error = RwSignal::new(None::<String>);
    let set = move |user: UserId, watching: bool| {
        error.set(None);
        spawn_local(async move {
            if let Err(e) = actions.watch(id, user, watching).await {
                error.set(Some(api_error_text(i18n.lang_untracked(), &e)));
            }
            changed.update(|n| *n += 1);
        });
    };
    let chosen = RwSignal::new(String::new());
    let watching_me = move || {
        watchers.with(|w| {
            matches!(w, Some(Ok(list)) if list.iter().any(|u| Some(u.id) == me))
        })
    };
    view! {
        <section class="tafel-section" aria-labelledby="tafel-watchers-title" data-testid="watchers">
            <h2 id="tafel-watchers-title">{i18n.tr(Key::Watchers)}</h2>
            {move || match watchers.get() {
                None => view! { <p class="tafel-loading">{i18n.t(Key::Loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <p role="alert">{api_error_text(i18n.lang(), &e)}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="tafel-muted">{i18n.t(Key::NoWatchers)}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="tafel-list" data-testid="watcher-list">
                        {list.into_iter().map(|u| {
                            let label = i18n.fill(Key::RemoveWatcher, &[("name", &u.name)]);
                            view! {
                                <li class="tafel-row">
                                    <span>{u.name.clone()}</span>
                                    <button
                                        type="button"
                                        class="tafel-button tafel-button--quiet"
                                        aria-label=label
                                        hidden=move || !may(|p| p.remove_watcher)
                                        on:click=move |_| set(u.id, false)
                                    >
                                        {i18n.tr(Key::Remove)}
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
            <div class="tafel-row">
                {me.map(|me| view! {
                    <button
                        type="button"
                        class="tafel-button"
                        data-testid="watch-toggle"
                        aria-pressed=move || watching_me().to_string()
                        hidden=move || !may(|p| p.watch)
                        on:click=move |_| set(me, !watching_me())
                    >
                        {move || i18n.t(if watching_me() { Key::Unwatch } else { Key::Watch })}
                    </button>
                })}
            </div>
            <form
                class="tafel-row"
                hidden=move || !may(|p| p.add_watcher)
                on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    if let Ok(user) = chosen.get_untracked().parse() {
                        set(UserId(user), true);
                    }
                }
            >
                <label for="tafel-watcher-to-add" class="tafel-sr-only">{i18n.tr(Key::WatcherToAdd)}</label>
                <select
                    id="tafel-watcher-to-add"
                    class="tafel-input"
                    on:change=move |ev| chosen.set(event_target_value(&ev))
                    prop:value=move || chosen.get()
                >
                    <option value="">{i18n.tr(Key::WatcherToAdd)}</option>
                    {move || available.get().unwrap_or_default().into_iter().map(|u| {
                        view! { <option value=u.id.0.to_string()>{u.name}</option> }
                    }).collect_view()}
                </select>
                <button type="submit" class="tafel-button">{i18n.tr(Key::AddWatcher)}</button>
            </form>
            {move || error.get().map(|e| view! { <p role="alert" class="tafel-field__error">{e}</p> })}
        </section>
    }
}
