//! Inline Markdown: code spans, emphasis, strikethrough, links, autolinks, images (as their alt
//! text), backslash escapes and hard breaks. Everything the author wrote comes out escaped; only the
//! tags written here are produced.

use super::{escape, is_safe_url, push_escaped};

/// Renders the inline content of one block.
pub fn render(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    push_inline(&mut out, text);
    out
}

fn push_inline(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let consumed = match c {
            '\\' => backslash(out, rest),
            '`' => Some(code_span(out, rest)),
            '!' if rest.starts_with("![") => image(out, rest),
            '[' => link(out, rest),
            '<' => autolink(out, rest),
            '*' | '_' | '~' => emphasis(out, rest, text),
            ' ' if rest.starts_with("  \n") || rest.starts_with(" \n") => {
                let spaces = rest.find('\n').unwrap_or(0);
                if spaces >= 2 {
                    out.push_str("<br>\n");
                } else {
                    out.push('\n');
                }
                Some(spaces + 1)
            }
            '&' => entity(out, rest),
            _ => None,
        };
        let consumed = consumed.unwrap_or_else(|| {
            push_escaped(out, c);
            c.len_utf8()
        });
        rest = &rest[consumed..];
    }
}

fn backslash(out: &mut String, rest: &str) -> Option<usize> {
    let next = rest[1..].chars().next()?;
    if next == '\n' {
        out.push_str("<br>\n");
        Some(2)
    } else if next.is_ascii_punctuation() {
        push_escaped(out, next);
        Some(2)
    } else {
        None
    }
}

/// A run of backticks up to the same run closes a code span; its content is shown as written.
fn code_span(out: &mut String, rest: &str) -> usize {
    let ticks = rest.len() - rest.trim_start_matches('`').len();
    let body = &rest[ticks..];
    let mut search = 0;
    while let Some(found) = body[search..].find('`') {
        let at = search + found;
        let run = body[at..].len() - body[at..].trim_start_matches('`').len();
        if run == ticks {
            let code = body[..at].replace('\n', " ");
            let code = if code.len() > 2 && code.starts_with(' ') && code.ends_with(' ') {
                &code[1..code.len() - 1]
            } else {
                code.as_str()
            };
            out.push_str("<code>");
            out.push_str(&escape(code));
            out.push_str("</code>");
            return ticks + at + run;
        }
        search = at + run;
    }
    // No closing run: the backticks are text.
    out.push_str(&rest[..ticks]);
    ticks
}

/// `[text](destination "title")`: the byte length of the whole, the text and the destination.
fn link_parts(rest: &str) -> Option<(usize, &str, &str)> {
    let mut depth = 0usize;
    let mut close = None;
    let mut chars = rest.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(i);
                    break;
                }
            }
            _ => {}
        }
    }
    let close = close?;
    let after = rest[close + 1..].strip_prefix('(')?;
    // Parentheses inside the destination come in pairs.
    let mut open = 0usize;
    let end = after.char_indices().find_map(|(i, c)| match c {
        '(' => {
            open += 1;
            None
        }
        ')' if open == 0 => Some(i),
        ')' => {
            open -= 1;
            None
        }
        _ => None,
    })?;
    let inside = after[..end].trim();
    let destination = inside
        .split_once(char::is_whitespace)
        .map_or(inside, |(url, _title)| url);
    let destination = destination
        .strip_prefix('<')
        .and_then(|d| d.strip_suffix('>'))
        .unwrap_or(destination);
    Some((close + 2 + end + 1, &rest[1..close], destination))
}

fn push_link_start(out: &mut String, url: &str) {
    out.push_str("<a href=\"");
    out.push_str(&escape(url));
    out.push_str("\" rel=\"noopener noreferrer nofollow\">");
}

fn link(out: &mut String, rest: &str) -> Option<usize> {
    let (len, text, url) = link_parts(rest)?;
    if is_safe_url(url) {
        push_link_start(out, url);
        push_inline(out, text);
        out.push_str("</a>");
    } else {
        push_inline(out, text);
    }
    Some(len)
}

/// Nothing is loaded from other hosts: an image shows its description instead.
fn image(out: &mut String, rest: &str) -> Option<usize> {
    let (len, alt, _) = link_parts(&rest[1..])?;
    push_inline(out, alt);
    Some(len + 1)
}

/// `<https://…>` and `<mailto:…>`; any other `<` is text.
fn autolink(out: &mut String, rest: &str) -> Option<usize> {
    let end = rest.find('>')?;
    let url = &rest[1..end];
    let lower = url.to_ascii_lowercase();
    let is_link = (lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("mailto:"))
        && !url.contains(char::is_whitespace)
        && !url.contains('<');
    if !is_link {
        return None;
    }
    push_link_start(out, url);
    out.push_str(&escape(url.strip_prefix("mailto:").unwrap_or(url)));
    out.push_str("</a>");
    Some(end + 1)
}

/// `**strong**`, `*em*`, `_em_`, `__strong__`, `~~struck~~`: a delimiter run closed by the same run.
/// Underscores inside words (snake_case) stay text.
fn emphasis(out: &mut String, rest: &str, whole: &str) -> Option<usize> {
    let c = rest.chars().next()?;
    let run = rest.len() - rest.trim_start_matches(c).len();
    let (tag, len) = match (c, run) {
        ('~', 2) => ("del", 2),
        ('~', _) => return None,
        (_, 1) => ("em", 1),
        (_, 2) => ("strong", 2),
        _ => return None,
    };
    let body = &rest[len..];
    if body.starts_with(char::is_whitespace) {
        return None;
    }
    let offset = whole.len() - rest.len();
    let before = whole[..offset].chars().next_back();
    if c == '_' && before.is_some_and(char::is_alphanumeric) {
        return None;
    }
    let delimiter = &rest[..len];
    let mut search = 0;
    while let Some(found) = body[search..].find(delimiter) {
        let at = search + found;
        let closing_run = body[at..].len() - body[at..].trim_start_matches(c).len();
        let prev = body[..at].chars().next_back();
        let after = body[at + len..].chars().next();
        let flanking = at > 0 && prev.is_some_and(|p| !p.is_whitespace());
        let word_ok = c != '_' || !after.is_some_and(char::is_alphanumeric);
        if flanking && word_ok && closing_run == len {
            out.push('<');
            out.push_str(tag);
            out.push('>');
            push_inline(out, &body[..at]);
            out.push_str("</");
            out.push_str(tag);
            out.push('>');
            return Some(len + at + len);
        }
        search = at + closing_run.max(1);
    }
    None
}

/// The character references people type; others stay as written (escaped).
fn entity(out: &mut String, rest: &str) -> Option<usize> {
    let end = rest.bytes().take(12).position(|b| b == b';')?;
    let name = &rest[1..end];
    let decoded = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code).filter(|c| *c != '\0')?
        }
    };
    push_escaped(out, decoded);
    Some(end + 1)
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn emphasis_strong_and_strikethrough() {
        assert_eq!(
            render("a *b* **c** _d_ __e__ ~~f~~"),
            "a <em>b</em> <strong>c</strong> <em>d</em> <strong>e</strong> <del>f</del>"
        );
        assert_eq!(render("**bold _em_**"), "<strong>bold <em>em</em></strong>");
    }

    #[test]
    fn lone_delimiters_and_snake_case_stay_text() {
        assert_eq!(render("2 * 3 * 4"), "2 * 3 * 4");
        assert_eq!(render("snake_case_name"), "snake_case_name");
        assert_eq!(render("**not closed"), "**not closed");
    }

    #[test]
    fn code_spans_show_their_content_as_written() {
        assert_eq!(
            render("use `<b>` and `` a`b ``"),
            "use <code>&lt;b&gt;</code> and <code>a`b</code>"
        );
        assert_eq!(render("`open"), "`open");
    }

    #[test]
    fn links_autolinks_and_images() {
        assert_eq!(
            render("[the *docs*](https://example.org/a_b \"Title\")"),
            "<a href=\"https://example.org/a_b\" rel=\"noopener noreferrer nofollow\">the <em>docs</em></a>"
        );
        assert_eq!(
            render("<https://example.org>"),
            "<a href=\"https://example.org\" rel=\"noopener noreferrer nofollow\">https://example.org</a>"
        );
        assert_eq!(render("![a chart](https://x.example/p.png)"), "a chart");
        assert_eq!(render("[x](javascript:alert(1)) y"), "x y");
    }

    #[test]
    fn escapes_entities_and_breaks() {
        assert_eq!(
            render(r"\*not em\* &amp; &#65; &bogus;"),
            "*not em* &amp; A &amp;bogus;"
        );
        assert_eq!(
            render("one  \ntwo\\\nthree\nfour"),
            "one<br>\ntwo<br>\nthree\nfour"
        );
    }
}
