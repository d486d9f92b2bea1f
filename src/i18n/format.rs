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

/// A day of the week by its number from Monday (0) to Sunday (6).
pub fn weekday(lang: Lang, from_monday: usize) -> &'static str {
    let names = match lang {
        Lang::En => [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ],
        Lang::De => [
            "Montag",
            "Dienstag",
            "Mittwoch",
            "Donnerstag",
            "Freitag",
            "Samstag",
            "Sonntag",
        ],
    };
    names[from_monday % 7]
}

/// Without the year, for cards.
pub fn short_date(lang: Lang, day: NaiveDate) -> String {
    match lang {
        Lang::En => format!("{} {}", day.day(), MONTHS_EN[day.month0() as usize]),
        Lang::De => format!("{:02}.{:02}.", day.day(), day.month()),
    }
}

const MONTHS_DE: [&str; 12] = [
    "Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez",
];

/// A Gantt header unit: `Mo 30`, `W48 23 Nov` (ISO week), `Nov 2026`, `Q4 2026`, `2026`.
pub fn tick(lang: Lang, zoom: crate::domain::timeline::Zoom, day: NaiveDate) -> String {
    use crate::domain::timeline::Zoom;
    let month = match lang {
        Lang::En => MONTHS_EN[day.month0() as usize],
        Lang::De => MONTHS_DE[day.month0() as usize],
    };
    match zoom {
        Zoom::Day => {
            let weekday = day.weekday().num_days_from_monday() as usize;
            let names = match lang {
                Lang::En => ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"],
                Lang::De => ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"],
            };
            format!("{} {}", names[weekday], day.day())
        }
        Zoom::Week => {
            let week = match lang {
                Lang::En => "W",
                Lang::De => "KW",
            };
            format!("{week}{} {}", day.iso_week().week(), short_date(lang, day))
        }
        Zoom::Month => format!("{month} {}", day.year()),
        Zoom::Quarter => format!("Q{} {}", day.month0() / 3 + 1, day.year()),
        Zoom::Year => day.year().to_string(),
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
        use crate::domain::timeline::Zoom;
        let day = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
        assert_eq!(date(Lang::En, day), "5 Mar 2026");
        assert_eq!(date(Lang::De, day), "05.03.2026");
        assert_eq!(short_date(Lang::De, day), "05.03.");
        assert_eq!(tick(Lang::En, Zoom::Day, day), "Th 5");
        assert_eq!(tick(Lang::De, Zoom::Week, day), "KW10 05.03.");
        assert_eq!(tick(Lang::De, Zoom::Month, day), "Mär 2026");
        assert_eq!(tick(Lang::En, Zoom::Quarter, day), "Q1 2026");
    }
}
