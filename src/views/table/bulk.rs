//! Changing or deleting the selected work packages together. Each is sent on its own version; those
//! the server refuses stay selected, with the reasons, so nothing is dropped silently.

use crate::api::ApiError;
use crate::components::dialog::Dialog;
use crate::domain::bulk_edit::BulkEdit;
use crate::domain::{CategoryId, PriorityId, StatusId, UserId, VersionId, WorkPackageId};
use crate::i18n::Key;
use crate::state::actions::use_actions;
use crate::state::notices::{api_error_text, use_notices};
use crate::state::prefs::use_i18n;
use crate::state::project::use_project;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::BTreeSet;

/// `""` keeps, `"none"` clears, a number sets: the three cases of a patch field.
#[allow(clippy::option_option)]
fn choice<T>(raw: &str, id: fn(u64) -> T) -> Option<Option<T>> {
    match raw {
        "" => None,
        "none" => Some(None),
        n => n.parse().ok().map(|n| Some(id(n))),
    }
}

#[component]
pub fn BulkBar(selection: RwSignal<BTreeSet<WorkPackageId>>) -> impl IntoView {
    let i18n = use_i18n();
    let project = use_project();
    let actions = use_actions();
    let notices = use_notices();
    let (status, priority, assignee, version, category, shift) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let busy = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let count = move || selection.with(BTreeSet::len);
    let edit = move || BulkEdit {
        status: choice(&status.get(), StatusId).flatten(),
        priority: choice(&priority.get(), PriorityId).flatten(),
        assignee: choice(&assignee.get(), UserId),
        version: choice(&version.get(), VersionId),
        category: choice(&category.get(), CategoryId),
        shift_days: shift.get().trim().parse().unwrap_or(0),
    };
    // The bar goes when nothing is selected any more, and with it the button that had focus: the
    // table's cell in the tab order takes it.
    let unselect = move || {
        selection.set(BTreeSet::new());
        crate::components::focus::refocus_if_lost(vec![
            "[data-testid=wp-table] td[tabindex=\"0\"]".to_owned(),
            "#main h1".to_owned(),
        ]);
    };
    // Those that failed stay selected; the user hears how many went through and why the others not.
    let report = move |done_key: Key, total: usize, failed: Vec<(WorkPackageId, ApiError)>| {
        let lang = i18n.lang_untracked();
        if failed.is_empty() {
            notices.success(lang.fill(done_key, &[("count", &total.to_string())]));
            unselect();
            return;
        }
        let reasons: Vec<String> = failed
            .iter()
            .take(5)
            .map(|(id, e)| format!("#{id}: {}", api_error_text(lang, e)))
            .collect();
        notices.error(lang.fill(
            Key::TableBulkFailed,
            &[
                ("done", &(total - failed.len()).to_string()),
                ("total", &total.to_string()),
                ("reasons", &reasons.join("; ")),
            ],
        ));
        selection.set(failed.into_iter().map(|(id, _)| id).collect());
    };
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let edit = edit();
        if edit.is_empty() || busy.get_untracked() {
            return;
        }
        let patches: Vec<_> = selection.with_untracked(|s| {
            s.iter()
                .filter_map(|id| project.get_untracked(*id))
                .map(|wp| (wp.id, edit.patch_for(&wp)))
                .filter(|(_, p)| !p.is_empty())
                .collect()
        });
        let total = selection.with_untracked(BTreeSet::len);
        busy.set(true);
        spawn_local(async move {
            let failed = actions.update_many(patches).await;
            busy.set(false);
            report(Key::TableBulkDone, total, failed);
        });
    };
    let delete = move |_| {
        let ids: Vec<WorkPackageId> = selection.with_untracked(|s| s.iter().copied().collect());
        busy.set(true);
        spawn_local(async move {
            let failed = actions.delete_many(&ids).await;
            busy.set(false);
            confirming.set(false);
            report(Key::TableBulkDeleted, ids.len(), failed);
        });
    };
    let options = move |list: Vec<(u64, String)>| {
        list.into_iter()
            .map(|(id, name)| view! { <option value=id.to_string()>{name}</option> })
            .collect_view()
    };
    let select = move |id: &'static str,
                       label: Key,
                       value: RwSignal<String>,
                       clear: Option<Key>,
                       list: Vec<(u64, String)>| {
        view! {
            <div class="tafel-field">
                <label for=id>{i18n.tr(label)}</label>
                <select id=id class="tafel-select" prop:value=move || value.get() on:change=move |ev| value.set(event_target_value(&ev))>
                    <option value="">{i18n.tr(Key::TableBulkKeep)}</option>
                    {clear.map(|key| view! { <option value="none">{i18n.tr(key)}</option> })}
                    {options(list)}
                </select>
            </div>
        }
    };
    let lists = move || {
        project.catalog.with(|c| {
            (
                c.statuses_in_order()
                    .iter()
                    .map(|s| (s.id.0, s.name.clone()))
                    .collect::<Vec<_>>(),
                c.priorities
                    .iter()
                    .map(|p| (p.id.0, p.name.clone()))
                    .collect::<Vec<_>>(),
                c.users
                    .iter()
                    .map(|u| (u.id.0, u.name.clone()))
                    .collect::<Vec<_>>(),
                c.versions
                    .iter()
                    .map(|v| (v.id.0, v.name.clone()))
                    .collect::<Vec<_>>(),
                c.categories
                    .iter()
                    .map(|c| (c.id.0, c.name.clone()))
                    .collect::<Vec<_>>(),
            )
        })
    };
    view! {
        <Show when=move || { count() > 0 }>
            <form class="tafel-table__bulk" data-testid="bulk-bar" aria-labelledby="tafel-bulk-title" on:submit=apply>
                <h3 id="tafel-bulk-title" class="tafel-table__bulk-title">
                    {move || i18n.fill(Key::TableSelected, &[("count", &count().to_string())])}
                </h3>
                {move || {
                    let (statuses, priorities, users, versions, categories) = lists();
                    // Only where the project has categories to choose from.
                    let category_select = (!categories.is_empty()).then(|| {
                        select("tafel-bulk-category", Key::FieldCategory, category, Some(Key::NoCategory), categories)
                    });
                    view! {
                        {select("tafel-bulk-status", Key::FieldStatus, status, None, statuses)}
                        {select("tafel-bulk-priority", Key::FieldPriority, priority, None, priorities)}
                        {select("tafel-bulk-assignee", Key::FieldAssignee, assignee, Some(Key::Unassigned), users)}
                        {select("tafel-bulk-version", Key::FieldVersion, version, Some(Key::NoVersion), versions)}
                        {category_select}
                    }
                }}
                <div class="tafel-field">
                    <label for="tafel-bulk-shift">{i18n.tr(Key::TableBulkShift)}</label>
                    <input id="tafel-bulk-shift" class="tafel-input" type="number" step="1" inputmode="numeric"
                        prop:value=move || shift.get() on:input=move |ev| shift.set(event_target_value(&ev))/>
                </div>
                <button type="submit" class="tafel-button tafel-button--primary" disabled=move || busy.get() || edit().is_empty()>
                    {i18n.tr(Key::TableBulkApply)}
                </button>
                <button type="button" class="tafel-button tafel-button--danger" on:click=move |_| confirming.set(true) disabled=move || busy.get()>
                    {i18n.tr(Key::TableBulkDelete)}
                </button>
                <button type="button" class="tafel-button tafel-button--quiet" on:click=move |_| unselect()>
                    {i18n.tr(Key::TableClearSelection)}
                </button>
            </form>
        </Show>
        <Dialog
            open=confirming
            title=Signal::derive(move || i18n.fill(Key::TableBulkDeleteTitle, &[("count", &count().to_string())]))
            on_close=Callback::new(move |()| confirming.set(false))
            close_label=Signal::derive(move || i18n.t(Key::Close).to_owned())
        >
            <p>{i18n.tr(Key::TableBulkDeleteBody)}</p>
            <div class="tafel-row tafel-row--end">
                <button type="button" class="tafel-button" on:click=move |_| confirming.set(false)>{i18n.tr(Key::Cancel)}</button>
                <button type="button" class="tafel-button tafel-button--danger" on:click=delete disabled=move || busy.get() data-testid="confirm-bulk-delete">
                    {move || i18n.fill(Key::TableBulkDeleteConfirm, &[("count", &count().to_string())])}
                </button>
            </div>
        </Dialog>
    }
}
