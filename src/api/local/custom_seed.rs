//! The local store's custom fields: one of every kind Tafel edits, as an administrator would add
//! them in OpenProject, and a few values on the demo's first work package.

use crate::domain::{CustomField, CustomKind, CustomOption, WorkPackage};

fn definition(number: u32, name: &str, kind: CustomKind) -> CustomField {
    CustomField {
        key: format!("customField{number}"),
        name: name.to_owned(),
        kind,
        required: false,
        required_for: Vec::new(),
        writable: true,
        min_length: None,
        max_length: None,
        multi: false,
        options: Vec::new(),
    }
}

pub fn definitions() -> Vec<CustomField> {
    let option = |id: u64, name: &str| CustomOption {
        id,
        name: name.to_owned(),
    };
    vec![
        CustomField {
            max_length: Some(30),
            ..definition(1, "Cost centre", CustomKind::Text)
        },
        definition(2, "Notes for the editors", CustomKind::LongText),
        // Required for features only, as an administrator sets it per type: a feature cannot be
        // created without its estimate, while tasks and quick-added cards need none.
        CustomField {
            required_for: vec![super::seed::FEATURE],
            ..definition(3, "Story points", CustomKind::Integer)
        },
        definition(4, "Budget (k€)", CustomKind::Float),
        definition(5, "Accessibility checked", CustomKind::Boolean),
        definition(6, "Go-live", CustomKind::Date),
        CustomField {
            options: vec![
                option(1, "Town hall"),
                option(2, "Citizens' office Mitte"),
                option(3, "Citizens' office Nord"),
            ],
            ..definition(7, "Office", CustomKind::List)
        },
        definition(8, "Reviewer", CustomKind::User),
        definition(9, "Planned for", CustomKind::Version),
        CustomField {
            multi: true,
            options: vec![option(1, "Mitte"), option(2, "Nord"), option(3, "Süd")],
            ..definition(10, "Districts", CustomKind::List)
        },
    ]
}

/// Values for the work package a demo opens with first, so every kind shows something.
pub fn fill(wp: &mut WorkPackage) {
    for (key, value) in [
        ("customField1", "KST-4711"),
        ("customField3", "8"),
        ("customField5", "false"),
        ("customField7", "2"),
    ] {
        wp.custom.insert(key.to_owned(), value.to_owned());
    }
}
