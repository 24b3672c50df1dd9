// A whole CUDA program as one HIP C++ file: the kernel (extern "C",
// named as its symbol), the host code on the HIP runtime, and a C main.
// The file compiles and links with hipcc for gfx90a.
// RUN: cuwasm-opt %s --emit=hip | FileCheck %s
// RUN: cuwasm-opt %s --emit=hip -o %t.hip
// RUN: hipcc --offload-arch=gfx90a -O2 -w %t.hip -o %t.exe

// CHECK: #define CUWASM_WAVEFRONT 64
// CHECK: extern "C" __global__ void add(char *[[A:v[0-9]+]], char *{{v[0-9]+}}, char *[[C:v[0-9]+]], uint32_t [[N:v[0-9]+]]) {
// CHECK: const bool [[IN:v[0-9]+]] = (int32_t)[[I:v[0-9]+]] < (int32_t)[[N]];
// CHECK-NEXT: if ([[IN]]) {
// CHECK-NEXT: const uint64_t [[I64:v[0-9]+]] = (uint64_t)(int32_t)[[I]];
// CHECK-NEXT: const uint64_t [[OFF:v[0-9]+]] = [[I64]] * 4ull;
// CHECK-NEXT: char *const [[PA:v[0-9]+]] = [[A]] + (int64_t)[[OFF]];
// CHECK-NEXT: const float [[X:v[0-9]+]] = cuwasm_load<float>([[PA]]);
// CHECK: const float [[SUM:v[0-9]+]] = [[X]] + {{v[0-9]+}};
// CHECK-NEXT: char *const [[PC:v[0-9]+]] = [[C]] + (int64_t)[[OFF]];
// CHECK-NEXT: cuwasm_store<float>([[PC]], [[SUM]]);
// CHECK-NEXT: }
// CHECK-NEXT: }

// CHECK: static uint32_t cuwasm_main();
// CHECK: static uint32_t cuwasm_main() {
// CHECK: char *[[D:v[0-9]+]] = nullptr;
// CHECK-NEXT: hipMalloc((void **)&[[D]], 4096ull);
// CHECK-NEXT: hipMemcpy([[D]], [[H:v[0-9]+]], 4096ull, hipMemcpyHostToDevice);
// CHECK-NEXT: add<<<dim3(4u, 1u, 1u), dim3(256u, 1u, 1u), 0ull, (hipStream_t)(char *)nullptr>>>([[D]], [[D]], [[D]], 1024u);
// CHECK-NEXT: const uint32_t [[ERR:v[0-9]+]] = hipDeviceSynchronize();
// CHECK-NEXT: hipMemcpy([[H]], [[D]], 4096ull, hipMemcpyDeviceToHost);
// CHECK: char *const [[MSG:v[0-9]+]] = (char *)hipGetErrorString((hipError_t)[[ERR]]);
// CHECK-NEXT: printf("sum=%f err=%s\n", {{v[0-9]+}}, [[MSG]]);
// CHECK-NEXT: hipFree([[D]]);
// CHECK-NEXT: free([[H]]);
// CHECK-NEXT: return 0u;
// CHECK: int main(int argc, char **argv) {
// CHECK: return (int)cuwasm_main();
#include <cstdio>
#include <cstdlib>

__global__ void add(const float *a, const float *b, float *c, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) c[i] = a[i] + b[i];
}

int main() {
  const int n = 1024;
  float *h = (float *)malloc(n * sizeof(float));
  for (int i = 0; i < n; ++i) h[i] = (float)i;
  float *d;
  cudaMalloc((void **)&d, n * sizeof(float));
  cudaMemcpy(d, h, n * sizeof(float), cudaMemcpyHostToDevice);
  add<<<n / 256, 256>>>(d, d, d, n);
  cudaError_t err = cudaDeviceSynchronize();
  cudaMemcpy(h, d, n * sizeof(float), cudaMemcpyDeviceToHost);
  double sum = 0;
  for (int i = 0; i < n; ++i) sum += h[i];
  printf("sum=%f err=%s\n", sum, cudaGetErrorString(err));
  cudaFree(d);
  free(h);
  return 0;
}
