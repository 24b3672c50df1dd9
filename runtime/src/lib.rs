//! # cuwasm-runtime
//!
//! `Runtime`, the `Device` trait, buffers, modules and launches, with one backend
//! per module behind a cargo feature: `cpu`, `wasm`, `webgpu`, `cuda`, `hip`.
