// 04_reduce_warp_shuffle: grid-stride accumulation, warp reduction with
// __shfl_down_sync, one shared slot per warp, a second warp-level pass, then
// atomicAdd of each block's partial into one global result. Done for float
// (checked to a relative 1e-5 against a double host sum) and for unsigned
// long long (checked exactly).
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

#define FULL_MASK 0xffffffffu
#define THREADS 256
#define WARPS (THREADS / 32)

__device__ __forceinline__ float warp_sum(float v) {
  for (int offset = 16; offset > 0; offset >>= 1)
    v += __shfl_down_sync(FULL_MASK, v, offset);
  return v;
}

__device__ __forceinline__ unsigned long long warp_sum_u64(unsigned long long v) {
  for (int offset = 16; offset > 0; offset /= 2)
    v += __shfl_down_sync(FULL_MASK, v, offset);
  return v;
}

__global__ void reduce_float(const float *in, float *result, int n) {
  __shared__ float warp_partials[WARPS];
  float sum = 0.0f;
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x)
    sum += in[i];
  int lane = threadIdx.x % warpSize;
  int warp = threadIdx.x / warpSize;
  sum = warp_sum(sum);
  if (lane == 0) warp_partials[warp] = sum;
  __syncthreads();
  if (warp == 0) {
    sum = (lane < WARPS) ? warp_partials[lane] : 0.0f;
    sum = warp_sum(sum);
    if (lane == 0) atomicAdd(result, sum);
  }
}

__global__ void reduce_u64(const unsigned int *in, unsigned long long *result, int n) {
  __shared__ unsigned long long warp_partials[WARPS];
  unsigned long long sum = 0;
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x)
    sum += in[i];
  int lane = threadIdx.x & 31;
  int warp = threadIdx.x >> 5;
  sum = warp_sum_u64(sum);
  if (lane == 0) warp_partials[warp] = sum;
  __syncthreads();
  if (warp == 0) {
    sum = (lane < WARPS) ? warp_partials[lane] : 0ull;
    sum = warp_sum_u64(sum);
    if (lane == 0) atomicAdd(result, sum);
  }
}

int main() {
  const int n = (1 << 20) + 77;
  const int blocks = 120;
  float *h_f = (float *)malloc(n * sizeof(float));
  unsigned int *h_u = (unsigned int *)malloc(n * sizeof(unsigned int));
  unsigned int state = 12345u;
  for (int i = 0; i < n; i++) {
    state = state * 1664525u + 1013904223u;
    h_u[i] = state >> 8;                               // up to 2^24 - 1
    h_f[i] = (float)((state >> 16) & 1023u) / 1024.0f;  // [0, 1)
  }

  float *d_f, *d_fsum;
  unsigned int *d_u;
  unsigned long long *d_usum;
  CUDA_CHECK(cudaMalloc(&d_f, n * sizeof(float)));
  CUDA_CHECK(cudaMalloc(&d_u, n * sizeof(unsigned int)));
  CUDA_CHECK(cudaMalloc(&d_fsum, sizeof(float)));
  CUDA_CHECK(cudaMalloc(&d_usum, sizeof(unsigned long long)));
  CUDA_CHECK(cudaMemcpy(d_f, h_f, n * sizeof(float), cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(d_u, h_u, n * sizeof(unsigned int), cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemset(d_fsum, 0, sizeof(float)));
  CUDA_CHECK(cudaMemset(d_usum, 0, sizeof(unsigned long long)));

  reduce_float<<<blocks, THREADS>>>(d_f, d_fsum, n);
  CUDA_CHECK(cudaGetLastError());
  reduce_u64<<<blocks, THREADS>>>(d_u, d_usum, n);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaDeviceSynchronize());

  float fsum = 0.0f;
  unsigned long long usum = 0;
  CUDA_CHECK(cudaMemcpy(&fsum, d_fsum, sizeof(float), cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(&usum, d_usum, sizeof(unsigned long long), cudaMemcpyDeviceToHost));

  double fref = 0.0;
  unsigned long long uref = 0;
  for (int i = 0; i < n; i++) {
    fref += h_f[i];
    uref += h_u[i];
  }
  double rel = fabs((double)fsum - fref) / fabs(fref);
  int ok_f = rel <= 1e-5;
  int ok_u = usum == uref;

  cudaFree(d_f);
  cudaFree(d_u);
  cudaFree(d_fsum);
  cudaFree(d_usum);
  free(h_f);
  free(h_u);

  printf("reduce_warp_shuffle: n=%d float %s, u64 sum=%llu %s\n", n, ok_f ? "ok" : "BAD", usum,
         ok_u ? "ok" : "BAD");
  printf("reduce_warp_shuffle: %s\n", (ok_f && ok_u) ? "PASSED" : "FAILED");
  return (ok_f && ok_u) ? 0 : 1;
}
