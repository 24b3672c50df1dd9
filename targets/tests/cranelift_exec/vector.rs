//! Vectors of 128 bits and the `simd` dialect: every lane of a vector op
//! against the Rust reference of the scalar op, masks, gathers/scatters that
//! leave masked-off lanes alone, reductions, `any`/`all`, unaligned access.

use super::*;

/// `@name(a, b, c, out)`: loads operand `i` as `vector<ty>` from pointer `i`,
/// applies `op`, stores the result to `out` (a mask as lanes of `mask_int` 1/0).
fn vec_op(
    name: &str,
    op: &str,
    props: &str,
    operands: &[&str],
    result: &str,
    mask_int: &str,
) -> String {
    let mut body = String::new();
    let mut names = Vec::new();
    for (i, ty) in operands.iter().enumerate() {
        body += &format!("  %x{i} = \"ptr.load\"(%a{i}) : ({PTR}) -> {ty}\n");
        names.push(format!("%x{i}"));
    }
    body += &format!(
        "  %r = \"{op}\"({}) {props} : ({}) -> {result}\n",
        names.join(", "),
        operands.join(", ")
    );
    let stored = if result.ends_with("xi1>") {
        let n = &result["vector<".len()..result.len() - "xi1>".len()];
        let v = format!("vector<{n}x{mask_int}>");
        body += &format!(
            "  %one = \"arith.constant\"() <{{value = 1 : {mask_int}}}> : () -> {mask_int}\n  %zero = \"arith.constant\"() <{{value = 0 : {mask_int}}}> : () -> {mask_int}\n  %o = \"simd.splat\"(%one) : ({mask_int}) -> {v}\n  %z = \"simd.splat\"(%zero) : ({mask_int}) -> {v}\n  %s = \"simd.select\"(%r, %o, %z) : ({result}, {v}, {v}) -> {v}\n"
        );
        ("%s".to_string(), v)
    } else {
        ("%r".to_string(), result.to_string())
    };
    body += &format!(
        "  \"ptr.store\"({}, %a3) : ({}, {PTR}) -> ()\n  \"func.return\"() : () -> ()",
        stored.0, stored.1
    );
    func(name, &[PTR, PTR, PTR, PTR], &[], &body)
}

type VecFn = extern "C" fn(*const u8, *const u8, *const u8, *mut u8);

/// Run `f` on the lanes `a`, `b` (as raw element arrays); the output lanes.
fn run<T: Copy + Default, R: Copy + Default, const L: usize>(
    f: VecFn,
    a: [T; L],
    b: [T; L],
) -> [R; L] {
    let mut out = [R::default(); L];
    f(
        a.as_ptr().cast(),
        b.as_ptr().cast(),
        a.as_ptr().cast(),
        out.as_mut_ptr().cast(),
    );
    out
}

macro_rules! vector_int_ops_test {
    ($test:ident, $T:ty, $U:ty, $L:literal, $elem:literal, $gen:expr) => {
        #[test]
        fn $test() {
            let ty = format!("vector<{}x{}>", $L, $elem);
            let src: String = INT_OPS
                .iter()
                .map(|op| vec_op(op, &format!("arith.{op}"), "", &[&ty, &ty], &ty, ""))
                .collect();
            let m = jit(&src);
            let reference = int_reference!($T, $U);
            let mut rng = Rng(0x5eed);
            let draw: fn(&mut Rng) -> $T = $gen;
            for op in INT_OPS {
                let f = entry!(m, op, VecFn);
                for _ in 0..N / 4 {
                    let a: [$T; $L] = std::array::from_fn(|_| draw(&mut rng));
                    let mut b: [$T; $L] = std::array::from_fn(|_| draw(&mut rng));
                    b[0] = [0, -1, 3, 0][rng.next() as usize % 4];
                    let got: [$T; $L] = run(f, a, b);
                    let want: [$T; $L] = std::array::from_fn(|i| reference(op, a[i], b[i]));
                    assert_eq!(got, want, "{op}({a:?}, {b:?}) on {ty}");
                }
            }
        }
    };
}

vector_int_ops_test!(vector_int_ops_4xi32, i32, u32, 4, "i32", |r| r.i32());
vector_int_ops_test!(vector_int_ops_2xi64, i64, u64, 2, "i64", |r| r.i64());
vector_int_ops_test!(vector_int_ops_8xi16, i16, u16, 8, "i16", |r| r.i64() as i16);

#[test]
fn vector_float_ops_and_math_match_lanewise() {
    type Ref = fn(f64, f64) -> f64;
    let ops: &[(&str, Ref)] = &[
        ("arith.addf", |a, b| a + b),
        ("arith.subf", |a, b| a - b),
        ("arith.mulf", |a, b| a * b),
        ("arith.divf", |a, b| a / b),
        ("arith.remf", |a, b| a % b),
        ("arith.minnumf", |a, b| a.min(b)),
        ("arith.maxnumf", |a, b| a.max(b)),
        ("math.copysign", |a, b| a.copysign(b)),
    ];
    let unary: &[(&str, Ref)] = &[
        ("arith.negf", |a, _| -a),
        ("math.sqrt", |a, _| a.sqrt()),
        ("math.absf", |a, _| a.abs()),
        ("math.floor", |a, _| a.floor()),
        ("math.ceil", |a, _| a.ceil()),
        ("math.trunc", |a, _| a.trunc()),
    ];
    let mut src = String::new();
    for (i, (op, _)) in ops.iter().chain(unary).enumerate() {
        let n = if i < ops.len() { 2 } else { 1 };
        src += &vec_op(
            &format!("f32_{i}"),
            op,
            "",
            &vec!["vector<4xf32>"; n],
            "vector<4xf32>",
            "",
        );
        src += &vec_op(
            &format!("f64_{i}"),
            op,
            "",
            &vec!["vector<2xf64>"; n],
            "vector<2xf64>",
            "",
        );
    }
    let m = jit(&src);
    let mut rng = Rng(11);
    for (i, (op, reference)) in ops.iter().chain(unary).enumerate() {
        let f32_ = entry!(m, format!("f32_{i}"), VecFn);
        let f64_ = entry!(m, format!("f64_{i}"), VecFn);
        for _ in 0..N / 4 {
            let (a, b): ([f32; 4], [f32; 4]) = (
                std::array::from_fn(|_| rng.f32()),
                std::array::from_fn(|_| rng.f32()),
            );
            let got: [f32; 4] = run(f32_, a, b);
            for l in 0..4 {
                let want = reference(a[l] as f64, b[l] as f64) as f32;
                let want = if *op == "arith.remf" {
                    a[l] % b[l]
                } else {
                    want
                };
                assert!(
                    same32(got[l], want),
                    "{op} f32 lane {l}: {} {} gave {} not {want}",
                    a[l],
                    b[l],
                    got[l]
                );
            }
            let (a, b): ([f64; 2], [f64; 2]) = (
                std::array::from_fn(|_| rng.f64()),
                std::array::from_fn(|_| rng.f64()),
            );
            let got: [f64; 2] = run(f64_, a, b);
            for l in 0..2 {
                let want = reference(a[l], b[l]);
                assert!(
                    same64(got[l], want),
                    "{op} f64 lane {l}: {} {} gave {} not {want}",
                    a[l],
                    b[l],
                    got[l]
                );
            }
        }
    }
}

#[test]
fn vector_compares_give_masks() {
    let mut src = String::new();
    for p in 0..10 {
        let props = format!("<{{predicate = {p} : i64}}>");
        src += &vec_op(
            &format!("cmpi{p}"),
            "arith.cmpi",
            &props,
            &["vector<4xi32>"; 2],
            "vector<4xi1>",
            "i32",
        );
    }
    for p in 0..16 {
        let props = format!("<{{predicate = {p} : i64}}>");
        src += &vec_op(
            &format!("cmpf{p}"),
            "arith.cmpf",
            &props,
            &["vector<4xf32>"; 2],
            "vector<4xi1>",
            "i32",
        );
        src += &vec_op(
            &format!("cmpf{p}_64"),
            "arith.cmpf",
            &props,
            &["vector<2xf64>"; 2],
            "vector<2xi1>",
            "i64",
        );
    }
    let m = jit(&src);
    let mut rng = Rng(12);
    for _ in 0..N / 4 {
        let (a, mut b): ([i32; 4], [i32; 4]) = (
            std::array::from_fn(|_| rng.i32()),
            std::array::from_fn(|_| rng.i32()),
        );
        b[1] = a[1];
        for p in 0..10 {
            let got: [i32; 4] = run(entry!(m, format!("cmpi{p}"), VecFn), a, b);
            let want = std::array::from_fn(|l| {
                let (x, y, ux, uy) = (a[l], b[l], a[l] as u32, b[l] as u32);
                [
                    x == y,
                    x != y,
                    x < y,
                    x <= y,
                    x > y,
                    x >= y,
                    ux < uy,
                    ux <= uy,
                    ux > uy,
                    ux >= uy,
                ][p] as i32
            });
            assert_eq!(got, want, "cmpi {p} {a:?} {b:?}");
        }
        let (a, mut b): ([f64; 2], [f64; 2]) = (
            std::array::from_fn(|_| rng.f64()),
            std::array::from_fn(|_| rng.f64()),
        );
        b[1] = a[1];
        let (a32, b32) = (
            [a[0] as f32, a[1] as f32, b[0] as f32, 1.0],
            [b[0] as f32, b[1] as f32, f32::NAN, 1.0],
        );
        for p in 0..16 {
            let got: [i64; 2] = run(entry!(m, format!("cmpf{p}_64"), VecFn), a, b);
            let want = std::array::from_fn(|l| cmpf_reference(p, a[l], b[l]) as i64);
            assert_eq!(got, want, "cmpf {p} {a:?} {b:?}");
            let got: [i32; 4] = run(entry!(m, format!("cmpf{p}"), VecFn), a32, b32);
            let want =
                std::array::from_fn(|l| cmpf_reference(p, a32[l] as f64, b32[l] as f64) as i32);
            assert_eq!(got, want, "cmpf {p} {a32:?} {b32:?}");
        }
    }
}

#[test]
fn vector_casts_saturate_lanewise() {
    let src = [
        vec_op(
            "sitofp",
            "arith.sitofp",
            "",
            &["vector<4xi32>"],
            "vector<4xf32>",
            "",
        ),
        vec_op(
            "uitofp",
            "arith.uitofp",
            "",
            &["vector<4xi32>"],
            "vector<4xf32>",
            "",
        ),
        vec_op(
            "fptosi",
            "arith.fptosi",
            "",
            &["vector<4xf32>"],
            "vector<4xi32>",
            "",
        ),
        vec_op(
            "fptoui",
            "arith.fptoui",
            "",
            &["vector<4xf32>"],
            "vector<4xi32>",
            "",
        ),
    ]
    .concat();
    let m = jit(&src);
    let mut rng = Rng(13);
    for _ in 0..N / 4 {
        let a: [i32; 4] = std::array::from_fn(|_| rng.i32());
        let got: [f32; 4] = run(entry!(m, "sitofp", VecFn), a, a);
        assert_eq!(got, a.map(|x| x as f32));
        let got: [f32; 4] = run(entry!(m, "uitofp", VecFn), a, a);
        assert_eq!(got, a.map(|x| x as u32 as f32));
        let x: [f32; 4] = std::array::from_fn(|_| rng.f32());
        let got: [i32; 4] = run(entry!(m, "fptosi", VecFn), x, x);
        assert_eq!(got, x.map(|v| v as i32), "{x:?}");
        let got: [u32; 4] = run(entry!(m, "fptoui", VecFn), x, x);
        assert_eq!(got, x.map(|v| v as u32), "{x:?}");
    }
}

/// `@name(base: ptr, offsets: ptr, mask: ptr, out: ptr)` around one simd op on
/// 4 `i32` lanes, `mask` read as 4 `i32` (non-zero = on) and compared to a mask.
fn simd_fn(name: &str, body: &str) -> String {
    let head = format!(
        "  %offs = \"ptr.load\"(%a1) : ({PTR}) -> vector<4xi32>\n  %mi = \"ptr.load\"(%a2) : ({PTR}) -> vector<4xi32>\n  %c0 = \"arith.constant\"() <{{value = 0 : i32}}> : () -> i32\n  %z = \"simd.splat\"(%c0) : (i32) -> vector<4xi32>\n  %mask = \"arith.cmpi\"(%mi, %z) <{{predicate = 1 : i64}}> : (vector<4xi32>, vector<4xi32>) -> vector<4xi1>\n  %ids = \"simd.lane_id\"() : () -> vector<4xi32>\n"
    );
    func(
        name,
        &[PTR, PTR, PTR, PTR],
        &[],
        &format!("{head}{body}\n  \"func.return\"() : () -> ()"),
    )
}

#[test]
fn gather_scatter_touch_only_active_lanes() {
    let src = [
        simd_fn(
            "gather",
            &format!("  %g = \"simd.gather\"(%a0, %offs, %mask, %ids) : ({PTR}, vector<4xi32>, vector<4xi1>, vector<4xi32>) -> vector<4xi32>\n  \"ptr.store\"(%g, %a3) : (vector<4xi32>, {PTR}) -> ()"),
        ),
        simd_fn(
            "scatter",
            &format!("  %v = \"arith.addi\"(%ids, %mi) : (vector<4xi32>, vector<4xi32>) -> vector<4xi32>\n  \"simd.scatter\"(%v, %a0, %offs, %mask) : (vector<4xi32>, {PTR}, vector<4xi32>, vector<4xi1>) -> ()"),
        ),
    ]
    .concat();
    let m = jit(&src);
    let mut rng = Rng(14);
    for _ in 0..N / 4 {
        let mut data: Vec<i32> = (0..64).map(|_| rng.i32()).collect();
        let offs: [i32; 4] = std::array::from_fn(|_| (rng.next() % 64) as i32 * 4);
        // Masked-off lanes point far outside any allocation: touching them faults.
        let mask: [i32; 4] = std::array::from_fn(|_| (rng.next() % 2) as i32 * 7);
        let offs: [i32; 4] = std::array::from_fn(|l| if mask[l] != 0 { offs[l] } else { i32::MIN });
        let mut out = [0i32; 4];
        entry!(m, "gather", VecFn)(
            data.as_ptr().cast(),
            offs.as_ptr().cast(),
            mask.as_ptr().cast(),
            out.as_mut_ptr().cast(),
        );
        let want: [i32; 4] = std::array::from_fn(|l| {
            if mask[l] != 0 {
                data[offs[l] as usize / 4]
            } else {
                l as i32
            }
        });
        assert_eq!(out, want, "gather {offs:?} {mask:?}");
        let mut expect = data.clone();
        for l in 0..4 {
            if mask[l] != 0 {
                expect[offs[l] as usize / 4] = l as i32 + mask[l];
            }
        }
        entry!(m, "scatter", VecFn)(
            data.as_mut_ptr().cast(),
            offs.as_ptr().cast(),
            mask.as_ptr().cast(),
            out.as_mut_ptr().cast(),
        );
        assert_eq!(data, expect, "scatter {offs:?} {mask:?}");
    }
}

#[test]
fn reduce_any_all_extract_insert() {
    let kinds = [
        "add", "mul", "minsi", "maxsi", "minui", "maxui", "and", "or", "xor",
    ];
    let mut body = String::new();
    for (i, k) in kinds.iter().enumerate() {
        body += &format!(
            "  %r{i} = \"simd.reduce\"(%offs) <{{kind = #simd<reduce {k}>}}> : (vector<4xi32>) -> i32\n  %p{i} = \"ptr.ptr_add\"(%a3, %o{i}) : ({PTR}, i64) -> {PTR}\n  \"ptr.store\"(%r{i}, %p{i}) : (i32, {PTR}) -> ()\n"
        );
        body = format!(
            "  %o{i} = \"arith.constant\"() <{{value = {} : i64}}> : () -> i64\n{body}",
            i * 4
        );
    }
    body += &format!(
        "  %any = \"simd.any\"(%mask) : (vector<4xi1>) -> i1\n  %all = \"simd.all\"(%mask) : (vector<4xi1>) -> i1\n  %e = \"simd.extract\"(%mask) <{{lane = 2 : i32}}> : (vector<4xi1>) -> i1\n  %flags = \"simd.insert\"(%z, %c0) <{{lane = 0 : i32}}> : (vector<4xi32>, i32) -> vector<4xi32>\n  %ai = \"arith.extui\"(%any) : (i1) -> i32\n  %li = \"arith.extui\"(%all) : (i1) -> i32\n  %ei = \"arith.extui\"(%e) : (i1) -> i32\n  %f1 = \"simd.insert\"(%flags, %ai) <{{lane = 1 : i32}}> : (vector<4xi32>, i32) -> vector<4xi32>\n  %f2 = \"simd.insert\"(%f1, %li) <{{lane = 2 : i32}}> : (vector<4xi32>, i32) -> vector<4xi32>\n  %f3 = \"simd.insert\"(%f2, %ei) <{{lane = 3 : i32}}> : (vector<4xi32>, i32) -> vector<4xi32>\n  \"ptr.store\"(%f3, %a0) : (vector<4xi32>, {PTR}) -> ()"
    );
    let m = jit(&simd_fn("lanes", &body));
    let mut rng = Rng(15);
    for _ in 0..N / 4 {
        let v: [i32; 4] = std::array::from_fn(|_| rng.i32());
        let mask: [i32; 4] = std::array::from_fn(|_| (rng.next() % 3 != 0) as i32);
        let (mut flags, mut out) = ([9i32; 4], [0i32; 9]);
        entry!(m, "lanes", VecFn)(
            flags.as_mut_ptr().cast(),
            v.as_ptr().cast(),
            mask.as_ptr().cast(),
            out.as_mut_ptr().cast(),
        );
        let fold = |f: fn(i32, i32) -> i32| v.into_iter().reduce(f).unwrap();
        let want = [
            fold(i32::wrapping_add),
            fold(i32::wrapping_mul),
            fold(i32::min),
            fold(i32::max),
            fold(|a, b| (a as u32).min(b as u32) as i32),
            fold(|a, b| (a as u32).max(b as u32) as i32),
            fold(|a, b| a & b),
            fold(|a, b| a | b),
            fold(|a, b| a ^ b),
        ];
        assert_eq!(out, want, "{v:?}");
        let want = [
            0,
            mask.iter().any(|&m| m != 0) as i32,
            mask.iter().all(|&m| m != 0) as i32,
            mask[2],
        ];
        assert_eq!(flags, want, "{mask:?}");
    }
}

#[test]
fn vector_loads_and_stores_are_unaligned_safe() {
    let body = format!(
        "  %v = \"ptr.load\"(%a0) : ({PTR}) -> vector<4xf32>\n  %w = \"arith.addf\"(%v, %v) : (vector<4xf32>, vector<4xf32>) -> vector<4xf32>\n  \"ptr.store\"(%w, %a1) : (vector<4xf32>, {PTR}) -> ()\n  \"func.return\"() : () -> ()"
    );
    let m = jit(&func("double", &[PTR, PTR], &[], &body));
    let f = entry!(m, "double", extern "C" fn(*const u8, *mut u8));
    let src: Vec<f32> = (0..16).map(|i| i as f32).collect();
    for shift in 0..4 {
        let mut dst = vec![0f32; 16];
        let (s, d) = (&src[1..], &mut dst[shift..]);
        f(
            unsafe { s.as_ptr().cast::<u8>().add(1) }.cast(),
            d.as_mut_ptr().cast(),
        );
        let bytes: Vec<u8> = src.iter().flat_map(|x| x.to_ne_bytes()).collect();
        let want: Vec<f32> = (0..4)
            .map(|l| 2.0 * f32::from_ne_bytes(bytes[5 + 4 * l..9 + 4 * l].try_into().unwrap()))
            .collect();
        assert_eq!(&dst[shift..shift + 4], &want[..]);
    }
}
