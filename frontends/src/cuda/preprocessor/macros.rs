//! Macros: definitions, invocations, argument substitution, `#` and `##`.
//!
//! Expansion follows C11 6.10.3: arguments are collected (nested parentheses,
//! top-level commas; the variadic parameter takes the rest), each argument is
//! fully expanded on its own unless it is an operand of `#` or `##`, the
//! replacement list is substituted, `##` pastes left to right (placemarkers for
//! empty arguments), and the result is pushed back to be rescanned with the
//! macro disabled. Also supported: `__VA_ARGS__`, named variadic parameters
//! (`args...`), `__VA_OPT__(...)`, GNU's `, ## __VA_ARGS__` comma deletion.

use super::Preprocessor;
use crate::cuda::diag::Diag;
use crate::cuda::lexer::Lexer;
use crate::cuda::source::SrcLoc;
use crate::cuda::token::{ExpansionId, ExpansionInfo, Sym, Token, TokenFlags, TokenKind};
use std::rc::Rc;

/// The macros whose replacement the preprocessor computes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Builtin {
    File,
    Line,
    Counter,
    Date,
    Time,
    BaseFile,
    IncludeLevel,
    /// `__has_include`, `__has_include_next`: only in `#if`.
    HasInclude,
    /// `__has_builtin`, `__has_attribute`, `__has_feature`, ...: 0 in `#if`.
    HasFeature,
}

/// A macro definition.
#[derive(Debug)]
pub(super) struct Macro {
    pub name: Sym,
    /// The name in its `#define` (None for builtins).
    pub def_loc: Option<SrcLoc>,
    /// Function-like: parameter names (the variadic one last, `__VA_ARGS__` or
    /// its own name).
    pub params: Option<Vec<Sym>>,
    pub variadic: bool,
    pub body: Vec<Token>,
    /// For each body token: the index of the parameter it names, or `NONE`.
    pub param_index: Vec<u32>,
    pub builtin: Option<Builtin>,
}

const NONE: u32 = u32::MAX;

impl Macro {
    pub fn builtin(name: Sym, which: Builtin) -> Macro {
        Macro {
            name,
            def_loc: None,
            params: None,
            variadic: false,
            body: Vec::new(),
            param_index: Vec::new(),
            builtin: Some(which),
        }
    }

    fn is_function_like(&self) -> bool {
        self.params.is_some()
    }

    /// The same definition (C11 6.10.3p2: same parameters, same tokens with the
    /// same whitespace separation).
    fn same_as(&self, other: &Macro) -> bool {
        self.params == other.params
            && self.variadic == other.variadic
            && self.builtin == other.builtin
            && self.body.len() == other.body.len()
            && self
                .body
                .iter()
                .zip(&other.body)
                .enumerate()
                .all(|(i, (a, b))| {
                    a.kind == b.kind
                        && a.sym == b.sym
                        && (i == 0 || a.has_leading_space() == b.has_leading_space())
                })
    }
}

/// One item of a replacement being built.
#[derive(Clone, Copy)]
enum Item {
    Tok(Token),
    /// An empty argument next to `##`.
    Placemarker,
}

impl<'o> Preprocessor<'o> {
    /// Install the builtin macros (called once, before the predefines).
    pub(super) fn define_builtins(&mut self) {
        use Builtin::*;
        for (name, which) in [
            ("__FILE__", File),
            ("__LINE__", Line),
            ("__COUNTER__", Counter),
            ("__DATE__", Date),
            ("__TIME__", Time),
            ("__BASE_FILE__", BaseFile),
            ("__INCLUDE_LEVEL__", IncludeLevel),
            ("__has_include", HasInclude),
            ("__has_include_next", HasInclude),
            ("__has_builtin", HasFeature),
            ("__has_attribute", HasFeature),
            ("__has_cpp_attribute", HasFeature),
            ("__has_feature", HasFeature),
            ("__has_extension", HasFeature),
        ] {
            let sym = self.sm.spellings.intern(name);
            self.set_macro(sym, Some(Rc::new(Macro::builtin(sym, which))));
        }
    }

    /// The macro name that starts a `#define`/`#undef`/`#ifdef` line (reported
    /// at `at` when missing).
    pub(super) fn macro_name(&mut self, at: &Token, line: &[Token]) -> Option<Token> {
        let Some(&name) = line.first() else {
            self.error_at(at, "macro name missing");
            return None;
        };
        if name.kind != TokenKind::Identifier {
            self.error_at(&name, "macro name must be an identifier");
            return None;
        }
        if name.sym == self.names.defined {
            self.error_at(&name, "'defined' cannot be used as a macro name");
            return None;
        }
        Some(name)
    }

    /// `#define`: `line` is the tokens after `define`; `hash` is the `#`.
    pub(super) fn define(&mut self, hash: &Token, line: Vec<Token>) {
        let Some(name) = self.macro_name(hash, &line) else {
            return;
        };
        let mut i = 1;
        let mut params = None;
        let mut variadic = false;
        if line
            .get(1)
            .is_some_and(|t| t.kind == TokenKind::LParen && !t.has_leading_space())
        {
            let mut ps: Vec<Sym> = Vec::new();
            i = 2;
            let mut expect_param = true;
            loop {
                let Some(t) = line.get(i).copied() else {
                    self.error_at(
                        line.last().unwrap_or(&name),
                        "missing ')' in macro parameter list",
                    );
                    return;
                };
                i += 1;
                match t.kind {
                    TokenKind::RParen if !expect_param || ps.is_empty() => break,
                    TokenKind::Ellipsis if expect_param => {
                        ps.push(self.names.va_args);
                        variadic = true;
                        if line.get(i).map(|t| t.kind) != Some(TokenKind::RParen) {
                            self.error_at(&t, "missing ')' after '...' in macro parameter list");
                            return;
                        }
                        i += 1;
                        break;
                    }
                    TokenKind::Identifier if expect_param => {
                        if t.sym == self.names.va_args {
                            self.error_at(&t, "'__VA_ARGS__' cannot be a macro parameter name");
                            return;
                        }
                        if ps.contains(&t.sym) {
                            let n = self.sm.spelling(t.sym).to_string();
                            self.error_at(&t, format!("duplicate macro parameter name '{n}'"));
                            return;
                        }
                        ps.push(t.sym);
                        // GNU named variadic parameter: `args...`
                        if line.get(i).map(|t| t.kind) == Some(TokenKind::Ellipsis) {
                            variadic = true;
                            if line.get(i + 1).map(|t| t.kind) != Some(TokenKind::RParen) {
                                self.error_at(
                                    &line[i],
                                    "missing ')' after '...' in macro parameter list",
                                );
                                return;
                            }
                            i += 2;
                            break;
                        }
                        expect_param = false;
                    }
                    TokenKind::Comma if !expect_param => expect_param = true,
                    _ => {
                        let msg = if expect_param {
                            "expected a macro parameter name"
                        } else {
                            "expected ',' or ')' in macro parameter list"
                        };
                        self.error_at(&t, msg);
                        return;
                    }
                }
            }
            params = Some(ps);
        } else if line.get(1).is_some_and(|t| !t.has_leading_space()) {
            self.warning_at(&line[1], "missing whitespace after the macro name");
        }
        let mut body: Vec<Token> = line[i..].to_vec();
        for (k, t) in body.iter_mut().enumerate() {
            t.flags.remove(TokenFlags::AT_START_OF_LINE);
            if k == 0 {
                t.flags.remove(TokenFlags::LEADING_SPACE);
            }
        }
        let mut param_index = vec![NONE; body.len()];
        if let Some(ps) = &params {
            for (k, t) in body.iter().enumerate() {
                if t.kind == TokenKind::Identifier
                    && let Some(p) = ps.iter().position(|&p| p == t.sym)
                {
                    param_index[k] = p as u32;
                }
            }
        }
        // Checks: `##` at the ends, `#` without a parameter, stray __VA_ARGS__.
        if let Some(t) = body
            .first()
            .filter(|t| t.kind == TokenKind::HashHash)
            .or_else(|| body.last().filter(|t| t.kind == TokenKind::HashHash))
        {
            let t = *t;
            self.error_at(&t, "'##' cannot appear at either end of a macro expansion");
            return;
        }
        if params.is_some() {
            for k in 0..body.len() {
                if body[k].kind == TokenKind::Hash {
                    let ok = body.get(k + 1).is_some_and(|n| {
                        param_index[k + 1] != NONE || (variadic && n.sym == self.names.va_opt)
                    });
                    if !ok {
                        let t = body[k];
                        self.error_at(&t, "'#' is not followed by a macro parameter");
                        return;
                    }
                }
            }
        }
        let va_ok = variadic
            && params
                .as_ref()
                .is_some_and(|p| p.last() == Some(&self.names.va_args));
        if let Some(t) = body
            .iter()
            .find(|t| t.kind == TokenKind::Identifier && t.sym == self.names.va_args && !va_ok)
        {
            let t = *t;
            self.error_at(
                &t,
                "__VA_ARGS__ can only appear in the expansion of a variadic macro",
            );
            return;
        }
        let def = Macro {
            name: name.sym,
            def_loc: Some(name.loc),
            params,
            variadic,
            body,
            param_index,
            builtin: None,
        };
        if let Some(old) = self.macro_def(name.sym) {
            let n = self.sm.spelling(name.sym).to_string();
            if old.builtin.is_some() {
                self.warning_at(&name, format!("redefining builtin macro '{n}'"));
            } else if !old.same_as(&def) {
                let mut d = Diag::warning_at(&name, format!("'{n}' macro redefined"));
                if let Some(prev) = old.def_loc {
                    d = d.with_note(prev, "previous definition is here");
                }
                self.report(d);
            }
        }
        self.set_macro(name.sym, Some(Rc::new(def)));
    }

    /// `#undef NAME`.
    pub(super) fn undef(&mut self, hash: &Token, line: Vec<Token>) {
        let Some(name) = self.macro_name(hash, &line) else {
            return;
        };
        if let Some(extra) = line.get(1) {
            self.warning_at(extra, "extra tokens at end of #undef directive");
        }
        if self
            .macro_def(name.sym)
            .is_some_and(|m| m.builtin.is_some())
        {
            let n = self.sm.spelling(name.sym).to_string();
            self.warning_at(&name, format!("undefining builtin macro '{n}'"));
        }
        self.set_macro(name.sym, None);
    }

    /// Is `sym` a defined macro (for `defined`, `#ifdef`)?
    pub(super) fn is_defined(&self, sym: Sym) -> bool {
        self.macro_def(sym).is_some()
    }

    /// Expand the macro named by `name`; false when it is not invoked (a
    /// function-like macro without `(`), and `name` stays as it is.
    pub(super) fn expand_macro(&mut self, name: Token, def: &Rc<Macro>) -> bool {
        if let Some(which) = def.builtin {
            return self.expand_builtin(name, which);
        }
        let args = if def.is_function_like() {
            let next = self.next_raw();
            if next.kind != TokenKind::LParen {
                if next.kind != TokenKind::Eof {
                    self.push_tokens(vec![next], None);
                }
                return false;
            }
            match self.collect_args(&name, def) {
                Some(args) => args,
                None => return true, // reported; the invocation is dropped
            }
        } else {
            Vec::new()
        };
        let expansion = self.sm.add_expansion(ExpansionInfo {
            name: name.sym,
            use_loc: name.loc,
            parent: name.expansion,
        });
        let mut items = Vec::with_capacity(def.body.len());
        let mut expanded: Vec<Option<Vec<Token>>> = vec![None; args.len()];
        self.substitute(
            def,
            0..def.body.len(),
            &args,
            &mut expanded,
            &mut items,
            expansion,
        );
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            let Item::Tok(mut t) = item else { continue };
            if t.expansion == name.expansion || t.expansion.is_none() {
                t.expansion = Some(expansion);
            }
            t.flags.remove(TokenFlags::AT_START_OF_LINE);
            out.push(t);
        }
        if let Some(first) = out.first_mut() {
            first
                .flags
                .set(TokenFlags::LEADING_SPACE, name.has_leading_space());
            first
                .flags
                .set(TokenFlags::AT_START_OF_LINE, name.at_start_of_line());
        }
        self.expanded_tokens += out.len();
        if self.expanded_tokens > super::MAX_EXPANDED_TOKENS {
            let n = self.sm.spelling(name.sym).to_string();
            self.error_at(
                &name,
                format!(
                    "macro expansion of '{n}' produces too many tokens (over {} in all)",
                    super::MAX_EXPANDED_TOKENS
                ),
            );
            self.stopped = true;
            return true;
        }
        self.push_tokens(out, Some(def.name));
        true
    }

    /// After `name (`: the arguments up to the matching `)`. None after an error.
    fn collect_args(&mut self, name: &Token, def: &Macro) -> Option<Vec<Vec<Token>>> {
        let nparams = def.params.as_ref().map_or(0, |p| p.len());
        let mut args: Vec<Vec<Token>> = vec![Vec::new()];
        let mut depth = 0u32;
        self.collecting_args += 1;
        let result = loop {
            let t = self.next_raw();
            match t.kind {
                TokenKind::Eof => {
                    let n = self.sm.spelling(name.sym).to_string();
                    self.error_at(
                        name,
                        format!("unterminated function-like macro invocation of '{n}'"),
                    );
                    break None;
                }
                TokenKind::LParen => depth += 1,
                TokenKind::RParen if depth == 0 => break Some(()),
                TokenKind::RParen => depth -= 1,
                TokenKind::Comma if depth == 0 && !(def.variadic && args.len() == nparams) => {
                    args.push(Vec::new());
                    continue;
                }
                _ => {}
            }
            if let Some(last) = args.last_mut() {
                last.push(t);
            }
        };
        self.collecting_args -= 1;
        result?;
        // `f()` for a macro without parameters: no arguments.
        if nparams == 0 && args.len() == 1 && args[0].is_empty() {
            args.clear();
        }
        let n = self.sm.spelling(name.sym).to_string();
        if args.len() > nparams {
            self.error_at(
                name,
                format!(
                    "macro '{n}' passed {} arguments, but takes just {nparams}",
                    args.len()
                ),
            );
            return None;
        }
        if args.len() < nparams {
            // The variadic argument may be left out entirely (C++20, GNU).
            if def.variadic && args.len() + 1 == nparams {
                args.push(Vec::new());
            } else {
                self.error_at(
                    name,
                    format!(
                        "macro '{n}' requires {nparams} arguments, but only {} given",
                        args.len()
                    ),
                );
                return None;
            }
        }
        Some(args)
    }

    /// The argument `p`, fully expanded (computed once).
    fn expanded_arg(
        &mut self,
        p: usize,
        args: &[Vec<Token>],
        expanded: &mut [Option<Vec<Token>>],
    ) -> Vec<Token> {
        if expanded[p].is_none() {
            expanded[p] = Some(self.expand_isolated(args[p].clone()));
        }
        expanded[p].clone().unwrap_or_default()
    }

    /// Substitute the body tokens `range` of `def` into `out`.
    fn substitute(
        &mut self,
        def: &Macro,
        range: std::ops::Range<usize>,
        args: &[Vec<Token>],
        expanded: &mut [Option<Vec<Token>>],
        out: &mut Vec<Item>,
        expansion: ExpansionId,
    ) {
        let body = &def.body;
        let pidx = &def.param_index;
        let fnlike = def.is_function_like();
        let end = range.end;
        let mut i = range.start;
        while i < end {
            let t = body[i];
            // `__VA_OPT__ ( ... )`
            if fnlike
                && def.variadic
                && t.kind == TokenKind::Identifier
                && t.sym == self.names.va_opt
            {
                if self.in_va_opt {
                    self.error_at(&t, "'__VA_OPT__' may not appear in a '__VA_OPT__' operand");
                    i += 1;
                    continue;
                }
                let (content, after) = match va_opt_content(body, i, end) {
                    Some(r) => r,
                    None => {
                        self.error_at(&t, "'__VA_OPT__' must be followed by a parenthesized list");
                        i += 1;
                        continue;
                    }
                };
                let va = args.len() - 1;
                let present = !self.expanded_arg(va, args, expanded).is_empty();
                let paste_next = after < end && body[after].kind == TokenKind::HashHash;
                if present {
                    self.in_va_opt = true;
                    self.substitute(def, content, args, expanded, out, expansion);
                    self.in_va_opt = false;
                } else if paste_next || (i > range.start && body[i - 1].kind == TokenKind::HashHash)
                {
                    out.push(Item::Placemarker);
                }
                i = after;
                continue;
            }
            // `# param`
            if fnlike && t.kind == TokenKind::Hash && i + 1 < end {
                let p = pidx[i + 1];
                if p != NONE {
                    out.push(Item::Tok(self.stringize(&args[p as usize], t)));
                    i += 2;
                    continue;
                }
                if body[i + 1].sym == self.names.va_opt {
                    // `# __VA_OPT__(...)`: stringize the substituted content.
                    if let Some((content, after)) = va_opt_content(body, i + 1, end) {
                        let va = args.len() - 1;
                        let mut inner = Vec::new();
                        if !self.expanded_arg(va, args, expanded).is_empty() {
                            self.in_va_opt = true;
                            self.substitute(def, content, args, expanded, &mut inner, expansion);
                            self.in_va_opt = false;
                        }
                        let toks: Vec<Token> = inner
                            .into_iter()
                            .filter_map(|it| match it {
                                Item::Tok(t) => Some(t),
                                Item::Placemarker => None,
                            })
                            .collect();
                        out.push(Item::Tok(self.stringize(&toks, t)));
                        i = after;
                        continue;
                    }
                }
            }
            // `lhs ## rhs`
            if t.kind == TokenKind::HashHash && i + 1 < end && i > range.start {
                i += 1;
                let r = body[i];
                let rp = pidx[i];
                let rhs: Vec<Token> = if rp != NONE {
                    // GNU: `, ## __VA_ARGS__` deletes the comma when the variadic
                    // argument is empty, and pastes nothing otherwise.
                    let is_va = def.variadic && rp as usize == args.len() - 1;
                    let comma_before = matches!(out.last(), Some(Item::Tok(c)) if c.kind == TokenKind::Comma && body[i - 2].kind == TokenKind::Comma);
                    if is_va && comma_before {
                        if args[rp as usize].is_empty() {
                            out.pop();
                        } else {
                            out.extend(args[rp as usize].iter().map(|&a| Item::Tok(a)));
                        }
                        i += 1;
                        continue;
                    }
                    args[rp as usize].clone()
                } else if fnlike && r.kind == TokenKind::Hash && i + 1 < end && pidx[i + 1] != NONE
                {
                    i += 1;
                    vec![self.stringize(&args[pidx[i] as usize], r)]
                } else if fnlike
                    && def.variadic
                    && r.sym == self.names.va_opt
                    && r.kind == TokenKind::Identifier
                {
                    // `x ## __VA_OPT__(...)`: substitute it, then paste with its first token.
                    let mut inner = Vec::new();
                    let mut next = i + 1;
                    if let Some((content, after)) = va_opt_content(body, i, end) {
                        let va = args.len() - 1;
                        if !self.expanded_arg(va, args, expanded).is_empty() {
                            self.in_va_opt = true;
                            self.substitute(def, content, args, expanded, &mut inner, expansion);
                            self.in_va_opt = false;
                        }
                        next = after;
                    }
                    i = next - 1;
                    inner
                        .into_iter()
                        .filter_map(|it| match it {
                            Item::Tok(t) => Some(t),
                            Item::Placemarker => None,
                        })
                        .collect()
                } else {
                    vec![r]
                };
                i += 1;
                let lhs = out.pop().unwrap_or(Item::Placemarker);
                match (lhs, rhs.split_first()) {
                    (Item::Placemarker, None) => out.push(Item::Placemarker),
                    (Item::Placemarker, Some(_)) => out.extend(rhs.iter().map(|&a| Item::Tok(a))),
                    (Item::Tok(l), None) => out.push(Item::Tok(l)),
                    (Item::Tok(l), Some((r0, rest))) => {
                        let op = Token {
                            expansion: Some(expansion),
                            ..t
                        };
                        match self.paste(l, *r0, &op) {
                            Some(p) => out.push(Item::Tok(p)),
                            None => {
                                out.push(Item::Tok(l));
                                out.push(Item::Tok(*r0));
                            }
                        }
                        out.extend(rest.iter().map(|&a| Item::Tok(a)));
                    }
                }
                continue;
            }
            let p = pidx[i];
            if p != NONE {
                let p = p as usize;
                let pasted_after = i + 1 < end && body[i + 1].kind == TokenKind::HashHash;
                let toks = if pasted_after {
                    args[p].clone()
                } else {
                    self.expanded_arg(p, args, expanded)
                };
                if toks.is_empty() {
                    if pasted_after {
                        out.push(Item::Placemarker);
                    }
                } else {
                    let start = out.len();
                    out.extend(toks.iter().map(|&a| Item::Tok(a)));
                    // The argument takes the parameter's spacing.
                    if let Some(Item::Tok(first)) = out.get_mut(start) {
                        first
                            .flags
                            .set(TokenFlags::LEADING_SPACE, t.has_leading_space());
                    }
                }
                i += 1;
                continue;
            }
            out.push(Item::Tok(t));
            i += 1;
        }
    }

    /// `#arg`: a string literal spelling the argument's tokens.
    fn stringize(&mut self, toks: &[Token], hash: Token) -> Token {
        let mut s = String::from("\"");
        for (k, t) in toks.iter().enumerate() {
            if k > 0 && (t.has_leading_space() || t.at_start_of_line()) {
                s.push(' ');
            }
            let text = self.sm.spelling(t.sym);
            if matches!(t.kind, TokenKind::StringLiteral | TokenKind::CharLiteral) {
                for c in text.chars() {
                    if c == '"' || c == '\\' {
                        s.push('\\');
                    }
                    s.push(c);
                }
            } else {
                s.push_str(text);
            }
        }
        s.push('"');
        Token {
            kind: TokenKind::StringLiteral,
            sym: self.sm.spellings.intern(&s),
            loc: hash.loc,
            flags: hash.flags,
            expansion: hash.expansion,
        }
    }

    /// `l ## r`: one token, or None (reported at `op`) when the text is not one token.
    fn paste(&mut self, l: Token, r: Token, op: &Token) -> Option<Token> {
        let ls = self.sm.spelling(l.sym).to_string();
        let rs = self.sm.spelling(r.sym).to_string();
        let text = format!("{ls}{rs}");
        let mut lx = Lexer::new(text.as_str().into(), l.loc.file);
        let t = lx.next(&mut self.sm.spellings);
        let whole = t.kind != TokenKind::Eof
            && lx.next(&mut self.sm.spellings).kind == TokenKind::Eof
            && lx.errors.is_empty()
            && self.sm.spelling(t.sym).len() == text.len();
        if !whole {
            self.error_at(
                op,
                format!("pasting \"{ls}\" and \"{rs}\" does not give a valid preprocessing token"),
            );
            return None;
        }
        let mut flags = l.flags;
        flags.remove(TokenFlags::NO_EXPAND);
        Some(Token {
            kind: t.kind,
            sym: t.sym,
            loc: l.loc,
            flags,
            expansion: l.expansion,
        })
    }

    /// `__FILE__`, `__LINE__`, ...: push the one-token result.
    fn expand_builtin(&mut self, name: Token, which: Builtin) -> bool {
        let root = self.sm.expansion_root(name.loc, name.expansion);
        let (kind, text) = match which {
            Builtin::File => (TokenKind::StringLiteral, quote(self.sm.presumed(root).name)),
            Builtin::Line => (
                TokenKind::IntLiteral,
                self.sm.presumed(root).line.to_string(),
            ),
            Builtin::Counter => {
                self.counter += 1;
                (TokenKind::IntLiteral, (self.counter - 1).to_string())
            }
            Builtin::Date => (TokenKind::StringLiteral, "\"Jan  1 2000\"".to_string()),
            Builtin::Time => (TokenKind::StringLiteral, "\"00:00:00\"".to_string()),
            Builtin::BaseFile => (TokenKind::StringLiteral, quote(&self.base_file)),
            Builtin::IncludeLevel => (
                TokenKind::IntLiteral,
                self.sm.include_depth(root.file).to_string(),
            ),
            Builtin::HasInclude | Builtin::HasFeature => {
                let n = self.sm.spelling(name.sym).to_string();
                self.error_at(
                    &name,
                    format!("'{n}' can only be used in a preprocessor expression"),
                );
                return false;
            }
        };
        let expansion = self.sm.add_expansion(ExpansionInfo {
            name: name.sym,
            use_loc: name.loc,
            parent: name.expansion,
        });
        let tok = Token {
            kind,
            sym: self.sm.spellings.intern(&text),
            loc: name.loc,
            flags: name.flags,
            expansion: Some(expansion),
        };
        self.push_tokens(vec![tok], None);
        true
    }
}

/// `"text"` with `"` and `\` escaped.
pub(super) fn quote(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 2);
    s.push('"');
    for c in text.chars() {
        if c == '"' || c == '\\' {
            s.push('\\');
        }
        s.push(c);
    }
    s.push('"');
    s
}

/// For `__VA_OPT__` at `i`: the range of its content and the index after `)`.
fn va_opt_content(body: &[Token], i: usize, end: usize) -> Option<(std::ops::Range<usize>, usize)> {
    if body.get(i + 1)?.kind != TokenKind::LParen {
        return None;
    }
    let mut depth = 0;
    for (k, t) in body.iter().enumerate().take(end).skip(i + 1) {
        match t.kind {
            TokenKind::LParen => depth += 1,
            TokenKind::RParen => {
                depth -= 1;
                if depth == 0 {
                    return Some((i + 2..k, k + 1));
                }
            }
            _ => {}
        }
    }
    None
}
