//! Custom fields in the local store: the same definitions in every store (see `custom_seed`),
//! and values on work packages that obey the same rules as OpenProject's (see
//! `domain::custom_field`).

use super::LocalStore;
use crate::domain::{ActivityDetail, CustomField, Field, FieldError, Problem, WorkPackage};

impl LocalStore {
    /// Built in rather than stored: no screen defines fields, and a definition kept as a record
    /// would cost every store's reader more code than the fields themselves.
    pub fn custom_fields(&self) -> Vec<CustomField> {
        super::super::custom_seed::definitions()
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
        // A plain list, not a set: a set's collect brings in a sort of its own.
        let mut keys: Vec<String> = next.custom.keys().cloned().collect();
        keys.extend(
            stored
                .custom
                .keys()
                .filter(|key| !next.custom.contains_key(*key))
                .cloned(),
        );
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
            let definition = definition.for_type(next.wp_type);
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

#[cfg(test)]
mod tests {
    use super::super::super::seed::demo_records;
    use super::*;
    use crate::api::ApiError;
    use crate::domain::{Problem, WorkPackageId, WorkPackagePatch};
    use chrono::{TimeZone, Utc};

    fn demo() -> LocalStore {
        let now = Utc.with_ymd_and_hms(2026, 3, 10, 9, 0, 0).unwrap();
        LocalStore::from_records(demo_records(now.date_naive(), now)).unwrap()
    }

    fn patch(store: &LocalStore, values: &[(&str, Option<&str>)]) -> Result<WorkPackage, ApiError> {
        let wp = store.work_package(WorkPackageId(1)).unwrap();
        let mut patch = WorkPackagePatch::based_on(&wp);
        for (key, value) in values {
            patch
                .custom
                .insert((*key).to_owned(), value.map(str::to_owned));
        }
        let later = Utc.with_ymd_and_hms(2026, 3, 11, 9, 0, 0).unwrap();
        store
            .plan_update(wp.id, patch, later)
            .map(|(wp, _changes)| wp)
    }

    fn problems(error: ApiError) -> Vec<(Field, Problem)> {
        match error {
            ApiError::Invalid(list) => list.into_iter().map(|e| (e.field, e.problem)).collect(),
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    #[test]
    fn values_of_every_kind_are_stored_in_their_canonical_form() {
        let store = demo();
        let saved = patch(
            &store,
            &[
                ("customField2", Some("*first*\nsecond")),
                ("customField3", Some(" 13 ")),
                ("customField4", Some("2,5")),
                ("customField5", Some("t")),
                ("customField6", Some("2026-12-01")),
                ("customField7", Some("3")),
                ("customField8", Some("2")),
                ("customField9", Some("3")),
                ("customField1", None),
            ],
        )
        .unwrap();
        let values: Vec<(&str, &str)> = saved
            .custom
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            values,
            [
                ("customField2", "*first*\nsecond"),
                ("customField3", "13"),
                ("customField4", "2.5"),
                ("customField5", "true"),
                ("customField6", "2026-12-01"),
                ("customField7", "3"),
                ("customField8", "2"),
                ("customField9", "3"),
            ]
        );
    }

    #[test]
    fn bad_values_are_refused_at_their_fields() {
        let store = demo();
        let error = patch(
            &store,
            &[
                ("customField4", Some("lots")),
                ("customField7", Some("9")),
                ("customField42", Some("x")),
            ],
        )
        .unwrap_err();
        assert_eq!(
            problems(error),
            [
                (Field::Custom(4), Problem::NotANumber),
                (Field::Custom(42), Problem::UnknownValue),
                (Field::Custom(7), Problem::UnknownValue),
            ]
        );
    }

    #[test]
    fn a_feature_is_created_only_with_its_required_story_points() {
        use crate::domain::{NewWorkPackage, ProjectId, TypeId};
        let store = demo();
        let now = Utc.with_ymd_and_hms(2026, 3, 11, 9, 0, 0).unwrap();
        let feature = TypeId(2);
        let mut draft = NewWorkPackage::new(ProjectId(1), feature, "Parking permits");
        let error = store.plan_create(draft.clone(), now).unwrap_err();
        assert_eq!(problems(error), [(Field::Custom(3), Problem::Blank)]);
        draft
            .custom
            .insert("customField3".to_owned(), " 5 ".to_owned());
        draft
            .custom
            .insert("customField7".to_owned(), "3".to_owned());
        let (created, _) = store.plan_create(draft, now).unwrap();
        assert_eq!(created.custom["customField3"], "5");
        assert_eq!(created.custom["customField7"], "3");
        // A task needs none, so a card added by its subject alone is created.
        let task = NewWorkPackage::new(ProjectId(1), TypeId(1), "Quick");
        assert!(store.plan_create(task, now).is_ok());
        // Nor can a feature's story points be cleared later.
        let wp = store.work_package(WorkPackageId(1)).unwrap();
        let mut to_feature = WorkPackagePatch::based_on(&wp);
        to_feature.custom.insert("customField3".to_owned(), None);
        to_feature.wp_type = Some(feature);
        let error = store.plan_update(wp.id, to_feature, now).unwrap_err();
        assert!(problems(error).contains(&(Field::Custom(3), Problem::Blank)));
    }

    #[test]
    fn a_change_is_recorded_with_names_for_people() {
        let store = demo();
        let wp = store.work_package(WorkPackageId(1)).unwrap();
        let next = patch(&store, &[("customField7", Some("3"))]).unwrap();
        let mut details = Vec::new();
        store.changed_custom(&wp, &next, &mut details);
        assert_eq!(
            details,
            [ActivityDetail::Changed {
                field: Field::Custom(7),
                from: Some("Citizens' office Mitte".to_owned()),
                to: Some("Citizens' office Nord".to_owned()),
            }]
        );
    }
}
