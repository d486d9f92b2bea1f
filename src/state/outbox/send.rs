//! Sends one journal entry to the backend. A creation that may already have arrived (its answer
//! went missing) is looked up first; an update that meets a newer version but whose values are
//! already stored (our own earlier try arrived) counts as done.

use super::Sent;
use crate::api::{self, ApiError, Backend};
use crate::domain::outbox::{Change, Entry, OnConflict, already_holds};
use crate::domain::{Filter, NewRelation, NewWorkPackage, WorkPackageId, WorkPackageQuery};
use std::collections::HashSet;

pub async fn send(
    backend: &dyn Backend,
    entry: &Entry,
    claimed: &HashSet<WorkPackageId>,
) -> Result<Sent, ApiError> {
    match &entry.change {
        Change::Update {
            id,
            patch,
            on_conflict,
        } => match backend.update_work_package(*id, patch.clone()).await {
            Err(ApiError::Conflict { current }) if already_holds(patch, &current) => {
                Ok(Sent::Saved(*current))
            }
            Err(ApiError::Conflict { current }) if *on_conflict == OnConflict::Rebase => {
                let rebased = crate::domain::WorkPackagePatch {
                    lock_version: current.lock_version,
                    ..patch.clone()
                };
                backend
                    .update_work_package(*id, rebased)
                    .await
                    .map(Sent::Saved)
            }
            other => other.map(Sent::Saved),
        },
        Change::Reorder { project, positions } => backend
            .reorder(*project, positions.clone())
            .await
            .map(|()| Sent::Done),
        Change::Create { draft, newer_than } => {
            if entry.maybe_sent
                && let Some(found) = find_created(backend, draft, *newer_than, claimed).await?
            {
                return Ok(Sent::Saved(found));
            }
            backend
                .create_work_package(draft.clone())
                .await
                .map(Sent::Saved)
        }
        Change::Delete { id } => match backend.delete_work_package(*id).await {
            // Gone already: an earlier try arrived, or someone else deleted it.
            Ok(()) | Err(ApiError::NotFound) => Ok(Sent::Done),
            Err(error) => Err(error),
        },
        Change::Comment { id, markdown } => {
            // The user's latest comment being this text means the lost answer's comment arrived
            // (only posting the same text twice in a row is mistaken for it).
            if entry.maybe_sent {
                let me = backend.me().await.ok().flatten();
                let latest = backend
                    .activities(*id)
                    .await?
                    .into_iter()
                    .rev()
                    .find(|a| a.comment.is_some() && (me.is_none() || a.user == me));
                if let Some(found) = latest.filter(|a| a.comment.as_deref() == Some(markdown)) {
                    return Ok(Sent::Commented(Some(found)));
                }
            }
            backend
                .add_comment(*id, markdown.clone())
                .await
                .map(|a| Sent::Commented(Some(a)))
        }
        Change::Relate { relation } => {
            if entry.maybe_sent
                && let Some(found) = find_relation(backend, relation).await?
            {
                return Ok(Sent::Related(Some(found)));
            }
            backend
                .create_relation(relation.clone())
                .await
                .map(|r| Sent::Related(Some(r)))
        }
        Change::Unrelate { id } => match backend.delete_relation(*id).await {
            Ok(()) | Err(ApiError::NotFound) => Ok(Sent::Done),
            Err(error) => Err(error),
        },
        Change::Relag { id, lag } => backend
            .update_relation(*id, *lag)
            .await
            .map(|r| Sent::Related(Some(r))),
        Change::Watch { id, user, watching } => backend
            .set_watcher(*id, *user, *watching)
            .await
            .map(|()| Sent::Done),
    }
}

/// A work package that looks like the one `draft` would make, newer than every one known when the
/// change was made, and not claimed by another creation of this journal.
async fn find_created(
    backend: &dyn Backend,
    draft: &NewWorkPackage,
    newer_than: Option<WorkPackageId>,
    claimed: &HashSet<WorkPackageId>,
) -> Result<Option<crate::domain::WorkPackage>, ApiError> {
    let query = WorkPackageQuery {
        filters: vec![Filter::Text(draft.subject.clone())],
        ..WorkPackageQuery::everything()
    };
    let found = api::all_work_packages(backend, draft.project, query).await?;
    Ok(found
        .into_iter()
        .filter(|wp| {
            wp.subject == draft.subject
                && wp.wp_type == draft.wp_type
                && newer_than.is_none_or(|known| wp.id > known)
                && !claimed.contains(&wp.id)
        })
        .min_by_key(|wp| wp.id))
}

async fn find_relation(
    backend: &dyn Backend,
    relation: &NewRelation,
) -> Result<Option<crate::domain::Relation>, ApiError> {
    Ok(backend
        .relations(relation.from)
        .await?
        .into_iter()
        .find(|r| r.from == relation.from && r.to == relation.to && r.kind == relation.kind))
}
