//! `cuwasm_rt_check_access` as bounds-checked kernels call it: which ranges
//! are valid inside a launch (device allocations, the block's buffers,
//! registered variables), and what a violation reports.

use cuwasm_runtime::abi::cuwasm_rt_check_access;
use cuwasm_runtime::{
    CpuDevice, CudaError, Kernel, KernelEnv, KernelParams, LaunchConfig, Runtime,
};
use std::sync::atomic::{AtomicU64, Ordering};

/// One probe: an offset from a base chosen by `target`, bytes and kind.
#[derive(Clone, Copy)]
#[repr(C)]
struct Probe {
    /// 0: the device buffer (param 1), 1: static shared, 2: dynamic shared,
    /// 3: scratch, 4: the registered variable (param 2).
    target: u64,
    offset: i64,
    bytes: i64,
    kind: i32,
}

/// Block 2, thread (5,1,0) runs every probe of param 0 (`*const Probe`, count
/// in param 3) and sets bit i of `results` (param 4) when probe i passes.
unsafe extern "C" fn probe(params: *const *const u8, env: *mut KernelEnv) {
    unsafe {
        let env = &*env;
        if env.block_idx != [2, 0, 0] {
            return;
        }
        let p = |i: usize| *(*params.add(i) as *const u64);
        let (probes, device, variable, count) = (p(0) as *const Probe, p(1), p(2), p(3));
        let results = &*(p(4) as *const AtomicU64);
        for i in 0..count as usize {
            let pr = *probes.add(i);
            let base = match pr.target {
                0 => device,
                1 => env.shared as u64,
                2 => env.dynamic_shared as u64,
                3 => env.scratch as u64,
                _ => variable,
            };
            let address = base.wrapping_add(pr.offset as u64);
            if cuwasm_rt_check_access(address, pr.bytes, pr.kind, 5, 1, 0) {
                results.fetch_or(1 << i, Ordering::Relaxed);
            }
        }
    }
}

/// Launch `probe` over 4 blocks of 8×2 threads (shared 64 bytes, dynamic 32,
/// scratch 4 per thread) on a 4096-byte allocation and a 12-byte variable;
/// returns the passing probes as bits and the launch's result.
fn run(probes: &[Probe]) -> (u64, Result<(), cuwasm_runtime::RuntimeError>, Runtime) {
    let rt = Runtime::new(Box::new(CpuDevice::with_workers(2)));
    rt.register_kernel(Kernel {
        name: "kernels.probe".into(),
        entry: Some(probe),
        static_shared_bytes: 64,
        per_thread_bytes: 4,
        num_params: 5,
        ..Default::default()
    })
    .unwrap();
    let device = rt.malloc(4096).unwrap();
    let variable = [0u32; 3];
    rt.register_symbol("kernels.g", variable.as_ptr() as u64, 12);
    let results = AtomicU64::new(0);
    let args: [u64; 5] = [
        probes.as_ptr() as u64,
        device,
        variable.as_ptr() as u64,
        probes.len() as u64,
        &results as *const AtomicU64 as u64,
    ];
    let ptrs: Vec<*const u8> = args.iter().map(|a| a as *const u64 as *const u8).collect();
    let config = LaunchConfig {
        grid: [4, 1, 1],
        block: [8, 2, 1],
        dynamic_shared_bytes: 32,
    };
    let params = KernelParams {
        ptr: ptrs.as_ptr(),
        len: 5,
    };
    let r = unsafe { rt.launch("kernels.probe", &config, params) };
    (results.load(Ordering::Relaxed), r, rt)
}

fn probe_of(target: u64, offset: i64, bytes: i64, kind: i32) -> Probe {
    Probe {
        target,
        offset,
        bytes,
        kind,
    }
}

#[test]
fn accesses_inside_every_valid_range_pass() {
    let probes = [
        probe_of(0, 0, 4, 0),
        probe_of(0, 4092, 4, 1),
        probe_of(0, 2048, 8, 2),
        probe_of(1, 60, 4, 0),
        probe_of(2, 0, 32, 1),
        probe_of(3, 16 * 4 - 8, 8, 0),
        probe_of(4, 8, 4, 1),
    ];
    let (passed, r, rt) = run(&probes);
    assert_eq!(passed, (1 << probes.len()) - 1);
    r.unwrap();
    rt.synchronize().unwrap();
}

#[test]
fn each_kind_of_range_ends_where_it_should() {
    // Each probe alone, so that each launch reports it.
    let bad = [
        (
            probe_of(0, 4096, 4, 1),
            "out-of-bounds write of 4 bytes",
            "0 bytes past the end of a 4096-byte allocation",
        ),
        (
            probe_of(0, 4094, 4, 0),
            "out-of-bounds read of 4 bytes",
            "running 2 bytes past the end of a 4096-byte allocation",
        ),
        (
            probe_of(0, -4, 4, 2),
            "out-of-bounds atomic access of 4 bytes",
            "4 bytes before the start of a 4096-byte allocation",
        ),
        (
            probe_of(1, 64, 4, 0),
            "read of 4 bytes",
            "0 bytes past the end of the block's 64-byte static __shared__ memory",
        ),
        (
            probe_of(2, 36, 4, 1),
            "write of 4 bytes",
            "4 bytes past the end of the block's 32-byte dynamic __shared__ memory",
        ),
        (
            probe_of(4, 12, 4, 0),
            "read of 4 bytes",
            "0 bytes past the end of the 12-byte variable 'kernels.g'",
        ),
    ];
    for (p, what, where_) in bad {
        let (passed, r, rt) = run(&[p]);
        assert_eq!(passed, 0, "{where_}");
        let e = r.unwrap_err();
        assert_eq!(e.code, CudaError::IllegalAddress);
        assert!(e.message.contains(what), "{}", e.message);
        assert!(e.message.contains(where_), "{}", e.message);
        assert!(
            e.message
                .ends_with("in kernel 'probe', block (2,0,0), thread (5,1,0)"),
            "{}",
            e.message
        );
        // The fault stays for every later synchronize, and is the last error.
        assert_eq!(rt.get_last_error(), CudaError::IllegalAddress);
        assert_eq!(
            rt.synchronize().unwrap_err().code,
            CudaError::IllegalAddress
        );
    }
}

#[test]
fn only_the_first_violation_of_a_launch_is_reported() {
    // Just past the end: no other heap block can be nearer than the allocation.
    let (passed, r, _rt) = run(&[
        probe_of(0, 4100, 4, 1),
        probe_of(0, 0, 4, 0),
        probe_of(0, 4104, 8, 0),
    ]);
    assert_eq!(passed, 0b010);
    let message = r.unwrap_err().message;
    assert!(message.contains("write of 4 bytes"), "{message}");
    assert!(
        message.contains("4 bytes past the end of a 4096-byte allocation"),
        "{message}"
    );
}

#[test]
fn outside_a_launch_nothing_is_checked() {
    assert!(cuwasm_rt_check_access(16, 4, 1, 0, 0, 0));
}
