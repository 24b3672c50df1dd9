//! `cuda.atomic_rmw` and `cuda.atomic_cas` as HIP's atomic functions, which
//! have CUDA's names and semantics (`atomicInc` wraps, `atomicAdd` on
//! floats). Integers go through the unsigned overloads (`unsigned int`,
//! `unsigned long long`), signed min/max through `int`; 64-bit signed min/max,
//! which HIP lacks, through a compare-and-swap loop (prelude.h).
//!
//! The result (the old value) converts implicitly to the unsigned local.
//!
//! Scopes: `_block` atomics run at device scope, which is stronger; `_system`
//! ones use HIP's `_system` functions.

use super::function::FnEmitter;
use super::types::Scalar;
use cuwasm::{Diagnostic, OpId};
use cuwasm_dialects::cuda::{AtomicKind, Scope};

/// An atomic op; `false` if not one.
pub(super) fn emit(e: &mut FnEmitter, op: OpId) -> Result<bool, Diagnostic> {
    let ctx = e.ctx;
    let name = ctx.op_name_text(op);
    if name != "cuda.atomic_rmw" && name != "cuda.atomic_cas" {
        return Ok(false);
    }
    let s = e.result_scalar(op, 0)?;
    let system = Scope::from_prop(ctx, op, "scope")? == Some(Scope::System);
    let suffix = if system { "_system" } else { "" };
    let ptr = e.operand(op, 0);
    let expr = if name == "cuda.atomic_cas" {
        let t = unsigned_pointee(s).ok_or_else(|| bad_type(e, op, s))?;
        let (cmp, val) = (e.operand(op, 1), e.operand(op, 2));
        format!("atomicCAS{suffix}(({t} *){ptr}, ({t}){cmp}, ({t}){val})")
    } else {
        let kind = AtomicKind::from_prop(ctx, op, "kind")?
            .ok_or_else(|| ctx.op_error(op, "has no 'kind'"))?;
        let value = e.operand(op, 1);
        rmw(e, op, kind, s, suffix, &ptr, &value)?
    };
    e.define1(op, expr)?;
    Ok(true)
}

fn rmw(
    e: &FnEmitter,
    op: OpId,
    kind: AtomicKind,
    s: Scalar,
    suffix: &str,
    ptr: &str,
    value: &str,
) -> Result<String, Diagnostic> {
    use AtomicKind::*;
    let f = match kind {
        Add => "atomicAdd",
        Sub => "atomicSub",
        Min | Umin => "atomicMin",
        Max | Umax => "atomicMax",
        And => "atomicAnd",
        Or => "atomicOr",
        Xor => "atomicXor",
        Exch => "atomicExch",
        Inc => "atomicInc",
        Dec => "atomicDec",
    };
    if matches!(kind, Min | Max) && s == Scalar::Int(64) {
        if !suffix.is_empty() {
            return Err(e.ctx.op_error(
                op,
                "(64-bit signed min/max at system scope) is not supported by the HIP target",
            ));
        }
        let f = if kind == Min { "smin64" } else { "smax64" };
        return Ok(format!("cuwasm_atomic_{f}({ptr}, {value})"));
    }
    if matches!(kind, Inc | Dec) && !suffix.is_empty() {
        return Err(e.ctx.op_error(
            op,
            "(atomicInc/atomicDec at system scope) is not supported by the HIP target",
        ));
    }
    let t = match (kind, s) {
        (Min | Max, Scalar::Int(32)) => "int",
        (Add | Exch, Scalar::F32) => "float",
        (Add, Scalar::F64) => "double",
        (_, Scalar::F32 | Scalar::F64) => return Err(bad_type(e, op, s)),
        _ => unsigned_pointee(s).ok_or_else(|| bad_type(e, op, s))?,
    };
    Ok(format!("{f}{suffix}(({t} *){ptr}, ({t}){value})"))
}

/// The unsigned type HIP's integer atomics take for a width.
fn unsigned_pointee(s: Scalar) -> Option<&'static str> {
    match s {
        Scalar::Int(32) => Some("unsigned int"),
        Scalar::Int(64) => Some("unsigned long long"),
        _ => None,
    }
}

fn bad_type(e: &FnEmitter, op: OpId, s: Scalar) -> Diagnostic {
    e.ctx.op_error(
        op,
        format!(
            "on {} is not supported by the HIP target",
            s.cpp().trim_end()
        ),
    )
}
