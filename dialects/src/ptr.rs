//! `ptr`: MLIR 22's pointer dialect. Pointers are `!ptr.ptr<#space>`; cuwasm's
//! frontends use them for all device memory (`#ptr.generic_space` and GPU spaces).

use cuwasm::{Context, Diagnostic, DialectInfo, Effect, EffectKind, OpId, Type, op};

op! {
    /// `base + offset` in bytes (`flags`: 0 none, 1 nusw, 2 nuw, 3 inbounds).
    PtrAddOp = "ptr.ptr_add",
    operands: [base: One, offset: One],
    results: [result: One],
    properties: [flags: Optional],
    traits: [PURE],
    verify: |ctx, op| expect_ptr(ctx, op, ctx.operand(op, 0), "base"),
}

op! {
    /// `lhs - rhs` in bytes.
    PtrDiffOp = "ptr.ptr_diff",
    operands: [lhs: One, rhs: One],
    results: [result: One],
    properties: [flags: Optional],
    traits: [PURE],
}

op! {
    /// Load a value through a pointer.
    LoadOp = "ptr.load",
    operands: [ptr: One],
    results: [value: One],
    properties: [alignment: Optional, invariant: Optional, invariantGroup: Optional, nontemporal: Optional, ordering: Optional, syncscope: Optional, volatile_: Optional],
    verify: |ctx, op| expect_ptr(ctx, op, ctx.operand(op, 0), "ptr"),
    effects: |ctx, op| access_effects(ctx, op, EffectKind::Read, 0),
}

op! {
    /// Store a value through a pointer.
    StoreOp = "ptr.store",
    operands: [value: One, ptr: One],
    properties: [alignment: Optional, invariantGroup: Optional, nontemporal: Optional, ordering: Optional, syncscope: Optional, volatile_: Optional],
    verify: |ctx, op| expect_ptr(ctx, op, ctx.operand(op, 1), "ptr"),
    effects: |ctx, op| access_effects(ctx, op, EffectKind::Write, 1),
}

op! {
    /// The size in bytes of `elementType`, as an integer or index.
    TypeOffsetOp = "ptr.type_offset",
    results: [result: One],
    properties: [elementType: Required],
    traits: [PURE],
}

op! {
    /// A pointer constant (`#ptr.null`, or an address).
    ConstantOp = "ptr.constant",
    results: [result: One],
    properties: [value: Required],
    traits: [PURE, CONSTANT_LIKE],
}

op! {
    /// The pointer inside a pointer-like value (memref).
    ToPtrOp = "ptr.to_ptr",
    operands: [ptr: One],
    results: [result: One],
    traits: [PURE],
}

op! {
    /// A pointer-like value from a pointer and optional metadata.
    FromPtrOp = "ptr.from_ptr",
    operands: [ptr: One, metadata: Optional],
    results: [result: One],
    traits: [PURE],
}

op! {
    /// The metadata of a pointer-like value.
    GetMetadataOp = "ptr.get_metadata",
    operands: [ptr: One],
    results: [result: One],
    traits: [PURE],
}

op! {
    /// Masked vector gather through a vector of pointers.
    GatherOp = "ptr.gather",
    operands: [ptrs: One, mask: One, passthrough: One],
    results: [result: One],
    properties: [alignment: Optional],
    effects: |ctx, op| vec![Effect { kind: EffectKind::Read, on: Some(ctx.operand(op, 0)) }],
}

op! {
    /// Masked vector scatter through a vector of pointers.
    ScatterOp = "ptr.scatter",
    operands: [value: One, ptrs: One, mask: One],
    properties: [alignment: Optional],
    effects: |ctx, op| vec![Effect { kind: EffectKind::Write, on: Some(ctx.operand(op, 1)) }],
}

op! {
    /// Masked contiguous vector load.
    MaskedLoadOp = "ptr.masked_load",
    operands: [ptr: One, mask: One, passthrough: One],
    results: [result: One],
    properties: [alignment: Optional],
    effects: |ctx, op| vec![Effect { kind: EffectKind::Read, on: Some(ctx.operand(op, 0)) }],
}

op! {
    /// Masked contiguous vector store.
    MaskedStoreOp = "ptr.masked_store",
    operands: [value: One, ptr: One, mask: One],
    properties: [alignment: Optional],
    effects: |ctx, op| vec![Effect { kind: EffectKind::Write, on: Some(ctx.operand(op, 1)) }],
}

/// The effects of a load or store: its access, plus a write when it is
/// volatile or atomic (as MLIR's ptr dialect), so that such accesses are never
/// merged, dropped or reordered.
fn access_effects(ctx: &Context, op: OpId, kind: EffectKind, ptr: usize) -> Vec<Effect> {
    let on = Some(ctx.operand(op, ptr));
    // `ordering` is LLVM's AtomicOrdering, where 0 is `not_atomic`.
    let atomic = ctx
        .prop(op, "ordering")
        .is_some_and(|o| ctx.attr_int(o) != Some(0));
    let mut effects = vec![Effect { kind, on }];
    // `volatile_` is a unit attribute, or `false`/`true` as mlir-opt prints it.
    let volatile = ctx
        .prop(op, "volatile_")
        .is_some_and(|v| ctx.attr_int(v) != Some(0));
    if kind == EffectKind::Read && (atomic || volatile) {
        effects.push(Effect {
            kind: EffectKind::Write,
            on,
        });
    }
    effects
}

/// Is `ty` a `!ptr.ptr<...>`?
pub fn is_ptr(ctx: &Context, ty: Type) -> bool {
    matches!(ctx.dialect_type_name(ty), Some(("ptr.ptr", _)))
}

/// `!ptr.ptr<space>`, e.g. `ptr_type(ctx, "#ptr.generic_space")`.
pub fn ptr_type(ctx: &Context, space: &str) -> Type {
    ctx.dialect_type("ptr.ptr", Some(space))
}

fn expect_ptr(ctx: &Context, op: OpId, v: cuwasm::ValueId, what: &str) -> Result<(), Diagnostic> {
    let ty = ctx.value_type(v);
    if is_ptr(ctx, ctx.element_type(ty)) {
        Ok(())
    } else {
        Err(ctx.op_error(
            op,
            format!(
                "'{what}' must be a !ptr.ptr, but got '{}'",
                ctx.type_to_string(ty)
            ),
        ))
    }
}

pub fn register(ctx: &mut Context) {
    ctx.register_dialect(DialectInfo {
        name: "ptr",
        summary: "Pointers and memory access",
        materialize_constant: None,
        allow_unknown_ops: false,
    });
    ctx.register::<PtrAddOp>();
    ctx.register::<PtrDiffOp>();
    ctx.register::<LoadOp>();
    ctx.register::<StoreOp>();
    ctx.register::<TypeOffsetOp>();
    ctx.register::<ConstantOp>();
    ctx.register::<ToPtrOp>();
    ctx.register::<FromPtrOp>();
    ctx.register::<GetMetadataOp>();
    ctx.register::<GatherOp>();
    ctx.register::<ScatterOp>();
    ctx.register::<MaskedLoadOp>();
    ctx.register::<MaskedStoreOp>();
}
