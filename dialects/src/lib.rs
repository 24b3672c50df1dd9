//! # cuwasm-dialects
//!
//! One file (or folder) per dialect, each with a `register` function.
//!
//! Upstream-compatible (same names, operands, results, properties and verifier
//! rules as MLIR 22, so a file using only these verifies under `mlir-opt-22`):
//! [`builtin`], [`func`], [`arith`], [`math`], [`scf`], [`cf`], [`ptr`], [`gpu`].
//!
//! cuwasm's own (names upstream does not use): [`cuda`] (what CUDA and PTX mean),
//! [`simd`] (the CPU level: lanes, masks), [`wasm`] (the Wasm level).

use cuwasm::Context;

pub mod arith;
pub mod builtin;
pub mod cf;
mod common;
pub mod cpu_abi;
pub mod cuda;
pub mod func;
pub mod gpu;
pub mod math;
pub mod ptr;
pub mod scf;
pub mod simd;
pub mod wasm;
pub mod webgpu_abi;

/// Register every dialect of cuwasm.
pub fn register_all(ctx: &mut Context) {
    builtin::register(ctx);
    func::register(ctx);
    arith::register(ctx);
    math::register(ctx);
    scf::register(ctx);
    cf::register(ctx);
    ptr::register(ctx);
    gpu::register(ctx);
    cuda::register(ctx);
    simd::register(ctx);
    wasm::register(ctx);
}
