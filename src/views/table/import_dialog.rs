//! Work packages from a CSV file: pick it, say which column fills which field, see what would be
//! created and what keeps the other rows from it, and only then write, in the file's order.

use crate::components::dialog::Dialog;
use crate::domain::interchange::csv::{self, CsvError, Encoding, Table};
use crate::domain::interchange::csv_import::{
    ImportProblem, Preview, ProblemKind, SUBJECT_MAX_CHARS, Target, dry_run, guess_mapping,
};
use crate::domain::{Catalog, TypeId, WorkPackageId};
use crate::i18n::{Key, Lang};
use crate::state::actions::use_actions;
use crate::state::notices::{api_error_text, use_notices};
use crate::state::prefs::use_i18n;
use crate::state::project::use_project;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Drawing every problem of a 50,000-row file would freeze the page; the count says the rest.
const PROBLEMS_SHOWN: usize = 200;

#[derive(Debug, Clone, PartialEq)]
struct Loaded {
    table: Table,
    /// Decoded as Windows-1252, a guess the user should check.
    legacy: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Unread {
    File,
    Csv(CsvError),
}

#[derive(Debug, Clone, PartialEq)]
enum Phase {
    Checking,
    Writing,
    /// Stopped by a failure: what was written and what was not, as sentences.
    Stopped(Vec<String>),
}

#[component]
pub fn ImportDialog(open: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let project = use_project();
    let actions = use_actions();
    let notices = use_notices();
    let loaded = RwSignal::new(None::<Loaded>);
    let unread = RwSignal::new(None::<Unread>);
    let mapping = RwSignal::new(Vec::<Target>::new());
    let phase = RwSignal::new(Phase::Checking);
    // (written, of)
    let progress = RwSignal::new((0usize, 0usize));
    // Asked to stop: the row on its way is finished, no further one is sent.
    let stop = RwSignal::new(false);
    let input = NodeRef::<html::Input>::new();

    // Comparing two previews of 50,000 drafts costs as much as making one: every new one counts
    // as changed.
    let preview = Memo::new_with_compare(
        move |_| {
            let mapping = mapping.get();
            let project_id = project.project.with(|p| p.id);
            loaded.with(|loaded| {
                let table = &loaded.as_ref()?.table;
                Some(
                    project
                        .catalog
                        .with(|c| dry_run(table, &mapping, c, project_id, default_type(c))),
                )
            })
        },
        |_, _| true,
    );
    let writing = move || phase.with(|p| *p == Phase::Writing);

    let close = move || {
        // The rows are being written; closing would hide how far it got.
        if phase.with_untracked(|p| *p == Phase::Writing) {
            return;
        }
        open.set(false);
        loaded.set(None);
        unread.set(None);
        mapping.set(Vec::new());
        phase.set(Phase::Checking);
        if let Some(input) = input.get_untracked() {
            input.set_value("");
        }
    };

    let pick = move |ev: leptos::ev::Event| {
        let Some(file) = event_target::<web_sys::HtmlInputElement>(&ev)
            .files()
            .and_then(|files| files.get(0))
        else {
            return;
        };
        loaded.set(None);
        unread.set(None);
        phase.set(Phase::Checking);
        spawn_local(async move {
            let Ok(buffer) = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await else {
                unread.set(Some(Unread::File));
                return;
            };
            let decoded = csv::decode(&js_sys::Uint8Array::new(&buffer).to_vec());
            match csv::read(&decoded.text) {
                Ok(table) => {
                    mapping.set(guess_mapping(&table.header));
                    loaded.set(Some(Loaded {
                        table,
                        legacy: decoded.encoding == Encoding::Windows1252,
                    }));
                }
                Err(error) => unread.set(Some(Unread::Csv(error))),
            }
        });
    };

    let confirm = move |_| {
        let Some(preview) = preview.get_untracked() else {
            return;
        };
        if !preview.problems.is_empty()
            || preview.drafts.is_empty()
            || phase.with_untracked(|p| *p != Phase::Checking)
        {
            return;
        }
        let lines: Vec<usize> = preview.drafts.iter().map(|(line, _)| *line).collect();
        let total = lines.len();
        progress.set((0, total));
        stop.set(false);
        phase.set(Phase::Writing);
        spawn_local(async move {
            let mut written = Vec::with_capacity(total);
            for (_, draft) in preview.drafts {
                if stop.get_untracked() {
                    let lang = i18n.lang_untracked();
                    let reason = lang.text(Key::ImportStoppedByYou);
                    phase.set(Phase::Stopped(stopped_report(
                        lang, &lines, &written, reason,
                    )));
                    return;
                }
                match actions.create_quietly(draft).await {
                    Ok(wp) => {
                        written.push(wp.id);
                        progress.set((written.len(), total));
                    }
                    Err(error) => {
                        let lang = i18n.lang_untracked();
                        let reason = api_error_text(lang, &error);
                        phase.set(Phase::Stopped(stopped_report(
                            lang, &lines, &written, &reason,
                        )));
                        return;
                    }
                }
            }
            let lang = i18n.lang_untracked();
            notices.success(lang.count(Key::ImportedOne, Key::ImportedMany, total));
            phase.set(Phase::Checking);
            close();
        });
    };

    let blocked = move || {
        preview.with(|p| match p {
            Some(p) if !p.problems.is_empty() => Some(Key::ImportBlocked),
            Some(p) if p.drafts.is_empty() => Some(Key::ImportNothing),
            _ => None,
        })
    };
    let ready = move || preview.with(|p| p.as_ref().map_or(0, |p| p.drafts.len()));

    view! {
        <Dialog
            open=open
            title=Signal::derive(move || i18n.t(Key::ImportCsvTitle).to_owned())
            on_close=Callback::new(move |()| close())
            close_label=Signal::derive(move || i18n.t(Key::Close).to_owned())
        >
            <div class="tafel-import" data-testid="import-dialog">
                <div class="tafel-field">
                    <label for="tafel-import-file">{i18n.tr(Key::ImportCsvFile)}</label>
                    <input
                        id="tafel-import-file"
                        node_ref=input
                        type="file"
                        accept=".csv,text/csv"
                        class="tafel-input"
                        aria-describedby="tafel-import-hint"
                        disabled=writing
                        on:change=pick
                        data-testid="import-file"
                    />
                    <p id="tafel-import-hint" class="tafel-field__hint">{i18n.tr(Key::ImportCsvHint)}</p>
                </div>
                <p class="tafel-field__error" role="alert" data-testid="import-unread">
                    {move || unread.get().map(|u| unread_text(i18n.lang(), u))}
                </p>
                {move || loaded.with(|loaded| loaded.as_ref().map(|loaded| {
                    let table = &loaded.table;
                    let first = table.rows.first();
                    let columns = table.header.iter().cloned().enumerate().map(|(i, name)| {
                        let id = format!("tafel-import-column-{i}");
                        let sample = first
                            .and_then(|row| row.cells.get(i))
                            .map(|cell| csv::unguard(cell.trim()).to_owned())
                            .filter(|cell| !cell.is_empty());
                        view! {
                            <label for=id.clone()>{move || column_name(i18n.lang(), Some(&name), i)}</label>
                            <select
                                id=id
                                class="tafel-select"
                                data-column=i.to_string()
                                on:change=move |ev| {
                                    let chosen = event_target_value(&ev).parse::<usize>().ok().and_then(|j| Target::ALL.get(j));
                                    if let Some(&target) = chosen {
                                        mapping.update(|m| if let Some(slot) = m.get_mut(i) { *slot = target });
                                    }
                                }
                            >
                                {Target::ALL.iter().enumerate().map(|(j, &target)| view! {
                                    <option value=j.to_string() selected=move || mapping.with(|m| m.get(i) == Some(&target))>
                                        {i18n.tr(target_label(target))}
                                    </option>
                                }).collect_view()}
                            </select>
                            <span class="tafel-import__sample tafel-muted">
                                {sample.map(|value| move || i18n.fill(Key::ImportSample, &[("value", &value)]))}
                            </span>
                        }
                    }).collect_view();
                    view! {
                        {loaded.legacy.then(|| view! {
                            <p class="tafel-import__note" role="status" data-testid="import-encoding">{i18n.tr(Key::ImportLegacyEncoding)}</p>
                        })}
                        <fieldset class="tafel-fieldset tafel-import__mapping" disabled=writing>
                            <legend>{i18n.tr(Key::ImportMapping)}</legend>
                            {columns}
                        </fieldset>
                    }
                }))}
                {move || {
                    let lang = i18n.lang();
                    preview.with(|p| p.as_ref().map(|p| {
                        let (summary, problems, more) = loaded.with_untracked(|l| {
                            let header = l.as_ref().map_or(&[][..], |l| &l.table.header[..]);
                            preview_texts(lang, p, header)
                        });
                        view! {
                            <p role="status" data-testid="import-summary">{summary}</p>
                            {(!problems.is_empty()).then(|| view! {
                                <ul class="tafel-import__problems" data-testid="import-problems">
                                    {problems.into_iter().map(|text| view! { <li>{text}</li> }).collect_view()}
                                </ul>
                            })}
                            {more.map(|more| view! { <p class="tafel-muted">{more}</p> })}
                        }
                    }))
                }}
                {move || match phase.get() {
                    Phase::Checking => None,
                    Phase::Writing => Some(view! {
                        <div class="tafel-import__progress">
                            <button
                                type="button"
                                class="tafel-button"
                                disabled=move || stop.get()
                                on:click=move |_| stop.set(true)
                                data-testid="import-stop"
                            >
                                {i18n.tr(Key::ImportStop)}
                            </button>
                            <progress
                                aria-labelledby="tafel-import-progress"
                                max=move || progress.get().1.to_string()
                                value=move || progress.get().0.to_string()
                            ></progress>
                            <p id="tafel-import-progress">
                                {move || {
                                    let (done, total) = progress.get();
                                    i18n.fill(Key::ImportProgress, &[("done", &done.to_string()), ("total", &total.to_string())])
                                }}
                            </p>
                        </div>
                    }.into_any()),
                    Phase::Stopped(report) => Some(view! {
                        <div class="tafel-import__stopped" role="alert" data-testid="import-stopped">
                            {report.into_iter().map(|line| view! { <p>{line}</p> }).collect_view()}
                        </div>
                    }.into_any()),
                }}
                <p id="tafel-import-blocked" class="tafel-field__hint" data-testid="import-blocked" hidden=move || blocked().is_none()>
                    {move || blocked().map(|key| i18n.t(key))}
                </p>
                <div class="tafel-row tafel-row--end">
                    <button type="button" class="tafel-button" disabled=writing on:click=move |_| close()>
                        {i18n.tr(Key::Cancel)}
                    </button>
                    <button
                        type="button"
                        class="tafel-button tafel-button--primary"
                        hidden=move || loaded.with(Option::is_none)
                        disabled=move || blocked().is_some() || phase.with(|p| *p != Phase::Checking)
                        aria-describedby="tafel-import-blocked"
                        on:click=confirm
                        data-testid="import-confirm"
                    >
                        {move || i18n.count(Key::ImportConfirmOne, Key::ImportConfirm, ready())}
                    </button>
                </div>
            </div>
        </Dialog>
    }
}

/// The type of rows that name none: the first that is not a milestone, since a milestone would
/// drop a row's start or finish. Without types at all the server refuses the rows and says so.
fn default_type(catalog: &Catalog) -> TypeId {
    catalog
        .types
        .iter()
        .find(|t| !t.is_milestone)
        .or(catalog.types.first())
        .map_or(TypeId(0), |t| t.id)
}

fn target_label(target: Target) -> Key {
    match target {
        Target::Subject => Key::FieldSubject,
        Target::Description => Key::FieldDescription,
        Target::Type => Key::FieldType,
        Target::Status => Key::FieldStatus,
        Target::Priority => Key::FieldPriority,
        Target::Assignee => Key::FieldAssignee,
        Target::Responsible => Key::FieldResponsible,
        Target::Version => Key::FieldVersion,
        Target::StartDate => Key::FieldStartDate,
        Target::DueDate => Key::FieldDueDate,
        Target::EstimatedHours => Key::FieldEstimatedTime,
        Target::Ignore => Key::ImportIgnore,
    }
}

fn unread_text(lang: Lang, unread: Unread) -> String {
    match unread {
        Unread::File => lang.text(Key::ImportUnreadable).to_owned(),
        Unread::Csv(CsvError::Empty) => lang.text(Key::ImportEmptyFile).to_owned(),
        Unread::Csv(CsvError::UnterminatedQuote { line }) => {
            lang.fill(Key::ImportUnterminatedQuote, &[("line", &line.to_string())])
        }
    }
}

/// A header cell as a name; a blank one by its place, counted from 1.
fn column_name(lang: Lang, name: Option<&str>, at: usize) -> String {
    match name.map(str::trim) {
        Some(name) if !name.is_empty() => name.to_owned(),
        _ => lang.fill(
            Key::ImportColumnUnnamed,
            &[("number", &(at + 1).to_string())],
        ),
    }
}

/// The summary line, the first problems as sentences, and how many more there are.
fn preview_texts(
    lang: Lang,
    preview: &Preview,
    header: &[String],
) -> (String, Vec<String>, Option<String>) {
    let rows = lang.count(Key::ImportRowsOne, Key::ImportRows, preview.rows);
    let ready = preview.drafts.len();
    let summary = lang.fill(
        Key::ImportSummary,
        &[
            ("rows", &rows),
            ("ready", &ready.to_string()),
            (
                "problems",
                &(preview.rows - ready.min(preview.rows)).to_string(),
            ),
        ],
    );
    let problems = preview
        .problems
        .iter()
        .take(PROBLEMS_SHOWN)
        .map(|problem| problem_text(lang, problem, header))
        .collect();
    let hidden = preview.problems.len().saturating_sub(PROBLEMS_SHOWN);
    let more = (hidden > 0)
        .then(|| lang.count(Key::ImportMoreProblemsOne, Key::ImportMoreProblems, hidden));
    (summary, problems, more)
}

fn problem_text(lang: Lang, problem: &ImportProblem, header: &[String]) -> String {
    let what = kind_text(lang, &problem.kind);
    let line = problem.line.to_string();
    match (problem.line, problem.column) {
        (0, _) => what,
        (_, Some(column)) => lang.fill(
            Key::ImportProblemAt,
            &[
                ("line", &line),
                (
                    "column",
                    &column_name(lang, header.get(column).map(String::as_str), column),
                ),
                ("problem", &what),
            ],
        ),
        (_, None) => lang.fill(
            Key::ImportProblemAtLine,
            &[("line", &line), ("problem", &what)],
        ),
    }
}

fn kind_text(lang: Lang, kind: &ProblemKind) -> String {
    let value = |key, value: &str| lang.fill(key, &[("value", value)]);
    match kind {
        ProblemKind::MissingSubjectColumn => lang.text(Key::ImportNoSubjectColumn).to_owned(),
        ProblemKind::EmptySubject => lang.text(Key::ImportEmptySubject).to_owned(),
        ProblemKind::SubjectTooLong => lang.fill(
            Key::ImportSubjectTooLong,
            &[("max", &SUBJECT_MAX_CHARS.to_string())],
        ),
        ProblemKind::UnknownStatus(text) => value(Key::ImportUnknownStatus, text),
        ProblemKind::UnknownType(text) => value(Key::ImportUnknownType, text),
        ProblemKind::UnknownPriority(text) => value(Key::ImportUnknownPriority, text),
        ProblemKind::UnknownUser(text) => value(Key::ImportUnknownUser, text),
        ProblemKind::UnknownVersion(text) => value(Key::ImportUnknownVersion, text),
        ProblemKind::BadDate(text) => value(Key::ImportBadDate, text),
        ProblemKind::DueBeforeStart => lang.text(Key::ProblemDueBeforeStart).to_owned(),
        ProblemKind::BadNumber(text) => value(Key::ImportBadNumber, text),
        ProblemKind::WrongCellCount { expected, found } => lang.fill(
            Key::ImportWrongCellCount,
            &[
                ("expected", &expected.to_string()),
                ("found", &found.to_string()),
            ],
        ),
        ProblemKind::MissingRequired(name) => {
            lang.fill(Key::ImportMissingRequired, &[("field", name)])
        }
    }
}

/// Why the writing stopped, which rows were written (with their new ids) and which were not.
/// `lines` are those of all drafts in order; `written` the ids of the first of them, fewer than
/// all.
fn stopped_report(
    lang: Lang,
    lines: &[usize],
    written: &[WorkPackageId],
    reason: &str,
) -> Vec<String> {
    let line = |i: usize| lines.get(i).map(ToString::to_string).unwrap_or_default();
    let done = written.len();
    let last = lines.len().saturating_sub(1);
    let ids = id_ranges(written);
    let written_text = match done {
        0 => lang.text(Key::ImportWrittenNone).to_owned(),
        1 => lang.fill(Key::ImportWrittenOne, &[("line", &line(0)), ("ids", &ids)]),
        _ => lang.fill(
            Key::ImportWritten,
            &[("from", &line(0)), ("to", &line(done - 1)), ("ids", &ids)],
        ),
    };
    let rest = lines.len().saturating_sub(done);
    let not_written = if rest == 1 {
        lang.fill(Key::ImportNotWrittenOne, &[("line", &line(done))])
    } else {
        lang.fill(
            Key::ImportNotWritten,
            &[
                ("from", &line(done)),
                ("to", &line(last)),
                ("count", &rest.to_string()),
            ],
        )
    };
    vec![
        lang.fill(
            Key::ImportStopped,
            &[("line", &line(done)), ("reason", reason)],
        ),
        written_text,
        not_written,
    ]
}

/// `#101–#140, #145`: new ids mostly follow each other, and a long import stays one short line.
fn id_ranges(ids: &[WorkPackageId]) -> String {
    let mut parts = Vec::new();
    let mut start = 0;
    while start < ids.len() {
        let mut end = start;
        while ids
            .get(end + 1)
            .is_some_and(|next| next.0 == ids[end].0 + 1)
        {
            end += 1;
        }
        parts.push(if end == start {
            format!("#{}", ids[start])
        } else {
            format!("#{}–#{}", ids[start], ids[end])
        });
        start = end + 1;
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ProjectId, Status, StatusId, WpType};

    fn catalog() -> Catalog {
        let wp_type = |id, name: &str, is_milestone| WpType {
            id: TypeId(id),
            name: name.to_owned(),
            color: "#000000".to_owned(),
            is_milestone,
            position: 0,
        };
        Catalog {
            statuses: vec![Status {
                id: StatusId(1),
                name: "New".to_owned(),
                is_closed: false,
                is_default: true,
                color: "#000000".to_owned(),
                position: 0,
            }],
            types: vec![wp_type(5, "Milestone", true), wp_type(6, "Task", false)],
            ..Catalog::default()
        }
    }

    fn preview(text: &str) -> (Preview, Vec<String>) {
        let table = csv::read(text).unwrap();
        let mapping = guess_mapping(&table.header);
        let catalog = catalog();
        let preview = dry_run(
            &table,
            &mapping,
            &catalog,
            ProjectId(1),
            default_type(&catalog),
        );
        (preview, table.header)
    }

    #[test]
    fn rows_without_a_type_get_the_first_type_that_is_not_a_milestone() {
        assert_eq!(default_type(&catalog()), TypeId(6));
        let mut milestones_only = catalog();
        milestones_only.types.truncate(1);
        assert_eq!(default_type(&milestones_only), TypeId(5));
        assert_eq!(default_type(&Catalog::default()), TypeId(0));
    }

    #[test]
    fn every_problem_names_its_line_and_column_in_the_user_s_language() {
        let (preview, header) = preview(
            "Subject,Status,Start date,Finish date\n\
             ,New,,\n\
             Good,New,,\n\
             Waiting,Blocked,,\n\
             Soon,New,next week,\n\
             Late,New,2026-03-05,2026-03-01\n\
             Short,New\n",
        );
        let (summary, problems, more) = preview_texts(Lang::En, &preview, &header);
        assert_eq!(summary, "6 rows, 1 ready, 5 with problems");
        assert_eq!(
            problems,
            vec![
                "Line 2, Subject: The subject is empty.",
                "Line 4, Status: There is no status “Blocked”.",
                "Line 5, Start date: “next week” is not a date. Write it as 2026-11-26, 26.11.2026 or 26 Nov 2026.",
                "Line 6, Finish date: The finish date can't be before the start date.",
                "Line 7: The row has 2 cells instead of 4. A line break or delimiter in a cell may be missing its quotes.",
            ]
        );
        assert_eq!(more, None);
        let (summary, problems, _) = preview_texts(Lang::De, &preview, &header);
        assert_eq!(summary, "6 Zeilen, davon 1 bereit und 5 mit Problemen");
        assert_eq!(
            problems[1],
            "Zeile 4, Status: Es gibt keinen Status „Blocked“."
        );
    }

    #[test]
    fn a_file_without_a_subject_column_gets_one_sentence_and_a_blank_header_a_number() {
        let (preview, header) = preview("Status,\nNew,x\n");
        let (summary, problems, _) = preview_texts(Lang::En, &preview, &header);
        assert_eq!(summary, "1 row, 0 ready, 1 with problems");
        assert_eq!(
            problems,
            vec![
                "No column fills the subject, which every work package needs: choose the column for Subject."
            ]
        );
        assert_eq!(
            column_name(Lang::De, header.get(1).map(String::as_str), 1),
            "Spalte 2"
        );
    }

    #[test]
    fn only_the_first_problems_are_listed_and_the_rest_counted() {
        let text: String = std::iter::once("Subject,Status\n".to_owned())
            .chain((0..50_000).map(|i| format!("Row {i},Nope\n")))
            .collect();
        let (preview, header) = preview(&text);
        let (summary, problems, more) = preview_texts(Lang::En, &preview, &header);
        assert_eq!(summary, "50000 rows, 0 ready, 50000 with problems");
        assert_eq!(problems.len(), PROBLEMS_SHOWN);
        assert_eq!(more.as_deref(), Some("… and 49800 more problems."));
    }

    #[test]
    fn a_stop_midway_reports_the_written_rows_with_their_ids_and_the_rest_with_the_reason() {
        let lines = [2, 3, 5, 6, 7];
        let ids = [WorkPackageId(40), WorkPackageId(41)];
        assert_eq!(
            stopped_report(Lang::En, &lines, &ids, "The server could not be reached."),
            vec![
                "The import stopped at line 5: The server could not be reached.",
                "Written: lines 2 to 3 as #40–#41.",
                "Not written: lines 5 to 7 (3 rows).",
            ]
        );
        assert_eq!(
            stopped_report(Lang::En, &lines[..2], &ids[..1], "No."),
            vec![
                "The import stopped at line 3: No.",
                "Written: line 2 as #40.",
                "Not written: line 3.",
            ]
        );
        assert_eq!(
            stopped_report(Lang::De, &lines[..1], &[], "Nein.")[1],
            "Nichts wurde geschrieben."
        );
    }

    #[test]
    fn runs_of_ids_are_written_as_ranges() {
        let ids: Vec<WorkPackageId> = [7, 8, 9, 12, 14, 15]
            .into_iter()
            .map(WorkPackageId)
            .collect();
        assert_eq!(id_ranges(&ids), "#7–#9, #12, #14–#15");
        assert_eq!(id_ranges(&[]), "");
    }

    #[test]
    fn every_target_has_a_label_and_every_problem_kind_a_sentence() {
        for target in Target::ALL {
            assert!(!Lang::De.text(target_label(target)).is_empty());
        }
        let kinds = [
            ProblemKind::SubjectTooLong,
            ProblemKind::UnknownType("Epic".to_owned()),
            ProblemKind::UnknownPriority("Urgent".to_owned()),
            ProblemKind::UnknownUser("Bob".to_owned()),
            ProblemKind::UnknownVersion("9".to_owned()),
            ProblemKind::BadNumber("lots".to_owned()),
        ];
        for kind in kinds {
            let text = kind_text(Lang::De, &kind);
            assert!(!text.contains('{'), "{text}");
        }
        assert_eq!(
            kind_text(Lang::En, &ProblemKind::SubjectTooLong),
            "The subject is longer than 255 characters."
        );
    }
}
