//! A column's header and a cell's text in the user's language: the table and its CSV export say the
//! same.

use crate::domain::Catalog;
use crate::domain::table_layout::{CellValue, Column};
use crate::i18n::{Key, Lang, format};

pub fn label(lang: Lang, column: &Column, catalog: &Catalog) -> String {
    let key = match column {
        Column::Id => Key::FieldId,
        Column::Subject => Key::FieldSubject,
        Column::Type => Key::FieldType,
        Column::Status => Key::FieldStatus,
        Column::Priority => Key::FieldPriority,
        Column::Assignee => Key::FieldAssignee,
        Column::Responsible => Key::FieldResponsible,
        Column::Version => Key::FieldVersion,
        Column::Category => Key::FieldCategory,
        Column::StartDate => Key::FieldStartDate,
        Column::DueDate => Key::FieldDueDate,
        Column::EstimatedTime => Key::FieldEstimatedTime,
        Column::PercentageDone => Key::FieldPercentageDone,
        Column::Custom(key) => {
            return catalog
                .custom_fields
                .iter()
                .find(|f| f.key == *key)
                .map_or_else(|| key.clone(), |f| f.name.clone());
        }
    };
    lang.text(key).to_owned()
}

pub use crate::i18n::format::hours;

/// Empty for "not set".
pub fn text(lang: Lang, value: CellValue) -> String {
    match value {
        CellValue::Text(text) => text,
        CellValue::Name(name) => name.unwrap_or_default(),
        CellValue::Date(day) => day.map(|d| format::date(lang, d)).unwrap_or_default(),
        CellValue::Hours(h) => h.map(|h| hours(lang, h)).unwrap_or_default(),
        CellValue::Percent(p) => format!("{p} %"),
        CellValue::Number(n) => n.to_string(),
    }
}
