// __half2 halves made of constants and of loaded values, read back as
// floats: the high half of a word is shifted down before unpack2x16float,
// because lavapipe (Mesa 22.3) folds the high half of unpack2x16float of a
// constant to 0 (the high halves printed 0 before).
// RUN: cuwasm-run --device=cpu %s | FileCheck %s
// RUN: cuwasm-run --device=webgpu %s | FileCheck %s
// RUN: cuwasm-opt --emit=wgsl %s | FileCheck %s --check-prefix=WGSL

// CHECK: -0.5 0.25 0.25 0.5 -1.5 3 0.25 -2 3.25 -2
// WGSL-NOT: unpack2x16float({{[^)]*}})[1
// WGSL: f16(unpack2x16float(({{.*}} >> 16u))[0])
#include <cuda_fp16.h>
#include <cstdio>

__global__ void halves(const float *in, float *out) {
  __half2 c = __floats2half2_rn(-0.5f, 0.25f);
  __half2 d = __floats2half2_rn(0.25f, 0.5f);
  __half2 e = __floats2half2_rn(in[1], in[0]);
  __half2 f = __floats2half2_rn(0.25f, -2.0f);
  __half2 g = __hadd2(__floats2half2_rn(in[0], in[1]), __floats2half2_rn(0.25f, -0.5f));
  out[0] = __low2float(c);
  out[1] = __high2float(c);
  out[2] = __low2float(d);
  out[3] = __high2float(d);
  out[4] = __low2float(e);
  out[5] = __high2float(e);
  out[6] = __low2float(f);
  out[7] = __high2float(f);
  out[8] = __low2float(g);
  out[9] = __high2float(g);
}

int main() {
  float in[2] = {3.0f, -1.5f}, out[10];
  float *d_in, *d_out;
  cudaMalloc(&d_in, sizeof in);
  cudaMalloc(&d_out, sizeof out);
  cudaMemcpy(d_in, in, sizeof in, cudaMemcpyHostToDevice);
  halves<<<1, 1>>>(d_in, d_out);
  cudaMemcpy(out, d_out, sizeof out, cudaMemcpyDeviceToHost);
  for (int i = 0; i < 10; i++) printf("%g ", out[i]);
  printf("\n");
  return 0;
}
