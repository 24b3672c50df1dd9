//! The GPU paths: a program's kernels emitted for a GPU target (PTX, HIP,
//! WGSL, SPIR-V) from the gpu dialect, while its host code runs natively on
//! the Cranelift JIT as on the CPU path.

use cuwasm::{Context, OpId};

/// From the frontend's output to the gpu dialect, which every GPU target
/// takes: device functions inlined, loops structured, device ops into the
/// gpu dialect, cleaned up.
pub const GPU_PIPELINE: &str = "builtin.module(inline,mem2reg,lift-cf-to-scf,canonicalize,cse,\
     convert-cuda-to-gpu,canonicalize,cse)";

/// The `gpu.module`s at the top level of `module`.
pub fn gpu_modules(ctx: &Context, module: OpId) -> Vec<OpId> {
    let Some(body) = ctx.entry_block(ctx.region(module, 0)) else {
        return Vec::new();
    };
    ctx.block_ops(body)
        .filter(|&op| ctx.is_op(op, "gpu.module"))
        .collect()
}
