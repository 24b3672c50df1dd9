// 11_bitonic_sort: sorts 65536 unsigned keys with a bitonic sorting network,
// one kernel launch per (k, j) stage (136 launches). Checked against the host
// C library's qsort, element by element.
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

__global__ void bitonic_step(unsigned int *keys, unsigned int j, unsigned int k) {
  unsigned int i = blockIdx.x * blockDim.x + threadIdx.x;
  unsigned int partner = i ^ j;
  if (partner > i) {
    unsigned int a = keys[i];
    unsigned int b = keys[partner];
    bool ascending = (i & k) == 0;
    if ((ascending && a > b) || (!ascending && a < b)) {
      keys[i] = b;
      keys[partner] = a;
    }
  }
}

static int compare_uint(const void *pa, const void *pb) {
  unsigned int a = *(const unsigned int *)pa, b = *(const unsigned int *)pb;
  return (a > b) - (a < b);
}

int main() {
  const unsigned int n = 1u << 16;  // must be a power of two
  unsigned int *h_keys = (unsigned int *)malloc(n * sizeof(unsigned int));
  unsigned int *h_ref = (unsigned int *)malloc(n * sizeof(unsigned int));
  unsigned int s = 99991u;
  for (unsigned int i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >> 17;
    s ^= s << 5;  // xorshift32
    h_keys[i] = s % 100000u;  // duplicates on purpose
    h_ref[i] = h_keys[i];
  }

  unsigned int *d_keys;
  CUDA_CHECK(cudaMalloc(&d_keys, n * sizeof(unsigned int)));
  CUDA_CHECK(cudaMemcpy(d_keys, h_keys, n * sizeof(unsigned int), cudaMemcpyHostToDevice));
  const unsigned int threads = 256;
  int launches = 0;
  for (unsigned int k = 2; k <= n; k <<= 1) {
    for (unsigned int j = k >> 1; j > 0; j >>= 1) {
      bitonic_step<<<n / threads, threads>>>(d_keys, j, k);
      launches++;
    }
  }
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaDeviceSynchronize());
  CUDA_CHECK(cudaMemcpy(h_keys, d_keys, n * sizeof(unsigned int), cudaMemcpyDeviceToHost));

  qsort(h_ref, n, sizeof(unsigned int), compare_uint);
  int errors = 0;
  for (unsigned int i = 0; i < n; i++)
    if (h_keys[i] != h_ref[i]) errors++;
  cudaFree(d_keys);
  printf("bitonic_sort: n=%u launches=%d min=%u max=%u errors=%d %s\n", n, launches, h_keys[0], h_keys[n - 1],
         errors, errors == 0 ? "PASSED" : "FAILED");
  free(h_keys);
  free(h_ref);
  return errors == 0 ? 0 : 1;
}
