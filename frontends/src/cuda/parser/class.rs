//! Structs, classes, unions and enums: tag specifiers, bodies, members,
//! base classes, enumerators.

use super::decl::{DeclCtx, Specs, Tmpl};
use super::keywords::Kw;
use super::scope::{NameKind, ScopeKind};
use super::templates::LookupCtx;
use super::{PResult, Parser};
use crate::cuda::ast::*;
use crate::cuda::token::TokenKind;

impl Parser<'_> {
    /// `struct|class|union|enum ...` in decl-specifiers.
    pub fn tag_specifier(&mut self, ctx: DeclCtx, tmpl: Tmpl, s: &mut Specs) -> PResult<()> {
        let loc = self.loc();
        let tag = match self.kw() {
            Kw::Struct => TagKind::Struct,
            Kw::Class => TagKind::Class,
            Kw::Union => TagKind::Union,
            _ => TagKind::Enum,
        };
        self.bump();
        if tag == TagKind::Enum {
            return self.enum_specifier(ctx, loc, s);
        }
        let mut rspecs = DeclSpecs::default();
        self.attributes(&mut rspecs)?;
        let mut name = None;
        let mut lookup = LookupCtx::Unknown;
        if self.at_ident() || (self.at(TokenKind::ColonColon) && self.is_ident_at(self.pos() + 1)) {
            let (q, _, l) = self.qualified_name()?;
            lookup = self.resolve_scope(l, q.name.ident.sym);
            name = Some(q);
        }
        self.attributes(&mut rspecs)?;
        if self.at(TokenKind::Identifier) && self.spelling(self.tok()) == "final" {
            self.bump();
        }
        let is_def = self.at(TokenKind::LBrace) || self.at(TokenKind::Colon);
        let type_kind = if tmpl == Tmpl::Primary {
            NameKind::TypeTemplate
        } else {
            NameKind::Type
        };
        if !is_def {
            let Some(q) = name else {
                return Err(
                    self.error(format!("expected a name or '{{' after '{}'", tag.keyword()))
                );
            };
            // `struct S;` declares S; `struct S *p` declares it if unknown.
            if q.qualifier.is_empty() && !q.global {
                let sym = q.name.ident.sym;
                let known = self.scopes.lookup(sym).is_some_and(|k| k.is_type());
                if !known || self.peek_is_semi_after_tag() {
                    self.scopes.declare(sym, type_kind);
                    self.scopes.child_scope(sym, ScopeKind::Class);
                }
            }
            s.elaborated = Some(Decl::new(
                DeclKind::Record(Box::new(RecordDecl {
                    tag,
                    name: Some(q.name.ident),
                    qualifier: q.qualifier.clone(),
                    anon_id: self.anon_id(),
                    spec_args: q.name.targs.clone(),
                    bases: Vec::new(),
                    members: None,
                    align: rspecs.align.map(|a| *a),
                })),
                loc,
            ));
            s.ty = Some(Type::new(TypeKind::Tag(tag, Box::new(q)), loc));
            return Ok(());
        }
        // A definition.
        let anon_id = self.anon_id();
        let scope = match &name {
            Some(q) if q.qualifier.is_empty() && !q.global => {
                let sym = q.name.ident.sym;
                if q.name.targs.is_none() {
                    self.scopes.declare(sym, type_kind);
                }
                self.scopes.child_scope(sym, ScopeKind::Class)
            }
            Some(_) => match lookup {
                LookupCtx::In(sc) => sc,
                _ => self.scopes.anonymous_scope(ScopeKind::Class),
            },
            None => self.scopes.anonymous_scope(ScopeKind::Class),
        };
        let mut bases = Vec::new();
        if self.eat(TokenKind::Colon) {
            loop {
                let bloc = self.loc();
                let mut access = None;
                loop {
                    match self.kw() {
                        Kw::Public => access = Some(Access::Public),
                        Kw::Protected => access = Some(Access::Protected),
                        Kw::Private => access = Some(Access::Private),
                        Kw::Virtual => {
                            return Err(self.unsupported(self.loc(), "virtual base classes"));
                        }
                        _ => break,
                    }
                    self.bump();
                }
                let (bname, _, bctx) = self.qualified_name()?;
                let bscope = self.resolve_scope(bctx, bname.name.ident.sym);
                if self.at(TokenKind::Ellipsis) {
                    return Err(
                        self.unsupported(self.loc(), "variadic templates (pack expansions)")
                    );
                }
                if let LookupCtx::In(b) = bscope {
                    self.scopes.add_using(scope, b);
                }
                bases.push(BaseSpec {
                    access,
                    name: bname,
                    loc: bloc,
                });
                if !self.eat(TokenKind::Comma) {
                    break;
                }
            }
        }
        if !self.at(TokenKind::LBrace) {
            return Err(self.error(format!("expected '{{', found {}", self.describe())));
        }
        let class_sym = name
            .as_ref()
            .map_or(crate::cuda::token::Sym::EMPTY, |q| q.name.ident.sym);
        let depth = self.scopes.depth();
        let classes = self.class_names.len();
        self.scopes.push_existing(scope);
        self.class_names.push(class_sym);
        let r = self.class_body(tag);
        self.scopes.truncate(depth);
        self.class_names.truncate(classes);
        let members = r?;
        let (rname, qualifier, spec_args) = match &name {
            Some(q) => (
                Some(q.name.ident),
                q.qualifier.clone(),
                q.name.targs.clone(),
            ),
            None => (None, Vec::new(), None),
        };
        s.tag_decl = Some(Decl::new(
            DeclKind::Record(Box::new(RecordDecl {
                tag,
                name: rname,
                qualifier,
                anon_id,
                spec_args,
                bases,
                members: Some(members),
                align: rspecs.align.map(|a| *a),
            })),
            loc,
        ));
        s.ty = Some(match name {
            Some(q) => Type::new(TypeKind::Tag(tag, Box::new(q)), loc),
            None => Type::new(TypeKind::AnonTag(tag, anon_id), loc),
        });
        Ok(())
    }

    fn peek_is_semi_after_tag(&self) -> bool {
        self.at(TokenKind::Semi)
    }

    /// `{ members }` of a class, at `{`.
    fn class_body(&mut self, tag: TagKind) -> PResult<Vec<Member>> {
        let open = self.loc();
        self.bump();
        let access = if tag == TagKind::Class {
            Access::Private
        } else {
            Access::Public
        };
        let decls = self.braced_decls(DeclCtx::Member, open, access)?;
        Ok(decls
            .into_iter()
            .map(|(access, decl)| Member { access, decl })
            .collect())
    }

    /// `enum [class] [name] [: type] [{ enumerators }]` after `enum`.
    fn enum_specifier(&mut self, _ctx: DeclCtx, loc: Loc, s: &mut Specs) -> PResult<()> {
        let scoped = matches!(self.kw(), Kw::Class | Kw::Struct);
        if scoped {
            self.bump();
        }
        let mut ignored = DeclSpecs::default();
        self.attributes(&mut ignored)?;
        let mut name = None;
        if self.at_ident() || (self.at(TokenKind::ColonColon) && self.is_ident_at(self.pos() + 1)) {
            let (q, _, _) = self.qualified_name()?;
            name = Some(q);
        }
        let underlying = if self.at(TokenKind::Colon) {
            self.bump();
            let specs = self.decl_specs(DeclCtx::TypeId, Tmpl::None)?;
            Some(specs.base_type(self)?)
        } else {
            None
        };
        let anon_id = self.anon_id();
        if let Some(q) = &name
            && q.qualifier.is_empty()
            && !q.global
        {
            self.scopes.declare(q.name.ident.sym, NameKind::Type);
        }
        let (ename, qualifier) = match &name {
            Some(q) => (Some(q.name.ident), q.qualifier.clone()),
            None => (None, Vec::new()),
        };
        s.ty = Some(match &name {
            Some(q) => Type::new(TypeKind::Tag(TagKind::Enum, Box::new(q.clone())), loc),
            None => Type::new(TypeKind::AnonTag(TagKind::Enum, anon_id), loc),
        });
        let enumerators = if self.at(TokenKind::LBrace) {
            Some(self.enumerators(&name, scoped)?)
        } else if name.is_none() {
            return Err(self.error(format!(
                "expected a name or '{{' after 'enum', found {}",
                self.describe()
            )));
        } else {
            None
        };
        let defined = enumerators.is_some();
        let decl = Decl::new(
            DeclKind::Enum(Box::new(EnumDecl {
                name: ename,
                qualifier,
                anon_id,
                scoped,
                underlying,
                enumerators,
            })),
            loc,
        );
        if defined {
            s.tag_decl = Some(decl);
        } else {
            s.elaborated = Some(decl);
        }
        Ok(())
    }

    /// `{ A, B = 2, ... }` of an enum, at `{`.
    fn enumerators(&mut self, name: &Option<QualName>, scoped: bool) -> PResult<Vec<Enumerator>> {
        let open = self.loc();
        self.bump();
        let enum_scope = match (name, scoped) {
            (Some(q), true) if q.qualifier.is_empty() => {
                Some(self.scopes.child_scope(q.name.ident.sym, ScopeKind::Class))
            }
            _ => None,
        };
        let mut enumerators = Vec::new();
        let base = self.chain_mark();
        let mut top = base;
        while !self.at(TokenKind::RBrace) {
            if !self.at_ident() {
                return Err(self.error(format!("expected identifier, found {}", self.describe())));
            }
            let en = self.ident();
            let mut ignored = DeclSpecs::default();
            self.attributes(&mut ignored)?;
            self.chain_reset(base);
            let value = if self.eat(TokenKind::Eq) {
                Some(self.assign_expr()?)
            } else {
                None
            };
            top = top.max(self.chain_mark());
            match enum_scope {
                Some(sc) => self.scopes.declare_in(sc, en.sym, NameKind::Value),
                None if !scoped => self.scopes.declare(en.sym, NameKind::Value),
                None => {}
            }
            enumerators.push(Enumerator { name: en, value });
            if !self.eat(TokenKind::Comma) {
                break;
            }
        }
        self.chain_reset(top);
        self.expect_closing(TokenKind::RBrace, open)?;
        Ok(enumerators)
    }
}
