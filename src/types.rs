//! Types: interned, `Copy`, compared in O(1).
//!
//! The builtin types mirror MLIR's builtin dialect. Types of other dialects are
//! kept as `!dialect.name<body>` with their body text, which every dialect may
//! interpret (see `dialects/ptr.rs` for the pointer type).

use crate::{Attr, Context, Symbol};

/// A handle to an interned type.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct Type(pub(crate) u32);

/// Signedness of a builtin integer type: `iN`, `siN`, `uiN`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Signedness {
    Signless,
    Signed,
    Unsigned,
}

/// The builtin floating-point formats.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum FloatKind {
    F16,
    BF16,
    F32,
    F64,
    /// Formats cuwasm parses and prints but does not compute with (attribute
    /// values of these types are written in hex): `(keyword, storage width)`.
    Other(&'static str, u32),
}

/// The small and wide float formats of MLIR kept as [`FloatKind::Other`].
const OTHER_FLOATS: &[(&str, u32)] = &[
    ("tf32", 32),
    ("f80", 80),
    ("f128", 128),
    ("f8E5M2", 8),
    ("f8E4M3", 8),
    ("f8E4M3FN", 8),
    ("f8E5M2FNUZ", 8),
    ("f8E4M3FNUZ", 8),
    ("f8E4M3B11FNUZ", 8),
    ("f8E3M4", 8),
    ("f8E8M0FNU", 8),
    ("f4E2M1FN", 4),
    ("f6E2M3FN", 6),
    ("f6E3M2FN", 6),
];

impl FloatKind {
    /// The keyword in MLIR's syntax.
    pub fn keyword(self) -> &'static str {
        match self {
            FloatKind::F16 => "f16",
            FloatKind::BF16 => "bf16",
            FloatKind::F32 => "f32",
            FloatKind::F64 => "f64",
            FloatKind::Other(k, _) => k,
        }
    }

    /// Storage width in bits.
    pub fn width(self) -> u32 {
        match self {
            FloatKind::F16 | FloatKind::BF16 => 16,
            FloatKind::F32 => 32,
            FloatKind::F64 => 64,
            FloatKind::Other(_, w) => w,
        }
    }

    pub(crate) fn from_keyword(s: &str) -> Option<FloatKind> {
        Some(match s {
            "f16" => FloatKind::F16,
            "bf16" => FloatKind::BF16,
            "f32" => FloatKind::F32,
            "f64" => FloatKind::F64,
            _ => {
                let (k, w) = OTHER_FLOATS.iter().find(|(k, _)| *k == s)?;
                FloatKind::Other(k, *w)
            }
        })
    }
}

/// A dimension of a shaped type: a static size or `?`.
pub const DYNAMIC: i64 = i64::MIN;

/// The data behind a [`Type`].
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum TypeData {
    Integer {
        width: u32,
        signedness: Signedness,
    },
    Index,
    Float(FloatKind),
    None,
    /// `vector<4x[8]xf32>`: `scalable[i]` marks `[8]`-style dimensions.
    Vector {
        shape: Vec<i64>,
        scalable: Vec<bool>,
        element: Type,
    },
    /// `tensor<2x?xf32>`, or `tensor<*xf32>` when `shape` is `None`.
    Tensor {
        shape: Option<Vec<i64>>,
        element: Type,
        encoding: Option<Attr>,
    },
    /// `memref<4x?xf32, layout, space>`, or unranked `memref<*xf32, space>`.
    MemRef {
        shape: Option<Vec<i64>>,
        element: Type,
        layout: Option<Attr>,
        space: Option<Attr>,
    },
    Complex(Type),
    Tuple(Vec<Type>),
    Function {
        inputs: Vec<Type>,
        results: Vec<Type>,
    },
    /// `!dialect.name<body>`: `name` is `dialect.name`, `body` the text between the angle brackets.
    Dialect {
        name: Symbol,
        body: Option<Box<str>>,
    },
}

impl Context {
    /// Intern a type.
    pub fn intern_type(&self, data: TypeData) -> Type {
        Type(self.uniq.types.intern(data))
    }

    /// The data of an interned type.
    pub fn type_data(&self, ty: Type) -> &TypeData {
        self.uniq.types.get(ty.0)
    }

    pub fn integer_type(&self, width: u32) -> Type {
        self.intern_type(TypeData::Integer {
            width,
            signedness: Signedness::Signless,
        })
    }
    pub fn i1(&self) -> Type {
        self.integer_type(1)
    }
    pub fn i32(&self) -> Type {
        self.integer_type(32)
    }
    pub fn i64(&self) -> Type {
        self.integer_type(64)
    }
    pub fn index_type(&self) -> Type {
        self.intern_type(TypeData::Index)
    }
    pub fn float_type(&self, kind: FloatKind) -> Type {
        self.intern_type(TypeData::Float(kind))
    }
    pub fn f32(&self) -> Type {
        self.float_type(FloatKind::F32)
    }
    pub fn f64(&self) -> Type {
        self.float_type(FloatKind::F64)
    }
    pub fn none_type(&self) -> Type {
        self.intern_type(TypeData::None)
    }
    pub fn function_type(&self, inputs: &[Type], results: &[Type]) -> Type {
        self.intern_type(TypeData::Function {
            inputs: inputs.to_vec(),
            results: results.to_vec(),
        })
    }
    pub fn vector_type(&self, shape: &[i64], element: Type) -> Type {
        self.intern_type(TypeData::Vector {
            shape: shape.to_vec(),
            scalable: vec![false; shape.len()],
            element,
        })
    }
    /// A type of another dialect, `!name<body>` (`name` includes the dialect prefix).
    pub fn dialect_type(&self, name: &str, body: Option<&str>) -> Type {
        let name = self.symbol(name);
        self.intern_type(TypeData::Dialect {
            name,
            body: body.map(Into::into),
        })
    }

    /// Width of an integer type, or `None` for other types.
    pub fn int_width(&self, ty: Type) -> Option<u32> {
        match self.type_data(ty) {
            TypeData::Integer { width, .. } => Some(*width),
            _ => None,
        }
    }
    /// Is this a builtin integer type (any signedness)?
    pub fn is_integer(&self, ty: Type) -> bool {
        matches!(self.type_data(ty), TypeData::Integer { .. })
    }
    pub fn is_index(&self, ty: Type) -> bool {
        matches!(self.type_data(ty), TypeData::Index)
    }
    /// Integer or index.
    pub fn is_int_or_index(&self, ty: Type) -> bool {
        self.is_integer(ty) || self.is_index(ty)
    }
    pub fn float_kind(&self, ty: Type) -> Option<FloatKind> {
        match self.type_data(ty) {
            TypeData::Float(k) => Some(*k),
            _ => None,
        }
    }
    pub fn is_float(&self, ty: Type) -> bool {
        self.float_kind(ty).is_some()
    }
    /// The element type of a vector or tensor, or the type itself.
    pub fn element_type(&self, ty: Type) -> Type {
        match self.type_data(ty) {
            TypeData::Vector { element, .. } | TypeData::Tensor { element, .. } => *element,
            _ => ty,
        }
    }
    /// The dialect-qualified name of a dialect type (`"ptr.ptr"`).
    pub fn dialect_type_name(&self, ty: Type) -> Option<(&str, Option<&str>)> {
        match self.type_data(ty) {
            TypeData::Dialect { name, body } => Some((self.symbol_str(*name), body.as_deref())),
            _ => None,
        }
    }
}
