//! The preprocessor (work in progress: this first version only lexes the main
//! text; directives and macros follow).

use super::diag::Diag;
use super::lexer::lex_all;
use super::source::{FileId, FileKind, SourceMap};
use super::token::Token;
use std::path::{Path, PathBuf};

/// What to preprocess.
#[derive(Clone, Copy, Debug)]
pub enum Source<'a> {
    /// A file on disk; its name in diagnostics is the path as given.
    Path(&'a Path),
    /// A text with the name diagnostics show (relative includes resolve
    /// against the name's folder).
    Text { name: &'a str, text: &'a str },
}

/// Options of [`preprocess`].
#[derive(Clone, Debug)]
pub struct PreprocessOptions {
    /// `-I` folders, searched in order.
    pub include_dirs: Vec<PathBuf>,
    /// `-D` options: `NAME` (defined as 1) or `NAME=VALUE`, applied in order.
    pub defines: Vec<String>,
    /// `-U` options, applied after the defines.
    pub undefs: Vec<String>,
    /// Device-side compilation (defines `__CUDA_ARCH__`); host side otherwise.
    pub device: bool,
    /// The value of `__CUDA_ARCH__` on the device side (default 800, sm_80).
    pub cuda_arch: u32,
    /// Deepest `#include` nesting (default 200).
    pub max_include_depth: usize,
    /// Stop after this many errors (default 50).
    pub error_limit: usize,
}

impl Default for PreprocessOptions {
    fn default() -> Self {
        PreprocessOptions {
            include_dirs: Vec::new(),
            defines: Vec::new(),
            undefs: Vec::new(),
            device: false,
            cuda_arch: 800,
            max_include_depth: 200,
            error_limit: 50,
        }
    }
}

/// A preprocessed translation unit.
#[derive(Clone, Debug)]
pub struct Preprocessed {
    /// The tokens, ending with [`TokenKind::Eof`](super::token::TokenKind::Eof).
    pub tokens: Vec<Token>,
    /// Files, spellings and expansions the tokens refer to.
    pub sources: SourceMap,
    /// The main file.
    pub main_file: FileId,
    /// Warnings (no errors: those make [`preprocess`] fail).
    pub warnings: Vec<Diag>,
}

impl Preprocessed {
    pub fn spelling(&self, tok: &Token) -> &str {
        self.sources.spelling(tok.sym)
    }
}

/// Preprocessing failed: the diagnostics (errors and warnings, in order) and
/// the sources to render them with.
#[derive(Clone, Debug)]
pub struct PreprocessFailed {
    pub diagnostics: Vec<Diag>,
    pub sources: SourceMap,
}

impl PreprocessFailed {
    /// Render every diagnostic (clang style, with notes).
    pub fn render(&self) -> String {
        super::diag::render_all(&self.diagnostics, &self.sources)
    }
}

/// Preprocess a main file into tokens.
#[allow(clippy::result_large_err)]
pub fn preprocess(
    main: Source<'_>,
    _opts: &PreprocessOptions,
) -> Result<Preprocessed, PreprocessFailed> {
    let mut sources = SourceMap::new();
    let (name, text): (String, String) = match main {
        Source::Path(p) => (
            p.display().to_string(),
            std::fs::read_to_string(p).unwrap_or_default(),
        ),
        Source::Text { name, text } => (name.to_string(), text.to_string()),
    };
    let file = sources.add_file(name, None, text.clone().into(), FileKind::Main, None);
    let (tokens, _) = lex_all(&text, file, &mut sources.spellings);
    Ok(Preprocessed {
        tokens,
        sources,
        main_file: file,
        warnings: Vec::new(),
    })
}
