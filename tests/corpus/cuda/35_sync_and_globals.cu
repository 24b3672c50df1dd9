// 35_sync_and_globals: __device__ global variables (read back with
// cudaMemcpyFromSymbol, reset with cudaMemcpyToSymbol); a single-pass sum
// where each block writes its partial, calls __threadfence, and the last
// block to finish (found with atomicInc on a __device__ counter) adds all
// partials; __syncthreads_count/_and/_or; __launch_bounds__; __ldg;
// segmented warp sums with __shfl_down_sync's width argument; and error
// reporting: an invalid launch (2048 threads per block) must be reported by
// cudaPeekAtLastError and cudaGetLastError, and the error must then be
// cleared. All checks are exact.
#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>

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

__device__ unsigned int g_blocks_done = 0;
__device__ int g_total;
__device__ int g_launch_marker;

__global__ void __launch_bounds__(THREADS) single_pass_sum(const int *__restrict__ in, int *partials, int n) {
  __shared__ int s[THREADS];
  __shared__ bool am_last;
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  s[threadIdx.x] = (i < n) ? __ldg(&in[i]) : 0;
  __syncthreads();
  for (int stride = THREADS / 2; stride > 0; stride >>= 1) {
    if (threadIdx.x < stride) s[threadIdx.x] += s[threadIdx.x + stride];
    __syncthreads();
  }
  if (threadIdx.x == 0) {
    partials[blockIdx.x] = s[0];
    __threadfence();  // make the partial visible before counting this block as done
    unsigned int ticket = atomicInc(&g_blocks_done, gridDim.x);
    am_last = (ticket == gridDim.x - 1);
  }
  __syncthreads();
  if (am_last) {
    volatile int *vp = partials;
    int sum = 0;
    for (int b = threadIdx.x; b < (int)gridDim.x; b += blockDim.x) sum += vp[b];
    s[threadIdx.x] = sum;
    __syncthreads();
    for (int stride = THREADS / 2; stride > 0; stride >>= 1) {
      if (threadIdx.x < stride) s[threadIdx.x] += s[threadIdx.x + stride];
      __syncthreads();
    }
    if (threadIdx.x == 0) {
      g_total = s[0];
      g_blocks_done = 0;  // ready for the next launch
    }
  }
}

__global__ void sync_variants(const int *in, int *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int v = (i < n) ? in[i] : 0;
  int count = __syncthreads_count(v % 2 == 0);
  int all = __syncthreads_and(v >= 0);
  int any = __syncthreads_or(v > 9990);
  // segmented sums over groups of 8 lanes
  int seg = v;
  for (int off = 4; off > 0; off >>= 1) seg += __shfl_down_sync(0xffffffffu, seg, off, 8);
  if (threadIdx.x == 0) {
    out[blockIdx.x * 3 + 0] = count;
    out[blockIdx.x * 3 + 1] = all;
    out[blockIdx.x * 3 + 2] = any;
  }
  if (i < n && (threadIdx.x & 7) == 0) out[3 * gridDim.x + i / 8] = seg;
}

__global__ void mark(int value) { g_launch_marker = value; }

int main() {
  const int n = 100000;
  const int blocks = (n + THREADS - 1) / THREADS;
  int *h_in = (int *)malloc(n * sizeof(int));
  for (int i = 0; i < n; i++) h_in[i] = (i * 7919) % 10000 - (i % 97 == 0 ? 20000 : 0);
  int *d_in, *d_partials, *d_out;
  CUDA_CHECK(cudaMalloc(&d_in, n * sizeof(int)));
  CUDA_CHECK(cudaMalloc(&d_partials, blocks * sizeof(int)));
  int out_len = 3 * blocks + (n + 7) / 8;
  CUDA_CHECK(cudaMalloc(&d_out, out_len * sizeof(int)));
  CUDA_CHECK(cudaMemcpy(d_in, h_in, n * sizeof(int), cudaMemcpyHostToDevice));
  int zero = 0;
  CUDA_CHECK(cudaMemcpyToSymbol(g_total, &zero, sizeof(int)));

  long long ref = 0;
  for (int i = 0; i < n; i++) ref += h_in[i];
  int bad = 0;
  // run twice: the counter must have been reset by the last block
  for (int rep = 0; rep < 2; rep++) {
    single_pass_sum<<<blocks, THREADS>>>(d_in, d_partials, n);
    CUDA_CHECK(cudaGetLastError());
    CUDA_CHECK(cudaDeviceSynchronize());
    int total = 0;
    unsigned int done = 1;
    CUDA_CHECK(cudaMemcpyFromSymbol(&total, g_total, sizeof(int)));
    CUDA_CHECK(cudaMemcpyFromSymbol(&done, g_blocks_done, sizeof(unsigned int)));
    if ((long long)total != ref || done != 0) bad++;
  }

  sync_variants<<<blocks, THREADS>>>(d_in, d_out, n);
  CUDA_CHECK(cudaGetLastError());
  int *h_out = (int *)malloc(out_len * sizeof(int));
  CUDA_CHECK(cudaMemcpy(h_out, d_out, out_len * sizeof(int), cudaMemcpyDeviceToHost));
  int blocks_with_negative = 0;
  for (int b = 0; b < blocks; b++) {
    int count = 0, all = 1, any = 0;
    for (int t = 0; t < THREADS; t++) {
      int i = b * THREADS + t;
      int v = i < n ? h_in[i] : 0;
      if (v % 2 == 0) count++;
      if (!(v >= 0)) all = 0;
      if (v > 9990) any = 1;
    }
    if (h_out[3 * b] != count || (h_out[3 * b + 1] != 0) != all || (h_out[3 * b + 2] != 0) != any) bad++;
    if (!all) blocks_with_negative++;
  }
  for (int g = 0; g < n / 8; g++) {
    int seg = 0;
    for (int k = 0; k < 8; k++) seg += h_in[g * 8 + k];
    if (h_out[3 * blocks + g] != seg) bad++;
  }

  // error handling: an invalid configuration is reported, then cleared
  mark<<<1, 2048>>>(1);
  cudaError_t peek = cudaPeekAtLastError();
  cudaError_t err = cudaGetLastError();
  cudaError_t after = cudaGetLastError();
  int error_ok = peek != cudaSuccess && err == peek && after == cudaSuccess;
  mark<<<1, 1>>>(7);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaDeviceSynchronize());
  int marker = 0;
  CUDA_CHECK(cudaMemcpyFromSymbol(&marker, g_launch_marker, sizeof(int)));
  if (marker != 7) error_ok = 0;

  cudaFree(d_in);
  cudaFree(d_partials);
  cudaFree(d_out);
  free(h_in);
  free(h_out);
  int ok = bad == 0 && error_ok;
  printf("sync_and_globals: n=%d total=%lld blocks_with_negative=%d invalid_launch=%s bad=%d %s\n", n, ref,
         blocks_with_negative, error_ok ? "reported" : "MISSED", bad, ok ? "PASSED" : "FAILED");
  return ok ? 0 : 1;
}
