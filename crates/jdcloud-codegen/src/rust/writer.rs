//! A Rust file written line by line: items, their docs and attributes, function signatures,
//! struct fields, statements. Expressions and types are laid out by `expr` and `ty`.

use super::expr::{assign, Expr, Stmt};
use super::lists::{list, Brackets, Cx, Element};
use super::ty::Ty;
use super::{last_line_width, newline_indent, Shape, ATTR_FN_LIKE_WIDTH, MAX_WIDTH, TAB};

/// The text of a Rust file being written.
#[derive(Debug, Default)]
pub struct Writer {
    out: String,
    indent: usize,
}

/// A function's signature: `head(params) -> ret`, `head` holding everything before the parameters
/// (`pub async fn send`, `fn visit_map<A: ...>`).
#[derive(Debug, Clone)]
pub struct FnSig {
    pub head: String,
    /// `self`, `&self`, `mut self`, or `name: Type`.
    pub params: Vec<(String, Option<Ty>)>,
    pub ret: Option<Ty>,
}

impl FnSig {
    pub fn new(head: impl Into<String>) -> FnSig {
        FnSig {
            head: head.into(),
            params: Vec::new(),
            ret: None,
        }
    }

    /// A receiver (`self`, `&self`, `mut self`).
    pub fn receiver(mut self, receiver: &str) -> FnSig {
        self.params.push((receiver.to_owned(), None));
        self
    }

    pub fn param(mut self, name: impl Into<String>, ty: Ty) -> FnSig {
        self.params.push((name.into(), Some(ty)));
        self
    }

    pub fn returns(mut self, ty: Ty) -> FnSig {
        self.ret = Some(ty);
        self
    }

    /// Whether the function is marked `#[inline]`: every one that is neither generic (type or lifetime
    /// parameters, `impl Trait` arguments) nor `async`, but `main`. rustc compiles such a function in
    /// the crates that call it rather than in the generated crate, as it does generic ones: a debug
    /// build of a generated crate then compiles the setters, builders and visitors its users call,
    /// not all of them (`pod`: 1.51 s -> 1.18 s, `cargo build`, dependencies built, 4 runs each).
    fn inlined(&self) -> bool {
        !self.head.contains("async ")
            && !self.head.contains('<')
            && !self.head.ends_with(" main")
            && self
                .params
                .iter()
                .all(|(_, ty)| ty.as_ref().is_none_or(|ty| !ty.flat().contains("impl ")))
    }

    /// The signature at `indent`, up to and without the ` {` (rustfmt's `rewrite_fn_base`): the
    /// parameters on the name's line when everything fits, else one per line; a return type too
    /// long for its line broken at its generic arguments.
    fn layout(&self, indent: usize) -> String {
        let cx = Cx::default();
        let ret_of = |shape: Shape| -> Option<String> {
            let ty = self.ret.as_ref()?;
            let shape = Shape {
                width: shape.width.checked_sub(3)?,
                offset: 3,
                ..shape
            };
            let text = ty.layout(&cx, shape).unwrap_or_else(|| ty.flat());
            Some(format!("-> {text}"))
        };
        let ret = ret_of(Shape::indented(indent)).unwrap_or_default();
        let multi_line_ret = ret.contains('\n');
        let ret_len = if multi_line_ret { 0 } else { ret.len() };
        let param_indent = indent + TAB;
        let multi_line_budget = MAX_WIDTH.saturating_sub(param_indent + 1);
        let one_line_budget = if multi_line_ret {
            0
        } else {
            let overhead = if ret_len == 0 { 2 } else { 3 };
            MAX_WIDTH.saturating_sub(indent + self.head.len() + ret_len + overhead + 2)
        };
        let params: Vec<String> = self
            .params
            .iter()
            .map(|(name, ty)| match ty {
                None => name.clone(),
                Some(ty) => {
                    let shape = Shape {
                        width: multi_line_budget.saturating_sub(name.len() + 2),
                        indent: param_indent,
                        offset: 0,
                    };
                    let ty = ty.layout(&cx, shape).unwrap_or_else(|| ty.flat());
                    format!("{name}: {ty}")
                }
            })
            .collect();
        let total =
            params.iter().map(String::len).sum::<usize>() + 2 * params.len().saturating_sub(1);
        let horizontal = total <= one_line_budget && params.iter().all(|p| !p.contains('\n'));
        let in_block = !params.is_empty() && !horizontal;
        let mut out = self.head.clone();
        out.push('(');
        if in_block {
            for param in &params {
                out.push_str(&newline_indent(param_indent));
                out.push_str(param);
                out.push(',');
            }
            out.push_str(&newline_indent(indent));
        } else {
            out.push_str(&params.join(", "));
        }
        out.push(')');
        if self.ret.is_some() {
            let indent_ret = if in_block || params.is_empty() {
                false
            } else {
                out.contains('\n')
                    || multi_line_ret
                    || indent + out.len() + ret_len + 1 + 2 > MAX_WIDTH
            };
            let ret_shape = if indent_ret {
                out.push_str(&newline_indent(param_indent));
                Shape::indented(param_indent)
            } else {
                out.push(' ');
                let shape = Shape::indented(indent);
                shape.offset_left(last_line_width(&out)).unwrap_or(shape)
            };
            if multi_line_ret || indent_ret {
                out.push_str(&ret_of(ret_shape).unwrap_or_default());
            } else {
                out.push_str(&ret);
            }
        }
        out
    }
}

/// An attribute's meta item: a word or `name = "value"` (never broken), or `name(items)`.
enum Meta<'a> {
    Word(&'a str),
    List(&'a str, Vec<Meta<'a>>),
}

/// Attribute lists: no trailing comma.
const META: Brackets = Brackets {
    open: "(",
    close: ")",
    max_width: ATTR_FN_LIKE_WIDTH,
    trailing_comma: false,
};

impl Element for Meta<'_> {
    fn rewrite(&self, cx: &Cx, shape: Shape) -> Option<String> {
        match self {
            Meta::Word(text) => cx.fits(text, shape.width).then(|| (*text).to_owned()),
            Meta::List(name, items) => {
                let items: Vec<&dyn Element> = items.iter().map(|m| m as &dyn Element).collect();
                list(cx, name, &items, shape.sub_width(1)?, META)
            }
        }
    }

    fn can_overflow(&self, len: usize) -> bool {
        len == 1 && matches!(self, Meta::List(..))
    }
}

impl Writer {
    pub fn new() -> Writer {
        Writer::default()
    }

    /// A writer with room for `capacity` bytes of text, starting with `text` as it is (a file's
    /// header): written first, rather than the finished text being copied behind it.
    pub fn starting_with(text: &str, capacity: usize) -> Writer {
        let mut out = String::with_capacity(capacity.max(text.len()));
        out.push_str(text);
        Writer { out, indent: 0 }
    }

    /// The file's text.
    pub fn finish(self) -> String {
        self.out
    }

    /// A line at the current indentation (nothing but the line break for an empty one). Text
    /// spanning several lines carries the indentation of all but its first.
    pub fn line(&mut self, text: &str) {
        if !text.is_empty() {
            super::push_spaces(&mut self.out, self.indent);
            self.out.push_str(text);
        }
        self.out.push('\n');
    }

    /// A blank line between items or statements: never at the start of a file or block, never two.
    pub fn blank(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("{\n") && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    /// `///` docs, a line each (each line starts with a space, or is empty).
    pub fn docs(&mut self, lines: &[String]) {
        self.comment_lines("///", lines);
    }

    /// `//!` docs.
    pub fn inner_docs(&mut self, lines: &[String]) {
        self.comment_lines("//!", lines);
    }

    fn comment_lines(&mut self, marker: &str, lines: &[String]) {
        for line in lines {
            super::push_spaces(&mut self.out, self.indent);
            self.out.push_str(marker);
            self.out.push_str(line.trim_end());
            self.out.push('\n');
        }
    }

    /// `#[cfg(feature = "a")]` or `#[cfg(any(feature = "a", ...))]`; nothing without features.
    pub fn cfg_features(&mut self, features: &[String]) {
        if let [one] = features {
            let line = format!("#[cfg(feature = {})]", super::lit(one));
            if self.indent + line.len() <= MAX_WIDTH {
                self.line(&line);
                return;
            }
        }
        let words: Vec<String> = features
            .iter()
            .map(|f| format!("feature = {}", super::lit(f)))
            .collect();
        let meta = match words.as_slice() {
            [] => return,
            [one] => Meta::List("cfg", vec![Meta::Word(one)]),
            many => Meta::List(
                "cfg",
                vec![Meta::List(
                    "any",
                    many.iter().map(|w| Meta::Word(w.as_str())).collect(),
                )],
            ),
        };
        let shape = Shape::indented(self.indent).offset_left(2);
        let text = shape
            .and_then(|shape| meta.rewrite(&Cx::default(), shape))
            .or_else(|| meta.rewrite(&Cx::lenient(), Shape::indented(self.indent + 2)))
            .unwrap_or_default();
        self.line(&format!("#[{text}]"));
    }

    /// `head {`, and what follows indented.
    pub fn open(&mut self, head: &str) {
        super::push_spaces(&mut self.out, self.indent);
        self.out.push_str(head);
        self.out.push_str(" {\n");
        self.indent += TAB;
    }

    /// `}` (with `tail` after it), closing what `open` opened; a blank line before it is dropped,
    /// and a block with nothing in it closes on its opening line (`{}`).
    pub fn close_with(&mut self, tail: &str) {
        while self.out.ends_with("\n\n") {
            self.out.pop();
        }
        self.indent -= TAB;
        if self.out.ends_with(" {\n") {
            self.out.pop();
            self.out.push_str(&format!("}}{tail}\n"));
        } else {
            self.line(&format!("}}{tail}"));
        }
    }

    pub fn close(&mut self) {
        self.close_with("");
    }

    /// A function's signature and `{` (on a line of its own when the signature's last line leaves
    /// no room for it, as rustfmt counts that room).
    pub fn open_fn(&mut self, sig: &FnSig) {
        if sig.inlined() {
            self.line("#[inline]");
        }
        let text = sig.layout(self.indent);
        if last_line_width(&text) + 2 > MAX_WIDTH.saturating_sub(self.indent) {
            self.line(&text);
            self.line("{");
            self.indent += TAB;
        } else {
            self.open(&text);
        }
    }

    /// `lhs: Ty,` as a struct field (`lhs` being `pub name` or `name`).
    pub fn field(&mut self, lhs: &str, ty: &Ty) {
        let cx = Cx::default();
        let shape = Shape::indented(self.indent).sub_width(1);
        let prefix = format!("{lhs}:");
        let one_line = shape
            .and_then(|s| s.offset_left(prefix.len() + 1))
            .and_then(|s| ty.layout(&cx, s))
            .filter(|t| !t.contains('\n'));
        let text = match one_line {
            Some(ty) => format!("{prefix} {ty}"),
            None => shape
                .and_then(|s| assign(&cx, &prefix, ty, s))
                .unwrap_or_else(|| format!("{prefix} {}", ty.flat())),
        };
        self.line(&format!("{text},"));
    }

    /// `lhs = init else { body };` (`lhs` being `let pattern`): `else {` on the line the
    /// initializer ends on when it has room there and the initializer is one line, else on a line
    /// of its own.
    pub fn let_else(&mut self, lhs: &str, init: &Expr, body: &[Stmt]) {
        let shape = Shape::indented(self.indent)
            .sub_width(1)
            .unwrap_or(Shape::indented(self.indent));
        let lhs = format!("{lhs} =");
        let head = assign(&Cx::default(), &lhs, init, shape)
            .or_else(|| assign(&Cx::lenient(), &lhs, init, shape))
            .unwrap_or_else(|| format!("{lhs} {}", init.flat()));
        if !head.contains('\n') && shape.width.saturating_sub(head.len()) >= 7 {
            self.open(&format!("{head} else"));
        } else {
            self.line(&head);
            self.open("else");
        }
        for stmt in body {
            self.stmt(stmt);
        }
        self.close_with(";");
    }

    /// `lhs = value;` as an item (`pub const NAME: Ty`).
    pub fn item_assign(&mut self, lhs: &str, value: Expr) {
        self.stmt(&Stmt::Let(lhs.to_owned(), value));
    }

    /// A statement.
    pub fn stmt(&mut self, stmt: &Stmt) {
        if stmt.write_if_flat(&mut self.out, self.indent) {
            return;
        }
        let cx = Cx::default();
        let text = stmt.layout_in(&cx, self.indent);
        self.line(&text);
    }

    /// An expression ending a block.
    pub fn tail(&mut self, expr: Expr) {
        self.stmt(&Stmt::Tail(expr));
    }

    /// An expression statement: `expr;`.
    pub fn semi(&mut self, expr: Expr) {
        self.stmt(&Stmt::Semi(expr));
    }

    /// `lhs = value;` (`lhs` being `let x`, `let mut x` or a place).
    pub fn assign(&mut self, lhs: &str, value: Expr) {
        self.stmt(&Stmt::Let(lhs.to_owned(), value));
    }
}
