//! The `cuwasm_rt_*` entry points as JIT-compiled host code calls them: raw
//! pointers, `i32` codes, the kernel name as a C string and arguments as an
//! array of pointers to slots. One test, because the runtime is process-global.

use cuwasm_runtime::abi::*;
use cuwasm_runtime::{CpuDevice, CudaError, Kernel, KernelEnv, Runtime};
use std::collections::HashSet;
use std::ffi::CStr;

/// `out[i] = a * x[i] + out[i]` for `i < n`: saxpy over a 1D grid.
unsafe extern "C" fn saxpy(params: *const *const u8, env: *mut KernelEnv) {
    unsafe {
        let env = &*env;
        let n = *(*params as *const i32);
        let a = *(*params.add(1) as *const f32);
        let x = *(*params.add(2) as *const *const f32);
        let y = *(*params.add(3) as *const *mut f32);
        for t in 0..env.block_dim[0] {
            let i = (env.block_idx[0] * env.block_dim[0] + t) as i32;
            if i < n {
                *y.add(i as usize) += a * *x.add(i as usize);
            }
        }
    }
}

#[test]
fn host_code_drives_the_runtime_through_the_c_entry_points() {
    install(Runtime::new(Box::new(CpuDevice::with_workers(3))));
    runtime()
        .register_kernel(Kernel {
            name: "kernels.saxpy".into(),
            entry: Some(saxpy),
            static_shared_bytes: 0,
            per_thread_bytes: 0,
            num_params: 4,
            ..Default::default()
        })
        .unwrap();
    let n = 1000i32;
    let x: Vec<f32> = (0..n).map(|i| i as f32 * 0.5).collect();
    let y: Vec<f32> = (0..n).map(|i| 1000.0 - i as f32).collect();
    let bytes = n as i64 * 4;
    let (mut dx, mut dy) = (0u64, 0u64);
    unsafe {
        assert_eq!(cuwasm_rt_malloc(&mut dx, bytes), 0);
        assert_eq!(cuwasm_rt_malloc_managed(&mut dy, bytes, 1), 0);
        assert_eq!(cuwasm_rt_memcpy(dx, x.as_ptr() as u64, bytes, 1), 0);
        assert_eq!(cuwasm_rt_memcpy(dy, y.as_ptr() as u64, bytes, 1), 0);
    }
    let a = 2.0f32;
    let slots: [*const u8; 4] = [
        &n as *const i32 as *const u8,
        &a as *const f32 as *const u8,
        &dx as *const u64 as *const u8,
        &dy as *const u64 as *const u8,
    ];
    let name = c"kernels.saxpy";
    let blocks = (n + 255) / 256;
    unsafe {
        cuwasm_rt_launch(
            name.as_ptr(),
            blocks,
            1,
            1,
            256,
            1,
            1,
            0,
            0,
            slots.as_ptr(),
            4,
        )
    };
    assert_eq!(cuwasm_rt_get_last_error(), 0);
    assert_eq!(cuwasm_rt_device_synchronize(), 0);
    let mut out = vec![0f32; n as usize];
    unsafe { assert_eq!(cuwasm_rt_memcpy(out.as_mut_ptr() as u64, dy, bytes, 2), 0) };
    let expected: Vec<f32> = x.iter().zip(&y).map(|(x, y)| a * x + y).collect();
    assert_eq!(out, expected);

    // A bad configuration and an unknown stream or kernel land in the last error.
    unsafe { cuwasm_rt_launch(name.as_ptr(), 1, 1, 1, 2048, 1, 1, 0, 0, slots.as_ptr(), 4) };
    assert_eq!(
        cuwasm_rt_get_last_error(),
        CudaError::InvalidConfiguration.code()
    );
    unsafe { cuwasm_rt_launch(name.as_ptr(), -1, 1, 1, 32, 1, 1, 0, 0, slots.as_ptr(), 4) };
    assert_eq!(
        cuwasm_rt_get_last_error(),
        CudaError::InvalidConfiguration.code()
    );
    unsafe {
        cuwasm_rt_launch(
            name.as_ptr(),
            1,
            1,
            1,
            32,
            1,
            1,
            0,
            0x5000,
            slots.as_ptr(),
            4,
        )
    };
    assert_eq!(
        cuwasm_rt_get_last_error(),
        CudaError::InvalidResourceHandle.code()
    );
    unsafe {
        cuwasm_rt_launch(
            c"kernels.nope".as_ptr(),
            1,
            1,
            1,
            32,
            1,
            1,
            0,
            0,
            slots.as_ptr(),
            4,
        )
    };
    assert_eq!(
        cuwasm_rt_get_last_error(),
        CudaError::InvalidDeviceFunction.code()
    );
    assert_eq!(cuwasm_rt_get_last_error(), 0);
    assert_eq!(
        cuwasm_rt_device_synchronize(),
        0,
        "configuration errors are not kernel faults"
    );

    // Errors of the memory calls, as codes.
    let mut p = 1u64;
    unsafe {
        assert_eq!(cuwasm_rt_malloc(&mut p, 1 << 60), 2);
        assert_eq!(p, 0, "a failed malloc stores null");
        assert_eq!(cuwasm_rt_malloc(&mut p, -1), 1);
        assert_eq!(cuwasm_rt_malloc_managed(&mut p, 8, 7), 1);
        assert_eq!(cuwasm_rt_memcpy(dx, x.as_ptr() as u64, bytes, 9), 21);
        assert_eq!(cuwasm_rt_memcpy(x.as_ptr() as u64, dx, bytes + 4, 2), 1);
    }
    assert_eq!(cuwasm_rt_memset(dx, 0, bytes), 0);
    assert_eq!(cuwasm_rt_memset(0, 0, 4), 1);
    assert_eq!(cuwasm_rt_free(dx + 4), 17);
    assert_eq!(cuwasm_rt_free(dx), 0);
    assert_eq!(cuwasm_rt_free(dy), 0);
    assert_eq!(cuwasm_rt_get_last_error(), 17);

    // Symbol copies at an offset.
    let mut sym = [0i32; 4];
    let src = [5i32, 6];
    unsafe {
        assert_eq!(
            cuwasm_rt_memcpy_to_symbol(sym.as_mut_ptr() as u64, src.as_ptr() as u64, 8, 4, 1),
            0
        );
        let mut back = [0i32; 3];
        assert_eq!(
            cuwasm_rt_memcpy_from_symbol(back.as_mut_ptr() as u64, sym.as_ptr() as u64, 12, 0, 2),
            0
        );
        assert_eq!(back, [0, 5, 6]);
    }

    let text = unsafe { CStr::from_ptr(cuwasm_rt_get_error_string(700)) };
    assert_eq!(
        text.to_str().unwrap(),
        "an illegal memory access was encountered"
    );

    // printf returns the number of bytes it wrote.
    let word = c"abi";
    let args = [42u64, word.as_ptr() as u64, 0.5f64.to_bits()];
    let written =
        unsafe { cuwasm_rt_printf(1, c"printf from %d %s %.2f\n".as_ptr(), args.as_ptr(), 3) };
    assert_eq!(written, "printf from 42 abi 0.50\n".len() as i32);
    assert_eq!(
        unsafe { cuwasm_rt_printf(3, c"x".as_ptr(), args.as_ptr(), 0) },
        -1
    );

    // The JIT's symbol table: every entry point once, with an address.
    let symbols = symbols();
    let names: HashSet<&str> = symbols.iter().map(|s| s.0).collect();
    assert_eq!(names.len(), symbols.len());
    assert_eq!(names.len(), 28);
    assert!(
        symbols
            .iter()
            .all(|(n, p)| n.starts_with("cuwasm_rt_") && !p.is_null())
    );
}
