//! Running a grid on the CPU: the block function is called once per block,
//! blocks spread over the device's [`WorkerPool`].
//!
//! Each participant (a pool worker or the launching thread) uses its own set
//! of the three block buffers (static shared, dynamic shared, scratch), grown
//! to the launch's sizes and reused for every block it runs, so concurrent
//! blocks never share memory that CUDA gives each block its own copy of.
//! Participants take block numbers from one atomic counter, which balances
//! blocks of uneven cost. Small grids run on the launching thread alone:
//! waking workers would cost more than the blocks.

use super::bounds::{self, LaunchAccess};
use super::buffers::BlockBuffers;
use super::env::KernelEnv;
use super::pool::WorkerPool;
use crate::device::{KernelParams, LaunchConfig};
use crate::error::{CudaError, Result, RuntimeError};
use crate::kernel::Kernel;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Grids of at most this many threads in all run on the launching thread.
pub const INLINE_THREADS: u64 = 1024;

/// The `(x, y, z)` block index of linear block number `n` (x fastest, as CUDA).
pub fn block_index(n: u64, grid: [u32; 3]) -> [u32; 3] {
    let (gx, gy) = (grid[0] as u64, grid[1] as u64);
    [
        (n % gx) as u32,
        ((n / gx) % gy) as u32,
        (n / (gx * gy)) as u32,
    ]
}

/// Whether the grid runs on the launching thread only.
pub fn runs_inline(config: &LaunchConfig, pool: &WorkerPool) -> bool {
    let blocks = config.num_blocks();
    pool.participants() == 1
        || blocks <= 1
        || blocks.saturating_mul(config.threads_per_block()) <= INLINE_THREADS
}

/// One launch as its participants share it.
struct Launch<'a> {
    kernel: &'a Kernel,
    config: &'a LaunchConfig,
    params: KernelParams,
    next: AtomicU64,
    blocks: u64,
    /// The first failure to set up a participant (its buffers).
    failure: Mutex<Option<RuntimeError>>,
    access: LaunchAccess<'a>,
}

/// Run every block of the grid on `pool`; returns when all are done, with the
/// first failure: buffers that cannot be allocated, or an out-of-bounds
/// access a checked kernel reported (`cudaErrorIllegalAddress`).
///
/// # Safety
/// `params` must satisfy [`Device::launch`](crate::Device::launch)'s contract and
/// `kernel.entry` must be a block function of that ABI.
pub unsafe fn run_grid(
    kernel: &Kernel,
    config: &LaunchConfig,
    params: KernelParams,
    pool: &WorkerPool,
    access: LaunchAccess<'_>,
) -> Result<()> {
    let launch = Launch {
        kernel,
        config,
        params,
        next: AtomicU64::new(0),
        blocks: config.num_blocks(),
        failure: Mutex::new(None),
        access,
    };
    // SAFETY: forwarded from the caller.
    let work = |buffers: &mut BlockBuffers| unsafe { launch.run_blocks(buffers) };
    if runs_inline(config, pool) {
        pool.run_here(&work);
    } else {
        pool.run_everywhere(&work);
    }
    launch.result()
}

impl Launch<'_> {
    /// One participant: take block numbers until all are taken.
    unsafe fn run_blocks(&self, buffers: &mut BlockBuffers) {
        if let Err(e) = buffers.prepare(self.kernel, self.config) {
            self.failure.lock().unwrap().get_or_insert(e);
            return;
        }
        let mut env = KernelEnv::new(self.config.grid, self.config.block, buffers.pointers());
        // One pointer for the block function and the bounds checks it calls.
        let env: *mut KernelEnv = &mut env;
        let _scope = bounds::enter(&self.access, env, buffers.ranges());
        loop {
            let n = self.next.fetch_add(1, Ordering::Relaxed);
            if n >= self.blocks {
                return;
            }
            // SAFETY: `env` points to the local above; the caller guarantees
            // the ABI; `env` and its buffers live across the call.
            unsafe {
                (*env).block_idx = block_index(n, self.config.grid);
                (self.kernel.entry)(self.params.ptr, env);
            }
        }
    }

    fn result(self) -> Result<()> {
        if let Some(e) = self.failure.into_inner().unwrap() {
            return Err(e);
        }
        match self.access.into_violation() {
            Some(message) => Err(RuntimeError::new(CudaError::IllegalAddress, message)),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::block_index;

    #[test]
    fn block_numbers_cover_the_grid_x_fastest() {
        let grid = [3, 2, 2];
        let all: Vec<[u32; 3]> = (0..12).map(|n| block_index(n, grid)).collect();
        assert_eq!(all[0], [0, 0, 0]);
        assert_eq!(all[1], [1, 0, 0]);
        assert_eq!(all[3], [0, 1, 0]);
        assert_eq!(all[6], [0, 0, 1]);
        assert_eq!(all[11], [2, 1, 1]);
    }
}
