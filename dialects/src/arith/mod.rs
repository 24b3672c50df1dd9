//! `arith`: integer and float arithmetic, comparisons, casts, select and
//! constants, with MLIR 22's names, properties and verifier rules. Constant
//! folders live in [`fold`], canonicalization patterns in [`canonicalize`].

use crate::common::{
    is_float_like, is_signless_int_like, same_shape, verify_all_types, verify_float_like,
    verify_int_like,
};
use cuwasm::{
    Attr, AttrData, Builder, Context, Diagnostic, DialectInfo, Location, OpId, OpView, Type,
    ValueId, op,
};

pub mod canonicalize;
pub mod fold;
use fold::*;

/// Integer binary ops: `(lhs, rhs) -> result`, all one type.
macro_rules! int_binary {
    ($($Op:ident = $name:literal, props: [$($p:ident),*], traits: [$($t:ident),*], fold: $fold:expr $(, canonicalize: $canon:expr)?;)*) => {$(
        op! {
            #[doc = concat!("`", $name, "`: integer binary operation.")]
            $Op = $name,
            operands: [lhs: One, rhs: One],
            results: [result: One],
            properties: [$($p: Optional),*],
            traits: [SAME_OPERANDS_AND_RESULT_TYPE, ELEMENTWISE, $($t),*],
            verify: verify_int_like,
            fold: $fold,
            $(canonicalize: $canon,)?
        }
    )*};
}

int_binary! {
    AddIOp = "arith.addi", props: [overflowFlags], traits: [PURE, COMMUTATIVE], fold: fold_addi, canonicalize: canonicalize::addi;
    SubIOp = "arith.subi", props: [overflowFlags], traits: [PURE], fold: fold_subi, canonicalize: canonicalize::subi;
    MulIOp = "arith.muli", props: [overflowFlags], traits: [PURE, COMMUTATIVE], fold: fold_muli, canonicalize: canonicalize::muli;
    DivSIOp = "arith.divsi", props: [isExact], traits: [NO_MEMORY_EFFECT], fold: fold_divsi, canonicalize: canonicalize::divsi;
    DivUIOp = "arith.divui", props: [isExact], traits: [NO_MEMORY_EFFECT], fold: fold_divui, canonicalize: canonicalize::divui;
    CeilDivSIOp = "arith.ceildivsi", props: [], traits: [NO_MEMORY_EFFECT], fold: fold_ceildivsi;
    CeilDivUIOp = "arith.ceildivui", props: [], traits: [NO_MEMORY_EFFECT], fold: fold_ceildivui;
    FloorDivSIOp = "arith.floordivsi", props: [], traits: [NO_MEMORY_EFFECT], fold: fold_floordivsi;
    RemSIOp = "arith.remsi", props: [], traits: [NO_MEMORY_EFFECT], fold: fold_remsi, canonicalize: canonicalize::remsi;
    RemUIOp = "arith.remui", props: [], traits: [NO_MEMORY_EFFECT], fold: fold_remui, canonicalize: canonicalize::remui;
    AndIOp = "arith.andi", props: [], traits: [PURE, COMMUTATIVE], fold: fold_andi, canonicalize: canonicalize::andi;
    OrIOp = "arith.ori", props: [], traits: [PURE, COMMUTATIVE], fold: fold_ori, canonicalize: canonicalize::ori;
    XOrIOp = "arith.xori", props: [], traits: [PURE, COMMUTATIVE], fold: fold_xori, canonicalize: canonicalize::xori;
    ShLIOp = "arith.shli", props: [overflowFlags], traits: [PURE], fold: fold_shli;
    ShRSIOp = "arith.shrsi", props: [isExact], traits: [PURE], fold: fold_shrsi;
    ShRUIOp = "arith.shrui", props: [isExact], traits: [PURE], fold: fold_shrui;
    MaxSIOp = "arith.maxsi", props: [], traits: [PURE, COMMUTATIVE], fold: fold_maxsi, canonicalize: canonicalize::maxsi;
    MaxUIOp = "arith.maxui", props: [], traits: [PURE, COMMUTATIVE], fold: fold_maxui, canonicalize: canonicalize::maxui;
    MinSIOp = "arith.minsi", props: [], traits: [PURE, COMMUTATIVE], fold: fold_minsi, canonicalize: canonicalize::minsi;
    MinUIOp = "arith.minui", props: [], traits: [PURE, COMMUTATIVE], fold: fold_minui, canonicalize: canonicalize::minui;
}

/// Float binary ops: `(lhs, rhs) -> result` with `fastmath` flags.
macro_rules! float_binary {
    ($($Op:ident = $name:literal, traits: [$($t:ident),*], fold: $fold:expr $(, canonicalize: $canon:expr)?;)*) => {$(
        op! {
            #[doc = concat!("`", $name, "`: floating-point binary operation.")]
            $Op = $name,
            operands: [lhs: One, rhs: One],
            results: [result: One],
            properties: [fastmath: Optional],
            traits: [PURE, SAME_OPERANDS_AND_RESULT_TYPE, ELEMENTWISE, $($t),*],
            verify: verify_float_like,
            fold: $fold,
            $(canonicalize: $canon,)?
        }
    )*};
}

float_binary! {
    AddFOp = "arith.addf", traits: [COMMUTATIVE], fold: fold_addf;
    SubFOp = "arith.subf", traits: [], fold: fold_subf;
    MulFOp = "arith.mulf", traits: [COMMUTATIVE], fold: fold_mulf, canonicalize: canonicalize::mulf;
    DivFOp = "arith.divf", traits: [], fold: fold_divf, canonicalize: canonicalize::divf;
    RemFOp = "arith.remf", traits: [], fold: fold_remf;
    MaximumFOp = "arith.maximumf", traits: [COMMUTATIVE], fold: fold_maximumf, canonicalize: canonicalize::maximumf;
    MinimumFOp = "arith.minimumf", traits: [COMMUTATIVE], fold: fold_minimumf, canonicalize: canonicalize::minimumf;
    MaxNumFOp = "arith.maxnumf", traits: [COMMUTATIVE], fold: fold_maxnumf, canonicalize: canonicalize::maxnumf;
    MinNumFOp = "arith.minnumf", traits: [COMMUTATIVE], fold: fold_minnumf, canonicalize: canonicalize::minnumf;
}

op! {
    /// `-x` for floats.
    NegFOp = "arith.negf",
    operands: [operand: One],
    results: [result: One],
    properties: [fastmath: Optional],
    traits: [PURE, SAME_OPERANDS_AND_RESULT_TYPE, ELEMENTWISE],
    verify: verify_float_like,
    fold: fold_negf,
    canonicalize: canonicalize::negf,
}

/// Ops with two results (`sum`/`overflow`, `low`/`high`).
macro_rules! int_extended {
    ($($Op:ident = $name:literal, [$r0:ident, $r1:ident], traits: [$($t:ident),*], fold: $fold:expr;)*) => {$(
        op! {
            #[doc = concat!("`", $name, "`: integer operation with an extended second result.")]
            $Op = $name,
            operands: [lhs: One, rhs: One],
            results: [$r0: One, $r1: One],
            traits: [PURE, ELEMENTWISE, $($t),*],
            verify: verify_extended,
            fold: $fold,
        }
    )*};
}

int_extended! {
    AddUIExtendedOp = "arith.addui_extended", [sum, overflow], traits: [COMMUTATIVE], fold: fold_addui_extended;
    MulSIExtendedOp = "arith.mulsi_extended", [low, high], traits: [COMMUTATIVE], fold: fold_mulsi_extended;
    MulUIExtendedOp = "arith.mului_extended", [low, high], traits: [COMMUTATIVE], fold: fold_mului_extended;
}

op! {
    /// Integer comparison; `predicate` is 0..9 (eq ne slt sle sgt sge ult ule ugt uge).
    CmpIOp = "arith.cmpi",
    operands: [lhs: One, rhs: One],
    results: [result: One],
    properties: [predicate: Required],
    traits: [PURE, SAME_TYPE_OPERANDS, ELEMENTWISE],
    verify: verify_cmpi,
    fold: fold_cmpi,
    canonicalize: canonicalize::cmpi_patterns,
}

op! {
    /// Float comparison; `predicate` is 0..15 (false oeq ogt oge olt ole one ord ueq ugt uge ult ule une uno true).
    CmpFOp = "arith.cmpf",
    operands: [lhs: One, rhs: One],
    results: [result: One],
    properties: [predicate: Required, fastmath: Optional],
    traits: [PURE, SAME_TYPE_OPERANDS, ELEMENTWISE],
    verify: verify_cmpf,
    fold: fold_cmpf,
}

op! {
    /// `condition ? true_value : false_value`.
    SelectOp = "arith.select",
    operands: [condition: One, true_value: One, false_value: One],
    results: [result: One],
    traits: [PURE, ELEMENTWISE],
    verify: verify_select,
    fold: fold_select,
    canonicalize: canonicalize::select,
}

op! {
    /// A constant of integer, index, float or dense vector type.
    ConstantOp = "arith.constant",
    results: [result: One],
    properties: [value: Required],
    traits: [PURE, CONSTANT_LIKE],
    verify: verify_constant,
    fold: fold_constant,
}

/// Casts: `(in) -> out` with a per-cast verifier and folder.
macro_rules! cast {
    ($($Op:ident = $name:literal, props: [$($p:ident),*], verify: $verify:expr, fold: $fold:expr $(, canonicalize: $canon:expr)?;)*) => {$(
        op! {
            #[doc = concat!("`", $name, "`: cast.")]
            $Op = $name,
            operands: [input: One],
            results: [output: One],
            properties: [$($p: Optional),*],
            traits: [PURE, ELEMENTWISE],
            verify: $verify,
            fold: $fold,
            $(canonicalize: $canon,)?
        }
    )*};
}

cast! {
    ExtSIOp = "arith.extsi", props: [], verify: verify_int_widen, fold: fold_extsi, canonicalize: canonicalize::extsi;
    ExtUIOp = "arith.extui", props: [], verify: verify_int_widen, fold: fold_extui, canonicalize: canonicalize::extui;
    TruncIOp = "arith.trunci", props: [overflowFlags], verify: verify_int_narrow, fold: fold_trunci, canonicalize: canonicalize::trunci;
    ExtFOp = "arith.extf", props: [fastmath], verify: verify_float_widen, fold: fold_float_cast;
    TruncFOp = "arith.truncf", props: [roundingmode, fastmath], verify: verify_float_narrow, fold: fold_float_cast;
    SIToFPOp = "arith.sitofp", props: [], verify: verify_int_to_float, fold: fold_sitofp;
    UIToFPOp = "arith.uitofp", props: [], verify: verify_int_to_float, fold: fold_uitofp;
    FPToSIOp = "arith.fptosi", props: [], verify: verify_float_to_int, fold: fold_fptosi;
    FPToUIOp = "arith.fptoui", props: [], verify: verify_float_to_int, fold: fold_fptoui;
    IndexCastOp = "arith.index_cast", props: [], verify: verify_index_cast, fold: fold_index_cast, canonicalize: canonicalize::index_cast;
    IndexCastUIOp = "arith.index_castui", props: [], verify: verify_index_cast, fold: fold_index_castui, canonicalize: canonicalize::index_castui;
    BitcastOp = "arith.bitcast", props: [], verify: verify_bitcast, fold: fold_bitcast;
}

op! {
    /// Extend small floats by a per-element scale (microscaling formats).
    ScalingExtFOp = "arith.scaling_extf",
    operands: [in_: One, scale: One],
    results: [out: One],
    properties: [fastmath: Optional],
    traits: [PURE, ELEMENTWISE],
}

op! {
    /// Truncate to small floats with a per-element scale (microscaling formats).
    ScalingTruncFOp = "arith.scaling_truncf",
    operands: [in_: One, scale: One],
    results: [out: One],
    properties: [roundingmode: Optional, fastmath: Optional],
    traits: [PURE, ELEMENTWISE],
}

fn verify_extended(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    verify_all_types(ctx, op, "signless-integer-like", |c, t| {
        is_signless_int_like(c, t) || c.element_type(t) == c.i1()
    })?;
    let ty = ctx.value_type(ctx.operand(op, 0));
    if ctx.value_type(ctx.operand(op, 1)) != ty || ctx.value_type(ctx.result(op, 0)) != ty {
        return Err(ctx.op_error(
            op,
            "requires the operands and the first result to have the same type",
        ));
    }
    Ok(())
}

fn verify_predicate(ctx: &Context, op: OpId, max: i128) -> Result<(), Diagnostic> {
    let p = ctx.prop(op, "predicate").unwrap();
    match ctx.attr_data(p) {
        AttrData::Integer { value, ty }
            if ctx.int_width(*ty) == Some(64) && (0..=max).contains(value) =>
        {
            Ok(())
        }
        _ => Err(ctx.op_error(
            op,
            format!(
                "attribute 'predicate' failed to satisfy constraint: an i64 predicate in 0..={max}"
            ),
        )),
    }
}

fn verify_bool_result(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    let (lhs, res) = (
        ctx.value_type(ctx.operand(op, 0)),
        ctx.value_type(ctx.result(op, 0)),
    );
    if ctx.element_type(res) != ctx.i1() || !same_shape(ctx, lhs, res) {
        return Err(ctx.op_error(
            op,
            format!(
                "result #0 must be i1 with the operands' shape, but got '{}'",
                ctx.type_to_string(res)
            ),
        ));
    }
    Ok(())
}

fn verify_cmpi(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    verify_predicate(ctx, op, 9)?;
    let lhs = ctx.value_type(ctx.operand(op, 0));
    if !is_signless_int_like(ctx, lhs) {
        return Err(ctx.op_error(
            op,
            format!(
                "operand #0 must be signless-integer-like, but got '{}'",
                ctx.type_to_string(lhs)
            ),
        ));
    }
    verify_bool_result(ctx, op)
}

fn verify_cmpf(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    verify_predicate(ctx, op, 15)?;
    let lhs = ctx.value_type(ctx.operand(op, 0));
    if !is_float_like(ctx, lhs) {
        return Err(ctx.op_error(
            op,
            format!(
                "operand #0 must be floating-point-like, but got '{}'",
                ctx.type_to_string(lhs)
            ),
        ));
    }
    verify_bool_result(ctx, op)
}

fn verify_select(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    let [c, t, f] = [0, 1, 2].map(|i| ctx.value_type(ctx.operand(op, i)));
    let r = ctx.value_type(ctx.result(op, 0));
    if t != f || t != r {
        return Err(ctx.op_error(
            op,
            "requires the true value, false value and result to have the same type",
        ));
    }
    let scalar_cond = c == ctx.i1();
    if !scalar_cond && !(ctx.element_type(c) == ctx.i1() && same_shape(ctx, c, t)) {
        return Err(ctx.op_error(
            op,
            "expected condition to be a signless i1, or an i1 vector of the result's shape",
        ));
    }
    Ok(())
}

fn verify_constant(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    let value = ctx.prop(op, "value").unwrap();
    let ty = ctx.value_type(ctx.result(op, 0));
    if matches!(ctx.attr_data(value), AttrData::Integer { .. }) && ctx.is_float(ty) {
        return Err(ctx.op_error(
            op,
            "an integer value cannot have the float type of the result",
        ));
    }
    match ctx.attr_value_type(value) {
        Some(vt) if vt == ty && !matches!(ctx.attr_data(value), AttrData::String { .. }) => Ok(()),
        Some(vt) => Err(ctx.op_error(
            op,
            format!(
                "value type '{}' must match return type '{}'",
                ctx.type_to_string(vt),
                ctx.type_to_string(ty)
            ),
        )),
        None => Err(ctx.op_error(op, "value must be an integer, float or elements attribute")),
    }
}

fn width_of(ctx: &Context, ty: Type) -> Option<u32> {
    let e = ctx.element_type(ty);
    ctx.int_width(e)
        .or_else(|| ctx.float_kind(e).map(|k| k.width()))
}

fn cast_types(ctx: &Context, op: OpId) -> (Type, Type) {
    (
        ctx.value_type(ctx.operand(op, 0)),
        ctx.value_type(ctx.result(op, 0)),
    )
}

/// Shapes must agree and the element kinds must satisfy `ok(in, out)`.
fn verify_cast(
    ctx: &Context,
    op: OpId,
    what: &str,
    ok: impl Fn(Type, Type) -> bool,
) -> Result<(), Diagnostic> {
    let (i, o) = cast_types(ctx, op);
    if !same_shape(ctx, i, o) || !ok(ctx.element_type(i), ctx.element_type(o)) {
        return Err(ctx.op_error(
            op,
            format!(
                "operand type '{}' and result type '{}' are cast incompatible: {what}",
                ctx.type_to_string(i),
                ctx.type_to_string(o)
            ),
        ));
    }
    Ok(())
}

fn verify_int_widen(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    verify_cast(ctx, op, "result must be a wider integer", |i, o| {
        ctx.is_integer(i) && ctx.is_integer(o) && width_of(ctx, o) > width_of(ctx, i)
    })
}
fn verify_int_narrow(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    verify_cast(ctx, op, "result must be a narrower integer", |i, o| {
        ctx.is_integer(i) && ctx.is_integer(o) && width_of(ctx, o) < width_of(ctx, i)
    })
}
fn verify_float_widen(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    verify_cast(ctx, op, "result must be a wider float", |i, o| {
        ctx.is_float(i) && ctx.is_float(o) && width_of(ctx, o) > width_of(ctx, i)
    })
}
fn verify_float_narrow(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    verify_cast(ctx, op, "result must be a narrower float", |i, o| {
        ctx.is_float(i) && ctx.is_float(o) && width_of(ctx, o) < width_of(ctx, i)
    })
}
fn verify_int_to_float(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    verify_cast(ctx, op, "integer to float", |i, o| {
        ctx.is_integer(i) && ctx.is_float(o)
    })
}
fn verify_float_to_int(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    verify_cast(ctx, op, "float to integer", |i, o| {
        ctx.is_float(i) && ctx.is_integer(o)
    })
}
fn verify_index_cast(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    verify_cast(
        ctx,
        op,
        "one side must be index, the other an integer",
        |i, o| (ctx.is_index(i) && ctx.is_integer(o)) || (ctx.is_integer(i) && ctx.is_index(o)),
    )
}
fn verify_bitcast(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    verify_cast(ctx, op, "types must have the same bit width", |i, o| {
        width_of(ctx, i).is_some() && width_of(ctx, i) == width_of(ctx, o)
    })
}

/// Build `arith.constant` for an integer/float/dense attribute of type `ty`.
fn materialize(b: &mut Builder<'_>, value: Attr, ty: Type, loc: Location) -> Option<ValueId> {
    if b.attr_value_type(value) != Some(ty) {
        return None;
    }
    let saved = b.loc;
    b.loc = loc;
    let op = ConstantOp::build(b, &[], &[ty], &[("value", value)]);
    b.loc = saved;
    Some(b.result(op.0, 0))
}

/// `arith.constant value` at the builder's insertion point.
pub fn constant(b: &mut Builder<'_>, value: Attr) -> ValueId {
    let ty = b
        .attr_value_type(value)
        .expect("arith.constant needs a typed attribute");
    let op = ConstantOp::build(b, &[], &[ty], &[("value", value)]);
    b.result(op.0, 0)
}

/// A binary op `name` of `lhs` and `rhs` (result type = operand type).
pub fn binary<T: OpView>(b: &mut Builder<'_>, lhs: ValueId, rhs: ValueId) -> ValueId {
    let ty = b.value_type(lhs);
    let state = b.state(T::NAME).operands(&[lhs, rhs]).results(&[ty]);
    let op = b.insert(state);
    b.result(op, 0)
}

pub fn register(ctx: &mut Context) {
    ctx.register_dialect(DialectInfo {
        name: "arith",
        summary: "Integer and floating-point arithmetic",
        materialize_constant: Some(materialize),
        allow_unknown_ops: false,
    });
    ctx.register::<AddIOp>();
    ctx.register::<SubIOp>();
    ctx.register::<MulIOp>();
    ctx.register::<DivSIOp>();
    ctx.register::<DivUIOp>();
    ctx.register::<CeilDivSIOp>();
    ctx.register::<CeilDivUIOp>();
    ctx.register::<FloorDivSIOp>();
    ctx.register::<RemSIOp>();
    ctx.register::<RemUIOp>();
    ctx.register::<AndIOp>();
    ctx.register::<OrIOp>();
    ctx.register::<XOrIOp>();
    ctx.register::<ShLIOp>();
    ctx.register::<ShRSIOp>();
    ctx.register::<ShRUIOp>();
    ctx.register::<MaxSIOp>();
    ctx.register::<MaxUIOp>();
    ctx.register::<MinSIOp>();
    ctx.register::<MinUIOp>();
    ctx.register::<AddFOp>();
    ctx.register::<SubFOp>();
    ctx.register::<MulFOp>();
    ctx.register::<DivFOp>();
    ctx.register::<RemFOp>();
    ctx.register::<MaximumFOp>();
    ctx.register::<MinimumFOp>();
    ctx.register::<MaxNumFOp>();
    ctx.register::<MinNumFOp>();
    ctx.register::<NegFOp>();
    ctx.register::<AddUIExtendedOp>();
    ctx.register::<MulSIExtendedOp>();
    ctx.register::<MulUIExtendedOp>();
    ctx.register::<CmpIOp>();
    ctx.register::<CmpFOp>();
    ctx.register::<SelectOp>();
    ctx.register::<ConstantOp>();
    ctx.register::<ExtSIOp>();
    ctx.register::<ExtUIOp>();
    ctx.register::<TruncIOp>();
    ctx.register::<ExtFOp>();
    ctx.register::<TruncFOp>();
    ctx.register::<SIToFPOp>();
    ctx.register::<UIToFPOp>();
    ctx.register::<FPToSIOp>();
    ctx.register::<FPToUIOp>();
    ctx.register::<IndexCastOp>();
    ctx.register::<IndexCastUIOp>();
    ctx.register::<BitcastOp>();
    ctx.register::<ScalingExtFOp>();
    ctx.register::<ScalingTruncFOp>();
}
