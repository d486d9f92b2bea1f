//! Gantt geometry: where a day is on the timeline at each zoom, which header ticks a visible stretch
//! needs, and the rows of the tree beside it. Pure arithmetic, so drawing costs the same for ten
//! or a hundred thousand work packages: only what is in view is ever computed.

use super::ids::WorkPackageId;
use super::rank::sort_by_rank;
use super::work_package::WorkPackage;
use chrono::{Datelike, Days, Months, NaiveDate};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::HashSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Zoom {
    Day,
    #[default]
    Week,
    Month,
    Quarter,
    Year,
}

impl Zoom {
    pub const ALL: [Self; 5] = [
        Self::Day,
        Self::Week,
        Self::Month,
        Self::Quarter,
        Self::Year,
    ];

    /// How wide a day is drawn.
    pub fn px_per_day(self) -> f64 {
        match self {
            Self::Day => 36.0,
            Self::Week => 14.0,
            Self::Month => 4.0,
            Self::Quarter => 1.5,
            Self::Year => 0.5,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Week => "week",
            Self::Month => "month",
            Self::Quarter => "quarter",
            Self::Year => "year",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|z| z.as_str() == raw)
    }

    /// The widest zoom that still fits when `px_per_day` is all the room there is ("fit all").
    pub fn fitting(px_per_day: f64) -> Self {
        Self::ALL
            .into_iter()
            .find(|z| z.px_per_day() <= px_per_day)
            .unwrap_or(Self::Year)
    }

    /// The first day of the header unit (day, ISO week, month, quarter, year) holding `day`.
    pub fn unit_start(self, day: NaiveDate) -> NaiveDate {
        match self {
            Self::Day => day,
            Self::Week => day - Days::new(u64::from(day.weekday().num_days_from_monday())),
            Self::Month => day.with_day(1).unwrap_or(day),
            Self::Quarter => {
                let month = (day.month0() / 3) * 3 + 1;
                NaiveDate::from_ymd_opt(day.year(), month, 1).unwrap_or(day)
            }
            Self::Year => NaiveDate::from_ymd_opt(day.year(), 1, 1).unwrap_or(day),
        }
    }

    fn next_unit(self, start: NaiveDate) -> Option<NaiveDate> {
        match self {
            Self::Day => start.checked_add_days(Days::new(1)),
            Self::Week => start.checked_add_days(Days::new(7)),
            Self::Month => start.checked_add_months(Months::new(1)),
            Self::Quarter => start.checked_add_months(Months::new(3)),
            Self::Year => start.checked_add_months(Months::new(12)),
        }
    }
}

/// Days to pixels and back, from a fixed first day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    pub origin: NaiveDate,
    pub px_per_day: f64,
}

impl Scale {
    /// The left edge of a day.
    #[allow(clippy::cast_precision_loss)]
    pub fn x(self, day: NaiveDate) -> f64 {
        (day - self.origin).num_days() as f64 * self.px_per_day
    }

    /// The width of a bar from `start` to `finish`, both days included.
    #[allow(clippy::cast_precision_loss)]
    pub fn width(self, start: NaiveDate, finish: NaiveDate) -> f64 {
        ((finish - start).num_days() + 1).max(1) as f64 * self.px_per_day
    }

    /// The day under a point.
    #[allow(clippy::cast_possible_truncation)]
    pub fn day_at(self, x: f64) -> NaiveDate {
        self.shift(self.origin, (x / self.px_per_day).floor() as i64)
    }

    /// Whole days a pointer moved, to the nearest day (what a drag snaps to).
    #[allow(clippy::cast_possible_truncation)]
    pub fn days_in(self, dx: f64) -> i64 {
        (dx / self.px_per_day).round() as i64
    }

    pub fn shift(self, day: NaiveDate, days: i64) -> NaiveDate {
        if days >= 0 {
            day.checked_add_days(Days::new(days.unsigned_abs()))
        } else {
            day.checked_sub_days(Days::new(days.unsigned_abs()))
        }
        .unwrap_or(day)
    }

    /// The header units starting in or overlapping `from_x..to_x`.
    pub fn ticks(self, zoom: Zoom, from_x: f64, to_x: f64) -> Vec<NaiveDate> {
        let mut ticks = Vec::new();
        let mut day = zoom.unit_start(self.day_at(from_x.max(0.0)));
        while self.x(day) < to_x && ticks.len() < 2_000 {
            ticks.push(day);
            match zoom.next_unit(day) {
                Some(next) => day = next,
                None => break,
            }
        }
        ticks
    }
}

/// The days a bar covers: a milestone its date, others start to finish; one date alone stands for both.
pub fn span(wp: &WorkPackage) -> Option<(NaiveDate, NaiveDate)> {
    if let Some(date) = wp.date {
        return Some((date, date));
    }
    match (wp.start_date, wp.due_date) {
        (Some(start), Some(finish)) => Some((start, finish.max(start))),
        (Some(day), None) | (None, Some(day)) => Some((day, day)),
        (None, None) => None,
    }
}

/// One line of the tree beside the timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GanttRow {
    pub id: WorkPackageId,
    pub depth: u16,
    pub has_children: bool,
}

/// The shown work packages as a tree: children under their parent (or at the top when the parent is
/// not shown), siblings in manual order then by id, nothing under a collapsed item.
pub fn rows<S: std::hash::BuildHasher>(
    shown: &[&WorkPackage],
    collapsed: &HashSet<WorkPackageId, S>,
) -> Vec<GanttRow> {
    let present: FxHashSet<WorkPackageId> = shown.iter().map(|wp| wp.id).collect();
    let mut children: FxHashMap<Option<WorkPackageId>, Vec<&WorkPackage>> = FxHashMap::default();
    for wp in shown {
        let parent = wp.parent.filter(|p| present.contains(p));
        children.entry(parent).or_default().push(wp);
    }
    for list in children.values_mut() {
        sort_by_rank(list, |wp| (wp.position, wp.id.0));
    }
    let mut out = Vec::with_capacity(shown.len());
    // Depth-first without recursion, so a deep hierarchy cannot overflow the stack.
    let mut stack: Vec<(WorkPackageId, u16)> = children
        .get(&None)
        .map(|top| top.iter().rev().map(|wp| (wp.id, 0)).collect())
        .unwrap_or_default();
    while let Some((id, depth)) = stack.pop() {
        let kids = children.get(&Some(id));
        out.push(GanttRow {
            id,
            depth,
            has_children: kids.is_some(),
        });
        if let Some(kids) = kids
            && !collapsed.contains(&id)
        {
            stack.extend(kids.iter().rev().map(|wp| (wp.id, depth.saturating_add(1))));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn wp(id: u64, parent: Option<u64>, position: i64) -> WorkPackage {
        WorkPackage {
            parent: parent.map(WorkPackageId),
            position,
            ..crate::domain::work_package::plain(id)
        }
    }

    #[test]
    #[allow(clippy::float_cmp)] // whole pixels, exactly representable
    fn days_and_pixels_convert_both_ways_and_drags_snap_to_whole_days() {
        let scale = Scale {
            origin: d(2026, 11, 2),
            px_per_day: 10.0,
        };
        assert_eq!(scale.x(d(2026, 11, 5)), 30.0);
        assert_eq!(scale.width(d(2026, 11, 5), d(2026, 11, 6)), 20.0);
        assert_eq!(scale.day_at(34.9), d(2026, 11, 5));
        assert_eq!(scale.day_at(-0.5), d(2026, 11, 1));
        assert_eq!((scale.days_in(14.0), scale.days_in(-16.0)), (1, -2));
    }

    #[test]
    fn ticks_start_at_each_unit_in_view() {
        let scale = Scale {
            origin: d(2026, 11, 4),
            px_per_day: 1.0,
        };
        // Weeks start on Monday (ISO); the first tick is the week holding the first visible day.
        assert_eq!(
            scale.ticks(Zoom::Week, 0.0, 15.0),
            vec![d(2026, 11, 2), d(2026, 11, 9), d(2026, 11, 16)]
        );
        assert_eq!(
            scale.ticks(Zoom::Quarter, 0.0, 100.0),
            vec![d(2026, 10, 1), d(2027, 1, 1)]
        );
        assert_eq!(Zoom::Month.unit_start(d(2026, 11, 30)), d(2026, 11, 1));
        assert_eq!(Zoom::fitting(3.0), Zoom::Quarter);
        assert_eq!(Zoom::fitting(100.0), Zoom::Day);
        assert_eq!(Zoom::fitting(0.1), Zoom::Year);
    }

    #[test]
    fn a_bar_spans_its_dates_and_a_milestone_its_day() {
        let mut task = wp(1, None, 0);
        assert_eq!(span(&task), None);
        task.due_date = Some(d(2026, 11, 9));
        assert_eq!(span(&task), Some((d(2026, 11, 9), d(2026, 11, 9))));
        task.start_date = Some(d(2026, 11, 2));
        assert_eq!(span(&task), Some((d(2026, 11, 2), d(2026, 11, 9))));
        task.date = Some(d(2026, 12, 1));
        assert_eq!(span(&task), Some((d(2026, 12, 1), d(2026, 12, 1))));
    }

    #[test]
    fn the_tree_puts_children_under_their_parent_and_hides_them_when_collapsed() {
        let all = [
            wp(1, None, 2),
            wp(2, Some(1), 0),
            wp(3, Some(2), 0),
            wp(4, None, 1),
            wp(5, Some(9), 0), // its parent is filtered out: it moves to the top
        ];
        let shown: Vec<&WorkPackage> = all.iter().collect();
        let order = |rows: Vec<GanttRow>| -> Vec<(u64, u16)> {
            rows.iter().map(|r| (r.id.0, r.depth)).collect()
        };
        let open = rows(&shown, &HashSet::new());
        assert_eq!(
            order(open.clone()),
            vec![(5, 0), (4, 0), (1, 0), (2, 1), (3, 2)]
        );
        assert!(open[2].has_children && !open[4].has_children);
        let folded = rows(&shown, &HashSet::from([WorkPackageId(2)]));
        assert_eq!(order(folded), vec![(5, 0), (4, 0), (1, 0), (2, 1)]);
    }
}
