// 02_saxpy: y = a*x + y on managed memory (cudaMallocManaged), one thread per
// element. a, x and y are multiples of 1/4 with few significant bits, so a*x is
// exact and fused or unfused multiply-add give the same, exact, result.
#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

#define CUDA_CHECK(call)                                                     \
  do {                                                                       \
    cudaError_t err_ = (call);                                               \
    if (err_ != cudaSuccess) {                                               \
      fprintf(stderr, "CUDA error at %s:%d: %s\n", __FILE__, __LINE__,       \
              cudaGetErrorString(err_));                                     \
      exit(1);                                                               \
    }                                                                        \
  } while (0)

__global__ void saxpy(int n, float a, const float *__restrict__ x, float *__restrict__ y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}

static float x_value(int i) { return (float)(i % 64) * 0.25f - 8.0f; }
static float y_value(int i) { return (float)(i % 37) - 18.0f; }

int main() {
  const int n = 1 << 20;
  const float a = 2.5f;
  float *x = NULL, *y = NULL;
  CUDA_CHECK(cudaMallocManaged(&x, n * sizeof(float)));
  CUDA_CHECK(cudaMallocManaged(&y, n * sizeof(float)));
  for (int i = 0; i < n; i++) {
    x[i] = x_value(i);
    y[i] = y_value(i);
  }

  int block = 512;
  int grid = (n + block - 1) / block;
  saxpy<<<grid, block>>>(n, a, x, y);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaDeviceSynchronize());

  // Reference in double: every value is exactly representable in float.
  double max_err = 0.0;
  for (int i = 0; i < n; i++) {
    double ref = (double)a * (double)x_value(i) + (double)y_value(i);
    double err = fabs((double)y[i] - ref);
    if (err > max_err) max_err = err;
  }
  CUDA_CHECK(cudaFree(x));
  CUDA_CHECK(cudaFree(y));

  int ok = max_err == 0.0;
  printf("saxpy: n=%d a=%.1f max_err=%g %s\n", n, a, max_err, ok ? "PASSED" : "FAILED");
  return ok ? 0 : 1;
}
