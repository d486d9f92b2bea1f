//! Watchers and attachments of a work package on OpenProject.

use super::backend::OpenProjectBackend;
use super::{Method, decode, hal};
use crate::api::ApiError;
use crate::domain::{Attachment, User, UserId, WorkPackageId};
use serde_json::{Value, json};

impl OpenProjectBackend {
    /// A list of users such as the watchers, sorted by name.
    pub(super) async fn users_at(&self, path: String) -> Result<Vec<User>, ApiError> {
        let mut users = self
            .get_all::<hal::User>(&path, &[], false)
            .await?
            .into_iter()
            .map(decode::user)
            .collect::<Result<Vec<_>, _>>()?;
        User::sort_by_name(&mut users);
        Ok(users)
    }

    /// OpenProject answers 200 when the user watched already and 204 when removing someone who
    /// did not: both are success here.
    pub(super) async fn set_watcher_now(
        &self,
        id: WorkPackageId,
        user: UserId,
        watching: bool,
    ) -> Result<(), ApiError> {
        let body = json!({ "user": self.href("users", user) });
        let (method, path, body) = if watching {
            (
                Method::Post,
                format!("/work_packages/{id}/watchers"),
                Some(&body),
            )
        } else {
            (
                Method::Delete,
                format!("/work_packages/{id}/watchers/{user}"),
                None,
            )
        };
        self.call(method, &path, body).await.map(|_| ())
    }

    pub(super) async fn attachments_of(
        &self,
        id: WorkPackageId,
    ) -> Result<Vec<Attachment>, ApiError> {
        let path = format!("/work_packages/{id}/attachments");
        // As JSON values: typed wire structs would add a decoder to the bundle for four fields.
        self.get_all_raw(&path, &[], false)
            .await?
            .iter()
            .map(|raw| {
                let value: Value =
                    serde_json::from_str(raw.get()).map_err(|e| ApiError::Decode(e.to_string()))?;
                attachment(&value, self.base())
            })
            .collect()
    }
}

fn attachment(a: &Value, base: &str) -> Result<Attachment, ApiError> {
    let links = &a["_links"];
    let created_at = a["createdAt"]
        .as_str()
        .and_then(crate::domain::wire_time::parse_instant)
        .ok_or_else(|| ApiError::Decode("attachment without createdAt".to_owned()))?;
    Ok(Attachment {
        id: a["id"]
            .as_u64()
            .ok_or_else(|| ApiError::Decode("attachment without id".to_owned()))?,
        file_name: a["fileName"].as_str().unwrap_or_default().to_owned(),
        // The spec's own example spells it `filesize`.
        size: a["fileSize"].as_u64().or_else(|| a["filesize"].as_u64()),
        author: links["author"]["title"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        created_at,
        download: links["downloadLocation"]["href"]
            .as_str()
            .and_then(|href| safe_download(base, href)),
    })
}

/// The address to download from, absolute, and only if it is `http(s)`: a server's answer must
/// never become a `javascript:` or `data:` link. Paths are on the server's own origin.
pub fn safe_download(base: &str, href: &str) -> Option<String> {
    if href.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return None;
    }
    let (scheme, rest) = base.split_once("://")?;
    let origin_len = scheme.len() + 3 + rest.find('/').unwrap_or(rest.len());
    let absolute = if let Some(rest) = href.strip_prefix("//") {
        format!("{scheme}://{rest}")
    } else if href.starts_with('/') {
        format!("{}{href}", &base[..origin_len])
    } else {
        href.to_owned()
    };
    let lower = absolute.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then_some(absolute)
}

#[cfg(test)]
mod tests {
    use super::safe_download;

    #[test]
    fn download_links_are_absolute_http_on_the_servers_origin_or_nothing() {
        let base = "https://op.example/sub";
        assert_eq!(
            safe_download(base, "/sub/api/v3/attachments/1/content").as_deref(),
            Some("https://op.example/sub/api/v3/attachments/1/content")
        );
        assert_eq!(
            safe_download(base, "https://s3.example/b/cat.png?sig=1").as_deref(),
            Some("https://s3.example/b/cat.png?sig=1")
        );
        assert_eq!(
            safe_download("http://127.0.0.1:9", "/a").as_deref(),
            Some("http://127.0.0.1:9/a")
        );
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,x",
            "java\tscript:alert(1)",
            "cat.png",
        ] {
            assert_eq!(safe_download(base, bad), None, "{bad}");
        }
    }
}
