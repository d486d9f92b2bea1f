//! Reading dates back from the store quickly. The store writes `2026-03-10` and
//! `2026-03-10T09:00:00Z` (chrono's own forms); at ten thousand work packages chrono's general
//! parser was a fifth of the time spent decoding them. These read those two forms directly and
//! hand anything else to chrono, so every form chrono accepts still reads.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::de::Error;
use serde::{Deserialize, Deserializer};

fn number(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0_u32, |acc, b| {
        b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
    })
}

fn fast_date(b: &[u8]) -> Option<NaiveDate> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = i32::try_from(number(&b[..4])?).ok()?;
    NaiveDate::from_ymd_opt(year, number(&b[5..7])?, number(&b[8..10])?)
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction]Z`.
fn fast_instant(b: &[u8]) -> Option<DateTime<Utc>> {
    if b.len() < 20 || b[10] != b'T' || b[13] != b':' || b[16] != b':' || b.last() != Some(&b'Z') {
        return None;
    }
    let date = fast_date(&b[..10])?;
    let fraction = &b[19..b.len() - 1];
    let nanos = match fraction {
        [] => 0,
        [b'.', digits @ ..] if !digits.is_empty() && digits.len() <= 9 => {
            number(digits)? * 10_u32.pow(9 - u32::try_from(digits.len()).ok()?)
        }
        _ => return None,
    };
    let time = NaiveTime::from_hms_nano_opt(
        number(&b[11..13])?,
        number(&b[14..16])?,
        number(&b[17..19])?,
        nanos,
    )?;
    Some(date.and_time(time).and_utc())
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    fast_date(text.as_bytes()).or_else(|| text.parse().ok())
}

/// RFC 3339, quickly when it has the usual shape.
pub fn parse_instant(text: &str) -> Option<DateTime<Utc>> {
    fast_instant(text.as_bytes()).or_else(|| {
        DateTime::parse_from_rfc3339(text)
            .ok()
            .map(|t| t.with_timezone(&Utc))
    })
}

/// For `#[serde(deserialize_with = "…")]` on a `DateTime<Utc>`.
pub fn instant<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
    let text = String::deserialize(d)?;
    parse_instant(&text).ok_or_else(|| D::Error::custom(format!("not a date and time: {text}")))
}

/// For `#[serde(default, deserialize_with = "…")]` on an `Option<NaiveDate>`.
pub fn optional_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(text) => parse_date(&text)
            .map(Some)
            .ok_or_else(|| D::Error::custom(format!("not a date: {text}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn reads_what_chrono_writes_and_what_it_accepts() {
        let at = Utc.with_ymd_and_hms(2026, 3, 10, 9, 5, 7).unwrap();
        assert_eq!(parse_instant(&at.to_rfc3339()), Some(at));
        assert_eq!(parse_instant("2026-03-10T09:05:07Z"), Some(at));
        let precise = at + chrono::Duration::milliseconds(250);
        assert_eq!(parse_instant("2026-03-10T09:05:07.25Z"), Some(precise));
        assert_eq!(
            parse_instant(&serde_json::to_string(&precise).unwrap().replace('"', "")),
            Some(precise)
        );
        // Not the short form: chrono reads it.
        assert_eq!(parse_instant("2026-03-10T11:05:07+02:00"), Some(at));
        assert_eq!(
            parse_date("2026-02-28"),
            NaiveDate::from_ymd_opt(2026, 2, 28)
        );
        assert_eq!(parse_date("+12026-02-28"), "+12026-02-28".parse().ok());
    }

    #[test]
    fn refuses_what_is_not_a_date() {
        for bad in ["2026-02-30", "2026-13-01", "20x6-01-01", ""] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        for bad in [
            "2026-03-10T25:00:00Z",
            "2026-03-10T09:05:07.Z",
            "2026-03-10",
        ] {
            assert_eq!(parse_instant(bad), None, "{bad}");
        }
    }
}
