//! Filters, sort and the open work package live in the URL, so every view can be bookmarked.

use crate::domain::WorkPackageId;
use crate::domain::board_config::{BOARD_KEYS, BoardConfig};
use crate::domain::list_params::ListParams;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};

/// Builds `?a=1&b=2` with values escaped.
pub fn query_string(pairs: &[(&str, String)]) -> String {
    if pairs.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", js_sys::encode_uri_component(v)))
        .collect();
    format!("?{}", parts.join("&"))
}

/// The current query's pairs, without the keys in `owned`.
fn query_without(
    query: Memo<leptos_router::params::ParamsMap>,
    owned: &[&str],
) -> Vec<(String, String)> {
    query
        .get_untracked()
        .into_iter()
        .filter(|(k, _)| !owned.contains(&k.as_ref()))
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

/// The query with the parameters one part of the page owns replaced, keeping the others.
fn replace_owned(
    query: Memo<leptos_router::params::ParamsMap>,
    owned: &'static [&'static str],
    mine: Vec<(&'static str, String)>,
) -> String {
    let mut pairs: Vec<(String, String)> =
        mine.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    pairs.extend(query_without(query, owned));
    let borrowed: Vec<(&str, String)> =
        pairs.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    query_string(&borrowed)
}

fn query_pairs(query: &leptos_router::params::ParamsMap) -> Vec<(String, String)> {
    query
        .clone()
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

/// A value kept in the URL: read as a memo, written by replacing its own parameters.
pub struct UrlValue<T: Send + Sync + 'static> {
    pub value: Memo<T>,
    set: StoredValue<Box<dyn Fn(T)>, LocalStorage>,
}

impl<T: Send + Sync + 'static> Clone for UrlValue<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for UrlValue<T> {}

impl<T: Clone + PartialEq + Send + Sync + 'static> UrlValue<T> {
    fn new(
        owned: &'static [&'static str],
        read: fn(&[(String, String)]) -> T,
        write: fn(&T) -> Vec<(&'static str, String)>,
    ) -> Self {
        let query = use_query_map();
        let value = Memo::new(move |_| query.with(|q| read(&query_pairs(q))));
        let location = use_location();
        let navigate = use_navigate();
        // Without a history entry: filtering or regrouping is not a step the Back button undoes.
        let set = move |next: T| {
            let path = crate::hosting::route(&location.pathname.get_untracked());
            navigate(
                &format!("{path}{}", replace_owned(query, owned, write(&next))),
                NavigateOptions {
                    replace: true,
                    scroll: false,
                    ..NavigateOptions::default()
                },
            );
        };
        Self {
            value,
            set: StoredValue::new_local(Box::new(set)),
        }
    }

    pub fn set(self, value: T) {
        self.set.with_value(|set| set(value));
    }

    pub fn update(self, f: impl FnOnce(&mut T)) {
        let mut value = self.value.get_untracked();
        f(&mut value);
        self.set(value);
    }
}

/// The table's and board's filters and sort.
pub type ListParamsHandle = UrlValue<ListParams>;

pub fn use_list_params() -> ListParamsHandle {
    UrlValue::new(
        &ListParams::KEYS,
        |pairs| ListParams::from_query(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))),
        ListParams::to_query,
    )
}

/// The table's columns, grouping and tree.
pub fn use_table_layout() -> UrlValue<crate::domain::table_layout::TableLayout> {
    use crate::domain::table_layout::TableLayout;
    UrlValue::new(
        &TableLayout::KEYS,
        |pairs| TableLayout::from_query(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))),
        TableLayout::to_query,
    )
}

/// The board's grouping, swimlanes and limits.
pub fn use_board_config() -> UrlValue<BoardConfig> {
    UrlValue::new(
        &BOARD_KEYS,
        |pairs| BoardConfig::from_query(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))),
        BoardConfig::to_query,
    )
}

/// The work package open in the side panel (`?wp=12`), and a way to open or close it keeping the filters.
type OpenSetter = Box<dyn Fn(Option<WorkPackageId>)>;

#[derive(Clone, Copy)]
pub struct DetailPanelHandle {
    pub open: Memo<Option<WorkPackageId>>,
    set: StoredValue<OpenSetter, LocalStorage>,
}

impl DetailPanelHandle {
    pub fn set(self, id: Option<WorkPackageId>) {
        self.set.with_value(|set| set(id));
    }
}

pub fn use_detail_panel() -> DetailPanelHandle {
    let query = use_query_map();
    let open = Memo::new(move |_| {
        query
            .with(|q| q.get("wp"))
            .and_then(|raw| raw.parse().ok())
            .map(WorkPackageId)
    });
    let location = use_location();
    let navigate = use_navigate();
    let set = move |id: Option<WorkPackageId>| {
        let mut pairs = query_without(query, &["wp"]);
        if let Some(id) = id {
            pairs.push(("wp".to_owned(), id.to_string()));
        }
        let borrowed: Vec<(&str, String)> =
            pairs.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        let path = crate::hosting::route(&location.pathname.get_untracked());
        navigate(
            &format!("{path}{}", query_string(&borrowed)),
            NavigateOptions {
                scroll: false,
                ..NavigateOptions::default()
            },
        );
    };
    DetailPanelHandle {
        open,
        set: StoredValue::new_local(Box::new(set)),
    }
}
