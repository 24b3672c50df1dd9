//! What the `egraph` pass does to the CPU path, per CUDA program and
//! optimization level, for `benches/egraph_cpu.sh`: the Cranelift IR
//! instructions the program compiles to, and where its compile time goes.
//!
//! Usage: `egraph-cpu FILE.cu...` (env `REPS`, default 5). For each file and
//! each level (`-O0`, `-O1` = `-O2` without the e-graph pass, `-O2`) the
//! program is compiled REPS times the way `cuwasm-run` compiles it (CUDA
//! frontend, the level's pipeline with verification after every pass, the
//! Cranelift JIT) and one line is printed:
//!
//! ```text
//! FILE LEVEL KERNEL_INSTS ALL_INSTS FRONTEND_MS PIPELINE_MS EGRAPH_MS JIT_MS TOTAL_MS
//! ```
//!
//! Instructions are those of the Cranelift IR the target emits before
//! Cranelift's own optimizations (`cuwasm-opt --emit=clif`): of the kernels'
//! block functions, and of every function (host code too). Times are the
//! medians over the REPS compilations, in milliseconds; `EGRAPH_MS` is the
//! pass manager's time for the `egraph` pass (0 below `-O2`).

use cuwasm::{Context, OpId};
use cuwasm_dialects::cpu_abi;
use cuwasm_frontends::cuda::PreprocessOptions;
use cuwasm_passes::{PassManager, PassRegistry, PipelineOptions};
use cuwasm_targets::cranelift::{JitOptions, emit_clif};
use cuwasm_tools::cpu_path::{self, CpuOptions, OptLevel};
use cuwasm_tools::registered_context;
use std::time::Instant;

fn main() {
    let files: Vec<String> = std::env::args().skip(1).collect();
    let reps: usize = std::env::var("REPS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5)
        .max(1);
    if files.is_empty() {
        eprintln!("usage: egraph-cpu FILE.cu... (env REPS)");
        std::process::exit(2);
    }
    for file in &files {
        let text = match std::fs::read_to_string(file) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("egraph-cpu: cannot read '{file}': {e}");
                std::process::exit(1);
            }
        };
        for (name, level) in [
            ("O0", OptLevel::O0),
            ("O1", OptLevel::O1),
            ("O2", OptLevel::O2),
        ] {
            match measure(file, &text, level, reps) {
                Ok(m) => println!(
                    "{file} {name} {} {} {:.3} {:.3} {:.3} {:.3} {:.3}",
                    m.kernel_insts, m.all_insts, m.frontend, m.pipeline, m.egraph, m.jit, m.total
                ),
                Err(e) => {
                    eprintln!("egraph-cpu: {file} at -{name}: {e}");
                    std::process::exit(1);
                }
            }
        }
    }
}

/// One file at one level: instruction counts and median times (ms).
struct Measurement {
    kernel_insts: usize,
    all_insts: usize,
    frontend: f64,
    pipeline: f64,
    egraph: f64,
    jit: f64,
    total: f64,
}

fn measure(file: &str, text: &str, level: OptLevel, reps: usize) -> Result<Measurement, String> {
    let opts = CpuOptions {
        opt_level: level,
        ..CpuOptions::default()
    };
    let registry = PassRegistry::with_builtin_passes();
    let pipeline = cpu_path::cpu_pipeline(&opts);
    let mut times: [Vec<f64>; 5] = Default::default();
    let mut counts = (0, 0);
    for rep in 0..reps {
        let t0 = Instant::now();
        let mut ctx = registered_context();
        let module = cuwasm_frontends::cuda::lower::parse_cuda_module(
            &mut ctx,
            file,
            text,
            &PreprocessOptions::default(),
        )
        .map_err(|ds| {
            ds.iter()
                .map(|d| ctx.render_diagnostic(d))
                .collect::<String>()
        })?;
        let t1 = Instant::now();
        let pm = PassManager::parse(&registry, &pipeline, PipelineOptions::default())?;
        let log = pm
            .run(&mut ctx, module)
            .map_err(|f| ctx.render_diagnostic(&f.diagnostic))?;
        let t2 = Instant::now();
        cpu_path::compile_module_with(&ctx, module, &opts)?;
        let t3 = Instant::now();
        let egraph: f64 = log
            .passes
            .iter()
            .filter(|p| p.name == "egraph")
            .fold(0.0, |sum, p| sum + p.time.as_secs_f64());
        let ms = |a: Instant, b: Instant| (b - a).as_secs_f64() * 1e3;
        for (v, t) in
            times
                .iter_mut()
                .zip([ms(t0, t1), ms(t1, t2), egraph * 1e3, ms(t2, t3), ms(t0, t3)])
        {
            v.push(t);
        }
        if rep == 0 {
            counts = clif_instructions(&ctx, module, level)?;
        }
    }
    let [frontend, pipeline, egraph, jit, total] = times.map(median);
    Ok(Measurement {
        kernel_insts: counts.0,
        all_insts: counts.1,
        frontend,
        pipeline,
        egraph,
        jit,
        total,
    })
}

/// Instructions of the Cranelift IR of the kernels and of every function.
fn clif_instructions(
    ctx: &Context,
    module: OpId,
    level: OptLevel,
) -> Result<(usize, usize), String> {
    let jit = JitOptions {
        optimize: level != OptLevel::O0,
        ..JitOptions::default()
    };
    let text = emit_clif(ctx, module, &jit).map_err(|d| ctx.render_diagnostic(&d))?;
    let body = ctx
        .entry_block(ctx.region(module, 0))
        .expect("a module body");
    let kernels: Vec<String> = ctx
        .block_ops(body)
        .filter(|&f| ctx.is_op(f, "func.func") && ctx.attr(f, cpu_abi::KERNEL_ATTR).is_some())
        .filter_map(|f| ctx.symbol_name(f).map(str::to_string))
        .collect();
    let (mut kernel, mut all, mut in_kernel) = (0, 0, false);
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("; @") {
            in_kernel = kernels.iter().any(|k| k == name);
        } else if is_instruction(line) {
            all += 1;
            kernel += in_kernel as usize;
        }
    }
    Ok((kernel, all))
}

/// An instruction line of a CLIF function body: indented, and not one of the
/// preamble's declarations (`ss0 = ...`, `const0 = ...`, `sig0 = ...`).
fn is_instruction(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("    ") else {
        return false;
    };
    let first = rest.split_whitespace().next().unwrap_or("");
    let declared = ["ss", "const", "sig", "fn", "gv", "jt", "dt"]
        .iter()
        .any(|p| {
            first
                .strip_prefix(p)
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        });
    !first.is_empty() && !declared
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    }
}
