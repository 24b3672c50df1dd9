// 17_templates: one kernel template over the element type and the block size,
// template<typename T, int BLOCK>, instantiated by launches for float/128,
// double/256 and int/512 (plus a class template used inside the kernel and a
// host function template that drives each test). Each block reduces a chunk of
// ITEMS*BLOCK elements; per-block sums are compared with the host (float to a
// relative 1e-5, double to 1e-12, int exactly).
#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

#define ITEMS 4

#define CUDA_CHECK(call)                                                     \
  do {                                                                       \
    cudaError_t err_ = (call);                                               \
    if (err_ != cudaSuccess) {                                               \
      fprintf(stderr, "CUDA error at %s:%d: %s\n", __FILE__, __LINE__,       \
              cudaGetErrorString(err_));                                     \
      exit(1);                                                               \
    }                                                                        \
  } while (0)

template <typename T>
struct Accumulator {
  T value;
  __device__ void reset() { value = T(0); }
  __device__ void add(T v) { value += v; }
};

template <typename T>
__device__ T scaled(T v, int k) {
  return v * (T)k;
}

template <typename T, int BLOCK>
__global__ void chunk_sums(const T *in, T *out, int n, int scale) {
  __shared__ T partial[BLOCK];
  Accumulator<T> acc;
  acc.reset();
  int base = blockIdx.x * BLOCK * ITEMS;
#pragma unroll
  for (int k = 0; k < ITEMS; k++) {
    int i = base + k * BLOCK + threadIdx.x;
    if (i < n) acc.add(scaled<T>(in[i], scale));
  }
  partial[threadIdx.x] = acc.value;
  __syncthreads();
#pragma unroll
  for (int s = BLOCK / 2; s > 0; s /= 2) {
    if (threadIdx.x < s) partial[threadIdx.x] += partial[threadIdx.x + s];
    __syncthreads();
  }
  if (threadIdx.x == 0) out[blockIdx.x] = partial[0];
}

template <typename T>
T make_value(int i) {
  return (T)((i * 2654435761u) % 1000u) / (T)8;  // int: integer division; float/double: eighths
}

template <typename T, int BLOCK>
int run_test(const char *type_name, int n, int scale, double rel_tol) {
  int blocks = (n + BLOCK * ITEMS - 1) / (BLOCK * ITEMS);
  T *h_in = (T *)malloc(n * sizeof(T));
  T *h_out = (T *)malloc(blocks * sizeof(T));
  for (int i = 0; i < n; i++) h_in[i] = make_value<T>(i);
  T *d_in, *d_out;
  CUDA_CHECK(cudaMalloc(&d_in, n * sizeof(T)));
  CUDA_CHECK(cudaMalloc(&d_out, blocks * sizeof(T)));
  CUDA_CHECK(cudaMemcpy(d_in, h_in, n * sizeof(T), cudaMemcpyHostToDevice));
  chunk_sums<T, BLOCK><<<blocks, BLOCK>>>(d_in, d_out, n, scale);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaDeviceSynchronize());
  CUDA_CHECK(cudaMemcpy(h_out, d_out, blocks * sizeof(T), cudaMemcpyDeviceToHost));
  int bad = 0;
  for (int b = 0; b < blocks; b++) {
    double ref = 0.0;
    for (int i = b * BLOCK * ITEMS; i < (b + 1) * BLOCK * ITEMS && i < n; i++) ref += (double)h_in[i] * scale;
    double got = (double)h_out[b];
    if (!(fabs(got - ref) <= rel_tol * fabs(ref))) bad++;
  }
  printf("templates: %s BLOCK=%d blocks=%d bad=%d\n", type_name, BLOCK, blocks, bad);
  cudaFree(d_in);
  cudaFree(d_out);
  free(h_in);
  free(h_out);
  return bad;
}

int main() {
  int bad = 0;
  bad += run_test<float, 128>("float", 100000, 3, 1e-5);
  bad += run_test<double, 256>("double", 100000, 3, 1e-12);
  bad += run_test<int, 512>("int", 100000, 3, 0.0);
  bad += run_test<float, 64>("float", 5000, -1, 1e-5);
  printf("templates: %s\n", bad == 0 ? "PASSED" : "FAILED");
  return bad == 0 ? 0 : 1;
}
