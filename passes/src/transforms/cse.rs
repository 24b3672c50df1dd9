//! `cse`: common subexpression elimination, as MLIR's CSE pass does it.
//!
//! Known ops live in a scoped hash table that follows the dominator tree: a
//! single-block region is one scope; a multi-block region is walked over its
//! dominator tree, one scope per block, so an op is only replaced by an
//! equivalent op in a dominating block. Nested regions see the scopes of the
//! ops around them, except under `IsolatedFromAbove` ops (functions), which
//! start an empty table. Blocks unreachable from the entry are not visited.
//!
//! Two ops are equivalent when their names, operands (in any order for
//! `Commutative` ops), result types, properties and discardable attributes are
//! equal and their regions (if any) are structurally equal; locations are
//! ignored. Only ops without memory effects are merged, plus MLIR's rule for
//! ops that only read: a read is replaced by an identical earlier read of the
//! same block when no op between them may write. Trivially dead ops met on the
//! way are erased (`num-dce'd`); terminators and ops holding multi-block
//! regions are left alone.
//!
//! Differences from MLIR: in graph regions (module bodies, unregistered ops)
//! MLIR replaces only the uses not yet visited; cuwasm replaces all of them
//! (there is no dominance to break), and treats each block of a multi-block
//! graph region as its own scope. The walk uses an explicit stack, so deep
//! nesting never overflows.

use super::utils::{DomTree, has_ssa_dominance};
use crate::{Pass, PassInfo, PassOptions, PassState};
use cuwasm::{Context, Diagnostic, EffectKind, OpId, RegionId, Traits, ValueId};
use rustc_hash::{FxHashMap, FxHasher};
use smallvec::SmallVec;
use std::hash::{Hash, Hasher};

pub const INFO: PassInfo = PassInfo {
    name: "cse",
    description: "Eliminate common subexpressions (region- and dominance-aware, memory-effect aware)",
    anchor: None,
    options: &[],
    create: |_: &PassOptions| Ok(Box::new(Cse)),
};

struct Cse;

impl Pass for Cse {
    fn run(&self, ctx: &mut Context, op: OpId, state: &mut PassState) -> Result<(), Diagnostic> {
        let (cse, dce) = eliminate_common_subexpressions(ctx, op);
        state.stat("num-cse'd", cse);
        state.stat("num-dce'd", dce);
        Ok(())
    }
}

/// Run CSE on the regions of `root`; returns (ops merged, dead ops erased).
pub fn eliminate_common_subexpressions(ctx: &mut Context, root: OpId) -> (u64, u64) {
    let mut driver = Driver::default();
    driver.run(ctx, root);
    let erased = driver.to_erase.len();
    for op in std::mem::take(&mut driver.to_erase) {
        if !ctx.is_erased(op) {
            ctx.erase_op(op);
        }
    }
    debug_assert_eq!(erased as u64, driver.num_cse + driver.num_dce);
    (driver.num_cse, driver.num_dce)
}

/// A scoped table of known ops by structural hash. Each bucket holds the ops
/// with that hash, newest last; leaving a scope pops what it pushed.
#[derive(Default)]
struct ScopedTable {
    map: FxHashMap<u64, SmallVec<[OpId; 1]>>,
    log: Vec<u64>,
    scopes: Vec<usize>,
}

impl ScopedTable {
    fn push_scope(&mut self) {
        self.scopes.push(self.log.len());
    }
    fn pop_scope(&mut self) {
        let start = self.scopes.pop().expect("unbalanced scopes");
        for h in self.log.drain(start..).rev() {
            let bucket = self.map.get_mut(&h).expect("logged hash is in the table");
            bucket.pop();
            if bucket.is_empty() {
                self.map.remove(&h);
            }
        }
    }
    fn insert(&mut self, hash: u64, op: OpId) {
        self.map.entry(hash).or_default().push(op);
        self.log.push(hash);
    }
    /// The newest known op equivalent to `op`.
    fn lookup(&self, ctx: &Context, hash: u64, op: OpId) -> Option<OpId> {
        let bucket = self.map.get(&hash)?;
        bucket
            .iter()
            .rev()
            .copied()
            .find(|&known| known != op && equivalent(ctx, known, op))
    }
}

enum Task {
    Region(RegionId),
    /// A dominator-tree node of `trees[tree]`.
    DomNode {
        tree: usize,
        node: usize,
        ssa: bool,
    },
    /// Continue with the ops of a block from `next`.
    Block {
        next: Option<OpId>,
        ssa: bool,
    },
    /// Simplify an op whose regions have been processed.
    Op {
        op: OpId,
        ssa: bool,
    },
    PushScope,
    PopScope,
    /// Enter / leave an `IsolatedFromAbove` op: a fresh table.
    PushTable,
    PopTable,
}

#[derive(Default)]
struct Driver {
    table: ScopedTable,
    saved: Vec<ScopedTable>,
    trees: Vec<DomTree>,
    to_erase: Vec<OpId>,
    num_cse: u64,
    num_dce: u64,
    /// For a read op: how far the scan for writes after it got, and whether it found one.
    write_scan: FxHashMap<OpId, (OpId, bool)>,
}

impl Driver {
    fn run(&mut self, ctx: &mut Context, root: OpId) {
        let mut stack: Vec<Task> = Vec::new();
        for &r in ctx.regions(root).iter().rev() {
            stack.push(Task::Region(r));
        }
        while let Some(task) = stack.pop() {
            match task {
                Task::Region(r) => self.enter_region(ctx, r, &mut stack),
                Task::DomNode { tree, node, ssa } => {
                    stack.push(Task::PopScope);
                    for &c in self.trees[tree].children(node).iter().rev() {
                        stack.push(Task::DomNode { tree, node: c, ssa });
                    }
                    let block = self.trees[tree].blocks[node];
                    stack.push(Task::Block {
                        next: ctx.first_op(block),
                        ssa,
                    });
                    stack.push(Task::PushScope);
                }
                Task::Block { next, ssa } => self.block(ctx, next, ssa, &mut stack),
                Task::Op { op, ssa } => self.simplify(ctx, op, ssa),
                Task::PushScope => self.table.push_scope(),
                Task::PopScope => self.table.pop_scope(),
                Task::PushTable => {
                    let outer = std::mem::take(&mut self.table);
                    self.saved.push(outer);
                }
                Task::PopTable => self.table = self.saved.pop().expect("unbalanced tables"),
            }
        }
    }

    fn enter_region(&mut self, ctx: &Context, r: RegionId, stack: &mut Vec<Task>) {
        let blocks = ctx.region_blocks(r);
        let ssa = has_ssa_dominance(ctx, r);
        if blocks.len() == 1 || (!ssa && !blocks.is_empty()) {
            // One scope per block: the whole region when it has one block,
            // each block on its own in a multi-block graph region.
            for &b in blocks.iter().rev() {
                stack.push(Task::PopScope);
                stack.push(Task::Block {
                    next: ctx.first_op(b),
                    ssa,
                });
                stack.push(Task::PushScope);
            }
        } else if !blocks.is_empty() {
            self.trees.push(DomTree::new(ctx, r));
            stack.push(Task::DomNode {
                tree: self.trees.len() - 1,
                node: 0,
                ssa,
            });
        }
    }

    /// Simplify ops from `next` to the end of the block, stopping at the first
    /// op with regions: its regions are pushed, then the op, then the rest of the block.
    fn block(
        &mut self,
        ctx: &mut Context,
        mut next: Option<OpId>,
        ssa: bool,
        stack: &mut Vec<Task>,
    ) {
        while let Some(op) = next {
            next = ctx.next_op(op);
            let regions = ctx.regions(op);
            if regions.is_empty() {
                self.simplify(ctx, op, ssa);
                continue;
            }
            stack.push(Task::Block { next, ssa });
            stack.push(Task::Op { op, ssa });
            let isolated = ctx.op_has_trait(op, Traits::ISOLATED_FROM_ABOVE);
            if isolated {
                stack.push(Task::PopTable);
            }
            for &r in regions.iter().rev() {
                stack.push(Task::Region(r));
            }
            if isolated {
                stack.push(Task::PushTable);
            }
            return;
        }
    }

    fn simplify(&mut self, ctx: &mut Context, op: OpId, ssa: bool) {
        if ctx.op_has_trait(op, Traits::TERMINATOR) {
            return;
        }
        if ctx.is_trivially_dead(op) {
            self.to_erase.push(op);
            self.num_dce += 1;
            return;
        }
        if ctx
            .regions(op)
            .iter()
            .any(|r| ctx.region_blocks(*r).len() > 1)
        {
            return;
        }
        let Some(effects) = ctx.op_effects_recursive(op) else {
            return;
        };
        let hash = op_hash(ctx, op);
        if effects.is_empty() {
            match self.table.lookup(ctx, hash, op) {
                Some(existing) => self.replace(ctx, op, existing, ssa),
                None => self.table.insert(hash, op),
            }
            return;
        }
        if !effects.iter().all(|e| e.kind == EffectKind::Read) {
            return;
        }
        if let Some(existing) = self.table.lookup(ctx, hash, op)
            && ctx.parent_block(existing) == ctx.parent_block(op)
            && !self.write_between(ctx, existing, op)
        {
            self.replace(ctx, op, existing, ssa);
            return;
        }
        self.table.insert(hash, op);
    }

    /// Replace `op` by the equivalent `existing` and schedule `op` for erasure.
    fn replace(&mut self, ctx: &mut Context, op: OpId, existing: OpId, _ssa: bool) {
        let results: SmallVec<[(ValueId, ValueId); 2]> =
            ctx.results(op).zip(ctx.results(existing)).collect();
        for (from, to) in results {
            ctx.replace_all_uses(from, to);
        }
        let unknown = ctx.unknown_loc();
        if ctx.loc(existing) == unknown && ctx.loc(op) != unknown {
            let loc = ctx.loc(op);
            ctx.set_loc(existing, loc);
        }
        self.to_erase.push(op);
        self.num_cse += 1;
    }

    /// May an op strictly between `from` and `to` (same block) write memory?
    /// Ops with unknown effects count as writing. Scans are cached per `from`.
    fn write_between(&mut self, ctx: &Context, from: OpId, to: OpId) -> bool {
        let (mut cur, found) = self.write_scan.get(&from).copied().unwrap_or((from, false));
        if found {
            return true;
        }
        if cur == from {
            match ctx.next_op(from) {
                Some(n) => cur = n,
                None => return false,
            }
        }
        loop {
            if cur == to {
                self.write_scan.insert(from, (to, false));
                return false;
            }
            let writes = ctx
                .op_effects_recursive(cur)
                .is_none_or(|e| e.iter().any(|e| e.kind == EffectKind::Write));
            if writes {
                self.write_scan.insert(from, (cur, true));
                return true;
            }
            match ctx.next_op(cur) {
                Some(n) => cur = n,
                None => {
                    self.write_scan.insert(from, (cur, false));
                    return false;
                }
            }
        }
    }
}

/// A hash of what makes two ops equivalent (regions excluded: they are compared, not hashed).
fn op_hash(ctx: &Context, op: OpId) -> u64 {
    let mut h = FxHasher::default();
    ctx.op_name_of(op).hash(&mut h);
    ctx.properties(op).hash(&mut h);
    ctx.attributes(op).hash(&mut h);
    let operands = ctx.operands(op);
    if ctx.op_has_trait(op, Traits::COMMUTATIVE) && operands.len() > 1 {
        let mut sorted: SmallVec<[ValueId; 4]> = operands.iter().copied().collect();
        sorted.sort_unstable();
        sorted.hash(&mut h);
    } else {
        operands.hash(&mut h);
    }
    for r in ctx.results(op) {
        ctx.value_type(r).hash(&mut h);
    }
    ctx.regions(op).len().hash(&mut h);
    h.finish()
}

/// Are `a` and `b` equivalent (ignoring locations)?
pub fn equivalent(ctx: &Context, a: OpId, b: OpId) -> bool {
    if !same_shell(ctx, a, b) {
        return false;
    }
    let (oa, ob) = (ctx.operands(a), ctx.operands(b));
    let operands_equal = if oa == ob {
        true
    } else if ctx.op_has_trait(a, Traits::COMMUTATIVE) {
        let mut sa: SmallVec<[ValueId; 4]> = oa.iter().copied().collect();
        let mut sb: SmallVec<[ValueId; 4]> = ob.iter().copied().collect();
        sa.sort_unstable();
        sb.sort_unstable();
        sa == sb
    } else {
        false
    };
    operands_equal && (ctx.regions(a).is_empty() || regions_equivalent(ctx, a, b))
}

/// Name, properties, attributes, result types, region and successor counts.
fn same_shell(ctx: &Context, a: OpId, b: OpId) -> bool {
    ctx.op_name_of(a) == ctx.op_name_of(b)
        && ctx.properties(a) == ctx.properties(b)
        && ctx.attributes(a) == ctx.attributes(b)
        && ctx.num_results(a) == ctx.num_results(b)
        && ctx.num_operands(a) == ctx.num_operands(b)
        && ctx.regions(a).len() == ctx.regions(b).len()
        && ctx.successors(a).len() == ctx.successors(b).len()
        && ctx
            .results(a)
            .zip(ctx.results(b))
            .all(|(x, y)| ctx.value_type(x) == ctx.value_type(y))
}

/// Structural equality of the regions of `a` and `b`: same blocks with the
/// same argument types, and equivalent ops whose operands are equal or
/// correspond (values defined inside the regions), as MLIR's OperationEquivalence.
fn regions_equivalent(ctx: &Context, a: OpId, b: OpId) -> bool {
    let mut values: FxHashMap<ValueId, ValueId> = FxHashMap::default();
    let mut blocks = FxHashMap::default();
    let mut work: Vec<(RegionId, RegionId)> = ctx
        .regions(a)
        .iter()
        .copied()
        .zip(ctx.regions(b).iter().copied())
        .collect();
    while let Some((ra, rb)) = work.pop() {
        let (ba, bb) = (ctx.region_blocks(ra), ctx.region_blocks(rb));
        if ba.len() != bb.len() {
            return false;
        }
        for (&x, &y) in ba.iter().zip(bb) {
            let (xa, ya) = (ctx.block_args(x), ctx.block_args(y));
            if xa.len() != ya.len() {
                return false;
            }
            for (&p, &q) in xa.iter().zip(ya) {
                if ctx.value_type(p) != ctx.value_type(q) {
                    return false;
                }
                values.insert(p, q);
            }
            blocks.insert(x, y);
        }
        for (&x, &y) in ba.iter().zip(bb) {
            let mut ops_a = ctx.block_ops(x);
            let mut ops_b = ctx.block_ops(y);
            loop {
                let (p, q) = match (ops_a.next(), ops_b.next()) {
                    (None, None) => break,
                    (Some(p), Some(q)) => (p, q),
                    _ => return false,
                };
                if !same_shell(ctx, p, q) {
                    return false;
                }
                let operands_match = ctx
                    .operands(p)
                    .iter()
                    .zip(ctx.operands(q))
                    .all(|(u, v)| values.get(u).copied().unwrap_or(*u) == *v);
                let successors_match = ctx
                    .successors(p)
                    .iter()
                    .zip(ctx.successors(q))
                    .all(|(s, t)| blocks.get(s) == Some(t));
                if !operands_match || !successors_match {
                    return false;
                }
                for (u, v) in ctx.results(p).zip(ctx.results(q)) {
                    values.insert(u, v);
                }
                work.extend(
                    ctx.regions(p)
                        .iter()
                        .copied()
                        .zip(ctx.regions(q).iter().copied()),
                );
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::super::utils::testing::{check, run_with_stats};

    const FN: &str = "builtin.module(func.func(cse))";
    const MODULE: &str = "builtin.module(cse)";

    // Same output as mlir-opt-22: commutative operands, properties, nested regions,
    // one round of dead-op removal (the unused addi goes, the muli it used stays).
    #[test]
    fn matches_mlir_pure_ops() {
        let input = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (i32, i32, i1) -> (i32, i32, i32), sym_name = "f"}> ({
  ^bb0(%arg0: i32, %arg1: i32, %arg2: i1):
    %0 = "arith.addi"(%arg0, %arg1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %1 = "arith.addi"(%arg1, %arg0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %2 = "arith.subi"(%arg0, %arg1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %3 = "arith.subi"(%arg1, %arg0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %4 = "arith.addi"(%arg0, %arg1) <{overflowFlags = #arith.overflow<nsw>}> : (i32, i32) -> i32
    %5 = "arith.muli"(%0, %1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %6 = "arith.addi"(%5, %2) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %7 = "arith.addi"(%6, %3) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %8 = "arith.muli"(%arg0, %arg0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %9 = "arith.addi"(%8, %8) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %10 = "scf.if"(%arg2) ({
      %15 = "arith.constant"() <{value = 1 : i32}> : () -> i32
      %16 = "arith.addi"(%arg0, %arg1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      %17 = "arith.addi"(%16, %15) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%17) : (i32) -> ()
    }, {
      %14 = "arith.constant"() <{value = 1 : i32}> : () -> i32
      "scf.yield"(%14) : (i32) -> ()
    }) : (i1) -> i32
    %11 = "arith.constant"() <{value = 1 : i32}> : () -> i32
    %12 = "arith.addi"(%10, %11) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %13 = "arith.addi"(%7, %12) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "func.return"(%13, %4, %4) : (i32, i32, i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        let expected = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (i32, i32, i1) -> (i32, i32, i32), sym_name = "f"}> ({
  ^bb0(%arg0: i32, %arg1: i32, %arg2: i1):
    %0 = "arith.addi"(%arg0, %arg1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %1 = "arith.subi"(%arg0, %arg1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %2 = "arith.subi"(%arg1, %arg0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %3 = "arith.addi"(%arg0, %arg1) <{overflowFlags = #arith.overflow<nsw>}> : (i32, i32) -> i32
    %4 = "arith.muli"(%0, %0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %5 = "arith.addi"(%4, %1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %6 = "arith.addi"(%5, %2) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %7 = "arith.muli"(%arg0, %arg0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %8 = "scf.if"(%arg2) ({
      %13 = "arith.constant"() <{value = 1 : i32}> : () -> i32
      %14 = "arith.addi"(%0, %13) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%14) : (i32) -> ()
    }, {
      %12 = "arith.constant"() <{value = 1 : i32}> : () -> i32
      "scf.yield"(%12) : (i32) -> ()
    }) : (i1) -> i32
    %9 = "arith.constant"() <{value = 1 : i32}> : () -> i32
    %10 = "arith.addi"(%8, %9) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %11 = "arith.addi"(%6, %10) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "func.return"(%11, %3, %3) : (i32, i32, i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        check(FN, input, expected);
    }

    // Same output as mlir-opt-22: a read merges with an earlier read of the same
    // block unless a write lies between; across blocks the dominator tree decides.
    #[test]
    fn matches_mlir_reads_and_cfg() {
        let input = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (i32, i1, !ptr.ptr<#ptr.generic_space>) -> i32, sym_name = "cfg"}> ({
  ^bb0(%arg1: i32, %arg2: i1, %arg3: !ptr.ptr<#ptr.generic_space>):
    %3 = "arith.muli"(%arg1, %arg1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %4 = "ptr.load"(%arg3) <{alignment = [], invariant = false, invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (!ptr.ptr<#ptr.generic_space>) -> i32
    %5 = "ptr.load"(%arg3) <{alignment = [], invariant = false, invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (!ptr.ptr<#ptr.generic_space>) -> i32
    %6 = "arith.addi"(%4, %5) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "ptr.store"(%6, %arg3) <{alignment = [], invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
    %7 = "ptr.load"(%arg3) <{alignment = [], invariant = false, invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (!ptr.ptr<#ptr.generic_space>) -> i32
    "cf.cond_br"(%arg2)[^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
  ^bb1:  // pred: ^bb0
    %8 = "arith.muli"(%arg1, %arg1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %9 = "ptr.load"(%arg3) <{alignment = [], invariant = false, invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (!ptr.ptr<#ptr.generic_space>) -> i32
    %10 = "arith.addi"(%8, %9) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "cf.br"(%10)[^bb3] : (i32) -> ()
  ^bb2:  // pred: ^bb0
    %11 = "arith.muli"(%arg1, %arg1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %12 = "arith.addi"(%11, %arg1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "cf.br"(%12)[^bb3] : (i32) -> ()
  ^bb3(%13: i32):  // 2 preds: ^bb1, ^bb2
    %14 = "arith.addi"(%3, %arg1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %15 = "arith.muli"(%arg1, %arg1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %16 = "arith.addi"(%13, %15) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %17 = "arith.addi"(%16, %7) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "func.return"(%17) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "iso"}> ({
  ^bb0(%arg0: i32):
    %0 = "arith.constant"() <{value = 7 : i32}> : () -> i32
    %1 = "arith.constant"() <{value = 7 : i32}> : () -> i32
    %2 = "arith.addi"(%0, %1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "func.return"(%2) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        let expected = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (i32, i1, !ptr.ptr<#ptr.generic_space>) -> i32, sym_name = "cfg"}> ({
  ^bb0(%arg1: i32, %arg2: i1, %arg3: !ptr.ptr<#ptr.generic_space>):
    %2 = "arith.muli"(%arg1, %arg1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %3 = "ptr.load"(%arg3) <{alignment = [], invariant = false, invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (!ptr.ptr<#ptr.generic_space>) -> i32
    %4 = "arith.addi"(%3, %3) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "ptr.store"(%4, %arg3) <{alignment = [], invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
    %5 = "ptr.load"(%arg3) <{alignment = [], invariant = false, invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (!ptr.ptr<#ptr.generic_space>) -> i32
    "cf.cond_br"(%arg2)[^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
  ^bb1:  // pred: ^bb0
    %6 = "ptr.load"(%arg3) <{alignment = [], invariant = false, invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (!ptr.ptr<#ptr.generic_space>) -> i32
    %7 = "arith.addi"(%2, %6) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "cf.br"(%7)[^bb3] : (i32) -> ()
  ^bb2:  // pred: ^bb0
    %8 = "arith.addi"(%2, %arg1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "cf.br"(%8)[^bb3] : (i32) -> ()
  ^bb3(%9: i32):  // 2 preds: ^bb1, ^bb2
    %10 = "arith.addi"(%9, %2) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %11 = "arith.addi"(%10, %5) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "func.return"(%11) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "iso"}> ({
  ^bb0(%arg0: i32):
    %0 = "arith.constant"() <{value = 7 : i32}> : () -> i32
    %1 = "arith.addi"(%0, %0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "func.return"(%1) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        check(FN, input, expected);
    }

    // Same output as mlir-opt-22: ops with equal regions merge; loops with
    // writes keep later reads apart.
    #[test]
    fn matches_mlir_ops_with_regions() {
        let input = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (i32, i1) -> (i32, i32), sym_name = "regions"}> ({
  ^bb0(%arg9: i32, %arg10: i1):
    %13 = "scf.if"(%arg10) ({
      %20 = "arith.addi"(%arg9, %arg9) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%20) : (i32) -> ()
    }, {
      "scf.yield"(%arg9) : (i32) -> ()
    }) : (i1) -> i32
    %14 = "scf.if"(%arg10) ({
      %19 = "arith.addi"(%arg9, %arg9) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%19) : (i32) -> ()
    }, {
      "scf.yield"(%arg9) : (i32) -> ()
    }) : (i1) -> i32
    %15 = "scf.if"(%arg10) ({
      %17 = "arith.addi"(%arg9, %arg9) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      %18 = "arith.addi"(%17, %arg9) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%18) : (i32) -> ()
    }, {
      "scf.yield"(%arg9) : (i32) -> ()
    }) : (i1) -> i32
    %16 = "arith.addi"(%13, %14) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "func.return"(%16, %15) : (i32, i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (index, index, index, !ptr.ptr<#ptr.generic_space>) -> (i32, i32), sym_name = "loop"}> ({
  ^bb0(%arg0: index, %arg1: index, %arg2: index, %arg3: !ptr.ptr<#ptr.generic_space>):
    %0 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    %1 = "scf.for"(%arg0, %arg1, %arg2, %0) ({
    ^bb0(%arg7: index, %arg8: i32):
      %11 = "arith.constant"() <{value = 1 : i32}> : () -> i32
      %12 = "arith.addi"(%arg8, %11) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%12) : (i32) -> ()
    }) : (index, index, index, i32) -> i32
    %2 = "scf.for"(%arg0, %arg1, %arg2, %0) ({
    ^bb0(%arg5: index, %arg6: i32):
      %9 = "arith.constant"() <{value = 1 : i32}> : () -> i32
      %10 = "arith.addi"(%arg6, %9) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%10) : (i32) -> ()
    }) : (index, index, index, i32) -> i32
    %3 = "ptr.load"(%arg3) <{alignment = [], invariant = false, invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (!ptr.ptr<#ptr.generic_space>) -> i32
    "scf.for"(%arg0, %arg1, %arg2) ({
    ^bb0(%arg4: index):
      %8 = "ptr.load"(%arg3) <{alignment = [], invariant = false, invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (!ptr.ptr<#ptr.generic_space>) -> i32
      "ptr.store"(%8, %arg3) <{alignment = [], invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      "scf.yield"() : () -> ()
    }) : (index, index, index) -> ()
    %4 = "ptr.load"(%arg3) <{alignment = [], invariant = false, invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (!ptr.ptr<#ptr.generic_space>) -> i32
    %5 = "ptr.load"(%arg3) <{alignment = [], invariant = false, invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (!ptr.ptr<#ptr.generic_space>) -> i32
    %6 = "arith.addi"(%4, %5) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %7 = "arith.addi"(%6, %3) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "func.return"(%1, %7) : (i32, i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        let expected = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (i32, i1) -> (i32, i32), sym_name = "regions"}> ({
  ^bb0(%arg7: i32, %arg8: i1):
    %9 = "scf.if"(%arg8) ({
      %14 = "arith.addi"(%arg7, %arg7) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%14) : (i32) -> ()
    }, {
      "scf.yield"(%arg7) : (i32) -> ()
    }) : (i1) -> i32
    %10 = "scf.if"(%arg8) ({
      %12 = "arith.addi"(%arg7, %arg7) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      %13 = "arith.addi"(%12, %arg7) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%13) : (i32) -> ()
    }, {
      "scf.yield"(%arg7) : (i32) -> ()
    }) : (i1) -> i32
    %11 = "arith.addi"(%9, %9) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "func.return"(%11, %10) : (i32, i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (index, index, index, !ptr.ptr<#ptr.generic_space>) -> (i32, i32), sym_name = "loop"}> ({
  ^bb0(%arg0: index, %arg1: index, %arg2: index, %arg3: !ptr.ptr<#ptr.generic_space>):
    %0 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    %1 = "scf.for"(%arg0, %arg1, %arg2, %0) ({
    ^bb0(%arg5: index, %arg6: i32):
      %7 = "arith.constant"() <{value = 1 : i32}> : () -> i32
      %8 = "arith.addi"(%arg6, %7) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%8) : (i32) -> ()
    }) : (index, index, index, i32) -> i32
    %2 = "ptr.load"(%arg3) <{alignment = [], invariant = false, invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (!ptr.ptr<#ptr.generic_space>) -> i32
    "scf.for"(%arg0, %arg1, %arg2) ({
    ^bb0(%arg4: index):
      %6 = "ptr.load"(%arg3) <{alignment = [], invariant = false, invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (!ptr.ptr<#ptr.generic_space>) -> i32
      "ptr.store"(%6, %arg3) <{alignment = [], invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      "scf.yield"() : () -> ()
    }) : (index, index, index) -> ()
    %3 = "ptr.load"(%arg3) <{alignment = [], invariant = false, invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (!ptr.ptr<#ptr.generic_space>) -> i32
    %4 = "arith.addi"(%3, %3) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %5 = "arith.addi"(%4, %2) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "func.return"(%1, %5) : (i32, i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        check(FN, input, expected);
    }

    // Same output as mlir-opt-22 with cse on the module: functions do not share
    // constants (IsolatedFromAbove); unused module-level constants are erased.
    #[test]
    fn isolated_functions_start_empty() {
        let input = r#"
"builtin.module"() ({
  %0 = "arith.constant"() <{value = 5 : i32}> : () -> i32
  %1 = "arith.constant"() <{value = 5 : i32}> : () -> i32
  "func.func"() <{function_type = () -> i32, sym_name = "a"}> ({
    %5 = "arith.constant"() <{value = 7 : i32}> : () -> i32
    "func.return"(%5) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = () -> i32, sym_name = "b"}> ({
    %2 = "arith.constant"() <{value = 7 : i32}> : () -> i32
    %3 = "arith.constant"() <{value = 7 : i32}> : () -> i32
    %4 = "arith.addi"(%2, %3) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "func.return"(%4) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        let expected = r#"
"builtin.module"() ({
  "func.func"() <{function_type = () -> i32, sym_name = "a"}> ({
    %2 = "arith.constant"() <{value = 7 : i32}> : () -> i32
    "func.return"(%2) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = () -> i32, sym_name = "b"}> ({
    %0 = "arith.constant"() <{value = 7 : i32}> : () -> i32
    %1 = "arith.addi"(%0, %0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "func.return"(%1) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        check(MODULE, input, expected);
    }

    // cuda.syncthreads has no effect summary: it may write, so the read after it
    // stays; the two reads after it merge.
    #[test]
    fn barriers_keep_reads_apart() {
        let input = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>) -> i32, sym_name = "barrier"}> ({
  ^bb0(%arg0: !ptr.ptr<#ptr.generic_space>):
    %0 = "ptr.load"(%arg0) <{ordering = 0 : i32}> : (!ptr.ptr<#ptr.generic_space>) -> i32
    "cuda.syncthreads"() : () -> ()
    %1 = "ptr.load"(%arg0) <{ordering = 0 : i32}> : (!ptr.ptr<#ptr.generic_space>) -> i32
    %2 = "ptr.load"(%arg0) <{ordering = 0 : i32}> : (!ptr.ptr<#ptr.generic_space>) -> i32
    %3 = "arith.addi"(%0, %1) : (i32, i32) -> i32
    %4 = "arith.addi"(%3, %2) : (i32, i32) -> i32
    "func.return"(%4) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        let expected = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>) -> i32, sym_name = "barrier"}> ({
  ^bb0(%arg0: !ptr.ptr<#ptr.generic_space>):
    %0 = "ptr.load"(%arg0) <{ordering = 0 : i32}> : (!ptr.ptr<#ptr.generic_space>) -> i32
    "cuda.syncthreads"() : () -> ()
    %1 = "ptr.load"(%arg0) <{ordering = 0 : i32}> : (!ptr.ptr<#ptr.generic_space>) -> i32
    %2 = "arith.addi"(%0, %1) : (i32, i32) -> i32
    %3 = "arith.addi"(%2, %1) : (i32, i32) -> i32
    "func.return"(%3) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        check(FN, input, expected);
    }

    #[test]
    fn statistics_count_merged_and_dead_ops() {
        let input = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (i32) -> i32, sym_name = "f"}> ({
  ^bb0(%arg0: i32):
    %0 = "arith.muli"(%arg0, %arg0) : (i32, i32) -> i32
    %1 = "arith.muli"(%arg0, %arg0) : (i32, i32) -> i32
    %2 = "arith.addi"(%0, %1) : (i32, i32) -> i32
    %3 = "arith.subi"(%0, %1) : (i32, i32) -> i32
    "func.return"(%2) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        let (out, stats) = run_with_stats(FN, input);
        assert_eq!(stats, "cse.num-cse'd: 1\ncse.num-dce'd: 1\n");
        assert!(out.contains(r#""arith.addi"(%0, %0)"#), "{out}");
        assert!(!out.contains("arith.subi"), "{out}");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let depth = 200;
        let mut text = String::from(
            "\"builtin.module\"() ({\n\"func.func\"() <{function_type = (i32) -> (), sym_name = \"f\"}> ({\n^bb0(%arg0: i32):\n",
        );
        for i in 0..depth {
            text += &format!(
                "\"scf.execute_region\"() ({{\n%a{i} = \"arith.muli\"(%arg0, %arg0) : (i32, i32) -> i32\n%b{i} = \"arith.muli\"(%arg0, %arg0) : (i32, i32) -> i32\n\"cuda.syncwarp\"(%a{i}) : (i32) -> ()\n\"cuda.syncwarp\"(%b{i}) : (i32) -> ()\n"
            );
        }
        for _ in 0..depth {
            text += "\"scf.yield\"() : () -> ()\n}) : () -> ()\n";
        }
        text += "\"func.return\"() : () -> ()\n}) : () -> ()\n}) : () -> ()\n";
        let (out, stats) = run_with_stats(FN, &text);
        // Only the outermost muli survives: every inner one is dominated by it.
        assert_eq!(out.matches("arith.muli").count(), 1);
        assert_eq!(
            stats,
            format!("cse.num-cse'd: {}\ncse.num-dce'd: 0\n", 2 * depth - 1)
        );
    }
}
