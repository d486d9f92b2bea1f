//! A view kept under a name: the table's or the Gantt's filters, sort, columns, grouping and tree,
//! as the URL query that shows it. Private or shared with the project, and starred to come first.

use super::ids::{ProjectId, UserId};
use serde::{Deserialize, Serialize};
use std::fmt::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ViewId(pub u64);

/// Which page the view opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ViewKind {
    #[default]
    Table,
    Gantt,
}

impl ViewKind {
    /// Also the last segment of the page's address (`/projects/x/table`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Table => "table",
            Self::Gantt => "gantt",
        }
    }
}

// Flags a view has, as OpenProject's query has them (public, starred) and what its action links say.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedView {
    pub id: ViewId,
    pub project: ProjectId,
    pub name: String,
    pub kind: ViewKind,
    /// `status=open&group=assignee&cols=id,subject`: the view's parameters, nothing else.
    pub query: String,
    /// Seen by everyone in the project, not only by whoever saved it.
    pub public: bool,
    pub starred: bool,
    /// Saved elsewhere (in OpenProject) with settings Tafel cannot show; those are left out here.
    #[serde(default)]
    pub partial: bool,
    /// Who saved it; unknown for views saved before owners were kept (taken as mine).
    #[serde(default)]
    pub owner: Option<UserId>,
    // What follows is how the signed-in user sees it, worked out by the backend on every read
    // (the store keeps only the owner).
    /// The owner's name, shown beside a view that is not mine.
    #[serde(skip)]
    pub owner_name: Option<String>,
    /// Saved by the signed-in user.
    #[serde(skip)]
    pub mine: bool,
    /// The user may rename it, change who sees it and save changes to it (OpenProject's
    /// `updateImmediately`); starring is open to everyone who sees it.
    #[serde(skip)]
    pub may_change: bool,
    /// The user may delete it (OpenProject's `delete`).
    #[serde(skip)]
    pub may_delete: bool,
}

/// The views as OpenProject's sidebar lists them: starred ones first, then mine (private, or
/// shared by me), then those others shared; each part in name order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ViewGroups {
    pub starred: Vec<SavedView>,
    pub mine: Vec<SavedView>,
    pub shared: Vec<SavedView>,
}

pub fn group_views(mut views: Vec<SavedView>) -> ViewGroups {
    sort_views(&mut views);
    let mut groups = ViewGroups::default();
    for view in views {
        let part = if view.starred {
            &mut groups.starred
        } else if view.mine {
            &mut groups.mine
        } else {
            &mut groups.shared
        };
        part.push(view);
    }
    groups
}

/// A view to save: new (`id` empty) or replacing the one with that id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewDraft {
    pub id: Option<ViewId>,
    pub project: ProjectId,
    pub name: String,
    pub kind: ViewKind,
    pub query: String,
    pub public: bool,
    pub starred: bool,
}

/// `text` with every byte outside RFC 3986's unreserved set percent-encoded.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// `text` with its `%XX` escapes decoded; malformed escapes stay as they are.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            #[allow(clippy::cast_possible_truncation)]
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `a=1&b=x%20y` from pairs, every byte outside RFC 3986's unreserved set percent-encoded.
pub fn encode_query<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                percent_encode(k.as_ref()),
                percent_encode(v.as_ref())
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// The pairs of `a=1&b=x%20y` (a leading `?` allowed, `+` read as a space); malformed escapes stay
/// as they are.
pub fn decode_query(text: &str) -> Vec<(String, String)> {
    // A `+` is a space; an escaped one (`%2B`) stays a plus, so it is replaced before decoding.
    let decode = |part: &str| percent_decode(&part.replace('+', " "));
    text.trim_start_matches('?')
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// Starred views first, then by name whatever the case.
pub fn sort_views(views: &mut [SavedView]) {
    views.sort_by_cached_key(|v| (!v.starred, v.name.to_lowercase()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(name: &str, starred: bool) -> SavedView {
        SavedView {
            id: ViewId(1),
            project: ProjectId(1),
            name: name.into(),
            kind: ViewKind::Table,
            query: String::new(),
            public: false,
            starred,
            partial: false,
            owner: None,
            owner_name: None,
            mine: true,
            may_change: true,
            may_delete: true,
        }
    }

    #[test]
    fn views_are_grouped_into_starred_mine_and_shared_by_others() {
        let mut shared = view("Team plan", false);
        shared.public = true;
        shared.mine = false;
        shared.owner_name = Some("Lukas Becker".into());
        let mut starred_shared = view("Release", true);
        starred_shared.public = true;
        starred_shared.mine = false;
        let mut public_mine = view("Board review", false);
        public_mine.public = true;
        let groups = group_views(vec![
            shared,
            view("zeta", false),
            starred_shared,
            public_mine,
            view("Alpha", true),
        ]);
        let names = |list: &[SavedView]| list.iter().map(|v| v.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&groups.starred), ["Alpha", "Release"]);
        assert_eq!(names(&groups.mine), ["Board review", "zeta"]);
        assert_eq!(names(&groups.shared), ["Team plan"]);
    }

    #[test]
    fn a_query_survives_encoding_with_spaces_umlauts_and_separators() {
        let pairs = [("q", "Größe & Maß = 100%"), ("cols", "id,subject")];
        let text = encode_query(&pairs);
        assert!(!text.contains(' ') && !text.contains(','), "{text}");
        let back = decode_query(&format!("?{text}"));
        assert_eq!(
            back,
            vec![
                ("q".to_owned(), "Größe & Maß = 100%".to_owned()),
                ("cols".to_owned(), "id,subject".to_owned())
            ]
        );
        assert_eq!(
            decode_query("a=%zz&b=1+2&c"),
            vec![
                ("a".to_owned(), "%zz".to_owned()),
                ("b".to_owned(), "1 2".to_owned()),
                ("c".to_owned(), String::new())
            ]
        );
        assert_eq!(
            decode_query("x=%4"),
            vec![("x".to_owned(), "%4".to_owned())]
        );
    }

    #[test]
    fn starred_views_come_first_and_each_part_is_in_name_order() {
        let mut views = vec![
            view("beta", false),
            view("Zulu", true),
            view("alpha", false),
            view("Alpha", true),
        ];
        sort_views(&mut views);
        let names: Vec<&str> = views.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["Alpha", "Zulu", "alpha", "beta"]);
    }
}
