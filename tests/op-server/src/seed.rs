//! Deterministic seed data: a city administration relaunching its citizen portal, and an office move.

use crate::state::{
    Activity, Attachment, Category, Data, Priority, Project, Relation, Status, User, Version,
    WorkPackage, WpType, epoch,
};
use chrono::{Duration, NaiveDate};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("seed dates are valid")
}

pub const ANNA: u64 = 1;
pub const LUKAS: u64 = 2;
pub const MEHMET: u64 = 3;
pub const SOFIA: u64 = 4;

pub const NEW: u64 = 1;
pub const IN_PROGRESS: u64 = 2;
pub const IN_REVIEW: u64 = 3;
pub const DONE: u64 = 4;
pub const REJECTED: u64 = 5;

pub const TASK: u64 = 1;
pub const FEATURE: u64 = 2;
pub const BUG: u64 = 3;
pub const MILESTONE: u64 = 4;

fn statuses() -> Vec<Status> {
    let s = |id, name, is_closed, is_default, color, default_done_ratio| Status {
        id,
        name,
        is_closed,
        is_default,
        color,
        position: i64::try_from(id).unwrap_or(0),
        default_done_ratio,
    };
    vec![
        s(NEW, "New", false, true, "#1971C2", 0),
        s(IN_PROGRESS, "In progress", false, false, "#F08C00", 50),
        s(IN_REVIEW, "In review", false, false, "#9C36B5", 80),
        s(DONE, "Done", true, false, "#2F9E44", 100),
        s(REJECTED, "Rejected", true, false, "#868E96", 0),
    ]
}

fn types() -> Vec<WpType> {
    let t = |id, name, color, is_milestone| WpType {
        id,
        name,
        color,
        position: i64::try_from(id).unwrap_or(0),
        is_default: id == TASK,
        is_milestone,
    };
    vec![
        t(TASK, "Task", "#1A67A3", false),
        t(FEATURE, "Feature", "#35C53F", false),
        t(BUG, "Bug", "#C92A2A", false),
        t(MILESTONE, "Milestone", "#E67700", true),
    ]
}

fn priorities() -> Vec<Priority> {
    let p = |id, name, is_default| Priority {
        id,
        name,
        position: i64::try_from(id).unwrap_or(0),
        is_default,
    };
    vec![
        p(1, "Low", false),
        p(2, "Normal", true),
        p(3, "High", false),
        p(4, "Immediate", false),
    ]
}

fn users() -> Vec<User> {
    let u = |id, login, first_name, last_name, email| User {
        id,
        login,
        first_name,
        last_name,
        email,
    };
    vec![
        u(
            ANNA,
            "anna.schmidt",
            "Anna",
            "Schmidt",
            "anna.schmidt@city.example",
        ),
        u(
            LUKAS,
            "lukas.becker",
            "Lukas",
            "Becker",
            "lukas.becker@city.example",
        ),
        u(
            MEHMET,
            "mehmet.yilmaz",
            "Mehmet",
            "Yılmaz",
            "mehmet.yilmaz@city.example",
        ),
        u(
            SOFIA,
            "sofia.rossi",
            "Sofia",
            "Rossi",
            "sofia.rossi@city.example",
        ),
    ]
}

fn projects() -> Vec<Project> {
    vec![
        Project {
            id: 1,
            identifier: "city-portal",
            name: "City Portal Relaunch",
            description: "Relaunch of the **citizen service portal** of the city administration.",
            types: vec![TASK, FEATURE, BUG, MILESTONE],
            members: vec![ANNA, LUKAS, MEHMET, SOFIA],
            cost_centre_field: true,
            parent: None,
        },
        Project {
            id: 2,
            identifier: "office-move",
            name: "Office Move",
            description: "Moving the citizens' office to the new town hall annex.",
            types: vec![TASK, MILESTONE],
            members: vec![ANNA, SOFIA],
            cost_centre_field: false,
            parent: None,
        },
        // A subproject of the portal, with work packages of its own.
        Project {
            id: 3,
            identifier: "portal-accessibility",
            name: "Portal Accessibility",
            description: "Accessibility work on the citizen portal.",
            types: vec![TASK, FEATURE, BUG, MILESTONE],
            members: vec![ANNA, LUKAS, MEHMET, SOFIA],
            cost_centre_field: false,
            parent: Some(1),
        },
    ]
}

fn versions() -> Vec<Version> {
    vec![
        Version {
            id: 1,
            project: 1,
            name: "Release 1.0",
            description: "First public release.",
            start_date: Some(day("2026-01-12")),
            end_date: Some(day("2026-03-27")),
            status: "open",
        },
        Version {
            id: 2,
            project: 1,
            name: "Release 1.1",
            description: "Follow-up improvements.",
            start_date: Some(day("2026-03-30")),
            end_date: Some(day("2026-05-29")),
            status: "open",
        },
        Version {
            id: 3,
            project: 1,
            name: "Pilot",
            description: "Internal pilot, finished.",
            start_date: Some(day("2025-11-03")),
            end_date: Some(day("2025-12-19")),
            status: "closed",
        },
        Version {
            id: 4,
            project: 2,
            name: "Phase 1",
            description: "",
            start_date: Some(day("2026-02-02")),
            end_date: Some(day("2026-05-15")),
            status: "open",
        },
    ]
}

/// Three for the city portal, two for the office move; German and English names, as teams mix them.
fn categories() -> Vec<Category> {
    let category = |id: u64, project: u64, name: &'static str| Category { id, project, name };
    vec![
        category(1, 1, "Frontend"),
        category(2, 1, "Schnittstellen"),
        category(3, 1, "Accessibility"),
        category(4, 2, "Möbel"),
        category(5, 2, "IT equipment"),
    ]
}

/// The seeded category of a work package: a few of each project have one.
fn category_of(id: u64) -> Option<u64> {
    match id {
        2 => Some(1),
        3 => Some(2),
        29 => Some(5),
        _ => None,
    }
}

/// (id, project, type, status, priority, assignee, parent, start, due, subject, done %, estimate h, version)
type Row = (
    u64,
    u64,
    u64,
    u64,
    u64,
    Option<u64>,
    Option<u64>,
    Option<&'static str>,
    Option<&'static str>,
    &'static str,
    i64,
    Option<f64>,
    Option<u64>,
);

#[rustfmt::skip]
const ROWS: &[Row] = &[
    (1, 1, TASK, NEW, 2, Some(ANNA), None, Some("2026-01-12"), Some("2026-01-23"), "Collect requirements from departments", 0, Some(16.0), Some(1)),
    (2, 1, FEATURE, IN_PROGRESS, 3, Some(LUKAS), None, Some("2026-01-19"), Some("2026-03-06"), "Online appointment booking", 30, None, Some(1)),
    (3, 1, TASK, IN_REVIEW, 2, Some(MEHMET), Some(2), Some("2026-01-19"), Some("2026-01-30"), "Design the booking form", 80, Some(24.0), Some(1)),
    (4, 1, TASK, IN_PROGRESS, 3, Some(LUKAS), Some(2), Some("2026-02-02"), Some("2026-02-20"), "Connect booking to the calendar backend", 40, Some(40.0), Some(1)),
    (5, 1, TASK, NEW, 2, Some(SOFIA), Some(2), Some("2026-02-23"), Some("2026-03-06"), "Accessibility audit of the booking flow", 0, Some(12.0), Some(1)),
    (6, 1, BUG, IN_PROGRESS, 3, Some(ANNA), None, Some("2026-01-14"), Some("2026-01-16"), "Login fails for names with umlauts", 50, Some(4.0), Some(1)),
    (7, 1, BUG, NEW, 4, Some(MEHMET), None, None, Some("2026-01-21"), "PDF forms cannot be downloaded on iOS", 0, None, Some(1)),
    (8, 1, MILESTONE, NEW, 3, None, None, Some("2026-03-27"), Some("2026-03-27"), "Go-live of the citizen portal", 0, None, Some(1)),
    (9, 1, TASK, NEW, 1, None, None, Some("2026-04-06"), Some("2026-04-24"), "Translate the portal into English", 0, Some(30.0), Some(2)),
    (10, 1, TASK, DONE, 2, Some(SOFIA), None, Some("2026-01-05"), Some("2026-01-09"), "Sign the hosting contract", 100, Some(6.0), Some(3)),
    (11, 1, TASK, IN_REVIEW, 3, Some(ANNA), None, Some("2026-01-26"), Some("2026-02-06"), "Data protection impact assessment", 80, Some(20.0), Some(1)),
    (12, 1, TASK, NEW, 2, Some(LUKAS), None, Some("2026-02-11"), Some("2026-02-27"), "Migrate the news archive", 0, Some(32.0), Some(1)),
    (13, 1, FEATURE, NEW, 2, None, None, Some("2026-04-06"), Some("2026-05-15"), "Waste collection calendar", 0, None, Some(2)),
    (14, 1, TASK, IN_PROGRESS, 3, Some(MEHMET), None, Some("2026-02-09"), Some("2026-03-13"), "Integrate the payment provider", 20, Some(48.0), Some(1)),
    (15, 1, BUG, REJECTED, 1, Some(LUKAS), None, None, None, "Search shows outdated pages", 0, None, None),
    (16, 1, TASK, NEW, 2, Some(SOFIA), None, Some("2026-03-16"), Some("2026-03-20"), "Train the editors", 0, Some(16.0), Some(1)),
    (17, 1, TASK, DONE, 2, Some(SOFIA), None, Some("2026-01-05"), Some("2026-01-16"), "Write the editorial guidelines", 100, Some(10.0), Some(1)),
    (18, 1, FEATURE, NEW, 1, None, None, None, None, "Newsletter sign-up", 0, None, None),
    (19, 1, TASK, IN_PROGRESS, 2, Some(ANNA), None, Some("2026-01-19"), Some("2026-02-13"), "Set up cookie-free analytics", 60, Some(8.0), Some(1)),
    (20, 1, BUG, DONE, 2, Some(MEHMET), None, Some("2026-01-07"), Some("2026-01-08"), "Broken links in the footer", 100, Some(1.5), Some(1)),
    (21, 1, MILESTONE, NEW, 2, None, None, Some("2026-03-20"), Some("2026-03-20"), "Editorial freeze", 0, None, Some(1)),
    (22, 1, TASK, NEW, 3, Some(LUKAS), None, Some("2026-03-02"), Some("2026-03-06"), "Load test", 0, Some(12.0), Some(1)),
    (23, 1, TASK, NEW, 3, Some(MEHMET), None, Some("2026-03-09"), Some("2026-03-13"), "Penetration test", 0, Some(16.0), Some(1)),
    (24, 1, FEATURE, IN_REVIEW, 2, Some(ANNA), None, Some("2026-02-02"), Some("2026-02-27"), "Parking permit application", 70, Some(60.0), Some(1)),
    (25, 1, TASK, NEW, 1, Some(SOFIA), None, Some("2026-03-23"), Some("2026-03-25"), "Publish the accessibility statement", 0, Some(3.0), Some(1)),
    (26, 2, TASK, IN_PROGRESS, 2, Some(SOFIA), None, Some("2026-02-02"), Some("2026-02-13"), "Inventory of furniture", 50, Some(12.0), Some(4)),
    (27, 2, TASK, NEW, 3, Some(ANNA), None, Some("2026-02-16"), Some("2026-03-06"), "Tender for a moving company", 0, Some(20.0), Some(4)),
    (28, 2, MILESTONE, NEW, 2, None, None, Some("2026-05-15"), Some("2026-05-15"), "Move day", 0, None, Some(4)),
    (29, 2, TASK, NEW, 2, None, None, Some("2026-04-20"), Some("2026-05-08"), "Set up the network in the annex", 0, Some(24.0), Some(4)),
    (30, 3, TASK, NEW, 2, Some(SOFIA), None, Some("2026-02-16"), Some("2026-02-27"), "Screen reader test of the forms", 0, Some(8.0), None),
    (31, 3, BUG, IN_PROGRESS, 3, Some(MEHMET), None, Some("2026-02-09"), Some("2026-02-13"), "Contrast of the footer links", 40, Some(2.0), None),
];

fn work_packages() -> Vec<WorkPackage> {
    ROWS.iter()
        .map(
            |&(id, project, type_id, status, priority, assignee, parent, start, due, subject, done, estimate, version)| {
                let created_at = epoch() - Duration::days(30) + Duration::hours(i64::try_from(id).unwrap_or(0));
                WorkPackage {
                    id,
                    project,
                    subject: subject.to_owned(),
                    description: if id == 1 {
                        "Ask every department which services they need online.\n\n- registry office\n- building authority".to_owned()
                    } else {
                        String::new()
                    },
                    type_id,
                    status,
                    priority,
                    author: if id % 2 == 0 { LUKAS } else { ANNA },
                    assignee,
                    responsible: if type_id == FEATURE { Some(ANNA) } else { None },
                    version,
                    category: category_of(id),
                    parent,
                    start_date: start.map(day),
                    due_date: due.map(day),
                    percentage_done: Some(done),
                    estimated_hours: estimate,
                    cost_centre: (project == 1 && id % 3 == 1).then(|| "KST-4711".to_owned()),
                    custom: if id == 1 && project == 1 {
                        crate::custom_fields::seed_values().into_iter().collect()
                    } else {
                        std::collections::BTreeMap::new()
                    },
                    schedule_manually: false,
                    lock_version: if id == 1 { 0 } else { i64::try_from(id % 4).unwrap_or(0) },
                    created_at,
                    updated_at: created_at + Duration::days(2),
                }
            },
        )
        .collect()
}

fn relations() -> Vec<Relation> {
    let r = |id, from, to, kind: &str, lag, description: Option<&str>| Relation {
        id,
        from,
        to,
        kind: kind.to_owned(),
        lag,
        description: description.map(str::to_owned),
    };
    vec![
        r(
            1,
            12,
            11,
            "follows",
            Some(2),
            Some("Archive migration needs the DPIA sign-off."),
        ),
        r(2, 22, 23, "blocks", None, None),
        r(3, 6, 15, "relates", None, None),
        r(4, 8, 14, "follows", Some(1), None),
        r(5, 16, 21, "precedes", Some(0), None),
    ]
}

fn activities(work_packages: &[WorkPackage]) -> Vec<Activity> {
    let mut out: Vec<Activity> = work_packages
        .iter()
        .map(|wp| Activity {
            id: wp.id,
            work_package: wp.id,
            version: 1,
            user: wp.author,
            comment: String::new(),
            details: Vec::new(),
            created_at: wp.created_at,
        })
        .collect();
    let mut comment = |work_package: u64, user: u64, text: &str, hours: i64| {
        let id = out.len() as u64 + 1;
        let version = i64::try_from(
            out.iter()
                .filter(|a| a.work_package == work_package)
                .count(),
        )
        .unwrap_or(0)
            + 1;
        out.push(Activity {
            id,
            work_package,
            version,
            user,
            comment: text.to_owned(),
            details: Vec::new(),
            created_at: epoch() - Duration::days(10) + Duration::hours(hours),
        });
    };
    comment(
        1,
        LUKAS,
        "Please include the **registry office**, they asked twice.",
        1,
    );
    comment(1, ANNA, "Added them to the list.", 2);
    comment(2, SOFIA, "The calendar vendor confirmed the API access.", 3);
    comment(6, MEHMET, "Reproduced with the name *Jürgen Öztürk*.", 4);
    out
}

/// Small text files, so a test can compare the downloaded bytes.
fn attachments() -> Vec<Attachment> {
    let a =
        |id, work_package, file_name: &str, content_type: &str, content: &str, author| Attachment {
            id,
            work_package,
            file_name: file_name.to_owned(),
            content_type: content_type.to_owned(),
            content: content.as_bytes().to_vec(),
            author,
            created_at: epoch() - Duration::days(9)
                + Duration::hours(i64::try_from(id).unwrap_or(0)),
            download_href: None,
        };
    vec![
        a(
            1,
            1,
            "departments.csv",
            "text/csv",
            "department,service\nregistry office,birth certificate\nbuilding authority,permit\n",
            LUKAS,
        ),
        a(
            2,
            1,
            "kick-off notes.txt",
            "text/plain",
            "Kick-off: Monday 9:00, room 2.14.\n",
            ANNA,
        ),
        // A hostile server's answer: markup in the name, a script address to download from.
        Attachment {
            download_href: Some("javascript:alert(document.domain)".to_owned()),
            ..a(
                3,
                2,
                "<img src=x onerror=alert(1)>.txt",
                "text/plain",
                "x",
                SOFIA,
            )
        },
    ]
}

/// The public holidays the seed's calendar knows (German federal ones around the seed's dates).
fn holidays() -> Vec<(NaiveDate, String)> {
    [
        ((2025, 12, 25), "Christmas Day"),
        ((2025, 12, 26), "Boxing Day"),
        ((2026, 1, 1), "New Year's Day"),
        ((2026, 4, 3), "Good Friday"),
        ((2026, 4, 6), "Easter Monday"),
        ((2026, 5, 1), "Labour Day"),
        ((2026, 10, 3), "German Unity Day"),
        ((2026, 12, 25), "Christmas Day"),
        ((2026, 12, 26), "Boxing Day"),
        ((2027, 1, 1), "New Year's Day"),
    ]
    .into_iter()
    .filter_map(|((y, m, d), name)| Some((NaiveDate::from_ymd_opt(y, m, d)?, name.to_owned())))
    .collect()
}

/// A view Lukas shared with the portal: everyone sees it and may star it, only he may change it.
fn queries() -> Vec<crate::state::Query> {
    let mut shared = crate::state::Query::new(1, LUKAS, epoch() - Duration::days(3));
    "Lukas's open bugs".clone_into(&mut shared.name);
    shared.project = Some(1);
    shared.public = true;
    shared.filters = vec![
        crate::filters::Filter {
            name: "status".to_owned(),
            operator: "o".to_owned(),
            values: Vec::new(),
        },
        crate::filters::Filter {
            name: "type".to_owned(),
            operator: "=".to_owned(),
            values: vec![BUG.to_string()],
        },
    ];
    vec![shared]
}

pub fn seeded_data() -> Data {
    let work_packages = work_packages();
    Data {
        statuses: statuses(),
        types: types(),
        priorities: priorities(),
        users: users(),
        projects: projects(),
        versions: versions(),
        categories: categories(),
        activities: activities(&work_packages),
        work_packages,
        relations: relations(),
        watchers: vec![(1, ANNA), (1, LUKAS), (2, MEHMET)],
        attachments: attachments(),
        queries: queries(),
        grids: Vec::new(),
        weekend: vec![6, 7],
        holidays: holidays(),
        clock: epoch(),
    }
}
