//! Expressions and initializers.

use super::{Ident, Loc, NameSeg, QualName, Type};
use crate::cuda::literal::{CharLit, FloatLit, IntLit, StrLit};

/// An expression. `loc` is its first token, or its operator for binary,
/// assignment, conditional, member, subscript, call and launch expressions
/// (where clang puts the caret).
#[derive(Clone, PartialEq, Debug)]
pub struct Expr {
    pub kind: ExprKind,
    pub loc: Loc,
}

/// What an expression is.
#[derive(Clone, PartialEq, Debug)]
pub enum ExprKind {
    /// An integer literal, decoded (value, radix, suffix).
    IntLit(IntLit),
    /// A floating literal, decoded.
    FloatLit(FloatLit),
    /// A character literal, decoded.
    CharLit(CharLit),
    /// A string literal (adjacent literals concatenated), decoded.
    StringLit(Box<StrLit>),
    /// `true` / `false`.
    BoolLit(bool),
    /// `nullptr`.
    Nullptr,
    /// `this`.
    This,
    /// An unqualified name without template arguments: a variable, function,
    /// enumerator, parameter (the common case, kept small).
    Ident(Ident),
    /// Any other name: qualified (`ns::f`, `E::A`, `::acos`) or with explicit
    /// template arguments (`f<float, 256>`).
    Name(Box<QualName>),
    /// A prefix or postfix unary operator.
    Unary(UnaryOp, Box<Expr>),
    /// A binary operator (also the comma operator); not assignments.
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    /// `=` (None) or a compound assignment (`+=`: Some(Add)).
    Assign(Option<BinaryOp>, Box<Expr>, Box<Expr>),
    /// `c ? a : b`.
    Conditional(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `(T)e`, `static_cast<T>(e)`, `reinterpret_cast<T>(e)`, `const_cast<T>(e)`.
    Cast(Box<CastExpr>),
    /// Functional notation: `T(args)` or `T{args}` with `T` a type
    /// (`float(x)`, `dim3(8, 8)`, `float4{}`); with one parenthesized
    /// argument it means a C cast.
    Construct(Box<ConstructExpr>),
    /// `callee(args)`.
    Call(Box<Expr>, Vec<Expr>),
    /// `kernel<<<grid, block[, shmem[, stream]]>>>(args)`.
    Launch(Box<LaunchExpr>),
    /// `base.member` / `base->member`.
    Member(Box<MemberExpr>),
    /// `base[index]`.
    Index(Box<Expr>, Box<Expr>),
    /// `sizeof expr` / `sizeof(expr)`.
    SizeofExpr(Box<Expr>),
    /// `sizeof(type)`.
    SizeofType(Box<Type>),
    /// `alignof(type)` / `_Alignof(type)` / `__alignof__(type)`.
    AlignofType(Box<Type>),
    /// `__alignof__ expr` (GNU).
    AlignofExpr(Box<Expr>),
    /// `new T`, `new T(args)`, `new T{...}`, `new T[n]` (host code).
    New(Box<NewExpr>),
    /// `delete p` / `delete[] p` (host code).
    Delete { array: bool, expr: Box<Expr> },
    /// A braced list where an expression may stand: `f({1, 2})`, `x = {a, b}`,
    /// `return {a, b};`.
    InitList(Box<InitList>),
    /// `( expr )`, kept for faithful printing and diagnostics.
    Paren(Box<Expr>),
    /// `__builtin_offsetof(T, a.b[2])` (`offsetof`).
    Offsetof(Box<Type>, Vec<Designator>),
    /// `__builtin_va_arg(ap, T)` (`va_arg`).
    VaArg(Box<Expr>, Box<Type>),
    /// An expression that could not be parsed (an error was reported).
    Error,
}

/// Unary operators.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum UnaryOp {
    /// `+e`
    Plus,
    /// `-e`
    Minus,
    /// `!e`
    Not,
    /// `~e`
    BitNot,
    /// `*e`
    Deref,
    /// `&e`
    AddrOf,
    /// `++e`
    PreInc,
    /// `--e`
    PreDec,
    /// `e++`
    PostInc,
    /// `e--`
    PostDec,
}

impl UnaryOp {
    pub fn spelling(self) -> &'static str {
        match self {
            UnaryOp::Plus => "+",
            UnaryOp::Minus => "-",
            UnaryOp::Not => "!",
            UnaryOp::BitNot => "~",
            UnaryOp::Deref => "*",
            UnaryOp::AddrOf => "&",
            UnaryOp::PreInc | UnaryOp::PostInc => "++",
            UnaryOp::PreDec | UnaryOp::PostDec => "--",
        }
    }
    pub fn is_postfix(self) -> bool {
        matches!(self, UnaryOp::PostInc | UnaryOp::PostDec)
    }
}

/// Binary operators (the comma operator included; assignments are
/// [`ExprKind::Assign`]).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum BinaryOp {
    Mul,
    Div,
    Rem,
    Add,
    Sub,
    Shl,
    Shr,
    Lt,
    Gt,
    Le,
    Ge,
    Eq,
    Ne,
    BitAnd,
    BitXor,
    BitOr,
    LogAnd,
    LogOr,
    Comma,
}

impl BinaryOp {
    pub fn spelling(self) -> &'static str {
        use BinaryOp::*;
        match self {
            Mul => "*",
            Div => "/",
            Rem => "%",
            Add => "+",
            Sub => "-",
            Shl => "<<",
            Shr => ">>",
            Lt => "<",
            Gt => ">",
            Le => "<=",
            Ge => ">=",
            Eq => "==",
            Ne => "!=",
            BitAnd => "&",
            BitXor => "^",
            BitOr => "|",
            LogAnd => "&&",
            LogOr => "||",
            Comma => ",",
        }
    }
    /// C's precedence: higher binds tighter (comma 1 ... multiplicative 13).
    pub fn precedence(self) -> u8 {
        use BinaryOp::*;
        match self {
            Comma => 1,
            LogOr => 4,
            LogAnd => 5,
            BitOr => 6,
            BitXor => 7,
            BitAnd => 8,
            Eq | Ne => 9,
            Lt | Gt | Le | Ge => 10,
            Shl | Shr => 11,
            Add | Sub => 12,
            Mul | Div | Rem => 13,
        }
    }
}

/// The spelling of an assignment operator (`=`, `+=`, ...).
pub fn assign_spelling(op: Option<BinaryOp>) -> &'static str {
    match op {
        None => "=",
        Some(BinaryOp::Mul) => "*=",
        Some(BinaryOp::Div) => "/=",
        Some(BinaryOp::Rem) => "%=",
        Some(BinaryOp::Add) => "+=",
        Some(BinaryOp::Sub) => "-=",
        Some(BinaryOp::Shl) => "<<=",
        Some(BinaryOp::Shr) => ">>=",
        Some(BinaryOp::BitAnd) => "&=",
        Some(BinaryOp::BitXor) => "^=",
        Some(BinaryOp::BitOr) => "|=",
        Some(_) => "?=",
    }
}

/// Which cast.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum CastKind {
    /// `(T)e`
    C,
    Static,
    Reinterpret,
    Const,
}

impl CastKind {
    pub fn name(self) -> &'static str {
        match self {
            CastKind::C => "c-style",
            CastKind::Static => "static_cast",
            CastKind::Reinterpret => "reinterpret_cast",
            CastKind::Const => "const_cast",
        }
    }
}

#[derive(Clone, PartialEq, Debug)]
pub struct CastExpr {
    pub kind: CastKind,
    pub ty: Type,
    pub expr: Expr,
}

#[derive(Clone, PartialEq, Debug)]
pub struct ConstructExpr {
    pub ty: Type,
    pub args: Vec<Expr>,
    /// `T{...}` (the arguments are the list's items; designators are not
    /// allowed here).
    pub braced: bool,
}

#[derive(Clone, PartialEq, Debug)]
pub struct LaunchExpr {
    /// The kernel (a name, possibly with template arguments).
    pub kernel: Expr,
    /// Grid, block, and optionally dynamic shared memory bytes and stream.
    pub config: Vec<Expr>,
    pub args: Vec<Expr>,
}

#[derive(Clone, PartialEq, Debug)]
pub struct MemberExpr {
    pub base: Expr,
    /// `->` (else `.`).
    pub arrow: bool,
    /// The member; template arguments for a member template
    /// (`x.template get<2>()`).
    pub member: NameSeg,
}

#[derive(Clone, PartialEq, Debug)]
pub struct NewExpr {
    /// `::new`.
    pub global: bool,
    /// The allocated type (the element type for `new T[n]`).
    pub ty: Type,
    /// `new T[n]`: the element count.
    pub array_size: Option<Expr>,
    /// `(args)` or `{...}`.
    pub init: Option<Initializer>,
}

/// What initializes a variable, a member or a list element.
#[derive(Clone, PartialEq, Debug)]
pub enum Initializer {
    /// `= expr` (or a list element that is an expression).
    Expr(Expr),
    /// `= { ... }` or `{ ... }` (direct-list-initialization).
    List(InitList),
    /// `(args)` (direct-initialization; `dim3 grid(n, 1)`).
    Paren(Vec<Expr>, Loc),
}

impl Initializer {
    pub fn loc(&self) -> Loc {
        match self {
            Initializer::Expr(e) => e.loc,
            Initializer::List(l) => l.loc,
            Initializer::Paren(_, loc) => *loc,
        }
    }
}

/// `{ a, b, .x = c, [2] = d, { e } }`.
#[derive(Clone, PartialEq, Debug)]
pub struct InitList {
    pub items: Vec<InitItem>,
    /// The `{`.
    pub loc: Loc,
}

/// One element of a braced list, with its designators (C99 `.x =`, `[i] =`).
#[derive(Clone, PartialEq, Debug)]
pub struct InitItem {
    pub designators: Vec<Designator>,
    /// An expression or a nested list.
    pub value: Initializer,
}

/// `.field` or `[index]` in a designated initializer or `offsetof`.
#[derive(Clone, PartialEq, Debug)]
pub enum Designator {
    Field(Ident),
    Index(Expr),
}

impl Expr {
    pub fn new(kind: ExprKind, loc: Loc) -> Expr {
        Expr { kind, loc }
    }
    pub fn error(loc: Loc) -> Expr {
        Expr::new(ExprKind::Error, loc)
    }
    pub fn is_error(&self) -> bool {
        matches!(self.kind, ExprKind::Error)
    }
    /// The expression without the parentheses around it.
    pub fn ignore_parens(&self) -> &Expr {
        let mut e = self;
        while let ExprKind::Paren(inner) = &e.kind {
            e = inner;
        }
        e
    }
}
