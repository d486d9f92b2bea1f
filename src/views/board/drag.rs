//! Dragging a card with a mouse, pen or finger (pointer events). The card follows the pointer; the spot
//! under the pointer is marked; dropping moves the card there.

use super::keyboard::Spot;
use crate::domain::WorkPackageId;
use crate::domain::board_layout::{Board, CellKey, Layout};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Pixels the pointer must travel before a press becomes a drag, so clicks stay clicks.
const DRAG_THRESHOLD: f64 = 5.0;

/// How long a finger rests on a card before it picks the card up; moving sooner scrolls instead.
pub const LONG_PRESS: std::time::Duration = std::time::Duration::from_millis(450);

/// How far a finger may drift during the long press and still pick the card up.
pub const LONG_PRESS_SLOP: f64 = 8.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DragState {
    pub id: WorkPackageId,
    pub pointer_id: i32,
    pub start: (f64, f64),
    pub offset: (f64, f64),
    /// Where the card was when the drag began (left, top, width, height), for the ghost that follows
    /// the pointer above every scrolling box.
    pub rect: (f64, f64, f64, f64),
    pub active: bool,
    /// Begun by a finger (a long press), which is not followed by a click as a mouse drag is.
    pub touch: bool,
    pub target: Option<Spot>,
}

impl DragState {
    pub fn new(id: WorkPackageId, ev: &web_sys::PointerEvent) -> Self {
        let rect = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest(".tafel-card").ok().flatten())
            .map_or((0.0, 0.0, 0.0, 0.0), |card| {
                let r = card.get_bounding_client_rect();
                (r.left(), r.top(), r.width(), r.height())
            });
        Self {
            id,
            pointer_id: ev.pointer_id(),
            start: (f64::from(ev.client_x()), f64::from(ev.client_y())),
            offset: (0.0, 0.0),
            rect,
            touch: ev.pointer_type() == "touch",
            active: false,
            target: None,
        }
    }

    /// Follows the pointer; returns whether it is (now) a real drag.
    pub fn follow(&mut self, ev: &web_sys::PointerEvent, board: &Board, layout: Layout) -> bool {
        let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        self.offset = (x - self.start.0, y - self.start.1);
        if !self.active && self.offset.0.hypot(self.offset.1) >= DRAG_THRESHOLD {
            self.active = true;
        }
        if self.active {
            self.target = spot_at(x, y, self.id, board, layout);
        }
        self.active
    }
}

/// The cell and index under a point, counting only the other cards of that cell. Only the cards in
/// view are drawn; each carries its index in the cell (`data-index`).
fn spot_at(x: f64, y: f64, dragging: WorkPackageId, board: &Board, layout: Layout) -> Option<Spot> {
    #[allow(clippy::cast_possible_truncation)]
    let element = document().element_from_point(x as f32, y as f32)?;
    // Over a cell, or over a column's heading (which stands for its only cell without swimlanes).
    let column = match element.closest("[data-cell]").ok()? {
        Some(cell) => cell,
        None => element
            .closest("[data-column]")
            .ok()??
            .query_selector("[data-cell]")
            .ok()??,
    };
    let cell = CellKey::parse(layout, &column.get_attribute("data-cell")?)?;
    let cards = &board.cell(cell)?.cards;
    let dragging_at = cards.iter().position(|id| *id == dragging);
    // The index among the others of the card at `index` in the column.
    let among_others = |index: usize| match dragging_at {
        Some(d) if d < index => index - 1,
        _ => index,
    };
    let drawn = column.query_selector_all("[data-card-id]").ok()?;
    let mut below_all = None;
    for i in 0..drawn.length() {
        let Some(card) = drawn
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        let Some(index) = card
            .get_attribute("data-index")
            .and_then(|v| v.parse::<usize>().ok())
        else {
            continue;
        };
        if Some(index) == dragging_at {
            continue;
        }
        let rect = card.get_bounding_client_rect();
        if y < rect.top() + rect.height() / 2.0 {
            return Some(Spot {
                cell,
                index: among_others(index),
            });
        }
        below_all = Some(among_others(index) + 1);
    }
    let others = cards.len() - usize::from(dragging_at.is_some());
    Some(Spot {
        cell,
        index: below_all.unwrap_or(others).min(others),
    })
}
