//! One filter and sort model for every view and every backend: the local store evaluates it here,
//! the OpenProject backend translates it into `filters` / `sortBy` JSON.

use super::catalog::Catalog;
use super::ids::{PriorityId, StatusId, TypeId, UserId, VersionId, WorkPackageId};
use super::work_package::WorkPackage;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Filter {
    /// Any of these statuses.
    Status(Vec<StatusId>),
    OpenStatus,
    ClosedStatus,
    /// Any of these assignees; `None` in the list means "unassigned".
    Assignee(Vec<Option<UserId>>),
    Type(Vec<TypeId>),
    Priority(Vec<PriorityId>),
    /// Any of these versions; `None` in the list means "no version".
    Version(Vec<Option<VersionId>>),
    /// Finishing (due date, or a milestone's date) on or after the first day and on or before the
    /// second; either end may be open.
    Finish(Option<NaiveDate>, Option<NaiveDate>),
    /// No finish date at all.
    NoFinish,
    /// Changed at or after this moment (looking for others' changes).
    UpdatedSince(DateTime<Utc>),
    Parent(WorkPackageId),
    /// Case-insensitive text in the subject, or the id (`#12` or `12`).
    Text(String),
    /// A condition of the filter builder, with the day its relative dates count from.
    Condition(super::condition::Condition, NaiveDate),
}

impl Filter {
    pub fn matches(&self, wp: &WorkPackage, catalog: &Catalog) -> bool {
        match self {
            Self::Status(ids) => ids.contains(&wp.status),
            Self::OpenStatus => !catalog.is_closed(wp.status),
            Self::ClosedStatus => catalog.is_closed(wp.status),
            Self::Assignee(users) => users.contains(&wp.assignee),
            Self::Type(ids) => ids.contains(&wp.wp_type),
            Self::Priority(ids) => ids.contains(&wp.priority),
            Self::Version(ids) => ids.contains(&wp.version),
            Self::Finish(from, to) => wp
                .finish()
                .is_some_and(|d| from.is_none_or(|f| d >= f) && to.is_none_or(|t| d <= t)),
            Self::NoFinish => wp.finish().is_none(),
            Self::UpdatedSince(since) => wp.updated_at >= *since,
            Self::Parent(parent) => wp.parent == Some(*parent),
            Self::Text(text) => text_matches(wp, text),
            Self::Condition(condition, today) => condition.matches(wp, catalog, *today, catalog.me),
        }
    }
}

fn text_matches(wp: &WorkPackage, text: &str) -> bool {
    let needle = text.trim();
    if needle.is_empty() {
        return true;
    }
    if let Ok(id) = needle.trim_start_matches('#').parse::<u64>()
        && wp.id.0 == id
    {
        return true;
    }
    let needle = needle.to_lowercase();
    wp.subject.to_lowercase().contains(&needle)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortField {
    Id,
    Subject,
    Type,
    Status,
    Priority,
    Assignee,
    StartDate,
    DueDate,
    UpdatedAt,
    /// Manual board order.
    Position,
}

impl SortField {
    pub const ALL: [SortField; 10] = [
        Self::Id,
        Self::Subject,
        Self::Type,
        Self::Status,
        Self::Priority,
        Self::Assignee,
        Self::StartDate,
        Self::DueDate,
        Self::UpdatedAt,
        Self::Position,
    ];

    /// The name used in URLs and by OpenProject's `sortBy`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Id => "id",
            Self::Subject => "subject",
            Self::Type => "type",
            Self::Status => "status",
            Self::Priority => "priority",
            Self::Assignee => "assignee",
            Self::StartDate => "startDate",
            Self::DueDate => "dueDate",
            Self::UpdatedAt => "updatedAt",
            Self::Position => "position",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == raw)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sort {
    pub field: SortField,
    pub descending: bool,
}

impl Sort {
    pub fn asc(field: SortField) -> Self {
        Self {
            field,
            descending: false,
        }
    }

    /// Orders two work packages; references sort by what the user sees (status position, names).
    /// Empty values go last in either direction, so "no due date" never hides what is due.
    pub fn compare(&self, a: &WorkPackage, b: &WorkPackage, catalog: &Catalog) -> Ordering {
        fn key<T: Ord>(a: Option<T>, b: Option<T>, descending: bool) -> Ordering {
            match (a, b) {
                (Some(x), Some(y)) if descending => y.cmp(&x),
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            }
        }
        // Text compares without case and without allocating: a sort calls this N·log N times.
        fn text_key(a: Option<&str>, b: Option<&str>, descending: bool) -> Ordering {
            match (a, b) {
                (Some(x), Some(y)) => {
                    // Byte by byte for the common ASCII case; Unicode lower case otherwise.
                    let order = if x.is_ascii() && y.is_ascii() {
                        x.bytes()
                            .map(|c| c.to_ascii_lowercase())
                            .cmp(y.bytes().map(|c| c.to_ascii_lowercase()))
                    } else {
                        x.chars()
                            .flat_map(char::to_lowercase)
                            .cmp(y.chars().flat_map(char::to_lowercase))
                    };
                    if descending { order.reverse() } else { order }
                }
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            }
        }
        let d = self.descending;
        let user_name = |wp: &WorkPackage| {
            wp.assignee
                .and_then(|u| catalog.user(u))
                .map(|u| u.name.as_str())
        };
        match self.field {
            SortField::Id => key(Some(a.id), Some(b.id), d),
            SortField::Subject => text_key(Some(&a.subject), Some(&b.subject), d),
            SortField::Type => key(
                catalog.wp_type(a.wp_type).map(|t| t.position),
                catalog.wp_type(b.wp_type).map(|t| t.position),
                d,
            ),
            SortField::Status => key(
                catalog.status(a.status).map(|s| s.position),
                catalog.status(b.status).map(|s| s.position),
                d,
            ),
            SortField::Priority => key(
                catalog.priority(a.priority).map(|p| p.position),
                catalog.priority(b.priority).map(|p| p.position),
                d,
            ),
            SortField::Assignee => text_key(user_name(a), user_name(b), d),
            SortField::StartDate => key(a.start_date.or(a.date), b.start_date.or(b.date), d),
            SortField::DueDate => key(a.finish(), b.finish(), d),
            SortField::UpdatedAt => key(Some(a.updated_at), Some(b.updated_at), d),
            SortField::Position => key(Some(a.position), Some(b.position), d),
        }
    }
}

/// A page of a filtered, sorted list of work packages. `page` counts from 1, as OpenProject's `offset` does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkPackageQuery {
    pub filters: Vec<Filter>,
    pub sort: Vec<Sort>,
    pub page: u32,
    pub page_size: u32,
    /// Also the work packages of the project's subprojects (all levels down).
    #[serde(default)]
    pub subprojects: bool,
}

impl Default for WorkPackageQuery {
    fn default() -> Self {
        Self {
            filters: Vec::new(),
            sort: vec![Sort::asc(SortField::Id)],
            page: 1,
            page_size: 1000,
            subprojects: false,
        }
    }
}

impl WorkPackageQuery {
    /// Every work package, open and closed, in id order, as boards need them.
    pub fn everything() -> Self {
        Self::default()
    }

    pub fn matches(&self, wp: &WorkPackage, catalog: &Catalog) -> bool {
        self.filters.iter().all(|f| f.matches(wp, catalog))
    }

    /// Compares by each sort key in turn, then by id so the order is total and stable.
    pub fn compare(&self, a: &WorkPackage, b: &WorkPackage, catalog: &Catalog) -> Ordering {
        self.sort
            .iter()
            .map(|s| s.compare(a, b, catalog))
            .find(|o| o.is_ne())
            .unwrap_or_else(|| a.id.cmp(&b.id))
    }

    /// Filters, sorts and cuts out the requested page.
    /// Every match, in order (no paging), as references.
    pub fn matches_in_order<'a>(
        &self,
        all: impl IntoIterator<Item = &'a WorkPackage>,
        catalog: &Catalog,
    ) -> Vec<&'a WorkPackage> {
        let mut hits: Vec<&WorkPackage> = all
            .into_iter()
            .filter(|wp| self.matches(wp, catalog))
            .collect();
        // Lists usually arrive in id order, the default sort: one pass to check beats a sort.
        if hits.is_sorted_by(|a, b| self.compare(a, b, catalog).is_le()) {
            return hits;
        }
        match self.sort.first() {
            Some(first) if matches!(first.field, SortField::Subject | SortField::Assignee) => {
                self.sort_by_folded_text(hits, *first, catalog)
            }
            _ => {
                hits.sort_by(|a, b| self.compare(a, b, catalog));
                hits
            }
        }
    }

    /// Sorting by text folds each item's text to lower case once, not in each of the N·log N
    /// comparisons (at 100,000 subjects those were most of a sort's time). The same order as
    /// `compare`: folded the same way, UTF-8 bytes order as their characters do, missing text last.
    ///
    /// The folded texts become big-endian 8-byte words, zero-padded, in one buffer (no string per
    /// item); word order, then the byte length on a tie, is the bytes' order. Each item carries its
    /// first four words (zeros past its end), so most comparisons read no further; only longer
    /// texts keep words in a shared buffer. The order is total (ties end with the id), so an
    /// unstable sort gives it too.
    fn sort_by_folded_text<'a>(
        &self,
        hits: Vec<&'a WorkPackage>,
        first: Sort,
        catalog: &Catalog,
    ) -> Vec<&'a WorkPackage> {
        self.folded_text_order(&hits, first, catalog)
            .into_iter()
            .map(|(at, _)| hits[at as usize])
            .collect()
    }

    /// The order of `sort_by_folded_text`, as places in `hits`, each with whether its text equals
    /// the one before (read from the folded words, no text compared again).
    fn folded_text_order(
        &self,
        hits: &[&WorkPackage],
        first: Sort,
        catalog: &Catalog,
    ) -> Vec<(u32, bool)> {
        let rest = self.rest();
        let mut bytes: Vec<u8> = Vec::new();
        // Words past an item's fourth (texts longer than 32 bytes).
        let mut tail: Vec<u64> = Vec::new();
        // Per item with text: its place in `hits` and where its words past the fourth are in `tail`.
        let mut texted: Vec<(u32, usize, usize)> = Vec::with_capacity(hits.len());
        // (its first four words, its length in bytes, its place in `texted`)
        let mut keyed: Vec<([u64; 4], usize, u32)> = Vec::with_capacity(hits.len());
        let mut missing: Vec<u32> = Vec::new();
        #[allow(clippy::cast_possible_truncation)]
        for (place, wp) in hits.iter().enumerate().map(|(at, wp)| (at as u32, *wp)) {
            let raw = match first.field {
                SortField::Assignee => wp
                    .assignee
                    .and_then(|u| catalog.user(u))
                    .map(|u| u.name.as_str()),
                _ => Some(wp.subject.as_str()),
            };
            let Some(text) = raw else {
                missing.push(place);
                continue;
            };
            let ascii = text.is_ascii();
            let folded = if ascii {
                text.as_bytes()
            } else {
                bytes.clear();
                let mut buf = [0; 4];
                for c in text.chars().flat_map(char::to_lowercase) {
                    bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                &bytes
            };
            let start = tail.len();
            let mut head = [0; 4];
            for (at, chunk) in folded.chunks(8).enumerate() {
                let mut word = [0; 8];
                word[..chunk.len()].copy_from_slice(chunk);
                let word = u64::from_be_bytes(word);
                let word = if ascii { fold_ascii(word) } else { word };
                match head.get_mut(at) {
                    Some(slot) => *slot = word,
                    None => tail.push(word),
                }
            }
            #[allow(clippy::cast_possible_truncation)]
            keyed.push((head, folded.len(), texted.len() as u32));
            texted.push((place, start, tail.len()));
        }
        // The work packages and tails are looked up only on a tie of the first words.
        let item = |at: &u32| texted[*at as usize];
        keyed.sort_unstable_by(|(x, len_x, at_x), (y, len_y, at_y)| {
            let order = x.cmp(y).then_with(|| {
                let (a, b) = (item(at_x), item(at_y));
                tail[a.1..a.2].cmp(&tail[b.1..b.2]).then(len_x.cmp(len_y))
            });
            let order = if first.descending {
                order.reverse()
            } else {
                order
            };
            order.then_with(|| {
                let (a, b) = (item(at_x).0, item(at_y).0);
                rest.compare(hits[a as usize], hits[b as usize], catalog)
            })
        });
        missing.sort_by(|a, b| rest.compare(hits[*a as usize], hits[*b as usize], catalog));
        let words = |at: u32| {
            let (_, from, to) = texted[at as usize];
            &tail[from..to]
        };
        let mut order = Vec::with_capacity(hits.len());
        for (i, (head, len, at)) in keyed.iter().enumerate() {
            let same = i > 0 && {
                let (previous_head, previous_len, previous_at) = &keyed[i - 1];
                previous_head == head && previous_len == len && words(*previous_at) == words(*at)
            };
            order.push((texted[*at as usize].0, same));
        }
        // Without text: all alike, after every text.
        order.extend(missing.into_iter().enumerate().map(|(i, at)| (at, i > 0)));
        order
    }

    /// The same query without its first sort key.
    fn rest(&self) -> Self {
        Self {
            sort: self.sort.get(1..).unwrap_or_default().to_vec(),
            ..self.clone()
        }
    }

    /// The ids of `matches_in_order` for `all` as the store lists them, with the subjects' order
    /// worked out beforehand (`SubjectRanks` of the same list): sorting by subject then only places
    /// each match by its rank (a counting sort) and orders equal subjects by the further keys; no
    /// text is compared, and no work package is read again after the filter (at 100,000 those
    /// scattered reads cost more than the placing). Without ranks, with ranks of another list or
    /// with another first sort key, it is `matches_in_order`.
    pub fn ids_in_order(
        &self,
        all: &[&WorkPackage],
        catalog: &Catalog,
        ranks: Option<&SubjectRanks>,
    ) -> Vec<WorkPackageId> {
        let unranked = || {
            self.matches_in_order(all.iter().copied(), catalog)
                .into_iter()
                .map(|wp| wp.id)
                .collect()
        };
        let (Some(first), Some(ranks)) = (self.sort.first(), ranks) else {
            return unranked();
        };
        if first.field != SortField::Subject
            || ranks.ids.len() != all.len()
            || all.iter().zip(&ranks.ids).any(|(wp, id)| wp.id != *id)
        {
            return unranked();
        }
        // (place by rank, the match's place in `all`)
        let mut hits: Vec<(u32, u32)> = Vec::with_capacity(all.len());
        for (at, (wp, rank)) in all.iter().zip(&ranks.ranks).enumerate() {
            if self.matches(wp, catalog) {
                let place = if first.descending {
                    ranks.top - rank
                } else {
                    *rank
                };
                #[allow(clippy::cast_possible_truncation)]
                hits.push((place, at as u32));
            }
        }
        // Counting sort: where each rank's matches start, then each match into its slot.
        let mut starts = vec![0_u32; ranks.top as usize + 2];
        for (place, _) in &hits {
            starts[*place as usize + 1] += 1;
        }
        for at in 1..starts.len() {
            starts[at] += starts[at - 1];
        }
        let mut next = starts.clone();
        let mut sorted = vec![0_u32; hits.len()];
        for (place, at) in &hits {
            let slot = &mut next[*place as usize];
            sorted[*slot as usize] = *at;
            *slot += 1;
        }
        // Equal subjects: by the further sort keys, then by id.
        let rest = self.rest();
        for pair in starts.windows(2) {
            let (from, to) = (pair[0] as usize, pair[1] as usize);
            if to - from > 1 {
                sorted[from..to]
                    .sort_by(|a, b| rest.compare(all[*a as usize], all[*b as usize], catalog));
            }
        }
        sorted
            .into_iter()
            .map(|at| ranks.ids[at as usize])
            .collect()
    }

    pub fn run<'a>(
        &self,
        all: impl IntoIterator<Item = &'a WorkPackage>,
        catalog: &Catalog,
    ) -> Page<WorkPackage> {
        let hits = self.matches_in_order(all, catalog);
        let total = hits.len();
        let size = self.page_size.max(1) as usize;
        let skip = (self.page.max(1) as usize - 1).saturating_mul(size);
        Page {
            items: hits.into_iter().skip(skip).take(size).cloned().collect(),
            total,
            page: self.page.max(1),
            page_size: self.page_size.max(1),
        }
    }
}

/// Where each of a list of work packages stands in the order of subjects (folded to lower case as
/// `Sort::compare` folds them; equal subjects share a rank): worked out once for the store's list
/// and kept until the list changes, so that sorting by subject places rows by a number instead of
/// comparing texts (`WorkPackageQuery::ids_in_order`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SubjectRanks {
    /// The work packages in the order given, to check that the ranks are used for the same list.
    ids: Vec<WorkPackageId>,
    ranks: Vec<u32>,
    /// The highest rank.
    top: u32,
}

impl SubjectRanks {
    pub fn new(all: &[&WorkPackage]) -> Self {
        let by_subject = Sort::asc(SortField::Subject);
        let catalog = Catalog::default();
        let query = WorkPackageQuery {
            sort: vec![by_subject],
            ..WorkPackageQuery::everything()
        };
        let mut ranks = vec![0; all.len()];
        let mut top = 0;
        for (i, (at, same)) in query
            .folded_text_order(all, by_subject, &catalog)
            .into_iter()
            .enumerate()
        {
            if i > 0 && !same {
                top += 1;
            }
            ranks[at as usize] = top;
        }
        Self {
            ids: all.iter().map(|wp| wp.id).collect(),
            ranks,
            top,
        }
    }
}

/// ASCII upper case to lower case in eight bytes at once (each byte below 0x80): a byte's top bit
/// is set by adding 0x3f when it is at least `A`, and by adding 0x25 when it is above `Z`.
fn fold_ascii(word: u64) -> u64 {
    const TOP: u64 = 0x8080_8080_8080_8080;
    let from_a = word + 0x3f3f_3f3f_3f3f_3f3f;
    let above_z = word + 0x2525_2525_2525_2525;
    word | ((from_a & !above_z & TOP) >> 2)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Matches over all pages.
    pub total: usize,
    pub page: u32,
    pub page_size: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::{Status, User};
    use crate::domain::ids::{PriorityId, ProjectId};
    use chrono::{NaiveDate, TimeZone, Utc};

    fn d(day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2026, 5, day)
    }

    fn wp(id: u64, subject: &str) -> WorkPackage {
        let at = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let one = (TypeId(1), StatusId(1), PriorityId(1));
        WorkPackage::new(
            WorkPackageId(id),
            ProjectId(1),
            one.0,
            one.1,
            one.2,
            subject.to_owned(),
            at,
        )
    }

    #[test]
    fn sorting_by_text_gives_the_order_of_the_comparison_for_any_case_letters_and_ties() {
        let subjects = [
            "beta",
            "Alpha",
            "älter",
            "Zeta",
            "alpha",
            "ß",
            "Beta",
            "",
            "Éclair",
            "zeta",
            // Longer than one 8-byte word, sharing it, and ending in it or beyond.
            "Design accessibility audit 10010",
            "design accessibility audit 9",
            "Design accessibility audit 1001",
            "design access",
            "design a",
            "design a\u{0}",
            "DESIGN ACCESSIBILITY AUDIT 10010",
            "Design Äccessibility",
            // Past the four words each item carries.
            "Design accessibility audit 10010 b",
            "design accessibility audit 10010 a",
            "design accessibility audit 10010\u{0}",
            "Design accessibility audit 10010 and more words after the fourth word, ä",
            // Around the letters: @ [ ` { sort by their own code, only A to Z fold.
            "@home",
            "[draft]",
            "`tick",
            "{brace}",
            "Zz",
            "zZ",
        ];
        let mut items: Vec<WorkPackage> = subjects
            .iter()
            .enumerate()
            .map(|(i, s)| wp(100 - i as u64, s))
            .collect();
        for (i, item) in items.iter_mut().enumerate() {
            item.assignee = [None, Some(UserId(1)), Some(UserId(2))][i % 3];
            item.status = StatusId(1 + (i as u64 % 2));
        }
        let c = catalog();
        for sort in [
            vec![Sort::asc(SortField::Subject)],
            vec![Sort {
                field: SortField::Subject,
                descending: true,
            }],
            vec![Sort::asc(SortField::Assignee), Sort::asc(SortField::Status)],
            vec![
                Sort {
                    field: SortField::Assignee,
                    descending: true,
                },
                Sort::asc(SortField::Subject),
            ],
        ] {
            let query = WorkPackageQuery {
                sort,
                ..WorkPackageQuery::everything()
            };
            let fast: Vec<u64> = query
                .matches_in_order(&items, &c)
                .iter()
                .map(|w| w.id.0)
                .collect();
            let mut slow: Vec<&WorkPackage> = items.iter().collect();
            slow.sort_by(|a, b| query.compare(a, b, &c));
            let slow: Vec<u64> = slow.iter().map(|w| w.id.0).collect();
            assert_eq!(fast, slow, "{:?}", query.sort);
        }
    }

    #[test]
    fn ranked_subjects_give_the_order_of_the_comparison_with_filters_ties_and_further_keys() {
        let subjects = [
            "beta",
            "Alpha",
            "älter",
            "Zeta",
            "alpha",
            "ß",
            "Beta",
            "",
            "Éclair",
            "zeta",
            "beta",
            "Design accessibility audit 10010",
            "design accessibility audit 9",
            "DESIGN ACCESSIBILITY AUDIT 10010",
            "Design accessibility audit 10010 b",
            "design accessibility audit 10010\u{0}",
            "@home",
            "[draft]",
            "Zz",
            "zZ",
            "ALPHA",
        ];
        let mut items: Vec<WorkPackage> = subjects
            .iter()
            .enumerate()
            .map(|(i, s)| wp(100 - i as u64 * 3, s))
            .collect();
        for (i, item) in items.iter_mut().enumerate() {
            item.assignee = [None, Some(UserId(1)), Some(UserId(2))][i % 3];
            item.status = StatusId(1 + (i as u64 % 3));
        }
        // The store's order: by id.
        items.sort_by_key(|w| w.id);
        let all: Vec<&WorkPackage> = items.iter().collect();
        let ranks = SubjectRanks::new(&all);
        let c = catalog();
        let desc = |field| Sort {
            field,
            descending: true,
        };
        for (sort, filters) in [
            (vec![Sort::asc(SortField::Subject)], vec![]),
            (vec![desc(SortField::Subject)], vec![]),
            (
                vec![Sort::asc(SortField::Subject), desc(SortField::Status)],
                vec![],
            ),
            (
                vec![desc(SortField::Subject), Sort::asc(SortField::Assignee)],
                vec![Filter::OpenStatus],
            ),
            (
                vec![Sort::asc(SortField::Subject)],
                vec![Filter::Text("zz".into())],
            ),
            (vec![Sort::asc(SortField::Status)], vec![]),
        ] {
            let query = WorkPackageQuery {
                filters,
                sort,
                ..WorkPackageQuery::everything()
            };
            let expected: Vec<WorkPackageId> = query
                .matches_in_order(all.iter().copied(), &c)
                .iter()
                .map(|w| w.id)
                .collect();
            let ranked = query.ids_in_order(&all, &c, Some(&ranks));
            assert_eq!(ranked, expected, "{:?} {:?}", query.sort, query.filters);
            assert_eq!(query.ids_in_order(&all, &c, None), expected);
            // Ranks of another list (one work package fewer, or another one) are not used.
            let stale = SubjectRanks::new(&all[1..]);
            assert_eq!(query.ids_in_order(&all, &c, Some(&stale)), expected);
            let mut other = items[0].clone();
            other.id = WorkPackageId(7);
            let mut swapped = all.clone();
            swapped[0] = &other;
            let stale = SubjectRanks::new(&swapped);
            assert_eq!(query.ids_in_order(&all, &c, Some(&stale)), expected);
        }
        // Equal subjects share a rank, and the order of ranks is the order of subjects.
        let rank_of =
            |subject: &str| ranks.ranks[all.iter().position(|w| w.subject == subject).unwrap()];
        assert_eq!(rank_of("alpha"), rank_of("ALPHA"));
        assert!(rank_of("Alpha") < rank_of("beta"));
        assert_eq!(rank_of(""), 0);
        assert_eq!(ranks.top, *ranks.ranks.iter().max().unwrap());
    }

    #[test]
    fn eight_ascii_bytes_fold_to_lower_case_at_once() {
        let all: Vec<u8> = (0..0x80).collect();
        for chunk in all.chunks(8) {
            let word = u64::from_be_bytes(chunk.try_into().unwrap());
            let folded: Vec<u8> = chunk.iter().map(u8::to_ascii_lowercase).collect();
            assert_eq!(
                fold_ascii(word),
                u64::from_be_bytes(folded.as_slice().try_into().unwrap())
            );
        }
    }

    fn catalog() -> Catalog {
        let status = |id: u64, position: u32, is_closed: bool| Status {
            id: StatusId(id),
            name: format!("S{id}"),
            is_closed,
            is_default: id == 1,
            color: "#000000".to_owned(),
            position,
        };
        let user = |id: u64, name: &str| User {
            id: UserId(id),
            name: name.to_owned(),
            login: name.to_lowercase(),
        };
        Catalog {
            statuses: vec![status(1, 1, false), status(2, 2, false), status(3, 3, true)],
            users: vec![user(1, "Zoe"), user(2, "anna")],
            ..Catalog::default()
        }
    }

    /// Five work packages with a bit of everything.
    fn sample() -> Vec<WorkPackage> {
        let mut report = wp(1, "Write the Report");
        report.status = StatusId(3);
        report.assignee = Some(UserId(1));
        report.due_date = d(20);
        let mut review = wp(2, "Review report");
        review.status = StatusId(2);
        review.wp_type = TypeId(2);
        review.assignee = Some(UserId(2));
        review.due_date = d(10);
        review.parent = Some(WorkPackageId(1));
        let mut chairs = wp(3, "Order chairs");
        chairs.date = d(15);
        let mut bug = wp(12, "Fix bug 3");
        bug.parent = Some(WorkPackageId(1));
        let party = wp(21, "Plan the party");
        vec![report, review, chairs, bug, party]
    }

    fn ids(query: &WorkPackageQuery) -> Vec<u64> {
        let all = sample();
        query
            .run(&all, &catalog())
            .items
            .iter()
            .map(|wp| wp.id.0)
            .collect()
    }

    fn filtered(filter: Filter) -> Vec<u64> {
        ids(&WorkPackageQuery {
            filters: vec![filter],
            ..WorkPackageQuery::default()
        })
    }

    fn sorted(field: SortField, descending: bool) -> Vec<u64> {
        ids(&WorkPackageQuery {
            sort: vec![Sort { field, descending }],
            ..WorkPackageQuery::default()
        })
    }

    #[test]
    fn without_filters_everything_comes_in_id_order() {
        assert_eq!(ids(&WorkPackageQuery::everything()), vec![1, 2, 3, 12, 21]);
    }

    #[test]
    fn the_status_filter_keeps_any_of_the_given_statuses() {
        assert_eq!(
            filtered(Filter::Status(vec![StatusId(2), StatusId(3)])),
            vec![1, 2]
        );
        assert_eq!(filtered(Filter::Status(vec![])), Vec::<u64>::new());
    }

    #[test]
    fn open_and_closed_filters_split_by_the_status_flag() {
        assert_eq!(filtered(Filter::OpenStatus), vec![2, 3, 12, 21]);
        assert_eq!(filtered(Filter::ClosedStatus), vec![1]);
    }

    #[test]
    fn the_assignee_filter_can_ask_for_unassigned_work() {
        assert_eq!(filtered(Filter::Assignee(vec![Some(UserId(2))])), vec![2]);
        assert_eq!(filtered(Filter::Assignee(vec![None])), vec![3, 12, 21]);
        assert_eq!(
            filtered(Filter::Assignee(vec![None, Some(UserId(1))])),
            vec![1, 3, 12, 21]
        );
    }

    #[test]
    fn the_type_and_parent_filters_match_exactly() {
        assert_eq!(filtered(Filter::Type(vec![TypeId(2)])), vec![2]);
        assert_eq!(filtered(Filter::Parent(WorkPackageId(1))), vec![2, 12]);
    }

    #[test]
    fn text_matches_the_subject_ignoring_case() {
        assert_eq!(filtered(Filter::Text("REPORT".to_owned())), vec![1, 2]);
        assert_eq!(
            filtered(Filter::Text("  ".to_owned())),
            vec![1, 2, 3, 12, 21]
        );
        assert_eq!(
            filtered(Filter::Text("nothing".to_owned())),
            Vec::<u64>::new()
        );
    }

    #[test]
    fn text_finds_a_work_package_by_its_number_with_or_without_hash() {
        assert_eq!(filtered(Filter::Text("#12".to_owned())), vec![12]);
        assert_eq!(filtered(Filter::Text("21".to_owned())), vec![21]);
        assert_eq!(
            filtered(Filter::Text("3".to_owned())),
            vec![3, 12],
            "id 3, and 'Fix bug 3' by subject"
        );
    }

    #[test]
    fn several_filters_must_all_match() {
        let query = WorkPackageQuery {
            filters: vec![Filter::OpenStatus, Filter::Parent(WorkPackageId(1))],
            ..WorkPackageQuery::default()
        };
        assert_eq!(ids(&query), vec![2, 12]);
    }

    #[test]
    fn work_without_a_due_date_comes_last_in_both_directions() {
        assert_eq!(sorted(SortField::DueDate, false), vec![2, 3, 1, 12, 21]);
        assert_eq!(sorted(SortField::DueDate, true), vec![1, 3, 2, 12, 21]);
    }

    #[test]
    fn unassigned_work_comes_last_and_names_sort_ignoring_case() {
        assert_eq!(sorted(SortField::Assignee, false), vec![2, 1, 3, 12, 21]);
        assert_eq!(sorted(SortField::Assignee, true), vec![1, 2, 3, 12, 21]);
    }

    #[test]
    fn status_sorts_by_board_order_and_subject_alphabetically() {
        assert_eq!(sorted(SortField::Status, true), vec![1, 2, 3, 12, 21]);
        assert_eq!(sorted(SortField::Subject, false), vec![12, 3, 21, 2, 1]);
        assert_eq!(sorted(SortField::Id, true), vec![21, 12, 3, 2, 1]);
    }

    #[test]
    fn subjects_sort_without_case_and_letters_with_accents_after_plain_ones() {
        let all: Vec<WorkPackage> = ["beta", "Äpfel", "alpha 2", "Alpha", "ALPHA 10"]
            .iter()
            .enumerate()
            .map(|(i, subject)| wp(i as u64 + 1, subject))
            .collect();
        let query = WorkPackageQuery {
            sort: vec![Sort {
                field: SortField::Subject,
                descending: false,
            }],
            ..WorkPackageQuery::default()
        };
        let subjects: Vec<&str> = query
            .matches_in_order(&all, &catalog())
            .into_iter()
            .map(|wp| wp.subject.as_str())
            .collect();
        assert_eq!(subjects, ["Alpha", "ALPHA 10", "alpha 2", "beta", "Äpfel"]);
    }

    #[test]
    fn the_start_date_sort_uses_a_milestones_date() {
        assert_eq!(sorted(SortField::StartDate, false), vec![3, 1, 2, 12, 21]);
    }

    #[test]
    fn pages_count_from_one_and_report_the_total() {
        let all = sample();
        let page = |page: u32| {
            WorkPackageQuery {
                page,
                page_size: 2,
                ..WorkPackageQuery::default()
            }
            .run(&all, &catalog())
        };
        let first = page(1);
        assert_eq!(first.total, 5);
        assert_eq!(
            first.items.iter().map(|w| w.id.0).collect::<Vec<_>>(),
            vec![1, 2]
        );
        assert_eq!(
            page(3).items.iter().map(|w| w.id.0).collect::<Vec<_>>(),
            vec![21]
        );
        assert!(page(4).items.is_empty());
        assert_eq!(page(4).total, 5);
        let zero = page(0);
        assert_eq!(zero.page, 1, "page 0 is read as page 1");
        assert_eq!(zero.items.len(), 2);
    }

    #[test]
    fn sort_fields_round_trip_through_their_url_names() {
        for field in SortField::ALL {
            assert_eq!(SortField::parse(field.as_str()), Some(field));
        }
        assert_eq!(SortField::parse("bogus"), None);
    }
}
