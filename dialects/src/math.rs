//! `math`: elementary functions on floats (and a few on integers), MLIR 22 names.
//! Folders evaluate them on constants in `f64` and round to the result type.

use crate::common::{verify_float_like, verify_int_like};
use cuwasm::{Attr, Context, DialectInfo, FoldResult, OpId, op};

type Fold = Option<Vec<FoldResult>>;

fn float_operand(ctx: &Context, c: &[Option<Attr>], i: usize) -> Option<f64> {
    ctx.attr_float(c.get(i).copied()??)
}

fn float_result(ctx: &Context, op: OpId, v: f64) -> Fold {
    let ty = ctx.value_type(ctx.result(op, 0));
    ctx.float_kind(ty)?;
    Some(vec![FoldResult::Attr(ctx.float_attr(ty, v))])
}

/// Float unary ops `(operand) -> result` with fastmath flags and an `f64` folder.
macro_rules! float_unary {
    ($($Op:ident = $name:literal => $f:expr;)*) => {$(
        op! {
            #[doc = concat!("`", $name, "`: elementwise float function.")]
            $Op = $name,
            operands: [operand: One],
            results: [result: One],
            properties: [fastmath: Optional],
            traits: [PURE, SAME_OPERANDS_AND_RESULT_TYPE, ELEMENTWISE],
            verify: verify_float_like,
            fold: |ctx, op, c| {
                let f: fn(f64) -> f64 = $f;
                float_result(ctx, op, f(float_operand(ctx, c, 0)?))
            },
        }
    )*};
}

float_unary! {
    AbsFOp = "math.absf" => f64::abs;
    CeilOp = "math.ceil" => f64::ceil;
    FloorOp = "math.floor" => f64::floor;
    RoundOp = "math.round" => f64::round;
    RoundEvenOp = "math.roundeven" => f64::round_ties_even;
    TruncOp = "math.trunc" => f64::trunc;
    SqrtOp = "math.sqrt" => f64::sqrt;
    RsqrtOp = "math.rsqrt" => |x| 1.0 / x.sqrt();
    ExpOp = "math.exp" => f64::exp;
    Exp2Op = "math.exp2" => f64::exp2;
    ExpM1Op = "math.expm1" => f64::exp_m1;
    LogOp = "math.log" => f64::ln;
    Log2Op = "math.log2" => f64::log2;
    Log10Op = "math.log10" => f64::log10;
    Log1pOp = "math.log1p" => f64::ln_1p;
    SinOp = "math.sin" => f64::sin;
    CosOp = "math.cos" => f64::cos;
    TanOp = "math.tan" => f64::tan;
    SinhOp = "math.sinh" => f64::sinh;
    CoshOp = "math.cosh" => f64::cosh;
    TanhOp = "math.tanh" => f64::tanh;
    AsinOp = "math.asin" => f64::asin;
    AcosOp = "math.acos" => f64::acos;
    AtanOp = "math.atan" => f64::atan;
    AsinhOp = "math.asinh" => f64::asinh;
    AcoshOp = "math.acosh" => f64::acosh;
    AtanhOp = "math.atanh" => f64::atanh;
    CbrtOp = "math.cbrt" => f64::cbrt;
}

op! {
    /// The error function (not folded: `std` has no `erf`).
    ErfOp = "math.erf",
    operands: [operand: One],
    results: [result: One],
    properties: [fastmath: Optional],
    traits: [PURE, SAME_OPERANDS_AND_RESULT_TYPE, ELEMENTWISE],
    verify: verify_float_like,
}

op! {
    /// The complementary error function (not folded).
    ErfcOp = "math.erfc",
    operands: [operand: One],
    results: [result: One],
    properties: [fastmath: Optional],
    traits: [PURE, SAME_OPERANDS_AND_RESULT_TYPE, ELEMENTWISE],
    verify: verify_float_like,
}

/// Float binary ops with an `f64` folder.
macro_rules! float_binary {
    ($($Op:ident = $name:literal => $f:expr;)*) => {$(
        op! {
            #[doc = concat!("`", $name, "`: elementwise float function of two operands.")]
            $Op = $name,
            operands: [lhs: One, rhs: One],
            results: [result: One],
            properties: [fastmath: Optional],
            traits: [PURE, SAME_OPERANDS_AND_RESULT_TYPE, ELEMENTWISE],
            verify: verify_float_like,
            fold: |ctx, op, c| {
                let f: fn(f64, f64) -> f64 = $f;
                float_result(ctx, op, f(float_operand(ctx, c, 0)?, float_operand(ctx, c, 1)?))
            },
        }
    )*};
}

float_binary! {
    Atan2Op = "math.atan2" => f64::atan2;
    PowFOp = "math.powf" => f64::powf;
    CopySignOp = "math.copysign" => f64::copysign;
}

op! {
    /// `a * b + c` with a single rounding.
    FmaOp = "math.fma",
    operands: [a: One, b: One, c: One],
    results: [result: One],
    properties: [fastmath: Optional],
    traits: [PURE, SAME_OPERANDS_AND_RESULT_TYPE, ELEMENTWISE],
    verify: verify_float_like,
    fold: |ctx, op, c| {
        let (a, b, d) = (float_operand(ctx, c, 0)?, float_operand(ctx, c, 1)?, float_operand(ctx, c, 2)?);
        // In f64 the product of two f32 is exact, so one rounding to f32 is correct;
        // for f64 itself use the fused operation.
        float_result(ctx, op, a.mul_add(b, d))
    },
}

op! {
    /// `base ** power` with an integer power.
    FPowIOp = "math.fpowi",
    operands: [lhs: One, rhs: One],
    results: [result: One],
    properties: [fastmath: Optional],
    traits: [PURE, ELEMENTWISE],
}

op! {
    /// `base ** power` on integers.
    IPowIOp = "math.ipowi",
    operands: [lhs: One, rhs: One],
    results: [result: One],
    traits: [PURE, SAME_OPERANDS_AND_RESULT_TYPE, ELEMENTWISE],
    verify: verify_int_like,
}

/// Integer unary ops.
macro_rules! int_unary {
    ($($Op:ident = $name:literal => $f:expr;)*) => {$(
        op! {
            #[doc = concat!("`", $name, "`: elementwise integer function.")]
            $Op = $name,
            operands: [operand: One],
            results: [result: One],
            traits: [PURE, SAME_OPERANDS_AND_RESULT_TYPE, ELEMENTWISE],
            verify: verify_int_like,
            fold: |ctx, op, c| {
                let a = c[0]?;
                let ty = ctx.value_type(ctx.result(op, 0));
                let w = ctx.int_width(ty)?;
                let f: fn(u128, u32) -> u128 = $f;
                let v = (ctx.attr_int(a)? as u128) & if w >= 128 { u128::MAX } else { (1u128 << w) - 1 };
                Some(vec![FoldResult::Attr(ctx.int_attr(ty, f(v, w) as i128))])
            },
        }
    )*};
}

int_unary! {
    AbsIOp = "math.absi" => |v, w| { let s = v >> (w - 1) & 1 == 1; if s { v.wrapping_neg() } else { v } };
    CtlzOp = "math.ctlz" => |v, w| (v.leading_zeros() - (128 - w)) as u128;
    CttzOp = "math.cttz" => |v, w| if v == 0 { w as u128 } else { v.trailing_zeros() as u128 };
    CtpopOp = "math.ctpop" => |v, _| v.count_ones() as u128;
}

/// Float classification ops: `(operand) -> i1`.
macro_rules! float_class {
    ($($Op:ident = $name:literal;)*) => {$(
        op! {
            #[doc = concat!("`", $name, "`: float classification.")]
            $Op = $name,
            operands: [operand: One],
            results: [result: One],
            properties: [fastmath: Optional],
            traits: [PURE, ELEMENTWISE],
        }
    )*};
}

float_class! {
    IsNaNOp = "math.isnan";
    IsInfOp = "math.isinf";
    IsFiniteOp = "math.isfinite";
    IsNormalOp = "math.isnormal";
}

op! {
    /// `sin(x)` and `cos(x)` at once.
    SinCosOp = "math.sincos",
    operands: [operand: One],
    results: [sin: One, cos: One],
    properties: [fastmath: Optional],
    traits: [PURE, ELEMENTWISE],
    verify: verify_float_like,
}

op! {
    /// Clamp a float between `min` and `max`.
    ClampFOp = "math.clampf",
    operands: [value: One, min: One, max: One],
    results: [result: One],
    properties: [fastmath: Optional],
    traits: [PURE, SAME_OPERANDS_AND_RESULT_TYPE, ELEMENTWISE],
    verify: verify_float_like,
}

pub fn register(ctx: &mut Context) {
    ctx.register_dialect(DialectInfo {
        name: "math",
        summary: "Elementary functions",
        materialize_constant: None,
        allow_unknown_ops: false,
    });
    macro_rules! reg { ($($t:ty),*) => { $(ctx.register::<$t>();)* } }
    reg!(
        AbsFOp,
        CeilOp,
        FloorOp,
        RoundOp,
        RoundEvenOp,
        TruncOp,
        SqrtOp,
        RsqrtOp,
        ExpOp,
        Exp2Op,
        ExpM1Op,
        LogOp,
        Log2Op,
        Log10Op,
        Log1pOp
    );
    reg!(
        SinOp, CosOp, TanOp, SinhOp, CoshOp, TanhOp, AsinOp, AcosOp, AtanOp, AsinhOp, AcoshOp,
        AtanhOp, CbrtOp, ErfOp, ErfcOp
    );
    reg!(
        Atan2Op, PowFOp, CopySignOp, FmaOp, FPowIOp, IPowIOp, AbsIOp, CtlzOp, CttzOp, CtpopOp
    );
    reg!(IsNaNOp, IsInfOp, IsFiniteOp, IsNormalOp, SinCosOp, ClampFOp);
}

/// `math` ops that are C library calls: (op name, C function for `f64`;
/// the `f32` one has an `f` suffix).
pub const LIBM: &[(&str, &str)] = &[
    ("exp", "exp"),
    ("exp2", "exp2"),
    ("expm1", "expm1"),
    ("log", "log"),
    ("log2", "log2"),
    ("log10", "log10"),
    ("log1p", "log1p"),
    ("sin", "sin"),
    ("cos", "cos"),
    ("tan", "tan"),
    ("sinh", "sinh"),
    ("cosh", "cosh"),
    ("tanh", "tanh"),
    ("asin", "asin"),
    ("acos", "acos"),
    ("atan", "atan"),
    ("asinh", "asinh"),
    ("acosh", "acosh"),
    ("atanh", "atanh"),
    ("cbrt", "cbrt"),
    ("erf", "erf"),
    ("erfc", "erfc"),
    ("round", "round"),
    ("atan2", "atan2"),
    ("powf", "pow"),
];
