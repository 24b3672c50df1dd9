//! Float instructions: the four rounding modes of add/sub/mul/fma/div/rcp/
//! sqrt, `.ftz` and `.sat`, NaN handling of min/max/setp, testp, copysign,
//! the approximate instructions within the error bounds the PTX ISA
//! documents, and f16/bf16 arithmetic. References come from Rust's IEEE
//! arithmetic (round to nearest) and `float.rs`'s exact-error rounding.

use crate::float::*;
use crate::harness::{Form, R, Rng, Suite, Want, picks, product, wd, wf};

fn f32s(v: &[f32]) -> Vec<u64> {
    v.iter().map(|x| x.to_bits() as u64).collect()
}

fn f64s(v: &[f64]) -> Vec<u64> {
    v.iter().map(|x| x.to_bits()).collect()
}

fn x32(v: u64) -> f32 {
    f32::from_bits(v as u32)
}

fn x64(v: u64) -> f64 {
    f64::from_bits(v)
}

/// Edge values of f32: zeros, ones, subnormals, the normal boundary, the
/// largest values, infinities, NaN, and inexact fractions.
fn e32() -> Vec<u64> {
    f32s(&[
        0.0,
        -0.0,
        1.0,
        -1.0,
        1.5,
        -2.5,
        3.0,
        0.1,
        1.0 / 3.0,
        -7.0 / 3.0,
        1e-45,
        -1e-45,
        f32::MIN_POSITIVE.next_down(),
        5.877472e-39,
        f32::MIN_POSITIVE,
        -f32::MIN_POSITIVE,
        f32::MAX,
        -f32::MAX,
        1e38,
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::NAN,
        16777216.0,
        1e-30,
        -3e30,
        1.0000001,
    ])
}

/// Edge values of f64, likewise.
fn e64() -> Vec<u64> {
    f64s(&[
        0.0,
        -0.0,
        1.0,
        -1.0,
        1.5,
        -2.5,
        3.0,
        0.1,
        1.0 / 3.0,
        -7.0 / 3.0,
        5e-324,
        -5e-324,
        f64::MIN_POSITIVE.next_down(),
        f64::MIN_POSITIVE,
        f64::MAX,
        -f64::MAX,
        1e300,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        9007199254740993.0,
        1e-300,
        -3e200,
        1.0000000000000002,
    ])
}

/// Random finite f32 (as bits) over the whole exponent range.
fn r32(seed: u64, n: usize) -> Vec<u64> {
    Rng(seed)
        .floats(n, 130)
        .into_iter()
        .map(|x| (x as f32).to_bits() as u64)
        .collect()
}

fn r64(seed: u64, n: usize, max_exp: i32) -> Vec<u64> {
    Rng(seed)
        .floats(n, max_exp)
        .into_iter()
        .map(f64::to_bits)
        .collect()
}

/// Cases of `arity` from the edges (all pairs for binary ops) and random values.
fn fcases(edges: &[u64], random: Vec<u64>, arity: usize, seed: u64) -> Vec<Vec<u64>> {
    let mut rng = Rng(seed);
    let mut c = if arity <= 2 {
        product(edges, arity)
    } else {
        picks(&mut rng, edges, arity, 500)
    };
    let mut all = edges.to_vec();
    all.extend(random);
    c.extend(picks(&mut rng, &all, arity, 300));
    c
}

/// A float result where a zero may come with either sign (PTX's `.sat` of
/// -0.0, min/max of +0.0 and -0.0).
fn any_zero32(x: f32) -> Want {
    if x == 0.0 {
        Want::OneOf(vec![0, 0x8000_0000])
    } else {
        wf(x)
    }
}

fn sat_want(x: f32) -> Want {
    if x.is_nan() {
        Want::Bits(0)
    } else {
        any_zero32(sat32(x))
    }
}

type Bin32 = fn(f32, f32, Rnd) -> f32;
type Bin64 = fn(f64, f64, Rnd) -> f64;

fn sub32(a: f32, b: f32, m: Rnd) -> f32 {
    add32(a, -b, m)
}

fn sub64(a: f64, b: f64, m: Rnd) -> f64 {
    add64(a, -b, m)
}

#[test]
fn add_sub_mul_in_every_rounding_mode() {
    let mut s = Suite::new();
    let c32 = fcases(&e32(), r32(1, 100), 2, 1);
    let c64 = fcases(&e64(), r64(2, 100, 1000), 2, 2);
    let ops32: [(&str, Bin32); 3] = [("add", add32), ("sub", sub32), ("mul", mul32)];
    let ops64: [(&str, Bin64); 3] = [("add", add64), ("sub", sub64), ("mul", mul64)];
    for (op, f) in ops32 {
        for m in Rnd::ALL {
            s.add(Form::new(
                &format!("{op}.{}.f32 %d0, %a0, %a1;", m.name()),
                &[R::F32],
                &[R::F32, R::F32],
                c32.clone(),
                move |v| vec![wf(f(x32(v[0]), x32(v[1]), m))],
            ));
        }
        // no modifier: round to nearest (PTX may fuse it into an fma, but a lone op is one rounding)
        s.add(Form::new(
            &format!("{op}.f32 %d0, %a0, %a1;"),
            &[R::F32],
            &[R::F32, R::F32],
            c32.clone(),
            move |v| vec![wf(f(x32(v[0]), x32(v[1]), Rnd::N))],
        ));
        // .ftz: subnormal inputs and results become zeros of their sign
        s.add(Form::new(
            &format!("{op}.rz.ftz.f32 %d0, %a0, %a1;"),
            &[R::F32],
            &[R::F32, R::F32],
            c32.clone(),
            move |v| vec![wf(ftz32(f(ftz32(x32(v[0])), ftz32(x32(v[1])), Rnd::Z)))],
        ));
        // .sat: clamped to [0, 1], NaN to +0
        s.add(Form::new(
            &format!("{op}.rn.sat.f32 %d0, %a0, %a1;"),
            &[R::F32],
            &[R::F32, R::F32],
            c32.clone(),
            move |v| vec![sat_want(f(x32(v[0]), x32(v[1]), Rnd::N))],
        ));
    }
    for (op, f) in ops64 {
        for m in Rnd::ALL {
            s.add(Form::new(
                &format!("{op}.{}.f64 %d0, %a0, %a1;", m.name()),
                &[R::F64],
                &[R::F64, R::F64],
                c64.clone(),
                move |v| vec![wd(f(x64(v[0]), x64(v[1]), m))],
            ));
        }
    }
    s.add(Form::new(
        "add.ftz.sat.f32 %d0, %a0, %a1;",
        &[R::F32],
        &[R::F32, R::F32],
        c32.clone(),
        |v| {
            vec![sat_want(ftz32(add32(
                ftz32(x32(v[0])),
                ftz32(x32(v[1])),
                Rnd::N,
            )))]
        },
    ));
    s.run();
}

/// fma inputs of f64 whose products are not tiny (the reference's exact
/// error needs them), but still overflowing, cancelling and subnormal-adding.
fn fma64_edges() -> Vec<u64> {
    f64s(&[
        0.0,
        -0.0,
        1.0,
        -1.0,
        1.5,
        0.1,
        1.0 / 3.0,
        -7.0 / 3.0,
        3.0,
        f64::MAX,
        -1e300,
        1e200,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        9007199254740993.0,
        1e-100,
        -1.0000000000000002,
    ])
}

#[test]
fn fma_and_mad_in_every_rounding_mode() {
    let mut s = Suite::new();
    let mut c32 = fcases(&e32(), r32(3, 100), 3, 3);
    // cancellation: a*b + c close to zero, and exact zeros of both signs
    let mut rng = Rng(33);
    for _ in 0..100 {
        let a = (rng.next() as u32 >> 9) as f32 * 1e-3 + 1.0;
        let b = (rng.next() as u32 >> 9) as f32 * 1e-4 - 500.0;
        c32.push(f32s(&[a, b, -(a * b)]));
        c32.push(f32s(&[a, b, -(a * b).next_up()]));
    }
    c32.push(f32s(&[1.0, -0.0, 0.0]));
    c32.push(f32s(&[-1.0, 0.0, -0.0]));
    c32.push(f32s(&[2.0, 3.0, -6.0]));
    let mut c64 = fcases(&fma64_edges(), r64(4, 100, 400), 3, 4);
    for _ in 0..100 {
        let a = (rng.next() >> 11) as f64 * 1e-9 + 1.0;
        let b = (rng.next() >> 11) as f64 * 1e-12 - 500.0;
        c64.push(f64s(&[a, b, -(a * b)]));
    }
    c64.push(f64s(&[2.0, 3.0, -6.0]));
    c64.push(f64s(&[1.0, -0.0, 0.0]));
    for m in Rnd::ALL {
        s.add(Form::new(
            &format!("fma.{}.f32 %d0, %a0, %a1, %a2;", m.name()),
            &[R::F32],
            &[R::F32; 3],
            c32.clone(),
            move |v| vec![wf(fma32(x32(v[0]), x32(v[1]), x32(v[2]), m))],
        ));
        s.add(Form::new(
            &format!("fma.{}.f64 %d0, %a0, %a1, %a2;", m.name()),
            &[R::F64],
            &[R::F64; 3],
            c64.clone(),
            move |v| vec![wd(fma64(x64(v[0]), x64(v[1]), x64(v[2]), m))],
        ));
    }
    // mad.rn is fma (one rounding)
    s.add(Form::new(
        "mad.rn.f32 %d0, %a0, %a1, %a2;",
        &[R::F32],
        &[R::F32; 3],
        c32.clone(),
        |v| vec![wf(fma32(x32(v[0]), x32(v[1]), x32(v[2]), Rnd::N))],
    ));
    s.add(Form::new(
        "mad.rz.f64 %d0, %a0, %a1, %a2;",
        &[R::F64],
        &[R::F64; 3],
        c64.clone(),
        |v| vec![wd(fma64(x64(v[0]), x64(v[1]), x64(v[2]), Rnd::Z))],
    ));
    s.add(Form::new(
        "fma.rn.ftz.sat.f32 %d0, %a0, %a1, %a2;",
        &[R::F32],
        &[R::F32; 3],
        c32.clone(),
        |v| {
            let (a, b, c) = (ftz32(x32(v[0])), ftz32(x32(v[1])), ftz32(x32(v[2])));
            vec![sat_want(ftz32(fma32(a, b, c, Rnd::N)))]
        },
    ));
    s.add(Form::new(
        "fma.rm.ftz.f32 %d0, %a0, %a1, %a2;",
        &[R::F32],
        &[R::F32; 3],
        c32,
        |v| {
            let (a, b, c) = (ftz32(x32(v[0])), ftz32(x32(v[1])), ftz32(x32(v[2])));
            vec![wf(ftz32(fma32(a, b, c, Rnd::M)))]
        },
    ));
    s.run();
}

#[test]
fn div_rcp_sqrt_in_every_rounding_mode() {
    let mut s = Suite::new();
    let c32 = fcases(&e32(), r32(5, 150), 2, 5);
    let c64 = fcases(&e64(), r64(6, 150, 1000), 2, 6);
    let mut u32c: Vec<Vec<u64>> = e32().into_iter().map(|x| vec![x]).collect();
    u32c.extend(r32(7, 300).into_iter().map(|x| vec![x]));
    let mut u64c: Vec<Vec<u64>> = e64().into_iter().map(|x| vec![x]).collect();
    u64c.extend(r64(8, 300, 1020).into_iter().map(|x| vec![x]));
    // squares and near-squares, whose roots sit on or next to representable values
    for k in 1..60u32 {
        let x = (k * 7919 + 3) as f32;
        u32c.push(f32s(&[x * x]));
        u32c.push(f32s(&[(x * x).next_up()]));
        let y = (k as f64) * 123456789.25;
        u64c.push(f64s(&[y * y]));
        u64c.push(f64s(&[(y * y).next_down()]));
    }
    for m in Rnd::ALL {
        s.add(Form::new(
            &format!("div.{}.f32 %d0, %a0, %a1;", m.name()),
            &[R::F32],
            &[R::F32, R::F32],
            c32.clone(),
            move |v| vec![wf(div32(x32(v[0]), x32(v[1]), m))],
        ));
        s.add(Form::new(
            &format!("div.{}.f64 %d0, %a0, %a1;", m.name()),
            &[R::F64],
            &[R::F64, R::F64],
            c64.clone(),
            move |v| vec![wd(div64(x64(v[0]), x64(v[1]), m))],
        ));
        s.add(Form::new(
            &format!("rcp.{}.f32 %d0, %a0;", m.name()),
            &[R::F32],
            &[R::F32],
            u32c.clone(),
            move |v| vec![wf(div32(1.0, x32(v[0]), m))],
        ));
        s.add(Form::new(
            &format!("rcp.{}.f64 %d0, %a0;", m.name()),
            &[R::F64],
            &[R::F64],
            u64c.clone(),
            move |v| vec![wd(div64(1.0, x64(v[0]), m))],
        ));
        s.add(Form::new(
            &format!("sqrt.{}.f32 %d0, %a0;", m.name()),
            &[R::F32],
            &[R::F32],
            u32c.clone(),
            move |v| vec![wf(sqrt32(x32(v[0]), m))],
        ));
        s.add(Form::new(
            &format!("sqrt.{}.f64 %d0, %a0;", m.name()),
            &[R::F64],
            &[R::F64],
            u64c.clone(),
            move |v| vec![wd(sqrt64(x64(v[0]), m))],
        ));
    }
    s.add(Form::new(
        "div.rn.ftz.f32 %d0, %a0, %a1;",
        &[R::F32],
        &[R::F32, R::F32],
        c32.clone(),
        |v| vec![wf(ftz32(div32(ftz32(x32(v[0])), ftz32(x32(v[1])), Rnd::N)))],
    ));
    s.add(Form::new(
        "sqrt.rn.ftz.f32 %d0, %a0;",
        &[R::F32],
        &[R::F32],
        u32c.clone(),
        |v| vec![wf(ftz32(sqrt32(ftz32(x32(v[0])), Rnd::N)))],
    ));
    s.run();
}

/// The approximate instructions within the PTX ISA's documented error bounds
/// (on inputs where the bound is stated: normal values, in range), and their
/// special values exactly.
#[test]
fn approximate_instructions_within_documented_bounds() {
    let mut s = Suite::new();
    let mut rng = Rng(9);
    // moderate normal inputs of both signs
    let normals: Vec<f32> = rng.floats(400, 100).into_iter().map(|x| x as f32).collect();
    let positive: Vec<f32> = normals.iter().map(|x| x.abs()).collect();
    let specials = [
        0.0f32,
        -0.0,
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::NAN,
        1.0,
        -1.0,
        4.0,
    ];
    let one = |v: &[f32]| -> Vec<Vec<u64>> { v.iter().map(|x| vec![x.to_bits() as u64]).collect() };
    let with_specials = |v: &[f32]| {
        let mut c = one(v);
        c.extend(one(&specials));
        c
    };
    let ramp = |n: usize, step: f32| -> Vec<f32> {
        (0..n).map(|k| (k as f32 - n as f32 / 2.0) * step).collect()
    };
    let (c, cp) = (with_specials(&normals), with_specials(&positive));
    let ce = with_specials(&ramp(300, 0.837)); // ex2: (-126, 126)
    let mut ct = one(&ramp(400, 1.5707)); // sin, cos: [-100 pi, 100 pi]
    ct.extend(one(&[0.0, -0.0, f32::INFINITY, f32::NAN, 1e-20]));
    let mut ch = one(&ramp(300, 0.0731));
    ch.extend(one(&[
        0.0,
        -0.0,
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::NAN,
        1e-30,
        50.0,
    ]));
    // (instruction, inputs, exact function, the bound)
    enum Bound {
        Ulps(f64),
        Rel(f64),
        /// absolute, on top of the result's own rounding
        Abs(f64),
    }
    type F = fn(f64) -> f64;
    let table: [(&str, &Vec<Vec<u64>>, F, Bound); 11] = [
        ("rcp.approx.f32", &c, |a| 1.0 / a, Bound::Ulps(1.0)),
        ("rcp.approx.ftz.f32", &c, |a| 1.0 / a, Bound::Ulps(1.0)),
        (
            "sqrt.approx.f32",
            &cp,
            f64::sqrt,
            Bound::Rel(2f64.powi(-23)),
        ),
        (
            "sqrt.approx.ftz.f32",
            &cp,
            f64::sqrt,
            Bound::Rel(2f64.powi(-23)),
        ),
        (
            "rsqrt.approx.f32",
            &cp,
            |a| 1.0 / a.sqrt(),
            Bound::Rel(2f64.powf(-22.9)),
        ),
        (
            "ex2.approx.f32",
            &ce,
            f64::exp2,
            Bound::Rel(2f64.powf(-22.5)),
        ),
        (
            "ex2.approx.ftz.f32",
            &ce,
            f64::exp2,
            Bound::Rel(2f64.powf(-22.5)),
        ),
        (
            "lg2.approx.f32",
            &cp,
            f64::log2,
            Bound::Abs(2f64.powf(-22.6)),
        ),
        (
            "sin.approx.f32",
            &ct,
            f64::sin,
            Bound::Abs(2f64.powf(-20.5)),
        ),
        (
            "cos.approx.f32",
            &ct,
            f64::cos,
            Bound::Abs(2f64.powf(-20.5)),
        ),
        (
            "tanh.approx.f32",
            &ch,
            f64::tanh,
            Bound::Rel(2f64.powi(-11)),
        ),
    ];
    for (inst, cases, f, bound) in table {
        s.add(Form::new(
            &format!("{inst} %d0, %a0;"),
            &[R::F32],
            &[R::F32],
            cases.clone(),
            move |v| {
                let value = f(x32(v[0]) as f64);
                vec![match bound {
                    Bound::Ulps(ulps) => Want::Ulps { value, ulps },
                    Bound::Rel(rel) => Want::Near {
                        value,
                        rel,
                        abs: 0.0,
                    },
                    Bound::Abs(abs) => {
                        let r = (value as f32).abs();
                        let ulp = (r.next_up() - r) as f64;
                        Want::Near {
                            value,
                            rel: 0.0,
                            abs: abs + ulp,
                        }
                    }
                }]
            },
        ));
    }
    // div.approx.f32 and div.full.f32: at most 2 ulp for divisors in [2^-126, 2^126]
    let mut cd = Vec::new();
    for k in 0..400 {
        let a = normals[k];
        let b = normals[(k * 7 + 3) % normals.len()];
        cd.push(f32s(&[a, b]));
    }
    cd.push(f32s(&[1.0, f32::INFINITY]));
    cd.push(f32s(&[f32::NAN, 2.0]));
    for inst in [
        "div.approx.f32",
        "div.full.f32",
        "div.approx.ftz.f32",
        "div.full.ftz.f32",
    ] {
        s.add(Form::new(
            &format!("{inst} %d0, %a0, %a1;"),
            &[R::F32],
            &[R::F32, R::F32],
            cd.clone(),
            move |v| {
                let ftz = inst.contains(".ftz");
                let (a, b) = (x32(v[0]), x32(v[1]));
                let (a, b) = if ftz { (ftz32(a), ftz32(b)) } else { (a, b) };
                let q = a as f64 / b as f64;
                // past the f32 range the result is the infinity; under .ftz
                // a subnormal result is the zero of its sign
                vec![if (q as f32).is_infinite() {
                    wf(q as f32)
                } else if ftz && (q as f32).abs() < f32::MIN_POSITIVE {
                    wf(0f32.copysign(q as f32))
                } else {
                    Want::Ulps {
                        value: q,
                        ulps: 2.0,
                    }
                }]
            },
        ));
    }
    s.run();
}

/// PTX min/max of floats: a NaN operand yields the other operand, two NaNs a
/// NaN; with `.NaN` any NaN operand yields NaN. +0 and -0 may come out
/// either way.
fn minmax(a: f64, b: f64, min: bool, nan: bool) -> Option<f64> {
    if a.is_nan() && b.is_nan() || nan && (a.is_nan() || b.is_nan()) {
        return None;
    }
    if a.is_nan() {
        return Some(b);
    }
    if b.is_nan() {
        return Some(a);
    }
    Some(if (a < b) == min { a } else { b })
}

#[test]
fn min_max_abs_neg_copysign() {
    let mut s = Suite::new();
    let c32 = fcases(&e32(), r32(10, 50), 2, 10);
    let c64 = fcases(&e64(), r64(11, 50, 1000), 2, 11);
    for (op, min) in [("min", true), ("max", false)] {
        for nan in [false, true] {
            let m = if nan { ".NaN" } else { "" };
            s.add(Form::new(
                &format!("{op}{m}.f32 %d0, %a0, %a1;"),
                &[R::F32],
                &[R::F32, R::F32],
                c32.clone(),
                move |v| {
                    vec![match minmax(x32(v[0]) as f64, x32(v[1]) as f64, min, nan) {
                        None => Want::Nan,
                        Some(x) => any_zero32(x as f32),
                    }]
                },
            ));
        }
        s.add(Form::new(
            &format!("{op}.f64 %d0, %a0, %a1;"),
            &[R::F64],
            &[R::F64, R::F64],
            c64.clone(),
            move |v| {
                vec![match minmax(x64(v[0]), x64(v[1]), min, false) {
                    None => Want::Nan,
                    Some(x) if x == 0.0 => Want::OneOf(vec![0, 1 << 63]),
                    Some(x) => wd(x),
                }]
            },
        ));
        s.add(Form::new(
            &format!("{op}.ftz.f32 %d0, %a0, %a1;"),
            &[R::F32],
            &[R::F32, R::F32],
            c32.clone(),
            move |v| {
                let (a, b) = (ftz32(x32(v[0])) as f64, ftz32(x32(v[1])) as f64);
                vec![match minmax(a, b, min, false) {
                    None => Want::Nan,
                    Some(x) => any_zero32(x as f32),
                }]
            },
        ));
    }
    let mut u32c: Vec<Vec<u64>> = e32().into_iter().map(|x| vec![x]).collect();
    u32c.extend(r32(12, 50).into_iter().map(|x| vec![x]));
    let u64c: Vec<Vec<u64>> = e64().into_iter().map(|x| vec![x]).collect();
    // abs/neg: the sign bit (a NaN stays a NaN)
    let nan_or = |x: f32, bits: u64| {
        if x.is_nan() {
            Want::Nan
        } else {
            Want::Bits(bits)
        }
    };
    s.add(Form::new(
        "abs.f32 %d0, %a0;",
        &[R::F32],
        &[R::F32],
        u32c.clone(),
        move |v| vec![nan_or(x32(v[0]), v[0] & 0x7fff_ffff)],
    ));
    s.add(Form::new(
        "neg.f32 %d0, %a0;",
        &[R::F32],
        &[R::F32],
        u32c.clone(),
        move |v| vec![nan_or(x32(v[0]), v[0] ^ 0x8000_0000)],
    ));
    s.add(Form::new(
        "abs.ftz.f32 %d0, %a0;",
        &[R::F32],
        &[R::F32],
        u32c.clone(),
        move |v| {
            let x = ftz32(x32(v[0]));
            vec![nan_or(x, x.to_bits() as u64 & 0x7fff_ffff)]
        },
    ));
    s.add(Form::new(
        "neg.ftz.f32 %d0, %a0;",
        &[R::F32],
        &[R::F32],
        u32c.clone(),
        move |v| {
            let x = ftz32(x32(v[0]));
            vec![nan_or(x, (x.to_bits() ^ 0x8000_0000) as u64)]
        },
    ));
    s.add(Form::new(
        "abs.f64 %d0, %a0;",
        &[R::F64],
        &[R::F64],
        u64c.clone(),
        |v| {
            vec![if x64(v[0]).is_nan() {
                Want::Nan
            } else {
                Want::Bits(v[0] & !(1 << 63))
            }]
        },
    ));
    s.add(Form::new(
        "neg.f64 %d0, %a0;",
        &[R::F64],
        &[R::F64],
        u64c.clone(),
        |v| {
            vec![if x64(v[0]).is_nan() {
                Want::Nan
            } else {
                Want::Bits(v[0] ^ (1 << 63))
            }]
        },
    ));
    // copysign d, a, b: b with a's sign (bits, NaN payloads included)
    s.add(Form::new(
        "copysign.f32 %d0, %a0, %a1;",
        &[R::F32],
        &[R::F32, R::F32],
        c32,
        |v| vec![Want::Bits((v[1] & 0x7fff_ffff) | (v[0] & 0x8000_0000))],
    ));
    s.add(Form::new(
        "copysign.f64 %d0, %a0, %a1;",
        &[R::F64],
        &[R::F64, R::F64],
        c64,
        |v| vec![Want::Bits((v[1] & !(1 << 63)) | (v[0] & (1 << 63)))],
    ));
    s.run();
}

#[test]
fn float_comparisons_and_class_tests() {
    let mut s = Suite::new();
    let c32 = fcases(&e32(), r32(13, 40), 2, 13);
    let c64 = fcases(&e64(), r64(14, 40, 1000), 2, 14);
    type Cmp = fn(f64, f64) -> bool;
    let un = |a: f64, b: f64| a.is_nan() || b.is_nan();
    let _ = un;
    let cmps: [(&str, Cmp); 16] = [
        ("eq", |a, b| a == b),
        ("ne", |a, b| a != b && !a.is_nan() && !b.is_nan()),
        ("lt", |a, b| a < b),
        ("le", |a, b| a <= b),
        ("gt", |a, b| a > b),
        ("ge", |a, b| a >= b),
        ("equ", |a, b| a == b || a.is_nan() || b.is_nan()),
        ("neu", |a, b| a != b),
        ("ltu", |a, b| !(a >= b)),
        ("leu", |a, b| !(a > b)),
        ("gtu", |a, b| !(a <= b)),
        ("geu", |a, b| !(a < b)),
        ("num", |a, b| !a.is_nan() && !b.is_nan()),
        ("nan", |a, b| a.is_nan() || b.is_nan()),
        // integer spellings are not float comparisons; these two repeat lt/ge on f64 below
        ("lt", |a, b| a < b),
        ("ge", |a, b| a >= b),
    ];
    for (cmp, f) in &cmps[..14] {
        let f = *f;
        s.add(Form::new(
            &format!("setp.{cmp}.f32 %d0, %a0, %a1;"),
            &[R::Pred],
            &[R::F32, R::F32],
            c32.clone(),
            move |v| vec![Want::Bits(f(x32(v[0]) as f64, x32(v[1]) as f64) as u64)],
        ));
    }
    for (cmp, f) in [
        &cmps[0], &cmps[7], &cmps[14], &cmps[15], &cmps[10], &cmps[13],
    ] {
        let f = *f;
        s.add(Form::new(
            &format!("setp.{cmp}.f64 %d0, %a0, %a1;"),
            &[R::Pred],
            &[R::F64, R::F64],
            c64.clone(),
            move |v| vec![Want::Bits(f(x64(v[0]), x64(v[1])) as u64)],
        ));
    }
    // .ftz compares flushed inputs
    s.add(Form::new(
        "setp.eq.ftz.f32 %d0, %a0, %a1;",
        &[R::Pred],
        &[R::F32, R::F32],
        c32.clone(),
        |v| vec![Want::Bits((ftz32(x32(v[0])) == ftz32(x32(v[1]))) as u64)],
    ));
    // p|q: q is the negation of the comparison (true on NaN for ordered ones)
    s.add(Form::new(
        "setp.lt.f32 %d0|%d1, %a0, %a1;",
        &[R::Pred, R::Pred],
        &[R::F32, R::F32],
        c32.clone(),
        |v| {
            let r = x32(v[0]) < x32(v[1]);
            vec![Want::Bits(r as u64), Want::Bits(!r as u64)]
        },
    ));
    // testp
    let mut u32c: Vec<Vec<u64>> = e32().into_iter().map(|x| vec![x]).collect();
    u32c.push(vec![0xff80_0001]); // a negative signalling-pattern NaN
    let u64c: Vec<Vec<u64>> = e64().into_iter().map(|x| vec![x]).collect();
    type Class = fn(f64) -> bool;
    let tests: [(&str, Class); 6] = [
        ("finite", f64::is_finite),
        ("infinite", f64::is_infinite),
        ("number", |x| !x.is_nan()),
        ("notanumber", f64::is_nan),
        // +-0 is normal for testp (PTX ISA, "testp": "As a special case,
        // positive and negative zero are considered normal numbers"; the
        // H100 returns true for them).
        ("normal", |x| x.is_normal() || x == 0.0),
        ("subnormal", |x| x.is_subnormal()),
    ];
    for (t, f) in tests {
        s.add(Form::new(
            &format!("testp.{t}.f32 %d0, %a0;"),
            &[R::Pred],
            &[R::F32],
            u32c.clone(),
            move |v| {
                // classify as f32 (an f32 subnormal is normal as f64)
                let x = x32(v[0]);
                let r = match t {
                    "normal" => x.is_normal() || x == 0.0,
                    "subnormal" => x.is_subnormal(),
                    _ => f(x as f64),
                };
                vec![Want::Bits(r as u64)]
            },
        ));
        s.add(Form::new(
            &format!("testp.{t}.f64 %d0, %a0;"),
            &[R::Pred],
            &[R::F64],
            u64c.clone(),
            move |v| vec![Want::Bits(f(x64(v[0])) as u64)],
        ));
    }
    s.run();
}

/// Round-to-integral, then saturate into `[lo, hi]`; NaN gives 0 (PTX's
/// float-to-integer `cvt`).
fn f2i(x: f64, irnd: &str, lo: i128, hi: i128) -> u64 {
    if x.is_nan() {
        return 0;
    }
    let r = match irnd {
        "rni" => x.round_ties_even(),
        "rzi" => x.trunc(),
        "rmi" => x.floor(),
        _ => x.ceil(),
    };
    let v = if r >= hi as f64 {
        hi
    } else if r <= lo as f64 {
        lo
    } else {
        r as i128
    };
    v as u64
}

#[test]
fn conversions_float_to_integer() {
    let mut s = Suite::new();
    let mut c32: Vec<Vec<u64>> = e32().into_iter().map(|x| vec![x]).collect();
    for x in [
        0.5f32,
        1.5,
        2.5,
        -0.5,
        -1.5,
        -2.5,
        2147483520.0,
        2147483648.0,
        -2147483648.0,
        -2147483904.0,
        4294967040.0,
        4294967296.0,
        65535.5,
        65536.0,
        -0.7,
        0.49999997,
        9.2233715e18,
        1.8446743e19,
    ] {
        c32.push(vec![x.to_bits() as u64]);
    }
    c32.extend(
        Rng(15)
            .floats(200, 40)
            .into_iter()
            .map(|x| vec![(x as f32).to_bits() as u64]),
    );
    let mut c64: Vec<Vec<u64>> = e64().into_iter().map(|x| vec![x]).collect();
    for x in [
        0.5f64,
        1.5,
        2.5,
        -0.5,
        -2.5,
        2147483647.5,
        2147483648.0,
        -2147483648.5,
        4294967295.5,
        9.223372036854776e18,
        -9.223372036854776e18,
        1.8446744073709552e19,
        1.8446744073709550e19,
    ] {
        c64.push(vec![x.to_bits()]);
    }
    c64.extend(r64(16, 200, 70).into_iter().map(|x| vec![x]));
    // (destination type and register, its range, source type): every rounding
    // for the common pairs, one each for the others
    let ints: [(&str, R, i128, i128); 6] = [
        ("s32", R::B32, i32::MIN as i128, i32::MAX as i128),
        ("s64", R::B64, i64::MIN as i128, i64::MAX as i128),
        ("u32", R::B32, 0, u32::MAX as i128),
        ("u64", R::B64, 0, u64::MAX as i128),
        ("u16", R::B16, 0, 0xffff),
        ("s16", R::B16, -32768, 32767),
    ];
    let forms: [(&str, usize, bool); 15] = [
        ("rni", 0, false),
        ("rzi", 0, false),
        ("rmi", 0, false),
        ("rpi", 0, false),
        ("rni", 1, true),
        ("rzi", 1, true),
        ("rmi", 1, true),
        ("rpi", 1, true),
        ("rzi", 2, false),
        ("rni", 3, false),
        ("rzi", 1, false),
        ("rzi", 3, true),
        ("rmi", 0, true),
        ("rpi", 4, false),
        ("rni", 5, false),
    ];
    for (irnd, k, from64) in forms {
        let (ty, r, lo, hi) = ints[k];
        let (src, reg, c) = if from64 {
            ("f64", R::F64, &c64)
        } else {
            ("f32", R::F32, &c32)
        };
        s.add(Form::new(
            &format!("cvt.{irnd}.{ty}.{src} %d0, %a0;"),
            &[r],
            &[reg],
            c.clone(),
            move |v| {
                let x = if from64 { x64(v[0]) } else { x32(v[0]) as f64 };
                vec![Want::Bits(f2i(x, irnd, lo, hi) & r.mask())]
            },
        ));
    }
    // .ftz: a subnormal input is zero first (the integer result is 0 either way)
    s.add(Form::new(
        "cvt.rpi.ftz.s32.f32 %d0, %a0;",
        &[R::B32],
        &[R::F32],
        c32,
        move |v| {
            let x = ftz32(x32(v[0])) as f64;
            vec![Want::Bits(
                f2i(x, "rpi", i32::MIN as i128, i32::MAX as i128) & 0xffff_ffff,
            )]
        },
    ));
    s.run();
}

/// `i` converted to f32 in mode `m`: Rust's `as` rounds to nearest, the sign
/// of the error is an exact integer comparison.
fn i2f32(i: i128, m: Rnd) -> f32 {
    let r = i as f32;
    let s = (i - r as i128).signum() as i32;
    directed32(r, s, m)
}

fn i2f64(i: i128, m: Rnd) -> f64 {
    let r = i as f64;
    let s = (i - r as i128).signum() as i32;
    directed64(r, s, m)
}

#[test]
fn conversions_integer_to_float() {
    let mut s = Suite::new();
    let mut rng = Rng(17);
    let mut c32: Vec<Vec<u64>> = [
        0u64,
        1,
        0xffff_ffff,
        0x7fff_ffff,
        0x8000_0000,
        16777216,
        16777217,
        16777219,
        0x7fff_ff80,
        0x7fff_ffc0,
        0x8000_0001,
        0xff00_0001,
        33554435,
        0xffff_ff7f,
    ]
    .iter()
    .map(|x| vec![*x])
    .collect();
    c32.extend((0..200).map(|_| vec![rng.next() & 0xffff_ffff]));
    c32.extend((0..100).map(|_| vec![rng.next() & 0x1ff_ffff]));
    let mut c64: Vec<Vec<u64>> = [
        0u64,
        1,
        u64::MAX,
        i64::MAX as u64,
        1 << 63,
        (1 << 53) + 1,
        (1 << 53) + 3,
        (1 << 24) + 1,
        0xffff_ffff_ffff_fc00,
        0x7fff_ffff_ffff_fe00,
        0x7fff_ffff_ffff_fdff,
        0xffff_ff80_0000_0001,
    ]
    .iter()
    .map(|x| vec![*x])
    .collect();
    c64.extend((0..200).map(|_| vec![rng.next()]));
    c64.extend((0..100).map(|_| vec![rng.next() >> (rng.next() % 60)]));
    for m in Rnd::ALL {
        let n = m.name();
        s.add(Form::new(
            &format!("cvt.{n}.f32.s32 %d0, %a0;"),
            &[R::F32],
            &[R::B32],
            c32.clone(),
            move |v| vec![wf(i2f32(v[0] as u32 as i32 as i128, m))],
        ));
        s.add(Form::new(
            &format!("cvt.{n}.f32.u32 %d0, %a0;"),
            &[R::F32],
            &[R::B32],
            c32.clone(),
            move |v| vec![wf(i2f32(v[0] as i128, m))],
        ));
        s.add(Form::new(
            &format!("cvt.{n}.f32.u64 %d0, %a0;"),
            &[R::F32],
            &[R::B64],
            c64.clone(),
            move |v| vec![wf(i2f32(v[0] as i128, m))],
        ));
        s.add(Form::new(
            &format!("cvt.{n}.f64.s64 %d0, %a0;"),
            &[R::F64],
            &[R::B64],
            c64.clone(),
            move |v| vec![wd(i2f64(v[0] as i64 as i128, m))],
        ));
    }
    s.add(Form::new(
        "cvt.rn.f64.u64 %d0, %a0;",
        &[R::F64],
        &[R::B64],
        c64.clone(),
        |v| vec![wd(i2f64(v[0] as i128, Rnd::N))],
    ));
    s.add(Form::new(
        "cvt.rn.f32.s64 %d0, %a0;",
        &[R::F32],
        &[R::B64],
        c64,
        |v| vec![wf(i2f32(v[0] as i64 as i128, Rnd::N))],
    ));
    s.add(Form::new(
        "cvt.rn.f64.s32 %d0, %a0;",
        &[R::F64],
        &[R::B32],
        c32.clone(),
        |v| vec![wd(v[0] as u32 as i32 as f64)],
    ));
    s.add(Form::new(
        "cvt.rn.f32.s16 %d0, %a0;",
        &[R::F32],
        &[R::B16],
        c32.iter().map(|c| vec![c[0] & 0xffff]).collect(),
        |v| vec![wf(v[0] as u16 as i16 as f32)],
    ));
    s.run();
}

#[test]
fn conversions_between_floats() {
    let mut s = Suite::new();
    let mut c64: Vec<Vec<u64>> = e64().into_iter().map(|x| vec![x]).collect();
    // f32 midpoints and neighbours, the f32 subnormal range, overflow edges
    for k in 0..100u32 {
        let f = f32::from_bits(0x3f80_0000 + k * 4099 + 1) as f64;
        let half_ulp = (f32::from_bits(0x3f80_0000 + k * 4099 + 1).next_up() as f64 - f) / 2.0;
        c64.push(vec![(f + half_ulp).to_bits()]);
        c64.push(vec![(f + half_ulp).next_up().to_bits()]);
        c64.push(vec![(-(f + half_ulp)).to_bits()]);
    }
    for x in [
        1e-40f64,
        1.5e-45,
        7e-46,
        7.1e-46,
        3.4028235677973366e38,
        3.4028236e38,
        -3.5e38,
        1e-50,
    ] {
        c64.push(vec![x.to_bits()]);
    }
    c64.extend(r64(18, 200, 140).into_iter().map(|x| vec![x]));
    for m in Rnd::ALL {
        s.add(Form::new(
            &format!("cvt.{}.f32.f64 %d0, %a0;", m.name()),
            &[R::F32],
            &[R::F64],
            c64.clone(),
            move |v| {
                let x = x64(v[0]);
                vec![if x.is_nan() {
                    Want::Nan
                } else {
                    Want::Bits(round_to(x, F32, m))
                }]
            },
        ));
    }
    s.add(Form::new(
        "cvt.rn.ftz.f32.f64 %d0, %a0;",
        &[R::F32],
        &[R::F64],
        c64.clone(),
        |v| {
            let x = x64(v[0]);
            vec![if x.is_nan() {
                Want::Nan
            } else {
                wf(ftz32(f32::from_bits(round_to(x, F32, Rnd::N) as u32)))
            }]
        },
    ));
    let mut c32: Vec<Vec<u64>> = e32().into_iter().map(|x| vec![x]).collect();
    for x in [
        0.5f32, 1.5, 2.5, -0.5, -2.5, 0.49999997, -0.3, 8388609.0, 1e-40, 3.5, -1e20,
    ] {
        c32.push(vec![x.to_bits() as u64]);
    }
    c32.extend(r32(19, 200).into_iter().map(|x| vec![x]));
    s.add(Form::new(
        "cvt.f64.f32 %d0, %a0;",
        &[R::F64],
        &[R::F32],
        c32.clone(),
        |v| vec![wd(x32(v[0]) as f64)],
    ));
    s.add(Form::new(
        "cvt.ftz.f64.f32 %d0, %a0;",
        &[R::F64],
        &[R::F32],
        c32.clone(),
        |v| vec![wd(ftz32(x32(v[0])) as f64)],
    ));
    // to integral values in the same type
    type Rf = fn(f32) -> f32;
    let rounds: [(&str, Rf); 4] = [
        ("rni", f32::round_ties_even),
        ("rzi", f32::trunc),
        ("rmi", f32::floor),
        ("rpi", f32::ceil),
    ];
    for (r, f) in rounds {
        s.add(Form::new(
            &format!("cvt.{r}.f32.f32 %d0, %a0;"),
            &[R::F32],
            &[R::F32],
            c32.clone(),
            move |v| vec![wf(f(x32(v[0])))],
        ));
    }
    s.add(Form::new(
        "cvt.rzi.f64.f64 %d0, %a0;",
        &[R::F64],
        &[R::F64],
        c64.clone(),
        |v| vec![wd(x64(v[0]).trunc())],
    ));
    s.add(Form::new(
        "cvt.rni.f64.f64 %d0, %a0;",
        &[R::F64],
        &[R::F64],
        c64,
        |v| vec![wd(x64(v[0]).round_ties_even())],
    ));
    s.add(Form::new(
        "cvt.sat.f32.f32 %d0, %a0;",
        &[R::F32],
        &[R::F32],
        c32.clone(),
        |v| vec![sat_want(x32(v[0]))],
    ));
    s.add(Form::new(
        "cvt.ftz.f32.f32 %d0, %a0;",
        &[R::F32],
        &[R::F32],
        c32.clone(),
        |v| vec![wf(ftz32(x32(v[0])))],
    ));
    s.add(Form::new(
        "cvt.rni.ftz.sat.f32.f32 %d0, %a0;",
        &[R::F32],
        &[R::F32],
        c32,
        |v| vec![sat_want(ftz32(x32(v[0])).round_ties_even())],
    ));
    s.run();
}

/// f16 bits: zeros, ones, subnormals, the normal boundary, the largest
/// value, infinities, NaN, inexact fractions.
const H16: &[u64] = &[
    0x0000, 0x8000, 0x3c00, 0xbc00, 0x3e00, 0x0001, 0x8001, 0x03ff, 0x0400, 0x7bff, 0xfbff, 0x7c00,
    0xfc00, 0x7e00, 0x3555, 0x4900, 0x5640, 0x1400, 0x2e66, 0x3c01, 0xc500,
];

/// bf16 bits likewise.
const B16: &[u64] = &[
    0x0000, 0x8000, 0x3f80, 0xbf80, 0x3fc0, 0x0001, 0x8001, 0x007f, 0x0080, 0x7f7f, 0xff7f, 0x7f80,
    0xff80, 0x7fc0, 0x3eab, 0x4120, 0x42c8, 0x3dcd, 0x3f81, 0x0d00, 0x7000,
];

fn h(b: u64) -> f64 {
    f16_to_f64(b as u16)
}

fn bf(b: u64) -> f64 {
    bf16_to_f64(b as u16)
}

/// A 16-bit result: NaN of the format, or exact bits.
fn w16(bits: u64, f: Fmt) -> Want {
    if is_nan16(bits, f) {
        Want::Nan16(f)
    } else {
        Want::Bits(bits)
    }
}

#[test]
fn half_precision_conversions() {
    let mut s = Suite::new();
    let mut c32: Vec<Vec<u64>> = e32().into_iter().map(|x| vec![x]).collect();
    for x in [
        65504.0f32,
        65519.99,
        65520.0,
        65536.0,
        -65520.0,
        6.1035156e-5,
        6.097555e-5,
        5.9604645e-8,
        2.9802322e-8,
        2.9802326e-8,
        8.940697e-8,
        1.0004883,
        1.0009766,
        1.0014648,
        3.3895314e38,
        3.3961776e38,
        1.00390625,
        1.01171875,
        9.1835e-41,
    ] {
        c32.push(vec![x.to_bits() as u64]);
    }
    c32.extend(
        Rng(20)
            .floats(300, 30)
            .into_iter()
            .map(|x| vec![(x as f32).to_bits() as u64]),
    );
    for m in Rnd::ALL {
        s.add(Form::new(
            &format!("cvt.{}.f16.f32 %d0, %a0;", m.name()),
            &[R::B16],
            &[R::F32],
            c32.clone(),
            move |v| vec![w16(round_to(x32(v[0]) as f64, F16, m), F16)],
        ));
    }
    s.add(Form::new(
        "cvt.rn.bf16.f32 %d0, %a0;",
        &[R::B16],
        &[R::F32],
        c32.clone(),
        |v| vec![w16(round_to(x32(v[0]) as f64, BF16, Rnd::N), BF16)],
    ));
    s.add(Form::new(
        "cvt.rz.bf16.f32 %d0, %a0;",
        &[R::B16],
        &[R::F32],
        c32.clone(),
        |v| vec![w16(round_to(x32(v[0]) as f64, BF16, Rnd::Z), BF16)],
    ));
    // f64 to f16 rounds once: 1 + 2^-11 + 2^-40 is above the midpoint of 1 and 1 + 2^-10
    let mut c64: Vec<Vec<u64>> = e64().into_iter().map(|x| vec![x]).collect();
    for x in [
        1.0 + 2f64.powi(-11) + 2f64.powi(-40),
        1.0 + 2f64.powi(-11),
        65519.999999,
        2f64.powi(-25) + 2f64.powi(-60),
    ] {
        c64.push(vec![x.to_bits()]);
    }
    s.add(Form::new(
        "cvt.rn.f16.f64 %d0, %a0;",
        &[R::B16],
        &[R::F64],
        c64,
        |v| vec![w16(round_to(x64(v[0]), F16, Rnd::N), F16)],
    ));
    let mut hc: Vec<Vec<u64>> = (0..0x10000u64).step_by(97).map(|x| vec![x]).collect();
    hc.extend(H16.iter().map(|x| vec![*x]));
    s.add(Form::new(
        "cvt.f32.f16 %d0, %a0;",
        &[R::F32],
        &[R::B16],
        hc.clone(),
        |v| vec![wf(h(v[0]) as f32)],
    ));
    s.add(Form::new(
        "cvt.f64.f16 %d0, %a0;",
        &[R::F64],
        &[R::B16],
        hc,
        |v| vec![wd(h(v[0]))],
    ));
    let mut bc: Vec<Vec<u64>> = (0..0x10000u64).step_by(89).map(|x| vec![x]).collect();
    bc.extend(B16.iter().map(|x| vec![*x]));
    s.add(Form::new(
        "cvt.f32.bf16 %d0, %a0;",
        &[R::F32],
        &[R::B16],
        bc,
        |v| vec![wf(bf(v[0]) as f32)],
    ));
    // packing: cvt.rn.f16x2.f32 d, a, b puts a in the upper half
    let pc = fcases(&e32(), r32(21, 50), 2, 21);
    s.add(Form::new(
        "cvt.rn.f16x2.f32 %d0, %a0, %a1;",
        &[R::B32],
        &[R::F32, R::F32],
        pc,
        |v| {
            let hi = round_to(x32(v[0]) as f64, F16, Rnd::N);
            let lo = round_to(x32(v[1]) as f64, F16, Rnd::N);
            vec![Want::Bits(hi << 16 | lo)]
        },
    ));
    s.run();
}

#[test]
fn half_precision_arithmetic() {
    let mut s = Suite::new();
    let mut rng = Rng(22);
    let mut hv = H16.to_vec();
    hv.extend((0..40).map(|_| rng.next() & 0xffff));
    let c2 = fcases(H16, (0..60).map(|_| rng.next() & 0xffff).collect(), 2, 22);
    let c3 = fcases(H16, (0..60).map(|_| rng.next() & 0xffff).collect(), 3, 23);
    s.add(Form::new(
        "add.f16 %d0, %a0, %a1;",
        &[R::B16],
        &[R::B16, R::B16],
        c2.clone(),
        |v| vec![w16(add16(h(v[0]), h(v[1]), F16), F16)],
    ));
    s.add(Form::new(
        "sub.rn.f16 %d0, %a0, %a1;",
        &[R::B16],
        &[R::B16, R::B16],
        c2.clone(),
        |v| vec![w16(add16(h(v[0]), -h(v[1]), F16), F16)],
    ));
    s.add(Form::new(
        "mul.f16 %d0, %a0, %a1;",
        &[R::B16],
        &[R::B16, R::B16],
        c2.clone(),
        |v| vec![w16(round_to(h(v[0]) * h(v[1]), F16, Rnd::N), F16)],
    ));
    s.add(Form::new(
        "fma.rn.f16 %d0, %a0, %a1, %a2;",
        &[R::B16],
        &[R::B16; 3],
        c3.clone(),
        |v| vec![w16(fma16(h(v[0]), h(v[1]), h(v[2]), F16), F16)],
    ));
    // .ftz on f16: subnormal f16 inputs and results are zeros of their sign
    let ftz16 = |b: u64| if b & 0x7c00 == 0 { b & 0x8000 } else { b };
    s.add(Form::new(
        "add.ftz.f16 %d0, %a0, %a1;",
        &[R::B16],
        &[R::B16, R::B16],
        c2.clone(),
        move |v| {
            let r = add16(h(ftz16(v[0])), h(ftz16(v[1])), F16);
            vec![w16(ftz16(r), F16)]
        },
    ));
    s.add(Form::new(
        "mul.sat.f16 %d0, %a0, %a1;",
        &[R::B16],
        &[R::B16, R::B16],
        c2.clone(),
        |v| {
            let p = h(v[0]) * h(v[1]);
            let r = f16_to_f64(round_to(p, F16, Rnd::N) as u16);
            let r = if r.is_nan() { 0.0 } else { r.clamp(0.0, 1.0) };
            vec![if r == 0.0 {
                Want::OneOf(vec![0, 0x8000])
            } else {
                Want::Bits(f16(r))
            }]
        },
    ));
    s.add(Form::new(
        "neg.f16 %d0, %a0;",
        &[R::B16],
        &[R::B16],
        hv.iter().map(|x| vec![*x]).collect(),
        |v| vec![w16(v[0] ^ 0x8000, F16)],
    ));
    s.add(Form::new(
        "abs.f16 %d0, %a0;",
        &[R::B16],
        &[R::B16],
        hv.iter().map(|x| vec![*x]).collect(),
        |v| vec![w16(v[0] & 0x7fff, F16)],
    ));
    for (op, min) in [("min", true), ("max", false)] {
        s.add(Form::new(
            &format!("{op}.f16 %d0, %a0, %a1;"),
            &[R::B16],
            &[R::B16, R::B16],
            c2.clone(),
            move |v| {
                vec![match minmax(h(v[0]), h(v[1]), min, false) {
                    None => Want::Nan16(F16),
                    Some(x) if x == 0.0 => Want::OneOf(vec![0, 0x8000]),
                    Some(x) => Want::Bits(f16(x)),
                }]
            },
        ));
    }
    // packed halves: each half on its own
    let mut p2 = Vec::new();
    for _ in 0..300 {
        let pick = |r: &mut Rng| hv[(r.next() % hv.len() as u64) as usize];
        let (a, b, c, d) = (
            pick(&mut rng),
            pick(&mut rng),
            pick(&mut rng),
            pick(&mut rng),
        );
        p2.push(vec![
            a | b << 16,
            c | d << 16,
            pick(&mut rng) | pick(&mut rng) << 16,
        ]);
    }
    let halves = |x: u64| (x & 0xffff, x >> 16);
    let pack = |lo: Want, hi: Want| -> Want {
        match (lo, hi) {
            (Want::Bits(l), Want::Bits(h)) => Want::Bits(l | h << 16),
            (l, h) => Want::Halves(Box::new(l), Box::new(h)),
        }
    };
    s.add(Form::new(
        "add.f16x2 %d0, %a0, %a1;",
        &[R::B32],
        &[R::B32, R::B32],
        p2.iter().map(|c| c[..2].to_vec()).collect(),
        move |v| {
            let ((a0, a1), (b0, b1)) = (halves(v[0]), halves(v[1]));
            vec![pack(
                w16(add16(h(a0), h(b0), F16), F16),
                w16(add16(h(a1), h(b1), F16), F16),
            )]
        },
    ));
    s.add(Form::new(
        "mul.rn.f16x2 %d0, %a0, %a1;",
        &[R::B32],
        &[R::B32, R::B32],
        p2.iter().map(|c| c[..2].to_vec()).collect(),
        move |v| {
            let ((a0, a1), (b0, b1)) = (halves(v[0]), halves(v[1]));
            vec![pack(
                w16(round_to(h(a0) * h(b0), F16, Rnd::N), F16),
                w16(round_to(h(a1) * h(b1), F16, Rnd::N), F16),
            )]
        },
    ));
    s.add(Form::new(
        "fma.rn.f16x2 %d0, %a0, %a1, %a2;",
        &[R::B32],
        &[R::B32; 3],
        p2,
        move |v| {
            let ((a0, a1), (b0, b1), (c0, c1)) = (halves(v[0]), halves(v[1]), halves(v[2]));
            vec![pack(
                w16(fma16(h(a0), h(b0), h(c0), F16), F16),
                w16(fma16(h(a1), h(b1), h(c1), F16), F16),
            )]
        },
    ));
    // bf16
    let b2 = fcases(B16, (0..60).map(|_| rng.next() & 0xffff).collect(), 2, 24);
    let b3 = fcases(B16, (0..60).map(|_| rng.next() & 0xffff).collect(), 3, 25);
    s.add(Form::new(
        "add.rn.bf16 %d0, %a0, %a1;",
        &[R::B16],
        &[R::B16, R::B16],
        b2.clone(),
        |v| vec![w16(add16(bf(v[0]), bf(v[1]), BF16), BF16)],
    ));
    s.add(Form::new(
        "mul.rn.bf16 %d0, %a0, %a1;",
        &[R::B16],
        &[R::B16, R::B16],
        b2,
        |v| vec![w16(round_to(bf(v[0]) * bf(v[1]), BF16, Rnd::N), BF16)],
    ));
    s.add(Form::new(
        "fma.rn.bf16 %d0, %a0, %a1, %a2;",
        &[R::B16],
        &[R::B16; 3],
        b3,
        |v| vec![w16(fma16(bf(v[0]), bf(v[1]), bf(v[2]), BF16), BF16)],
    ));
    s.run();
}
