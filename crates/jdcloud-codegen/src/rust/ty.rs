//! Types: paths with generic arguments, references, `impl Trait`.

use super::lists::{list, Brackets, Cx, Element};
use super::{Shape, MAX_WIDTH};

/// A type as generated code writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    /// A path without generic arguments (`String`, `crate::types::Tag`, `S::Ok`).
    Path(String),
    /// A path with generic arguments: `Option<T>`, `Result<T, E>`.
    Generic(String, Vec<Ty>),
    /// A prefix and a type: `&T`, `impl Into<T>`.
    Prefixed(&'static str, Box<Ty>),
}

impl Ty {
    pub fn path(path: impl Into<String>) -> Ty {
        Ty::Path(path.into())
    }

    pub fn generic(path: impl Into<String>, args: Vec<Ty>) -> Ty {
        Ty::Generic(path.into(), args)
    }

    /// `Option<self>`.
    pub fn option(self) -> Ty {
        Ty::generic("Option", vec![self])
    }

    /// `impl Into<self>`.
    pub fn impl_into(self) -> Ty {
        Ty::Prefixed("impl ", Box::new(Ty::generic("Into", vec![self])))
    }

    /// `&self`.
    pub fn reference(self) -> Ty {
        Ty::Prefixed("&", Box::new(self))
    }

    /// The type on one line, however long.
    pub fn flat(&self) -> String {
        let mut out = String::new();
        self.write_flat(&mut out);
        out
    }

    fn write_flat(&self, out: &mut String) {
        match self {
            Ty::Path(path) => out.push_str(path),
            Ty::Generic(path, args) => {
                out.push_str(path);
                out.push('<');
                for (index, arg) in args.iter().enumerate() {
                    if index > 0 {
                        out.push_str(", ");
                    }
                    arg.write_flat(out);
                }
                out.push('>');
            }
            Ty::Prefixed(prefix, inner) => {
                out.push_str(prefix);
                inner.write_flat(out);
            }
        }
    }

    pub(super) fn layout(&self, cx: &Cx, shape: Shape) -> Option<String> {
        match self {
            Ty::Path(path) => cx.fits(path, shape.width).then(|| path.clone()),
            Ty::Generic(path, args) => {
                let flat = self.flat();
                if flat.len() <= shape.width {
                    return Some(flat);
                }
                let items: Vec<&dyn Element> = args.iter().map(|a| a as &dyn Element).collect();
                list(cx, path, &items, shape, ANGLE)
            }
            // A bound is laid out in the room of the whole type, as if `impl ` took none (as
            // rustfmt lays it out).
            Ty::Prefixed("impl ", inner) => Some(format!("impl {}", inner.layout(cx, shape)?)),
            Ty::Prefixed(prefix, inner) => {
                let rest = inner.layout(cx, shape.offset_left(prefix.len())?)?;
                Some(format!("{prefix}{rest}"))
            }
        }
    }
}

/// Generic arguments: `<...>`, one line as long as the line allows.
pub(super) const ANGLE: Brackets = Brackets {
    open: "<",
    close: ">",
    max_width: MAX_WIDTH,
    trailing_comma: true,
};

impl Element for Ty {
    fn rewrite(&self, cx: &Cx, shape: Shape) -> Option<String> {
        self.layout(cx, shape)
    }
}
