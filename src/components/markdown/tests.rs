use super::render_markdown;

#[test]
fn raw_html_is_shown_as_text() {
    let out = render_markdown("Hello <script>alert(1)</script> <b>bold</b>");
    assert!(!out.contains("<script"), "{out}");
    assert!(!out.contains("<b>"), "{out}");
    assert!(out.contains("&lt;script&gt;"), "{out}");
}

#[test]
fn html_blocks_are_shown_as_text() {
    let out = render_markdown("<div onclick=\"x()\">\nhi\n</div>\n\n<img src=x onerror=alert(1)>");
    assert!(!out.contains("<div"), "{out}");
    assert!(!out.contains("<img"), "{out}");
}

#[test]
fn safe_links_stay_and_script_links_lose_their_target() {
    let out = render_markdown(
        "[a](https://example.org/x?y=\"z\") [b](javascript:alert(1)) [c](JaVaScRiPt:alert(1)) [d](/relative) [e](data:text/html,x)",
    );
    assert!(
        out.contains("href=\"https://example.org/x?y=&quot;z&quot;\""),
        "{out}"
    );
    assert!(!out.to_lowercase().contains("javascript"), "{out}");
    assert!(!out.contains("data:"), "{out}");
    assert!(out.contains("href=\"/relative\""), "{out}");
    assert!(out.contains(" b "), "{out}");
}

#[test]
fn attribute_values_cannot_be_broken_out_of() {
    let out = render_markdown("[x](https://e.org/\"onmouseover=\"alert(1)) ```");
    assert!(!out.contains("\"onmouseover"), "{out}");
    let fenced = render_markdown("```js\" onclick=\"x\nbody\n```");
    assert!(
        fenced.starts_with("<pre><code class=\"language-js\">"),
        "{fenced}"
    );
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
    assert_eq!(
        out,
        "<h1>Title</h1>\n<ul>\n<li>one</li>\n<li><strong>two</strong></li>\n</ul>\n<p><code>code</code></p>\n"
    );
}

#[test]
fn paragraphs_headings_rules_and_quotes() {
    assert_eq!(
        render_markdown("Title\n=====\nSub\n---\n\none\ntwo\n\n***\n> quoted *text*\n> more"),
        "<h1>Title</h1>\n<h2>Sub</h2>\n<p>one\ntwo</p>\n<hr>\n<blockquote>\n<p>quoted <em>text</em>\nmore</p>\n</blockquote>\n"
    );
    assert_eq!(render_markdown("## Closed ##"), "<h2>Closed</h2>\n");
    assert_eq!(render_markdown("#hashtag"), "<p>#hashtag</p>\n");
}

#[test]
fn code_blocks_keep_their_text() {
    assert_eq!(
        render_markdown("```json\n{\"a\": \"<b>\"}\n```\n\n    indented\n    code"),
        "<pre><code class=\"language-json\">{&quot;a&quot;: &quot;&lt;b&gt;&quot;}\n</code></pre>\n<pre><code>indented\ncode\n</code></pre>\n"
    );
}

#[test]
fn nested_ordered_loose_and_task_lists() {
    assert_eq!(
        render_markdown("1. first\n2. second\n   - inner\n   - more\n3. third"),
        "<ol>\n<li>first</li>\n<li>second<ul>\n<li>inner</li>\n<li>more</li>\n</ul>\n</li>\n<li>third</li>\n</ol>\n"
    );
    assert_eq!(
        render_markdown("3) three\n\n4) four"),
        "<ol start=\"3\">\n<li><p>three</p>\n</li>\n<li><p>four</p>\n</li>\n</ol>\n"
    );
    assert_eq!(
        render_markdown("- [x] done\n- [ ] open"),
        "<ul>\n<li><input type=\"checkbox\" disabled checked> done</li>\n<li><input type=\"checkbox\" disabled> open</li>\n</ul>\n"
    );
}

#[test]
fn a_list_item_continues_on_lazy_lines_and_ends_at_a_paragraph() {
    assert_eq!(
        render_markdown("- one\ncontinued\n- two\n\nafter"),
        "<ul>\n<li>one\ncontinued</li>\n<li>two</li>\n</ul>\n<p>after</p>\n"
    );
}

#[test]
fn tables_align_with_classes_not_styles() {
    assert_eq!(
        render_markdown("| Name | Count |\n| :--- | ---: |\n| a *b* | 1 |\n| c | 2 |"),
        "<table><thead><tr><th class=\"tafel-align-left\">Name</th><th class=\"tafel-align-right\">Count</th></tr></thead>\
         <tbody><tr><td class=\"tafel-align-left\">a <em>b</em></td><td class=\"tafel-align-right\">1</td></tr>\
         <tr><td class=\"tafel-align-left\">c</td><td class=\"tafel-align-right\">2</td></tr></tbody></table>\n"
    );
    assert_eq!(
        render_markdown("a | b\nnot a table"),
        "<p>a | b\nnot a table</p>\n"
    );
}

#[test]
fn hostile_and_odd_input_does_not_panic() {
    for source in [
        "",
        "\n\n",
        "*",
        "**",
        "`",
        "[",
        "](",
        "![",
        "<",
        "&",
        "&#x110000;",
        "- ",
        "1.",
        ">",
        "|",
        "|-|",
        "```",
        "~~~\n~~",
        "    ",
        "\t- x",
        "1) [x]",
        "[a](b",
        "[[[[]]]]()",
        "ü*ä*ö",
        "a\r\nb",
        "*a _b* c_",
    ] {
        let out = render_markdown(source);
        assert!(!out.contains("<script"), "{source:?} -> {out}");
    }
}

/// Random mixes of the characters Markdown gives meaning to, and of multi-byte letters, never panic
/// and never produce a tag the renderer does not write itself.
#[test]
fn random_input_never_panics_or_escapes() {
    const PIECES: [&str; 24] = [
        "*", "_", "~", "`", "[", "]", "(", ")", "!", "<", ">", "&", "#", "-", "|", ":", "\\", "\n",
        " ", "1.", "ä", "😀", "x", "&#1;",
    ];
    let mut state = 7u32;
    for _ in 0..3000 {
        let mut source = String::new();
        for _ in 0..24 {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            source.push_str(PIECES[(state >> 24) as usize % PIECES.len()]);
        }
        let out = render_markdown(&source);
        let mut rest = out.as_str();
        while let Some(open) = rest.find('<') {
            let tag = &rest[open + 1..];
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect();
            assert!(
                [
                    "a",
                    "p",
                    "em",
                    "strong",
                    "del",
                    "code",
                    "pre",
                    "br",
                    "hr",
                    "h1",
                    "h2",
                    "h3",
                    "h4",
                    "h5",
                    "h6",
                    "ul",
                    "ol",
                    "li",
                    "blockquote",
                    "table",
                    "thead",
                    "tbody",
                    "tr",
                    "th",
                    "td",
                    "input"
                ]
                .contains(&name.as_str()),
                "{source:?} -> {out}"
            );
            rest = &rest[open + 1..];
        }
    }
}

/// The scheme a browser would give an `href` attribute written as `attribute` (HTML-escaped): the
/// WHATWG URL parser strips leading and trailing C0 controls and spaces and removes tabs and newlines
/// before it reads `letter (letter | digit | + | - | .)* :`. `None` for a relative URL.
fn browser_scheme(attribute: &str) -> Option<String> {
    let value = attribute
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    let value: String = value
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let scheme: String = value
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        .collect();
    (scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && value[scheme.len()..].starts_with(':'))
    .then(|| scheme.to_ascii_lowercase())
}

/// Every `href="…"` value in rendered HTML.
fn hrefs(html: &str) -> Vec<&str> {
    html.split("href=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap_or(rest.len())])
        .collect()
}

#[test]
fn links_keep_only_http_https_mailto_and_relative_targets() {
    let kept = [
        ("https://example.org/a", "https://example.org/a"),
        ("HTTP://example.org", "HTTP://example.org"),
        ("http://example.org/a:b", "http://example.org/a:b"),
        ("mailto:a@example.org", "mailto:a@example.org"),
        ("MailTo:a@example.org", "MailTo:a@example.org"),
        ("/relative/path", "/relative/path"),
        ("relative/with:colon", "relative/with:colon"),
        ("./x:y", "./x:y"),
        ("../up", "../up"),
        ("#anchor:x", "#anchor:x"),
        ("?q=a:b", "?q=a:b"),
        (
            "//example.org/protocol-relative",
            "//example.org/protocol-relative",
        ),
        (
            "<https://example.org/in-brackets>",
            "https://example.org/in-brackets",
        ),
    ];
    for (destination, href) in kept {
        let out = render_markdown(&format!("[x]({destination})"));
        assert_eq!(hrefs(&out), [href], "{destination:?} -> {out}");
    }
    let dropped = [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "JAVASCRIPT:alert(1)",
        "  javascript:alert(1)",
        "<javascript:alert(1)>",
        "javascript:alert(1)//https://example.org",
        "javascript://%0aalert(1)",
        "\u{1}javascript:alert(1)",
        "\u{b}javascript:alert(1)",
        "java\u{200b}script:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "data:image/svg+xml,<svg onload=alert(1)>",
        "file:///etc/passwd",
        "blob:https://example.org/1",
        "filesystem:https://example.org/x",
        "ftp://example.org/",
        "x:y",
    ];
    for destination in dropped {
        for source in [
            format!("[x]({destination})"),
            format!("[x]({destination} \"title\")"),
            format!("![x]({destination})"),
            format!("[![x](y)]({destination})"),
            format!("<{destination}>"),
        ] {
            let out = render_markdown(&source);
            assert!(hrefs(&out).is_empty(), "{source:?} -> {out}");
        }
    }
}

/// Spellings that are not a script scheme to this renderer may still not become one in the browser:
/// whatever link is written, the browser reads it as http, https, mailto or relative.
#[test]
fn no_spelling_of_a_link_becomes_a_script_scheme_in_the_browser() {
    let tricks = [
        "javascript&#58;alert(1)",
        "javascript&colon;alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;avascript:alert(1)",
        "jav&#x09;ascript:alert(1)",
        "jav&Tab;ascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "javascript\u{ff1a}alert(1)",
        "%6Aavascript:alert(1)",
        "java%0ascript:alert(1)",
        "\u{202e}javascript:alert(1)",
        "\u{feff}javascript:alert(1)",
        "https://example.org/\"onmouseover=\"alert(1)",
        "https://example.org/'onmouseover='alert(1)",
        "<https://example.org/\"onmouseover=\"alert(1)>",
        " \u{c}javascript:alert(1)",
    ];
    for destination in tricks {
        for source in [
            format!("[x]({destination})"),
            format!("[x](  {destination}  )"),
            format!("<{destination}>"),
            format!("<a href=\"{destination}\">x</a>"),
            format!("[x][r]\n\n[r]: {destination}"),
        ] {
            let out = render_markdown(&source);
            for href in hrefs(&out) {
                let scheme = browser_scheme(href);
                assert!(
                    scheme
                        .as_deref()
                        .is_none_or(|s| ["http", "https", "mailto"].contains(&s)),
                    "{source:?} -> {out} (scheme {scheme:?})"
                );
                assert!(
                    !href.contains('"') && !href.contains('<'),
                    "{source:?} -> {out}"
                );
            }
            assert!(!out.contains(" onmouseover="), "{source:?} -> {out}");
        }
    }
    assert_eq!(
        browser_scheme(" \u{1}JavaScript:x"),
        Some("javascript".to_owned())
    );
    assert_eq!(
        browser_scheme("java\tscript:x"),
        Some("javascript".to_owned())
    );
    assert_eq!(browser_scheme("/a:b"), None);
}
