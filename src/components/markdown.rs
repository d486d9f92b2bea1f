//! Markdown to HTML that is safe to insert: raw HTML in the source stays visible text, links keep only
//! safe schemes, and images become their alt text (nothing is loaded from other hosts).

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

fn is_safe_url(url: &str) -> bool {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    // A scheme ends at the first ':' before any '/', '?' or '#'; anything without one is relative.
    let scheme_end = lower.find(':');
    let path_start = lower.find(['/', '?', '#']);
    let has_scheme = match (scheme_end, path_start) {
        (Some(colon), Some(path)) => colon < path,
        (Some(_), None) => true,
        _ => false,
    };
    !has_scheme
        || lower.starts_with("http:")
        || lower.starts_with("https:")
        || lower.starts_with("mailto:")
}

fn escape_attribute(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

pub fn render_markdown(source: &str) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut in_image = 0usize;
    let mut link_stack: Vec<bool> = Vec::new();
    let events = Parser::new_ext(source, options).filter_map(|event| match event {
        // Raw HTML from the author is shown, never interpreted.
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Image { .. }) => {
            in_image += 1;
            None
        }
        Event::End(TagEnd::Image) => {
            in_image = in_image.saturating_sub(1);
            None
        }
        Event::Start(Tag::Link { dest_url, .. }) => {
            let safe = is_safe_url(&dest_url);
            link_stack.push(safe);
            safe.then(|| {
                Event::Html(CowStr::from(format!(
                    "<a href=\"{}\" rel=\"noopener noreferrer nofollow\">",
                    escape_attribute(&dest_url)
                )))
            })
        }
        Event::End(TagEnd::Link) => link_stack
            .pop()
            .unwrap_or(false)
            .then(|| Event::Html(CowStr::from("</a>"))),
        other => Some(other),
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_shown_as_text() {
        let out = render_markdown("Hello <script>alert(1)</script> <b>bold</b>");
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("<b>"), "{out}");
        assert!(out.contains("&lt;script&gt;"), "{out}");
    }

    #[test]
    fn html_blocks_are_shown_as_text() {
        let out =
            render_markdown("<div onclick=\"x()\">\nhi\n</div>\n\n<img src=x onerror=alert(1)>");
        assert!(!out.contains("<div"), "{out}");
        assert!(!out.contains("<img"), "{out}");
    }

    #[test]
    fn safe_links_stay_and_script_links_lose_their_target() {
        let out = render_markdown(
            "[a](https://example.org/x?y=\"z\") [b](javascript:alert(1)) [c](JaVaScRiPt:alert(1)) [d](/relative)",
        );
        assert!(
            out.contains("href=\"https://example.org/x?y=%22z%22\"")
                || out.contains("href=\"https://example.org/x?y=&quot;z&quot;\""),
            "{out}"
        );
        assert!(!out.to_lowercase().contains("javascript"), "{out}");
        assert!(out.contains("href=\"/relative\""), "{out}");
        assert!(out.contains(">b<") || out.contains("b "), "{out}");
    }

    #[test]
    fn images_become_their_alt_text() {
        let out = render_markdown("![a chart](https://tracker.example/pixel.png)");
        assert!(!out.contains("<img"), "{out}");
        assert!(out.contains("a chart"), "{out}");
    }

    #[test]
    fn ordinary_markdown_renders() {
        let out = render_markdown("# Title\n\n- one\n- **two**\n\n`code`");
        assert!(out.contains("<h1>Title</h1>"));
        assert!(out.contains("<li><strong>two</strong></li>"));
        assert!(out.contains("<code>code</code>"));
    }
}
