//! Integer and bit instructions: wrap-around, saturation, the high and wide
//! products, division, shifts at and over the width, bit-field and byte
//! permutation instructions, comparisons, selects and the carry chain. The
//! references follow the PTX ISA's definitions, written here with Rust's
//! integer operations.

use crate::harness::{Form, R, Rng, Suite, Want, picks, product};

const E32: &[u64] = &[
    0,
    1,
    2,
    3,
    7,
    31,
    32,
    33,
    64,
    0x7fff_ffff,
    0x8000_0000,
    0x8000_0001,
    0xffff_ffff,
    0xffff_fffe,
    0x0000_ffff,
    0x0001_0000,
    0x1234_5678,
    0xdead_beef,
    0x00ff_ffff,
    0xff80_0000,
];

const E64: &[u64] = &[
    0,
    1,
    2,
    63,
    64,
    65,
    0x7fff_ffff_ffff_ffff,
    0x8000_0000_0000_0000,
    0x8000_0000_0000_0001,
    0xffff_ffff_ffff_ffff,
    0xffff_ffff_ffff_fffe,
    0xffff_ffff,
    0x1_0000_0000,
    0x1234_5678_9abc_def0,
    0xdead_beef_cafe_babe,
];

const E16: &[u64] = &[
    0, 1, 2, 15, 16, 17, 0x7fff, 0x8000, 0x8001, 0xffff, 0xfffe, 0x00ff, 0x1234,
];

/// Edge pairs plus random ones.
fn cases(edges: &[u64], arity: usize, bits: u32, seed: u64) -> Vec<Vec<u64>> {
    let mut rng = Rng(seed);
    let mut v = if arity <= 2 {
        product(edges, arity)
    } else {
        picks(&mut rng, edges, arity, 400)
    };
    let mut words = edges.to_vec();
    words.extend(rng.words(64, bits));
    v.extend(picks(&mut rng, &words, arity, 96));
    v
}

fn b(x: u64) -> Vec<Want> {
    vec![Want::Bits(x)]
}

fn s32(x: u64) -> i32 {
    x as u32 as i32
}

fn s16(x: u64) -> i16 {
    x as u16 as i16
}

fn u(x: i64) -> u64 {
    x as u64
}

/// `form.type %d0, %a0, %a1` on one register class.
fn bin(s: &mut Suite, inst: &str, r: R, edges: &[u64], f: impl Fn(u64, u64) -> u64 + 'static) {
    let body = format!("{inst} %d0, %a0, %a1;");
    let c = cases(edges, 2, r.bits(), s.forms.len() as u64 + 1);
    s.add(Form::new(&body, &[r], &[r, r], c, move |v| {
        b(f(v[0], v[1]))
    }));
}

fn un(s: &mut Suite, inst: &str, out: R, r: R, edges: &[u64], f: impl Fn(u64) -> u64 + 'static) {
    let body = format!("{inst} %d0, %a0;");
    let mut c = product(edges, 1);
    let mut rng = Rng(s.forms.len() as u64 + 7);
    c.extend(rng.words(200, r.bits()).into_iter().map(|x| vec![x]));
    s.add(Form::new(&body, &[out], &[r], c, move |v| b(f(v[0]))));
}

fn tern(
    s: &mut Suite,
    inst: &str,
    outs: R,
    ins: [R; 3],
    edges: &[u64],
    f: impl Fn(u64, u64, u64) -> u64 + 'static,
) {
    let body = format!("{inst} %d0, %a0, %a1, %a2;");
    let c = cases(edges, 3, 64, s.forms.len() as u64 + 3);
    s.add(Form::new(&body, &[outs], &ins, c, move |v| {
        b(f(v[0], v[1], v[2]))
    }));
}

fn sat_s32(x: i64) -> u64 {
    x.clamp(i32::MIN as i64, i32::MAX as i64) as i32 as u32 as u64
}

#[test]
fn add_sub_wrap_and_saturate() {
    let mut s = Suite::new();
    bin(&mut s, "add.s32", R::B32, E32, |a, b| {
        (a as u32).wrapping_add(b as u32) as u64
    });
    bin(&mut s, "add.u32", R::B32, E32, |a, b| {
        (a as u32).wrapping_add(b as u32) as u64
    });
    bin(&mut s, "add.sat.s32", R::B32, E32, |a, b| {
        sat_s32(s32(a) as i64 + s32(b) as i64)
    });
    bin(&mut s, "add.u64", R::B64, E64, |a, b| a.wrapping_add(b));
    bin(&mut s, "add.s16", R::B16, E16, |a, b| {
        (a as u16).wrapping_add(b as u16) as u64
    });
    bin(&mut s, "sub.s32", R::B32, E32, |a, b| {
        (a as u32).wrapping_sub(b as u32) as u64
    });
    bin(&mut s, "sub.sat.s32", R::B32, E32, |a, b| {
        sat_s32(s32(a) as i64 - s32(b) as i64)
    });
    bin(&mut s, "sub.s64", R::B64, E64, |a, b| a.wrapping_sub(b));
    bin(&mut s, "sub.u16", R::B16, E16, |a, b| {
        (a as u16).wrapping_sub(b as u16) as u64
    });
    s.run();
}

#[test]
fn mul_lo_hi_wide() {
    let mut s = Suite::new();
    bin(&mut s, "mul.lo.s32", R::B32, E32, |a, b| {
        (a as u32).wrapping_mul(b as u32) as u64
    });
    bin(&mut s, "mul.lo.u16", R::B16, E16, |a, b| {
        (a as u16).wrapping_mul(b as u16) as u64
    });
    bin(&mut s, "mul.lo.u64", R::B64, E64, |a, b| a.wrapping_mul(b));
    bin(&mut s, "mul.hi.s32", R::B32, E32, |a, b| {
        ((s32(a) as i64 * s32(b) as i64) >> 32) as u64 & 0xffff_ffff
    });
    bin(&mut s, "mul.hi.u32", R::B32, E32, |a, b| (a * b) >> 32);
    bin(&mut s, "mul.hi.s64", R::B64, E64, |a, b| {
        ((a as i64 as i128 * b as i64 as i128) >> 64) as u64
    });
    bin(&mut s, "mul.hi.u64", R::B64, E64, |a, b| {
        ((a as u128 * b as u128) >> 64) as u64
    });
    bin(&mut s, "mul.hi.u16", R::B16, E16, |a, b| (a * b) >> 16);
    let c = cases(E32, 2, 32, 11);
    s.add(Form::new(
        "mul.wide.s32 %d0, %a0, %a1;",
        &[R::B64],
        &[R::B32, R::B32],
        c.clone(),
        |v| b(u(s32(v[0]) as i64 * s32(v[1]) as i64)),
    ));
    s.add(Form::new(
        "mul.wide.u32 %d0, %a0, %a1;",
        &[R::B64],
        &[R::B32, R::B32],
        c,
        |v| b(v[0] * v[1]),
    ));
    let c = cases(E16, 2, 16, 12);
    s.add(Form::new(
        "mul.wide.s16 %d0, %a0, %a1;",
        &[R::B32],
        &[R::B16, R::B16],
        c.clone(),
        |v| b((s16(v[0]) as i32 * s16(v[1]) as i32) as u32 as u64),
    ));
    s.add(Form::new(
        "mul.wide.u16 %d0, %a0, %a1;",
        &[R::B32],
        &[R::B16, R::B16],
        c,
        |v| b(v[0] * v[1]),
    ));
    s.run();
}

#[test]
fn mad_lo_hi_wide_sat_and_24_bit() {
    let mut s = Suite::new();
    tern(&mut s, "mad.lo.s32", R::B32, [R::B32; 3], E32, |a, b, c| {
        (a as u32).wrapping_mul(b as u32).wrapping_add(c as u32) as u64
    });
    tern(&mut s, "mad.lo.u64", R::B64, [R::B64; 3], E64, |a, b, c| {
        a.wrapping_mul(b).wrapping_add(c)
    });
    tern(&mut s, "mad.hi.u32", R::B32, [R::B32; 3], E32, |a, b, c| {
        ((((a & 0xffff_ffff) * (b & 0xffff_ffff)) >> 32) as u32).wrapping_add(c as u32) as u64
    });
    tern(&mut s, "mad.hi.s32", R::B32, [R::B32; 3], E32, |a, b, c| {
        let h = ((s32(a) as i64 * s32(b) as i64) >> 32) as i32;
        h.wrapping_add(s32(c)) as u32 as u64
    });
    // mad.hi.sat.s32: the high half plus c, saturated to the s32 range
    tern(
        &mut s,
        "mad.hi.sat.s32",
        R::B32,
        [R::B32; 3],
        E32,
        |a, b, c| {
            let h = (s32(a) as i64 * s32(b) as i64) >> 32;
            sat_s32(h + s32(c) as i64)
        },
    );
    tern(
        &mut s,
        "mad.wide.s32",
        R::B64,
        [R::B32, R::B32, R::B64],
        E32,
        |a, b, c| {
            u((s32(a) as i64)
                .wrapping_mul(s32(b) as i64)
                .wrapping_add(c as i64))
        },
    );
    tern(
        &mut s,
        "mad.wide.u32",
        R::B64,
        [R::B32, R::B32, R::B64],
        E32,
        |a, b, c| {
            (a & 0xffff_ffff)
                .wrapping_mul(b & 0xffff_ffff)
                .wrapping_add(c)
        },
    );
    // mul24/mad24: the low 24 bits of each operand (sign-extended for .s32),
    // a 48-bit product; .lo its bits 0..32, .hi its bits 16..48
    fn s24(x: u64) -> i64 {
        ((x as u32) << 8) as i32 as i64 >> 8
    }
    fn u24(x: u64) -> i64 {
        (x & 0xff_ffff) as i64
    }
    bin(&mut s, "mul24.lo.s32", R::B32, E32, |a, b| {
        (s24(a) * s24(b)) as u64 & 0xffff_ffff
    });
    bin(&mut s, "mul24.lo.u32", R::B32, E32, |a, b| {
        (u24(a) * u24(b)) as u64 & 0xffff_ffff
    });
    bin(&mut s, "mul24.hi.s32", R::B32, E32, |a, b| {
        ((s24(a) * s24(b)) >> 16) as u64 & 0xffff_ffff
    });
    bin(&mut s, "mul24.hi.u32", R::B32, E32, |a, b| {
        ((u24(a) * u24(b)) >> 16) as u64 & 0xffff_ffff
    });
    tern(
        &mut s,
        "mad24.lo.u32",
        R::B32,
        [R::B32; 3],
        E32,
        |a, b, c| ((u24(a) * u24(b)) as u32).wrapping_add(c as u32) as u64,
    );
    tern(
        &mut s,
        "mad24.hi.s32",
        R::B32,
        [R::B32; 3],
        E32,
        |a, b, c| (((s24(a) * s24(b)) >> 16) as u32).wrapping_add(c as u32) as u64,
    );
    // sad: c + |a - b|
    tern(&mut s, "sad.s32", R::B32, [R::B32; 3], E32, |a, b, c| {
        let d = (s32(a) as i64 - s32(b) as i64).unsigned_abs() as u32;
        d.wrapping_add(c as u32) as u64
    });
    tern(&mut s, "sad.u32", R::B32, [R::B32; 3], E32, |a, b, c| {
        let (a, b) = (a as u32, b as u32);
        a.abs_diff(b).wrapping_add(c as u32) as u64
    });
    s.run();
}

#[test]
fn div_rem_with_unspecified_cases_running() {
    // PTX leaves a zero divisor's result unspecified (and the s32/s64
    // overflow INT_MIN / -1): those cases must run, with any result
    let mut s = Suite::new();
    let dv32 = |signed: bool, rem: bool| {
        move |a: u64, b: u64| -> Want {
            let (a, b) = (a as u32, b as u32);
            if b == 0 || (signed && a as i32 == i32::MIN && b as i32 == -1) {
                return Want::Any;
            }
            Want::Bits(match (signed, rem) {
                (true, false) => (a as i32 / b as i32) as u32 as u64,
                (true, true) => (a as i32 % b as i32) as u32 as u64,
                (false, false) => (a / b) as u64,
                (false, true) => (a % b) as u64,
            })
        }
    };
    let dv64 = |signed: bool, rem: bool| {
        move |a: u64, b: u64| -> Want {
            if b == 0 || (signed && a as i64 == i64::MIN && b as i64 == -1) {
                return Want::Any;
            }
            Want::Bits(match (signed, rem) {
                (true, false) => (a as i64 / b as i64) as u64,
                (true, true) => (a as i64 % b as i64) as u64,
                (false, false) => a / b,
                (false, true) => a % b,
            })
        }
    };
    for (inst, signed, rem) in [
        ("div.s32", true, false),
        ("div.u32", false, false),
        ("rem.s32", true, true),
        ("rem.u32", false, true),
    ] {
        let f = dv32(signed, rem);
        let c = cases(E32, 2, 32, 21);
        s.add(Form::new(
            &format!("{inst} %d0, %a0, %a1;"),
            &[R::B32],
            &[R::B32, R::B32],
            c,
            move |v| vec![f(v[0], v[1])],
        ));
    }
    for (inst, signed, rem) in [
        ("div.s64", true, false),
        ("div.u64", false, false),
        ("rem.s64", true, true),
        ("rem.u64", false, true),
    ] {
        let f = dv64(signed, rem);
        let c = cases(E64, 2, 64, 22);
        s.add(Form::new(
            &format!("{inst} %d0, %a0, %a1;"),
            &[R::B64],
            &[R::B64, R::B64],
            c,
            move |v| vec![f(v[0], v[1])],
        ));
    }
    // constant divisors (no guard in the lowering)
    let c: Vec<Vec<u64>> = E32.iter().map(|x| vec![*x]).collect();
    s.add(Form::new(
        "div.s32 %d0, %a0, -7;",
        &[R::B32],
        &[R::B32],
        c.clone(),
        |v| b((s32(v[0]) / -7) as u32 as u64),
    ));
    s.add(Form::new(
        "rem.u32 %d0, %a0, 10;",
        &[R::B32],
        &[R::B32],
        c,
        |v| b(v[0] % 10),
    ));
    s.run();
}

#[test]
fn abs_neg_min_max() {
    let mut s = Suite::new();
    un(&mut s, "abs.s32", R::B32, R::B32, E32, |a| {
        s32(a).wrapping_abs() as u32 as u64
    });
    un(&mut s, "abs.s64", R::B64, R::B64, E64, |a| {
        (a as i64).wrapping_abs() as u64
    });
    un(&mut s, "abs.s16", R::B16, R::B16, E16, |a| {
        s16(a).wrapping_abs() as u16 as u64
    });
    un(&mut s, "neg.s32", R::B32, R::B32, E32, |a| {
        s32(a).wrapping_neg() as u32 as u64
    });
    un(&mut s, "neg.s64", R::B64, R::B64, E64, |a| {
        (a as i64).wrapping_neg() as u64
    });
    bin(&mut s, "min.s32", R::B32, E32, |a, b| {
        s32(a).min(s32(b)) as u32 as u64
    });
    bin(&mut s, "min.u32", R::B32, E32, |a, b| a.min(b));
    bin(&mut s, "max.s32", R::B32, E32, |a, b| {
        s32(a).max(s32(b)) as u32 as u64
    });
    bin(&mut s, "max.u32", R::B32, E32, |a, b| a.max(b));
    bin(&mut s, "min.s64", R::B64, E64, |a, b| {
        (a as i64).min(b as i64) as u64
    });
    bin(&mut s, "max.u64", R::B64, E64, |a, b| a.max(b));
    bin(&mut s, "min.s16", R::B16, E16, |a, b| {
        s16(a).min(s16(b)) as u16 as u64
    });
    bin(&mut s, "max.u16", R::B16, E16, |a, b| a.max(b));
    s.run();
}

#[test]
fn logic_on_bits_and_predicates() {
    let mut s = Suite::new();
    bin(&mut s, "and.b32", R::B32, E32, |a, b| a & b);
    bin(&mut s, "or.b32", R::B32, E32, |a, b| a | b);
    bin(&mut s, "xor.b32", R::B32, E32, |a, b| a ^ b);
    bin(&mut s, "and.b64", R::B64, E64, |a, b| a & b);
    bin(&mut s, "xor.b16", R::B16, E16, |a, b| a ^ b);
    un(&mut s, "not.b32", R::B32, R::B32, E32, |a| !a & 0xffff_ffff);
    un(&mut s, "not.b64", R::B64, R::B64, E64, |a| !a);
    un(&mut s, "cnot.b32", R::B32, R::B32, E32, |a| (a == 0) as u64);
    un(&mut s, "cnot.b16", R::B16, R::B16, E16, |a| (a == 0) as u64);
    let p2 = product(&[0, 1], 2);
    for (op, f) in [
        ("and", (|a, b| a & b) as fn(u64, u64) -> u64),
        ("or", |a, b| a | b),
        ("xor", |a, b| a ^ b),
    ] {
        s.add(Form::new(
            &format!("{op}.pred %d0, %a0, %a1;"),
            &[R::Pred],
            &[R::Pred, R::Pred],
            p2.clone(),
            move |v| b(f(v[0], v[1])),
        ));
    }
    s.add(Form::new(
        "not.pred %d0, %a0;",
        &[R::Pred],
        &[R::Pred],
        product(&[0, 1], 1),
        |v| b(1 - v[0]),
    ));
    s.run();
}

const AMOUNTS: &[u64] = &[
    0,
    1,
    2,
    7,
    15,
    16,
    17,
    31,
    32,
    33,
    40,
    63,
    64,
    65,
    127,
    128,
    255,
    256,
    0x7fff_ffff,
    0x8000_0000,
    0xffff_ffff,
];

/// `shl`/`shr` with a register amount (a `.u32`): PTX clamps amounts over
/// the width (0 for shl and shr.u, the sign fill for shr.s).
fn shift(s: &mut Suite, inst: &str, r: R, edges: &[u64], f: impl Fn(u64, u32) -> u64 + 'static) {
    let mut c = Vec::new();
    for a in edges {
        for k in AMOUNTS {
            c.push(vec![*a, *k]);
        }
    }
    s.add(Form::new(
        &format!("{inst} %d0, %a0, %a1;"),
        &[r],
        &[r, R::B32],
        c,
        move |v| b(f(v[0], v[1] as u32)),
    ));
}

#[test]
fn shifts_at_and_over_the_width() {
    let mut s = Suite::new();
    shift(&mut s, "shl.b32", R::B32, E32, |a, k| {
        if k >= 32 { 0 } else { (a << k) & 0xffff_ffff }
    });
    shift(&mut s, "shr.u32", R::B32, E32, |a, k| {
        if k >= 32 { 0 } else { a >> k }
    });
    shift(&mut s, "shr.b32", R::B32, E32, |a, k| {
        if k >= 32 { 0 } else { a >> k }
    });
    shift(&mut s, "shr.s32", R::B32, E32, |a, k| {
        (s32(a) >> k.min(31)) as u32 as u64
    });
    shift(&mut s, "shl.b64", R::B64, E64, |a, k| {
        if k >= 64 { 0 } else { a << k }
    });
    shift(&mut s, "shr.u64", R::B64, E64, |a, k| {
        if k >= 64 { 0 } else { a >> k }
    });
    shift(&mut s, "shr.s64", R::B64, E64, |a, k| {
        ((a as i64) >> k.min(63)) as u64
    });
    shift(&mut s, "shl.b16", R::B16, E16, |a, k| {
        if k >= 16 { 0 } else { (a << k) & 0xffff }
    });
    shift(&mut s, "shr.s16", R::B16, E16, |a, k| {
        (s16(a) >> k.min(15)) as u16 as u64
    });
    // constant amounts at and over the width
    let c: Vec<Vec<u64>> = E32.iter().map(|x| vec![*x]).collect();
    for k in [0u32, 31, 32, 33, 100] {
        s.add(Form::new(
            &format!("shl.b32 %d0, %a0, {k};"),
            &[R::B32],
            &[R::B32],
            c.clone(),
            move |v| {
                b(if k >= 32 {
                    0
                } else {
                    (v[0] << k) & 0xffff_ffff
                })
            },
        ));
        s.add(Form::new(
            &format!("shr.s32 %d0, %a0, {k};"),
            &[R::B32],
            &[R::B32],
            c.clone(),
            move |v| b((s32(v[0]) >> k.min(31)) as u32 as u64),
        ));
        s.add(Form::new(
            &format!("shr.u32 %d0, %a0, {k};"),
            &[R::B32],
            &[R::B32],
            c.clone(),
            move |v| b(if k >= 32 { 0 } else { v[0] >> k }),
        ));
    }
    s.run();
}

#[test]
fn bit_counts_reversal_and_find() {
    let mut s = Suite::new();
    un(&mut s, "popc.b32", R::B32, R::B32, E32, |a| {
        (a as u32).count_ones() as u64
    });
    un(&mut s, "popc.b64", R::B32, R::B64, E64, |a| {
        a.count_ones() as u64
    });
    un(&mut s, "clz.b32", R::B32, R::B32, E32, |a| {
        (a as u32).leading_zeros() as u64
    });
    un(&mut s, "clz.b64", R::B32, R::B64, E64, |a| {
        a.leading_zeros() as u64
    });
    un(&mut s, "brev.b32", R::B32, R::B32, E32, |a| {
        (a as u32).reverse_bits() as u64
    });
    un(&mut s, "brev.b64", R::B64, R::B64, E64, |a| {
        a.reverse_bits()
    });
    // bfind: the position of the most significant non-sign bit, 0xffffffff if none
    fn msb(x: u64, _w: u32) -> u64 {
        // x is zero-extended: the top set bit's position is the same in any width
        if x == 0 {
            0xffff_ffff
        } else {
            (63 - x.leading_zeros()) as u64
        }
    }
    un(&mut s, "bfind.u32", R::B32, R::B32, E32, |a| {
        msb(a & 0xffff_ffff, 32)
    });
    un(&mut s, "bfind.s32", R::B32, R::B32, E32, |a| {
        let x = if s32(a) < 0 { !a & 0xffff_ffff } else { a };
        msb(x, 32)
    });
    un(&mut s, "bfind.u64", R::B32, R::B64, E64, |a| msb(a, 64));
    un(&mut s, "bfind.s64", R::B32, R::B64, E64, |a| {
        msb(if (a as i64) < 0 { !a } else { a }, 64)
    });
    // .shiftamt: the left shift that brings that bit to the top
    un(&mut s, "bfind.shiftamt.u32", R::B32, R::B32, E32, |a| {
        let m = msb(a & 0xffff_ffff, 32);
        if m == 0xffff_ffff { m } else { 31 - m }
    });
    s.run();
}

/// bfe from the PTX ISA: `pos = b & 0xff`, `len = c & 0xff`; bits past the
/// top and beyond `len` are the sign bit `a[min(pos+len-1, msb)]` (0 for
/// unsigned types or len 0).
fn bfe(a: u64, b: u64, c: u64, w: u32, signed: bool) -> u64 {
    let msb = w as u64 - 1;
    let (pos, len) = (b & 0xff, c & 0xff);
    let bit = |i: u64| (a >> i) & 1;
    let sbit = if !signed || len == 0 {
        0
    } else {
        bit((pos + len - 1).min(msb))
    };
    let mut d = 0u64;
    for i in 0..=msb {
        let v = if i < len && pos + i <= msb {
            bit(pos + i)
        } else {
            sbit
        };
        d |= v << i;
    }
    d
}

/// bfi from the PTX ISA: `f = b`, then `len` bits of `a` into `f` from `pos`
/// (both `& 0xff`), stopping at the top.
fn bfi(a: u64, b: u64, c: u64, d: u64, w: u32) -> u64 {
    let msb = w as u64 - 1;
    let (pos, len) = (c & 0xff, d & 0xff);
    let mut f = b;
    let mut i = 0;
    while i < len && pos + i <= msb {
        f = (f & !(1 << (pos + i))) | (((a >> i) & 1) << (pos + i));
        i += 1;
    }
    f
}

const POS: &[u64] = &[
    0, 1, 4, 8, 15, 16, 24, 31, 32, 33, 48, 63, 64, 65, 100, 255, 256, 257, 0x1_0004,
];

#[test]
fn bit_field_extract_and_insert() {
    let mut s = Suite::new();
    let mut rng = Rng(77);
    for (ty, r, w, signed) in [
        ("u32", R::B32, 32, false),
        ("s32", R::B32, 32, true),
        ("u64", R::B64, 64, false),
        ("s64", R::B64, 64, true),
    ] {
        let vals = if w == 32 { E32 } else { E64 };
        let mut c = Vec::new();
        for p in POS {
            for l in POS {
                c.push(vec![
                    vals[(rng.next() % vals.len() as u64) as usize],
                    *p,
                    *l,
                ]);
                c.push(vec![rng.next() & r.mask(), *p, *l]);
            }
        }
        s.add(Form::new(
            &format!("bfe.{ty} %d0, %a0, %a1, %a2;"),
            &[r],
            &[r, R::B32, R::B32],
            c,
            move |v| b(bfe(v[0], v[1], v[2], w, signed)),
        ));
    }
    for (ty, r, w) in [("b32", R::B32, 32), ("b64", R::B64, 64)] {
        let mut c = Vec::new();
        for p in POS {
            for l in POS {
                c.push(vec![rng.next() & r.mask(), rng.next() & r.mask(), *p, *l]);
            }
        }
        s.add(Form::new(
            &format!("bfi.{ty} %d0, %a0, %a1, %a2, %a3;"),
            &[r],
            &[r, r, R::B32, R::B32],
            c,
            move |v| b(bfi(v[0], v[1], v[2], v[3], w)),
        ));
    }
    s.run();
}

/// prmt from the PTX ISA: the eight bytes of `{b, a}` (a is bytes 0-3), each
/// result byte chosen by a selector nibble of `c` (bit 3: replicate the chosen
/// byte's sign bit), or in a mode by the table of `c[1:0]`.
fn prmt(a: u64, b: u64, c: u64, mode: Option<&str>) -> u64 {
    let bytes = ((b & 0xffff_ffff) << 32) | (a & 0xffff_ffff);
    let byte = |i: u64| (bytes >> (8 * (i & 7))) & 0xff;
    let sel: [u64; 4] = match mode {
        None => {
            let mut d = 0;
            for n in 0..4 {
                let nib = (c >> (4 * n)) & 0xf;
                let v = byte(nib & 7);
                let v = if nib & 8 != 0 {
                    if v & 0x80 != 0 { 0xff } else { 0 }
                } else {
                    v
                };
                d |= v << (8 * n);
            }
            return d;
        }
        Some(m) => {
            let s = c & 3;
            // result bytes 0..3
            match m {
                "f4e" => [s, s + 1, s + 2, s + 3],
                "b4e" => [
                    s,
                    s.wrapping_sub(1) & 7,
                    s.wrapping_sub(2) & 7,
                    s.wrapping_sub(3) & 7,
                ],
                "rc8" => [s; 4],
                "ecl" => [s, s.max(1), s.max(2), 3],
                "ecr" => [0, s.min(1), s.min(2), s],
                _ => {
                    let lo = 2 * (s & 1);
                    [lo, lo + 1, lo, lo + 1]
                }
            }
        }
    };
    sel.iter()
        .enumerate()
        .fold(0, |d, (n, i)| d | byte(*i) << (8 * n))
}

#[test]
fn byte_permute_in_every_mode() {
    let mut s = Suite::new();
    let mut rng = Rng(99);
    let mut c = Vec::new();
    for _ in 0..300 {
        c.push(vec![
            rng.next() & 0xffff_ffff,
            rng.next() & 0xffff_ffff,
            rng.next() & 0xffff_ffff,
        ]);
    }
    // sign replication on bytes with and without the top bit
    for sel in [
        0x8888u64,
        0x9abc,
        0xfedc,
        0x3210,
        0x7654,
        0x0000,
        0xffff_ffff,
    ] {
        c.push(vec![0x80ff_7f01, 0x8001_ff7f, sel]);
    }
    s.add(Form::new(
        "prmt.b32 %d0, %a0, %a1, %a2;",
        &[R::B32],
        &[R::B32; 3],
        c.clone(),
        |v| b(prmt(v[0], v[1], v[2], None)),
    ));
    for m in ["f4e", "b4e", "rc8", "ecl", "ecr", "rc16"] {
        s.add(Form::new(
            &format!("prmt.b32.{m} %d0, %a0, %a1, %a2;"),
            &[R::B32],
            &[R::B32; 3],
            c.clone(),
            move |v| b(prmt(v[0], v[1], v[2], Some(m))),
        ));
    }
    s.run();
}

#[test]
fn integer_comparisons_combinations_and_selects() {
    let mut s = Suite::new();
    let c32 = cases(E32, 2, 32, 31);
    type Cmp = fn(u64, u64) -> bool;
    let cmps32: [(&str, Cmp); 14] = [
        ("eq.s32", |a, b| a == b),
        ("ne.s32", |a, b| a != b),
        ("lt.s32", |a, b| s32(a) < s32(b)),
        ("le.s32", |a, b| s32(a) <= s32(b)),
        ("gt.s32", |a, b| s32(a) > s32(b)),
        ("ge.s32", |a, b| s32(a) >= s32(b)),
        ("lt.u32", |a, b| a < b),
        ("le.u32", |a, b| a <= b),
        ("gt.u32", |a, b| a > b),
        ("ge.u32", |a, b| a >= b),
        ("lo.u32", |a, b| a < b),
        ("ls.u32", |a, b| a <= b),
        ("hi.u32", |a, b| a > b),
        ("hs.u32", |a, b| a >= b),
    ];
    for (cmp, f) in cmps32 {
        s.add(Form::new(
            &format!("setp.{cmp} %d0, %a0, %a1;"),
            &[R::Pred],
            &[R::B32, R::B32],
            c32.clone(),
            move |v| b(f(v[0], v[1]) as u64),
        ));
    }
    let c64 = cases(E64, 2, 64, 32);
    s.add(Form::new(
        "setp.lt.s64 %d0, %a0, %a1;",
        &[R::Pred],
        &[R::B64, R::B64],
        c64.clone(),
        |v| b(((v[0] as i64) < (v[1] as i64)) as u64),
    ));
    s.add(Form::new(
        "setp.hi.u64 %d0, %a0, %a1;",
        &[R::Pred],
        &[R::B64, R::B64],
        c64,
        |v| b((v[0] > v[1]) as u64),
    ));
    s.add(Form::new(
        "setp.ge.s16 %d0, %a0, %a1;",
        &[R::Pred],
        &[R::B16, R::B16],
        cases(E16, 2, 16, 33),
        |v| b((s16(v[0]) >= s16(v[1])) as u64),
    ));
    // p|q = (cmp) op c, !(cmp) op c
    let mut cc = Vec::new();
    for v in &c32 {
        for p in [0, 1] {
            cc.push(vec![v[0], v[1], p]);
        }
    }
    for (op, f) in [
        ("and", (|x, y| x & y) as fn(u64, u64) -> u64),
        ("or", |x, y| x | y),
        ("xor", |x, y| x ^ y),
    ] {
        s.add(Form::new(
            &format!("setp.lt.s32.{op} %d0|%d1, %a0, %a1, %a2;"),
            &[R::Pred, R::Pred],
            &[R::B32, R::B32, R::Pred],
            cc.clone(),
            move |v| {
                let r = (s32(v[0]) < s32(v[1])) as u64;
                vec![Want::Bits(f(r, v[2])), Want::Bits(f(1 - r, v[2]))]
            },
        ));
    }
    s.add(Form::new(
        "setp.eq.u32.and %d0, %a0, %a1, !%a2;",
        &[R::Pred],
        &[R::B32, R::B32, R::Pred],
        cc.clone(),
        |v| b(((v[0] == v[1]) as u64) & (1 - v[2])),
    ));
    // set: all ones or zero (integer), 1.0 or 0.0 (float)
    s.add(Form::new(
        "set.lt.u32.s32 %d0, %a0, %a1;",
        &[R::B32],
        &[R::B32, R::B32],
        c32.clone(),
        |v| {
            b(if s32(v[0]) < s32(v[1]) {
                0xffff_ffff
            } else {
                0
            })
        },
    ));
    s.add(Form::new(
        "set.ne.f32.u32 %d0, %a0, %a1;",
        &[R::F32],
        &[R::B32, R::B32],
        c32.clone(),
        |v| {
            b(if v[0] != v[1] {
                1f32.to_bits() as u64
            } else {
                0
            })
        },
    ));
    // selp d, a, b, c: c ? a : b
    let mut sc = Vec::new();
    for v in &c32 {
        sc.push(vec![v[0], v[1], v[0] & 1]);
    }
    s.add(Form::new(
        "selp.b32 %d0, %a0, %a1, %a2;",
        &[R::B32],
        &[R::B32, R::B32, R::Pred],
        sc.clone(),
        |v| b(if v[2] == 1 { v[0] } else { v[1] }),
    ));
    s.add(Form::new(
        "selp.b64 %d0, %a0, %a1, %a2;",
        &[R::B64],
        &[R::B64, R::B64, R::Pred],
        sc.clone(),
        |v| b(if v[2] == 1 { v[0] } else { v[1] }),
    ));
    s.add(Form::new(
        "selp.s32 %d0, %a0, 7, %a1;",
        &[R::B32],
        &[R::B32, R::Pred],
        product(&[5, 0xffff_ffff], 1)
            .into_iter()
            .flat_map(|x| [vec![x[0], 0], vec![x[0], 1]])
            .collect(),
        |v| b(if v[1] == 1 { v[0] } else { 7 }),
    ));
    // slct d, a, b, c: c >= 0 ? a : b (an .f32 c: -0.0 counts as >= 0, NaN picks b)
    let mut slc = Vec::new();
    for c in [0u64, 1, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff, 5] {
        slc.push(vec![0x1111, 0x2222, c]);
    }
    s.add(Form::new(
        "slct.b32.s32 %d0, %a0, %a1, %a2;",
        &[R::B32],
        &[R::B32, R::B32, R::B32],
        slc,
        |v| b(if s32(v[2]) >= 0 { v[0] } else { v[1] }),
    ));
    let mut slf = Vec::new();
    for c in [
        0.0f32,
        -0.0,
        1.0,
        -1.0,
        f32::NAN,
        -f32::NAN,
        f32::INFINITY,
        f32::NEG_INFINITY,
        1e-45,
        -1e-45,
    ] {
        slf.push(vec![0x1111, 0x2222, c.to_bits() as u64]);
    }
    s.add(Form::new(
        "slct.u32.f32 %d0, %a0, %a1, %a2;",
        &[R::B32],
        &[R::B32, R::B32, R::F32],
        slf.clone(),
        |v| {
            let c = f32::from_bits(v[2] as u32);
            b(if c >= 0.0 { v[0] } else { v[1] })
        },
    ));
    s.add(Form::new(
        "slct.ftz.u32.f32 %d0, %a0, %a1, %a2;",
        &[R::B32],
        &[R::B32, R::B32, R::F32],
        slf,
        |v| {
            // .ftz: a subnormal c is a zero of its sign, and -0.0 >= 0
            let c = crate::float::ftz32(f32::from_bits(v[2] as u32));
            b(if c >= 0.0 { v[0] } else { v[1] })
        },
    ));
    s.run();
}

#[test]
fn carry_chains() {
    let mut s = Suite::new();
    let mut rng = Rng(5);
    let mut c = Vec::new();
    for _ in 0..300 {
        let (x, y) = (rng.next(), rng.next());
        c.push(vec![x & 0xffff_ffff, x >> 32, y & 0xffff_ffff, y >> 32]);
    }
    for (x, y) in [
        (u64::MAX, 1u64),
        (0xffff_ffff, 1),
        (0, 0),
        (u64::MAX, u64::MAX),
        (0, 1),
        (1, 2),
    ] {
        c.push(vec![x & 0xffff_ffff, x >> 32, y & 0xffff_ffff, y >> 32]);
    }
    let join = |lo: u64, hi: u64| lo | (hi << 32);
    // a 64-bit add and subtract from 32-bit halves
    s.add(Form::new(
        "add.cc.u32 %d0, %a0, %a2;\naddc.u32 %d1, %a1, %a3;",
        &[R::B32, R::B32],
        &[R::B32; 4],
        c.clone(),
        move |v| {
            let r = join(v[0], v[1]).wrapping_add(join(v[2], v[3]));
            vec![Want::Bits(r & 0xffff_ffff), Want::Bits(r >> 32)]
        },
    ));
    s.add(Form::new(
        "sub.cc.u32 %d0, %a0, %a2;\nsubc.u32 %d1, %a1, %a3;",
        &[R::B32, R::B32],
        &[R::B32; 4],
        c.clone(),
        move |v| {
            let r = join(v[0], v[1]).wrapping_sub(join(v[2], v[3]));
            vec![Want::Bits(r & 0xffff_ffff), Want::Bits(r >> 32)]
        },
    ));
    // the carry out of a 64-bit add, read back through addc of zeros
    s.add(Form::new(
        "add.cc.u32 %d0, %a0, %a2;\naddc.cc.u32 %d1, %a1, %a3;\naddc.u32 %d0, 0, 0;",
        &[R::B32, R::B32],
        &[R::B32; 4],
        c.clone(),
        move |v| {
            let (r, carry) = join(v[0], v[1]).overflowing_add(join(v[2], v[3]));
            vec![Want::Bits(carry as u64), Want::Bits(r >> 32)]
        },
    ));
    // a 32x32 -> 64-bit multiply-add through mad.lo.cc / madc.hi
    s.add(Form::new(
        "mad.lo.cc.u32 %d0, %a0, %a2, %a1;\nmadc.hi.u32 %d1, %a0, %a2, %a3;",
        &[R::B32, R::B32],
        &[R::B32; 4],
        c,
        move |v| {
            let r = (v[0] * v[2]).wrapping_add(join(v[1], v[3]));
            vec![Want::Bits(r & 0xffff_ffff), Want::Bits(r >> 32)]
        },
    ));
    s.run();
}

#[test]
fn integer_conversions_and_saturation() {
    let mut s = Suite::new();
    let c32: Vec<Vec<u64>> = E32.iter().map(|x| vec![*x]).collect();
    let c64: Vec<Vec<u64>> = E64.iter().map(|x| vec![*x]).collect();
    let c16: Vec<Vec<u64>> = E16.iter().map(|x| vec![*x]).collect();
    let conv = |s: &mut Suite, inst: &str, out: R, inp: R, c: &Vec<Vec<u64>>, f: fn(u64) -> u64| {
        s.add(Form::new(
            &format!("{inst} %d0, %a0;"),
            &[out],
            &[inp],
            c.clone(),
            move |v| b(f(v[0])),
        ));
    };
    conv(&mut s, "cvt.s64.s32", R::B64, R::B32, &c32, |a| {
        u(s32(a) as i64)
    });
    conv(&mut s, "cvt.u64.u32", R::B64, R::B32, &c32, |a| a);
    conv(&mut s, "cvt.u32.u64", R::B32, R::B64, &c64, |a| {
        a & 0xffff_ffff
    });
    conv(&mut s, "cvt.s32.s16", R::B32, R::B16, &c16, |a| {
        s16(a) as i32 as u32 as u64
    });
    conv(&mut s, "cvt.u32.u16", R::B32, R::B16, &c16, |a| a);
    // the source register wider than the type: its low bits
    conv(&mut s, "cvt.s32.s8", R::B32, R::B32, &c32, |a| {
        a as u8 as i8 as i32 as u32 as u64
    });
    conv(&mut s, "cvt.u32.u8", R::B32, R::B32, &c32, |a| a & 0xff);
    conv(&mut s, "cvt.s16.s32", R::B16, R::B32, &c32, |a| a & 0xffff);
    // .sat clamps to the destination type's range
    conv(&mut s, "cvt.sat.s16.s32", R::B16, R::B32, &c32, |a| {
        s32(a).clamp(i16::MIN as i32, i16::MAX as i32) as u16 as u64
    });
    conv(&mut s, "cvt.sat.u16.s32", R::B16, R::B32, &c32, |a| {
        s32(a).clamp(0, 0xffff) as u64
    });
    conv(&mut s, "cvt.sat.u32.s32", R::B32, R::B32, &c32, |a| {
        s32(a).max(0) as u64
    });
    conv(&mut s, "cvt.sat.s32.u32", R::B32, R::B32, &c32, |a| {
        a.min(0x7fff_ffff)
    });
    conv(&mut s, "cvt.sat.s32.s64", R::B32, R::B64, &c64, |a| {
        sat_s32(a as i64)
    });
    conv(&mut s, "cvt.sat.u32.u64", R::B32, R::B64, &c64, |a| {
        a.min(0xffff_ffff)
    });
    conv(&mut s, "cvt.sat.u64.s64", R::B64, R::B64, &c64, |a| {
        (a as i64).max(0) as u64
    });
    conv(&mut s, "cvt.sat.s8.s32", R::B32, R::B32, &c32, |a| {
        // an .s8 result in a 32-bit register is sign-extended
        s32(a).clamp(-128, 127) as u32 as u64
    });
    conv(&mut s, "cvt.sat.u8.s16", R::B16, R::B16, &c16, |a| {
        s16(a).clamp(0, 255) as u64
    });
    s.run();
}

#[test]
fn mov_packs_and_unpacks() {
    let mut s = Suite::new();
    let c = cases(E32, 2, 32, 41);
    s.add(Form::new(
        "mov.b64 %d0, {%a0, %a1};",
        &[R::B64],
        &[R::B32, R::B32],
        c.clone(),
        |v| b(v[0] | (v[1] << 32)),
    ));
    let c64: Vec<Vec<u64>> = E64.iter().map(|x| vec![*x]).collect();
    s.add(Form::new(
        "mov.b64 {%d0, %d1}, %a0;",
        &[R::B32, R::B32],
        &[R::B64],
        c64,
        |v| vec![Want::Bits(v[0] & 0xffff_ffff), Want::Bits(v[0] >> 32)],
    ));
    let c16 = cases(E16, 2, 16, 42);
    s.add(Form::new(
        "mov.b32 %d0, {%a0, %a1};",
        &[R::B32],
        &[R::B16, R::B16],
        c16,
        |v| b(v[0] | (v[1] << 16)),
    ));
    let c32: Vec<Vec<u64>> = E32.iter().map(|x| vec![*x]).collect();
    s.add(Form::new(
        "mov.b32 {%d0, %d1}, %a0;",
        &[R::B16, R::B16],
        &[R::B32],
        c32.clone(),
        |v| vec![Want::Bits(v[0] & 0xffff), Want::Bits(v[0] >> 16)],
    ));
    s.add(Form::new(
        "mov.b32 {%d0, _}, %a0;",
        &[R::B16],
        &[R::B32],
        c32.clone(),
        |v| b(v[0] & 0xffff),
    ));
    s.add(Form::new(
        "mov.u32 %d0, 0xdeadbeef;",
        &[R::B32],
        &[R::B32],
        c32.clone(),
        |_| b(0xdead_beef),
    ));
    s.add(Form::new(
        "mov.f32 %d0, 0f3FC00000;",
        &[R::F32],
        &[R::B32],
        c32.clone(),
        |_| b(1.5f32.to_bits() as u64),
    ));
    s.add(Form::new(
        "mov.b32 %d0, 0f7FC00001;",
        &[R::B32],
        &[R::B32],
        c32.clone(),
        |_| b(0x7fc0_0001),
    ));
    s.add(Form::new(
        "mov.f64 %d0, 0d400921FB54442D18;",
        &[R::F64],
        &[R::B32],
        c32,
        |_| b(std::f64::consts::PI.to_bits()),
    ));
    s.run();
}
