//! Attributes: `__launch_bounds__`, `alignas`, GNU `__attribute__((...))`
//! and C++11 `[[...]]`.
//!
//! GNU attributes that change code generation and that cuwasm understands
//! are kept in [`DeclSpecs`]: `aligned`, `noinline`, `always_inline`,
//! CUDA's `global`/`device`/`host`/`shared`/`constant`/`managed`,
//! `launch_bounds`. Attributes without effect on cuwasm's output (`unused`,
//! `noreturn`, `format`, ...) are accepted silently; any other is a warning
//! ("attribute ignored"), `packed` included.

use super::keywords::Kw;
use super::{Fail, PResult, Parser};
use crate::cuda::ast::{DeclSpecs, Expr, ExprKind, LaunchBounds};
use crate::cuda::token::TokenKind;

/// Attributes that do not change what cuwasm generates.
const HARMLESS: &[&str] = &[
    "unused",
    "used",
    "maybe_unused",
    "noreturn",
    "nodiscard",
    "const",
    "pure",
    "deprecated",
    "visibility",
    "weak",
    "format",
    "nonnull",
    "warn_unused_result",
    "cold",
    "hot",
    "flatten",
    "likely",
    "unlikely",
    "fallthrough",
    "nothrow",
    "leaf",
    "returns_nonnull",
    "malloc",
    "alloc_size",
    "sentinel",
    "artificial",
    "gnu_inline",
    "no_instrument_function",
    "constructor",
    "destructor",
    "may_alias",
    "host__",
    "nv_weak",
];

impl Parser<'_> {
    /// Parse any attributes here into `specs`.
    pub fn attributes(&mut self, specs: &mut DeclSpecs) -> PResult<()> {
        loop {
            match self.kw() {
                Kw::Attribute | Kw::Attribute2 => self.gnu_attribute(specs)?,
                Kw::Alignas | Kw::AlignasC => {
                    let a = self.alignas()?;
                    specs.align = Some(Box::new(a));
                }
                Kw::LaunchBounds => self.launch_bounds(specs)?,
                _ if self.at(TokenKind::LBracket) && self.peek(1) == TokenKind::LBracket => {
                    self.cxx11_attribute(specs)?
                }
                _ => return Ok(()),
            }
        }
    }

    /// `alignas(expr)` / `alignas(type)`: the alignment as an expression.
    pub fn alignas(&mut self) -> PResult<Expr> {
        self.bump();
        let open = self.expect(TokenKind::LParen)?;
        let e = if self.type_id_follows(self.pos()) {
            let loc = self.loc();
            let t = self.type_id()?;
            Expr::new(ExprKind::AlignofType(Box::new(t)), loc)
        } else {
            self.paren_free(|p| p.assign_expr())?
        };
        self.expect_closing(TokenKind::RParen, open)?;
        Ok(e)
    }

    fn launch_bounds(&mut self, specs: &mut DeclSpecs) -> PResult<()> {
        let loc = self.loc();
        self.bump();
        let open = self.expect(TokenKind::LParen)?;
        let args = self.paren_free(|p| p.expr_list(TokenKind::RParen))?;
        self.expect_closing(TokenKind::RParen, open)?;
        self.set_launch_bounds(specs, args, loc)
    }

    fn set_launch_bounds(
        &mut self,
        specs: &mut DeclSpecs,
        args: Vec<Expr>,
        loc: crate::cuda::ast::Loc,
    ) -> PResult<()> {
        if args.is_empty() || args.len() > 3 {
            return Err(self.error_at(loc, "'__launch_bounds__' takes 1 to 3 arguments"));
        }
        let mut it = args.into_iter();
        let max_threads = it.next().ok_or(Fail)?;
        specs.launch_bounds = Some(Box::new(LaunchBounds {
            max_threads,
            min_blocks: it.next(),
            max_blocks_per_cluster: it.next(),
            loc,
        }));
        Ok(())
    }

    /// `__attribute__((a, b(args), ...))`.
    fn gnu_attribute(&mut self, specs: &mut DeclSpecs) -> PResult<()> {
        self.bump();
        let open1 = self.expect(TokenKind::LParen)?;
        let open2 = self.expect(TokenKind::LParen)?;
        self.attribute_list(specs, TokenKind::RParen, false)?;
        self.expect_closing(TokenKind::RParen, open2)?;
        self.expect_closing(TokenKind::RParen, open1)?;
        Ok(())
    }

    /// `[[a, ns::b(args)]]`.
    fn cxx11_attribute(&mut self, specs: &mut DeclSpecs) -> PResult<()> {
        let open = self.loc();
        self.bump();
        self.bump();
        self.attribute_list(specs, TokenKind::RBracket, true)?;
        self.expect_closing(TokenKind::RBracket, open)?;
        self.expect_closing(TokenKind::RBracket, open)?;
        Ok(())
    }

    /// Attributes separated by commas, up to `close`.
    fn attribute_list(
        &mut self,
        specs: &mut DeclSpecs,
        close: TokenKind,
        cxx11: bool,
    ) -> PResult<()> {
        while !self.at(close) && !self.at_eof() {
            if !self.eat(TokenKind::Comma) {
                self.one_attribute(specs, cxx11)?;
            }
        }
        Ok(())
    }

    fn one_attribute(&mut self, specs: &mut DeclSpecs, cxx11: bool) -> PResult<()> {
        if !self.at(TokenKind::Identifier) {
            return Err(self.error("expected an attribute name"));
        }
        let loc = self.loc();
        let t = self.bump();
        let mut name = self.spelling(&t).to_string();
        if cxx11 && self.at(TokenKind::ColonColon) {
            self.bump();
            if !self.at(TokenKind::Identifier) {
                return Err(self.error("expected an attribute name"));
            }
            let t = self.bump();
            name = self.spelling(&t).to_string();
        }
        let bare = name
            .strip_prefix("__")
            .and_then(|n| n.strip_suffix("__"))
            .unwrap_or(&name)
            .to_string();
        let has_args = self.at(TokenKind::LParen);
        match bare.as_str() {
            "aligned" => {
                if has_args {
                    let open = self.loc();
                    self.bump();
                    let e = self.paren_free(|p| p.assign_expr())?;
                    self.expect_closing(TokenKind::RParen, open)?;
                    specs.align = Some(Box::new(e));
                } else {
                    // GCC: the largest alignment of the target (16 on x86-64).
                    let lit = crate::cuda::literal::parse_int("16").map_err(|_| Fail)?;
                    specs.align = Some(Box::new(Expr::new(ExprKind::IntLit(lit), loc)));
                }
                return Ok(());
            }
            "launch_bounds" if has_args => {
                let open = self.loc();
                self.bump();
                let args = self.paren_free(|p| p.expr_list(TokenKind::RParen))?;
                self.expect_closing(TokenKind::RParen, open)?;
                return self.set_launch_bounds(specs, args, loc);
            }
            "noinline" => specs.noinline = true,
            "always_inline" | "forceinline" => specs.forceinline = true,
            "global" => specs.cuda.global = true,
            "device" => specs.cuda.device = true,
            "host" => specs.cuda.host = true,
            "shared" => specs.cuda.shared = true,
            "constant" => specs.cuda.constant = true,
            "managed" => specs.cuda.managed = true,
            _ if HARMLESS.contains(&bare.as_str()) => {}
            _ => self.warning_at(loc, format!("attribute '{name}' ignored by cuwasm")),
        }
        if has_args {
            self.skip_balanced()?;
        }
        Ok(())
    }

    /// Skip a balanced `(...)`, `[...]` or `{...}` group at the cursor.
    pub fn skip_balanced(&mut self) -> PResult<()> {
        let open = self.loc();
        let mut stack: Vec<TokenKind> = Vec::new();
        loop {
            let k = self.kind();
            match k {
                TokenKind::LParen => stack.push(TokenKind::RParen),
                TokenKind::LBracket => stack.push(TokenKind::RBracket),
                TokenKind::LBrace => stack.push(TokenKind::RBrace),
                TokenKind::RParen | TokenKind::RBracket | TokenKind::RBrace => {
                    if stack.last() == Some(&k) {
                        stack.pop();
                    } else {
                        return Err(self.error("unbalanced brackets"));
                    }
                }
                TokenKind::Eof => {
                    let close = stack.last().copied().unwrap_or(TokenKind::RParen);
                    return self.expect_closing(close, open).map(|_| ());
                }
                _ => {}
            }
            self.bump();
            if stack.is_empty() {
                return Ok(());
            }
        }
    }
}
