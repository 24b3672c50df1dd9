//! [`HipContext`]: one HIP device (made current with `hipSetDevice`) with
//! one loaded code object — the [`Driver`] of [`HipDevice`](super::HipDevice).

use super::api::{
    HIP_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES, HIP_STREAM_NON_BLOCKING, HipApi, HipFunction, HipModule,
};
use super::discovery;
use crate::device::{DevicePtr, EventHandle, KernelParams, LaunchConfig, StreamHandle};
use crate::driver::error::c_name;
use crate::driver::{DeviceInfo, Driver, handle, launch_kernel};
use crate::error::{CudaError, Result, RuntimeError};
use std::ffi::{c_int, c_void};
use std::sync::Arc;

/// One device and a code object loaded on it.
pub struct HipContext {
    api: Arc<HipApi>,
    ordinal: c_int,
    module: HipModule,
    info: DeviceInfo,
}

// SAFETY: HIP handles may be used from any thread once the device is
// current there, which every use does first (`make_current`).
unsafe impl Send for HipContext {}
unsafe impl Sync for HipContext {}

impl HipContext {
    /// Device `ordinal` with the code object `image` (hipcc's or hiprtc's
    /// output) loaded.
    pub fn new(api: Arc<HipApi>, ordinal: usize, image: &[u8]) -> Result<HipContext> {
        api.device_count()?;
        let info = discovery::device_info(&api, ordinal)?;
        let mut cx = HipContext {
            api,
            ordinal: ordinal as c_int,
            module: std::ptr::null_mut(),
            info,
        };
        cx.make_current()?;
        // SAFETY: the image is a code object held for the whole call.
        let code = unsafe { (cx.api.module_load_data)(&mut cx.module, image.as_ptr().cast()) };
        cx.check(code, "hipModuleLoadData")?;
        Ok(cx)
    }

    fn check(&self, code: i32, call: &str) -> Result<()> {
        self.api.check(code, call)
    }
}

impl Drop for HipContext {
    fn drop(&mut self) {
        if !self.module.is_null() && self.make_current().is_ok() {
            // SAFETY: the module was loaded on this device and is unloaded once.
            unsafe { (self.api.module_unload)(self.module) };
        }
    }
}

impl Driver for HipContext {
    type Function = usize;

    fn info(&self) -> &DeviceInfo {
        &self.info
    }

    fn make_current(&self) -> Result<()> {
        // SAFETY: takes an ordinal that discovery found.
        self.check(
            unsafe { (self.api.set_device)(self.ordinal) },
            "hipSetDevice",
        )
    }

    fn alloc(&self, bytes: usize) -> Result<DevicePtr> {
        let mut ptr = std::ptr::null_mut();
        // SAFETY: writes the allocation's address.
        self.check(unsafe { (self.api.malloc)(&mut ptr, bytes) }, "hipMalloc")?;
        Ok(ptr as u64)
    }

    fn alloc_managed(&self, bytes: usize) -> Result<DevicePtr> {
        const HIP_MEM_ATTACH_GLOBAL: std::ffi::c_uint = 1;
        let mut ptr = std::ptr::null_mut();
        // SAFETY: writes the allocation's address.
        self.check(
            unsafe { (self.api.malloc_managed)(&mut ptr, bytes, HIP_MEM_ATTACH_GLOBAL) },
            "hipMallocManaged",
        )?;
        Ok(ptr as u64)
    }

    fn free(&self, ptr: DevicePtr) -> Result<()> {
        // SAFETY: the caller frees only live allocations.
        self.check(unsafe { (self.api.free)(handle(ptr)) }, "hipFree")
    }

    fn copy_to_device(&self, dst: DevicePtr, src: &[u8]) -> Result<()> {
        // SAFETY: `src` is valid for its length and only read (HIP's
        // prototype lacks the const); the runtime checks `dst`.
        let code =
            unsafe { (self.api.memcpy_htod)(handle(dst), src.as_ptr() as *mut c_void, src.len()) };
        self.check(code, "hipMemcpyHtoD")
    }

    fn copy_to_host(&self, dst: &mut [u8], src: DevicePtr) -> Result<()> {
        // SAFETY: `dst` is valid for its length; the runtime checks `src`.
        let code =
            unsafe { (self.api.memcpy_dtoh)(dst.as_mut_ptr().cast(), handle(src), dst.len()) };
        self.check(code, "hipMemcpyDtoH")
    }

    fn copy_device_to_device(&self, dst: DevicePtr, src: DevicePtr, bytes: usize) -> Result<()> {
        // SAFETY: device addresses only; the runtime checks them.
        let code = unsafe { (self.api.memcpy_dtod)(handle(dst), handle(src), bytes) };
        self.check(code, "hipMemcpyDtoD")
    }

    fn memset(&self, dst: DevicePtr, value: u8, bytes: usize) -> Result<()> {
        // SAFETY: a device address; the runtime checks it.
        let code = unsafe { (self.api.memset_d8)(handle(dst), value, bytes) };
        self.check(code, "hipMemsetD8")
    }

    fn function(&self, entry: &str) -> Result<usize> {
        let name = c_name(entry)?;
        let mut function: HipFunction = std::ptr::null_mut();
        // SAFETY: the module is loaded; the name is NUL-terminated.
        let code =
            unsafe { (self.api.module_get_function)(&mut function, self.module, name.as_ptr()) };
        self.check(code, &format!("hipModuleGetFunction({entry})"))?;
        Ok(function as usize)
    }

    /// HIP cannot list a module's kernels.
    fn entries(&self) -> Result<Vec<String>> {
        Err(RuntimeError::new(
            CudaError::NotSupported,
            "HIP cannot list a module's kernels: register them by name",
        ))
    }

    /// HIP cannot count a kernel's parameters.
    fn param_count(&self, _function: usize) -> Result<Option<usize>> {
        Ok(None)
    }

    fn static_shared_bytes(&self, function: usize) -> Result<usize> {
        let mut bytes: c_int = 0;
        // SAFETY: writes the attribute's value.
        let code = unsafe {
            (self.api.func_get_attribute)(
                &mut bytes,
                HIP_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES,
                function as HipFunction,
            )
        };
        self.check(code, "hipFuncGetAttribute(SHARED_SIZE_BYTES)")?;
        Ok(bytes as usize)
    }

    fn global(&self, name: &str) -> Result<(DevicePtr, usize)> {
        let c = c_name(name)?;
        let (mut address, mut bytes) = (std::ptr::null_mut(), 0);
        // SAFETY: the module is loaded; the name is NUL-terminated.
        let code = unsafe {
            (self.api.module_get_global)(&mut address, &mut bytes, self.module, c.as_ptr())
        };
        self.check(code, &format!("hipModuleGetGlobal({name})"))?;
        Ok((address as u64, bytes))
    }

    unsafe fn launch(
        &self,
        function: usize,
        config: &LaunchConfig,
        params: KernelParams,
        stream: StreamHandle,
    ) -> Result<()> {
        // SAFETY: the table's entry point of that prototype; the rest is
        // the caller's promise.
        let code = unsafe {
            launch_kernel(
                self.api.module_launch_kernel,
                function,
                config,
                params,
                stream,
            )
        };
        self.check(code, "hipModuleLaunchKernel")
    }

    fn synchronize(&self) -> Result<()> {
        // SAFETY: waits for the current device.
        self.check(
            unsafe { (self.api.device_synchronize)() },
            "hipDeviceSynchronize",
        )
    }

    fn create_stream(&self) -> Result<StreamHandle> {
        let mut stream = std::ptr::null_mut();
        // SAFETY: writes the stream handle.
        let code =
            unsafe { (self.api.stream_create_with_flags)(&mut stream, HIP_STREAM_NON_BLOCKING) };
        self.check(code, "hipStreamCreateWithFlags")?;
        Ok(stream as u64)
    }

    fn synchronize_stream(&self, stream: StreamHandle) -> Result<()> {
        // SAFETY: a live stream (checked by the device).
        let code = unsafe { (self.api.stream_synchronize)(handle(stream)) };
        self.check(code, "hipStreamSynchronize")
    }

    fn destroy_stream(&self, stream: StreamHandle) -> Result<()> {
        // SAFETY: a live stream (checked by the device).
        let code = unsafe { (self.api.stream_destroy)(handle(stream)) };
        self.check(code, "hipStreamDestroy")
    }

    fn create_event(&self) -> Result<EventHandle> {
        let mut event = std::ptr::null_mut();
        // SAFETY: writes the event handle.
        self.check(
            unsafe { (self.api.event_create)(&mut event) },
            "hipEventCreate",
        )?;
        Ok(event as u64)
    }

    fn record_event(&self, event: EventHandle, stream: StreamHandle) -> Result<()> {
        // SAFETY: live handles (checked by the device).
        let code = unsafe { (self.api.event_record)(handle(event), handle(stream)) };
        self.check(code, "hipEventRecord")
    }

    fn synchronize_event(&self, event: EventHandle) -> Result<()> {
        // SAFETY: a live event (checked by the device).
        let code = unsafe { (self.api.event_synchronize)(handle(event)) };
        self.check(code, "hipEventSynchronize")
    }

    fn event_elapsed_ms(&self, start: EventHandle, end: EventHandle) -> Result<f32> {
        let mut ms = 0.0;
        // SAFETY: writes the time; live events (checked by the device).
        let code = unsafe { (self.api.event_elapsed_time)(&mut ms, handle(start), handle(end)) };
        self.check(code, "hipEventElapsedTime")?;
        Ok(ms)
    }

    fn destroy_event(&self, event: EventHandle) -> Result<()> {
        // SAFETY: a live event (checked by the device).
        let code = unsafe { (self.api.event_destroy)(handle(event)) };
        self.check(code, "hipEventDestroy")
    }
}
