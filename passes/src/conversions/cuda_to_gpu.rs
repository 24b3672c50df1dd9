//! `convert-cuda-to-gpu`: the cuda dialect's device ops into the target-neutral
//! `gpu` dialect.
//!
//! - `cuda.{thread_idx,block_idx,block_dim,grid_dim}` (i32) become
//!   `gpu.{thread_id,block_id,block_dim,grid_dim}` (index) and an
//!   `arith.index_castui` back to i32;
//! - `cuda.lane_id` becomes `gpu.lane_id`, `cuda.warp_size` the constant 32;
//! - `cuda.syncthreads` becomes `gpu.barrier`;
//! - `cuda.shfl_sync` becomes `gpu.shuffle idx` over 32 lanes. CUDA's `width`
//!   segments (a lane reads inside its own segment, and keeps its own value when
//!   the source falls past the segment's end) have no `gpu.shuffle` equivalent, so
//!   the source lane is computed here, explicitly, as PTX's `shfl.sync` defines
//!   it: that is the CUDA-only semantics targets with other subgroup sizes keep.
//!
//! Memory (`cuda.shared_alloc`, `cuda.alloca`, `cuda.dynamic_shared`) and
//! atomics (`cuda.atomic_rmw`, `cuda.atomic_cas`) stay: they already say what
//! every target needs, and so do warp votes (`cuda.vote_sync`: the gpu dialect
//! has no ballot; `convert-gpu-to-simd` lowers them), `cuda.activemask` and
//! `cuda.redux_sync` (likewise), `__syncthreads_count` / `_and` / `_or`, and
//! `cuda.syncwarp` (the gpu dialect has no warp barrier; `convert-gpu-to-simd`
//! ends a thread loop there, the GPU targets write their own).

use crate::conversions::build;
use crate::{Pass, PassInfo, PassOptions, PassState};
use cuwasm::{Builder, Context, Diagnostic, OpId, OpView, ValueId};
use cuwasm_dialects::arith::{self, AddIOp, AndIOp, IndexCastUIOp, OrIOp, SubIOp, XOrIOp};
use cuwasm_dialects::cuda::{self, Dim, ShflMode};
use cuwasm_dialects::gpu;

pub const INFO: PassInfo = PassInfo {
    name: "convert-cuda-to-gpu",
    description: "The cuda dialect's device ops (ids, barriers, warp shuffles) into the gpu dialect",
    anchor: None,
    options: &[],
    create: |_: &PassOptions| Ok(Box::new(CudaToGpu)),
};

struct CudaToGpu;

impl Pass for CudaToGpu {
    fn run(&self, ctx: &mut Context, root: OpId, state: &mut PassState) -> Result<(), Diagnostic> {
        let mut converted = 0;
        for op in ctx.walk_preorder(root) {
            if convert(ctx, op)? {
                converted += 1;
            }
        }
        state.stat("num-converted", converted);
        Ok(())
    }
}

/// Convert `op` if it is a device op of the cuda dialect; `true` if it was.
fn convert(ctx: &mut Context, op: OpId) -> Result<bool, Diagnostic> {
    let name = ctx.op_name_text(op).to_string();
    let replacement = match name.as_str() {
        "cuda.thread_idx" => dim::<gpu::ThreadIdOp>(ctx, op),
        "cuda.block_idx" => dim::<gpu::BlockIdOp>(ctx, op),
        "cuda.block_dim" => dim::<gpu::BlockDimOp>(ctx, op),
        "cuda.grid_dim" => dim::<gpu::GridDimOp>(ctx, op),
        "cuda.lane_id" => lane_id(&mut Builder::before(ctx, op)),
        "cuda.warp_size" => const_i32(&mut Builder::before(ctx, op), 32),
        "cuda.syncthreads" => {
            gpu::BarrierOp::build(&mut Builder::before(ctx, op), &[], &[], &[]);
            ctx.erase_op(op);
            return Ok(true);
        }
        "cuda.shfl_sync" => shuffle(ctx, op),
        _ => return Ok(false),
    };
    ctx.replace_op(op, &[replacement]);
    Ok(true)
}

/// `gpu.<dim op>` along the cuda op's dimension, cast back to the i32 CUDA uses.
fn dim<T: OpView>(ctx: &mut Context, op: OpId) -> ValueId {
    let d = cuda::builtin_dim(ctx, op).unwrap_or(Dim::X);
    let mut b = Builder::before(ctx, op);
    let index = gpu::dim_value::<T>(&mut b, d.keyword());
    to_i32(&mut b, index)
}

fn to_i32(b: &mut Builder<'_>, index: ValueId) -> ValueId {
    let i32 = b.i32();
    build::op1::<IndexCastUIOp>(b, &[index], i32)
}

fn const_i32(b: &mut Builder<'_>, v: i64) -> ValueId {
    let i32 = b.i32();
    build::int(b, i32, v)
}

fn lane_id(b: &mut Builder<'_>) -> ValueId {
    let index = b.index_type();
    let op = gpu::LaneIdOp::build(b, &[], &[index], &[]);
    let v = b.result(op.0, 0);
    to_i32(b, v)
}

/// `cuda.shfl_sync` as `gpu.shuffle idx` from the source lane PTX's
/// `shfl.sync` computes: `seg = lane & -width`, `last = seg | (width-1)`;
/// idx reads `seg | (lane_arg & (width-1))`, up reads `lane-delta` unless that
/// is below `seg`, down reads `lane+delta` and xor `lane^mask` unless past `last`
/// (a lane keeps its own value otherwise).
fn shuffle(ctx: &mut Context, op: OpId) -> ValueId {
    let mode = ShflMode::from_prop(ctx, op, "mode")
        .ok()
        .flatten()
        .unwrap_or(ShflMode::Idx);
    let view = cuda::ShflSyncOp(op);
    let (value, arg, width) = (view.value(ctx), view.lane(ctx), view.width(ctx));
    let mut b = Builder::before(ctx, op);
    let width = width.unwrap_or_else(|| const_i32(&mut b, 32));
    let lane = lane_id(&mut b);
    let one = const_i32(&mut b, 1);
    let zero = const_i32(&mut b, 0);
    let width_m1 = arith::binary::<SubIOp>(&mut b, width, one);
    let neg_width = arith::binary::<SubIOp>(&mut b, zero, width);
    let seg = arith::binary::<AndIOp>(&mut b, lane, neg_width);
    let last = arith::binary::<OrIOp>(&mut b, seg, width_m1);
    let src = match mode {
        ShflMode::Idx => {
            let within = arith::binary::<AndIOp>(&mut b, arg, width_m1);
            arith::binary::<OrIOp>(&mut b, seg, within)
        }
        ShflMode::Up => {
            let j = arith::binary::<SubIOp>(&mut b, lane, arg);
            keep_lane_if(&mut b, build::SLT, j, seg, lane)
        }
        ShflMode::Down => {
            let j = arith::binary::<AddIOp>(&mut b, lane, arg);
            keep_lane_if(&mut b, build::UGT, j, last, lane)
        }
        ShflMode::Xor => {
            let j = arith::binary::<XOrIOp>(&mut b, lane, arg);
            keep_lane_if(&mut b, build::UGT, j, last, lane)
        }
    };
    let thirty_two = const_i32(&mut b, 32);
    let (ty, i1) = (b.value_type(value), b.i1());
    let idx = b.dialect_attr("gpu", Some("shuffle_mode idx"));
    let shuffled = gpu::ShuffleOp::build(
        &mut b,
        &[value, src, thirty_two],
        &[ty, i1],
        &[("mode", idx)],
    );
    b.result(shuffled.0, 0)
}

/// `j <pred> bound ? lane : j`.
fn keep_lane_if(
    b: &mut Builder<'_>,
    pred: i128,
    j: ValueId,
    bound: ValueId,
    lane: ValueId,
) -> ValueId {
    let c = build::cmpi(b, pred, j, bound);
    let ty = b.value_type(j);
    build::op1::<arith::SelectOp>(b, &[c, lane, j], ty)
}
