//! The `extern "C"` functions that JIT-compiled host code calls
//! (docs/cpu-abi.md, "Host code → runtime calls"), over a process-global
//! [`Runtime`].
//!
//! `convert-cuda-host-to-runtime` declares these names; the JIT resolves them
//! through [`symbols`]. They never unwind into JIT code: every failure is a
//! `cudaError_t` code, and the last error of the calling thread.

use crate::cpu::bounds;
use crate::device::{KernelParams, LaunchConfig};
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
/// Only the default stream exists: null, `cudaStreamLegacy` (1) or
/// `cudaStreamPerThread` (2); anything else is `cudaErrorInvalidResourceHandle`.
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
        if stream > 2 {
            return bad(CudaError::InvalidResourceHandle, "unknown stream");
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
        unsafe { rt.launch(&name, &config, params) }
    };
    if let Err(e) = check() {
        // `Runtime` records its own failures; the ones found here are recorded the same way.
        rt.record_error(e.code);
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
            "cuwasm_rt_register_symbol",
            cuwasm_rt_register_symbol as *const u8,
        ),
        (
            "cuwasm_rt_check_access",
            cuwasm_rt_check_access as *const u8,
        ),
    ]
}
