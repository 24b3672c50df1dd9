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
    InvalidDevice = 101,
    InvalidKernelImage = 200,
    NoKernelImageForDevice = 209,
    InvalidPtx = 218,
    UnsupportedPtxVersion = 222,
    InvalidResourceHandle = 400,
    SymbolNotFound = 500,
    NotReady = 600,
    IllegalAddress = 700,
    LaunchOutOfResources = 701,
    LaunchTimeout = 702,
    IllegalInstruction = 715,
    MisalignedAddress = 716,
    InvalidPc = 718,
    LaunchFailure = 719,
    NotSupported = 801,
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
        CudaError::InvalidDevice,
        c"cudaErrorInvalidDevice",
        c"invalid device ordinal",
    ),
    (
        CudaError::InvalidKernelImage,
        c"cudaErrorInvalidKernelImage",
        c"device kernel image is invalid",
    ),
    (
        CudaError::NoKernelImageForDevice,
        c"cudaErrorNoKernelImageForDevice",
        c"no kernel image is available for execution on the device",
    ),
    (
        CudaError::InvalidPtx,
        c"cudaErrorInvalidPtx",
        c"a PTX JIT compilation failed",
    ),
    (
        CudaError::UnsupportedPtxVersion,
        c"cudaErrorUnsupportedPtxVersion",
        c"the provided PTX was compiled with an unsupported toolchain.",
    ),
    (
        CudaError::InvalidResourceHandle,
        c"cudaErrorInvalidResourceHandle",
        c"invalid resource handle",
    ),
    (
        CudaError::SymbolNotFound,
        c"cudaErrorSymbolNotFound",
        c"named symbol not found",
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
        CudaError::LaunchTimeout,
        c"cudaErrorLaunchTimeout",
        c"the launch timed out and was terminated",
    ),
    (
        CudaError::IllegalInstruction,
        c"cudaErrorIllegalInstruction",
        c"an illegal instruction was encountered",
    ),
    (
        CudaError::MisalignedAddress,
        c"cudaErrorMisalignedAddress",
        c"misaligned address",
    ),
    (
        CudaError::InvalidPc,
        c"cudaErrorInvalidPc",
        c"invalid program counter",
    ),
    (
        CudaError::LaunchFailure,
        c"cudaErrorLaunchFailure",
        c"unspecified launch failure",
    ),
    (
        CudaError::NotSupported,
        c"cudaErrorNotSupported",
        c"operation not supported",
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
