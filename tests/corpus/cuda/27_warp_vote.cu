// 27_warp_vote: warp vote functions: __ballot_sync (the mask of lanes whose
// predicate holds), __popc of the ballot, __any_sync and __all_sync, plus
// __shfl_sync broadcast, __shfl_xor_sync butterfly and __shfl_up_sync
// inclusive scan within each warp. Each warp's results are compared with a
// host computation over the same 32 inputs.
#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>

#define FULL 0xffffffffu

#define CUDA_CHECK(call)                                                     \
  do {                                                                       \
    cudaError_t err_ = (call);                                               \
    if (err_ != cudaSuccess) {                                               \
      fprintf(stderr, "CUDA error at %s:%d: %s\n", __FILE__, __LINE__,       \
              cudaGetErrorString(err_));                                     \
      exit(1);                                                               \
    }                                                                        \
  } while (0)

struct WarpResult {
  unsigned int ballot;
  int count;
  int any_big;
  int all_positive;
  int broadcast;  // lane 5's value
  int xor_sum;    // butterfly sum, as seen by lane 0
};

__global__ void vote(const int *data, WarpResult *res, int *scan) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int lane = threadIdx.x & 31;
  int warp = i >> 5;
  int v = data[i];

  unsigned int ballot = __ballot_sync(FULL, v % 3 == 0);
  int count = __popc(ballot);
  int any_big = __any_sync(FULL, v > 990);
  int all_pos = __all_sync(FULL, v > 0);
  int bcast = __shfl_sync(FULL, v, 5);

  int sum = v;
  for (int m = 16; m >= 1; m /= 2) sum += __shfl_xor_sync(FULL, sum, m);

  int inc = v;  // inclusive scan with __shfl_up_sync
  for (int d = 1; d < 32; d <<= 1) {
    int other = __shfl_up_sync(FULL, inc, d);
    if (lane >= d) inc += other;
  }
  scan[i] = inc;

  if (lane == 0) {
    WarpResult r;
    r.ballot = ballot;
    r.count = count;
    r.any_big = any_big;
    r.all_positive = all_pos;
    r.broadcast = bcast;
    r.xor_sum = sum;
    res[warp] = r;
  }
}

int main() {
  const int n = 1 << 16;
  const int warps = n / 32;
  int *h_data = (int *)malloc(n * sizeof(int));
  unsigned int s = 99u;
  for (int i = 0; i < n; i++) {
    s = s * 1103515245u + 12345u;
    int v = (int)((s >> 16) % 1000u);
    if ((i / 32) % 7 == 3 && v == 0) v = 1;  // some warps are all positive...
    if ((i / 32) % 7 != 3 && (i % 32) == 17) v = 0;  // ...and the others are not
    h_data[i] = v;
  }
  int *d_data, *d_scan;
  WarpResult *d_res;
  CUDA_CHECK(cudaMalloc(&d_data, n * sizeof(int)));
  CUDA_CHECK(cudaMalloc(&d_scan, n * sizeof(int)));
  CUDA_CHECK(cudaMalloc(&d_res, warps * sizeof(WarpResult)));
  CUDA_CHECK(cudaMemcpy(d_data, h_data, n * sizeof(int), cudaMemcpyHostToDevice));
  vote<<<n / 128, 128>>>(d_data, d_res, d_scan);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaDeviceSynchronize());
  WarpResult *h_res = (WarpResult *)malloc(warps * sizeof(WarpResult));
  int *h_scan = (int *)malloc(n * sizeof(int));
  CUDA_CHECK(cudaMemcpy(h_res, d_res, warps * sizeof(WarpResult), cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(h_scan, d_scan, n * sizeof(int), cudaMemcpyDeviceToHost));

  int bad = 0, total_count = 0, any_warps = 0, all_warps = 0;
  for (int w = 0; w < warps; w++) {
    const int *v = h_data + w * 32;
    unsigned int ballot = 0;
    int count = 0, any_big = 0, all_pos = 1, sum = 0, run = 0;
    for (int l = 0; l < 32; l++) {
      if (v[l] % 3 == 0) {
        ballot |= 1u << l;
        count++;
      }
      if (v[l] > 990) any_big = 1;
      if (!(v[l] > 0)) all_pos = 0;
      sum += v[l];
      run += v[l];
      if (h_scan[w * 32 + l] != run) bad++;
    }
    WarpResult r = h_res[w];
    if (r.ballot != ballot || r.count != count || (r.any_big != 0) != any_big || (r.all_positive != 0) != all_pos ||
        r.broadcast != v[5] || r.xor_sum != sum)
      bad++;
    total_count += r.count;
    any_warps += r.any_big != 0;
    all_warps += r.all_positive != 0;
  }
  cudaFree(d_data);
  cudaFree(d_scan);
  cudaFree(d_res);
  free(h_data);
  free(h_res);
  free(h_scan);
  printf("warp_vote: warps=%d multiples_of_3=%d any_warps=%d all_warps=%d bad=%d %s\n", warps, total_count, any_warps,
         all_warps, bad, bad == 0 ? "PASSED" : "FAILED");
  return bad == 0 ? 0 : 1;
}
