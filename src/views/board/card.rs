use super::drag::{LONG_PRESS, LONG_PRESS_SLOP};
use super::keyboard::Step;
use super::{DragState, use_board};
use crate::components::focus::{focus_fell_to_page, focus_when_drawn};
use crate::domain::WorkPackageId;
use crate::domain::board_config::CardField;
use crate::i18n::{Key, format};
use crate::state::prefs::use_i18n;
use crate::state::project::use_project;
use crate::state::url::use_detail_panel;
use leptos::prelude::*;

#[component]
pub fn BoardCard(
    id: WorkPackageId,
    /// Its place in the column, from 0; only the cards in view are drawn.
    index: Signal<usize>,
    /// How many cards the column has.
    size: Memo<usize>,
    #[prop(into)] drop_before: Signal<bool>,
) -> impl IntoView {
    let board = use_board();
    let project = use_project();
    let i18n = use_i18n();
    let detail = use_detail_panel();
    let today = chrono::Local::now().date_naive();

    let wp = Memo::new(move |_| project.work_packages.with(|m| m.get(&id).cloned()));
    let field = move |f: fn(&crate::domain::WorkPackage) -> String| {
        wp.with(|w| w.as_ref().map(f).unwrap_or_default())
    };
    let subject = move || field(|w| w.subject.clone());
    let shows = move |field: CardField| board.config.value.with(|c| c.shows(field));
    let type_info = move || {
        if !shows(CardField::Type) {
            return None;
        }
        let type_id = wp.with(|w| w.as_ref().map(|w| w.wp_type))?;
        project.catalog.with(|c| {
            c.wp_type(type_id)
                .map(|t| (t.name.clone(), t.color.clone()))
        })
    };
    let priority = move || {
        if !shows(CardField::Priority) {
            return None;
        }
        let pid = wp.with(|w| w.as_ref().map(|w| w.priority))?;
        project
            .catalog
            .with(|c| c.priority(pid).map(|p| p.name.clone()))
    };
    let assignee = move || {
        if !shows(CardField::Assignee) {
            return None;
        }
        let uid = wp.with(|w| w.as_ref().and_then(|w| w.assignee))?;
        project
            .catalog
            .with(|c| c.user(uid).map(|u| (u.initials(), u.name.clone())))
    };
    let due = move || {
        let w = wp.get()?;
        let closed = project.catalog.with(|c| c.is_closed(w.status));
        // Overdue work is marked even when finish dates are not shown.
        if !shows(CardField::Finish) {
            let finish = w.finish()?;
            return w.is_overdue(today, closed).then_some((finish, true));
        }
        let finish = w.finish()?;
        Some((finish, w.is_overdue(today, closed)))
    };
    let blockers = move || {
        board.blocked_by.with(|b| {
            b.get(&id).map(|list| {
                list.iter()
                    .map(|b| format!("#{}", b.0))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
        })
    };
    // Child progress: closed children of all children.
    let children = move || {
        if !shows(CardField::Children) {
            return None;
        }
        board.children.with(|c| c.get(&id).copied())
    };
    let selected = move || board.selected.with(|s| s.contains(&id));
    let picked = move || board.pickup.with(|p| p.is_some_and(|p| p.id == id));
    let dragging = move || {
        board
            .drag
            .with(|d| d.is_some_and(|d| d.active && d.id == id))
    };

    let start_drag = move |ev: &web_sys::PointerEvent| {
        if ev.button() != 0 || board.pickup.get_untracked().is_some() || !board.may_move(id) {
            return;
        }
        board.suppress_click.set_value(false);
        board.drag.set(Some(DragState::new(id, ev)));
        board.load_allowed(id);
    };
    // On touch a long press picks the card up; a finger that moves first scrolls, as it always does.
    let press = StoredValue::new(None::<(i32, (f64, f64), TimeoutHandle)>);
    let cancel_press = move || {
        if let Some((_, _, handle)) = press.get_value() {
            handle.clear();
            press.set_value(None);
        }
    };
    on_cleanup(cancel_press);
    // A card is drawn anew when it moves to another cell (by keyboard, say): if it had the focus,
    // the new one takes it. One scrolled out of the drawn range hands the tab stop back.
    let node = NodeRef::<leptos::html::Li>::new();
    on_cleanup(move || {
        let had_focus = node.get_untracked().is_some_and(|li| {
            document()
                .active_element()
                .is_some_and(|active| li.contains(Some(&active)))
        });
        let was_focused = board.focused.get_untracked() == Some(id);
        if had_focus || (was_focused && focus_fell_to_page()) {
            focus_when_drawn(format!("[data-card-id=\"{}\"]", id.0));
        } else if was_focused {
            board.focused.set(None);
        }
    });
    let start_press = move |ev: &web_sys::PointerEvent| {
        if board.pickup.get_untracked().is_some() || !board.may_move(id) {
            return;
        }
        cancel_press();
        let state = DragState::new(id, ev);
        let handle = set_timeout_with_handle(
            move || {
                press.set_value(None);
                board.drag.set(Some(DragState {
                    active: true,
                    ..state
                }));
                board.load_allowed(id);
            },
            LONG_PRESS,
        );
        if let Ok(handle) = handle {
            press.set_value(Some((ev.pointer_id(), state.start, handle)));
        }
    };
    let follow_press = move |ev: &web_sys::PointerEvent| {
        if let Some((pointer, (x, y), _)) = press.get_value() {
            let moved = (f64::from(ev.client_x()) - x).hypot(f64::from(ev.client_y()) - y);
            if pointer == ev.pointer_id() && moved > LONG_PRESS_SLOP {
                cancel_press();
            }
        }
    };
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        let key = ev.key();
        let picked_now = board.pickup.get_untracked().is_some_and(|p| p.id == id);
        if picked_now {
            match key.as_str() {
                " " | "Enter" => board.drop_picked(),
                "Escape" => board.cancel_pickup(),
                other => match Step::from_key(other) {
                    Some(step) => board.step(step),
                    None => return,
                },
            }
            ev.prevent_default();
        } else {
            match key.as_str() {
                " " if ev.shift_key() => board.toggle_selected(id),
                "Escape" if board.selected.with_untracked(|s| !s.is_empty()) => {
                    board.selected.set(std::collections::BTreeSet::new());
                }
                " " => board.pick_up(id),
                "Enter" => detail.set(Some(id)),
                "m" | "M" if board.may_move(id) => {
                    board.load_allowed(id);
                    board.move_menu.set(Some(id));
                }
                other => match Step::from_key(other) {
                    Some(step) => board.move_focus(id, step),
                    None => return,
                },
            }
            ev.prevent_default();
        }
    };
    let open = move |ev: web_sys::MouseEvent| {
        if board.suppress_click.get_value() {
            board.suppress_click.set_value(false);
            return;
        }
        if ev.ctrl_key() || ev.meta_key() {
            board.toggle_selected(id);
        } else if ev.shift_key() {
            board.select_range(id);
        } else {
            detail.set(Some(id));
        }
    };
    let label = move || {
        let mut parts = vec![format!("#{} {}", id.0, subject())];
        if selected() {
            parts.push(i18n.t(Key::CardSelected).to_owned());
        }
        if let Some((name, _)) = type_info() {
            parts.push(i18n.fill(Key::CardType, &[("name", &name)]));
        }
        if let Some(p) = priority() {
            parts.push(i18n.fill(Key::CardPriority, &[("name", &p)]));
        }
        if let Some((_, name)) = assignee() {
            parts.push(i18n.fill(Key::CardAssignee, &[("name", &name)]));
        }
        if let Some(list) = blockers() {
            parts.push(i18n.fill(Key::CardBlockedBy, &[("list", &list)]));
        }
        if let Some((done, total)) = children() {
            parts.push(i18n.fill(
                Key::CardChildren,
                &[("done", &done.to_string()), ("total", &total.to_string())],
            ));
        }
        if let Some((date, overdue)) = due() {
            parts.push(i18n.fill(Key::CardDue, &[("date", &format::date(i18n.lang(), date))]));
            if overdue {
                parts.push(i18n.t(Key::CardOverdue).to_owned());
            }
        }
        parts.join(", ")
    };

    view! {
        <li
            class="tafel-card"
            node_ref=node
            class:tafel-card--picked=picked
            class:tafel-card--selected=selected
            class:tafel-card--dragging=dragging
            class:tafel-card--drop-before=move || drop_before.get()
            class:tafel-card--fixed=move || !wp.with(|w| w.as_ref().is_some_and(|w| w.permissions.update))
            data-card-id=id.0.to_string()
            data-index=move || index.get().to_string()
            aria-posinset=move || (index.get() + 1).to_string()
            aria-setsize=move || size.get().to_string()
            data-testid="card"
            // Roving focus: one card of the board is in the tab order; arrows move between cards.
            tabindex=move || if board.is_tab_stop(id) { "0" } else { "-1" }
            on:focus=move |_| board.focused.set(Some(id))
            aria-label=label
            aria-describedby="tafel-board-help"
            aria-grabbed=move || picked().to_string()
            on:pointerdown=move |ev| {
                if ev.pointer_type() == "touch" {
                    start_press(&ev);
                } else {
                    start_drag(&ev);
                }
            }
            on:pointermove=move |ev| follow_press(&ev)
            on:pointerup=move |_| cancel_press()
            on:pointercancel=move |_| cancel_press()
            // A long press would open the browser's menu on a phone; a carried card has none.
            on:contextmenu=move |ev| {
                if press.with_value(Option::is_some) || dragging() {
                    ev.prevent_default();
                }
            }
            on:keydown=on_keydown
            on:click=open
        >
            <div class="tafel-card__top">
                <span class="tafel-card__check" aria-hidden="true" hidden=move || !selected()>"✓"</span>
                <span class="tafel-card__id">"#"{id.0}</span>
                {move || type_info().map(|(name, color)| view! {
                    <span class="tafel-card__type">
                        <span class="tafel-card__type-swatch" style:background-color=color aria-hidden="true"></span>
                        {name}
                    </span>
                })}
                <button
                    type="button"
                    class="tafel-card__menu"
                    // Out of the tab order (one stop per board); the M key opens it from the card.
                    tabindex="-1"
                    hidden=move || !wp.with(|w| w.as_ref().is_some_and(|w| w.permissions.update))
                    aria-label=move || i18n.fill(Key::MoveToButton, &[("id", &id.0.to_string()), ("subject", &subject())])
                    title=move || i18n.fill(Key::MoveToButton, &[("id", &id.0.to_string()), ("subject", &subject())])
                    on:pointerdown=|ev| ev.stop_propagation()
                    on:keydown=|ev| ev.stop_propagation()
                    on:click=move |ev| {
                        ev.stop_propagation();
                        board.load_allowed(id);
                        board.move_menu.set(Some(id));
                    }
                >
                    "⋯"
                </button>
                <span
                    class="tafel-card__handle"
                    aria-hidden="true"
                    title=move || i18n.fill(Key::CardMoveHandle, &[("id", &id.0.to_string()), ("subject", &subject())])
                    on:pointerdown=move |ev| {
                        if ev.pointer_type() == "touch" {
                            // The handle carries at once; the card's long press is not needed.
                            ev.prevent_default();
                            ev.stop_propagation();
                            start_drag(&ev);
                        }
                    }
                >
                    "⠿"
                </span>
            </div>
            <p class="tafel-card__subject">{subject}</p>
            <div class="tafel-card__meta">
                {move || priority().map(|p| view! { <span class="tafel-card__priority">{p}</span> })}
                {move || blockers().map(|list| view! {
                    <span class="tafel-card__blocked" title=i18n.fill(Key::CardBlockedBy, &[("list", &list)])>
                        "⛔ "{i18n.t(Key::CardBlocked)}
                    </span>
                })}
                {move || children().map(|(done, total)| view! {
                    <span class="tafel-card__children" title=i18n.fill(Key::CardChildren, &[("done", &done.to_string()), ("total", &total.to_string())])>
                        "☑ "{done}"/"{total}
                    </span>
                })}
                {move || due().map(|(date, overdue)| view! {
                    <span class="tafel-card__due" class:tafel-card__due--overdue=overdue>
                        {overdue.then(|| view! { <span class="tafel-card__overdue-mark">"⚠ "{i18n.t(Key::CardOverdue)}" · "</span> })}
                        {format::short_date(i18n.lang(), date)}
                    </span>
                })}
                {move || assignee().map(|(initials, name)| view! {
                    <span class="tafel-card__avatar" title=name>{initials}</span>
                })}
            </div>
        </li>
    }
}
