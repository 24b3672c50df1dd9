//! Statements.

use super::decl::{DeclCtx, Tmpl};
use super::keywords::Kw;
use super::scope::ScopeKind;
use super::types::Mode;
use super::{Fail, PResult, Parser};
use crate::cuda::ast::*;
use crate::cuda::token::TokenKind;

/// What a statement starting at a token is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum StmtStart {
    Decl,
    Expr,
}

impl Parser<'_> {
    /// `{ statements }` at `{`. (Not a nesting level of its own: nested
    /// blocks are statements, function bodies are in declarations.)
    pub fn compound(&mut self) -> PResult<Block> {
        self.compound_inner()
    }

    fn compound_inner(&mut self) -> PResult<Block> {
        {
            let p = self;
            let open = p.loc();
            p.expect(TokenKind::LBrace)?;
            let depth = p.scopes.depth();
            p.scopes.push(ScopeKind::Block);
            let stmts = p.statements_until_brace();
            p.scopes.truncate(depth);
            if p.fatal {
                return Err(Fail);
            }
            let end = p.expect_closing(TokenKind::RBrace, open)?;
            Ok(Block {
                stmts,
                loc: open,
                end,
            })
        }
    }

    fn statements_until_brace(&mut self) -> Vec<Stmt> {
        let mut stmts = Vec::new();
        let base = self.chain_mark();
        let mut top = base;
        while !self.at(TokenKind::RBrace) && !self.at_eof() && !self.fatal {
            let start = self.pos();
            let mark = self.mark();
            self.chain_reset(base);
            match self.statement() {
                Ok(s) => stmts.push(s),
                Err(Fail) => {
                    self.reset(mark);
                    self.recover(start);
                }
            }
            top = top.max(self.chain_mark());
        }
        self.chain_reset(top);
        stmts
    }

    /// One statement.
    pub fn statement(&mut self) -> PResult<Stmt> {
        self.nested(|p| p.statement_inner())
    }

    fn statement_inner(&mut self) -> PResult<Stmt> {
        let loc = self.loc();
        match self.kind() {
            TokenKind::LBrace => {
                let b = self.compound()?;
                return Ok(Stmt::new(StmtKind::Compound(b), loc));
            }
            TokenKind::Semi => {
                self.bump();
                return Ok(Stmt::new(StmtKind::Null, loc));
            }
            TokenKind::PragmaUnroll(_) | TokenKind::PragmaUnrollExpr => return self.unroll_stmt(),
            TokenKind::PragmaEnd => {
                self.bump();
                return Ok(Stmt::new(StmtKind::Null, loc));
            }
            TokenKind::LBracket if self.peek(1) == TokenKind::LBracket => {
                // `[[likely]]` and friends.
                let mut ignored = DeclSpecs::default();
                self.attributes(&mut ignored)?;
                return self.statement_inner();
            }
            _ => {}
        }
        match self.kw() {
            Kw::If => return self.if_stmt(),
            Kw::For => return self.for_stmt(),
            Kw::While => return self.while_stmt(None),
            Kw::Do => return self.do_stmt(None),
            Kw::Switch => return self.switch_stmt(),
            Kw::Case | Kw::Default => return self.labeled(),
            Kw::Break | Kw::Continue => {
                let kind = if self.kw() == Kw::Break {
                    StmtKind::Break
                } else {
                    StmtKind::Continue
                };
                let word = self.spelling(self.tok());
                self.bump();
                self.expect_semi(&format!("after {word} statement"))?;
                return Ok(Stmt::new(kind, loc));
            }
            Kw::Return | Kw::CoReturn => {
                if self.kw() == Kw::CoReturn {
                    return Err(self.unsupported(loc, "coroutines"));
                }
                self.bump();
                let value = if self.at(TokenKind::Semi) {
                    None
                } else if self.at(TokenKind::LBrace) {
                    let l = self.loc();
                    let list = self.init_list()?;
                    Some(Expr::new(ExprKind::InitList(Box::new(list)), l))
                } else {
                    Some(self.expr()?)
                };
                self.expect_semi("after return statement")?;
                return Ok(Stmt::new(StmtKind::Return(value), loc));
            }
            Kw::Goto => {
                self.bump();
                if self.at(TokenKind::Star) {
                    return Err(self.unsupported(loc, "computed goto ('goto *')"));
                }
                if !self.at_ident() {
                    return Err(
                        self.error(format!("expected a label name, found {}", self.describe()))
                    );
                }
                let label = self.ident();
                self.expect_semi("after goto statement")?;
                return Ok(Stmt::new(StmtKind::Goto(label), loc));
            }
            Kw::Try | Kw::Catch => {
                let f = self.unsupported(loc, "exception handling ('try'/'catch')");
                // Skip the try block and its handlers.
                self.bump();
                if self.at(TokenKind::LBrace) {
                    self.skip_balanced()?;
                }
                while self.kw() == Kw::Catch {
                    self.bump();
                    if self.at(TokenKind::LParen) {
                        self.skip_balanced()?;
                    }
                    if self.at(TokenKind::LBrace) {
                        self.skip_balanced()?;
                    }
                }
                let _ = f;
                return Ok(Stmt::new(StmtKind::Error, loc));
            }
            Kw::Asm | Kw::AsmGnu | Kw::AsmGnu2 => {
                return Err(self.unsupported(loc, "inline assembly ('asm')"));
            }
            Kw::Else => return Err(self.error("'else' without a previous 'if'")),
            Kw::Namespace | Kw::Template => {
                let ds = self.declaration(DeclCtx::Block)?;
                return Ok(Stmt::new(StmtKind::Decl(ds), loc));
            }
            _ => {}
        }
        if self.at_ident() && self.peek(1) == TokenKind::Colon {
            return self.labeled();
        }
        match self.classify(self.pos()) {
            StmtStart::Decl => {
                let ds = self.declaration(DeclCtx::Block)?;
                Ok(Stmt::new(StmtKind::Decl(ds), loc))
            }
            StmtStart::Expr => {
                let e = self.expr()?;
                self.expect_semi("after expression")?;
                Ok(Stmt::new(StmtKind::Expr(e), loc))
            }
        }
    }

    /// Is the statement at token `i` a declaration or an expression? (See the
    /// heuristics in `mod.rs`.)
    pub fn classify(&self, i: usize) -> StmtStart {
        let kw = self.kw_at(i);
        if kw != Kw::None {
            return if kw.starts_declaration() {
                StmtStart::Decl
            } else {
                StmtStart::Expr
            };
        }
        let t = self.tok_at(i);
        if !matches!(t.kind, TokenKind::Identifier | TokenKind::ColonColon) {
            return StmtStart::Expr;
        }
        let Some(s) = self.scan_name(i) else {
            return StmtStart::Expr;
        };
        match s.kind {
            Some(k) if k.is_type() => match self.tok_at(s.end).kind {
                TokenKind::LParen => {
                    if matches!(
                        self.tok_at(s.end + 1).kind,
                        TokenKind::Star | TokenKind::Amp | TokenKind::AmpAmp
                    ) {
                        StmtStart::Decl
                    } else {
                        StmtStart::Expr
                    }
                }
                TokenKind::LBrace
                | TokenKind::Dot
                | TokenKind::Arrow
                | TokenKind::LBracket
                | TokenKind::Semi
                | TokenKind::RParen
                | TokenKind::Comma => StmtStart::Expr,
                _ => StmtStart::Decl,
            },
            None if self.is_ident_at(s.end)
                || matches!(self.kw_at(s.end), Kw::Const | Kw::Volatile) =>
            {
                // `Foo x;` with Foo unknown: an unknown type (reported by
                // the declaration).
                StmtStart::Decl
            }
            _ => StmtStart::Expr,
        }
    }

    /// `case v:`, `default:` and `name:` labels (consecutive ones in a loop)
    /// and the statement they label.
    fn labeled(&mut self) -> PResult<Stmt> {
        let mut labels: Vec<(Loc, Option<Option<Expr>>, Option<Ident>)> = Vec::new();
        loop {
            let loc = self.loc();
            match self.kw() {
                Kw::Case => {
                    self.bump();
                    let v = self.assign_expr()?;
                    if self.at(TokenKind::Ellipsis) {
                        return Err(self.unsupported(self.loc(), "case ranges ('case a ... b')"));
                    }
                    self.expect_label_colon("after 'case'")?;
                    labels.push((loc, Some(Some(v)), None));
                }
                Kw::Default => {
                    self.bump();
                    self.expect_label_colon("after 'default'")?;
                    labels.push((loc, Some(None), None));
                }
                Kw::None if self.at_ident() && self.peek(1) == TokenKind::Colon => {
                    let name = self.ident();
                    self.bump();
                    let mut ignored = DeclSpecs::default();
                    self.attributes(&mut ignored)?;
                    labels.push((loc, None, Some(name)));
                }
                _ => break,
            }
            self.extend_chain()?;
        }
        let mut body = if self.at(TokenKind::RBrace) {
            // A label at the end of a block (C++23, C23).
            Stmt::new(StmtKind::Null, self.loc())
        } else {
            self.statement()?
        };
        for (loc, case, name) in labels.into_iter().rev() {
            let kind = match (case, name) {
                (Some(Some(v)), _) => StmtKind::Case(Box::new(v), Box::new(body)),
                (Some(None), _) => StmtKind::Default(Box::new(body)),
                (None, Some(n)) => StmtKind::Label(n, Box::new(body)),
                (None, None) => return Err(Fail),
            };
            body = Stmt::new(kind, loc);
        }
        Ok(body)
    }

    fn expect_label_colon(&mut self, what: &str) -> PResult<()> {
        if self.eat(TokenKind::Colon) {
            Ok(())
        } else {
            Err(self.error_after_prev(format!("expected ':' {what}")))
        }
    }

    /// `( condition )` after `if`, `while` or `switch`. An error inside the
    /// parentheses is reported and skipped, so that the body is still parsed.
    fn paren_condition(&mut self, keyword: &str) -> PResult<Condition> {
        if !self.at(TokenKind::LParen) {
            return Err(self.error(format!("expected '(' after '{keyword}'")));
        }
        let open = self.loc();
        self.bump();
        let r = self.paren_free(|p| p.condition());
        match r {
            Ok(c) => {
                if self.at(TokenKind::RParen) {
                    self.bump();
                } else {
                    let _ = self.expect_closing(TokenKind::RParen, open);
                    self.skip_to_close_paren(false);
                }
                Ok(c)
            }
            Err(_) => {
                if self.fatal {
                    return Err(Fail);
                }
                self.skip_to_close_paren(false);
                Ok(Condition::Expr(Expr::error(open)))
            }
        }
    }

    /// Skip to just after the `)` closing the parentheses the cursor is in;
    /// stop before `{`, `}` (and `;` unless `semis`) at that level.
    fn skip_to_close_paren(&mut self, semis: bool) {
        let mut depth = 0usize;
        loop {
            match self.kind() {
                TokenKind::LParen | TokenKind::LBracket => depth += 1,
                TokenKind::RParen | TokenKind::RBracket => {
                    if depth == 0 {
                        if self.at(TokenKind::RParen) {
                            self.bump();
                        }
                        return;
                    }
                    depth -= 1;
                }
                TokenKind::LBrace | TokenKind::RBrace | TokenKind::Eof => return,
                TokenKind::Semi if !semis => return,
                _ => {}
            }
            self.bump();
        }
    }

    /// An expression or a declaration with an initializer (`int n = f()`).
    fn condition(&mut self) -> PResult<Condition> {
        if self.classify(self.pos()) == StmtStart::Decl && !self.at(TokenKind::LParen) {
            let specs = self.decl_specs(DeclCtx::Block, Tmpl::None)?;
            let base = specs.base_type(self)?;
            let d = self.declarator(Mode::Named, false)?;
            let Some(name) = d.simple_name() else {
                return Err(self.error("expected a variable name in the condition"));
            };
            let ty = self.apply_chunks(base, d.chunks)?;
            self.scopes.declare(name.sym, super::scope::NameKind::Value);
            let init = match self.kind() {
                TokenKind::Eq => {
                    self.bump();
                    self.initializer_clause()?
                }
                TokenKind::LBrace => Initializer::List(self.init_list()?),
                _ => return Err(self.error("a declaration in a condition needs an initializer")),
            };
            return Ok(Condition::Decl(Box::new(VarDecl {
                name,
                qualifier: Vec::new(),
                ty,
                specs: specs.specs,
                init: Some(init),
                bit_width: None,
            })));
        }
        Ok(Condition::Expr(self.expr()?))
    }

    /// `if` ... `else if` ... `else` (the chain is parsed in a loop).
    fn if_stmt(&mut self) -> PResult<Stmt> {
        let depth = self.scopes.depth();
        let r = self.if_chain();
        self.scopes.truncate(depth);
        r
    }

    fn if_chain(&mut self) -> PResult<Stmt> {
        let mut links: Vec<(Loc, bool, Condition, Stmt)> = Vec::new();
        let mut else_ = None;
        loop {
            let loc = self.loc();
            self.bump();
            let is_constexpr = self.eat_kw(Kw::Constexpr);
            self.scopes.push(ScopeKind::Block);
            let cond = self.paren_condition("if")?;
            let then = self.statement()?;
            links.push((loc, is_constexpr, cond, then));
            if self.eat_kw(Kw::Else) {
                if self.kw() == Kw::If {
                    self.extend_chain()?;
                    continue;
                }
                else_ = Some(self.statement()?);
            }
            break;
        }
        let mut result = else_;
        for (loc, is_constexpr, cond, then) in links.into_iter().rev() {
            result = Some(Stmt::new(
                StmtKind::If(Box::new(IfStmt {
                    cond,
                    then,
                    else_: result,
                    is_constexpr,
                })),
                loc,
            ));
        }
        result.ok_or(Fail)
    }

    fn for_stmt(&mut self) -> PResult<Stmt> {
        let depth = self.scopes.depth();
        self.scopes.push(ScopeKind::Block);
        let r = self.for_inner();
        self.scopes.truncate(depth);
        r
    }

    fn for_inner(&mut self) -> PResult<Stmt> {
        let loc = self.loc();
        self.bump();
        if !self.at(TokenKind::LParen) {
            return Err(self.error("expected '(' after 'for'"));
        }
        let open = self.loc();
        self.bump();
        type Header = (Option<Stmt>, Option<Condition>, Option<Expr>);
        let header: PResult<Header> = self.paren_free(|p| {
            let init = if p.at(TokenKind::Semi) {
                p.bump();
                None
            } else {
                let l = p.loc();
                if p.classify(p.pos()) == StmtStart::Decl {
                    let ds = p.for_init_decl()?;
                    Some(Stmt::new(StmtKind::Decl(ds), l))
                } else {
                    let e = p.expr()?;
                    if !p.eat(TokenKind::Semi) {
                        return Err(p.error_after_prev("expected ';' in 'for' statement specifier"));
                    }
                    Some(Stmt::new(StmtKind::Expr(e), l))
                }
            };
            let cond = if p.at(TokenKind::Semi) {
                None
            } else {
                Some(p.condition()?)
            };
            if !p.eat(TokenKind::Semi) {
                return Err(p.error_after_prev("expected ';' in 'for' statement specifier"));
            }
            let inc = if p.at(TokenKind::RParen) {
                None
            } else {
                Some(p.expr()?)
            };
            Ok((init, cond, inc))
        });
        let (init, cond, inc) = match header {
            Ok(h) => {
                if self.at(TokenKind::RParen) {
                    self.bump();
                } else {
                    let _ = self.expect_closing(TokenKind::RParen, open);
                    self.skip_to_close_paren(true);
                }
                h
            }
            Err(_) => {
                if self.fatal {
                    return Err(Fail);
                }
                self.skip_to_close_paren(true);
                (None, Some(Condition::Expr(Expr::error(open))), None)
            }
        };
        let body = self.statement()?;
        Ok(Stmt::new(
            StmtKind::For(Box::new(ForStmt {
                init,
                cond,
                inc,
                body,
                unroll: None,
            })),
            loc,
        ))
    }

    /// The declaration in a `for` initializer (a range-based for is reported).
    fn for_init_decl(&mut self) -> PResult<Vec<Decl>> {
        let start = self.pos();
        let specs = self.decl_specs(DeclCtx::Block, Tmpl::None)?;
        if self.at(TokenKind::LBracket) {
            return Err(self.unsupported(self.loc(), "structured bindings"));
        }
        // Look for `decl :` (range-based for) before committing.
        let d = self.tentatively(|p| p.declarator(Mode::Named, false));
        if d.is_some() && self.at(TokenKind::Colon) {
            return Err(self.unsupported(Loc(start as u32), "range-based for loops"));
        }
        drop(specs);
        self.restore((start, None));
        self.simple_declaration(DeclCtx::Block, Tmpl::None)
    }

    fn while_stmt(&mut self, unroll: Option<Unroll>) -> PResult<Stmt> {
        let loc = self.loc();
        self.bump();
        let depth = self.scopes.depth();
        self.scopes.push(ScopeKind::Block);
        let r = (|| {
            let cond = self.paren_condition("while")?;
            let body = self.statement()?;
            Ok(Stmt::new(
                StmtKind::While(Box::new(WhileStmt { cond, body, unroll })),
                loc,
            ))
        })();
        self.scopes.truncate(depth);
        r
    }

    fn do_stmt(&mut self, unroll: Option<Unroll>) -> PResult<Stmt> {
        let loc = self.loc();
        self.bump();
        let body = self.statement()?;
        if self.kw() != Kw::While {
            return Err(self.error(format!(
                "expected 'while' in do/while loop, found {}",
                self.describe()
            )));
        }
        self.bump();
        let open = self.expect(TokenKind::LParen)?;
        let cond = self.paren_free(|p| p.expr())?;
        self.expect_closing(TokenKind::RParen, open)?;
        self.expect_semi("after do/while statement")?;
        Ok(Stmt::new(
            StmtKind::DoWhile(Box::new(DoWhileStmt { body, cond, unroll })),
            loc,
        ))
    }

    fn switch_stmt(&mut self) -> PResult<Stmt> {
        let loc = self.loc();
        self.bump();
        let depth = self.scopes.depth();
        self.scopes.push(ScopeKind::Block);
        let r = (|| {
            let cond = self.paren_condition("switch")?;
            let body = self.statement()?;
            Ok(Stmt::new(
                StmtKind::Switch(Box::new(SwitchStmt { cond, body })),
                loc,
            ))
        })();
        self.scopes.truncate(depth);
        r
    }

    /// `#pragma unroll [N]` and the loop it applies to.
    fn unroll_stmt(&mut self) -> PResult<Stmt> {
        let loc = self.loc();
        let kind = match self.kind() {
            TokenKind::PragmaUnroll(None) => {
                self.bump();
                UnrollKind::Full
            }
            TokenKind::PragmaUnroll(Some(n)) => {
                self.bump();
                UnrollKind::Count(n)
            }
            _ => {
                self.bump();
                let e = self.paren_free(|p| p.assign_expr());
                let e = match e {
                    Ok(e) if self.at(TokenKind::PragmaEnd) => e,
                    r => {
                        let f = match r {
                            Ok(_) => self.error(format!(
                                "expected the end of '#pragma unroll', found {}",
                                self.describe()
                            )),
                            Err(f) => f,
                        };
                        while !self.at(TokenKind::PragmaEnd) && !self.at_eof() {
                            self.bump();
                        }
                        self.eat(TokenKind::PragmaEnd);
                        return Err(f);
                    }
                };
                self.bump();
                UnrollKind::Expr(e)
            }
        };
        let unroll = Unroll { kind, loc };
        if self.at(TokenKind::RBrace) || self.at_eof() {
            self.warning_at(
                loc,
                "'#pragma unroll' ignored: it must come before a for, while or do loop",
            );
            return Ok(Stmt::new(StmtKind::Null, loc));
        }
        match self.kw() {
            Kw::While => return self.while_stmt(Some(unroll)),
            Kw::Do => return self.do_stmt(Some(unroll)),
            _ => {}
        }
        let mut s = self.statement()?;
        match &mut s.kind {
            StmtKind::For(f) if f.unroll.is_none() => f.unroll = Some(unroll),
            _ => self.warning_at(
                loc,
                "'#pragma unroll' ignored: it must come before a for, while or do loop",
            ),
        }
        Ok(s)
    }
}
