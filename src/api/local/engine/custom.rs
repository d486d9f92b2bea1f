//! Custom fields in the local store: their definitions are records like statuses are, and their
//! values on work packages obey the same rules as OpenProject's (see `domain::custom_field`).

use super::LocalStore;
use crate::domain::{ActivityDetail, CustomField, Field, FieldError, Problem, WorkPackage};

impl LocalStore {
    pub fn custom_fields(&self) -> Vec<CustomField> {
        self.custom_fields.values().cloned().collect()
    }

    /// Brings the custom values `next` changes against `stored` into their canonical form, or
    /// says which are not values of their fields. Unchanged values are left alone, so a field
    /// whose definition changed later does not block other edits.
    pub(super) fn check_custom(
        &self,
        next: &mut WorkPackage,
        stored: &WorkPackage,
    ) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let catalog = self.catalog(next.project);
        let keys: Vec<String> = next
            .custom
            .keys()
            .chain(stored.custom.keys())
            .cloned()
            .collect();
        for key in keys {
            let value = next.custom.get(&key).cloned();
            if value == stored.custom.get(&key).cloned() {
                continue;
            }
            let Some(field) = Field::custom(&key) else {
                continue;
            };
            let Some(definition) = catalog.custom_field(&key).filter(|d| d.writable) else {
                errors.push(FieldError::new(field, Problem::UnknownValue));
                continue;
            };
            let choices = definition.choices(&catalog);
            match definition.parse(value.as_deref().unwrap_or_default(), &choices) {
                Ok(Some(text)) => {
                    next.custom.insert(key, text);
                }
                Ok(None) => {
                    next.custom.remove(&key);
                }
                Err(problem) => errors.push(FieldError::new(field, problem)),
            }
        }
        errors
    }

    /// The custom values that differ, as a reader sees them.
    pub(super) fn changed_custom(
        &self,
        old: &WorkPackage,
        new: &WorkPackage,
        details: &mut Vec<ActivityDetail>,
    ) {
        let catalog = self.catalog(new.project);
        let text = |wp: &WorkPackage, key: &str| {
            wp.custom
                .get(key)
                .map(|value| catalog.custom_text(key, value))
        };
        for definition in &catalog.custom_fields {
            let (from, to) = (text(old, &definition.key), text(new, &definition.key));
            if let Some(field) = Field::custom(&definition.key)
                && from != to
            {
                details.push(ActivityDetail::Changed { field, from, to });
            }
        }
    }
}
