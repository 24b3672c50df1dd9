//! `dce`: dead code elimination.
//!
//! MLIR has no pass of this name: this one is a light `-remove-dead-values`.
//! Under the op it runs on (nested regions included) it
//!
//! 1. erases the blocks of multi-block regions that no path from the entry
//!    block reaches (the ops in them are dropped even if they have effects,
//!    because they never run);
//! 2. erases trivially dead ops: no result used, no memory effects (nested ops
//!    included, so a loop with a pure body and unused results goes too), not a
//!    terminator, not a symbol. Ops are visited users first (reverse order,
//!    nested ops before their parent), and an op whose last use disappears is
//!    visited again, so chains of dead ops go in one run.
//!
//! Block arguments, function arguments and results are left alone (MLIR's
//! `-remove-dead-values` also drops those). Statistics: `num-erased` (ops,
//! nested ones counted with their parent), `num-unreachable-blocks`.

use super::utils::{erase_blocks, has_ssa_dominance};
use crate::{Pass, PassInfo, PassOptions, PassState};
use cuwasm::{BlockId, Context, Diagnostic, OpId};
use rustc_hash::FxHashSet;

pub const INFO: PassInfo = PassInfo {
    name: "dce",
    description: "Erase trivially dead ops (iteratively) and unreachable blocks",
    anchor: None,
    options: &[],
    create: |_: &PassOptions| Ok(Box::new(Dce)),
};

struct Dce;

impl Pass for Dce {
    fn run(&self, ctx: &mut Context, op: OpId, state: &mut PassState) -> Result<(), Diagnostic> {
        let blocks = erase_unreachable_blocks(ctx, op);
        let ops = erase_dead_ops(ctx, op);
        state.stat("num-erased", ops);
        state.stat("num-unreachable-blocks", blocks);
        Ok(())
    }
}

/// The blocks of `block`'s region that no path from the entry reaches.
pub fn unreachable_blocks(ctx: &Context, region: cuwasm::RegionId) -> Vec<BlockId> {
    let blocks = ctx.region_blocks(region);
    if blocks.len() < 2 {
        return Vec::new();
    }
    let mut seen: FxHashSet<BlockId> = FxHashSet::default();
    let mut stack = vec![blocks[0]];
    seen.insert(blocks[0]);
    while let Some(b) = stack.pop() {
        for &s in ctx.block_successors(b) {
            if seen.insert(s) {
                stack.push(s);
            }
        }
    }
    blocks
        .iter()
        .copied()
        .filter(|b| !seen.contains(b))
        .collect()
}

/// Erase the unreachable blocks of every multi-block SSA region under `root`.
pub fn erase_unreachable_blocks(ctx: &mut Context, root: OpId) -> u64 {
    let mut erased = 0;
    for op in ctx.walk_preorder(root) {
        if ctx.is_erased(op) {
            continue;
        }
        for r in ctx.regions(op).to_vec() {
            if !has_ssa_dominance(ctx, r) {
                continue;
            }
            let dead = unreachable_blocks(ctx, r);
            erased += dead.len() as u64;
            erase_blocks(ctx, &dead);
        }
    }
    erased
}

/// Erase the trivially dead ops under `root` (not `root` itself) until none is left.
pub fn erase_dead_ops(ctx: &mut Context, root: OpId) -> u64 {
    let mut order = ctx.walk_preorder(root);
    order.remove(0);
    // Reverse pre-order: later ops before earlier ones, nested ops before their parent.
    let mut revisit: Vec<OpId> = Vec::new();
    let mut erased = 0;
    let mut next = order.len();
    loop {
        let op = match revisit.pop() {
            Some(op) => op,
            None if next > 0 => {
                next -= 1;
                order[next]
            }
            None => break,
        };
        if op == root || ctx.is_erased(op) || ctx.parent_block(op).is_none() {
            continue;
        }
        if !ctx.is_trivially_dead(op) {
            continue;
        }
        // The producers of everything this op (and its nested ops) uses may die with it.
        for inner in ctx.walk_preorder(op) {
            for &v in ctx.operands(inner) {
                if let Some(def) = ctx.defining_op(v)
                    && !ctx.is_ancestor(op, def)
                {
                    revisit.push(def);
                }
            }
        }
        ctx.erase_op(op);
        erased += 1;
    }
    erased
}

#[cfg(test)]
mod tests {
    use super::super::utils::testing::{check, run_with_stats};

    const FN: &str = "builtin.module(func.func(dce))";

    #[test]
    fn erases_chains_of_dead_ops_and_keeps_effects() {
        // As MLIR's isOpTriviallyDead: an unused read goes, a write stays.
        let input = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (i32, !ptr.ptr<#ptr.generic_space>) -> i32, sym_name = "f"}> ({
  ^bb0(%arg0: i32, %arg1: !ptr.ptr<#ptr.generic_space>):
    %0 = "arith.muli"(%arg0, %arg0) : (i32, i32) -> i32
    %1 = "arith.addi"(%0, %arg0) : (i32, i32) -> i32
    %2 = "arith.subi"(%1, %0) : (i32, i32) -> i32
    %3 = "ptr.load"(%arg1) <{ordering = 0 : i32}> : (!ptr.ptr<#ptr.generic_space>) -> i32
    %4 = "arith.divsi"(%arg0, %arg0) : (i32, i32) -> i32
    "ptr.store"(%arg0, %arg1) <{ordering = 0 : i32}> : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
    %5 = "cuda.thread_idx"() <{dimension = #cuda<dim x>}> : () -> i32
    "func.return"(%arg0) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        let expected = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (i32, !ptr.ptr<#ptr.generic_space>) -> i32, sym_name = "f"}> ({
  ^bb0(%arg0: i32, %arg1: !ptr.ptr<#ptr.generic_space>):
    "ptr.store"(%arg0, %arg1) <{ordering = 0 : i32}> : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
    "func.return"(%arg0) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        check(FN, input, expected);
        let (_, stats) = run_with_stats(FN, input);
        assert_eq!(stats, "dce.num-erased: 6\ndce.num-unreachable-blocks: 0\n");
    }

    #[test]
    fn erases_unreachable_blocks_and_what_only_they_used() {
        let input = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (i32) -> i32, sym_name = "f"}> ({
  ^bb0(%arg0: i32):
    %0 = "arith.muli"(%arg0, %arg0) : (i32, i32) -> i32
    "cf.br"(%arg0)[^bb2] : (i32) -> ()
  ^bb1(%1: i32):
    %2 = "arith.addi"(%1, %0) : (i32, i32) -> i32
    "cf.br"(%2)[^bb1] : (i32) -> ()
  ^bb2(%3: i32):
    "func.return"(%3) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        let expected = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (i32) -> i32, sym_name = "f"}> ({
  ^bb0(%arg0: i32):
    "cf.br"(%arg0)[^bb1] : (i32) -> ()
  ^bb1(%0: i32):  // pred: ^bb0
    "func.return"(%0) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        check(FN, input, expected);
        let (_, stats) = run_with_stats(FN, input);
        assert_eq!(stats, "dce.num-erased: 1\ndce.num-unreachable-blocks: 1\n");
    }

    #[test]
    fn erases_loops_with_pure_bodies_but_not_with_stores() {
        let input = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (index, !ptr.ptr<#ptr.generic_space>) -> (), sym_name = "f"}> ({
  ^bb0(%arg0: index, %arg1: !ptr.ptr<#ptr.generic_space>):
    %0 = "arith.constant"() <{value = 0 : index}> : () -> index
    %1 = "arith.constant"() <{value = 1 : index}> : () -> index
    %2 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    %3 = "scf.for"(%0, %arg0, %1, %2) ({
    ^bb0(%arg2: index, %arg3: i32):
      %4 = "arith.addi"(%arg3, %arg3) : (i32, i32) -> i32
      "scf.yield"(%4) : (i32) -> ()
    }) : (index, index, index, i32) -> i32
    "scf.for"(%0, %arg0, %1) ({
    ^bb0(%arg2: index):
      "ptr.store"(%2, %arg1) <{ordering = 0 : i32}> : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      "scf.yield"() : () -> ()
    }) : (index, index, index) -> ()
    "func.return"() : () -> ()
  }) : () -> ()
}) : () -> ()
"#;
        let expected = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (index, !ptr.ptr<#ptr.generic_space>) -> (), sym_name = "f"}> ({
  ^bb0(%arg0: index, %arg1: !ptr.ptr<#ptr.generic_space>):
    %0 = "arith.constant"() <{value = 0 : index}> : () -> index
    %1 = "arith.constant"() <{value = 1 : index}> : () -> index
    %2 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    "scf.for"(%0, %arg0, %1) ({
    ^bb0(%arg2: index):
      "ptr.store"(%2, %arg1) <{ordering = 0 : i32}> : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      "scf.yield"() : () -> ()
    }) : (index, index, index) -> ()
    "func.return"() : () -> ()
  }) : () -> ()
}) : () -> ()
"#;
        check(FN, input, expected);
    }

    #[test]
    fn keeps_symbols_and_unknown_ops() {
        // Functions are symbols; a module-level dce leaves them (symbol-dce's job).
        let input = r#"
"builtin.module"() ({
  "func.func"() <{function_type = () -> (), sym_name = "unused", sym_visibility = "private"}> ({
    "cuda.syncthreads"() : () -> ()
    "func.return"() : () -> ()
  }) : () -> ()
}) : () -> ()
"#;
        check("builtin.module(dce)", input, input);
    }
}
