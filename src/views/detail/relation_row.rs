//! One relation in the detail: its kind, the other work package, the lag of a precedes/follows
//! relation (editable), and removing it. A plain function, not a component: it is drawn afresh
//! with the list, and a refusal is told as a notice.

use super::relation_form::refusal;
use super::relations::WorkPackageLink;
use crate::domain::{Problem, Relation, WorkPackageId};
use crate::i18n::messages::{problem, relation_kind};
use crate::i18n::{Key, Lang};
use crate::state::actions::WorkPackageActions;
use crate::state::notices::Notices;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[derive(Clone, Copy)]
pub struct RowCtx {
    pub id: WorkPackageId,
    pub lang: Lang,
    pub may_edit: bool,
    pub actions: WorkPackageActions,
    pub notices: Notices,
    pub on_change: Callback<()>,
}

pub fn relation_row(relation: &Relation, ctx: &RowCtx) -> Option<AnyView> {
    let (other, kind) = relation.seen_from(ctx.id)?;
    let RowCtx {
        lang,
        may_edit,
        actions,
        notices,
        on_change,
        ..
    } = *ctx;
    let relation_id = relation.id;
    let save_lag = move |ev: leptos::ev::Event| {
        let lag = match event_target_value(&ev).trim() {
            "" => None,
            text => match text.parse::<i32>() {
                Ok(days) if days >= 0 => Some(days),
                _ => {
                    let range = Problem::OutOfRange { min: 0, max: 999 };
                    return notices.error(problem(lang, &range));
                }
            },
        };
        spawn_local(async move {
            match actions.relag(relation_id, lag).await {
                Ok(_) => on_change.run(()),
                Err(e) => notices.error(refusal(lang, &e)),
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
    let lag = relation.lag.unwrap_or(0);
    let lag_view = match (kind.has_lag(), may_edit) {
        (false, _) => None,
        (true, true) => Some(
            view! {
                <input
                    class="tafel-input tafel-input--number"
                    type="number"
                    min="0"
                    step="1"
                    aria-label=lang.fill(Key::RelationLagOf, &[("id", &other_label)])
                    data-testid="relation-lag"
                    value=relation.lag.map(|l| l.to_string())
                    on:change=save_lag
                />
            }
            .into_any(),
        ),
        (true, false) => (lag != 0).then(|| {
            view! { <span class="tafel-muted">{lang.fill(Key::LagDays, &[("days", &lag.to_string())])}</span> }
                .into_any()
        }),
    };
    Some(
        view! {
            <li class="tafel-row" data-testid="relation">
                <span class="tafel-muted">{relation_kind(lang, kind)}</span>
                <WorkPackageLink id=other/>
                {lag_view}
                <button
                    type="button"
                    class="tafel-button tafel-button--quiet"
                    aria-label=lang.fill(Key::RelationRemove, &[("id", &other_label)])
                    hidden=!may_edit
                    on:click=remove
                >
                    {lang.text(Key::Remove)}
                </button>
            </li>
        }
        .into_any(),
    )
}
