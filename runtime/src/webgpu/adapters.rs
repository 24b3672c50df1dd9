//! The adapters wgpu finds, and opening one as a device.
//!
//! One process-wide wgpu instance enumerates the adapters, so that the index
//! [`adapters`] reports is the index [`open`] takes. A device asks for the
//! adapter's own limits (wgpu's defaults are WebGPU's minimums: 256 threads
//! per workgroup, 128 MiB bindings) and for the optional features the
//! backend uses where the adapter has them.

use crate::error::{CudaError, Result, RuntimeError};
use std::sync::OnceLock;

/// One adapter as [`adapters`] lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdapterDescription {
    /// The index [`WebGpuDevice::new`](super::WebGpuDevice::new) takes.
    pub index: usize,
    /// The adapter's name (`"llvmpipe (LLVM 19.1.7, 256 bits)"`).
    pub name: String,
    pub backend: wgpu::Backend,
    pub device_type: wgpu::DeviceType,
    /// The driver and its version, as the backend reports them.
    pub driver: String,
    /// A CPU implementation (lavapipe, SwiftShader, WARP): slower than the
    /// CPU JIT, so never picked unless named.
    pub software: bool,
    /// What the adapter can do (`TIMESTAMP_QUERY`: kernel time;
    /// `PASSTHROUGH_SHADERS`: SPIR-V handed to the driver as is).
    pub features: wgpu::Features,
}

/// Names of software rasterizers whose device type is not always `Cpu`.
const SOFTWARE_NAMES: [&str; 4] = ["llvmpipe", "lavapipe", "swiftshader", "warp"];

/// Whether `info` describes a software (CPU) implementation.
pub fn is_software(info: &wgpu::AdapterInfo) -> bool {
    let name = info.name.to_lowercase();
    info.device_type == wgpu::DeviceType::Cpu || SOFTWARE_NAMES.iter().any(|s| name.contains(s))
}

/// The process's wgpu instance (every backend this build has).
fn instance() -> &'static wgpu::Instance {
    static INSTANCE: OnceLock<wgpu::Instance> = OnceLock::new();
    INSTANCE
        .get_or_init(|| wgpu::Instance::new(wgpu::InstanceDescriptor::new_without_display_handle()))
}

fn enumerate() -> Vec<wgpu::Adapter> {
    pollster::block_on(instance().enumerate_adapters(wgpu::Backends::all()))
}

/// The adapters present, in a stable order (an empty list where there is
/// no Vulkan driver).
pub fn adapters() -> Vec<AdapterDescription> {
    enumerate()
        .iter()
        .enumerate()
        .map(|(index, adapter)| describe(index, adapter))
        .collect()
}

fn describe(index: usize, adapter: &wgpu::Adapter) -> AdapterDescription {
    let info = adapter.get_info();
    AdapterDescription {
        index,
        software: is_software(&info),
        driver: format!("{} {}", info.driver, info.driver_info)
            .trim()
            .to_string(),
        name: info.name,
        backend: info.backend,
        device_type: info.device_type,
        features: adapter.features(),
    }
}

/// Optional features the backend asks for where the adapter has them:
/// kernel time ([`super::timing`]) and events' GPU timestamps
/// ([`super::streams`]), SPIR-V handed to the driver as is, and
/// what a kernel's shader may use beyond core WGSL (f16, subgroups, 64-bit
/// and 16-bit integers, f64, float and 64-bit atomics), so that the
/// emitters can use what [`AdapterDescription::features`] shows.
pub const WANTED_FEATURES: wgpu::Features = wgpu::Features::TIMESTAMP_QUERY
    .union(wgpu::Features::TIMESTAMP_QUERY_INSIDE_ENCODERS)
    .union(wgpu::Features::PASSTHROUGH_SHADERS)
    .union(wgpu::Features::SHADER_F16)
    .union(wgpu::Features::SUBGROUP)
    .union(wgpu::Features::SUBGROUP_BARRIER)
    .union(wgpu::Features::SHADER_INT64)
    .union(wgpu::Features::SHADER_I16)
    .union(wgpu::Features::SHADER_F64)
    .union(wgpu::Features::SHADER_FLOAT32_ATOMIC)
    .union(wgpu::Features::SHADER_INT64_ATOMIC_MIN_MAX)
    .union(wgpu::Features::SHADER_INT64_ATOMIC_ALL_OPS);

/// An opened adapter: its description and its device and queue.
pub struct Opened {
    pub description: AdapterDescription,
    pub device: wgpu::Device,
    pub queue: wgpu::Queue,
}

/// Open adapter `index` of [`adapters`] with its own limits. No adapter
/// there is `cudaErrorNoDevice`; a refused device request
/// `cudaErrorInitializationError`.
pub fn open(index: usize) -> Result<Opened> {
    let mut found = enumerate();
    if index >= found.len() {
        return Err(RuntimeError::new(
            CudaError::NoDevice,
            format!(
                "no webgpu adapter {index} ({} found; is a Vulkan driver such as mesa-vulkan-drivers installed?)",
                found.len()
            ),
        ));
    }
    let adapter = found.swap_remove(index);
    let description = describe(index, &adapter);
    let descriptor = wgpu::DeviceDescriptor {
        label: Some("cuwasm"),
        required_features: adapter.features() & WANTED_FEATURES,
        required_limits: adapter.limits(),
        ..Default::default()
    };
    let (device, queue) = pollster::block_on(adapter.request_device(&descriptor)).map_err(|e| {
        RuntimeError::new(
            CudaError::InitializationError,
            format!(
                "cannot open webgpu adapter {index} ({}): {e}",
                description.name
            ),
        )
    })?;
    Ok(Opened {
        description,
        device,
        queue,
    })
}
