//! Types: MLIR scalars to Cranelift types, sizes, and function signatures.
//!
//! `i1` is an `i8` holding 0 or 1 (Cranelift has no `i1`; its comparisons give
//! `i8` 0/1 too); `index` and `!ptr.ptr` are `i64`. One-dimensional vectors of
//! 128 bits are Cranelift's SIMD types (`vector<4xf32>` is `F32X4`), the width
//! every x86-64 and AArch64 host has; a mask `vector<Nxi1>` is `N` lanes of
//! `128 / N` bits, all ones or zero, which is what Cranelift's vector
//! comparisons give and `bitselect` takes. `f16`/`bf16`, other vector widths
//! and integers wider than 64 bits are not supported yet.

use cranelift_codegen::ir::{self, AbiParam, Signature, types};
use cuwasm::{Context, Diagnostic, FloatKind, OpId, Type, TypeData};
use cuwasm_dialects::ptr::is_ptr;
use cuwasm_dialects::simd::lanes;

/// The Cranelift type of `ty`, if the target supports it.
pub(super) fn clif_type(ctx: &Context, ty: Type) -> Option<ir::Type> {
    match ctx.type_data(ty) {
        TypeData::Integer { width, .. } => match width {
            1 | 8 => Some(types::I8),
            16 => Some(types::I16),
            32 => Some(types::I32),
            64 => Some(types::I64),
            _ => None,
        },
        TypeData::Index => Some(types::I64),
        TypeData::Float(FloatKind::F32) => Some(types::F32),
        TypeData::Float(FloatKind::F64) => Some(types::F64),
        TypeData::Vector { .. } => vector_type(ctx, ty),
        _ if is_ptr(ctx, ty) => Some(types::I64),
        _ => None,
    }
}

/// The 128-bit Cranelift vector type of the 1-D vector `ty` (see the module docs).
fn vector_type(ctx: &Context, ty: Type) -> Option<ir::Type> {
    let n = u32::try_from(lanes(ctx, ty)?).ok()?;
    let elem = ctx.element_type(ty);
    let lane = match is_bool(ctx, elem) {
        true => ir::Type::int(u16::try_from(128 / n.max(1)).ok()?)?,
        false => clif_type(ctx, elem).filter(|t| t.is_int() || t.is_float())?,
    };
    lane.by(n).filter(|v| v.bits() == 128)
}

/// The type of one lane of `ty` when it is a vector, else `ty` itself.
pub(super) fn scalar_of(ctx: &Context, ty: Type) -> Type {
    match lanes(ctx, ty) {
        Some(_) => ctx.element_type(ty),
        None => ty,
    }
}

/// Is `ty` a vector type?
pub(super) fn is_vector(ctx: &Context, ty: Type) -> bool {
    lanes(ctx, ty).is_some()
}

/// [`clif_type`], or an error located at `op`.
pub(super) fn checked_type(ctx: &Context, op: OpId, ty: Type) -> Result<ir::Type, Diagnostic> {
    clif_type(ctx, ty).ok_or_else(|| {
        let what = match ctx.type_data(ty) {
            TypeData::Vector { .. } => " (only 1-D vectors of 128 bits are)",
            _ => "",
        };
        ctx.op_error(
            op,
            format!(
                "type '{}' is not supported by the Cranelift target{what}",
                ctx.type_to_string(ty)
            ),
        )
    })
}

/// Is `ty` the `i1` that lives in an `i8`?
pub(super) fn is_bool(ctx: &Context, ty: Type) -> bool {
    ctx.int_width(ty) == Some(1)
}

/// Bytes one element of `ty` takes in memory (`i1` takes a byte).
pub(super) fn byte_size(ctx: &Context, ty: Type) -> Option<u32> {
    clif_type(ctx, ty).map(|t| t.bytes())
}

/// The signature of `func.func` `op` in the host's calling convention.
/// `i1` is passed zero-extended and `i8`/`i16` sign-extended, as C passes
/// `bool` and `signed char`/`short`.
pub(super) fn signature(ctx: &Context, op: OpId, sig: Signature) -> Result<Signature, Diagnostic> {
    let Some((inputs, results)) = cuwasm_dialects::func::function_signature(ctx, op) else {
        return Err(ctx.op_error(op, "has no function type"));
    };
    signature_of_types(ctx, op, &inputs, &results, sig)
}

/// The signature of a function taking `inputs` and returning `results`, as
/// [`signature`] makes it (`op` is where errors point).
pub(super) fn signature_of_types(
    ctx: &Context,
    op: OpId,
    inputs: &[Type],
    results: &[Type],
    mut sig: Signature,
) -> Result<Signature, Diagnostic> {
    for (list, tys) in [(&mut sig.params, inputs), (&mut sig.returns, results)] {
        for &ty in tys {
            list.push(abi_param(ctx, ty, checked_type(ctx, op, ty)?));
        }
    }
    Ok(sig)
}

fn abi_param(ctx: &Context, ty: Type, ct: ir::Type) -> AbiParam {
    let param = AbiParam::new(ct);
    if is_bool(ctx, ty) {
        param.uext()
    } else if ct == types::I8 || ct == types::I16 {
        param.sext()
    } else {
        param
    }
}
