//! MLIR types as C++ types, and constants as C++ literals.
//!
//! Integers are signless in MLIR, so every integer is held in the unsigned
//! C++ type of its width (wrapping arithmetic, no undefined overflow) and
//! read as signed only by the ops that say so; `i1` is `bool`, `index` is
//! 64 bits. Every pointer is a byte pointer (`char *`): the IR's offsets are
//! in bytes.

use cuwasm::{Context, Diagnostic, FloatKind, OpId, Type, TypeData};
use cuwasm_dialects::ptr::is_ptr;

/// The scalar kinds the target handles.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Scalar {
    /// An integer of 1, 8, 16, 32 or 64 bits (`index` is 64).
    Int(u32),
    F16,
    F32,
    F64,
    Ptr,
}

impl Scalar {
    /// The C++ type holding a value of this kind.
    pub fn cpp(self) -> &'static str {
        match self {
            Scalar::Int(1) => "bool",
            Scalar::Int(8) => "uint8_t",
            Scalar::Int(16) => "uint16_t",
            Scalar::Int(32) => "uint32_t",
            Scalar::Int(_) => "uint64_t",
            Scalar::F16 => "__half",
            Scalar::F32 => "float",
            Scalar::F64 => "double",
            Scalar::Ptr => "char *",
        }
    }

    /// The signed C++ type of an integer width (`i1` reads as `int8_t`:
    /// `true` is -1 once widened).
    pub fn signed(self) -> &'static str {
        match self {
            Scalar::Int(1 | 8) => "int8_t",
            Scalar::Int(16) => "int16_t",
            Scalar::Int(32) => "int32_t",
            _ => "int64_t",
        }
    }

    pub fn width(self) -> u32 {
        match self {
            Scalar::Int(w) => w,
            Scalar::F16 => 16,
            Scalar::F32 => 32,
            Scalar::F64 | Scalar::Ptr => 64,
        }
    }
}

/// The scalar kind of `ty`, if the target has one.
pub(super) fn scalar_of(ctx: &Context, ty: Type) -> Option<Scalar> {
    if is_ptr(ctx, ty) {
        return Some(Scalar::Ptr);
    }
    match ctx.type_data(ty) {
        TypeData::Index => Some(Scalar::Int(64)),
        TypeData::Integer { width, .. } if matches!(width, 1 | 8 | 16 | 32 | 64) => {
            Some(Scalar::Int(*width))
        }
        TypeData::Float(FloatKind::F16) => Some(Scalar::F16),
        TypeData::Float(FloatKind::F32) => Some(Scalar::F32),
        TypeData::Float(FloatKind::F64) => Some(Scalar::F64),
        _ => None,
    }
}

/// The scalar kind of `ty`, or the located error naming it for `op`.
pub(super) fn scalar(ctx: &Context, op: OpId, ty: Type) -> Result<Scalar, Diagnostic> {
    scalar_of(ctx, ty).ok_or_else(|| {
        ctx.op_error(
            op,
            format!(
                "has type '{}', which the HIP target cannot express",
                ctx.type_to_string(ty)
            ),
        )
    })
}

/// An integer constant of width `w` (`value` sign- or zero-extended).
pub(super) fn int_literal(w: u32, value: i128) -> String {
    let bits = if w >= 64 {
        value as u64
    } else {
        (value as u64) & ((1u64 << w) - 1)
    };
    match w {
        1 => (if bits != 0 { "true" } else { "false" }).to_string(),
        8 => format!("(uint8_t){bits}"),
        16 => format!("(uint16_t){bits}"),
        32 => format!("{bits}u"),
        _ => format!("{bits}ull"),
    }
}

/// A float constant from its bits: the shortest decimal that reads back to
/// the same value; infinities and the default NaN as constant expressions
/// (usable in initializers), other NaNs through their bits.
pub(super) fn float_literal(s: Scalar, bits: u64) -> String {
    let (value, suffix, cast) = match s {
        Scalar::F32 => (f32::from_bits(bits as u32) as f64, "f", ""),
        Scalar::F64 => (f64::from_bits(bits), "", "(double)"),
        _ => return format!("cuwasm_bitcast<__half>((uint16_t){})", bits as u16),
    };
    if value.is_finite() {
        return if s == Scalar::F32 {
            format!("{:?}{suffix}", value as f32)
        } else {
            format!("{value:?}")
        };
    }
    if value.is_infinite() {
        let sign = if value < 0.0 { "-" } else { "" };
        return format!("{sign}{cast}INFINITY");
    }
    match (s, bits) {
        (Scalar::F32, 0x7fc0_0000) | (Scalar::F64, 0x7ff8_0000_0000_0000) => format!("{cast}NAN"),
        (Scalar::F32, _) => format!("cuwasm_bitcast<float>({}u)", bits as u32),
        _ => format!("cuwasm_bitcast<double>({bits}ull)"),
    }
}

/// `text` as a C string literal (bytes outside printable ASCII as octal
/// escapes, `?` escaped against trigraphs).
pub(super) fn string_literal(text: &[u8]) -> String {
    let mut s = String::with_capacity(text.len() + 2);
    s.push('"');
    for &b in text {
        match b {
            b'"' => s.push_str("\\\""),
            b'\\' => s.push_str("\\\\"),
            b'?' => s.push_str("\\?"),
            b'\n' => s.push_str("\\n"),
            b'\t' => s.push_str("\\t"),
            b' '..=b'~' => s.push(b as char),
            _ => s.push_str(&format!("\\{b:03o}")),
        }
    }
    s.push('"');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals() {
        assert_eq!(int_literal(32, -1), "4294967295u");
        assert_eq!(int_literal(64, -2), "18446744073709551614ull");
        assert_eq!(int_literal(8, -1), "(uint8_t)255");
        assert_eq!(int_literal(1, -1), "true");
        assert_eq!(float_literal(Scalar::F32, 0.1f32.to_bits() as u64), "0.1f");
        assert_eq!(
            float_literal(Scalar::F32, 1e-45f32.to_bits() as u64),
            "1e-45f"
        );
        assert_eq!(float_literal(Scalar::F64, (-0.0f64).to_bits()), "-0.0");
        assert_eq!(
            float_literal(Scalar::F32, f32::INFINITY.to_bits() as u64),
            "INFINITY"
        );
        assert_eq!(
            float_literal(Scalar::F64, f64::NEG_INFINITY.to_bits()),
            "-(double)INFINITY"
        );
        assert_eq!(
            float_literal(Scalar::F32, 0x7fc0_0001),
            "cuwasm_bitcast<float>(2143289345u)"
        );
        assert_eq!(string_literal(b"a\"b\n\x01?"), "\"a\\\"b\\n\\001\\?\"");
    }
}
