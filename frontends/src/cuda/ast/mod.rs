//! The abstract syntax tree of CUDA C++, as the parser ([`super::parser`])
//! builds it for semantic analysis.
//!
//! - **Locations.** Every node carries a [`Loc`]: the index of a token in
//!   [`Preprocessed::tokens`](super::Preprocessed::tokens), which gives the
//!   spelling location and the macro expansion ([`Loc::error`] makes a
//!   [`Diag`] with include and macro notes; [`Loc::token`] the token).
//! - **Names** are interned [`Sym`]s ([`Ident`]); [`QualName`] is `a::b<T>::c`.
//!   The parser does not resolve names: sema looks them up. Which identifiers
//!   named types decided only how the text was parsed.
//! - **Types** ([`Type`]) are syntax: builtin types, names (typedefs, classes,
//!   template parameters), pointers, references, arrays with their size
//!   expressions, function types. Sema turns them into semantic types.
//! - **Templates** stay templates ([`TemplateDecl`]): sema instantiates them.
//! - **Depth.** The parser bounds nesting (see [`MAX_NESTING`] and
//!   [`MAX_HEIGHT`]), so recursive walkers over the tree are safe on a
//!   [`LARGE_STACK`] ([`on_large_stack`]).
//!
//! [`dump`] prints a tree in the spirit of `clang -Xclang -ast-dump`.
//!
//! Files: `types.rs` (types), `expr.rs` (expressions, initializers),
//! `stmt.rs` (statements), `decl.rs` (declarations), `dump.rs` (the dump),
//! `print.rs` (types and expressions as C++ text).

mod decl;
mod dump;
mod expr;
mod print;
mod stmt;
mod types;

pub use decl::*;
pub use dump::{DumpOptions, dump, dump_with};
pub use expr::*;
pub use print::{expr_to_string, qual_name_to_string, type_to_string};
pub use stmt::*;
pub use types::*;

use super::diag::Diag;
use super::preprocessor::Preprocessed;
use super::token::{Sym, Token};

/// Deepest nesting of expressions, statements, declarators and template
/// arguments the parser accepts (each level is one recursion of the parser).
pub const MAX_NESTING: u32 = 256;

/// Greatest height of an AST the parser builds: nesting plus the length of
/// chains that are parsed iteratively but nest in the tree (`a + b + c ...`,
/// `else if`). Walkers that recurse over the tree recurse at most this deep
/// (plus a few levels per node kind).
pub const MAX_HEIGHT: u32 = 1024;

/// Stack for code that recurses over the tree or parses it: nesting and
/// height are bounded ([`MAX_NESTING`], [`MAX_HEIGHT`]), but an unoptimized
/// build needs up to about 12 KiB per level in the parser and a few KiB per
/// level of height in walkers such as [`dump`], more than the 2 MiB of a
/// test thread. [`on_large_stack`] gives this much.
pub const LARGE_STACK: usize = 64 << 20;

/// Run `f` on a thread with [`LARGE_STACK`] bytes of stack (on the current
/// thread if no thread can be made), and return its result. The parser and
/// the dump use it; so can the walkers of the next layers.
pub fn on_large_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    let task = std::sync::Mutex::new(Some(f));
    let take = || {
        task.lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
            .expect("the task runs once")
    };
    std::thread::scope(|s| {
        let spawned = std::thread::Builder::new()
            .name("cuwasm-large-stack".into())
            .stack_size(LARGE_STACK)
            .spawn_scoped(s, || take()());
        match spawned {
            Ok(handle) => match handle.join() {
                Ok(r) => r,
                Err(panic) => std::panic::resume_unwind(panic),
            },
            Err(_) => take()(),
        }
    })
}

/// Where a node is: the index of a token of [`Preprocessed::tokens`] (for
/// most nodes the first token, for operators the operator).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug, Default)]
pub struct Loc(pub u32);

impl Loc {
    /// The token.
    pub fn token(self, pp: &Preprocessed) -> &Token {
        let i = (self.0 as usize).min(pp.tokens.len().saturating_sub(1));
        &pp.tokens[i]
    }
    /// An error at this location (with include and macro notes).
    pub fn error(self, pp: &Preprocessed, message: impl Into<String>) -> Diag {
        Diag::error_at(self.token(pp), message)
    }
    /// A warning at this location.
    pub fn warning(self, pp: &Preprocessed, message: impl Into<String>) -> Diag {
        Diag::warning_at(self.token(pp), message)
    }
}

/// An identifier and where it was written.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Ident {
    pub sym: Sym,
    pub loc: Loc,
}

/// One component of a qualified name: `b` or `b<int, 4>`.
#[derive(Clone, PartialEq, Debug)]
pub struct NameSeg {
    pub ident: Ident,
    /// Explicit template arguments (`f<float, 256>`); None without `<...>`.
    pub targs: Option<Vec<TemplateArg>>,
}

impl NameSeg {
    pub fn plain(ident: Ident) -> NameSeg {
        NameSeg { ident, targs: None }
    }
}

/// A possibly qualified name: `x`, `::x`, `ns::S<T>::f<2>`.
#[derive(Clone, PartialEq, Debug)]
pub struct QualName {
    /// Written with a leading `::` (the global namespace).
    pub global: bool,
    /// The components before the last (`ns`, `S<T>`); empty for `x`.
    pub qualifier: Vec<NameSeg>,
    /// The last component.
    pub name: NameSeg,
}

impl QualName {
    /// An unqualified name without template arguments.
    pub fn simple(ident: Ident) -> QualName {
        QualName {
            global: false,
            qualifier: Vec::new(),
            name: NameSeg::plain(ident),
        }
    }
    pub fn loc(&self) -> Loc {
        self.qualifier
            .first()
            .map_or(self.name.ident.loc, |s| s.ident.loc)
    }
    /// `x` with no qualifier and no template arguments.
    pub fn is_simple(&self) -> bool {
        !self.global && self.qualifier.is_empty() && self.name.targs.is_none()
    }
}

/// A template argument: a type or a constant expression. An identifier that
/// names a type when the argument is parsed is a type; any other
/// (template parameters of value kind, constants) is an expression.
#[derive(Clone, PartialEq, Debug)]
pub enum TemplateArg {
    Type(Type),
    Expr(Expr),
}

/// A parsed translation unit.
#[derive(Clone, Debug, Default)]
pub struct TranslationUnit {
    /// Top-level declarations, in order (those of included headers too).
    pub decls: Vec<Decl>,
    /// The parser's warnings (errors make [`parse`](super::parser::parse) fail).
    pub warnings: Vec<Diag>,
}
