//! The CPU path as a library (docs/cpu-abi.md): a whole CUDA program, host
//! code and kernels, compiled to native code by the Cranelift JIT and run on
//! cuwasm's runtime. `cuwasm-run` and the in-process tests both use it.

use crate::registered_context;
use cuwasm::{Context, OpId};
use cuwasm_dialects::cpu_abi;
use cuwasm_frontends::cuda::PreprocessOptions;
use cuwasm_passes::{PassManager, PassRegistry, PipelineOptions};
use cuwasm_runtime::{BlockFn, Kernel, Runtime};
use cuwasm_targets::cranelift::{self, JitModule, JitOptions};
use std::ffi::{CString, c_char};
use std::sync::Arc;

/// From the frontend's output to what the Cranelift target takes: device
/// functions inlined and loops structured, device ops into the gpu dialect,
/// kernels into block functions, host CUDA calls into runtime calls.
pub const CPU_PIPELINE: &str = "builtin.module(inline,mem2reg,lift-cf-to-scf,canonicalize,cse,\
     convert-cuda-to-gpu,canonicalize,cse,convert-gpu-to-simd,convert-cuda-host-to-runtime,canonicalize,cse)";

/// A compiled program: native code for every function, and its kernels.
pub struct CpuProgram {
    jit: JitModule,
    kernels: Vec<Kernel>,
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
    let mut ctx = registered_context();
    let module = cuwasm_frontends::cuda::lower::parse_cuda_module(&mut ctx, file_name, text, pre)
        .map_err(|ds| {
        ds.iter()
            .map(|d| ctx.render_diagnostic(d))
            .collect::<String>()
    })?;
    lower_for_cpu(&mut ctx, module)?;
    compile_module(&ctx, module)
}

/// Run [`CPU_PIPELINE`] on `module`.
pub fn lower_for_cpu(ctx: &mut Context, module: OpId) -> Result<(), String> {
    let registry = PassRegistry::with_builtin_passes();
    let pm = PassManager::parse(&registry, CPU_PIPELINE, PipelineOptions::default())?;
    pm.run(ctx, module)
        .map(|_| ())
        .map_err(|f| ctx.render_diagnostic(&f.diagnostic))
}

/// JIT-compile a module already lowered by [`lower_for_cpu`].
pub fn compile_module(ctx: &Context, module: OpId) -> Result<CpuProgram, String> {
    let mut opts = JitOptions::default();
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
            entry,
            static_shared_bytes: int(cpu_abi::STATIC_SHARED_BYTES_ATTR),
            per_thread_bytes: int(cpu_abi::PER_THREAD_BYTES_ATTR),
            num_params: int(cpu_abi::NUM_PARAMS_ATTR),
        });
    }
    Ok(CpuProgram {
        jit,
        kernels,
        main_takes_args,
    })
}

impl CpuProgram {
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
