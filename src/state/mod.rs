//! Reactive application state: contexts, the loaded project, and the actions that change it
//! optimistically and roll back when the backend refuses.

pub mod actions;
pub mod announcer;
pub mod backend;
pub mod embed;
pub mod live;
pub mod notices;
pub mod outbox;
pub mod prefs;
pub mod project;
pub mod session;
pub mod url;

pub use actions::WorkPackageActions;
pub use announcer::Announcer;
pub use backend::{BackendCtx, DataRevision};
pub use notices::{Notice, Notices, Tone};
pub use prefs::{I18n, Prefs, Theme};
pub use project::{Load, ProjectState};
