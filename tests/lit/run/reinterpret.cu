// Bit reinterpretation intrinsics give IEEE bit patterns and back.
// RUN: cuwasm-run %s | FileCheck %s

#include <stdio.h>

__global__ void k(unsigned *u, float *f, long long *l) {
  u[0] = __float_as_uint(1.0f);
  f[0] = __int_as_float(0x40490fdb);
  l[0] = __double_as_longlong(-2.0);
}

// CHECK: 3f800000 3.14159 c000000000000000
int main(void) {
  unsigned *u, hu;
  float *f, hf;
  long long *l, hl;
  cudaMalloc(&u, 4);
  cudaMalloc(&f, 4);
  cudaMalloc(&l, 8);
  k<<<1, 1>>>(u, f, l);
  cudaMemcpy(&hu, u, 4, cudaMemcpyDeviceToHost);
  cudaMemcpy(&hf, f, 4, cudaMemcpyDeviceToHost);
  cudaMemcpy(&hl, l, 8, cudaMemcpyDeviceToHost);
  printf("%x %g %llx\n", hu, hf, hl);
  return 0;
}
