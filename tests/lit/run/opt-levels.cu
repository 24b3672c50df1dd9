// cuwasm-run -O0, -O1 and -O2 (the default) compile the same program to the
// same results: a 3D stencil whose index chains and vectorized boundary masks
// the e-graph pass rewrites at -O2, checked against a host reference (and the
// checksum against the same loops compiled by gcc).
// Any other level is a clear error.
// RUN: cuwasm-run -O0 %s | FileCheck %s
// RUN: cuwasm-run -O1 %s | FileCheck %s
// RUN: cuwasm-run -O2 %s | FileCheck %s
// RUN: cuwasm-run %s | FileCheck %s
// RUN: not cuwasm-run -O3 %s 2>&1 | FileCheck %s --check-prefix=BAD

// CHECK: mismatches=0 checksum=235718
// BAD: error: unknown optimization level '-O3' (use -O0, -O1 or -O2)

#include <stdio.h>

#define NX 19
#define NY 7
#define NZ 5
#define IDX(x, y, z) (((z) * NY + (y)) * NX + (x))

__global__ void step(const int *in, int *out) {
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  int z = blockIdx.z;
  if (x < 1 || y < 1 || z < 1 || x >= NX - 1 || y >= NY - 1 || z >= NZ - 1) return;
  out[IDX(x, y, z)] = 6 * in[IDX(x, y, z)] - in[IDX(x - 1, y, z)] - in[IDX(x + 1, y, z)] -
                      in[IDX(x, y - 1, z)] - in[IDX(x, y + 1, z)] - in[IDX(x, y, z - 1)] -
                      in[IDX(x, y, z + 1)] + (x * 8 + y / 4 - z % 2);
}

int main(void) {
  const int n = NX * NY * NZ;
  int h[NX * NY * NZ], got[NX * NY * NZ];
  for (int i = 0; i < n; i++) h[i] = (i * 37) % 101 - 50;
  int *din, *dout;
  cudaMalloc(&din, sizeof h);
  cudaMalloc(&dout, sizeof h);
  cudaMemcpy(din, h, sizeof h, cudaMemcpyHostToDevice);
  cudaMemset(dout, 0, sizeof h);
  step<<<dim3(3, 2, NZ), dim3(8, 4)>>>(din, dout);
  cudaMemcpy(got, dout, sizeof h, cudaMemcpyDeviceToHost);
  int mismatches = 0;
  long checksum = 0;
  for (int z = 0; z < NZ; z++)
    for (int y = 0; y < NY; y++)
      for (int x = 0; x < NX; x++) {
        int want = 0;
        if (x >= 1 && y >= 1 && z >= 1 && x < NX - 1 && y < NY - 1 && z < NZ - 1)
          want = 6 * h[IDX(x, y, z)] - h[IDX(x - 1, y, z)] - h[IDX(x + 1, y, z)] -
                 h[IDX(x, y - 1, z)] - h[IDX(x, y + 1, z)] - h[IDX(x, y, z - 1)] -
                 h[IDX(x, y, z + 1)] + (x * 8 + y / 4 - z % 2);
        mismatches += got[IDX(x, y, z)] != want;
        checksum += (long)got[IDX(x, y, z)] * (x + 1);
      }
  printf("mismatches=%d checksum=%ld\n", mismatches, checksum);
  return 0;
}
