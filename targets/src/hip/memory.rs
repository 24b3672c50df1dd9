//! Memory: `ptr` ops as byte arithmetic on `char *` and typed accesses
//! (`cuwasm_load<T>` / `cuwasm_store<T>` with the IR's alignment), static
//! `__shared__` arrays, `extern __shared__` memory, per-thread local arrays,
//! and `__device__` / `__constant__` / host variables with their initializers.
//!
//! Every pointer is generic (HIP's flat address space): a `__shared__`
//! array's address is a generic address, and clang's address-space inference
//! turns the accesses through it back into LDS instructions.

use super::Symbols;
use super::function::{FnEmitter, Side};
use super::types::{Scalar, float_literal, int_literal, scalar, scalar_of, string_literal};
use cuwasm::{AttrData, Context, DenseValues, Diagnostic, OpId, ValueId};
use cuwasm_dialects::cuda::{Address, MemSpace, global_var_addresses};

/// A `ptr` op; `false` if not one.
pub(super) fn emit_ptr(e: &mut FnEmitter, op: OpId) -> Result<bool, Diagnostic> {
    let ctx = e.ctx;
    match ctx.op_name_text(op) {
        "ptr.ptr_add" => {
            let base = ctx.operand(op, 0);
            let offset = e.operand(op, 1);
            let signed_offset = super::expr::signed(e.operand_scalar(op, 1)?, &offset);
            // An address made from an integer: no arithmetic on a null pointer.
            let expr = if is_null(ctx, base) {
                format!("(char *)(uintptr_t){signed_offset}")
            } else {
                format!("{} + {signed_offset}", e.val(base))
            };
            e.define1(op, expr)?;
        }
        "ptr.load" => {
            let ty = e.result_scalar(op, 0)?;
            let load = load(e, op, ty, &e.operand(op, 0));
            e.define1(op, load)?;
        }
        "ptr.store" => {
            let ty = e.operand_scalar(op, 0)?;
            let (value, ptr) = (e.operand(op, 0), e.operand(op, 1));
            let statement = store(e, op, ty, &ptr, &value);
            e.line(statement);
        }
        "ptr.constant" => {
            if !is_null(ctx, ctx.result(op, 0)) {
                return Err(ctx.op_error(
                    op,
                    "with a value other than #ptr.null is not supported by the HIP target",
                ));
            }
            e.bind(ctx.result(op, 0), "(char *)nullptr".to_string());
        }
        "ptr.ptr_diff" => {
            let s = e.result_scalar(op, 0)?;
            let (a, b) = (e.operand(op, 0), e.operand(op, 1));
            e.define1(
                op,
                format!("({})((uintptr_t){a} - (uintptr_t){b})", s.cpp()),
            )?;
        }
        "ptr.type_offset" => {
            let s = e.result_scalar(op, 0)?;
            let elem = ctx
                .prop(op, "elementType")
                .and_then(|a| ctx.attr_type(a))
                .and_then(|t| scalar_of(ctx, t))
                .ok_or_else(|| {
                    ctx.op_error(op, "has an element type the HIP target cannot express")
                })?;
            e.bind(
                ctx.result(op, 0),
                int_literal(s.width(), (elem.width() / 8).max(1) as i128),
            );
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// Is `v` the null pointer constant?
fn is_null(ctx: &Context, v: ValueId) -> bool {
    let Some(def) = ctx.defining_op(v) else {
        return false;
    };
    ctx.is_op(def, "ptr.constant")
        && ctx.prop(def, "value").is_some_and(|a| {
            matches!(ctx.attr_dialect(a), Some(("ptr.null", None)))
                || matches!(ctx.attr_dialect(a), Some(("ptr", Some(body))) if body.trim() == "null")
        })
}

/// The alignment a `ptr.load`/`ptr.store` states, when below the natural one.
fn stated_alignment(ctx: &Context, op: OpId, ty: Scalar) -> Option<u32> {
    let a = ctx.prop(op, "alignment").and_then(|a| ctx.attr_int(a))?;
    let natural = (ty.width() / 8).max(1) as i128;
    (a > 0 && a < natural).then_some(a as u32)
}

/// Is the access volatile, or atomic (an ordering other than not_atomic)?
fn flag(ctx: &Context, op: OpId, name: &str) -> bool {
    ctx.prop(op, name)
        .is_some_and(|a| ctx.attr_int(a) != Some(0))
}

/// A typed load of `ty` at `ptr` (`cuda.ldg` and `ptr.load`).
fn load(e: &FnEmitter, op: OpId, ty: Scalar, ptr: &str) -> String {
    access(e.ctx, op, ty, "load", &format!("({ptr})"))
}

/// A typed store of `value` at `ptr`, as a statement.
fn store(e: &FnEmitter, op: OpId, ty: Scalar, ptr: &str, value: &str) -> String {
    access(e.ctx, op, ty, "store", &format!("({ptr}, {value})")) + ";"
}

/// `cuwasm_{atomic_,volatile_,}{load,store}<T[, A]>args` (prelude.h).
fn access(ctx: &Context, op: OpId, ty: Scalar, what: &str, args: &str) -> String {
    let t = ty.cpp();
    if flag(ctx, op, "ordering") {
        return format!("cuwasm_atomic_{what}<{t}>{args}");
    }
    if flag(ctx, op, "volatile_") {
        return format!("cuwasm_volatile_{what}<{t}>{args}");
    }
    match stated_alignment(ctx, op, ty) {
        Some(a) => format!("cuwasm_{what}<{t}, {a}>{args}"),
        None => format!("cuwasm_{what}<{t}>{args}"),
    }
}

/// The cuda dialect's memory ops; `false` for the others.
pub(super) fn emit_cuda(e: &mut FnEmitter, op: OpId) -> Result<bool, Diagnostic> {
    let ctx = e.ctx;
    let result = || ctx.result(op, 0);
    match ctx.op_name_text(op) {
        "cuda.shared_alloc" | "cuda.alloca" => {
            let array = local_array(e, op)?;
            e.bind(result(), format!("(char *){array}"));
        }
        "cuda.dynamic_shared" => {
            e.bind(result(), "(char *)cuwasm_dynamic_shared".to_string());
        }
        "cuda.global_addr" => {
            let (name, space) = ctx
                .prop(op, "global_name")
                .and_then(|a| e.symbols.global(ctx, a))
                .ok_or_else(|| ctx.op_error(op, "names a variable the HIP target does not know"))?;
            if (space == MemSpace::Host) != (e.side == Side::Host) {
                return Err(ctx.op_error(
                    op,
                    "takes the address of a variable of the other side (host/device), which the HIP target does not express",
                ));
            }
            e.bind(result(), format!("(char *){name}"));
        }
        "cuda.ldg" => {
            let ty = e.result_scalar(op, 0)?;
            let load = load(e, op, ty, &e.operand(op, 0));
            e.define1(op, load)?;
        }
        "cuda.addrspace_cast" => {
            let v = e.operand(op, 0);
            e.alias(op, 0, v);
        }
        "cuda.string_literal" => {
            let text = ctx
                .prop(op, "value")
                .and_then(|a| match ctx.attr_data(a) {
                    AttrData::String { value, .. } => Some(value.clone()),
                    _ => None,
                })
                .unwrap_or_default();
            e.bind(result(), format!("(char *){}", string_literal(&text)));
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// Declare the array of a `cuda.shared_alloc` (`__shared__`) or `cuda.alloca`
/// (one per thread) at the top of the function; its name.
fn local_array(e: &mut FnEmitter, op: OpId) -> Result<String, Diagnostic> {
    let ctx = e.ctx;
    let (elem, count, align) = array_props(ctx, op)?;
    let shared = ctx.is_op(op, "cuda.shared_alloc");
    let hint = ctx
        .prop(op, "name")
        .and_then(|a| ctx.attr_str(a))
        .filter(|n| is_identifier(n))
        .unwrap_or(if shared { "shared" } else { "local" });
    let name = format!("{hint}_{}", e.top.len());
    let space = if shared { "__shared__ " } else { "" };
    e.top
        .push(format!("{align}{space}{} {name}[{count}];", elem.cpp()));
    Ok(name)
}

/// Element type, count and `alignas(...) ` (or nothing) of an array op.
fn array_props(ctx: &Context, op: OpId) -> Result<(Scalar, i128, String), Diagnostic> {
    let elem = ctx
        .prop(op, "element_type")
        .and_then(|a| ctx.attr_type(a))
        .ok_or_else(|| ctx.op_error(op, "has no element type"))?;
    let elem = scalar(ctx, op, elem)?;
    let count = ctx
        .prop(op, "count")
        .and_then(|a| ctx.attr_int(a))
        .unwrap_or(1);
    let align = ctx
        .prop(op, "alignment")
        .and_then(|a| ctx.attr_int(a))
        .map(|a| format!("alignas({a}) "))
        .unwrap_or_default();
    Ok((elem, count, align))
}

/// A `cuda.global_var` as a C++ array definition: `__constant__`,
/// `__device__`, or a host global.
pub(super) fn global_var(
    ctx: &Context,
    op: OpId,
    name: &str,
    symbols: &Symbols,
) -> Result<String, Diagnostic> {
    let (elem, count, align) = array_props(ctx, op)?;
    let space = match MemSpace::from_prop(ctx, op, "space")? {
        Some(MemSpace::Constant) => "__constant__ ",
        Some(MemSpace::Global) => "__device__ ",
        _ => "static ",
    };
    let init = match ctx.prop(op, "initial_value") {
        Some(a) if matches!(ctx.attr_data(a), AttrData::Array(_)) => {
            format!(" = {{{}}}", addresses(ctx, op, symbols)?)
        }
        Some(a) => format!(" = {{{}}}", initializer(ctx, op, a, elem, count)?),
        None => String::new(),
    };
    Ok(format!(
        "{align}{space}{} {name}[{count}]{init};",
        elem.cpp()
    ))
}

/// The addresses a variable of pointers holds initially
/// (`cuda::global_var_addresses`), as C++ constants: a string literal, a
/// function's or variable's address, `nullptr`.
fn addresses(ctx: &Context, op: OpId, symbols: &Symbols) -> Result<String, Diagnostic> {
    let items = global_var_addresses(ctx, op)?
        .into_iter()
        .map(|(_, a)| match a {
            Address::Null => Ok("nullptr".to_string()),
            Address::String(text) => Ok(format!("(char *){}", string_literal(&text))),
            Address::Symbol(sym) => {
                let r = ctx.symbol_ref_attr(&sym, &[]);
                match (symbols.function(ctx, r), symbols.global(ctx, r)) {
                    (Some(f), _) => Ok(format!("(char *)&{f}")),
                    (None, Some((v, _))) => Ok(format!("(char *){v}")),
                    (None, None) => Err(ctx.op_error(
                        op,
                        format!(
                            "holds the address of '@{sym}', which the HIP target does not know"
                        ),
                    )),
                }
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(items.join(", "))
}

/// The elements of a `dense<...>` initializer, as C++ constants.
fn initializer(
    ctx: &Context,
    op: OpId,
    attr: cuwasm::Attr,
    elem: Scalar,
    count: i128,
) -> Result<String, Diagnostic> {
    let AttrData::Dense { values, splat, .. } = ctx.attr_data(attr) else {
        return Err(ctx.op_error(op, "has an initial value that is not dense<...>"));
    };
    let items: Vec<String> = match (values, elem) {
        (DenseValues::Int(v), Scalar::Int(w)) => v.iter().map(|&x| int_literal(w, x)).collect(),
        (DenseValues::Float(v), Scalar::F32 | Scalar::F64) => {
            v.iter().map(|&b| float_literal(elem, b)).collect()
        }
        _ => {
            return Err(ctx.op_error(
                op,
                "has an initial value of a type the HIP target does not write",
            ));
        }
    };
    if *splat && items.len() == 1 {
        return Ok(vec![items[0].clone(); count as usize].join(", "));
    }
    Ok(items.join(", "))
}

/// Is `s` a C identifier (letters, digits, `_`, `$`, not starting with a digit)?
pub(super) fn is_identifier(s: &str) -> bool {
    let mut bytes = s.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_' || b == b'$')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$')
}
