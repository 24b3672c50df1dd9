// 01_vector_add: c[i] = a[i] + b[i] over 1M floats, one thread per element.
// Inputs are small integers stored as floats, so the sum is exact.
#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>

#define CUDA_CHECK(call)                                                     \
  do {                                                                       \
    cudaError_t err_ = (call);                                               \
    if (err_ != cudaSuccess) {                                               \
      fprintf(stderr, "CUDA error at %s:%d: %s\n", __FILE__, __LINE__,       \
              cudaGetErrorString(err_));                                     \
      exit(1);                                                               \
    }                                                                        \
  } while (0)

__global__ void vector_add(const float *a, const float *b, float *c, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    c[i] = a[i] + b[i];
  }
}

int main(void) {
  const int n = 1 << 20;
  const size_t bytes = (size_t)n * sizeof(float);
  float *h_a = (float *)malloc(bytes);
  float *h_b = (float *)malloc(bytes);
  float *h_c = (float *)malloc(bytes);
  for (int i = 0; i < n; ++i) {
    h_a[i] = (float)(i % 1000);
    h_b[i] = (float)((i * 7) % 513) - 256.0f;
  }

  float *d_a, *d_b, *d_c;
  CUDA_CHECK(cudaMalloc((void **)&d_a, bytes));
  CUDA_CHECK(cudaMalloc((void **)&d_b, bytes));
  CUDA_CHECK(cudaMalloc((void **)&d_c, bytes));
  CUDA_CHECK(cudaMemcpy(d_a, h_a, bytes, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(d_b, h_b, bytes, cudaMemcpyHostToDevice));

  const int threads = 256;
  const int blocks = (n + threads - 1) / threads;
  vector_add<<<blocks, threads>>>(d_a, d_b, d_c, n);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaDeviceSynchronize());
  CUDA_CHECK(cudaMemcpy(h_c, d_c, bytes, cudaMemcpyDeviceToHost));

  int errors = 0;
  for (int i = 0; i < n; ++i) {
    float expect = (float)(i % 1000) + ((float)((i * 7) % 513) - 256.0f);
    if (h_c[i] != expect) {
      if (errors < 5) fprintf(stderr, "mismatch at %d: %f vs %f\n", i, h_c[i], expect);
      ++errors;
    }
  }

  CUDA_CHECK(cudaFree(d_a));
  CUDA_CHECK(cudaFree(d_b));
  CUDA_CHECK(cudaFree(d_c));
  free(h_a);
  free(h_b);
  free(h_c);

  printf("vector_add: n=%d blocks=%d errors=%d %s\n", n, blocks, errors, errors == 0 ? "PASSED" : "FAILED");
  return errors == 0 ? 0 : 1;
}
