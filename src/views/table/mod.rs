//! The work package table: sortable columns, text search and filters, all kept in the URL.

mod import_dialog;
mod transfer;

use crate::components::focus::focus_when_drawn;
use crate::components::visible_range::visible_range;
use crate::domain::list_params::ListParams;
use crate::domain::{SortField, WorkPackage, WorkPackageId, WorkPackageQuery};
use crate::i18n::{Key, format};
use crate::state::prefs::use_i18n;
use crate::state::project::use_project;
use crate::state::url::{use_detail_panel, use_list_params};
use crate::views::create::{CreateDialog, CreatePreset};
use crate::views::filters::ListFilters;
use leptos::html::Tbody;
use leptos::prelude::*;

/// Row height until a row has been measured; close to the real one at the default text size.
const ROW_ESTIMATE: f64 = 38.0;

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

/// The ids of the rows in order: ids rather than clones, so that sorting and filtering thousands
/// costs no copying and the memo compares numbers.
fn row_ids(
    params: &ListParams,
    all: &[&WorkPackage],
    catalog: &crate::domain::Catalog,
) -> Vec<WorkPackageId> {
    let query = WorkPackageQuery {
        filters: params.filters(chrono::Local::now().date_naive()),
        sort: vec![params.sort],
        page: 1,
        page_size: u32::MAX,
    };
    query
        .matches_in_order(all.iter().copied(), catalog)
        .into_iter()
        .map(|wp| wp.id)
        .collect()
}

#[component]
pub fn TableView() -> impl IntoView {
    let i18n = use_i18n();
    let project = use_project();
    let list = use_list_params();
    let detail = use_detail_panel();
    let create = RwSignal::new(None::<CreatePreset>);
    let rows = Memo::new(move |_| {
        let params = list.value.get();
        project.catalog.with(|c| {
            project
                .work_packages
                .with(|m| row_ids(&params, &m.values().collect::<Vec<_>>(), c))
        })
    });
    let total = move || project.work_packages.with(std::collections::BTreeMap::len);

    // Only the rows in the window (and a few around them) exist; a spacer row above and below stands
    // in for the others. The page scrolls, so the window's position over the body decides.
    let body = NodeRef::<Tbody>::new();
    let row = RwSignal::new(ROW_ESTIMATE);
    // (top of the body relative to the window, window height)
    let window_box = RwSignal::new((0.0, 800.0));
    // Where the body is: on every scroll.
    let place = move || {
        let Some(body) = body.get_untracked() else {
            return;
        };
        let height = window()
            .inner_height()
            .ok()
            .and_then(|h| h.as_f64())
            .unwrap_or(800.0);
        window_box.set((body.get_bounding_client_rect().top(), height));
    };
    // How high a row is (text size and zoom change it): only when rows are first drawn and on
    // resize, not on the scroll path.
    let measure_row = move || {
        if let Some(body) = body.get_untracked()
            && let Ok(Some(first)) = body.query_selector("[data-testid=wp-row]")
            && let Some(first) = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&first)
        {
            let measured = f64::from(first.offset_height());
            if measured > 0.0 && (measured - row.get_untracked()).abs() > 0.5 {
                row.set(measured);
            }
        }
    };
    let has_rows = Memo::new(move |_| !rows.with(Vec::is_empty));
    Effect::new(move || {
        if body.get().is_some() {
            place();
            if has_rows.get() {
                measure_row();
            }
        }
    });
    let on_scroll = window_event_listener(leptos::ev::scroll, move |_| place());
    let on_resize = window_event_listener(leptos::ev::resize, move |_| {
        place();
        measure_row();
    });
    on_cleanup(move || {
        on_scroll.remove();
        on_resize.remove();
    });
    let range = Memo::new(move |_| {
        let (top, height) = window_box.get();
        visible_range(
            rows.with(Vec::len),
            row.get(),
            (-top).max(0.0),
            height - top.max(0.0),
        )
    });
    // A work package just created is scrolled into view and focused, wherever the sort puts it.
    let reveal = RwSignal::new(None::<WorkPackageId>);
    Effect::new(move || {
        let Some(id) = reveal.get() else {
            return;
        };
        let Some(index) = rows.with(|rows| rows.iter().position(|row| *row == id)) else {
            return;
        };
        reveal.set(None);
        let (top, height) = window_box.get_untracked();
        #[allow(clippy::cast_precision_loss)]
        let row_top = top + index as f64 * row.get_untracked();
        if row_top < 0.0 || row_top + row.get_untracked() > height {
            let scrolled = window().scroll_y().unwrap_or(0.0);
            window().scroll_to_with_x_and_y(0.0, scrolled + row_top - height / 3.0);
            place();
        }
        focus_when_drawn(format!("[data-wp-id=\"{}\"] .tafel-link", id.0));
    });
    let shown = move || {
        let (start, end) = range.get();
        rows.with(|rows| {
            project.work_packages.with(|all| {
                rows[start.min(rows.len())..end.min(rows.len())]
                    .iter()
                    .enumerate()
                    .filter_map(|(i, id)| all.get(id).map(|wp| (start + i, wp.clone())))
                    .collect::<Vec<_>>()
            })
        })
    };
    let spacer = move |above: bool| {
        let (start, end) = range.get();
        let hidden = if above {
            start
        } else {
            rows.with(Vec::len).saturating_sub(end)
        };
        #[allow(clippy::cast_precision_loss)]
        let px = hidden as f64 * row.get();
        format!("{px}px")
    };

    view! {
        <section class="tafel-table-view" aria-labelledby="tafel-table-title">
            <h2 id="tafel-table-title" class="tafel-sr-only">
                {move || i18n.fill(Key::TableTitle, &[("project", &project.project.with(|p| p.name.clone()))])}
            </h2>
            <div class="tafel-toolbar">
                <ListFilters list/>
                <transfer::TransferMenu rows columns=Signal::derive(crate::domain::table_layout::Column::defaults)/>
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
                <table
                    class="tafel-table"
                    data-testid="wp-table"
                    aria-rowcount=move || (rows.with(Vec::len) + 1).to_string()
                >
                    <thead>
                        <tr>
                            {COLUMNS.into_iter().map(|(field, key)| {
                                let sorted = move || list.value.with(|p| (p.sort.field == field).then_some(p.sort.descending));
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
                    <tbody node_ref=body>
                        <tr class="tafel-table__spacer" aria-hidden="true">
                            <td colspan="8" style:height=move || spacer(true)></td>
                        </tr>
                        <For
                            each=shown
                            key=|(index, wp)| (*index, wp.id, wp.lock_version, wp.position)
                            let:entry
                        >
                            <TableRow
                                wp=entry.1
                                index=entry.0
                                on_open=Callback::new(move |id| detail.set(Some(id)))
                            />
                        </For>
                        <tr class="tafel-table__spacer" aria-hidden="true">
                            <td colspan="8" style:height=move || spacer(false)></td>
                        </tr>
                    </tbody>
                </table>
            </div>
            <Show when=move || rows.with(Vec::is_empty)>
                <p class="tafel-empty">{i18n.tr(Key::TableEmpty)}</p>
            </Show>
            <CreateDialog preset=create on_created=Callback::new(move |id| reveal.set(Some(id)))/>
        </section>
    }
}

#[component]
fn TableRow(
    wp: WorkPackage,
    /// Its place among the rows, from 0; only the rows in view are drawn.
    index: usize,
    on_open: Callback<WorkPackageId>,
) -> impl IntoView {
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
        // Row 1 is the header.
        <tr data-testid="wp-row" data-wp-id=id.0.to_string() aria-rowindex=(index + 2).to_string()>
            <td class="tafel-table__id">{id.0}</td>
            <td>
                <button type="button" class="tafel-link" title=wp.subject.clone() on:click=move |_| on_open.run(id)>
                    {wp.subject.clone()}
                </button>
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
