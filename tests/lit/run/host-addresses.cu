// Host variables holding addresses (strings, functions, variables, null),
// calls through function pointers, qsort with a comparison function, and
// C's float classification, on the CPU-hosted devices.
// RUN: cuwasm-run --device=cpu %s | FileCheck %s
// RUN: cuwasm-run --device=wasm %s | FileCheck %s

#include <cuda_runtime.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static int twice(int x) { return 2 * x; }
static int square(int x) { return x * x; }
static int negate(int x) { return -x; }

static int (*ops[])(int) = {twice, &square, negate, 0};
static const char *names[4] = {"twice", "square", "negate"};
static int table[5] = {5, -3, 9, 0, 7};
static int *rows[] = {NULL, table};
static void *self = &self;
static const char *greeting = "hello";
static float *scratch;  // null until main sets it

struct Pair {
  int key;
  float value;
};

static int by_key(const void *a, const void *b) {
  int x = ((const Pair *)a)->key, y = ((const Pair *)b)->key;
  return (x > y) - (x < y);
}

static int descending(const void *a, const void *b) { return *(const int *)b - *(const int *)a; }

// Kernels still run next to the host code that uses these variables.
__global__ void fill(float *p, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) p[i] = (float)i;
}

int main() {
  // CHECK: twice(7)=14
  // CHECK-NEXT: square(7)=49
  // CHECK-NEXT: negate(7)=-7
  for (int i = 0; ops[i]; i++) printf("%s(7)=%d\n", names[i], ops[i](7));
  // CHECK-NEXT: names[3] null 1, self 1, greeting hello
  printf("names[3] null %d, self %d, greeting %s\n", !names[3], self == (void *)&self, greeting);
  names[3] = "set at run time";
  // CHECK-NEXT: set at run time
  printf("%s\n", names[3]);

  qsort(table, 5, sizeof(int), descending);
  // CHECK-NEXT: descending: 9 7 5 0 -3 (through rows: 9, rows[0] null 1)
  printf("descending: %d %d %d %d %d (through rows: %d, rows[0] null %d)\n", table[0], table[1], table[2], table[3],
         table[4], rows[1][0], !rows[0]);
  Pair pairs[6] = {{4, 0.4f}, {1, 0.1f}, {5, 0.5f}, {2, 0.2f}, {6, 0.6f}, {3, 0.3f}};
  qsort(pairs, 6, sizeof(Pair), by_key);
  int sorted = 1;
  for (int i = 0; i < 6; i++) sorted &= pairs[i].key == i + 1 && pairs[i].value == (i + 1) * 0.1f;
  // CHECK-NEXT: pairs sorted 1
  printf("pairs sorted %d\n", sorted);

  scratch = (float *)malloc(4 * sizeof(float));
  float *d;
  cudaMalloc(&d, 4 * sizeof(float));
  fill<<<1, 4>>>(d, 4);
  cudaMemcpy(scratch, d, 4 * sizeof(float), cudaMemcpyDeviceToHost);
  // CHECK-NEXT: scratch 0 1 2 3
  printf("scratch %g %g %g %g\n", scratch[0], scratch[1], scratch[2], scratch[3]);

  volatile float zero = 0.0f;
  float nan = zero / zero, inf = 1.0f / zero, neg_zero = -zero;
  double dnan = nan, dinf = -inf;
  // CHECK-NEXT: isnan 1 0 1 0
  printf("isnan %d %d %d %d\n", (int)isnan(nan), (int)isnan(inf), (int)isnan(dnan), (int)isnan(1.5));
  // CHECK-NEXT: isinf 0 1 1 0
  printf("isinf %d %d %d %d\n", (int)isinf(nan), (int)isinf(inf), (int)isinf(dinf), (int)isinf(1e308));
  // CHECK-NEXT: isfinite 0 0 1 1
  printf("isfinite %d %d %d %d\n", (int)isfinite(nan), (int)isfinite(dinf), (int)isfinite(neg_zero), (int)isfinite(3));
  // CHECK-NEXT: signbit 1 0 1 1
  printf("signbit %d %d %d %d\n", (int)signbit(neg_zero), (int)signbit(zero), (int)signbit(dinf), (int)signbit(-2));
  cudaFree(d);
  free(scratch);
  return 0;
}
