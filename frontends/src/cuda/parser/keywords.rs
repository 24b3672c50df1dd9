//! The keywords of C++ and CUDA that the parser knows, found by symbol.
//!
//! The lexer leaves keywords as identifiers; [`KeywordTable`] maps the
//! interned spellings to [`Kw`] once per parse (a vector indexed by symbol).

use crate::cuda::source::Spellings;
use crate::cuda::token::Sym;

macro_rules! keywords {
    ($($name:ident = $text:literal,)*) => {
        /// A keyword (`Kw::None`: an ordinary identifier).
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
        #[repr(u8)]
        pub enum Kw { None, $($name,)* }

        const KEYWORDS: &[(Kw, &str)] = &[$((Kw::$name, $text),)*];
    };
}

keywords! {
    Alignas = "alignas",
    AlignasC = "_Alignas",
    Alignof = "alignof",
    AlignofC = "_Alignof",
    AlignofGnu = "__alignof__",
    AlignofGnu2 = "__alignof",
    Asm = "asm",
    AsmGnu = "__asm__",
    AsmGnu2 = "__asm",
    Auto = "auto",
    Bool = "bool",
    BoolC = "_Bool",
    Break = "break",
    Case = "case",
    Catch = "catch",
    Char = "char",
    Char8 = "char8_t",
    Char16 = "char16_t",
    Char32 = "char32_t",
    Class = "class",
    Complex = "_Complex",
    Concept = "concept",
    Const = "const",
    ConstGnu = "__const",
    Consteval = "consteval",
    Constexpr = "constexpr",
    Constinit = "constinit",
    ConstCast = "const_cast",
    Continue = "continue",
    CoAwait = "co_await",
    CoReturn = "co_return",
    CoYield = "co_yield",
    Decltype = "decltype",
    Default = "default",
    Delete = "delete",
    Do = "do",
    Double = "double",
    DynamicCast = "dynamic_cast",
    Else = "else",
    Enum = "enum",
    Explicit = "explicit",
    Export = "export",
    Extern = "extern",
    Extension = "__extension__",
    False = "false",
    Float = "float",
    Float16 = "_Float16",
    For = "for",
    Friend = "friend",
    Goto = "goto",
    If = "if",
    Inline = "inline",
    InlineGnu = "__inline",
    InlineGnu2 = "__inline__",
    Int = "int",
    Int128 = "__int128",
    Long = "long",
    Mutable = "mutable",
    Namespace = "namespace",
    New = "new",
    Noexcept = "noexcept",
    Nullptr = "nullptr",
    Operator = "operator",
    Private = "private",
    Protected = "protected",
    Public = "public",
    Register = "register",
    ReinterpretCast = "reinterpret_cast",
    Requires = "requires",
    Restrict = "__restrict__",
    RestrictGnu = "__restrict",
    Return = "return",
    Short = "short",
    Signed = "signed",
    SignedGnu = "__signed__",
    Sizeof = "sizeof",
    Static = "static",
    StaticAssert = "static_assert",
    StaticAssertC = "_Static_assert",
    StaticCast = "static_cast",
    Struct = "struct",
    Switch = "switch",
    Template = "template",
    This = "this",
    ThreadLocal = "thread_local",
    ThreadLocalC = "_Thread_local",
    ThreadGnu = "__thread",
    Throw = "throw",
    True = "true",
    Try = "try",
    Typedef = "typedef",
    Typeid = "typeid",
    Typename = "typename",
    Typeof = "typeof",
    TypeofGnu = "__typeof__",
    TypeofGnu2 = "__typeof",
    Union = "union",
    Unsigned = "unsigned",
    Using = "using",
    Virtual = "virtual",
    Void = "void",
    Volatile = "volatile",
    VolatileGnu = "__volatile__",
    WChar = "wchar_t",
    While = "while",
    // CUDA
    Global = "__global__",
    Device = "__device__",
    Host = "__host__",
    Shared = "__shared__",
    Constant = "__constant__",
    Managed = "__managed__",
    ForceInline = "__forceinline__",
    NoInline = "__noinline__",
    LaunchBounds = "__launch_bounds__",
    GridConstant = "__grid_constant__",
    // GNU / builtins
    Attribute = "__attribute__",
    Attribute2 = "__attribute",
    VaList = "__builtin_va_list",
    VaArg = "__builtin_va_arg",
    Offsetof = "__builtin_offsetof",
}

impl Kw {
    /// Builtin type specifiers (`int`, `unsigned`, `_Float16`, ...).
    pub fn is_builtin_type(self) -> bool {
        use Kw::*;
        matches!(
            self,
            Void | Bool
                | BoolC
                | Char
                | Char8
                | Char16
                | Char32
                | WChar
                | Short
                | Int
                | Long
                | Signed
                | SignedGnu
                | Unsigned
                | Float
                | Double
                | Float16
                | Int128
                | VaList
                | Complex
        )
    }

    /// cv-qualifiers and `__restrict__`.
    pub fn is_qualifier(self) -> bool {
        use Kw::*;
        matches!(
            self,
            Const | ConstGnu | Volatile | VolatileGnu | Restrict | RestrictGnu
        )
    }

    /// Keywords that can only start a declaration (not an expression).
    pub fn starts_declaration(self) -> bool {
        use Kw::*;
        self.starts_type()
            || matches!(
                self,
                Typedef
                    | Static
                    | Extern
                    | Register
                    | Mutable
                    | Inline
                    | InlineGnu
                    | InlineGnu2
                    | Constexpr
                    | Consteval
                    | Constinit
                    | Explicit
                    | Friend
                    | Virtual
                    | ThreadLocal
                    | ThreadLocalC
                    | ThreadGnu
                    | Alignas
                    | AlignasC
                    | Attribute
                    | Attribute2
                    | Global
                    | Device
                    | Host
                    | Shared
                    | Constant
                    | Managed
                    | ForceInline
                    | NoInline
                    | LaunchBounds
                    | GridConstant
                    | StaticAssert
                    | StaticAssertC
                    | Using
                    | Namespace
                    | Template
            )
    }

    /// Keywords that start a type-id (`(T)x`, `sizeof(T)`, template arguments).
    pub fn starts_type(self) -> bool {
        use Kw::*;
        self.is_builtin_type()
            || self.is_qualifier()
            || matches!(
                self,
                Class
                    | Struct
                    | Union
                    | Enum
                    | Typename
                    | Decltype
                    | Typeof
                    | TypeofGnu
                    | TypeofGnu2
                    | Auto
            )
    }
}

/// Keywords by symbol, for one spelling table.
pub struct KeywordTable {
    by_sym: Vec<Kw>,
}

impl KeywordTable {
    pub fn new(spellings: &Spellings) -> KeywordTable {
        let mut by_sym = vec![Kw::None; spellings.len()];
        for &(kw, text) in KEYWORDS {
            if let Some(sym) = spellings.lookup(text) {
                by_sym[sym.0 as usize] = kw;
            }
        }
        KeywordTable { by_sym }
    }

    pub fn get(&self, sym: Sym) -> Kw {
        self.by_sym.get(sym.0 as usize).copied().unwrap_or(Kw::None)
    }
}

/// The spelling of a keyword.
pub fn spelling(kw: Kw) -> &'static str {
    KEYWORDS
        .iter()
        .find(|(k, _)| *k == kw)
        .map_or("", |(_, t)| t)
}
