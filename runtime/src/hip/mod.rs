//! The hip backend: AMD code objects on AMD GPUs through the HIP runtime,
//! `libamdhip64`, loaded at run time (never linked), written against the
//! HIP API.
//!
//! [`devices`] lists what HIP sees; a machine without the library or
//! without an AMD GPU is `cudaErrorNoDevice` with HIP's reason (ROCm 5.2
//! without a GPU: `hipGetDeviceCount: hipErrorNoDevice`). A [`HipDevice`] is
//! one device (made current with `hipSetDevice` on whichever thread calls)
//! with one code object loaded through `hipModuleLoadData`: `hipcc
//! --genco` output, or [`compile`]'s (hiprtc). A kernel's flat name
//! `module.kernel` names the code object's symbol `kernel` (`extern "C"`
//! kernels keep their names); variables are mapped with
//! [`HipDevice::map_symbol`] as on CUDA. HIP cannot list a module's kernels
//! or count their parameters, so kernels are registered by name.
//!
//! - `api.rs`: the HIP types and constants, the entry-point table, errors.
//! - `discovery.rs`: devices and their properties.
//! - `context.rs`: the [`Driver`](crate::driver::Driver) over one device.
//! - `rtc.rs`: hiprtc, HIP source to a code object.

pub mod api;
pub mod context;
pub mod discovery;
pub mod rtc;

pub use crate::driver::DeviceInfo;
use crate::driver::DriverDevice;
use crate::error::Result;
use api::HipApi;
use context::HipContext;
use std::path::Path;

/// A HIP device with one code object: a [`Device`](crate::Device).
pub type HipDevice = DriverDevice<HipContext>;

/// The HIP devices of this machine, from the runtime the loader finds
/// ([`api::LIBRARIES`]).
pub fn devices() -> Result<Vec<DeviceInfo>> {
    discovery::devices_of(&*HipApi::get()?)
}

/// The HIP devices the runtime at `library` sees.
pub fn devices_in(library: &Path) -> Result<Vec<DeviceInfo>> {
    discovery::devices_of(&*HipApi::load(library)?)
}

/// Compile HIP C++ `source` for the AMD architecture `arch` (`gfx90a`)
/// into a code object with hiprtc; needs no GPU.
pub fn compile(source: &str, name: &str, arch: &str) -> Result<Vec<u8>> {
    rtc::HiprtcApi::get()?.compile(source, name, arch)
}

impl HipDevice {
    /// Device `ordinal` with the code object `image` loaded.
    pub fn new(ordinal: usize, image: &[u8]) -> Result<HipDevice> {
        let context = HipContext::new(HipApi::get()?, ordinal, image)?;
        let info = crate::driver::Driver::info(&context);
        let name = format!("hip:{ordinal} ({})", info.name);
        Ok(DriverDevice::from_driver(name, context))
    }
}
