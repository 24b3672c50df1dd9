// Host code on the HIP runtime: device, stream and event calls under their
// hip names (results returned through pointers land in locals), device
// properties through a helper that lays hipDeviceProp_t out as host code
// reads struct cudaDeviceProp (cpu_abi::device_prop), qsort, function
// pointers, and host variables initialized with addresses (after the
// prototypes, so that they may name functions). It compiles and links with
// hipcc for gfx90a.
// RUN: cuwasm-opt %s --emit=hip | FileCheck %s
// RUN: cuwasm-opt %s --emit=hip -o %t.hip
// RUN: hipcc --offload-arch=gfx90a -O2 -w %t.hip -o %t.exe

// CHECK-LABEL: // ---- host code
// CHECK: static hipError_t cuwasm_get_device_properties(char *out, int device) {
// CHECK-NEXT: hipDeviceProp_t p;
// CHECK-NEXT: const hipError_t e = hipGetDeviceProperties(&p, device);
// CHECK-NEXT: if (e != hipSuccess) return e;
// CHECK-NEXT: memset(out, 0, 424);
// CHECK-NEXT: strncpy(out + 0, p.name, 255);
// CHECK-NEXT: cuwasm_store<uint64_t>(out + 256, (uint64_t)p.totalGlobalMem);
// CHECK: cuwasm_store<int32_t>(out + 276, (int32_t)p.warpSize);
// CHECK: cuwasm_store<int32_t>(out + 300, (int32_t)p.maxThreadsDim[2]);
// CHECK: return hipSuccess;
// CHECK: static uint32_t twice(uint32_t v0);
// CHECK-NEXT: static uint32_t values[3] = {1u, 3u, 2u};
// CHECK-NEXT: static char * names[2] = {(char *)"twice", nullptr};
// CHECK-NEXT: static char * ops[2] = {(char *)&twice, nullptr};
// CHECK-NEXT: static char * first[1] = {(char *)values};
// CHECK: uint32_t [[COUNT:v[0-9]+]] = {};
// CHECK-NEXT: hipGetDeviceCount((int *)&[[COUNT]]);
// CHECK-NEXT: hipSetDevice((int)0u);
// CHECK-NEXT: uint32_t [[DEV:v[0-9]+]] = {};
// CHECK-NEXT: hipGetDevice((int *)&[[DEV]]);
// CHECK-NEXT: cuwasm_get_device_properties((char *)[[PROP:local_[0-9]+]], (int)[[DEV]]);
// CHECK-NEXT: char *[[S:v[0-9]+]] = {};
// CHECK-NEXT: hipStreamCreate((hipStream_t *)&[[S]]);
// CHECK-NEXT: char *[[A:v[0-9]+]] = {};
// CHECK-NEXT: hipEventCreate((hipEvent_t *)&[[A]]);
// CHECK-NEXT: char *[[B:v[0-9]+]] = {};
// CHECK-NEXT: hipEventCreate((hipEvent_t *)&[[B]]);
// CHECK: hipEventRecord((hipEvent_t)[[A]], (hipStream_t)[[S]]);
// CHECK-NEXT: k<<<dim3(1u, 1u, 1u), dim3(32u, 1u, 1u), 0ull, (hipStream_t)[[S]]>>>(
// CHECK-NEXT: hipEventRecord((hipEvent_t)[[B]], (hipStream_t)[[S]]);
// CHECK-NEXT: hipEventSynchronize((hipEvent_t)[[B]]);
// CHECK-NEXT: hipStreamSynchronize((hipStream_t)[[S]]);
// CHECK-NEXT: float [[MS:v[0-9]+]] = 0.0f;
// CHECK-NEXT: hipEventElapsedTime(&[[MS]], (hipEvent_t)[[A]], (hipEvent_t)[[B]]);
// CHECK-NEXT: hipEventDestroy((hipEvent_t)[[A]]);
// CHECK-NEXT: hipEventDestroy((hipEvent_t)[[B]]);
// CHECK-NEXT: hipStreamDestroy((hipStream_t)[[S]]);
// CHECK-NEXT: char *const [[CMP:v[0-9]+]] = (char *)&descending;
// CHECK-NEXT: qsort((char *)values, 3ull, 4ull, (int (*)(const void *, const void *))[[CMP]]);
// CHECK: char *const [[OPS:v[0-9]+]] = (char *)ops + (int64_t)0ull;
// CHECK-NEXT: char *const [[F:v[0-9]+]] = cuwasm_load<char *>([[OPS]]);
// CHECK: const uint32_t {{v[0-9]+}} = ((uint32_t (*)(uint32_t))[[F]])(
#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>

__global__ void k(float *p) { p[threadIdx.x] = 1.0f; }

static int descending(const void *a, const void *b) { return *(const int *)b - *(const int *)a; }
static int twice(int x) { return 2 * x; }
static int values[3] = {1, 3, 2};
static int (*ops[])(int) = {twice, 0};
static const char *names[] = {"twice", NULL};
static int *first = values;

int main() {
  int count, dev;
  cudaGetDeviceCount(&count);
  cudaSetDevice(0);
  cudaGetDevice(&dev);
  cudaDeviceProp prop;
  cudaGetDeviceProperties(&prop, dev);
  cudaStream_t s;
  cudaStreamCreate(&s);
  cudaEvent_t a, b;
  cudaEventCreate(&a);
  cudaEventCreate(&b);
  float *d;
  cudaMalloc(&d, 128);
  cudaEventRecord(a, s);
  k<<<1, 32, 0, s>>>(d);
  cudaEventRecord(b, s);
  cudaEventSynchronize(b);
  cudaStreamSynchronize(s);
  float ms;
  cudaEventElapsedTime(&ms, a, b);
  cudaEventDestroy(a);
  cudaEventDestroy(b);
  cudaStreamDestroy(s);
  qsort(values, 3, sizeof(int), descending);
  printf("%d %d %d %f %s %d %d\n", count, dev, prop.warpSize, ms, names[0], ops[0](values[0]), *first);
  return 0;
}
