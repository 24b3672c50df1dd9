//! CUDA's error codes (`cudaError_t`) and the typed error Rust callers get.
//!
//! The numbers, names and messages are CUDA's own (`cudaGetErrorName` /
//! `cudaGetErrorString` of CUDA 12), so a program's `"CUDA error: %s"` lines read
//! the same on every device of cuwasm as on NVIDIA's runtime.

use std::ffi::CStr;
use std::fmt;

/// A `cudaError_t` code this runtime reports.
#[repr(i32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CudaError {
    Success = 0,
    InvalidValue = 1,
    MemoryAllocation = 2,
    InitializationError = 3,
    InvalidConfiguration = 9,
    InvalidSymbol = 13,
    InvalidDevicePointer = 17,
    InvalidMemcpyDirection = 21,
    InvalidDeviceFunction = 98,
    NoDevice = 100,
    InvalidResourceHandle = 400,
    NotReady = 600,
    IllegalAddress = 700,
    LaunchOutOfResources = 701,
    LaunchFailure = 719,
    Unknown = 999,
}

/// One row per code: the code, `cudaGetErrorName`, `cudaGetErrorString`.
const TABLE: &[(CudaError, &CStr, &CStr)] = &[
    (CudaError::Success, c"cudaSuccess", c"no error"),
    (
        CudaError::InvalidValue,
        c"cudaErrorInvalidValue",
        c"invalid argument",
    ),
    (
        CudaError::MemoryAllocation,
        c"cudaErrorMemoryAllocation",
        c"out of memory",
    ),
    (
        CudaError::InitializationError,
        c"cudaErrorInitializationError",
        c"initialization error",
    ),
    (
        CudaError::InvalidConfiguration,
        c"cudaErrorInvalidConfiguration",
        c"invalid configuration argument",
    ),
    (
        CudaError::InvalidSymbol,
        c"cudaErrorInvalidSymbol",
        c"invalid device symbol",
    ),
    (
        CudaError::InvalidDevicePointer,
        c"cudaErrorInvalidDevicePointer",
        c"invalid device pointer",
    ),
    (
        CudaError::InvalidMemcpyDirection,
        c"cudaErrorInvalidMemcpyDirection",
        c"invalid copy direction for memcpy",
    ),
    (
        CudaError::InvalidDeviceFunction,
        c"cudaErrorInvalidDeviceFunction",
        c"invalid device function",
    ),
    (
        CudaError::NoDevice,
        c"cudaErrorNoDevice",
        c"no CUDA-capable device is detected",
    ),
    (
        CudaError::InvalidResourceHandle,
        c"cudaErrorInvalidResourceHandle",
        c"invalid resource handle",
    ),
    (
        CudaError::NotReady,
        c"cudaErrorNotReady",
        c"device not ready",
    ),
    (
        CudaError::IllegalAddress,
        c"cudaErrorIllegalAddress",
        c"an illegal memory access was encountered",
    ),
    (
        CudaError::LaunchOutOfResources,
        c"cudaErrorLaunchOutOfResources",
        c"too many resources requested for launch",
    ),
    (
        CudaError::LaunchFailure,
        c"cudaErrorLaunchFailure",
        c"unspecified launch failure",
    ),
    (CudaError::Unknown, c"cudaErrorUnknown", c"unknown error"),
];

/// What `cudaGetErrorName`/`cudaGetErrorString` give for a code they do not know.
const UNRECOGNIZED: &CStr = c"unrecognized error code";

impl CudaError {
    /// The numeric `cudaError_t`.
    pub fn code(self) -> i32 {
        self as i32
    }

    /// The error with this code, if this runtime knows it.
    pub fn from_code(code: i32) -> Option<CudaError> {
        TABLE.iter().find(|r| r.0.code() == code).map(|r| r.0)
    }

    /// `cudaGetErrorName`: the enumerator's name, e.g. `cudaErrorInvalidValue`.
    pub fn name(self) -> &'static CStr {
        TABLE
            .iter()
            .find(|r| r.0 == self)
            .map_or(UNRECOGNIZED, |r| r.1)
    }

    /// `cudaGetErrorString`: the description, e.g. `invalid argument`.
    pub fn description(self) -> &'static CStr {
        TABLE
            .iter()
            .find(|r| r.0 == self)
            .map_or(UNRECOGNIZED, |r| r.2)
    }
}

/// `cudaGetErrorName` of any code (unknown codes: "unrecognized error code").
pub fn error_name(code: i32) -> &'static CStr {
    CudaError::from_code(code).map_or(UNRECOGNIZED, CudaError::name)
}

/// `cudaGetErrorString` of any code (unknown codes: "unrecognized error code").
pub fn error_string(code: i32) -> &'static CStr {
    CudaError::from_code(code).map_or(UNRECOGNIZED, CudaError::description)
}

impl fmt::Display for CudaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.description().to_string_lossy())
    }
}

/// A failed runtime call: the CUDA code a C caller sees, and what went wrong in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuntimeError {
    pub code: CudaError,
    pub message: String,
}

impl RuntimeError {
    pub fn new(code: CudaError, message: impl Into<String>) -> RuntimeError {
        RuntimeError {
            code,
            message: message.into(),
        }
    }
}

impl fmt::Display for RuntimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({}): {}",
            self.code.name().to_string_lossy(),
            self.code.code(),
            self.message
        )
    }
}

impl std::error::Error for RuntimeError {}

/// The result of a runtime call.
pub type Result<T> = std::result::Result<T, RuntimeError>;
