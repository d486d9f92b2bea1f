//! The demo data a fresh local store starts with: a city portal relaunch and a small office move,
//! dated around today so that the board shows current, due and overdue work.

use super::records::{Meta, Record, SCHEMA_VERSION};
use crate::domain::board::POSITION_STEP;
use crate::domain::dates::working_days_between;
use crate::domain::{
    Activity, ActivityDetail, ActivityId, Category, CategoryId, Field, Priority, PriorityId,
    Project, ProjectId, Relation, RelationId, RelationKind, Status, StatusId, TypeId, User, UserId,
    Version, VersionId, WorkPackage, WorkPackageId, WpType,
};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use std::collections::HashMap;

const CITY_PORTAL: ProjectId = ProjectId(1);
const OFFICE_MOVE: ProjectId = ProjectId(2);
/// A subproject of the portal.
const PORTAL_A11Y: ProjectId = ProjectId(3);

pub(super) const NEW: StatusId = StatusId(1);
pub(super) const SPECIFICATION: StatusId = StatusId(2);
pub(super) const IN_PROGRESS: StatusId = StatusId(3);
pub(super) const IN_REVIEW: StatusId = StatusId(4);
pub(super) const DONE: StatusId = StatusId(5);
const REJECTED: StatusId = StatusId(6);

pub(super) const TASK: TypeId = TypeId(1);
pub(super) const FEATURE: TypeId = TypeId(2);
pub(super) const BUG: TypeId = TypeId(3);
const MILESTONE: TypeId = TypeId(4);
pub(super) const EPIC: TypeId = TypeId(5);

pub(super) const LOW: PriorityId = PriorityId(1);
pub(super) const NORMAL: PriorityId = PriorityId(2);
pub(super) const HIGH: PriorityId = PriorityId(3);
pub(super) const IMMEDIATE: PriorityId = PriorityId(4);

pub(super) const ANNA: UserId = UserId(1);
pub(super) const JONAS: UserId = UserId(2);
pub(super) const LEA: UserId = UserId(3);
pub(super) const MEHMET: UserId = UserId(4);
pub(super) const SOPHIE: UserId = UserId(5);
pub(super) const TOM: UserId = UserId(6);

const SPRINT_1: VersionId = VersionId(1);
const SPRINT_2: VersionId = VersionId(2);
const SPRINT_3: VersionId = VersionId(3);
const RELEASE_1: VersionId = VersionId(4);

const FRONTEND: CategoryId = CategoryId(1);
const BACKEND: CategoryId = CategoryId(2);
const ACCESSIBILITY: CategoryId = CategoryId(3);
const FURNITURE: CategoryId = CategoryId(4);
const IT_EQUIPMENT: CategoryId = CategoryId(5);

const BOOKING_DESCRIPTION: &str = "\
Residents book a slot at the **residents' registration office** (Bürgeramt) online instead of calling.

Acceptance criteria:

- free slots for the next 6 weeks are shown per office
- a booking sends a confirmation e-mail with a calendar file
- a booking can be cancelled with the link from the e-mail

The calendar vendor documents its API at [the vendor's developer portal](https://example.org/calendar-api).
Slots come from `GET /offices/{id}/slots?from=2026-01-01`:

```json
{ \"start\": \"2026-01-05T08:30:00+01:00\", \"minutes\": 15 }
```

Note from the editors: <b>bold?</b> — HTML typed here must show up as text, not as markup.
";

struct Seed {
    today: NaiveDate,
    now: DateTime<Utc>,
    work_packages: Vec<WorkPackage>,
    /// The next free position per board column.
    columns: HashMap<(ProjectId, StatusId), i64>,
    relations: Vec<Relation>,
    activities: Vec<Activity>,
}

struct Draft<'s> {
    seed: &'s mut Seed,
    wp: WorkPackage,
}

impl Seed {
    fn day(&self, offset: i64) -> NaiveDate {
        self.today + TimeDelta::days(offset)
    }

    fn wp(&mut self, project: ProjectId, wp_type: TypeId, subject: &str) -> Draft<'_> {
        let n = i64::try_from(self.work_packages.len()).unwrap_or(0) + 1;
        let created_at = self.now - TimeDelta::days(45) + TimeDelta::hours(n * 7);
        let updated_at = created_at + TimeDelta::days(n % 12) + TimeDelta::minutes(n * 13 % 60);
        Draft {
            seed: self,
            wp: WorkPackage {
                updated_at,
                ..WorkPackage::new(
                    WorkPackageId(n.unsigned_abs()),
                    project,
                    wp_type,
                    NEW,
                    NORMAL,
                    subject.to_owned(),
                    created_at,
                )
            },
        }
    }

    fn relate(&mut self, from: WorkPackageId, kind: RelationKind, to: WorkPackageId, lag: i32) {
        self.relations.push(Relation {
            id: RelationId(self.relations.len() as u64 + 1),
            from,
            to,
            kind,
            lag: Some(lag).filter(|_| kind.has_lag()),
            description: String::new(),
        });
    }

    fn activity(
        &mut self,
        wp: WorkPackageId,
        user: UserId,
        days_ago: i64,
        comment: Option<&str>,
        details: Vec<ActivityDetail>,
    ) {
        self.activities.push(Activity {
            id: ActivityId(self.activities.len() as u64 + 1),
            work_package: wp,
            user: Some(user),
            created_at: self.now
                - TimeDelta::days(days_ago)
                - TimeDelta::minutes(wp.0.cast_signed()),
            comment: comment.map(str::to_owned),
            details,
        });
    }
}

impl Draft<'_> {
    fn status(mut self, status: StatusId) -> Self {
        self.wp.status = status;
        if status == DONE {
            self.wp.percentage_done = 100;
        }
        self
    }
    fn priority(mut self, priority: PriorityId) -> Self {
        self.wp.priority = priority;
        self
    }
    fn assignee(mut self, user: UserId) -> Self {
        self.wp.assignee = Some(user);
        self
    }
    fn responsible(mut self, user: UserId) -> Self {
        self.wp.responsible = Some(user);
        self
    }
    fn parent(mut self, parent: WorkPackageId) -> Self {
        self.wp.parent = Some(parent);
        self
    }
    fn version(mut self, version: VersionId) -> Self {
        self.wp.version = Some(version);
        self
    }
    fn category(mut self, category: CategoryId) -> Self {
        self.wp.category = Some(category);
        self
    }
    /// Start and due date as days from today.
    fn span(mut self, start: i64, due: i64) -> Self {
        self.wp.start_date = Some(self.seed.day(start));
        self.wp.due_date = Some(self.seed.day(due));
        self
    }
    /// A milestone's date as days from today.
    fn on(mut self, day: i64) -> Self {
        self.wp.date = Some(self.seed.day(day));
        self
    }
    fn done(mut self, percent: u8) -> Self {
        self.wp.percentage_done = percent;
        self
    }
    fn hours(mut self, hours: f64) -> Self {
        self.wp.estimated_hours = Some(hours);
        self
    }
    fn text(mut self, markdown: &str) -> Self {
        markdown.clone_into(&mut self.wp.description);
        self
    }

    fn add(self) -> WorkPackageId {
        let Self { seed, mut wp } = self;
        if wp.wp_type != MILESTONE
            && let (Some(start), Some(due)) = (wp.start_date, wp.due_date)
        {
            wp.duration_days = working_days_between(start, due);
        }
        let next = seed
            .columns
            .entry((wp.project, wp.status))
            .or_insert(POSITION_STEP);
        wp.position = *next;
        *next += POSITION_STEP;
        let id = wp.id;
        let created_by = wp.responsible.or(wp.assignee).unwrap_or(ANNA);
        let days_ago = (seed.now - wp.created_at).num_days();
        seed.work_packages.push(wp);
        seed.activity(
            id,
            created_by,
            days_ago,
            None,
            vec![ActivityDetail::Created],
        );
        id
    }
}

fn status(id: u64, name: &str, color: &str, is_closed: bool) -> Record {
    Record::Status(Status {
        id: StatusId(id),
        name: name.to_owned(),
        is_closed,
        is_default: id == NEW.0,
        color: color.to_owned(),
        position: u32::try_from(id).unwrap_or(u32::MAX),
    })
}

fn wp_type(id: u64, name: &str, color: &str) -> Record {
    Record::Type(WpType {
        id: TypeId(id),
        name: name.to_owned(),
        color: color.to_owned(),
        is_milestone: id == MILESTONE.0,
        position: u32::try_from(id).unwrap_or(u32::MAX),
    })
}

fn priority(id: u64, name: &str) -> Record {
    Record::Priority(Priority {
        id: PriorityId(id),
        name: name.to_owned(),
        position: u32::try_from(id).unwrap_or(u32::MAX),
        is_default: id == NORMAL.0,
    })
}

fn user(id: u64, name: &str, login: &str) -> Record {
    Record::User(User {
        id: UserId(id),
        name: name.to_owned(),
        login: login.to_owned(),
    })
}

fn version(id: u64, name: &str, is_open: bool) -> Record {
    Record::Version(Version {
        id: VersionId(id),
        project: CITY_PORTAL,
        name: name.to_owned(),
        is_open,
    })
}

fn category(id: CategoryId, project: ProjectId, name: &str) -> Record {
    Record::Category(Category {
        id,
        project,
        name: name.to_owned(),
    })
}

fn reference_records() -> Vec<Record> {
    vec![
        Record::Meta(Meta {
            schema: SCHEMA_VERSION,
            current_user: Some(ANNA),
        }),
        Record::Project(Project {
            id: CITY_PORTAL,
            identifier: "city-portal".to_owned(),
            name: "City Portal Relaunch".to_owned(),
            description: "Relaunch of the city's web portal: online services, citizen account, \
                          accessibility and a new content management system."
                .to_owned(),
            parent: None,
        }),
        Record::Project(Project {
            id: OFFICE_MOVE,
            identifier: "office-move".to_owned(),
            name: "Office Move".to_owned(),
            description: "The digital services team moves to the new administration building."
                .to_owned(),
            parent: None,
        }),
        Record::Project(Project {
            id: PORTAL_A11Y,
            identifier: "portal-accessibility".to_owned(),
            name: "Portal Accessibility".to_owned(),
            description: "Accessibility work on the city portal, a subproject of the relaunch."
                .to_owned(),
            parent: Some(CITY_PORTAL),
        }),
        // A view Lea shared with the portal: listed under "Shared by others", hers to change.
        Record::View(crate::domain::saved_view::SavedView {
            id: crate::domain::saved_view::ViewId(1),
            project: CITY_PORTAL,
            name: "Lea's open bugs".to_owned(),
            kind: crate::domain::saved_view::ViewKind::Table,
            query: "status=open&type=3".to_owned(),
            public: true,
            starred: false,
            partial: false,
            owner: Some(LEA),
            owner_name: None,
            mine: false,
            may_change: false,
            may_delete: false,
        }),
        status(NEW.0, "New", "#1d4ed8", false),
        status(SPECIFICATION.0, "In specification", "#7c3aed", false),
        status(IN_PROGRESS.0, "In progress", "#d97706", false),
        status(IN_REVIEW.0, "In review", "#0891b2", false),
        status(DONE.0, "Done", "#15803d", true),
        status(REJECTED.0, "Rejected", "#6b7280", true),
        wp_type(TASK.0, "Task", "#1a67a3"),
        wp_type(FEATURE.0, "Feature", "#2e7d32"),
        wp_type(BUG.0, "Bug", "#c62828"),
        wp_type(MILESTONE.0, "Milestone", "#6a1b9a"),
        wp_type(EPIC.0, "Epic", "#e65100"),
        priority(LOW.0, "Low"),
        priority(NORMAL.0, "Normal"),
        priority(HIGH.0, "High"),
        priority(IMMEDIATE.0, "Immediate"),
        user(ANNA.0, "Anna Schmidt", "anna.schmidt"),
        user(JONAS.0, "Jonas Weber", "jonas.weber"),
        user(LEA.0, "Lea Fischer", "lea.fischer"),
        user(MEHMET.0, "Mehmet Yılmaz", "mehmet.yilmaz"),
        user(SOPHIE.0, "Sophie Martin", "sophie.martin"),
        user(TOM.0, "Tom Becker", "tom.becker"),
        version(SPRINT_1.0, "Sprint 1", false),
        version(SPRINT_2.0, "Sprint 2", true),
        version(SPRINT_3.0, "Sprint 3", true),
        version(RELEASE_1.0, "Release 1.0", true),
        category(FRONTEND, CITY_PORTAL, "Frontend"),
        category(BACKEND, CITY_PORTAL, "Backend"),
        category(ACCESSIBILITY, CITY_PORTAL, "Barrierefreiheit"),
        category(FURNITURE, OFFICE_MOVE, "Möbel"),
        category(IT_EQUIPMENT, OFFICE_MOVE, "IT equipment"),
    ]
}

#[allow(clippy::too_many_lines)]
#[rustfmt::skip]
fn city_portal(s: &mut Seed) {
    use RelationKind::{Blocks, Follows, Precedes, Relates};
    let p = CITY_PORTAL;

    // Citizen account
    let account = s.wp(p, EPIC, "Citizen account with BundID login")
        .status(IN_PROGRESS).priority(HIGH).assignee(ANNA).responsible(ANNA).span(-30, 40)
        .done(35).version(RELEASE_1)
        .text("Residents sign in once and see their requests, notices and appointments in one place.")
        .add();
    let login = s.wp(p, FEATURE, "Sign in with BundID (SAML)")
        .parent(account).status(IN_PROGRESS).priority(HIGH).assignee(JONAS).responsible(ANNA)
        .span(-25, 5).version(SPRINT_2).hours(40.0).done(60).category(BACKEND)
        .add();
    let saml = s.wp(p, TASK, "Evaluate SAML libraries")
        .parent(login).status(DONE).assignee(JONAS).span(-25, -18).hours(8.0).version(SPRINT_1)
        .add();
    let register = s.wp(p, TASK, "Register the portal in the BundID test environment")
        .parent(login).status(DONE).assignee(MEHMET).span(-17, -12).hours(4.0).version(SPRINT_1)
        .add();
    let logout = s.wp(p, TASK, "Implement logout and session timeout")
        .parent(login).status(IN_PROGRESS).assignee(JONAS).span(-6, 3).hours(12.0).done(50)
        .version(SPRINT_2)
        .add();
    let safari = s.wp(p, BUG, "Login loops back to the start page in Safari")
        .parent(login).status(IN_REVIEW).priority(IMMEDIATE).assignee(LEA).span(-4, -1)
        .version(SPRINT_2).done(90).category(FRONTEND)
        .text("Steps:\n\n1. Open the portal in Safari\n2. Choose *Sign in*\n3. Confirm in the BundID app\n\nExpected: the mailbox opens. Actual: the start page loads again, still signed out.")
        .add();
    let mailbox = s.wp(p, FEATURE, "Personal mailbox for official notices")
        .parent(account).status(SPECIFICATION).assignee(SOPHIE).responsible(ANNA).span(6, 35)
        .version(SPRINT_3).hours(60.0)
        .add();
    let retention = s.wp(p, TASK, "Agree retention rules with the data protection officer")
        .parent(mailbox).assignee(ANNA).span(6, 10).hours(3.0)
        .add();
    let mailbox_design = s.wp(p, TASK, "Design mailbox list and detail pages")
        .parent(mailbox).assignee(SOPHIE).span(11, 20).hours(16.0)
        .add();
    s.wp(p, FEATURE, "Account settings and account deletion")
        .parent(account).span(20, 40).priority(NORMAL)
        .add();

    // Online services
    let services = s.wp(p, EPIC, "Online services catalogue")
        .status(IN_PROGRESS).assignee(MEHMET).responsible(MEHMET).span(-20, 50).done(25)
        .version(RELEASE_1)
        .add();
    let booking = s.wp(p, FEATURE, "Book an appointment at the residents' registration office")
        .parent(services).status(IN_PROGRESS).priority(HIGH).assignee(MEHMET).span(-15, 10)
        .version(SPRINT_2).hours(32.0).done(40).text(BOOKING_DESCRIPTION)
        .add();
    let calendar = s.wp(p, TASK, "Connect the appointment calendar API")
        .parent(booking).status(IN_PROGRESS).assignee(MEHMET).span(-10, 2).hours(16.0).done(70)
        .version(SPRINT_2)
        .add();
    let confirmation = s.wp(p, TASK, "Confirmation e-mail with calendar file")
        .parent(booking).assignee(TOM).span(3, 8).hours(6.0).version(SPRINT_2)
        .add();
    let utc = s.wp(p, BUG, "Time slots shown in UTC instead of local time")
        .parent(booking).priority(HIGH).assignee(TOM).span(-8, -3).version(SPRINT_2)
        .add();
    s.wp(p, FEATURE, "Dog tax registration form")
        .parent(services).status(SPECIFICATION).assignee(LEA).span(10, 30).hours(24.0)
        .version(SPRINT_3)
        .add();
    s.wp(p, FEATURE, "Full-text search across all services")
        .parent(services).priority(LOW).span(25, 50)
        .add();
    s.wp(p, TASK, "Collect service descriptions from all departments")
        .parent(services).status(IN_PROGRESS).assignee(ANNA).span(-20, -2).done(80)
        .text("Owner per department is listed in the shared sheet. Still missing: *Ordnungsamt*, *Standesamt*.")
        .add();

    // Accessibility
    let a11y = s.wp(p, EPIC, "Accessibility (BITV 2.0)")
        .status(IN_PROGRESS).priority(HIGH).assignee(LEA).responsible(LEA).span(-10, 45)
        .version(RELEASE_1)
        .add();
    s.wp(p, TASK, "Audit colour contrast of the new design")
        .parent(a11y).status(DONE).assignee(SOPHIE).span(-10, -6).hours(6.0).version(SPRINT_1)
        .add();
    let focus = s.wp(p, BUG, "Keyboard focus is lost after closing a dialog")
        .parent(a11y).status(IN_PROGRESS).priority(HIGH).assignee(LEA).span(-3, 4).done(30)
        .version(SPRINT_2).category(ACCESSIBILITY)
        .add();
    let screen_reader = s.wp(p, TASK, "Screen reader test with NVDA and VoiceOver")
        .parent(a11y).assignee(LEA).span(30, 38).hours(10.0)
        .add();
    s.wp(p, FEATURE, "Pages in easy-to-read language")
        .parent(a11y).status(SPECIFICATION).assignee(SOPHIE).span(15, 45).hours(40.0)
        .add();
    s.wp(p, TASK, "Publish the accessibility statement")
        .parent(a11y).assignee(ANNA).span(40, 45)
        .add();

    // Content migration
    let migration = s.wp(p, EPIC, "Content migration")
        .status(IN_PROGRESS).assignee(TOM).responsible(TOM).span(-28, 30).done(40)
        .add();
    let inventory = s.wp(p, TASK, "Inventory of existing pages")
        .parent(migration).status(DONE).assignee(TOM).span(-28, -20).hours(12.0)
        .version(SPRINT_1)
        .add();
    let redirects = s.wp(p, TASK, "Redirect map for old URLs")
        .parent(migration).status(IN_PROGRESS).assignee(TOM).span(-14, -4).done(60).hours(8.0)
        .add();
    let news = s.wp(p, TASK, "Migrate the news archive (2015–2024)")
        .parent(migration).span(5, 20).hours(24.0)
        .add();
    let rewrite = s.wp(p, TASK, "Rewrite the top 50 pages in plain language")
        .parent(migration).status(IN_PROGRESS).assignee(SOPHIE).span(-5, 25).hours(80.0).done(20)
        .add();
    s.wp(p, BUG, "Umlauts (ä, ö, ü) broken in imported page titles")
        .parent(migration).status(IN_REVIEW).assignee(JONAS).span(-2, 1).priority(HIGH)
        .add();

    // Operations
    let ops = s.wp(p, EPIC, "Operations and hosting")
        .status(IN_PROGRESS).assignee(MEHMET).responsible(MEHMET).span(-15, 55)
        .add();
    let staging = s.wp(p, TASK, "Set up the staging environment")
        .parent(ops).status(DONE).assignee(MEHMET).span(-15, -9).hours(10.0).version(SPRINT_1)
        .add();
    s.wp(p, TASK, "Backup and restore concept")
        .parent(ops).status(IN_REVIEW).assignee(MEHMET).span(-7, 2).hours(8.0).done(90)
        .add();
    let pentest = s.wp(p, TASK, "Penetration test by an external provider")
        .parent(ops).priority(HIGH).span(35, 45)
        .add();
    s.wp(p, TASK, "Monitoring and alerting for the portal")
        .parent(ops).status(SPECIFICATION).assignee(JONAS).span(5, 15).hours(16.0)
        .add();
    s.wp(p, BUG, "Staging certificate expires every 30 days")
        .parent(ops).status(REJECTED).priority(LOW).assignee(JONAS)
        .text("Works as intended: the certificates renew automatically.")
        .add();

    // Loose work
    s.wp(p, FEATURE, "New start page with the top services")
        .status(IN_REVIEW).priority(HIGH).assignee(SOPHIE).span(-12, 0).done(90)
        .version(SPRINT_1)
        .add();
    s.wp(p, FEATURE, "Cookie-free web analytics")
        .status(SPECIFICATION).priority(LOW).assignee(JONAS).span(8, 18)
        .add();
    s.wp(p, BUG, "Footer links open in a new window")
        .status(DONE).priority(LOW).assignee(LEA).span(-19, -19).version(SPRINT_1)
        .add();
    s.wp(p, BUG, "PDF forms cannot be downloaded on iOS")
        .priority(HIGH).span(-9, -4)
        .add();
    let search_label = s.wp(p, BUG, "Search field has no label for screen readers")
        .assignee(LEA).span(2, 5).version(SPRINT_2)
        .add();
    s.wp(p, TASK, "Update the privacy statement")
        .status(IN_PROGRESS).assignee(ANNA).span(-6, 6).done(50)
        .add();
    s.wp(p, TASK, "Editorial workshop with the departments")
        .status(DONE).assignee(ANNA).span(-22, -22).hours(6.0)
        .add();
    s.wp(p, TASK, "Train editors on the new CMS")
        .assignee(TOM).span(28, 32).hours(16.0)
        .add();
    s.wp(p, TASK, "Write a style guide for editors")
        .status(SPECIFICATION).assignee(SOPHIE).span(0, 10)
        .add();
    s.wp(p, FEATURE, "News feed with RSS")
        .priority(LOW)
        .add();
    s.wp(p, FEATURE, "Multilingual pages (English, Turkish, Arabic)")
        .status(SPECIFICATION).assignee(MEHMET).span(20, 55)
        .add();
    s.wp(p, BUG, "Map of offices does not load without consent")
        .status(IN_PROGRESS).priority(HIGH).assignee(TOM).span(-1, 3).done(20)
        .add();
    s.wp(p, TASK, "Legal review of the terms of use")
        .status(IN_REVIEW).assignee(ANNA).span(-5, 2).done(80)
        .add();
    let load_test = s.wp(p, TASK, "Load test with 5,000 concurrent users")
        .assignee(MEHMET).span(42, 48).hours(12.0)
        .add();
    s.wp(p, BUG, "Typo on the contact page")
        .status(DONE).priority(LOW).assignee(LEA)
        .add();
    s.wp(p, TASK, "Move CMS hosting to a private cloud")
        .status(REJECTED).assignee(ANNA)
        .text("Rejected in the steering committee: the municipal data centre hosts the CMS.")
        .add();
    s.wp(p, FEATURE, "Online payment with ePayBL")
        .priority(HIGH).assignee(JONAS).span(30, 58).hours(48.0)
        .add();
    s.wp(p, TASK, "Feedback form for citizens")
        .assignee(TOM)
        .add();
    s.wp(p, TASK, "Photo shoot for the start page")
        .status(DONE).assignee(SOPHIE).span(-18, -17)
        .add();
    let date_picker = s.wp(p, BUG, "Date picker ignores the German date format")
        .assignee(JONAS).span(4, 6)
        .add();
    s.wp(p, TASK, "Prepare the go-live communication")
        .assignee(ANNA).span(45, 55)
        .add();

    // Milestones
    let freeze = s.wp(p, MILESTONE, "Content freeze")
        .priority(HIGH).assignee(TOM).on(21).version(RELEASE_1)
        .add();
    let go_live = s.wp(p, MILESTONE, "Go-live")
        .priority(IMMEDIATE).assignee(ANNA).on(56).version(RELEASE_1)
        .text("The new portal replaces the old one. Old URLs redirect.")
        .add();

    s.relate(saml, Precedes, register, 0);
    s.relate(register, Precedes, logout, 2);
    s.relate(safari, Blocks, login, 0);
    s.relate(retention, Precedes, mailbox_design, 0);
    s.relate(calendar, Precedes, confirmation, 0);
    s.relate(utc, Relates, calendar, 0);
    s.relate(date_picker, Relates, booking, 0);
    s.relate(screen_reader, Follows, focus, 5);
    s.relate(focus, Relates, search_label, 0);
    s.relate(inventory, Precedes, redirects, 1);
    s.relate(redirects, Precedes, news, 2);
    s.relate(rewrite, Blocks, freeze, 0);
    s.relate(freeze, Precedes, go_live, 5);
    s.relate(pentest, Precedes, go_live, 3);
    s.relate(staging, Precedes, load_test, 0);

    s.activity(
        safari,
        LEA,
        3,
        Some("Reproduced on macOS 14 with Safari 17. The session cookie is set with `SameSite=Strict`, so it is dropped on the redirect back from BundID."),
        Vec::new(),
    );
    s.activity(
        safari,
        JONAS,
        1,
        Some("Fix is on staging, please check again."),
        vec![ActivityDetail::Changed {
            field: Field::Status,
            from: Some("In progress".to_owned()),
            to: Some("In review".to_owned()),
        }],
    );
    s.activity(
        booking,
        ANNA,
        6,
        Some("The registration office asked for **15-minute** slots instead of 10."),
        Vec::new(),
    );
    s.activity(
        redirects,
        TOM,
        2,
        Some("About 300 of 1,200 old URLs still need a target. I will need two more days."),
        vec![ActivityDetail::Changed {
            field: Field::PercentageDone,
            from: Some("40%".to_owned()),
            to: Some("60%".to_owned()),
        }],
    );
}

#[rustfmt::skip]
fn office_move(s: &mut Seed) {
    use RelationKind::Precedes;
    let p = OFFICE_MOVE;
    s.wp(p, TASK, "Inventory of furniture and IT equipment")
        .status(DONE).assignee(TOM).span(-20, -14)
        .add();
    let quotes = s.wp(p, TASK, "Request quotes from three moving companies")
        .status(DONE).assignee(ANNA).span(-14, -7)
        .add();
    let award = s.wp(p, TASK, "Award the moving contract")
        .status(IN_REVIEW).priority(HIGH).assignee(ANNA).span(-6, -2).done(80)
        .add();
    s.wp(p, TASK, "Plan the seating in the new building")
        .status(IN_PROGRESS).assignee(SOPHIE).span(-3, 10).done(30).category(FURNITURE)
        .add();
    let cabling = s.wp(p, TASK, "Order network cabling for the third floor")
        .priority(HIGH).assignee(MEHMET).span(5, 12).category(IT_EQUIPMENT)
        .add();
    s.wp(p, TASK, "Request access badges for all staff")
        .assignee(LEA).span(14, 18)
        .add();
    s.wp(p, TASK, "Pack the archive boxes")
        .span(20, 24)
        .add();
    let moving_day = s.wp(p, MILESTONE, "Moving day")
        .priority(IMMEDIATE).assignee(ANNA).on(28)
        .add();
    s.relate(quotes, Precedes, award, 0);
    s.relate(award, Precedes, moving_day, 10);
    s.relate(cabling, Precedes, moving_day, 5);
    s.activity(
        award,
        ANNA,
        2,
        Some("Two of three quotes are in; the third company asked for a site visit first."),
        Vec::new(),
    );
}

#[rustfmt::skip]
fn portal_accessibility(s: &mut Seed) {
    let p = PORTAL_A11Y;
    s.wp(p, TASK, "Screen reader test of the forms")
        .assignee(SOPHIE).span(3, 10)
        .add();
    s.wp(p, BUG, "Contrast of the footer links")
        .status(IN_PROGRESS).assignee(MEHMET).span(-2, 2).done(40)
        .add();
}

/// The demo store. The same inputs always give the same records.
pub fn demo_records(today: NaiveDate, now: DateTime<Utc>) -> Vec<Record> {
    let mut seed = Seed {
        today,
        now,
        work_packages: Vec::new(),
        columns: HashMap::new(),
        relations: Vec::new(),
        activities: Vec::new(),
    };
    city_portal(&mut seed);
    office_move(&mut seed);
    portal_accessibility(&mut seed);
    if let Some(first) = seed.work_packages.first_mut() {
        super::custom_seed::fill(first);
    }
    let mut records = reference_records();
    records.extend(seed.work_packages.into_iter().map(Record::WorkPackage));
    records.extend(seed.relations.into_iter().map(Record::Relation));
    records.extend(seed.activities.into_iter().map(Record::Activity));
    records
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::local::engine::LocalStore;
    use crate::domain::rules::validate;
    use chrono::TimeZone;

    fn demo() -> Vec<Record> {
        let now = Utc.with_ymd_and_hms(2026, 3, 10, 9, 30, 0).unwrap();
        demo_records(now.date_naive(), now)
    }

    fn work_packages(records: &[Record]) -> Vec<&WorkPackage> {
        records
            .iter()
            .filter_map(|r| match r {
                Record::WorkPackage(wp) => Some(wp),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_demo_is_the_same_every_time_for_the_same_day() {
        assert_eq!(demo(), demo());
    }

    #[test]
    fn every_demo_work_package_passes_the_rules() {
        let records = demo();
        for wp in work_packages(&records) {
            let errors = validate(wp, wp.wp_type == MILESTONE);
            assert!(errors.is_empty(), "#{} {}: {errors:?}", wp.id, wp.subject);
            assert!(wp.created_at <= wp.updated_at, "#{}", wp.id);
        }
    }

    #[test]
    fn the_demo_opens_as_a_store_with_two_projects_of_the_promised_size() {
        let store = LocalStore::from_records(demo()).expect("demo is consistent");
        let projects = store.projects();
        assert_eq!(projects.len(), 3);
        let everything = crate::domain::WorkPackageQuery::everything();
        let portal = store.work_packages(CITY_PORTAL, &everything).unwrap();
        let office = store.work_packages(OFFICE_MOVE, &everything).unwrap();
        assert!((55..=65).contains(&portal.total), "{}", portal.total);
        assert_eq!(office.total, 8);
        // With its subproject the portal has the subproject's two work packages too.
        let with_sub = crate::domain::WorkPackageQuery {
            subprojects: true,
            ..crate::domain::WorkPackageQuery::everything()
        };
        let both = store.work_packages(CITY_PORTAL, &with_sub).unwrap();
        assert_eq!(both.total, portal.total + 2);
        assert!(both.items.iter().any(|wp| wp.project == PORTAL_A11Y));
        // Lea's shared view is listed, hers: starrable, not changeable.
        let views = store.views(CITY_PORTAL).unwrap();
        let shared = views.iter().find(|v| v.owner == Some(LEA)).unwrap();
        assert!(!shared.mine && !shared.may_change && !shared.may_delete);
        assert_eq!(shared.owner_name.as_deref(), Some("Lea Fischer"));
        assert!(matches!(
            store.plan_delete_view(shared.id),
            Err(crate::api::ApiError::Forbidden)
        ));
        assert!(store.plan_star_view(shared.id, true).is_ok());
        assert_eq!(store.current_user(), Some(ANNA));
        assert_eq!(store.statuses().iter().filter(|s| s.is_default).count(), 1);
    }

    #[test]
    fn the_demo_has_hierarchy_milestones_relations_and_overdue_open_work() {
        let now = Utc.with_ymd_and_hms(2026, 3, 10, 9, 30, 0).unwrap();
        let today = now.date_naive();
        let records = demo_records(today, now);
        let wps = work_packages(&records);
        let by_id: HashMap<WorkPackageId, &WorkPackage> = wps.iter().map(|w| (w.id, *w)).collect();
        let depth = |wp: &WorkPackage| {
            let mut depth = 0;
            let mut parent = wp.parent;
            while let Some(p) = parent {
                depth += 1;
                parent = by_id[&p].parent;
            }
            depth
        };
        assert!(wps.iter().any(|wp| depth(wp) == 2));
        assert_eq!(wps.iter().filter(|wp| wp.wp_type == MILESTONE).count(), 3);
        let overdue = wps
            .iter()
            .filter(|wp| wp.is_overdue(today, matches!(wp.status, DONE | REJECTED)))
            .count();
        assert!(overdue >= 3, "{overdue}");
        let relations = records
            .iter()
            .filter(|r| matches!(r, Record::Relation(_)))
            .count();
        assert!(relations >= 15);
        assert!(wps.iter().any(|wp| wp.description.contains("<b>bold?</b>")));
    }

    #[test]
    fn cards_in_each_demo_column_have_distinct_positions() {
        let records = demo();
        let mut seen = std::collections::HashSet::new();
        for wp in work_packages(&records) {
            assert_eq!(wp.position % POSITION_STEP, 0);
            assert!(
                seen.insert((wp.project, wp.status, wp.position)),
                "#{}",
                wp.id
            );
        }
    }
}
