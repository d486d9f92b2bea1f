//! When an edit meets a newer version: the user's values beside the stored ones, to reapply or drop.

use crate::components::dialog::Dialog;
use crate::domain::{Catalog, Field, WorkPackage};
use crate::i18n::messages::field_label;
use crate::i18n::{Key, Lang, format};
use crate::state::outbox::use_outbox;
use crate::state::prefs::use_i18n;
use crate::state::project::use_project;
use leptos::prelude::*;

/// A field's value as a person reads it.
pub fn field_text(field: Field, wp: &WorkPackage, catalog: &Catalog, lang: Lang) -> String {
    let none = || lang.text(Key::NoneValue).to_owned();
    let date = |d: Option<chrono::NaiveDate>| d.map_or_else(none, |d| format::date(lang, d));
    let user = |u: Option<crate::domain::UserId>| {
        u.and_then(|u| catalog.user(u))
            .map_or_else(none, |u| u.name.clone())
    };
    match field {
        Field::Subject => wp.subject.clone(),
        Field::Description => wp.description.clone(),
        Field::Type => catalog
            .wp_type(wp.wp_type)
            .map_or_else(none, |t| t.name.clone()),
        Field::Status => catalog
            .status(wp.status)
            .map_or_else(none, |s| s.name.clone()),
        Field::Priority => catalog
            .priority(wp.priority)
            .map_or_else(none, |p| p.name.clone()),
        Field::Assignee => user(wp.assignee),
        Field::Responsible => user(wp.responsible),
        Field::Version => wp
            .version
            .and_then(|v| catalog.version(v))
            .map_or_else(none, |v| v.name.clone()),
        Field::Category => wp
            .category
            .and_then(|c| catalog.category(c))
            .map_or_else(none, |c| c.name.clone()),
        Field::Parent => wp.parent.map_or_else(none, |p| format!("#{p}")),
        Field::StartDate => date(wp.start_date),
        Field::DueDate => date(wp.due_date),
        Field::Date => date(wp.date),
        Field::PercentageDone => format!("{} %", wp.percentage_done),
        Field::EstimatedTime => wp
            .estimated_hours
            .map_or_else(none, |h| format!("{} h", format::hours(lang, h))),
        Field::Custom(number) => {
            let key = format!("customField{number}");
            wp.custom
                .get(&key)
                .map_or_else(none, |text| catalog.custom_text(&key, text))
        }
        Field::Project | Field::RelatedTo | Field::Lag | Field::Comment | Field::Name => {
            String::new()
        }
    }
}

#[component]
pub fn ConflictDialog() -> impl IntoView {
    let i18n = use_i18n();
    let project = use_project();
    let outbox = use_outbox();
    let slot = Memo::new(move |_| outbox.conflict_in(project.project.with(|p| p.id)));
    let rows = move || {
        let Some(conflict) = slot.get() else {
            return Vec::new();
        };
        let mine = conflict.mine.applied_to(&conflict.theirs);
        let lang = i18n.lang();
        project.catalog.with(|catalog| {
            conflict
                .mine
                .fields()
                .into_iter()
                .map(|field| {
                    (
                        field_label(lang, field),
                        field_text(field, &mine, catalog, lang),
                        field_text(field, &conflict.theirs, catalog, lang),
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    let decide =
        move |choice: fn(crate::state::outbox::Outbox, &crate::domain::outbox::EntryKey)| {
            if let Some(conflict) = slot.get_untracked() {
                choice(outbox, &conflict.key);
            }
        };
    view! {
        <Dialog
            open=Signal::derive(move || slot.with(Option::is_some))
            title=Signal::derive(move || i18n.t(Key::ConflictTitle).to_owned())
            on_close=Callback::new(move |()| decide(crate::state::outbox::Outbox::dismiss))
            close_label=Signal::derive(move || i18n.t(Key::Close).to_owned())
        >
            <div data-testid="conflict">
                <p>{i18n.tr(Key::ConflictText)}</p>
                <table class="tafel-conflict">
                    <thead>
                        <tr>
                            <th scope="col">{i18n.tr(Key::ConflictField)}</th>
                            <th scope="col">{i18n.tr(Key::ConflictMine)}</th>
                            <th scope="col">{i18n.tr(Key::ConflictTheirs)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || rows().into_iter().map(|(label, mine, theirs)| view! {
                            <tr>
                                <th scope="row">{label}</th>
                                <td>{mine}</td>
                                <td>{theirs}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                <div class="tafel-row tafel-row--end">
                    <button type="button" class="tafel-button" on:click=move |_| decide(crate::state::outbox::Outbox::discard)>
                        {i18n.tr(Key::ConflictDiscard)}
                    </button>
                    <button type="button" class="tafel-button tafel-button--primary" on:click=move |_| decide(crate::state::outbox::Outbox::reapply)>
                        {i18n.tr(Key::ConflictReapply)}
                    </button>
                </div>
            </div>
        </Dialog>
    }
}
