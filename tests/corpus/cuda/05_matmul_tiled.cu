// 05_matmul_tiled: C = A * B with 16x16 __shared__ tiles and __syncthreads,
// for sizes that are not multiples of the tile (bounds checks on every load).
// Entries are small integers, so every partial sum is exact in float and the
// result can be compared exactly with a naive host triple loop.
#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>

#define TILE 16

#define CUDA_CHECK(call)                                                     \
  do {                                                                       \
    cudaError_t err_ = (call);                                               \
    if (err_ != cudaSuccess) {                                               \
      fprintf(stderr, "CUDA error at %s:%d: %s\n", __FILE__, __LINE__,       \
              cudaGetErrorString(err_));                                     \
      exit(1);                                                               \
    }                                                                        \
  } while (0)

// A is M x K, B is K x N, C is M x N, all row-major.
__global__ void matmul_tiled(const float *A, const float *B, float *C, int M, int N, int K) {
  __shared__ float As[TILE][TILE];
  __shared__ float Bs[TILE][TILE];

  int tx = threadIdx.x, ty = threadIdx.y;
  int row = blockIdx.y * TILE + ty;
  int col = blockIdx.x * TILE + tx;
  float acc = 0.0f;

  int tiles = (K + TILE - 1) / TILE;
  for (int t = 0; t < tiles; ++t) {
    int a_col = t * TILE + tx;
    int b_row = t * TILE + ty;
    As[ty][tx] = (row < M && a_col < K) ? A[row * K + a_col] : 0.0f;
    Bs[ty][tx] = (b_row < K && col < N) ? B[b_row * N + col] : 0.0f;
    __syncthreads();
#pragma unroll
    for (int k = 0; k < TILE; ++k) acc += As[ty][k] * Bs[k][tx];
    __syncthreads();
  }
  if (row < M && col < N) C[row * N + col] = acc;
}

int main() {
  const int M = 250, N = 190, K = 300;
  float *hA = (float *)malloc(sizeof(float) * M * K);
  float *hB = (float *)malloc(sizeof(float) * K * N);
  float *hC = (float *)malloc(sizeof(float) * M * N);
  for (int i = 0; i < M; i++)
    for (int k = 0; k < K; k++) hA[i * K + k] = (float)((i * 3 + k * 5) % 9 - 4);
  for (int k = 0; k < K; k++)
    for (int j = 0; j < N; j++) hB[k * N + j] = (float)((k * 7 + j * 2) % 7 - 3);

  float *dA, *dB, *dC;
  CUDA_CHECK(cudaMalloc(&dA, sizeof(float) * M * K));
  CUDA_CHECK(cudaMalloc(&dB, sizeof(float) * K * N));
  CUDA_CHECK(cudaMalloc(&dC, sizeof(float) * M * N));
  CUDA_CHECK(cudaMemcpy(dA, hA, sizeof(float) * M * K, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(dB, hB, sizeof(float) * K * N, cudaMemcpyHostToDevice));

  dim3 block(TILE, TILE);
  dim3 grid((N + TILE - 1) / TILE, (M + TILE - 1) / TILE);
  matmul_tiled<<<grid, block>>>(dA, dB, dC, M, N, K);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaDeviceSynchronize());
  CUDA_CHECK(cudaMemcpy(hC, dC, sizeof(float) * M * N, cudaMemcpyDeviceToHost));

  int errors = 0;
  long long checksum = 0;
  for (int i = 0; i < M; i++) {
    for (int j = 0; j < N; j++) {
      long long ref = 0;
      for (int k = 0; k < K; k++)
        ref += (long long)((i * 3 + k * 5) % 9 - 4) * (long long)((k * 7 + j * 2) % 7 - 3);
      if ((double)hC[i * N + j] != (double)ref) errors++;
      checksum += (long long)hC[i * N + j];
    }
  }

  cudaFree(dA);
  cudaFree(dB);
  cudaFree(dC);
  free(hA);
  free(hB);
  free(hC);
  printf("matmul_tiled: M=%d N=%d K=%d grid=%ux%u checksum=%lld errors=%d %s\n", M, N, K, grid.x, grid.y,
         checksum, errors, errors == 0 ? "PASSED" : "FAILED");
  return errors == 0 ? 0 : 1;
}
