//! Deleting a work package, after a confirmation that says what goes with it.

use crate::components::dialog::Dialog;
use crate::domain::{WorkPackage, WorkPackageId};
use crate::i18n::Key;
use crate::state::actions::use_actions;
use crate::state::prefs::use_i18n;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn DeleteButton(
    id: WorkPackageId,
    wp: Memo<Option<WorkPackage>>,
    on_deleted: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let actions = use_actions();
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let confirm = move |_| {
        busy.set(true);
        spawn_local(async move {
            let deleted = actions.delete(id).await.is_ok();
            busy.set(false);
            confirming.set(false);
            if deleted {
                on_deleted.run(());
            }
        });
    };
    let subject = move || wp.with(|w| w.as_ref().map(|w| w.subject.clone()).unwrap_or_default());
    let may_delete = move || wp.with(|w| w.as_ref().is_some_and(|w| w.permissions.delete));
    view! {
        <div class="tafel-section tafel-row tafel-row--end" hidden=move || !may_delete()>
            <button type="button" class="tafel-button tafel-button--danger" on:click=move |_| confirming.set(true) data-testid="delete">
                {i18n.tr(Key::DeleteWorkPackage)}
            </button>
        </div>
        <Dialog
            open=confirming
            title=Signal::derive(move || i18n.fill(Key::ConfirmDeleteTitle, &[("id", &id.0.to_string())]))
            on_close=Callback::new(move |()| confirming.set(false))
            close_label=Signal::derive(i18n.tr(Key::Close).to_owned())
        >
            <p>{move || i18n.fill(Key::ConfirmDeleteBody, &[("subject", &subject())])}</p>
            <div class="tafel-row tafel-row--end">
                <button type="button" class="tafel-button" on:click=move |_| confirming.set(false)>{i18n.tr(Key::Cancel)}</button>
                <button type="button" class="tafel-button tafel-button--danger" on:click=confirm disabled=move || busy.get() data-testid="confirm-delete">
                    {i18n.tr(Key::Delete)}
                </button>
            </div>
        </Dialog>
    }
}
