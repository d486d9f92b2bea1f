//! Others' changes on a server, without a reload: every few seconds an open project asks for the work
//! packages changed since the newest one it has, and takes those that are newer than its own copy.
//! It waits while the tab is hidden, and while the user is in the middle of a drag or a keyboard move.

use super::notices::{Notices, api_error_text};
use super::prefs::I18n;
use super::project::ProjectState;
use crate::api::{self, Backend};
use crate::domain::{Filter, WorkPackageQuery};
use chrono::Utc;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

/// Starts looking for changes for as long as the calling view lives; only backends that must be
/// asked (servers) are polled.
pub fn follow_changes(
    state: ProjectState,
    backend: Rc<dyn Backend>,
    seconds: u32,
    notices: Notices,
    i18n: I18n,
) {
    if seconds == 0 || !backend.polls_for_changes() {
        return;
    }
    // The server's clock, not ours: the newest change we have is where the next look starts.
    // An empty project has no newest change: start a day back from this browser's clock.
    let since = Rc::new(Cell::new(state.work_packages.with_untracked(|m| {
        m.values()
            .map(|wp| wp.updated_at)
            .max()
            .unwrap_or_else(|| Utc::now() - chrono::Duration::days(1))
    })));
    let busy = Rc::new(Cell::new(false));
    // One failure message per outage, not one per tick.
    let failing = Rc::new(Cell::new(false));
    let tick = move || {
        if busy.get() || document().hidden() || state.interacting.get_untracked() {
            return;
        }
        busy.set(true);
        let (backend, since, busy, failing) = (
            backend.clone(),
            since.clone(),
            busy.clone(),
            failing.clone(),
        );
        spawn_local(async move {
            let project = state.project.with_untracked(|p| p.id);
            let query = WorkPackageQuery {
                filters: vec![Filter::UpdatedSince(since.get())],
                ..state.scope()
            };
            match api::all_work_packages(&*backend, project, query).await {
                Ok(changed) => {
                    failing.set(false);
                    // A drag may have begun while the answer was on its way: this round is asked
                    // again later, so nothing is skipped.
                    if !state.interacting.get_untracked() {
                        if let Some(newest) = changed.iter().map(|wp| wp.updated_at).max() {
                            since.set(since.get().max(newest));
                        }
                        state.merge(changed);
                    }
                }
                Err(error) => {
                    if !failing.replace(true) {
                        notices.error(api_error_text(i18n.lang_untracked(), &error));
                    }
                }
            }
            busy.set(false);
        });
    };
    let handle = set_interval_with_handle(tick, Duration::from_secs(u64::from(seconds)));
    if let Ok(handle) = handle {
        on_cleanup(move || handle.clear());
    }
}
