// 06_transpose: out = in^T through a 32x33 __shared__ tile (the +1 column of
// padding keeps the column reads free of bank conflicts). Blocks are 32x8
// threads; each thread moves 4 elements. The matrix is 1000 x 600, so edge
// tiles are partial.
#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>

#define TILE_DIM 32
#define BLOCK_ROWS 8

#define CUDA_CHECK(call)                                                     \
  do {                                                                       \
    cudaError_t err_ = (call);                                               \
    if (err_ != cudaSuccess) {                                               \
      fprintf(stderr, "CUDA error at %s:%d: %s\n", __FILE__, __LINE__,       \
              cudaGetErrorString(err_));                                     \
      exit(1);                                                               \
    }                                                                        \
  } while (0)

// in is rows x cols, out is cols x rows.
__global__ void transpose_padded(float *out, const float *in, int rows, int cols) {
  __shared__ float tile[TILE_DIM][TILE_DIM + 1];

  int x = blockIdx.x * TILE_DIM + threadIdx.x;  // column in `in`
  int y = blockIdx.y * TILE_DIM + threadIdx.y;  // row in `in`
  for (int j = 0; j < TILE_DIM; j += BLOCK_ROWS) {
    if (x < cols && y + j < rows) tile[threadIdx.y + j][threadIdx.x] = in[(y + j) * cols + x];
  }
  __syncthreads();

  x = blockIdx.y * TILE_DIM + threadIdx.x;  // column in `out` (= row in `in`)
  y = blockIdx.x * TILE_DIM + threadIdx.y;  // row in `out`
  for (int j = 0; j < TILE_DIM; j += BLOCK_ROWS) {
    if (x < rows && y + j < cols) out[(y + j) * rows + x] = tile[threadIdx.x][threadIdx.y + j];
  }
}

int main() {
  const int rows = 1000, cols = 600;
  const size_t bytes = sizeof(float) * rows * cols;
  float *h_in = (float *)malloc(bytes);
  float *h_out = (float *)malloc(bytes);
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < cols; c++) h_in[r * cols + c] = (float)(r * cols + c);

  float *d_in, *d_out;
  CUDA_CHECK(cudaMalloc(&d_in, bytes));
  CUDA_CHECK(cudaMalloc(&d_out, bytes));
  CUDA_CHECK(cudaMemcpy(d_in, h_in, bytes, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemset(d_out, 0xff, bytes));  // NaN poison: every element must be written

  dim3 block(TILE_DIM, BLOCK_ROWS);
  dim3 grid((cols + TILE_DIM - 1) / TILE_DIM, (rows + TILE_DIM - 1) / TILE_DIM);
  transpose_padded<<<grid, block>>>(d_out, d_in, rows, cols);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaDeviceSynchronize());
  CUDA_CHECK(cudaMemcpy(h_out, d_out, bytes, cudaMemcpyDeviceToHost));

  int errors = 0;
  for (int c = 0; c < cols; c++)
    for (int r = 0; r < rows; r++)
      if (h_out[c * rows + r] != (float)(r * cols + c)) errors++;

  cudaFree(d_in);
  cudaFree(d_out);
  free(h_in);
  free(h_out);
  printf("transpose: %dx%d tile=%dx%d errors=%d %s\n", rows, cols, TILE_DIM, TILE_DIM + 1, errors,
         errors == 0 ? "PASSED" : "FAILED");
  return errors == 0 ? 0 : 1;
}
