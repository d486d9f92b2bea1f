//! Changes to work packages: applied to the screen at once, confirmed or undone by the backend.
//! A refused change is rolled back with a message; a change that failed to reach storage or the
//! server is kept on screen with a retry, so no edit is silently lost.

use super::backend::BackendCtx;
use super::notices::{Notices, api_error_text};
use super::prefs::I18n;
use super::project::ProjectState;
use crate::api::ApiError;
use crate::domain::board::positions_after_move;
use crate::domain::board_layout::{CellKey, Layout};
use crate::domain::{
    NewRelation, NewWorkPackage, Relation, RelationId, WorkPackage, WorkPackageId, WorkPackagePatch,
};
use crate::i18n::Key;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// A card move as shown on screen, with what is needed to send it again or undo it.
#[derive(Clone)]
struct PlannedMove {
    before: WorkPackage,
    cell: CellKey,
    positions: Vec<(WorkPackageId, i64)>,
    old_positions: Vec<(WorkPackageId, i64)>,
}

#[derive(Clone, Copy)]
pub struct WorkPackageActions {
    backend: BackendCtx,
    project: ProjectState,
    notices: Notices,
    i18n: I18n,
    conflict: RwSignal<Option<Conflict>>,
    queue: EditQueue,
    session: Option<super::session::SessionExpired>,
}

/// An edit the backend refused because someone changed the work package first.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    /// The user's change, as it was sent.
    pub mine: WorkPackagePatch,
    /// The work package as it is stored now.
    pub theirs: WorkPackage,
}

/// The conflict waiting for the user's decision, if any; one per project view.
#[derive(Clone, Copy)]
pub struct ConflictSlot(pub RwSignal<Option<Conflict>>);

impl ConflictSlot {
    pub fn provide() -> Self {
        let slot = Self(RwSignal::new(None));
        provide_context(slot);
        slot
    }
}

/// Edits of one work package go out one after another: an edit made while the previous one is on its
/// way is based on the version that previous edit produces, not reported as a conflict with itself.
#[derive(Clone, Copy)]
pub struct EditQueue {
    in_flight: StoredValue<HashSet<WorkPackageId>>,
    /// Our own saved steps: (work package, lock version sent on) → lock version it produced.
    own_steps: StoredValue<HashMap<(WorkPackageId, u64), u64>>,
}

impl EditQueue {
    pub fn provide() {
        provide_context(Self {
            in_flight: StoredValue::new(HashSet::new()),
            own_steps: StoredValue::new(HashMap::new()),
        });
    }

    /// Waits for the work package's previous edit, then rebases `patch` onto its result.
    async fn enter(self, id: WorkPackageId, patch: &mut WorkPackagePatch) {
        while self.in_flight.with_value(|set| set.contains(&id)) {
            gloo_timers::future::TimeoutFuture::new(10).await;
        }
        self.in_flight.update_value(|set| {
            set.insert(id);
        });
        // Follow our own steps from the version the edit was made on; a step by anyone else stops it.
        while let Some(to) = self
            .own_steps
            .with_value(|steps| steps.get(&(id, patch.lock_version)).copied())
        {
            patch.lock_version = to;
        }
    }

    fn leave(self, id: WorkPackageId, sent_on: u64, saved: Option<u64>) {
        self.in_flight.update_value(|set| {
            set.remove(&id);
        });
        // A save that changed nothing keeps its lock version; recording it would make a loop.
        if let Some(saved) = saved.filter(|saved| *saved != sent_on) {
            self.own_steps.update_value(|steps| {
                steps.insert((id, sent_on), saved);
            });
        }
    }
}

pub fn use_actions() -> WorkPackageActions {
    WorkPackageActions {
        backend: super::backend::use_backend(),
        project: super::project::use_project(),
        notices: super::notices::use_notices(),
        i18n: super::prefs::use_i18n(),
        conflict: expect_context::<ConflictSlot>().0,
        queue: expect_context::<EditQueue>(),
        session: super::session::use_session_expired(),
    }
}

impl WorkPackageActions {
    fn explain(self, error: &ApiError) -> String {
        api_error_text(self.i18n.lang_untracked(), error)
    }

    /// Failures after which the change stays on screen to be sent again: the storage or server was
    /// out of reach, or the sign-in ran out (the shell then asks to sign in again).
    fn keeps_the_edit(self, error: &ApiError) -> bool {
        if *error == ApiError::Unauthenticated
            && let Some(session) = self.session
        {
            session.0.set(true);
            return true;
        }
        error.is_retryable()
    }

    /// Saves a patch. Returns the saved work package, or the error for inline field messages.
    pub async fn update(
        self,
        id: WorkPackageId,
        mut patch: WorkPackagePatch,
    ) -> Result<WorkPackage, ApiError> {
        self.queue.enter(id, &mut patch).await;
        let sent_on = patch.lock_version;
        let result = self.send_update(id, patch).await;
        self.queue
            .leave(id, sent_on, result.as_ref().ok().map(|wp| wp.lock_version));
        result
    }

    async fn send_update(
        self,
        id: WorkPackageId,
        patch: WorkPackagePatch,
    ) -> Result<WorkPackage, ApiError> {
        let Some(before) = self
            .project
            .work_packages
            .with_untracked(|m| m.get(&id).cloned())
        else {
            return Err(ApiError::NotFound);
        };
        self.project.put(patch.applied_to(&before));
        let result = self
            .backend
            .get()
            .update_work_package(id, patch.clone())
            .await;
        match &result {
            Ok(saved) => self.project.put(saved.clone()),
            Err(ApiError::Conflict { current }) => {
                // Show the stored version, and keep the user's change beside it to reapply or drop.
                self.project.put((**current).clone());
                self.conflict.set(Some(Conflict {
                    mine: patch,
                    theirs: (**current).clone(),
                }));
            }
            Err(error) if self.keeps_the_edit(error) => {
                let retry = Rc::new(move || {
                    let patch = patch.clone();
                    spawn_local(async move {
                        let _ = self.update(id, patch).await;
                    });
                });
                self.notices.error_with_retry(self.explain(error), retry);
            }
            Err(ApiError::Invalid(_)) => self.project.put(before),
            Err(error) => {
                self.project.put(before);
                self.notices.error(self.explain(error));
            }
        }
        result
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

    /// Sends a move already shown on screen. A refusal puts the card back; a failure to reach storage or
    /// the server keeps it where the user put it and offers to try again.
    async fn save_move(self, planned: PlannedMove) {
        let backend = self.backend.get();
        let id = planned.before.id;
        let mut patch = WorkPackagePatch::based_on(&planned.before);
        planned.cell.add_to(&mut patch, &planned.before);
        // A retry after the fields were saved sends only the order; one after someone else's change
        // sends the move on the version it was made on, and a conflict asks the user.
        let fields_unsaved = patch != WorkPackagePatch::based_on(&planned.before)
            && self.project.get_untracked(id).is_none_or(|wp| {
                !planned.cell.holds(&wp) || wp.lock_version == planned.before.lock_version
            });
        if fields_unsaved {
            match backend.update_work_package(id, patch).await {
                Ok(saved) => {
                    let position = planned
                        .positions
                        .iter()
                        .find(|(pid, _)| *pid == id)
                        .map_or(saved.position, |p| p.1);
                    self.project.put(WorkPackage { position, ..saved });
                }
                Err(error) => return self.move_failed(planned, &error),
            }
        }
        if let Err(error) = backend
            .reorder(planned.before.project, planned.positions.clone())
            .await
        {
            self.move_failed(planned, &error);
        }
    }

    fn move_failed(self, planned: PlannedMove, error: &ApiError) {
        let reason = self.explain(error);
        let text = self.i18n.lang_untracked().fill(
            Key::MoveRefused,
            &[("subject", &planned.before.subject), ("reason", &reason)],
        );
        if self.keeps_the_edit(error) {
            let retry = Rc::new(move || spawn_local(self.save_move(planned.clone())));
            self.notices.error_with_retry(text, retry);
            return;
        }
        if let ApiError::Conflict { current } = error {
            // Someone changed the card first: show theirs, and offer the move on top of it.
            let mut mine = WorkPackagePatch::based_on(&planned.before);
            planned.cell.add_to(&mut mine, &planned.before);
            self.project.put((**current).clone());
            self.set_positions(&planned.old_positions);
            self.conflict.set(Some(Conflict {
                mine,
                theirs: (**current).clone(),
            }));
            return;
        }
        self.project.put(planned.before.clone());
        self.set_positions(&planned.old_positions);
        self.notices.error(text);
    }

    /// Gives work packages new dates, as the Gantt plans them: all shown at once, then sent one by one,
    /// the first (the one the user moved) first. Before each later one the stored version is read
    /// again: a server that schedules successors itself (OpenProject) may have moved it already, and
    /// then nothing is sent for it. On a failure the unsent ones go back and the user is told.
    pub async fn reschedule(
        self,
        dates: Vec<(WorkPackageId, Option<(NaiveDate, NaiveDate)>)>,
    ) -> Result<(), ApiError> {
        let before: Vec<WorkPackage> = dates
            .iter()
            .filter_map(|(id, _)| self.project.get_untracked(*id))
            .collect();
        for (wp, (_, span)) in before.iter().zip(&dates) {
            self.project.put(with_dates(wp, *span).applied_to(wp));
        }
        let backend = self.backend.get();
        for (i, (wp, (id, span))) in before.iter().zip(&dates).enumerate() {
            // After an edit of the same work package still on its way (a quick undo, say), and
            // based on the version it produces, like every edit (`EditQueue`).
            let mut patch = with_dates(wp, *span);
            self.queue.enter(*id, &mut patch).await;
            let mut sent_on = patch.lock_version;
            let result = if i == 0 {
                backend.update_work_package(*id, patch).await
            } else {
                match backend.work_package(*id).await {
                    Ok(fresh) => {
                        let patch = with_dates(&fresh, *span);
                        sent_on = fresh.lock_version;
                        if patch.is_empty() {
                            Ok(fresh)
                        } else {
                            backend.update_work_package(*id, patch).await
                        }
                    }
                    Err(error) => Err(error),
                }
            };
            self.queue
                .leave(*id, sent_on, result.as_ref().ok().map(|w| w.lock_version));
            match result {
                Ok(saved) => self.project.put(saved),
                Err(error) => {
                    self.put_back(&before[i..]);
                    if let ApiError::Conflict { current } = &error {
                        // Someone changed it first: show theirs, and offer the new dates on top.
                        self.project.put((**current).clone());
                        self.conflict.set(Some(Conflict {
                            mine: with_dates(&before[i], *span),
                            theirs: (**current).clone(),
                        }));
                    } else {
                        let text = self.i18n.lang_untracked().fill(
                            Key::RescheduleFailed,
                            &[
                                ("count", &(before.len() - i).to_string()),
                                ("reason", &self.explain(&error)),
                            ],
                        );
                        self.notices.error(text);
                    }
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

    /// Relates two work packages; a refusal is told to the user and returned.
    pub async fn relate(self, relation: NewRelation) -> Result<Relation, ApiError> {
        let result = self.backend.get().create_relation(relation).await;
        if let Err(error) = &result {
            self.notices.error(self.explain(error));
        }
        result
    }

    pub async fn unrelate(self, id: RelationId) -> Result<(), ApiError> {
        let result = self.backend.get().delete_relation(id).await;
        if let Err(error) = &result {
            self.notices.error(self.explain(error));
        }
        result
    }

    /// Sends the user's change again on top of the stored version.
    pub async fn reapply(self, conflict: Conflict) -> Result<WorkPackage, ApiError> {
        self.conflict.set(None);
        let patch = WorkPackagePatch {
            lock_version: conflict.theirs.lock_version,
            ..conflict.mine
        };
        self.update(conflict.theirs.id, patch).await
    }

    pub async fn create(self, draft: NewWorkPackage) -> Result<WorkPackage, ApiError> {
        let created = self.backend.get().create_work_package(draft).await?;
        self.project.put(created.clone());
        self.notices.success(
            self.i18n
                .lang_untracked()
                .fill(Key::CreatedNotice, &[("id", &created.id.to_string())]),
        );
        Ok(created)
    }

    /// Saves many patches (a bulk edit), all shown at once, sent a few at a time. Each refused one is
    /// put back as the backend has it and returned with its reason; the caller reports them together.
    pub async fn update_many(
        self,
        patches: Vec<(WorkPackageId, WorkPackagePatch)>,
    ) -> Vec<(WorkPackageId, ApiError)> {
        const AT_ONCE: usize = 4;
        let mut failed = Vec::new();
        for chunk in patches.chunks(AT_ONCE) {
            let sends = chunk.iter().cloned().map(|(id, mut patch)| async move {
                let before = self.project.get_untracked(id);
                if let Some(before) = &before {
                    self.project.put(patch.applied_to(before));
                }
                self.queue.enter(id, &mut patch).await;
                let sent_on = patch.lock_version;
                let result = self.backend.get().update_work_package(id, patch).await;
                self.queue
                    .leave(id, sent_on, result.as_ref().ok().map(|wp| wp.lock_version));
                match result {
                    Ok(saved) => {
                        self.project.put(saved);
                        None
                    }
                    Err(error) => {
                        match (&error, before) {
                            (ApiError::Conflict { current }, _) => {
                                self.project.put((**current).clone());
                            }
                            (_, Some(before)) => self.project.put(before),
                            (_, None) => {}
                        }
                        Some((id, error))
                    }
                }
            });
            failed.extend(
                futures_util::future::join_all(sends)
                    .await
                    .into_iter()
                    .flatten(),
            );
        }
        if let Some(session) = self.session
            && failed.iter().any(|(_, e)| *e == ApiError::Unauthenticated)
        {
            session.0.set(true);
        }
        failed
    }

    /// Deletes one after another; returns those refused, with the reason. Reloads once at the end,
    /// since children go with their parents.
    pub async fn delete_many(self, ids: &[WorkPackageId]) -> Vec<(WorkPackageId, ApiError)> {
        let backend = self.backend.get();
        let mut failed = Vec::new();
        for id in ids {
            if let Err(error) = backend.delete_work_package(*id).await
                && error != ApiError::NotFound
            {
                failed.push((*id, error));
            }
        }
        if let Err(error) = self.project.refresh(&*backend).await {
            self.notices.error(self.explain(&error));
        }
        failed
    }

    /// Creates without a notice each: for imports, which report once for all.
    pub async fn create_quietly(self, draft: NewWorkPackage) -> Result<WorkPackage, ApiError> {
        let created = self.backend.get().create_work_package(draft).await?;
        self.project.put(created.clone());
        Ok(created)
    }

    pub async fn delete(self, id: WorkPackageId) -> Result<(), ApiError> {
        match self.backend.get().delete_work_package(id).await {
            Ok(()) => {
                // Children went with it; reload rather than guess which.
                if let Err(error) = self.project.refresh(&*self.backend.get()).await {
                    self.notices.error(self.explain(&error));
                }
                self.notices.success(
                    self.i18n
                        .lang_untracked()
                        .fill(Key::Deleted, &[("id", &id.to_string())]),
                );
                Ok(())
            }
            Err(error) => {
                self.notices.error(self.explain(&error));
                Err(error)
            }
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
