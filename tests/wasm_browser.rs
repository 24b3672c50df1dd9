//! An emitted kernel module in a browser: examples/wasm-node/index.html,
//! served cross-origin isolated by serve.mjs (the module's memory is
//! shared), runs CUDA kernels compiled by `cuwasm-opt --emit=wasm` in
//! headless Chromium on fresh inputs; the numbers it reports are compared
//! with results computed here. Needs `node` and `chromium` (.ci/run
//! installs both).

#[path = "../runtime/tests/common/node.rs"]
mod node;

use cuwasm_tests::browser::{CHROMIUM, percent_encode, report_of_page};
use cuwasm_tests::{emit_wasm_module, external_tool};
use node::{Run, f32_buffer, list, random};
use std::path::{Path, PathBuf};

const KERNELS: &str = r#"
__constant__ int weights[4] = {3, -1, 4, 2};

__global__ void saxpy(int n, float a, const float *x, float *y) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) y[i] = a * x[i] + y[i];
}

// Each block reverses its tile through shared memory, weighted.
__global__ void reverse(const int *in, int *out) {
    __shared__ int tile[128];
    int t = threadIdx.x, base = blockIdx.x * blockDim.x;
    tile[t] = in[base + t];
    __syncthreads();
    out[base + t] = tile[blockDim.x - 1 - t] * weights[t % 4];
}

int main() { return 0; }
"#;

fn serve_mjs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/wasm-node/serve.mjs")
}

/// Run `kernel` of `module` in the page with `args` (args.mjs syntax).
fn run_in_browser(module: &Path, kernel: &str, grid: usize, block: usize, args: &[String]) -> Run {
    let name = module.file_name().unwrap().to_str().unwrap();
    let mut query = format!("index.html?module=/{name}&kernel={kernel}&grid={grid}&block={block}");
    for a in args {
        query.push_str("&arg=");
        query.push_str(&percent_encode(a));
    }
    query.push_str("&report=/report");
    let json =
        report_of_page(&serve_mjs(), &[module], &query, &[]).unwrap_or_else(|e| panic!("{e}"));
    assert!(!json.contains("\"error\""), "the page failed: {json}");
    Run {
        status: 0,
        stdout: json,
        stderr: String::new(),
    }
}

#[test]
fn emitted_kernels_give_the_same_numbers_in_chromium() {
    if !external_tool("node") || !external_tool(CHROMIUM) {
        return;
    }
    let module = emit_wasm_module("wasm-browser", KERNELS);
    let mut seed = 0x5eed_u64 ^ std::process::id() as u64;

    let n = 700usize;
    let x: Vec<f32> = (0..n).map(|_| random(&mut seed) as f32 / 9e5).collect();
    let y: Vec<f32> = (0..n).map(|_| random(&mut seed) as f32 / 4e6).collect();
    let a = 0.375f32;
    let args = [
        format!("i32:{n}"),
        format!("f32:{a}"),
        f32_buffer(&x),
        f32_buffer(&y),
    ];
    let r = run_in_browser(&module, "kernels.saxpy", n.div_ceil(64), 64, &args);
    let expected: Vec<f32> = x.iter().zip(&y).map(|(x, y)| a * x + y).collect();
    assert_eq!(r.numbers::<f32>(3), expected);

    let (threads, blocks) = (128usize, 5usize);
    let input: Vec<i32> = (0..threads * blocks)
        .map(|_| (random(&mut seed) % 50_000) as i32 - 25_000)
        .collect();
    let args = [list("i32", &input), format!("i32[{}]", input.len())];
    let r = run_in_browser(&module, "kernels.reverse", blocks, threads, &args);
    let weights = [3, -1, 4, 2];
    let expected: Vec<i32> = (0..input.len())
        .map(|g| {
            let (b, t) = (g / threads, g % threads);
            input[b * threads + threads - 1 - t] * weights[t % 4]
        })
        .collect();
    assert_eq!(r.numbers::<i32>(1), expected);
}
