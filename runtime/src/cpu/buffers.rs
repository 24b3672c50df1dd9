//! The three per-block buffers of a worker (static shared, dynamic shared,
//! scratch; docs/cpu-abi.md), kept across launches.
//!
//! A worker of the pool lives as long as its device, so its buffers are
//! allocated on the first launch that needs them and only grow afterwards:
//! launch after launch of the same kernel allocates nothing.

use crate::device::LaunchConfig;
use crate::error::{CudaError, Result, RuntimeError};
use crate::kernel::Kernel;
use std::alloc::{Layout, alloc, dealloc};

/// Alignment of the block buffers (`cpu_abi::env::BUFFER_ALIGN`).
pub const BUFFER_ALIGN: usize = 16;

/// One uninitialized, 16-aligned buffer (CUDA does not zero shared memory either).
struct Buffer {
    ptr: *mut u8,
    capacity: usize,
}

impl Buffer {
    /// No memory yet; [`Buffer::reserve`] allocates.
    const fn empty() -> Buffer {
        Buffer {
            ptr: std::ptr::null_mut(),
            capacity: 0,
        }
    }

    /// Make room for `bytes` (at least one aligned chunk, so that even an empty
    /// buffer has a valid pointer). The old contents are not kept.
    fn reserve(&mut self, bytes: usize) -> Result<()> {
        let bytes = bytes.max(BUFFER_ALIGN);
        if !self.ptr.is_null() && bytes <= self.capacity {
            return Ok(());
        }
        let fail = || {
            RuntimeError::new(
                CudaError::LaunchOutOfResources,
                format!("cannot allocate a {bytes}-byte block buffer"),
            )
        };
        let layout = Layout::from_size_align(bytes, BUFFER_ALIGN).map_err(|_| fail())?;
        // SAFETY: the layout has a non-zero size.
        let ptr = unsafe { alloc(layout) };
        if ptr.is_null() {
            return Err(fail());
        }
        self.release();
        self.ptr = ptr;
        self.capacity = bytes;
        Ok(())
    }

    fn release(&mut self) {
        if !self.ptr.is_null() {
            let layout = Layout::from_size_align(self.capacity, BUFFER_ALIGN).unwrap();
            // SAFETY: allocated in `reserve` with this layout.
            unsafe { dealloc(self.ptr, layout) };
            self.ptr = std::ptr::null_mut();
        }
    }
}

impl Drop for Buffer {
    fn drop(&mut self) {
        self.release();
    }
}

/// The buffers of one worker, and the sizes the current launch uses of them.
pub struct BlockBuffers {
    buffers: [Buffer; 3],
    sizes: [usize; 3],
}

// SAFETY: the buffers are plain memory owned by this value; a worker moves
// them to its thread once and only that thread (or, for the caller's set, the
// thread holding the launch lock) touches them.
unsafe impl Send for BlockBuffers {}

impl Default for BlockBuffers {
    fn default() -> Self {
        BlockBuffers {
            buffers: [Buffer::empty(), Buffer::empty(), Buffer::empty()],
            sizes: [0; 3],
        }
    }
}

impl BlockBuffers {
    /// Grow the buffers to what `kernel` launched with `config` needs.
    pub fn prepare(&mut self, kernel: &Kernel, config: &LaunchConfig) -> Result<()> {
        let scratch = (kernel.per_thread_bytes as u64)
            .checked_mul(config.threads_per_block())
            .and_then(|b| usize::try_from(b).ok())
            .ok_or_else(|| {
                RuntimeError::new(
                    CudaError::LaunchOutOfResources,
                    "scratch memory size overflows",
                )
            })?;
        self.sizes = [
            kernel.static_shared_bytes,
            config.dynamic_shared_bytes,
            scratch,
        ];
        for (buffer, &bytes) in self.buffers.iter_mut().zip(&self.sizes) {
            buffer.reserve(bytes)?;
        }
        Ok(())
    }

    /// The static shared, dynamic shared and scratch pointers.
    pub fn pointers(&self) -> [*mut u8; 3] {
        self.buffers.each_ref().map(|b| b.ptr)
    }

    /// The `(address, bytes)` the current launch may use of each buffer.
    pub fn ranges(&self) -> [(u64, usize); 3] {
        let p = self.pointers();
        [0, 1, 2].map(|i| (p[i] as u64, self.sizes[i]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kernel(shared: usize, per_thread: usize) -> Kernel {
        unsafe extern "C" fn nothing(_: *const *const u8, _: *mut crate::KernelEnv) {}
        Kernel {
            name: "m.k".into(),
            entry: Some(nothing),
            static_shared_bytes: shared,
            per_thread_bytes: per_thread,
            num_params: 0,
            ..Default::default()
        }
    }

    #[test]
    fn buffers_grow_and_are_reused() {
        let mut b = BlockBuffers::default();
        let mut config = LaunchConfig::linear(4, 32);
        config.dynamic_shared_bytes = 100;
        b.prepare(&kernel(64, 8), &config).unwrap();
        let first = b.pointers();
        assert!(first.iter().all(|p| !p.is_null() && *p as usize % 16 == 0));
        assert_eq!(b.ranges().map(|r| r.1), [64, 100, 256]);
        // A smaller launch keeps the memory; the sizes follow the launch.
        b.prepare(&kernel(16, 0), &LaunchConfig::linear(1, 1))
            .unwrap();
        assert_eq!(b.pointers(), first);
        assert_eq!(b.ranges().map(|r| r.1), [16, 0, 0]);
        // A larger one grows.
        b.prepare(&kernel(4096, 8), &config).unwrap();
        assert_eq!(b.ranges()[0].1, 4096);
        let e = b.prepare(&kernel(0, 1 << 62), &config).unwrap_err();
        assert_eq!(e.code, CudaError::LaunchOutOfResources);
    }
}
