//! `licm` (also registered as MLIR's `loop-invariant-code-motion`): hoist
//! loop-invariant ops out of loops, as MLIR's LoopInvariantCodeMotion.
//!
//! A loop is an op with the region-branch interface whose regions can be
//! entered again from themselves (`scf.for`'s body, both regions of
//! `scf.while`). Loops are visited innermost first (post-order), so what leaves
//! an inner loop can then leave the outer one. In each loop region a worklist
//! starts with the region's ops; an op moves right before the loop when it is
//! speculatable (pure: no memory effects, cannot trap) and every value it and
//! its nested ops use is defined outside the loop (or inside the op itself).
//! When an op moves, its users in the region are checked again, so chains of
//! invariant ops leave together. Terminators never move. Statistic: `num-hoisted`.
//!
//! Speculatable is [`is_speculatable`]: pure ops, plus ops with regions that
//! run at most once (scf.if, and beyond MLIR scf.execute_region) or a
//! counted scf.for with a constant step, whose nested
//! ops are all speculatable.

use super::utils::is_speculatable;
use crate::{Pass, PassInfo, PassOptions, PassState};
use cuwasm::{Context, Diagnostic, OpId, RegionId, RegionPoint, Traits, ValueDef, ValueId};
use std::collections::VecDeque;

pub const INFO: PassInfo = PassInfo {
    name: "licm",
    description: "Hoist loop-invariant, speculatable ops out of loops (scf.for, scf.while)",
    anchor: None,
    options: &[],
    create: |_: &PassOptions| Ok(Box::new(Licm)),
};

/// The same pass under MLIR's name.
pub const INFO_MLIR_NAME: PassInfo = PassInfo {
    name: "loop-invariant-code-motion",
    description: "Hoist loop-invariant, speculatable ops out of loops (alias of licm)",
    ..INFO
};

struct Licm;

impl Pass for Licm {
    fn run(&self, ctx: &mut Context, op: OpId, state: &mut PassState) -> Result<(), Diagnostic> {
        let mut moved = 0;
        for loop_op in ctx.walk_postorder(op) {
            if loop_op != op && !ctx.is_erased(loop_op) {
                moved += hoist_loop_invariants(ctx, loop_op);
            }
        }
        state.stat("num-hoisted", moved as u64);
        Ok(())
    }
}

/// The regions of `op` that control can flow back into from themselves.
pub fn loop_regions(ctx: &Context, op: OpId) -> Vec<RegionId> {
    let Some(branch) = ctx.op_info(op).and_then(|i| i.region_branch) else {
        return Vec::new();
    };
    let n = ctx.regions(op).len();
    (0..n)
        .filter(|&i| {
            // Is region i reachable from its own successors?
            let mut seen = vec![false; n];
            let mut stack = branch(ctx, op, RegionPoint::Region(i));
            while let Some(p) = stack.pop() {
                let RegionPoint::Region(j) = p else { continue };
                if j == i {
                    return true;
                }
                if j < n && !seen[j] {
                    seen[j] = true;
                    stack.extend(branch(ctx, op, RegionPoint::Region(j)));
                }
            }
            false
        })
        .map(|i| ctx.region(op, i))
        .collect()
}

/// The op whose region holds the definition of `v` (`None` at the top level).
pub fn value_owner(ctx: &Context, v: ValueId) -> Option<OpId> {
    match ctx.value_def(v) {
        ValueDef::Result { op, .. } => ctx.parent_op(op),
        ValueDef::BlockArg { block, .. } => ctx.block_parent_op(block),
        ValueDef::Detached => None,
    }
}

/// Is `v` defined outside `op` (not in any region nested in it)?
pub fn defined_outside(ctx: &Context, v: ValueId, op: OpId) -> bool {
    value_owner(ctx, v).is_none_or(|owner| !ctx.is_ancestor(op, owner))
}

/// Does everything `op` and its nested ops use come from outside `loop_op`
/// (or from inside `op` itself)?
fn uses_only_outside(ctx: &Context, op: OpId, loop_op: OpId) -> bool {
    ctx.walk_preorder(op).into_iter().all(|inner| {
        ctx.operands(inner).iter().all(|&v| {
            value_owner(ctx, v).is_some_and(|owner| ctx.is_ancestor(op, owner))
                || defined_outside(ctx, v, loop_op)
        })
    })
}

/// Hoist the invariant ops of `loop_op`'s loop regions right before it; returns how many moved.
pub fn hoist_loop_invariants(ctx: &mut Context, loop_op: OpId) -> usize {
    if ctx.parent_block(loop_op).is_none() {
        return 0;
    }
    let mut moved = 0;
    for region in loop_regions(ctx, loop_op) {
        let mut work: VecDeque<OpId> = VecDeque::new();
        for &b in ctx.region_blocks(region) {
            work.extend(ctx.block_ops(b));
        }
        while let Some(op) = work.pop_front() {
            let in_region = ctx
                .parent_block(op)
                .and_then(|b| ctx.block_parent(b))
                .is_some_and(|r| r == region);
            if !in_region
                || ctx.op_has_trait(op, Traits::TERMINATOR)
                || !is_speculatable(ctx, op)
                || !uses_only_outside(ctx, op, loop_op)
            {
                continue;
            }
            ctx.move_op_before(op, loop_op);
            moved += 1;
            for r in ctx.results(op) {
                work.extend(ctx.uses(r).iter().map(|u| u.op));
            }
        }
    }
    moved
}

#[cfg(test)]
mod tests {
    use super::super::utils::testing::check;

    const PIPELINE: &str = "builtin.module(func.func(licm))";

    // Same output as mlir-opt-22 --loop-invariant-code-motion: inner loop first,
    // then the outer one; divsi (may trap) and the load stay; an scf.if with a pure
    // body leaves scf.while; both regions of scf.while are loop regions.
    #[test]
    fn matches_mlir_nested_loops_and_while() {
        let input = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (index, index, index, i32, i32, !ptr.ptr<#ptr.generic_space>) -> i32, sym_name = "nested"}> ({
  ^bb0(%arg4: index, %arg5: index, %arg6: index, %arg7: i32, %arg8: i32, %arg9: !ptr.ptr<#ptr.generic_space>):
    %10 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    %11 = "scf.for"(%arg4, %arg5, %arg6, %10) ({
    ^bb0(%arg10: index, %arg11: i32):
      %12 = "scf.for"(%arg4, %arg5, %arg6, %arg11) ({
      ^bb0(%arg12: index, %arg13: i32):
        %13 = "arith.constant"() <{value = 3 : i32}> : () -> i32
        %14 = "arith.muli"(%arg7, %arg8) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
        %15 = "arith.addi"(%14, %13) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
        %16 = "arith.divsi"(%arg7, %arg8) : (i32, i32) -> i32
        %17 = "arith.index_cast"(%arg10) : (index) -> i32
        %18 = "arith.addi"(%15, %17) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
        %19 = "ptr.load"(%arg9) <{alignment = [], invariant = false, invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (!ptr.ptr<#ptr.generic_space>) -> i32
        %20 = "arith.addi"(%arg13, %18) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
        %21 = "arith.addi"(%20, %16) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
        %22 = "arith.addi"(%21, %19) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
        "scf.yield"(%22) : (i32) -> ()
      }) : (index, index, index, i32) -> i32
      "scf.yield"(%12) : (i32) -> ()
    }) : (index, index, index, i32) -> i32
    "func.return"(%11) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32, i32) -> i32, sym_name = "while"}> ({
  ^bb0(%arg0: i32, %arg1: i32):
    %0 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    %1 = "scf.while"(%0) ({
    ^bb0(%arg3: i32):
      %8 = "arith.muli"(%arg0, %arg1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      %9 = "arith.cmpi"(%arg3, %8) <{predicate = 2 : i64}> : (i32, i32) -> i1
      "scf.condition"(%9, %arg3) : (i1, i32) -> ()
    }, {
    ^bb0(%arg2: i32):
      %2 = "arith.constant"() <{value = 1 : i32}> : () -> i32
      %3 = "arith.addi"(%arg2, %2) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      %4 = "arith.cmpi"(%arg0, %arg1) <{predicate = 0 : i64}> : (i32, i32) -> i1
      %5 = "scf.if"(%4) ({
        %7 = "arith.addi"(%arg0, %arg1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
        "scf.yield"(%7) : (i32) -> ()
      }, {
        "scf.yield"(%arg0) : (i32) -> ()
      }) : (i1) -> i32
      %6 = "arith.addi"(%3, %5) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%6) : (i32) -> ()
    }) : (i32) -> i32
    "func.return"(%1) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        let expected = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (index, index, index, i32, i32, !ptr.ptr<#ptr.generic_space>) -> i32, sym_name = "nested"}> ({
  ^bb0(%arg4: index, %arg5: index, %arg6: index, %arg7: i32, %arg8: i32, %arg9: !ptr.ptr<#ptr.generic_space>):
    %10 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    %11 = "arith.constant"() <{value = 3 : i32}> : () -> i32
    %12 = "arith.muli"(%arg7, %arg8) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %13 = "arith.addi"(%12, %11) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %14 = "scf.for"(%arg4, %arg5, %arg6, %10) ({
    ^bb0(%arg10: index, %arg11: i32):
      %15 = "arith.index_cast"(%arg10) : (index) -> i32
      %16 = "arith.addi"(%13, %15) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      %17 = "scf.for"(%arg4, %arg5, %arg6, %arg11) ({
      ^bb0(%arg12: index, %arg13: i32):
        %18 = "arith.divsi"(%arg7, %arg8) : (i32, i32) -> i32
        %19 = "ptr.load"(%arg9) <{alignment = [], invariant = false, invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (!ptr.ptr<#ptr.generic_space>) -> i32
        %20 = "arith.addi"(%arg13, %16) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
        %21 = "arith.addi"(%20, %18) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
        %22 = "arith.addi"(%21, %19) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
        "scf.yield"(%22) : (i32) -> ()
      }) : (index, index, index, i32) -> i32
      "scf.yield"(%17) : (i32) -> ()
    }) : (index, index, index, i32) -> i32
    "func.return"(%14) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32, i32) -> i32, sym_name = "while"}> ({
  ^bb0(%arg0: i32, %arg1: i32):
    %0 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    %1 = "arith.muli"(%arg0, %arg1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %2 = "arith.constant"() <{value = 1 : i32}> : () -> i32
    %3 = "arith.cmpi"(%arg0, %arg1) <{predicate = 0 : i64}> : (i32, i32) -> i1
    %4 = "scf.if"(%3) ({
      %9 = "arith.addi"(%arg0, %arg1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%9) : (i32) -> ()
    }, {
      "scf.yield"(%arg0) : (i32) -> ()
    }) : (i1) -> i32
    %5 = "scf.while"(%0) ({
    ^bb0(%arg3: i32):
      %8 = "arith.cmpi"(%arg3, %1) <{predicate = 2 : i64}> : (i32, i32) -> i1
      "scf.condition"(%8, %arg3) : (i1, i32) -> ()
    }, {
    ^bb0(%arg2: i32):
      %6 = "arith.addi"(%arg2, %2) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      %7 = "arith.addi"(%6, %4) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%7) : (i32) -> ()
    }) : (i32) -> i32
    "func.return"(%5) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        check(PIPELINE, input, expected);
    }

    // As mlir-opt-22 for the loops (an inner scf.for with a constant step leaves,
    // one with a variable step stays); unlike mlir-opt, scf.execute_region with a
    // pure body is speculatable and leaves too.
    #[test]
    fn loops_with_constant_steps_move_execute_region_too() {
        let input = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (index, index, i32) -> i32, sym_name = "inner_loop"}> ({
  ^bb0(%arg14: index, %arg15: index, %arg16: i32):
    %13 = "arith.constant"() <{value = 1 : index}> : () -> index
    %14 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    %15 = "scf.for"(%arg14, %arg15, %13, %14) ({
    ^bb0(%arg17: index, %arg18: i32):
      %16 = "scf.for"(%arg14, %arg15, %13, %14) ({
      ^bb0(%arg19: index, %arg20: i32):
        %18 = "arith.addi"(%arg20, %arg16) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
        "scf.yield"(%18) : (i32) -> ()
      }) : (index, index, index, i32) -> i32
      %17 = "arith.addi"(%arg18, %16) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%17) : (i32) -> ()
    }) : (index, index, index, i32) -> i32
    "func.return"(%15) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (index, index, index, i32) -> i32, sym_name = "inner_loop_dyn"}> ({
  ^bb0(%arg6: index, %arg7: index, %arg8: index, %arg9: i32):
    %8 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    %9 = "scf.for"(%arg6, %arg7, %arg8, %8) ({
    ^bb0(%arg10: index, %arg11: i32):
      %10 = "scf.for"(%arg6, %arg7, %arg8, %8) ({
      ^bb0(%arg12: index, %arg13: i32):
        %12 = "arith.addi"(%arg13, %arg9) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
        "scf.yield"(%12) : (i32) -> ()
      }) : (index, index, index, i32) -> i32
      %11 = "arith.addi"(%arg11, %10) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%11) : (i32) -> ()
    }) : (index, index, index, i32) -> i32
    "func.return"(%9) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (index, index, index, i32) -> i32, sym_name = "exec"}> ({
  ^bb0(%arg0: index, %arg1: index, %arg2: index, %arg3: i32):
    %0 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    %1 = "scf.for"(%arg0, %arg1, %arg2, %0) ({
    ^bb0(%arg4: index, %arg5: i32):
      %2 = "scf.execute_region"() ({
        %7 = "arith.addi"(%arg3, %arg3) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
        "scf.yield"(%7) : (i32) -> ()
      }) : () -> i32
      %3 = "scf.index_switch"(%arg0) <{cases = array<i64: 2>}> ({
        "scf.yield"(%arg3) : (i32) -> ()
      }, {
        %6 = "arith.addi"(%arg3, %arg3) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
        "scf.yield"(%6) : (i32) -> ()
      }) : (index) -> i32
      %4 = "arith.addi"(%arg5, %2) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      %5 = "arith.addi"(%4, %3) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%5) : (i32) -> ()
    }) : (index, index, index, i32) -> i32
    "func.return"(%1) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        let expected = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (index, index, i32) -> i32, sym_name = "inner_loop"}> ({
  ^bb0(%arg14: index, %arg15: index, %arg16: i32):
    %13 = "arith.constant"() <{value = 1 : index}> : () -> index
    %14 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    %15 = "scf.for"(%arg14, %arg15, %13, %14) ({
    ^bb0(%arg19: index, %arg20: i32):
      %18 = "arith.addi"(%arg20, %arg16) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%18) : (i32) -> ()
    }) : (index, index, index, i32) -> i32
    %16 = "scf.for"(%arg14, %arg15, %13, %14) ({
    ^bb0(%arg17: index, %arg18: i32):
      %17 = "arith.addi"(%arg18, %15) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%17) : (i32) -> ()
    }) : (index, index, index, i32) -> i32
    "func.return"(%16) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (index, index, index, i32) -> i32, sym_name = "inner_loop_dyn"}> ({
  ^bb0(%arg6: index, %arg7: index, %arg8: index, %arg9: i32):
    %8 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    %9 = "scf.for"(%arg6, %arg7, %arg8, %8) ({
    ^bb0(%arg10: index, %arg11: i32):
      %10 = "scf.for"(%arg6, %arg7, %arg8, %8) ({
      ^bb0(%arg12: index, %arg13: i32):
        %12 = "arith.addi"(%arg13, %arg9) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
        "scf.yield"(%12) : (i32) -> ()
      }) : (index, index, index, i32) -> i32
      %11 = "arith.addi"(%arg11, %10) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%11) : (i32) -> ()
    }) : (index, index, index, i32) -> i32
    "func.return"(%9) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (index, index, index, i32) -> i32, sym_name = "exec"}> ({
  ^bb0(%arg0: index, %arg1: index, %arg2: index, %arg3: i32):
    %0 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    %1 = "scf.execute_region"() ({
      %7 = "arith.addi"(%arg3, %arg3) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%7) : (i32) -> ()
    }) : () -> i32
    %2 = "scf.for"(%arg0, %arg1, %arg2, %0) ({
    ^bb0(%arg4: index, %arg5: i32):
      %3 = "scf.index_switch"(%arg0) <{cases = array<i64: 2>}> ({
        "scf.yield"(%arg3) : (i32) -> ()
      }, {
        %6 = "arith.addi"(%arg3, %arg3) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
        "scf.yield"(%6) : (i32) -> ()
      }) : (index) -> i32
      %4 = "arith.addi"(%arg5, %1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      %5 = "arith.addi"(%4, %3) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%5) : (i32) -> ()
    }) : (index, index, index, i32) -> i32
    "func.return"(%2) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        check(PIPELINE, input, expected);
    }
    // Loops made of blocks and branches are not loop-like ops: nothing moves (as mlir-opt-22).
    #[test]
    fn leaves_cfg_loops_alone() {
        let input = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (i32, i32, i1) -> i32, sym_name = "cfg_loop"}> ({
  ^bb0(%arg0: i32, %arg1: i32, %arg2: i1):
    "cf.br"()[^bb1] : () -> ()
  ^bb1:
    %0 = "arith.muli"(%arg0, %arg1) : (i32, i32) -> i32
    "cf.cond_br"(%arg2)[^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
  ^bb2:
    "func.return"(%0) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        let expected = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (i32, i32, i1) -> i32, sym_name = "cfg_loop"}> ({
  ^bb0(%arg0: i32, %arg1: i32, %arg2: i1):
    "cf.br"()[^bb1] : () -> ()
  ^bb1:  // 2 preds: ^bb0, ^bb1
    %0 = "arith.muli"(%arg0, %arg1) : (i32, i32) -> i32
    "cf.cond_br"(%arg2)[^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
  ^bb2:  // pred: ^bb1
    "func.return"(%0) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        check(PIPELINE, input, expected);
    }
}
