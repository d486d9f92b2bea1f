//! Changing dates on the timeline: dragging a bar or its ends, or the keyboard on a focused bar.
//! While a bar is dragged the successors it would push are previewed; on drop (or key press) the
//! whole cascade is planned by the scheduling rules, saved, announced, and kept for undo and redo.

use super::GanttCtx;
use crate::domain::schedule::{Calendar, CycleError, Plan, cascade, critical_path};
use crate::domain::{Relation, WorkPackageId};
use crate::i18n::{Key, format};
use crate::state::project::ProjectState;
use chrono::NaiveDate;
use leptos::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::BTreeSet;
use std::rc::Rc;

type Span = (NaiveDate, NaiveDate);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DragMode {
    Move,
    Start,
    Finish,
}

/// A bar being dragged: where the pointer started and how many whole days it has moved.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BarDrag {
    pub id: WorkPackageId,
    pub mode: DragMode,
    pub pointer_id: i32,
    pub x0: f64,
    pub days: i64,
    /// Past the threshold: a real drag, not a click.
    pub active: bool,
    pub from: Span,
    pub milestone: bool,
}

impl BarDrag {
    /// The dates the dragged bar would get: on working days, a moved bar keeping its length in
    /// working days.
    pub fn target(self, calendar: &Calendar) -> Span {
        moved(calendar, self.from, self.days, self.mode, self.milestone)
    }
}

/// Where a bar goes when dragged (or stepped by the keyboard) `days` calendar days.
pub fn moved(calendar: &Calendar, span: Span, days: i64, mode: DragMode, milestone: bool) -> Span {
    let (start, finish) = span;
    match mode {
        DragMode::Move => calendar.span_moved_by(span, days, milestone),
        DragMode::Start => (calendar.day_moved_by(start, days).min(finish), finish),
        DragMode::Finish => (start, calendar.day_moved_by(finish, days).max(start)),
    }
}

/// One saved change of dates, with what it replaced.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Change {
    pub id: WorkPackageId,
    /// `None` for a work package that had no dates.
    pub before: Option<Span>,
    pub after: Span,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    undo: Vec<Vec<Change>>,
    redo: Vec<Vec<Change>>,
}

impl History {
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}

/// The scheduling graph as last built, and whether the work packages changed since.
#[derive(Default)]
pub struct PlanCache {
    plan: Option<Rc<Plan>>,
    /// The work packages changed since the plan was built: it takes their new dates when nothing
    /// else changed (`Plan::refresh`), or is built anew.
    stale: bool,
}

impl PlanCache {
    /// The relations changed: the plan is built anew when next needed.
    pub fn forget(&mut self) {
        self.plan = None;
    }

    pub fn work_packages_changed(&mut self) {
        self.stale = true;
    }

    /// A plan was built since the Gantt opened (dates are being changed, or a bar has the focus).
    pub fn in_use(&self) -> bool {
        self.plan.is_some()
    }

    fn ready(&self) -> bool {
        self.plan.is_some() && !self.stale
    }
}

/// The scheduling graph of the project as it is now. After a change of dates only, the last one
/// takes the new dates; after any other change it is built again, which took some 30 ms at 10k
/// work packages (`tests/bench/profile.mjs gantt-move`), before the paint of a key press that
/// followed another too fast for the page to be idle in between.
pub fn plan_of(
    project: ProjectState,
    relations: &[Relation],
    cache: StoredValue<PlanCache, LocalStorage>,
) -> Rc<Plan> {
    let (kept, stale) = cache
        .try_update_value(|c| (c.plan.take(), std::mem::take(&mut c.stale)))
        .unwrap_or_default();
    let plan = match kept {
        Some(plan) if !stale => Some(plan),
        Some(mut plan) => project
            .work_packages
            .with_untracked(|wps| {
                Rc::make_mut(&mut plan).refresh(wps.values(), |wp| wp.schedule_manually)
            })
            .then_some(plan),
        None => None,
    };
    let plan = plan.unwrap_or_else(|| {
        Rc::new(project.work_packages.with_untracked(|wps| {
            let manual: HashSet<WorkPackageId> = wps
                .values()
                .filter(|wp| wp.schedule_manually)
                .map(|wp| wp.id)
                .collect();
            Plan::new(wps.values(), relations, &manual)
        }))
    });
    cache.update_value(|c| c.plan = Some(plan.clone()));
    plan
}

/// Builds the scheduling graph while the page is idle, unless it is built already: a key press or a
/// drop needs it, and building it then came before the move's paint (about a third of a keyboard
/// move at 10k in `tests/bench/profile.mjs gantt-move`).
pub fn plan_when_idle(
    project: ProjectState,
    relations: RwSignal<Vec<Relation>>,
    cache: StoredValue<PlanCache, LocalStorage>,
) {
    request_idle_callback(move || {
        // The Gantt may be gone by then.
        if cache.try_with_value(|c| !c.ready()) == Some(true) {
            relations.try_with_untracked(|r| plan_of(project, r, cache));
        }
    });
}

/// What the scheduling rules make of moving `id` to `to`: every work package whose dates change
/// (the moved one first, parents left to the server or the store) and the manually scheduled ones
/// that now start too early, or why it cannot be done.
fn plan(
    plan: &Plan,
    calendar: &Calendar,
    spans: &HashMap<WorkPackageId, Span>,
    id: WorkPackageId,
    to: Span,
) -> Result<(Vec<Change>, Vec<WorkPackageId>), CycleError> {
    let outcome = cascade(plan, &[(id, to.0, to.1)], calendar)?;
    let before = |id: WorkPackageId| spans.get(&id).copied();
    let mut changes = vec![Change {
        id,
        before: before(id),
        after: to,
    }];
    changes.extend(
        outcome
            .changes
            .into_iter()
            .filter(|(changed, ..)| *changed != id)
            .map(|(changed, start, finish)| Change {
                id: changed,
                before: before(changed),
                after: (start, finish),
            }),
    );
    let violated = outcome
        .violations
        .into_iter()
        .filter(|v| *v != id)
        .collect();
    Ok((changes, violated))
}

/// The dates shown while dragging: the bar's and its pushed successors'. Planned again only when the
/// drag crosses into another day.
pub fn preview_memo(
    project: ProjectState,
    spans: Memo<HashMap<WorkPackageId, Span>>,
    cache: StoredValue<PlanCache, LocalStorage>,
    drag: RwSignal<Option<BarDrag>>,
    relations: RwSignal<Vec<Relation>>,
    calendar: RwSignal<Calendar>,
) -> Memo<HashMap<WorkPackageId, Span>> {
    let target = Memo::new(move |_| {
        drag.get()
            .filter(|d| d.active && d.days != 0)
            .map(|d| (d.id, calendar.with_untracked(|c| d.target(c))))
    });
    Memo::new(move |_| {
        let Some((id, to)) = target.get() else {
            return HashMap::default();
        };
        let graph = relations.with_untracked(|r| plan_of(project, r, cache));
        calendar
            .with_untracked(|c| spans.with_untracked(|spans| plan(&graph, c, spans, id, to)))
            .map(|(changes, _)| changes.into_iter().map(|c| (c.id, c.after)).collect())
            .unwrap_or_default()
    })
}

impl GanttCtx {
    /// Whether a work package is on the critical path (no slack).
    pub fn is_critical(self, id: WorkPackageId) -> bool {
        self.critical_set.with(|set| set.contains(&id))
    }

    /// The critical work packages, computed while the highlight is on.
    pub fn critical_memo(self) -> Memo<BTreeSet<WorkPackageId>> {
        Memo::new(move |_| {
            if !self.critical.get() {
                return BTreeSet::new();
            }
            self.project.work_packages.track();
            let graph = self.relations.with(|r| plan_of(self.project, r, self.plan));
            self.calendar
                .with(|calendar| critical_path(&graph, calendar))
                .map(|schedule| schedule.critical)
                .unwrap_or_default()
        })
    }

    /// Says which manually scheduled work packages a change leaves starting too early: they are not
    /// moved (the user scheduled them), only marked.
    fn tell_violated(self, violated: &[WorkPackageId]) {
        for id in violated {
            let text = self
                .i18n
                .fill(Key::GanttViolated, &[("subject", &self.subject(*id))]);
            self.notices.error(text.clone());
            self.announcer.say(text);
        }
    }

    /// Manually scheduled work packages that start before their predecessors allow.
    pub fn violated_memo(self) -> Memo<HashSet<WorkPackageId>> {
        Memo::new(move |_| {
            let calendar = self.calendar.get();
            self.links.with(|links| {
                self.project.work_packages.with(|wps| {
                    self.spans.with(|spans| {
                        links
                            .iter()
                            .filter_map(|(before, after, lag)| {
                                wps.get(after).filter(|wp| wp.schedule_manually)?;
                                let (first, last) = spans.get(before)?;
                                let (start, _) = spans.get(after)?;
                                let earliest = calendar
                                    .add_working_days(calendar.next_working_day(*last), *lag)
                                    .max(*first);
                                (*start < earliest).then_some(*after)
                            })
                            .collect()
                    })
                })
            })
        })
    }

    /// Plans, shows and saves a change of dates; says what moved.
    pub(super) fn commit(self, id: WorkPackageId, to: Span) {
        let graph = self
            .relations
            .with_untracked(|r| plan_of(self.project, r, self.plan));
        let planned = self.calendar.with_untracked(|c| {
            self.spans
                .with_untracked(|spans| plan(&graph, c, spans, id, to))
        });
        let i18n = self.i18n;
        let changes = match planned {
            Ok((changes, violated)) => {
                self.tell_violated(&violated);
                changes
            }
            Err(cycle) => {
                let path: Vec<String> = cycle.path.iter().map(|id| format!("#{id}")).collect();
                let reason = i18n.fill(Key::GanttCycle, &[("path", &path.join(" → "))]);
                self.notices.error(reason.clone());
                self.announcer.say(reason);
                return;
            }
        };
        self.history.update(|h| {
            h.undo.push(changes.clone());
            h.redo.clear();
        });
        self.announce(&changes, i18n);
        self.save(changes, false);
    }

    fn announce(self, changes: &[Change], i18n: crate::state::prefs::I18n) {
        let Some(first) = changes.first() else {
            return;
        };
        let lang = i18n.lang_untracked();
        let subject = self.subject(first.id);
        let mut text = i18n.fill(
            Key::GanttMoved,
            &[
                ("subject", &subject),
                ("start", &format::date(lang, first.after.0)),
                ("finish", &format::date(lang, first.after.1)),
            ],
        );
        if changes.len() > 1 {
            text.push(' ');
            text.push_str(&i18n.count(Key::GanttCascadeOne, Key::GanttCascade, changes.len() - 1));
        }
        self.announcer.say(text.clone());
        if changes.len() > 1 {
            self.notices.success(text);
        }
    }

    /// Gives a work package without dates its first ones: a week of five working days from `start`
    /// (or the working day after it).
    pub fn schedule_undated(self, id: WorkPackageId, start: NaiveDate) {
        let calendar = self.calendar.get_untracked();
        let first = calendar.day_moved_by(start, 0);
        self.commit(id, (first, calendar.add_working_days(first, 4)));
    }

    /// After a new link: the successor (and what follows it) moves to after the predecessor.
    pub fn follow_new_link(self, from: WorkPackageId) {
        let Some(span) = self.spans.with_untracked(|s| s.get(&from).copied()) else {
            return;
        };
        let graph = self
            .relations
            .with_untracked(|r| plan_of(self.project, r, self.plan));
        let Ok((changes, _)) = self.calendar.with_untracked(|c| {
            self.spans
                .with_untracked(|spans| plan(&graph, c, spans, from, span))
        }) else {
            return;
        };
        let pushed: Vec<Change> = changes
            .into_iter()
            .filter(|c| c.before != Some(c.after))
            .collect();
        if !pushed.is_empty() {
            self.history.update(|h| {
                h.undo.push(pushed.clone());
                h.redo.clear();
            });
            self.save(pushed, false);
        }
    }

    /// Sends the changes, the moved work package first; `undoing` sends each one's old dates.
    fn save(self, changes: Vec<Change>, undoing: bool) {
        let actions = self.actions;
        let dates: Vec<(WorkPackageId, Option<Span>)> = changes
            .iter()
            .map(|c| (c.id, if undoing { c.before } else { Some(c.after) }))
            .collect();
        leptos::task::spawn_local(async move {
            let _ = actions.reschedule(dates).await;
        });
    }

    pub fn undo(self) {
        let Some(changes) = self.history.try_update(|h| h.undo.pop()).flatten() else {
            return;
        };
        self.history.update(|h| h.redo.push(changes.clone()));
        let i18n = self.i18n;
        self.announcer
            .say(i18n.count(Key::UndoneOne, Key::Undone, changes.len()));
        self.save(changes, true);
    }

    pub fn redo(self) {
        let Some(changes) = self.history.try_update(|h| h.redo.pop()).flatten() else {
            return;
        };
        self.history.update(|h| h.undo.push(changes.clone()));
        let i18n = self.i18n;
        self.announce(&changes, i18n);
        self.save(changes, false);
    }
}
