//! The sync status in the header: saved, saving, waiting (offline or retrying), conflicts or
//! refusals. It opens a panel listing every change not yet saved, to send now, open or discard.

use crate::components::dialog::Dialog;
use crate::domain::outbox::{Change, Entry, EntryKey, EntryState};
use crate::i18n::messages::field_label;
use crate::i18n::{Key, Lang};
use crate::state::outbox::{Outbox, use_outbox};
use crate::state::prefs::use_i18n;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// The journal's state as the header shows it, the most pressing first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SyncState {
    Conflict,
    Failed,
    Offline,
    Saving,
    Waiting,
    Saved,
}

impl SyncState {
    fn of(outbox: Outbox) -> Self {
        let tally = outbox.tally();
        if tally.conflicts > 0 {
            Self::Conflict
        } else if tally.failed > 0 {
            Self::Failed
        } else if tally.pending > 0 && !outbox.online.get() {
            Self::Offline
        } else if tally.pending > 0 && outbox.sending.get() {
            Self::Saving
        } else if tally.pending > 0 {
            Self::Waiting
        } else {
            Self::Saved
        }
    }

    /// One word, kept in `data-state` for tests and styles; the text says the same.
    fn name(self) -> &'static str {
        match self {
            Self::Conflict => "conflict",
            Self::Failed => "failed",
            Self::Offline => "offline",
            Self::Saving => "saving",
            Self::Waiting => "waiting",
            Self::Saved => "saved",
        }
    }

    /// A sign beside the words, so the state is never told by colour alone.
    fn icon(self) -> &'static str {
        match self {
            Self::Saved => "✓",
            Self::Saving | Self::Waiting => "↻",
            Self::Offline => "⤫",
            Self::Conflict | Self::Failed => "⚠",
        }
    }
}

fn counted(lang: Lang, count: usize, one: Key, many: Key) -> String {
    if count == 1 {
        lang.text(one).to_owned()
    } else {
        lang.fill(many, &[("count", &count.to_string())])
    }
}

fn status_text(outbox: Outbox, lang: Lang) -> String {
    let tally = outbox.tally();
    let waiting = counted(lang, tally.pending, Key::SyncWaitingOne, Key::SyncWaiting);
    match SyncState::of(outbox) {
        SyncState::Conflict => counted(
            lang,
            tally.conflicts,
            Key::SyncConflictOne,
            Key::SyncConflict,
        ),
        SyncState::Failed => counted(lang, tally.failed, Key::SyncFailedOne, Key::SyncFailed),
        SyncState::Offline => format!("{} · {waiting}", lang.text(Key::SyncOffline)),
        SyncState::Saving => lang.text(Key::SyncSaving).to_owned(),
        SyncState::Waiting => waiting,
        SyncState::Saved => lang.text(Key::SyncSaved).to_owned(),
    }
}

/// What the change is, in words.
fn describe(change: &Change, lang: Lang) -> String {
    match change {
        Change::Update { id, patch, .. } => {
            let fields: Vec<&str> = patch
                .fields()
                .into_iter()
                .map(|f| field_label(lang, f))
                .collect();
            lang.fill(
                Key::ChangeUpdate,
                &[("id", &id.to_string()), ("fields", &fields.join(", "))],
            )
        }
        Change::Reorder { positions, .. } => lang.fill(
            Key::ChangeReorder,
            &[("count", &positions.len().to_string())],
        ),
        Change::Create { draft, .. } => {
            lang.fill(Key::ChangeCreate, &[("subject", &draft.subject)])
        }
        Change::Delete { id } => lang.fill(Key::ChangeDelete, &[("id", &id.to_string())]),
        Change::Comment { id, .. } => lang.fill(Key::ChangeComment, &[("id", &id.to_string())]),
        Change::Relate { relation } => lang.fill(
            Key::ChangeRelate,
            &[
                ("from", &relation.from.to_string()),
                ("to", &relation.to.to_string()),
            ],
        ),
        Change::Unrelate { .. } => lang.text(Key::ChangeUnrelate).to_owned(),
        Change::Relag { .. } => lang.text(Key::ChangeRelag).to_owned(),
        Change::Watch { id, .. } => lang.fill(Key::ChangeWatch, &[("id", &id.to_string())]),
    }
}

fn state_text(entry: &Entry, lang: Lang) -> String {
    match &entry.state {
        EntryState::Pending if entry.attempts > 0 => lang.fill(
            Key::SyncStateTries,
            &[("count", &entry.attempts.to_string())],
        ),
        EntryState::Pending => lang.text(Key::SyncStateWaiting).to_owned(),
        EntryState::Failed { reason } => lang.fill(Key::SyncStateFailed, &[("reason", reason)]),
        EntryState::Conflict { .. } => lang.text(Key::SyncStateConflict).to_owned(),
    }
}

#[component]
pub fn SyncStatus() -> impl IntoView {
    let i18n = use_i18n();
    let outbox = use_outbox();
    let open = RwSignal::new(false);
    view! {
        <button
            type="button"
            class="tafel-button tafel-button--quiet tafel-sync"
            data-testid="sync-status"
            data-state=move || SyncState::of(outbox).name()
            aria-haspopup="dialog"
            on:click=move |_| open.set(true)
        >
            <span class="tafel-sync__icon" aria-hidden="true">
                {move || SyncState::of(outbox).icon()}
            </span>
            <span aria-live="polite">{move || status_text(outbox, i18n.lang())}</span>
        </button>
        <Dialog
            open=open
            title=Signal::derive(move || i18n.t(Key::SyncPanelTitle).to_owned())
            on_close=Callback::new(move |()| open.set(false))
            close_label=Signal::derive(move || i18n.t(Key::Close).to_owned())
        >
            // Drawn only while open: the panel follows the journal and this tab's election as
            // sender, which ends at a moment of the browser's choosing (Web Locks); drawn all the
            // time, that late change of the page would land after the view has settled.
            <Show when=move || open.get()>
                <crate::views::on_demand::SyncPanel close=Callback::new(move |()| open.set(false))/>
            </Show>
        </Dialog>
    }
}

/// The list behind the status: its code is fetched when the panel first opens (or the page is
/// idle), through `views::on_demand::SyncPanel`.
#[component]
pub fn SyncPanel(close: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let outbox = use_outbox();
    let navigate = use_navigate();
    let entries = move || outbox.entries.get();
    let open_work_package =
        Callback::new(move |(key, id): (EntryKey, crate::domain::WorkPackageId)| {
            outbox.resolve(&key);
            close.run(());
            navigate(
                &format!("/work_packages/{id}"),
                leptos_router::NavigateOptions::default(),
            );
        });
    view! {
        <div data-testid="sync-panel">
            {move || (!outbox.leader.get()).then(|| view! { <p>{i18n.tr(Key::SyncOtherTab)}</p> })}
            <Show
                when=move || outbox.entries.with(|e| !e.is_empty())
                fallback=move || view! { <p>{i18n.tr(Key::SyncPanelEmpty)}</p> }
            >
                <ul class="tafel-sync__list">
                    <For each=entries key=|e| (e.key.clone(), format!("{:?}", e.state), e.attempts) let:entry>
                        {
                            let lang = i18n.lang_untracked();
                            let key = entry.key.clone();
                            let for_discard = key.clone();
                            let for_send = key.clone();
                            let for_open = key.clone();
                            let touched = entry.change.touches().first().copied();
                            let is_conflict = matches!(entry.state, EntryState::Conflict { .. });
                            view! {
                                <li class="tafel-sync__entry" data-testid="sync-entry">
                                    <span class="tafel-sync__what">{describe(&entry.change, lang)}</span>
                                    <span class="tafel-sync__state">{state_text(&entry, lang)}</span>
                                    <span class="tafel-row">
                                        {(!is_conflict).then(|| view! {
                                            <button type="button" class="tafel-button" on:click=move |_| outbox.retry(&for_send)>
                                                {i18n.tr(Key::SyncSendNow)}
                                            </button>
                                        })}
                                        {touched.map(|id| view! {
                                            <button type="button" class="tafel-button" on:click=move |_| open_work_package.run((for_open.clone(), id))>
                                                {if is_conflict {
                                                    i18n.t(Key::SyncResolve).to_owned()
                                                } else {
                                                    i18n.fill(Key::SyncOpen, &[("id", &id.to_string())])
                                                }}
                                            </button>
                                        })}
                                        <button type="button" class="tafel-button tafel-button--danger" on:click=move |_| outbox.discard(&for_discard)>
                                            {i18n.tr(Key::SyncDiscard)}
                                        </button>
                                    </span>
                                </li>
                            }
                        }
                    </For>
                </ul>
            </Show>
        </div>
    }
}
