// On the wasm device an access outside the kernel module's memory traps: the
// launch fails with cudaErrorIllegalAddress and the device names the trap,
// the kernel and the block. Pointers 4 GiB or more past the memory trap too
// (they do not wrap around into it).
// RUN: not cuwasm-run --device=wasm %s 2>&1 | FileCheck %s
// RUN: not cuwasm-run --device=wasm -DFAR %s 2>&1 | FileCheck %s

#include <cstdio>

__global__ void poke(float *p) {
#ifdef FAR
  p[threadIdx.x + (1ll << 32)] = 1.0f;
#else
  p[threadIdx.x + (1 << 28)] = 1.0f;
#endif
}

int main() {
  float *d;
  cudaMalloc(&d, 64 * sizeof(float));
  poke<<<2, 32>>>(d);
  cudaError_t e = cudaDeviceSynchronize();
  // CHECK: out-of-bounds memory access in kernel 'kernels.poke', block ({{[01]}},0,0)
  // CHECK: sync: an illegal memory access was encountered
  printf("sync: %s\n", cudaGetErrorString(e));
  return e == cudaSuccess ? 0 : 1;
}
