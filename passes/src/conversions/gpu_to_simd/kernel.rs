//! One `gpu.func` kernel into a block function (docs/cpu-abi.md): the threads
//! of a block become loops, and every barrier splits them (loop fission).
//!
//! The kernel body is cut at each op that synchronizes threads (`gpu.barrier`,
//! `gpu.shuffle`, or a structured op containing one). Each barrier-free run of
//! ops becomes a *thread loop* (`scf.for` over z, y, x) that every thread of the
//! block finishes before the next run starts. Control flow that contains a
//! barrier stays at the block level: an `scf.if` becomes a per-thread mask for
//! each branch, an `scf.while` keeps a per-thread "active" mask and iterates
//! while any thread is active, so barriers inside conditions and loops work
//! (and divergent warp shuffles too: each thread loop skips masked-off threads).
//! Warp votes, `activemask` and `redux.sync` go through per-thread bytes in
//! scratch: each thread records whether it runs the op (and its vote or
//! value), then each reads its warp's 32 records.
//!
//! A value defined in one thread loop and used in another is kept per thread
//! in the block's scratch memory (stored once after its definition, loaded once
//! at the start of each loop that uses it); thread ids are not stored but
//! re-read from the loop's induction variables, which is what Polygeist's
//! choice between storing and recomputing comes down to for the values that
//! are cheapest to recompute. Scratch is laid out per thread: thread `t`'s
//! values live at `scratch + t * per_thread_bytes + offset`.

use crate::conversions::build::{self, EQ, NE, ULT};
use cuwasm::{BlockId, Builder, Context, Diagnostic, InsertPoint, OpId, Type, ValueId};
use cuwasm_dialects::arith::{
    AddIOp, AndIOp, MulIOp, OrIOp, RemUIOp, SelectOp, ShLIOp, SubIOp, XOrIOp,
};
use cuwasm_dialects::cpu_abi::env;
use rustc_hash::FxHashMap;

/// One thread loop: the loop nest over the block's threads and what its body has.
struct ThreadLoop {
    /// `threadIdx` x, y, z (index).
    ids: [ValueId; 3],
    /// The linear thread id (index).
    tid: ValueId,
    /// This thread's scratch area.
    base: ValueId,
    /// Loads of values from other loops go right after this op (the one
    /// computing `base`, so they dominate the whole segment).
    load_point: OpId,
    /// Where the segment's ops go (before its terminator).
    body: BlockId,
}

/// The state of lowering one kernel.
pub struct Kernel {
    params: ValueId,
    scratch: ValueId,
    shared: ValueId,
    dynamic_shared: ValueId,
    grid_dim: [ValueId; 3],
    block_dim: [ValueId; 3],
    block_idx: [ValueId; 3],
    ptr_ty: Type,
    loops: Vec<ThreadLoop>,
    /// The innermost (x) loop op of each thread loop → its index.
    loop_ops: FxHashMap<OpId, usize>,
    /// Values kept in scratch, with their per-thread offset.
    slots: FxHashMap<ValueId, i64>,
    /// `(loop, value)` → the value loaded at the start of that loop.
    loaded: FxHashMap<(usize, ValueId), ValueId>,
    /// Constants that become `per_thread_bytes` once it is known.
    stride_consts: Vec<OpId>,
    per_thread_bytes: i64,
    pub static_shared_bytes: i64,
}

impl Kernel {
    /// The prologue at the end of `entry` (block arguments: params, env).
    pub fn new(ctx: &mut Context, entry: BlockId) -> Kernel {
        let (params, env_ptr) = (ctx.block_arg(entry, 0), ctx.block_arg(entry, 1));
        let ptr_ty = ctx.value_type(params);
        let mut b = Builder::at_end(ctx, entry);
        let dims = |b: &mut Builder<'_>, field: i64| {
            [0, 1, 2].map(|d| {
                let p = build::ptr_add_const(b, env_ptr, field + 4 * d);
                let i32 = b.i32();
                let v = build::load(b, p, i32);
                build::to_index_unsigned(b, v)
            })
        };
        let grid_dim = dims(&mut b, env::GRID_DIM);
        let block_dim = dims(&mut b, env::BLOCK_DIM);
        let block_idx = dims(&mut b, env::BLOCK_IDX);
        let field = |b: &mut Builder<'_>, off: i64| {
            let p = build::ptr_add_const(b, env_ptr, off);
            build::load(b, p, ptr_ty)
        };
        let shared = field(&mut b, env::SHARED);
        let dynamic_shared = field(&mut b, env::DYNAMIC_SHARED);
        let scratch = field(&mut b, env::SCRATCH);
        Kernel {
            params,
            scratch,
            shared,
            dynamic_shared,
            grid_dim,
            block_dim,
            block_idx,
            ptr_ty,
            loops: Vec::new(),
            loop_ops: FxHashMap::default(),
            slots: FxHashMap::default(),
            loaded: FxHashMap::default(),
            stride_consts: Vec::new(),
            per_thread_bytes: 0,
            static_shared_bytes: 0,
        }
    }

    /// Load the kernel's arguments from `params` (an array of pointers to them)
    /// and use them for `args`.
    pub fn bind_arguments(&mut self, ctx: &mut Context, entry: BlockId, args: &[ValueId]) {
        let mut b = Builder::at_end(ctx, entry);
        for (i, &arg) in args.iter().enumerate() {
            let slot = build::ptr_add_const(&mut b, self.params, 8 * i as i64);
            let p = build::load(&mut b, slot, self.ptr_ty);
            let ty = b.value_type(arg);
            let v = build::load(&mut b, p, ty);
            b.replace_all_uses(arg, v);
        }
    }

    /// Replace the block-uniform ops under `root` (grid and block ids and sizes,
    /// shared memory) with prologue values at the end of `entry`.
    pub fn bind_uniform_ops(
        &mut self,
        ctx: &mut Context,
        root: OpId,
        entry: BlockId,
    ) -> Result<(), Diagnostic> {
        for op in ctx.walk_preorder(root) {
            let dim = || dimension_index(ctx, op);
            let value = match ctx.op_name_text(op) {
                "gpu.grid_dim" => self.grid_dim[dim()],
                "gpu.block_dim" => self.block_dim[dim()],
                "gpu.block_id" => self.block_idx[dim()],
                "cuda.dynamic_shared" => self.dynamic_shared,
                "cuda.shared_alloc" => self.shared_alloc(ctx, op, entry)?,
                _ => continue,
            };
            ctx.replace_op(op, &[value]);
        }
        Ok(())
    }

    /// Move the pure ops of `block` whose operands are all block-uniform (defined
    /// in `entry`) to the end of `entry`, recursing into the regions of ops that
    /// synchronize (they stay at the block level). Uniform values then need no
    /// per-thread copies.
    pub fn hoist_uniform(&mut self, ctx: &mut Context, block: BlockId, entry: BlockId) {
        let ops: Vec<OpId> = ctx.block_ops(block).collect();
        for op in ops {
            if synchronizes(ctx, op) {
                for r in ctx.regions(op).to_vec() {
                    for b in ctx.region_blocks(r).to_vec() {
                        self.hoist_uniform(ctx, b, entry);
                    }
                }
            } else if is_uniform_op(ctx, op, entry) {
                ctx.move_op_to_end(op, entry);
            }
        }
    }

    /// A static `__shared__` array: its offset in the block's shared memory.
    fn shared_alloc(
        &mut self,
        ctx: &mut Context,
        op: OpId,
        entry: BlockId,
    ) -> Result<ValueId, Diagnostic> {
        let bytes = build::array_bytes(ctx, op)
            .ok_or_else(|| ctx.op_error(op, "shared array of unknown size"))?;
        let offset = align(self.static_shared_bytes, 16);
        self.static_shared_bytes = offset + bytes;
        let mut b = Builder::at_end(ctx, entry);
        Ok(build::ptr_add_const(&mut b, self.shared, offset))
    }

    /// Reserve `bytes` of each thread's scratch area; returns the offset.
    fn reserve(&mut self, bytes: i64) -> i64 {
        let offset = align(
            self.per_thread_bytes,
            if bytes >= 8 { 8 } else { bytes.max(1) },
        );
        self.per_thread_bytes = offset + bytes;
        offset
    }

    fn slot_for(&mut self, ctx: &Context, ty: Type) -> i64 {
        self.reserve(build::type_bytes(ctx, ty).unwrap_or(8))
    }

    /// A placeholder for `value` (a result or block argument that is going away)
    /// whose per-thread copies live in scratch at `offset`.
    fn keep_in_slot(&mut self, ctx: &mut Context, value: ValueId, offset: i64) {
        let p = ctx.new_placeholder(ctx.value_type(value));
        ctx.replace_all_uses(value, p);
        self.slots.insert(p, offset);
    }

    /// `per_thread_bytes` as an i64 constant (patched at the end).
    fn stride(&mut self, b: &mut Builder<'_>) -> ValueId {
        let i64 = b.i64();
        let v = build::int(b, i64, 0);
        self.stride_consts.push(b.defining_op(v).unwrap());
        v
    }

    /// A new thread loop at the end of `block`, running only threads whose
    /// `mask` byte (a scratch offset) is set.
    fn thread_loop(&mut self, ctx: &mut Context, block: BlockId, mask: Option<i64>) -> usize {
        let mut b = Builder::at_end(ctx, block);
        let mut ivs = [self.params; 3];
        let (mut x_loop, mut body) = (None, block);
        for d in (0..3).rev() {
            let zero = build::index(&mut b, 0);
            let (op, inner, iv) = build::for_loop(&mut b, zero, self.block_dim[d]);
            (x_loop, body, ivs[d]) = (Some(op), inner, iv);
            b.ip = InsertPoint::Before(b.terminator(body).unwrap());
        }
        let x_loop = x_loop.unwrap();
        // For vectorize-thread-loops: this loop runs the threads of a row.
        let unit = b.unit_attr();
        b.ctx.set_attr(
            x_loop,
            crate::conversions::vectorize_thread_loops::THREAD_LOOP,
            Some(unit),
        );
        let index = b.index_type();
        let zy = build::op1::<MulIOp>(&mut b, &[ivs[2], self.block_dim[1]], index);
        let zy = build::op1::<AddIOp>(&mut b, &[zy, ivs[1]], index);
        let zyx = build::op1::<MulIOp>(&mut b, &[zy, self.block_dim[0]], index);
        let tid = build::op1::<AddIOp>(&mut b, &[zyx, ivs[0]], index);
        let i64 = b.i64();
        let tid64 = build::index_to(&mut b, tid, i64);
        let stride = self.stride(&mut b);
        let off = build::op1::<MulIOp>(&mut b, &[tid64, stride], i64);
        let base = build::ptr_add(&mut b, self.scratch, off);
        let load_point = b.defining_op(base).unwrap();
        let body = match mask {
            Some(m) => {
                let active = self.load_mask(&mut b, base, m);
                build::if_then(&mut b, active)
            }
            None => body,
        };
        self.loops.push(ThreadLoop {
            ids: ivs,
            tid,
            base,
            load_point,
            body,
        });
        self.loop_ops.insert(x_loop, self.loops.len() - 1);
        self.loops.len() - 1
    }

    fn load_mask(&self, b: &mut Builder<'_>, base: ValueId, mask: i64) -> ValueId {
        let p = build::ptr_add_const(b, base, mask);
        let i8 = b.integer_type(8);
        let m = build::load(b, p, i8);
        let zero = build::int(b, i8, 0);
        build::cmpi(b, NE, m, zero)
    }

    /// A builder at the end of thread loop `l`'s segment.
    fn in_loop<'c>(&self, ctx: &'c mut Context, l: usize) -> Builder<'c> {
        let term = ctx.terminator(self.loops[l].body).unwrap();
        Builder::before(ctx, term)
    }

    /// Store `value` to this thread's `offset` in loop `l`.
    fn store_in(&self, ctx: &mut Context, l: usize, value: ValueId, offset: i64) {
        let base = self.loops[l].base;
        let mut b = self.in_loop(ctx, l);
        let p = build::ptr_add_const(&mut b, base, offset);
        build::store(&mut b, value, p);
    }

    /// Lower `ops` (detached from nothing yet: they still sit in the old body)
    /// into thread loops appended to `block`, run under `mask`.
    pub fn lower_ops(
        &mut self,
        ctx: &mut Context,
        ops: Vec<OpId>,
        block: BlockId,
        mask: Option<i64>,
    ) -> Result<(), Diagnostic> {
        let mut segment: Option<usize> = None;
        for op in ops {
            // A warp's barrier is the block's here: the threads run as loops,
            // and ending the segment orders every active lane's work.
            if ctx.is_op(op, "gpu.barrier") || ctx.is_op(op, "cuda.syncwarp") {
                ctx.erase_op(op);
                segment = None;
            } else if is_block_vote(ctx, op) {
                self.block_vote(ctx, op, block, mask);
                segment = None;
            } else if ctx.is_op(op, "cuda.vote_sync") || ctx.is_op(op, "cuda.activemask") {
                segment = Some(self.vote(ctx, op, block, mask));
            } else if ctx.is_op(op, "cuda.redux_sync") {
                segment = Some(self.redux(ctx, op, block, mask));
            } else if ctx.is_op(op, "gpu.shuffle") {
                segment = Some(self.shuffle(ctx, op, segment, block, mask));
            } else if synchronizes(ctx, op) {
                segment = None;
                match ctx.op_name_text(op) {
                    "scf.if" => self.lower_if(ctx, op, block, mask)?,
                    "scf.while" => self.lower_while(ctx, op, block, mask)?,
                    _ => {
                        let msg = "contains a barrier or warp shuffle; convert-gpu-to-simd supports those only inside scf.if and scf.while";
                        return Err(ctx.op_error(op, msg));
                    }
                }
            } else {
                let l = match segment {
                    Some(l) => l,
                    None => *segment.insert(self.thread_loop(ctx, block, mask)),
                };
                let term = ctx.terminator(self.loops[l].body).unwrap();
                ctx.move_op_before(op, term);
            }
        }
        Ok(())
    }

    /// A per-thread byte `parent && cond` (or `parent && !cond`) at `offset`, in loop `l`.
    fn store_branch_mask(
        &mut self,
        ctx: &mut Context,
        l: usize,
        parent: Option<i64>,
        cond: ValueId,
        negate: bool,
        offset: i64,
    ) {
        let base = self.loops[l].base;
        let mut b = self.in_loop(ctx, l);
        let i1 = b.i1();
        let mut c = cond;
        if negate {
            let t = build::int(&mut b, i1, 1);
            c = build::op1::<XOrIOp>(&mut b, &[c, t], i1);
        }
        if let Some(m) = parent {
            let p = self.load_mask(&mut b, base, m);
            c = build::op1::<AndIOp>(&mut b, &[p, c], i1);
        }
        let byte = build::bool_to_i8(&mut b, c);
        let p = build::ptr_add_const(&mut b, base, offset);
        build::store(&mut b, byte, p);
    }

    /// A thread loop under `mask` storing each thread's `values` at `offsets`
    /// (what a region yields, into the slots its results live in).
    fn store_yielded(
        &mut self,
        ctx: &mut Context,
        block: BlockId,
        mask: i64,
        values: &[ValueId],
        offsets: &[i64],
    ) {
        if values.is_empty() {
            return;
        }
        let l = self.thread_loop(ctx, block, Some(mask));
        for (&v, &off) in values.iter().zip(offsets) {
            self.store_in(ctx, l, v, off);
        }
    }

    /// An `scf.if` containing a barrier: each branch runs under its own mask.
    fn lower_if(
        &mut self,
        ctx: &mut Context,
        op: OpId,
        block: BlockId,
        mask: Option<i64>,
    ) -> Result<(), Diagnostic> {
        let cond = ctx.operand(op, 0);
        let results: Vec<ValueId> = ctx.results(op).collect();
        let result_slots: Vec<i64> = results
            .iter()
            .map(|&r| self.slot_for(ctx, ctx.value_type(r)))
            .collect();
        for (&r, &off) in results.iter().zip(&result_slots) {
            self.keep_in_slot(ctx, r, off);
        }
        let l = self.thread_loop(ctx, block, None);
        for (region, negate) in [(0, false), (1, true)] {
            let Some(branch) = ctx.entry_block(ctx.region(op, region)) else {
                continue;
            };
            let branch_mask = self.reserve(1);
            self.store_branch_mask(ctx, l, mask, cond, negate, branch_mask);
            let (ops, term) = body_and_terminator(ctx, branch);
            self.lower_ops(ctx, ops, block, Some(branch_mask))?;
            let yielded = terminator_operands(ctx, term);
            self.store_yielded(ctx, block, branch_mask, &yielded, &result_slots);
        }
        ctx.erase_op(op);
        Ok(())
    }

    /// An `scf.while` containing a barrier: every thread keeps its loop-carried
    /// values and an "active" byte in scratch; the block iterates while any
    /// thread is active, and each thread loop inside runs the active ones.
    fn lower_while(
        &mut self,
        ctx: &mut Context,
        op: OpId,
        block: BlockId,
        mask: Option<i64>,
    ) -> Result<(), Diagnostic> {
        let before = ctx.entry_block(ctx.region(op, 0)).unwrap();
        let after = ctx.entry_block(ctx.region(op, 1)).unwrap();
        let inits = ctx.operands(op).to_vec();
        let carried: Vec<i64> = ctx
            .block_arg_types(before)
            .iter()
            .map(|&t| self.slot_for(ctx, t))
            .collect();
        let forwarded: Vec<i64> = ctx
            .block_arg_types(after)
            .iter()
            .map(|&t| self.slot_for(ctx, t))
            .collect();
        let (active, any) = (self.reserve(1), self.reserve(1));

        // Every thread starts active (under the enclosing mask) with the inits.
        let l = self.thread_loop(ctx, block, None);
        let true_ = {
            let mut b = self.in_loop(ctx, l);
            let i1 = b.i1();
            build::int(&mut b, i1, 1)
        };
        self.store_branch_mask(ctx, l, mask, true_, false, active);
        for (&v, &off) in inits.iter().zip(&carried) {
            self.store_in(ctx, l, v, off);
        }

        let loc = ctx.loc(op);
        let mut b = Builder::at_end(ctx, block);
        let state = b.state("scf.while").regions(2);
        let w = b.insert(state);
        let (new_before, new_after) = (ctx.create_block(&[], loc), ctx.create_block(&[], loc));
        ctx.append_block(ctx.region(w, 0), new_before);
        ctx.append_block(ctx.region(w, 1), new_after);

        // Before: clear "any", run the condition for the active threads.
        let any_ptr = {
            let mut b = Builder::at_end(ctx, new_before);
            let p = build::ptr_add_const(&mut b, self.scratch, any);
            let i8 = b.integer_type(8);
            let zero = build::int(&mut b, i8, 0);
            build::store(&mut b, zero, p);
            p
        };
        for (i, &off) in carried.iter().enumerate() {
            self.keep_in_slot(ctx, ctx.block_arg(before, i), off);
        }
        let (ops, term) = body_and_terminator(ctx, before);
        self.lower_ops(ctx, ops, new_before, Some(active))?;
        let cond_operands = terminator_operands(ctx, term);
        let l = self.thread_loop(ctx, new_before, Some(active));
        let (cond, fwd) = cond_operands.split_first().unwrap();
        for (&v, &off) in fwd.iter().zip(&forwarded) {
            self.store_in(ctx, l, v, off);
        }
        self.store_branch_mask(ctx, l, None, *cond, false, active);
        {
            let mut b = self.in_loop(ctx, l);
            let i8 = b.integer_type(8);
            let byte = build::bool_to_i8(&mut b, *cond);
            let any_ptr_here = build::ptr_add_const(&mut b, self.scratch, any);
            let old = build::load(&mut b, any_ptr_here, i8);
            let new = build::op1::<OrIOp>(&mut b, &[old, byte], i8);
            build::store(&mut b, new, any_ptr_here);
        }
        {
            let mut b = Builder::at_end(ctx, new_before);
            let i8 = b.integer_type(8);
            let v = build::load(&mut b, any_ptr, i8);
            let zero = build::int(&mut b, i8, 0);
            let go = build::cmpi(&mut b, NE, v, zero);
            let c = b.state("scf.condition").operands(&[go]);
            b.insert(c);
        }

        // After: the body for the active threads, then their next carried values.
        for (i, &off) in forwarded.iter().enumerate() {
            self.keep_in_slot(ctx, ctx.block_arg(after, i), off);
        }
        let (ops, term) = body_and_terminator(ctx, after);
        self.lower_ops(ctx, ops, new_after, Some(active))?;
        let yielded = terminator_operands(ctx, term);
        self.store_yielded(ctx, new_after, active, &yielded, &carried);
        let mut b = Builder::at_end(ctx, new_after);
        let y = b.state("scf.yield");
        b.insert(y);

        let results: Vec<ValueId> = ctx.results(op).collect();
        for (&r, &off) in results.iter().zip(&forwarded) {
            self.keep_in_slot(ctx, r, off);
        }
        ctx.erase_op(op);
        Ok(())
    }

    /// `cuda.vote_sync` (`__any/__all/__uni/__ballot_sync`): every thread of the
    /// block records a byte (0: not voting, masked off; 1: false; 2: true), then
    /// each voting thread folds the 32 bytes of its warp, restricted to the
    /// lanes of the `mask` operand, into the ballot of true lanes and the set
    /// of voting lanes.
    ///
    /// `cuda.activemask` is the vote `__ballot_sync(~0, true)` whose result is
    /// the set of voting lanes: the lanes of the warp running it.
    fn vote(&mut self, ctx: &mut Context, op: OpId, block: BlockId, mask: Option<i64>) -> usize {
        let (lanes, pred, mode) = if ctx.is_op(op, "cuda.activemask") {
            let mut b = Builder::at_end(ctx, block);
            let (i1, i32) = (b.i1(), b.i32());
            let all = build::int(&mut b, i32, -1);
            let yes = build::int(&mut b, i1, 1);
            (all, yes, "active".to_string())
        } else {
            (
                ctx.operand(op, 0),
                ctx.operand(op, 1),
                mode_keyword(ctx, op),
            )
        };
        let byte = self.vote_bytes(ctx, block, mask, pred);
        let l = self.thread_loop(ctx, block, mask);
        let tid = self.loops[l].tid;
        let mut b = self.in_loop(ctx, l);
        let stride = self.stride(&mut b);
        let nthreads = self.num_threads(&mut b);
        let (ballot, voters) =
            warp_ballot(&mut b, self.scratch, stride, byte, tid, nthreads, lanes);
        let i32 = b.i32();
        let result = match mode.as_str() {
            "ballot" => ballot,
            "active" => voters,
            "any" => {
                let zero = build::int(&mut b, i32, 0);
                build::cmpi(&mut b, NE, ballot, zero)
            }
            "all" => build::cmpi(&mut b, EQ, ballot, voters),
            _ => {
                let zero = build::int(&mut b, i32, 0);
                let none = build::cmpi(&mut b, EQ, ballot, zero);
                let all = build::cmpi(&mut b, EQ, ballot, voters);
                let i1 = b.i1();
                build::op1::<OrIOp>(&mut b, &[none, all], i1)
            }
        };
        ctx.replace_op(op, &[result]);
        l
    }

    /// `cuda.redux_sync`: every thread of the block records whether it runs
    /// the op (a vote byte) and its value; then each running thread folds the
    /// values of its warp's lanes that are in `mask` and ran it.
    fn redux(&mut self, ctx: &mut Context, op: OpId, block: BlockId, mask: Option<i64>) -> usize {
        let (lanes, value) = (ctx.operand(op, 0), ctx.operand(op, 1));
        let kind = mode_like(ctx, op, "kind");
        let yes = {
            let mut b = Builder::at_end(ctx, block);
            let i1 = b.i1();
            build::int(&mut b, i1, 1)
        };
        let byte = self.vote_bytes(ctx, block, mask, yes);
        let i32 = ctx.i32();
        let slot = self.slot_for(ctx, i32);
        let l = self.thread_loop(ctx, block, mask);
        self.store_in(ctx, l, value, slot);
        let l = self.thread_loop(ctx, block, mask);
        let tid = self.loops[l].tid;
        let mut b = self.in_loop(ctx, l);
        let stride = self.stride(&mut b);
        let nthreads = self.num_threads(&mut b);
        let records = WarpRecords {
            scratch: self.scratch,
            stride,
            vote: byte,
            value: slot,
        };
        let result = warp_fold(&mut b, &records, tid, nthreads, lanes, &kind);
        ctx.replace_op(op, &[result]);
        l
    }

    /// A thread loop writing each thread's vote byte (0: masked off, not
    /// voting; 1: `pred` false; 2: true) into a new scratch slot; its offset.
    fn vote_bytes(
        &mut self,
        ctx: &mut Context,
        block: BlockId,
        mask: Option<i64>,
        pred: ValueId,
    ) -> i64 {
        let byte = self.reserve(1);
        let l = self.thread_loop(ctx, block, None);
        let base = self.loops[l].base;
        let mut b = self.in_loop(ctx, l);
        let i8 = b.integer_type(8);
        let (one, two, zero) = (
            build::int(&mut b, i8, 1),
            build::int(&mut b, i8, 2),
            build::int(&mut b, i8, 0),
        );
        let vote = build::op1::<SelectOp>(&mut b, &[pred, two, one], i8);
        let voted = match mask {
            Some(m) => {
                let active = self.load_mask(&mut b, base, m);
                build::op1::<SelectOp>(&mut b, &[active, vote, zero], i8)
            }
            None => vote,
        };
        let p = build::ptr_add_const(&mut b, base, byte);
        build::store(&mut b, voted, p);
        byte
    }

    /// `__syncthreads_count/_and/_or(p)`: a barrier (the vote bytes are written
    /// in one thread loop) and a count over the whole block, made once at block
    /// level, so the result is a uniform value later loops read directly.
    fn block_vote(&mut self, ctx: &mut Context, op: OpId, block: BlockId, mask: Option<i64>) {
        let pred = ctx.operand(op, 0);
        let byte = self.vote_bytes(ctx, block, mask, pred);
        let mut b = Builder::at_end(ctx, block);
        let i32 = b.i32();
        let nthreads = self.num_threads(&mut b);
        let stride = self.stride(&mut b);
        let (count, voters) = count_votes(&mut b, self.scratch, stride, byte, nthreads);
        let zero = build::int(&mut b, i32, 0);
        let name = ctx.op_name_text(op).to_string();
        let result = match name.as_str() {
            "cuda.syncthreads_count" => count,
            name => {
                let mut b = Builder::at_end(ctx, block);
                let c = match name {
                    "cuda.syncthreads_and" => build::cmpi(&mut b, EQ, count, voters),
                    _ => build::cmpi(&mut b, NE, count, zero),
                };
                build::op1::<cuwasm_dialects::arith::ExtUIOp>(&mut b, &[c], i32)
            }
        };
        ctx.replace_op(op, &[result]);
    }

    /// The number of threads of the block (index), at the builder.
    fn num_threads(&self, b: &mut Builder<'_>) -> ValueId {
        let index = b.index_type();
        let xy = build::op1::<MulIOp>(b, &[self.block_dim[0], self.block_dim[1]], index);
        build::op1::<MulIOp>(b, &[xy, self.block_dim[2]], index)
    }

    /// `gpu.shuffle`: each thread stores its value at the end of the current
    /// segment; the next segment reads the source lane's copy. Lanes are 32
    /// consecutive linear thread ids; a source outside `[0, width)` is invalid
    /// and gives the thread's own value.
    fn shuffle(
        &mut self,
        ctx: &mut Context,
        op: OpId,
        segment: Option<usize>,
        block: BlockId,
        mask: Option<i64>,
    ) -> usize {
        let (value, offset, width) = (ctx.operand(op, 0), ctx.operand(op, 1), ctx.operand(op, 2));
        let mode = mode_keyword(ctx, op);
        let ty = ctx.value_type(value);
        let exchange = self.slot_for(ctx, ty);
        let l = segment.unwrap_or_else(|| self.thread_loop(ctx, block, mask));
        self.store_in(ctx, l, value, exchange);
        let l = self.thread_loop(ctx, block, mask);
        let tid = self.loops[l].tid;
        let stride = {
            let mut b = self.in_loop(ctx, l);
            self.stride(&mut b)
        };
        let mut b = self.in_loop(ctx, l);
        let (i32, i64) = (b.i32(), b.i64());
        let tid32 = build::index_to(&mut b, tid, i32);
        let thirty_two = build::int(&mut b, i32, 32);
        let lane = build::op1::<RemUIOp>(&mut b, &[tid32, thirty_two], i32);
        let warp0 = build::op1::<SubIOp>(&mut b, &[tid32, lane], i32);
        let src = match mode.as_str() {
            "up" => build::op1::<SubIOp>(&mut b, &[lane, offset], i32),
            "down" => build::op1::<AddIOp>(&mut b, &[lane, offset], i32),
            "xor" => build::op1::<XOrIOp>(&mut b, &[lane, offset], i32),
            _ => offset,
        };
        let valid = build::cmpi(&mut b, ULT, src, width);
        let src = build::op1::<SelectOp>(&mut b, &[valid, src, lane], i32);
        let t = build::op1::<AddIOp>(&mut b, &[warp0, src], i32);
        let t = build::op1::<cuwasm_dialects::arith::ExtUIOp>(&mut b, &[t], i64);
        let off = build::op1::<MulIOp>(&mut b, &[t, stride], i64);
        let p = build::ptr_add(&mut b, self.scratch, off);
        let p = build::ptr_add_const(&mut b, p, exchange);
        let r = build::load(&mut b, p, ty);
        ctx.replace_op(op, &[r, valid]);
        l
    }

    /// Give every op inside a thread loop what it needs from that loop: thread
    /// ids, private memory, and values from other loops through scratch.
    pub fn connect(&mut self, ctx: &mut Context, func: OpId) -> Result<(), Diagnostic> {
        for op in ctx.walk_preorder(func) {
            if ctx.is_erased(op) {
                continue;
            }
            let Some(l) = self.loop_of(ctx, op) else {
                continue;
            };
            // Operands first: a replacement reuses them.
            for i in 0..ctx.num_operands(op) {
                let v = ctx.operand(op, i);
                if !self.slots.contains_key(&v) {
                    match self.def_loop(ctx, v) {
                        Some(d) if d != l => self.spill(ctx, v, d),
                        _ => continue,
                    }
                }
                let loaded = self.load_in(ctx, l, v);
                ctx.set_operand(op, i, loaded);
            }
            self.replace_thread_op(ctx, op, l)?;
        }
        Ok(())
    }

    /// Thread ids, lane ids and private arrays, in loop `l`.
    fn replace_thread_op(
        &mut self,
        ctx: &mut Context,
        op: OpId,
        l: usize,
    ) -> Result<bool, Diagnostic> {
        let value = match ctx.op_name_text(op) {
            "gpu.thread_id" => self.loops[l].ids[dimension_index(ctx, op)],
            "gpu.lane_id" => {
                let tid = self.loops[l].tid;
                let mut b = Builder::before(ctx, op);
                let thirty_two = build::index(&mut b, 32);
                let index = b.index_type();
                build::op1::<RemUIOp>(&mut b, &[tid, thirty_two], index)
            }
            "cuda.atomic_rmw" if self.is_shared(ctx, ctx.operand(op, 0)) => {
                match plain_read_modify_write(ctx, op) {
                    Some(old) => old,
                    None => return Ok(false),
                }
            }
            "cuda.alloca" => {
                let bytes = build::array_bytes(ctx, op)
                    .ok_or_else(|| ctx.op_error(op, "local array of unknown size"))?;
                let off = self.reserve(align(bytes, 8));
                let base = self.loops[l].base;
                let mut b = Builder::before(ctx, op);
                build::ptr_add_const(&mut b, base, off)
            }
            _ => return Ok(false),
        };
        ctx.replace_op(op, &[value]);
        Ok(true)
    }

    /// Does `ptr` point into the block's (static or dynamic) shared memory?
    fn is_shared(&self, ctx: &Context, mut ptr: ValueId) -> bool {
        loop {
            if ptr == self.shared || ptr == self.dynamic_shared {
                return true;
            }
            match ctx.defining_op(ptr) {
                Some(d) if ctx.is_op(d, "ptr.ptr_add") => ptr = ctx.operand(d, 0),
                _ => return false,
            }
        }
    }

    /// The thread loop an op is in, if any.
    fn loop_of(&self, ctx: &Context, op: OpId) -> Option<usize> {
        let mut cur = ctx.parent_op(op);
        while let Some(p) = cur {
            if let Some(&l) = self.loop_ops.get(&p) {
                return Some(l);
            }
            cur = ctx.parent_op(p);
        }
        None
    }

    /// The thread loop a value is defined in, if any.
    fn def_loop(&self, ctx: &Context, v: ValueId) -> Option<usize> {
        match ctx.defining_op(v) {
            Some(op) => self.loop_of(ctx, op),
            None => {
                let owner = ctx.block_parent_op(arg_block(ctx, v)?)?;
                self.loop_ops
                    .get(&owner)
                    .copied()
                    .or_else(|| self.loop_of(ctx, owner))
            }
        }
    }

    /// Store `v` to scratch right after its definition in loop `d`.
    fn spill(&mut self, ctx: &mut Context, v: ValueId, d: usize) {
        let off = self.slot_for(ctx, ctx.value_type(v));
        let ip = match ctx.defining_op(v) {
            Some(op) => InsertPoint::After(op),
            None => InsertPoint::Start(arg_block(ctx, v).unwrap()),
        };
        let base = self.loops[d].base;
        let loc = ctx.unknown_loc();
        let mut b = Builder::new(ctx, ip, loc);
        let p = build::ptr_add_const(&mut b, base, off);
        build::store(&mut b, v, p);
        self.slots.insert(v, off);
    }

    /// `v` (kept in scratch) loaded once at the start of loop `l`.
    fn load_in(&mut self, ctx: &mut Context, l: usize, v: ValueId) -> ValueId {
        if let Some(&x) = self.loaded.get(&(l, v)) {
            return x;
        }
        let off = self.slots[&v];
        let (base, at) = (self.loops[l].base, self.loops[l].load_point);
        let ty = ctx.value_type(v);
        let loc = ctx.unknown_loc();
        let mut b = Builder::new(ctx, InsertPoint::After(at), loc);
        let p = build::ptr_add_const(&mut b, base, off);
        let x = build::load(&mut b, p, ty);
        self.loaded.insert((l, v), x);
        x
    }

    pub fn num_loops(&self) -> usize {
        self.loops.len()
    }

    /// Fix `per_thread_bytes` (16-aligned) into the stride constants; returns it.
    pub fn finish(&mut self, ctx: &mut Context) -> i64 {
        let bytes = align(self.per_thread_bytes, 16);
        for &c in &self.stride_consts {
            let a = ctx.int_attr(ctx.i64(), bytes as i128);
            ctx.set_prop(c, "value", Some(a));
        }
        bytes
    }
}

/// `__syncthreads_count`, `_and`, `_or`.
fn is_block_vote(ctx: &Context, op: OpId) -> bool {
    [
        "cuda.syncthreads_count",
        "cuda.syncthreads_and",
        "cuda.syncthreads_or",
    ]
    .iter()
    .any(|n| ctx.is_op(op, n))
}

/// Over every thread `t < nthreads` of the block: how many vote bytes (at
/// `offset` of each thread's scratch, `stride` bytes apart) say true, and how
/// many threads voted.
fn count_votes(
    b: &mut Builder<'_>,
    scratch: ValueId,
    stride: ValueId,
    offset: i64,
    nthreads: ValueId,
) -> (ValueId, ValueId) {
    let i32 = b.i32();
    let saved = b.ip;
    let (for_op, t, count, voters) = accumulate_loop(b, nthreads);
    let (voted, said_true) = read_vote(b, scratch, stride, offset, t);
    let voted = build::op1::<cuwasm_dialects::arith::ExtUIOp>(b, &[voted], i32);
    let said_true = build::op1::<cuwasm_dialects::arith::ExtUIOp>(b, &[said_true], i32);
    let count = build::op1::<AddIOp>(b, &[count, said_true], i32);
    let voters = build::op1::<AddIOp>(b, &[voters, voted], i32);
    let y = b.state("scf.yield").operands(&[count, voters]);
    b.insert(y);
    b.ip = saved;
    (b.result(for_op, 0), b.result(for_op, 1))
}

/// `scf.for %i = 0 to ub` carrying two `i32` accumulators from 0; the builder
/// is left at the end of the body (which has no terminator yet). Returns the
/// loop, the induction variable and the two accumulators.
fn accumulate_loop(b: &mut Builder<'_>, ub: ValueId) -> (OpId, ValueId, ValueId, ValueId) {
    let i32 = b.i32();
    let zero_i32 = build::int(b, i32, 0);
    let (for_op, i, accs) = loop_from(b, ub, &[zero_i32, zero_i32]);
    (for_op, i, accs[0], accs[1])
}

/// `scf.for %i = 0 to ub` carrying accumulators from `inits`; the builder is
/// left at the end of the body (which has no terminator yet). Returns the
/// loop, the induction variable and the accumulators.
fn loop_from(b: &mut Builder<'_>, ub: ValueId, inits: &[ValueId]) -> (OpId, ValueId, Vec<ValueId>) {
    let index = b.index_type();
    let types: Vec<Type> = inits.iter().map(|&v| b.value_type(v)).collect();
    let (zero, one) = (build::index(b, 0), build::index(b, 1));
    let operands: Vec<ValueId> = [zero, ub, one]
        .into_iter()
        .chain(inits.iter().copied())
        .collect();
    let state = b
        .state("scf.for")
        .operands(&operands)
        .results(&types)
        .regions(1);
    let for_op = b.insert(state);
    let loc = b.loc;
    let arg_types: Vec<Type> = std::iter::once(index).chain(types).collect();
    let body = b.create_block(&arg_types, loc);
    let region = b.region(for_op, 0);
    b.append_block(region, body);
    let args = b.block_args(body).to_vec();
    b.ip = InsertPoint::End(body);
    (for_op, args[0], args[1..].to_vec())
}

/// Thread `tid`'s warp: its first thread (index), and 32 (index).
fn warp_start(b: &mut Builder<'_>, tid: ValueId) -> (ValueId, ValueId) {
    let index = b.index_type();
    let thirty_two = build::index(b, 32);
    let lane = build::op1::<RemUIOp>(b, &[tid, thirty_two], index);
    (build::op1::<SubIOp>(b, &[tid, lane], index), thirty_two)
}

/// Lane `k` (index) of the warp starting at thread `warp0`: its thread, its
/// bit (i32), and whether it counts (the thread exists, `< nthreads`, and
/// the lane is in `lanes`).
fn warp_lane(
    b: &mut Builder<'_>,
    warp0: ValueId,
    k: ValueId,
    nthreads: ValueId,
    lanes: ValueId,
) -> (ValueId, ValueId, ValueId) {
    let (index, i32, i1) = (b.index_type(), b.i32(), b.i1());
    let t = build::op1::<AddIOp>(b, &[warp0, k], index);
    let exists = build::cmpi(b, ULT, t, nthreads);
    let k32 = build::index_to(b, k, i32);
    let (zero_i32, one_i32) = (build::int(b, i32, 0), build::int(b, i32, 1));
    let bit = build::op1::<ShLIOp>(b, &[one_i32, k32], i32);
    let in_lanes = build::op1::<AndIOp>(b, &[lanes, bit], i32);
    let listed = build::cmpi(b, NE, in_lanes, zero_i32);
    (t, bit, build::op1::<AndIOp>(b, &[exists, listed], i1))
}

/// `scf.if counted` yielding what `then` builds, else `otherwise`: a lane's
/// records are read only for threads that exist (scratch ends with the block).
fn if_counted(
    b: &mut Builder<'_>,
    counted: ValueId,
    then: impl FnOnce(&mut Builder<'_>) -> Vec<ValueId>,
    otherwise: &[ValueId],
) -> Vec<ValueId> {
    let types: Vec<Type> = otherwise.iter().map(|&v| b.value_type(v)).collect();
    let if_op = b.insert(
        b.state("scf.if")
            .operands(&[counted])
            .results(&types)
            .regions(2),
    );
    let loc = b.loc;
    let (then_block, else_block) = (b.create_block(&[], loc), b.create_block(&[], loc));
    let (r0, r1) = (b.region(if_op, 0), b.region(if_op, 1));
    b.append_block(r0, then_block);
    b.append_block(r1, else_block);
    let after_if = b.ip;
    b.ip = InsertPoint::End(then_block);
    let yielded = then(b);
    b.insert(b.state("scf.yield").operands(&yielded));
    b.ip = InsertPoint::End(else_block);
    b.insert(b.state("scf.yield").operands(otherwise));
    b.ip = after_if;
    b.results(if_op).collect()
}

/// Thread `t`'s vote byte: whether it voted, and whether it said true (i1s).
fn read_vote(
    b: &mut Builder<'_>,
    scratch: ValueId,
    stride: ValueId,
    offset: i64,
    t: ValueId,
) -> (ValueId, ValueId) {
    let (i64, i8) = (b.i64(), b.integer_type(8));
    let t64 = build::index_to(b, t, i64);
    let off = build::op1::<MulIOp>(b, &[t64, stride], i64);
    let p = build::ptr_add(b, scratch, off);
    let p = build::ptr_add_const(b, p, offset);
    let byte = build::load(b, p, i8);
    let (zero8, two8) = (build::int(b, i8, 0), build::int(b, i8, 2));
    (
        build::cmpi(b, NE, byte, zero8),
        build::cmpi(b, EQ, byte, two8),
    )
}

/// Over the 32 lanes of thread `tid`'s warp that exist (`< nthreads`) and are
/// in `lanes` (i32): the bits of those whose vote byte (at `offset` of each
/// thread's scratch, `stride` bytes apart) says true, and of those that voted.
fn warp_ballot(
    b: &mut Builder<'_>,
    scratch: ValueId,
    stride: ValueId,
    offset: i64,
    tid: ValueId,
    nthreads: ValueId,
    lanes: ValueId,
) -> (ValueId, ValueId) {
    let (i32, i1) = (b.i32(), b.i1());
    let (warp0, thirty_two) = warp_start(b, tid);
    let saved = b.ip;
    let (for_op, k, ballot, voters) = accumulate_loop(b, thirty_two);
    let (t, bit, counted) = warp_lane(b, warp0, k, nthreads, lanes);
    let no = build::int(b, i1, 0);
    let read = if_counted(
        b,
        counted,
        |b| {
            let (voted, said_true) = read_vote(b, scratch, stride, offset, t);
            vec![voted, said_true]
        },
        &[no, no],
    );
    let zero_i32 = build::int(b, i32, 0);
    let voted_bit = build::op1::<SelectOp>(b, &[read[0], bit, zero_i32], i32);
    let true_bit = build::op1::<SelectOp>(b, &[read[1], bit, zero_i32], i32);
    let voters = build::op1::<OrIOp>(b, &[voters, voted_bit], i32);
    let ballot = build::op1::<OrIOp>(b, &[ballot, true_bit], i32);
    b.insert(b.state("scf.yield").operands(&[ballot, voters]));
    b.ip = saved;
    (b.result(for_op, 0), b.result(for_op, 1))
}

/// Where each thread of the block recorded a warp op: its vote byte and
/// its i32 value, at these offsets of its scratch (`stride` bytes apart).
struct WarpRecords {
    scratch: ValueId,
    stride: ValueId,
    vote: i64,
    value: i64,
}

/// `redux.sync`'s `kind` (`add`, `min`, `max`, `umin`, `umax`, `and`, `or`,
/// `xor`) over the values of the lanes of thread `tid`'s warp that exist (`<
/// nthreads`), are in `lanes` (i32) and ran the op.
fn warp_fold(
    b: &mut Builder<'_>,
    records: &WarpRecords,
    tid: ValueId,
    nthreads: ValueId,
    lanes: ValueId,
    kind: &str,
) -> ValueId {
    use cuwasm_dialects::arith::{MaxSIOp, MaxUIOp, MinSIOp, MinUIOp};
    let (i32, i64) = (b.i32(), b.i64());
    let identity = match kind {
        "min" => i64::from(i32::MAX),
        "max" => i64::from(i32::MIN),
        "umin" | "and" => -1,
        _ => 0,
    };
    let identity = build::int(b, i32, identity);
    let (warp0, thirty_two) = warp_start(b, tid);
    let saved = b.ip;
    let (for_op, k, accs) = loop_from(b, thirty_two, &[identity]);
    let (t, _, counted) = warp_lane(b, warp0, k, nthreads, lanes);
    let read = if_counted(
        b,
        counted,
        |b| {
            let (ran, _) = read_vote(b, records.scratch, records.stride, records.vote, t);
            let t64 = build::index_to(b, t, i64);
            let off = build::op1::<MulIOp>(b, &[t64, records.stride], i64);
            let p = build::ptr_add(b, records.scratch, off);
            let p = build::ptr_add_const(b, p, records.value);
            let v = build::load(b, p, i32);
            vec![build::op1::<SelectOp>(b, &[ran, v, identity], i32)]
        },
        &[identity],
    );
    let (acc, v) = (accs[0], read[0]);
    let acc = match kind {
        "add" => build::op1::<AddIOp>(b, &[acc, v], i32),
        "min" => build::op1::<MinSIOp>(b, &[acc, v], i32),
        "max" => build::op1::<MaxSIOp>(b, &[acc, v], i32),
        "umin" => build::op1::<MinUIOp>(b, &[acc, v], i32),
        "umax" => build::op1::<MaxUIOp>(b, &[acc, v], i32),
        "and" => build::op1::<AndIOp>(b, &[acc, v], i32),
        "or" => build::op1::<OrIOp>(b, &[acc, v], i32),
        _ => build::op1::<XOrIOp>(b, &[acc, v], i32),
    };
    b.insert(b.state("scf.yield").operands(&[acc]));
    b.ip = saved;
    b.result(for_op, 0)
}

/// A pure, region-free op that does not read the thread id, on uniform operands.
fn is_uniform_op(ctx: &Context, op: OpId, entry: BlockId) -> bool {
    let name = ctx.op_name_text(op);
    ctx.regions(op).is_empty()
        && !ctx.op_has_trait(op, cuwasm::Traits::TERMINATOR)
        && ctx.is_memory_effect_free(op)
        && !matches!(name, "gpu.thread_id" | "gpu.lane_id" | "cuda.alloca")
        && !WARP_OPS.contains(&name)
        && ctx
            .operands(op)
            .iter()
            .all(|&v| value_block(ctx, v) == Some(entry))
}

/// The block that defines `v`.
fn value_block(ctx: &Context, v: ValueId) -> Option<BlockId> {
    match ctx.defining_op(v) {
        Some(op) => ctx.parent_block(op),
        None => arg_block(ctx, v),
    }
}

/// The ops that read other threads of the block or warp.
const WARP_OPS: [&str; 6] = [
    "gpu.barrier",
    "cuda.syncwarp",
    "gpu.shuffle",
    "cuda.vote_sync",
    "cuda.activemask",
    "cuda.redux_sync",
];

/// Does `op` (or anything nested in it) synchronize threads?
fn synchronizes(ctx: &Context, op: OpId) -> bool {
    ctx.walk_preorder(op)
        .into_iter()
        .any(|o| WARP_OPS.iter().any(|n| ctx.is_op(o, n)) || is_block_vote(ctx, o))
}

/// The ops of `block` before its terminator, and the terminator. Its operands
/// are to be read after those ops are lowered ([`terminator_operands`]): the
/// lowering of a nested `scf.if`/`scf.while` with a barrier replaces the
/// op's results (by placeholders kept in scratch), and a terminator that
/// yields them sees the replacements, a list read before would not.
fn body_and_terminator(ctx: &Context, block: BlockId) -> (Vec<OpId>, Option<OpId>) {
    let mut ops: Vec<OpId> = ctx.block_ops(block).collect();
    let term = ops.pop();
    (ops, term)
}

fn terminator_operands(ctx: &Context, term: Option<OpId>) -> Vec<ValueId> {
    term.map(|t| ctx.operands(t).to_vec()).unwrap_or_default()
}

fn align(v: i64, a: i64) -> i64 {
    (v + a - 1) / a * a
}

/// An atomic on shared memory as a plain load, op and store: one CPU thread
/// runs all threads of a block, so nothing else touches the block's shared
/// memory meanwhile. Returns the old value; `None` for kinds kept atomic.
fn plain_read_modify_write(ctx: &mut Context, op: OpId) -> Option<ValueId> {
    let (ptr, value) = (ctx.operand(op, 0), ctx.operand(op, 1));
    let ty = ctx.value_type(value);
    let float = ctx.is_float(ty);
    let kind = mode_like(ctx, op, "kind");
    let name = match (kind.as_str(), float) {
        ("add", false) => "arith.addi",
        ("add", true) => "arith.addf",
        ("sub", false) => "arith.subi",
        ("min", false) => "arith.minsi",
        ("max", false) => "arith.maxsi",
        ("umin", false) => "arith.minui",
        ("umax", false) => "arith.maxui",
        ("and", false) => "arith.andi",
        ("or", false) => "arith.ori",
        ("xor", false) => "arith.xori",
        ("exch", _) => "",
        _ => return None,
    };
    let mut b = Builder::before(ctx, op);
    let old = build::load(&mut b, ptr, ty);
    let new = match name {
        "" => value,
        _ => {
            let state = b.state(name).operands(&[old, value]).results(&[ty]);
            let o = b.insert(state);
            b.result(o, 0)
        }
    };
    build::store(&mut b, new, ptr);
    Some(old)
}

/// The keyword of a `mode` property: `down` for `#gpu<shuffle_mode down>`,
/// `ballot` for `#cuda<vote_mode ballot>`.
fn mode_keyword(ctx: &Context, op: OpId) -> String {
    mode_like(ctx, op, "mode")
}

/// The keyword of an enum property `name` (`#cuda<atomic_kind add>` → `add`).
fn mode_like(ctx: &Context, op: OpId, name: &str) -> String {
    let body = ctx
        .prop(op, name)
        .and_then(|a| ctx.attr_dialect(a))
        .and_then(|(_, b)| b);
    body.and_then(|b| b.rsplit(' ').next())
        .unwrap_or("")
        .to_string()
}

/// 0, 1, 2 for a `#gpu<dim x|y|z>` `dimension` property.
fn dimension_index(ctx: &Context, op: OpId) -> usize {
    let body = ctx
        .prop(op, "dimension")
        .and_then(|a| ctx.attr_dialect(a))
        .and_then(|(_, b)| b);
    match body {
        Some("dim y") => 1,
        Some("dim z") => 2,
        _ => 0,
    }
}

/// The block a block argument belongs to.
fn arg_block(ctx: &Context, v: ValueId) -> Option<BlockId> {
    match ctx.value_def(v) {
        cuwasm::ValueDef::BlockArg { block, .. } => Some(block),
        _ => None,
    }
}
