//! [`CudaContext`]: one device's primary context with one loaded PTX
//! module — the [`Driver`] of [`CudaDevice`](super::CudaDevice).

use super::api::{
    CU_EVENT_DEFAULT, CU_STREAM_NON_BLOCKING, CUcontext, CUdevice, CUfunction, CUmodule, CudaApi,
};
use super::{discovery, module};
use crate::device::{DevicePtr, EventHandle, KernelParams, LaunchConfig, StreamHandle};
use crate::driver::{DeviceInfo, Driver, handle, launch_kernel};
use crate::error::Result;
use std::sync::Arc;

/// The primary context of one device and a module loaded into it.
pub struct CudaContext {
    api: Arc<CudaApi>,
    device: CUdevice,
    context: CUcontext,
    module: CUmodule,
    info: DeviceInfo,
    jit_log: module::JitLog,
}

// SAFETY: driver handles may be used from any thread once the context is
// current there, which every use does first (`make_current`).
unsafe impl Send for CudaContext {}
unsafe impl Sync for CudaContext {}

impl CudaContext {
    /// Retain device `ordinal`'s primary context, make it current and load `ptx`.
    pub fn new(api: Arc<CudaApi>, ordinal: usize, ptx: &str) -> Result<CudaContext> {
        let info = discovery::device_info(&api, ordinal)?;
        let device = discovery::device_handle(&api, ordinal)?;
        let mut context = std::ptr::null_mut();
        // SAFETY: writes the context handle, retained until `drop`.
        let code = unsafe { (api.primary_ctx_retain)(&mut context, device) };
        api.check(code, "cuDevicePrimaryCtxRetain")?;
        let mut cx = CudaContext {
            api,
            device,
            context,
            module: std::ptr::null_mut(),
            info,
            jit_log: module::JitLog::default(),
        };
        cx.make_current()?;
        (cx.module, cx.jit_log) = module::load(&cx.api, ptx)?;
        Ok(cx)
    }

    /// What the JIT said while loading the module.
    pub fn jit_log(&self) -> &module::JitLog {
        &self.jit_log
    }

    fn check(&self, code: i32, call: &str) -> Result<()> {
        self.api.check(code, call)
    }
}

impl Drop for CudaContext {
    fn drop(&mut self) {
        // Failures here leave the handles to process exit; nothing to report them to.
        if !self.module.is_null() && self.make_current().is_ok() {
            // SAFETY: the module was loaded into this context and is unloaded once.
            unsafe { (self.api.module_unload)(self.module) };
        }
        // SAFETY: balances the retain in `new`.
        unsafe { (self.api.primary_ctx_release)(self.device) };
    }
}

impl Driver for CudaContext {
    type Function = usize;

    fn info(&self) -> &DeviceInfo {
        &self.info
    }

    fn make_current(&self) -> Result<()> {
        // SAFETY: the context is retained for this value's life.
        self.check(
            unsafe { (self.api.ctx_set_current)(self.context) },
            "cuCtxSetCurrent",
        )
    }

    fn alloc(&self, bytes: usize) -> Result<DevicePtr> {
        let mut ptr = 0;
        // SAFETY: writes the allocation's address.
        self.check(
            unsafe { (self.api.mem_alloc)(&mut ptr, bytes) },
            "cuMemAlloc_v2",
        )?;
        Ok(ptr)
    }

    fn alloc_managed(&self, bytes: usize) -> Result<DevicePtr> {
        const CU_MEM_ATTACH_GLOBAL: std::ffi::c_uint = 1;
        let mut ptr = 0;
        // SAFETY: writes the allocation's address.
        self.check(
            unsafe { (self.api.mem_alloc_managed)(&mut ptr, bytes, CU_MEM_ATTACH_GLOBAL) },
            "cuMemAllocManaged",
        )?;
        Ok(ptr)
    }

    fn free(&self, ptr: DevicePtr) -> Result<()> {
        // SAFETY: the caller frees only live allocations.
        self.check(unsafe { (self.api.mem_free)(ptr) }, "cuMemFree_v2")
    }

    fn copy_to_device(&self, dst: DevicePtr, src: &[u8]) -> Result<()> {
        // SAFETY: `src` is valid for its length; the driver checks `dst`.
        let code = unsafe { (self.api.memcpy_htod)(dst, src.as_ptr().cast(), src.len()) };
        self.check(code, "cuMemcpyHtoD_v2")
    }

    fn copy_to_host(&self, dst: &mut [u8], src: DevicePtr) -> Result<()> {
        // SAFETY: `dst` is valid for its length; the driver checks `src`.
        let code = unsafe { (self.api.memcpy_dtoh)(dst.as_mut_ptr().cast(), src, dst.len()) };
        self.check(code, "cuMemcpyDtoH_v2")
    }

    fn copy_device_to_device(&self, dst: DevicePtr, src: DevicePtr, bytes: usize) -> Result<()> {
        // SAFETY: device addresses only; the driver checks them.
        let code = unsafe { (self.api.memcpy_dtod)(dst, src, bytes) };
        self.check(code, "cuMemcpyDtoD_v2")
    }

    fn memset(&self, dst: DevicePtr, value: u8, bytes: usize) -> Result<()> {
        // SAFETY: a device address; the driver checks it.
        let code = unsafe { (self.api.memset_d8)(dst, value, bytes) };
        self.check(code, "cuMemsetD8_v2")
    }

    fn function(&self, entry: &str) -> Result<usize> {
        module::function(&self.api, self.module, entry).map(|f| f as usize)
    }

    fn entries(&self) -> Result<Vec<String>> {
        module::entries(&self.api, self.module)
    }

    fn param_count(&self, function: usize) -> Result<Option<usize>> {
        module::param_count(&self.api, function as CUfunction)
    }

    fn static_shared_bytes(&self, function: usize) -> Result<usize> {
        module::static_shared_bytes(&self.api, function as CUfunction)
    }

    fn global(&self, name: &str) -> Result<(DevicePtr, usize)> {
        module::global(&self.api, self.module, name)
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
        let code =
            unsafe { launch_kernel(self.api.launch_kernel, function, config, params, stream) };
        self.check(code, "cuLaunchKernel")
    }

    fn synchronize(&self) -> Result<()> {
        // SAFETY: waits for the current context.
        self.check(unsafe { (self.api.ctx_synchronize)() }, "cuCtxSynchronize")
    }

    fn create_stream(&self) -> Result<StreamHandle> {
        let mut stream = std::ptr::null_mut();
        // SAFETY: writes the stream handle.
        let code = unsafe { (self.api.stream_create)(&mut stream, CU_STREAM_NON_BLOCKING) };
        self.check(code, "cuStreamCreate")?;
        Ok(stream as u64)
    }

    fn synchronize_stream(&self, stream: StreamHandle) -> Result<()> {
        // SAFETY: the driver checks the handle.
        let code = unsafe { (self.api.stream_synchronize)(handle(stream)) };
        self.check(code, "cuStreamSynchronize")
    }

    fn destroy_stream(&self, stream: StreamHandle) -> Result<()> {
        // SAFETY: the driver checks the handle.
        let code = unsafe { (self.api.stream_destroy)(handle(stream)) };
        self.check(code, "cuStreamDestroy_v2")
    }

    fn create_event(&self) -> Result<EventHandle> {
        let mut event = std::ptr::null_mut();
        // SAFETY: writes the event handle.
        let code = unsafe { (self.api.event_create)(&mut event, CU_EVENT_DEFAULT) };
        self.check(code, "cuEventCreate")?;
        Ok(event as u64)
    }

    fn record_event(&self, event: EventHandle, stream: StreamHandle) -> Result<()> {
        // SAFETY: the driver checks the handles.
        let code = unsafe { (self.api.event_record)(handle(event), handle(stream)) };
        self.check(code, "cuEventRecord")
    }

    fn synchronize_event(&self, event: EventHandle) -> Result<()> {
        // SAFETY: the driver checks the handle.
        let code = unsafe { (self.api.event_synchronize)(handle(event)) };
        self.check(code, "cuEventSynchronize")
    }

    fn event_elapsed_ms(&self, start: EventHandle, end: EventHandle) -> Result<f32> {
        let mut ms = 0.0;
        // SAFETY: writes the time; the driver checks the handles.
        let code = unsafe { (self.api.event_elapsed_time)(&mut ms, handle(start), handle(end)) };
        self.check(code, "cuEventElapsedTime")?;
        Ok(ms)
    }

    fn destroy_event(&self, event: EventHandle) -> Result<()> {
        // SAFETY: the driver checks the handle.
        let code = unsafe { (self.api.event_destroy)(handle(event)) };
        self.check(code, "cuEventDestroy_v2")
    }
}
