//! The structurizer proper (Bahmann et al., "Perfect Reconstructability of
//! Control Flow from Demand Dependence Graphs", as MLIR's CFGToSCF applies
//! it), on a region that has one exit block which every block reaches
//! (see `prepare`). A worklist holds region entry blocks; for each:
//!
//! 1. **Cycles.** Every outermost cycle (strongly connected component) of
//!    the region becomes an `scf.while`. A cycle entered at several blocks
//!    first gets a multiplexer as its only entry (irreducible control flow
//!    that node splitting left). Values defined in the cycle and used after
//!    it are localized (passed as block arguments), so that they leave the
//!    loop only along its exit edges. A latch block is made the target of
//!    every back edge and every exit edge; it receives the header's
//!    arguments, the exit targets' arguments and the exit's number (a
//!    multiplexer payload) and a "repeat" flag. The header, the cycle and
//!    the latch move into the `before` region of an `scf.while` placed in a
//!    new block that takes over the cycle's entry edges; the latch ends in
//!    `scf.condition(repeat)` forwarding everything, `after` yields the
//!    header's part back, and after the loop a branch on the results goes
//!    to the exit target. The loop body goes on the worklist.
//! 2. **Branches.** With the region now acyclic, the entry block's
//!    terminator is lifted: a `cf.br` merges its target (whose only
//!    predecessor it is) into the entry; a `cf.cond_br` / `cf.switch`
//!    becomes `scf.if` / `scf.index_switch` whose regions are the blocks
//!    each edge dominates (none when the target has other predecessors).
//!    The edges leaving those blocks all go to one continuation (through a
//!    multiplexer when they go to several blocks): its arguments become the
//!    op's results, edges to it become `scf.yield`s, and its ops are merged
//!    into the entry, which is lifted again until it ends in the region's
//!    own terminator. Branch regions with more than one block go on the
//!    worklist.

use super::cfg::Cfg;
use super::consts::Consts;
use super::localize::{escaping, localize};
use super::mux::{Payload, multiplex, retarget};
use super::term::{Branch, Kind};
use cuwasm::{
    AttrData, BlockId, Context, Diagnostic, Location, OpId, OperationState, RegionId, ValueId,
};
use rustc_hash::{FxHashMap, FxHashSet};

/// What the structurizer made, for the pass statistics.
#[derive(Default, Debug, Clone, Copy)]
pub struct Counts {
    pub loops: u64,
    pub ifs: u64,
    pub switches: u64,
    pub multiplexers: u64,
    pub dispatched_cycles: u64,
    pub split_blocks: u64,
}

pub struct Structurizer<'a> {
    pub consts: &'a mut Consts,
    pub counts: &'a mut Counts,
}

impl Structurizer<'_> {
    /// Lift the (prepared) region whose entry block is `entry`.
    pub fn run(&mut self, ctx: &mut Context, entry: BlockId) -> Result<(), Diagnostic> {
        let mut work = vec![entry];
        while let Some(cur) = work.pop() {
            let region = ctx
                .block_parent(cur)
                .expect("worklist blocks are in regions");
            if ctx.region_blocks(region).len() > 1 {
                self.lift_cycles(ctx, region, &mut work)?;
            }
            self.lift_branches(ctx, cur, &mut work)?;
        }
        Ok(())
    }

    fn lift_cycles(
        &mut self,
        ctx: &mut Context,
        region: RegionId,
        work: &mut Vec<BlockId>,
    ) -> Result<(), Diagnostic> {
        let cfg = Cfg::new(ctx, region);
        let all: Vec<usize> = (0..cfg.len()).collect();
        let cycles: Vec<Vec<BlockId>> = cfg
            .cycles(&all)
            .into_iter()
            .map(|c| c.into_iter().map(|b| cfg.blocks[b]).collect())
            .collect();
        for cycle in cycles {
            self.lift_loop(ctx, region, cycle, work)?;
        }
        Ok(())
    }

    /// Step 1 of the module doc for one cycle.
    fn lift_loop(
        &mut self,
        ctx: &mut Context,
        region: RegionId,
        mut cycle: Vec<BlockId>,
        work: &mut Vec<BlockId>,
    ) -> Result<(), Diagnostic> {
        // Edges from outside into the cycle, and the blocks they enter (in
        // region order). One scan of the region, no CFG: a region with many
        // loops is scanned once per loop.
        let mut members: FxHashSet<BlockId> = cycle.iter().copied().collect();
        let mut entry_edges: Vec<(BlockId, usize)> = Vec::new();
        let mut entries: Vec<BlockId> = Vec::new();
        for &b in ctx.region_blocks(region) {
            if members.contains(&b) {
                continue;
            }
            for (k, s) in ctx.block_successors(b).iter().enumerate() {
                if members.contains(s) {
                    entry_edges.push((b, k));
                    if !entries.contains(s) {
                        entries.push(*s);
                    }
                }
            }
        }
        let order: FxHashMap<BlockId, usize> = ctx
            .region_blocks(region)
            .iter()
            .enumerate()
            .map(|(i, b)| (*b, i))
            .filter(|(b, _)| members.contains(b))
            .collect();
        entries.sort_by_key(|b| order[b]);
        let first = entries[0];
        let loc = terminator_loc(ctx, first);
        let header = if entries.len() > 1 {
            let mut edges = entry_edges.clone();
            for &b in &cycle {
                for (k, s) in ctx.block_successors(b).iter().enumerate() {
                    if entries.contains(s) {
                        edges.push((b, k));
                    }
                }
            }
            let m = multiplex(ctx, self.consts, region, &edges, order[&first], loc);
            self.counts.multiplexers += 1;
            self.counts.dispatched_cycles += 1;
            cycle.push(m);
            members.insert(m);
            m
        } else {
            first
        };
        let escapes = escaping(ctx, region, &cycle);
        localize(ctx, region, &escapes);

        let (mut back, mut exits) = (Vec::new(), Vec::new());
        for &b in &cycle {
            for (k, &t) in ctx.block_successors(b).iter().enumerate() {
                if t == header {
                    back.push((b, k));
                } else if !members.contains(&t) {
                    exits.push((b, k, t));
                }
            }
        }
        let mut exit_targets: Vec<BlockId> = Vec::new();
        for &(_, _, t) in &exits {
            if !exit_targets.contains(&t) {
                exit_targets.push(t);
            }
        }
        if exit_targets.is_empty() {
            return Err(internal(ctx, first, "a cycle without exits was left"));
        }

        // The latch: header arguments, exit payload, repeat flag.
        let header_types = ctx.block_arg_types(header);
        let nh = header_types.len();
        let payload = Payload::new(ctx, &exit_targets);
        let mut latch_types = header_types.clone();
        latch_types.extend(payload.types.iter().copied());
        latch_types.push(ctx.i1());
        let latch = ctx.create_block(&latch_types, loc);
        for (from, k) in back {
            let mut ops = edge_args(ctx, from, k);
            ops.extend(payload.operands(ctx, self.consts, None));
            ops.push(self.consts.bool(ctx, true));
            retarget(ctx, from, k, latch, ops);
        }
        for (from, k, t) in exits {
            let args = edge_args(ctx, from, k);
            let mut ops = self.consts.zeros(ctx, &header_types);
            ops.extend(payload.operands(ctx, self.consts, Some((t, &args))));
            ops.push(self.consts.bool(ctx, false));
            retarget(ctx, from, k, latch, ops);
        }

        // The block that holds the loop takes over the entry edges.
        let position = ctx
            .region_blocks(region)
            .iter()
            .position(|b| *b == header)
            .unwrap();
        let pre = ctx.create_block(&header_types, loc);
        ctx.insert_block(region, position, pre);
        for (from, k) in entry_edges {
            let args = edge_args(ctx, from, k);
            retarget(ctx, from, k, pre, args);
        }
        let mut result_types = header_types.clone();
        result_types.extend(payload.types.iter().copied());
        let inits = ctx.block_args(pre).to_vec();
        let state = OperationState::new(ctx, "scf.while", loc)
            .operands(&inits)
            .results(&result_types)
            .regions(2);
        let w = ctx.create_op(state);
        ctx.append_op(pre, w);
        let (before, after) = (ctx.region(w, 0), ctx.region(w, 1));
        let mut body: Vec<BlockId> = ctx
            .region_blocks(region)
            .iter()
            .copied()
            .filter(|b| *b != header && members.contains(b))
            .collect();
        body.insert(0, header);
        for b in body {
            ctx.detach_block(b);
            ctx.append_block(before, b);
        }
        ctx.append_block(before, latch);
        let latch_args = ctx.block_args(latch).to_vec();
        let (forward, repeat) = latch_args.split_at(latch_args.len() - 1);
        let cond = OperationState::new(ctx, "scf.condition", loc)
            .operands(&[repeat[0]])
            .operands(forward);
        let cond = ctx.create_op(cond);
        ctx.append_op(latch, cond);
        let next = ctx.create_block(&result_types, loc);
        ctx.append_block(after, next);
        let carried = ctx.block_args(next)[..nh].to_vec();
        let y = OperationState::new(ctx, "scf.yield", loc).operands(&carried);
        let y = ctx.create_op(y);
        ctx.append_op(next, y);
        let results: Vec<ValueId> = ctx.results(w).collect();
        payload.dispatch(&results[nh..], loc).write(ctx, pre);

        self.counts.loops += 1;
        work.push(header);
        Ok(())
    }

    /// Step 2 of the module doc, on `cur` until it ends in the region's
    /// terminator. The number of edges into each block of the region is
    /// counted once and kept up to date, so that each step costs what the
    /// blocks it lifts cost, not the region's size.
    fn lift_branches(
        &mut self,
        ctx: &mut Context,
        cur: BlockId,
        work: &mut Vec<BlockId>,
    ) -> Result<(), Diagnostic> {
        let region = ctx
            .block_parent(cur)
            .expect("worklist blocks are in regions");
        let mut preds: FxHashMap<BlockId, usize> = FxHashMap::default();
        for &b in ctx.region_blocks(region) {
            for s in ctx.block_successors(b) {
                *preds.entry(*s).or_insert(0) += 1;
            }
        }
        while let Some(branch) = Branch::read(ctx, cur) {
            if branch.targets.len() == 1 {
                let (s, args) = branch.targets[0].clone();
                if s == cur || preds.get(&s) != Some(&1) {
                    return Err(internal(
                        ctx,
                        cur,
                        "a branch target with other predecessors",
                    ));
                }
                merge(ctx, cur, s, &args);
                continue;
            }
            self.lift_branch(ctx, region, cur, branch, &mut preds, work)?;
        }
        Ok(())
    }

    fn lift_branch(
        &mut self,
        ctx: &mut Context,
        region: RegionId,
        cur: BlockId,
        branch: Branch,
        preds: &mut FxHashMap<BlockId, usize>,
        work: &mut Vec<BlockId>,
    ) -> Result<(), Diagnostic> {
        let n = branch.targets.len();
        // The blocks each edge dominates.
        let mut owner: FxHashMap<BlockId, usize> = FxHashMap::default();
        let mut bodies: Vec<Vec<BlockId>> = Vec::with_capacity(n);
        for (k, (t, _)) in branch.targets.iter().enumerate() {
            let body = if preds.get(t) == Some(&1) {
                dominated(ctx, *t, preds)
            } else {
                Vec::new()
            };
            for &b in &body {
                owner.insert(b, k);
            }
            bodies.push(body);
        }
        // The edges to what follows.
        let mut leaving: Vec<(BlockId, usize)> = Vec::new();
        for (k, body) in bodies.iter().enumerate() {
            if body.is_empty() {
                leaving.push((cur, k));
            }
            for &b in body {
                for (j, s) in ctx.block_successors(b).iter().enumerate() {
                    match owner.get(s) {
                        Some(o) if *o == k => {}
                        Some(_) => return Err(internal(ctx, cur, "branch regions overlap")),
                        None if *s == cur => {
                            return Err(internal(ctx, cur, "a cycle was left"));
                        }
                        None => leaving.push((b, j)),
                    }
                }
            }
        }
        let mut targets: Vec<BlockId> = Vec::new();
        for &(from, j) in &leaving {
            let t = ctx.block_successors(from)[j];
            if !targets.contains(&t) {
                targets.push(t);
            }
        }
        let loc = branch.loc;
        let cont = if targets.len() == 1 {
            targets[0]
        } else {
            self.counts.multiplexers += 1;
            for &(from, j) in &leaving {
                *preds.get_mut(&ctx.block_successors(from)[j]).unwrap() -= 1;
            }
            for t in &targets {
                *preds.get_mut(t).unwrap() += 1;
            }
            let end = ctx.region_blocks(region).len();
            multiplex(ctx, self.consts, region, &leaving, end, loc)
        };
        let result_types = ctx.block_arg_types(cont);
        // The edges that went straight to the continuation now pass its operands.
        let branch = Branch::read(ctx, cur).expect("the branch is still there");

        // The structured op, before the branch.
        let term = ctx.last_op(cur).unwrap();
        let op = match &branch.kind {
            Kind::CondBr(cond) => {
                self.counts.ifs += 1;
                let state = OperationState::new(ctx, "scf.if", loc)
                    .operands(&[*cond])
                    .results(&result_types)
                    .regions(2);
                ctx.create_op(state)
            }
            Kind::Switch { flag, cases } => {
                self.counts.switches += 1;
                let index = ctx.index_type();
                let cast = OperationState::new(ctx, "arith.index_cast", loc)
                    .operands(&[*flag])
                    .results(&[index]);
                let cast = ctx.create_op(cast);
                ctx.insert_op_before(term, cast);
                let i64 = ctx.i64();
                let cases = ctx.intern_attr(AttrData::DenseArray {
                    element: i64,
                    values: cases.clone(),
                });
                let state = OperationState::new(ctx, "scf.index_switch", loc)
                    .operands(&[ctx.result(cast, 0)])
                    .results(&result_types)
                    .property(ctx, "cases", cases)
                    .regions(n);
                ctx.create_op(state)
            }
            Kind::Br => unreachable!("single-successor branches are merged"),
        };
        ctx.insert_op_before(term, op);

        for (k, body) in bodies.iter().enumerate() {
            let target_region = ctx.region(op, k);
            let (t, args) = branch.targets[k].clone();
            if body.is_empty() {
                let b = ctx.create_block(&[], loc);
                ctx.append_block(target_region, b);
                append_yield(ctx, b, &args, loc);
                continue;
            }
            let mut exits: Vec<(BlockId, usize)> = Vec::new();
            for &b in body {
                for (j, s) in ctx.block_successors(b).iter().enumerate() {
                    if *s == cont {
                        exits.push((b, j));
                    }
                }
            }
            for &b in body {
                ctx.detach_block(b);
                ctx.append_block(target_region, b);
            }
            let params = ctx.block_args(t).to_vec();
            for (p, a) in params.iter().zip(&args) {
                ctx.replace_all_uses(*p, *a);
            }
            for i in (0..params.len()).rev() {
                ctx.erase_block_arg(t, i);
            }
            let single = exits.len() == 1 && ctx.block_successors(exits[0].0).len() == 1;
            if single {
                let from = exits[0].0;
                let args = edge_args(ctx, from, 0);
                let old = ctx.last_op(from).unwrap();
                ctx.erase_op(old);
                append_yield(ctx, from, &args, loc);
            } else {
                let e = ctx.create_block(&result_types, loc);
                ctx.append_block(target_region, e);
                for (from, j) in exits {
                    let args = edge_args(ctx, from, j);
                    retarget(ctx, from, j, e, args);
                }
                let args = ctx.block_args(e).to_vec();
                append_yield(ctx, e, &args, loc);
            }
            if ctx.region_blocks(target_region).len() > 1 {
                work.push(t);
            }
        }
        ctx.erase_op(term);
        drop_empty_else(ctx, op);

        let results: Vec<ValueId> = ctx.results(op).collect();
        merge(ctx, cur, cont, &results);
        Ok(())
    }
}

/// In an acyclic region, the blocks that `head` dominates when its only
/// incoming edge comes from outside them (`preds`: edges into each block):
/// `head`, then every block all of whose incoming edges come from blocks
/// already found, so in an order where each block follows its predecessors.
fn dominated(ctx: &Context, head: BlockId, preds: &FxHashMap<BlockId, usize>) -> Vec<BlockId> {
    let mut found = vec![head];
    let mut edges_in: FxHashMap<BlockId, usize> = FxHashMap::default();
    let mut i = 0;
    while i < found.len() {
        let b = found[i];
        i += 1;
        for &s in ctx.block_successors(b) {
            let n = edges_in.entry(s).or_insert(0);
            *n += 1;
            if Some(&*n) == preds.get(&s) && s != head {
                found.push(s);
            }
        }
    }
    found
}

/// An scf.if without results whose else region only yields loses that region.
fn drop_empty_else(ctx: &mut Context, op: OpId) {
    if !ctx.is_op(op, "scf.if") || ctx.num_results(op) != 0 {
        return;
    }
    let els = ctx.region(op, 1);
    if let [b] = *ctx.region_blocks(els)
        && let Some(y) = ctx.first_op(b)
        && ctx.last_op(b) == Some(y)
        && ctx.is_op(y, "scf.yield")
    {
        ctx.erase_block(b);
    }
}

/// Move `from`'s ops to the end of `into` (replacing `into`'s terminator, if
/// any), with `args` for `from`'s arguments, and erase `from`.
fn merge(ctx: &mut Context, into: BlockId, from: BlockId, args: &[ValueId]) {
    if let Some(t) = ctx.last_op(into)
        && ctx.successors(t).contains(&from)
    {
        ctx.erase_op(t);
    }
    let params = ctx.block_args(from).to_vec();
    for (p, a) in params.iter().zip(args) {
        ctx.replace_all_uses(*p, *a);
    }
    while let Some(op) = ctx.first_op(from) {
        ctx.move_op_to_end(op, into);
    }
    ctx.erase_block(from);
}

fn append_yield(ctx: &mut Context, block: BlockId, values: &[ValueId], loc: Location) {
    let state = OperationState::new(ctx, "scf.yield", loc).operands(values);
    let y = ctx.create_op(state);
    ctx.append_op(block, y);
}

/// The operands edge `succ` of `from` passes.
fn edge_args(ctx: &Context, from: BlockId, succ: usize) -> Vec<ValueId> {
    Branch::read(ctx, from)
        .expect("edges start at cf branches")
        .targets[succ]
        .1
        .clone()
}

fn terminator_loc(ctx: &Context, block: BlockId) -> Location {
    ctx.last_op(block)
        .map(|t| ctx.loc(t))
        .unwrap_or_else(|| ctx.unknown_loc())
}

/// A located error for a state the algorithm should never reach.
fn internal(ctx: &Context, block: BlockId, what: &str) -> Diagnostic {
    Diagnostic::error(
        terminator_loc(ctx, block),
        format!("lift-cf-to-scf: internal error: {what}"),
    )
}
