//! The `extern "C"` functions that JIT-compiled host code calls
//! (docs/cpu-abi.md, "Host code → runtime calls"), over a process-global
//! [`Runtime`].
//!
//! `convert-cuda-host-to-runtime` declares these names; the JIT resolves them
//! through [`symbols`]. They never unwind into JIT code: every failure is a
//! `cudaError_t` code, and the last error of the calling thread.

use crate::cpu::bounds;
use crate::device::{DeviceProperties, KernelParams, LaunchConfig};
use crate::error::{self, CudaError};
use crate::printf;
use crate::runtime::Runtime;
use libc::c_char;
use std::ffi::CStr;
use std::sync::{Arc, RwLock};

static RUNTIME: RwLock<Option<Arc<Runtime>>> = RwLock::new(None);

/// Make `runtime` the one the `cuwasm_rt_*` functions use (replacing any before).
pub fn install(runtime: Runtime) -> Arc<Runtime> {
    let rt = Arc::new(runtime);
    *RUNTIME.write().unwrap() = Some(rt.clone());
    rt
}

/// The installed runtime; the CPU one, installed now, if there is none yet.
pub fn runtime() -> Arc<Runtime> {
    if let Some(rt) = RUNTIME.read().unwrap().as_ref() {
        return rt.clone();
    }
    RUNTIME
        .write()
        .unwrap()
        .get_or_insert_with(|| Arc::new(Runtime::cpu()))
        .clone()
}

/// `cudaError_t` of a runtime call's result.
fn code(r: error::Result<()>) -> i32 {
    r.map_or_else(|e| e.code.code(), |()| 0)
}

/// A size argument: negative sizes are `cudaErrorInvalidValue` (C passes `size_t`,
/// so they are huge values there; this keeps them from being taken as small).
fn size(n: i64) -> error::Result<usize> {
    usize::try_from(n)
        .map_err(|_| error::RuntimeError::new(CudaError::InvalidValue, format!("size {n}")))
}

/// `cudaMalloc`: stores the pointer (null on failure) to `*out`.
///
/// # Safety
/// `out` must be null or valid for writing a pointer.
pub unsafe extern "C" fn cuwasm_rt_malloc(out: *mut u64, bytes: i64) -> i32 {
    if out.is_null() {
        return CudaError::InvalidValue.code();
    }
    let p = size(bytes).and_then(|n| runtime().malloc(n));
    // SAFETY: `out` is valid per the caller.
    unsafe { *out = *p.as_ref().unwrap_or(&0) };
    code(p.map(|_| ()))
}

/// `cudaMallocManaged`: memory host code uses directly and kernels too
/// (`Device::alloc_managed`); `flags` must be one of CUDA's
/// (`cudaMemAttachGlobal` 1, `cudaMemAttachHost` 2).
///
/// # Safety
/// As [`cuwasm_rt_malloc`].
pub unsafe extern "C" fn cuwasm_rt_malloc_managed(out: *mut u64, bytes: i64, flags: i32) -> i32 {
    if !matches!(flags, 1 | 2) {
        return CudaError::InvalidValue.code();
    }
    let p = size(bytes).and_then(|n| runtime().malloc_managed(n));
    // SAFETY: `out` is valid per the caller.
    unsafe { *out = *p.as_ref().unwrap_or(&0) };
    code(p.map(|_| ()))
}

/// `cudaFree`.
pub extern "C" fn cuwasm_rt_free(ptr: u64) -> i32 {
    code(runtime().free(ptr))
}

/// `cudaMemcpy`.
///
/// # Safety
/// The host sides of the copy must be valid for `bytes` bytes.
pub unsafe extern "C" fn cuwasm_rt_memcpy(dst: u64, src: u64, bytes: i64, kind: i32) -> i32 {
    // SAFETY: forwarded from the caller.
    code(size(bytes).and_then(|n| unsafe { runtime().memcpy(dst, src, n, kind) }))
}

/// `cudaMemset`.
pub extern "C" fn cuwasm_rt_memset(ptr: u64, value: i32, bytes: i64) -> i32 {
    code(size(bytes).and_then(|n| runtime().memset(ptr, value, n)))
}

/// `cudaMemcpyToSymbol`; `sym` is the address of the JIT's data object.
///
/// # Safety
/// `sym + off` and the host side of the copy must be valid for `bytes` bytes.
pub unsafe extern "C" fn cuwasm_rt_memcpy_to_symbol(
    sym: u64,
    src: u64,
    bytes: i64,
    off: i64,
    kind: i32,
) -> i32 {
    // SAFETY: forwarded from the caller.
    code(
        size(bytes)
            .and_then(|n| unsafe { runtime().memcpy_to_symbol(sym, src, n, size(off)?, kind) }),
    )
}

/// `cudaMemcpyFromSymbol`.
///
/// # Safety
/// As [`cuwasm_rt_memcpy_to_symbol`].
pub unsafe extern "C" fn cuwasm_rt_memcpy_from_symbol(
    dst: u64,
    sym: u64,
    bytes: i64,
    off: i64,
    kind: i32,
) -> i32 {
    // SAFETY: forwarded from the caller.
    code(
        size(bytes)
            .and_then(|n| unsafe { runtime().memcpy_from_symbol(dst, sym, n, size(off)?, kind) }),
    )
}

/// `cudaDeviceSynchronize`.
pub extern "C" fn cuwasm_rt_device_synchronize() -> i32 {
    code(runtime().synchronize())
}

/// `cudaGetLastError`.
pub extern "C" fn cuwasm_rt_get_last_error() -> i32 {
    runtime().get_last_error().code()
}

/// `cudaPeekAtLastError`: the last error, not reset.
pub extern "C" fn cuwasm_rt_peek_at_last_error() -> i32 {
    runtime().peek_last_error().code()
}

/// `cudaGetErrorString`: a static NUL-terminated string.
pub extern "C" fn cuwasm_rt_get_error_string(e: i32) -> *const c_char {
    error::error_string(e).as_ptr()
}

/// `kernel<<<grid, block, shmem, stream>>>(params...)`. Failures go to the last
/// error (a bad configuration) or to the next synchronize (a failing kernel).
/// `stream` is null (the default stream), `cudaStreamLegacy` (1),
/// `cudaStreamPerThread` (2) or one of `cuwasm_rt_stream_create`'s;
/// anything else is `cudaErrorInvalidResourceHandle`.
///
/// # Safety
/// `name` must be a NUL-terminated string and `params` point to `nparams`
/// pointers to the kernel's argument values.
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn cuwasm_rt_launch(
    name: *const c_char,
    gx: i32,
    gy: i32,
    gz: i32,
    bx: i32,
    by: i32,
    bz: i32,
    shmem: i64,
    stream: u64,
    params: *const *const u8,
    nparams: i32,
) {
    let rt = runtime();
    let check = || -> error::Result<()> {
        let bad = |code, why: &str| Err(error::RuntimeError::new(code, why));
        if name.is_null() || nparams < 0 || (params.is_null() && nparams > 0) {
            return bad(CudaError::InvalidValue, "launch arguments");
        }
        // Dimensions are unsigned in CUDA: a negative i32 is a huge one, refused by validation.
        let dims = [gx, gy, gz, bx, by, bz].map(|d| d as u32);
        let config = LaunchConfig {
            grid: [dims[0], dims[1], dims[2]],
            block: [dims[3], dims[4], dims[5]],
            dynamic_shared_bytes: size(shmem)?,
        };
        // SAFETY: `name` is a C string per the caller.
        let name = unsafe { CStr::from_ptr(name) }.to_string_lossy();
        let params = KernelParams {
            ptr: params,
            len: nparams as usize,
        };
        // SAFETY: forwarded from the caller.
        unsafe { rt.launch_on_stream(&name, &config, params, stream) }
    };
    if let Err(e) = check() {
        // `Runtime` records its own failures; the ones found here are recorded the same way.
        rt.record_error(e.code);
    }
}

/// Store an out-parameter's value to `*out` (zero on failure), returning
/// the call's `cudaError_t`; a null `out` is `cudaErrorInvalidValue`.
///
/// # Safety
/// `out` must be null or valid for writing a `T`.
unsafe fn store_out<T: Default>(out: *mut T, value: error::Result<T>) -> i32 {
    if out.is_null() {
        return CudaError::InvalidValue.code();
    }
    let (value, code) = match value {
        Ok(v) => (v, 0),
        Err(e) => (T::default(), e.code.code()),
    };
    // SAFETY: `out` is valid per the caller.
    unsafe { out.write(value) };
    code
}

/// `cudaGetDeviceCount`.
///
/// # Safety
/// `out` must be null or valid for writing an `int`.
pub unsafe extern "C" fn cuwasm_rt_get_device_count(out: *mut i32) -> i32 {
    // SAFETY: forwarded from the caller.
    unsafe { store_out(out, Ok(runtime().device_count())) }
}

/// `cudaSetDevice`.
pub extern "C" fn cuwasm_rt_set_device(device: i32) -> i32 {
    code(runtime().set_device(device))
}

/// `cudaGetDevice`.
///
/// # Safety
/// As [`cuwasm_rt_get_device_count`].
pub unsafe extern "C" fn cuwasm_rt_get_device(out: *mut i32) -> i32 {
    // SAFETY: forwarded from the caller.
    unsafe { store_out(out, Ok(runtime().get_device())) }
}

/// `cudaGetDeviceProperties`: fills `*prop`, a `cudaDeviceProp` as cuwasm's
/// `driver_types.h` declares it ([`CudaDeviceProp`]).
///
/// # Safety
/// `prop` must be null or valid for writing a [`CudaDeviceProp`].
pub unsafe extern "C" fn cuwasm_rt_get_device_properties(
    prop: *mut CudaDeviceProp,
    device: i32,
) -> i32 {
    let props = runtime().device_properties(device);
    // SAFETY: forwarded from the caller.
    unsafe { store_out(prop, props.map(|p| CudaDeviceProp::from(&p))) }
}

/// `cudaStreamCreate`: stores the new stream to `*out`.
///
/// # Safety
/// `out` must be null or valid for writing a pointer.
pub unsafe extern "C" fn cuwasm_rt_stream_create(out: *mut u64) -> i32 {
    // SAFETY: forwarded from the caller.
    unsafe { store_out(out, runtime().create_stream()) }
}

/// `cudaStreamSynchronize`.
pub extern "C" fn cuwasm_rt_stream_synchronize(stream: u64) -> i32 {
    code(runtime().synchronize_stream(stream))
}

/// `cudaStreamDestroy`.
pub extern "C" fn cuwasm_rt_stream_destroy(stream: u64) -> i32 {
    code(runtime().destroy_stream(stream))
}

/// `cudaEventCreate`: stores the new event to `*out`.
///
/// # Safety
/// As [`cuwasm_rt_stream_create`].
pub unsafe extern "C" fn cuwasm_rt_event_create(out: *mut u64) -> i32 {
    // SAFETY: forwarded from the caller.
    unsafe { store_out(out, runtime().create_event()) }
}

/// `cudaEventRecord`.
pub extern "C" fn cuwasm_rt_event_record(event: u64, stream: u64) -> i32 {
    code(runtime().record_event(event, stream))
}

/// `cudaEventSynchronize`.
pub extern "C" fn cuwasm_rt_event_synchronize(event: u64) -> i32 {
    code(runtime().synchronize_event(event))
}

/// `cudaEventElapsedTime`: stores the milliseconds to `*out`.
///
/// # Safety
/// `out` must be null or valid for writing a `float`.
pub unsafe extern "C" fn cuwasm_rt_event_elapsed_time(out: *mut f32, start: u64, end: u64) -> i32 {
    // SAFETY: forwarded from the caller.
    unsafe { store_out(out, runtime().event_elapsed_ms(start, end)) }
}

/// `cudaEventDestroy`.
pub extern "C" fn cuwasm_rt_event_destroy(event: u64) -> i32 {
    code(runtime().destroy_event(event))
}

/// `struct cudaDeviceProp` as cuwasm's built-in `driver_types.h` declares
/// it, field for field (C layout; a test compares it with the frontend's).
/// What [`DeviceProperties`] does not tell is zero.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CudaDeviceProp {
    pub name: [c_char; 256],
    pub total_global_mem: usize,
    pub shared_mem_per_block: usize,
    pub regs_per_block: i32,
    pub warp_size: i32,
    pub mem_pitch: usize,
    pub max_threads_per_block: i32,
    pub max_threads_dim: [i32; 3],
    pub max_grid_size: [i32; 3],
    pub clock_rate: i32,
    pub total_const_mem: usize,
    pub major: i32,
    pub minor: i32,
    pub texture_alignment: usize,
    pub device_overlap: i32,
    pub multi_processor_count: i32,
    pub kernel_exec_timeout_enabled: i32,
    pub integrated: i32,
    pub can_map_host_memory: i32,
    pub compute_mode: i32,
    pub concurrent_kernels: i32,
    pub ecc_enabled: i32,
    pub pci_bus_id: i32,
    pub pci_device_id: i32,
    pub memory_clock_rate: i32,
    pub memory_bus_width: i32,
    pub l2_cache_size: i32,
    pub max_threads_per_multi_processor: i32,
    pub shared_mem_per_multiprocessor: usize,
    pub regs_per_multiprocessor: i32,
    pub managed_memory: i32,
    pub max_blocks_per_multi_processor: i32,
}

impl Default for CudaDeviceProp {
    fn default() -> Self {
        // SAFETY: every field is an integer or an array of them; zero is valid.
        unsafe { std::mem::zeroed() }
    }
}

impl From<&DeviceProperties> for CudaDeviceProp {
    fn from(p: &DeviceProperties) -> CudaDeviceProp {
        let mut prop = CudaDeviceProp::default();
        // The name, cut to leave its NUL.
        for (dst, &b) in prop.name.iter_mut().zip(p.name.as_bytes().iter().take(255)) {
            *dst = b as c_char;
        }
        let int = |v: u32| i32::try_from(v).unwrap_or(i32::MAX);
        prop.total_global_mem = p.total_global_mem as usize;
        prop.shared_mem_per_block = p.shared_mem_per_block as usize;
        prop.warp_size = int(p.warp_size);
        prop.max_threads_per_block = int(p.max_threads_per_block);
        prop.max_threads_dim = p.max_threads_dim.map(int);
        prop.max_grid_size = p.max_grid_size.map(int);
        (prop.major, prop.minor) = p.compute_capability;
        prop.multi_processor_count = int(p.multiprocessor_count);
        // cudaMallocManaged works on every device.
        prop.managed_memory = 1;
        prop
    }
}

/// `printf`/`fprintf(stderr, ...)`: `stream` 1 or 2, `args` `nargs` 8-byte slots.
///
/// # Safety
/// `format` must be a NUL-terminated string, `args` point to `nargs` slots, and
/// each slot a `%s` consumes be null or a NUL-terminated string.
pub unsafe extern "C" fn cuwasm_rt_printf(
    stream: i32,
    format: *const c_char,
    args: *const u64,
    nargs: i32,
) -> i32 {
    if format.is_null() {
        return -1;
    }
    // SAFETY: per the caller.
    let (format, slots) = unsafe {
        let slots = match (args.is_null(), usize::try_from(nargs)) {
            (false, Ok(n)) => std::slice::from_raw_parts(args, n),
            _ => &[],
        };
        (CStr::from_ptr(format).to_bytes(), slots)
    };
    // SAFETY: per the caller.
    printf::write(stream, &unsafe { printf::format(format, slots) })
}

/// `exit(status)`: flush the runtime's streams, then end the process.
pub extern "C" fn cuwasm_rt_exit(status: i32) -> ! {
    printf::flush();
    std::process::exit(status)
}

/// A bounds-checked kernel's question before each memory access (the
/// `cpu-bounds-checks` pass): may thread `(tx, ty, tz)` of the running block
/// access `bytes` at `address`? `kind` is 0 for a read, 1 a write, 2 an
/// atomic. A `false` answer has been recorded as the launch's
/// `cudaErrorIllegalAddress` (the first one printed), and the kernel skips
/// the access.
pub extern "C" fn cuwasm_rt_check_access(
    address: u64,
    bytes: i64,
    kind: i32,
    tx: i32,
    ty: i32,
    tz: i32,
) -> bool {
    let kind = bounds::AccessKind::from_code(kind);
    bounds::check_access(address, bytes as u64, kind, [tx, ty, tz])
}

/// Make a program variable (a `__device__`/`__constant__` data object) a
/// valid target of bounds-checked kernels: `name` (a C string), its address
/// and size. The `cpu-bounds-checks` pass emits the calls.
///
/// # Safety
/// `name` must be null or a NUL-terminated string.
pub unsafe extern "C" fn cuwasm_rt_register_symbol(name: *const c_char, address: u64, bytes: i64) {
    let name = match name.is_null() {
        true => "?".into(),
        // SAFETY: a C string per the caller.
        false => unsafe { CStr::from_ptr(name) }.to_string_lossy(),
    };
    runtime().register_symbol(&name, address, bytes.max(0) as usize);
}

/// Every function above by the name the JIT resolves, with its address.
pub fn symbols() -> Vec<(&'static str, *const u8)> {
    vec![
        ("cuwasm_rt_malloc", cuwasm_rt_malloc as *const u8),
        (
            "cuwasm_rt_malloc_managed",
            cuwasm_rt_malloc_managed as *const u8,
        ),
        ("cuwasm_rt_free", cuwasm_rt_free as *const u8),
        ("cuwasm_rt_memcpy", cuwasm_rt_memcpy as *const u8),
        ("cuwasm_rt_memset", cuwasm_rt_memset as *const u8),
        (
            "cuwasm_rt_memcpy_to_symbol",
            cuwasm_rt_memcpy_to_symbol as *const u8,
        ),
        (
            "cuwasm_rt_memcpy_from_symbol",
            cuwasm_rt_memcpy_from_symbol as *const u8,
        ),
        (
            "cuwasm_rt_device_synchronize",
            cuwasm_rt_device_synchronize as *const u8,
        ),
        (
            "cuwasm_rt_get_last_error",
            cuwasm_rt_get_last_error as *const u8,
        ),
        (
            "cuwasm_rt_peek_at_last_error",
            cuwasm_rt_peek_at_last_error as *const u8,
        ),
        (
            "cuwasm_rt_get_error_string",
            cuwasm_rt_get_error_string as *const u8,
        ),
        ("cuwasm_rt_launch", cuwasm_rt_launch as *const u8),
        ("cuwasm_rt_printf", cuwasm_rt_printf as *const u8),
        ("cuwasm_rt_exit", cuwasm_rt_exit as *const u8),
        (
            "cuwasm_rt_get_device_count",
            cuwasm_rt_get_device_count as *const u8,
        ),
        ("cuwasm_rt_set_device", cuwasm_rt_set_device as *const u8),
        ("cuwasm_rt_get_device", cuwasm_rt_get_device as *const u8),
        (
            "cuwasm_rt_get_device_properties",
            cuwasm_rt_get_device_properties as *const u8,
        ),
        (
            "cuwasm_rt_stream_create",
            cuwasm_rt_stream_create as *const u8,
        ),
        (
            "cuwasm_rt_stream_synchronize",
            cuwasm_rt_stream_synchronize as *const u8,
        ),
        (
            "cuwasm_rt_stream_destroy",
            cuwasm_rt_stream_destroy as *const u8,
        ),
        (
            "cuwasm_rt_event_create",
            cuwasm_rt_event_create as *const u8,
        ),
        (
            "cuwasm_rt_event_record",
            cuwasm_rt_event_record as *const u8,
        ),
        (
            "cuwasm_rt_event_synchronize",
            cuwasm_rt_event_synchronize as *const u8,
        ),
        (
            "cuwasm_rt_event_elapsed_time",
            cuwasm_rt_event_elapsed_time as *const u8,
        ),
        (
            "cuwasm_rt_event_destroy",
            cuwasm_rt_event_destroy as *const u8,
        ),
        (
            "cuwasm_rt_register_symbol",
            cuwasm_rt_register_symbol as *const u8,
        ),
        (
            "cuwasm_rt_check_access",
            cuwasm_rt_check_access as *const u8,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::CudaDeviceProp;
    use cuwasm_dialects::cpu_abi::device_prop;
    use std::mem::{offset_of, size_of};

    /// `CudaDeviceProp` has the layout of `driver_types.h`'s struct, as the
    /// ABI's table places its fields.
    #[test]
    fn device_prop_is_laid_out_as_the_abi_table() {
        let rust = [
            ("name", offset_of!(CudaDeviceProp, name)),
            (
                "totalGlobalMem",
                offset_of!(CudaDeviceProp, total_global_mem),
            ),
            (
                "sharedMemPerBlock",
                offset_of!(CudaDeviceProp, shared_mem_per_block),
            ),
            ("regsPerBlock", offset_of!(CudaDeviceProp, regs_per_block)),
            ("warpSize", offset_of!(CudaDeviceProp, warp_size)),
            ("memPitch", offset_of!(CudaDeviceProp, mem_pitch)),
            (
                "maxThreadsPerBlock",
                offset_of!(CudaDeviceProp, max_threads_per_block),
            ),
            ("maxThreadsDim", offset_of!(CudaDeviceProp, max_threads_dim)),
            ("maxGridSize", offset_of!(CudaDeviceProp, max_grid_size)),
            ("clockRate", offset_of!(CudaDeviceProp, clock_rate)),
            ("totalConstMem", offset_of!(CudaDeviceProp, total_const_mem)),
            ("major", offset_of!(CudaDeviceProp, major)),
            ("minor", offset_of!(CudaDeviceProp, minor)),
            (
                "textureAlignment",
                offset_of!(CudaDeviceProp, texture_alignment),
            ),
            ("deviceOverlap", offset_of!(CudaDeviceProp, device_overlap)),
            (
                "multiProcessorCount",
                offset_of!(CudaDeviceProp, multi_processor_count),
            ),
            (
                "kernelExecTimeoutEnabled",
                offset_of!(CudaDeviceProp, kernel_exec_timeout_enabled),
            ),
            ("integrated", offset_of!(CudaDeviceProp, integrated)),
            (
                "canMapHostMemory",
                offset_of!(CudaDeviceProp, can_map_host_memory),
            ),
            ("computeMode", offset_of!(CudaDeviceProp, compute_mode)),
            (
                "concurrentKernels",
                offset_of!(CudaDeviceProp, concurrent_kernels),
            ),
            ("ECCEnabled", offset_of!(CudaDeviceProp, ecc_enabled)),
            ("pciBusID", offset_of!(CudaDeviceProp, pci_bus_id)),
            ("pciDeviceID", offset_of!(CudaDeviceProp, pci_device_id)),
            (
                "memoryClockRate",
                offset_of!(CudaDeviceProp, memory_clock_rate),
            ),
            (
                "memoryBusWidth",
                offset_of!(CudaDeviceProp, memory_bus_width),
            ),
            ("l2CacheSize", offset_of!(CudaDeviceProp, l2_cache_size)),
            (
                "maxThreadsPerMultiProcessor",
                offset_of!(CudaDeviceProp, max_threads_per_multi_processor),
            ),
            (
                "sharedMemPerMultiprocessor",
                offset_of!(CudaDeviceProp, shared_mem_per_multiprocessor),
            ),
            (
                "regsPerMultiprocessor",
                offset_of!(CudaDeviceProp, regs_per_multiprocessor),
            ),
            ("managedMemory", offset_of!(CudaDeviceProp, managed_memory)),
            (
                "maxBlocksPerMultiProcessor",
                offset_of!(CudaDeviceProp, max_blocks_per_multi_processor),
            ),
        ];
        let (fields, size) = device_prop::layout();
        assert_eq!(size_of::<CudaDeviceProp>() as u64, size);
        assert_eq!(rust.len(), fields.len());
        for (f, (name, offset)) in fields.iter().zip(rust) {
            assert_eq!((f.name, f.offset), (name, offset as u64));
        }
    }
}
