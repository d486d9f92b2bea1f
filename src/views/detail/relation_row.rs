//! One relation in the detail: its kind, the other work package, the lag of a precedes/follows
//! relation (editable), and removing it.

use super::relation_form::refusal;
use super::relations::WorkPackageLink;
use crate::domain::{Relation, WorkPackageId};
use crate::i18n::Key;
use crate::i18n::messages::relation_kind;
use crate::state::actions::use_actions;
use crate::state::prefs::use_i18n;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn RelationRow(
    relation: Relation,
    id: WorkPackageId,
    may_edit: Signal<bool>,
    on_change: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let actions = use_actions();
    let Some((other, kind)) = relation.seen_from(id) else {
        return ().into_any();
    };
    let error = RwSignal::new(None::<String>);
    let relation_id = relation.id;
    let save_lag = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        let lag = match text.trim() {
            "" => None,
            t => match t.parse::<i32>() {
                Ok(days) if days >= 0 => Some(days),
                _ => {
                    let range = crate::domain::Problem::OutOfRange { min: 0, max: 999 };
                    error.set(Some(crate::i18n::messages::problem(i18n.lang_untracked(), &range)));
                    return;
                }
            },
        };
        error.set(None);
        spawn_local(async move {
            match actions.relag(relation_id, lag).await {
                Ok(_) => on_change.run(()),
                Err(e) => error.set(Some(refusal(i18n.lang_untracked(), &e))),
            }
        });
    };
    let remove = move |_| {
        spawn_local(async move {
            if actions.unrelate(relation_id).await.is_ok() {
                on_change.run(());
            }
        });
    };
    let other_label = other.0.to_string();
    view! {
        <li class="tafel-row" data-testid="relation" data-relation-id=relation_id.0.to_string()>
            <span class="tafel-muted">{move || relation_kind(i18n.lang(), kind)}</span>
            <WorkPackageLink id=other/>
            {kind.has_lag().then(|| {
                let label = i18n.fill(Key::RelationLagOf, &[("id", &other_label)]);
                view! {
                    <input
                        class="tafel-input tafel-input--number"
                        type="number"
                        min="0"
                        step="1"
                        aria-label=label
                        data-testid="relation-lag"
                        value=relation.lag.map(|l| l.to_string())
                        hidden=move || !may_edit.get()
                        on:change=save_lag
                    />
                    <span class="tafel-muted" hidden=move || may_edit.get() || relation.lag.unwrap_or(0) == 0>
                        {i18n.fill(Key::LagDays, &[("days", &relation.lag.unwrap_or(0).to_string())])}
                    </span>
                }
            })}
            <button
                type="button"
                class="tafel-button tafel-button--quiet"
                aria-label=i18n.fill(Key::RelationRemove, &[("id", &other_label)])
                hidden=move || !may_edit.get()
                on:click=remove
            >
                {i18n.tr(Key::Remove)}
            </button>
            {move || error.get().map(|e| view! { <span role="alert" class="tafel-field__error">{e}</span> })}
        </li>
    }
    .into_any()
}
