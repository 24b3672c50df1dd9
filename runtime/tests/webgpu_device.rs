//! The webgpu backend (`WebGpuDevice`) on whatever adapter is present:
//! Mesa's lavapipe here and in CI (a missing adapter fails these tests
//! unless `CUWASM_NO_WEBGPU=1`; `CUWASM_WEBGPU_ADAPTER=N` picks another).
//! The kernels are WGSL written by hand to docs/webgpu-abi.md, independent
//! of the WGSL emitter; inputs are fresh random numbers (the seed is
//! printed) and results are checked against references computed here.

use cuwasm_dialects::webgpu_abi::{HEADER_WORDS, KernelLayout, ParamSlot, VariableSlot};
use cuwasm_runtime::webgpu::{self, Shader, WebGpuDevice, WebGpuOptions};
use cuwasm_runtime::{CudaError, Device, KernelParams, LaunchConfig, Runtime, RuntimeError};
use std::time::{SystemTime, UNIX_EPOCH};

/// The adapter to test on, or `None` when the tests are told to skip.
fn adapter_index() -> Option<usize> {
    if std::env::var("CUWASM_NO_WEBGPU").is_ok_and(|v| v == "1") {
        eprintln!("*** SKIPPED: CUWASM_NO_WEBGPU=1 ***");
        return None;
    }
    let found = webgpu::adapters();
    assert!(
        !found.is_empty(),
        "no webgpu adapter: install mesa-vulkan-drivers and libvulkan1 (lavapipe), or set CUWASM_NO_WEBGPU=1"
    );
    let index = std::env::var("CUWASM_WEBGPU_ADAPTER").map_or(0, |v| v.parse().unwrap());
    assert!(
        index < found.len(),
        "CUWASM_WEBGPU_ADAPTER={index}: only {} adapters",
        found.len()
    );
    Some(index)
}

/// Inputs: a xorshift generator seeded from the clock, its seed printed.
struct Random(u64);

impl Random {
    fn fresh(test: &str) -> Random {
        let seed = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64
            | 1;
        eprintln!("{test}: seed {seed}");
        Random(seed)
    }

    fn next(&mut self) -> u32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 32) as u32
    }

    /// In `lo..hi`.
    fn below(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.next() % (hi - lo)
    }

    /// In [-1, 1).
    fn float(&mut self) -> f32 {
        (self.next() >> 8) as f32 / (1u32 << 23) as f32 - 1.0
    }
}

/// A kernel parameter as the layouts here place them.
enum Param {
    /// A 4-byte value.
    Value,
    /// A pointer; whether the kernel writes through it.
    Pointer(bool),
    /// A struct of this many bytes passed by value.
    Struct(u32),
}

/// The layout of kernel `module.name` (entry point `name`), as
/// docs/webgpu-abi.md places parameters: from word 8 in order, a value of
/// more than 4 bytes at an even word, pointers one word each and bound from
/// binding 1 in order, then the variables (flat name, bytes, initial
/// value) bound after them.
fn layout(name: &str, params: &[Param], variables: &[(&str, u32, Vec<u8>)]) -> KernelLayout {
    let (mut binding, mut word) = (0, HEADER_WORDS);
    let mut by_value = Vec::new();
    let mut slots = Vec::new();
    for (i, p) in params.iter().enumerate() {
        let slot = match *p {
            Param::Value => ParamSlot::Value { word, bytes: 4 },
            Param::Struct(bytes) => {
                word += u32::from(bytes > 4 && word % 2 == 1);
                by_value.push(i);
                ParamSlot::Value { word, bytes }
            }
            Param::Pointer(writable) => {
                binding += 1;
                ParamSlot::Buffer {
                    binding,
                    word,
                    writable,
                }
            }
        };
        word += match slot {
            ParamSlot::Value { bytes, .. } => bytes.div_ceil(4),
            ParamSlot::Buffer { .. } => 1,
        };
        slots.push(slot);
    }
    let variables = variables
        .iter()
        .map(|(name, bytes, init)| {
            binding += 1;
            VariableSlot {
                name: name.to_string(),
                binding,
                bytes: *bytes,
                init: init.clone(),
            }
        })
        .collect();
    KernelLayout {
        name: format!("m.{name}"),
        entry: name.to_string(),
        param_words: word.next_multiple_of(4),
        params: slots,
        by_value,
        variables,
        static_shared_bytes: 0,
    }
}

/// The declarations every kernel here starts with: the block overrides and
/// the parameter block of `vec4s` vectors.
fn prelude(vec4s: u32) -> String {
    format!(
        "override cuwasm_block_x: u32 = 1;\n\
         override cuwasm_block_y: u32 = 1;\n\
         override cuwasm_block_z: u32 = 1;\n\
         @group(0) @binding(0) var<uniform> cuwasm_params: array<vec4<u32>, {vec4s}>;\n"
    )
}

/// `y[i] = a * x[i] + y[i]` for `i < n`: saxpy(n: i32, a: f32, x, y).
fn saxpy() -> (KernelLayout, Shader) {
    let wgsl = prelude(3)
        + "
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(cuwasm_block_x, cuwasm_block_y, cuwasm_block_z)
fn saxpy(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) tid: vec3<u32>) {
    let i = (wg.x + cuwasm_params[1].x) * cuwasm_block_x + tid.x;
    let n = bitcast<i32>(cuwasm_params[2].x);
    let a = bitcast<f32>(cuwasm_params[2].y);
    let xo = cuwasm_params[2].z / 4u;
    let yo = cuwasm_params[2].w / 4u;
    if (i32(i) < n) {
        y[yo + i] = a * x[xo + i] + y[yo + i];
    }
}
";
    let params = [
        Param::Value,
        Param::Value,
        Param::Pointer(false),
        Param::Pointer(true),
    ];
    (layout("saxpy", &params, &[]), Shader::Wgsl(wgsl))
}

/// Each block sums its `blockDim.x` elements of `input` (zero past `n`) in
/// dynamic shared memory, a tree of barriers; thread 0 writes the sum to
/// `sums[block]`: block_sum(input, sums, n).
fn block_sum() -> (KernelLayout, Shader) {
    let wgsl = prelude(3)
        + "
override cuwasm_dynamic_shared_words: u32 = 1;
var<workgroup> cuwasm_dynamic_shared: array<u32, cuwasm_dynamic_shared_words>;
@group(0) @binding(1) var<storage, read> input: array<u32>;
@group(0) @binding(2) var<storage, read_write> sums: array<u32>;

@compute @workgroup_size(cuwasm_block_x, cuwasm_block_y, cuwasm_block_z)
fn block_sum(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) tid: vec3<u32>) {
    let block = wg.x + cuwasm_params[1].x;
    let i = block * cuwasm_block_x + tid.x;
    let n = cuwasm_params[2].z;
    var v = 0u;
    if (i < n) {
        v = input[cuwasm_params[2].x / 4u + i];
    }
    cuwasm_dynamic_shared[tid.x] = v;
    workgroupBarrier();
    for (var s = cuwasm_block_x / 2u; s > 0u; s = s / 2u) {
        if (tid.x < s) {
            cuwasm_dynamic_shared[tid.x] += cuwasm_dynamic_shared[tid.x + s];
        }
        workgroupBarrier();
    }
    if (tid.x == 0u) {
        sums[cuwasm_params[2].y / 4u + block] = cuwasm_dynamic_shared[0];
    }
}
";
    let params = [Param::Pointer(false), Param::Pointer(true), Param::Value];
    (layout("block_sum", &params, &[]), Shader::Wgsl(wgsl))
}

/// Every thread adds its global index plus one to `out[index]` (a thread
/// run twice leaves twice that); thread 0 of block 0 also writes
/// gridDim.x at `out[len]`: mark(out, len).
fn mark() -> (KernelLayout, Shader) {
    let wgsl = prelude(3)
        + "
@group(0) @binding(1) var<storage, read_write> out: array<u32>;

@compute @workgroup_size(cuwasm_block_x, cuwasm_block_y, cuwasm_block_z)
fn mark(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) tid: vec3<u32>) {
    let block = wg.x + cuwasm_params[1].x;
    let i = block * cuwasm_block_x + tid.x;
    let base = cuwasm_params[2].x / 4u;
    let len = cuwasm_params[2].y;
    if (i < len) {
        out[base + i] += i + 1u;
    }
    if (i == 0u) {
        out[base + len] = cuwasm_params[0].x;
    }
}
";
    let params = [Param::Pointer(true), Param::Value];
    (layout("mark", &params, &[]), Shader::Wgsl(wgsl))
}

/// The device variable both variable kernels use: four floats.
const FACTORS: &str = "m.factors";
const FACTORS_INIT: [f32; 4] = [0.5, -2.0, 3.25, 8.0];

fn f32_bytes(values: &[f32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

fn u32_bytes(values: &[u32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// `out[i] = input[i] * factors[i % 4]`: scale(out, input, n).
fn scale() -> (KernelLayout, Shader) {
    let wgsl = prelude(3)
        + "
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<storage, read> input: array<f32>;
@group(0) @binding(3) var<storage, read> factors: array<f32, 4>;

@compute @workgroup_size(cuwasm_block_x, cuwasm_block_y, cuwasm_block_z)
fn scale(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) tid: vec3<u32>) {
    let i = (wg.x + cuwasm_params[1].x) * cuwasm_block_x + tid.x;
    if (i < cuwasm_params[2].z) {
        out[cuwasm_params[2].x / 4u + i] = input[cuwasm_params[2].y / 4u + i] * factors[i % 4u];
    }
}
";
    let params = [Param::Pointer(true), Param::Pointer(false), Param::Value];
    let variables = [(FACTORS, 16, f32_bytes(&FACTORS_INIT))];
    (layout("scale", &params, &variables), Shader::Wgsl(wgsl))
}

/// Adds `delta` to each of the four factors: bump(delta: f32).
fn bump() -> (KernelLayout, Shader) {
    let wgsl = prelude(3)
        + "
@group(0) @binding(1) var<storage, read_write> factors: array<f32, 4>;

@compute @workgroup_size(cuwasm_block_x, cuwasm_block_y, cuwasm_block_z)
fn bump(@builtin(local_invocation_id) tid: vec3<u32>) {
    if (tid.x < 4u) {
        factors[tid.x] += bitcast<f32>(cuwasm_params[2].x);
    }
}
";
    let variables = [(FACTORS, 16, f32_bytes(&FACTORS_INIT))];
    (
        layout("bump", &[Param::Value], &variables),
        Shader::Wgsl(wgsl),
    )
}

/// `out[i] = i * p.mul + p.add` for `i < p.n`, with `p` a struct passed by
/// value after an odd number of words: affine(out, p: {mul, add, n}).
fn affine() -> (KernelLayout, Shader) {
    let wgsl = prelude(4)
        + "
@group(0) @binding(1) var<storage, read_write> out: array<u32>;

@compute @workgroup_size(cuwasm_block_x, cuwasm_block_y, cuwasm_block_z)
fn affine(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) tid: vec3<u32>) {
    let i = (wg.x + cuwasm_params[1].x) * cuwasm_block_x + tid.x;
    // The struct starts at word 10, the even word after `out` (word 8).
    let mul = cuwasm_params[2].z;
    let add = cuwasm_params[2].w;
    let n = cuwasm_params[3].x;
    if (i < n) {
        out[cuwasm_params[2].x / 4u + i] = i * mul + add;
    }
}
";
    let (layout, shader) = (
        layout("affine", &[Param::Pointer(true), Param::Struct(12)], &[]),
        Shader::Wgsl(wgsl),
    );
    assert_eq!(
        layout.params[1],
        ParamSlot::Value {
            word: 10,
            bytes: 12
        }
    );
    (layout, shader)
}

fn all_kernels() -> Vec<(KernelLayout, Shader)> {
    vec![saxpy(), block_sum(), mark(), scale(), bump(), affine()]
}

fn device() -> Option<WebGpuDevice> {
    Some(WebGpuDevice::new(adapter_index()?, all_kernels()).unwrap())
}

/// A runtime over `d` with its kernels registered, as the tools set one up.
fn runtime(d: WebGpuDevice) -> Runtime {
    let kernels = d.kernels();
    let rt = Runtime::new(Box::new(d));
    for k in kernels {
        rt.register_kernel(k).unwrap();
    }
    rt
}

fn kernel(d: &WebGpuDevice, name: &str) -> cuwasm_runtime::Kernel {
    d.kernels().into_iter().find(|k| k.name == name).unwrap()
}

/// Launch `name` on the device with the given argument values.
fn launch(
    d: &WebGpuDevice,
    name: &str,
    config: LaunchConfig,
    args: &[&[u8]],
) -> Result<(), RuntimeError> {
    let ptrs: Vec<*const u8> = args.iter().map(|a| a.as_ptr()).collect();
    let params = KernelParams {
        ptr: ptrs.as_ptr(),
        len: ptrs.len(),
    };
    // SAFETY: each argument has the size the kernel's layout gives it.
    unsafe { d.launch(&kernel(d, name), &config, params) }
}

fn upload(d: &WebGpuDevice, bytes: &[u8]) -> u64 {
    let p = d.alloc(bytes.len()).unwrap();
    d.copy_to_device(p, bytes).unwrap();
    p
}

fn download(d: &WebGpuDevice, p: u64, bytes: usize) -> Vec<u8> {
    let mut out = vec![0u8; bytes];
    d.copy_to_host(&mut out, p).unwrap();
    out
}

fn floats(bytes: &[u8]) -> Vec<f32> {
    bytes
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes(c.try_into().unwrap()))
        .collect()
}

fn words(bytes: &[u8]) -> Vec<u32> {
    bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes(c.try_into().unwrap()))
        .collect()
}

/// `got` is `a * x + y`, each element fused or not.
fn check_saxpy(got: &[f32], a: f32, x: &[f32], y: &[f32]) {
    assert_eq!(got.len(), x.len());
    for i in 0..x.len() {
        let want = [a * x[i] + y[i], a.mul_add(x[i], y[i])];
        assert!(want.contains(&got[i]), "y[{i}] = {} for {want:?}", got[i]);
    }
}

#[test]
fn adapters_list_lavapipe_as_software() {
    if adapter_index().is_none() {
        return;
    }
    let found = webgpu::adapters();
    eprintln!("{found:#?}");
    for (i, a) in found.iter().enumerate() {
        assert_eq!(a.index, i);
        let named_software = ["llvmpipe", "lavapipe", "swiftshader"]
            .iter()
            .any(|s| a.name.to_lowercase().contains(s));
        assert_eq!(
            a.software,
            named_software || a.device_type == webgpu::wgpu::DeviceType::Cpu,
            "{a:?}"
        );
    }
    // Lavapipe is installed here and in CI (.ci/run).
    let lavapipe = found.iter().find(|a| a.name.contains("llvmpipe"));
    let lavapipe = lavapipe.expect("lavapipe's adapter 'llvmpipe' is listed");
    assert!(lavapipe.software);
    assert_eq!(lavapipe.device_type, webgpu::wgpu::DeviceType::Cpu);
    assert_eq!(lavapipe.backend, webgpu::wgpu::Backend::Vulkan);
}

#[test]
fn saxpy_through_offset_pointers_matches_the_reference() {
    let Some(d) = device() else { return };
    let mut rng = Random::fresh("saxpy");
    let n = rng.below(1000, 5000) as usize;
    let (x_skip, y_skip) = (rng.below(0, 50) as usize, rng.below(0, 50) as usize);
    let x: Vec<f32> = (0..n + x_skip).map(|_| rng.float()).collect();
    let y: Vec<f32> = (0..n + y_skip).map(|_| rng.float()).collect();
    let a = rng.float() * 4.0;
    let (px, py) = (upload(&d, &f32_bytes(&x)), upload(&d, &f32_bytes(&y)));
    let threads = 128;
    let config = LaunchConfig::linear((n as u32).div_ceil(threads), threads);
    // Device pointer arithmetic, as host code does it.
    let (xs, ys) = (px + 4 * x_skip as u64, py + 4 * y_skip as u64);
    launch(
        &d,
        "m.saxpy",
        config,
        &[
            &(n as i32).to_le_bytes(),
            &a.to_le_bytes(),
            &xs.to_le_bytes(),
            &ys.to_le_bytes(),
        ],
    )
    .unwrap();
    d.synchronize().unwrap();
    let got = floats(&download(&d, py, 4 * (n + y_skip)));
    assert_eq!(
        got[..y_skip],
        y[..y_skip],
        "elements before the offset pointer are untouched"
    );
    for i in 0..n {
        let (xi, yi) = (x[x_skip + i], y[y_skip + i]);
        // The device may or may not fuse the multiply-add.
        let want = [a * xi + yi, a.mul_add(xi, yi)];
        assert!(
            want.contains(&got[y_skip + i]),
            "y[{i}] = {} for {want:?}",
            got[y_skip + i]
        );
    }
}

#[test]
fn saxpy_in_place_binds_one_buffer_read_only_and_read_write() {
    let Some(d) = device() else { return };
    let mut rng = Random::fresh("saxpy in place");
    let n = rng.below(100, 3000) as usize;
    let y: Vec<f32> = (0..n).map(|_| rng.float()).collect();
    let a = rng.float();
    let py = upload(&d, &f32_bytes(&y));
    let config = LaunchConfig::linear((n as u32).div_ceil(64), 64);
    launch(
        &d,
        "m.saxpy",
        config,
        &[
            &(n as i32).to_le_bytes(),
            &a.to_le_bytes(),
            &py.to_le_bytes(),
            &py.to_le_bytes(),
        ],
    )
    .unwrap();
    let got = floats(&download(&d, py, 4 * n));
    for i in 0..n {
        let want = [a * y[i] + y[i], a.mul_add(y[i], y[i])];
        assert!(want.contains(&got[i]), "y[{i}] = {} for {want:?}", got[i]);
    }
    d.synchronize().unwrap();
}

#[test]
fn block_sums_in_dynamic_shared_memory_match_the_reference() {
    let Some(d) = device() else { return };
    let mut rng = Random::fresh("block_sum");
    for threads in [64u32, 256, 1024] {
        let n = rng.below(1, 200_000);
        let input: Vec<u32> = (0..n).map(|_| rng.next()).collect();
        let blocks = n.div_ceil(threads);
        let pin = upload(&d, &u32_bytes(&input));
        let psums = d.alloc(4 * blocks as usize).unwrap();
        let config = LaunchConfig {
            grid: [blocks, 1, 1],
            block: [threads, 1, 1],
            dynamic_shared_bytes: 4 * threads as usize,
        };
        launch(
            &d,
            "m.block_sum",
            config,
            &[&pin.to_le_bytes(), &psums.to_le_bytes(), &n.to_le_bytes()],
        )
        .unwrap();
        let got = words(&download(&d, psums, 4 * blocks as usize));
        let want: Vec<u32> = input
            .chunks(threads as usize)
            .map(|c| c.iter().fold(0u32, |s, &v| s.wrapping_add(v)))
            .collect();
        assert_eq!(got, want, "{threads} threads, n = {n}");
        d.free(pin).unwrap();
        d.free(psums).unwrap();
    }
    d.synchronize().unwrap();
}

#[test]
fn a_grid_over_65535_blocks_runs_every_block_exactly_once() {
    let Some(d) = device() else { return };
    let limit = d.limits().max_compute_workgroups_per_dimension;
    let mut rng = Random::fresh("mark");
    let blocks = limit + rng.below(1, limit / 2);
    let threads = 32;
    let len = blocks * threads - rng.below(0, threads);
    let out = d.alloc(4 * (len as usize + 1)).unwrap();
    d.memset(out, 0, 4 * (len as usize + 1)).unwrap();
    launch(
        &d,
        "m.mark",
        LaunchConfig::linear(blocks, threads),
        &[&out.to_le_bytes(), &len.to_le_bytes()],
    )
    .unwrap();
    d.synchronize().unwrap();
    let got = words(&download(&d, out, 4 * (len as usize + 1)));
    for (i, &v) in got[..len as usize].iter().enumerate() {
        assert_eq!(
            v,
            i as u32 + 1,
            "element {i} of {len} ({blocks} blocks, limit {limit})"
        );
    }
    assert_eq!(got[len as usize], blocks, "gridDim.x is the whole grid's");
}

#[test]
fn a_device_variable_is_initialized_shared_and_written_through_its_symbol() {
    let Some(d) = device() else { return };
    let mut rng = Random::fresh("variables");
    let n = rng.below(10, 2000);
    let input: Vec<f32> = (0..n).map(|_| rng.float()).collect();
    let (pin, pout) = (
        upload(&d, &f32_bytes(&input)),
        d.alloc(4 * n as usize).unwrap(),
    );
    let run_scale = |factors: &[f32; 4]| {
        let config = LaunchConfig::linear(n.div_ceil(64), 64);
        launch(
            &d,
            "m.scale",
            config,
            &[&pout.to_le_bytes(), &pin.to_le_bytes(), &n.to_le_bytes()],
        )
        .unwrap();
        let got = floats(&download(&d, pout, 4 * n as usize));
        let want: Vec<f32> = input
            .iter()
            .enumerate()
            .map(|(i, v)| v * factors[i % 4])
            .collect();
        assert_eq!(got, want);
    };
    // The initial value.
    run_scale(&FACTORS_INIT);
    // Host code's copy of the variable is somewhere in host memory.
    let host_copy = [0f32; 4];
    let host = host_copy.as_ptr() as u64;
    assert_eq!(
        d.symbol_address(host, 0, 4).unwrap_err().code,
        CudaError::InvalidSymbol
    );
    d.map_symbol(host, FACTORS).unwrap();
    let new: [f32; 4] = std::array::from_fn(|_| rng.float());
    let at = d.symbol_address(host, 0, 16).unwrap();
    assert_eq!(Some((at, 16)), d.variable(FACTORS));
    d.copy_to_device(at, &f32_bytes(&new)).unwrap();
    run_scale(&new);
    // Into the middle of the variable, by address and by offset.
    let third = rng.float();
    d.copy_to_device(
        d.symbol_address(host + 8, 0, 4).unwrap(),
        &third.to_le_bytes(),
    )
    .unwrap();
    let mut expect = new;
    expect[2] = third;
    run_scale(&expect);
    assert_eq!(d.symbol_address(host, 8, 4).unwrap(), at + 8);
    assert_eq!(
        d.symbol_address(host, 12, 8).unwrap_err().code,
        CudaError::InvalidValue
    );
    assert_eq!(
        d.map_symbol(host, "m.nothing").unwrap_err().code,
        CudaError::InvalidSymbol
    );
    assert_eq!(
        d.free(at).unwrap_err().code,
        CudaError::InvalidDevicePointer,
        "variables are not cudaMalloc's"
    );
    // Another kernel writes the same variable; scale sees it.
    let delta = rng.float();
    launch(
        &d,
        "m.bump",
        LaunchConfig::linear(1, 4),
        &[&delta.to_le_bytes()],
    )
    .unwrap();
    run_scale(&expect.map(|f| f + delta));
    d.synchronize().unwrap();
}

#[test]
fn cuda_memcpy_to_symbol_through_the_runtime_reaches_the_variable() {
    let Some(d) = device() else { return };
    let mut rng = Random::fresh("memcpy to symbol");
    let host_copy = [0f32; 4];
    let host = host_copy.as_ptr() as u64;
    d.map_symbol(host, FACTORS).unwrap();
    let rt = runtime(d);
    // cudaMemcpyDefault (4): the runtime tells the device pointer by
    // `contains`; cudaMemcpyHostToDevice (1) / DeviceToHost (2): symbol copies
    // on a device with memory of its own are transfers.
    for (to, from) in [(4, 4), (1, 2)] {
        let new: [f32; 4] = std::array::from_fn(|_| rng.float());
        let src = f32_bytes(&new);
        // SAFETY: `src` is 16 readable bytes.
        unsafe { rt.memcpy_to_symbol(host, src.as_ptr() as u64, 16, 0, to) }.unwrap();
        let mut back = [0u8; 8];
        // SAFETY: `back` is 8 writable bytes.
        unsafe { rt.memcpy_from_symbol(back.as_mut_ptr() as u64, host, 8, 8, from) }.unwrap();
        assert_eq!(floats(&back), new[2..], "kinds {to}, {from}");
    }
    assert_eq!(host_copy, [0.0; 4], "host code's copy is not the device's");
}

#[test]
fn copies_and_memsets_of_any_alignment_match_a_host_mirror() {
    let Some(d) = device() else { return };
    let mut rng = Random::fresh("copies");
    let sizes = [rng.below(1, 64) as usize, rng.below(1000, 5000) as usize];
    let ptrs: Vec<u64> = sizes.iter().map(|&s| d.alloc(s).unwrap()).collect();
    let mut mirror: Vec<Vec<u8>> = sizes.iter().map(|&s| vec![0; s]).collect();
    for (p, m) in ptrs.iter().zip(&mirror) {
        d.memset(*p, 0, m.len()).unwrap();
    }
    for step in 0..60 {
        let b = rng.below(0, 2) as usize;
        let size = sizes[b];
        let offset = rng.below(0, size as u32) as usize;
        let bytes = rng.below(0, (size - offset) as u32 + 1) as usize;
        match step % 3 {
            0 => {
                let data: Vec<u8> = (0..bytes).map(|_| rng.next() as u8).collect();
                d.copy_to_device(ptrs[b] + offset as u64, &data).unwrap();
                mirror[b][offset..offset + bytes].copy_from_slice(&data);
            }
            1 => {
                let value = rng.next() as u8;
                d.memset(ptrs[b] + offset as u64, value, bytes).unwrap();
                mirror[b][offset..offset + bytes].fill(value);
            }
            _ => {
                // From either buffer (overlapping ranges too) into buffer b.
                let s = rng.below(0, 2) as usize;
                let n = bytes.min(sizes[s]);
                let from = rng.below(0, (sizes[s] - n) as u32 + 1) as usize;
                d.copy_device_to_device(ptrs[b] + offset as u64, ptrs[s] + from as u64, n)
                    .unwrap();
                let chunk = mirror[s][from..from + n].to_vec();
                mirror[b][offset..offset + n].copy_from_slice(&chunk);
            }
        }
        let at = rng.below(0, size as u32) as usize;
        let len = rng.below(0, (size - at) as u32 + 1) as usize;
        assert_eq!(
            download(&d, ptrs[b] + at as u64, len),
            mirror[b][at..at + len],
            "step {step}"
        );
    }
    for (p, m) in ptrs.iter().zip(&mirror) {
        assert_eq!(&download(&d, *p, m.len()), m);
        d.free(*p).unwrap();
    }
    assert_eq!(
        d.free(ptrs[0]).unwrap_err().code,
        CudaError::InvalidDevicePointer
    );
    assert!(
        !d.contains(ptrs[1], 1),
        "a freed allocation is no device memory"
    );
}

#[test]
fn memory_the_device_cannot_provide_is_cuda_error_memory_allocation() {
    let Some(d) = device() else { return };
    let max = d.limits().max_buffer_size;
    let e = d.alloc(max as usize + 1).unwrap_err();
    assert_eq!(e.code, CudaError::MemoryAllocation, "{e}");
    let e = d.alloc(usize::MAX).unwrap_err();
    assert_eq!(e.code, CudaError::MemoryAllocation, "{e}");
    // The device still works.
    let p = d.alloc(16).unwrap();
    d.copy_to_device(p, &[7; 16]).unwrap();
    assert_eq!(download(&d, p, 16), [7; 16]);
    d.synchronize().unwrap();
}

#[test]
fn bad_launches_are_errors() {
    let Some(d) = device() else { return };
    let n = 16u32;
    let p = d.alloc(4 * (n as usize + 1)).unwrap();
    let mark = |config, out: u64| {
        launch(
            &d,
            "m.mark",
            config,
            &[&out.to_le_bytes(), &n.to_le_bytes()],
        )
    };
    let e = mark(LaunchConfig::linear(1, 2048), p).unwrap_err();
    assert_eq!(e.code, CudaError::InvalidConfiguration, "{e}");
    let e = mark(
        LaunchConfig {
            grid: [1, 1, 1],
            block: [8, 8, 1024],
            dynamic_shared_bytes: 0,
        },
        p,
    )
    .unwrap_err();
    assert_eq!(e.code, CudaError::InvalidConfiguration, "{e}");
    let too_much = d.limits().max_compute_workgroup_storage_size as usize + 4;
    let e = mark(
        LaunchConfig {
            grid: [1, 1, 1],
            block: [32, 1, 1],
            dynamic_shared_bytes: too_much,
        },
        p,
    )
    .unwrap_err();
    assert_eq!(e.code, CudaError::InvalidValue, "{e}");
    // A pointer into the middle of a word.
    let e = mark(LaunchConfig::linear(1, 32), p + 2).unwrap_err();
    assert_eq!(e.code, CudaError::InvalidValue, "{e}");
    // Not a device pointer at all.
    let host = [0u32; 4];
    let e = mark(LaunchConfig::linear(1, 32), host.as_ptr() as u64).unwrap_err();
    assert_eq!(e.code, CudaError::InvalidValue, "{e}");
    let e = launch(
        &d,
        "m.mark",
        LaunchConfig::linear(1, 32),
        &[&p.to_le_bytes()],
    )
    .unwrap_err();
    assert_eq!(e.code, CudaError::InvalidValue, "{e}");
    // A buffer larger than the adapter binds: never bound in part.
    let limits = d.limits();
    let max_binding = limits.max_storage_buffer_binding_size;
    if max_binding < limits.max_buffer_size {
        let big = d.alloc(max_binding as usize + 4).unwrap();
        let e = mark(LaunchConfig::linear(1, 32), big).unwrap_err();
        assert_eq!(e.code, CudaError::LaunchOutOfResources, "{e}");
        d.free(big).unwrap();
    }
    // None of them ran, and the device is fine.
    d.synchronize().unwrap();
    mark(LaunchConfig::linear(1, 32), p).unwrap();
    let got = words(&download(&d, p, 4 * (n as usize + 1)));
    assert_eq!(got, (1..=n).chain([1]).collect::<Vec<_>>());
}

#[test]
fn a_shader_that_does_not_compile_is_an_error_with_nagas_message() {
    let Some(index) = adapter_index() else { return };
    let (layout, _) = mark();
    let broken = prelude(3)
        + "@compute @workgroup_size(cuwasm_block_x) fn mark() { let v = no_such_thing + 1u; }";
    let e = WebGpuDevice::new(index, vec![(layout.clone(), Shader::Wgsl(broken))]).unwrap_err();
    assert_eq!(e.code, CudaError::InitializationError, "{e}");
    assert!(
        e.message.contains("m.mark") && e.message.contains("no_such_thing"),
        "{e}"
    );
    // Parses, but naga's validator refuses it: a store to a read-only buffer.
    let invalid = prelude(3)
        + "@group(0) @binding(1) var<storage, read> out: array<u32>;\n\
           @compute @workgroup_size(cuwasm_block_x) fn mark() { out[0] = 1u; }";
    let e = WebGpuDevice::new(index, vec![(layout.clone(), Shader::Wgsl(invalid))]).unwrap_err();
    assert_eq!(e.code, CudaError::InitializationError, "{e}");
    assert!(e.message.contains("m.mark"), "{e}");
    eprintln!("{e}");
    // A layout whose entry point the shader lacks.
    let (_, shader) = mark();
    let mut renamed = layout;
    renamed.entry = "absent".into();
    let e = WebGpuDevice::new(index, vec![(renamed, shader)]).unwrap_err();
    assert!(e.message.contains("absent"), "{e}");
}

#[test]
fn kernel_time_comes_from_timestamp_queries() {
    let Some(d) = device() else { return };
    assert_eq!(d.last_kernel_time(), None, "no launch yet");
    let n = 1u32 << 20;
    let out = d.alloc(4 * (n as usize + 1)).unwrap();
    d.memset(out, 0, 4 * (n as usize + 1)).unwrap();
    launch(
        &d,
        "m.mark",
        LaunchConfig::linear(n / 256, 256),
        &[&out.to_le_bytes(), &n.to_le_bytes()],
    )
    .unwrap();
    let time = d.last_kernel_time();
    eprintln!(
        "{}: timer {}, mark over {n} threads: {time:?}",
        d.adapter().name,
        d.has_kernel_timer()
    );
    if d.has_kernel_timer() {
        let time = time.expect("a time for the launch");
        assert!(time.as_nanos() > 0 && time.as_secs() < 60, "{time:?}");
    } else {
        assert_eq!(time, None);
    }
    d.synchronize().unwrap();
}

#[test]
fn the_runtime_registers_and_launches_the_kernels() {
    let Some(d) = device() else { return };
    let names: Vec<(String, usize)> = d
        .kernels()
        .into_iter()
        .map(|k| (k.name, k.num_params))
        .collect();
    assert_eq!(
        names,
        [
            ("m.affine", 2),
            ("m.block_sum", 3),
            ("m.bump", 1),
            ("m.mark", 2),
            ("m.saxpy", 4),
            ("m.scale", 3)
        ]
        .map(|(n, p)| (n.to_string(), p))
    );
    let rt = runtime(d);
    let n = 1000u32;
    let out = rt.malloc(4 * (n as usize + 1)).unwrap();
    rt.memset(out, 0, 4 * (n as usize + 1)).unwrap();
    let args: [&[u8]; 2] = [&out.to_le_bytes(), &n.to_le_bytes()];
    let ptrs: Vec<*const u8> = args.iter().map(|a| a.as_ptr()).collect();
    let params = KernelParams {
        ptr: ptrs.as_ptr(),
        len: 2,
    };
    // SAFETY: the arguments have the sizes of mark's parameters.
    unsafe {
        rt.launch(
            "m.mark",
            &LaunchConfig::linear(n.div_ceil(100), 100),
            params,
        )
    }
    .unwrap();
    rt.synchronize().unwrap();
    let mut back = vec![0u8; 4 * (n as usize + 1)];
    rt.copy_to_host(&mut back, out).unwrap();
    assert_eq!(
        words(&back),
        (1..=n).chain([n.div_ceil(100)]).collect::<Vec<_>>()
    );
    rt.free(out).unwrap();
}

#[test]
fn wgsl_with_a_fixed_block_shape_refuses_other_shapes() {
    let Some(index) = adapter_index() else { return };
    let (layout, _) = mark();
    let fixed = "@group(0) @binding(0) var<uniform> cuwasm_params: array<vec4<u32>, 3>;\n\
                 @group(0) @binding(1) var<storage, read_write> out: array<u32>;\n\
                 @compute @workgroup_size(16) fn mark(@builtin(global_invocation_id) g: vec3<u32>) {\n\
                     if (g.x < cuwasm_params[2].y) { out[cuwasm_params[2].x / 4u + g.x] = g.x + 1u; }\n\
                 }";
    let d = WebGpuDevice::with_options(
        index,
        vec![(layout, Shader::Wgsl(fixed.into()))],
        WebGpuOptions::default(),
    )
    .unwrap();
    let p = d.alloc(4 * 33).unwrap();
    let n = 32u32;
    let e = launch(
        &d,
        "m.mark",
        LaunchConfig::linear(1, 32),
        &[&p.to_le_bytes(), &n.to_le_bytes()],
    )
    .unwrap_err();
    assert_eq!(e.code, CudaError::InvalidConfiguration, "{e}");
    launch(
        &d,
        "m.mark",
        LaunchConfig::linear(2, 16),
        &[&p.to_le_bytes(), &n.to_le_bytes()],
    )
    .unwrap();
    assert_eq!(words(&download(&d, p, 4 * 32)), (1..=n).collect::<Vec<_>>());
}

/// `mark` in SPIR-V assembly, as a GLSL compiler writes a kernel whose
/// block shape is set at pipeline creation: spec constants named like the
/// ABI's overrides, a `WorkgroupSize` built-in made of them, `LocalSize 1 1 1`.
const MARK_SPVASM: &str = r#"               OpCapability Shader
               OpMemoryModel Logical GLSL450
               OpEntryPoint GLCompute %main "mark" %wg_id %local_id
               OpExecutionMode %main LocalSize 1 1 1
               OpName %bx "cuwasm_block_x"
               OpName %by "cuwasm_block_y"
               OpName %bz "cuwasm_block_z"
               OpDecorate %bx SpecId 0
               OpDecorate %by SpecId 1
               OpDecorate %bz SpecId 2
               OpDecorate %wgsize BuiltIn WorkgroupSize
               OpDecorate %wg_id BuiltIn WorkgroupId
               OpDecorate %local_id BuiltIn LocalInvocationId
               OpDecorate %v4arr ArrayStride 16
               OpMemberDecorate %Params 0 Offset 0
               OpDecorate %Params Block
               OpDecorate %params DescriptorSet 0
               OpDecorate %params Binding 0
               OpDecorate %uarr ArrayStride 4
               OpMemberDecorate %Out 0 Offset 0
               OpDecorate %Out Block
               OpDecorate %out DescriptorSet 0
               OpDecorate %out Binding 1
       %void = OpTypeVoid
    %void_fn = OpTypeFunction %void
       %bool = OpTypeBool
       %uint = OpTypeInt 32 0
     %v3uint = OpTypeVector %uint 3
     %v4uint = OpTypeVector %uint 4
         %bx = OpSpecConstant %uint 1
         %by = OpSpecConstant %uint 1
         %bz = OpSpecConstant %uint 1
     %wgsize = OpSpecConstantComposite %v3uint %bx %by %bz
     %uint_0 = OpConstant %uint 0
     %uint_1 = OpConstant %uint 1
     %uint_2 = OpConstant %uint 2
     %uint_3 = OpConstant %uint 3
     %uint_4 = OpConstant %uint 4
      %v4arr = OpTypeArray %v4uint %uint_3
     %Params = OpTypeStruct %v4arr
 %ptr_Params = OpTypePointer Uniform %Params
     %params = OpVariable %ptr_Params Uniform
 %ptr_u_uint = OpTypePointer Uniform %uint
       %uarr = OpTypeRuntimeArray %uint
        %Out = OpTypeStruct %uarr
    %ptr_Out = OpTypePointer StorageBuffer %Out
        %out = OpVariable %ptr_Out StorageBuffer
%ptr_sb_uint = OpTypePointer StorageBuffer %uint
 %ptr_in_v3 = OpTypePointer Input %v3uint
      %wg_id = OpVariable %ptr_in_v3 Input
   %local_id = OpVariable %ptr_in_v3 Input
       %main = OpFunction %void None %void_fn
      %entry = OpLabel
         %wg = OpLoad %v3uint %wg_id
        %wgx = OpCompositeExtract %uint %wg 0
      %p_off = OpAccessChain %ptr_u_uint %params %uint_0 %uint_1 %uint_0
        %off = OpLoad %uint %p_off
      %block = OpIAdd %uint %wgx %off
        %lid = OpLoad %v3uint %local_id
        %tid = OpCompositeExtract %uint %lid 0
        %bxt = OpIMul %uint %block %bx
          %i = OpIAdd %uint %bxt %tid
     %p_base = OpAccessChain %ptr_u_uint %params %uint_0 %uint_2 %uint_0
     %base_b = OpLoad %uint %p_base
       %base = OpUDiv %uint %base_b %uint_4
      %p_len = OpAccessChain %ptr_u_uint %params %uint_0 %uint_2 %uint_1
        %len = OpLoad %uint %p_len
        %inb = OpULessThan %bool %i %len
               OpSelectionMerge %after None
               OpBranchConditional %inb %then %after
       %then = OpLabel
        %idx = OpIAdd %uint %base %i
         %pe = OpAccessChain %ptr_sb_uint %out %uint_0 %idx
        %old = OpLoad %uint %pe
         %i1 = OpIAdd %uint %i %uint_1
        %new = OpIAdd %uint %old %i1
               OpStore %pe %new
               OpBranch %after
      %after = OpLabel
        %is0 = OpIEqual %bool %i %uint_0
               OpSelectionMerge %end None
               OpBranchConditional %is0 %then2 %end
      %then2 = OpLabel
        %p_g = OpAccessChain %ptr_u_uint %params %uint_0 %uint_0 %uint_0
          %g = OpLoad %uint %p_g
       %idx2 = OpIAdd %uint %base %len
        %pe2 = OpAccessChain %ptr_sb_uint %out %uint_0 %idx2
               OpStore %pe2 %g
               OpBranch %end
        %end = OpLabel
               OpReturn
               OpFunctionEnd
"#;

/// `MARK_SPVASM` with its block shape fixed at 32 x 1 x 1.
fn mark_spvasm_fixed_32() -> String {
    MARK_SPVASM
        .lines()
        .filter(|l| !l.contains("SpecId"))
        .collect::<Vec<_>>()
        .join("\n")
        .replace("LocalSize 1 1 1", "LocalSize 32 1 1")
        .replace("%bx = OpSpecConstant %uint 1", "%bx = OpConstant %uint 32")
        .replace("OpSpecConstant %uint 1", "OpConstant %uint 1")
        .replace("OpSpecConstantComposite", "OpConstantComposite")
}

/// SPIR-V assembly to words with `spirv-as` (spirv-tools; required in CI).
fn assemble(text: &str, name: &str) -> Option<Vec<u32>> {
    if !cuwasm_test_support::external_tool("spirv-as") {
        return None;
    }
    let base = std::env::temp_dir().join(format!("cuwasm-webgpu-{}-{name}", std::process::id()));
    let (source, binary) = (base.with_extension("spvasm"), base.with_extension("spv"));
    std::fs::write(&source, text).unwrap();
    let out = std::process::Command::new("spirv-as")
        .args(["--target-env", "vulkan1.1", "-o"])
        .arg(&binary)
        .arg(&source)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "spirv-as: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&binary).unwrap();
    let _ = (std::fs::remove_file(source), std::fs::remove_file(binary));
    Some(
        bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes(c.try_into().unwrap()))
            .collect(),
    )
}

/// The ways a SPIR-V kernel reaches the driver on this adapter: naga's
/// reader, and passthrough where the adapter has it (where it has not, a
/// device asking for it is refused).
fn spirv_paths(index: usize) -> Vec<WebGpuOptions> {
    let features = webgpu::adapters()[index].features;
    let passthrough = WebGpuOptions {
        spirv_passthrough: true,
    };
    if features.contains(webgpu::wgpu::Features::PASSTHROUGH_SHADERS) {
        return vec![WebGpuOptions::default(), passthrough];
    }
    let e = WebGpuDevice::with_options(index, vec![], passthrough).unwrap_err();
    assert_eq!(e.code, CudaError::InitializationError, "{e}");
    vec![WebGpuOptions::default()]
}

/// Run `mark` on `d` over `blocks` blocks of `threads` and check that
/// every element was written once and gridDim.x reached the kernel.
fn check_mark(d: &WebGpuDevice, blocks: u32, threads: u32, len: u32) {
    let out = d.alloc(4 * (len as usize + 1)).unwrap();
    d.memset(out, 0, 4 * (len as usize + 1)).unwrap();
    let config = LaunchConfig::linear(blocks, threads);
    launch(
        d,
        "m.mark",
        config,
        &[&out.to_le_bytes(), &len.to_le_bytes()],
    )
    .unwrap();
    let got = words(&download(d, out, 4 * (len as usize + 1)));
    for (i, &v) in got[..len as usize].iter().enumerate() {
        assert_eq!(
            v,
            i as u32 + 1,
            "element {i} of {len} ({blocks} blocks of {threads})"
        );
    }
    assert_eq!(got[len as usize], blocks, "gridDim.x");
    d.free(out).unwrap();
}

#[test]
fn spirv_kernels_are_specialized_per_block_shape_through_naga_and_passthrough() {
    let Some(index) = adapter_index() else { return };
    let Some(spirv) = assemble(MARK_SPVASM, "mark") else {
        return;
    };
    let mut rng = Random::fresh("spirv mark");
    let (layout, _) = mark();
    for options in spirv_paths(index) {
        let kernels = vec![(layout.clone(), Shader::SpirV(spirv.clone()))];
        let d = WebGpuDevice::with_options(index, kernels, options).unwrap();
        let limit = d.limits().max_compute_workgroups_per_dimension;
        // Several shapes on one device: one pipeline each.
        for threads in [32, 1, 256, 32] {
            let blocks = rng.below(1, 3000);
            let len = blocks * threads - rng.below(0, threads);
            check_mark(&d, blocks, threads, len);
        }
        // Split dispatches.
        let blocks = limit + rng.below(1, 1000);
        check_mark(&d, blocks, 2, 2 * blocks);
        d.synchronize().unwrap();
        eprintln!("{options:?}: ok");
    }
}

#[test]
fn spirv_with_a_fixed_block_shape_refuses_other_shapes() {
    let Some(index) = adapter_index() else { return };
    let Some(spirv) = assemble(&mark_spvasm_fixed_32(), "mark-fixed") else {
        return;
    };
    let (layout, _) = mark();
    for options in spirv_paths(index) {
        let kernels = vec![(layout.clone(), Shader::SpirV(spirv.clone()))];
        let d = WebGpuDevice::with_options(index, kernels, options).unwrap();
        let p = d.alloc(4).unwrap();
        let e = launch(
            &d,
            "m.mark",
            LaunchConfig::linear(1, 64),
            &[&p.to_le_bytes(), &0u32.to_le_bytes()],
        )
        .unwrap_err();
        assert_eq!(e.code, CudaError::InvalidConfiguration, "{e}");
        check_mark(&d, 70, 32, 70 * 32 - 5);
    }
}

#[test]
fn spirv_that_is_not_spirv_is_an_error() {
    let Some(index) = adapter_index() else { return };
    let (layout, _) = mark();
    for options in spirv_paths(index) {
        let e = WebGpuDevice::with_options(
            index,
            vec![(layout.clone(), Shader::SpirV(vec![1, 2, 3, 4, 5, 6]))],
            options,
        )
        .unwrap_err();
        assert_eq!(e.code, CudaError::InitializationError, "{e}");
        assert!(e.message.contains("magic"), "{e}");
    }
    let Some(spirv) = assemble(MARK_SPVASM, "mark-truncated") else {
        return;
    };
    // Cut off inside an instruction (OpLabel, OpReturn, OpFunctionEnd end
    // it): the runtime's own reading finds it.
    let cut = Shader::SpirV(spirv[..spirv.len() - 3].to_vec());
    let e = WebGpuDevice::new(index, vec![(layout.clone(), cut)]).unwrap_err();
    assert!(e.message.contains("malformed instruction"), "{e}");
    // Without its last instruction (OpFunctionEnd): naga's reader names what is wrong.
    assert_eq!(spirv.last(), Some(&((1 << 16) | 56)));
    let cut = Shader::SpirV(spirv[..spirv.len() - 1].to_vec());
    let e = WebGpuDevice::new(index, vec![(layout, cut)]).unwrap_err();
    assert_eq!(e.code, CudaError::InitializationError, "{e}");
    eprintln!("{e}");
}

#[test]
fn host_threads_launch_and_copy_at_the_same_time() {
    let Some(d) = device() else { return };
    let mut rng = Random::fresh("threads");
    let seeds: Vec<u64> = (0..4).map(|_| u64::from(rng.next()) << 32 | 1).collect();
    std::thread::scope(|scope| {
        for seed in seeds {
            let d = &d;
            scope.spawn(move || {
                let mut rng = Random(seed);
                for _ in 0..5 {
                    let n = rng.below(1, 5000) as usize;
                    let x: Vec<f32> = (0..n).map(|_| rng.float()).collect();
                    let y: Vec<f32> = (0..n).map(|_| rng.float()).collect();
                    let a = rng.float();
                    let (px, py) = (upload(d, &f32_bytes(&x)), upload(d, &f32_bytes(&y)));
                    let config = LaunchConfig::linear((n as u32).div_ceil(64), 64);
                    let args: [&[u8]; 4] = [
                        &(n as i32).to_le_bytes(),
                        &a.to_le_bytes(),
                        &px.to_le_bytes(),
                        &py.to_le_bytes(),
                    ];
                    launch(d, "m.saxpy", config, &args).unwrap();
                    check_saxpy(&floats(&download(d, py, 4 * n)), a, &x, &y);
                    d.free(px).unwrap();
                    d.free(py).unwrap();
                }
            });
        }
    });
    d.synchronize().unwrap();
}

#[test]
fn shaders_may_use_the_adapters_optional_features() {
    let Some(index) = adapter_index() else { return };
    // `enable f16;`: the device asks for SHADER_F16 where the adapter has it.
    let wgsl = "enable f16;\n".to_string()
        + &prelude(3)
        + "
@group(0) @binding(1) var<storage, read_write> out: array<u32>;

@compute @workgroup_size(cuwasm_block_x, cuwasm_block_y, cuwasm_block_z)
fn mark(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) tid: vec3<u32>) {
    let i = (wg.x + cuwasm_params[1].x) * cuwasm_block_x + tid.x;
    if (i < cuwasm_params[2].y) {
        let half = f16(i32(i) - 1000) * 2.0h;
        out[cuwasm_params[2].x / 4u + i] = bitcast<u32>(i32(half));
    }
}
";
    let (layout, _) = mark();
    let made = WebGpuDevice::new(index, vec![(layout, Shader::Wgsl(wgsl))]);
    if !webgpu::adapters()[index]
        .features
        .contains(webgpu::wgpu::Features::SHADER_F16)
    {
        assert_eq!(made.unwrap_err().code, CudaError::InitializationError);
        return;
    }
    let d = made.unwrap();
    // Integers up to 2048 in magnitude are exact in f16.
    let n = 2000u32;
    let out = d.alloc(4 * n as usize).unwrap();
    launch(
        &d,
        "m.mark",
        LaunchConfig::linear(n.div_ceil(64), 64),
        &[&out.to_le_bytes(), &n.to_le_bytes()],
    )
    .unwrap();
    let got: Vec<i32> = words(&download(&d, out, 4 * n as usize))
        .into_iter()
        .map(|w| w as i32)
        .collect();
    assert_eq!(
        got,
        (0..n as i32).map(|i| 2 * (i - 1000)).collect::<Vec<_>>()
    );
}

#[test]
fn managed_memory_is_host_memory_kept_in_step_with_launches() {
    let Some(d) = device() else { return };
    let mut rng = Random::fresh("managed");
    let n = rng.below(100, 5000) as usize;
    let (px, py) = (
        d.alloc_managed(4 * n).unwrap(),
        d.alloc_managed(4 * n).unwrap(),
    );
    assert!(d.contains(px, 4 * n) && !d.contains(px, 4 * n + 1));
    // SAFETY: managed memory is host memory of 4n bytes, 256-aligned.
    let (x, y) = unsafe {
        (
            std::slice::from_raw_parts_mut(px as *mut f32, n),
            std::slice::from_raw_parts_mut(py as *mut f32, n),
        )
    };
    assert!(y.iter().all(|&v| v == 0.0), "zeroed");
    x.iter_mut().for_each(|v| *v = rng.float());
    y.iter_mut().for_each(|v| *v = rng.float());
    let (x0, y0) = (x.to_vec(), y.to_vec());
    let a = rng.float();
    let saxpy = |d: &WebGpuDevice| {
        let config = LaunchConfig::linear((n as u32).div_ceil(64), 64);
        let args: [&[u8]; 4] = [
            &(n as i32).to_le_bytes(),
            &a.to_le_bytes(),
            &px.to_le_bytes(),
            &py.to_le_bytes(),
        ];
        launch(d, "m.saxpy", config, &args).unwrap();
    };
    let step = |x: f32, y: f32| [a * x + y, a.mul_add(x, y)];
    // Twice before synchronizing: the second launch sees the first's y.
    saxpy(&d);
    saxpy(&d);
    d.synchronize().unwrap();
    for i in 0..n {
        let once = step(x0[i], y0[i]);
        let want: Vec<f32> = once.iter().flat_map(|&y1| step(x0[i], y1)).collect();
        assert!(want.contains(&y[i]), "y[{i}] = {} for {want:?}", y[i]);
    }
    // Host writes after a synchronize reach the next launch.
    let y1 = y.to_vec();
    y[0] = 1000.0;
    saxpy(&d);
    d.synchronize().unwrap();
    assert!(step(x0[0], 1000.0).contains(&y[0]));
    assert!(step(x0[1], y1[1]).contains(&y[1]));
    // The runtime's copies and memset see and change the same memory.
    let mut back = vec![0u8; 4 * n];
    d.copy_to_host(&mut back, py).unwrap();
    assert_eq!(floats(&back), y.to_vec());
    d.memset(px + 4, 0, 8).unwrap();
    assert_eq!(x[1..3], [0.0, 0.0]);
    let plain = upload(&d, &f32_bytes(&x0));
    d.copy_device_to_device(px, plain, 4 * n).unwrap();
    assert_eq!(x.to_vec(), x0);
    d.copy_device_to_device(plain + 4, py, 8).unwrap();
    assert_eq!(floats(&download(&d, plain, 12)), [x0[0], y[0], y[1]]);
    d.free(px).unwrap();
    d.free(py).unwrap();
    assert!(!d.contains(px, 4));
    assert_eq!(
        d.free(px).unwrap_err().code,
        CudaError::InvalidDevicePointer
    );
}

#[test]
fn a_struct_passed_by_value_is_copied_from_the_callers_copy() {
    let Some(d) = device() else { return };
    let mut rng = Random::fresh("by value");
    let (mul, add, n) = (rng.next(), rng.next(), rng.below(1, 3000));
    let out = d.alloc(4 * n as usize).unwrap();
    // The argument is the address of the caller's struct (docs/cpu-abi.md).
    let params = u32_bytes(&[mul, add, n]);
    let address = params.as_ptr() as u64;
    launch(
        &d,
        "m.affine",
        LaunchConfig::linear(n.div_ceil(32), 32),
        &[&out.to_le_bytes(), &address.to_le_bytes()],
    )
    .unwrap();
    let got = words(&download(&d, out, 4 * n as usize));
    let want: Vec<u32> = (0..n)
        .map(|i| i.wrapping_mul(mul).wrapping_add(add))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn bounds_checks_drop_out_of_bounds_writes_and_may_be_left_out() {
    let Some(index) = adapter_index() else { return };
    let mut rng = Random::fresh("checks");
    // wgpu's checks: mark told of 4096 elements in a buffer of 64 writes
    // the 64 and drops the rest (and gridDim's store past the end).
    let d = WebGpuDevice::new(index, all_kernels()).unwrap();
    let out = d.alloc(4 * 64).unwrap();
    d.memset(out, 0, 4 * 64).unwrap();
    let len = 4096u32;
    launch(
        &d,
        "m.mark",
        LaunchConfig::linear(len / 64, 64),
        &[&out.to_le_bytes(), &len.to_le_bytes()],
    )
    .unwrap();
    assert_eq!(
        words(&download(&d, out, 4 * 64)),
        (1..=64).collect::<Vec<_>>()
    );
    d.synchronize().unwrap();
    // Without bounds checks, kernels that stay in bounds compute the same.
    let mut checks = webgpu::wgpu::ShaderRuntimeChecks::checked();
    checks.bounds_checks = false;
    let d =
        WebGpuDevice::with_checks(index, all_kernels(), WebGpuOptions::default(), checks).unwrap();
    let n = rng.below(100, 5000) as usize;
    let x: Vec<f32> = (0..n).map(|_| rng.float()).collect();
    let y: Vec<f32> = (0..n).map(|_| rng.float()).collect();
    let a = rng.float();
    let (px, py) = (upload(&d, &f32_bytes(&x)), upload(&d, &f32_bytes(&y)));
    let args: [&[u8]; 4] = [
        &(n as i32).to_le_bytes(),
        &a.to_le_bytes(),
        &px.to_le_bytes(),
        &py.to_le_bytes(),
    ];
    launch(
        &d,
        "m.saxpy",
        LaunchConfig::linear((n as u32).div_ceil(64), 64),
        &args,
    )
    .unwrap();
    check_saxpy(&floats(&download(&d, py, 4 * n)), a, &x, &y);
}

#[test]
fn streams_run_in_order_and_events_bracket_the_kernels_they_time() {
    let Some(d) = device() else { return };
    let mut rng = Random::fresh("streams");
    let n = (1u32 << 18) + rng.below(0, 1000);
    let out = d.alloc(4 * (n as usize + 1)).unwrap();
    d.memset(out, 0, 4 * (n as usize + 1)).unwrap();
    let (s1, s2) = (d.create_stream().unwrap(), d.create_stream().unwrap());
    let (start, end) = (d.create_event().unwrap(), d.create_event().unwrap());
    let args: [&[u8]; 2] = [&out.to_le_bytes(), &n.to_le_bytes()];
    let ptrs: Vec<*const u8> = args.iter().map(|a| a.as_ptr()).collect();
    let params = KernelParams {
        ptr: ptrs.as_ptr(),
        len: 2,
    };
    let k = kernel(&d, "m.mark");
    let config = LaunchConfig::linear(n.div_ceil(256), 256);
    d.record_event(start, s1).unwrap();
    // Twice, on two streams: each element ends at twice its index plus one.
    for s in [s1, s2] {
        // SAFETY: the arguments have the sizes of mark's parameters.
        unsafe { d.launch_on_stream(&k, &config, params, s) }.unwrap();
    }
    d.record_event(end, s2).unwrap();
    d.synchronize_event(end).unwrap();
    let ms = d.event_elapsed_ms(start, end).unwrap();
    let kernel_time = d.last_kernel_time();
    eprintln!(
        "two launches of mark over {n} threads: {ms} ms between the events; the last kernel {kernel_time:?}"
    );
    assert!(ms > 0.0 && ms < 60_000.0, "{ms} ms");
    if let Some(t) = kernel_time {
        assert!(
            f64::from(ms) * 1e6 >= t.as_nanos() as f64 * 0.999,
            "the events bracket the kernel: {ms} ms < {t:?}"
        );
    }
    d.synchronize_stream(s1).unwrap();
    let got = words(&download(&d, out, 4 * n as usize));
    assert!(
        got.iter()
            .enumerate()
            .all(|(i, &v)| v == 2 * (i as u32 + 1))
    );
    // Handles that are not (or no longer) live.
    let unrecorded = d.create_event().unwrap();
    assert_eq!(
        d.event_elapsed_ms(start, unrecorded).unwrap_err().code,
        CudaError::InvalidResourceHandle
    );
    d.destroy_event(unrecorded).unwrap();
    assert_eq!(
        d.record_event(unrecorded, 0).unwrap_err().code,
        CudaError::InvalidResourceHandle
    );
    d.destroy_stream(s2).unwrap();
    // SAFETY: as above.
    let e = unsafe { d.launch_on_stream(&k, &config, params, s2) }.unwrap_err();
    assert_eq!(e.code, CudaError::InvalidResourceHandle);
    assert_eq!(
        d.synchronize_stream(s2).unwrap_err().code,
        CudaError::InvalidResourceHandle
    );
    assert_eq!(
        d.record_event(start, 12345).unwrap_err().code,
        CudaError::InvalidResourceHandle
    );
    d.destroy_stream(s1).unwrap();
    d.destroy_event(start).unwrap();
    d.destroy_event(end).unwrap();
}
