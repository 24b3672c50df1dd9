// 10_scan: exclusive prefix sum of 1,000,000 ints. Each block scans 512
// elements in __shared__ memory with the Blelloch up-sweep/down-sweep (with a
// padding macro against bank conflicts) and writes its total to a block-sums
// array; the block sums are scanned recursively by the same host function and
// added back. Compared exactly with a sequential host scan.
#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>

#define THREADS 256
#define ELEMS (2 * THREADS)
#define LOG_NUM_BANKS 5
#define CONFLICT_FREE_OFFSET(i) ((i) >> LOG_NUM_BANKS)

#define CUDA_CHECK(call)                                                     \
  do {                                                                       \
    cudaError_t err_ = (call);                                               \
    if (err_ != cudaSuccess) {                                               \
      fprintf(stderr, "CUDA error at %s:%d: %s\n", __FILE__, __LINE__,       \
              cudaGetErrorString(err_));                                     \
      exit(1);                                                               \
    }                                                                        \
  } while (0)

__global__ void scan_blocks(const int *in, int *out, int *block_sums, int n) {
  __shared__ int temp[ELEMS + ELEMS / 32];
  int tid = threadIdx.x;
  int base = blockIdx.x * ELEMS;
  int ai = tid, bi = tid + THREADS;
  int bank_a = CONFLICT_FREE_OFFSET(ai), bank_b = CONFLICT_FREE_OFFSET(bi);
  temp[ai + bank_a] = (base + ai < n) ? in[base + ai] : 0;
  temp[bi + bank_b] = (base + bi < n) ? in[base + bi] : 0;

  int offset = 1;
  for (int d = ELEMS >> 1; d > 0; d >>= 1) {  // up-sweep (reduce)
    __syncthreads();
    if (tid < d) {
      int a = offset * (2 * tid + 1) - 1;
      int b = offset * (2 * tid + 2) - 1;
      a += CONFLICT_FREE_OFFSET(a);
      b += CONFLICT_FREE_OFFSET(b);
      temp[b] += temp[a];
    }
    offset *= 2;
  }
  if (tid == 0) {
    int last = ELEMS - 1 + CONFLICT_FREE_OFFSET(ELEMS - 1);
    block_sums[blockIdx.x] = temp[last];
    temp[last] = 0;
  }
  for (int d = 1; d < ELEMS; d *= 2) {  // down-sweep
    offset >>= 1;
    __syncthreads();
    if (tid < d) {
      int a = offset * (2 * tid + 1) - 1;
      int b = offset * (2 * tid + 2) - 1;
      a += CONFLICT_FREE_OFFSET(a);
      b += CONFLICT_FREE_OFFSET(b);
      int t = temp[a];
      temp[a] = temp[b];
      temp[b] += t;
    }
  }
  __syncthreads();
  if (base + ai < n) out[base + ai] = temp[ai + bank_a];
  if (base + bi < n) out[base + bi] = temp[bi + bank_b];
}

__global__ void add_block_offsets(int *out, const int *scanned_sums, int n) {
  int i = blockIdx.x * ELEMS + threadIdx.x;
  int add = scanned_sums[blockIdx.x];
  if (i < n) out[i] += add;
  if (i + THREADS < n) out[i + THREADS] += add;
}

static int g_launches = 0;

// Exclusive scan of d_in[0..n) into d_out (device pointers).
static void scan_device(const int *d_in, int *d_out, int n) {
  int blocks = (n + ELEMS - 1) / ELEMS;
  int *d_sums, *d_sums_scanned;
  CUDA_CHECK(cudaMalloc(&d_sums, blocks * sizeof(int)));
  CUDA_CHECK(cudaMalloc(&d_sums_scanned, blocks * sizeof(int)));
  scan_blocks<<<blocks, THREADS>>>(d_in, d_out, d_sums, n);
  CUDA_CHECK(cudaGetLastError());
  g_launches++;
  if (blocks > 1) {
    scan_device(d_sums, d_sums_scanned, blocks);
    add_block_offsets<<<blocks, THREADS>>>(d_out, d_sums_scanned, n);
    CUDA_CHECK(cudaGetLastError());
    g_launches++;
  }
  CUDA_CHECK(cudaDeviceSynchronize());
  CUDA_CHECK(cudaFree(d_sums));
  CUDA_CHECK(cudaFree(d_sums_scanned));
}

int main() {
  const int n = 1000000;
  int *h_in = (int *)malloc(n * sizeof(int));
  int *h_out = (int *)malloc(n * sizeof(int));
  unsigned int s = 7u;
  for (int i = 0; i < n; i++) {
    s = s * 1664525u + 1013904223u;
    h_in[i] = (int)((s >> 24) % 10u);
  }
  int *d_in, *d_out;
  CUDA_CHECK(cudaMalloc(&d_in, n * sizeof(int)));
  CUDA_CHECK(cudaMalloc(&d_out, n * sizeof(int)));
  CUDA_CHECK(cudaMemcpy(d_in, h_in, n * sizeof(int), cudaMemcpyHostToDevice));
  scan_device(d_in, d_out, n);
  CUDA_CHECK(cudaMemcpy(h_out, d_out, n * sizeof(int), cudaMemcpyDeviceToHost));

  int errors = 0;
  int running = 0;
  for (int i = 0; i < n; i++) {
    if (h_out[i] != running) errors++;
    running += h_in[i];
  }
  cudaFree(d_in);
  cudaFree(d_out);
  printf("scan: n=%d launches=%d total=%d errors=%d %s\n", n, g_launches, running, errors,
         errors == 0 ? "PASSED" : "FAILED");
  free(h_in);
  free(h_out);
  return errors == 0 ? 0 : 1;
}
