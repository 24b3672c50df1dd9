//! The PTX target, checked semantically: every program of `CORPUS_RUNS` is
//! compiled to the gpu dialect and its kernels emitted as PTX; cuwasm's PTX
//! frontend must read that PTX, and the program, with its kernels replaced
//! by the PTX's `.entry`s (`cuwasm_tests::ptx_kernels`), must print its
//! `.expected` output on the CPU path. The same for nvcc's and clang's PTX
//! of the corpus read by the PTX frontend and emitted again (PTX in, PTX
//! out).
//!
//! `CUWASM_PTX_OUT=DIR cargo test -p cuwasm-tests --test ptx_target -- --ignored write_emitted_ptx`
//! writes every emitted file to DIR (`STEM.ptx` from the CUDA source,
//! `nvcc/STEM.ptx` and `clang/STEM.ptx` re-emitted), for `ptxas` on a
//! machine that has it.

use cuwasm_tests::ptx_kernels::{
    corpus_output_failures, program_with_ptx_kernels, render, run_child,
};
use cuwasm_tests::{CORPUS_RUNS, tests_dir};
use cuwasm_tools::cpu_path::run_pipeline;
use cuwasm_tools::emit::{Emit, write};
use cuwasm_tools::gpu_path::GPU_PIPELINE;
use std::path::{Path, PathBuf};

const CHILD_ENV: &str = "CUWASM_PTX_TARGET";

/// Where the kernels come from: the CUDA source, or a PTX flavor of it
/// (`tests/corpus/ptx/FLAVOR`) read by the PTX frontend.
const SOURCES: [&str; 3] = ["cuda", "nvcc", "clang"];

/// The programs whose kernels are emitted from `source`: the CUDA sources
/// of `CORPUS_RUNS` (the others stop in the CUDA frontend), and every PTX
/// file of a flavor (their host code need not compile to be emitted).
fn stems(source: &str) -> Vec<String> {
    if source == "cuda" {
        return CORPUS_RUNS.iter().map(|s| s.to_string()).collect();
    }
    let dir = tests_dir().join(format!("corpus/ptx/{source}"));
    let mut stems: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let p = e.unwrap().path();
            let ptx = p.extension().is_some_and(|x| x == "ptx");
            ptx.then(|| p.file_stem().unwrap().to_string_lossy().into_owned())
        })
        .collect();
    stems.sort();
    stems
}

fn source_path(stem: &str, source: &str) -> PathBuf {
    match source {
        "cuda" => tests_dir().join(format!("corpus/cuda/{stem}.cu")),
        flavor => tests_dir().join(format!("corpus/ptx/{flavor}/{stem}.ptx")),
    }
}

/// The PTX the target emits for the first `gpu.module` of `path` (CUDA or
/// PTX) after `GPU_PIPELINE`. Errors come back rendered.
fn emitted_ptx(path: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    emit_ptx(&path.to_string_lossy(), &text)
}

/// [`emitted_ptx`] of source `text` named `name` (`.ptx` is PTX, else CUDA).
fn emit_ptx(name: &str, text: &str) -> Result<String, String> {
    let mut ctx = cuwasm_tools::registered_context();
    let module = if name.ends_with(".ptx") {
        cuwasm_frontend_ptx::parse_ptx_module(&mut ctx, name, text)
            .map_err(|ds| render(&ctx, ds))?
    } else {
        let pre = cuwasm_frontends::cuda::PreprocessOptions::default();
        cuwasm_tools::cpu_path::parse_cuda(&mut ctx, name, text, &pre)?
    };
    run_pipeline(&mut ctx, module, GPU_PIPELINE)?;
    let mut out = Vec::new();
    write(&ctx, module, Emit::Ptx, Default::default(), &mut out)
        .map_err(|e| e.to_string())?
        .map_err(|d| ctx.render_diagnostic(&d))?;
    String::from_utf8(out).map_err(|e| e.to_string())
}

/// In a child process (`CUWASM_PTX_TARGET=stem:source`): run the program
/// with the kernels the PTX target emitted from `source`.
#[test]
fn child_run_program() {
    run_child(CHILD_ENV, |stem, source| {
        let ptx = emitted_ptx(&source_path(stem, source))?;
        program_with_ptx_kernels(stem, &format!("{stem}.{source}.emitted.ptx"), &ptx)
    });
}

/// Every emitted file is read by the PTX frontend: of the CUDA programs
/// that reach the gpu dialect, and of every PTX file of the corpus (fp16,
/// the math library, templates: programs whose host code does not run yet).
#[test]
fn emitted_ptx_parses() {
    let mut failures = Vec::new();
    let mut parsed = 0;
    for source in SOURCES {
        for stem in stems(source) {
            let result = emitted_ptx(&source_path(&stem, source)).and_then(|text| {
                let mut ctx = cuwasm_tools::registered_context();
                let name = format!("{stem}.{source}.emitted.ptx");
                cuwasm_frontend_ptx::parse_ptx_module(&mut ctx, &name, &text)
                    .map(|_| ())
                    .map_err(|ds| render(&ctx, ds))
            });
            match result {
                Ok(()) => parsed += 1,
                Err(e) => failures.push(format!("{source}/{stem}:\n{e}")),
            }
        }
    }
    eprintln!("{parsed} emitted PTX files parse");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every program prints its expected output with the emitted kernels.
#[test]
fn emitted_ptx_gives_the_programs_output() {
    let (checked, failures) = corpus_output_failures("child_run_program", CHILD_ENV, &SOURCES, &[]);
    eprintln!("{checked} programs give their output with the emitted PTX");
    assert!(
        failures.is_empty(),
        "{} of {} differ:\n{}",
        failures.len(),
        SOURCES.len() * CORPUS_RUNS.len(),
        failures.join("\n")
    );
}

/// The corpus programs that run on the CPU-hosted devices only
/// (`CPU_HOSTED_RUNS`) stop in the PTX target with the located error
/// their entry names; one that emits fails this test until it moves to
/// `CORPUS_RUNS`.
#[test]
fn cpu_hosted_programs_stop_in_the_ptx_target() {
    const ERRORS: &[(&str, &str)] = &[(
        "28_math_api",
        "28_math_api.cu:56:27: error: 'math.cbrt' op is not supported by the PTX target",
    )];
    for (stem, _) in cuwasm_tests::CPU_HOSTED_RUNS {
        let (_, error) = ERRORS
            .iter()
            .find(|(s, _)| s == stem)
            .unwrap_or_else(|| panic!("{stem}: no expected PTX error listed"));
        match emitted_ptx(&source_path(stem, "cuda")) {
            Ok(_) => panic!("{stem} emits PTX now: move it to CORPUS_RUNS"),
            Err(e) => assert!(e.contains(error), "{stem}: expected '{error}' in:\n{e}"),
        }
    }
}

/// Write every emitted PTX file under `$CUWASM_PTX_OUT` (see the module docs).
#[test]
#[ignore = "writes files for ptxas: set CUWASM_PTX_OUT"]
fn write_emitted_ptx() {
    let out =
        PathBuf::from(std::env::var("CUWASM_PTX_OUT").expect("set CUWASM_PTX_OUT to a folder"));
    let mut written = 0;
    let mut failures = Vec::new();
    for source in SOURCES {
        let dir = match source {
            "cuda" => out.clone(),
            flavor => out.join(flavor),
        };
        std::fs::create_dir_all(&dir).unwrap();
        for stem in stems(source) {
            match emitted_ptx(&source_path(&stem, source)) {
                Ok(text) => {
                    std::fs::write(dir.join(format!("{stem}.ptx")), text).unwrap();
                    written += 1;
                }
                Err(e) => failures.push(format!("{source}/{stem}:\n{e}")),
            }
        }
    }
    eprintln!("{written} PTX files written under {}", out.display());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The C library functions the PTX target computes in software, with the
/// error bound libm.rs documents (ulp, measured exhaustively there): each
/// emitted sequence, run on the CPU path through the PTX frontend on fresh
/// random inputs and edge cases, stays within its bound of the double-
/// precision result.
/// A C function, its error bound in ulp, and its double-precision reference.
type MathFunction = (&'static str, f64, fn(f64) -> f64);

#[test]
fn math_functions_meet_their_error_bounds() {
    const FUNCTIONS: [MathFunction; 14] = [
        ("expf", 1.02, f64::exp),
        ("exp2f", 1.02, f64::exp2),
        ("logf", 0.83, f64::ln),
        ("log2f", 1.07, f64::log2),
        ("log10f", 0.97, f64::log10),
        ("sinf", 1.49, f64::sin),
        ("cosf", 1.52, f64::cos),
        ("tanf", 3.44, f64::tan),
        ("tanhf", 1.33, f64::tanh),
        ("sinhf", 1.62, f64::sinh),
        ("coshf", 1.47, f64::cosh),
        ("atanf", 2.30, f64::atan),
        ("asinf", 2.36, f64::asin),
        ("acosf", 1.28, f64::acos),
    ];
    let mut source = String::new();
    for (f, _, _) in FUNCTIONS {
        source += &format!(
            "__global__ void k_{f}(const float *x, float *y, int n) {{\n\
               int i = blockIdx.x * blockDim.x + threadIdx.x;\n\
               if (i < n) y[i] = {f}(x[i]);\n}}\n"
        );
    }
    let ptx = emit_ptx("math.cu", &source).unwrap_or_else(|e| panic!("{e}"));
    let jit = cuwasm_tools::jit::Jit::ptx(&ptx).unwrap_or_else(|e| panic!("{e}\n{ptx}"));
    let seed = fresh_seed();
    let inputs = math_inputs(seed, 1 << 18);
    let x = jit.upload(&inputs).unwrap();
    let n = inputs.len() as i32;
    let mut failures = Vec::new();
    for (f, bound, reference) in FUNCTIONS {
        let y = jit.alloc::<f32>(inputs.len()).unwrap();
        jit.launch(
            &format!("k_{f}"),
            (n as u32).div_ceil(256),
            256,
            &[&x, &y, &n],
        )
        .unwrap();
        let got = y.to_vec().unwrap();
        let (mut worst, mut at) = (0.0f64, 0.0f32);
        for (&xi, &yi) in inputs.iter().zip(&got) {
            let e = ulp_error(yi, reference(xi as f64));
            if e > worst {
                (worst, at) = (e, xi);
            }
        }
        eprintln!(
            "{f}: max {worst:.3} ulp (at {at:e}) over {} inputs",
            inputs.len()
        );
        if worst > bound {
            failures.push(format!(
                "{f}: {worst} ulp at {at:e} ({:#010x}), bound {bound}",
                at.to_bits()
            ));
        }
    }
    assert!(failures.is_empty(), "seed {seed}: {}", failures.join("; "));
}

/// `powf`'s sequence (libm.rs: correctly rounded up to 2^-43) on random
/// pairs within 0.51 ulp of the double-precision result, and C's special
/// cases exactly as Rust's `powf` gives them.
#[test]
fn powf_meets_its_error_bound_and_cs_special_cases() {
    let seed = fresh_seed();
    let special = [
        0.0f32,
        -0.0,
        1.0,
        -1.0,
        0.5,
        2.0,
        -2.0,
        3.0,
        -3.0,
        0.25,
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::NAN,
        1e-40,
        1e30,
    ];
    let mut xs: Vec<f32> = math_inputs(seed, 1 << 16);
    let mut ys: Vec<f32> = math_inputs(seed ^ 0x5555, 1 << 16);
    ys.truncate(xs.len());
    xs.truncate(ys.len());
    // pairs of moderate size, where results are mostly finite
    for (i, x) in xs.iter_mut().enumerate().take(1 << 15) {
        *x = x.abs().clamp(1e-3, 1e3);
        ys[i] = ys[i].clamp(-20.0, 20.0);
    }
    for &a in &special {
        for &b in &special {
            xs.push(a);
            ys.push(b);
        }
    }
    let got = run_binary("powf", &xs, &ys);
    let mut failures = Vec::new();
    let mut worst = 0.0f64;
    for ((&a, &b), &r) in xs.iter().zip(&ys).zip(&got) {
        let want = a.powf(b);
        let special_case = special.contains(&a) && special.contains(&b);
        let ok = if special_case && !want.is_finite() || want == 0.0 || a.is_nan() || b.is_nan() {
            r.to_bits() == want.to_bits() || (r.is_nan() && want.is_nan())
        } else {
            let e = ulp_error(r, (a as f64).powf(b as f64));
            worst = worst.max(e);
            e <= 0.51
        };
        if !ok && failures.len() < 10 {
            failures.push(format!("powf({a:e}, {b:e}) = {r:e}, want {want:e}"));
        }
    }
    eprintln!("powf: max {worst:.3} ulp over {} pairs", xs.len());
    assert!(failures.is_empty(), "seed {seed}: {}", failures.join("; "));
}

/// `atan2f` within 2.67 ulp (libm/mod.rs: measured on 3*10^8 random pairs)
/// on random pairs, and C's special cases bit for bit as Rust's `atan2`.
#[test]
fn atan2f_meets_its_error_bound_and_cs_special_cases() {
    let seed = fresh_seed();
    let mut ys = math_inputs(seed, 1 << 15);
    let mut xs = math_inputs(seed.rotate_left(23), 1 << 15);
    let special = [
        0.0f32,
        -0.0,
        1.0,
        -1.0,
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::NAN,
    ];
    for &a in &special {
        for &b in &special {
            ys.push(a);
            xs.push(b);
        }
    }
    let n = xs.len().min(ys.len());
    xs.truncate(n);
    ys.truncate(n);
    let got = run_binary("atan2f", &ys, &xs);
    let mut failures = Vec::new();
    let mut worst = 0.0f64;
    for ((&y, &x), &r) in ys.iter().zip(&xs).zip(&got) {
        let want = y.atan2(x);
        let exact = special.contains(&y) && special.contains(&x);
        let ok = if exact {
            r.to_bits() == want.to_bits() || (r.is_nan() && want.is_nan())
        } else {
            let e = ulp_error(r, (y as f64).atan2(x as f64));
            worst = worst.max(e);
            e <= 2.67
        };
        if !ok && failures.len() < 10 {
            failures.push(format!("atan2f({y:e}, {x:e}) = {r:e}, want {want:e}"));
        }
    }
    eprintln!("atan2f: max {worst:.3} ulp over {n} pairs");
    assert!(failures.is_empty(), "seed {seed}: {}", failures.join("; "));
}

/// `fmodf` (`arith.remf`) is exact: bit for bit Rust's `%` on random
/// pairs of every magnitude (subnormals included) and the special cases.
#[test]
fn fmodf_is_exact() {
    let seed = fresh_seed();
    let mut xs = math_inputs(seed, 1 << 15);
    let mut ys = math_inputs(seed.rotate_left(17), 1 << 15);
    // divisors near the dividends too, where the loop is short
    for i in 0..xs.len() / 4 {
        ys[i] = xs[i] * (1.0 + (i % 7) as f32 / 3.0);
    }
    let n = xs.len().min(ys.len());
    xs.truncate(n);
    ys.truncate(n);
    let got = run_binary("fmodf", &xs, &ys);
    let wrong: Vec<String> = xs
        .iter()
        .zip(&ys)
        .zip(&got)
        .filter(|((a, b), r)| {
            let want = *a % *b;
            r.to_bits() != want.to_bits() && !(r.is_nan() && want.is_nan())
        })
        .take(10)
        .map(|((a, b), r)| format!("fmodf({a:e}, {b:e}) = {r:e}, want {:e}", a % b))
        .collect();
    assert!(wrong.is_empty(), "seed {seed}: {}", wrong.join("; "));
}

/// `exp` and `log` on f64 (libm/double.rs, fdlibm's: under 1 ulp) within
/// 1 ulp of Rust's (the platform's libm), special cases bit for bit.
#[test]
fn double_exp_and_log_meet_their_bound() {
    let source = "__global__ void k(const double *x, double *e, double *l, int n) {\n\
                  int i = blockIdx.x * blockDim.x + threadIdx.x;\n\
                  if (i < n) { e[i] = exp(x[i]); l[i] = log(x[i]); }\n}\n";
    let ptx = emit_ptx("double.cu", source).unwrap_or_else(|e| panic!("{e}"));
    let jit = cuwasm_tools::jit::Jit::ptx(&ptx).unwrap_or_else(|e| panic!("{e}\n{ptx}"));
    let seed = fresh_seed();
    let mut state = seed;
    let mut next = || {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_f491_4f6c_dd1d)
    };
    let mut xs: Vec<f64> = (0..1 << 17).map(|_| f64::from_bits(next())).collect();
    xs.extend((0..1 << 17).map(|_| ((next() >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 1500.0));
    xs.extend([
        0.0,
        -0.0,
        1.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        f64::MIN_POSITIVE,
        5e-324,
        f64::MAX,
        709.78,
        709.79,
        -745.13,
        -745.14,
    ]);
    let n = xs.len() as i32;
    let x = jit.upload(&xs).unwrap();
    let (e, l) = (
        jit.alloc::<f64>(xs.len()).unwrap(),
        jit.alloc::<f64>(xs.len()).unwrap(),
    );
    jit.launch("k", (n as u32).div_ceil(256), 256, &[&x, &e, &l, &n])
        .unwrap();
    let (got_e, got_l) = (e.to_vec().unwrap(), l.to_vec().unwrap());
    // 2^(exponent - 52) of |w|, a subnormal one where that is below 2^-1022
    let ulp = |w: f64| {
        let e = (w.abs().to_bits() >> 52).max(1);
        f64::from_bits(if e > 52 { (e - 52) << 52 } else { 1 << (e - 1) })
    };
    let mut failures = Vec::new();
    for (i, &xi) in xs.iter().enumerate() {
        for (name, got, want) in [("exp", got_e[i], xi.exp()), ("log", got_l[i], xi.ln())] {
            let ok = if want.is_finite() && want != 0.0 {
                (got - want).abs() <= ulp(want)
            } else {
                got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan())
            };
            if !ok && failures.len() < 10 {
                failures.push(format!("{name}({xi:e}) = {got:e}, want {want:e}"));
            }
        }
    }
    assert!(failures.is_empty(), "seed {seed}: {}", failures.join("; "));
}

/// `tests/lit/target-ptx/loops.mlir` (scf.for with a swap of its carried
/// values, an unrolled scf.for, cf branches with block arguments) computes
/// what the reference below does, for two trip counts.
#[test]
fn loops_and_branches_compute_their_reference() {
    let path = tests_dir().join("lit/target-ptx/loops.mlir");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut ctx = cuwasm_tools::registered_context();
    let module = cuwasm::parse_module(&mut ctx, &path.to_string_lossy(), text.as_str())
        .unwrap_or_else(|d| panic!("{}", ctx.render_diagnostic(&d)));
    let mut out = Vec::new();
    write(&ctx, module, Emit::Ptx, Default::default(), &mut out)
        .unwrap()
        .unwrap_or_else(|d| panic!("{}", ctx.render_diagnostic(&d)));
    let ptx = String::from_utf8(out).unwrap();
    let jit = cuwasm_tools::jit::Jit::ptx(&ptx).unwrap_or_else(|e| panic!("{e}\n{ptx}"));
    for n in [4i32, 5, 0] {
        let y = jit.alloc::<i32>(64).unwrap();
        jit.launch("loops", 1, 64, &[&y, &n]).unwrap();
        let want: Vec<i32> = (0..64)
            .map(|t: i32| {
                let acc = (0..n).map(|i| i * t).sum::<i32>();
                // (a, b) = (t, 0) swapped n times: a is t after an even count
                let (x, a) = (acc + 3, if n % 2 == 0 { t } else { 0 });
                if x & t == 0 { x } else { -a }
            })
            .collect();
        assert_eq!(y.to_vec().unwrap(), want, "n = {n}");
    }
}

/// `function(x[i], y[i])` for each pair, by the emitted PTX of a kernel
/// calling the CUDA function, run on the CPU path.
fn run_binary(function: &str, xs: &[f32], ys: &[f32]) -> Vec<f32> {
    let source = format!(
        "__global__ void k(const float *x, const float *y, float *z, int n) {{\n\
         int i = blockIdx.x * blockDim.x + threadIdx.x;\n\
         if (i < n) z[i] = {function}(x[i], y[i]);\n}}\n"
    );
    let ptx = emit_ptx(&format!("{function}.cu"), &source).unwrap_or_else(|e| panic!("{e}"));
    let jit = cuwasm_tools::jit::Jit::ptx(&ptx).unwrap_or_else(|e| panic!("{e}\n{ptx}"));
    let (x, y) = (jit.upload(xs).unwrap(), jit.upload(ys).unwrap());
    let z = jit.alloc::<f32>(xs.len()).unwrap();
    let n = xs.len() as i32;
    jit.launch("k", (n as u32).div_ceil(256), 256, &[&x, &y, &z, &n])
        .unwrap();
    z.to_vec().unwrap()
}

/// A seed from the clock: fresh inputs each run (failures print it).
fn fresh_seed() -> u64 {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    now.unwrap().as_nanos() as u64 | 1
}

/// `n` random f32 bit patterns (every exponent alike) and the edge cases:
/// zeros, infinities, NaN, the subnormal and overflow boundaries.
fn math_inputs(seed: u64, n: usize) -> Vec<f32> {
    let mut state = seed;
    let mut next = || {
        // xorshift64*
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        (state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 32) as u32
    };
    let mut v: Vec<f32> = (0..n).map(|_| f32::from_bits(next())).collect();
    // and values of moderate size, where most results are normal
    v.extend((0..n).map(|_| (next() as f32 / u32::MAX as f32 - 0.5) * 200.0));
    v.extend([
        0.0,
        -0.0,
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::NAN,
        f32::MIN_POSITIVE,
        f32::from_bits(1),
        f32::from_bits(0x007f_ffff),
        f32::MAX,
        1.0,
        -1.0,
        88.72283,
        88.72284,
        -87.33654,
        -103.97208,
        -104.0,
        128.0,
        -149.0,
        -150.0,
        38.53184,
        0.5,
        2.0,
        10.0,
    ]);
    v
}

/// The error of `got` in units in the last place of the f32 nearest `want`
/// (NaN must give NaN; an overflowing or exactly infinite `want`, infinity).
fn ulp_error(got: f32, want: f64) -> f64 {
    if want.is_nan() || got.is_nan() {
        return if want.is_nan() && got.is_nan() {
            0.0
        } else {
            f64::INFINITY
        };
    }
    if (want as f32).is_infinite() {
        return if got == want as f32 {
            0.0
        } else {
            f64::INFINITY
        };
    }
    if got.is_infinite() {
        return f64::INFINITY;
    }
    let a = want.abs();
    let exp = if a < f32::MIN_POSITIVE as f64 {
        -149
    } else {
        a.log2().floor() as i32 - 23
    };
    (got as f64 - want).abs() / 2f64.powi(exp.max(-149))
}
