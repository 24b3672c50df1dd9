// A __constant__ array declared without a size takes it from its initializer.
// RUN: cuwasm-run %s | FileCheck %s

#include <cuda_runtime.h>
#include <stdio.h>

__constant__ int c_weights[] = {3, -1, 4, 1, -5, 9, 2};

__global__ void dot(const int *x, int *out) {
  int s = 0;
  for (int k = 0; k < (int)(sizeof(c_weights) / sizeof(int)); k++) s += c_weights[k] * x[threadIdx.x + k];
  out[threadIdx.x] = s;
}

int main() {
  int hx[40], hout[32];
  for (int i = 0; i < 40; i++) hx[i] = i * 7 % 11 - 5;
  int *dx, *dout;
  cudaMalloc(&dx, sizeof(hx));
  cudaMalloc(&dout, sizeof(hout));
  cudaMemcpy(dx, hx, sizeof(hx), cudaMemcpyHostToDevice);
  dot<<<1, 32>>>(dx, dout);
  cudaMemcpy(hout, dout, sizeof(hout), cudaMemcpyDeviceToHost);
  const int w[7] = {3, -1, 4, 1, -5, 9, 2};
  int bad = 0;
  for (int t = 0; t < 32; t++) {
    int s = 0;
    for (int k = 0; k < 7; k++) s += w[k] * hx[t + k];
    bad += s != hout[t];
  }
  // CHECK: taps=7 bad=0 out[3]=[[OUT3:-?[0-9]+]]
  printf("taps=%d bad=%d out[3]=%d\n", (int)(sizeof(w) / sizeof(int)), bad, hout[3]);
  return bad != 0;
}
