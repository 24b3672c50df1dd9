//! Each corpus PTX file gives the same results as the CUDA source it came
//! from, on the CPU path. The CUDA program (host code and kernels) is
//! lowered, then every kernel is replaced by its PTX version: the PTX
//! module's `.entry` named (after Itanium demangling) like a kernel of the
//! program takes that kernel's place in the program's `gpu.module`, its
//! `.func`s come along, and its `.global`/`.const` variables are the
//! program's where the names agree (so that the host's `cudaMemcpyToSymbol`
//! reaches them). The program then runs with its own launch configurations
//! and inputs, and must print exactly what nvcc's build prints (`.expected`,
//! which the CUDA source's own CPU-path run also matches: `cpu_run.rs`).
//!
//! Every program of `CORPUS_RUNS` (the ones whose host code the CUDA
//! frontend lowers) is checked with the PTX of both nvcc and clang-22. A
//! program runs in a child process (this test binary, filtered to
//! `child_run_program`) because it prints to the process's stdout.

use cuwasm::{Context, OpId};
use cuwasm_tests::{CORPUS_RUNS, tests_dir};
use std::process::Command;

/// The base name of an Itanium-mangled function name: `_Z5saxpyifPKfPf` is
/// `saxpy`, `_ZN2ns6kernelEv` is `kernel`; other names are themselves.
fn demangle_base(name: &str) -> &str {
    let Some(rest) = name.strip_prefix("_Z") else {
        return name;
    };
    let (mut rest, nested) = match rest.strip_prefix('N') {
        Some(r) => (r, true),
        None => (rest, false),
    };
    let mut last = name;
    loop {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let Ok(len) = rest[..digits].parse::<usize>() else {
            return last;
        };
        let Some(part) = rest.get(digits..digits + len) else {
            return last;
        };
        last = part;
        rest = &rest[digits + len..];
        if !nested || rest.starts_with('E') {
            return last;
        }
    }
}

/// The body block of the first `gpu.module` in `module`.
fn gpu_module_body(ctx: &Context, module: OpId) -> Option<cuwasm::BlockId> {
    let body = ctx.entry_block(ctx.region(module, 0))?;
    let gm = ctx
        .block_ops(body)
        .find(|&op| ctx.is_op(op, "gpu.module"))?;
    ctx.entry_block(ctx.region(gm, 0))
}

fn name_of(ctx: &Context, op: OpId) -> Option<String> {
    ctx.symbol_name(op)
        .or_else(|| ctx.attr(op, "sym_name").and_then(|a| ctx.attr_str(a)))
        .map(str::to_string)
}

/// Move the PTX module `ptx`'s kernels into the CUDA module `cuda` in place
/// of the kernels of the same (demangled) names, with the functions and the
/// variables they need. Returns the kernels replaced.
fn splice(ctx: &mut Context, cuda: OpId, ptx: OpId) -> Result<Vec<String>, String> {
    let to = gpu_module_body(ctx, cuda).ok_or("the CUDA module has no gpu.module")?;
    let from = gpu_module_body(ctx, ptx).ok_or("the PTX module has no gpu.module")?;
    let existing: Vec<(String, OpId)> = ctx
        .block_ops(to)
        .filter_map(|op| name_of(ctx, op).map(|n| (n, op)))
        .collect();
    let find = |n: &str| existing.iter().find(|(m, _)| m == n).map(|(_, op)| *op);
    let mut replaced = Vec::new();
    for op in ctx.block_ops(from).collect::<Vec<_>>() {
        let Some(name) = name_of(ctx, op) else {
            continue;
        };
        let kernel = ctx.is_op(op, "gpu.func") && ctx.attr(op, "gpu.kernel").is_some();
        if kernel {
            let base = demangle_base(&name).to_string();
            let Some(old) = find(&base) else {
                continue;
            };
            ctx.erase_op(old);
            ctx.detach_op(op);
            let a = ctx.string_attr(&base);
            ctx.set_attr(op, "sym_name", Some(a));
            ctx.append_op(to, op);
            replaced.push(base);
        } else if ctx.is_op(op, "cuda.global_var") && find(&name).is_some() {
            // the program's variable of that name serves the PTX kernels
        } else if find(&name).is_some() {
            return Err(format!(
                "'{name}' of the PTX is also defined by the program"
            ));
        } else {
            ctx.detach_op(op);
            ctx.append_op(to, op);
        }
    }
    ctx.erase_op(ptx);
    Ok(replaced)
}

/// The CUDA program `stem` with the kernels of `flavor`'s PTX, lowered and
/// JIT-compiled; and the kernels replaced.
fn program_with_ptx_kernels(
    stem: &str,
    flavor: &str,
) -> Result<(cuwasm_tools::cpu_path::CpuProgram, Vec<String>), String> {
    let cu = tests_dir().join(format!("corpus/cuda/{stem}.cu"));
    let ptx = tests_dir().join(format!("corpus/ptx/{flavor}/{stem}.ptx"));
    let cu_text = std::fs::read_to_string(&cu).map_err(|e| e.to_string())?;
    let ptx_text = std::fs::read_to_string(&ptx).map_err(|e| e.to_string())?;
    let mut ctx = cuwasm_tools::registered_context();
    let render = |ctx: &Context, ds: Vec<cuwasm::Diagnostic>| {
        ds.iter()
            .map(|d| ctx.render_diagnostic(d))
            .collect::<String>()
    };
    let pre = cuwasm_frontends::cuda::PreprocessOptions::default();
    let cuda = cuwasm_frontends::cuda::lower::parse_cuda_module(
        &mut ctx,
        &cu.to_string_lossy(),
        &cu_text,
        &pre,
    )
    .map_err(|ds| render(&ctx, ds))?;
    let module = cuwasm_frontend_ptx::parse_ptx_module(&mut ctx, &ptx.to_string_lossy(), &ptx_text)
        .map_err(|ds| render(&ctx, ds))?;
    let replaced = splice(&mut ctx, cuda, module)?;
    ctx.verify(cuda).map_err(|d| ctx.render_diagnostic(&d))?;
    cuwasm_tools::jit::prepare_ptx(&mut ctx, cuda)?;
    cuwasm_tools::cpu_path::lower_for_cpu(&mut ctx, cuda)?;
    let program = cuwasm_tools::cpu_path::compile_module(&ctx, cuda)?;
    Ok((program, replaced))
}

const CHILD_ENV: &str = "CUWASM_PTX_VS_CUDA";
const BEGIN: &str = "@@@ program output @@@";

/// In a child process (`CUWASM_PTX_VS_CUDA=stem:flavor`): run the program
/// with the PTX kernels; its output follows a marker line, then the kernels
/// replaced and the exit status. Without the variable, nothing.
#[test]
fn child_run_program() {
    let Ok(spec) = std::env::var(CHILD_ENV) else {
        return;
    };
    let (stem, flavor) = spec.split_once(':').expect("stem:flavor");
    let (program, replaced) = match program_with_ptx_kernels(stem, flavor) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("@@@ compile error @@@\n{e}");
            std::process::exit(3);
        }
    };
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    writeln!(out, "\n{BEGIN}").unwrap();
    out.flush().unwrap();
    drop(out);
    let args = [format!("{stem}.cu")];
    let status = program
        .run_main(cuwasm_runtime::Runtime::cpu(), &args)
        .unwrap_or_else(|e| panic!("{e}"));
    eprintln!("@@@ replaced: {} @@@", replaced.join(" "));
    std::process::exit(status);
}

/// The PTX files that cannot run on the CPU path yet, with the error they
/// give. Each must still fail so; one that starts to run fails the test
/// until it leaves this list. (Empty since convert-gpu-to-simd reads the
/// values a region yields after lowering the region: before, the kernels of
/// 05_matmul_tiled, 12_nbody and 24_dynamic_shared, whose `scf.if` yields
/// the results of an `scf.while` with barriers, lost them.)
const CANNOT_RUN: &[(&str, &str)] = &[];

#[test]
fn ptx_kernels_give_the_programs_output() {
    let exe = std::env::current_exe().unwrap();
    let mut failures = Vec::new();
    let mut checked = 0;
    for flavor in ["nvcc", "clang"] {
        for stem in CORPUS_RUNS {
            let out = Command::new(&exe)
                .args([
                    "--exact",
                    "child_run_program",
                    "--nocapture",
                    "--test-threads",
                    "1",
                ])
                .env(CHILD_ENV, format!("{stem}:{flavor}"))
                .output()
                .unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout);
            let stderr = String::from_utf8_lossy(&out.stderr);
            let printed = stdout
                .split_once(&format!("\n{BEGIN}\n"))
                .map(|(_, p)| p)
                .unwrap_or("");
            // the harness's own lines come after the program's output
            let printed = printed
                .rsplit_once("\ntest child_run_program")
                .map_or(printed, |(p, _)| p);
            let expected =
                std::fs::read_to_string(tests_dir().join(format!("corpus/cuda/{stem}.expected")))
                    .unwrap();
            let replaced = stderr
                .lines()
                .find_map(|l| l.strip_prefix("@@@ replaced: "))
                .map(|l| l.trim_end_matches(" @@@").to_string());
            let id = format!("{flavor}/{stem}");
            if let Some((_, reason)) = CANNOT_RUN.iter().find(|(f, _)| *f == id) {
                if out.status.code() == Some(3) && stderr.contains(reason) {
                    eprintln!("{id}: cannot run on the CPU path: {reason}");
                } else {
                    failures.push(format!(
                        "{id}: listed as not running ({reason}), but: status {:?}\n{stderr}",
                        out.status.code()
                    ));
                }
                continue;
            }
            if out.status.code() != Some(0) || printed != expected || replaced.is_none() {
                failures.push(format!(
                    "{flavor}/{stem}: status {:?}\n--- stdout\n{printed}--- expected\n{expected}--- stderr\n{stderr}",
                    out.status.code()
                ));
            } else {
                checked += 1;
                eprintln!(
                    "{flavor}/{stem}: same output; kernels {}",
                    replaced.unwrap()
                );
            }
        }
    }
    eprintln!("{checked} PTX files give their program's output");
    assert!(
        failures.is_empty(),
        "{} of {} differ:\n{}",
        failures.len(),
        2 * CORPUS_RUNS.len(),
        failures.join("\n")
    );
}
