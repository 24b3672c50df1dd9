//! `atanf`, `atan2f`, `asinf`, `acosf` (bounds in `mod.rs`): Cephes' single-precision
//! algorithms, with the pi/4 and pi/2 they add in two parts. `atanf` reduces `|x|` above tan(3pi/8) to `-1/|x|` (plus
//! pi/2) and above tan(pi/8) to `(|x|-1)/(|x|+1)` (plus pi/4), then `x + x^3
//! P(x^2)`; `asinf` is `x + x^3 P(x^2)` up to 1/2 and `pi/2 - 2 asin(sqrt((1 -
//! |x|)/2))` above; `acosf` is built on the same core.

use super::{k, low_part};
use crate::ptx::function::FnEmitter;
use crate::ptx::types::{Class, Reg};
use std::f32::consts::{FRAC_PI_2, FRAC_PI_4, PI};

/// `atan x = x + x^3 P(x^2)` on `[-tan(pi/8), tan(pi/8)]`, highest degree first.
const ATAN_P: [f32; 4] = [0.080_537_446, -0.138_776_85, 0.199_777_11, -0.333_329_5];
/// `asin x = x + x^3 P(x^2)` on `[0, 1/2]`, highest degree first.
const ASIN_P: [f32; 5] = [
    0.042_163_2,
    0.024_181_312,
    0.045_470_025,
    0.074_953_005,
    0.166_667_52,
];

impl FnEmitter<'_> {
    pub(super) fn atanf(&mut self, x: Reg) -> Reg {
        let ax = self.reg(Class::F32);
        self.line(format_args!("abs.f32 \t{ax}, {x}"));
        // the three ranges: |x| > tan(3pi/8), > tan(pi/8), else
        let (far, mid) = (self.reg(Class::Pred), self.reg(Class::Pred));
        self.line(format_args!(
            "setp.gt.f32 \t{far}, {ax}, {}",
            k(2.414_213_7)
        ));
        self.line(format_args!(
            "setp.gt.f32 \t{mid}, {ax}, {}",
            k(0.414_213_57)
        ));
        let inv = self.f("div", &[&k(-1.0), &ax]);
        let num = self.f("sub", &[&ax, &k(1.0)]);
        let den = self.f("add", &[&ax, &k(1.0)]);
        let ratio = self.f("div", &[&num, &den]);
        let t = self.select_f32(mid, ratio, ax);
        let t = self.select_f32(far, inv, t);
        // pi/4 or pi/2 to add, in two parts
        let base_mid = self.constant_if(mid, FRAC_PI_4);
        let lo_mid = self.constant_if(mid, low_part(std::f64::consts::FRAC_PI_4));
        let base_far = self.constant_if(far, FRAC_PI_2);
        let lo_far = self.constant_if(far, low_part(std::f64::consts::FRAC_PI_2));
        let base = self.select_f32(far, base_far, base_mid);
        let lo = self.select_f32(far, lo_far, lo_mid);
        let z = self.f("mul", &[&t, &t]);
        let p = self.horner(z, &ATAN_P);
        let pz = self.f("mul", &[&p, &z]);
        let poly = self.fma(&pz, &t, &t);
        let corrected = self.f("add", &[&poly, &lo]);
        let y = self.f("add", &[&base, &corrected]);
        let signed = self.reg(Class::F32);
        self.line(format_args!("copysign.f32 \t{signed}, {x}, {y}"));
        self.keep_nan(x, signed)
    }

    /// `asin` of `a` in `[0, 1]`.
    fn asin_core(&mut self, a: Reg) -> Reg {
        let upper = self.reg(Class::Pred);
        self.line(format_args!("setp.gt.f32 \t{upper}, {a}, {}", k(0.5)));
        let one_minus = self.f("sub", &[&k(1.0), &a]);
        let zu = self.f("mul", &[&k(0.5), &one_minus]);
        let xu = self.reg(Class::F32);
        self.line(format_args!("sqrt.rn.f32 \t{xu}, {zu}"));
        let zl = self.f("mul", &[&a, &a]);
        let x = self.select_f32(upper, xu, a);
        let z = self.select_f32(upper, zu, zl);
        let p = self.horner(z, &ASIN_P);
        let pz = self.f("mul", &[&p, &z]);
        let r = self.fma(&pz, &x, &x);
        let twice = self.f("add", &[&r, &r]);
        let folded = self.subtract_from_constant(std::f64::consts::FRAC_PI_2, twice);
        self.select_f32(upper, folded, r)
    }

    pub(super) fn asinf(&mut self, x: Reg) -> Reg {
        let a = self.reg(Class::F32);
        self.line(format_args!("abs.f32 \t{a}, {x}"));
        let r = self.asin_core(a);
        let signed = self.reg(Class::F32);
        self.line(format_args!("copysign.f32 \t{signed}, {x}, {r}"));
        self.outside_unit(a, signed)
    }

    pub(super) fn acosf(&mut self, x: Reg) -> Reg {
        let a = self.reg(Class::F32);
        self.line(format_args!("abs.f32 \t{a}, {x}"));
        // |x| > 1/2: 2 asin(sqrt((1 - |x|)/2)), from pi for negative x
        let one_minus = self.f("sub", &[&k(1.0), &a]);
        let half = self.f("mul", &[&k(0.5), &one_minus]);
        let s = self.reg(Class::F32);
        self.line(format_args!("sqrt.rn.f32 \t{s}, {half}"));
        let w = self.asin_core(s);
        let w2 = self.f("mul", &[&k(2.0), &w]);
        let from_pi = self.f("sub", &[&k(PI), &w2]);
        let (neg, outer) = (self.reg(Class::Pred), self.reg(Class::Pred));
        self.line(format_args!("setp.lt.f32 \t{neg}, {x}, {}", k(0.0)));
        self.line(format_args!("setp.gt.f32 \t{outer}, {a}, {}", k(0.5)));
        let far = self.select_f32(neg, from_pi, w2);
        // |x| <= 1/2: pi/2 - asin(x)
        let inner = self.asin_core(a);
        let signed = self.reg(Class::F32);
        self.line(format_args!("copysign.f32 \t{signed}, {x}, {inner}"));
        let near = self.f("sub", &[&k(FRAC_PI_2), &signed]);
        let r = self.select_f32(outer, far, near);
        self.outside_unit(a, r)
    }

    /// `atan2(y, x)`: `atan(min/max)` of the magnitudes, from pi/2 when
    /// `|y| > |x|` and from pi when `x` is negative (both in two parts), with
    /// `y`'s sign; C's special cases for zeros and infinities selected.
    pub(super) fn atan2f(&mut self, y: Reg, x: Reg) -> Reg {
        let [ax, ay, hi, lo] = [0; 4].map(|_| self.reg(Class::F32));
        self.line(format_args!("abs.f32 \t{ax}, {x}"));
        self.line(format_args!("abs.f32 \t{ay}, {y}"));
        self.line(format_args!("max.f32 \t{hi}, {ax}, {ay}"));
        self.line(format_args!("min.f32 \t{lo}, {ax}, {ay}"));
        let t = self.f("div", &[&lo, &hi]);
        let a = self.atanf(t);
        let steep = self.reg(Class::Pred);
        self.line(format_args!("setp.gt.f32 \t{steep}, {ay}, {ax}"));
        let from_half = self.subtract_from_constant(std::f64::consts::FRAC_PI_2, a);
        let a = self.select_f32(steep, from_half, a);
        let (xbits, xneg) = (self.reg(Class::B32), self.reg(Class::Pred));
        self.line(format_args!("mov.b32 \t{xbits}, {x}"));
        self.line(format_args!("setp.lt.s32 \t{xneg}, {xbits}, 0"));
        let from_pi = self.subtract_from_constant(std::f64::consts::PI, a);
        let mut a = self.select_f32(xneg, from_pi, a);
        // x a zero and y not, or y infinite and x not: pi/2; both zeros: 0 or
        // pi; both infinite: pi/4 or 3pi/4
        let [
            x_zero,
            y_nonzero,
            vertical,
            both_zero,
            x_inf,
            y_inf,
            both_inf,
        ] = [0; 7].map(|_| self.reg(Class::Pred));
        self.line(format_args!("setp.eq.f32 \t{x_zero}, {ax}, {}", k(0.0)));
        self.line(format_args!("setp.gt.f32 \t{y_nonzero}, {ay}, {}", k(0.0)));
        self.line(format_args!("and.pred \t{vertical}, {x_zero}, {y_nonzero}"));
        self.line(format_args!("setp.eq.f32 \t{both_zero}, {hi}, {}", k(0.0)));
        self.line(format_args!(
            "setp.eq.f32 \t{x_inf}, {ax}, {}",
            k(f32::INFINITY)
        ));
        self.line(format_args!(
            "setp.eq.f32 \t{y_inf}, {ay}, {}",
            k(f32::INFINITY)
        ));
        self.line(format_args!("and.pred \t{both_inf}, {x_inf}, {y_inf}"));
        // y infinite, x finite: pi/2 too
        let (x_finite, steep_inf) = (self.reg(Class::Pred), self.reg(Class::Pred));
        self.line(format_args!("not.pred \t{x_finite}, {x_inf}"));
        self.line(format_args!("and.pred \t{steep_inf}, {y_inf}, {x_finite}"));
        self.line(format_args!(
            "or.pred \t{vertical}, {vertical}, {steep_inf}"
        ));
        let half_pi = self.constant_if(vertical, FRAC_PI_2);
        a = self.select_f32(vertical, half_pi, a);
        let flat = self.reg(Class::F32);
        self.line(format_args!(
            "selp.f32 \t{flat}, {}, {}, {xneg}",
            k(PI),
            k(0.0)
        ));
        a = self.select_f32(both_zero, flat, a);
        let diagonal = self.reg(Class::F32);
        self.line(format_args!(
            "selp.f32 \t{diagonal}, {}, {}, {xneg}",
            k(3.0 * FRAC_PI_4),
            k(FRAC_PI_4)
        ));
        a = self.select_f32(both_inf, diagonal, a);
        let signed = self.reg(Class::F32);
        self.line(format_args!("copysign.f32 \t{signed}, {y}, {a}"));
        // NaN in either
        let (nan, d) = (self.reg(Class::Pred), self.reg(Class::F32));
        self.line(format_args!("setp.nan.f32 \t{nan}, {x}, {y}"));
        self.line(format_args!("selp.f32 \t{d}, 0f7FFFFFFF, {signed}, {nan}"));
        d
    }

    /// `c - a` with the f64 constant `c` in two f32 parts.
    fn subtract_from_constant(&mut self, c: f64, a: Reg) -> Reg {
        let less = self.f("sub", &[&a, &k(low_part(c))]);
        self.f("sub", &[&k(c as f32), &less])
    }

    /// `v` where `p`, else 0.
    fn constant_if(&mut self, p: Reg, v: f32) -> Reg {
        let d = self.reg(Class::F32);
        self.line(format_args!("selp.f32 \t{d}, {}, {}, {p}", k(v), k(0.0)));
        d
    }

    /// `r`, or NaN where `|x|` (`a`) is above 1 or NaN.
    fn outside_unit(&mut self, a: Reg, r: Reg) -> Reg {
        let (bad, d) = (self.reg(Class::Pred), self.reg(Class::F32));
        self.line(format_args!("setp.gtu.f32 \t{bad}, {a}, {}", k(1.0)));
        self.line(format_args!("selp.f32 \t{d}, 0f7FFFFFFF, {r}, {bad}"));
        d
    }
}
