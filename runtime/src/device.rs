//! The [`Device`] trait: what the [`Runtime`](crate::Runtime) asks of a backend.
//!
//! Device memory is named by `u64` addresses ([`DevicePtr`]) so that every
//! backend (the CPU, where they are real addresses; wgpu, the CUDA driver and
//! wasmtime, where they are handles or offsets) fits one interface. Host memory
//! is passed as slices; the raw pointers of JIT-compiled host code are turned into
//! slices by [`abi`](crate::abi) and [`Runtime`](crate::Runtime).

use crate::error::{CudaError, Result, RuntimeError};
use crate::kernel::Kernel;
use std::sync::Mutex;

/// An address in a device's memory.
pub type DevicePtr = u64;

/// A device's stream (`CUstream`, `hipStream_t`) as an opaque handle; 0 is
/// the default stream.
pub type StreamHandle = u64;

/// A device's event (`CUevent`, `hipEvent_t`) as an opaque handle.
pub type EventHandle = u64;

/// The shape of a launch: `grid` blocks of `block` threads, and the bytes of
/// dynamic shared memory (`extern __shared__`) each block gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LaunchConfig {
    pub grid: [u32; 3],
    pub block: [u32; 3],
    pub dynamic_shared_bytes: usize,
}

impl LaunchConfig {
    /// A one-dimensional launch without dynamic shared memory.
    pub fn linear(blocks: u32, threads: u32) -> LaunchConfig {
        LaunchConfig {
            grid: [blocks, 1, 1],
            block: [threads, 1, 1],
            dynamic_shared_bytes: 0,
        }
    }

    /// Blocks in the grid.
    pub fn num_blocks(&self) -> u64 {
        self.grid.iter().map(|&d| d as u64).product()
    }

    /// Threads in one block.
    pub fn threads_per_block(&self) -> u64 {
        self.block.iter().map(|&d| d as u64).product()
    }
}

/// The kernel arguments of a launch in CUDA's `kernelParams` form: one pointer
/// per argument, each to the argument's value.
#[derive(Clone, Copy, Debug)]
pub struct KernelParams {
    pub ptr: *const *const u8,
    pub len: usize,
}

// SAFETY: the argument values are only read, and the launch that holds this
// outlives every block that reads them (blocks run inside the launch call).
unsafe impl Send for KernelParams {}
unsafe impl Sync for KernelParams {}

/// A place where kernels run. Methods take `&self` because one device serves
/// every host thread; implementations synchronize inside.
pub trait Device: Send + Sync {
    /// A name for people (`"cpu (16 threads)"`).
    fn name(&self) -> &str;

    /// `bytes` of device memory (`cudaMalloc`). Zero bytes give the null pointer;
    /// memory the device cannot provide is `cudaErrorMemoryAllocation`.
    fn alloc(&self, bytes: usize) -> Result<DevicePtr>;

    /// `bytes` of managed memory (`cudaMallocManaged`): memory host code
    /// reads and writes directly through the returned address, and kernels
    /// through the same address. Where device memory is host memory (the
    /// CPU, wasm) that is [`Device::alloc`].
    fn alloc_managed(&self, bytes: usize) -> Result<DevicePtr> {
        self.alloc(bytes)
    }

    /// Release memory from [`Device::alloc`]; null is a no-op, any other pointer
    /// that is not the start of a live allocation is `cudaErrorInvalidDevicePointer`.
    fn free(&self, ptr: DevicePtr) -> Result<()>;

    /// Whether `[ptr, ptr + bytes)` lies inside one live allocation; also how
    /// `cudaMemcpyDefault` tells device pointers from host pointers.
    fn contains(&self, ptr: DevicePtr, bytes: usize) -> bool;

    /// Copy host memory to the device.
    fn copy_to_device(&self, dst: DevicePtr, src: &[u8]) -> Result<()>;

    /// Copy device memory to the host.
    fn copy_to_host(&self, dst: &mut [u8], src: DevicePtr) -> Result<()>;

    /// Copy `bytes` between two device ranges (which may overlap).
    fn copy_device_to_device(&self, dst: DevicePtr, src: DevicePtr, bytes: usize) -> Result<()>;

    /// Set `bytes` of device memory to `value` (`cudaMemset`).
    fn memset(&self, dst: DevicePtr, value: u8, bytes: usize) -> Result<()>;

    /// Tell the device that the program variable `name` (a `__device__` or
    /// `__constant__` variable, by flat name) lives at `address` for `bytes`
    /// bytes, so that bounds-checked kernels may access it. Backends that
    /// place variables themselves ignore it.
    fn register_symbol(&self, _name: &str, _address: DevicePtr, _bytes: usize) {}

    /// The device address of `bytes` bytes at `offset` into the program
    /// variable whose host code address is `symbol` (what host code passes
    /// to `cudaMemcpyToSymbol`). Where host code and kernels share the
    /// variable (the CPU) that is `symbol + offset`; a device with its own
    /// copy (wasm: the module's memory) maps it, and refuses a range outside
    /// the variable (`cudaErrorInvalidValue`) or an unknown symbol
    /// (`cudaErrorInvalidSymbol`).
    fn symbol_address(&self, symbol: u64, offset: usize, bytes: usize) -> Result<DevicePtr> {
        symbol
            .checked_add(offset as u64)
            .filter(|a| a.checked_add(bytes as u64).is_some())
            .ok_or_else(|| RuntimeError::new(CudaError::InvalidValue, "symbol offset out of range"))
    }

    /// Make `kernel` launchable (compile or check it, as the backend needs).
    fn load_kernel(&self, kernel: &Kernel) -> Result<()>;

    /// Run `kernel` over the grid of `config`.
    ///
    /// # Safety
    /// `params` must point to `params.len` pointers, each to a value of the
    /// kernel's corresponding parameter type, valid for the whole call.
    unsafe fn launch(
        &self,
        kernel: &Kernel,
        config: &LaunchConfig,
        params: KernelParams,
    ) -> Result<()>;

    /// Wait for everything launched so far; a kernel's failure is returned here.
    fn synchronize(&self) -> Result<()>;

    /// Whether device addresses are host addresses (the CPU; wasm's linear
    /// memory), so that host code's symbol copies are host copies. Devices
    /// with memory of their own (CUDA, HIP) say no.
    fn host_addressable(&self) -> bool {
        true
    }

    // Streams and events: devices whose launches finish before `launch`
    // returns have none, and need not implement these. Without streams
    // only the default stream (0) exists; the rest is `cudaErrorNotSupported`.

    /// A new stream.
    fn create_stream(&self) -> Result<StreamHandle> {
        Err(not_supported(self.name(), "streams"))
    }

    /// Wait for everything queued on `stream`.
    fn synchronize_stream(&self, _stream: StreamHandle) -> Result<()> {
        self.synchronize()
    }

    fn destroy_stream(&self, _stream: StreamHandle) -> Result<()> {
        Err(not_supported(self.name(), "streams"))
    }

    /// [`Device::launch`] on `stream`.
    ///
    /// # Safety
    /// As [`Device::launch`].
    unsafe fn launch_on_stream(
        &self,
        kernel: &Kernel,
        config: &LaunchConfig,
        params: KernelParams,
        stream: StreamHandle,
    ) -> Result<()> {
        match stream {
            // SAFETY: forwarded from the caller.
            0 => unsafe { self.launch(kernel, config, params) },
            _ => Err(not_supported(self.name(), "streams")),
        }
    }

    /// A new event.
    fn create_event(&self) -> Result<EventHandle> {
        Err(not_supported(self.name(), "events"))
    }

    /// Record `event` when `stream`'s work so far is done.
    fn record_event(&self, _event: EventHandle, _stream: StreamHandle) -> Result<()> {
        Err(not_supported(self.name(), "events"))
    }

    /// Wait until `event`'s recorded work is done.
    fn synchronize_event(&self, _event: EventHandle) -> Result<()> {
        Err(not_supported(self.name(), "events"))
    }

    /// Milliseconds between two completed events (`cudaEventElapsedTime`).
    fn event_elapsed_ms(&self, _start: EventHandle, _end: EventHandle) -> Result<f32> {
        Err(not_supported(self.name(), "events"))
    }

    fn destroy_event(&self, _event: EventHandle) -> Result<()> {
        Err(not_supported(self.name(), "events"))
    }
}

/// `cudaErrorNotSupported`: `device` has no `what`.
fn not_supported(device: &str, what: &str) -> RuntimeError {
    RuntimeError::new(CudaError::NotSupported, format!("{device} has no {what}"))
}

/// A device's first kernel fault, which every later `synchronize` returns
/// (sticky, as a CUDA kernel fault is).
#[derive(Debug, Default)]
pub struct Fault(Mutex<Option<RuntimeError>>);

impl Fault {
    /// Keep `error` unless a fault is kept already.
    pub fn record(&self, error: impl FnOnce() -> RuntimeError) {
        self.0.lock().unwrap().get_or_insert_with(error);
    }

    /// The fault, or success: what `synchronize` returns.
    pub fn check(&self) -> Result<()> {
        match &*self.0.lock().unwrap() {
            Some(e) => Err(e.clone()),
            None => Ok(()),
        }
    }
}
