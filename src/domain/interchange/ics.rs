//! iCalendar (RFC 5545) of the dated work packages, for calendar apps that import or subscribe.

use crate::domain::catalog::Catalog;
use crate::domain::work_package::WorkPackage;
use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};

/// A VCALENDAR with one all-day VEVENT per dated work package; undated ones are left out.
/// `host` goes into the UIDs so that importing the file again updates the events instead of
/// adding copies.
pub fn calendar(
    project_name: &str,
    wps: &[&WorkPackage],
    catalog: &Catalog,
    host: &str,
    now: DateTime<Utc>,
) -> String {
    let stamp = instant(now);
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Tafel//Tafel//EN".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        format!("X-WR-CALNAME:{}", text(project_name)),
    ];
    for wp in wps {
        lines.extend(event(wp, catalog, host, &stamp).into_iter().flatten());
    }
    lines.push("END:VCALENDAR".to_owned());
    lines.iter().map(|line| fold(line)).collect()
}

fn event(wp: &WorkPackage, catalog: &Catalog, host: &str, stamp: &str) -> Option<Vec<String>> {
    let wp_type = catalog.wp_type(wp.wp_type);
    let milestone = is_milestone(wp, catalog);
    let (first, last) = span(wp, milestone)?;
    let mut lines = vec![
        "BEGIN:VEVENT".to_owned(),
        format!("UID:wp-{}@{}", wp.id, text(host)),
        format!("DTSTAMP:{stamp}"),
        format!("CREATED:{}", instant(wp.created_at)),
        format!("LAST-MODIFIED:{}", instant(wp.updated_at)),
        format!("DTSTART;VALUE=DATE:{}", date(first)),
        // DTEND is exclusive: the event ends at the start of the day after the last one.
        format!("DTEND;VALUE=DATE:{}", date(last.succ_opt()?)),
        format!("SUMMARY:{}", text(&format!("#{} {}", wp.id, wp.subject))),
    ];
    if !wp.description.is_empty() {
        lines.push(format!("DESCRIPTION:{}", text(&wp.description)));
    }
    let categories: Vec<String> = wp_type
        .map(|t| t.name.as_str())
        .into_iter()
        .chain(catalog.status(wp.status).map(|s| s.name.as_str()))
        .filter(|name| !name.is_empty())
        .map(text)
        .collect();
    if !categories.is_empty() {
        lines.push(format!("CATEGORIES:{}", categories.join(",")));
    }
    // Type names are the administrator's words; this marker stays the same in every instance.
    if milestone {
        lines.push("X-TAFEL-KIND:milestone".to_owned());
    }
    // Planned work is not an appointment: it should not make anyone look busy.
    lines.push("TRANSP:TRANSPARENT".to_owned());
    lines.push("END:VEVENT".to_owned());
    Some(lines)
}

pub(super) fn is_milestone(wp: &WorkPackage, catalog: &Catalog) -> bool {
    catalog.wp_type(wp.wp_type).is_some_and(|t| t.is_milestone)
}

/// The first and last day a work package takes, both included; `None` when it has no date.
/// A milestone, or an item with only one of start and due, takes that one day. Shared with the
/// MS Project export so that both files agree.
pub(super) fn span(wp: &WorkPackage, milestone: bool) -> Option<(NaiveDate, NaiveDate)> {
    if milestone {
        let day = wp.date.or(wp.start_date).or(wp.due_date)?;
        return Some((day, day));
    }
    match (wp.start_date, wp.finish()) {
        (Some(start), Some(finish)) => Some((start, finish.max(start))),
        (Some(day), None) | (None, Some(day)) => Some((day, day)),
        (None, None) => None,
    }
}

// Written out rather than with chrono's `format`, whose strftime machinery costs the browser
// bundle more than these two lines.
fn date(day: NaiveDate) -> String {
    format!("{:04}{:02}{:02}", day.year(), day.month(), day.day())
}

fn instant(at: DateTime<Utc>) -> String {
    format!(
        "{}T{:02}{:02}{:02}Z",
        date(at.date_naive()),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// A TEXT value (RFC 5545 3.3.11). Control characters other than tab are not allowed in it, so
/// they are dropped; line breaks of any kind become `\n`.
fn text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.replace("\r\n", "\n").chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' | '\r' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_ascii_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A content line with CRLF, folded so no physical line exceeds 75 octets (RFC 5545 3.1).
/// Folding goes by whole characters, since calendar apps show a split UTF-8 sequence as garbage.
fn fold(line: &str) -> String {
    const LIMIT: usize = 75;
    let mut out = String::with_capacity(line.len() + line.len() / LIMIT * 3 + 2);
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > LIMIT {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::{Status, WpType};
    use crate::domain::ids::{PriorityId, ProjectId, StatusId, TypeId, WorkPackageId};
    use chrono::TimeZone;
    use icalendar::parser::{Property, read_calendar, unfold};
    use std::collections::BTreeMap;

    const TASK: TypeId = TypeId(1);
    const MILESTONE: TypeId = TypeId(2);
    const HOST: &str = "tafel.example";

    fn catalog() -> Catalog {
        let wp_type = |id, name: &str, is_milestone| WpType {
            id,
            name: name.to_owned(),
            color: "#000000".to_owned(),
            is_milestone,
            position: 1,
        };
        Catalog {
            types: vec![
                wp_type(TASK, "Task", false),
                wp_type(MILESTONE, "Milestone", true),
            ],
            statuses: vec![Status {
                id: StatusId(1),
                name: "In progress".to_owned(),
                is_closed: false,
                is_default: true,
                color: "#000000".to_owned(),
                position: 1,
            }],
            ..Catalog::default()
        }
    }

    fn nov(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 10, 9, 30, 5).unwrap()
    }

    fn wp(id: u64, subject: &str) -> WorkPackage {
        let created = Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap();
        let mut wp = WorkPackage::new(
            WorkPackageId(id),
            ProjectId(1),
            TASK,
            StatusId(1),
            PriorityId(1),
            subject.to_owned(),
            created,
        );
        wp.updated_at = Utc.with_ymd_and_hms(2026, 2, 3, 4, 5, 6).unwrap();
        wp
    }

    fn dated(id: u64, start: Option<NaiveDate>, due: Option<NaiveDate>) -> WorkPackage {
        WorkPackage {
            start_date: start,
            due_date: due,
            ..wp(id, &format!("Item {id}"))
        }
    }

    fn export(wps: &[WorkPackage]) -> String {
        let refs: Vec<&WorkPackage> = wps.iter().collect();
        calendar("Office Move", &refs, &catalog(), HOST, now())
    }

    type Props = BTreeMap<String, String>;

    /// Properties by name, parameters included in the key (`DTSTART;VALUE=DATE`), values as the
    /// parser gives them (TEXT unescaped).
    fn props(properties: &[Property]) -> Props {
        properties
            .iter()
            .map(|p| {
                let mut key = p.name.as_str().to_owned();
                for param in &p.params {
                    key.push(';');
                    key.push_str(param.key.as_str());
                    if let Some(value) = &param.val {
                        key.push('=');
                        key.push_str(value.as_str());
                    }
                }
                (key, p.val.as_str().to_owned())
            })
            .collect()
    }

    /// The calendar's own properties and its events, read by a real iCalendar parser.
    fn parse(ics: &str) -> (Props, Vec<Props>) {
        let unfolded = unfold(ics);
        let calendar = read_calendar(&unfolded).expect("valid iCalendar");
        assert!(calendar.components.iter().all(|c| c.name == "VEVENT"));
        let events = calendar
            .components
            .iter()
            .map(|c| props(&c.properties))
            .collect();
        (props(&calendar.properties), events)
    }

    #[test]
    fn the_calendar_names_its_version_producer_and_project() {
        let (calendar, events) = parse(&export(&[]));
        assert_eq!(calendar["VERSION"], "2.0");
        assert_eq!(calendar["PRODID"], "-//Tafel//Tafel//EN");
        assert_eq!(calendar["CALSCALE"], "GREGORIAN");
        assert_eq!(calendar["X-WR-CALNAME"], "Office Move");
        assert!(events.is_empty());
    }

    #[test]
    fn an_item_with_start_and_due_becomes_an_all_day_event_ending_the_day_after_its_due_date() {
        let mut item = dated(7, Some(nov(16)), Some(nov(20)));
        item.subject = "Paint walls".to_owned();
        item.description = "Two coats".to_owned();
        let (_, events) = parse(&export(&[item]));
        let [event] = events.as_slice() else {
            panic!("one event expected: {events:?}")
        };
        assert_eq!(event["UID"], "wp-7@tafel.example");
        assert_eq!(event["DTSTAMP"], "20261110T093005Z");
        assert_eq!(event["CREATED"], "20260102T030405Z");
        assert_eq!(event["LAST-MODIFIED"], "20260203T040506Z");
        assert_eq!(event["DTSTART;VALUE=DATE"], "20261116");
        assert_eq!(event["DTEND;VALUE=DATE"], "20261121");
        assert_eq!(event["SUMMARY"], "#7 Paint walls");
        assert_eq!(event["DESCRIPTION"], "Two coats");
        assert_eq!(event["CATEGORIES"], "Task,In progress");
        assert!(!event.contains_key("X-TAFEL-KIND"));
    }

    #[test]
    fn an_item_with_only_a_start_or_only_a_due_date_becomes_a_one_day_event_on_that_date() {
        let (_, events) = parse(&export(&[
            dated(1, Some(nov(16)), None),
            dated(2, None, Some(nov(30))),
        ]));
        let days: Vec<(&str, &str)> = events
            .iter()
            .map(|e| {
                (
                    e["DTSTART;VALUE=DATE"].as_str(),
                    e["DTEND;VALUE=DATE"].as_str(),
                )
            })
            .collect();
        assert_eq!(days, [("20261116", "20261117"), ("20261130", "20261201")]);
    }

    #[test]
    fn a_milestone_is_a_one_day_event_on_its_date_marked_as_a_milestone() {
        let on_date = WorkPackage {
            wp_type: MILESTONE,
            date: Some(nov(27)),
            ..wp(3, "Keys handed over")
        };
        let on_start_only = WorkPackage {
            wp_type: MILESTONE,
            ..dated(4, Some(nov(18)), None)
        };
        let (_, events) = parse(&export(&[on_date, on_start_only]));
        assert_eq!(events.len(), 2);
        assert_eq!(events[0]["DTSTART;VALUE=DATE"], "20261127");
        assert_eq!(events[0]["DTEND;VALUE=DATE"], "20261128");
        assert_eq!(events[1]["DTSTART;VALUE=DATE"], "20261118");
        assert_eq!(events[1]["DTEND;VALUE=DATE"], "20261119");
        for event in &events {
            assert_eq!(event["X-TAFEL-KIND"], "milestone");
            assert_eq!(event["CATEGORIES"], "Milestone,In progress");
        }
    }

    #[test]
    fn undated_items_are_left_out_of_the_calendar() {
        let (_, events) = parse(&export(&[
            wp(1, "Someday"),
            dated(2, Some(nov(16)), Some(nov(17))),
            WorkPackage {
                wp_type: MILESTONE,
                ..wp(3, "Undated milestone")
            },
        ]));
        let uids: Vec<&str> = events.iter().map(|e| e["UID"].as_str()).collect();
        assert_eq!(uids, ["wp-2@tafel.example"]);
    }

    #[test]
    fn commas_semicolons_backslashes_line_breaks_and_unicode_survive_a_round_trip() {
        let subject = "Desks, chairs; C:\\temp — Größe 🚚 \"quoted\"";
        let item = WorkPackage {
            subject: subject.to_owned(),
            description: "# Plan\r\n- one, two\n- three;\tfour\u{7}".to_owned(),
            ..dated(5, Some(nov(16)), Some(nov(16)))
        };
        let ics = export(&[item]);
        assert!(ics.contains("Desks\\, chairs\\; C:\\\\temp"));
        assert!(!ics.contains('\u{7}'));
        let (_, events) = parse(&ics);
        assert_eq!(events[0]["SUMMARY"], format!("#5 {subject}"));
        assert_eq!(
            events[0]["DESCRIPTION"],
            "# Plan\n- one, two\n- three;\tfour"
        );
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_a_character() {
        // "SUMMARY:#9 " and 63 letters fill 74 octets: the 3-octet euro sign must move to the next line.
        let subject = format!("{}€{}", "a".repeat(63), "ü€🚚 x".repeat(20));
        let item = WorkPackage {
            subject: subject.clone(),
            ..dated(9, Some(nov(16)), Some(nov(16)))
        };
        let ics = export(&[item]);
        assert!(ics.ends_with("\r\n"));
        assert!(!ics.replace("\r\n", "").contains('\n'));
        let physical: Vec<&str> = ics.trim_end_matches("\r\n").split("\r\n").collect();
        assert!(
            physical.iter().all(|line| line.len() <= 75),
            "{physical:#?}"
        );
        let start = physical
            .iter()
            .position(|line| line.starts_with("SUMMARY:"))
            .unwrap();
        assert_eq!(physical[start].len(), 74);
        let continued = physical[start + 1..]
            .iter()
            .take_while(|line| line.starts_with(' '))
            .count();
        assert!(continued >= 3, "{physical:#?}");
        let (_, events) = parse(&ics);
        assert_eq!(events[0]["SUMMARY"], format!("#9 {subject}"));
    }
}
