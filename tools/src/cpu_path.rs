//! The CPU path as a library (docs/cpu-abi.md): a whole CUDA program, host
//! code and kernels, compiled to native code by the Cranelift JIT and run on
//! cuwasm's runtime. `cuwasm-run` and the in-process tests both use it.

use crate::registered_context;
use cuwasm::{Context, OpId};
use cuwasm_dialects::cpu_abi;
use cuwasm_frontends::cuda::PreprocessOptions;
use cuwasm_passes::conversions::bounds_checks::REGISTER_SYMBOLS_FN;
use cuwasm_passes::{PassManager, PassRegistry, PipelineOptions};
use cuwasm_runtime::{BlockFn, Kernel, Runtime};
use cuwasm_targets::cranelift::{self, JitModule, JitOptions};
use std::ffi::{CString, c_char};
use std::sync::Arc;

/// From the frontend's output to what the Cranelift target takes, at `-O2`:
/// the cuda dialect's arithmetic that CPUs have no instruction for (directed
/// rounding of `__fadd_rz` and PTX's `.rz`, `.ftz`, approximate and
/// saturating conversions, bit fields) into arith and math, 16-bit floats into their bits with exact f32 arithmetic (the target has no
/// f16), device functions inlined and loops structured, device ops into the gpu
/// dialect, kernels into block functions whose thread loops run 4 threads per
/// SIMD vector where they can, the kernels' pure arithmetic (index math above
/// all) rewritten through an e-graph for the CPU's costs, host CUDA calls
/// into runtime calls.
pub const CPU_PIPELINE: &str = "builtin.module(expand-cuda-arith,legalize-f16,inline,mem2reg,lift-cf-to-scf,canonicalize,cse,\
     convert-cuda-to-gpu,canonicalize,cse,convert-gpu-to-simd,vectorize-thread-loops,\
     egraph{target=cpu},convert-cuda-host-to-runtime,canonicalize,cse)";

/// [`CPU_PIPELINE`] without the e-graph pass (`-O1`).
pub const CPU_PIPELINE_O1: &str = "builtin.module(expand-cuda-arith,legalize-f16,inline,mem2reg,lift-cf-to-scf,canonicalize,cse,\
     convert-cuda-to-gpu,canonicalize,cse,convert-gpu-to-simd,vectorize-thread-loops,\
     convert-cuda-host-to-runtime,canonicalize,cse)";

/// `-O0`: only the passes lowering needs (docs/ARCHITECTURE.md, "Optimization
/// levels").
pub const CPU_PIPELINE_O0: &str = "builtin.module(expand-cuda-arith,legalize-f16,inline,lift-cf-to-scf,\
     convert-cuda-to-gpu,canonicalize{enable-patterns=RemoveUnusedResults},convert-gpu-to-simd,convert-cuda-host-to-runtime)";

/// How much the CPU path optimizes (`cuwasm-run -O0/-O1/-O2`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum OptLevel {
    /// Every optimization off: [`CPU_PIPELINE_O0`], Cranelift at
    /// `opt_level=none`.
    O0,
    /// The cleanups and the vectorizer, no e-graph: [`CPU_PIPELINE_O1`],
    /// Cranelift at `opt_level=speed`.
    O1,
    /// Everything: [`CPU_PIPELINE`] (with `egraph{target=cpu}`), Cranelift at
    /// `opt_level=speed`.
    #[default]
    O2,
}

impl OptLevel {
    /// `0`, `1` or `2` (as in `-O2`).
    pub fn parse(level: &str) -> Result<OptLevel, String> {
        match level {
            "0" => Ok(OptLevel::O0),
            "1" => Ok(OptLevel::O1),
            "2" => Ok(OptLevel::O2),
            _ => Err(format!(
                "error: unknown optimization level '-O{level}' (use -O0, -O1 or -O2)"
            )),
        }
    }

    /// The pass pipeline of this level.
    pub fn pipeline(self) -> &'static str {
        match self {
            OptLevel::O0 => CPU_PIPELINE_O0,
            OptLevel::O1 => CPU_PIPELINE_O1,
            OptLevel::O2 => CPU_PIPELINE,
        }
    }
}

/// Choices of the CPU path beyond the plain compile.
#[derive(Clone, Copy, Debug, Default)]
pub struct CpuOptions {
    /// Check every device-memory access of the kernels (`cpu-bounds-checks`,
    /// `cuwasm-run --check-bounds`): a bad access is reported and skipped, and
    /// the program sees `cudaErrorIllegalAddress`.
    pub check_bounds: bool,
    /// The optimization level (`-O2` by default).
    pub opt_level: OptLevel,
}

/// The pipeline of `opts.opt_level`, with `cpu-bounds-checks` before
/// `convert-gpu-to-simd` (it needs the kernels' `gpu.thread_id`s) when
/// checking.
pub fn cpu_pipeline(opts: &CpuOptions) -> String {
    let pipeline = opts.opt_level.pipeline();
    match opts.check_bounds {
        true => pipeline.replace(
            "convert-gpu-to-simd",
            "cpu-bounds-checks,convert-gpu-to-simd",
        ),
        false => pipeline.to_string(),
    }
}

/// A compiled program: native code for every function, and its kernels.
pub struct CpuProgram {
    jit: JitModule,
    kernels: Vec<Kernel>,
    /// Functions registering device variables with the runtime, run before
    /// `main` (only bounds-checked programs have them).
    symbol_registrations: Vec<String>,
    /// `main(int argc, char **argv)` rather than `main()`.
    main_takes_args: bool,
}

/// Compile CUDA source `text` (named `file_name` in diagnostics) for the CPU.
/// Errors come back rendered (file:line:col, the line, a caret).
pub fn compile_cuda(
    file_name: &str,
    text: &str,
    pre: &PreprocessOptions,
) -> Result<CpuProgram, String> {
    compile_cuda_with(file_name, text, pre, &CpuOptions::default())
}

/// [`compile_cuda`] with [`CpuOptions`].
pub fn compile_cuda_with(
    file_name: &str,
    text: &str,
    pre: &PreprocessOptions,
    opts: &CpuOptions,
) -> Result<CpuProgram, String> {
    compile_source(file_name, text, Language::Cuda(pre), opts)
}

/// Compile `text`, written in `language`, for the CPU.
pub fn compile_source(
    file_name: &str,
    text: &str,
    language: Language<'_>,
    opts: &CpuOptions,
) -> Result<CpuProgram, String> {
    let mut ctx = registered_context();
    let module = parse_source(&mut ctx, file_name, text, language)?;
    lower_for_cpu_with(&mut ctx, module, opts)?;
    compile_module_with(&ctx, module, opts)
}

/// What a source text is written in, with its frontend's options.
#[derive(Clone, Copy, Debug)]
pub enum Language<'a> {
    /// A CUDA program (`.cu`): kernels and host code.
    Cuda(&'a PreprocessOptions),
    /// PTX assembly (`.ptx`): kernels only.
    Ptx,
}

/// `text` into IR by the frontend of `language`, errors rendered.
pub fn parse_source(
    ctx: &mut Context,
    file_name: &str,
    text: &str,
    language: Language<'_>,
) -> Result<OpId, String> {
    match language {
        Language::Cuda(pre) => parse_cuda(ctx, file_name, text, pre),
        Language::Ptx => cuwasm_frontend_ptx::parse_ptx_module(ctx, file_name, text)
            .map_err(|ds| render(ctx, &ds)),
    }
}

fn render(ctx: &Context, diagnostics: &[cuwasm::Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| ctx.render_diagnostic(d))
        .collect()
}

/// CUDA source into IR, errors rendered.
pub fn parse_cuda(
    ctx: &mut Context,
    file_name: &str,
    text: &str,
    pre: &PreprocessOptions,
) -> Result<OpId, String> {
    cuwasm_frontends::cuda::lower::parse_cuda_module(ctx, file_name, text, pre)
        .map_err(|ds| render(ctx, &ds))
}

/// Run `pipeline` on `module`, errors rendered.
pub fn run_pipeline(ctx: &mut Context, module: OpId, pipeline: &str) -> Result<(), String> {
    let registry = PassRegistry::with_builtin_passes();
    let pm = PassManager::parse(&registry, pipeline, PipelineOptions::default())?;
    pm.run(ctx, module)
        .map(|_| ())
        .map_err(|f| ctx.render_diagnostic(&f.diagnostic))
}

/// Run [`CPU_PIPELINE`] on `module`.
pub fn lower_for_cpu(ctx: &mut Context, module: OpId) -> Result<(), String> {
    lower_for_cpu_with(ctx, module, &CpuOptions::default())
}

/// Run [`cpu_pipeline`] for `opts` on `module`.
pub fn lower_for_cpu_with(
    ctx: &mut Context,
    module: OpId,
    opts: &CpuOptions,
) -> Result<(), String> {
    run_pipeline(ctx, module, &cpu_pipeline(opts))
}

/// JIT-compile a module already lowered by [`lower_for_cpu`].
pub fn compile_module(ctx: &Context, module: OpId) -> Result<CpuProgram, String> {
    compile_module_with(ctx, module, &CpuOptions::default())
}

/// [`compile_module`] for a module lowered by [`lower_for_cpu_with`]`(opts)`:
/// Cranelift optimizes unless `opts.opt_level` is [`OptLevel::O0`].
pub fn compile_module_with(
    ctx: &Context,
    module: OpId,
    cpu: &CpuOptions,
) -> Result<CpuProgram, String> {
    let mut opts = JitOptions {
        optimize: cpu.opt_level != OptLevel::O0,
        ..JitOptions::default()
    };
    for (name, address) in cuwasm_runtime::abi::symbols() {
        opts = opts.with_symbol(name, address);
    }
    let jit = cranelift::compile(ctx, module, &opts).map_err(|d| ctx.render_diagnostic(&d))?;
    let mut kernels = Vec::new();
    let mut main_takes_args = false;
    let body = ctx.entry_block(ctx.region(module, 0)).unwrap();
    for f in ctx.block_ops(body).filter(|&op| ctx.is_op(op, "func.func")) {
        let name = ctx.symbol_name(f).unwrap_or("").to_string();
        if name == "main" {
            main_takes_args = cuwasm_dialects::func::function_signature(ctx, f)
                .is_some_and(|(i, _)| i.len() >= 2);
        }
        if ctx.attr(f, cpu_abi::KERNEL_ATTR).is_none() {
            continue;
        }
        let int = |key: &str| ctx.attr(f, key).and_then(|a| ctx.attr_int(a)).unwrap_or(0) as usize;
        let address = jit
            .function(&name)
            .ok_or_else(|| format!("error: kernel '{name}' was not compiled"))?;
        // SAFETY: convert-gpu-to-simd gives every kernel the BlockFn signature (docs/cpu-abi.md).
        let entry: BlockFn = unsafe { std::mem::transmute::<*const u8, BlockFn>(address) };
        kernels.push(Kernel {
            name,
            entry: Some(entry),
            static_shared_bytes: int(cpu_abi::STATIC_SHARED_BYTES_ATTR),
            per_thread_bytes: int(cpu_abi::PER_THREAD_BYTES_ATTR),
            num_params: int(cpu_abi::NUM_PARAMS_ATTR),
            ..Default::default()
        });
    }
    let suffix = format!(".{REGISTER_SYMBOLS_FN}");
    let symbol_registrations = jit
        .function_names()
        .filter(|n| n.ends_with(&suffix))
        .map(str::to_string)
        .collect();
    Ok(CpuProgram {
        jit,
        kernels,
        symbol_registrations,
        main_takes_args,
    })
}

impl CpuProgram {
    /// The address of host code's global `name` (a `cuda.global_var`).
    pub fn data(&self, name: &str) -> Option<*const u8> {
        self.jit.data(name)
    }

    /// The kernels, under their flat names (`kernels.saxpy`).
    pub fn kernels(&self) -> &[Kernel] {
        &self.kernels
    }

    /// The address of a compiled function.
    pub fn function(&self, name: &str) -> Option<*const u8> {
        self.jit.function(name)
    }

    /// Register the kernels with `runtime`.
    pub fn load_into(&self, runtime: &Runtime) -> Result<(), String> {
        for k in &self.kernels {
            runtime
                .register_kernel(k.clone())
                .map_err(|e| format!("error: {e}"))?;
        }
        Ok(())
    }

    /// Install `runtime` for the host code, then run `main` with `args` (the
    /// program name first, as C's argv has it). Returns main's result.
    pub fn run_main(&self, runtime: Runtime, args: &[String]) -> Result<i32, String> {
        let runtime: Arc<Runtime> = cuwasm_runtime::abi::install(runtime);
        self.load_into(&runtime)?;
        for name in &self.symbol_registrations {
            let f = self.jit.function(name).expect("listed from the JIT");
            // SAFETY: the cpu-bounds-checks pass defines these as `() -> ()`.
            let f: extern "C" fn() = unsafe { std::mem::transmute(f) };
            f();
        }
        let main = self
            .jit
            .function("main")
            .ok_or("error: the program has no 'main' function")?;
        let c_args: Vec<CString> = args
            .iter()
            .map(|a| {
                CString::new(a.as_str())
                    .map_err(|_| format!("error: argument '{a}' contains a NUL byte"))
            })
            .collect::<Result<_, _>>()?;
        let mut argv: Vec<*const c_char> = c_args.iter().map(|a| a.as_ptr()).collect();
        argv.push(std::ptr::null());
        let status = if self.main_takes_args {
            // SAFETY: main(i32, ptr) -> i32 as the frontend declares it; argv outlives the call.
            let f: extern "C" fn(i32, *const *const c_char) -> i32 =
                unsafe { std::mem::transmute(main) };
            f(args.len() as i32, argv.as_ptr())
        } else {
            // SAFETY: main() -> i32.
            let f: extern "C" fn() -> i32 = unsafe { std::mem::transmute(main) };
            f()
        };
        cuwasm_runtime::printf::flush();
        Ok(status)
    }
}
