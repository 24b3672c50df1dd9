//! Dialect conversions, one pass per file, in the order the CPU path runs them
//! (docs/cpu-abi.md): `convert-cuda-to-gpu`, `convert-gpu-to-simd`,
//! `convert-cuda-host-to-runtime`. Each file declares its `INFO: PassInfo`, and
//! [`register`] lists them all.

use crate::registry::PassRegistry;

pub mod bounds_checks;
mod build;
pub mod cuda_host_to_runtime;
pub mod cuda_to_gpu;
pub mod expand_cuda_arith;
pub mod gpu_to_simd;
pub mod legalize_f16;
pub mod simd_to_wasm;
pub mod vectorize_thread_loops;

/// Register every conversion of this folder.
pub fn register(r: &mut PassRegistry) {
    let all: &[crate::PassInfo] = &[
        cuda_to_gpu::INFO,
        expand_cuda_arith::INFO,
        legalize_f16::INFO,
        bounds_checks::INFO,
        gpu_to_simd::INFO,
        vectorize_thread_loops::INFO,
        cuda_host_to_runtime::INFO,
        simd_to_wasm::INFO,
    ];
    for info in all {
        r.register(*info).expect("conversion names are unique");
    }
}
