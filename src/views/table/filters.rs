use crate::domain::TypeId;
use crate::domain::list_params::{AssigneeChoice, ListParams, StatusChoice};
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

#[component]
pub fn TableFilters(list: ListParamsHandle) -> impl IntoView {
    let i18n = use_i18n();
    let project = use_project();
    let params = list.params;
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
            <div class="tafel-field tafel-field--inline">
                <label for="tafel-filter-status">{i18n.tr(Key::FieldStatus)}</label>
                <select
                    id="tafel-filter-status"
                    class="tafel-select"
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        let choice = ListParams::from_query([("status", value.as_str())]).status;
                        list.update(|p| p.status = choice);
                    }
                >
                    {move || {
                        let current = status_value(params.with(|p| p.status));
                        let mut options = vec![
                            (String::new(), i18n.t(Key::FilterAny).to_owned()),
                            ("open".to_owned(), i18n.t(Key::FilterOpen).to_owned()),
                            ("closed".to_owned(), i18n.t(Key::FilterClosed).to_owned()),
                        ];
                        options.extend(project.catalog.with(|c| {
                            c.statuses_in_order().into_iter().map(|s| (status_value(StatusChoice::Is(s.id)), s.name.clone())).collect::<Vec<_>>()
                        }));
                        options.into_iter().map(|(value, label)| {
                            let selected = value == current;
                            view! { <option value=value selected=selected>{label}</option> }
                        }).collect_view()
                    }}
                </select>
            </div>
            <div class="tafel-field tafel-field--inline">
                <label for="tafel-filter-assignee">{i18n.tr(Key::FieldAssignee)}</label>
                <select
                    id="tafel-filter-assignee"
                    class="tafel-select"
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        let choice = ListParams::from_query([("assignee", value.as_str())]).assignee;
                        list.update(|p| p.assignee = choice);
                    }
                >
                    {move || {
                        let current = assignee_value(params.with(|p| p.assignee));
                        let mut options = vec![
                            (String::new(), i18n.t(Key::FilterAny).to_owned()),
                            ("none".to_owned(), i18n.t(Key::Unassigned).to_owned()),
                        ];
                        options.extend(project.catalog.with(|c| {
                            c.users.iter().map(|u| (assignee_value(AssigneeChoice::Is(u.id)), u.name.clone())).collect::<Vec<_>>()
                        }));
                        options.into_iter().map(|(value, label)| {
                            let selected = value == current;
                            view! { <option value=value selected=selected>{label}</option> }
                        }).collect_view()
                    }}
                </select>
            </div>
            <div class="tafel-field tafel-field--inline">
                <label for="tafel-filter-type">{i18n.tr(Key::FieldType)}</label>
                <select
                    id="tafel-filter-type"
                    class="tafel-select"
                    on:change=move |ev| {
                        let value = event_target_value(&ev).parse().ok().map(TypeId);
                        list.update(|p| p.wp_type = value);
                    }
                >
                    {move || {
                        let current = params.with(|p| p.wp_type);
                        let any = view! { <option value="" selected=current.is_none()>{i18n.t(Key::FilterAny)}</option> };
                        let types = project.catalog.with(|c| c.types.iter().map(|t| {
                            let selected = current == Some(t.id);
                            view! { <option value=t.id.to_string() selected=selected>{t.name.clone()}</option> }
                        }).collect_view());
                        (any, types)
                    }}
                </select>
            </div>
            <Show when=move || params.with(ListParams::is_filtered)>
                <button type="button" class="tafel-button tafel-button--quiet" on:click=move |_| {
                    list.update(|p| {
                        let sort = p.sort;
                        *p = ListParams { sort, ..ListParams::default() };
                    });
                }>
                    {i18n.tr(Key::ClearFilters)}
                </button>
            </Show>
        </form>
    }
}
