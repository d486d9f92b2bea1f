//! Where a moved card lands in its column's manual order (which column: `board_layout`).

use super::ids::WorkPackageId;

/// Gap between neighbouring positions, so most moves change one card only.
pub const POSITION_STEP: i64 = 1024;

/// Where a card goes: the target column's cards (without the moving one) in order, and the index to insert at.
/// Returns the positions to write: usually just the moved card, or the whole column renumbered when there
/// is no gap left between the neighbours.
pub fn positions_after_move(
    moving: WorkPackageId,
    target_cards: &[(WorkPackageId, i64)],
    index: usize,
) -> Vec<(WorkPackageId, i64)> {
    let others: Vec<(WorkPackageId, i64)> = target_cards
        .iter()
        .copied()
        .filter(|(id, _)| *id != moving)
        .collect();
    let index = index.min(others.len());
    let before = index.checked_sub(1).map(|i| others[i].1);
    let after = others.get(index).map(|c| c.1);
    let slot = match (before, after) {
        (None, None) => Some(POSITION_STEP),
        (Some(b), None) => b.checked_add(POSITION_STEP),
        (None, Some(a)) => a.checked_sub(POSITION_STEP),
        (Some(b), Some(a)) if a - b >= 2 => Some(b + (a - b) / 2),
        _ => None,
    };
    if let Some(position) = slot {
        return vec![(moving, position)];
    }
    let mut order: Vec<WorkPackageId> = others.iter().map(|(id, _)| *id).collect();
    order.insert(index, moving);
    (1..)
        .zip(order)
        .map(|(n, id)| (id, n * POSITION_STEP))
        .collect()
}

/// The position for a card added at the end of a column.
pub fn position_at_end(column_positions: impl IntoIterator<Item = i64>) -> i64 {
    column_positions
        .into_iter()
        .max()
        .map_or(POSITION_STEP, |max| max.saturating_add(POSITION_STEP))
}

#[cfg(test)]
mod tests {
    use super::*;
    fn w(id: u64) -> WorkPackageId {
        WorkPackageId(id)
    }

    #[test]
    fn a_card_moved_into_an_empty_column_gets_the_first_step() {
        assert_eq!(
            positions_after_move(w(1), &[], 0),
            vec![(w(1), POSITION_STEP)]
        );
        assert_eq!(
            positions_after_move(w(1), &[], 5),
            vec![(w(1), POSITION_STEP)]
        );
    }

    #[test]
    fn a_card_moved_to_the_top_goes_one_step_before_the_first() {
        let column = [(w(2), 1024), (w(3), 2048)];
        assert_eq!(positions_after_move(w(1), &column, 0), vec![(w(1), 0)]);
    }

    #[test]
    fn a_card_moved_to_the_bottom_goes_one_step_after_the_last() {
        let column = [(w(2), 1024), (w(3), 2048)];
        assert_eq!(positions_after_move(w(1), &column, 2), vec![(w(1), 3072)]);
        assert_eq!(
            positions_after_move(w(1), &column, 99),
            vec![(w(1), 3072)],
            "an index past the end means the end"
        );
    }

    #[test]
    fn a_card_moved_between_two_lands_in_the_middle_of_the_gap() {
        let column = [(w(2), 1024), (w(3), 2048)];
        assert_eq!(positions_after_move(w(1), &column, 1), vec![(w(1), 1536)]);
    }

    #[test]
    fn the_moving_card_itself_is_ignored_in_the_target_column() {
        let column = [(w(2), 1024), (w(1), 2048), (w(3), 3072)];
        // Without card 1 the column is [2, 3]; index 0 means before card 2.
        assert_eq!(positions_after_move(w(1), &column, 0), vec![(w(1), 0)]);
    }

    #[test]
    fn without_a_gap_between_neighbours_the_whole_column_is_renumbered() {
        let column = [(w(2), 10), (w(3), 11), (w(4), 12)];
        assert_eq!(
            positions_after_move(w(1), &column, 1),
            vec![(w(2), 1024), (w(1), 2048), (w(3), 3072), (w(4), 4096)]
        );
    }

    #[test]
    fn at_the_edge_of_the_number_range_the_column_is_renumbered_instead_of_overflowing() {
        let column = [(w(2), i64::MAX)];
        assert_eq!(
            positions_after_move(w(1), &column, 1),
            vec![(w(2), 1024), (w(1), 2048)]
        );
        let column = [(w(2), i64::MIN)];
        assert_eq!(
            positions_after_move(w(1), &column, 0),
            vec![(w(1), 1024), (w(2), 2048)]
        );
    }

    #[test]
    fn a_new_card_goes_one_step_after_the_last_or_first_in_an_empty_column() {
        assert_eq!(position_at_end([]), POSITION_STEP);
        assert_eq!(position_at_end([5, 3000, 12]), 3000 + POSITION_STEP);
    }
}
