//! Values made local to their blocks: a value used in blocks other than
//! its own reaches them through block arguments instead (the blocks where
//! it is live on entry each get one, and every edge into them passes the
//! value or the predecessor's own argument for it). Blocks can then be
//! duplicated, or moved behind a multiplexer, without breaking dominance.

use super::cfg::Cfg;
use super::term::Branch;
use cuwasm::{BlockId, Context, OpId, RegionId, ValueDef, ValueId};
use rustc_hash::FxHashSet;

/// The block of `region` that holds `op`, directly or through nested regions.
pub fn block_in_region(ctx: &Context, op: OpId, region: RegionId) -> Option<BlockId> {
    let mut cur = op;
    loop {
        let block = ctx.parent_block(cur)?;
        if ctx.block_parent(block) == Some(region) {
            return Some(block);
        }
        cur = ctx.block_parent_op(block)?;
    }
}

/// The block defining `v`.
pub fn def_block(ctx: &Context, v: ValueId) -> Option<BlockId> {
    match ctx.value_def(v) {
        ValueDef::Result { op, .. } => ctx.parent_block(op),
        ValueDef::BlockArg { block, .. } => Some(block),
        ValueDef::Detached => None,
    }
}

/// The values defined in `blocks` (arguments, results of their ops) that
/// are used in blocks of `region` outside `blocks`.
pub fn escaping(ctx: &Context, region: RegionId, blocks: &[BlockId]) -> Vec<ValueId> {
    let set: FxHashSet<BlockId> = blocks.iter().copied().collect();
    let mut out = Vec::new();
    for &b in blocks {
        let results = ctx.block_ops(b).flat_map(|op| ctx.results(op));
        for v in ctx.block_args(b).iter().copied().chain(results) {
            let outside = ctx
                .uses(v)
                .iter()
                .any(|u| block_in_region(ctx, u.op, region).is_some_and(|ub| !set.contains(&ub)));
            if outside {
                out.push(v);
            }
        }
    }
    out
}

/// Route each of `values` (defined in blocks of `region`, used in others)
/// through block arguments, as described in the module doc.
pub fn localize(ctx: &mut Context, region: RegionId, values: &[ValueId]) {
    if values.is_empty() {
        return;
    }
    let cfg = Cfg::new(ctx, region);
    let n = cfg.len();
    // Per block, the values live on entry (by index into `values`, ascending)
    // with the argument each got.
    let mut live_in: Vec<Vec<(usize, ValueId)>> = vec![Vec::new(); n];
    let mut defs = Vec::with_capacity(values.len());
    let mut mark = vec![usize::MAX; n];
    for (vi, &v) in values.iter().enumerate() {
        let d = cfg.at(def_block(ctx, v).expect("localized values are defined in a block"));
        defs.push(d);
        let mut stack = Vec::new();
        for u in ctx.uses(v) {
            let ub = cfg.at(block_in_region(ctx, u.op, region).expect("use inside the region"));
            if ub != d && mark[ub] != vi {
                mark[ub] = vi;
                stack.push(ub);
            }
        }
        let mut live = Vec::new();
        while let Some(b) = stack.pop() {
            live.push(b);
            for &(p, _) in cfg.preds(b) {
                if p != d && mark[p] != vi {
                    mark[p] = vi;
                    stack.push(p);
                }
            }
        }
        live.sort_unstable();
        let (ty, loc) = (ctx.value_type(v), value_loc(ctx, v));
        for b in live {
            let arg = ctx.add_block_arg(cfg.blocks[b], ty, loc);
            live_in[b].push((vi, arg));
        }
    }
    let find = |list: &[(usize, ValueId)], vi: usize| {
        list.binary_search_by_key(&vi, |e| e.0)
            .ok()
            .map(|i| list[i].1)
    };
    for (vi, &v) in values.iter().enumerate() {
        for u in ctx.uses(v).to_vec() {
            let ub = cfg.at(block_in_region(ctx, u.op, region).expect("use inside the region"));
            if let Some(arg) = find(&live_in[ub], vi) {
                ctx.set_operand(u.op, u.index as usize, arg);
            }
        }
    }
    // Only the predecessors of blocks that got arguments change.
    let mut changes = vec![false; n];
    for (b, list) in live_in.iter().enumerate() {
        if !list.is_empty() {
            for &(p, _) in cfg.preds(b) {
                changes[p] = true;
            }
        }
    }
    for p in (0..n).filter(|p| changes[*p]) {
        let Some(mut branch) = Branch::read(ctx, cfg.blocks[p]) else {
            continue;
        };
        let mut changed = false;
        for (t, ops) in branch.targets.iter_mut() {
            for &(vi, _) in &live_in[cfg.at(*t)] {
                let passed = if defs[vi] == p {
                    values[vi]
                } else {
                    find(&live_in[p], vi)
                        .expect("a value live into a block is live out of its predecessors")
                };
                ops.push(passed);
                changed = true;
            }
        }
        if changed {
            branch.write(ctx, cfg.blocks[p]);
        }
    }
}

/// Where `v` is defined.
fn value_loc(ctx: &Context, v: ValueId) -> cuwasm::Location {
    match ctx.value_def(v) {
        ValueDef::Result { op, .. } => ctx.loc(op),
        ValueDef::BlockArg { block, index } => ctx.block_arg_loc(block, index as usize),
        ValueDef::Detached => ctx.unknown_loc(),
    }
}
