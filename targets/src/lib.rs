//! # cuwasm-targets
//!
//! One module per emitter: `ptx`, `hip`, `spirv`, `wgsl`, `cranelift`, `wasm`.
//! Each takes a verified module at its input level (gpu or simd/wasm dialect) and
//! produces text or a binary that a real validator accepts.

#[cfg(feature = "cranelift")]
pub mod cranelift;

pub mod hip;

pub mod ptx;

#[cfg(feature = "spirv")]
pub mod spirv;

#[cfg(feature = "wasm")]
pub mod wasm;

#[cfg(feature = "wgsl")]
pub mod wgsl;
