//! The Gantt timeline: a tree of the work packages beside their bars, scrolled together in one box.
//! Only the rows in view are drawn, and only the header ticks, weekend shades and arrows of the
//! stretch in view, so the page holds a few hundred elements whatever the number of work packages.

mod arrows;
mod backlog;
mod bar;
mod baseline;
mod editing;
mod export;
mod header;
mod input;
mod links;
mod row;
mod toolbar;

use crate::components::visible_range::visible_range;
use crate::domain::schedule::Calendar;
use crate::domain::timeline::{GanttRow, Scale, Zoom, rows, span};
use crate::domain::{Relation, RelationKind, WorkPackage, WorkPackageId, WorkPackageQuery};
use crate::i18n::Key;
use crate::state::actions::WorkPackageActions;
use crate::state::announcer::Announcer;
use crate::state::notices::Notices;
use crate::state::prefs::{I18n, use_i18n};
use crate::state::project::{ProjectState, use_project};
use crate::state::url::DetailPanelHandle;
use crate::state::url::use_list_params;
use chrono::NaiveDate;
use editing::{BarDrag, History};
use leptos::html::Div;
use leptos::prelude::*;
// FxHash: the maps keyed by work package id are rebuilt on every change (Cargo.toml).
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// Height of a row and of the header, in pixels; fixed, so the rows in view are found by arithmetic.
pub const ROW: f64 = 32.0;
pub const HEADER: f64 = 40.0;
/// The relations the timeline draws and schedules by.
const SCHEDULING: [RelationKind; 2] = [RelationKind::Precedes, RelationKind::Follows];

/// What the Gantt's parts share.
#[derive(Clone, Copy)]
pub struct GanttCtx {
    pub project: ProjectState,
    pub zoom: RwSignal<Zoom>,
    pub scale: Memo<Scale>,
    /// The tree lines shown (filtered, folded).
    pub rows: Memo<Vec<GanttRow>>,
    /// Each row's index, for arrows and keyboard moves.
    pub row_of: Memo<HashMap<WorkPackageId, usize>>,
    /// Days each work package covers; parents cover their children.
    pub spans: Memo<HashMap<WorkPackageId, (NaiveDate, NaiveDate)>>,
    /// Follows/precedes relations, and the same as (predecessor, successor, lag) for drawing.
    pub relations: RwSignal<Vec<Relation>>,
    pub links: Memo<Vec<(WorkPackageId, WorkPackageId, i64)>>,
    /// The scheduling graph, built when first needed after the data changed (`editing::plan_of`).
    pub plan: StoredValue<editing::PlanCache, LocalStorage>,
    pub collapsed: RwSignal<HashSet<WorkPackageId>>,
    pub drag: RwSignal<Option<BarDrag>>,
    /// Dates shown instead of the stored ones while a drag is under way: the bar and what it pushes.
    pub preview: Memo<HashMap<WorkPackageId, (NaiveDate, NaiveDate)>>,
    pub focused: RwSignal<Option<WorkPackageId>>,
    /// The predecessor of a link being made, until its successor is chosen.
    pub linking: RwSignal<Option<WorkPackageId>>,
    /// The link chosen by clicking its arrow or in the links list: (predecessor, successor).
    pub selected_link: RwSignal<Option<(WorkPackageId, WorkPackageId)>>,
    pub history: RwSignal<History>,
    /// (scroll left, scroll top, width, height) of the scrolling box.
    pub viewport: RwSignal<(f64, f64, f64, f64)>,
    /// Width of the tree column.
    pub split: RwSignal<f64>,
    pub critical: RwSignal<bool>,
    /// The days that are worked: weekends off, and on OpenProject its week days and holidays.
    pub calendar: RwSignal<Calendar>,
    pub critical_set: Memo<std::collections::BTreeSet<WorkPackageId>>,
    /// The saved plan to compare with, and whether its bars are drawn.
    pub baseline: RwSignal<Option<crate::domain::baseline::Baseline>>,
    pub show_baseline: RwSignal<bool>,
    /// Manually scheduled work packages starting before their predecessors allow.
    pub violated: Memo<HashSet<WorkPackageId>>,
    pub scroller: NodeRef<Div>,
    /// A day to scroll to once a new zoom is drawn; a bar taking the focus first cancels it.
    pub pending_reveal: StoredValue<Option<NaiveDate>>,
    // Taken at set-up: event handlers run outside the component tree and cannot look contexts up.
    pub actions: WorkPackageActions,
    pub announcer: Announcer,
    pub notices: Notices,
    pub i18n: I18n,
    pub detail: DetailPanelHandle,
}

impl GanttCtx {
    /// The days shown for a work package: its preview while dragging, else its dates.
    pub fn shown_span(self, id: WorkPackageId) -> Option<(NaiveDate, NaiveDate)> {
        self.preview
            .with(|p| p.get(&id).copied())
            .or_else(|| self.spans.with(|s| s.get(&id).copied()))
    }

    /// "#12 Subject", as messages name a work package.
    pub fn subject(self, id: WorkPackageId) -> String {
        self.project
            .get_untracked(id)
            .map(|wp| format!("#{} {}", wp.id, wp.subject))
            .unwrap_or_default()
    }

    /// From the first date to the last of the rows shown (today alone when none has dates).
    pub fn rows_reach(self) -> (NaiveDate, NaiveDate) {
        let today = chrono::Local::now().date_naive();
        self.rows.with_untracked(|rows| {
            self.spans.with_untracked(|spans| {
                rows.iter()
                    .filter_map(|r| spans.get(&r.id))
                    .fold(None, |reach: Option<(NaiveDate, NaiveDate)>, (a, b)| {
                        Some(reach.map_or((*a, *b), |(lo, hi)| (lo.min(*a), hi.max(*b))))
                    })
                    .unwrap_or((today, today))
            })
        })
    }

    /// The rows wholly or partly in view, without the few drawn around them.
    pub fn visible_rows(self) -> (usize, usize) {
        let (_, top, _, height) = self.viewport.get_untracked();
        let len = self.rows.with_untracked(Vec::len);
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let (first, last) = (
            (top / ROW).floor().max(0.0) as usize,
            ((top + height - HEADER) / ROW).ceil().max(0.0) as usize,
        );
        (first.min(len), last.min(len))
    }

    /// Scrolls so that row `index` is in view.
    pub fn reveal_row(self, index: usize) {
        let Some(scroller) = self.scroller.get_untracked() else {
            return;
        };
        let (_, top, _, height) = self.viewport.get_untracked();
        #[allow(clippy::cast_precision_loss)]
        let y = index as f64 * ROW;
        #[allow(clippy::cast_possible_truncation)]
        if y < top {
            scroller.set_scroll_top(y as i32);
        } else if y + ROW > top + height - HEADER {
            scroller.set_scroll_top((y + ROW - (height - HEADER)) as i32);
        }
    }

    /// Scrolls the timeline to a bar that is not wholly in view (a focused bar must be seen).
    pub fn reveal_span(self, id: WorkPackageId) {
        self.pending_reveal.set_value(None);
        let Some((start, finish)) = self.shown_span(id) else {
            return;
        };
        let scale = self.scale.get_untracked();
        // Where the box is scrolled now, not as last measured: a zoom or the first scroll to
        // today may not have been measured yet when a bar takes the focus.
        let (left, width) = self.scroller.get_untracked().map_or_else(
            || {
                let (left, _, width, _) = self.viewport.get_untracked();
                (left, width)
            },
            |el| (f64::from(el.scroll_left()), f64::from(el.client_width())),
        );
        let right = left + width - self.split.get_untracked();
        if scale.x(start) < left || scale.x(finish) + scale.px_per_day > right {
            self.reveal_day(start);
        }
    }

    /// Scrolls to `day` in the next frame, when a new zoom has been drawn, unless a bar was
    /// focused in between: under load that frame can come after the user (or a test) moved on.
    pub fn reveal_day_after_redraw(self, day: NaiveDate) {
        self.pending_reveal.set_value(Some(day));
        request_animation_frame(move || {
            if let Some(day) = self.pending_reveal.try_update_value(Option::take).flatten() {
                self.reveal_day(day);
            }
        });
    }

    /// Scrolls the timeline so that `day` is near the left edge.
    pub fn reveal_day(self, day: NaiveDate) {
        if let Some(scroller) = self.scroller.get_untracked() {
            let x =
                self.scale.get_untracked().x(day) - 3.0 * self.zoom.get_untracked().px_per_day();
            #[allow(clippy::cast_possible_truncation)]
            scroller.set_scroll_left(x.max(0.0) as i32);
        }
    }
}

pub fn use_gantt() -> GanttCtx {
    expect_context::<GanttCtx>()
}

/// Each work package's days; a parent's reach from its earliest to its latest descendant.
fn all_spans(
    wps: &std::collections::BTreeMap<WorkPackageId, WorkPackage>,
) -> HashMap<WorkPackageId, (NaiveDate, NaiveDate)> {
    let merge = |into: &mut (NaiveDate, NaiveDate), (start, finish): (NaiveDate, NaiveDate)| {
        *into = (into.0.min(start), into.1.max(finish));
    };
    let mut spans: HashMap<WorkPackageId, (NaiveDate, NaiveDate)> =
        HashMap::with_capacity_and_hasher(wps.len(), rustc_hash::FxBuildHasher);
    // The reach of each parent's own children first; then each such reach goes up to the
    // parent's ancestors. Only parents look their ancestors up (a lookup per work package and
    // ancestor was a good part of recomputing this after each move, at 10k).
    let mut from_children: HashMap<WorkPackageId, (NaiveDate, NaiveDate)> = HashMap::default();
    for wp in wps.values() {
        let Some(own) = span(wp) else { continue };
        spans.insert(wp.id, own);
        if let Some(parent) = wp.parent {
            merge(from_children.entry(parent).or_insert(own), own);
        }
    }
    let mut derived = from_children.clone();
    for (&id, &reach) in &from_children {
        // Up the ancestors; a broken chain (a cycle in bad data) stops after as many steps as items.
        let mut parent = wps.get(&id).and_then(|p| p.parent);
        let mut steps = 0;
        while let Some(up) = parent.filter(|_| steps < wps.len()) {
            merge(derived.entry(up).or_insert(reach), reach);
            parent = wps.get(&up).and_then(|p| p.parent);
            steps += 1;
        }
    }
    spans.extend(derived);
    spans
}

#[component]
pub fn GanttView() -> impl IntoView {
    let project = use_project();
    let i18n = use_i18n();
    let list = use_list_params();
    let today = chrono::Local::now().date_naive();
    let zoom = RwSignal::new(Zoom::Week);
    let collapsed = RwSignal::new(HashSet::default());
    let spans = Memo::new(move |_| project.work_packages.with(all_spans));
    // The timeline runs from a little before the first date to well after the last.
    let scale = Memo::new(move |_| {
        let first = spans.with(|s| {
            s.values()
                .map(|(a, _)| *a)
                .min()
                .unwrap_or(today)
                .min(today)
        });
        let zoom = zoom.get();
        Scale {
            origin: zoom.unit_start(first - chrono::Days::new(14)),
            px_per_day: zoom.px_per_day(),
        }
    });
    let end = Memo::new(move |_| {
        spans.with(|s| {
            s.values()
                .map(|(_, b)| *b)
                .max()
                .unwrap_or(today)
                .max(today)
        }) + chrono::Days::new(90)
    });
    let rows = Memo::new(move |_| {
        let filters = list.value.with(|p| p.filters(today));
        let query = WorkPackageQuery {
            filters,
            ..WorkPackageQuery::everything()
        };
        collapsed.with(|folded| {
            project.catalog.with(|c| {
                project.work_packages.with(|wps| {
                    let shown: Vec<&WorkPackage> =
                        wps.values().filter(|wp| query.matches(wp, c)).collect();
                    rows(&shown, folded)
                })
            })
        })
    });
    let row_of = Memo::new(move |_| {
        rows.with(|rows| rows.iter().enumerate().map(|(i, r)| (r.id, i)).collect())
    });
    let relations_list = RwSignal::new(Vec::new());
    let links = Memo::new(move |_| relations_list.with(|r| scheduling_links(r)));
    let plan = StoredValue::new_local(editing::PlanCache::default());
    // Once dates are being changed (or a bar has the focus, bar.rs), the graph is made ready again
    // while the page is idle rather than on the next key press or drop. Not before: it holds
    // memory (some 200 bytes a work package) that a user who only looks need not pay for.
    let when_idle = move || {
        if plan.with_value(editing::PlanCache::in_use) {
            editing::plan_when_idle(project, relations_list, plan);
        }
    };
    Effect::new(move || {
        project.work_packages.track();
        plan.update_value(editing::PlanCache::work_packages_changed);
        when_idle();
    });
    Effect::new(move || {
        relations_list.track();
        let in_use = plan.with_value(editing::PlanCache::in_use);
        plan.update_value(editing::PlanCache::forget);
        if in_use {
            editing::plan_when_idle(project, relations_list, plan);
        }
    });
    let backend = crate::state::backend::use_backend();
    let revision = crate::state::backend::use_revision();
    let relations = LocalResource::new(move || {
        revision.0.track();
        project.relations_revision.track();
        let backend = backend.get();
        let id = project.project.with_untracked(|p| p.id);
        async move { backend.relations_in(id, &SCHEDULING).await }
    });
    let notices = crate::state::notices::use_notices();
    Effect::new(move || match relations.get() {
        Some(Ok(list)) => relations_list.set(list),
        Some(Err(error)) => notices.error(crate::state::notices::api_error_text(
            i18n.lang_untracked(),
            &error,
        )),
        None => {}
    });
    let drag = RwSignal::new(None::<BarDrag>);
    let history = RwSignal::new(History::default());
    let viewport = RwSignal::new((0.0, 0.0, 1200.0, 700.0));
    let split = RwSignal::new(320.0);
    let scroller = NodeRef::<Div>::new();
    let calendar = RwSignal::new(Calendar::weekends());
    let working_days = LocalResource::new(move || {
        let backend = backend.get();
        async move { backend.working_days().await }
    });
    Effect::new(move || match working_days.get() {
        Some(Ok(days)) => calendar.set(days),
        Some(Err(error)) => notices.error(crate::state::notices::api_error_text(
            i18n.lang_untracked(),
            &error,
        )),
        None => {}
    });
    let preview = editing::preview_memo(project, spans, plan, drag, relations_list, calendar);
    let ctx = GanttCtx {
        project,
        zoom,
        scale,
        rows,
        row_of,
        spans,
        relations: relations_list,
        links,
        plan,
        collapsed,
        drag,
        preview,
        focused: RwSignal::new(None),
        linking: RwSignal::new(None),
        selected_link: RwSignal::new(None),

        history,
        viewport,
        split,
        critical: RwSignal::new(false),
        calendar,
        critical_set: Memo::new(|_| std::collections::BTreeSet::new()),
        baseline: RwSignal::new(crate::api::baseline_store::load(
            &backend.get().scope(),
            project.project.with_untracked(|p| p.id),
        )),
        show_baseline: RwSignal::new(false),
        violated: Memo::new(|_| HashSet::default()),
        scroller,
        pending_reveal: StoredValue::new(None),
        actions: crate::state::actions::use_actions(),
        announcer: crate::state::announcer::use_announcer(),
        notices,
        i18n,
        detail: crate::state::url::use_detail_panel(),
    };
    let ctx = GanttCtx {
        critical_set: ctx.critical_memo(),
        violated: ctx.violated_memo(),
        ..ctx
    };
    provide_context(ctx);

    let measure = move || {
        if let Some(el) = scroller.get_untracked() {
            viewport.set((
                f64::from(el.scroll_left()),
                f64::from(el.scroll_top()),
                f64::from(el.client_width()),
                f64::from(el.client_height()),
            ));
        }
    };
    Effect::new(move || {
        if scroller.get().is_some() {
            measure();
            ctx.reveal_day(today - chrono::Days::new(7));
            measure();
        }
    });
    let on_resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || on_resize.remove());

    let range = Memo::new(move |_| {
        let (_, top, _, height) = viewport.get();
        visible_range(rows.with(Vec::len), ROW, top, height - HEADER)
    });
    let shown = Memo::new(move |_| {
        let (start, stop) = range.get();
        rows.with(|rows| {
            rows[start.min(rows.len())..stop.min(rows.len())]
                .iter()
                .enumerate()
                .map(|(i, row)| (start + i, *row))
                .collect::<Vec<_>>()
        })
    });
    // A row's place changes when one above it comes or goes (or the manual order changes): it
    // keeps its element, so a focused bar keeps the focus and the keys typed on it.
    let place = move |id: WorkPackageId, drawn_at: usize| {
        Signal::derive(move || {
            ctx.row_of
                .with(|rows| rows.get(&id).copied().unwrap_or(drawn_at))
        })
    };
    let width = move || split.get() + scale.get().x(end.get());
    #[allow(clippy::cast_precision_loss)]
    let height = move || HEADER + rows.with(Vec::len) as f64 * ROW;

    view! {
        <section
            class="tafel-gantt"
            aria-labelledby="tafel-gantt-title"
            style:--tafel-gantt-split=move || format!("{}px", split.get())
            on:keydown=move |ev| ctx.on_history_key(&ev)
        >
            <h2 id="tafel-gantt-title" class="tafel-sr-only">
                {move || i18n.fill(Key::GanttTitle, &[("project", &project.project.with(|p| p.name.clone()))])}
            </h2>
            <p id="tafel-gantt-help" class="tafel-sr-only">{i18n.tr(Key::GanttInstructions)}</p>
            <toolbar::GanttToolbar list/>
            <backlog::Backlog/>
            <div
                class="tafel-gantt__scroll"
                node_ref=scroller
                data-testid="gantt"
                on:scroll=move |_| measure()
            >
                <div
                    class="tafel-gantt__canvas"
                    class:tafel-gantt__canvas--dragging=move || drag.with(|d| d.is_some_and(|d| d.active))
                    style:width=move || format!("{}px", width())
                    style:height=move || format!("{}px", height())
                >
                    <header::TimelineHeader/>
                    <header::TimelineShades/>
                    <arrows::Arrows range/>
                    <div role="list" aria-label=move || i18n.t(Key::GanttRows)>
                        <For each=move || shown.get() key=|(_, row)| (row.id, row.depth, row.has_children) let:entry>
                            <row::GanttRowView index=place(entry.1.id, entry.0) row=entry.1/>
                        </For>
                    </div>
                </div>
            </div>
            <Show when=move || rows.with(Vec::is_empty)>
                <p class="tafel-empty">{i18n.tr(Key::TableEmpty)}</p>
            </Show>
        </section>
    }
}

/// Follows/precedes as (predecessor, successor, lag), each pair once.
fn scheduling_links(relations: &[Relation]) -> Vec<(WorkPackageId, WorkPackageId, i64)> {
    let mut links: Vec<(WorkPackageId, WorkPackageId, i64)> = relations
        .iter()
        .filter_map(|r| {
            let lag = i64::from(r.lag.unwrap_or(0));
            match r.kind {
                RelationKind::Precedes => Some((r.from, r.to, lag)),
                RelationKind::Follows => Some((r.to, r.from, lag)),
                _ => None,
            }
        })
        .collect();
    links.sort_unstable_by_key(|(a, b, _)| (a.0, b.0));
    links.dedup_by_key(|(a, b, _)| (*a, *b));
    links
}

#[cfg(test)]
mod tests {
    use super::all_spans;
    use crate::domain::{WorkPackage, WorkPackageId};
    use chrono::NaiveDate;
    use std::collections::BTreeMap;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn wp(id: u64, parent: Option<u64>, dates: Option<(u32, u32)>) -> WorkPackage {
        WorkPackage {
            parent: parent.map(WorkPackageId),
            start_date: dates.map(|(s, _)| day(s)),
            due_date: dates.map(|(_, f)| day(f)),
            ..crate::domain::work_package::plain(id)
        }
    }

    #[test]
    fn a_parent_reaches_from_its_earliest_to_its_latest_descendant_at_any_depth() {
        // 1 ⊃ 2 ⊃ {3, 4}; 1 ⊃ 5; 6 alone; 7 a parent whose only child has no dates.
        let wps: BTreeMap<_, _> = [
            wp(1, None, Some((20, 21))),
            wp(2, Some(1), None),
            wp(3, Some(2), Some((10, 12))),
            wp(4, Some(2), Some((16, 18))),
            wp(5, Some(1), Some((23, 27))),
            wp(6, None, Some((2, 3))),
            wp(7, None, Some((4, 5))),
            wp(8, Some(7), None),
        ]
        .into_iter()
        .map(|w| (w.id, w))
        .collect();
        let spans = all_spans(&wps);
        let of = |id| spans.get(&WorkPackageId(id)).copied();
        assert_eq!(of(2), Some((day(10), day(18))));
        assert_eq!(
            of(1),
            Some((day(10), day(27))),
            "its own dates give way to its descendants'"
        );
        assert_eq!(of(3), Some((day(10), day(12))));
        assert_eq!(of(6), Some((day(2), day(3))));
        assert_eq!(
            of(7),
            Some((day(4), day(5))),
            "no dated descendant: its own dates"
        );
        assert_eq!(of(8), None);
    }

    #[test]
    fn a_cycle_of_parents_in_bad_data_ends() {
        let wps: BTreeMap<_, _> = [wp(1, Some(2), Some((2, 3))), wp(2, Some(1), Some((5, 6)))]
            .into_iter()
            .map(|w| (w.id, w))
            .collect();
        let spans = all_spans(&wps);
        assert_eq!(spans.get(&WorkPackageId(1)), Some(&(day(2), day(6))));
    }
}
