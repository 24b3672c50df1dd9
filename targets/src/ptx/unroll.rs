//! Full unrolling of small loops with a constant trip count, as nvcc's
//! `#pragma unroll` (and its own heuristics) do: the loop body is emitted
//! once per iteration with the induction variable a constant, so ptxas folds
//! it into immediate address offsets and no branch is left. The frontend
//! does not keep `#pragma unroll`; every loop whose trip count the emitter
//! can compute and whose unrolled size is small is unrolled.
//!
//! A `scf.while` is counted when its condition region is one comparison of
//! a loop-carried integer with a constant, passing the carried values on
//! unchanged, and its body gives that integer's next value by one operation
//! with a constant (`i + 1`, `i << 1`, `i >> 1`, ...) from a constant start:
//! the iterations are then simulated with the arith dialect's folders. A `scf.for`
//! is counted when its bounds and step are constants.

use super::function::FnEmitter;
use cuwasm::{Context, Diagnostic, OpId, RegionId, ValueId};
use std::collections::{HashMap, HashSet};

/// The most iterations a loop may have to be unrolled.
const MAX_TRIPS: usize = 32;
/// The most ops the unrolled body may have in all.
const MAX_UNROLLED_OPS: usize = 640;

/// The values the induction variable takes, in order.
struct Counted {
    /// Which loop-carried value (block argument) is the induction variable.
    iv: usize,
    values: Vec<i128>,
}

impl FnEmitter<'_> {
    /// Emit `scf.while` `op` unrolled if it is counted and small; `false`
    /// (nothing emitted) otherwise.
    pub(super) fn try_unroll_while(&mut self, op: OpId) -> Result<bool, Diagnostic> {
        let ctx = self.ctx;
        let Some(c) = self.counted_while(op) else {
            return Ok(false);
        };
        let after = ctx.region(op, 1);
        if !small_enough(ctx, after, c.values.len()) {
            return Ok(false);
        }
        let inits = ctx.operands(op).to_vec();
        self.unrolled(op, after, &inits, &c, 0)?;
        Ok(true)
    }

    /// Emit `scf.for` `op` unrolled if its bounds and step are constants and
    /// it is small; `false` otherwise.
    pub(super) fn try_unroll_for(&mut self, op: OpId) -> Result<bool, Diagnostic> {
        let ctx = self.ctx;
        let [lb, ub, step] = [0, 1, 2].map(|i| self.int_constant(ctx.operand(op, i)));
        let (Some(lb), Some(ub), Some(step)) = (lb, ub, step) else {
            return Ok(false);
        };
        if step <= 0 {
            return Ok(false);
        }
        let trips = if ub > lb {
            (ub - lb + step - 1) / step
        } else {
            0
        };
        let region = ctx.region(op, 0);
        if trips as usize > MAX_TRIPS || !small_enough(ctx, region, trips as usize) {
            return Ok(false);
        }
        let values = (0..trips).map(|t| lb + t * step).collect();
        let inits = ctx.operands(op)[3..].to_vec();
        self.unrolled(op, region, &inits, &Counted { iv: 0, values }, 1)?;
        Ok(true)
    }

    /// Emit `body` once per value of `c`: its arguments bound to the
    /// induction variable's constant and the carried values (from `inits`,
    /// then from what the last copy yielded); `op`'s results the last
    /// carried values. For a `scf.for` (`carried_from` 1) the induction
    /// variable is argument 0 and the carried values follow; for a
    /// `scf.while` (`carried_from` 0) it is one of them.
    fn unrolled(
        &mut self,
        op: OpId,
        body: RegionId,
        inits: &[ValueId],
        c: &Counted,
        carried_from: usize,
    ) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let block = ctx
            .entry_block(body)
            .ok_or_else(|| ctx.op_error(op, "has an empty region"))?;
        let args = ctx.block_args(block).to_vec();
        let mut current = inits.to_vec();
        let (ops, read_only) = self.body_ops(body);
        for (index, &v) in c.values.iter().enumerate() {
            self.unrolling.push(Iteration {
                iv: args[c.iv],
                values: c.values.clone(),
                index,
                block,
                ops: ops.clone(),
                read_only,
            });
            let iv = args[c.iv];
            let s = self.scalar(op, iv)?;
            let r = self.reg(s.class());
            let lit = super::arith::int_literal(s, v);
            self.line(format_args!("mov{} \t{r}, {lit}", s.b()));
            self.bind(iv, r);
            // known while this copy is emitted: its addresses fold (vectorize.rs)
            self.known.insert(iv, v);
            for (j, &cur) in current.iter().enumerate() {
                let arg = args[j + carried_from];
                if j + carried_from != c.iv {
                    let r = self.value_for(op, cur, arg)?;
                    self.bind(arg, r);
                }
            }
            let term = self.emit_region(op, body);
            self.unrolling.pop();
            current = ctx.operands(term?).to_vec();
        }
        self.known.remove(&args[c.iv]);
        let results: Vec<ValueId> = ctx.results(op).collect();
        for (&res, &cur) in results.iter().zip(&current) {
            let r = self.value_for(op, cur, res)?;
            self.bind(res, r);
        }
        Ok(())
    }

    /// The ops of a loop body (nested ones too), and whether none of them
    /// writes memory (so its loads may move to an earlier iteration).
    fn body_ops(&self, body: RegionId) -> (HashSet<OpId>, bool) {
        let ctx = self.ctx;
        let mut ops = HashSet::new();
        for &b in ctx.region_blocks(body) {
            for op in ctx.block_ops(b) {
                ops.extend(ctx.walk_preorder(op));
            }
        }
        let read_only = ops.iter().all(|&o| {
            let structural = matches!(
                ctx.op_name_text(o),
                "scf.yield" | "scf.condition" | "scf.if"
            );
            structural || self.reads_only(o)
        });
        (ops, read_only)
    }

    /// The induction variable of `scf.while` `op` and its values, if the
    /// loop is counted (see the module docs): the iterations simulated with
    /// the arith dialect's own folders.
    fn counted_while(&self, op: OpId) -> Option<Counted> {
        let ctx = self.ctx;
        let before = ctx.entry_block(ctx.region(op, 0))?;
        let after = ctx.entry_block(ctx.region(op, 1))?;
        let carried = ctx.block_args(before);
        let ops: Vec<OpId> = ctx.block_ops(before).collect();
        let [cmp, cond] = ops[..] else {
            return None;
        };
        if !ctx.is_op(cmp, "arith.cmpi")
            || ctx.operand(cond, 0) != ctx.result(cmp, 0)
            || ctx.operands(cond)[1..] != *carried
        {
            return None;
        }
        let iv = carried.iter().position(|a| ctx.operands(cmp).contains(a))?;
        let start = self.int_constant(*ctx.operands(op).get(iv)?)?;
        let (arg, step) = self.step(after, iv)?;
        let mut values = Vec::new();
        let mut v = start;
        let holds =
            |v: i128| self.eval_with(ctx.result(cmp, 0), &HashMap::from([(carried[iv], v)]), 0);
        while holds(v)? != 0 {
            if values.len() == MAX_TRIPS {
                return None;
            }
            values.push(v);
            v = self.eval_with(ctx.result(step, 0), &HashMap::from([(arg, v)]), 0)?;
        }
        Some(Counted { iv, values })
    }

    /// The op of the body of a `scf.while` that computes the next value of
    /// carried value `iv` from its argument and constants, and that argument.
    fn step(&self, after: cuwasm::BlockId, iv: usize) -> Option<(ValueId, OpId)> {
        let ctx = self.ctx;
        let arg = *ctx.block_args(after).get(iv)?;
        let term = ctx.terminator(after)?;
        let def = ctx.defining_op(*ctx.operands(term).get(iv)?)?;
        let local = ctx.parent_block(def) == Some(after) && ctx.regions(def).is_empty();
        let from_arg = ctx
            .operands(def)
            .iter()
            .all(|&x| x == arg || self.int_constant(x).is_some());
        (local && from_arg && ctx.operands(def).contains(&arg)).then_some((arg, def))
    }
}

/// Is `region` small enough to be emitted `trips` times?
fn small_enough(ctx: &Context, region: RegionId, trips: usize) -> bool {
    let ops: usize = ctx
        .region_blocks(region)
        .iter()
        .flat_map(|&b| ctx.block_ops(b).collect::<Vec<_>>())
        .map(|op| ctx.walk_preorder(op).len())
        .sum();
    trips <= MAX_TRIPS && trips * ops <= MAX_UNROLLED_OPS
}

/// One iteration of an unrolled loop being emitted.
pub(super) struct Iteration {
    /// The induction variable and the values it takes.
    pub iv: ValueId,
    pub values: Vec<i128>,
    /// Which of them this iteration has.
    pub index: usize,
    /// The body's block and every op in it.
    pub block: cuwasm::BlockId,
    pub ops: HashSet<OpId>,
    /// Whether the body writes no memory.
    pub read_only: bool,
}
