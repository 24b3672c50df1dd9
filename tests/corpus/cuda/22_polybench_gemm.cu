// 22_polybench_gemm: C = alpha*A*B + beta*C written in the PolyBench style:
// problem sizes and the element type are macros, arrays are declared through
// POLYBENCH_2D-like macros as pointers to arrays (DATA_TYPE (*)[NJ]),
// init_array / kernel / compare functions, and a percent-difference check.
#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

/* Problem size. */
#ifndef NI
#define NI 256
#endif
#ifndef NJ
#define NJ 224
#endif
#ifndef NK
#define NK 240
#endif

/* Element type. */
#ifndef DATA_TYPE
#define DATA_TYPE float
#endif
#define DATA_PRINTF_MODIFIER "%0.2f "

/* Thread block dimensions */
#define DIM_THREAD_BLOCK_X 32
#define DIM_THREAD_BLOCK_Y 8

#define PERCENT_DIFF_ERROR_THRESHOLD 0.05

/* Array declaration helpers, PolyBench style. */
#define POLYBENCH_2D(var, dim1, dim2) var[dim1][dim2]
#define POLYBENCH_2D_ARRAY_DECL(var, type, dim1, dim2) \
  type(*var)[dim2] = (type(*)[dim2])malloc(sizeof(type) * (dim1) * (dim2))
#define POLYBENCH_FREE_ARRAY(x) free((void *)x)
#define SCALAR_VAL(x) x##f

#define CUDA_CHECK(call)                                                     \
  do {                                                                       \
    cudaError_t err_ = (call);                                               \
    if (err_ != cudaSuccess) {                                               \
      fprintf(stderr, "CUDA error at %s:%d: %s\n", __FILE__, __LINE__,       \
              cudaGetErrorString(err_));                                     \
      exit(1);                                                               \
    }                                                                        \
  } while (0)

static double absVal(double a) { return a < 0 ? -a : a; }

static double percentDiff(double val1, double val2) {
  if (absVal(val1) < 0.01 && absVal(val2) < 0.01) return 0.0;
  return 100.0 * absVal(absVal(val1 - val2) / absVal(val1 + 0.00000001));
}

static void init_array(int ni, int nj, int nk, DATA_TYPE *alpha, DATA_TYPE *beta,
                       DATA_TYPE POLYBENCH_2D(A, NI, NK), DATA_TYPE POLYBENCH_2D(B, NK, NJ),
                       DATA_TYPE POLYBENCH_2D(C, NI, NJ)) {
  int i, j;
  *alpha = SCALAR_VAL(1.25);
  *beta = SCALAR_VAL(0.75);
  for (i = 0; i < ni; i++)
    for (j = 0; j < nk; j++) A[i][j] = (DATA_TYPE)((i * (j + 2) + 1) % ni) / ni;
  for (i = 0; i < nk; i++)
    for (j = 0; j < nj; j++) B[i][j] = (DATA_TYPE)((i * (j + 3) + 2) % nj) / nj;
  for (i = 0; i < ni; i++)
    for (j = 0; j < nj; j++) C[i][j] = (DATA_TYPE)((i * j + 5) % nk) / nk;
}

static void gemm_host(int ni, int nj, int nk, DATA_TYPE alpha, DATA_TYPE beta, DATA_TYPE (*A)[NK],
                      DATA_TYPE (*B)[NJ], DATA_TYPE (*C)[NJ]) {
  int i, j, k;
  for (i = 0; i < ni; i++)
    for (j = 0; j < nj; j++) {
      double acc = 0.0;
      for (k = 0; k < nk; ++k) acc += (double)A[i][k] * B[k][j];
      C[i][j] = (DATA_TYPE)((double)beta * C[i][j] + (double)alpha * acc);
    }
}

__global__ void gemm_kernel(int ni, int nj, int nk, DATA_TYPE alpha, DATA_TYPE beta, DATA_TYPE *a,
                            DATA_TYPE *b, DATA_TYPE *c) {
  int j = blockIdx.x * blockDim.x + threadIdx.x;
  int i = blockIdx.y * blockDim.y + threadIdx.y;
  if ((i < ni) && (j < nj)) {
    c[i * nj + j] *= beta;
    int k;
    for (k = 0; k < nk; k++) c[i * nj + j] += alpha * a[i * nk + k] * b[k * nj + j];
  }
}

static int compareResults(int ni, int nj, DATA_TYPE (*C)[NJ], DATA_TYPE (*C_outputFromGpu)[NJ]) {
  int i, j, fail = 0;
  for (i = 0; i < ni; i++)
    for (j = 0; j < nj; j++)
      if (percentDiff(C[i][j], C_outputFromGpu[i][j]) > PERCENT_DIFF_ERROR_THRESHOLD) fail++;
  return fail;
}

int main(int argc, char **argv) {
  int ni = NI, nj = NJ, nk = NK;
  DATA_TYPE alpha, beta;
  POLYBENCH_2D_ARRAY_DECL(A, DATA_TYPE, NI, NK);
  POLYBENCH_2D_ARRAY_DECL(B, DATA_TYPE, NK, NJ);
  POLYBENCH_2D_ARRAY_DECL(C, DATA_TYPE, NI, NJ);
  POLYBENCH_2D_ARRAY_DECL(C_outputFromGpu, DATA_TYPE, NI, NJ);
  init_array(ni, nj, nk, &alpha, &beta, A, B, C);

  DATA_TYPE *A_gpu, *B_gpu, *C_gpu;
  CUDA_CHECK(cudaMalloc((void **)&A_gpu, sizeof(DATA_TYPE) * NI * NK));
  CUDA_CHECK(cudaMalloc((void **)&B_gpu, sizeof(DATA_TYPE) * NK * NJ));
  CUDA_CHECK(cudaMalloc((void **)&C_gpu, sizeof(DATA_TYPE) * NI * NJ));
  CUDA_CHECK(cudaMemcpy(A_gpu, A, sizeof(DATA_TYPE) * NI * NK, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(B_gpu, B, sizeof(DATA_TYPE) * NK * NJ, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(C_gpu, C, sizeof(DATA_TYPE) * NI * NJ, cudaMemcpyHostToDevice));

  dim3 block(DIM_THREAD_BLOCK_X, DIM_THREAD_BLOCK_Y);
  dim3 grid((size_t)(ceil(((float)NJ) / ((float)block.x))), (size_t)(ceil(((float)NI) / ((float)block.y))));
  gemm_kernel<<<grid, block>>>(ni, nj, nk, alpha, beta, A_gpu, B_gpu, C_gpu);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaDeviceSynchronize());
  CUDA_CHECK(cudaMemcpy(C_outputFromGpu, C_gpu, sizeof(DATA_TYPE) * NI * NJ, cudaMemcpyDeviceToHost));

  gemm_host(ni, nj, nk, alpha, beta, A, B, C);
  int fail = compareResults(ni, nj, C, C_outputFromGpu);
  printf("polybench_gemm: NI=%d NJ=%d NK=%d grid=%ux%u threshold=%0.2f%% non-matching=%d %s\n", NI, NJ, NK, grid.x,
         grid.y, PERCENT_DIFF_ERROR_THRESHOLD, fail, fail == 0 ? "PASSED" : "FAILED");

  cudaFree(A_gpu);
  cudaFree(B_gpu);
  cudaFree(C_gpu);
  POLYBENCH_FREE_ARRAY(A);
  POLYBENCH_FREE_ARRAY(B);
  POLYBENCH_FREE_ARRAY(C);
  POLYBENCH_FREE_ARRAY(C_outputFromGpu);
  (void)argc;
  (void)argv;
  return fail == 0 ? 0 : 1;
}
