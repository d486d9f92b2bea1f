use crate::i18n::{Key, Lang};
use crate::state::Theme;
use crate::state::prefs::{use_i18n, use_prefs};
use leptos::prelude::*;

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let prefs = use_prefs();
    let i18n = use_i18n();
    view! {
        <label class="tafel-switch">
            <span class="tafel-sr-only">{i18n.tr(Key::Language)}</span>
            <select
                class="tafel-select"
                data-testid="language-switch"
                on:change=move |ev| {
                    if let Some(lang) = Lang::parse(&event_target_value(&ev)) {
                        prefs.set_lang(lang);
                    }
                }
            >
                {Lang::ALL
                    .into_iter()
                    .map(|lang| {
                        view! {
                            <option value=lang.tag() selected=move || prefs.lang.get() == lang lang=lang.tag()>
                                {lang.native_name()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

#[component]
pub fn ThemeSwitch() -> impl IntoView {
    let prefs = use_prefs();
    let i18n = use_i18n();
    view! {
        <label class="tafel-switch">
            <span class="tafel-sr-only">{i18n.tr(Key::Theme)}</span>
            <select
                class="tafel-select"
                data-testid="theme-switch"
                on:change=move |ev| {
                    if let Some(theme) = Theme::parse(&event_target_value(&ev)) {
                        prefs.set_theme(theme);
                    }
                }
            >
                {Theme::ALL
                    .into_iter()
                    .map(|theme| {
                        view! {
                            <option value=theme.as_str() selected=move || prefs.theme.get() == theme>
                                {move || i18n.t(theme.label())}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}
