// cuwasm-run --check-bounds: every device-memory access of a kernel is
// checked. A clean program runs as before (device allocations, __constant__
// and __device__ variables, atomics and __shared__ memory are all valid); one
// write past a cudaMalloc'd buffer, or one read past a __shared__ array, is
// reported with its kernel, block and thread, is not performed, and makes the
// next cudaDeviceSynchronize fail with cudaErrorIllegalAddress.
// RUN: cuwasm-run --check-bounds %s 2>&1 | FileCheck %s --check-prefix=OK
// RUN: not cuwasm-run --check-bounds -DBAD_THREAD=200 %s 2>&1 | FileCheck %s --check-prefix=GLOBAL
// RUN: not cuwasm-run --check-bounds -DWRAP=0 %s 2>&1 | FileCheck %s --check-prefix=SHARED

// OK-NOT: error
// OK: check-bounds: PASSED

// GLOBAL: error: out-of-bounds write of 4 bytes at 0x{{[0-9a-f]+}}, 0 bytes past the end of a 1024-byte allocation at 0x{{[0-9a-f]+}}, in kernel 'fill', block (3,0,0), thread (8,0,0)
// GLOBAL-NEXT: CUDA error at line [[@LINE+56]]: an illegal memory access was encountered
// GLOBAL-NOT: PASSED

// SHARED: error: out-of-bounds read of 4 bytes at 0x{{[0-9a-f]+}}, 0 bytes past the end of the block's 256-byte static __shared__ memory at 0x{{[0-9a-f]+}}, in kernel 'rotate', block (0,0,0), thread (63,0,0)
// SHARED-NEXT: CUDA error at line [[@LINE+54]]: an illegal memory access was encountered
// SHARED-NOT: PASSED

#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>

#define CUDA_CHECK(call)                                                       \
  do {                                                                         \
    cudaError_t err_ = (call);                                                 \
    if (err_ != cudaSuccess) {                                                 \
      printf("CUDA error at line %d: %s\n", __LINE__, cudaGetErrorString(err_)); \
      exit(1);                                                                 \
    }                                                                          \
  } while (0)

#ifndef BAD_THREAD
#define BAD_THREAD -1
#endif
#ifndef WRAP
#define WRAP 1
#endif

__constant__ int scale[2];
__device__ int total;

// out[i] = 3i + 1; thread `bad` writes one element past the end instead.
__global__ void fill(int *out, int n, int bad) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int at = i == bad ? n : i;
  if (i < n) out[at] = i * scale[0] + scale[1];
  atomicAdd(&total, 1);
}

// Rotate the first 64 elements left by `shift` through shared memory;
// without `wrap`, thread 63 reads one element past the shared array.
__global__ void rotate(int *out, int shift, int wrap) {
  __shared__ int s[64];
  s[threadIdx.x] = out[threadIdx.x];
  __syncthreads();
  int j = threadIdx.x + shift;
  if (wrap) j = j % 64;
  out[threadIdx.x] = s[j];
}

int main() {
  const int n = 256;
  int *out = NULL;
  CUDA_CHECK(cudaMalloc(&out, n * sizeof(int)));
  int h_scale[2] = {3, 1};
  CUDA_CHECK(cudaMemcpyToSymbol(scale, h_scale, sizeof(h_scale)));
  fill<<<4, 64>>>(out, n, BAD_THREAD);
  CUDA_CHECK(cudaDeviceSynchronize());
  rotate<<<1, 64>>>(out, 1, WRAP);
  CUDA_CHECK(cudaDeviceSynchronize());

  int h[256];
  int h_total = 0;
  CUDA_CHECK(cudaMemcpy(h, out, n * sizeof(int), cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpyFromSymbol(&h_total, total, sizeof(int)));
  int ok = h_total == n;
  for (int i = 0; i < n; i++) {
    int src = i < 64 ? (i + 1) % 64 : i;
    if (h[i] != 3 * src + 1) ok = 0;
  }
  CUDA_CHECK(cudaFree(out));
  printf("check-bounds: %s\n", ok ? "PASSED" : "FAILED");
  return ok ? 0 : 1;
}
