//! Markdown to HTML that is safe to insert: raw HTML in the source stays visible text, links keep only
//! safe schemes, and images become their alt text (nothing is loaded from other hosts).
//!
//! Written here rather than taken from pulldown-cmark: that crate was 51 KiB of the brotli-compressed
//! bundle (measured), a tenth of it, for the descriptions and comments that people write. This
//! covers what they use: headings, paragraphs, emphasis, strikethrough, code (spans, fenced and
//! indented blocks), links, block quotes, nested bullet, ordered and task lists, tables, rules and
//! line breaks. Everything else shows as the text it is.

mod inline;

use std::fmt::Write;

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_escaped(&mut out, c);
    }
    out
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\'' => out.push_str("&#39;"),
        _ => out.push(c),
    }
}

/// Relative links and http(s)/mailto; never `javascript:` or `data:`.
fn is_safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    // A scheme ends at the first ':' before any '/', '?' or '#'; anything without one is relative.
    let has_scheme = match (lower.find(':'), lower.find(['/', '?', '#'])) {
        (Some(colon), Some(path)) => colon < path,
        (Some(_), None) => true,
        _ => false,
    };
    !has_scheme
        || lower.starts_with("http:")
        || lower.starts_with("https:")
        || lower.starts_with("mailto:")
}

pub fn render_markdown(source: &str) -> String {
    let source = source.replace("\r\n", "\n").replace('\t', "    ");
    let lines: Vec<&str> = source.lines().collect();
    let mut out = String::with_capacity(source.len() * 5 / 4);
    render_blocks(&mut out, &lines, false);
    out
}

/// Leading spaces of a line.
fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// A fence opening a code block: its character, length and info string.
fn fence(line: &str) -> Option<(char, usize, &str)> {
    if indent(line) > 3 {
        return None;
    }
    let trimmed = line.trim_start();
    let c = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = trimmed.len() - trimmed.trim_start_matches(c).len();
    let info = trimmed[len..].trim();
    (len >= 3 && !(c == '`' && info.contains('`'))).then_some((c, len, info))
}

fn heading(line: &str) -> Option<(usize, &str)> {
    if indent(line) > 3 {
        return None;
    }
    let trimmed = line.trim_start();
    let level = trimmed.len() - trimmed.trim_start_matches('#').len();
    let text = &trimmed[level..];
    if !(1..=6).contains(&level) || !(text.is_empty() || text.starts_with(' ')) {
        return None;
    }
    let text = text.trim();
    let text = text.trim_end_matches('#');
    let text = if text.is_empty() || text.ends_with(' ') {
        text.trim_end()
    } else {
        text.trim()
    };
    Some((level, text))
}

fn is_rule(line: &str) -> bool {
    let trimmed: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    indent(line) <= 3
        && trimmed.len() >= 3
        && ['-', '*', '_']
            .iter()
            .any(|m| trimmed.chars().all(|c| c == *m))
}

/// A list item's marker: ordered (with its number) or not, and where its content starts.
#[derive(Clone, Copy, PartialEq)]
struct Marker {
    ordered: Option<u32>,
    symbol: char,
    content: usize,
}

fn list_marker(line: &str) -> Option<Marker> {
    let lead = indent(line);
    if lead > 3 {
        return None;
    }
    let rest = &line[lead..];
    let first = rest.chars().next()?;
    let (ordered, symbol, len) = if matches!(first, '-' | '*' | '+') {
        (None, first, 1)
    } else {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let symbol = rest[digits..].chars().next()?;
        if !(1..=9).contains(&digits) || !matches!(symbol, '.' | ')') {
            return None;
        }
        (rest[..digits].parse().ok(), symbol, digits + 1)
    };
    let after = &rest[len..];
    if !after.is_empty() && !after.starts_with(' ') {
        return None;
    }
    let gap = indent(after).clamp(1, 4);
    Some(Marker {
        ordered,
        symbol,
        content: lead + len + gap.min(after.len().max(1)),
    })
}

/// Whether a line starts a block other than a paragraph (so it ends the paragraph before it).
fn starts_block(line: &str) -> bool {
    fence(line).is_some()
        || heading(line).is_some()
        || is_rule(line)
        || line.trim_start().starts_with('>') && indent(line) <= 3
        || list_marker(line).is_some_and(|m| !is_blank(&line[m.content.min(line.len())..]))
}

fn table_cells(line: &str) -> Vec<&str> {
    let line = line.trim();
    let line = line.strip_prefix('|').unwrap_or(line);
    let line = line.strip_suffix('|').unwrap_or(line);
    line.split('|').map(str::trim).collect()
}

/// The alignments of a table's delimiter row (`| :-- | :-: | --: |`), if it is one.
fn table_alignments(line: &str) -> Option<Vec<&'static str>> {
    if !line.contains('-') || !line.contains(['|', ':']) && !line.trim().starts_with('|') {
        return None;
    }
    table_cells(line)
        .into_iter()
        .map(|cell| {
            let dashes = cell.trim_matches(':');
            if dashes.is_empty() || !dashes.chars().all(|c| c == '-') {
                return None;
            }
            Some(match (cell.starts_with(':'), cell.ends_with(':')) {
                (true, true) => "center",
                (false, true) => "right",
                (true, false) => "left",
                (false, false) => "",
            })
        })
        .collect()
}

fn push_row(out: &mut String, cells: &[&str], aligns: &[&str], tag: &str) {
    out.push_str("<tr>");
    for (i, align) in aligns.iter().enumerate() {
        out.push('<');
        out.push_str(tag);
        // A class, not a style attribute: the page's CSP allows no inline styles.
        if !align.is_empty() {
            out.push_str(" class=\"tafel-align-");
            out.push_str(align);
            out.push('"');
        }
        out.push('>');
        out.push_str(&inline::render(cells.get(i).copied().unwrap_or("")));
        out.push_str("</");
        out.push_str(tag);
        out.push('>');
    }
    out.push_str("</tr>");
}

/// Renders a run of lines as blocks. In a tight list item, paragraphs have no `<p>`.
fn render_blocks(out: &mut String, lines: &[&str], tight: bool) {
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if is_blank(line) {
            i += 1;
        } else if let Some((c, len, info)) = fence(line) {
            let lead = indent(line);
            let mut body = Vec::new();
            i += 1;
            while i < lines.len() {
                let closing = fence(lines[i])
                    .is_some_and(|(cc, cl, ci)| cc == c && cl >= len && ci.is_empty());
                i += 1;
                if closing {
                    break;
                }
                let l = lines[i - 1];
                body.push(&l[indent(l).min(lead)..]);
            }
            let language: String = info
                .split_whitespace()
                .next()
                .unwrap_or("")
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+'))
                .collect();
            out.push_str("<pre><code");
            if !language.is_empty() {
                out.push_str(" class=\"language-");
                out.push_str(&language);
                out.push('"');
            }
            out.push('>');
            for l in body {
                out.push_str(&escape(l));
                out.push('\n');
            }
            out.push_str("</code></pre>\n");
        } else if indent(line) >= 4 {
            let start = i;
            while i < lines.len() && (indent(lines[i]) >= 4 || is_blank(lines[i])) {
                i += 1;
            }
            while i > start && is_blank(lines[i - 1]) {
                i -= 1;
            }
            out.push_str("<pre><code>");
            for l in &lines[start..i] {
                out.push_str(&escape(l.get(4..).unwrap_or("")));
                out.push('\n');
            }
            out.push_str("</code></pre>\n");
        } else if let Some((level, text)) = heading(line) {
            let _ = writeln!(out, "<h{level}>{}</h{level}>", inline::render(text));
            i += 1;
        } else if is_rule(line) {
            out.push_str("<hr>\n");
            i += 1;
        } else if line.trim_start().starts_with('>') {
            let mut quoted = Vec::new();
            while i < lines.len() && lines[i].trim_start().starts_with('>') {
                let l = lines[i].trim_start().strip_prefix('>').unwrap_or_default();
                quoted.push(l.strip_prefix(' ').unwrap_or(l));
                i += 1;
            }
            out.push_str("<blockquote>\n");
            render_blocks(out, &quoted, false);
            out.push_str("</blockquote>\n");
        } else if let Some(marker) = list_marker(line) {
            i = render_list(out, lines, i, marker);
        } else if i + 1 < lines.len()
            && line.contains('|')
            && let Some(aligns) = table_alignments(lines[i + 1])
            && table_cells(line).len() == aligns.len()
        {
            out.push_str("<table><thead>");
            push_row(out, &table_cells(line), &aligns, "th");
            out.push_str("</thead><tbody>");
            i += 2;
            while i < lines.len() && !is_blank(lines[i]) && !starts_block(lines[i]) {
                push_row(out, &table_cells(lines[i]), &aligns, "td");
                i += 1;
            }
            out.push_str("</tbody></table>\n");
        } else {
            let start = i;
            let mut level = 0;
            i += 1;
            while i < lines.len() && !is_blank(lines[i]) && !starts_block(lines[i]) {
                // A paragraph underlined with `=` is a heading; with `-` (below) too.
                if lines[i].trim().chars().all(|c| c == '=') {
                    level = 1;
                    break;
                }
                i += 1;
            }
            let text_end = i;
            if level == 1 {
                i += 1;
            } else if i < lines.len()
                && is_rule(lines[i])
                && lines[i].trim().chars().all(|c| c == '-')
            {
                level = 2;
                i += 1;
            }
            let text: Vec<&str> = lines[start..text_end].iter().map(|l| l.trim()).collect();
            let html = inline::render(&text.join("\n"));
            match level {
                1 | 2 => {
                    let _ = writeln!(out, "<h{level}>{html}</h{level}>");
                }
                _ if tight => out.push_str(&html),
                _ => {
                    out.push_str("<p>");
                    out.push_str(&html);
                    out.push_str("</p>\n");
                }
            }
        }
    }
}

/// Renders the list starting at `lines[start]`; returns the index after it.
fn render_list(out: &mut String, lines: &[&str], start: usize, first: Marker) -> usize {
    let same_list =
        |m: &Marker| m.ordered.is_some() == first.ordered.is_some() && m.symbol == first.symbol;
    let mut items: Vec<Vec<String>> = Vec::new();
    let mut loose = false;
    let mut i = start;
    while i < lines.len() {
        let Some(marker) = list_marker(lines[i]).filter(same_list) else {
            break;
        };
        let content = marker.content;
        let mut item = vec![lines[i].get(content..).unwrap_or("").to_owned()];
        i += 1;
        let mut blank_before = false;
        while i < lines.len() {
            let line = lines[i];
            if is_blank(line) {
                blank_before = true;
                item.push(String::new());
                i += 1;
            } else if indent(line) >= content {
                if blank_before && !item.iter().rev().skip(1).all(String::is_empty) {
                    loose = true;
                }
                blank_before = false;
                item.push(line[content..].to_owned());
                i += 1;
            } else if !blank_before && !starts_block(line) {
                // A lazy continuation of the item's paragraph.
                item.push(line.trim().to_owned());
                i += 1;
            } else {
                break;
            }
        }
        while item.last().is_some_and(String::is_empty) {
            item.pop();
        }
        items.push(item);
        // A blank line between items makes the list loose; one before what follows does not.
        if blank_before && i < lines.len() && list_marker(lines[i]).is_some_and(|m| same_list(&m)) {
            loose = true;
        }
    }
    match first.ordered {
        Some(n) if n != 1 => {
            let _ = writeln!(out, "<ol start=\"{n}\">");
        }
        Some(_) => out.push_str("<ol>\n"),
        None => out.push_str("<ul>\n"),
    }
    for item in items {
        out.push_str("<li>");
        let mut lines: Vec<&str> = item.iter().map(String::as_str).collect();
        let task = lines.first().and_then(|first| {
            let checked = first.starts_with("[x] ") || first.starts_with("[X] ");
            (checked || first.starts_with("[ ] ")).then_some(checked)
        });
        if let Some(checked) = task {
            out.push_str(if checked {
                "<input type=\"checkbox\" disabled checked> "
            } else {
                "<input type=\"checkbox\" disabled> "
            });
            lines[0] = &lines[0][4..];
        }
        render_blocks(out, &lines, !loose);
        out.push_str("</li>\n");
    }
    out.push_str(if first.ordered.is_some() {
        "</ol>\n"
    } else {
        "</ul>\n"
    });
    i
}

#[cfg(test)]
mod tests;
