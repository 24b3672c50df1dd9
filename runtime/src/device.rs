//! The [`Device`] trait: what the [`Runtime`](crate::Runtime) asks of a backend.
//!
//! Device memory is named by `u64` addresses ([`DevicePtr`]) so that every
//! backend (the CPU, where they are real addresses; wgpu, the CUDA driver and
//! wasmtime, where they are handles or offsets) fits one interface. Host memory
//! is passed as slices; the raw pointers of JIT-compiled host code are turned into
//! slices by [`abi`](crate::abi) and [`Runtime`](crate::Runtime).

use crate::error::{CudaError, Result, RuntimeError};
use crate::kernel::Kernel;
use crate::streams::SyncStreams;
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

    /// What `cudaGetDeviceProperties` reports, from the device itself.
    fn properties(&self) -> DeviceProperties;

    // Streams and events. A device whose launches and copies have finished
    // when they return keeps them in a [`SyncStreams`] and returns it from
    // `sync_streams`: the defaults below then serve. Others implement these.

    /// The streams and events of a synchronous device.
    fn sync_streams(&self) -> Option<&SyncStreams> {
        None
    }

    /// A new stream.
    fn create_stream(&self) -> Result<StreamHandle> {
        Ok(sync_streams(self, "streams")?.create_stream())
    }

    /// Wait for everything queued on `stream`.
    fn synchronize_stream(&self, stream: StreamHandle) -> Result<()> {
        if let Some(s) = self.sync_streams() {
            s.check_stream(stream)?;
        }
        self.synchronize()
    }

    fn destroy_stream(&self, stream: StreamHandle) -> Result<()> {
        sync_streams(self, "streams")?.destroy_stream(stream)
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
        if stream != 0 {
            sync_streams(self, "streams")?.check_stream(stream)?;
        }
        // SAFETY: forwarded from the caller.
        unsafe { self.launch(kernel, config, params) }
    }

    /// A new event.
    fn create_event(&self) -> Result<EventHandle> {
        Ok(sync_streams(self, "events")?.create_event())
    }

    /// Record `event` when `stream`'s work so far is done.
    fn record_event(&self, event: EventHandle, stream: StreamHandle) -> Result<()> {
        sync_streams(self, "events")?.record(event, stream)
    }

    /// Wait until `event`'s recorded work is done; a kernel's failure is
    /// returned here, as by `synchronize`.
    fn synchronize_event(&self, event: EventHandle) -> Result<()> {
        sync_streams(self, "events")?.check_event(event)?;
        self.synchronize()
    }

    /// Milliseconds between two completed events (`cudaEventElapsedTime`).
    fn event_elapsed_ms(&self, start: EventHandle, end: EventHandle) -> Result<f32> {
        sync_streams(self, "events")?.elapsed_ms(start, end)
    }

    fn destroy_event(&self, event: EventHandle) -> Result<()> {
        sync_streams(self, "events")?.destroy_event(event)
    }
}

/// `device`'s [`Device::sync_streams`], or `cudaErrorNotSupported` naming `what`.
fn sync_streams<'d, D: Device + ?Sized>(device: &'d D, what: &str) -> Result<&'d SyncStreams> {
    device
        .sync_streams()
        .ok_or_else(|| not_supported(device.name(), what))
}

/// The warp size of every device: `cuda.warp_size` is 32 (the cuda
/// dialect), and each backend runs warps of 32 threads (on a wavefront of
/// 64, half of one).
pub const WARP_SIZE: u32 = 32;

/// The compute capability that devices which are not NVIDIA GPUs report:
/// the CUDA feature level cuwasm implements on them (independent thread
/// scheduling and the `*_sync` warp functions of 7.0).
pub const EMULATED_COMPUTE_CAPABILITY: (i32, i32) = (7, 0);

/// CUDA's default limit of shared memory per block, which devices without
/// a limit of their own (the CPU, wasm) report, as portable code assumes.
pub const DEFAULT_SHARED_MEM_PER_BLOCK: u64 = 48 * 1024;

/// What `cudaGetDeviceProperties` reports about a device: the fields of
/// `cudaDeviceProp` that each backend can tell (the others are zero).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceProperties {
    pub name: String,
    /// Bytes of memory kernels can allocate.
    pub total_global_mem: u64,
    pub shared_mem_per_block: u64,
    pub warp_size: u32,
    pub max_threads_per_block: u32,
    pub max_threads_dim: [u32; 3],
    pub max_grid_size: [u32; 3],
    /// (major, minor).
    pub compute_capability: (i32, i32),
    /// Streaming multiprocessors, compute units, or the worker threads that
    /// run blocks side by side.
    pub multiprocessor_count: u32,
}

impl DeviceProperties {
    /// The properties of a device that runs blocks on `workers` host
    /// threads with CUDA's launch limits (the CPU and wasm devices).
    pub fn host_threads(name: &str, workers: usize, total_global_mem: u64) -> DeviceProperties {
        use crate::runtime::{MAX_BLOCK_DIM, MAX_GRID_DIM, MAX_THREADS_PER_BLOCK};
        DeviceProperties {
            name: name.to_string(),
            total_global_mem,
            shared_mem_per_block: DEFAULT_SHARED_MEM_PER_BLOCK,
            warp_size: WARP_SIZE,
            max_threads_per_block: MAX_THREADS_PER_BLOCK as u32,
            max_threads_dim: MAX_BLOCK_DIM,
            max_grid_size: MAX_GRID_DIM,
            compute_capability: EMULATED_COMPUTE_CAPABILITY,
            multiprocessor_count: workers as u32,
        }
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
