//! Canonicalization patterns for `scf.for` and `scf.if`, as MLIR 22 has them
//! (`SCF.cpp`): `SimplifyTrivialLoops` (loops of zero or one iteration, and
//! empty loops yielding values from outside), `RemoveStaticCondition`,
//! `ConvertTrivialIfToSelect` and `RemoveUnusedResults` of `scf.if`. MLIR's
//! other scf patterns (`ForOpIterArgsFolder`, `CombineIfs`, ...) are not here yet.

use cuwasm::{
    BlockId, Context, InsertPoint, OpId, PatternRewriter, PatternSet, RegionId, Traits, ValueDef,
    ValueId,
};

/// The integer constant behind `v` (sign-extended).
fn const_int(ctx: &Context, v: ValueId) -> Option<i128> {
    let d = ctx.defining_op(v)?;
    if !ctx.op_has_trait(d, Traits::CONSTANT_LIKE) {
        return None;
    }
    ctx.attr_int(ctx.prop(d, "value")?)
}

/// Is `v` defined outside of `op` (not by an op or block nested in it)?
fn defined_outside(ctx: &Context, op: OpId, v: ValueId) -> bool {
    let def = match ctx.value_def(v) {
        ValueDef::Result { op: d, .. } => Some(d),
        ValueDef::BlockArg { block, .. } => ctx.block_parent_op(block),
        ValueDef::Detached => None,
    };
    def.is_none_or(|d| !ctx.is_ancestor(op, d))
}

/// The single block of `region` and the operands of its terminator.
fn body(ctx: &Context, region: RegionId) -> Option<(BlockId, OpId, Vec<ValueId>)> {
    let block = ctx.entry_block(region)?;
    let term = ctx.last_op(block)?;
    Some((block, term, ctx.operands(term).to_vec()))
}

/// Replace `op` by the ops of the single block of `region` (its arguments
/// replaced by `args`), and its results by what the block's terminator yields
/// (MLIR's `replaceOpWithRegion`).
fn replace_with_region(rw: &mut PatternRewriter<'_>, op: OpId, region: RegionId, args: &[ValueId]) {
    let (block, term, yielded) = body(rw, region).expect("a region with a terminated block");
    let yielded: Vec<ValueId> = yielded
        .into_iter()
        .map(|v| match rw.value_def(v) {
            ValueDef::BlockArg { block: b, index } if b == block => args[index as usize],
            _ => v,
        })
        .collect();
    rw.erase_op(term);
    rw.inline_block_before(block, op, args);
    rw.replace_op_with_values(op, &yielded);
}

pub fn for_op(set: &mut PatternSet) {
    set.add_fn("ForOpIterArgsFolder", "scf.for", 1, forwarded_iter_args)
        .add_fn("SimplifyTrivialLoops", "scf.for", 1, simplify_trivial_loops);
}

/// An iteration argument that the body yields unchanged, or whose initial
/// value the body yields, is its initial value throughout: its uses, in the
/// body and after the loop, become that value (MLIR's `ForOpIterArgsFolder`,
/// without rebuilding the loop: the argument stays, unused, until the loop
/// goes).
fn forwarded_iter_args(op: OpId, rw: &mut PatternRewriter<'_>) -> bool {
    let Some((block, _, yielded)) = body(rw, rw.region(op, 0)) else {
        return false;
    };
    let inits = rw.operands(op)[3..].to_vec();
    let mut changed = false;
    for (i, &init) in inits.iter().enumerate() {
        let (arg, result) = (rw.block_arg(block, i + 1), rw.result(op, i));
        if yielded[i] != arg && yielded[i] != init {
            continue;
        }
        for v in [arg, result] {
            if rw.has_uses(v) && !(v == arg && yielded[i] == arg && rw.uses(v).len() == 1) {
                rw.replace_all_uses(v, init);
                changed = true;
            }
        }
    }
    changed
}

/// Loops that do not iterate (equal bounds, an empty range, or a step that is
/// not positive) become their initial values; loops of one
/// iteration become their body; empty loops that iterate at least once and
/// yield values from outside become those values.
fn simplify_trivial_loops(op: OpId, rw: &mut PatternRewriter<'_>) -> bool {
    if rw.prop(op, "unsignedCmp").is_some() {
        return false;
    }
    let operands = rw.operands(op).to_vec();
    let (lb, ub, step, inits) = (operands[0], operands[1], operands[2], &operands[3..]);
    // MLIR 22's `constantTripCount` counts no iteration for equal bounds and
    // for a zero or negative constant step.
    if lb == ub || const_int(rw, step).is_some_and(|s| s <= 0) {
        rw.replace_op_with_values(op, inits);
        return true;
    }
    let (Some(l), Some(u)) = (const_int(rw, lb), const_int(rw, ub)) else {
        return false;
    };
    let diff = u - l;
    if diff <= 0 {
        rw.replace_op_with_values(op, inits);
        return true;
    }
    let Some(s) = const_int(rw, step) else {
        return false;
    };
    let region = rw.region(op, 0);
    if s >= diff {
        let mut args = vec![lb];
        args.extend_from_slice(inits);
        replace_with_region(rw, op, region, &args);
        return true;
    }
    let Some((block, term, yielded)) = body(rw, region) else {
        return false;
    };
    if rw.first_op(block) != Some(term) || !yielded.iter().all(|&v| defined_outside(rw, op, v)) {
        return false;
    }
    rw.replace_op_with_values(op, &yielded);
    true
}

pub fn if_op(set: &mut PatternSet) {
    set.add_fn("ConditionPropagation", "scf.if", 1, condition_propagation)
        .add_fn(
            "ConvertTrivialIfToSelect",
            "scf.if",
            1,
            convert_trivial_if_to_select,
        )
        .add_fn(
            "RemoveEmptyElseBranch",
            "scf.if",
            1,
            remove_empty_else_branch,
        )
        .add_fn(
            "RemoveStaticCondition",
            "scf.if",
            1,
            remove_static_condition,
        )
        .add_fn("RemoveUnusedResults", "scf.if", 1, remove_unused_results)
        .add_fn(
            "ReplaceIfYieldWithConditionOrValue",
            "scf.if",
            1,
            replace_yield_with_condition,
        );
}

/// `true` (`false`) as an i1 `arith.constant` at the insertion point.
fn bool_constant(rw: &mut PatternRewriter<'_>, value: bool) -> ValueId {
    let i1 = rw.i1();
    let attr = rw.bool_attr(value);
    let state = rw
        .state("arith.constant")
        .results(&[i1])
        .property(rw, "value", attr);
    let c = rw.create(state);
    rw.result(c, 0)
}

/// Inside the then (else) region, the condition is true (false).
fn condition_propagation(op: OpId, rw: &mut PatternRewriter<'_>) -> bool {
    let cond = rw.operand(op, 0);
    if const_int(rw, cond).is_some() {
        return false;
    }
    let (then_r, else_r) = (rw.region(op, 0), rw.region(op, 1));
    let mut constants: [Option<ValueId>; 2] = [None, None];
    let mut changed = false;
    for u in rw.uses(cond).to_vec() {
        let Some(region) = enclosing_region_of(rw, u.op, op) else {
            continue;
        };
        let branch = if region == then_r {
            0
        } else if region == else_r {
            1
        } else {
            continue;
        };
        let c = match constants[branch] {
            Some(c) => c,
            None => {
                rw.set_insertion_point(InsertPoint::Before(op));
                let c = bool_constant(rw, branch == 0);
                constants[branch] = Some(c);
                c
            }
        };
        rw.set_operand(u.op, u.index as usize, c);
        changed = true;
    }
    changed
}

/// The region of `parent` that holds `op` (at any depth).
fn enclosing_region_of(ctx: &Context, mut op: OpId, parent: OpId) -> Option<RegionId> {
    loop {
        let region = ctx.block_parent(ctx.parent_block(op)?)?;
        let owner = ctx.region_parent(region)?;
        if owner == parent {
            return Some(region);
        }
        op = owner;
    }
}

/// An `scf.if` without results loses an else block that only yields.
fn remove_empty_else_branch(op: OpId, rw: &mut PatternRewriter<'_>) -> bool {
    if rw.num_results(op) != 0 {
        return false;
    }
    let Some((block, term, _)) = body(rw, rw.region(op, 1)) else {
        return false;
    };
    if rw.first_op(block) != Some(term) {
        return false;
    }
    rw.erase_block(block);
    rw.modify_op_in_place(op, |_| ());
    true
}

/// Results yielding `true`/`false` become the condition (or its negation);
/// results yielding one value from both branches become that value.
fn replace_yield_with_condition(op: OpId, rw: &mut PatternRewriter<'_>) -> bool {
    let Some((n, then_y, else_y)) = branch_yields(rw, op) else {
        return false;
    };
    let cond = rw.operand(op, 0);
    let i1 = rw.i1();
    let mut changed = false;
    for i in 0..n {
        let r = rw.result(op, i);
        if !rw.has_uses(r) {
            continue;
        }
        if then_y[i] == else_y[i] {
            rw.replace_all_uses(r, then_y[i]);
            changed = true;
            continue;
        }
        if rw.value_type(r) != i1 {
            continue;
        }
        match (const_int(rw, then_y[i]), const_int(rw, else_y[i])) {
            (Some(0), Some(f)) if f != 0 => {
                rw.set_insertion_point(InsertPoint::Before(op));
                let t = bool_constant(rw, true);
                let state = rw.state("arith.xori").operands(&[cond, t]).results(&[i1]);
                let not = rw.create(state);
                let not = rw.result(not, 0);
                rw.replace_all_uses(r, not);
                changed = true;
            }
            (Some(t), Some(0)) if t != 0 => {
                rw.replace_all_uses(r, cond);
                changed = true;
            }
            _ => {}
        }
    }
    changed
}

/// `scf.if` on a constant: the region taken replaces it.
fn remove_static_condition(op: OpId, rw: &mut PatternRewriter<'_>) -> bool {
    let Some(c) = const_int(rw, rw.operand(op, 0)) else {
        return false;
    };
    let region = rw.region(op, if c != 0 { 0 } else { 1 });
    if rw.region_is_empty(region) {
        if rw.num_results(op) != 0 {
            return false;
        }
        rw.erase_op(op);
    } else {
        replace_with_region(rw, op, region, &[]);
    }
    true
}

/// A new `scf.if` on `cond` before `op` with result types `types`, taking
/// `op`'s regions; each region's yield keeps the operands at `keep`.
fn rebuild_if(rw: &mut PatternRewriter<'_>, op: OpId, keep: &[usize]) -> OpId {
    let types: Vec<_> = keep
        .iter()
        .map(|&i| rw.value_type(rw.result(op, i)))
        .collect();
    let cond = rw.operand(op, 0);
    rw.set_insertion_point(InsertPoint::Before(op));
    let state = rw
        .state("scf.if")
        .operands(&[cond])
        .results(&types)
        .regions(2);
    let new = rw.create(state);
    for i in 0..2 {
        let (from, to) = (rw.region(op, i), rw.region(new, i));
        rw.inline_region_before(from, to, 0);
        if let Some((_, term, yielded)) = body(rw, to) {
            let kept: Vec<ValueId> = keep.iter().map(|&k| yielded[k]).collect();
            rw.set_operands(term, &kept);
        }
    }
    new
}

/// The number of results of an `scf.if` that has some, and what each of its
/// branches yields.
fn branch_yields(
    rw: &PatternRewriter<'_>,
    op: OpId,
) -> Option<(usize, Vec<ValueId>, Vec<ValueId>)> {
    let n = rw.num_results(op);
    if n == 0 {
        return None;
    }
    let (_, _, then_y) = body(rw, rw.region(op, 0))?;
    let (_, _, else_y) = body(rw, rw.region(op, 1))?;
    Some((n, then_y, else_y))
}

/// Results yielded from outside the `scf.if` become `arith.select`s (or the
/// value itself when both branches yield it); the `scf.if` keeps the others.
fn convert_trivial_if_to_select(op: OpId, rw: &mut PatternRewriter<'_>) -> bool {
    let Some((n, then_y, else_y)) = branch_yields(rw, op) else {
        return false;
    };
    let inside = |rw: &PatternRewriter<'_>, i: usize| {
        !defined_outside(rw, op, then_y[i]) || !defined_outside(rw, op, else_y[i])
    };
    let keep: Vec<usize> = (0..n).filter(|&i| inside(rw, i)).collect();
    if keep.len() == n {
        return false;
    }
    let cond = rw.operand(op, 0);
    let new = rebuild_if(rw, op, &keep);
    rw.set_insertion_point(InsertPoint::Before(new));
    let mut results = Vec::with_capacity(n);
    for i in 0..n {
        if let Some(k) = keep.iter().position(|&x| x == i) {
            results.push(rw.result(new, k));
        } else if then_y[i] == else_y[i] {
            results.push(then_y[i]);
        } else {
            let ty = rw.value_type(then_y[i]);
            let state = rw
                .state("arith.select")
                .operands(&[cond, then_y[i], else_y[i]])
                .results(&[ty]);
            let sel = rw.create(state);
            results.push(rw.result(sel, 0));
        }
    }
    rw.replace_op_with_values(op, &results);
    true
}

/// An `scf.if` with unused results is rebuilt without them.
fn remove_unused_results(op: OpId, rw: &mut PatternRewriter<'_>) -> bool {
    let n = rw.num_results(op);
    let used: Vec<usize> = (0..n).filter(|&i| rw.has_uses(rw.result(op, i))).collect();
    if used.len() == n {
        return false;
    }
    let new = rebuild_if(rw, op, &used);
    for (k, &i) in used.iter().enumerate() {
        let (from, to) = (rw.result(op, i), rw.result(new, k));
        rw.replace_all_uses(from, to);
    }
    rw.erase_op(op);
    true
}
