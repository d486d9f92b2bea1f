//! The table as a WAI-ARIA grid: one cell is in the tab order, arrow keys move between cells (across
//! rows drawn or not), Enter opens the subject or edits a cell, F2 edits, Space selects the row.

use crate::domain::WorkPackageId;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Grid {
    /// The cell in the tab order: (row, column index; 0 is the selection box).
    pub active: RwSignal<Option<(WorkPackageId, usize)>>,
    pub editing: RwSignal<Option<(WorkPackageId, usize)>>,
    /// The text typed into the open cell editor, by cell: its row can be drawn again while the user
    /// types (an earlier save of it arriving), and the new editor goes on with this text.
    pub draft: StoredValue<Option<((WorkPackageId, usize), String)>>,
    /// Why the server refused the last save of a cell, by cell. The row is drawn again with the
    /// stored value when a save is refused, and the editor drawn with it says why, over the text
    /// the user typed (in `draft`), rather than taking the stored value for "no change".
    pub refused: RwSignal<Option<((WorkPackageId, usize), String)>>,
    /// The first row, whose first cell is the tab stop until another cell was chosen.
    pub first_row: Memo<Option<WorkPackageId>>,
}

impl Grid {
    pub fn is_tab_stop(self, id: WorkPackageId, column: usize) -> bool {
        match self.active.get() {
            Some(active) => active == (id, column),
            None => column == 1 && self.first_row.get() == Some(id),
        }
    }

    pub fn selector(id: WorkPackageId, column: usize) -> String {
        format!("tr[data-wp-id=\"{}\"] > td[data-ci=\"{column}\"]", id.0)
    }
}

/// The (row, column index) of the cell an event happened in.
pub fn cell_of(target: Option<web_sys::EventTarget>) -> Option<(WorkPackageId, usize)> {
    let element: web_sys::Element = wasm_bindgen::JsCast::dyn_into(target?).ok()?;
    let cell = element.closest("td[data-ci]").ok()??;
    let column = cell.get_attribute("data-ci")?.parse().ok()?;
    let row = cell.closest("tr[data-wp-id]").ok()??;
    let id = row.get_attribute("data-wp-id")?.parse().ok()?;
    Some((WorkPackageId(id), column))
}

/// Rows a Page Up or Page Down moves by.
const PAGE: usize = 10;

/// Where a key takes the active cell: (position among the rows, column index), for `rows` rows and
/// columns `0..=last_column`; `None` for keys that do not move.
pub fn step(
    key: &str,
    ctrl: bool,
    at: (usize, usize),
    rows: usize,
    last_column: usize,
) -> Option<(usize, usize)> {
    let (row, column) = at;
    let last_row = rows.checked_sub(1)?;
    Some(match (key, ctrl) {
        ("ArrowUp", _) => (row.saturating_sub(1), column),
        ("ArrowDown", _) => ((row + 1).min(last_row), column),
        ("ArrowLeft", _) => (row, column.saturating_sub(1)),
        ("ArrowRight", _) => (row, (column + 1).min(last_column)),
        ("Home", false) => (row, 0),
        ("End", false) => (row, last_column),
        ("Home", true) => (0, column),
        ("End", true) => (last_row, column),
        ("PageUp", _) => (row.saturating_sub(PAGE), column),
        ("PageDown", _) => ((row + PAGE).min(last_row), column),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::step;

    #[test]
    fn arrow_keys_move_one_cell_and_stop_at_the_edges() {
        assert_eq!(step("ArrowDown", false, (0, 2), 5, 8), Some((1, 2)));
        assert_eq!(step("ArrowDown", false, (4, 2), 5, 8), Some((4, 2)));
        assert_eq!(step("ArrowUp", false, (0, 2), 5, 8), Some((0, 2)));
        assert_eq!(step("ArrowLeft", false, (3, 0), 5, 8), Some((3, 0)));
        assert_eq!(step("ArrowRight", false, (3, 8), 5, 8), Some((3, 8)));
        assert_eq!(step("ArrowRight", false, (3, 2), 5, 8), Some((3, 3)));
    }

    #[test]
    fn home_end_and_page_keys_jump_and_other_keys_do_not_move() {
        assert_eq!(step("Home", false, (3, 5), 50, 8), Some((3, 0)));
        assert_eq!(step("End", false, (3, 5), 50, 8), Some((3, 8)));
        assert_eq!(step("Home", true, (30, 5), 50, 8), Some((0, 5)));
        assert_eq!(step("End", true, (3, 5), 50, 8), Some((49, 5)));
        assert_eq!(step("PageDown", false, (45, 1), 50, 8), Some((49, 1)));
        assert_eq!(step("PageUp", false, (12, 1), 50, 8), Some((2, 1)));
        assert_eq!(step("a", false, (1, 1), 50, 8), None);
        assert_eq!(step("ArrowDown", false, (0, 0), 0, 8), None, "no rows");
    }
}
