//! Declarations: decl-specifiers, simple declarations (variables, functions,
//! typedefs), namespaces, `using`, `static_assert`, `extern "C"`, function
//! bodies and constructor initializers.

use super::keywords::Kw;
use super::scope::{NameKind, ScopeKind};
use super::templates::LookupCtx;
use super::types::{BuiltinAcc, Declarator, Mode};
use super::{Fail, PResult, Parser};
use crate::cuda::ast::*;
use crate::cuda::token::TokenKind;

/// Where a declaration stands.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum DeclCtx {
    /// Namespace scope (the file or a namespace).
    File,
    /// A class body.
    Member,
    /// A block (also `for` initializers and conditions).
    Block,
    /// A function parameter.
    Param,
    /// A non-type template parameter.
    TemplateParam,
    /// A type-id (casts, `sizeof`, template arguments, `new`).
    TypeId,
}

/// Whether the declaration is templated.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Tmpl {
    None,
    /// `template <params>`: the declared name is a template.
    Primary,
    /// `template <>` or an explicit instantiation.
    Specialization,
}

/// Parsed decl-specifiers.
pub struct Specs {
    pub specs: DeclSpecs,
    /// The type specifier (None: none written; constructors, destructors,
    /// conversion functions).
    pub ty: Option<Type>,
    pub builtin: BuiltinAcc,
    pub quals: Quals,
    pub typedef: bool,
    /// A tag defined (or forward-declared, see `elaborated`) here.
    pub tag_decl: Option<Decl>,
    /// `struct S` / `enum E` without a body: a forward declaration if no
    /// declarator follows.
    pub elaborated: Option<Decl>,
    pub loc: Loc,
}

impl Specs {
    /// The base type: the type specifier with the qualifiers.
    pub fn base_type(&self, p: &mut Parser) -> PResult<Type> {
        let mut ty = match &self.ty {
            Some(t) => t.clone(),
            None if !self.builtin.is_empty() => match self.builtin.finish() {
                Ok(b) => Type::builtin(b, self.builtin.loc.unwrap_or(self.loc)),
                Err(msg) => return Err(p.error_at(self.builtin.loc.unwrap_or(self.loc), msg)),
            },
            None => {
                return Err(p.error_at(
                    self.loc,
                    "a type specifier is required for all declarations",
                ));
            }
        };
        ty.quals = ty.quals.union(self.quals);
        Ok(ty)
    }

    pub fn has_type(&self) -> bool {
        self.ty.is_some() || !self.builtin.is_empty()
    }
}

impl Parser<'_> {
    /// A declaration in a context (templates, namespaces, using, ...).
    pub fn declaration(&mut self, ctx: DeclCtx) -> PResult<Vec<Decl>> {
        self.declaration_t(ctx, Tmpl::None)
    }

    pub fn declaration_t(&mut self, ctx: DeclCtx, tmpl: Tmpl) -> PResult<Vec<Decl>> {
        self.nested(|p| p.declaration_inner(ctx, tmpl))
    }

    fn declaration_inner(&mut self, ctx: DeclCtx, tmpl: Tmpl) -> PResult<Vec<Decl>> {
        let loc = self.loc();
        match self.kw() {
            Kw::Template => return self.template_decl(ctx),
            Kw::Namespace => {
                if ctx != DeclCtx::File {
                    return Err(
                        self.error("namespaces can only be defined in global or namespace scope")
                    );
                }
                return self.namespace_decl(false);
            }
            Kw::Inline if ctx == DeclCtx::File && self.kw_at(self.pos() + 1) == Kw::Namespace => {
                self.bump();
                return self.namespace_decl(true);
            }
            Kw::Using => return self.using_decl(ctx, tmpl),
            Kw::StaticAssert | Kw::StaticAssertC => return self.static_assert(),
            Kw::Extern if self.peek(1) == TokenKind::StringLiteral => {
                return self.linkage_spec(ctx);
            }
            Kw::Asm | Kw::AsmGnu | Kw::AsmGnu2 => {
                return Err(self.unsupported(loc, "inline assembly ('asm')"));
            }
            Kw::Export | Kw::Concept | Kw::Requires => {
                let what = format!("C++20 '{}'", self.spelling(self.tok()));
                return Err(self.unsupported(loc, &what));
            }
            _ => {}
        }
        match self.kind() {
            TokenKind::Semi => {
                self.bump();
                Ok(Vec::new())
            }
            TokenKind::PragmaUnroll(_) | TokenKind::PragmaUnrollExpr => {
                self.warning_at(
                    loc,
                    "'#pragma unroll' ignored: it must come before a for, while or do loop",
                );
                self.skip_pragma();
                Ok(Vec::new())
            }
            _ => self.simple_declaration(ctx, tmpl),
        }
    }

    /// Decl-specifiers: storage, qualifiers, CUDA attributes, the type.
    pub fn decl_specs(&mut self, ctx: DeclCtx, tmpl: Tmpl) -> PResult<Specs> {
        let mut s = Specs {
            specs: DeclSpecs {
                extern_c: self.extern_c > 0,
                ..DeclSpecs::default()
            },
            ty: None,
            builtin: BuiltinAcc::default(),
            quals: Quals::NONE,
            typedef: false,
            tag_decl: None,
            elaborated: None,
            loc: self.loc(),
        };
        loop {
            let loc = self.loc();
            let kw = self.kw();
            match kw {
                Kw::Typedef => s.typedef = true,
                Kw::Static => self.set_storage(&mut s, Storage::Static)?,
                Kw::Extern => self.set_storage(&mut s, Storage::Extern)?,
                Kw::Register => self.set_storage(&mut s, Storage::Register)?,
                Kw::Mutable => self.set_storage(&mut s, Storage::Mutable)?,
                Kw::ThreadLocal | Kw::ThreadLocalC | Kw::ThreadGnu => {
                    return Err(self.unsupported(loc, "thread-local storage"));
                }
                Kw::Inline | Kw::InlineGnu | Kw::InlineGnu2 => s.specs.inline = true,
                Kw::ForceInline => s.specs.forceinline = true,
                Kw::NoInline => s.specs.noinline = true,
                Kw::Constexpr | Kw::Consteval | Kw::Constinit => s.specs.constexpr = true,
                Kw::Explicit => {
                    self.bump();
                    if self.at(TokenKind::LParen) {
                        self.skip_balanced()?;
                    }
                    s.specs.explicit = true;
                    continue;
                }
                Kw::Friend => s.specs.friend = true,
                Kw::Virtual => {
                    return Err(self.unsupported(loc, "virtual functions"));
                }
                Kw::Const | Kw::ConstGnu => s.quals.is_const = true,
                Kw::Volatile | Kw::VolatileGnu => s.quals.is_volatile = true,
                Kw::Restrict | Kw::RestrictGnu => s.quals.is_restrict = true,
                Kw::Global => s.specs.cuda.global = true,
                Kw::Device => s.specs.cuda.device = true,
                Kw::Host => s.specs.cuda.host = true,
                Kw::Shared => s.specs.cuda.shared = true,
                Kw::Constant => s.specs.cuda.constant = true,
                Kw::Managed => s.specs.cuda.managed = true,
                Kw::GridConstant | Kw::Extension => {}
                Kw::Attribute | Kw::Attribute2 | Kw::Alignas | Kw::AlignasC | Kw::LaunchBounds => {
                    self.attributes(&mut s.specs)?;
                    continue;
                }
                Kw::Complex => return Err(self.unsupported(loc, "complex types ('_Complex')")),
                _ if kw.is_builtin_type() => {
                    if s.ty.is_some() {
                        return Err(self.error(format!(
                            "cannot combine '{}' with the type before it",
                            self.spelling(self.tok())
                        )));
                    }
                    if let Err(msg) = s.builtin.add(kw, loc) {
                        return Err(self.error(msg));
                    }
                }
                Kw::Auto => {
                    self.type_once(&mut s)?;
                    s.ty = Some(Type::new(TypeKind::Auto, loc));
                }
                Kw::Decltype | Kw::Typeof | Kw::TypeofGnu | Kw::TypeofGnu2 => {
                    self.type_once(&mut s)?;
                    self.bump();
                    let open = self.expect(TokenKind::LParen)?;
                    let t = if self.type_id_follows(self.pos()) {
                        self.type_id()?
                    } else {
                        let e = self.paren_free(|p| p.expr())?;
                        Type::new(TypeKind::Decltype(Box::new(e)), loc)
                    };
                    self.expect_closing(TokenKind::RParen, open)?;
                    s.ty = Some(t);
                    continue;
                }
                Kw::Struct | Kw::Class | Kw::Union | Kw::Enum => {
                    self.type_once(&mut s)?;
                    self.tag_specifier(ctx, tmpl, &mut s)?;
                    continue;
                }
                Kw::Typename => {
                    self.type_once(&mut s)?;
                    self.bump();
                    let (q, _, _) = self.qualified_name()?;
                    s.ty = Some(Type::new(TypeKind::Named(Box::new(q)), loc));
                    continue;
                }
                Kw::None if self.at(TokenKind::LBracket) && self.peek(1) == TokenKind::LBracket => {
                    self.attributes(&mut s.specs)?;
                    continue;
                }
                Kw::None
                    if (self.at(TokenKind::Identifier) || self.at(TokenKind::ColonColon))
                        && s.ty.is_none()
                        && s.builtin.is_empty() =>
                {
                    if !self.named_type_specifier(ctx, &mut s)? {
                        return Ok(s);
                    }
                    continue;
                }
                _ => return Ok(s),
            }
            self.bump();
        }
    }

    fn type_once(&mut self, s: &mut Specs) -> PResult<()> {
        if s.ty.is_some() || !s.builtin.is_empty() {
            return Err(self.error(format!(
                "cannot combine '{}' with the type before it",
                self.spelling(self.tok())
            )));
        }
        Ok(())
    }

    fn set_storage(&mut self, s: &mut Specs, st: Storage) -> PResult<()> {
        if s.specs.storage != Storage::None && s.specs.storage != st {
            return Err(self.error("cannot combine two storage classes"));
        }
        s.specs.storage = st;
        Ok(())
    }

    /// A name in decl-specifiers: a type (taken), a constructor's name or a
    /// declarator (not taken: false), or an unknown type name (reported and
    /// taken).
    fn named_type_specifier(&mut self, ctx: DeclCtx, s: &mut Specs) -> PResult<bool> {
        let Some(sc) = self.scan_name(self.pos()) else {
            return Ok(false);
        };
        let after = self.tok_at(sc.end).kind;
        // Constructors: `S(` inside class S, `S::S(` and `S<T>::S(` outside.
        if after == TokenKind::LParen {
            let in_own_class = ctx == DeclCtx::Member
                && sc.segments == 1
                && self.class_names.last() == Some(&sc.last);
            if in_own_class || (sc.segments > 1 && sc.prev == Some(sc.last)) {
                return Ok(false);
            }
        }
        let loc = self.loc();
        if sc.kind.is_some_and(|k| k.is_type()) {
            let (q, _, _) = self.qualified_name()?;
            s.ty = Some(Type::new(TypeKind::Named(Box::new(q)), loc));
            return Ok(true);
        }
        if sc.kind.is_some() {
            // A value or namespace: the declarator (or an error later).
            return Ok(false);
        }
        let unknown_type = match ctx {
            DeclCtx::Param | DeclCtx::TypeId | DeclCtx::TemplateParam => {
                !matches!(
                    after,
                    TokenKind::LParen | TokenKind::LBracket | TokenKind::Eq | TokenKind::Semi
                ) || sc.segments > 1
            }
            _ => {
                self.is_ident_at(sc.end)
                    || matches!(self.kw_at(sc.end), Kw::Const | Kw::Volatile)
                    || (matches!(after, TokenKind::Star | TokenKind::Amp | TokenKind::AmpAmp)
                        && ctx != DeclCtx::Block
                        && self.is_ident_at(sc.end + 1))
            }
        };
        if !unknown_type {
            return Ok(false);
        }
        let (q, _, _) = self.qualified_name()?;
        let name = crate::cuda::ast::qual_name_to_string(&q, &self.pp.sources);
        let _ = self.error_at(loc, format!("unknown type name '{name}'"));
        s.ty = Some(Type::new(TypeKind::Error, loc));
        Ok(true)
    }

    /// A declaration of variables, functions or typedefs (one per declarator),
    /// or of a tag alone (`struct S { ... };`).
    pub fn simple_declaration(&mut self, ctx: DeclCtx, tmpl: Tmpl) -> PResult<Vec<Decl>> {
        let start = self.loc();
        let mut specs = self.decl_specs(ctx, tmpl)?;
        if self.at(TokenKind::LBracket)
            && specs
                .ty
                .as_ref()
                .is_some_and(|t| matches!(t.kind, TypeKind::Auto))
        {
            return Err(self.unsupported(self.loc(), "structured bindings"));
        }
        let mut out = Vec::new();
        if let Some(td) = specs.tag_decl.take() {
            out.push(td);
        }
        if self.at(TokenKind::Semi) {
            self.bump();
            if let Some(e) = specs.elaborated.take() {
                if !specs.specs.friend {
                    out.push(e);
                }
            } else if out.is_empty() && specs.has_type() && ctx != DeclCtx::Member {
                self.warning_at(start, "declaration does not declare anything");
            }
            return Ok(out);
        }
        let init_parens = matches!(ctx, DeclCtx::File | DeclCtx::Block);
        loop {
            let d = self.declarator(Mode::Named, init_parens)?;
            let mut dspecs = specs.specs.clone();
            self.attributes(&mut dspecs)?;
            if matches!(self.kw(), Kw::Asm | Kw::AsmGnu | Kw::AsmGnu2) {
                return Err(self.unsupported(self.loc(), "asm labels"));
            }
            let is_function = d.is_function() && !specs.typedef;
            if is_function {
                let mut f = self.function_decl(ctx, tmpl, &specs, dspecs, d, start)?;
                let defining = self.at(TokenKind::LBrace)
                    || (self.at(TokenKind::Colon) && matches!(f.name, DeclName::Constructor(_)))
                    || self.kw() == Kw::Try;
                if defining {
                    if ctx == DeclCtx::Block {
                        return Err(self.error("function definition is not allowed here"));
                    }
                    self.function_body(&mut f)?;
                    out.push(Decl::new(DeclKind::Function(Box::new(f)), start));
                    return Ok(out);
                }
                if self.at(TokenKind::Eq) {
                    self.bump();
                    f.special = Some(match self.kw() {
                        Kw::Default => SpecialBody::Default,
                        Kw::Delete => SpecialBody::Delete,
                        _ if self.at(TokenKind::IntLiteral) => {
                            return Err(self.unsupported(start, "virtual functions"));
                        }
                        _ => return Err(self.error("expected 'default' or 'delete'")),
                    });
                    self.bump();
                }
                out.push(Decl::new(DeclKind::Function(Box::new(f)), start));
            } else {
                let decl = self.var_or_typedef(ctx, tmpl, &specs, dspecs, d, start)?;
                out.push(decl);
            }
            if !self.eat(TokenKind::Comma) {
                break;
            }
        }
        let what = match ctx {
            DeclCtx::File => "after top level declarator",
            _ => "at end of declaration",
        };
        self.expect_semi(what)?;
        Ok(out)
    }

    fn var_or_typedef(
        &mut self,
        ctx: DeclCtx,
        tmpl: Tmpl,
        specs: &Specs,
        dspecs: DeclSpecs,
        d: Declarator,
        start: Loc,
    ) -> PResult<Decl> {
        let Some(dn) = d.name.clone() else {
            return Err(self.error(format!(
                "expected identifier or '(', found {}",
                self.describe()
            )));
        };
        let DeclName::Ident(name) = dn.name else {
            return Err(self.error_at(dn.name.loc(), "expected a variable name"));
        };
        let base = specs.base_type(self)?;
        let ty = self.apply_chunks(base, d.chunks)?;
        if specs.typedef {
            let kind = if tmpl == Tmpl::Primary {
                NameKind::TypeTemplate
            } else {
                NameKind::Type
            };
            if dn.qualifier.is_empty() {
                self.scopes.declare(name.sym, kind);
            }
            return Ok(Decl::new(
                DeclKind::Typedef(Box::new(TypedefDecl {
                    name,
                    ty,
                    is_alias: false,
                })),
                start,
            ));
        }
        if dn.qualifier.is_empty() {
            let kind = if tmpl == Tmpl::Primary {
                NameKind::ValueTemplate
            } else {
                NameKind::Value
            };
            self.scopes.declare(name.sym, kind);
        }
        let mut var = VarDecl {
            name,
            qualifier: dn.qualifier,
            ty,
            specs: dspecs,
            init: None,
            bit_width: None,
        };
        if ctx == DeclCtx::Member && self.at(TokenKind::Colon) {
            self.bump();
            var.bit_width = Some(self.assign_expr()?);
        }
        var.init = self.var_initializer(ctx)?;
        Ok(Decl::new(DeclKind::Var(Box::new(var)), start))
    }

    /// `= init`, `{...}` or `(args)` after a variable's declarator.
    pub fn var_initializer(&mut self, ctx: DeclCtx) -> PResult<Option<Initializer>> {
        match self.kind() {
            TokenKind::Eq => {
                self.bump();
                Ok(Some(self.initializer_clause()?))
            }
            TokenKind::LBrace => Ok(Some(Initializer::List(self.init_list()?))),
            TokenKind::LParen if matches!(ctx, DeclCtx::File | DeclCtx::Block) => {
                let loc = self.loc();
                let args = self.call_args()?;
                Ok(Some(Initializer::Paren(args, loc)))
            }
            _ => Ok(None),
        }
    }

    /// An initializer after `=`: a braced list or an assignment-expression.
    pub fn initializer_clause(&mut self) -> PResult<Initializer> {
        if self.at(TokenKind::LBrace) {
            Ok(Initializer::List(self.init_list()?))
        } else {
            Ok(Initializer::Expr(self.assign_expr()?))
        }
    }

    fn function_decl(
        &mut self,
        ctx: DeclCtx,
        tmpl: Tmpl,
        specs: &Specs,
        dspecs: DeclSpecs,
        mut d: Declarator,
        start: Loc,
    ) -> PResult<FunctionDecl> {
        let Some(super::types::Chunk::Func(func)) = d.chunks.pop() else {
            return Err(Fail);
        };
        let Some(dn) = d.name.take() else {
            return Err(self.error_at(start, "expected a function name"));
        };
        let mut name = dn.name;
        // A constructor: the class's own name without a type.
        if let DeclName::Ident(i) = name {
            let own = (ctx == DeclCtx::Member && self.class_names.last() == Some(&i.sym))
                || dn.qualifier.last().is_some_and(|q| q.ident.sym == i.sym);
            if own && !specs.has_type() {
                name = DeclName::Constructor(i);
            }
        }
        let ret = match &name {
            DeclName::Constructor(_) | DeclName::Destructor(_) => {
                Type::builtin(BuiltinType::Void, start)
            }
            DeclName::Conversion(t, _) if !specs.has_type() => (**t).clone(),
            _ => specs.base_type(self)?,
        };
        let mut ret = self.apply_chunks(ret, d.chunks)?;
        if let Some(t) = func.trailing {
            if matches!(ret.kind, TypeKind::Auto) {
                ret = t;
            } else {
                return Err(self.error_at(
                    func.loc,
                    "a function with a trailing return type must be declared 'auto'",
                ));
            }
        }
        if let DeclName::Ident(i) = name
            && dn.qualifier.is_empty()
        {
            let kind = if tmpl == Tmpl::Primary {
                if ctx == DeclCtx::Member {
                    self.member_templates.insert(i.sym);
                }
                NameKind::ValueTemplate
            } else {
                NameKind::Value
            };
            self.scopes.declare(i.sym, kind);
        }
        Ok(FunctionDecl {
            name,
            qualifier: dn.qualifier,
            spec_args: dn.targs,
            ret,
            params: func.params,
            variadic: func.variadic,
            specs: dspecs,
            is_const: func.is_const,
            ctor_inits: Vec::new(),
            body: None,
            special: None,
        })
    }

    /// Constructor initializers and the body of a function definition.
    fn function_body(&mut self, f: &mut FunctionDecl) -> PResult<()> {
        let depth = self.scopes.depth();
        let r = self.function_body_inner(f);
        self.scopes.truncate(depth);
        r
    }

    fn function_body_inner(&mut self, f: &mut FunctionDecl) -> PResult<()> {
        if !f.qualifier.is_empty() {
            // Members of the class are visible in an out-of-class definition.
            let mut ctx = LookupCtx::Unqualified;
            for seg in &f.qualifier {
                ctx = self.resolve_scope(ctx, seg.ident.sym);
            }
            if let LookupCtx::In(s) = ctx {
                self.scopes.push_existing(s);
            }
        }
        self.scopes.push(ScopeKind::Block);
        for p in &f.params {
            if let Some(n) = p.name {
                self.scopes.declare_here(n.sym, NameKind::Value);
            }
        }
        if self.kw() == Kw::Try {
            return Err(self.unsupported(self.loc(), "exception handling ('try')"));
        }
        if self.eat(TokenKind::Colon) {
            loop {
                let loc = self.loc();
                let (member, _, _) = self.qualified_name()?;
                let (args, braced) = match self.kind() {
                    TokenKind::LParen => (self.call_args()?, false),
                    TokenKind::LBrace => {
                        let l = self.init_list()?;
                        (self.list_as_args(l)?, true)
                    }
                    _ => return Err(self.error("expected '(' or '{' in a constructor initializer")),
                };
                if self.at(TokenKind::Ellipsis) {
                    return Err(
                        self.unsupported(self.loc(), "variadic templates (pack expansions)")
                    );
                }
                f.ctor_inits.push(CtorInit {
                    member,
                    args,
                    braced,
                    loc,
                });
                if !self.eat(TokenKind::Comma) {
                    break;
                }
            }
        }
        if !self.at(TokenKind::LBrace) {
            return Err(self.error("expected a function body"));
        }
        f.body = Some(self.compound()?);
        Ok(())
    }

    /// `namespace [inline] name[::name...] { decls }`.
    fn namespace_decl(&mut self, inline: bool) -> PResult<Vec<Decl>> {
        let loc = self.loc();
        self.bump();
        let mut names = Vec::new();
        while self.at_ident() {
            names.push(self.ident());
            if !self.eat(TokenKind::ColonColon) {
                break;
            }
        }
        if self.at(TokenKind::Eq) {
            return Err(self.unsupported(loc, "namespace aliases"));
        }
        self.attributes(&mut DeclSpecs::default())?;
        if !self.at(TokenKind::LBrace) {
            return Err(self.error(format!("expected '{{', found {}", self.describe())));
        }
        let depth = self.scopes.depth();
        let r = self.namespace_body(&names, inline, loc);
        self.scopes.truncate(depth);
        r
    }

    fn namespace_body(&mut self, names: &[Ident], inline: bool, loc: Loc) -> PResult<Vec<Decl>> {
        if names.is_empty() {
            let parent = self.scopes.decl_scope();
            let s = self.scopes.anonymous_scope(ScopeKind::Namespace);
            self.scopes.add_using(parent, s);
            self.scopes.push_existing(s);
        }
        for n in names {
            self.scopes.declare(n.sym, NameKind::Namespace);
            let parent = self.scopes.decl_scope();
            let s = self.scopes.child_scope(n.sym, ScopeKind::Namespace);
            if inline {
                self.scopes.add_using(parent, s);
            }
            self.scopes.push_existing(s);
        }
        let open = self.loc();
        self.bump();
        let decls = self.decl_list(DeclCtx::File, open)?;
        let mut decl = Decl::new(
            DeclKind::Namespace(Box::new(NamespaceDecl {
                name: names.last().copied(),
                inline,
                decls,
            })),
            loc,
        );
        for n in names.iter().rev().skip(1) {
            decl = Decl::new(
                DeclKind::Namespace(Box::new(NamespaceDecl {
                    name: Some(*n),
                    inline: false,
                    decls: vec![decl],
                })),
                loc,
            );
        }
        Ok(vec![decl])
    }

    /// Declarations up to the `}` matching `open` (consumed).
    pub fn decl_list(&mut self, ctx: DeclCtx, open: Loc) -> PResult<Vec<Decl>> {
        let decls = self.braced_decls(ctx, open, Access::Public)?;
        Ok(decls.into_iter().map(|(_, d)| d).collect())
    }

    /// Declarations up to the `}` matching `open` (consumed), each with the
    /// access in force (access specifiers are read in class bodies); an
    /// error skips to the next declaration.
    pub fn braced_decls(
        &mut self,
        ctx: DeclCtx,
        open: Loc,
        mut access: Access,
    ) -> PResult<Vec<(Access, Decl)>> {
        let mut decls = Vec::new();
        let base = self.chain_mark();
        while !self.at(TokenKind::RBrace) && !self.at_eof() && !self.fatal {
            let start = self.pos();
            if ctx == DeclCtx::Member {
                let spec = match self.kw() {
                    Kw::Public => Some(Access::Public),
                    Kw::Protected => Some(Access::Protected),
                    Kw::Private => Some(Access::Private),
                    _ => None,
                };
                if let Some(a) = spec {
                    self.bump();
                    access = a;
                    if self.expect(TokenKind::Colon).is_err() {
                        self.recover(start);
                    }
                    continue;
                }
            }
            let mark = self.mark();
            self.chain_reset(base);
            match self.declaration(ctx) {
                Ok(ds) => decls.extend(ds.into_iter().map(|d| (access, d))),
                Err(_) => {
                    self.reset(mark);
                    self.recover(start);
                }
            }
        }
        self.chain_reset(base);
        if self.fatal {
            return Err(Fail);
        }
        self.expect_closing(TokenKind::RBrace, open)?;
        Ok(decls)
    }

    /// `using namespace N;`, `using N::x;`, `using T = type;`.
    fn using_decl(&mut self, _ctx: DeclCtx, tmpl: Tmpl) -> PResult<Vec<Decl>> {
        let loc = self.loc();
        self.bump();
        if self.eat_kw(Kw::Namespace) {
            let (q, _, ctx) = self.qualified_name()?;
            if let LookupCtx::In(s) = self.resolve_scope(ctx, q.name.ident.sym) {
                let here = self.scopes.decl_scope();
                self.scopes.add_using(here, s);
            }
            self.expect_semi("after namespace name")?;
            return Ok(vec![Decl::new(DeclKind::UsingDirective(Box::new(q)), loc)]);
        }
        if self.at_ident() && matches!(self.peek(1), TokenKind::Eq) {
            let name = self.ident();
            self.bump();
            let ty = self.type_id()?;
            let kind = if tmpl == Tmpl::Primary {
                NameKind::TypeTemplate
            } else {
                NameKind::Type
            };
            self.scopes.declare(name.sym, kind);
            self.expect_semi("after alias declaration")?;
            return Ok(vec![Decl::new(
                DeclKind::Typedef(Box::new(TypedefDecl {
                    name,
                    ty,
                    is_alias: true,
                })),
                loc,
            )]);
        }
        self.eat_kw(Kw::Typename);
        let (q, kind, ctx) = self.qualified_name()?;
        let scope = self.resolve_scope(ctx, q.name.ident.sym);
        let sym = q.name.ident.sym;
        self.scopes.declare(sym, kind.unwrap_or(NameKind::Value));
        if let (LookupCtx::In(s), Some(NameKind::Namespace)) = (scope, kind) {
            let here = self.scopes.decl_scope();
            self.scopes.add_using(here, s);
        }
        self.expect_semi("after using declaration")?;
        Ok(vec![Decl::new(DeclKind::UsingDecl(Box::new(q)), loc)])
    }

    fn static_assert(&mut self) -> PResult<Vec<Decl>> {
        let loc = self.loc();
        self.bump();
        let open = self.expect(TokenKind::LParen)?;
        let (cond, message) = self.paren_free(|p| {
            let cond = p.assign_expr()?;
            let message = if p.eat(TokenKind::Comma) {
                Some(p.assign_expr()?)
            } else {
                None
            };
            Ok((cond, message))
        })?;
        self.expect_closing(TokenKind::RParen, open)?;
        self.expect_semi("after static_assert")?;
        Ok(vec![Decl::new(
            DeclKind::StaticAssert(Box::new(StaticAssert { cond, message })),
            loc,
        )])
    }

    /// `extern "C" decl` / `extern "C" { decls }`.
    fn linkage_spec(&mut self, ctx: DeclCtx) -> PResult<Vec<Decl>> {
        let loc = self.loc();
        self.bump();
        let lit = self.bump();
        let lang = crate::cuda::literal::parse_string(self.spelling(&lit))
            .map(|s| {
                s.units
                    .iter()
                    .filter_map(|&u| char::from_u32(u))
                    .collect::<String>()
            })
            .unwrap_or_default();
        if lang != "C" && lang != "C++" {
            return Err(self.error_at(
                Loc(loc.0 + 1),
                format!("unknown linkage language \"{lang}\""),
            ));
        }
        if ctx != DeclCtx::File {
            return Err(self.error_at(
                loc,
                "linkage specifications are only allowed in namespace scope",
            ));
        }
        let c = lang == "C";
        self.extern_c += c as u32;
        let r = if self.at(TokenKind::LBrace) {
            let open = self.loc();
            self.bump();
            self.decl_list(DeclCtx::File, open).map(|d| (d, true))
        } else {
            self.declaration(DeclCtx::File).map(|d| (d, false))
        };
        self.extern_c -= c as u32;
        let (decls, braced) = r?;
        Ok(vec![Decl::new(
            DeclKind::LinkageSpec(Box::new(LinkageSpec {
                lang,
                braced,
                decls,
            })),
            loc,
        )])
    }
}
