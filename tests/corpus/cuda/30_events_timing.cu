// 30_events_timing: cudaEventCreate/Record/Synchronize/ElapsedTime/Destroy
// around a kernel (a polynomial evaluated 64 times per element), plus
// cudaGetDeviceCount/cudaGetDevice/cudaSetDevice/cudaGetDeviceProperties.
// Times and device properties are not printed: only that the elapsed time
// is non-negative and that the device reports sane values.
#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

#define CUDA_CHECK(call)                                                     \
  do {                                                                       \
    cudaError_t err_ = (call);                                               \
    if (err_ != cudaSuccess) {                                               \
      fprintf(stderr, "CUDA error at %s:%d: %s\n", __FILE__, __LINE__,       \
              cudaGetErrorString(err_));                                     \
      exit(1);                                                               \
    }                                                                        \
  } while (0)

__global__ void busy(const float *in, float *out, int n, int reps) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float x = in[i];
  float acc = 0.0f;
  for (int r = 0; r < reps; r++) acc = acc * 0.5f + (x * x - x);
  out[i] = acc;
}

int main() {
  int count = 0, dev = -1;
  CUDA_CHECK(cudaGetDeviceCount(&count));
  CUDA_CHECK(cudaSetDevice(0));
  CUDA_CHECK(cudaGetDevice(&dev));
  cudaDeviceProp prop;
  CUDA_CHECK(cudaGetDeviceProperties(&prop, dev));
  int props_ok = count >= 1 && dev == 0 && prop.warpSize == 32 && prop.maxThreadsPerBlock >= 1024 &&
                 prop.multiProcessorCount >= 1 && prop.sharedMemPerBlock >= 16384;

  const int n = 1 << 20, reps = 64;
  float *h_in = (float *)malloc(n * sizeof(float));
  float *h_out = (float *)malloc(n * sizeof(float));
  for (int i = 0; i < n; i++) h_in[i] = (float)(i % 17) * 0.125f;  // x*x - x is exact
  float *d_in, *d_out;
  CUDA_CHECK(cudaMalloc(&d_in, n * sizeof(float)));
  CUDA_CHECK(cudaMalloc(&d_out, n * sizeof(float)));
  CUDA_CHECK(cudaMemcpy(d_in, h_in, n * sizeof(float), cudaMemcpyHostToDevice));

  cudaEvent_t start, stop;
  CUDA_CHECK(cudaEventCreate(&start));
  CUDA_CHECK(cudaEventCreate(&stop));
  CUDA_CHECK(cudaEventRecord(start, 0));
  busy<<<(n + 255) / 256, 256>>>(d_in, d_out, n, reps);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaEventRecord(stop, 0));
  CUDA_CHECK(cudaEventSynchronize(stop));
  float ms = -1.0f;
  CUDA_CHECK(cudaEventElapsedTime(&ms, start, stop));
  CUDA_CHECK(cudaEventDestroy(start));
  CUDA_CHECK(cudaEventDestroy(stop));
  CUDA_CHECK(cudaMemcpy(h_out, d_out, n * sizeof(float), cudaMemcpyDeviceToHost));

  int bad = 0;
  for (int i = 0; i < n; i++) {
    float x = h_in[i], acc = 0.0f;
    for (int r = 0; r < reps; r++) acc = acc * 0.5f + (x * x - x);
    if (fabsf(h_out[i] - acc) > 1e-6f * fabsf(acc) + 1e-6f) bad++;
  }
  cudaFree(d_in);
  cudaFree(d_out);
  free(h_in);
  free(h_out);
  int ok = bad == 0 && ms >= 0.0f && props_ok;
  printf("events_timing: n=%d elapsed>=0 %s device_props %s bad=%d %s\n", n, ms >= 0.0f ? "yes" : "no",
         props_ok ? "ok" : "BAD", bad, ok ? "PASSED" : "FAILED");
  return ok ? 0 : 1;
}
