// 23_polybench_atax: y = A^T * (A * x) in the PolyBench style with double
// precision: sizes and DATA_TYPE as macros, 1D/2D array macros, two kernels
// (row products, then column products), and a percent-difference check
// against a sequential host version.
#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

/* Problem size */
#define NX 1024
#define NY 768

#define DATA_TYPE double
#define DIM_THREAD_BLOCK_X 256
#define DIM_THREAD_BLOCK_Y 1
#define PERCENT_DIFF_ERROR_THRESHOLD 1e-6

#define POLYBENCH_1D(var, dim1) var[dim1]
#define POLYBENCH_2D(var, dim1, dim2) var[dim1][dim2]
#define POLYBENCH_1D_ARRAY_DECL(var, type, dim1) type *var = (type *)calloc((dim1), sizeof(type))
#define POLYBENCH_2D_ARRAY_DECL(var, type, dim1, dim2) \
  type(*var)[dim2] = (type(*)[dim2])calloc((size_t)(dim1) * (dim2), sizeof(type))
#define POLYBENCH_FREE_ARRAY(x) free((void *)x)

#define CUDA_CHECK(call)                                                     \
  do {                                                                       \
    cudaError_t err_ = (call);                                               \
    if (err_ != cudaSuccess) {                                               \
      fprintf(stderr, "CUDA error at %s:%d: %s\n", __FILE__, __LINE__,       \
              cudaGetErrorString(err_));                                     \
      exit(1);                                                               \
    }                                                                        \
  } while (0)

static double percentDiff(double val1, double val2) {
  double a1 = fabs(val1), a2 = fabs(val2);
  if (a1 < 0.01 && a2 < 0.01) return 0.0;
  return 100.0 * fabs((val1 - val2) / (val1 + 0.00000001));
}

static void init_array(int nx, int ny, DATA_TYPE POLYBENCH_1D(x, NY), DATA_TYPE POLYBENCH_2D(A, NX, NY)) {
  for (int i = 0; i < ny; i++) x[i] = 1.0 + i / (DATA_TYPE)ny;
  for (int i = 0; i < nx; i++)
    for (int j = 0; j < ny; j++) A[i][j] = (DATA_TYPE)((i + 2 * j) % nx) / (5.0 * nx);
}

__global__ void atax_kernel1(const DATA_TYPE *A, const DATA_TYPE *x, DATA_TYPE *tmp, int nx, int ny) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < nx) {
    DATA_TYPE acc = 0;
    for (int j = 0; j < ny; j++) acc += A[i * ny + j] * x[j];
    tmp[i] = acc;
  }
}

__global__ void atax_kernel2(const DATA_TYPE *A, const DATA_TYPE *tmp, DATA_TYPE *y, int nx, int ny) {
  int j = blockIdx.x * blockDim.x + threadIdx.x;
  if (j < ny) {
    DATA_TYPE acc = 0;
    for (int i = 0; i < nx; i++) acc += A[i * ny + j] * tmp[i];
    y[j] = acc;
  }
}

static void atax_host(int nx, int ny, DATA_TYPE POLYBENCH_2D(A, NX, NY), DATA_TYPE POLYBENCH_1D(x, NY),
                      DATA_TYPE POLYBENCH_1D(y, NY), DATA_TYPE POLYBENCH_1D(tmp, NX)) {
  int i, j;
  for (i = 0; i < ny; i++) y[i] = 0;
  for (i = 0; i < nx; i++) {
    tmp[i] = 0;
    for (j = 0; j < ny; j++) tmp[i] = tmp[i] + A[i][j] * x[j];
    for (j = 0; j < ny; j++) y[j] = y[j] + A[i][j] * tmp[i];
  }
}

int main() {
  POLYBENCH_2D_ARRAY_DECL(A, DATA_TYPE, NX, NY);
  POLYBENCH_1D_ARRAY_DECL(x, DATA_TYPE, NY);
  POLYBENCH_1D_ARRAY_DECL(y, DATA_TYPE, NY);
  POLYBENCH_1D_ARRAY_DECL(tmp, DATA_TYPE, NX);
  POLYBENCH_1D_ARRAY_DECL(y_outputFromGpu, DATA_TYPE, NY);
  init_array(NX, NY, x, A);

  DATA_TYPE *A_gpu, *x_gpu, *y_gpu, *tmp_gpu;
  CUDA_CHECK(cudaMalloc((void **)&A_gpu, sizeof(DATA_TYPE) * NX * NY));
  CUDA_CHECK(cudaMalloc((void **)&x_gpu, sizeof(DATA_TYPE) * NY));
  CUDA_CHECK(cudaMalloc((void **)&y_gpu, sizeof(DATA_TYPE) * NY));
  CUDA_CHECK(cudaMalloc((void **)&tmp_gpu, sizeof(DATA_TYPE) * NX));
  CUDA_CHECK(cudaMemcpy(A_gpu, A, sizeof(DATA_TYPE) * NX * NY, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(x_gpu, x, sizeof(DATA_TYPE) * NY, cudaMemcpyHostToDevice));

  dim3 block(DIM_THREAD_BLOCK_X, DIM_THREAD_BLOCK_Y);
  dim3 grid1((NX + DIM_THREAD_BLOCK_X - 1) / DIM_THREAD_BLOCK_X, 1);
  dim3 grid2((NY + DIM_THREAD_BLOCK_X - 1) / DIM_THREAD_BLOCK_X, 1);
  atax_kernel1<<<grid1, block>>>(A_gpu, x_gpu, tmp_gpu, NX, NY);
  CUDA_CHECK(cudaGetLastError());
  atax_kernel2<<<grid2, block>>>(A_gpu, tmp_gpu, y_gpu, NX, NY);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaDeviceSynchronize());
  CUDA_CHECK(cudaMemcpy(y_outputFromGpu, y_gpu, sizeof(DATA_TYPE) * NY, cudaMemcpyDeviceToHost));

  atax_host(NX, NY, A, x, y, tmp);
  int fail = 0;
  for (int i = 0; i < NY; i++)
    if (percentDiff(y[i], y_outputFromGpu[i]) > PERCENT_DIFF_ERROR_THRESHOLD) fail++;
  printf("polybench_atax: NX=%d NY=%d type=%s non-matching=%d %s\n", NX, NY, sizeof(DATA_TYPE) == 8 ? "double" : "float",
         fail, fail == 0 ? "PASSED" : "FAILED");

  cudaFree(A_gpu);
  cudaFree(x_gpu);
  cudaFree(y_gpu);
  cudaFree(tmp_gpu);
  POLYBENCH_FREE_ARRAY(A);
  POLYBENCH_FREE_ARRAY(x);
  POLYBENCH_FREE_ARRAY(y);
  POLYBENCH_FREE_ARRAY(tmp);
  POLYBENCH_FREE_ARRAY(y_outputFromGpu);
  return fail == 0 ? 0 : 1;
}
