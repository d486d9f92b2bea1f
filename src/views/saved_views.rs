//! Saved views of the table and the Gantt: the filters, sort, columns, grouping and tree kept under a
//! name, private or shared with the project, starred to come first. On OpenProject they are its
//! queries; a view's address is its settings plus `view=<id>`, so it can be shared like any page.

use crate::components::dialog::Dialog;
use crate::domain::list_params::ListParams;
use crate::domain::saved_view::{
    SavedView, ViewDraft, ViewId, ViewKind, encode_query, group_views,
};
use crate::domain::table_layout::TableLayout;
use crate::i18n::Key;
use crate::state::backend::use_backend;
use crate::state::notices::{api_error_text, use_notices};
use crate::state::prefs::use_i18n;
use crate::state::project::use_project;
use crate::state::url::{use_list_params, use_table_layout};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};

#[component]
pub fn SavedViews(kind: ViewKind) -> impl IntoView {
    let project = use_project();
    let backend = use_backend();
    let notices = use_notices();
    let i18n = use_i18n();
    let list = use_list_params();
    let layout = use_table_layout();
    let query = use_query_map();
    let location = use_location();
    let navigate = use_navigate();
    let version = RwSignal::new(0_u32);
    let saved = LocalResource::new(move || {
        version.track();
        let backend = backend.get();
        let id = project.project.with_untracked(|p| p.id);
        async move { backend.views(id).await }
    });
    let views = move || saved.get().and_then(Result::ok).unwrap_or_default();
    let current_id = Memo::new(move |_| {
        query
            .with(|q| q.get("view"))
            .and_then(|raw| raw.parse().ok())
            .map(ViewId)
    });
    let current = move || {
        let id = current_id.get()?;
        views().into_iter().find(|v| v.id == id)
    };
    // The page's settings in the form a view keeps them: only what differs from the defaults.
    let settings = Memo::new(move |_| {
        let mut pairs: Vec<(&str, String)> = list.value.with(ListParams::to_query);
        if kind == ViewKind::Table {
            pairs.extend(layout.value.with(TableLayout::to_query));
        }
        encode_query(&pairs)
    });
    let changed = move || current().is_some_and(|v| v.query != settings.get());
    let go = move |target: Option<&SavedView>| {
        let path = crate::hosting::route(&location.pathname.get_untracked());
        let address = match target {
            Some(view) => {
                let key = project.project.with_untracked(|p| p.identifier.clone());
                let sep = if view.query.is_empty() { "" } else { "&" };
                format!(
                    "/projects/{key}/{}?{}{sep}view={}",
                    view.kind.as_str(),
                    view.query,
                    view.id.0
                )
            }
            None => format!("{path}?{}", settings.get_untracked()),
        };
        navigate(
            &address,
            NavigateOptions {
                scroll: false,
                ..NavigateOptions::default()
            },
        );
    };
    let go = StoredValue::new_local(go);
    let pick = move |ev| {
        let chosen = event_target_value(&ev)
            .parse()
            .ok()
            .and_then(|id| views().into_iter().find(|v| v.id == ViewId(id)));
        go.with_value(|go| go(chosen.as_ref()));
    };
    let name = RwSignal::new(String::new());
    let public = RwSignal::new(false);
    let starred = RwSignal::new(false);
    let save = move |id: Option<ViewId>| {
        let draft = ViewDraft {
            id,
            project: project.project.with_untracked(|p| p.id),
            name: name.get_untracked(),
            kind,
            query: settings.get_untracked(),
            public: public.get_untracked(),
            starred: starred.get_untracked(),
        };
        let backend = backend.get();
        spawn_local(async move {
            match backend.save_view(draft).await {
                Ok(saved) => {
                    notices.success(i18n.fill(Key::ViewSaved, &[("name", &saved.name)]));
                    version.update(|v| *v += 1);
                    go.with_value(|go| go(Some(&saved)));
                }
                Err(error) => notices.error(api_error_text(i18n.lang_untracked(), &error)),
            }
        });
    };
    let naming = RwSignal::new(None::<Option<ViewId>>);
    let open_dialog = move |id: Option<ViewId>| {
        let (n, p, s) = current()
            .filter(|_| id.is_some())
            .map_or((String::new(), false, false), |v| {
                (v.name, v.public, v.starred)
            });
        name.set(n);
        public.set(p);
        starred.set(s);
        naming.set(Some(id));
    };
    let confirming = RwSignal::new(false);
    let delete = move |_| {
        confirming.set(false);
        let Some(doomed) = current() else {
            return;
        };
        let backend = backend.get();
        spawn_local(async move {
            match backend.delete_view(doomed.id).await {
                Ok(()) => {
                    notices.success(i18n.fill(Key::ViewDeleted, &[("name", &doomed.name)]));
                    version.update(|v| *v += 1);
                    go.with_value(|go| go(None));
                }
                Err(error) => notices.error(api_error_text(i18n.lang_untracked(), &error)),
            }
        });
    };
    let option_text = move |v: &SavedView| {
        let mut text = String::new();
        if v.starred {
            text.push_str("★ ");
        }
        text.push_str(&v.name);
        if v.kind != kind {
            text.push_str(" · ");
            text.push_str(i18n.t(match v.kind {
                ViewKind::Table => Key::NavTable,
                ViewKind::Gantt => Key::NavGantt,
            }));
        }
        if let Some(owner) = &v.owner_name {
            text.push_str(" · ");
            text.push_str(&i18n.fill(Key::ViewOwnedBy, &[("name", owner)]));
        } else if v.public {
            text.push_str(" · ");
            text.push_str(i18n.t(Key::ViewShared));
        }
        text
    };
    // Starred, mine, shared by others: each a labelled group of the list, as OpenProject's sidebar.
    let options = move || {
        let groups = group_views(views());
        [
            (Key::ViewsStarred, groups.starred),
            (Key::ViewsMine, groups.mine),
            (Key::ViewsShared, groups.shared),
        ]
        .into_iter()
        .filter(|(_, list)| !list.is_empty())
        .map(|(label, list)| {
            view! {
                <optgroup label=i18n.t(label)>
                    {list.into_iter().map(|v| {
                        let selected = current_id.get() == Some(v.id);
                        view! { <option value=v.id.0.to_string() selected=selected>{option_text(&v)}</option> }
                    }).collect_view()}
                </optgroup>
            }
        })
        .collect_view()
    };
    let star = move |_| {
        let Some(target) = current() else {
            return;
        };
        let backend = backend.get();
        spawn_local(async move {
            match backend.star_view(target.id, !target.starred).await {
                Ok(_) => version.update(|v| *v += 1),
                Err(error) => notices.error(api_error_text(i18n.lang_untracked(), &error)),
            }
        });
    };
    view! {
        <div class="tafel-field tafel-field--inline" data-testid="saved-views">
            <label for="tafel-saved-view">{i18n.tr(Key::SavedViews)}</label>
            // The value, not only the options' `selected`: once the user picked, browsers ignore that.
            <select
                id="tafel-saved-view"
                class="tafel-select"
                on:change=pick
                prop:value=move || current().map(|v| v.id.0.to_string()).unwrap_or_default()
            >
                <option value="" selected=move || current().is_none()>{i18n.tr(Key::ViewUnsaved)}</option>
                {options}
            </select>
        </div>
        <Show when=move || changed() && current().is_some_and(|v| v.may_change)>
            <button type="button" class="tafel-button tafel-button--primary" on:click=move |_| {
                if let Some(v) = current() {
                    name.set(v.name);
                    public.set(v.public);
                    starred.set(v.starred);
                    save(Some(v.id));
                }
            }>
                {i18n.tr(Key::ViewSaveChanges)}
            </button>
        </Show>
        <button type="button" class="tafel-button" on:click=move |_| open_dialog(None)>{i18n.tr(Key::ViewSaveAs)}</button>
        // Others' views: starring only (the other buttons are hidden, not only disabled).
        <Show when=move || current().is_some()>
            <button type="button" class="tafel-button" data-testid="view-star" on:click=star>
                <span aria-hidden="true">{move || if current().is_some_and(|v| v.starred) { "★ " } else { "☆ " }}</span>
                {move || i18n.t(if current().is_some_and(|v| v.starred) { Key::ViewUnstar } else { Key::ViewStar })}
            </button>
            <button type="button" class="tafel-button" hidden=move || !current().is_some_and(|v| v.may_change)
                on:click=move |_| open_dialog(current_id.get_untracked())>
                {i18n.tr(Key::ViewEdit)}
            </button>
            <button type="button" class="tafel-button tafel-button--danger" hidden=move || !current().is_some_and(|v| v.may_delete)
                on:click=move |_| confirming.set(true)>
                {i18n.tr(Key::ViewDelete)}
            </button>
            <p class="tafel-muted" role="note" data-testid="view-owner" hidden=move || current().is_none_or(|v| v.mine)>
                {move || current().and_then(|v| v.owner_name).map(|name| i18n.fill(Key::ViewSharedBy, &[("name", &name)]))}
            </p>
        </Show>
        <Show when=move || current().is_some_and(|v| v.partial)>
            <p class="tafel-muted" role="note">{i18n.tr(Key::ViewPartial)}</p>
        </Show>
        <Dialog
            open=confirming
            title=Signal::derive(move || i18n.t(Key::ViewDelete).to_owned())
            on_close=Callback::new(move |()| confirming.set(false))
            close_label=Signal::derive(move || i18n.t(Key::Close).to_owned())
        >
            <p>{move || i18n.fill(Key::ViewConfirmDelete, &[("name", &current().map(|v| v.name).unwrap_or_default())])}</p>
            <div class="tafel-row tafel-row--end">
                <button type="button" class="tafel-button" on:click=move |_| confirming.set(false)>{i18n.tr(Key::Cancel)}</button>
                <button type="button" class="tafel-button tafel-button--danger" on:click=delete>{i18n.tr(Key::Delete)}</button>
            </div>
        </Dialog>
        <Dialog
            open=Signal::derive(move || naming.get().is_some())
            title=Signal::derive(move || i18n.t(Key::ViewSaveAs).to_owned())
            on_close=Callback::new(move |()| naming.set(None))
            close_label=Signal::derive(move || i18n.t(Key::Close).to_owned())
        >
            <form class="tafel-form" on:submit=move |ev| {
                ev.prevent_default();
                if let Some(id) = naming.get_untracked().filter(|_| name.with_untracked(|n| !n.trim().is_empty())) {
                    naming.set(None);
                    save(id);
                }
            }>
                <div class="tafel-field">
                    <label for="tafel-view-name">{i18n.tr(Key::ViewName)}</label>
                    <input
                        id="tafel-view-name"
                        class="tafel-input"
                        maxlength="255"
                        required=true
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                </div>
                <label class="tafel-check">
                    <input type="checkbox" prop:checked=move || public.get() on:change=move |ev| public.set(event_target_checked(&ev))/>
                    {i18n.tr(Key::ViewPublic)}
                </label>
                <label class="tafel-check">
                    <input type="checkbox" prop:checked=move || starred.get() on:change=move |ev| starred.set(event_target_checked(&ev))/>
                    {i18n.tr(Key::ViewStarred)}
                </label>
                <div class="tafel-row tafel-row--end">
                    <button type="button" class="tafel-button" on:click=move |_| naming.set(None)>{i18n.tr(Key::Cancel)}</button>
                    <button type="submit" class="tafel-button tafel-button--primary" disabled=move || name.with(|n| n.trim().is_empty())>
                        {i18n.tr(Key::ViewSave)}
                    </button>
                </div>
            </form>
        </Dialog>
    }
}
