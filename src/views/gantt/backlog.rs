//! The backlog: work packages without dates, above the timeline, to be dragged onto the day they
//! should start. By keyboard, Enter gives one the first day in view (and the bar keeps the focus
//! story: arrows then move it).

use super::{HEADER, use_gantt};
use crate::domain::WorkPackageId;
use crate::i18n::Key;
use leptos::prelude::*;

/// Enough to work through, few enough to keep the page small with thousands undated.
const SHOWN: usize = 40;

/// A chip being dragged: which work package, where the pointer is, and whether it moved yet.
#[derive(Clone, Copy)]
struct Carry {
    id: WorkPackageId,
    x: i32,
    y: i32,
    moved: bool,
}

#[component]
pub fn Backlog() -> impl IntoView {
    let gantt = use_gantt();
    let i18n = gantt.i18n;
    let undated = Memo::new(move |_| {
        gantt.rows.with(|rows| {
            gantt.spans.with(|spans| {
                rows.iter()
                    .filter(|r| !r.has_children && !spans.contains_key(&r.id))
                    .map(|r| r.id)
                    .collect::<Vec<_>>()
            })
        })
    });
    let carry = RwSignal::new(None::<Carry>);
    // The day under a point of the screen, if it is over the timeline (not the tree, not the header).
    let day_at = move |x: i32, y: i32| {
        let scroller = gantt.scroller.get_untracked()?;
        let rect = scroller.get_bounding_client_rect();
        let split = gantt.split.get_untracked();
        let (x, y) = (f64::from(x) - rect.left(), f64::from(y) - rect.top());
        let inside = x > split && x < rect.width() && y > HEADER && y < rect.height();
        inside.then(|| {
            let left = gantt.viewport.get_untracked().0;
            gantt.scale.get_untracked().day_at(x - split + left)
        })
    };
    let place_at_view = move |id: WorkPackageId| {
        let scale = gantt.scale.get_untracked();
        gantt.schedule_undated(id, scale.day_at(gantt.viewport.get_untracked().0));
        gantt.focused.set(Some(id));
    };
    let chip = move |id: WorkPackageId| {
        let subject = gantt.subject(id);
        let editable = gantt
            .project
            .get_untracked(id)
            .is_some_and(|wp| wp.permissions.update);
        view! {
            <li>
                <button
                    type="button"
                    class="tafel-gantt__chip"
                    data-testid="gantt-backlog-item"
                    data-wp-id=id.0.to_string()
                    disabled=!editable
                    aria-label=i18n.fill(Key::GanttBacklogItem, &[("subject", &subject)])
                    on:pointerdown=move |ev| {
                        if ev.button() != 0 {
                            return;
                        }
                        if let Some(el) = ev.current_target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok()) {
                            let _ = el.set_pointer_capture(ev.pointer_id());
                        }
                        carry.set(Some(Carry { id, x: ev.client_x(), y: ev.client_y(), moved: false }));
                    }
                    on:pointermove=move |ev| carry.update(|c| {
                        if let Some(c) = c.as_mut() {
                            c.moved |= (ev.client_x() - c.x).abs() + (ev.client_y() - c.y).abs() > 3;
                            (c.x, c.y) = (ev.client_x(), ev.client_y());
                        }
                    })
                    on:pointerup=move |ev| {
                        if let Some(c) = carry.get_untracked().filter(|c| c.moved)
                            && let Some(day) = day_at(ev.client_x(), ev.client_y())
                        {
                            gantt.schedule_undated(c.id, day);
                            gantt.focused.set(Some(c.id));
                        }
                    }
                    on:pointercancel=move |_| carry.set(None)
                    on:click=move |_| {
                        // A click that ended a drag has done its work; a plain click or Enter places it.
                        let dragged = carry.get_untracked().is_some_and(|c| c.moved);
                        carry.set(None);
                        if !dragged {
                            place_at_view(id);
                        }
                    }
                >
                    <span class="tafel-gantt__id">{format!("#{}", id.0)}</span>
                    " "
                    {gantt.project.get_untracked(id).map(|wp| wp.subject).unwrap_or_default()}
                </button>
            </li>
        }
    };
    let ghost = move || {
        carry.get().filter(|c| c.moved).map(|c| {
            view! {
                <span
                    class="tafel-gantt__ghost"
                    aria-hidden="true"
                    style:left=format!("{}px", c.x + 8)
                    style:top=format!("{}px", c.y + 8)
                >
                    {gantt.subject(c.id)}
                </span>
            }
        })
    };
    view! {
        <Show when=move || !undated.with(Vec::is_empty)>
            <section class="tafel-gantt__backlog" aria-labelledby="tafel-gantt-backlog-title" data-testid="gantt-backlog">
                <h3 id="tafel-gantt-backlog-title" class="tafel-gantt__backlog-title">
                    {move || i18n.fill(Key::GanttBacklog, &[("count", &undated.with(Vec::len).to_string())])}
                </h3>
                <p class="tafel-sr-only">{i18n.tr(Key::GanttBacklogHelp)}</p>
                <ul class="tafel-gantt__chips">
                    {move || undated.with(|ids| ids.iter().take(SHOWN).map(|id| chip(*id)).collect_view())}
                </ul>
                {move || {
                    let more = undated.with(Vec::len).saturating_sub(SHOWN);
                    (more > 0).then(|| view! {
                        <p class="tafel-gantt__more">{i18n.fill(Key::GanttBacklogMore, &[("count", &more.to_string())])}</p>
                    })
                }}
            </section>
        </Show>
        {ghost}
    }
}
