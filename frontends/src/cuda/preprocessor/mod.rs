//! The preprocessor: directives, macro expansion and includes.
//!
//! [`preprocess`] reads a main file (or text) and returns its tokens after
//! translation phase 4, ending with [`TokenKind::Eof`]. Predefined macros come
//! from a virtual file `<built-in>` and `-D`/`-U` from `<command line>`, read
//! before the main file like any source, so their definitions have locations.
//!
//! The machinery is a stack of token sources (`Ctx`): files (a lexer and the
//! file's open conditionals), macro expansions (tokens to rescan, and the macro
//! they disable while on the stack: an identifier read while its macro is
//! disabled is "painted blue" and never expands) and barriers that end an
//! isolated expansion (macro arguments, `#if`/`#include`/`#line` lines).
//! Directives are handled as a file's lexer meets them.
//!
//! Files: `directives.rs` (each directive, conditionals, pragmas),
//! `macros.rs` (definitions, invocation, substitution, `#`, `##`),
//! `expr.rs` (`#if` expressions), `include.rs` (search, `#pragma once`, depth),
//! `builtin_headers/` (the headers cuwasm ships).

mod builtin_headers;
mod directives;
mod expr;
mod include;
mod macros;

pub use builtin_headers::{builtin_header, builtin_header_names};

use super::diag::{Diag, render_all};
use super::lexer::Lexer;
use super::source::{FileId, FileKind, SourceMap, Spellings, SrcLoc};
use super::token::{Sym, Token, TokenFlags, TokenKind};
use cuwasm::Severity;
use macros::Macro;
use rustc_hash::FxHashSet;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

/// What to preprocess.
#[derive(Clone, Copy, Debug)]
pub enum Source<'a> {
    /// A file on disk; its name in diagnostics is the path as given.
    Path(&'a Path),
    /// A text and the name diagnostics show; quoted includes are searched in
    /// the name's folder first.
    Text { name: &'a str, text: &'a str },
}

/// Options of [`preprocess`].
#[derive(Clone, Debug)]
pub struct PreprocessOptions {
    /// `-I` folders, searched in order.
    pub include_dirs: Vec<PathBuf>,
    /// `-D` options: `NAME` (defined as 1), `NAME=VALUE` or `NAME(args)=BODY`,
    /// applied in order.
    pub defines: Vec<String>,
    /// `-U` options, applied after the defines.
    pub undefs: Vec<String>,
    /// Device-side compilation (defines `__CUDA_ARCH__`); host side otherwise.
    pub device: bool,
    /// The value of `__CUDA_ARCH__` on the device side (default 800, sm_80).
    pub cuda_arch: u32,
    /// Deepest `#include` nesting (default 200).
    pub max_include_depth: usize,
    /// Stop after this many errors (default 50; 0: no limit).
    pub error_limit: usize,
    /// Include `cuda_runtime.h` before the main file, as nvcc does (default true).
    pub implicit_cuda_runtime: bool,
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
            implicit_cuda_runtime: true,
        }
    }
}

impl PreprocessOptions {
    /// Default options for one side of the compilation.
    pub fn for_side(device: bool) -> PreprocessOptions {
        PreprocessOptions {
            device,
            ..Default::default()
        }
    }
}

/// A preprocessed translation unit.
#[derive(Clone, Debug)]
pub struct Preprocessed {
    /// The tokens, ending with [`TokenKind::Eof`].
    pub tokens: Vec<Token>,
    /// Files, spellings and macro expansions the tokens refer to.
    pub sources: SourceMap,
    /// The main file.
    pub main_file: FileId,
    /// Warnings (errors make [`preprocess`] fail).
    pub warnings: Vec<Diag>,
}

impl Preprocessed {
    pub fn spelling(&self, tok: &Token) -> &str {
        self.sources.spelling(tok.sym)
    }

    /// Render the warnings (clang style, with notes).
    pub fn render_warnings(&self) -> String {
        render_all(&self.warnings, &self.sources)
    }

    /// The tokens as text, like `cpp -P`: a line break before a token that
    /// starts a line in its file, a space before one with leading space (and
    /// wherever two tokens would otherwise lex as one).
    pub fn to_text(&self) -> String {
        tokens_to_text(&self.tokens, &self.sources)
    }
}

/// Tokens as text (see [`Preprocessed::to_text`]).
pub fn tokens_to_text(tokens: &[Token], sources: &SourceMap) -> String {
    let mut out = String::new();
    let mut prev: Option<&Token> = None;
    let mut scratch = Spellings::default();
    for tok in tokens {
        let text = match tok.kind {
            TokenKind::Eof => break,
            TokenKind::PragmaUnroll(None) => "#pragma unroll\n".to_string(),
            TokenKind::PragmaUnroll(Some(n)) => format!("#pragma unroll {n}\n"),
            TokenKind::PragmaUnrollExpr => "#pragma unroll ".to_string(),
            TokenKind::PragmaEnd => "\n".to_string(),
            _ => sources.spelling(tok.sym).to_string(),
        };
        if let Some(p) = prev {
            if tok.at_start_of_line() {
                if !out.ends_with('\n') {
                    out.push('\n');
                }
            } else if tok.has_leading_space() || needs_space(p, tok, sources, &mut scratch) {
                out.push(' ');
            }
        }
        if matches!(
            tok.kind,
            TokenKind::PragmaUnroll(_) | TokenKind::PragmaUnrollExpr
        ) && !out.is_empty()
            && !out.ends_with('\n')
        {
            out.push('\n');
        }
        out.push_str(&text);
        prev = Some(tok);
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// Would `a` and `b` written side by side lex differently?
fn needs_space(a: &Token, b: &Token, sources: &SourceMap, scratch: &mut Spellings) -> bool {
    let (sa, sb) = (sources.spelling(a.sym), sources.spelling(b.sym));
    if sa.is_empty() || sb.is_empty() {
        return false;
    }
    let mut lx = Lexer::new(format!("{sa}{sb}").into(), FileId(0));
    let first = lx.next(scratch);
    first.kind == TokenKind::Eof || lx.offset() as usize != sa.len()
}

/// Preprocessing failed: the diagnostics (errors and warnings, in order) and
/// the sources to render them with.
#[derive(Clone, Debug)]
pub struct PreprocessFailed {
    pub diagnostics: Vec<Diag>,
    pub sources: Box<SourceMap>,
}

impl PreprocessFailed {
    /// Render every diagnostic (clang style, with notes).
    pub fn render(&self) -> String {
        render_all(&self.diagnostics, &self.sources)
    }
    /// The errors only.
    pub fn errors(&self) -> impl Iterator<Item = &Diag> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }
}

/// Preprocess a main file into tokens.
pub fn preprocess(
    main: Source<'_>,
    opts: &PreprocessOptions,
) -> Result<Preprocessed, PreprocessFailed> {
    let mut pp = Preprocessor::new(opts);
    let main_file = pp.start(main);
    if let Some(main_file) = main_file {
        pp.run();
        if pp.num_errors == 0 {
            return Ok(Preprocessed {
                tokens: pp.out,
                sources: pp.sm,
                main_file,
                warnings: pp.diags,
            });
        }
    }
    Err(PreprocessFailed {
        diagnostics: pp.diags,
        sources: Box::new(pp.sm),
    })
}

/// A `#if` group's state.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum CondState {
    /// Tokens are read.
    Active,
    /// Skipping; a later `#elif`/`#else` may be taken.
    Pending,
    /// Skipping; a branch was taken already (or the whole `#if` is skipped).
    Done,
}

#[derive(Clone, Copy, Debug)]
struct Cond {
    /// The `#if`'s `#`.
    loc: SrcLoc,
    state: CondState,
    seen_else: bool,
}

/// A file being read.
struct FileCtx {
    lexer: Lexer,
    file: FileId,
    conds: Vec<Cond>,
    /// Key for `#pragma once`.
    once_key: Arc<str>,
}

impl FileCtx {
    fn skipping(&self) -> bool {
        self.conds
            .last()
            .is_some_and(|c| c.state != CondState::Active)
    }
}

/// A source of tokens on the preprocessor's stack.
enum Ctx {
    File(Box<FileCtx>),
    /// Tokens of a macro expansion (or pushed back); `disables` is the macro
    /// that may not expand while these are read.
    Tokens {
        toks: Vec<Token>,
        pos: usize,
        disables: Option<Sym>,
    },
    /// End of an isolated expansion: reads as `Eof` and stays.
    Barrier,
}

/// Symbols the preprocessor looks for.
struct Names {
    defined: Sym,
    va_args: Sym,
    va_opt: Sym,
    pragma_op: Sym,
    true_: Sym,
    false_: Sym,
}

struct Preprocessor<'o> {
    opts: &'o PreprocessOptions,
    sm: SourceMap,
    /// Macro definitions, indexed by the name's symbol.
    macros: Vec<Option<Rc<Macro>>>,
    /// Macros whose expansion is on the stack, indexed by symbol.
    disabled: Vec<bool>,
    stack: Vec<Ctx>,
    /// Number of files on the stack.
    file_depth: usize,
    out: Vec<Token>,
    diags: Vec<Diag>,
    num_errors: usize,
    /// Too many errors: read nothing more.
    stopped: bool,
    /// An include went too deep: no more includes.
    includes_disabled: bool,
    /// `#pragma once` files.
    once: FxHashSet<Arc<str>>,
    counter: u32,
    /// Inside the expansion of a `#if` line (`defined` and `__has_include` work).
    in_pp_expr: bool,
    /// Collecting the arguments of a macro invocation (depth).
    collecting_args: u32,
    names: Names,
    /// `#pragma push_macro` stacks.
    pushed_macros: rustc_hash::FxHashMap<Sym, Vec<Option<Rc<Macro>>>>,
    /// The main file's name (`__BASE_FILE__`).
    base_file: Arc<str>,
    /// Substituting the operand of a `__VA_OPT__`.
    in_va_opt: bool,
    /// Nesting of isolated expansions (macro arguments within arguments).
    isolated_depth: usize,
    /// Tokens produced by macro expansions so far.
    expanded_tokens: usize,
}

/// Deepest nesting of macro invocations inside macro arguments.
const MAX_ISOLATED_DEPTH: usize = 200;
/// Most tokens macro expansions may produce in one translation unit.
const MAX_EXPANDED_TOKENS: usize = 16_000_000;

impl<'o> Preprocessor<'o> {
    fn new(opts: &'o PreprocessOptions) -> Preprocessor<'o> {
        let mut sm = SourceMap::new();
        let mut n = |s: &str| sm.spellings.intern(s);
        let names = Names {
            defined: n("defined"),
            va_args: n("__VA_ARGS__"),
            va_opt: n("__VA_OPT__"),
            pragma_op: n("_Pragma"),
            true_: n("true"),
            false_: n("false"),
        };
        Preprocessor {
            opts,
            sm,
            macros: Vec::new(),
            disabled: Vec::new(),
            stack: Vec::new(),
            file_depth: 0,
            out: Vec::new(),
            diags: Vec::new(),
            num_errors: 0,
            stopped: false,
            includes_disabled: false,
            once: FxHashSet::default(),
            counter: 0,
            in_pp_expr: false,
            collecting_args: 0,
            names,
            pushed_macros: Default::default(),
            base_file: "".into(),
            in_va_opt: false,
            isolated_depth: 0,
            expanded_tokens: 0,
        }
    }

    // ----- diagnostics -----

    fn report(&mut self, diag: Diag) {
        if self.stopped {
            return;
        }
        if diag.is_error() {
            self.num_errors += 1;
        }
        let loc = diag.loc;
        self.diags.push(diag);
        if self.opts.error_limit > 0 && self.num_errors >= self.opts.error_limit {
            self.diags
                .push(Diag::error(loc, "too many errors emitted, stopping now"));
            self.num_errors += 1;
            self.stopped = true;
        }
    }
    fn error(&mut self, loc: SrcLoc, message: impl Into<String>) {
        self.report(Diag::error(loc, message));
    }
    fn error_at(&mut self, tok: &Token, message: impl Into<String>) {
        self.report(Diag::error_at(tok, message));
    }
    fn warning_at(&mut self, tok: &Token, message: impl Into<String>) {
        self.report(Diag::warning_at(tok, message));
    }

    /// Move the lexer's errors of the top file into the diagnostics.
    fn drain_lex_errors(&mut self) {
        let Some(Ctx::File(f)) = self.stack.last_mut() else {
            return;
        };
        if f.lexer.errors.is_empty() {
            return;
        }
        let file = f.file;
        let errors = std::mem::take(&mut f.lexer.errors);
        for e in errors {
            self.report(Diag::new(
                Severity::Error,
                SrcLoc {
                    file,
                    offset: e.offset,
                },
                e.message,
            ));
        }
    }

    // ----- setup -----

    /// Register the main file and the predefines; None if the main file cannot be read.
    fn start(&mut self, main: Source<'_>) -> Option<FileId> {
        let (name, path, text) = match main {
            Source::Path(p) => {
                let name = p.display().to_string();
                match std::fs::read(p) {
                    Ok(bytes) => (name, Some(p.to_path_buf()), bytes),
                    Err(e) => {
                        let f = self.sm.add_file(
                            "<command line>",
                            None,
                            "".into(),
                            FileKind::Virtual,
                            None,
                        );
                        self.error(
                            SrcLoc { file: f, offset: 0 },
                            format!("cannot read '{name}': {e}"),
                        );
                        return None;
                    }
                }
            }
            Source::Text { name, text } => (
                name.to_string(),
                Some(PathBuf::from(name)),
                text.as_bytes().to_vec(),
            ),
        };
        self.base_file = name.as_str().into();
        self.define_builtins();
        let main_id = self.push_file_bytes(&name, path, text, FileKind::Main, None)?;
        let cmdline = self.command_line_text();
        self.push_virtual("<command line>", cmdline);
        let predefines = self.predefines_text();
        self.push_virtual("<built-in>", predefines);
        Some(main_id)
    }

    fn push_virtual(&mut self, name: &str, text: String) {
        let text: Arc<str> = text.into();
        let file = self
            .sm
            .add_file(name, None, text.clone(), FileKind::Virtual, None);
        self.push_file_ctx(file, text, name.into());
    }

    fn push_file_ctx(&mut self, file: FileId, text: Arc<str>, once_key: Arc<str>) {
        self.stack.push(Ctx::File(Box::new(FileCtx {
            lexer: Lexer::new(text, file),
            file,
            conds: Vec::new(),
            once_key,
        })));
        self.file_depth += 1;
    }

    /// Add a file read as bytes (checked for UTF-8 and size) and push it.
    fn push_file_bytes(
        &mut self,
        name: &str,
        path: Option<PathBuf>,
        bytes: Vec<u8>,
        kind: FileKind,
        included_from: Option<SrcLoc>,
    ) -> Option<FileId> {
        if bytes.len() >= u32::MAX as usize {
            let file = self.sm.add_file(name, path, "".into(), kind, included_from);
            self.error(SrcLoc { file, offset: 0 }, "file too large (4 GiB or more)");
            return None;
        }
        let (text, bad) = match String::from_utf8(bytes) {
            Ok(s) => (s, None),
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                (String::from_utf8_lossy(e.as_bytes()).into_owned(), Some(at))
            }
        };
        let text: Arc<str> = text.into();
        let key: Arc<str> = path
            .as_ref()
            .and_then(|p| std::fs::canonicalize(p).ok())
            .map_or_else(|| name.into(), |p| p.display().to_string().into());
        let file = self
            .sm
            .add_file(name, path, text.clone(), kind, included_from);
        if let Some(at) = bad {
            self.error(
                SrcLoc {
                    file,
                    offset: at as u32,
                },
                "invalid UTF-8 in source file",
            );
            return None;
        }
        self.push_file_ctx(file, text, key);
        Some(file)
    }

    fn predefines_text(&self) -> String {
        let mut s = String::new();
        let mut def = |name: &str, value: &str| {
            s.push_str("#define ");
            s.push_str(name);
            s.push(' ');
            s.push_str(value);
            s.push('\n');
        };
        for (name, value) in [
            ("__cplusplus", "201703L"),
            ("__STDC__", "1"),
            ("__STDC_HOSTED__", "1"),
            ("__CUDACC__", "1"),
            ("__NVCC__", "1"),
            ("__CUDACC_VER_MAJOR__", "12"),
            ("__CUDACC_VER_MINOR__", "8"),
            ("__CUDACC_VER_BUILD__", "0"),
            ("__CUWASM__", "1"),
            ("__linux__", "1"),
            ("__unix__", "1"),
            ("__x86_64__", "1"),
            ("__LP64__", "1"),
            ("__CHAR_BIT__", "8"),
            ("__SIZEOF_SHORT__", "2"),
            ("__SIZEOF_INT__", "4"),
            ("__SIZEOF_LONG__", "8"),
            ("__SIZEOF_LONG_LONG__", "8"),
            ("__SIZEOF_POINTER__", "8"),
            ("__SIZEOF_SIZE_T__", "8"),
            ("__SIZEOF_FLOAT__", "4"),
            ("__SIZEOF_DOUBLE__", "8"),
            ("__ORDER_LITTLE_ENDIAN__", "1234"),
            ("__ORDER_BIG_ENDIAN__", "4321"),
            ("__BYTE_ORDER__", "__ORDER_LITTLE_ENDIAN__"),
        ] {
            def(name, value);
        }
        if self.opts.device {
            def("__CUDA_ARCH__", &self.opts.cuda_arch.to_string());
        }
        s
    }

    fn command_line_text(&self) -> String {
        let mut s = String::new();
        for d in &self.opts.defines {
            let d = d.replace(['\n', '\r'], " ");
            match d.split_once('=') {
                Some((name, value)) => s.push_str(&format!("#define {name} {value}\n")),
                None => s.push_str(&format!("#define {d} 1\n")),
            }
        }
        for u in &self.opts.undefs {
            s.push_str(&format!("#undef {}\n", u.replace(['\n', '\r'], " ")));
        }
        if self.opts.implicit_cuda_runtime {
            s.push_str("#include <cuda_runtime.h>\n");
        }
        s
    }

    // ----- macro table -----

    fn macro_def(&self, sym: Sym) -> Option<&Rc<Macro>> {
        self.macros.get(sym.0 as usize).and_then(|m| m.as_ref())
    }
    fn set_macro(&mut self, sym: Sym, def: Option<Rc<Macro>>) {
        let i = sym.0 as usize;
        if self.macros.len() <= i {
            self.macros.resize(i + 1, None);
        }
        self.macros[i] = def;
    }
    fn is_disabled(&self, sym: Sym) -> bool {
        self.disabled.get(sym.0 as usize).copied().unwrap_or(false)
    }
    fn set_disabled(&mut self, sym: Sym, on: bool) {
        let i = sym.0 as usize;
        if self.disabled.len() <= i {
            self.disabled.resize(i + 1, false);
        }
        self.disabled[i] = on;
    }

    // ----- token sources -----

    /// Push tokens to be read next (a macro's expansion, or tokens put back).
    fn push_tokens(&mut self, toks: Vec<Token>, disables: Option<Sym>) {
        if let Some(m) = disables {
            self.set_disabled(m, true);
        }
        self.stack.push(Ctx::Tokens {
            toks,
            pos: 0,
            disables,
        });
    }

    fn pop_ctx(&mut self) {
        match self.stack.pop() {
            Some(Ctx::Tokens {
                disables: Some(m), ..
            }) => self.set_disabled(m, false),
            Some(Ctx::File(f)) => {
                self.file_depth -= 1;
                for c in f.conds.iter().rev() {
                    self.error(c.loc, "unterminated conditional directive");
                }
            }
            _ => {}
        }
    }

    /// An `Eof` token at the end of the current top file (or nowhere).
    fn eof_token(&self) -> Token {
        let loc = self
            .stack
            .iter()
            .rev()
            .find_map(|c| match c {
                Ctx::File(f) => Some(SrcLoc {
                    file: f.file,
                    offset: f.lexer.offset(),
                }),
                _ => None,
            })
            .unwrap_or(SrcLoc {
                file: FileId(0),
                offset: 0,
            });
        Token {
            kind: TokenKind::Eof,
            sym: Sym::EMPTY,
            loc,
            flags: TokenFlags::AT_START_OF_LINE,
            expansion: None,
        }
    }

    /// The next token before macro expansion: from the top of the stack,
    /// handling directives and skipped groups of files. `Eof` at a barrier or
    /// at the end of the main file.
    fn next_raw(&mut self) -> Token {
        loop {
            if self.stopped {
                return self.eof_token();
            }
            let top = self.stack.len();
            match self.stack.last_mut() {
                None => return self.eof_token(),
                Some(Ctx::Barrier) => return self.eof_token(),
                Some(Ctx::Tokens { toks, pos, .. }) => {
                    if *pos < toks.len() {
                        *pos += 1;
                        return toks[*pos - 1];
                    }
                    self.pop_ctx();
                }
                Some(Ctx::File(f)) => {
                    let skipping = f.skipping();
                    f.lexer.set_quiet(skipping);
                    let tok = f.lexer.next(&mut self.sm.spellings);
                    if !f.lexer.errors.is_empty() {
                        self.drain_lex_errors();
                    }
                    if tok.kind == TokenKind::Hash && tok.at_start_of_line() {
                        self.directive(tok);
                        continue;
                    }
                    if tok.kind == TokenKind::Eof {
                        // The main file is the lowest file on the stack.
                        if top == 1 {
                            if let Some(Ctx::File(f)) = self.stack.last_mut() {
                                let open: Vec<Cond> = std::mem::take(&mut f.conds);
                                for c in open.iter().rev() {
                                    self.error(c.loc, "unterminated conditional directive");
                                }
                            }
                            return tok;
                        }
                        self.pop_ctx();
                        continue;
                    }
                    if skipping {
                        continue;
                    }
                    return tok;
                }
            }
        }
    }

    /// The next token after macro expansion.
    fn next_expanded(&mut self) -> Token {
        loop {
            let mut tok = self.next_raw();
            if tok.kind != TokenKind::Identifier || tok.flags.contains(TokenFlags::NO_EXPAND) {
                return tok;
            }
            if self.in_pp_expr && self.pp_expr_operator(&mut tok) {
                return tok;
            }
            let Some(def) = self.macro_def(tok.sym).cloned() else {
                if tok.sym == self.names.pragma_op {
                    self.pragma_operator(tok);
                    continue;
                }
                return tok;
            };
            if self.is_disabled(tok.sym) {
                tok.flags.insert(TokenFlags::NO_EXPAND);
                return tok;
            }
            if self.expand_macro(tok, &def) {
                continue;
            }
            return tok;
        }
    }

    /// Expand `toks` on their own (up to their end, never beyond).
    fn expand_isolated(&mut self, toks: Vec<Token>) -> Vec<Token> {
        if toks.is_empty() {
            return toks;
        }
        if self.isolated_depth >= MAX_ISOLATED_DEPTH {
            if !self.stopped {
                let first = toks[0];
                self.error_at(
                    &first,
                    format!(
                        "macro invocations nested too deeply in macro arguments (more than {MAX_ISOLATED_DEPTH} levels)"
                    ),
                );
                self.stopped = true;
            }
            return toks;
        }
        self.isolated_depth += 1;
        let out = self.expand_isolated_inner(toks);
        self.isolated_depth -= 1;
        out
    }

    fn expand_isolated_inner(&mut self, toks: Vec<Token>) -> Vec<Token> {
        self.stack.push(Ctx::Barrier);
        let depth = self.stack.len();
        self.push_tokens(toks, None);
        let mut out = Vec::new();
        loop {
            let t = self.next_expanded();
            if t.kind == TokenKind::Eof && self.stack.len() <= depth {
                break;
            }
            if t.kind == TokenKind::Eof && self.stopped {
                break;
            }
            out.push(t);
        }
        while let Some(ctx) = self.stack.last() {
            let barrier = matches!(ctx, Ctx::Barrier);
            self.pop_ctx();
            if barrier {
                break;
            }
        }
        out
    }

    fn run(&mut self) {
        loop {
            let tok = self.next_expanded();
            if tok.kind == TokenKind::Eof {
                self.out.push(tok);
                break;
            }
            self.out.push(tok);
        }
        self.stack.clear();
    }
}

#[cfg(test)]
mod tests;
