// 13_softmax: row-wise softmax of a 512 x 1000 matrix, one block of 256
// threads per row: a shared-memory max reduction, a sum of expf(x - max), then
// the normalized outputs. Checked against a double-precision host softmax
// (relative 1e-5 per element, plus each row summing to 1 within 1e-5).
#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <float.h>

#define ROWS 512
#define COLS 1000
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

__global__ void softmax_rows(const float *in, float *out, int cols) {
  __shared__ float red[THREADS];
  const float *x = in + (size_t)blockIdx.x * cols;
  float *y = out + (size_t)blockIdx.x * cols;
  int tid = threadIdx.x;

  float m = -FLT_MAX;
  for (int c = tid; c < cols; c += blockDim.x) m = fmaxf(m, x[c]);
  red[tid] = m;
  __syncthreads();
  for (int s = blockDim.x / 2; s > 0; s >>= 1) {
    if (tid < s) red[tid] = fmaxf(red[tid], red[tid + s]);
    __syncthreads();
  }
  float row_max = red[0];
  __syncthreads();  // everyone has read red[0] before it is reused

  float sum = 0.0f;
  for (int c = tid; c < cols; c += blockDim.x) sum += expf(x[c] - row_max);
  red[tid] = sum;
  __syncthreads();
  for (int s = blockDim.x / 2; s > 0; s >>= 1) {
    if (tid < s) red[tid] += red[tid + s];
    __syncthreads();
  }
  float inv_sum = 1.0f / red[0];

  for (int c = tid; c < cols; c += blockDim.x) y[c] = expf(x[c] - row_max) * inv_sum;
}

int main() {
  size_t count = (size_t)ROWS * COLS;
  float *h_in = (float *)malloc(count * sizeof(float));
  float *h_out = (float *)malloc(count * sizeof(float));
  unsigned int s = 777u;
  for (size_t i = 0; i < count; i++) {
    s = s * 1664525u + 1013904223u;
    h_in[i] = ((float)(s >> 8) / 16777216.0f) * 16.0f - 8.0f;  // [-8, 8)
  }
  float *d_in, *d_out;
  CUDA_CHECK(cudaMalloc(&d_in, count * sizeof(float)));
  CUDA_CHECK(cudaMalloc(&d_out, count * sizeof(float)));
  CUDA_CHECK(cudaMemcpy(d_in, h_in, count * sizeof(float), cudaMemcpyHostToDevice));
  softmax_rows<<<ROWS, THREADS>>>(d_in, d_out, COLS);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaDeviceSynchronize());
  CUDA_CHECK(cudaMemcpy(h_out, d_out, count * sizeof(float), cudaMemcpyDeviceToHost));

  int bad = 0, bad_rows = 0;
  double *e = (double *)malloc(COLS * sizeof(double));
  for (int r = 0; r < ROWS; r++) {
    const float *x = h_in + (size_t)r * COLS;
    double mx = x[0];
    for (int c = 1; c < COLS; c++)
      if (x[c] > mx) mx = x[c];
    double total = 0.0;
    for (int c = 0; c < COLS; c++) {
      e[c] = exp((double)x[c] - mx);
      total += e[c];
    }
    double row_sum = 0.0;
    for (int c = 0; c < COLS; c++) {
      double ref = e[c] / total;
      double got = h_out[(size_t)r * COLS + c];
      row_sum += got;
      if (!(fabs(got - ref) <= 1e-5 * ref + 1e-9)) bad++;
    }
    if (fabs(row_sum - 1.0) > 1e-5) bad_rows++;
  }
  free(e);
  cudaFree(d_in);
  cudaFree(d_out);
  free(h_in);
  free(h_out);
  int ok = bad == 0 && bad_rows == 0;
  printf("softmax: rows=%d cols=%d bad=%d bad_rows=%d %s\n", ROWS, COLS, bad, bad_rows, ok ? "PASSED" : "FAILED");
  return ok ? 0 : 1;
}
