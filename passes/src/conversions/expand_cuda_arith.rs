//! `expand-cuda-arith`: the cuda dialect's PTX arithmetic into arith and math
//! ops that every target has, for targets without the instructions (the CPU).
//!
//! - `cuda.flush_denormal` (`.ftz`): a subnormal becomes the zero of its sign.
//! - `cuda.rounded` (`.rz`/`.rm`/`.rp`): the round-to-nearest result, moved
//!   one step (an integer step of its bits) where the exact error's sign says
//!   the directed result is the neighbour. The error is exact: for `f32` the
//!   operation is redone in `f64`, where products are exact; for `f64` it is
//!   the error-free transformation of the operation (TwoSum for add and sub,
//!   `fma(a, b, -r)` for mul, the remainder `fma(-r, b, a)` for div,
//!   `fma(-r, r, a)` for sqrt, Boldo and Muller's ErrFma for fma), with tiny
//!   operands scaled by powers of two so that the error does not underflow
//!   (except for `f64` fma whose product is below 2^-969, where the error
//!   may be inexact). Integer to float conversions compare the integer with
//!   the integer value of the rounded result. An exact zero sum is -0 under
//!   `.rm` unless both addends are +0 (IEEE 754 6.3).
//! - `arith.truncf` with a `roundingmode` (PTX `cvt.rz.f32.f64`): the same
//!   step, from the sign of `x - extf(truncf(x))`.
//! - `cuda.approx`: the IEEE operation or the C library's function, whose
//!   error is within each approximate instruction's bound.
//! - `cuda.fptosi_sat`/`fptoui_sat`: NaN gives 0, values past the range its
//!   ends, the rest `arith.fptosi`/`fptoui` (which are undefined out of range).
//! - `cuda.bfe`, `cuda.bfi`, `cuda.prmt`: shifts, masks and selects computing
//!   the PTX ISA's definitions (positions and lengths taken `& 0xff`).
//!
//! Ops on other types (f16, bf16) are left as they are.

use super::build::Emit;
use crate::{Pass, PassInfo, PassOptions, PassState};
use cuwasm::{Builder, Context, Diagnostic, FloatKind, OpId, Type, ValueId};
use cuwasm_dialects::cuda::{Approx, PrmtMode, RoundedFn, Rounding};

pub const INFO: PassInfo = PassInfo {
    name: "expand-cuda-arith",
    description: "PTX arithmetic of the cuda dialect (directed rounding, .ftz, approximate and saturating ops, bfe/bfi/prmt) into arith and math",
    anchor: None,
    options: &[],
    create: |_: &PassOptions| Ok(Box::new(ExpandCudaArith)),
};

struct ExpandCudaArith;

impl Pass for ExpandCudaArith {
    fn run(&self, ctx: &mut Context, root: OpId, state: &mut PassState) -> Result<(), Diagnostic> {
        let mut expanded = 0;
        for op in ctx.walk_preorder(root) {
            if expand(ctx, op)? {
                expanded += 1;
            }
        }
        state.stat("num-expanded", expanded);
        Ok(())
    }
}

// arith.cmpf predicates
const OEQ: i64 = 1;
const OGT: i64 = 2;
const OGE: i64 = 3;
const OLT: i64 = 4;
const OLE: i64 = 5;
const ONE: i64 = 6;
const UNO: i64 = 14;
// arith.cmpi predicates
const EQ: i64 = 0;
const SLT: i64 = 2;
const SGT: i64 = 4;
const ULT: i64 = 6;
const UGT: i64 = 8;
const UGE: i64 = 9;

/// Expand `op` if it is one of this pass's; `true` if it was.
pub(crate) fn expand(ctx: &mut Context, op: OpId) -> Result<bool, Diagnostic> {
    let name = ctx.op_name_text(op);
    let relevant = matches!(
        name,
        "cuda.flush_denormal"
            | "cuda.rounded"
            | "cuda.approx"
            | "cuda.fptosi_sat"
            | "cuda.fptoui_sat"
            | "cuda.bfe"
            | "cuda.bfi"
            | "cuda.prmt"
            | "arith.truncf"
    );
    if !relevant {
        return Ok(false);
    }
    let name = name.to_string();
    let args: Vec<ValueId> = ctx.operands(op).to_vec();
    let ty = ctx.value_type(ctx.result(op, 0));
    // only f32 and f64 floats: other types stay for targets that have them
    let float_ok =
        |ctx: &Context, t: Type| matches!(ctx.float_kind(t), Some(FloatKind::F32 | FloatKind::F64));
    if args
        .iter()
        .map(|a| ctx.value_type(*a))
        .chain([ty])
        .any(|t| ctx.float_kind(t).is_some() && !float_ok(ctx, t))
    {
        return Ok(false);
    }
    let mut b = Builder::before(ctx, op);
    let mut e = Ex { b: &mut b };
    let v = match name.as_str() {
        "cuda.flush_denormal" => e.flush(args[0]),
        "cuda.rounded" => {
            let f = RoundedFn::from_prop(e.b, op, "op")?.expect("verified");
            let r = Rounding::from_prop(e.b, op, "rounding")?.expect("verified");
            e.rounded(f, r, &args, ty)
        }
        "arith.truncf" => {
            let mode = e.b.prop(op, "roundingmode").and_then(|a| e.b.attr_int(a));
            // MLIR's RoundingMode: 0 to nearest even, 1 downward, 2 upward, 3 toward zero
            let r = match mode {
                Some(1) => Rounding::Rm,
                Some(2) => Rounding::Rp,
                Some(3) => Rounding::Rz,
                _ => return Ok(false),
            };
            e.truncf_directed(args[0], ty, r)
        }
        "cuda.approx" => {
            let f = Approx::from_prop(e.b, op, "function")?.expect("verified");
            e.approx(f, &args)
        }
        "cuda.fptosi_sat" => e.fp_to_int_sat(args[0], ty, true),
        "cuda.fptoui_sat" => e.fp_to_int_sat(args[0], ty, false),
        "cuda.bfe" => {
            let signed = e.b.prop(op, "signed").is_some();
            e.bfe(args[0], args[1], args[2], signed)
        }
        "cuda.bfi" => e.bfi(args[0], args[1], args[2], args[3]),
        _ => {
            let mode = PrmtMode::from_prop(e.b, op, "mode")?;
            e.prmt(args[0], args[1], args[2], mode)
        }
    };
    ctx.replace_op(op, &[v]);
    Ok(true)
}

/// Builds the expansions before the op being replaced.
struct Ex<'b, 'c> {
    b: &'b mut Builder<'c>,
}

impl<'c> Emit<'c> for Ex<'_, 'c> {
    fn builder(&mut self) -> &mut Builder<'c> {
        self.b
    }
    fn context(&self) -> &Context {
        self.b
    }
}

impl Ex<'_, '_> {
    fn is_f64(&self, ty: Type) -> bool {
        self.b.float_kind(ty) == Some(FloatKind::F64)
    }

    fn and(&mut self, a: ValueId, b: ValueId) -> ValueId {
        self.same("arith.andi", &[a, b])
    }

    fn or(&mut self, a: ValueId, b: ValueId) -> ValueId {
        self.same("arith.ori", &[a, b])
    }

    fn not(&mut self, a: ValueId) -> ValueId {
        let ty = self.ty(a);
        let ones = self.int(ty, -1);
        self.same("arith.xori", &[a, ones])
    }

    fn int_of(&self, ty: Type) -> Type {
        let w = if self.is_f64(ty) { 64 } else { 32 };
        self.b.integer_type(w)
    }

    fn f64(&self) -> Type {
        self.b.f64()
    }

    fn ext(&mut self, v: ValueId) -> ValueId {
        let f64 = self.f64();
        self.op("arith.extf", &[v], f64)
    }

    fn width(&self, ty: Type) -> u32 {
        self.b.int_width(ty).unwrap_or(32)
    }

    // ---- .ftz ---------------------------------------------------------------------------

    /// `|x| < smallest normal ? copysign(0, x) : x` (NaN stays).
    fn flush(&mut self, x: ValueId) -> ValueId {
        let ty = self.ty(x);
        let min = if self.is_f64(ty) {
            f64::MIN_POSITIVE
        } else {
            f32::MIN_POSITIVE as f64
        };
        let a = self.same("math.absf", &[x]);
        let m = self.float(ty, min);
        let tiny = self.cmpf(OLT, a, m);
        let z = self.float(ty, 0.0);
        let z = self.same("math.copysign", &[z, x]);
        self.select(tiny, z, x)
    }

    // ---- directed rounding -------------------------------------------------------------

    /// The directed result from the round-to-nearest `r` and whether the
    /// exact value is above (`up`) or below (`down`) it.
    fn adjust(&mut self, r: ValueId, up: ValueId, down: ValueId, mode: Rounding) -> ValueId {
        let ty = self.ty(r);
        let it = self.int_of(ty);
        let bits = self.bitcast(r, it);
        let one = self.int(it, 1);
        let inc = self.same("arith.addi", &[bits, one]);
        let dec = self.same("arith.subi", &[bits, one]);
        let zero = self.float(ty, 0.0);
        let pos = self.cmpf(OGT, r, zero);
        let neg = self.cmpf(OLT, r, zero);
        let min_sub = self.int(it, 1);
        let neg_min_sub = self.int(it, -(1i128 << (self.width(it) - 1)) + 1);
        let stepped = match mode {
            Rounding::Rn => return r,
            // toward zero: the magnitude goes down (never from a zero)
            Rounding::Rz => {
                let a = self.and(pos, down);
                let b = self.and(neg, up);
                let away = self.or(a, b);
                let v = self.bitcast(dec, ty);
                return self.select(away, v, r);
            }
            // next down: +x shrinks, -x and zeros grow downward
            Rounding::Rm => {
                let nz = self.select(neg, inc, neg_min_sub);
                let s = self.select(pos, dec, nz);
                (down, s)
            }
            Rounding::Rp => {
                let nz = self.select(pos, inc, min_sub);
                let s = self.select(neg, dec, nz);
                (up, s)
            }
        };
        let (cond, s) = stepped;
        let v = self.bitcast(s, ty);
        self.select(cond, v, r)
    }

    /// Adjust `r` by the sign of an exact residual `d = exact - r` (NaN: none).
    fn adjust_by(&mut self, r: ValueId, d: ValueId, mode: Rounding) -> ValueId {
        let ty = self.ty(d);
        let zero = self.float(ty, 0.0);
        let up = self.cmpf(OGT, d, zero);
        let down = self.cmpf(OLT, d, zero);
        self.adjust(r, up, down, mode)
    }

    /// `|x| < 2^-900`: where an f64 error term would underflow.
    fn tiny(&mut self, x: ValueId) -> ValueId {
        let ty = self.ty(x);
        let a = self.same("math.absf", &[x]);
        let lim = self.float(ty, 2f64.powi(-900));
        self.cmpf(OLT, a, lim)
    }

    /// `x * 2^k` where `tiny`, else `x` (an exact scaling).
    fn scaled(&mut self, tiny: ValueId, x: ValueId, k: i32) -> ValueId {
        let ty = self.ty(x);
        let c = self.float(ty, 2f64.powi(k));
        let y = self.same("arith.mulf", &[x, c]);
        self.select(tiny, y, x)
    }

    fn rounded(&mut self, f: RoundedFn, mode: Rounding, args: &[ValueId], ty: Type) -> ValueId {
        match f {
            RoundedFn::Sitofp | RoundedFn::Uitofp => {
                return self.int_to_float(args[0], ty, f == RoundedFn::Sitofp, mode);
            }
            RoundedFn::Rcp => {
                let one = self.float(ty, 1.0);
                return self.div(one, args[0], mode);
            }
            RoundedFn::Div => return self.div(args[0], args[1], mode),
            RoundedFn::Sqrt => return self.sqrt(args[0], mode),
            RoundedFn::Fma => return self.fma(args[0], args[1], args[2], mode),
            RoundedFn::Mul => return self.mul(args[0], args[1], mode),
            RoundedFn::Add | RoundedFn::Sub => {}
        }
        let (a, b) = (args[0], args[1]);
        let b = if f == RoundedFn::Sub {
            self.same("arith.negf", &[b])
        } else {
            b
        };
        let r = self.same("arith.addf", &[a, b]);
        let d = if self.is_f64(ty) {
            // TwoSum: e = (a - (r - (r - a))) + (b - (r - a))
            let bv = self.same("arith.subf", &[r, a]);
            let av = self.same("arith.subf", &[r, bv]);
            let ea = self.same("arith.subf", &[a, av]);
            let eb = self.same("arith.subf", &[b, bv]);
            let e = self.same("arith.addf", &[ea, eb]);
            // an overflow to infinity from finite operands: the exact sum is smaller
            let inf = self.float(ty, f64::INFINITY);
            let ra = self.same("math.absf", &[r]);
            let rinf = self.cmpf(OEQ, ra, inf);
            let aa = self.same("math.absf", &[a]);
            let ba = self.same("math.absf", &[b]);
            let af = self.cmpf(OLT, aa, inf);
            let bf = self.cmpf(OLT, ba, inf);
            let fin = self.and(af, bf);
            let ovf = self.and(rinf, fin);
            let nr = self.same("arith.negf", &[r]);
            self.select(ovf, nr, e)
        } else {
            let (a64, b64) = (self.ext(a), self.ext(b));
            self.sum_minus(a64, b64, r)
        };
        let v = self.adjust_by(r, d, mode);
        self.rm_zero(r, d, v, mode, |e| {
            let na = e.same("arith.negf", &[a]);
            let nb = e.same("arith.negf", &[b]);
            e.same("arith.addf", &[na, nb])
        })
    }

    /// `x + y - r` for f64 `x`, `y` and the f32 `r`, with the right sign:
    /// `(s - r)` is exact and TwoSum's error `e` keeps the far bits.
    fn sum_minus(&mut self, x: ValueId, y: ValueId, r: ValueId) -> ValueId {
        let r64 = self.ext(r);
        let (s, e) = self.two_sum(x, y);
        let t = self.same("arith.subf", &[s, r64]);
        self.same("arith.addf", &[t, e])
    }

    /// Under `.rm`, an exact zero sum is -0 unless both addends are +0: that
    /// is `-(the sum of the negated addends)`, which `negated` computes.
    fn rm_zero(
        &mut self,
        r: ValueId,
        d: ValueId,
        v: ValueId,
        mode: Rounding,
        negated: impl FnOnce(&mut Self) -> ValueId,
    ) -> ValueId {
        if mode != Rounding::Rm {
            return v;
        }
        let is_zero = self.exact_zero(r, d);
        let s = negated(self);
        let z = self.same("arith.negf", &[s]);
        self.select(is_zero, z, v)
    }

    fn mul(&mut self, a: ValueId, b: ValueId, mode: Rounding) -> ValueId {
        let ty = self.ty(a);
        let r = self.same("arith.mulf", &[a, b]);
        let d = if self.is_f64(ty) {
            // scale tiny products up so that fma's error does not underflow
            let tiny = self.tiny(r);
            let a = self.scaled(tiny, a, 600);
            let b = self.scaled(tiny, b, 600);
            let r = self.scaled(tiny, r, 600);
            let r = self.scaled(tiny, r, 600);
            let nr = self.same("arith.negf", &[r]);
            self.same("math.fma", &[a, b, nr])
        } else {
            let (a64, b64, r64) = (self.ext(a), self.ext(b), self.ext(r));
            let p = self.same("arith.mulf", &[a64, b64]);
            self.same("arith.subf", &[p, r64])
        };
        self.adjust_by(r, d, mode)
    }

    fn div(&mut self, a: ValueId, b: ValueId, mode: Rounding) -> ValueId {
        let ty = self.ty(a);
        let r = self.same("arith.divf", &[a, b]);
        let res = if self.is_f64(ty) {
            let tiny = self.tiny(a);
            let a = self.scaled(tiny, a, 600);
            let b = self.scaled(tiny, b, 600);
            let nr = self.same("arith.negf", &[r]);
            self.same("math.fma", &[nr, b, a])
        } else {
            let (a64, b64, r64) = (self.ext(a), self.ext(b), self.ext(r));
            let t = self.same("arith.mulf", &[r64, b64]);
            self.same("arith.subf", &[a64, t])
        };
        // exact - r has the sign of (a - r*b) * sign(b)
        let rt = self.ty(res);
        let zero = self.float(rt, 0.0);
        let zero_t = self.float(ty, 0.0);
        let rp = self.cmpf(OGT, res, zero);
        let rn = self.cmpf(OLT, res, zero);
        let bneg = self.cmpf(OLT, b, zero_t);
        let bpos = self.cmpf(OGT, b, zero_t);
        let (x, y) = (self.and(rp, bpos), self.and(rn, bneg));
        let mut up = self.or(x, y);
        let (x, y) = (self.and(rn, bpos), self.and(rp, bneg));
        let mut down = self.or(x, y);
        if self.is_f64(ty) {
            // a quotient that underflowed to zero: the exact one has r's sign
            let rz = self.cmpf(OEQ, r, zero_t);
            let az = self.cmpf(ONE, a, zero_t);
            let inf = self.float(ty, f64::INFINITY);
            let ba = self.same("math.absf", &[b]);
            let bfin = self.cmpf(OLT, ba, inf);
            let c = self.and(rz, az);
            let uf = self.and(c, bfin);
            let it = self.int_of(ty);
            let bits = self.bitcast(r, it);
            let z = self.int(it, 0);
            let sneg = self.cmpi(SLT, bits, z);
            let spos = self.not(sneg);
            up = self.select(uf, spos, up);
            down = self.select(uf, sneg, down);
        }
        self.adjust(r, up, down, mode)
    }

    fn sqrt(&mut self, a: ValueId, mode: Rounding) -> ValueId {
        let ty = self.ty(a);
        let r = self.same("math.sqrt", &[a]);
        let d = if self.is_f64(ty) {
            let tiny = self.tiny(a);
            let a = self.scaled(tiny, a, 600);
            let rs = self.scaled(tiny, r, 300);
            let nr = self.same("arith.negf", &[rs]);
            self.same("math.fma", &[nr, rs, a])
        } else {
            let (a64, r64) = (self.ext(a), self.ext(r));
            let t = self.same("arith.mulf", &[r64, r64]);
            self.same("arith.subf", &[a64, t])
        };
        self.adjust_by(r, d, mode)
    }

    fn fma(&mut self, a: ValueId, b: ValueId, c: ValueId, mode: Rounding) -> ValueId {
        let ty = self.ty(a);
        let r = self.same("math.fma", &[a, b, c]);
        let d = if self.is_f64(ty) {
            // ErrFma (Boldo, Muller): a*b + c = r + r2 + r3 with r2 = RN(r2 + r3)
            let u1 = self.same("arith.mulf", &[a, b]);
            let nu1 = self.same("arith.negf", &[u1]);
            let u2 = self.same("math.fma", &[a, b, nu1]);
            let (alpha1, z) = self.two_sum(c, u2);
            let (beta1, beta2) = self.two_sum(u1, alpha1);
            let g = self.same("arith.subf", &[beta1, r]);
            let g = self.same("arith.addf", &[g, beta2]);
            let r2 = self.same("arith.addf", &[g, z]);
            // an overflow to infinity: the exact value is smaller
            let inf = self.float(ty, f64::INFINITY);
            let ra = self.same("math.absf", &[r]);
            let rinf = self.cmpf(OEQ, ra, inf);
            let mut fin = None;
            for v in [a, b, c] {
                let va = self.same("math.absf", &[v]);
                let f = self.cmpf(OLT, va, inf);
                fin = Some(match fin {
                    None => f,
                    Some(x) => self.and(x, f),
                });
            }
            let ovf = self.and(rinf, fin.expect("three operands"));
            let nr = self.same("arith.negf", &[r]);
            self.select(ovf, nr, r2)
        } else {
            // the product is exact in f64
            let (a64, b64, c64) = (self.ext(a), self.ext(b), self.ext(c));
            let p = self.same("arith.mulf", &[a64, b64]);
            self.sum_minus(p, c64, r)
        };
        let v = self.adjust_by(r, d, mode);
        self.rm_zero(r, d, v, mode, |e| {
            let na = e.same("arith.negf", &[a]);
            let nc = e.same("arith.negf", &[c]);
            e.same("math.fma", &[na, b, nc])
        })
    }

    /// `r == 0` with a zero error: the exact result is zero (not a value that
    /// underflowed).
    fn exact_zero(&mut self, r: ValueId, d: ValueId) -> ValueId {
        let (rt, dt) = (self.ty(r), self.ty(d));
        let (zr, zd) = (self.float(rt, 0.0), self.float(dt, 0.0));
        let a = self.cmpf(OEQ, r, zr);
        let b = self.cmpf(OEQ, d, zd);
        self.and(a, b)
    }

    /// TwoSum: `(s, e)` with `s = RN(a + b)` and `a + b = s + e` exactly.
    fn two_sum(&mut self, a: ValueId, b: ValueId) -> (ValueId, ValueId) {
        let s = self.same("arith.addf", &[a, b]);
        let bv = self.same("arith.subf", &[s, a]);
        let av = self.same("arith.subf", &[s, bv]);
        let ea = self.same("arith.subf", &[a, av]);
        let eb = self.same("arith.subf", &[b, bv]);
        (s, self.same("arith.addf", &[ea, eb]))
    }

    /// `arith.truncf` (f64 to f32) rounded in `mode`.
    fn truncf_directed(&mut self, x: ValueId, ty: Type, mode: Rounding) -> ValueId {
        let r = self.op("arith.truncf", &[x], ty);
        let back = self.op("arith.extf", &[r], self.ty(x));
        // x - r is exact; an overflow gives -inf/+inf, a NaN no step
        let d = self.same("arith.subf", &[x, back]);
        self.adjust_by(r, d, mode)
    }

    /// An integer converted to float type `ty` in `mode`.
    fn int_to_float(&mut self, x: ValueId, ty: Type, signed: bool, mode: Rounding) -> ValueId {
        let conv = if signed {
            "arith.sitofp"
        } else {
            "arith.uitofp"
        };
        let w = self.width(self.ty(x));
        let exact_in_f64 = w <= 32;
        if exact_in_f64 && !self.is_f64(ty) {
            // through f64 (exact), then narrowed in the mode
            let f64 = self.f64();
            let wide = self.op(conv, &[x], f64);
            return self.truncf_directed(wide, ty, mode);
        }
        let r = self.op(conv, &[x], ty);
        if exact_in_f64 {
            return r;
        }
        // compare x with the integer value of r; r at 2^(w-1) (2^w unsigned)
        // is past every integer of the type
        let it = self.ty(x);
        let top = if signed {
            2f64.powi(w as i32 - 1)
        } else {
            2f64.powi(w as i32)
        };
        let limit = self.float(ty, top);
        let past = self.cmpf(OGE, r, limit);
        let zero = self.float(ty, 0.0);
        let safe = self.select(past, zero, r);
        let back = self.op(
            if signed {
                "arith.fptosi"
            } else {
                "arith.fptoui"
            },
            &[safe],
            it,
        );
        let (gt, lt) = if signed { (SGT, SLT) } else { (UGT, ULT) };
        let above = self.cmpi(gt, x, back);
        let below = self.cmpi(lt, x, back);
        let f = self.int(self.b.i1(), 0);
        let up = self.select(past, f, above);
        let t = self.int(self.b.i1(), 1);
        let down = self.select(past, t, below);
        self.adjust(r, up, down, mode)
    }

    // ---- approximate functions -------------------------------------------------------

    /// PTX's `.approx` operations as arith/math marked `afn` (and `arcp`
    /// for divisions), so that targets may use their own approximations
    /// instead of IEEE-exact sequences (the WGSL target corrects plain
    /// `math.sqrt`/`arith.divf` to correct rounding).
    fn approx(&mut self, f: Approx, args: &[ValueId]) -> ValueId {
        let x = args[0];
        let ty = self.ty(x);
        let afn = self.b.dialect_attr("arith.fastmath", Some("afn"));
        let div = self.b.dialect_attr("arith.fastmath", Some("arcp,afn"));
        let fast = |e: &mut Self, name: &str, args: &[ValueId], fm| {
            e.op_props(name, args, ty, &[("fastmath", fm)])
        };
        match f {
            Approx::Rcp => {
                let one = self.float(ty, 1.0);
                fast(self, "arith.divf", &[one, x], div)
            }
            Approx::Sqrt => fast(self, "math.sqrt", &[x], afn),
            Approx::Rsqrt => {
                let s = fast(self, "math.sqrt", &[x], afn);
                let one = self.float(ty, 1.0);
                fast(self, "arith.divf", &[one, s], div)
            }
            Approx::Ex2 => fast(self, "math.exp2", &[x], afn),
            Approx::Lg2 => fast(self, "math.log2", &[x], afn),
            Approx::Sin => fast(self, "math.sin", &[x], afn),
            Approx::Cos => fast(self, "math.cos", &[x], afn),
            Approx::Tanh => fast(self, "math.tanh", &[x], afn),
            Approx::Div | Approx::DivFull => fast(self, "arith.divf", &[x, args[1]], div),
        }
    }

    // ---- saturating float to integer -------------------------------------------------

    fn fp_to_int_sat(&mut self, x: ValueId, ty: Type, signed: bool) -> ValueId {
        let w = self.width(ty);
        let fty = self.ty(x);
        // convert in 32 or 64 bits (the targets' widths), then truncate
        let cw = if w <= 32 { 32 } else { 64 };
        let ct = self.b.integer_type(cw);
        let (lo, hi) = if signed {
            (-(1i128 << (w - 1)), (1i128 << (w - 1)) - 1)
        } else {
            (0, (1i128 << w) - 1)
        };
        // hi + 1 and lo are powers of two (or zero): exact in any float type
        let hi_f = self.float(fty, (hi + 1) as f64);
        let lo_f = self.float(fty, lo as f64);
        let nan = self.cmpf(UNO, x, x);
        let big = self.cmpf(OGE, x, hi_f);
        let small = if signed {
            self.cmpf(OLE, x, lo_f)
        } else {
            self.cmpf(OLT, x, lo_f)
        };
        let out = self.or(nan, big);
        let out = self.or(out, small);
        let zero = self.float(fty, 0.0);
        let safe = self.select(out, zero, x);
        let conv = if signed {
            "arith.fptosi"
        } else {
            "arith.fptoui"
        };
        let v = self.op(conv, &[safe], ct);
        let (hv, lv, zv) = (self.int(ct, hi), self.int(ct, lo), self.int(ct, 0));
        let v = self.select(big, hv, v);
        let v = self.select(small, lv, v);
        let v = self.select(nan, zv, v);
        if w == cw {
            v
        } else {
            self.op("arith.trunci", &[v], ty)
        }
    }

    // ---- bit fields ----------------------------------------------------------------

    /// `x & 0xff` of an i32 operand, as the value's type `ty`, clamped to `w`.
    fn field_arg(&mut self, x: ValueId, ty: Type) -> ValueId {
        let i32 = self.b.i32();
        let ff = self.int(i32, 0xff);
        let v = self.same("arith.andi", &[x, ff]);
        if self.width(ty) == 32 {
            v
        } else {
            self.op("arith.extui", &[v], ty)
        }
    }

    fn umin(&mut self, a: ValueId, b: ValueId) -> ValueId {
        self.same("arith.minui", &[a, b])
    }

    /// `(1 << n) - 1` for `n <= w` (all ones for `n == w`).
    fn low_mask(&mut self, n: ValueId, ty: Type) -> ValueId {
        let w = self.width(ty) as i128;
        let (one, wm1, wc) = (self.int(ty, 1), self.int(ty, w - 1), self.int(ty, w));
        let sh = self.umin(n, wm1);
        let p = self.same("arith.shli", &[one, sh]);
        let m = self.same("arith.subi", &[p, one]);
        let full = self.cmpi(UGE, n, wc);
        let ones = self.int(ty, -1);
        self.select(full, ones, m)
    }

    /// The number of field bits inside the value: `min(len, w - min(pos, w))`.
    fn field_bits(&mut self, pos: ValueId, len: ValueId, ty: Type) -> ValueId {
        let wc = self.int(ty, self.width(ty) as i128);
        let p = self.umin(pos, wc);
        let room = self.same("arith.subi", &[wc, p]);
        self.umin(len, room)
    }

    fn bfe(&mut self, a: ValueId, pos: ValueId, len: ValueId, signed: bool) -> ValueId {
        let ty = self.ty(a);
        let w = self.width(ty) as i128;
        let (pos, len) = (self.field_arg(pos, ty), self.field_arg(len, ty));
        let n = self.field_bits(pos, len, ty);
        let wm1 = self.int(ty, w - 1);
        let sh = self.umin(pos, wm1);
        let x = self.same("arith.shrui", &[a, sh]);
        let wc = self.int(ty, w);
        let zero = self.int(ty, 0);
        let outside = self.cmpi(UGE, pos, wc);
        let x = self.select(outside, zero, x);
        let mask = self.low_mask(n, ty);
        let r = self.and(x, mask);
        if !signed {
            return r;
        }
        // the sign bit a[min(pos + len - 1, msb)], 0 when len is 0
        let one = self.int(ty, 1);
        let top = self.same("arith.addi", &[pos, len]);
        let top = self.same("arith.subi", &[top, one]);
        let idx = self.umin(top, wm1);
        let sb = self.same("arith.shrui", &[a, idx]);
        let sb = self.and(sb, one);
        let len0 = self.cmpi(EQ, len, zero);
        let set = self.cmpi(EQ, sb, one);
        let nl = self.int(self.b.i1(), 1);
        let nlen0 = self.same("arith.xori", &[len0, nl]);
        let fill = self.and(set, nlen0);
        let inv = self.not(mask);
        let filled = self.or(r, inv);
        self.select(fill, filled, r)
    }

    fn bfi(&mut self, a: ValueId, base: ValueId, pos: ValueId, len: ValueId) -> ValueId {
        let ty = self.ty(a);
        let w = self.width(ty) as i128;
        let (pos, len) = (self.field_arg(pos, ty), self.field_arg(len, ty));
        let n = self.field_bits(pos, len, ty);
        let wm1 = self.int(ty, w - 1);
        let sh = self.umin(pos, wm1);
        let m = self.low_mask(n, ty);
        let zero = self.int(ty, 0);
        let none = self.cmpi(EQ, n, zero);
        let m = self.select(none, zero, m);
        let mask = self.same("arith.shli", &[m, sh]);
        let ins = self.same("arith.shli", &[a, sh]);
        let ins = self.and(ins, mask);
        let keep = self.not(mask);
        let kept = self.and(base, keep);
        self.or(kept, ins)
    }

    /// `prmt`: result byte `k` is byte `sel(k)` of `{b, a}` (a is bytes 0-3);
    /// without a mode `sel(k)` is `c[4k+2:4k]` and `c[4k+3]` replicates the
    /// byte's sign; the modes compute `sel(k)` from `s = c[1:0]`.
    fn prmt(&mut self, a: ValueId, b: ValueId, c: ValueId, mode: Option<PrmtMode>) -> ValueId {
        let (i32, i64) = (self.b.i32(), self.b.i64());
        let a64 = self.op("arith.extui", &[a], i64);
        let b64 = self.op("arith.extui", &[b], i64);
        let k32 = self.int(i64, 32);
        let hi = self.same("arith.shli", &[b64, k32]);
        let bytes = self.or(hi, a64);
        let (seven, three, eight) = (self.int(i32, 7), self.int(i32, 3), self.int(i32, 8));
        let ff = self.int(i64, 0xff);
        let s = self.and(c, three);
        let mut result = self.int(i32, 0);
        for k in 0..4i128 {
            let kc = self.int(i32, k);
            let (sel, sign) = match mode {
                None => {
                    let sh = self.int(i32, 4 * k);
                    let nib = self.same("arith.shrui", &[c, sh]);
                    let sel = self.and(nib, seven);
                    let sb = self.and(nib, eight);
                    let z = self.int(i32, 0);
                    (sel, Some(self.cmpi(EQ, sb, z)))
                }
                Some(m) => {
                    let sel = match m {
                        PrmtMode::F4e => {
                            let v = self.same("arith.addi", &[s, kc]);
                            self.and(v, seven)
                        }
                        PrmtMode::B4e => {
                            let v = self.same("arith.subi", &[s, kc]);
                            self.and(v, seven)
                        }
                        PrmtMode::Rc8 => s,
                        PrmtMode::Ecl => self.same("arith.maxui", &[s, kc]),
                        PrmtMode::Ecr => self.same("arith.minui", &[s, kc]),
                        PrmtMode::Rc16 => {
                            let one = self.int(i32, 1);
                            let lo = self.and(s, one);
                            let lo = self.same("arith.shli", &[lo, one]);
                            let kb = self.int(i32, k & 1);
                            self.same("arith.addi", &[lo, kb])
                        }
                    };
                    (sel, None)
                }
            };
            let sh = self.same("arith.muli", &[sel, eight]);
            let sh = self.op("arith.extui", &[sh], i64);
            let byte = self.same("arith.shrui", &[bytes, sh]);
            let byte = self.and(byte, ff);
            let byte = self.op("arith.trunci", &[byte], i32);
            let byte = match sign {
                None => byte,
                Some(plain) => {
                    let x80 = self.int(i32, 0x80);
                    let top = self.and(byte, x80);
                    let z = self.int(i32, 0);
                    let negb = self.cmpi(EQ, top, z);
                    let xff = self.int(i32, 0xff);
                    let rep = self.select(negb, z, xff);
                    self.select(plain, byte, rep)
                }
            };
            let pos = self.int(i32, 8 * k);
            let placed = self.same("arith.shli", &[byte, pos]);
            result = self.or(result, placed);
        }
        result
    }
}
