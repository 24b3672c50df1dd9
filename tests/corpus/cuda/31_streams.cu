// 31_streams: four streams (cudaStreamCreate), each given its own chunk of an
// array: a scale kernel then an offset kernel launched on the same stream (so
// they run in order), with dynamic shared memory and the stream as the 3rd
// and 4th launch parameters; an event recorded on one stream; each stream
// synchronized with cudaStreamSynchronize, then destroyed. Exact check.
#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>

#define NSTREAMS 4

#define CUDA_CHECK(call)                                                     \
  do {                                                                       \
    cudaError_t err_ = (call);                                               \
    if (err_ != cudaSuccess) {                                               \
      fprintf(stderr, "CUDA error at %s:%d: %s\n", __FILE__, __LINE__,       \
              cudaGetErrorString(err_));                                     \
      exit(1);                                                               \
    }                                                                        \
  } while (0)

__global__ void scale_chunk(int *data, int offset, int count, int factor) {
  extern __shared__ int staging[];
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  staging[threadIdx.x] = (i < count) ? data[offset + i] : 0;
  __syncthreads();
  if (i < count) data[offset + i] = staging[threadIdx.x] * factor;
}

__global__ void add_chunk(int *data, int offset, int count, int addend) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < count) data[offset + i] += addend;
}

int main() {
  const int n = 1 << 20;
  const int chunk = n / NSTREAMS;
  int *h = (int *)malloc(n * sizeof(int));
  for (int i = 0; i < n; i++) h[i] = i % 1000;
  int *d;
  CUDA_CHECK(cudaMalloc(&d, n * sizeof(int)));
  CUDA_CHECK(cudaMemcpy(d, h, n * sizeof(int), cudaMemcpyHostToDevice));

  cudaStream_t streams[NSTREAMS];
  for (int s = 0; s < NSTREAMS; s++) CUDA_CHECK(cudaStreamCreate(&streams[s]));
  cudaEvent_t done;
  CUDA_CHECK(cudaEventCreate(&done));

  const int threads = 256;
  const int blocks = (chunk + threads - 1) / threads;
  for (int s = 0; s < NSTREAMS; s++) {
    scale_chunk<<<blocks, threads, threads * sizeof(int), streams[s]>>>(d, s * chunk, chunk, s + 2);
    CUDA_CHECK(cudaGetLastError());
    add_chunk<<<blocks, threads, 0, streams[s]>>>(d, s * chunk, chunk, 100 * s);
    CUDA_CHECK(cudaGetLastError());
  }
  CUDA_CHECK(cudaEventRecord(done, streams[NSTREAMS - 1]));
  for (int s = 0; s < NSTREAMS; s++) CUDA_CHECK(cudaStreamSynchronize(streams[s]));
  CUDA_CHECK(cudaEventSynchronize(done));
  CUDA_CHECK(cudaMemcpy(h, d, n * sizeof(int), cudaMemcpyDeviceToHost));

  int bad = 0;
  long long sum = 0;
  for (int i = 0; i < n; i++) {
    int s = i / chunk;
    int want = (i % 1000) * (s + 2) + 100 * s;
    if (h[i] != want) bad++;
    sum += h[i];
  }
  for (int s = 0; s < NSTREAMS; s++) CUDA_CHECK(cudaStreamDestroy(streams[s]));
  CUDA_CHECK(cudaEventDestroy(done));
  cudaFree(d);
  free(h);
  printf("streams: streams=%d chunk=%d sum=%lld bad=%d %s\n", NSTREAMS, chunk, sum, bad, bad == 0 ? "PASSED" : "FAILED");
  return bad == 0 ? 0 : 1;
}
