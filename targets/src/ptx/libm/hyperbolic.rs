//! `tanhf`, `sinhf`, `coshf` (bounds in `mod.rs`), Cephes' algorithms.
//! `tanhf`: below 0.625 in magnitude `x + x^3 P(x^2)`, above `1 - 2/(e^(2|x|)
//! + 1)` with `expf` (`|x|` clamped to 10, where the result is 1 in f32),
//! signed as `x`. `coshf`: `h + 1/(4h)` with `h = e^|x|/2` from `expf`'s
//! sequence with the power of two halved (finite up to 89.4); `sinhf`: the
//! difference above 1 in magnitude, `x + x^3 Q(x^2)` below.

use super::k;
use crate::ptx::function::FnEmitter;
use crate::ptx::types::{Class, Reg};

/// `tanh x = x + x^3 P(x^2)`, highest degree first.
const TANH_P: [f32; 5] = [
    -0.005_704_988_7,
    0.020_639_088,
    -0.053_739_715,
    0.133_314_42,
    -0.333_332_8,
];

/// `sinh x = x + x^3 Q(x^2)` on `[-1, 1]`, highest degree first.
const SINH_Q: [f32; 3] = [0.000_203_721_91, 0.008_330_284, 0.166_667_16];

impl FnEmitter<'_> {
    /// `cosh x`, or `sinh x` when `sinh`: `h = e^|x|/2` (no overflow below
    /// 89.4), `h + 1/(4h)` (`h - 1/(4h)`) up to 9, `h` above, where `1/(4h)`
    /// is below half an ulp; `sinh` below 1 by its polynomial.
    pub(super) fn cosh_sinh(&mut self, x: Reg, sinh: bool) -> Reg {
        let a = self.reg(Class::F32);
        self.line(format_args!("abs.f32 \t{a}, {x}"));
        let h = self.expf_halved(a, true);
        let quarter = self.f("div", &[&k(0.25), &h]);
        let op = if sinh { "sub" } else { "add" };
        let mid = self.f(op, &[&h, &quarter]);
        let large = self.reg(Class::Pred);
        self.line(format_args!("setp.gt.f32 \t{large}, {a}, {}", k(9.0)));
        let mut r = self.select_f32(large, h, mid);
        if sinh {
            let z = self.f("mul", &[&a, &a]);
            let q = self.horner(z, &SINH_Q);
            let t = self.f("mul", &[&q, &z]);
            let small = self.fma(&t, &a, &a);
            let above_one = self.reg(Class::Pred);
            self.line(format_args!("setp.gt.f32 \t{above_one}, {a}, {}", k(1.0)));
            r = self.select_f32(above_one, r, small);
            let signed = self.reg(Class::F32);
            self.line(format_args!("copysign.f32 \t{signed}, {x}, {r}"));
            r = signed;
        }
        self.keep_nan(x, r)
    }

    pub(super) fn tanhf(&mut self, x: Reg) -> Reg {
        let z = self.f("mul", &[&x, &x]);
        let p = self.horner(z, &TANH_P);
        let t = self.f("mul", &[&p, &z]);
        let small = self.fma(&t, &x, &x);
        let ax = self.reg(Class::F32);
        self.line(format_args!("abs.f32 \t{ax}, {x}"));
        let m = self.reg(Class::F32);
        self.line(format_args!("min.f32 \t{m}, {ax}, {}", k(10.0)));
        let twice = self.f("add", &[&m, &m]);
        let e = self.expf(twice);
        let e1 = self.f("add", &[&e, &k(1.0)]);
        let q = self.f("div", &[&k(2.0), &e1]);
        let l = self.f("sub", &[&k(1.0), &q]);
        let large = self.reg(Class::F32);
        self.line(format_args!("copysign.f32 \t{large}, {x}, {l}"));
        let below = self.reg(Class::Pred);
        self.line(format_args!("setp.lt.f32 \t{below}, {ax}, {}", k(0.625)));
        let v = self.select_f32(below, small, large);
        self.keep_nan(x, v)
    }
}
