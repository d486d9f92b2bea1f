//! Changes to work packages: applied to the screen at once, written to the outbox, confirmed or
//! undone by the backend. A refused change is rolled back with a message; a change that failed to
//! reach storage or the server stays on screen and in the outbox, which sends it again, so no edit
//! is silently lost.

use super::notices::{Notices, api_error_text};
use super::outbox::{self, Outbox, Sent};
use super::prefs::I18n;
use super::project::ProjectState;
use crate::api::ApiError;
use crate::api::retry::{self, Disposition};
use crate::domain::board::positions_after_move;
use crate::domain::board_layout::{CellKey, Layout};
use crate::domain::outbox::{Change, OnConflict};
use crate::domain::{
    Activity, NewRelation, NewWorkPackage, Relation, RelationId, UserId, WorkPackage,
    WorkPackageId, WorkPackagePatch,
};
use crate::i18n::Key;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// A card move as shown on screen, with what is needed to send it again or undo it.
#[derive(Clone)]
struct PlannedMove {
    before: WorkPackage,
    cell: CellKey,
    positions: Vec<(WorkPackageId, i64)>,
    old_positions: Vec<(WorkPackageId, i64)>,
}

/// How an edit that failed ends, in the order it is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UpdateFailure {
    /// Met someone else's change: the conflict dialog takes it up.
    Conflict,
    /// Kept in the outbox to be sent again.
    Kept,
    /// The server named what is wrong with the values.
    Invalid,
    /// Refused for good (forbidden, gone, …).
    Refused,
}

#[derive(Clone, Copy)]
pub struct WorkPackageActions {
    project: ProjectState,
    notices: Notices,
    i18n: I18n,
    outbox: Outbox,
}

pub fn use_actions() -> WorkPackageActions {
    WorkPackageActions {
        project: super::project::use_project(),
        notices: super::notices::use_notices(),
        i18n: super::prefs::use_i18n(),
        outbox: super::outbox::use_outbox(),
    }
}

impl WorkPackageActions {
    fn explain(self, error: &ApiError) -> String {
        api_error_text(self.i18n.lang_untracked(), error)
    }

    /// Failures after which the change stays on screen, kept in the outbox to be sent again: the
    /// storage or server was out of reach, or the sign-in ran out (the shell then asks to sign in
    /// again). The sync status in the header tells how many wait.
    fn kept(error: &ApiError) -> bool {
        matches!(
            retry::disposition(error),
            Disposition::RetryLater | Disposition::SignInAgain
        )
    }

    /// What became of an edit [`Self::update`] answered with `error`.
    fn update_failure(error: &ApiError) -> UpdateFailure {
        match error {
            ApiError::Conflict { .. } => UpdateFailure::Conflict,
            _ if Self::kept(error) => UpdateFailure::Kept,
            ApiError::Invalid(_) => UpdateFailure::Invalid,
            _ => UpdateFailure::Refused,
        }
    }

    /// Why a change that [`Self::update`] answered with `error` was not saved and never will be,
    /// for the field where it was made; `None` when it waits to be sent again, when the conflict
    /// dialog takes it up, or when the field's own messages say why (`Invalid`).
    pub fn refusal(self, error: &ApiError) -> Option<String> {
        (Self::update_failure(error) == UpdateFailure::Refused).then(|| self.explain(error))
    }

    /// Saves a patch. Returns the saved work package (or the one on screen while the change waits
    /// in the outbox), or the error for inline field messages.
    pub async fn update(
        self,
        id: WorkPackageId,
        patch: WorkPackagePatch,
    ) -> Result<WorkPackage, ApiError> {
        let Some(before) = self.project.get_untracked(id) else {
            return Err(ApiError::NotFound);
        };
        self.project.put(patch.applied_to(&before));
        let result = self
            .outbox
            .submit(outbox::update(id, patch, OnConflict::Ask))
            .await;
        match result {
            Ok(Sent::Saved(saved)) => {
                self.outbox.show_saved(saved.clone());
                Ok(saved)
            }
            Ok(_) => Ok(self.project.get_untracked(id).unwrap_or(before)),
            Err(error) => {
                match Self::update_failure(&error) {
                    // The outbox shows the stored version, and the conflict dialog the user's
                    // beside it; or the change waits to be sent again.
                    UpdateFailure::Conflict | UpdateFailure::Kept => {}
                    // The field says why.
                    UpdateFailure::Invalid => self.project.put(before),
                    UpdateFailure::Refused => {
                        self.project.put(before);
                        self.notices.error(self.explain(&error));
                    }
                }
                Err(error)
            }
        }
    }

    /// Moves a card into `cell` at `index` among `neighbours` (the cell's other cards as shown, in
    /// order), in one optimistic step: the card takes the cell's values and its place at once.
    /// The place is found among all the cell's cards, also those a filter hides, so a renumbering
    /// keeps their order too.
    pub fn move_card(
        self,
        id: WorkPackageId,
        layout: &Layout,
        cell: CellKey,
        neighbours: &[WorkPackageId],
        index: usize,
    ) {
        let Some(before) = self.project.get_untracked(id) else {
            return;
        };
        let (column, old_positions) = self.project.work_packages.with_untracked(|m| {
            let mut whole: Vec<&WorkPackage> = m
                .values()
                .filter(|wp| wp.id != id && CellKey::of(layout, wp) == Some(cell))
                .collect();
            crate::domain::rank::sort_by_rank(&mut whole, |wp| (wp.position, wp.id.0));
            let column: Vec<(WorkPackageId, i64)> =
                whole.iter().map(|wp| (wp.id, wp.position)).collect();
            // Right after the shown card above, or right before the shown card below.
            let at = |card: WorkPackageId| column.iter().position(|(c, _)| *c == card);
            let full_index = match index.checked_sub(1).and_then(|i| neighbours.get(i)) {
                Some(above) => at(*above).map_or(column.len(), |i| i + 1),
                None => neighbours
                    .first()
                    .and_then(|below| at(*below))
                    .unwrap_or(column.len()),
            };
            let positions = positions_after_move(id, &column, full_index);
            let old: Vec<(WorkPackageId, i64)> = positions
                .iter()
                .filter_map(|(pid, _)| m.get(pid).map(|wp| (*pid, wp.position)))
                .collect();
            (positions, old)
        });
        self.project.work_packages.update(|m| {
            if let Some(wp) = m.get_mut(&id) {
                cell.apply(wp);
            }
        });
        self.set_positions(&column);
        let planned = PlannedMove {
            before,
            cell,
            positions: column,
            old_positions,
        };
        spawn_local(self.save_move(planned));
    }

    fn set_positions(self, list: &[(WorkPackageId, i64)]) {
        self.project.work_packages.update(|m| {
            for (pid, position) in list {
                if let Some(wp) = m.get_mut(pid) {
                    wp.position = *position;
                }
            }
        });
    }

    /// Writes a move already shown on screen to the outbox: the card's new values, then the order.
    /// A refusal puts the card back; a failure on the way keeps it where the user put it, and the
    /// outbox sends it again.
    async fn save_move(self, planned: PlannedMove) {
        let id = planned.before.id;
        let mut patch = WorkPackagePatch::based_on(&planned.before);
        planned.cell.add_to(&mut patch, &planned.before);
        let fields = (patch != WorkPackagePatch::based_on(&planned.before)).then(|| {
            self.outbox
                .enqueue(outbox::update(id, patch, OnConflict::Ask))
        });
        let order = self.outbox.enqueue(Change::Reorder {
            project: planned.before.project,
            positions: planned.positions.clone(),
        });
        if let Some(fields) = fields {
            match self.outbox.outcome(fields).await {
                Ok(Sent::Saved(saved)) => {
                    let position = planned
                        .positions
                        .iter()
                        .find(|(pid, _)| *pid == id)
                        .map_or(saved.position, |p| p.1);
                    self.project.put(WorkPackage { position, ..saved });
                }
                Ok(_) => {}
                Err(error) if Self::kept(&error) => {}
                Err(error) => {
                    // The order belongs to the refused move.
                    self.outbox.discard(&order);
                    return self.move_failed(planned, &error);
                }
            }
        }
        match self.outbox.outcome(order).await {
            Err(error) if !Self::kept(&error) => self.move_failed(planned, &error),
            _ => {}
        }
    }

    fn move_failed(self, planned: PlannedMove, error: &ApiError) {
        if matches!(error, ApiError::Conflict { .. }) {
            // The outbox shows theirs, and the conflict dialog offers the move on top of it.
            self.set_positions(&planned.old_positions);
            return;
        }
        let reason = self.explain(error);
        let text = self.i18n.lang_untracked().fill(
            Key::MoveRefused,
            &[("subject", &planned.before.subject), ("reason", &reason)],
        );
        self.project.put(planned.before.clone());
        self.set_positions(&planned.old_positions);
        self.notices.error(text);
    }

    /// Gives work packages new dates, as the Gantt plans them: all shown at once, then written to
    /// the outbox, the first (the one the user moved) first. The later ones are meant absolutely: a
    /// server that schedules successors itself (OpenProject) may have moved one already, and then
    /// the planned dates are set on its newer version (or nothing is sent when it has them). On a
    /// refusal the ones not saved go back and the user is told.
    pub async fn reschedule(
        self,
        dates: Vec<(WorkPackageId, Option<(NaiveDate, NaiveDate)>)>,
    ) -> Result<(), ApiError> {
        let before: Vec<WorkPackage> = dates
            .iter()
            .filter_map(|(id, _)| self.project.get_untracked(*id))
            .collect();
        // One update for the whole cascade: a put per work package woke every view's memos once
        // per moved successor (tests/bench/profile.mjs gantt-move).
        self.project.put_all(
            before
                .iter()
                .zip(&dates)
                .map(|(wp, (_, span))| with_dates(wp, *span).applied_to(wp)),
        );
        let keys: Vec<_> = before
            .iter()
            .zip(&dates)
            .enumerate()
            .map(|(i, (wp, (id, span)))| {
                let on_conflict = if i == 0 {
                    OnConflict::Ask
                } else {
                    OnConflict::Rebase
                };
                self.outbox
                    .enqueue(outbox::update(*id, with_dates(wp, *span), on_conflict))
            })
            .collect();
        for (i, key) in keys.into_iter().enumerate() {
            match self.outbox.outcome(key).await {
                Ok(Sent::Saved(saved)) => self.outbox.show_saved(saved),
                Ok(_) => {}
                Err(error) if Self::kept(&error) => {}
                // The outbox shows theirs; the conflict dialog offers the new dates on top.
                Err(error @ ApiError::Conflict { .. }) => return Err(error),
                Err(error) => {
                    self.put_back(&before[i..=i]);
                    let text = self.i18n.lang_untracked().fill(
                        Key::RescheduleFailed,
                        &[("count", "1"), ("reason", &self.explain(&error))],
                    );
                    self.notices.error(text);
                    return Err(error);
                }
            }
        }
        Ok(())
    }

    fn put_back(self, unsent: &[WorkPackage]) {
        for wp in unsent {
            self.project.put(wp.clone());
        }
    }

    /// Relates two work packages; a refusal is told to the user and returned. `Ok(None)`: kept in
    /// the outbox, to be sent when the backend can be reached.
    pub async fn relate(self, relation: NewRelation) -> Result<Option<Relation>, ApiError> {
        match self.outbox.submit(Change::Relate { relation }).await {
            Ok(Sent::Related(created)) => Ok(created),
            Ok(_) => Ok(None),
            Err(error) if Self::kept(&error) => Ok(None),
            Err(error) => {
                self.notices.error(self.explain(&error));
                Err(error)
            }
        }
    }

    pub async fn unrelate(self, id: RelationId) -> Result<(), ApiError> {
        match self.outbox.submit(Change::Unrelate { id }).await {
            Ok(_) => Ok(()),
            Err(error) if Self::kept(&error) => Ok(()),
            Err(error) => {
                self.notices.error(self.explain(&error));
                Err(error)
            }
        }
    }

    /// Relates two work packages; a refusal is returned for the caller to show at its form.
    pub async fn add_relation(self, relation: NewRelation) -> Result<Option<Relation>, ApiError> {
        self.quiet(Change::Relate { relation }).await
    }

    /// A new lag for a relation; `Ok(None)`: kept in the outbox, to be sent later.
    pub async fn relag(
        self,
        id: RelationId,
        lag: Option<i32>,
    ) -> Result<Option<Relation>, ApiError> {
        self.quiet(Change::Relag { id, lag }).await
    }

    /// Adds or removes a watcher; `Ok(None)`: kept in the outbox, to be sent later.
    pub async fn watch(
        self,
        id: WorkPackageId,
        user: UserId,
        watching: bool,
    ) -> Result<Option<Relation>, ApiError> {
        self.quiet(Change::Watch { id, user, watching }).await
    }

    /// Sends a change whose refusal the caller shows next to its control.
    async fn quiet(self, change: Change) -> Result<Option<Relation>, ApiError> {
        match self.outbox.submit(change).await {
            Ok(Sent::Related(changed)) => Ok(changed),
            Err(error) if !Self::kept(&error) => Err(error),
            _ => Ok(None),
        }
    }

    /// Creates a work package. `Ok(None)`: the backend could not be reached; the creation is kept in
    /// the outbox and made when it can (never twice), and the user is told.
    pub async fn create(self, draft: NewWorkPackage) -> Result<Option<WorkPackage>, ApiError> {
        let newer_than = self
            .project
            .work_packages
            .with_untracked(|m| m.keys().next_back().copied());
        match self
            .outbox
            .submit(Change::Create { draft, newer_than })
            .await
        {
            Ok(Sent::Saved(created)) => {
                self.project.put(created.clone());
                self.notices.success(
                    self.i18n
                        .lang_untracked()
                        .fill(Key::CreatedNotice, &[("id", &created.id.to_string())]),
                );
                Ok(Some(created))
            }
            Ok(_) => {
                self.notices
                    .success(self.i18n.t(Key::CreateQueued).to_owned());
                Ok(None)
            }
            // The outbox has said why, and that it keeps the creation.
            Err(error) if Self::kept(&error) => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// Saves many patches (a bulk edit), all shown at once and written to the outbox together. Each
    /// refused one is put back as the backend has it and returned with its reason; the caller
    /// reports them together. Those kept for a later try are not failures.
    pub async fn update_many(
        self,
        patches: Vec<(WorkPackageId, WorkPackagePatch)>,
    ) -> Vec<(WorkPackageId, ApiError)> {
        let mut sent = Vec::with_capacity(patches.len());
        for (id, patch) in patches {
            let before = self.project.get_untracked(id);
            if let Some(before) = &before {
                self.project.put(patch.applied_to(before));
            }
            let key = self
                .outbox
                .enqueue(outbox::update(id, patch, OnConflict::Ask));
            sent.push((id, before, key));
        }
        let mut failed = Vec::new();
        for (id, before, key) in sent {
            match self.outbox.outcome(key).await {
                Ok(Sent::Saved(saved)) => self.outbox.show_saved(saved),
                Ok(_) => {}
                Err(error) if Self::kept(&error) => {}
                Err(error @ ApiError::Conflict { .. }) => failed.push((id, error)),
                Err(error) => {
                    if let Some(before) = before {
                        self.project.put(before);
                    }
                    failed.push((id, error));
                }
            }
        }
        failed
    }

    /// Deletes through the outbox; returns those refused, with the reason. Reloads once at the end,
    /// since children go with their parents.
    pub async fn delete_many(self, ids: &[WorkPackageId]) -> Vec<(WorkPackageId, ApiError)> {
        let keys: Vec<_> = ids
            .iter()
            .map(|id| (*id, self.outbox.enqueue(Change::Delete { id: *id })))
            .collect();
        let mut failed = Vec::new();
        for (id, key) in keys {
            match self.outbox.outcome(key).await {
                Ok(_) => {}
                Err(error) if Self::kept(&error) => {}
                Err(error) => failed.push((id, error)),
            }
        }
        self.reload().await;
        failed
    }

    async fn reload(self) {
        let backend = self.outbox.backend();
        if let Err(error) = self.project.refresh(&*backend).await {
            self.notices.error(self.explain(&error));
        }
    }

    /// Creates without the outbox and without a notice each: for imports, which write thousands at
    /// once and report once for all what was written and what was not.
    pub async fn create_quietly(self, draft: NewWorkPackage) -> Result<WorkPackage, ApiError> {
        let created = self.outbox.backend().create_work_package(draft).await?;
        self.project.put(created.clone());
        Ok(created)
    }

    pub async fn delete(self, id: WorkPackageId) -> Result<(), ApiError> {
        match self.outbox.submit(Change::Delete { id }).await {
            Ok(_) => {
                self.reload().await;
                self.notices.success(
                    self.i18n
                        .lang_untracked()
                        .fill(Key::Deleted, &[("id", &id.to_string())]),
                );
                Ok(())
            }
            Err(error) if Self::kept(&error) => {
                self.project.work_packages.update(|m| {
                    m.remove(&id);
                });
                Ok(())
            }
            Err(error) => {
                self.notices.error(self.explain(&error));
                Err(error)
            }
        }
    }

    /// Adds a comment through the outbox. `Ok(None)`: kept, to be sent when the backend answers.
    pub async fn comment(
        self,
        id: WorkPackageId,
        markdown: String,
    ) -> Result<Option<Activity>, ApiError> {
        match self.outbox.submit(Change::Comment { id, markdown }).await {
            Ok(Sent::Commented(activity)) => Ok(activity),
            Ok(_) => Ok(None),
            Err(error) if Self::kept(&error) => Ok(None),
            Err(error) => Err(error),
        }
    }
}

/// A change of a work package's dates: a milestone's one date, otherwise start and finish; `None`
/// takes them away (undoing the first dates of an item that had none).
fn with_dates(wp: &WorkPackage, span: Option<(NaiveDate, NaiveDate)>) -> WorkPackagePatch {
    let mut patch = WorkPackagePatch::based_on(wp);
    let (start, finish) = (span.map(|s| s.0), span.map(|s| s.1));
    if wp.date.is_some() {
        if wp.date != start {
            patch.date = Some(start);
        }
    } else {
        if wp.start_date != start {
            patch.start_date = Some(start);
        }
        if wp.due_date != finish {
            patch.due_date = Some(finish);
        }
    }
    patch
}

#[cfg(test)]
mod tests {
    use super::{UpdateFailure, WorkPackageActions};
    use crate::api::ApiError;
    use crate::domain::rules::{Field, FieldError, Problem};

    #[test]
    fn a_failed_edit_is_kept_taken_to_the_conflict_dialog_said_at_its_field_or_refused() {
        let failure = WorkPackageActions::update_failure;
        assert_eq!(
            failure(&ApiError::Network("down".to_owned())),
            UpdateFailure::Kept
        );
        assert_eq!(failure(&ApiError::TimedOut), UpdateFailure::Kept);
        assert_eq!(failure(&ApiError::Unauthenticated), UpdateFailure::Kept);
        let invalid = ApiError::Invalid(vec![FieldError::new(Field::Subject, Problem::Blank)]);
        assert_eq!(failure(&invalid), UpdateFailure::Invalid);
        assert_eq!(failure(&ApiError::Forbidden), UpdateFailure::Refused);
        assert_eq!(failure(&ApiError::NotFound), UpdateFailure::Refused);
        // A 4xx without a field of ours is a refusal, not a failure on the way.
        let base = ApiError::Server {
            status: 422,
            message: "related already".to_owned(),
        };
        assert_eq!(failure(&base), UpdateFailure::Refused);
    }
}
