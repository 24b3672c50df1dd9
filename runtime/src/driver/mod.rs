//! What the vendor-driver backends ([`cuda`](crate::cuda), [`hip`](crate::hip))
//! share: the [`Driver`] interface each implements over its loaded library,
//! and [`DriverDevice`], the one [`Device`](crate::Device) built on it.
//!
//! - `library.rs`: opening the vendor library and reading its entry points
//!   into a function table (nothing is linked).
//! - `error.rs`: driver codes to CUDA's runtime codes, keeping the driver's
//!   name and message (and a JIT log) in the text.
//! - `ranges.rs`: the live allocations; `symbols.rs`: host code's variables
//!   mapped to the module's globals.
//! - `device.rs`: [`DriverDevice`]: range checks, kernels by flat name,
//!   symbol mapping, streams, events and launch timing over any [`Driver`].

pub mod device;
pub mod error;
pub mod library;
pub mod ranges;
pub mod symbols;

pub use device::DriverDevice;

use crate::device::{DevicePtr, EventHandle, KernelParams, LaunchConfig, StreamHandle};
use crate::error::Result;
use std::ffi::{c_int, c_uint, c_void};

/// What discovery reports about one device.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceInfo {
    /// The driver's ordinal.
    pub ordinal: usize,
    /// The driver's name for it (`NVIDIA H100 80GB HBM3`).
    pub name: String,
    /// Compute capability (major, minor), as the driver reports it.
    pub compute_capability: (i32, i32),
    /// Bytes of device memory.
    pub total_memory: usize,
    pub max_threads_per_block: u32,
    pub multiprocessors: u32,
    /// Block and grid limits per dimension.
    pub max_block_dim: [u32; 3],
    pub max_grid_dim: [u32; 3],
    pub shared_mem_per_block: u64,
    /// The warp size kernels see.
    pub warp_size: u32,
}

impl DeviceInfo {
    /// What `cudaGetDeviceProperties` reports.
    pub fn properties(&self) -> crate::device::DeviceProperties {
        crate::device::DeviceProperties {
            name: self.name.clone(),
            total_global_mem: self.total_memory as u64,
            shared_mem_per_block: self.shared_mem_per_block,
            warp_size: self.warp_size,
            max_threads_per_block: self.max_threads_per_block,
            max_threads_dim: self.max_block_dim,
            max_grid_size: self.max_grid_dim,
            compute_capability: self.compute_capability,
            multiprocessor_count: self.multiprocessors,
        }
    }
}

/// One device's context and loaded module, as a vendor driver offers them.
/// Every method assumes [`Driver::make_current`] ran on the calling thread.
pub trait Driver: Send + Sync + 'static {
    /// A kernel of the loaded module (`CUfunction`, `hipFunction_t`).
    type Function: Copy + Send + Sync;

    /// What discovery found about the device.
    fn info(&self) -> &DeviceInfo;

    /// Make the device current on the calling thread (host code may call
    /// from any thread).
    fn make_current(&self) -> Result<()>;

    fn alloc(&self, bytes: usize) -> Result<DevicePtr>;
    /// Memory the host and the device address alike (unified memory).
    fn alloc_managed(&self, bytes: usize) -> Result<DevicePtr>;
    fn free(&self, ptr: DevicePtr) -> Result<()>;
    fn copy_to_device(&self, dst: DevicePtr, src: &[u8]) -> Result<()>;
    fn copy_to_host(&self, dst: &mut [u8], src: DevicePtr) -> Result<()>;
    /// Copy between ranges that do not overlap.
    fn copy_device_to_device(&self, dst: DevicePtr, src: DevicePtr, bytes: usize) -> Result<()>;
    fn memset(&self, dst: DevicePtr, value: u8, bytes: usize) -> Result<()>;

    /// The module's kernel whose entry point is `entry`.
    fn function(&self, entry: &str) -> Result<Self::Function>;
    /// The entry names of the module's kernels, where the driver can list them.
    fn entries(&self) -> Result<Vec<String>>;
    /// How many parameters `function` takes, where the driver can tell.
    fn param_count(&self, function: Self::Function) -> Result<Option<usize>>;
    /// Bytes of static shared memory `function` uses.
    fn static_shared_bytes(&self, function: Self::Function) -> Result<usize>;
    /// The device address and size of the module global `name`.
    fn global(&self, name: &str) -> Result<(DevicePtr, usize)>;

    /// Queue `function` on `stream` (0: the default stream).
    ///
    /// # Safety
    /// `params` must point to one pointer per parameter of `function`, each
    /// to a value of the parameter's type.
    unsafe fn launch(
        &self,
        function: Self::Function,
        config: &LaunchConfig,
        params: KernelParams,
        stream: StreamHandle,
    ) -> Result<()>;
    /// Wait for all work of the device.
    fn synchronize(&self) -> Result<()>;

    fn create_stream(&self) -> Result<StreamHandle>;
    fn synchronize_stream(&self, stream: StreamHandle) -> Result<()>;
    fn destroy_stream(&self, stream: StreamHandle) -> Result<()>;
    fn create_event(&self) -> Result<EventHandle>;
    fn record_event(&self, event: EventHandle, stream: StreamHandle) -> Result<()>;
    fn synchronize_event(&self, event: EventHandle) -> Result<()>;
    /// Milliseconds between two recorded, completed events.
    fn event_elapsed_ms(&self, start: EventHandle, end: EventHandle) -> Result<f32>;
    fn destroy_event(&self, event: EventHandle) -> Result<()>;
}

/// Three per-dimension attributes (x, y, z), numbered in a row from x:
/// `attribute(0..3)` as unsigned limits.
pub fn dims(attribute: impl Fn(std::ffi::c_int) -> Result<std::ffi::c_int>) -> Result<[u32; 3]> {
    Ok([
        attribute(0)? as u32,
        attribute(1)? as u32,
        attribute(2)? as u32,
    ])
}

/// The entry point of the kernel with flat name `module.kernel`: the part
/// after the first '.' (a name without one is its own entry).
pub fn entry_name(flat: &str) -> &str {
    flat.split_once('.').map_or(flat, |(_, entry)| entry)
}

/// A driver handle (or device address) as the pointer the C APIs take.
pub fn handle(h: u64) -> *mut c_void {
    h as usize as *mut c_void
}

/// `cuLaunchKernel` and `hipModuleLaunchKernel`, which share one prototype.
pub type LaunchKernelFn = unsafe extern "C" fn(
    *mut c_void,
    c_uint,
    c_uint,
    c_uint,
    c_uint,
    c_uint,
    c_uint,
    c_uint,
    *mut c_void,
    *mut *mut c_void,
    *mut *mut c_void,
) -> c_int;

/// Queue `function` with `config`'s grid, block and dynamic shared memory on
/// `stream` through `launch_kernel`; the driver's code.
///
/// # Safety
/// `launch_kernel` is one of the entry points of [`LaunchKernelFn`],
/// `function` a kernel of its driver, and `params` as [`Driver::launch`] says.
pub unsafe fn launch_kernel(
    launch_kernel: LaunchKernelFn,
    function: usize,
    config: &LaunchConfig,
    params: KernelParams,
    stream: StreamHandle,
) -> c_int {
    let [gx, gy, gz] = config.grid;
    let [bx, by, bz] = config.block;
    // More than 4 GiB is refused by the driver as any too-large request is.
    let shared = u32::try_from(config.dynamic_shared_bytes).unwrap_or(u32::MAX);
    // SAFETY: the caller's promise; the driver only reads through `params`.
    unsafe {
        launch_kernel(
            handle(function as u64),
            gx,
            gy,
            gz,
            bx,
            by,
            bz,
            shared,
            handle(stream),
            params.ptr as *mut *mut c_void,
            std::ptr::null_mut(),
        )
    }
}
