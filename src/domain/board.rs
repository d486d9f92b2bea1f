//! Board rules: which column a card sits in and where a moved card lands.

use super::catalog::Catalog;
use super::ids::{StatusId, WorkPackageId};
use super::work_package::WorkPackage;

/// Gap between neighbouring positions, so most moves change one card only.
pub const POSITION_STEP: i64 = 1024;

/// One column of a status board: the status and its cards in manual order.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusColumn {
    pub status: StatusId,
    pub cards: Vec<WorkPackageId>,
}

/// Groups work packages into one column per status, in status order, cards by position then id.
pub fn status_columns<'a>(
    catalog: &Catalog,
    work_packages: impl IntoIterator<Item = &'a WorkPackage>,
) -> Vec<StatusColumn> {
    let statuses = catalog.statuses_in_order();
    let mut buckets: Vec<Vec<&WorkPackage>> = vec![Vec::new(); statuses.len()];
    for wp in work_packages {
        if let Some(index) = statuses.iter().position(|s| s.id == wp.status) {
            buckets[index].push(wp);
        }
    }
    statuses
        .iter()
        .zip(buckets)
        .map(|(status, mut cards)| {
            cards.sort_by_key(|wp| (wp.position, wp.id));
            StatusColumn {
                status: status.id,
                cards: cards.into_iter().map(|wp| wp.id).collect(),
            }
        })
        .collect()
}

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
    use crate::domain::catalog::Status;
    use crate::domain::ids::{PriorityId, ProjectId, TypeId};
    use chrono::{TimeZone, Utc};

    fn status(id: u64, position: u32) -> Status {
        Status {
            id: StatusId(id),
            name: format!("S{id}"),
            is_closed: false,
            is_default: false,
            color: "#000000".to_owned(),
            position,
        }
    }

    fn card(id: u64, status: u64, position: i64) -> WorkPackage {
        let at = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let (project, wp_type, priority) = (ProjectId(1), TypeId(1), PriorityId(1));
        WorkPackage {
            position,
            ..WorkPackage::new(
                WorkPackageId(id),
                project,
                wp_type,
                StatusId(status),
                priority,
                format!("Card {id}"),
                at,
            )
        }
    }

    fn w(id: u64) -> WorkPackageId {
        WorkPackageId(id)
    }

    #[test]
    fn columns_follow_status_order_and_cards_follow_position_then_id() {
        let catalog = Catalog {
            statuses: vec![status(1, 2), status(2, 1), status(3, 3)],
            ..Catalog::default()
        };
        let cards = [
            card(10, 1, 2048),
            card(11, 1, 1024),
            card(12, 2, 5),
            card(13, 1, 1024),
            card(14, 99, 1),
        ];
        let columns = status_columns(&catalog, &cards);
        assert_eq!(
            columns,
            vec![
                StatusColumn {
                    status: StatusId(2),
                    cards: vec![w(12)]
                },
                StatusColumn {
                    status: StatusId(1),
                    cards: vec![w(11), w(13), w(10)]
                },
                StatusColumn {
                    status: StatusId(3),
                    cards: vec![]
                },
            ],
            "empty columns stay, cards of unknown statuses are left out"
        );
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
