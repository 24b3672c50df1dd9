// 07_jacobi2d: 2D 5-point Jacobi relaxation on a 256x256 grid with fixed
// boundary values, 40 iterations ping-ponging between two device buffers.
// The host repeats the same sweep; results agree to a relative 1e-5.
#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

#define N 256
#define ITERS 40
#define BX 32
#define BY 8

#define CUDA_CHECK(call)                                                     \
  do {                                                                       \
    cudaError_t err_ = (call);                                               \
    if (err_ != cudaSuccess) {                                               \
      fprintf(stderr, "CUDA error at %s:%d: %s\n", __FILE__, __LINE__,       \
              cudaGetErrorString(err_));                                     \
      exit(1);                                                               \
    }                                                                        \
  } while (0)

__global__ void jacobi_step(const float *__restrict__ src, float *__restrict__ dst, int n) {
  int j = blockIdx.x * blockDim.x + threadIdx.x;
  int i = blockIdx.y * blockDim.y + threadIdx.y;
  if (i >= n || j >= n) return;
  if (i == 0 || j == 0 || i == n - 1 || j == n - 1) {
    dst[i * n + j] = src[i * n + j];  // boundary stays fixed
    return;
  }
  float sum = src[i * n + j] + src[(i - 1) * n + j] + src[(i + 1) * n + j] + src[i * n + j - 1] +
              src[i * n + j + 1];
  dst[i * n + j] = 0.2f * sum;
}

static void init_grid(float *g) {
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) {
      float v = 0.0f;
      if (i == 0) v = 100.0f;                          // hot top edge
      else if (j == 0) v = 50.0f * (float)i / N;       // ramp on the left
      else if (i == N - 1 || j == N - 1) v = 0.0f;     // cold edges
      else v = (float)((i * 31 + j * 17) % 23) * 0.5f;  // interior noise
      g[i * N + j] = v;
    }
}

int main() {
  size_t bytes = sizeof(float) * N * N;
  float *h = (float *)malloc(bytes);
  float *ref_a = (float *)malloc(bytes);
  float *ref_b = (float *)malloc(bytes);
  init_grid(h);
  init_grid(ref_a);

  float *d_a, *d_b;
  CUDA_CHECK(cudaMalloc(&d_a, bytes));
  CUDA_CHECK(cudaMalloc(&d_b, bytes));
  CUDA_CHECK(cudaMemcpy(d_a, h, bytes, cudaMemcpyHostToDevice));

  dim3 block(BX, BY);
  dim3 grid((N + BX - 1) / BX, (N + BY - 1) / BY);
  for (int it = 0; it < ITERS; it++) {
    jacobi_step<<<grid, block>>>(d_a, d_b, N);
    CUDA_CHECK(cudaGetLastError());
    float *t = d_a;
    d_a = d_b;
    d_b = t;
  }
  CUDA_CHECK(cudaDeviceSynchronize());
  CUDA_CHECK(cudaMemcpy(h, d_a, bytes, cudaMemcpyDeviceToHost));

  for (int it = 0; it < ITERS; it++) {
    for (int i = 0; i < N; i++)
      for (int j = 0; j < N; j++) {
        if (i == 0 || j == 0 || i == N - 1 || j == N - 1) {
          ref_b[i * N + j] = ref_a[i * N + j];
        } else {
          float s = ref_a[i * N + j] + ref_a[(i - 1) * N + j] + ref_a[(i + 1) * N + j] +
                    ref_a[i * N + j - 1] + ref_a[i * N + j + 1];
          ref_b[i * N + j] = 0.2f * s;
        }
      }
    float *t = ref_a;
    ref_a = ref_b;
    ref_b = t;
  }

  int bad = 0;
  for (int k = 0; k < N * N; k++) {
    float r = ref_a[k];
    if (!(fabsf(h[k] - r) <= 1e-5f * fabsf(r) + 1e-6f)) bad++;
  }
  cudaFree(d_a);
  cudaFree(d_b);
  free(h);
  free(ref_a);
  free(ref_b);
  printf("jacobi2d: n=%d iters=%d bad=%d %s\n", N, ITERS, bad, bad == 0 ? "PASSED" : "FAILED");
  return bad == 0 ? 0 : 1;
}
