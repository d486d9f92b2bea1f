//! The journal of changes the backend has not confirmed yet (the outbox): what each change is, in
//! which order they go out, and how a confirmed change carries the ones after it along.
//!
//! Every change is written here before it is sent, so a reload, a lost connection or a closed tab
//! loses nothing: the journal is replayed in order. Changes of one work package go out one after
//! another, each based on the version the one before produced; changes of different work packages
//! do not wait for each other's problems.

use super::ids::{ProjectId, RelationId, UserId, WorkPackageId};
use super::relation::NewRelation;
use super::work_package::{NewWorkPackage, WorkPackage, WorkPackagePatch};
use serde::{Deserialize, Serialize};

/// Names one entry across tabs and reloads: the tab that made it and its number there.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EntryKey {
    pub tab: String,
    pub seq: u64,
}

impl EntryKey {
    /// The part of the storage key after the journal's prefix.
    pub fn storage_suffix(&self) -> String {
        format!("{}.{}", self.tab, self.seq)
    }
}

/// What to do when an update meets a newer version than the one it was made on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OnConflict {
    /// Ask the user: their values beside the stored ones.
    Ask,
    /// The values are meant absolutely (dates the Gantt planned): set them on the newer version.
    Rebase,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Change {
    Update {
        id: WorkPackageId,
        patch: WorkPackagePatch,
        on_conflict: OnConflict,
    },
    /// Manual board order; absolute, so sending it twice does no harm.
    Reorder {
        project: ProjectId,
        positions: Vec<(WorkPackageId, i64)>,
    },
    Create {
        draft: NewWorkPackage,
        /// The highest work package id known when it was made: after a lost answer only newer
        /// ones can be it (ids grow; clocks of browser and server may differ).
        #[serde(default)]
        newer_than: Option<WorkPackageId>,
    },
    Delete {
        id: WorkPackageId,
    },
    Comment {
        id: WorkPackageId,
        markdown: String,
    },
    Relate {
        relation: NewRelation,
    },
    Unrelate {
        id: RelationId,
    },
    /// A new lag for a precedes/follows relation; absolute, so sending it twice does no harm.
    Relag {
        id: RelationId,
        lag: Option<i32>,
    },
    /// Adds (`watching`) or removes a watcher; either way sending it twice does no harm.
    Watch {
        id: WorkPackageId,
        user: UserId,
        watching: bool,
    },
}

impl Change {
    /// The work packages whose earlier changes this one must wait for.
    pub fn touches(&self) -> Vec<WorkPackageId> {
        match self {
            Self::Update { id, .. }
            | Self::Delete { id }
            | Self::Comment { id, .. }
            | Self::Watch { id, .. } => vec![*id],
            Self::Reorder { positions, .. } => positions.iter().map(|(id, _)| *id).collect(),
            Self::Create { draft, .. } => draft.parent.into_iter().collect(),
            Self::Relate { relation } => vec![relation.from, relation.to],
            Self::Unrelate { .. } | Self::Relag { .. } => Vec::new(),
        }
    }

    /// Whether sending it again after an answer went missing could do it twice: creations (a
    /// second work package, comment or relation) are looked up before they are sent again.
    pub fn creates(&self) -> bool {
        matches!(
            self,
            Self::Create { .. } | Self::Comment { .. } | Self::Relate { .. }
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum EntryState {
    /// Waiting to be sent, or to be sent again.
    Pending,
    /// Refused by the backend for a reason sending again would not change; kept for the user to
    /// retry, edit or discard.
    Failed { reason: String },
    /// Someone else changed the work package first; the user decides.
    Conflict { theirs: Box<WorkPackage> },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub key: EntryKey,
    /// When the user made the change (milliseconds since the epoch): the journal's order.
    pub made_ms: i64,
    pub change: Change,
    pub state: EntryState,
    /// Sending attempts so far.
    #[serde(default)]
    pub attempts: u32,
    /// An earlier attempt may have reached the backend although no answer came back.
    #[serde(default)]
    pub maybe_sent: bool,
}

impl Entry {
    pub fn new(key: EntryKey, made_ms: i64, change: Change) -> Self {
        Self {
            key,
            made_ms,
            change,
            state: EntryState::Pending,
            attempts: 0,
            maybe_sent: false,
        }
    }
}

/// The journal's order: by the time the change was made, then by tab and number.
pub fn sort(entries: &mut [Entry]) {
    entries.sort_by(|a, b| (a.made_ms, &a.key).cmp(&(b.made_ms, &b.key)));
}

/// The first entry that may be sent now: pending, and no earlier entry that touches one of its
/// work packages is still waiting (pending, or in conflict). Failed entries wait for the user
/// without holding up anything. `entries` must be in journal order.
pub fn next_to_send(entries: &[Entry]) -> Option<&Entry> {
    let mut held = std::collections::HashSet::new();
    for entry in entries {
        let touches = entry.change.touches();
        let blocked = touches.iter().any(|id| held.contains(id));
        if !blocked && entry.state == EntryState::Pending {
            return Some(entry);
        }
        if matches!(
            entry.state,
            EntryState::Pending | EntryState::Conflict { .. }
        ) {
            held.extend(touches);
        }
    }
    None
}

/// After an update of `id` made on `sent_on` was saved as `saved`, the later updates of the same
/// work package made on `sent_on` are based on `saved` instead: they build on the user's own change,
/// not conflict with it. Returns the entries it changed.
pub fn carry_forward(
    entries: &mut [Entry],
    id: WorkPackageId,
    sent_on: u64,
    saved: u64,
) -> Vec<EntryKey> {
    let mut changed = Vec::new();
    if saved == sent_on {
        return changed;
    }
    for entry in entries.iter_mut() {
        if let Change::Update {
            id: other, patch, ..
        } = &mut entry.change
            && *other == id
            && patch.lock_version == sent_on
        {
            patch.lock_version = saved;
            changed.push(entry.key.clone());
        }
    }
    changed
}

/// Whether the stored work package already has every value the patch sets: an update whose answer
/// went missing and that arrived after all, or someone else making the same change.
pub fn already_holds(patch: &WorkPackagePatch, stored: &WorkPackage) -> bool {
    let mut after = patch.applied_to(stored);
    after.lock_version = stored.lock_version;
    after == *stored
}

/// How many entries wait for the backend, and how many for the user.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub pending: usize,
    pub failed: usize,
    pub conflicts: usize,
}

pub fn tally(entries: &[Entry]) -> Tally {
    let mut tally = Tally::default();
    for entry in entries {
        match entry.state {
            EntryState::Pending => tally.pending += 1,
            EntryState::Failed { .. } => tally.failed += 1,
            EntryState::Conflict { .. } => tally.conflicts += 1,
        }
    }
    tally
}

/// Updates that are not confirmed yet, applied over work packages read from the backend: after a
/// reload the screen shows the user's edits that are still on their way.
pub fn overlay(entries: &[Entry], wp: &WorkPackage) -> Option<WorkPackage> {
    let mut shown: Option<WorkPackage> = None;
    for entry in entries {
        if let Change::Update { id, patch, .. } = &entry.change
            && *id == wp.id
            && matches!(entry.state, EntryState::Pending)
        {
            let base = shown.as_ref().unwrap_or(wp);
            shown = Some(patch.applied_to(base));
        }
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{PriorityId, ProjectId, StatusId, TypeId};
    use chrono::{TimeZone, Utc};

    fn wp(id: u64, lock: u64) -> WorkPackage {
        let at = Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap();
        let mut wp = WorkPackage::new(
            WorkPackageId(id),
            ProjectId(1),
            TypeId(1),
            StatusId(1),
            PriorityId(1),
            "Task".to_owned(),
            at,
        );
        wp.lock_version = lock;
        wp
    }

    fn update(tab: &str, seq: u64, id: u64, lock: u64, subject: &str) -> Entry {
        let mut patch = WorkPackagePatch {
            lock_version: lock,
            ..WorkPackagePatch::default()
        };
        patch.subject = Some(subject.to_owned());
        Entry::new(
            EntryKey {
                tab: tab.to_owned(),
                seq,
            },
            i64::try_from(seq).unwrap(),
            Change::Update {
                id: WorkPackageId(id),
                patch,
                on_conflict: OnConflict::Ask,
            },
        )
    }

    #[test]
    fn sends_in_order_and_one_work_package_after_another() {
        let mut entries = vec![update("a", 1, 7, 1, "x"), update("a", 2, 7, 1, "y")];
        assert_eq!(next_to_send(&entries).unwrap().key.seq, 1);
        // A confirmed entry leaves the journal.
        entries.remove(0);
        assert_eq!(next_to_send(&entries).unwrap().key.seq, 2);
    }

    #[test]
    fn a_conflict_holds_later_changes_of_that_work_package_only() {
        let mut entries = vec![
            update("a", 1, 7, 1, "x"),
            update("a", 2, 7, 1, "y"),
            update("a", 3, 8, 1, "z"),
        ];
        entries[0].state = EntryState::Conflict {
            theirs: Box::new(wp(7, 2)),
        };
        assert_eq!(next_to_send(&entries).unwrap().key.seq, 3);
        entries.remove(2);
        assert_eq!(next_to_send(&entries), None);
    }

    #[test]
    fn a_failed_change_does_not_hold_later_ones() {
        let mut entries = vec![update("a", 1, 7, 1, "x"), update("a", 2, 7, 1, "y")];
        entries[0].state = EntryState::Failed {
            reason: "refused".to_owned(),
        };
        assert_eq!(next_to_send(&entries).unwrap().key.seq, 2);
    }

    #[test]
    fn a_reorder_waits_for_the_move_of_its_card() {
        let move_it = update("a", 1, 7, 1, "x");
        let reorder = Entry::new(
            EntryKey {
                tab: "a".to_owned(),
                seq: 2,
            },
            2,
            Change::Reorder {
                project: ProjectId(1),
                positions: vec![(WorkPackageId(9), 1), (WorkPackageId(7), 2)],
            },
        );
        let entries = vec![move_it, reorder];
        assert_eq!(next_to_send(&entries).unwrap().key.seq, 1);
    }

    #[test]
    fn a_saved_update_carries_later_ones_onto_its_version() {
        let mut entries = vec![
            update("a", 1, 7, 3, "x"),
            update("b", 2, 7, 3, "y"),
            update("a", 3, 8, 3, "z"),
        ];
        let changed = carry_forward(&mut entries, WorkPackageId(7), 3, 4);
        assert_eq!(changed.len(), 2, "both updates of #7, not #8");
        let lock = |e: &Entry| match &e.change {
            Change::Update { patch, .. } => patch.lock_version,
            _ => 0,
        };
        assert_eq!(lock(&entries[1]), 4);
        assert_eq!(lock(&entries[2]), 3);
        assert!(carry_forward(&mut entries, WorkPackageId(8), 3, 3).is_empty());
    }

    #[test]
    fn already_holds_when_every_value_is_stored() {
        let stored = {
            let mut w = wp(7, 5);
            w.subject = "x".to_owned();
            w
        };
        let Change::Update { patch, .. } = update("a", 1, 7, 4, "x").change else {
            unreachable!()
        };
        assert!(already_holds(&patch, &stored));
        let Change::Update { patch, .. } = update("a", 1, 7, 4, "y").change else {
            unreachable!()
        };
        assert!(!already_holds(&patch, &stored));
    }

    #[test]
    fn order_is_by_time_then_tab_then_number() {
        let mut entries = vec![update("b", 1, 1, 1, "x"), update("a", 1, 1, 1, "x")];
        entries[0].made_ms = 5;
        entries[1].made_ms = 5;
        sort(&mut entries);
        assert_eq!(entries[0].key.tab, "a");
    }

    #[test]
    fn overlay_shows_pending_updates_in_order() {
        let entries = vec![update("a", 1, 7, 1, "x"), update("a", 2, 7, 1, "y")];
        assert_eq!(overlay(&entries, &wp(7, 1)).unwrap().subject, "y");
        assert_eq!(overlay(&entries, &wp(8, 1)), None);
    }

    #[test]
    fn entries_survive_the_journal_format() {
        let entry = update("a", 1, 7, 1, "<script>x</script>");
        let json = serde_json::to_string(&entry).unwrap();
        assert_eq!(serde_json::from_str::<Entry>(&json).unwrap(), entry);
        assert_eq!(
            tally(&[entry]),
            Tally {
                pending: 1,
                ..Tally::default()
            }
        );
    }
}
