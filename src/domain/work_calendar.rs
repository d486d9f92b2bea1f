//! The working week and holidays a user sets for the store in this browser (OpenProject's come from
//! its administrators). Kept as small JSON beside the other preferences.

use super::schedule::Calendar;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkCalendar {
    /// Indexed from Monday.
    pub days_off: [bool; 7],
    /// Sorted, each once.
    pub holidays: Vec<NaiveDate>,
}

impl Default for WorkCalendar {
    fn default() -> Self {
        Self {
            days_off: [false, false, false, false, false, true, true],
            holidays: Vec::new(),
        }
    }
}

impl WorkCalendar {
    pub fn calendar(&self) -> Calendar {
        // `new` refuses a week without working days, which `set_day_off` and `from_json` never allow.
        Calendar::new(self.days_off, self.holidays.iter().copied()).unwrap_or_default()
    }

    /// False when it would leave no working day in the week: nothing could be scheduled then.
    pub fn set_day_off(&mut self, weekday: usize, off: bool) -> bool {
        let mut days = self.days_off;
        if let Some(day) = days.get_mut(weekday) {
            *day = off;
        }
        if days.iter().all(|off| *off) {
            return false;
        }
        self.days_off = days;
        true
    }

    pub fn add_holiday(&mut self, day: NaiveDate) {
        if let Err(at) = self.holidays.binary_search(&day) {
            self.holidays.insert(at, day);
        }
    }

    pub fn remove_holiday(&mut self, day: NaiveDate) {
        self.holidays.retain(|d| *d != day);
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A stored calendar; anything unreadable, or a week without working days, is the default week.
    pub fn from_json(text: &str) -> Self {
        let Ok(mut calendar) = serde_json::from_str::<Self>(text) else {
            return Self::default();
        };
        if calendar.days_off.iter().all(|off| *off) {
            return Self::default();
        }
        calendar.holidays.sort_unstable();
        calendar.holidays.dedup();
        calendar
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    #[test]
    fn a_holiday_and_a_free_friday_are_not_worked_and_survive_storage() {
        let mut week = WorkCalendar::default();
        assert!(week.set_day_off(4, true));
        week.add_holiday(day(12, 24));
        week.add_holiday(day(12, 24));
        let back = WorkCalendar::from_json(&week.to_json());
        assert_eq!(back, week);
        let calendar = back.calendar();
        assert!(!calendar.is_working(day(12, 24)), "Thursday, a holiday");
        assert!(!calendar.is_working(day(11, 27)), "a Friday");
        assert!(calendar.is_working(day(11, 26)), "a Thursday");
        week.remove_holiday(day(12, 24));
        assert!(week.calendar().is_working(day(12, 24)));
    }

    #[test]
    fn a_week_without_a_working_day_is_refused_and_unreadable_text_is_the_default_week() {
        let mut week = WorkCalendar::default();
        for weekday in 0..4 {
            assert!(week.set_day_off(weekday, true));
        }
        assert!(!week.set_day_off(4, true), "the last working day stays");
        assert!(!week.days_off[4]);
        assert_eq!(WorkCalendar::from_json("{"), WorkCalendar::default());
        let all_off = r#"{"days_off":[true,true,true,true,true,true,true],"holidays":[]}"#;
        assert_eq!(WorkCalendar::from_json(all_off), WorkCalendar::default());
    }
}
