//! Canonicalization patterns for `cf`, as MLIR 22 has them
//! (`ControlFlowOps.cpp`): `SimplifyBrToBlockWithSinglePred`,
//! `SimplifyPassThroughBr`, `SimplifyConstCondBranchPred`,
//! `SimplifyPassThroughCondBranch`, `SimplifyCondBranchIdenticalSuccessors`,
//! and `cf.assert` of `true` erased. (MLIR's
//! `SimplifyCondBranchFromCondBranchOnSameCondition` and
//! `CondBranchTruthPropagation`, and the `cf.switch` patterns, are not here yet.)

use cuwasm::{
    BlockId, Context, OpId, OperationState, PatternRewriter, PatternSet, Traits, ValueDef, ValueId,
};

/// The integer constant behind `v`.
fn const_int(ctx: &Context, v: ValueId) -> Option<i128> {
    let d = ctx.defining_op(v)?;
    if !ctx.op_has_trait(d, Traits::CONSTANT_LIKE) {
        return None;
    }
    ctx.attr_int(ctx.prop(d, "value")?)
}

/// Edges into `block` from the terminators of its region (with repeats).
fn num_predecessor_edges(ctx: &Context, block: BlockId) -> usize {
    let Some(region) = ctx.block_parent(block) else {
        return 0;
    };
    ctx.region_blocks(region)
        .iter()
        .map(|&b| {
            ctx.block_successors(b)
                .iter()
                .filter(|&&s| s == block)
                .count()
        })
        .sum()
}

fn br_state(rw: &PatternRewriter<'_>, dest: BlockId, operands: &[ValueId]) -> OperationState {
    rw.state("cf.br").operands(operands).successors(&[dest])
}

fn cond_br_state(
    rw: &PatternRewriter<'_>,
    cond: ValueId,
    (t, t_args): (BlockId, &[ValueId]),
    (f, f_args): (BlockId, &[ValueId]),
) -> OperationState {
    let mut operands = vec![cond];
    operands.extend_from_slice(t_args);
    operands.extend_from_slice(f_args);
    let seg = rw.dense_i32_array(&[1, t_args.len() as i32, f_args.len() as i32]);
    rw.state("cf.cond_br")
        .operands(&operands)
        .successors(&[t, f])
        .property(rw, "operandSegmentSizes", seg)
}

/// The operands `op` forwards to its successor `i`.
fn forwarded(rw: &PatternRewriter<'_>, op: OpId, i: usize) -> Vec<ValueId> {
    let range = rw
        .op_info(op)
        .and_then(|info| info.successor_operands)
        .map_or(0..0, |f| f(rw, op, i));
    rw.operands(op)[range].to_vec()
}

/// MLIR's `collapseBranch`: when `dest` holds nothing but a `cf.br` elsewhere
/// whose operands use `dest`'s arguments only there, branch past it.
fn collapse(
    rw: &PatternRewriter<'_>,
    dest: BlockId,
    args: &[ValueId],
) -> Option<(BlockId, Vec<ValueId>)> {
    let br = rw.first_op(dest)?;
    if rw.last_op(dest) != Some(br) || !rw.is_op(br, "cf.br") {
        return None;
    }
    let params = rw.block_args(dest);
    if params
        .iter()
        .any(|&p| rw.uses(p).iter().any(|u| u.op != br))
    {
        return None;
    }
    let next = rw.successors(br)[0];
    if next == dest {
        return None;
    }
    let operands = rw
        .operands(br)
        .iter()
        .map(|&v| match rw.value_def(v) {
            ValueDef::BlockArg { block, index } if block == dest => args[index as usize],
            _ => v,
        })
        .collect();
    Some((next, operands))
}

pub fn br(set: &mut PatternSet) {
    set.add_fn(
        "SimplifyBrToBlockWithSinglePred",
        "cf.br",
        1,
        br_to_single_pred,
    )
    .add_fn("SimplifyPassThroughBr", "cf.br", 1, pass_through_br);
}

/// A branch to a block that only it reaches: the block joins this one.
fn br_to_single_pred(op: OpId, rw: &mut PatternRewriter<'_>) -> bool {
    let dest = rw.successors(op)[0];
    let Some(here) = rw.parent_block(op) else {
        return false;
    };
    if dest == here || num_predecessor_edges(rw, dest) != 1 {
        return false;
    }
    let args = rw.operands(op).to_vec();
    rw.erase_op(op);
    rw.merge_blocks(dest, here, &args);
    true
}

/// A branch to a block that only branches on goes straight on.
fn pass_through_br(op: OpId, rw: &mut PatternRewriter<'_>) -> bool {
    let dest = rw.successors(op)[0];
    let args = rw.operands(op).to_vec();
    let Some((next, operands)) = collapse(rw, dest, &args) else {
        return false;
    };
    let state = br_state(rw, next, &operands);
    rw.replace_op_with_new(op, state);
    true
}

pub fn cond_br(set: &mut PatternSet) {
    set.add_fn(
        "SimplifyConstCondBranchPred",
        "cf.cond_br",
        1,
        const_cond_branch,
    )
    .add_fn(
        "SimplifyPassThroughCondBranch",
        "cf.cond_br",
        1,
        pass_through_cond_br,
    )
    .add_fn(
        "SimplifyCondBranchIdenticalSuccessors",
        "cf.cond_br",
        1,
        identical_successors,
    );
}

/// A conditional branch on a constant is a branch.
fn const_cond_branch(op: OpId, rw: &mut PatternRewriter<'_>) -> bool {
    let Some(c) = const_int(rw, rw.operand(op, 0)) else {
        return false;
    };
    let i = if c != 0 { 0 } else { 1 };
    let dest = rw.successors(op)[i];
    let args = forwarded(rw, op, i);
    let state = br_state(rw, dest, &args);
    rw.replace_op_with_new(op, state);
    true
}

/// Either successor that only branches on is skipped.
fn pass_through_cond_br(op: OpId, rw: &mut PatternRewriter<'_>) -> bool {
    let mut succ = [
        (rw.successors(op)[0], forwarded(rw, op, 0)),
        (rw.successors(op)[1], forwarded(rw, op, 1)),
    ];
    let mut changed = false;
    for s in succ.iter_mut() {
        if let Some(collapsed) = collapse(rw, s.0, &s.1) {
            *s = collapsed;
            changed = true;
        }
    }
    if !changed {
        return false;
    }
    let cond = rw.operand(op, 0);
    let state = cond_br_state(rw, cond, (succ[0].0, &succ[0].1), (succ[1].0, &succ[1].1));
    rw.replace_op_with_new(op, state);
    true
}

/// Both ways to the same block with the same operands: a branch.
fn identical_successors(op: OpId, rw: &mut PatternRewriter<'_>) -> bool {
    let (t, f) = (rw.successors(op)[0], rw.successors(op)[1]);
    let (t_args, f_args) = (forwarded(rw, op, 0), forwarded(rw, op, 1));
    if t != f || t_args != f_args {
        return false;
    }
    let state = br_state(rw, t, &t_args);
    rw.replace_op_with_new(op, state);
    true
}

pub fn assert(set: &mut PatternSet) {
    set.add_fn("EraseTrueAssert", "cf.assert", 1, |op, rw| {
        if const_int(rw, rw.operand(op, 0)).is_some_and(|c| c != 0) {
            rw.erase_op(op);
            return true;
        }
        false
    });
}
