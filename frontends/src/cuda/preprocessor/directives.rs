//! Directives: dispatch, conditionals, `#line`, `#error`/`#warning`, pragmas
//! (and the `_Pragma` operator), and the `defined`/`__has_include` operators
//! of `#if` lines. `#define`/`#undef` live in `macros.rs`, `#include` in
//! `include.rs`.
//!
//! Pragmas: `once`; `unroll [N]` and `nounroll` become tokens
//! ([`TokenKind::PragmaUnroll`], or [`TokenKind::PragmaUnrollExpr`] ...
//! [`TokenKind::PragmaEnd`] when N is not a preprocessor constant);
//! `push_macro`/`pop_macro`; GCC/clang/nvcc diagnostic pragmas and a few others
//! are ignored silently; any other pragma is ignored with a warning.

use super::expr::{self, Mode};
use super::{Cond, CondState, Ctx, Preprocessor};
use crate::cuda::lexer::Lexer;
use crate::cuda::literal::parse_int;
use crate::cuda::source::LineDirective;
use crate::cuda::token::{Sym, Token, TokenFlags, TokenKind};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Directive {
    If,
    Ifdef,
    Ifndef,
    Elif,
    Else,
    Endif,
    Define,
    Undef,
    Include,
    Line,
    Error,
    Warning,
    Pragma,
    Ignored,
    Unknown,
}

/// Pragmas ignored without a word (diagnostic control, regions, ...).
const SILENT_PRAGMAS: &[&str] = &[
    "GCC",
    "clang",
    "STDC",
    "nv_diag_suppress",
    "nv_diag_default",
    "nv_diag_warning",
    "nv_diag_error",
    "nv_diag_once",
    "nv_diagnostic",
    "diag_suppress",
    "diag_default",
    "diag_warning",
    "diag_error",
    "hd_warning_disable",
    "nv_exec_check_disable",
    "region",
    "endregion",
    "message",
    "warning",
];

impl<'o> Preprocessor<'o> {
    fn lexer(&mut self) -> Option<&mut Lexer> {
        match self.stack.last_mut() {
            Some(Ctx::File(f)) => Some(&mut f.lexer),
            _ => None,
        }
    }

    fn top_file_skipping(&self) -> bool {
        matches!(self.stack.last(), Some(Ctx::File(f)) if f.skipping())
    }

    fn conds(&mut self) -> Option<&mut Vec<Cond>> {
        match self.stack.last_mut() {
            Some(Ctx::File(f)) => Some(&mut f.conds),
            _ => None,
        }
    }

    /// The rest of the directive's line as tokens (not expanded).
    pub(super) fn read_line(&mut self) -> Vec<Token> {
        let mut line = Vec::new();
        let Some(Ctx::File(f)) = self.stack.last_mut() else {
            return line;
        };
        f.lexer.set_quiet(false);
        while let Some(t) = f.lexer.next_in_line(&mut self.sm.spellings) {
            line.push(t);
        }
        self.drain_lex_errors();
        line
    }

    fn skip_line(&mut self) {
        if let Some(Ctx::File(f)) = self.stack.last_mut() {
            f.lexer.skip_line(&mut self.sm.spellings);
        }
    }

    /// A `#` at the start of a line of the top file.
    pub(super) fn directive(&mut self, hash: Token) {
        let skipping = self.top_file_skipping();
        let Some(Ctx::File(f)) = self.stack.last_mut() else {
            return;
        };
        f.lexer.set_quiet(false);
        let name = f.lexer.next_in_line(&mut self.sm.spellings);
        if !skipping {
            self.drain_lex_errors();
        } else if let Some(Ctx::File(f)) = self.stack.last_mut() {
            f.lexer.errors.clear();
        }
        let Some(name) = name else {
            return; // the null directive
        };
        if name.kind == TokenKind::IntLiteral && !skipping {
            // GNU line marker: `# 33 "file.cu" 1`
            let mut line = vec![name];
            line.extend(self.read_line());
            self.line_directive(&hash, line);
            return;
        }
        let d = if name.kind != TokenKind::Identifier {
            Directive::Unknown
        } else {
            match self.sm.spelling(name.sym) {
                "if" => Directive::If,
                "ifdef" => Directive::Ifdef,
                "ifndef" => Directive::Ifndef,
                "elif" => Directive::Elif,
                "else" => Directive::Else,
                "endif" => Directive::Endif,
                "define" => Directive::Define,
                "undef" => Directive::Undef,
                "include" | "include_next" | "import" => Directive::Include,
                "line" => Directive::Line,
                "error" => Directive::Error,
                "warning" => Directive::Warning,
                "pragma" => Directive::Pragma,
                "ident" | "sccs" => Directive::Ignored,
                _ => Directive::Unknown,
            }
        };
        if skipping
            && !matches!(
                d,
                Directive::If
                    | Directive::Ifdef
                    | Directive::Ifndef
                    | Directive::Elif
                    | Directive::Else
                    | Directive::Endif
            )
        {
            self.skip_line();
            return;
        }
        match d {
            Directive::If | Directive::Ifdef | Directive::Ifndef => {
                let state = if skipping {
                    self.skip_line();
                    CondState::Done
                } else {
                    let line = self.read_line();
                    let taken = if d == Directive::If {
                        self.eval_condition(&name, line)
                    } else {
                        self.ifdef_condition(&name, line, d == Directive::Ifdef)
                    };
                    if taken {
                        CondState::Active
                    } else {
                        CondState::Pending
                    }
                };
                if let Some(conds) = self.conds() {
                    conds.push(Cond {
                        loc: hash.loc,
                        state,
                        seen_else: false,
                    });
                }
            }
            Directive::Elif | Directive::Else => {
                self.elif_or_else(&hash, &name, d == Directive::Else)
            }
            Directive::Endif => {
                let popped = self.conds().and_then(|c| c.pop());
                match popped {
                    None => {
                        self.skip_line();
                        self.error_at(&hash, "#endif without #if");
                    }
                    Some(c) => {
                        let outer_skipping = self.top_file_skipping();
                        if c.state == CondState::Active || !outer_skipping {
                            let line = self.read_line();
                            if let Some(t) = line.first().filter(|_| !outer_skipping) {
                                self.warning_at(t, "extra tokens at end of #endif directive");
                            }
                        } else {
                            self.skip_line();
                        }
                    }
                }
            }
            Directive::Define => {
                let line = self.read_line();
                self.define(&hash, line);
            }
            Directive::Undef => {
                let line = self.read_line();
                self.undef(&hash, line);
            }
            Directive::Include => self.include_directive(hash, name),
            Directive::Line => {
                let line = self.read_line();
                self.line_directive(&hash, line);
            }
            Directive::Error | Directive::Warning => {
                let text = self.lexer().map(|l| l.rest_of_line().1).unwrap_or_default();
                let word = if d == Directive::Error {
                    "error"
                } else {
                    "warning"
                };
                let msg = if text.is_empty() {
                    format!("#{word}")
                } else {
                    format!("#{word} {text}")
                };
                if d == Directive::Error {
                    self.error_at(&hash, msg);
                } else {
                    self.warning_at(&hash, msg);
                }
            }
            Directive::Pragma => {
                let line = self.read_line();
                self.pragma(&name, line);
            }
            Directive::Ignored => self.skip_line(),
            Directive::Unknown => {
                self.skip_line();
                let n = self.sm.spelling(name.sym).to_string();
                self.error_at(&name, format!("invalid preprocessing directive #{n}"));
            }
        }
    }

    fn elif_or_else(&mut self, hash: &Token, name: &Token, is_else: bool) {
        let word = if is_else { "#else" } else { "#elif" };
        let Some(c) = self.conds().and_then(|c| c.last().copied()) else {
            self.skip_line();
            self.error_at(hash, format!("{word} without #if"));
            return;
        };
        if c.seen_else {
            self.skip_line();
            self.error_at(hash, format!("{word} after #else"));
            return;
        }
        let new_state = match c.state {
            CondState::Active | CondState::Done => {
                self.skip_line();
                CondState::Done
            }
            CondState::Pending if is_else => {
                let line = self.read_line();
                if let Some(t) = line.first() {
                    self.warning_at(t, "extra tokens at end of #else directive");
                }
                CondState::Active
            }
            CondState::Pending => {
                let line = self.read_line();
                if self.eval_condition(name, line) {
                    CondState::Active
                } else {
                    CondState::Pending
                }
            }
        };
        if let Some(top) = self.conds().and_then(|c| c.last_mut()) {
            top.state = new_state;
            top.seen_else = is_else;
        }
    }

    fn ifdef_condition(&mut self, directive: &Token, line: Vec<Token>, want: bool) -> bool {
        let Some(name) = self.macro_name(directive, &line) else {
            return false;
        };
        if let Some(extra) = line.get(1) {
            let d = self.sm.spelling(directive.sym).to_string();
            self.warning_at(extra, format!("extra tokens at end of #{d} directive"));
        }
        self.is_defined(name.sym) == want
    }

    /// Evaluate a `#if`/`#elif` line (errors count as false).
    fn eval_condition(&mut self, directive: &Token, line: Vec<Token>) -> bool {
        if line.is_empty() {
            let d = self.sm.spelling(directive.sym).to_string();
            self.error_at(directive, format!("#{d} with no expression"));
            return false;
        }
        let end = *line.last().unwrap_or(directive);
        self.in_pp_expr = true;
        let toks = self.expand_isolated(line);
        self.in_pp_expr = false;
        let names = expr::Names {
            true_: self.names.true_,
            false_: self.names.false_,
        };
        let result = expr::evaluate(&toks, &self.sm, &names, &end, Mode::If);
        for w in result.warnings {
            self.report(w);
        }
        match result.value {
            Ok(v) => v.is_true(),
            Err(d) => {
                self.report(d);
                false
            }
        }
    }

    /// Inside a `#if` line: replace `defined X`, `__has_include(...)` and
    /// `__has_builtin(...)`-like operators by `0`/`1`. True if `tok` was one.
    pub(super) fn pp_expr_operator(&mut self, tok: &mut Token) -> bool {
        let value = if tok.sym == self.names.defined {
            self.defined_operator(tok)
        } else if let Some(def) = self.macro_def(tok.sym) {
            match def.builtin {
                Some(super::macros::Builtin::HasInclude) => self.has_include_operator(tok),
                Some(super::macros::Builtin::HasFeature) => {
                    self.skip_parenthesized(tok);
                    false
                }
                _ => return false,
            }
        } else {
            return false;
        };
        tok.kind = TokenKind::IntLiteral;
        tok.sym = self.sm.spellings.intern(if value { "1" } else { "0" });
        true
    }

    fn defined_operator(&mut self, defined: &Token) -> bool {
        let mut t = self.next_raw();
        let paren = t.kind == TokenKind::LParen;
        if paren {
            t = self.next_raw();
        }
        if t.kind != TokenKind::Identifier {
            self.error_at(
                if t.kind == TokenKind::Eof {
                    defined
                } else {
                    &t
                },
                "macro name missing after 'defined'",
            );
            if t.kind != TokenKind::Eof {
                self.push_tokens(vec![t], None);
            }
            return false;
        }
        if paren {
            let close = self.next_raw();
            if close.kind != TokenKind::RParen {
                self.error_at(
                    if close.kind == TokenKind::Eof {
                        &t
                    } else {
                        &close
                    },
                    "missing ')' after 'defined'",
                );
                if close.kind != TokenKind::Eof {
                    self.push_tokens(vec![close], None);
                }
            }
        }
        self.is_defined(t.sym)
    }

    /// `__has_include("x.h")` / `__has_include(<x.h>)`.
    fn has_include_operator(&mut self, op: &Token) -> bool {
        let open = self.next_raw();
        if open.kind != TokenKind::LParen {
            self.error_at(op, "missing '(' after '__has_include'");
            return false;
        }
        let mut t = self.next_raw();
        let (name, angled) = match t.kind {
            TokenKind::StringLiteral => {
                let s = self.sm.spelling(t.sym);
                (
                    s.trim_start_matches('"').trim_end_matches('"').to_string(),
                    false,
                )
            }
            TokenKind::Less => {
                let mut name = String::new();
                loop {
                    t = self.next_raw();
                    if matches!(
                        t.kind,
                        TokenKind::Greater | TokenKind::Eof | TokenKind::RParen
                    ) {
                        break;
                    }
                    if t.has_leading_space() && !name.is_empty() {
                        name.push(' ');
                    }
                    name.push_str(self.sm.spelling(t.sym));
                }
                if t.kind != TokenKind::Greater {
                    self.error_at(op, "expected '>' in __has_include");
                    return false;
                }
                (name, true)
            }
            _ => {
                self.error_at(op, "expected \"FILENAME\" or <FILENAME> in __has_include");
                return false;
            }
        };
        let close = self.next_raw();
        if close.kind != TokenKind::RParen {
            self.error_at(op, "missing ')' after '__has_include' operand");
        }
        let from = op.loc.file;
        self.find_include(&name, angled, from).is_some()
    }

    /// `(` ... `)` after a feature-test operator.
    fn skip_parenthesized(&mut self, op: &Token) {
        let open = self.next_raw();
        if open.kind != TokenKind::LParen {
            self.error_at(op, "missing '(' after feature-test macro");
            return;
        }
        let mut depth = 1;
        while depth > 0 {
            let t = self.next_raw();
            match t.kind {
                TokenKind::LParen => depth += 1,
                TokenKind::RParen => depth -= 1,
                TokenKind::Eof => {
                    self.error_at(op, "missing ')' after feature-test macro");
                    return;
                }
                _ => {}
            }
        }
    }

    /// `#line N ["name"]` (macro-expanded) and GNU line markers.
    fn line_directive(&mut self, hash: &Token, line: Vec<Token>) {
        let last = *line.last().unwrap_or(hash);
        let toks = if line
            .first()
            .is_some_and(|t| t.kind == TokenKind::IntLiteral)
        {
            line
        } else {
            self.expand_isolated(line)
        };
        let Some(num) = toks.first().filter(|t| t.kind == TokenKind::IntLiteral) else {
            let at = toks.first().copied().unwrap_or(*hash);
            self.error_at(&at, "#line directive requires a simple digit sequence");
            return;
        };
        let text = self.sm.spelling(num.sym);
        let value = match parse_int(text) {
            Ok(v) if text.bytes().all(|b| b.is_ascii_digit() || b == b'\'') => v.value,
            _ => {
                let num = *num;
                self.error_at(&num, "#line directive requires a simple digit sequence");
                return;
            }
        };
        if value > i32::MAX as u64 {
            let num = *num;
            self.error_at(&num, "line number out of range");
            return;
        }
        let mut name = None;
        if let Some(s) = toks.get(1) {
            if s.kind == TokenKind::StringLiteral && self.sm.spelling(s.sym).starts_with('"') {
                match crate::cuda::literal::parse_string(self.sm.spelling(s.sym)) {
                    Ok(lit) => {
                        let bytes: Vec<u8> = lit.units.iter().map(|&u| u as u8).collect();
                        name = Some(String::from_utf8_lossy(&bytes).into_owned().into());
                    }
                    Err(e) => {
                        let s = *s;
                        self.error_at(&s, e);
                        return;
                    }
                }
            } else {
                let s = *s;
                self.error_at(&s, "invalid filename for #line directive");
                return;
            }
        }
        let file = hash.loc.file;
        let (last_line, _) = self.sm.line_col(last.loc);
        let offset = self
            .sm
            .line_offset(file, last_line + 1)
            .unwrap_or(self.sm.file(file).text.len() as u32);
        self.sm.add_line_directive(
            file,
            LineDirective {
                offset,
                line: value as u32,
                name,
            },
        );
    }

    /// `#pragma ...` (tokens after `pragma`); `at` is the `pragma` name.
    pub(super) fn pragma(&mut self, at: &Token, line: Vec<Token>) {
        let Some(first) = line.first().copied() else {
            return;
        };
        let word = if first.kind == TokenKind::Identifier {
            self.sm.spelling(first.sym).to_string()
        } else {
            String::new()
        };
        match word.as_str() {
            "once" => {
                if let Some(Ctx::File(f)) = self.stack.last() {
                    let in_main = self.sm.file(f.file).kind == crate::cuda::source::FileKind::Main;
                    let key = f.once_key.clone();
                    self.once.insert(key);
                    if in_main {
                        self.warning_at(&first, "#pragma once in main file");
                    }
                }
            }
            "unroll" | "nounroll" => self.pragma_unroll(first, &line[1..], word == "nounroll"),
            "push_macro" | "pop_macro" => {
                self.push_pop_macro(&first, &line[1..], word == "push_macro")
            }
            "pack" | "omp" | "acc" => {
                self.warning_at(
                    &first,
                    format!("'#pragma {word}' is not supported; ignored"),
                );
            }
            w if SILENT_PRAGMAS.contains(&w) => {}
            _ => {
                let _ = at;
                self.warning_at(&first, format!("unknown pragma '{word}' ignored"));
            }
        }
    }

    fn pragma_unroll(&mut self, unroll: Token, args: &[Token], never: bool) {
        let mut marker = Token {
            kind: TokenKind::PragmaUnroll(None),
            flags: TokenFlags::AT_START_OF_LINE,
            ..unroll
        };
        if never {
            marker.kind = TokenKind::PragmaUnroll(Some(1));
            self.push_tokens(vec![marker], None);
            return;
        }
        if args.is_empty() {
            self.push_tokens(vec![marker], None);
            return;
        }
        let expanded = self.expand_isolated(args.to_vec());
        let names = expr::Names {
            true_: self.names.true_,
            false_: self.names.false_,
        };
        let end = *args.last().unwrap_or(&unroll);
        let result = expr::evaluate(&expanded, &self.sm, &names, &end, Mode::Constant);
        match result.value {
            Ok(v) => {
                let n = v.as_i64();
                if v.unsigned && v.bits > u32::MAX as u64
                    || !v.unsigned && !(0..=u32::MAX as i64).contains(&n)
                {
                    self.error_at(
                        &args[0],
                        format!("unroll count {} is out of range", v.display()),
                    );
                    return;
                }
                marker.kind = TokenKind::PragmaUnroll(Some(v.bits as u32));
                self.push_tokens(vec![marker], None);
            }
            Err(_) => {
                // Not a preprocessor constant: leave the count to the parser.
                marker.kind = TokenKind::PragmaUnrollExpr;
                let mut toks = vec![marker];
                toks.extend_from_slice(args);
                toks.push(Token {
                    kind: TokenKind::PragmaEnd,
                    flags: TokenFlags::empty(),
                    ..end
                });
                self.push_tokens(toks, None);
            }
        }
    }

    /// `#pragma push_macro("NAME")` / `pop_macro("NAME")`.
    fn push_pop_macro(&mut self, at: &Token, args: &[Token], push: bool) {
        let name = match args {
            [l, s, r]
                if l.kind == TokenKind::LParen
                    && s.kind == TokenKind::StringLiteral
                    && r.kind == TokenKind::RParen =>
            {
                let text = self.sm.spelling(s.sym);
                text.trim_start_matches('"')
                    .trim_end_matches('"')
                    .to_string()
            }
            _ => {
                self.warning_at(
                    at,
                    "expected (\"NAME\") after push_macro/pop_macro; ignored",
                );
                return;
            }
        };
        let sym: Sym = self.sm.spellings.intern(&name);
        if push {
            let def = self.macro_def(sym).cloned();
            self.pushed_macros.entry(sym).or_default().push(def);
        } else if let Some(def) = self.pushed_macros.get_mut(&sym).and_then(|v| v.pop()) {
            self.set_macro(sym, def);
        }
    }

    /// `_Pragma ( string-literal )` in text.
    pub(super) fn pragma_operator(&mut self, op: Token) {
        let open = self.next_expanded();
        let s = self.next_expanded();
        let close = self.next_expanded();
        if open.kind != TokenKind::LParen
            || s.kind != TokenKind::StringLiteral
            || close.kind != TokenKind::RParen
        {
            self.error_at(&op, "_Pragma takes a parenthesized string literal");
            return;
        }
        let lit = self.sm.spelling(s.sym);
        let body = lit
            .trim_start_matches(['L', 'u', 'U', '8'])
            .trim_start_matches('"')
            .trim_end_matches('"');
        let text = body.replace("\\\"", "\"").replace("\\\\", "\\");
        let mut lx = Lexer::new(text.as_str().into(), op.loc.file);
        let mut toks = Vec::new();
        loop {
            let mut t = lx.next(&mut self.sm.spellings);
            if t.kind == TokenKind::Eof {
                break;
            }
            t.loc = op.loc;
            t.expansion = op.expansion;
            toks.push(t);
        }
        if let Some(first) = toks.first().copied() {
            self.pragma(&first, toks);
        }
    }
}
