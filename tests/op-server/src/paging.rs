//! Offset pagination as OpenProject does it: `offset` is a 1-based page number, `pageSize` is capped.

use crate::errors::ApiError;
use crate::hal::href;
use serde_json::{Value, json};

/// OpenProject's first `perPageOptions` entry, used when a client sends no `pageSize`.
pub const DEFAULT_PAGE_SIZE: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub offset: usize,
    pub page_size: usize,
}

pub type Params = Vec<(String, String)>;

pub fn param<'a>(params: &'a Params, name: &str) -> Option<&'a str> {
    params
        .iter()
        .rev()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

pub fn parse_page(params: &Params, max_page_size: usize) -> Result<Page, ApiError> {
    let number = |name: &str| -> Result<Option<usize>, ApiError> {
        param(params, name)
            .map(|v| {
                v.parse::<usize>().map_err(|_| {
                    ApiError::invalid_query(format!("{name} must be a non-negative integer."))
                })
            })
            .transpose()
    };
    Ok(Page {
        offset: number("offset")?.unwrap_or(1).max(1),
        page_size: number("pageSize")?
            .unwrap_or(DEFAULT_PAGE_SIZE)
            .min(max_page_size),
    })
}

fn url(path: &str, mut pairs: Vec<(&str, String)>) -> String {
    pairs.retain(|(_, v)| !v.is_empty());
    let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

/// Builds the collection for one page of `all`; `carried` are the query parameters links must keep.
pub fn paged_collection(
    path: &str,
    carried: &[(&str, String)],
    page: Page,
    all: Vec<Value>,
) -> Value {
    let total = all.len();
    let start = (page.offset - 1).saturating_mul(page.page_size);
    let elements: Vec<Value> = all.into_iter().skip(start).take(page.page_size).collect();
    let with = |offset: String, size: String| {
        let mut pairs: Vec<(&str, String)> = carried.to_vec();
        pairs.push(("offset", offset));
        pairs.push(("pageSize", size));
        url(path, pairs)
    };
    let size = page.page_size.to_string();
    let mut links = json!({
        "self": href(with(page.offset.to_string(), size.clone())),
        "jumpTo": { "href": with("{offset}".to_owned(), size.clone()), "templated": true },
        "changeSize": { "href": with(page.offset.to_string(), "{size}".to_owned()), "templated": true },
    });
    if page.page_size > 0 && start + page.page_size < total {
        links["nextByOffset"] = href(with((page.offset + 1).to_string(), size.clone()));
    }
    if page.offset > 1 {
        links["previousByOffset"] = href(with((page.offset - 1).to_string(), size));
    }
    json!({
        "_type": "Collection",
        "total": total,
        "count": elements.len(),
        "pageSize": page.page_size,
        "offset": page.offset,
        "_embedded": { "elements": elements },
        "_links": links,
    })
}
