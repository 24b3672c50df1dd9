//! Expressions, with C's precedence and associativity (precedence climbing
//! for binary operators), casts, literals, names, calls, kernel launches,
//! braced lists.

use super::decl::{DeclCtx, Tmpl};
use super::keywords::Kw;
use super::{Fail, PResult, Parser};
use crate::cuda::ast::*;
use crate::cuda::literal;
use crate::cuda::token::TokenKind;

/// Lowest precedence of a binary operator (`||`).
const LOWEST_BINARY: u8 = 4;

impl Parser<'_> {
    /// Run `f` with `>` as an operator again (inside brackets).
    pub fn paren_free<T>(&mut self, f: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        let saved = self.greater_ends;
        self.greater_ends = false;
        let r = f(self);
        self.greater_ends = saved;
        r
    }

    /// An expression, comma operator included.
    pub fn expr(&mut self) -> PResult<Expr> {
        let mut e = self.assign_expr()?;
        while self.at(TokenKind::Comma) {
            let loc = self.loc();
            self.bump();
            let rhs = self.assign_expr()?;
            self.extend_chain()?;
            e = Expr::new(
                ExprKind::Binary(BinaryOp::Comma, Box::new(e), Box::new(rhs)),
                loc,
            );
        }
        Ok(e)
    }

    /// An assignment-expression (no top-level comma).
    pub fn assign_expr(&mut self) -> PResult<Expr> {
        self.nested(|p| p.assign_inner())
    }

    fn assign_inner(&mut self) -> PResult<Expr> {
        if self.kw() == Kw::Throw {
            return Err(self.unsupported(self.loc(), "exceptions ('throw')"));
        }
        let lhs = self.binary(LOWEST_BINARY)?;
        if self.at(TokenKind::Question) {
            let loc = self.loc();
            self.bump();
            let mid = self.expr()?;
            if !self.eat(TokenKind::Colon) {
                return Err(self.error_with_note(
                    format!("expected ':', found {}", self.describe()),
                    loc,
                    "to match this '?'",
                ));
            }
            let rhs = self.assign_expr()?;
            return Ok(Expr::new(
                ExprKind::Conditional(Box::new(lhs), Box::new(mid), Box::new(rhs)),
                loc,
            ));
        }
        if let Some(op) = self.assign_op() {
            let loc = self.loc();
            self.bump();
            let rhs = if self.at(TokenKind::LBrace) {
                let l = self.loc();
                let list = self.init_list()?;
                Expr::new(ExprKind::InitList(Box::new(list)), l)
            } else {
                self.assign_expr()?
            };
            return Ok(Expr::new(
                ExprKind::Assign(op, Box::new(lhs), Box::new(rhs)),
                loc,
            ));
        }
        Ok(lhs)
    }

    fn assign_op(&self) -> Option<Option<BinaryOp>> {
        use BinaryOp::*;
        Some(match self.kind() {
            TokenKind::Eq => None,
            TokenKind::PlusEq => Some(Add),
            TokenKind::MinusEq => Some(Sub),
            TokenKind::StarEq => Some(Mul),
            TokenKind::SlashEq => Some(Div),
            TokenKind::PercentEq => Some(Rem),
            TokenKind::LessLessEq => Some(Shl),
            TokenKind::GreaterGreaterEq if !self.greater_ends => Some(Shr),
            TokenKind::AmpEq => Some(BitAnd),
            TokenKind::CaretEq => Some(BitXor),
            TokenKind::PipeEq => Some(BitOr),
            _ => return None,
        })
    }

    fn binary_op(&self) -> Option<BinaryOp> {
        use BinaryOp::*;
        Some(match self.kind() {
            TokenKind::Star => Mul,
            TokenKind::Slash => Div,
            TokenKind::Percent => Rem,
            TokenKind::Plus => Add,
            TokenKind::Minus => Sub,
            TokenKind::LessLess => Shl,
            TokenKind::GreaterGreater if !self.greater_ends => Shr,
            TokenKind::Less => Lt,
            TokenKind::Greater if !self.greater_ends => Gt,
            TokenKind::LessEq => Le,
            TokenKind::GreaterEq if !self.greater_ends => Ge,
            TokenKind::EqEq => Eq,
            TokenKind::BangEq => Ne,
            TokenKind::Amp => BitAnd,
            TokenKind::Caret => BitXor,
            TokenKind::Pipe => BitOr,
            TokenKind::AmpAmp => LogAnd,
            TokenKind::PipePipe => LogOr,
            _ => return None,
        })
    }

    /// Binary operators of precedence `min_prec` and up (left-associative).
    fn binary(&mut self, min_prec: u8) -> PResult<Expr> {
        let mut lhs = self.unary()?;
        while let Some(op) = self.binary_op() {
            let prec = op.precedence();
            if prec < min_prec {
                break;
            }
            let loc = self.loc();
            self.bump();
            if matches!(self.kind(), TokenKind::DotStar | TokenKind::ArrowStar) {
                return Err(self.unsupported(self.loc(), "pointers to members"));
            }
            let rhs = self.binary(prec + 1)?;
            self.extend_chain()?;
            lhs = Expr::new(ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)), loc);
        }
        if matches!(self.kind(), TokenKind::DotStar | TokenKind::ArrowStar) {
            return Err(self.unsupported(self.loc(), "pointers to members"));
        }
        Ok(lhs)
    }

    /// Unary operators, casts, `sizeof`, `alignof`, `new`, `delete`.
    fn unary(&mut self) -> PResult<Expr> {
        let loc = self.loc();
        let op = match self.kind() {
            TokenKind::Plus => Some(UnaryOp::Plus),
            TokenKind::Minus => Some(UnaryOp::Minus),
            TokenKind::Bang => Some(UnaryOp::Not),
            TokenKind::Tilde => Some(UnaryOp::BitNot),
            TokenKind::Star => Some(UnaryOp::Deref),
            TokenKind::Amp => Some(UnaryOp::AddrOf),
            TokenKind::PlusPlus => Some(UnaryOp::PreInc),
            TokenKind::MinusMinus => Some(UnaryOp::PreDec),
            TokenKind::AmpAmp => return Err(self.unsupported(loc, "labels as values ('&&label')")),
            _ => None,
        };
        if let Some(op) = op {
            self.bump();
            let e = self.nested(|p| p.unary())?;
            return Ok(Expr::new(ExprKind::Unary(op, Box::new(e)), loc));
        }
        match self.kw() {
            Kw::Sizeof => return self.sizeof(),
            Kw::Alignof | Kw::AlignofC | Kw::AlignofGnu | Kw::AlignofGnu2 => {
                self.bump();
                if self.at(TokenKind::LParen) && self.type_id_follows(self.pos() + 1) {
                    let open = self.loc();
                    self.bump();
                    let t = self.type_id()?;
                    self.expect_closing(TokenKind::RParen, open)?;
                    return Ok(Expr::new(ExprKind::AlignofType(Box::new(t)), loc));
                }
                let e = self.nested(|p| p.unary())?;
                return Ok(Expr::new(ExprKind::AlignofExpr(Box::new(e)), loc));
            }
            Kw::New => return self.new_expr(false),
            Kw::Delete => return self.delete_expr(false),
            Kw::Extension => {
                self.bump();
                return self.nested(|p| p.unary());
            }
            Kw::CoAwait | Kw::CoYield => return Err(self.unsupported(loc, "coroutines")),
            _ => {}
        }
        if self.at(TokenKind::ColonColon) {
            match self.kw_at(self.pos() + 1) {
                Kw::New => {
                    self.bump();
                    return self.new_expr(true);
                }
                Kw::Delete => {
                    self.bump();
                    return self.delete_expr(true);
                }
                _ => {}
            }
        }
        if self.at(TokenKind::LParen) {
            if self.peek(1) == TokenKind::LBrace {
                let f = self.unsupported(loc, "statement expressions ('({ ... })')");
                self.skip_balanced()?;
                return Err(f);
            }
            if self.type_id_follows(self.pos() + 1) {
                return self.cast();
            }
        }
        self.postfix()
    }

    /// `(T)e` or the compound literal `(T){...}`, at `(`.
    fn cast(&mut self) -> PResult<Expr> {
        let loc = self.loc();
        self.bump();
        let ty = self.paren_free(|p| p.type_id())?;
        self.expect_closing(TokenKind::RParen, loc)?;
        if self.at(TokenKind::LBrace) {
            let list = self.init_list()?;
            let args = self.list_as_args(list)?;
            let e = Expr::new(
                ExprKind::Construct(Box::new(ConstructExpr {
                    ty,
                    args,
                    braced: true,
                })),
                loc,
            );
            return self.postfix_ops(e);
        }
        let e = self.nested(|p| p.unary())?;
        Ok(Expr::new(
            ExprKind::Cast(Box::new(CastExpr {
                kind: CastKind::C,
                ty,
                expr: e,
            })),
            loc,
        ))
    }

    fn sizeof(&mut self) -> PResult<Expr> {
        let loc = self.loc();
        self.bump();
        if self.at(TokenKind::Ellipsis) {
            return Err(self.unsupported(loc, "variadic templates ('sizeof...')"));
        }
        if self.at(TokenKind::LParen) && self.type_id_follows(self.pos() + 1) {
            let open = self.loc();
            self.bump();
            let t = self.paren_free(|p| p.type_id())?;
            self.expect_closing(TokenKind::RParen, open)?;
            return Ok(Expr::new(ExprKind::SizeofType(Box::new(t)), loc));
        }
        let e = self.nested(|p| p.unary())?;
        Ok(Expr::new(ExprKind::SizeofExpr(Box::new(e)), loc))
    }

    /// `new T`, `new T(args)`, `new T{...}`, `new T[n]`, after `::` if global.
    fn new_expr(&mut self, global: bool) -> PResult<Expr> {
        let loc = self.loc();
        self.bump();
        if self.at(TokenKind::LParen) {
            return Err(self.unsupported(loc, "placement new"));
        }
        let specs = self.decl_specs(DeclCtx::TypeId, Tmpl::None)?;
        if !specs.has_type() {
            return Err(self.error(format!(
                "expected a type after 'new', found {}",
                self.describe()
            )));
        }
        let mut ty = specs.base_type(self)?;
        while self.at(TokenKind::Star) {
            let l = self.loc();
            self.bump();
            let mut q = Quals::NONE;
            while matches!(self.kw(), Kw::Const | Kw::Volatile) {
                if self.kw() == Kw::Const {
                    q.is_const = true;
                } else {
                    q.is_volatile = true;
                }
                self.bump();
            }
            ty = Type {
                kind: TypeKind::Pointer(Box::new(ty)),
                quals: q,
                loc: l,
            };
        }
        let mut array_size = None;
        if self.at(TokenKind::LBracket) {
            let open = self.loc();
            self.bump();
            array_size = Some(self.paren_free(|p| p.expr())?);
            self.expect_closing(TokenKind::RBracket, open)?;
            let mut dims = Vec::new();
            while self.at(TokenKind::LBracket) {
                let open = self.loc();
                self.bump();
                let d = self.paren_free(|p| p.assign_expr())?;
                self.expect_closing(TokenKind::RBracket, open)?;
                dims.push((d, open));
            }
            for (d, l) in dims.into_iter().rev() {
                ty = Type::new(
                    TypeKind::Array {
                        elem: Box::new(ty),
                        size: Some(Box::new(d)),
                    },
                    l,
                );
            }
        }
        let init = match self.kind() {
            TokenKind::LParen => {
                let l = self.loc();
                Some(Initializer::Paren(self.call_args()?, l))
            }
            TokenKind::LBrace => Some(Initializer::List(self.init_list()?)),
            _ => None,
        };
        Ok(Expr::new(
            ExprKind::New(Box::new(NewExpr {
                global,
                ty,
                array_size,
                init,
            })),
            loc,
        ))
    }

    fn delete_expr(&mut self, _global: bool) -> PResult<Expr> {
        let loc = self.loc();
        self.bump();
        let array = if self.at(TokenKind::LBracket) && self.peek(1) == TokenKind::RBracket {
            self.bump();
            self.bump();
            true
        } else {
            false
        };
        let e = self.nested(|p| p.unary())?;
        Ok(Expr::new(
            ExprKind::Delete {
                array,
                expr: Box::new(e),
            },
            loc,
        ))
    }

    fn postfix(&mut self) -> PResult<Expr> {
        let e = self.primary()?;
        self.postfix_ops(e)
    }

    /// `[i]`, `(args)`, `.m`, `->m`, `++`, `--`, `<<<...>>>(args)` after `e`.
    fn postfix_ops(&mut self, mut e: Expr) -> PResult<Expr> {
        loop {
            let loc = self.loc();
            e = match self.kind() {
                TokenKind::LBracket => {
                    if self.peek(1) == TokenKind::LBracket {
                        return Err(self.error("unexpected '[['"));
                    }
                    self.bump();
                    let i = self.paren_free(|p| p.expr())?;
                    self.expect_closing(TokenKind::RBracket, loc)?;
                    Expr::new(ExprKind::Index(Box::new(e), Box::new(i)), loc)
                }
                TokenKind::LParen => {
                    let args = self.call_args()?;
                    Expr::new(ExprKind::Call(Box::new(e), args), loc)
                }
                TokenKind::Dot | TokenKind::Arrow => {
                    let arrow = self.at(TokenKind::Arrow);
                    self.bump();
                    let member = self.member_name()?;
                    Expr::new(
                        ExprKind::Member(Box::new(MemberExpr {
                            base: e,
                            arrow,
                            member,
                        })),
                        loc,
                    )
                }
                TokenKind::PlusPlus => {
                    self.bump();
                    Expr::new(ExprKind::Unary(UnaryOp::PostInc, Box::new(e)), loc)
                }
                TokenKind::MinusMinus => {
                    self.bump();
                    Expr::new(ExprKind::Unary(UnaryOp::PostDec, Box::new(e)), loc)
                }
                TokenKind::LessLessLess => self.launch(e)?,
                TokenKind::DotStar | TokenKind::ArrowStar => {
                    return Err(self.unsupported(loc, "pointers to members"));
                }
                _ => return Ok(e),
            };
            self.extend_chain()?;
        }
    }

    /// The member after `.` or `->`, with template arguments for a member
    /// template.
    fn member_name(&mut self) -> PResult<NameSeg> {
        let forced = self.eat_kw(Kw::Template);
        if self.at(TokenKind::Tilde) {
            return Err(self.unsupported(self.loc(), "explicit destructor calls"));
        }
        if self.kw() == Kw::Operator {
            return Err(self.unsupported(self.loc(), "explicit operator calls ('x.operator+(y)')"));
        }
        if !self.at_ident() {
            return Err(self.error(format!("expected a member name, found {}", self.describe())));
        }
        let ident = self.ident();
        let mut seg = NameSeg::plain(ident);
        if self.at(TokenKind::Less) {
            if forced {
                seg.targs = Some(self.template_args()?);
            } else if self.member_templates.contains(&ident.sym) {
                seg.targs = self.tentatively(|p| {
                    let args = p.template_args()?;
                    if p.at(TokenKind::LParen) {
                        Ok(args)
                    } else {
                        Err(Fail)
                    }
                });
            }
        }
        Ok(seg)
    }

    /// `<<<config>>>(args)` after the kernel.
    fn launch(&mut self, kernel: Expr) -> PResult<Expr> {
        let open = self.loc();
        self.bump();
        let config = self.paren_free(|p| p.expr_list(TokenKind::GreaterGreaterGreater))?;
        if !self.eat(TokenKind::GreaterGreaterGreater) {
            return Err(self.error_with_note(
                format!("expected '>>>', found {}", self.describe()),
                open,
                "to match this '<<<'",
            ));
        }
        if !(2..=4).contains(&config.len()) {
            return Err(self.error_at(
                open,
                format!(
                    "a kernel launch takes 2 to 4 configuration arguments (grid, block, \
                     shared memory bytes, stream), not {}",
                    config.len()
                ),
            ));
        }
        if !self.at(TokenKind::LParen) {
            return Err(self.error(format!(
                "expected '(' after the kernel launch configuration, found {}",
                self.describe()
            )));
        }
        let args = self.call_args()?;
        Ok(Expr::new(
            ExprKind::Launch(Box::new(LaunchExpr {
                kernel,
                config,
                args,
            })),
            open,
        ))
    }

    /// `( args )` at `(`: assignment-expressions or braced lists.
    pub fn call_args(&mut self) -> PResult<Vec<Expr>> {
        let open = self.loc();
        self.bump();
        let args = self.paren_free(|p| p.expr_list(TokenKind::RParen))?;
        self.expect_closing(TokenKind::RParen, open)?;
        Ok(args)
    }

    /// Comma-separated arguments up to `close` (not consumed).
    pub fn expr_list(&mut self, close: TokenKind) -> PResult<Vec<Expr>> {
        let mut args = Vec::new();
        if self.at(close) {
            return Ok(args);
        }
        let base = self.chain_mark();
        let mut top = base;
        loop {
            self.chain_reset(base);
            let e = if self.at(TokenKind::LBrace) {
                let l = self.loc();
                let list = self.init_list()?;
                Expr::new(ExprKind::InitList(Box::new(list)), l)
            } else {
                self.assign_expr()?
            };
            top = top.max(self.chain_mark());
            if self.at(TokenKind::Ellipsis) {
                return Err(self.unsupported(self.loc(), "variadic templates (pack expansions)"));
            }
            args.push(e);
            if !self.eat(TokenKind::Comma) {
                break;
            }
        }
        self.chain_reset(top);
        Ok(args)
    }

    /// `{ items }` at `{`, with designators (`.x = 1`, `[2] = 3`).
    pub fn init_list(&mut self) -> PResult<InitList> {
        self.nested(|p| {
            let open = p.loc();
            p.bump();
            let items = p.paren_free(|p| p.init_items())?;
            p.expect_closing(TokenKind::RBrace, open)?;
            Ok(InitList { items, loc: open })
        })
    }

    fn init_items(&mut self) -> PResult<Vec<InitItem>> {
        let mut items = Vec::new();
        let base = self.chain_mark();
        let mut top = base;
        while !self.at(TokenKind::RBrace) {
            self.chain_reset(base);
            let mut designators = Vec::new();
            loop {
                match self.kind() {
                    TokenKind::Dot if self.is_ident_at(self.pos() + 1) => {
                        self.bump();
                        designators.push(Designator::Field(self.ident()));
                    }
                    TokenKind::LBracket => {
                        let open = self.loc();
                        self.bump();
                        let e = self.assign_expr()?;
                        self.expect_closing(TokenKind::RBracket, open)?;
                        designators.push(Designator::Index(e));
                    }
                    _ => break,
                }
            }
            if !designators.is_empty() && !self.eat(TokenKind::Eq) {
                return Err(self.error(format!(
                    "expected '=' after the designator, found {}",
                    self.describe()
                )));
            }
            let value = if self.at(TokenKind::LBrace) {
                Initializer::List(self.init_list()?)
            } else {
                Initializer::Expr(self.assign_expr()?)
            };
            top = top.max(self.chain_mark());
            if self.at(TokenKind::Ellipsis) {
                return Err(self.unsupported(self.loc(), "variadic templates (pack expansions)"));
            }
            items.push(InitItem { designators, value });
            if !self.eat(TokenKind::Comma) {
                break;
            }
        }
        self.chain_reset(top);
        Ok(items)
    }

    /// A braced list's items as arguments (for `T{...}`).
    pub fn list_as_args(&mut self, list: InitList) -> PResult<Vec<Expr>> {
        let mut args = Vec::with_capacity(list.items.len());
        for item in list.items {
            if !item.designators.is_empty() {
                return Err(self.error_at(
                    list.loc,
                    "designated initializers are only supported in variable initializers",
                ));
            }
            args.push(match item.value {
                Initializer::Expr(e) => e,
                Initializer::List(l) => {
                    let loc = l.loc;
                    Expr::new(ExprKind::InitList(Box::new(l)), loc)
                }
                Initializer::Paren(_, loc) => Expr::error(loc),
            });
        }
        Ok(args)
    }

    /// Literals, names, `this`, parenthesized expressions, C++ casts,
    /// functional casts, builtins.
    fn primary(&mut self) -> PResult<Expr> {
        let loc = self.loc();
        match self.kind() {
            TokenKind::IntLiteral
            | TokenKind::FloatLiteral
            | TokenKind::CharLiteral
            | TokenKind::BadNumber => return Ok(self.number_or_char()),
            TokenKind::StringLiteral => return Ok(self.strings()),
            TokenKind::LParen => {
                self.bump();
                let e = self.paren_free(|p| p.expr())?;
                self.expect_closing(TokenKind::RParen, loc)?;
                return Ok(Expr::new(ExprKind::Paren(Box::new(e)), loc));
            }
            TokenKind::LBrace => {
                let list = self.init_list()?;
                return Ok(Expr::new(ExprKind::InitList(Box::new(list)), loc));
            }
            TokenKind::LBracket => return Err(self.unsupported(loc, "lambda expressions")),
            TokenKind::Unknown => {
                let text = self.spelling(self.tok());
                return Err(self.error(format!("unexpected character '{text}'")));
            }
            TokenKind::Identifier | TokenKind::ColonColon => {}
            _ => {
                return Err(self.error(format!("expected expression, found {}", self.describe())));
            }
        }
        match self.kw() {
            Kw::None => {}
            Kw::This => {
                self.bump();
                return Ok(Expr::new(ExprKind::This, loc));
            }
            Kw::Nullptr => {
                self.bump();
                return Ok(Expr::new(ExprKind::Nullptr, loc));
            }
            Kw::True | Kw::False => {
                let v = self.kw() == Kw::True;
                self.bump();
                return Ok(Expr::new(ExprKind::BoolLit(v), loc));
            }
            Kw::StaticCast | Kw::ReinterpretCast | Kw::ConstCast => return self.cxx_cast(),
            Kw::DynamicCast => return Err(self.unsupported(loc, "RTTI ('dynamic_cast')")),
            Kw::Typeid => return Err(self.unsupported(loc, "RTTI ('typeid')")),
            Kw::Throw => return Err(self.unsupported(loc, "exceptions ('throw')")),
            Kw::Noexcept => return Err(self.unsupported(loc, "'noexcept' expressions")),
            Kw::Requires => return Err(self.unsupported(loc, "C++20 'requires' expressions")),
            Kw::Operator => {
                return Err(self.unsupported(loc, "operator function names in expressions"));
            }
            Kw::Offsetof => return self.offsetof(),
            Kw::VaArg => return self.va_arg(),
            kw if kw.is_builtin_type() || matches!(kw, Kw::Typename | Kw::Decltype | Kw::Auto) => {
                let specs = self.decl_specs(DeclCtx::TypeId, Tmpl::None)?;
                let ty = specs.base_type(self)?;
                return self.construct(ty, loc);
            }
            _ => {
                return Err(self.error(format!("expected expression, found {}", self.describe())));
            }
        }
        // A plain name that is not followed by what a template or a type
        // would need is a value: no lookup.
        if self.at_ident()
            && !matches!(
                self.peek(1),
                TokenKind::Less | TokenKind::ColonColon | TokenKind::LParen | TokenKind::LBrace
            )
        {
            let ident = self.ident();
            return Ok(Expr::new(ExprKind::Ident(ident), loc));
        }
        let (q, kind, _) = self.qualified_name()?;
        if kind.is_some_and(|k| k.is_type()) {
            let ty = Type::new(TypeKind::Named(Box::new(q)), loc);
            return self.construct(ty, loc);
        }
        Ok(if q.is_simple() {
            Expr::new(ExprKind::Ident(q.name.ident), loc)
        } else {
            Expr::new(ExprKind::Name(Box::new(q)), loc)
        })
    }

    /// `T(args)` / `T{...}` after a type in an expression.
    fn construct(&mut self, ty: Type, loc: Loc) -> PResult<Expr> {
        let (args, braced) = match self.kind() {
            TokenKind::LParen => (self.call_args()?, false),
            TokenKind::LBrace => {
                let list = self.init_list()?;
                (self.list_as_args(list)?, true)
            }
            _ => {
                let name = type_to_string(&ty, &self.pp.sources);
                return Err(self.error_at(
                    loc,
                    format!("unexpected type name '{name}': expected expression"),
                ));
            }
        };
        Ok(Expr::new(
            ExprKind::Construct(Box::new(ConstructExpr { ty, args, braced })),
            loc,
        ))
    }

    /// `static_cast<T>(e)` and friends.
    fn cxx_cast(&mut self) -> PResult<Expr> {
        let loc = self.loc();
        let kind = match self.kw() {
            Kw::StaticCast => CastKind::Static,
            Kw::ReinterpretCast => CastKind::Reinterpret,
            _ => CastKind::Const,
        };
        self.bump();
        if !self.at(TokenKind::Less) {
            return Err(self.error(format!("expected '<' after '{}'", kind.name())));
        }
        let open = self.loc();
        self.bump();
        let saved = self.greater_ends;
        self.greater_ends = true;
        let ty = self.type_id();
        self.greater_ends = saved;
        let ty = ty?;
        if !self.eat_close_angle() {
            return Err(self.error_with_note(
                format!("expected '>', found {}", self.describe()),
                open,
                "to match this '<'",
            ));
        }
        if !self.at(TokenKind::LParen) {
            return Err(self.error(format!("expected '(', found {}", self.describe())));
        }
        let popen = self.loc();
        self.bump();
        let e = self.paren_free(|p| p.expr())?;
        self.expect_closing(TokenKind::RParen, popen)?;
        Ok(Expr::new(
            ExprKind::Cast(Box::new(CastExpr { kind, ty, expr: e })),
            loc,
        ))
    }

    /// `__builtin_offsetof(T, a.b[2])`.
    fn offsetof(&mut self) -> PResult<Expr> {
        let loc = self.loc();
        self.bump();
        let open = self.expect(TokenKind::LParen)?;
        let ty = self.paren_free(|p| p.type_id())?;
        self.expect(TokenKind::Comma)?;
        let mut ds = Vec::new();
        if !self.at_ident() {
            return Err(self.error(format!("expected a member name, found {}", self.describe())));
        }
        ds.push(Designator::Field(self.ident()));
        loop {
            match self.kind() {
                TokenKind::Dot => {
                    self.bump();
                    if !self.at_ident() {
                        return Err(self.error("expected a member name"));
                    }
                    ds.push(Designator::Field(self.ident()));
                }
                TokenKind::LBracket => {
                    let o = self.loc();
                    self.bump();
                    let e = self.paren_free(|p| p.expr())?;
                    self.expect_closing(TokenKind::RBracket, o)?;
                    ds.push(Designator::Index(e));
                }
                _ => break,
            }
        }
        self.expect_closing(TokenKind::RParen, open)?;
        Ok(Expr::new(ExprKind::Offsetof(Box::new(ty), ds), loc))
    }

    /// `__builtin_va_arg(ap, T)`.
    fn va_arg(&mut self) -> PResult<Expr> {
        let loc = self.loc();
        self.bump();
        let open = self.expect(TokenKind::LParen)?;
        let ap = self.paren_free(|p| p.assign_expr())?;
        self.expect(TokenKind::Comma)?;
        let ty = self.paren_free(|p| p.type_id())?;
        self.expect_closing(TokenKind::RParen, open)?;
        Ok(Expr::new(ExprKind::VaArg(Box::new(ap), Box::new(ty)), loc))
    }

    /// A number or character literal, decoded (errors are reported and give
    /// an error expression).
    fn number_or_char(&mut self) -> Expr {
        let loc = self.loc();
        let t = self.bump();
        let text = self.spelling(&t);
        let r = match t.kind {
            TokenKind::IntLiteral => literal::parse_int(text).map(ExprKind::IntLit),
            TokenKind::FloatLiteral => literal::parse_float(text).map(ExprKind::FloatLit),
            TokenKind::CharLiteral => literal::parse_char(text).map(ExprKind::CharLit),
            _ => Err(
                if text.contains(['.', 'p', 'P', 'e', 'E']) && !text.starts_with("0x") {
                    literal::parse_float(text).err()
                } else {
                    literal::parse_int(text).err()
                }
                .unwrap_or_else(|| format!("invalid number '{text}'")),
            ),
        };
        match r {
            Ok(kind) => Expr::new(kind, loc),
            Err(msg) => {
                let _ = self.error_at(loc, msg);
                Expr::error(loc)
            }
        }
    }

    /// Adjacent string literals, concatenated and decoded.
    fn strings(&mut self) -> Expr {
        let loc = self.loc();
        let mut pieces = Vec::new();
        let mut bad = None;
        while self.at(TokenKind::StringLiteral) {
            let l = self.loc();
            let t = self.bump();
            match literal::parse_string(self.spelling(&t)) {
                Ok(s) => pieces.push(s),
                Err(m) => {
                    bad.get_or_insert((l, m));
                }
            }
        }
        if let Some((l, m)) = bad {
            let _ = self.error_at(l, m);
            return Expr::error(loc);
        }
        match literal::concat_strings(&pieces) {
            Ok(s) => Expr::new(ExprKind::StringLit(Box::new(s)), loc),
            Err(m) => {
                let _ = self.error_at(loc, m);
                Expr::error(loc)
            }
        }
    }
}
