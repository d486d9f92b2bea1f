//! Baselines: the plan's dates saved at one moment and drawn under the bars, so that what slipped
//! since shows at a glance. Kept in this browser (`api::baseline_store`), one per project.

use super::use_gantt;
use crate::api::baseline_store;
use crate::domain::baseline::Baseline;
use crate::i18n::{Key, format};
use leptos::prelude::*;

#[component]
pub fn BaselineTools() -> impl IntoView {
    let gantt = use_gantt();
    let i18n = gantt.i18n;
    let backend = crate::state::backend::use_backend();
    let project = move || gantt.project.project.with_untracked(|p| p.id);
    let save = move |_| {
        let baseline = gantt
            .spans
            .with_untracked(|spans| Baseline::take(spans, chrono::Utc::now()));
        if baseline_store::save(&backend.get().scope(), project(), &baseline).is_err() {
            gantt
                .notices
                .error(i18n.t(Key::GanttBaselineNotSaved).to_owned());
            return;
        }
        gantt.announcer.say(i18n.fill(
            Key::GanttBaselineSaved,
            &[
                ("count", &baseline.len().to_string()),
                (
                    "date",
                    &format::date_time(i18n.lang_untracked(), baseline.taken),
                ),
            ],
        ));
        gantt.baseline.set(Some(baseline));
        gantt.show_baseline.set(true);
    };
    let remove = move |_| {
        baseline_store::remove(&backend.get().scope(), project());
        gantt.baseline.set(None);
        gantt
            .announcer
            .say(i18n.t(Key::GanttBaselineRemoved).to_owned());
    };
    let taken = move || {
        gantt
            .baseline
            .with(|b| b.as_ref().map(|b| format::date_time(i18n.lang(), b.taken)))
    };
    view! {
        <button type="button" class="tafel-button" on:click=save>{i18n.tr(Key::GanttBaselineSave)}</button>
        {move || taken().map(|date| view! {
            <label class="tafel-check">
                <input
                    type="checkbox"
                    data-testid="gantt-baseline-show"
                    prop:checked=move || gantt.show_baseline.get()
                    on:change=move |ev| gantt.show_baseline.set(event_target_checked(&ev))
                />
                {i18n.fill(Key::GanttBaselineShow, &[("date", &date)])}
            </label>
            <button type="button" class="tafel-button tafel-button--quiet" on:click=remove>
                {i18n.tr(Key::GanttBaselineRemove)}
            </button>
        })}
    }
}

/// The baseline's bar under a work package's current one, when baselines are shown and it moved.
#[component]
pub fn BaselineBar(id: crate::domain::WorkPackageId) -> impl IntoView {
    let gantt = use_gantt();
    let span = move || {
        if !gantt.show_baseline.get() {
            return None;
        }
        let then = gantt.baseline.with(|b| b.as_ref()?.span(id))?;
        (gantt.shown_span(id) != Some(then)).then_some(then)
    };
    move || {
        span().map(|(start, finish)| {
            let scale = gantt.scale.get();
            view! {
                <span
                    class="tafel-gantt__baseline"
                    data-testid="gantt-baseline"
                    aria-hidden="true"
                    style:left=format!("{}px", scale.x(start))
                    style:width=format!("{}px", scale.width(start, finish))
                ></span>
            }
        })
    }
}
