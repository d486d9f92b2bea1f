//! Typed links between two work packages. Parent/child is not a relation (it is `WorkPackage::parent`).

use super::ids::{RelationId, WorkPackageId};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationKind {
    Relates,
    Duplicates,
    Duplicated,
    Blocks,
    Blocked,
    Precedes,
    Follows,
    Includes,
    Partof,
    Requires,
    Required,
}

impl RelationKind {
    pub const ALL: [RelationKind; 11] = [
        Self::Relates,
        Self::Duplicates,
        Self::Duplicated,
        Self::Blocks,
        Self::Blocked,
        Self::Precedes,
        Self::Follows,
        Self::Includes,
        Self::Partof,
        Self::Requires,
        Self::Required,
    ];

    /// The same relation seen from the other work package.
    #[must_use]
    pub fn reverse(self) -> Self {
        match self {
            Self::Relates => Self::Relates,
            Self::Duplicates => Self::Duplicated,
            Self::Duplicated => Self::Duplicates,
            Self::Blocks => Self::Blocked,
            Self::Blocked => Self::Blocks,
            Self::Precedes => Self::Follows,
            Self::Follows => Self::Precedes,
            Self::Includes => Self::Partof,
            Self::Partof => Self::Includes,
            Self::Requires => Self::Required,
            Self::Required => Self::Requires,
        }
    }

    /// Only scheduling relations carry a lag.
    pub fn has_lag(self) -> bool {
        matches!(self, Self::Precedes | Self::Follows)
    }

    /// OpenProject's wire name (`follows`, `partof`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Relates => "relates",
            Self::Duplicates => "duplicates",
            Self::Duplicated => "duplicated",
            Self::Blocks => "blocks",
            Self::Blocked => "blocked",
            Self::Precedes => "precedes",
            Self::Follows => "follows",
            Self::Includes => "includes",
            Self::Partof => "partof",
            Self::Requires => "requires",
            Self::Required => "required",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == raw)
    }
}

/// `from` <kind> `to`, e.g. 12 follows 11 with a lag of 2 days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    pub id: RelationId,
    pub from: WorkPackageId,
    pub to: WorkPackageId,
    pub kind: RelationKind,
    /// Working days between the predecessor's finish and the successor's start.
    pub lag: Option<i32>,
    pub description: String,
}

impl Relation {
    /// The other end and the relation's meaning as seen from `id`, if `id` takes part.
    pub fn seen_from(&self, id: WorkPackageId) -> Option<(WorkPackageId, RelationKind)> {
        if self.from == id {
            Some((self.to, self.kind))
        } else if self.to == id {
            Some((self.from, self.kind.reverse()))
        } else {
            None
        }
    }
}

/// Whether a new relation `from` <kind> `to` would close a circle of scheduling relations
/// (A precedes B precedes … A), which neither OpenProject nor the store accepts.
pub fn closes_circle<'a>(
    relations: impl IntoIterator<Item = &'a Relation>,
    from: WorkPackageId,
    kind: RelationKind,
    to: WorkPackageId,
) -> bool {
    let order = |from, kind, to| match kind {
        RelationKind::Precedes => Some((from, to)),
        RelationKind::Follows => Some((to, from)),
        _ => None,
    };
    let Some((first, then)) = order(from, kind, to) else {
        return false;
    };
    let mut next: std::collections::HashMap<WorkPackageId, Vec<WorkPackageId>> =
        std::collections::HashMap::new();
    for r in relations {
        if let Some((a, b)) = order(r.from, r.kind, r.to) {
            next.entry(a).or_default().push(b);
        }
    }
    let mut seen = std::collections::HashSet::new();
    let mut stack = vec![then];
    while let Some(at) = stack.pop() {
        if at == first {
            return true;
        }
        if seen.insert(at) {
            stack.extend(next.get(&at).into_iter().flatten());
        }
    }
    false
}

/// The (blocker, blocked) pairs among `relations`: "A blocks B" and "B blocked by A" alike.
pub fn blocking_pairs<'a>(
    relations: impl IntoIterator<Item = &'a Relation>,
) -> impl Iterator<Item = (WorkPackageId, WorkPackageId)> {
    relations.into_iter().filter_map(|r| match r.kind {
        RelationKind::Blocks => Some((r.from, r.to)),
        RelationKind::Blocked => Some((r.to, r.from)),
        _ => None,
    })
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewRelation {
    pub from: WorkPackageId,
    pub to: WorkPackageId,
    pub kind: RelationKind,
    pub lag: Option<i32>,
    pub description: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(id: u64, from: u64, kind: RelationKind, to: u64) -> Relation {
        Relation {
            id: RelationId(id),
            from: WorkPackageId(from),
            to: WorkPackageId(to),
            kind,
            lag: None,
            description: String::new(),
        }
    }

    #[test]
    fn a_successor_that_leads_back_closes_a_circle_either_way_round() {
        let chain = [
            link(1, 1, RelationKind::Precedes, 2),
            link(2, 3, RelationKind::Follows, 2),
        ];
        let (one, three) = (WorkPackageId(1), WorkPackageId(3));
        assert!(closes_circle(&chain, three, RelationKind::Precedes, one));
        assert!(closes_circle(&chain, one, RelationKind::Follows, three));
        assert!(!closes_circle(&chain, one, RelationKind::Precedes, three));
        assert!(!closes_circle(&chain, three, RelationKind::Relates, one));
    }
}
