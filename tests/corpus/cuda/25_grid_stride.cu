// 25_grid_stride: grid-stride loops with a deliberately small grid (40 blocks
// of 128 threads) over 1,048,699 elements: a device-side fill with an integer
// hash, an elementwise sqrtf/float transform (sqrtf is correctly rounded, so
// the comparison is exact), and a 2D grid-stride loop over a matrix.
#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

#define CUDA_CHECK(call)                                                     \
  do {                                                                       \
    cudaError_t err_ = (call);                                               \
    if (err_ != cudaSuccess) {                                               \
      fprintf(stderr, "CUDA error at %s:%d: %s\n", __FILE__, __LINE__,       \
              cudaGetErrorString(err_));                                     \
      exit(1);                                                               \
    }                                                                        \
  } while (0)

__host__ __device__ unsigned int hash32(unsigned int x) {
  x ^= x >> 16;
  x *= 0x7feb352du;
  x ^= x >> 15;
  x *= 0x846ca68bu;
  x ^= x >> 16;
  return x;
}

__global__ void fill_hash(unsigned int *out, int n, unsigned int seed) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x)
    out[i] = hash32((unsigned int)i ^ seed);
}

__global__ void transform(const unsigned int *in, float *out, int n) {
  int stride = gridDim.x * blockDim.x;
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) {
    float v = (float)(in[i] & 0xFFFFu);
    out[i] = sqrtf(v) + (float)(i % 7);
  }
}

__global__ void matrix_fill(int *m, int rows, int cols) {
  for (int r = blockIdx.y * blockDim.y + threadIdx.y; r < rows; r += blockDim.y * gridDim.y)
    for (int c = blockIdx.x * blockDim.x + threadIdx.x; c < cols; c += blockDim.x * gridDim.x)
      m[r * cols + c] = r * 1000 + c;
}

int main() {
  const int n = (1 << 20) + 123;
  const unsigned int seed = 0x1234u;
  unsigned int *d_h;
  float *d_f;
  CUDA_CHECK(cudaMalloc(&d_h, n * sizeof(unsigned int)));
  CUDA_CHECK(cudaMalloc(&d_f, n * sizeof(float)));
  fill_hash<<<40, 128>>>(d_h, n, seed);
  CUDA_CHECK(cudaGetLastError());
  transform<<<40, 128>>>(d_h, d_f, n);
  CUDA_CHECK(cudaGetLastError());

  const int rows = 300, cols = 700;
  int *d_m;
  CUDA_CHECK(cudaMalloc(&d_m, rows * cols * sizeof(int)));
  matrix_fill<<<dim3(4, 3), dim3(32, 4)>>>(d_m, rows, cols);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaDeviceSynchronize());

  unsigned int *h_h = (unsigned int *)malloc(n * sizeof(unsigned int));
  float *h_f = (float *)malloc(n * sizeof(float));
  int *h_m = (int *)malloc(rows * cols * sizeof(int));
  CUDA_CHECK(cudaMemcpy(h_h, d_h, n * sizeof(unsigned int), cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(h_f, d_f, n * sizeof(float), cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(h_m, d_m, rows * cols * sizeof(int), cudaMemcpyDeviceToHost));

  int bad = 0;
  unsigned int xor_all = 0;
  for (int i = 0; i < n; i++) {
    unsigned int h = hash32((unsigned int)i ^ seed);
    if (h_h[i] != h) bad++;
    xor_all ^= h_h[i];
    float want = sqrtf((float)(h & 0xFFFFu)) + (float)(i % 7);
    if (h_f[i] != want) bad++;
  }
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < cols; c++)
      if (h_m[r * cols + c] != r * 1000 + c) bad++;

  cudaFree(d_h);
  cudaFree(d_f);
  cudaFree(d_m);
  free(h_h);
  free(h_f);
  free(h_m);
  printf("grid_stride: n=%d grid=40x128 xor=%08x matrix=%dx%d bad=%d %s\n", n, xor_all, rows, cols, bad,
         bad == 0 ? "PASSED" : "FAILED");
  return bad == 0 ? 0 : 1;
}
