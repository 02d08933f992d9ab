//! Rustdoc from the documents' markdown: safe for rustdoc's lints (no bare URLs, no stray HTML tags, no
//! accidental intra-doc links or doctests), nothing dropped.

/// The lines of a doc comment for `text`, each starting with a space as `///` comments do.
///
/// Each line of the text becomes a paragraph of its own (line breaks in the documents come from `<br>`
/// and mean "new line", which markdown would otherwise fold away), except that consecutive list items
/// stay one list. Leading indentation is dropped, so nothing turns into an indented code block.
pub fn lines(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut in_fence = false;
    let mut previous_was_item = false;
    for raw in text.lines() {
        let line = raw.trim();
        if line.starts_with("```") {
            // Code from the documents is never Rust to compile.
            if !in_fence && out.last().is_some_and(|l| !l.is_empty()) {
                out.push(String::new());
            }
            out.push(if in_fence {
                " ```".to_owned()
            } else {
                " ```text".to_owned()
            });
            in_fence = !in_fence;
            previous_was_item = false;
            continue;
        }
        if in_fence {
            out.push(format!(" {line}"));
            continue;
        }
        if line.is_empty() {
            continue;
        }
        let is_item = is_list_item(line);
        if out.last().is_some_and(|l| !l.is_empty()) && !(is_item && previous_was_item) {
            out.push(String::new());
        }
        out.push(format!(" {}", escape(line)));
        previous_was_item = is_item;
    }
    if in_fence {
        out.push(" ```".to_owned());
    }
    out
}

fn is_list_item(line: &str) -> bool {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    line.starts_with("- ")
        || line.starts_with("* ")
        || line.starts_with("+ ")
        || (digits > 0 && (line[digits..].starts_with(". ") || line[digits..].starts_with(") ")))
}

/// Escapes what rustdoc would misread in one line of prose: `<` outside code spans (HTML tags),
/// brackets that are not part of a markdown link (intra-doc links), bare URLs (wrapped in `<...>`).
pub fn escape(line: &str) -> String {
    // Most lines have nothing rustdoc would misread: copied as they are.
    if !line.contains(['<', '>', '[', ']']) && !line.contains("http") {
        return line.to_owned();
    }
    let mut out = String::with_capacity(line.len() + 8);
    let mut in_code = false;
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            i += 1;
            continue;
        }
        if in_code {
            out.push(c);
            i += 1;
            continue;
        }
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '[' => match markdown_link_end(&chars, i) {
                Some(end) => {
                    out.extend(&chars[i..end]);
                    i = end;
                    continue;
                }
                None => out.push_str("\\["),
            },
            ']' => out.push_str("\\]"),
            'h' if starts_url(&chars[i..]) => {
                let end = chars[i..]
                    .iter()
                    .position(|c| {
                        c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | ')' | ']')
                    })
                    .map_or(chars.len(), |p| i + p);
                let mut url: String = chars[i..end].iter().collect();
                // Sentence punctuation after a URL is not part of it.
                let mut tail = String::new();
                while url.ends_with(['.', ',', ';', ':', '，', '。']) {
                    tail.insert(0, url.pop().expect("not empty"));
                }
                out.push('<');
                out.push_str(&url);
                out.push('>');
                out.push_str(&tail);
                i = end;
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

fn starts_url(chars: &[char]) -> bool {
    let text: String = chars.iter().take(8).collect();
    text.starts_with("http://") || text.starts_with("https://")
}

/// `[text](http...)` starting at `start`: the index after its `)`.
fn markdown_link_end(chars: &[char], start: usize) -> Option<usize> {
    let close = chars[start..].iter().position(|&c| c == ']')? + start;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let end = chars[close..].iter().position(|&c| c == ')')? + close;
    let target: String = chars[close + 2..end].iter().collect();
    (target.starts_with("http://") || target.starts_with("https://")).then_some(end + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_rustdoc_misreads() {
        assert_eq!(escape("value range[10, 100]"), "value range\\[10, 100\\]");
        assert_eq!(
            escape("List<Filter> and `Map<K, V>`"),
            "List&lt;Filter&gt; and `Map<K, V>`"
        );
        assert_eq!(escape("see https://x.y/z."), "see <https://x.y/z>.");
        assert_eq!(
            escape("[docs](https://x.y/z) ok"),
            "[docs](https://x.y/z) ok"
        );
    }

    #[test]
    fn code_is_never_a_doctest() {
        assert_eq!(
            lines("a\n\n```\nGET /x\n```"),
            [" a", "", " ```text", " GET /x", " ```"]
        );
        assert_eq!(lines("    indented"), [" indented"]);
    }
}
