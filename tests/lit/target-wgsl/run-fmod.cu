// fmodf is exact in C and CUDA; WGSL's float % is x - y * trunc(x / y),
// far off where x / y is large (fmodf(1e10, 3) is 1). The target's
// cuwasm_fmod divides the significands bit by bit: every result here,
// subnormal operands included, equals the host's, on both devices.
// RUN: cuwasm-run --device=cpu %s | FileCheck %s
// RUN: cuwasm-run --device=webgpu %s | FileCheck %s

// CHECK: fmod mismatches 0 of 1024; 0x1p+0 -0x0p+0 0x0p+0
#include <cstdio>
#include <cmath>
__global__ void k(const float *x, const float *y, float *r, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) r[i] = fmodf(x[i], y[i]);
}
int main() {
  const int n = 1024;
  float hx[n], hy[n], hr[n];
  unsigned s = 12345;
  for (int i = 0; i < n; i++) {
    s = s * 1664525u + 1013904223u;
    float a = (float)(int)(s >> 8) * (i % 5 == 0 ? 1e-30f : (i % 5 == 1 ? 1e5f : 1.0f)) * ((s & 1) ? -1.0f : 1.0f);
    s = s * 1664525u + 1013904223u;
    float b = ((float)(s >> 16) + 1.0f) * (i % 7 == 0 ? 1e-38f : (i % 7 == 1 ? 3.1e-3f : 1.0f));
    hx[i] = a; hy[i] = b;
  }
  hx[0] = 1e10f; hy[0] = 3.0f; hx[1] = -0.0f; hy[1] = 2.0f; hx[2] = 5.5f; hy[2] = 5.5f;
  float *dx, *dy, *dr;
  cudaMalloc(&dx, sizeof hx); cudaMalloc(&dy, sizeof hy); cudaMalloc(&dr, sizeof hr);
  cudaMemcpy(dx, hx, sizeof hx, cudaMemcpyHostToDevice);
  cudaMemcpy(dy, hy, sizeof hy, cudaMemcpyHostToDevice);
  k<<<n / 128, 128>>>(dx, dy, dr, n);
  cudaMemcpy(hr, dr, sizeof hr, cudaMemcpyDeviceToHost);
  int bad = 0;
  for (int i = 0; i < n; i++) {
    float w = fmodf(hx[i], hy[i]);
    unsigned wb = *(unsigned *)&w, gb = *(unsigned *)&hr[i];
    if (wb != gb) { if (bad < 5) printf("%d: fmodf(%a, %a) = %a, want %a\n", i, hx[i], hy[i], hr[i], w); bad++; }
  }
  printf("fmod mismatches %d of %d; %a %a %a\n", bad, n, hr[0], hr[1], hr[2]);
  return 0;
}
