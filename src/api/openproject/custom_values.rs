//! The custom field values of a work package (`customField3` members and `_links.customField3`),
//! read in a second pass over the same JSON. Their names are only known at run time, so the typed
//! `hal::WorkPackage` cannot hold them; this pass keeps them and skips everything else unread.

use serde::Deserialize;
use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;

/// Custom field values by key, in the domain's canonical text (see `domain::custom_field`):
/// strings as they are, numbers as Rust prints them, formattable text by its raw form, dates as
/// ISO dates, yes/no as `true`/`false`, linked values by the ids in their hrefs.
#[derive(Debug, Default, PartialEq)]
pub struct CustomValues(pub BTreeMap<String, String>);

fn is_custom(key: &str) -> bool {
    key.starts_with("customField")
}

/// The text of a plain custom value, `None` for null.
fn value_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => n
            .as_i64()
            .map(|i| i.to_string())
            .or_else(|| n.as_f64().map(|f| f.to_string())),
        // Formattable text: `{ "format": "markdown", "raw": "…", "html": "…" }`.
        Value::Object(o) => o.get("raw").and_then(Value::as_str).map(str::to_owned),
        Value::Array(items) => joined(items.iter().filter_map(value_text)),
    }
}

/// The ids of linked values (a list option, a user, a version); several for multi-select.
fn link_text(value: &Value) -> Option<String> {
    match value {
        Value::Array(links) => joined(links.iter().filter_map(link_text)),
        Value::Object(link) => link
            .get("href")
            .and_then(Value::as_str)
            .and_then(super::decode::id_from_href)
            .map(|id| id.to_string()),
        _ => None,
    }
}

fn joined(texts: impl Iterator<Item = String>) -> Option<String> {
    let all: Vec<String> = texts.collect();
    (!all.is_empty()).then(|| all.join(","))
}

/// Reads only the custom members of an object, through `text`.
fn read_custom<'de, A: MapAccess<'de>>(
    mut map: A,
    text: fn(&Value) -> Option<String>,
    mut other: impl FnMut(&str, &mut A) -> Result<bool, A::Error>,
) -> Result<BTreeMap<String, String>, A::Error> {
    let mut values = BTreeMap::new();
    while let Some(key) = map.next_key::<String>()? {
        if is_custom(&key) {
            if let Some(value) = text(&map.next_value::<Value>()?) {
                values.insert(key, value);
            }
        } else if !other(&key, &mut map)? {
            map.next_value::<IgnoredAny>()?;
        }
    }
    Ok(values)
}

/// `_links` of a work package: only its custom members.
struct CustomLinks(BTreeMap<String, String>);

impl<'de> Deserialize<'de> for CustomLinks {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LinksVisitor;
        impl<'de> Visitor<'de> for LinksVisitor {
            type Value = CustomLinks;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("the links of a work package")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<CustomLinks, A::Error> {
                read_custom(map, link_text, |_, _| Ok(false)).map(CustomLinks)
            }
        }
        deserializer.deserialize_map(LinksVisitor)
    }
}

impl<'de> Deserialize<'de> for CustomValues {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ValuesVisitor;
        impl<'de> Visitor<'de> for ValuesVisitor {
            type Value = CustomValues;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a work package")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<CustomValues, A::Error> {
                let mut linked = BTreeMap::new();
                let mut values = read_custom(map, value_text, |key, map| {
                    if key != "_links" {
                        return Ok(false);
                    }
                    linked = map.next_value::<CustomLinks>()?.0;
                    Ok(true)
                })?;
                values.append(&mut linked);
                Ok(CustomValues(values))
            }
        }
        deserializer.deserialize_map(ValuesVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::CustomValues;

    #[test]
    fn keeps_custom_values_and_linked_ids_only() {
        let json = r#"{
            "id": 7, "subject": "x", "customField1": "KST-4711", "customField2": 12.5,
            "customField3": {"format": "markdown", "raw": "*long*", "html": "<p>long</p>"},
            "customField4": null, "customField9": true,
            "_links": {
                "self": {"href": "/api/v3/work_packages/7"},
                "customField5": {"href": "/api/v3/custom_options/3", "title": "Berlin"},
                "customField6": [{"href": "/api/v3/users/1", "title": "Anna"}, {"href": "/api/v3/users/2", "title": "Jonas"}],
                "customField7": {"href": null}
            }
        }"#;
        let CustomValues(values) = serde_json::from_str(json).unwrap();
        let pairs: Vec<(&str, &str)> = values
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("customField1", "KST-4711"),
                ("customField2", "12.5"),
                ("customField3", "*long*"),
                ("customField5", "3"),
                ("customField6", "1,2"),
                ("customField9", "true"),
            ]
        );
    }
}
