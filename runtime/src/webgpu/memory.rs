//! Device memory of the webgpu backend: one wgpu buffer per allocation, and
//! the [`DevicePtr`] encoding of (buffer, byte offset).
//!
//! A pointer is `TAG | id << OFFSET_BITS | offset`: host code may add to it
//! and subtract from it as from any pointer, and the result still names the
//! allocation (or, past its ends, none). Bit 62 set and bit 63 clear make
//! a non-canonical x86-64/AArch64 address, so no host pointer ever decodes
//! as a device pointer (`cudaMemcpyDefault` tells them apart through
//! [`Allocations::contains`]). Ids are never reused while the table has
//! fresh ones, so a freed pointer stays invalid.

use crate::device::DevicePtr;
use crate::error::{CudaError, Result, RuntimeError};
use std::collections::HashMap;
use std::sync::Mutex;

/// Bits of the byte offset: 1 TiB per allocation.
const OFFSET_BITS: u32 = 40;
const OFFSET_MASK: u64 = (1 << OFFSET_BITS) - 1;
/// Ids take bits 40..62.
const ID_MASK: u64 = (1 << 22) - 1;
/// Bit 62 set, bit 63 clear.
const TAG: u64 = 1 << 62;
const TAG_MASK: u64 = 0b11 << 62;

/// The largest allocation the encoding can name.
pub const MAX_ALLOCATION: u64 = 1 << OFFSET_BITS;

/// The pointer to `offset` bytes into allocation `id`.
pub fn encode(id: u32, offset: u64) -> DevicePtr {
    debug_assert!(u64::from(id) <= ID_MASK && offset <= OFFSET_MASK);
    TAG | u64::from(id) << OFFSET_BITS | offset
}

/// The (allocation id, byte offset) a pointer names, if it is a device pointer.
pub fn decode(ptr: DevicePtr) -> Option<(u32, u64)> {
    (ptr & TAG_MASK == TAG).then_some((((ptr >> OFFSET_BITS) & ID_MASK) as u32, ptr & OFFSET_MASK))
}

/// What an allocation is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `cudaMalloc`.
    Program,
    /// A `__device__`/`__constant__` variable: device memory that `cudaFree`
    /// refuses.
    Variable,
}

/// A live allocation.
#[derive(Clone, Debug)]
pub struct Allocation {
    pub buffer: wgpu::Buffer,
    /// The bytes asked for (the buffer is rounded up to 4).
    pub bytes: u64,
    pub kind: Kind,
}

/// A device range resolved to its buffer.
#[derive(Clone, Debug)]
pub struct Range {
    pub buffer: wgpu::Buffer,
    pub offset: u64,
    pub bytes: u64,
}

#[derive(Debug)]
struct Table {
    /// The next id to try.
    next: u32,
    live: HashMap<u32, Allocation>,
}

/// The live allocations by id.
#[derive(Debug)]
pub struct Allocations {
    table: Mutex<Table>,
}

impl Default for Allocations {
    fn default() -> Self {
        Allocations {
            table: Mutex::new(Table {
                next: 1,
                live: HashMap::new(),
            }),
        }
    }
}

impl Allocations {
    /// Keep `allocation`; returns the pointer to its start.
    pub fn insert(&self, allocation: Allocation) -> Result<DevicePtr> {
        let mut table = self.table.lock().unwrap();
        // Id 0 would make the pointer to offset 0 of allocation 0 look like
        // an id-less tag; ids wrap to 1 and skip live ones.
        let free_id = (0..ID_MASK as u32)
            .map(|i| (table.next - 1 + i) % ID_MASK as u32 + 1)
            .find(|id| !table.live.contains_key(id))
            .ok_or_else(|| {
                RuntimeError::new(CudaError::MemoryAllocation, "too many live allocations")
            })?;
        table.next = free_id % ID_MASK as u32 + 1;
        table.live.insert(free_id, allocation);
        Ok(encode(free_id, 0))
    }

    /// Forget the program allocation that starts at `ptr`; `None` when `ptr`
    /// is not the start of one.
    pub fn remove(&self, ptr: DevicePtr) -> Option<Allocation> {
        let (id, offset) = decode(ptr)?;
        let mut table = self.table.lock().unwrap();
        let kind = table.live.get(&id)?.kind;
        (offset == 0 && kind == Kind::Program)
            .then(|| table.live.remove(&id))
            .flatten()
    }

    /// The allocation `ptr` points into (or one past the end of).
    pub fn get(&self, ptr: DevicePtr) -> Option<(Allocation, u64)> {
        let (id, offset) = decode(ptr)?;
        let table = self.table.lock().unwrap();
        let allocation = table.live.get(&id)?;
        (offset <= allocation.bytes).then(|| (allocation.clone(), offset))
    }

    /// `[ptr, ptr + bytes)` when it lies inside one allocation (an empty
    /// range must still start inside one).
    pub fn range(&self, ptr: DevicePtr, bytes: u64) -> Option<Range> {
        let (allocation, offset) = self.get(ptr)?;
        let end = offset.checked_add(bytes)?;
        (offset < allocation.bytes && end <= allocation.bytes).then(|| Range {
            buffer: allocation.buffer,
            offset,
            bytes,
        })
    }

    /// As [`Allocations::range`], or `cudaErrorInvalidValue` naming `what`.
    pub fn checked_range(&self, ptr: DevicePtr, bytes: u64, what: &str) -> Result<Range> {
        self.range(ptr, bytes).ok_or_else(|| {
            RuntimeError::new(
                CudaError::InvalidValue,
                format!("{what} {ptr:#x}..+{bytes} is not inside a webgpu device allocation"),
            )
        })
    }

    /// Whether `[ptr, ptr + bytes)` lies inside one allocation.
    pub fn contains(&self, ptr: DevicePtr, bytes: u64) -> bool {
        self.range(ptr, bytes).is_some()
    }

    /// Live allocations of `kind`.
    pub fn count(&self, kind: Kind) -> usize {
        let table = self.table.lock().unwrap();
        table.live.values().filter(|a| a.kind == kind).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_round_trip_and_never_decode_from_host_addresses() {
        let p = encode(5, 123);
        assert_eq!(decode(p), Some((5, 123)));
        assert_eq!(decode(p + 1000), Some((5, 1123)));
        // One byte before the start belongs to the id below, at the top.
        assert_eq!(decode(encode(5, 0) - 1), Some((4, OFFSET_MASK)));
        for host in [0x5555_5555_0000u64, 0x7fff_ffff_f000, 0x1000, 0] {
            assert_eq!(decode(host), None);
        }
        assert_eq!(
            decode(encode(ID_MASK as u32, OFFSET_MASK)),
            Some((ID_MASK as u32, OFFSET_MASK))
        );
    }
}
