//! # The CUDA C++ frontend
//!
//! Layers, in the order data flows:
//!
//! 1. **Sources** ([`source`]): a [`SourceMap`] holds every file read (with its
//!    include chain), the interned spellings of tokens ([`Sym`]) and the table of
//!    macro expansions. A [`SrcLoc`] is a file id and a byte offset.
//! 2. **Lexer** ([`lexer`]): C/C++ preprocessing tokens ([`Token`], [`TokenKind`])
//!    from one file's text. Keywords are identifiers.
//! 3. **Preprocessor** ([`preprocessor`]): directives, macro expansion, includes
//!    (with the headers cuwasm ships), `#if` expressions. [`preprocess`] turns a
//!    main file into the token stream the parser reads, ending with
//!    [`TokenKind::Eof`].
//! 4. Parser, semantic analysis and lowering into the cuda dialect: to come.
//!
//! [`literal`] decodes literal tokens (integers, floats, characters, strings);
//! [`diag`] holds the frontend's diagnostics ([`Diag`]), which carry
//! "in file included from" and "in expansion of macro" notes and convert into
//! [`cuwasm::Diagnostic`].
//!
//! ```ignore
//! use cuwasm_frontends::cuda::{preprocess, PreprocessOptions, Source};
//! let opts = PreprocessOptions { device: true, ..Default::default() };
//! match preprocess(Source::Path("k.cu".as_ref()), &opts) {
//!     Ok(pp) => for tok in &pp.tokens { println!("{}", pp.sources.spelling(tok.sym)); }
//!     Err(failed) => eprint!("{}", failed.render()),
//! }
//! ```

pub mod diag;
pub mod lexer;
pub mod literal;
pub mod preprocessor;
pub mod source;
pub mod token;

pub use diag::Diag;
pub use preprocessor::{PreprocessFailed, PreprocessOptions, Preprocessed, Source, preprocess};
pub use source::{FileId, FileKind, SourceMap, SrcLoc};
pub use token::{ExpansionId, ExpansionInfo, Sym, Token, TokenFlags, TokenKind};
