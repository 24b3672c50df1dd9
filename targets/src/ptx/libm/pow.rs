//! `powf` (bound in `mod.rs`): `2^(y log2|x|)` computed in double precision,
//! so the product's error (about 2^-43 relative) is far below an f32 ulp and
//! the one rounding to f32 makes the result correctly rounded but for
//! values within 2^-43 of a rounding boundary. `log2` of `2^e m` (`m` in
//! `[sqrt(1/2), sqrt(2))`, exact in double) is `e + 2 atanh(f)/ln2` with
//! `f = (m-1)/(m+1)` and the odd atanh series to `f^19`; `2^t` splits
//! `t = i + g` (`|g| <= 1/2`) and sums the Taylor series of `e^(g ln2)` to
//! degree 12, then scales by `2^i`. C's special cases (zeros, infinities,
//! NaN, negative bases with integer or other exponents, `pow(1, y)`,
//! `pow(x, 0)`) are selected afterwards. On GPUs with slow double precision
//! (sm_86/sm_89) this costs more than an f32 sequence would.

use super::k;
use crate::ptx::function::FnEmitter;
use crate::ptx::types::{Class, Reg};

/// The double-precision literal of `v`.
fn d(v: f64) -> String {
    format!("0d{:016X}", v.to_bits())
}

impl FnEmitter<'_> {
    pub(super) fn powf(&mut self, x: Reg, y: Reg) -> Reg {
        let ax = self.reg(Class::F32);
        self.line(format_args!("abs.f32 \t{ax}, {x}"));
        // zeros, infinities and NaN take the general path with |x| = 1
        let finite_nonzero = self.reg(Class::Pred);
        let (pos, fin) = (self.reg(Class::Pred), self.reg(Class::Pred));
        self.line(format_args!("setp.gt.f32 \t{pos}, {ax}, {}", k(0.0)));
        self.line(format_args!("setp.le.f32 \t{fin}, {ax}, {}", k(f32::MAX)));
        self.line(format_args!("and.pred \t{finite_nonzero}, {pos}, {fin}"));
        let base = self.reg(Class::F32);
        self.line(format_args!(
            "selp.f32 \t{base}, {ax}, {}, {finite_nonzero}",
            k(1.0)
        ));
        let l = self.log2_f64(base);
        let yd = self.reg(Class::F64);
        self.line(format_args!("cvt.f64.f32 \t{yd}, {y}"));
        let t = self.f64_op("mul", &[&yd, &l]);
        let core = self.exp2_f64(t);
        self.pow_special_cases(x, y, ax, core)
    }

    /// `log2(x)` in double precision for a positive finite f32 `x`.
    fn log2_f64(&mut self, x: Reg) -> Reg {
        let (mf, e) = self.log_reduce(x);
        let m = self.reg(Class::F64);
        self.line(format_args!("cvt.f64.f32 \t{m}, {mf}"));
        let num = self.f64_op("sub", &[&m, &d(1.0)]);
        let den = self.f64_op("add", &[&m, &d(1.0)]);
        let f = self.f64_op("div", &[&num, &den]);
        let s = self.f64_op("mul", &[&f, &f]);
        // ln m = f (2 + 2/3 s + 2/5 s^2 + ... + 2/19 s^9)
        let coeffs: Vec<f64> = (0..10).rev().map(|n| 2.0 / (2 * n + 1) as f64).collect();
        let p = self.horner_f64(s, &coeffs);
        let lnm = self.f64_op("mul", &[&f, &p]);
        let ed = self.reg(Class::F64);
        self.line(format_args!("cvt.rn.f64.s32 \t{ed}, {e}"));
        self.f64_op("fma", &[&lnm, &d(std::f64::consts::LOG2_E), &ed])
    }

    /// `2^t` for a double `t`, rounded to f32 (`t` clamped to [-200, 200],
    /// beyond which the f32 result is 0 or infinity anyway).
    fn exp2_f64(&mut self, t: Reg) -> Reg {
        let (lo, tc, i) = (
            self.reg(Class::F64),
            self.reg(Class::F64),
            self.reg(Class::F64),
        );
        self.line(format_args!("max.f64 \t{lo}, {t}, {}", d(-200.0)));
        self.line(format_args!("min.f64 \t{tc}, {lo}, {}", d(200.0)));
        self.line(format_args!("cvt.rni.f64.f64 \t{i}, {tc}"));
        let frac = self.f64_op("sub", &[&tc, &i]);
        let g = self.f64_op("mul", &[&frac, &d(std::f64::consts::LN_2)]);
        // e^g = sum g^n / n!, n = 12 down to 0
        let mut fact = 1.0f64;
        let mut coeffs: Vec<f64> = (0..=12)
            .map(|n| {
                fact *= n.max(1) as f64;
                1.0 / fact
            })
            .collect();
        coeffs.reverse();
        let p = self.horner_f64(g, &coeffs);
        let ii = self.reg(Class::B32);
        self.line(format_args!("cvt.rzi.s32.f64 \t{ii}, {i}"));
        let biased = self.i("add.s32", &[&ii, &1023]);
        let (wide, bits, scale) = (
            self.reg(Class::B64),
            self.reg(Class::B64),
            self.reg(Class::F64),
        );
        self.line(format_args!("cvt.u64.u32 \t{wide}, {biased}"));
        self.line(format_args!("shl.b64 \t{bits}, {wide}, 52"));
        self.line(format_args!("mov.b64 \t{scale}, {bits}"));
        let r = self.f64_op("mul", &[&p, &scale]);
        let out = self.reg(Class::F32);
        self.line(format_args!("cvt.rn.f32.f64 \t{out}, {r}"));
        out
    }

    /// C's special cases of `pow(x, y)` over the general result `core`.
    fn pow_special_cases(&mut self, x: Reg, y: Reg, ax: Reg, core: Reg) -> Reg {
        let p = |e: &mut Self| e.reg(Class::Pred);
        let inf = k(f32::INFINITY);
        let [
            yneg,
            xzero,
            xinf,
            xone,
            yinf,
            yint,
            yodd,
            xneg,
            xfinite_neg,
            any_nan,
            trivial,
        ] = [0; 11].map(|_| p(self));
        let ay = self.reg(Class::F32);
        self.line(format_args!("abs.f32 \t{ay}, {y}"));
        self.line(format_args!("setp.lt.f32 \t{yneg}, {y}, {}", k(0.0)));
        self.line(format_args!("setp.eq.f32 \t{xzero}, {ax}, {}", k(0.0)));
        self.line(format_args!("setp.eq.f32 \t{xinf}, {ax}, {inf}"));
        self.line(format_args!("setp.eq.f32 \t{xone}, {ax}, {}", k(1.0)));
        self.line(format_args!("setp.eq.f32 \t{yinf}, {ay}, {inf}"));
        // y is an integer, and odd (every f32 from 2^24 on is even)
        let (ty, half, th) = (
            self.reg(Class::F32),
            self.reg(Class::F32),
            self.reg(Class::F32),
        );
        self.line(format_args!("cvt.rzi.f32.f32 \t{ty}, {y}"));
        self.line(format_args!("setp.eq.f32 \t{yint}, {ty}, {y}"));
        self.line(format_args!("mul.rn.f32 \t{half}, {y}, {}", k(0.5)));
        self.line(format_args!("cvt.rzi.f32.f32 \t{th}, {half}"));
        let half_frac = p(self);
        self.line(format_args!("setp.ne.f32 \t{half_frac}, {th}, {half}"));
        self.line(format_args!("and.pred \t{yodd}, {yint}, {half_frac}"));
        let xbits = self.reg(Class::B32);
        self.line(format_args!("mov.b32 \t{xbits}, {x}"));
        self.line(format_args!("setp.lt.s32 \t{xneg}, {xbits}, 0"));
        let (below, not_inf) = (p(self), p(self));
        self.line(format_args!("setp.lt.f32 \t{below}, {x}, {}", k(0.0)));
        self.line(format_args!("setp.ne.f32 \t{not_inf}, {ax}, {inf}"));
        self.line(format_args!("and.pred \t{xfinite_neg}, {below}, {not_inf}"));
        self.line(format_args!("setp.nan.f32 \t{any_nan}, {x}, {y}"));
        let (y0, x1) = (p(self), p(self));
        self.line(format_args!("setp.eq.f32 \t{y0}, {y}, {}", k(0.0)));
        self.line(format_args!("setp.eq.f32 \t{x1}, {x}, {}", k(1.0)));
        self.line(format_args!("or.pred \t{trivial}, {y0}, {x1}"));
        let zero_or_inf = |e: &mut Self, inf_when_yneg: bool| {
            let (a, b) = if inf_when_yneg {
                (inf.clone(), k(0.0))
            } else {
                (k(0.0), inf.clone())
            };
            let r = e.reg(Class::F32);
            e.line(format_args!("selp.f32 \t{r}, {a}, {b}, {yneg}"));
            r
        };
        let at_zero = zero_or_inf(self, true);
        let at_inf = zero_or_inf(self, false);
        let mut r = self.select_f32(xzero, at_zero, core);
        r = self.select_f32(xinf, at_inf, r);
        let one_inf = p(self);
        self.line(format_args!("and.pred \t{one_inf}, {xone}, {yinf}"));
        let one = self.reg(Class::F32);
        self.line(format_args!("mov.f32 \t{one}, {}", k(1.0)));
        r = self.select_f32(one_inf, one, r);
        let flip = p(self);
        self.line(format_args!("and.pred \t{flip}, {xneg}, {yodd}"));
        r = self.negate_if(flip, r);
        // a negative finite base with a non-integer exponent, or a NaN
        let (not_int, invalid, nan) = (p(self), p(self), self.reg(Class::F32));
        self.line(format_args!("not.pred \t{not_int}, {yint}"));
        self.line(format_args!(
            "and.pred \t{invalid}, {xfinite_neg}, {not_int}"
        ));
        self.line(format_args!("or.pred \t{invalid}, {invalid}, {any_nan}"));
        self.line(format_args!("mov.f32 \t{nan}, 0f7FFFFFFF"));
        r = self.select_f32(invalid, nan, r);
        self.select_f32(trivial, one, r)
    }
}
