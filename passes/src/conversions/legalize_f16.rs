//! `legalize-f16`: `f16` and `bf16` for targets without 16-bit float
//! arithmetic (the Cranelift and Wasm targets). Every value of either type
//! becomes its bits in an `i16`, so memory, arguments, constants and
//! initializers keep their layout, and every operation on them computes on
//! exactly converted wider floats and rounds its result once: results are
//! IEEE's, bit for bit, in every rounding mode that the IR names.
//!
//! - To `f32`: `bf16` is the top half of an `f32`; `f16` bits are shifted into
//!   an `f32` and scaled by 2^112 (exact for normals and subnormals alike),
//!   infinities and NaN (payload kept) set apart. `f64` extends the `f32`.
//! - From `f32` or `f64` (`arith.truncf` with its `roundingmode`): integer
//!   arithmetic on the bits. The significand loses the bits the format does not
//!   have (more below its smallest normal exponent), the dropped bits and the
//!   mode decide the increment, an overflow gives infinity or the largest
//!   finite number as the mode says, NaN stays a quiet NaN with its sign and
//!   top payload bits.
//! - `+ - * /`, `sqrt`, `remf` and min/max: in `f32`, then rounded. `f32` has
//!   24 >= 2 * 11 + 2 bits, which makes the second rounding harmless (S. A.
//!   Figueroa, "When is double rounding innocuous?", 1995); `bf16` (8 bits)
//!   has more margin, and its exponent range is `f32`'s.
//! - `math.fma`: the product in `f64` (exact: at most 22 bits), the sum
//!   rounded to odd (TwoSum's exact error says which way the sum was rounded),
//!   then rounded once to the format: rounding to odd with p + 2 <= 53 bits
//!   makes the second rounding correct (Boldo and Melquiond, "Emulation of FMA
//!   and correctly rounded sums", 2008).
//! - Integers to `f16`/`bf16`: through `f64`, exact up to 32 bits; a 64-bit
//!   integer is two exact halves added with rounding to odd.
//! - Negation, `absf`, `copysign` and `.ftz` flushing (`cuda.flush_denormal`)
//!   work on the bits.
//! - Comparisons, conversions to integers, the other `math` functions and
//!   the cuda dialect's approximate and saturating ops: on the `f32` values,
//!   a `f16`/`bf16` result rounded once (the cuda ops are then expanded as
//!   `expand-cuda-arith` does, whichever pass ran first).
//! - Warp shuffles move the bits widened to `i32`.
//!
//! Atomics on 16-bit floats, directed-rounding arithmetic (`cuda.rounded`),
//! vectors of 16-bit floats and arith/math ops not listed here are errors
//! located at the op.

use super::build::Emit;
use super::expand_cuda_arith;
use crate::{Pass, PassInfo, PassOptions, PassState};
use cuwasm::{
    Attr, AttrData, Builder, Context, DenseValues, Diagnostic, FloatKind, OpId, Type, TypeData,
    ValueId,
};

pub const INFO: PassInfo = PassInfo {
    name: "legalize-f16",
    description: "f16 and bf16 values into their i16 bits, with every operation computed exactly in f32/f64 and rounded once (for targets without 16-bit floats)",
    anchor: None,
    options: &[],
    create: |_: &PassOptions| Ok(Box::new(LegalizeF16)),
};

struct LegalizeF16;

impl Pass for LegalizeF16 {
    fn run(&self, ctx: &mut Context, root: OpId, state: &mut PassState) -> Result<(), Diagnostic> {
        let mut rewritten = 0;
        for op in ctx.walk_preorder(root) {
            if !ctx.is_erased(op) && rewrite(ctx, op)? {
                rewritten += 1;
            }
        }
        state.stat("num-rewritten", rewritten);
        state.stat("num-retyped", retype_all(ctx, root));
        Ok(())
    }
}

/// A 16-bit float format.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Half {
    F16,
    BF16,
}

impl Half {
    fn of(ctx: &Context, ty: Type) -> Option<Half> {
        match ctx.float_kind(ty)? {
            FloatKind::F16 => Some(Half::F16),
            FloatKind::BF16 => Some(Half::BF16),
            _ => None,
        }
    }

    /// Stored significand bits.
    fn man(self) -> u32 {
        match self {
            Half::F16 => 10,
            Half::BF16 => 7,
        }
    }

    fn bias(self) -> i128 {
        match self {
            Half::F16 => 15,
            Half::BF16 => 127,
        }
    }

    /// The bits of +infinity (also the exponent mask).
    fn inf(self) -> i128 {
        match self {
            Half::F16 => 0x7c00,
            Half::BF16 => 0x7f80,
        }
    }
}

/// The format a 16-bit float is rounded from: `f32` or `f64`.
#[derive(Clone, Copy)]
struct Wide {
    width: u32,
    man: u32,
    bias: i128,
}

const F32: Wide = Wide {
    width: 32,
    man: 23,
    bias: 127,
};
const F64: Wide = Wide {
    width: 64,
    man: 52,
    bias: 1023,
};

/// MLIR's `RoundingMode` (`arith.truncf`'s `roundingmode`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    NearestEven,
    Down,
    Up,
    TowardZero,
    NearestAway,
}

impl Mode {
    fn from_attr(v: Option<i128>) -> Option<Mode> {
        Some(match v {
            None | Some(0) => Mode::NearestEven,
            Some(1) => Mode::Down,
            Some(2) => Mode::Up,
            Some(3) => Mode::TowardZero,
            Some(4) => Mode::NearestAway,
            _ => return None,
        })
    }
}

// arith.cmpi predicates
const EQ: i64 = 0;
const NE: i64 = 1;
const SLT: i64 = 2;
const SGE: i64 = 5;
const UGT: i64 = 8;
const UGE: i64 = 9;
// arith.cmpf predicates
const OLT: i64 = 4;
const ONE: i64 = 6;

/// Does `ty` hold a 16-bit float anywhere (a vector's element, a function's
/// inputs)?
fn has_half(ctx: &Context, ty: Type) -> bool {
    convert_type(ctx, ty) != ty
}

/// `ty` with every `f16`/`bf16` replaced by `i16`.
fn convert_type(ctx: &Context, ty: Type) -> Type {
    let data = ctx.type_data(ty).clone();
    let conv = |t: Type| convert_type(ctx, t);
    let new = match data {
        TypeData::Float(FloatKind::F16 | FloatKind::BF16) => return ctx.integer_type(16),
        TypeData::Vector {
            shape,
            scalable,
            element,
        } => TypeData::Vector {
            shape,
            scalable,
            element: conv(element),
        },
        TypeData::Tensor {
            shape,
            element,
            encoding,
        } => TypeData::Tensor {
            shape,
            element: conv(element),
            encoding,
        },
        TypeData::MemRef {
            shape,
            element,
            layout,
            space,
        } => TypeData::MemRef {
            shape,
            element: conv(element),
            layout,
            space,
        },
        TypeData::Complex(e) => TypeData::Complex(conv(e)),
        TypeData::Tuple(ts) => TypeData::Tuple(ts.into_iter().map(conv).collect()),
        TypeData::Function { inputs, results } => TypeData::Function {
            inputs: inputs.into_iter().map(conv).collect(),
            results: results.into_iter().map(conv).collect(),
        },
        _ => return ty,
    };
    ctx.intern_type(new)
}

/// The bits of a 16-bit float, sign-extended as `i16` attributes store them.
fn bits_value(bits: u64) -> i128 {
    bits as u16 as i16 as i128
}

/// `attr` with every 16-bit float type replaced by `i16` and every 16-bit
/// float constant by its bits.
fn convert_attr(ctx: &Context, attr: Attr) -> Attr {
    let new = match ctx.attr_data(attr).clone() {
        AttrData::Type(t) => AttrData::Type(convert_type(ctx, t)),
        AttrData::Float { bits, ty } if Half::of(ctx, ty).is_some() => AttrData::Integer {
            value: bits_value(bits),
            ty: ctx.integer_type(16),
        },
        AttrData::Dense {
            ty,
            values: DenseValues::Float(v),
            splat,
        } if has_half(ctx, ty) => AttrData::Dense {
            ty: convert_type(ctx, ty),
            values: DenseValues::Int(v.into_iter().map(bits_value).collect()),
            splat,
        },
        AttrData::DenseArray { element, values } if Half::of(ctx, element).is_some() => {
            AttrData::DenseArray {
                element: ctx.integer_type(16),
                values: values.into_iter().map(|b| bits_value(b as u64)).collect(),
            }
        }
        AttrData::Array(v) => {
            AttrData::Array(v.into_iter().map(|a| convert_attr(ctx, a)).collect())
        }
        AttrData::Dictionary(v) => AttrData::Dictionary(
            v.into_iter()
                .map(|(k, a)| (k, convert_attr(ctx, a)))
                .collect(),
        ),
        _ => return attr,
    };
    ctx.intern_attr(new)
}

/// Every value, block argument and attribute of `root`'s ops retyped, and
/// the bit casts that became `i16` to `i16` removed. Returns how many ops
/// changed.
fn retype_all(ctx: &mut Context, root: OpId) -> u64 {
    let mut changed = 0;
    for op in ctx.walk_preorder(root) {
        let mut any = false;
        for v in ctx.results(op).collect::<Vec<_>>() {
            let t = ctx.value_type(v);
            let n = convert_type(ctx, t);
            if n != t {
                ctx.set_value_type(v, n);
                any = true;
            }
        }
        for &r in ctx.regions(op).to_vec().iter() {
            for &b in ctx.region_blocks(r).to_vec().iter() {
                for &a in ctx.block_args(b).to_vec().iter() {
                    let t = ctx.value_type(a);
                    let n = convert_type(ctx, t);
                    if n != t {
                        ctx.set_value_type(a, n);
                        any = true;
                    }
                }
            }
        }
        let (props, attrs) = (ctx.properties(op), ctx.attributes(op));
        let (np, na) = (convert_attr(ctx, props), convert_attr(ctx, attrs));
        if np != props {
            ctx.set_properties(op, np);
            any = true;
        }
        if na != attrs {
            ctx.set_attributes(op, na);
            any = true;
        }
        if ctx.is_op(op, "arith.bitcast") {
            let x = ctx.operand(op, 0);
            if ctx.value_type(x) == ctx.value_type(ctx.result(op, 0)) {
                ctx.replace_op(op, &[x]);
                any = true;
            }
        }
        changed += any as u64;
    }
    changed
}

/// How an op on 16-bit floats is legalized.
enum Plan {
    /// It only moves values: retyping is enough.
    Retype,
    /// The bits: `arith.negf`, `math.absf`, `math.copysign`, `.ftz`.
    Bits,
    /// `arith.extf` from a 16-bit float.
    Extend,
    /// `arith.truncf` to a 16-bit float.
    Round,
    /// `arith.sitofp`/`uitofp` to a 16-bit float.
    FromInt { signed: bool },
    /// `math.fma`.
    Fma,
    /// The same op on `f32` values, 16-bit results rounded; `expand`: a
    /// cuda-dialect op that `expand-cuda-arith` expands then.
    InF32 { expand: bool },
    /// A warp shuffle: the bits move as an `i32`.
    Shuffle,
}

/// The arith ops computed in `f32`.
const ARITH_IN_F32: &[&str] = &[
    "arith.addf",
    "arith.subf",
    "arith.mulf",
    "arith.divf",
    "arith.remf",
    "arith.maxnumf",
    "arith.minnumf",
    "arith.maximumf",
    "arith.minimumf",
    "arith.cmpf",
    "arith.fptosi",
    "arith.fptoui",
];

/// The plan for `op`, or an error for a computation this pass cannot do.
fn plan(ctx: &Context, op: OpId) -> Result<Plan, Diagnostic> {
    let name = ctx.op_name_text(op);
    let types = ctx
        .operand_types(op)
        .into_iter()
        .chain(ctx.result_types(op));
    if types
        .into_iter()
        .any(|t| has_half(ctx, t) && Half::of(ctx, t).is_none())
    {
        return Err(ctx.op_error(
            op,
            "on vectors or aggregates of 16-bit floats is not supported by legalize-f16",
        ));
    }
    let dialect = name.split('.').next().unwrap_or("");
    Ok(match name {
        "arith.constant" | "arith.select" | "arith.bitcast" | "cuda.ldg" => Plan::Retype,
        "arith.negf" | "math.absf" | "math.copysign" | "cuda.flush_denormal" => Plan::Bits,
        "arith.extf" => Plan::Extend,
        "arith.truncf" => Plan::Round,
        "arith.sitofp" => Plan::FromInt { signed: true },
        "arith.uitofp" => Plan::FromInt { signed: false },
        "math.fma" => Plan::Fma,
        "cuda.shfl_sync" => Plan::Shuffle,
        "cuda.approx" | "cuda.fptosi_sat" | "cuda.fptoui_sat" => Plan::InF32 { expand: true },
        n if ARITH_IN_F32.contains(&n) || dialect == "math" => Plan::InF32 { expand: false },
        "cuda.atomic_rmw" | "cuda.atomic_cas" => {
            return Err(ctx.op_error(
                op,
                "on 16-bit floats is not supported on this target (atomics on f16/bf16)",
            ));
        }
        _ if matches!(dialect, "arith" | "math" | "cuda" | "gpu" | "simd" | "wasm")
            && !is_carrier(name) =>
        {
            return Err(ctx.op_error(op, "on 16-bit floats is not supported by legalize-f16"));
        }
        _ => Plan::Retype,
    })
}

/// Ops of the dialects with arithmetic that only hold or move values.
fn is_carrier(name: &str) -> bool {
    matches!(
        name,
        "cuda.alloca"
            | "cuda.shared_alloc"
            | "cuda.global_var"
            | "cuda.launch"
            | "gpu.func"
            | "gpu.return"
            | "gpu.module"
            | "gpu.launch_func"
            | "gpu.global"
    )
}

/// Rewrite `op` if it computes on 16-bit floats; `true` if it was.
fn rewrite(ctx: &mut Context, op: OpId) -> Result<bool, Diagnostic> {
    let uses_half = ctx
        .operand_types(op)
        .into_iter()
        .chain(ctx.result_types(op))
        .any(|t| has_half(ctx, t));
    if !uses_half {
        return Ok(false);
    }
    let plan = plan(ctx, op)?;
    if let Plan::Retype = plan {
        return Ok(false);
    }
    let name = ctx.op_name_text(op).to_string();
    let args: Vec<ValueId> = ctx.operands(op).to_vec();
    let res_ty = ctx.result_types(op).first().copied();
    let mut b = Builder::before(ctx, op);
    let mut l = Lower { b: &mut b };
    let results = match plan {
        Plan::Retype => unreachable!("returned above"),
        Plan::Bits => vec![l.bits_op(&name, &args)],
        Plan::Extend => {
            let to = res_ty.expect("extf has a result");
            let f = l.to_f32(args[0]);
            vec![l.widen_to(f, to)]
        }
        Plan::Round => {
            let mode = l.b.prop(op, "roundingmode").and_then(|a| l.b.attr_int(a));
            let Some(mode) = Mode::from_attr(mode) else {
                return Err(l.b.op_error(op, "has an unknown rounding mode"));
            };
            let h = l.half(res_ty.expect("truncf has a result"));
            let x = args[0];
            let x = match Half::of(l.b, l.ty(x)) {
                Some(_) => l.to_f32(x),
                None => x,
            };
            let r = l.round(x, h, mode);
            vec![l.as_half(r, h)]
        }
        Plan::FromInt { signed } => {
            let h = l.half(res_ty.expect("a conversion has a result"));
            let Some(f) = l.int_to_f64(args[0], signed) else {
                return Err(l.b.op_error(
                    op,
                    "from an integer wider than 64 bits is not supported by legalize-f16",
                ));
            };
            let r = l.round(f, h, Mode::NearestEven);
            vec![l.as_half(r, h)]
        }
        Plan::Fma => {
            let h = l.half(res_ty.expect("fma has a result"));
            vec![l.fma(&args, h)]
        }
        Plan::Shuffle => vec![l.shuffle(op, &args)],
        Plan::InF32 { expand } => {
            let (new, rs) = l.in_f32(op, &args);
            if expand {
                expand_cuda_arith::expand(l.b.ctx, new)?;
            }
            rs
        }
    };
    ctx.replace_op(op, &results);
    Ok(true)
}

/// Builds the legalized ops before the op being replaced. Values of 16-bit
/// float type are read through `arith.bitcast` to `i16` and results made
/// with `arith.bitcast` from `i16`; `retype_all` then removes those casts.
struct Lower<'b, 'c> {
    b: &'b mut Builder<'c>,
}

impl<'c> Emit<'c> for Lower<'_, 'c> {
    fn builder(&mut self) -> &mut Builder<'c> {
        self.b
    }
    fn context(&self) -> &Context {
        self.b
    }
}

impl Lower<'_, '_> {
    fn half(&self, ty: Type) -> Half {
        Half::of(self.b, ty).expect("a 16-bit float type")
    }

    /// An integer constant of `v`'s type.
    fn int_like(&mut self, v: ValueId, c: i128) -> ValueId {
        let ty = self.ty(v);
        self.int(ty, c)
    }

    /// `cmpi pred, a, c` with the constant `c`.
    fn cmpi_c(&mut self, pred: i64, a: ValueId, c: i128) -> ValueId {
        let c = self.int_like(a, c);
        self.cmpi(pred, a, c)
    }

    /// A binary integer op with a constant right operand.
    fn bin_c(&mut self, name: &str, a: ValueId, c: i128) -> ValueId {
        let c = self.int_like(a, c);
        self.same(name, &[a, c])
    }

    fn int_type(&self, width: u32) -> Type {
        self.b.integer_type(width)
    }

    /// The `i16` bits of a 16-bit float value.
    fn bits(&mut self, v: ValueId) -> ValueId {
        let i16 = self.int_type(16);
        self.bitcast(v, i16)
    }

    /// `i16` bits as a value of format `h` (the cast `retype_all` removes).
    fn as_half(&mut self, bits: ValueId, h: Half) -> ValueId {
        let kind = match h {
            Half::F16 => FloatKind::F16,
            Half::BF16 => FloatKind::BF16,
        };
        let ty = self.b.float_type(kind);
        self.bitcast(bits, ty)
    }

    /// `op` again with other operands and result types, its properties and
    /// attributes kept.
    fn recreate(&mut self, op: OpId, operands: &[ValueId], types: &[Type]) -> OpId {
        let name = self.b.op_name_text(op).to_string();
        let mut st = self.b.state(&name).operands(operands).results(types);
        st.properties = Some(self.b.properties(op));
        st.attributes = Some(self.b.attributes(op));
        self.b.insert(st)
    }

    // ---- to and from f32 -------------------------------------------------------------

    /// The exact `f32` value of a 16-bit float value.
    fn to_f32(&mut self, v: ValueId) -> ValueId {
        let h = self.half(self.ty(v));
        let bits = self.bits(v);
        let i32 = self.int_type(32);
        let f32 = self.b.f32();
        let b = self.op("arith.extui", &[bits], i32);
        if h == Half::BF16 {
            let s = self.bin_c("arith.shli", b, 16);
            return self.bitcast(s, f32);
        }
        let sign = self.bin_c("arith.andi", b, 0x8000);
        let sign = self.bin_c("arith.shli", sign, 16);
        let mag = self.bin_c("arith.andi", b, 0x7fff);
        let shifted = self.bin_c("arith.shli", mag, 13);
        // exponent 1..30 (and subnormals) rebiased from 15 to 127: times 2^112
        let small = self.bitcast(shifted, f32);
        let scale = self.float(f32, 2f64.powi(112));
        let scaled = self.same("arith.mulf", &[small, scale]);
        let finite = self.bitcast(scaled, i32);
        let inf_nan = self.bin_c("arith.ori", shifted, 0x7f80_0000);
        let special = self.cmpi_c(UGE, mag, 0x7c00);
        let m = self.select(special, inf_nan, finite);
        let r = self.same("arith.ori", &[m, sign]);
        self.bitcast(r, f32)
    }

    /// An `f32` as `to` (`f32` or `f64`; both exact).
    fn widen_to(&mut self, f: ValueId, to: Type) -> ValueId {
        match to == self.ty(f) {
            true => f,
            false => self.op("arith.extf", &[f], to),
        }
    }

    /// The `i16` bits of `f32`/`f64` value `x` rounded to format `h` by `mode`.
    fn round(&mut self, x: ValueId, h: Half, mode: Mode) -> ValueId {
        let w = match self.b.float_kind(self.ty(x)) {
            Some(FloatKind::F64) => F64,
            _ => F32,
        };
        let it = self.int_type(w.width);
        let bits = self.bitcast(x, it);
        let sign = self.bin_c("arith.shrui", bits, (w.width - 1) as i128);
        let mag = self.bin_c("arith.andi", bits, (1i128 << (w.width - 1)) - 1);
        let e = self.bin_c("arith.shrui", mag, w.man as i128);
        let m = self.bin_c("arith.andi", mag, (1i128 << w.man) - 1);
        // the significand with its leading bit, and the unbiased exponent
        let e0 = self.cmpi_c(EQ, e, 0);
        let with_one = self.bin_c("arith.ori", m, 1i128 << w.man);
        let sig = self.select(e0, m, with_one);
        let unbiased = self.bin_c("arith.subi", e, w.bias);
        let emin_w = self.int(it, 1 - w.bias);
        let exp = self.select(e0, emin_w, unbiased);
        // bits dropped: the formats' difference, plus the distance below h's
        // smallest normal exponent (capped where everything is dropped)
        let emin = 1 - h.bias();
        let below = self.cmpi_c(SLT, exp, emin);
        let emin_c = self.int(it, emin);
        let under = self.same("arith.subi", &[emin_c, exp]);
        let zero = self.int(it, 0);
        let extra = self.select(below, under, zero);
        let dropped = self.bin_c("arith.addi", extra, (w.man - h.man()) as i128);
        let cap = self.int(it, w.man as i128 + 2);
        let d = self.same("arith.minsi", &[dropped, cap]);
        let q = self.same("arith.shrui", &[sig, d]);
        let back = self.same("arith.shli", &[q, d]);
        let rem = self.same("arith.subi", &[sig, back]);
        let d1 = self.bin_c("arith.subi", d, 1);
        let one = self.int(it, 1);
        let halfway = self.same("arith.shli", &[one, d1]);
        let up = self.increment(mode, sign, q, rem, halfway);
        let up = self.op("arith.extui", &[up], it);
        let q = self.same("arith.addi", &[q, up]);
        // the exponent field: a rounding carry out of the significand moves it up
        let biased = self.bin_c("arith.addi", exp, h.bias() - 1);
        let base = self.select(below, zero, biased);
        let base = self.bin_c("arith.shli", base, h.man() as i128);
        let r = self.same("arith.addi", &[base, q]);
        let over = self.cmpi_c(SGE, r, h.inf());
        let overflow = self.overflow(mode, sign, h);
        let r = self.select(over, overflow, r);
        // infinities and NaN (quiet, top payload bits kept)
        let special = self.cmpi_c(EQ, e, (1i128 << (w.width - 1 - w.man)) - 1);
        let is_nan = self.cmpi_c(NE, m, 0);
        let payload = self.bin_c("arith.shrui", m, (w.man - h.man()) as i128);
        let nan = self.bin_c("arith.ori", payload, h.inf() | 1i128 << (h.man() - 1));
        let inf = self.int(it, h.inf());
        let special_bits = self.select(is_nan, nan, inf);
        let r = self.select(special, special_bits, r);
        let s = self.bin_c("arith.shli", sign, 15);
        let r = self.same("arith.ori", &[r, s]);
        let i16 = self.int_type(16);
        self.op("arith.trunci", &[r], i16)
    }

    /// Whether the magnitude `q` goes up by one, given the dropped bits
    /// `rem` and half of their unit `halfway`.
    fn increment(
        &mut self,
        mode: Mode,
        sign: ValueId,
        q: ValueId,
        rem: ValueId,
        halfway: ValueId,
    ) -> ValueId {
        let inexact = self.cmpi_c(NE, rem, 0);
        match mode {
            Mode::NearestEven => {
                let above = self.cmpi(UGT, rem, halfway);
                let tie = self.cmpi(EQ, rem, halfway);
                let odd = self.bin_c("arith.andi", q, 1);
                let odd = self.cmpi_c(NE, odd, 0);
                let tie_odd = self.same("arith.andi", &[tie, odd]);
                self.same("arith.ori", &[above, tie_odd])
            }
            Mode::NearestAway => self.cmpi(UGE, rem, halfway),
            Mode::TowardZero => {
                let i1 = self.b.i1();
                self.int(i1, 0)
            }
            Mode::Down | Mode::Up => {
                let negative = self.cmpi_c(NE, sign, 0);
                let away = match mode {
                    Mode::Down => negative,
                    _ => {
                        let i1 = self.b.i1();
                        let t = self.int(i1, 1);
                        self.same("arith.xori", &[negative, t])
                    }
                };
                self.same("arith.andi", &[inexact, away])
            }
        }
    }

    /// The magnitude of an overflowing result: infinity when the mode rounds
    /// away from zero for this sign, else the largest finite number.
    fn overflow(&mut self, mode: Mode, sign: ValueId, h: Half) -> ValueId {
        let ty = self.ty(sign);
        let inf = self.int(ty, h.inf());
        let max = self.int(ty, h.inf() - 1);
        let negative = self.cmpi_c(NE, sign, 0);
        match mode {
            Mode::NearestEven | Mode::NearestAway => inf,
            Mode::TowardZero => max,
            Mode::Down => self.select(negative, inf, max),
            Mode::Up => self.select(negative, max, inf),
        }
    }

    // ---- operations ------------------------------------------------------------------

    /// Negation, `absf`, `copysign` and `.ftz` on the bits.
    fn bits_op(&mut self, name: &str, args: &[ValueId]) -> ValueId {
        let h = self.half(self.ty(args[0]));
        let x = self.bits(args[0]);
        let r = match name {
            "arith.negf" => self.bin_c("arith.xori", x, 0x8000),
            "math.absf" => self.bin_c("arith.andi", x, 0x7fff),
            "math.copysign" => {
                let y = self.bits(args[1]);
                let mag = self.bin_c("arith.andi", x, 0x7fff);
                let sign = self.bin_c("arith.andi", y, 0x8000);
                self.same("arith.ori", &[mag, sign])
            }
            _ => {
                // cuda.flush_denormal: a subnormal becomes the zero of its sign
                let exp = self.bin_c("arith.andi", x, h.inf());
                let subnormal = self.cmpi_c(EQ, exp, 0);
                let zero = self.bin_c("arith.andi", x, 0x8000);
                self.select(subnormal, zero, x)
            }
        };
        self.as_half(r, h)
    }

    /// `op` on the `f32` values of its 16-bit operands, with `f32` results
    /// where it had 16-bit ones; returns the new op and `op`'s replacement
    /// values (16-bit results rounded).
    fn in_f32(&mut self, op: OpId, args: &[ValueId]) -> (OpId, Vec<ValueId>) {
        let f32 = self.b.f32();
        let mut xs = Vec::with_capacity(args.len());
        for &a in args {
            xs.push(match Half::of(self.b, self.ty(a)) {
                Some(_) => self.to_f32(a),
                None => a,
            });
        }
        let old_types = self.b.result_types(op);
        let types: Vec<Type> = old_types
            .iter()
            .map(|&t| match Half::of(self.b, t) {
                Some(_) => f32,
                None => t,
            })
            .collect();
        let new = self.recreate(op, &xs, &types);
        let mut rs = Vec::with_capacity(types.len());
        for (i, &t) in old_types.iter().enumerate() {
            let r = self.b.result(new, i);
            rs.push(match Half::of(self.b, t) {
                Some(h) => {
                    let bits = self.round(r, h, Mode::NearestEven);
                    self.as_half(bits, h)
                }
                None => r,
            });
        }
        (new, rs)
    }

    /// `a * b + c` rounded once: the exact product in `f64`, the sum rounded
    /// to odd, then to `h`.
    fn fma(&mut self, args: &[ValueId], h: Half) -> ValueId {
        let f64 = self.b.f64();
        let mut w = Vec::with_capacity(3);
        for &a in args {
            let f = self.to_f32(a);
            w.push(self.widen_to(f, f64));
        }
        let p = self.same("arith.mulf", &[w[0], w[1]]);
        let s = self.add_round_to_odd(p, w[2]);
        let r = self.round(s, h, Mode::NearestEven);
        self.as_half(r, h)
    }

    /// `a + b` in `f64` rounded to odd: rounded toward zero, then the last
    /// bit set if that was inexact. TwoSum gives the exact error `e` of the
    /// nearest sum `s`; `s` is above the exact sum in magnitude when `e` and
    /// `s` differ in sign. NaN and infinite sums stay.
    fn add_round_to_odd(&mut self, a: ValueId, b: ValueId) -> ValueId {
        let (f64, i64) = (self.b.f64(), self.int_type(64));
        let s = self.same("arith.addf", &[a, b]);
        let bb = self.same("arith.subf", &[s, a]);
        let aa = self.same("arith.subf", &[s, bb]);
        let da = self.same("arith.subf", &[a, aa]);
        let db = self.same("arith.subf", &[b, bb]);
        let e = self.same("arith.addf", &[da, db]);
        let zero = self.float(f64, 0.0);
        let inexact = self.cmpf(ONE, e, zero);
        let e_neg = self.cmpf(OLT, e, zero);
        let s_neg = self.cmpf(OLT, s, zero);
        let opposite = self.same("arith.xori", &[e_neg, s_neg]);
        let toward_zero = self.same("arith.andi", &[inexact, opposite]);
        let sb = self.bitcast(s, i64);
        let down = self.bin_c("arith.subi", sb, 1);
        let t = self.select(toward_zero, down, sb);
        let odd = self.bin_c("arith.ori", t, 1);
        let r = self.select(inexact, odd, sb);
        self.bitcast(r, f64)
    }

    /// The integer `x` as an `f64`: exact up to 32 bits; 64-bit integers as
    /// the sum of their exact halves rounded to odd. None past 64 bits.
    fn int_to_f64(&mut self, x: ValueId, signed: bool) -> Option<ValueId> {
        let f64 = self.b.f64();
        let conv = if signed {
            "arith.sitofp"
        } else {
            "arith.uitofp"
        };
        let w = self.b.int_width(self.ty(x))?;
        if w <= 32 {
            return Some(self.op(conv, &[x], f64));
        }
        if w > 64 {
            return None;
        }
        let i64 = self.int_type(64);
        let x = match w {
            64 => x,
            _ => self.op(
                if signed { "arith.extsi" } else { "arith.extui" },
                &[x],
                i64,
            ),
        };
        let hi = self.bin_c(if signed { "arith.shrsi" } else { "arith.shrui" }, x, 32);
        let hi = self.op(conv, &[hi], f64);
        let scale = self.float(f64, 2f64.powi(32));
        let hi = self.same("arith.mulf", &[hi, scale]);
        let lo = self.bin_c("arith.andi", x, 0xffff_ffff);
        let lo = self.op("arith.uitofp", &[lo], f64);
        Some(self.add_round_to_odd(hi, lo))
    }

    /// A warp shuffle of a 16-bit float: its bits zero-extended to `i32`.
    fn shuffle(&mut self, op: OpId, args: &[ValueId]) -> ValueId {
        let (i32, i16) = (self.int_type(32), self.int_type(16));
        let h = self.half(self.ty(args[1]));
        let bits = self.bits(args[1]);
        let wide = self.op("arith.extui", &[bits], i32);
        let mut xs = args.to_vec();
        xs[1] = wide;
        let new = self.recreate(op, &xs, &[i32]);
        let r = self.b.result(new, 0);
        let r = self.op("arith.trunci", &[r], i16);
        self.as_half(r, h)
    }
}
