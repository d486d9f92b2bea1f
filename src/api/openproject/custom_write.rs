//! How a custom field's new value is written in a work package PATCH: plain values as members
//! (`"customField3": 2.5`), markdown as `{raw}`, and list options, users and versions as links
//! under `_links` (`{"href": "/api/v3/custom_options/4"}`, an array when several are allowed).

use crate::domain::custom_field::{CustomField, CustomKind, ids};
use serde_json::{Map, Value, json};

/// Puts `value` (canonical text, `None` to clear) into `body` or `links`. A field whose definition
/// is unknown is written as text, as it was before Tafel knew the kinds.
pub fn write_custom(
    field: Option<&CustomField>,
    key: &str,
    value: Option<&str>,
    href: &dyn Fn(&str, u64) -> Value,
    body: &mut Map<String, Value>,
    links: &mut Map<String, Value>,
) {
    let kind = field.map_or(CustomKind::Text, |f| f.kind);
    let collection = match kind {
        CustomKind::List => "custom_options",
        CustomKind::User => "users",
        CustomKind::Version => "versions",
        _ => {
            body.insert(key.to_owned(), plain(kind, value));
            return;
        }
    };
    let targets: Vec<Value> = value
        .map(ids)
        .unwrap_or_default()
        .into_iter()
        .map(|id| href(collection, id))
        .collect();
    let link = if field.is_some_and(|f| f.multi) {
        Value::Array(targets)
    } else {
        targets
            .into_iter()
            .next()
            .unwrap_or_else(|| json!({ "href": null }))
    };
    links.insert(key.to_owned(), link);
}

fn plain(kind: CustomKind, value: Option<&str>) -> Value {
    let Some(text) = value else {
        return if kind == CustomKind::LongText {
            json!({ "raw": "" })
        } else {
            Value::Null
        };
    };
    match kind {
        CustomKind::LongText => json!({ "raw": text }),
        CustomKind::Integer => text
            .parse::<i64>()
            .map_or_else(|_| json!(text), |n| json!(n)),
        CustomKind::Float => text
            .parse::<f64>()
            .map_or_else(|_| json!(text), |n| json!(n)),
        CustomKind::Boolean => json!(text == "true"),
        _ => json!(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::CustomOption;

    fn field(kind: CustomKind, multi: bool) -> CustomField {
        CustomField {
            key: "customField5".to_owned(),
            name: "F".to_owned(),
            kind,
            required: false,
            required_for: Vec::new(),
            writable: true,
            min_length: None,
            max_length: None,
            multi,
            options: vec![CustomOption {
                id: 4,
                name: "Berlin".to_owned(),
            }],
        }
    }

    fn written(field: Option<&CustomField>, value: Option<&str>) -> (Value, Value) {
        let mut body = Map::new();
        let mut links = Map::new();
        let href =
            |collection: &str, id: u64| json!({ "href": format!("/api/v3/{collection}/{id}") });
        write_custom(field, "customField5", value, &href, &mut body, &mut links);
        (Value::Object(body), Value::Object(links))
    }

    #[test]
    fn plain_kinds_are_members_with_their_json_types() {
        let cases = [
            (CustomKind::Integer, Some("42"), json!(42)),
            (CustomKind::Float, Some("2.5"), json!(2.5)),
            (CustomKind::Boolean, Some("false"), json!(false)),
            (CustomKind::Date, Some("2026-12-01"), json!("2026-12-01")),
            (CustomKind::LongText, Some("*a*"), json!({ "raw": "*a*" })),
            (CustomKind::LongText, None, json!({ "raw": "" })),
            (CustomKind::Text, None, Value::Null),
        ];
        for (kind, value, expected) in cases {
            let (body, links) = written(Some(&field(kind, false)), value);
            assert_eq!(body, json!({ "customField5": expected }), "{kind:?}");
            assert_eq!(links, json!({}));
        }
        let (body, _) = written(None, Some("KST"));
        assert_eq!(body, json!({ "customField5": "KST" }));
    }

    #[test]
    fn references_are_links_and_an_array_when_several_are_allowed() {
        let (body, links) = written(Some(&field(CustomKind::List, false)), Some("4"));
        assert_eq!(body, json!({}));
        assert_eq!(
            links,
            json!({ "customField5": { "href": "/api/v3/custom_options/4" } })
        );
        let (_, links) = written(Some(&field(CustomKind::User, false)), None);
        assert_eq!(links, json!({ "customField5": { "href": null } }));
        let (_, links) = written(Some(&field(CustomKind::Version, true)), Some("2,3"));
        assert_eq!(
            links,
            json!({ "customField5": [
                { "href": "/api/v3/versions/2" },
                { "href": "/api/v3/versions/3" }
            ] })
        );
    }
}
