// 03_reduce_shared: sum of 1M ints with the classic shared-memory tree
// reduction (each thread adds two elements while loading, then halves the
// active threads each step). Partial sums are reduced by relaunching the same
// kernel until one value is left.
#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>

#define BLOCK_SIZE 256

#define CUDA_CHECK(call)                                                     \
  do {                                                                       \
    cudaError_t err_ = (call);                                               \
    if (err_ != cudaSuccess) {                                               \
      fprintf(stderr, "CUDA error at %s:%d: %s\n", __FILE__, __LINE__,       \
              cudaGetErrorString(err_));                                     \
      exit(1);                                                               \
    }                                                                        \
  } while (0)

__global__ void reduce_tree(const int *in, int *out, unsigned int n) {
  __shared__ int sdata[BLOCK_SIZE];
  unsigned int tid = threadIdx.x;
  unsigned int i = blockIdx.x * (blockDim.x * 2) + threadIdx.x;

  int sum = 0;
  if (i < n) sum = in[i];
  if (i + blockDim.x < n) sum += in[i + blockDim.x];
  sdata[tid] = sum;
  __syncthreads();

  for (unsigned int s = blockDim.x / 2; s > 0; s >>= 1) {
    if (tid < s) {
      sdata[tid] += sdata[tid + s];
    }
    __syncthreads();
  }
  if (tid == 0) out[blockIdx.x] = sdata[0];
}

int main() {
  const unsigned int n = 1u << 20;
  int *h_in = (int *)malloc(n * sizeof(int));
  for (unsigned int i = 0; i < n; i++) h_in[i] = (int)((i * 37u) % 101u) - 50;

  int *d_a, *d_b;
  CUDA_CHECK(cudaMalloc(&d_a, n * sizeof(int)));
  CUDA_CHECK(cudaMalloc(&d_b, n * sizeof(int)));
  CUDA_CHECK(cudaMemcpy(d_a, h_in, n * sizeof(int), cudaMemcpyHostToDevice));

  unsigned int count = n;
  int launches = 0;
  int *src = d_a, *dst = d_b;
  while (count > 1) {
    unsigned int blocks = (count + BLOCK_SIZE * 2 - 1) / (BLOCK_SIZE * 2);
    reduce_tree<<<blocks, BLOCK_SIZE>>>(src, dst, count);
    CUDA_CHECK(cudaGetLastError());
    launches++;
    count = blocks;
    int *t = src;
    src = dst;
    dst = t;
  }
  CUDA_CHECK(cudaDeviceSynchronize());
  int gpu_sum = 0;
  CUDA_CHECK(cudaMemcpy(&gpu_sum, src, sizeof(int), cudaMemcpyDeviceToHost));

  long long ref = 0;
  for (unsigned int i = 0; i < n; i++) ref += h_in[i];

  CUDA_CHECK(cudaFree(d_a));
  CUDA_CHECK(cudaFree(d_b));
  free(h_in);

  int ok = (long long)gpu_sum == ref;
  printf("reduce_shared: n=%u launches=%d sum=%d %s\n", n, launches, gpu_sum, ok ? "PASSED" : "FAILED");
  return ok ? 0 : 1;
}
