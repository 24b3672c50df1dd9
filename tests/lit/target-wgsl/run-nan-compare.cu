// `!=` (arith.cmpf une) is true when either side is a NaN: the WGSL target
// tests for NaN by the bits, since lavapipe assumes no NaN and made
// `z != z` and `NaN != 0` false (all three printed 0 before).
// RUN: cuwasm-run --device=cpu %s | FileCheck %s
// RUN: cuwasm-run --device=webgpu %s | FileCheck %s
// RUN: cuwasm-run --device=webgpu --shader=spirv-passthrough %s | FileCheck %s

// CHECK: ne 1 1 1 0
#include <stdio.h>

__global__ void ne(const float *in, int *out) {
  float z = in[0] / in[0];
  out[0] = z != z;
  out[1] = in[1] != in[1];
  out[2] = z != in[0];
  out[3] = in[0] != in[0];
}

int main() {
  float h[2] = {0.0f, 0.0f};
  h[1] = h[0] / h[0];
  float *d_in;
  int *d_out, r[4];
  cudaMalloc(&d_in, sizeof h);
  cudaMalloc(&d_out, sizeof r);
  cudaMemcpy(d_in, h, sizeof h, cudaMemcpyHostToDevice);
  ne<<<1, 1>>>(d_in, d_out);
  cudaMemcpy(r, d_out, sizeof r, cudaMemcpyDeviceToHost);
  printf("ne %d %d %d %d\n", r[0], r[1], r[2], r[3]);
  return 0;
}
