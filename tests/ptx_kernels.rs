//! Running a corpus program with its kernels replaced by the `.entry`s of a
//! PTX module, on the CPU path: what `ptx_vs_cuda.rs` (nvcc's and clang's
//! PTX) and `ptx_target.rs` (the PTX target's own output) check.
//!
//! The CUDA program (host code and kernels) is lowered, then every kernel is
//! replaced by its PTX version: the PTX module's `.entry` named (after
//! Itanium demangling) like a kernel of the program takes that kernel's
//! place in the program's `gpu.module`, its `.func`s come along, and its
//! `.global`/`.const` variables are the program's where the names agree (so
//! that the host's `cudaMemcpyToSymbol` reaches them). The program then runs
//! with its own launch configurations and inputs. It runs in a child process
//! (the test binary itself, filtered to one test) because it prints to the
//! process's stdout: [`run_child`] is the child's side, [`spawn_child`] the
//! parent's.

use crate::{CORPUS_RUNS, tests_dir};
use cuwasm::{Context, OpId};
use cuwasm_tools::cpu_path::CpuProgram;
use std::process::Command;

/// The base name of an Itanium-mangled function name: `_Z5saxpyifPKfPf` is
/// `saxpy`, `_ZN2ns6kernelEv` is `kernel`; other names are themselves.
pub fn demangle_base(name: &str) -> &str {
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
pub fn splice(ctx: &mut Context, cuda: OpId, ptx: OpId) -> Result<Vec<String>, String> {
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

/// Diagnostics rendered (file:line:col, the line, a caret).
pub fn render(ctx: &Context, ds: Vec<cuwasm::Diagnostic>) -> String {
    ds.iter()
        .map(|d| ctx.render_diagnostic(d))
        .collect::<String>()
}

/// The corpus program `stem` (`tests/corpus/cuda/STEM.cu`) with the kernels
/// of the PTX text `ptx_text` (named `ptx_name` in diagnostics), lowered and
/// JIT-compiled; and the kernels replaced.
pub fn program_with_ptx_kernels(
    stem: &str,
    ptx_name: &str,
    ptx_text: &str,
) -> Result<(CpuProgram, Vec<String>), String> {
    let cu = tests_dir().join(format!("corpus/cuda/{stem}.cu"));
    let cu_text = std::fs::read_to_string(&cu).map_err(|e| e.to_string())?;
    let mut ctx = cuwasm_tools::registered_context();
    let pre = cuwasm_frontends::cuda::PreprocessOptions::default();
    let cuda = cuwasm_frontends::cuda::lower::parse_cuda_module(
        &mut ctx,
        &cu.to_string_lossy(),
        &cu_text,
        &pre,
    )
    .map_err(|ds| render(&ctx, ds))?;
    let module = cuwasm_frontend_ptx::parse_ptx_module(&mut ctx, ptx_name, ptx_text)
        .map_err(|ds| render(&ctx, ds))?;
    let replaced = splice(&mut ctx, cuda, module)?;
    ctx.verify(cuda).map_err(|d| ctx.render_diagnostic(&d))?;
    cuwasm_tools::cpu_path::lower_for_cpu(&mut ctx, cuda)?;
    let program = cuwasm_tools::cpu_path::compile_module(&ctx, cuda)?;
    Ok((program, replaced))
}

const BEGIN: &str = "@@@ program output @@@";
const COMPILE_ERROR: i32 = 3;

/// The child's side: when the environment variable `env` holds a spec
/// (`STEM:REST`), run the program `load(stem, rest)` builds with its
/// arguments and exit with `main`'s status; its output follows a marker
/// line, the kernels replaced go to stderr. A compile error exits with
/// status 3. Without the variable, nothing.
pub fn run_child(
    env: &str,
    load: impl FnOnce(&str, &str) -> Result<(CpuProgram, Vec<String>), String>,
) {
    let Ok(spec) = std::env::var(env) else {
        return;
    };
    let (stem, rest) = spec.split_once(':').unwrap_or((&spec, ""));
    let (program, replaced) = match load(stem, rest) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("@@@ compile error @@@\n{e}");
            std::process::exit(COMPILE_ERROR);
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

/// What a child run gave.
pub struct ChildOutcome {
    pub status: Option<i32>,
    /// What the program printed.
    pub printed: String,
    pub stderr: String,
    /// The kernels replaced, when the program ran to its end.
    pub replaced: Option<String>,
}

impl ChildOutcome {
    /// Did the program fail to compile?
    pub fn compile_error(&self) -> bool {
        self.status == Some(COMPILE_ERROR)
    }

    /// A failure message when the program did not exit with 0 and print
    /// `expected`; `None` when it did.
    pub fn failure(&self, id: &str, expected: &str) -> Option<String> {
        if self.status == Some(0) && self.printed == expected && self.replaced.is_some() {
            return None;
        }
        Some(format!(
            "{id}: status {:?}\n--- stdout\n{}--- expected\n{expected}--- stderr\n{}",
            self.status, self.printed, self.stderr
        ))
    }
}

/// The parent's side: run the test `child_test` of this test binary with
/// `env=spec` in a child process.
pub fn spawn_child(child_test: &str, env: &str, spec: &str) -> ChildOutcome {
    let exe = std::env::current_exe().unwrap();
    let out = Command::new(&exe)
        .args(["--exact", child_test, "--nocapture", "--test-threads", "1"])
        .env(env, spec)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let printed = stdout
        .split_once(&format!("\n{BEGIN}\n"))
        .map(|(_, p)| p)
        .unwrap_or("");
    // the harness's own lines come after the program's output
    let printed = printed
        .rsplit_once(&format!("\ntest {child_test}"))
        .map_or(printed, |(p, _)| p)
        .to_string();
    let replaced = stderr
        .lines()
        .find_map(|l| l.strip_prefix("@@@ replaced: "))
        .map(|l| l.trim_end_matches(" @@@").to_string());
    ChildOutcome {
        status: out.status.code(),
        printed,
        stderr,
        replaced,
    }
}

/// The `.expected` output of corpus program `stem`.
pub fn expected_output(stem: &str) -> String {
    std::fs::read_to_string(tests_dir().join(format!("corpus/cuda/{stem}.expected"))).unwrap()
}

/// Run every program of `CORPUS_RUNS` with the kernels of each of `sources`
/// (the text after `STEM:` in the child's spec) through the test
/// `child_test`, and compare what it prints with its `.expected` output.
/// `cannot_run` lists the `SOURCE/STEM` runs known not to compile yet, with
/// the error they must still give. Returns how many matched and a message
/// per run that did not.
pub fn corpus_output_failures(
    child_test: &str,
    env: &str,
    sources: &[&str],
    cannot_run: &[(&str, &str)],
) -> (usize, Vec<String>) {
    let mut failures = Vec::new();
    let mut checked = 0;
    for source in sources {
        for stem in CORPUS_RUNS {
            let out = spawn_child(child_test, env, &format!("{stem}:{source}"));
            let id = format!("{source}/{stem}");
            if let Some((_, reason)) = cannot_run.iter().find(|(f, _)| *f == id) {
                if out.compile_error() && out.stderr.contains(reason) {
                    eprintln!("{id}: cannot run on the CPU path: {reason}");
                } else {
                    failures.push(format!(
                        "{id}: listed as not running ({reason}), but: status {:?}\n{}",
                        out.status, out.stderr
                    ));
                }
                continue;
            }
            match out.failure(&id, &expected_output(stem)) {
                Some(f) => failures.push(f),
                None => {
                    checked += 1;
                    let kernels = out.replaced.unwrap_or_default();
                    eprintln!("{id}: same output; kernels {kernels}");
                }
            }
        }
    }
    (checked, failures)
}
