//! Times the parser on a generated CUDA file of about 2,000 lines (kernels,
//! templates, structs, host code) plus the shipped headers it includes:
//! `cargo run --release -p cuwasm-frontends --example parse_bench [LINES]`.
//! Preprocessing is done once; the parse (tokens to AST) is timed, best of 20.

use cuwasm_frontends::cuda::{PreprocessOptions, Source, parser, preprocess};
use std::time::Instant;

fn main() {
    let lines: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(2000);
    let src = program(lines);
    for device in [false, true] {
        let opts = PreprocessOptions::for_side(device);
        let pp = preprocess(
            Source::Text {
                name: "bench.cu",
                text: &src,
            },
            &opts,
        )
        .unwrap_or_else(|e| panic!("{}", e.render()));
        let mut best = f64::MAX;
        let mut decls = 0;
        for _ in 0..20 {
            let t = Instant::now();
            let tu = parser::parse(&pp).unwrap_or_else(|d| {
                panic!(
                    "{}",
                    cuwasm_frontends::cuda::diag::render_all(&d, &pp.sources)
                )
            });
            best = best.min(t.elapsed().as_secs_f64());
            decls = tu.decls.len();
        }
        println!(
            "{} lines (+ headers), device={device}: {} tokens, {decls} top-level decls, parse best of 20: {:.3} ms",
            src.lines().count(),
            pp.tokens.len(),
            best * 1e3
        );
    }
}

/// A program in the usual style, repeated to about `lines` lines.
fn program(lines: usize) -> String {
    let mut s = String::from(
        "#include <cuda_runtime.h>\n#include <cstdio>\n#define BLOCK 256\n\
         struct Vec2 { float x, y; __host__ __device__ Vec2 operator+(const Vec2 &o) const { return {x + o.x, y + o.y}; } };\n",
    );
    let mut k = 0;
    while s.lines().count() < lines {
        s.push_str(&format!(
            r#"template <typename T, int B = BLOCK>
__global__ void reduce{k}(const T *__restrict__ in, T *out, int n) {{
  __shared__ T buf[B];
  int i = blockIdx.x * B + threadIdx.x;
  buf[threadIdx.x] = i < n ? in[i] : T(0);
  __syncthreads();
#pragma unroll
  for (int s = B / 2; s > 0; s >>= 1) {{
    if (threadIdx.x < s) buf[threadIdx.x] += buf[threadIdx.x + s];
    __syncthreads();
  }}
  if (threadIdx.x == 0) atomicAdd(out, buf[0]);
}}
__device__ inline float f{k}(float a, float b) {{ return fmaf(a, b, 1.0f) * (a > b ? a : b); }}
__global__ void map{k}(const float *a, float *b, Vec2 *v, int n) {{
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {{
    float t = f{k}(a[i], (float)i);
    switch (i & 3) {{ case 0: t += 1.0f; break; case 1: t -= 1.0f; default: break; }}
    v[i] = v[i] + Vec2{{t, -t}};
    b[i] = t;
  }}
}}
void run{k}(const float *a, float *b, Vec2 *v, int n) {{
  dim3 grid((n + BLOCK - 1) / BLOCK), block(BLOCK);
  map{k}<<<grid, block>>>(a, b, v, n);
  reduce{k}<float><<<grid, block, 0>>>(a, b, n);
  if (cudaDeviceSynchronize() != cudaSuccess) printf("error in %d\n", {k});
}}
"#
        ));
        k += 1;
    }
    s
}
