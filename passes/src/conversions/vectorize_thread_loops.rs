//! `vectorize-thread-loops`: the x loop of each thread loop that
//! `convert-gpu-to-simd` made (marked [`THREAD_LOOP`]) runs [`LANES`] threads
//! per iteration as the lanes of 128-bit vectors, followed by the original
//! scalar loop for the last `blockDim.x % LANES` threads.
//!
//! Inside the x loop a value is *uniform* when it does not depend on the x
//! induction variable (defined outside, or a pure op of uniform values): it
//! stays scalar. A value *affine* in x (the induction variable through
//! `index_cast`/`extsi`/`trunci`, `addi`/`subi`, `muli`/`shli` by constants)
//! stays scalar too, as its lane-0 value and a constant stride, so that an
//! address `base + lane * elem_size` becomes one contiguous vector load or
//! store. Everything else that varies becomes a `vector<4xi32|f32|i1>`.
//! Branches on varying conditions are if-converted: both sides run under lane
//! masks and their results are merged with selects; a load or store under a
//! mask uses the contiguous access when every lane is active and otherwise a
//! `simd.gather`/`simd.scatter` that leaves inactive lanes' memory alone.
//!
//! Threads of one barrier region may run in any order (a program whose
//! threads communicate without a barrier races on a GPU too), so running four
//! of them in lock step is allowed; a signed index that wraps is undefined in
//! CUDA C++, which is what lets `extsi` of an affine `i32` stay affine.
//! Anything else (inner loops, atomics, calls, stores to uniform addresses,
//! strided or 64-bit varying values, loads under a mask from a uniform
//! address) leaves that thread loop scalar, as it was.

use crate::conversions::build;
use crate::{Pass, PassInfo, PassOptions, PassState};
use cuwasm::{Builder, Context, Diagnostic, IrMapping, OpId, Type, ValueId};
use cuwasm_dialects::simd;
use std::collections::HashMap;

/// The unit attribute `convert-gpu-to-simd` puts on the x loop of a thread loop.
pub const THREAD_LOOP: &str = "cuwasm.thread_loop";

/// Threads per vector iteration: 32-bit lanes of a 128-bit vector.
pub const LANES: i64 = 4;

pub const INFO: PassInfo = PassInfo {
    name: "vectorize-thread-loops",
    description: "Run the x loops of thread loops 4 threads at a time in SIMD lanes, with masks for divergent branches",
    anchor: None,
    options: &[],
    create: |_: &PassOptions| Ok(Box::new(VectorizeThreadLoops)),
};

struct VectorizeThreadLoops;

impl Pass for VectorizeThreadLoops {
    fn run(&self, ctx: &mut Context, root: OpId, state: &mut PassState) -> Result<(), Diagnostic> {
        let loops: Vec<OpId> = ctx
            .walk_preorder(root)
            .into_iter()
            .filter(|&op| ctx.attr(op, THREAD_LOOP).is_some())
            .collect();
        let mut vectorized = 0;
        for x_loop in &loops {
            vectorized += vectorize_loop(ctx, *x_loop) as u64;
        }
        state.stat("num-vectorized", vectorized);
        state.stat("num-left-scalar", loops.len() as u64 - vectorized);
        Ok(())
    }
}

/// What a value of the scalar body is in the vector body.
#[derive(Clone, Copy)]
enum Val {
    /// The same for every lane.
    Uniform(ValueId),
    /// Lane `i` is `lane0 + i * stride` (wrapping, in `lane0`'s type).
    Affine { lane0: ValueId, stride: i64 },
    /// A vector of `LANES` lanes.
    Vector(ValueId),
}

/// The op could not be vectorized: the thread loop stays scalar.
struct Unhandled;

type Res<T> = Result<T, Unhandled>;

/// Vectorize `x_loop` (`scf.for %x = 0 to %n step 1`); `false` if it stays as it is.
fn vectorize_loop(ctx: &mut Context, x_loop: OpId) -> bool {
    let [lb, ub, step] = [0, 1, 2].map(|i| ctx.operand(x_loop, i));
    if constant(ctx, lb) != Some(0) || constant(ctx, step) != Some(1) {
        return false;
    }
    let mut b = Builder::before(ctx, x_loop);
    let index = b.index_type();
    let zero = build::int(&mut b, index, 0);
    let lanes = build::int(&mut b, index, LANES);
    let groups = b.insert(
        b.state("arith.divui")
            .operands(&[ub, lanes])
            .results(&[index]),
    );
    let groups = b.result(groups, 0);
    let (v_loop, v_body, group) = build::for_loop(&mut b, zero, groups);
    let tail_start = b.insert(
        b.state("arith.muli")
            .operands(&[groups, lanes])
            .results(&[index]),
    );
    let tail_start = b.result(tail_start, 0);
    let at = ctx.terminator(v_body).unwrap();
    let mut v = Vectorizer {
        ctx,
        at,
        map: HashMap::new(),
    };
    let lane0 = v.emit_new("arith.muli", &[group, lanes], index);
    let iv = v
        .ctx
        .block_arg(v.ctx.entry_block(v.ctx.region(x_loop, 0)).unwrap(), 0);
    v.map.insert(iv, Val::Affine { lane0, stride: 1 });
    let body = v.ctx.entry_block(v.ctx.region(x_loop, 0)).unwrap();
    match v.block(body, None) {
        Ok(_) => {
            ctx.set_operand(x_loop, 0, tail_start);
            true
        }
        Err(Unhandled) => {
            ctx.erase_op(v_loop);
            false
        }
    }
}

/// A block with arguments `args` as region `i` of `op`, ending in `scf.yield yielded`.
fn region_block(b: &mut Builder<'_>, op: OpId, i: usize, args: &[Type]) -> (cuwasm::BlockId, OpId) {
    let loc = b.loc;
    let block = b.create_block(args, loc);
    let region = b.region(op, i);
    b.append_block(region, block);
    let y = b.ctx.create_op(b.state("scf.yield"));
    b.append_op(block, y);
    (block, y)
}

/// The value of an integer `arith.constant`.
fn constant(ctx: &Context, v: ValueId) -> Option<i64> {
    let def = ctx
        .defining_op(v)
        .filter(|&d| ctx.is_op(d, "arith.constant"))?;
    ctx.attr_int(ctx.prop(def, "value")?).map(|c| c as i64)
}

struct Vectorizer<'c> {
    ctx: &'c mut Context,
    /// New ops go before this one (the vector body's `scf.yield`).
    at: OpId,
    map: HashMap<ValueId, Val>,
}

impl Vectorizer<'_> {
    /// Vectorize the ops of `block` under `mask` (`None`: every lane); the
    /// values its terminator yields.
    fn block(&mut self, block: cuwasm::BlockId, mask: Option<ValueId>) -> Res<Vec<Val>> {
        let ops: Vec<OpId> = self.ctx.block_ops(block).collect();
        let (last, body) = ops.split_last().ok_or(Unhandled)?;
        if !self.ctx.is_op(*last, "scf.yield") {
            return Err(Unhandled);
        }
        for &op in body {
            self.op(op, mask)?;
        }
        Ok(self
            .ctx
            .operands(*last)
            .to_vec()
            .into_iter()
            .map(|v| self.val(v))
            .collect())
    }

    fn val(&self, v: ValueId) -> Val {
        self.map.get(&v).copied().unwrap_or(Val::Uniform(v))
    }

    fn op(&mut self, op: OpId, mask: Option<ValueId>) -> Res<()> {
        let ctx = &*self.ctx;
        let name = ctx.op_name_text(op).to_string();
        let vals: Vec<Val> = ctx.operands(op).iter().map(|&v| self.val(v)).collect();
        let pure = ctx.regions(op).is_empty()
            && (name.starts_with("arith.") || name.starts_with("math.") || name == "ptr.ptr_add");
        if pure && vals.iter().all(|v| matches!(v, Val::Uniform(_))) {
            let ops: Vec<ValueId> = vals.iter().map(|v| self.scalar(*v)).collect();
            let new = self.emit_like(op, &ops, None);
            return self.map_results(op, new, Val::Uniform);
        }
        if let Some(affine) = self.affine(op, &name, &vals) {
            self.map.insert(self.ctx.result(op, 0), affine);
            return Ok(());
        }
        match name.as_str() {
            "ptr.load" => self.load(op, vals[0], mask),
            "ptr.store" => self.store(op, vals[0], vals[1], mask),
            "scf.if" => self.if_convert(op, vals[0], mask),
            _ if pure && !name.starts_with("ptr.") => {
                let ops = vals
                    .iter()
                    .map(|v| self.vector(*v))
                    .collect::<Res<Vec<_>>>()?;
                let types = self.ctx.result_types(op);
                let vtypes = types
                    .iter()
                    .map(|t| self.vector_type(*t))
                    .collect::<Res<Vec<_>>>()?;
                let new = self.emit_like(op, &ops, Some(&vtypes));
                self.map_results(op, new, Val::Vector)
            }
            _ => Err(Unhandled),
        }
    }

    fn map_results(&mut self, old: OpId, new: OpId, f: fn(ValueId) -> Val) -> Res<()> {
        for (o, n) in self.ctx.results(old).zip(self.ctx.results(new)) {
            self.map.insert(o, f(n));
        }
        Ok(())
    }

    /// The affine form of `op`'s result, when it keeps one.
    fn affine(&mut self, op: OpId, name: &str, vals: &[Val]) -> Option<Val> {
        let stride = |v: &Val| match v {
            Val::Affine { stride, .. } => Some(*stride),
            Val::Uniform(_) => Some(0),
            Val::Vector(_) => None,
        };
        let strides: Vec<i64> = vals.iter().map(stride).collect::<Option<_>>()?;
        let ctx = &*self.ctx;
        let widening = || {
            let (from, to) = (
                ctx.value_type(ctx.operand(op, 0)),
                ctx.value_type(ctx.result(op, 0)),
            );
            bits(ctx, to) > bits(ctx, from)
        };
        let stride = match name {
            // Truncations are linear modulo 2^n; signed widening is by the no-overflow rule.
            "arith.trunci" | "arith.extsi" | "arith.index_cast" => strides[0],
            "arith.index_castui" if !widening() => strides[0],
            "arith.addi" | "ptr.ptr_add" => strides[0].checked_add(strides[1])?,
            "arith.subi" => strides[0].checked_sub(strides[1])?,
            "arith.muli" => match (
                constant(ctx, ctx.operand(op, 0)),
                constant(ctx, ctx.operand(op, 1)),
            ) {
                (_, Some(c)) => strides[0].checked_mul(c)?,
                (Some(c), _) => strides[1].checked_mul(c)?,
                _ => return None,
            },
            "arith.shli" => {
                strides[0].checked_shl(u32::try_from(constant(ctx, ctx.operand(op, 1))?).ok()?)?
            }
            _ => return None,
        };
        let lane0: Vec<ValueId> = vals.iter().map(|v| self.scalar(*v)).collect();
        let new = self.emit_like(op, &lane0, None);
        Some(Val::Affine {
            lane0: self.ctx.result(new, 0),
            stride,
        })
    }

    /// The scalar of a uniform value, or lane 0 of an affine one.
    fn scalar(&self, v: Val) -> ValueId {
        match v {
            Val::Uniform(s) | Val::Affine { lane0: s, .. } | Val::Vector(s) => s,
        }
    }

    /// `v` as a vector: uniform values splatted, affine `i32` ones built from lane ids.
    fn vector(&mut self, v: Val) -> Res<ValueId> {
        match v {
            Val::Vector(x) => Ok(x),
            Val::Uniform(x) => {
                self.vector_type(self.ctx.value_type(x))?;
                Ok(self.build(|b| simd::splat(b, x, LANES)))
            }
            Val::Affine { lane0, stride } => {
                let ty = self.ctx.value_type(lane0);
                if self.ctx.int_width(ty) != Some(32) {
                    return Err(Unhandled);
                }
                let vty = self.vector_type(ty)?;
                let base = self.build(|b| simd::splat(b, lane0, LANES));
                let ids = self.build(|b| simd::lane_id(b, LANES));
                let s = self.build(|b| build::int(b, ty, stride));
                let s = self.build(|b| simd::splat(b, s, LANES));
                let steps = self.emit_new("arith.muli", &[ids, s], vty);
                Ok(self.emit_new("arith.addi", &[base, steps], vty))
            }
        }
    }

    /// `vector<4 x ty>` for the lane types the target vectorizes (`i32`, `f32`, `i1`).
    fn vector_type(&self, ty: Type) -> Res<Type> {
        let ctx = &*self.ctx;
        let ok = ty == ctx.i32() || ty == ctx.f32() || ty == ctx.i1();
        match ok {
            true => Ok(ctx.vector_type(&[LANES], ty)),
            false => Err(Unhandled),
        }
    }

    /// The pointer of a contiguous access of `ty`: lane 0's address, when
    /// `ptr` advances by one element per lane and `ty` is a lane type.
    fn contiguous(&self, ptr: Val, ty: Type) -> Res<ValueId> {
        let size = elem_bytes(self.ctx, ty)?;
        match ptr {
            Val::Affine { lane0, stride } if stride == size && self.vector_type(ty).is_ok() => {
                Ok(lane0)
            }
            _ => Err(Unhandled),
        }
    }

    fn load(&mut self, op: OpId, ptr: Val, mask: Option<ValueId>) -> Res<()> {
        let ty = self.ctx.value_type(self.ctx.result(op, 0));
        if atomic(self.ctx, op) {
            return Err(Unhandled);
        }
        if let (Val::Uniform(p), None) = (ptr, mask) {
            let new = self.emit_like(op, &[p], None);
            return self.map_results(op, new, Val::Uniform);
        }
        let p = self.contiguous(ptr, ty)?;
        let vty = self.vector_type(ty)?;
        let loaded = match mask {
            None => self.emit_new("ptr.load", &[p], vty),
            Some(m) => {
                let zero = self.build(|b| build::zero(b, ty));
                let zero = self.build(|b| simd::splat(b, zero, LANES));
                let offs = self.lane_offsets(ty)?;
                self.when_all_active(
                    m,
                    vty,
                    |v| v.emit_new("ptr.load", &[p], vty),
                    |v| v.emit_new("simd.gather", &[p, offs, m, zero], vty),
                )
            }
        };
        self.map.insert(self.ctx.result(op, 0), Val::Vector(loaded));
        Ok(())
    }

    fn store(&mut self, op: OpId, value: Val, ptr: Val, mask: Option<ValueId>) -> Res<()> {
        let ty = self.ctx.value_type(self.ctx.operand(op, 0));
        if atomic(self.ctx, op) {
            return Err(Unhandled);
        }
        let p = self.contiguous(ptr, ty)?;
        let x = self.vector(value)?;
        match mask {
            None => {
                self.emit_op("ptr.store", &[x, p], &[]);
            }
            Some(m) => {
                let offs = self.lane_offsets(ty)?;
                self.when_all_active_do(
                    m,
                    |v| {
                        v.emit_op("ptr.store", &[x, p], &[]);
                    },
                    |v| {
                        v.emit_op("simd.scatter", &[x, p, offs, m], &[]);
                    },
                );
            }
        }
        Ok(())
    }

    /// `[0, s, 2s, 3s]` as `vector<4xi32>`: byte offsets of the lanes of a contiguous access.
    fn lane_offsets(&mut self, ty: Type) -> Res<ValueId> {
        let size = elem_bytes(self.ctx, ty)?;
        let i32 = self.ctx.i32();
        let vty = self.vector_type(i32)?;
        let ids = self.build(|b| simd::lane_id(b, LANES));
        let s = self.build(|b| build::int(b, i32, size));
        let s = self.build(|b| simd::splat(b, s, LANES));
        Ok(self.emit_new("arith.muli", &[ids, s], vty))
    }

    /// `scf.if (simd.all mask) -> ty { all() } else { some() }`.
    fn when_all_active(
        &mut self,
        mask: ValueId,
        ty: Type,
        all: impl FnOnce(&mut Self) -> ValueId,
        some: impl FnOnce(&mut Self) -> ValueId,
    ) -> ValueId {
        let (op, [r0, r1]) = self.if_all(mask, &[ty]);
        let saved = self.at;
        self.at = r0;
        let a = all(self);
        self.ctx.set_operands(r0, &[a]);
        self.at = r1;
        let s = some(self);
        self.ctx.set_operands(r1, &[s]);
        self.at = saved;
        self.ctx.result(op, 0)
    }

    /// `scf.if (simd.all mask) { all() } else { some() }`.
    fn when_all_active_do(
        &mut self,
        mask: ValueId,
        all: impl FnOnce(&mut Self),
        some: impl FnOnce(&mut Self),
    ) {
        let (_, [r0, r1]) = self.if_all(mask, &[]);
        let saved = self.at;
        self.at = r0;
        all(self);
        self.at = r1;
        some(self);
        self.at = saved;
    }

    /// An `scf.if (simd.all mask)` with results `types` and the yields of its two regions.
    fn if_all(&mut self, mask: ValueId, types: &[Type]) -> (OpId, [OpId; 2]) {
        let i1 = self.ctx.i1();
        let all = self.emit_new("simd.all", &[mask], i1);
        let at = self.at;
        let mut b = Builder::before(self.ctx, at);
        let op = b.insert(b.state("scf.if").operands(&[all]).results(types).regions(2));
        let (_, y0) = region_block(&mut b, op, 0, &[]);
        let (_, y1) = region_block(&mut b, op, 1, &[]);
        (op, [y0, y1])
    }

    /// If-convert `scf.if` `op` on `cond` under `mask`.
    fn if_convert(&mut self, op: OpId, cond: Val, mask: Option<ValueId>) -> Res<()> {
        let c = self.vector(cond)?;
        let mty = self.ctx.value_type(c);
        let i1 = self.ctx.i1();
        let t = self.build(|b| build::int(b, i1, 1));
        let t = self.build(|b| simd::splat(b, t, LANES));
        let not_c = self.emit_new("arith.xori", &[c, t], mty);
        let [m_then, m_else] = [c, not_c].map(|m| match mask {
            Some(outer) => self.emit_new("arith.andi", &[outer, m], mty),
            None => m,
        });
        let regions: Vec<_> = self.ctx.regions(op).to_vec();
        let then = self.region_yield(regions[0], Some(m_then))?;
        let els = self.region_yield(regions[1], Some(m_else))?;
        for (i, r) in self
            .ctx
            .results(op)
            .collect::<Vec<_>>()
            .into_iter()
            .enumerate()
        {
            let (a, e) = (self.vector(then[i])?, self.vector(els[i])?);
            let ty = self.ctx.value_type(a);
            let s = self.emit_new("arith.select", &[c, a, e], ty);
            self.map.insert(r, Val::Vector(s));
        }
        Ok(())
    }

    /// The values region `r` yields, vectorized under `mask`; none for an empty region.
    fn region_yield(&mut self, r: cuwasm::RegionId, mask: Option<ValueId>) -> Res<Vec<Val>> {
        match self.ctx.entry_block(r) {
            Some(block) => self.block(block, mask),
            None => Ok(Vec::new()),
        }
    }

    // ---- emitting ----------------------------------------------------------------

    fn build(&mut self, f: impl FnOnce(&mut Builder<'_>) -> ValueId) -> ValueId {
        let mut b = Builder::before(self.ctx, self.at);
        f(&mut b)
    }

    /// A copy of `op` (properties and attributes) on `operands`, with result types `types` if given.
    fn emit_like(&mut self, op: OpId, operands: &[ValueId], types: Option<&[Type]>) -> OpId {
        let mut map = IrMapping::default();
        for (&o, &n) in self.ctx.operands(op).to_vec().iter().zip(operands) {
            map.map_value(o, n);
        }
        let new = self.ctx.clone_op(op, &mut map);
        if let Some(types) = types {
            for (r, &t) in self
                .ctx
                .results(new)
                .collect::<Vec<_>>()
                .into_iter()
                .zip(types)
            {
                self.ctx.set_value_type(r, t);
            }
        }
        self.ctx.insert_op_before(self.at, new);
        new
    }

    fn emit_op(&mut self, name: &str, operands: &[ValueId], types: &[Type]) -> OpId {
        let at = self.at;
        let mut b = Builder::before(self.ctx, at);
        b.insert(b.state(name).operands(operands).results(types))
    }

    fn emit_new(&mut self, name: &str, operands: &[ValueId], ty: Type) -> ValueId {
        let op = self.emit_op(name, operands, &[ty]);
        self.ctx.result(op, 0)
    }
}

/// An atomic `ptr.load`/`ptr.store` (its `ordering` other than not_atomic).
fn atomic(ctx: &Context, op: OpId) -> bool {
    ctx.prop(op, "ordering")
        .and_then(|o| ctx.attr_int(o))
        .is_some_and(|o| o != 0)
}

/// Bytes of a lane of `ty` in memory (`i1` has no lane layout here).
fn elem_bytes(ctx: &Context, ty: Type) -> Res<i64> {
    let bits = match ctx.float_kind(ty) {
        Some(k) => Some(k.width()),
        None => ctx.int_width(ty).filter(|&w| w % 8 == 0),
    };
    bits.map(|b| b as i64 / 8).ok_or(Unhandled)
}

/// The width of an integer or `index` (64) type.
fn bits(ctx: &Context, ty: Type) -> u32 {
    ctx.int_width(ty).unwrap_or(64)
}
