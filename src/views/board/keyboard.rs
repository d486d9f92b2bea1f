//! Pure rules for moving a picked-up card with the arrow keys, and for showing it at its new spot
//! before it is dropped.

use crate::domain::board::StatusColumn;
use crate::domain::{StatusId, WorkPackageId};

/// Where a card would land: a column and an index among that column's other cards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spot {
    pub status: StatusId,
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

fn others_len(column: &StatusColumn, moving: WorkPackageId) -> usize {
    column.cards.iter().filter(|id| **id != moving).count()
}

/// The spot one step away, staying inside the board.
pub fn step(columns: &[StatusColumn], moving: WorkPackageId, at: Spot, step: Step) -> Spot {
    let Some(col) = columns.iter().position(|c| c.status == at.status) else {
        return at;
    };
    let target_col = match step {
        Step::Left => col.saturating_sub(1),
        Step::Right => (col + 1).min(columns.len() - 1),
        Step::Up | Step::Down => col,
    };
    let len = others_len(&columns[target_col], moving);
    let index = match step {
        Step::Up => at.index.saturating_sub(1),
        Step::Down => (at.index + 1).min(len),
        Step::Left | Step::Right => at.index.min(len),
    };
    Spot {
        status: columns[target_col].status,
        index,
    }
}

/// The columns as they would look with `moving` at `spot`.
pub fn with_card_at(
    mut columns: Vec<StatusColumn>,
    moving: WorkPackageId,
    spot: Spot,
) -> Vec<StatusColumn> {
    for column in &mut columns {
        column.cards.retain(|id| *id != moving);
    }
    if let Some(column) = columns.iter_mut().find(|c| c.status == spot.status) {
        let index = spot.index.min(column.cards.len());
        column.cards.insert(index, moving);
    }
    columns
}

/// Where a card is now, as a spot.
pub fn spot_of(columns: &[StatusColumn], id: WorkPackageId) -> Option<Spot> {
    columns.iter().find_map(|c| {
        c.cards
            .iter()
            .position(|card| *card == id)
            .map(|index| Spot {
                status: c.status,
                index,
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn board() -> Vec<StatusColumn> {
        vec![
            StatusColumn {
                status: StatusId(1),
                cards: vec![WorkPackageId(1), WorkPackageId(2)],
            },
            StatusColumn {
                status: StatusId(2),
                cards: vec![],
            },
            StatusColumn {
                status: StatusId(3),
                cards: vec![WorkPackageId(3)],
            },
        ]
    }

    #[test]
    fn right_moves_into_the_next_column_and_clamps_the_index() {
        let b = board();
        let at = Spot {
            status: StatusId(1),
            index: 1,
        };
        let next = step(&b, WorkPackageId(2), at, Step::Right);
        assert_eq!(
            next,
            Spot {
                status: StatusId(2),
                index: 0
            }
        );
    }

    #[test]
    fn the_board_edges_hold_the_card() {
        let b = board();
        let at = Spot {
            status: StatusId(1),
            index: 0,
        };
        assert_eq!(step(&b, WorkPackageId(1), at, Step::Left), at);
        assert_eq!(step(&b, WorkPackageId(1), at, Step::Up), at);
        let last = Spot {
            status: StatusId(3),
            index: 1,
        };
        assert_eq!(step(&b, WorkPackageId(1), last, Step::Right), last);
        assert_eq!(step(&b, WorkPackageId(1), last, Step::Down), last);
    }

    #[test]
    fn down_moves_below_the_next_card() {
        let b = board();
        let at = Spot {
            status: StatusId(1),
            index: 0,
        };
        assert_eq!(
            step(&b, WorkPackageId(1), at, Step::Down),
            Spot {
                status: StatusId(1),
                index: 1
            }
        );
    }

    #[test]
    fn the_preview_shows_the_card_at_its_pending_spot_only_once() {
        let b = with_card_at(
            board(),
            WorkPackageId(1),
            Spot {
                status: StatusId(3),
                index: 1,
            },
        );
        assert_eq!(b[0].cards, vec![WorkPackageId(2)]);
        assert_eq!(b[2].cards, vec![WorkPackageId(3), WorkPackageId(1)]);
        assert_eq!(
            spot_of(&b, WorkPackageId(1)),
            Some(Spot {
                status: StatusId(3),
                index: 1
            })
        );
    }
}
