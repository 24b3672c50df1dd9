//! `scf`: structured control flow (for, while, if, execute_region, parallel,
//! forall, index_switch) with MLIR 22's operands, regions and verifier rules;
//! canonicalization patterns of scf.for and scf.if in [`canonicalize`].

use cuwasm::{BlockId, Context, Diagnostic, DialectInfo, OpId, RegionPoint, Type, op};

pub mod canonicalize;

op! {
    /// `for %iv = %lb to %ub step %step iter_args(...)`: the body gets the induction
    /// variable and the loop-carried values, and yields the next ones.
    ForOp = "scf.for",
    operands: [lowerBound: One, upperBound: One, step: One, initArgs: Variadic],
    results: [results: Variadic],
    properties: [unsignedCmp: Optional],
    regions: [region: One],
    traits: [SINGLE_BLOCK, RECURSIVE_MEMORY_EFFECTS],
    verify: verify_for,
    canonicalize: canonicalize::for_op,
    region_branch: loop_branch,
}

op! {
    /// `while`: the `before` region computes the condition (scf.condition), `after` the body.
    WhileOp = "scf.while",
    operands: [inits: Variadic],
    results: [results: Variadic],
    regions: [before: One, after: One],
    traits: [RECURSIVE_MEMORY_EFFECTS],
    verify: verify_while,
    region_branch: |_, _, point| match point {
        RegionPoint::Parent => vec![RegionPoint::Region(0)],
        RegionPoint::Region(0) => vec![RegionPoint::Region(1), RegionPoint::Parent],
        _ => vec![RegionPoint::Region(0)],
    },
}

op! {
    /// Terminates `scf.while`'s before region: continue with `args` if `condition`.
    ConditionOp = "scf.condition",
    operands: [condition: One, args: Variadic],
    traits: [PURE, TERMINATOR, RETURN_LIKE],
}

op! {
    /// `if` with a then region and an optional else region.
    IfOp = "scf.if",
    operands: [condition: One],
    results: [results: Variadic],
    regions: [thenRegion: One, elseRegion: One],
    traits: [SINGLE_BLOCK, RECURSIVE_MEMORY_EFFECTS],
    verify: verify_if,
    canonicalize: canonicalize::if_op,
    region_branch: |_, _, point| match point {
        RegionPoint::Parent => vec![RegionPoint::Region(0), RegionPoint::Region(1)],
        _ => vec![RegionPoint::Parent],
    },
}

op! {
    /// Yields values to the parent scf op.
    YieldOp = "scf.yield",
    operands: [results: Variadic],
    traits: [PURE, TERMINATOR, RETURN_LIKE],
}

op! {
    /// A region executed once, which may hold unstructured control flow.
    ExecuteRegionOp = "scf.execute_region",
    results: [results: Variadic],
    properties: [no_inline: Optional],
    regions: [region: One],
    traits: [RECURSIVE_MEMORY_EFFECTS],
    region_branch: |_, _, point| match point {
        RegionPoint::Parent => vec![RegionPoint::Region(0)],
        _ => vec![RegionPoint::Parent],
    },
}

op! {
    /// A parallel loop nest with optional reductions (terminated by scf.reduce).
    ParallelOp = "scf.parallel",
    operands: [lowerBound: Variadic, upperBound: Variadic, step: Variadic, initVals: Variadic],
    results: [results: Variadic],
    properties: [operandSegmentSizes: Required],
    regions: [region: One],
    traits: [SINGLE_BLOCK, RECURSIVE_MEMORY_EFFECTS],
}

op! {
    /// Terminates scf.parallel; one reduction region per operand.
    ReduceOp = "scf.reduce",
    operands: [operands: Variadic],
    regions: [reductions: Variadic],
    traits: [TERMINATOR, RECURSIVE_MEMORY_EFFECTS],
}

op! {
    /// Terminates a reduction region of scf.reduce.
    ReduceReturnOp = "scf.reduce.return",
    operands: [result: One],
    traits: [PURE, TERMINATOR],
}

op! {
    /// A multi-dimensional parallel loop producing tensors (static or dynamic bounds).
    ForallOp = "scf.forall",
    operands: [dynamicLowerBound: Variadic, dynamicUpperBound: Variadic, dynamicStep: Variadic, outputs: Variadic],
    results: [results: Variadic],
    properties: [operandSegmentSizes: Required, staticLowerBound: Required, staticUpperBound: Required, staticStep: Required, mapping: Optional],
    regions: [region: One],
    traits: [SINGLE_BLOCK, RECURSIVE_MEMORY_EFFECTS],
}

op! {
    /// Terminates scf.forall.
    InParallelOp = "scf.forall.in_parallel",
    regions: [region: One],
    traits: [TERMINATOR, NO_TERMINATOR, SINGLE_BLOCK],
}

op! {
    /// Switch on an index: one region per case plus the default.
    IndexSwitchOp = "scf.index_switch",
    operands: [arg: One],
    results: [results: Variadic],
    properties: [cases: Required],
    regions: [defaultRegion: One, caseRegions: Variadic],
    traits: [SINGLE_BLOCK, RECURSIVE_MEMORY_EFFECTS],
    verify: verify_index_switch,
}

fn loop_branch(_: &Context, _: OpId, point: RegionPoint) -> Vec<RegionPoint> {
    match point {
        RegionPoint::Parent => vec![RegionPoint::Region(0), RegionPoint::Parent],
        _ => vec![RegionPoint::Region(0), RegionPoint::Parent],
    }
}

fn types_str(ctx: &Context, types: &[Type]) -> String {
    types
        .iter()
        .map(|t| ctx.type_to_string(*t))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The terminator of `block`'s operand types must be `want`.
fn check_yield(
    ctx: &Context,
    op: OpId,
    block: BlockId,
    want: &[Type],
    what: &str,
) -> Result<(), Diagnostic> {
    let Some(term) = ctx.last_op(block) else {
        return Ok(());
    };
    let have = ctx.operand_types(term);
    let have = if ctx.is_op(term, "scf.condition") {
        have[1..].to_vec()
    } else {
        have
    };
    if have != want {
        return Err(ctx.op_error(
            op,
            format!(
                "{what}: yields ({}) but expected ({})",
                types_str(ctx, &have),
                types_str(ctx, want)
            ),
        ));
    }
    Ok(())
}

fn verify_for(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    let iv_ty = ctx.value_type(ctx.operand(op, 0));
    if ctx.value_type(ctx.operand(op, 1)) != iv_ty || ctx.value_type(ctx.operand(op, 2)) != iv_ty {
        return Err(ctx.op_error(
            op,
            "lower bound, upper bound and step must have the same type",
        ));
    }
    let inits: Vec<Type> = ctx.operand_types(op)[3..].to_vec();
    if ctx.result_types(op) != inits {
        return Err(ctx.op_error(
            op,
            "mismatch in number or types of loop-carried values and defined values",
        ));
    }
    let Some(body) = ctx.entry_block(ctx.region(op, 0)) else {
        return Err(ctx.op_error(op, "expects a non-empty body region"));
    };
    let args = ctx.block_arg_types(body);
    if args.len() != inits.len() + 1 || args[0] != iv_ty || args[1..] != inits[..] {
        return Err(ctx.op_error(
            op,
            format!(
                "expects the body to have arguments (iv: {}, iter_args: {}), but it has ({})",
                ctx.type_to_string(iv_ty),
                types_str(ctx, &inits),
                types_str(ctx, &args)
            ),
        ));
    }
    check_yield(ctx, op, body, &inits, "body")
}

fn verify_while(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    let inits = ctx.operand_types(op);
    let Some(before) = ctx.entry_block(ctx.region(op, 0)) else {
        return Err(ctx.op_error(op, "expects a non-empty before region"));
    };
    if ctx.block_arg_types(before) != inits {
        return Err(ctx.op_error(
            op,
            "expects the before region's arguments to match the operands",
        ));
    }
    if ctx
        .last_op(before)
        .is_some_and(|t| !ctx.is_op(t, "scf.condition"))
    {
        return Err(ctx.op_error(
            op,
            "expects the before region to terminate with 'scf.condition'",
        ));
    }
    let results = ctx.result_types(op);
    check_yield(ctx, op, before, &results, "before region")?;
    if let Some(after) = ctx.entry_block(ctx.region(op, 1)) {
        if ctx.block_arg_types(after) != results {
            return Err(ctx.op_error(
                op,
                "expects the after region's arguments to match the results",
            ));
        }
        check_yield(ctx, op, after, &inits, "after region")?;
    }
    Ok(())
}

fn verify_if(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    if ctx.value_type(ctx.operand(op, 0)) != ctx.i1() {
        return Err(ctx.op_error(op, "operand #0 must be 1-bit signless integer"));
    }
    let results = ctx.result_types(op);
    let else_empty = ctx.region_is_empty(ctx.region(op, 1));
    if !results.is_empty() && else_empty {
        return Err(ctx.op_error(op, "must have an else block if defining values"));
    }
    for (i, what) in [(0, "then region"), (1, "else region")] {
        if let Some(b) = ctx.entry_block(ctx.region(op, i)) {
            if !ctx.block_args(b).is_empty() {
                return Err(ctx.op_error(op, format!("{what} must not have arguments")));
            }
            check_yield(ctx, op, b, &results, what)?;
        }
    }
    Ok(())
}

fn verify_index_switch(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    let cases = ctx
        .prop(op, "cases")
        .and_then(|a| ctx.attr_dense_array(a))
        .map_or(0, |c| c.len());
    if cases + 1 != ctx.regions(op).len() {
        return Err(ctx.op_error(
            op,
            format!(
                "has {} case regions but {cases} case values",
                ctx.regions(op).len() - 1
            ),
        ));
    }
    let results = ctx.result_types(op);
    for &r in ctx.regions(op) {
        if let Some(b) = ctx.entry_block(r) {
            check_yield(ctx, op, b, &results, "case region")?;
        }
    }
    Ok(())
}

pub fn register(ctx: &mut Context) {
    ctx.register_dialect(DialectInfo {
        name: "scf",
        summary: "Structured control flow",
        materialize_constant: None,
        allow_unknown_ops: false,
    });
    ctx.register::<ForOp>();
    ctx.register::<WhileOp>();
    ctx.register::<ConditionOp>();
    ctx.register::<IfOp>();
    ctx.register::<YieldOp>();
    ctx.register::<ExecuteRegionOp>();
    ctx.register::<ParallelOp>();
    ctx.register::<ReduceOp>();
    ctx.register::<ReduceReturnOp>();
    ctx.register::<ForallOp>();
    ctx.register::<InParallelOp>();
    ctx.register::<IndexSwitchOp>();
}
