//! Which CUDA devices the driver sees (`cuDeviceGetCount`, `cuDeviceGet*`).

use super::api::{
    CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR,
    CU_DEVICE_ATTRIBUTE_MAX_BLOCK_DIM_X, CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_X,
    CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK, CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK,
    CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, CU_DEVICE_ATTRIBUTE_WARP_SIZE, CUdevice, CudaApi,
};
use crate::driver::{DeviceInfo, dims};
use crate::error::{CudaError, Result, RuntimeError};
use std::ffi::{CStr, c_int};

/// The devices of the driver `api`; none is `cudaErrorNoDevice`.
pub fn devices_of(api: &CudaApi) -> Result<Vec<DeviceInfo>> {
    let mut count: c_int = 0;
    // SAFETY: writes the count.
    api.check(
        unsafe { (api.device_get_count)(&mut count) },
        "cuDeviceGetCount",
    )?;
    if count <= 0 {
        return Err(RuntimeError::new(
            CudaError::NoDevice,
            "no CUDA device: the driver reports 0 devices",
        ));
    }
    (0..count as usize).map(|o| device_info(api, o)).collect()
}

/// The driver's handle of device `ordinal`; a bad ordinal is `cudaErrorInvalidDevice`.
pub fn device_handle(api: &CudaApi, ordinal: usize) -> Result<CUdevice> {
    let mut device: CUdevice = 0;
    let ordinal = c_int::try_from(ordinal).unwrap_or(c_int::MAX);
    // SAFETY: writes the handle.
    api.check(
        unsafe { (api.device_get)(&mut device, ordinal) },
        "cuDeviceGet",
    )?;
    Ok(device)
}

/// What the driver says about device `ordinal`.
pub fn device_info(api: &CudaApi, ordinal: usize) -> Result<DeviceInfo> {
    let device = device_handle(api, ordinal)?;
    let attribute = |attribute: c_int, name: &str| -> Result<c_int> {
        let mut value = 0;
        // SAFETY: writes the attribute's value.
        let code = unsafe { (api.device_get_attribute)(&mut value, attribute, device) };
        api.check(code, &format!("cuDeviceGetAttribute({name})"))?;
        Ok(value)
    };
    let mut name = [0 as std::ffi::c_char; 256];
    // SAFETY: writes at most `name.len()` bytes, NUL-terminated.
    let code = unsafe { (api.device_get_name)(name.as_mut_ptr(), name.len() as c_int, device) };
    api.check(code, "cuDeviceGetName")?;
    let mut total_memory = 0;
    // SAFETY: writes the size.
    api.check(
        unsafe { (api.device_total_mem)(&mut total_memory, device) },
        "cuDeviceTotalMem_v2",
    )?;
    Ok(DeviceInfo {
        ordinal,
        // SAFETY: the driver wrote a NUL-terminated name into the buffer.
        name: unsafe { CStr::from_ptr(name.as_ptr()) }
            .to_string_lossy()
            .into_owned(),
        compute_capability: (
            attribute(CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, "major")?,
            attribute(CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, "minor")?,
        ),
        total_memory,
        max_threads_per_block: attribute(CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK, "max threads")?
            as u32,
        multiprocessors: attribute(CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, "SMs")? as u32,
        max_block_dim: dims(|d| attribute(CU_DEVICE_ATTRIBUTE_MAX_BLOCK_DIM_X + d, "block dim"))?,
        max_grid_dim: dims(|d| attribute(CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_X + d, "grid dim"))?,
        shared_mem_per_block: attribute(CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK, "shared")?
            as u64,
        warp_size: attribute(CU_DEVICE_ATTRIBUTE_WARP_SIZE, "warp size")? as u32,
    })
}
