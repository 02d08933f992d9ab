//! Rust source as text, laid out the way rustfmt lays it out with its defaults (100 columns, its
//! default width heuristics), without running rustfmt or parsing anything.
//!
//! The emitter describes what it prints with the pieces here: expressions ([`Expr`]), types
//! ([`Ty`]), statements ([`Stmt`]) and items written by a [`Writer`]. Each piece is laid out when it
//! is printed: on one line when it fits, else broken where rustfmt would break it. Only what
//! generated code contains is covered, and each construct follows rustfmt's rules for it:
//!
//! - lists (`lists.rs`): arguments, array elements and generic arguments on one line when they fit
//!   within rustfmt's width for that kind of list, else one per line (several per line for short
//!   literals), with a last closure, array or struct allowed to overflow onto its own lines;
//! - chains (`expr.rs`): `a.b().c` on one line when it fits within the chain width, else one link
//!   per line, a short root keeping its first link;
//! - right-hand sides (`assign`): on the line of the `=` unless the next line reads better;
//! - function signatures (`writer.rs`): parameters on one line, else one per line.
//!
//! Why not rustfmt: its output depends on which rustfmt (if any) is installed, and running it once
//! per file was most of the generator's time. Why not `prettyplease`: it needs a syntax tree, and
//! turning the emitter's tokens back into one was most of what remained. Tests hold the layout to
//! rustfmt's (`tests.rs`, and the corpus check in `tests/rustfmt.rs`).

mod expr;
mod flat;
mod lists;
mod ty;
mod writer;

#[cfg(test)]
mod tests;

pub use expr::{Arm, Expr, Stmt};
pub use ty::Ty;
pub use writer::{FnSig, Writer};

/// The line width.
const MAX_WIDTH: usize = 100;
/// One level of indentation.
const TAB: usize = 4;
/// rustfmt's `fn_call_width`: the arguments of a call on one line take at most this.
const FN_CALL_WIDTH: usize = 60;
/// rustfmt's `attr_fn_like_width`: the same for the lists of an attribute.
const ATTR_FN_LIKE_WIDTH: usize = 70;
/// rustfmt's `struct_lit_width`: the fields of a struct literal on one line take at most this.
const STRUCT_LIT_WIDTH: usize = 18;
/// rustfmt's `array_width`.
const ARRAY_WIDTH: usize = 60;
/// rustfmt's `chain_width`: a chain of several links on one line takes at most this.
const CHAIN_WIDTH: usize = 60;
/// rustfmt's `short_array_element_width_threshold`: lists of simple elements no wider than this are
/// filled several to a line.
const SHORT_ELEMENT: usize = 10;

/// Where a piece of text goes: the block indentation of its lines, how far into its first line it
/// starts (past the indentation), and how many columns it may take on that line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Shape {
    width: usize,
    indent: usize,
    offset: usize,
}

impl Shape {
    /// A line of its own at `indent`.
    fn indented(indent: usize) -> Shape {
        Shape {
            width: MAX_WIDTH.saturating_sub(indent),
            indent,
            offset: 0,
        }
    }

    /// Columns used before the text on its first line.
    fn used_width(self) -> usize {
        self.indent + self.offset
    }

    /// `n` columns further into the line.
    fn offset_left(self, n: usize) -> Option<Shape> {
        Some(Shape {
            width: self.width.checked_sub(n)?,
            offset: self.offset + n,
            ..self
        })
    }

    /// `n` columns fewer at the end of the line.
    fn sub_width(self, n: usize) -> Option<Shape> {
        Some(Shape {
            width: self.width.checked_sub(n)?,
            ..self
        })
    }

    /// At the start of the block indentation.
    fn block(self) -> Shape {
        Shape { offset: 0, ..self }
    }

    /// Indented `n` columns more, at the start of the indentation.
    fn block_indent(self, n: usize) -> Shape {
        Shape {
            indent: self.indent + n,
            offset: 0,
            ..self
        }
    }

    /// As wide as a line at this indentation allows.
    fn with_max_width(self) -> Shape {
        Shape {
            width: MAX_WIDTH.saturating_sub(self.indent),
            ..self
        }
    }

    /// Columns kept free after the text on its line (for a `;` or `,` that follows it).
    fn rhs_overhead(self) -> usize {
        MAX_WIDTH.saturating_sub(self.used_width() + self.width)
    }

    /// Any width: what a piece that cannot be laid out within the lines is printed with.
    fn unbounded(self) -> Shape {
        Shape {
            width: usize::MAX / 4,
            ..self
        }
    }
}

/// `\n` and `indent` spaces.
fn newline_indent(indent: usize) -> String {
    let mut text = String::with_capacity(indent + 1);
    text.push('\n');
    push_spaces(&mut text, indent);
    text
}

/// `count` spaces, copied a slice at a time rather than pushed one by one.
fn push_spaces(out: &mut String, count: usize) {
    const SPACES: &str = "                                                                ";
    let mut left = count;
    while left > 0 {
        let run = left.min(SPACES.len());
        out.push_str(&SPACES[..run]);
        left -= run;
    }
}

fn first_line_width(text: &str) -> usize {
    text.split('\n').next().map_or(0, str::len)
}

fn last_line_width(text: &str) -> usize {
    text.rsplit('\n').next().map_or(0, str::len)
}

/// The columns text takes after `shape`'s position on its last line (rustfmt's `extra_offset`).
fn extra_offset(text: &str, shape: Shape) -> usize {
    match text.rfind('\n') {
        Some(at) => text.len().saturating_sub(at + 1 + shape.used_width()),
        None => text.len(),
    }
}

/// Whether text starting at `shape` stays within the lines: its first line within the shape's
/// width, the others within the line width.
fn fits(text: &str, shape: Shape) -> bool {
    if first_line_width(text) > shape.width {
        return false;
    }
    if !text.contains('\n') {
        return true;
    }
    text.split('\n').skip(1).all(|line| line.len() <= MAX_WIDTH)
        && last_line_width(text) <= shape.used_width() + shape.width
}

/// Whether a list's last line is only closing brackets (rustfmt's `last_line_extendable`).
fn last_line_extendable(text: &str) -> bool {
    for c in text.chars().rev() {
        match c {
            '(' | ')' | ']' | '}' | '?' | '>' => continue,
            '\n' => break,
            c if c.is_whitespace() => continue,
            _ => return false,
        }
    }
    true
}

/// A string literal of `text`, escaped as `proc_macro2` escapes one.
pub fn lit(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    // Most names are printable ASCII with nothing to escape: copied as they are.
    if text
        .bytes()
        .all(|b| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\')
    {
        out.push_str(text);
        out.push('"');
        return out;
    }
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\0' if chars.peek().is_some_and(|n| n.is_ascii_digit()) => out.push_str("\\x00"),
            '\'' => out.push('\''),
            c => out.extend(c.escape_debug()),
        }
    }
    out.push('"');
    out
}
