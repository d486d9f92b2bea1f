//! A board kept under a name: its grouping, limits, card fields and filters, as the URL query that
//! shows it. Several per project; open one and the address is that board's.

use super::ids::ProjectId;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct BoardId(pub u64);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedBoard {
    pub id: BoardId,
    pub project: ProjectId,
    pub name: String,
    /// `by=assignee&lanes=priority&q=login`: the board's and filters' parameters, nothing else.
    pub query: String,
}

/// A board to save: new (`id` empty) or replacing the one with that id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardDraft {
    pub id: Option<BoardId>,
    pub project: ProjectId,
    pub name: String,
    pub query: String,
}

/// Boards are listed by name, whatever the case.
pub fn sort_by_name(boards: &mut [SavedBoard]) {
    boards.sort_by_cached_key(|b| b.name.to_lowercase());
}

/// The name, trimmed, if it is one: not blank and at most 255 characters.
pub fn board_name(raw: &str) -> Option<String> {
    let name = raw.trim();
    (!name.is_empty() && name.chars().count() <= 255).then(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::board_name;

    #[test]
    fn a_board_needs_a_name_of_sensible_length() {
        assert_eq!(board_name("  Sprint  "), Some("Sprint".to_owned()));
        assert_eq!(board_name("   "), None);
        assert_eq!(
            board_name(&"ä".repeat(255)).map(|n| n.chars().count()),
            Some(255)
        );
        assert_eq!(board_name(&"ä".repeat(256)), None);
    }
}
