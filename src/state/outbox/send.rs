//! Sends one journal entry to the backend. A creation that may already have arrived (its answer
//! went missing) is looked up first; an update that meets a newer version but whose values are
//! already stored (our own earlier try arrived) counts as done.

use super::Sent;
use crate::api::{self, ApiError, Backend};
use crate::domain::outbox::{Change, Entry, OnConflict, already_holds};
use crate::domain::{Filter, NewRelation, NewWorkPackage, WorkPackageId, WorkPackageQuery};
use chrono::{DateTime, TimeDelta, Utc};
use std::collections::HashSet;

/// How far a server's clock may be behind ours when looking for what a lost answer created.
const CLOCK_SKEW: TimeDelta = TimeDelta::minutes(10);

pub async fn send(
    backend: &dyn Backend,
    entry: &Entry,
    claimed: &HashSet<WorkPackageId>,
) -> Result<Sent, ApiError> {
    let since =
        DateTime::<Utc>::from_timestamp_millis(entry.made_ms).unwrap_or_default() - CLOCK_SKEW;
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
        Change::Create { draft } => {
            if entry.maybe_sent
                && let Some(found) = find_created(backend, draft, since, claimed).await?
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
            if entry.maybe_sent {
                let me = backend.me().await.ok().flatten();
                let found = backend.activities(*id).await?.into_iter().find(|a| {
                    a.comment.as_deref() == Some(markdown.as_str())
                        && a.created_at >= since
                        && (me.is_none() || a.user == me)
                });
                if let Some(found) = found {
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
    }
}

/// A work package that looks like the one `draft` would make, created since the change was made
/// and not claimed by another creation of this journal.
async fn find_created(
    backend: &dyn Backend,
    draft: &NewWorkPackage,
    since: DateTime<Utc>,
    claimed: &HashSet<WorkPackageId>,
) -> Result<Option<crate::domain::WorkPackage>, ApiError> {
    let query = WorkPackageQuery {
        filters: vec![
            Filter::Text(draft.subject.clone()),
            Filter::UpdatedSince(since),
        ],
        ..WorkPackageQuery::everything()
    };
    let found = api::all_work_packages(backend, draft.project, query).await?;
    Ok(found
        .into_iter()
        .filter(|wp| {
            wp.subject == draft.subject
                && wp.wp_type == draft.wp_type
                && wp.created_at >= since
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
