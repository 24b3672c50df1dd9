//! The cuda backend: PTX kernels on NVIDIA GPUs through the CUDA driver,
//! `libcuda.so.1`, loaded at run time (never linked).
//!
//! [`devices`] lists what the driver sees; a machine without the library, a
//! failing `cuInit` or zero devices is `cudaErrorNoDevice` with the reason.
//! A [`CudaDevice`] is one device's primary context (made current on
//! whichever thread calls) with one PTX module loaded through
//! `cuModuleLoadDataEx`; a module that does not load is the driver's error
//! with the JIT's error log. A kernel's flat name `module.kernel` names the
//! PTX entry `kernel`; host code's `__device__`/`__constant__` variables are
//! mapped to the module's globals with [`CudaDevice::map_symbol`] (flat name
//! `module.var`, PTX name `var`). Memory, copies, launches, streams and
//! events are the driver's; errors keep the driver's name and message
//! (`cuMemAlloc_v2: CUDA_ERROR_OUT_OF_MEMORY: out of memory`) under CUDA's
//! runtime code.
//!
//! - `api.rs`: `cuda.h`'s types and constants, the entry-point table, errors.
//! - `discovery.rs`: devices and their properties.
//! - `module.rs`: PTX loading with JIT logs; kernels, parameters, globals.
//! - `context.rs`: the [`Driver`](crate::driver::Driver) over one context.

pub mod api;
pub mod context;
pub mod discovery;
mod module;

pub use crate::driver::DeviceInfo;
use crate::driver::DriverDevice;
use crate::error::Result;
use api::CudaApi;
use context::CudaContext;
pub use module::JitLog;
use std::path::Path;

/// A CUDA device with one PTX module: a [`Device`](crate::Device).
pub type CudaDevice = DriverDevice<CudaContext>;

/// The CUDA devices of this machine, from the driver found as `libcuda.so.1`.
pub fn devices() -> Result<Vec<DeviceInfo>> {
    discovery::devices_of(&*CudaApi::get()?)
}

/// The CUDA devices the driver at `library` sees.
pub fn devices_in(library: &Path) -> Result<Vec<DeviceInfo>> {
    discovery::devices_of(&*CudaApi::load(library)?)
}

impl CudaDevice {
    /// Device `ordinal` with the PTX module `ptx` loaded.
    pub fn new(ordinal: usize, ptx: &str) -> Result<CudaDevice> {
        let context = CudaContext::new(CudaApi::get()?, ordinal, ptx)?;
        let info = crate::driver::Driver::info(&context);
        let name = format!(
            "cuda:{ordinal} ({}, sm_{}{})",
            info.name, info.compute_capability.0, info.compute_capability.1
        );
        Ok(DriverDevice::from_driver(name, context))
    }

    /// What the JIT said while loading the module (its info and error logs).
    pub fn jit_log(&self) -> &module::JitLog {
        self.driver().jit_log()
    }
}
