//! Above the timeline: zoom, jump to today, fit everything, critical path, undo and redo, filters.

use super::use_gantt;
use crate::domain::timeline::Zoom;
use crate::i18n::Key;
use crate::state::prefs::use_i18n;
use crate::state::url::ListParamsHandle;
use crate::views::filters::ListFilters;
use leptos::prelude::*;

fn zoom_key(zoom: Zoom) -> Key {
    match zoom {
        Zoom::Day => Key::ZoomDay,
        Zoom::Week => Key::ZoomWeek,
        Zoom::Month => Key::ZoomMonth,
        Zoom::Quarter => Key::ZoomQuarter,
        Zoom::Year => Key::ZoomYear,
    }
}

#[component]
pub fn GanttToolbar(list: ListParamsHandle) -> impl IntoView {
    let gantt = use_gantt();
    let i18n = use_i18n();
    let today = chrono::Local::now().date_naive();
    // The zoom at which the dated rows fit the width in view, starting at the first of them.
    let fit_all = move |_| {
        let (first, final_day) = gantt.rows_reach();
        let (_, _, width, _) = gantt.viewport.get_untracked();
        #[allow(clippy::cast_precision_loss)]
        let days = ((final_day - first).num_days() + 7) as f64;
        gantt
            .zoom
            .set(Zoom::fitting((width - gantt.split.get_untracked()) / days));
        gantt.reveal_day_after_redraw(first);
    };
    view! {
        <div class="tafel-gantt__toolbar">
            <div class="tafel-row">
                <div class="tafel-field tafel-field--inline">
                    <label for="tafel-gantt-zoom">{i18n.tr(Key::Zoom)}</label>
                    <select
                        id="tafel-gantt-zoom"
                        class="tafel-select"
                        on:change=move |ev| {
                            if let Some(zoom) = Zoom::parse(&event_target_value(&ev)) {
                                let day = gantt.scale.get_untracked().day_at(gantt.viewport.get_untracked().0);
                                gantt.zoom.set(zoom);
                                gantt.reveal_day_after_redraw(day);
                            }
                        }
                    >
                        {Zoom::ALL.into_iter().map(|zoom| view! {
                            <option value=zoom.as_str() selected=move || gantt.zoom.get() == zoom>{i18n.tr(zoom_key(zoom))}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button type="button" class="tafel-button" on:click=move |_| gantt.reveal_day(today)>
                    {i18n.tr(Key::GanttToday)}
                </button>
                <button type="button" class="tafel-button" on:click=fit_all>{i18n.tr(Key::GanttFitAll)}</button>
                <label class="tafel-check">
                    <input
                        type="checkbox"
                        prop:checked=move || gantt.critical.get()
                        on:change=move |ev| gantt.critical.set(event_target_checked(&ev))
                    />
                    {i18n.tr(Key::GanttCritical)}
                </label>
                <button type="button" class="tafel-button" on:click=move |_| {
                    if let Err(error) = gantt.export_svg() {
                        gantt.notices.error(error);
                    }
                }>
                    {i18n.tr(Key::GanttExportSvg)}
                </button>
                <button type="button" class="tafel-button" on:click=move |_| gantt.export_png()>
                    {i18n.tr(Key::GanttExportPng)}
                </button>
                <super::baseline::BaselineTools/>
                <button
                    type="button"
                    class="tafel-button"
                    disabled=move || gantt.history.with(|h| !h.can_undo())
                    aria-keyshortcuts="Control+Z"
                    on:click=move |_| gantt.undo()
                >
                    {i18n.tr(Key::Undo)}
                </button>
                <button
                    type="button"
                    class="tafel-button"
                    disabled=move || gantt.history.with(|h| !h.can_redo())
                    aria-keyshortcuts="Control+Shift+Z"
                    on:click=move |_| gantt.redo()
                >
                    {i18n.tr(Key::Redo)}
                </button>
            </div>
            <div class="tafel-row">
                <crate::views::saved_views::SavedViews kind=crate::domain::saved_view::ViewKind::Gantt/>
                <super::links::LinkTools/>
                <Show when=move || gantt.linking.get().is_some()>
                    <p class="tafel-gantt__linking" role="status">
                        {move || i18n.t(Key::GanttLinkHint)}
                        " "
                        <button type="button" class="tafel-button tafel-button--quiet" on:click=move |_| gantt.cancel_link()>
                            {i18n.tr(Key::Cancel)}
                        </button>
                    </p>
                </Show>
            </div>
            <ListFilters list/>
        </div>
    }
}
