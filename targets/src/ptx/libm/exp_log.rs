//! `expf`, `exp2f`, `logf`, `log2f`, `log10f` (bounds in `mod.rs`).
//!
//! `expf`: `x = j ln2 + r` (Cody-Waite, two parts of ln2), `exp(r) = 1 + r +
//! r^2 P(r)` with Cephes' degree-5 `P`, then `2^j` as two exact power-of-two
//! factors so that results in the subnormal range round once. `exp2f`
//! reduces by `rint(x)` (exact) and evaluates `exp(r ln2)` with ln2 in two
//! parts. `logf`: `x = 2^e m`, `m` in `[sqrt(1/2), sqrt(2))`, `log(m) = f -
//! f^2/2 + f^3 P(f)` (Cephes' degree-8 `P`, `f = m - 1` exact), `e ln2` in
//! two parts; `log2f`/`log10f` multiply by log2(e)/log10(e) in two parts.

use super::{k, low_part};
use crate::ptx::function::FnEmitter;
use crate::ptx::types::{Class, Reg};

/// Cephes' `expf` polynomial, highest degree first.
const EXP_P: [f32; 6] = [
    1.987_569_1e-4,
    1.398_199_9e-3,
    8.333_452e-3,
    4.166_579_6e-2,
    1.666_666_5e-1,
    0.5,
];

/// Cephes' `logf` polynomial, highest degree first.
const LOG_P: [f32; 9] = [
    7.037_683_6e-2,
    -1.151_461e-1,
    1.167_699_84e-1,
    -1.242_014_1e-1,
    1.424_932_3e-1,
    -1.666_805_8e-1,
    2.000_071_4e-1,
    -2.499_999_4e-1,
    3.333_333e-1,
];

/// A float literal of an f32 value.
impl FnEmitter<'_> {
    /// `exp(u)` for `|u| <= ln2/2`: `1 + u + u^2 P(u)`.
    fn exp_poly(&mut self, u: Reg) -> Reg {
        let p = self.horner(u, &EXP_P);
        let u2 = self.f("mul", &[&u, &u]);
        let y = self.fma(&p, &u2, &u);
        self.f("add", &[&y, &k(1.0)])
    }

    /// `y * 2^j` (`j` an integral f32 in `[-151, 129]`) as two exact
    /// power-of-two factors, so that a subnormal result rounds once.
    fn scale_pow2(&mut self, y: Reg, j: Reg) -> Reg {
        let ji = self.reg(Class::B32);
        self.line(format_args!("cvt.rzi.s32.f32 \t{ji}, {j}"));
        let h = self.i("shr.s32", &[&ji, &1]);
        let rest = self.i("sub.s32", &[&ji, &h]);
        let mut out = y;
        for part in [h, rest] {
            let biased = self.i("add.s32", &[&part, &127]);
            let bits = self.i("shl.b32", &[&biased, &23]);
            let factor = self.reg(Class::F32);
            self.line(format_args!("mov.b32 \t{factor}, {bits}"));
            out = self.f("mul", &[&out, &factor]);
        }
        out
    }

    pub(super) fn expf(&mut self, x: Reg) -> Reg {
        self.expf_halved(x, false)
    }

    /// `e^x`, or `e^x / 2` when `halve` (one rounding: the power of two
    /// shrinks, so it stays finite up to `x` = 89.4, as `cosh` needs).
    pub(super) fn expf_halved(&mut self, x: Reg, halve: bool) -> Reg {
        let xc = self.clamp(x, -104.0, if halve { 90.0 } else { 89.0 });
        let t = self.f("mul", &[&xc, &k(std::f32::consts::LOG2_E)]);
        let j = self.reg(Class::F32);
        self.line(format_args!("cvt.rni.f32.f32 \t{j}, {t}"));
        // ln2 = 0.693145751953125 (16 bits, so j * hi is exact) + lo
        let r = self.fma(&j, &k(-0.693_145_75), &xc);
        let r = self.fma(&j, &k(-1.428_606_8e-6), &r);
        let y = self.exp_poly(r);
        let j = if halve {
            self.f("sub", &[&j, &k(1.0)])
        } else {
            j
        };
        let y = self.scale_pow2(y, j);
        self.keep_nan(x, y)
    }

    pub(super) fn exp2f(&mut self, x: Reg) -> Reg {
        let xc = self.clamp(x, -151.0, 129.0);
        let j = self.reg(Class::F32);
        self.line(format_args!("cvt.rni.f32.f32 \t{j}, {xc}"));
        let r = self.f("sub", &[&xc, &j]);
        let ln2 = std::f64::consts::LN_2;
        let lo = self.f("mul", &[&r, &k(low_part(ln2))]);
        let u = self.fma(&r, &k(ln2 as f32), &lo);
        let y = self.exp_poly(u);
        let y = self.scale_pow2(y, j);
        self.keep_nan(x, y)
    }

    /// `log`, `log2` or `log10` of `x`.
    /// `x = 2^e m` with `m` (f32) in `[sqrt(1/2), sqrt(2))` and `e` (s32),
    /// for a positive finite `x` (subnormals scaled by 2^23 first).
    pub(super) fn log_reduce(&mut self, x: Reg) -> (Reg, Reg) {
        let (sub, xs, xm) = (
            self.reg(Class::Pred),
            self.reg(Class::F32),
            self.reg(Class::F32),
        );
        self.line(format_args!(
            "setp.lt.f32 \t{sub}, {x}, {}",
            k(f32::MIN_POSITIVE)
        ));
        self.line(format_args!("mul.rn.f32 \t{xs}, {x}, {}", k(8388608.0)));
        self.line(format_args!("selp.f32 \t{xm}, {xs}, {x}, {sub}"));
        let adj = self.i("selp.s32", &[&-150, &-127, &sub]);
        let bits = self.reg(Class::B32);
        self.line(format_args!("mov.b32 \t{bits}, {xm}"));
        let biased = self.i("shr.u32", &[&bits, &23]);
        let e0 = self.i("add.s32", &[&biased, &adj]);
        let frac = self.i("and.b32", &[&bits, &0x7fffff]);
        let m0 = self.i("or.b32", &[&frac, &0x3f800000]);
        // m above sqrt(2): halve it, count one more in the exponent
        let big = self.reg(Class::Pred);
        self.line(format_args!("setp.gt.u32 \t{big}, {m0}, 1068827891"));
        let halved = self.i("sub.s32", &[&m0, &0x00800000]);
        let m = self.i("selp.b32", &[&halved, &m0, &big]);
        let inc = self.i("selp.s32", &[&1, &0, &big]);
        let e = self.i("add.s32", &[&e0, &inc]);
        let mf = self.reg(Class::F32);
        self.line(format_args!("mov.b32 \t{mf}, {m}"));
        (mf, e)
    }

    pub(super) fn logf(&mut self, x: Reg, base: LogBase) -> Reg {
        let (mf, e) = self.log_reduce(x);
        let f = self.f("add", &[&mf, &k(-1.0)]);
        let z = self.f("mul", &[&f, &f]);
        let p = self.horner(f, &LOG_P);
        let pf = self.f("mul", &[&p, &f]);
        let cube = self.f("mul", &[&pf, &z]);
        // y = log(1 + f) - f
        let y = self.fma(&k(-0.5), &z, &cube);
        let ef = self.reg(Class::F32);
        self.line(format_args!("cvt.rn.f32.s32 \t{ef}, {e}"));
        let r = match base {
            LogBase::E => {
                let y = self.fma(&ef, &k(-2.121_944_4e-4), &y);
                let r = self.f("add", &[&f, &y]);
                self.fma(&ef, &k(0.693_359_4), &r)
            }
            LogBase::Two => {
                let l2e = std::f64::consts::LOG2_E;
                let flo = self.f("mul", &[&f, &k(low_part(l2e))]);
                let a = self.fma(&y, &k(l2e as f32), &flo);
                let b = self.fma(&f, &k(l2e as f32), &a);
                self.f("add", &[&b, &ef])
            }
            LogBase::Ten => {
                let l10e = std::f64::consts::LOG10_E;
                // log10(2) = 0.30078125 (8 bits, so e * hi is exact) + lo
                let hi = 0.300_781_25f32;
                let lo = (std::f64::consts::LOG10_2 - hi as f64) as f32;
                let flo = self.f("mul", &[&f, &k(low_part(l10e))]);
                let a = self.fma(&y, &k(l10e as f32), &flo);
                let a = self.fma(&ef, &k(lo), &a);
                let b = self.fma(&f, &k(l10e as f32), &a);
                self.fma(&ef, &k(hi), &b)
            }
        };
        // 0 gives -inf, negatives NaN, +inf and NaN themselves
        let (zero, neg, special) = (
            self.reg(Class::Pred),
            self.reg(Class::Pred),
            self.reg(Class::Pred),
        );
        self.line(format_args!("setp.eq.f32 \t{zero}, {x}, {}", k(0.0)));
        self.line(format_args!("setp.lt.f32 \t{neg}, {x}, {}", k(0.0)));
        self.line(format_args!(
            "setp.gtu.f32 \t{special}, {x}, {}",
            k(f32::MAX)
        ));
        let r1 = self.reg(Class::F32);
        self.line(format_args!(
            "selp.f32 \t{r1}, {}, {r}, {zero}",
            k(f32::NEG_INFINITY)
        ));
        let r2 = self.reg(Class::F32);
        self.line(format_args!("selp.f32 \t{r2}, 0f7FFFFFFF, {r1}, {neg}"));
        let d = self.reg(Class::F32);
        self.line(format_args!("selp.f32 \t{d}, {x}, {r2}, {special}"));
        d
    }
}

#[derive(Clone, Copy)]
pub(super) enum LogBase {
    E,
    Two,
    Ten,
}
