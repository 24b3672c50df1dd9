//! The parser: preprocessed tokens in, [`ast::TranslationUnit`] out.
//!
//! [`parse`] is a hand-written recursive-descent parser for the C++ that CUDA
//! programs use (the AST is in [`super::ast`]). Files: `mod.rs` (the token
//! cursor, diagnostics, recovery), `keywords.rs`, `scope.rs` (which names are
//! types), `decl.rs` (declarations and decl-specifiers), `types.rs`
//! (declarators and type-ids), `class.rs` (structs, classes, unions, enums),
//! `templates.rs` (template parameters and arguments, names), `attrs.rs`
//! (CUDA and GNU attributes), `expr.rs`, `stmt.rs`.
//!
//! # Types or values: the heuristics
//!
//! C++ cannot be parsed without knowing which identifiers name types. The
//! parser keeps a scoped table of names (`scope.rs`): typedefs, `using`
//! aliases, classes, structs, unions, enums and template type parameters are
//! types; class and alias templates are type templates; function and
//! variable templates are value templates; everything else declared
//! (variables, parameters, functions, enumerators) is a value and hides a
//! type of the same name. The builtin types are keywords (and
//! `__builtin_va_list`); CUDA's vector types, `dim3`, `size_t`, `__half` and
//! the runtime's types are declared by the shipped headers
//! (`cuda_runtime.h` is included first, as nvcc does), so the parser learns
//! them like any user type. Then, as clang decides in the common cases:
//!
//! - **Statements.** A statement that starts with a decl-specifier keyword,
//!   or with a (possibly qualified, possibly templated) name of a type, is a
//!   declaration (`T * p;`, `float4 v;`, `ns::S<int> s;`), except that a type
//!   name followed by `(` not followed by `*` or `&` is an expression (a
//!   functional cast, `float(x) + 1;`), and one followed by `{`, `.`, `->`,
//!   `[` or `;` is an expression too. `name :` is a label. An unknown
//!   identifier followed by an identifier is reported as an unknown type name
//!   (`Foo x;`) and parsed as a declaration. Anything else is an expression
//!   (`a * b;` multiplies when `a` is not a type).
//! - **Parentheses.** `(` followed by a type-id is a cast (`(T)x`,
//!   `(const float *)p`, `(float4){...}` as a compound literal) unless the
//!   type is followed by `(` not followed by `*`/`&` (`(float(x))` is a
//!   parenthesized functional cast), or by `{`, `.`, `->`. The same test
//!   decides `sizeof(T)` against `sizeof(x)` and each template argument.
//! - **`<` after a name** opens template arguments when the name is a
//!   template (`f<float, 256>(x)`, `S<T>::value`, `k<T, 256><<<g, b>>>(...)`),
//!   else it is less-than (`a < b > c` compares when `a` is a variable). After
//!   `.` or `->` the object's type is unknown to the parser: a member name
//!   that some class declared as a member template is tried as a template
//!   (and kept only if `(` follows the `>`); `x.template f<2>()` always is.
//!   In template arguments a `>` outside parentheses closes the list, and
//!   `>>`, `>>>`, `>=`, `>>=` are split (C++11).
//! - **Dependent names.** `T::x` with `T` a template parameter is a value
//!   unless written `typename T::x`, which is the C++ rule.
//! - **Declarators.** `T x(...)` declares a function when the parentheses
//!   are empty or start with a type (C++'s rule, "most vexing parse"),
//!   otherwise `x` is a variable initialized by the arguments
//!   (`dim3 grid(n / 256, 1);`); an undeclared name followed by a
//!   declarator (`k(Bar *p)`) starts parameters, and is reported as an
//!   unknown type. In a class, `S(` with `S` the class's name starts a
//!   constructor; `S::S(` and `S::~S(` define them out of class.
//!
//! Limits of the heuristics: a member function body cannot use a member
//! type declared later in its class (the body is parsed where it is written,
//! not after the class); a name declared in a base class template that
//! depends on a template parameter is not known. Both are rare in CUDA code.
//!
//! # Errors
//!
//! Errors are [`Diag`]s located at a token (with include and macro notes).
//! After an error the parser skips to the end of the statement or
//! declaration (`;` outside braces, a closing `}` of the enclosing block, or
//! the end of a braced body), reports at most one error per location and
//! stops after [`MAX_ERRORS`]. A missing `;` before a new line is reported
//! and assumed. Nesting is bounded ([`ast::MAX_NESTING`], [`ast::MAX_HEIGHT`]).

mod attrs;
mod class;
mod decl;
mod expr;
mod keywords;
mod scope;
mod stmt;
mod templates;
mod types;

#[cfg(test)]
mod tests;

use super::ast::{self, Loc, MAX_HEIGHT, MAX_NESTING};
use super::diag::Diag;
use super::preprocessor::Preprocessed;
use super::source::SrcLoc;
use super::token::{Sym, Token, TokenKind};
use keywords::{KeywordTable, Kw};
use rustc_hash::FxHashSet;
use scope::Scopes;

/// Errors reported before the parser gives up.
pub const MAX_ERRORS: usize = 20;

/// Nesting that the parser allows itself on the caller's stack (about
/// 0.6 MiB in an unoptimized build); deeper input is parsed again on a
/// thread with a large stack.
pub const SHALLOW_NESTING: u32 = 48;

/// Parse a preprocessed translation unit. On success the unit carries the
/// warnings; on failure the diagnostics (errors and warnings, in order).
///
/// Nesting is bounded by [`MAX_NESTING`], but an unoptimized build needs up
/// to about 12 KiB of stack per level: the parse runs on the caller's thread
/// while nesting stays under [`SHALLOW_NESTING`] (all ordinary code), and
/// starts again on a thread with a large stack ([`ast::on_large_stack`])
/// when it goes deeper.
pub fn parse(pp: &Preprocessed) -> Result<ast::TranslationUnit, Vec<Diag>> {
    match parse_with_limit(pp, SHALLOW_NESTING) {
        Some(r) => r,
        None => ast::on_large_stack(|| parse_here(pp)),
    }
}

/// [`parse`] on the current thread, to the full [`MAX_NESTING`] (which needs
/// a large stack for deeply nested input: see [`ast::LARGE_STACK`]).
pub fn parse_here(pp: &Preprocessed) -> Result<ast::TranslationUnit, Vec<Diag>> {
    parse_with_limit(pp, MAX_NESTING).unwrap_or_else(|| Err(Vec::new()))
}

/// Parse with recursion limited to `limit`; None if the input nests deeper
/// (below [`MAX_NESTING`]: parse again with a larger limit).
fn parse_with_limit(
    pp: &Preprocessed,
    limit: u32,
) -> Option<Result<ast::TranslationUnit, Vec<Diag>>> {
    let mut p = Parser::new(pp);
    p.nest_limit = limit.min(MAX_NESTING);
    let decls = p.translation_unit();
    if p.restart {
        return None;
    }
    Some(if p.errors > 0 {
        Err(p.diags)
    } else {
        Ok(ast::TranslationUnit {
            decls,
            warnings: p.diags,
        })
    })
}

/// The tokens, with an Eof appended if they lack one (the parser's loops
/// stop at Eof).
fn tokens_ending_with_eof(tokens: &[Token]) -> std::borrow::Cow<'_, [Token]> {
    match tokens.last() {
        Some(t) if t.kind == TokenKind::Eof => std::borrow::Cow::Borrowed(tokens),
        last => {
            let mut v = tokens.to_vec();
            v.push(Token {
                kind: TokenKind::Eof,
                sym: Sym::EMPTY,
                loc: last.map_or(
                    SrcLoc {
                        file: super::FileId(0),
                        offset: 0,
                    },
                    |t| t.loc,
                ),
                flags: Default::default(),
                expansion: None,
            });
            std::borrow::Cow::Owned(v)
        }
    }
}

/// What [`Parser::mark`] saves.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Mark {
    scopes: usize,
    classes: usize,
    greater_ends: bool,
    extern_c: u32,
}

/// An error was reported; the caller recovers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Fail;

pub(crate) type PResult<T> = Result<T, Fail>;

pub(crate) struct Parser<'a> {
    pub pp: &'a Preprocessed,
    /// The tokens, ending with Eof (`pp.tokens`, or a copy with an Eof added
    /// when a caller built a stream without one).
    toks: std::borrow::Cow<'a, [Token]>,
    pos: usize,
    /// The rest of a split `>>` etc., standing for `toks[pos]`.
    pending: Option<Token>,
    kws: KeywordTable,
    pub diags: Vec<Diag>,
    pub errors: usize,
    /// Stop: too many errors.
    pub fatal: bool,
    last_error_at: Option<SrcLoc>,
    /// Recursion depth (bounded by `nest_limit`).
    nest: u32,
    /// MAX_NESTING, or less on a small stack.
    nest_limit: u32,
    /// `nest_limit` was below MAX_NESTING and the input went deeper.
    restart: bool,
    /// Extra tree height from chains parsed in loops (bounded with `nest` by MAX_HEIGHT).
    chain: u32,
    /// Tentative parsing: errors are not reported.
    tentative: u32,
    pub scopes: Scopes,
    /// In template arguments: a `>` outside brackets ends the expression.
    pub greater_ends: bool,
    /// Names of the classes being defined (innermost last), for constructors.
    pub class_names: Vec<Sym>,
    /// Names declared as member function templates in some class.
    pub member_templates: FxHashSet<Sym>,
    /// Inside `extern "C"`.
    pub extern_c: u32,
    next_anon_id: u32,
}

impl<'a> Parser<'a> {
    pub fn new(pp: &'a Preprocessed) -> Parser<'a> {
        Parser {
            pp,
            toks: tokens_ending_with_eof(&pp.tokens),
            pos: 0,
            pending: None,
            kws: KeywordTable::new(&pp.sources.spellings),
            diags: Vec::new(),
            errors: 0,
            fatal: false,
            last_error_at: None,
            nest: 0,
            nest_limit: MAX_NESTING,
            restart: false,
            chain: 0,
            tentative: 0,
            scopes: Scopes::new(),
            greater_ends: false,
            class_names: Vec::new(),
            member_templates: FxHashSet::default(),
            extern_c: 0,
            next_anon_id: 0,
        }
    }

    // ----- the token cursor -----

    /// The current token.
    pub fn tok(&self) -> &Token {
        match &self.pending {
            Some(t) => t,
            None => self.tok_at(self.pos),
        }
    }

    /// Token `i` of the stream (the final Eof past the end).
    pub fn tok_at(&self, i: usize) -> &Token {
        match self.toks.get(i) {
            Some(t) => t,
            None => &self.toks[self.toks.len() - 1],
        }
    }

    pub fn kind(&self) -> TokenKind {
        self.tok().kind
    }

    /// The kind of the token `n` after the current one.
    pub fn peek(&self, n: usize) -> TokenKind {
        self.tok_at(self.pos + n).kind
    }

    pub fn at(&self, k: TokenKind) -> bool {
        self.kind() == k
    }

    pub fn at_eof(&self) -> bool {
        self.kind() == TokenKind::Eof
    }

    /// The keyword the current token is.
    pub fn kw(&self) -> Kw {
        self.kw_of(self.tok())
    }

    pub fn kw_at(&self, i: usize) -> Kw {
        self.kw_of(self.tok_at(i))
    }

    pub fn kw_of(&self, t: &Token) -> Kw {
        if t.kind == TokenKind::Identifier {
            self.kws.get(t.sym)
        } else {
            Kw::None
        }
    }

    /// An identifier that is not a keyword.
    pub fn at_ident(&self) -> bool {
        self.at(TokenKind::Identifier) && self.kw() == Kw::None
    }

    pub fn is_ident_at(&self, i: usize) -> bool {
        let t = self.tok_at(i);
        t.kind == TokenKind::Identifier && self.kws.get(t.sym) == Kw::None
    }

    pub fn pos(&self) -> usize {
        self.pos
    }

    pub fn loc(&self) -> Loc {
        Loc(self.pos.min(self.toks.len().saturating_sub(1)) as u32)
    }

    pub fn bump(&mut self) -> Token {
        let t = *self.tok();
        self.pending = None;
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
        t
    }

    pub fn eat(&mut self, k: TokenKind) -> bool {
        if self.at(k) {
            self.bump();
            true
        } else {
            false
        }
    }

    pub fn eat_kw(&mut self, kw: Kw) -> bool {
        if self.kw() == kw {
            self.bump();
            true
        } else {
            false
        }
    }

    /// Consume the first `>` of `>`, `>>`, `>>>`, `>=`, `>>=` (closing template
    /// arguments or a cast's type).
    pub fn eat_close_angle(&mut self) -> bool {
        if self.at(TokenKind::Greater) {
            self.bump();
            return true;
        }
        if let Some((_, rest)) = self.tok().split_greater() {
            self.pending = Some(rest);
            return true;
        }
        false
    }

    pub fn ident(&mut self) -> ast::Ident {
        let loc = self.loc();
        let t = self.bump();
        ast::Ident { sym: t.sym, loc }
    }

    pub fn spelling(&self, t: &Token) -> &'a str {
        self.pp.sources.spelling(t.sym)
    }

    /// The current token's text, quoted for messages.
    pub fn describe(&self) -> String {
        let t = self.tok();
        match t.kind {
            TokenKind::Eof => "end of file".to_string(),
            TokenKind::PragmaUnroll(_) | TokenKind::PragmaUnrollExpr => {
                "'#pragma unroll'".to_string()
            }
            TokenKind::PragmaEnd => "end of '#pragma unroll'".to_string(),
            _ => format!("'{}'", self.spelling(t)),
        }
    }

    /// Save the cursor (tentative parsing).
    pub fn save(&self) -> (usize, Option<Token>) {
        (self.pos, self.pending)
    }

    pub fn restore(&mut self, s: (usize, Option<Token>)) {
        self.pos = s.0;
        self.pending = s.1;
    }

    pub fn anon_id(&mut self) -> u32 {
        self.next_anon_id += 1;
        self.next_anon_id - 1
    }

    // ----- diagnostics -----

    fn report(&mut self, d: Diag) -> Fail {
        if self.tentative > 0 || self.fatal {
            return Fail;
        }
        if !d.is_error() {
            self.diags.push(d);
            return Fail;
        }
        if self.last_error_at == Some(d.loc) {
            return Fail;
        }
        self.last_error_at = Some(d.loc);
        if self.errors >= MAX_ERRORS {
            self.diags
                .push(Diag::error(d.loc, "too many errors emitted, stopping now"));
            self.errors += 1;
            self.fatal = true;
            return Fail;
        }
        self.errors += 1;
        self.diags.push(d);
        Fail
    }

    /// Report an error at the current token.
    pub fn error(&mut self, msg: impl Into<String>) -> Fail {
        let d = Diag::error_at(self.tok(), msg);
        self.report(d)
    }

    /// Report an error at a location.
    pub fn error_at(&mut self, loc: Loc, msg: impl Into<String>) -> Fail {
        let d = Diag::error_at(self.tok_at(loc.0 as usize), msg);
        self.report(d)
    }

    pub fn error_with_note(&mut self, msg: impl Into<String>, note_at: Loc, note: &str) -> Fail {
        let nt = *self.tok_at(note_at.0 as usize);
        let mut d = Diag::error_at(self.tok(), msg);
        let note_loc = self.pp.sources.expansion_root(nt.loc, nt.expansion);
        d = d.with_note(note_loc, note);
        self.report(d)
    }

    pub fn warning_at(&mut self, loc: Loc, msg: impl Into<String>) {
        if self.tentative > 0 {
            return;
        }
        let d = Diag::warning_at(self.tok_at(loc.0 as usize), msg);
        self.diags.push(d);
    }

    /// Report "`what` is/are not supported by cuwasm" at a location.
    pub fn unsupported(&mut self, loc: Loc, what: &str) -> Fail {
        let head = what.split(" (").next().unwrap_or(what);
        let verb = if head.trim_end_matches('\'').ends_with('s') {
            "are"
        } else {
            "is"
        };
        self.error_at(loc, format!("{what} {verb} not supported by cuwasm"))
    }

    /// An error just after the previous token (where a missing `;` goes).
    pub fn error_after_prev(&mut self, msg: impl Into<String>) -> Fail {
        let d = match self.pos.checked_sub(1).map(|i| *self.tok_at(i)) {
            Some(prev) if self.pending.is_none() && prev.kind != TokenKind::Eof => {
                let len = self.spelling(&prev).len() as u32;
                Diag::error(
                    SrcLoc {
                        file: prev.loc.file,
                        offset: prev.loc.offset + len,
                    },
                    msg,
                )
                .in_expansion(prev.expansion)
            }
            _ => Diag::error_at(self.tok(), msg),
        };
        self.report(d)
    }

    /// Expect a token; report "expected 'x'" otherwise.
    pub fn expect(&mut self, k: TokenKind) -> PResult<Loc> {
        if self.at(k) {
            let l = self.loc();
            self.bump();
            Ok(l)
        } else {
            let text = k.punct_text().unwrap_or("?");
            Err(self.error(format!("expected '{text}'")))
        }
    }

    /// Expect the closing bracket matching the one at `open`.
    pub fn expect_closing(&mut self, k: TokenKind, open: Loc) -> PResult<Loc> {
        if self.at(k) {
            let l = self.loc();
            self.bump();
            return Ok(l);
        }
        let (text, open_text) = match k {
            TokenKind::RParen => (")", "("),
            TokenKind::RBracket => ("]", "["),
            TokenKind::RBrace => ("}", "{"),
            _ => (">", "<"),
        };
        Err(self.error_with_note(
            format!("expected '{text}'"),
            open,
            &format!("to match this '{open_text}'"),
        ))
    }

    /// Expect `;` after `what`. A missing `;` before a token that starts a
    /// line (or before `}`) is reported and assumed, so parsing goes on.
    pub fn expect_semi(&mut self, what: &str) -> PResult<()> {
        if self.eat(TokenKind::Semi) {
            return Ok(());
        }
        let f = self.error_after_prev(format!("expected ';' {what}"));
        if self.tok().at_start_of_line() || self.at(TokenKind::RBrace) {
            Ok(())
        } else {
            Err(f)
        }
    }

    // ----- nesting -----

    /// Run `f` one level deeper; past MAX_NESTING it is an error.
    pub fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        if self.nest >= self.nest_limit && self.nest_limit < MAX_NESTING {
            // Too deep for this stack: stop, and parse again on a larger one.
            self.restart = true;
            self.fatal = true;
            return Err(Fail);
        }
        if self.nest >= MAX_NESTING || self.nest + self.chain >= MAX_HEIGHT {
            return Err(self.too_deep());
        }
        self.nest += 1;
        let r = f(self);
        self.nest -= 1;
        r
    }

    pub fn too_deep(&mut self) -> Fail {
        self.error(format!(
            "nesting is too deep: more than {MAX_NESTING} levels of nested expressions, \
             statements, declarators or templates (or a chain longer than {MAX_HEIGHT})"
        ))
    }

    /// Grow the current chain (`a + b + ...`, `else if`) by one link.
    pub fn extend_chain(&mut self) -> PResult<()> {
        if self.nest + self.chain >= MAX_HEIGHT {
            return Err(self.too_deep());
        }
        self.chain += 1;
        Ok(())
    }

    pub fn chain_mark(&self) -> u32 {
        self.chain
    }

    pub fn chain_reset(&mut self, mark: u32) {
        self.chain = mark;
    }

    /// Parse tentatively: errors are not reported; on failure the cursor is
    /// restored and None returned.
    pub fn tentatively<T>(&mut self, f: impl FnOnce(&mut Self) -> PResult<T>) -> Option<T> {
        let saved = self.save();
        let (nest, chain) = (self.nest, self.chain);
        self.tentative += 1;
        let r = f(self);
        self.tentative -= 1;
        self.nest = nest;
        self.chain = chain;
        match r {
            Ok(v) => Some(v),
            Err(_) => {
                self.restore(saved);
                None
            }
        }
    }

    // ----- recovery -----

    /// The parser's context, to restore after an error unwound it.
    pub fn mark(&self) -> Mark {
        Mark {
            scopes: self.scopes.depth(),
            classes: self.class_names.len(),
            greater_ends: self.greater_ends,
            extern_c: self.extern_c,
        }
    }

    pub fn reset(&mut self, m: Mark) {
        self.scopes.truncate(m.scopes);
        self.class_names.truncate(m.classes);
        self.greater_ends = m.greater_ends;
        self.extern_c = m.extern_c;
    }

    /// Skip what is left of a statement or declaration that started at
    /// `start` after an error: to just after a `;` outside braces, to just
    /// before a `}` that closes the enclosing block, or to just after a
    /// braced group that closes at the statement's level.
    pub fn recover(&mut self, start: usize) {
        if self.fatal {
            return;
        }
        let here = self.pos;
        let mut depth: i64 = 0;
        let mut i = start;
        let mut stop_after: Option<usize> = None;
        while i < self.toks.len() {
            let t = &self.toks[i];
            match t.kind {
                TokenKind::Eof => break,
                TokenKind::LBrace => depth += 1,
                TokenKind::RBrace => {
                    if depth == 0 {
                        if i >= here {
                            stop_after = Some(i);
                            break;
                        }
                    } else {
                        depth -= 1;
                        if depth == 0 && i >= here {
                            stop_after = Some(i + 1);
                            break;
                        }
                    }
                }
                TokenKind::Semi if depth == 0 && i >= here => {
                    stop_after = Some(i + 1);
                    break;
                }
                _ => {}
            }
            i += 1;
        }
        let target = stop_after.unwrap_or(self.toks.len() - 1);
        self.pending = None;
        self.pos = target.max(here.min(self.toks.len() - 1));
        // Never stand still: a statement that failed on its first token
        // (which is not a `}`) moves past it.
        if self.pos == start && !self.at(TokenKind::RBrace) && !self.at_eof() {
            self.bump();
        }
    }

    /// Skip `#pragma unroll` tokens where no loop can follow.
    pub fn skip_pragma(&mut self) {
        if matches!(self.kind(), TokenKind::PragmaUnrollExpr) {
            while !self.at(TokenKind::PragmaEnd) && !self.at_eof() {
                self.bump();
            }
        }
        self.bump();
    }

    // ----- the translation unit -----

    fn translation_unit(&mut self) -> Vec<ast::Decl> {
        let mut decls = Vec::new();
        while !self.at_eof() && !self.fatal {
            if self.at(TokenKind::RBrace) {
                let _ = self.error("extraneous closing brace ('}')");
                self.bump();
                continue;
            }
            let start = self.pos;
            let mark = self.mark();
            self.chain = 0;
            match self.declaration(decl::DeclCtx::File) {
                Ok(ds) => decls.extend(ds),
                Err(Fail) => {
                    self.reset(mark);
                    self.recover(start);
                }
            }
        }
        decls
    }
}
