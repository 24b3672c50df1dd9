// 24_dynamic_shared: `extern __shared__` arrays sized at launch (third launch
// parameter). One kernel reverses each block-sized segment through shared
// memory; a second carves a float array and an int array out of the same
// dynamic buffer to compute per-block sums and the index of each block's
// maximum. Launched with block sizes 64, 256 and 1024; compared exactly.
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

__global__ void reverse_segments(const int *in, int *out, int n) {
  extern __shared__ int seg[];
  int base = blockIdx.x * blockDim.x;
  int len = n - base < (int)blockDim.x ? n - base : (int)blockDim.x;
  int t = threadIdx.x;
  if (t < len) seg[t] = in[base + t];
  __syncthreads();
  if (t < len) out[base + t] = seg[len - 1 - t];
}

// shared layout: [blockDim.x floats][blockDim.x ints]
__global__ void sum_and_argmax(const float *in, float *sums, int *argmax, int n) {
  extern __shared__ float dyn[];
  float *vals = dyn;
  int *idx = (int *)&dyn[blockDim.x];
  int t = threadIdx.x;
  int i = blockIdx.x * blockDim.x + t;
  float v = (i < n) ? in[i] : 0.0f;
  vals[t] = v;
  idx[t] = (i < n) ? i : -1;
  __syncthreads();
  // sum: a tree over a copy kept in registers
  float my_sum = v;
  for (int s = blockDim.x / 2; s > 0; s >>= 1) {
    __syncthreads();
    vals[t] = my_sum;
    __syncthreads();
    if (t < s) my_sum += vals[t + s];
  }
  if (t == 0) sums[blockIdx.x] = my_sum;
  __syncthreads();
  // argmax (ties: lowest index)
  vals[t] = (i < n) ? v : -1.0f;
  __syncthreads();
  for (int s = blockDim.x / 2; s > 0; s >>= 1) {
    if (t < s) {
      float a = vals[t], b = vals[t + s];
      int ia = idx[t], ib = idx[t + s];
      if (b > a || (b == a && ib >= 0 && (ia < 0 || ib < ia))) {
        vals[t] = b;
        idx[t] = ib;
      }
    }
    __syncthreads();
  }
  if (t == 0) argmax[blockIdx.x] = idx[0];
}

int main() {
  const int n = 100003;
  int *h_i = (int *)malloc(n * sizeof(int));
  int *h_rev = (int *)malloc(n * sizeof(int));
  float *h_f = (float *)malloc(n * sizeof(float));
  for (int i = 0; i < n; i++) {
    h_i[i] = i * 3 + 1;
    h_f[i] = (float)((i * 7919) % 1000);  // integers: sums are exact
  }
  int *d_i, *d_rev, *d_arg;
  float *d_f, *d_sums;
  CUDA_CHECK(cudaMalloc(&d_i, n * sizeof(int)));
  CUDA_CHECK(cudaMalloc(&d_rev, n * sizeof(int)));
  CUDA_CHECK(cudaMalloc(&d_f, n * sizeof(float)));
  CUDA_CHECK(cudaMalloc(&d_sums, n * sizeof(float)));
  CUDA_CHECK(cudaMalloc(&d_arg, n * sizeof(int)));
  CUDA_CHECK(cudaMemcpy(d_i, h_i, n * sizeof(int), cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(d_f, h_f, n * sizeof(float), cudaMemcpyHostToDevice));

  const int sizes[3] = {64, 256, 1024};
  int total_bad = 0;
  float *h_sums = (float *)malloc(n * sizeof(float));
  int *h_arg = (int *)malloc(n * sizeof(int));
  for (int s = 0; s < 3; s++) {
    int bs = sizes[s];
    int blocks = (n + bs - 1) / bs;
    reverse_segments<<<blocks, bs, bs * sizeof(int)>>>(d_i, d_rev, n);
    CUDA_CHECK(cudaGetLastError());
    size_t shmem = bs * (sizeof(float) + sizeof(int));
    sum_and_argmax<<<blocks, bs, shmem>>>(d_f, d_sums, d_arg, n);
    CUDA_CHECK(cudaGetLastError());
    CUDA_CHECK(cudaDeviceSynchronize());
    CUDA_CHECK(cudaMemcpy(h_rev, d_rev, n * sizeof(int), cudaMemcpyDeviceToHost));
    CUDA_CHECK(cudaMemcpy(h_sums, d_sums, blocks * sizeof(float), cudaMemcpyDeviceToHost));
    CUDA_CHECK(cudaMemcpy(h_arg, d_arg, blocks * sizeof(int), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int b = 0; b < blocks; b++) {
      int base = b * bs, len = (n - base < bs) ? n - base : bs;
      double sum = 0.0;
      int best = base;
      for (int k = 0; k < len; k++) {
        if (h_rev[base + k] != h_i[base + len - 1 - k]) bad++;
        sum += h_f[base + k];
        if (h_f[base + k] > h_f[best]) best = base + k;
      }
      if ((double)h_sums[b] != sum) bad++;
      if (h_arg[b] != best) bad++;
    }
    printf("dynamic_shared: block=%d shmem=%d blocks=%d bad=%d\n", bs, (int)shmem, blocks, bad);
    total_bad += bad;
  }
  cudaFree(d_i);
  cudaFree(d_rev);
  cudaFree(d_f);
  cudaFree(d_sums);
  cudaFree(d_arg);
  free(h_i);
  free(h_rev);
  free(h_f);
  free(h_sums);
  free(h_arg);
  printf("dynamic_shared: %s\n", total_bad == 0 ? "PASSED" : "FAILED");
  return total_bad == 0 ? 0 : 1;
}
