//! Design tokens a host page may set (through `config.json` or the embedding API): a token is one of
//! Tafel's CSS custom properties, named without its `--tafel-` prefix (`color-primary`, `radius`).
//! A value is checked before it reaches the page's style, so a host cannot load resources through it
//! (`url(…)`) or break out of the declaration.

/// The longest value accepted; a colour, length or font stack fits easily.
const MAX_VALUE: usize = 200;
const MAX_NAME: usize = 40;

/// Why a token was refused, for the host's developer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenProblem {
    BadName(String),
    BadValue { name: String },
}

impl std::fmt::Display for TokenProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::BadName(name) => write!(
                f,
                "theme token {name:?}: a name is lower-case letters, digits and '-', without the --tafel- prefix"
            ),
            Self::BadValue { name } => write!(
                f,
                "theme token {name:?}: the value must be a plain CSS value (no url(), braces, ';', '<', '\\', or more than {MAX_VALUE} characters)"
            ),
        }
    }
}

/// A checked token: `property` is the full custom property name (`--tafel-color-primary`).
/// `value` `None` takes the host's earlier value away again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeToken {
    pub property: String,
    pub value: Option<String>,
}

fn name_is_valid(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_NAME
        && !name.starts_with('-')
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn value_is_safe(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    !value.trim().is_empty()
        && value.len() <= MAX_VALUE
        && !value
            .chars()
            .any(|c| matches!(c, ';' | '{' | '}' | '<' | '>' | '\\' | '@') || c.is_control())
        && !lower.contains("url(")
        && !lower.contains("image(")
        && !lower.contains("image-set(")
        && !lower.contains("expression(")
}

/// Checks one token as the host named it.
pub fn check(name: &str, value: Option<&str>) -> Result<ThemeToken, TokenProblem> {
    let bare = name.strip_prefix("--tafel-").unwrap_or(name);
    if !name_is_valid(bare) {
        return Err(TokenProblem::BadName(name.to_owned()));
    }
    let value = match value {
        None => None,
        Some(value) if value_is_safe(value) => Some(value.trim().to_owned()),
        Some(_) => {
            return Err(TokenProblem::BadValue {
                name: bare.to_owned(),
            });
        }
    };
    Ok(ThemeToken {
        property: format!("--tafel-{bare}"),
        value,
    })
}

/// Checks a whole set; one bad token refuses the set, so a host never gets half of its theme.
pub fn check_all<'a>(
    tokens: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
) -> Result<Vec<ThemeToken>, TokenProblem> {
    tokens
        .into_iter()
        .map(|(name, value)| check(name, value))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_colour_token_becomes_its_custom_property_with_or_without_the_prefix() {
        let token = check("color-primary", Some(" #0b5394 ")).unwrap();
        assert_eq!(token.property, "--tafel-color-primary");
        assert_eq!(token.value.as_deref(), Some("#0b5394"));
        assert_eq!(
            check("--tafel-radius", Some("2px")).unwrap().property,
            "--tafel-radius"
        );
    }

    #[test]
    fn fonts_and_functions_without_resources_are_plain_values() {
        for value in [
            "\"Open Sans\", system-ui, sans-serif",
            "rgb(0 0 0 / 0.5)",
            "calc(1rem + 2px)",
            "0 1px 2px rgb(0 0 0 / 0.12)",
        ] {
            assert!(check("x", Some(value)).is_ok(), "{value}");
        }
    }

    #[test]
    fn values_that_load_resources_or_leave_the_declaration_are_refused() {
        for value in [
            "url(https://evil.example/x.png)",
            "URL( 'x' )",
            "red; background: url(x)",
            "red } body { display: none",
            "image-set(\"a.png\" 1x)",
            "expression(alert(1))",
            "\\75 rl(x)",
            "</style><script>",
            "@import 'x'",
            "",
            "   ",
            &"a".repeat(201),
        ] {
            assert!(
                matches!(
                    check("color-bg", Some(value)),
                    Err(TokenProblem::BadValue { .. })
                ),
                "{value:?}"
            );
        }
    }

    #[test]
    fn names_are_lower_case_words_so_no_other_property_can_be_set() {
        for name in [
            "",
            "Color",
            "color primary",
            "color:red",
            "-x",
            "--other",
            "a/b",
        ] {
            assert!(
                matches!(check(name, Some("red")), Err(TokenProblem::BadName(_))),
                "{name:?}"
            );
        }
    }

    #[test]
    fn one_bad_token_refuses_the_set_and_a_missing_value_takes_a_token_away() {
        assert!(check_all([("color-bg", Some("#fff")), ("color-text", Some("url(x)"))]).is_err());
        let set = check_all([("color-bg", None)]).unwrap();
        assert_eq!(set[0].value, None);
    }
}
