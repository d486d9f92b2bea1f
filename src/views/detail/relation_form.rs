//! Adding a relation of any kind to a work package named by number or found by subject, with a
//! lag for precedes/follows. A refusal (a circle, a relation that exists) is said at the form.

use crate::api::ApiError;
use crate::domain::{NewRelation, RelationKind, WorkPackage, WorkPackageId};
use crate::i18n::messages::{problem, relation_kind};
use crate::i18n::{Key, Lang};
use crate::state::actions::use_actions;
use crate::state::notices::api_error_text;
use crate::state::prefs::use_i18n;
use crate::state::project::use_project;
use leptos::prelude::*;
use leptos::task::spawn_local;

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
fn find_target(text: &str, wps: &std::collections::BTreeMap<WorkPackageId, WorkPackage>) -> Option<WorkPackageId> {
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

/// At most this many suggestions: enough to pick from, few enough for a project of 100,000.
const SUGGESTIONS: usize = 20;

#[component]
pub fn RelationForm(id: WorkPackageId, on_added: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let project = use_project();
    let actions = use_actions();
    let kind = RwSignal::new(RelationKind::Relates);
    let target = RwSignal::new(String::new());
    let lag_text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let suggestions = Memo::new(move |_| {
        let typed = target.get().trim().to_lowercase();
        if typed.is_empty() {
            return Vec::new();
        }
        project.work_packages.with(|m| {
            m.values()
                .filter(|w| w.id != id && w.subject.to_lowercase().contains(&typed))
                .take(SUGGESTIONS)
                .map(|w| format!("#{} {}", w.id.0, w.subject))
                .collect::<Vec<_>>()
        })
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let lang = i18n.lang_untracked();
        let found = project
            .work_packages
            .with_untracked(|m| find_target(&target.get_untracked(), m));
        let Some(to) = found else {
            error.set(Some(problem(lang, &crate::domain::Problem::UnknownValue)));
            return;
        };
        let kind = kind.get_untracked();
        let lag = if kind.has_lag() {
            match lag_text.get_untracked().trim() {
                "" => None,
                text => match text.parse::<i32>() {
                    Ok(days) if days >= 0 => Some(days),
                    _ => {
                        let range = crate::domain::Problem::OutOfRange { min: 0, max: 999 };
                        error.set(Some(problem(lang, &range)));
                        return;
                    }
                },
            }
        } else {
            None
        };
        let relation = NewRelation {
            from: id,
            to,
            kind,
            lag,
            description: String::new(),
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match actions.add_relation(relation).await {
                Ok(_) => {
                    target.set(String::new());
                    lag_text.set(String::new());
                    on_added.run(());
                }
                Err(e) => error.set(Some(refusal(lang, &e))),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="tafel-form tafel-relation-form" data-testid="relation-form" on:submit=submit>
            <div class="tafel-row">
                <label class="tafel-field tafel-field--inline">
                    <span>{i18n.tr(Key::RelationKindLabel)}</span>
                    <select
                        class="tafel-input"
                        on:change=move |ev| {
                            if let Some(k) = RelationKind::parse(&event_target_value(&ev)) {
                                kind.set(k);
                            }
                        }
                    >
                        {RelationKind::ALL.into_iter().map(|k| view! {
                            <option value=k.as_str() selected=k == RelationKind::Relates>
                                {move || relation_kind(i18n.lang(), k)}
                            </option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="tafel-field tafel-field--inline">
                    <span>{i18n.tr(Key::RelationTarget)}</span>
                    <input
                        class="tafel-input"
                        list="tafel-relation-suggestions"
                        autocomplete="off"
                        prop:value=move || target.get()
                        on:input=move |ev| target.set(event_target_value(&ev))
                    />
                </label>
                <datalist id="tafel-relation-suggestions">
                    {move || suggestions.get().into_iter().map(|s| view! { <option value=s></option> }).collect_view()}
                </datalist>
                <label class="tafel-field tafel-field--inline" hidden=move || !kind.get().has_lag()>
                    <span>{i18n.tr(Key::FieldLag)}</span>
                    <input
                        class="tafel-input tafel-input--number"
                        type="number"
                        min="0"
                        step="1"
                        prop:value=move || lag_text.get()
                        on:input=move |ev| lag_text.set(event_target_value(&ev))
                    />
                </label>
                <button type="submit" class="tafel-button" disabled=move || busy.get()>
                    {i18n.tr(Key::AddRelation)}
                </button>
            </div>
            {move || error.get().map(|e| view! { <p role="alert" class="tafel-field__error">{e}</p> })}
        </form>
    }
}
