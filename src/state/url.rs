//! Filters, sort and the open work package live in the URL, so every view can be bookmarked.

use crate::domain::WorkPackageId;
use crate::domain::list_params::ListParams;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};

/// Builds `?a=1&b=2` with values escaped.
fn query_string(pairs: &[(&str, String)]) -> String {
    if pairs.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", js_sys::encode_uri_component(v)))
        .collect();
    format!("?{}", parts.join("&"))
}

#[derive(Clone, Copy)]
pub struct ListParamsHandle {
    pub params: Memo<ListParams>,
    set: StoredValue<Box<dyn Fn(ListParams)>, LocalStorage>,
}

impl ListParamsHandle {
    pub fn set(self, params: ListParams) {
        self.set.with_value(|set| set(params));
    }

    pub fn update(self, f: impl FnOnce(&mut ListParams)) {
        let mut params = self.params.get_untracked();
        f(&mut params);
        self.set(params);
    }
}

pub fn use_list_params() -> ListParamsHandle {
    let query = use_query_map();
    let params = Memo::new(move |_| {
        query.with(|q| {
            let pairs: Vec<(String, String)> = q
                .clone()
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect();
            ListParams::from_query(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        })
    });
    let location = use_location();
    let navigate = use_navigate();
    let set = move |next: ListParams| {
        let mut pairs = next.to_query();
        if let Some(wp) = query.get_untracked().get("wp") {
            pairs.push(("wp", wp.clone()));
        }
        let path = location.pathname.get_untracked();
        navigate(
            &format!("{path}{}", query_string(&pairs)),
            NavigateOptions {
                replace: true,
                scroll: false,
                ..NavigateOptions::default()
            },
        );
    };
    ListParamsHandle {
        params,
        set: StoredValue::new_local(Box::new(set)),
    }
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
        let mut pairs: Vec<(String, String)> = query
            .get_untracked()
            .into_iter()
            .filter(|(k, _)| k != "wp")
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        if let Some(id) = id {
            pairs.push(("wp".to_owned(), id.to_string()));
        }
        let borrowed: Vec<(&str, String)> =
            pairs.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        let path = location.pathname.get_untracked();
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
