//! [`DriverDevice`]: a [`Device`] over a vendor [`Driver`] (CUDA, HIP).
//!
//! The driver does the work; this layer adds what the runtime's contract asks
//! beyond it: ranges checked against the live allocations before a copy
//! reaches the driver, overlapping device copies, kernels by flat name,
//! host code's variables mapped to the module's globals, and the calling
//! thread made current before every call.

use super::ranges::RangeTable;
use super::symbols::{Global, SymbolMap};
use super::{DeviceInfo, Driver, entry_name};
use crate::device::{Device, DevicePtr, EventHandle, KernelParams, LaunchConfig, StreamHandle};
use crate::error::{CudaError, Result, RuntimeError};
use crate::kernel::Kernel;
use crate::streams::Handles;
use std::collections::HashMap;
use std::sync::{Mutex, RwLock};

/// A device of a vendor driver with one loaded module of kernels.
pub struct DriverDevice<D: Driver> {
    name: String,
    driver: D,
    allocations: Mutex<RangeTable>,
    symbols: RwLock<SymbolMap>,
    /// Loaded kernels by flat name.
    functions: RwLock<HashMap<String, D::Function>>,
    /// Live streams and events that callers created.
    streams: Handles<()>,
    events: Handles<()>,
}

impl<D: Driver> DriverDevice<D> {
    /// A device over `driver`, named for people `name`.
    pub(crate) fn from_driver(name: String, driver: D) -> DriverDevice<D> {
        DriverDevice {
            name,
            driver,
            allocations: Mutex::new(RangeTable::default()),
            symbols: RwLock::new(SymbolMap::default()),
            functions: RwLock::new(HashMap::new()),
            streams: Handles::new("stream"),
            events: Handles::new("event"),
        }
    }

    /// What discovery found about the device.
    pub fn info(&self) -> &DeviceInfo {
        self.driver.info()
    }

    /// The driver (for what a backend adds to the device).
    pub(crate) fn driver(&self) -> &D {
        &self.driver
    }

    /// The driver, made current on the calling thread.
    fn current(&self) -> Result<&D> {
        self.driver.make_current()?;
        Ok(&self.driver)
    }

    /// The module's kernels, sorted by name, with flat names
    /// `module.entry`, to register with a [`Runtime`](crate::Runtime). Needs
    /// a driver that lists a module's kernels and their parameters (CUDA 12.4
    /// or newer); others are `cudaErrorNotSupported`.
    pub fn kernels(&self, module: &str) -> Result<Vec<Kernel>> {
        let driver = self.current()?;
        let mut kernels = Vec::new();
        for entry in driver.entries()? {
            let function = driver.function(&entry)?;
            let num_params = driver.param_count(function)?.ok_or_else(|| {
                RuntimeError::new(
                    CudaError::NotSupported,
                    format!(
                        "{}: the driver cannot count a kernel's parameters",
                        self.name
                    ),
                )
            })?;
            kernels.push(Kernel {
                name: cuwasm_dialects::cpu_abi::flat_symbol(module, &entry),
                entry: None,
                static_shared_bytes: driver.static_shared_bytes(function)?,
                per_thread_bytes: 0,
                num_params,
                ..Default::default()
            });
        }
        kernels.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(kernels)
    }

    /// The device address and size of the module global with flat name
    /// `module.var` (its name in the module is `var`).
    pub fn variable(&self, name: &str) -> Result<(DevicePtr, usize)> {
        self.current()?.global(entry_name(name)).map_err(|e| {
            RuntimeError::new(
                CudaError::InvalidSymbol,
                format!("no device variable '{name}' in the module: {}", e.message),
            )
        })
    }

    /// Tell the device that host code's copy of the module variable `name`
    /// (flat, `module.var`) is at `host_address`, so that symbol copies
    /// naming that address reach the module's global. A name the module
    /// does not have is `cudaErrorInvalidSymbol`.
    pub fn map_symbol(&self, host_address: u64, name: &str) -> Result<()> {
        let (address, bytes) = self.variable(name)?;
        let global = Global {
            name: name.to_string(),
            address,
            bytes,
        };
        self.symbols.write().unwrap().insert(host_address, global);
        Ok(())
    }

    /// The loaded kernel `kernel`, loading it on first use.
    fn function(&self, kernel: &Kernel) -> Result<D::Function> {
        if let Some(&f) = self.functions.read().unwrap().get(&kernel.name) {
            return Ok(f);
        }
        self.load_kernel(kernel)?;
        Ok(self.functions.read().unwrap()[&kernel.name])
    }

    /// `Ok` when `[ptr, ptr + bytes)` is device memory this device knows
    /// (an allocation or a mapped global; empty ranges always), else
    /// `cudaErrorInvalidValue` naming `what`.
    fn check(&self, ptr: DevicePtr, bytes: usize, what: &str) -> Result<()> {
        if bytes == 0 || self.contains(ptr, bytes) {
            return Ok(());
        }
        Err(RuntimeError::new(
            CudaError::InvalidValue,
            format!("{what} {ptr:#x}..+{bytes} is not inside a device allocation"),
        ))
    }

    /// Milliseconds each of `repetitions` back-to-back launches of `kernel`
    /// took on the device, measured between events recorded on the default
    /// stream around each launch (kernel time, without the host's launch
    /// overhead while the queue is full).
    ///
    /// # Safety
    /// As [`Device::launch`]: `params` must point to one pointer per
    /// parameter of `kernel`, each to a value of its type.
    pub unsafe fn time_launches(
        &self,
        kernel: &Kernel,
        config: &LaunchConfig,
        params: KernelParams,
        repetitions: usize,
    ) -> Result<Vec<f32>> {
        let function = self.function(kernel)?;
        let driver = self.current()?;
        let events = Events::create(driver, repetitions + 1)?;
        driver.record_event(events.0[0], 0)?;
        for &end in &events.0[1..] {
            // SAFETY: forwarded from the caller.
            unsafe { driver.launch(function, config, params, 0)? };
            driver.record_event(end, 0)?;
        }
        driver.synchronize_event(events.0[repetitions])?;
        events
            .0
            .windows(2)
            .map(|pair| driver.event_elapsed_ms(pair[0], pair[1]))
            .collect()
    }
}

/// Events destroyed when dropped.
struct Events<'d, D: Driver>(Vec<EventHandle>, &'d D);

impl<'d, D: Driver> Events<'d, D> {
    fn create(driver: &'d D, count: usize) -> Result<Events<'d, D>> {
        let mut events = Events(Vec::with_capacity(count), driver);
        for _ in 0..count {
            events.0.push(driver.create_event()?);
        }
        Ok(events)
    }
}

impl<D: Driver> Drop for Events<'_, D> {
    fn drop(&mut self) {
        for &event in &self.0 {
            // A failure to destroy leaves a handle behind; nothing to report it to.
            let _ = self.1.destroy_event(event);
        }
    }
}

impl<D: Driver> Drop for DriverDevice<D> {
    /// Free what host code left allocated (the driver's context may outlive
    /// this device: the primary context is shared within the process).
    fn drop(&mut self) {
        let live: Vec<(u64, usize)> = self.allocations.get_mut().unwrap().iter().collect();
        if live.is_empty() || self.driver.make_current().is_err() {
            return;
        }
        for (ptr, _) in live {
            let _ = self.driver.free(ptr);
        }
    }
}

impl<D: Driver> std::fmt::Debug for DriverDevice<D> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DriverDevice({})", self.name)
    }
}

impl<D: Driver> DriverDevice<D> {
    /// `bytes` from `alloc` (nothing for zero bytes), kept in the
    /// allocation table.
    fn record_allocation(
        &self,
        bytes: usize,
        alloc: impl FnOnce(&D) -> Result<DevicePtr>,
    ) -> Result<DevicePtr> {
        if bytes == 0 {
            return Ok(0);
        }
        let ptr = alloc(&*self.current()?)?;
        self.allocations.lock().unwrap().insert(ptr, bytes);
        Ok(ptr)
    }
}

/// The argument pointers of a launch with each by-value struct's pointing at
/// the struct itself: host code passes the address of the caller's copy,
/// and the driver copies the bytes its `kernelParams` entry points at.
///
/// # Safety
/// `params` as for [`Device::launch`]; a by-value argument's slot holds a
/// pointer valid for the struct's bytes.
unsafe fn by_value_params(kernel: &Kernel, params: KernelParams) -> Vec<*const u8> {
    // SAFETY: `params` holds `len` pointers (the caller's contract).
    let slots = unsafe { std::slice::from_raw_parts(params.ptr, params.len) };
    slots
        .iter()
        .enumerate()
        .map(|(i, &slot)| match kernel.by_value_bytes.get(i) {
            // SAFETY: the slot holds the address of the caller's copy.
            Some(&n) if n > 0 => unsafe { *(slot as *const *const u8) },
            _ => slot,
        })
        .collect()
}

impl<D: Driver> Device for DriverDevice<D> {
    fn name(&self) -> &str {
        &self.name
    }

    fn alloc(&self, bytes: usize) -> Result<DevicePtr> {
        self.record_allocation(bytes, |d| d.alloc(bytes))
    }

    fn alloc_managed(&self, bytes: usize) -> Result<DevicePtr> {
        self.record_allocation(bytes, |d| d.alloc_managed(bytes))
    }

    fn free(&self, ptr: DevicePtr) -> Result<()> {
        if ptr == 0 {
            return Ok(());
        }
        if !self.allocations.lock().unwrap().remove(ptr) {
            return Err(RuntimeError::new(
                CudaError::InvalidDevicePointer,
                format!("{ptr:#x} is not the start of a device allocation"),
            ));
        }
        self.current()?.free(ptr)
    }

    fn contains(&self, ptr: DevicePtr, bytes: usize) -> bool {
        self.allocations.lock().unwrap().contains(ptr, bytes)
            || self
                .symbols
                .read()
                .unwrap()
                .contains_device_range(ptr, bytes)
    }

    fn copy_to_device(&self, dst: DevicePtr, src: &[u8]) -> Result<()> {
        self.check(dst, src.len(), "destination")?;
        match src.len() {
            0 => Ok(()),
            _ => self.current()?.copy_to_device(dst, src),
        }
    }

    fn copy_to_host(&self, dst: &mut [u8], src: DevicePtr) -> Result<()> {
        self.check(src, dst.len(), "source")?;
        match dst.len() {
            0 => Ok(()),
            _ => self.current()?.copy_to_host(dst, src),
        }
    }

    /// Overlapping ranges go through a temporary allocation, since the
    /// drivers' device copies do not promise `memmove` semantics.
    fn copy_device_to_device(&self, dst: DevicePtr, src: DevicePtr, bytes: usize) -> Result<()> {
        self.check(dst, bytes, "destination")?;
        self.check(src, bytes, "source")?;
        if bytes == 0 || dst == src {
            return Ok(());
        }
        let driver = self.current()?;
        if dst.abs_diff(src) >= bytes as u64 {
            return driver.copy_device_to_device(dst, src, bytes);
        }
        let staging = driver.alloc(bytes)?;
        let copied = driver
            .copy_device_to_device(staging, src, bytes)
            .and_then(|()| driver.copy_device_to_device(dst, staging, bytes));
        copied.and(driver.free(staging))
    }

    fn memset(&self, dst: DevicePtr, value: u8, bytes: usize) -> Result<()> {
        self.check(dst, bytes, "destination")?;
        match bytes {
            0 => Ok(()),
            _ => self.current()?.memset(dst, value, bytes),
        }
    }

    /// Maps the symbol as [`DriverDevice::map_symbol`] does; names the module
    /// does not have are ignored.
    fn register_symbol(&self, name: &str, address: DevicePtr, _bytes: usize) {
        let _ = self.map_symbol(address, name);
    }

    fn symbol_address(&self, symbol: u64, offset: usize, bytes: usize) -> Result<DevicePtr> {
        self.symbols
            .read()
            .unwrap()
            .device_address(symbol, offset, bytes)
    }

    /// Device memory is not host memory: symbol copies are real transfers.
    fn host_addressable(&self) -> bool {
        false
    }

    /// Find the kernel's entry point (the part of its flat name after the
    /// first '.') in the module, and check its parameter count where the
    /// driver tells it.
    fn load_kernel(&self, kernel: &Kernel) -> Result<()> {
        let driver = self.current()?;
        let function = driver.function(entry_name(&kernel.name)).map_err(|e| {
            RuntimeError::new(
                CudaError::InvalidDeviceFunction,
                format!("kernel '{}': {}", kernel.name, e.message),
            )
        })?;
        if let Some(n) = driver.param_count(function)? {
            kernel.check_num_params(n, "the module")?;
        }
        self.functions
            .write()
            .unwrap()
            .insert(kernel.name.clone(), function);
        Ok(())
    }

    unsafe fn launch(
        &self,
        kernel: &Kernel,
        config: &LaunchConfig,
        params: KernelParams,
    ) -> Result<()> {
        // SAFETY: forwarded from the caller.
        unsafe { self.launch_on_stream(kernel, config, params, 0) }
    }

    fn synchronize(&self) -> Result<()> {
        self.current()?.synchronize()
    }

    fn properties(&self) -> crate::device::DeviceProperties {
        self.info().properties()
    }

    fn create_stream(&self) -> Result<StreamHandle> {
        self.streams.add(self.current()?.create_stream(), ())
    }

    fn synchronize_stream(&self, stream: StreamHandle) -> Result<()> {
        self.streams.check(stream, true)?;
        self.current()?.synchronize_stream(stream)
    }

    fn destroy_stream(&self, stream: StreamHandle) -> Result<()> {
        self.streams.remove(stream)?;
        self.current()?.destroy_stream(stream)
    }

    unsafe fn launch_on_stream(
        &self,
        kernel: &Kernel,
        config: &LaunchConfig,
        params: KernelParams,
        stream: StreamHandle,
    ) -> Result<()> {
        self.streams.check(stream, true)?;
        let function = self.function(kernel)?;
        // SAFETY: forwarded from the caller.
        let values = unsafe { by_value_params(kernel, params) };
        let params = KernelParams {
            ptr: values.as_ptr(),
            len: values.len(),
        };
        // SAFETY: forwarded from the caller; `values` outlives the call.
        unsafe { self.current()?.launch(function, config, params, stream) }
    }

    fn create_event(&self) -> Result<EventHandle> {
        self.events.add(self.current()?.create_event(), ())
    }

    fn record_event(&self, event: EventHandle, stream: StreamHandle) -> Result<()> {
        self.events.check(event, false)?;
        self.streams.check(stream, true)?;
        self.current()?.record_event(event, stream)
    }

    fn synchronize_event(&self, event: EventHandle) -> Result<()> {
        self.events.check(event, false)?;
        self.current()?.synchronize_event(event)
    }

    fn event_elapsed_ms(&self, start: EventHandle, end: EventHandle) -> Result<f32> {
        self.events.check(start, false)?;
        self.events.check(end, false)?;
        self.current()?.event_elapsed_ms(start, end)
    }

    fn destroy_event(&self, event: EventHandle) -> Result<()> {
        self.events.remove(event)?;
        self.current()?.destroy_event(event)
    }
}
