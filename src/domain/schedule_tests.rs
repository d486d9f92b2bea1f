use super::*;
use crate::domain::ids::RelationId;

// November 2026: Monday 16, 23 and 30; December: Tuesday 1 … Friday 4, Monday 7.
fn nov(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
}

fn dec(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, day).unwrap()
}

fn id(raw: u64) -> WorkPackageId {
    WorkPackageId(raw)
}

fn undated(raw: u64) -> WorkPackage {
    crate::domain::work_package::plain(raw)
}

fn task(raw: u64, start: NaiveDate, due: NaiveDate) -> WorkPackage {
    WorkPackage {
        start_date: Some(start),
        due_date: Some(due),
        ..undated(raw)
    }
}

fn milestone(raw: u64, date: NaiveDate) -> WorkPackage {
    WorkPackage {
        date: Some(date),
        ..undated(raw)
    }
}

fn child(mut wp: WorkPackage, parent: u64) -> WorkPackage {
    wp.parent = Some(id(parent));
    wp
}

fn link(from: u64, kind: RelationKind, to: u64, lag: i32) -> Relation {
    Relation {
        id: RelationId(from * 100_000 + to),
        from: id(from),
        to: id(to),
        kind,
        lag: Some(lag),
        description: String::new(),
    }
}

fn precedes(from: u64, to: u64) -> Relation {
    link(from, RelationKind::Precedes, to, 0)
}

fn plan(wps: &[WorkPackage], relations: &[Relation]) -> Plan {
    Plan::new(wps, relations, &HashSet::new())
}

fn run(plan: &Plan, moved: &[(u64, NaiveDate, NaiveDate)]) -> Cascade {
    let moved: Vec<_> = moved.iter().map(|&(raw, s, f)| (id(raw), s, f)).collect();
    cascade(plan, &moved, &Calendar::weekends()).unwrap()
}

#[test]
fn a_chain_starts_each_successor_on_the_first_working_day_after_its_predecessor() {
    let plan = plan(
        &[
            task(1, nov(23), nov(25)),
            task(2, nov(23), nov(24)),
            task(3, nov(23), nov(23)),
        ],
        &[precedes(1, 2), precedes(2, 3)],
    );
    let result = run(&plan, &[(1, nov(25), nov(27))]);
    // 1 ends on Friday; 2 (two days) takes Monday and Tuesday; 3 (one day) Wednesday.
    let expected = vec![
        (id(1), nov(25), nov(27)),
        (id(2), nov(30), dec(1)),
        (id(3), dec(2), dec(2)),
    ];
    assert_eq!(result.changes, expected);
    assert!(result.violations.is_empty() && result.parents.is_empty());
}

#[test]
fn a_positive_lag_counts_working_days_across_the_weekend() {
    // "2 follows 1 with a lag of 2": Friday is the first day after Thursday, then Monday, Tuesday.
    let plan = plan(
        &[task(1, nov(16), nov(19)), task(2, nov(16), nov(18))],
        &[link(2, RelationKind::Follows, 1, 2)],
    );
    let result = run(&plan, &[(1, nov(23), nov(26))]);
    assert_eq!(result.changes[1], (id(2), dec(1), dec(3)));
}

#[test]
fn in_a_diamond_the_join_waits_for_the_later_branch() {
    let plan = plan(
        &[
            task(1, nov(16), nov(16)),
            task(2, nov(17), nov(18)),
            task(3, nov(17), nov(20)),
            milestone(4, nov(23)),
        ],
        &[
            precedes(1, 2),
            precedes(1, 3),
            precedes(2, 4),
            precedes(3, 4),
        ],
    );
    let result = run(&plan, &[(1, nov(23), nov(23))]);
    // Branch 2 would allow Thursday the 26th; branch 3 ends Friday the 27th, so 4 is on Monday.
    let expected = vec![
        (id(1), nov(23), nov(23)),
        (id(2), nov(24), nov(25)),
        (id(3), nov(24), nov(27)),
        (id(4), nov(30), nov(30)),
    ];
    assert_eq!(result.changes, expected);
}

#[test]
fn a_negative_lag_overlaps_but_never_starts_before_the_predecessor_starts() {
    let plan = plan(
        &[
            task(1, nov(16), nov(20)),
            task(2, nov(2), nov(3)),
            task(3, nov(2), nov(3)),
        ],
        &[
            link(1, RelationKind::Precedes, 2, -3),
            link(1, RelationKind::Precedes, 3, -10),
        ],
    );
    let result = run(&plan, &[(1, nov(23), nov(27))]);
    // Three working days before Monday the 30th is Wednesday; ten would be the 16th, before 1 starts.
    assert_eq!(result.changes[1], (id(2), nov(25), nov(26)));
    assert_eq!(result.changes[2], (id(3), nov(23), nov(24)));
}

#[test]
fn moving_a_predecessor_earlier_pulls_its_successors_earlier() {
    let plan = plan(
        &[
            task(1, nov(30), dec(1)),
            task(2, dec(2), dec(3)),
            task(3, dec(4), dec(4)),
        ],
        &[precedes(1, 2), precedes(2, 3)],
    );
    let result = run(&plan, &[(1, nov(23), nov(24))]);
    let expected = vec![
        (id(1), nov(23), nov(24)),
        (id(2), nov(25), nov(26)),
        (id(3), nov(27), nov(27)),
    ];
    assert_eq!(result.changes, expected);
}

#[test]
fn items_not_after_a_moved_one_keep_their_slack() {
    // 4 could start on the 24th but starts later; moving the unrelated 1 must not tighten it.
    let plan = plan(
        &[
            task(1, nov(23), nov(23)),
            task(2, nov(24), nov(24)),
            task(3, nov(23), nov(23)),
            task(4, nov(30), nov(30)),
        ],
        &[precedes(1, 2), precedes(3, 4)],
    );
    let result = run(&plan, &[(1, nov(24), nov(24))]);
    assert_eq!(
        result.changes,
        vec![(id(1), nov(24), nov(24)), (id(2), nov(25), nov(25))]
    );
}

#[test]
fn a_manual_successor_is_reported_as_violated_and_not_moved() {
    let wps = [
        task(1, nov(23), nov(24)),
        task(2, nov(25), nov(25)),
        task(3, nov(26), nov(26)),
    ];
    let manual = HashSet::from([id(2)]);
    let plan = Plan::new(&wps, &[precedes(1, 2), precedes(2, 3)], &manual);
    let moved = [(id(1), nov(25), nov(26))];
    let result = cascade(&plan, &moved, &Calendar::weekends()).unwrap();
    assert_eq!(result.changes, vec![(id(1), nov(25), nov(26))]);
    assert_eq!(result.violations, vec![id(2)]);
}

#[test]
fn a_cycle_is_refused_with_its_path() {
    let wps = [
        task(1, nov(23), nov(23)),
        task(2, nov(24), nov(24)),
        task(3, nov(25), nov(25)),
    ];
    let relations = [
        precedes(2, 3),
        link(1, RelationKind::Follows, 3, 0),
        precedes(1, 2),
    ];
    let plan = plan(&wps, &relations);
    let expected = CycleError {
        path: vec![id(1), id(2), id(3)],
    };
    assert_eq!(
        cascade(&plan, &[], &Calendar::weekends()),
        Err(expected.clone())
    );
    assert_eq!(critical_path(&plan, &Calendar::weekends()), Err(expected));
}

#[test]
fn a_parent_preceding_its_own_child_is_a_cycle() {
    let plan = plan(
        &[
            task(1, nov(23), nov(24)),
            child(task(2, nov(23), nov(24)), 1),
        ],
        &[precedes(1, 2)],
    );
    let error = cascade(&plan, &[], &Calendar::weekends()).unwrap_err();
    assert_eq!(error.path, vec![id(1), id(2)]);
}

#[test]
fn would_create_cycle_refuses_closing_a_loop_and_allows_a_shortcut() {
    let wps = [
        task(1, nov(23), nov(23)),
        task(2, nov(24), nov(24)),
        task(3, nov(25), nov(25)),
        task(4, nov(23), nov(25)),
        child(task(5, nov(23), nov(25)), 4),
    ];
    let plan = plan(&wps, &[precedes(1, 2), precedes(2, 3)]);
    assert!(would_create_cycle(&plan, id(3), id(1)));
    assert!(!would_create_cycle(&plan, id(1), id(3)));
    assert!(would_create_cycle(&plan, id(2), id(2)));
    assert!(would_create_cycle(&plan, id(4), id(5)));
    assert!(would_create_cycle(&plan, id(5), id(4)));
    assert!(!would_create_cycle(&plan, id(3), id(4)));
    assert!(!would_create_cycle(&plan, id(3), id(99)));
}

#[test]
fn on_a_diamond_the_short_branch_has_slack_and_the_long_one_is_critical() {
    let wps = [
        task(1, nov(23), nov(23)),
        task(2, nov(24), nov(25)),
        task(3, nov(24), nov(27)),
        milestone(4, nov(30)),
        task(5, nov(23), nov(24)),
        undated(6),
    ];
    let relations = [
        precedes(1, 2),
        precedes(1, 3),
        precedes(2, 4),
        precedes(3, 4),
    ];
    let schedule = critical_path(&plan(&wps, &relations), &Calendar::weekends()).unwrap();
    // End Monday 30th. 2 must end by Friday, so start by Thursday: Tue → Thu is 2 days of slack.
    // 5 is unlinked: it may end on the 30th, start by Friday the 27th: Mon → Fri is 4 days.
    let slack = |raw| schedule.slack.get(&id(raw)).copied();
    assert_eq!(schedule.project_end, Some(nov(30)));
    assert_eq!(
        [slack(1), slack(2), slack(3), slack(4), slack(5), slack(6)],
        [Some(0), Some(2), Some(0), Some(0), Some(4), None]
    );
    assert_eq!(schedule.critical, BTreeSet::from([id(1), id(3), id(4)]));
}

#[test]
fn parent_dates_are_derived_two_levels_deep() {
    let wps = [
        task(10, nov(19), dec(4)),
        child(task(11, nov(23), dec(4)), 10),
        child(milestone(12, nov(19)), 10),
        child(task(13, nov(23), nov(24)), 11),
        child(task(14, nov(25), dec(4)), 11),
        task(1, nov(20), nov(20)),
    ];
    let plan = plan(&wps, &[precedes(1, 13)]);
    let derived = vec![(id(10), nov(19), dec(4)), (id(11), nov(23), dec(4))];
    assert_eq!(derived_parent_dates(&plan), derived);

    let result = run(&plan, &[(1, dec(7), dec(7))]);
    assert_eq!(
        result.changes,
        vec![(id(13), dec(8), dec(9)), (id(1), dec(7), dec(7))]
    );
    assert_eq!(
        result.parents,
        vec![(id(10), nov(19), dec(9)), (id(11), nov(25), dec(9))]
    );
}

#[test]
fn children_wait_for_their_parents_predecessor_and_the_parents_successor_for_the_last_child() {
    let wps = [
        task(1, nov(16), nov(20)),
        task(2, nov(16), nov(20)),
        child(task(3, nov(16), nov(17)), 2),
        child(milestone(4, nov(18)), 2),
        task(5, nov(23), nov(23)),
    ];
    let plan = plan(&wps, &[precedes(1, 2), precedes(2, 5)]);
    let result = run(&plan, &[(1, nov(23), nov(27))]);
    let expected = vec![
        (id(1), nov(23), nov(27)),
        (id(3), nov(30), dec(1)),
        (id(4), nov(30), nov(30)),
        (id(5), dec(2), dec(2)),
    ];
    assert_eq!(result.changes, expected);
    assert_eq!(result.parents, vec![(id(2), nov(30), dec(1))]);
}

#[test]
fn moving_a_parent_moves_its_children_by_the_same_working_days() {
    let wps = [
        task(1, nov(23), nov(27)),
        child(task(2, nov(23), nov(24)), 1),
        child(task(3, nov(26), nov(27)), 1),
    ];
    let mut plan = plan(&wps, &[]);
    let result = run(&plan, &[(1, nov(25), dec(1))]);
    assert_eq!(
        result.changes,
        vec![(id(2), nov(25), nov(26)), (id(3), nov(30), dec(1))]
    );
    assert_eq!(result.parents, vec![(id(1), nov(25), dec(1))]);
    plan.apply(&result);
    assert_eq!(plan.dates(id(3)), Some((nov(30), dec(1))));
}

#[test]
fn holidays_are_skipped_when_counting_adding_and_scheduling() {
    let thanksgiving = nov(26);
    let calendar = Calendar::weekends().with_holidays([thanksgiving, nov(28)]);
    assert!(!calendar.is_working(thanksgiving));
    // Saturday the 28th is a holiday on a weekend: it must not cost a second day.
    assert_eq!(calendar.working_days(nov(23), nov(30)), 5);
    assert_eq!(calendar.add_working_days(nov(25), 1), nov(27));
    assert_eq!(calendar.add_working_days(nov(27), -1), nov(25));
    assert_eq!(calendar.next_working_day(nov(25)), nov(27));

    let plan = plan(
        &[task(1, nov(16), nov(18)), task(2, nov(19), nov(20))],
        &[precedes(1, 2)],
    );
    let moved = [(id(1), nov(23), nov(25))];
    let result = cascade(&plan, &moved, &calendar).unwrap();
    assert_eq!(result.changes[1], (id(2), nov(27), nov(30)));
}

#[test]
fn zero_working_days_rolls_a_day_off_forward_and_negative_counts_go_back() {
    let calendar = Calendar::weekends();
    assert_eq!(calendar.add_working_days(nov(23), 0), nov(23));
    assert_eq!(calendar.add_working_days(nov(28), 0), nov(30));
    assert_eq!(calendar.add_working_days(nov(28), 1), nov(30));
    assert_eq!(calendar.add_working_days(nov(28), -1), nov(27));
    assert_eq!(calendar.add_working_days(nov(23), -1), nov(20));
    assert_eq!(calendar.add_working_days(nov(23), -10), nov(9));
    assert_eq!(calendar.working_days_from(nov(27), nov(23)), -4);
    assert_eq!(calendar.working_days_from(nov(23), nov(30)), 5);
}

#[test]
fn a_calendar_may_close_other_weekdays_but_not_all_of_them() {
    let mut closed = [false, false, false, false, true, true, true];
    let four_day_week = Calendar::new(closed, []).unwrap();
    assert_eq!(four_day_week.working_days(nov(23), dec(6)), 8);
    assert_eq!(four_day_week.add_working_days(nov(26), 1), nov(30));
    closed = [true; 7];
    assert_eq!(Calendar::new(closed, []), None);
}

#[test]
fn whole_week_arithmetic_agrees_with_counting_day_by_day() {
    let holidays = [nov(2), nov(11), nov(14), nov(26), dec(24), dec(25), dec(31)];
    let calendar = Calendar::new([false, false, true, false, true, true, true], holidays).unwrap();
    let step = |day: NaiveDate, by: i64| shift(day, by);
    for offset in 0..70 {
        let from = step(nov(1), offset);
        for n in -30_i64..=30 {
            let mut expected = from;
            let mut left = n.abs();
            if n == 0 {
                while !calendar.is_working(expected) {
                    expected = step(expected, 1);
                }
            }
            while left > 0 {
                expected = step(expected, n.signum());
                if calendar.is_working(expected) {
                    left -= 1;
                }
            }
            assert_eq!(calendar.add_working_days(from, n), expected, "{from} + {n}");
        }
        for length in -2..40 {
            let end = step(from, length);
            let naive = (0..=length)
                .filter(|&i| calendar.is_working(step(from, i)))
                .count();
            assert_eq!(
                calendar.working_days(from, end),
                count(naive),
                "{from} .. {end}"
            );
        }
    }
}

#[test]
fn ten_thousand_items_in_a_chain_cascade_to_the_hand_computed_last_date() {
    let monday = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
    let wps: Vec<_> = (1..=10_000).map(|raw| task(raw, monday, monday)).collect();
    let mut relations: Vec<_> = (1..10_000).map(|raw| precedes(raw, raw + 1)).collect();
    relations.push(link(10_000, RelationKind::Follows, 1, 0));
    let plan = plan(&wps, &relations);
    let tuesday = NaiveDate::from_ymd_opt(2026, 1, 6).unwrap();
    let result = run(&plan, &[(1, tuesday, tuesday)]);
    // Item k starts k - 1 working days after Tuesday: 9,999 = 1,999 weeks and 4 days, a Monday.
    let last = NaiveDate::from_ymd_opt(2064, 5, 5).unwrap();
    assert_eq!(result.changes.len(), 10_000);
    assert_eq!(result.changes.last(), Some(&(id(10_000), last, last)));
}

#[test]
fn work_ending_on_a_weekend_is_critical_when_it_ends_the_project() {
    // Mon 2 Nov to Sun 8 Nov: five working days, the last on Friday; nothing after it.
    let mut last = task(1, nov(2), nov(8));
    last.subject = "ends on a Sunday".to_owned();
    let early = task(2, nov(2), nov(3));
    let wps = [last, early];
    let schedule = critical_path(&plan(&wps, &[]), &Calendar::weekends()).unwrap();
    assert_eq!(schedule.slack.get(&id(1)), Some(&0));
    assert!(schedule.critical.contains(&id(1)));
    assert_eq!(schedule.slack.get(&id(2)), Some(&3));
}

#[test]
fn a_moved_bar_lands_on_working_days_and_keeps_its_working_length() {
    let calendar = Calendar::weekends();
    // Thu 5 to Wed 11 Nov: five working days.
    let span = (nov(5), nov(11));
    // One day later is Friday; two days later is Saturday, rolled on to Monday.
    assert_eq!(calendar.span_moved_by(span, 1, false), (nov(6), nov(12)));
    assert_eq!(calendar.span_moved_by(span, 2, false), (nov(9), nov(13)));
    // Back from Monday 9 by one day is Sunday, rolled back to Friday.
    assert_eq!(calendar.day_moved_by(nov(9), -1), nov(6));
    assert_eq!(
        calendar.span_moved_by((nov(9), nov(9)), -1, true),
        (nov(6), nov(6))
    );
}

#[test]
fn a_plan_takes_new_dates_as_if_built_anew_when_nothing_else_changed() {
    let relations = [precedes(1, 2), precedes(2, 3)];
    let before = [
        task(1, nov(16), nov(18)),
        task(2, nov(23), nov(24)),
        child(task(3, nov(25), nov(25)), 4),
        task(4, nov(25), nov(25)),
    ];
    let mut kept = plan(&before, &relations);
    // 2 moved by hand to the week after; 4 lost its dates.
    let mut after = before.clone();
    after[1] = task(2, nov(30), dec(1));
    after[3] = undated(4);
    assert!(kept.refresh(&after, |wp| wp.schedule_manually));
    let anew = plan(&after, &relations);
    assert_eq!(kept.dates(id(2)), Some((nov(30), dec(1))));
    assert_eq!(kept.dates(id(4)), None);
    let moved = [(1, nov(23), nov(26))];
    assert_eq!(run(&kept, &moved), run(&anew, &moved));
}

#[test]
fn a_plan_refuses_new_dates_when_more_than_dates_changed() {
    let relations = [precedes(1, 2)];
    let before = [task(1, nov(16), nov(18)), task(2, nov(23), nov(24))];
    let unchanged = |wps: &[WorkPackage]| {
        let mut kept = plan(&before, &relations);
        let refreshed = kept.refresh(wps, |wp| wp.schedule_manually);
        // Refused, it keeps what it had.
        assert!(refreshed || kept.dates(id(2)) == Some((nov(23), nov(24))));
        refreshed
    };
    // The same, with other dates: taken.
    assert!(unchanged(&[
        task(1, nov(16), nov(18)),
        task(2, nov(30), dec(1))
    ]));
    // One more, one fewer, one twice.
    assert!(!unchanged(&[
        before[0].clone(),
        before[1].clone(),
        task(3, nov(16), nov(16))
    ]));
    assert!(!unchanged(&[before[0].clone()]));
    assert!(!unchanged(&[before[0].clone(), before[0].clone()]));
    // Another parent, a milestone now, scheduled by hand now.
    assert!(!unchanged(&[
        before[0].clone(),
        child(before[1].clone(), 1)
    ]));
    assert!(!unchanged(&[before[0].clone(), milestone(2, nov(24))]));
    let mut by_hand = before[1].clone();
    by_hand.schedule_manually = true;
    assert!(!unchanged(&[before[0].clone(), by_hand]));
}
