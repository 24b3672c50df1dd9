// 08_stencil3d: 3D 7-point stencil (heat diffusion) on a 64x48x40 volume, one
// thread per cell with a 3D grid of 3D blocks (blockIdx.z), 8 iterations with
// ping-pong buffers. Boundary cells are copied unchanged.
#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

#define NX 64
#define NY 48
#define NZ 40
#define ITERS 8
#define IDX(x, y, z) (((z) * NY + (y)) * NX + (x))

#define CUDA_CHECK(call)                                                     \
  do {                                                                       \
    cudaError_t err_ = (call);                                               \
    if (err_ != cudaSuccess) {                                               \
      fprintf(stderr, "CUDA error at %s:%d: %s\n", __FILE__, __LINE__,       \
              cudaGetErrorString(err_));                                     \
      exit(1);                                                               \
    }                                                                        \
  } while (0)

__global__ void stencil7(const float *in, float *out, float c0, float c1) {
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  int z = blockIdx.z * blockDim.z + threadIdx.z;
  if (x >= NX || y >= NY || z >= NZ) return;
  int c = IDX(x, y, z);
  if (x == 0 || y == 0 || z == 0 || x == NX - 1 || y == NY - 1 || z == NZ - 1) {
    out[c] = in[c];
    return;
  }
  float neighbours = in[IDX(x - 1, y, z)] + in[IDX(x + 1, y, z)] + in[IDX(x, y - 1, z)] +
                     in[IDX(x, y + 1, z)] + in[IDX(x, y, z - 1)] + in[IDX(x, y, z + 1)];
  out[c] = c0 * in[c] + c1 * neighbours;
}

int main() {
  const int total = NX * NY * NZ;
  const float c0 = 0.4f, c1 = 0.1f;
  float *h = (float *)malloc(sizeof(float) * total);
  double *ra = (double *)malloc(sizeof(double) * total);
  double *rb = (double *)malloc(sizeof(double) * total);
  for (int z = 0; z < NZ; z++)
    for (int y = 0; y < NY; y++)
      for (int x = 0; x < NX; x++) {
        float v = (float)((x * 7 + y * 13 + z * 29) % 31) * 0.25f;
        if (z == 0) v = 20.0f;
        h[IDX(x, y, z)] = v;
        ra[IDX(x, y, z)] = v;
      }

  float *d_a, *d_b;
  CUDA_CHECK(cudaMalloc(&d_a, sizeof(float) * total));
  CUDA_CHECK(cudaMalloc(&d_b, sizeof(float) * total));
  CUDA_CHECK(cudaMemcpy(d_a, h, sizeof(float) * total, cudaMemcpyHostToDevice));

  dim3 block(16, 4, 4);
  dim3 grid((NX + block.x - 1) / block.x, (NY + block.y - 1) / block.y, (NZ + block.z - 1) / block.z);
  for (int it = 0; it < ITERS; it++) {
    stencil7<<<grid, block>>>(d_a, d_b, c0, c1);
    CUDA_CHECK(cudaGetLastError());
    float *t = d_a;
    d_a = d_b;
    d_b = t;
  }
  CUDA_CHECK(cudaDeviceSynchronize());
  CUDA_CHECK(cudaMemcpy(h, d_a, sizeof(float) * total, cudaMemcpyDeviceToHost));

  // Reference in double precision.
  for (int it = 0; it < ITERS; it++) {
    for (int z = 0; z < NZ; z++)
      for (int y = 0; y < NY; y++)
        for (int x = 0; x < NX; x++) {
          int c = IDX(x, y, z);
          if (x == 0 || y == 0 || z == 0 || x == NX - 1 || y == NY - 1 || z == NZ - 1) {
            rb[c] = ra[c];
          } else {
            rb[c] = (double)c0 * ra[c] +
                    (double)c1 * (ra[IDX(x - 1, y, z)] + ra[IDX(x + 1, y, z)] + ra[IDX(x, y - 1, z)] +
                                  ra[IDX(x, y + 1, z)] + ra[IDX(x, y, z - 1)] + ra[IDX(x, y, z + 1)]);
          }
        }
    double *t = ra;
    ra = rb;
    rb = t;
  }
  int bad = 0;
  for (int i = 0; i < total; i++)
    if (!(fabs((double)h[i] - ra[i]) <= 1e-5 * fabs(ra[i]) + 1e-5)) bad++;

  cudaFree(d_a);
  cudaFree(d_b);
  free(h);
  free(ra);
  free(rb);
  printf("stencil3d: %dx%dx%d grid=(%u,%u,%u) iters=%d bad=%d %s\n", NX, NY, NZ, grid.x, grid.y, grid.z,
         ITERS, bad, bad == 0 ? "PASSED" : "FAILED");
  return bad == 0 ? 0 : 1;
}
