//! Types: how each IR scalar lives in WGSL.
//!
//! `i1` is `bool`. Every other integer of 32 bits or fewer (`i8`, `i16`,
//! `i32`, `index`) is an `i32`: arith is signless, and `i32` is what CUDA's
//! `int` needs most; unsigned operations bitcast to `u32`. An `i8`/`i16`
//! keeps its meaning in its low bits only (the bits above are whatever the
//! last wrapping operation left), and the ops that read the whole value
//! (extensions, comparisons, divisions, right shifts, conversions) normalize
//! first. An `i64` is an `i32` holding its low word where nothing needs the
//! high word (`int64::Wide`), else a `vec2<u32>` (low, high). A pointer is a
//! `u32` byte offset into the one buffer it points into (`pointers`). `f16`
//! needs `enable f16;`; `f64` is an error.

use cuwasm::{Context, Diagnostic, FloatKind, OpId, Type, TypeData};
use cuwasm_dialects::ptr::is_ptr;

/// An IR scalar type, as far as this target is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scalar {
    Bool,
    /// An integer of 8, 16, 32 or 64 bits (`index` is 32).
    Int(u32),
    F16,
    F32,
    /// A pointer (its byte offset, in WGSL).
    Ptr,
}

impl Scalar {
    /// Bytes of the value in memory.
    pub fn bytes(self) -> u32 {
        match self {
            Scalar::Bool => 1,
            Scalar::Int(w) => w / 8,
            Scalar::F16 => 2,
            Scalar::F32 | Scalar::Ptr => 4,
        }
    }
}

/// The scalar `ty` is, or `None` where the target has no such type.
pub fn scalar(ctx: &Context, ty: Type) -> Option<Scalar> {
    match ctx.type_data(ty) {
        TypeData::Integer { width: 1, .. } => Some(Scalar::Bool),
        TypeData::Integer {
            width: w @ (8 | 16 | 32 | 64),
            ..
        } => Some(Scalar::Int(*w)),
        TypeData::Index => Some(Scalar::Int(32)),
        TypeData::Float(FloatKind::F16) => Some(Scalar::F16),
        TypeData::Float(FloatKind::F32) => Some(Scalar::F32),
        _ if is_ptr(ctx, ty) => Some(Scalar::Ptr),
        _ => None,
    }
}

/// [`scalar`], or a located error naming the type and the target (f64 with
/// its own message: WebGPU has no 64-bit floats).
pub fn checked_scalar(ctx: &Context, op: OpId, ty: Type) -> Result<Scalar, Diagnostic> {
    scalar(ctx, ty).ok_or_else(|| {
        let msg = match ctx.type_data(ty) {
            TypeData::Float(FloatKind::F64) => {
                "uses f64, which the WGSL target does not support (WebGPU has no 64-bit floats)"
                    .to_string()
            }
            _ => format!(
                "uses type '{}', which the WGSL target does not support",
                ctx.type_to_string(ty)
            ),
        };
        ctx.op_error(op, msg)
    })
}

/// The WGSL form of one value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Repr {
    Bool,
    /// `i32`: integers up to 32 bits, and the low word of an `i64`.
    I32,
    F16,
    F32,
    /// `vec2<u32>` (low, high): an `i64` whose high word is needed.
    Wide,
    /// `u32`: a pointer's byte offset.
    Offset,
}

impl Repr {
    pub fn wgsl(self) -> &'static str {
        match self {
            Repr::Bool => "bool",
            Repr::I32 => "i32",
            Repr::F16 => "f16",
            Repr::F32 => "f32",
            Repr::Wide => "vec2<u32>",
            Repr::Offset => "u32",
        }
    }

    /// The representation of `s` (an `i64` is `I32` unless `wide`).
    pub fn of(s: Scalar, wide: bool) -> Repr {
        match s {
            Scalar::Bool => Repr::Bool,
            Scalar::Int(64) if wide => Repr::Wide,
            Scalar::Int(_) => Repr::I32,
            Scalar::F16 => Repr::F16,
            Scalar::F32 => Repr::F32,
            Scalar::Ptr => Repr::Offset,
        }
    }
}

/// Reject `f64` (and other types the target lacks) anywhere in `func`, at
/// the first op that uses one.
pub fn check_types(ctx: &Context, func: OpId) -> Result<(), Diagnostic> {
    for op in ctx.walk_preorder(func) {
        let results = ctx.results(op).map(|v| ctx.value_type(v));
        let operands = ctx.operands(op).iter().map(|&v| ctx.value_type(v));
        let args = ctx
            .regions(op)
            .iter()
            .flat_map(|&r| ctx.region_blocks(r).to_vec())
            .flat_map(|b| ctx.block_args(b).to_vec())
            .map(|v| ctx.value_type(v));
        for ty in results.chain(operands).chain(args) {
            checked_scalar(ctx, op, ty)?;
        }
    }
    Ok(())
}

/// Whether float `x` is a NaN, by its bits: WGSL lets implementations
/// assume no NaNs, so `x != x` may be folded away.
pub fn is_nan(x: &str) -> String {
    format!("((bitcast<u32>(f32({x})) & 0x7fffffffu) > 0x7f800000u)")
}

/// The `f32` with bits `bits`. An infinity or NaN is not a constant
/// expression WGSL accepts (Tint rejects it), so those go through the
/// module's `cuwasm_zero`, a private variable that is always 0.
pub fn f32_from_bits(bits: u32) -> String {
    let f = f32::from_bits(bits);
    match f.is_finite() {
        true => format!("bitcast<f32>({bits:#010x}u)"),
        false => format!("bitcast<f32>({bits:#010x}u + cuwasm_zero)"),
    }
}

/// The bits of `f16` value `v`, in the low half of a `u32` (exact: naga
/// cannot bitcast a `vec2<f16>` to a 32-bit type).
pub fn f16_bits(v: &str) -> String {
    format!("pack2x16float(vec2<f32>(f32({v}), 0.0f))")
}

/// The `f16` whose bits are the low half of `u32` `w`. Only the low half:
/// lavapipe (Mesa 22.3) folds the high half of `unpack2x16float` of a
/// constant to 0, so a high half is shifted down first.
pub fn f16_from_bits(w: &str) -> String {
    format!("f16(unpack2x16float({w})[0])")
}

/// A WGSL identifier made of `name`'s letters, digits and underscores.
pub fn identifier(prefix: &str, name: &str) -> String {
    let mut out = String::from(prefix);
    for c in name.chars() {
        let c = if c.is_ascii_alphanumeric() { c } else { '_' };
        if !(c == '_' && out.ends_with('_')) {
            out.push(c);
        }
    }
    out
}
