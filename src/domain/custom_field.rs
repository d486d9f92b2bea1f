//! Fields an administrator added to work packages (OpenProject's custom fields), such as a cost
//! centre, and the rules for their values.
//!
//! A value is kept as text in one canonical form per kind, so that stored work packages, patches
//! in the outbox and old data stay plain strings: text as typed, numbers as Rust prints them
//! (`2.5`), yes/no as `true`/`false`, dates as ISO dates, and list options, users and versions as
//! their ids (`3`, or `3,5` when several are allowed).

use super::catalog::Catalog;
use super::rules::Problem;
use super::{FieldError, TypeId};
use chrono::NaiveDate;

/// Its values sit on the work package under `key` (`customField3`).
#[derive(Debug, Clone, PartialEq)]
pub struct CustomField {
    pub key: String,
    pub name: String,
    pub kind: CustomKind,
    /// Required for work packages of every type.
    pub required: bool,
    /// The types for which it is required besides (OpenProject: a schema per type says so).
    pub required_for: Vec<TypeId>,
    pub writable: bool,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    /// Several values at once (OpenProject's `[]CustomOption`, `[]User`, `[]Version`).
    pub multi: bool,
    /// The allowed values of a list; of a user or version field only when the schema names them
    /// (otherwise the project's members and versions are allowed).
    pub options: Vec<CustomOption>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomOption {
    pub id: u64,
    pub name: String,
}

/// What a custom field holds. `Other` kinds (links, hierarchies…) are shown, not edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomKind {
    Text,
    /// Markdown, OpenProject's `Formattable`.
    LongText,
    Integer,
    Float,
    Boolean,
    Date,
    /// One of the field's options, OpenProject's `CustomOption`.
    List,
    User,
    Version,
    Other,
}

impl CustomKind {
    /// Whether values are ids of list options, users or versions.
    pub fn is_link(self) -> bool {
        matches!(self, Self::List | Self::User | Self::Version)
    }

    pub fn is_editable(self) -> bool {
        self != Self::Other
    }
}

/// The ids in a canonical link value (`3,5`).
pub fn ids(text: &str) -> Vec<u64> {
    text.split(',')
        .filter_map(|part| part.trim().trim_start_matches('#').parse().ok())
        .collect()
}

impl CustomField {
    /// The field as work packages of `wp_type` have it: `required` says whether they must have a
    /// value.
    #[must_use]
    pub fn for_type(&self, wp_type: TypeId) -> CustomField {
        CustomField {
            required: self.required || self.required_for.contains(&wp_type),
            ..self.clone()
        }
    }

    /// What can be chosen for a list, user or version field, as (id, name).
    pub fn choices(&self, catalog: &Catalog) -> Vec<(u64, String)> {
        if !self.options.is_empty() {
            return self
                .options
                .iter()
                .map(|o| (o.id, o.name.clone()))
                .collect();
        }
        match self.kind {
            CustomKind::User => catalog
                .users
                .iter()
                .map(|u| (u.id.0, u.name.clone()))
                .collect(),
            CustomKind::Version => catalog
                .versions
                .iter()
                .map(|v| (v.id.0, v.name.clone()))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The canonical text of what a user entered (`None` when empty), or why it is not a value
    /// of this field. `choices` are the allowed values of link kinds (see `choices`).
    pub fn parse(&self, raw: &str, choices: &[(u64, String)]) -> Result<Option<String>, Problem> {
        let trimmed = raw.trim();
        let value = if trimmed.is_empty() {
            None
        } else {
            Some(self.parse_present(raw, trimmed, choices)?)
        };
        if value.is_none() && self.required {
            return Err(Problem::Blank);
        }
        Ok(value)
    }

    fn parse_present(
        &self,
        raw: &str,
        trimmed: &str,
        choices: &[(u64, String)],
    ) -> Result<String, Problem> {
        match self.kind {
            CustomKind::Text | CustomKind::LongText | CustomKind::Other => {
                // Long text keeps its line breaks and indentation; a line of text does not.
                let text = if self.kind == CustomKind::LongText {
                    raw
                } else {
                    trimmed
                };
                let length = text.chars().count();
                if let Some(min) = self.min_length.filter(|min| length < *min) {
                    return Err(Problem::TooShort { min });
                }
                if let Some(max) = self.max_length.filter(|max| length > *max) {
                    return Err(Problem::TooLong { max });
                }
                Ok(text.to_owned())
            }
            CustomKind::Integer => trimmed
                .parse::<i64>()
                .map(|n| n.to_string())
                .map_err(|_| Problem::NotANumber),
            CustomKind::Float => trimmed
                .replace(',', ".")
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .map(|n| n.to_string())
                .ok_or(Problem::NotANumber),
            CustomKind::Boolean => match trimmed {
                "true" | "t" | "1" => Ok("true".to_owned()),
                "false" | "f" | "0" => Ok("false".to_owned()),
                _ => Err(Problem::UnknownValue),
            },
            CustomKind::Date => trimmed
                .parse::<NaiveDate>()
                .map(|d| d.to_string())
                .map_err(|_| Problem::NotADate),
            CustomKind::List | CustomKind::User | CustomKind::Version => {
                let parts: Vec<&str> = trimmed.split(',').map(str::trim).collect();
                let chosen = ids(trimmed);
                let known = |id: &u64| choices.iter().any(|(c, _)| c == id);
                if chosen.len() != parts.len()
                    || chosen.is_empty()
                    || (!self.multi && chosen.len() > 1)
                    || !chosen.iter().all(known)
                {
                    return Err(Problem::UnknownValue);
                }
                let texts: Vec<String> = chosen.iter().map(u64::to_string).collect();
                Ok(texts.join(","))
            }
        }
    }

    /// A stored value for people: names instead of ids (`#3` for one no longer known).
    pub fn display(&self, text: &str, catalog: &Catalog) -> String {
        if !self.kind.is_link() {
            return text.to_owned();
        }
        let choices = self.choices(catalog);
        let names: Vec<String> = ids(text)
            .into_iter()
            .map(|id| {
                choices
                    .iter()
                    .find(|(c, _)| *c == id)
                    .map_or_else(|| format!("#{id}"), |(_, name)| name.clone())
            })
            .collect();
        names.join(", ")
    }
}

/// Checks the custom values a new work package is given against `fields` (the ones its type
/// has, see `CustomField::for_type`): brings them into their canonical form, drops empty ones and
/// ones of fields not listed, and says which are missing or not values of their fields.
pub fn check_new(
    fields: &[CustomField],
    values: &std::collections::BTreeMap<String, String>,
    catalog: &Catalog,
) -> Result<std::collections::BTreeMap<String, String>, Vec<FieldError>> {
    let mut checked = std::collections::BTreeMap::new();
    let mut errors = Vec::new();
    for field in fields.iter().filter(|f| f.kind.is_editable() && f.writable) {
        let Some(target) = super::Field::custom(&field.key) else {
            continue;
        };
        let raw = values.get(&field.key).map_or("", String::as_str);
        match field.parse(raw, &field.choices(catalog)) {
            Ok(Some(text)) => {
                checked.insert(field.key.clone(), text);
            }
            Ok(None) => {}
            Err(problem) => errors.push(FieldError::new(target, problem)),
        }
    }
    if errors.is_empty() {
        Ok(checked)
    } else {
        Err(errors)
    }
}

impl Catalog {
    /// The custom fields work packages of `wp_type` have, each required as that type needs it.
    pub fn custom_fields_for(&self, wp_type: TypeId) -> Vec<CustomField> {
        self.custom_fields
            .iter()
            .map(|f| f.for_type(wp_type))
            .collect()
    }

    /// The name people know a field by: a custom field's own name, `None` for other fields.
    pub fn custom_name(&self, field: super::Field) -> Option<&str> {
        match field {
            super::Field::Custom(number) => self
                .custom_field(&format!("customField{number}"))
                .map(|f| f.name.as_str()),
            _ => None,
        }
    }

    pub fn custom_field(&self, key: &str) -> Option<&CustomField> {
        self.custom_fields.iter().find(|f| f.key == key)
    }

    /// The value of a custom field for people, as `CustomField::display` gives it; the text as it
    /// is for a field the catalog does not know.
    pub fn custom_text(&self, key: &str, text: &str) -> String {
        self.custom_field(key)
            .map_or_else(|| text.to_owned(), |f| f.display(text, self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{User, UserId};

    fn field(kind: CustomKind) -> CustomField {
        CustomField {
            key: "customField3".to_owned(),
            name: "Field".to_owned(),
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

    fn list() -> CustomField {
        CustomField {
            options: vec![
                CustomOption {
                    id: 4,
                    name: "Berlin".to_owned(),
                },
                CustomOption {
                    id: 7,
                    name: "Hamburg".to_owned(),
                },
            ],
            ..field(CustomKind::List)
        }
    }

    fn parse(field: &CustomField, raw: &str) -> Result<Option<String>, Problem> {
        field.parse(raw, &field.choices(&Catalog::default()))
    }

    #[test]
    fn text_is_trimmed_and_held_to_its_lengths() {
        let text = CustomField {
            min_length: Some(2),
            max_length: Some(4),
            ..field(CustomKind::Text)
        };
        assert_eq!(parse(&text, "  ab "), Ok(Some("ab".to_owned())));
        assert_eq!(parse(&text, "a"), Err(Problem::TooShort { min: 2 }));
        assert_eq!(parse(&text, "abcde"), Err(Problem::TooLong { max: 4 }));
        assert_eq!(parse(&text, "   "), Ok(None));
        assert_eq!(parse(&text, "äöüß"), Ok(Some("äöüß".to_owned())));
    }

    #[test]
    fn long_text_keeps_its_line_breaks() {
        let long = field(CustomKind::LongText);
        assert_eq!(
            parse(&long, "- one\n- two\n"),
            Ok(Some("- one\n- two\n".to_owned()))
        );
    }

    #[test]
    fn a_required_field_refuses_empty_values_of_every_kind() {
        for kind in [
            CustomKind::Text,
            CustomKind::Integer,
            CustomKind::Date,
            CustomKind::List,
        ] {
            let required = CustomField {
                required: true,
                ..field(kind)
            };
            assert_eq!(parse(&required, " "), Err(Problem::Blank), "{kind:?}");
        }
    }

    #[test]
    fn numbers_are_checked_and_written_one_way() {
        let integer = field(CustomKind::Integer);
        assert_eq!(parse(&integer, " 042 "), Ok(Some("42".to_owned())));
        assert_eq!(parse(&integer, "-3"), Ok(Some("-3".to_owned())));
        assert_eq!(parse(&integer, "4.5"), Err(Problem::NotANumber));
        assert_eq!(parse(&integer, "four"), Err(Problem::NotANumber));
        let float = field(CustomKind::Float);
        assert_eq!(parse(&float, "2,5"), Ok(Some("2.5".to_owned())));
        assert_eq!(parse(&float, "3.0"), Ok(Some("3".to_owned())));
        assert_eq!(parse(&float, "1e400"), Err(Problem::NotANumber));
        assert_eq!(parse(&float, "NaN"), Err(Problem::NotANumber));
    }

    #[test]
    fn yes_no_and_dates_have_one_form() {
        let boolean = field(CustomKind::Boolean);
        assert_eq!(parse(&boolean, "t"), Ok(Some("true".to_owned())));
        assert_eq!(parse(&boolean, "false"), Ok(Some("false".to_owned())));
        assert_eq!(parse(&boolean, "maybe"), Err(Problem::UnknownValue));
        let date = field(CustomKind::Date);
        assert_eq!(
            parse(&date, "2026-12-01"),
            Ok(Some("2026-12-01".to_owned()))
        );
        assert_eq!(parse(&date, "2026-02-30"), Err(Problem::NotADate));
    }

    #[test]
    fn a_list_takes_only_its_options_and_one_unless_multi() {
        let single = list();
        assert_eq!(parse(&single, "7"), Ok(Some("7".to_owned())));
        assert_eq!(parse(&single, "5"), Err(Problem::UnknownValue));
        assert_eq!(parse(&single, "4,7"), Err(Problem::UnknownValue));
        assert_eq!(parse(&single, "4,x"), Err(Problem::UnknownValue));
        let multi = CustomField {
            multi: true,
            ..list()
        };
        assert_eq!(parse(&multi, "7, 4"), Ok(Some("7,4".to_owned())));
        assert_eq!(
            multi.display("7,4,9", &Catalog::default()),
            "Hamburg, Berlin, #9"
        );
    }

    #[test]
    fn users_come_from_the_catalog_unless_the_schema_names_them() {
        let catalog = Catalog {
            users: vec![User {
                id: UserId(2),
                name: "Anna Schmidt".to_owned(),
                login: "anna".to_owned(),
            }],
            custom_fields: vec![field(CustomKind::User)],
            ..Catalog::default()
        };
        let user = field(CustomKind::User);
        let choices = user.choices(&catalog);
        assert_eq!(user.parse("2", &choices), Ok(Some("2".to_owned())));
        assert_eq!(user.parse("3", &choices), Err(Problem::UnknownValue));
        assert_eq!(catalog.custom_text("customField3", "2"), "Anna Schmidt");
        assert_eq!(catalog.custom_text("customField9", "2"), "2");
    }

    #[test]
    fn a_field_required_for_one_type_is_required_only_there() {
        let points = CustomField {
            required_for: vec![TypeId(2)],
            ..field(CustomKind::Integer)
        };
        assert!(points.for_type(TypeId(2)).required);
        assert!(!points.for_type(TypeId(1)).required);
        let catalog = Catalog {
            custom_fields: vec![points],
            ..Catalog::default()
        };
        assert!(catalog.custom_fields_for(TypeId(2))[0].required);
        assert_eq!(
            catalog.custom_name(crate::domain::Field::Custom(3)),
            Some("Field")
        );
        assert_eq!(catalog.custom_name(crate::domain::Field::Custom(4)), None);
        assert_eq!(catalog.custom_name(crate::domain::Field::Subject), None);
    }

    #[test]
    fn values_of_a_new_work_package_are_checked_for_its_type() {
        let catalog = Catalog {
            custom_fields: vec![
                CustomField {
                    required_for: vec![TypeId(2)],
                    ..field(CustomKind::Integer)
                },
                CustomField {
                    key: "customField7".to_owned(),
                    ..list()
                },
            ],
            ..Catalog::default()
        };
        let values = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect::<std::collections::BTreeMap<_, _>>()
        };
        let feature = catalog.custom_fields_for(TypeId(2));
        assert_eq!(
            check_new(&feature, &values(&[]), &catalog),
            Err(vec![FieldError::new(
                crate::domain::Field::Custom(3),
                Problem::Blank
            )])
        );
        assert_eq!(
            check_new(
                &feature,
                &values(&[
                    ("customField3", " 08 "),
                    ("customField7", ""),
                    ("customField9", "x")
                ]),
                &catalog
            ),
            Ok(values(&[("customField3", "8")]))
        );
        let task = catalog.custom_fields_for(TypeId(1));
        assert_eq!(check_new(&task, &values(&[]), &catalog), Ok(values(&[])));
        assert_eq!(
            check_new(&task, &values(&[("customField7", "5")]), &catalog),
            Err(vec![FieldError::new(
                crate::domain::Field::Custom(7),
                Problem::UnknownValue
            )])
        );
    }
}
