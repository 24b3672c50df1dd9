//! Pure ops (arith, math, the ids, cuda's math and bit ops) as WGSL
//! expressions, with the IR's semantics where WGSL's differ: narrow
//! integers normalized before the ops that read their high bits (see
//! `types`), float-to-integer conversions saturating with NaN to 0 (as the
//! CPU path), C's `round`, `pow` of a negative base, NaN-aware min/max,
//! correctly rounded `sqrt` and division (`ieee`; not where the IR allows
//! an approximation: `cuda.fast_math`, `cuda.approx`, the `afn`/`arcp`
//! fastmath flags), and `i64` through `int64`. WGSL itself defines integer
//! division by zero (the dividend; remainder 0) and masks shift amounts,
//! both within what arith leaves undefined, so neither traps.

use super::Helper;
use super::ieee;
use super::int64;
use super::kernel::Kernel;
use super::libm;
use super::types::{Repr, Scalar, f16_bits, f16_from_bits, is_nan};
use cuwasm::{Diagnostic, OpId, ValueId};
use cuwasm_dialects::cuda::{Approx, FastMath, RoundedFn, Rounding};

/// Ops whose result's low word needs only the operands' low words.
fn low_word_op(name: &str) -> bool {
    matches!(
        name,
        "arith.addi"
            | "arith.subi"
            | "arith.muli"
            | "arith.andi"
            | "arith.ori"
            | "arith.xori"
            | "arith.shli"
            | "arith.select"
            | "arith.trunci"
            | "arith.extsi"
            | "arith.extui"
            | "arith.index_cast"
            | "arith.index_castui"
    )
}

/// `x` (an `i32` holding a `width`-bit integer) sign-extended.
fn sext(x: &str, width: u32) -> String {
    match width {
        32 | 64 => x.to_string(),
        w => format!("(({x} << {n}u) >> {n}u)", n = 32 - w),
    }
}

/// `x` (an `i32` holding a `width`-bit integer) zero-extended, as a `u32`.
fn zext(x: &str, width: u32) -> String {
    match width {
        32 | 64 => format!("bitcast<u32>({x})"),
        w => format!("(bitcast<u32>({x}) & {:#x}u)", (1u64 << w) - 1),
    }
}

fn dim_letter(ctx: &cuwasm::Context, op: OpId) -> &'static str {
    let body = ctx
        .prop(op, "dimension")
        .and_then(|a| ctx.attr_dialect(a))
        .and_then(|(_, b)| b);
    match body.map(|b| b.trim_end()) {
        Some(b) if b.ends_with('y') => "y",
        Some(b) if b.ends_with('z') => "z",
        _ => "x",
    }
}

const ROUND: Helper = Helper {
    name: "cuwasm_round",
    deps: &[],
    text: "fn cuwasm_round(x: f32) -> f32 {
    let t = trunc(x);
    return select(t, t + sign(x), abs(x - t) >= 0.5f);
}",
};

/// C's `powf`: an integral exponent up to 64 by repeated squaring (WGSL's
/// `pow` is `exp2(y * log2(x))`, many ulps off, and undefined for a negative
/// base); otherwise `pow` of the magnitude, with the exponent's parity as
/// sign for a negative base.
const POW: Helper = Helper {
    name: "cuwasm_pow",
    deps: &[],
    text: "fn cuwasm_pow(x: f32, y: f32) -> f32 {
    if y == 0.0f {
        return 1.0f;
    }
    if trunc(y) == y && abs(y) <= 64.0f {
        var n = u32(abs(y));
        var b = x;
        var r = 1.0f;
        loop {
            if (n & 1u) != 0u {
                r = r * b;
            }
            n = n >> 1u;
            if n == 0u {
                break;
            }
            b = b * b;
        }
        return select(r, 1.0f / r, y < 0.0f);
    }
    let m = pow(abs(x), y);
    if x >= 0.0f || (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u {
        return m;
    }
    if trunc(y) != y {
        return bitcast<f32>(0x7fc00000u + cuwasm_zero);
    }
    let odd = abs(y) < 16777216.0f && (i32(y) & 1i) != 0i;
    return select(m, -m, odd);
}",
};

/// C's `fmodf`, exact (WGSL's `%` on floats is `x - y * trunc(x / y)`,
/// far off where `x / y` is large): long division of the significands by
/// their bits, as musl's fmodf does it.
const FMOD: Helper = Helper {
    name: "cuwasm_fmod",
    deps: &[],
    text: "fn cuwasm_fmod(x: f32, y: f32) -> f32 {
    var ux = bitcast<u32>(x);
    var uy = bitcast<u32>(y);
    var ex = i32((ux >> 23u) & 0xffu);
    var ey = i32((uy >> 23u) & 0xffu);
    let sx = ux & 0x80000000u;
    if (uy << 1u) == 0u || (uy & 0x7fffffffu) > 0x7f800000u || ex == 255i {
        return bitcast<f32>(0x7fc00000u + cuwasm_zero);
    }
    if (ux << 1u) <= (uy << 1u) {
        return select(x, bitcast<f32>(sx), (ux << 1u) == (uy << 1u));
    }
    if ex == 0i {
        var i = ux << 9u;
        loop {
            if (i >> 31u) != 0u {
                break;
            }
            ex = ex - 1i;
            i = i << 1u;
        }
        ux = ux << u32(1i - ex);
    } else {
        ux = (ux & 0x7fffffu) | 0x800000u;
    }
    if ey == 0i {
        var i = uy << 9u;
        loop {
            if (i >> 31u) != 0u {
                break;
            }
            ey = ey - 1i;
            i = i << 1u;
        }
        uy = uy << u32(1i - ey);
    } else {
        uy = (uy & 0x7fffffu) | 0x800000u;
    }
    loop {
        let i = ux - uy;
        if (i >> 31u) == 0u {
            if i == 0u {
                return bitcast<f32>(sx);
            }
            ux = i;
        }
        if ex <= ey {
            break;
        }
        ux = ux << 1u;
        ex = ex - 1i;
    }
    loop {
        if (ux >> 23u) != 0u {
            break;
        }
        ux = ux << 1u;
        ex = ex - 1i;
    }
    if ex > 0i {
        ux = (ux - 0x800000u) | (u32(ex) << 23u);
    } else {
        ux = ux >> u32(1i - ex);
    }
    return bitcast<f32>(ux | sx);
}",
};

/// A NaN test by the bits (WGSL may fold `x != x` away).
const ISNAN: Helper = Helper {
    name: "cuwasm_isnan",
    deps: &[],
    text: "fn cuwasm_isnan(x: f32) -> bool {
    return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u;
}",
};

/// IEEE `maxNum`/`minNum`: a NaN operand gives the other one.
const MAXNUM: Helper = Helper {
    name: "cuwasm_maxnum",
    deps: &[&ISNAN],
    text: "fn cuwasm_maxnum(a: f32, b: f32) -> f32 {
    return select(select(max(a, b), a, cuwasm_isnan(b)), b, cuwasm_isnan(a));
}",
};

const MINNUM: Helper = Helper {
    name: "cuwasm_minnum",
    deps: &[&ISNAN],
    text: "fn cuwasm_minnum(a: f32, b: f32) -> f32 {
    return select(select(min(a, b), a, cuwasm_isnan(b)), b, cuwasm_isnan(a));
}",
};

/// `maximumf`/`minimumf`: a NaN operand gives NaN.
const MAXIMUM: Helper = Helper {
    name: "cuwasm_maximum",
    deps: &[&ISNAN],
    text: "fn cuwasm_maximum(a: f32, b: f32) -> f32 {
    let nan = bitcast<f32>(0x7fc00000u + cuwasm_zero);
    return select(max(a, b), nan, cuwasm_isnan(a) || cuwasm_isnan(b));
}",
};

const MINIMUM: Helper = Helper {
    name: "cuwasm_minimum",
    deps: &[&ISNAN],
    text: "fn cuwasm_minimum(a: f32, b: f32) -> f32 {
    let nan = bitcast<f32>(0x7fc00000u + cuwasm_zero);
    return select(min(a, b), nan, cuwasm_isnan(a) || cuwasm_isnan(b));
}",
};

/// `f32` to `i64`, saturating, NaN to 0 (wide).
const F32_TO_S64: Helper = Helper {
    name: "cuwasm_f32_to_s64",
    deps: &[&int64::NEG],
    text: "fn cuwasm_f32_to_s64(x: f32) -> vec2<u32> {
    if (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u {
        return vec2<u32>(0u, 0u);
    }
    if x >= 9.223372e18f {
        return vec2<u32>(0xffffffffu, 0x7fffffffu);
    }
    if x <= -9.223372e18f {
        return vec2<u32>(0u, 0x80000000u);
    }
    let m = abs(trunc(x));
    let hi = trunc(m * 0x1p-32f);
    let v = vec2<u32>(u32(m - hi * 4294967296.0f), u32(hi));
    return select(v, cuwasm_neg64(v), x < 0.0f);
}",
};

/// `f32` to `u64`, saturating, NaN and negatives to 0 (wide).
const F32_TO_U64: Helper = Helper {
    name: "cuwasm_f32_to_u64",
    deps: &[],
    text: "fn cuwasm_f32_to_u64(x: f32) -> vec2<u32> {
    if !(x > 0.0f) {
        return vec2<u32>(0u, 0u);
    }
    if x >= 1.8446744e19f {
        return vec2<u32>(0xffffffffu, 0xffffffffu);
    }
    let m = trunc(x);
    let hi = trunc(m * 0x1p-32f);
    return vec2<u32>(u32(m - hi * 4294967296.0f), u32(hi));
}",
};

/// PTX's `.ftz`: subnormals to a zero of their sign.
const FLUSH: Helper = Helper {
    name: "cuwasm_flush",
    deps: &[],
    text: "fn cuwasm_flush(x: f32) -> f32 {
    let bits = bitcast<u32>(x);
    return select(x, bitcast<f32>(bits & 0x80000000u), (bits & 0x7f800000u) == 0u);
}",
};

/// PTX `bfe` on 32 bits: `len` bits from `pos` (both modulo 256; bits past
/// bit 31 dropped), the bits above filled with the last extracted bit when
/// signed (with 0 when `len` is 0).
const BFE: Helper = Helper {
    name: "cuwasm_bfe",
    deps: &[],
    text: "fn cuwasm_bfe(a: u32, b: u32, c: u32, signed: bool) -> u32 {
    let pos = b & 0xffu;
    let len = c & 0xffu;
    let take = select(0u, min(len, 32u - pos), pos <= 31u);
    let sbit = signed && len != 0u && ((a >> min(pos + len - 1u, 31u)) & 1u) != 0u;
    let field = select(0u, (a >> min(pos, 31u)) & select(0xffffffffu, (1u << take) - 1u, take < 32u), take > 0u);
    let fill = select(0u, select(0xffffffffu << take, 0u, take >= 32u), sbit);
    return field | fill;
}",
};

/// PTX `bfi` on 32 bits: `base` with `len` bits from `pos` (modulo 256;
/// bits past bit 31 dropped) taken from the low bits of `ins`.
const BFI: Helper = Helper {
    name: "cuwasm_bfi",
    deps: &[],
    text: "fn cuwasm_bfi(ins: u32, base: u32, b: u32, c: u32) -> u32 {
    let pos = b & 0xffu;
    let len = c & 0xffu;
    if pos > 31u || len == 0u {
        return base;
    }
    let take = min(len, 32u - pos);
    let mask = select((1u << take) - 1u, 0xffffffffu, take >= 32u) << pos;
    return (base & ~mask) | ((ins << pos) & mask);
}",
};

/// PTX `prmt.b32` in its generic mode: nibble `i` of `sel` picks byte `i`
/// of the result from the eight bytes of `{b, a}`; its bit 3 replicates the
/// picked byte's sign.
const PRMT: Helper = Helper {
    name: "cuwasm_prmt",
    deps: &[],
    text: "fn cuwasm_prmt(a: u32, b: u32, sel: u32) -> u32 {
    var r = 0u;
    for (var i = 0u; i < 4u; i = i + 1u) {
        let s = (sel >> (4u * i)) & 0xfu;
        let k = s & 7u;
        var byte = select((a >> (8u * k)) & 0xffu, (b >> (8u * (k - 4u))) & 0xffu, k >= 4u);
        if (s & 8u) != 0u {
            byte = select(0u, 0xffu, (byte & 0x80u) != 0u);
        }
        r = r | (byte << (8u * i));
    }
    return r;
}",
};

impl Kernel<'_> {
    /// The ops with two results: the 64-bit product of two 32-bit integers
    /// as (low, high) words, and a sum with its carry.
    pub fn extended(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let name = ctx.op_name_text(op);
        let (a, b) = (ctx.operand(op, 0), ctx.operand(op, 1));
        let (lo, hi) = (ctx.result(op, 0), ctx.result(op, 1));
        let w = match self.scalar(a) {
            Scalar::Int(w) => w,
            _ => return Err(self.unsupported(op)),
        };
        if name == "arith.addui_extended" {
            let (x, y) = (self.val(a), self.val(b));
            if self.repr(op, a)? == Repr::Wide {
                self.need(&int64::ADD);
                self.need(&int64::ULT);
                self.bind(lo, &format!("cuwasm_add64({x}, {y})"));
                let sum = self.val(lo);
                self.bind(hi, &format!("cuwasm_ult64({sum}, {x})"));
            } else {
                self.bind(lo, &format!("({x} + {y})"));
                let sum = self.val(lo);
                self.bind(hi, &format!("({} < {})", zext(&sum, w), zext(&x, w)));
            }
            return Ok(());
        }
        let signed = name == "arith.mulsi_extended";
        let (x, y) = (self.val(a), self.val(b));
        match w {
            32 => {
                self.need(&int64::MUL_WIDE);
                let p = self.temp("prod");
                self.line(&format!(
                    "let {p} = cuwasm_mul32x32(bitcast<u32>({x}), bitcast<u32>({y}));"
                ));
                self.bind(lo, &format!("bitcast<i32>({p}.x)"));
                let high = match signed {
                    true => format!(
                        "bitcast<i32>({p}.y - select(0u, bitcast<u32>({y}), {x} < 0i) - select(0u, bitcast<u32>({x}), {y} < 0i))"
                    ),
                    false => format!("bitcast<i32>({p}.y)"),
                };
                self.bind(hi, &high);
            }
            w if w <= 16 => {
                let (ex, ey) = match signed {
                    true => (sext(&x, w), sext(&y, w)),
                    false => (
                        format!("bitcast<i32>({})", zext(&x, w)),
                        format!("bitcast<i32>({})", zext(&y, w)),
                    ),
                };
                let p = self.temp("prod");
                self.line(&format!("let {p} = {ex} * {ey};"));
                self.bind(lo, &p);
                self.bind(hi, &format!("({p} >> {w}u)"));
            }
            _ => {
                let msg = "is a 64-bit multiplication with a 128-bit result, which the WGSL target does not support";
                return Err(ctx.op_error(op, msg));
            }
        }
        Ok(())
    }

    /// The expression of pure op `op`'s result.
    pub fn pure(&mut self, op: OpId) -> Result<String, Diagnostic> {
        let ctx = self.ctx;
        let name = ctx.op_name_text(op);
        if let Some(e) = self.id_op(op, name) {
            return Ok(e);
        }
        if ctx.num_results(op) != 1 {
            return Err(self.unsupported(op));
        }
        let r = ctx.result(op, 0);
        let out = self.repr(op, r)?;
        let operand_scalar = ctx
            .operands(op)
            .first()
            .map(|&v| self.scalar(v))
            .unwrap_or(Scalar::Int(32));
        // i64 ops that need the high word are done wide, then narrowed.
        let involves_i64 = operand_scalar == Scalar::Int(64) || self.scalar(r) == Scalar::Int(64);
        if involves_i64 && (out == Repr::Wide || !low_word_op(name)) {
            let e = self.wide_op(op, name)?;
            let from = match name {
                "arith.cmpi" => Repr::Bool,
                "arith.sitofp" | "arith.uitofp" => Repr::F32,
                _ => Repr::Wide,
            };
            return Ok(self.coerce(e, from, out));
        }
        match operand_scalar {
            Scalar::Bool if name != "arith.select" => self.bool_op(op, name),
            Scalar::F32 | Scalar::F16 if name.starts_with("arith.") && name != "arith.select" => {
                self.float_op(op, name, out)
            }
            _ if name.starts_with("math.") => self.math_op(op, name, out),
            _ if name.starts_with("cuda.") => self.cuda_op(op, name, out),
            _ => self.int_op(op, name, operand_scalar),
        }
    }

    fn unsupported(&self, op: OpId) -> Diagnostic {
        self.ctx.op_error(op, "is not supported by the WGSL target")
    }

    /// Thread, block and grid ids and sizes.
    fn id_op(&self, op: OpId, name: &str) -> Option<String> {
        let d = || dim_letter(self.ctx, op);
        Some(match name {
            "gpu.thread_id" => format!("i32(cuwasm_tid.{})", d()),
            "gpu.block_id" => format!("i32(cuwasm_wid.{d} + cuwasm_params[1].{d})", d = d()),
            "gpu.block_dim" => format!("i32(cuwasm_block_{})", d()),
            "gpu.grid_dim" => format!("i32(cuwasm_params[0].{})", d()),
            "gpu.global_id" => format!(
                "i32((cuwasm_wid.{d} + cuwasm_params[1].{d}) * cuwasm_block_{d} + cuwasm_tid.{d})",
                d = d()
            ),
            "gpu.lane_id" => "i32(cuwasm_li & 31u)".to_string(),
            "cuda.warp_size" | "gpu.subgroup_size" => "32i".to_string(),
            _ => return None,
        })
    }

    /// Integer ops of up to 32 bits (and the low word of `i64` ones).
    fn int_op(&mut self, op: OpId, name: &str, s: Scalar) -> Result<String, Diagnostic> {
        let ctx = self.ctx;
        let w = match s {
            Scalar::Int(w) => w,
            _ => 32,
        };
        let a = |i: usize| self.low_word(ctx.operand(op, i));
        let bin = |o: &str| format!("({} {o} {})", a(0), a(1));
        let unsigned = |o: &str| format!("bitcast<i32>({} {o} {})", zext(&a(0), w), zext(&a(1), w));
        let signed = |o: &str| format!("({} {o} {})", sext(&a(0), w), sext(&a(1), w));
        Ok(match name {
            "arith.addi" => bin("+"),
            "arith.subi" => bin("-"),
            "arith.muli" => bin("*"),
            "arith.andi" => bin("&"),
            "arith.ori" => bin("|"),
            "arith.xori" => bin("^"),
            "arith.shli" => format!("({} << bitcast<u32>({}))", a(0), a(1)),
            "arith.shrsi" => format!("({} >> bitcast<u32>({}))", sext(&a(0), w), a(1)),
            "arith.shrui" => format!("bitcast<i32>({} >> bitcast<u32>({}))", zext(&a(0), w), a(1)),
            "arith.divsi" => signed("/"),
            "arith.remsi" => signed("%"),
            "arith.divui" => unsigned("/"),
            "arith.remui" => unsigned("%"),
            "arith.ceildivsi" | "arith.floordivsi" => {
                let (x, y) = (sext(&a(0), w), sext(&a(1), w));
                let (q, r) = (format!("({x} / {y})"), format!("({x} % {y})"));
                match name {
                    "arith.ceildivsi" => {
                        format!("({q} + select(0i, 1i, {r} != 0i && (({x} < 0i) == ({y} < 0i))))")
                    }
                    _ => format!("({q} - select(0i, 1i, {r} != 0i && (({x} < 0i) != ({y} < 0i))))"),
                }
            }
            "arith.ceildivui" => {
                let (x, y) = (zext(&a(0), w), zext(&a(1), w));
                format!("bitcast<i32>(({x} / {y}) + select(0u, 1u, ({x} % {y}) != 0u))")
            }
            "arith.maxsi" => format!("max({}, {})", sext(&a(0), w), sext(&a(1), w)),
            "arith.minsi" => format!("min({}, {})", sext(&a(0), w), sext(&a(1), w)),
            "arith.maxui" => format!("bitcast<i32>(max({}, {}))", zext(&a(0), w), zext(&a(1), w)),
            "arith.minui" => format!("bitcast<i32>(min({}, {}))", zext(&a(0), w), zext(&a(1), w)),
            "arith.cmpi" => {
                let pred = self.predicate(op)?;
                match pred {
                    0 => format!("({} == {})", sext(&a(0), w), sext(&a(1), w)),
                    1 => format!("({} != {})", sext(&a(0), w), sext(&a(1), w)),
                    2 => signed("<"),
                    3 => signed("<="),
                    4 => signed(">"),
                    5 => signed(">="),
                    6 => format!("({} < {})", zext(&a(0), w), zext(&a(1), w)),
                    7 => format!("({} <= {})", zext(&a(0), w), zext(&a(1), w)),
                    8 => format!("({} > {})", zext(&a(0), w), zext(&a(1), w)),
                    _ => format!("({} >= {})", zext(&a(0), w), zext(&a(1), w)),
                }
            }
            "arith.select" => {
                let c = self.val(ctx.operand(op, 0));
                let r = ctx.result(op, 0);
                let out = self.repr(op, r)?;
                let (t, f) = (
                    self.carried(op, ctx.operand(op, 1), out)?,
                    self.carried(op, ctx.operand(op, 2), out)?,
                );
                format!("select({f}, {t}, {c})")
            }
            "arith.extsi" | "arith.index_cast" => sext(&a(0), w),
            "arith.extui" | "arith.index_castui" if w >= 32 => a(0),
            "arith.extui" | "arith.index_castui" => format!("bitcast<i32>({})", zext(&a(0), w)),
            "arith.trunci" => {
                let to = self.scalar(ctx.result(op, 0));
                match to {
                    Scalar::Bool => format!("(({} & 1i) != 0i)", a(0)),
                    _ => a(0),
                }
            }
            "arith.sitofp" => self.as_float_result(op, &format!("f32({})", sext(&a(0), w))),
            "arith.uitofp" => self.as_float_result(op, &format!("f32({})", zext(&a(0), w))),
            "arith.bitcast" => self.bitcast(op, s)?,
            _ => return Err(self.unsupported(op)),
        })
    }

    /// An `f32` as the op's result type (`f16` converts).
    fn as_float_result(&mut self, op: OpId, f32_expr: &str) -> String {
        match self.scalar(self.ctx.result(op, 0)) {
            Scalar::F16 => self.to_f16(f32_expr, 0),
            _ => f32_expr.to_string(),
        }
    }

    /// `f32` expression `e` rounded to `f16` in MLIR rounding mode `mode`
    /// (`ieee::TO_F16`: WGSL's own conversion may round either way).
    fn to_f16(&mut self, e: &str, mode: i128) -> String {
        self.f16 = true;
        self.need(&ieee::TO_F16);
        format!("cuwasm_f16(f32({e}), {mode}u)")
    }

    fn bitcast(&mut self, op: OpId, from: Scalar) -> Result<String, Diagnostic> {
        let v = self.val(self.ctx.operand(op, 0));
        let to = self.scalar(self.ctx.result(op, 0));
        Ok(match (from, to) {
            (a, b) if a == b => v,
            (Scalar::Int(32), Scalar::F32) => format!("bitcast<f32>({v})"),
            (Scalar::F32, Scalar::Int(32)) => format!("bitcast<i32>({v})"),
            (Scalar::Int(16), Scalar::F16) => {
                self.f16 = true;
                f16_from_bits(&format!("bitcast<u32>({v})"))
            }
            (Scalar::F16, Scalar::Int(16)) => {
                self.f16 = true;
                format!("bitcast<i32>({})", f16_bits(&v))
            }
            _ => return Err(self.unsupported(op)),
        })
    }

    fn predicate(&self, op: OpId) -> Result<i128, Diagnostic> {
        self.ctx
            .prop(op, "predicate")
            .and_then(|a| self.ctx.attr_int(a))
            .ok_or_else(|| self.ctx.op_error(op, "needs a 'predicate'"))
    }

    /// Ops on `i1` (`bool`).
    fn bool_op(&mut self, op: OpId, name: &str) -> Result<String, Diagnostic> {
        let ctx = self.ctx;
        let a = |i: usize| self.val(ctx.operand(op, i));
        let as_int = |x: String, signed: bool| match signed {
            true => format!("select(0i, -1i, {x})"),
            false => format!("select(0i, 1i, {x})"),
        };
        Ok(match name {
            "arith.andi" | "arith.muli" => format!("({} & {})", a(0), a(1)),
            "arith.ori" => format!("({} | {})", a(0), a(1)),
            "arith.xori" | "arith.addi" | "arith.subi" => format!("({} != {})", a(0), a(1)),
            "arith.extui" | "arith.index_castui" => as_int(a(0), false),
            "arith.extsi" | "arith.index_cast" => as_int(a(0), true),
            "arith.uitofp" => self.as_float_result(op, &format!("select(0.0f, 1.0f, {})", a(0))),
            "arith.sitofp" => self.as_float_result(op, &format!("select(0.0f, -1.0f, {})", a(0))),
            "arith.cmpi" => {
                let pred = self.predicate(op)?;
                let signed = (2..=5).contains(&pred);
                let (x, y) = (as_int(a(0), signed), as_int(a(1), signed));
                let o = ["==", "!=", "<", "<=", ">", ">=", "<", "<=", ">", ">="];
                format!("({x} {} {y})", o[pred.clamp(0, 9) as usize])
            }
            "arith.bitcast" | "arith.trunci" => a(0),
            "arith.maxui" | "arith.minsi" => format!("({} | {})", a(0), a(1)),
            "arith.minui" | "arith.maxsi" => format!("({} & {})", a(0), a(1)),
            _ => return Err(self.unsupported(op)),
        })
    }

    /// Float arith ops (`f32`, and `f16`).
    fn float_op(&mut self, op: OpId, name: &str, out: Repr) -> Result<String, Diagnostic> {
        let ctx = self.ctx;
        let f16 = self.scalar(ctx.operand(op, 0)) == Scalar::F16;
        // The NaN-aware min/max helpers take f32.
        let operand = |i: usize| match i < ctx.num_operands(op) {
            true => self.val(ctx.operand(op, i)),
            false => String::new(),
        };
        let (x, y) = (operand(0), operand(1));
        let mut via_f32 = |h: &'static Helper| {
            self.need(h);
            let call = format!("{}(f32({x}), f32({y}))", h.name);
            match f16 {
                true => format!("f16({call})"),
                false => call,
            }
        };
        let minmax = match name {
            "arith.maxnumf" => Some(via_f32(&MAXNUM)),
            "arith.minnumf" => Some(via_f32(&MINNUM)),
            "arith.maximumf" => Some(via_f32(&MAXIMUM)),
            "arith.minimumf" => Some(via_f32(&MINIMUM)),
            _ => None,
        };
        if let Some(e) = minmax {
            return Ok(e);
        }
        if matches!(name, "arith.fptosi" | "arith.fptoui") {
            return Ok(self.float_to_int(op, name == "arith.fptosi", out));
        }
        if name == "arith.bitcast" {
            return self.bitcast(op, self.scalar(ctx.operand(op, 0)));
        }
        if name == "arith.truncf" {
            let mode = ctx.prop(op, "roundingmode").and_then(|a| ctx.attr_int(a));
            return match mode.unwrap_or(0) {
                m @ 0..=4 => Ok(self.to_f16(&x, m)),
                _ => Err(ctx.op_error(op, "has an unknown rounding mode")),
            };
        }
        let bin = |o: &str| format!("({x} {o} {y})");
        Ok(match name {
            "arith.addf" => bin("+"),
            "arith.subf" => bin("-"),
            "arith.mulf" => bin("*"),
            "arith.divf" if self.approximate(op, true) => bin("/"),
            "arith.divf" => {
                self.need(&ieee::DIV);
                match f16 {
                    true => self.to_f16(&format!("cuwasm_div(f32({x}), f32({y}))"), 0),
                    false => format!("cuwasm_div({x}, {y})"),
                }
            }
            "arith.remf" => {
                self.need(&FMOD);
                match f16 {
                    true => self.to_f16(&format!("cuwasm_fmod(f32({x}), f32({y}))"), 0),
                    false => format!("cuwasm_fmod({x}, {y})"),
                }
            }
            "arith.negf" => format!("(-{x})"),
            // Ordered comparisons are false on a NaN in hardware; the
            // unordered ones test for NaN by the bits (`!=` too: lavapipe
            // assumes no NaN and makes `x != x` false).
            "arith.cmpf" => {
                let nan = format!("{} || {}", is_nan(&x), is_nan(&y));
                match self.predicate(op)? {
                    0 => "false".to_string(),
                    1 => format!("({x} == {y})"),
                    2 => format!("({x} > {y})"),
                    3 => format!("({x} >= {y})"),
                    4 => format!("({x} < {y})"),
                    5 => format!("({x} <= {y})"),
                    6 => format!("({x} < {y} || {x} > {y})"),
                    7 => format!("!({nan})"),
                    8 => format!("({nan} || {x} == {y})"),
                    9 => format!("({nan} || {x} > {y})"),
                    10 => format!("({nan} || {x} >= {y})"),
                    11 => format!("({nan} || {x} < {y})"),
                    12 => format!("({nan} || {x} <= {y})"),
                    13 => format!("({nan} || {x} != {y})"),
                    14 => format!("({nan})"),
                    _ => "true".to_string(),
                }
            }
            "arith.extf" => format!("f32({x})"),
            _ => return Err(self.unsupported(op)),
        })
    }

    /// Whether `op`'s fastmath flags let it be approximate: `afn` (or
    /// `fast`), or for a division also `arcp`. Without them `math.sqrt` and
    /// `arith.divf` are IEEE's, correctly rounded.
    fn approximate(&self, op: OpId, division: bool) -> bool {
        let ctx = self.ctx;
        let Some((_, Some(body))) = ctx.prop(op, "fastmath").and_then(|a| ctx.attr_dialect(a))
        else {
            return false;
        };
        body.split(|c: char| !c.is_ascii_alphanumeric())
            .any(|flag| flag == "fast" || flag == "afn" || (division && flag == "arcp"))
    }

    /// Saturating float-to-integer conversion, NaN to 0.
    fn float_to_int(&mut self, op: OpId, signed: bool, out: Repr) -> String {
        let x = format!("f32({})", self.val(self.ctx.operand(op, 0)));
        match (out, signed) {
            (Repr::Wide, true) => {
                self.need(&F32_TO_S64);
                format!("cuwasm_f32_to_s64({x})")
            }
            (Repr::Wide, false) => {
                self.need(&F32_TO_U64);
                format!("cuwasm_f32_to_u64({x})")
            }
            (_, true) => format!("select(i32({x}), 0i, {})", is_nan(&x)),
            (_, false) => format!("select(bitcast<i32>(u32({x})), 0i, {})", is_nan(&x)),
        }
    }

    /// `math` ops: floats computed in `f32`, integer bit counts.
    fn math_op(&mut self, op: OpId, name: &str, out: Repr) -> Result<String, Diagnostic> {
        let ctx = self.ctx;
        let s = self.scalar(ctx.operand(op, 0));
        if let Scalar::Int(w) = s {
            let x = zext(&self.val(ctx.operand(op, 0)), w);
            return Ok(match name {
                "math.ctpop" => format!("bitcast<i32>(countOneBits({x}))"),
                "math.cttz" => format!("bitcast<i32>(min(countTrailingZeros({x}), {w}u))"),
                "math.ctlz" => format!("(bitcast<i32>(countLeadingZeros({x})) - {}i)", 32 - w),
                "math.absi" => format!("abs({})", sext(&self.val(ctx.operand(op, 0)), w)),
                _ => return Err(self.unsupported(op)),
            });
        }
        let a: Vec<String> = (0..ctx.num_operands(op))
            .map(|i| format!("f32({})", self.val(ctx.operand(op, i))))
            .collect();
        let x = a[0].clone();
        let call = |f: &str| format!("{f}({})", a.join(", "));
        let e = match name {
            "math.sqrt" if !self.approximate(op, false) => {
                self.need(&ieee::SQRT);
                call("cuwasm_sqrt")
            }
            "math.exp2" => {
                self.need(&libm::EXP2);
                call("cuwasm_exp2")
            }
            "math.tanh" => {
                self.need(&libm::TANH);
                call("cuwasm_tanh")
            }
            "math.sqrt" | "math.exp" | "math.log" | "math.log2" | "math.sin" | "math.cos"
            | "math.tan" | "math.asin" | "math.acos" | "math.atan" | "math.sinh" | "math.cosh"
            | "math.asinh" | "math.acosh" | "math.atanh" | "math.floor" | "math.ceil"
            | "math.trunc" | "math.fma" | "math.atan2" => call(&name["math.".len()..]),
            "math.rsqrt" => call("inverseSqrt"),
            "math.absf" => call("abs"),
            "math.roundeven" => call("round"),
            "math.round" => {
                self.need(&ROUND);
                call("cuwasm_round")
            }
            "math.log10" => format!("(log2({x}) * 0.30102999566f)"),
            "math.expm1" => {
                format!("select(exp({x}) - 1.0f, {x} + 0.5f * {x} * {x}, abs({x}) < 1e-4f)")
            }
            "math.log1p" => {
                format!("select(log(1.0f + {x}), {x} - 0.5f * {x} * {x}, abs({x}) < 1e-4f)")
            }
            "math.cbrt" => format!("(sign({x}) * pow(abs({x}), 0.333333343f))"),
            "math.powf" => {
                self.need(&POW);
                call("cuwasm_pow")
            }
            "math.fpowi" => {
                self.need(&POW);
                let n = self.val(ctx.operand(op, 1));
                format!("cuwasm_pow({x}, f32({n}))")
            }
            "math.copysign" => format!(
                "bitcast<f32>((bitcast<u32>({x}) & 0x7fffffffu) | (bitcast<u32>({}) & 0x80000000u))",
                a[1]
            ),
            "math.clampf" => call("clamp"),
            "math.isnan" => return Ok(is_nan(&x)),
            "math.isinf" => {
                return Ok(format!(
                    "((bitcast<u32>({x}) & 0x7fffffffu) == 0x7f800000u)"
                ));
            }
            "math.isfinite" => {
                return Ok(format!(
                    "((bitcast<u32>({x}) & 0x7f800000u) != 0x7f800000u)"
                ));
            }
            _ => return Err(self.unsupported(op)),
        };
        Ok(match out {
            Repr::F16 => self.to_f16(&e, 0),
            _ => e,
        })
    }

    /// cuda's pure ops: fast math, PTX's approximate and rounded
    /// arithmetic, saturating conversions, bit reversal.
    fn cuda_op(&mut self, op: OpId, name: &str, out: Repr) -> Result<String, Diagnostic> {
        let ctx = self.ctx;
        let a: Vec<String> = (0..ctx.num_operands(op))
            .map(|i| self.val(ctx.operand(op, i)))
            .collect();
        let x = a.first().cloned().unwrap_or_default();
        let y = a.get(1).cloned().unwrap_or_default();
        Ok(match name {
            "cuda.fast_math" => match FastMath::from_prop(ctx, op, "intrinsic")? {
                Some(FastMath::Exp) => format!("exp({x})"),
                Some(FastMath::Exp10) => format!("exp2({x} * 3.32192809f)"),
                Some(FastMath::Log) => format!("log({x})"),
                Some(FastMath::Log2) => format!("log2({x})"),
                Some(FastMath::Log10) => format!("(log2({x}) * 0.30102999566f)"),
                Some(FastMath::Sin) => format!("sin({x})"),
                Some(FastMath::Cos) => format!("cos({x})"),
                Some(FastMath::Tan) => format!("tan({x})"),
                Some(FastMath::Pow) => format!("pow({x}, {y})"),
                Some(FastMath::Divide) | None => format!("({x} / {y})"),
            },
            "cuda.approx" => match Approx::from_prop(ctx, op, "function")? {
                Some(Approx::Rcp) => format!("(1.0f / {x})"),
                Some(Approx::Sqrt) => format!("sqrt({x})"),
                Some(Approx::Rsqrt) => format!("inverseSqrt({x})"),
                Some(Approx::Ex2) => {
                    self.need(&libm::EXP2);
                    format!("cuwasm_exp2({x})")
                }
                Some(Approx::Lg2) => format!("log2({x})"),
                Some(Approx::Sin) => format!("sin({x})"),
                Some(Approx::Cos) => format!("cos({x})"),
                Some(Approx::Tanh) => {
                    self.need(&libm::TANH);
                    format!("cuwasm_tanh({x})")
                }
                Some(Approx::Div | Approx::DivFull) | None => format!("({x} / {y})"),
            },
            "cuda.rounded" => {
                if Rounding::from_prop(ctx, op, "rounding")? != Some(Rounding::Rn) {
                    let msg = "rounds in a direction other than to-nearest, which the WGSL target does not support";
                    return Err(ctx.op_error(op, msg));
                }
                let s = self.scalar(ctx.operand(op, 0));
                // The IEEE helpers compute in f32; rounding that once more
                // to f16 gives the f16 operation's correctly rounded result
                // (24 >= 2 * 11 + 2 bits), rounded to nearest.
                let narrow = |l: &mut Self, e: String| match out {
                    Repr::F16 => l.to_f16(&e, 0),
                    _ => e,
                };
                match RoundedFn::from_prop(ctx, op, "op")? {
                    Some(RoundedFn::Add) => format!("({x} + {y})"),
                    Some(RoundedFn::Sub) => format!("({x} - {y})"),
                    Some(RoundedFn::Mul) => format!("({x} * {y})"),
                    Some(RoundedFn::Div) => {
                        self.need(&ieee::DIV);
                        narrow(self, format!("cuwasm_div(f32({x}), f32({y}))"))
                    }
                    Some(RoundedFn::Fma) => format!("fma({x}, {y}, {})", a[2]),
                    Some(RoundedFn::Sqrt) => {
                        self.need(&ieee::SQRT);
                        narrow(self, format!("cuwasm_sqrt(f32({x}))"))
                    }
                    Some(RoundedFn::Rcp) => {
                        self.need(&ieee::DIV);
                        narrow(self, format!("cuwasm_div(1.0f, f32({x}))"))
                    }
                    Some(RoundedFn::Sitofp) => match s {
                        Scalar::Int(w) => format!("f32({})", sext(&x, w)),
                        _ => return Err(self.unsupported(op)),
                    },
                    Some(RoundedFn::Uitofp) => match s {
                        Scalar::Int(w) => format!("f32({})", zext(&x, w)),
                        _ => return Err(self.unsupported(op)),
                    },
                    None => return Err(self.unsupported(op)),
                }
            }
            "cuda.flush_denormal" if out == Repr::F32 => {
                self.need(&FLUSH);
                format!("cuwasm_flush({x})")
            }
            "cuda.fptosi_sat" => self.float_to_int(op, true, out),
            "cuda.fptoui_sat" => self.float_to_int(op, false, out),
            "cuda.brev" => format!("reverseBits({x})"),
            "cuda.bfe" | "cuda.bfi" | "cuda.prmt" if out == Repr::I32 => {
                if ctx.prop(op, "mode").is_some() {
                    let msg = "is a prmt mode other than the generic one, which the WGSL target does not support";
                    return Err(ctx.op_error(op, msg));
                }
                let u: Vec<String> = a.iter().map(|v| format!("bitcast<u32>({v})")).collect();
                let (h, args) = match name {
                    "cuda.bfe" => {
                        let signed = ctx.prop(op, "signed").is_some();
                        (&BFE, format!("{}, {}, {}, {signed}", u[0], u[1], u[2]))
                    }
                    "cuda.bfi" => (&BFI, u.join(", ")),
                    _ => (&PRMT, u.join(", ")),
                };
                self.need(h);
                format!("bitcast<i32>({}({args}))", h.name)
            }
            _ => return Err(self.unsupported(op)),
        })
    }

    /// Ops whose result or operands are wide `i64`s.
    fn wide_op(&mut self, op: OpId, name: &str) -> Result<String, Diagnostic> {
        let ctx = self.ctx;
        let w = |k: &Self, i: usize| -> String {
            let v: ValueId = ctx.operand(op, i);
            match k.repr(op, v) {
                Ok(Repr::Wide) => k.val(v),
                _ => int64::sign_extend(&k.val(v)),
            }
        };
        let (a, b) = (
            w(self, 0),
            if ctx.num_operands(op) > 1 {
                w(self, 1)
            } else {
                String::new()
            },
        );
        let call = |k: &mut Self, h: &'static Helper, args: &str| {
            k.need(h);
            format!("{}({args})", h.name)
        };
        let src_width = match self.scalar(ctx.operand(op, 0)) {
            Scalar::Int(w) => w,
            _ => 32,
        };
        let narrow = || self.val(ctx.operand(op, 0));
        Ok(match name {
            "arith.addi" => call(self, &int64::ADD, &format!("{a}, {b}")),
            "arith.subi" => call(self, &int64::SUB, &format!("{a}, {b}")),
            "arith.muli" => call(self, &int64::MUL, &format!("{a}, {b}")),
            "arith.andi" => format!("({a} & {b})"),
            "arith.ori" => format!("({a} | {b})"),
            "arith.xori" => format!("({a} ^ {b})"),
            "arith.shli" | "arith.shrui" | "arith.shrsi" => {
                let h = match name {
                    "arith.shli" => &int64::SHL,
                    "arith.shrui" => &int64::SHRU,
                    _ => &int64::SHRS,
                };
                let n = format!("bitcast<u32>({})", self.low_word(ctx.operand(op, 1)));
                call(self, h, &format!("{a}, {n}"))
            }
            "arith.divui" => call(self, &int64::UDIVREM, &format!("{a}, {b}")) + ".xy",
            "arith.remui" => call(self, &int64::UDIVREM, &format!("{a}, {b}")) + ".zw",
            "arith.divsi" => call(self, &int64::SDIVREM, &format!("{a}, {b}")) + ".xy",
            "arith.remsi" => call(self, &int64::SDIVREM, &format!("{a}, {b}")) + ".zw",
            "arith.maxsi" | "arith.minsi" | "arith.maxui" | "arith.minui" => {
                let lt = if name.ends_with("si") {
                    &int64::SLT
                } else {
                    &int64::ULT
                };
                let less = call(self, lt, &format!("{a}, {b}"));
                match name.starts_with("arith.max") {
                    true => format!("select({a}, {b}, {less})"),
                    false => format!("select({b}, {a}, {less})"),
                }
            }
            "arith.cmpi" => {
                let pred = self.predicate(op)?;
                let lt = if (2..=5).contains(&pred) {
                    &int64::SLT
                } else {
                    &int64::ULT
                };
                match pred {
                    0 => format!("all({a} == {b})"),
                    1 => format!("any({a} != {b})"),
                    2 | 6 => call(self, lt, &format!("{a}, {b}")),
                    3 | 7 => format!("!{}", call(self, lt, &format!("{b}, {a}"))),
                    4 | 8 => call(self, lt, &format!("{b}, {a}")),
                    _ => format!("!{}", call(self, lt, &format!("{a}, {b}"))),
                }
            }
            "arith.select" => {
                let c = self.val(ctx.operand(op, 0));
                let (t, f) = (w(self, 1), w(self, 2));
                format!("select({f}, {t}, {c})")
            }
            "arith.extsi" | "arith.index_cast" => match self.scalar(ctx.operand(op, 0)) {
                Scalar::Bool => format!(
                    "select(vec2<u32>(0u), vec2<u32>(0xffffffffu), {})",
                    narrow()
                ),
                Scalar::Int(64) => a,
                _ => int64::sign_extend(&sext(&narrow(), src_width)),
            },
            "arith.extui" | "arith.index_castui" => match self.scalar(ctx.operand(op, 0)) {
                Scalar::Bool => format!("vec2<u32>(select(0u, 1u, {}), 0u)", narrow()),
                Scalar::Int(64) => a,
                _ => format!("vec2<u32>({}, 0u)", zext(&narrow(), src_width)),
            },
            "arith.trunci" => a,
            "arith.sitofp" => call(self, &int64::S_TO_F32, &a),
            "arith.uitofp" => call(self, &int64::U_TO_F32, &a),
            "arith.fptosi" | "arith.fptoui" | "cuda.fptosi_sat" | "cuda.fptoui_sat" => {
                let signed = name.ends_with("si") || name.ends_with("si_sat");
                self.float_to_int(op, signed, Repr::Wide)
            }
            "math.ctpop" => format!("vec2<u32>(countOneBits({a}.x) + countOneBits({a}.y), 0u)"),
            "math.ctlz" => format!(
                "vec2<u32>(select(countLeadingZeros({a}.y), 32u + countLeadingZeros({a}.x), {a}.y == 0u), 0u)"
            ),
            "math.cttz" => format!(
                "vec2<u32>(select(countTrailingZeros({a}.x), 32u + countTrailingZeros({a}.y), {a}.x == 0u), 0u)"
            ),
            "cuda.brev" => format!("reverseBits({a}.yx)"),
            _ => return Err(self.unsupported(op)),
        })
    }
}
