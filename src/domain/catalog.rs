//! The reference data work packages point at: statuses, types, priorities, users, projects, versions,
//! categories.

use super::ids::{CategoryId, PriorityId, ProjectId, StatusId, TypeId, UserId, VersionId};
use serde::{Deserialize, Serialize};

pub use super::custom_field::{CustomField, CustomKind, CustomOption};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Status {
    pub id: StatusId,
    pub name: String,
    pub is_closed: bool,
    pub is_default: bool,
    /// `#rrggbb`
    pub color: String,
    pub position: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WpType {
    pub id: TypeId,
    pub name: String,
    pub color: String,
    pub is_milestone: bool,
    pub position: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Priority {
    pub id: PriorityId,
    pub name: String,
    pub position: u32,
    pub is_default: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub id: UserId,
    pub name: String,
    pub login: String,
}

impl User {
    /// By name, ignoring case, then by id: how lists of people are shown.
    pub fn sort_by_name(users: &mut [User]) {
        users.sort_by(|a, b| {
            a.name
                .to_lowercase()
                .cmp(&b.name.to_lowercase())
                .then(a.id.cmp(&b.id))
        });
    }

    /// Up to two initials, for avatars on cards ("Anna Schmidt" → "AS").
    pub fn initials(&self) -> String {
        self.name
            .split_whitespace()
            .filter_map(|word| word.chars().next())
            .take(2)
            .flat_map(char::to_uppercase)
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Project {
    pub id: ProjectId,
    /// URL-safe name, e.g. `city-portal`; starts with a letter.
    pub identifier: String,
    pub name: String,
    pub description: String,
    pub parent: Option<ProjectId>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Version {
    pub id: VersionId,
    pub project: ProjectId,
    pub name: String,
    pub is_open: bool,
}

/// A project's category (OpenProject's `Category`): a name work packages of that project can carry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Category {
    pub id: CategoryId,
    pub project: ProjectId,
    pub name: String,
}

/// How a route names a project: by its identifier or by its numeric id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProjectKey {
    Id(ProjectId),
    Identifier(String),
}

impl ProjectKey {
    /// Identifiers start with a letter, so anything made of digits only is an id.
    pub fn parse(raw: &str) -> Self {
        match raw.parse::<u64>() {
            Ok(id) => Self::Id(ProjectId(id)),
            Err(_) => Self::Identifier(raw.to_owned()),
        }
    }

    pub fn matches(&self, project: &Project) -> bool {
        match self {
            Self::Id(id) => project.id == *id,
            Self::Identifier(identifier) => project.identifier == *identifier,
        }
    }
}

/// Everything a view needs to show names and colours for the ids on a work package.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalog {
    pub statuses: Vec<Status>,
    pub types: Vec<WpType>,
    pub priorities: Vec<Priority>,
    pub users: Vec<User>,
    pub versions: Vec<Version>,
    /// The project's categories, in the server's order.
    pub categories: Vec<Category>,
    /// The project's custom fields, in the server's order; none in the store in this browser.
    pub custom_fields: Vec<CustomField>,
    /// The signed-in user (what "me" means in a filter); none when nobody is known.
    pub me: Option<UserId>,
    /// The project and its subprojects (all levels), for naming a work package's project.
    pub projects: Vec<Project>,
}

/// `root` and every project below it (children, their children…), parents before children; a
/// parent link that loops is not followed twice.
pub fn project_tree(projects: &[Project], root: ProjectId) -> Vec<ProjectId> {
    let mut tree = vec![root];
    let mut at = 0;
    while at < tree.len() {
        let parent = tree[at];
        for child in projects.iter().filter(|p| p.parent == Some(parent)) {
            if !tree.contains(&child.id) {
                tree.push(child.id);
            }
        }
        at += 1;
    }
    tree
}

impl Catalog {
    pub fn status(&self, id: StatusId) -> Option<&Status> {
        self.statuses.iter().find(|s| s.id == id)
    }
    pub fn wp_type(&self, id: TypeId) -> Option<&WpType> {
        self.types.iter().find(|t| t.id == id)
    }
    pub fn priority(&self, id: PriorityId) -> Option<&Priority> {
        self.priorities.iter().find(|p| p.id == id)
    }
    pub fn user(&self, id: UserId) -> Option<&User> {
        self.users.iter().find(|u| u.id == id)
    }
    pub fn version(&self, id: VersionId) -> Option<&Version> {
        self.versions.iter().find(|v| v.id == id)
    }
    pub fn project(&self, id: ProjectId) -> Option<&Project> {
        self.projects.iter().find(|p| p.id == id)
    }

    pub fn category(&self, id: CategoryId) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// Statuses in board order.
    pub fn statuses_in_order(&self) -> Vec<&Status> {
        let mut statuses: Vec<&Status> = self.statuses.iter().collect();
        super::rank::sort_by_rank(&mut statuses, |s| (i64::from(s.position), s.id.0));
        statuses
    }
    pub fn default_status(&self) -> Option<&Status> {
        self.statuses
            .iter()
            .find(|s| s.is_default)
            .or_else(|| self.statuses_in_order().into_iter().next())
    }
    pub fn default_priority(&self) -> Option<&Priority> {
        self.priorities
            .iter()
            .find(|p| p.is_default)
            .or_else(|| self.priorities.first())
    }
    pub fn is_closed(&self, id: StatusId) -> bool {
        self.status(id).is_some_and(|s| s.is_closed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_project_tree_holds_the_project_and_every_subproject_below_it() {
        let project = |id: u64, parent: Option<u64>| Project {
            id: ProjectId(id),
            identifier: format!("p{id}"),
            name: format!("P{id}"),
            description: String::new(),
            parent: parent.map(ProjectId),
        };
        let projects = [
            project(1, None),
            project(2, Some(1)),
            project(3, Some(2)),
            project(4, None),
            project(5, Some(4)),
            // A loop in the data is not followed forever.
            project(6, Some(7)),
            project(7, Some(6)),
        ];
        let ids = |tree: Vec<ProjectId>| tree.into_iter().map(|p| p.0).collect::<Vec<_>>();
        assert_eq!(ids(project_tree(&projects, ProjectId(1))), [1, 2, 3]);
        assert_eq!(ids(project_tree(&projects, ProjectId(2))), [2, 3]);
        assert_eq!(ids(project_tree(&projects, ProjectId(5))), [5]);
        assert_eq!(ids(project_tree(&projects, ProjectId(6))), [6, 7]);
    }

    fn user(name: &str) -> User {
        User {
            id: UserId(1),
            name: name.to_owned(),
            login: "x".to_owned(),
        }
    }

    #[test]
    fn initials_take_the_first_letters_of_the_first_two_words() {
        assert_eq!(user("Anna Schmidt").initials(), "AS");
        assert_eq!(user("Anna Maria Schmidt").initials(), "AM");
        assert_eq!(user("  lea   fischer ").initials(), "LF");
        assert_eq!(user("Mehmet Yılmaz").initials(), "MY");
        assert_eq!(user("Ölaf").initials(), "Ö");
        assert_eq!(user("").initials(), "");
    }

    #[test]
    fn a_project_key_of_digits_is_an_id_and_anything_else_an_identifier() {
        assert_eq!(ProjectKey::parse("12"), ProjectKey::Id(ProjectId(12)));
        assert_eq!(
            ProjectKey::parse("city-portal"),
            ProjectKey::Identifier("city-portal".to_owned())
        );
        assert_eq!(
            ProjectKey::parse("12a"),
            ProjectKey::Identifier("12a".to_owned())
        );
    }

    #[test]
    fn a_project_key_matches_its_project_by_id_or_identifier() {
        let project = Project {
            id: ProjectId(3),
            identifier: "office-move".to_owned(),
            name: "Office Move".to_owned(),
            description: String::new(),
            parent: None,
        };
        assert!(ProjectKey::parse("3").matches(&project));
        assert!(ProjectKey::parse("office-move").matches(&project));
        assert!(!ProjectKey::parse("4").matches(&project));
        assert!(!ProjectKey::parse("Office Move").matches(&project));
    }

    #[test]
    fn defaults_fall_back_to_the_first_status_and_priority() {
        let status = |id: u64, position: u32, is_default: bool| Status {
            id: StatusId(id),
            name: format!("S{id}"),
            is_closed: id == 9,
            is_default,
            color: "#000000".to_owned(),
            position,
        };
        let mut catalog = Catalog {
            statuses: vec![
                status(9, 3, false),
                status(2, 1, false),
                status(5, 2, false),
            ],
            ..Catalog::default()
        };
        assert_eq!(catalog.default_status().map(|s| s.id), Some(StatusId(2)));
        let order: Vec<u64> = catalog.statuses_in_order().iter().map(|s| s.id.0).collect();
        assert_eq!(order, vec![2, 5, 9]);
        catalog.statuses[2].is_default = true;
        assert_eq!(catalog.default_status().map(|s| s.id), Some(StatusId(5)));
        assert!(catalog.is_closed(StatusId(9)));
        assert!(!catalog.is_closed(StatusId(2)));
        assert!(!catalog.is_closed(StatusId(77)));
        assert_eq!(catalog.default_priority(), None);
    }
}
