//! Declarators and type-ids: `*`, `&`, arrays, function parameters, the
//! inside-out construction of types (`float (*A)[N]`), builtin type
//! specifiers (`unsigned long long int`), and the test whether a type-id
//! starts at a token.

use super::decl::{DeclCtx, Tmpl};
use super::keywords::{Kw, spelling};
use super::scope::{NameKind, ScopeKind};
use super::{PResult, Parser};
use crate::cuda::ast::*;
use crate::cuda::token::TokenKind;

/// Builtin type specifiers seen so far.
#[derive(Clone, Copy, Debug, Default)]
pub struct BuiltinAcc {
    base: Option<Kw>,
    signed: Option<bool>,
    short: bool,
    long: u8,
    /// The first specifier.
    pub loc: Option<Loc>,
}

impl BuiltinAcc {
    pub fn is_empty(&self) -> bool {
        self.loc.is_none()
    }

    pub fn add(&mut self, kw: Kw, loc: Loc) -> Result<(), String> {
        self.loc.get_or_insert(loc);
        let clash = |prev: &str| {
            format!(
                "cannot combine '{}' with previous '{prev}' declaration specifier",
                spelling(kw)
            )
        };
        match kw {
            Kw::Signed | Kw::SignedGnu | Kw::Unsigned => {
                let s = kw != Kw::Unsigned;
                match self.signed {
                    Some(prev) if prev != s => {
                        return Err(clash(if prev { "signed" } else { "unsigned" }));
                    }
                    _ => self.signed = Some(s),
                }
            }
            Kw::Short => {
                if self.long > 0 {
                    return Err(clash("long"));
                }
                self.short = true;
            }
            Kw::Long => {
                if self.short {
                    return Err(clash("short"));
                }
                if self.long == 2 {
                    return Err("'long long long' is too long".to_string());
                }
                self.long += 1;
            }
            _ => {
                if let Some(prev) = self.base {
                    return Err(clash(spelling(prev)));
                }
                self.base = Some(kw);
            }
        }
        Ok(())
    }

    pub fn finish(&self) -> Result<BuiltinType, String> {
        use BuiltinType as B;
        let unsigned = self.signed == Some(false);
        let modifiers = self.signed.is_some() || self.short || self.long > 0;
        let no_modifiers = |b: B| {
            if modifiers {
                Err(format!(
                    "'{}' cannot be signed, unsigned, short or long",
                    b.name()
                ))
            } else {
                Ok(b)
            }
        };
        match self.base {
            None | Some(Kw::Int) => Ok(match (self.short, self.long, unsigned) {
                (true, _, false) => B::Short,
                (true, _, true) => B::UShort,
                (_, 1, false) => B::Long,
                (_, 1, true) => B::ULong,
                (_, 2, false) => B::LongLong,
                (_, 2, true) => B::ULongLong,
                (_, _, false) => B::Int,
                (_, _, true) => B::UInt,
            }),
            Some(Kw::Char) => {
                if self.short || self.long > 0 {
                    return Err("'char' cannot be short or long".to_string());
                }
                Ok(match self.signed {
                    None => B::Char,
                    Some(true) => B::SChar,
                    Some(false) => B::UChar,
                })
            }
            Some(Kw::Int128) => {
                if self.short || self.long > 0 {
                    return Err("'__int128' cannot be short or long".to_string());
                }
                Ok(if unsigned { B::UInt128 } else { B::Int128 })
            }
            Some(Kw::Double) => {
                if self.long == 1 && self.signed.is_none() && !self.short {
                    Ok(B::LongDouble)
                } else {
                    no_modifiers(B::Double)
                }
            }
            Some(Kw::Void) => no_modifiers(B::Void),
            Some(Kw::Bool) | Some(Kw::BoolC) => no_modifiers(B::Bool),
            Some(Kw::Float) => no_modifiers(B::Float),
            Some(Kw::Float16) => no_modifiers(B::Float16),
            Some(Kw::WChar) => no_modifiers(B::WChar),
            Some(Kw::Char8) => no_modifiers(B::Char8),
            Some(Kw::Char16) => no_modifiers(B::Char16),
            Some(Kw::Char32) => no_modifiers(B::Char32),
            Some(Kw::VaList) => no_modifiers(B::VaList),
            Some(other) => Err(format!("'{}' is not a type", spelling(other))),
        }
    }
}

/// How names are allowed in a declarator.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    /// Declarations: a name is required.
    Named,
    /// Parameters: a name is optional.
    MaybeAbstract,
    /// Type-ids: no name.
    Abstract,
}

/// One piece of a declarator, applied to the type inside-out.
#[derive(Clone, Debug)]
pub enum Chunk {
    Pointer(Quals, Loc),
    Ref(bool, Loc),
    Array(Option<Box<Expr>>, Loc),
    Func(Box<FuncChunk>),
}

/// `(params) const -> T`.
#[derive(Clone, Debug)]
pub struct FuncChunk {
    pub params: Vec<Param>,
    pub variadic: bool,
    pub is_const: bool,
    pub trailing: Option<Type>,
    pub loc: Loc,
}

/// The name a declarator declares.
#[derive(Clone, Debug)]
pub struct DName {
    pub qualifier: Vec<NameSeg>,
    pub name: DeclName,
    pub targs: Option<Vec<TemplateArg>>,
}

/// A parsed declarator: the name and the chunks in the order they apply to
/// the base type (the last applies closest to the name).
#[derive(Clone, Debug)]
pub struct Declarator {
    pub name: Option<DName>,
    pub chunks: Vec<Chunk>,
}

impl Declarator {
    pub fn is_function(&self) -> bool {
        matches!(self.chunks.last(), Some(Chunk::Func(_)))
    }
    /// The name, if it is a plain identifier.
    pub fn simple_name(&self) -> Option<Ident> {
        match &self.name {
            Some(DName {
                name: DeclName::Ident(i),
                ..
            }) => Some(*i),
            _ => None,
        }
    }
}

impl Parser<'_> {
    /// A declarator. `init_parens`: a `(` after the name may start an
    /// initializer (`dim3 grid(n, 1)`) rather than parameters.
    pub fn declarator(&mut self, mode: Mode, init_parens: bool) -> PResult<Declarator> {
        self.nested(|p| p.declarator_inner(mode, init_parens))
    }

    fn declarator_inner(&mut self, mode: Mode, init_parens: bool) -> PResult<Declarator> {
        let mut ptrs = Vec::new();
        loop {
            let loc = self.loc();
            match self.kind() {
                TokenKind::Star => {
                    self.bump();
                    let q = self.ptr_quals();
                    ptrs.push(Chunk::Pointer(q, loc));
                }
                TokenKind::Amp | TokenKind::AmpAmp => {
                    let rv = self.at(TokenKind::AmpAmp);
                    self.bump();
                    self.ptr_quals();
                    ptrs.push(Chunk::Ref(rv, loc));
                }
                TokenKind::Caret => return Err(self.unsupported(loc, "blocks ('^')")),
                TokenKind::Identifier | TokenKind::ColonColon if self.at_member_pointer() => {
                    return Err(self.unsupported(loc, "pointers to members"));
                }
                _ => break,
            }
            self.extend_chain()?;
        }
        let mut name = None;
        let mut inner = Vec::new();
        if self.at(TokenKind::LParen) && self.paren_is_nested(mode) {
            let open = self.loc();
            self.bump();
            let d = self.declarator(mode, false)?;
            self.expect_closing(TokenKind::RParen, open)?;
            name = d.name;
            inner = d.chunks;
        } else if mode != Mode::Abstract && self.at_declarator_name() {
            name = Some(self.declarator_name()?);
        } else if mode == Mode::Named {
            return Err(self.error(format!(
                "expected identifier or '(', found {}",
                self.describe()
            )));
        }
        let mut suffix = Vec::new();
        loop {
            match self.kind() {
                TokenKind::LBracket if self.peek(1) != TokenKind::LBracket => {
                    let open = self.loc();
                    self.bump();
                    let size = if self.at(TokenKind::RBracket) {
                        None
                    } else {
                        Some(Box::new(self.paren_free(|p| p.expr())?))
                    };
                    self.expect_closing(TokenKind::RBracket, open)?;
                    suffix.push(Chunk::Array(size, open));
                }
                TokenKind::LParen => {
                    if init_parens
                        && name.is_some()
                        && suffix.is_empty()
                        && inner.is_empty()
                        && !self.paren_is_params()
                    {
                        break;
                    }
                    suffix.push(Chunk::Func(Box::new(self.func_chunk()?)));
                }
                _ => break,
            }
            self.extend_chain()?;
        }
        let mut chunks = ptrs;
        chunks.extend(suffix.into_iter().rev());
        chunks.extend(inner);
        Ok(Declarator { name, chunks })
    }

    /// `const`, `volatile`, `__restrict__` after `*`.
    fn ptr_quals(&mut self) -> Quals {
        let mut q = Quals::NONE;
        loop {
            match self.kw() {
                Kw::Const | Kw::ConstGnu => q.is_const = true,
                Kw::Volatile | Kw::VolatileGnu => q.is_volatile = true,
                Kw::Restrict | Kw::RestrictGnu => q.is_restrict = true,
                Kw::Attribute | Kw::Attribute2 => {
                    let _ = self.attributes(&mut DeclSpecs::default());
                    continue;
                }
                _ => return q,
            }
            self.bump();
        }
    }

    /// `S::*` ahead (a pointer to member).
    fn at_member_pointer(&self) -> bool {
        let mut i = self.pos();
        if self.tok_at(i).kind == TokenKind::ColonColon {
            i += 1;
        }
        while self.is_ident_at(i) && self.tok_at(i + 1).kind == TokenKind::ColonColon {
            if self.tok_at(i + 2).kind == TokenKind::Star {
                return true;
            }
            i += 2;
        }
        false
    }

    fn at_declarator_name(&self) -> bool {
        match self.kind() {
            TokenKind::Identifier => self.kw() == Kw::None || self.kw() == Kw::Operator,
            TokenKind::ColonColon => self.is_ident_at(self.pos() + 1),
            TokenKind::Tilde => self.is_ident_at(self.pos() + 1),
            _ => false,
        }
    }

    /// `(` here starts a nested declarator (not parameters)?
    fn paren_is_nested(&self, mode: Mode) -> bool {
        if mode == Mode::Named {
            return true;
        }
        let i = self.pos() + 1;
        match self.tok_at(i).kind {
            TokenKind::Star | TokenKind::Amp | TokenKind::AmpAmp | TokenKind::Caret => true,
            TokenKind::Identifier | TokenKind::ColonColon if mode == Mode::MaybeAbstract => {
                if self.kw_at(i) != Kw::None {
                    return false;
                }
                match self.scan_name(i) {
                    Some(s) => !s.kind.is_some_and(|k| k.is_type()),
                    None => true,
                }
            }
            _ => false,
        }
    }

    /// After a declarator's name, does this `(` start parameters (else an
    /// initializer)?
    fn paren_is_params(&self) -> bool {
        let i = self.pos() + 1;
        match self.tok_at(i).kind {
            TokenKind::RParen | TokenKind::Ellipsis => return true,
            TokenKind::Identifier | TokenKind::ColonColon => {}
            _ => return false,
        }
        let kw = self.kw_at(i);
        if kw != Kw::None {
            return kw.starts_declaration() && self.type_id_follows(i)
                || (kw.starts_declaration() && !kw.starts_type());
        }
        if self.type_id_follows(i) {
            return true;
        }
        // An undeclared name followed by a declarator (`k(Bar *p)`) is a
        // parameter of an unknown type (reported as such), not an initializer.
        match self.scan_name(i) {
            Some(s) if s.kind.is_none() => {
                let after = self.tok_at(s.end).kind;
                self.is_ident_at(s.end)
                    || (matches!(after, TokenKind::Star | TokenKind::Amp | TokenKind::AmpAmp)
                        && (self.is_ident_at(s.end + 1)
                            || matches!(
                                self.tok_at(s.end + 1).kind,
                                TokenKind::Comma | TokenKind::RParen | TokenKind::Star
                            )))
            }
            _ => false,
        }
    }

    /// The name of a declarator: `x`, `S::f`, `~S`, `S::~S`,
    /// `operator+`, `operator float`, `f<float>` (specializations).
    fn declarator_name(&mut self) -> PResult<DName> {
        if self.at(TokenKind::Tilde) {
            self.bump();
            let i = self.ident();
            return Ok(DName {
                qualifier: Vec::new(),
                name: DeclName::Destructor(i),
                targs: None,
            });
        }
        if self.kw() == Kw::Operator {
            return Ok(DName {
                qualifier: Vec::new(),
                name: self.operator_name()?,
                targs: None,
            });
        }
        let (q, _, _) = self.qualified_name()?;
        let mut qualifier = q.qualifier;
        let seg = q.name;
        if self.at(TokenKind::ColonColon) {
            let after = self.pos() + 1;
            if self.tok_at(after).kind == TokenKind::Tilde && self.is_ident_at(after + 1) {
                self.bump();
                self.bump();
                qualifier.push(seg);
                let i = self.ident();
                return Ok(DName {
                    qualifier,
                    name: DeclName::Destructor(i),
                    targs: None,
                });
            }
            if self.kw_at(after) == Kw::Operator {
                self.bump();
                qualifier.push(seg);
                let name = self.operator_name()?;
                return Ok(DName {
                    qualifier,
                    name,
                    targs: None,
                });
            }
        }
        Ok(DName {
            qualifier,
            name: DeclName::Ident(seg.ident),
            targs: seg.targs,
        })
    }

    /// `operator` followed by an operator or a type.
    fn operator_name(&mut self) -> PResult<DeclName> {
        use OverloadedOp as O;
        let loc = self.loc();
        self.bump();
        let op = match self.kind() {
            TokenKind::Plus => O::Plus,
            TokenKind::Minus => O::Minus,
            TokenKind::Star => O::Star,
            TokenKind::Slash => O::Slash,
            TokenKind::Percent => O::Percent,
            TokenKind::Caret => O::Caret,
            TokenKind::Amp => O::Amp,
            TokenKind::Pipe => O::Pipe,
            TokenKind::Tilde => O::Tilde,
            TokenKind::Bang => O::Bang,
            TokenKind::Eq => O::Assign,
            TokenKind::Less => O::Less,
            TokenKind::Greater => O::Greater,
            TokenKind::PlusEq => O::PlusAssign,
            TokenKind::MinusEq => O::MinusAssign,
            TokenKind::StarEq => O::StarAssign,
            TokenKind::SlashEq => O::SlashAssign,
            TokenKind::PercentEq => O::PercentAssign,
            TokenKind::CaretEq => O::CaretAssign,
            TokenKind::AmpEq => O::AmpAssign,
            TokenKind::PipeEq => O::PipeAssign,
            TokenKind::LessLessEq => O::ShlAssign,
            TokenKind::GreaterGreaterEq => O::ShrAssign,
            TokenKind::LessLess => O::Shl,
            TokenKind::GreaterGreater => O::Shr,
            TokenKind::EqEq => O::EqEq,
            TokenKind::BangEq => O::NotEq,
            TokenKind::LessEq => O::LessEq,
            TokenKind::GreaterEq => O::GreaterEq,
            TokenKind::AmpAmp => O::AmpAmp,
            TokenKind::PipePipe => O::PipePipe,
            TokenKind::PlusPlus => O::PlusPlus,
            TokenKind::MinusMinus => O::MinusMinus,
            TokenKind::Comma => O::Comma,
            TokenKind::Arrow => O::Arrow,
            TokenKind::ArrowStar => return Err(self.unsupported(loc, "pointers to members")),
            TokenKind::LParen if self.peek(1) == TokenKind::RParen => {
                self.bump();
                O::Call
            }
            TokenKind::LBracket if self.peek(1) == TokenKind::RBracket => {
                self.bump();
                O::Subscript
            }
            TokenKind::StringLiteral => {
                return Err(self.unsupported(loc, "user-defined literals"));
            }
            _ if matches!(self.kw(), Kw::New | Kw::Delete) => {
                return Err(
                    self.unsupported(loc, "overloading of 'operator new' and 'operator delete'")
                );
            }
            _ => {
                // A conversion function: `operator float()`.
                let specs = self.decl_specs(DeclCtx::TypeId, Tmpl::None)?;
                let mut t = specs.base_type(self)?;
                loop {
                    let l = self.loc();
                    match self.kind() {
                        TokenKind::Star => {
                            self.bump();
                            let q = self.ptr_quals();
                            t = Type {
                                kind: TypeKind::Pointer(Box::new(t)),
                                quals: q,
                                loc: l,
                            };
                        }
                        TokenKind::Amp | TokenKind::AmpAmp => {
                            let rvalue = self.at(TokenKind::AmpAmp);
                            self.bump();
                            t = Type::new(
                                TypeKind::Reference {
                                    pointee: Box::new(t),
                                    rvalue,
                                },
                                l,
                            );
                        }
                        _ => break,
                    }
                }
                return Ok(DeclName::Conversion(Box::new(t), loc));
            }
        };
        self.bump();
        Ok(DeclName::Operator(op, loc))
    }

    /// `( params ) const -> T` at `(`.
    fn func_chunk(&mut self) -> PResult<FuncChunk> {
        let loc = self.loc();
        self.bump();
        let depth = self.scopes.depth();
        self.scopes.push(ScopeKind::Prototype);
        let r = self.paren_free(|p| p.params());
        self.scopes.truncate(depth);
        let (params, variadic) = r?;
        self.expect_closing(TokenKind::RParen, loc)?;
        let mut f = FuncChunk {
            params,
            variadic,
            is_const: false,
            trailing: None,
            loc,
        };
        loop {
            match self.kw() {
                Kw::Const | Kw::ConstGnu => f.is_const = true,
                Kw::Volatile | Kw::VolatileGnu => {}
                Kw::Noexcept | Kw::Throw => {
                    self.bump();
                    if self.at(TokenKind::LParen) {
                        self.skip_balanced()?;
                    }
                    continue;
                }
                Kw::None if self.at(TokenKind::Identifier) => {
                    let text = self.spelling(self.tok());
                    if text == "override" || text == "final" {
                        return Err(self.unsupported(self.loc(), "virtual functions"));
                    }
                    break;
                }
                Kw::None if self.at(TokenKind::Arrow) => {
                    self.bump();
                    f.trailing = Some(self.type_id()?);
                    break;
                }
                _ => break,
            }
            self.bump();
        }
        Ok(f)
    }

    fn params(&mut self) -> PResult<(Vec<Param>, bool)> {
        let mut params = Vec::new();
        let mut variadic = false;
        if self.at(TokenKind::RParen) {
            return Ok((params, variadic));
        }
        loop {
            if self.eat(TokenKind::Ellipsis) {
                variadic = true;
                break;
            }
            params.push(self.param()?);
            if self.eat(TokenKind::Ellipsis) {
                variadic = true;
                break;
            }
            if !self.eat(TokenKind::Comma) {
                break;
            }
        }
        if let [p] = params.as_slice()
            && p.name.is_none()
            && p.default.is_none()
            && p.ty.is_void()
            && p.ty.quals.is_empty()
        {
            params.clear();
        }
        Ok((params, variadic))
    }

    fn param(&mut self) -> PResult<Param> {
        let loc = self.loc();
        let specs = self.decl_specs(DeclCtx::Param, Tmpl::None)?;
        if !specs.has_type() {
            return Err(self.error(format!(
                "expected a parameter declaration, found {}",
                self.describe()
            )));
        }
        let base = specs.base_type(self)?;
        if self.at(TokenKind::Ellipsis) && self.peek(1) != TokenKind::RParen {
            return Err(self.unsupported(self.loc(), "variadic templates (parameter packs)"));
        }
        let d = self.declarator(Mode::MaybeAbstract, false)?;
        let name = d.simple_name();
        let ty = self.apply_chunks(base, d.chunks)?;
        let default = if self.eat(TokenKind::Eq) {
            Some(if self.at(TokenKind::LBrace) {
                let l = self.loc();
                let list = self.init_list()?;
                Expr::new(ExprKind::InitList(Box::new(list)), l)
            } else {
                self.assign_expr()?
            })
        } else {
            None
        };
        if let Some(n) = name {
            self.scopes.declare_here(n.sym, NameKind::Value);
        }
        Ok(Param {
            name,
            ty,
            default,
            loc,
        })
    }

    /// Apply declarator chunks to a base type.
    pub fn apply_chunks(&mut self, base: Type, chunks: Vec<Chunk>) -> PResult<Type> {
        let mut t = base;
        for c in chunks {
            t = match c {
                Chunk::Pointer(quals, loc) => Type {
                    kind: TypeKind::Pointer(Box::new(t)),
                    quals,
                    loc,
                },
                Chunk::Ref(rvalue, loc) => Type::new(
                    TypeKind::Reference {
                        pointee: Box::new(t),
                        rvalue,
                    },
                    loc,
                ),
                Chunk::Array(size, loc) => Type::new(
                    TypeKind::Array {
                        elem: Box::new(t),
                        size,
                    },
                    loc,
                ),
                Chunk::Func(f) => {
                    let ret = match f.trailing {
                        Some(tr) if matches!(t.kind, TypeKind::Auto) => tr,
                        _ => t,
                    };
                    Type::new(
                        TypeKind::Function(Box::new(FunctionType {
                            ret,
                            params: f.params.into_iter().map(|p| p.ty).collect(),
                            variadic: f.variadic,
                            is_const: f.is_const,
                        })),
                        f.loc,
                    )
                }
            };
        }
        Ok(t)
    }

    /// A type-id: `const float *`, `float (*)[N]`, `S<int>`.
    pub fn type_id(&mut self) -> PResult<Type> {
        self.nested(|p| {
            let loc = p.loc();
            let specs = p.decl_specs(DeclCtx::TypeId, Tmpl::None)?;
            if !specs.has_type() {
                return Err(p.error_at(loc, format!("expected a type, found {}", p.describe())));
            }
            let base = specs.base_type(p)?;
            let d = p.declarator(Mode::Abstract, false)?;
            p.apply_chunks(base, d.chunks)
        })
    }

    /// Does a type-id start at token `i`? (Casts, `sizeof`, template
    /// arguments; see the heuristics in `mod.rs`.)
    pub fn type_id_follows(&self, i: usize) -> bool {
        let kw = self.kw_at(i);
        if kw != Kw::None {
            if kw.is_builtin_type() {
                let mut j = i;
                while self.kw_at(j).is_builtin_type() || self.kw_at(j).is_qualifier() {
                    j += 1;
                }
                return !self.functional_after(j);
            }
            return kw.starts_type();
        }
        let t = self.tok_at(i);
        if !matches!(t.kind, TokenKind::Identifier | TokenKind::ColonColon) {
            return false;
        }
        match self.scan_name(i) {
            Some(s) if s.kind.is_some_and(|k| k.is_type()) => !self.functional_after(s.end),
            _ => false,
        }
    }

    /// A type name followed by what makes it an expression: `T(x)`, `T{}`,
    /// `T.x` (an error, but not a type).
    pub fn functional_after(&self, j: usize) -> bool {
        match self.tok_at(j).kind {
            TokenKind::LParen => !matches!(
                self.tok_at(j + 1).kind,
                TokenKind::Star | TokenKind::Amp | TokenKind::AmpAmp | TokenKind::Caret
            ),
            TokenKind::LBrace | TokenKind::Dot | TokenKind::Arrow => true,
            _ => false,
        }
    }
}
