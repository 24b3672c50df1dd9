// goto and labels: a forward goto out of two nested loops (in a kernel), a
// backward goto that makes a loop, a goto past a declaration, a cleanup
// label in host code. Expected values worked by hand.
// RUN: cuwasm-run --device=cpu %s | FileCheck %s
// RUN: cuwasm-run --device=wasm %s | FileCheck %s
// RUN: cuwasm-run --device=webgpu %s | FileCheck %s
// RUN: cuwasm-opt %s --emit=hip -o %t.hip
// RUN: hipcc --offload-arch=gfx90a -O2 -w %t.hip -o %t.exe

#include <stdio.h>
#include <stdlib.h>

// out[row] = the first (i, j) of row's n x n block that holds key, as
// i * n + j, or -1.
__global__ void find_first(const int *a, int n, int key, int *out) {
  int row = threadIdx.x;
  int found = -1;
  for (int i = 0; i < n; i++) {
    for (int j = 0; j < n; j++) {
      if (a[(row * n + i) * n + j] == key) {
        found = i * n + j;
        goto done;
      }
    }
  }
done:
  out[row] = found;
}

// The sum 1 + 2 + ... + n by a backward goto.
__device__ int triangle(int n) {
  int s = 0, k = 1;
again:
  if (k <= n) {
    s += k;
    k++;
    goto again;
  }
  return s;
}

__global__ void triangles(int *out) { out[threadIdx.x] = triangle(threadIdx.x); }

// 2x for positive x; -x otherwise (the goto jumps past y's declaration).
static int twice_or_negate(int x) {
  if (x > 0) goto positive;
  int y;
  y = -x;
  return y;
positive:
  y = 2 * x;
  return y;
}

static int run(int rows, int n) {
  int status = 1;
  int *a = (int *)malloc(rows * n * n * sizeof(int));
  int *out = (int *)malloc(rows * sizeof(int));
  int *da = 0, *dout = 0;
  for (int k = 0; k < rows * n * n; k++) a[k] = k % 7;
  if (cudaMalloc(&da, rows * n * n * sizeof(int)) != cudaSuccess) goto cleanup;
  if (cudaMalloc(&dout, rows * sizeof(int)) != cudaSuccess) goto cleanup;
  cudaMemcpy(da, a, rows * n * n * sizeof(int), cudaMemcpyHostToDevice);
  find_first<<<1, rows>>>(da, n, 6, dout);
  cudaMemcpy(out, dout, rows * sizeof(int), cudaMemcpyDeviceToHost);
  for (int r = 0; r < rows; r++) printf("%d ", out[r]);
  printf("\n");
  status = 0;
cleanup:
  cudaFree(da);
  cudaFree(dout);
  free(a);
  free(out);
  return status;
}

int main() {
  // Row r's block starts at k = 16 r; the first k >= 16 r with k % 7 == 6,
  // less 16 r: rows 0..3 give 6, 4 (k = 20), 2 (k = 34), 0 (k = 48).
  // CHECK: 6 4 2 0
  int status = run(4, 4);
  // 6 % 7 never holds in a block of 1 element (k % 7 for k = r): -1 unless
  // r = 6.
  // CHECK-NEXT: -1 -1 -1 -1 -1 -1 0 -1
  status |= run(8, 1);
  int t[6];
  int *dt;
  cudaMalloc(&dt, sizeof t);
  triangles<<<1, 6>>>(dt);
  cudaMemcpy(t, dt, sizeof t, cudaMemcpyDeviceToHost);
  // CHECK-NEXT: 0 1 3 6 10 15
  printf("%d %d %d %d %d %d\n", t[0], t[1], t[2], t[3], t[4], t[5]);
  // CHECK-NEXT: 10 3 0
  printf("%d %d %d\n", twice_or_negate(5), twice_or_negate(-3), twice_or_negate(0));
  cudaFree(dt);
  return status;
}
