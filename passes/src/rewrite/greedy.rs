//! The greedy pattern driver (MLIR's `applyPatternsGreedily`): a worklist
//! over the ops under a root op; each op popped is erased when trivially dead,
//! else folded (constant operands from `ConstantLike` defining ops, results
//! materialized by the dialect), else rewritten by the first pattern that
//! matches, best benefit first. Whatever a change touches goes back on the
//! worklist. Iterations repeat until one changes nothing, under a limit.
//!
//! As MLIR's driver does at the start of each iteration, constant ops are
//! deduplicated and hoisted to the front of the entry block of the nearest
//! region that is isolated from above (MLIR's `OperationFolder`), and between
//! iterations regions are simplified: unreachable blocks and dead ops are
//! erased, as are unused arguments of blocks whose predecessors all branch
//! through the branch interface.
//!
//! A pattern set that never converges is stopped: after `max_iterations`
//! iterations, or after `max_rewrites` pattern applications in one iteration,
//! or, when no rewrite limit is given, after a safety limit proportional to
//! the size of the IR; the outcome says so, and
//! [`GreedyOutcome::check`] turns it into a diagnostic.

use crate::transforms::dce::{erase_dead_ops, erase_unreachable_blocks};

use cuwasm::{
    Attr, BlockId, Context, Diagnostic, FoldResult, FrozenPatternSet, InsertPoint, OpId,
    PatternRewriter, RegionId, RewriteListener, Traits, Type, ValueId,
};
use rustc_hash::{FxHashMap, FxHashSet};
use smallvec::SmallVec;

/// How much of region simplification runs between iterations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegionSimplify {
    Disabled,
    /// Erase unreachable blocks, dead ops and unused block arguments.
    Normal,
}

/// Settings of one greedy run (MLIR's `GreedyRewriteConfig`).
#[derive(Clone, Debug)]
pub struct GreedyConfig {
    /// Iterations before giving up (`None`: no limit). MLIR's default: 10.
    pub max_iterations: Option<u32>,
    /// Pattern applications per iteration before giving up. `None` means a
    /// safety limit of 64 per op present at the start of the iteration (plus
    /// 4096), so that patterns that undo each other cannot loop forever.
    pub max_rewrites: Option<u64>,
    /// Try the folders before the patterns.
    pub fold: bool,
    /// Deduplicate and hoist constants at the start of each iteration.
    pub cse_constants: bool,
    /// Process ops first to last (pre-order) rather than bottom-up.
    pub top_down: bool,
    pub region_simplify: RegionSimplify,
}

impl Default for GreedyConfig {
    fn default() -> Self {
        GreedyConfig {
            max_iterations: Some(10),
            max_rewrites: None,
            fold: true,
            cse_constants: true,
            top_down: false,
            region_simplify: RegionSimplify::Normal,
        }
    }
}

/// Why a run stopped before reaching a fixed point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotConverged {
    /// Every one of this many iterations changed the IR.
    Iterations(u32),
    /// The rewrite limit was reached in the given iteration.
    Rewrites { limit: u64, iteration: u32 },
}

/// What a greedy run did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GreedyOutcome {
    /// `None` when the last iteration changed nothing.
    pub not_converged: Option<NotConverged>,
    /// Whether the IR changed at all.
    pub changed: bool,
    pub iterations: u32,
    /// Successful pattern applications.
    pub rewrites: u64,
    /// Ops folded (replaced by constants or existing values, or reordered in place).
    pub folds: u64,
    /// Ops erased because they were dead.
    pub dead_ops: u64,
    /// Constant ops merged into an equal one.
    pub merged_constants: u64,
}

impl GreedyOutcome {
    pub fn converged(&self) -> bool {
        self.not_converged.is_none()
    }

    /// `Ok` when the run converged, else an error at `root`:
    /// "`what` did not converge after N iterations".
    pub fn check(&self, what: &str, ctx: &Context, root: OpId) -> Result<(), Diagnostic> {
        let message = match self.not_converged {
            None => return Ok(()),
            Some(NotConverged::Iterations(n)) => {
                format!("{what} did not converge after {n} iterations")
            }
            Some(NotConverged::Rewrites { limit, iteration }) => format!(
                "{what} did not converge: iteration {iteration} reached the limit of {limit} \
                 rewrites (patterns that undo each other?)"
            ),
        };
        Err(ctx.op_error(root, message))
    }
}

/// Simplify the regions of `root` (not `root` itself) with folding and `patterns`.
pub fn apply_patterns_greedily(
    ctx: &mut Context,
    root: OpId,
    patterns: &FrozenPatternSet,
    config: &GreedyConfig,
) -> GreedyOutcome {
    let mut out = GreedyOutcome::default();
    let mut wl = Worklist {
        root,
        list: Vec::new(),
        queued: Vec::new(),
        has_cfg: false,
    };
    loop {
        if config.max_iterations.is_some_and(|m| out.iterations >= m) {
            out.not_converged = Some(NotConverged::Iterations(out.iterations));
            break;
        }
        out.iterations += 1;
        wl.clear();
        fill_worklist(ctx, &mut wl, config, &mut out);
        // As MLIR: unreachable blocks go before the worklist is processed
        // (their queued ops are skipped as erased). Without multi-block
        // regions there is nothing to walk for.
        let mut changed = wl.has_cfg && erase_unreachable_blocks(ctx, root) > 0;
        let limit = config
            .max_rewrites
            .unwrap_or(64 * wl.list.len() as u64 + 4096);
        let (worked, hit_limit) = process(ctx, &mut wl, patterns, config, limit, &mut out);
        changed |= worked;
        if hit_limit && config.max_rewrites.is_none() {
            // The safety limit: going on would only repeat the cycle.
            out.not_converged = Some(NotConverged::Rewrites {
                limit,
                iteration: out.iterations,
            });
            out.changed = true;
            return out;
        }
        if config.region_simplify == RegionSimplify::Normal {
            changed |= simplify_regions(ctx, root, wl.has_cfg, &mut out);
        }
        out.changed |= changed;
        if !changed {
            break;
        }
    }
    out
}

/// A LIFO worklist with set semantics; erased ops are skipped when popped.
struct Worklist {
    root: OpId,
    list: Vec<OpId>,
    queued: Vec<bool>,
    /// The root holds a region of several blocks (seen when the worklist was
    /// filled), or a branch was inserted or changed since.
    has_cfg: bool,
}

impl Worklist {
    fn clear(&mut self) {
        for op in self.list.drain(..) {
            self.queued[op.index()] = false;
        }
    }

    fn push_one(&mut self, op: OpId) {
        let i = op.index();
        if i >= self.queued.len() {
            self.queued.resize((i + 1).next_power_of_two(), false);
        }
        if !self.queued[i] {
            self.queued[i] = true;
            self.list.push(op);
        }
    }

    /// Push `op` and its ancestors below the root (MLIR's `addToWorklist`);
    /// ops outside the root are ignored.
    fn push(&mut self, ctx: &Context, op: OpId) {
        let mut chain: SmallVec<[OpId; 4]> = SmallVec::new();
        let mut cur = op;
        loop {
            chain.push(cur);
            let Some(parent) = ctx.parent_op(cur) else {
                return;
            };
            if parent == self.root {
                break;
            }
            cur = parent;
        }
        for op in chain {
            self.push_one(op);
        }
    }

    fn pop(&mut self) -> Option<OpId> {
        let op = self.list.pop()?;
        self.queued[op.index()] = false;
        Some(op)
    }

    /// The defining ops of `op`'s operands that will have at most one other
    /// user left once `op` is gone: they may die or simplify.
    fn push_operand_defs(&mut self, ctx: &Context, op: OpId) {
        for &v in ctx.operands(op) {
            let Some(def) = ctx.defining_op(v) else {
                continue;
            };
            let mut other = None;
            let mut many = false;
            for u in ctx.uses(v) {
                if u.op == op || Some(u.op) == other {
                    continue;
                }
                if other.is_none() {
                    other = Some(u.op);
                } else {
                    many = true;
                    break;
                }
            }
            if !many {
                self.push(ctx, def);
            }
        }
    }
}

impl RewriteListener for Worklist {
    fn op_inserted(&mut self, ctx: &Context, op: OpId) {
        self.has_cfg |= !ctx.successors(op).is_empty();
        self.push(ctx, op);
    }
    fn op_modified(&mut self, ctx: &Context, op: OpId) {
        self.has_cfg |= !ctx.successors(op).is_empty();
        self.push(ctx, op);
    }
    fn op_erased(&mut self, ctx: &Context, op: OpId) {
        self.push_operand_defs(ctx, op);
    }
}

/// The value of a `ConstantLike` op: its folder's answer, else its `value`.
pub fn constant_op_value(ctx: &Context, op: OpId) -> Option<Attr> {
    let info = ctx.op_info(op)?;
    if !info.has(Traits::CONSTANT_LIKE) {
        return None;
    }
    if let Some(fold) = info.fold
        && let Some(r) = fold(ctx, op, &[])
        && let [FoldResult::Attr(a)] = r.as_slice()
    {
        return Some(*a);
    }
    ctx.prop(op, "value")
}

/// The constant behind `v`, when a `ConstantLike` op defines it.
pub fn constant_of(ctx: &Context, v: ValueId) -> Option<Attr> {
    constant_op_value(ctx, ctx.defining_op(v)?)
}

/// Constants seen at the start of an iteration, per insertion region.
#[derive(Default)]
struct ConstantFolder {
    known: FxHashMap<(RegionId, &'static str, Attr, Type), OpId>,
    owned: FxHashSet<OpId>,
}

/// The region constants of `block` are hoisted into: the nearest one whose
/// parent op is isolated from above, unregistered, or at the top level.
fn insertion_region(ctx: &Context, mut block: BlockId) -> Option<RegionId> {
    loop {
        let region = ctx.block_parent(block)?;
        let parent = ctx.region_parent(region)?;
        let isolated = ctx
            .op_info(parent)
            .is_none_or(|i| i.has(Traits::ISOLATED_FROM_ABOVE));
        match ctx.parent_block(parent) {
            Some(b) if !isolated => block = b,
            _ => return Some(region),
        }
    }
}

impl ConstantFolder {
    /// MLIR's `OperationFolder::insertKnownConstant`: keep `op` as the
    /// constant of its value (hoisted to the front of the insertion region's
    /// entry block, after the constants already there), or replace it with
    /// the equal constant seen before. Returns whether `op` survives.
    fn insert(&mut self, rw: &mut PatternRewriter<'_>, op: OpId, value: Attr) -> bool {
        let Some(block) = rw.parent_block(op) else {
            return true;
        };
        let Some(dialect) = rw.op_info(op).map(|i| i.dialect()) else {
            return true;
        };
        let Some(region) = insertion_region(rw, block) else {
            return true;
        };
        let ty = rw.value_type(rw.result(op, 0));
        let key = (region, dialect, value, ty);
        if let Some(&existing) = self.known.get(&key) {
            rw.replace_op(op, existing);
            return false;
        }
        let entry = rw.entry_block(region).expect("a region with blocks");
        let in_place = entry == block
            && match rw.prev_op(op) {
                None => true,
                Some(prev) => self.owned.contains(&prev),
            };
        if !in_place {
            let front = rw
                .first_op(entry)
                .expect("the entry block holds op's ancestor");
            rw.move_op_before(op, front);
        }
        self.known.insert(key, op);
        self.owned.insert(op);
        true
    }
}

/// Queue the ops under the root (post-order, or pre-order reversed for
/// top-down), deduplicating and hoisting constants on the way.
fn fill_worklist(
    ctx: &mut Context,
    wl: &mut Worklist,
    config: &GreedyConfig,
    out: &mut GreedyOutcome,
) {
    let root = wl.root;
    let mut ops = if config.top_down {
        ctx.walk_preorder(root)
    } else {
        ctx.walk_postorder(root)
    };
    let multi_block = |ctx: &Context, op: OpId| {
        ctx.regions(op)
            .iter()
            .any(|&r| ctx.region_blocks(r).len() > 1)
    };
    wl.has_cfg = multi_block(ctx, root);
    ops.retain(|&o| o != root);
    let mut folder = ConstantFolder::default();
    for op in ops {
        if ctx.is_erased(op) {
            continue;
        }
        wl.has_cfg |= multi_block(ctx, op);
        if config.cse_constants
            && let Some(value) = constant_op_value(ctx, op)
            && ctx.num_results(op) == 1
        {
            let mut rw = PatternRewriter::with_listener_before(ctx, wl, op);
            if !folder.insert(&mut rw, op, value) {
                out.merged_constants += 1;
                continue;
            }
        }
        wl.push(ctx, op);
    }
    if config.top_down {
        wl.list.reverse();
    }
}

/// Process the worklist; returns (changed, hit the rewrite limit).
fn process(
    ctx: &mut Context,
    wl: &mut Worklist,
    patterns: &FrozenPatternSet,
    config: &GreedyConfig,
    limit: u64,
    out: &mut GreedyOutcome,
) -> (bool, bool) {
    let mut changed = false;
    let mut rewrites = 0u64;
    let safety = config.max_rewrites.is_none();
    while let Some(op) = wl.pop() {
        if rewrites >= limit {
            return (changed, true);
        }
        if ctx.is_erased(op) || ctx.parent_block(op).is_none() {
            continue;
        }
        if ctx.is_trivially_dead(op) {
            PatternRewriter::with_listener_before(ctx, wl, op).erase_op(op);
            out.dead_ops += 1;
            changed = true;
            continue;
        }
        if config.fold && !ctx.op_has_trait(op, Traits::CONSTANT_LIKE) {
            let mut rw = PatternRewriter::with_listener_before(ctx, wl, op);
            if fold_op(&mut rw, op) {
                out.folds += 1;
                changed = true;
                if safety {
                    // Folds that undo each other count toward the safety limit too.
                    rewrites += 1;
                }
                continue;
            }
        }
        if patterns.is_empty() {
            continue;
        }
        let mut rw = PatternRewriter::with_listener_before(ctx, wl, op);
        if patterns.apply(op, &mut rw).is_some() {
            out.rewrites += 1;
            rewrites += 1;
            changed = true;
        }
    }
    (changed, false)
}

/// Fold `op` through its folder, then (for commutative ops) move constant
/// operands last, as MLIR's `foldCommutative`. Returns whether it changed.
pub fn fold_op(rw: &mut PatternRewriter<'_>, op: OpId) -> bool {
    let Some(info) = rw.op_info(op) else {
        return false;
    };
    let (fold, commutative, dialect) = (info.fold, info.has(Traits::COMMUTATIVE), info.dialect());
    let constants: SmallVec<[Option<Attr>; 4]> = rw
        .operands(op)
        .iter()
        .map(|&v| constant_of(rw, v))
        .collect();
    if let Some(fold) = fold
        && let Some(results) = fold(rw, op, &constants)
        && results.len() == rw.num_results(op)
        && !results
            .iter()
            .enumerate()
            .all(|(i, r)| *r == FoldResult::Value(rw.result(op, i)))
        && replace_with_fold_results(rw, op, dialect, &results)
    {
        return true;
    }
    if commutative && constants.len() >= 2 {
        let operands = rw.operands(op);
        let mut sorted: SmallVec<[ValueId; 4]> = SmallVec::new();
        sorted.extend(
            (0..operands.len())
                .filter(|&i| constants[i].is_none())
                .map(|i| operands[i]),
        );
        sorted.extend(
            (0..operands.len())
                .filter(|&i| constants[i].is_some())
                .map(|i| operands[i]),
        );
        if sorted.as_slice() != operands {
            rw.set_operands(op, &sorted);
            return true;
        }
    }
    false
}

/// Materialize the constants among `results` before `op` (through `op`'s
/// dialect, falling back to arith's as MLIR's math dialect does) and replace
/// `op`. When a constant cannot be built, nothing changes.
fn replace_with_fold_results(
    rw: &mut PatternRewriter<'_>,
    op: OpId,
    dialect: &str,
    results: &[FoldResult],
) -> bool {
    rw.set_insertion_point(InsertPoint::Before(op));
    let loc = rw.loc(op);
    let mut values: SmallVec<[ValueId; 2]> = SmallVec::new();
    let mut created: SmallVec<[OpId; 2]> = SmallVec::new();
    for (i, r) in results.iter().enumerate() {
        let ty = rw.value_type(rw.result(op, i));
        let v = match *r {
            FoldResult::Value(v) => Some(v),
            FoldResult::Attr(a) => rw
                .materialize_constant(dialect, a, ty, loc)
                .or_else(|| rw.materialize_constant("arith", a, ty, loc)),
        };
        let Some(v) = v else {
            for c in created {
                rw.erase_op(c);
            }
            return false;
        };
        if let FoldResult::Attr(_) = r
            && let Some(def) = rw.defining_op(v)
        {
            created.push(def);
        }
        values.push(v);
    }
    rw.replace_op_with_values(op, &values);
    true
}

/// Region simplification between iterations (MLIR's `simplifyRegions`
/// without block merging): unreachable blocks, dead ops (users first, and
/// producers again when their last user goes) and unused arguments of
/// non-entry blocks, until none is left. Dead ops are left behind by changes
/// the worklist does not follow (an operand dropped from a terminator leaves
/// its producer unused); without multi-block regions there are no blocks or
/// block arguments to look at.
fn simplify_regions(ctx: &mut Context, root: OpId, has_cfg: bool, out: &mut GreedyOutcome) -> bool {
    let mut changed = has_cfg && erase_unreachable_blocks(ctx, root) > 0;
    loop {
        let dead = erase_dead_ops(ctx, root);
        out.dead_ops += dead;
        let args = has_cfg && erase_dead_block_args(ctx, root);
        if dead == 0 && !args {
            return changed;
        }
        changed = true;
    }
}

/// Erase unused arguments of non-entry blocks whose predecessors all pass
/// their operands through the branch interface, with those operands.
fn erase_dead_block_args(ctx: &mut Context, root: OpId) -> bool {
    let mut changed = false;
    for op in ctx.walk_preorder(root) {
        if ctx.is_erased(op) {
            continue;
        }
        for region in ctx.regions(op).to_vec() {
            let blocks = ctx.region_blocks(region).to_vec();
            for &block in blocks.iter().skip(1) {
                changed |= erase_dead_args_of(ctx, region, block);
            }
        }
    }
    changed
}

fn erase_dead_args_of(ctx: &mut Context, region: RegionId, block: BlockId) -> bool {
    let dead: Vec<usize> = (0..ctx.block_args(block).len())
        .filter(|&i| !ctx.has_uses(ctx.block_arg(block, i)))
        .collect();
    if dead.is_empty() {
        return false;
    }
    // Every edge into `block` (terminator, successor index) must forward
    // exactly one operand per argument through the branch interface.
    let mut edges = Vec::new();
    for &pred in ctx.region_blocks(region) {
        let Some(term) = ctx.last_op(pred) else {
            continue;
        };
        for (s, &succ) in ctx.successors(term).iter().enumerate() {
            if succ != block {
                continue;
            }
            match forwarded(ctx, term, s) {
                Some(range) if range.len() == ctx.block_args(block).len() => edges.push((term, s)),
                _ => return false,
            }
        }
    }
    // From the last argument down; each removal re-reads the ranges, which
    // shift when one terminator has several edges.
    for &i in dead.iter().rev() {
        for &(term, s) in &edges {
            let start = forwarded(ctx, term, s).expect("checked above").start;
            remove_operand(ctx, term, start + i);
        }
        ctx.erase_block_arg(block, i);
    }
    true
}

fn forwarded(ctx: &Context, term: OpId, succ: usize) -> Option<std::ops::Range<usize>> {
    let f = ctx.op_info(term)?.successor_operands?;
    Some(f(ctx, term, succ))
}

/// Remove operand `index` of `op`, shrinking the `operandSegmentSizes` group
/// that holds it.
fn remove_operand(ctx: &mut Context, op: OpId, index: usize) {
    let mut operands = ctx.operands(op).to_vec();
    operands.remove(index);
    ctx.set_operands(op, &operands);
    let Some(seg) = ctx.prop(op, "operandSegmentSizes") else {
        return;
    };
    let Some(sizes) = ctx.attr_dense_array(seg) else {
        return;
    };
    let mut sizes: Vec<i32> = sizes.iter().map(|&s| s as i32).collect();
    let mut start = 0usize;
    for s in sizes.iter_mut() {
        if index < start + *s as usize {
            *s -= 1;
            break;
        }
        start += *s as usize;
    }
    let attr = ctx.dense_i32_array(&sizes);
    ctx.set_prop(op, "operandSegmentSizes", Some(attr));
}
