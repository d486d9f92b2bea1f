//! Adding a relation of any kind to a work package named by number or found by subject, with a
//! lag for precedes/follows. A refusal (a circle, a relation that exists) is said at the form.

use crate::api::ApiError;
use crate::domain::{NewRelation, Problem, RelationKind, WorkPackage, WorkPackageId};
use crate::i18n::messages::{problem, relation_kind};
use crate::i18n::{Key, Lang};
use crate::state::actions::use_actions;
use crate::state::notices::api_error_text;
use crate::state::project::use_project;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::BTreeMap;

/// Why a relation was refused, in the words closest to the cause: the rule broken, or the
/// server's own sentence when it names none of ours.
pub fn refusal(lang: Lang, error: &ApiError) -> String {
    match error {
        ApiError::Invalid(errors) => errors
            .iter()
            .map(|e| problem(lang, &e.problem))
            .collect::<Vec<_>>()
            .join(" "),
        ApiError::Server {
            status: 422,
            message,
        } if !message.is_empty() => message.clone(),
        other => api_error_text(lang, other),
    }
}

/// `#12`, `12`, or a subject shown in the suggestions (`#12 Subject`, or the subject alone when
/// only one work package has it).
fn find_target(text: &str, wps: &BTreeMap<WorkPackageId, WorkPackage>) -> Option<WorkPackageId> {
    let text = text.trim();
    let digits: String = text
        .trim_start_matches('#')
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    if let Ok(id) = digits.parse() {
        return Some(WorkPackageId(id));
    }
    let mut same = wps
        .values()
        .filter(|w| w.subject.trim().eq_ignore_ascii_case(text));
    match (same.next(), same.next()) {
        (Some(only), None) => Some(only.id),
        _ => None,
    }
}

/// The relation to send, or the problem with what was typed.
fn planned(
    id: WorkPackageId,
    kind: &str,
    target: Option<WorkPackageId>,
    lag: &str,
) -> Result<NewRelation, Problem> {
    let kind = RelationKind::parse(kind).unwrap_or(RelationKind::Relates);
    let to = target.ok_or(Problem::UnknownValue)?;
    if to == id {
        return Err(Problem::RelationToItself);
    }
    let lag = match lag.trim() {
        _ if !kind.has_lag() => None,
        "" => None,
        text => match text.parse::<i32>() {
            Ok(days) if days >= 0 => Some(days),
            _ => return Err(Problem::OutOfRange { min: 0, max: 999 }),
        },
    };
    Ok(NewRelation {
        from: id,
        to,
        kind,
        lag,
        description: String::new(),
    })
}

/// At most this many suggestions: enough to pick from, few enough for a project of 100,000.
const SUGGESTIONS: usize = 20;

/// The lag field is shown for precedes/follows only, by the stylesheet (`:has`), so that choosing
/// a kind redraws nothing.
pub fn relation_form(id: WorkPackageId, lang: Lang, on_added: Callback<()>) -> impl IntoView {
    let project = use_project();
    let actions = use_actions();
    let (kind, target, lag_days) = (
        NodeRef::<html::Select>::new(),
        NodeRef::<html::Input>::new(),
        NodeRef::<html::Input>::new(),
    );
    let typed = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let suggestions = move || {
        let typed = typed.get().trim().to_lowercase();
        project.work_packages.with(|m| {
            m.values()
                .filter(|w| {
                    !typed.is_empty() && w.id != id && w.subject.to_lowercase().contains(&typed)
                })
                .take(SUGGESTIONS)
                .map(|w| view! { <option value=format!("#{} {}", w.id.0, w.subject)></option> })
                .collect_view()
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value =
            |input: NodeRef<html::Input>| input.get().map(|i| i.value()).unwrap_or_default();
        let found = project
            .work_packages
            .with_untracked(|m| find_target(&value(target), m));
        let kind = kind.get().map(|s| s.value()).unwrap_or_default();
        let relation = match planned(id, &kind, found, &value(lag_days)) {
            Ok(relation) => relation,
            Err(p) => return error.set(Some(problem(lang, &p))),
        };
        error.set(None);
        spawn_local(async move {
            match actions.add_relation(relation).await {
                Ok(_) => {
                    for input in [target, lag_days] {
                        if let Some(input) = input.get() {
                            input.set_value("");
                        }
                    }
                    on_added.run(());
                }
                Err(e) => error.set(Some(refusal(lang, &e))),
            }
        });
    };
    view! {
        <form class="tafel-form tafel-relation-form" data-testid="relation-form" on:submit=submit>
            <div class="tafel-row">
                <label class="tafel-field tafel-field--inline">
                    {lang.text(Key::RelationKindLabel)}
                    <select class="tafel-input" node_ref=kind>
                        {RelationKind::ALL.map(|k| view! { <option value=k.as_str()>{relation_kind(lang, k)}</option> }).collect_view()}
                    </select>
                </label>
                <label class="tafel-field tafel-field--inline">
                    {lang.text(Key::RelationTarget)}
                    <input
                        class="tafel-input"
                        list="tafel-relation-suggestions"
                        autocomplete="off"
                        node_ref=target
                        on:input=move |ev| typed.set(event_target_value(&ev))
                    />
                </label>
                <label class="tafel-field tafel-field--inline tafel-relation-form__lag">
                    {lang.text(Key::FieldLag)}
                    <input class="tafel-input tafel-input--number" type="number" min="0" step="1" node_ref=lag_days/>
                </label>
                <button type="submit" class="tafel-button">{lang.text(Key::AddRelation)}</button>
            </div>
            // One reactive part for both: each costs the bundle more than redrawing the other.
            {move || view! {
                <datalist id="tafel-relation-suggestions">{suggestions()}</datalist>
                {error.get().map(|e| view! { <p role="alert" class="tafel-field__error">{e}</p> })}
            }}
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_typed_becomes_a_relation_or_names_its_problem() {
        let (me, other) = (WorkPackageId(1), Some(WorkPackageId(2)));
        let follows = planned(me, "follows", other, " 2 ").unwrap();
        assert_eq!(
            (follows.kind, follows.lag),
            (RelationKind::Follows, Some(2))
        );
        assert_eq!(planned(me, "relates", other, "2").unwrap().lag, None);
        assert_eq!(
            planned(me, "follows", Some(me), ""),
            Err(Problem::RelationToItself)
        );
        assert_eq!(planned(me, "follows", None, ""), Err(Problem::UnknownValue));
        assert!(matches!(
            planned(me, "follows", other, "-1"),
            Err(Problem::OutOfRange { .. })
        ));
    }

    #[test]
    fn a_target_is_found_by_number_or_by_its_one_subject() {
        let at = chrono::DateTime::UNIX_EPOCH;
        let wp = |id, subject: &str| {
            let ids = (crate::domain::ProjectId(1), crate::domain::TypeId(1));
            let (s, p) = (crate::domain::StatusId(1), crate::domain::PriorityId(1));
            let w = WorkPackage::new(
                WorkPackageId(id),
                ids.0,
                ids.1,
                s,
                p,
                subject.to_owned(),
                at,
            );
            (w.id, w)
        };
        let wps: BTreeMap<_, _> = [wp(1, "Move"), wp(2, "Pack"), wp(3, "Pack")].into();
        assert_eq!(find_target("#12 Whatever", &wps), Some(WorkPackageId(12)));
        assert_eq!(find_target(" move ", &wps), Some(WorkPackageId(1)));
        assert_eq!(find_target("Pack", &wps), None, "two have it");
    }
}
