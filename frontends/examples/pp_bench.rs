//! Times the preprocessor on a generated 2,000-line CUDA file (the shipped
//! headers included, as nvcc includes cuda_runtime.h): `cargo run --release
//! -p cuwasm-frontends --example pp_bench [LINES]`.

use cuwasm_frontends::cuda::{PreprocessOptions, Source, preprocess};
use std::time::Instant;

fn main() {
    let lines: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(2000);
    let src = generate(lines);
    for device in [false, true] {
        let opts = PreprocessOptions::for_side(device);
        let mut best = f64::MAX;
        let mut ntok = 0;
        for _ in 0..20 {
            let t = Instant::now();
            let p = preprocess(
                Source::Text {
                    name: "bench.cu",
                    text: &src,
                },
                &opts,
            )
            .unwrap_or_else(|e| panic!("{}", e.render()));
            best = best.min(t.elapsed().as_secs_f64());
            ntok = p.tokens.len();
        }
        println!(
            "{} lines, device={device}: {ntok} tokens, best of 20: {:.3} ms",
            src.lines().count(),
            best * 1e3
        );
    }
}

/// Kernels and host code in the usual style: macros, loops, launches.
fn generate(lines: usize) -> String {
    let mut s = String::from(
        "#include <cuda_runtime.h>\n#include <stdio.h>\n#include <math.h>\n\
         #define BLOCK 256\n#define IDX(i, j, n) ((i) * (n) + (j))\n\
         #define CHECK(call) do { cudaError_t e = (call); if (e != cudaSuccess) { \\\n\
           fprintf(stderr, \"%s:%d: %s\\n\", __FILE__, __LINE__, cudaGetErrorString(e)); exit(1); } } while (0)\n",
    );
    let mut k = 0;
    while s.lines().count() < lines {
        s.push_str(&format!(
            "__global__ void kernel{k}(const float* __restrict__ a, float* b, int n) {{\n\
             \x20 __shared__ float tile[BLOCK];\n\
             \x20 int i = blockIdx.x * blockDim.x + threadIdx.x; // global index\n\
             \x20 if (i < n) {{\n\
             \x20   tile[threadIdx.x] = a[IDX(i, 0, 1)] * 2.0f + sqrtf(fabsf(a[i]));\n\
             \x20 }}\n\
             \x20 __syncthreads();\n\
             #pragma unroll 4\n\
             \x20 for (int s = BLOCK / 2; s > 0; s >>= 1) {{\n\
             \x20   if (threadIdx.x < s) tile[threadIdx.x] += tile[threadIdx.x + s];\n\
             \x20   __syncthreads();\n\
             \x20 }}\n\
             \x20 if (threadIdx.x == 0) b[blockIdx.x] = tile[0];\n\
             }}\n\
             void launch{k}(const float* a, float* b, int n) {{\n\
             \x20 kernel{k}<<<(n + BLOCK - 1) / BLOCK, BLOCK>>>(a, b, n);\n\
             \x20 CHECK(cudaGetLastError());\n\
             \x20 CHECK(cudaDeviceSynchronize());\n\
             }}\n"
        ));
        k += 1;
    }
    s
}
