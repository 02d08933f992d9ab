//! Turning the text of cells and sections into clean markdown.
//!
//! The documents mix markdown with a handful of inline HTML tags (`<br>`, `<b>`, `<a href>`, `<p>`, `<li>`)
//! and entities. No crate converts just that subset to markdown while leaving the markdown around it alone
//! (HTML-to-markdown crates expect a whole HTML document), so this small scanner does it: known tags become
//! their markdown form, unknown tags are dropped with their text kept, entities are decoded.

/// Characters that are invisible but change comparisons: zero-width spaces and joiners, BOMs.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// Markdown text of a cell or section: HTML turned into markdown, escaped pipes restored, invisible
/// characters removed, runs of blank lines folded, ends trimmed.
pub(crate) fn clean_markdown(raw: &str) -> String {
    let converted = html_to_markdown(&raw.replace("\\|", "|"));
    let mut out = String::with_capacity(converted.len());
    let mut blank_run = 0;
    let spacing = |c: char| c == '\t' || c == '\u{00A0}';
    for line in converted.lines() {
        // Borrowed unless it has characters to remove or to turn into spaces.
        let line: std::borrow::Cow<'_, str> = if line.contains(|c| is_invisible(c) || spacing(c)) {
            line.chars()
                .filter(|&c| !is_invisible(c))
                .map(|c| if spacing(c) { ' ' } else { c })
                .collect::<String>()
                .into()
        } else {
            line.into()
        };
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(line);
    }
    out
}

/// A plain identifier-like cell (`**regionId**`, `` `name` ``): markup and invisible characters removed.
pub(crate) fn clean_name(raw: &str) -> String {
    // Most cells are a bare name: nothing to convert or remove.
    // (Invisible characters are all outside ASCII.)
    if !raw
        .bytes()
        .any(|b| matches!(b, b'<' | b'&' | b'*' | b'`' | b'\\') || !b.is_ascii())
    {
        return raw.trim().to_owned();
    }
    let text = html_to_markdown(raw);
    text.chars()
        .filter(|&c| !is_invisible(c) && !matches!(c, '*' | '`' | '\\'))
        .collect::<String>()
        .trim()
        .to_owned()
}

/// A heading or table header reduced to a comparable key: lower case, markup gone, single spaces,
/// trailing punctuation dropped.
pub(crate) fn heading_key(raw: &str) -> String {
    let name = clean_name(raw);
    let mut key = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(&word.to_lowercase());
    }
    key.trim_end_matches([':', '：', '#', ' ']).to_owned()
}

fn html_to_markdown(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut rest = input;
    let mut link_href: Vec<Option<String>> = Vec::new();
    while let Some(start) = rest.find(['<', '&']) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        if rest.starts_with('&') {
            match decode_entity(rest) {
                Some((text, len)) => {
                    out.push_str(text);
                    rest = &rest[len..];
                }
                None => {
                    out.push('&');
                    rest = &rest[1..];
                }
            }
            continue;
        }
        let Some(tag) = parse_tag(rest) else {
            out.push('<');
            rest = &rest[1..];
            continue;
        };
        rest = &rest[tag.len..];
        match (tag.name.as_str(), tag.closing) {
            ("br", _) => out.push('\n'),
            ("p" | "div" | "ul" | "ol" | "table" | "tr", _) => out.push_str("\n\n"),
            ("li", false) => out.push_str("\n- "),
            ("b" | "strong", _) => out.push_str("**"),
            ("i" | "em", _) => out.push('*'),
            ("code", _) => out.push('`'),
            ("td" | "th", true) => out.push(' '),
            ("a", false) => {
                let href = tag.attribute("href");
                if href.is_some() {
                    out.push('[');
                }
                link_href.push(href);
            }
            ("a", true) => {
                if let Some(Some(href)) = link_href.pop() {
                    out.push_str("](");
                    out.push_str(&href);
                    out.push(')');
                }
            }
            _ => {}
        }
    }
    out.push_str(rest);
    out
}

fn decode_entity(text: &str) -> Option<(&'static str, usize)> {
    const ENTITIES: [(&str, &str); 8] = [
        ("&nbsp;", " "),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&amp;", "&"),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&apos;", "'"),
        ("&#124;", "|"),
    ];
    ENTITIES
        .iter()
        .find(|(entity, _)| text.starts_with(entity))
        .map(|(entity, value)| (*value, entity.len()))
}

/// An HTML tag at the start of some text.
pub(crate) struct Tag {
    pub(crate) name: String,
    pub(crate) closing: bool,
    attributes: String,
    pub(crate) len: usize,
}

impl Tag {
    /// The value of an attribute (`name`, `id`, `href`), quoted or not.
    pub(crate) fn attribute(&self, wanted: &str) -> Option<String> {
        let attrs = self.attributes.as_str();
        let lower = attrs.to_ascii_lowercase();
        let mut search = 0;
        while let Some(found) = lower[search..].find(wanted) {
            let at = search + found;
            search = at + wanted.len();
            let before_ok = at == 0 || attrs[..at].ends_with(char::is_whitespace);
            let after = attrs[search..].trim_start();
            let (Some(value), true) = (after.strip_prefix('='), before_ok) else {
                continue;
            };
            let value = value.trim_start();
            let parsed = match value.chars().next() {
                Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
                _ => value
                    .split(|c: char| c.is_whitespace() || c == '>')
                    .next()
                    .unwrap_or(""),
            };
            return Some(parsed.to_owned());
        }
        None
    }
}

/// Reads `<name attrs>`, `</name>` or `<name/>` at the start of `text`; `None` when it is not a tag
/// (a lone `<` as in `Map<String, String>` or `a < b`).
pub(crate) fn parse_tag(text: &str) -> Option<Tag> {
    let inner = text.strip_prefix('<')?;
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let name_len = inner
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(inner.len());
    if name_len == 0 || !inner.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let name = inner[..name_len].to_ascii_lowercase();
    if !KNOWN_TAGS.contains(&name.as_str()) {
        return None;
    }
    let end = inner.find('>')?;
    let attributes = inner[name_len..end].trim_end_matches('/').to_owned();
    let prefix = 1 + usize::from(closing);
    Some(Tag {
        name,
        closing,
        attributes,
        len: prefix + end + 1,
    })
}

/// Tags the documents use. Anything else in angle brackets is text (`List<Filter>`, `<instanceId>`).
const KNOWN_TAGS: &[&str] = &[
    "a", "b", "br", "code", "div", "em", "font", "h1", "h2", "h3", "h4", "hr", "i", "img", "li",
    "ol", "p", "pre", "span", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr",
    "u", "ul",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_inline_html() {
        assert_eq!(clean_markdown("a<br>b<br/>c<br />"), "a\nb\nc");
        assert_eq!(
            clean_markdown("<b>bold</b> and <a href=\"https://x.y/z\">link</a>"),
            "**bold** and [link](https://x.y/z)"
        );
        assert_eq!(
            clean_markdown("<ul><li>one</li><li>two</li></ul>"),
            "- one\n- two"
        );
        assert_eq!(
            clean_markdown("x &lt; y &amp;&nbsp;z \\| w"),
            "x < y & z | w"
        );
        assert_eq!(
            clean_markdown("List<Filter> and a < b"),
            "List<Filter> and a < b"
        );
        assert_eq!(clean_markdown("<p>one</p><p>two</p>"), "one\n\ntwo");
        assert_eq!(
            clean_markdown("<i>it</i>, <em>em</em> and <code>x</code>"),
            "*it*, *em* and `x`"
        );
        assert_eq!(
            clean_markdown("<table><tr><td>a</td><td>b</td></tr></table>"),
            "a b"
        );
        // Tabs and no-break spaces are spaces.
        assert_eq!(clean_markdown("a\tb\u{00A0}c"), "a b c");
    }

    #[test]
    fn cleans_names_and_keys() {
        assert_eq!(clean_name("**regionId**\u{200B}"), "regionId");
        assert_eq!(clean_name("<a name=\"Result\">Result</a>"), "Result");
        assert_eq!(heading_key("Response   parameter"), "response parameter");
        assert_eq!(heading_key("Use Method ##"), "use method");
    }

    #[test]
    fn reads_attributes() {
        let tag = parse_tag("<a name=\"Backup\">").unwrap();
        assert_eq!(tag.attribute("name").as_deref(), Some("Backup"));
        // `name` inside another attribute's name is not it; an unquoted value ends at a space.
        let tag = parse_tag("<a data-name=\"x\" name=Backup id=b>").unwrap();
        assert_eq!(tag.attribute("name").as_deref(), Some("Backup"));
        let tag = parse_tag("<div id='backup' class=x>").unwrap();
        assert_eq!(tag.attribute("id").as_deref(), Some("backup"));
        assert_eq!(tag.attribute("class").as_deref(), Some("x"));
        assert!(parse_tag("<String, String>").is_none());
    }
}
