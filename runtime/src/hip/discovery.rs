//! Which HIP devices the runtime sees (`hipGetDeviceCount`, `hipDeviceGet*`).

use super::api::{
    HIP_DEVICE_ATTRIBUTE_MAX_BLOCK_DIM_X, HIP_DEVICE_ATTRIBUTE_MAX_GRID_DIM_X,
    HIP_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK, HIP_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK,
    HIP_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, HipApi, HipDevice,
};
use crate::driver::{DeviceInfo, dims};
use crate::error::Result;
use std::ffi::{CStr, c_int};

/// The devices of the runtime `api`; none is `cudaErrorNoDevice` with HIP's reason.
pub fn devices_of(api: &HipApi) -> Result<Vec<DeviceInfo>> {
    let count = api.device_count()?;
    (0..count).map(|o| device_info(api, o)).collect()
}

/// The runtime's handle of device `ordinal`.
pub fn device_handle(api: &HipApi, ordinal: usize) -> Result<HipDevice> {
    let mut device: HipDevice = 0;
    let ordinal = c_int::try_from(ordinal).unwrap_or(c_int::MAX);
    // SAFETY: writes the handle.
    api.check(
        unsafe { (api.device_get)(&mut device, ordinal) },
        "hipDeviceGet",
    )?;
    Ok(device)
}

/// What the runtime says about device `ordinal`.
pub fn device_info(api: &HipApi, ordinal: usize) -> Result<DeviceInfo> {
    let device = device_handle(api, ordinal)?;
    let attribute = |attribute: c_int, name: &str| -> Result<c_int> {
        let mut value = 0;
        // SAFETY: writes the attribute's value (HIP takes the ordinal here).
        let code = unsafe { (api.device_get_attribute)(&mut value, attribute, ordinal as c_int) };
        api.check(code, &format!("hipDeviceGetAttribute({name})"))?;
        Ok(value)
    };
    let mut name = [0 as std::ffi::c_char; 256];
    // SAFETY: writes at most `name.len()` bytes, NUL-terminated.
    let code = unsafe { (api.device_get_name)(name.as_mut_ptr(), name.len() as c_int, device) };
    api.check(code, "hipDeviceGetName")?;
    let (mut major, mut minor) = (0, 0);
    // SAFETY: writes both numbers.
    let code = unsafe { (api.device_compute_capability)(&mut major, &mut minor, device) };
    api.check(code, "hipDeviceComputeCapability")?;
    let mut total_memory = 0;
    // SAFETY: writes the size.
    let code = unsafe { (api.device_total_mem)(&mut total_memory, device) };
    api.check(code, "hipDeviceTotalMem")?;
    Ok(DeviceInfo {
        ordinal,
        // SAFETY: the runtime wrote a NUL-terminated name into the buffer.
        name: unsafe { CStr::from_ptr(name.as_ptr()) }
            .to_string_lossy()
            .into_owned(),
        compute_capability: (major, minor),
        total_memory,
        max_threads_per_block: attribute(HIP_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK, "max threads")?
            as u32,
        multiprocessors: attribute(HIP_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, "CUs")? as u32,
        max_block_dim: dims(|d| attribute(HIP_DEVICE_ATTRIBUTE_MAX_BLOCK_DIM_X + d, "block dim"))?,
        max_grid_dim: dims(|d| attribute(HIP_DEVICE_ATTRIBUTE_MAX_GRID_DIM_X + d, "grid dim"))?,
        shared_mem_per_block: attribute(HIP_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK, "shared")?
            as u64,
        // The HIP target runs CUDA's warps of 32 on any wavefront.
        warp_size: crate::device::WARP_SIZE,
    })
}
