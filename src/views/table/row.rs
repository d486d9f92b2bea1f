//! The table's header cells, group headings and work package rows.

use super::cells;
use crate::domain::board_layout::GroupValue;
use crate::domain::table_layout::{Column, RowGroup};
use crate::domain::{WorkPackage, WorkPackageId};
use crate::i18n::{Key, Lang};
use crate::state::prefs::use_i18n;
use crate::state::project::use_project;
use crate::state::url::ListParamsHandle;
use leptos::prelude::*;
use std::collections::{BTreeSet, HashSet};

#[component]
pub fn ColumnHead(column: Column, list: ListParamsHandle) -> impl IntoView {
    let i18n = use_i18n();
    let project = use_project();
    let label = {
        let column = column.clone();
        Memo::new(move |_| {
            project
                .catalog
                .with(|c| cells::label(i18n.lang(), &column, c))
        })
    };
    let Some(field) = column.sort_field() else {
        return view! { <th scope="col" data-col=column.token().to_owned()>{label}</th> }
            .into_any();
    };
    // (place among the sort keys, descending)
    let rank = move || list.value.with(|p| p.sort_rank(field));
    let sorted = move || {
        rank()
            .filter(|(at, _)| *at == 0)
            .map(|(_, descending)| descending)
    };
    view! {
        <th
            scope="col"
            data-col=column.token().to_owned()
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
                title=move || i18n.fill(Key::SortBy, &[("column", &label.get())])
                aria-describedby="tafel-table-sort-help"
                on:click=move |ev| {
                    if ev.shift_key() {
                        list.update(|p| p.add_sort(field));
                    } else {
                        list.update(|p| p.toggle_sort(field));
                    }
                }
            >
                {label}
                <span aria-hidden="true" class="tafel-table__arrow">
                    {move || rank().map(|(at, descending)| {
                        let arrow = if descending { "▼" } else { "▲" };
                        if at == 0 { arrow.to_owned() } else { format!("{arrow}{}", at + 1) }
                    })}
                </span>
            </button>
        </th>
    }
    .into_any()
}

/// "Not set" in the words of the field: unassigned, no version.
fn unset_name(lang: Lang, value: GroupValue) -> &'static str {
    lang.text(match value {
        GroupValue::Version(_) => Key::NoVersion,
        _ => Key::Unassigned,
    })
}

#[component]
pub fn GroupRow(
    group: Signal<Option<RowGroup>>,
    span: impl Fn() -> String + Send + Sync + 'static,
    folded: RwSignal<HashSet<GroupValue>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let project = use_project();
    move || {
        let group = group.get()?;
        let value = group.value;
        let name = project
            .catalog
            .with(|c| value.name(c, |id| project.get_untracked(id).map(|wp| wp.subject)))
            .unwrap_or_else(|| unset_name(i18n.lang(), value).to_owned());
        let is_folded = move || folded.with(|f| f.contains(&value));
        let summary = i18n.fill(
            Key::TableGroupSummary,
            &[
                ("count", &group.ids.len().to_string()),
                ("hours", &cells::hours(i18n.lang(), group.estimated_hours)),
                ("done", &group.percentage_done.to_string()),
            ],
        );
        Some(view! {
            <tr class="tafel-table__group" data-testid="group-row">
                <th scope="rowgroup" colspan=span()>
                    <button
                        type="button"
                        class="tafel-button tafel-button--quiet"
                        aria-expanded=move || (!is_folded()).to_string()
                        on:click=move |_| folded.update(|f| {
                            if !f.remove(&value) {
                                f.insert(value);
                            }
                        })
                    >
                        <span aria-hidden="true">{move || if is_folded() { "▸ " } else { "▾ " }}</span>
                        <span data-testid="group-name">{name}</span>
                    </button>
                    " "
                    <span class="tafel-muted" data-testid="group-summary">{summary}</span>
                </th>
            </tr>
        })
    }
}

#[component]
pub fn TableRow(
    wp: WorkPackage,
    /// Its place among the lines, from 0; only the lines in view are drawn.
    index: usize,
    /// In the tree: its depth and whether it has children shown.
    depth: Option<(u16, bool)>,
    columns: Vec<Column>,
    selection: RwSignal<BTreeSet<WorkPackageId>>,
    folded: RwSignal<HashSet<WorkPackageId>>,
    on_open: Callback<WorkPackageId>,
) -> impl IntoView {
    let i18n = use_i18n();
    let project = use_project();
    let today = chrono::Local::now().date_naive();
    let id = wp.id;
    let closed = project.catalog.with_untracked(|c| c.is_closed(wp.status));
    let overdue = wp.is_overdue(today, closed);
    let selected = move || selection.with(|s| s.contains(&id));
    let name = format!("#{} {}", id.0, wp.subject);
    let grid = expect_context::<super::grid::Grid>();
    let tab = move |ci: usize| move || if grid.is_tab_stop(id, ci) { "0" } else { "-1" };
    let editing = move |ci: usize| grid.editing.with(|e| *e == Some((id, ci)));
    // Ends an edit: the cell takes the focus back.
    let done = move |ci: usize| {
        Callback::new(move |()| {
            grid.draft.set_value(None);
            grid.refused.set(None);
            grid.editing.set(None);
            crate::components::focus::focus_when_drawn(super::grid::Grid::selector(id, ci));
        })
    };
    // A row is drawn anew when its work package changes (an earlier edit saved, someone else's
    // edit read): the focus its cell had fell to the page with the old element, and the same cell
    // of the new row takes it back before the next key arrives. An open editor focuses itself.
    on_cleanup(move || {
        if let Some((_, ci)) = grid.active.get_untracked().filter(|(row, _)| *row == id)
            && grid.editing.get_untracked().is_none()
            && crate::components::focus::focus_fell_to_page()
        {
            crate::components::focus::focus_when_drawn(super::grid::Grid::selector(id, ci));
        }
    });
    let cell = move |(i, column): (usize, Column)| {
        let ci = i + 1;
        let col = column.token().to_owned();
        let show = {
            let (wp, column) = (wp.clone(), column.clone());
            move || {
                content(
                    &wp,
                    &column,
                    Shown {
                        depth,
                        folded,
                        overdue,
                        on_open,
                    },
                )
            }
        };
        let content = if project
            .catalog
            .with_untracked(|c| super::inline_edit::editable(&column, c))
        {
            let (wp, column) = (wp.clone(), column.clone());
            view! {
                <Show when=move || editing(ci) fallback=show>
                    <super::inline_edit::CellEditor wp=wp.clone() column=column.clone() ci on_done=done(ci)/>
                </Show>
            }
            .into_any()
        } else {
            show()
        };
        let indent = depth.map_or(0, |(d, _)| d) * 16 + 8;
        view! {
            <td
                data-col=col
                data-ci=ci.to_string()
                tabindex=tab(ci)
                class:tafel-table__id=matches!(column, Column::Id)
                class:tafel-overdue=overdue && matches!(column, Column::DueDate)
                style:padding-inline-start=matches!(column, Column::Subject).then(|| format!("{indent}px"))
            >
                {content}
            </td>
        }
    };
    view! {
        // Row 1 is the header.
        <tr
            data-testid="wp-row"
            data-wp-id=id.0.to_string()
            aria-rowindex=(index + 2).to_string()
            aria-selected=move || selected().to_string()
            class:tafel-table__row--selected=selected
        >
            <td class="tafel-table__check" data-ci="0" tabindex=tab(0)>
                <input
                    type="checkbox"
                    tabindex="-1"
                    data-testid="select-row"
                    aria-label=i18n.fill(Key::TableSelectRow, &[("subject", &name)])
                    prop:checked=selected
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        selection.update(|s| {
                            if on {
                                s.insert(id);
                            } else {
                                s.remove(&id);
                            }
                        });
                    }
                />
            </td>
            {columns.into_iter().enumerate().map(cell).collect_view()}
        </tr>
    }
}

/// What a row's cell needs besides the work package and its column.
#[derive(Clone, Copy)]
struct Shown {
    depth: Option<(u16, bool)>,
    folded: RwSignal<HashSet<WorkPackageId>>,
    overdue: bool,
    on_open: Callback<WorkPackageId>,
}

/// A cell's content as shown (not edited).
fn content(wp: &WorkPackage, column: &Column, shown: Shown) -> AnyView {
    let i18n = use_i18n();
    let project = use_project();
    let Shown {
        depth,
        folded,
        overdue,
        on_open,
    } = shown;
    let id = wp.id;
    let value = project.catalog.with_untracked(|c| column.value(wp, c));
    let text = cells::text(i18n.lang_untracked(), value);
    match column {
        Column::Subject => {
            let fold = depth.filter(|(_, children)| *children).map(|_| {
                let is_folded = move || folded.with(|f| f.contains(&id));
                view! {
                    <button
                        type="button"
                        class="tafel-button tafel-button--icon tafel-table__fold"
                        tabindex="-1"
                        aria-expanded=move || (!is_folded()).to_string()
                        aria-label=i18n.fill(Key::GanttFold, &[("subject", &format!("#{} {}", id.0, wp.subject))])
                        on:click=move |_| folded.update(|f| {
                            if !f.remove(&id) {
                                f.insert(id);
                            }
                        })
                    >
                        <span aria-hidden="true">{move || if is_folded() { "▸" } else { "▾" }}</span>
                    </button>
                }
            });
            view! {
                {fold}
                <button type="button" class="tafel-link" tabindex="-1" title=wp.subject.clone() on:click=move |_| on_open.run(id)>
                    {wp.subject.clone()}
                </button>
            }
            .into_any()
        }
        Column::Type => {
            let color = project
                .catalog
                .with_untracked(|c| c.wp_type(wp.wp_type).map(|t| t.color.clone()))
                .unwrap_or_default();
            view! {
                <span class="tafel-card__type-swatch" style:background-color=color aria-hidden="true"></span>
                {text}
            }
            .into_any()
        }
        Column::Assignee | Column::Responsible if text.is_empty() => {
            i18n.t(Key::Unassigned).to_owned().into_any()
        }
        Column::DueDate if overdue => view! {
            {text}
            <span class="tafel-overdue-mark">" ⚠ "{i18n.tr(Key::CardOverdue)}</span>
        }
        .into_any(),
        _ => text.into_any(),
    }
}

/// What a drawn row shows, as one number for the row list's key: a row is drawn again when any
/// value of its work package changes. The lock version alone is not enough: a change still on its
/// way (offline, or waiting for another try) is shown at once without a new lock version.
/// Every field is named (a new one cannot be forgotten) and hashed, not formatted as text: this
/// runs for each drawn row at every step of a scroll.
pub fn drawn_as(wp: &WorkPackage) -> u64 {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let WorkPackage {
        id,
        project,
        subject,
        description,
        wp_type,
        status,
        priority,
        assignee,
        responsible,
        version,
        category,
        parent,
        start_date,
        due_date,
        date,
        duration_days,
        // Not a column of the table.
        derived_dates: _,
        percentage_done,
        estimated_hours,
        schedule_manually,
        lock_version,
        position,
        created_at,
        updated_at,
        permissions,
        custom,
    } = wp;
    let mut hasher = DefaultHasher::new();
    (id, project, subject, description, wp_type, status, priority).hash(&mut hasher);
    (assignee, responsible, version, category, parent).hash(&mut hasher);
    (start_date, due_date, date, duration_days, percentage_done).hash(&mut hasher);
    estimated_hours.map(f64::to_bits).hash(&mut hasher);
    (
        schedule_manually,
        lock_version,
        position,
        created_at,
        updated_at,
    )
        .hash(&mut hasher);
    (permissions, custom).hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{PriorityId, ProjectId, StatusId, TypeId};
    use chrono::{TimeZone, Utc};

    #[test]
    fn a_row_is_drawn_again_for_a_change_not_saved_yet() {
        let at = Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap();
        let saved = WorkPackage::new(
            WorkPackageId(3),
            ProjectId(1),
            TypeId(1),
            StatusId(1),
            PriorityId(1),
            "Design the booking form".to_owned(),
            at,
        );
        let mut edited = saved.clone();
        edited.subject = "Renamed while offline".to_owned();
        assert_eq!(edited.lock_version, saved.lock_version);
        assert_ne!(drawn_as(&edited), drawn_as(&saved));
        assert_eq!(drawn_as(&saved.clone()), drawn_as(&saved));
        let mut estimated = saved.clone();
        estimated.estimated_hours = Some(2.5);
        let mut custom = saved.clone();
        custom
            .custom
            .insert("customField3".to_owned(), "Blue".to_owned());
        let mut denied = saved.clone();
        denied.permissions.update = false;
        for changed in [estimated, custom, denied] {
            assert_ne!(drawn_as(&changed), drawn_as(&saved));
        }
    }
}
