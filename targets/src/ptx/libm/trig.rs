//! `sinf`, `cosf`, `tanf` (bounds in `mod.rs`).
//!
//! Reduction to `x = q pi/2 + r`: for `|x| <= 105615` by `rint(x 2/pi)` and
//! three parts of pi/2 with `fma` (CUDA's constants), beyond that by
//! Payne-Hanek: the 24-bit mantissa times 192 bits of 2/pi as six 32x32-bit
//! products, the 64 bits around the binary point picked by the exponent,
//! their fraction (rounded to the nearest quadrant) scaled by pi/2 in double
//! precision. Then `sin r = r + r^3 P(r^2)` and `cos r = Q(r^2)` (CUDA's
//! minimax polynomials on `[-pi/4, pi/4]`), chosen and signed by `q`; `tanf`
//! divides them (`div.rn`).

use super::k;
use crate::ptx::function::FnEmitter;
use crate::ptx::types::{Class, Reg};

/// `sin r = r + r^3 P(r^2)`, highest degree first.
const SIN_P: [f32; 4] = [
    2.865_679_6e-6,
    -1.985_599_2e-4,
    8.333_386e-3,
    -1.666_666_7e-1,
];
/// `cos r = Q(r^2)`, highest degree first.
const COS_Q: [f32; 5] = [2.446_770_7e-5, -1.388_773e-3, 4.166_665_7e-2, -0.5, 1.0];
/// 2/pi as 192 bits, least significant word first.
const TWO_OVER_PI: [u32; 6] = [
    0x3c43_9041,
    0xdb62_9599,
    0xf534_ddc0,
    0xfc27_57d1,
    0x4e44_1529,
    0xa2f9_836e,
];
/// Above this, the three-part reduction loses accuracy.
const FAST_LIMIT: f32 = 105_615.0;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Trig {
    Sin,
    Cos,
    Tan,
}

impl FnEmitter<'_> {
    pub(super) fn trigf(&mut self, x: Reg, f: Trig) -> Reg {
        let (r, q) = self.trig_reduce(x);
        let s = self.f("mul", &[&r, &r]);
        let p = self.horner(s, &SIN_P);
        let t = self.f("mul", &[&p, &s]);
        let sin = self.fma(&t, &r, &r);
        let cos = self.horner(s, &COS_Q);
        // cos x = sin(x + pi/2): one quadrant on
        let q = if f == Trig::Cos {
            self.i("add.s32", &[&q, &1])
        } else {
            q
        };
        let odd = self.i("and.b32", &[&q, &1]);
        let podd = self.reg(Class::Pred);
        self.line(format_args!("setp.ne.s32 \t{podd}, {odd}, 0"));
        let v = if f == Trig::Tan {
            // tan = sin/cos, or -cos/sin in odd quadrants
            let num = self.select_f32(podd, cos, sin);
            let den = self.select_f32(podd, sin, cos);
            let t = self.f("div", &[&num, &den]);
            self.negate_if(podd, t)
        } else {
            let v = self.select_f32(podd, cos, sin);
            let half = self.i("and.b32", &[&q, &2]);
            let pneg = self.reg(Class::Pred);
            self.line(format_args!("setp.ne.s32 \t{pneg}, {half}, 0"));
            self.negate_if(pneg, v)
        };
        // infinities give NaN
        let (ax, pinf) = (self.reg(Class::F32), self.reg(Class::Pred));
        self.line(format_args!("abs.f32 \t{ax}, {x}"));
        self.line(format_args!(
            "setp.eq.f32 \t{pinf}, {ax}, {}",
            k(f32::INFINITY)
        ));
        let d = self.reg(Class::F32);
        self.line(format_args!("selp.f32 \t{d}, 0f7FFFFFFF, {v}, {pinf}"));
        d
    }

    /// `x = q pi/2 + r`: `r` (f32) and `q` (s32, only its low bits count).
    fn trig_reduce(&mut self, x: Reg) -> (Reg, Reg) {
        let (r, q) = (self.reg(Class::F32), self.reg(Class::B32));
        let t = self.f("mul", &[&x, &k(std::f32::consts::FRAC_2_PI)]);
        let j = self.reg(Class::F32);
        self.line(format_args!("cvt.rni.f32.f32 \t{j}, {t}"));
        // pi/2 = 1.570796 (0x3fc90fd8) + 3.1391647e-7 + 5.3903025e-15
        let r1 = self.fma(&j, &k(-f32::from_bits(0x3fc9_0fd8)), &x);
        let r2 = self.fma(&j, &k(-3.139_164_7e-7), &r1);
        let r3 = self.fma(&j, &k(-5.390_302_5e-15), &r2);
        self.mov(r, r3);
        self.line(format_args!("cvt.rzi.s32.f32 \t{q}, {j}"));
        let (ax, slow) = (self.reg(Class::F32), self.reg(Class::Pred));
        self.line(format_args!("abs.f32 \t{ax}, {x}"));
        self.line(format_args!(
            "setp.gt.f32 \t{slow}, {ax}, {}",
            k(FAST_LIMIT)
        ));
        let done = self.new_label();
        self.line(format_args!("@!{slow} bra \t{done}"));
        let (rs, qs) = self.payne_hanek(x);
        self.mov(r, rs);
        self.mov(q, qs);
        self.place_label(&done);
        (r, q)
    }

    /// Payne-Hanek reduction of a large finite `x` (see the module docs).
    fn payne_hanek(&mut self, x: Reg) -> (Reg, Reg) {
        let bits = self.reg(Class::B32);
        self.line(format_args!("mov.b32 \t{bits}, {x}"));
        let biased = self.i("bfe.u32", &[&bits, &23, &8]);
        let shifted = self.i("shl.b32", &[&bits, &8]);
        let m = self.i("or.b32", &[&shifted, &"0x80000000"]);
        // the product: words[0..7], least significant first
        let mut carry = self.reg(Class::B64);
        self.line(format_args!("mov.b64 \t{carry}, 0"));
        let mut words = Vec::new();
        for w in TWO_OVER_PI {
            let (p, sum, lo, next) = (
                self.reg(Class::B64),
                self.reg(Class::B64),
                self.reg(Class::B32),
                self.reg(Class::B64),
            );
            self.line(format_args!("mul.wide.u32 \t{p}, {m}, {w:#010X}"));
            self.line(format_args!("add.s64 \t{sum}, {p}, {carry}"));
            self.line(format_args!("cvt.u32.u64 \t{lo}, {sum}"));
            self.line(format_args!("shr.u64 \t{next}, {sum}, 32"));
            words.push(lo);
            carry = next;
        }
        let top = self.reg(Class::B32);
        self.line(format_args!("cvt.u32.u64 \t{top}, {carry}"));
        words.push(top);
        // the 64 bits from bit (288 - biased): two integer bits, 62 of fraction
        let s = self.i("sub.s32", &[&288, &biased]);
        let w0 = self.i("shr.u32", &[&s, &5]);
        let b = self.i("and.b32", &[&s, &31]);
        let [lo0, lo1, hi] = [0, 1, 2].map(|k| self.word_at(&words, w0, k));
        let (lo, hi64, low_part, high_part, w) = (
            self.reg(Class::B64),
            self.reg(Class::B64),
            self.reg(Class::B64),
            self.reg(Class::B64),
            self.reg(Class::B64),
        );
        self.line(format_args!("mov.b64 \t{lo}, {{{lo0}, {lo1}}}"));
        self.line(format_args!("cvt.u64.u32 \t{hi64}, {hi}"));
        let up = self.i("sub.s32", &[&64, &b]);
        self.line(format_args!("shr.b64 \t{low_part}, {lo}, {b}"));
        // a shift by 64 gives 0 (PTX clamps the amount)
        self.line(format_args!("shl.b64 \t{high_part}, {hi64}, {up}"));
        self.line(format_args!("or.b64 \t{w}, {low_part}, {high_part}"));
        let (qw, frac, neg_frac, abs_frac) = (
            self.reg(Class::B64),
            self.reg(Class::B64),
            self.reg(Class::B64),
            self.reg(Class::B64),
        );
        self.line(format_args!("shr.u64 \t{qw}, {w}, 62"));
        let q0 = self.reg(Class::B32);
        self.line(format_args!("cvt.u32.u64 \t{q0}, {qw}"));
        self.line(format_args!("shl.b64 \t{frac}, {w}, 2"));
        // a fraction of one half or more rounds to the next quadrant
        let up_half = self.reg(Class::Pred);
        self.line(format_args!("setp.lt.s64 \t{up_half}, {frac}, 0"));
        let inc = self.i("selp.u32", &[&1, &0, &up_half]);
        let q1 = self.i("add.s32", &[&q0, &inc]);
        self.line(format_args!("neg.s64 \t{neg_frac}, {frac}"));
        self.line(format_args!(
            "selp.b64 \t{abs_frac}, {neg_frac}, {frac}, {up_half}"
        ));
        let (fd, rd, nrd, sd) = (
            self.reg(Class::F64),
            self.reg(Class::F64),
            self.reg(Class::F64),
            self.reg(Class::F64),
        );
        let scale = std::f64::consts::FRAC_PI_2 * 2f64.powi(-64);
        self.line(format_args!("cvt.rn.f64.u64 \t{fd}, {abs_frac}"));
        self.line(format_args!(
            "mul.rn.f64 \t{rd}, {fd}, 0d{:016X}",
            scale.to_bits()
        ));
        self.line(format_args!("neg.f64 \t{nrd}, {rd}"));
        self.line(format_args!("selp.f64 \t{sd}, {nrd}, {rd}, {up_half}"));
        let r = self.reg(Class::F32);
        self.line(format_args!("cvt.rn.f32.f64 \t{r}, {sd}"));
        // sin(-x) = -sin(x): negative x reduces to -r, -q
        let xneg = self.reg(Class::Pred);
        self.line(format_args!("setp.lt.f32 \t{xneg}, {x}, {}", k(0.0)));
        let r = self.negate_if(xneg, r);
        let nq = self.i("neg.s32", &[&q1]);
        let q = self.i("selp.b32", &[&nq, &q1, &xneg]);
        (r, q)
    }

    /// `words[w0 + k]` for `w0` in 1..=4 (a chain of selects).
    fn word_at(&mut self, words: &[Reg], w0: Reg, k: usize) -> Reg {
        let mut v = words[4 + k];
        for i in (1..4).rev() {
            let p = self.reg(Class::Pred);
            self.line(format_args!("setp.eq.s32 \t{p}, {w0}, {i}"));
            v = self.i("selp.b32", &[&words[i + k], &v, &p]);
        }
        v
    }
}
