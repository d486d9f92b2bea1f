//! Dates in the user's language: `26 Nov 2026` in English, `26.11.2026` in German.

use super::Lang;
use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

pub fn date(lang: Lang, day: NaiveDate) -> String {
    match lang {
        Lang::En => format!(
            "{} {} {}",
            day.day(),
            MONTHS_EN[day.month0() as usize],
            day.year()
        ),
        Lang::De => format!("{:02}.{:02}.{}", day.day(), day.month(), day.year()),
    }
}

/// Without the year, for cards.
pub fn short_date(lang: Lang, day: NaiveDate) -> String {
    match lang {
        Lang::En => format!("{} {}", day.day(), MONTHS_EN[day.month0() as usize]),
        Lang::De => format!("{:02}.{:02}.", day.day(), day.month()),
    }
}

pub fn date_time(lang: Lang, at: DateTime<Utc>) -> String {
    // Both languages write 24-hour times.
    format!(
        "{} {:02}:{:02} UTC",
        date(lang, at.date_naive()),
        at.hour(),
        at.minute()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_follow_the_language() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
        assert_eq!(date(Lang::En, day), "5 Mar 2026");
        assert_eq!(date(Lang::De, day), "05.03.2026");
        assert_eq!(short_date(Lang::De, day), "05.03.");
    }
}
