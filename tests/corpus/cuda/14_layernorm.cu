// 14_layernorm: y = (x - mean) * rsqrtf(var + eps) * gamma + beta per row of
// a 256 x 1024 matrix; one block of 256 threads per row, mean and variance by
// two shared-memory reductions (two-pass variance). Host reference in double;
// tolerance 1e-4 absolute + relative.
#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

#define ROWS 256
#define COLS 1024
#define THREADS 256
#define EPS 1e-5f

#define CUDA_CHECK(call)                                                     \
  do {                                                                       \
    cudaError_t err_ = (call);                                               \
    if (err_ != cudaSuccess) {                                               \
      fprintf(stderr, "CUDA error at %s:%d: %s\n", __FILE__, __LINE__,       \
              cudaGetErrorString(err_));                                     \
      exit(1);                                                               \
    }                                                                        \
  } while (0)

__device__ float block_sum(float v, float *scratch) {
  int tid = threadIdx.x;
  scratch[tid] = v;
  __syncthreads();
  for (int s = blockDim.x >> 1; s > 0; s >>= 1) {
    if (tid < s) scratch[tid] += scratch[tid + s];
    __syncthreads();
  }
  float total = scratch[0];
  __syncthreads();
  return total;
}

__global__ void layer_norm(const float *x, const float *gamma, const float *beta, float *y, int cols) {
  __shared__ float scratch[THREADS];
  const float *row = x + (size_t)blockIdx.x * cols;
  float *out = y + (size_t)blockIdx.x * cols;

  float local = 0.0f;
  for (int c = threadIdx.x; c < cols; c += blockDim.x) local += row[c];
  float mean = block_sum(local, scratch) / cols;

  float local_sq = 0.0f;
  for (int c = threadIdx.x; c < cols; c += blockDim.x) {
    float d = row[c] - mean;
    local_sq += d * d;
  }
  float var = block_sum(local_sq, scratch) / cols;
  float inv_std = rsqrtf(var + EPS);

  for (int c = threadIdx.x; c < cols; c += blockDim.x)
    out[c] = (row[c] - mean) * inv_std * gamma[c] + beta[c];
}

int main() {
  size_t count = (size_t)ROWS * COLS;
  float *h_x = (float *)malloc(count * sizeof(float));
  float *h_y = (float *)malloc(count * sizeof(float));
  float h_gamma[COLS], h_beta[COLS];
  unsigned int s = 31337u;
  for (size_t i = 0; i < count; i++) {
    s = s * 1103515245u + 12345u;
    int row = (int)(i / COLS);
    // each row has its own offset and scale
    h_x[i] = (float)((s >> 8) & 0xffff) / 65536.0f * (1.0f + row % 5) + (float)(row % 7) - 3.0f;
  }
  for (int c = 0; c < COLS; c++) {
    h_gamma[c] = 0.5f + (float)(c % 11) / 10.0f;
    h_beta[c] = (float)(c % 3) - 1.0f;
  }

  float *d_x, *d_y, *d_gamma, *d_beta;
  CUDA_CHECK(cudaMalloc(&d_x, count * sizeof(float)));
  CUDA_CHECK(cudaMalloc(&d_y, count * sizeof(float)));
  CUDA_CHECK(cudaMalloc(&d_gamma, COLS * sizeof(float)));
  CUDA_CHECK(cudaMalloc(&d_beta, COLS * sizeof(float)));
  CUDA_CHECK(cudaMemcpy(d_x, h_x, count * sizeof(float), cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(d_gamma, h_gamma, sizeof(h_gamma), cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(d_beta, h_beta, sizeof(h_beta), cudaMemcpyHostToDevice));
  layer_norm<<<ROWS, THREADS>>>(d_x, d_gamma, d_beta, d_y, COLS);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaDeviceSynchronize());
  CUDA_CHECK(cudaMemcpy(h_y, d_y, count * sizeof(float), cudaMemcpyDeviceToHost));

  int bad = 0;
  for (int r = 0; r < ROWS; r++) {
    const float *row = h_x + (size_t)r * COLS;
    double mean = 0.0, var = 0.0;
    for (int c = 0; c < COLS; c++) mean += row[c];
    mean /= COLS;
    for (int c = 0; c < COLS; c++) var += (row[c] - mean) * (row[c] - mean);
    var /= COLS;
    double inv_std = 1.0 / sqrt(var + (double)EPS);
    for (int c = 0; c < COLS; c++) {
      double ref = (row[c] - mean) * inv_std * h_gamma[c] + h_beta[c];
      double got = h_y[(size_t)r * COLS + c];
      if (!(fabs(got - ref) <= 1e-4 * (1.0 + fabs(ref)))) bad++;
    }
  }
  cudaFree(d_x);
  cudaFree(d_y);
  cudaFree(d_gamma);
  cudaFree(d_beta);
  free(h_x);
  free(h_y);
  printf("layernorm: rows=%d cols=%d bad=%d %s\n", ROWS, COLS, bad, bad == 0 ? "PASSED" : "FAILED");
  return bad == 0 ? 0 : 1;
}
