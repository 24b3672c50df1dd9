//! Names, template arguments and template declarations.
//!
//! `scan_name` looks ahead at a possibly qualified, possibly templated name
//! without consuming it and tells what it denotes (the statement and cast
//! heuristics of `mod.rs` use it); `qualified_name` parses one.

use super::decl::{DeclCtx, Tmpl};
use super::keywords::Kw;
use super::scope::{GLOBAL, NameKind, ScopeId, ScopeKind};
use super::{PResult, Parser};
use crate::cuda::ast::*;
use crate::cuda::token::{Sym, TokenKind};

/// A name seen ahead of the cursor.
#[derive(Clone, Copy, Debug)]
pub struct Scanned {
    /// Index of the token after the name.
    pub end: usize,
    /// What the last component denotes (None: unknown or dependent).
    pub kind: Option<NameKind>,
    /// Number of components.
    pub segments: usize,
    pub last: Sym,
    /// The component before the last (`S` in `S::S`).
    pub prev: Option<Sym>,
}

/// Where the next component of a qualified name is looked up.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum LookupCtx {
    /// Unqualified: the scope chain.
    Unqualified,
    /// Inside a known namespace or class.
    In(ScopeId),
    /// After an unknown or dependent qualifier (`T::`): nothing is known.
    Unknown,
}

impl Parser<'_> {
    /// What `sym` denotes in a lookup context.
    pub fn resolve_kind(&self, ctx: LookupCtx, sym: Sym) -> Option<NameKind> {
        match ctx {
            LookupCtx::Unqualified => self.scopes.lookup(sym),
            LookupCtx::In(s) => self.scopes.lookup_in(s, sym),
            LookupCtx::Unknown => None,
        }
    }

    /// The namespace or class `sym` names in a lookup context (for `sym::`).
    pub fn resolve_scope(&self, ctx: LookupCtx, sym: Sym) -> LookupCtx {
        let found = match ctx {
            LookupCtx::Unqualified => self.scopes.lookup_scope(sym),
            LookupCtx::In(s) => self.scopes.child_in(s, sym),
            LookupCtx::Unknown => None,
        };
        found.map_or(LookupCtx::Unknown, LookupCtx::In)
    }

    /// Look at the name starting at token `i` (`::`, identifiers, `::`,
    /// template arguments of templates) without consuming it.
    pub fn scan_name(&self, mut i: usize) -> Option<Scanned> {
        let mut ctx = LookupCtx::Unqualified;
        if self.tok_at(i).kind == TokenKind::ColonColon {
            ctx = LookupCtx::In(GLOBAL);
            i += 1;
        }
        let mut segments = 0;
        let mut prev = None;
        loop {
            let mut forced = false;
            if self.kw_at(i) == Kw::Template {
                forced = true;
                i += 1;
            }
            if !self.is_ident_at(i) {
                return None;
            }
            let sym = self.tok_at(i).sym;
            i += 1;
            segments += 1;
            let kind = self.resolve_kind(ctx, sym);
            if self.tok_at(i).kind == TokenKind::Less
                && (forced || kind.is_some_and(|k| k.is_template()))
            {
                i = self.skip_angles(i)?;
            }
            if self.tok_at(i).kind == TokenKind::ColonColon
                && (self.is_ident_at(i + 1) || self.kw_at(i + 1) == Kw::Template)
            {
                prev = Some(sym);
                ctx = self.resolve_scope(ctx, sym);
                i += 1;
                continue;
            }
            return Some(Scanned {
                end: i,
                kind,
                segments,
                last: sym,
                prev,
            });
        }
    }

    /// The index after the `<...>` starting at `i` (counting `>>` as two).
    pub fn skip_angles(&self, mut i: usize) -> Option<usize> {
        let mut angles: i32 = 0;
        let mut parens: i32 = 0;
        loop {
            match self.tok_at(i).kind {
                TokenKind::Less if parens == 0 => angles += 1,
                TokenKind::Greater if parens == 0 => angles -= 1,
                TokenKind::GreaterGreater if parens == 0 => angles -= 2,
                TokenKind::GreaterGreaterGreater if parens == 0 => angles -= 3,
                TokenKind::GreaterEq if parens == 0 => angles -= 1,
                TokenKind::GreaterGreaterEq if parens == 0 => angles -= 2,
                TokenKind::LParen | TokenKind::LBracket => parens += 1,
                TokenKind::RParen | TokenKind::RBracket => {
                    parens -= 1;
                    if parens < 0 {
                        return None;
                    }
                }
                TokenKind::Semi | TokenKind::LBrace | TokenKind::RBrace | TokenKind::Eof => {
                    return None;
                }
                _ => {}
            }
            i += 1;
            if angles <= 0 {
                return Some(i);
            }
        }
    }

    /// Parse a possibly qualified name with template arguments. Stops before
    /// `::~` and `::operator` (declarator names). Returns the name, what it
    /// denotes, and where its last component was looked up (call
    /// [`Parser::resolve_scope`] with it for the scope the name itself is).
    pub fn qualified_name(&mut self) -> PResult<(QualName, Option<NameKind>, LookupCtx)> {
        let global = self.eat(TokenKind::ColonColon);
        let mut ctx = if global {
            LookupCtx::In(GLOBAL)
        } else {
            LookupCtx::Unqualified
        };
        let mut qualifier = Vec::new();
        loop {
            let forced = self.eat_kw(Kw::Template);
            if !self.at_ident() {
                return Err(self.error(format!(
                    "expected unqualified-id, found {}",
                    self.describe()
                )));
            }
            let ident = self.ident();
            let kind = self.resolve_kind(ctx, ident.sym);
            let mut seg = NameSeg::plain(ident);
            if self.at(TokenKind::Less) && (forced || kind.is_some_and(|k| k.is_template())) {
                seg.targs = Some(self.template_args()?);
            }
            if self.at(TokenKind::ColonColon)
                && (self.is_ident_at(self.pos() + 1) || self.kw_at(self.pos() + 1) == Kw::Template)
            {
                self.bump();
                qualifier.push(seg);
                ctx = self.resolve_scope(ctx, ident.sym);
                continue;
            }
            return Ok((
                QualName {
                    global,
                    qualifier,
                    name: seg,
                },
                kind,
                ctx,
            ));
        }
    }

    /// `<args>` at the cursor.
    pub fn template_args(&mut self) -> PResult<Vec<TemplateArg>> {
        let open = self.loc();
        self.bump();
        self.nested(|p| {
            let saved = p.greater_ends;
            p.greater_ends = true;
            let r = p.template_args_inner();
            p.greater_ends = saved;
            let args = r?;
            if !p.eat_close_angle() {
                return Err(p.error_with_note(
                    format!("expected '>', found {}", p.describe()),
                    open,
                    "to match this '<'",
                ));
            }
            Ok(args)
        })
    }

    fn template_args_inner(&mut self) -> PResult<Vec<TemplateArg>> {
        let mut args = Vec::new();
        if self.at(TokenKind::Greater) || self.tok().split_greater().is_some() {
            return Ok(args);
        }
        let base = self.chain_mark();
        let mut top = base;
        loop {
            self.chain_reset(base);
            let arg = if self.type_id_follows(self.pos()) {
                TemplateArg::Type(self.type_id()?)
            } else {
                TemplateArg::Expr(self.assign_expr()?)
            };
            top = top.max(self.chain_mark());
            if self.at(TokenKind::Ellipsis) {
                return Err(self.unsupported(self.loc(), "variadic templates (pack expansions)"));
            }
            args.push(arg);
            if !self.eat(TokenKind::Comma) {
                break;
            }
        }
        self.chain_reset(top);
        Ok(args)
    }

    /// `template <params> declaration`, `template <> declaration` or
    /// `template declaration` (explicit instantiation).
    pub fn template_decl(&mut self, ctx: DeclCtx) -> PResult<Vec<Decl>> {
        let loc = self.loc();
        self.bump();
        if !matches!(ctx, DeclCtx::File | DeclCtx::Member) {
            return Err(self.error_at(
                loc,
                "templates can only be declared in namespace or class scope",
            ));
        }
        if !self.at(TokenKind::Less) {
            let inner = self.declaration_t(ctx, Tmpl::Specialization)?;
            return Ok(inner
                .into_iter()
                .map(|d| Decl::new(DeclKind::ExplicitInstantiation(Box::new(d)), loc))
                .collect());
        }
        let open = self.loc();
        self.bump();
        let depth = self.scopes.depth();
        self.scopes.push(ScopeKind::TemplateParams);
        let r = self.template_rest(ctx, loc, open);
        self.scopes.truncate(depth);
        r
    }

    fn template_rest(&mut self, ctx: DeclCtx, loc: Loc, open: Loc) -> PResult<Vec<Decl>> {
        let mut params = Vec::new();
        let saved = self.greater_ends;
        self.greater_ends = true;
        let r = (|| {
            if self.at(TokenKind::Greater) || self.tok().split_greater().is_some() {
                return Ok(());
            }
            loop {
                params.push(self.template_param()?);
                if !self.eat(TokenKind::Comma) {
                    return Ok(());
                }
            }
        })();
        self.greater_ends = saved;
        r?;
        if !self.eat_close_angle() {
            return Err(self.error_with_note(
                format!("expected '>', found {}", self.describe()),
                open,
                "to match this '<'",
            ));
        }
        let tmpl = if params.is_empty() {
            Tmpl::Specialization
        } else {
            Tmpl::Primary
        };
        let inner = self.declaration_t(ctx, tmpl)?;
        Ok(inner
            .into_iter()
            .map(|decl| {
                Decl::new(
                    DeclKind::Template(Box::new(TemplateDecl {
                        params: params.clone(),
                        decl,
                    })),
                    loc,
                )
            })
            .collect())
    }

    fn template_param(&mut self) -> PResult<TemplateParam> {
        let loc = self.loc();
        let kw = self.kw();
        // `typename T::type N` is a non-type parameter of a dependent type.
        let is_type_param = matches!(kw, Kw::Typename | Kw::Class)
            && !(self.is_ident_at(self.pos() + 1) && self.peek(2) == TokenKind::ColonColon);
        if kw == Kw::Template {
            return Err(self.unsupported(loc, "template template parameters"));
        }
        if is_type_param {
            self.bump();
            if self.at(TokenKind::Ellipsis) {
                return Err(self.unsupported(self.loc(), "variadic templates"));
            }
            let name = if self.at_ident() {
                Some(self.ident())
            } else {
                None
            };
            let default = if self.eat(TokenKind::Eq) {
                Some(self.type_id()?)
            } else {
                None
            };
            if let Some(n) = name {
                self.scopes.declare_here(n.sym, NameKind::Type);
            }
            return Ok(TemplateParam {
                name,
                kind: TemplateParamKind::Type { default },
                loc,
            });
        }
        let specs = self.decl_specs(DeclCtx::TemplateParam, Tmpl::None)?;
        let base = specs.base_type(self)?;
        if self.at(TokenKind::Ellipsis) {
            return Err(self.unsupported(self.loc(), "variadic templates"));
        }
        let d = self.declarator(super::types::Mode::MaybeAbstract, false)?;
        let name = d.simple_name();
        let ty = self.apply_chunks(base, d.chunks)?;
        let default = if self.eat(TokenKind::Eq) {
            Some(self.assign_expr()?)
        } else {
            None
        };
        if let Some(n) = name {
            self.scopes.declare_here(n.sym, NameKind::Value);
        }
        Ok(TemplateParam {
            name,
            kind: TemplateParamKind::NonType { ty, default },
            loc,
        })
    }
}
