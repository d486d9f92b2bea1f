//! Hosting under a sub-path (`/tafel/`, `/cdn/v1/tafel/`): index.html's `<base href>` says where
//! Tafel is served, its asset URLs are relative to it, and the router's base is read from it here.
//! Links and navigations name routes (`/projects/x/board`); these functions put the base in front
//! where the router does not: `<A href="/…">` and addresses built from the current path. A leaf
//! module, like `i18n`.

/// The base path of `base_uri` (the document's base URL) on `origin`, without the trailing slash:
/// `""` at the root of a host, `"/tafel"` under a sub-path. A base on another origin gives `""`.
pub fn base_path(base_uri: &str, origin: &str) -> String {
    let Some(path) = base_uri.strip_prefix(origin).filter(|p| p.starts_with('/')) else {
        return String::new();
    };
    let path = path.split(['?', '#']).next().unwrap_or_default();
    // The folder of the base: `/tafel/index.html` and `/tafel/` both mean `/tafel`.
    path[..path.rfind('/').unwrap_or_default()].to_owned()
}

/// The router's base for this page.
pub fn router_base() -> String {
    let base_uri = leptos::prelude::document()
        .base_uri()
        .ok()
        .flatten()
        .unwrap_or_default();
    let origin = leptos::prelude::window()
        .location()
        .origin()
        .unwrap_or_default();
    base_path(&base_uri, &origin)
}

/// The address of a route for an `<A href>`: `/settings` is `/tafel/settings` under `/tafel/`.
pub fn href(route: &str) -> String {
    format!("{}{route}", router_base())
}

/// The route of a browser path (`use_location().pathname` includes the base), to navigate to: the
/// router puts the base in front of it again.
pub fn route(pathname: &str) -> String {
    route_in(&router_base(), pathname)
}

fn route_in(base: &str, pathname: &str) -> String {
    match pathname.strip_prefix(base) {
        Some("") => "/".to_owned(),
        Some(rest) if rest.starts_with('/') => rest.to_owned(),
        _ => pathname.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base_path_is_the_folder_of_the_base_url() {
        let origin = "http://127.0.0.1:8080";
        assert_eq!(base_path("http://127.0.0.1:8080/", origin), "");
        assert_eq!(base_path("http://127.0.0.1:8080/tafel/", origin), "/tafel");
        assert_eq!(
            base_path("http://127.0.0.1:8080/cdn/v1/tafel/", origin),
            "/cdn/v1/tafel"
        );
        assert_eq!(
            base_path("http://127.0.0.1:8080/tafel/index.html?x=/y/", origin),
            "/tafel"
        );
        assert_eq!(base_path("https://cdn.example.org/tafel/", origin), "");
        assert_eq!(base_path("http://127.0.0.1:80801/tafel/", origin), "");
    }

    #[test]
    fn a_route_is_the_path_without_the_base() {
        assert_eq!(route_in("", "/projects/x/board"), "/projects/x/board");
        assert_eq!(
            route_in("/tafel", "/tafel/projects/x/board"),
            "/projects/x/board"
        );
        assert_eq!(route_in("/tafel", "/tafel"), "/");
        assert_eq!(route_in("/tafel", "/tafel/"), "/");
        assert_eq!(route_in("/tafel", "/tafelx/y"), "/tafelx/y");
    }
}
