//! The cuda backend (`CudaDevice`) with hand-written PTX kernels, run
//! through a `Runtime` on fresh random inputs and checked against results
//! computed here in plain Rust; and the failure paths, whose errors must
//! carry the CUDA driver's error name and message.
//!
//! Without a CUDA device each test checks that discovery says so with the
//! typed error (`cudaErrorNoDevice`) and stops there; `CUWASM_REQUIRE_CUDA=1`
//! turns a missing device into a failure (the GPU machine sets it).

mod common;

use common::random;
use cuwasm_runtime::cuda::{self, CudaDevice};
use cuwasm_runtime::{CudaError, Device, KernelParams, LaunchConfig, MemcpyKind, Runtime};
use std::path::Path;

/// The kernels: saxpy; a block sum in dynamic shared memory; an atomic
/// counter; a kernel reading the module globals `scale` and `bias`.
const PTX: &str = r#"
.version 7.0
.target sm_70
.address_size 64

.extern .shared .align 4 .b8 partial[];
.visible .global .align 4 .f32 scale;
.visible .global .align 4 .f32 bias[4];

.visible .entry saxpy(.param .u32 n, .param .f32 a, .param .u64 x, .param .u64 y)
{
    .reg .pred %p<2>;
    .reg .b32 %r<6>;
    .reg .f32 %f<5>;
    .reg .b64 %rd<8>;
    ld.param.u32 %r1, [n];
    ld.param.f32 %f1, [a];
    ld.param.u64 %rd1, [x];
    ld.param.u64 %rd2, [y];
    mov.u32 %r2, %ctaid.x;
    mov.u32 %r3, %ntid.x;
    mov.u32 %r4, %tid.x;
    mad.lo.s32 %r5, %r2, %r3, %r4;
    setp.ge.u32 %p1, %r5, %r1;
    @%p1 bra DONE;
    cvta.to.global.u64 %rd3, %rd1;
    cvta.to.global.u64 %rd4, %rd2;
    mul.wide.u32 %rd5, %r5, 4;
    add.s64 %rd6, %rd3, %rd5;
    add.s64 %rd7, %rd4, %rd5;
    ld.global.f32 %f2, [%rd6];
    ld.global.f32 %f3, [%rd7];
    fma.rn.f32 %f4, %f1, %f2, %f3;
    st.global.f32 [%rd7], %f4;
DONE:
    ret;
}

.visible .entry block_sum(.param .u64 input, .param .u64 output, .param .u32 n)
{
    .reg .pred %p<4>;
    .reg .b32 %r<16>;
    .reg .b64 %rd<9>;
    ld.param.u64 %rd1, [input];
    ld.param.u64 %rd2, [output];
    ld.param.u32 %r1, [n];
    mov.u32 %r2, %tid.x;
    mov.u32 %r3, %ctaid.x;
    mov.u32 %r4, %ntid.x;
    mad.lo.s32 %r5, %r3, %r4, %r2;
    mov.u32 %r6, 0;
    setp.ge.u32 %p1, %r5, %r1;
    @%p1 bra STORE;
    cvta.to.global.u64 %rd3, %rd1;
    mul.wide.u32 %rd4, %r5, 4;
    add.s64 %rd5, %rd3, %rd4;
    ld.global.u32 %r6, [%rd5];
STORE:
    mov.u32 %r7, partial;
    shl.b32 %r8, %r2, 2;
    add.s32 %r9, %r7, %r8;
    st.shared.u32 [%r9], %r6;
    bar.sync 0;
    shr.u32 %r10, %r4, 1;
LOOP:
    setp.eq.u32 %p2, %r10, 0;
    @%p2 bra WRITE;
    setp.ge.u32 %p3, %r2, %r10;
    @%p3 bra SKIP;
    shl.b32 %r11, %r10, 2;
    add.s32 %r12, %r9, %r11;
    ld.shared.u32 %r13, [%r12];
    ld.shared.u32 %r14, [%r9];
    add.s32 %r14, %r14, %r13;
    st.shared.u32 [%r9], %r14;
SKIP:
    bar.sync 0;
    shr.u32 %r10, %r10, 1;
    bra.uni LOOP;
WRITE:
    setp.ne.u32 %p1, %r2, 0;
    @%p1 bra DONE;
    ld.shared.u32 %r15, [%r7];
    cvta.to.global.u64 %rd6, %rd2;
    mul.wide.u32 %rd7, %r3, 4;
    add.s64 %rd8, %rd6, %rd7;
    st.global.u32 [%rd8], %r15;
DONE:
    ret;
}

.visible .entry count_above(.param .u64 input, .param .u32 n, .param .u32 threshold, .param .u64 counter)
{
    .reg .pred %p<3>;
    .reg .b32 %r<9>;
    .reg .b64 %rd<6>;
    ld.param.u64 %rd1, [input];
    ld.param.u32 %r1, [n];
    ld.param.u32 %r2, [threshold];
    ld.param.u64 %rd2, [counter];
    mov.u32 %r3, %ctaid.x;
    mov.u32 %r4, %ntid.x;
    mov.u32 %r5, %tid.x;
    mad.lo.s32 %r6, %r3, %r4, %r5;
    setp.ge.u32 %p1, %r6, %r1;
    @%p1 bra DONE;
    cvta.to.global.u64 %rd3, %rd1;
    mul.wide.u32 %rd4, %r6, 4;
    add.s64 %rd5, %rd3, %rd4;
    ld.global.u32 %r7, [%rd5];
    setp.le.u32 %p2, %r7, %r2;
    @%p2 bra DONE;
    cvta.to.global.u64 %rd3, %rd2;
    atom.global.add.u32 %r8, [%rd3], 1;
DONE:
    ret;
}

.visible .entry scale_bias(.param .u64 data, .param .u32 n)
{
    .reg .pred %p<2>;
    .reg .b32 %r<8>;
    .reg .f32 %f<5>;
    .reg .b64 %rd<8>;
    ld.param.u64 %rd1, [data];
    ld.param.u32 %r1, [n];
    mov.u32 %r2, %ctaid.x;
    mov.u32 %r3, %ntid.x;
    mov.u32 %r4, %tid.x;
    mad.lo.s32 %r5, %r2, %r3, %r4;
    setp.ge.u32 %p1, %r5, %r1;
    @%p1 bra DONE;
    cvta.to.global.u64 %rd2, %rd1;
    mul.wide.u32 %rd3, %r5, 4;
    add.s64 %rd4, %rd2, %rd3;
    ld.global.f32 %f1, [%rd4];
    ld.global.f32 %f2, [scale];
    and.b32 %r6, %r5, 3;
    mul.wide.u32 %rd5, %r6, 4;
    mov.u64 %rd6, bias;
    add.s64 %rd7, %rd6, %rd5;
    ld.global.f32 %f3, [%rd7];
    fma.rn.f32 %f4, %f1, %f2, %f3;
    st.global.f32 [%rd4], %f4;
DONE:
    ret;
}
"#;

/// The module's name: kernels are `test.saxpy` and so on.
const MODULE: &str = "test";

/// The first CUDA device with the test module, or `None` when there is no
/// CUDA device — after checking that discovery reports exactly that with
/// the typed error. Under `CUWASM_REQUIRE_CUDA=1` a missing device fails.
fn device() -> Option<CudaDevice> {
    match cuda::devices() {
        Ok(devices) => {
            assert!(!devices.is_empty(), "discovery succeeded with no devices");
            Some(CudaDevice::new(0, PTX).unwrap_or_else(|e| panic!("{e}")))
        }
        Err(e) => {
            assert_eq!(e.code, CudaError::NoDevice, "{e}");
            assert!(e.message.starts_with("no CUDA device: "), "{e}");
            assert!(
                std::env::var("CUWASM_REQUIRE_CUDA").as_deref() != Ok("1"),
                "CUWASM_REQUIRE_CUDA=1 but there is no CUDA device: {e}"
            );
            eprintln!("no CUDA device, so only the absence path was checked: {e}");
            None
        }
    }
}

/// A runtime over the device with the module's kernels registered, as the
/// tools set one up.
fn runtime() -> Option<Runtime> {
    let device = device()?;
    let kernels = device.kernels(MODULE).unwrap();
    let rt = Runtime::new(Box::new(device));
    for k in kernels {
        rt.register_kernel(k).unwrap();
    }
    Some(rt)
}

/// A seed that differs from run to run, printed so a failure can be replayed.
fn fresh_seed() -> u64 {
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    eprintln!("seed {seed}");
    seed
}

fn random_f32s(seed: &mut u64, n: usize) -> Vec<f32> {
    (0..n)
        .map(|_| random(seed) as f32 / u32::MAX as f32 * 200.0 - 100.0)
        .collect()
}

fn bytes<T: Copy>(values: &[T]) -> &[u8] {
    // SAFETY: plain data viewed as bytes.
    unsafe { std::slice::from_raw_parts(values.as_ptr().cast(), std::mem::size_of_val(values)) }
}

fn upload<T: Copy>(rt: &Runtime, values: &[T]) -> u64 {
    let p = rt.malloc(std::mem::size_of_val(values)).unwrap();
    rt.copy_to_device(p, bytes(values)).unwrap();
    p
}

fn download<T: Copy + Default>(rt: &Runtime, p: u64, n: usize) -> Vec<T> {
    let mut out = vec![T::default(); n];
    let len = std::mem::size_of_val(out.as_slice());
    // SAFETY: plain data viewed as bytes.
    let raw = unsafe { std::slice::from_raw_parts_mut(out.as_mut_ptr().cast::<u8>(), len) };
    rt.copy_to_host(raw, p).unwrap();
    out
}

/// A kernel argument's value as bytes.
fn arg<T: Copy>(value: T) -> Vec<u8> {
    bytes(&[value]).to_vec()
}

/// Kernel argument values (byte blobs) and the `kernelParams` array of
/// pointers to them, kept together so the pointers stay valid.
struct Args {
    _values: Vec<Vec<u8>>,
    ptrs: Vec<*const u8>,
}

impl Args {
    fn new(values: Vec<Vec<u8>>) -> Args {
        let ptrs = values.iter().map(|v| v.as_ptr()).collect();
        Args {
            _values: values,
            ptrs,
        }
    }

    /// Valid while `self` lives.
    fn params(&self) -> KernelParams {
        KernelParams {
            ptr: self.ptrs.as_ptr(),
            len: self.ptrs.len(),
        }
    }
}

fn launch(rt: &Runtime, name: &str, config: &LaunchConfig, args: Vec<Vec<u8>>) {
    let args = Args::new(args);
    // SAFETY: each blob has the size of the PTX parameter it stands for.
    unsafe { rt.launch(name, config, args.params()) }.unwrap_or_else(|e| panic!("{e}"));
    rt.synchronize().unwrap();
}

#[test]
fn discovery_reports_the_devices_or_their_absence() {
    let Some(d) = device() else { return };
    let all = cuda::devices().unwrap();
    let info = d.info();
    assert_eq!(info, &all[0]);
    assert!(!info.name.is_empty());
    assert!(info.compute_capability.0 >= 7, "{info:?}");
    assert!(info.total_memory > 1 << 30, "{info:?}");
    assert_eq!(info.max_threads_per_block, 1024);
    assert!(info.multiprocessors > 0);
    assert!(d.name().starts_with("cuda:0 ("), "{}", d.name());
    eprintln!("{info:?}");
}

#[test]
fn a_driver_library_that_is_not_there_means_no_device() {
    let e = cuda::devices_in(Path::new("/nonexistent/libcuda.so.1")).unwrap_err();
    assert_eq!(e.code, CudaError::NoDevice);
    assert!(e.message.starts_with("no CUDA device: "), "{e}");
    assert!(e.message.contains("/nonexistent/libcuda.so.1"), "{e}");
}

#[test]
fn the_module_lists_its_kernels_with_their_parameters() {
    let Some(d) = device() else { return };
    let kernels: Vec<_> = d
        .kernels(MODULE)
        .unwrap()
        .into_iter()
        .map(|k| (k.name, k.num_params))
        .collect();
    assert_eq!(
        kernels,
        [
            ("test.block_sum".to_string(), 3),
            ("test.count_above".to_string(), 4),
            ("test.saxpy".to_string(), 4),
            ("test.scale_bias".to_string(), 2),
        ]
    );
    let (_, bytes) = d.variable("test.bias").unwrap();
    assert_eq!(bytes, 16);
    assert_eq!(
        d.variable("test.nothing").unwrap_err().code,
        CudaError::InvalidSymbol
    );
}

#[test]
fn saxpy_matches_the_host() {
    let Some(rt) = runtime() else { return };
    let mut seed = fresh_seed();
    let n = 100_000 + (random(&mut seed) % 1000) as usize;
    let a = random_f32s(&mut seed, 1)[0];
    let x = random_f32s(&mut seed, n);
    let y = random_f32s(&mut seed, n);
    let (dx, dy) = (upload(&rt, &x), upload(&rt, &y));
    let blocks = n.div_ceil(256) as u32;
    launch(
        &rt,
        "test.saxpy",
        &LaunchConfig::linear(blocks, 256),
        vec![arg(n as u32), arg(a), arg(dx), arg(dy)],
    );
    let got: Vec<f32> = download(&rt, dy, n);
    for i in 0..n {
        assert_eq!(got[i], a.mul_add(x[i], y[i]), "element {i}");
    }
    rt.free(dx).unwrap();
    rt.free(dy).unwrap();
}

#[test]
fn a_block_sum_in_dynamic_shared_memory_matches_the_host() {
    let Some(rt) = runtime() else { return };
    let mut seed = fresh_seed();
    let n = 50_000 + (random(&mut seed) % 5000) as usize;
    let input: Vec<u32> = (0..n).map(|_| random(&mut seed)).collect();
    let threads = 256usize;
    let blocks = n.div_ceil(threads);
    let din = upload(&rt, &input);
    let dout = rt.malloc(blocks * 4).unwrap();
    let config = LaunchConfig {
        grid: [blocks as u32, 1, 1],
        block: [threads as u32, 1, 1],
        dynamic_shared_bytes: threads * 4,
    };
    launch(
        &rt,
        "test.block_sum",
        &config,
        vec![arg(din), arg(dout), arg(n as u32)],
    );
    let got: Vec<u32> = download(&rt, dout, blocks);
    let want: Vec<u32> = input
        .chunks(threads)
        .map(|c| c.iter().fold(0u32, |s, &v| s.wrapping_add(v)))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn an_atomic_counter_matches_the_host() {
    let Some(rt) = runtime() else { return };
    let mut seed = fresh_seed();
    let n = 200_000 + (random(&mut seed) % 1000) as usize;
    let input: Vec<u32> = (0..n).map(|_| random(&mut seed)).collect();
    let threshold = random(&mut seed);
    let din = upload(&rt, &input);
    let counter = rt.malloc(4).unwrap();
    rt.memset(counter, 0, 4).unwrap();
    launch(
        &rt,
        "test.count_above",
        &LaunchConfig::linear(n.div_ceil(128) as u32, 128),
        vec![arg(din), arg(n as u32), arg(threshold), arg(counter)],
    );
    let want = input.iter().filter(|&&v| v > threshold).count() as u32;
    assert_eq!(download::<u32>(&rt, counter, 1), [want]);
}

#[test]
fn module_globals_are_set_through_their_host_symbols() {
    let Some(device) = device() else { return };
    let mut seed = fresh_seed();
    // Host code's copies of the variables, whose addresses it passes to
    // cudaMemcpyToSymbol.
    let host_scale = [0f32; 1];
    let host_bias = [0f32; 4];
    let (scale_at, bias_at) = (host_scale.as_ptr() as u64, host_bias.as_ptr() as u64);
    device.map_symbol(scale_at, "test.scale").unwrap();
    device.map_symbol(bias_at, "test.bias").unwrap();
    assert_eq!(
        device.map_symbol(0x1234, "test.missing").unwrap_err().code,
        CudaError::InvalidSymbol
    );
    let kernels = device.kernels(MODULE).unwrap();
    let rt = Runtime::new(Box::new(device));
    for k in kernels {
        rt.register_kernel(k).unwrap();
    }

    let scale = random_f32s(&mut seed, 1);
    let bias = random_f32s(&mut seed, 4);
    // `scale` through symbol_address and a plain copy; `bias` through
    // cudaMemcpyToSymbol, in two halves (the second at an offset).
    let scale_device = rt.device().symbol_address(scale_at, 0, 4).unwrap();
    rt.copy_to_device(scale_device, bytes(&scale)).unwrap();
    let to_symbol = |offset: usize, values: &[f32], kind: MemcpyKind| {
        // SAFETY: the source is a live host slice of `bytes` bytes.
        unsafe {
            rt.memcpy_to_symbol(
                bias_at,
                values.as_ptr() as u64,
                size_of_val(values),
                offset,
                kind as i32,
            )
        }
        .unwrap();
    };
    to_symbol(0, &bias[..2], MemcpyKind::HostToDevice);
    to_symbol(8, &bias[2..], MemcpyKind::Default);

    let n = 10_000 + (random(&mut seed) % 100) as usize;
    let data = random_f32s(&mut seed, n);
    let dd = upload(&rt, &data);
    launch(
        &rt,
        "test.scale_bias",
        &LaunchConfig::linear(n.div_ceil(128) as u32, 128),
        vec![arg(dd), arg(n as u32)],
    );
    let got: Vec<f32> = download(&rt, dd, n);
    for i in 0..n {
        assert_eq!(
            got[i],
            data[i].mul_add(scale[0], bias[i % 4]),
            "element {i}"
        );
    }

    // Reading the variable back, and a range that leaves it.
    let mut back = [0f32; 4];
    // SAFETY: the destination is a live host array of 16 bytes.
    unsafe {
        rt.memcpy_from_symbol(
            back.as_mut_ptr() as u64,
            bias_at,
            16,
            0,
            MemcpyKind::DeviceToHost as i32,
        )
    }
    .unwrap();
    assert_eq!(back.as_slice(), bias.as_slice());
    let e = rt.device().symbol_address(bias_at, 12, 8).unwrap_err();
    assert_eq!(e.code, CudaError::InvalidValue, "{e}");
}

#[test]
fn copies_memset_and_overlapping_device_copies_are_exact() {
    let Some(rt) = runtime() else { return };
    let mut seed = fresh_seed();
    let n = 4096 + (random(&mut seed) % 512) as usize;
    let data: Vec<u8> = (0..n).map(|_| random(&mut seed) as u8).collect();
    let a = upload(&rt, &data);
    let b = rt.malloc(n).unwrap();
    // SAFETY: device addresses only.
    unsafe { rt.memcpy(b, a, n, MemcpyKind::Default as i32) }.unwrap();
    assert_eq!(download::<u8>(&rt, b, n), data);
    // An overlapping copy moves the bytes as memmove does.
    let shift = 1 + (random(&mut seed) % 64) as usize;
    rt.device()
        .copy_device_to_device(a + shift as u64, a, n - shift)
        .unwrap();
    let mut want = data.clone();
    want.copy_within(..n - shift, shift);
    assert_eq!(download::<u8>(&rt, a, n), want);
    let value = random(&mut seed) as u8;
    rt.memset(b + 7, value as i32, n - 7).unwrap();
    let got: Vec<u8> = download(&rt, b, n);
    assert_eq!(&got[..7], &data[..7]);
    assert!(got[7..].iter().all(|&v| v == value));
    // Ranges outside every allocation never reach the driver.
    let e = rt.copy_to_device(b + n as u64 - 2, &[0; 4]).unwrap_err();
    assert_eq!(e.code, CudaError::InvalidValue, "{e}");
    let e = rt.free(a + 1).unwrap_err();
    assert_eq!(e.code, CudaError::InvalidDevicePointer, "{e}");
    rt.free(a).unwrap();
    rt.free(b).unwrap();
}

#[test]
fn calls_from_another_thread_use_the_same_context() {
    let Some(rt) = runtime() else { return };
    let mut seed = fresh_seed();
    let values: Vec<u32> = (0..1000).map(|_| random(&mut seed)).collect();
    let p = upload(&rt, &values);
    let got = std::thread::scope(|s| s.spawn(|| download::<u32>(&rt, p, 1000)).join().unwrap());
    assert_eq!(got, values);
}

#[test]
fn streams_and_events_order_and_time_launches() {
    let Some(device) = device() else { return };
    let mut seed = fresh_seed();
    let kernels = device.kernels(MODULE).unwrap();
    let saxpy = kernels.iter().find(|k| k.name == "test.saxpy").unwrap();
    let n = 1 << 20;
    let x = random_f32s(&mut seed, n);
    let y = random_f32s(&mut seed, n);
    let a = 2.5f32;
    let (dx, dy) = (device.alloc(n * 4).unwrap(), device.alloc(n * 4).unwrap());
    device.copy_to_device(dx, bytes(&x)).unwrap();
    device.copy_to_device(dy, bytes(&y)).unwrap();
    let args = Args::new(vec![arg(n as u32), arg(a), arg(dx), arg(dy)]);
    let p = args.params();
    let config = LaunchConfig::linear((n / 256) as u32, 256);

    // Three launches on a stream of their own, bracketed by events.
    let stream = device.create_stream().unwrap();
    let (start, end) = (
        device.create_event().unwrap(),
        device.create_event().unwrap(),
    );
    device.record_event(start, stream).unwrap();
    for _ in 0..3 {
        // SAFETY: the blobs match saxpy's parameters.
        unsafe { device.launch_on_stream(saxpy, &config, p, stream) }.unwrap();
    }
    device.record_event(end, stream).unwrap();
    device.synchronize_event(end).unwrap();
    let ms = device.event_elapsed_ms(start, end).unwrap();
    assert!(ms > 0.0 && ms.is_finite(), "{ms}");
    device.synchronize_stream(stream).unwrap();
    let mut got = vec![0f32; n];
    // SAFETY: plain data viewed as bytes.
    let raw = unsafe { std::slice::from_raw_parts_mut(got.as_mut_ptr().cast::<u8>(), n * 4) };
    device.copy_to_host(raw, dy).unwrap();
    for i in 0..n {
        let want = a.mul_add(x[i], a.mul_add(x[i], a.mul_add(x[i], y[i])));
        assert_eq!(got[i], want, "element {i}");
    }
    device.destroy_event(start).unwrap();
    device.destroy_event(end).unwrap();
    device.destroy_stream(stream).unwrap();
    // Destroyed (or made-up) handles are refused before they reach the driver.
    for e in [
        device.destroy_stream(stream).unwrap_err(),
        device.synchronize_event(end).unwrap_err(),
        device.record_event(0xdead, 0).unwrap_err(),
    ] {
        assert_eq!(e.code, CudaError::InvalidResourceHandle, "{e}");
    }

    // time_launches: one positive time per launch.
    // SAFETY: the blobs match saxpy's parameters.
    let times = unsafe { device.time_launches(saxpy, &config, p, 5) }.unwrap();
    assert_eq!(times.len(), 5);
    assert!(times.iter().all(|t| *t > 0.0 && t.is_finite()), "{times:?}");
    eprintln!("saxpy of {n} floats: {times:?} ms");
}

#[test]
fn too_many_threads_per_block_is_refused_with_cudas_error() {
    let Some(device) = device() else { return };
    let kernels = device.kernels(MODULE).unwrap();
    let saxpy = kernels.iter().find(|k| k.name == "test.saxpy").unwrap();
    let buffer = device.alloc(4096 * 4).unwrap();
    let args = Args::new(vec![arg(0u32), arg(1f32), arg(buffer), arg(buffer)]);
    let p = args.params();
    // 2048 threads in one dimension, and as 1024 x 2.
    let shapes = [[2048, 1, 1], [1024, 2, 1]].map(|block| LaunchConfig {
        grid: [1, 1, 1],
        block,
        dynamic_shared_bytes: 0,
    });
    // The device passes the launches to the driver, which refuses them.
    for config in &shapes {
        // SAFETY: the blobs match saxpy's parameters.
        let e = unsafe { device.launch(saxpy, config, p) }.unwrap_err();
        assert_eq!(e.code, CudaError::InvalidValue, "{e}");
        assert!(
            e.message
                .contains("cuLaunchKernel: CUDA_ERROR_INVALID_VALUE: invalid argument"),
            "{e}"
        );
    }
    // The device still works afterwards.
    device.synchronize().unwrap();

    // The runtime checks CUDA's limits before the device sees a launch.
    let rt = Runtime::new(Box::new(device));
    rt.register_kernel(saxpy.clone()).unwrap();
    let why = ["block dimension 0 is 2048", "2048 threads per block"];
    for (config, why) in shapes.iter().zip(why) {
        // SAFETY: as above.
        let e = unsafe { rt.launch("test.saxpy", config, p) }.unwrap_err();
        assert_eq!(e.code, CudaError::InvalidConfiguration, "{e}");
        assert!(
            e.to_string().contains("cudaErrorInvalidConfiguration"),
            "{e}"
        );
        assert!(e.message.contains(why), "{e}");
    }
}

#[test]
fn an_allocation_larger_than_the_device_is_refused_with_cudas_error() {
    let Some(device) = device() else { return };
    let too_much = device.info().total_memory + (1 << 30);
    let rt = Runtime::new(Box::new(device));
    let e = rt.malloc(too_much).unwrap_err();
    assert_eq!(e.code, CudaError::MemoryAllocation, "{e}");
    assert!(
        e.message
            .contains("cuMemAlloc_v2: CUDA_ERROR_OUT_OF_MEMORY: out of memory"),
        "{e}"
    );
    assert_eq!(rt.get_last_error(), CudaError::MemoryAllocation);
    // Nothing was recorded as allocated, and the device still allocates.
    let p = rt.malloc(1 << 20).unwrap();
    rt.free(p).unwrap();
}

#[test]
fn a_module_that_does_not_load_gives_the_jit_log() {
    if device().is_none() {
        return;
    }
    let bad = ".version 7.0\n.target sm_70\n.address_size 64\n\
               .visible .entry broken()\n{\n    .reg .b32 %r<2>;\n    add.s32 %r1, %r1, %nope;\n    ret;\n}\n";
    let e = CudaDevice::new(0, bad).unwrap_err();
    assert_eq!(e.code, CudaError::InvalidPtx, "{e}");
    assert!(
        e.message
            .contains("cuModuleLoadDataEx: CUDA_ERROR_INVALID_PTX: a PTX JIT compilation failed"),
        "{e}"
    );
    assert!(e.message.contains("JIT error log:"), "{e}");
    assert!(
        e.message.contains("nope"),
        "the JIT log names the bad symbol: {e}"
    );
    eprintln!("{e}");

    // A kernel the module does not have.
    let d = CudaDevice::new(0, PTX).unwrap();
    let ghost = cuwasm_runtime::Kernel {
        name: "test.ghost".into(),
        entry: None,
        static_shared_bytes: 0,
        per_thread_bytes: 0,
        num_params: 0,
        ..Default::default()
    };
    let e = d.load_kernel(&ghost).unwrap_err();
    assert_eq!(e.code, CudaError::InvalidDeviceFunction, "{e}");
    assert!(e.message.contains("CUDA_ERROR_NOT_FOUND"), "{e}");
    // A kernel registered with the wrong number of arguments.
    let wrong = cuwasm_runtime::Kernel {
        name: "test.saxpy".into(),
        num_params: 3,
        ..ghost
    };
    let e = d.load_kernel(&wrong).unwrap_err();
    assert_eq!(e.code, CudaError::InvalidDeviceFunction, "{e}");
    assert!(e.message.contains("takes 4 arguments"), "{e}");
}

/// Run in a process of its own by `a_kernel_fault_is_cudas_illegal_address`
/// (a fault poisons the process's CUDA context, which the other tests share).
#[test]
#[ignore = "run in a child process by a_kernel_fault_is_cudas_illegal_address"]
fn kernel_fault_in_this_process() {
    let rt = runtime().expect("run by a_kernel_fault_is_cudas_illegal_address, with a CUDA device");
    let n = 1 << 16;
    let x = upload(&rt, &vec![1f32; n]);
    // `y` points nowhere the device has memory.
    let y = 0x10u64;
    let args = Args::new(vec![arg(n as u32), arg(2f32), arg(x), arg(y)]);
    let p = args.params();
    let config = LaunchConfig::linear((n / 256) as u32, 256);
    // SAFETY: the blobs match saxpy's parameters (the pointer is bad on purpose).
    let launched = unsafe { rt.launch("test.saxpy", &config, p) };
    let e = launched.and_then(|()| rt.synchronize()).unwrap_err();
    assert_eq!(e.code, CudaError::IllegalAddress, "{e}");
    assert!(
        e.message
            .contains("CUDA_ERROR_ILLEGAL_ADDRESS: an illegal memory access was encountered"),
        "{e}"
    );
    // Sticky, as CUDA's kernel faults are.
    assert_eq!(
        rt.synchronize().unwrap_err().code,
        CudaError::IllegalAddress
    );
    println!("fault reported: {e}");
}

#[test]
fn a_kernel_fault_is_cudas_illegal_address() {
    if device().is_none() {
        return;
    }
    let child = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--ignored", "--exact", "kernel_fault_in_this_process"])
        .args(["--nocapture", "--test-threads=1"])
        .output()
        .unwrap();
    let output = String::from_utf8_lossy(&child.stdout).into_owned()
        + &String::from_utf8_lossy(&child.stderr);
    assert!(child.status.success(), "{output}");
    assert!(output.contains("1 passed"), "{output}");
    assert!(
        output.contains("fault reported: cudaErrorIllegalAddress"),
        "{output}"
    );
}
