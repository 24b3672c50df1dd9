//! The webgpu backend: kernels compiled to WGSL or SPIR-V compute shaders
//! (docs/webgpu-abi.md), run through wgpu on whatever adapter is present
//! (a GPU's Vulkan driver, or Mesa's lavapipe on the CPU).
//!
//! A [`WebGpuDevice`] is made from one adapter ([`adapters`]) and the
//! program's kernels, one shader each with its
//! [`KernelLayout`](cuwasm_dialects::webgpu_abi::KernelLayout). Device
//! memory is wgpu buffers, one per allocation ([`memory`]: a
//! [`DevicePtr`] encodes buffer and offset); each device variable has a
//! buffer of its own ([`symbols`]). Launches are asynchronous, as on a GPU:
//! `launch` submits the dispatches, copies to the host wait for them, and
//! `synchronize` waits and returns any error wgpu reported in the meantime
//! ([`errors`]: never a panic, never a silent success).

pub mod adapters;
pub mod errors;
pub mod launch;
pub mod managed;
pub mod memory;
pub mod pipeline;
pub mod shader;
pub mod spirv;
pub mod streams;
pub mod symbols;
pub mod timing;
pub mod transfer;

pub use adapters::{AdapterDescription, adapters};
pub use shader::Shader;
/// The wgpu this backend is built on (its adapter types, and naga).
pub use wgpu;

use crate::device::{
    Device, DeviceProperties, DevicePtr, EMULATED_COMPUTE_CAPABILITY, EventHandle, Fault,
    KernelParams, LaunchConfig, StreamHandle, WARP_SIZE,
};
use crate::error::{CudaError, Result, RuntimeError};
use crate::kernel::Kernel;
use cuwasm_dialects::webgpu_abi::KernelLayout;
use launch::{Bound, Context};
use managed::Managed;
use memory::{Allocation, Allocations, Kind};
use pipeline::KernelProgram;
use shader::{Code, Compile};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use streams::Streams;
use symbols::Variables;
use timing::Timer;
use transfer::Gpu;

/// Choices beyond the adapter and the kernels.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WebGpuOptions {
    /// Hand SPIR-V kernels to the driver as they are
    /// (`Features::PASSTHROUGH_SHADERS`) instead of through naga's SPIR-V
    /// reader and wgpu's validation. An adapter without the feature refuses
    /// the device (`cudaErrorInitializationError`).
    pub spirv_passthrough: bool,
}

/// Usage of device allocations: kernels' storage, and copies both ways.
const ALLOCATION_USAGE: wgpu::BufferUsages = wgpu::BufferUsages::STORAGE
    .union(wgpu::BufferUsages::COPY_SRC)
    .union(wgpu::BufferUsages::COPY_DST);

/// Kernels of one program on one wgpu adapter.
pub struct WebGpuDevice {
    name: String,
    adapter: AdapterDescription,
    gpu: Gpu,
    memory: Allocations,
    managed: Managed,
    variables: Variables,
    kernels: HashMap<String, KernelProgram>,
    /// Bound where a pointer argument is null.
    null_buffer: wgpu::Buffer,
    timer: Option<Mutex<Timer>>,
    streams: Streams,
    /// What wgpu reported outside a call's error scopes, or a lost device.
    fault: Arc<Fault>,
}

impl WebGpuDevice {
    /// Open adapter `adapter_index` of [`adapters`] and load `kernels`,
    /// each a layout and its shader. A shader that does not compile, or an
    /// adapter that cannot be opened, is an error naming why (naga's or
    /// wgpu's message), never a panic.
    pub fn new(adapter_index: usize, kernels: Vec<(KernelLayout, Shader)>) -> Result<WebGpuDevice> {
        WebGpuDevice::with_options(adapter_index, kernels, WebGpuOptions::default())
    }

    /// As [`WebGpuDevice::new`], with `options`.
    pub fn with_options(
        adapter_index: usize,
        kernels: Vec<(KernelLayout, Shader)>,
        options: WebGpuOptions,
    ) -> Result<WebGpuDevice> {
        let checks = wgpu::ShaderRuntimeChecks::checked();
        WebGpuDevice::with_checks(adapter_index, kernels, options, checks)
    }

    /// As [`WebGpuDevice::with_options`], with the checks naga adds to the
    /// kernels' code. wgpu's own (`ShaderRuntimeChecks::checked()`) make an
    /// out-of-bounds access read zero and write nothing; without
    /// `bounds_checks` it is undefined, as in CUDA, and faster on GPUs.
    pub fn with_checks(
        adapter_index: usize,
        kernels: Vec<(KernelLayout, Shader)>,
        options: WebGpuOptions,
        checks: wgpu::ShaderRuntimeChecks,
    ) -> Result<WebGpuDevice> {
        let opened = adapters::open(adapter_index)?;
        let fault = Arc::new(Fault::default());
        errors::capture_uncaptured(&opened.device, &fault);
        if options.spirv_passthrough
            && !opened
                .device
                .features()
                .contains(wgpu::Features::PASSTHROUGH_SHADERS)
        {
            return Err(RuntimeError::new(
                CudaError::InitializationError,
                format!(
                    "webgpu adapter '{}' cannot take SPIR-V as it is (no PASSTHROUGH_SHADERS)",
                    opened.description.name
                ),
            ));
        }
        let gpu = Gpu {
            device: opened.device,
            queue: opened.queue,
        };
        let memory = Allocations::default();
        let variables = Variables::create(
            &gpu,
            &memory,
            kernels.iter().flat_map(|(l, _)| &l.variables),
        )?;
        let compile = Compile {
            passthrough: options.spirv_passthrough,
            checks,
        };
        let mut programs = HashMap::new();
        for (layout, shader) in kernels {
            let (code, reflection) =
                Code::load(&gpu.device, &layout.name, &layout.entry, shader, compile)?;
            let program = KernelProgram::new(layout, code, reflection, compile);
            programs.insert(program.layout.name.clone(), program);
        }
        let null_buffer = gpu.buffer("cuwasm null", 256, ALLOCATION_USAGE)?;
        let timer = Timer::new(&gpu.device, &gpu.queue).map(Mutex::new);
        let adapter = opened.description;
        Ok(WebGpuDevice {
            name: format!("webgpu ({}, {:?})", adapter.name, adapter.backend),
            adapter,
            gpu,
            memory,
            managed: Managed::default(),
            variables,
            kernels: programs,
            null_buffer,
            timer,
            streams: Streams::default(),
            fault,
        })
    }

    /// The adapter the device runs on.
    pub fn adapter(&self) -> &AdapterDescription {
        &self.adapter
    }

    /// The limits the device was opened with (the adapter's).
    pub fn limits(&self) -> wgpu::Limits {
        self.gpu.device.limits()
    }

    /// The kernels, sorted by name, to register with a
    /// [`Runtime`](crate::Runtime) (`entry` is `None`: the device runs them).
    pub fn kernels(&self) -> Vec<Kernel> {
        let mut kernels: Vec<Kernel> = self
            .kernels
            .values()
            .map(|k| Kernel {
                name: k.layout.name.clone(),
                entry: None,
                static_shared_bytes: k.layout.static_shared_bytes as usize,
                per_thread_bytes: 0,
                num_params: k.layout.params.len(),
                ..Default::default()
            })
            .collect();
        kernels.sort_by(|a, b| a.name.cmp(&b.name));
        kernels
    }

    /// The device address and size of the device variable `name` (flat).
    pub fn variable(&self, name: &str) -> Option<(DevicePtr, usize)> {
        let v = self.variables.by_name.get(name)?;
        Some((v.ptr, v.bytes as usize))
    }

    /// Tell the device that host code's copy of the device variable `name`
    /// (by flat name, `module.var`) is at `host_address`, so that symbol
    /// copies naming that address reach the variable's buffer. A name no
    /// kernel uses is `cudaErrorInvalidSymbol`.
    pub fn map_symbol(&self, host_address: u64, name: &str) -> Result<()> {
        self.variables.map(host_address, name)
    }

    /// The GPU time of the last launch's dispatches (timestamp queries),
    /// waiting for it to finish; `None` where the adapter has no
    /// `TIMESTAMP_QUERY`, before the first launch, or if the device failed.
    pub fn last_kernel_time(&self) -> Option<Duration> {
        self.timer.as_ref()?.lock().unwrap().last(&self.gpu)
    }

    /// Whether the device measures kernel time.
    pub fn has_kernel_timer(&self) -> bool {
        self.timer.is_some()
    }

    fn program(&self, kernel: &Kernel) -> Result<&KernelProgram> {
        self.kernels.get(&kernel.name).ok_or_else(|| {
            RuntimeError::new(
                CudaError::InvalidDeviceFunction,
                format!("the webgpu device has no kernel '{}'", kernel.name),
            )
        })
    }

    /// `cudaMallocManaged`: `bytes` of host memory that host code uses
    /// directly (the pointer is its host address) and kernels through a
    /// buffer, kept in step at launches and synchronizes ([`managed`]).
    pub fn alloc_managed(&self, bytes: usize) -> Result<DevicePtr> {
        if bytes == 0 {
            return Ok(0);
        }
        let size = self.buffer_size(bytes)?;
        self.managed.alloc(&self.gpu, size, ALLOCATION_USAGE)
    }

    /// The size of the buffer for `bytes`: whole words, within what one
    /// buffer can hold, else `cudaErrorMemoryAllocation`.
    fn buffer_size(&self, bytes: usize) -> Result<u64> {
        let max = self.limits().max_buffer_size.min(memory::MAX_ALLOCATION);
        let size = (bytes as u64)
            .checked_next_multiple_of(4)
            .filter(|&s| s <= max);
        size.ok_or_else(|| {
            RuntimeError::new(
                CudaError::MemoryAllocation,
                format!("{bytes} bytes: more than one webgpu buffer can hold ({max} bytes on this adapter)"),
            )
        })
    }

    /// Live `cudaMalloc` and `cudaMallocManaged` allocations.
    pub fn allocations(&self) -> usize {
        self.memory.count(Kind::Program) + self.managed.count()
    }

    /// The buffers of `program`'s variables at their bindings.
    fn bound_variables(&self, program: &KernelProgram) -> Vec<Bound> {
        program
            .layout
            .variables
            .iter()
            .map(|slot| Bound {
                binding: slot.binding,
                buffer: self.variables.by_name[&slot.name].buffer.clone(),
            })
            .collect()
    }

    /// Wait for the queue and bring managed memory's host copies up to
    /// date; a failure recorded since, if any, with the waiting's own.
    fn wait(&self) -> Result<()> {
        let waited = self
            .gpu
            .wait(None)
            .and_then(|()| self.managed.download_all(&self.gpu));
        if let Err(e) = &waited {
            self.fault.record(|| e.clone());
        }
        self.fault.check()
    }
}

impl std::fmt::Debug for WebGpuDevice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "WebGpuDevice({})", self.name)
    }
}

impl Device for WebGpuDevice {
    fn name(&self) -> &str {
        &self.name
    }

    fn alloc_managed(&self, bytes: usize) -> Result<DevicePtr> {
        WebGpuDevice::alloc_managed(self, bytes)
    }

    fn alloc(&self, bytes: usize) -> Result<DevicePtr> {
        if bytes == 0 {
            return Ok(0);
        }
        let max = self
            .gpu
            .device
            .limits()
            .max_buffer_size
            .min(memory::MAX_ALLOCATION);
        let size = (bytes as u64)
            .checked_next_multiple_of(4)
            .filter(|&s| s <= max);
        let size = size.ok_or_else(|| {
            RuntimeError::new(
                CudaError::MemoryAllocation,
                format!("{bytes} bytes: more than one webgpu buffer can hold ({max} bytes on this adapter)"),
            )
        })?;
        let buffer = self
            .gpu
            .buffer("cuwasm allocation", size, ALLOCATION_USAGE)?;
        self.memory.insert(Allocation {
            buffer,
            bytes: bytes as u64,
            kind: Kind::Program,
        })
    }

    fn free(&self, ptr: DevicePtr) -> Result<()> {
        if ptr == 0 || self.managed.free(ptr) {
            return Ok(());
        }
        // wgpu keeps the buffer alive until the work that uses it is done.
        self.memory.remove(ptr).map(drop).ok_or_else(|| {
            RuntimeError::new(
                CudaError::InvalidDevicePointer,
                format!("{ptr:#x} is not the start of a webgpu device allocation"),
            )
        })
    }

    fn contains(&self, ptr: DevicePtr, bytes: usize) -> bool {
        self.memory.contains(ptr, bytes as u64) || self.managed.contains(ptr, bytes as u64)
    }

    fn copy_to_device(&self, dst: DevicePtr, src: &[u8]) -> Result<()> {
        if src.is_empty() {
            return Ok(());
        }
        let to_managed = |host: &mut [u8]| host.copy_from_slice(src);
        if let Some(copied) = self
            .managed
            .with_host(&self.gpu, dst, src.len() as u64, to_managed)
        {
            return copied;
        }
        let range = self
            .memory
            .checked_range(dst, src.len() as u64, "destination")?;
        self.gpu.write(&range, src)
    }

    fn copy_to_host(&self, dst: &mut [u8], src: DevicePtr) -> Result<()> {
        if dst.is_empty() {
            return Ok(());
        }
        let bytes = dst.len() as u64;
        let from_managed = |host: &mut [u8]| dst.copy_from_slice(host);
        if let Some(copied) = self.managed.with_host(&self.gpu, src, bytes, from_managed) {
            return copied.and_then(|()| self.fault.check());
        }
        let range = self.memory.checked_range(src, dst.len() as u64, "source")?;
        self.gpu.read(&range, dst)?;
        // The copy waited for every launch before it: report their failure.
        self.fault.check()
    }

    fn copy_device_to_device(&self, dst: DevicePtr, src: DevicePtr, bytes: usize) -> Result<()> {
        if bytes == 0 {
            return Ok(());
        }
        let managed = |p| self.managed.contains(p, bytes as u64);
        if managed(dst) || managed(src) {
            // Through the host: a managed side's copy lives there.
            let mut staged = vec![0u8; bytes];
            self.copy_to_host(&mut staged, src)?;
            return self.copy_to_device(dst, &staged);
        }
        let to = self
            .memory
            .checked_range(dst, bytes as u64, "destination")?;
        let from = self.memory.checked_range(src, bytes as u64, "source")?;
        self.gpu.copy(&to, &from)
    }

    fn memset(&self, dst: DevicePtr, value: u8, bytes: usize) -> Result<()> {
        if bytes == 0 {
            return Ok(());
        }
        let fill = |host: &mut [u8]| host.fill(value);
        if let Some(filled) = self.managed.with_host(&self.gpu, dst, bytes as u64, fill) {
            return filled;
        }
        let range = self
            .memory
            .checked_range(dst, bytes as u64, "destination")?;
        self.gpu.fill(&range, value)
    }

    /// The bounds-check registration (`name`, host code's `address`) maps
    /// the symbol as [`WebGpuDevice::map_symbol`] does; names no kernel
    /// uses are ignored.
    fn register_symbol(&self, name: &str, address: DevicePtr, _bytes: usize) {
        let _ = self.map_symbol(address, name);
    }

    fn symbol_address(&self, symbol: u64, offset: usize, bytes: usize) -> Result<DevicePtr> {
        self.variables.address(symbol, offset, bytes)
    }

    /// Device memory is wgpu buffers: symbol copies are transfers.
    fn host_addressable(&self) -> bool {
        false
    }

    fn load_kernel(&self, kernel: &Kernel) -> Result<()> {
        let program = self.program(kernel)?;
        kernel.check_num_params(program.layout.params.len(), "its layout")
    }

    unsafe fn launch(
        &self,
        kernel: &Kernel,
        config: &LaunchConfig,
        params: KernelParams,
    ) -> Result<()> {
        let program = self.program(kernel)?;
        let context = Context {
            gpu: &self.gpu,
            memory: &self.memory,
            managed: &self.managed,
            null_buffer: &self.null_buffer,
            variables: self.bound_variables(program),
            timer: self.timer.as_ref(),
        };
        // SAFETY: forwarded from the caller.
        unsafe { launch::launch(program, config, params, context) }
    }

    fn synchronize(&self) -> Result<()> {
        self.wait()
    }

    /// The adapter's limits. wgpu reports neither the memory's size nor
    /// the compute units: the largest buffer stands for the first, one unit
    /// for the second. Grids of any CUDA size run (split into dispatches).
    fn properties(&self) -> DeviceProperties {
        let limits = self.limits();
        DeviceProperties {
            name: self.adapter.name.clone(),
            total_global_mem: limits.max_buffer_size.min(memory::MAX_ALLOCATION),
            shared_mem_per_block: limits.max_compute_workgroup_storage_size.into(),
            warp_size: WARP_SIZE,
            max_threads_per_block: limits.max_compute_invocations_per_workgroup,
            max_threads_dim: [
                limits.max_compute_workgroup_size_x,
                limits.max_compute_workgroup_size_y,
                limits.max_compute_workgroup_size_z,
            ],
            max_grid_size: crate::runtime::MAX_GRID_DIM,
            compute_capability: EMULATED_COMPUTE_CAPABILITY,
            multiprocessor_count: 1,
        }
    }

    // Streams share the one queue (streams.rs): their work runs in order.

    fn create_stream(&self) -> Result<StreamHandle> {
        Ok(self.streams.create_stream())
    }

    fn synchronize_stream(&self, stream: StreamHandle) -> Result<()> {
        self.streams.check_stream(stream)?;
        self.wait()
    }

    fn destroy_stream(&self, stream: StreamHandle) -> Result<()> {
        self.streams.destroy_stream(stream)
    }

    unsafe fn launch_on_stream(
        &self,
        kernel: &Kernel,
        config: &LaunchConfig,
        params: KernelParams,
        stream: StreamHandle,
    ) -> Result<()> {
        self.streams.check_stream(stream)?;
        // SAFETY: forwarded from the caller.
        unsafe { self.launch(kernel, config, params) }
    }

    fn create_event(&self) -> Result<EventHandle> {
        Ok(self.streams.create_event())
    }

    fn record_event(&self, event: EventHandle, stream: StreamHandle) -> Result<()> {
        self.streams.record(&self.gpu, event, stream)
    }

    fn synchronize_event(&self, event: EventHandle) -> Result<()> {
        self.streams.synchronize(&self.gpu, event)?;
        self.fault.check()
    }

    fn event_elapsed_ms(&self, start: EventHandle, end: EventHandle) -> Result<f32> {
        self.streams.elapsed_ms(&self.gpu, start, end)
    }

    fn destroy_event(&self, event: EventHandle) -> Result<()> {
        self.streams.destroy_event(event)
    }
}
