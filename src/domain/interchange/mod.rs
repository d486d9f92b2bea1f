//! Files that leave or enter the browser: CSV of a view and its import with a dry run, iCalendar
//! of dated items, MS Project XML of the plan. Pure text in, text out; the views save and read files.

pub mod csv;
pub mod csv_import;
pub mod ics;
pub mod msproject;
