//! The OpenProject servers a user connected to from the app (Settings → Connection), and which one is
//! in use, kept in this browser's local storage. Only addresses and sign-in methods: tokens live in
//! `credentials`. A server named in `config.json` takes precedence over all of this.

use serde::{Deserialize, Serialize};

/// The `localStorage` key; public/boot.js reads it too, to fetch the OpenProject client's code ahead.
const KEY: &str = "tafel.connections";

/// How Tafel signs in to a server the user added. OAuth needs a client registered for this
/// deployment, so it comes from `config.json` only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SignInMethod {
    ApiKey,
    None,
    Session,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Server {
    pub url: String,
    pub sign_in: SignInMethod,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Connections {
    pub servers: Vec<Server>,
    /// The address of the server in use; `None`: the store in this browser.
    pub active: Option<String>,
}

/// A server address as Tafel keeps it (no trailing slash), or `None` when it is not one.
pub fn normalize_url(raw: &str) -> Option<String> {
    let url = raw.trim().trim_end_matches('/');
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    (!rest.is_empty() && !rest.contains(char::is_whitespace)).then(|| url.to_owned())
}

impl Connections {
    pub fn active_server(&self) -> Option<&Server> {
        let active = self.active.as_ref()?;
        self.servers.iter().find(|s| &s.url == active)
    }

    /// Adds the server (replacing one at the same address) and makes it the one in use.
    pub fn connect(&mut self, server: Server) {
        self.servers.retain(|s| s.url != server.url);
        self.active = Some(server.url.clone());
        self.servers.push(server);
    }

    pub fn remove(&mut self, url: &str) {
        self.servers.retain(|s| s.url != url);
        if self.active.as_deref() == Some(url) {
            self.active = None;
        }
    }

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    /// What this browser kept; nothing when it kept nothing readable.
    pub fn load() -> Self {
        Self::storage()
            .and_then(|s| s.get_item(KEY).ok().flatten())
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default()
    }

    pub fn save(&self) -> Result<(), String> {
        let json = serde_json::to_string(self).map_err(|e| e.to_string())?;
        Self::storage()
            .ok_or("this browser offers no storage")?
            .set_item(KEY, &json)
            .map_err(|_| "this browser refused to store the connection".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(url: &str) -> Server {
        Server {
            url: url.to_owned(),
            sign_in: SignInMethod::ApiKey,
        }
    }

    #[test]
    fn connecting_makes_a_server_active_once_and_removing_it_falls_back_to_the_browser() {
        let mut connections = Connections::default();
        connections.connect(server("https://a.example"));
        connections.connect(server("https://b.example"));
        connections.connect(server("https://a.example"));
        assert_eq!(connections.servers.len(), 2);
        assert_eq!(
            connections.active_server().map(|s| s.url.as_str()),
            Some("https://a.example")
        );
        connections.remove("https://a.example");
        assert_eq!(connections.active_server(), None);
        assert_eq!(connections.servers, [server("https://b.example")]);
    }

    #[test]
    fn only_http_addresses_are_servers() {
        assert_eq!(
            normalize_url(" https://op.example.org/ "),
            Some("https://op.example.org".to_owned())
        );
        assert_eq!(
            normalize_url("http://localhost:8080"),
            Some("http://localhost:8080".to_owned())
        );
        for bad in [
            "op.example.org",
            "javascript:alert(1)",
            "https://",
            "https://a b",
        ] {
            assert_eq!(normalize_url(bad), None, "{bad}");
        }
    }

    #[test]
    fn what_is_kept_in_local_storage_is_addresses_and_sign_in_methods_only() {
        let mut connections = Connections::default();
        connections.connect(server("https://a.example"));
        let json: serde_json::Value = serde_json::to_value(&connections).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "servers": [{"url": "https://a.example", "sign_in": "apikey"}],
                "active": "https://a.example"
            })
        );
    }
}
