//! The one-line form of an expression, and whether the layout rules choose it at a given place.
//!
//! Most expressions of generated code fit on their line, and the general layout (`expr.rs`,
//! `lists.rs`) finds that out by trying its alternatives, rewriting each piece several times. The
//! test here gives the same answer in one pass: for each construct, the conditions under which its
//! layout is the one-line form. It only ever answers yes when that is certain; where the general
//! layout's outcome depends on more (an overflowing last argument that would break), it answers no
//! and the general layout decides. A unit test holds the two to the same output on every statement
//! of the fixtures and the corpus.

use super::expr::{Expr, Stmt};
use super::lists::Cx;
use super::ty::Ty;
use super::{
    last_line_extendable, Shape, ARRAY_WIDTH, CHAIN_WIDTH, FN_CALL_WIDTH, MAX_WIDTH,
    STRUCT_LIT_WIDTH, TAB,
};

/// Not one line, whatever the width.
const NEVER: usize = usize::MAX / 4;

impl Expr {
    /// Appends the one-line form.
    pub(super) fn write_flat(&self, out: &mut String) {
        match self {
            Expr::Atom(text) => out.push_str(text),
            Expr::Turbofish(path, args) => {
                out.push_str(path);
                out.push_str("::<");
                for (index, ty) in args.iter().enumerate() {
                    if index > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&ty.flat());
                }
                out.push('>');
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

    /// The width of the one-line form ([`NEVER`] for what is never one line).
    pub(super) fn flat_len(&self) -> usize {
        match self {
            Expr::Atom(text) => text.len(),
            Expr::Turbofish(path, args) => path.len() + 4 + tys_len(args),
            Expr::Call(callee, args) => callee.flat_len() + list_len(args),
            Expr::Macro(name, args) => name.len() + list_len(args),
            Expr::Method {
                receiver,
                name,
                generics,
                args,
            } => receiver.flat_len() + 1 + name.len() + generics_len(generics) + list_len(args),
            Expr::Field(receiver, name) => receiver.flat_len() + 1 + name.len(),
            Expr::Await(inner) => inner.flat_len() + 6,
            Expr::Try(inner) => inner.flat_len() + 1,
            Expr::Ref(prefix, inner) => prefix.len() + inner.flat_len(),
            Expr::Array(items) | Expr::Tuple(items) => list_len(items),
            Expr::Struct(path, fields) if fields.is_empty() => path.len() + 3,
            Expr::Struct(path, fields) => path.len() + 4 + fields_len(fields),
            Expr::Closure(head, body) => head.len() + 1 + body.flat_len(),
            Expr::Block(head, stmts) => match stmts.as_slice() {
                [Stmt::Tail(only)] if !head.is_empty() => head.len() + 5 + only.flat_len(),
                _ => NEVER,
            },
            Expr::Match(..) => NEVER,
        }
    }

    /// Whether the layout at `shape` is certainly the one-line form.
    pub(super) fn flat_fits(&self, cx: &Cx, shape: Shape) -> bool {
        if cx.lenient {
            return false;
        }
        match self {
            Expr::Atom(text) => text.len() <= shape.width,
            Expr::Turbofish(path, args) => {
                let nested = nested(shape);
                args.iter().all(|ty| ty.flat_fits(nested))
                    && list_fits(path.len(), args.len(), tys_len(args), shape, MAX_WIDTH)
            }
            Expr::Call(callee, args) => {
                callee.flat_fits(cx, shape)
                    && args_fit(cx, callee.flat_len(), args, shape, FN_CALL_WIDTH)
            }
            Expr::Macro(name, args) => args_fit(cx, name.len(), args, shape, FN_CALL_WIDTH),
            Expr::Method { .. } | Expr::Field(..) | Expr::Await(_) | Expr::Try(_) => {
                chain_fits(cx, self, shape)
            }
            Expr::Ref(prefix, inner) => shape
                .offset_left(prefix.len())
                .is_some_and(|s| inner.flat_fits(cx, s)),
            Expr::Array(items) => args_fit(cx, 0, items, shape, ARRAY_WIDTH),
            Expr::Tuple(items) => args_fit(cx, 0, items, shape, FN_CALL_WIDTH),
            Expr::Struct(path, fields) => struct_fits(cx, path, fields, shape),
            Expr::Closure(head, body) => {
                !matches!(&**body, Expr::Block(h, _) if h.is_empty())
                    && shape
                        .offset_left(head.len() + 1)
                        .is_some_and(|s| body.flat_fits(cx, s))
            }
            Expr::Block(head, stmts) => match stmts.as_slice() {
                [Stmt::Tail(only)] if !head.is_empty() => {
                    self.flat_len() <= shape.width
                        && shape
                            .offset_left(head.len() + 1)
                            .is_some_and(|s| only.flat_fits(cx, s))
                }
                _ => false,
            },
            Expr::Match(..) => false,
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

/// `(items)` or `[items]`: the brackets and the items with their separators.
fn list_len(items: &[Expr]) -> usize {
    2 + items_len(items)
}

fn items_len(items: &[Expr]) -> usize {
    items
        .iter()
        .map(Expr::flat_len)
        .fold(0usize, usize::saturating_add)
        .saturating_add(2 * items.len().saturating_sub(1))
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

fn fields_len(fields: &[(String, Option<Expr>)]) -> usize {
    fields
        .iter()
        .map(|(name, value)| name.len() + value.as_ref().map_or(0, |v| 2 + v.flat_len()))
        .fold(0usize, usize::saturating_add)
        .saturating_add(2 * (fields.len() - 1))
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

/// Whether a list of `args` is laid out on one line: every element on one line where the list lays
/// it out, an overflowing last element too, and all of them within the list's width.
fn args_fit(cx: &Cx, callee: usize, args: &[Expr], shape: Shape, max_width: usize) -> bool {
    let nested = nested(shape);
    if !args.iter().all(|arg| arg.flat_fits(cx, nested)) {
        return false;
    }
    let total = items_len(args);
    if let Some(last) = args.last() {
        let count = args.len();
        let with_callee = count == 1 && callee < TAB;
        if with_callee || super::lists::Element::can_overflow(last, count) {
            let Some(one_line) = shape.offset_left(callee + 1).and_then(|s| s.sub_width(1)) else {
                return false;
            };
            let last_shape = if count == 1 && !super::lists::Element::is_nested_call(last) {
                Some(one_line)
            } else {
                let before: usize = args[..count - 1].iter().map(|a| 2 + a.flat_len()).sum();
                Shape {
                    width: max_width.min(one_line.width),
                    ..one_line
                }
                .offset_left(before)
            };
            if !last_shape.is_some_and(|s| last.flat_fits(cx, s)) {
                return false;
            }
        }
    }
    list_fits(callee, args.len(), total, shape, max_width)
}

fn struct_fits(cx: &Cx, path: &str, fields: &[(String, Option<Expr>)], shape: Shape) -> bool {
    let Some(path_width) = shape.width.checked_sub(2) else {
        return false;
    };
    if path.len() > path_width {
        return false;
    }
    if fields.is_empty() {
        return true;
    }
    let Some(one_line_width) = shape.width.checked_sub(path.len() + 5) else {
        return false;
    };
    let indent = shape.indent + TAB;
    let field_shape = Shape {
        indent,
        offset: 0,
        width: MAX_WIDTH.saturating_sub(indent).saturating_sub(1),
    };
    fields_len(fields) <= one_line_width.min(STRUCT_LIT_WIDTH)
        && fields.iter().all(|(name, value)| match value {
            None => true,
            Some(value) => field_shape
                .offset_left(name.len() + 2)
                .is_some_and(|s| value.flat_fits(cx, s)),
        })
}

/// A link of a chain as the one-line test sees it: its width (its `?`s included) and whether it is
/// one line at a shape.
enum Link<'e> {
    Field(&'e str),
    Method(&'e str, &'e [Ty], &'e [Expr]),
    Await,
}

impl Link<'_> {
    fn len(&self) -> usize {
        match self {
            Link::Field(name) => 1 + name.len(),
            Link::Await => 6,
            Link::Method(name, generics, args) => {
                1 + name.len() + generics_len(generics) + list_len(args)
            }
        }
    }

    fn fits(&self, cx: &Cx, tries: usize, shape: Shape) -> bool {
        let Some(shape) = shape.sub_width(tries) else {
            return false;
        };
        match self {
            Link::Field(_) | Link::Await => self.len() <= shape.width,
            Link::Method(name, generics, args) => {
                let callee = 1 + name.len() + generics_len(generics);
                generics.iter().all(|ty| ty.flat_fits(shape))
                    && args_fit(cx, callee, args, shape, FN_CALL_WIDTH)
            }
        }
    }
}

/// The one-line test of `root.link.link()?` (see `expr::chain` for the layout it mirrors).
fn chain_fits(cx: &Cx, expr: &Expr, shape: Shape) -> bool {
    let mut links: Vec<(Link<'_>, usize)> = Vec::new();
    let mut tries = 0;
    let mut current = expr;
    let root = loop {
        match current {
            Expr::Try(inner) => {
                tries += 1;
                current = inner;
            }
            Expr::Field(receiver, name) => {
                links.push((Link::Field(name), tries));
                tries = 0;
                current = receiver;
            }
            Expr::Await(inner) => {
                links.push((Link::Await, tries));
                tries = 0;
                current = inner;
            }
            Expr::Method {
                receiver,
                name,
                generics,
                args,
            } => {
                links.push((Link::Method(name, generics, args), tries));
                tries = 0;
                current = receiver;
            }
            other => break other,
        }
    };
    links.reverse();
    let Some(root_shape) = shape.sub_width(tries) else {
        return false;
    };
    if !root.flat_fits(cx, root_shape) {
        return false;
    }
    let mut root_len = root.flat_len() + tries;
    if links.is_empty() {
        return root_len <= shape.width;
    }
    let child_count = links.len();
    let tab_width = TAB.saturating_sub(shape.offset);
    let mut rest = &links[..];
    while root_len <= tab_width {
        let (link, tries) = &rest[0];
        let Some(link_shape) = shape.offset_left(root_len) else {
            return false;
        };
        if !link.fits(cx, *tries, link_shape) {
            return false;
        }
        root_len += link.len() + tries;
        rest = &rest[1..];
        if rest.is_empty() {
            return root_len <= shape.width;
        }
    }
    // A root ending in brackets alone changes where the links go; left to the general layout.
    let mut root_text = String::new();
    root.write_flat(&mut root_text);
    if last_line_extendable(&root_text) {
        return false;
    }
    let child_shape = Shape {
        indent: shape.indent + TAB,
        offset: 0,
        width: MAX_WIDTH.saturating_sub(shape.indent + TAB),
    };
    let (last, last_tries) = &rest[rest.len() - 1];
    let mut almost_total = root_len;
    for (link, tries) in &rest[..rest.len() - 1] {
        if !link.fits(cx, *tries, child_shape) {
            return false;
        }
        almost_total += link.len() + tries;
    }
    almost_total += last_tries;
    let budget = if child_count == 1 {
        shape.width
    } else {
        shape.width.min(CHAIN_WIDTH)
    };
    let Some(one_line_budget) = budget.checked_sub(almost_total).filter(|b| *b > 0) else {
        return false;
    };
    if child_shape.width < shape.rhs_overhead() + last_tries {
        return false;
    }
    let last_len = last.len() + last_tries;
    let Some(last_shape) = shape
        .sub_width(*last_tries)
        .and_then(|s| s.offset_left(almost_total))
    else {
        return false;
    };
    last.fits(cx, *last_tries, last_shape)
        && last_len <= one_line_budget
        && almost_total - last_tries + last_len <= shape.width
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
