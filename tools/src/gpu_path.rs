//! The GPU paths: a program's kernels emitted for a GPU target (PTX, HIP,
//! WGSL, SPIR-V) from the gpu dialect, while its host code runs natively on
//! the Cranelift JIT as on the CPU path. The device (CUDA driver, wgpu, ...)
//! loads what the target emitted; host code reaches the kernels by their
//! flat names (`module.kernel`) and the device variables through
//! `cudaMemcpyToSymbol` on host copies that the device maps by name.

use crate::cpu_path::{self, CpuOptions, CpuProgram, Language};
use crate::registered_context;
use cuwasm::{Context, Diagnostic, OpId};
use cuwasm_dialects::cpu_abi::flat_symbol;
use cuwasm_runtime::{Device, Kernel, Runtime};

/// From the frontend's output to the gpu dialect, which every GPU target
/// takes: PTX's arithmetic that the targets have no instruction for
/// (directed rounding, bit fields, byte permutes) expanded, device
/// functions inlined, loops structured, device ops into the gpu dialect,
/// cleaned up.
pub const GPU_PIPELINE: &str = "builtin.module(expand-cuda-arith,inline,mem2reg,lift-cf-to-scf,\
     canonicalize,cse,convert-cuda-to-gpu,canonicalize,cse)";

/// What host code needs once the kernels are emitted: 16-bit floats
/// legalized for the CPU, CUDA's host ops into runtime calls.
const HOST_PIPELINE: &str =
    "builtin.module(legalize-f16,convert-cuda-host-to-runtime,canonicalize,cse)";

/// The `gpu.module`s at the top level of `module`.
pub fn gpu_modules(ctx: &Context, module: OpId) -> Vec<OpId> {
    let Some(body) = ctx.entry_block(ctx.region(module, 0)) else {
        return Vec::new();
    };
    ctx.block_ops(body)
        .filter(|&op| ctx.is_op(op, "gpu.module"))
        .collect()
}

/// A program for a GPU device: host code compiled for the CPU, the code the
/// target emitted for its kernels, and what the device is told about them.
pub struct GpuProgram<Code> {
    host: CpuProgram,
    /// What the target emitted (PTX text, a code object, shader modules).
    pub code: Code,
    /// The kernels under their flat names, for `Runtime::register_kernel`.
    pub kernels: Vec<Kernel>,
    /// The flat names of the device variables host code may copy to.
    pub variables: Vec<String>,
}

/// Compile `text` (named `file_name` in diagnostics, written in `language`):
/// the program to the gpu dialect, its first `gpu.module` through `emit`,
/// then the host code for the CPU. Errors come back rendered.
pub fn compile<Code>(
    file_name: &str,
    text: &str,
    language: Language<'_>,
    opts: &CpuOptions,
    emit: impl FnOnce(&Context, OpId) -> Result<Code, Diagnostic>,
) -> Result<GpuProgram<Code>, String> {
    if opts.check_bounds {
        return Err("error: --check-bounds is for --device=cpu\n".into());
    }
    let mut ctx = registered_context();
    let module = cpu_path::parse_source(&mut ctx, file_name, text, language)?;
    cpu_path::run_pipeline(&mut ctx, module, GPU_PIPELINE)?;
    let gms = gpu_modules(&ctx, module);
    let (code, kernels) = match gms.first() {
        Some(&gm) => (
            emit(&ctx, gm).map_err(|d| ctx.render_diagnostic(&d))?,
            kernel_signatures(&ctx, gm),
        ),
        None => return Err(format!("error: {file_name} has no kernels\n")),
    };
    let mut variables = Vec::new();
    for gm in gms {
        variables.extend(keep_only_variables(&mut ctx, gm));
    }
    cpu_path::run_pipeline(&mut ctx, module, HOST_PIPELINE)?;
    let host = cpu_path::compile_module_with(&ctx, module, opts)?;
    Ok(GpuProgram {
        host,
        code,
        kernels,
        variables,
    })
}

/// The kernels of `gm` as the runtime knows them: flat name and parameter
/// count (the device holds the code).
fn kernel_signatures(ctx: &Context, gm: OpId) -> Vec<Kernel> {
    let module_name = ctx.symbol_name(gm).unwrap_or("");
    let body = ctx.entry_block(ctx.region(gm, 0)).unwrap();
    ctx.block_ops(body)
        .filter(|&op| ctx.is_op(op, "gpu.func") && ctx.attr(op, "gpu.kernel").is_some())
        .map(|f| Kernel {
            name: flat_symbol(module_name, ctx.symbol_name(f).unwrap_or("")),
            entry: None,
            static_shared_bytes: 0,
            per_thread_bytes: 0,
            num_params: cuwasm_dialects::func::function_signature(ctx, f)
                .map_or(0, |(inputs, _)| inputs.len()),
            by_value_bytes: cuwasm_dialects::cpu_abi::byval_bytes(ctx, f),
        })
        .collect()
}

/// Replace `gpu.module` `gm` by host copies of its device variables under
/// their flat names (what `cudaMemcpyToSymbol` in host code names), and
/// return those names.
fn keep_only_variables(ctx: &mut Context, gm: OpId) -> Vec<String> {
    let module_name = ctx.symbol_name(gm).unwrap_or("").to_string();
    let body = ctx.entry_block(ctx.region(gm, 0)).unwrap();
    let ops: Vec<OpId> = ctx.block_ops(body).collect();
    let mut names = Vec::new();
    for op in ops {
        if !ctx.is_op(op, "cuda.global_var") {
            continue;
        }
        let flat = flat_symbol(&module_name, ctx.symbol_name(op).unwrap_or(""));
        let attr = ctx.string_attr(&flat);
        ctx.set_prop(op, "sym_name", Some(attr));
        ctx.move_op_before(op, gm);
        names.push(flat);
    }
    ctx.erase_op(gm);
    names
}

impl<Code> GpuProgram<Code> {
    /// A runtime over `device`, which holds this program's code, and the
    /// host code: the device variables' host copies mapped to the device's
    /// through `map_symbol` (host address, flat name), the kernels
    /// registered.
    pub fn into_runtime<D: Device + 'static>(
        self,
        device: D,
        map_symbol: impl Fn(&D, u64, &str) -> cuwasm_runtime::error::Result<()>,
    ) -> Result<(Runtime, CpuProgram), String> {
        for name in &self.variables {
            if let Some(address) = self.host.data(name) {
                map_symbol(&device, address as u64, name).map_err(|e| format!("error: {e}"))?;
            }
        }
        let runtime = Runtime::new(Box::new(device));
        for k in self.kernels {
            runtime
                .register_kernel(k)
                .map_err(|e| format!("error: {e}"))?;
        }
        Ok((runtime, self.host))
    }
}
