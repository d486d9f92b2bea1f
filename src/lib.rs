//! Tafel: a project board (Kanban, table, Gantt) that runs in the browser.
//!
//! Dependencies point one way: `domain` ← `api` ← `state` ← `views` ← `app`.
//! `components` and `i18n` are leaves.

pub mod api;
pub mod app;
mod chunk;
pub mod components;
pub mod config;
pub mod domain;
mod embed_on_demand;
pub mod hosting;
pub mod i18n;
mod local_on_demand;
mod openproject_on_demand;
mod outbox_on_demand;
pub mod perf;
mod seed_on_demand;
mod start_screens_on_demand;
pub mod startup;
pub mod state;
pub mod views;
