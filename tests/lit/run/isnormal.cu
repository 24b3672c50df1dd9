// isnormal in float and double, device and host: false for +-0, subnormals,
// infinities and NaN (C's definition; PTX's testp.normal differs at zero,
// see tests/lit/target-ptx/classify.cu). Each line: index, the kernel's
// isnormal(x) + 2 * isnormal(d), the host's; values worked by hand.
// RUN: cuwasm-run --device=cpu %s | FileCheck %s
// RUN: cuwasm-run --device=wasm %s | FileCheck %s

// CHECK: 0 0 0
// CHECK-NEXT: 1 0 0
// CHECK-NEXT: 2 1 1
// CHECK-NEXT: 3 2 2
// CHECK-NEXT: 4 0 0
// CHECK-NEXT: 5 2 2

#include <cstdio>
#include <cmath>
__global__ void k(const float *x, const double *d, int *y) {
  int i = threadIdx.x;
  y[i] = isnormal(x[i]) + 2 * isnormal(d[i]);
}
int main() {
  float big = 1e38f; float inf = big * 10.0f; float nan = inf - inf;
  float hx[6] = {0.0f, -0.0f, 1.0f, 1e-40f, inf, nan};
  double hd[6] = {0.0, -0.0, 1e-310, 1.0, -(double)inf, 2.5};
  float *x; double *d; int *y;
  cudaMalloc(&x, sizeof hx); cudaMalloc(&d, sizeof hd); cudaMalloc(&y, 6 * sizeof(int));
  cudaMemcpy(x, hx, sizeof hx, cudaMemcpyHostToDevice);
  cudaMemcpy(d, hd, sizeof hd, cudaMemcpyHostToDevice);
  k<<<1, 6>>>(x, d, y);
  int hy[6];
  cudaMemcpy(hy, y, sizeof hy, cudaMemcpyDeviceToHost);
  for (int i = 0; i < 6; i++) printf("%d %d %d\n", i, hy[i], isnormal(hx[i]) + 2 * isnormal(hd[i]));
  return 0;
}
