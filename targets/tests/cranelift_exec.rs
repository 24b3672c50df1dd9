//! Execution tests of the Cranelift target: MLIR text is parsed, JIT-compiled,
//! called through `extern "C" fn` pointers on many pseudo-random inputs, and
//! compared with the same computation written in Rust.

use cuwasm::Context;
use cuwasm_targets::cranelift::{JitModule, JitOptions, compile, emit_clif};
use std::mem::transmute;

// ---- harness -------------------------------------------------------------------------

const PTR: &str = "!ptr.ptr<#ptr.generic_space>";

/// A function `@name(%a0: params[0], ...) -> results` whose body is `body`
/// (which ends with its own `func.return`).
fn func(name: &str, params: &[&str], results: &[&str], body: &str) -> String {
    let args: Vec<String> = params
        .iter()
        .enumerate()
        .map(|(i, t)| format!("%a{i}: {t}"))
        .collect();
    format!(
        "\"func.func\"() <{{function_type = ({}) -> ({}), sym_name = \"{name}\"}}> ({{\n^bb0({}):\n{body}\n}}) : () -> ()\n",
        params.join(", "),
        results.join(", "),
        args.join(", ")
    )
}

/// A bodiless declaration `@name`, an import.
fn import(name: &str, params: &[&str], results: &[&str]) -> String {
    format!(
        "\"func.func\"() <{{function_type = ({}) -> ({}), sym_name = \"{name}\", sym_visibility = \"private\"}}> ({{\n}}) : () -> ()\n",
        params.join(", "),
        results.join(", ")
    )
}

/// A function computing one op of `args` operands: `@name(a0, ..) -> ty`.
fn one_op(name: &str, op: &str, props: &str, params: &[&str], ty: &str) -> String {
    let operands: Vec<String> = (0..params.len()).map(|i| format!("%a{i}")).collect();
    let body = format!(
        "  %r = \"{op}\"({}) {props} : ({}) -> {ty}\n  \"func.return\"(%r) : ({ty}) -> ()",
        operands.join(", "),
        params.join(", ")
    );
    func(name, params, &[ty], &body)
}

fn parse(src: &str) -> (Context, cuwasm::OpId) {
    let mut ctx = Context::new();
    cuwasm_dialects::register_all(&mut ctx);
    let module = cuwasm::parse_module(&mut ctx, "test.mlir", std::sync::Arc::<str>::from(src))
        .unwrap_or_else(|d| panic!("{}", ctx.render_diagnostic(&d)));
    if let Err(d) = ctx.verify(module) {
        panic!("{}", ctx.render_diagnostic(&d));
    }
    (ctx, module)
}

fn try_jit(src: &str, opts: &JitOptions) -> Result<JitModule, String> {
    let (ctx, module) = parse(src);
    compile(&ctx, module, opts).map_err(|d| ctx.render_diagnostic(&d))
}

fn jit(src: &str) -> JitModule {
    try_jit(src, &JitOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// The entry of `name` as a function pointer of type `F`.
macro_rules! entry {
    ($m:expr, $name:expr, $F:ty) => {{
        let p = $m
            .function(&$name)
            .unwrap_or_else(|| panic!("no function {}", $name));
        unsafe { transmute::<*const u8, $F>(p) }
    }};
}

/// xorshift64*, with a bias towards the edge values that break code.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn i64(&mut self) -> i64 {
        const EDGES: [i64; 8] = [0, 1, -1, 2, i64::MIN, i64::MAX, 7, -8];
        match self.next() % 4 {
            0 => EDGES[(self.next() % 8) as usize],
            1 => (self.next() % 64) as i64 - 32,
            _ => self.next() as i64,
        }
    }
    fn i32(&mut self) -> i32 {
        match self.next() % 4 {
            0 => [i32::MIN, i32::MAX, 0, -1][(self.next() % 4) as usize],
            _ => self.i64() as i32,
        }
    }
    fn f64(&mut self) -> f64 {
        const EDGES: [f64; 10] = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            0.5,
            1e300,
            -2.5,
        ];
        match self.next() % 4 {
            0 => EDGES[(self.next() % 10) as usize],
            1 => (self.next() % 2001) as f64 / 100.0 - 10.0,
            _ => f64::from_bits(self.next()),
        }
    }
    fn f32(&mut self) -> f32 {
        match self.next() % 3 {
            0 => f32::from_bits(self.next() as u32),
            _ => self.f64() as f32,
        }
    }
}

/// Equal, or both NaN.
fn same64(a: f64, b: f64) -> bool {
    a == b || (a.is_nan() && b.is_nan())
}
fn same32(a: f32, b: f32) -> bool {
    a == b || (a.is_nan() && b.is_nan())
}

const N: usize = 2000;

// ---- integer arithmetic ------------------------------------------------------------------

const INT_OPS: &[&str] = &[
    "addi",
    "subi",
    "muli",
    "andi",
    "ori",
    "xori",
    "shli",
    "shrsi",
    "shrui",
    "maxsi",
    "minsi",
    "maxui",
    "minui",
    "divsi",
    "divui",
    "remsi",
    "remui",
    "ceildivsi",
    "ceildivui",
    "floordivsi",
];

/// Floor and ceiling of `a / b` from Euclidean division (b != 0), in i128.
fn floor_div(a: i128, b: i128) -> i128 {
    if b > 0 {
        a.div_euclid(b)
    } else {
        (-a).div_euclid(-b)
    }
}
fn ceil_div(a: i128, b: i128) -> i128 {
    -floor_div(-a, b)
}

/// The reference of `arith.<op>` on `$T` (unsigned twin `$U`), with the
/// target's documented results for a zero divisor and `MIN / -1`.
macro_rules! int_reference {
    ($T:ty, $U:ty) => {
        |op: &str, a: $T, b: $T| -> $T {
            let (ua, ub) = (a as $U, b as $U);
            let bits = <$T>::BITS;
            match op {
                "addi" => a.wrapping_add(b),
                "subi" => a.wrapping_sub(b),
                "muli" => a.wrapping_mul(b),
                "andi" => a & b,
                "ori" => a | b,
                "xori" => a ^ b,
                "shli" => a.wrapping_shl(b as u32 % bits),
                "shrsi" => a.wrapping_shr(b as u32 % bits),
                "shrui" => ua.wrapping_shr(b as u32 % bits) as $T,
                "maxsi" => a.max(b),
                "minsi" => a.min(b),
                "maxui" => ua.max(ub) as $T,
                "minui" => ua.min(ub) as $T,
                "divsi" | "ceildivsi" | "floordivsi" if b == 0 => a,
                "divsi" | "ceildivsi" | "floordivsi" if b == -1 => a.wrapping_neg(),
                "divsi" => a / b,
                "ceildivsi" => ceil_div(a as i128, b as i128) as $T,
                "floordivsi" => floor_div(a as i128, b as i128) as $T,
                "remsi" if b == 0 || b == -1 => 0,
                "remsi" => a % b,
                "divui" | "ceildivui" if b == 0 => a,
                "divui" => (ua / ub) as $T,
                "ceildivui" => ua.div_ceil(ub) as $T,
                "remui" if b == 0 => 0,
                "remui" => (ua % ub) as $T,
                _ => unreachable!("{op}"),
            }
        }
    };
}

macro_rules! int_ops_test {
    ($test:ident, $T:ty, $U:ty, $mlir:literal, $gen:expr) => {
        #[test]
        fn $test() {
            let src: String = INT_OPS
                .iter()
                .map(|op| one_op(op, &format!("arith.{op}"), "", &[$mlir, $mlir], $mlir))
                .collect();
            let m = jit(&src);
            let reference = int_reference!($T, $U);
            let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
            for op in INT_OPS {
                let f = entry!(m, op, extern "C" fn($T, $T) -> $T);
                for _ in 0..N {
                    let draw: fn(&mut Rng) -> $T = $gen;
                    let (a, b) = (draw(&mut rng), draw(&mut rng));
                    assert_eq!(f(a, b), reference(op, a, b), "{op}({a}, {b}) on {}", $mlir);
                }
                // The edge cases every division must survive without trapping.
                for (a, b) in [
                    (<$T>::MIN, -1),
                    (<$T>::MIN, 0),
                    (5, 0),
                    (0, 0),
                    (-7, 2),
                    (7, -2),
                ] {
                    assert_eq!(f(a, b), reference(op, a, b), "{op}({a}, {b}) on {}", $mlir);
                }
            }
        }
    };
}

int_ops_test!(int_ops_i64, i64, u64, "i64", |r| r.i64());
int_ops_test!(int_ops_i32, i32, u32, "i32", |r| r.i32());
int_ops_test!(int_ops_i16, i16, u16, "i16", |r| r.i64() as i16);
int_ops_test!(int_ops_i8, i8, u8, "i8", |r| r.i64() as i8);

#[test]
fn division_by_safe_constants_is_unguarded_and_correct() {
    // A constant divisor that is neither 0 nor -1 needs no guard: the CLIF has
    // no select, and the results are plain division.
    let body = "  %c = \"arith.constant\"() <{value = 7 : i32}> : () -> i32\n  %r = \"arith.divsi\"(%a0, %c) : (i32, i32) -> i32\n  \"func.return\"(%r) : (i32) -> ()";
    let src = func("div7", &["i32"], &["i32"], body);
    let (ctx, module) = parse(&src);
    let clif = emit_clif(&ctx, module, &JitOptions::default()).unwrap();
    assert!(clif.contains("sdiv") && !clif.contains("select"), "{clif}");
    let m = jit(&src);
    let f = entry!(m, "div7", extern "C" fn(i32) -> i32);
    let mut rng = Rng(3);
    for _ in 0..N {
        let a = rng.i32();
        assert_eq!(f(a), a / 7);
    }
}

#[test]
fn extended_arithmetic() {
    // Each op's two results are packed into one i64 by a caller in MLIR, so
    // that Rust reads both through one C return value.
    let src: String = [("addui_extended", "i1"), ("mului_extended", "i32"), ("mulsi_extended", "i32")]
        .iter()
        .map(|(op, second)| {
            let callee = format!(
                "  %r:2 = \"arith.{op}\"(%a0, %a1) : (i32, i32) -> (i32, {second})\n  \"func.return\"(%r#0, %r#1) : (i32, {second}) -> ()"
            );
            let packer = format!(
                "  %r:2 = \"func.call\"(%a0, %a1) <{{callee = @{op}}}> : (i32, i32) -> (i32, {second})\n  %lo = \"arith.extui\"(%r#0) : (i32) -> i64\n  %hi0 = \"arith.extui\"(%r#1) : ({second}) -> i64\n  %c32 = \"arith.constant\"() <{{value = 32 : i64}}> : () -> i64\n  %hi = \"arith.shli\"(%hi0, %c32) : (i64, i64) -> i64\n  %p = \"arith.ori\"(%lo, %hi) : (i64, i64) -> i64\n  \"func.return\"(%p) : (i64) -> ()"
            );
            func(op, &["i32", "i32"], &["i32", second], &callee)
                + &func(&format!("{op}_packed"), &["i32", "i32"], &["i64"], &packer)
        })
        .collect();
    let m = jit(&src);
    let add = entry!(m, "addui_extended_packed", extern "C" fn(i32, i32) -> i64);
    let mulu = entry!(m, "mului_extended_packed", extern "C" fn(i32, i32) -> i64);
    let muls = entry!(m, "mulsi_extended_packed", extern "C" fn(i32, i32) -> i64);
    let mut rng = Rng(11);
    for _ in 0..N {
        let (a, b) = (rng.i32(), rng.i32());
        let (ua, ub) = (a as u32, b as u32);
        let (sum, carry) = ua.overflowing_add(ub);
        assert_eq!(
            add(a, b) as u64,
            sum as u64 | (carry as u64) << 32,
            "addui_extended({a}, {b})"
        );
        assert_eq!(
            mulu(a, b) as u64,
            ua as u64 * ub as u64,
            "mului_extended({a}, {b})"
        );
        assert_eq!(muls(a, b), a as i64 * b as i64, "mulsi_extended({a}, {b})");
    }
}

// ---- comparisons ------------------------------------------------------------------------

#[test]
fn cmpi_all_predicates() {
    let names = [
        "eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge",
    ];
    let src: String = (0..10)
        .flat_map(|p| {
            let props = format!("<{{predicate = {p} : i64}}>");
            [
                one_op(
                    &format!("cmpi{p}_i32"),
                    "arith.cmpi",
                    &props,
                    &["i32", "i32"],
                    "i1",
                ),
                one_op(
                    &format!("cmpi{p}_i64"),
                    "arith.cmpi",
                    &props,
                    &["i64", "i64"],
                    "i1",
                ),
                one_op(
                    &format!("cmpi{p}_i1"),
                    "arith.cmpi",
                    &props,
                    &["i1", "i1"],
                    "i1",
                ),
            ]
        })
        .collect();
    let m = jit(&src);
    fn reference(p: usize, a: i64, b: i64, ua: u64, ub: u64) -> bool {
        [
            a == b,
            a != b,
            a < b,
            a <= b,
            a > b,
            a >= b,
            ua < ub,
            ua <= ub,
            ua > ub,
            ua >= ub,
        ][p]
    }
    let mut rng = Rng(5);
    for (p, name) in names.iter().enumerate() {
        let f32_ = entry!(m, format!("cmpi{p}_i32"), extern "C" fn(i32, i32) -> bool);
        let f64_ = entry!(m, format!("cmpi{p}_i64"), extern "C" fn(i64, i64) -> bool);
        let f1 = entry!(m, format!("cmpi{p}_i1"), extern "C" fn(bool, bool) -> bool);
        for _ in 0..N {
            let (a, b) = (rng.i32(), rng.i32());
            assert_eq!(
                f32_(a, b),
                reference(p, a as i64, b as i64, a as u32 as u64, b as u32 as u64),
                "{name} {a} {b}"
            );
            let (a, b) = (rng.i64(), rng.i64());
            assert_eq!(
                f64_(a, b),
                reference(p, a, b, a as u64, b as u64),
                "{name} {a} {b}"
            );
        }
        // i1: true is -1 when signed, 1 when unsigned.
        for (a, b) in [(false, false), (false, true), (true, false), (true, true)] {
            let want = reference(p, -(a as i64), -(b as i64), a as u64, b as u64);
            assert_eq!(f1(a, b), want, "{name} on i1 {a} {b}");
        }
    }
}

/// `cmpf` predicate `p` (0..=15, MLIR's order) of `a` and `b`.
fn cmpf_reference(p: usize, a: f64, b: f64) -> bool {
    let uno = a.is_nan() || b.is_nan();
    [
        false,
        a == b,
        a > b,
        a >= b,
        a < b,
        a <= b,
        a < b || a > b,
        !uno,
        uno || a == b,
        uno || a > b,
        uno || a >= b,
        uno || a < b,
        uno || a <= b,
        a != b,
        uno,
        true,
    ][p]
}

#[test]
fn cmpf_all_predicates_with_nan() {
    let src: String = (0..16)
        .flat_map(|p| {
            let props = format!("<{{predicate = {p} : i64}}>");
            [
                one_op(
                    &format!("cmpf{p}_f32"),
                    "arith.cmpf",
                    &props,
                    &["f32", "f32"],
                    "i1",
                ),
                one_op(
                    &format!("cmpf{p}_f64"),
                    "arith.cmpf",
                    &props,
                    &["f64", "f64"],
                    "i1",
                ),
            ]
        })
        .collect();
    let m = jit(&src);
    let mut rng = Rng(6);
    for p in 0..16 {
        let f32_ = entry!(m, format!("cmpf{p}_f32"), extern "C" fn(f32, f32) -> bool);
        let f64_ = entry!(m, format!("cmpf{p}_f64"), extern "C" fn(f64, f64) -> bool);
        for i in 0..N {
            let (a, b) = (rng.f64(), if i % 5 == 0 { f64::NAN } else { rng.f64() });
            let b = if i % 7 == 0 { a } else { b };
            assert_eq!(
                f64_(a, b),
                cmpf_reference(p, a, b),
                "predicate {p}: {a} {b}"
            );
            let (a, b) = (a as f32, b as f32);
            assert_eq!(
                f32_(a, b),
                cmpf_reference(p, a as f64, b as f64),
                "predicate {p}: {a} {b}"
            );
        }
    }
}

#[test]
fn select_picks_by_condition() {
    let m = jit(&one_op(
        "sel",
        "arith.select",
        "",
        &["i1", "i64", "i64"],
        "i64",
    ));
    let f = entry!(m, "sel", extern "C" fn(bool, i64, i64) -> i64);
    let mut rng = Rng(8);
    for _ in 0..N {
        let (c, a, b) = (rng.next() % 2 == 0, rng.i64(), rng.i64());
        assert_eq!(f(c, a, b), if c { a } else { b });
    }
}

// ---- casts -----------------------------------------------------------------------------

#[test]
fn integer_casts() {
    let casts = [
        ("extsi_8_32", "arith.extsi", "i8", "i32"),
        ("extsi_32_64", "arith.extsi", "i32", "i64"),
        ("extsi_1_32", "arith.extsi", "i1", "i32"),
        ("extui_8_32", "arith.extui", "i8", "i32"),
        ("extui_32_64", "arith.extui", "i32", "i64"),
        ("extui_1_64", "arith.extui", "i1", "i64"),
        ("trunci_64_32", "arith.trunci", "i64", "i32"),
        ("trunci_32_8", "arith.trunci", "i32", "i8"),
        ("trunci_32_1", "arith.trunci", "i32", "i1"),
        ("index_cast_32", "arith.index_cast", "i32", "index"),
        ("index_cast_to_16", "arith.index_cast", "index", "i16"),
        ("index_castui_32", "arith.index_castui", "i32", "index"),
        ("bitcast_f32", "arith.bitcast", "f32", "i32"),
        ("bitcast_i64", "arith.bitcast", "i64", "f64"),
    ];
    let src: String = casts
        .iter()
        .map(|(n, op, a, b)| one_op(n, op, "", &[a], b))
        .collect();
    let m = jit(&src);
    let mut rng = Rng(9);
    for _ in 0..N {
        let (x, y) = (rng.i64(), rng.i32());
        let b = x & 1 == 1;
        assert_eq!(
            entry!(m, "extsi_8_32", extern "C" fn(i8) -> i32)(x as i8),
            x as i8 as i32
        );
        assert_eq!(
            entry!(m, "extsi_32_64", extern "C" fn(i32) -> i64)(y),
            y as i64
        );
        assert_eq!(
            entry!(m, "extsi_1_32", extern "C" fn(bool) -> i32)(b),
            -(b as i32)
        );
        assert_eq!(
            entry!(m, "extui_8_32", extern "C" fn(i8) -> i32)(x as i8),
            x as u8 as i32
        );
        assert_eq!(
            entry!(m, "extui_32_64", extern "C" fn(i32) -> i64)(y),
            y as u32 as i64
        );
        assert_eq!(
            entry!(m, "extui_1_64", extern "C" fn(bool) -> i64)(b),
            b as i64
        );
        assert_eq!(
            entry!(m, "trunci_64_32", extern "C" fn(i64) -> i32)(x),
            x as i32
        );
        assert_eq!(
            entry!(m, "trunci_32_8", extern "C" fn(i32) -> i8)(y),
            y as i8
        );
        assert_eq!(
            entry!(m, "trunci_32_1", extern "C" fn(i32) -> bool)(y),
            y & 1 == 1
        );
        assert_eq!(
            entry!(m, "index_cast_32", extern "C" fn(i32) -> i64)(y),
            y as i64
        );
        assert_eq!(
            entry!(m, "index_cast_to_16", extern "C" fn(i64) -> i16)(x),
            x as i16
        );
        assert_eq!(
            entry!(m, "index_castui_32", extern "C" fn(i32) -> i64)(y),
            y as u32 as i64
        );
        let f = rng.f32();
        assert_eq!(
            entry!(m, "bitcast_f32", extern "C" fn(f32) -> i32)(f),
            f.to_bits() as i32
        );
        let got = entry!(m, "bitcast_i64", extern "C" fn(i64) -> f64)(x);
        assert_eq!(got.to_bits(), x as u64);
    }
}

#[test]
fn float_casts_saturate() {
    let casts = [
        ("sitofp_32", "arith.sitofp", "i32", "f32"),
        ("sitofp_64", "arith.sitofp", "i64", "f64"),
        ("sitofp_8", "arith.sitofp", "i8", "f32"),
        ("uitofp_32", "arith.uitofp", "i32", "f32"),
        ("uitofp_64", "arith.uitofp", "i64", "f64"),
        ("uitofp_16", "arith.uitofp", "i16", "f64"),
        ("fptosi_32", "arith.fptosi", "f32", "i32"),
        ("fptosi_64", "arith.fptosi", "f64", "i64"),
        ("fptosi_8", "arith.fptosi", "f32", "i8"),
        ("fptoui_32", "arith.fptoui", "f32", "i32"),
        ("fptoui_64", "arith.fptoui", "f64", "i64"),
        ("fptoui_16", "arith.fptoui", "f64", "i16"),
        ("extf", "arith.extf", "f32", "f64"),
        ("truncf", "arith.truncf", "f64", "f32"),
    ];
    let src: String = casts
        .iter()
        .map(|(n, op, a, b)| one_op(n, op, "", &[a], b))
        .collect();
    let m = jit(&src);
    let mut rng = Rng(10);
    for _ in 0..N {
        let (x, y) = (rng.i64(), rng.i32());
        assert_eq!(
            entry!(m, "sitofp_32", extern "C" fn(i32) -> f32)(y),
            y as f32
        );
        assert_eq!(
            entry!(m, "sitofp_64", extern "C" fn(i64) -> f64)(x),
            x as f64
        );
        assert_eq!(
            entry!(m, "sitofp_8", extern "C" fn(i8) -> f32)(x as i8),
            x as i8 as f32
        );
        assert_eq!(
            entry!(m, "uitofp_32", extern "C" fn(i32) -> f32)(y),
            y as u32 as f32
        );
        assert_eq!(
            entry!(m, "uitofp_64", extern "C" fn(i64) -> f64)(x),
            x as u64 as f64
        );
        assert_eq!(
            entry!(m, "uitofp_16", extern "C" fn(i16) -> f64)(x as i16),
            x as u16 as f64
        );
        let (f, d) = (rng.f32(), rng.f64());
        // Rust's `as` saturates and maps NaN to 0: the documented semantics.
        assert_eq!(
            entry!(m, "fptosi_32", extern "C" fn(f32) -> i32)(f),
            f as i32,
            "{f}"
        );
        assert_eq!(
            entry!(m, "fptosi_64", extern "C" fn(f64) -> i64)(d),
            d as i64,
            "{d}"
        );
        assert_eq!(
            entry!(m, "fptosi_8", extern "C" fn(f32) -> i8)(f),
            f as i8,
            "{f}"
        );
        assert_eq!(
            entry!(m, "fptoui_32", extern "C" fn(f32) -> i32)(f),
            f as u32 as i32,
            "{f}"
        );
        assert_eq!(
            entry!(m, "fptoui_64", extern "C" fn(f64) -> i64)(d),
            d as u64 as i64,
            "{d}"
        );
        assert_eq!(
            entry!(m, "fptoui_16", extern "C" fn(f64) -> i16)(d),
            d as u16 as i16,
            "{d}"
        );
        assert!(same64(
            entry!(m, "extf", extern "C" fn(f32) -> f64)(f),
            f as f64
        ));
        assert!(same32(
            entry!(m, "truncf", extern "C" fn(f64) -> f32)(d),
            d as f32
        ));
    }
}

// ---- float arithmetic -------------------------------------------------------------------

/// IEEE maximum/minimum (arith.maximumf/minimumf): NaN wins, -0 < +0.
fn maximum(a: f64, b: f64, max: bool) -> f64 {
    if a.is_nan() || b.is_nan() {
        return f64::NAN;
    }
    if a == b {
        // Equal, possibly zeros of different signs: the sign bit decides.
        return if (a.is_sign_negative() && max) || (!a.is_sign_negative() && !max) {
            b
        } else {
            a
        };
    }
    if (a > b) == max { a } else { b }
}

macro_rules! float_ops_test {
    ($test:ident, $T:ty, $mlir:literal, $gen:ident) => {
        #[test]
        fn $test() {
            let ops = [
                "addf", "subf", "mulf", "divf", "remf", "maximumf", "minimumf", "maxnumf",
                "minnumf",
            ];
            let mut src: String = ops
                .iter()
                .map(|op| one_op(op, &format!("arith.{op}"), "", &[$mlir, $mlir], $mlir))
                .collect();
            src += &one_op("negf", "arith.negf", "", &[$mlir], $mlir);
            let m = jit(&src);
            let mut rng = Rng(12);
            let neg = entry!(m, "negf", extern "C" fn($T) -> $T);
            for op in ops {
                let f = entry!(m, op, extern "C" fn($T, $T) -> $T);
                for i in 0..N {
                    let (a, b) = (rng.$gen(), rng.$gen());
                    let b = if i % 9 == 0 { -a } else { b };
                    let want: $T = match op {
                        "addf" => a + b,
                        "subf" => a - b,
                        "mulf" => a * b,
                        "divf" => a / b,
                        "remf" => a % b,
                        "maximumf" => maximum(a as f64, b as f64, true) as $T,
                        "minimumf" => maximum(a as f64, b as f64, false) as $T,
                        "maxnumf" => a.max(b),
                        _ => a.min(b),
                    };
                    let got = f(a, b);
                    let exact = matches!(op, "maximumf" | "minimumf");
                    let ok = if exact {
                        got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan())
                    } else {
                        got == want || (got.is_nan() && want.is_nan())
                    };
                    assert!(ok, "{op}({a}, {b}) = {got}, want {want}");
                    assert_eq!(neg(a).to_bits(), (-a).to_bits());
                }
            }
        }
    };
}

float_ops_test!(float_ops_f32, f32, "f32", f32);
float_ops_test!(float_ops_f64, f64, "f64", f64);

// ---- math --------------------------------------------------------------------------------

macro_rules! math_test {
    ($test:ident, $T:ty, $mlir:literal, $gen:ident) => {
        #[test]
        fn $test() {
            let unary: &[(&str, fn($T) -> $T)] = &[
                ("sqrt", <$T>::sqrt),
                ("absf", <$T>::abs),
                ("ceil", <$T>::ceil),
                ("floor", <$T>::floor),
                ("trunc", <$T>::trunc),
                ("roundeven", <$T>::round_ties_even),
                ("round", <$T>::round),
                ("rsqrt", |x| 1.0 / x.sqrt()),
                ("exp", <$T>::exp),
                ("exp2", <$T>::exp2),
                ("expm1", <$T>::exp_m1),
                ("log", <$T>::ln),
                ("log2", <$T>::log2),
                ("log10", <$T>::log10),
                ("log1p", <$T>::ln_1p),
                ("sin", <$T>::sin),
                ("cos", <$T>::cos),
                ("tan", <$T>::tan),
                ("sinh", <$T>::sinh),
                ("cosh", <$T>::cosh),
                ("tanh", <$T>::tanh),
                ("asin", <$T>::asin),
                ("acos", <$T>::acos),
                ("atan", <$T>::atan),
                ("asinh", <$T>::asinh),
                ("acosh", <$T>::acosh),
                ("atanh", <$T>::atanh),
                ("cbrt", <$T>::cbrt),
            ];
            let binary: &[(&str, fn($T, $T) -> $T)] = &[
                ("atan2", <$T>::atan2),
                ("powf", <$T>::powf),
                ("copysign", <$T>::copysign),
            ];
            // Named `m_<op>`: a module function named like a C library function
            // (`exp`) would take that name from the import.
            let mut src: String = unary
                .iter()
                .map(|(n, _)| one_op(&format!("m_{n}"), &format!("math.{n}"), "", &[$mlir], $mlir))
                .collect();
            src += &binary
                .iter()
                .map(|(n, _)| {
                    one_op(
                        &format!("m_{n}"),
                        &format!("math.{n}"),
                        "",
                        &[$mlir, $mlir],
                        $mlir,
                    )
                })
                .collect::<String>();
            src += &one_op("fma", "math.fma", "", &[$mlir, $mlir, $mlir], $mlir);
            src += &one_op("clampf", "math.clampf", "", &[$mlir, $mlir, $mlir], $mlir);
            src += &one_op("fpowi", "math.fpowi", "", &[$mlir, "i32"], $mlir);
            src += &one_op("m_erf", "math.erf", "", &[$mlir], $mlir);
            for c in ["isnan", "isinf", "isfinite", "isnormal"] {
                src += &one_op(c, &format!("math.{c}"), "", &[$mlir], "i1");
            }
            let m = jit(&src);
            let mut rng = Rng(13);
            // Rust's methods call the same C library (or compute the exact IEEE
            // result for the inline ops), so results must agree bit for bit.
            let same = |a: $T, b: $T| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan());
            let close = |a: $T, b: $T| {
                (a - b).abs() <= 16.0 * <$T>::EPSILON * b.abs()
                    || (a - b).abs() <= <$T>::MIN_POSITIVE
            };
            for &(name, reference) in unary {
                let f = entry!(m, format!("m_{name}"), extern "C" fn($T) -> $T);
                // Inline ops are exact. The rest call the C library, while
                // Rust's std computes some of them itself (the inverse
                // hyperbolic functions, cbrt): those agree to a few ulp.
                let exact = matches!(
                    name,
                    "sqrt" | "absf" | "ceil" | "floor" | "trunc" | "roundeven" | "round" | "rsqrt"
                );
                let check = |a: $T, b: $T| same(a, b) || (!exact && close(a, b));
                for _ in 0..N {
                    let x = rng.$gen();
                    assert!(
                        check(f(x), reference(x)),
                        "{name}({x}) = {}, want {}",
                        f(x),
                        reference(x)
                    );
                }
            }
            for &(name, reference) in binary {
                let f = entry!(m, format!("m_{name}"), extern "C" fn($T, $T) -> $T);
                for _ in 0..N {
                    let (x, y) = (rng.$gen(), rng.$gen());
                    let (got, want) = (f(x, y), reference(x, y));
                    assert!(
                        same(got, want) || (name != "copysign" && close(got, want)),
                        "{name}({x}, {y})"
                    );
                }
            }
            let fma = entry!(m, "fma", extern "C" fn($T, $T, $T) -> $T);
            let clampf = entry!(m, "clampf", extern "C" fn($T, $T, $T) -> $T);
            let fpowi = entry!(m, "fpowi", extern "C" fn($T, i32) -> $T);
            for _ in 0..N {
                let (x, y, z) = (rng.$gen(), rng.$gen(), rng.$gen());
                assert!(same(fma(x, y, z), x.mul_add(y, z)), "fma({x}, {y}, {z})");
                let (lo, hi) = (y.min(z), y.max(z));
                // maxNum/minNum may return either zero for -0 vs +0: compare by value.
                let (got, want) = (clampf(x, lo, hi), x.max(lo).min(hi));
                assert!(
                    got == want || (got.is_nan() && want.is_nan()),
                    "clampf({x}, {lo}, {hi})"
                );
                let n = (rng.next() % 41) as i32 - 20;
                assert!(same(fpowi(x, n), x.powf(n as $T)), "fpowi({x}, {n})");
            }
            let classes: [(&str, fn($T) -> bool); 4] = [
                ("isnan", <$T>::is_nan),
                ("isinf", <$T>::is_infinite),
                ("isfinite", <$T>::is_finite),
                ("isnormal", <$T>::is_normal),
            ];
            for (name, reference) in classes {
                let f = entry!(m, name, extern "C" fn($T) -> bool);
                for x in [
                    0.0,
                    -0.0,
                    1.0,
                    <$T>::MIN_POSITIVE,
                    <$T>::MIN_POSITIVE / 2.0,
                    <$T>::MAX,
                    <$T>::INFINITY,
                    -<$T>::INFINITY,
                    <$T>::NAN,
                ] {
                    assert_eq!(f(x), reference(x), "{name}({x})");
                }
            }
            // erf is not in Rust's std: known values.
            let erf = entry!(m, "m_erf", extern "C" fn($T) -> $T);
            assert_eq!(erf(0.0), 0.0);
            assert!(
                (erf(1.0) - 0.842_700_8).abs() < 1e-6 && (erf(-2.0) + 0.995_322_3).abs() < 1e-6
            );
        }
    };
}

math_test!(math_f32, f32, "f32", f32);
math_test!(math_f64, f64, "f64", f64);

#[test]
fn integer_math() {
    let mut src = String::new();
    for op in ["absi", "ctlz", "cttz", "ctpop"] {
        src += &one_op(op, &format!("math.{op}"), "", &["i32"], "i32");
        src += &one_op(
            &format!("{op}_64"),
            &format!("math.{op}"),
            "",
            &["i64"],
            "i64",
        );
    }
    src += &one_op("ipowi", "math.ipowi", "", &["i32", "i32"], "i32");
    let m = jit(&src);
    let mut rng = Rng(14);
    let ipowi = entry!(m, "ipowi", extern "C" fn(i32, i32) -> i32);
    for _ in 0..N {
        let (x, y) = (rng.i32(), rng.i64());
        assert_eq!(
            entry!(m, "absi", extern "C" fn(i32) -> i32)(x),
            x.wrapping_abs()
        );
        assert_eq!(
            entry!(m, "ctlz", extern "C" fn(i32) -> i32)(x),
            x.leading_zeros() as i32
        );
        assert_eq!(
            entry!(m, "cttz", extern "C" fn(i32) -> i32)(x),
            x.trailing_zeros() as i32
        );
        assert_eq!(
            entry!(m, "ctpop", extern "C" fn(i32) -> i32)(x),
            x.count_ones() as i32
        );
        assert_eq!(
            entry!(m, "absi_64", extern "C" fn(i64) -> i64)(y),
            y.wrapping_abs()
        );
        assert_eq!(
            entry!(m, "ctlz_64", extern "C" fn(i64) -> i64)(y),
            y.leading_zeros() as i64
        );
        assert_eq!(
            entry!(m, "cttz_64", extern "C" fn(i64) -> i64)(y),
            y.trailing_zeros() as i64
        );
        assert_eq!(
            entry!(m, "ctpop_64", extern "C" fn(i64) -> i64)(y),
            y.count_ones() as i64
        );
        let b = (rng.next() % 11) as i32 - 5;
        let n = (rng.next() % 40) as i32 - 8;
        let want = match (n < 0, b) {
            (false, _) => b.wrapping_pow(n as u32),
            (true, 1) => 1,
            (true, -1) => {
                if n % 2 == 0 {
                    1
                } else {
                    -1
                }
            }
            (true, _) => 0,
        };
        assert_eq!(ipowi(b, n), want, "ipowi({b}, {n})");
        assert_eq!(ipowi(x, 3), x.wrapping_pow(3));
    }
}

#[test]
fn fast_math_calls_the_precise_functions() {
    let mut src = String::new();
    for (name, arity) in [
        ("__expf", 1),
        ("__sinf", 1),
        ("__logf", 1),
        ("__exp10f", 1),
        ("__powf", 2),
        ("__fdividef", 2),
    ] {
        let props = format!("<{{intrinsic = #cuda<fast_math {name}>}}>");
        src += &one_op(name, "cuda.fast_math", &props, &vec!["f32"; arity], "f32");
    }
    let m = jit(&src);
    let mut rng = Rng(15);
    for _ in 0..N {
        let (x, y) = (
            (rng.next() % 2000) as f32 / 100.0 - 10.0,
            (rng.next() % 1000) as f32 / 100.0 + 0.01,
        );
        assert_eq!(entry!(m, "__expf", extern "C" fn(f32) -> f32)(x), x.exp());
        assert_eq!(entry!(m, "__sinf", extern "C" fn(f32) -> f32)(x), x.sin());
        assert_eq!(entry!(m, "__logf", extern "C" fn(f32) -> f32)(y), y.ln());
        let e10 = entry!(m, "__exp10f", extern "C" fn(f32) -> f32)(x);
        assert!(
            (e10 - 10f32.powf(x)).abs() <= 1e-5 * 10f32.powf(x),
            "__exp10f({x})"
        );
        assert_eq!(
            entry!(m, "__powf", extern "C" fn(f32, f32) -> f32)(y, x),
            y.powf(x)
        );
        assert_eq!(
            entry!(m, "__fdividef", extern "C" fn(f32, f32) -> f32)(x, y),
            x / y
        );
    }
}

// ---- control flow ----------------------------------------------------------------------

#[test]
fn scf_for_sums_a_series_and_nests() {
    // sum_{i = lb; i < ub; i += step} i * i, and sum_{i < n} sum_{j < i} i * j.
    let series = r#"
  %zero = "arith.constant"() <{value = 0 : i64}> : () -> i64
  %s = "scf.for"(%a0, %a1, %a2, %zero) ({
  ^bb0(%i: index, %acc: i64):
    %ii = "arith.index_cast"(%i) : (index) -> i64
    %sq = "arith.muli"(%ii, %ii) : (i64, i64) -> i64
    %next = "arith.addi"(%acc, %sq) : (i64, i64) -> i64
    "scf.yield"(%next) : (i64) -> ()
  }) : (index, index, index, i64) -> i64
  "func.return"(%s) : (i64) -> ()"#;
    let nested = r#"
  %zero = "arith.constant"() <{value = 0 : i64}> : () -> i64
  %c0 = "arith.constant"() <{value = 0 : index}> : () -> index
  %c1 = "arith.constant"() <{value = 1 : index}> : () -> index
  %s = "scf.for"(%c0, %a0, %c1, %zero) ({
  ^bb0(%i: index, %acc: i64):
    %inner = "scf.for"(%c0, %i, %c1, %acc) ({
    ^bb0(%j: index, %acc2: i64):
      %p = "arith.muli"(%i, %j) : (index, index) -> index
      %pi = "arith.index_cast"(%p) : (index) -> i64
      %n = "arith.addi"(%acc2, %pi) : (i64, i64) -> i64
      "scf.yield"(%n) : (i64) -> ()
    }) : (index, index, index, i64) -> i64
    "scf.yield"(%inner) : (i64) -> ()
  }) : (index, index, index, i64) -> i64
  "func.return"(%s) : (i64) -> ()"#;
    let src = func("series", &["index", "index", "index"], &["i64"], series)
        + &func("nested", &["index"], &["i64"], nested);
    let m = jit(&src);
    let series = entry!(m, "series", extern "C" fn(i64, i64, i64) -> i64);
    let nested = entry!(m, "nested", extern "C" fn(i64) -> i64);
    let mut rng = Rng(16);
    for _ in 0..200 {
        let (lb, ub, step) = (
            (rng.next() % 100) as i64 - 50,
            (rng.next() % 100) as i64 - 20,
            (rng.next() % 7 + 1) as i64,
        );
        let want: i64 = (lb..ub).step_by(step as usize).map(|i| i * i).sum();
        assert_eq!(series(lb, ub, step), want, "series({lb}, {ub}, {step})");
        let n = (rng.next() % 60) as i64;
        let want: i64 = (0..n).flat_map(|i| (0..i).map(move |j| i * j)).sum();
        assert_eq!(nested(n), want);
    }
}

#[test]
fn scf_while_if_and_index_switch() {
    // Collatz steps with scf.while; scf.if inside the body picks the next value.
    let collatz = r#"
  %zero = "arith.constant"() <{value = 0 : i32}> : () -> i32
  %one = "arith.constant"() <{value = 1 : i64}> : () -> i64
  %r:2 = "scf.while"(%a0, %zero) ({
  ^bb0(%x: i64, %n: i32):
    %c = "arith.cmpi"(%x, %one) <{predicate = 8 : i64}> : (i64, i64) -> i1
    "scf.condition"(%c, %x, %n) : (i1, i64, i32) -> ()
  }, {
  ^bb0(%x: i64, %n: i32):
    %bit = "arith.andi"(%x, %one) : (i64, i64) -> i64
    %odd = "arith.cmpi"(%bit, %one) <{predicate = 0 : i64}> : (i64, i64) -> i1
    %next = "scf.if"(%odd) ({
      %c3 = "arith.constant"() <{value = 3 : i64}> : () -> i64
      %t = "arith.muli"(%x, %c3) : (i64, i64) -> i64
      %t1 = "arith.addi"(%t, %one) : (i64, i64) -> i64
      "scf.yield"(%t1) : (i64) -> ()
    }, {
      %h = "arith.shrui"(%x, %one) : (i64, i64) -> i64
      "scf.yield"(%h) : (i64) -> ()
    }) : (i1) -> i64
    %n1 = "arith.constant"() <{value = 1 : i32}> : () -> i32
    %n2 = "arith.addi"(%n, %n1) : (i32, i32) -> i32
    "scf.yield"(%next, %n2) : (i64, i32) -> ()
  }) : (i64, i32) -> (i64, i32)
  "func.return"(%r#1) : (i32) -> ()"#;
    let switch = r#"
  %r = "scf.index_switch"(%a0) <{cases = array<i64: 0, 1, 5>}> ({
    %d = "arith.constant"() <{value = -1 : i32}> : () -> i32
    "scf.yield"(%d) : (i32) -> ()
  }, {
    %c = "arith.constant"() <{value = 10 : i32}> : () -> i32
    "scf.yield"(%c) : (i32) -> ()
  }, {
    %c = "arith.constant"() <{value = 11 : i32}> : () -> i32
    "scf.yield"(%c) : (i32) -> ()
  }, {
    %c = "arith.constant"() <{value = 15 : i32}> : () -> i32
    "scf.yield"(%c) : (i32) -> ()
  }) : (index) -> i32
  "func.return"(%r) : (i32) -> ()"#;
    let src = func("collatz", &["i64"], &["i32"], collatz)
        + &func("switch", &["index"], &["i32"], switch);
    let m = jit(&src);
    let collatz = entry!(m, "collatz", extern "C" fn(i64) -> i32);
    for start in 1..3000i64 {
        let (mut x, mut n) = (start, 0);
        while x > 1 {
            x = if x % 2 == 1 { 3 * x + 1 } else { x / 2 };
            n += 1;
        }
        assert_eq!(collatz(start), n, "collatz({start})");
    }
    let switch = entry!(m, "switch", extern "C" fn(i64) -> i32);
    for x in -3..10 {
        let want = match x {
            0 => 10,
            1 => 11,
            5 => 15,
            _ => -1,
        };
        assert_eq!(switch(x), want, "switch({x})");
    }
}

#[test]
fn cf_branches_and_switch() {
    // gcd by Euclid's algorithm across blocks; a cf.switch passing operands.
    let gcd = r#"
  "cf.br"(%a0, %a1)[^bb1] : (i64, i64) -> ()
^bb1(%x: i64, %y: i64):
  %zero = "arith.constant"() <{value = 0 : i64}> : () -> i64
  %done = "arith.cmpi"(%y, %zero) <{predicate = 0 : i64}> : (i64, i64) -> i1
  "cf.cond_br"(%done, %x, %x, %y)[^bb2, ^bb3] <{operandSegmentSizes = array<i32: 1, 1, 2>}> : (i1, i64, i64, i64) -> ()
^bb2(%g: i64):
  "func.return"(%g) : (i64) -> ()
^bb3(%p: i64, %q: i64):
  %r = "arith.remui"(%p, %q) : (i64, i64) -> i64
  "cf.br"(%q, %r)[^bb1] : (i64, i64) -> ()"#;
    let switch = r#"
  %c100 = "arith.constant"() <{value = 100 : i32}> : () -> i32
  "cf.switch"(%a0, %a0, %c100)[^bb1, ^bb2, ^bb3] <{case_operand_segments = array<i32: 1, 0>, case_values = dense<[7, -2]> : vector<2xi32>, operandSegmentSizes = array<i32: 1, 1, 1>}> : (i32, i32, i32) -> ()
^bb1(%d: i32):
  "func.return"(%d) : (i32) -> ()
^bb2(%v: i32):
  %c1 = "arith.constant"() <{value = 1 : i32}> : () -> i32
  %w = "arith.addi"(%v, %c1) : (i32, i32) -> i32
  "func.return"(%w) : (i32) -> ()
^bb3:
  %c2 = "arith.constant"() <{value = 200 : i32}> : () -> i32
  "func.return"(%c2) : (i32) -> ()"#;
    let src =
        func("gcd", &["i64", "i64"], &["i64"], gcd) + &func("switch", &["i32"], &["i32"], switch);
    let m = jit(&src);
    let gcd = entry!(m, "gcd", extern "C" fn(i64, i64) -> i64);
    let mut rng = Rng(17);
    for _ in 0..N {
        let (a, b) = (rng.next() % 100_000, rng.next() % 100_000);
        let (mut x, mut y) = (a, b);
        while y != 0 {
            (x, y) = (y, x % y);
        }
        assert_eq!(gcd(a as i64, b as i64) as u64, x, "gcd({a}, {b})");
    }
    let switch = entry!(m, "switch", extern "C" fn(i32) -> i32);
    for x in [-3, -2, 0, 6, 7, 8, i32::MIN] {
        let want = match x {
            7 => 101,
            -2 => 200,
            _ => x,
        };
        assert_eq!(switch(x), want, "switch({x})");
    }
}

// ---- memory --------------------------------------------------------------------------

#[test]
fn saxpy_through_rust_buffers() {
    let body = format!(
        r#"
  %c0 = "arith.constant"() <{{value = 0 : index}}> : () -> index
  %c1 = "arith.constant"() <{{value = 1 : index}}> : () -> index
  %size = "ptr.type_offset"() <{{elementType = f32}}> : () -> index
  "scf.for"(%c0, %a0, %c1) ({{
  ^bb0(%i: index):
    %off = "arith.muli"(%i, %size) : (index, index) -> index
    %px = "ptr.ptr_add"(%a2, %off) : ({PTR}, index) -> {PTR}
    %py = "ptr.ptr_add"(%a3, %off) : ({PTR}, index) -> {PTR}
    %x = "ptr.load"(%px) : ({PTR}) -> f32
    %y = "ptr.load"(%py) : ({PTR}) -> f32
    %ax = "arith.mulf"(%a1, %x) : (f32, f32) -> f32
    %r = "arith.addf"(%ax, %y) : (f32, f32) -> f32
    "ptr.store"(%r, %py) : (f32, {PTR}) -> ()
    "scf.yield"() : () -> ()
  }}) : (index, index, index) -> ()
  "func.return"() : () -> ()"#
    );
    let m = jit(&func("saxpy", &["index", "f32", PTR, PTR], &[], &body));
    let saxpy = entry!(m, "saxpy", extern "C" fn(i64, f32, *const f32, *mut f32));
    let mut rng = Rng(18);
    let x: Vec<f32> = (0..1000).map(|_| rng.f64() as f32).collect();
    let mut y: Vec<f32> = (0..1000).map(|_| rng.f64() as f32).collect();
    let want: Vec<f32> = x.iter().zip(&y).map(|(x, y)| 2.5 * x + y).collect();
    saxpy(1000, 2.5, x.as_ptr(), y.as_mut_ptr());
    for (i, (g, w)) in y.iter().zip(&want).enumerate() {
        assert!(same32(*g, *w), "y[{i}] = {g}, want {w}");
    }
}

#[test]
fn string_literals_globals_and_allocas() {
    let strings = format!(
        r#"
  %a = "cuda.string_literal"() <{{value = "hello, cuwasm"}}> : () -> {PTR}
  %b = "cuda.string_literal"() <{{value = "hello, cuwasm"}}> : () -> {PTR}
  %d = "ptr.ptr_diff"(%a, %b) : ({PTR}, {PTR}) -> i64
  "func.return"(%a, %d) : ({PTR}, i64) -> ()"#
    );
    let globals = format!(
        r#"
  %g = "cuda.global_addr"() <{{global_name = @table}}> : () -> {PTR}
  %c0 = "arith.constant"() <{{value = 0 : index}}> : () -> index
  %c1 = "arith.constant"() <{{value = 1 : index}}> : () -> index
  %c4 = "arith.constant"() <{{value = 4 : index}}> : () -> index
  %z = "arith.constant"() <{{value = 0 : i32}}> : () -> i32
  %s = "scf.for"(%c0, %c4, %c1, %z) ({{
  ^bb0(%i: index, %acc: i32):
    %off = "arith.muli"(%i, %c4) : (index, index) -> index
    %p = "ptr.ptr_add"(%g, %off) : ({PTR}, index) -> {PTR}
    %v = "ptr.load"(%p) : ({PTR}) -> i32
    %n = "arith.addi"(%acc, %v) : (i32, i32) -> i32
    "scf.yield"(%n) : (i32) -> ()
  }}) : (index, index, index, i32) -> i32
  %cnt = "cuda.global_addr"() <{{global_name = @counter}}> : () -> {PTR}
  %old = "ptr.load"(%cnt) : ({PTR}) -> i64
  %one = "arith.constant"() <{{value = 1 : i64}}> : () -> i64
  %new = "arith.addi"(%old, %one) : (i64, i64) -> i64
  "ptr.store"(%new, %cnt) : (i64, {PTR}) -> ()
  %s64 = "arith.extsi"(%s) : (i32) -> i64
  %big = "arith.constant"() <{{value = 1000 : i64}}> : () -> i64
  %scaled = "arith.muli"(%new, %big) : (i64, i64) -> i64
  %r = "arith.addi"(%scaled, %s64) : (i64, i64) -> i64
  "func.return"(%r) : (i64) -> ()"#
    );
    // Squares into an 8-element stack array, then their sum.
    let alloca = format!(
        r#"
  %arr = "cuda.alloca"() <{{alignment = 16 : i64, count = 8 : i64, element_type = i64}}> : () -> {PTR}
  %c0 = "arith.constant"() <{{value = 0 : index}}> : () -> index
  %c1 = "arith.constant"() <{{value = 1 : index}}> : () -> index
  %c8 = "arith.constant"() <{{value = 8 : index}}> : () -> index
  "scf.for"(%c0, %c8, %c1) ({{
  ^bb0(%i: index):
    %off = "arith.muli"(%i, %c8) : (index, index) -> index
    %p = "ptr.ptr_add"(%arr, %off) : ({PTR}, index) -> {PTR}
    %ii = "arith.index_cast"(%i) : (index) -> i64
    %x = "arith.addi"(%ii, %a0) : (i64, i64) -> i64
    %sq = "arith.muli"(%x, %x) : (i64, i64) -> i64
    "ptr.store"(%sq, %p) : (i64, {PTR}) -> ()
    "scf.yield"() : () -> ()
  }}) : (index, index, index) -> ()
  %z = "arith.constant"() <{{value = 0 : i64}}> : () -> i64
  %s = "scf.for"(%c0, %c8, %c1, %z) ({{
  ^bb0(%i: index, %acc: i64):
    %off = "arith.muli"(%i, %c8) : (index, index) -> index
    %p = "ptr.ptr_add"(%arr, %off) : ({PTR}, index) -> {PTR}
    %v = "ptr.load"(%p) : ({PTR}) -> i64
    %n = "arith.addi"(%acc, %v) : (i64, i64) -> i64
    "scf.yield"(%n) : (i64) -> ()
  }}) : (index, index, index, i64) -> i64
  "func.return"(%s) : (i64) -> ()"#
    );
    let src = "\"cuda.global_var\"() <{count = 4 : i64, element_type = i32, initial_value = dense<[3, -5, 70, 1000]> : tensor<4xi32>, space = #cuda<space constant>, sym_name = \"table\"}> : () -> ()\n".to_string()
        + "\"cuda.global_var\"() <{alignment = 16 : i64, count = 1 : i64, element_type = i64, space = #cuda<space global>, sym_name = \"counter\"}> : () -> ()\n"
        + &func("strings", &[], &[PTR, "i64"], &strings)
        + &func("globals", &[], &["i64"], &globals)
        + &func("squares", &["i64"], &["i64"], &alloca);
    let m = jit(&src);
    #[repr(C)]
    struct PtrAndDiff(*const std::ffi::c_char, i64);
    let strings = entry!(m, "strings", extern "C" fn() -> PtrAndDiff);
    let PtrAndDiff(p, diff) = strings();
    assert_eq!(diff, 0, "equal literals share one data object");
    assert_eq!(
        unsafe { std::ffi::CStr::from_ptr(p) }.to_bytes(),
        b"hello, cuwasm"
    );
    let globals = entry!(m, "globals", extern "C" fn() -> i64);
    // The table sums to 1068; the zero-initialized counter counts calls.
    assert_eq!(globals(), 1068 + 1000);
    assert_eq!(globals(), 1068 + 2000);
    let squares = entry!(m, "squares", extern "C" fn(i64) -> i64);
    for k in -5..20i64 {
        assert_eq!(squares(k), (0..8).map(|i| (i + k) * (i + k)).sum::<i64>());
    }
}

// ---- atomics ---------------------------------------------------------------------------

#[test]
fn atomic_rmw_kinds_and_cas() {
    let kinds = [
        "add", "sub", "min", "max", "umin", "umax", "and", "or", "xor", "exch", "inc", "dec",
    ];
    let mut src: String = kinds
        .iter()
        .map(|k| {
            one_op(
                k,
                "cuda.atomic_rmw",
                &format!("<{{kind = #cuda<atomic_kind {k}>}}>"),
                &[PTR, "i32"],
                "i32",
            )
        })
        .collect();
    src += &one_op(
        "fadd",
        "cuda.atomic_rmw",
        "<{kind = #cuda<atomic_kind add>}>",
        &[PTR, "f32"],
        "f32",
    );
    src += &one_op(
        "fexch",
        "cuda.atomic_rmw",
        "<{kind = #cuda<atomic_kind exch>}>",
        &[PTR, "f32"],
        "f32",
    );
    src += &one_op("cas", "cuda.atomic_cas", "", &[PTR, "i64", "i64"], "i64");
    let m = jit(&src);
    let mut rng = Rng(19);
    for k in kinds {
        let f = entry!(m, k, extern "C" fn(*mut i32, i32) -> i32);
        for _ in 0..N {
            let (old, v) = (
                rng.i32(),
                if rng.next() % 3 == 0 {
                    (rng.next() % 8) as i32
                } else {
                    rng.i32()
                },
            );
            let old = if k == "dec" && rng.next() % 4 == 0 {
                0
            } else {
                old
            };
            let (uo, uv) = (old as u32, v as u32);
            let want = match k {
                "add" => old.wrapping_add(v),
                "sub" => old.wrapping_sub(v),
                "min" => old.min(v),
                "max" => old.max(v),
                "umin" => uo.min(uv) as i32,
                "umax" => uo.max(uv) as i32,
                "and" => old & v,
                "or" => old | v,
                "xor" => old ^ v,
                "exch" => v,
                "inc" => (if uo >= uv { 0 } else { uo + 1 }) as i32,
                _ => (if uo == 0 || uo > uv { uv } else { uo - 1 }) as i32,
            };
            let mut cell = old;
            assert_eq!(f(&mut cell, v), old, "{k} returns the old value");
            assert_eq!(cell, want, "atomic {k}({old}, {v})");
        }
    }
    let fadd = entry!(m, "fadd", extern "C" fn(*mut f32, f32) -> f32);
    let fexch = entry!(m, "fexch", extern "C" fn(*mut f32, f32) -> f32);
    let cas = entry!(m, "cas", extern "C" fn(*mut i64, i64, i64) -> i64);
    for _ in 0..N {
        let (a, b) = (rng.f64() as f32, rng.f64() as f32);
        let mut cell = a;
        assert!(
            same32(fadd(&mut cell, b), a) && same32(cell, a + b),
            "fadd({a}, {b})"
        );
        let mut cell = a;
        assert!(same32(fexch(&mut cell, b), a) && same32(cell, b));
        let (old, cmp, new) = (rng.i64(), rng.i64(), rng.i64());
        let cmp = if rng.next() % 2 == 0 { old } else { cmp };
        let mut cell = old;
        assert_eq!(cas(&mut cell, cmp, new), old);
        assert_eq!(cell, if cmp == old { new } else { old });
    }
}

#[test]
fn atomics_from_many_threads_are_exact() {
    // `@bump(p, q, n)`: n times atomically add 1 to *p (i64) and 1.0 to *q (f32).
    let body = format!(
        r#"
  %c0 = "arith.constant"() <{{value = 0 : index}}> : () -> index
  %c1 = "arith.constant"() <{{value = 1 : index}}> : () -> index
  %one = "arith.constant"() <{{value = 1 : i64}}> : () -> i64
  %onef = "arith.constant"() <{{value = 1.0 : f32}}> : () -> f32
  "scf.for"(%c0, %a2, %c1) ({{
  ^bb0(%i: index):
    %o = "cuda.atomic_rmw"(%a0, %one) <{{kind = #cuda<atomic_kind add>}}> : ({PTR}, i64) -> i64
    %f = "cuda.atomic_rmw"(%a1, %onef) <{{kind = #cuda<atomic_kind add>}}> : ({PTR}, f32) -> f32
    "scf.yield"() : () -> ()
  }}) : (index, index, index) -> ()
  "func.return"() : () -> ()"#
    );
    let m = jit(&func("bump", &[PTR, PTR, "index"], &[], &body));
    let bump = entry!(m, "bump", extern "C" fn(*mut i64, *mut f32, i64));
    let counter = std::sync::atomic::AtomicI64::new(0);
    let total = std::sync::atomic::AtomicU32::new(0f32.to_bits());
    let (threads, per_thread) = (8, 20_000);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| bump(counter.as_ptr(), total.as_ptr().cast(), per_thread));
        }
    });
    assert_eq!(counter.into_inner(), threads * per_thread);
    // Exact: every partial sum is an integer below 2^24.
    assert_eq!(
        f32::from_bits(total.into_inner()),
        (threads * per_thread) as f32
    );
}

// ---- imports and diagnostics -------------------------------------------------------------

extern "C" fn host_callback(x: i32) -> i32 {
    x.wrapping_mul(3).wrapping_add(1)
}

#[test]
fn imports_resolve_from_options_and_process() {
    let body = r#"
  %y = "func.call"(%a0) <{callee = @host_callback}> : (i32) -> i32
  %s = "func.call"(%a1) <{callee = @sinf}> : (f32) -> f32
  %yf = "arith.sitofp"(%y) : (i32) -> f32
  %r = "arith.addf"(%yf, %s) : (f32, f32) -> f32
  "func.return"(%r) : (f32) -> ()"#;
    let src = import("host_callback", &["i32"], &["i32"])
        + &import("sinf", &["f32"], &["f32"])
        + &func("f", &["i32", "f32"], &["f32"], body);
    let opts = JitOptions::default().with_symbol("host_callback", host_callback as *const u8);
    let m = try_jit(&src, &opts).unwrap();
    let f = entry!(m, "f", extern "C" fn(i32, f32) -> f32);
    let mut rng = Rng(20);
    for _ in 0..N {
        let (x, y) = ((rng.next() % 10_000) as i32 - 5000, rng.f64() as f32);
        assert!(
            same32(f(x, y), host_callback(x) as f32 + y.sin()),
            "f({x}, {y})"
        );
    }
    // Without the symbol, the import is a located error naming it.
    let err = try_jit(&src, &JitOptions::default())
        .err()
        .expect("unresolvable");
    assert!(
        err.contains("test.mlir:1:1: error: cannot resolve the imported function 'host_callback'"),
        "{err}"
    );
}

#[test]
fn unsupported_ops_and_types_are_located_diagnostics() {
    let thread_idx = "\n  %t = \"cuda.thread_idx\"() <{dimension = #cuda<dim x>}> : () -> i32\n  \"func.return\"(%t) : (i32) -> ()";
    let err = try_jit(
        &func("k", &[], &["i32"], thread_idx),
        &JitOptions::default(),
    )
    .err()
    .unwrap();
    assert!(
        err.contains(
            "test.mlir:4:8: error: 'cuda.thread_idx' op is not supported by the Cranelift target"
        ),
        "{err}"
    );
    let vector = one_op(
        "v",
        "arith.addf",
        "",
        &["vector<8xf32>", "vector<8xf32>"],
        "vector<8xf32>",
    );
    let err = try_jit(&vector, &JitOptions::default()).err().unwrap();
    assert!(err.contains("'func.func' op type 'vector<8xf32>' is not supported by the Cranelift target (only 1-D vectors of 128 bits are)"), "{err}");
}

#[test]
fn emit_clif_shows_each_function() {
    let src = one_op("add", "arith.addi", "", &["i32", "i32"], "i32")
        + &one_op("neg", "arith.negf", "", &["f64"], "f64");
    let (ctx, module) = parse(&src);
    let clif = emit_clif(&ctx, module, &JitOptions::default()).unwrap();
    let add = clif.find("; @add").expect("add");
    let neg = clif.find("; @neg").expect("neg");
    assert!(
        add < neg && clif[add..neg].contains("iadd") && clif[neg..].contains("fneg"),
        "{clif}"
    );
    assert!(
        clif.contains("(i32, i32) -> i32") && clif.contains("(f64) -> f64"),
        "{clif}"
    );
}

// After the harness and its macros, which it uses.
#[path = "cranelift_exec/vector.rs"]
mod vector;

#[test]
fn cuda_brev_reverses_bits() {
    let src = one_op("brev", "cuda.brev", "", &["i32"], "i32")
        + &one_op("brev64", "cuda.brev", "", &["i64"], "i64");
    let m = jit(&src);
    let mut rng = Rng(77);
    for _ in 0..N {
        let (x, y) = (rng.i32(), rng.i64());
        assert_eq!(
            entry!(m, "brev", extern "C" fn(i32) -> i32)(x),
            x.reverse_bits()
        );
        assert_eq!(
            entry!(m, "brev64", extern "C" fn(i64) -> i64)(y),
            y.reverse_bits()
        );
    }
}

/// A host variable of pointers holds the addresses its initializer names,
/// filled in by relocations: a NUL-terminated copy of a string, a function
/// (called here through `cuda.call_indirect`), a variable declared after it,
/// and null.
#[test]
fn global_var_addresses_are_relocated() {
    let twice = func(
        "twice",
        &["i32"],
        &["i32"],
        "  %r = \"arith.addi\"(%a0, %a0) : (i32, i32) -> i32\n  \"func.return\"(%r) : (i32) -> ()",
    );
    let call_second = func(
        "call_second",
        &["i32"],
        &["i32"],
        &format!(
            "  %p = \"cuda.global_addr\"() <{{global_name = @addrs}}> : () -> {PTR}\n\
             \x20 %o = \"arith.constant\"() <{{value = 8 : i64}}> : () -> i64\n\
             \x20 %q = \"ptr.ptr_add\"(%p, %o) : ({PTR}, i64) -> {PTR}\n\
             \x20 %f = \"ptr.load\"(%q) : ({PTR}) -> {PTR}\n\
             \x20 %r = \"cuda.call_indirect\"(%f, %a0) <{{function_type = (i32) -> i32}}> : ({PTR}, i32) -> i32\n\
             \x20 \"func.return\"(%r) : (i32) -> ()"
        ),
    );
    let src = format!(
        "\"builtin.module\"() ({{\n\
         \"cuda.global_var\"() <{{count = 4 : i64, element_type = {PTR}, initial_value = [\"hi\", @twice, @table, #ptr.null], space = #cuda<space host>, sym_name = \"addrs\"}}> : () -> ()\n\
         \"cuda.global_var\"() <{{count = 2 : i64, element_type = i32, initial_value = dense<[7, 9]> : tensor<2xi32>, space = #cuda<space host>, sym_name = \"table\"}}> : () -> ()\n\
         {twice}{call_second}}}) : () -> ()\n"
    );
    let m = jit(&src);
    let addrs = m.data("addrs").expect("addrs") as *const usize;
    // SAFETY: `addrs` is the JIT's data object of 4 pointers, alive with `m`.
    let words = unsafe { std::slice::from_raw_parts(addrs, 4) };
    // SAFETY: the first word is the address of the NUL-terminated copy of "hi".
    let text = unsafe { std::ffi::CStr::from_ptr(words[0] as *const std::ffi::c_char) };
    assert_eq!(text.to_bytes(), b"hi");
    assert_eq!(words[1], m.function("twice").unwrap() as usize);
    assert_eq!(words[2], m.data("table").unwrap() as usize);
    assert_eq!(words[3], 0);
    let call = entry!(m, "call_second", extern "C" fn(i32) -> i32);
    assert_eq!(call(21), 42);
}
