//! Barriers, warp operations with CUDA's 32 lanes, and the block-wide
//! votes of `__syncthreads_count/_and/_or`.
//!
//! A warp is 32 consecutive linear thread ids (`local_invocation_index`,
//! which linearizes x fastest as CUDA does). Warp operations go through
//! workgroup memory: each thread writes its word into `cuwasm_lanes` (one
//! word per thread), a barrier, each reads what it needs, a barrier (so the
//! next exchange cannot overwrite a word not yet read). The semantics match
//! the CPU path's (`convert-gpu-to-simd`): a shuffle source outside
//! `[0, width)` gives the thread's own value; a vote counts the lanes of the
//! mask that run it, which under predication are those whose predicate
//! holds. Subgroup operations could replace the exchange where the adapter
//! has subgroups of at least 32 lanes; not done yet.
//!
//! `__syncthreads()` is `workgroupBarrier()`, preceded by `storageBarrier()`
//! where the kernel writes storage buffers (CUDA's barrier also orders
//! global memory within the block); `__threadfence()` is `storageBarrier()`.
//! Every one of these is reached by all threads together: the structured ops
//! around them are real branches on uniform conditions or predicated
//! (`uniformity`).

use super::Helper;
use super::kernel::{Kernel, Pred};
use super::memory::Space;
use super::types::{Repr, f16_bits, f16_from_bits};
use cuwasm::{Diagnostic, OpId};
use cuwasm_dialects::cuda::{ReduxKind, VoteMode};

const LANES: Helper = Helper {
    name: "cuwasm_lanes",
    deps: &[],
    text: "var<workgroup> cuwasm_lanes: array<u32, cuwasm_threads>;",
};

const EXCHANGE: Helper = Helper {
    name: "cuwasm_exchange",
    deps: &[&LANES],
    text: "fn cuwasm_exchange(li: u32, v: u32, src: u32) -> u32 {
    cuwasm_lanes[li] = v;
    workgroupBarrier();
    let r = cuwasm_lanes[min(src, cuwasm_threads - 1u)];
    workgroupBarrier();
    return r;
}",
};

/// A warp vote: each thread gives 0 (not running), 1 (false) or 2 (true);
/// each gets the bits of its warp's true lanes and of its running lanes.
const BALLOT: Helper = Helper {
    name: "cuwasm_warp_ballot",
    deps: &[&LANES],
    text: "fn cuwasm_warp_ballot(li: u32, vote: u32) -> vec2<u32> {
    cuwasm_lanes[li] = vote;
    workgroupBarrier();
    let first = li & ~31u;
    var ballot = 0u;
    var voters = 0u;
    for (var k = 0u; k < 32u; k = k + 1u) {
        let t = first + k;
        if t < cuwasm_threads {
            let c = cuwasm_lanes[t];
            if c != 0u {
                voters = voters | (1u << k);
            }
            if c == 2u {
                ballot = ballot | (1u << k);
            }
        }
    }
    workgroupBarrier();
    return vec2<u32>(ballot, voters);
}",
};

const VALUES: Helper = Helper {
    name: "cuwasm_lane_values",
    deps: &[],
    text: "var<workgroup> cuwasm_lane_values: array<u32, cuwasm_threads>;",
};

/// `redux.sync`: the `kind` (ReduxKind's order) reduction of the values of
/// the running lanes of the warp that are in `mask`.
const REDUX: Helper = Helper {
    name: "cuwasm_warp_redux",
    deps: &[&LANES, &VALUES],
    text: "fn cuwasm_warp_redux(li: u32, running: bool, v: u32, mask: u32, kind: u32) -> u32 {
    cuwasm_lanes[li] = select(0u, 1u, running);
    cuwasm_lane_values[li] = v;
    workgroupBarrier();
    let first = li & ~31u;
    var acc = select(0u, 0xffffffffu, kind == 5u);
    acc = select(acc, 0x7fffffffu, kind == 1u);
    acc = select(acc, 0x80000000u, kind == 2u);
    acc = select(acc, 0xffffffffu, kind == 3u);
    for (var k = 0u; k < 32u; k = k + 1u) {
        let t = first + k;
        if t < cuwasm_threads && cuwasm_lanes[t] != 0u && ((mask >> k) & 1u) != 0u {
            let x = cuwasm_lane_values[t];
            switch kind {
                case 0u: { acc = acc + x; }
                case 1u: { acc = bitcast<u32>(min(bitcast<i32>(acc), bitcast<i32>(x))); }
                case 2u: { acc = bitcast<u32>(max(bitcast<i32>(acc), bitcast<i32>(x))); }
                case 3u: { acc = min(acc, x); }
                case 4u: { acc = max(acc, x); }
                case 5u: { acc = acc & x; }
                case 6u: { acc = acc | x; }
                default: { acc = acc ^ x; }
            }
        }
    }
    workgroupBarrier();
    return acc;
}",
};

const COUNT_VARS: Helper = Helper {
    name: "cuwasm_count",
    deps: &[],
    text: "var<workgroup> cuwasm_count: atomic<u32>;
var<workgroup> cuwasm_count_result: u32;",
};

/// How many threads of the workgroup have `p`, as a uniform value (the
/// barriers make each call's count complete before it is read, and each
/// reset wait for the previous call's readers).
pub const BLOCK_COUNT: Helper = Helper {
    name: "cuwasm_block_count",
    deps: &[&COUNT_VARS],
    text: "fn cuwasm_block_count(li: u32, p: bool) -> u32 {
    if li == 0u {
        atomicStore(&cuwasm_count, 0u);
    }
    workgroupBarrier();
    if p {
        atomicAdd(&cuwasm_count, 1u);
    }
    workgroupBarrier();
    if li == 0u {
        cuwasm_count_result = atomicLoad(&cuwasm_count);
    }
    return workgroupUniformLoad(&cuwasm_count_result);
}",
};

impl Kernel<'_> {
    /// Does the kernel write any storage buffer (so barriers order storage too)?
    fn writes_storage(&self) -> bool {
        self.buffers
            .values()
            .any(|b| matches!(b.space, Space::Storage { writable: true, .. }))
    }

    /// A barrier, warp operation or block vote, run by every thread (`pred`:
    /// whether this thread runs it in the program).
    pub fn sync_op(&mut self, op: OpId, pred: Pred) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let running = pred.unwrap_or("true").to_string();
        match ctx.op_name_text(op) {
            "gpu.barrier" | "cuda.syncthreads" | "cuda.syncwarp" => self.barrier(),
            "cuda.barrier" => {
                let named = ctx.num_operands(op) > 1
                    || ctx.prop(op, "arrive").is_some()
                    || self.const_int(ctx.operand(op, 0)) != Some(0);
                if named {
                    let msg =
                        "is a named or partial barrier, which the WGSL target does not support";
                    return Err(ctx.op_error(op, msg));
                }
                self.barrier();
            }
            "cuda.threadfence" => self.line("storageBarrier();"),
            "gpu.shuffle" => self.shuffle(op)?,
            "cuda.vote_sync" | "cuda.activemask" => self.vote(op, &running)?,
            "cuda.syncthreads_count" | "cuda.syncthreads_and" | "cuda.syncthreads_or" => {
                let p = self.val(ctx.operand(op, 0));
                let counted = match ctx.op_name_text(op) {
                    "cuda.syncthreads_and" => format!("{running} && !{p}"),
                    _ => format!("{running} && {p}"),
                };
                self.need(&BLOCK_COUNT);
                let count = format!("cuwasm_block_count(cuwasm_li, {counted})");
                let e = match ctx.op_name_text(op) {
                    "cuda.syncthreads_count" => format!("bitcast<i32>({count})"),
                    "cuda.syncthreads_and" => format!("select(0i, 1i, {count} == 0u)"),
                    _ => format!("select(0i, 1i, {count} != 0u)"),
                };
                self.bind(ctx.result(op, 0), &e);
            }
            "cuda.redux_sync" => {
                let kind = ReduxKind::from_prop(ctx, op, "kind")?.unwrap_or(ReduxKind::Add);
                let k = ReduxKind::ALL.iter().position(|&x| x == kind).unwrap_or(0);
                let (mask, v) = (self.val(ctx.operand(op, 0)), self.val(ctx.operand(op, 1)));
                self.need(&REDUX);
                let e = format!(
                    "bitcast<i32>(cuwasm_warp_redux(cuwasm_li, {running}, bitcast<u32>({v}), bitcast<u32>({mask}), {k}u))"
                );
                self.bind(ctx.result(op, 0), &e);
            }
            _ => return Err(ctx.op_error(op, "is not supported by the WGSL target")),
        }
        Ok(())
    }

    fn barrier(&mut self) {
        if self.writes_storage() {
            self.line("storageBarrier();");
        }
        self.line("workgroupBarrier();");
    }

    /// `gpu.shuffle`: the value of lane `src` of this thread's warp.
    fn shuffle(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let (value, offset, width) = (ctx.operand(op, 0), ctx.operand(op, 1), ctx.operand(op, 2));
        let mode = ctx
            .prop(op, "mode")
            .and_then(|a| ctx.attr_dialect(a))
            .and_then(|(_, b)| b)
            .and_then(|b| b.split_whitespace().last())
            .unwrap_or("idx")
            .to_string();
        let off = format!("bitcast<u32>({})", self.val(offset));
        let lane = self.temp("lane");
        self.line(&format!("let {lane} = cuwasm_li & 31u;"));
        let src = match mode.as_str() {
            "up" => format!("{lane} - {off}"),
            "down" => format!("{lane} + {off}"),
            "xor" => format!("{lane} ^ {off}"),
            _ => off,
        };
        let (s, valid) = (self.temp("src"), self.temp("valid"));
        self.line(&format!("let {s} = {src};"));
        self.line(&format!(
            "let {valid} = {s} < bitcast<u32>({});",
            self.val(width)
        ));
        let t = format!("(cuwasm_li - {lane}) + select({lane}, {s}, {valid})");
        let v = self.val(value);
        self.need(&EXCHANGE);
        let x = |w: &str| format!("cuwasm_exchange(cuwasm_li, {w}, {t})");
        let e = match self.repr(op, value)? {
            Repr::F32 => format!("bitcast<f32>({})", x(&format!("bitcast<u32>({v})"))),
            Repr::I32 => format!("bitcast<i32>({})", x(&format!("bitcast<u32>({v})"))),
            Repr::Bool => format!("({} != 0u)", x(&format!("select(0u, 1u, {v})"))),
            Repr::Wide => {
                let lo = self.temp("lo");
                self.line(&format!("let {lo} = {};", x(&format!("{v}.x"))));
                format!("vec2<u32>({lo}, {})", x(&format!("{v}.y")))
            }
            Repr::F16 => {
                self.f16 = true;
                f16_from_bits(&x(&f16_bits(&v)))
            }
            Repr::Offset => return Err(ctx.op_error(op, "shuffles a pointer")),
        };
        self.bind(ctx.result(op, 0), &e);
        self.alias(ctx.result(op, 1), valid);
        Ok(())
    }

    /// `cuda.vote_sync` and `cuda.activemask`.
    fn vote(&mut self, op: OpId, running: &str) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let (mode, mask, p) = match ctx.op_name_text(op) {
            "cuda.activemask" => (None, "0xffffffffu".to_string(), "true".to_string()),
            _ => (
                VoteMode::from_prop(ctx, op, "mode")?,
                format!("bitcast<u32>({})", self.val(ctx.operand(op, 0))),
                self.val(ctx.operand(op, 1)),
            ),
        };
        self.need(&BALLOT);
        let b = self.temp("ballot");
        self.line(&format!(
            "let {b} = cuwasm_warp_ballot(cuwasm_li, select(0u, select(1u, 2u, {p}), {running})) & vec2<u32>({mask});"
        ));
        let e = match mode {
            None => format!("bitcast<i32>({b}.y)"),
            Some(VoteMode::Ballot) => format!("bitcast<i32>({b}.x)"),
            Some(VoteMode::Any) => format!("({b}.x != 0u)"),
            Some(VoteMode::All) => format!("({b}.x == {b}.y)"),
            Some(VoteMode::Uni) => format!("({b}.x == 0u || {b}.x == {b}.y)"),
        };
        self.bind(ctx.result(op, 0), &e);
        Ok(())
    }
}
