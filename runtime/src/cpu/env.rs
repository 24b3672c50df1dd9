//! `KernelEnv`: what a block function learns about its block (docs/cpu-abi.md).
//!
//! The JIT reads these fields at the byte offsets of
//! `cuwasm_dialects::cpu_abi::env`; the test below keeps the two in step.

/// The environment of one block, in C layout (64 bytes).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct KernelEnv {
    pub grid_dim: [u32; 3],
    pub block_dim: [u32; 3],
    pub block_idx: [u32; 3],
    _pad: u32,
    /// The block's static `__shared__` memory (16-aligned).
    pub shared: *mut u8,
    /// `extern __shared__` memory, the launch's dynamic bytes (16-aligned).
    pub dynamic_shared: *mut u8,
    /// `per_thread_bytes × threads` bytes for per-thread values (16-aligned).
    pub scratch: *mut u8,
}

impl KernelEnv {
    /// The environment of block `block_idx` with the given buffers.
    pub fn new(grid_dim: [u32; 3], block_dim: [u32; 3], buffers: [*mut u8; 3]) -> KernelEnv {
        let [shared, dynamic_shared, scratch] = buffers;
        KernelEnv {
            grid_dim,
            block_dim,
            block_idx: [0; 3],
            _pad: 0,
            shared,
            dynamic_shared,
            scratch,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::KernelEnv;
    use cuwasm_dialects::cpu_abi::env;
    use std::mem::{offset_of, size_of};

    #[test]
    fn field_offsets_match_the_abi() {
        assert_eq!(offset_of!(KernelEnv, grid_dim) as i64, env::GRID_DIM);
        assert_eq!(offset_of!(KernelEnv, block_dim) as i64, env::BLOCK_DIM);
        assert_eq!(offset_of!(KernelEnv, block_idx) as i64, env::BLOCK_IDX);
        assert_eq!(offset_of!(KernelEnv, shared) as i64, env::SHARED);
        assert_eq!(
            offset_of!(KernelEnv, dynamic_shared) as i64,
            env::DYNAMIC_SHARED
        );
        assert_eq!(offset_of!(KernelEnv, scratch) as i64, env::SCRATCH);
        assert_eq!(size_of::<KernelEnv>() as i64, env::SIZE);
    }
}
