//! Node splitting: irreducible control flow made reducible by copying
//! blocks. For a cycle entered at several blocks, one entry is kept; for
//! each other entry `e`, the blocks of the cycle that `e` reaches without
//! passing the kept entry are copied, and the edges from outside the cycle
//! into `e` go to the copy of `e` instead. Every execution runs through
//! exactly one copy of each block it visits, so effects (stores, calls) run
//! as often and in the same order as before. Values defined in the copied
//! blocks and used outside them are first localized (passed as block
//! arguments), so both copies can provide them. The copies may hold
//! irreducible cycles of their own: the search repeats until the region is
//! reducible or the next split would exceed the growth budget; what is left
//! is lifted through a multiplexer (see `structurize`).

use super::cfg::Cfg;
use super::localize::{escaping, localize};
use super::mux::retarget;
use cuwasm::{BlockId, Context, IrMapping, OpId, RegionId};

/// The ops in `block`, nested ones included.
pub fn block_size(ctx: &Context, block: BlockId) -> usize {
    ctx.block_ops(block)
        .map(|op| ctx.walk_preorder(op).len())
        .sum()
}

/// Split until the region is reducible or `budget` (ops that may be
/// copied) runs out. Returns the number of blocks copied.
pub fn split_irreducible(ctx: &mut Context, region: RegionId, mut budget: usize) -> u64 {
    let mut copied = 0;
    loop {
        let cfg = Cfg::new(ctx, region);
        let Some(irr) = cfg.first_irreducible() else {
            return copied;
        };
        let size: Vec<usize> = cfg.blocks.iter().map(|b| block_size(ctx, *b)).collect();
        // Keep the entry that leaves the least to copy.
        let (keep, cost) = irr
            .entries
            .iter()
            .map(|&k| {
                let cost: usize = irr
                    .entries
                    .iter()
                    .filter(|e| **e != k)
                    .flat_map(|&e| cfg.reach_within(e, &irr.blocks, k))
                    .map(|b| size[b])
                    .sum();
                (k, cost)
            })
            .min_by_key(|(_, cost)| *cost)
            .unwrap();
        if cost > budget {
            return copied;
        }
        budget -= cost;
        let cycle: Vec<BlockId> = irr.blocks.iter().map(|b| cfg.blocks[*b]).collect();
        let keep = cfg.blocks[keep];
        let others: Vec<BlockId> = irr
            .entries
            .iter()
            .map(|e| cfg.blocks[*e])
            .filter(|e| *e != keep)
            .collect();
        for e in others {
            copied += split_entry(ctx, region, &cycle, e, keep);
        }
    }
}

/// Copy what `entry` reaches in `cycle` without passing `keep`, and send
/// the edges from outside the cycle into `entry` to the copy.
fn split_entry(
    ctx: &mut Context,
    region: RegionId,
    cycle: &[BlockId],
    entry: BlockId,
    keep: BlockId,
) -> u64 {
    let cfg = Cfg::new(ctx, region);
    let mut set: Vec<usize> = cycle.iter().map(|b| cfg.at(*b)).collect();
    set.sort_unstable();
    let e = cfg.at(entry);
    let copy: Vec<BlockId> = cfg
        .reach_within(e, &set, cfg.at(keep))
        .into_iter()
        .map(|b| cfg.blocks[b])
        .collect();
    let outer: Vec<(BlockId, usize)> = cfg
        .preds(e)
        .iter()
        .filter(|(p, _)| set.binary_search(p).is_err())
        .map(|&(p, k)| (cfg.blocks[p], k))
        .collect();
    let escapes = escaping(ctx, region, &copy);
    localize(ctx, region, &escapes);
    let map = copy_blocks(ctx, region, &copy);
    let new_entry = map.blocks[&entry];
    for (from, k) in outer {
        let args = super::term::Branch::read(ctx, from).unwrap().targets[k]
            .1
            .clone();
        retarget(ctx, from, k, new_entry, args);
    }
    copy.len() as u64
}

/// Append copies of `blocks` to `region`; branches between them go
/// between the copies. A block must come after the blocks whose values it
/// uses. Returns the mapping.
fn copy_blocks(ctx: &mut Context, region: RegionId, blocks: &[BlockId]) -> IrMapping {
    let mut map = IrMapping::default();
    for &b in blocks {
        let loc = ctx
            .last_op(b)
            .map_or_else(|| ctx.unknown_loc(), |t| ctx.loc(t));
        let c = ctx.create_block(&[], loc);
        for (i, a) in ctx.block_args(b).to_vec().into_iter().enumerate() {
            let na = ctx.add_block_arg(c, ctx.value_type(a), ctx.block_arg_loc(b, i));
            map.map_value(a, na);
        }
        map.blocks.insert(b, c);
        ctx.append_block(region, c);
    }
    for &b in blocks {
        let ops: Vec<OpId> = ctx.block_ops(b).collect();
        for op in ops {
            let new = ctx.clone_op(op, &mut map);
            ctx.append_op(map.blocks[&b], new);
        }
    }
    map
}
