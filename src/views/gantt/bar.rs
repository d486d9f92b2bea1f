//! A work package's bar: a diamond for a milestone, a bracket for a parent (its children's reach),
//! otherwise a bar with its progress. Bars are dragged to move, by their ends to resize, and take the
//! keyboard: one bar is in the tab order, arrows move between rows and dates (see `editing`).

use super::editing::DragMode;
use super::{GanttCtx, use_gantt};
use crate::domain::WorkPackageId;
use crate::i18n::{Key, format};
use crate::state::prefs::use_i18n;
use leptos::prelude::*;

#[component]
pub fn GanttBar(id: WorkPackageId, summary: bool, index: Signal<usize>) -> impl IntoView {
    let gantt = use_gantt();
    let i18n = use_i18n();
    let today = chrono::Local::now().date_naive();
    let wp = move || gantt.project.get(id);
    let milestone = move || wp().is_some_and(|wp| wp.date.is_some());
    let geometry = move || {
        let scale = gantt.scale.get();
        gantt
            .shown_span(id)
            .map(|(start, finish)| (scale.x(start), scale.width(start, finish), start, finish))
    };
    let overdue = move || {
        wp().is_some_and(|wp| {
            let closed = gantt.project.catalog.with(|c| c.is_closed(wp.status));
            wp.is_overdue(today, closed)
        })
    };
    let pushed = move || {
        gantt.preview.with(|p| p.contains_key(&id))
            && gantt.drag.with(|d| d.is_some_and(|d| d.id != id))
    };
    let critical = move || gantt.critical.get() && gantt.is_critical(id);
    let violated = move || gantt.violated.with(|v| v.contains(&id));
    // Roving focus: the focused row's bar, or the first row's, is the one tab stop.
    let tab_stop = move || match gantt.focused.get() {
        Some(focused) => focused == id,
        None => index.get() == 0,
    };
    let label = move || {
        let subject = wp()
            .map(|w| format!("#{} {}", w.id, w.subject))
            .unwrap_or_default();
        match geometry() {
            Some((_, _, start, finish)) if start == finish => i18n.fill(
                Key::GanttBarOneDay,
                &[
                    ("subject", &subject),
                    ("date", &format::date(i18n.lang(), start)),
                ],
            ),
            Some((_, _, start, finish)) => i18n.fill(
                Key::GanttBarLabel,
                &[
                    ("subject", &subject),
                    ("start", &format::date(i18n.lang(), start)),
                    ("finish", &format::date(i18n.lang(), finish)),
                ],
            ),
            None => i18n.fill(Key::GanttBarUndated, &[("subject", &subject)]),
        }
    };
    // Where the baseline had it, when baselines are shown and it has moved since.
    let baseline_text = move || {
        let then = gantt
            .baseline
            .with(|b| b.as_ref()?.span(id))
            .filter(|_| gantt.show_baseline.get())?;
        (gantt.shown_span(id) != Some(then)).then(|| {
            let lang = i18n.lang();
            i18n.fill(
                Key::GanttBaselineBar,
                &[
                    ("start", &format::date(lang, then.0)),
                    ("finish", &format::date(lang, then.1)),
                ],
            )
        })
    };
    // While this bar is dragged: the dates it would get, beside it.
    let tip = move || {
        let drag = gantt.drag.get().filter(|d| d.id == id && d.active)?;
        let (start, finish) = gantt.calendar.with(|c| drag.target(c));
        let lang = i18n.lang();
        Some(format!(
            "{} – {}",
            format::date(lang, start),
            format::date(lang, finish)
        ))
    };
    let editable = move || !summary && wp().is_some_and(|w| w.permissions.update);
    let start_drag = move |mode: DragMode| {
        move |ev: web_sys::PointerEvent| {
            // While a link is being made, a click on a bar chooses the successor.
            if gantt.linking.get_untracked().is_some() {
                ev.stop_propagation();
                gantt.finish_link(id);
                return;
            }
            if editable() && ev.button() == 0 {
                ev.stop_propagation();
                gantt.start_drag(id, mode, &ev);
            }
        }
    };
    view! {
        <div
            class="tafel-gantt__bar"
            class:tafel-gantt__bar--summary=summary
            class:tafel-gantt__bar--milestone=milestone
            class:tafel-gantt__bar--undated=move || geometry().is_none()
            class:tafel-gantt__bar--pushed=pushed
            class:tafel-gantt__bar--critical=critical
            class:tafel-gantt__bar--overdue=overdue
            class:tafel-gantt__bar--violated=violated
            data-testid="gantt-bar"
            data-bar-id=id.0.to_string()
            role="button"
            tabindex=move || if tab_stop() { "0" } else { "-1" }
            aria-label=move || {
                let mut text = label();
                if violated() {
                    text.push_str(". ");
                    text.push_str(i18n.t(Key::GanttViolatedShort));
                }
                if let Some(then) = baseline_text() {
                    text.push_str(". ");
                    text.push_str(&then);
                }
                text
            }
            aria-describedby="tafel-gantt-help"
            aria-disabled=move || (!editable()).to_string()
            style:left=move || geometry().map_or_else(|| "0px".to_owned(), |(x, ..)| format!("{x}px"))
            style:width=move || geometry().map_or_else(|| "0px".to_owned(), |(_, w, ..)| format!("{w}px"))
            on:focus=move |_| {
                gantt.focused.set(Some(id));
                gantt.reveal_span(id);
                // A bar with the focus is about to be moved, often: have the graph ready.
                super::editing::plan_when_idle(gantt.project, gantt.relations, gantt.plan);
            }
            on:keydown=move |ev| gantt.on_bar_key(id, index.get_untracked(), &ev)
            on:pointerdown=start_drag(DragMode::Move)
            on:pointermove=move |ev| gantt.follow_drag(&ev)
            on:pointerup=move |ev| gantt.finish_drag(&ev)
            on:pointercancel=move |_| gantt.drag.set(None)
        >
            <Show when=move || !summary && !milestone() && geometry().is_some()>
                <span
                    class="tafel-gantt__progress"
                    style:width=move || format!("{}%", wp().map_or(0, |w| w.percentage_done))
                ></span>
                <span class="tafel-gantt__handle tafel-gantt__handle--start" on:pointerdown=start_drag(DragMode::Start)></span>
                <span class="tafel-gantt__handle tafel-gantt__handle--finish" on:pointerdown=start_drag(DragMode::Finish)></span>
            </Show>
        </div>
        <Show when=move || !summary && geometry().is_some() && wp().is_some_and(|w| w.permissions.relate)>
            <span
                class="tafel-gantt__link-handle"
                aria-hidden="true"
                title=move || i18n.fill(Key::GanttLinkFrom, &[("subject", &wp().map(|w| format!("#{} {}", w.id, w.subject)).unwrap_or_default())])
                style:left=move || geometry().map_or_else(|| "0px".to_owned(), |(x, w, ..)| format!("{}px", x + w))
                on:pointerdown=move |ev| {
                    ev.stop_propagation();
                    if let Some(target) = ev.current_target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok()) {
                        let _ = target.set_pointer_capture(ev.pointer_id());
                    }
                    gantt.start_link(id);
                }
                on:pointerup=move |ev| match GanttCtx::link_target_at(ev.client_x(), ev.client_y()) {
                    Some(to) if to != id => gantt.finish_link(to),
                    _ => {}
                }
            ></span>
        </Show>
        {move || tip().map(|text| view! {
            <span
                class="tafel-gantt__tip"
                aria-hidden="true"
                style:left=move || geometry().map_or_else(|| "0px".to_owned(), |(x, ..)| format!("{x}px"))
            >
                {text}
            </span>
        })}
        <span
            class="tafel-gantt__caption"
            aria-hidden="true"
            style:left=move || geometry().map_or_else(|| "0px".to_owned(), |(x, w, ..)| format!("{}px", x + w + 6.0))
        >
            {move || (overdue() || violated()).then_some("⚠ ")}
            {move || violated().then(|| format!("{} · ", i18n.t(Key::GanttViolatedShort)))}
            {move || wp().map(|w| w.subject).unwrap_or_default()}
        </span>
    }
}
