//! `tanhf` (bound in `mod.rs`): below 0.625 in magnitude `x + x^3 P(x^2)`
//! (Cephes' degree-4 `P`), above `1 - 2/(e^(2|x|) + 1)` with `expf`
//! (`|x|` clamped to 10, where the result is 1 in f32), signed as `x`.

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

impl FnEmitter<'_> {
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
