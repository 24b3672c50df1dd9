//! Running a grid on the CPU: the block function is called once per block,
//! blocks spread over all cores.
//!
//! Each worker thread owns one set of the three block buffers (static shared,
//! dynamic shared, scratch), sized for the launch and reused for every block it
//! runs, so concurrent blocks never share memory that CUDA gives each block its
//! own copy of. Workers take block numbers from one atomic counter, which
//! balances blocks of uneven cost.

use super::env::KernelEnv;
use crate::device::{KernelParams, LaunchConfig};
use crate::error::{CudaError, Result, RuntimeError};
use crate::kernel::Kernel;
use std::alloc::{Layout, alloc, dealloc};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Alignment of the block buffers (`cpu_abi::env::BUFFER_ALIGN`).
const BUFFER_ALIGN: usize = 16;

/// One uninitialized, 16-aligned buffer (CUDA does not zero shared memory either).
struct Buffer {
    ptr: *mut u8,
    layout: Layout,
}

impl Buffer {
    /// `bytes` of memory; an empty buffer still gets a valid aligned pointer.
    fn new(bytes: usize) -> Result<Buffer> {
        let fail = || {
            RuntimeError::new(
                CudaError::LaunchOutOfResources,
                format!("cannot allocate a {bytes}-byte block buffer"),
            )
        };
        let layout =
            Layout::from_size_align(bytes.max(BUFFER_ALIGN), BUFFER_ALIGN).map_err(|_| fail())?;
        // SAFETY: the layout has a non-zero size.
        let ptr = unsafe { alloc(layout) };
        if ptr.is_null() {
            return Err(fail());
        }
        Ok(Buffer { ptr, layout })
    }
}

impl Drop for Buffer {
    fn drop(&mut self) {
        // SAFETY: allocated in `Buffer::new` with this layout.
        unsafe { dealloc(self.ptr, self.layout) };
    }
}

/// The three buffers of one worker.
struct WorkerBuffers([Buffer; 3]);

impl WorkerBuffers {
    fn new(kernel: &Kernel, config: &LaunchConfig) -> Result<WorkerBuffers> {
        let scratch = (kernel.per_thread_bytes as u64)
            .checked_mul(config.threads_per_block())
            .and_then(|b| usize::try_from(b).ok())
            .ok_or_else(|| {
                RuntimeError::new(
                    CudaError::LaunchOutOfResources,
                    "scratch memory size overflows",
                )
            })?;
        Ok(WorkerBuffers([
            Buffer::new(kernel.static_shared_bytes)?,
            Buffer::new(config.dynamic_shared_bytes)?,
            Buffer::new(scratch)?,
        ]))
    }

    fn env(&self, config: &LaunchConfig) -> KernelEnv {
        let [a, b, c] = &self.0;
        KernelEnv::new(config.grid, config.block, [a.ptr, b.ptr, c.ptr])
    }
}

/// The `(x, y, z)` block index of linear block number `n` (x fastest, as CUDA).
pub fn block_index(n: u64, grid: [u32; 3]) -> [u32; 3] {
    let (gx, gy) = (grid[0] as u64, grid[1] as u64);
    [
        (n % gx) as u32,
        ((n / gx) % gy) as u32,
        (n / (gx * gy)) as u32,
    ]
}

/// Run every block of the grid on up to `workers` threads; returns when all are done.
///
/// # Safety
/// `params` must satisfy [`Device::launch`](crate::Device::launch)'s contract and
/// `kernel.entry` must be a block function of that ABI.
pub unsafe fn run_grid(
    kernel: &Kernel,
    config: &LaunchConfig,
    params: KernelParams,
    workers: usize,
) -> Result<()> {
    let blocks = config.num_blocks();
    let workers = (workers as u64).clamp(1, blocks.max(1)) as usize;
    let next = AtomicU64::new(0);
    // SAFETY: forwarded from the caller.
    let work = || unsafe { run_blocks(kernel, config, params, &next, blocks) };
    if workers == 1 {
        return work();
    }
    let failure = Mutex::new(None);
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                if let Err(e) = work() {
                    failure.lock().unwrap().get_or_insert(e);
                }
            });
        }
    });
    failure.into_inner().unwrap().map_or(Ok(()), Err)
}

/// One worker: take block numbers from `next` until `blocks` are taken.
unsafe fn run_blocks(
    kernel: &Kernel,
    config: &LaunchConfig,
    params: KernelParams,
    next: &AtomicU64,
    blocks: u64,
) -> Result<()> {
    let buffers = WorkerBuffers::new(kernel, config)?;
    let mut env = buffers.env(config);
    loop {
        let n = next.fetch_add(1, Ordering::Relaxed);
        if n >= blocks {
            return Ok(());
        }
        env.block_idx = block_index(n, config.grid);
        // SAFETY: the caller guarantees the ABI; `env` and its buffers live across the call.
        unsafe { (kernel.entry)(params.ptr, &mut env) };
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
