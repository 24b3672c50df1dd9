//! `func`: functions, calls and returns, as MLIR 22 has them.

use cuwasm::{Context, Diagnostic, DialectInfo, OpId, Type, TypeData, op};

op! {
    /// A function: a symbol with a `function_type` and a body (empty for declarations).
    FuncOp = "func.func",
    properties: [sym_name: Required, function_type: Required, sym_visibility: Optional, arg_attrs: Optional, res_attrs: Optional, no_inline: Optional],
    regions: [body: One],
    traits: [ISOLATED_FROM_ABOVE, SYMBOL],
    verify: verify_func,
}

op! {
    /// Return from the enclosing function.
    ReturnOp = "func.return",
    operands: [operands: Variadic],
    traits: [PURE, TERMINATOR, RETURN_LIKE],
    verify: verify_return,
}

op! {
    /// A direct call of the function `@callee`.
    CallOp = "func.call",
    operands: [operands: Variadic],
    results: [results: Variadic],
    properties: [callee: Required, arg_attrs: Optional, res_attrs: Optional, no_inline: Optional],
    verify: verify_call,
    callee: |ctx, op| ctx.prop(op, "callee"),
}

op! {
    /// A call through a function value.
    CallIndirectOp = "func.call_indirect",
    operands: [callee: One, callee_operands: Variadic],
    results: [results: Variadic],
    properties: [arg_attrs: Optional, res_attrs: Optional],
    verify: verify_call_indirect,
}

op! {
    /// A function value naming `@value`.
    ConstantOp = "func.constant",
    results: [result: One],
    properties: [value: Required],
    traits: [PURE, CONSTANT_LIKE],
}

/// The `(inputs, results)` of a `function_type` property.
pub fn function_signature(ctx: &Context, op: OpId) -> Option<(Vec<Type>, Vec<Type>)> {
    let ty = ctx.attr_type(ctx.prop(op, "function_type")?)?;
    match ctx.type_data(ty) {
        TypeData::Function { inputs, results } => Some((inputs.clone(), results.clone())),
        _ => None,
    }
}

/// Function-like ops (func.func, gpu.func) share these checks.
pub fn verify_function_like(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    let Some((inputs, _)) = function_signature(ctx, op) else {
        return Err(ctx.op_error(
            op,
            "requires a 'function_type' type attribute of function type",
        ));
    };
    let body = ctx.region(op, 0);
    if let Some(entry) = ctx.entry_block(body) {
        let args = ctx.block_arg_types(entry);
        if args.len() < inputs.len() || args[..inputs.len()] != inputs[..] {
            return Err(ctx.op_error(
                op,
                format!(
                    "entry block arguments ({}) must match the function inputs ({})",
                    args.iter()
                        .map(|t| ctx.type_to_string(*t))
                        .collect::<Vec<_>>()
                        .join(", "),
                    inputs
                        .iter()
                        .map(|t| ctx.type_to_string(*t))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
    }
    Ok(())
}

fn verify_func(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    verify_function_like(ctx, op)?;
    let (inputs, _) = function_signature(ctx, op).unwrap_or_default();
    if let Some(entry) = ctx.entry_block(ctx.region(op, 0)) {
        if ctx.block_args(entry).len() != inputs.len() {
            return Err(ctx.op_error(
                op,
                format!(
                    "entry block must have {} arguments to match function signature",
                    inputs.len()
                ),
            ));
        }
    } else {
        let visibility = ctx.prop(op, "sym_visibility").and_then(|a| ctx.attr_str(a));
        if visibility.is_none_or(|v| v == "public") {
            return Err(ctx.op_error(op, "symbol declaration cannot have public visibility"));
        }
    }
    Ok(())
}

/// Operand types of a return-like op must match the enclosing function's results.
pub fn verify_returns_match(ctx: &Context, op: OpId, function: &str) -> Result<(), Diagnostic> {
    let Some(parent) = ctx.parent_op(op) else {
        return Ok(());
    };
    if !ctx.is_op(parent, function) {
        return Err(ctx.op_error(op, format!("expects parent op '{function}'")));
    }
    let Some((_, results)) = function_signature(ctx, parent) else {
        return Ok(());
    };
    let operands = ctx.operand_types(op);
    if operands.len() != results.len() {
        return Err(ctx.op_error(
            op,
            format!(
                "has {} operands, but enclosing function returns {}",
                operands.len(),
                results.len()
            ),
        ));
    }
    for (i, (a, b)) in operands.iter().zip(&results).enumerate() {
        if a != b {
            return Err(ctx.op_error(
                op,
                format!(
                    "type of return operand {i} ('{}') doesn't match function result type ('{}')",
                    ctx.type_to_string(*a),
                    ctx.type_to_string(*b)
                ),
            ));
        }
    }
    Ok(())
}

fn verify_return(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    verify_returns_match(ctx, op, "func.func")
}

fn verify_call(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    let callee = ctx.prop(op, "callee").unwrap();
    // Symbol uses are checked against the enclosing symbol table, as MLIR's
    // SymbolTable does; a function verified on its own (a pass on one function,
    // on another thread) has none to check against.
    if ctx.enclosing_symbol_table(op).is_none() {
        return Ok(());
    }
    let Some(target) = ctx.lookup_symbol_from(op, callee) else {
        return Err(ctx.op_error(
            op,
            format!(
                "'{}' does not reference a valid function",
                ctx.attr_to_string(callee)
            ),
        ));
    };
    let Some((inputs, results)) = function_signature(ctx, target) else {
        return Err(ctx.op_error(
            op,
            format!(
                "'{}' does not reference a valid function",
                ctx.attr_to_string(callee)
            ),
        ));
    };
    if ctx.operand_types(op) != inputs {
        return Err(ctx.op_error(op, "operand types do not match the callee's signature"));
    }
    if ctx.result_types(op) != results {
        return Err(ctx.op_error(op, "result types do not match the callee's signature"));
    }
    Ok(())
}

fn verify_call_indirect(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    let callee_ty = ctx.value_type(ctx.operand(op, 0));
    let TypeData::Function { inputs, results } = ctx.type_data(callee_ty) else {
        return Err(ctx.op_error(op, "callee must have function type"));
    };
    if ctx.operand_types(op)[1..] != inputs[..] || ctx.result_types(op) != *results {
        return Err(ctx.op_error(
            op,
            "operand or result types do not match the callee's function type",
        ));
    }
    Ok(())
}

pub fn register(ctx: &mut Context) {
    ctx.register_dialect(DialectInfo {
        name: "func",
        summary: "Functions and calls",
        materialize_constant: None,
        allow_unknown_ops: false,
    });
    ctx.register::<FuncOp>();
    ctx.register::<ReturnOp>();
    ctx.register::<CallOp>();
    ctx.register::<CallIndirectOp>();
    ctx.register::<ConstantOp>();
}
