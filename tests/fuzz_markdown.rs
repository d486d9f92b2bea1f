//! Property-based fuzzing of the Markdown renderer, the one place where text written by others
//! (descriptions and comments, possibly by a hostile author on a shared OpenProject) becomes HTML
//! that is inserted with `inner_html`. Whatever the source, the output may only hold the renderer's
//! own tags and attributes, and links only with targets a browser would not run as script.
//!
//! Short run: part of `cargo test`. Long run: `PROPTEST_CASES=100000 cargo test --test fuzz_markdown`.

#[path = "support/fuzz_json.rs"]
#[allow(dead_code)] // only the configuration is used here
mod fuzz_json;

use proptest::prelude::*;
use tafel::components::markdown::render_markdown;

const TAGS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "em",
    "strong",
    "del",
    "code",
    "pre",
    "a",
    "blockquote",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "br",
    "input",
];

/// The attribute value as the browser reads it: named and numeric character references decoded,
/// in one pass (`&amp;#106;` is the text `&#106;`, not `j`).
fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.find(';').filter(|&end| end <= 10);
        let decoded = end.and_then(|end| match &rest[1..end] {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            number => {
                let code = match number
                    .strip_prefix("#x")
                    .or_else(|| number.strip_prefix("#X"))
                {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => number.strip_prefix('#')?.parse().ok(),
                };
                code.and_then(char::from_u32)
            }
        });
        if let (Some(c), Some(end)) = (decoded, end) {
            out.push(c);
            rest = &rest[end + 1..];
        } else {
            out.push('&');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// The scheme a browser finds in an href: it drops leading C0 controls and spaces and every tab and
/// line break before looking for `scheme:`.
fn scheme(href: &str) -> Option<String> {
    let cleaned: String = href
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let colon = cleaned.find(':')?;
    let name = &cleaned[..colon];
    let mut chars = name.chars();
    (chars.next()?.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| name.to_ascii_lowercase())
}

/// Checks every tag of the output; the error names the first thing out of place.
fn check_html(html: &str) -> Result<(), String> {
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let close = after
            .find('>')
            .ok_or_else(|| format!("unclosed tag at {after:?}"))?;
        let tag = &after[..close];
        rest = &after[close + 1..];
        let tag = tag.strip_prefix('/').unwrap_or(tag);
        let (name, mut attributes) = tag.split_once(' ').unwrap_or((tag, ""));
        if !TAGS.contains(&name) {
            return Err(format!("tag <{name}>"));
        }
        while !attributes.is_empty() {
            let (attribute, value, remaining) = match attributes.split_once('=') {
                Some((attribute, tail)) if !attribute.contains(' ') => {
                    let tail = tail
                        .strip_prefix('"')
                        .ok_or_else(|| format!("unquoted value in <{tag}>"))?;
                    let end = tail
                        .find('"')
                        .ok_or_else(|| format!("unclosed value in <{tag}>"))?;
                    (attribute, Some(&tail[..end]), tail[end + 1..].trim_start())
                }
                _ => {
                    let (attribute, remaining) =
                        attributes.split_once(' ').unwrap_or((attributes, ""));
                    (attribute, None, remaining)
                }
            };
            match (attribute, value) {
                ("href", Some(href)) => {
                    let href = unescape(href);
                    if let Some(scheme) = scheme(&href)
                        && !["http", "https", "mailto"].contains(&scheme.as_str())
                    {
                        return Err(format!("link to {href:?}"));
                    }
                }
                ("class", Some(class))
                    if class.starts_with("tafel-align-") || class.starts_with("language-") => {}
                ("rel", Some("noopener noreferrer nofollow"))
                | ("type", Some("checkbox"))
                | ("disabled" | "checked", None) => {}
                ("start", Some(n)) if n.bytes().all(|b| b.is_ascii_digit()) => {}
                _ => return Err(format!("attribute {attribute}={value:?} in <{tag}>")),
            }
            attributes = remaining;
        }
    }
    if html.contains('>') && html.matches('>').count() != html.matches('<').count() {
        return Err("a '>' outside a tag".to_owned());
    }
    Ok(())
}

/// Markdown syntax, HTML and script fragments, and URL tricks, strung together.
fn source() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        prop::sample::select(
            &[
                "# ",
                "## ",
                "> ",
                "- ",
                "* ",
                "1. ",
                "- [x] ",
                "- [ ] ",
                "```",
                "```js\"onload=x",
                "    ",
                "|",
                "| --- |",
                "---",
                "**",
                "_",
                "~~",
                "`",
                "[",
                "]",
                "(",
                ")",
                "![",
                "<",
                ">",
                "\n",
                "\n\n",
                "\r\n",
                "\t",
                " ",
                "\\",
                "&",
                "&amp;",
                "&#106;",
                "\"",
                "'",
                "=",
                "<script>alert(1)</script>",
                "<img src=x onerror=alert(1)>",
                "<a href=\"javascript:x\">",
                "javascript:alert(1)",
                "JaVaScRiPt:",
                "java\tscript:",
                " javascript:",
                "\u{1}javascript:",
                "data:text/html,<script>",
                "vbscript:",
                "https://example.org/?a=\"b\"",
                "mailto:a@b",
                "//evil.example",
                "<https://x.example>",
                "<javascript:alert(1)>",
                "onmouseover=",
                "x",
            ][..]
        )
        .prop_map(str::to_owned),
        ".{0,6}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(fuzz_json::config())]

    #[test]
    fn rendered_markdown_holds_only_the_renderers_own_tags_and_safe_links(text in source()) {
        let html = render_markdown(&text);
        if let Err(problem) = check_html(&html) {
            return Err(TestCaseError::fail(format!("{problem}\nsource: {text:?}\nhtml: {html}")));
        }
    }

    #[test]
    fn any_text_renders_without_panicking(text in ".{0,300}") {
        let html = render_markdown(&text);
        prop_assert!(check_html(&html).is_ok(), "{text:?} -> {html}");
    }
}

/// The checker itself must catch what it is for.
#[test]
fn the_checker_refuses_script_tags_handlers_and_script_links() {
    assert!(check_html("<p>x</p>").is_ok());
    assert!(check_html("<a href=\"https://x\" rel=\"noopener noreferrer nofollow\">x</a>").is_ok());
    assert!(check_html("<script>x</script>").is_err());
    assert!(check_html("<p onclick=\"x\">").is_err());
    assert!(
        check_html("<a href=\"java&#9;script:x\">").is_err(),
        "the browser decodes &#9; to a tab"
    );
    assert!(
        check_html("<a href=\"java&amp;#9;script:x\">").is_ok(),
        "text, not a reference"
    );
    assert!(check_html("<a href=\"java\tscript:x\">").is_err());
    assert!(check_html("<a href=\" JavaScript:x\">").is_err());
    assert!(check_html("<img src=x>").is_err());
}
