//! The [`Runtime`]: the CUDA runtime API over one [`Device`].
//!
//! It adds to the device what CUDA's runtime adds to the driver: kernels by
//! name, launch validation, `cudaMemcpy`'s directions, and the last error.
//! Every failing call records its code as the calling host thread's last
//! error (CUDA's sticky semantics simplified: [`Runtime::get_last_error`]
//! returns and clears it; a kernel fault stays in the device and every
//! [`Runtime::synchronize`] returns it again).

use crate::cpu::CpuDevice;
use crate::device::{
    Device, DeviceProperties, DevicePtr, EventHandle, KernelParams, LaunchConfig, StreamHandle,
};
use crate::error::{CudaError, Result, RuntimeError};
use crate::kernel::{Kernel, KernelRegistry};
use std::cell::Cell;
use std::sync::{Arc, RwLock};

/// Largest number of threads in a block, and of each block dimension (CUDA's limits).
pub const MAX_THREADS_PER_BLOCK: u64 = 1024;
pub const MAX_BLOCK_DIM: [u32; 3] = [1024, 1024, 64];
pub const MAX_GRID_DIM: [u32; 3] = [i32::MAX as u32, 65535, 65535];

/// `cudaMemcpyKind`.
#[repr(i32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemcpyKind {
    HostToHost = 0,
    HostToDevice = 1,
    DeviceToHost = 2,
    DeviceToDevice = 3,
    /// Inferred from the pointers (unified addressing).
    Default = 4,
}

impl MemcpyKind {
    /// The kind of a `cudaMemcpyKind` value; others are `cudaErrorInvalidMemcpyDirection`.
    pub fn from_code(code: i32) -> Result<MemcpyKind> {
        use MemcpyKind::*;
        [
            HostToHost,
            HostToDevice,
            DeviceToHost,
            DeviceToDevice,
            Default,
        ]
        .get(code as usize)
        .copied()
        .filter(|_| code >= 0)
        .ok_or_else(|| {
            RuntimeError::new(
                CudaError::InvalidMemcpyDirection,
                format!("{code} is not a cudaMemcpyKind"),
            )
        })
    }
}

thread_local! {
    /// `cudaGetLastError`'s state: one per host thread, as in CUDA.
    static LAST_ERROR: Cell<CudaError> = const { Cell::new(CudaError::Success) };
}

/// The CUDA runtime over one device.
pub struct Runtime {
    device: Box<dyn Device>,
    kernels: RwLock<KernelRegistry>,
}

impl Runtime {
    pub fn new(device: Box<dyn Device>) -> Runtime {
        Runtime {
            device,
            kernels: RwLock::new(KernelRegistry::default()),
        }
    }

    /// A runtime on the CPU backend using every core.
    pub fn cpu() -> Runtime {
        Runtime::new(Box::new(CpuDevice::new()))
    }

    pub fn device(&self) -> &dyn Device {
        &*self.device
    }

    /// Make `kernel` launchable under its flat name.
    pub fn register_kernel(&self, kernel: Kernel) -> Result<()> {
        record(self.device.load_kernel(&kernel))?;
        self.kernels.write().unwrap().insert(kernel);
        Ok(())
    }

    /// The flat names of the registered kernels.
    pub fn kernel_names(&self) -> Vec<String> {
        self.kernels.read().unwrap().names()
    }

    /// The kernel named `name`, or `cudaErrorInvalidDeviceFunction`.
    pub fn kernel(&self, name: &str) -> Result<Arc<Kernel>> {
        let k = self.kernels.read().unwrap().get(name);
        record(k.ok_or_else(|| {
            RuntimeError::new(
                CudaError::InvalidDeviceFunction,
                format!("no kernel named '{name}'"),
            )
        }))
    }

    /// Register the program variable `name` at `address` with the device
    /// ([`Device::register_symbol`]).
    pub fn register_symbol(&self, name: &str, address: DevicePtr, bytes: usize) {
        self.device.register_symbol(name, address, bytes);
    }

    /// `cudaMalloc`.
    pub fn malloc(&self, bytes: usize) -> Result<DevicePtr> {
        record(self.device.alloc(bytes))
    }

    /// `cudaMallocManaged`.
    pub fn malloc_managed(&self, bytes: usize) -> Result<DevicePtr> {
        record(self.device.alloc_managed(bytes))
    }

    /// `cudaFree`.
    pub fn free(&self, ptr: DevicePtr) -> Result<()> {
        record(self.device.free(ptr))
    }

    /// `cudaMemset`: `bytes` bytes at `ptr` set to the low byte of `value`.
    pub fn memset(&self, ptr: DevicePtr, value: i32, bytes: usize) -> Result<()> {
        record(self.device.memset(ptr, value as u8, bytes))
    }

    /// Copy a host slice to the device.
    pub fn copy_to_device(&self, dst: DevicePtr, src: &[u8]) -> Result<()> {
        record(self.device.copy_to_device(dst, src))
    }

    /// Copy device memory into a host slice.
    pub fn copy_to_host(&self, dst: &mut [u8], src: DevicePtr) -> Result<()> {
        record(self.device.copy_to_host(dst, src))
    }

    /// `cudaMemcpy(dst, src, bytes, kind)` with addresses as C code has them.
    ///
    /// # Safety
    /// Whichever of `dst`/`src` the kind names as host memory must be valid for
    /// `bytes` bytes of writing/reading.
    pub unsafe fn memcpy(&self, dst: u64, src: u64, bytes: usize, kind: i32) -> Result<()> {
        // SAFETY: forwarded from the caller.
        record(
            MemcpyKind::from_code(kind)
                .and_then(|k| unsafe { self.memcpy_kind(dst, src, bytes, k) }),
        )
    }

    unsafe fn memcpy_kind(&self, dst: u64, src: u64, bytes: usize, kind: MemcpyKind) -> Result<()> {
        let d = &*self.device;
        match self.resolve_default(kind, dst, src, bytes) {
            // SAFETY (all arms): host ranges are valid per the caller; device ranges are checked.
            MemcpyKind::HostToHost => unsafe { host_copy(dst, src, bytes) },
            MemcpyKind::HostToDevice => d.copy_to_device(dst, unsafe { host_slice(src, bytes)? }),
            MemcpyKind::DeviceToHost => d.copy_to_host(unsafe { host_slice_mut(dst, bytes)? }, src),
            MemcpyKind::DeviceToDevice | MemcpyKind::Default => {
                d.copy_device_to_device(dst, src, bytes)
            }
        }
    }

    /// `cudaMemcpyDefault` as the direction the pointers imply.
    fn resolve_default(&self, kind: MemcpyKind, dst: u64, src: u64, bytes: usize) -> MemcpyKind {
        if kind != MemcpyKind::Default {
            return kind;
        }
        match (
            self.device.contains(dst, bytes),
            self.device.contains(src, bytes),
        ) {
            (true, true) => MemcpyKind::DeviceToDevice,
            (true, false) => MemcpyKind::HostToDevice,
            (false, true) => MemcpyKind::DeviceToHost,
            (false, false) => MemcpyKind::HostToHost,
        }
    }

    /// `cudaMemcpyToSymbol`: `bytes` from `src` to `offset` bytes into the
    /// variable at `symbol` (host code's address of it), which the device maps
    /// to its own ([`Device::symbol_address`]). On the CPU the JIT places
    /// device variables in host memory, on wasm they live in the linear
    /// memory, which is host memory too: either way the symbol side is a
    /// host address. On devices with memory of their own (CUDA, HIP;
    /// [`Device::host_addressable`] is false) it is device memory.
    ///
    /// # Safety
    /// `symbol + offset` must be valid for `bytes` bytes, and so must `src` when
    /// `kind` names host memory.
    pub unsafe fn memcpy_to_symbol(
        &self,
        symbol: u64,
        src: u64,
        bytes: usize,
        offset: usize,
        kind: i32,
    ) -> Result<()> {
        // SAFETY: forwarded from the caller.
        let copy = |(sym, kind)| unsafe {
            self.memcpy_kind(sym, src, bytes, self.symbol_copy_kind(kind, true)?)
        };
        record(symbol_address(&*self.device, symbol, offset, bytes, kind).and_then(copy))
    }

    /// `cudaMemcpyFromSymbol`: `bytes` from `offset` bytes into the variable at
    /// `symbol` to `dst`.
    ///
    /// # Safety
    /// As [`memcpy_to_symbol`](Self::memcpy_to_symbol), with `dst` for `src`.
    pub unsafe fn memcpy_from_symbol(
        &self,
        dst: u64,
        symbol: u64,
        bytes: usize,
        offset: usize,
        kind: i32,
    ) -> Result<()> {
        // SAFETY: forwarded from the caller.
        let copy = |(sym, kind)| unsafe {
            self.memcpy_kind(dst, sym, bytes, self.symbol_copy_kind(kind, false)?)
        };
        record(symbol_address(&*self.device, symbol, offset, bytes, kind).and_then(copy))
    }

    /// The direction of a symbol copy with `kind`: checked as
    /// [`to_host_side`] does, and seen from the host side only where the
    /// symbol is host memory.
    fn symbol_copy_kind(&self, kind: MemcpyKind, to_symbol: bool) -> Result<MemcpyKind> {
        let host_side = to_host_side(kind, to_symbol)?;
        Ok(if self.device.host_addressable() {
            host_side
        } else {
            kind
        })
    }

    /// Launch the kernel named `name` after checking the configuration
    /// (`kernel<<<grid, block, shared>>>(args)`).
    ///
    /// # Safety
    /// `params` must point to `params.len` pointers to values of the kernel's
    /// parameter types.
    pub unsafe fn launch(
        &self,
        name: &str,
        config: &LaunchConfig,
        params: KernelParams,
    ) -> Result<()> {
        // SAFETY: forwarded from the caller.
        unsafe { self.launch_on_stream(name, config, params, 0) }
    }

    /// [`Runtime::launch`] on `stream`
    /// (`kernel<<<grid, block, shared, stream>>>(args)`).
    ///
    /// # Safety
    /// As [`Runtime::launch`].
    pub unsafe fn launch_on_stream(
        &self,
        name: &str,
        config: &LaunchConfig,
        params: KernelParams,
        stream: StreamHandle,
    ) -> Result<()> {
        let kernel = self.kernel(name)?;
        record(validate_launch(&kernel, config, params.len))?;
        let stream = default_stream_alias(stream);
        // SAFETY: forwarded from the caller.
        record(unsafe {
            self.device
                .launch_on_stream(&kernel, config, params, stream)
        })
    }

    /// `cudaGetDeviceCount`: a runtime drives one device.
    pub fn device_count(&self) -> i32 {
        1
    }

    /// `cudaSetDevice`: device 0 is the one there is; others are
    /// `cudaErrorInvalidDevice`.
    pub fn set_device(&self, device: i32) -> Result<()> {
        record(check_device(device))
    }

    /// `cudaGetDevice`.
    pub fn get_device(&self) -> i32 {
        0
    }

    /// `cudaGetDeviceProperties` of device `device` (0).
    pub fn device_properties(&self, device: i32) -> Result<DeviceProperties> {
        record(check_device(device).map(|()| self.device.properties()))
    }

    /// `cudaStreamCreate`.
    pub fn create_stream(&self) -> Result<StreamHandle> {
        record(self.device.create_stream())
    }

    /// `cudaStreamSynchronize`.
    pub fn synchronize_stream(&self, stream: StreamHandle) -> Result<()> {
        record(self.device.synchronize_stream(default_stream_alias(stream)))
    }

    /// `cudaStreamDestroy`.
    pub fn destroy_stream(&self, stream: StreamHandle) -> Result<()> {
        record(self.device.destroy_stream(stream))
    }

    /// `cudaEventCreate`.
    pub fn create_event(&self) -> Result<EventHandle> {
        record(self.device.create_event())
    }

    /// `cudaEventRecord`.
    pub fn record_event(&self, event: EventHandle, stream: StreamHandle) -> Result<()> {
        record(
            self.device
                .record_event(event, default_stream_alias(stream)),
        )
    }

    /// `cudaEventSynchronize`.
    pub fn synchronize_event(&self, event: EventHandle) -> Result<()> {
        record(self.device.synchronize_event(event))
    }

    /// `cudaEventElapsedTime`, in milliseconds.
    pub fn event_elapsed_ms(&self, start: EventHandle, end: EventHandle) -> Result<f32> {
        record(self.device.event_elapsed_ms(start, end))
    }

    /// `cudaEventDestroy`.
    pub fn destroy_event(&self, event: EventHandle) -> Result<()> {
        record(self.device.destroy_event(event))
    }

    /// `cudaDeviceSynchronize`: a kernel's failure since the device started, or success.
    pub fn synchronize(&self) -> Result<()> {
        record(self.device.synchronize())
    }

    /// `cudaGetLastError`: the calling thread's last error, which is reset to success.
    pub fn get_last_error(&self) -> CudaError {
        LAST_ERROR.with(|e| e.replace(CudaError::Success))
    }

    /// Make `code` the calling thread's last error (for failures found outside
    /// the runtime, such as bad arguments of a C entry point).
    pub fn record_error(&self, code: CudaError) {
        LAST_ERROR.with(|l| l.set(code));
    }

    /// `cudaPeekAtLastError`: the last error, left in place.
    pub fn peek_last_error(&self) -> CudaError {
        LAST_ERROR.with(Cell::get)
    }
}

/// CUDA's `cudaStreamLegacy` (1) and `cudaStreamPerThread` (2) as the
/// default stream (0): host code calls from one thread, so the two are it.
fn default_stream_alias(stream: StreamHandle) -> StreamHandle {
    match stream {
        1 | 2 => 0,
        s => s,
    }
}

/// Device 0, the one a runtime drives; others are `cudaErrorInvalidDevice`.
fn check_device(device: i32) -> Result<()> {
    match device {
        0 => Ok(()),
        d => Err(RuntimeError::new(
            CudaError::InvalidDevice,
            format!("device {d}: the runtime drives one device, number 0"),
        )),
    }
}

/// Remember a failure as the calling thread's last error, and pass it on.
fn record<T>(r: Result<T>) -> Result<T> {
    if let Err(e) = &r {
        LAST_ERROR.with(|l| l.set(e.code));
    }
    r
}

/// The checks both symbol copies share: a non-null symbol, its device address
/// ([`Device::symbol_address`]) and a known direction.
fn symbol_address(
    device: &dyn Device,
    symbol: u64,
    offset: usize,
    bytes: usize,
    kind: i32,
) -> Result<(u64, MemcpyKind)> {
    let kind = MemcpyKind::from_code(kind)?;
    if symbol == 0 {
        return Err(RuntimeError::new(CudaError::InvalidSymbol, "null symbol"));
    }
    Ok((device.symbol_address(symbol, offset, bytes)?, kind))
}

/// What a symbol copy is, seen from the side that is not the symbol. The
/// symbol is host memory (see `memcpy_to_symbol`), so `HostToDevice` into a symbol is a
/// host-to-host copy and `DeviceToDevice` reads (or writes) device memory.
/// Directions CUDA refuses for symbols are `cudaErrorInvalidMemcpyDirection`.
fn to_host_side(kind: MemcpyKind, to_symbol: bool) -> Result<MemcpyKind> {
    use MemcpyKind::*;
    match (kind, to_symbol) {
        (Default, _) => Ok(Default),
        (HostToDevice, true) | (DeviceToHost, false) => Ok(HostToHost),
        (DeviceToDevice, true) => Ok(DeviceToHost),
        (DeviceToDevice, false) => Ok(HostToDevice),
        _ => Err(RuntimeError::new(
            CudaError::InvalidMemcpyDirection,
            format!(
                "{kind:?} is not a direction for a copy {} a symbol",
                if to_symbol { "to" } else { "from" }
            ),
        )),
    }
}

/// CUDA's launch limits; any violation is `cudaErrorInvalidConfiguration`, a
/// wrong number of arguments `cudaErrorInvalidValue`.
pub fn validate_launch(kernel: &Kernel, config: &LaunchConfig, num_params: usize) -> Result<()> {
    let bad = |why: String| {
        Err(RuntimeError::new(
            CudaError::InvalidConfiguration,
            format!("launch of '{}': {why}", kernel.name),
        ))
    };
    for d in 0..3 {
        if config.grid[d] == 0 || config.grid[d] > MAX_GRID_DIM[d] {
            return bad(format!(
                "grid dimension {d} is {} (1..={})",
                config.grid[d], MAX_GRID_DIM[d]
            ));
        }
        if config.block[d] == 0 || config.block[d] > MAX_BLOCK_DIM[d] {
            return bad(format!(
                "block dimension {d} is {} (1..={})",
                config.block[d], MAX_BLOCK_DIM[d]
            ));
        }
    }
    if config.threads_per_block() > MAX_THREADS_PER_BLOCK {
        return bad(format!(
            "{} threads per block (at most {MAX_THREADS_PER_BLOCK})",
            config.threads_per_block()
        ));
    }
    if num_params != kernel.num_params {
        return Err(RuntimeError::new(
            CudaError::InvalidValue,
            format!(
                "kernel '{}' takes {} arguments, but the launch passes {num_params}",
                kernel.name, kernel.num_params
            ),
        ));
    }
    Ok(())
}

/// Copy between two host ranges (which may overlap, as `memmove`).
unsafe fn host_copy(dst: u64, src: u64, bytes: usize) -> Result<()> {
    if bytes > 0 && (dst == 0 || src == 0) {
        return Err(RuntimeError::new(
            CudaError::InvalidValue,
            "null host pointer",
        ));
    }
    // SAFETY: valid per the caller; non-null checked.
    unsafe { std::ptr::copy(src as *const u8, dst as *mut u8, bytes) };
    Ok(())
}

/// The host memory at `ptr` as a slice (null only when empty).
unsafe fn host_slice<'a>(ptr: u64, bytes: usize) -> Result<&'a [u8]> {
    match (ptr, bytes) {
        (_, 0) => Ok(&[]),
        (0, _) => Err(RuntimeError::new(
            CudaError::InvalidValue,
            "null host pointer",
        )),
        // SAFETY: valid per the caller.
        _ => Ok(unsafe { std::slice::from_raw_parts(ptr as *const u8, bytes) }),
    }
}

unsafe fn host_slice_mut<'a>(ptr: u64, bytes: usize) -> Result<&'a mut [u8]> {
    match (ptr, bytes) {
        (_, 0) => Ok(&mut []),
        (0, _) => Err(RuntimeError::new(
            CudaError::InvalidValue,
            "null host pointer",
        )),
        // SAFETY: valid per the caller.
        _ => Ok(unsafe { std::slice::from_raw_parts_mut(ptr as *mut u8, bytes) }),
    }
}
