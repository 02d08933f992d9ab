//! The model's YAML, written directly: the same bytes `serde_norway::to_string` gives, in about a quarter
//! of the instructions.
//!
//! Why a writer of our own: the models are written on every `cargo xtask generate`, and going through
//! serde_norway's libyaml port (an event queue, a state machine, a byte-by-byte emitter) was a sixth of a
//! whole run's instructions (187 M of 1.06 G on the corpus, one thread, callgrind; 51 M with this
//! writer). Reading stays with serde_norway, and the committed models pin the bytes: the
//! tests below hold this writer to serde_norway's output on tricky strings in every position, and the
//! parser's corpus test on every model of the corpus.
//!
//! What it writes is what serde_norway writes with its emitter settings (block style, two-space indent,
//! no line width, Unicode kept as it is):
//! - a mapping's entries one per line, `key: value`; a mapping or sequence value on the lines after its
//!   key, the mapping indented by two, the sequence not indented (`key:\n- item`);
//! - a sequence item after `- `, a mapping item's first entry on the same line;
//! - an empty sequence or mapping as `[]` or `{}` after its key;
//! - a string plain when YAML would read it back as that string; in single quotes when it would read
//!   as something else (`'1'`, `'true'`, `''`) or starts or ends in a way plain text cannot; as a
//!   literal block (`|`, `|-`, `|+`) when it has line breaks; in double quotes, with escapes, when it
//!   has characters that neither quoting style nor a block may hold.
//!
//! Integers, booleans, `None` (`null`), unit enum variants (their name, as a string), structs,
//! sequences, and maps with short single-line string keys are supported: everything the model is made
//! of. Floats, bytes, tuples, enum variants with data, and maps of exactly one entry (which serde_norway
//! writes as a YAML tag when the key starts with `!`) are refused with an error rather than written
//! differently.

use std::fmt;

use serde::ser::{self, Serialize};

/// A value the writer does not support (see the module documentation).
#[derive(Debug)]
pub struct Unsupported(String);

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Unsupported(message.to_string())
    }
}

fn unsupported<T>(what: &str) -> Result<T, Unsupported> {
    Err(Unsupported(format!(
        "the model's YAML writer does not write {what}"
    )))
}

/// `value` as YAML, appended to `out`.
pub fn write<T: Serialize + ?Sized>(out: &mut String, value: &T) -> Result<(), Unsupported> {
    let mut writer = Writer {
        out,
        column: 0,
        whitespace: true,
        indention: true,
        indent: -1,
        indents: Vec::new(),
        frames: Vec::new(),
    };
    value.serialize(&mut writer)?;
    // The end of the document: a final line break (serde_norway ends no stream, so a block that
    // keeps its trailing line breaks is not followed by `...`).
    writer.indent = -1;
    writer.write_indent();
    Ok(())
}

/// How a scalar is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
}

/// Where a node sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    Root,
    SequenceItem,
    MappingKey,
    MappingValue,
}

/// An open sequence or mapping.
struct Frame {
    mapping: bool,
    /// Whether its first entry was written (until then, an end makes it `[]` or `{}`).
    started: bool,
    /// Whether the node is this mapping's key (else its value); unused for sequences.
    expects_key: bool,
    /// Where the collection itself sits.
    context: Context,
}

/// The writer's state; `column`, `whitespace` and `indention` decide line breaks and spaces the way
/// YAML emitters do (`whitespace`: the last thing written was a space or nothing; `indention`: only
/// indentation was written on this line so far).
struct Writer<'o> {
    out: &'o mut String,
    /// In characters.
    column: usize,
    whitespace: bool,
    indention: bool,
    /// The current block indentation; -1 before the first block.
    indent: isize,
    indents: Vec<isize>,
    frames: Vec<Frame>,
}

const INDENT: isize = 2;

impl Writer<'_> {
    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    /// Text without line breaks.
    fn text(&mut self, text: &str) {
        self.out.push_str(text);
        self.column += if text.is_ascii() {
            text.len()
        } else {
            text.chars().count()
        };
    }

    fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.out.push(c);
            self.column = 0;
        }
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { INDENT } else { 0 };
        } else if !indentless {
            self.indent += INDENT;
        }
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    /// A line break unless the line holds only indentation up to `indent`, then spaces up to it.
    fn write_indent(&mut self) {
        let indent = self.indent.max(0) as usize;
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn indicator(
        &mut self,
        text: &str,
        need_whitespace: bool,
        is_whitespace: bool,
        is_indention: bool,
    ) {
        if need_whitespace && !self.whitespace {
            self.put(' ');
        }
        self.out.push_str(text);
        self.column += text.chars().count();
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
    }

    /// What the parent writes before a node (the `- ` of an item, the indentation of a key, the `:`
    /// after it), and where the node sits.
    fn begin_node(&mut self) -> Context {
        let Some(frame) = self.frames.last_mut() else {
            return Context::Root;
        };
        if !frame.mapping {
            if !frame.started {
                frame.started = true;
                let indentless = frame.context == Context::MappingValue && !self.indention;
                self.increase_indent(false, indentless);
            }
            self.write_indent();
            self.indicator("-", true, false, true);
            return Context::SequenceItem;
        }
        if frame.expects_key {
            frame.expects_key = false;
            if !frame.started {
                frame.started = true;
                self.increase_indent(false, false);
            }
            self.write_indent();
            Context::MappingKey
        } else {
            frame.expects_key = true;
            self.indicator(":", false, false, false);
            Context::MappingValue
        }
    }

    fn begin_collection(&mut self, mapping: bool) -> Result<(), Unsupported> {
        let context = self.begin_node();
        if context == Context::MappingKey {
            return unsupported("a sequence or mapping as a mapping key");
        }
        self.frames.push(Frame {
            mapping,
            started: false,
            expects_key: true,
            context,
        });
        Ok(())
    }

    fn end_collection(&mut self) {
        let Some(frame) = self.frames.pop() else {
            return;
        };
        if frame.started {
            self.pop_indent();
        } else {
            // Empty: in flow style, after its key or dash.
            let (open, close) = if frame.mapping {
                ("{", "}")
            } else {
                ("[", "]")
            };
            self.indicator(open, true, true, false);
            self.indicator(close, false, false, false);
        }
    }

    fn scalar(&mut self, value: &str, requested: Style) -> Result<(), Unsupported> {
        let context = self.begin_node();
        let analysis = Analysis::of(value);
        let simple_key = context == Context::MappingKey;
        if simple_key && (analysis.multiline || value.len() > 128) {
            return unsupported("a mapping key longer than 128 bytes or with line breaks");
        }
        let style = select_style(requested, &analysis, value.is_empty(), simple_key);
        self.increase_indent(true, false);
        match style {
            Style::Plain => self.plain(value),
            Style::SingleQuoted => self.single_quoted(value),
            Style::DoubleQuoted => self.double_quoted(value),
            Style::Literal => self.literal(value),
        }
        self.pop_indent();
        Ok(())
    }

    fn plain(&mut self, value: &str) {
        if !self.whitespace && !value.is_empty() {
            self.put(' ');
        }
        // Plain text is chosen only without line breaks, and no line is ever folded.
        self.text(value);
        self.whitespace = false;
        self.indention = false;
    }

    fn single_quoted(&mut self, value: &str) {
        self.indicator("'", true, false, false);
        if !value.contains(['\'', '\n', '\r', '\u{85}', '\u{2028}', '\u{2029}']) {
            // Nothing to double or to break: as it is.
            self.text(value);
            self.indicator("'", false, false, false);
            self.whitespace = false;
            self.indention = false;
            return;
        }
        let mut breaks = false;
        for c in value.chars() {
            if c == ' ' {
                self.put(' ');
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
        if breaks {
            self.write_indent();
        }
        self.indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn double_quoted(&mut self, value: &str) {
        self.indicator("\"", true, false, false);
        for c in value.chars() {
            if !is_printable(c) || c == '\u{feff}' || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                let short = match c {
                    '\0' => Some('0'),
                    '\u{7}' => Some('a'),
                    '\u{8}' => Some('b'),
                    '\t' => Some('t'),
                    '\n' => Some('n'),
                    '\u{b}' => Some('v'),
                    '\u{c}' => Some('f'),
                    '\r' => Some('r'),
                    '\u{1b}' => Some('e'),
                    '"' => Some('"'),
                    '\\' => Some('\\'),
                    '\u{85}' => Some('N'),
                    '\u{a0}' => Some('_'),
                    '\u{2028}' => Some('L'),
                    '\u{2029}' => Some('P'),
                    _ => None,
                };
                match short {
                    Some(letter) => self.put(letter),
                    None => {
                        let code = u32::from(c);
                        let (letter, digits) = match code {
                            0..=0xFF => ('x', 2),
                            0x100..=0xFFFF => ('u', 4),
                            _ => ('U', 8),
                        };
                        self.put(letter);
                        for shift in (0..digits).rev() {
                            let digit = (code >> (shift * 4)) & 0xF;
                            self.put(
                                char::from_digit(digit, 16)
                                    .unwrap_or('0')
                                    .to_ascii_uppercase(),
                            );
                        }
                    }
                }
            } else {
                self.put(c);
            }
        }
        self.indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn literal(&mut self, value: &str) {
        self.indicator("|", true, false, false);
        if value.starts_with([' ', '\n', '\r', '\u{85}', '\u{2028}', '\u{2029}']) {
            self.indicator("2", false, false, false);
        }
        // Chomping: `-` without a final line break, none with one, `+` with more.
        let mut tail = value.chars().rev();
        match (tail.next(), tail.next()) {
            (None, _) => self.indicator("-", false, false, false),
            (Some(last), _) if !is_break(last) => self.indicator("-", false, false, false),
            (Some(_), None) => self.indicator("+", false, false, false),
            (Some(_), Some(before)) if is_break(before) => self.indicator("+", false, false, false),
            _ => {}
        }
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        // Line by line: each piece is a line's text and the break that ends it, if any.
        for piece in value.split_inclusive(is_break) {
            let (line, end) = match piece.chars().next_back() {
                Some(c) if is_break(c) => (&piece[..piece.len() - c.len_utf8()], Some(c)),
                _ => (piece, None),
            };
            if !line.is_empty() {
                if breaks {
                    self.write_indent();
                }
                self.text(line);
                self.indention = false;
                breaks = false;
            }
            if let Some(c) = end {
                self.write_break(c);
                self.indention = true;
                breaks = true;
            }
        }
    }
}

/// What YAML emitters note of a scalar's text before choosing its style.
struct Facts {
    /// `- `, `: `, ` #`, a leading indicator character, or a document marker.
    block_indicators: bool,
    line_breaks: bool,
    /// Characters outside YAML's printable set.
    special_characters: bool,
    leading_space: bool,
    leading_break: bool,
    trailing_space: bool,
    trailing_break: bool,
    /// A space right after a line break.
    break_space: bool,
    /// A line break right after a space.
    space_break: bool,
}

/// What a scalar's text allows, from its [`Facts`].
struct Analysis {
    multiline: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
}

impl Analysis {
    fn of(value: &str) -> Analysis {
        if value.is_ascii() && !value.is_empty() {
            return Analysis::of_ascii(value.as_bytes());
        }
        Analysis::of_chars(value)
    }

    /// The same facts for ASCII text, byte by byte: what every description in the corpus is.
    fn of_ascii(bytes: &[u8]) -> Analysis {
        let n = bytes.len();
        let blank_or_end =
            |i: usize| i >= n || matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | 0);
        let is_break = |b: u8| matches!(b, b'\n' | b'\r');
        let (first, last) = (bytes[0], bytes[n - 1]);
        let mut block_indicators = bytes.starts_with(b"---")
            || bytes.starts_with(b"...")
            || b"#,[]{}&*!|>'\"%@`".contains(&first)
            || (matches!(first, b'?' | b':' | b'-') && blank_or_end(1));
        let (mut line_breaks, mut special_characters) = (false, false);
        let (mut break_space, mut space_break) = (false, false);
        let mut previous = 0u8;
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b' ' => break_space |= is_break(previous),
                b'\n' => {
                    line_breaks = true;
                    space_break |= previous == b' ';
                }
                b'\r' => {
                    line_breaks = true;
                    special_characters = true;
                    space_break |= previous == b' ';
                }
                b':' => block_indicators |= i > 0 && blank_or_end(i + 1),
                b'#' => block_indicators |= i > 0 && blank_or_end(i - 1),
                // The rest of ASCII's printable characters.
                _ if b.is_ascii_graphic() => {}
                _ => special_characters = true,
            }
            previous = b;
        }
        Analysis::from_facts(Facts {
            block_indicators,
            line_breaks,
            special_characters,
            leading_space: first == b' ',
            leading_break: is_break(first),
            trailing_space: last == b' ',
            trailing_break: is_break(last),
            break_space,
            space_break,
        })
    }

    fn of_chars(value: &str) -> Analysis {
        if value.is_empty() {
            return Analysis {
                multiline: false,
                block_plain_allowed: true,
                single_quoted_allowed: true,
                block_allowed: false,
            };
        }
        let mut block_indicators = value.starts_with("---") || value.starts_with("...");
        let mut line_breaks = false;
        let mut special_characters = false;
        let (mut leading_space, mut leading_break) = (false, false);
        let (mut trailing_space, mut trailing_break) = (false, false);
        let (mut break_space, mut space_break) = (false, false);
        let (mut previous_space, mut previous_break) = (false, false);
        let mut preceded_by_whitespace = true;
        let mut chars = value.chars().peekable();
        let mut first = true;
        while let Some(c) = chars.next() {
            let followed_by_whitespace = chars.peek().is_none_or(|&next| is_blank_or_end(next));
            let last = chars.peek().is_none();
            if first {
                if "#,[]{}&*!|>'\"%@`".contains(c) {
                    block_indicators = true;
                }
                if (c == '?' || c == ':' || c == '-') && followed_by_whitespace {
                    block_indicators = true;
                }
            } else if (c == ':' && followed_by_whitespace) || (c == '#' && preceded_by_whitespace) {
                block_indicators = true;
            }
            if !is_printable(c) {
                special_characters = true;
            }
            if is_break(c) {
                line_breaks = true;
            }
            if c == ' ' {
                leading_space |= first;
                trailing_space |= last;
                break_space |= previous_break;
                previous_space = true;
                previous_break = false;
            } else if is_break(c) {
                leading_break |= first;
                trailing_break |= last;
                space_break |= previous_space;
                previous_space = false;
                previous_break = true;
            } else {
                previous_space = false;
                previous_break = false;
            }
            preceded_by_whitespace = is_blank_or_end(c);
            first = false;
        }
        Analysis::from_facts(Facts {
            block_indicators,
            line_breaks,
            special_characters,
            leading_space,
            leading_break,
            trailing_space,
            trailing_break,
            break_space,
            space_break,
        })
    }

    fn from_facts(facts: Facts) -> Analysis {
        let mut analysis = Analysis {
            multiline: facts.line_breaks,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: true,
        };
        if facts.leading_space
            || facts.leading_break
            || facts.trailing_space
            || facts.trailing_break
        {
            analysis.block_plain_allowed = false;
        }
        if facts.trailing_space {
            analysis.block_allowed = false;
        }
        if facts.break_space {
            analysis.block_plain_allowed = false;
            analysis.single_quoted_allowed = false;
        }
        if facts.space_break || facts.special_characters {
            analysis.block_plain_allowed = false;
            analysis.single_quoted_allowed = false;
            analysis.block_allowed = false;
        }
        if facts.line_breaks || facts.block_indicators {
            analysis.block_plain_allowed = false;
        }
        analysis
    }
}

/// The style a scalar gets, from the one asked for and what its text allows (block context only:
/// the writer never writes flow collections with content).
fn select_style(requested: Style, analysis: &Analysis, empty: bool, simple_key: bool) -> Style {
    let mut style = requested;
    if simple_key && analysis.multiline {
        style = Style::DoubleQuoted;
    }
    if style == Style::Plain && (!analysis.block_plain_allowed || (empty && simple_key)) {
        style = Style::SingleQuoted;
    }
    if style == Style::SingleQuoted && !analysis.single_quoted_allowed {
        style = Style::DoubleQuoted;
    }
    if style == Style::Literal && (!analysis.block_allowed || simple_key) {
        style = Style::DoubleQuoted;
    }
    style
}

/// YAML's printable characters (the rest are written escaped, in double quotes).
fn is_printable(c: char) -> bool {
    matches!(c, '\n' | '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{d7ff}' | '\u{10000}'..)
        || (('\u{e000}'..='\u{fffd}').contains(&c) && c != '\u{feff}')
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// A space, a tab, a line break, or (as the text's end reads) a NUL.
fn is_blank_or_end(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\0') || is_break(c)
}

/// The style a string asks for: a literal block when it has a line feed; single quotes when YAML would
/// read it as something else (null, a boolean, an integer, a float, digits with a leading zero);
/// otherwise plain when its text allows it.
fn string_style(value: &str) -> Style {
    if value.contains('\n') {
        Style::Literal
    } else if reads_as_other_than_string(value) {
        Style::SingleQuoted
    } else {
        Style::Plain
    }
}

/// Whether serde_norway would read `value`, written plain, as something other than a string. Hand-written
/// after its reading rules, which are not public: `~`, `null` and booleans in three cases; integers
/// in decimal, `0x`, `0o` and `0b` with an optional sign, up to 128 bits; floats as Rust parses them
/// (finite), and `.inf`, `.nan` in three cases; and digits with a leading zero, which YAML 1.2 reads as
/// a string but which serde_norway quotes all the same.
fn reads_as_other_than_string(value: &str) -> bool {
    if value.is_empty() {
        return true;
    }
    // Every such form starts with a digit, a sign, a dot or a letter of `~`, `null`, `true`, `false`
    // (Rust's `inf` and `nan` are not finite), and holds nothing but letters, digits, `.`, `+`, `-`:
    // most text is told apart here, without parsing.
    let starts_like_one = matches!(
        value.as_bytes()[0],
        b'0'..=b'9' | b'+' | b'-' | b'.' | b'~' | b'n' | b'N' | b't' | b'T' | b'f' | b'F'
    );
    if !starts_like_one
        || !value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-' | b'~'))
    {
        return false;
    }
    if matches!(
        value,
        "~" | "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
    ) {
        return true;
    }
    if digits_with_leading_zero(value) {
        return true;
    }
    parses_as_unsigned(value) || parses_as_negative(value) || parses_as_float(value)
}

fn digits_with_leading_zero(value: &str) -> bool {
    let digits = value.strip_prefix(['-', '+']).unwrap_or(value);
    digits.len() > 1 && digits.starts_with('0') && digits[1..].bytes().all(|b| b.is_ascii_digit())
}

/// `+`? then `0x`/`0o`/`0b` digits, or decimal digits, as a u128.
fn parses_as_unsigned(value: &str) -> bool {
    let unsigned = value.strip_prefix('+').unwrap_or(value);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = unsigned.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return false;
            }
            if u128::from_str_radix(rest, radix).is_ok() {
                return true;
            }
        }
    }
    !unsigned.starts_with(['+', '-']) && unsigned.parse::<u128>().is_ok()
}

/// `-0x`/`-0o`/`-0b` digits, or a decimal integer, as an i128.
fn parses_as_negative(value: &str) -> bool {
    for (prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(rest) = value.strip_prefix(prefix) {
            if i128::from_str_radix(&format!("-{rest}"), radix).is_ok() {
                return true;
            }
        }
    }
    value.parse::<i128>().is_ok()
}

fn parses_as_float(value: &str) -> bool {
    let unsigned = match value.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return false,
        Some(rest) => rest,
        None => value,
    };
    matches!(unsigned, ".inf" | ".Inf" | ".INF")
        || matches!(
            value,
            "-.inf" | "-.Inf" | "-.INF" | ".nan" | ".NaN" | ".NAN"
        )
        || unsigned.parse::<f64>().is_ok_and(f64::is_finite)
}

impl ser::Serializer for &mut Writer<'_> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Self;
    type SerializeTuple = ser::Impossible<(), Unsupported>;
    type SerializeTupleStruct = ser::Impossible<(), Unsupported>;
    type SerializeTupleVariant = ser::Impossible<(), Unsupported>;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = ser::Impossible<(), Unsupported>;

    fn serialize_bool(self, v: bool) -> Result<(), Unsupported> {
        self.scalar(if v { "true" } else { "false" }, Style::Plain)
    }

    fn serialize_i8(self, v: i8) -> Result<(), Unsupported> {
        self.serialize_i64(v.into())
    }

    fn serialize_i16(self, v: i16) -> Result<(), Unsupported> {
        self.serialize_i64(v.into())
    }

    fn serialize_i32(self, v: i32) -> Result<(), Unsupported> {
        self.serialize_i64(v.into())
    }

    fn serialize_i64(self, v: i64) -> Result<(), Unsupported> {
        self.scalar(itoa::Buffer::new().format(v), Style::Plain)
    }

    fn serialize_i128(self, v: i128) -> Result<(), Unsupported> {
        self.scalar(itoa::Buffer::new().format(v), Style::Plain)
    }

    fn serialize_u8(self, v: u8) -> Result<(), Unsupported> {
        self.serialize_u64(v.into())
    }

    fn serialize_u16(self, v: u16) -> Result<(), Unsupported> {
        self.serialize_u64(v.into())
    }

    fn serialize_u32(self, v: u32) -> Result<(), Unsupported> {
        self.serialize_u64(v.into())
    }

    fn serialize_u64(self, v: u64) -> Result<(), Unsupported> {
        self.scalar(itoa::Buffer::new().format(v), Style::Plain)
    }

    fn serialize_u128(self, v: u128) -> Result<(), Unsupported> {
        self.scalar(itoa::Buffer::new().format(v), Style::Plain)
    }

    fn serialize_f32(self, _: f32) -> Result<(), Unsupported> {
        unsupported("floats")
    }

    fn serialize_f64(self, _: f64) -> Result<(), Unsupported> {
        unsupported("floats")
    }

    fn serialize_char(self, v: char) -> Result<(), Unsupported> {
        self.scalar(v.encode_utf8(&mut [0; 4]), Style::SingleQuoted)
    }

    fn serialize_str(self, v: &str) -> Result<(), Unsupported> {
        self.scalar(v, string_style(v))
    }

    fn serialize_bytes(self, _: &[u8]) -> Result<(), Unsupported> {
        unsupported("bytes")
    }

    fn serialize_none(self) -> Result<(), Unsupported> {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Unsupported> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Unsupported> {
        self.scalar("null", Style::Plain)
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Unsupported> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Unsupported> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Unsupported> {
        unsupported("enum variants with data")
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self, Unsupported> {
        self.begin_collection(false)?;
        Ok(self)
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Unsupported> {
        unsupported("tuples")
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Unsupported> {
        unsupported("tuples")
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Unsupported> {
        unsupported("enum variants with data")
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Self, Unsupported> {
        // serde_norway reads a one-entry map whose key starts with `!` as a YAML tag.
        if len == Some(1) {
            return unsupported("maps of one entry (which serde_norway may write as tags)");
        }
        self.begin_collection(true)?;
        Ok(self)
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Unsupported> {
        self.begin_collection(true)?;
        Ok(self)
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Unsupported> {
        unsupported("enum variants with data")
    }
}

impl ser::SerializeSeq for &mut Writer<'_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        value.serialize(&mut **self)
    }

    fn end(self) -> Result<(), Unsupported> {
        self.end_collection();
        Ok(())
    }
}

impl ser::SerializeMap for &mut Writer<'_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Unsupported> {
        key.serialize(&mut **self)
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        value.serialize(&mut **self)
    }

    fn end(self) -> Result<(), Unsupported> {
        self.end_collection();
        Ok(())
    }
}

impl ser::SerializeStruct for &mut Writer<'_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        ser::Serializer::serialize_str(&mut **self, key)?;
        value.serialize(&mut **self)
    }

    fn end(self) -> Result<(), Unsupported> {
        self.end_collection();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Serialize;

    use super::*;

    fn ours<T: Serialize>(value: &T) -> String {
        let mut out = String::new();
        write(&mut out, value).unwrap();
        out
    }

    #[derive(Serialize)]
    struct Item {
        text: String,
        n: u32,
    }

    #[derive(Serialize)]
    struct Doc {
        text: String,
        nested: Item,
        list: Vec<String>,
        items: Vec<Item>,
        empty: Vec<String>,
        flag: bool,
        none: Option<String>,
        map: BTreeMap<String, String>,
        last: String,
    }

    /// The same string in every position a model puts one: a top-level value, a nested value, a
    /// sequence item, a sequence item's first and second entries, a map key and value, and last.
    fn doc(text: &str) -> Doc {
        let item = || Item {
            text: text.to_owned(),
            n: 7,
        };
        Doc {
            text: text.to_owned(),
            nested: item(),
            list: vec![text.to_owned(), "after".to_owned()],
            items: vec![item(), item()],
            empty: Vec::new(),
            flag: true,
            none: None,
            map: [
                ("k".to_owned(), text.to_owned()),
                ("z".to_owned(), "1".to_owned()),
            ]
            .into(),
            last: text.to_owned(),
        }
    }

    fn assert_like_serde_norway(text: &str) {
        let value = doc(text);
        assert_eq!(
            ours(&value),
            serde_norway::to_string(&value).unwrap(),
            "{text:?}"
        );
        // Keys: where a string may sit as a simple key (single-line, at most 128 bytes).
        if !text.contains(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}']) && text.len() <= 128 {
            let map: BTreeMap<&str, u32> = [(text, 1), ("zz", 2)].into();
            assert_eq!(
                ours(&map),
                serde_norway::to_string(&map).unwrap(),
                "key {text:?}"
            );
        }
    }

    #[test]
    fn strings_are_written_as_serde_norway_writes_them() {
        let cases = [
            "",
            " ",
            "plain",
            "two words",
            "~",
            "null",
            "Null",
            "NULL",
            "nul",
            "true",
            "True",
            "TRUE",
            "tRue",
            "false",
            "yes",
            "no",
            "on",
            "0",
            "1",
            "-1",
            "+1",
            "++1",
            "+-1",
            "007",
            "-007",
            "0.5",
            ".5",
            "1.",
            "1e3",
            "1E-3",
            "-1.5e+3",
            "1_000",
            "0x1F",
            "0xG",
            "-0x1F",
            "+0x1F",
            "0x-1",
            "0o17",
            "0b101",
            "-0b1",
            "0b",
            "inf",
            "-inf",
            "infinity",
            "NaN",
            "nan",
            ".inf",
            "-.Inf",
            "+.INF",
            ".nan",
            ".NaN",
            "340282366920938463463374607431768211456",
            "-",
            "--",
            "---",
            "--- x",
            "...",
            "..x",
            "- item",
            "-item",
            "?",
            "? x",
            "?x",
            ":",
            ": x",
            ":x",
            "a:",
            "a: b",
            "a:b",
            "http://x.y/z?q=1#f",
            "a #b",
            "a#b",
            "#c",
            "a,b",
            "[x]",
            "{x}",
            "a[0]",
            "&a",
            "*a",
            "!tag",
            "|",
            ">",
            "'q'",
            "it's",
            "\"d\"",
            "a\"b",
            "%p",
            "@a",
            "`c`",
            "a\\b",
            " lead",
            "trail ",
            " both ",
            "a  b",
            "\tab",
            "a\tb",
            "tab\t",
            "line\nbreak",
            "ends\n",
            "ends\n\n",
            "\nstarts",
            "\n",
            "\n\n",
            "a\n\nb",
            "a \nb",
            "a\n b",
            " a\nb",
            "a\r\nb",
            "cr\r",
            "é",
            "中文",
            "😀",
            "a\u{85}b",
            "nb\u{a0}sp",
            "\u{a0}",
            "ls\u{2028}x",
            "ps\u{2029}",
            "bom\u{feff}",
            "\u{feff}",
            "del\u{7f}",
            "nul\0",
            "bell\u{7}",
            "esc\u{1b}",
            "\u{fffe}",
            "\u{e000}",
            "x\u{9f}",
            "“quoted”",
            "a: b\nc: d",
            "- a\n- b",
            "#!/bin/sh\necho",
            "  indented\nblock",
            "trailing space \nnext",
            "x\n  y\n    z\n",
        ];
        for case in cases {
            assert_like_serde_norway(case);
        }
        let long = "word ".repeat(60);
        assert_like_serde_norway(long.trim_end());
        assert_like_serde_norway(&"k".repeat(129));
    }

    /// Strings drawn from characters each of YAML's rules turns on, compared by the thousand.
    #[test]
    fn random_strings_are_written_as_serde_norway_writes_them() {
        const ALPHABET: &[char] = &[
            'a', 'b', '0', '1', '9', ' ', ' ', '\n', '\t', '\r', '#', ':', '-', '?', '.', '\'',
            '"', '\\', ',', '[', '{', '|', '>', '!', '&', '*', '%', '@', '`', '~', '+', 'x', 'e',
            'E', '_', 'é', '\u{85}', '\u{a0}', '\u{2028}', '\u{feff}', '😀', '\0', '\u{7f}',
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..20_000 {
            let len = (next() % 7) as usize;
            let text: String = (0..len)
                .map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize])
                .collect();
            assert_like_serde_norway(&text);
        }
    }

    #[test]
    fn numbers_booleans_and_empty_collections() {
        #[derive(Serialize)]
        struct Values {
            a: i32,
            b: u64,
            c: i128,
            d: bool,
            e: Option<u8>,
            f: char,
            g: Vec<Vec<u8>>,
            h: Vec<BTreeMap<String, u8>>,
            i: (),
        }
        let value = Values {
            a: -5,
            b: u64::MAX,
            c: i128::MIN,
            d: false,
            e: Some(3),
            f: '\'',
            g: vec![vec![], vec![1, 2]],
            h: vec![BTreeMap::new()],
            i: (),
        };
        assert_eq!(ours(&value), serde_norway::to_string(&value).unwrap());
        let nested: Vec<Vec<String>> = vec![vec!["a".into(), "b\nc".into()], vec![]];
        assert_eq!(ours(&nested), serde_norway::to_string(&nested).unwrap());
        assert_eq!(ours(&"top"), serde_norway::to_string(&"top").unwrap());
        assert_eq!(
            ours(&"top\nlevel\n\n"),
            serde_norway::to_string(&"top\nlevel\n\n").unwrap()
        );
    }

    #[test]
    fn refuses_what_it_does_not_write() {
        let mut out = String::new();
        assert!(write(&mut out, &1.5f64).is_err());
        assert!(write(&mut out, &(1, 2)).is_err());
        let one: BTreeMap<&str, u8> = [("!tag", 1)].into();
        assert!(write(&mut out, &one).is_err());
        let long_key: BTreeMap<String, u8> = [("k".repeat(129), 1), ("z".into(), 2)].into();
        assert!(write(&mut out, &long_key).is_err());
    }
}
