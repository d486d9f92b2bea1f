//! The keyboard shortcuts of every view in one dialog: opened with `?` anywhere outside a text field,
//! or with the header's button.

use crate::components::dialog::Dialog;
use crate::i18n::Key;
use crate::state::prefs::use_i18n;
use leptos::prelude::*;

/// The keys of a shortcut: the same in every language (arrows, letters), or named in the user's
/// (German keyboards say Strg, Entf, Umschalt).
#[derive(Clone, Copy)]
enum Keys {
    Same(&'static str),
    Named(Key),
}

use Keys::{Named, Same};

/// (keys, what they do), by view.
const SECTIONS: [(Key, &[(Keys, Key)]); 4] = [
    (
        Key::NavBoard,
        &[
            (Same("←/→/↑/↓"), Key::ShortcutMoveFocus),
            (Named(Key::KeysSpace), Key::ShortcutPickUp),
            (Same("M"), Key::ShortcutMoveMenu),
            (Named(Key::KeysShiftSpace), Key::ShortcutSelect),
            (Named(Key::KeysEnter), Key::ShortcutOpen),
            (Named(Key::KeysEscape), Key::ShortcutCancel),
        ],
    ),
    (
        Key::NavTable,
        &[
            (Same("←/→/↑/↓"), Key::ShortcutMoveCell),
            (Named(Key::KeysHomeEnd), Key::ShortcutEnds),
            (Named(Key::KeysPageUpDown), Key::ShortcutPage),
            (Named(Key::KeysEnter), Key::ShortcutOpenOrEdit),
            (Same("F2"), Key::ShortcutEdit),
            (Named(Key::KeysSpace), Key::ShortcutSelectRow),
            (Named(Key::KeysEscape), Key::ShortcutCancel),
        ],
    ),
    (
        Key::NavGantt,
        &[
            (Same("↑/↓"), Key::ShortcutRows),
            (Same("←/→"), Key::ShortcutMoveBar),
            (Named(Key::KeysShiftArrows), Key::ShortcutResizeBar),
            (Same("L"), Key::ShortcutLink),
            (Named(Key::KeysDelete), Key::ShortcutUnlink),
            (Named(Key::KeysEnter), Key::ShortcutOpen),
            (Named(Key::KeysUndoRedo), Key::ShortcutUndoRedo),
        ],
    ),
    (Key::ShortcutEverywhere, &[(Same("?"), Key::ShortcutHelp)]),
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
            <div class="tafel-shortcuts" data-testid="shortcuts">
                {SECTIONS.into_iter().map(|(view, keys)| view! {
                    <section>
                        <h3>{i18n.tr(view)}</h3>
                        <dl>
                            {keys.iter().map(|(combo, what)| view! {
                                <dt><kbd>{match *combo {
                                    Same(text) => text.into_any(),
                                    Named(key) => i18n.tr(key).into_any(),
                                }}</kbd></dt>
                                <dd>{i18n.tr(*what)}</dd>
                            }).collect_view()}
                        </dl>
                    </section>
                }).collect_view()}
            </div>
        </Dialog>
    }
}
