//! The Wasm path (docs/wasm-abi.md): the kernels of a program compiled to a
//! Wasm module that the runtime's wasm device (wasmtime) runs, while the
//! host code runs natively on the Cranelift JIT as on the CPU path.

use crate::cpu_path::{CpuOptions, cpu_pipeline};

/// The CPU pipeline ([`cpu_pipeline`]) followed by `convert-simd-to-wasm`.
/// The kernels stay scalar (no `vectorize-thread-loops`) until the Wasm
/// conversion takes vectors.
pub fn wasm_pipeline(opts: &CpuOptions) -> String {
    let cpu = cpu_pipeline(opts).replace("vectorize-thread-loops,", "");
    let body = cpu.strip_suffix(')').unwrap_or(&cpu);
    format!("{body},convert-simd-to-wasm)")
}
