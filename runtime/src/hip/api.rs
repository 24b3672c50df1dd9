//! The HIP API as loaded from `libamdhip64`: the types and constants of
//! `hip_runtime_api.h` and `hiprtc.h` this backend uses, the table of entry
//! points, and turning a `hipError_t` into a [`RuntimeError`] with HIP's own
//! name and message.

use crate::driver::error::{DriverFailure, driver_string};
use crate::driver::library::{function_table, load_first, open};
use crate::error::{CudaError, Result, RuntimeError};
use std::ffi::{c_char, c_int, c_uint, c_void};
use std::path::Path;
use std::sync::{Arc, OnceLock};

pub type HipError = c_int;
pub type HipDevice = c_int;
pub type HipDeviceptr = *mut c_void;
pub type HipModule = *mut c_void;
pub type HipFunction = *mut c_void;
pub type HipStream = *mut c_void;
pub type HipEvent = *mut c_void;

pub const HIP_SUCCESS: HipError = 0;

/// `hipDeviceAttribute_t` values (ROCm 5 and newer).
pub const HIP_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK: c_int = 56;
pub const HIP_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT: c_int = 63;
/// `hipDeviceAttributeMaxBlockDimX` (Y and Z follow), `...MaxGridDimX` (likewise).
pub const HIP_DEVICE_ATTRIBUTE_MAX_BLOCK_DIM_X: c_int = 26;
pub const HIP_DEVICE_ATTRIBUTE_MAX_GRID_DIM_X: c_int = 29;
pub const HIP_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK: c_int = 74;

/// `hipFunction_attribute`: bytes of static shared memory.
pub const HIP_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES: c_int = 1;

/// `hipStreamNonBlocking`, `hipEventDefault`.
pub const HIP_STREAM_NON_BLOCKING: c_uint = 1;

/// Where the dynamic loader may find the HIP runtime: the development
/// link, then ROCm 6's and ROCm 5's sonames.
pub const LIBRARIES: &[&str] = &["libamdhip64.so", "libamdhip64.so.6", "libamdhip64.so.5"];

function_table! {
    /// The HIP runtime's entry points.
    pub struct HipApi {
        init = "hipInit": fn(c_uint) -> HipError;
        get_error_name = "hipGetErrorName": fn(HipError) -> *const c_char;
        get_error_string = "hipGetErrorString": fn(HipError) -> *const c_char;
        get_device_count = "hipGetDeviceCount": fn(*mut c_int) -> HipError;
        device_get = "hipDeviceGet": fn(*mut HipDevice, c_int) -> HipError;
        device_get_name = "hipDeviceGetName": fn(*mut c_char, c_int, HipDevice) -> HipError;
        device_get_attribute = "hipDeviceGetAttribute": fn(*mut c_int, c_int, c_int) -> HipError;
        device_compute_capability = "hipDeviceComputeCapability":
            fn(*mut c_int, *mut c_int, HipDevice) -> HipError;
        device_total_mem = "hipDeviceTotalMem": fn(*mut usize, HipDevice) -> HipError;
        set_device = "hipSetDevice": fn(c_int) -> HipError;
        device_synchronize = "hipDeviceSynchronize": fn() -> HipError;
        module_load_data = "hipModuleLoadData": fn(*mut HipModule, *const c_void) -> HipError;
        module_unload = "hipModuleUnload": fn(HipModule) -> HipError;
        module_get_function = "hipModuleGetFunction":
            fn(*mut HipFunction, HipModule, *const c_char) -> HipError;
        module_get_global = "hipModuleGetGlobal":
            fn(*mut HipDeviceptr, *mut usize, HipModule, *const c_char) -> HipError;
        func_get_attribute = "hipFuncGetAttribute": fn(*mut c_int, c_int, HipFunction) -> HipError;
        malloc = "hipMalloc": fn(*mut HipDeviceptr, usize) -> HipError;
        malloc_managed = "hipMallocManaged": fn(*mut HipDeviceptr, usize, c_uint) -> HipError;
        free = "hipFree": fn(HipDeviceptr) -> HipError;
        memcpy_htod = "hipMemcpyHtoD": fn(HipDeviceptr, *mut c_void, usize) -> HipError;
        memcpy_dtoh = "hipMemcpyDtoH": fn(*mut c_void, HipDeviceptr, usize) -> HipError;
        memcpy_dtod = "hipMemcpyDtoD": fn(HipDeviceptr, HipDeviceptr, usize) -> HipError;
        memset_d8 = "hipMemsetD8": fn(HipDeviceptr, u8, usize) -> HipError;
        module_launch_kernel = "hipModuleLaunchKernel": fn(
            HipFunction, c_uint, c_uint, c_uint, c_uint, c_uint, c_uint, c_uint, HipStream,
            *mut *mut c_void, *mut *mut c_void
        ) -> HipError;
        stream_create_with_flags = "hipStreamCreateWithFlags": fn(*mut HipStream, c_uint) -> HipError;
        stream_synchronize = "hipStreamSynchronize": fn(HipStream) -> HipError;
        stream_destroy = "hipStreamDestroy": fn(HipStream) -> HipError;
        event_create = "hipEventCreate": fn(*mut HipEvent) -> HipError;
        event_record = "hipEventRecord": fn(HipEvent, HipStream) -> HipError;
        event_synchronize = "hipEventSynchronize": fn(HipEvent) -> HipError;
        event_elapsed_time = "hipEventElapsedTime": fn(*mut f32, HipEvent, HipEvent) -> HipError;
        event_destroy = "hipEventDestroy": fn(HipEvent) -> HipError;
    }
    optional {}
}

/// `cudaErrorNoDevice` for `why`.
fn no_device(why: String) -> RuntimeError {
    RuntimeError::new(CudaError::NoDevice, format!("no HIP device: {why}"))
}

impl HipApi {
    /// Load the HIP runtime from `library`; a missing one is `cudaErrorNoDevice`.
    pub fn load(library: &Path) -> Result<Arc<HipApi>> {
        let library = open(library).map_err(no_device)?;
        Ok(Arc::new(HipApi::from_library(library).map_err(no_device)?))
    }

    /// The HIP runtime from [`LIBRARIES`], loaded once per process.
    pub fn get() -> Result<Arc<HipApi>> {
        static API: OnceLock<Result<Arc<HipApi>>> = OnceLock::new();
        API.get_or_init(|| {
            load_first(LIBRARIES, HipApi::from_library)
                .map(Arc::new)
                .map_err(no_device)
        })
        .clone()
    }

    /// Initialize the runtime and count the devices. With none, the error
    /// is `cudaErrorNoDevice` holding what `hipInit` and `hipGetDeviceCount`
    /// said (without an AMD GPU, ROCm 5.2's `hipInit` answers
    /// `hipErrorInvalidDevice` and `hipGetDeviceCount` `hipErrorNoDevice`).
    pub fn device_count(&self) -> Result<usize> {
        // SAFETY: hipInit takes flags, which must be 0.
        let init = self.check(unsafe { (self.init)(0) }, "hipInit");
        let mut count: c_int = 0;
        // SAFETY: writes the count.
        let counted = self.check(
            unsafe { (self.get_device_count)(&mut count) },
            "hipGetDeviceCount",
        );
        match (init, counted) {
            (Ok(()), Ok(())) if count > 0 => Ok(count as usize),
            (Ok(()), Ok(())) => Err(no_device("hipGetDeviceCount reports 0 devices".into())),
            (Ok(()), Err(e)) | (Err(e), Ok(())) => Err(no_device(e.message)),
            (Err(init), Err(counted)) => {
                Err(no_device(format!("{}; {}", counted.message, init.message)))
            }
        }
    }

    /// `Ok` for `hipSuccess`; otherwise the error for `call`, carrying HIP's
    /// name and message for `code`.
    pub fn check(&self, code: HipError, call: &str) -> Result<()> {
        if code == HIP_SUCCESS {
            return Ok(());
        }
        // SAFETY: both return static strings for any code.
        let (name, message) =
            unsafe { ((self.get_error_name)(code), (self.get_error_string)(code)) };
        Err(DriverFailure {
            call,
            code,
            // SAFETY: null, or the static strings the driver returned.
            name: unsafe { driver_string(name, || format!("hipError_t {code}")) },
            message: unsafe { driver_string(message, || "unknown error".into()) },
        }
        .into_error())
    }
}
