//! Running a grid on wasmtime: every participant of the device's
//! [`WorkerPool`] has its own instance of the module (a [`Worker`]) on the
//! shared memory, and calls the kernel's export once per block it takes.
//!
//! The launch copies the arguments' values into the linear memory once (the
//! `params` array of pointers to them, docs/cpu-abi.md); each worker keeps a
//! region of its own for its `KernelEnv` and the three block buffers, grown
//! when a launch needs more. A trap ends the launch: no more blocks are
//! handed out, and it becomes the launch's error, naming the kernel and the
//! block.

use super::memory::{Heap, Owner};
use super::program::{KernelFn, KernelInfo, ModuleInstance, ParamSize, Program};
use crate::device::{KernelParams, LaunchConfig};
use crate::error::{CudaError, Result, RuntimeError};
use crate::kernel::Kernel;
use crate::pool::BlockQueue;
use cuwasm_dialects::cpu_abi::env;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use wasmtime::Trap;

/// Alignment of the block buffers and of the argument values.
const ALIGN: u64 = env::BUFFER_ALIGN as u64;

/// A participant's instance of the module, and its region of the memory.
pub struct Worker {
    program: Arc<Program>,
    instance: ModuleInstance,
    kernels: HashMap<String, KernelFn>,
    /// `(offset, bytes)` of the region for the `KernelEnv` and the buffers.
    region: Option<(u64, u64)>,
}

impl Worker {
    fn new(program: Arc<Program>) -> Result<Worker> {
        let instance = program.instantiate()?;
        Ok(Worker {
            program,
            instance,
            kernels: HashMap::new(),
            region: None,
        })
    }

    fn kernel(&mut self, name: &str) -> Result<KernelFn> {
        if let Some(f) = self.kernels.get(name) {
            return Ok(f.clone());
        }
        let f: KernelFn = self.instance.func(name)?;
        self.kernels.insert(name.to_string(), f.clone());
        Ok(f)
    }

    /// Make room for the `KernelEnv` and the buffers of `sizes`, and write
    /// the environment; returns its offset.
    fn prepare(&mut self, config: &LaunchConfig, sizes: [u64; 3]) -> Result<u64> {
        let heap = &self.program.heap;
        let mut at = env::SIZE as u64;
        let buffers = sizes.map(|bytes| {
            let start = at.next_multiple_of(ALIGN);
            at = start + bytes.max(ALIGN);
            start
        });
        let need = at;
        let region = match self.region {
            Some((offset, bytes)) if bytes >= need => offset,
            old => {
                if let Some((offset, _)) = old {
                    heap.free(offset, Owner::Runtime);
                    self.region = None;
                }
                let offset = heap
                    .alloc(need as usize, Owner::Runtime)
                    .map_err(|e| RuntimeError::new(CudaError::LaunchOutOfResources, e.message))?;
                self.region = Some((offset, need));
                offset
            }
        };
        let memory = heap.memory();
        let mut bytes = [0u8; env::SIZE as usize];
        let mut put = |at: i64, value: &[u8]| {
            bytes[at as usize..at as usize + value.len()].copy_from_slice(value)
        };
        for (field, dims) in [(env::GRID_DIM, config.grid), (env::BLOCK_DIM, config.block)] {
            put(field, &dims.map(u32::to_le_bytes).concat());
        }
        let fields = [env::SHARED, env::DYNAMIC_SHARED, env::SCRATCH];
        for (field, offset) in fields.into_iter().zip(buffers) {
            put(field, &(memory.base() + region + offset).to_le_bytes());
        }
        memory.write(region, &bytes);
        Ok(region)
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        if let Some((offset, _)) = self.region {
            self.program.heap.free(offset, Owner::Runtime);
        }
    }
}

/// One launch as its participants share it.
pub struct Launch<'a> {
    program: &'a Arc<Program>,
    kernel: &'a Kernel,
    config: &'a LaunchConfig,
    /// The block buffers' sizes: static shared, dynamic shared, scratch.
    sizes: [u64; 3],
    /// `memory_base + offset` of the `params` array.
    params: u64,
    blocks: BlockQueue,
    failure: Mutex<Option<RuntimeError>>,
}

impl<'a> Launch<'a> {
    /// Copy the arguments into the memory. The caller frees them with
    /// [`Launch::finish`].
    ///
    /// # Safety
    /// `params` must point to one pointer per argument of `info`, each to
    /// as many bytes as `info` gives the argument.
    pub unsafe fn new(
        program: &'a Arc<Program>,
        kernel: &'a Kernel,
        info: &KernelInfo,
        config: &'a LaunchConfig,
        params: KernelParams,
    ) -> Result<Launch<'a>> {
        if params.len != info.param_sizes.len() {
            return Err(RuntimeError::new(
                CudaError::InvalidValue,
                format!(
                    "kernel '{}' takes {} arguments, but the launch passes {}",
                    kernel.name,
                    info.param_sizes.len(),
                    params.len
                ),
            ));
        }
        let scratch = (kernel.per_thread_bytes as u64)
            .checked_mul(config.threads_per_block())
            .ok_or_else(|| {
                RuntimeError::new(
                    CudaError::LaunchOutOfResources,
                    "scratch memory size overflows",
                )
            })?;
        // SAFETY: forwarded from the caller.
        let params = unsafe { copy_arguments(&program.heap, info, params)? };
        Ok(Launch {
            program,
            kernel,
            config,
            sizes: [
                kernel.static_shared_bytes as u64,
                config.dynamic_shared_bytes as u64,
                scratch,
            ],
            params,
            blocks: BlockQueue::new(config),
            failure: Mutex::new(None),
        })
    }

    /// One participant: take blocks until all are taken or one failed.
    pub fn run_blocks(&self, slot: &mut Option<Worker>) {
        if let Err(e) = self.try_run_blocks(slot) {
            self.blocks.stop();
            self.failure.lock().unwrap().get_or_insert(e);
        }
    }

    fn try_run_blocks(&self, slot: &mut Option<Worker>) -> Result<()> {
        let worker = match slot {
            Some(w) => w,
            None => slot.insert(Worker::new(self.program.clone())?),
        };
        let func = worker.kernel(&self.kernel.name)?;
        let env_offset = worker.prepare(self.config, self.sizes)?;
        let memory = self.program.heap.memory();
        let env_ptr = (memory.base() + env_offset) as i64;
        while let Some(block) = self.blocks.take() {
            let idx = block.map(u32::to_le_bytes).concat();
            memory.write(env_offset + env::BLOCK_IDX as u64, &idx);
            func.call(&mut worker.instance.store, (self.params as i64, env_ptr))
                .map_err(|e| trap_error(&e, &self.kernel.name, block))?;
        }
        Ok(())
    }

    /// Free the arguments; the launch's first failure, if any, which is also
    /// written to stderr (in order with the program's output), as the CPU
    /// device's bounds checks report theirs: the program sees only the code.
    pub fn finish(self) -> Result<()> {
        let heap = &self.program.heap;
        heap.free(self.params - heap.memory().base(), Owner::Runtime);
        match self.failure.into_inner().unwrap() {
            Some(e) => {
                crate::printf::write(2, format!("error: {}\n", e.message).as_bytes());
                Err(e)
            }
            None => Ok(()),
        }
    }
}

/// Copy the argument values into the memory after the array of pointers to
/// them; returns the array's address.
///
/// # Safety
/// As [`Launch::new`].
unsafe fn copy_arguments(heap: &Heap, info: &KernelInfo, params: KernelParams) -> Result<u64> {
    let n = info.param_sizes.len() as u64;
    let mut at = 8 * n;
    let mut place = |size: usize| {
        let start = at.next_multiple_of(ALIGN);
        at = start + size as u64;
        start
    };
    // Each argument's value, and for a by-value struct its bytes too.
    let offsets: Vec<(u64, Option<u64>)> = info
        .param_sizes
        .iter()
        .map(|size| match *size {
            ParamSize::Value(bytes) => (place(bytes), None),
            ParamSize::ByValue(bytes) => (place(8), Some(place(bytes))),
        })
        .collect();
    let region = heap.alloc(at as usize, Owner::Runtime)?;
    let memory = heap.memory();
    let address = |offset: u64| memory.base() + region + offset;
    for (i, (&(offset, copy), &size)) in offsets.iter().zip(&info.param_sizes).enumerate() {
        memory.write(region + 8 * i as u64, &address(offset).to_le_bytes());
        // SAFETY: the caller guarantees argument `i`'s value readable, and for
        // a by-value struct a pointer to the struct's bytes.
        let value = unsafe { *params.ptr.add(i) };
        match (size, copy) {
            (ParamSize::ByValue(bytes), Some(copy)) => {
                let source = unsafe { *(value as *const *const u8) };
                memory.write(region + copy, unsafe {
                    std::slice::from_raw_parts(source, bytes)
                });
                memory.write(region + offset, &address(copy).to_le_bytes());
            }
            _ => memory.write(region + offset, unsafe {
                std::slice::from_raw_parts(value, size.bytes())
            }),
        }
    }
    Ok(memory.base() + region)
}

/// A kernel's trap as the launch's error: `cudaErrorIllegalAddress` for a
/// bad memory access, `cudaErrorLaunchFailure` for the rest.
fn trap_error(error: &wasmtime::Error, kernel: &str, block: [u32; 3]) -> RuntimeError {
    let (code, what) = match error.downcast_ref::<Trap>() {
        Some(Trap::MemoryOutOfBounds) => (CudaError::IllegalAddress, "out-of-bounds memory access"),
        Some(Trap::HeapMisaligned) => (CudaError::IllegalAddress, "misaligned atomic access"),
        Some(Trap::IntegerDivisionByZero) => (CudaError::LaunchFailure, "integer division by zero"),
        Some(Trap::IntegerOverflow) => (CudaError::LaunchFailure, "integer overflow"),
        Some(Trap::BadConversionToInteger) => (
            CudaError::LaunchFailure,
            "invalid conversion of a float to an integer",
        ),
        Some(Trap::UnreachableCodeReached) => {
            (CudaError::LaunchFailure, "unreachable code reached")
        }
        Some(Trap::StackOverflow) => (CudaError::LaunchFailure, "stack overflow"),
        _ => (CudaError::LaunchFailure, ""),
    };
    let what = match what {
        "" => format!("{error:#}"),
        w => w.to_string(),
    };
    let [x, y, z] = block;
    RuntimeError::new(
        code,
        format!("{what} in kernel '{kernel}', block ({x},{y},{z})"),
    )
}
