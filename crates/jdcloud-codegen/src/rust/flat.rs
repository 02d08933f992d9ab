//! The one-line form of an expression, and whether the layout rules choose it at a given place.
//!
//! Most expressions of generated code fit on their line, and the general layout (`expr.rs`,
//! `lists.rs`) finds that out by trying its alternatives, rewriting each piece several times. The
//! test here gives the same answer in one pass: for each construct, the conditions under which its
//! layout is the one-line form. It only ever answers yes when that is certain; where the general
//! layout's outcome depends on more (an overflowing last argument that would break), it answers no
//! and the general layout decides. A unit test holds the two to the same output on every statement
//! of the fixtures and the corpus.

use super::expr::{unwind_chain, Expr, Link, Stmt};
use super::lists::Cx;
use super::ty::Ty;
use super::{
    last_line_extendable, Shape, ARRAY_WIDTH, CHAIN_WIDTH, FN_CALL_WIDTH, MAX_WIDTH,
    STRUCT_LIT_WIDTH, TAB,
};

impl Expr {
    /// Appends the one-line form.
    pub(super) fn write_flat(&self, out: &mut String) {
        match self {
            Expr::Atom(text) => out.push_str(text),
            Expr::Turbofish(path, args) => {
                out.push_str(path);
                write_generics(out, args);
            }
            Expr::Call(callee, args) => {
                callee.write_flat(out);
                write_list(out, "(", args, ")");
            }
            Expr::Macro(name, args) => {
                out.push_str(name);
                write_list(out, "(", args, ")");
            }
            Expr::Method {
                receiver,
                name,
                generics,
                args,
            } => {
                receiver.write_flat(out);
                out.push('.');
                out.push_str(name);
                write_generics(out, generics);
                write_list(out, "(", args, ")");
            }
            Expr::Field(receiver, name) => {
                receiver.write_flat(out);
                out.push('.');
                out.push_str(name);
            }
            Expr::Await(inner) => {
                inner.write_flat(out);
                out.push_str(".await");
            }
            Expr::Try(inner) => {
                inner.write_flat(out);
                out.push('?');
            }
            Expr::Ref(prefix, inner) => {
                out.push_str(prefix);
                inner.write_flat(out);
            }
            Expr::Array(items) => write_list(out, "[", items, "]"),
            Expr::Tuple(items) => write_list(out, "(", items, ")"),
            Expr::Struct(path, fields) => {
                out.push_str(path);
                if fields.is_empty() {
                    out.push_str(" {}");
                    return;
                }
                out.push_str(" { ");
                for (index, (name, value)) in fields.iter().enumerate() {
                    if index > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(name);
                    if let Some(value) = value {
                        out.push_str(": ");
                        value.write_flat(out);
                    }
                }
                out.push_str(" }");
            }
            Expr::Closure(head, body) => {
                out.push_str(head);
                out.push(' ');
                body.write_flat(out);
            }
            Expr::Block(head, stmts) => {
                if !head.is_empty() {
                    out.push_str(head);
                    out.push(' ');
                }
                out.push('{');
                for stmt in stmts {
                    out.push(' ');
                    out.push_str(&stmt.flat());
                }
                out.push_str(" }");
            }
            Expr::Match(scrutinee, _) => {
                out.push_str("match ");
                out.push_str(scrutinee);
                out.push_str(" { .. }");
            }
        }
    }

    /// The width of the one-line form when it is certainly the layout at `shape`; `None` when it is
    /// not, or when that depends on more than this test looks at (the general layout decides).
    pub(super) fn flat_width(&self, cx: &Cx, shape: Shape) -> Option<usize> {
        if cx.lenient {
            return None;
        }
        match self {
            Expr::Atom(text) => (text.len() <= shape.width).then_some(text.len()),
            Expr::Turbofish(path, args) => {
                let nested = nested(shape);
                if !args.iter().all(|ty| ty.flat_fits(nested)) {
                    return None;
                }
                let total = tys_len(args);
                list_fits(path.len(), args.len(), total, shape, MAX_WIDTH)
                    .then_some(path.len() + 4 + total)
            }
            Expr::Call(callee, args) => {
                let callee = callee.flat_width(cx, shape)?;
                Some(callee + args_width(cx, callee, args, shape, FN_CALL_WIDTH)?)
            }
            Expr::Macro(name, args) => {
                Some(name.len() + args_width(cx, name.len(), args, shape, FN_CALL_WIDTH)?)
            }
            Expr::Method { .. } | Expr::Field(..) | Expr::Await(_) | Expr::Try(_) => {
                chain_width(cx, self, shape)
            }
            Expr::Ref(prefix, inner) => {
                Some(prefix.len() + inner.flat_width(cx, shape.offset_left(prefix.len())?)?)
            }
            Expr::Array(items) => args_width(cx, 0, items, shape, ARRAY_WIDTH),
            Expr::Tuple(items) => args_width(cx, 0, items, shape, FN_CALL_WIDTH),
            Expr::Struct(path, fields) => struct_width(cx, path, fields, shape),
            Expr::Closure(head, body) => {
                if matches!(&**body, Expr::Block(h, _) if h.is_empty()) {
                    return None;
                }
                let body = body.flat_width(cx, shape.offset_left(head.len() + 1)?)?;
                Some(head.len() + 1 + body)
            }
            Expr::Block(head, stmts) => match stmts.as_slice() {
                [Stmt::Tail(only)] if !head.is_empty() => {
                    let inner = only.flat_width(cx, shape.offset_left(head.len() + 1)?)?;
                    let width = head.len() + 5 + inner;
                    (width <= shape.width).then_some(width)
                }
                _ => None,
            },
            Expr::Match(..) => None,
        }
    }
}

fn write_list(out: &mut String, open: &str, items: &[Expr], close: &str) {
    out.push_str(open);
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        item.write_flat(out);
    }
    out.push_str(close);
}

/// `::<A, B>`, or nothing without generics.
fn write_generics(out: &mut String, generics: &[Ty]) {
    if generics.is_empty() {
        return;
    }
    out.push_str("::<");
    for (index, ty) in generics.iter().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        out.push_str(&ty.flat());
    }
    out.push('>');
}

fn tys_len(tys: &[Ty]) -> usize {
    tys.iter().map(|t| t.flat().len()).sum::<usize>() + 2 * tys.len().saturating_sub(1)
}

fn generics_len(generics: &[Ty]) -> usize {
    if generics.is_empty() {
        0
    } else {
        4 + tys_len(generics)
    }
}

/// The shape a list's elements are laid out in (one per line, under the list's first line).
fn nested(shape: Shape) -> Shape {
    let indent = shape.indent + TAB;
    Shape {
        indent,
        offset: 0,
        width: MAX_WIDTH.saturating_sub(indent).saturating_sub(1),
    }
}

/// Whether a list after a callee `callee` columns wide, with `count` elements taking `total`
/// columns on one line, is laid out on one line (its elements being one line each).
fn list_fits(callee: usize, count: usize, total: usize, shape: Shape, max_width: usize) -> bool {
    let Some(one_line_width) = shape.width.checked_sub(callee + 2) else {
        return false;
    };
    if count == 1 {
        total <= one_line_width
    } else {
        total <= max_width.min(one_line_width)
    }
}

/// The width of a list of `args` (brackets included) when it is laid out on one line: every
/// element on one line where the list lays it out, an overflowing last element too, and all of them
/// within the list's width.
fn args_width(
    cx: &Cx,
    callee: usize,
    args: &[Expr],
    shape: Shape,
    max_width: usize,
) -> Option<usize> {
    let nested = nested(shape);
    let mut widths = Vec::with_capacity(args.len());
    for arg in args {
        widths.push(arg.flat_width(cx, nested)?);
    }
    let total = widths.iter().sum::<usize>() + 2 * args.len().saturating_sub(1);
    if let Some(last) = args.last() {
        let count = args.len();
        let with_callee = count == 1 && callee < TAB;
        if with_callee || super::lists::Element::can_overflow(last, count) {
            let one_line = shape.offset_left(callee + 1)?.sub_width(1)?;
            let last_shape = if count == 1 && !super::lists::Element::is_nested_call(last) {
                one_line
            } else {
                let before: usize = widths[..count - 1].iter().map(|w| 2 + w).sum();
                Shape {
                    width: max_width.min(one_line.width),
                    ..one_line
                }
                .offset_left(before)?
            };
            last.flat_width(cx, last_shape)?;
        }
    }
    list_fits(callee, args.len(), total, shape, max_width).then_some(total + 2)
}

fn struct_width(
    cx: &Cx,
    path: &str,
    fields: &[(String, Option<Expr>)],
    shape: Shape,
) -> Option<usize> {
    if path.len() > shape.width.checked_sub(2)? {
        return None;
    }
    if fields.is_empty() {
        return Some(path.len() + 3);
    }
    let one_line_width = shape.width.checked_sub(path.len() + 5)?;
    let indent = shape.indent + TAB;
    let field_shape = Shape {
        indent,
        offset: 0,
        width: MAX_WIDTH.saturating_sub(indent).saturating_sub(1),
    };
    let mut total = 2 * (fields.len() - 1);
    for (name, value) in fields {
        total += name.len();
        if let Some(value) = value {
            total += 2 + value.flat_width(cx, field_shape.offset_left(name.len() + 2)?)?;
        }
    }
    (total <= one_line_width.min(STRUCT_LIT_WIDTH)).then_some(path.len() + 4 + total)
}

/// The one-line test of a link: its width, without its `?`s.
impl Link<'_> {
    /// The link's width (without its `?`s) when it is one line at `shape`.
    fn width(&self, cx: &Cx, tries: usize, shape: Shape) -> Option<usize> {
        let shape = shape.sub_width(tries)?;
        match self {
            Link::Field(name) => (name.len() < shape.width).then_some(1 + name.len()),
            Link::Await => (6 <= shape.width).then_some(6),
            Link::Method(name, generics, args) => {
                if !generics.iter().all(|ty| ty.flat_fits(shape)) {
                    return None;
                }
                let callee = 1 + name.len() + generics_len(generics);
                Some(callee + args_width(cx, callee, args, shape, FN_CALL_WIDTH)?)
            }
        }
    }
}

/// The one-line test of `root.link.link()?` (see `expr::chain` for the layout it mirrors).
fn chain_width(cx: &Cx, expr: &Expr, shape: Shape) -> Option<usize> {
    let (root, tries, links) = unwind_chain(expr);
    let mut root_len = root.flat_width(cx, shape.sub_width(tries)?)? + tries;
    if links.is_empty() {
        return (root_len <= shape.width).then_some(root_len);
    }
    let child_count = links.len();
    let tab_width = TAB.saturating_sub(shape.offset);
    let mut rest = &links[..];
    let absorbs = root_len <= tab_width;
    while root_len <= tab_width {
        let (link, tries) = &rest[0];
        root_len += link.width(cx, *tries, shape.offset_left(root_len)?)? + tries;
        rest = &rest[1..];
        if rest.is_empty() {
            return (root_len <= shape.width).then_some(root_len);
        }
    }
    // A root ending in brackets alone changes where the links go; left to the general layout.
    if !absorbs && ends_in_brackets(root) {
        return None;
    }
    let child_shape = Shape {
        indent: shape.indent + TAB,
        offset: 0,
        width: MAX_WIDTH.saturating_sub(shape.indent + TAB),
    };
    let (last, last_tries) = &rest[rest.len() - 1];
    let mut almost_total = root_len;
    for (link, tries) in &rest[..rest.len() - 1] {
        almost_total += link.width(cx, *tries, child_shape)? + tries;
    }
    almost_total += last_tries;
    let budget = if child_count == 1 {
        shape.width
    } else {
        shape.width.min(CHAIN_WIDTH)
    };
    let one_line_budget = budget.checked_sub(almost_total).filter(|b| *b > 0)?;
    if child_shape.width < shape.rhs_overhead() + last_tries {
        return None;
    }
    let last_shape = shape.sub_width(*last_tries)?.offset_left(almost_total)?;
    let last_len = last.width(cx, *last_tries, last_shape)? + last_tries;
    let total = almost_total - last_tries + last_len;
    (last_len <= one_line_budget && total <= shape.width).then_some(total)
}

/// Whether an expression's one-line form ends in closing brackets alone (rustfmt's
/// `last_line_extendable`): a chain rooted there is laid out differently.
fn ends_in_brackets(expr: &Expr) -> bool {
    let mut text = String::new();
    expr.write_flat(&mut text);
    last_line_extendable(&text)
}

impl Ty {
    /// Whether the layout at `shape` is the one-line form.
    pub(super) fn flat_fits(&self, shape: Shape) -> bool {
        match self {
            Ty::Prefixed("impl ", inner) => inner.flat_fits(shape),
            Ty::Prefixed(prefix, inner) => shape
                .offset_left(prefix.len())
                .is_some_and(|s| inner.flat_fits(s)),
            _ => self.flat().len() <= shape.width,
        }
    }
}
