//! Constant folders for `arith`: evaluate ops whose operands are constants, and
//! the identities MLIR folds (x+0, x*1, x-x, x&x, ...). Scalars only; a folder
//! that cannot decide returns `None` and leaves the op alone.

use cuwasm::{Attr, AttrData, Context, FoldResult, OpId, Type, TypeData};

type Fold = Option<Vec<FoldResult>>;

fn bit_width(ctx: &Context, ty: Type) -> Option<u32> {
    match ctx.type_data(ty) {
        TypeData::Integer { width, .. } => Some(*width),
        TypeData::Index => Some(64),
        _ => None,
    }
}

fn as_unsigned(v: i128, w: u32) -> u128 {
    if w >= 128 {
        v as u128
    } else {
        (v as u128) & ((1u128 << w) - 1)
    }
}

fn as_signed(v: i128, w: u32) -> i128 {
    if w >= 128 || w == 0 {
        return v;
    }
    let u = as_unsigned(v, w) as i128;
    if (u >> (w - 1)) & 1 == 1 {
        u - (1i128 << w)
    } else {
        u
    }
}

/// A scalar integer constant operand: `(value, bit width)`.
fn int_of(ctx: &Context, a: Option<Attr>) -> Option<(i128, u32)> {
    match ctx.attr_data(a?) {
        AttrData::Integer { value, ty } => Some((*value, bit_width(ctx, *ty)?)),
        _ => None,
    }
}

fn float_of(ctx: &Context, a: Option<Attr>) -> Option<f64> {
    ctx.attr_float(a?)
}

fn result_type(ctx: &Context, op: OpId, i: usize) -> Type {
    ctx.value_type(ctx.result(op, i))
}

fn int_result(ctx: &Context, op: OpId, v: i128) -> Fold {
    let ty = result_type(ctx, op, 0);
    bit_width(ctx, ty)?;
    Some(vec![FoldResult::Attr(ctx.int_attr(ty, v))])
}

fn float_result(ctx: &Context, op: OpId, v: f64) -> Fold {
    let ty = result_type(ctx, op, 0);
    ctx.float_kind(ty)?;
    Some(vec![FoldResult::Attr(ctx.float_attr(ty, v))])
}

fn same_value(ctx: &Context, op: OpId) -> Fold {
    Some(vec![FoldResult::Value(ctx.operand(op, 0))])
}

/// Fold when both operands are constants: `f(lhs, rhs, width)`.
fn int_binary(
    ctx: &Context,
    op: OpId,
    c: &[Option<Attr>],
    f: fn(i128, i128, u32) -> Option<i128>,
) -> Fold {
    let ((a, w), (b, _)) = (int_of(ctx, c[0])?, int_of(ctx, c[1])?);
    int_result(ctx, op, f(a, b, w)?)
}

fn rhs_is(ctx: &Context, c: &[Option<Attr>], v: i128) -> bool {
    int_of(ctx, c[1]).is_some_and(|(x, w)| as_unsigned(x, w) == as_unsigned(v, w))
}

fn operands_equal(ctx: &Context, op: OpId) -> bool {
    ctx.operand(op, 0) == ctx.operand(op, 1)
}

fn zero_like(ctx: &Context, op: OpId) -> Fold {
    int_result(ctx, op, 0)
}

pub fn fold_addi(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    if rhs_is(ctx, c, 0) {
        return same_value(ctx, op);
    }
    int_binary(ctx, op, c, |a, b, _| Some(a.wrapping_add(b)))
}
pub fn fold_subi(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    if rhs_is(ctx, c, 0) {
        return same_value(ctx, op);
    }
    if operands_equal(ctx, op) {
        return zero_like(ctx, op);
    }
    int_binary(ctx, op, c, |a, b, _| Some(a.wrapping_sub(b)))
}
pub fn fold_muli(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    if rhs_is(ctx, c, 1) {
        return same_value(ctx, op);
    }
    if rhs_is(ctx, c, 0) {
        return zero_like(ctx, op);
    }
    int_binary(ctx, op, c, |a, b, _| Some(a.wrapping_mul(b)))
}
pub fn fold_divsi(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    if rhs_is(ctx, c, 1) {
        return same_value(ctx, op);
    }
    int_binary(ctx, op, c, |a, b, w| {
        let (a, b) = (as_signed(a, w), as_signed(b, w));
        (b != 0 && !(b == -1 && a == as_signed(1i128 << (w - 1), w))).then(|| a / b)
    })
}
pub fn fold_divui(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    if rhs_is(ctx, c, 1) {
        return same_value(ctx, op);
    }
    int_binary(ctx, op, c, |a, b, w| {
        let (a, b) = (as_unsigned(a, w), as_unsigned(b, w));
        (b != 0).then(|| (a / b) as i128)
    })
}
pub fn fold_ceildivsi(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    int_binary(ctx, op, c, |a, b, w| {
        let (a, b) = (as_signed(a, w), as_signed(b, w));
        if b == 0 || (b == -1 && a == as_signed(1i128 << (w - 1), w)) {
            return None;
        }
        let q = a / b;
        Some(if (a % b != 0) && ((a < 0) == (b < 0)) {
            q + 1
        } else {
            q
        })
    })
}
pub fn fold_ceildivui(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    int_binary(ctx, op, c, |a, b, w| {
        let (a, b) = (as_unsigned(a, w), as_unsigned(b, w));
        (b != 0).then(|| a.div_ceil(b) as i128)
    })
}
pub fn fold_floordivsi(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    int_binary(ctx, op, c, |a, b, w| {
        let (a, b) = (as_signed(a, w), as_signed(b, w));
        if b == 0 || (b == -1 && a == as_signed(1i128 << (w - 1), w)) {
            return None;
        }
        let q = a / b;
        Some(if (a % b != 0) && ((a < 0) != (b < 0)) {
            q - 1
        } else {
            q
        })
    })
}
pub fn fold_remsi(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    int_binary(ctx, op, c, |a, b, w| {
        let (a, b) = (as_signed(a, w), as_signed(b, w));
        (b != 0).then(|| a.wrapping_rem(b))
    })
}
pub fn fold_remui(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    int_binary(ctx, op, c, |a, b, w| {
        let (a, b) = (as_unsigned(a, w), as_unsigned(b, w));
        (b != 0).then(|| (a % b) as i128)
    })
}
pub fn fold_andi(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    if operands_equal(ctx, op) || rhs_is(ctx, c, -1) {
        return same_value(ctx, op);
    }
    if rhs_is(ctx, c, 0) {
        return zero_like(ctx, op);
    }
    int_binary(ctx, op, c, |a, b, _| Some(a & b))
}
pub fn fold_ori(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    if operands_equal(ctx, op) || rhs_is(ctx, c, 0) {
        return same_value(ctx, op);
    }
    int_binary(ctx, op, c, |a, b, _| Some(a | b))
}
pub fn fold_xori(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    if rhs_is(ctx, c, 0) {
        return same_value(ctx, op);
    }
    if operands_equal(ctx, op) {
        return zero_like(ctx, op);
    }
    int_binary(ctx, op, c, |a, b, _| Some(a ^ b))
}
fn shift_amount(b: i128, w: u32) -> Option<u32> {
    let s = as_unsigned(b, w);
    (s < w as u128).then_some(s as u32)
}
pub fn fold_shli(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    if rhs_is(ctx, c, 0) {
        return same_value(ctx, op);
    }
    int_binary(ctx, op, c, |a, b, w| {
        Some(a.wrapping_shl(shift_amount(b, w)?))
    })
}
pub fn fold_shrsi(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    if rhs_is(ctx, c, 0) {
        return same_value(ctx, op);
    }
    int_binary(ctx, op, c, |a, b, w| {
        Some(as_signed(a, w) >> shift_amount(b, w)?)
    })
}
pub fn fold_shrui(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    if rhs_is(ctx, c, 0) {
        return same_value(ctx, op);
    }
    int_binary(ctx, op, c, |a, b, w| {
        Some((as_unsigned(a, w) >> shift_amount(b, w)?) as i128)
    })
}
pub fn fold_maxsi(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    if operands_equal(ctx, op) {
        return same_value(ctx, op);
    }
    int_binary(ctx, op, c, |a, b, w| {
        Some(as_signed(a, w).max(as_signed(b, w)))
    })
}
pub fn fold_maxui(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    if operands_equal(ctx, op) {
        return same_value(ctx, op);
    }
    int_binary(ctx, op, c, |a, b, w| {
        Some(as_unsigned(a, w).max(as_unsigned(b, w)) as i128)
    })
}
pub fn fold_minsi(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    if operands_equal(ctx, op) {
        return same_value(ctx, op);
    }
    int_binary(ctx, op, c, |a, b, w| {
        Some(as_signed(a, w).min(as_signed(b, w)))
    })
}
pub fn fold_minui(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    if operands_equal(ctx, op) {
        return same_value(ctx, op);
    }
    int_binary(ctx, op, c, |a, b, w| {
        Some(as_unsigned(a, w).min(as_unsigned(b, w)) as i128)
    })
}

/// Two results: `(low, high)` / `(sum, carry)` of a double-width computation.
fn int_pair(
    ctx: &Context,
    op: OpId,
    c: &[Option<Attr>],
    f: fn(i128, i128, u32) -> Option<(i128, i128)>,
) -> Fold {
    let ((a, w), (b, _)) = (int_of(ctx, c[0])?, int_of(ctx, c[1])?);
    if w > 62 {
        return None;
    }
    let (lo, hi) = f(a, b, w)?;
    let (t0, t1) = (result_type(ctx, op, 0), result_type(ctx, op, 1));
    Some(vec![
        FoldResult::Attr(ctx.int_attr(t0, lo)),
        FoldResult::Attr(ctx.int_attr(t1, hi)),
    ])
}
pub fn fold_addui_extended(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    int_pair(ctx, op, c, |a, b, w| {
        let s = as_unsigned(a, w) + as_unsigned(b, w);
        Some((s as i128, (s >> w) as i128 & 1))
    })
}
pub fn fold_mulsi_extended(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    int_pair(ctx, op, c, |a, b, w| {
        let p = as_signed(a, w) * as_signed(b, w);
        Some((p, p >> w))
    })
}
pub fn fold_mului_extended(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    int_pair(ctx, op, c, |a, b, w| {
        let p = as_unsigned(a, w) * as_unsigned(b, w);
        Some((p as i128, (p >> w) as i128))
    })
}

fn float_binary(ctx: &Context, op: OpId, c: &[Option<Attr>], f: fn(f64, f64) -> f64) -> Fold {
    let (a, b) = (float_of(ctx, c[0])?, float_of(ctx, c[1])?);
    float_result(ctx, op, f(a, b))
}
fn rhs_float_is(ctx: &Context, c: &[Option<Attr>], v: f64) -> bool {
    float_of(ctx, c[1]).is_some_and(|x| x.to_bits() == v.to_bits())
}
pub fn fold_addf(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    if rhs_float_is(ctx, c, -0.0) {
        return same_value(ctx, op);
    }
    float_binary(ctx, op, c, |a, b| a + b)
}
pub fn fold_subf(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    if rhs_float_is(ctx, c, 0.0) {
        return same_value(ctx, op);
    }
    float_binary(ctx, op, c, |a, b| a - b)
}
pub fn fold_mulf(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    if rhs_float_is(ctx, c, 1.0) {
        return same_value(ctx, op);
    }
    float_binary(ctx, op, c, |a, b| a * b)
}
pub fn fold_divf(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    if rhs_float_is(ctx, c, 1.0) {
        return same_value(ctx, op);
    }
    float_binary(ctx, op, c, |a, b| a / b)
}
pub fn fold_remf(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    float_binary(ctx, op, c, |a, b| a % b)
}
pub fn fold_maximumf(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    float_binary(ctx, op, c, |a, b| {
        if a.is_nan() || b.is_nan() {
            f64::NAN
        } else {
            a.max(b)
        }
    })
}
pub fn fold_minimumf(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    float_binary(ctx, op, c, |a, b| {
        if a.is_nan() || b.is_nan() {
            f64::NAN
        } else {
            a.min(b)
        }
    })
}
pub fn fold_maxnumf(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    float_binary(ctx, op, c, f64::max)
}
pub fn fold_minnumf(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    float_binary(ctx, op, c, f64::min)
}
pub fn fold_negf(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    float_result(ctx, op, -float_of(ctx, c[0])?)
}

pub fn fold_cmpi(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    let pred = ctx.prop(op, "predicate").and_then(|p| ctx.attr_int(p))?;
    let ((a, w), (b, _)) = (int_of(ctx, c[0])?, int_of(ctx, c[1])?);
    let (sa, sb, ua, ub) = (
        as_signed(a, w),
        as_signed(b, w),
        as_unsigned(a, w),
        as_unsigned(b, w),
    );
    let r = match pred {
        0 => ua == ub,
        1 => ua != ub,
        2 => sa < sb,
        3 => sa <= sb,
        4 => sa > sb,
        5 => sa >= sb,
        6 => ua < ub,
        7 => ua <= ub,
        8 => ua > ub,
        9 => ua >= ub,
        _ => return None,
    };
    Some(vec![FoldResult::Attr(ctx.bool_attr(r))])
}

pub fn fold_cmpf(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    let pred = ctx.prop(op, "predicate").and_then(|p| ctx.attr_int(p))?;
    let (a, b) = (float_of(ctx, c[0])?, float_of(ctx, c[1])?);
    let unordered = a.is_nan() || b.is_nan();
    let ordered = |f: bool| !unordered && f;
    let unord = |f: bool| unordered || f;
    let r = match pred {
        0 => false,
        1 => ordered(a == b),
        2 => ordered(a > b),
        3 => ordered(a >= b),
        4 => ordered(a < b),
        5 => ordered(a <= b),
        6 => ordered(a != b),
        7 => !unordered,
        8 => unord(a == b),
        9 => unord(a > b),
        10 => unord(a >= b),
        11 => unord(a < b),
        12 => unord(a <= b),
        13 => unord(a != b),
        14 => unordered,
        15 => true,
        _ => return None,
    };
    Some(vec![FoldResult::Attr(ctx.bool_attr(r))])
}

pub fn fold_select(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    if ctx.operand(op, 1) == ctx.operand(op, 2) {
        return Some(vec![FoldResult::Value(ctx.operand(op, 1))]);
    }
    let (cond, _) = int_of(ctx, c[0])?;
    Some(vec![FoldResult::Value(
        ctx.operand(op, if cond != 0 { 1 } else { 2 }),
    )])
}

pub fn fold_constant(ctx: &Context, op: OpId, _: &[Option<Attr>]) -> Fold {
    Some(vec![FoldResult::Attr(ctx.prop(op, "value")?)])
}

pub fn fold_extsi(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    let (a, w) = int_of(ctx, c[0])?;
    int_result(ctx, op, as_signed(a, w))
}
pub fn fold_extui(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    let (a, w) = int_of(ctx, c[0])?;
    int_result(ctx, op, as_unsigned(a, w) as i128)
}
pub fn fold_trunci(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    int_result(ctx, op, int_of(ctx, c[0])?.0)
}
pub fn fold_index_cast(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    let (a, w) = int_of(ctx, c[0])?;
    int_result(ctx, op, as_signed(a, w))
}
pub fn fold_index_castui(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    let (a, w) = int_of(ctx, c[0])?;
    int_result(ctx, op, as_unsigned(a, w) as i128)
}
pub fn fold_float_cast(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    float_result(ctx, op, float_of(ctx, c[0])?)
}
pub fn fold_sitofp(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    let (a, w) = int_of(ctx, c[0])?;
    float_result(ctx, op, as_signed(a, w) as f64).filter(|_| w <= 53)
}
pub fn fold_uitofp(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    let (a, w) = int_of(ctx, c[0])?;
    float_result(ctx, op, as_unsigned(a, w) as f64).filter(|_| w <= 53)
}
/// Float to int: only when the truncated value is in range (else the result is poison).
fn float_to_int(ctx: &Context, op: OpId, c: &[Option<Attr>], signed: bool) -> Fold {
    let v = float_of(ctx, c[0])?.trunc();
    let w = bit_width(ctx, result_type(ctx, op, 0))?;
    if !v.is_finite() || w > 64 {
        return None;
    }
    let (lo, hi) = if signed {
        (-(2f64.powi(w as i32 - 1)), 2f64.powi(w as i32 - 1))
    } else {
        (0.0, 2f64.powi(w as i32))
    };
    (v >= lo && v < hi).then(|| ())?;
    int_result(ctx, op, v as i128)
}
pub fn fold_fptosi(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    float_to_int(ctx, op, c, true)
}
pub fn fold_fptoui(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    float_to_int(ctx, op, c, false)
}
pub fn fold_bitcast(ctx: &Context, op: OpId, c: &[Option<Attr>]) -> Fold {
    let ty = result_type(ctx, op, 0);
    let bits = match ctx.attr_data(c[0]?) {
        AttrData::Integer { value, ty: t } => as_unsigned(*value, bit_width(ctx, *t)?) as u64,
        AttrData::Float { bits, .. } => *bits,
        _ => return None,
    };
    let attr = if ctx.float_kind(ty).is_some() {
        ctx.intern_attr(AttrData::Float { bits, ty })
    } else {
        ctx.int_attr(ty, bits as i128)
    };
    Some(vec![FoldResult::Attr(attr)])
}
