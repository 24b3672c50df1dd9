// convert-cuda-host-to-runtime on the CUDA frontend's output of a whole
// program: no runtime, launch or C library op is left in host code, and the
// result verifies (after the pass, and again when read back).

// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(convert-cuda-host-to-runtime)' \
// RUN:   | FileCheck %s --implicit-check-not='"cuda.rt_' --implicit-check-not='"cuda.launch"' --implicit-check-not='"cuda.libc_'
// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(func.func(mem2reg),convert-cuda-host-to-runtime)' | cuwasm-opt \
// RUN:   | FileCheck %s --check-prefix=REREAD

#include <stdio.h>

__global__ void saxpy(int n, float a, const float *x, float *y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}

int main(void) {
  const int n = 4096;
  float *x = (float *)malloc(n * sizeof(float));
  float *y = (float *)malloc(n * sizeof(float));
  for (int i = 0; i < n; i++) { x[i] = i; y[i] = 1.0f; }
  float *dx, *dy;
  cudaMalloc(&dx, n * sizeof(float));
  cudaMallocManaged(&dy, n * sizeof(float));
  cudaMemcpy(dx, x, n * sizeof(float), cudaMemcpyHostToDevice);
  cudaMemcpy(dy, y, n * sizeof(float), cudaMemcpyDefault);
  saxpy<<<(n + 255) / 256, 256>>>(n, 2.0f, dx, dy);
  cudaError_t err = cudaGetLastError();
  if (err != cudaSuccess) {
    fprintf(stderr, "launch failed: %s\n", cudaGetErrorString(err));
    exit(1);
  }
  cudaDeviceSynchronize();
  cudaMemcpy(y, dy, n * sizeof(float), cudaMemcpyDeviceToHost);
  unsigned checksum = 0;
  for (int i = 0; i < n; i++) checksum += (unsigned)y[i];
  printf("%d %u %ld %.3f %c %s\n", n, checksum, (long)n * 2, y[7], 'k', "done");
  cudaFree(dx);
  cudaFree(dy);
  free(x);
  free(y);
  return 0;
}

// The kernel stays device code.
// CHECK: "gpu.module"() <{sym_name = "kernels"}>
// CHECK: sym_name = "saxpy"
// CHECK-LABEL: sym_name = "main"
// CHECK: "func.call"({{.*}}) <{callee = @malloc}>
// CHECK: "func.call"({{.*}}) <{callee = @cuwasm_rt_malloc}>
// CHECK: "func.call"({{.*}}) <{callee = @cuwasm_rt_malloc_managed}>
// CHECK: "func.call"({{.*}}) <{callee = @cuwasm_rt_memcpy}>
// CHECK: "func.call"({{.*}}) <{callee = @cuwasm_rt_memcpy}>
// CHECK: "cuda.string_literal"() <{value = "kernels.saxpy"}>
// CHECK: "func.call"({{.*}}) <{callee = @cuwasm_rt_launch}>
// CHECK: "func.call"() <{callee = @cuwasm_rt_get_last_error}>
// CHECK: "func.call"({{.*}}) <{callee = @cuwasm_rt_get_error_string}>
// CHECK: "func.call"({{.*}}) <{callee = @cuwasm_rt_printf}>
// CHECK: "func.call"({{.*}}) <{callee = @cuwasm_rt_exit}>
// CHECK: "func.call"() <{callee = @cuwasm_rt_device_synchronize}>
// CHECK: "func.call"({{.*}}) <{callee = @cuwasm_rt_memcpy}>
// CHECK: "cuda.string_literal"() <{value = "%d %u %ld %.3f %c %s\0A"}>
// CHECK: "cuda.alloca"() <{count = 6 : i64, element_type = i64}>
// CHECK: "func.call"({{.*}}) <{callee = @cuwasm_rt_printf}>
// CHECK: "func.call"({{.*}}) <{callee = @cuwasm_rt_free}>
// CHECK: "func.call"({{.*}}) <{callee = @cuwasm_rt_free}>
// CHECK: "func.call"({{.*}}) <{callee = @free}>
// CHECK: "func.call"({{.*}}) <{callee = @free}>
// CHECK: "func.return"

// REREAD-LABEL: sym_name = "main"
// REREAD: sym_name = "cuwasm_rt_launch", sym_visibility = "private"
