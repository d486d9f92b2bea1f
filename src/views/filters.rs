//! The filter bar shared by the table, the board and the Gantt: text, status, assignee, type,
//! priority, version and due date, and the builder's conditions, all kept in the URL.

use crate::domain::list_params::{
    AssigneeChoice, DueChoice, ListParams, StatusChoice, VersionChoice,
};
use crate::domain::{Catalog, PriorityId, TypeId};
use crate::i18n::Key;
use crate::state::prefs::use_i18n;
use crate::state::project::use_project;
use crate::state::url::ListParamsHandle;
use leptos::prelude::*;

fn status_value(choice: StatusChoice) -> String {
    match choice {
        StatusChoice::Any => String::new(),
        StatusChoice::Open => "open".to_owned(),
        StatusChoice::Closed => "closed".to_owned(),
        StatusChoice::Is(id) => id.to_string(),
    }
}

fn assignee_value(choice: AssigneeChoice) -> String {
    match choice {
        AssigneeChoice::Any => String::new(),
        AssigneeChoice::Nobody => "none".to_owned(),
        AssigneeChoice::Is(id) => id.to_string(),
    }
}

fn version_value(choice: VersionChoice) -> String {
    match choice {
        VersionChoice::Any => String::new(),
        VersionChoice::Nobody => "none".to_owned(),
        VersionChoice::Is(id) => id.to_string(),
    }
}

/// One labelled choice; `options` are (value, label) pairs, the empty value meaning "all".
#[component]
fn FilterSelect(
    id: &'static str,
    label: Key,
    current: Signal<String>,
    options: Signal<Vec<(String, String)>>,
    on_pick: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="tafel-field tafel-field--inline">
            <label for=id>{i18n.tr(label)}</label>
            <select id=id class="tafel-select" on:change=move |ev| on_pick.run(event_target_value(&ev))>
                {move || {
                    let current = current.get();
                    options.get().into_iter().map(|(value, label)| {
                        let selected = value == current;
                        view! { <option value=value selected=selected>{label}</option> }
                    }).collect_view()
                }}
            </select>
        </div>
    }
}

#[component]
pub fn ListFilters(list: ListParamsHandle) -> impl IntoView {
    let i18n = use_i18n();
    let project = use_project();
    let params = list.value;
    // Each choice is read back through the URL parser, so the bar and a typed link agree.
    let pick = move |name: &'static str| {
        Callback::new(move |value: String| {
            let parsed = ListParams::from_query([(name, value.as_str())]);
            list.update(|p| match name {
                "status" => p.status = parsed.status,
                "assignee" => p.assignee = parsed.assignee,
                "type" => p.wp_type = parsed.wp_type,
                "priority" => p.priority = parsed.priority,
                "version" => p.version = parsed.version,
                "due" => p.due = parsed.due,
                _ => {}
            });
        })
    };
    // "All", the fixed choices (value, label), then one per entry of the project's catalog.
    let choices = move |fixed: &'static [(&'static str, Key)],
                        entries: fn(&Catalog) -> Vec<(String, String)>| {
        Signal::derive(move || {
            let mut options = vec![(String::new(), i18n.t(Key::FilterAny).to_owned())];
            options.extend(
                fixed
                    .iter()
                    .map(|(value, label)| ((*value).to_owned(), i18n.t(*label).to_owned())),
            );
            options.extend(project.catalog.with(entries));
            options
        })
    };
    let statuses = choices(
        &[("open", Key::FilterOpen), ("closed", Key::FilterClosed)],
        |c| {
            c.statuses_in_order()
                .into_iter()
                .map(|s| (status_value(StatusChoice::Is(s.id)), s.name.clone()))
                .collect()
        },
    );
    let assignees = choices(&[("none", Key::Unassigned)], |c| {
        c.users
            .iter()
            .map(|u| (u.id.to_string(), u.name.clone()))
            .collect()
    });
    let types = choices(&[], |c| {
        c.types
            .iter()
            .map(|t| (t.id.to_string(), t.name.clone()))
            .collect()
    });
    let priorities = choices(&[], |c| {
        c.priorities
            .iter()
            .map(|p| (p.id.to_string(), p.name.clone()))
            .collect()
    });
    let versions = choices(&[("none", Key::NoVersion)], |c| {
        c.versions
            .iter()
            .map(|v| (v.id.to_string(), v.name.clone()))
            .collect()
    });
    let due = Signal::derive(move || {
        DueChoice::ALL
            .into_iter()
            .map(|choice| {
                let label = match choice {
                    DueChoice::Any => Key::FilterAny,
                    DueChoice::Overdue => Key::CardOverdue,
                    DueChoice::NextSevenDays => Key::DueNextSevenDays,
                    DueChoice::NoDate => Key::NoDueDate,
                };
                (choice.as_str().to_owned(), i18n.t(label).to_owned())
            })
            .collect()
    });
    let opt_id = |id: Option<u64>| id.map(|id| id.to_string()).unwrap_or_default();
    view! {
        <form class="tafel-filters" role="search" aria-label=i18n.tr(Key::Filters) on:submit=|ev| ev.prevent_default()>
            <div class="tafel-field tafel-field--inline">
                <label for="tafel-filter-text">{i18n.tr(Key::TableSearch)}</label>
                <input
                    id="tafel-filter-text"
                    type="search"
                    class="tafel-input"
                    placeholder=i18n.tr(Key::TableSearchPlaceholder)
                    prop:value=move || params.with(|p| p.text.clone())
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        list.update(|p| p.text = text);
                    }
                />
            </div>
            <FilterSelect id="tafel-filter-status" label=Key::FieldStatus options=statuses
                current=Signal::derive(move || status_value(params.with(|p| p.status))) on_pick=pick("status")/>
            <FilterSelect id="tafel-filter-assignee" label=Key::FieldAssignee options=assignees
                current=Signal::derive(move || assignee_value(params.with(|p| p.assignee))) on_pick=pick("assignee")/>
            <FilterSelect id="tafel-filter-type" label=Key::FieldType options=types
                current=Signal::derive(move || opt_id(params.with(|p| p.wp_type.map(|TypeId(id)| id)))) on_pick=pick("type")/>
            <FilterSelect id="tafel-filter-priority" label=Key::FieldPriority options=priorities
                current=Signal::derive(move || opt_id(params.with(|p| p.priority.map(|PriorityId(id)| id)))) on_pick=pick("priority")/>
            <FilterSelect id="tafel-filter-version" label=Key::FieldVersion options=versions
                current=Signal::derive(move || version_value(params.with(|p| p.version))) on_pick=pick("version")/>
            <FilterSelect id="tafel-filter-due" label=Key::FilterDue options=due
                current=Signal::derive(move || params.with(|p| p.due.as_str().to_owned())) on_pick=pick("due")/>
            <label class="tafel-check" hidden=move || project.catalog.with(|c| c.projects.len() < 2)>
                    <input
                        type="checkbox"
                        data-testid="include-subprojects"
                        prop:checked=move || params.with(|p| p.subprojects)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            list.update(|p| p.subprojects = on);
                        }
                    />
                    {i18n.tr(Key::IncludeSubprojects)}
            </label>
            <crate::views::filter_builder::FilterBuilder list/>
            <Show when=move || params.with(ListParams::is_filtered)>
                <button type="button" class="tafel-button tafel-button--quiet" on:click=move |_| {
                    list.update(|p| {
                        let (sort, subprojects) = (p.sort, p.subprojects);
                        *p = ListParams { sort, subprojects, ..ListParams::default() };
                    });
                    // The button goes once nothing is filtered; the search field starts the bar.
                    crate::components::focus::refocus_if_lost(vec!["#tafel-filter-text".to_owned()]);
                }>
                    {i18n.tr(Key::ClearFilters)}
                </button>
            </Show>
        </form>
    }
}
