//! The keyboard shortcuts of every view in one dialog: opened with `?` anywhere outside a text field,
//! or with the header's button.

use crate::components::dialog::Dialog;
use crate::i18n::Key;
use crate::state::prefs::use_i18n;
use leptos::prelude::*;

/// (keys, what they do), by view. Keys are named in the user's language (German keyboards say
/// Strg, Entf, Umschalt).
const SECTIONS: [(Key, &[(Key, Key)]); 4] = [
    (
        Key::NavBoard,
        &[
            (Key::KeysArrows, Key::ShortcutMoveFocus),
            (Key::KeysSpace, Key::ShortcutPickUp),
            (Key::KeysM, Key::ShortcutMoveMenu),
            (Key::KeysShiftSpace, Key::ShortcutSelect),
            (Key::KeysEnter, Key::ShortcutOpen),
            (Key::KeysEscape, Key::ShortcutCancel),
        ],
    ),
    (
        Key::NavTable,
        &[
            (Key::KeysArrows, Key::ShortcutMoveCell),
            (Key::KeysHomeEnd, Key::ShortcutEnds),
            (Key::KeysPageUpDown, Key::ShortcutPage),
            (Key::KeysEnter, Key::ShortcutOpenOrEdit),
            (Key::KeysF2, Key::ShortcutEdit),
            (Key::KeysSpace, Key::ShortcutSelectRow),
            (Key::KeysEscape, Key::ShortcutCancel),
        ],
    ),
    (
        Key::NavGantt,
        &[
            (Key::KeysUpDown, Key::ShortcutRows),
            (Key::KeysLeftRight, Key::ShortcutMoveBar),
            (Key::KeysShiftArrows, Key::ShortcutResizeBar),
            (Key::KeysL, Key::ShortcutLink),
            (Key::KeysDelete, Key::ShortcutUnlink),
            (Key::KeysEnter, Key::ShortcutOpen),
            (Key::KeysEscape, Key::ShortcutCancel),
            (Key::KeysUndoRedo, Key::ShortcutUndoRedo),
        ],
    ),
    (
        Key::ShortcutEverywhere,
        &[
            (Key::KeysQuestionMark, Key::ShortcutHelp),
            (Key::KeysEscape, Key::ShortcutClosePanel),
        ],
    ),
];

#[component]
pub fn Shortcuts() -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let on_key = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "?"
            && !ev.ctrl_key()
            && !ev.meta_key()
            && !ev.alt_key()
            && !crate::components::focus::typing_in(&ev)
        {
            ev.prevent_default();
            open.set(true);
        }
    });
    on_cleanup(move || on_key.remove());
    view! {
        <button
            type="button"
            class="tafel-button tafel-button--quiet"
            aria-keyshortcuts="?"
            on:click=move |_| open.set(true)
        >
            {i18n.tr(Key::ShortcutsTitle)}
        </button>
        <Dialog
            open=open
            title=Signal::derive(move || i18n.t(Key::ShortcutsTitle).to_owned())
            on_close=Callback::new(move |()| open.set(false))
            close_label=Signal::derive(move || i18n.t(Key::Close).to_owned())
        >
            // Drawn only while open: the list is some 80 elements on every page otherwise, which
            // counted against the Gantt's DOM budget (tests/bench: at most 400 elements).
            <Show when=move || open.get()>
                <crate::views::on_demand::ShortcutList/>
            </Show>
        </Dialog>
    }
}

/// The dialog's list: its code is fetched when it first opens (or the page is idle), through
/// `views::on_demand::ShortcutList`.
pub fn shortcut_list() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="tafel-shortcuts" data-testid="shortcuts">
            {SECTIONS.into_iter().map(|(view, keys)| view! {
                <section>
                    <h3>{i18n.tr(view)}</h3>
                    <dl>
                        {keys.iter().map(|&(combo, what)| view! {
                            <dt><kbd>{i18n.tr(combo)}</kbd></dt>
                            <dd>{i18n.tr(what)}</dd>
                        }).collect_view()}
                    </dl>
                </section>
            }).collect_view()}
        </div>
    }
}
