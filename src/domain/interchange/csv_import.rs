//! Importing work packages from a CSV table: which column means what, and a dry run that turns
//! each row into a draft or into the problems that keep it from being one. Nothing is saved here.

use super::csv::{self, Record, Table};
use crate::domain::catalog::Catalog;
use crate::domain::ids::{PriorityId, ProjectId, StatusId, TypeId, UserId, VersionId};
use crate::domain::work_package::NewWorkPackage;
use chrono::NaiveDate;
use std::collections::HashMap;

/// The field a column fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    Subject,
    Description,
    Type,
    Status,
    Priority,
    Assignee,
    Responsible,
    Version,
    StartDate,
    DueDate,
    EstimatedHours,
    Ignore,
}

impl Target {
    pub const ALL: [Self; 12] = [
        Self::Subject,
        Self::Description,
        Self::Type,
        Self::Status,
        Self::Priority,
        Self::Assignee,
        Self::Responsible,
        Self::Version,
        Self::StartDate,
        Self::DueDate,
        Self::EstimatedHours,
        Self::Ignore,
    ];
}

/// Column names as [`fold`] leaves them: OpenProject's English and German ones and common synonyms.
const ALIASES: &[(&str, Target)] = &[
    ("subject", Target::Subject),
    ("title", Target::Subject),
    ("thema", Target::Subject),
    ("titel", Target::Subject),
    ("betreff", Target::Subject),
    ("description", Target::Description),
    ("beschreibung", Target::Description),
    ("type", Target::Type),
    ("typ", Target::Type),
    ("status", Target::Status),
    ("priority", Target::Priority),
    ("prioritat", Target::Priority),
    ("prioritaet", Target::Priority),
    ("assignee", Target::Assignee),
    ("assignedto", Target::Assignee),
    ("zugewiesenan", Target::Assignee),
    ("bearbeiter", Target::Assignee),
    ("accountable", Target::Responsible),
    ("responsible", Target::Responsible),
    ("verantwortlich", Target::Responsible),
    ("version", Target::Version),
    ("startdate", Target::StartDate),
    ("start", Target::StartDate),
    ("startdatum", Target::StartDate),
    ("beginn", Target::StartDate),
    ("finishdate", Target::DueDate),
    ("duedate", Target::DueDate),
    ("endtermin", Target::DueDate),
    ("enddatum", Target::DueDate),
    ("fallig", Target::DueDate),
    ("faellig", Target::DueDate),
    ("estimatedtime", Target::EstimatedHours),
    ("estimatedhours", Target::EstimatedHours),
    // Tafel's own headers, which name the unit.
    ("estimatedtimehours", Target::EstimatedHours),
    ("geschatzteraufwand", Target::EstimatedHours),
    ("geschaetzteraufwand", Target::EstimatedHours),
    ("geschatzteraufwandstunden", Target::EstimatedHours),
];

/// A target for each header cell by its name; each target only for the first column that names it.
pub fn guess_mapping(header: &[String]) -> Vec<Target> {
    let mut taken = Vec::new();
    header
        .iter()
        .map(|name| {
            let name = fold(name);
            let target = ALIASES
                .iter()
                .find(|(alias, _)| *alias == name)
                .map_or(Target::Ignore, |&(_, target)| target);
            if target == Target::Ignore || taken.contains(&target) {
                Target::Ignore
            } else {
                taken.push(target);
                target
            }
        })
        .collect()
}

/// Lowercase letters and digits without accents: `Zugewiesen an` → `zugewiesenan`,
/// `Priorität` → `prioritat`.
fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'ß' => out.push_str("ss"),
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => out.push('a'),
            'ç' => out.push('c'),
            'è' | 'é' | 'ê' | 'ë' => out.push('e'),
            'ì' | 'í' | 'î' | 'ï' => out.push('i'),
            'ñ' => out.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => out.push('o'),
            'ù' | 'ú' | 'û' | 'ü' => out.push('u'),
            'ý' | 'ÿ' => out.push('y'),
            c if c.is_alphanumeric() => out.push(c),
            _ => {}
        }
    }
    out
}

/// What an import would create, and why the other rows would not be.
#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    /// Drafts with the line their row starts on.
    pub drafts: Vec<(usize, NewWorkPackage)>,
    pub problems: Vec<ImportProblem>,
    /// Rows in the file (without the header).
    pub rows: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    /// Physical line the row starts on; 0 for the whole file.
    pub line: usize,
    /// Index into the header.
    pub column: Option<usize>,
    pub kind: ProblemKind,
}

/// Unknown names and bad values carry the cell's text for the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    MissingSubjectColumn,
    EmptySubject,
    SubjectTooLong,
    UnknownStatus(String),
    UnknownType(String),
    UnknownPriority(String),
    UnknownUser(String),
    UnknownVersion(String),
    BadDate(String),
    DueBeforeStart,
    BadNumber(String),
    WrongCellCount {
        expected: usize,
        found: usize,
    },
    /// A custom field the row's type requires, by name: the import writes no custom fields, so
    /// the server would refuse the row.
    MissingRequired(String),
}

/// OpenProject's limit for subjects.
pub const SUBJECT_MAX_CHARS: usize = 255;

/// Checks every row against the catalog. Without a subject column nothing can be imported, and
/// that is the only problem reported.
pub fn dry_run(
    table: &Table,
    mapping: &[Target],
    catalog: &Catalog,
    project: ProjectId,
    default_type: TypeId,
) -> Preview {
    let rows = table.rows.len();
    let column = |target| {
        mapping
            .iter()
            .take(table.header.len())
            .position(|&t| t == target)
    };
    let Some(subject) = column(Target::Subject) else {
        return Preview {
            drafts: Vec::new(),
            problems: vec![ImportProblem {
                line: 0,
                column: None,
                kind: ProblemKind::MissingSubjectColumn,
            }],
            rows,
        };
    };
    let importer = Importer {
        names: Names::new(catalog, project),
        project,
        default_type,
        width: table.header.len(),
        subject,
        description: column(Target::Description),
        wp_type: column(Target::Type),
        status: column(Target::Status),
        priority: column(Target::Priority),
        assignee: column(Target::Assignee),
        responsible: column(Target::Responsible),
        version: column(Target::Version),
        start: column(Target::StartDate),
        due: column(Target::DueDate),
        hours: column(Target::EstimatedHours),
        custom_fields: &catalog.custom_fields,
    };
    let mut preview = Preview {
        drafts: Vec::new(),
        problems: Vec::new(),
        rows,
    };
    for record in &table.rows {
        let before = preview.problems.len();
        let draft = importer.draft(record, &mut preview.problems);
        if preview.problems.len() == before {
            preview.drafts.push((record.line, draft));
        }
    }
    preview
}

/// Catalog names, trimmed and lowercased, to ids; built once per dry run.
struct Names {
    statuses: HashMap<String, StatusId>,
    types: HashMap<String, TypeId>,
    priorities: HashMap<String, PriorityId>,
    users: HashMap<String, UserId>,
    versions: HashMap<String, VersionId>,
    milestones: Vec<TypeId>,
}

impl Names {
    fn new(catalog: &Catalog, project: ProjectId) -> Self {
        // The first of two equal names wins; names come before logins, and the project's own
        // versions before versions shared from elsewhere.
        fn index<'a, T: Copy>(
            entries: impl IntoIterator<Item = (&'a str, T)>,
        ) -> HashMap<String, T> {
            let mut map = HashMap::new();
            for (name, id) in entries {
                map.entry(key(name)).or_insert(id);
            }
            map
        }
        let users = catalog.users.iter();
        let (own, shared): (Vec<_>, Vec<_>) =
            catalog.versions.iter().partition(|v| v.project == project);
        Self {
            statuses: index(catalog.statuses.iter().map(|s| (s.name.as_str(), s.id))),
            types: index(catalog.types.iter().map(|t| (t.name.as_str(), t.id))),
            priorities: index(catalog.priorities.iter().map(|p| (p.name.as_str(), p.id))),
            users: index(
                users
                    .clone()
                    .map(|u| (u.name.as_str(), u.id))
                    .chain(users.map(|u| (u.login.as_str(), u.id))),
            ),
            versions: index(
                own.into_iter()
                    .chain(shared)
                    .map(|v| (v.name.as_str(), v.id)),
            ),
            milestones: catalog
                .types
                .iter()
                .filter(|t| t.is_milestone)
                .map(|t| t.id)
                .collect(),
        }
    }
}

fn key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// The columns of each target, found once.
struct Importer<'c> {
    names: Names,
    project: ProjectId,
    default_type: TypeId,
    width: usize,
    subject: usize,
    description: Option<usize>,
    wp_type: Option<usize>,
    status: Option<usize>,
    priority: Option<usize>,
    assignee: Option<usize>,
    responsible: Option<usize>,
    version: Option<usize>,
    start: Option<usize>,
    due: Option<usize>,
    hours: Option<usize>,
    custom_fields: &'c [crate::domain::CustomField],
}

impl Importer<'_> {
    /// The draft for a row; meaningful only when it added no problems.
    fn draft(&self, record: &Record, problems: &mut Vec<ImportProblem>) -> NewWorkPackage {
        let mut row = Row { record, problems };
        let mut draft = NewWorkPackage::new(self.project, self.default_type, String::new());
        let found = record.cells.len();
        // Extra empty cells are only a trailing delimiter. Missing or extra filled cells mostly
        // come from an unquoted line break or delimiter, which shifts the values; such a row is
        // refused rather than guessed at.
        let extra_filled = record
            .cells
            .iter()
            .skip(self.width)
            .any(|c| !c.trim().is_empty());
        if found < self.width || extra_filled {
            row.problem(
                None,
                ProblemKind::WrongCellCount {
                    expected: self.width,
                    found,
                },
            );
            return draft;
        }

        match row.cell(Some(self.subject)) {
            None => row.problem(Some(self.subject), ProblemKind::EmptySubject),
            Some((column, text)) if text.chars().count() > SUBJECT_MAX_CHARS => {
                row.problem(Some(column), ProblemKind::SubjectTooLong);
            }
            Some((_, text)) => text.clone_into(&mut draft.subject),
        }
        if let Some((_, text)) = row.cell(self.description) {
            draft.description = text.replace("\r\n", "\n");
        }
        let names = &self.names;
        if let Some(id) = row.lookup(self.wp_type, &names.types, ProblemKind::UnknownType) {
            draft.wp_type = id;
        }
        draft.status = row.lookup(self.status, &names.statuses, ProblemKind::UnknownStatus);
        draft.priority = row.lookup(
            self.priority,
            &names.priorities,
            ProblemKind::UnknownPriority,
        );
        draft.assignee = row.lookup(self.assignee, &names.users, ProblemKind::UnknownUser);
        draft.responsible = row.lookup(self.responsible, &names.users, ProblemKind::UnknownUser);
        draft.version = row.lookup(self.version, &names.versions, ProblemKind::UnknownVersion);
        let start = row.parse(self.start, parse_date, ProblemKind::BadDate);
        let due = row.parse(self.due, parse_date, ProblemKind::BadDate);
        if let (Some(start), Some(due)) = (start, due)
            && due < start
        {
            row.problem(self.due, ProblemKind::DueBeforeStart);
        }
        if names.milestones.contains(&draft.wp_type) {
            draft.date = start.or(due);
        } else {
            draft.start_date = start;
            draft.due_date = due;
        }
        draft.estimated_hours = row.parse(self.hours, parse_hours, ProblemKind::BadNumber);
        for field in self.custom_fields {
            let field = field.for_type(draft.wp_type);
            if field.required && field.writable && field.kind.is_editable() {
                row.problem(None, ProblemKind::MissingRequired(field.name));
            }
        }
        draft
    }
}

struct Row<'a> {
    record: &'a Record,
    problems: &'a mut Vec<ImportProblem>,
}

impl<'a> Row<'a> {
    /// The trimmed, non-empty text of a mapped column, without the apostrophe an export put
    /// before a formula-like start.
    fn cell(&self, column: Option<usize>) -> Option<(usize, &'a str)> {
        let column = column?;
        let text = csv::unguard(self.record.cells.get(column)?.trim()).trim();
        (!text.is_empty()).then_some((column, text))
    }

    fn problem(&mut self, column: Option<usize>, kind: ProblemKind) {
        self.problems.push(ImportProblem {
            line: self.record.line,
            column,
            kind,
        });
    }

    fn lookup<T: Copy>(
        &mut self,
        column: Option<usize>,
        names: &HashMap<String, T>,
        unknown: fn(String) -> ProblemKind,
    ) -> Option<T> {
        self.parse(column, |text| names.get(&key(text)).copied(), unknown)
    }

    fn parse<T>(
        &mut self,
        column: Option<usize>,
        parse: impl Fn(&str) -> Option<T>,
        bad: fn(String) -> ProblemKind,
    ) -> Option<T> {
        let (column, text) = self.cell(column)?;
        let value = parse(text);
        if value.is_none() {
            self.problem(Some(column), bad(text.to_owned()));
        }
        value
    }
}

/// `2026-11-26`, `26.11.2026`, `1.2.2026`, `26 Nov 2026`, `26. Dez. 2026`, `Nov 26, 2026`.
fn parse_date(text: &str) -> Option<NaiveDate> {
    let number = |s: &str| {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let year = |s: &str| {
        (s.len() == 4)
            .then(|| number(s))
            .flatten()
            .and_then(|y| i32::try_from(y).ok())
    };
    let ymd = |y: Option<i32>, m: Option<u32>, d: Option<u32>| NaiveDate::from_ymd_opt(y?, m?, d?);
    let iso = || {
        let [y, m, d] = three(text.split('-'))?;
        ymd(year(y), number(m), number(d))
    };
    let german = || {
        let [d, m, y] = three(text.split('.').map(str::trim))?;
        ymd(year(y), number(m), number(d))
    };
    let words = || {
        let words = text
            .split(|c: char| c.is_whitespace() || c == '.' || c == ',')
            .filter(|w| !w.is_empty());
        match three(words)? {
            [d, m, y] if number(d).is_some() => ymd(year(y), month(m), number(d)),
            [m, d, y] => ymd(year(y), month(m), number(d)),
        }
    };
    iso().or_else(german).or_else(words)
}

/// Exactly three items, or none.
fn three<'a>(mut items: impl Iterator<Item = &'a str>) -> Option<[&'a str; 3]> {
    let found = [items.next()?, items.next()?, items.next()?];
    items.next().is_none().then_some(found)
}

/// English and German month names, abbreviated or not.
fn month(name: &str) -> Option<u32> {
    const NAMES: [&[&str]; 12] = [
        &["jan", "january", "januar"],
        &["feb", "february", "februar"],
        &["mar", "march", "marz", "maerz", "mrz"],
        &["apr", "april"],
        &["may", "mai"],
        &["jun", "june", "juni"],
        &["jul", "july", "juli"],
        &["aug", "august"],
        &["sep", "sept", "september"],
        &["oct", "okt", "october", "oktober"],
        &["nov", "november"],
        &["dec", "dez", "december", "dezember"],
    ];
    let name = fold(name);
    (1..=12)
        .zip(NAMES)
        .find_map(|(number, names)| names.contains(&name.as_str()).then_some(number))
}

/// `2.5`, German `2,5`, and `2.5 h` as OpenProject shows durations; never negative.
fn parse_hours(text: &str) -> Option<f64> {
    let text = text
        .strip_suffix(['h', 'H'])
        .map_or(text, str::trim_end)
        .replace(',', ".");
    let mut parts = text.splitn(2, '.');
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let plain = parts.next().is_some_and(digits) && parts.next().is_none_or(digits);
    // Hundreds of digits parse as infinity, which no store can keep.
    plain
        .then(|| text.parse().ok())
        .flatten()
        .filter(|hours: &f64| hours.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::{Priority, Status, User, Version, WpType};
    use std::fmt::Write;

    const PROJECT: ProjectId = ProjectId(1);
    const TASK: TypeId = TypeId(1);
    const MILESTONE: TypeId = TypeId(2);

    fn catalog() -> Catalog {
        let status = |id, name: &str| Status {
            id: StatusId(id),
            name: name.to_owned(),
            is_closed: id == 3,
            is_default: id == 1,
            color: "#000000".to_owned(),
            position: u32::try_from(id).unwrap(),
        };
        let wp_type = |id, name: &str, is_milestone| WpType {
            id: TypeId(id),
            name: name.to_owned(),
            color: "#000000".to_owned(),
            is_milestone,
            position: 0,
        };
        let priority = |id, name: &str| Priority {
            id: PriorityId(id),
            name: name.to_owned(),
            position: 0,
            is_default: id == 1,
        };
        let user = |id, name: &str, login: &str| User {
            id: UserId(id),
            name: name.to_owned(),
            login: login.to_owned(),
        };
        let version = |id, project, name: &str| Version {
            id: VersionId(id),
            project: ProjectId(project),
            name: name.to_owned(),
            is_open: true,
        };
        Catalog {
            statuses: vec![
                status(1, "New"),
                status(2, "In progress"),
                status(3, "Closed"),
            ],
            types: vec![
                wp_type(1, "Task", false),
                wp_type(2, "Milestone", true),
                wp_type(3, "Feature", false),
            ],
            priorities: vec![priority(1, "Normal"), priority(2, "High")],
            users: vec![
                user(1, "Anna Schmidt", "anna"),
                user(2, "Lea Fischer", "lfischer"),
            ],
            versions: vec![
                version(7, 2, "Sprint 1"),
                version(1, 1, "Sprint 1"),
                version(2, 2, "Shared"),
            ],
            ..Catalog::default()
        }
    }

    fn strings(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|&c| c.to_owned()).collect()
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn preview(text: &str) -> Preview {
        let table = csv::read(text).unwrap();
        let mapping = guess_mapping(&table.header);
        dry_run(&table, &mapping, &catalog(), PROJECT, TASK)
    }

    fn kinds(preview: &Preview) -> Vec<(usize, Option<usize>, ProblemKind)> {
        preview
            .problems
            .iter()
            .map(|p| (p.line, p.column, p.kind.clone()))
            .collect()
    }

    #[test]
    fn openproject_english_column_names_are_recognised() {
        use Target::*;
        let header = strings(&[
            "ID",
            "Type",
            "Subject",
            "Status",
            "Priority",
            "Assignee",
            "Accountable",
            "Version",
            "Start date",
            "Finish date",
            "Estimated time",
            "Description",
            "% Complete",
        ]);
        assert_eq!(
            guess_mapping(&header),
            vec![
                Ignore,
                Type,
                Subject,
                Status,
                Priority,
                Assignee,
                Responsible,
                Version,
                StartDate,
                DueDate,
                EstimatedHours,
                Description,
                Ignore
            ]
        );
    }

    #[test]
    fn german_column_names_are_recognised_whatever_their_case_accents_and_spacing() {
        use Target::*;
        let header = strings(&[
            " THEMA ",
            "Typ",
            "Prioritat",
            "zugewiesen an",
            "Verantwortlich",
            "Startdatum",
            "Fällig",
            "Geschätzter Aufwand",
            "Beschreibung",
            "Bearbeiter",
            "Beginn",
        ]);
        assert_eq!(
            guess_mapping(&header),
            vec![
                Subject,
                Type,
                Priority,
                Assignee,
                Responsible,
                StartDate,
                DueDate,
                EstimatedHours,
                Description,
                Ignore,
                Ignore
            ]
        );
        assert_eq!(
            guess_mapping(&strings(&[
                "Titel",
                "Betreff",
                "Enddatum",
                "Endtermin",
                "Priorität"
            ])),
            vec![Subject, Ignore, DueDate, Ignore, Priority]
        );
    }

    #[test]
    fn the_estimate_headers_of_tafel_s_own_export_are_recognised() {
        assert_eq!(
            guess_mapping(&strings(&[
                "Estimated time (hours)",
                "Geschätzter Aufwand (Stunden)"
            ])),
            vec![Target::EstimatedHours, Target::Ignore]
        );
        assert_eq!(
            guess_mapping(&strings(&["Geschätzter Aufwand (Stunden)"])),
            vec![Target::EstimatedHours]
        );
    }

    #[test]
    fn every_target_is_listed_once_in_all() {
        for target in Target::ALL {
            assert_eq!(Target::ALL.iter().filter(|&&t| t == target).count(), 1);
        }
    }

    #[test]
    fn a_complete_row_becomes_a_draft_with_every_name_resolved() {
        let preview = preview(
            "Subject,Type,Status,Priority,Assignee,Accountable,Version,Start date,Finish date,Estimated time,Description\r\n\
             Move desks ,feature,in progress,HIGH,anna,Lea Fischer, sprint 1 ,2026-11-26,30.11.2026,\"2,5\",\"first\r\nsecond\"\r\n",
        );
        assert!(preview.problems.is_empty(), "{:?}", preview.problems);
        assert_eq!(preview.rows, 1);
        let mut expected = NewWorkPackage::new(PROJECT, TypeId(3), "Move desks");
        expected.status = Some(StatusId(2));
        expected.priority = Some(PriorityId(2));
        expected.assignee = Some(UserId(1));
        expected.responsible = Some(UserId(2));
        expected.version = Some(VersionId(1));
        expected.start_date = Some(day(2026, 11, 26));
        expected.due_date = Some(day(2026, 11, 30));
        expected.estimated_hours = Some(2.5);
        expected.description = "first\nsecond".to_owned();
        assert_eq!(preview.drafts, vec![(2, expected)]);
    }

    #[test]
    fn empty_cells_leave_fields_unset_for_the_server_to_default() {
        let preview = preview(
            "Subject;Type;Status;Priority;Assignee;Start date;Estimated time\nTidy up;;;;; ;\n",
        );
        assert!(preview.problems.is_empty());
        assert_eq!(
            preview.drafts,
            vec![(2, NewWorkPackage::new(PROJECT, TASK, "Tidy up"))]
        );
    }

    #[test]
    fn a_milestone_gets_its_single_date_from_the_start_or_the_due_cell() {
        let preview = preview(
            "Subject,Type,Start date,Finish date\nLaunch,Milestone,,26 Nov 2026\nReview,Milestone,1.2.2026,\n",
        );
        let dates: Vec<_> = preview
            .drafts
            .iter()
            .map(|(_, d)| (d.date, d.start_date, d.due_date))
            .collect();
        assert_eq!(
            dates,
            vec![
                (Some(day(2026, 11, 26)), None, None),
                (Some(day(2026, 2, 1)), None, None)
            ]
        );
        let table = csv::read("Subject,Start date\nGo live,2026-03-01\n").unwrap();
        let mapping = guess_mapping(&table.header);
        let preview = dry_run(&table, &mapping, &catalog(), PROJECT, MILESTONE);
        assert_eq!(preview.drafts[0].1.date, Some(day(2026, 3, 1)));
    }

    #[test]
    fn dates_are_read_in_iso_german_and_english_forms() {
        let d = day(2026, 11, 26);
        for text in [
            "2026-11-26",
            "26.11.2026",
            "26. 11. 2026",
            "26 Nov 2026",
            "26 November 2026",
            "Nov 26, 2026",
            "26. Nov. 2026",
        ] {
            assert_eq!(parse_date(text), Some(d), "{text}");
        }
        assert_eq!(parse_date("1.2.2026"), Some(day(2026, 2, 1)));
        assert_eq!(parse_date("26 Dez 2026"), Some(day(2026, 12, 26)));
        assert_eq!(parse_date("26. Dez. 2026"), Some(day(2026, 12, 26)));
        assert_eq!(parse_date("3. März 2026"), Some(day(2026, 3, 3)));
        assert_eq!(parse_date("1 Okt 2026"), Some(day(2026, 10, 1)));
        for bad in [
            "",
            "tomorrow",
            "31.02.2026",
            "26.11.26",
            "2026-13-01",
            "26/11/2026",
            "26 Foo 2026",
            "-1-1-1",
            "99999-1-1",
            "26.11.2026.",
            "1e3.1.2026",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn hours_are_read_with_a_point_or_a_german_comma() {
        assert_eq!(parse_hours("2.5"), Some(2.5));
        assert_eq!(parse_hours("2,5"), Some(2.5));
        assert_eq!(parse_hours("8"), Some(8.0));
        assert_eq!(parse_hours("1.5 h"), Some(1.5));
        for bad in [
            "", "-1", "two", "1.2.3", "1,234.5", "inf", "NaN", ".5", "5.", "h",
        ] {
            assert_eq!(parse_hours(bad), None, "{bad}");
        }
    }

    #[test]
    fn users_are_found_by_name_or_login_in_any_case() {
        let preview = preview("Subject,Assignee\na,ANNA SCHMIDT\nb,LFischer\nc,lea fischer\n");
        let assignees: Vec<_> = preview.drafts.iter().map(|(_, d)| d.assignee).collect();
        assert_eq!(
            assignees,
            vec![Some(UserId(1)), Some(UserId(2)), Some(UserId(2))]
        );
    }

    #[test]
    fn each_kind_of_problem_is_reported_on_its_line_and_column() {
        use ProblemKind::*;
        let long = "x".repeat(SUBJECT_MAX_CHARS + 1);
        let text = format!(
            "Subject,Type,Status,Priority,Assignee,Version,Start date,Finish date,Estimated time\n\
             ,,,,,,,,\n\
             {long},,,,,,,,\n\
             a,Epic,,,,,,,\n\
             b,,Waiting,,,,,,\n\
             c,,,Urgent,,,,,\n\
             d,,,,Bob,,,,\n\
             e,,,,,Sprint 9,,,\n\
             f,,,,,,soon,,\n\
             g,,,,,,2026-11-26,2026-11-25,\n\
             h,,,,,,,,lots\n\
             i,,\n\
             j,,,,,,,,,more\n\
             ok,,,,,,,,,\n"
        );
        let checked = preview(&text);
        assert_eq!(
            kinds(&checked),
            vec![
                (3, Some(0), SubjectTooLong),
                (4, Some(1), UnknownType("Epic".to_owned())),
                (5, Some(2), UnknownStatus("Waiting".to_owned())),
                (6, Some(3), UnknownPriority("Urgent".to_owned())),
                (7, Some(4), UnknownUser("Bob".to_owned())),
                (8, Some(5), UnknownVersion("Sprint 9".to_owned())),
                (9, Some(6), BadDate("soon".to_owned())),
                (10, Some(7), DueBeforeStart),
                (11, Some(8), BadNumber("lots".to_owned())),
                (
                    12,
                    None,
                    WrongCellCount {
                        expected: 9,
                        found: 3
                    }
                ),
                (
                    13,
                    None,
                    WrongCellCount {
                        expected: 9,
                        found: 10
                    }
                ),
            ]
        );
        // The all-empty row on line 2 is not a row at all.
        assert_eq!(checked.rows, 12);
        assert_eq!(checked.drafts.len(), 1);
        assert_eq!(checked.drafts[0].0, 14);

        let blank_subject = preview("Subject,Status\n ,New\n");
        assert_eq!(kinds(&blank_subject), vec![(2, Some(0), EmptySubject)]);
    }

    #[test]
    fn a_row_whose_type_requires_a_custom_field_is_refused_naming_the_field() {
        let mut catalog = catalog();
        catalog.custom_fields.push(crate::domain::CustomField {
            key: "customField2".to_owned(),
            name: "Story points".to_owned(),
            kind: crate::domain::CustomKind::Integer,
            required: false,
            required_for: vec![TypeId(3)],
            writable: true,
            min_length: None,
            max_length: None,
            multi: false,
            options: Vec::new(),
        });
        let table = csv::read("Subject,Type\nA task,Task\nA feature,Feature\n").unwrap();
        let mapping = guess_mapping(&table.header);
        let preview = dry_run(&table, &mapping, &catalog, PROJECT, TASK);
        assert_eq!(preview.drafts.len(), 1, "the task is imported");
        assert_eq!(preview.drafts[0].1.subject, "A task");
        assert_eq!(
            preview.problems,
            vec![ImportProblem {
                line: 3,
                column: None,
                kind: ProblemKind::MissingRequired("Story points".to_owned()),
            }]
        );
    }

    #[test]
    fn a_row_reports_all_its_problems_and_yields_no_draft() {
        let preview = preview("Subject,Status,Start date\n,Nope,never\n");
        assert_eq!(preview.problems.len(), 3);
        assert!(preview.drafts.is_empty());
    }

    #[test]
    fn without_a_subject_column_the_whole_file_is_refused() {
        let preview = preview("Status,Type\nNew,Task\n");
        assert_eq!(
            kinds(&preview),
            vec![(0, None, ProblemKind::MissingSubjectColumn)]
        );
        assert!(preview.drafts.is_empty());
        assert_eq!(preview.rows, 1);
    }

    #[test]
    fn a_mapping_chosen_by_hand_is_followed_and_its_first_subject_column_wins() {
        let table = csv::read("Name,Other,Notes\nBuy chairs,Ignored,Soft ones\n").unwrap();
        let mapping = [
            Target::Subject,
            Target::Subject,
            Target::Description,
            Target::Status,
        ];
        let preview = dry_run(&table, &mapping, &catalog(), PROJECT, TASK);
        let draft = &preview.drafts[0].1;
        assert_eq!(draft.subject, "Buy chairs");
        assert_eq!(draft.description, "Soft ones");
    }

    #[test]
    fn a_file_exported_by_tafel_imports_formula_like_subjects_as_they_were() {
        let file = csv::write([
            strings(&["Subject", "Estimated time"]),
            strings(&["=cmd|' /C calc'!A0", "1"]),
            strings(&["-x", ""]),
            strings(&["@y", "-3"]),
        ]);
        let table = csv::read(&csv::decode(file.as_bytes()).text).unwrap();
        let preview = dry_run(
            &table,
            &guess_mapping(&table.header),
            &catalog(),
            PROJECT,
            TASK,
        );
        let subjects: Vec<&str> = preview
            .drafts
            .iter()
            .map(|(_, d)| d.subject.as_str())
            .collect();
        assert_eq!(subjects, vec!["=cmd|' /C calc'!A0", "-x"]);
        assert_eq!(
            kinds(&preview),
            vec![(4, Some(1), ProblemKind::BadNumber("-3".to_owned()))]
        );
        assert_eq!(preview.problems.len() + preview.drafts.len(), preview.rows);
    }

    #[test]
    fn fifty_thousand_rows_are_checked_in_one_pass() {
        let mut text =
            String::from("Thema;Status;Zugewiesen an;Startdatum;Endtermin;Geschätzter Aufwand\r\n");
        for i in 0..50_000 {
            let status = ["Neu", "New", "In progress"][i % 3];
            write!(
                text,
                "Aufgabe {i};{status};anna;01.02.2026;26 Nov 2026;{},5\r\n",
                i % 9
            )
            .unwrap();
        }
        let preview = preview(&text);
        assert_eq!(preview.rows, 50_000);
        let problem_rows = preview.problems.len();
        assert_eq!(problem_rows, 16_667);
        assert_eq!(preview.drafts.len() + problem_rows, 50_000);
        assert_eq!(preview.drafts.last().unwrap().0, 50_001);
    }

    /// Found by `tests/fuzz_importers.rs` (estimates_of_any_length…): 400 digits parsed as an
    /// infinite estimate, which the preview accepted.
    #[test]
    fn an_estimate_too_long_for_a_number_is_a_bad_number() {
        let digits = "9".repeat(400);
        assert_eq!(parse_hours(&digits), None);
        assert_eq!(parse_hours(&format!("{digits},5 h")), None);
        assert_eq!(parse_hours("2,5 h"), Some(2.5));
        let preview = preview(&format!("Subject;Estimated time\nTask;{digits}\n"));
        assert!(preview.drafts.is_empty());
        assert_eq!(
            kinds(&preview),
            vec![(2, Some(1), ProblemKind::BadNumber(digits))]
        );
    }

    /// xorshift64: the same "random" inputs on every run.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            usize::try_from(self.next() % n as u64).unwrap()
        }
    }

    #[test]
    fn random_bytes_and_random_csv_punctuation_never_make_decode_read_or_dry_run_panic() {
        const PIECES: &[&str] = &[
            "\"",
            ",",
            ";",
            "\t",
            "\r",
            "\n",
            "\r\n",
            "a",
            "Subject",
            "Status",
            "Start date",
            "Due date",
            "Type",
            "Estimated time",
            "New",
            "Milestone",
            "anna",
            "26.11.2026",
            "2026-02-30",
            "2,5",
            "-",
            "'=",
            "ä",
            "€",
            " ",
            "Nov",
            "99999999999999999999",
        ];
        let catalog = catalog();
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for round in 0..4000 {
            let bytes: Vec<u8> = if round % 2 == 0 {
                (0..rng.below(64))
                    .map(|_| rng.next().to_le_bytes()[0])
                    .collect()
            } else {
                (0..rng.below(40))
                    .flat_map(|_| PIECES[rng.below(PIECES.len())].bytes())
                    .collect()
            };
            let decoded = csv::decode(&bytes);
            let Ok(table) = csv::read(&decoded.text) else {
                continue;
            };
            let guessed = guess_mapping(&table.header);
            let random: Vec<Target> = (0..rng.below(8))
                .map(|_| Target::ALL[rng.below(Target::ALL.len())])
                .collect();
            for mapping in [guessed, random] {
                for default_type in [TASK, MILESTONE] {
                    let preview = dry_run(&table, &mapping, &catalog, PROJECT, default_type);
                    assert_eq!(preview.rows, table.rows.len());
                    if preview.problems.first().is_some_and(|p| p.line == 0) {
                        assert!(preview.drafts.is_empty());
                        continue;
                    }
                    let mut refused: Vec<usize> = preview.problems.iter().map(|p| p.line).collect();
                    refused.dedup();
                    assert_eq!(preview.drafts.len() + refused.len(), preview.rows);
                }
            }
        }
    }
}
