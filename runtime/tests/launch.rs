//! Launches on the CPU backend with block functions written in Rust, reading
//! `KernelEnv` and the parameter array exactly as compiled kernels do
//! (docs/cpu-abi.md).

use cuwasm_runtime::{
    CpuDevice, CudaError, Kernel, KernelEnv, KernelParams, LaunchConfig, Runtime,
};
use std::sync::atomic::{AtomicU32, Ordering};

/// The value of the `i`-th kernel argument, of type `T`.
unsafe fn param<T: Copy>(params: *const *const u8, i: usize) -> T {
    unsafe { *(*params.add(i) as *const T) }
}

/// What thread `t` of block `b` writes in `write_ids`: any injective mix of the two.
fn id_value(block: [u32; 3], thread: [u32; 3]) -> u32 {
    (block[0] * 7 + block[1] * 131 + block[2] * 1031) * 100_000
        + thread[0]
        + thread[1] * 97
        + thread[2] * 997
}

/// `out[global linear thread id] = id_value(blockIdx, threadIdx)`, for every thread.
unsafe extern "C" fn write_ids(params: *const *const u8, env: *mut KernelEnv) {
    let (out, env) = unsafe { (param::<*mut u32>(params, 0), &*env) };
    let [bx, by, bz] = env.block_dim;
    let [gx, gy, _] = env.grid_dim;
    let block_linear = env.block_idx[0] + gx * (env.block_idx[1] + gy * env.block_idx[2]);
    for tz in 0..bz {
        for ty in 0..by {
            for tx in 0..bx {
                let t = tx + bx * (ty + by * tz);
                let global = block_linear * bx * by * bz + t;
                unsafe { *out.add(global as usize) = id_value(env.block_idx, [tx, ty, tz]) };
            }
        }
    }
}

fn kernel(
    name: &str,
    entry: cuwasm_runtime::BlockFn,
    shared: usize,
    per_thread: usize,
    params: usize,
) -> Kernel {
    Kernel {
        name: name.into(),
        entry: Some(entry),
        static_shared_bytes: shared,
        per_thread_bytes: per_thread,
        num_params: params,
        ..Default::default()
    }
}

/// A launch of `grid` blocks of `block` threads without dynamic shared memory.
fn config(grid: [u32; 3], block: [u32; 3]) -> LaunchConfig {
    LaunchConfig {
        grid,
        block,
        dynamic_shared_bytes: 0,
    }
}

fn runtime(workers: usize) -> Runtime {
    Runtime::new(Box::new(CpuDevice::with_workers(workers)))
}

/// Launch `name` with the given argument values (each a byte blob).
fn launch(
    rt: &Runtime,
    name: &str,
    config: &LaunchConfig,
    args: &[&[u8]],
) -> Result<(), cuwasm_runtime::RuntimeError> {
    let ptrs: Vec<*const u8> = args.iter().map(|a| a.as_ptr()).collect();
    unsafe {
        rt.launch(
            name,
            config,
            KernelParams {
                ptr: ptrs.as_ptr(),
                len: ptrs.len(),
            },
        )
    }
}

fn read_u32s(rt: &Runtime, ptr: u64, n: usize) -> Vec<u32> {
    let mut bytes = vec![0u8; n * 4];
    rt.copy_to_host(&mut bytes, ptr).unwrap();
    bytes
        .chunks(4)
        .map(|c| u32::from_ne_bytes(c.try_into().unwrap()))
        .collect()
}

#[test]
fn every_thread_of_a_3d_grid_writes_its_ids() {
    let rt = runtime(4);
    rt.register_kernel(kernel("m.ids", write_ids, 0, 0, 1))
        .unwrap();
    let config = config([5, 3, 2], [8, 4, 2]);
    let n = (config.num_blocks() * config.threads_per_block()) as usize;
    let out = rt.malloc(n * 4).unwrap();
    launch(&rt, "m.ids", &config, &[&out.to_ne_bytes()]).unwrap();
    rt.synchronize().unwrap();
    let mut expected = Vec::with_capacity(n);
    for bz in 0..2 {
        for by in 0..3 {
            for bx in 0..5 {
                for tz in 0..2 {
                    for ty in 0..4 {
                        for tx in 0..8 {
                            expected.push(id_value([bx, by, bz], [tx, ty, tz]));
                        }
                    }
                }
            }
        }
    }
    assert_eq!(read_u32s(&rt, out, n), expected);
    rt.free(out).unwrap();
}

/// Counts blocks that saw another block's data in their own buffers.
static CLOBBERED: AtomicU32 = AtomicU32::new(0);

/// Fills the whole static shared, dynamic shared and scratch buffers with the
/// block's number, yields so other workers run their blocks, then checks that
/// every byte is still its own. Also records buffer alignment.
unsafe extern "C" fn fill_buffers(params: *const *const u8, env: *mut KernelEnv) {
    let env = unsafe { &*env };
    let dynamic: u64 = unsafe { param(params, 0) };
    let per_thread: u64 = unsafe { param(params, 1) };
    let threads = env.block_dim.iter().product::<u32>() as u64;
    let shared_bytes = 96usize;
    let id = (env.block_idx[0] % 251) as u8 + 1;
    let buffers = [
        (env.shared, shared_bytes),
        (env.dynamic_shared, dynamic as usize),
        (env.scratch, (per_thread * threads) as usize),
    ];
    for &(p, n) in &buffers {
        if p as usize % 16 != 0 {
            CLOBBERED.fetch_add(1000, Ordering::Relaxed);
        }
        unsafe { std::ptr::write_bytes(p, id, n) };
    }
    for _ in 0..20 {
        std::thread::yield_now();
    }
    for &(p, n) in &buffers {
        let all_ours = unsafe { std::slice::from_raw_parts(p, n) }
            .iter()
            .all(|&b| b == id);
        if !all_ours {
            CLOBBERED.fetch_add(1, Ordering::Relaxed);
        }
    }
}

#[test]
fn block_buffers_are_sized_aligned_and_private_to_running_blocks() {
    let rt = runtime(4);
    rt.register_kernel(kernel("m.fill", fill_buffers, 96, 24, 2))
        .unwrap();
    let (dynamic, per_thread) = (1000u64, 24u64);
    let config = LaunchConfig {
        grid: [200, 1, 1],
        block: [64, 2, 1],
        dynamic_shared_bytes: dynamic as usize,
    };
    launch(
        &rt,
        "m.fill",
        &config,
        &[&dynamic.to_ne_bytes(), &per_thread.to_ne_bytes()],
    )
    .unwrap();
    rt.synchronize().unwrap();
    assert_eq!(CLOBBERED.load(Ordering::Relaxed), 0);
}

/// Atomically counts the blocks that ran.
unsafe extern "C" fn count_blocks(params: *const *const u8, _env: *mut KernelEnv) {
    let counter: *const AtomicU32 = unsafe { param(params, 0) };
    unsafe { &*counter }.fetch_add(1, Ordering::Relaxed);
}

#[test]
fn each_block_runs_exactly_once_for_any_worker_count() {
    for workers in [1, 2, 3, 16] {
        let rt = runtime(workers);
        rt.register_kernel(kernel("m.count", count_blocks, 0, 0, 1))
            .unwrap();
        let counter = AtomicU32::new(0);
        let p = &counter as *const AtomicU32;
        let config = config([7, 5, 3], [1, 1, 1]);
        launch(&rt, "m.count", &config, &[&(p as u64).to_ne_bytes()]).unwrap();
        assert_eq!(counter.load(Ordering::Relaxed), 105, "{workers} workers");
    }
}

#[test]
fn bad_configurations_are_refused_and_set_the_last_error() {
    let rt = runtime(2);
    rt.register_kernel(kernel("m.count", count_blocks, 0, 0, 1))
        .unwrap();
    let counter = AtomicU32::new(0);
    let arg = (&counter as *const AtomicU32 as u64).to_ne_bytes();
    let bad = [
        config([1, 1, 1], [1025, 1, 1]),
        config([1, 1, 1], [32, 32, 2]),
        config([0, 1, 1], [32, 1, 1]),
        config([1, 65536, 1], [32, 1, 1]),
        config([1, 1, 1], [1, 1, 65]),
        config([1, 1, 1], [1, 0, 1]),
    ];
    for config in &bad {
        let e = launch(&rt, "m.count", config, &[&arg]).unwrap_err();
        assert_eq!(e.code, CudaError::InvalidConfiguration, "{config:?}");
        assert_eq!(rt.get_last_error(), CudaError::InvalidConfiguration);
        assert_eq!(rt.get_last_error(), CudaError::Success, "reading clears it");
    }
    assert_eq!(
        counter.load(Ordering::Relaxed),
        0,
        "no refused launch ran a block"
    );
    // A configuration error is not a kernel fault: synchronize still succeeds.
    rt.synchronize().unwrap();
    // The largest legal block runs.
    launch(&rt, "m.count", &LaunchConfig::linear(3, 1024), &[&arg]).unwrap();
    assert_eq!(counter.load(Ordering::Relaxed), 3);
}

#[test]
fn unknown_kernels_and_wrong_argument_counts_are_errors() {
    let rt = runtime(1);
    let e = launch(&rt, "m.nothing", &LaunchConfig::linear(1, 1), &[]).unwrap_err();
    assert_eq!(e.code, CudaError::InvalidDeviceFunction);
    assert_eq!(rt.get_last_error(), CudaError::InvalidDeviceFunction);
    rt.register_kernel(kernel("m.count", count_blocks, 0, 0, 1))
        .unwrap();
    let e = launch(&rt, "m.count", &LaunchConfig::linear(1, 1), &[]).unwrap_err();
    assert_eq!(e.code, CudaError::InvalidValue);
}

#[test]
fn a_failed_launch_is_reported_by_every_later_synchronize() {
    let rt = runtime(2);
    // Scratch of 2^62 bytes per thread cannot be allocated: the launch fails in the device.
    rt.register_kernel(kernel("m.huge", count_blocks, 0, 1 << 62, 1))
        .unwrap();
    let counter = AtomicU32::new(0);
    let arg = (&counter as *const AtomicU32 as u64).to_ne_bytes();
    let e = launch(&rt, "m.huge", &LaunchConfig::linear(4, 64), &[&arg]).unwrap_err();
    assert_eq!(e.code, CudaError::LaunchOutOfResources);
    assert_eq!(counter.load(Ordering::Relaxed), 0);
    for _ in 0..2 {
        assert_eq!(
            rt.synchronize().unwrap_err().code,
            CudaError::LaunchOutOfResources
        );
    }
}
