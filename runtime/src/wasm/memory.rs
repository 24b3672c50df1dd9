//! Device memory of the wasm backend: the module's shared linear memory and
//! the allocator that hands it out (docs/wasm-abi.md, "The wasmtime host").
//!
//! The memory is one wasmtime [`SharedMemory`], whose base never moves, so
//! that `memory_base + offset` is a stable host address: device pointers are
//! those addresses, and host code (the runtime's copies, managed memory, the
//! program itself) uses them directly. Memory below `cuwasm_data_end` belongs
//! to the module; the [`Heap`] hands out the rest, growing the memory by
//! whole pages when it runs out: `cudaMalloc`s, and the launches' own
//! buffers (kernel arguments, `KernelEnv`s, block buffers), which are not
//! device allocations for `cudaMemcpy`.

use crate::error::{CudaError, Result, RuntimeError};
use std::collections::BTreeMap;
use std::sync::Mutex;
use wasmtime::SharedMemory;

/// Bytes in a Wasm page.
pub const PAGE: u64 = 65536;

/// Alignment of device allocations: CUDA guarantees 256 bytes.
pub const ALLOC_ALIGN: u64 = 256;

/// The shared linear memory as the host sees it.
#[derive(Clone)]
pub struct LinearMemory {
    memory: SharedMemory,
    base: u64,
    /// The largest size the memory may grow to, in bytes.
    max_bytes: u64,
}

impl LinearMemory {
    /// The memory `memory`, which may grow to `max_pages` pages.
    pub fn new(memory: SharedMemory, max_pages: u64) -> LinearMemory {
        let base = memory.data().as_ptr() as u64;
        LinearMemory {
            memory,
            base,
            max_bytes: max_pages * PAGE,
        }
    }

    /// The wasmtime memory (an import of every instance).
    pub fn shared(&self) -> &SharedMemory {
        &self.memory
    }

    /// The host address of offset 0: `memory_base`.
    pub fn base(&self) -> u64 {
        self.base
    }

    /// The largest size the memory may grow to, in bytes.
    pub fn max_bytes(&self) -> u64 {
        self.max_bytes
    }

    /// The current size in bytes.
    pub fn size(&self) -> u64 {
        self.memory.data_size() as u64
    }

    /// The offset of the host address `ptr` when `[ptr, ptr + bytes)` lies in
    /// the memory as it is now.
    pub fn offset(&self, ptr: u64, bytes: u64) -> Option<u64> {
        let offset = ptr.checked_sub(self.base)?;
        (offset.checked_add(bytes)? <= self.size()).then_some(offset)
    }

    /// Grow the memory so that it has at least `bytes` bytes.
    fn grow_to(&self, bytes: u64) -> Result<()> {
        let size = self.size();
        if bytes <= size {
            return Ok(());
        }
        let out_of_memory = || {
            RuntimeError::new(
                CudaError::MemoryAllocation,
                format!(
                    "the wasm memory cannot grow to {bytes} bytes (at most {})",
                    self.max_bytes
                ),
            )
        };
        if bytes > self.max_bytes {
            return Err(out_of_memory());
        }
        let pages = (bytes - size).div_ceil(PAGE);
        self.memory.grow(pages).map_err(|_| out_of_memory())?;
        Ok(())
    }

    /// The host pointer of `offset`.
    pub fn ptr(&self, offset: u64) -> *mut u8 {
        (self.base + offset) as *mut u8
    }

    /// Copy `bytes` to `offset`, which the caller has checked (or allocated).
    pub fn write(&self, offset: u64, bytes: &[u8]) {
        debug_assert!(offset + bytes.len() as u64 <= self.size());
        // SAFETY: the range lies inside the memory, which never moves or shrinks.
        unsafe { std::ptr::copy(bytes.as_ptr(), self.ptr(offset), bytes.len()) };
    }

    /// Read `N` bytes at `offset`, or `None` outside the memory.
    pub fn read<const N: usize>(&self, offset: u64) -> Option<[u8; N]> {
        self.offset(self.base + offset, N as u64)?;
        let mut out = [0u8; N];
        // SAFETY: checked to lie inside the memory.
        unsafe { std::ptr::copy(self.ptr(offset), out.as_mut_ptr(), N) };
        Some(out)
    }

    /// The little-endian `u32` at `offset`.
    pub fn read_u32(&self, offset: u64) -> Option<u32> {
        self.read(offset).map(u32::from_le_bytes)
    }
}

/// Who asked for a range of the heap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    /// `cudaMalloc`: a device allocation.
    Program,
    /// The backend itself (launch arguments, block buffers).
    Runtime,
}

#[derive(Clone, Copy, Debug)]
struct Block {
    /// The bytes asked for.
    bytes: u64,
    /// The bytes taken (a multiple of [`ALLOC_ALIGN`]).
    taken: u64,
    owner: Owner,
}

#[derive(Debug, Default)]
struct HeapState {
    /// The first offset never handed out (or handed back at the end).
    top: u64,
    /// Memory below `fresh` may hold old data; above it is still zero.
    fresh: u64,
    /// Free ranges below `top`, offset → bytes, never adjacent.
    free: BTreeMap<u64, u64>,
    /// Live ranges, offset → block.
    live: BTreeMap<u64, Block>,
}

/// A first-fit allocator over the linear memory from a start offset up.
pub struct Heap {
    memory: LinearMemory,
    state: Mutex<HeapState>,
}

impl Heap {
    /// A heap of `memory` from offset `start` (rounded up to [`ALLOC_ALIGN`]).
    pub fn new(memory: LinearMemory, start: u64) -> Heap {
        let start = start.next_multiple_of(ALLOC_ALIGN);
        Heap {
            memory,
            state: Mutex::new(HeapState {
                top: start,
                fresh: start,
                ..HeapState::default()
            }),
        }
    }

    pub fn memory(&self) -> &LinearMemory {
        &self.memory
    }

    /// `bytes` (at least one) bytes for `owner`, [`ALLOC_ALIGN`]-aligned; a
    /// program's allocation is zeroed. Returns the offset.
    pub fn alloc(&self, bytes: usize, owner: Owner) -> Result<u64> {
        let out_of_memory = || {
            RuntimeError::new(
                CudaError::MemoryAllocation,
                format!("cannot allocate {bytes} bytes of wasm memory"),
            )
        };
        let bytes = (bytes.max(1)) as u64;
        let taken = bytes
            .checked_next_multiple_of(ALLOC_ALIGN)
            .ok_or_else(out_of_memory)?;
        let mut st = self.state.lock().unwrap();
        let found = st.free.iter().find(|&(_, &size)| size >= taken);
        let offset = match found.map(|(&o, &s)| (o, s)) {
            Some((offset, size)) => {
                st.free.remove(&offset);
                if size > taken {
                    st.free.insert(offset + taken, size - taken);
                }
                offset
            }
            None => {
                let offset = st.top;
                let end = offset.checked_add(taken).ok_or_else(out_of_memory)?;
                self.memory.grow_to(end).map_err(|_| out_of_memory())?;
                st.top = end;
                offset
            }
        };
        if owner == Owner::Program && offset < st.fresh {
            let dirty = (st.fresh.min(offset + bytes) - offset) as usize;
            // SAFETY: the range was just taken from the heap, inside the memory.
            unsafe { std::ptr::write_bytes(self.memory.ptr(offset), 0, dirty) };
        }
        st.fresh = st.fresh.max(offset + taken);
        st.live.insert(
            offset,
            Block {
                bytes,
                taken,
                owner,
            },
        );
        Ok(offset)
    }

    /// Give back the range at `offset` that `owner` allocated; `false` when
    /// there is none.
    pub fn free(&self, offset: u64, owner: Owner) -> bool {
        let mut st = self.state.lock().unwrap();
        match st.live.get(&offset) {
            Some(b) if b.owner == owner => {}
            _ => return false,
        }
        let mut start = offset;
        let mut size = st.live.remove(&offset).unwrap().taken;
        // Merge with the free ranges on either side.
        if let Some((&before, &bytes)) = st.free.range(..offset).next_back()
            && before + bytes == offset
        {
            st.free.remove(&before);
            start = before;
            size += bytes;
        }
        if let Some(after) = st.free.remove(&(start + size)) {
            size += after;
        }
        if start + size == st.top {
            st.top = start;
        } else {
            st.free.insert(start, size);
        }
        true
    }

    /// The `(offset, bytes)` of the program's allocation containing `offset`.
    pub fn find(&self, offset: u64) -> Option<(u64, u64)> {
        let st = self.state.lock().unwrap();
        let (&start, b) = st.live.range(..=offset).next_back()?;
        (b.owner == Owner::Program && offset < start + b.bytes).then_some((start, b.bytes))
    }

    /// Whether `[offset, offset + bytes)` lies inside one program allocation
    /// (an empty range must still start inside one).
    pub fn contains(&self, offset: u64, bytes: u64) -> bool {
        self.find(offset)
            .is_some_and(|(start, size)| offset.saturating_add(bytes) <= start + size)
    }

    /// Live program allocations.
    pub fn allocations(&self) -> usize {
        let st = self.state.lock().unwrap();
        st.live
            .values()
            .filter(|b| b.owner == Owner::Program)
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasmtime::{Config, Engine, MemoryType};

    fn heap(start: u64) -> Heap {
        let mut config = Config::new();
        config.wasm_threads(true).shared_memory(true);
        let engine = Engine::new(&config).unwrap();
        let shared = SharedMemory::new(&engine, MemoryType::shared(1, 64)).unwrap();
        Heap::new(LinearMemory::new(shared, 64), start)
    }

    #[test]
    fn allocations_are_aligned_reused_zeroed_and_grow_the_memory_in_place() {
        let h = heap(1000);
        let base = h.memory().base();
        let a = h.alloc(100, Owner::Program).unwrap();
        assert_eq!(a, 1024);
        let b = h.alloc(300, Owner::Runtime).unwrap();
        assert_eq!(b, 1280);
        assert!(h.contains(a + 10, 90) && !h.contains(a + 10, 91));
        // Runtime ranges are not device allocations.
        assert!(!h.contains(b, 1));
        h.memory().write(a, &[7; 100]);
        assert!(h.free(a, Owner::Program));
        assert!(!h.free(a, Owner::Program));
        assert!(!h.free(b, Owner::Program));
        // First fit takes the freed range again, zeroed.
        let c = h.alloc(50, Owner::Program).unwrap();
        assert_eq!(c, a);
        assert_eq!(h.memory().read::<4>(c + 40), Some([0; 4]));
        // Beyond the first page: the memory grows, and does not move.
        let big = h.alloc(200_000, Owner::Program).unwrap();
        assert!(h.memory().size() >= big + 200_000);
        assert_eq!(h.memory().base(), base);
        h.memory().write(big + 199_999, &[1]);
        // More than the maximum of 64 pages fails cleanly.
        let e = h.alloc(5 << 20, Owner::Program).unwrap_err();
        assert_eq!(e.code, CudaError::MemoryAllocation);
        // Freeing everything merges the ranges back down to the start.
        for (o, who) in [
            (c, Owner::Program),
            (big, Owner::Program),
            (b, Owner::Runtime),
        ] {
            assert!(h.free(o, who));
        }
        assert_eq!(h.allocations(), 0);
        assert_eq!(h.alloc(2000, Owner::Program).unwrap(), 1024);
    }
}
