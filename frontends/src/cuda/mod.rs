//! # The CUDA C++ frontend
//!
//! Layers, in the order data flows:
//!
//! 1. **Sources** ([`source`]): a [`SourceMap`] holds every file read (one
//!    [`FileId`] per inclusion, with the `#include` that read it), the interned
//!    spellings of tokens ([`Sym`], [`source::Spellings`]) and the table of macro
//!    expansions ([`ExpansionInfo`]). A [`SrcLoc`] is a file and a byte offset;
//!    [`SourceMap::line_col`] gives 1-based line and column (bytes).
//! 2. **Lexer** ([`lexer`]): C/C++ preprocessing tokens ([`Token`],
//!    [`TokenKind`]) from one file's text. Keywords are identifiers.
//! 3. **Preprocessor** ([`preprocessor`]): directives, macro expansion,
//!    includes (with the headers cuwasm ships), `#if` expressions.
//!    [`preprocess`] turns a main file into the tokens the parser reads.
//! 4. **Parser** ([`parser`]): [`parser::parse`] turns the tokens into an
//!    [`ast::TranslationUnit`] (declarations, statements, expressions, types
//!    as written, templates kept for sema); [`ast::dump`] prints it.
//! 5. **Semantic analysis** ([`sema`]): C types and conversions, scopes,
//!    operator typing, constant expressions.
//! 6. **Lowering** ([`lower`]): [`lower::compile_device`] / [`lower::lower_device`]
//!    turn device code into a `gpu.module` of `gpu.func` kernels and
//!    `func.func` device functions (cuda + arith + math + scf + cf + ptr).
//!
//! [`literal`] decodes literal tokens; [`diag`] holds the frontend's
//! diagnostics ([`Diag`]), which gain "in file included from here" and
//! "in expansion of macro 'X'" notes and convert into [`cuwasm::Diagnostic`].
//!
//! ```no_run
//! use cuwasm_frontends::cuda::{preprocess, PreprocessOptions, Source, TokenKind};
//! let opts = PreprocessOptions { device: true, ..Default::default() };
//! match preprocess(Source::Path("k.cu".as_ref()), &opts) {
//!     Ok(pp) => {
//!         eprint!("{}", pp.render_warnings());
//!         for tok in pp.tokens.iter().take_while(|t| t.kind != TokenKind::Eof) {
//!             println!("{:?} {}", tok.kind, pp.spelling(tok));
//!         }
//!     }
//!     Err(failed) => eprint!("{}", failed.render()),
//! }
//! ```
//!
//! ## For the parser
//!
//! - [`Preprocessed::tokens`] ends with [`TokenKind::Eof`]. A token's text is
//!   `pp.sources.spelling(tok.sym)`; to test for keywords cheaply, intern them
//!   once (`pp.sources.spellings.intern("int")`) and compare [`Sym`]s.
//! - Literals keep their spelling: [`literal::parse_int`], [`literal::parse_float`],
//!   [`literal::parse_char`], [`literal::parse_string`] and
//!   [`literal::concat_strings`] (adjacent strings) decode them.
//!   [`TokenKind::BadNumber`] is a pp-number that is neither an integer nor a
//!   float (report it where it is used).
//! - `>>`, `>>>`, `>=` and `>>=` closing a template argument list:
//!   [`Token::split_greater`]. `<<<`/`>>>` are CUDA's launch brackets.
//! - `#pragma unroll` arrives as [`TokenKind::PragmaUnroll`]`(None | Some(n))`
//!   before the loop, or as [`TokenKind::PragmaUnrollExpr`], the count's tokens
//!   and [`TokenKind::PragmaEnd`] when the count is not a preprocessor constant
//!   (a template parameter).
//! - Errors: [`Diag::error_at`]`(&tok, msg)` locates a message at a token with
//!   its include and macro notes; [`diag::render_all`]`(&diags, &pp.sources)`
//!   renders clang-style text; [`Diag::to_diagnostic`] converts for a cuwasm
//!   [`Context`](cuwasm::Context) that knows the texts
//!   ([`SourceMap::register_sources`]).
//! - IR locations: [`SourceMap::token_location`] (the macro use for tokens a
//!   macro produced, as `#line` presents it).
//! - Host and device: CUDA compiles a file twice. Preprocess with
//!   `device: false` and `device: true` ([`PreprocessOptions::for_side`]); only
//!   the device side defines `__CUDA_ARCH__`.

pub mod ast;
pub mod diag;
pub mod lexer;
pub mod literal;
pub mod lower;
pub mod parser;
pub mod preprocessor;
pub mod sema;
pub mod source;
pub mod token;

pub use diag::Diag;
pub use parser::parse;
pub use preprocessor::{
    PreprocessFailed, PreprocessOptions, Preprocessed, Source, builtin_header,
    builtin_header_names, preprocess, tokens_to_text,
};
pub use source::{FileId, FileKind, SourceMap, SrcLoc};
pub use token::{ExpansionId, ExpansionInfo, Sym, Token, TokenFlags, TokenKind};
