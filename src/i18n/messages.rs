//! Turns domain problems and backend errors into sentences in the user's language.

use super::{Key, Lang};
use crate::domain::{Catalog, Field, FieldError, Problem, RelationKind};

pub fn field_label(lang: Lang, field: Field) -> &'static str {
    lang.text(match field {
        Field::Subject => Key::FieldSubject,
        Field::Description => Key::FieldDescription,
        Field::Type => Key::FieldType,
        Field::Status => Key::FieldStatus,
        Field::Priority => Key::FieldPriority,
        Field::Assignee => Key::FieldAssignee,
        Field::Responsible => Key::FieldResponsible,
        Field::Version => Key::FieldVersion,
        Field::Category => Key::FieldCategory,
        Field::Parent => Key::FieldParent,
        Field::StartDate => Key::FieldStartDate,
        Field::DueDate => Key::FieldDueDate,
        Field::Date => Key::FieldDate,
        Field::PercentageDone => Key::FieldPercentageDone,
        Field::EstimatedTime => Key::FieldEstimatedTime,
        Field::Project => Key::FieldProject,
        Field::RelatedTo => Key::FieldRelatedTo,
        Field::Lag => Key::FieldLag,
        Field::Comment => Key::FieldComment,
        Field::Name => Key::FieldName,
        Field::Custom(_) => Key::FieldCustom,
    })
}

/// A field's label; a custom field is called by its own name when `catalog` knows it.
pub fn field_name(lang: Lang, field: Field, catalog: &Catalog) -> String {
    catalog
        .custom_name(field)
        .map_or_else(|| field_label(lang, field).to_owned(), str::to_owned)
}

/// `field_error`, with custom fields called by their names ("Story points: Can't be blank.").
/// A server's own sentence that starts with the name already ("Story points can't be blank.")
/// is said as it is.
pub fn field_error_in(lang: Lang, error: &FieldError, catalog: &Catalog) -> String {
    let name = field_name(lang, error.field, catalog);
    let text = problem(lang, &error.problem);
    if matches!(error.problem, Problem::Server(_)) && text.starts_with(&name) {
        text
    } else {
        format!("{name}: {text}")
    }
}

pub fn problem(lang: Lang, problem: &Problem) -> String {
    match problem {
        Problem::Blank => lang.text(Key::ProblemBlank).to_owned(),
        Problem::TooLong { max } => lang.fill(Key::ProblemTooLong, &[("max", &max.to_string())]),
        Problem::TooShort { min } => lang.fill(Key::ProblemTooShort, &[("min", &min.to_string())]),
        Problem::DueBeforeStart => lang.text(Key::ProblemDueBeforeStart).to_owned(),
        Problem::MilestoneHasRange => lang.text(Key::ProblemMilestoneHasRange).to_owned(),
        Problem::DateOnlyForMilestones => lang.text(Key::ProblemDateOnlyForMilestones).to_owned(),
        Problem::ParentIsSelf => lang.text(Key::ProblemParentIsSelf).to_owned(),
        Problem::ParentIsDescendant => lang.text(Key::ProblemParentIsDescendant).to_owned(),
        Problem::OutOfRange { min, max } => lang.fill(
            Key::ProblemOutOfRange,
            &[("min", &min.to_string()), ("max", &max.to_string())],
        ),
        Problem::UnknownValue => lang.text(Key::ProblemUnknownValue).to_owned(),
        Problem::NotANumber => lang.text(Key::ProblemNotANumber).to_owned(),
        Problem::NotADate => lang.text(Key::ProblemNotADate).to_owned(),
        Problem::RelationToItself => lang.text(Key::ProblemSameWorkPackage).to_owned(),
        Problem::RelationExists => lang.text(Key::ProblemDuplicateRelation).to_owned(),
        Problem::RelationCircle => lang.text(Key::ProblemRelationCircle).to_owned(),
        Problem::Server(text) => text.clone(),
        Problem::NotSaved(reason) => lang.fill(Key::ProblemNotSaved, &[("reason", reason)]),
    }
}

/// "Subject: Can't be blank." for messages that are not next to their field.
pub fn field_error(lang: Lang, error: &FieldError) -> String {
    format!(
        "{}: {}",
        field_label(lang, error.field),
        problem(lang, &error.problem)
    )
}

pub fn relation_kind(lang: Lang, kind: RelationKind) -> &'static str {
    lang.text(match kind {
        RelationKind::Relates => Key::RelRelates,
        RelationKind::Duplicates => Key::RelDuplicates,
        RelationKind::Duplicated => Key::RelDuplicated,
        RelationKind::Blocks => Key::RelBlocks,
        RelationKind::Blocked => Key::RelBlocked,
        RelationKind::Precedes => Key::RelPrecedes,
        RelationKind::Follows => Key::RelFollows,
        RelationKind::Includes => Key::RelIncludes,
        RelationKind::Partof => Key::RelPartof,
        RelationKind::Requires => Key::RelRequires,
        RelationKind::Required => Key::RelRequired,
    })
}
