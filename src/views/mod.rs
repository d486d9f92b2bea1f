//! Screens. Each folder is one view; data comes from `state`, never from a backend directly.

pub mod board;
pub mod connections;
pub mod create;
pub mod create_custom;
pub mod detail;
pub mod filter_builder;
pub mod filters;
pub mod gantt;
pub mod on_demand;
pub mod project_scope;
pub mod projects;
pub mod saved_views;
pub mod settings;
pub mod shell;
pub mod table;
pub mod work_week;
