//! `cf`: unstructured control flow between blocks (branches, switch, assert);
//! canonicalization patterns in [`canonicalize`].

use cuwasm::{Context, Diagnostic, DialectInfo, OpId, op};
use std::ops::Range;

pub mod canonicalize;

op! {
    /// Unconditional branch, forwarding `destOperands` to the target block.
    BranchOp = "cf.br",
    operands: [destOperands: Variadic],
    successors: [dest: One],
    traits: [PURE, TERMINATOR],
    canonicalize: canonicalize::br,
    successor_operands: |ctx, op, _| 0..ctx.num_operands(op),
}

op! {
    /// Conditional branch; the operands of each successor are given by `operandSegmentSizes`.
    CondBranchOp = "cf.cond_br",
    operands: [condition: One, trueDestOperands: Variadic, falseDestOperands: Variadic],
    properties: [operandSegmentSizes: Required, branch_weights: Optional],
    successors: [trueDest: One, falseDest: One],
    traits: [PURE, TERMINATOR],
    verify: verify_cond_br,
    canonicalize: canonicalize::cond_br,
    successor_operands: cond_br_operands,
}

op! {
    /// Multi-way branch on an integer `flag`.
    SwitchOp = "cf.switch",
    operands: [flag: One, defaultOperands: Variadic, caseOperands: Variadic],
    properties: [operandSegmentSizes: Required, case_operand_segments: Required, case_values: Optional, branch_weights: Optional],
    successors: [defaultDestination: One, caseDestinations: Variadic],
    traits: [PURE, TERMINATOR],
    verify: verify_switch,
    successor_operands: switch_operands,
}

op! {
    /// Abort with `msg` when `arg` is false.
    AssertOp = "cf.assert",
    operands: [arg: One],
    properties: [msg: Required],
    canonicalize: canonicalize::assert,
}

fn segments(ctx: &Context, op: OpId, name: &str) -> Vec<usize> {
    ctx.prop(op, name)
        .and_then(|a| ctx.attr_dense_array(a))
        .map(|v| v.iter().map(|x| *x as usize).collect())
        .unwrap_or_default()
}

fn cond_br_operands(ctx: &Context, op: OpId, succ: usize) -> Range<usize> {
    let seg = segments(ctx, op, "operandSegmentSizes");
    let (t, f) = (
        seg.get(1).copied().unwrap_or(0),
        seg.get(2).copied().unwrap_or(0),
    );
    if succ == 0 {
        1..1 + t
    } else {
        1 + t..1 + t + f
    }
}

fn switch_operands(ctx: &Context, op: OpId, succ: usize) -> Range<usize> {
    let seg = segments(ctx, op, "operandSegmentSizes");
    let default = seg.get(1).copied().unwrap_or(0);
    if succ == 0 {
        return 1..1 + default;
    }
    let cases = segments(ctx, op, "case_operand_segments");
    let start = 1 + default + cases[..succ - 1].iter().sum::<usize>();
    start..start + cases.get(succ - 1).copied().unwrap_or(0)
}

fn verify_cond_br(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    if ctx.value_type(ctx.operand(op, 0)) != ctx.i1() {
        return Err(ctx.op_error(op, "operand #0 must be 1-bit signless integer"));
    }
    Ok(())
}

fn verify_switch(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    let flag = ctx.value_type(ctx.operand(op, 0));
    if !ctx.is_integer(flag) {
        return Err(ctx.op_error(op, "flag must be an integer"));
    }
    let cases = ctx.successors(op).len() - 1;
    let values = ctx.prop(op, "case_values").map(|a| match ctx.attr_data(a) {
        cuwasm::AttrData::Dense {
            values: cuwasm::DenseValues::Int(v),
            splat,
            ..
        } => {
            if *splat {
                cases
            } else {
                v.len()
            }
        }
        _ => usize::MAX,
    });
    if values.unwrap_or(0) != cases {
        return Err(ctx.op_error(
            op,
            format!("number of case values should match number of case destinations ({cases})"),
        ));
    }
    if segments(ctx, op, "case_operand_segments").len() != cases {
        return Err(ctx.op_error(
            op,
            "'case_operand_segments' must have one entry per case destination",
        ));
    }
    Ok(())
}

pub fn register(ctx: &mut Context) {
    ctx.register_dialect(DialectInfo {
        name: "cf",
        summary: "Unstructured control flow",
        materialize_constant: None,
        allow_unknown_ops: false,
    });
    ctx.register::<BranchOp>();
    ctx.register::<CondBranchOp>();
    ctx.register::<SwitchOp>();
    ctx.register::<AssertOp>();
}
