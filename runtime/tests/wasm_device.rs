//! The wasm backend (`WasmDevice`) with hand-written kernel modules that
//! follow docs/wasm-abi.md to the letter (tests/common: the kernels and
//! what they compute). Results are checked against values computed here.

mod common;

use common::{
    FORMAT, byval_struct, check_env_words, histogram, math_f32, math_f64, module_importing, random,
    reversed, test_module,
};
use cuwasm_runtime::{
    CudaError, Device, KernelParams, LaunchConfig, Runtime, RuntimeError, WasmDevice,
};

fn device(workers: usize) -> WasmDevice {
    WasmDevice::with_workers(&test_module(), workers).unwrap()
}

/// A runtime over a wasm device with its kernels registered, as the tools set one up.
fn runtime(workers: usize) -> Runtime {
    let device = device(workers);
    let kernels = device.kernels();
    let rt = Runtime::new(Box::new(device));
    for k in kernels {
        rt.register_kernel(k).unwrap();
    }
    rt
}

fn config(grid: [u32; 3], block: [u32; 3], dynamic_shared_bytes: usize) -> LaunchConfig {
    LaunchConfig {
        grid,
        block,
        dynamic_shared_bytes,
    }
}

/// Launch `name` with the given argument values (each a byte blob).
fn launch(
    rt: &Runtime,
    name: &str,
    config: &LaunchConfig,
    args: &[&[u8]],
) -> Result<(), RuntimeError> {
    let ptrs: Vec<*const u8> = args.iter().map(|a| a.as_ptr()).collect();
    let params = KernelParams {
        ptr: ptrs.as_ptr(),
        len: ptrs.len(),
    };
    // SAFETY: each argument blob has the size the module gives the argument.
    unsafe { rt.launch(name, config, params) }
}

fn upload<T: Copy>(rt: &Runtime, values: &[T]) -> u64 {
    let bytes = std::mem::size_of_val(values);
    let p = rt.malloc(bytes).unwrap();
    // SAFETY: plain data viewed as bytes.
    let raw = unsafe { std::slice::from_raw_parts(values.as_ptr().cast::<u8>(), bytes) };
    rt.copy_to_device(p, raw).unwrap();
    p
}

fn download<T: Copy + Default>(rt: &Runtime, p: u64, n: usize) -> Vec<T> {
    let mut out = vec![T::default(); n];
    let bytes = std::mem::size_of_val(out.as_slice());
    // SAFETY: plain data viewed as bytes.
    let raw = unsafe { std::slice::from_raw_parts_mut(out.as_mut_ptr().cast::<u8>(), bytes) };
    rt.copy_to_host(raw, p).unwrap();
    out
}

#[test]
fn the_module_describes_its_kernels_and_variables() {
    let d = device(1);
    let names: Vec<_> = d
        .kernels()
        .into_iter()
        .map(|k| (k.name, k.num_params))
        .collect();
    assert_eq!(
        names,
        [
            ("k.byval", 2),
            ("k.div", 2),
            ("k.env", 1),
            ("k.hist", 3),
            ("k.math", 5),
            ("k.oob", 2),
            ("k.printf", 1),
            ("k.read_table", 1),
            ("k.reverse", 2),
            ("k.saxpy", 4),
        ]
        .map(|(n, p)| (n.to_string(), p))
    );
    let reverse = d
        .kernels()
        .into_iter()
        .find(|k| k.name == "k.reverse")
        .unwrap();
    assert_eq!(
        (reverse.static_shared_bytes, reverse.per_thread_bytes),
        (1024, 4)
    );
    assert!(reverse.entry.is_none());
    use cuwasm_runtime::wasm::program::ParamSize::Value;
    assert_eq!(
        d.param_sizes("k.saxpy"),
        Some(&[Value(4), Value(4), Value(8), Value(8)][..])
    );
    // cuwasm_init ran: the variable holds its initializer, at memory_base + offset.
    let (at, bytes) = d.variable("k.table").unwrap();
    assert_eq!(bytes, 16);
    assert!(at > d.memory_base() + 1024);
    // SAFETY: device pointers are host addresses of the linear memory.
    let table = unsafe { std::slice::from_raw_parts(at as *const u32, 4) };
    assert_eq!(table, [11, 22, 33, 44]);
}

#[test]
fn saxpy_over_many_blocks_matches_the_host() {
    let rt = runtime(4);
    let n = 10_000usize;
    let mut seed = 1;
    let x: Vec<f32> = (0..n).map(|_| random(&mut seed) as f32 / 1e6).collect();
    let y: Vec<f32> = (0..n).map(|_| random(&mut seed) as f32 / 3e5).collect();
    let alpha = 1.75f32;
    let (dx, dy) = (upload(&rt, &x), upload(&rt, &y));
    let threads = 128u32;
    let blocks = (n as u32).div_ceil(threads);
    let cfg = config([blocks, 1, 1], [threads, 1, 1], 0);
    launch(
        &rt,
        "k.saxpy",
        &cfg,
        &[
            &(n as i32).to_le_bytes(),
            &alpha.to_le_bytes(),
            &dx.to_le_bytes(),
            &dy.to_le_bytes(),
        ],
    )
    .unwrap();
    rt.synchronize().unwrap();
    let expected: Vec<f32> = x.iter().zip(&y).map(|(x, y)| alpha * x + y).collect();
    assert_eq!(download::<f32>(&rt, dy, n), expected);
    // Device pointers are host addresses: host code reads them directly.
    // SAFETY: `dy` is a live allocation of n floats.
    let direct = unsafe { std::slice::from_raw_parts(dy as *const f32, n) };
    assert_eq!(direct, expected.as_slice());
    rt.free(dx).unwrap();
    rt.free(dy).unwrap();
}

#[test]
fn every_block_sees_its_kernel_env_and_aligned_private_buffers() {
    let rt = runtime(3);
    let cfg = config([3, 2, 2], [4, 2, 1], 100);
    let blocks = cfg.num_blocks() as usize;
    let out = rt.malloc(blocks * 64).unwrap();
    launch(&rt, "k.env", &cfg, &[&out.to_le_bytes()]).unwrap();
    check_env_words(
        &download::<u32>(&rt, out, blocks * 16),
        [3, 2, 2],
        [4, 2, 1],
        100,
    );
}

#[test]
fn shared_dynamic_and_scratch_buffers_are_per_block() {
    let rt = runtime(4);
    let (threads, blocks) = (64u32, 300u32);
    let n = (threads * blocks) as usize;
    let mut seed = 7;
    let input: Vec<i32> = (0..n).map(|_| (random(&mut seed) % 1000) as i32).collect();
    let din = upload(&rt, &input);
    let dout = rt.malloc(n * 4).unwrap();
    let cfg = config([blocks, 1, 1], [threads, 1, 1], 4 * threads as usize);
    launch(
        &rt,
        "k.reverse",
        &cfg,
        &[&din.to_le_bytes(), &dout.to_le_bytes()],
    )
    .unwrap();
    let expected = reversed(&input, threads as usize);
    assert_eq!(download::<i32>(&rt, dout, n), expected);
}

#[test]
fn atomics_on_the_shared_memory_add_up_across_workers() {
    let rt = runtime(4);
    let n = 200_000usize;
    let mut seed = 3;
    let input: Vec<u32> = (0..n).map(|_| random(&mut seed) % 5000).collect();
    let din = upload(&rt, &input);
    let bins = upload(&rt, &[0u32; 18]);
    let threads = 256u32;
    let cfg = config([(n as u32).div_ceil(threads), 1, 1], [threads, 1, 1], 0);
    for _ in 0..3 {
        let args: [&[u8]; 3] = [
            &(n as i32).to_le_bytes(),
            &din.to_le_bytes(),
            &bins.to_le_bytes(),
        ];
        launch(&rt, "k.hist", &cfg, &args).unwrap();
    }
    let (bins_expected, total) = histogram(&input, 3);
    let got: Vec<u32> = download(&rt, bins, 18);
    assert_eq!(&got[..16], &bins_expected);
    assert_eq!(got[16] as u64 | (got[17] as u64) << 32, total);
}

#[test]
fn an_out_of_bounds_access_traps_and_names_the_kernel_and_block() {
    let rt = runtime(4);
    let (threads, blocks) = (64u32, 40u32);
    let out = rt.malloc((threads * blocks) as usize * 4).unwrap();
    let cfg = config([blocks, 1, 1], [threads, 1, 1], 0);
    let e = launch(
        &rt,
        "k.oob",
        &cfg,
        &[&out.to_le_bytes(), &3i32.to_le_bytes()],
    )
    .unwrap_err();
    assert_eq!(e.code, CudaError::IllegalAddress);
    assert_eq!(
        e.message,
        "out-of-bounds memory access in kernel 'k.oob', block (3,0,0)"
    );
    // The fault is the launch's last error, and every later synchronize returns it.
    assert_eq!(rt.get_last_error(), CudaError::IllegalAddress);
    assert_eq!(rt.synchronize().unwrap_err(), e);
    assert_eq!(rt.synchronize().unwrap_err(), e);
    // Block 3 wrote its threads' values before it trapped.
    let got: Vec<u32> = download(&rt, out, (threads * blocks) as usize);
    assert!((3 * 64..4 * 64).all(|g| got[g] == g as u32));
}

#[test]
fn an_integer_division_by_zero_is_a_launch_failure() {
    let rt = runtime(1);
    let out = rt.malloc(4).unwrap();
    let cfg = config([1, 1, 1], [1, 1, 1], 0);
    launch(
        &rt,
        "k.div",
        &cfg,
        &[&4i32.to_le_bytes(), &out.to_le_bytes()],
    )
    .unwrap();
    assert_eq!(download::<i32>(&rt, out, 1), [25]);
    let e = launch(
        &rt,
        "k.div",
        &cfg,
        &[&0i32.to_le_bytes(), &out.to_le_bytes()],
    )
    .unwrap_err();
    assert_eq!(e.code, CudaError::LaunchFailure);
    assert_eq!(
        e.message,
        "integer division by zero in kernel 'k.div', block (0,0,0)"
    );
}

#[test]
fn math_imports_give_the_c_librarys_bits() {
    let rt = runtime(2);
    let n = 500usize;
    let x: Vec<f32> = (0..n).map(|i| 0.01 + i as f32 * 0.0061).collect();
    let xd: Vec<f64> = (0..n).map(|i| 0.02 + i as f64 * 0.00713).collect();
    let (dx, dxd) = (upload(&rt, &x), upload(&rt, &xd));
    let (out, outd) = (rt.malloc(n * 40).unwrap(), rt.malloc(n * 48).unwrap());
    let cfg = config([(n as u32).div_ceil(64), 1, 1], [64, 1, 1], 0);
    let args: [&[u8]; 5] = [
        &(n as i32).to_le_bytes(),
        &dx.to_le_bytes(),
        &out.to_le_bytes(),
        &dxd.to_le_bytes(),
        &outd.to_le_bytes(),
    ];
    launch(&rt, "k.math", &cfg, &args).unwrap();
    let expected: Vec<u32> = x
        .iter()
        .flat_map(|&v| math_f32(v))
        .map(f32::to_bits)
        .collect();
    let got: Vec<u32> = download(&rt, out, n * 10);
    assert_eq!(got, expected);
    let expected: Vec<u64> = xd
        .iter()
        .flat_map(|&v| math_f64(v))
        .map(f64::to_bits)
        .collect();
    let got: Vec<u64> = download(&rt, outd, n * 6);
    assert_eq!(got, expected);
}

#[test]
fn printf_formats_from_linear_memory() {
    let rt = runtime(1);
    let out = rt.malloc(4).unwrap();
    launch(
        &rt,
        "k.printf",
        &config([1, 1, 1], [1, 1, 1], 0),
        &[&out.to_le_bytes()],
    )
    .unwrap();
    // printf's result: the bytes it wrote.
    let printed = FORMAT.replace("%d", "42").replace("%s", "wasm");
    assert_eq!(download::<i32>(&rt, out, 1), [printed.len() as i32]);
}

#[test]
fn symbol_copies_reach_the_modules_variable() {
    let rt = runtime(2);
    // Host code's own copy of the variable (what the JIT's data object would be).
    let host_copy = [0u32; 4];
    let host = host_copy.as_ptr() as u64;
    rt.register_symbol("k.table", host, 16);
    let out = rt.malloc(16).unwrap();
    let cfg = config([1, 1, 1], [1, 1, 1], 0);
    launch(&rt, "k.read_table", &cfg, &[&out.to_le_bytes()]).unwrap();
    assert_eq!(download::<u32>(&rt, out, 4), [11, 22, 33, 44]);
    let new = [7u32, 8];
    // SAFETY: `new` is 8 readable bytes; the symbol is mapped.
    unsafe { rt.memcpy_to_symbol(host, new.as_ptr() as u64, 8, 4, 1) }.unwrap();
    launch(&rt, "k.read_table", &cfg, &[&out.to_le_bytes()]).unwrap();
    assert_eq!(download::<u32>(&rt, out, 4), [11, 7, 8, 44]);
    assert_eq!(host_copy, [0; 4], "host code's copy is not the device's");
    let mut back = [0u32; 3];
    // SAFETY: `back` is 12 writable bytes.
    unsafe { rt.memcpy_from_symbol(back.as_mut_ptr() as u64, host, 12, 4, 2) }.unwrap();
    assert_eq!(back, [7, 8, 44]);
    // Device to symbol.
    let src = upload(&rt, &[99u32]);
    unsafe { rt.memcpy_to_symbol(host, src, 4, 12, 3) }.unwrap();
    launch(&rt, "k.read_table", &cfg, &[&out.to_le_bytes()]).unwrap();
    assert_eq!(download::<u32>(&rt, out, 4), [11, 7, 8, 99]);
    // Past the variable's end, and an address that is no variable.
    let e = unsafe { rt.memcpy_to_symbol(host, new.as_ptr() as u64, 8, 12, 1) }.unwrap_err();
    assert_eq!(e.code, CudaError::InvalidValue);
    let other = [0u8; 4];
    let e = unsafe { rt.memcpy_to_symbol(other.as_ptr() as u64, new.as_ptr() as u64, 4, 0, 1) }
        .unwrap_err();
    assert_eq!(e.code, CudaError::InvalidSymbol);
    let d = device(1);
    assert_eq!(
        d.map_symbol(host, "k.nothing").unwrap_err().code,
        CudaError::InvalidSymbol
    );
}

#[test]
fn device_memory_is_checked_and_grows_in_place() {
    let d = device(1);
    let base = d.memory_base();
    let a = d.alloc(1000).unwrap();
    assert!(a >= base + 1024 && a % 256 == 0);
    d.copy_to_device(a, &[5; 1000]).unwrap();
    assert!(d.contains(a + 999, 1) && !d.contains(a + 999, 2));
    assert_eq!(
        d.copy_to_device(a + 1, &[0; 1000]).unwrap_err().code,
        CudaError::InvalidValue
    );
    // 40 MiB: the memory grows (by pages), without moving; old data stays.
    let big = d.alloc(40 << 20).unwrap();
    assert_eq!(d.memory_base(), base);
    d.memset(big, 0xab, 40 << 20).unwrap();
    let mut tail = [0u8; 4];
    d.copy_to_host(&mut tail, big + (40 << 20) - 4).unwrap();
    assert_eq!(tail, [0xab; 4]);
    let mut head = [0u8; 1000];
    d.copy_to_host(&mut head, a).unwrap();
    assert_eq!(head, [5; 1000]);
    d.copy_device_to_device(big, a, 1000).unwrap();
    d.copy_to_host(&mut head, big).unwrap();
    assert_eq!(head, [5; 1000]);
    assert_eq!(
        d.free(a + 16).unwrap_err().code,
        CudaError::InvalidDevicePointer
    );
    d.free(a).unwrap();
    assert_eq!(d.free(a).unwrap_err().code, CudaError::InvalidDevicePointer);
    // A new allocation reuses the freed range, zeroed.
    let c = d.alloc(500).unwrap();
    assert_eq!(c, a);
    d.copy_to_host(&mut head[..500], c).unwrap();
    assert!(head[..500].iter().all(|&b| b == 0));
    assert_eq!(
        d.alloc(5 << 30).unwrap_err().code,
        CudaError::MemoryAllocation
    );
}

#[test]
fn launches_are_checked_against_the_module() {
    let rt = runtime(1);
    let e = launch(
        &rt,
        "k.saxpy",
        &config([1, 1, 1], [1, 1, 1], 0),
        &[&[0u8; 4]],
    )
    .unwrap_err();
    assert_eq!(e.code, CudaError::InvalidValue);
    // A kernel the module does not have cannot be registered.
    let d = device(1);
    let mut k = d.kernels().remove(0);
    k.name = "k.nothing".into();
    assert_eq!(
        d.load_kernel(&k).unwrap_err().code,
        CudaError::InvalidDeviceFunction
    );
}

#[test]
fn imports_the_device_lacks_are_named_at_load_time() {
    WasmDevice::with_workers(&module_importing(""), 1).unwrap();
    let e = WasmDevice::with_workers(
        &module_importing(r#"(import "env" "nosuchf" (func (param f32) (result f32)))"#),
        1,
    )
    .unwrap_err();
    assert_eq!(e.code, CudaError::InitializationError);
    assert!(e.message.contains("env.nosuchf"), "{}", e.message);
    let e = WasmDevice::with_workers(
        &module_importing(r#"(import "env" "cosf" (func (param f64) (result f64)))"#),
        1,
    )
    .unwrap_err();
    assert!(e.message.contains("env.cosf has type"), "{}", e.message);
    let e = WasmDevice::with_workers(
        &module_importing(r#"(import "wasi" "fd_write" (func (param i32) (result i32)))"#),
        1,
    )
    .unwrap_err();
    assert!(e.message.contains("wasi.fd_write"), "{}", e.message);
    let e = WasmDevice::with_workers(b"\0asm\x01\0\0\0\x01", 1).unwrap_err();
    assert_eq!(e.code, CudaError::InitializationError);
}

#[test]
fn structs_passed_by_value_are_copied_into_the_memory() {
    let rt = runtime(1);
    let d = device(1);
    use cuwasm_runtime::wasm::program::ParamSize::{ByValue, Value};
    assert_eq!(d.param_sizes("k.byval"), Some(&[ByValue(16), Value(8)][..]));
    // As host code passes a by-value struct: the argument's value is a
    // pointer to the caller's struct (outside the linear memory).
    let s = byval_struct(-21, 1.25, 1 << 40);
    let host = (s.as_ptr() as u64).to_le_bytes();
    let out = rt.malloc(16).unwrap();
    launch(
        &rt,
        "k.byval",
        &config([1, 1, 1], [1, 1, 1], 0),
        &[&host, &out.to_le_bytes()],
    )
    .unwrap();
    let got: Vec<u8> = download(&rt, out, 16);
    assert_eq!(got, byval_struct(-42, 1.75, (1 << 40) + 1));
}
