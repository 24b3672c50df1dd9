//! Device memory of the CPU backend: host allocations recorded in a table.
//!
//! Every `cudaMalloc` is an aligned heap allocation whose base and size go into
//! a `BTreeMap`, so a pointer can be checked in O(log n): `cudaFree` of
//! something never allocated, and copies that leave an allocation, are errors
//! instead of heap corruption. The same lookup serves later bounds checks.

use crate::error::{CudaError, Result, RuntimeError};
use std::alloc::{Layout, alloc_zeroed, dealloc};
use std::collections::BTreeMap;
use std::sync::Mutex;

/// Alignment of device allocations: CUDA guarantees 256 bytes.
pub const ALLOC_ALIGN: usize = 256;

/// The live allocations, base address → layout.
#[derive(Default, Debug)]
pub struct AllocationTable {
    live: Mutex<BTreeMap<u64, Layout>>,
}

impl AllocationTable {
    /// `bytes` of zeroed memory aligned to [`ALLOC_ALIGN`]; zero bytes give null.
    /// Sizes the allocator refuses are `cudaErrorMemoryAllocation`, never an abort.
    pub fn alloc(&self, bytes: usize) -> Result<u64> {
        if bytes == 0 {
            return Ok(0);
        }
        let out_of_memory = || {
            RuntimeError::new(
                CudaError::MemoryAllocation,
                format!("cannot allocate {bytes} bytes"),
            )
        };
        let layout = Layout::from_size_align(bytes, ALLOC_ALIGN).map_err(|_| out_of_memory())?;
        // SAFETY: the layout has a non-zero size.
        let p = unsafe { alloc_zeroed(layout) };
        if p.is_null() {
            return Err(out_of_memory());
        }
        self.live.lock().unwrap().insert(p as u64, layout);
        Ok(p as u64)
    }

    /// Release the allocation starting at `ptr` (null: nothing to do).
    pub fn free(&self, ptr: u64) -> Result<()> {
        if ptr == 0 {
            return Ok(());
        }
        let layout = self.live.lock().unwrap().remove(&ptr).ok_or_else(|| {
            RuntimeError::new(
                CudaError::InvalidDevicePointer,
                format!("{ptr:#x} is not the start of a device allocation"),
            )
        })?;
        // SAFETY: `ptr` came from `alloc_zeroed` with this layout and is removed from the table.
        unsafe { dealloc(ptr as *mut u8, layout) };
        Ok(())
    }

    /// The `(base, size)` of the allocation containing address `ptr`.
    pub fn find(&self, ptr: u64) -> Option<(u64, usize)> {
        let live = self.live.lock().unwrap();
        let (&base, layout) = live.range(..=ptr).next_back()?;
        (ptr < base + layout.size() as u64).then_some((base, layout.size()))
    }

    /// The allocations around address `ptr`: the last one starting at or
    /// below it and the first one above it, as `(base, size)` (for describing
    /// an address that misses every allocation).
    pub fn neighbours(&self, ptr: u64) -> [Option<(u64, usize)>; 2] {
        let live = self.live.lock().unwrap();
        let entry = |(&base, layout): (&u64, &Layout)| (base, layout.size());
        [
            live.range(..=ptr).next_back().map(entry),
            live.range(ptr.saturating_add(1)..).next().map(entry),
        ]
    }

    /// Whether `[ptr, ptr + bytes)` lies inside one allocation (an empty range
    /// must still start inside one).
    pub fn contains(&self, ptr: u64, bytes: usize) -> bool {
        self.find(ptr).is_some_and(|(base, size)| {
            ptr.checked_add(bytes as u64)
                .is_some_and(|end| end <= base + size as u64)
        })
    }

    /// `Ok` when [`contains`](Self::contains), else `cudaErrorInvalidValue`
    /// naming `what` (as CUDA reports bad copy arguments).
    /// An empty range is always fine (CUDA accepts copies of zero bytes).
    pub fn check(&self, ptr: u64, bytes: usize, what: &str) -> Result<()> {
        if bytes == 0 || self.contains(ptr, bytes) {
            return Ok(());
        }
        Err(RuntimeError::new(
            CudaError::InvalidValue,
            format!("{what} {ptr:#x}..+{bytes} is not inside a device allocation"),
        ))
    }

    /// Number of live allocations.
    pub fn len(&self) -> usize {
        self.live.lock().unwrap().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Drop for AllocationTable {
    fn drop(&mut self) {
        for (&ptr, &layout) in self.live.get_mut().unwrap().iter() {
            // SAFETY: every entry is a live allocation made with its layout.
            unsafe { dealloc(ptr as *mut u8, layout) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_respect_bounds() {
        let t = AllocationTable::default();
        let a = t.alloc(100).unwrap();
        assert_eq!(a % ALLOC_ALIGN as u64, 0);
        assert_eq!(t.find(a + 99), Some((a, 100)));
        assert_eq!(t.find(a + 100), None);
        assert_eq!(t.neighbours(a + 300), [Some((a, 100)), None]);
        assert_eq!(t.neighbours(a - 1)[1], Some((a, 100)));
        assert!(t.contains(a + 10, 90));
        assert!(!t.contains(a + 10, 91));
        assert!(!t.contains(u64::MAX, 2));
        t.free(a).unwrap();
        assert_eq!(t.free(a).unwrap_err().code, CudaError::InvalidDevicePointer);
        assert!(t.is_empty());
    }
}
