//! Type checks and helpers shared by several dialects.

use cuwasm::{Attr, AttrData, Context, Diagnostic, OpId, Signedness, Type, TypeData};

/// Signless integer or index, possibly inside a vector/tensor.
pub fn is_signless_int_like(ctx: &Context, ty: Type) -> bool {
    let e = ctx.element_type(ty);
    ctx.is_index(e)
        || matches!(
            ctx.type_data(e),
            TypeData::Integer {
                signedness: Signedness::Signless,
                ..
            }
        )
}

/// Float, possibly inside a vector/tensor.
pub fn is_float_like(ctx: &Context, ty: Type) -> bool {
    ctx.is_float(ctx.element_type(ty))
}

/// Do two types have the same vector/tensor shape (or are both scalars)?
pub fn same_shape(ctx: &Context, a: Type, b: Type) -> bool {
    match (ctx.type_data(a), ctx.type_data(b)) {
        (
            TypeData::Vector {
                shape: s1,
                scalable: c1,
                ..
            },
            TypeData::Vector {
                shape: s2,
                scalable: c2,
                ..
            },
        ) => s1 == s2 && c1 == c2,
        (TypeData::Tensor { shape: s1, .. }, TypeData::Tensor { shape: s2, .. }) => s1 == s2,
        (TypeData::Vector { .. } | TypeData::Tensor { .. }, _)
        | (_, TypeData::Vector { .. } | TypeData::Tensor { .. }) => false,
        _ => true,
    }
}

/// Every operand and result satisfies `pred`; otherwise an error naming `what`.
pub fn verify_all_types(
    ctx: &Context,
    op: OpId,
    what: &str,
    pred: fn(&Context, Type) -> bool,
) -> Result<(), Diagnostic> {
    let values = ctx.operands(op).iter().copied().chain(ctx.results(op));
    for (i, v) in values.enumerate() {
        let ty = ctx.value_type(v);
        if !pred(ctx, ty) {
            let kind = if i < ctx.num_operands(op) {
                format!("operand #{i}")
            } else {
                format!("result #{}", i - ctx.num_operands(op))
            };
            return Err(ctx.op_error(
                op,
                format!(
                    "{kind} must be {what}, but got '{}'",
                    ctx.type_to_string(ty)
                ),
            ));
        }
    }
    Ok(())
}

pub fn verify_int_like(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    verify_all_types(ctx, op, "signless-integer-like", is_signless_int_like)
}

pub fn verify_float_like(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    verify_all_types(ctx, op, "floating-point-like", is_float_like)
}

/// Is `attr` a `#dialect<body>` / `#dialect.name<body>` attribute with this name?
pub fn dialect_attr_body<'c>(ctx: &'c Context, attr: Attr, name: &str) -> Option<&'c str> {
    match ctx.attr_data(attr) {
        AttrData::Dialect { .. } => match ctx.attr_dialect(attr) {
            Some((n, body)) if n == name => body,
            _ => None,
        },
        _ => None,
    }
}

/// Check that the property `name`, if present, is a dialect attribute `#attr_name<...>`
/// whose body is one of `allowed` (the first word of the body is compared).
pub fn verify_enum_prop(
    ctx: &Context,
    op: OpId,
    name: &str,
    attr_name: &str,
    allowed: &[&str],
) -> Result<(), Diagnostic> {
    let Some(a) = ctx.prop(op, name) else {
        return Ok(());
    };
    let body = dialect_attr_body(ctx, a, attr_name).unwrap_or("");
    let word = body.split_whitespace().last().unwrap_or("");
    if allowed.contains(&word) {
        Ok(())
    } else {
        Err(ctx.op_error(
            op,
            format!(
                "property '{name}' must be #{attr_name}<...> with one of {allowed:?}, got {}",
                ctx.attr_to_string(a)
            ),
        ))
    }
}
