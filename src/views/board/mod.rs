//! The board: columns by status, assignee, priority, type, version or parent, optional swimlanes by
//! another field, cards in manual order, moved by mouse, touch, keyboard or the "Move to…" menu.

mod card;
mod cell;
mod column_head;
mod drag;
pub mod keyboard;
mod list_editor;
mod move_menu;
mod moves;
mod quick_add;
mod saved_boards;
mod toolbar;

use crate::components::focus::focus_when_drawn;
use crate::domain::board_config::BoardConfig;
use crate::domain::board_layout::{Board, CellKey, GroupBy, GroupValue, board};
use crate::domain::board_list::{BoardList, LIST_FIELDS, ListFilter};
use crate::domain::relation::blocking_pairs;
use crate::domain::{RelationKind, StatusId, WorkPackageId, WorkPackageQuery};

/// The relations that make a card blocked.
const BLOCKING: [RelationKind; 2] = [RelationKind::Blocks, RelationKind::Blocked];
use crate::i18n::Key;
use crate::state::BackendCtx;
use crate::state::actions::{WorkPackageActions, use_actions};
use crate::state::announcer::{Announcer, use_announcer};
use crate::state::prefs::{I18n, use_i18n};
use crate::state::project::{ProjectState, use_project};
use crate::state::url::{UrlValue, use_board_config, use_list_params};
use crate::views::create::{CreateDialog, CreatePreset};
use cell::BoardCell;
use column_head::ColumnHead;
use drag::DragState;
use keyboard::{Spot, with_card_at};
use leptos::ev;
use leptos::prelude::*;
use move_menu::MoveMenu;
use std::collections::{BTreeSet, HashMap, HashSet};
use toolbar::BoardToolbar;

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
    /// The board as shown, with a picked-up card at its pending spot.
    pub board: Memo<Board>,
    pub config: UrlValue<BoardConfig>,
    /// Cards per column over the whole project, whatever the filters: what limits count.
    pub totals: Memo<HashMap<GroupValue, usize>>,
    /// The open work packages that block each card ("blocks" relations), for the cards' mark.
    pub blocked_by: Memo<HashMap<WorkPackageId, Vec<WorkPackageId>>>,
    /// Closed and all children of each parent, for the cards' progress.
    pub children: Memo<HashMap<WorkPackageId, (usize, usize)>>,
    pub pickup: RwSignal<Option<Pickup>>,
    pub drag: RwSignal<Option<DragState>>,
    /// The cell whose quick-add field is open.
    pub quick_add: RwSignal<Option<CellKey>>,
    /// The full create form, opened from a cell's quick add.
    pub create: RwSignal<Option<CreatePreset>>,
    /// Cards chosen with Ctrl or Shift: a move of one of them moves them all.
    pub selected: RwSignal<BTreeSet<WorkPackageId>>,
    /// The card a Shift + click range starts from.
    pub selection_anchor: StoredValue<Option<WorkPackageId>>,
    /// The card in the tab order (roving focus); `None`: the board's first card.
    pub focused: RwSignal<Option<WorkPackageId>>,
    /// The first card of the first unfolded cell that has cards.
    first_card: Memo<Option<WorkPackageId>>,
    /// The card whose "Move to…" menu is open.
    pub move_menu: RwSignal<Option<WorkPackageId>>,
    /// Collapsed lanes and columns, by their value.
    pub collapsed: RwSignal<HashSet<GroupValue>>,
    /// A drag ends with a click on the card; that click must not open it.
    pub suppress_click: StoredValue<bool>,
    /// The statuses the workflow allows for the card being moved, once the backend said.
    pub allowed: RwSignal<Option<(WorkPackageId, Vec<StatusId>)>>,
    /// Pixels from one card's top to the next one's: all cards are equally high (style/board.css),
    /// which lets a cell draw only the cards in view.
    pub row: RwSignal<f64>,
    /// A card to scroll into view once its cell holds it (one just created).
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

    /// The name of a column or lane value, in the user's language for "not set".
    pub fn value_name(self, value: GroupValue) -> String {
        if let Some(name) = self
            .config
            .value
            .with(|c| c.layout.list_name(value).map(str::to_owned))
        {
            return name;
        }
        let named = self.project.catalog.with(|c| {
            value.name(c, |id| {
                self.project
                    .work_packages
                    .with_untracked(|m| m.get(&id).map(|wp| wp.subject.clone()))
            })
        });
        named.unwrap_or_else(|| {
            self.i18n
                .t(match value {
                    GroupValue::Version(_) => Key::NoVersion,
                    GroupValue::Parent(_) => Key::NoParent,
                    _ => Key::Unassigned,
                })
                .to_owned()
        })
    }

    /// A manual board's first columns: the board's columns as they are now, each standing for its
    /// value, so switching to lists keeps what the user sees; one list of all cards otherwise.
    pub fn lists_from_columns(self) -> Vec<BoardList> {
        let columns = self.board.with_untracked(|b| b.columns.clone());
        let lists: Vec<BoardList> = columns
            .into_iter()
            .filter(|v| LIST_FIELDS.contains(&v.by()))
            .map(|value| {
                let mut filter = ListFilter::default();
                filter.set(value.by(), Some(value));
                BoardList {
                    name: self.value_name(value),
                    filter,
                }
            })
            .collect();
        if lists.is_empty() {
            return vec![BoardList {
                name: self.i18n.t(Key::ListAll).to_owned(),
                filter: ListFilter::default(),
            }];
        }
        lists
    }

    /// Whether a column or lane is folded away.
    pub fn is_folded(self, value: GroupValue) -> bool {
        self.collapsed.with(|c| c.contains(&value))
    }

    pub fn toggle_folded(self, value: GroupValue) {
        self.collapsed.update(|c| {
            if !c.remove(&value) {
                c.insert(value);
            }
        });
    }

    /// "In progress", or "In progress, High" in a swimlane.
    fn cell_name(self, cell: CellKey) -> String {
        let column = self.value_name(cell.column);
        match cell.lane {
            Some(lane) => format!("{column}, {}", self.value_name(lane)),
            None => column,
        }
    }

    fn subject(self, id: WorkPackageId) -> String {
        self.project
            .get_untracked(id)
            .map(|wp| format!("#{} {}", wp.id, wp.subject))
            .unwrap_or_default()
    }

    fn cell_len(self, cell: CellKey) -> usize {
        self.board
            .with_untracked(|b| b.cell(cell).map_or(0, |c| c.cards.len()))
    }

    fn announce(self, key: Key, id: WorkPackageId, spot: Spot, with_count: bool) {
        let lang = self.i18n.lang_untracked();
        let count = self.cell_len(spot.cell).max(spot.index + 1);
        let mut args = vec![
            ("subject", self.subject(id)),
            ("column", self.cell_name(spot.cell)),
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

    /// Asks the backend which statuses the card may go to; until it answers, all are open.
    pub fn load_allowed(self, id: WorkPackageId) {
        self.allowed.set(None);
        let by_status = self.config.value.with_untracked(|c| {
            let layout = &c.layout;
            let lists_set_status = layout.lists.iter().any(|l| l.filter.status.is_some());
            layout.columns == GroupBy::Status
                || layout.lanes == Some(GroupBy::Status)
                || (layout.columns == GroupBy::List && lists_set_status)
        });
        if !by_status {
            return;
        }
        let backend = self.backend.get();
        leptos::task::spawn_local(async move {
            if let Ok(Some(statuses)) = backend.allowed_statuses(id).await {
                self.allowed.set(Some((id, statuses)));
            }
        });
    }

    /// Whether the workflow forbids moving `id` into `cell` (a cell of its own status is always fine).
    pub fn is_blocked(self, id: WorkPackageId, cell: CellKey) -> bool {
        let Some(GroupValue::Status(status)) = cell.value(GroupBy::Status) else {
            return false;
        };
        let current = self.project.get_untracked(id).map(|wp| wp.status);
        current != Some(status)
            && self.allowed.with_untracked(|allowed| {
                allowed
                    .as_ref()
                    .is_some_and(|(card, statuses)| *card == id && !statuses.contains(&status))
            })
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
    let config = use_board_config();
    let list = use_list_params();
    let pickup = RwSignal::new(None::<Pickup>);
    let layout = Memo::new(move |_| config.value.with(|c| c.layout.clone()));
    // Laying out every card happens when the data, filters or grouping change, not on each key
    // press of a keyboard move.
    let sorted = Memo::new(move |_| {
        let today = chrono::Local::now().date_naive();
        let query = WorkPackageQuery {
            filters: list.value.with(|p| p.filters(today)),
            ..WorkPackageQuery::everything()
        };
        let layout = layout.get();
        project.catalog.with(|c| {
            project
                .work_packages
                .with(|wps| board(&layout, c, wps.values().filter(|wp| query.matches(wp, c))))
        })
    });
    let shown = Memo::new(move |_| match pickup.get() {
        Some(p) => with_card_at(sorted.get(), p.id, p.spot),
        None => sorted.get(),
    });
    // Work in progress: closed work counts only where it has a column of its own (by status).
    let totals = Memo::new(move |_| {
        let layout = layout.get();
        let by = layout.columns;
        project.catalog.with(|c| {
            project.work_packages.with(|wps| {
                let mut totals = HashMap::new();
                for wp in wps.values() {
                    if (by == GroupBy::Status || !c.is_closed(wp.status))
                        && let Some(value) = layout.value(by, wp)
                    {
                        *totals.entry(value).or_insert(0) += 1;
                    }
                }
                totals
            })
        })
    });
    let children = Memo::new(move |_| {
        project.catalog.with(|c| {
            project.work_packages.with(|wps| {
                let mut counts: HashMap<WorkPackageId, (usize, usize)> = HashMap::new();
                for wp in wps.values() {
                    if let Some(parent) = wp.parent {
                        let entry = counts.entry(parent).or_insert((0, 0));
                        entry.0 += usize::from(c.is_closed(wp.status));
                        entry.1 += 1;
                    }
                }
                counts
            })
        })
    });
    // Blocking relations change rarely: read once, and again when another tab or user changed data.
    let backend = crate::state::backend::use_backend();
    let revision = crate::state::backend::use_revision();
    let blocking = LocalResource::new(move || {
        revision.0.track();
        project.relations_revision.track();
        let backend = backend.get();
        let id = project.project.with_untracked(|p| p.id);
        // Without them the board still works; only the "blocked" marks are missing.
        async move {
            backend
                .relations_in(id, &BLOCKING)
                .await
                .unwrap_or_default()
        }
    });
    let blocked_by = Memo::new(move |_| {
        let relations = blocking.get().unwrap_or_default();
        project.catalog.with(|c| {
            project.work_packages.with(|wps| {
                let mut blocked: HashMap<WorkPackageId, Vec<WorkPackageId>> = HashMap::new();
                for (blocker, card) in blocking_pairs(&relations) {
                    // A blocker in another project, whose status is unknown here, is left out.
                    let open = wps.get(&blocker).is_some_and(|b| !c.is_closed(b.status));
                    if open && wps.contains_key(&card) {
                        blocked.entry(card).or_default().push(blocker);
                    }
                }
                blocked
            })
        })
    });
    let collapsed = RwSignal::new(HashSet::new());
    let first_card = Memo::new(move |_| {
        collapsed.with(|folded| {
            shown.with(|b| {
                b.cells
                    .iter()
                    .find(|c| !c.cards.is_empty() && keyboard::is_unfolded(folded, c.key))
                    .map(|c| c.cards[0])
            })
        })
    });
    let board = BoardCtx {
        board: shown,
        config,
        totals,
        blocked_by,
        children,
        pickup,
        drag: RwSignal::new(None),
        quick_add: RwSignal::new(None),
        create: RwSignal::new(None),
        move_menu: RwSignal::new(None),
        focused: RwSignal::new(None),
        first_card,
        selected: RwSignal::new(BTreeSet::new()),
        selection_anchor: StoredValue::new(None),
        collapsed,
        suppress_click: StoredValue::new(false),
        allowed: RwSignal::new(None),
        row: RwSignal::new(ROW_ESTIMATE),
        reveal: RwSignal::new(None),
        backend,
        notices: crate::state::notices::use_notices(),
        project,
        actions: use_actions(),
        announcer: use_announcer(),
        i18n,
    };
    provide_context(board);
    // Changes from elsewhere wait while a card is carried, so it never jumps under the pointer.
    Effect::new(move || {
        let carrying =
            pickup.with(Option::is_some) || board.drag.with(|d| d.is_some_and(|d| d.active));
        project.interacting.set(carrying);
    });
    on_cleanup(move || project.interacting.set(false));

    let auto_scrolling = StoredValue::new(false);
    let on_move = window_event_listener(ev::pointermove, move |e| {
        if let Some(mut drag) = board.drag.get_untracked()
            && drag.pointer_id == e.pointer_id()
        {
            if board.board.with_untracked(|b| drag.follow(&e, b)) {
                e.prevent_default();
            }
            board.drag.set(Some(drag));
            if drag.active && !auto_scrolling.get_value() {
                auto_scrolling.set_value(true);
                auto_scroll(&board, auto_scrolling);
            }
        }
    });
    // One card tells the height of all; measured once the first cards are drawn and on resize.
    let has_cards =
        Memo::new(move |_| sorted.with(|b| b.cells.iter().any(|c| !c.cards.is_empty())));
    Effect::new(move || {
        if has_cards.get() {
            board.measure_row();
        }
    });
    let on_resize = window_event_listener(ev::resize, move |_| board.measure_row());
    let on_up = window_event_listener(ev::pointerup, move |_| board.finish_drag());
    let on_cancel = window_event_listener(ev::pointercancel, move |_| board.drag.set(None));
    // A carried card whose focus was lost (a dialog opened over the board and closed after the
    // card was drawn anew) hears no keys: Escape anywhere still puts it back, or it would stay
    // carried, and changes from elsewhere would wait for it, until the page is left.
    let on_escape = window_event_listener(ev::keydown, move |e| {
        if e.key() == "Escape" && !e.default_prevented() && pickup.with_untracked(Option::is_some) {
            e.prevent_default();
            board.cancel_pickup();
        }
    });
    let touch_guard = block_scrolling_while_dragging(board.drag);
    on_cleanup(move || {
        touch_guard();
        on_move.remove();
        on_resize.remove();
        on_up.remove();
        on_cancel.remove();
        on_escape.remove();
    });

    let columns = Memo::new(move |_| shown.with(|b| b.columns.clone()));
    let lanes = Memo::new(move |_| shown.with(|b| b.lanes.clone()));
    let has_lanes = move || layout.with(|l| l.lanes.is_some());
    view! {
        <section class="tafel-board" aria-labelledby="tafel-board-title">
            <h2 id="tafel-board-title" class="tafel-sr-only">
                {move || i18n.fill(Key::BoardTitle, &[("project", &project.project.with(|p| p.name.clone()))])}
            </h2>
            <p id="tafel-board-help" class="tafel-sr-only">{i18n.tr(Key::BoardInstructions)}</p>
            <BoardToolbar list/>
            <Show when=move || layout.with(|l| l.columns == GroupBy::List && l.lists.is_empty())>
                <p class="tafel-board__empty" role="status">{i18n.tr(Key::ListsEmpty)}</p>
            </Show>
            <div
                class="tafel-board__columns"
                class:tafel-board__columns--lanes=has_lanes
                class:tafel-board__columns--dragging=move || board.drag.with(|d| d.is_some_and(|d| d.active))
            >
                <Show
                    when=has_lanes
                    fallback=move || view! {
                        <For each=move || columns.get() key=|column| *column let:column>
                            <section
                                class="tafel-column"
                                class:tafel-column--collapsed=move || board.is_folded(column)
                                data-column=column.token()
                                aria-labelledby=format!("tafel-column-{}", column.token())
                                data-testid="board-column"
                            >
                                <ColumnHead column/>
                                <Show when=move || !board.is_folded(column)>
                                    <BoardCell cell=CellKey { column, lane: None }/>
                                </Show>
                            </section>
                        </For>
                    }
                >
                    <div class="tafel-board__lane-heads">
                        <For each=move || columns.get() key=|column| *column let:column>
                            <div
                                class="tafel-column tafel-column--head"
                                class:tafel-column--collapsed=move || board.is_folded(column)
                                data-column=column.token()
                                data-testid="board-column"
                            >
                                <ColumnHead column/>
                            </div>
                        </For>
                    </div>
                    <For each=move || lanes.get() key=|lane| *lane let:lane>
                        <BoardLane lane columns/>
                    </For>
                </Show>
            </div>
            <DragGhost/>
            <MoveMenu/>
            <CreateDialog preset=board.create on_created=Callback::new(move |id| {
                board.reveal.set(Some(id));
                focus_card_soon(id);
            })/>
        </section>
    }
}

/// One swimlane: a heading that collapses it, then one cell per column.
#[component]
fn BoardLane(lane: Option<GroupValue>, columns: Memo<Vec<GroupValue>>) -> impl IntoView {
    let board = use_board();
    let i18n = use_i18n();
    let Some(value) = lane else {
        return ().into_any();
    };
    let collapsed = move || board.is_folded(value);
    let toggle = move |_| board.toggle_folded(value);
    let count = move || board.board.with(|b| b.lane_len(lane));
    let heading_id = format!("tafel-lane-{}", value.token());
    let labelled_by = heading_id.clone();
    view! {
        <section class="tafel-lane" data-lane=value.token() data-testid="board-lane" aria-labelledby=labelled_by>
            <h3 class="tafel-lane__head" id=heading_id>
                <button
                    type="button"
                    class="tafel-lane__toggle"
                    aria-expanded=move || (!collapsed()).to_string()
                    on:click=toggle
                >
                    <span aria-hidden="true">{move || if collapsed() { "▸" } else { "▾" }}</span>
                    <span class="tafel-lane__name">{move || board.value_name(value)}</span>
                    <span class="tafel-lane__count">
                        {move || i18n.count(Key::CardCountOne, Key::CardCount, count())}
                    </span>
                </button>
            </h3>
            <Show when=move || !collapsed()>
                <div class="tafel-lane__cells">
                    <For each=move || columns.get() key=|column| *column let:column>
                        <div
                            class="tafel-column tafel-column--cell"
                            class:tafel-column--collapsed=move || board.is_folded(column)
                            data-column=column.token()
                        >
                            <Show when=move || !board.is_folded(column)>
                                <BoardCell cell=CellKey { column, lane }/>
                            </Show>
                        </div>
                    </For>
                </div>
            </Show>
        </section>
    }
    .into_any()
}

/// What follows the pointer during a drag: a copy of the card above every scrolling box, so it is
/// never clipped by its cell; the card itself stays in place, dimmed, until it is dropped.
#[component]
fn DragGhost() -> impl IntoView {
    let board = use_board();
    let project = use_project();
    let ghost = move || {
        let drag = board.drag.get().filter(|d| d.active)?;
        let subject = project.get_untracked(drag.id)?.subject;
        let (left, top, width, height) = drag.rect;
        Some(view! {
            <div
                class="tafel-card tafel-card--ghost"
                aria-hidden="true"
                style:left=format!("{}px", left + drag.offset.0)
                style:top=format!("{}px", top + drag.offset.1)
                style:width=format!("{width}px")
                style:height=format!("{height}px")
            >
                <span class="tafel-card__id">"#"{drag.id.0}</span>
                <p class="tafel-card__subject">{subject}</p>
            </div>
        })
    };
    view! { {ghost} }
}

/// While a finger carries a card the page must not scroll under it: a `touchmove` listener that
/// may cancel scrolling has to be registered as not passive, which Leptos's listeners are not.
/// Returns what removes it.
fn block_scrolling_while_dragging(drag: RwSignal<Option<DragState>>) -> impl FnOnce() {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let listener = Closure::<dyn Fn(web_sys::Event)>::new(move |e: web_sys::Event| {
        if drag.with_untracked(|d| d.is_some_and(|d| d.active && d.touch)) {
            e.prevent_default();
        }
    })
    .into_js_value();
    let options = web_sys::AddEventListenerOptions::new();
    options.set_passive(false);
    let _ = window().add_event_listener_with_callback_and_add_event_listener_options(
        "touchmove",
        listener.unchecked_ref(),
        &options,
    );
    move || {
        let _ = window().remove_event_listener_with_callback("touchmove", listener.unchecked_ref());
    }
}

/// Each frame while a carried card rests near an edge: scroll there, and find the spot under the
/// pointer anew, since the cards moved under it. Stops when the drag ends or nothing scrolls.
fn auto_scroll(board: &BoardCtx, running: StoredValue<bool>) {
    let Some(mut drag) = board.drag.get_untracked().filter(|d| d.active) else {
        running.set_value(false);
        return;
    };
    let (x, y) = drag.pointer();
    if !drag::scroll_at_edges(x, y) {
        running.set_value(false);
        return;
    }
    board.board.with_untracked(|b| drag.follow_point(x, y, b));
    board.drag.set(Some(drag));
    let board = *board;
    request_animation_frame(move || auto_scroll(&board, running));
}
