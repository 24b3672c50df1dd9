//! `arith` and `math` (and the cuda dialect's arithmetic) as C++ expressions
//! with MLIR's exact semantics:
//!
//! - integer arithmetic wraps: it is done on the unsigned type of the width
//!   (widths below 32 in `uint32_t`, then truncated, so that C++'s promotion
//!   to `int` never overflows); signed ops cast to the signed type;
//! - shift amounts are taken modulo the width (MLIR: poison from the width
//!   on; C++: undefined);
//! - float comparisons spell out the unordered predicates (`ult` is
//!   `!(a >= b)`), which is what C++ comparisons give with NaN;
//! - `f16` arithmetic is done in `float` and rounded once: exact for
//!   `+ - * /`, `sqrt` and every conversion (float has 2 * 11 + 2 bits);
//! - bit casts go through `memcpy` (`cuwasm_bitcast`).
//!
//! Division by zero and signed `MIN / -1` are undefined in both MLIR and C++.

use super::function::{FnEmitter, Side};
use super::types::{Scalar, float_literal, int_literal};
use cuwasm::{AttrData, Diagnostic, OpId};
use cuwasm_dialects::cuda::{Approx, FastMath, RoundedFn, Rounding};

/// An `arith` or `math` op; `false` if it is neither.
pub(super) fn emit(e: &mut FnEmitter, op: OpId) -> Result<bool, Diagnostic> {
    let name = e.ctx.op_name_text(op);
    if name == "arith.constant" {
        constant(e, op)?;
        return Ok(true);
    }
    if let Some(sym) = int_binary_symbol(name) {
        let s = e.result_scalar(op, 0)?;
        let (a, b) = (e.operand(op, 0), e.operand(op, 1));
        return define(e, op, narrow(s, format!("{} {sym} {b}", widen(s, &a))));
    }
    let x = || e.operand(op, 0);
    let expr = match name {
        "arith.divui" | "arith.remui" => {
            let s = e.result_scalar(op, 0)?;
            let sym = if name == "arith.divui" { "/" } else { "%" };
            narrow(s, format!("{} {sym} {}", widen(s, &x()), e.operand(op, 1)))
        }
        "arith.divsi" | "arith.remsi" => {
            let s = e.result_scalar(op, 0)?;
            let sym = if name == "arith.divsi" { "/" } else { "%" };
            let (a, b) = (signed(s, &x()), signed(s, &e.operand(op, 1)));
            narrow(s, format!("{a} {sym} {b}"))
        }
        "arith.ceildivsi" | "arith.floordivsi" => {
            let s = e.result_scalar(op, 0)?;
            let f = name.trim_start_matches("arith.");
            let (a, b) = (signed(s, &x()), signed(s, &e.operand(op, 1)));
            narrow(s, format!("cuwasm_{f}<{}>({a}, {b})", s.signed()))
        }
        "arith.ceildivui" => {
            let (a, b) = (x(), e.operand(op, 1));
            let s = e.result_scalar(op, 0)?;
            narrow(s, format!("{a} / {b} + ({a} % {b} != 0)"))
        }
        "arith.shli" | "arith.shrui" | "arith.shrsi" => shift(e, op, name)?,
        "arith.maxsi" | "arith.minsi" | "arith.maxui" | "arith.minui" => {
            let s = e.result_scalar(op, 0)?;
            let (a, b) = (x(), e.operand(op, 1));
            let cmp = if name.starts_with("arith.max") {
                ">"
            } else {
                "<"
            };
            let (sa, sb) = if name.ends_with("si") {
                (signed(s, &a), signed(s, &b))
            } else {
                (a.clone(), b.clone())
            };
            format!("({sa} {cmp} {sb} ? {a} : {b})")
        }
        "arith.cmpi" => cmpi(e, op)?,
        "arith.cmpf" => cmpf(e, op)?,
        "arith.select" => format!("({} ? {} : {})", x(), e.operand(op, 1), e.operand(op, 2)),
        "arith.extui" | "arith.trunci" | "arith.index_castui" => int_cast(e, op, false)?,
        "arith.extsi" | "arith.index_cast" => int_cast(e, op, true)?,
        "arith.sitofp" | "arith.uitofp" => {
            let (from, to) = (e.operand_scalar(op, 0)?, e.result_scalar(op, 0)?);
            let v = if name == "arith.sitofp" {
                signed(from, &x())
            } else {
                x()
            };
            from_float_type(to, format!("({}){v}", compute_type(to)))
        }
        "arith.fptosi" | "arith.fptoui" => {
            let to = e.result_scalar(op, 0)?;
            let v = to_float(e.operand_scalar(op, 0)?, &x());
            let via = if name == "arith.fptosi" {
                to.signed()
            } else {
                to.cpp()
            };
            narrow(to, format!("({via}){v}"))
        }
        "arith.extf" | "arith.truncf" => {
            let (from, to) = (e.operand_scalar(op, 0)?, e.result_scalar(op, 0)?);
            if from == Scalar::F64 && to == Scalar::F16 {
                return Err(e.ctx.op_error(
                    op,
                    "(f64 to f16, rounded once) is not supported by the HIP target",
                ));
            }
            // A directed rounding (MLIR's RoundingMode 1 down, 2 up, 3 toward
            // zero) reaches here only to f16: expand-cuda-arith takes the rest.
            let mode = e
                .ctx
                .prop(op, "roundingmode")
                .and_then(|a| e.ctx.attr_int(a));
            match (to, mode) {
                (Scalar::F16, Some(m @ 1..=3)) => {
                    let f = ["rd", "ru", "rz"][m as usize - 1];
                    format!("__float2half_{f}({})", to_float(from, &x()))
                }
                _ => from_float_type(
                    to,
                    format!("({}){}", compute_type(to), to_float(from, &x())),
                ),
            }
        }
        "arith.bitcast" => format!("cuwasm_bitcast<{}>({})", e.result_scalar(op, 0)?.cpp(), x()),
        "arith.addf" | "arith.subf" | "arith.mulf" | "arith.divf" => {
            let sym = match name {
                "arith.addf" => "+",
                "arith.subf" => "-",
                "arith.mulf" => "*",
                _ => "/",
            };
            float_op(e, op, |a| format!("{} {sym} {}", a[0], a[1]))?
        }
        "arith.negf" => float_op(e, op, |a| format!("-({})", a[0]))?,
        "arith.remf" => call_f(e, op, "fmod")?,
        "arith.maxnumf" => call_f(e, op, "fmax")?,
        "arith.minnumf" => call_f(e, op, "fmin")?,
        "arith.maximumf" | "arith.minimumf" => {
            let f = name.trim_start_matches("arith.");
            float_op(e, op, |a| format!("cuwasm_{f}({}, {})", a[0], a[1]))?
        }
        "arith.mulsi_extended" | "arith.mului_extended" | "arith.addui_extended" => {
            return extended(e, op, name);
        }
        _ => return math(e, op),
    };
    define(e, op, expr)
}

/// The two-result ops: a product's low and high halves, a sum and its carry.
fn extended(e: &mut FnEmitter, op: OpId, name: &str) -> Result<bool, Diagnostic> {
    let s = e.operand_scalar(op, 0)?;
    let (a, b) = (e.operand(op, 0), e.operand(op, 1));
    let w = s.width();
    if name == "arith.addui_extended" {
        let sum = narrow(s, format!("{} + {b}", widen(s, &a)));
        e.define(op, 1, format!("{sum} < {a}"))?;
        e.define(op, 0, sum)?;
        return Ok(true);
    }
    let signed_op = name == "arith.mulsi_extended";
    let high = match (w, signed_op) {
        (64, true) => format!("cuwasm_mulhi_s64({a}, {b})"),
        (64, false) => format!("cuwasm_mulhi_u64({a}, {b})"),
        (_, true) => {
            let wide = if w == 32 { "int64_t" } else { "int32_t" };
            let (sa, sb) = (signed(s, &a), signed(s, &b));
            narrow(s, format!("({})((({wide}){sa} * {sb}) >> {w})", s.cpp()))
        }
        (_, false) => {
            let wide = if w == 32 { "uint64_t" } else { "uint32_t" };
            narrow(s, format!("({})((({wide}){a} * {b}) >> {w})", s.cpp()))
        }
    };
    e.define(op, 0, narrow(s, format!("{} * {b}", widen(s, &a))))?;
    e.define(op, 1, high)?;
    Ok(true)
}

fn define(e: &mut FnEmitter, op: OpId, expr: String) -> Result<bool, Diagnostic> {
    e.define1(op, expr)?;
    Ok(true)
}

/// `arith.constant`: a literal written where it is used.
fn constant(e: &mut FnEmitter, op: OpId) -> Result<(), Diagnostic> {
    let s = e.result_scalar(op, 0)?;
    let value = e.ctx.prop(op, "value").map(|a| e.ctx.attr_data(a));
    let text = match (s, value) {
        (
            Scalar::Int(w),
            Some(AttrData::Integer { value, .. } | AttrData::UntypedInteger(value)),
        ) => int_literal(w, *value),
        (Scalar::F16 | Scalar::F32 | Scalar::F64, Some(AttrData::Float { bits, .. })) => {
            float_literal(s, *bits)
        }
        _ => {
            return Err(e
                .ctx
                .op_error(op, "has a value the HIP target cannot express"));
        }
    };
    e.bind(e.ctx.result(op, 0), text);
    Ok(())
}

/// The C operator of a wrapping integer op.
fn int_binary_symbol(name: &str) -> Option<&'static str> {
    Some(match name {
        "arith.addi" => "+",
        "arith.subi" => "-",
        "arith.muli" => "*",
        "arith.andi" => "&",
        "arith.ori" => "|",
        "arith.xori" => "^",
        _ => return None,
    })
}

/// An operand of width `s` ready for arithmetic without overflow into `int`.
fn widen(s: Scalar, x: &str) -> String {
    match s {
        Scalar::Int(w) if w < 32 => format!("(uint32_t){x}"),
        _ => x.to_string(),
    }
}

/// A result computed wider, back to width `s`.
fn narrow(s: Scalar, x: String) -> String {
    match s {
        Scalar::Int(1) => format!("(bool)(({x}) & 1u)"),
        Scalar::Int(w) if w < 32 => format!("({})({x})", s.cpp()),
        _ => x,
    }
}

/// An integer read as signed (`i1`'s true is -1).
pub(super) fn signed(s: Scalar, x: &str) -> String {
    match s {
        Scalar::Int(1) => format!("(-(int32_t){x})"),
        _ => format!("({}){x}", s.signed()),
    }
}

fn shift(e: &FnEmitter, op: OpId, name: &str) -> Result<String, Diagnostic> {
    let s = e.result_scalar(op, 0)?;
    let (a, b) = (e.operand(op, 0), e.operand(op, 1));
    let amount = format!("({b} & {}u)", s.width() - 1);
    Ok(match name {
        "arith.shli" => narrow(s, format!("{} << {amount}", widen(s, &a))),
        "arith.shrui" => narrow(s, format!("{} >> {amount}", widen(s, &a))),
        _ => narrow(s, format!("{} >> {amount}", signed(s, &a))),
    })
}

fn cmpi(e: &FnEmitter, op: OpId) -> Result<String, Diagnostic> {
    let s = e.operand_scalar(op, 0)?;
    let (a, b) = (e.operand(op, 0), e.operand(op, 1));
    let pred = e
        .ctx
        .prop(op, "predicate")
        .and_then(|p| e.ctx.attr_int(p))
        .unwrap_or(-1);
    let sym = ["==", "!=", "<", "<=", ">", ">=", "<", "<=", ">", ">="];
    let Some(sym) = usize::try_from(pred).ok().and_then(|p| sym.get(p)) else {
        return Err(e.ctx.op_error(op, "has an unknown predicate"));
    };
    Ok(if (2..=5).contains(&pred) {
        format!("{} {sym} {}", signed(s, &a), signed(s, &b))
    } else if s == Scalar::Ptr {
        format!("(uintptr_t){a} {sym} (uintptr_t){b}")
    } else {
        format!("{a} {sym} {b}")
    })
}

/// `arith.cmpf`: ordered predicates are C++'s comparisons (false with NaN),
/// unordered ones the negation of the opposite ordered one.
fn cmpf(e: &FnEmitter, op: OpId) -> Result<String, Diagnostic> {
    let s = e.operand_scalar(op, 0)?;
    let (a, b) = (
        to_float(s, &e.operand(op, 0)),
        to_float(s, &e.operand(op, 1)),
    );
    let pred = e
        .ctx
        .prop(op, "predicate")
        .and_then(|p| e.ctx.attr_int(p))
        .unwrap_or(-1);
    Ok(match pred {
        0 => "false".to_string(),
        1 => format!("{a} == {b}"),
        2 => format!("{a} > {b}"),
        3 => format!("{a} >= {b}"),
        4 => format!("{a} < {b}"),
        5 => format!("{a} <= {b}"),
        6 => format!("({a} < {b} || {a} > {b})"),
        7 => format!("({a} == {a} && {b} == {b})"),
        8 => format!("!({a} < {b} || {a} > {b})"),
        9 => format!("!({a} <= {b})"),
        10 => format!("!({a} < {b})"),
        11 => format!("!({a} >= {b})"),
        12 => format!("!({a} > {b})"),
        13 => format!("{a} != {b}"),
        14 => format!("({a} != {a} || {b} != {b})"),
        15 => "true".to_string(),
        _ => return Err(e.ctx.op_error(op, "has an unknown predicate")),
    })
}

/// `ext*`, `trunc*`, `index_cast*` between integer widths.
fn int_cast(e: &FnEmitter, op: OpId, sign_extend: bool) -> Result<String, Diagnostic> {
    let (from, to) = (e.operand_scalar(op, 0)?, e.result_scalar(op, 0)?);
    let x = e.operand(op, 0);
    Ok(if to.width() < from.width() {
        narrow(
            to,
            format!("({}){x}", Scalar::Int(32.max(to.width())).cpp()),
        )
    } else if to == Scalar::Int(1) {
        x
    } else if sign_extend {
        format!("({}){}", to.cpp(), signed(from, &x))
    } else {
        format!("({}){x}", to.cpp())
    })
}

/// The type a float kind is computed in (`f16` in `float`).
fn compute_type(s: Scalar) -> &'static str {
    match s {
        Scalar::F64 => "double",
        _ => "float",
    }
}

/// A float operand as its computing type.
fn to_float(s: Scalar, x: &str) -> String {
    match s {
        Scalar::F16 => format!("__half2float({x})"),
        _ => x.to_string(),
    }
}

/// A value of the computing type back to `s`.
fn from_float_type(s: Scalar, x: String) -> String {
    match s {
        Scalar::F16 => format!("__float2half({x})"),
        _ => x,
    }
}

/// A float op over all operands, in the computing type of the result.
fn float_op(
    e: &FnEmitter,
    op: OpId,
    f: impl FnOnce(&[String]) -> String,
) -> Result<String, Diagnostic> {
    let s = e.result_scalar(op, 0)?;
    let mut args = Vec::new();
    for i in 0..e.ctx.num_operands(op) {
        args.push(to_float(e.operand_scalar(op, i)?, &e.operand(op, i)));
    }
    Ok(from_float_type(s, f(&args)))
}

/// A C math function of the result's float type (`sqrtf` or `sqrt`).
fn call_f(e: &FnEmitter, op: OpId, base: &str) -> Result<String, Diagnostic> {
    let suffix = if e.result_scalar(op, 0)? == Scalar::F64 {
        ""
    } else {
        "f"
    };
    float_op(e, op, |a| format!("{base}{suffix}({})", a.join(", ")))
}

/// The C function of a `math` op that has one.
fn math_function(name: &str) -> Option<&'static str> {
    Some(match name {
        "math.absf" => "fabs",
        "math.ceil" => "ceil",
        "math.floor" => "floor",
        "math.round" => "round",
        "math.roundeven" => "rint",
        "math.trunc" => "trunc",
        "math.sqrt" => "sqrt",
        "math.exp" => "exp",
        "math.exp2" => "exp2",
        "math.expm1" => "expm1",
        "math.log" => "log",
        "math.log2" => "log2",
        "math.log10" => "log10",
        "math.log1p" => "log1p",
        "math.sin" => "sin",
        "math.cos" => "cos",
        "math.tan" => "tan",
        "math.sinh" => "sinh",
        "math.cosh" => "cosh",
        "math.tanh" => "tanh",
        "math.asin" => "asin",
        "math.acos" => "acos",
        "math.atan" => "atan",
        "math.asinh" => "asinh",
        "math.acosh" => "acosh",
        "math.atanh" => "atanh",
        "math.cbrt" => "cbrt",
        "math.erf" => "erf",
        "math.erfc" => "erfc",
        "math.atan2" => "atan2",
        "math.powf" => "pow",
        "math.copysign" => "copysign",
        "math.fma" => "fma",
        _ => return None,
    })
}

fn math(e: &mut FnEmitter, op: OpId) -> Result<bool, Diagnostic> {
    let name = e.ctx.op_name_text(op);
    if let Some(f) = math_function(name) {
        let expr = call_f(e, op, f)?;
        return define(e, op, expr);
    }
    let x = e.operand(op, 0);
    let expr = match name {
        "math.rsqrt" if e.side == Side::Device => call_f(e, op, "rsqrt")?,
        "math.rsqrt" => host_rsqrt(e, op)?,
        "math.fpowi" => {
            let n = signed(e.operand_scalar(op, 1)?, &e.operand(op, 1));
            let s = e.result_scalar(op, 0)?;
            let (t, suffix) = if s == Scalar::F64 {
                ("double", "")
            } else {
                ("float", "f")
            };
            from_float_type(s, format!("pow{suffix}({}, ({t}){n})", to_float(s, &x)))
        }
        "math.ipowi" => {
            let s = e.result_scalar(op, 0)?;
            let (a, b) = (signed(s, &x), signed(s, &e.operand(op, 1)));
            let u = Scalar::Int(s.width().max(8)).cpp();
            narrow(s, format!("cuwasm_ipowi<{}, {u}>({a}, {b})", s.signed()))
        }
        "math.absi" => {
            let s = e.result_scalar(op, 0)?;
            let neg = format!("0u - {}", widen(s, &x));
            narrow(
                s,
                format!("({} < 0 ? {neg} : {})", signed(s, &x), widen(s, &x)),
            )
        }
        "math.ctlz" | "math.cttz" | "math.ctpop" => bit_count(e, op, name)?,
        "math.isnan" => {
            let v = to_float(e.operand_scalar(op, 0)?, &x);
            format!("{v} != {v}")
        }
        "math.isinf" | "math.isfinite" | "math.isnormal" => {
            let s = e.operand_scalar(op, 0)?;
            let (abs, min) = if s == Scalar::F64 {
                (format!("fabs({x})"), "2.2250738585072014e-308")
            } else {
                (
                    format!("fabsf({})", to_float(s, &x)),
                    if s == Scalar::F16 {
                        "6.1035156e-05f"
                    } else {
                        "1.17549435e-38f"
                    },
                )
            };
            match name {
                "math.isinf" => format!("{abs} == INFINITY"),
                "math.isfinite" => format!("{abs} < INFINITY"),
                _ => format!("({abs} >= {min} && {abs} < INFINITY)"),
            }
        }
        "math.clampf" => {
            let suffix = if e.result_scalar(op, 0)? == Scalar::F64 {
                ""
            } else {
                "f"
            };
            float_op(e, op, |a| {
                format!("fmin{suffix}(fmax{suffix}({}, {}), {})", a[0], a[1], a[2])
            })?
        }
        "math.sincos" => {
            let sin = call_f(e, op, "sin")?;
            let cos = call_f(e, op, "cos")?;
            e.define(op, 0, sin)?;
            e.define(op, 1, cos)?;
            return Ok(true);
        }
        _ => return Ok(false),
    };
    define(e, op, expr)
}

/// `1 / sqrt(x)` on the host, which has no `rsqrt`.
fn host_rsqrt(e: &FnEmitter, op: OpId) -> Result<String, Diagnostic> {
    let suffix = if e.result_scalar(op, 0)? == Scalar::F64 {
        ""
    } else {
        "f"
    };
    float_op(e, op, |a| format!("1 / sqrt{suffix}({})", a[0]))
}

/// `ctlz`, `cttz`, `ctpop` (the width for zero, as MLIR defines them).
fn bit_count(e: &FnEmitter, op: OpId, name: &str) -> Result<String, Diagnostic> {
    let s = e.result_scalar(op, 0)?;
    let x = e.operand(op, 0);
    let w = s.width();
    Ok(match (name, w) {
        ("math.ctlz", 64) => format!("cuwasm_clz64({x})"),
        ("math.cttz", 64) => format!("cuwasm_ctz64({x})"),
        ("math.ctpop", 64) => format!("cuwasm_popc64({x})"),
        ("math.ctlz", 32) => format!("cuwasm_clz32({x})"),
        ("math.cttz", 32) => format!("cuwasm_ctz32({x})"),
        ("math.ctpop", 32) => format!("cuwasm_popc32({x})"),
        ("math.ctlz", _) => narrow(s, format!("cuwasm_clz32((uint32_t){x}) - {}u", 32 - w)),
        ("math.cttz", _) => narrow(s, format!("cuwasm_ctz32((uint32_t){x} | {}u)", 1u64 << w)),
        _ => narrow(s, format!("cuwasm_popc32((uint32_t){x})")),
    })
}

/// The cuda dialect's arithmetic: fast intrinsics, bit reversal, the PTX
/// frontend's rounded, approximate, flushing and saturating operations.
pub(super) fn emit_cuda(e: &mut FnEmitter, op: OpId) -> Result<bool, Diagnostic> {
    let ctx = e.ctx;
    let name = ctx.op_name_text(op);
    let x = || e.operand(op, 0);
    let expr = match name {
        "cuda.brev" => {
            let w = e.result_scalar(op, 0)?.width();
            format!("cuwasm_brev{w}({})", x())
        }
        "cuda.fast_math" => {
            let f = FastMath::from_prop(ctx, op, "intrinsic")?
                .ok_or_else(|| ctx.op_error(op, "has no 'intrinsic'"))?;
            let args: Vec<String> = (0..ctx.num_operands(op))
                .map(|i| e.operand(op, i))
                .collect();
            let f = match (e.side, f) {
                (Side::Device, f) => f.keyword().to_string(),
                (Side::Host, FastMath::Divide) => {
                    return define(e, op, format!("{} / {}", args[0], args[1]));
                }
                (Side::Host, f) => format!(
                    "{}f",
                    f.keyword().trim_start_matches("__").trim_end_matches('f')
                ),
            };
            format!("{f}({})", args.join(", "))
        }
        "cuda.rounded" => rounded(e, op)?,
        "cuda.approx" => approx(e, op)?,
        "cuda.flush_denormal" => {
            let s = e.result_scalar(op, 0)?;
            let (abs, min, zero) = match s {
                Scalar::F64 => (format!("fabs({})", x()), "2.2250738585072014e-308", "0.0"),
                Scalar::F32 => (format!("fabsf({})", x()), "1.17549435e-38f", "0.0f"),
                _ => return Err(ctx.op_error(op, "on f16 is not supported by the HIP target")),
            };
            let sign = if s == Scalar::F64 {
                "copysign"
            } else {
                "copysignf"
            };
            format!("({abs} < {min} ? {sign}({zero}, {}) : {})", x(), x())
        }
        "cuda.fptosi_sat" | "cuda.fptoui_sat" => {
            let (from, to) = (e.operand_scalar(op, 0)?, e.result_scalar(op, 0)?);
            let bits = to.width();
            let (lo, hi): (f64, f64) = if name == "cuda.fptosi_sat" {
                (-(2f64.powi(bits as i32 - 1)), 2f64.powi(bits as i32 - 1))
            } else {
                (0.0, 2f64.powi(bits as i32))
            };
            let (min, max, via) = if name == "cuda.fptosi_sat" {
                let m = -(1i128 << (bits - 1));
                (int_literal(bits, m), int_literal(bits, -m - 1), to.signed())
            } else {
                (int_literal(bits, 0), int_literal(bits, -1), to.cpp())
            };
            let t = compute_type(from);
            format!(
                "({})cuwasm_fptoi_sat<{via}, {t}>({}, ({t}){lo:?}, ({t}){hi:?}, ({via}){min}, ({via}){max})",
                to.cpp(),
                to_float(from, &x())
            )
        }
        _ => return Ok(false),
    };
    define(e, op, expr)
}

/// `cuda.rounded`: round to nearest is the plain operation; the directed
/// roundings have no HIP function.
fn rounded(e: &FnEmitter, op: OpId) -> Result<String, Diagnostic> {
    let ctx = e.ctx;
    let rounding = Rounding::from_prop(ctx, op, "rounding")?;
    let f = RoundedFn::from_prop(ctx, op, "op")?;
    let (Some(Rounding::Rn), Some(f)) = (rounding, f) else {
        return Err(ctx.op_error(
            op,
            "with a directed rounding mode is not supported by the HIP target (run expand-cuda-arith first)",
        ));
    };
    let s = e.result_scalar(op, 0)?;
    let suffix = if s == Scalar::F64 { "" } else { "f" };
    match f {
        RoundedFn::Add => float_op(e, op, |a| format!("{} + {}", a[0], a[1])),
        RoundedFn::Sub => float_op(e, op, |a| format!("{} - {}", a[0], a[1])),
        RoundedFn::Mul => float_op(e, op, |a| format!("{} * {}", a[0], a[1])),
        RoundedFn::Div => float_op(e, op, |a| format!("{} / {}", a[0], a[1])),
        RoundedFn::Fma => call_f(e, op, "fma"),
        RoundedFn::Sqrt => call_f(e, op, "sqrt"),
        RoundedFn::Rcp => float_op(e, op, |a| format!("1 / {}", a[0])),
        RoundedFn::Sitofp | RoundedFn::Uitofp => {
            let from = e.operand_scalar(op, 0)?;
            let v = if f == RoundedFn::Sitofp {
                signed(from, &e.operand(op, 0))
            } else {
                e.operand(op, 0)
            };
            let _ = suffix;
            Ok(from_float_type(s, format!("({}){v}", compute_type(s))))
        }
    }
}

/// `cuda.approx`: PTX's approximations, by functions at least as accurate.
fn approx(e: &FnEmitter, op: OpId) -> Result<String, Diagnostic> {
    let ctx = e.ctx;
    let f = Approx::from_prop(ctx, op, "function")?
        .ok_or_else(|| ctx.op_error(op, "has no 'function'"))?;
    match f {
        Approx::Rcp => float_op(e, op, |a| format!("1 / {}", a[0])),
        Approx::Sqrt => call_f(e, op, "sqrt"),
        Approx::Rsqrt if e.side == Side::Device => call_f(e, op, "rsqrt"),
        Approx::Rsqrt => host_rsqrt(e, op),
        Approx::Ex2 => call_f(e, op, "exp2"),
        Approx::Lg2 => call_f(e, op, "log2"),
        Approx::Sin => call_f(e, op, "sin"),
        Approx::Cos => call_f(e, op, "cos"),
        Approx::Tanh => call_f(e, op, "tanh"),
        Approx::Div | Approx::DivFull => float_op(e, op, |a| format!("{} / {}", a[0], a[1])),
    }
}
