//! Managed memory (`cudaMallocManaged`) on a device whose memory the host
//! cannot address: host memory that host code uses directly (its address
//! is the device pointer), with a wgpu buffer that kernels use, kept in
//! step at the points where CUDA lets the two sides see each other's
//! writes.
//!
//! A launch that is passed a pointer into a region uploads the host copy
//! unless the device's is newer (an earlier launch wrote it since the last
//! synchronize), and marks the device's newer; `synchronize`, and any
//! runtime copy or memset of the region, first downloads a newer device
//! copy. Host code that writes a region between a launch and the next
//! `synchronize` races with the kernel, as CUDA has it; such writes are lost.

use super::errors;
use super::memory::Range;
use super::transfer::Gpu;
use crate::device::DevicePtr;
use crate::error::{CudaError, Result, RuntimeError};
use std::alloc::{Layout, alloc_zeroed, dealloc};
use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};

/// CUDA aligns allocations to 256 bytes.
const ALIGN: usize = 256;

/// One managed allocation.
struct Region {
    layout: Layout,
    /// The bytes asked for.
    bytes: u64,
    buffer: wgpu::Buffer,
    /// A launch may have written the buffer since the host copy was made.
    device_newer: bool,
}

// SAFETY: the region's host memory is plain bytes, owned by the table.
unsafe impl Send for Region {}

/// The managed regions by host address.
#[derive(Default)]
pub struct Managed {
    regions: Mutex<BTreeMap<u64, Region>>,
}

/// A region's host bytes.
///
/// # Safety
/// `base` must be a live region's address and `bytes` at most its size.
unsafe fn host_bytes<'a>(base: u64, bytes: u64) -> &'a mut [u8] {
    unsafe { std::slice::from_raw_parts_mut(base as *mut u8, bytes as usize) }
}

impl Managed {
    /// `bytes` (at least one) of zeroed host memory with a buffer of
    /// `usage` behind it; returns the host address.
    pub fn alloc(&self, gpu: &Gpu, bytes: u64, usage: wgpu::BufferUsages) -> Result<DevicePtr> {
        let out_of_memory = || {
            RuntimeError::new(
                CudaError::MemoryAllocation,
                format!("cannot allocate {bytes} bytes of managed memory"),
            )
        };
        let size = bytes
            .max(1)
            .checked_next_multiple_of(4)
            .ok_or_else(out_of_memory)?;
        let layout = usize::try_from(size)
            .ok()
            .and_then(|s| Layout::from_size_align(s, ALIGN).ok())
            .ok_or_else(out_of_memory)?;
        let buffer = gpu.buffer("cuwasm managed", size, usage)?;
        // SAFETY: the layout's size is nonzero.
        let host = unsafe { alloc_zeroed(layout) };
        if host.is_null() {
            return Err(out_of_memory());
        }
        let region = Region {
            layout,
            bytes,
            buffer,
            device_newer: false,
        };
        self.regions.lock().unwrap().insert(host as u64, region);
        Ok(host as u64)
    }

    /// Free the region starting at `ptr`; `false` when there is none.
    pub fn free(&self, ptr: DevicePtr) -> bool {
        let Some(region) = self.regions.lock().unwrap().remove(&ptr) else {
            return false;
        };
        // SAFETY: allocated in `alloc` with this layout; removed, so no
        // longer handed out.
        unsafe { dealloc(ptr as *mut u8, region.layout) };
        true
    }

    /// The start of the region that `[ptr, ptr + bytes)` lies in (an empty
    /// range must start inside one; with `end_ok`, a pointer one past the
    /// end counts too, as a kernel argument may be).
    fn find(regions: &BTreeMap<u64, Region>, ptr: u64, bytes: u64, end_ok: bool) -> Option<u64> {
        let (&base, region) = regions.range(..=ptr).next_back()?;
        let offset = ptr - base;
        let end = offset.checked_add(bytes)?;
        let starts_inside = offset < region.bytes || (end_ok && offset == region.bytes);
        (starts_inside && end <= region.bytes).then_some(base)
    }

    /// Whether `[ptr, ptr + bytes)` lies in one managed region.
    pub fn contains(&self, ptr: DevicePtr, bytes: u64) -> bool {
        Self::find(&self.regions.lock().unwrap(), ptr, bytes, false).is_some()
    }

    /// With the regions locked, the host bytes `[ptr, ptr + bytes)` of a
    /// managed region, made current; `None` when `ptr` is not managed.
    pub fn with_host<T>(
        &self,
        gpu: &Gpu,
        ptr: DevicePtr,
        bytes: u64,
        f: impl FnOnce(&mut [u8]) -> T,
    ) -> Option<Result<T>> {
        let mut regions = self.regions.lock().unwrap();
        let base = Self::find(&regions, ptr, bytes, false)?;
        let current = download(gpu, base, regions.get_mut(&base).unwrap());
        // SAFETY: the range lies in the live region at `base`, and the lock
        // keeps it alive.
        Some(current.map(|()| f(unsafe { host_bytes(ptr, bytes) })))
    }

    /// For a launch: the buffer and offset of a pointer into a managed
    /// region, its host copy uploaded unless the device's is newer; `None`
    /// when `ptr` is not managed. Once the launch is submitted,
    /// [`Managed::launched`] marks the device's copy newer.
    pub fn bind(&self, gpu: &Gpu, ptr: DevicePtr) -> Option<Result<(wgpu::Buffer, u64)>> {
        let mut regions = self.regions.lock().unwrap();
        let base = Self::find(&regions, ptr, 0, true)?;
        let region = regions.get_mut(&base).unwrap();
        if !region.device_newer {
            // SAFETY: the live region's whole host copy.
            let host = unsafe { host_bytes(base, region.buffer.size()) };
            let upload = errors::scoped(
                &gpu.device,
                CudaError::LaunchFailure,
                "managed memory",
                || gpu.queue.write_buffer(&region.buffer, 0, host),
            );
            if let Err(e) = upload {
                return Some(Err(e));
            }
        }
        Some(Ok((region.buffer.clone(), ptr - base)))
    }

    /// A launch was submitted with `bound` among its buffers: the device's
    /// copies of those regions are newer than the host's.
    pub fn launched<'a>(&self, bound: impl Iterator<Item = &'a wgpu::Buffer>) {
        let mut regions = self.lock();
        for buffer in bound {
            if let Some(region) = regions.values_mut().find(|r| r.buffer == *buffer) {
                region.device_newer = true;
            }
        }
    }

    /// After a synchronize: make every host copy current.
    pub fn download_all(&self, gpu: &Gpu) -> Result<()> {
        let mut regions = self.regions.lock().unwrap();
        regions
            .iter_mut()
            .try_for_each(|(&base, region)| download(gpu, base, region))
    }

    fn lock(&self) -> MutexGuard<'_, BTreeMap<u64, Region>> {
        self.regions.lock().unwrap()
    }

    /// Live managed regions.
    pub fn count(&self) -> usize {
        self.lock().len()
    }
}

/// Copy the buffer of `region` (at host address `base`) to its host copy
/// if a launch may have written it.
fn download(gpu: &Gpu, base: u64, region: &mut Region) -> Result<()> {
    if !region.device_newer {
        return Ok(());
    }
    let whole = Range {
        buffer: region.buffer.clone(),
        offset: 0,
        bytes: region.buffer.size(),
    };
    // SAFETY: the live region's whole host copy.
    gpu.read(&whole, unsafe { host_bytes(base, whole.bytes) })?;
    region.device_newer = false;
    Ok(())
}

impl Drop for Managed {
    fn drop(&mut self) {
        for (base, region) in std::mem::take(&mut *self.lock()) {
            // SAFETY: allocated in `alloc` with this layout.
            unsafe { dealloc(base as *mut u8, region.layout) };
        }
    }
}
