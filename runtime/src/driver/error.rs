//! Driver failures as [`RuntimeError`]s.
//!
//! The CUDA driver (`CUresult`), CUDA's runtime (`cudaError_t`) and HIP
//! (`hipError_t`) number their common errors alike (out of memory is 2,
//! an illegal address 700, a launch failure 719), so one mapping serves both
//! drivers. The driver's own name and message stay in the error's text.

use crate::error::{CudaError, RuntimeError};

/// A failed driver call in the driver's words.
#[derive(Clone, Debug)]
pub struct DriverFailure<'a> {
    /// The entry point, e.g. `cuMemAlloc_v2`.
    pub call: &'a str,
    /// The driver's code (`CUresult` or `hipError_t`).
    pub code: i32,
    /// The code's name (`cuGetErrorName`, `hipGetErrorName`).
    pub name: String,
    /// The code's description (`cuGetErrorString`, `hipGetErrorString`).
    pub message: String,
}

impl DriverFailure<'_> {
    /// The runtime error: CUDA's runtime code for the driver's, and the text
    /// `call: NAME: message`.
    pub fn into_error(self) -> RuntimeError {
        RuntimeError::new(
            runtime_code(self.code),
            format!("{}: {}: {}", self.call, self.name, self.message),
        )
    }
}

/// The `cudaError_t` for a driver code.
pub fn runtime_code(code: i32) -> CudaError {
    match code {
        // CUDA_ERROR_NOT_INITIALIZED, CUDA_ERROR_DEINITIALIZED.
        3 | 4 => CudaError::InitializationError,
        _ => CudaError::from_code(code).unwrap_or(CudaError::Unknown),
    }
}

/// `error` with `log` (a compiler's output) appended, when there is one.
pub fn with_log(mut error: RuntimeError, what: &str, log: &str) -> RuntimeError {
    let log = log.trim_end_matches(['\0', '\n', ' ']);
    if !log.is_empty() {
        error.message = format!("{}\n{what}:\n{log}", error.message);
    }
    error
}

/// A string a driver returned, or `fallback` when it returned none.
///
/// # Safety
/// `s` is null or a NUL-terminated string that outlives the call.
pub unsafe fn driver_string(
    s: *const std::ffi::c_char,
    fallback: impl FnOnce() -> String,
) -> String {
    if s.is_null() {
        return fallback();
    }
    // SAFETY: the caller's promise.
    unsafe { std::ffi::CStr::from_ptr(s) }
        .to_string_lossy()
        .into_owned()
}

/// The C-string form of `name` for a driver call, or `cudaErrorInvalidValue`
/// when it holds a NUL.
pub fn c_name(name: &str) -> crate::error::Result<std::ffi::CString> {
    std::ffi::CString::new(name).map_err(|_| {
        RuntimeError::new(
            CudaError::InvalidValue,
            format!("{name:?} holds a NUL byte"),
        )
    })
}
