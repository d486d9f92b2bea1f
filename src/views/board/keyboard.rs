//! Pure rules for moving a picked-up card with the arrow keys, and for showing it at its new spot
//! before it is dropped. The board is a grid: lanes of cells, one cell per column.

use crate::domain::WorkPackageId;
use crate::domain::board_layout::{Board, CellKey, GroupValue};
use std::collections::HashSet;

/// Where a card would land: a cell and an index among that cell's other cards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spot {
    pub cell: CellKey,
    pub index: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Left,
    Right,
    Up,
    Down,
}

impl Step {
    pub fn from_key(key: &str) -> Option<Self> {
        match key {
            "ArrowLeft" => Some(Self::Left),
            "ArrowRight" => Some(Self::Right),
            "ArrowUp" => Some(Self::Up),
            "ArrowDown" => Some(Self::Down),
            _ => None,
        }
    }
}

fn others_len(board: &Board, cell: usize, moving: WorkPackageId) -> usize {
    board.cells[cell]
        .cards
        .iter()
        .filter(|id| **id != moving)
        .count()
}

/// Folded lanes and columns, by value: keyboard moves pass them by.
pub type Folded = HashSet<GroupValue>;

/// Whether a cell is drawn: neither its column nor its lane is folded.
pub fn is_unfolded(folded: &Folded, key: CellKey) -> bool {
    !folded.contains(&key.column) && !key.lane.is_some_and(|lane| folded.contains(&lane))
}

fn is_open(board: &Board, folded: &Folded, cell: usize) -> bool {
    is_unfolded(folded, board.cells[cell].key)
}

/// The spot one step away, staying inside the board and out of folded lanes and columns: left and
/// right change the column within the lane; up from the top of a cell and down from its bottom go
/// to the lane above or below.
pub fn step(board: &Board, folded: &Folded, moving: WorkPackageId, at: Spot, step: Step) -> Spot {
    let Some(cell) = board.index_of(at.cell) else {
        return at;
    };
    let width = board.columns.len();
    let (lane, column) = (cell / width, cell % width);
    let open = |lane: usize, column: usize| is_open(board, folded, lane * width + column);
    let target = match step {
        Step::Left => (0..column)
            .rev()
            .find(|c| open(lane, *c))
            .map(|c| (lane * width + c, at.index)),
        Step::Right => (column + 1..width)
            .find(|c| open(lane, *c))
            .map(|c| (lane * width + c, at.index)),
        Step::Up if at.index == 0 => (0..lane)
            .rev()
            .find(|l| open(*l, column))
            .map(|l| (l * width + column, usize::MAX)),
        Step::Up => Some((cell, at.index - 1)),
        Step::Down if at.index >= others_len(board, cell, moving) => (lane + 1..board.lanes.len())
            .find(|l| open(*l, column))
            .map(|l| (l * width + column, 0)),
        Step::Down => Some((cell, at.index + 1)),
    };
    let Some((cell, index)) = target else {
        return at;
    };
    Spot {
        cell: board.cells[cell].key,
        index: index.min(others_len(board, cell, moving)),
    }
}

/// The card focus goes to from `from` with an arrow key (not carrying anything): up and down within
/// the cell and on into the nearest lane above or below with cards in this column; left and right
/// to the nearest column of the lane with cards, at the same height as far as it goes. Folded lanes
/// and columns are passed by. `None` at the board's edge.
pub fn neighbour(
    board: &Board,
    folded: &Folded,
    from: WorkPackageId,
    step: Step,
) -> Option<WorkPackageId> {
    let (key, index) = board.spot_of(from)?;
    let cell = board.index_of(key)?;
    let width = board.columns.len();
    let (lane, column) = (cell / width, cell % width);
    let cards = |l: usize, c: usize| &board.cells[l * width + c].cards;
    let usable =
        |l: usize, c: usize| is_open(board, folded, l * width + c) && !cards(l, c).is_empty();
    let here = cards(lane, column);
    match step {
        Step::Up if index > 0 => Some(here[index - 1]),
        Step::Up => (0..lane)
            .rev()
            .find(|l| usable(*l, column))
            .and_then(|l| cards(l, column).last().copied()),
        Step::Down if index + 1 < here.len() => Some(here[index + 1]),
        Step::Down => (lane + 1..board.lanes.len())
            .find(|l| usable(*l, column))
            .map(|l| cards(l, column)[0]),
        Step::Left => (0..column)
            .rev()
            .find(|c| usable(lane, *c))
            .map(|c| cards(lane, c)[index.min(cards(lane, c).len() - 1)]),
        Step::Right => (column + 1..width)
            .find(|c| usable(lane, *c))
            .map(|c| cards(lane, c)[index.min(cards(lane, c).len() - 1)]),
    }
}

/// The board as it would look with `moving` at `spot`.
pub fn with_card_at(mut board: Board, moving: WorkPackageId, spot: Spot) -> Board {
    for cell in &mut board.cells {
        cell.cards.retain(|id| *id != moving);
    }
    if let Some(cell) = board.cells.iter_mut().find(|c| c.key == spot.cell) {
        let index = spot.index.min(cell.cards.len());
        cell.cards.insert(index, moving);
    }
    board
}

/// Where a card is now, as a spot.
pub fn spot_of(board: &Board, id: WorkPackageId) -> Option<Spot> {
    board.spot_of(id).map(|(cell, index)| Spot { cell, index })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::board_layout::{Cell, GroupValue};
    use crate::domain::{PriorityId, StatusId};

    fn key(status: u64, lane: Option<u64>) -> CellKey {
        CellKey {
            column: GroupValue::Status(StatusId(status)),
            lane: lane.map(|p| GroupValue::Priority(PriorityId(p))),
        }
    }

    fn cell(status: u64, lane: Option<u64>, cards: &[u64]) -> Cell {
        Cell {
            key: key(status, lane),
            cards: cards.iter().map(|id| WorkPackageId(*id)).collect(),
        }
    }

    fn columns(n: u64) -> Vec<GroupValue> {
        (1..=n).map(|s| GroupValue::Status(StatusId(s))).collect()
    }

    /// One lane: [1, 2] [] [3]
    fn board() -> Board {
        Board {
            columns: columns(3),
            lanes: vec![None],
            cells: vec![
                cell(1, None, &[1, 2]),
                cell(2, None, &[]),
                cell(3, None, &[3]),
            ],
        }
    }

    /// Two lanes of two columns: lane 7: [1] [2, 3]; lane 8: [4] [].
    fn lanes() -> Board {
        Board {
            columns: columns(2),
            lanes: vec![
                Some(GroupValue::Priority(PriorityId(7))),
                Some(GroupValue::Priority(PriorityId(8))),
            ],
            cells: vec![
                cell(1, Some(7), &[1]),
                cell(2, Some(7), &[2, 3]),
                cell(1, Some(8), &[4]),
                cell(2, Some(8), &[]),
            ],
        }
    }

    fn w(id: u64) -> WorkPackageId {
        WorkPackageId(id)
    }

    fn spot(status: u64, lane: Option<u64>, index: usize) -> Spot {
        Spot {
            cell: key(status, lane),
            index,
        }
    }

    #[test]
    fn right_moves_into_the_next_column_and_clamps_the_index() {
        assert_eq!(
            step(
                &board(),
                &Folded::new(),
                w(2),
                spot(1, None, 1),
                Step::Right
            ),
            spot(2, None, 0)
        );
    }

    #[test]
    fn the_board_edges_hold_the_card() {
        let b = board();
        let at = spot(1, None, 0);
        assert_eq!(step(&b, &Folded::new(), w(1), at, Step::Left), at);
        assert_eq!(step(&b, &Folded::new(), w(1), at, Step::Up), at);
        let last = spot(3, None, 1);
        assert_eq!(step(&b, &Folded::new(), w(1), last, Step::Right), last);
        assert_eq!(step(&b, &Folded::new(), w(1), last, Step::Down), last);
    }

    #[test]
    fn down_moves_below_the_next_card() {
        assert_eq!(
            step(&board(), &Folded::new(), w(1), spot(1, None, 0), Step::Down),
            spot(1, None, 1)
        );
    }

    #[test]
    fn up_and_down_cross_into_the_neighbouring_lane_at_the_cell_edges() {
        let b = lanes();
        // Card 3 at the bottom of its cell goes to the top of the cell below.
        assert_eq!(
            step(&b, &Folded::new(), w(3), spot(2, Some(7), 1), Step::Down),
            spot(2, Some(8), 0)
        );
        // Card 4 at the top of its cell goes to the bottom of the cell above.
        assert_eq!(
            step(&b, &Folded::new(), w(4), spot(1, Some(8), 0), Step::Up),
            spot(1, Some(7), 1)
        );
        // Left and right stay in the lane.
        assert_eq!(
            step(&b, &Folded::new(), w(4), spot(1, Some(8), 0), Step::Right),
            spot(2, Some(8), 0)
        );
    }

    #[test]
    fn arrows_move_the_focus_between_cards_skipping_empty_columns() {
        let b = board();
        assert_eq!(neighbour(&b, &Folded::new(), w(1), Step::Down), Some(w(2)));
        assert_eq!(neighbour(&b, &Folded::new(), w(2), Step::Down), None);
        assert_eq!(neighbour(&b, &Folded::new(), w(2), Step::Up), Some(w(1)));
        // Column 2 is empty: right from the second card of column 1 lands on column 3's only card.
        assert_eq!(neighbour(&b, &Folded::new(), w(2), Step::Right), Some(w(3)));
        assert_eq!(neighbour(&b, &Folded::new(), w(3), Step::Left), Some(w(1)));
        assert_eq!(neighbour(&b, &Folded::new(), w(3), Step::Right), None);
    }

    #[test]
    fn folded_columns_and_lanes_are_passed_by_and_focus_crosses_lanes() {
        let b = lanes();
        let mut folded = Folded::new();
        // Down from the bottom of lane 7's second column: lane 8's cell there is empty, so nowhere;
        // from the first column, lane 8's card.
        assert_eq!(neighbour(&b, &folded, w(3), Step::Down), None);
        assert_eq!(neighbour(&b, &folded, w(1), Step::Down), Some(w(4)));
        assert_eq!(neighbour(&b, &folded, w(4), Step::Up), Some(w(1)));
        // With lane 8 folded, a carried card does not go into it.
        folded.insert(GroupValue::Priority(PriorityId(8)));
        assert_eq!(
            step(&b, &folded, w(3), spot(2, Some(7), 1), Step::Down),
            spot(2, Some(7), 1)
        );
        // With the second column folded, right from the first stays put.
        folded.insert(GroupValue::Status(StatusId(2)));
        assert_eq!(
            step(&b, &folded, w(1), spot(1, Some(7), 0), Step::Right),
            spot(1, Some(7), 0)
        );
    }

    #[test]
    fn the_preview_shows_the_card_at_its_pending_spot_only_once() {
        let b = with_card_at(board(), w(1), spot(3, None, 1));
        assert_eq!(b.cells[0].cards, vec![w(2)]);
        assert_eq!(b.cells[2].cards, vec![w(3), w(1)]);
        assert_eq!(spot_of(&b, w(1)), Some(spot(3, None, 1)));
    }
}
