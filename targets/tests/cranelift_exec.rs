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
    let args: Vec<String> = params.iter().enumerate().map(|(i, t)| format!("%a{i}: {t}")).collect();
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
        let p = $m.function(&$name).unwrap_or_else(|| panic!("no function {}", $name));
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
        const EDGES: [f64; 10] = [0.0, -0.0, 1.0, -1.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 0.5, 1e300, -2.5];
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
    "addi", "subi", "muli", "andi", "ori", "xori", "shli", "shrsi", "shrui", "maxsi", "minsi",
    "maxui", "minui", "divsi", "divui", "remsi", "remui", "ceildivsi", "ceildivui", "floordivsi",
];

/// Floor and ceiling of `a / b` from Euclidean division (b != 0), in i128.
fn floor_div(a: i128, b: i128) -> i128 {
    if b > 0 { a.div_euclid(b) } else { (-a).div_euclid(-b) }
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
                for (a, b) in [(<$T>::MIN, -1), (<$T>::MIN, 0), (5, 0), (0, 0), (-7, 2), (7, -2)] {
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
        assert_eq!(add(a, b) as u64, sum as u64 | (carry as u64) << 32, "addui_extended({a}, {b})");
        assert_eq!(mulu(a, b) as u64, ua as u64 * ub as u64, "mului_extended({a}, {b})");
        assert_eq!(muls(a, b), a as i64 * b as i64, "mulsi_extended({a}, {b})");
    }
}
