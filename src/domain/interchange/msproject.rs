//! Microsoft Project XML (MSPDI) of the plan: tasks with their hierarchy, dates, progress and
//! finish-to-start links, for MS Project, ProjectLibre and other tools that read the format.

use super::ics::{is_milestone, span};
use crate::domain::catalog::Catalog;
use crate::domain::ids::WorkPackageId;
use crate::domain::relation::{Relation, RelationKind};
use crate::domain::work_package::WorkPackage;
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

const NAMESPACE: &str = "http://schemas.microsoft.com/project";
const HOURS_PER_DAY: i64 = 8;
/// MSPDI counts link lags in tenths of a minute.
const LAG_UNITS_PER_DAY: i64 = HOURS_PER_DAY * 60 * 10;
/// MSPDI's duration format code for working days.
const DAYS: &str = "7";

/// The plan as one MSPDI document: every work package a task, links only between exported ones.
/// Elements follow the order of Microsoft's schema (mspdi_pj12.xsd), which MS Project enforces
/// on import.
pub fn project_xml(
    project_name: &str,
    wps: &[&WorkPackage],
    relations: &[Relation],
    catalog: &Catalog,
) -> String {
    let rows = outline(wps);
    let present: HashSet<WorkPackageId> = wps.iter().map(|wp| wp.id).collect();
    let links = predecessors(relations, &present);
    let start = wps
        .iter()
        .filter_map(|wp| span(wp, is_milestone(wp, catalog)))
        .map(|(first, _)| first)
        .min();

    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Project xmlns=\"{NAMESPACE}\">\n"
    );
    element(&mut xml, "  ", "Name", project_name);
    if let Some(start) = start {
        element(&mut xml, "  ", "StartDate", &at(start, 8));
    }
    // The durations below assume these; stating them keeps a differently set up MS Project from
    // reading 40 hours as five 7.5-hour days.
    element(
        &mut xml,
        "  ",
        "MinutesPerDay",
        &(HOURS_PER_DAY * 60).to_string(),
    );
    element(
        &mut xml,
        "  ",
        "MinutesPerWeek",
        &(HOURS_PER_DAY * 60 * 5).to_string(),
    );
    xml.push_str("  <Tasks>\n");
    for (index, &(wp, level)) in rows.iter().enumerate() {
        let milestone = is_milestone(wp, catalog);
        let summary = rows.get(index + 1).is_some_and(|&(_, next)| next > level);
        let days = span(wp, milestone);
        let t = "      ";
        xml.push_str("    <Task>\n");
        element(&mut xml, t, "UID", &wp.id.to_string());
        element(&mut xml, t, "ID", &(index + 1).to_string());
        element(&mut xml, t, "Name", &wp.subject);
        element(&mut xml, t, "OutlineLevel", &level.to_string());
        if let Some((first, last)) = days {
            element(&mut xml, t, "Start", &at(first, 8));
            // A milestone is a moment, at the start of its day like a successor's start.
            element(
                &mut xml,
                t,
                "Finish",
                &at(last, if milestone { 8 } else { 17 }),
            );
        }
        let working_days = if milestone {
            Some(0)
        } else {
            wp.duration_days
                .map(i64::from)
                .or_else(|| days.map(|(first, last)| (last - first).num_days() + 1))
        };
        if let Some(working_days) = working_days {
            let hours = working_days * HOURS_PER_DAY;
            element(&mut xml, t, "Duration", &format!("PT{hours}H0M0S"));
            element(&mut xml, t, "DurationFormat", DAYS);
        }
        element(&mut xml, t, "Milestone", flag(milestone));
        element(&mut xml, t, "Summary", flag(summary));
        element(
            &mut xml,
            t,
            "PercentComplete",
            &wp.percentage_done.min(100).to_string(),
        );
        // Without a constraint MS Project schedules every task as soon as possible and moves
        // those without predecessors to the project start. Summaries follow their children.
        if let (Some((first, _)), false) = (days, summary) {
            element(&mut xml, t, "ConstraintType", "4");
            element(&mut xml, t, "ConstraintDate", &at(first, 8));
        }
        if !wp.description.is_empty() {
            element(&mut xml, t, "Notes", &wp.description);
        }
        for &(predecessor, lag) in links.get(&wp.id).into_iter().flatten() {
            let l = "        ";
            xml.push_str("      <PredecessorLink>\n");
            element(&mut xml, l, "PredecessorUID", &predecessor.to_string());
            element(&mut xml, l, "Type", "1");
            let lag = i64::from(lag) * LAG_UNITS_PER_DAY;
            element(&mut xml, l, "LinkLag", &lag.to_string());
            element(&mut xml, l, "LagFormat", DAYS);
            xml.push_str("      </PredecessorLink>\n");
        }
        xml.push_str("    </Task>\n");
    }
    xml.push_str("  </Tasks>\n</Project>\n");
    xml
}

/// Each work package with its outline level (1 at the top), depth first with parents before
/// their children; siblings keep the slice order. A parent missing from the slice makes its
/// child top level.
fn outline<'a>(wps: &[&'a WorkPackage]) -> Vec<(&'a WorkPackage, u32)> {
    let present: HashSet<WorkPackageId> = wps.iter().map(|wp| wp.id).collect();
    let mut children: HashMap<WorkPackageId, Vec<&'a WorkPackage>> = HashMap::new();
    for &wp in wps {
        if let Some(parent) = wp.parent.filter(|parent| present.contains(parent)) {
            children.entry(parent).or_default().push(wp);
        }
    }
    let is_top = |wp: &&&WorkPackage| wp.parent.is_none_or(|parent| !present.contains(&parent));
    let mut rows = Vec::with_capacity(wps.len());
    let mut seen = HashSet::new();
    // Members of a parent cycle have no top-level ancestor; the second pass puts them at the
    // top rather than losing them.
    for &top in wps.iter().filter(is_top).chain(wps) {
        let mut stack = vec![(top, 1)];
        while let Some((wp, level)) = stack.pop() {
            if !seen.insert(wp.id) {
                continue;
            }
            rows.push((wp, level));
            if let Some(kids) = children.get(&wp.id) {
                stack.extend(kids.iter().rev().map(|&kid| (kid, level + 1)));
            }
        }
    }
    rows
}

/// (predecessor, lag in working days) by successor, from `precedes` and `follows` alike, only
/// between exported tasks (MS Project rejects a link to a UID not in the file), once per pair.
fn predecessors(
    relations: &[Relation],
    present: &HashSet<WorkPackageId>,
) -> HashMap<WorkPackageId, Vec<(WorkPackageId, i32)>> {
    let mut links: HashMap<WorkPackageId, Vec<(WorkPackageId, i32)>> = HashMap::new();
    for relation in relations {
        let (predecessor, successor) = match relation.kind {
            RelationKind::Precedes => (relation.from, relation.to),
            RelationKind::Follows => (relation.to, relation.from),
            _ => continue,
        };
        if predecessor == successor
            || !present.contains(&predecessor)
            || !present.contains(&successor)
        {
            continue;
        }
        let list = links.entry(successor).or_default();
        if list.iter().all(|&(known, _)| known != predecessor) {
            list.push((predecessor, relation.lag.unwrap_or(0)));
        }
    }
    links
}

fn at(day: NaiveDate, hour: u32) -> String {
    // NaiveDate's Display is ISO 8601 (`2026-11-26`) without chrono's strftime machinery.
    format!("{day}T{hour:02}:00:00")
}

fn flag(on: bool) -> &'static str {
    if on { "1" } else { "0" }
}

fn element(xml: &mut String, indent: &str, name: &str, value: &str) {
    xml.push_str(indent);
    xml.push('<');
    xml.push_str(name);
    xml.push('>');
    escape_into(xml, value);
    xml.push_str("</");
    xml.push_str(name);
    xml.push_str(">\n");
}

fn escape_into(xml: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => xml.push_str("&amp;"),
            '<' => xml.push_str("&lt;"),
            '>' => xml.push_str("&gt;"),
            '"' => xml.push_str("&quot;"),
            '\'' => xml.push_str("&apos;"),
            // Not allowed in XML 1.0 at all, not even as character references.
            '\u{0}'..='\u{8}'
            | '\u{b}'
            | '\u{c}'
            | '\u{e}'..='\u{1f}'
            | '\u{fffe}'
            | '\u{ffff}' => {}
            c => xml.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::WpType;
    use crate::domain::ids::{PriorityId, ProjectId, RelationId, StatusId, TypeId};
    use chrono::{TimeZone, Utc};
    use roxmltree::{Document, Node};

    const TASK: TypeId = TypeId(1);
    const MILESTONE: TypeId = TypeId(2);

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
            ..Catalog::default()
        }
    }

    // November 2026: Monday 16, Friday 20, Sunday 22.
    fn nov(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
    }

    fn wp(id: u64) -> WorkPackage {
        WorkPackage::new(
            WorkPackageId(id),
            ProjectId(1),
            TASK,
            StatusId(1),
            PriorityId(1),
            format!("Item {id}"),
            Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
        )
    }

    fn child(id: u64, parent: u64) -> WorkPackage {
        WorkPackage {
            parent: Some(WorkPackageId(parent)),
            ..wp(id)
        }
    }

    fn link(from: u64, kind: RelationKind, to: u64, lag: Option<i32>) -> Relation {
        Relation {
            id: RelationId(from * 1000 + to),
            from: WorkPackageId(from),
            to: WorkPackageId(to),
            kind,
            lag,
            description: String::new(),
        }
    }

    fn export(wps: &[WorkPackage], relations: &[Relation]) -> String {
        let refs: Vec<&WorkPackage> = wps.iter().collect();
        project_xml("Office Move", &refs, relations, &catalog())
    }

    fn tasks<'a, 'i>(doc: &'a Document<'i>) -> Vec<Node<'a, 'i>> {
        let root = doc.root_element();
        assert_eq!(root.tag_name().namespace(), Some(NAMESPACE));
        root.children()
            .find(|n| n.has_tag_name((NAMESPACE, "Tasks")))
            .expect("Tasks")
            .children()
            .filter(|n| n.has_tag_name((NAMESPACE, "Task")))
            .collect()
    }

    fn field<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
        node.children()
            .find(|n| n.has_tag_name((NAMESPACE, name)))
            .map(|n| n.text().unwrap_or(""))
    }

    #[test]
    fn the_project_is_in_the_ms_project_namespace_and_carries_its_name_and_start() {
        let xml = export(
            &[
                wp(1),
                WorkPackage {
                    start_date: Some(nov(18)),
                    ..wp(2)
                },
            ],
            &[],
        );
        let doc = Document::parse(&xml).unwrap();
        let root = doc.root_element();
        assert!(root.has_tag_name((NAMESPACE, "Project")));
        assert_eq!(field(root, "Name"), Some("Office Move"));
        assert_eq!(field(root, "StartDate"), Some("2026-11-18T08:00:00"));
        assert_eq!(tasks(&doc).len(), 2);
    }

    #[test]
    fn children_follow_their_parent_depth_first_one_outline_level_deeper() {
        // Slice order: a child before its parent, a parent outside the slice, a grandchild.
        let wps = [child(2, 1), wp(1), child(5, 99), child(3, 2), child(4, 1)];
        let xml = export(&wps, &[]);
        let doc = Document::parse(&xml).unwrap();
        let rows: Vec<(&str, &str, &str, &str)> = tasks(&doc)
            .into_iter()
            .map(|t| {
                (
                    field(t, "UID").unwrap(),
                    field(t, "ID").unwrap(),
                    field(t, "OutlineLevel").unwrap(),
                    field(t, "Summary").unwrap(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("1", "1", "1", "1"),
                ("2", "2", "2", "1"),
                ("3", "3", "3", "0"),
                ("4", "4", "2", "0"),
                ("5", "5", "1", "0"),
            ]
        );
    }

    #[test]
    fn items_in_a_parent_cycle_are_kept_at_the_top() {
        let xml = export(&[child(1, 2), child(2, 1)], &[]);
        let doc = Document::parse(&xml).unwrap();
        let levels: Vec<&str> = tasks(&doc)
            .into_iter()
            .map(|t| field(t, "OutlineLevel").unwrap())
            .collect();
        assert_eq!(levels, ["1", "2"]);
    }

    #[test]
    fn a_dated_task_runs_from_eight_on_its_start_to_five_on_its_due_date_with_eight_hour_days() {
        let planned = WorkPackage {
            start_date: Some(nov(16)),
            due_date: Some(nov(20)),
            duration_days: Some(5),
            percentage_done: 40,
            description: "Two coats".to_owned(),
            ..wp(1)
        };
        let without_duration = WorkPackage {
            start_date: Some(nov(16)),
            due_date: Some(nov(22)),
            ..wp(2)
        };
        let xml = export(&[planned, without_duration], &[]);
        let doc = Document::parse(&xml).unwrap();
        let tasks = tasks(&doc);
        let first = tasks[0];
        assert_eq!(field(first, "Start"), Some("2026-11-16T08:00:00"));
        assert_eq!(field(first, "Finish"), Some("2026-11-20T17:00:00"));
        assert_eq!(field(first, "Duration"), Some("PT40H0M0S"));
        assert_eq!(field(first, "DurationFormat"), Some("7"));
        assert_eq!(field(first, "PercentComplete"), Some("40"));
        assert_eq!(field(first, "Milestone"), Some("0"));
        assert_eq!(field(first, "ConstraintType"), Some("4"));
        assert_eq!(field(first, "ConstraintDate"), Some("2026-11-16T08:00:00"));
        assert_eq!(field(first, "Notes"), Some("Two coats"));
        // Seven calendar days when the working days are not known.
        assert_eq!(field(tasks[1], "Duration"), Some("PT56H0M0S"));
    }

    #[test]
    fn a_milestone_is_a_zero_length_task_on_its_date() {
        let on_date = WorkPackage {
            wp_type: MILESTONE,
            date: Some(nov(27)),
            ..wp(1)
        };
        let on_due_only = WorkPackage {
            wp_type: MILESTONE,
            due_date: Some(nov(30)),
            ..wp(2)
        };
        let xml = export(&[on_date, on_due_only], &[]);
        let doc = Document::parse(&xml).unwrap();
        let days: Vec<(&str, &str, &str, &str)> = tasks(&doc)
            .into_iter()
            .map(|t| {
                (
                    field(t, "Milestone").unwrap(),
                    field(t, "Start").unwrap(),
                    field(t, "Finish").unwrap(),
                    field(t, "Duration").unwrap(),
                )
            })
            .collect();
        assert_eq!(
            days,
            [
                (
                    "1",
                    "2026-11-27T08:00:00",
                    "2026-11-27T08:00:00",
                    "PT0H0M0S"
                ),
                (
                    "1",
                    "2026-11-30T08:00:00",
                    "2026-11-30T08:00:00",
                    "PT0H0M0S"
                ),
            ]
        );
    }

    #[test]
    fn an_undated_task_is_kept_without_start_finish_or_constraint() {
        let xml = export(&[wp(1)], &[]);
        let doc = Document::parse(&xml).unwrap();
        let task = tasks(&doc)[0];
        assert_eq!(field(task, "Name"), Some("Item 1"));
        for absent in ["Start", "Finish", "Duration", "ConstraintType"] {
            assert_eq!(field(task, absent), None, "{absent}");
        }
        assert_eq!(field(doc.root_element(), "StartDate"), None);
    }

    #[test]
    fn precedes_and_follows_become_finish_to_start_links_with_lag_in_tenths_of_minutes() {
        let relations = [
            link(1, RelationKind::Precedes, 2, Some(2)),
            // The same link stored from the other side is written once.
            link(2, RelationKind::Follows, 1, Some(2)),
            link(4, RelationKind::Follows, 3, None),
            link(3, RelationKind::Precedes, 4, Some(-1)),
            link(1, RelationKind::Relates, 3, None),
            link(1, RelationKind::Blocks, 4, None),
            // A task outside the export cannot be linked to.
            link(99, RelationKind::Precedes, 2, Some(1)),
        ];
        let xml = export(&[wp(1), wp(2), wp(3), wp(4)], &relations);
        let doc = Document::parse(&xml).unwrap();
        let links: Vec<(&str, &str, &str, &str, &str)> = tasks(&doc)
            .into_iter()
            .flat_map(|task| {
                task.children()
                    .filter(|n| n.has_tag_name((NAMESPACE, "PredecessorLink")))
                    .map(move |l| {
                        (
                            field(task, "UID").unwrap(),
                            field(l, "PredecessorUID").unwrap(),
                            field(l, "Type").unwrap(),
                            field(l, "LinkLag").unwrap(),
                            field(l, "LagFormat").unwrap(),
                        )
                    })
            })
            .collect();
        assert_eq!(
            links,
            [("2", "1", "1", "9600", "7"), ("4", "3", "1", "0", "7"),]
        );
    }

    #[test]
    fn hostile_text_stays_text_and_characters_xml_cannot_hold_are_dropped() {
        let hostile = "</Name><script>alert(1)</script>& \"it's\"";
        let item = WorkPackage {
            subject: format!("{hostile}\u{1}\u{b}\u{ffff}"),
            description: "line one\n\tline two\u{0}".to_owned(),
            ..wp(1)
        };
        let refs = [&item];
        let xml = project_xml("R&D <2026>", &refs, &[], &catalog());
        assert!(!xml.contains("<script>"));
        let doc = Document::parse(&xml).unwrap();
        assert!(doc.descendants().all(|n| !n.has_tag_name("script")));
        assert_eq!(field(doc.root_element(), "Name"), Some("R&D <2026>"));
        let task = tasks(&doc)[0];
        assert_eq!(field(task, "Name"), Some(hostile));
        assert_eq!(field(task, "Notes"), Some("line one\n\tline two"));
    }
}
