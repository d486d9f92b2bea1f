//! Widgets that know nothing of work packages: dialogs, markdown, downloads.

pub mod dialog;
pub mod download;
pub mod focus;
pub mod markdown;
pub mod visible_range;
