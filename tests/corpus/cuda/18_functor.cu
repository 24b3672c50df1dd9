// 18_functor: kernels templated on a functor type, the functor passed by value
// as a kernel argument: a unary transform kernel (Affine, Clamp, Polynomial
// with its coefficients inside the functor), a binary zip kernel (AxpbyOp)
// and a block reduction parameterized by a functor with a static identity
// (SumOp, MaxOp, MinOp). Operands are chosen so that the float arithmetic is
// exact and the comparison is exact.
#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>
#include <float.h>

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

struct Affine {
  float scale, shift;
  __device__ float operator()(float x) const { return x * scale + shift; }
};

struct Clamp {
  float lo, hi;
  __device__ float operator()(float x) const { return x < lo ? lo : (x > hi ? hi : x); }
};

struct Polynomial {
  float c[4];  // c0 + c1 x + c2 x^2 + c3 x^3 (Horner)
  __device__ float operator()(float x) const { return ((c[3] * x + c[2]) * x + c[1]) * x + c[0]; }
};

struct AxpbyOp {
  float a, b;
  __device__ float operator()(float x, float y) const { return a * x + b * y; }
};

struct SumOp {
  __device__ static float identity() { return 0.0f; }
  __device__ float operator()(float a, float b) const { return a + b; }
};
struct MaxOp {
  __device__ static float identity() { return -FLT_MAX; }
  __device__ float operator()(float a, float b) const { return a > b ? a : b; }
};
struct MinOp {
  __device__ static float identity() { return FLT_MAX; }
  __device__ float operator()(float a, float b) const { return a < b ? a : b; }
};

template <typename F>
__global__ void transform(const float *in, float *out, int n, F f) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = f(in[i]);
}

template <typename F>
__global__ void zip(const float *x, const float *y, float *out, int n, F f) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = f(x[i], y[i]);
}

template <typename Op>
__global__ void block_reduce(const float *in, float *out, int n, Op op) {
  __shared__ float s[THREADS];
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  s[threadIdx.x] = (i < n) ? in[i] : Op::identity();
  __syncthreads();
  for (int stride = THREADS / 2; stride > 0; stride >>= 1) {
    if (threadIdx.x < stride) s[threadIdx.x] = op(s[threadIdx.x], s[threadIdx.x + stride]);
    __syncthreads();
  }
  if (threadIdx.x == 0) out[blockIdx.x] = s[0];
}

static float input_value(int i) { return (float)((i * 37) % 64 - 32) * 0.5f; }  // [-16, 15.5]

static int count_diff(const float *got, const float *want, int n) {
  int bad = 0;
  for (int i = 0; i < n; i++)
    if (got[i] != want[i]) bad++;
  return bad;
}

int main() {
  const int n = 100000;
  const int blocks = (n + THREADS - 1) / THREADS;
  float *h_x = (float *)malloc(n * sizeof(float));
  float *h_y = (float *)malloc(n * sizeof(float));
  float *h_out = (float *)malloc(n * sizeof(float));
  float *h_ref = (float *)malloc(n * sizeof(float));
  for (int i = 0; i < n; i++) {
    h_x[i] = input_value(i);
    h_y[i] = input_value(i * 7 + 3);
  }
  float *d_x, *d_y, *d_out;
  CUDA_CHECK(cudaMalloc(&d_x, n * sizeof(float)));
  CUDA_CHECK(cudaMalloc(&d_y, n * sizeof(float)));
  CUDA_CHECK(cudaMalloc(&d_out, n * sizeof(float)));
  CUDA_CHECK(cudaMemcpy(d_x, h_x, n * sizeof(float), cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(d_y, h_y, n * sizeof(float), cudaMemcpyHostToDevice));
  int bad_total = 0, bad;

  Affine aff;
  aff.scale = 0.75f;
  aff.shift = -2.0f;
  transform<<<blocks, THREADS>>>(d_x, d_out, n, aff);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaMemcpy(h_out, d_out, n * sizeof(float), cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) h_ref[i] = (float)((double)h_x[i] * 0.75 - 2.0);
  bad = count_diff(h_out, h_ref, n);
  printf("functor: Affine bad=%d\n", bad);
  bad_total += bad;

  Clamp cl = {-5.0f, 7.5f};
  transform<<<blocks, THREADS>>>(d_x, d_out, n, cl);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaMemcpy(h_out, d_out, n * sizeof(float), cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) h_ref[i] = h_x[i] < -5.0f ? -5.0f : (h_x[i] > 7.5f ? 7.5f : h_x[i]);
  bad = count_diff(h_out, h_ref, n);
  printf("functor: Clamp bad=%d\n", bad);
  bad_total += bad;

  Polynomial poly = {{1.0f, -2.0f, 0.5f, 0.25f}};
  transform<<<blocks, THREADS>>>(d_x, d_out, n, poly);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaMemcpy(h_out, d_out, n * sizeof(float), cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) {
    double x = h_x[i];
    h_ref[i] = (float)(1.0 - 2.0 * x + 0.5 * x * x + 0.25 * x * x * x);
  }
  bad = count_diff(h_out, h_ref, n);
  printf("functor: Polynomial bad=%d\n", bad);
  bad_total += bad;

  AxpbyOp axpby = {2.0f, -0.5f};
  zip<<<blocks, THREADS>>>(d_x, d_y, d_out, n, axpby);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaMemcpy(h_out, d_out, n * sizeof(float), cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) h_ref[i] = (float)(2.0 * h_x[i] - 0.5 * h_y[i]);
  bad = count_diff(h_out, h_ref, n);
  printf("functor: AxpbyOp bad=%d\n", bad);
  bad_total += bad;

  // reductions: per-block sum, max and min of x * y (exact products)
  for (int i = 0; i < n; i++) h_ref[i] = h_x[i] * h_y[i];
  CUDA_CHECK(cudaMemcpy(d_x, h_ref, n * sizeof(float), cudaMemcpyHostToDevice));
  float *d_part;
  CUDA_CHECK(cudaMalloc(&d_part, blocks * sizeof(float)));
  float *h_part = (float *)malloc(blocks * sizeof(float));
  for (int which = 0; which < 3; which++) {
    if (which == 0) block_reduce<<<blocks, THREADS>>>(d_x, d_part, n, SumOp());
    else if (which == 1) block_reduce<<<blocks, THREADS>>>(d_x, d_part, n, MaxOp());
    else block_reduce<<<blocks, THREADS>>>(d_x, d_part, n, MinOp());
    CUDA_CHECK(cudaGetLastError());
    CUDA_CHECK(cudaMemcpy(h_part, d_part, blocks * sizeof(float), cudaMemcpyDeviceToHost));
    bad = 0;
    for (int b = 0; b < blocks; b++) {
      double acc = which == 0 ? 0.0 : h_ref[b * THREADS];
      for (int i = b * THREADS; i < (b + 1) * THREADS && i < n; i++) {
        double v = h_ref[i];
        if (which == 0) acc += v;
        else if (which == 1) acc = v > acc ? v : acc;
        else acc = v < acc ? v : acc;
      }
      if ((double)h_part[b] != acc) bad++;
    }
    printf("functor: %s bad=%d\n", which == 0 ? "SumOp" : (which == 1 ? "MaxOp" : "MinOp"), bad);
    bad_total += bad;
  }

  cudaFree(d_x);
  cudaFree(d_y);
  cudaFree(d_out);
  cudaFree(d_part);
  free(h_x);
  free(h_y);
  free(h_out);
  free(h_ref);
  free(h_part);
  printf("functor: %s\n", bad_total == 0 ? "PASSED" : "FAILED");
  return bad_total == 0 ? 0 : 1;
}
