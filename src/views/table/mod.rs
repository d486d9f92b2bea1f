//! The work package table: sortable columns, text search and filters, all kept in the URL.

mod filters;

use crate::domain::list_params::ListParams;
use crate::domain::{SortField, WorkPackage, WorkPackageQuery};
use crate::i18n::{Key, format};
use crate::state::prefs::use_i18n;
use crate::state::project::use_project;
use crate::state::url::{use_detail_panel, use_list_params};
use crate::views::create::{CreateDialog, CreatePreset};
use filters::TableFilters;
use leptos::prelude::*;

const COLUMNS: [(SortField, Key); 8] = [
    (SortField::Id, Key::FieldId),
    (SortField::Subject, Key::FieldSubject),
    (SortField::Type, Key::FieldType),
    (SortField::Status, Key::FieldStatus),
    (SortField::Priority, Key::FieldPriority),
    (SortField::Assignee, Key::FieldAssignee),
    (SortField::StartDate, Key::FieldStartDate),
    (SortField::DueDate, Key::FieldDueDate),
];

fn rows(
    params: &ListParams,
    all: &[&WorkPackage],
    catalog: &crate::domain::Catalog,
) -> Vec<WorkPackage> {
    let query = WorkPackageQuery {
        filters: params.filters(),
        sort: vec![params.sort],
        page: 1,
        page_size: u32::MAX,
    };
    query.run(all.iter().copied(), catalog).items
}

#[component]
pub fn TableView() -> impl IntoView {
    let i18n = use_i18n();
    let project = use_project();
    let list = use_list_params();
    let detail = use_detail_panel();
    let create = RwSignal::new(None::<CreatePreset>);
    let rows = Memo::new(move |_| {
        let params = list.params.get();
        project.catalog.with(|c| {
            project
                .work_packages
                .with(|m| rows(&params, &m.values().collect::<Vec<_>>(), c))
        })
    });
    let total = move || project.work_packages.with(std::collections::BTreeMap::len);

    view! {
        <section class="tafel-table-view" aria-labelledby="tafel-table-title">
            <h2 id="tafel-table-title" class="tafel-sr-only">
                {move || i18n.fill(Key::TableTitle, &[("project", &project.project.with(|p| p.name.clone()))])}
            </h2>
            <div class="tafel-toolbar">
                <TableFilters list/>
                <button
                    type="button"
                    class="tafel-button tafel-button--primary"
                    on:click=move |_| create.set(Some(CreatePreset::default()))
                >
                    {i18n.tr(Key::NewWorkPackage)}
                </button>
            </div>
            <p class="tafel-muted" role="status" data-testid="table-count">
                {move || i18n.fill(Key::TableCount, &[("shown", &rows.with(Vec::len).to_string()), ("total", &total().to_string())])}
            </p>
            <div class="tafel-table-wrap">
                <table class="tafel-table" data-testid="wp-table">
                    <thead>
                        <tr>
                            {COLUMNS.into_iter().map(|(field, key)| {
                                let sorted = move || list.params.with(|p| (p.sort.field == field).then_some(p.sort.descending));
                                view! {
                                    <th
                                        scope="col"
                                        aria-sort=move || match sorted() {
                                            Some(true) => "descending",
                                            Some(false) => "ascending",
                                            None => "none",
                                        }
                                    >
                                        <button
                                            type="button"
                                            class="tafel-table__sort"
                                            data-sort=field.as_str()
                                            title=move || i18n.fill(Key::SortBy, &[("column", i18n.t(key))])
                                            on:click=move |_| list.update(|p| p.toggle_sort(field))
                                        >
                                            {move || i18n.t(key)}
                                            <span aria-hidden="true" class="tafel-table__arrow">
                                                {move || match sorted() {
                                                    Some(true) => "▼",
                                                    Some(false) => "▲",
                                                    None => "",
                                                }}
                                            </span>
                                        </button>
                                    </th>
                                }
                            }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || rows.get() key=|wp| (wp.id, wp.lock_version, wp.position) let:wp>
                            <TableRow wp on_open=Callback::new(move |id| detail.set(Some(id)))/>
                        </For>
                    </tbody>
                </table>
            </div>
            <Show when=move || rows.with(Vec::is_empty)>
                <p class="tafel-empty">{i18n.tr(Key::TableEmpty)}</p>
            </Show>
            <CreateDialog preset=create/>
        </section>
    }
}

#[component]
fn TableRow(wp: WorkPackage, on_open: Callback<crate::domain::WorkPackageId>) -> impl IntoView {
    let i18n = use_i18n();
    let project = use_project();
    let today = chrono::Local::now().date_naive();
    let id = wp.id;
    let (type_name, type_color, status, priority, assignee, closed) =
        project.catalog.with_untracked(|c| {
            (
                c.wp_type(wp.wp_type)
                    .map(|t| t.name.clone())
                    .unwrap_or_default(),
                c.wp_type(wp.wp_type)
                    .map(|t| t.color.clone())
                    .unwrap_or_default(),
                c.status(wp.status)
                    .map(|s| s.name.clone())
                    .unwrap_or_default(),
                c.priority(wp.priority)
                    .map(|p| p.name.clone())
                    .unwrap_or_default(),
                wp.assignee.and_then(|u| c.user(u)).map(|u| u.name.clone()),
                c.is_closed(wp.status),
            )
        });
    let overdue = wp.is_overdue(today, closed);
    let start = wp.start_date.or(wp.date);
    let finish = wp.finish();
    view! {
        <tr data-testid="wp-row" data-wp-id=id.0.to_string()>
            <td class="tafel-table__id">{id.0}</td>
            <td>
                <button type="button" class="tafel-link" on:click=move |_| on_open.run(id)>{wp.subject.clone()}</button>
            </td>
            <td>
                <span class="tafel-card__type-swatch" style:background-color=type_color aria-hidden="true"></span>
                {type_name}
            </td>
            <td>{status}</td>
            <td>{priority}</td>
            <td>{move || assignee.clone().unwrap_or_else(|| i18n.t(Key::Unassigned).to_owned())}</td>
            <td>{move || start.map(|d| format::date(i18n.lang(), d))}</td>
            <td class:tafel-overdue=overdue>
                {move || finish.map(|d| format::date(i18n.lang(), d))}
                {overdue.then(|| view! { <span class="tafel-overdue-mark">" ⚠ "{i18n.tr(Key::CardOverdue)}</span> })}
            </td>
        </tr>
    }
}
