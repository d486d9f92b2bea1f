//! How a board groups its cards: columns by one field, optional swimlanes by another, and the cells
//! where both meet. Moving a card into a cell gives it that cell's values.

use super::board_list::{BoardList, ListFilter};
use super::catalog::Catalog;
use super::ids::{PriorityId, ProjectId, StatusId, TypeId, UserId, VersionId, WorkPackageId};
use super::rank::sort_by_rank;
use super::work_package::{NewWorkPackage, WorkPackage, WorkPackagePatch};
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

/// The field a board's columns (or swimlanes) are made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum GroupBy {
    #[default]
    Status,
    Assignee,
    Priority,
    Type,
    Version,
    Parent,
    /// The columns of a manual board (see [`super::board_list`]); never swimlanes.
    List,
    /// The project a work package belongs to: the table's groups when subprojects are included.
    Project,
}

impl GroupBy {
    /// The fields a board can group by: its columns can also be manual lists.
    pub const ALL: [Self; 6] = [
        Self::Status,
        Self::Assignee,
        Self::Priority,
        Self::Type,
        Self::Version,
        Self::Parent,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Status => "status",
            Self::Assignee => "assignee",
            Self::Priority => "priority",
            Self::Type => "type",
            Self::Version => "version",
            Self::Parent => "parent",
            Self::List => "lists",
            Self::Project => "project",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .chain([Self::List, Self::Project])
            .find(|by| by.as_str() == raw)
    }
}

/// One value of a grouping field; `None` inside stands for "not set" (unassigned, no version, top level).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GroupValue {
    Status(StatusId),
    Assignee(Option<UserId>),
    Priority(PriorityId),
    Type(TypeId),
    Version(Option<VersionId>),
    Parent(Option<WorkPackageId>),
    /// A manual board's column: its place among the lists, and its filter.
    List(u16, ListFilter),
    Project(ProjectId),
}

impl GroupValue {
    /// The work package's value of a field; `None` for manual lists, which only the layout knows
    /// (see [`Layout::value`]).
    pub fn of(by: GroupBy, wp: &WorkPackage) -> Option<Self> {
        Some(match by {
            GroupBy::Status => Self::Status(wp.status),
            GroupBy::Assignee => Self::Assignee(wp.assignee),
            GroupBy::Priority => Self::Priority(wp.priority),
            GroupBy::Type => Self::Type(wp.wp_type),
            GroupBy::Version => Self::Version(wp.version),
            GroupBy::Parent => Self::Parent(wp.parent),
            GroupBy::Project => Self::Project(wp.project),
            GroupBy::List => return None,
        })
    }

    pub fn by(self) -> GroupBy {
        match self {
            Self::Status(_) => GroupBy::Status,
            Self::Assignee(_) => GroupBy::Assignee,
            Self::Priority(_) => GroupBy::Priority,
            Self::Type(_) => GroupBy::Type,
            Self::Version(_) => GroupBy::Version,
            Self::Parent(_) => GroupBy::Parent,
            Self::List(..) => GroupBy::List,
            Self::Project(_) => GroupBy::Project,
        }
    }

    /// The id as written in a URL or a saved board: a number, or `none`.
    pub fn token(self) -> String {
        let id = match self {
            Self::Status(id) => Some(id.0),
            Self::Priority(id) => Some(id.0),
            Self::Type(id) => Some(id.0),
            Self::Assignee(id) => id.map(|id| id.0),
            Self::Version(id) => id.map(|id| id.0),
            Self::Parent(id) => id.map(|id| id.0),
            Self::List(index, _) => Some(u64::from(index)),
            Self::Project(id) => Some(id.0),
        };
        id.map_or_else(|| "none".to_owned(), |id| id.to_string())
    }

    /// Reads a field's value; a list's needs the lists and is read by [`Layout::parse_value`].
    pub fn parse(by: GroupBy, token: &str) -> Option<Self> {
        let id: Option<u64> = if token == "none" {
            None
        } else {
            Some(token.parse().ok()?)
        };
        Some(match by {
            GroupBy::Status => Self::Status(StatusId(id?)),
            GroupBy::Priority => Self::Priority(PriorityId(id?)),
            GroupBy::Type => Self::Type(TypeId(id?)),
            GroupBy::Assignee => Self::Assignee(id.map(UserId)),
            GroupBy::Version => Self::Version(id.map(VersionId)),
            GroupBy::Parent => Self::Parent(id.map(WorkPackageId)),
            GroupBy::Project => Self::Project(ProjectId(id?)),
            GroupBy::List => return None,
        })
    }

    /// Gives the work package this value, as shown on screen before the backend confirms.
    pub fn apply(self, wp: &mut WorkPackage) {
        match self {
            Self::Status(id) => wp.status = id,
            Self::Assignee(id) => wp.assignee = id,
            Self::Priority(id) => wp.priority = id,
            Self::Type(id) => wp.wp_type = id,
            Self::Version(id) => wp.version = id,
            Self::Parent(id) => wp.parent = id,
            Self::Project(id) => wp.project = id,
            Self::List(_, filter) => filter.apply(wp),
        }
    }

    /// Adds this value to a change, unless the work package has it already.
    pub fn add_to(self, patch: &mut WorkPackagePatch, current: &WorkPackage) {
        if Self::of(self.by(), current) == Some(self) {
            return;
        }
        match self {
            Self::Status(id) => patch.status = Some(id),
            Self::Assignee(id) => patch.assignee = Some(id),
            Self::Priority(id) => patch.priority = Some(id),
            Self::Type(id) => patch.wp_type = Some(id),
            Self::Version(id) => patch.version = Some(id),
            Self::Parent(id) => patch.parent = Some(id),
            // Moving to another project is not a field change Tafel makes.
            Self::Project(_) => {}
            Self::List(_, filter) => filter.add_to(patch, current),
        }
    }

    /// Gives a new work package this value (quick add in a cell).
    pub fn preset(self, draft: &mut NewWorkPackage) {
        match self {
            Self::Status(id) => draft.status = Some(id),
            Self::Assignee(id) => draft.assignee = id,
            Self::Priority(id) => draft.priority = Some(id),
            Self::Type(id) => draft.wp_type = id,
            Self::Version(id) => draft.version = id,
            Self::Parent(id) => draft.parent = id,
            Self::Project(id) => draft.project = id,
            Self::List(_, filter) => filter.preset(draft),
        }
    }

    /// Whether the work package has this value (for a list: matches its filter).
    pub fn holds(self, wp: &WorkPackage) -> bool {
        match self {
            Self::List(_, filter) => filter.matches(wp),
            _ => Self::of(self.by(), wp) == Some(self),
        }
    }

    /// The name shown for this value; `None` for the "not set" value, which the view names in the
    /// user's language, and for a list, whose name the layout has.
    pub fn name(
        self,
        catalog: &Catalog,
        subject_of: impl Fn(WorkPackageId) -> Option<String>,
    ) -> Option<String> {
        match self {
            Self::Status(id) => Some(
                catalog
                    .status(id)
                    .map_or_else(|| format!("#{}", id.0), |s| s.name.clone()),
            ),
            Self::Priority(id) => Some(
                catalog
                    .priority(id)
                    .map_or_else(|| format!("#{}", id.0), |p| p.name.clone()),
            ),
            Self::Type(id) => Some(
                catalog
                    .wp_type(id)
                    .map_or_else(|| format!("#{}", id.0), |t| t.name.clone()),
            ),
            Self::Assignee(id) => id.map(|id| {
                catalog
                    .user(id)
                    .map_or_else(|| format!("#{}", id.0), |u| u.name.clone())
            }),
            Self::Version(id) => id.map(|id| {
                catalog
                    .version(id)
                    .map_or_else(|| format!("#{}", id.0), |v| v.name.clone())
            }),
            Self::Parent(id) => id.map(|id| {
                subject_of(id).map_or_else(|| format!("#{}", id.0), |s| format!("#{} {s}", id.0))
            }),
            Self::Project(id) => Some(
                catalog
                    .project(id)
                    .map_or_else(|| format!("#{}", id.0), |p| p.name.clone()),
            ),
            Self::List(..) => None,
        }
    }
}

/// Columns by one field (or manual lists), swimlanes optionally by another field.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Layout {
    pub columns: GroupBy,
    pub lanes: Option<GroupBy>,
    /// A manual board's columns; shared, as layouts are copied into many closures.
    pub lists: Arc<[BoardList]>,
}

impl Layout {
    /// The work package's value of `by`: for manual lists the first whose filter it matches, if any.
    pub fn value(&self, by: GroupBy, wp: &WorkPackage) -> Option<GroupValue> {
        match by {
            GroupBy::List => self.lists.iter().enumerate().find_map(|(i, list)| {
                let index = u16::try_from(i).ok()?;
                list.filter
                    .matches(wp)
                    .then_some(GroupValue::List(index, list.filter))
            }),
            _ => GroupValue::of(by, wp),
        }
    }

    pub fn parse_value(&self, by: GroupBy, token: &str) -> Option<GroupValue> {
        match by {
            GroupBy::List => {
                let index: u16 = token.parse().ok()?;
                let list = self.lists.get(usize::from(index))?;
                Some(GroupValue::List(index, list.filter))
            }
            _ => GroupValue::parse(by, token),
        }
    }

    /// A manual list's name.
    pub fn list_name(&self, value: GroupValue) -> Option<&str> {
        match value {
            GroupValue::List(index, _) => {
                self.lists.get(usize::from(index)).map(|l| l.name.as_str())
            }
            _ => None,
        }
    }
}

/// Where a card sits: its column and, with swimlanes, its lane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellKey {
    pub column: GroupValue,
    pub lane: Option<GroupValue>,
}

impl CellKey {
    /// The cell the work package sits in; `None` on a manual board when no list's filter matches it.
    pub fn of(layout: &Layout, wp: &WorkPackage) -> Option<Self> {
        Some(Self {
            column: layout.value(layout.columns, wp)?,
            lane: match layout.lanes {
                Some(by) => Some(layout.value(by, wp)?),
                None => None,
            },
        })
    }

    /// A string naming the cell in the page (`data-cell`), e.g. `3` or `3/none`.
    pub fn token(self) -> String {
        match self.lane {
            Some(lane) => format!("{}/{}", self.column.token(), lane.token()),
            None => self.column.token(),
        }
    }

    pub fn parse(layout: &Layout, token: &str) -> Option<Self> {
        let (column, lane) = match (token.split_once('/'), layout.lanes) {
            (Some((column, lane)), Some(by)) => (column, Some(layout.parse_value(by, lane)?)),
            (None, None) => (token, None),
            _ => return None,
        };
        Some(Self {
            column: layout.parse_value(layout.columns, column)?,
            lane,
        })
    }

    /// The cell's value of one field, from its lane or its column (a list's filter included).
    pub fn value(self, by: GroupBy) -> Option<GroupValue> {
        let from_column = match self.column {
            GroupValue::List(_, filter) => filter.get(by),
            column => Some(column).filter(|v| v.by() == by),
        };
        self.lane.filter(|v| v.by() == by).or(from_column)
    }

    /// Whether the work package has this cell's values.
    pub fn holds(self, wp: &WorkPackage) -> bool {
        self.column.holds(wp) && self.lane.is_none_or(|lane| lane.holds(wp))
    }

    pub fn apply(self, wp: &mut WorkPackage) {
        self.column.apply(wp);
        if let Some(lane) = self.lane {
            lane.apply(wp);
        }
    }

    pub fn add_to(self, patch: &mut WorkPackagePatch, current: &WorkPackage) {
        self.column.add_to(patch, current);
        if let Some(lane) = self.lane {
            lane.add_to(patch, current);
        }
    }

    pub fn preset(self, draft: &mut NewWorkPackage) {
        self.column.preset(draft);
        if let Some(lane) = self.lane {
            lane.preset(draft);
        }
    }
}

/// The cards of one cell, in manual order.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub key: CellKey,
    pub cards: Vec<WorkPackageId>,
}

/// A whole board: cells lane by lane, each lane holding one cell per column in column order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Board {
    pub columns: Vec<GroupValue>,
    pub lanes: Vec<Option<GroupValue>>,
    pub cells: Vec<Cell>,
}

impl Board {
    pub fn cell(&self, key: CellKey) -> Option<&Cell> {
        self.index_of(key).map(|i| &self.cells[i])
    }

    pub fn index_of(&self, key: CellKey) -> Option<usize> {
        let column = self.columns.iter().position(|c| *c == key.column)?;
        let lane = self.lanes.iter().position(|l| *l == key.lane)?;
        Some(lane * self.columns.len() + column)
    }

    /// Cards in a column, over all lanes.
    pub fn column_len(&self, column: GroupValue) -> usize {
        self.cells
            .iter()
            .filter(|c| c.key.column == column)
            .map(|c| c.cards.len())
            .sum()
    }

    /// Cards in a lane, over all columns.
    pub fn lane_len(&self, lane: Option<GroupValue>) -> usize {
        self.cells
            .iter()
            .filter(|c| c.key.lane == lane)
            .map(|c| c.cards.len())
            .sum()
    }

    /// The cell and index a card sits at.
    pub fn spot_of(&self, id: WorkPackageId) -> Option<(CellKey, usize)> {
        self.cells.iter().find_map(|cell| {
            cell.cards
                .iter()
                .position(|card| *card == id)
                .map(|index| (cell.key, index))
        })
    }
}

/// The values of one axis, in the catalog's order, followed by any value a work package has that the
/// catalog does not know (a user no longer a member, say): no card is ever left without a place.
fn axis(
    layout: &Layout,
    by: GroupBy,
    catalog: &Catalog,
    work_packages: &[&WorkPackage],
) -> Vec<GroupValue> {
    let mut values: Vec<GroupValue> = match by {
        // A manual board has exactly its lists: a card no list matches is not on it.
        GroupBy::List => {
            return (0..layout.lists.len())
                .filter_map(|i| layout.parse_value(by, &i.to_string()))
                .collect();
        }
        GroupBy::Status => catalog
            .statuses_in_order()
            .iter()
            .map(|s| GroupValue::Status(s.id))
            .collect(),
        GroupBy::Priority => {
            let mut list: Vec<_> = catalog.priorities.iter().collect();
            sort_by_rank(&mut list, |p| (i64::from(p.position), p.id.0));
            list.iter().map(|p| GroupValue::Priority(p.id)).collect()
        }
        GroupBy::Type => {
            let mut list: Vec<_> = catalog.types.iter().collect();
            sort_by_rank(&mut list, |t| (i64::from(t.position), t.id.0));
            list.iter().map(|t| GroupValue::Type(t.id)).collect()
        }
        GroupBy::Assignee => std::iter::once(GroupValue::Assignee(None))
            .chain(
                catalog
                    .users
                    .iter()
                    .map(|u| GroupValue::Assignee(Some(u.id))),
            )
            .collect(),
        GroupBy::Version => std::iter::once(GroupValue::Version(None))
            .chain(
                catalog
                    .versions
                    .iter()
                    .map(|v| GroupValue::Version(Some(v.id))),
            )
            .collect(),
        // The items that have children, in id order, then the cards without a parent.
        GroupBy::Parent => {
            let parents: BTreeSet<WorkPackageId> =
                work_packages.iter().filter_map(|wp| wp.parent).collect();
            parents
                .into_iter()
                .map(|id| GroupValue::Parent(Some(id)))
                .chain(std::iter::once(GroupValue::Parent(None)))
                .collect()
        }
        // The project first, then its subprojects as the tree lists them.
        GroupBy::Project => catalog
            .projects
            .iter()
            .map(|p| GroupValue::Project(p.id))
            .collect(),
    };
    let known: BTreeSet<GroupValue> = values.iter().copied().collect();
    let extra: BTreeSet<GroupValue> = work_packages
        .iter()
        .filter_map(|wp| GroupValue::of(by, wp))
        .filter(|v| !known.contains(v))
        .collect();
    values.extend(extra);
    values
}

/// The values a field can take in this project, in the order a board shows them (for choosing one).
pub fn choices(by: GroupBy, catalog: &Catalog) -> Vec<GroupValue> {
    axis(&Layout::default(), by, catalog, &[])
}

/// Lays the work packages out on a board: every card in exactly one cell, cells ordered lane by lane,
/// cards by position then id.
pub fn board<'a>(
    layout: &Layout,
    catalog: &Catalog,
    work_packages: impl IntoIterator<Item = &'a WorkPackage>,
) -> Board {
    let work_packages: Vec<&WorkPackage> = work_packages.into_iter().collect();
    let columns = axis(layout, layout.columns, catalog, &work_packages);
    let lanes: Vec<Option<GroupValue>> = match layout.lanes {
        Some(by) => axis(layout, by, catalog, &work_packages)
            .into_iter()
            .map(Some)
            .collect(),
        None => vec![None],
    };
    let column_at: HashMap<GroupValue, usize> =
        columns.iter().enumerate().map(|(i, v)| (*v, i)).collect();
    let lane_at: HashMap<Option<GroupValue>, usize> =
        lanes.iter().enumerate().map(|(i, v)| (*v, i)).collect();
    let mut buckets: Vec<Vec<&WorkPackage>> = vec![Vec::new(); columns.len() * lanes.len()];
    for wp in work_packages {
        let Some(key) = CellKey::of(layout, wp) else {
            continue;
        };
        if let (Some(c), Some(l)) = (column_at.get(&key.column), lane_at.get(&key.lane)) {
            buckets[l * columns.len() + c].push(wp);
        }
    }
    let cells = buckets
        .into_iter()
        .enumerate()
        .map(|(i, mut cards)| {
            sort_by_rank(&mut cards, |wp| (wp.position, wp.id.0));
            Cell {
                key: CellKey {
                    column: columns[i % columns.len()],
                    lane: lanes[i / columns.len()],
                },
                cards: cards.into_iter().map(|wp| wp.id).collect(),
            }
        })
        .collect();
    Board {
        columns,
        lanes,
        cells,
    }
}

#[cfg(test)]
#[path = "board_layout_tests.rs"]
mod tests;
