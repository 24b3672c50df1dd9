//! One launch: the block shape checked against the adapter's limits, the
//! parameter block written (docs/webgpu-abi.md), pointer arguments decoded
//! to the buffers bound for them, the grid split into dispatches of at most
//! `max_compute_workgroups_per_dimension` workgroups per dimension, and all
//! of it encoded into one compute pass and submitted.
//!
//! Every dispatch has its own copy of the parameter block (its block-id
//! offset differs) in one uniform buffer, at offsets the bind group's
//! dynamic offset selects.

use super::managed::Managed;
use super::memory::Allocations;
use super::pipeline::KernelProgram;
use super::shader::{BlockShape, Specialization};
use super::timing::Timer;
use super::transfer::Gpu;
use crate::device::{KernelParams, LaunchConfig};
use crate::error::{CudaError, Result, RuntimeError};
use cuwasm_dialects::webgpu_abi::{HEADER_WORDS, PARAMS_BINDING, ParamSlot};
use std::sync::Mutex;

/// A buffer bound for a pointer argument or a variable.
pub struct Bound {
    pub binding: u32,
    pub buffer: wgpu::Buffer,
}

/// What a launch needs besides its kernel and configuration.
pub struct Context<'a> {
    pub gpu: &'a Gpu,
    pub memory: &'a Allocations,
    pub managed: &'a Managed,
    /// Bound for null pointer arguments.
    pub null_buffer: &'a wgpu::Buffer,
    /// The buffers of the kernel's variables.
    pub variables: Vec<Bound>,
    pub timer: Option<&'a Mutex<Timer>>,
}

impl Context<'_> {
    /// The buffer and byte offset a (non-null) pointer argument names: an
    /// allocation's, or a managed region's (uploaded as it needs); `None`
    /// for a pointer that is neither.
    fn resolve(&self, ptr: u64) -> Option<Result<(wgpu::Buffer, u64)>> {
        match self.memory.get(ptr) {
            Some((allocation, offset)) => Some(Ok((allocation.buffer, offset))),
            None => self.managed.bind(self.gpu, ptr),
        }
    }
}

fn bad_config(kernel: &str, why: String) -> RuntimeError {
    RuntimeError::new(
        CudaError::InvalidConfiguration,
        format!("launch of '{kernel}': {why}"),
    )
}

/// Check `config` against the device's limits and the kernel; the
/// specialization it needs (shared memory too large: `cudaErrorInvalidValue`,
/// as CUDA has it; a bad shape: `cudaErrorInvalidConfiguration`).
pub fn specialization(
    limits: &wgpu::Limits,
    program: &KernelProgram,
    config: &LaunchConfig,
) -> Result<Specialization> {
    let name = &program.layout.name;
    let max_block = [
        limits.max_compute_workgroup_size_x,
        limits.max_compute_workgroup_size_y,
        limits.max_compute_workgroup_size_z,
    ];
    let dims = config.block.iter().zip(&config.grid).zip(max_block);
    for (d, ((&block, &grid), max)) in dims.enumerate() {
        if block == 0 || block > max {
            let why = format!("block dimension {d} is {block} (1..={max} on this adapter)");
            return Err(bad_config(name, why));
        }
        if grid == 0 {
            return Err(bad_config(name, format!("grid dimension {d} is 0")));
        }
    }
    let threads = config.threads_per_block();
    let max_threads = limits.max_compute_invocations_per_workgroup;
    if threads > u64::from(max_threads) {
        let why = format!("{threads} threads per block (at most {max_threads} on this adapter)");
        return Err(bad_config(name, why));
    }
    if let BlockShape::Fixed(fixed) = program.reflection.block
        && fixed != config.block
    {
        let why = format!(
            "the shader's block shape is fixed at {fixed:?}, not {:?}",
            config.block
        );
        return Err(bad_config(name, why));
    }
    let dynamic_shared_words = config.dynamic_shared_bytes.div_ceil(4).max(1);
    let shared = program.layout.static_shared_bytes as u64 + config.dynamic_shared_bytes as u64;
    let max_shared = limits.max_compute_workgroup_storage_size;
    if shared > u64::from(max_shared) || dynamic_shared_words > u32::MAX as usize {
        return Err(RuntimeError::new(
            CudaError::InvalidValue,
            format!(
                "launch of '{name}': {shared} bytes of shared memory per block (at most {max_shared} on this adapter)"
            ),
        ));
    }
    Ok(Specialization {
        block: config.block,
        dynamic_shared_words: dynamic_shared_words as u32,
        all_writable: false,
    })
}

/// The parameter block and the pointer arguments' buffers.
struct Arguments {
    words: Vec<u32>,
    bound: Vec<Bound>,
    /// Some buffer is bound to a read-only and to a read-write binding.
    aliased: bool,
}

/// Read the arguments of `params` as `program`'s layout places them.
///
/// # Safety
/// As [`crate::Device::launch`].
unsafe fn arguments(
    program: &KernelProgram,
    config: &LaunchConfig,
    params: KernelParams,
    context: &Context,
) -> Result<Arguments> {
    let layout = &program.layout;
    let invalid = |why: String| {
        RuntimeError::new(
            CudaError::InvalidValue,
            format!("launch of '{}': {why}", layout.name),
        )
    };
    if params.len != layout.params.len() {
        let why = format!(
            "{} arguments passed, the kernel takes {}",
            params.len,
            layout.params.len()
        );
        return Err(invalid(why));
    }
    let mut words = vec![0u32; layout.param_words as usize];
    words[..3].copy_from_slice(&config.grid);
    let mut bytes = vec![0u8; 4 * words.len()];
    let mut bound = Vec::new();
    // Whether each buffer is bound read-only, and read-write (WebGPU
    // refuses a buffer bound both ways in one dispatch).
    let mut uses: Vec<(wgpu::Buffer, [bool; 2])> = Vec::new();
    for (i, slot) in layout.params.iter().enumerate() {
        // SAFETY: the caller guarantees `params.len` pointers, each to the
        // argument's value.
        let value = unsafe { *params.ptr.add(i) };
        match *slot {
            ParamSlot::Value { word, bytes: n } => {
                let at = 4 * word as usize;
                let target = bytes.get_mut(at..at + n as usize).ok_or_else(|| {
                    invalid(format!("argument {i} lies outside the parameter block"))
                })?;
                // A by-value struct's argument is the address of the
                // caller's copy (docs/cpu-abi.md).
                let source = match layout.by_value.contains(&i) {
                    // SAFETY: as above; the argument is a pointer.
                    true => unsafe { std::ptr::read_unaligned(value as *const *const u8) },
                    false => value,
                };
                // SAFETY: as above; the value (or the struct) has the slot's size.
                target.copy_from_slice(unsafe { std::slice::from_raw_parts(source, n as usize) });
            }
            ParamSlot::Buffer { binding, word, .. } => {
                // SAFETY: as above; a pointer argument is 8 bytes.
                let ptr = unsafe { std::ptr::read_unaligned(value as *const u64) };
                let (buffer, offset) = match ptr {
                    0 => (context.null_buffer.clone(), 0),
                    _ => context.resolve(ptr).ok_or_else(|| {
                        invalid(format!(
                            "argument {i} ({ptr:#x}) is not a webgpu device pointer"
                        ))
                    })??,
                };
                let element = program
                    .reflection
                    .element_bytes
                    .get(&binding)
                    .copied()
                    .unwrap_or(4)
                    .max(4);
                if !offset.is_multiple_of(element) || offset > u64::from(u32::MAX) {
                    return Err(invalid(format!(
                        "argument {i} points {offset} bytes into its buffer, not a multiple of the kernel's {element}-byte elements (or beyond 4 GiB)"
                    )));
                }
                let k = uses
                    .iter()
                    .position(|(b, _)| *b == buffer)
                    .unwrap_or_else(|| {
                        uses.push((buffer.clone(), [false; 2]));
                        uses.len() - 1
                    });
                uses[k].1[usize::from(!program.read_only(binding))] = true;
                let at = 4 * word as usize;
                bytes
                    .get_mut(at..at + 4)
                    .ok_or_else(|| {
                        invalid(format!("argument {i} lies outside the parameter block"))
                    })?
                    .copy_from_slice(&(offset as u32).to_le_bytes());
                bound.push(Bound { binding, buffer });
            }
        }
    }
    for (word, chunk) in words
        .iter_mut()
        .zip(bytes.chunks_exact(4))
        .skip(HEADER_WORDS as usize)
    {
        *word = u32::from_le_bytes(chunk.try_into().unwrap());
    }
    let aliased = uses.iter().any(|&(_, [read, write])| read && write);
    Ok(Arguments {
        words,
        bound,
        aliased,
    })
}

/// The dispatches covering `grid`: (block-id offset, workgroups), at most
/// `max` workgroups per dimension each.
pub fn dispatches(grid: [u32; 3], max: u32) -> Vec<([u32; 3], [u32; 3])> {
    let splits = |n: u32| (0..n.div_ceil(max)).map(move |k| (k * max, (n - k * max).min(max)));
    let mut out = Vec::new();
    for (oz, nz) in splits(grid[2]) {
        for (oy, ny) in splits(grid[1]) {
            for (ox, nx) in splits(grid[0]) {
                out.push(([ox, oy, oz], [nx, ny, nz]));
            }
        }
    }
    out
}

/// Launch `program` over `config`'s grid.
///
/// # Safety
/// As [`crate::Device::launch`].
pub unsafe fn launch(
    program: &KernelProgram,
    config: &LaunchConfig,
    params: KernelParams,
    context: Context,
) -> Result<()> {
    let gpu = context.gpu;
    let limits = gpu.device.limits();
    let mut spec = specialization(&limits, program, config)?;
    // SAFETY: forwarded from the caller.
    let arguments = unsafe { arguments(program, config, params, &context)? };
    spec.all_writable = arguments.aliased;
    let max_binding = limits.max_storage_buffer_binding_size;
    if let Some(b) = arguments
        .bound
        .iter()
        .chain(&context.variables)
        .find(|b| b.buffer.size() > max_binding)
    {
        // Bound whole, or the kernel could not reach all of it.
        return Err(RuntimeError::new(
            CudaError::LaunchOutOfResources,
            format!(
                "launch of '{}': the {}-byte buffer for binding {} is larger than this adapter binds ({max_binding} bytes)",
                program.layout.name,
                b.buffer.size(),
                b.binding
            ),
        ));
    }
    let pipeline = program.pipeline(&gpu.device, spec)?;
    let plan = dispatches(config.grid, limits.max_compute_workgroups_per_dimension);
    let block_bytes = 4 * u64::from(program.layout.param_words);
    let stride =
        block_bytes.next_multiple_of(u64::from(limits.min_uniform_buffer_offset_alignment));
    let mut blocks = vec![0u8; (stride * plan.len() as u64) as usize];
    for (k, (offset, _)) in plan.iter().enumerate() {
        let mut words = arguments.words.clone();
        words[4..7].copy_from_slice(offset);
        let at = k * stride as usize;
        for (w, word) in words.iter().enumerate() {
            blocks[at + 4 * w..at + 4 * w + 4].copy_from_slice(&word.to_le_bytes());
        }
    }
    let usage = wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST;
    let uniform = gpu.buffer("cuwasm parameters", blocks.len() as u64, usage)?;
    gpu.queue.write_buffer(&uniform, 0, &blocks);
    let mut entries = vec![wgpu::BindGroupEntry {
        binding: PARAMS_BINDING,
        resource: wgpu::BindingResource::Buffer(wgpu::BufferBinding {
            buffer: &uniform,
            offset: 0,
            size: wgpu::BufferSize::new(block_bytes),
        }),
    }];
    for b in arguments.bound.iter().chain(&context.variables) {
        entries.push(wgpu::BindGroupEntry {
            binding: b.binding,
            resource: b.buffer.as_entire_binding(),
        });
    }
    let name = &program.layout.name;
    let mut timer = context.timer.map(|t| t.lock().unwrap());
    gpu.submit(name, |encoder| {
        let bind_group = gpu.device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some(name),
            layout: &pipeline.bind_group_layout,
            entries: &entries,
        });
        {
            let mut pass = encoder.begin_compute_pass(&wgpu::ComputePassDescriptor {
                label: Some(name),
                timestamp_writes: timer.as_ref().map(|t| t.pass_writes()),
            });
            pass.set_pipeline(&pipeline.pipeline);
            for (k, (_, [x, y, z])) in plan.iter().enumerate() {
                pass.set_bind_group(0, &bind_group, &[(k as u64 * stride) as u32]);
                pass.dispatch_workgroups(*x, *y, *z);
            }
        }
        if let Some(t) = timer.as_mut() {
            t.resolve(encoder);
        }
    })
    .map(|_| {
        context
            .managed
            .launched(arguments.bound.iter().map(|b| &b.buffer))
    })
}

#[cfg(test)]
mod tests {
    use super::dispatches;

    #[test]
    fn dispatches_cover_the_grid_once_within_the_limit() {
        for (grid, max) in [
            ([1, 1, 1], 65535),
            ([70000, 3, 1], 65535),
            ([10, 7, 5], 3),
            ([131070, 1, 2], 65535),
        ] {
            let plan = dispatches(grid, max);
            let mut seen = std::collections::HashSet::new();
            for (offset, size) in &plan {
                assert!(size.iter().all(|&n| n >= 1 && n <= max));
                for z in 0..size[2] {
                    for y in 0..size[1] {
                        for x in 0..size[0] {
                            let id = [offset[0] + x, offset[1] + y, offset[2] + z];
                            assert!(id.iter().zip(&grid).all(|(i, g)| i < g));
                            assert!(seen.insert(id), "{id:?} twice");
                        }
                    }
                }
            }
            assert_eq!(
                seen.len() as u64,
                grid.iter().map(|&g| g as u64).product::<u64>()
            );
        }
    }
}
