// 15_conv1d_constant: 1D convolution with a 17-tap filter held in __constant__
// memory (uploaded with cudaMemcpyToSymbol); each block stages its input
// segment plus halo in __shared__ memory. Out-of-range inputs count as zero.
// Inputs are small integers and taps are multiples of 1/16, so the result is
// exact and compared exactly with a direct host convolution.
#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>

#define RADIUS 8
#define TAPS (2 * RADIUS + 1)
#define BLOCK 256

#define CUDA_CHECK(call)                                                     \
  do {                                                                       \
    cudaError_t err_ = (call);                                               \
    if (err_ != cudaSuccess) {                                               \
      fprintf(stderr, "CUDA error at %s:%d: %s\n", __FILE__, __LINE__,       \
              cudaGetErrorString(err_));                                     \
      exit(1);                                                               \
    }                                                                        \
  } while (0)

__constant__ float c_taps[TAPS];

__global__ void conv1d(const float *in, float *out, int n) {
  __shared__ float s[BLOCK + 2 * RADIUS];
  int gi = blockIdx.x * blockDim.x + threadIdx.x;
  int li = threadIdx.x + RADIUS;

  s[li] = (gi < n) ? in[gi] : 0.0f;
  if (threadIdx.x < RADIUS) {
    int left = gi - RADIUS;
    int right = gi + BLOCK;
    s[threadIdx.x] = (left >= 0 && left < n) ? in[left] : 0.0f;
    s[li + BLOCK] = (right < n) ? in[right] : 0.0f;
  }
  __syncthreads();

  if (gi < n) {
    float acc = 0.0f;
#pragma unroll
    for (int k = -RADIUS; k <= RADIUS; k++) acc += c_taps[k + RADIUS] * s[li + k];
    out[gi] = acc;
  }
}

int main() {
  const int n = 500000;
  float *h_in = (float *)malloc(n * sizeof(float));
  float *h_out = (float *)malloc(n * sizeof(float));
  float taps[TAPS];
  for (int k = 0; k < TAPS; k++) {
    int d = k - RADIUS;
    taps[k] = (float)(RADIUS + 1 - (d < 0 ? -d : d)) / 16.0f;  // triangle
  }
  for (int i = 0; i < n; i++) h_in[i] = (float)((i * 13) % 29 - 14);

  float *d_in, *d_out;
  CUDA_CHECK(cudaMalloc(&d_in, n * sizeof(float)));
  CUDA_CHECK(cudaMalloc(&d_out, n * sizeof(float)));
  CUDA_CHECK(cudaMemcpy(d_in, h_in, n * sizeof(float), cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpyToSymbol(c_taps, taps, sizeof(taps)));

  int blocks = (n + BLOCK - 1) / BLOCK;
  conv1d<<<blocks, BLOCK>>>(d_in, d_out, n);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaDeviceSynchronize());
  CUDA_CHECK(cudaMemcpy(h_out, d_out, n * sizeof(float), cudaMemcpyDeviceToHost));

  int errors = 0;
  for (int i = 0; i < n; i++) {
    double ref = 0.0;
    for (int k = 0; k < TAPS; k++) {
      int j = i + k - RADIUS;
      if (j >= 0 && j < n) ref += (double)taps[k] * (double)h_in[j];
    }
    if ((double)h_out[i] != ref) errors++;
  }
  cudaFree(d_in);
  cudaFree(d_out);
  free(h_in);
  free(h_out);
  printf("conv1d_constant: n=%d taps=%d errors=%d %s\n", n, TAPS, errors, errors == 0 ? "PASSED" : "FAILED");
  return errors == 0 ? 0 : 1;
}
