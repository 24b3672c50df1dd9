//! Statements.

use super::{Decl, Expr, Ident, Loc, VarDecl};

/// A statement; `loc` is its first token (the keyword, or the first token of
/// an expression or declaration).
#[derive(Clone, PartialEq, Debug)]
pub struct Stmt {
    pub kind: StmtKind,
    pub loc: Loc,
}

/// What a statement is.
#[derive(Clone, PartialEq, Debug)]
pub enum StmtKind {
    /// `{ ... }`.
    Compound(Block),
    /// `expr;`.
    Expr(Expr),
    /// A declaration in a block: variables (several declarators give several
    /// decls), typedefs, local structs and enums, `static_assert`, `using`.
    Decl(Vec<Decl>),
    If(Box<IfStmt>),
    For(Box<ForStmt>),
    While(Box<WhileStmt>),
    DoWhile(Box<DoWhileStmt>),
    Switch(Box<SwitchStmt>),
    /// `case value: body` (consecutive labels nest, as in clang:
    /// `case 1: case 2: s;`). Sema checks that it is inside a switch.
    Case(Box<Expr>, Box<Stmt>),
    /// `default: body`.
    Default(Box<Stmt>),
    /// `name: body`.
    Label(Ident, Box<Stmt>),
    /// `goto name;` (sema decides what it can lower).
    Goto(Ident),
    Break,
    Continue,
    /// `return;` / `return expr;`.
    Return(Option<Expr>),
    /// `;`.
    Null,
    /// A statement that could not be parsed (an error was reported).
    Error,
}

/// `{ statements }`.
#[derive(Clone, PartialEq, Debug)]
pub struct Block {
    pub stmts: Vec<Stmt>,
    /// The `{`.
    pub loc: Loc,
    /// The `}`.
    pub end: Loc,
}

/// The condition of `if`, `while`, `switch` and `for`: an expression or a
/// declaration with an initializer (`if (int n = f())`).
#[derive(Clone, PartialEq, Debug)]
pub enum Condition {
    Expr(Expr),
    Decl(Box<VarDecl>),
}

#[derive(Clone, PartialEq, Debug)]
pub struct IfStmt {
    pub cond: Condition,
    pub then: Stmt,
    pub else_: Option<Stmt>,
    /// `if constexpr` (the branch not taken is not instantiated).
    pub is_constexpr: bool,
}

#[derive(Clone, PartialEq, Debug)]
pub struct ForStmt {
    /// An expression or declaration statement (`int i = 0`), or none.
    pub init: Option<Stmt>,
    pub cond: Option<Condition>,
    pub inc: Option<Expr>,
    pub body: Stmt,
    /// A `#pragma unroll` before the loop.
    pub unroll: Option<Unroll>,
}

#[derive(Clone, PartialEq, Debug)]
pub struct WhileStmt {
    pub cond: Condition,
    pub body: Stmt,
    pub unroll: Option<Unroll>,
}

#[derive(Clone, PartialEq, Debug)]
pub struct DoWhileStmt {
    pub body: Stmt,
    pub cond: Expr,
    pub unroll: Option<Unroll>,
}

#[derive(Clone, PartialEq, Debug)]
pub struct SwitchStmt {
    pub cond: Condition,
    pub body: Stmt,
}

/// `#pragma unroll` as the loop that follows it keeps it.
#[derive(Clone, PartialEq, Debug)]
pub struct Unroll {
    pub kind: UnrollKind,
    /// The pragma's token.
    pub loc: Loc,
}

#[derive(Clone, PartialEq, Debug)]
pub enum UnrollKind {
    /// `#pragma unroll`: unroll fully.
    Full,
    /// `#pragma unroll N` with N evaluated by the preprocessor (1: do not unroll).
    Count(u32),
    /// `#pragma unroll EXPR` whose value sema computes (template parameters,
    /// constexpr variables).
    Expr(Expr),
}

impl Stmt {
    pub fn new(kind: StmtKind, loc: Loc) -> Stmt {
        Stmt { kind, loc }
    }
}
