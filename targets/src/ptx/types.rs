//! Types: MLIR scalars as PTX register classes and instruction types.
//!
//! Every SSA value gets one virtual register; ptxas allocates the physical
//! ones. `i1` is a predicate; `i8` and `i16` live in 16-bit registers (an
//! `i8` only in its low byte: the bits above are whatever the last operation
//! left there, so an op that reads them sign- or zero-extends first);
//! `index` is 64-bit, except the ids of `gpu.thread_id` and friends, which are
//! 32-bit registers widened where an op needs 64 bits; `f16` is a 16-bit
//! register; pointers are 64-bit, except shared-memory addresses (32-bit, as
//! nvcc writes them).

use cuwasm::{Context, FloatKind, Type, TypeData};
use cuwasm_dialects::ptr::is_ptr;
use std::fmt;

/// A register class: the `.reg` declaration a virtual register gets.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub(super) enum Class {
    Pred,
    B16,
    B32,
    B64,
    F32,
    F64,
}

impl Class {
    pub(super) const ALL: [Class; 6] = [
        Class::Pred,
        Class::B16,
        Class::B32,
        Class::B64,
        Class::F32,
        Class::F64,
    ];

    /// The register name prefix (nvcc's).
    pub(super) fn prefix(self) -> &'static str {
        match self {
            Class::Pred => "%p",
            Class::B16 => "%rs",
            Class::B32 => "%r",
            Class::B64 => "%rd",
            Class::F32 => "%f",
            Class::F64 => "%fd",
        }
    }

    /// The type in the `.reg` declaration.
    pub(super) fn decl(self) -> &'static str {
        match self {
            Class::Pred => ".pred",
            Class::B16 => ".b16",
            Class::B32 => ".b32",
            Class::B64 => ".b64",
            Class::F32 => ".f32",
            Class::F64 => ".f64",
        }
    }

    pub(super) fn index(self) -> usize {
        self as usize
    }
}

/// A virtual register.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub(super) struct Reg {
    pub class: Class,
    pub n: u32,
}

impl fmt::Display for Reg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.class.prefix(), self.n)
    }
}

/// The scalar types the target computes with.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub(super) enum Scalar {
    I1,
    I8,
    I16,
    I32,
    I64,
    F16,
    F32,
    F64,
}

impl Scalar {
    /// The scalar of an MLIR type; `index` and pointers are 64-bit integers.
    pub(super) fn of(ctx: &Context, ty: Type) -> Option<Scalar> {
        Some(match ctx.type_data(ty) {
            TypeData::Integer { width, .. } => match width {
                1 => Scalar::I1,
                8 => Scalar::I8,
                16 => Scalar::I16,
                32 => Scalar::I32,
                64 => Scalar::I64,
                _ => return None,
            },
            TypeData::Index => Scalar::I64,
            TypeData::Float(FloatKind::F16) => Scalar::F16,
            TypeData::Float(FloatKind::F32) => Scalar::F32,
            TypeData::Float(FloatKind::F64) => Scalar::F64,
            _ if is_ptr(ctx, ty) => Scalar::I64,
            _ => return None,
        })
    }

    pub(super) fn class(self) -> Class {
        match self {
            Scalar::I1 => Class::Pred,
            Scalar::I8 | Scalar::I16 | Scalar::F16 => Class::B16,
            Scalar::I32 => Class::B32,
            Scalar::I64 => Class::B64,
            Scalar::F32 => Class::F32,
            Scalar::F64 => Class::F64,
        }
    }

    /// The width in bits of the value (8 for `i8`, 1 for `i1`).
    pub(super) fn bits(self) -> u32 {
        match self {
            Scalar::I1 => 1,
            Scalar::I8 => 8,
            Scalar::I16 | Scalar::F16 => 16,
            Scalar::I32 | Scalar::F32 => 32,
            Scalar::I64 | Scalar::F64 => 64,
        }
    }

    /// The width of the register holding it.
    pub(super) fn reg_bits(self) -> u32 {
        match self {
            Scalar::I8 => 16,
            s => s.bits(),
        }
    }

    pub(super) fn is_float(self) -> bool {
        matches!(self, Scalar::F16 | Scalar::F32 | Scalar::F64)
    }

    /// The signed integer instruction type of the register (`.s16` for `i8`).
    pub(super) fn s(self) -> &'static str {
        int_type('s', self.reg_bits())
    }

    /// The unsigned integer instruction type of the register.
    pub(super) fn u(self) -> &'static str {
        int_type('u', self.reg_bits())
    }

    /// The bit-size instruction type of the register.
    pub(super) fn b(self) -> &'static str {
        int_type('b', self.reg_bits())
    }

    /// The float instruction type (`.f32`).
    pub(super) fn f(self) -> &'static str {
        match self {
            Scalar::F16 => ".f16",
            Scalar::F64 => ".f64",
            _ => ".f32",
        }
    }

    /// The type of a load or store of this scalar (`.u8` for `i8` and `i1`).
    pub(super) fn mem(self) -> &'static str {
        match self {
            Scalar::I1 | Scalar::I8 => ".u8",
            Scalar::I16 => ".u16",
            Scalar::F16 => ".b16",
            Scalar::I32 => ".u32",
            Scalar::I64 => ".u64",
            Scalar::F32 => ".f32",
            Scalar::F64 => ".f64",
        }
    }

    /// The signed type of the value's own width (`.s8` for `i8`), as `cvt` reads it.
    pub(super) fn s_exact(self) -> &'static str {
        int_type('s', self.bits().max(8))
    }

    /// The unsigned type of the value's own width (`.u8` for `i8`).
    pub(super) fn u_exact(self) -> &'static str {
        int_type('u', self.bits().max(8))
    }

    /// The size in memory, in bytes.
    pub(super) fn bytes(self) -> u64 {
        (self.bits().max(8) / 8) as u64
    }
}

fn int_type(kind: char, bits: u32) -> &'static str {
    match (kind, bits) {
        ('s', 8) => ".s8",
        ('s', 16) => ".s16",
        ('s', 32) => ".s32",
        ('s', 64) => ".s64",
        ('u', 8) => ".u8",
        ('u', 16) => ".u16",
        ('u', 32) => ".u32",
        ('u', 64) => ".u64",
        ('b', 8) => ".b8",
        ('b', 16) => ".b16",
        ('b', 32) => ".b32",
        ('b', 1) => ".pred",
        (_, 1) => ".pred",
        _ => ".b64",
    }
}

/// The size in bytes of a memory element of type `ty` (`i1` a byte, pointers
/// and `index` 8), if the target lays it out.
pub(super) fn byte_size(ctx: &Context, ty: Type) -> Option<u64> {
    Scalar::of(ctx, ty).map(Scalar::bytes)
}

/// A float constant as PTX writes it exactly: `0f3F800000`, `0d3FF0000000000000`.
pub(super) fn float_literal(s: Scalar, bits: u64) -> String {
    match s {
        Scalar::F64 => format!("0d{bits:016X}"),
        Scalar::F16 => format!("0x{:04X}", bits as u16),
        _ => format!("0f{:08X}", bits as u32),
    }
}

/// Is `name` a PTX identifier (`[a-zA-Z][a-zA-Z0-9_$]*` or `[_$%][a-zA-Z0-9_$]+`)?
pub(super) fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    let first_ok =
        first.is_ascii_alphabetic() || ((first == '_' || first == '$') && name.len() > 1);
    first_ok && rest_ok
}
