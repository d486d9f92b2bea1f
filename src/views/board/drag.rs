//! Dragging a card with a mouse, pen or finger (pointer events). The card follows the pointer; the spot
//! under the pointer is marked; dropping moves the card there.

use super::keyboard::Spot;
use crate::domain::{StatusId, WorkPackageId};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Pixels the pointer must travel before a press becomes a drag, so clicks stay clicks.
const DRAG_THRESHOLD: f64 = 5.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DragState {
    pub id: WorkPackageId,
    pub pointer_id: i32,
    pub start: (f64, f64),
    pub offset: (f64, f64),
    pub active: bool,
    pub target: Option<Spot>,
}

impl DragState {
    pub fn new(id: WorkPackageId, ev: &web_sys::PointerEvent) -> Self {
        Self {
            id,
            pointer_id: ev.pointer_id(),
            start: (f64::from(ev.client_x()), f64::from(ev.client_y())),
            offset: (0.0, 0.0),
            active: false,
            target: None,
        }
    }

    /// Follows the pointer; returns whether it is (now) a real drag.
    pub fn follow(&mut self, ev: &web_sys::PointerEvent) -> bool {
        let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        self.offset = (x - self.start.0, y - self.start.1);
        if !self.active && self.offset.0.hypot(self.offset.1) >= DRAG_THRESHOLD {
            self.active = true;
        }
        if self.active {
            self.target = spot_at(x, y, self.id);
        }
        self.active
    }
}

/// The column and index under a point, counting only the other cards of that column.
fn spot_at(x: f64, y: f64, dragging: WorkPackageId) -> Option<Spot> {
    #[allow(clippy::cast_possible_truncation)]
    let element = document().element_from_point(x as f32, y as f32)?;
    let column = element.closest("[data-column-status]").ok()??;
    let status = StatusId(column.get_attribute("data-column-status")?.parse().ok()?);
    let cards = column.query_selector_all("[data-card-id]").ok()?;
    let mut index = 0;
    for i in 0..cards.length() {
        let Some(card) = cards
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        if card.get_attribute("data-card-id").as_deref() == Some(dragging.0.to_string().as_str()) {
            continue;
        }
        let rect = card.get_bounding_client_rect();
        if y < rect.top() + rect.height() / 2.0 {
            break;
        }
        index += 1;
    }
    Some(Spot { status, index })
}
