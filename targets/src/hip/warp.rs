//! Thread ids, barriers, fences, and warp operations with CUDA's warp of 32
//! lanes on AMD wavefronts.
//!
//! The mapping (`HipOptions::wavefront`): a CUDA warp is a whole wavefront of
//! 32 (gfx10, gfx11) or one half of a wavefront of 64 (gfx9, CDNA), so that a
//! kernel written for warps of 32 keeps its meaning:
//! - the lane id is the wavefront lane modulo 32 (`cuwasm_lane()`);
//! - a shuffle reads lane `src` of its own warp: `__shfl(v, src, 32)`, whose
//!   width of 32 keeps it inside the lane's half of a 64-wide wavefront;
//! - a ballot is the wavefront's 64-bit `__ballot` shifted down by the lane's
//!   half (`lane & 32`) and cut to 32 bits; `any`, `all`, `uni` and
//!   `__activemask()` are computed from such ballots, restricted to the mask.
//!
//! The helpers are in prelude.h.

use super::function::FnEmitter;
use super::types::Scalar;
use cuwasm::{Context, Diagnostic, OpId};
use cuwasm_dialects::cuda::{ReduxKind, Scope, SpecialReg, VoteMode};

/// A `gpu` op other than `gpu.return`; `false` if not handled.
pub(super) fn emit_gpu(e: &mut FnEmitter, op: OpId) -> Result<bool, Diagnostic> {
    let ctx = e.ctx;
    let result = || ctx.result(op, 0);
    match ctx.op_name_text(op) {
        "gpu.thread_id" => e.bind(result(), format!("(uint64_t)threadIdx.{}", dim(ctx, op))),
        "gpu.block_id" => e.bind(result(), format!("(uint64_t)blockIdx.{}", dim(ctx, op))),
        "gpu.block_dim" => e.bind(result(), format!("(uint64_t)blockDim.{}", dim(ctx, op))),
        "gpu.grid_dim" => e.bind(result(), format!("(uint64_t)gridDim.{}", dim(ctx, op))),
        "gpu.global_id" => {
            let d = dim(ctx, op);
            e.define1(
                op,
                format!("(uint64_t)blockIdx.{d} * blockDim.{d} + threadIdx.{d}"),
            )?;
        }
        "gpu.lane_id" => e.define1(op, "(uint64_t)cuwasm_lane()".to_string())?,
        "gpu.subgroup_size" => e.bind(result(), "32ull".to_string()),
        "gpu.subgroup_id" => e.define1(op, format!("(uint64_t)({LINEAR_TID}) / 32"))?,
        "gpu.num_subgroups" => e.define1(
            op,
            "((uint64_t)blockDim.x * blockDim.y * blockDim.z + 31) / 32".to_string(),
        )?,
        "gpu.barrier" => e.line("__syncthreads();"),
        "gpu.shuffle" => shuffle(e, op)?,
        "gpu.printf" => {
            let text = super::host::printf_call(e, op, "printf(")?;
            e.line(format!("{text};"));
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// The thread's index in its block, x fastest.
const LINEAR_TID: &str = "threadIdx.x + blockDim.x * (threadIdx.y + blockDim.y * threadIdx.z)";

/// `x`, `y` or `z` of a `#gpu<dim ...>` or `#cuda<dim ...>` property.
fn dim(ctx: &Context, op: OpId) -> &'static str {
    let body = ctx.prop(op, "dimension").and_then(|a| {
        dialect_attr_body(ctx, a, "gpu").or_else(|| dialect_attr_body(ctx, a, "cuda"))
    });
    match body.and_then(|b| b.split_whitespace().last()) {
        Some("y") => "y",
        Some("z") => "z",
        _ => "x",
    }
}

/// `gpu.shuffle`: the source lane per mode, the value read by `cuwasm_shfl`
/// (from lane `src mod 32` of the warp), and `valid`: `src < width`.
fn shuffle(e: &mut FnEmitter, op: OpId) -> Result<(), Diagnostic> {
    let ctx = e.ctx;
    let width_value = ctx.operand(op, 2);
    if let Some(w) = constant_int(ctx, width_value)
        && !(1..=32).contains(&w)
    {
        return Err(ctx.op_error(
            op,
            format!("over {w} lanes is not supported by the HIP target, which keeps CUDA's warp of 32 lanes"),
        ));
    }
    let mode = ctx
        .prop(op, "mode")
        .and_then(|a| dialect_attr_body(ctx, a, "gpu"))
        .and_then(|b| b.split_whitespace().last())
        .unwrap_or("idx");
    let (value, offset, width) = (e.operand(op, 0), e.operand(op, 1), e.operand(op, 2));
    let src = match mode {
        "idx" => offset,
        "xor" => format!("(cuwasm_lane() ^ {offset})"),
        "up" => format!("(cuwasm_lane() - {offset})"),
        _ => format!("(cuwasm_lane() + {offset})"),
    };
    let src = if ctx.has_uses(ctx.result(op, 1)) && !is_simple(&src) {
        let name = e.fresh();
        e.line(format!("const uint32_t {name} = {src};"));
        name
    } else {
        src
    };
    let read = shuffled(e.result_scalar(op, 0)?, &value, &src);
    e.define(op, 0, read)?;
    e.define(op, 1, format!("{src} < {width}"))?;
    Ok(())
}

fn is_simple(expr: &str) -> bool {
    expr.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// `cuwasm_shfl` of a value of kind `s`, through a 32- or 64-bit integer
/// where HIP's `__shfl` has no overload.
fn shuffled(s: Scalar, v: &str, src: &str) -> String {
    match s {
        Scalar::Int(w) if w < 32 => format!("({})cuwasm_shfl((uint32_t){v}, {src})", s.cpp()),
        Scalar::Ptr => format!("(char *)cuwasm_shfl((uint64_t){v}, {src})"),
        Scalar::F16 => format!(
            "cuwasm_bitcast<__half>((uint16_t)cuwasm_shfl((uint32_t)cuwasm_bitcast<uint16_t>({v}), {src}))"
        ),
        _ => format!("cuwasm_shfl({v}, {src})"),
    }
}

/// The body of a `#dialect<...>` attribute (`dim x`).
fn dialect_attr_body<'c>(ctx: &'c Context, attr: cuwasm::Attr, dialect: &str) -> Option<&'c str> {
    match ctx.attr_dialect(attr) {
        Some((d, body)) if d == dialect => body,
        _ => None,
    }
}

/// The value of an `arith.constant` integer, if `v` is one.
fn constant_int(ctx: &Context, v: cuwasm::ValueId) -> Option<i128> {
    let def = ctx.defining_op(v)?;
    if !ctx.is_op(def, "arith.constant") {
        return None;
    }
    ctx.attr_int(ctx.prop(def, "value")?)
}

/// The cuda dialect's ids, barriers, fences and warp ops; `false` for others.
pub(super) fn emit_cuda(e: &mut FnEmitter, op: OpId) -> Result<bool, Diagnostic> {
    let ctx = e.ctx;
    let result = || ctx.result(op, 0);
    let name = ctx.op_name_text(op);
    match name {
        "cuda.thread_idx" => e.bind(result(), format!("(uint32_t)threadIdx.{}", dim(ctx, op))),
        "cuda.block_idx" => e.bind(result(), format!("(uint32_t)blockIdx.{}", dim(ctx, op))),
        "cuda.block_dim" => e.bind(result(), format!("(uint32_t)blockDim.{}", dim(ctx, op))),
        "cuda.grid_dim" => e.bind(result(), format!("(uint32_t)gridDim.{}", dim(ctx, op))),
        "cuda.lane_id" => e.define1(op, "cuwasm_lane()".to_string())?,
        "cuda.warp_size" => e.bind(result(), "32u".to_string()),
        "cuda.syncthreads" => e.line("__syncthreads();"),
        "cuda.syncthreads_count" | "cuda.syncthreads_and" | "cuda.syncthreads_or" => {
            let f = name.trim_start_matches("cuda.");
            let p = e.operand(op, 0);
            let call = format!("__{f}((int){p})");
            let expr = if f == "syncthreads_count" {
                format!("(uint32_t){call}")
            } else {
                format!("(uint32_t)({call} != 0)")
            };
            e.define1(op, expr)?;
        }
        "cuda.threadfence" => {
            let f = match Scope::from_prop(ctx, op, "scope")? {
                Some(Scope::Block) => "__threadfence_block",
                Some(Scope::System) => "__threadfence_system",
                _ => "__threadfence",
            };
            e.line(format!("{f}();"));
        }
        "cuda.vote_sync" => {
            let mode = VoteMode::from_prop(ctx, op, "mode")?.unwrap_or(VoteMode::Ballot);
            let (mask, p) = (e.operand(op, 0), e.operand(op, 1));
            e.define1(op, format!("cuwasm_vote_{}({mask}, {p})", mode.keyword()))?;
        }
        "cuda.activemask" => e.define1(op, "cuwasm_activemask()".to_string())?,
        "cuda.syncwarp" => {
            let mask = e.operand(op, 0);
            e.line(format!("cuwasm_syncwarp({mask});"));
        }
        "cuda.redux_sync" => {
            let kind = ReduxKind::from_prop(ctx, op, "kind")?.unwrap_or(ReduxKind::Add);
            let (mask, v) = (e.operand(op, 0), e.operand(op, 1));
            let f = match kind {
                ReduxKind::And => "bit_and",
                ReduxKind::Or => "bit_or",
                ReduxKind::Xor => "bit_xor",
                _ => kind.keyword(),
            };
            e.define1(op, format!("cuwasm_redux_{f}({mask}, {v})"))?;
        }
        "cuda.barrier" => {
            let id = constant_int(ctx, ctx.operand(op, 0));
            let arrive = ctx.prop(op, "arrive").is_some();
            if id != Some(0) || ctx.num_operands(op) > 1 || arrive {
                return Err(ctx.op_error(
                    op,
                    "(a named barrier, a thread count or arrive) is not supported by the HIP target",
                ));
            }
            e.line("__syncthreads();");
        }
        "cuda.read_sreg" => {
            let reg = SpecialReg::from_prop(ctx, op, "register")?;
            let expr = match reg {
                Some(SpecialReg::Clock) => "(uint32_t)clock64()",
                Some(SpecialReg::Clock64) => "(uint64_t)clock64()",
                _ => {
                    return Err(ctx.op_error(
                        op,
                        "reads a special register the HIP target has no counterpart for",
                    ));
                }
            };
            e.define1(op, expr.to_string())?;
        }
        _ => return Ok(false),
    }
    Ok(true)
}
