// 33_grid3d: a 3D grid of 3D blocks (dim3 for both, blockIdx.z/threadIdx.z,
// gridDim/blockDim in all three dimensions) over a 37 x 29 x 23 volume, with
// partial blocks on every axis. Each thread writes a value built from its
// coordinates and its linear block/thread ids; a per-z-slice atomicAdd
// counts the cells visited. Then a 3D gather kernel permutes the axes
// (out[x][y][z] = in[z][y][x]). Compared exactly.
#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>

#define NX 37
#define NY 29
#define NZ 23

#define CUDA_CHECK(call)                                                     \
  do {                                                                       \
    cudaError_t err_ = (call);                                               \
    if (err_ != cudaSuccess) {                                               \
      fprintf(stderr, "CUDA error at %s:%d: %s\n", __FILE__, __LINE__,       \
              cudaGetErrorString(err_));                                     \
      exit(1);                                                               \
    }                                                                        \
  } while (0)

__global__ void label(int *vol, int *block_of, int *slice_count) {
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  int z = blockIdx.z * blockDim.z + threadIdx.z;
  if (x >= NX || y >= NY || z >= NZ) return;
  int cell = (z * NY + y) * NX + x;
  int block_linear = (blockIdx.z * gridDim.y + blockIdx.y) * gridDim.x + blockIdx.x;
  int thread_linear = (threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x;
  vol[cell] = x * 10000 + y * 100 + z;
  block_of[cell] = block_linear * 1024 + thread_linear;
  atomicAdd(&slice_count[z], 1);
}

// out is NX x NY x NZ with z fastest: out[(x * NY + y) * NZ + z]
__global__ void permute(const int *in, int *out) {
  dim3 pos(blockIdx.x * blockDim.x + threadIdx.x, blockIdx.y * blockDim.y + threadIdx.y,
           blockIdx.z * blockDim.z + threadIdx.z);  // pos.x runs over z here
  if (pos.x >= NZ || pos.y >= NY || pos.z >= NX) return;
  out[(pos.z * NY + pos.y) * NZ + pos.x] = in[(pos.x * NY + pos.y) * NX + pos.z];
}

int main() {
  const int total = NX * NY * NZ;
  int *d_vol, *d_block, *d_slices, *d_perm;
  CUDA_CHECK(cudaMalloc(&d_vol, total * sizeof(int)));
  CUDA_CHECK(cudaMalloc(&d_block, total * sizeof(int)));
  CUDA_CHECK(cudaMalloc(&d_perm, total * sizeof(int)));
  CUDA_CHECK(cudaMalloc(&d_slices, NZ * sizeof(int)));
  CUDA_CHECK(cudaMemset(d_slices, 0, NZ * sizeof(int)));
  CUDA_CHECK(cudaMemset(d_vol, 0xff, total * sizeof(int)));

  dim3 block(8, 4, 4);
  dim3 grid((NX + block.x - 1) / block.x, (NY + block.y - 1) / block.y, (NZ + block.z - 1) / block.z);
  label<<<grid, block>>>(d_vol, d_block, d_slices);
  CUDA_CHECK(cudaGetLastError());
  dim3 block2(4, 8, 2);
  dim3 grid2((NZ + 3) / 4, (NY + 7) / 8, (NX + 1) / 2);
  permute<<<grid2, block2>>>(d_vol, d_perm);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaDeviceSynchronize());

  int *h_vol = (int *)malloc(total * sizeof(int));
  int *h_block = (int *)malloc(total * sizeof(int));
  int *h_perm = (int *)malloc(total * sizeof(int));
  int h_slices[NZ];
  CUDA_CHECK(cudaMemcpy(h_vol, d_vol, total * sizeof(int), cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(h_block, d_block, total * sizeof(int), cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(h_perm, d_perm, total * sizeof(int), cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(h_slices, d_slices, sizeof(h_slices), cudaMemcpyDeviceToHost));

  int bad = 0;
  for (int z = 0; z < NZ; z++) {
    if (h_slices[z] != NX * NY) bad++;
    for (int y = 0; y < NY; y++)
      for (int x = 0; x < NX; x++) {
        int cell = (z * NY + y) * NX + x;
        int bx = x / 8, by = y / 4, bz = z / 4;
        int tx = x % 8, ty = y % 4, tz = z % 4;
        int want_block = ((bz * grid.y + by) * grid.x + bx) * 1024 + (tz * 4 + ty) * 8 + tx;
        if (h_vol[cell] != x * 10000 + y * 100 + z) bad++;
        if (h_block[cell] != want_block) bad++;
        if (h_perm[(x * NY + y) * NZ + z] != x * 10000 + y * 100 + z) bad++;
      }
  }
  cudaFree(d_vol);
  cudaFree(d_block);
  cudaFree(d_perm);
  cudaFree(d_slices);
  free(h_vol);
  free(h_block);
  free(h_perm);
  printf("grid3d: volume=%dx%dx%d grid=(%u,%u,%u) block=(%u,%u,%u) bad=%d %s\n", NX, NY, NZ, grid.x, grid.y, grid.z,
         block.x, block.y, block.z, bad, bad == 0 ? "PASSED" : "FAILED");
  return bad == 0 ? 0 : 1;
}
