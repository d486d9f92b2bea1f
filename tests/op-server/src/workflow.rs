//! A fixed status workflow, the same for every type and user, so tests can rely on which moves are refused.

use crate::seed::{DONE, IN_PROGRESS, IN_REVIEW, NEW, REJECTED};
use crate::state::{Data, Status};

/// Statuses reachable in one step from `from` (staying put is always allowed as well).
pub fn transitions(from: u64) -> &'static [u64] {
    match from {
        NEW => &[IN_PROGRESS, REJECTED],
        IN_PROGRESS => &[NEW, IN_REVIEW, REJECTED],
        IN_REVIEW => &[IN_PROGRESS, DONE, REJECTED],
        DONE => &[IN_PROGRESS],
        REJECTED => &[NEW],
        _ => &[],
    }
}

pub fn allowed(from: u64, to: u64) -> bool {
    from == to || transitions(from).contains(&to)
}

/// What a form offers for the status field: the current status and its targets, in board order.
pub fn allowed_statuses(data: &Data, from: u64) -> Vec<&Status> {
    let mut statuses: Vec<&Status> = data
        .statuses
        .iter()
        .filter(|s| allowed(from, s.id))
        .collect();
    statuses.sort_by_key(|s| (s.position, s.id));
    statuses
}
