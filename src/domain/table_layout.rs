//! What the table shows besides the filters: which columns in which order, grouping, and the tree.
//! Kept in the URL (`cols=id,subject,status&group=assignee&tree=1`) like the filters, so a view can
//! be bookmarked, shared and saved.

use super::board_layout::{GroupBy, GroupValue, choices};
use super::catalog::Catalog;
use super::ids::WorkPackageId;
use super::query::SortField;
use super::work_package::WorkPackage;
use chrono::NaiveDate;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Column {
    Id,
    Subject,
    Type,
    Status,
    Priority,
    Assignee,
    Responsible,
    Version,
    Category,
    StartDate,
    DueDate,
    EstimatedTime,
    PercentageDone,
    /// A custom field by its key (`customField3`).
    Custom(String),
}

/// A cell's content before the view words and formats it in the user's language.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    Text(String),
    /// A name from the catalog, or `None` for "not set".
    Name(Option<String>),
    Date(Option<NaiveDate>),
    Hours(Option<f64>),
    Percent(u8),
    Number(u64),
}

impl Column {
    pub const BUILT_IN: [Column; 13] = [
        Self::Id,
        Self::Subject,
        Self::Type,
        Self::Status,
        Self::Priority,
        Self::Assignee,
        Self::Responsible,
        Self::Version,
        Self::Category,
        Self::StartDate,
        Self::DueDate,
        Self::EstimatedTime,
        Self::PercentageDone,
    ];

    pub fn defaults() -> Vec<Column> {
        vec![
            Self::Id,
            Self::Subject,
            Self::Type,
            Self::Status,
            Self::Priority,
            Self::Assignee,
            Self::StartDate,
            Self::DueDate,
        ]
    }

    pub fn token(&self) -> &str {
        match self {
            Self::Id => "id",
            Self::Subject => "subject",
            Self::Type => "type",
            Self::Status => "status",
            Self::Priority => "priority",
            Self::Assignee => "assignee",
            Self::Responsible => "responsible",
            Self::Version => "version",
            Self::Category => "category",
            Self::StartDate => "startDate",
            Self::DueDate => "dueDate",
            Self::EstimatedTime => "estimatedTime",
            Self::PercentageDone => "percentageDone",
            Self::Custom(key) => key,
        }
    }

    pub fn parse(token: &str) -> Option<Self> {
        if let Some(column) = Self::BUILT_IN.iter().find(|c| c.token() == token) {
            return Some(column.clone());
        }
        let digits = token.strip_prefix("customField")?;
        (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| Self::Custom(token.to_owned()))
    }

    /// The sort a click on its header asks for; `None` where the backends cannot sort by it.
    pub fn sort_field(&self) -> Option<SortField> {
        Some(match self {
            Self::Id => SortField::Id,
            Self::Subject => SortField::Subject,
            Self::Type => SortField::Type,
            Self::Status => SortField::Status,
            Self::Priority => SortField::Priority,
            Self::Assignee => SortField::Assignee,
            Self::StartDate => SortField::StartDate,
            Self::DueDate => SortField::DueDate,
            _ => return None,
        })
    }

    pub fn value(&self, wp: &WorkPackage, catalog: &Catalog) -> CellValue {
        let user = |id: Option<super::ids::UserId>| {
            CellValue::Name(id.map(|id| {
                catalog
                    .user(id)
                    .map_or_else(|| format!("#{id}"), |u| u.name.clone())
            }))
        };
        match self {
            Self::Id => CellValue::Number(wp.id.0),
            Self::Subject => CellValue::Text(wp.subject.clone()),
            Self::Type => CellValue::Name(catalog.wp_type(wp.wp_type).map(|t| t.name.clone())),
            Self::Status => CellValue::Name(catalog.status(wp.status).map(|s| s.name.clone())),
            Self::Priority => {
                CellValue::Name(catalog.priority(wp.priority).map(|p| p.name.clone()))
            }
            Self::Assignee => user(wp.assignee),
            Self::Responsible => user(wp.responsible),
            Self::Version => CellValue::Name(wp.version.map(|id| {
                catalog
                    .version(id)
                    .map_or_else(|| format!("#{id}"), |v| v.name.clone())
            })),
            Self::Category => CellValue::Name(wp.category.map(|id| {
                catalog
                    .category(id)
                    .map_or_else(|| format!("#{id}"), |c| c.name.clone())
            })),
            Self::StartDate => CellValue::Date(wp.start_date.or(wp.date)),
            Self::DueDate => CellValue::Date(wp.finish()),
            Self::EstimatedTime => CellValue::Hours(wp.estimated_hours),
            Self::PercentageDone => CellValue::Percent(wp.percentage_done),
            Self::Custom(key) => CellValue::Text(
                wp.custom
                    .get(key)
                    .map(|text| catalog.custom_text(key, text))
                    .unwrap_or_default(),
            ),
        }
    }
}

/// The fields the table groups by.
pub const GROUPINGS: [GroupBy; 6] = [
    GroupBy::Status,
    GroupBy::Assignee,
    GroupBy::Type,
    GroupBy::Priority,
    GroupBy::Version,
    GroupBy::Project,
];

#[derive(Debug, Clone, PartialEq)]
pub struct TableLayout {
    pub columns: Vec<Column>,
    pub group: Option<GroupBy>,
    /// Children under their parents instead of the sort order.
    pub tree: bool,
}

impl Default for TableLayout {
    fn default() -> Self {
        Self {
            columns: Column::defaults(),
            group: None,
            tree: false,
        }
    }
}

impl TableLayout {
    pub const KEYS: [&'static str; 3] = ["cols", "group", "tree"];

    /// Reads what it understands; unknown columns are dropped, and no columns at all means the defaults.
    pub fn from_query<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut layout = Self::default();
        for (name, value) in pairs {
            match name {
                "cols" => {
                    let mut columns: Vec<Column> = Vec::new();
                    for column in value.split(',').filter_map(Column::parse) {
                        if !columns.contains(&column) {
                            columns.push(column);
                        }
                    }
                    if !columns.is_empty() {
                        layout.columns = columns;
                    }
                }
                "group" => {
                    layout.group = GroupBy::parse(value).filter(|by| GROUPINGS.contains(by));
                }
                "tree" => layout.tree = value == "1",
                _ => {}
            }
        }
        layout
    }

    /// Only what differs from the defaults, so a plain table keeps a plain URL.
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if self.columns != Column::defaults() {
            let tokens: Vec<&str> = self.columns.iter().map(Column::token).collect();
            pairs.push(("cols", tokens.join(",")));
        }
        if let Some(by) = self.group {
            pairs.push(("group", by.as_str().to_owned()));
        }
        if self.tree {
            pairs.push(("tree", "1".to_owned()));
        }
        pairs
    }

    pub fn toggle_column(&mut self, column: &Column) {
        if let Some(at) = self.columns.iter().position(|c| c == column) {
            // The subject stays: without it no row can be opened.
            if *column != Column::Subject {
                self.columns.remove(at);
            }
        } else {
            self.columns.push(column.clone());
        }
    }

    /// Moves a column one place left (`-1`) or right (`1`).
    pub fn move_column(&mut self, column: &Column, by: isize) {
        let Some(at) = self.columns.iter().position(|c| c == column) else {
            return;
        };
        let to = at.saturating_add_signed(by);
        if to < self.columns.len() {
            self.columns.swap(at, to);
        }
    }
}

/// A group of rows with what the header line shows: how many, and the sums.
#[derive(Debug, Clone, PartialEq)]
pub struct RowGroup {
    pub value: GroupValue,
    pub ids: Vec<WorkPackageId>,
    pub estimated_hours: f64,
    /// Done, weighted by estimate where items have one (as OpenProject sums it), else the plain mean.
    pub percentage_done: u8,
}

/// The rows (already filtered and sorted) in groups, groups in the field's own order (statuses as
/// the workflow lists them, "not set" first), rows keeping their order inside each; no empty groups.
pub fn group_rows(rows: &[&WorkPackage], by: GroupBy, catalog: &Catalog) -> Vec<RowGroup> {
    let order: HashMap<GroupValue, usize> = choices(by, catalog)
        .into_iter()
        .enumerate()
        .map(|(i, v)| (v, i))
        .collect();
    let mut groups: Vec<RowGroup> = Vec::new();
    let mut at: HashMap<GroupValue, usize> = HashMap::new();
    for wp in rows {
        let Some(value) = GroupValue::of(by, wp) else {
            continue;
        };
        let index = *at.entry(value).or_insert_with(|| {
            groups.push(RowGroup {
                value,
                ids: Vec::new(),
                estimated_hours: 0.0,
                percentage_done: 0,
            });
            groups.len() - 1
        });
        groups[index].ids.push(wp.id);
    }
    let by_id: HashMap<WorkPackageId, &WorkPackage> = rows.iter().map(|wp| (wp.id, *wp)).collect();
    for group in &mut groups {
        let members: Vec<&WorkPackage> = group
            .ids
            .iter()
            .filter_map(|id| by_id.get(id).copied())
            .collect();
        group.estimated_hours = members.iter().filter_map(|wp| wp.estimated_hours).sum();
        group.percentage_done = progress(&members);
    }
    // Values the catalog does not list (a status since removed) go last, in the order met.
    groups.sort_by_key(|g| order.get(&g.value).copied().unwrap_or(usize::MAX));
    groups
}

fn progress(members: &[&WorkPackage]) -> u8 {
    let weighted: Vec<(f64, f64)> = members
        .iter()
        .filter_map(|wp| {
            wp.estimated_hours
                .filter(|h| *h > 0.0)
                .map(|h| (h, f64::from(wp.percentage_done)))
        })
        .collect();
    let (total, done) = if weighted.is_empty() {
        #[allow(clippy::cast_precision_loss)]
        let count = members.len() as f64;
        (
            count,
            members
                .iter()
                .map(|wp| f64::from(wp.percentage_done))
                .sum::<f64>(),
        )
    } else {
        (
            weighted.iter().map(|(h, _)| h).sum::<f64>(),
            weighted.iter().map(|(h, p)| h * p).sum::<f64>(),
        )
    };
    if total <= 0.0 {
        return 0;
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let percent = (done / total).round().clamp(0.0, 100.0) as u8;
    percent
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::Status;
    use crate::domain::ids::{PriorityId, ProjectId, StatusId, TypeId};

    fn wp(id: u64, status: u64, hours: Option<f64>, done: u8) -> WorkPackage {
        let mut wp = WorkPackage::new(
            WorkPackageId(id),
            ProjectId(1),
            TypeId(1),
            StatusId(status),
            PriorityId(1),
            format!("Item {id}"),
            chrono::DateTime::from_timestamp(0, 0).unwrap(),
        );
        wp.estimated_hours = hours;
        wp.percentage_done = done;
        wp
    }

    fn catalog() -> Catalog {
        let status = |id: u64, name: &str, position: u32| Status {
            id: StatusId(id),
            name: name.into(),
            is_closed: false,
            is_default: id == 1,
            color: String::new(),
            position,
        };
        Catalog {
            statuses: vec![
                status(1, "New", 1),
                status(2, "Doing", 2),
                status(3, "Done", 3),
            ],
            ..Catalog::default()
        }
    }

    #[test]
    fn the_layout_survives_the_url_and_a_plain_table_keeps_a_plain_url() {
        assert!(TableLayout::default().to_query().is_empty());
        let layout = TableLayout {
            columns: vec![
                Column::Id,
                Column::Status,
                Column::Subject,
                Column::Custom("customField3".into()),
            ],
            group: Some(GroupBy::Assignee),
            tree: true,
        };
        let query = layout.to_query();
        let back = TableLayout::from_query(query.iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(back, layout);
        assert_eq!(
            query[0],
            ("cols", "id,status,subject,customField3".to_owned())
        );
    }

    #[test]
    fn unknown_or_repeated_columns_and_groupings_in_a_url_are_dropped() {
        let layout = TableLayout::from_query([
            (
                "cols",
                "subject,nonsense,subject,customFieldX,customField7,dueDate",
            ),
            ("group", "parent"),
            ("tree", "yes"),
        ]);
        assert_eq!(
            layout.columns,
            vec![
                Column::Subject,
                Column::Custom("customField7".into()),
                Column::DueDate
            ]
        );
        assert_eq!(
            layout.group, None,
            "the board's parent grouping is not the table's"
        );
        assert!(!layout.tree);
        assert_eq!(
            TableLayout::from_query([("cols", ",,")]).columns,
            Column::defaults()
        );
    }

    #[test]
    fn columns_are_added_removed_and_moved_but_the_subject_stays() {
        let mut layout = TableLayout::default();
        layout.toggle_column(&Column::EstimatedTime);
        assert_eq!(layout.columns.last(), Some(&Column::EstimatedTime));
        layout.toggle_column(&Column::Type);
        assert!(!layout.columns.contains(&Column::Type));
        layout.toggle_column(&Column::Subject);
        assert!(layout.columns.contains(&Column::Subject));
        layout.move_column(&Column::Subject, -1);
        assert_eq!(layout.columns[0], Column::Subject);
        layout.move_column(&Column::Subject, -1);
        assert_eq!(layout.columns[0], Column::Subject, "already first");
        layout.move_column(&Column::EstimatedTime, 1);
        assert_eq!(
            layout.columns.last(),
            Some(&Column::EstimatedTime),
            "already last"
        );
    }

    #[test]
    fn grouped_by_project_the_project_comes_before_its_subproject_named_with_counts_and_sums() {
        let project = |id: u64, name: &str, parent: Option<u64>| crate::domain::Project {
            id: ProjectId(id),
            identifier: format!("p{id}"),
            name: name.into(),
            description: String::new(),
            parent: parent.map(ProjectId),
        };
        let catalog = Catalog {
            projects: vec![
                project(1, "Portal", None),
                project(3, "Accessibility", Some(1)),
            ],
            ..catalog()
        };
        let mut sub = wp(30, 1, Some(8.0), 0);
        sub.project = ProjectId(3);
        let rows = [sub, wp(1, 1, Some(2.0), 100), wp(2, 3, Some(2.0), 0)];
        let refs: Vec<&WorkPackage> = rows.iter().collect();
        let groups = group_rows(&refs, GroupBy::Project, &catalog);
        let values: Vec<GroupValue> = groups.iter().map(|g| g.value).collect();
        assert_eq!(
            values,
            [
                GroupValue::Project(ProjectId(1)),
                GroupValue::Project(ProjectId(3))
            ]
        );
        assert_eq!(groups[0].ids, vec![WorkPackageId(1), WorkPackageId(2)]);
        assert!((groups[0].estimated_hours - 4.0).abs() < f64::EPSILON);
        assert_eq!(groups[0].percentage_done, 50);
        assert_eq!(groups[1].ids, vec![WorkPackageId(30)]);
        assert_eq!(
            groups[1].value.name(&catalog, |_| None).as_deref(),
            Some("Accessibility")
        );
        let layout = TableLayout::from_query([("group", "project")]);
        assert_eq!(layout.group, Some(GroupBy::Project));
    }

    #[test]
    fn groups_follow_the_workflow_order_keep_row_order_and_sum_hours_and_weighted_progress() {
        let rows = [
            wp(5, 3, Some(2.0), 100),
            wp(1, 1, Some(6.0), 0),
            wp(4, 1, Some(2.0), 100),
            wp(2, 3, None, 50),
        ];
        let refs: Vec<&WorkPackage> = rows.iter().collect();
        let groups = group_rows(&refs, GroupBy::Status, &catalog());
        assert_eq!(groups.len(), 2, "no empty group for Doing");
        assert_eq!(groups[0].value, GroupValue::Status(StatusId(1)));
        assert_eq!(groups[0].ids, vec![WorkPackageId(1), WorkPackageId(4)]);
        assert!((groups[0].estimated_hours - 8.0).abs() < f64::EPSILON);
        assert_eq!(
            groups[0].percentage_done, 25,
            "weighted by estimate: 2 of 8 hours done"
        );
        assert_eq!(groups[1].ids, vec![WorkPackageId(5), WorkPackageId(2)]);
        assert_eq!(
            groups[1].percentage_done, 100,
            "only the estimated item weighs"
        );
        let unestimated = [wp(7, 2, None, 30), wp(8, 2, None, 60)];
        let refs: Vec<&WorkPackage> = unestimated.iter().collect();
        assert_eq!(
            group_rows(&refs, GroupBy::Status, &catalog())[0].percentage_done,
            45
        );
    }

    #[test]
    fn a_cell_value_names_what_the_catalog_knows_and_leaves_unset_fields_empty() {
        let mut item = wp(3, 2, Some(1.5), 40);
        item.custom
            .insert("customField2".into(), "Cost centre 7".into());
        let c = catalog();
        assert_eq!(
            Column::Status.value(&item, &c),
            CellValue::Name(Some("Doing".into()))
        );
        assert_eq!(Column::Assignee.value(&item, &c), CellValue::Name(None));
        assert_eq!(
            Column::EstimatedTime.value(&item, &c),
            CellValue::Hours(Some(1.5))
        );
        assert_eq!(
            Column::Custom("customField2".into()).value(&item, &c),
            CellValue::Text("Cost centre 7".into())
        );
        assert_eq!(Column::Responsible.sort_field(), None);
        assert_eq!(Column::DueDate.sort_field(), Some(SortField::DueDate));
    }
}
