//! Dragging a card with a mouse, pen or finger (pointer events). The card follows the pointer; the spot
//! under the pointer is marked; dropping moves the card there.

use super::keyboard::Spot;
use crate::domain::WorkPackageId;
use crate::domain::board_layout::Board;
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
    pub fn follow(&mut self, ev: &web_sys::PointerEvent, board: &Board) -> bool {
        self.follow_point(f64::from(ev.client_x()), f64::from(ev.client_y()), board)
    }

    /// Where the pointer is now.
    pub fn pointer(&self) -> (f64, f64) {
        (self.start.0 + self.offset.0, self.start.1 + self.offset.1)
    }

    /// Follows the pointer to a point (also when the board scrolled under a still pointer).
    pub fn follow_point(&mut self, x: f64, y: f64, board: &Board) -> bool {
        self.offset = (x - self.start.0, y - self.start.1);
        if !self.active && self.offset.0.hypot(self.offset.1) >= DRAG_THRESHOLD {
            self.active = true;
        }
        if self.active {
            self.target = spot_at(x, y, self.id, board);
        }
        self.active
    }
}

/// The cell and index under a point, counting only the other cards of that cell. Only the cards in
/// view are drawn; each carries its index in the cell (`data-index`).
fn spot_at(x: f64, y: f64, dragging: WorkPackageId, board: &Board) -> Option<Spot> {
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
    let token = column.get_attribute("data-cell")?;
    let found = board.cells.iter().find(|c| c.key.token() == token)?;
    let (cell, cards) = (found.key, &found.cards);
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

/// How close to a scrolling box's edge a carried card makes it scroll, in pixels.
const EDGE: f64 = 56.0;
/// The most it scrolls per frame, right at the edge.
const MAX_STEP: f64 = 20.0;

/// Speed towards the nearer edge of `start..end`: negative near the start, positive near the end.
fn edge_speed(at: f64, start: f64, end: f64) -> f64 {
    let edge = EDGE.min((end - start) / 3.0);
    if at < start + edge {
        -MAX_STEP * (1.0 - (at - start).max(0.0) / edge)
    } else if at > end - edge {
        MAX_STEP * (1.0 - (end - at).max(0.0) / edge)
    } else {
        0.0
    }
}

/// Scrolls the board sideways, and the cell under the pointer up or down, when a carried card is
/// held near their edges; returns whether anything moved, so the caller keeps going next frame.
pub fn scroll_at_edges(x: f64, y: f64) -> bool {
    let mut moved = false;
    let mut scroll = |element: &web_sys::Element, horizontal: bool, vertical: bool| {
        let rect = element.get_bounding_client_rect();
        let dx = if horizontal {
            edge_speed(x, rect.left(), rect.right())
        } else {
            0.0
        };
        let dy = if vertical {
            edge_speed(y, rect.top(), rect.bottom())
        } else {
            0.0
        };
        let (left, top) = (element.scroll_left(), element.scroll_top());
        if dx != 0.0 || dy != 0.0 {
            element.scroll_by_with_x_and_y(dx, dy);
            moved |= element.scroll_left() != left || element.scroll_top() != top;
        }
    };
    let Ok(Some(columns)) = document().query_selector(".tafel-board__columns") else {
        return false;
    };
    // With swimlanes the board scrolls down too; without, each cell does.
    let lanes = columns.class_list().contains("tafel-board__columns--lanes");
    scroll(&columns, true, lanes);
    #[allow(clippy::cast_possible_truncation)]
    let cell = document()
        .element_from_point(x as f32, y as f32)
        .and_then(|e| e.closest(".tafel-cell").ok().flatten())
        .and_then(|cell| cell.query_selector(".tafel-cell__cards").ok().flatten());
    if let Some(cell) = cell {
        scroll(&cell, false, true);
    }
    moved
}

#[cfg(test)]
mod tests {
    use super::edge_speed;

    #[test]
    fn only_the_edges_scroll_and_faster_closer_to_them() {
        assert!(edge_speed(500.0, 0.0, 1000.0).abs() < f64::EPSILON);
        assert!(edge_speed(10.0, 0.0, 1000.0) < edge_speed(40.0, 0.0, 1000.0));
        assert!(edge_speed(40.0, 0.0, 1000.0) < 0.0);
        assert!(edge_speed(990.0, 0.0, 1000.0) > edge_speed(960.0, 0.0, 1000.0));
        assert!(
            edge_speed(-50.0, 0.0, 1000.0) >= -20.0,
            "no faster than the cap beyond the edge"
        );
    }
}
