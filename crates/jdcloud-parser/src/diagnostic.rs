//! Diagnostics in the style of rustc: `path:line:col: severity[code]: message`, the line, what was expected.

use std::fmt;

/// How bad a diagnostic is. A run with any error writes nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The input is usable; something was guessed, ignored or repaired, and said.
    Warning,
    /// The input cannot be turned into a model.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
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
    /// The text of the offending line, when there is one.
    pub snippet: Option<String>,
    /// What was expected, or what was done about it.
    pub help: Option<String>,
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

    /// Adds what was expected or done.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
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
            let (snippet, col) = window(snippet, self.col as usize);
            let caret = " ".repeat(col.saturating_sub(1));
            write!(f, "\n{pad} |\n{number} | {snippet}\n{pad} | {caret}^")?;
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

/// At most [`WINDOW`] characters of a long line around a 1-based column, and the column within them.
fn window(line: &str, col: usize) -> (String, usize) {
    const WINDOW: usize = 100;
    let count = line.chars().count();
    if count <= WINDOW {
        return (line.to_owned(), col);
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
    (text, col)
}

/// Collects the diagnostics of one document, knowing how to point into its text.
pub(crate) struct Sink<'a> {
    pub(crate) file: &'a str,
    pub(crate) source: &'a crate::source::SourceText<'a>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl<'a> Sink<'a> {
    pub(crate) fn new(file: &'a str, source: &'a crate::source::SourceText<'a>) -> Self {
        Sink {
            file,
            source,
            diagnostics: Vec::new(),
        }
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
        let (line, col) = self.source.line_col(offset);
        let help = help.into();
        self.diagnostics.push(Diagnostic {
            severity,
            code,
            message: message.into(),
            file: self.file.to_owned(),
            line,
            col,
            snippet: Some(self.source.line_text(line).to_owned()),
            help: (!help.is_empty()).then_some(help),
        });
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
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}
