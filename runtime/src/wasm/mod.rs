//! The wasm backend: kernels of a Wasm module (docs/wasm-abi.md) run on
//! wasmtime, blocks spread over all cores.
//!
//! A [`WasmDevice`] is made from one kernel module. Its device memory is the
//! module's shared linear memory, and `memory_base` is the memory's host
//! address, so device pointers are host addresses: copies and `cudaMemset`
//! are plain memory operations after a range check, and host code may use
//! device pointers directly (managed memory) as on the CPU. Each participant
//! of the device's worker pool runs its own instance of the module on that
//! memory. Launches are synchronous, as the CPU device's: `synchronize` only
//! reports a kernel's trap (sticky, as a CUDA kernel fault is).
//!
//! Host code keeps its own copy of each `__device__` / `__constant__`
//! variable (the JIT's data object), whose address it passes to
//! `cudaMemcpyToSymbol`; [`WasmDevice::map_symbol`] tells the device which
//! module variable that address stands for.

pub mod imports;
pub mod launch;
pub mod memory;
pub mod program;

use crate::device::{Device, DeviceProperties, DevicePtr, Fault, KernelParams, LaunchConfig};
use crate::error::{CudaError, Result, RuntimeError};
use crate::kernel::Kernel;
use crate::pool::WorkerPool;
use crate::streams::SyncStreams;
use launch::{Launch, Worker};
use memory::{LinearMemory, Owner};
use program::{KernelInfo, Program, Variable};
use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

/// A host code address mapped to a module variable.
#[derive(Clone, Debug)]
struct MappedSymbol {
    name: String,
    variable: Variable,
}

/// Kernels of one Wasm module on wasmtime.
pub struct WasmDevice {
    name: String,
    program: Arc<Program>,
    pool: WorkerPool<Option<Worker>>,
    /// Host code addresses of the program's variables, by address.
    symbols: RwLock<BTreeMap<u64, MappedSymbol>>,
    /// A launch's failure, kept for `synchronize`.
    fault: Fault,
    workers: usize,
    streams: SyncStreams,
}

impl WasmDevice {
    /// Load the kernel module `module` (binary Wasm; the text format is
    /// accepted too), running blocks on every core. Fails, naming what is
    /// wrong, when the module does not compile or imports something the
    /// device does not provide (`cudaErrorInitializationError`).
    pub fn new(module: &[u8]) -> Result<WasmDevice> {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        WasmDevice::with_workers(module, cores)
    }

    /// As [`WasmDevice::new`], running blocks on `workers` threads (at least one).
    pub fn with_workers(module: &[u8], workers: usize) -> Result<WasmDevice> {
        let workers = workers.max(1);
        Ok(WasmDevice {
            name: format!("wasm (wasmtime, {workers} threads)"),
            program: Arc::new(Program::load(module)?),
            pool: WorkerPool::new(workers, "cuwasm-wasm"),
            symbols: RwLock::new(BTreeMap::new()),
            fault: Fault::default(),
            workers,
            streams: SyncStreams::default(),
        })
    }

    /// The module's kernels, sorted by name, to register with a
    /// [`Runtime`](crate::Runtime) (`entry` is `None`: the device runs them).
    pub fn kernels(&self) -> Vec<Kernel> {
        let mut kernels: Vec<Kernel> = self
            .program
            .kernels
            .values()
            .map(|k| Kernel {
                name: k.name.clone(),
                entry: None,
                static_shared_bytes: k.static_shared_bytes,
                per_thread_bytes: k.per_thread_bytes,
                num_params: k.param_sizes.len(),
                ..Default::default()
            })
            .collect();
        kernels.sort_by(|a, b| a.name.cmp(&b.name));
        kernels
    }

    /// What a launch of kernel `name` copies for each argument (`#param_sizes`).
    pub fn param_sizes(&self, name: &str) -> Option<&[program::ParamSize]> {
        self.program
            .kernels
            .get(name)
            .map(|k| k.param_sizes.as_slice())
    }

    /// The device address and size of the module variable `name` (flat).
    pub fn variable(&self, name: &str) -> Option<(DevicePtr, usize)> {
        let v = self.program.variables.get(name)?;
        Some((self.memory().base() + v.offset, v.bytes))
    }

    /// Tell the device that host code's copy of the module variable `name`
    /// (by flat name, `module.var`) is at `host_address`, so that symbol
    /// copies naming that address reach the module's variable. An unknown
    /// name is `cudaErrorInvalidSymbol`.
    pub fn map_symbol(&self, host_address: u64, name: &str) -> Result<()> {
        let variable = *self.program.variables.get(name).ok_or_else(|| {
            RuntimeError::new(
                CudaError::InvalidSymbol,
                format!("the kernel module has no device variable '{name}'"),
            )
        })?;
        let mapped = MappedSymbol {
            name: name.to_string(),
            variable,
        };
        let mut symbols = self.symbols.write().unwrap();
        symbols.retain(|_, s| s.name != name);
        symbols.insert(host_address, mapped);
        Ok(())
    }

    /// `memory_base`: the host address of the linear memory.
    pub fn memory_base(&self) -> u64 {
        self.memory().base()
    }

    fn memory(&self) -> &LinearMemory {
        self.program.heap.memory()
    }

    /// The offset of `[ptr, ptr + bytes)` when it lies in one device
    /// allocation (an empty range anywhere is fine), else `cudaErrorInvalidValue`.
    fn check(&self, ptr: DevicePtr, bytes: usize, what: &str) -> Result<u64> {
        let offset = ptr.wrapping_sub(self.memory().base());
        if bytes == 0 || self.contains(ptr, bytes) {
            return Ok(offset);
        }
        Err(RuntimeError::new(
            CudaError::InvalidValue,
            format!("{what} {ptr:#x}..+{bytes} is not inside a device allocation"),
        ))
    }

    fn kernel_info(&self, kernel: &Kernel) -> Result<&KernelInfo> {
        self.program.kernels.get(&kernel.name).ok_or_else(|| {
            RuntimeError::new(
                CudaError::InvalidDeviceFunction,
                format!("the kernel module has no kernel '{}'", kernel.name),
            )
        })
    }
}

impl std::fmt::Debug for WasmDevice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "WasmDevice({})", self.name)
    }
}

impl Device for WasmDevice {
    fn name(&self) -> &str {
        &self.name
    }

    fn alloc(&self, bytes: usize) -> Result<DevicePtr> {
        if bytes == 0 {
            return Ok(0);
        }
        let offset = self.program.heap.alloc(bytes, Owner::Program)?;
        Ok(self.memory().base() + offset)
    }

    fn free(&self, ptr: DevicePtr) -> Result<()> {
        if ptr == 0 {
            return Ok(());
        }
        let freed = ptr
            .checked_sub(self.memory().base())
            .is_some_and(|offset| self.program.heap.free(offset, Owner::Program));
        if freed {
            return Ok(());
        }
        Err(RuntimeError::new(
            CudaError::InvalidDevicePointer,
            format!("{ptr:#x} is not the start of a device allocation"),
        ))
    }

    fn contains(&self, ptr: DevicePtr, bytes: usize) -> bool {
        ptr.checked_sub(self.memory().base())
            .is_some_and(|offset| self.program.heap.contains(offset, bytes as u64))
    }

    fn copy_to_device(&self, dst: DevicePtr, src: &[u8]) -> Result<()> {
        let offset = self.check(dst, src.len(), "destination")?;
        if !src.is_empty() {
            self.memory().write(offset, src);
        }
        Ok(())
    }

    fn copy_to_host(&self, dst: &mut [u8], src: DevicePtr) -> Result<()> {
        self.check(src, dst.len(), "source")?;
        // SAFETY: the source range lies in a live allocation of the memory.
        unsafe { std::ptr::copy(src as *const u8, dst.as_mut_ptr(), dst.len()) };
        Ok(())
    }

    fn copy_device_to_device(&self, dst: DevicePtr, src: DevicePtr, bytes: usize) -> Result<()> {
        self.check(dst, bytes, "destination")?;
        self.check(src, bytes, "source")?;
        // SAFETY: both ranges lie in live allocations; `copy` allows overlap.
        unsafe { std::ptr::copy(src as *const u8, dst as *mut u8, bytes) };
        Ok(())
    }

    fn memset(&self, dst: DevicePtr, value: u8, bytes: usize) -> Result<()> {
        self.check(dst, bytes, "destination")?;
        // SAFETY: the range lies in a live allocation.
        unsafe { std::ptr::write_bytes(dst as *mut u8, value, bytes) };
        Ok(())
    }

    /// The bounds-check registration (`name`, host code's `address`) maps
    /// the symbol as [`WasmDevice::map_symbol`] does; names the module does
    /// not have are ignored.
    fn register_symbol(&self, name: &str, address: DevicePtr, _bytes: usize) {
        let _ = self.map_symbol(address, name);
    }

    fn symbol_address(&self, symbol: u64, offset: usize, bytes: usize) -> Result<DevicePtr> {
        let symbols = self.symbols.read().unwrap();
        let (&host, mapped) = symbols
            .range(..=symbol)
            .next_back()
            .filter(|&(&host, s)| symbol - host < s.variable.bytes.max(1) as u64)
            .ok_or_else(|| {
                RuntimeError::new(
                    CudaError::InvalidSymbol,
                    format!(
                        "{symbol:#x} is not a device variable of the kernel module (see WasmDevice::map_symbol)"
                    ),
                )
            })?;
        let start = (symbol - host).checked_add(offset as u64);
        let end = start.and_then(|s| s.checked_add(bytes as u64));
        match (start, end) {
            (Some(start), Some(end)) if end <= mapped.variable.bytes as u64 => {
                Ok(self.memory().base() + mapped.variable.offset + start)
            }
            _ => Err(RuntimeError::new(
                CudaError::InvalidValue,
                format!(
                    "{bytes} bytes at offset {offset} leave the {}-byte variable '{}'",
                    mapped.variable.bytes, mapped.name
                ),
            )),
        }
    }

    fn load_kernel(&self, kernel: &Kernel) -> Result<()> {
        let info = self.kernel_info(kernel)?;
        kernel.check_num_params(info.param_sizes.len(), "the module")
    }

    unsafe fn launch(
        &self,
        kernel: &Kernel,
        config: &LaunchConfig,
        params: KernelParams,
    ) -> Result<()> {
        let info = self.kernel_info(kernel)?;
        // SAFETY: forwarded from the caller.
        let launch = unsafe { Launch::new(&self.program, kernel, info, config, params)? };
        self.pool
            .run_launch(config, &|worker: &mut Option<Worker>| {
                launch.run_blocks(worker)
            });
        let run = launch.finish();
        if let Err(e) = &run {
            self.fault.record(|| e.clone());
        }
        run
    }

    fn synchronize(&self) -> Result<()> {
        self.fault.check()
    }

    /// Device memory is the linear memory, up to its largest size.
    fn properties(&self) -> DeviceProperties {
        let memory = self.memory().max_bytes();
        DeviceProperties::host_threads(&self.name, self.workers, memory)
    }

    /// Launches run to their end inside `launch`.
    fn sync_streams(&self) -> Option<&SyncStreams> {
        Some(&self.streams)
    }
}
