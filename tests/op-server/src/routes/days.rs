//! The working-day calendar: which week days are worked, and the non-working days (holidays) in a
//! date range, as OpenProject's `/days/week` and `/days/non_working` give them.

use super::params;
use crate::AppState;
use crate::errors::ApiResult;
use crate::filters::parse_listed;
use crate::hal::{self, ok};
use crate::paging;
use axum::extract::{RawQuery, State};
use chrono::NaiveDate;
use serde_json::{Value, json};

const NAMES: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

pub async fn week(State(state): State<AppState>) -> ApiResult {
    let store = state.lock();
    let elements = (1..=7u8)
        .map(|day| {
            let name = NAMES[usize::from(day - 1)];
            json!({
                "_type": "WeekDay",
                "day": day,
                "name": name,
                "working": !store.data.weekend.contains(&day),
                "_links": { "self": hal::link(format!("/api/v3/days/week/{day}"), name) },
            })
        })
        .collect();
    Ok(ok(&week_collection(elements)))
}

fn week_collection(elements: Vec<Value>) -> Value {
    let mut collection = hal::collection("/api/v3/days/week", elements);
    collection["_type"] = json!("Collection");
    collection
}

/// `filters=[{"date":{"operator":"<>d","values":["2026-01-01","2026-12-31"]}}]`; without it, this year.
pub async fn non_working(State(state): State<AppState>, RawQuery(query): RawQuery) -> ApiResult {
    let params = params(query);
    let store = state.lock();
    let year = store.data.clock.date_naive().format("%Y").to_string();
    let mut range = (
        NaiveDate::parse_from_str(&format!("{year}-01-01"), "%Y-%m-%d").ok(),
        NaiveDate::parse_from_str(&format!("{year}-12-31"), "%Y-%m-%d").ok(),
    );
    if let Some(raw) = paging::param(&params, "filters") {
        const BETWEEN: &[&str] = &["<>d"];
        for filter in parse_listed(raw, &[("date", BETWEEN)])? {
            let day = |i: usize| {
                filter
                    .values
                    .get(i)
                    .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
            };
            range = (day(0), day(1));
        }
    }
    let elements = store
        .data
        .holidays
        .iter()
        .filter(|(date, _)| range.0.is_none_or(|from| *date >= from) && range.1.is_none_or(|to| *date <= to))
        .map(|(date, name)| {
            json!({
                "_type": "NonWorkingDay",
                "date": date.to_string(),
                "name": name,
                "_links": { "self": hal::link(format!("/api/v3/days/non_working/{date}"), name.clone()) },
            })
        })
        .collect();
    Ok(ok(&hal::collection("/api/v3/days/non_working", elements)))
}
