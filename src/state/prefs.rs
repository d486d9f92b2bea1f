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
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::System => "system",
            Self::Light => "light",
            Self::Dark => "dark",
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
