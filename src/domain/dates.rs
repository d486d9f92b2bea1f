//! Working-day arithmetic. Saturdays and Sundays are non-working days until a calendar says otherwise.

use chrono::{Datelike, NaiveDate, Weekday};

pub fn is_working_day(day: NaiveDate) -> bool {
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Working days from `start` to `end`, both included; `None` when `end` is before `start`.
pub fn working_days_between(start: NaiveDate, end: NaiveDate) -> Option<u32> {
    if end < start {
        return None;
    }
    let days = u32::try_from((end - start).num_days() + 1).ok()?;
    let full_weeks = days / 7;
    let mut count = full_weeks * 5;
    let mut day = start + chrono::Days::new(u64::from(full_weeks * 7));
    while day <= end {
        if is_working_day(day) {
            count += 1;
        }
        day = day.succ_opt()?;
    }
    Some(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_monday_to_friday_week_has_five_working_days() {
        assert_eq!(
            working_days_between(d(2026, 11, 23), d(2026, 11, 27)),
            Some(5)
        );
    }

    #[test]
    fn weekends_are_not_counted_across_several_weeks() {
        assert_eq!(
            working_days_between(d(2026, 11, 23), d(2026, 12, 6)),
            Some(10)
        );
        assert_eq!(
            working_days_between(d(2026, 11, 28), d(2026, 11, 29)),
            Some(0)
        );
    }

    #[test]
    fn a_single_day_counts_once_and_a_reversed_range_is_none() {
        assert_eq!(
            working_days_between(d(2026, 11, 26), d(2026, 11, 26)),
            Some(1)
        );
        assert_eq!(working_days_between(d(2026, 11, 27), d(2026, 11, 26)), None);
    }
}
