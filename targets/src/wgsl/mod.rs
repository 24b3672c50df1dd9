//! The WGSL target: gpu-dialect kernels (a `gpu.module` after
//! `cuwasm_tools::gpu_path::GPU_PIPELINE`) to WebGPU compute shaders, one
//! module per kernel, following docs/webgpu-abi.md.
//!
//! - [`pointers`]: every pointer traced to one buffer at compile time.
//! - [`uniformity`]: which values are uniform, and which structured ops
//!   around a barrier become predicated code.
//! - [`int64`]: `i64` as its low word, or `vec2<u32>` where needed.
//! - [`layout`]: the parameter block and the bindings (the ABI).
//! - [`kernel`]: the walk over a kernel's ops and the module text, with
//!   [`expr`] (pure ops), [`control`] (scf), [`memory`] (loads, stores),
//!   [`atomics`] and [`warp`] (barriers, warp ops, block votes).
//! - [`ieee`]: correctly rounded `f32` square root and division (CUDA's
//!   `sqrtf` and `/`), where WGSL allows a few ulp.
//! - [`validate`]: naga parses and validates every module before it leaves
//!   [`emit`]; a failure is an internal compiler error at the kernel.
//!
//! What WGSL cannot express is a located error naming the construct and
//! the target: f64, pointers stored to or loaded from memory or chosen
//! between buffers at run time, 64-bit atomics (except an `atomicAdd` whose
//! result is unused), named barriers, directed rounding.

mod atomics;
mod control;
mod expr;
pub mod ieee;
mod int64;
mod kernel;
mod layout;
mod libm;
mod memory;
mod pointers;
mod types;
mod uniformity;
pub(crate) mod validate;
mod warp;

use cuwasm::{Context, Diagnostic, OpId};
use cuwasm_dialects::webgpu_abi::KernelLayout;

/// Options of the WGSL target.
#[derive(Clone, Debug)]
pub struct WgslOptions {
    /// Whether the device has `shader-f16`: without it a kernel using `f16`
    /// is an error.
    pub shader_f16: bool,
}

impl Default for WgslOptions {
    fn default() -> Self {
        WgslOptions { shader_f16: true }
    }
}

/// One kernel's shader module and how to launch it.
#[derive(Clone, Debug)]
pub struct WgslKernel {
    pub layout: KernelLayout,
    /// The WGSL module (validated by naga).
    pub source: String,
}

/// A module-scope declaration (function or variable) emitted once into the
/// modules that use it.
pub struct Helper {
    pub name: &'static str,
    /// Helpers this one uses.
    pub deps: &'static [&'static Helper],
    pub text: &'static str,
}

/// The kernels (`gpu.func` with `gpu.kernel`) of `gpu_module`, in order.
pub fn kernels(ctx: &Context, gpu_module: OpId) -> Vec<OpId> {
    let Some(body) = ctx.entry_block(ctx.region(gpu_module, 0)) else {
        return Vec::new();
    };
    ctx.block_ops(body)
        .filter(|&op| ctx.is_op(op, "gpu.func") && cuwasm_dialects::gpu::is_kernel(ctx, op))
        .collect()
}

/// Every kernel of `gpu_module` as a validated WGSL module.
pub fn emit(
    ctx: &Context,
    gpu_module: OpId,
    opts: &WgslOptions,
) -> Result<Vec<WgslKernel>, Diagnostic> {
    kernels(ctx, gpu_module)
        .into_iter()
        .map(|func| emit_kernel(ctx, gpu_module, func, opts))
        .collect()
}

/// One kernel as a validated WGSL module.
pub fn emit_kernel(
    ctx: &Context,
    gpu_module: OpId,
    func: OpId,
    opts: &WgslOptions,
) -> Result<WgslKernel, Diagnostic> {
    types::check_types(ctx, func)?;
    reject_calls(ctx, func)?;
    let ptrs = pointers::analyze(ctx, func)?;
    let uni = uniformity::analyze(ctx, func, &ptrs);
    let layout = layout::layout(ctx, gpu_module, func, &ptrs)?;
    let mut k = kernel::Kernel::new(ctx, func, ptrs, uni, &layout);
    k.emit_body(&layout)?;
    if k.f16 && !opts.shader_f16 {
        let msg = "uses f16, which the WGSL target supports only on devices with shader-f16";
        return Err(ctx.op_error(func, msg));
    }
    let source = k.module_text(&layout);
    validate::check(&source).map_err(|e| {
        ctx.op_error(
            func,
            format!("internal compiler error: the WGSL emitter made an invalid module (a cuwasm bug, please report it): {e}"),
        )
    })?;
    Ok(WgslKernel {
        layout: layout.kernel,
        source,
    })
}

/// Device functions are inlined by the GPU pipeline; a call left (recursion)
/// has no WGSL form here.
fn reject_calls(ctx: &Context, func: OpId) -> Result<(), Diagnostic> {
    for op in ctx.walk_preorder(func) {
        let name = ctx.op_name_text(op);
        if name == "func.call" || name == "gpu.printf" || name.starts_with("cuda.libc_") {
            return Err(ctx.op_error(op, "is not supported by the WGSL target"));
        }
    }
    Ok(())
}
