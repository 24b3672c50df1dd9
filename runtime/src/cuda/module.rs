//! Loading PTX into the current context (`cuModuleLoadDataEx`) with the
//! JIT's info and error logs, and finding what the module holds.

use super::api::{
    CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES, CU_JIT_ERROR_LOG_BUFFER,
    CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES, CU_JIT_INFO_LOG_BUFFER, CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES,
    CU_JIT_LOG_VERBOSE, CUDA_ERROR_INVALID_VALUE, CUdeviceptr, CUfunction, CUmodule, CudaApi,
};
use crate::driver::error::{c_name, driver_string, with_log};
use crate::error::{CudaError, Result, RuntimeError};
use std::ffi::{c_int, c_uint, c_void};

/// Bytes of each JIT log buffer.
const LOG_BYTES: usize = 64 * 1024;

/// What the JIT said while loading a module.
#[derive(Clone, Debug, Default)]
pub struct JitLog {
    pub info: String,
    pub error: String,
}

/// Load `ptx` into the current context. A module that does not load is the
/// driver's error (e.g. `CUDA_ERROR_INVALID_PTX`) with the JIT's error log.
pub fn load(api: &CudaApi, ptx: &str) -> Result<(CUmodule, JitLog)> {
    let image = c_name(ptx)?;
    let mut info = vec![0u8; LOG_BYTES];
    let mut error = vec![0u8; LOG_BYTES];
    let mut options = [
        CU_JIT_INFO_LOG_BUFFER,
        CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES,
        CU_JIT_ERROR_LOG_BUFFER,
        CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES,
        CU_JIT_LOG_VERBOSE,
    ];
    // Sizes and flags travel as pointer-sized integers, as cuda.h specifies.
    let mut values: [*mut c_void; 5] = [
        info.as_mut_ptr().cast(),
        std::ptr::without_provenance_mut(LOG_BYTES),
        error.as_mut_ptr().cast(),
        std::ptr::without_provenance_mut(LOG_BYTES),
        std::ptr::without_provenance_mut(1),
    ];
    let mut module: CUmodule = std::ptr::null_mut();
    // SAFETY: the image is NUL-terminated PTX; the option arrays have equal
    // lengths and the log buffers the sizes given, and outlive the call.
    let code = unsafe {
        (api.module_load_data_ex)(
            &mut module,
            image.as_ptr().cast(),
            options.len() as c_uint,
            options.as_mut_ptr(),
            values.as_mut_ptr(),
        )
    };
    let log = JitLog {
        info: log_text(&info),
        error: log_text(&error),
    };
    match api.check(code, "cuModuleLoadDataEx") {
        Ok(()) => Ok((module, log)),
        Err(e) => Err(with_log(e, "JIT error log", &log.error)),
    }
}

/// The text the JIT wrote into a log buffer (up to its NUL).
fn log_text(buffer: &[u8]) -> String {
    let end = buffer.iter().position(|&b| b == 0).unwrap_or(buffer.len());
    String::from_utf8_lossy(&buffer[..end]).into_owned()
}

/// The kernel `entry` of `module`.
pub fn function(api: &CudaApi, module: CUmodule, entry: &str) -> Result<CUfunction> {
    let name = c_name(entry)?;
    let mut function = std::ptr::null_mut();
    // SAFETY: the module is loaded; the name is NUL-terminated.
    let code = unsafe { (api.module_get_function)(&mut function, module, name.as_ptr()) };
    api.check(code, &format!("cuModuleGetFunction({entry})"))?;
    Ok(function)
}

/// The device address and size of the global `name` of `module`.
pub fn global(api: &CudaApi, module: CUmodule, name: &str) -> Result<(u64, usize)> {
    let c = c_name(name)?;
    let mut address: CUdeviceptr = 0;
    let mut bytes = 0;
    // SAFETY: the module is loaded; the name is NUL-terminated.
    let code = unsafe { (api.module_get_global)(&mut address, &mut bytes, module, c.as_ptr()) };
    api.check(code, &format!("cuModuleGetGlobal_v2({name})"))?;
    Ok((address, bytes))
}

/// The entry names of `module`'s kernels (CUDA 12.4 and newer).
pub fn entries(api: &CudaApi, module: CUmodule) -> Result<Vec<String>> {
    let (Some(count), Some(enumerate), Some(get_name)) = (
        api.module_get_function_count,
        api.module_enumerate_functions,
        api.func_get_name,
    ) else {
        return Err(too_old("listing a module's kernels"));
    };
    let mut n: c_uint = 0;
    // SAFETY: writes the count.
    api.check(unsafe { count(&mut n, module) }, "cuModuleGetFunctionCount")?;
    let mut functions = vec![std::ptr::null_mut(); n as usize];
    // SAFETY: the array holds `n` handles.
    let code = unsafe { enumerate(functions.as_mut_ptr(), n, module) };
    api.check(code, "cuModuleEnumerateFunctions")?;
    functions
        .into_iter()
        .map(|f| {
            let mut name = std::ptr::null();
            // SAFETY: writes a pointer to the driver's copy of the name.
            api.check(unsafe { get_name(&mut name, f) }, "cuFuncGetName")?;
            // SAFETY: the driver's NUL-terminated copy of the name, or null.
            Ok(unsafe { driver_string(name, String::new) })
        })
        .collect()
}

/// How many parameters `function` takes (CUDA 12.4 and newer; `None` before).
pub fn param_count(api: &CudaApi, function: CUfunction) -> Result<Option<usize>> {
    let Some(param_info) = api.func_get_param_info else {
        return Ok(None);
    };
    // PTX limits a kernel's parameters to 4 KiB, so fewer than 4096 of them.
    for index in 0..4096 {
        let (mut offset, mut size) = (0, 0);
        // SAFETY: writes the parameter's offset and size, or fails past the last one.
        let code = unsafe { param_info(function, index, &mut offset, &mut size) };
        if code == CUDA_ERROR_INVALID_VALUE {
            return Ok(Some(index));
        }
        api.check(code, "cuFuncGetParamInfo")?;
    }
    Err(RuntimeError::new(
        CudaError::Unknown,
        "cuFuncGetParamInfo: the driver reports 4096 or more parameters",
    ))
}

/// Bytes of static shared memory `function` uses.
pub fn static_shared_bytes(api: &CudaApi, function: CUfunction) -> Result<usize> {
    let mut bytes: c_int = 0;
    // SAFETY: writes the attribute's value.
    let code = unsafe {
        (api.func_get_attribute)(&mut bytes, CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES, function)
    };
    api.check(code, "cuFuncGetAttribute(SHARED_SIZE_BYTES)")?;
    Ok(bytes as usize)
}

fn too_old(what: &str) -> RuntimeError {
    RuntimeError::new(
        CudaError::NotSupported,
        format!("{what} needs a CUDA 12.4 driver or newer"),
    )
}
