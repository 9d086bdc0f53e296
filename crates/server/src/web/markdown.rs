//! Project instructions are Markdown written by requesters, shown to workers: rendered
//! with pulldown-cmark, raw HTML shown as text (never interpreted), and links or images
//! kept only for http(s) (and mailto for links), so an instruction cannot run script.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, html};

/// Whether a link target is harmless: relative, or http, https (and mailto for links).
fn safe_url(url: &str, mailto: bool) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    match cleaned.find(':') {
        Some(colon) if !cleaned[..colon].contains(['/', '?', '#']) => {
            let scheme = &cleaned[..colon];
            scheme == "http" || scheme == "https" || (mailto && scheme == "mailto")
        }
        _ => true,
    }
}

/// Markdown to HTML that is safe to insert into a page as is.
pub fn to_html(text: &str) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let events = Parser::new_ext(text, options).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: if safe_url(&dest_url, true) {
                dest_url
            } else {
                CowStr::Borrowed("#")
            },
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: if safe_url(&dest_url, false) {
                dest_url
            } else {
                CowStr::Borrowed("")
            },
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

#[cfg(test)]
mod tests {
    use super::to_html;

    #[test]
    fn markdown_is_rendered_and_raw_html_is_shown_as_text() {
        let html = to_html(
            "# Steps\n\n1. Read **all** of it\n2. Answer\n\n<script>alert(1)</script>\n\nInline <b onclick=\"x()\">bold</b>.",
        );
        assert!(html.contains("<h1>Steps</h1>"), "{html}");
        assert!(html.contains("<strong>all</strong>"), "{html}");
        assert!(html.contains("<ol>"), "{html}");
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("<b "), "{html}");
    }

    #[test]
    fn script_links_and_images_are_dropped() {
        let html = to_html(
            "[a](javascript:alert(1)) [b]( JaVa\tScRiPt:x) [c](https://example.org/guide) [d](/help) ![i](data:image/svg+xml,x)",
        );
        assert!(!html.to_lowercase().contains("javascript"), "{html}");
        assert!(
            html.contains("href=\"https://example.org/guide\""),
            "{html}"
        );
        assert!(html.contains("href=\"/help\""), "{html}");
        assert!(!html.contains("data:image"), "{html}");
    }
}
