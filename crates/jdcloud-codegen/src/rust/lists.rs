//! Lists between brackets: a call's arguments, an array's elements, generic arguments, an
//! attribute's list. On one line when they fit within the width rustfmt allows that kind of list;
//! else, when the last element may overflow (a closure, or the only argument being an array, a
//! struct or a call), the others on the first line and the last one ending on lines of its own; else
//! one element per line, or several per line when all are short and simple.

use std::cell::Cell;

use super::{
    extra_offset, first_line_width, last_line_width, newline_indent, Shape, SHORT_ELEMENT, TAB,
};

/// What a layout carries down the tree: whether chains must stay on one line (while a call's last
/// argument is tried as an overflow, rustfmt refuses to break a chain there), and whether text that
/// cannot be broken (a long string literal) may run past the line.
#[derive(Default)]
pub(super) struct Cx {
    pub one_line_chains: Cell<bool>,
    pub lenient: bool,
}

impl Cx {
    /// For what rustfmt cannot lay out within the lines, and so leaves as it is: laid out as if
    /// the pieces that cannot be broken fitted, so that only they run past the line.
    pub fn lenient() -> Cx {
        Cx {
            lenient: true,
            ..Cx::default()
        }
    }

    /// Whether text that cannot be broken goes where it has `width` columns.
    pub fn fits(&self, text: &str, width: usize) -> bool {
        self.lenient || text.len() <= width
    }

    /// Whether laid-out text starting at `shape` stays within the lines (see [`super::fits`]).
    pub fn within(&self, text: &str, shape: Shape) -> bool {
        self.lenient || super::fits(text, shape)
    }
}

/// An element of a list.
pub(super) trait Element {
    fn rewrite(&self, cx: &Cx, shape: Shape) -> Option<String>;

    /// Literals, paths and references to them: lists of short ones are filled several to a line.
    fn is_simple(&self) -> bool {
        false
    }

    /// Whether, as the last of `len` elements, it may start on the line of the opening bracket and
    /// end on lines of its own.
    fn can_overflow(&self, _len: usize) -> bool {
        false
    }

    /// A call (or a reference to one): an overflowing one gets the other elements' room.
    fn is_nested_call(&self) -> bool {
        false
    }

    /// A method call, which may not be broken into lines when it overflows.
    fn is_method_call(&self) -> bool {
        false
    }

    /// Laid out as an overflowing last element.
    fn rewrite_overflowed(&self, cx: &Cx, shape: Shape) -> Option<String> {
        self.rewrite(cx, shape)
    }
}

/// The kind of list: its brackets, the width its elements may take on one line, and whether a list
/// of one element per line ends with a comma.
#[derive(Clone, Copy)]
pub(super) struct Brackets {
    pub open: &'static str,
    pub close: &'static str,
    pub max_width: usize,
    pub trailing_comma: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tactic {
    Horizontal,
    Vertical,
    Mixed,
}

/// `callee` followed by `items` between `brackets`, starting at `shape`.
pub(super) fn list(
    cx: &Cx,
    callee: &str,
    items: &[&dyn Element],
    shape: Shape,
    brackets: Brackets,
) -> Option<String> {
    let used_width = extra_offset(callee, shape);
    let one_line_width = shape.width.saturating_sub(used_width + 2);
    let one_line_shape = shape
        .offset_left(last_line_width(callee) + 1)
        .and_then(|s| s.sub_width(1))
        .unwrap_or(Shape { width: 0, ..shape });
    let nested = {
        let s = shape.block().block_indent(TAB).with_max_width();
        Shape {
            width: s.width.saturating_sub(1),
            ..s
        }
    };
    let mut rewrites: Vec<Option<String>> =
        items.iter().map(|item| item.rewrite(cx, nested)).collect();
    let tactic = overflow_last(
        cx,
        items,
        &mut rewrites,
        callee,
        one_line_shape,
        one_line_width,
        nested,
        brackets.max_width,
    );
    let items_str = write(&rewrites, tactic, nested, brackets.trailing_comma)?;
    Some(wrap(
        callee,
        &items_str,
        shape,
        nested,
        tactic == Tactic::Horizontal,
        brackets,
    ))
}

/// rustfmt's `try_overflow_last_item`: the tactic, with the last rewrite replaced by its overflowed
/// form when that is chosen.
#[allow(clippy::too_many_arguments)]
fn overflow_last(
    cx: &Cx,
    items: &[&dyn Element],
    rewrites: &mut [Option<String>],
    callee: &str,
    one_line_shape: Shape,
    one_line_width: usize,
    nested: Shape,
    max_width: usize,
) -> Tactic {
    let Some(last) = items.last() else {
        return tactic(rewrites, max_width, one_line_width);
    };
    let count = items.len();
    let with_callee = count == 1 && callee.len() < TAB;
    let overflow = with_callee || last.can_overflow(count);
    let mut overflowed = None;
    if overflow {
        let saved = cx.one_line_chains.get();
        if !with_callee && last.is_method_call() {
            cx.one_line_chains.set(true);
        }
        let shape = if count == 1 && !last.is_nested_call() {
            Some(one_line_shape)
        } else {
            let before: usize = rewrites[..count - 1]
                .iter()
                .map(|r| 2 + r.as_deref().map_or(0, str::len))
                .sum();
            Shape {
                width: max_width.min(one_line_shape.width),
                ..one_line_shape
            }
            .offset_left(before)
        };
        if let Some(text) = shape.and_then(|shape| last.rewrite_overflowed(cx, shape)) {
            rewrites[count - 1] = Some(text.split('\n').next().unwrap_or("").to_owned());
            overflowed = Some(text);
        }
        cx.one_line_chains.set(saved);
    }
    let mut chosen = tactic(rewrites, max_width, one_line_width);
    match (overflow, chosen, overflowed) {
        (true, Tactic::Horizontal, Some(text)) if count == 1 => {
            rewrites[0] = if text.matches('\n').count() == 1 {
                match last.rewrite(cx, nested) {
                    Some(plain) if !plain.contains('\n') => Some(plain),
                    _ => Some(text),
                }
            } else {
                Some(text)
            };
        }
        (true, Tactic::Horizontal, Some(text)) => rewrites[count - 1] = Some(text),
        _ => {
            rewrites[count - 1] = last.rewrite(cx, nested);
            let only = rewrites[0].as_deref();
            if count == 1
                && one_line_width != 0
                && only.is_some_and(|s| !s.contains('\n') && s.len() <= one_line_width)
            {
                chosen = Tactic::Horizontal;
            } else {
                chosen = tactic(rewrites, max_width, one_line_width);
                if chosen == Tactic::Vertical
                    && items.iter().all(|item| item.is_simple())
                    && rewrites
                        .iter()
                        .all(|r| r.as_deref().map_or(0, str::len) <= SHORT_ELEMENT)
                {
                    chosen = Tactic::Mixed;
                }
            }
        }
    }
    chosen
}

/// Horizontal when every element is one line and together (with `, `) they take at most
/// `min(max_width, width)`.
fn tactic(rewrites: &[Option<String>], max_width: usize, width: usize) -> Tactic {
    let total: usize = rewrites
        .iter()
        .map(|r| r.as_deref().map_or(0, str::len))
        .sum::<usize>()
        + 2 * rewrites.len().saturating_sub(1);
    let multiline = rewrites
        .iter()
        .any(|r| r.as_deref().is_some_and(|s| s.contains('\n')));
    if total <= max_width.min(width) && !multiline {
        Tactic::Horizontal
    } else {
        Tactic::Vertical
    }
}

/// The elements, separated as the tactic says (a trailing comma when they end on a line of their
/// own and the list takes one).
fn write(
    rewrites: &[Option<String>],
    tactic: Tactic,
    nested: Shape,
    trailing_comma: bool,
) -> Option<String> {
    let indent = newline_indent(nested.indent);
    let mut out = String::new();
    let mut line = 0;
    for (index, rewrite) in rewrites.iter().enumerate() {
        let item = rewrite.as_deref()?;
        let last = index + 1 == rewrites.len();
        let separate = !last || (trailing_comma && tactic != Tactic::Horizontal);
        match tactic {
            Tactic::Horizontal if index > 0 => out.push(' '),
            Tactic::Vertical if index > 0 => out.push_str(&indent),
            Tactic::Mixed => {
                let width = item.len() + usize::from(separate);
                if line > 0 && line + 1 + width > nested.width {
                    out.push_str(&indent);
                    line = 0;
                }
                if line > 0 {
                    out.push(' ');
                    line += 1;
                }
                line += width;
            }
            _ => {}
        }
        out.push_str(item);
        if separate {
            out.push(',');
        }
    }
    Some(out)
}

/// `callee`, the brackets and the elements: on the callee's line, or the elements on lines of their
/// own.
fn wrap(
    callee: &str,
    items: &str,
    shape: Shape,
    nested: Shape,
    horizontal: bool,
    brackets: Brackets,
) -> String {
    let width = shape.width.saturating_sub(last_line_width(callee));
    let extend_width = if items.is_empty() {
        2
    } else {
        first_line_width(items) + 1
    };
    let mut out = String::with_capacity(callee.len() + items.len() + 16);
    out.push_str(callee);
    out.push_str(brackets.open);
    if horizontal && extend_width <= width {
        out.push_str(items);
    } else {
        if !items.is_empty() {
            out.push_str(&newline_indent(nested.indent));
            out.push_str(items);
        }
        out.push_str(&newline_indent(shape.indent));
    }
    out.push_str(brackets.close);
    out
}
