//! A baseline: the dates of every work package at one moment, kept to compare the plan against later.

use super::ids::WorkPackageId;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub type Span = (NaiveDate, NaiveDate);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    pub taken: DateTime<Utc>,
    /// As (id, first day, last day) triples: a map keyed by number would not survive JSON.
    spans: Vec<(WorkPackageId, NaiveDate, NaiveDate)>,
}

/// How far a work package moved since the baseline, in calendar days (later is positive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Drift {
    pub start: i64,
    pub finish: i64,
}

impl Baseline {
    pub fn take<S: std::hash::BuildHasher>(
        spans: &HashMap<WorkPackageId, Span, S>,
        taken: DateTime<Utc>,
    ) -> Self {
        let mut spans: Vec<_> = spans.iter().map(|(id, (a, b))| (*id, *a, *b)).collect();
        spans.sort_unstable_by_key(|(id, ..)| *id);
        Self { taken, spans }
    }

    pub fn span(&self, id: WorkPackageId) -> Option<Span> {
        self.spans
            .binary_search_by_key(&id, |(i, ..)| *i)
            .ok()
            .map(|at| (self.spans[at].1, self.spans[at].2))
    }

    /// None when the work package was not dated then, or has not moved.
    pub fn drift(&self, id: WorkPackageId, now: Span) -> Option<Drift> {
        let (start, finish) = self.span(id)?;
        let drift = Drift {
            start: (now.0 - start).num_days(),
            finish: (now.1 - finish).num_days(),
        };
        (drift
            != Drift {
                start: 0,
                finish: 0,
            })
        .then_some(drift)
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A stored baseline; the triples are sorted again, since the text may have been edited by hand.
    pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        let mut baseline: Self = serde_json::from_str(text)?;
        baseline.spans.sort_unstable_by_key(|(id, ..)| *id);
        baseline.spans.dedup_by_key(|(id, ..)| *id);
        Ok(baseline)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn sample() -> Baseline {
        let spans = HashMap::from([
            (WorkPackageId(7), (day(2), day(6))),
            (WorkPackageId(3), (day(9), day(9))),
        ]);
        Baseline::take(&spans, DateTime::from_timestamp(1_800_000_000, 0).unwrap())
    }

    #[test]
    fn a_baseline_remembers_each_work_packages_days_and_survives_its_json() {
        let baseline = sample();
        let back = Baseline::from_json(&baseline.to_json()).unwrap();
        assert_eq!(back, baseline);
        assert_eq!(back.span(WorkPackageId(7)), Some((day(2), day(6))));
        assert_eq!(back.span(WorkPackageId(3)), Some((day(9), day(9))));
        assert_eq!(back.span(WorkPackageId(4)), None);
        assert_eq!(back.len(), 2);
    }

    #[test]
    fn drift_counts_the_days_each_end_moved_and_is_none_when_nothing_moved() {
        let baseline = sample();
        assert_eq!(
            baseline.drift(WorkPackageId(7), (day(4), day(10))),
            Some(Drift {
                start: 2,
                finish: 4
            })
        );
        assert_eq!(
            baseline.drift(WorkPackageId(7), (day(1), day(6))),
            Some(Drift {
                start: -1,
                finish: 0
            })
        );
        assert_eq!(baseline.drift(WorkPackageId(7), (day(2), day(6))), None);
        assert_eq!(baseline.drift(WorkPackageId(5), (day(2), day(6))), None);
    }

    #[test]
    fn a_damaged_or_hand_edited_baseline_is_an_error_or_is_put_back_in_order() {
        assert!(Baseline::from_json("{\"taken\": 3}").is_err());
        assert!(Baseline::from_json("not json").is_err());
        let text = r#"{"taken":"2026-11-27T10:00:00Z","spans":[[9,"2026-11-05","2026-11-06"],[2,"2026-11-01","2026-11-02"],[9,"2026-11-07","2026-11-08"]]}"#;
        let baseline = Baseline::from_json(text).unwrap();
        assert_eq!(baseline.len(), 2);
        assert_eq!(baseline.span(WorkPackageId(2)), Some((day(1), day(2))));
        assert_eq!(baseline.span(WorkPackageId(9)), Some((day(5), day(6))));
    }
}
