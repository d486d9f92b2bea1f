//! The outbox: every change is written to a journal in this browser before it is sent, then sent in
//! order by one tab (the leader). A change whose request fails on the way is sent again after a
//! pause (backoff with jitter, `Retry-After` honoured); after a reload or reconnect the journal is
//! replayed. A creation whose answer got lost is looked up before it is sent again, so nothing is
//! created twice. A refusal or a conflict stays in the journal until the user decides.
//!
//! The journal's rules (order, carrying versions forward) are in `domain::outbox`; this module runs
//! them in the browser.
//!
//! Reading the journal and sending it is most of the outbox's code (the journal's decoding, the
//! requests, their answers), and a start with nothing to send needs none of it. That part is the
//! [`Engine`], which the composition root fetches as a chunk of its own (`outbox_on_demand`): when
//! the journal holds entries at start, when another tab changed it, and otherwise once there is
//! something to send or the page is idle. Writing to the journal stays here, so that a change is
//! journalled the moment it is made.

mod journal;
mod leader;
mod send;
mod wake;

use super::project::ProjectState;
use super::session::SessionExpired;
use crate::api::retry::{self, Disposition};
use crate::api::{ApiError, Backend};
use crate::domain::outbox::{self as rules, Change, Entry, EntryKey, EntryState, OnConflict};
use crate::domain::{Activity, ProjectId, Relation, WorkPackage, WorkPackageId, WorkPackagePatch};
use crate::i18n::Key;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use wake::Wake;

/// What a confirmed change gave back.
#[derive(Debug, Clone)]
pub enum Sent {
    /// An update (or a creation) as stored now.
    Saved(WorkPackage),
    Commented(Option<Activity>),
    Related(Option<Relation>),
    /// Reordered, deleted or unrelated.
    Done,
    /// Kept in the journal; another tab sends it.
    Queued,
}

/// An edit that met someone else's change, as the conflict dialog shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub key: EntryKey,
    /// The user's change, as it was made.
    pub mine: WorkPackagePatch,
    /// The work package as it is stored now.
    pub theirs: WorkPackage,
}

/// A change of the user's the server confirmed, as an embedding host is told of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirmed {
    pub id: WorkPackageId,
    pub what: ConfirmedKind,
    /// The subject as stored; none for a deletion.
    pub subject: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfirmedKind {
    Created,
    Updated,
    Deleted,
}

/// The outbox's reading and sending, fetched on demand (see the module's documentation).
#[derive(Clone, Copy)]
pub struct Engine {
    load: fn(&str) -> Vec<Entry>,
    drain: fn(Outbox) -> Pin<Box<dyn Future<Output = ()>>>,
}

impl Engine {
    /// For the split point only: naming these functions anywhere else would put them, and all they
    /// reach, back into the first load.
    pub(crate) fn here() -> Self {
        Self {
            load: journal::load,
            drain: |outbox| Box::pin(outbox.drain()),
        }
    }
}

/// Fetches the [`Engine`]; `Err` when its code did not arrive (the loader logged why).
pub type LoadEngine = fn() -> Pin<Box<dyn Future<Output = Result<Engine, ()>>>>;

#[derive(Clone, Copy)]
pub struct Outbox {
    /// This backend's journal, as stored, in order.
    pub entries: RwSignal<Vec<Entry>>,
    /// Entries an earlier visit left that are not read yet (the engine's code is on its way): they
    /// count as waiting, so the sync status never says "saved" over them.
    unread: RwSignal<usize>,
    /// Whether this tab sends the journal.
    pub leader: RwSignal<bool>,
    pub online: RwSignal<bool>,
    /// A request is on its way.
    pub sending: RwSignal<bool>,
    /// The last change the server confirmed.
    pub last_confirmed: RwSignal<Option<Confirmed>>,
    /// Conflicts the user closed without deciding; they stay in the journal and the sync panel.
    dismissed: RwSignal<HashSet<EntryKey>>,
    i18n: super::prefs::I18n,
    notices: super::notices::Notices,
    inner: StoredValue<Rc<Inner>, LocalStorage>,
}

struct Inner {
    backend: Rc<dyn Backend>,
    load_engine: LoadEngine,
    prefix: String,
    tab: String,
    seq: Cell<u64>,
    wake: Wake,
    /// Results for callers in this tab that wait for their change.
    outcomes: RefCell<HashMap<EntryKey, Result<Sent, ApiError>>>,
    waiting: RefCell<HashSet<EntryKey>>,
    /// Our own saved steps: (work package, lock version sent on) → the version it produced, for
    /// changes made on a version that was already replaced by an earlier one of ours.
    steps: RefCell<HashMap<(WorkPackageId, u64), u64>>,
    /// Work packages this journal created, so a lookup after a lost answer never claims one twice.
    claimed: RefCell<HashSet<WorkPackageId>>,
    /// No sending before this moment (ms since the epoch): the pause after a failure.
    paused_until: Cell<f64>,
    /// The engine's code did not arrive at the last try: nothing goes out until it does.
    engine_missing: Cell<bool>,
    project: RefCell<Option<ProjectState>>,
    session: Option<SessionExpired>,
    /// The notice saying changes are kept for another try, while one is shown.
    kept_notice: Cell<Option<u64>>,
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

impl Outbox {
    /// Opens the journal of `backend` and starts sending once this tab is elected to.
    pub fn provide(
        backend: Rc<dyn Backend>,
        session: Option<SessionExpired>,
        load_engine: LoadEngine,
    ) -> Self {
        let prefix = journal::prefix(&backend.scope());
        // Random, so tabs (and one tab after a reload) never number entries alike. An integer: a
        // float's text would bring the float formatting code into the first load.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let tab = format!("{:x}", (js_sys::Math::random() * 2f64.powi(53)) as u64);
        let unread = journal::count(&prefix);
        let outbox = Self {
            entries: RwSignal::new(Vec::new()),
            unread: RwSignal::new(unread),
            leader: RwSignal::new(false),
            online: RwSignal::new(leader::online()),
            sending: RwSignal::new(false),
            last_confirmed: RwSignal::new(None),
            dismissed: RwSignal::new(HashSet::new()),
            i18n: super::prefs::use_i18n(),
            notices: super::notices::use_notices(),
            inner: StoredValue::new_local(Rc::new(Inner {
                backend,
                load_engine,
                prefix: prefix.clone(),
                tab,
                seq: Cell::new(0),
                wake: Wake::default(),
                outcomes: RefCell::default(),
                waiting: RefCell::default(),
                steps: RefCell::default(),
                claimed: RefCell::default(),
                paused_until: Cell::new(0.0),
                engine_missing: Cell::new(false),
                project: RefCell::new(None),
                session,
                kept_notice: Cell::new(None),
            })),
        };
        provide_context(outbox);
        if unread > 0 {
            spawn_local(outbox.read_journal());
        }
        outbox.listen(prefix);
        leader::elect(
            &format!("tafel-outbox {}", outbox.inner().prefix),
            move || {
                outbox.leader.set(true);
                spawn_local(outbox.send_when_needed());
            },
        );
        outbox
    }

    /// Reads the journal an earlier visit left, asking again for the engine's code until it
    /// arrives; then shows its changes over the open project and wakes the sending loop.
    async fn read_journal(self) {
        let inner = self.inner();
        let engine = crate::chunk::until_loaded(|| self.engine()).await;
        self.take_journal(engine);
        if let Some(project) = *inner.project.borrow() {
            project.work_packages.update(|items| self.overlay(items));
        }
    }

    /// Reads the journal as stored now, and wakes the sending loop for it.
    fn take_journal(self, engine: Engine) {
        let inner = self.inner();
        self.entries.set((engine.load)(&inner.prefix));
        self.unread.set(0);
        inner.wake.notify();
    }

    /// Runs the sending loop once there is something to send: its code is fetched then, not before
    /// the first screen. Code that did not arrive is asked for again after a pause, or when the
    /// network comes back.
    async fn send_when_needed(self) {
        let inner = self.inner();
        while self.entries.with_untracked(Vec::is_empty) {
            inner.wake.wait(None).await;
        }
        loop {
            match self.engine().await {
                Some(engine) => return (engine.drain)(self).await,
                None => inner.wake.wait(Some(crate::chunk::RETRY_MS)).await,
            }
        }
    }

    /// The engine, fetching its code if it is not here yet; `None` when it did not arrive.
    async fn engine(self) -> Option<Engine> {
        let engine = (self.inner().load_engine)().await.ok();
        self.inner().engine_missing.set(engine.is_none());
        engine
    }

    /// The backend the journal belongs to.
    pub fn backend(self) -> Rc<dyn Backend> {
        self.inner().backend.clone()
    }

    fn inner(self) -> Rc<Inner> {
        self.inner.get_value()
    }

    /// Keeps the journal in step with other tabs, and sends again when the network or the sign-in
    /// comes back.
    fn listen(self, prefix: String) {
        let wake = move || self.inner().wake.notify();
        let _ = window_event_listener(leptos::ev::storage, move |ev| {
            if ev.key().is_none_or(|key| key.starts_with(&prefix)) {
                spawn_local(async move {
                    // Without the engine's code the journal stays as this tab knows it.
                    if let Some(engine) = self.engine().await {
                        self.take_journal(engine);
                    }
                });
            }
        });
        let _ = window_event_listener(leptos::ev::online, move |_| {
            self.online.set(true);
            self.inner().paused_until.set(0.0);
            wake();
        });
        let _ = window_event_listener(leptos::ev::offline, move |_| self.online.set(false));
        if let Some(session) = self.inner().session {
            Effect::new(move |_| {
                if !session.0.get() {
                    wake();
                }
            });
        }
    }

    /// Lets the open project show what the outbox confirms.
    pub fn attach(self, project: ProjectState) {
        *self.inner().project.borrow_mut() = Some(project);
    }

    pub fn detach(self, project: ProjectState) {
        let inner = self.inner();
        let mut attached = inner.project.borrow_mut();
        if attached
            .as_ref()
            .is_some_and(|p| p.project == project.project)
        {
            *attached = None;
        }
    }

    /// Writes the change to the journal and waits for its first answer: confirmed, refused, in
    /// conflict, or failed on the way (then it stays in the journal and is sent again later).
    pub async fn submit(self, change: Change) -> Result<Sent, ApiError> {
        let key = self.enqueue(change);
        self.outcome(key).await
    }

    /// Writes the change to the journal now, to be sent in turn; `outcome` waits for its answer.
    pub fn enqueue(self, change: Change) -> EntryKey {
        let inner = self.inner();
        let seq = inner.seq.get() + 1;
        inner.seq.set(seq);
        let key = EntryKey {
            tab: inner.tab.clone(),
            seq,
        };
        #[allow(clippy::cast_possible_truncation)]
        let entry = Entry::new(key.clone(), now_ms() as i64, change);
        // A storage that refuses the write (full) still lets the change go out from memory.
        let _ = journal::put(&inner.prefix, &entry);
        inner.waiting.borrow_mut().insert(key.clone());
        self.entries.update(|entries| {
            entries.push(entry);
            rules::sort(entries);
        });
        inner.wake.notify();
        key
    }

    /// The first answer to an entry this tab enqueued.
    pub async fn outcome(self, key: EntryKey) -> Result<Sent, ApiError> {
        let inner = self.inner();
        loop {
            if let Some(outcome) = inner.outcomes.borrow_mut().remove(&key) {
                return outcome;
            }
            if !self.leader.get_untracked() || self.stalled(&key) {
                inner.waiting.borrow_mut().remove(&key);
                return Ok(Sent::Queued);
            }
            gloo_timers::future::TimeoutFuture::new(15).await;
        }
    }

    /// Whether an entry cannot go out soon: sending is paused (offline, signed out, a failure's
    /// pause, the engine's code missing), or an earlier change of the same work package waits for
    /// another try or the user.
    fn stalled(self, key: &EntryKey) -> bool {
        let inner = self.inner();
        if !self.online.get_untracked()
            || inner.session.is_some_and(|s| s.0.get_untracked())
            || inner.paused_until.get() > now_ms()
            || inner.engine_missing.get()
        {
            return true;
        }
        self.entries.with_untracked(|entries| {
            let Some(entry) = entries.iter().find(|e| e.key == *key) else {
                return false;
            };
            let touches = entry.change.touches();
            entries
                .iter()
                .take_while(|e| e.key != *key)
                .filter(|e| e.change.touches().iter().any(|id| touches.contains(id)))
                .any(|e| e.attempts > 0 || !matches!(e.state, EntryState::Pending))
        })
    }

    /// Sends the journal, one change after another, for as long as the tab lives.
    async fn drain(self) {
        let inner = self.inner();
        loop {
            let expired = inner.session.is_some_and(|s| s.0.get_untracked());
            let pause = inner.paused_until.get() - now_ms();
            let next = self
                .entries
                .with_untracked(|entries| rules::next_to_send(entries).cloned());
            match next {
                Some(_) if expired || !self.online.get_untracked() => inner.wake.wait(None).await,
                Some(_) if pause > 0.0 => {
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    inner.wake.wait(Some(pause as u32)).await;
                }
                Some(entry) => {
                    self.sending.set(true);
                    let result = self.send(&entry).await;
                    self.sending.set(false);
                    self.settle(entry, result);
                }
                None => {
                    inner.wake.wait(None).await;
                    // Sending starts after the next paint: the change is journalled already, and
                    // the profile of a keyboard move (tests/bench/profile.mjs board-move) showed
                    // the send (the local store's write and its record's JSON) before the moved
                    // card was painted.
                    wake::after_next_paint().await;
                }
            }
        }
    }

    async fn send(self, entry: &Entry) -> Result<Sent, ApiError> {
        let inner = self.inner();
        let mut entry = entry.clone();
        // Build on our own saved steps (made before the screen knew their result).
        if let Change::Update { id, patch, .. } = &mut entry.change {
            while let Some(to) = inner
                .steps
                .borrow()
                .get(&(*id, patch.lock_version))
                .copied()
            {
                patch.lock_version = to;
            }
        }
        let claimed = inner.claimed.borrow().clone();
        send::send(&*inner.backend, &entry, &claimed).await
    }

    /// Takes the answer to one entry: removes it when confirmed, keeps it for another try or for
    /// the user otherwise, and tells the screen and the caller waiting for it.
    fn settle(self, mut entry: Entry, result: Result<Sent, ApiError>) {
        let inner = self.inner();
        let waiting = inner.waiting.borrow_mut().remove(&entry.key);
        let deliver = |outcome: Result<Sent, ApiError>| {
            if waiting {
                inner
                    .outcomes
                    .borrow_mut()
                    .insert(entry.key.clone(), outcome);
            }
        };
        match result {
            Ok(sent) => {
                inner.paused_until.set(0.0);
                self.confirmed(&entry, &sent, waiting);
                self.forget(&entry.key);
                deliver(Ok(sent));
                let retrying = self.entries.with_untracked(|entries| {
                    entries
                        .iter()
                        .any(|e| e.state == EntryState::Pending && e.attempts > 0)
                });
                if !retrying && let Some(id) = inner.kept_notice.take() {
                    self.notices.dismiss(id);
                }
            }
            Err(error) => match retry::disposition(&error) {
                Disposition::RetryLater | Disposition::SignInAgain => {
                    entry.attempts += 1;
                    entry.maybe_sent |= retry::maybe_done(&error);
                    if error == ApiError::Unauthenticated {
                        if let Some(session) = inner.session {
                            session.0.set(true);
                        }
                    } else {
                        self.tell_kept(&error);
                        let delay = retry::backoff_ms(
                            entry.attempts,
                            js_sys::Math::random(),
                            retry::retry_after(&error),
                        );
                        inner.paused_until.set(now_ms() + f64::from(delay));
                    }
                    // Kept for the next try; the caller hears of the first failure only.
                    self.store(entry.clone());
                    deliver(Err(error));
                }
                Disposition::Conflict => {
                    let ApiError::Conflict { current } = &error else {
                        unreachable!("a conflict disposition is a conflict")
                    };
                    self.show(current);
                    entry.state = EntryState::Conflict {
                        theirs: current.clone(),
                    };
                    self.store(entry.clone());
                    deliver(Err(error));
                }
                Disposition::Refused if waiting => {
                    // The caller shows the refusal where the change was made (a field's message).
                    self.forget(&entry.key);
                    deliver(Err(error));
                }
                Disposition::Refused => {
                    let lang = self.i18n.lang_untracked();
                    entry.state = EntryState::Failed {
                        reason: super::notices::api_error_text(lang, &error),
                    };
                    self.undo_on_screen(&entry.change);
                    self.store(entry);
                }
            },
        }
    }

    /// Says once, while changes wait for another try, why and that nothing is lost; its button
    /// sends at once.
    fn tell_kept(self, error: &ApiError) {
        let inner = self.inner();
        if inner.kept_notice.get().is_some() {
            return;
        }
        let lang = self.i18n.lang_untracked();
        let reason = super::notices::api_error_text(lang, error);
        let text = lang.fill(Key::KeptForRetry, &[("reason", &reason)]);
        let id = self
            .notices
            .error_with_retry(text, Rc::new(move || self.send_now()));
        inner.kept_notice.set(Some(id));
    }

    /// Ends the pause after a failure: the next change goes out now.
    pub fn send_now(self) {
        let inner = self.inner();
        inner.kept_notice.set(None);
        inner.paused_until.set(0.0);
        inner.wake.notify();
    }

    /// Takes a confirmed change's result: versions carried forward, the screen updated (by the
    /// caller instead when one waits: it continues before the screen redraws).
    fn confirmed(self, entry: &Entry, sent: &Sent, waiting: bool) {
        let inner = self.inner();
        match (&entry.change, sent) {
            (Change::Update { id, patch, .. }, Sent::Saved(saved)) => {
                let sent_on = patch.lock_version;
                let mut base = sent_on;
                while let Some(to) = inner.steps.borrow().get(&(*id, base)).copied() {
                    base = to;
                }
                if saved.lock_version != base {
                    inner
                        .steps
                        .borrow_mut()
                        .insert((*id, base), saved.lock_version);
                }
                let changed = self.entries.try_update_untracked(|entries| {
                    let mut changed = rules::carry_forward(entries, *id, base, saved.lock_version);
                    changed.extend(rules::carry_forward(
                        entries,
                        *id,
                        sent_on,
                        saved.lock_version,
                    ));
                    changed
                });
                for key in changed.unwrap_or_default() {
                    if let Some(e) = self
                        .entries
                        .with_untracked(|es| es.iter().find(|e| e.key == key).cloned())
                    {
                        let _ = journal::put(&inner.prefix, &e);
                    }
                }
                if !waiting {
                    self.show_saved(saved.clone());
                }
                self.tell_confirmed(saved, ConfirmedKind::Updated);
            }
            (Change::Create { .. }, Sent::Saved(created)) => {
                inner.claimed.borrow_mut().insert(created.id);
                if !waiting {
                    self.show_saved(created.clone());
                }
                self.tell_confirmed(created, ConfirmedKind::Created);
            }
            (Change::Delete { id }, _) => {
                self.last_confirmed.set(Some(Confirmed {
                    id: *id,
                    what: ConfirmedKind::Deleted,
                    subject: None,
                }));
                // Its children went with it; the caller reloads (once for many deletions).
                if let Some(project) = *inner.project.borrow() {
                    project.work_packages.update(|m| {
                        m.remove(id);
                    });
                }
            }
            (Change::Relate { .. } | Change::Unrelate { .. } | Change::Relag { .. }, _) => {
                if let Some(project) = *inner.project.borrow() {
                    project.relations_changed(inner.backend.clone());
                }
            }
            _ => {}
        }
    }

    fn tell_confirmed(self, saved: &WorkPackage, what: ConfirmedKind) {
        self.last_confirmed.set(Some(Confirmed {
            id: saved.id,
            what,
            subject: Some(saved.subject.clone()),
        }));
    }

    /// Puts a stored version on screen, with the user's changes still on their way over it.
    /// The place on the board stays as shown: it is the order's to change, which may still be on
    /// its way.
    pub fn show_saved(self, saved: WorkPackage) {
        let mut shown = self
            .entries
            .with_untracked(|entries| rules::overlay(entries, &saved))
            .unwrap_or(saved);
        if let Some(project) = *self.inner().project.borrow() {
            if let Some(on_screen) = project.get_untracked(shown.id) {
                shown.position = on_screen.position;
            }
            project.put(shown);
        }
    }

    fn show(self, current: &WorkPackage) {
        if let Some(project) = *self.inner().project.borrow() {
            project.put(current.clone());
        }
    }

    /// After a refusal nobody waits for, the screen goes back to what the backend has.
    fn undo_on_screen(self, change: &Change) {
        let inner = self.inner();
        let Some(project) = *inner.project.borrow() else {
            return;
        };
        let ids = change.touches();
        let backend = inner.backend.clone();
        spawn_local(async move {
            for id in ids {
                match backend.work_package(id).await {
                    Ok(wp) => project.put(wp),
                    Err(ApiError::NotFound) => project.work_packages.update(|m| {
                        m.remove(&id);
                    }),
                    Err(_) => {}
                }
            }
        });
    }

    /// Writes an entry's new state to the journal and the screen's copy.
    fn store(self, entry: Entry) {
        let _ = journal::put(&self.inner().prefix, &entry);
        self.entries.update(|entries| {
            if let Some(slot) = entries.iter_mut().find(|e| e.key == entry.key) {
                *slot = entry;
            }
        });
    }

    fn forget(self, key: &EntryKey) {
        journal::remove(&self.inner().prefix, key);
        self.entries
            .update(|entries| entries.retain(|e| e.key != *key));
    }

    // ----- the user's decisions -------------------------------------------------------------

    /// Sends a failed change again, or a waiting one right now.
    pub fn retry(self, key: &EntryKey) {
        if let Some(mut entry) = self.find(key) {
            entry.state = EntryState::Pending;
            self.store(entry);
        }
        self.inner().paused_until.set(0.0);
        self.inner().wake.notify();
    }

    /// Drops a change that is not confirmed; the screen shows what the backend has.
    pub fn discard(self, key: &EntryKey) {
        if let Some(entry) = self.find(key) {
            self.forget(key);
            self.undo_on_screen(&entry.change);
        }
        self.dismissed.update(|d| {
            d.remove(key);
        });
        self.inner().wake.notify();
    }

    /// Sends the user's change of a conflict again, on top of the stored version; their later
    /// changes of the same work package, made on the old version, follow it.
    pub fn reapply(self, key: &EntryKey) {
        let Some(mut entry) = self.find(key) else {
            return;
        };
        let EntryState::Conflict { theirs } = &entry.state else {
            return;
        };
        let theirs = (**theirs).clone();
        if let Change::Update { id, patch, .. } = &mut entry.change {
            let old = patch.lock_version;
            patch.lock_version = theirs.lock_version;
            let later = self.entries.try_update_untracked(|entries| {
                rules::carry_forward(entries, *id, old, theirs.lock_version)
            });
            for key in later.unwrap_or_default() {
                if let Some(e) = self.find(&key) {
                    let _ = journal::put(&self.inner().prefix, &e);
                }
            }
            if let Some(project) = *self.inner().project.borrow() {
                project.put(patch.applied_to(&theirs));
            }
        }
        entry.state = EntryState::Pending;
        self.store(entry);
        self.dismissed.update(|d| {
            d.remove(key);
        });
        self.inner().wake.notify();
    }

    /// Closes the conflict dialog without deciding; the sync panel still offers it.
    pub fn dismiss(self, key: &EntryKey) {
        self.dismissed.update(|d| {
            d.insert(key.clone());
        });
    }

    /// Shows a dismissed conflict's dialog again.
    pub fn resolve(self, key: &EntryKey) {
        self.dismissed.update(|d| {
            d.remove(key);
        });
    }

    fn find(self, key: &EntryKey) -> Option<Entry> {
        self.entries
            .with_untracked(|entries| entries.iter().find(|e| e.key == *key).cloned())
    }

    /// The first conflict about a work package of `project` the user has not put aside.
    pub fn conflict_in(self, project: ProjectId) -> Option<Conflict> {
        let dismissed = self.dismissed.get();
        self.entries.with(|entries| {
            entries
                .iter()
                .find_map(|entry| match (&entry.state, &entry.change) {
                    (EntryState::Conflict { theirs }, Change::Update { patch, .. })
                        if theirs.project == project && !dismissed.contains(&entry.key) =>
                    {
                        Some(Conflict {
                            key: entry.key.clone(),
                            mine: patch.clone(),
                            theirs: (**theirs).clone(),
                        })
                    }
                    _ => None,
                })
        })
    }

    /// Shows the user's changes still on their way over work packages just read from the backend.
    pub fn overlay(self, items: &mut std::collections::BTreeMap<WorkPackageId, WorkPackage>) {
        self.entries.with_untracked(|entries| {
            for entry in entries {
                if let Change::Update { id, patch, .. } = &entry.change
                    && entry.state == EntryState::Pending
                    && let Some(wp) = items.get_mut(id)
                {
                    *wp = patch.applied_to(wp);
                }
            }
        });
    }

    pub fn tally(self) -> rules::Tally {
        let mut tally = self.entries.with(|entries| rules::tally(entries));
        tally.pending += self.unread.get();
        tally
    }
}

pub fn use_outbox() -> Outbox {
    expect_context::<Outbox>()
}

/// An update of a work package, as the outbox journals it.
pub fn update(id: WorkPackageId, patch: WorkPackagePatch, on_conflict: OnConflict) -> Change {
    Change::Update {
        id,
        patch,
        on_conflict,
    }
}
