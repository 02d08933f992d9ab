//! Expressions and statements.

use super::lists::{list, Brackets, Cx, Element};
use super::ty::{Ty, ANGLE};
use super::{
    first_line_width, last_line_extendable, newline_indent, Shape, ARRAY_WIDTH, CHAIN_WIDTH,
    FN_CALL_WIDTH, STRUCT_LIT_WIDTH, TAB,
};

/// An expression as generated code writes it.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A path, an identifier or a literal: printed as it is.
    Atom(String),
    /// A path with generic arguments: `f::<T>`.
    Turbofish(String, Vec<Ty>),
    /// `callee(args)`.
    Call(Box<Expr>, Vec<Expr>),
    /// `name!(args)`, `name` ending in `!`.
    Macro(String, Vec<Expr>),
    /// `receiver.name::<generics>(args)`.
    Method {
        receiver: Box<Expr>,
        name: String,
        generics: Vec<Ty>,
        args: Vec<Expr>,
    },
    /// `receiver.name`.
    Field(Box<Expr>, String),
    /// `expr.await`.
    Await(Box<Expr>),
    /// `expr?`.
    Try(Box<Expr>),
    /// `&expr`, `&mut expr`: the prefix and the expression.
    Ref(&'static str, Box<Expr>),
    /// `[items]`.
    Array(Vec<Expr>),
    /// `(a, b)`, two or more elements.
    Tuple(Vec<Expr>),
    /// `Path { field: value, shorthand }`.
    Struct(String, Vec<(String, Option<Expr>)>),
    /// `head body`, the head being `|args|` or `move |args|`; the body an expression or a block.
    Closure(String, Box<Expr>),
    /// `head { statements }` (`async move`), or a bare block with an empty head.
    Block(String, Vec<Stmt>),
    /// `match scrutinee { arms }`.
    Match(String, Vec<Arm>),
}

/// An arm of a `match`.
#[derive(Debug, Clone, PartialEq)]
pub struct Arm {
    pub pat: String,
    pub body: Expr,
}

/// A statement.
#[derive(Debug, Clone, PartialEq)]
pub enum Stmt {
    /// `lhs = value;`, `lhs` being `let x` or a place.
    Let(String, Expr),
    /// `expr;`
    Semi(Expr),
    /// `expr` ending a block.
    Tail(Expr),
    /// `head { body }`: `if let ...`, `while let ...`.
    Block(String, Vec<Stmt>),
}

impl Expr {
    /// A path, identifier or literal.
    pub fn atom(text: impl Into<String>) -> Expr {
        Expr::Atom(text.into())
    }

    /// `self.name`.
    pub fn self_field(name: &str) -> Expr {
        Expr::Field(Box::new(Expr::atom("self")), name.to_owned())
    }

    /// A place: `a.b.c` is the field `c` of the field `b` of `a`.
    pub fn place(path: &str) -> Expr {
        let mut parts = path.split('.');
        let mut expr = Expr::atom(parts.next().unwrap_or_default());
        for part in parts {
            expr = expr.field(part);
        }
        expr
    }

    /// The expression on one line, however long.
    pub fn flat(&self) -> String {
        let mut out = String::new();
        self.write_flat(&mut out);
        out
    }

    /// `callee(args)` of a path.
    pub fn call(callee: impl Into<String>, args: Vec<Expr>) -> Expr {
        Expr::Call(Box::new(Expr::Atom(callee.into())), args)
    }

    pub fn method(self, name: impl Into<String>, args: Vec<Expr>) -> Expr {
        self.method_with(name, Vec::new(), args)
    }

    /// `self.name::<generics>(args)`.
    pub fn method_with(self, name: impl Into<String>, generics: Vec<Ty>, args: Vec<Expr>) -> Expr {
        Expr::Method {
            receiver: Box::new(self),
            name: name.into(),
            generics,
            args,
        }
    }

    pub fn field(self, name: impl Into<String>) -> Expr {
        Expr::Field(Box::new(self), name.into())
    }

    pub fn awaited(self) -> Expr {
        Expr::Await(Box::new(self))
    }

    pub fn question(self) -> Expr {
        Expr::Try(Box::new(self))
    }

    /// `&self`.
    pub fn borrowed(self) -> Expr {
        Expr::Ref("&", Box::new(self))
    }

    /// `&mut self`.
    pub fn borrowed_mut(self) -> Expr {
        Expr::Ref("&mut ", Box::new(self))
    }

    fn rewrite_expr(&self, cx: &Cx, shape: Shape) -> Option<String> {
        if shortcut() && self.flat_width(cx, shape).is_some() {
            return Some(self.flat());
        }
        match self {
            Expr::Atom(text) => cx.fits(text, shape.width).then(|| text.clone()),
            Expr::Turbofish(path, args) => {
                let items: Vec<&dyn Element> = args.iter().map(|a| a as &dyn Element).collect();
                // The `::` before the `<` is not counted against the line (as rustfmt counts it).
                let generics = list(cx, path, &items, shape, ANGLE)?;
                Some(format!("{path}::{}", &generics[path.len()..]))
            }
            Expr::Call(callee, args) => {
                let callee = callee.rewrite_expr(cx, shape)?;
                list(cx, &callee, &elements(args), shape, PARENS)
            }
            Expr::Macro(name, args) => list(cx, name, &elements(args), shape, PARENS),
            Expr::Method { .. } | Expr::Field(..) | Expr::Await(_) | Expr::Try(_) => {
                chain(cx, self, shape)
            }
            Expr::Ref(prefix, inner) => {
                let rest = inner.rewrite_expr(cx, shape.offset_left(prefix.len())?)?;
                Some(format!("{prefix}{rest}"))
            }
            Expr::Array(items) => list(cx, "", &elements(items), shape, SQUARE),
            Expr::Tuple(items) => list(cx, "", &elements(items), shape, PARENS),
            Expr::Struct(path, fields) => struct_lit(cx, path, fields, shape),
            Expr::Closure(head, body) => closure(cx, head, body, shape),
            Expr::Block(head, stmts) => block_expr(cx, head, stmts, shape),
            Expr::Match(scrutinee, arms) => match_expr(cx, scrutinee, arms, shape),
        }
    }

    /// What rustfmt counts as simple: literals, one-segment paths, and fields, references and `?`
    /// of those.
    fn simple(&self) -> bool {
        match self {
            Expr::Atom(text) => {
                text.starts_with(['"', '\''])
                    || text.starts_with(|c: char| c.is_ascii_digit())
                    || !text.contains("::")
            }
            Expr::Field(inner, _) | Expr::Try(inner) | Expr::Ref(_, inner) => inner.simple(),
            _ => false,
        }
    }
}

/// Whether the one-line test (`flat.rs`) may answer before the general layout is tried: always,
/// but for the test that holds the two to the same output.
#[cfg(not(test))]
fn shortcut() -> bool {
    true
}

#[cfg(test)]
thread_local! {
    pub(super) static SHORTCUT: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
}

#[cfg(test)]
fn shortcut() -> bool {
    SHORTCUT.with(std::cell::Cell::get)
}

/// Arguments and tuples: `(...)`.
const PARENS: Brackets = Brackets {
    open: "(",
    close: ")",
    max_width: FN_CALL_WIDTH,
    trailing_comma: true,
};

/// Arrays: `[...]`.
const SQUARE: Brackets = Brackets {
    open: "[",
    close: "]",
    max_width: ARRAY_WIDTH,
    trailing_comma: true,
};

fn elements(exprs: &[Expr]) -> Vec<&dyn Element> {
    exprs.iter().map(|e| e as &dyn Element).collect()
}

impl Element for Expr {
    fn rewrite(&self, cx: &Cx, shape: Shape) -> Option<String> {
        self.rewrite_expr(cx, shape)
    }

    fn is_simple(&self) -> bool {
        self.simple()
    }

    fn can_overflow(&self, len: usize) -> bool {
        match self {
            Expr::Closure(..) | Expr::Block(..) => true,
            Expr::Match(..)
            | Expr::Array(_)
            | Expr::Struct(..)
            | Expr::Call(..)
            | Expr::Macro(..)
            | Expr::Method { .. }
            | Expr::Tuple(_) => len == 1,
            Expr::Ref(_, inner) | Expr::Try(inner) => inner.can_overflow(len),
            _ => false,
        }
    }

    fn is_nested_call(&self) -> bool {
        match self {
            Expr::Call(..) | Expr::Macro(..) => true,
            Expr::Ref(_, inner) | Expr::Try(inner) => inner.is_nested_call(),
            _ => false,
        }
    }

    fn is_method_call(&self) -> bool {
        match self {
            Expr::Method { .. } => true,
            Expr::Ref(_, inner) | Expr::Try(inner) => inner.is_method_call(),
            _ => false,
        }
    }
}

/// A chain taken apart: its root, the `?`s right after the root, and its links in order, each with
/// the `?`s after it. An expression that is no chain is its own root, without links.
pub(super) fn unwind_chain(expr: &Expr) -> (&Expr, usize, Vec<(Link<'_>, usize)>) {
    // Unwound from the end.
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
    (root, tries, links)
}

/// A link of a chain after its root.
pub(super) enum Link<'e> {
    Field(&'e str),
    Method(&'e str, &'e [Ty], &'e [Expr]),
    Await,
}

/// `root.link.link()?.link`: on one line when it fits (within the chain width when it has several
/// links); else a link per line, a root no wider than the indentation keeping its first links.
fn chain(cx: &Cx, expr: &Expr, shape: Shape) -> Option<String> {
    let (root, root_tries, links) = unwind_chain(expr);
    let rewrite_root = |shape: Shape| -> Option<String> {
        let text = root.rewrite_expr(cx, shape.sub_width(root_tries)?)?;
        Some(text + &"?".repeat(root_tries))
    };
    if links.is_empty() {
        return rewrite_root(shape);
    }
    let child_count = links.len();
    let mut root_text = rewrite_root(shape)?;
    let tab_width = TAB.saturating_sub(shape.offset);
    let mut rest = &links[..];
    while root_text.len() <= tab_width && !root_text.contains('\n') {
        let link_shape = shape.offset_left(root_text.len())?;
        match rewrite_link(cx, &rest[0], link_shape) {
            Some(text) => root_text.push_str(&text),
            None => break,
        }
        rest = &rest[1..];
        if rest.is_empty() {
            break;
        }
    }
    if rest.is_empty() {
        return cx.within(&root_text, shape).then_some(root_text);
    }
    let root_ends_with_block = is_block_like(root, &root_text) && rest.len() == links.len()
        || rest.len() < links.len() && last_line_extendable(&root_text);
    let child_shape = if root_ends_with_block {
        shape.block_indent(0)
    } else {
        shape.block_indent(TAB)
    }
    .with_max_width();
    let mut rewrites = vec![root_text];
    for link in &rest[..rest.len() - 1] {
        rewrites.push(rewrite_link(cx, link, child_shape)?);
    }
    let last = &rest[rest.len() - 1];
    let last_tries = last.1;
    let extendable = last_line_extendable(&rewrites[0]);
    let almost_total = if extendable {
        super::last_line_width(&rewrites[0])
    } else {
        rewrites.iter().map(String::len).sum::<usize>()
    } + last_tries;
    let one_line_budget = if child_count == 1 {
        shape.width
    } else {
        shape.width.min(CHAIN_WIDTH)
    }
    .saturating_sub(almost_total);
    let all_in_one_line = rewrites.iter().all(|r| !r.contains('\n')) && one_line_budget > 0;
    let last_shape = if all_in_one_line {
        shape.sub_width(last_tries)?
    } else if extendable {
        child_shape.sub_width(last_tries)?
    } else {
        child_shape.sub_width(shape.rhs_overhead() + last_tries)?
    };
    let mut fits_one_line = false;
    let mut last_text = None;
    if all_in_one_line || extendable {
        if let Some(one_line_shape) = last_shape.offset_left(almost_total) {
            if let Some(text) = rewrite_link(cx, last, one_line_shape) {
                let lines = text.lines().count();
                let could_fit = first_line_width(&text) <= one_line_budget;
                if could_fit && lines >= 5 {
                    last_text = Some(text);
                    fits_one_line = all_in_one_line;
                } else {
                    let own_line = child_shape.sub_width(shape.rhs_overhead() + last_tries)?;
                    match rewrite_link(cx, last, own_line) {
                        Some(alone) if !could_fit => last_text = Some(alone),
                        Some(alone) if alone.lines().count() >= lines => {
                            last_text = Some(text);
                            fits_one_line = could_fit && all_in_one_line;
                        }
                        Some(alone) => last_text = Some(alone),
                        None => {
                            last_text = Some(text);
                            fits_one_line = could_fit && all_in_one_line;
                        }
                    }
                }
            }
        }
    }
    let last_text = match last_text {
        Some(text) => text,
        None => rewrite_link(cx, last, last_shape)?,
    };
    rewrites.push(last_text);
    let joined = if fits_one_line {
        rewrites.concat()
    } else {
        if cx.one_line_chains.get() {
            return None;
        }
        rewrites.join(&newline_indent(child_shape.indent))
    };
    cx.within(&joined, shape).then_some(joined)
}

fn rewrite_link(cx: &Cx, (link, tries): &(Link<'_>, usize), shape: Shape) -> Option<String> {
    let shape = shape.sub_width(*tries)?;
    let text = match link {
        Link::Field(name) => format!(".{name}"),
        Link::Await => ".await".to_owned(),
        Link::Method(name, generics, args) => {
            let mut callee = format!(".{name}");
            if !generics.is_empty() {
                callee.push_str("::<");
                for (index, ty) in generics.iter().enumerate() {
                    if index > 0 {
                        callee.push_str(", ");
                    }
                    callee.push_str(&ty.layout(cx, shape)?);
                }
                callee.push('>');
            }
            list(cx, &callee, &elements(args), shape, PARENS)?
        }
    };
    Some(text + &"?".repeat(*tries))
}

/// Whether the root of a chain ends in a block (a multi-line call, a closure with a block...), after
/// which the chain's links are not indented.
fn is_block_like(root: &Expr, text: &str) -> bool {
    match root {
        Expr::Call(..)
        | Expr::Macro(..)
        | Expr::Array(_)
        | Expr::Struct(..)
        | Expr::Block(..)
        | Expr::Match(..) => text.contains('\n'),
        Expr::Closure(_, body) => matches!(**body, Expr::Block(..)),
        Expr::Ref(_, inner) => is_block_like(inner, text),
        _ => false,
    }
}

/// `Path { a, b: c }`: on one line when the fields take at most the struct literal width, else a
/// field per line.
fn struct_lit(
    cx: &Cx,
    path: &str,
    fields: &[(String, Option<Expr>)],
    shape: Shape,
) -> Option<String> {
    if !cx.fits(path, shape.width.checked_sub(2)?) {
        return None;
    }
    if fields.is_empty() {
        return Some(format!("{path} {{}}"));
    }
    let v_shape = shape.block_indent(TAB).with_max_width();
    let one_line_width = shape
        .width
        .checked_sub(path.len() + 5)
        .map(|w| w.min(STRUCT_LIT_WIDTH));
    let field_shape = v_shape.sub_width(1)?;
    let mut items = Vec::with_capacity(fields.len());
    for (name, value) in fields {
        items.push(match value {
            None => name.clone(),
            Some(value) => struct_field(cx, name, value, field_shape)?,
        });
    }
    let total = items.iter().map(String::len).sum::<usize>() + 2 * (items.len() - 1);
    let horizontal = one_line_width
        .is_some_and(|width| total <= width && items.iter().all(|i| !i.contains('\n')));
    if horizontal {
        Some(format!("{path} {{ {} }}", items.join(", ")))
    } else {
        let inner = newline_indent(v_shape.indent);
        let mut out = format!("{path} {{");
        for item in &items {
            out.push_str(&inner);
            out.push_str(item);
            out.push(',');
        }
        out.push_str(&newline_indent(shape.indent));
        out.push('}');
        Some(out)
    }
}

fn struct_field(cx: &Cx, name: &str, value: &Expr, shape: Shape) -> Option<String> {
    if let Some(text) = shape
        .offset_left(name.len() + 2)
        .and_then(|s| value.rewrite_expr(cx, s))
    {
        return Some(format!("{name}: {text}"));
    }
    let indent = shape.indent + TAB;
    let text = value.rewrite_expr(cx, Shape::indented(indent))?;
    Some(format!("{name}:{}{text}", newline_indent(indent)))
}

/// `|args| body`: an expression body on the closure's line (a block-like one may go on), a block
/// body indented under it.
fn closure(cx: &Cx, head: &str, body: &Expr, shape: Shape) -> Option<String> {
    let body_shape = shape.offset_left(head.len() + 1)?;
    if let Expr::Block(block_head, stmts) = body {
        if block_head.is_empty() {
            let block = block(cx, stmts, body_shape.indent);
            return Some(format!("{head} {block}"));
        }
    }
    let multi_line_ok = matches!(body, Expr::Match(..) | Expr::Block(..) | Expr::Struct(..));
    if let Some(text) = body.rewrite_expr(cx, body_shape) {
        if multi_line_ok || !text.contains('\n') {
            return Some(format!("{head} {text}"));
        }
    }
    let wrapped = block(cx, &[Stmt::Tail(body.clone())], body_shape.indent);
    Some(format!("{head} {wrapped}"))
}

/// `head { statements }`: on one line when it is a single expression that fits.
fn block_expr(cx: &Cx, head: &str, stmts: &[Stmt], shape: Shape) -> Option<String> {
    let prefix = if head.is_empty() {
        String::new()
    } else {
        format!("{head} ")
    };
    if let [Stmt::Tail(only)] = stmts {
        if !head.is_empty() {
            if let Some(text) = shape
                .offset_left(prefix.len())
                .and_then(|s| only.rewrite_expr(cx, s))
            {
                let line = format!("{prefix}{{ {text} }}");
                if line.len() <= shape.width && !line.contains('\n') {
                    return Some(line);
                }
            }
        }
    }
    Some(format!("{prefix}{}", block(cx, stmts, shape.indent)))
}

/// `{`, the statements indented one level under `indent`, `}`.
pub(super) fn block(cx: &Cx, stmts: &[Stmt], indent: usize) -> String {
    let inner = indent + TAB;
    let mut out = String::from("{");
    for stmt in stmts {
        out.push_str(&newline_indent(inner));
        out.push_str(&stmt.layout_in(cx, inner));
    }
    out.push_str(&newline_indent(indent));
    out.push('}');
    out
}

/// `match scrutinee {`, an arm per line, `}`.
fn match_expr(cx: &Cx, scrutinee: &str, arms: &[Arm], shape: Shape) -> Option<String> {
    let arm_shape = Shape::indented(shape.indent + TAB);
    let mut out = format!("match {scrutinee} {{");
    for arm in arms {
        out.push_str(&newline_indent(arm_shape.indent));
        out.push_str(&match_arm(cx, arm, arm_shape)?);
    }
    out.push_str(&newline_indent(shape.indent));
    out.push('}');
    Some(out)
}

/// `pat => body,`: the body on the arm's line when it fits there (or starts there and reads well),
/// else in a block of its own.
fn match_arm(cx: &Cx, arm: &Arm, shape: Shape) -> Option<String> {
    let pat = &arm.pat;
    let is_block = matches!(&arm.body, Expr::Block(head, _) if head.is_empty());
    let comma = if is_block { "" } else { "," };
    let combine_orig = |body: &str| format!("{pat} => {body}{comma}");
    let next_indent = if is_block {
        shape.indent
    } else {
        shape.indent + TAB
    };
    let combine_next = |body: &str| {
        if is_block {
            format!("{pat} =>{}{body}", newline_indent(next_indent))
        } else {
            format!(
                "{pat} => {{{}{body}{}}}",
                newline_indent(next_indent),
                newline_indent(shape.indent)
            )
        }
    };
    let orig_shape = shape
        .offset_left(pat.len() + 4)
        .and_then(|s| s.sub_width(comma.len()));
    let orig = orig_shape.and_then(|s| arm.body.rewrite_expr(cx, s));
    if let (Some(text), Some(s)) = (&orig, orig_shape) {
        if is_block || (!text.contains('\n') && text.len() <= s.width) {
            return Some(combine_orig(text));
        }
    }
    let budget = orig_shape.map_or(0, |s| s.width);
    let next = arm.body.rewrite_expr(cx, Shape::indented(next_indent));
    let extend = flattens(&arm.body);
    match (orig, next) {
        (Some(o), Some(n)) if prefer_next_line(&o, &n) => Some(combine_next(&n)),
        (Some(o), _) if extend && first_line_width(&o) <= budget => Some(combine_orig(&o)),
        (Some(o), Some(n)) if o.contains('\n') => Some(combine_next(&n)),
        (None, Some(n)) => Some(combine_next(&n)),
        (None, None) => None,
        (Some(o), _) => Some(combine_orig(&o)),
    }
}

/// Bodies that may start on the arm's line and go on below it.
fn flattens(expr: &Expr) -> bool {
    match expr {
        Expr::Match(..)
        | Expr::Block(..)
        | Expr::Closure(..)
        | Expr::Array(_)
        | Expr::Call(..)
        | Expr::Method { .. }
        | Expr::Macro(..)
        | Expr::Struct(..)
        | Expr::Tuple(_) => true,
        Expr::Ref(_, inner) | Expr::Try(inner) => flattens(inner),
        _ => false,
    }
}

/// Whether a right-hand side (or an arm's body) reads better started on the next line.
fn prefer_next_line(orig: &str, next: &str) -> bool {
    let ends = |text: &str, c: char| text.split('\n').next().is_some_and(|l| l.ends_with(c));
    !next.contains('\n')
        || orig.matches('\n').count() > next.matches('\n').count() + 1
        || ends(orig, '(') && !ends(next, '(')
        || ends(orig, '{') && !ends(next, '{')
        || ends(orig, '[') && !ends(next, '[')
}

/// `lhs = rhs` (the `=` included in `lhs`): the right-hand side on the line of the `=` when it fits
/// there, else on the next line when that reads better.
pub(super) fn assign(cx: &Cx, lhs: &str, rhs: &dyn Element, shape: Shape) -> Option<String> {
    let orig_shape = shape.offset_left(lhs.len() + 1).unwrap_or(Shape {
        width: 0,
        offset: shape.offset + lhs.len() + 1,
        ..shape
    });
    let orig = rhs.rewrite(cx, orig_shape);
    if let Some(text) = &orig {
        if text.is_empty() {
            return Some(lhs.to_owned());
        }
        if !text.contains('\n') && text.len() <= orig_shape.width {
            return Some(format!("{lhs} {text}"));
        }
    }
    let indent = orig_shape.indent + TAB;
    let next_shape = Shape::indented(indent).sub_width(orig_shape.rhs_overhead())?;
    let next = rhs.rewrite(cx, next_shape);
    let newline = newline_indent(indent);
    match (orig, next) {
        (Some(o), Some(n)) if !cx.within(&n, next_shape) => Some(format!("{lhs} {o}")),
        (Some(o), Some(n)) if prefer_next_line(&o, &n) => Some(format!("{lhs}{newline}{n}")),
        (None, Some(n)) => Some(format!("{lhs}{newline}{n}")),
        (None, None) => None,
        (Some(o), _) => Some(format!("{lhs} {o}")),
    }
}

impl Stmt {
    /// The statement on a line of its own at `indent`; one that cannot be laid out within the lines
    /// (rustfmt leaves those as they are), with only its unbreakable pieces running past the line.
    pub(super) fn layout_in(&self, cx: &Cx, indent: usize) -> String {
        let shape = Shape::indented(indent);
        self.rewrite_stmt(cx, shape)
            .or_else(|| self.rewrite_stmt(&Cx::lenient(), shape))
            .or_else(|| self.rewrite_stmt(&Cx::lenient(), shape.unbounded()))
            .unwrap_or_else(|| self.flat())
    }

    /// The statement on one line.
    pub(super) fn flat(&self) -> String {
        let mut out = String::new();
        match self {
            Stmt::Let(lhs, value) => {
                out.push_str(lhs);
                out.push_str(" = ");
                value.write_flat(&mut out);
                out.push(';');
            }
            Stmt::Semi(expr) => {
                expr.write_flat(&mut out);
                out.push(';');
            }
            Stmt::Tail(expr) => expr.write_flat(&mut out),
            Stmt::Block(head, body) => {
                out.push_str(head);
                out.push_str(" {");
                for stmt in body {
                    out.push(' ');
                    out.push_str(&stmt.flat());
                }
                out.push_str(" }");
            }
        }
        out
    }

    /// Writes the statement into `out` on a line of its own at `indent` when its layout is its
    /// one-line form, and says so; writes nothing otherwise. The common case, written without
    /// building the statement's text on its own first.
    pub(super) fn write_if_flat(&self, out: &mut String, indent: usize) -> bool {
        if !shortcut() {
            return false;
        }
        let cx = Cx::default();
        let shape = Shape::indented(indent);
        let flat = match self {
            // As `assign` first tries it: the value on the line of the `=`.
            Stmt::Let(lhs, value) => shape
                .sub_width(1)
                .and_then(|s| s.offset_left(lhs.len() + 3))
                .is_some_and(|s| value.flat_width(&cx, s).is_some_and(|w| w <= s.width)),
            Stmt::Semi(expr) => shape
                .sub_width(1)
                .is_some_and(|s| expr.flat_width(&cx, s).is_some()),
            Stmt::Tail(expr) => expr.flat_width(&cx, shape).is_some(),
            Stmt::Block(..) => false,
        };
        if !flat {
            return false;
        }
        super::push_spaces(out, indent);
        match self {
            Stmt::Let(lhs, value) => {
                out.push_str(lhs);
                out.push_str(" = ");
                value.write_flat(out);
                out.push(';');
            }
            Stmt::Semi(expr) => {
                expr.write_flat(out);
                out.push(';');
            }
            Stmt::Tail(expr) => expr.write_flat(out),
            Stmt::Block(..) => {}
        }
        out.push('\n');
        true
    }

    fn rewrite_stmt(&self, cx: &Cx, shape: Shape) -> Option<String> {
        match self {
            Stmt::Let(lhs, value) => {
                let text = assign(cx, &format!("{lhs} ="), value, shape.sub_width(1)?)?;
                Some(text + ";")
            }
            Stmt::Semi(expr) => Some(expr.rewrite_expr(cx, shape.sub_width(1)?)? + ";"),
            Stmt::Tail(expr) => expr.rewrite_expr(cx, shape),
            Stmt::Block(head, body) => Some(format!("{head} {}", block(cx, body, shape.indent))),
        }
    }
}
