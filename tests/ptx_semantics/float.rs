//! Float references written from IEEE 754 and the PTX ISA, independent of
//! cuwasm: correctly rounded results in the four rounding modes from Rust's
//! round-to-nearest results and the exact sign of their error, rounding of
//! exact values into f16/bf16/f32, and the flush-to-zero rule.

/// A PTX rounding modifier: `.rn`, `.rz`, `.rm`, `.rp`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Rnd {
    N,
    Z,
    M,
    P,
}

impl Rnd {
    pub const ALL: [Rnd; 4] = [Rnd::N, Rnd::Z, Rnd::M, Rnd::P];

    pub fn name(self) -> &'static str {
        match self {
            Rnd::N => "rn",
            Rnd::Z => "rz",
            Rnd::M => "rm",
            Rnd::P => "rp",
        }
    }
}

/// `a + b` exactly, as a rounded sum and its rounding error (Knuth's TwoSum).
fn two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    let bv = s - a;
    let av = s - bv;
    (s, (a - av) + (b - bv))
}

/// The sign (-1, 0, 1) of the exact sum of finite `terms`: Shewchuk's
/// grow-expansion with zero elimination keeps the sum exactly as
/// non-overlapping components of increasing magnitude; the last one has the
/// sum's sign.
pub fn exact_sign(terms: &[f64]) -> i32 {
    let mut e: Vec<f64> = Vec::new();
    for &t in terms {
        assert!(t.is_finite(), "exact_sign of a non-finite term");
        let mut q = t;
        let mut h = Vec::with_capacity(e.len() + 1);
        for &c in &e {
            let (s, err) = two_sum(q, c);
            if err != 0.0 {
                h.push(err);
            }
            q = s;
        }
        if q != 0.0 {
            h.push(q);
        }
        e = h;
    }
    match e.last() {
        None => 0,
        Some(x) if *x > 0.0 => 1,
        Some(_) => -1,
    }
}

/// `directed32`/`directed64`: the result in mode `m`, from the
/// round-to-nearest result `r` of an exact value `v` and the sign `s` of
/// `v - r`.
macro_rules! directed {
    ($name:ident, $t:ty) => {
        pub fn $name(r: $t, s: i32, m: Rnd) -> $t {
            match m {
                Rnd::N => r,
                Rnd::Z if (r > 0.0 && s < 0) || (r < 0.0 && s > 0) => {
                    if r > 0.0 {
                        r.next_down()
                    } else {
                        r.next_up()
                    }
                }
                Rnd::M if s < 0 => r.next_down(),
                Rnd::P if s > 0 => r.next_up(),
                _ => r,
            }
        }
    };
}
directed!(directed32, f32);
directed!(directed64, f64);

/// Whether an exact zero sum of addends `x` and `y` (`r == 0`, error sign
/// `s == 0`) is -0: it is +0, but -0 under `.rm` unless both addends are +0
/// (IEEE 754 6.3; two -0 addends give -0 in every mode, as `r` already is).
fn negative_zero_sum(r: f64, s: i32, m: Rnd, x: f64, y: f64) -> bool {
    let both_pos_zero = x == 0.0 && y == 0.0 && x.is_sign_positive() && y.is_sign_positive();
    r == 0.0 && s == 0 && m == Rnd::M && !both_pos_zero
}

/// The sign of `exact - r` when `r` came from finite inputs: an infinite `r`
/// is an overflow (the exact value is finite, smaller in magnitude).
fn overflow_or(r_infinite: bool, r_neg: bool, f: impl FnOnce() -> i32) -> i32 {
    if r_infinite {
        if r_neg { 1 } else { -1 }
    } else {
        f()
    }
}

pub fn add32(a: f32, b: f32, m: Rnd) -> f32 {
    let r = a + b;
    if r.is_nan() || !a.is_finite() || !b.is_finite() {
        return r;
    }
    let s = overflow_or(r.is_infinite(), r < 0.0, || {
        exact_sign(&[a as f64, b as f64, -(r as f64)])
    });
    let d = directed32(r, s, m);
    if negative_zero_sum(d as f64, s, m, a as f64, b as f64) {
        -0.0
    } else {
        d
    }
}

pub fn mul32(a: f32, b: f32, m: Rnd) -> f32 {
    let r = a * b;
    if r.is_nan() || !a.is_finite() || !b.is_finite() {
        return r;
    }
    // the product of two f32 is exact in f64
    let s = overflow_or(r.is_infinite(), r < 0.0, || {
        exact_sign(&[a as f64 * b as f64, -(r as f64)])
    });
    directed32(r, s, m)
}

pub fn fma32(a: f32, b: f32, c: f32, m: Rnd) -> f32 {
    let r = a.mul_add(b, c);
    if r.is_nan() || !a.is_finite() || !b.is_finite() || !c.is_finite() {
        return r;
    }
    let p = a as f64 * b as f64;
    let s = overflow_or(r.is_infinite(), r < 0.0, || {
        exact_sign(&[p, c as f64, -(r as f64)])
    });
    let d = directed32(r, s, m);
    if negative_zero_sum(d as f64, s, m, p, c as f64) {
        -0.0
    } else {
        d
    }
}

pub fn div32(a: f32, b: f32, m: Rnd) -> f32 {
    let r = a / b;
    if r.is_nan() || !a.is_finite() || !b.is_finite() || a == 0.0 || b == 0.0 {
        return r;
    }
    let s = overflow_or(r.is_infinite(), r < 0.0, || {
        // sign(a/b - r) = sign(a - r*b) * sign(b); r*b is exact in f64
        exact_sign(&[a as f64, -(r as f64 * b as f64)]) * if b < 0.0 { -1 } else { 1 }
    });
    directed32(r, s, m)
}

pub fn sqrt32(a: f32, m: Rnd) -> f32 {
    let r = a.sqrt();
    if r.is_nan() || a == 0.0 || a.is_infinite() {
        return r;
    }
    let s = exact_sign(&[a as f64, -(r as f64 * r as f64)]);
    directed32(r, s, m)
}

pub fn add64(a: f64, b: f64, m: Rnd) -> f64 {
    let r = a + b;
    if r.is_nan() || !a.is_finite() || !b.is_finite() {
        return r;
    }
    let s = overflow_or(r.is_infinite(), r < 0.0, || exact_sign(&[a, b, -r]));
    let d = directed64(r, s, m);
    if negative_zero_sum(d, s, m, a, b) {
        -0.0
    } else {
        d
    }
}

/// `a * b` exactly as `p + e` (the error is exact unless the product is
/// tiny: the callers scale such products up first).
fn two_prod(a: f64, b: f64) -> (f64, f64) {
    let p = a * b;
    assert!(
        (p == 0.0 && (a == 0.0 || b == 0.0)) || p.abs() > 1e-290,
        "two_prod: product too small to be exact"
    );
    (p, a.mul_add(b, -p))
}

const SCALE: f64 = 4.149515568880993e180; // 2^600

/// The sign of `a * b - r` exactly: a tiny product is scaled up by powers of
/// two (exact) on the smaller factor and on `r`.
fn prod_minus_sign(a: f64, b: f64, r: f64) -> i32 {
    let (mut x, mut y, mut z) = (a, b, r);
    while x != 0.0 && y != 0.0 && (x * y).abs() < 1e-280 {
        if x.abs() <= y.abs() {
            x *= SCALE;
        } else {
            y *= SCALE;
        }
        z *= SCALE;
    }
    // a product past the largest f64: scale the larger factor down
    while !(x * y).is_finite() {
        if x.abs() >= y.abs() {
            x /= SCALE;
        } else {
            y /= SCALE;
        }
        z /= SCALE;
    }
    let (p, e) = two_prod(x, y);
    exact_sign(&[p, e, -z])
}

pub fn mul64(a: f64, b: f64, m: Rnd) -> f64 {
    let r = a * b;
    if r.is_nan() || !a.is_finite() || !b.is_finite() {
        return r;
    }
    let s = overflow_or(r.is_infinite(), r < 0.0, || prod_minus_sign(a, b, r));
    directed64(r, s, m)
}

pub fn fma64(a: f64, b: f64, c: f64, m: Rnd) -> f64 {
    let r = a.mul_add(b, c);
    if r.is_nan() || !a.is_finite() || !b.is_finite() || !c.is_finite() {
        return r;
    }
    let (p, e) = two_prod(a, b);
    let s = overflow_or(r.is_infinite(), r < 0.0, || exact_sign(&[p, e, c, -r]));
    let d = directed64(r, s, m);
    if negative_zero_sum(d, s, m, p, c) {
        -0.0
    } else {
        d
    }
}

pub fn div64(a: f64, b: f64, m: Rnd) -> f64 {
    let r = a / b;
    if r.is_nan() || !a.is_finite() || !b.is_finite() || a == 0.0 || b == 0.0 {
        return r;
    }
    // sign(a/b - r) = sign(a - r*b) * sign(b) = -sign(r*b - a) * sign(b)
    let s = overflow_or(r.is_infinite(), r < 0.0, || {
        -prod_minus_sign(r, b, a) * if b < 0.0 { -1 } else { 1 }
    });
    directed64(r, s, m)
}

pub fn sqrt64(a: f64, m: Rnd) -> f64 {
    let r = a.sqrt();
    if r.is_nan() || a == 0.0 || a.is_infinite() {
        return r;
    }
    // sign(sqrt(a) - r) = sign(a - r*r); scaling r by 2^300 scales r*r by 2^600
    let (mut x, mut z) = (r, a);
    while (x * x) < 1e-280 {
        x *= 2.037035976334486e90; // 2^300
        z *= SCALE;
    }
    if !(x * x).is_finite() {
        x /= 2.037035976334486e90;
        z /= SCALE;
    }
    let (t, te) = two_prod(x, x);
    directed64(r, exact_sign(&[z, -t, -te]), m)
}

/// PTX `.ftz` on an f32: subnormals become zero of the same sign.
pub fn ftz32(x: f32) -> f32 {
    if x.is_subnormal() {
        0.0f32.copysign(x)
    } else {
        x
    }
}

/// PTX float `.sat`: clamp to [0, 1]; NaN gives +0.
pub fn sat32(x: f32) -> f32 {
    if x.is_nan() { 0.0 } else { x.clamp(0.0, 1.0) }
}

/// A binary float format: significand bits (without the hidden one), the
/// smallest normal exponent, the largest exponent, and the width.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fmt {
    pub mant: i32,
    pub emin: i32,
    pub emax: i32,
    pub bits: u32,
}

pub const F16: Fmt = Fmt {
    mant: 10,
    emin: -14,
    emax: 15,
    bits: 16,
};
pub const BF16: Fmt = Fmt {
    mant: 7,
    emin: -126,
    emax: 127,
    bits: 16,
};
pub const F32: Fmt = Fmt {
    mant: 23,
    emin: -126,
    emax: 127,
    bits: 32,
};

fn pow2(e: i32) -> f64 {
    2f64.powi(e)
}

/// The exponent of a normal, nonzero f64.
fn exponent(a: f64) -> i32 {
    ((a.to_bits() >> 52) & 0x7ff) as i32 - 1023
}

/// The bits of the exact value `x` rounded into format `f` in mode `m`
/// (NaN becomes the quiet NaN with only the top significand bit set).
pub fn round_to(x: f64, f: Fmt, m: Rnd) -> u64 {
    let sign = if x.is_sign_negative() {
        1u64 << (f.bits - 1)
    } else {
        0
    };
    let exp_mask = ((1u64 << (f.bits - 1 - f.mant as u32)) - 1) << f.mant;
    if x.is_nan() {
        return exp_mask | (1 << (f.mant - 1));
    }
    if x.is_infinite() {
        return sign | exp_mask;
    }
    if x == 0.0 {
        return sign;
    }
    let a = x.abs();
    let neg = x < 0.0;
    let q = exponent(a).max(f.emin) - f.mant;
    let scaled = a * pow2(-q);
    let mag = match (m, neg) {
        (Rnd::N, _) => scaled.round_ties_even(),
        (Rnd::Z, _) | (Rnd::M, false) | (Rnd::P, true) => scaled.trunc(),
        (Rnd::M, true) | (Rnd::P, false) => scaled.ceil(),
    };
    let v = mag * pow2(q);
    let max = (2.0 - pow2(-f.mant)) * pow2(f.emax);
    if v > max {
        let to_inf = match (m, neg) {
            (Rnd::N, _) | (Rnd::M, true) | (Rnd::P, false) => true,
            _ => false,
        };
        return if to_inf {
            sign | exp_mask
        } else {
            sign | (exp_mask - (1 << f.mant)) | ((1 << f.mant) - 1)
        };
    }
    if v == 0.0 {
        return sign;
    }
    if v < pow2(f.emin) {
        return sign | (v / pow2(f.emin - f.mant)) as u64;
    }
    let e = exponent(v);
    let frac = (v / pow2(e - f.mant)) as u64 - (1 << f.mant);
    sign | (((e + f.emax) as u64) << f.mant) | frac
}

/// The value of bits `b` of format `f`.
pub fn value_of(b: u64, f: Fmt) -> f64 {
    let neg = b >> (f.bits - 1) & 1 == 1;
    let e = ((b >> f.mant) & ((1 << (f.bits - 1 - f.mant as u32)) - 1)) as i32;
    let frac = (b & ((1 << f.mant) - 1)) as f64;
    let all_ones = (1 << (f.bits - 1 - f.mant as u32)) - 1;
    let v = if e == all_ones {
        if frac == 0.0 { f64::INFINITY } else { f64::NAN }
    } else if e == 0 {
        frac * pow2(f.emin - f.mant)
    } else {
        (1.0 + frac * pow2(-f.mant)) * pow2(e - f.emax)
    };
    if neg { -v } else { v }
}

pub fn f16_to_f64(b: u16) -> f64 {
    value_of(b as u64, F16)
}

pub fn bf16_to_f64(b: u16) -> f64 {
    value_of(b as u64, BF16)
}

/// The bits of `s + e` in format `f`, rounded to nearest, where `s + e` is
/// an exact value held as a rounded sum `s` and its error `e` (TwoSum): the
/// error only matters where `s` sits on a rounding boundary of `f`, and there
/// one f64 step towards the exact value rounds as the exact value does.
pub fn round_sum(s: f64, e: f64, f: Fmt) -> u64 {
    let v = if e > 0.0 {
        s.next_up()
    } else if e < 0.0 {
        s.next_down()
    } else {
        s
    };
    round_to(v, f, Rnd::N)
}

/// `a + b` of two values of a 16-bit format, rounded to nearest.
pub fn add16(a: f64, b: f64, f: Fmt) -> u64 {
    if !a.is_finite() || !b.is_finite() {
        return round_to(a + b, f, Rnd::N);
    }
    let (s, e) = two_sum(a, b);
    if s == 0.0 && e == 0.0 {
        // an exact zero: +0 unless both are -0
        return round_to(
            if a.is_sign_negative() && b.is_sign_negative() {
                -0.0
            } else {
                0.0
            },
            f,
            Rnd::N,
        );
    }
    round_sum(s, e, f)
}

/// `a * b + c` of values of a 16-bit format (the product is exact in f64),
/// rounded once to nearest.
pub fn fma16(a: f64, b: f64, c: f64, f: Fmt) -> u64 {
    let p = a * b;
    if !p.is_finite() || !c.is_finite() {
        return round_to(p + c, f, Rnd::N);
    }
    if p == 0.0 && c == 0.0 {
        let neg = p.is_sign_negative() && c.is_sign_negative();
        return round_to(if neg { -0.0 } else { 0.0 }, f, Rnd::N);
    }
    let (s, e) = two_sum(p, c);
    if s == 0.0 && e == 0.0 {
        return round_to(0.0, f, Rnd::N);
    }
    round_sum(s, e, f)
}

/// f16 bits of `x` (exact) rounded to nearest.
pub fn f16(x: f64) -> u64 {
    round_to(x, F16, Rnd::N)
}

pub fn is_nan16(b: u64, f: Fmt) -> bool {
    value_of(b, f).is_nan()
}

#[cfg(test)]
mod checks {
    use super::*;

    #[test]
    fn round_to_agrees_with_rust_f32_conversion() {
        // f64 -> f32 `as` rounds to nearest even: the generic rounder must agree
        let mut x = 1.0e-46f64;
        while x < 1e39 {
            for v in [x, -x, x * 1.000_000_1, x * 0.999_999_93] {
                assert_eq!(
                    round_to(v, F32, Rnd::N),
                    (v as f32).to_bits() as u64,
                    "{v:e}"
                );
            }
            x *= 1.37;
        }
    }
}
