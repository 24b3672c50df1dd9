//! The CPU backend: device memory is host memory, kernels are JIT-compiled
//! block functions (docs/cpu-abi.md) run over the grid on all cores.
//!
//! Launches are synchronous (the grid has finished when `launch` returns), so
//! `synchronize` only has to report what went wrong since the last call.
//! Blocks run on a [`WorkerPool`] started with the device.

pub mod bounds;
pub mod buffers;
pub mod env;
pub mod launch;
pub mod memory;
pub mod symbols;

use crate::device::{Device, DeviceProperties, DevicePtr, Fault, KernelParams, LaunchConfig};
use crate::error::{Result, RuntimeError};
use crate::kernel::Kernel;
use crate::pool::WorkerPool;
use crate::streams::SyncStreams;
use buffers::BlockBuffers;
use memory::AllocationTable;
use symbols::{Symbol, SymbolTable};

/// The CPU as a device.
#[derive(Debug)]
pub struct CpuDevice {
    name: String,
    workers: usize,
    pool: WorkerPool<BlockBuffers>,
    memory: AllocationTable,
    /// The program's device variables (for bounds checks).
    symbols: SymbolTable,
    /// A launch's failure, kept for `synchronize`.
    fault: Fault,
    streams: SyncStreams,
}

impl CpuDevice {
    /// A device running blocks on every core.
    pub fn new() -> CpuDevice {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        CpuDevice::with_workers(cores)
    }

    /// A device running blocks on `workers` threads (at least one).
    pub fn with_workers(workers: usize) -> CpuDevice {
        let workers = workers.max(1);
        CpuDevice {
            name: format!("cpu ({workers} threads)"),
            workers,
            pool: WorkerPool::new(workers, "cuwasm-cpu"),
            memory: AllocationTable::default(),
            symbols: SymbolTable::default(),
            fault: Fault::default(),
            streams: SyncStreams::default(),
        }
    }

    /// The allocation table (for bounds checks of device pointers).
    pub fn memory(&self) -> &AllocationTable {
        &self.memory
    }

    /// The registered device variables.
    pub fn symbols(&self) -> &SymbolTable {
        &self.symbols
    }
}

impl Default for CpuDevice {
    fn default() -> Self {
        CpuDevice::new()
    }
}

impl Device for CpuDevice {
    fn name(&self) -> &str {
        &self.name
    }

    fn alloc(&self, bytes: usize) -> Result<DevicePtr> {
        self.memory.alloc(bytes)
    }

    fn free(&self, ptr: DevicePtr) -> Result<()> {
        self.memory.free(ptr)
    }

    fn contains(&self, ptr: DevicePtr, bytes: usize) -> bool {
        self.memory.contains(ptr, bytes)
    }

    fn copy_to_device(&self, dst: DevicePtr, src: &[u8]) -> Result<()> {
        self.memory.check(dst, src.len(), "destination")?;
        // SAFETY: the destination range lies in a live allocation; `src` is a host slice.
        unsafe { std::ptr::copy(src.as_ptr(), dst as *mut u8, src.len()) };
        Ok(())
    }

    fn copy_to_host(&self, dst: &mut [u8], src: DevicePtr) -> Result<()> {
        self.memory.check(src, dst.len(), "source")?;
        // SAFETY: the source range lies in a live allocation.
        unsafe { std::ptr::copy(src as *const u8, dst.as_mut_ptr(), dst.len()) };
        Ok(())
    }

    fn copy_device_to_device(&self, dst: DevicePtr, src: DevicePtr, bytes: usize) -> Result<()> {
        self.memory.check(dst, bytes, "destination")?;
        self.memory.check(src, bytes, "source")?;
        // SAFETY: both ranges lie in live allocations; `copy` allows overlap.
        unsafe { std::ptr::copy(src as *const u8, dst as *mut u8, bytes) };
        Ok(())
    }

    fn memset(&self, dst: DevicePtr, value: u8, bytes: usize) -> Result<()> {
        self.memory.check(dst, bytes, "destination")?;
        // SAFETY: the range lies in a live allocation.
        unsafe { std::ptr::write_bytes(dst as *mut u8, value, bytes) };
        Ok(())
    }

    fn register_symbol(&self, name: &str, address: DevicePtr, bytes: usize) {
        self.symbols.register(Symbol {
            name: name.into(),
            address,
            bytes,
        });
    }

    fn load_kernel(&self, kernel: &Kernel) -> Result<()> {
        // Block functions are native code already.
        launch::native_entry(kernel).map(|_| ())
    }

    unsafe fn launch(
        &self,
        kernel: &Kernel,
        config: &LaunchConfig,
        params: KernelParams,
    ) -> Result<()> {
        // SAFETY: forwarded from the caller.
        let access = bounds::LaunchAccess::new(&kernel.name, &self.memory, &self.symbols);
        let run = unsafe { launch::run_grid(kernel, config, params, &self.pool, access) };
        if let Err(e) = &run {
            self.fault.record(|| {
                RuntimeError::new(e.code, format!("kernel '{}': {}", kernel.name, e.message))
            });
        }
        run
    }

    fn synchronize(&self) -> Result<()> {
        self.fault.check()
    }

    /// Device memory is the host's: its physical memory.
    fn properties(&self) -> DeviceProperties {
        DeviceProperties::host_threads(&self.name, self.workers, physical_memory())
    }

    /// Launches run to their end inside `launch`.
    fn sync_streams(&self) -> Option<&SyncStreams> {
        Some(&self.streams)
    }
}

/// Bytes of the machine's physical memory (0 where the C library cannot tell).
pub fn physical_memory() -> u64 {
    // SAFETY: sysconf only reads system configuration.
    let (pages, page_size) = unsafe {
        (
            libc::sysconf(libc::_SC_PHYS_PAGES),
            libc::sysconf(libc::_SC_PAGESIZE),
        )
    };
    match (u64::try_from(pages), u64::try_from(page_size)) {
        (Ok(n), Ok(size)) => n.saturating_mul(size),
        _ => 0,
    }
}
