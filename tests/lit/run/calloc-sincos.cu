// calloc returns zeroed memory; sincosf/sincos match sinf/cosf and sin/cos.
// RUN: cuwasm-run %s | FileCheck %s

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

__global__ void k(const float *x, float *s, float *c, double *ds, double *dc, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  sincosf(x[i], &s[i], &c[i]);
  double a = x[i];
  sincos(a, &ds[i], &dc[i]);
}

// CHECK: zeroed=1 sincosf=1 sincos=1
int main(void) {
  const int n = 64;
  float *x = (float *)calloc(n, sizeof(float));
  int zeroed = 1;
  for (int i = 0; i < n; i++) zeroed = zeroed && x[i] == 0.0f;
  for (int i = 0; i < n; i++) x[i] = 0.1f * i - 3.0f;
  float *dx, *s, *c;
  double *ds, *dc;
  cudaMalloc(&dx, n * sizeof(float));
  cudaMalloc(&s, n * sizeof(float));
  cudaMalloc(&c, n * sizeof(float));
  cudaMalloc(&ds, n * sizeof(double));
  cudaMalloc(&dc, n * sizeof(double));
  cudaMemcpy(dx, x, n * sizeof(float), cudaMemcpyHostToDevice);
  k<<<2, 32>>>(dx, s, c, ds, dc, n);
  float *hs = (float *)calloc(n, sizeof(float)), *hc = (float *)calloc(n, sizeof(float));
  double *hds = (double *)calloc(n, sizeof(double)), *hdc = (double *)calloc(n, sizeof(double));
  cudaMemcpy(hs, s, n * sizeof(float), cudaMemcpyDeviceToHost);
  cudaMemcpy(hc, c, n * sizeof(float), cudaMemcpyDeviceToHost);
  cudaMemcpy(hds, ds, n * sizeof(double), cudaMemcpyDeviceToHost);
  cudaMemcpy(hdc, dc, n * sizeof(double), cudaMemcpyDeviceToHost);
  int okf = 1, okd = 1;
  for (int i = 0; i < n; i++) {
    okf = okf && fabsf(hs[i] - sinf(x[i])) < 1e-6f && fabsf(hc[i] - cosf(x[i])) < 1e-6f;
    double a = x[i];
    okd = okd && fabs(hds[i] - sin(a)) < 1e-12 && fabs(hdc[i] - cos(a)) < 1e-12;
  }
  printf("zeroed=%d sincosf=%d sincos=%d\n", zeroed, okf, okd);
  return 0;
}
