//! An emitted kernel module in Node.js: CUDA kernels compiled by
//! `cuwasm-opt --emit=wasm`, run through the JavaScript loader
//! (examples/wasm-node/run.mjs) on fresh inputs, and compared with results
//! computed here. Needs `node` (Debian `nodejs`; .ci/run installs it).

#[path = "../runtime/tests/common/node.rs"]
mod node;

use cuwasm_tests::{emit_wasm_module, external_tool};
use node::{Run, f32_buffer, list, random};
use std::path::{Path, PathBuf};

const KERNELS: &str = r#"
__device__ unsigned counter;
__constant__ int weights[4] = {1, -2, 3, 5};

__global__ void saxpy(int n, float a, const float *x, float *y) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) y[i] = a * x[i] + y[i];
}

__global__ void histogram(int n, const unsigned *in, unsigned *bins) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        atomicAdd(&bins[in[i] % 16], 1u);
        atomicAdd(&counter, in[i]);
    }
}

// Each block reverses its tile through shared memory, weighted.
__global__ void reverse(const int *in, int *out) {
    __shared__ int tile[256];
    int t = threadIdx.x, base = blockIdx.x * blockDim.x;
    tile[t] = in[base + t];
    __syncthreads();
    out[base + t] = tile[blockDim.x - 1 - t] * weights[t % 4];
}

// out = in transposed, in a rows x cols matrix; 2D grid of 2D blocks.
__global__ void transpose(int rows, int cols, const float *in, float *out) {
    int c = blockIdx.x * blockDim.x + threadIdx.x;
    int r = blockIdx.y * blockDim.y + threadIdx.y;
    if (r < rows && c < cols) out[c * rows + r] = in[r * cols + c];
}

__global__ void poke(int *p, int i) { p[i] = 1; }

int main() { return 0; }
"#;

/// The kernel module of [`KERNELS`], emitted once per test.
fn emit(tag: &str) -> PathBuf {
    emit_wasm_module(tag, KERNELS)
}

/// `node run.mjs MODULE args...` (node is there: the test checked).
fn run(module: &Path, args: &[String]) -> Run {
    let run = node::node(&node::run_mjs(env!("CARGO_MANIFEST_DIR")), module, args).unwrap();
    assert!(run.status <= 1, "run.mjs: {}", run.stderr);
    run
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| s.to_string()).collect()
}

#[test]
fn emitted_kernels_give_the_same_numbers_in_node() {
    if !external_tool("node") {
        return;
    }
    let module = emit("wasm-node");
    let mut seed = 42;

    // saxpy over a grid that does not divide n.
    let n = 1000usize;
    let x: Vec<f32> = (0..n).map(|_| random(&mut seed) as f32 / 7e5).collect();
    let y: Vec<f32> = (0..n).map(|_| random(&mut seed) as f32 / 3e6).collect();
    let a = -1.625f32;
    let args = [
        "kernels.saxpy".into(),
        n.div_ceil(96).to_string(),
        "96".into(),
        format!("i32:{n}"),
        format!("f32:{a}"),
        f32_buffer(&x),
        f32_buffer(&y),
    ];
    let r = run(&module, &args);
    assert_eq!(r.status, 0, "{}", r.result());
    let expected: Vec<f32> = x.iter().zip(&y).map(|(x, y)| a * x + y).collect();
    assert_eq!(r.numbers::<f32>(3), expected);

    // Atomics on global memory and on a __device__ variable.
    let n = 3000usize;
    let input: Vec<u32> = (0..n).map(|_| random(&mut seed) % 100_000).collect();
    let args = [
        "kernels.histogram".into(),
        n.div_ceil(128).to_string(),
        "128".into(),
        "--read=kernels.counter:u32".into(),
        format!("i32:{n}"),
        list("u32", &input),
        "u32[16]".into(),
    ];
    let r = run(&module, &args);
    let mut bins = [0u32; 16];
    input.iter().for_each(|v| bins[(v % 16) as usize] += 1);
    assert_eq!(r.numbers::<u32>(2), bins);
    let counter = format!(r#""kernels.counter":[{}]"#, input.iter().sum::<u32>());
    assert!(r.result().contains(&counter), "{}", r.result());

    // Shared memory, a barrier and a __constant__ table.
    let (threads, blocks) = (64usize, 12usize);
    let input: Vec<i32> = (0..threads * blocks)
        .map(|_| (random(&mut seed) % 20_000) as i32 - 10_000)
        .collect();
    let args = [
        "kernels.reverse".into(),
        blocks.to_string(),
        threads.to_string(),
        list("i32", &input),
        format!("i32[{}]", input.len()),
    ];
    let r = run(&module, &args);
    let weights = [1, -2, 3, 5];
    let expected: Vec<i32> = (0..input.len())
        .map(|g| {
            let (b, t) = (g / threads, g % threads);
            input[b * threads + threads - 1 - t] * weights[t % 4]
        })
        .collect();
    assert_eq!(r.numbers::<i32>(1), expected);

    // A 2D grid of 2D blocks.
    let (rows, cols) = (37usize, 53usize);
    let m: Vec<f32> = (0..rows * cols).map(|i| i as f32 * 0.5 - 100.0).collect();
    let args = [
        "kernels.transpose".into(),
        format!("{},{}", cols.div_ceil(16), rows.div_ceil(8)),
        "16,8".into(),
        format!("i32:{rows}"),
        format!("i32:{cols}"),
        f32_buffer(&m),
        format!("f32[{}]", rows * cols),
    ];
    let r = run(&module, &args);
    let mut expected = vec![0f32; rows * cols];
    for r in 0..rows {
        for c in 0..cols {
            expected[c * rows + r] = m[r * cols + c];
        }
    }
    assert_eq!(r.numbers::<f32>(3), expected);

    // An access far outside the memory traps, naming kernel and block.
    let args = strings(&["kernels.poke", "1", "1", "i32[4]", "i32:536870912"]);
    let r = run(&module, &args);
    assert_eq!(r.status, 1);
    assert_eq!(
        r.field("message").as_deref(),
        Some("out-of-bounds memory access in kernel 'kernels.poke', block (0,0,0)")
    );
    assert_eq!(r.field("code").as_deref(), Some("cudaErrorIllegalAddress"));
}
