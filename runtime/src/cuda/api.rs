//! The CUDA driver API as loaded from `libcuda.so.1`: the types and
//! constants of `cuda.h` this backend uses, the table of entry points, and
//! turning a `CUresult` into a [`RuntimeError`] with the driver's own name
//! and message.

use crate::driver::error::{DriverFailure, driver_string};
use crate::driver::library::{function_table, open};
use crate::error::{CudaError, Result, RuntimeError};
use std::ffi::{c_char, c_int, c_uint, c_void};
use std::path::Path;
use std::sync::{Arc, OnceLock};

pub type CUresult = c_int;
pub type CUdevice = c_int;
pub type CUdeviceptr = u64;
pub type CUcontext = *mut c_void;
pub type CUmodule = *mut c_void;
pub type CUfunction = *mut c_void;
pub type CUstream = *mut c_void;
pub type CUevent = *mut c_void;

pub const CUDA_SUCCESS: CUresult = 0;
/// `cuFuncGetParamInfo` past the last parameter.
pub const CUDA_ERROR_INVALID_VALUE: CUresult = 1;

/// `CUdevice_attribute` values.
pub const CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK: c_int = 1;
pub const CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT: c_int = 16;
/// `CU_DEVICE_ATTRIBUTE_MAX_BLOCK_DIM_X` (Y and Z follow) and `..._MAX_GRID_DIM_X` (likewise).
pub const CU_DEVICE_ATTRIBUTE_MAX_BLOCK_DIM_X: c_int = 2;
pub const CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_X: c_int = 5;
pub const CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK: c_int = 8;
pub const CU_DEVICE_ATTRIBUTE_WARP_SIZE: c_int = 10;
pub const CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR: c_int = 75;
pub const CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR: c_int = 76;

/// `CUfunction_attribute`: bytes of static shared memory.
pub const CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES: c_int = 1;

/// `CUjit_option` values for `cuModuleLoadDataEx`.
pub const CU_JIT_INFO_LOG_BUFFER: c_int = 3;
pub const CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES: c_int = 4;
pub const CU_JIT_ERROR_LOG_BUFFER: c_int = 5;
pub const CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES: c_int = 6;
pub const CU_JIT_LOG_VERBOSE: c_int = 12;

/// `CU_STREAM_NON_BLOCKING`: a stream that does not wait for the legacy
/// default stream. `CU_EVENT_DEFAULT`: an event with timing.
pub const CU_STREAM_NON_BLOCKING: c_uint = 1;
pub const CU_EVENT_DEFAULT: c_uint = 0;

/// The library the dynamic loader finds the driver as.
pub const LIBRARY: &str = "libcuda.so.1";

function_table! {
    /// The CUDA driver entry points, with the `_v2` names where the
    /// driver exports the 64-bit versions under them.
    pub struct CudaApi {
        init = "cuInit": fn(c_uint) -> CUresult;
        get_error_name = "cuGetErrorName": fn(CUresult, *mut *const c_char) -> CUresult;
        get_error_string = "cuGetErrorString": fn(CUresult, *mut *const c_char) -> CUresult;
        device_get_count = "cuDeviceGetCount": fn(*mut c_int) -> CUresult;
        device_get = "cuDeviceGet": fn(*mut CUdevice, c_int) -> CUresult;
        device_get_name = "cuDeviceGetName": fn(*mut c_char, c_int, CUdevice) -> CUresult;
        device_get_attribute = "cuDeviceGetAttribute": fn(*mut c_int, c_int, CUdevice) -> CUresult;
        device_total_mem = "cuDeviceTotalMem_v2": fn(*mut usize, CUdevice) -> CUresult;
        primary_ctx_retain = "cuDevicePrimaryCtxRetain": fn(*mut CUcontext, CUdevice) -> CUresult;
        primary_ctx_release = "cuDevicePrimaryCtxRelease_v2": fn(CUdevice) -> CUresult;
        ctx_set_current = "cuCtxSetCurrent": fn(CUcontext) -> CUresult;
        ctx_synchronize = "cuCtxSynchronize": fn() -> CUresult;
        module_load_data_ex = "cuModuleLoadDataEx":
            fn(*mut CUmodule, *const c_void, c_uint, *mut c_int, *mut *mut c_void) -> CUresult;
        module_unload = "cuModuleUnload": fn(CUmodule) -> CUresult;
        module_get_function = "cuModuleGetFunction": fn(*mut CUfunction, CUmodule, *const c_char) -> CUresult;
        module_get_global = "cuModuleGetGlobal_v2":
            fn(*mut CUdeviceptr, *mut usize, CUmodule, *const c_char) -> CUresult;
        func_get_attribute = "cuFuncGetAttribute": fn(*mut c_int, c_int, CUfunction) -> CUresult;
        mem_alloc = "cuMemAlloc_v2": fn(*mut CUdeviceptr, usize) -> CUresult;
        mem_alloc_managed = "cuMemAllocManaged": fn(*mut CUdeviceptr, usize, c_uint) -> CUresult;
        mem_free = "cuMemFree_v2": fn(CUdeviceptr) -> CUresult;
        memcpy_htod = "cuMemcpyHtoD_v2": fn(CUdeviceptr, *const c_void, usize) -> CUresult;
        memcpy_dtoh = "cuMemcpyDtoH_v2": fn(*mut c_void, CUdeviceptr, usize) -> CUresult;
        memcpy_dtod = "cuMemcpyDtoD_v2": fn(CUdeviceptr, CUdeviceptr, usize) -> CUresult;
        memset_d8 = "cuMemsetD8_v2": fn(CUdeviceptr, u8, usize) -> CUresult;
        launch_kernel = "cuLaunchKernel": fn(
            CUfunction, c_uint, c_uint, c_uint, c_uint, c_uint, c_uint, c_uint, CUstream,
            *mut *mut c_void, *mut *mut c_void
        ) -> CUresult;
        stream_create = "cuStreamCreate": fn(*mut CUstream, c_uint) -> CUresult;
        stream_synchronize = "cuStreamSynchronize": fn(CUstream) -> CUresult;
        stream_destroy = "cuStreamDestroy_v2": fn(CUstream) -> CUresult;
        event_create = "cuEventCreate": fn(*mut CUevent, c_uint) -> CUresult;
        event_record = "cuEventRecord": fn(CUevent, CUstream) -> CUresult;
        event_synchronize = "cuEventSynchronize": fn(CUevent) -> CUresult;
        event_elapsed_time = "cuEventElapsedTime": fn(*mut f32, CUevent, CUevent) -> CUresult;
        event_destroy = "cuEventDestroy_v2": fn(CUevent) -> CUresult;
    }
    optional {
        /// CUDA 12.4 and newer: listing a module's kernels and parameters.
        module_get_function_count = "cuModuleGetFunctionCount": fn(*mut c_uint, CUmodule) -> CUresult;
        module_enumerate_functions = "cuModuleEnumerateFunctions":
            fn(*mut CUfunction, c_uint, CUmodule) -> CUresult;
        func_get_name = "cuFuncGetName": fn(*mut *const c_char, CUfunction) -> CUresult;
        func_get_param_info = "cuFuncGetParamInfo": fn(CUfunction, usize, *mut usize, *mut usize) -> CUresult;
    }
}

impl CudaApi {
    /// Load the driver from `library` and initialize it (`cuInit`). A missing
    /// library or a failing `cuInit` is `cudaErrorNoDevice` with the reason.
    pub fn load(library: &Path) -> Result<Arc<CudaApi>> {
        let no_device =
            |why: String| RuntimeError::new(CudaError::NoDevice, format!("no CUDA device: {why}"));
        let api = CudaApi::from_library(open(library).map_err(no_device)?).map_err(no_device)?;
        // SAFETY: cuInit takes flags, which must be 0.
        api.check(unsafe { (api.init)(0) }, "cuInit")
            .map_err(|e| no_device(e.message))?;
        Ok(Arc::new(api))
    }

    /// The driver from [`LIBRARY`], loaded and initialized once per process.
    pub fn get() -> Result<Arc<CudaApi>> {
        static API: OnceLock<Result<Arc<CudaApi>>> = OnceLock::new();
        API.get_or_init(|| CudaApi::load(Path::new(LIBRARY)))
            .clone()
    }

    /// `Ok` for `CUDA_SUCCESS`; otherwise the error for `call`, carrying the
    /// driver's name and message for `code`.
    pub fn check(&self, code: CUresult, call: &str) -> Result<()> {
        if code == CUDA_SUCCESS {
            return Ok(());
        }
        let mut name = std::ptr::null();
        let mut message = std::ptr::null();
        // SAFETY: both write a pointer to a static string, or fail and leave null.
        unsafe {
            (self.get_error_name)(code, &mut name);
            (self.get_error_string)(code, &mut message);
        }
        Err(DriverFailure {
            call,
            code,
            // SAFETY: null, or the static strings the driver returned.
            name: unsafe { driver_string(name, || format!("CUresult {code}")) },
            message: unsafe { driver_string(message, || "unknown error".into()) },
        }
        .into_error())
    }
}
