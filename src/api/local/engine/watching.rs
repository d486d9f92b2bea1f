//! Watchers in the store: one record per watched work package. Everyone in the store may be added.

use super::{LocalStore, Record, Watchers};
use crate::api::ApiError;
use crate::api::local::records::Change;
use crate::domain::{User, UserId, WorkPackageId};

impl LocalStore {
    pub(super) fn watchers_at(&self, id: WorkPackageId) -> Option<usize> {
        self.watchers.iter().position(|w| w.work_package == id)
    }

    /// The watchers of a work package, sorted by name.
    pub fn watchers(&self, id: WorkPackageId) -> Result<Vec<User>, ApiError> {
        self.work_package(id)?;
        let ids = self
            .watchers_at(id)
            .map_or(&[][..], |i| &self.watchers[i].users[..]);
        Ok(self
            .all_users()
            .into_iter()
            .filter(|u| ids.contains(&u.id))
            .collect())
    }

    pub fn available_watchers(&self, id: WorkPackageId) -> Result<Vec<User>, ApiError> {
        self.work_package(id)?;
        Ok(self.all_users())
    }

    /// Adds or removes one watcher; nothing to write when it is so already.
    pub fn plan_watch(
        &self,
        id: WorkPackageId,
        user: UserId,
        watching: bool,
    ) -> Result<((), Vec<Change>), ApiError> {
        self.work_package(id)?;
        if !self.users.contains_key(&user) {
            return Err(ApiError::NotFound);
        }
        let mut users = self
            .watchers_at(id)
            .map(|i| self.watchers[i].users.clone())
            .unwrap_or_default();
        if users.contains(&user) == watching {
            return Ok(((), Vec::new()));
        }
        if watching {
            users.push(user);
        } else {
            users.retain(|u| *u != user);
        }
        let change = if users.is_empty() {
            Change::Delete(format!("watchers/{id}"))
        } else {
            Change::Put(Record::Watchers(Watchers {
                work_package: id,
                users,
            }))
        };
        Ok(((), vec![change]))
    }
}
