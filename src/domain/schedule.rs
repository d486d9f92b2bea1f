//! Automatic scheduling the way OpenProject does it: successors follow their predecessors in working
//! days, parents span their children, and the critical path shows where a delay moves the project's end.
//!
//! Everything works on a [`Plan`], a dense copy of the dates and links, because a drag on the Gantt chart
//! cascades through thousands of items on every pointer move and hash lookups per edge would dominate.
//! The plan's graph has two nodes per item: *start* (when it may begin: after its predecessors and its
//! parent's predecessors) and *finish* (its dates: its own for a leaf, its children's span for a parent).
//! So one topological order serves both pushing successors and deriving parents, and a relation between
//! an item and its own ancestor shows up as the cycle it is (OpenProject refuses those too).

use super::ids::WorkPackageId;
use super::relation::{Relation, RelationKind};
use super::work_package::WorkPackage;
use chrono::{Datelike, Days, NaiveDate};
use rustc_hash::FxHashMap;
use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;
use std::hash::BuildHasher;

type Span = (NaiveDate, NaiveDate);

/// Which days count as work. Durations and lags are in working days, so every date calculation asks this.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    /// Indexed by `Weekday::num_days_from_monday`.
    non_working_weekdays: [bool; 7],
    holidays: BTreeSet<NaiveDate>,
    /// The holidays that fall on working weekdays, sorted: counting them in a range is then two binary
    /// searches, not a walk over every holiday in it (a critical path counts across years per item).
    counted_holidays: Vec<NaiveDate>,
}

impl Default for Calendar {
    fn default() -> Self {
        Self::weekends()
    }
}

impl Calendar {
    /// Saturdays and Sundays off and no holidays: what `dates` assumes and what OpenProject ships with.
    pub fn weekends() -> Self {
        let mut non_working_weekdays = [false; 7];
        non_working_weekdays[5] = true;
        non_working_weekdays[6] = true;
        Self {
            non_working_weekdays,
            holidays: BTreeSet::new(),
            counted_holidays: Vec::new(),
        }
    }

    /// `None` when every weekday is off: no working day would ever come, and counting would not end.
    pub fn new(
        non_working_weekdays: [bool; 7],
        holidays: impl IntoIterator<Item = NaiveDate>,
    ) -> Option<Self> {
        let no_holidays = Self {
            non_working_weekdays,
            ..Self::weekends()
        };
        (!non_working_weekdays.iter().all(|&off| off)).then(|| no_holidays.with_holidays(holidays))
    }

    #[must_use]
    pub fn with_holidays(mut self, holidays: impl IntoIterator<Item = NaiveDate>) -> Self {
        self.holidays.extend(holidays);
        // Holidays on a weekend are already days off; counting them again would lose a working day.
        let counted = self
            .holidays
            .iter()
            .filter(|&&day| self.works_on_weekday(day));
        self.counted_holidays = counted.copied().collect();
        self
    }

    fn works_on_weekday(&self, day: NaiveDate) -> bool {
        self.works_on(weekday_index(day))
    }

    /// Counting by weekday index (any integer, taken modulo 7) saves making a date for every step.
    fn works_on(&self, weekday_index: i64) -> bool {
        let index = usize::try_from(weekday_index.rem_euclid(7)).unwrap_or(0);
        !self.non_working_weekdays[index]
    }

    pub fn is_working(&self, day: NaiveDate) -> bool {
        self.works_on_weekday(day) && !self.holidays.contains(&day)
    }

    fn working_weekdays_per_week(&self) -> i64 {
        count(
            self.non_working_weekdays
                .iter()
                .filter(|&&off| !off)
                .count(),
        )
    }

    fn holidays_before(&self, day: NaiveDate) -> i64 {
        count(
            self.counted_holidays
                .partition_point(|&holiday| holiday < day),
        )
    }

    /// `n` working weekdays away from `from`, holidays ignored: whole weeks at once, then at most a week
    /// day by day, so a ten-year lag costs the same as a one-day lag.
    fn step_weekdays(&self, from: NaiveDate, n: i64) -> NaiveDate {
        let per_week = self.working_weekdays_per_week();
        let weeks = (n.abs() - 1) / per_week;
        let mut left = n.abs() - weeks * per_week;
        let (first, mut offset) = (weekday_index(from), 0);
        while left > 0 {
            offset += n.signum();
            if self.works_on(first + offset) {
                left -= 1;
            }
        }
        shift(from, n.signum() * 7 * weeks + offset)
    }

    /// The working day `n` working days after `from` (before it when `n` is negative), `from` not counted.
    /// `n == 0` gives `from` when it is a working day and otherwise the next one, so that placing
    /// something "zero days after" a day never lands it on a day off.
    pub fn add_working_days(&self, from: NaiveDate, n: i64) -> NaiveDate {
        if n == 0 {
            return if self.is_working(from) {
                from
            } else {
                self.add_working_days(from, 1)
            };
        }
        let (mut day, mut left) = (from, n);
        loop {
            let next = self.step_weekdays(day, left);
            // Holidays passed on the way were counted as work: walk on by as many, until none is passed.
            let skipped = if left > 0 {
                self.holidays_before(shift(next, 1)) - self.holidays_before(shift(day, 1))
            } else {
                self.holidays_before(day) - self.holidays_before(next)
            };
            if skipped == 0 || next == day {
                return next;
            }
            day = next;
            left = left.signum() * skipped;
        }
    }

    /// Strictly after `after`: a successor never starts on its predecessor's last day.
    pub fn next_working_day(&self, after: NaiveDate) -> NaiveDate {
        self.add_working_days(after, 1)
    }

    /// Working days from `start` to `end_inclusive`, both counted; 0 for an empty range, because a
    /// length is never negative (use [`Calendar::working_days_from`] for a signed distance).
    pub fn working_days(&self, start: NaiveDate, end_inclusive: NaiveDate) -> i64 {
        if end_inclusive < start {
            return 0;
        }
        let days = (end_inclusive - start).num_days() + 1;
        let (weeks, first) = (days / 7, weekday_index(start));
        let partial = (0..days % 7)
            .filter(|&offset| self.works_on(first + offset))
            .count();
        weeks * self.working_weekdays_per_week() + count(partial)
            - (self.holidays_before(shift(end_inclusive, 1)) - self.holidays_before(start))
    }

    /// How many working days `to` lies after `from`, negative when before: the amount a dragged bar moved,
    /// so that its children can move by the same. For working days,
    /// `add_working_days(from, working_days_from(from, to)) == to`.
    pub fn working_days_from(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        match to.cmp(&from) {
            Ordering::Greater => self.working_days(shift(from, 1), to),
            Ordering::Less => -self.working_days(to, shift(from, -1)),
            Ordering::Equal => 0,
        }
    }

    /// The first working day after the predecessor's finish, moved by `lag`. A negative lag lets the two
    /// overlap, but never reverses them: the successor does not start before its predecessor does.
    fn earliest_start_after(&self, (start, finish): Span, lag: i64) -> NaiveDate {
        let after = self.add_working_days(self.next_working_day(finish), lag);
        after.max(self.add_working_days(start, 0))
    }

    /// The day itself if it is a working day, else the working day before it: where work that
    /// "ends" on a weekend really ends.
    fn on_or_before(&self, day: NaiveDate) -> NaiveDate {
        if self.is_working(day) {
            day
        } else {
            self.add_working_days(day, -1)
        }
    }

    /// A day moved by `days` calendar days (a drag, an arrow key) and, if that is not a working
    /// day, on to the next one in the direction of the move, so a step always gets somewhere.
    pub fn day_moved_by(&self, day: NaiveDate, days: i64) -> NaiveDate {
        let moved = shift(day, days);
        match (self.is_working(moved), days < 0) {
            (true, _) => moved,
            (false, true) => self.add_working_days(moved, -1),
            (false, false) => self.next_working_day(moved),
        }
    }

    /// A whole bar moved by `days`: its start as [`Calendar::day_moved_by`], its length in working
    /// days kept, as OpenProject moves work.
    pub fn span_moved_by(&self, span: Span, days: i64, milestone: bool) -> Span {
        self.place(span, self.day_moved_by(span.0, days), milestone)
    }

    /// Moving an item keeps the work it holds, i.e. its length in working days; a milestone stays a day.
    fn place(&self, (start, finish): Span, new_start: NaiveDate, milestone: bool) -> Span {
        if milestone {
            return (new_start, new_start);
        }
        let length = self.working_days(start, finish).max(1);
        (new_start, self.add_working_days(new_start, length - 1))
    }
}

/// Saturates at the ends of chrono's calendar instead of panicking; nothing real is scheduled there.
fn shift(day: NaiveDate, days: i64) -> NaiveDate {
    let by = Days::new(days.unsigned_abs());
    let moved = if days < 0 {
        day.checked_sub_days(by)
    } else {
        day.checked_add_days(by)
    };
    moved.unwrap_or(day)
}

fn weekday_index(day: NaiveDate) -> i64 {
    i64::from(day.weekday().num_days_from_monday())
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

#[derive(Debug, Clone)]
struct Item {
    id: WorkPackageId,
    parent: Option<usize>,
    /// Both ends or nothing: an item with only a start has no finish to push anything from.
    dates: Option<Span>,
    milestone: bool,
    manual: bool,
}

/// A work package's days as scheduling sees them: a milestone's one day, or both ends of a task.
fn dates_of(wp: &WorkPackage) -> Option<Span> {
    match (wp.date, wp.start_date, wp.due_date) {
        (Some(day), _, _) => Some((day, day)),
        (None, Some(start), Some(due)) => Some((start, due)),
        _ => None,
    }
}

/// Work packages with the parts scheduling needs, indexed densely so a cascade touches only vectors.
#[derive(Debug, Clone)]
pub struct Plan {
    items: Vec<Item>,
    index: FxHashMap<WorkPackageId, usize>,
    /// `(successor, lag)` per item; only `precedes`/`follows` relations schedule anything.
    successors: Vec<Vec<(usize, i64)>>,
    predecessors: Vec<Vec<(usize, i64)>>,
    children: Vec<Vec<usize>>,
    /// Computed once, since every cascade over the same plan (one per pointer move) walks the same order.
    order: Result<Vec<usize>, CycleError>,
}

/// Scheduling relations that close a loop, item by item; the last one leads back to the first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CycleError {
    pub path: Vec<WorkPackageId>,
}

impl fmt::Display for CycleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("work packages depend on each other in a circle:")?;
        for id in self.path.iter().chain(self.path.first()) {
            write!(f, " #{id}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CycleError {}

impl Plan {
    /// `manual` names the manually scheduled items (the work package has no scheduling mode yet). Links to
    /// items not given, duplicate ids and non-scheduling relations are left out rather than refused,
    /// because a plan is often built from one page of a larger project.
    pub fn new<'a, S: BuildHasher>(
        work_packages: impl IntoIterator<Item = &'a WorkPackage>,
        relations: impl IntoIterator<Item = &'a Relation>,
        manual: &HashSet<WorkPackageId, S>,
    ) -> Self {
        let (mut items, mut index, mut parents) = (Vec::new(), FxHashMap::default(), Vec::new());
        for wp in work_packages {
            if index.contains_key(&wp.id) {
                continue;
            }
            index.insert(wp.id, items.len());
            parents.push(wp.parent);
            let (id, milestone, manual) = (wp.id, wp.date.is_some(), manual.contains(&wp.id));
            items.push(Item {
                id,
                parent: None,
                dates: dates_of(wp),
                milestone,
                manual,
            });
        }
        let n = items.len();
        let mut children = vec![Vec::new(); n];
        for (child, parent) in parents.into_iter().enumerate() {
            if let Some(&parent) = parent.and_then(|p| index.get(&p)) {
                items[child].parent = Some(parent);
                children[parent].push(child);
            }
        }
        let (mut successors, mut predecessors) = (vec![Vec::new(); n], vec![Vec::new(); n]);
        for relation in relations {
            let (before, after) = match relation.kind {
                RelationKind::Precedes => (relation.from, relation.to),
                RelationKind::Follows => (relation.to, relation.from),
                _ => continue,
            };
            if let (Some(&p), Some(&s)) = (index.get(&before), index.get(&after)) {
                let lag = i64::from(relation.lag.unwrap_or(0));
                successors[p].push((s, lag));
                predecessors[s].push((p, lag));
            }
        }
        let mut plan = Self {
            items,
            index,
            successors,
            predecessors,
            children,
            order: Ok(Vec::new()),
        };
        plan.order = plan.topological_order();
        plan
    }

    /// Takes the dates of `work_packages` when nothing else the plan is made of changed since it was
    /// built: the same work packages, each with the same parent, kind (milestone or not) and
    /// scheduling mode (`manual`). The relations are the caller's to compare. Returns false and
    /// changes nothing otherwise; the plan must then be built anew. A change of dates (a move, a
    /// save confirmed, another tab's edit) is the usual change, and building the plan anew took
    /// some 30 ms at 10k work packages, in the way of a keyboard move's paint.
    pub fn refresh<'a>(
        &mut self,
        work_packages: impl IntoIterator<Item = &'a WorkPackage>,
        manual: impl Fn(&WorkPackage) -> bool,
    ) -> bool {
        let mut dates: Vec<Option<Option<Span>>> = vec![None; self.items.len()];
        for wp in work_packages {
            let Some(&x) = self.index.get(&wp.id) else {
                return false;
            };
            let item = &self.items[x];
            let parent = wp.parent.and_then(|p| self.index.get(&p).copied());
            if dates[x].is_some()
                || item.parent != parent
                || item.milestone != wp.date.is_some()
                || item.manual != manual(wp)
            {
                return false;
            }
            dates[x] = Some(dates_of(wp));
        }
        if dates.iter().any(Option::is_none) {
            return false;
        }
        for (item, new) in self.items.iter_mut().zip(dates) {
            item.dates = new.flatten();
        }
        true
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn dates(&self, id: WorkPackageId) -> Option<(NaiveDate, NaiveDate)> {
        self.index.get(&id).and_then(|&x| self.items[x].dates)
    }

    /// Takes over a cascade's outcome, so the next drag starts from where the last one ended.
    pub fn apply(&mut self, cascade: &Cascade) {
        for &(id, start, finish) in cascade.changes.iter().chain(&cascade.parents) {
            if let Some(&x) = self.index.get(&id) {
                self.items[x].dates = Some((start, finish));
            }
        }
    }

    /// A manually scheduled parent keeps its own dates, as in OpenProject.
    fn derives(&self, x: usize) -> bool {
        !self.children[x].is_empty() && !self.items[x].manual
    }

    /// Nodes `0..n` are starts, `n..2n` finishes (see the module comment).
    fn each_next(&self, node: usize, mut visit: impl FnMut(usize)) {
        let n = self.items.len();
        if node < n {
            if self.children[node].is_empty() {
                visit(n + node);
            }
            self.children[node].iter().for_each(|&child| visit(child));
        } else {
            let x = node - n;
            self.successors[x].iter().for_each(|&(s, _)| visit(s));
            if let Some(parent) = self.items[x].parent {
                visit(n + parent);
            }
        }
    }

    fn topological_order(&self) -> Result<Vec<usize>, CycleError> {
        let nodes = 2 * self.items.len();
        let mut waiting = vec![0_usize; nodes];
        for node in 0..nodes {
            self.each_next(node, |next| waiting[next] += 1);
        }
        let mut ready: Vec<usize> = (0..nodes).filter(|&node| waiting[node] == 0).collect();
        let mut order = Vec::with_capacity(nodes);
        while let Some(node) = ready.pop() {
            order.push(node);
            self.each_next(node, |next| {
                waiting[next] -= 1;
                if waiting[next] == 0 {
                    ready.push(next);
                }
            });
        }
        if order.len() == nodes {
            Ok(order)
        } else {
            Err(self.cycle_among(&waiting))
        }
    }

    /// Every node still waiting has a waiting node before it, so walking backwards must come round.
    fn cycle_among(&self, waiting: &[usize]) -> CycleError {
        let mut before = vec![None; waiting.len()];
        for node in (0..waiting.len()).filter(|&node| waiting[node] > 0) {
            self.each_next(node, |next| {
                if waiting[next] > 0 && before[next].is_none() {
                    before[next] = Some(node);
                }
            });
        }
        let mut seen_at = vec![None; waiting.len()];
        let mut walk = Vec::new();
        let mut node = waiting.iter().position(|&w| w > 0).unwrap_or(0);
        while seen_at[node].is_none() {
            seen_at[node] = Some(walk.len());
            walk.push(node);
            node = before[node].unwrap_or(node);
        }
        let n = self.items.len();
        let mut path: Vec<WorkPackageId> = Vec::new();
        for &node in walk[seen_at[node].unwrap_or(0)..].iter().rev() {
            let id = self.items[node % n].id;
            if path.last() != Some(&id) {
                path.push(id);
            }
        }
        if path.len() > 1 && path.first() == path.last() {
            path.pop();
        }
        let lowest = (0..path.len()).min_by_key(|&i| path[i]).unwrap_or(0);
        path.rotate_left(lowest);
        CycleError { path }
    }
}

/// What a move does to the rest of the plan, ready to be shown as a preview or sent as updates.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cascade {
    /// Moved and pushed items whose dates differ from the plan, parents excluded.
    pub changes: Vec<(WorkPackageId, NaiveDate, NaiveDate)>,
    /// Manually scheduled (or explicitly moved) items that now start before their predecessors allow.
    pub violations: Vec<WorkPackageId>,
    /// Parents whose derived dates differ from the plan.
    pub parents: Vec<(WorkPackageId, NaiveDate, NaiveDate)>,
}

/// Puts the `moved` items where the person put them, then lets the rest follow. Only what lies after a
/// move in the graph is touched, so old slack elsewhere in the plan survives. Moving a parent moves its
/// dated descendants by the same number of working days; a moved child overrides that. Unknown ids are
/// skipped. A moved item stays where it was put even if that is too early; it is then a violation.
pub fn cascade(
    plan: &Plan,
    moved: &[(WorkPackageId, NaiveDate, NaiveDate)],
    calendar: &Calendar,
) -> Result<Cascade, CycleError> {
    let n = plan.len();
    let mut dates: Vec<Option<Span>> = plan.items.iter().map(|item| item.dates).collect();
    let (mut pinned, mut changed) = (vec![false; n], vec![false; n]);
    let known = moved
        .iter()
        .filter_map(|&(id, start, finish)| plan.index.get(&id).map(|&x| (x, start, finish)));
    let (parents, leaves): (Vec<_>, Vec<_>) = known.partition(|&(x, _, _)| plan.derives(x));
    for (x, start, _) in parents {
        let Some((old_start, _)) = dates[x] else {
            continue;
        };
        let delta = calendar.working_days_from(old_start, start);
        let mut below = plan.children[x].clone();
        while let Some(d) = below.pop() {
            below.extend(&plan.children[d]);
            if let Some(span) = dates[d].filter(|_| delta != 0 && !plan.derives(d)) {
                let start = calendar.add_working_days(span.0, delta);
                dates[d] = Some(calendar.place(span, start, plan.items[d].milestone));
                (pinned[d], changed[d]) = (true, true);
            }
        }
    }
    for (x, start, finish) in leaves {
        let finish = if plan.items[x].milestone {
            start
        } else {
            finish
        };
        dates[x] = Some((start, finish));
        (pinned[x], changed[x]) = (true, true);
    }
    let violations = reschedule(plan, calendar, &mut dates, &mut changed, &pinned, false)?;
    let mut result = Cascade {
        violations: violations.into_iter().map(|x| plan.items[x].id).collect(),
        ..Cascade::default()
    };
    for (x, item) in plan.items.iter().enumerate() {
        if let Some((start, finish)) = dates[x].filter(|&span| item.dates != Some(span)) {
            let list = if plan.derives(x) {
                &mut result.parents
            } else {
                &mut result.changes
            };
            list.push((item.id, start, finish));
        }
    }
    Ok(result)
}

/// The pass shared by [`cascade`] and [`critical_path`]: walks the plan in order and sets every
/// automatic item that is `changed` upstream (or every one, with `everything`) to its earliest start.
/// An item with predecessors starts exactly then, earlier or later than before, as OpenProject keeps
/// successors tight. Returns the manual and pinned items that start too early, in plan order.
fn reschedule(
    plan: &Plan,
    calendar: &Calendar,
    dates: &mut [Option<Span>],
    changed: &mut [bool],
    pinned: &[bool],
    everything: bool,
) -> Result<Vec<usize>, CycleError> {
    let order = plan.order.as_ref().map_err(Clone::clone)?;
    let n = plan.len();
    let mut required: Vec<Option<NaiveDate>> = vec![None; n];
    let mut affected = vec![everything; n];
    let mut violations = Vec::new();
    for &node in order {
        let x = node % n;
        let item = &plan.items[x];
        if node < n {
            // Children of an automatic parent also wait for the parent's predecessors.
            let inherited = item.parent.filter(|&p| !plan.items[p].manual);
            affected[x] |= plan.predecessors[x].iter().any(|&(p, _)| changed[p])
                || inherited.is_some_and(|p| affected[p]);
            if affected[x] || pinned[x] {
                required[x] = plan.predecessors[x]
                    .iter()
                    .filter_map(|&(p, lag)| {
                        dates[p].map(|span| calendar.earliest_start_after(span, lag))
                    })
                    .chain(inherited.and_then(|p| required[p]))
                    .max();
            }
        } else if plan.derives(x) {
            if everything || plan.children[x].iter().any(|&c| changed[c]) {
                let span = children_span(plan, x, dates);
                if span.is_some() && span != dates[x] {
                    (dates[x], changed[x]) = (span, true);
                }
            }
        } else if pinned[x] || item.manual {
            let too_early = matches!((required[x], dates[x]), (Some(r), Some((s, _))) if s < r);
            if too_early && (affected[x] || pinned[x]) {
                violations.push(x);
            }
        } else if let (true, Some(earliest), Some(span)) = (affected[x], required[x], dates[x]) {
            let placed = calendar.place(span, earliest, item.milestone);
            if placed != span {
                (dates[x], changed[x]) = (Some(placed), true);
            }
        }
    }
    violations.sort_unstable();
    Ok(violations)
}

fn children_span(plan: &Plan, parent: usize, dates: &[Option<Span>]) -> Option<Span> {
    plan.children[parent]
        .iter()
        .filter_map(|&child| dates[child])
        .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)))
}

/// Every automatically scheduled parent's dates from its descendants: earliest start, latest finish.
/// Deepest parents first, so a grandparent sees its children's derived dates. Parents with no dated
/// descendant are left out. Needs no relations, so it also works on a plan with a cycle.
pub fn derived_parent_dates(plan: &Plan) -> Vec<(WorkPackageId, NaiveDate, NaiveDate)> {
    let depth = |mut x: usize| {
        let mut depth = 0;
        while let Some(parent) = plan.items[x].parent.filter(|_| depth <= plan.len()) {
            (x, depth) = (parent, depth + 1);
        }
        depth
    };
    let mut parents: Vec<usize> = (0..plan.len()).filter(|&x| plan.derives(x)).collect();
    parents.sort_by_key(|&x| Reverse(depth(x)));
    let mut dates: Vec<Option<Span>> = plan.items.iter().map(|item| item.dates).collect();
    let mut derived = Vec::new();
    for x in parents {
        if let Some(span) = children_span(plan, x, &dates) {
            dates[x] = Some(span);
            derived.push((plan.items[x].id, span.0, span.1));
        }
    }
    derived.sort_unstable();
    derived
}

/// How much each item may slip without moving the project's end.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Schedule {
    /// Total slack in working days per dated item; negative where the plan is already too tight.
    pub slack: HashMap<WorkPackageId, i64>,
    /// Items with no slack (or less): a delay on any of them delays the end.
    pub critical: BTreeSet<WorkPackageId>,
    /// The latest finish of all items: the end the slack is measured against.
    pub project_end: Option<NaiveDate>,
}

/// Forward pass: every automatic item at its earliest start (manual ones where they are). Backward
/// pass: the latest start that still lets every successor, and the project's end, keep their latest
/// dates. Slack is the distance between the two. Undated items are ignored: they neither constrain nor
/// get slack.
pub fn critical_path(plan: &Plan, calendar: &Calendar) -> Result<Schedule, CycleError> {
    let n = plan.len();
    let mut early: Vec<Option<Span>> = plan.items.iter().map(|item| item.dates).collect();
    reschedule(
        plan,
        calendar,
        &mut early,
        &mut vec![false; n],
        &vec![false; n],
        true,
    )?;
    let order = plan.order.as_ref().map_err(Clone::clone)?;
    let Some(end) = early.iter().flatten().map(|span| span.1).max() else {
        return Ok(Schedule::default());
    };
    // Work finishing on a weekend is done by the working day before: measure from there, so the
    // item that ends the project has no slack.
    let last_working = calendar.on_or_before(end);
    let (mut late_start, mut late_finish) = (vec![None; n], vec![None; n]);
    let mut schedule = Schedule {
        project_end: Some(end),
        ..Schedule::default()
    };
    for &node in order.iter().rev() {
        let x = node % n;
        let Some((start, finish)) = early[x] else {
            continue;
        };
        let successors_start = plan.successors[x]
            .iter()
            .filter_map(|&(s, _)| late_start[s]);
        if node >= n {
            let before_successors = plan.successors[x].iter().filter_map(|&(s, lag)| {
                late_start[s].map(|latest| calendar.add_working_days(latest, -(lag + 1)))
            });
            let parent = plan.items[x].parent.and_then(|p| late_finish[p]);
            late_finish[x] = before_successors.chain(parent).chain([last_working]).min();
            continue;
        }
        let children = plan.children[x].iter().filter_map(|&c| late_start[c]);
        let children = children.min().filter(|_| plan.derives(x));
        let own = late_finish[x].map(|latest: NaiveDate| {
            let latest = calendar.on_or_before(latest);
            let length = calendar.working_days(start, finish).max(1);
            if plan.items[x].milestone || length == 1 {
                latest
            } else {
                calendar.add_working_days(latest, 1 - length)
            }
        });
        let Some(latest) = children.or(own).into_iter().chain(successors_start).min() else {
            continue;
        };
        late_start[x] = Some(latest);
        let slack = calendar.working_days_from(calendar.add_working_days(start, 0), latest);
        schedule.slack.insert(plan.items[x].id, slack);
        if slack <= 0 {
            schedule.critical.insert(plan.items[x].id);
        }
    }
    Ok(schedule)
}

/// Whether a new "`predecessor` precedes `successor`" relation would close a loop, so the UI can refuse
/// it before asking the server. Relating an item to its own ancestor or descendant counts as a loop.
pub fn would_create_cycle(
    plan: &Plan,
    predecessor: WorkPackageId,
    successor: WorkPackageId,
) -> bool {
    let (Some(&p), Some(&s)) = (plan.index.get(&predecessor), plan.index.get(&successor)) else {
        return false;
    };
    let target = plan.len() + p;
    let mut seen = vec![false; 2 * plan.len()];
    let mut stack = vec![s];
    while let Some(node) = stack.pop() {
        if node == target {
            return true;
        }
        if !std::mem::replace(&mut seen[node], true) {
            plan.each_next(node, |next| stack.push(next));
        }
    }
    false
}

#[cfg(test)]
#[path = "schedule_tests.rs"]
mod tests;
