//! Uniformity: which values are the same for every thread of a workgroup,
//! and so how each structured op that contains a barrier is lowered.
//!
//! WGSL allows `workgroupBarrier()` only in uniform control flow, which its
//! uniformity analysis checks (Tint does; naga 30 does not check barriers).
//! CUDA's warp operations become a workgroup-memory exchange with barriers
//! (`warp`), and they often sit in branches that are uniform per warp but not
//! per block (`if (warp == 0) ...`). So a structured op that contains a
//! synchronizing op is lowered one of two ways:
//!
//! * a real `if`/`loop` when its condition is uniform;
//! * otherwise **predicated**: every thread runs both branches (or the loop
//!   until no thread of the block continues, asked through workgroup
//!   memory), with a boolean predicate that guards the side effects
//!   (stores, atomics) and that votes and syncthreads reductions read as
//!   "this thread runs the op". Loads and arithmetic run speculatively, which
//!   WGSL makes safe (out-of-bounds reads are clamped, integer division by
//!   zero is defined).
//!
//! The analysis follows WGSL's rules as the emitted code will be: thread ids,
//! workgroup memory, writable storage and atomics are non-uniform; parameters
//! (the uniform block), block ids, block and grid sizes, read-only storage
//! and everything derived from uniform values are uniform; any value in
//! non-uniform control flow is non-uniform; a thread's local array is uniform
//! only while every store to it is uniform. It is a fixpoint (loop-carried
//! values), which the lowering decisions take part in.

use super::pointers::{Base, Pointers, memory_access};
use cuwasm::{BlockId, Context, OpId, ValueId};
use std::collections::HashSet;

/// The control flow an op is emitted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Uniform control flow, no predicate.
    Uniform,
    /// Uniform control flow (every thread runs it), side effects guarded by
    /// a non-uniform predicate.
    Predicated,
    /// Inside a branch or loop on a non-uniform condition (no barrier can be
    /// there).
    Divergent,
}

/// How a structured op is emitted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lowering {
    /// A real `if`/`loop`/`switch`.
    Branch,
    /// A real `if`/`loop`/`switch` inside `if (predicate) { ... }`.
    Guarded,
    /// Both branches (every iteration any thread needs) run by every thread
    /// under predicates.
    Predicated,
}

/// The lowering of a structured op in `mode`, and the mode of its regions.
pub fn lowering(mode: Mode, has_sync: bool, cond_uniform: bool) -> (Lowering, Mode) {
    match (mode, has_sync) {
        (Mode::Divergent, _) => (Lowering::Branch, Mode::Divergent),
        (Mode::Uniform, false) if cond_uniform => (Lowering::Branch, Mode::Uniform),
        (Mode::Uniform, false) => (Lowering::Branch, Mode::Divergent),
        (Mode::Predicated, false) => (Lowering::Guarded, Mode::Divergent),
        (m, true) if cond_uniform => (Lowering::Branch, m),
        (_, true) => (Lowering::Predicated, Mode::Predicated),
    }
}

/// Ops that all threads of a workgroup must reach together in the emitted
/// shader (they contain a workgroup barrier).
pub fn is_sync(ctx: &Context, op: OpId) -> bool {
    matches!(
        ctx.op_name_text(op),
        "gpu.barrier"
            | "gpu.shuffle"
            | "cuda.syncthreads"
            | "cuda.syncthreads_count"
            | "cuda.syncthreads_and"
            | "cuda.syncthreads_or"
            | "cuda.syncwarp"
            | "cuda.barrier"
            | "cuda.threadfence"
            | "cuda.vote_sync"
            | "cuda.activemask"
            | "cuda.redux_sync"
    )
}

/// The analysis of one kernel.
pub struct Uniformity {
    nonuniform: HashSet<ValueId>,
    /// Local arrays some non-uniform store writes.
    private_nonuniform: HashSet<OpId>,
    /// Ops that synchronize or contain an op that does.
    sync: HashSet<OpId>,
}

impl Uniformity {
    pub fn uniform(&self, v: ValueId) -> bool {
        !self.nonuniform.contains(&v)
    }

    /// Does `op` synchronize the workgroup, or contain an op that does?
    pub fn has_sync(&self, op: OpId) -> bool {
        self.sync.contains(&op)
    }

    /// The condition uniformity that decides the lowering of structured op
    /// `op`.
    pub fn cond_uniform(&self, ctx: &Context, op: OpId) -> bool {
        match ctx.op_name_text(op) {
            "scf.while" => {
                let before = ctx.entry_block(ctx.region(op, 0)).unwrap();
                let cond = ctx.terminator(before).unwrap();
                self.uniform(ctx.operand(cond, 0))
            }
            // scf.if's condition, scf.index_switch's argument, scf.for's bounds.
            _ => ctx.operands(op).iter().take(3).all(|&v| self.uniform(v)),
        }
    }
}

/// Analyze kernel `func`.
pub fn analyze(ctx: &Context, func: OpId, ptrs: &Pointers) -> Uniformity {
    let mut u = Uniformity {
        nonuniform: HashSet::new(),
        private_nonuniform: HashSet::new(),
        sync: sync_ops(ctx, func),
    };
    let entry = ctx.entry_block(ctx.region(func, 0)).unwrap();
    let mut w = Walker {
        ctx,
        ptrs,
        u: &mut u,
        grew: false,
    };
    loop {
        w.grew = false;
        w.block(entry, Mode::Uniform);
        if !w.grew {
            break;
        }
    }
    u
}

/// The ops of `func` that are or contain a synchronizing op.
fn sync_ops(ctx: &Context, func: OpId) -> HashSet<OpId> {
    let mut sync = HashSet::new();
    for op in ctx.walk_preorder(func) {
        if is_sync(ctx, op) {
            let mut cur = Some(op);
            while let Some(o) = cur {
                if o == func || !sync.insert(o) {
                    break;
                }
                cur = ctx.parent_op(o);
            }
        }
    }
    sync
}

struct Walker<'a> {
    ctx: &'a Context,
    ptrs: &'a Pointers,
    u: &'a mut Uniformity,
    grew: bool,
}

impl Walker<'_> {
    fn mark(&mut self, v: ValueId) {
        if self.u.nonuniform.insert(v) {
            self.grew = true;
        }
    }

    fn mark_if(&mut self, v: ValueId, nonuniform: bool) {
        if nonuniform {
            self.mark(v);
        }
    }

    fn any_nonuniform(&self, vs: &[ValueId]) -> bool {
        vs.iter().any(|&v| !self.u.uniform(v))
    }

    fn block(&mut self, block: BlockId, mode: Mode) {
        let ops: Vec<OpId> = self.ctx.block_ops(block).collect();
        for op in ops {
            self.op(op, mode);
        }
    }

    fn op(&mut self, op: OpId, mode: Mode) {
        let ctx = self.ctx;
        match ctx.op_name_text(op) {
            "scf.if" | "scf.index_switch" => self.branches(op, mode),
            "scf.while" => self.while_loop(op, mode),
            "scf.for" => self.for_loop(op, mode),
            _ => {
                self.store(op, mode);
                let nonuniform = mode == Mode::Divergent
                    || self.source(op)
                    || self.any_nonuniform(ctx.operands(op));
                for r in ctx.results(op) {
                    self.mark_if(r, nonuniform);
                }
            }
        }
    }

    /// Is `op`'s result non-uniform whatever its operands are?
    fn source(&self, op: OpId) -> bool {
        let ctx = self.ctx;
        match ctx.op_name_text(op) {
            "gpu.thread_id" | "gpu.lane_id" | "gpu.global_id" | "gpu.shuffle"
            | "cuda.vote_sync" | "cuda.activemask" | "cuda.redux_sync" | "cuda.read_sreg"
            | "cuda.atomic_rmw" | "cuda.atomic_cas" => true,
            "ptr.load" | "cuda.ldg" => {
                let ptr = ctx.operand(op, 0);
                match self.ptrs.base(ptr) {
                    Some(Base::Byval(_)) => false,
                    Some(b @ (Base::Param(_) | Base::Global(_))) => self.ptrs.written(b),
                    Some(Base::Private(alloca)) => self.u.private_nonuniform.contains(alloca),
                    _ => true,
                }
            }
            _ => false,
        }
    }

    /// A store to a local array makes it non-uniform unless it is uniform.
    fn store(&mut self, op: OpId, mode: Mode) {
        let Ok(Some((ptr, _))) = memory_access(self.ctx, op) else {
            return;
        };
        let Some(Base::Private(alloca)) = self.ptrs.base(ptr) else {
            return;
        };
        let nonuniform = mode != Mode::Uniform || self.any_nonuniform(self.ctx.operands(op));
        if nonuniform && self.u.private_nonuniform.insert(*alloca) {
            self.grew = true;
        }
    }

    /// `scf.if` and `scf.index_switch`: results are uniform when the op is a
    /// real branch in uniform control flow and every yield is uniform.
    fn branches(&mut self, op: OpId, mode: Mode) {
        let ctx = self.ctx;
        let cu = self.u.cond_uniform(ctx, op);
        let (lowering, inner) = lowering(mode, self.u.has_sync(op), cu);
        let mut yields = Vec::new();
        for &region in ctx.regions(op) {
            let Some(block) = ctx.entry_block(region) else {
                continue;
            };
            self.block(block, inner);
            if let Some(t) = ctx.terminator(block) {
                yields.push(ctx.operands(t).to_vec());
            }
        }
        let real = lowering == Lowering::Branch && inner != Mode::Divergent;
        for (i, r) in ctx.results(op).enumerate() {
            let ys: Vec<ValueId> = yields.iter().map(|y| y[i]).collect();
            let nonuniform = !real || self.any_nonuniform(&ys);
            self.mark_if(r, nonuniform);
        }
    }

    fn while_loop(&mut self, op: OpId, mode: Mode) {
        let ctx = self.ctx;
        let cu = self.u.cond_uniform(ctx, op);
        let (lowering, inner) = lowering(mode, self.u.has_sync(op), cu);
        let real = lowering == Lowering::Branch && inner != Mode::Divergent;
        let before = ctx.entry_block(ctx.region(op, 0)).unwrap();
        let after = ctx.entry_block(ctx.region(op, 1)).unwrap();
        let cond = ctx.terminator(before).unwrap();
        let yield_op = ctx.terminator(after).unwrap();
        for (i, &arg) in ctx.block_args(before).to_vec().iter().enumerate() {
            let ins = [ctx.operand(op, i), ctx.operand(yield_op, i)];
            let nonuniform = !real || self.any_nonuniform(&ins);
            self.mark_if(arg, nonuniform);
        }
        self.block(before, inner);
        for (i, &arg) in ctx.block_args(after).to_vec().iter().enumerate() {
            let nonuniform = !real || !self.u.uniform(ctx.operand(cond, i + 1));
            self.mark_if(arg, nonuniform);
            self.mark_if(ctx.result(op, i), nonuniform);
        }
        self.block(after, inner);
    }

    fn for_loop(&mut self, op: OpId, mode: Mode) {
        let ctx = self.ctx;
        let cu = self.u.cond_uniform(ctx, op);
        let (lowering, inner) = lowering(mode, self.u.has_sync(op), cu);
        let real = lowering == Lowering::Branch && inner != Mode::Divergent;
        let body = ctx.entry_block(ctx.region(op, 0)).unwrap();
        let yield_op = ctx.terminator(body).unwrap();
        self.mark_if(ctx.block_arg(body, 0), !real);
        for (i, r) in ctx.results(op).enumerate() {
            let ins = [ctx.operand(op, 3 + i), ctx.operand(yield_op, i)];
            let nonuniform = !real || self.any_nonuniform(&ins);
            self.mark_if(ctx.block_arg(body, i + 1), nonuniform);
            self.mark_if(r, nonuniform);
        }
        self.block(body, inner);
    }
}
