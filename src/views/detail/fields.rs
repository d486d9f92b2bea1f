//! Turning what a user typed into a field into a patch, and the editable field widgets.

use crate::api::ApiError;
use crate::domain::{
    CategoryId, Field, FieldError, PriorityId, Problem, StatusId, TypeId, UserId, VersionId,
    WorkPackage, WorkPackageId, WorkPackagePatch,
};
use crate::i18n::Key;
use crate::i18n::messages::{field_label, problem};
use crate::state::actions::WorkPackageActions;
use crate::state::prefs::use_i18n;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;

pub fn parse_id(raw: &str) -> Option<u64> {
    raw.trim().trim_start_matches('#').parse().ok()
}

/// The first problem reported for `field`.
pub fn field_errors_for(errors: &[FieldError], field: Field) -> Option<Problem> {
    errors
        .iter()
        .find(|e| e.field == field)
        .map(|e| e.problem.clone())
}

fn optional<T>(
    raw: &str,
    parse: impl FnOnce(&str) -> Option<T>,
    bad: Problem,
) -> Result<Option<T>, Problem> {
    let raw = raw.trim();
    if raw.is_empty() {
        Ok(None)
    } else {
        parse(raw).map(Some).ok_or(bad)
    }
}

/// The patch that sets `field` to the text `raw` from an input or select, or why the text is not a value.
pub fn patch_for(wp: &WorkPackage, field: Field, raw: &str) -> Result<WorkPackagePatch, Problem> {
    let mut patch = WorkPackagePatch::based_on(wp);
    let id = |raw: &str| parse_id(raw);
    let date = |raw: &str| raw.parse::<NaiveDate>().ok();
    match field {
        Field::Subject => patch.subject = Some(raw.to_owned()),
        Field::Description => patch.description = Some(raw.to_owned()),
        Field::Type => patch.wp_type = Some(TypeId(id(raw).ok_or(Problem::UnknownValue)?)),
        Field::Status => patch.status = Some(StatusId(id(raw).ok_or(Problem::UnknownValue)?)),
        Field::Priority => patch.priority = Some(PriorityId(id(raw).ok_or(Problem::UnknownValue)?)),
        Field::Assignee => {
            patch.assignee = Some(optional(raw, id, Problem::UnknownValue)?.map(UserId));
        }
        Field::Responsible => {
            patch.responsible = Some(optional(raw, id, Problem::UnknownValue)?.map(UserId));
        }
        Field::Version => {
            patch.version = Some(optional(raw, id, Problem::UnknownValue)?.map(VersionId));
        }
        Field::Category => {
            patch.category = Some(optional(raw, id, Problem::UnknownValue)?.map(CategoryId));
        }
        Field::Parent => {
            patch.parent = Some(optional(raw, id, Problem::NotANumber)?.map(WorkPackageId));
        }
        Field::StartDate => patch.start_date = Some(optional(raw, date, Problem::NotADate)?),
        Field::DueDate => patch.due_date = Some(optional(raw, date, Problem::NotADate)?),
        Field::Date => patch.date = Some(optional(raw, date, Problem::NotADate)?),
        Field::PercentageDone => {
            let value: i64 = raw.trim().parse().map_err(|_| Problem::NotANumber)?;
            let value = u8::try_from(value)
                .ok()
                .filter(|v| *v <= 100)
                .ok_or(Problem::OutOfRange { min: 0, max: 100 })?;
            patch.percentage_done = Some(value);
        }
        Field::EstimatedTime => {
            let hours = optional(
                raw,
                |r| r.replace(',', ".").parse::<f64>().ok(),
                Problem::NotANumber,
            )?;
            patch.estimated_hours = Some(hours);
        }
        Field::Custom(number) => {
            let value = raw.trim();
            patch.custom.insert(
                format!("customField{number}"),
                (!value.is_empty()).then(|| value.to_owned()),
            );
        }
        Field::Project | Field::RelatedTo | Field::Lag | Field::Comment | Field::Name => {
            return Err(Problem::UnknownValue);
        }
    }
    Ok(patch)
}

/// Saves one field and keeps the field's error message up to date.
pub fn save_field(
    actions: WorkPackageActions,
    wp: WorkPackage,
    field: Field,
    raw: String,
    errors: RwSignal<Vec<FieldError>>,
) {
    let patch = patch_for(&wp, field, &raw);
    save_patch(actions, wp.id, field, patch, errors);
}

/// Saves a patch for one field, or shows at the field why there is none.
pub fn save_patch(
    actions: WorkPackageActions,
    id: WorkPackageId,
    field: Field,
    patch: Result<WorkPackagePatch, Problem>,
    errors: RwSignal<Vec<FieldError>>,
) {
    let patch = match patch {
        Ok(patch) => patch,
        Err(problem) => {
            errors.set(vec![FieldError::new(field, problem)]);
            return;
        }
    };
    spawn_local(async move {
        // The action reports other failures itself (a notice, the sync status); a refusal is said
        // at the field too, which still shows what was typed, so that it is not taken for saved.
        let list = match actions.update(id, patch).await {
            Err(ApiError::Invalid(list)) => list,
            Err(error) => actions
                .refusal(&error)
                .map(|reason| vec![FieldError::new(field, Problem::NotSaved(reason))])
                .unwrap_or_default(),
            Ok(_) => Vec::new(),
        };
        errors.set(list);
    });
}

/// A labelled input or select with its inline error message.
#[component]
pub fn FieldRow(
    field: Field,
    errors: RwSignal<Vec<FieldError>>,
    /// The label, when the field's own name is not in the catalog (custom fields).
    #[prop(optional)]
    label: Option<String>,
    /// Marked in words after the label, not by colour.
    #[prop(optional)]
    required: bool,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let input_id = input_id(field);
    let error_id = error_id(field);
    let message = move || {
        errors
            .with(|e| field_errors_for(e, field))
            .map(|p| problem(i18n.lang(), &p))
    };
    view! {
        <div class="tafel-field" class:tafel-field--invalid=move || message().is_some()>
            <label for=input_id>
                {move || label.clone().unwrap_or_else(|| field_label(i18n.lang(), field).to_owned())}
                {required.then(|| view! { " " <span class="tafel-field__required">{i18n.tr(Key::CustomRequired)}</span> })}
            </label>
            {children()}
            <p id=error_id class="tafel-field__error" role="alert">{message}</p>
        </div>
    }
}

/// The id of the message under a field, for `aria-describedby`.
pub fn error_id(field: Field) -> String {
    format!("{}-error", input_id(field))
}

/// Keeps an input (or text area) showing the stored value, except while the user is changing it:
/// the answer to an earlier save, or someone else's change, arriving then must not replace what
/// they are typing.
pub fn keep_value<E>(input: NodeRef<E>, value: impl Fn() -> String + 'static)
where
    E: leptos::html::ElementType,
    E::Output: wasm_bindgen::JsCast + Clone + 'static,
{
    use wasm_bindgen::JsCast;
    keep_text(
        Box::new(move || input.get().map(JsCast::unchecked_into)),
        Box::new(value),
    );
}

/// One body for every kind of element: both have a `value` property.
fn keep_text(element: Box<dyn Fn() -> Option<web_sys::Element>>, value: Box<dyn Fn() -> String>) {
    let key = wasm_bindgen::JsValue::from_str("value");
    Effect::new(move |shown: Option<String>| {
        let value = value();
        let Some(input) = element() else {
            return value;
        };
        let text = js_sys::Reflect::get(&input, &key)
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default();
        let typing = shown.as_ref().is_some_and(|shown| text != *shown)
            && document()
                .active_element()
                .is_some_and(|active| js_sys::Object::is(&active, &input));
        if typing {
            return shown.unwrap_or(value);
        }
        let _ = js_sys::Reflect::set(&input, &key, &wasm_bindgen::JsValue::from_str(&value));
        value
    });
}

pub fn input_id(field: Field) -> String {
    match field {
        Field::Custom(number) => format!("tafel-field-custom-{number}"),
        _ => format!("tafel-field-{field:?}").to_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{PriorityId, ProjectId};
    use chrono::{TimeZone, Utc};

    fn wp() -> WorkPackage {
        let at = Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap();
        let subject = "Write the tender".to_owned();
        WorkPackage {
            assignee: Some(UserId(3)),
            lock_version: 4,
            position: 1024,
            ..WorkPackage::new(
                WorkPackageId(7),
                ProjectId(1),
                TypeId(1),
                StatusId(1),
                PriorityId(2),
                subject,
                at,
            )
        }
    }

    #[test]
    fn an_empty_select_clears_the_assignee_and_keeps_the_lock_version() {
        let patch = patch_for(&wp(), Field::Assignee, "").unwrap();
        assert_eq!(patch.assignee, Some(None));
        assert_eq!(patch.lock_version, 4);
    }

    #[test]
    fn dates_and_numbers_are_parsed_or_explained() {
        let start = patch_for(&wp(), Field::StartDate, "2026-12-01").unwrap();
        assert_eq!(start.start_date, Some(NaiveDate::from_ymd_opt(2026, 12, 1)));
        assert_eq!(
            patch_for(&wp(), Field::DueDate, "tomorrow"),
            Err(Problem::NotADate)
        );
        assert_eq!(
            patch_for(&wp(), Field::PercentageDone, "ten"),
            Err(Problem::NotANumber)
        );
        assert_eq!(
            patch_for(&wp(), Field::PercentageDone, "120"),
            Err(Problem::OutOfRange { min: 0, max: 100 })
        );
        let hours = patch_for(&wp(), Field::EstimatedTime, "2,5").unwrap();
        assert_eq!(hours.estimated_hours, Some(Some(2.5)));
    }

    #[test]
    fn a_category_is_chosen_by_id_and_the_empty_choice_clears_it() {
        let set = patch_for(&wp(), Field::Category, "3").unwrap();
        assert_eq!(set.category, Some(Some(CategoryId(3))));
        assert_eq!(set.fields(), vec![Field::Category]);
        let cleared = patch_for(&wp(), Field::Category, "").unwrap();
        assert_eq!(cleared.category, Some(None));
        assert_eq!(
            patch_for(&wp(), Field::Category, "Frontend"),
            Err(Problem::UnknownValue)
        );
    }

    #[test]
    fn a_parent_can_be_typed_with_or_without_hash() {
        let patch = patch_for(&wp(), Field::Parent, "#12").unwrap();
        assert_eq!(patch.parent, Some(Some(WorkPackageId(12))));
    }
}
