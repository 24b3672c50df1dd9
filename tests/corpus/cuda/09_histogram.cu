// 09_histogram: 256-bin byte histogram. Each block builds a private histogram
// in __shared__ memory with atomicAdd, then merges it into the global one with
// atomicAdd. The input is 4M bytes from an LCG; the comparison is exact.
#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BINS 256
#define THREADS 256

#define CUDA_CHECK(call)                                                     \
  do {                                                                       \
    cudaError_t err_ = (call);                                               \
    if (err_ != cudaSuccess) {                                               \
      fprintf(stderr, "CUDA error at %s:%d: %s\n", __FILE__, __LINE__,       \
              cudaGetErrorString(err_));                                     \
      exit(1);                                                               \
    }                                                                        \
  } while (0)

__global__ void histogram256(const unsigned char *data, int n, unsigned int *hist) {
  __shared__ unsigned int local[BINS];
  for (int b = threadIdx.x; b < BINS; b += blockDim.x) local[b] = 0;
  __syncthreads();

  int stride = blockDim.x * gridDim.x;
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride)
    atomicAdd(&local[data[i]], 1u);
  __syncthreads();

  for (int b = threadIdx.x; b < BINS; b += blockDim.x) {
    unsigned int c = local[b];
    if (c != 0) atomicAdd(&hist[b], c);
  }
}

int main() {
  const int n = 1 << 22;
  unsigned char *h_data = (unsigned char *)malloc(n);
  unsigned int seed = 2024u;
  for (int i = 0; i < n; i++) {
    seed = seed * 1103515245u + 12345u;
    unsigned int r = (seed >> 16) & 0x7fff;
    // skewed distribution: low bins are more frequent
    h_data[i] = (unsigned char)((r % 256) & (r >> 7));
  }

  unsigned char *d_data;
  unsigned int *d_hist;
  CUDA_CHECK(cudaMalloc(&d_data, n));
  CUDA_CHECK(cudaMalloc(&d_hist, BINS * sizeof(unsigned int)));
  CUDA_CHECK(cudaMemcpy(d_data, h_data, n, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemset(d_hist, 0, BINS * sizeof(unsigned int)));

  histogram256<<<128, THREADS>>>(d_data, n, d_hist);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaDeviceSynchronize());
  unsigned int h_hist[BINS];
  CUDA_CHECK(cudaMemcpy(h_hist, d_hist, sizeof(h_hist), cudaMemcpyDeviceToHost));

  unsigned int ref[BINS];
  memset(ref, 0, sizeof(ref));
  for (int i = 0; i < n; i++) ref[h_data[i]]++;
  int mismatches = 0;
  unsigned long long total = 0;
  int nonzero = 0;
  for (int b = 0; b < BINS; b++) {
    if (h_hist[b] != ref[b]) mismatches++;
    total += h_hist[b];
    if (h_hist[b]) nonzero++;
  }

  cudaFree(d_data);
  cudaFree(d_hist);
  free(h_data);
  printf("histogram: n=%d bins=%d nonzero=%d total=%llu bin0=%u mismatches=%d %s\n", n, BINS, nonzero, total,
         h_hist[0], mismatches, mismatches == 0 ? "PASSED" : "FAILED");
  return mismatches == 0 ? 0 : 1;
}
