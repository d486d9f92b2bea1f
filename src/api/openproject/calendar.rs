//! OpenProject's working-day calendar: the week days worked (`/days/week`) and the non-working days
//! (`/days/non_working`), read for a span of years around today, so scheduling counts the days the
//! organisation counts.

use super::backend::OpenProjectBackend;
use crate::api::ApiError;
use crate::domain::schedule::Calendar;
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
struct WeekDay {
    day: usize,
    working: bool,
}

#[derive(Deserialize)]
struct NonWorkingDay {
    date: NaiveDate,
}

impl OpenProjectBackend {
    pub(super) async fn working_calendar(&self) -> Result<Calendar, ApiError> {
        let week: Vec<WeekDay> = self.get_all("/days/week", &[], false).await?;
        let mut off = [false; 7];
        for day in week.iter().filter(|d| (1..=7).contains(&d.day)) {
            off[day.day - 1] = !day.working;
        }
        let year = chrono::Utc::now().year();
        let (from, to) = (
            NaiveDate::from_ymd_opt(year - 2, 1, 1),
            NaiveDate::from_ymd_opt(year + 3, 12, 31),
        );
        let (Some(from), Some(to)) = (from, to) else {
            return Err(ApiError::Decode(
                "no calendar years around today".to_owned(),
            ));
        };
        let filter = json!([{ "date": { "operator": "<>d", "values": [from.to_string(), to.to_string()] } }]);
        let holidays: Vec<NonWorkingDay> = self
            .get_all(
                "/days/non_working",
                &[("filters", filter.to_string())],
                false,
            )
            .await?;
        Calendar::new(off, holidays.into_iter().map(|d| d.date))
            .ok_or_else(|| ApiError::Decode("the server says no week day is worked".to_owned()))
    }
}
