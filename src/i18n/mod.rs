//! German and English: every visible string comes from the catalog in `catalog.rs`.

mod catalog;
pub mod format;
pub mod messages;

pub use catalog::Key;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Lang {
    #[default]
    En,
    De,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::De];

    /// The BCP 47 tag for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::De => "de",
        }
    }

    /// Picks German for any `de` browser language (`de-DE`, `de-AT`, …), English otherwise.
    pub fn from_browser(tag: &str) -> Self {
        if tag.to_ascii_lowercase().starts_with("de") {
            Self::De
        } else {
            Self::En
        }
    }

    pub fn parse(tag: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.tag() == tag)
    }

    /// The language's own name, for the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Self::En => "English",
            Self::De => "Deutsch",
        }
    }

    pub fn text(self, key: Key) -> &'static str {
        catalog::text(self, key)
    }

    /// A count in words: `one` for exactly one (German and English agree on that), `many` with
    /// `{count}` filled in otherwise.
    pub fn count(self, one: Key, many: Key, count: usize) -> String {
        if count == 1 {
            self.text(one).to_owned()
        } else {
            self.fill(many, &[("count", &count.to_string())])
        }
    }

    /// A text with `{name}` placeholders filled in, in one pass: a value that itself contains
    /// `{column}` (a subject, say) stays as it is.
    pub fn fill(self, key: Key, args: &[(&str, &str)]) -> String {
        let mut rest = self.text(key);
        let mut out = String::with_capacity(rest.len());
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let filled = after.find('}').and_then(|close| {
                let name = &after[..close];
                let value = args.iter().find(|(n, _)| *n == name)?.1;
                Some((value, close))
            });
            if let Some((value, close)) = filled {
                out.push_str(value);
                rest = &after[close + 1..];
            } else {
                out.push('{');
                rest = after;
            }
        }
        out.push_str(rest);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_once_and_values_are_not_read_as_placeholders() {
        let text = Lang::En.fill(
            Key::AnnounceDropped,
            &[
                ("subject", "#1 {column}"),
                ("column", "New"),
                ("position", "2"),
            ],
        );
        assert_eq!(text, "Dropped #1 {column} in column New at position 2.");
    }

    #[test]
    fn every_key_has_a_non_empty_text_in_both_languages() {
        for key in Key::ALL {
            for lang in Lang::ALL {
                assert!(
                    !lang.text(*key).trim().is_empty(),
                    "{key:?} empty in {lang:?}"
                );
            }
        }
    }

    #[test]
    fn placeholders_are_the_same_in_both_languages() {
        fn placeholders(text: &str) -> Vec<&str> {
            let mut names: Vec<&str> = text
                .split('{')
                .skip(1)
                .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
                .collect();
            names.sort_unstable();
            names
        }
        for key in Key::ALL {
            assert_eq!(
                placeholders(Lang::En.text(*key)),
                placeholders(Lang::De.text(*key)),
                "{key:?}"
            );
        }
    }

    /// Words German writes as English does. Anything else the same in both languages is a text
    /// someone forgot to translate.
    const SAME_IN_BOTH: &[&str] = &[
        "Tafel",
        "Board",
        "Gantt",
        "Limits",
        "Swimlanes",
        "Name",
        "Filter {n}",
        "ID",
        "Status",
        "Version",
        "Zoom",
        // Keys on the keyboard.
        "M",
        "L",
        "F2",
    ];

    #[test]
    fn every_german_text_is_translated_or_on_the_list_of_words_german_shares() {
        let letters_outside_placeholders = |text: &str| {
            let mut inside = false;
            text.chars().any(|c| {
                match c {
                    '{' => inside = true,
                    '}' => inside = false,
                    _ => {}
                }
                !inside && c.is_alphabetic()
            })
        };
        let untranslated: Vec<String> = Key::ALL
            .iter()
            .filter(|key| {
                let (en, de) = (Lang::En.text(**key), Lang::De.text(**key));
                en == de && letters_outside_placeholders(en) && !SAME_IN_BOTH.contains(&en)
            })
            .map(|key| format!("{key:?}: {:?}", Lang::En.text(*key)))
            .collect();
        assert!(
            untranslated.is_empty(),
            "German text equals English (translate it, or add the word to SAME_IN_BOTH): {untranslated:#?}"
        );
        // The list names only words still in use.
        for word in SAME_IN_BOTH {
            assert!(
                Key::ALL.iter().any(|k| Lang::De.text(*k) == *word),
                "{word:?} is on SAME_IN_BOTH but no longer in the catalog"
            );
        }
    }

    #[test]
    fn no_text_has_stray_whitespace_or_an_unclosed_placeholder() {
        for key in Key::ALL {
            for lang in Lang::ALL {
                let text = lang.text(*key);
                assert_eq!(
                    text,
                    text.trim(),
                    "{key:?} in {lang:?} has leading/trailing space"
                );
                assert!(
                    !text.contains("  "),
                    "{key:?} in {lang:?} has a double space"
                );
                assert_eq!(
                    text.matches('{').count(),
                    text.matches('}').count(),
                    "{key:?} in {lang:?}: unbalanced braces"
                );
            }
        }
    }

    #[test]
    fn every_singular_text_has_a_plural_with_a_number() {
        let name = |key: &Key| format!("{key:?}");
        for one in Key::ALL.iter().filter(|k| name(k).ends_with("One")) {
            let stem = name(one).trim_end_matches("One").to_owned();
            let many = Key::ALL
                .iter()
                .find(|k| name(k) == stem || name(k) == format!("{stem}Many"))
                .unwrap_or_else(|| panic!("{one:?} has no plural {stem} or {stem}Many"));
            for lang in Lang::ALL {
                assert!(
                    !lang.text(*one).contains("{count}"),
                    "{one:?} in {lang:?} is for exactly one"
                );
                assert!(
                    lang.text(*many).contains('{'),
                    "{many:?} in {lang:?} names no number"
                );
            }
        }
    }

    #[test]
    fn counts_use_the_singular_for_one_only_in_both_languages() {
        let cards = |lang: Lang, n| lang.count(Key::CardCountOne, Key::CardCount, n);
        assert_eq!(cards(Lang::En, 0), "0 cards");
        assert_eq!(cards(Lang::En, 1), "1 card");
        assert_eq!(cards(Lang::En, 2), "2 cards");
        assert_eq!(cards(Lang::De, 0), "0 Karten");
        assert_eq!(cards(Lang::De, 1), "1 Karte");
        assert_eq!(cards(Lang::De, 21), "21 Karten");
        assert_eq!(
            Lang::De.count(Key::ImportedOne, Key::ImportedMany, 3),
            "3 Arbeitspakete importiert."
        );
    }

    #[test]
    fn a_german_browser_gets_german_and_anything_else_english() {
        assert_eq!(Lang::from_browser("de-AT"), Lang::De);
        assert_eq!(Lang::from_browser("fr-FR"), Lang::En);
    }

    #[test]
    fn fill_replaces_named_placeholders() {
        assert_eq!(
            Lang::En.fill(Key::CardOf, &[("index", "2"), ("count", "5")]),
            "2 of 5"
        );
    }
}
