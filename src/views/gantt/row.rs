//! One line of the Gantt: the work package in the tree (folding its children) and its bar.

use super::bar::GanttBar;
use super::{HEADER, ROW, use_gantt};
use crate::domain::timeline::GanttRow;
use crate::i18n::Key;
use crate::state::prefs::use_i18n;
use crate::state::url::use_detail_panel;
use leptos::prelude::*;

#[component]
pub fn GanttRowView(index: Signal<usize>, row: GanttRow) -> impl IntoView {
    let gantt = use_gantt();
    let i18n = use_i18n();
    let detail = use_detail_panel();
    let id = row.id;
    let subject = move || {
        gantt
            .project
            .get(id)
            .map(|wp| wp.subject)
            .unwrap_or_default()
    };
    let folded = move || gantt.collapsed.with(|c| c.contains(&id));
    #[allow(clippy::cast_precision_loss)]
    let top = move || format!("{}px", HEADER + index.get() as f64 * ROW);
    let indent = f64::from(row.depth) * 16.0;
    view! {
        <div
            class="tafel-gantt__row"
            role="listitem"
            data-testid="gantt-row"
            data-wp-id=id.0.to_string()
            style:top=top
        >
            <div class="tafel-gantt__label" style:padding-inline-start=format!("{}px", indent + 8.0)>
                {row.has_children.then(|| view! {
                    <button
                        type="button"
                        class="tafel-button tafel-button--icon tafel-gantt__fold"
                        aria-expanded=move || (!folded()).to_string()
                        aria-label=move || i18n.fill(Key::GanttFold, &[("subject", &format!("#{} {}", id.0, subject()))])
                        on:click=move |_| gantt.collapsed.update(|c| {
                            if !c.remove(&id) {
                                c.insert(id);
                            }
                        })
                    >
                        <span aria-hidden="true">{move || if folded() { "▸" } else { "▾" }}</span>
                    </button>
                })}
                <button
                    type="button"
                    class="tafel-link tafel-gantt__subject"
                    tabindex="-1"
                    title=subject
                    on:click=move |_| detail.set(Some(id))
                >
                    <span class="tafel-gantt__id">{format!("#{}", id.0)}</span>
                    " "
                    {subject}
                </button>
            </div>
            <div
                class="tafel-gantt__lane"
                on:pointerup=move |ev| gantt.place_undated(id, row.has_children, &ev)
            >
                <super::baseline::BaselineBar id/>
                <GanttBar id summary=row.has_children index/>
            </div>
        </div>
    }
}
