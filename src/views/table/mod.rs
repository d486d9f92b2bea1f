//! The work package table: columns of one's choosing, sorting, grouping with sums, a tree of
//! parents and children, selection with bulk edit, text search and filters, all kept in the URL.

mod bulk;
pub mod cells;
mod grid;
mod import_dialog;
mod inline_edit;
mod layout_menu;
mod row;
mod transfer;

use crate::components::focus::focus_when_drawn;
use crate::components::visible_range::visible_range;
use crate::domain::board_layout::GroupValue;
use crate::domain::list_params::ListParams;
use crate::domain::table_layout::{Column, RowGroup, group_rows};
use crate::domain::{SortField, SubjectRanks, WorkPackage, WorkPackageId, WorkPackageQuery};
use crate::i18n::Key;
use crate::state::prefs::use_i18n;
use crate::state::project::use_project;
use crate::state::url::{use_detail_panel, use_list_params, use_table_layout};
use crate::views::create::{CreateDialog, CreatePreset};
use crate::views::filters::ListFilters;
use leptos::html::Tbody;
use leptos::prelude::*;
use std::collections::{BTreeSet, HashSet};

/// Row height until a row has been measured; close to the real one at the default text size.
const ROW_ESTIMATE: f64 = 38.0;

/// One line of the table body: a group's heading, or a work package (indented in the tree).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Line {
    Group(usize),
    Row {
        id: WorkPackageId,
        depth: u16,
        has_children: bool,
    },
}

/// The lines of the body: built for groups and the tree, or the rows themselves, one plain line
/// each, without a list of 100,000 lines made and compared on every sort.
#[derive(Clone, Copy)]
struct LineList {
    built: Memo<Option<Vec<Line>>>,
    rows: Memo<Vec<WorkPackageId>>,
}

/// The lines as read: built, or one per row.
#[derive(Clone, Copy)]
enum Lines<'a> {
    Built(&'a [Line]),
    Plain(&'a [WorkPackageId]),
}

impl Lines<'_> {
    fn len(self) -> usize {
        match self {
            Self::Built(lines) => lines.len(),
            Self::Plain(ids) => ids.len(),
        }
    }

    fn plain(id: WorkPackageId) -> Line {
        Line::Row {
            id,
            depth: 0,
            has_children: false,
        }
    }

    /// Lines `start..end` (cut to the end).
    fn window(self, start: usize, end: usize) -> Vec<Line> {
        let len = self.len();
        let (start, end) = (start.min(len), end.min(len));
        match self {
            Self::Built(lines) => lines[start..end].to_vec(),
            Self::Plain(ids) => ids[start..end].iter().copied().map(Self::plain).collect(),
        }
    }

    fn iter(self) -> impl Iterator<Item = Line> {
        let (built, plain) = match self {
            Self::Built(lines) => (lines, &[][..]),
            Self::Plain(ids) => (&[][..], ids),
        };
        built
            .iter()
            .copied()
            .chain(plain.iter().copied().map(Self::plain))
    }
}

impl LineList {
    fn with<R>(self, f: impl FnOnce(Lines<'_>) -> R) -> R {
        self.built.with(|built| match built {
            Some(lines) => f(Lines::Built(lines)),
            None => self.rows.with(|ids| f(Lines::Plain(ids))),
        })
    }

    fn with_untracked<R>(self, f: impl FnOnce(Lines<'_>) -> R) -> R {
        self.built.with_untracked(|built| match built {
            Some(lines) => f(Lines::Built(lines)),
            None => self.rows.with_untracked(|ids| f(Lines::Plain(ids))),
        })
    }

    // The method itself is not general over the lifetime `with` lends.
    #[allow(clippy::redundant_closure_for_method_calls)]
    fn len(self) -> usize {
        self.with(|lines| lines.len())
    }
}

/// The ids of the rows in order: ids rather than clones, so that sorting and filtering thousands
/// costs no copying and the memo compares numbers.
fn row_ids(
    params: &ListParams,
    all: &[&WorkPackage],
    catalog: &crate::domain::Catalog,
    ranks: Option<&SubjectRanks>,
) -> Vec<WorkPackageId> {
    let query = WorkPackageQuery {
        filters: params.filters(chrono::Local::now().date_naive()),
        sort: params.sorts(),
        page: 1,
        page_size: u32::MAX,
        subprojects: false,
    };
    query.ids_in_order(all, catalog, ranks)
}

#[component]
pub fn TableView() -> impl IntoView {
    let i18n = use_i18n();
    let project = use_project();
    let list = use_list_params();
    let layout = use_table_layout();
    let detail = use_detail_panel();
    let create = RwSignal::new(None::<CreatePreset>);
    let selection = RwSignal::new(BTreeSet::<WorkPackageId>::new());
    let folded_groups = RwSignal::new(HashSet::<GroupValue>::new());
    let folded_rows = RwSignal::new(HashSet::<WorkPackageId>::new());
    // The order of all subjects, worked out once while the page is idle (below) and again only
    // after a change: a click on the Subject header then places the rows by rank.
    let subject_ranks = Memo::new(move |_| {
        project
            .work_packages
            .with(|m| SubjectRanks::new(&m.values().collect::<Vec<_>>()))
    });
    Effect::new(move || {
        project.work_packages.track();
        request_idle_callback(move || {
            subject_ranks.try_with_untracked(|_| ());
        });
    });
    let rows = Memo::new(move |_| {
        let params = list.value.get();
        let by_subject = params.sort.field == SortField::Subject;
        project.catalog.with(|c| {
            project.work_packages.with(|m| {
                let all = m.values().collect::<Vec<_>>();
                if by_subject {
                    subject_ranks.with(|ranks| row_ids(&params, &all, c, Some(ranks)))
                } else {
                    row_ids(&params, &all, c, None)
                }
            })
        })
    });
    let total = move || project.work_packages.with(std::collections::BTreeMap::len);
    let columns = Memo::new(move |_| layout.value.with(|l| l.columns.clone()));
    let groups = Memo::new(move |_| {
        let Some(by) = layout.value.with(|l| l.group) else {
            return Vec::<RowGroup>::new();
        };
        project.work_packages.with(|all| {
            let shown: Vec<&WorkPackage> =
                rows.with(|ids| ids.iter().filter_map(|id| all.get(id)).collect());
            project.catalog.with(|c| group_rows(&shown, by, c))
        })
    });
    let built = Memo::new(move |_| {
        let (grouped, tree) = layout.value.with(|l| (l.group.is_some(), l.tree));
        if grouped {
            return Some(folded_groups.with(|folded| {
                groups.with(|groups| {
                    let mut lines = Vec::new();
                    for (index, group) in groups.iter().enumerate() {
                        lines.push(Line::Group(index));
                        if !folded.contains(&group.value) {
                            lines.extend(group.ids.iter().map(|id| Line::Row {
                                id: *id,
                                depth: 0,
                                has_children: false,
                            }));
                        }
                    }
                    lines
                })
            }));
        }
        if tree {
            return Some(project.work_packages.with(|all| {
                let shown: Vec<&WorkPackage> =
                    rows.with(|ids| ids.iter().filter_map(|id| all.get(id)).collect());
                folded_rows.with(|folded| {
                    crate::domain::timeline::rows(&shown, folded)
                        .into_iter()
                        .map(|r| Line::Row {
                            id: r.id,
                            depth: r.depth,
                            has_children: r.has_children,
                        })
                        .collect::<Vec<_>>()
                })
            }));
        }
        None
    });
    let lines = LineList { built, rows };
    let grid = grid::Grid {
        active: RwSignal::new(None),
        editing: RwSignal::new(None),
        draft: StoredValue::new(None),
        refused: RwSignal::new(None),
        first_row: Memo::new(move |_| {
            lines.with(|lines| {
                lines.iter().find_map(|line| match line {
                    Line::Row { id, .. } => Some(id),
                    Line::Group(_) => None,
                })
            })
        }),
    };
    provide_context(grid);
    // The tab stop's row deleted, filtered out or folded away: the first row takes the tab stop
    // again, or Tab would find no way into the grid.
    Effect::new(move || {
        let Some((active, _)) = grid.active.get() else {
            return;
        };
        let shown = lines.with(|lines| {
            lines
                .iter()
                .any(|line| matches!(line, Line::Row { id, .. } if id == active))
        });
        if !shown {
            grid.active.set(None);
        }
    });
    // A deleted work package leaves the selection.
    Effect::new(move || {
        project.work_packages.with(|all| {
            if selection.with_untracked(|s| s.iter().any(|id| !all.contains_key(id))) {
                selection.update(|s| s.retain(|id| all.contains_key(id)));
            }
        });
    });

    // Only the lines in the window (and a few around them) exist; a spacer row above and below stands
    // in for the others. The page scrolls, so the window's position over the body decides.
    let body = NodeRef::<Tbody>::new();
    let row = RwSignal::new(ROW_ESTIMATE);
    // (top of the body relative to the window, window height)
    let window_box = RwSignal::new((0.0, 800.0));
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
    // After the toolbar above has been laid out (its filters fill in once the catalog is loaded,
    // the bulk bar comes and goes), the body is found again.
    Effect::new(move || {
        lines.len();
        selection.track();
        if body.get().is_some() {
            request_animation_frame(move || {
                place();
                if has_rows.get_untracked() {
                    measure_row();
                }
            });
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
            lines.len(),
            row.get(),
            (-top).max(0.0),
            height - top.max(0.0),
        )
    });
    // Brings line `index` into the window (the page scrolls); drawing follows from `place`.
    let scroll_to_line = move |index: usize| {
        let (top, height) = window_box.get_untracked();
        #[allow(clippy::cast_precision_loss)]
        let row_top = top + index as f64 * row.get_untracked();
        if row_top < 0.0 || row_top + row.get_untracked() > height {
            let scrolled = window().scroll_y().unwrap_or(0.0);
            window().scroll_to_with_x_and_y(0.0, scrolled + row_top - height / 3.0);
            place();
        }
    };
    // A work package just created is scrolled into view and focused, wherever the sort puts it.
    let reveal = RwSignal::new(None::<WorkPackageId>);
    Effect::new(move || {
        let Some(id) = reveal.get() else {
            return;
        };
        let Some(index) = lines.with(|lines| {
            lines
                .iter()
                .position(|line| matches!(line, Line::Row { id: row, .. } if row == id))
        }) else {
            return;
        };
        reveal.set(None);
        scroll_to_line(index);
        focus_when_drawn(format!("[data-wp-id=\"{}\"] .tafel-link", id.0));
    });
    // Keys of the grid: move the active cell (drawing its row first), open, edit, select.
    let on_grid_key = move |ev: leptos::ev::KeyboardEvent| {
        if grid.editing.get_untracked().is_some() {
            return;
        }
        let Some((id, column)) = grid::cell_of(ev.target()) else {
            return;
        };
        let key = ev.key();
        let shown = columns.get_untracked();
        let field = column.checked_sub(1).and_then(|i| shown.get(i));
        match key.as_str() {
            "Enter" | "F2"
                if field.is_some_and(|f| {
                    project
                        .catalog
                        .with_untracked(|c| inline_edit::editable(f, c))
                }) && (key == "F2" || field != Some(&Column::Subject)) =>
            {
                ev.prevent_default();
                grid.editing.set(Some((id, column)));
                return;
            }
            "Enter" if field == Some(&Column::Subject) => {
                ev.prevent_default();
                detail.set(Some(id));
                return;
            }
            " " => {
                ev.prevent_default();
                selection.update(|s| {
                    if !s.remove(&id) {
                        s.insert(id);
                    }
                });
                return;
            }
            _ => {}
        }
        let rows_at: Vec<(usize, WorkPackageId)> = lines.with_untracked(|lines| {
            lines
                .iter()
                .enumerate()
                .filter_map(|(i, line)| match line {
                    Line::Row { id, .. } => Some((i, id)),
                    Line::Group(_) => None,
                })
                .collect()
        });
        let Some(at) = rows_at.iter().position(|(_, row)| *row == id) else {
            return;
        };
        let ctrl = ev.ctrl_key() || ev.meta_key();
        let Some((to_row, to_column)) =
            grid::step(&key, ctrl, (at, column), rows_at.len(), shown.len())
        else {
            return;
        };
        ev.prevent_default();
        let (line, to) = rows_at[to_row];
        grid.active.set(Some((to, to_column)));
        scroll_to_line(line);
        focus_when_drawn(grid::Grid::selector(to, to_column));
    };
    // The drawn lines with what a line needs; the columns' tokens in the key redraw rows when the
    // columns change.
    // `lines` is read before `range`, which derives from it. An effect checks its sources in the
    // order it first read them: checking `range` first recomputes `lines` on its behalf, and when the
    // window stays the same the effect missed that `lines` changed (reactive_graph 0.2.16). Choosing
    // a grouping after "Include subprojects" on OpenProject drew the old rows so.
    let shown = move || {
        lines.len();
        let (start, end) = range.get();
        let token = columns.with(|c| {
            c.iter()
                .map(|c| c.token().to_owned())
                .collect::<Vec<_>>()
                .join(",")
        });
        let window = lines.with(|lines| lines.window(start, end));
        project.work_packages.with(|all| {
            window
                .into_iter()
                .enumerate()
                .filter_map(|(i, line)| {
                    let wp = match line {
                        Line::Row { id, .. } => Some(all.get(&id)?.clone()),
                        Line::Group(_) => None,
                    };
                    Some((start + i, line, wp, token.clone()))
                })
                .collect::<Vec<_>>()
        })
    };
    let spacer = move |above: bool| {
        let count = lines.len();
        let (start, end) = range.get();
        let hidden = if above {
            start
        } else {
            count.saturating_sub(end)
        };
        #[allow(clippy::cast_precision_loss)]
        let px = hidden as f64 * row.get();
        format!("{px}px")
    };
    let span = move || (columns.with(Vec::len) + 1).to_string();
    let all_selected = move || {
        rows.with(|ids| !ids.is_empty() && selection.with(|s| ids.iter().all(|id| s.contains(id))))
    };
    let some_selected = move || !all_selected() && selection.with(|s| !s.is_empty());
    let tree = move || layout.value.with(|l| l.tree && l.group.is_none());

    view! {
        <section class="tafel-table-view" aria-labelledby="tafel-table-title">
            <h2 id="tafel-table-title" class="tafel-sr-only">
                {move || i18n.fill(Key::TableTitle, &[("project", &project.project.with(|p| p.name.clone()))])}
            </h2>
            <div class="tafel-toolbar">
                <div class="tafel-row">
                    <crate::views::saved_views::SavedViews kind=crate::domain::saved_view::ViewKind::Table/>
                </div>
                <ListFilters list/>
                <layout_menu::LayoutMenu layout/>
                <transfer::TransferMenu rows columns=Signal::from(columns)/>
                <button
                    type="button"
                    class="tafel-button tafel-button--primary"
                    on:click=move |_| create.set(Some(CreatePreset::default()))
                >
                    {i18n.tr(Key::NewWorkPackage)}
                </button>
            </div>
            <p id="tafel-table-sort-help" class="tafel-sr-only">{i18n.tr(Key::TableSortHelp)}</p>
            <p class="tafel-muted" role="status" data-testid="table-count">
                {move || i18n.fill(Key::TableCount, &[("shown", &rows.with(Vec::len).to_string()), ("total", &total().to_string())])}
            </p>
            <bulk::BulkBar selection/>
            <div class="tafel-table-wrap">
                <table
                    class="tafel-table"
                    role="grid"
                    aria-labelledby="tafel-table-title"
                    data-testid="wp-table"
                    aria-rowcount=move || (lines.len() + 1).to_string()
                >
                    <thead>
                        <tr>
                            <th scope="col" class="tafel-table__check">
                                <input
                                    type="checkbox"
                                    data-testid="select-all"
                                    aria-label=move || i18n.t(Key::TableSelectAll)
                                    prop:checked=all_selected
                                    prop:indeterminate=some_selected
                                    on:change=move |ev| {
                                        if event_target_checked(&ev) {
                                            selection.set(rows.get_untracked().into_iter().collect());
                                        } else {
                                            selection.set(BTreeSet::new());
                                        }
                                    }
                                />
                            </th>
                            {move || columns.get().into_iter().map(|column| view! { <row::ColumnHead column list/> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody
                        node_ref=body
                        on:keydown=on_grid_key
                        on:focusin=move |ev| {
                            if let Some(cell) = grid::cell_of(ev.target()) {
                                grid.active.set(Some(cell));
                            }
                        }
                    >
                        <tr class="tafel-table__spacer" aria-hidden="true">
                            <td colspan=span style:height=move || spacer(true)></td>
                        </tr>
                        <For
                            each=shown
                            key=|(index, line, wp, token)| (*index, *line, wp.as_ref().map(row::drawn_as), token.clone())
                            let:entry
                        >
                            {match (entry.1, entry.2) {
                                (Line::Group(index), _) => view! {
                                    <row::GroupRow group=Signal::derive(move || groups.with(|g| g.get(index).cloned())) span folded=folded_groups/>
                                }.into_any(),
                                (Line::Row { depth, has_children, .. }, Some(wp)) => view! {
                                    <row::TableRow
                                        wp
                                        index=entry.0
                                        depth=tree().then_some((depth, has_children))
                                        columns=columns.get_untracked()
                                        selection
                                        folded=folded_rows
                                        on_open=Callback::new(move |id| detail.set(Some(id)))
                                    />
                                }.into_any(),
                                _ => ().into_any(),
                            }}
                        </For>
                        <tr class="tafel-table__spacer" aria-hidden="true">
                            <td colspan=span style:height=move || spacer(false)></td>
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
