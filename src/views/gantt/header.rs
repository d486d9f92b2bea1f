//! The timeline's header (a tick per day, week, month, quarter or year in view) and what lies under
//! the bars: shaded non-working days and the today line. Only the stretch in view is drawn.

use super::{HEADER, use_gantt};
use crate::domain::timeline::Zoom;
use crate::i18n::{Key, format};
use crate::state::prefs::use_i18n;
use leptos::prelude::*;

/// The timeline x range in view (timeline coordinates, without the tree column).
fn visible_x() -> Memo<(f64, f64)> {
    let gantt = use_gantt();
    Memo::new(move |_| {
        let (left, _, width, _) = gantt.viewport.get();
        (left, left + width - gantt.split.get())
    })
}

#[component]
pub fn TimelineHeader() -> impl IntoView {
    let gantt = use_gantt();
    let i18n = use_i18n();
    let window = visible_x();
    let ticks = move || {
        let (from, to) = window.get();
        let scale = gantt.scale.get();
        let zoom = gantt.zoom.get();
        scale
            .ticks(zoom, from, to)
            .into_iter()
            .map(|day| {
                let left = scale.x(day);
                let label = format::tick(i18n.lang(), zoom, day);
                view! {
                    <span class="tafel-gantt__tick" style:left=format!("{left}px")>{label}</span>
                }
            })
            .collect_view()
    };
    view! {
        <div class="tafel-gantt__head" style:height=format!("{HEADER}px")>
            <div class="tafel-gantt__corner">
                <span>{i18n.tr(Key::FieldSubject)}</span>
                <Splitter/>
            </div>
            <div class="tafel-gantt__ticks" aria-hidden="true">{ticks}</div>
        </div>
    }
}

/// The handle between the tree and the timeline: drag it, or focus it and use the arrow keys.
#[component]
fn Splitter() -> impl IntoView {
    let gantt = use_gantt();
    let i18n = use_i18n();
    let dragging = StoredValue::new(None::<(f64, f64)>);
    let clamp = |w: f64| w.clamp(160.0, 900.0);
    view! {
        <div
            class="tafel-gantt__splitter"
            role="separator"
            tabindex="0"
            aria-orientation="vertical"
            aria-label=move || i18n.t(Key::GanttSplitter)
            aria-valuemin="160"
            aria-valuemax="900"
            aria-valuenow=move || gantt.split.get().round().to_string()
            on:pointerdown=move |ev| {
                if let Some(target) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok()) {
                    let _ = target.set_pointer_capture(ev.pointer_id());
                }
                dragging.set_value(Some((f64::from(ev.client_x()), gantt.split.get_untracked())));
            }
            on:pointermove=move |ev| {
                if let Some((x0, w0)) = dragging.get_value() {
                    gantt.split.set(clamp(w0 + f64::from(ev.client_x()) - x0));
                }
            }
            on:pointerup=move |_| dragging.set_value(None)
            on:keydown=move |ev| {
                let step = match ev.key().as_str() {
                    "ArrowLeft" => -24.0,
                    "ArrowRight" => 24.0,
                    _ => return,
                };
                ev.prevent_default();
                gantt.split.update(|w| *w = clamp(*w + step));
            }
        ></div>
    }
}

#[component]
pub fn TimelineShades() -> impl IntoView {
    let gantt = use_gantt();
    let i18n = use_i18n();
    let window = visible_x();
    let today = chrono::Local::now().date_naive();
    // Weekends are shaded where a day is wide enough to see; at month zoom and beyond they are not.
    let shades = move || {
        let zoom = gantt.zoom.get();
        if !matches!(zoom, Zoom::Day | Zoom::Week) {
            return Vec::new();
        }
        let (from, to) = window.get();
        let scale = gantt.scale.get();
        let mut day = scale.day_at(from.max(0.0));
        let mut out = Vec::new();
        while scale.x(day) < to {
            if !gantt.calendar.with(|c| c.is_working(day)) {
                out.push((scale.x(day), day));
            }
            day = scale.shift(day, 1);
        }
        out
    };
    view! {
        <div class="tafel-gantt__shades" aria-hidden="true">
            {move || {
                let width = gantt.scale.get().px_per_day;
                shades().into_iter().map(|(left, day)| view! {
                    <span class="tafel-gantt__weekend" data-day=day.to_string() style:left=format!("{left}px") style:width=format!("{width}px")></span>
                }).collect_view()
            }}
            <span
                class="tafel-gantt__today"
                style:left=move || format!("{}px", gantt.scale.get().x(today) + gantt.scale.get().px_per_day / 2.0)
                title=move || i18n.t(Key::GanttToday)
            ></span>
        </div>
    }
}
