//! Emitted WGSL in a browser: examples/webgpu-browser/index.html runs CUDA
//! kernels compiled by `cuwasm-opt --emit=wgsl` through navigator.gpu in
//! headless Chromium (its WebGPU adapter here is SwiftShader) on fresh
//! inputs, with loader.mjs laying out the parameters and bindings as
//! docs/webgpu-abi.md says; the numbers it reports are compared with results
//! computed here. A page without a WebGPU adapter fails the test. Needs
//! `node` and `chromium` (.ci/run installs both).

#[path = "../runtime/tests/common/node.rs"]
mod node;

use cuwasm_tests::browser::{CHROMIUM, percent_encode, report_of_page};
use cuwasm_tests::external_tool;
use node::{Run, f32_buffer, list, random};
use std::path::{Path, PathBuf};

const KERNELS: &str = r#"
__constant__ int weights[4] = {3, -1, 4, 2};
__device__ unsigned int blocks_done;

__global__ void saxpy(int n, float a, const float *x, float *y) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) y[i] = a * x[i] + y[i];
}

// Each block sums its weighted slice in dynamic shared memory, a tree
// reduction with a barrier per step; thread 0 writes the block's sum and
// counts the block in a device variable.
__global__ void block_sum(const float *in, float *out, int n) {
    extern __shared__ float s[];
    int t = threadIdx.x, i = blockIdx.x * blockDim.x + t;
    s[t] = i < n ? in[i] * weights[t % 4] : 0.0f;
    __syncthreads();
    for (int k = blockDim.x / 2; k > 0; k >>= 1) {
        if (t < k) s[t] += s[t + k];
        __syncthreads();
    }
    if (t == 0) {
        out[blockIdx.x] = s[0];
        atomicAdd(&blocks_done, 1u);
    }
}

// Each warp sums its values with shuffles; lane 0 adds the sum into one of
// four bins, which warps of every block share.
__global__ void warp_bins(const int *in, int *bins, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    int v = i < n ? in[i] : 0;
    for (int o = 16; o > 0; o >>= 1) v += __shfl_down_sync(0xffffffffu, v, o);
    if ((threadIdx.x & 31) == 0) atomicAdd(&bins[(i / 32) % 4], v);
}

// Block ids of a grid wider than WebGPU's 65,535 workgroups per dimension
// (the loader splits it into dispatches).
__global__ void ids(unsigned *out, int n) {
    unsigned b = blockIdx.x + gridDim.x * blockIdx.y;
    unsigned i = b * blockDim.x + threadIdx.x;
    if (i < (unsigned)n) out[i] = b ^ (threadIdx.x << 20) ^ (gridDim.x << 8) ^ (blockIdx.y << 28);
}

// A struct passed by value and a 64-bit value (each at an even word of
// the parameter block), in a grid-stride loop.
struct Affine {
    int mul;
    int n;
};

__global__ void affine(int *y, const int *x, Affine s, long long add) {
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < s.n; i += gridDim.x * blockDim.x)
        y[i] = (int)((long long)x[i] * s.mul + add);
}

int main() { return 0; }
"#;

/// `cuwasm-opt --emit=wgsl` of `source`, as `kernels.wgsl` in a scratch folder.
fn emit_wgsl(source: &str) -> PathBuf {
    cuwasm_tests::emit_kernels("webgpu-browser", source, "wgsl")
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples")
}

/// One launch in the page.
struct Launch<'a> {
    kernel: &'a str,
    grid: &'a str,
    block: usize,
    shared_bytes: usize,
    args: &'a [String],
    /// Device variables to read back, `NAME:TYPE`.
    read: &'a [&'a str],
}

/// Run `launch` of the kernels in `wgsl` in headless Chromium.
fn run_in_browser(wgsl: &Path, launch: &Launch) -> Run {
    let name = wgsl.file_name().unwrap().to_str().unwrap();
    let mut query = format!(
        "webgpu-browser/index.html?wgsl=/{name}&kernel={}&grid={}&block={}&shared={}",
        launch.kernel,
        percent_encode(launch.grid),
        launch.block,
        launch.shared_bytes
    );
    for a in launch.args {
        query.push_str("&arg=");
        query.push_str(&percent_encode(a));
    }
    for r in launch.read {
        query.push_str("&read=");
        query.push_str(&percent_encode(r));
    }
    query.push_str("&report=/report");
    // serve.mjs serves examples/ (the page imports ../wasm-node/args.mjs)
    // and the kernels' file.
    let root = format!("--root={}", examples().display());
    let serve = examples().join("wasm-node/serve.mjs");
    let json = report_of_page(
        &serve,
        &[Path::new(&root), wgsl],
        &query,
        &["--enable-unsafe-webgpu"],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(!json.contains("\"error\""), "the page failed: {json}");
    assert!(
        json.contains("\"adapter\":{"),
        "the page names no WebGPU adapter: {json}"
    );
    Run {
        status: 0,
        stdout: json,
        stderr: String::new(),
    }
}

/// The values the page read back of device variable `name`.
fn variable(run: &Run, name: &str) -> Vec<String> {
    let json = run.result();
    let key = format!("\"{name}\":[");
    let start = json
        .find(&key)
        .unwrap_or_else(|| panic!("no variable {name} in {json}"))
        + key.len();
    let end = start + json[start..].find(']').unwrap();
    json[start..end].split(',').map(str::to_string).collect()
}

#[test]
fn emitted_wgsl_gives_the_same_numbers_in_chromium_webgpu() {
    if !external_tool("node") || !external_tool(CHROMIUM) {
        return;
    }
    let wgsl = emit_wgsl(KERNELS);
    let text = std::fs::read_to_string(&wgsl).unwrap();
    assert!(
        text.contains("// kernel: kernels.saxpy\n// layout: {\"name\":\"kernels.saxpy\","),
        "{text}"
    );
    let mut seed = 0x9e37_79b9_u64 ^ std::process::id() as u64;

    // saxpy: WGSL lets the multiply-add contract to an fma, so each element
    // is a * x + y rounded once or twice, nothing else.
    let n = 700usize;
    let x: Vec<f32> = (0..n).map(|_| random(&mut seed) as f32 / 9e5).collect();
    let y: Vec<f32> = (0..n).map(|_| random(&mut seed) as f32 / 4e6).collect();
    let a = 0.375f32 + (random(&mut seed) % 64) as f32 / 128.0;
    let args = [
        format!("i32:{n}"),
        format!("f32:{a}"),
        f32_buffer(&x),
        f32_buffer(&y),
    ];
    let grid = n.div_ceil(64).to_string();
    let r = run_in_browser(
        &wgsl,
        &Launch {
            kernel: "kernels.saxpy",
            grid: &grid,
            block: 64,
            shared_bytes: 0,
            args: &args,
            read: &[],
        },
    );
    let got = r.numbers::<f32>(3);
    assert_eq!(got.len(), n);
    for (i, &g) in got.iter().enumerate() {
        let (twice, once) = (a * x[i] + y[i], a.mul_add(x[i], y[i]));
        assert!(
            g == twice || g == once,
            "saxpy[{i}] = {g}, not {twice} (or {once} with an fma)"
        );
    }
    assert_eq!(r.numbers::<f32>(2), x, "x is only read");

    // block_sum: the same tree of additions, in f32, here.
    let (threads, n) = (128usize, 1000 + (random(&mut seed) % 24) as usize);
    let blocks = n.div_ceil(threads);
    let input: Vec<f32> = (0..n)
        .map(|_| (random(&mut seed) % 20_000) as f32 / 64.0 - 150.0)
        .collect();
    let args = [
        f32_buffer(&input),
        format!("f32[{blocks}]"),
        format!("i32:{n}"),
    ];
    let grid = blocks.to_string();
    let r = run_in_browser(
        &wgsl,
        &Launch {
            kernel: "kernels.block_sum",
            grid: &grid,
            block: threads,
            shared_bytes: threads * 4,
            args: &args,
            read: &["kernels.blocks_done:u32"],
        },
    );
    let weights = [3.0f32, -1.0, 4.0, 2.0];
    let expected: Vec<f32> = (0..blocks)
        .map(|b| {
            let mut s: Vec<f32> = (0..threads)
                .map(|t| match b * threads + t {
                    i if i < n => input[i] * weights[t % 4],
                    _ => 0.0,
                })
                .collect();
            let mut k = threads / 2;
            while k > 0 {
                for t in 0..k {
                    s[t] += s[t + k];
                }
                k /= 2;
            }
            s[0]
        })
        .collect();
    assert_eq!(r.numbers::<f32>(1), expected);
    assert_eq!(variable(&r, "kernels.blocks_done"), [blocks.to_string()]);

    // warp_bins: shuffles within each warp of 32, atomics across blocks.
    let (threads, n) = (256usize, 3000 + (random(&mut seed) % 100) as usize);
    let input: Vec<i32> = (0..n)
        .map(|_| (random(&mut seed) % 20_001) as i32 - 10_000)
        .collect();
    let args = [
        list("i32", &input),
        "i32[4]".to_string(),
        format!("i32:{n}"),
    ];
    let grid = n.div_ceil(threads).to_string();
    let r = run_in_browser(
        &wgsl,
        &Launch {
            kernel: "kernels.warp_bins",
            grid: &grid,
            block: threads,
            shared_bytes: 0,
            args: &args,
            read: &[],
        },
    );
    let mut bins = [0i32; 4];
    for (i, v) in input.iter().enumerate() {
        bins[(i / 32) % 4] += v;
    }
    assert_eq!(r.numbers::<i32>(1), bins);

    // affine: the struct's bytes and the i64 as the ABI places them.
    let n = 1000 + (random(&mut seed) % 50) as usize;
    let input: Vec<i32> = (0..n).map(|_| random(&mut seed) as i32).collect();
    let mul = (random(&mut seed) % 2_000_001) as i32 - 1_000_000;
    let add = ((random(&mut seed) as i64) << 20) - (1 << 50);
    let mut affine = mul.to_le_bytes().to_vec();
    affine.extend((n as i32).to_le_bytes());
    let hex: String = affine.iter().map(|b| format!("{b:02x}")).collect();
    let args = [
        format!("i32[{n}]"),
        list("i32", &input),
        format!("bytes:{hex}"),
        format!("i64:{add}"),
    ];
    let r = run_in_browser(
        &wgsl,
        &Launch {
            kernel: "kernels.affine",
            grid: "3",
            block: 64,
            shared_bytes: 0,
            args: &args,
            read: &[],
        },
    );
    let expected: Vec<i32> = input
        .iter()
        .map(|&x| (i64::from(x) * i64::from(mul) + add) as i32)
        .collect();
    assert_eq!(r.numbers::<i32>(0), expected);

    // ids: 70001 x 2 blocks, more than one dispatch in x.
    let (gx, gy, threads) = (70_001usize, 2usize, 2usize);
    let n = gx * gy * threads - 3;
    let args = [format!("u32[{n}]"), format!("i32:{n}")];
    let grid = format!("{gx},{gy}");
    let r = run_in_browser(
        &wgsl,
        &Launch {
            kernel: "kernels.ids",
            grid: &grid,
            block: threads,
            shared_bytes: 0,
            args: &args,
            read: &[],
        },
    );
    let expected: Vec<u32> = (0..n)
        .map(|i| {
            let (b, t) = ((i / threads) as u32, (i % threads) as u32);
            let by = b / gx as u32;
            b ^ (t << 20) ^ ((gx as u32) << 8) ^ (by << 28)
        })
        .collect();
    assert_eq!(r.numbers::<u32>(0), expected);
}
