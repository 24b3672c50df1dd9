//! The PTX syntax tree. Names and modifiers borrow from the source text; every
//! node that a diagnostic may point at keeps its byte [`Span`]. An
//! instruction's modifiers and operands are slices in the parse's [`Arena`]
//! (no allocation of their own, nothing to drop), so [`Operand`] is `Copy`.

/// Where the parser puts instructions' modifier and operand lists: one arena
/// per parse, living as long as the source text's borrow.
pub type Arena = bumpalo::Bump;

/// A byte range of the source.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

/// A PTX fundamental type (the `.b32` of `.reg .b32` or `add.s32`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Type {
    Pred,
    B8,
    B16,
    B32,
    B64,
    B128,
    U8,
    U16,
    U32,
    U64,
    S8,
    S16,
    S32,
    S64,
    F16,
    F16x2,
    BF16,
    BF16x2,
    F32,
    F64,
}

/// How a type's bits are read.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Pred,
    Bits,
    Unsigned,
    Signed,
    Float,
    /// Two halves packed in 32 bits (`.f16x2`, `.bf16x2`).
    Packed,
}

impl Type {
    pub fn from_modifier(m: &str) -> Option<Type> {
        use Type::*;
        Some(match m {
            ".pred" => Pred,
            ".b8" => B8,
            ".b16" => B16,
            ".b32" => B32,
            ".b64" => B64,
            ".b128" => B128,
            ".u8" => U8,
            ".u16" => U16,
            ".u32" => U32,
            ".u64" => U64,
            ".s8" => S8,
            ".s16" => S16,
            ".s32" => S32,
            ".s64" => S64,
            ".f16" => F16,
            ".f16x2" => F16x2,
            ".bf16" => BF16,
            ".bf16x2" => BF16x2,
            ".f32" => F32,
            ".f64" => F64,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        use Type::*;
        match self {
            Pred => ".pred",
            B8 => ".b8",
            B16 => ".b16",
            B32 => ".b32",
            B64 => ".b64",
            B128 => ".b128",
            U8 => ".u8",
            U16 => ".u16",
            U32 => ".u32",
            U64 => ".u64",
            S8 => ".s8",
            S16 => ".s16",
            S32 => ".s32",
            S64 => ".s64",
            F16 => ".f16",
            F16x2 => ".f16x2",
            BF16 => ".bf16",
            BF16x2 => ".bf16x2",
            F32 => ".f32",
            F64 => ".f64",
        }
    }

    /// Size in bits (a predicate counts as 1).
    pub fn bits(self) -> u32 {
        use Type::*;
        match self {
            Pred => 1,
            B8 | U8 | S8 => 8,
            B16 | U16 | S16 | F16 | BF16 => 16,
            B32 | U32 | S32 | F32 | F16x2 | BF16x2 => 32,
            B64 | U64 | S64 | F64 => 64,
            B128 => 128,
        }
    }

    pub fn kind(self) -> Kind {
        use Type::*;
        match self {
            Pred => Kind::Pred,
            B8 | B16 | B32 | B64 | B128 => Kind::Bits,
            U8 | U16 | U32 | U64 => Kind::Unsigned,
            S8 | S16 | S32 | S64 => Kind::Signed,
            F16 | BF16 | F32 | F64 => Kind::Float,
            F16x2 | BF16x2 => Kind::Packed,
        }
    }

    pub fn is_float(self) -> bool {
        self.kind() == Kind::Float
    }

    pub fn is_signed(self) -> bool {
        self.kind() == Kind::Signed
    }

    /// An integer type (bits, signed or unsigned).
    pub fn is_int(self) -> bool {
        matches!(self.kind(), Kind::Bits | Kind::Signed | Kind::Unsigned)
    }

    /// The half type inside a packed type.
    pub fn half(self) -> Option<Type> {
        match self {
            Type::F16x2 => Some(Type::F16),
            Type::BF16x2 => Some(Type::BF16),
            _ => None,
        }
    }
}

/// A state space.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Space {
    Generic,
    Global,
    Shared,
    Const,
    Local,
    Param,
}

impl Space {
    pub fn from_modifier(m: &str) -> Option<Space> {
        Some(match m {
            ".global" => Space::Global,
            ".shared" | ".shared::cta" => Space::Shared,
            ".const" => Space::Const,
            ".local" => Space::Local,
            ".param" | ".param::entry" | ".param::func" => Space::Param,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Space::Generic => "generic",
            Space::Global => ".global",
            Space::Shared => ".shared",
            Space::Const => ".const",
            Space::Local => ".local",
            Space::Param => ".param",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Linkage {
    #[default]
    None,
    Visible,
    Extern,
    Weak,
    Common,
}

/// A whole PTX file.
#[derive(Debug, Default)]
pub struct Module<'a> {
    pub version: Option<(u32, u32)>,
    pub target: Vec<&'a str>,
    pub address_size: Option<u32>,
    /// `.file N "name"`: index to file name (unquoted, escapes kept as written).
    pub files: Vec<(u32, &'a str)>,
    pub items: Vec<Item<'a>>,
    /// Where the text's lines start (found by the lexer).
    pub lines: crate::lexer::LineIndex,
}

#[derive(Debug)]
pub enum Item<'a> {
    Var(VarDecl<'a>),
    Func(Function<'a>),
}

/// An initializer: a constant expression or a braced list.
#[derive(Debug, Clone)]
pub enum Init<'a> {
    Value(Value<'a>, Span),
    List(Vec<Init<'a>>, Span),
}

/// A variable in a state space (module scope or inside a function body).
#[derive(Debug)]
pub struct VarDecl<'a> {
    pub span: Span,
    pub linkage: Linkage,
    pub space: Space,
    pub align: Option<u32>,
    /// `.v2`/`.v4` elements.
    pub vector: u32,
    pub ty: Type,
    pub name: &'a str,
    pub name_span: Span,
    /// Array dimensions; `None` for `[]` (an unsized extern array).
    pub dims: Vec<Option<u64>>,
    pub init: Option<Init<'a>>,
}

impl VarDecl<'_> {
    /// Number of scalar elements (`None` for an unsized array).
    pub fn elements(&self) -> Option<u64> {
        self.dims
            .iter()
            .try_fold(self.vector.max(1) as u64, |acc, d| {
                Some(acc.saturating_mul((*d)?))
            })
    }
}

/// A parameter of `.entry`/`.func` (or a return parameter).
#[derive(Debug, Clone)]
pub struct Param<'a> {
    pub span: Span,
    /// `.param` or `.reg`.
    pub reg: bool,
    pub ty: Type,
    pub align: Option<u32>,
    pub name: &'a str,
    /// `name[N]`: an array of N elements (a byte array for aggregates).
    pub array: Option<u64>,
}

impl Param<'_> {
    /// Size in bytes (a predicate takes one).
    pub fn bytes(&self) -> u64 {
        (self.ty.bits().div_ceil(8) as u64) * self.array.unwrap_or(1)
    }
}

/// A performance directive of a function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Perf {
    MaxNtid(Vec<u32>),
    ReqNtid(Vec<u32>),
    MinNCtaPerSm(u32),
    MaxNReg(u32),
}

#[derive(Debug)]
pub struct Function<'a> {
    pub span: Span,
    pub linkage: Linkage,
    pub entry: bool,
    pub name: &'a str,
    pub name_span: Span,
    pub rets: Vec<Param<'a>>,
    pub params: Vec<Param<'a>>,
    pub perf: Vec<Perf>,
    pub noreturn: bool,
    /// `None` for a declaration (`;` instead of a body).
    pub body: Option<Vec<Stmt<'a>>>,
}

/// A register declaration: `.reg .b32 %r<9>, %x;`
#[derive(Debug)]
pub struct RegDecl<'a> {
    pub span: Span,
    pub ty: Type,
    pub vector: u32,
    /// Names, with the count of a `%r<N>` range (`%r0` .. `%r{N-1}`).
    pub names: Vec<(&'a str, Option<u32>)>,
}

#[derive(Debug)]
pub enum Stmt<'a> {
    Reg(RegDecl<'a>),
    Var(VarDecl<'a>),
    Label(&'a str, Span),
    Inst(Instruction<'a>),
    /// `.loc file line col`.
    Loc(u32, u32, u32),
    /// `label: .branchtargets a, b, c;`
    BranchTargets(&'a str, Vec<(&'a str, Span)>, Span),
    /// `label: .callprototype ...;` (kept by name only: indirect calls are not supported).
    CallPrototype(&'a str, Span),
    /// `{`: a nested scope opens.
    Open,
    /// `}`: it closes.
    Close,
}

/// A guard predicate: `@%p` or `@!%p`.
#[derive(Debug, Clone, Copy)]
pub struct Guard<'a> {
    pub negated: bool,
    pub reg: &'a str,
    pub span: Span,
}

#[derive(Debug, Clone, Copy)]
pub struct Instruction<'a> {
    pub span: Span,
    pub guard: Option<Guard<'a>>,
    pub opcode: &'a str,
    pub opcode_span: Span,
    /// The modifiers, dots included (`.global`, `.b32`), in source order.
    pub mods: &'a [(&'a str, Span)],
    pub operands: &'a [Operand<'a>],
}

/// A constant value: integers wrap to 64 bits, as PTX's constant expressions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    Int(u64),
    /// An `f32` written as `0fXXXXXXXX`.
    F32Bits(u32),
    /// An `f64` written as `0dXXXXXXXXXXXXXXXX`.
    F64Bits(u64),
    /// A decimal floating-point literal.
    F64(f64),
    /// The address of a symbol plus an offset (initializers, `mov` operands).
    Addr(&'a str, i64),
}

#[derive(Debug, Clone, Copy)]
pub enum Operand<'a> {
    /// A register, or a special register with its component (`%tid.x`).
    Reg(&'a str, Option<&'a str>, Span),
    /// `!%p`.
    Not(&'a str, Span),
    Imm(Value<'a>, Span),
    /// A bare name: a variable, label or function.
    Sym(&'a str, Span),
    /// `[base + offset]`: base is a register or a symbol (`None`: an absolute address).
    Addr(Option<(&'a str, bool)>, i64, Span),
    /// `{a, b, ...}`; `_` elements are sinks.
    Vec(&'a [Operand<'a>], Span),
    /// `_`.
    Sink(Span),
    /// `a|b`: two destinations.
    Pair(&'a Operand<'a>, &'a Operand<'a>, Span),
    /// `(a, b, ...)`: a call's parameter list.
    List(&'a [Operand<'a>], Span),
}

impl Operand<'_> {
    pub fn span(&self) -> Span {
        match self {
            Operand::Reg(_, _, s)
            | Operand::Not(_, s)
            | Operand::Imm(_, s)
            | Operand::Sym(_, s)
            | Operand::Addr(_, _, s)
            | Operand::Vec(_, s)
            | Operand::Sink(s)
            | Operand::Pair(_, _, s)
            | Operand::List(_, s) => *s,
        }
    }
}
