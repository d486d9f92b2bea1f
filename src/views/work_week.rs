//! Settings for the store in this browser: which week days are worked, and holidays. Saved at each
//! change; the Gantt reads them when it opens.

use crate::api::local::{save_work_calendar, work_calendar};
use crate::i18n::{Key, format};
use crate::state::notices::use_notices;
use crate::state::prefs::use_i18n;
use leptos::prelude::*;

#[component]
pub fn WorkWeekSettings() -> impl IntoView {
    let i18n = use_i18n();
    let notices = use_notices();
    let week = RwSignal::new(work_calendar());
    let save = move || {
        if save_work_calendar(&week.get_untracked()).is_err() {
            notices.error(i18n.t(Key::WorkWeekNotSaved).to_owned());
        }
    };
    let new_holiday = RwSignal::new(String::new());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Ok(day) = chrono::NaiveDate::parse_from_str(&new_holiday.get_untracked(), "%Y-%m-%d")
        {
            week.update(|w| w.add_holiday(day));
            new_holiday.set(String::new());
            save();
        }
    };
    let day_box = move |weekday: usize| {
        view! {
            <label class="tafel-check">
                <input
                    type="checkbox"
                    prop:checked=move || week.with(|w| !w.days_off[weekday])
                    on:change=move |ev| {
                        let worked = event_target_checked(&ev);
                        let mut changed = week.get_untracked();
                        if changed.set_day_off(weekday, !worked) {
                            week.set(changed);
                            save();
                        } else {
                            // Put the box back: the change was refused.
                            week.update(|_| {});
                            notices.error(i18n.t(Key::WorkWeekLastDay).to_owned());
                        }
                    }
                />
                {move || format::weekday(i18n.lang(), weekday)}
            </label>
        }
    };
    view! {
        <p>{i18n.tr(Key::WorkWeekHelp)}</p>
        <fieldset class="tafel-fieldset" data-testid="work-week">
            <legend>{i18n.tr(Key::WorkWeekDays)}</legend>
            <div class="tafel-row">{(0..7).map(day_box).collect_view()}</div>
        </fieldset>
        <h3>{i18n.tr(Key::WorkWeekHolidays)}</h3>
        <form class="tafel-row" on:submit=add>
            <div class="tafel-field">
                <label for="tafel-holiday">{i18n.tr(Key::WorkWeekHolidayDate)}</label>
                <input
                    id="tafel-holiday"
                    type="date"
                    class="tafel-input"
                    required
                    prop:value=move || new_holiday.get()
                    on:input=move |ev| new_holiday.set(event_target_value(&ev))
                />
            </div>
            <button type="submit" class="tafel-button">{i18n.tr(Key::WorkWeekAddHoliday)}</button>
        </form>
        {move || {
            let holidays = week.with(|w| w.holidays.clone());
            if holidays.is_empty() {
                return view! { <p>{i18n.tr(Key::WorkWeekNoHolidays)}</p> }.into_any();
            }
            view! {
                <ul class="tafel-plain-list" data-testid="holidays">
                    {holidays.into_iter().map(|day| {
                        let text = format::date(i18n.lang(), day);
                        view! {
                            <li>
                                {text.clone()}
                                " "
                                <button
                                    type="button"
                                    class="tafel-button tafel-button--quiet"
                                    aria-label=i18n.fill(Key::WorkWeekRemoveHoliday, &[("date", &text)])
                                    on:click=move |_| {
                                        week.update(|w| w.remove_holiday(day));
                                        save();
                                    }
                                >
                                    "×"
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}
