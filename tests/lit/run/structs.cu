// Structs on both sides: arrays of structs copied with cudaMemcpy keep one
// layout, member access through . and ->, nested structs and array members,
// brace initialization, struct copies, by-value parameters and kernel
// arguments (the callee's copy is its own), struct results.
// RUN: cuwasm-run %s | FileCheck %s

#include <stdio.h>
#include <stdlib.h>

struct Vec2 {
  float x, y;
};
typedef struct {
  char tag;
  Vec2 pos;
  double mass;
  int hist[3];
} Body;

__host__ __device__ Vec2 add(Vec2 a, Vec2 b) {
  Vec2 r = {a.x + b.x, a.y + b.y};
  return r;
}

__device__ void push(Body b, Body *out) {
  b.pos.x += 1.0f;  // changes the copy only
  out->mass = b.pos.x;
}

__global__ void step(Body *bs, Vec2 shift, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  Body b = bs[i];
  b.pos = add(b.pos, shift);
  b.hist[i % 3]++;
  shift.x = 100.0f;  // the kernel's own copy
  bs[i] = b;
  push(bs[i], &bs[i]);
}

// CHECK: sizeof=40 bad=0 mass0=1.5 hist=1,0,0
int main(void) {
  const int n = 100;
  Body *h = (Body *)malloc(n * sizeof(Body));
  for (int i = 0; i < n; i++) {
    Body b = {(char)i, {0.5f * i, -1.0f * i}, 0.0, {0, 0, 0}};
    h[i] = b;
  }
  Body *d;
  cudaMalloc(&d, n * sizeof(Body));
  cudaMemcpy(d, h, n * sizeof(Body), cudaMemcpyHostToDevice);
  Vec2 s = {0.5f, 2.0f};
  step<<<4, 32>>>(d, s, n);
  cudaMemcpy(h, d, n * sizeof(Body), cudaMemcpyDeviceToHost);
  int bad = s.x != 0.5f || add(s, s).y != 4.0f;
  for (int i = 0; i < n; i++) {
    Body *b = &h[i];
    bad += b->tag != (char)i || b->pos.x != 0.5f * i + 0.5f || b->pos.y != -1.0f * i + 2.0f;
    bad += b->mass != 0.5f * i + 1.5f || b->hist[i % 3] != 1;
  }
  printf("sizeof=%d bad=%d mass0=%g hist=%d,%d,%d\n", (int)sizeof(Body), bad, h[0].mass, h[0].hist[0],
         h[0].hist[1], h[0].hist[2]);
  return 0;
}
