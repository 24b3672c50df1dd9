//! Running a grid on the CPU: the block function is called once per block,
//! blocks spread over the device's [`WorkerPool`].
//!
//! Each participant (a pool worker or the launching thread) uses its own set
//! of the three block buffers (static shared, dynamic shared, scratch), grown
//! to the launch's sizes and reused for every block it runs, so concurrent
//! blocks never share memory that CUDA gives each block its own copy of.
//! Participants take blocks from one [`BlockQueue`]; small grids run on the
//! launching thread alone ([`WorkerPool::run_launch`]).

use super::bounds::{self, LaunchAccess};
use super::buffers::BlockBuffers;
use super::env::KernelEnv;
use crate::device::{KernelParams, LaunchConfig};
use crate::error::{CudaError, Result, RuntimeError};
use crate::kernel::{BlockFn, Kernel};
use crate::pool::{BlockQueue, WorkerPool};
use std::sync::Mutex;

/// One launch as its participants share it.
struct Launch<'a> {
    kernel: &'a Kernel,
    config: &'a LaunchConfig,
    entry: BlockFn,
    params: KernelParams,
    blocks: BlockQueue,
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
/// `kernel.entry` must be a block function of that ABI (a kernel without
/// one is `cudaErrorInvalidDeviceFunction`).
pub unsafe fn run_grid(
    kernel: &Kernel,
    config: &LaunchConfig,
    params: KernelParams,
    pool: &WorkerPool<BlockBuffers>,
    access: LaunchAccess<'_>,
) -> Result<()> {
    let launch = Launch {
        kernel,
        config,
        entry: native_entry(kernel)?,
        params,
        blocks: BlockQueue::new(config),
        failure: Mutex::new(None),
        access,
    };
    // SAFETY: forwarded from the caller.
    let work = |buffers: &mut BlockBuffers| unsafe { launch.run_blocks(buffers) };
    pool.run_launch(config, &work);
    launch.result()
}

/// The block function of `kernel`, which the CPU needs.
pub fn native_entry(kernel: &Kernel) -> Result<BlockFn> {
    kernel.entry.ok_or_else(|| {
        RuntimeError::new(
            CudaError::InvalidDeviceFunction,
            format!(
                "kernel '{}' has no native block function (it belongs to another device's module)",
                kernel.name
            ),
        )
    })
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
        while let Some(block_idx) = self.blocks.take() {
            // SAFETY: `env` points to the local above; the caller guarantees
            // the ABI; `env` and its buffers live across the call.
            unsafe {
                (*env).block_idx = block_idx;
                (self.entry)(self.params.ptr, env);
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
