// __constant__ and host arrays of structs with brace initializers: the object
// is laid out in bytes (fields at their offsets, padding zero), read by kernels.
// RUN: cuwasm-run %s | FileCheck %s

#include <cuda_runtime.h>
#include <stdio.h>

struct Item {
  char tag;
  double weight;
  int count[2];
};
__constant__ Item c_items[3] = {{'a', 0.25, {1, 2}}, {'b', -1.5, {30, 40}}, {'c', 8.0}};

__global__ void score(double *out) {
  int i = threadIdx.x;
  out[i] = c_items[i].tag * c_items[i].weight + c_items[i].count[0] - c_items[i].count[1];
}

int main() {
  double *d, h[3];
  cudaMalloc(&d, sizeof(h));
  score<<<1, 3>>>(d);
  cudaMemcpy(h, d, sizeof(h), cudaMemcpyDeviceToHost);
  // CHECK: sizeof(Item)=24 scores=23.25 -157 792
  printf("sizeof(Item)=%d scores=%g %g %g\n", (int)sizeof(Item), h[0], h[1], h[2]);
  return 0;
}
