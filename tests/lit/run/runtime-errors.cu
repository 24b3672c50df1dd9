// A failing cudaMalloc or cudaMemcpy returns the CUDA error code the program
// checks, as on a GPU; cudaGetLastError then reports and clears it.
// RUN: cuwasm-run %s | FileCheck %s

#include <cuda_runtime.h>
#include <stdio.h>

int main() {
  float *p = NULL;
  // CHECK: huge malloc: 2 out of memory
  cudaError_t e = cudaMalloc(&p, (size_t)1 << 60);
  printf("huge malloc: %d %s\n", (int)e, cudaGetErrorString(e));
  // CHECK-NEXT: last error: 2, then 0
  int first = (int)cudaGetLastError();
  printf("last error: %d, then %d\n", first, (int)cudaGetLastError());

  float *d = NULL;
  cudaMalloc(&d, 16 * sizeof(float));
  float host[16];
  // CHECK-NEXT: copy past the end: 1 invalid argument
  e = cudaMemcpy(host, d, 64 * sizeof(float), cudaMemcpyDeviceToHost);
  printf("copy past the end: %d %s\n", (int)e, cudaGetErrorString(e));
  // CHECK-NEXT: free twice: 0 then 17
  int f1 = (int)cudaFree(d);
  int f2 = (int)cudaFree(d);
  printf("free twice: %d then %d\n", f1, f2);
  return 0;
}
