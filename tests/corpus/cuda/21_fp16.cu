// 21_fp16: half precision with cuda_fp16.h: float<->half conversions (exact
// round-to-nearest-even, compared bit for bit with the host's __float2half),
// a*x + y with the __hmul/__hadd intrinsics and with the __half operators, and
// __half2 arithmetic (__hmul2/__hadd2, __floats2half2_rn, __low2float,
// __high2float). Arithmetic results are compared with an fp32/fp64 reference
// computed from the same half inputs, with a tolerance of a few half ulps.
#include <cuda_runtime.h>
#include <cuda_fp16.h>
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

__global__ void to_half_and_back(const float *in, __half *h, float *back, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    __half v = __float2half(in[i]);
    h[i] = v;
    back[i] = __half2float(v);
  }
}

__global__ void haxpy_intrinsics(__half a, const __half *x, const __half *y, __half *z, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) z[i] = __hadd(__hmul(a, x[i]), y[i]);
}

__global__ void haxpy_operators(__half a, const __half *x, const __half *y, __half *z, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    __half t = a * x[i];
    z[i] = t + y[i];
  }
}

// out = in * in + (0.25, -0.5), two halves at a time
__global__ void square_plus_h2(const float *in, float *out_lo, float *out_hi, int pairs) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < pairs) {
    __half2 v = __floats2half2_rn(in[2 * i], in[2 * i + 1]);
    __half2 c = __floats2half2_rn(0.25f, -0.5f);
    __half2 r = __hadd2(__hmul2(v, v), c);
    out_lo[i] = __low2float(r);
    out_hi[i] = __high2float(r);
  }
}

static float lcg_float(unsigned int *s, float lo, float hi) {
  *s = *s * 1664525u + 1013904223u;
  return lo + (hi - lo) * (float)(*s >> 8) / 16777216.0f;
}

int main() {
  const int n = 1 << 16;
  const int threads = 256, blocks = (n + threads - 1) / threads;
  float *h_f = (float *)malloc(n * sizeof(float));
  float *h_g = (float *)malloc(n * sizeof(float));
  unsigned int s = 4242u;
  for (int i = 0; i < n; i++) {
    h_f[i] = lcg_float(&s, -2.0f, 2.0f);
    h_g[i] = lcg_float(&s, -2.0f, 2.0f);
  }
  // a few special values for the conversion test
  h_f[0] = 0.0f;
  h_f[1] = 1.0f;
  h_f[2] = -65504.0f;       // largest finite half
  h_f[3] = 1.0f / 16384.0f;  // smallest normal half
  h_f[4] = 3.0e-6f;          // subnormal half
  h_f[5] = 1.00048828125f;   // exactly halfway between two halves: ties to even

  float *d_f, *d_g, *d_back, *d_lo, *d_hi;
  __half *d_x, *d_y, *d_z1, *d_z2;
  CUDA_CHECK(cudaMalloc(&d_f, n * sizeof(float)));
  CUDA_CHECK(cudaMalloc(&d_g, n * sizeof(float)));
  CUDA_CHECK(cudaMalloc(&d_back, n * sizeof(float)));
  CUDA_CHECK(cudaMalloc(&d_lo, n / 2 * sizeof(float)));
  CUDA_CHECK(cudaMalloc(&d_hi, n / 2 * sizeof(float)));
  CUDA_CHECK(cudaMalloc(&d_x, n * sizeof(__half)));
  CUDA_CHECK(cudaMalloc(&d_y, n * sizeof(__half)));
  CUDA_CHECK(cudaMalloc(&d_z1, n * sizeof(__half)));
  CUDA_CHECK(cudaMalloc(&d_z2, n * sizeof(__half)));
  CUDA_CHECK(cudaMemcpy(d_f, h_f, n * sizeof(float), cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(d_g, h_g, n * sizeof(float), cudaMemcpyHostToDevice));

  // x from the device conversion, y converted on the host
  to_half_and_back<<<blocks, threads>>>(d_f, d_x, d_back, n);
  CUDA_CHECK(cudaGetLastError());
  __half *h_x = (__half *)malloc(n * sizeof(__half));
  __half *h_y = (__half *)malloc(n * sizeof(__half));
  float *h_back = (float *)malloc(n * sizeof(float));
  CUDA_CHECK(cudaMemcpy(h_x, d_x, n * sizeof(__half), cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(h_back, d_back, n * sizeof(float), cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) h_y[i] = __float2half(h_g[i]);
  CUDA_CHECK(cudaMemcpy(d_y, h_y, n * sizeof(__half), cudaMemcpyHostToDevice));

  int bad_conv = 0;
  for (int i = 0; i < n; i++) {
    float host_rt = __half2float(__float2half(h_f[i]));
    if (h_back[i] != host_rt || __half2float(h_x[i]) != host_rt) bad_conv++;
  }
  if (h_back[1] != 1.0f || h_back[2] != -65504.0f || h_back[5] != 1.0f) bad_conv++;

  const float a_f = 1.5f;
  __half a = __float2half(a_f);
  haxpy_intrinsics<<<blocks, threads>>>(a, d_x, d_y, d_z1, n);
  CUDA_CHECK(cudaGetLastError());
  haxpy_operators<<<blocks, threads>>>(a, d_x, d_y, d_z2, n);
  CUDA_CHECK(cudaGetLastError());
  square_plus_h2<<<blocks / 2, threads>>>(d_f, d_lo, d_hi, n / 2);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaDeviceSynchronize());

  __half *h_z1 = (__half *)malloc(n * sizeof(__half));
  __half *h_z2 = (__half *)malloc(n * sizeof(__half));
  float *h_lo = (float *)malloc(n / 2 * sizeof(float));
  float *h_hi = (float *)malloc(n / 2 * sizeof(float));
  CUDA_CHECK(cudaMemcpy(h_z1, d_z1, n * sizeof(__half), cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(h_z2, d_z2, n * sizeof(__half), cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(h_lo, d_lo, n / 2 * sizeof(float), cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(h_hi, d_hi, n / 2 * sizeof(float), cudaMemcpyDeviceToHost));

  int bad_axpy = 0, bad_h2 = 0;
  for (int i = 6; i < n; i++) {  // skip the special conversion values
    double x = __half2float(h_x[i]), y = __half2float(h_y[i]);
    double ax = a_f * x;
    double ref = ax + y;
    double tol = 0.002 * (fabs(ax) + fabs(y)) + 1e-4;
    if (fabs(__half2float(h_z1[i]) - ref) > tol) bad_axpy++;
    if (fabs(__half2float(h_z2[i]) - ref) > tol) bad_axpy++;
  }
  for (int i = 3; i < n / 2; i++) {
    double v0 = __half2float(__float2half(h_f[2 * i])), v1 = __half2float(__float2half(h_f[2 * i + 1]));
    double r0 = v0 * v0 + 0.25, r1 = v1 * v1 - 0.5;
    if (fabs(h_lo[i] - r0) > 0.002 * (v0 * v0 + 0.25) + 1e-4) bad_h2++;
    if (fabs(h_hi[i] - r1) > 0.002 * (v1 * v1 + 0.5) + 1e-4) bad_h2++;
  }

  cudaFree(d_f);
  cudaFree(d_g);
  cudaFree(d_back);
  cudaFree(d_lo);
  cudaFree(d_hi);
  cudaFree(d_x);
  cudaFree(d_y);
  cudaFree(d_z1);
  cudaFree(d_z2);
  free(h_f);
  free(h_g);
  free(h_x);
  free(h_y);
  free(h_back);
  free(h_z1);
  free(h_z2);
  free(h_lo);
  free(h_hi);
  int ok = bad_conv == 0 && bad_axpy == 0 && bad_h2 == 0;
  printf("fp16: n=%d bad_conv=%d bad_axpy=%d bad_half2=%d %s\n", n, bad_conv, bad_axpy, bad_h2,
         ok ? "PASSED" : "FAILED");
  return ok ? 0 : 1;
}
