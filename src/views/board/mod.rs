//! The board by status: one column per status, cards in manual order, moved by mouse, touch or keyboard.

mod card;
mod column;
mod drag;
pub mod keyboard;

use crate::components::focus::focus_when_drawn;
use crate::domain::board::{StatusColumn, status_columns};
use crate::domain::{StatusId, WorkPackageId};
use crate::i18n::Key;
use crate::state::BackendCtx;
use crate::state::actions::{WorkPackageActions, use_actions};
use crate::state::announcer::{Announcer, use_announcer};
use crate::state::prefs::{I18n, use_i18n};
use crate::state::project::{ProjectState, use_project};
use crate::views::create::{CreateDialog, CreatePreset};
use column::BoardColumn;
use drag::DragState;
use keyboard::{Spot, spot_of, with_card_at};
use leptos::ev;
use leptos::prelude::*;

/// A card picked up by keyboard: where it would land now, and where it came from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pickup {
    pub id: WorkPackageId,
    pub spot: Spot,
    pub origin: Spot,
}

/// Shared by the board's columns and cards.
#[derive(Clone, Copy)]
pub struct BoardCtx {
    /// Columns as shown, with a picked-up card at its pending spot.
    pub columns: Memo<Vec<StatusColumn>>,
    pub pickup: RwSignal<Option<Pickup>>,
    pub drag: RwSignal<Option<DragState>>,
    pub create: RwSignal<Option<CreatePreset>>,
    /// A drag ends with a click on the card; that click must not open it.
    pub suppress_click: StoredValue<bool>,
    /// The statuses the workflow allows for the card being moved, once the backend said.
    pub allowed: RwSignal<Option<(WorkPackageId, Vec<StatusId>)>>,
    /// Pixels from one card's top to the next one's: all cards are equally high (style/board.css),
    /// which lets a column draw only the cards in view.
    pub row: RwSignal<f64>,
    /// A card to scroll into view once its column holds it (one just created).
    pub reveal: RwSignal<Option<WorkPackageId>>,
    backend: BackendCtx,
    project: ProjectState,
    actions: WorkPackageActions,
    announcer: Announcer,
    notices: crate::state::Notices,
    i18n: I18n,
}

/// The row height until a card has been measured; close to the real one at the default text size.
const ROW_ESTIMATE: f64 = 132.0;

impl BoardCtx {
    /// Measures a drawn card (text size and zoom change it) and its spacing.
    pub fn measure_row(self) {
        let Ok(Some(card)) = document().query_selector(".tafel-card") else {
            return;
        };
        let Some(card) = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&card) else {
            return;
        };
        let margin = window()
            .get_computed_style(card)
            .ok()
            .flatten()
            .and_then(|style| style.get_property_value("margin-bottom").ok())
            .and_then(|px| px.trim_end_matches("px").parse::<f64>().ok())
            .unwrap_or(0.0);
        let row = f64::from(card.offset_height()) + margin;
        if row > 0.0 && (row - self.row.get_untracked()).abs() > 0.5 {
            self.row.set(row);
        }
    }

    fn status_name(self, status: StatusId) -> String {
        self.project
            .catalog
            .with_untracked(|c| c.status(status).map(|s| s.name.clone()))
            .unwrap_or_default()
    }

    fn subject(self, id: WorkPackageId) -> String {
        self.project
            .get_untracked(id)
            .map(|wp| format!("#{} {}", wp.id, wp.subject))
            .unwrap_or_default()
    }

    fn column_len(self, status: StatusId) -> usize {
        self.columns.with_untracked(|cols| {
            cols.iter()
                .find(|c| c.status == status)
                .map_or(0, |c| c.cards.len())
        })
    }

    fn announce(self, key: Key, id: WorkPackageId, spot: Spot, with_count: bool) {
        let lang = self.i18n.lang_untracked();
        let count = self.column_len(spot.status).max(spot.index + 1);
        let mut args = vec![
            ("subject", self.subject(id)),
            ("column", self.status_name(spot.status)),
            ("position", (spot.index + 1).to_string()),
        ];
        if with_count {
            args.push(("count", count.to_string()));
        }
        let borrowed: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        self.announcer.say(lang.fill(key, &borrowed));
    }

    /// Whether the backend lets the user change this card's work package.
    pub fn may_move(self, id: WorkPackageId) -> bool {
        self.project
            .get_untracked(id)
            .is_some_and(|wp| wp.permissions.update)
    }

    /// Asks the backend which columns the card may go to; until it answers, all are open.
    pub fn load_allowed(self, id: WorkPackageId) {
        self.allowed.set(None);
        let backend = self.backend.get();
        leptos::task::spawn_local(async move {
            if let Ok(Some(statuses)) = backend.allowed_statuses(id).await {
                self.allowed.set(Some((id, statuses)));
            }
        });
    }

    /// Whether the workflow forbids moving `id` into `status` (its own column is always fine).
    pub fn is_blocked(self, id: WorkPackageId, status: StatusId) -> bool {
        let current = self.project.get_untracked(id).map(|wp| wp.status);
        current != Some(status)
            && self.allowed.with_untracked(|allowed| {
                allowed
                    .as_ref()
                    .is_some_and(|(card, statuses)| *card == id && !statuses.contains(&status))
            })
    }

    fn refuse_blocked(self, id: WorkPackageId, status: StatusId) {
        let lang = self.i18n.lang_untracked();
        let text = lang.fill(
            Key::MoveNotAllowed,
            &[
                ("subject", &self.subject(id)),
                ("column", &self.status_name(status)),
            ],
        );
        self.announcer.say(text.clone());
        self.notices.error(text);
    }

    pub fn pick_up(self, id: WorkPackageId) {
        if !self.may_move(id) {
            let lang = self.i18n.lang_untracked();
            self.announcer
                .say(lang.fill(Key::CannotMove, &[("subject", &self.subject(id))]));
            return;
        }
        let Some(spot) = self.columns.with_untracked(|cols| spot_of(cols, id)) else {
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
        let spot = self
            .columns
            .with_untracked(|cols| keyboard::step(cols, pickup.id, pickup.spot, step));
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
        self.pickup.set(None);
        if self.is_blocked(pickup.id, pickup.spot.status) {
            self.refuse_blocked(pickup.id, pickup.spot.status);
            focus_card_soon(pickup.id);
            return;
        }
        if pickup.spot != pickup.origin {
            self.actions
                .move_card(pickup.id, pickup.spot.status, pickup.spot.index);
        }
        self.announce(Key::AnnounceDropped, pickup.id, pickup.spot, false);
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
        self.suppress_click.set_value(true);
        let Some(target) = drag.target else {
            return;
        };
        let origin = self.columns.with_untracked(|cols| spot_of(cols, drag.id));
        if self.is_blocked(drag.id, target.status) {
            self.refuse_blocked(drag.id, target.status);
            return;
        }
        if origin != Some(target) {
            self.actions.move_card(drag.id, target.status, target.index);
            self.announce(Key::AnnounceDropped, drag.id, target, false);
        }
    }
}

/// Moving a card re-creates its element in another column, possibly after that column has scrolled
/// it into view; give focus back once it is drawn.
fn focus_card_soon(id: WorkPackageId) {
    focus_when_drawn(format!("[data-card-id=\"{}\"]", id.0));
}

pub fn use_board() -> BoardCtx {
    expect_context::<BoardCtx>()
}

#[component]
pub fn BoardView() -> impl IntoView {
    let project = use_project();
    let i18n = use_i18n();
    let pickup = RwSignal::new(None::<Pickup>);
    // Sorting every card happens when the data changes, not on each key press of a keyboard move.
    let sorted = Memo::new(move |_| {
        project.catalog.with(|c| {
            project
                .work_packages
                .with(|wps| status_columns(c, wps.values()))
        })
    });
    let columns = Memo::new(move |_| match pickup.get() {
        Some(p) => with_card_at(sorted.get(), p.id, p.spot),
        None => sorted.get(),
    });
    let board = BoardCtx {
        columns,
        pickup,
        drag: RwSignal::new(None),
        create: RwSignal::new(None),
        suppress_click: StoredValue::new(false),
        allowed: RwSignal::new(None),
        row: RwSignal::new(ROW_ESTIMATE),
        reveal: RwSignal::new(None),
        backend: crate::state::backend::use_backend(),
        notices: crate::state::notices::use_notices(),
        project,
        actions: use_actions(),
        announcer: use_announcer(),
        i18n,
    };
    provide_context(board);

    let on_move = window_event_listener(ev::pointermove, move |e| {
        if let Some(mut drag) = board.drag.get_untracked()
            && drag.pointer_id == e.pointer_id()
        {
            if board.columns.with_untracked(|cols| drag.follow(&e, cols)) {
                e.prevent_default();
            }
            board.drag.set(Some(drag));
        }
    });
    // One card tells the height of all; measured once the first cards are drawn and on resize.
    let has_cards =
        Memo::new(move |_| sorted.with(|cols| cols.iter().any(|c| !c.cards.is_empty())));
    Effect::new(move || {
        if has_cards.get() {
            board.measure_row();
        }
    });
    let on_resize = window_event_listener(ev::resize, move |_| board.measure_row());
    let on_up = window_event_listener(ev::pointerup, move |_| board.finish_drag());
    let on_cancel = window_event_listener(ev::pointercancel, move |_| board.drag.set(None));
    on_cleanup(move || {
        on_move.remove();
        on_resize.remove();
        on_up.remove();
        on_cancel.remove();
    });

    view! {
        <section class="tafel-board" aria-labelledby="tafel-board-title">
            <h2 id="tafel-board-title" class="tafel-sr-only">
                {move || i18n.fill(Key::BoardTitle, &[("project", &project.project.with(|p| p.name.clone()))])}
            </h2>
            <p id="tafel-board-help" class="tafel-sr-only">{i18n.tr(Key::BoardInstructions)}</p>
            <div class="tafel-board__columns" class:tafel-board__columns--dragging=move || board.drag.with(|d| d.is_some_and(|d| d.active))>
                <For
                    each=move || columns.with(|cols| cols.iter().map(|c| c.status).collect::<Vec<_>>())
                    key=|status| *status
                    let:status
                >
                    <BoardColumn status/>
                </For>
            </div>
            <CreateDialog preset=board.create on_created=Callback::new(move |id| {
                board.reveal.set(Some(id));
                focus_card_soon(id);
            })/>
        </section>
    }
}
