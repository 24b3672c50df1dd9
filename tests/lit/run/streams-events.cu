// Devices, streams and events in host code (cuda.rt_* ops, the runtime's
// entry points): the device count and properties, kernels queued on
// streams in order, events timing them, and the CUDA error codes of
// handles that are not live.
// RUN: cuwasm-run --device=cpu %s | FileCheck %s
// RUN: cuwasm-run --device=wasm %s | FileCheck %s
// RUN: cuwasm-run --device=webgpu %s | FileCheck %s

#include <cuda_runtime.h>
#include <stdio.h>

__global__ void scale(float *p, float f, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) p[i] *= f;
}

__global__ void add(float *p, float x, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) p[i] += x;
}

int main() {
  int count = 0, dev = -1;
  cudaDeviceProp prop;
  // CHECK: count>=1 1 set 0 get 0 props 0 warp 32 threads 1024
  int e1 = cudaGetDeviceCount(&count);
  int e2 = cudaSetDevice(0);
  int e3 = cudaGetDevice(&dev);
  int e4 = cudaGetDeviceProperties(&prop, dev);
  printf("count>=1 %d set %d get %d props %d warp %d threads %d\n", count >= 1 && e1 == 0, e2, e3 + dev, e4,
         prop.warpSize, prop.maxThreadsPerBlock);
  // CHECK-NEXT: set a missing device: 101 invalid device ordinal
  int bad = cudaSetDevice(count);
  printf("set a missing device: %d %s\n", bad, cudaGetErrorString((cudaError_t)bad));

  const int n = 1000;
  float h[n];
  for (int i = 0; i < n; i++) h[i] = (float)i;
  float *d;
  cudaMalloc(&d, n * sizeof(float));
  cudaMemcpy(d, h, n * sizeof(float), cudaMemcpyHostToDevice);
  cudaStream_t s[2];
  cudaEvent_t start, stop;
  cudaStreamCreate(&s[0]);
  cudaStreamCreate(&s[1]);
  cudaEventCreate(&start);
  cudaEventCreate(&stop);
  cudaEventRecord(start, s[0]);
  // Each stream runs its work in order: (x * 2 + 1) * 3 on stream 0.
  scale<<<(n + 127) / 128, 128, 0, s[0]>>>(d, 2.0f, n);
  add<<<(n + 127) / 128, 128, 0, s[0]>>>(d, 1.0f, n);
  scale<<<(n + 127) / 128, 128, 0, s[0]>>>(d, 3.0f, n);
  cudaEventRecord(stop, s[0]);
  int e5 = cudaEventSynchronize(stop);
  int e6 = cudaStreamSynchronize(s[1]);
  float ms = -1.0f;
  int e7 = cudaEventElapsedTime(&ms, start, stop);
  cudaMemcpy(h, d, n * sizeof(float), cudaMemcpyDeviceToHost);
  int wrong = 0;
  for (int i = 0; i < n; i++) wrong += h[i] != (i * 2.0f + 1.0f) * 3.0f;
  // CHECK-NEXT: streams: wrong=0 sync 0 0 elapsed 0 >=0 1
  printf("streams: wrong=%d sync %d %d elapsed %d >=0 %d\n", wrong, e5, e6, e7, ms >= 0.0f);

  // CHECK-NEXT: not recorded: 400 destroyed: 0 then 400
  cudaEvent_t never;
  cudaEventCreate(&never);
  int e8 = cudaEventElapsedTime(&ms, never, stop);
  int e9 = cudaStreamDestroy(s[1]);
  int e10 = cudaStreamSynchronize(s[1]);
  printf("not recorded: %d destroyed: %d then %d\n", e8, e9, e10);
  cudaEventDestroy(never);
  cudaEventDestroy(start);
  cudaEventDestroy(stop);
  cudaStreamDestroy(s[0]);
  cudaFree(d);
  return 0;
}
