//! C/C++ types as sema sees them: sizes and alignment (nvcc's LP64 data
//! model), integer promotion, the usual arithmetic conversions, and the IR
//! type of each.

use super::record::StructType;
use cuwasm::{Context, Type};
use std::rc::Rc;

/// The integer types, by conversion rank (C11 6.3.1.1). `char` is signed.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub enum IntKind {
    Char,
    Short,
    Int,
    Long,
    LongLong,
}

impl IntKind {
    /// Size in bytes (LP64: `long` is 8 bytes).
    pub fn size(self) -> u64 {
        match self {
            IntKind::Char => 1,
            IntKind::Short => 2,
            IntKind::Int => 4,
            IntKind::Long | IntKind::LongLong => 8,
        }
    }
}

/// A floating type.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub enum FloatKind {
    Half,
    Float,
    Double,
}

/// A semantic type. Qualifiers are dropped: sema does not check `const`.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum CType {
    Void,
    Bool,
    Int {
        kind: IntKind,
        signed: bool,
    },
    Float(FloatKind),
    Pointer(Box<CType>),
    /// `T[n]`.
    Array(Box<CType>, u64),
    /// A C struct ([`StructType`]: fields and layout).
    Struct(Rc<StructType>),
    /// A function type (`int (const void *, const void *)`): what a function
    /// name designates and a function pointer points to.
    Function(Rc<super::decl::Signature>),
}

impl CType {
    pub const INT: CType = CType::Int {
        kind: IntKind::Int,
        signed: true,
    };
    pub const UINT: CType = CType::Int {
        kind: IntKind::Int,
        signed: false,
    };
    /// `size_t` (`unsigned long`).
    pub const SIZE_T: CType = CType::Int {
        kind: IntKind::Long,
        signed: false,
    };
    /// `long` (LP64: 8 bytes), also `clock_t` and `time_t`.
    pub const LONG: CType = CType::Int {
        kind: IntKind::Long,
        signed: true,
    };
    /// `ptrdiff_t` (`long`).
    pub const PTRDIFF_T: CType = CType::LONG;
    pub const FLOAT: CType = CType::Float(FloatKind::Float);
    pub const DOUBLE: CType = CType::Float(FloatKind::Double);

    pub fn pointer_to(self) -> CType {
        CType::Pointer(Box::new(self))
    }
    pub fn is_integer(&self) -> bool {
        matches!(self, CType::Int { .. } | CType::Bool)
    }
    pub fn is_float(&self) -> bool {
        matches!(self, CType::Float(_))
    }
    pub fn is_arithmetic(&self) -> bool {
        self.is_integer() || self.is_float()
    }
    pub fn is_pointer(&self) -> bool {
        matches!(self, CType::Pointer(_))
    }
    pub fn is_scalar(&self) -> bool {
        self.is_arithmetic() || self.is_pointer()
    }
    pub fn is_signed(&self) -> bool {
        matches!(self, CType::Int { signed: true, .. })
    }
    /// The pointee of a pointer, or the element of an array.
    pub fn pointee(&self) -> Option<&CType> {
        match self {
            CType::Pointer(t) | CType::Array(t, _) => Some(t),
            _ => None,
        }
    }

    /// `sizeof`, in bytes (None for `void`).
    pub fn size(&self) -> Option<u64> {
        Some(match self {
            CType::Void => return None,
            CType::Bool => 1,
            CType::Int { kind, .. } => kind.size(),
            CType::Float(FloatKind::Half) => 2,
            CType::Float(FloatKind::Float) => 4,
            CType::Float(FloatKind::Double) => 8,
            CType::Pointer(_) => 8,
            CType::Array(e, n) => e.size()?.checked_mul(*n)?,
            CType::Struct(s) => s.fields.as_ref().map(|_| s.size)?,
            CType::Function(_) => return None,
        })
    }

    /// `alignof`, in bytes.
    pub fn align(&self) -> u64 {
        match self {
            CType::Array(e, _) => e.align(),
            CType::Struct(s) => s.align,
            t => t.size().unwrap_or(1).max(1),
        }
    }

    /// The type after integer promotion (C11 6.3.1.1p2): every integer of
    /// rank below `int` (and `bool`) becomes `int`.
    pub fn promote(&self) -> CType {
        match self {
            CType::Bool => CType::INT,
            CType::Int { kind, .. } if *kind < IntKind::Int => CType::INT,
            t => t.clone(),
        }
    }

    /// The type of an array or function operand after decay.
    pub fn decay(&self) -> CType {
        match self {
            CType::Array(e, _) => CType::Pointer(e.clone()),
            CType::Function(_) => self.clone().pointer_to(),
            t => t.clone(),
        }
    }

    /// C's spelling, for diagnostics.
    pub fn name(&self) -> String {
        match self {
            CType::Void => "void".into(),
            CType::Bool => "bool".into(),
            CType::Int { kind, signed } => {
                let base = match kind {
                    IntKind::Char => "char",
                    IntKind::Short => "short",
                    IntKind::Int => "int",
                    IntKind::Long => "long",
                    IntKind::LongLong => "long long",
                };
                match (signed, kind) {
                    (true, _) => base.into(),
                    (false, IntKind::Int) => "unsigned int".into(),
                    (false, _) => format!("unsigned {base}"),
                }
            }
            CType::Float(FloatKind::Half) => "__half".into(),
            CType::Float(FloatKind::Float) => "float".into(),
            CType::Float(FloatKind::Double) => "double".into(),
            CType::Pointer(t) => match &**t {
                CType::Function(f) => format!("{} (*)({})", f.ret.name(), f.param_names()),
                t => format!("{} *", t.name()),
            },
            CType::Array(t, n) => format!("{}[{n}]", t.name()),
            CType::Struct(s) => s.name.clone(),
            CType::Function(f) => format!("{} ({})", f.ret.name(), f.param_names()),
        }
    }

    /// The IR type of a value of this type: `i1` for `bool`, signless
    /// integers, floats, `!ptr.ptr<#ptr.generic_space>` for pointers (and
    /// arrays, structs and functions, which are values only as their address). None
    /// for `void`.
    pub fn ir(&self, ctx: &Context) -> Option<Type> {
        Some(match self {
            CType::Void => return None,
            CType::Bool => ctx.i1(),
            CType::Int { kind, .. } => ctx.integer_type(kind.size() as u32 * 8),
            CType::Float(FloatKind::Half) => ctx.float_type(cuwasm::FloatKind::F16),
            CType::Float(FloatKind::Float) => ctx.f32(),
            CType::Float(FloatKind::Double) => ctx.f64(),
            CType::Pointer(_) | CType::Array(..) | CType::Struct(_) | CType::Function(_) => {
                generic_ptr(ctx)
            }
        })
    }
}

/// `!ptr.ptr<#ptr.generic_space>`: every pointer of CUDA code.
pub fn generic_ptr(ctx: &Context) -> Type {
    cuwasm_dialects::ptr::ptr_type(ctx, "#ptr.generic_space")
}

/// The usual arithmetic conversions (C11 6.3.1.8): the common type of two
/// arithmetic operands.
pub fn usual_arithmetic(a: &CType, b: &CType) -> CType {
    match (a, b) {
        (CType::Float(x), CType::Float(y)) => CType::Float((*x).max(*y)),
        (CType::Float(_), _) => a.clone(),
        (_, CType::Float(_)) => b.clone(),
        _ => {
            let (a, b) = (a.promote(), b.promote());
            let (
                CType::Int {
                    kind: ka,
                    signed: sa,
                },
                CType::Int {
                    kind: kb,
                    signed: sb,
                },
            ) = (&a, &b)
            else {
                return a;
            };
            if sa == sb {
                return if ka >= kb { a.clone() } else { b.clone() };
            }
            let (s, sk, u, uk) = if *sa {
                (&a, ka, &b, kb)
            } else {
                (&b, kb, &a, ka)
            };
            if uk >= sk {
                u.clone()
            } else if sk.size() > uk.size() {
                s.clone()
            } else {
                CType::Int {
                    kind: *sk,
                    signed: false,
                }
            }
        }
    }
}

/// The type of an unsuffixed or suffixed integer literal (C11 6.4.4.1):
/// the first of the candidate types that holds the value.
pub fn int_literal_type(value: u64, decimal: bool, unsigned: bool, long: u8) -> CType {
    let kinds: &[IntKind] = match long {
        0 => &[IntKind::Int, IntKind::Long, IntKind::LongLong],
        1 => &[IntKind::Long, IntKind::LongLong],
        _ => &[IntKind::LongLong],
    };
    for &kind in kinds {
        let bits = kind.size() * 8;
        let smax = (1u128 << (bits - 1)) - 1;
        let umax = (1u128 << bits) - 1;
        if !unsigned && (value as u128) <= smax {
            return CType::Int { kind, signed: true };
        }
        if (unsigned || !decimal) && (value as u128) <= umax {
            return CType::Int {
                kind,
                signed: false,
            };
        }
    }
    CType::Int {
        kind: IntKind::LongLong,
        signed: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(kind: IntKind, signed: bool) -> CType {
        CType::Int { kind, signed }
    }

    #[test]
    fn promotion_and_conversions() {
        assert_eq!(int(IntKind::Char, false).promote(), CType::INT);
        assert_eq!(CType::Bool.promote(), CType::INT);
        assert_eq!(usual_arithmetic(&CType::INT, &CType::UINT), CType::UINT);
        assert_eq!(
            usual_arithmetic(&CType::UINT, &int(IntKind::Long, true)),
            int(IntKind::Long, true)
        );
        assert_eq!(
            usual_arithmetic(&int(IntKind::LongLong, true), &int(IntKind::Long, false)),
            int(IntKind::LongLong, false)
        );
        assert_eq!(
            usual_arithmetic(&int(IntKind::Short, true), &int(IntKind::Char, false)),
            CType::INT
        );
        assert_eq!(usual_arithmetic(&CType::FLOAT, &CType::INT), CType::FLOAT);
        assert_eq!(
            usual_arithmetic(&CType::FLOAT, &CType::DOUBLE),
            CType::DOUBLE
        );
    }

    #[test]
    fn sizes_and_literals() {
        assert_eq!(CType::Array(Box::new(CType::FLOAT), 16).size(), Some(64));
        assert_eq!(CType::DOUBLE.pointer_to().size(), Some(8));
        assert_eq!(int_literal_type(5, true, false, 0), CType::INT);
        assert_eq!(int_literal_type(0xFFFF_FFFF, false, false, 0), CType::UINT);
        assert_eq!(
            int_literal_type(0xFFFF_FFFF, true, false, 0),
            int(IntKind::Long, true)
        );
        assert_eq!(
            int_literal_type(1, true, true, 2),
            int(IntKind::LongLong, false)
        );
    }
}
