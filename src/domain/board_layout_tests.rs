use super::*;
use crate::domain::catalog::{Priority, Status, User};
use crate::domain::ids::ProjectId;
use chrono::{TimeZone, Utc};

fn catalog() -> Catalog {
    let status = |id, position| Status {
        id: StatusId(id),
        name: format!("S{id}"),
        is_closed: false,
        is_default: false,
        color: "#000000".to_owned(),
        position,
    };
    let priority = |id, position| Priority {
        id: PriorityId(id),
        name: format!("P{id}"),
        position,
        is_default: false,
    };
    Catalog {
        statuses: vec![status(2, 2), status(1, 1)],
        priorities: vec![priority(8, 2), priority(7, 1)],
        users: vec![User {
            id: UserId(5),
            name: "Ada".to_owned(),
            login: "ada".to_owned(),
        }],
        ..Catalog::default()
    }
}

fn wp(id: u64, status: u64, priority: u64, assignee: Option<u64>, position: i64) -> WorkPackage {
    let at = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    WorkPackage {
        assignee: assignee.map(UserId),
        position,
        ..WorkPackage::new(
            WorkPackageId(id),
            ProjectId(1),
            TypeId(1),
            StatusId(status),
            PriorityId(priority),
            format!("Card {id}"),
            at,
        )
    }
}

fn ids(cell: &Cell) -> Vec<u64> {
    cell.cards.iter().map(|id| id.0).collect()
}

#[test]
fn columns_follow_the_catalog_order_and_cards_their_position() {
    let wps = [
        wp(1, 2, 7, None, 20),
        wp(2, 2, 7, None, 10),
        wp(3, 1, 7, None, 0),
    ];
    let b = board(&Layout::default(), &catalog(), &wps);
    assert_eq!(
        b.columns,
        vec![
            GroupValue::Status(StatusId(1)),
            GroupValue::Status(StatusId(2))
        ]
    );
    assert_eq!(b.lanes, vec![None]);
    assert_eq!(ids(&b.cells[0]), vec![3]);
    assert_eq!(ids(&b.cells[1]), vec![2, 1]);
}

#[test]
fn a_value_the_catalog_does_not_know_still_gets_a_column() {
    // User 9 left the project; status 4 was removed from the workflow.
    let wps = [wp(1, 1, 7, Some(9), 0), wp(2, 4, 7, Some(5), 0)];
    let by_assignee = board(
        &Layout {
            columns: GroupBy::Assignee,
            ..Layout::default()
        },
        &catalog(),
        &wps,
    );
    assert_eq!(
        by_assignee.columns,
        vec![
            GroupValue::Assignee(None),
            GroupValue::Assignee(Some(UserId(5))),
            GroupValue::Assignee(Some(UserId(9)))
        ]
    );
    let by_status = board(&Layout::default(), &catalog(), &wps);
    assert_eq!(by_status.columns.len(), 3);
    let placed: usize = by_status.cells.iter().map(|c| c.cards.len()).sum();
    assert_eq!(placed, 2, "every card is on the board exactly once");
}

#[test]
fn swimlanes_split_each_column_and_count_both_ways() {
    let wps = [
        wp(1, 1, 7, None, 0),
        wp(2, 1, 8, None, 0),
        wp(3, 2, 8, Some(5), 0),
        wp(4, 2, 8, None, 1),
    ];
    let layout = Layout {
        columns: GroupBy::Status,
        lanes: Some(GroupBy::Priority),
        ..Layout::default()
    };
    let b = board(&layout, &catalog(), &wps);
    assert_eq!(
        b.lanes,
        vec![
            Some(GroupValue::Priority(PriorityId(7))),
            Some(GroupValue::Priority(PriorityId(8)))
        ]
    );
    assert_eq!(b.cells.len(), 4);
    let key = CellKey {
        column: GroupValue::Status(StatusId(2)),
        lane: Some(GroupValue::Priority(PriorityId(8))),
    };
    assert_eq!(ids(b.cell(key).unwrap()), vec![3, 4]);
    assert_eq!(b.column_len(GroupValue::Status(StatusId(1))), 2);
    assert_eq!(b.lane_len(Some(GroupValue::Priority(PriorityId(8)))), 3);
    assert_eq!(b.spot_of(WorkPackageId(4)), Some((key, 1)));
}

#[test]
fn a_cell_gives_a_moved_card_both_of_its_values_and_only_what_changed() {
    let key = CellKey {
        column: GroupValue::Status(StatusId(2)),
        lane: Some(GroupValue::Assignee(Some(UserId(5)))),
    };
    let before = wp(1, 1, 7, None, 0);
    let mut after = before.clone();
    key.apply(&mut after);
    assert_eq!(
        (after.status, after.assignee),
        (StatusId(2), Some(UserId(5)))
    );
    let mut patch = WorkPackagePatch::based_on(&before);
    key.add_to(&mut patch, &before);
    assert_eq!(patch.status, Some(StatusId(2)));
    assert_eq!(patch.assignee, Some(Some(UserId(5))));
    let mut unchanged = WorkPackagePatch::based_on(&after);
    key.add_to(&mut unchanged, &after);
    assert_eq!(unchanged, WorkPackagePatch::based_on(&after));
}

#[test]
fn cell_tokens_round_trip_and_reject_the_wrong_shape() {
    let layout = Layout {
        columns: GroupBy::Version,
        lanes: Some(GroupBy::Parent),
        ..Layout::default()
    };
    let key = CellKey {
        column: GroupValue::Version(None),
        lane: Some(GroupValue::Parent(Some(WorkPackageId(12)))),
    };
    assert_eq!(key.token(), "none/12");
    assert_eq!(CellKey::parse(&layout, "none/12"), Some(key));
    assert_eq!(CellKey::parse(&layout, "none"), None);
    assert_eq!(CellKey::parse(&Layout::default(), "none"), None);
    assert_eq!(
        CellKey::parse(&Layout::default(), "3"),
        Some(CellKey {
            column: GroupValue::Status(StatusId(3)),
            lane: None
        })
    );
}

#[test]
fn a_parent_board_has_a_column_per_item_with_children_and_one_for_the_rest() {
    let mut child = wp(2, 1, 7, None, 0);
    child.parent = Some(WorkPackageId(1));
    let wps = [wp(1, 1, 7, None, 0), child, wp(3, 1, 7, None, 0)];
    let b = board(
        &Layout {
            columns: GroupBy::Parent,
            ..Layout::default()
        },
        &catalog(),
        &wps,
    );
    assert_eq!(
        b.columns,
        vec![
            GroupValue::Parent(Some(WorkPackageId(1))),
            GroupValue::Parent(None)
        ]
    );
    assert_eq!(ids(&b.cells[0]), vec![2]);
    assert_eq!(ids(&b.cells[1]), vec![1, 3]);
}

#[test]
fn a_manual_board_shows_each_card_in_the_first_list_it_matches_and_no_other() {
    use crate::domain::board_list::{BoardList, ListFilter};
    let mut mine = ListFilter::default();
    mine.set(
        GroupBy::Assignee,
        Some(GroupValue::Assignee(Some(UserId(5)))),
    );
    let mut doing = ListFilter::default();
    doing.set(GroupBy::Status, Some(GroupValue::Status(StatusId(2))));
    let layout = Layout {
        columns: GroupBy::List,
        lanes: Some(GroupBy::Priority),
        lists: vec![
            BoardList {
                name: "Mine".to_owned(),
                filter: mine,
            },
            BoardList {
                name: "Doing".to_owned(),
                filter: doing,
            },
        ]
        .into(),
    };
    // 3 is mine and doing: it shows once, under "Mine". 1 matches no list and is not on the board.
    let wps = [
        wp(1, 1, 7, None, 0),
        wp(2, 2, 7, None, 0),
        wp(3, 2, 8, Some(5), 0),
    ];
    let b = board(&layout, &catalog(), &wps);
    assert_eq!(
        b.columns,
        vec![GroupValue::List(0, mine), GroupValue::List(1, doing)]
    );
    assert_eq!(b.column_len(b.columns[0]), 1);
    assert_eq!(
        b.spot_of(WorkPackageId(3)).map(|(k, _)| k.column),
        Some(b.columns[0])
    );
    assert_eq!(b.spot_of(WorkPackageId(1)), None);
    // Dropping 1 into "Doing" in lane 8 gives it the list's status and the lane's priority.
    let key = CellKey::parse(&layout, "1/8").unwrap();
    assert_eq!(
        key.value(GroupBy::Status),
        Some(GroupValue::Status(StatusId(2)))
    );
    let mut moved = wps[0].clone();
    key.apply(&mut moved);
    assert_eq!((moved.status, moved.priority), (StatusId(2), PriorityId(8)));
    assert!(key.holds(&moved));
    assert_eq!(CellKey::of(&layout, &moved), Some(key));
    assert_eq!(
        CellKey::parse(&layout, "2/8"),
        None,
        "there is no third list"
    );
}
