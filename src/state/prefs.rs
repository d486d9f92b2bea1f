//! Language and theme: chosen from the browser at first, switchable, remembered in this browser.

use crate::api::local::prefs_store;
use crate::i18n::{Key, Lang};
use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
    /// Black on white with strong borders and focus rings (WCAG's enhanced contrast), for people who
    /// need it whatever their system says; "As system" follows `prefers-contrast: more` too.
    HighContrast,
}

impl Theme {
    pub const ALL: [Theme; 4] = [
        Theme::System,
        Theme::Light,
        Theme::Dark,
        Theme::HighContrast,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::System => "system",
            Self::Light => "light",
            Self::Dark => "dark",
            Self::HighContrast => "high-contrast",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == raw)
    }

    pub fn label(self) -> Key {
        match self {
            Self::System => Key::ThemeSystem,
            Self::Light => Key::ThemeLight,
            Self::Dark => Key::ThemeDark,
            Self::HighContrast => Key::ThemeHighContrast,
        }
    }
}

#[derive(Clone, Copy)]
pub struct Prefs {
    pub lang: RwSignal<Lang>,
    pub theme: RwSignal<Theme>,
}

fn browser_lang() -> Lang {
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .map_or(Lang::En, |tag| Lang::from_browser(&tag))
}

impl Prefs {
    /// Reads the remembered choices, and keeps `<html lang>` and `<html data-theme>` in step with them.
    pub fn provide() -> Self {
        let lang = prefs_store::get("lang")
            .and_then(|tag| Lang::parse(&tag))
            .unwrap_or_else(browser_lang);
        let theme = prefs_store::get("theme")
            .and_then(|t| Theme::parse(&t))
            .unwrap_or_default();
        let prefs = Self {
            lang: RwSignal::new(lang),
            theme: RwSignal::new(theme),
        };
        Effect::new(move || {
            let lang = prefs.lang.get();
            if let Some(root) = document().document_element() {
                let _ = root.set_attribute("lang", lang.tag());
            }
            document().set_title(lang.text(Key::AppName));
        });
        Effect::new(move || {
            let theme = prefs.theme.get();
            if let Some(root) = document().document_element() {
                let _ = match theme {
                    Theme::System => root.remove_attribute("data-theme"),
                    other => root.set_attribute("data-theme", other.as_str()),
                };
            }
        });
        provide_context(prefs);
        provide_context(I18n(prefs.lang));
        prefs
    }

    pub fn set_lang(self, lang: Lang) {
        self.lang.set(lang);
        prefs_store::set("lang", lang.tag());
    }

    pub fn set_theme(self, theme: Theme) {
        self.theme.set(theme);
        prefs_store::set("theme", theme.as_str());
    }

    /// The deployment's or host's theme: shown, not remembered, so the user's own choice in this
    /// browser still wins where they made one (`config.json`), or it is the host's to set (embedding).
    pub fn show_theme(self, theme: Theme) {
        self.theme.set(theme);
    }

    /// Whether the user picked a theme in this browser.
    pub fn theme_chosen() -> bool {
        prefs_store::get("theme").is_some()
    }
}

/// Puts a deployment's or host's design tokens on `<html>` (through the CSSOM, which the strict
/// Content-Security-Policy allows, unlike a `style` attribute). The tokens were checked before.
pub fn apply_tokens(tokens: &[crate::domain::theme_tokens::ThemeToken]) {
    use wasm_bindgen::JsCast;
    let Some(root) = document()
        .document_element()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    let style = root.style();
    for token in tokens {
        let _ = match &token.value {
            Some(value) => style.set_property(&token.property, value),
            None => style.remove_property(&token.property).map(|_| ()),
        };
    }
}

pub fn use_prefs() -> Prefs {
    expect_context::<Prefs>()
}

/// Translation handle for views: `i18n.t(Key::Save)` inside a reactive closure follows the language.
#[derive(Clone, Copy)]
pub struct I18n(RwSignal<Lang>);

impl I18n {
    pub fn lang(self) -> Lang {
        self.0.get()
    }

    /// For event handlers and async tasks, which must not subscribe.
    pub fn lang_untracked(self) -> Lang {
        self.0.get_untracked()
    }

    pub fn t(self, key: Key) -> &'static str {
        self.0.get().text(key)
    }

    /// A reactive text for `view!` (as content or attribute). Every call returns the same closure
    /// type, so the renderer is compiled once rather than once per call site.
    pub fn tr(self, key: Key) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || self.t(key)
    }

    pub fn fill(self, key: Key, args: &[(&str, &str)]) -> String {
        self.0.get().fill(key, args)
    }

    pub fn count(self, one: Key, many: Key, count: usize) -> String {
        self.0.get().count(one, many, count)
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}
