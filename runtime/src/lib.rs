//! # cuwasm-runtime
//!
//! The runtime that compiled CUDA programs call, and its devices.
//!
//! - [`Runtime`] (`runtime.rs`): the CUDA runtime API over one [`Device`] —
//!   kernels by flat name, launch validation, `cudaMemcpy` directions, the
//!   per-thread last error.
//! - [`Device`] (`device.rs`): the backend interface (memory named by `u64`
//!   addresses, copies, memset, kernel loading, launches, synchronize), so that
//!   wgpu, CUDA driver and wasmtime backends can join the CPU one.
//! - [`cpu`]: the CPU backend. Memory is host memory tracked in an allocation
//!   table; a kernel is a block function (docs/cpu-abi.md) called once per block
//!   with a [`KernelEnv`](cpu::env::KernelEnv), blocks spread over all cores.
//! - [`wasm`] (feature `wasm`): the wasmtime backend. Memory is the kernel
//!   module's shared linear memory; a kernel is an export of the module
//!   (docs/wasm-abi.md), blocks spread over all cores, one instance each.
//! - [`cuda`] (feature `cuda`): PTX on NVIDIA GPUs through `libcuda.so.1`,
//!   loaded at run time; [`hip`] (feature `hip`): code objects on AMD GPUs
//!   through `libamdhip64`. Both are a [`driver::DriverDevice`] over the
//!   vendor's [`driver::Driver`].
//! - [`webgpu`] (feature `webgpu`): the wgpu backend. Kernels are WGSL or
//!   SPIR-V compute shaders (docs/webgpu-abi.md), one wgpu buffer per
//!   allocation, dispatches on whatever adapter is present (lavapipe on the CPU).
//! - [`pool`]: the persistent worker threads both backends run blocks on.
//! - [`abi`]: the `extern "C" cuwasm_rt_*` functions that JIT-compiled host code
//!   calls, over a process-global runtime, and [`abi::symbols`] for the JIT.
//! - [`printf`]: C's `printf` formatting through the C library's `snprintf`.
//! - [`error`]: CUDA's error codes with their names and messages.

pub mod abi;
pub mod cpu;
#[cfg(feature = "cuda")]
pub mod cuda;
pub mod device;
#[cfg(any(feature = "cuda", feature = "hip"))]
pub mod driver;
pub mod error;
#[cfg(feature = "hip")]
pub mod hip;
pub mod kernel;
pub mod pool;
pub mod printf;
pub mod runtime;
pub mod streams;
#[cfg(feature = "wasm")]
pub mod wasm;
#[cfg(feature = "webgpu")]
pub mod webgpu;

pub use cpu::CpuDevice;
pub use cpu::env::KernelEnv;
#[cfg(feature = "cuda")]
pub use cuda::CudaDevice;
pub use device::{
    Device, DeviceProperties, DevicePtr, EventHandle, KernelParams, LaunchConfig, StreamHandle,
};
pub use error::{CudaError, RuntimeError};
#[cfg(feature = "hip")]
pub use hip::HipDevice;
pub use kernel::{BlockFn, Kernel, KernelRegistry};
pub use runtime::{MemcpyKind, Runtime};
#[cfg(feature = "wasm")]
pub use wasm::WasmDevice;
#[cfg(feature = "webgpu")]
pub use webgpu::{Shader, WebGpuDevice};
