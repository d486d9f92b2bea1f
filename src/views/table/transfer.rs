//! The table's files: its rows saved as CSV, iCalendar or MS Project XML, and CSV read back in
//! through the import dialog.

use super::import_dialog::ImportDialog;
use crate::components::download::download_text;
use crate::domain::interchange::{csv, ics, msproject};
use crate::domain::table_layout::{CellValue, Column};
use crate::domain::{Catalog, RelationKind, WorkPackage, WorkPackageId};
use crate::i18n::{Key, Lang};
use crate::state::backend::use_backend;
use crate::state::notices::{Notices, api_error_text, use_notices};
use crate::state::prefs::use_i18n;
use crate::state::project::{ProjectState, use_project};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The links MS Project schedules by.
const SCHEDULING: [RelationKind; 2] = [RelationKind::Precedes, RelationKind::Follows];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Ics,
    MsProject,
}

impl Format {
    const ALL: [Self; 3] = [Self::Csv, Self::Ics, Self::MsProject];

    fn label(self) -> Key {
        match self {
            Self::Csv => Key::TransferExportCsv,
            Self::Ics => Key::TransferExportIcs,
            Self::MsProject => Key::TransferExportXml,
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Ics => "ics",
            Self::MsProject => "xml",
        }
    }

    fn mime(self) -> &'static str {
        match self {
            Self::Csv => "text/csv;charset=utf-8",
            Self::Ics => "text/calendar;charset=utf-8",
            Self::MsProject => "application/xml",
        }
    }
}

#[component]
pub fn TransferMenu(rows: Memo<Vec<WorkPackageId>>, columns: Signal<Vec<Column>>) -> impl IntoView {
    let i18n = use_i18n();
    let project = use_project();
    let notices = use_notices();
    let backend = use_backend();
    let importing = RwSignal::new(false);

    let export = move |format: Format| {
        let lang = i18n.lang_untracked();
        let (project_id, name, identifier) = project
            .project
            .with_untracked(|p| (p.id, p.name.clone(), p.identifier.clone()));
        let file = file_name(&identifier, chrono::Local::now().date_naive(), format);
        match format {
            Format::Csv => {
                let columns = columns.get_untracked();
                let text = with_rows(project, rows, |wps, c| csv_text(lang, &columns, wps, c));
                save(notices, lang, &file, format, &text);
            }
            Format::Ics => {
                // The host makes the events' UIDs unique to this installation, so importing a
                // newer file updates them.
                let host = window().location().host().unwrap_or_default();
                let now = chrono::Utc::now();
                let text = with_rows(project, rows, |wps, c| {
                    ics::calendar(&name, wps, c, &host, now)
                });
                save(notices, lang, &file, format, &text);
            }
            Format::MsProject => {
                let backend = backend.get();
                spawn_local(async move {
                    match backend.relations_in(project_id, &SCHEDULING).await {
                        Ok(relations) => {
                            let text = with_rows(project, rows, |wps, c| {
                                msproject::project_xml(&name, wps, &relations, c)
                            });
                            save(notices, lang, &file, format, &text);
                        }
                        Err(error) => notices.error(api_error_text(lang, &error)),
                    }
                });
            }
        }
    };

    view! {
        <div class="tafel-transfer" role="group" aria-label=i18n.tr(Key::TransferGroup)>
            {Format::ALL.into_iter().map(|format| view! {
                <button
                    type="button"
                    class="tafel-button"
                    data-testid=format!("export-{}", format.extension())
                    on:click=move |_| export(format)
                >
                    {i18n.tr(format.label())}
                </button>
            }).collect_view()}
            <button
                type="button"
                class="tafel-button"
                aria-haspopup="dialog"
                data-testid="import-csv"
                on:click=move |_| importing.set(true)
            >
                {i18n.tr(Key::ImportCsvOpen)}
            </button>
        </div>
        <ImportDialog open=importing/>
    }
}

/// Runs `f` on the rows' work packages in the table's order, read at the moment of export.
fn with_rows<R>(
    project: ProjectState,
    rows: Memo<Vec<WorkPackageId>>,
    f: impl FnOnce(&[&WorkPackage], &Catalog) -> R,
) -> R {
    rows.with_untracked(|ids| {
        project.work_packages.with_untracked(|all| {
            let wps: Vec<&WorkPackage> = ids.iter().filter_map(|id| all.get(id)).collect();
            project.catalog.with_untracked(|c| f(&wps, c))
        })
    })
}

fn save(notices: Notices, lang: Lang, file: &str, format: Format, text: &str) {
    if let Err(reason) = download_text(file, format.mime(), text) {
        notices.error(lang.fill(Key::TransferSaveFailed, &[("reason", &reason)]));
    }
}

fn file_name(identifier: &str, today: NaiveDate, format: Format) -> String {
    format!("{identifier}-{today}.{}", format.extension())
}

/// The table as CSV: a header of column labels, then one line per work package. Names and dates
/// read as the user reads them in the table, so the file imports again in either language.
fn csv_text(lang: Lang, columns: &[Column], wps: &[&WorkPackage], catalog: &Catalog) -> String {
    let header = columns
        .iter()
        .map(|c| super::cells::label(lang, c, catalog))
        .collect();
    let lines = wps.iter().map(|wp| {
        columns
            .iter()
            .map(|column| cell(lang, column.value(wp, catalog)))
            .collect()
    });
    csv::write(std::iter::once(header).chain(lines))
}

/// As the table shows it, but hours and percent as plain numbers without units, so spreadsheets
/// can calculate.
fn cell(lang: Lang, value: CellValue) -> String {
    match value {
        CellValue::Hours(hours) => hours.map(|h| h.to_string()).unwrap_or_default(),
        CellValue::Percent(percent) => percent.to_string(),
        other => super::cells::text(lang, other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::interchange::csv_import::{Target, dry_run, guess_mapping};
    use crate::domain::{ProjectId, StatusId};
    use crate::domain::{Status, TypeId, User, UserId, WpType};

    fn catalog() -> Catalog {
        Catalog {
            statuses: vec![Status {
                id: StatusId(2),
                name: "In progress".to_owned(),
                is_closed: false,
                is_default: false,
                color: "#000000".to_owned(),
                position: 1,
            }],
            types: vec![WpType {
                id: TypeId(1),
                name: "Task".to_owned(),
                color: "#000000".to_owned(),
                is_milestone: false,
                position: 1,
            }],
            users: vec![User {
                id: UserId(4),
                name: "Anna Schmidt".to_owned(),
                login: "anna".to_owned(),
            }],
            ..Catalog::default()
        }
    }

    fn work_package() -> WorkPackage {
        let mut wp = WorkPackage::new(
            WorkPackageId(12),
            ProjectId(1),
            TypeId(1),
            StatusId(2),
            crate::domain::PriorityId(9),
            "=Budget, first draft".to_owned(),
            chrono::DateTime::UNIX_EPOCH,
        );
        wp.assignee = Some(UserId(4));
        wp.start_date = NaiveDate::from_ymd_opt(2026, 3, 5);
        wp.estimated_hours = Some(2.5);
        wp.percentage_done = 40;
        wp
    }

    #[test]
    fn the_csv_has_translated_labels_and_the_cells_as_the_table_reads_them() {
        let columns = [
            Column::Id,
            Column::Subject,
            Column::Status,
            Column::Priority,
            Column::Assignee,
            Column::StartDate,
            Column::DueDate,
            Column::EstimatedTime,
            Column::PercentageDone,
        ];
        let wp = work_package();
        let text = csv_text(Lang::De, &columns, &[&wp], &catalog());
        assert_eq!(
            text,
            "\u{FEFF}ID,Betreff,Status,Priorität,Zugewiesen an,Startdatum,Endtermin,Geschätzter Aufwand (Stunden),% abgeschlossen\r\n\
             12,\"'=Budget, first draft\",In progress,,Anna Schmidt,05.03.2026,,2.5,40\r\n"
        );
        let english = csv_text(Lang::En, &[Column::StartDate], &[&wp], &catalog());
        assert_eq!(english, "\u{FEFF}Start date\r\n5 Mar 2026\r\n");
    }

    #[test]
    fn an_exported_table_imports_again_in_either_language() {
        let columns = Column::BUILT_IN;
        let wp = work_package();
        for lang in Lang::ALL {
            let text = csv_text(lang, &columns, &[&wp], &catalog());
            let table = csv::read(&csv::decode(text.as_bytes()).text).unwrap();
            let mapping = guess_mapping(&table.header);
            for (column, target) in [
                (Column::Subject, Target::Subject),
                (Column::Type, Target::Type),
                (Column::Status, Target::Status),
                (Column::Priority, Target::Priority),
                (Column::Assignee, Target::Assignee),
                (Column::Responsible, Target::Responsible),
                (Column::Version, Target::Version),
                (Column::StartDate, Target::StartDate),
                (Column::DueDate, Target::DueDate),
                (Column::EstimatedTime, Target::EstimatedHours),
            ] {
                let at = columns.iter().position(|c| *c == column).unwrap();
                assert_eq!(mapping[at], target, "{column:?} in {lang:?}");
            }
            let preview = dry_run(&table, &mapping, &catalog(), ProjectId(1), TypeId(1));
            assert!(preview.problems.is_empty(), "{:?}", preview.problems);
            let draft = &preview.drafts[0].1;
            assert_eq!(draft.subject, wp.subject);
            assert_eq!(draft.status, Some(wp.status));
            assert_eq!(draft.assignee, wp.assignee);
            assert_eq!(draft.start_date, wp.start_date);
            assert_eq!(draft.estimated_hours, wp.estimated_hours);
        }
    }

    #[test]
    fn files_are_named_after_the_project_and_the_day() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
        assert_eq!(
            file_name("city-portal", day, Format::Csv),
            "city-portal-2026-03-05.csv"
        );
        assert_eq!(
            file_name("city-portal", day, Format::MsProject),
            "city-portal-2026-03-05.xml"
        );
    }

    #[test]
    fn a_custom_column_is_labelled_with_its_field_name() {
        let mut catalog = catalog();
        catalog.custom_fields.push(crate::domain::CustomField {
            key: "customField3".to_owned(),
            name: "Cost centre".to_owned(),
            kind: crate::domain::CustomKind::Text,
            min_length: None,
            multi: false,
            options: Vec::new(),
            required: false,
            required_for: Vec::new(),
            writable: true,
            max_length: None,
        });
        let custom = Column::Custom("customField3".to_owned());
        assert_eq!(
            super::super::cells::label(Lang::En, &custom, &catalog),
            "Cost centre"
        );
        let unknown = Column::Custom("customField9".to_owned());
        assert_eq!(
            super::super::cells::label(Lang::En, &unknown, &catalog),
            "customField9"
        );
    }
}
