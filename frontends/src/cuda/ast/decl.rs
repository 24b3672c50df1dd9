//! Declarations: variables, functions, typedefs and aliases, records, enums,
//! namespaces, templates.

use super::{Block, Expr, Ident, Initializer, Loc, NameSeg, QualName, TagKind, TemplateArg, Type};

/// A declaration; `loc` is its first token.
#[derive(Clone, PartialEq, Debug)]
pub struct Decl {
    pub kind: DeclKind,
    pub loc: Loc,
}

/// What a declaration is. A declaration with several declarators
/// (`int a = 1, *b;`) becomes one `Decl` per declarator; a tag defined in a
/// declaration (`struct S { ... } s;`) comes first as its own `Decl`.
#[derive(Clone, PartialEq, Debug)]
pub enum DeclKind {
    Var(Box<VarDecl>),
    Function(Box<FunctionDecl>),
    /// `typedef T name;` and `using name = T;`.
    Typedef(Box<TypedefDecl>),
    Record(Box<RecordDecl>),
    Enum(Box<EnumDecl>),
    Namespace(Box<NamespaceDecl>),
    /// `using namespace ns;`.
    UsingDirective(Box<QualName>),
    /// `using ns::name;` (also `using ::acos;`).
    UsingDecl(Box<QualName>),
    /// `template <params> decl`, also explicit specializations
    /// (`template <> ...`, no parameters).
    Template(Box<TemplateDecl>),
    /// `template decl;` (explicit instantiation, `template __global__ void
    /// k<float>(float *);`).
    ExplicitInstantiation(Box<Decl>),
    /// `extern "C" decl` / `extern "C" { decls }`.
    LinkageSpec(Box<LinkageSpec>),
    /// `static_assert(cond, "message");` (the message is optional).
    StaticAssert(Box<StaticAssert>),
}

/// Storage class.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub enum Storage {
    #[default]
    None,
    Static,
    Extern,
    /// `register` (accepted and ignored, as C++17 does).
    Register,
    /// `mutable` (a member).
    Mutable,
}

/// CUDA's execution-space and memory-space specifiers.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub struct CudaAttrs {
    pub global: bool,
    pub device: bool,
    pub host: bool,
    pub shared: bool,
    pub constant: bool,
    pub managed: bool,
}

impl CudaAttrs {
    pub fn is_empty(&self) -> bool {
        *self == CudaAttrs::default()
    }
}

/// `__launch_bounds__(max_threads[, min_blocks[, max_blocks_per_cluster]])`.
#[derive(Clone, PartialEq, Debug)]
pub struct LaunchBounds {
    pub max_threads: Expr,
    pub min_blocks: Option<Expr>,
    pub max_blocks_per_cluster: Option<Expr>,
    pub loc: Loc,
}

/// Everything of the decl-specifiers that is not the type (and
/// `__attribute__`s that cuwasm understands).
#[derive(Clone, PartialEq, Debug, Default)]
pub struct DeclSpecs {
    pub storage: Storage,
    pub cuda: CudaAttrs,
    pub inline: bool,
    /// `__forceinline__` / `__attribute__((always_inline))`.
    pub forceinline: bool,
    /// `__noinline__` / `__attribute__((noinline))`.
    pub noinline: bool,
    pub constexpr: bool,
    pub explicit: bool,
    /// `friend` (in a class: the function is not a member).
    pub friend: bool,
    pub launch_bounds: Option<Box<LaunchBounds>>,
    /// `alignas(n)`, `__align__(n)`, `__attribute__((aligned(n)))`;
    /// `alignas(T)` is an [`ExprKind::AlignofType`](super::ExprKind::AlignofType).
    pub align: Option<Box<Expr>>,
    /// Inside `extern "C"`.
    pub extern_c: bool,
}

/// A variable, a parameter-less field, or a static data member.
#[derive(Clone, PartialEq, Debug)]
pub struct VarDecl {
    pub name: Ident,
    /// The qualifier of an out-of-class definition (`int S::count = 0;`).
    pub qualifier: Vec<NameSeg>,
    pub ty: Type,
    pub specs: DeclSpecs,
    pub init: Option<Initializer>,
    /// A bit-field's width (`unsigned flag : 1;`).
    pub bit_width: Option<Expr>,
}

/// A function parameter.
#[derive(Clone, PartialEq, Debug)]
pub struct Param {
    pub name: Option<Ident>,
    pub ty: Type,
    pub default: Option<Expr>,
    pub loc: Loc,
}

/// The name a function declares.
#[derive(Clone, PartialEq, Debug)]
pub enum DeclName {
    Ident(Ident),
    /// `operator+`, `operator[]`, `operator()`, ... (the `operator` token's location).
    Operator(OverloadedOp, Loc),
    /// `operator T()`.
    Conversion(Box<Type>, Loc),
    /// `S(...)` in class `S` or `S::S(...)`.
    Constructor(Ident),
    /// `~S()`.
    Destructor(Ident),
}

impl DeclName {
    pub fn loc(&self) -> Loc {
        match self {
            DeclName::Ident(i) | DeclName::Constructor(i) | DeclName::Destructor(i) => i.loc,
            DeclName::Operator(_, l) | DeclName::Conversion(_, l) => *l,
        }
    }
}

/// Operators that can be overloaded (`new` and `delete` cannot, in cuwasm).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum OverloadedOp {
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Caret,
    Amp,
    Pipe,
    Tilde,
    Bang,
    Assign,
    Less,
    Greater,
    PlusAssign,
    MinusAssign,
    StarAssign,
    SlashAssign,
    PercentAssign,
    CaretAssign,
    AmpAssign,
    PipeAssign,
    ShlAssign,
    ShrAssign,
    Shl,
    Shr,
    EqEq,
    NotEq,
    LessEq,
    GreaterEq,
    AmpAmp,
    PipePipe,
    PlusPlus,
    MinusMinus,
    Comma,
    Arrow,
    /// `operator()`
    Call,
    /// `operator[]`
    Subscript,
}

impl OverloadedOp {
    pub fn spelling(self) -> &'static str {
        use OverloadedOp::*;
        match self {
            Plus => "+",
            Minus => "-",
            Star => "*",
            Slash => "/",
            Percent => "%",
            Caret => "^",
            Amp => "&",
            Pipe => "|",
            Tilde => "~",
            Bang => "!",
            Assign => "=",
            Less => "<",
            Greater => ">",
            PlusAssign => "+=",
            MinusAssign => "-=",
            StarAssign => "*=",
            SlashAssign => "/=",
            PercentAssign => "%=",
            CaretAssign => "^=",
            AmpAssign => "&=",
            PipeAssign => "|=",
            ShlAssign => "<<=",
            ShrAssign => ">>=",
            Shl => "<<",
            Shr => ">>",
            EqEq => "==",
            NotEq => "!=",
            LessEq => "<=",
            GreaterEq => ">=",
            AmpAmp => "&&",
            PipePipe => "||",
            PlusPlus => "++",
            MinusMinus => "--",
            Comma => ",",
            Arrow => "->",
            Call => "()",
            Subscript => "[]",
        }
    }
}

/// `= default` / `= delete`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum SpecialBody {
    Default,
    Delete,
}

/// A function or member function: declaration or definition.
#[derive(Clone, PartialEq, Debug)]
pub struct FunctionDecl {
    pub name: DeclName,
    /// The qualifier of an out-of-class definition (`S::` in `void S::f()`,
    /// `S<T>::` for a member of a class template).
    pub qualifier: Vec<NameSeg>,
    /// Template arguments of an explicit specialization or instantiation
    /// (`template <> void f<float>(float)`).
    pub spec_args: Option<Vec<TemplateArg>>,
    /// The return type (`void` for constructors and destructors, the target
    /// type for conversion functions).
    pub ret: Type,
    pub params: Vec<Param>,
    /// `...` at the end of the parameters.
    pub variadic: bool,
    pub specs: DeclSpecs,
    /// A `const` member function.
    pub is_const: bool,
    /// Constructor initializers (`: x(a), y{b}`).
    pub ctor_inits: Vec<CtorInit>,
    pub body: Option<Block>,
    pub special: Option<SpecialBody>,
}

/// One constructor initializer: a member or a base class and its arguments.
#[derive(Clone, PartialEq, Debug)]
pub struct CtorInit {
    pub member: QualName,
    pub args: Vec<Expr>,
    /// `x{a}` (else `x(a)`).
    pub braced: bool,
    pub loc: Loc,
}

/// `typedef T name;` or `using name = T;`.
#[derive(Clone, PartialEq, Debug)]
pub struct TypedefDecl {
    pub name: Ident,
    pub ty: Type,
    /// Written as `using name = T;`.
    pub is_alias: bool,
}

/// Member access.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Access {
    Public,
    Protected,
    Private,
}

impl Access {
    pub fn keyword(self) -> &'static str {
        match self {
            Access::Public => "public",
            Access::Protected => "protected",
            Access::Private => "private",
        }
    }
}

/// A struct, class or union: definition or forward declaration.
#[derive(Clone, PartialEq, Debug)]
pub struct RecordDecl {
    pub tag: TagKind,
    /// None for an anonymous record.
    pub name: Option<Ident>,
    /// The qualifier of `struct ns::S { ... }`.
    pub qualifier: Vec<NameSeg>,
    /// Unique in the translation unit; [`TypeKind::AnonTag`](super::TypeKind::AnonTag)
    /// refers to anonymous records by it.
    pub anon_id: u32,
    /// Template arguments of a (partial) specialization: `struct S<float>`.
    pub spec_args: Option<Vec<TemplateArg>>,
    pub bases: Vec<BaseSpec>,
    /// None for a forward declaration (`struct S;`).
    pub members: Option<Vec<Member>>,
    /// `alignas(n)` / `__align__(n)` / `__attribute__((aligned(n)))`.
    pub align: Option<Expr>,
}

/// A base class (`: public Base<T>`); `virtual` bases are not supported.
#[derive(Clone, PartialEq, Debug)]
pub struct BaseSpec {
    pub access: Option<Access>,
    pub name: QualName,
    pub loc: Loc,
}

/// A member of a record: a field, static data member, member function,
/// constructor, nested type, typedef, member template, `static_assert`.
/// An anonymous struct or union member is a [`DeclKind::Record`] without a
/// name and without a declarator.
#[derive(Clone, PartialEq, Debug)]
pub struct Member {
    pub access: Access,
    pub decl: Decl,
}

/// An enum or `enum class`.
#[derive(Clone, PartialEq, Debug)]
pub struct EnumDecl {
    pub name: Option<Ident>,
    pub qualifier: Vec<NameSeg>,
    pub anon_id: u32,
    /// `enum class` / `enum struct`.
    pub scoped: bool,
    /// `enum E : unsigned char`.
    pub underlying: Option<Type>,
    /// None for an opaque declaration (`enum class E : int;`).
    pub enumerators: Option<Vec<Enumerator>>,
}

#[derive(Clone, PartialEq, Debug)]
pub struct Enumerator {
    pub name: Ident,
    pub value: Option<Expr>,
}

/// `namespace name { ... }` (`namespace a::b` is two nested namespaces;
/// an anonymous namespace has no name).
#[derive(Clone, PartialEq, Debug)]
pub struct NamespaceDecl {
    pub name: Option<Ident>,
    pub inline: bool,
    pub decls: Vec<Decl>,
}

/// `template <params> decl`. The templated declaration is a function, a
/// record, a variable or an alias. With no parameters it is an explicit
/// specialization.
#[derive(Clone, PartialEq, Debug)]
pub struct TemplateDecl {
    pub params: Vec<TemplateParam>,
    pub decl: Decl,
}

/// A template parameter.
#[derive(Clone, PartialEq, Debug)]
pub struct TemplateParam {
    pub name: Option<Ident>,
    pub kind: TemplateParamKind,
    pub loc: Loc,
}

#[derive(Clone, PartialEq, Debug)]
pub enum TemplateParamKind {
    /// `typename T` / `class T`, with a default type.
    Type { default: Option<Type> },
    /// `int N`, `typename T::value_type V`, with a default value.
    NonType { ty: Type, default: Option<Expr> },
}

/// `extern "C"` around declarations.
#[derive(Clone, PartialEq, Debug)]
pub struct LinkageSpec {
    /// `C` or `C++`.
    pub lang: String,
    /// Written with braces.
    pub braced: bool,
    pub decls: Vec<Decl>,
}

#[derive(Clone, PartialEq, Debug)]
pub struct StaticAssert {
    pub cond: Expr,
    pub message: Option<Expr>,
}

impl Decl {
    pub fn new(kind: DeclKind, loc: Loc) -> Decl {
        Decl { kind, loc }
    }
    /// The declared name, if the declaration has a simple one.
    pub fn name(&self) -> Option<Ident> {
        match &self.kind {
            DeclKind::Var(v) => Some(v.name),
            DeclKind::Function(f) => match &f.name {
                DeclName::Ident(i) | DeclName::Constructor(i) | DeclName::Destructor(i) => Some(*i),
                _ => None,
            },
            DeclKind::Typedef(t) => Some(t.name),
            DeclKind::Record(r) => r.name,
            DeclKind::Enum(e) => e.name,
            DeclKind::Namespace(n) => n.name,
            DeclKind::Template(t) => t.decl.name(),
            _ => None,
        }
    }
}
