//! Dates and numbers in the user's language: `26 Nov 2026` and `2.5` in English, `26.11.2026` and
//! `2,5` in German. Weeks start on Monday and are numbered by ISO 8601 in both.

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

/// Hours with at most two decimals, without trailing zeros, with the language's decimal mark.
pub fn hours(lang: Lang, value: f64) -> String {
    // An empty sum is -0.0 in Rust; adding zero makes it 0.
    let value = value + 0.0;
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    match lang {
        Lang::De => text.replace('.', ","),
        Lang::En => text.to_owned(),
    }
}

/// A file size in B, KB or MB (powers of 1024), one decimal at most.
pub fn file_size(lang: Lang, bytes: u64) -> String {
    #[allow(clippy::cast_precision_loss)] // files are far below 2^52 bytes
    let value = bytes as f64;
    let (amount, unit) = match bytes {
        0..1024 => return format!("{bytes} B"),
        1024..1_048_576 => (value / 1024.0, "KB"),
        _ => (value / 1_048_576.0, "MB"),
    };
    format!("{} {unit}", hours(lang, (amount * 10.0).round() / 10.0))
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
    use crate::domain::timeline::Zoom;

    #[test]
    fn dates_follow_the_language() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
        assert_eq!(date(Lang::En, day), "5 Mar 2026");
        assert_eq!(date(Lang::De, day), "05.03.2026");
        assert_eq!(short_date(Lang::De, day), "05.03.");
        assert_eq!(tick(Lang::En, Zoom::Day, day), "Th 5");
        assert_eq!(tick(Lang::De, Zoom::Week, day), "KW10 05.03.");
        assert_eq!(tick(Lang::De, Zoom::Month, day), "Mär 2026");
        assert_eq!(tick(Lang::En, Zoom::Quarter, day), "Q1 2026");
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn every_month_has_its_name_in_both_languages() {
        let en: Vec<String> = (1..=12).map(|m| date(Lang::En, ymd(2026, m, 1))).collect();
        assert_eq!(en[0], "1 Jan 2026");
        assert_eq!(en[11], "1 Dec 2026");
        let de: Vec<String> = (1..=12)
            .map(|m| tick(Lang::De, Zoom::Month, ymd(2026, m, 1)))
            .collect();
        assert_eq!(
            de,
            [
                "Jan 2026",
                "Feb 2026",
                "Mär 2026",
                "Apr 2026",
                "Mai 2026",
                "Jun 2026",
                "Jul 2026",
                "Aug 2026",
                "Sep 2026",
                "Okt 2026",
                "Nov 2026",
                "Dez 2026"
            ]
        );
        // German dates pad day and month; English ones do not.
        assert_eq!(date(Lang::De, ymd(2026, 12, 31)), "31.12.2026");
        assert_eq!(short_date(Lang::En, ymd(2026, 12, 1)), "1 Dec");
    }

    #[test]
    fn weeks_start_on_monday_in_both_languages() {
        assert_eq!(weekday(Lang::En, 0), "Monday");
        assert_eq!(weekday(Lang::De, 0), "Montag");
        assert_eq!(weekday(Lang::En, 6), "Sunday");
        assert_eq!(weekday(Lang::De, 6), "Sonntag");
        assert_eq!(weekday(Lang::De, 7), "Montag", "counts wrap around");
        // 30 Nov 2026 is a Monday, 6 Dec the Sunday of the same week.
        assert_eq!(tick(Lang::En, Zoom::Day, ymd(2026, 11, 30)), "Mo 30");
        assert_eq!(tick(Lang::De, Zoom::Day, ymd(2026, 12, 1)), "Di 1");
        assert_eq!(tick(Lang::De, Zoom::Day, ymd(2026, 12, 6)), "So 6");
        assert_eq!(tick(Lang::En, Zoom::Day, ymd(2026, 12, 6)), "Su 6");
    }

    #[test]
    fn week_numbers_are_iso_weeks_across_the_turn_of_the_year() {
        // 2026 ends in ISO week 53; 1 Jan 2027 (a Friday) still belongs to it.
        assert_eq!(tick(Lang::En, Zoom::Week, ymd(2026, 12, 28)), "W53 28 Dec");
        assert_eq!(tick(Lang::De, Zoom::Week, ymd(2026, 12, 28)), "KW53 28.12.");
        assert_eq!(tick(Lang::De, Zoom::Week, ymd(2027, 1, 1)), "KW53 01.01.");
        assert_eq!(tick(Lang::De, Zoom::Week, ymd(2027, 1, 4)), "KW1 04.01.");
        // 29 Dec 2025 (a Monday) is already in week 1 of 2026.
        assert_eq!(tick(Lang::En, Zoom::Week, ymd(2025, 12, 29)), "W1 29 Dec");
    }

    #[test]
    fn quarters_and_years_read_the_same_in_both_languages() {
        for lang in Lang::ALL {
            assert_eq!(tick(lang, Zoom::Quarter, ymd(2026, 10, 1)), "Q4 2026");
            assert_eq!(tick(lang, Zoom::Quarter, ymd(2026, 4, 1)), "Q2 2026");
            assert_eq!(tick(lang, Zoom::Year, ymd(2026, 4, 1)), "2026");
        }
    }

    #[test]
    fn times_are_24_hour_utc_after_the_date_of_the_language() {
        let at = ymd(2026, 3, 5).and_hms_opt(14, 7, 0).unwrap().and_utc();
        assert_eq!(date_time(Lang::En, at), "5 Mar 2026 14:07 UTC");
        assert_eq!(date_time(Lang::De, at), "05.03.2026 14:07 UTC");
    }

    #[test]
    fn hours_use_the_decimal_mark_of_the_language() {
        assert_eq!(hours(Lang::En, 2.5), "2.5");
        assert_eq!(hours(Lang::De, 2.5), "2,5");
        assert_eq!(hours(Lang::De, 1.25), "1,25");
        assert_eq!(hours(Lang::En, 8.0), "8");
        assert_eq!(hours(Lang::De, 0.333), "0,33");
        assert_eq!(hours(Lang::De, -0.0), "0");
        assert_eq!(hours(Lang::En, 1234.5), "1234.5", "no thousands separator");
    }
}
