//! Plain data and every business rule. No browser, no framework: all of it is tested natively.

pub mod activity;
pub mod attachment;
pub mod baseline;
pub mod board;
pub mod board_config;
pub mod board_layout;
pub mod board_list;
pub mod bulk_edit;
pub mod catalog;
pub mod condition;
pub mod custom_field;
pub mod dates;
pub mod embed;
pub mod ids;
pub mod interchange;
pub mod list_params;
pub mod outbox;
pub mod query;
pub mod rank;
pub mod relation;
pub mod rules;
pub mod saved_board;
pub mod saved_view;
pub mod schedule;
pub mod table_layout;
pub mod theme_tokens;
pub mod timeline;
pub mod wire_time;
pub mod work_calendar;
pub mod work_package;

pub use activity::{Activity, ActivityDetail};
pub use attachment::Attachment;
pub use catalog::{
    Catalog, Category, CustomField, CustomKind, CustomOption, Priority, Project, ProjectKey,
    Status, User, Version, WpType,
};
pub use ids::{
    ActivityId, CategoryId, PriorityId, ProjectId, RelationId, StatusId, TypeId, UserId, VersionId,
    WorkPackageId,
};
pub use query::{Filter, Page, Sort, SortField, SubjectRanks, WorkPackageQuery};
pub use relation::{NewRelation, Relation, RelationKind};
pub use rules::{Field, FieldError, Problem};
pub use work_package::{NewWorkPackage, Permissions, WorkPackage, WorkPackagePatch};
