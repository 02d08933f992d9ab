//! Diagnostics in the style of rustc: `path:line:col: severity[code]: message`, the line, what was expected.

use std::fmt;

/// How bad a diagnostic is. A run with any error writes nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Nothing is wrong; the run says what it did (a page that is not an operation, skipped).
    Note,
    /// The input is usable; something was guessed, ignored or repaired, and said.
    Warning,
    /// The input cannot be turned into a model.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One finding about one place of one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable kebab-case code (`unresolved-model`), listed in the crate docs.
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// Path of the document, as given to the parser.
    pub file: String,
    /// 1-based line; 0 when the finding concerns the whole file.
    pub line: u32,
    /// 1-based column, in characters.
    pub col: u32,
    /// The offending line (at most about a hundred characters of it around the column), when there is one.
    pub snippet: Option<Snippet>,
    /// What was expected, or what was done about it.
    pub help: Option<String>,
}

/// The text shown under a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// The line, or a window of a long line (with `...` where it was cut).
    pub text: String,
    /// 1-based column of the caret within `text`.
    pub caret: u32,
}

impl Diagnostic {
    /// A diagnostic about a whole file (unreadable, not UTF-8, empty...).
    pub fn file(
        severity: Severity,
        code: &'static str,
        file: &str,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            file: file.to_owned(),
            line: 0,
            col: 0,
            snippet: None,
            help: None,
        }
    }

    /// Points a file diagnostic at the first column of `line`.
    pub fn at_line(mut self, line: u32) -> Self {
        self.line = line;
        self.col = 1;
        self
    }

    /// Adds what was expected or done.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Whether this is a warning.
    pub fn is_warning(&self) -> bool {
        self.severity == Severity::Warning
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: ", self.file)?;
        } else {
            write!(f, "{}:{}:{}: ", self.file, self.line, self.col)?;
        }
        write!(f, "{}[{}]: {}", self.severity, self.code, self.message)?;
        if let Some(snippet) = &self.snippet {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            let caret = " ".repeat(snippet.caret.saturating_sub(1) as usize);
            write!(
                f,
                "\n{pad} |\n{number} | {}\n{pad} | {caret}^",
                snippet.text
            )?;
        }
        if let Some(help) = &self.help {
            let pad = if self.snippet.is_some() {
                " ".repeat(self.line.to_string().len())
            } else {
                String::new()
            };
            write!(f, "\n{pad} = expected: {help}")?;
        }
        Ok(())
    }
}

/// At most `WINDOW` characters of a long line around a 1-based column, and the column within them.
fn window(line: &str, col: usize) -> Snippet {
    const WINDOW: usize = 100;
    let count = line.chars().count();
    if count <= WINDOW {
        return Snippet {
            text: line.to_owned(),
            caret: col as u32,
        };
    }
    let start = col.saturating_sub(WINDOW / 2).min(count - WINDOW);
    let mut text: String = line.chars().skip(start).take(WINDOW).collect();
    let mut col = col - start;
    if start > 0 {
        text.insert_str(0, "...");
        col += 3;
    }
    if start + WINDOW < count {
        text.push_str("...");
    }
    Snippet {
        text,
        caret: col as u32,
    }
}

/// Messages quote the documents; a giant cell is cut, not repeated whole.
fn shorten(text: String) -> String {
    const MAX: usize = 400;
    if text.chars().count() <= MAX {
        return text;
    }
    let mut short: String = text.chars().take(MAX).collect();
    short.push_str("...");
    short
}

/// Diagnostics kept per document; beyond this one summary says how many more there were.
pub(crate) const MAX_PER_DOCUMENT: usize = 200;

/// Collects the diagnostics of one document, knowing how to point into its text.
pub(crate) struct Sink<'a> {
    pub(crate) file: &'a str,
    pub(crate) source: &'a crate::source::SourceText<'a>,
    diagnostics: Vec<Diagnostic>,
    /// Diagnostics beyond [`MAX_PER_DOCUMENT`]: how many, and whether one was an error.
    suppressed: usize,
    suppressed_error: bool,
}

impl<'a> Sink<'a> {
    pub(crate) fn new(file: &'a str, source: &'a crate::source::SourceText<'a>) -> Self {
        Sink {
            file,
            source,
            diagnostics: Vec::new(),
            suppressed: 0,
            suppressed_error: false,
        }
    }

    /// The diagnostics, with a last one counting those beyond the limit.
    pub(crate) fn into_diagnostics(mut self) -> Vec<Diagnostic> {
        if self.suppressed > 0 {
            let severity = if self.suppressed_error {
                Severity::Error
            } else {
                Severity::Warning
            };
            self.diagnostics.push(
                Diagnostic::file(
                    severity,
                    "too-many-diagnostics",
                    self.file,
                    format!(
                        "{} more diagnostic(s) of this document are not shown",
                        self.suppressed
                    ),
                )
                .with_help(format!(
                    "at most {MAX_PER_DOCUMENT} diagnostics per document; fix these first"
                )),
            );
        }
        self.diagnostics
    }

    /// Reports at a byte offset of the document.
    pub(crate) fn at(
        &mut self,
        offset: usize,
        severity: Severity,
        code: &'static str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        if self.diagnostics.len() >= MAX_PER_DOCUMENT {
            self.suppressed += 1;
            self.suppressed_error |= severity == Severity::Error;
            return;
        }
        let (line, col) = self.source.line_col(offset);
        let help = shorten(help.into());
        self.diagnostics.push(Diagnostic {
            severity,
            code,
            message: shorten(message.into()),
            file: self.file.to_owned(),
            line,
            col,
            snippet: Some(window(self.source.line_text(line), col as usize)),
            help: (!help.is_empty()).then_some(help),
        });
    }

    pub(crate) fn note(
        &mut self,
        offset: usize,
        code: &'static str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.at(offset, Severity::Note, code, message, help);
    }

    pub(crate) fn warn(
        &mut self,
        offset: usize,
        code: &'static str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.at(offset, Severity::Warning, code, message, help);
    }

    pub(crate) fn error(
        &mut self,
        offset: usize,
        code: &'static str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.at(offset, Severity::Error, code, message, help);
    }

    pub(crate) fn has_errors(&self) -> bool {
        self.suppressed_error || self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceText;

    #[test]
    fn long_lines_are_quoted_as_a_window_around_the_column() {
        let short = window("|a|b|", 3);
        assert_eq!((short.text.as_str(), short.caret), ("|a|b|", 3));

        let line: String = (0..300)
            .map(|i| char::from(b'a' + (i % 26) as u8))
            .collect();
        let chars: Vec<char> = line.chars().collect();
        let cut = |from: usize, to: usize| chars[from..to].iter().collect::<String>();
        // In the middle: half the window before the column, cut on both sides.
        let middle = window(&line, 150);
        assert_eq!(middle.text, format!("...{}...", cut(100, 200)));
        assert_eq!(middle.caret, 53);
        // Near the start: nothing cut before.
        let start = window(&line, 10);
        assert_eq!(start.text, format!("{}...", cut(0, 100)));
        assert_eq!(start.caret, 10);
        // Near the end: the last 100 characters, nothing cut after.
        let end = window(&line, 295);
        assert_eq!(end.text, format!("...{}", cut(200, 300)));
        assert_eq!(end.caret, 98);
    }

    #[test]
    fn an_error_past_the_limit_still_counts() {
        let source = SourceText::new("line\n");
        let mut sink = Sink::new("a.md", &source);
        assert!(!sink.has_errors());
        for _ in 0..MAX_PER_DOCUMENT {
            sink.warn(0, "w", "warning", "");
        }
        assert!(!sink.has_errors(), "warnings are not errors");
        sink.note(0, "n", "note past the limit", "");
        assert!(!sink.has_errors());
        sink.error(0, "e", "error past the limit", "");
        assert!(sink.has_errors(), "a suppressed error is an error");
        sink.warn(0, "w", "a warning after it", "");
        assert!(sink.has_errors(), "and stays one");

        // The last diagnostic counts the others, as an error when one was.
        let all = sink.into_diagnostics();
        assert_eq!(all.len(), MAX_PER_DOCUMENT + 1);
        let last = all.last().unwrap();
        assert_eq!(
            (last.code, last.severity),
            ("too-many-diagnostics", Severity::Error)
        );
        assert!(
            last.message.starts_with("3 more diagnostic(s)"),
            "{}",
            last.message
        );

        let mut sink = Sink::new("b.md", &source);
        sink.error(0, "e", "error", "");
        assert!(sink.has_errors());
        assert_eq!(
            sink.into_diagnostics().len(),
            1,
            "nothing suppressed, no count"
        );

        let mut sink = Sink::new("c.md", &source);
        for _ in 0..=MAX_PER_DOCUMENT {
            sink.warn(0, "w", "warning", "");
        }
        let last = sink.into_diagnostics().pop().unwrap();
        assert_eq!(
            (last.code, last.severity),
            ("too-many-diagnostics", Severity::Warning)
        );
        assert!(
            last.message.starts_with("1 more diagnostic(s)"),
            "{}",
            last.message
        );
    }

    #[test]
    fn severities_are_told_apart() {
        let of = |severity| Diagnostic::file(severity, "code", "a.md", "message");
        let flags = |d: Diagnostic| (d.is_warning(), d.is_error());
        assert_eq!(flags(of(Severity::Warning)), (true, false));
        assert_eq!(flags(of(Severity::Error)), (false, true));
        assert_eq!(flags(of(Severity::Note)), (false, false));
    }
}
