//! Generators shared by the property-based fuzz tests (`tests/fuzz_*.rs`): arbitrary JSON values,
//! and mutations of a valid document at a random place (wrong type, null, removed, extra member).
//!
//! Case counts: proptest's default here is [`DEFAULT_CASES`] per property, a few seconds in all;
//! `PROPTEST_CASES=100000 cargo test --test fuzz_decoders` runs a long fuzz session instead.

use proptest::prelude::*;
use proptest::test_runner::Config;
use serde_json::{Map, Value, json};

/// Per property in a plain `cargo test`: enough to catch regressions, cheap enough for every run.
pub const DEFAULT_CASES: u32 = 256;

/// The proptest configuration of every fuzz property: `PROPTEST_CASES` wins when set. Failures
/// are not written to `proptest-regressions/` files: a failing input found here is kept as a named
/// regression test next to the fix instead.
pub fn config() -> Config {
    let from_env = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok());
    Config {
        cases: from_env.unwrap_or(DEFAULT_CASES),
        failure_persistence: None,
        ..Config::default()
    }
}

/// Strings that matter to the decoders: hrefs, ISO dates and durations, numbers, markup, control
/// characters and non-ASCII, besides plain random text.
pub fn awkward_string() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,12}",
        "/api/v3/[a-z_]{1,12}/[0-9]{0,21}",
        Just("urn:openproject-org:api:v3:undisclosed".to_owned()),
        "[0-9]{4}-[0-9]{2}-[0-9]{2}",
        "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,12})?Z?",
        "P([0-9.,]{0,6}[YMWD]){0,3}(T([0-9.,]{0,25}[HMS]){0,3})?",
        "-?[0-9]{1,25}",
        Just(String::new()),
        "[\\x00-\\x1f\"\\\\<>&%+]{1,6}",
    ]
}

/// Any JSON value, nested a few levels, with numbers at the edges of their types.
pub fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("JSON has no NaN or infinity", |f| f.is_finite())
            .prop_map(Value::from),
        prop_oneof![
            Just(json!(u64::MAX)),
            Just(json!(-1)),
            Just(json!(0)),
            Just(json!(1e300)),
            Just(json!(-0.5)),
            Just(json!(i64::MIN)),
        ],
        awkward_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(key(), inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Member names: the ones the decoders read, custom fields, and random ones.
pub fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(
            &[
                "id",
                "subject",
                "href",
                "title",
                "_links",
                "_embedded",
                "_type",
                "elements",
                "total",
                "count",
                "pageSize",
                "raw",
                "name",
                "self",
                "lockVersion",
                "createdAt",
                "records",
                "format",
                "version",
            ][..]
        )
        .prop_map(str::to_owned),
        "customField[0-9]{1,3}",
        "[a-zA-Z_]{1,8}",
    ]
}

/// One change to a document, applied at the place `path` leads to (each step picks a child by
/// index, modulo the number of children; the walk stops at a leaf).
#[derive(Debug, Clone)]
pub enum Mutation {
    /// Replace the value there by another of any type.
    Replace(Value),
    /// Remove it from its object or array.
    Remove,
    /// Add a member (on an object) or an element (on an array).
    Insert(String, Value),
}

pub fn mutation() -> impl Strategy<Value = (Vec<usize>, Mutation)> {
    (
        prop::collection::vec(any::<usize>(), 0..6),
        prop_oneof![
            3 => any_json().prop_map(Mutation::Replace),
            1 => Just(Mutation::Replace(Value::Null)),
            2 => Just(Mutation::Remove),
            2 => (key(), any_json()).prop_map(|(k, v)| Mutation::Insert(k, v)),
        ],
    )
}

/// Applies a mutation. Removing the root turns it into `null`.
pub fn mutate(root: &mut Value, path: &[usize], mutation: Mutation) {
    let Some((&step, rest)) = path.split_first() else {
        apply_here(root, None, mutation);
        return;
    };
    let children = match root {
        Value::Object(map) => map.len(),
        Value::Array(items) => items.len(),
        _ => 0,
    };
    if children == 0 {
        apply_here(root, None, mutation);
        return;
    }
    let index = step % children;
    // The last step acts on the parent, so that `Remove` can take the child out.
    if rest.is_empty() {
        apply_here(root, Some(index), mutation);
        return;
    }
    let child = match root {
        Value::Object(map) => map.values_mut().nth(index),
        Value::Array(items) => items.get_mut(index),
        _ => None,
    };
    if let Some(child) = child {
        mutate(child, rest, mutation);
    }
}

fn apply_here(value: &mut Value, child: Option<usize>, mutation: Mutation) {
    match (value, child, mutation) {
        (Value::Object(map), Some(i), Mutation::Remove) => {
            let key = map.keys().nth(i).cloned();
            if let Some(key) = key {
                map.remove(&key);
            }
        }
        (Value::Array(items), Some(i), Mutation::Remove) => {
            items.remove(i);
        }
        (Value::Object(map), Some(i), Mutation::Replace(new)) => {
            if let Some(slot) = map.values_mut().nth(i) {
                *slot = new;
            }
        }
        (Value::Array(items), Some(i), Mutation::Replace(new)) => items[i] = new,
        (Value::Object(map), _, Mutation::Insert(key, new)) => {
            map.insert(key, new);
        }
        (Value::Array(items), _, Mutation::Insert(_, new)) => items.push(new),
        (value, _, Mutation::Remove) => *value = Value::Null,
        (value, _, Mutation::Replace(new)) => *value = new,
        (value, _, Mutation::Insert(key, new)) => {
            let mut map = Map::new();
            map.insert(key, new);
            *value = Value::Object(map);
        }
    }
}

/// A prefix of `text` that is shorter than it, cut at a character boundary.
pub fn truncated(text: &str, cut: prop::sample::Index) -> &str {
    let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    &text[..boundaries[cut.index(boundaries.len())]]
}
