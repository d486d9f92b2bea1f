//! Pointer and keyboard on the timeline: dragging bars and their ends, the keys of a focused bar,
//! a click in the row of a work package without dates, and undo/redo keys. Each ends in a plan
//! of new dates (`editing`).

use super::GanttCtx;
use super::editing::{BarDrag, DragMode, moved};
use crate::domain::WorkPackageId;
use leptos::prelude::*;

impl GanttCtx {
    /// A press on a bar (or one of its ends) may start a drag; it counts once the pointer moved.
    pub fn start_drag(self, id: WorkPackageId, mode: DragMode, ev: &web_sys::PointerEvent) {
        let Some(from) = self.spans.with_untracked(|s| s.get(&id).copied()) else {
            return;
        };
        if let Some(target) = ev
            .current_target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
        {
            let _ = target.set_pointer_capture(ev.pointer_id());
        }
        self.drag.set(Some(BarDrag {
            id,
            mode,
            pointer_id: ev.pointer_id(),
            x0: f64::from(ev.client_x()),
            days: 0,
            active: false,
            from,
            milestone: self
                .project
                .get_untracked(id)
                .is_some_and(|wp| wp.date.is_some()),
        }));
    }

    pub fn follow_drag(self, ev: &web_sys::PointerEvent) {
        let Some(mut drag) = self.drag.get_untracked() else {
            return;
        };
        if drag.pointer_id != ev.pointer_id() {
            return;
        }
        let dx = f64::from(ev.client_x()) - drag.x0;
        drag.active = drag.active || dx.abs() >= 4.0;
        let days = self.scale.get_untracked().days_in(dx);
        if drag.active
            && (days != drag.days || !self.drag.with_untracked(|d| d.is_some_and(|d| d.active)))
        {
            drag.days = days;
            self.drag.set(Some(drag));
        }
    }

    pub fn finish_drag(self, ev: &web_sys::PointerEvent) {
        let Some(drag) = self.drag.get_untracked() else {
            return;
        };
        if drag.pointer_id != ev.pointer_id() {
            return;
        }
        self.drag.set(None);
        if drag.active && drag.days != 0 {
            let to = self.calendar.with_untracked(|c| drag.target(c));
            self.commit(drag.id, to);
        }
    }

    /// A click in the row of a work package without dates gives it dates from the day clicked.
    pub fn place_undated(self, id: WorkPackageId, parent: bool, ev: &web_sys::PointerEvent) {
        let undated = self.spans.with_untracked(|s| !s.contains_key(&id)) && !parent;
        let may = self
            .project
            .get_untracked(id)
            .is_some_and(|wp| wp.permissions.update);
        let busy = self.drag.get_untracked().is_some() || self.linking.get_untracked().is_some();
        if let (true, true, false, Some(lane)) = (
            undated,
            may,
            busy,
            ev.current_target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok()),
        ) {
            let x = f64::from(ev.client_x()) - lane.get_bounding_client_rect().left();
            self.schedule_undated(id, self.scale.get_untracked().day_at(x));
        }
    }

    /// Ctrl+Z undoes, Ctrl+Shift+Z or Ctrl+Y redoes, anywhere in the Gantt but in a text field.
    pub fn on_history_key(self, ev: &web_sys::KeyboardEvent) {
        if !(ev.ctrl_key() || ev.meta_key()) {
            return;
        }
        if crate::components::focus::typing_in(ev) {
            return;
        }
        match (ev.key().to_lowercase().as_str(), ev.shift_key()) {
            ("z", false) => self.undo(),
            ("z", true) | ("y", _) => self.redo(),
            _ => return,
        }
        ev.prevent_default();
    }

    /// Arrows Up and Down move between rows; Left and Right move the bar a day, with Shift its
    /// finish; Enter opens the work package; L starts a link, Enter ends it on another bar.
    pub fn on_bar_key(self, id: WorkPackageId, index: usize, ev: &web_sys::KeyboardEvent) {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        match (self.linking.get_untracked().is_some(), ev.key().as_str()) {
            (true, "Enter") => {
                ev.prevent_default();
                self.finish_link(id);
                return;
            }
            (true, "Escape") => {
                ev.prevent_default();
                self.cancel_link();
                return;
            }
            (false, "l" | "L") => {
                ev.prevent_default();
                self.start_link(id);
                return;
            }
            (false, "Delete" | "Backspace") => {
                if let Some((from, to)) = self
                    .selected_link
                    .get_untracked()
                    .filter(|(a, b)| *a == id || *b == id)
                {
                    ev.prevent_default();
                    self.remove_link(from, to);
                }
                return;
            }
            _ => {}
        }
        let step: i64 = match ev.key().as_str() {
            "ArrowUp" | "ArrowDown" => {
                ev.prevent_default();
                let next = if ev.key() == "ArrowUp" {
                    index.checked_sub(1)
                } else {
                    Some(index + 1)
                };
                if let Some(row) =
                    next.and_then(|i| self.rows.with_untracked(|r| r.get(i).copied()))
                {
                    let next = next.unwrap_or(index);
                    self.focused.set(Some(row.id));
                    self.reveal_row(next);
                    crate::components::focus::focus_when_drawn(format!(
                        "[data-bar-id=\"{}\"]",
                        row.id.0
                    ));
                }
                return;
            }
            "Enter" => {
                ev.prevent_default();
                self.detail.set(Some(id));
                return;
            }
            "ArrowLeft" => -1,
            "ArrowRight" => 1,
            _ => return,
        };
        ev.prevent_default();
        let editable = self
            .project
            .get_untracked(id)
            .is_some_and(|wp| wp.permissions.update)
            && !self
                .rows
                .with_untracked(|r| r.get(index).is_some_and(|r| r.has_children));
        if !editable {
            return;
        }
        let scale = self.scale.get_untracked();
        let Some((start, finish)) = self.spans.with_untracked(|s| s.get(&id).copied()) else {
            // Without dates, the arrow keys give it a week from the first day in view.
            self.schedule_undated(id, scale.day_at(self.viewport.get_untracked().0));
            return;
        };
        let milestone = self
            .project
            .get_untracked(id)
            .is_some_and(|wp| wp.date.is_some());
        let mode = if ev.shift_key() {
            DragMode::Finish
        } else {
            DragMode::Move
        };
        let to = self
            .calendar
            .with_untracked(|c| moved(c, (start, finish), step, mode, milestone));
        if to != (start, finish) {
            self.commit(id, to);
        }
    }
}
