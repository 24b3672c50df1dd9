//! Types as written: the syntax that semantic analysis turns into C++ types.

use super::{Expr, Loc, QualName};

/// A type as written, with its cv-qualifiers (`const float`, `float *const`).
#[derive(Clone, PartialEq, Debug)]
pub struct Type {
    pub kind: TypeKind,
    pub quals: Quals,
    /// The first token of the type (for a declarator's type, of its
    /// decl-specifiers).
    pub loc: Loc,
}

/// cv-qualifiers and `__restrict__`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub struct Quals {
    pub is_const: bool,
    pub is_volatile: bool,
    /// `__restrict__` / `__restrict` (on pointers).
    pub is_restrict: bool,
}

impl Quals {
    pub const NONE: Quals = Quals {
        is_const: false,
        is_volatile: false,
        is_restrict: false,
    };
    pub fn is_empty(self) -> bool {
        self == Quals::NONE
    }
    pub fn union(self, o: Quals) -> Quals {
        Quals {
            is_const: self.is_const || o.is_const,
            is_volatile: self.is_volatile || o.is_volatile,
            is_restrict: self.is_restrict || o.is_restrict,
        }
    }
}

/// What a type is.
#[derive(Clone, PartialEq, Debug)]
pub enum TypeKind {
    /// `int`, `unsigned long long`, `float`, `_Float16`, ...
    Builtin(BuiltinType),
    /// A name: a typedef, class, enum, template parameter, alias, possibly
    /// with template arguments (`S<float, 4>`) or qualified (`ns::T`,
    /// `typename T::type`).
    Named(Box<QualName>),
    /// `struct S`, `enum E`, `union U` (elaborated), or the tag a declaration
    /// defines (`struct S { ... } s;`).
    Tag(TagKind, Box<QualName>),
    /// The type of an anonymous struct/class/union/enum defined in a
    /// declaration (`typedef struct { ... } S;`): the `anon_id` of its
    /// [`RecordDecl`](super::RecordDecl) or [`EnumDecl`](super::EnumDecl).
    AnonTag(TagKind, u32),
    /// `T *`.
    Pointer(Box<Type>),
    /// `T &` (`rvalue`: `T &&`).
    Reference { pointee: Box<Type>, rvalue: bool },
    /// `T [N]`; `T []` has no size.
    Array {
        elem: Box<Type>,
        size: Option<Box<Expr>>,
    },
    /// A function type (`int (float, char *)`), also of function pointers.
    Function(Box<FunctionType>),
    /// `auto` (the type comes from the initializer or a trailing return type).
    Auto,
    /// `decltype(expr)` / `__typeof__(expr)`.
    Decltype(Box<Expr>),
    /// A type that could not be parsed (an error was reported).
    Error,
}

/// A function type: return type, parameter types, `...`, and the qualifiers
/// of a member function (`const`).
#[derive(Clone, PartialEq, Debug)]
pub struct FunctionType {
    pub ret: Type,
    pub params: Vec<Type>,
    pub variadic: bool,
    pub is_const: bool,
}

/// `struct`, `class`, `union` or `enum`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum TagKind {
    Struct,
    Class,
    Union,
    Enum,
}

impl TagKind {
    pub fn keyword(self) -> &'static str {
        match self {
            TagKind::Struct => "struct",
            TagKind::Class => "class",
            TagKind::Union => "union",
            TagKind::Enum => "enum",
        }
    }
}

/// The builtin arithmetic types, `void`, and `__builtin_va_list`.
///
/// `char` is its own type (signed, as on x86 and in nvcc). `long` is 64 bits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum BuiltinType {
    Void,
    Bool,
    Char,
    SChar,
    UChar,
    WChar,
    Char8,
    Char16,
    Char32,
    Short,
    UShort,
    Int,
    UInt,
    Long,
    ULong,
    LongLong,
    ULongLong,
    Int128,
    UInt128,
    /// `_Float16` (CUDA's `__half` in cuwasm's `cuda_fp16.h`).
    Float16,
    Float,
    Double,
    LongDouble,
    /// `__builtin_va_list`.
    VaList,
}

impl BuiltinType {
    /// The canonical spelling (as clang prints it).
    pub fn name(self) -> &'static str {
        use BuiltinType::*;
        match self {
            Void => "void",
            Bool => "bool",
            Char => "char",
            SChar => "signed char",
            UChar => "unsigned char",
            WChar => "wchar_t",
            Char8 => "char8_t",
            Char16 => "char16_t",
            Char32 => "char32_t",
            Short => "short",
            UShort => "unsigned short",
            Int => "int",
            UInt => "unsigned int",
            Long => "long",
            ULong => "unsigned long",
            LongLong => "long long",
            ULongLong => "unsigned long long",
            Int128 => "__int128",
            UInt128 => "unsigned __int128",
            Float16 => "_Float16",
            Float => "float",
            Double => "double",
            LongDouble => "long double",
            VaList => "__builtin_va_list",
        }
    }
}

impl Type {
    pub fn new(kind: TypeKind, loc: Loc) -> Type {
        Type {
            kind,
            quals: Quals::NONE,
            loc,
        }
    }
    pub fn builtin(b: BuiltinType, loc: Loc) -> Type {
        Type::new(TypeKind::Builtin(b), loc)
    }
    pub fn error(loc: Loc) -> Type {
        Type::new(TypeKind::Error, loc)
    }
    pub fn is_error(&self) -> bool {
        matches!(self.kind, TypeKind::Error)
    }
    pub fn is_void(&self) -> bool {
        matches!(self.kind, TypeKind::Builtin(BuiltinType::Void))
    }
    pub fn pointer_to(self, loc: Loc) -> Type {
        Type::new(TypeKind::Pointer(Box::new(self)), loc)
    }
}
