// A grid of 70001 blocks in x is more than WebGPU's 65535 workgroups per
// dimension: the runtime splits it into dispatches and the shader adds the
// dispatch's block-id offset (parameter words 4..7) to workgroup_id, while
// gridDim stays the whole launch's.
// RUN: cuwasm-run --device=cpu %s | FileCheck %s
// RUN: cuwasm-run --device=webgpu %s | FileCheck %s

// CHECK: blocks 70001: 0 wrong
#include <cstdio>
#include <cstdlib>
__global__ void ids(unsigned *out, int n) {
  unsigned b = blockIdx.x + gridDim.x * blockIdx.y;
  unsigned i = b * blockDim.x + threadIdx.x;
  if (i < (unsigned)n) out[i] = b ^ (threadIdx.x << 20) ^ (gridDim.x << 8);
}
int main() {
  const int n = 70001 * 2;
  unsigned *h = (unsigned *)malloc(n * sizeof(unsigned));
  unsigned *d;
  cudaMalloc(&d, n * sizeof(unsigned));
  ids<<<dim3(70001, 1), 2>>>(d, n);
  cudaMemcpy(h, d, n * sizeof(unsigned), cudaMemcpyDeviceToHost);
  int bad = 0;
  for (int i = 0; i < n; i++) {
    unsigned b = i / 2, t = i % 2;
    if (h[i] != (b ^ (t << 20) ^ (70001u << 8))) bad++;
  }
  printf("blocks 70001: %d wrong\n", bad);
  return 0;
}
