//! Moving cards: the checks a move must pass (workflow, hard limits), carrying a selection,
//! keyboard pick-up and drop, pointer drops, and the roving focus between cards.

use super::keyboard::{self, Spot, spot_of};
use super::{BoardCtx, Pickup, focus_card_soon};
use crate::domain::WorkPackageId;
use crate::domain::board_layout::{CellKey, GroupBy, GroupValue};
use crate::i18n::Key;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::BTreeSet;

impl BoardCtx {
    /// Whether a hard limit refuses these cards in `cell`'s column.
    pub(super) fn over_limit(self, ids: &[WorkPackageId], cell: CellKey) -> bool {
        let arriving = ids
            .iter()
            .filter_map(|id| self.project.get_untracked(*id))
            .filter(|wp| !cell.column.holds(wp))
            .count();
        let count = self
            .totals
            .with_untracked(|t| t.get(&cell.column).copied().unwrap_or(0));
        self.config
            .value
            .with_untracked(|c| c.refuses(cell.column, arriving, count))
    }

    /// The cards a move of `id` carries: the whole selection when `id` is part of it, in board order.
    pub(super) fn carried(self, id: WorkPackageId) -> Vec<WorkPackageId> {
        let selected = self.selected.get_untracked();
        if selected.len() < 2 || !selected.contains(&id) {
            return vec![id];
        }
        let mut others: Vec<WorkPackageId> = self.board.with_untracked(|b| {
            b.cells
                .iter()
                .flat_map(|c| c.cards.iter().copied())
                .filter(|card| *card != id && selected.contains(card))
                .collect()
        });
        // Only cards on the board as filtered now go along (none unseen), and only those the user may change.
        others.retain(|card| self.may_move(*card));
        std::iter::once(id).chain(others).collect()
    }

    /// Says why a move is refused, in the live region and as a notice.
    fn refuse(self, key: Key, id: WorkPackageId, cell: CellKey) {
        let limit = self
            .config
            .value
            .with_untracked(|c| c.limit(cell.column))
            .unwrap_or(0);
        let text = self.i18n.lang_untracked().fill(
            key,
            &[
                ("subject", &self.subject(id)),
                ("column", &self.cell_name(cell)),
                ("limit", &limit.to_string()),
            ],
        );
        self.announcer.say(text.clone());
        self.notices.error(text);
    }

    /// Moves a card to a spot unless the workflow or a hard limit refuses; says why if so.
    /// With a selection, the other selected cards follow the moved one, in board order. Returns how
    /// many cards moved (none when refused); a move of several is announced here.
    fn try_move(self, id: WorkPackageId, spot: Spot) -> usize {
        let carried = self.carried(id);
        if let Some(blocked) = carried.iter().find(|c| self.is_blocked(**c, spot.cell)) {
            self.refuse(Key::MoveNotAllowed, *blocked, spot.cell);
            return 0;
        }
        if self.over_limit(&carried, spot.cell) {
            self.refuse(Key::MoveOverLimit, id, spot.cell);
            return 0;
        }
        // The workflow was asked for the carried card only: into another status, ask for the
        // others too before anything moves, so a selection moves whole or not at all.
        let target = match spot.cell.value(GroupBy::Status) {
            Some(GroupValue::Status(status)) => Some(status),
            _ => None,
        };
        let count = carried.len();
        if let (Some(status), true) = (target, count > 1) {
            let backend = self.backend.get();
            spawn_local(async move {
                for card in carried.iter().skip(1) {
                    let current = self.project.get_untracked(*card).map(|wp| wp.status);
                    if current == Some(status) {
                        continue;
                    }
                    if let Ok(Some(allowed)) = backend.allowed_statuses(*card).await
                        && !allowed.contains(&status)
                    {
                        self.refuse(Key::MoveNotAllowed, *card, spot.cell);
                        return;
                    }
                }
                self.place(id, &carried, spot);
            });
            return count;
        }
        self.place(id, &carried, spot);
        count
    }

    /// Puts the carried cards at the spot, the moved one first.
    fn place(self, id: WorkPackageId, carried: &[WorkPackageId], spot: Spot) {
        // The spot counts the cell's cards but the moved one; other carried cards above it leave too.
        let (mut neighbours, start) = self.board.with_untracked(|b| {
            let others: Vec<WorkPackageId> = b
                .cell(spot.cell)
                .map(|c| c.cards.iter().copied().filter(|c| *c != id).collect())
                .unwrap_or_default();
            let above = spot.index.min(others.len());
            let start = others[..above]
                .iter()
                .filter(|c| !carried.contains(c))
                .count();
            let neighbours: Vec<WorkPackageId> = others
                .into_iter()
                .filter(|c| !carried.contains(c))
                .collect();
            (neighbours, start)
        });
        let layout = self.config.value.with_untracked(|c| c.layout.clone());
        for (offset, card) in carried.iter().enumerate() {
            self.actions
                .move_card(*card, &layout, spot.cell, &neighbours, start + offset);
            neighbours.insert(start + offset, *card);
        }
        if carried.len() > 1 {
            self.selected.set(BTreeSet::new());
            let text = self.i18n.lang_untracked().fill(
                Key::AnnounceMovedMany,
                &[
                    ("count", &carried.len().to_string()),
                    ("column", &self.cell_name(spot.cell)),
                ],
            );
            self.announcer.say(text);
        }
    }

    /// Whether this card is the board's one stop in the tab order.
    pub fn is_tab_stop(self, id: WorkPackageId) -> bool {
        self.focused.get().or_else(|| self.first_card.get()) == Some(id)
    }

    /// Moves the focus to the neighbouring card, scrolling it into view first if it is not drawn.
    pub fn move_focus(self, from: WorkPackageId, step: keyboard::Step) {
        let Some(to) = self.collapsed.with_untracked(|folded| {
            self.board
                .with_untracked(|b| keyboard::neighbour(b, folded, from, step))
        }) else {
            return;
        };
        self.focused.set(Some(to));
        self.reveal.set(Some(to));
        focus_card_soon(to);
    }

    /// Adds a card to the selection or takes it out (Ctrl or Cmd + click, Shift + Space).
    pub fn toggle_selected(self, id: WorkPackageId) {
        self.selected.update(|s| {
            if !s.remove(&id) {
                s.insert(id);
            }
        });
        self.selection_anchor.set_value(Some(id));
        let count = self.selected.with_untracked(BTreeSet::len);
        self.announcer.say(self.i18n.lang_untracked().count(
            Key::AnnounceSelectedOne,
            Key::AnnounceSelected,
            count,
        ));
    }

    /// Selects the cards of a cell from the last one chosen to this one (Shift + click).
    pub fn select_range(self, id: WorkPackageId) {
        let anchor = self.selection_anchor.get_value();
        let range: Vec<WorkPackageId> = self.board.with_untracked(|b| {
            let Some((cell, to)) = b.spot_of(id) else {
                return vec![id];
            };
            let cards = &b.cell(cell).map(|c| c.cards.clone()).unwrap_or_default();
            let from = anchor
                .and_then(|a| cards.iter().position(|c| *c == a))
                .unwrap_or(to);
            cards[from.min(to)..=from.max(to)].to_vec()
        });
        self.selected.update(|s| s.extend(range));
        self.selection_anchor.set_value(Some(id));
    }

    /// Moves a card to the end of a cell (the "Move to…" menu).
    pub fn move_to(self, id: WorkPackageId, cell: CellKey) {
        if !self.may_move(id) {
            return;
        }
        let spot = Spot {
            cell,
            index: self.board.with_untracked(|b| {
                b.cell(cell)
                    .map_or(0, |c| c.cards.iter().filter(|c| **c != id).count())
            }),
        };
        let moved = self.try_move(id, spot);
        if moved == 1 {
            self.announce(Key::AnnounceDropped, id, spot, false);
        }
        if moved > 0 {
            self.reveal.set(Some(id));
        }
        focus_card_soon(id);
    }

    pub fn pick_up(self, id: WorkPackageId) {
        if !self.may_move(id) {
            let lang = self.i18n.lang_untracked();
            self.announcer
                .say(lang.fill(Key::CannotMove, &[("subject", &self.subject(id))]));
            return;
        }
        let Some(spot) = self.board.with_untracked(|b| spot_of(b, id)) else {
            return;
        };
        self.pickup.set(Some(Pickup {
            id,
            spot,
            origin: spot,
        }));
        self.load_allowed(id);
        self.announce(Key::AnnouncePickedUp, id, spot, true);
    }

    pub fn step(self, step: keyboard::Step) {
        let Some(pickup) = self.pickup.get_untracked() else {
            return;
        };
        let spot = self.collapsed.with_untracked(|folded| {
            self.board
                .with_untracked(|b| keyboard::step(b, folded, pickup.id, pickup.spot, step))
        });
        if spot == pickup.spot {
            return;
        }
        self.pickup.set(Some(Pickup { spot, ..pickup }));
        self.announce(Key::AnnounceMoved, pickup.id, spot, true);
        focus_card_soon(pickup.id);
    }

    pub fn drop_picked(self) {
        let Some(pickup) = self.pickup.get_untracked() else {
            return;
        };
        let moved = if pickup.spot == pickup.origin {
            1
        } else {
            self.try_move(pickup.id, pickup.spot)
        };
        self.pickup.set(None);
        if moved == 1 {
            self.announce(Key::AnnounceDropped, pickup.id, pickup.spot, false);
        }
        // Where it lands may differ from where it was carried (the column's order decides): it is
        // scrolled into view again, or it would not be drawn and could not keep the focus.
        if moved > 0 {
            self.reveal.set(Some(pickup.id));
        }
        focus_card_soon(pickup.id);
    }

    pub fn cancel_pickup(self) {
        let Some(pickup) = self.pickup.get_untracked() else {
            return;
        };
        self.pickup.set(None);
        self.announce(Key::AnnounceCancelled, pickup.id, pickup.origin, false);
        focus_card_soon(pickup.id);
    }

    /// Ends a pointer drag: moves the card if it was dropped on a new spot.
    pub fn finish_drag(self) {
        let Some(drag) = self.drag.get_untracked() else {
            return;
        };
        self.drag.set(None);
        if !drag.active {
            return;
        }
        // A mouse drag ends with a click on the card; a finger's does not.
        self.suppress_click.set_value(!drag.touch);
        let Some(target) = drag.target else {
            return;
        };
        let origin = self.board.with_untracked(|b| spot_of(b, drag.id));
        if origin == Some(target) {
            return;
        }
        let moved = self.try_move(drag.id, target);
        if moved == 1 {
            self.announce(Key::AnnounceDropped, drag.id, target, false);
        }
        if moved > 0 {
            // Dropped at the edge of a scrolling cell, it may sit just out of view.
            self.reveal.set(Some(drag.id));
        }
    }
}
