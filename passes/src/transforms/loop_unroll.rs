//! `loop-unroll`: unroll `scf.for` loops whose lower bound, upper bound and
//! step are constants, as MLIR's scf unrolling utilities (`loopUnrollByFactor`,
//! `loopUnrollFull`) do for such loops.
//!
//! - By `factor` (default 4), innermost loops only (as MLIR's
//!   affine-loop-unroll): the loop becomes one with step `step * factor` over
//!   the first `trip - trip % factor` iterations, whose body holds `factor`
//!   copies of the original body (induction variable `iv`, `iv + step`, ...,
//!   loop-carried values threaded through); the `trip % factor` remaining
//!   iterations follow as straight-line epilogue copies with constant
//!   induction variables. A loop with at most `factor` iterations is unrolled
//!   completely.
//! - With `full`, every loop with a constant trip count, innermost first, is
//!   replaced by straight-line copies of its body; a loop that never runs is
//!   replaced by its initial values.
//!
//! Loops with a non-constant bound or step, or a step that is not positive,
//! are left alone (MLIR also unrolls those, computing the remainder at run
//! time). The trip count honours `unsignedCmp`. Statistics: `num-unrolled`,
//! `num-fully-unrolled`.

use super::utils::{constant_int, int_constant, positive_option};
use crate::{OptionKind, OptionSpec, Pass, PassInfo, PassOptions, PassState};
use cuwasm::{Context, Diagnostic, InsertPoint, IrMapping, OpId, OperationState, ValueId};

pub const INFO: PassInfo = PassInfo {
    name: "loop-unroll",
    description: "Unroll scf.for loops with constant bounds by a factor, or fully",
    anchor: None,
    options: &[
        OptionSpec {
            name: "factor",
            kind: OptionKind::Int,
            default: "4",
            description: "Unroll innermost loops by this factor",
        },
        OptionSpec {
            name: "full",
            kind: OptionKind::Bool,
            default: "false",
            description: "Unroll every loop with a constant trip count completely",
        },
    ],
    create: |options: &PassOptions| {
        let factor = positive_option(options, "factor")?;
        Ok(Box::new(LoopUnroll {
            factor: factor as u128,
            full: options.bool("full"),
        }))
    },
};

struct LoopUnroll {
    factor: u128,
    full: bool,
}

impl Pass for LoopUnroll {
    fn run(&self, ctx: &mut Context, op: OpId, state: &mut PassState) -> Result<(), Diagnostic> {
        // Innermost-ness is decided before anything changes, so unrolling an
        // inner loop does not make its parent a candidate.
        let loops: Vec<(OpId, bool)> = ctx
            .walk_postorder(op)
            .into_iter()
            .filter(|&o| ctx.is_op(o, "scf.for"))
            .map(|o| (o, is_innermost(ctx, o)))
            .collect();
        let (mut partial, mut full) = (0, 0);
        for (l, innermost) in loops {
            if ctx.is_erased(l) || ctx.parent_block(l).is_none() || !(self.full || innermost) {
                continue;
            }
            let Some(bounds) = constant_bounds(ctx, l) else {
                continue;
            };
            if self.full || bounds.trip_count() <= self.factor {
                unroll_full(ctx, l, &bounds);
                full += 1;
            } else if self.factor > 1 {
                unroll_by_factor(ctx, l, &bounds, self.factor);
                partial += 1;
            }
        }
        state.stat("num-unrolled", partial);
        state.stat("num-fully-unrolled", full);
        Ok(())
    }
}

/// Constant bounds of an scf.for, as the loop's integer type reads them.
#[derive(Clone, Copy, Debug)]
pub struct Bounds {
    pub lb: i128,
    pub ub: i128,
    pub step: i128,
    pub width: u32,
    pub unsigned: bool,
}

impl Bounds {
    /// `value` read as the loop compares it (zero-extended when unsigned).
    fn read(&self, value: i128) -> i128 {
        if self.unsigned && self.width < 128 {
            value & ((1i128 << self.width) - 1)
        } else {
            value
        }
    }

    /// Iterations: `ceil((ub - lb) / step)`, 0 when `ub <= lb`.
    pub fn trip_count(&self) -> u128 {
        let (lb, ub) = (self.read(self.lb), self.read(self.ub));
        if ub <= lb {
            return 0;
        }
        let step = self.read(self.step) as u128;
        ((ub - lb) as u128).div_ceil(step)
    }

    /// The induction variable of iteration `k`.
    pub fn iv(&self, k: u128) -> i128 {
        self.read(self.lb) + (k as i128) * self.read(self.step)
    }
}

/// The bounds of `for_op` when lb, ub and step are constants and step > 0.
pub fn constant_bounds(ctx: &Context, for_op: OpId) -> Option<Bounds> {
    let iv_ty = ctx.value_type(ctx.operand(for_op, 0));
    let width = ctx.int_width(iv_ty).unwrap_or(64);
    let unsigned = ctx.prop(for_op, "unsignedCmp").is_some();
    let bounds = Bounds {
        lb: constant_int(ctx, ctx.operand(for_op, 0))?,
        ub: constant_int(ctx, ctx.operand(for_op, 1))?,
        step: constant_int(ctx, ctx.operand(for_op, 2))?,
        width,
        unsigned,
    };
    (bounds.read(bounds.step) > 0).then_some(bounds)
}

fn is_innermost(ctx: &Context, for_op: OpId) -> bool {
    ctx.walk_preorder(for_op)
        .into_iter()
        .skip(1)
        .all(|o| !ctx.is_op(o, "scf.for"))
}

/// Clone the body of `for_op` (without its terminator) before `anchor`, with
/// the induction variable `iv` and loop-carried values `carried`; returns the
/// values the copy yields.
fn clone_body(
    ctx: &mut Context,
    for_op: OpId,
    anchor: InsertPoint,
    iv: ValueId,
    carried: &[ValueId],
) -> Vec<ValueId> {
    let body = ctx
        .entry_block(ctx.region(for_op, 0))
        .expect("scf.for has a body");
    let args = ctx.block_args(body).to_vec();
    let mut map = IrMapping::default();
    map.map_value(args[0], iv);
    for (a, v) in args[1..].iter().zip(carried) {
        map.map_value(*a, *v);
    }
    let ops: Vec<OpId> = ctx.block_ops(body).collect();
    let (terminator, ops) = ops.split_last().expect("scf.for body ends with scf.yield");
    for &op in ops {
        let copy = ctx.clone_op(op, &mut map);
        insert_at(ctx, anchor, copy);
    }
    ctx.operands(*terminator)
        .iter()
        .map(|v| map.lookup(*v))
        .collect()
}

fn insert_at(ctx: &mut Context, ip: InsertPoint, op: OpId) {
    match ip {
        InsertPoint::Before(anchor) => ctx.insert_op_before(anchor, op),
        InsertPoint::End(block) => ctx.append_op(block, op),
        _ => unreachable!("unroll inserts before an op or at a block end"),
    }
}

/// Replace `for_op` by straight-line copies of its body.
pub fn unroll_full(ctx: &mut Context, for_op: OpId, bounds: &Bounds) {
    let ip = InsertPoint::Before(for_op);
    let iv_ty = ctx.value_type(ctx.operand(for_op, 0));
    let loc = ctx.loc(for_op);
    let mut carried: Vec<ValueId> = ctx.operands(for_op)[3..].to_vec();
    for k in 0..bounds.trip_count() {
        let iv = int_constant(ctx, ip, iv_ty, bounds.iv(k), loc);
        carried = clone_body(ctx, for_op, ip, iv, &carried);
    }
    ctx.replace_op(for_op, &carried);
}

/// Unroll `for_op` by `factor` (its trip count is larger than `factor`).
pub fn unroll_by_factor(ctx: &mut Context, for_op: OpId, bounds: &Bounds, factor: u128) {
    let trip = bounds.trip_count();
    let main_trips = trip - trip % factor;
    let ip = InsertPoint::Before(for_op);
    let iv_ty = ctx.value_type(ctx.operand(for_op, 0));
    let loc = ctx.loc(for_op);
    let step = bounds.read(bounds.step);
    let new_ub = int_constant(ctx, ip, iv_ty, bounds.iv(main_trips), loc);
    let new_step = int_constant(ctx, ip, iv_ty, step * factor as i128, loc);
    let offsets: Vec<ValueId> = (1..factor)
        .map(|k| int_constant(ctx, ip, iv_ty, step * k as i128, loc))
        .collect();

    // The unrolled loop: same lower bound and inits, new upper bound and step.
    let mut operands = ctx.operands(for_op).to_vec();
    operands[1] = new_ub;
    operands[2] = new_step;
    let result_types = ctx.result_types(for_op);
    let mut state = OperationState::new(ctx, "scf.for", loc)
        .operands(&operands)
        .results(&result_types)
        .regions(1);
    state.properties = Some(ctx.properties(for_op));
    state.attributes = Some(ctx.attributes(for_op));
    let new_for = ctx.create_op(state);
    ctx.insert_op_before(for_op, new_for);
    let old_body = ctx.entry_block(ctx.region(for_op, 0)).unwrap();
    let arg_types = ctx.block_arg_types(old_body);
    let body = ctx.create_block(&arg_types, loc);
    ctx.append_block(ctx.region(new_for, 0), body);
    let args = ctx.block_args(body).to_vec();
    let end = InsertPoint::End(body);
    let mut carried = args[1..].to_vec();
    for k in 0..factor as usize {
        let iv = match k {
            0 => args[0],
            _ => {
                let add = OperationState::new(ctx, "arith.addi", loc)
                    .operands(&[args[0], offsets[k - 1]])
                    .results(&[iv_ty]);
                let add = ctx.create_op(add);
                ctx.append_op(body, add);
                ctx.result(add, 0)
            }
        };
        carried = clone_body(ctx, for_op, end, iv, &carried);
    }
    let old_yield = ctx.last_op(old_body).unwrap();
    let mut yield_state = OperationState::new(ctx, "scf.yield", ctx.loc(old_yield));
    yield_state.operands = carried;
    let y = ctx.create_op(yield_state);
    ctx.append_op(body, y);

    // The epilogue: the remaining iterations, straight-line.
    let mut carried: Vec<ValueId> = ctx.results(new_for).collect();
    for k in main_trips..trip {
        let iv = int_constant(ctx, ip, iv_ty, bounds.iv(k), loc);
        carried = clone_body(ctx, for_op, ip, iv, &carried);
    }
    ctx.replace_op(for_op, &carried);
}

#[cfg(test)]
mod tests {
    use super::super::utils::testing::check;
    use crate::PassOptions;

    const DEFAULT: &str = "builtin.module(func.func(loop-unroll))";
    const FULL: &str = "builtin.module(func.func(loop-unroll{full=true}))";

    // 10 iterations by 4: a loop of step 4 over 8 iterations, then iterations 8 and 9
    // as straight-line copies; loop-carried values thread through.
    #[test]
    fn by_factor_with_epilogue() {
        let input = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>) -> i32, sym_name = "f"}> ({
  ^bb0(%arg0: !ptr.ptr<#ptr.generic_space>):
    %0 = "arith.constant"() <{value = 0 : index}> : () -> index
    %1 = "arith.constant"() <{value = 10 : index}> : () -> index
    %2 = "arith.constant"() <{value = 1 : index}> : () -> index
    %3 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    %4 = "scf.for"(%0, %1, %2, %3) ({
    ^bb0(%arg1: index, %arg2: i32):
      %5 = "arith.index_cast"(%arg1) : (index) -> i32
      %6 = "arith.addi"(%arg2, %5) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%6) : (i32) -> ()
    }) : (index, index, index, i32) -> i32
    "func.return"(%4) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        let expected = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>) -> i32, sym_name = "f"}> ({
  ^bb0(%arg0: !ptr.ptr<#ptr.generic_space>):
    %0 = "arith.constant"() <{value = 0 : index}> : () -> index
    %1 = "arith.constant"() <{value = 10 : index}> : () -> index
    %2 = "arith.constant"() <{value = 1 : index}> : () -> index
    %3 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    %4 = "arith.constant"() <{value = 8 : index}> : () -> index
    %5 = "arith.constant"() <{value = 4 : index}> : () -> index
    %6 = "arith.constant"() <{value = 1 : index}> : () -> index
    %7 = "arith.constant"() <{value = 2 : index}> : () -> index
    %8 = "arith.constant"() <{value = 3 : index}> : () -> index
    %9 = "scf.for"(%0, %4, %5, %3) ({
    ^bb0(%arg1: index, %arg2: i32):
      %16 = "arith.index_cast"(%arg1) : (index) -> i32
      %17 = "arith.addi"(%arg2, %16) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      %18 = "arith.addi"(%arg1, %6) : (index, index) -> index
      %19 = "arith.index_cast"(%18) : (index) -> i32
      %20 = "arith.addi"(%17, %19) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      %21 = "arith.addi"(%arg1, %7) : (index, index) -> index
      %22 = "arith.index_cast"(%21) : (index) -> i32
      %23 = "arith.addi"(%20, %22) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      %24 = "arith.addi"(%arg1, %8) : (index, index) -> index
      %25 = "arith.index_cast"(%24) : (index) -> i32
      %26 = "arith.addi"(%23, %25) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%26) : (i32) -> ()
    }) : (index, index, index, i32) -> i32
    %10 = "arith.constant"() <{value = 8 : index}> : () -> index
    %11 = "arith.index_cast"(%10) : (index) -> i32
    %12 = "arith.addi"(%9, %11) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %13 = "arith.constant"() <{value = 9 : index}> : () -> index
    %14 = "arith.index_cast"(%13) : (index) -> i32
    %15 = "arith.addi"(%12, %14) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "func.return"(%15) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        check(DEFAULT, input, expected);
    }

    // 10 iterations by 3: 9 in the loop, one epilogue copy.
    #[test]
    fn by_three_one_epilogue_copy() {
        let input = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>) -> i32, sym_name = "f"}> ({
  ^bb0(%arg0: !ptr.ptr<#ptr.generic_space>):
    %0 = "arith.constant"() <{value = 0 : index}> : () -> index
    %1 = "arith.constant"() <{value = 10 : index}> : () -> index
    %2 = "arith.constant"() <{value = 1 : index}> : () -> index
    %3 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    %4 = "scf.for"(%0, %1, %2, %3) ({
    ^bb0(%arg1: index, %arg2: i32):
      %5 = "arith.index_cast"(%arg1) : (index) -> i32
      %6 = "arith.addi"(%arg2, %5) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%6) : (i32) -> ()
    }) : (index, index, index, i32) -> i32
    "func.return"(%4) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        let expected = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>) -> i32, sym_name = "f"}> ({
  ^bb0(%arg0: !ptr.ptr<#ptr.generic_space>):
    %0 = "arith.constant"() <{value = 0 : index}> : () -> index
    %1 = "arith.constant"() <{value = 10 : index}> : () -> index
    %2 = "arith.constant"() <{value = 1 : index}> : () -> index
    %3 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    %4 = "arith.constant"() <{value = 9 : index}> : () -> index
    %5 = "arith.constant"() <{value = 3 : index}> : () -> index
    %6 = "arith.constant"() <{value = 1 : index}> : () -> index
    %7 = "arith.constant"() <{value = 2 : index}> : () -> index
    %8 = "scf.for"(%0, %4, %5, %3) ({
    ^bb0(%arg1: index, %arg2: i32):
      %12 = "arith.index_cast"(%arg1) : (index) -> i32
      %13 = "arith.addi"(%arg2, %12) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      %14 = "arith.addi"(%arg1, %6) : (index, index) -> index
      %15 = "arith.index_cast"(%14) : (index) -> i32
      %16 = "arith.addi"(%13, %15) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      %17 = "arith.addi"(%arg1, %7) : (index, index) -> index
      %18 = "arith.index_cast"(%17) : (index) -> i32
      %19 = "arith.addi"(%16, %18) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%19) : (i32) -> ()
    }) : (index, index, index, i32) -> i32
    %9 = "arith.constant"() <{value = 9 : index}> : () -> index
    %10 = "arith.index_cast"(%9) : (index) -> i32
    %11 = "arith.addi"(%8, %10) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "func.return"(%11) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        check(
            "builtin.module(func.func(loop-unroll{factor=3}))",
            input,
            expected,
        );
    }

    // full: ten copies with constant induction variables; the loop is gone.
    #[test]
    fn full_unroll_replaces_the_loop() {
        let input = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>) -> i32, sym_name = "f"}> ({
  ^bb0(%arg0: !ptr.ptr<#ptr.generic_space>):
    %0 = "arith.constant"() <{value = 0 : index}> : () -> index
    %1 = "arith.constant"() <{value = 10 : index}> : () -> index
    %2 = "arith.constant"() <{value = 1 : index}> : () -> index
    %3 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    %4 = "scf.for"(%0, %1, %2, %3) ({
    ^bb0(%arg1: index, %arg2: i32):
      %5 = "arith.index_cast"(%arg1) : (index) -> i32
      %6 = "arith.addi"(%arg2, %5) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%6) : (i32) -> ()
    }) : (index, index, index, i32) -> i32
    "func.return"(%4) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        let expected = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>) -> i32, sym_name = "f"}> ({
  ^bb0(%arg0: !ptr.ptr<#ptr.generic_space>):
    %0 = "arith.constant"() <{value = 0 : index}> : () -> index
    %1 = "arith.constant"() <{value = 10 : index}> : () -> index
    %2 = "arith.constant"() <{value = 1 : index}> : () -> index
    %3 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    %4 = "arith.constant"() <{value = 0 : index}> : () -> index
    %5 = "arith.index_cast"(%4) : (index) -> i32
    %6 = "arith.addi"(%3, %5) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %7 = "arith.constant"() <{value = 1 : index}> : () -> index
    %8 = "arith.index_cast"(%7) : (index) -> i32
    %9 = "arith.addi"(%6, %8) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %10 = "arith.constant"() <{value = 2 : index}> : () -> index
    %11 = "arith.index_cast"(%10) : (index) -> i32
    %12 = "arith.addi"(%9, %11) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %13 = "arith.constant"() <{value = 3 : index}> : () -> index
    %14 = "arith.index_cast"(%13) : (index) -> i32
    %15 = "arith.addi"(%12, %14) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %16 = "arith.constant"() <{value = 4 : index}> : () -> index
    %17 = "arith.index_cast"(%16) : (index) -> i32
    %18 = "arith.addi"(%15, %17) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %19 = "arith.constant"() <{value = 5 : index}> : () -> index
    %20 = "arith.index_cast"(%19) : (index) -> i32
    %21 = "arith.addi"(%18, %20) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %22 = "arith.constant"() <{value = 6 : index}> : () -> index
    %23 = "arith.index_cast"(%22) : (index) -> i32
    %24 = "arith.addi"(%21, %23) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %25 = "arith.constant"() <{value = 7 : index}> : () -> index
    %26 = "arith.index_cast"(%25) : (index) -> i32
    %27 = "arith.addi"(%24, %26) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %28 = "arith.constant"() <{value = 8 : index}> : () -> index
    %29 = "arith.index_cast"(%28) : (index) -> i32
    %30 = "arith.addi"(%27, %29) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %31 = "arith.constant"() <{value = 9 : index}> : () -> index
    %32 = "arith.index_cast"(%31) : (index) -> i32
    %33 = "arith.addi"(%30, %32) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "func.return"(%33) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        check(FULL, input, expected);
    }

    // By default only innermost loops unroll: the inner loop (2 iterations, no more
    // than the factor) goes completely, its parent stays; a loop with a dynamic bound
    // stays; a loop that never runs disappears.
    #[test]
    fn innermost_only_and_short_loops_fully() {
        let input = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (index, !ptr.ptr<#ptr.generic_space>) -> (), sym_name = "nested"}> ({
  ^bb0(%arg0: index, %arg1: !ptr.ptr<#ptr.generic_space>):
    %0 = "arith.constant"() <{value = 0 : index}> : () -> index
    %1 = "arith.constant"() <{value = 1 : index}> : () -> index
    %2 = "arith.constant"() <{value = 2 : index}> : () -> index
    %3 = "arith.constant"() <{value = 6 : index}> : () -> index
    "scf.for"(%0, %3, %2) ({
    ^bb0(%arg4: index):
      "scf.for"(%0, %2, %1) ({
      ^bb0(%arg5: index):
        %6 = "arith.addi"(%arg4, %arg5) <{overflowFlags = #arith.overflow<none>}> : (index, index) -> index
        %7 = "arith.index_cast"(%6) : (index) -> i32
        "ptr.store"(%7, %arg1) <{alignment = [], invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
        "scf.yield"() : () -> ()
      }) : (index, index, index) -> ()
      "scf.yield"() : () -> ()
    }) : (index, index, index) -> ()
    "scf.for"(%0, %arg0, %1) ({
    ^bb0(%arg3: index):
      %5 = "arith.index_cast"(%arg3) : (index) -> i32
      "ptr.store"(%5, %arg1) <{alignment = [], invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      "scf.yield"() : () -> ()
    }) : (index, index, index) -> ()
    "scf.for"(%3, %0, %1) ({
    ^bb0(%arg2: index):
      %4 = "arith.index_cast"(%arg2) : (index) -> i32
      "ptr.store"(%4, %arg1) <{alignment = [], invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      "scf.yield"() : () -> ()
    }) : (index, index, index) -> ()
    "func.return"() : () -> ()
  }) : () -> ()
}) : () -> ()
"#;
        let expected = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (index, !ptr.ptr<#ptr.generic_space>) -> (), sym_name = "nested"}> ({
  ^bb0(%arg0: index, %arg1: !ptr.ptr<#ptr.generic_space>):
    %0 = "arith.constant"() <{value = 0 : index}> : () -> index
    %1 = "arith.constant"() <{value = 1 : index}> : () -> index
    %2 = "arith.constant"() <{value = 2 : index}> : () -> index
    %3 = "arith.constant"() <{value = 6 : index}> : () -> index
    "scf.for"(%0, %3, %2) ({
    ^bb0(%arg3: index):
      %5 = "arith.constant"() <{value = 0 : index}> : () -> index
      %6 = "arith.addi"(%arg3, %5) <{overflowFlags = #arith.overflow<none>}> : (index, index) -> index
      %7 = "arith.index_cast"(%6) : (index) -> i32
      "ptr.store"(%7, %arg1) <{alignment = [], invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      %8 = "arith.constant"() <{value = 1 : index}> : () -> index
      %9 = "arith.addi"(%arg3, %8) <{overflowFlags = #arith.overflow<none>}> : (index, index) -> index
      %10 = "arith.index_cast"(%9) : (index) -> i32
      "ptr.store"(%10, %arg1) <{alignment = [], invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      "scf.yield"() : () -> ()
    }) : (index, index, index) -> ()
    "scf.for"(%0, %arg0, %1) ({
    ^bb0(%arg2: index):
      %4 = "arith.index_cast"(%arg2) : (index) -> i32
      "ptr.store"(%4, %arg1) <{alignment = [], invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      "scf.yield"() : () -> ()
    }) : (index, index, index) -> ()
    "func.return"() : () -> ()
  }) : () -> ()
}) : () -> ()
"#;
        check(DEFAULT, input, expected);
    }

    // full: the nest unrolls completely, innermost first; the dynamic loop stays.
    #[test]
    fn full_unrolls_nests() {
        let input = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (index, !ptr.ptr<#ptr.generic_space>) -> (), sym_name = "nested"}> ({
  ^bb0(%arg0: index, %arg1: !ptr.ptr<#ptr.generic_space>):
    %0 = "arith.constant"() <{value = 0 : index}> : () -> index
    %1 = "arith.constant"() <{value = 1 : index}> : () -> index
    %2 = "arith.constant"() <{value = 2 : index}> : () -> index
    %3 = "arith.constant"() <{value = 6 : index}> : () -> index
    "scf.for"(%0, %3, %2) ({
    ^bb0(%arg4: index):
      "scf.for"(%0, %2, %1) ({
      ^bb0(%arg5: index):
        %6 = "arith.addi"(%arg4, %arg5) <{overflowFlags = #arith.overflow<none>}> : (index, index) -> index
        %7 = "arith.index_cast"(%6) : (index) -> i32
        "ptr.store"(%7, %arg1) <{alignment = [], invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
        "scf.yield"() : () -> ()
      }) : (index, index, index) -> ()
      "scf.yield"() : () -> ()
    }) : (index, index, index) -> ()
    "scf.for"(%0, %arg0, %1) ({
    ^bb0(%arg3: index):
      %5 = "arith.index_cast"(%arg3) : (index) -> i32
      "ptr.store"(%5, %arg1) <{alignment = [], invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      "scf.yield"() : () -> ()
    }) : (index, index, index) -> ()
    "scf.for"(%3, %0, %1) ({
    ^bb0(%arg2: index):
      %4 = "arith.index_cast"(%arg2) : (index) -> i32
      "ptr.store"(%4, %arg1) <{alignment = [], invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      "scf.yield"() : () -> ()
    }) : (index, index, index) -> ()
    "func.return"() : () -> ()
  }) : () -> ()
}) : () -> ()
"#;
        let expected = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (index, !ptr.ptr<#ptr.generic_space>) -> (), sym_name = "nested"}> ({
  ^bb0(%arg0: index, %arg1: !ptr.ptr<#ptr.generic_space>):
    %0 = "arith.constant"() <{value = 0 : index}> : () -> index
    %1 = "arith.constant"() <{value = 1 : index}> : () -> index
    %2 = "arith.constant"() <{value = 2 : index}> : () -> index
    %3 = "arith.constant"() <{value = 6 : index}> : () -> index
    %4 = "arith.constant"() <{value = 0 : index}> : () -> index
    %5 = "arith.constant"() <{value = 0 : index}> : () -> index
    %6 = "arith.addi"(%4, %5) <{overflowFlags = #arith.overflow<none>}> : (index, index) -> index
    %7 = "arith.index_cast"(%6) : (index) -> i32
    "ptr.store"(%7, %arg1) <{alignment = [], invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
    %8 = "arith.constant"() <{value = 1 : index}> : () -> index
    %9 = "arith.addi"(%4, %8) <{overflowFlags = #arith.overflow<none>}> : (index, index) -> index
    %10 = "arith.index_cast"(%9) : (index) -> i32
    "ptr.store"(%10, %arg1) <{alignment = [], invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
    %11 = "arith.constant"() <{value = 2 : index}> : () -> index
    %12 = "arith.constant"() <{value = 0 : index}> : () -> index
    %13 = "arith.addi"(%11, %12) <{overflowFlags = #arith.overflow<none>}> : (index, index) -> index
    %14 = "arith.index_cast"(%13) : (index) -> i32
    "ptr.store"(%14, %arg1) <{alignment = [], invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
    %15 = "arith.constant"() <{value = 1 : index}> : () -> index
    %16 = "arith.addi"(%11, %15) <{overflowFlags = #arith.overflow<none>}> : (index, index) -> index
    %17 = "arith.index_cast"(%16) : (index) -> i32
    "ptr.store"(%17, %arg1) <{alignment = [], invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
    %18 = "arith.constant"() <{value = 4 : index}> : () -> index
    %19 = "arith.constant"() <{value = 0 : index}> : () -> index
    %20 = "arith.addi"(%18, %19) <{overflowFlags = #arith.overflow<none>}> : (index, index) -> index
    %21 = "arith.index_cast"(%20) : (index) -> i32
    "ptr.store"(%21, %arg1) <{alignment = [], invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
    %22 = "arith.constant"() <{value = 1 : index}> : () -> index
    %23 = "arith.addi"(%18, %22) <{overflowFlags = #arith.overflow<none>}> : (index, index) -> index
    %24 = "arith.index_cast"(%23) : (index) -> i32
    "ptr.store"(%24, %arg1) <{alignment = [], invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
    "scf.for"(%0, %arg0, %1) ({
    ^bb0(%arg2: index):
      %25 = "arith.index_cast"(%arg2) : (index) -> i32
      "ptr.store"(%25, %arg1) <{alignment = [], invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      "scf.yield"() : () -> ()
    }) : (index, index, index) -> ()
    "func.return"() : () -> ()
  }) : () -> ()
}) : () -> ()
"#;
        check(FULL, input, expected);
    }

    #[test]
    fn factor_must_be_positive() {
        let pairs = [("factor".to_string(), "0".to_string())];
        let options = PassOptions::parse(super::INFO.options, &pairs).unwrap();
        let err = (super::INFO.create)(&options).unwrap_err();
        assert_eq!(err, "option 'factor' must be at least 1, got 0");
    }

    #[test]
    fn trip_counts() {
        let b = |lb, ub, step, width, unsigned| super::Bounds {
            lb,
            ub,
            step,
            width,
            unsigned,
        };
        assert_eq!(b(0, 10, 3, 64, false).trip_count(), 4);
        assert_eq!(b(0, 9, 3, 64, false).trip_count(), 3);
        assert_eq!(b(5, 5, 1, 64, false).trip_count(), 0);
        assert_eq!(b(-4, 4, 4, 32, false).trip_count(), 2);
        // Unsigned: -1 : i8 is 255.
        assert_eq!(b(250, -1, 1, 8, true).trip_count(), 5);
        assert_eq!(b(0, -1, 1, 8, false).trip_count(), 0);
    }
}
