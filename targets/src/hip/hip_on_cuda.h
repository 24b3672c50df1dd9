// hip_on_cuda.h: the HIP API that cuwasm's HIP output uses, on CUDA, so that
// `nvcc -x cu --fmad=false -I<this folder> prog.hip` builds an emitted program
// for an NVIDIA GPU (prelude.h includes this header when __NVCC__ is set).
// Only the host API is mapped here; the warp operations have their own CUDA
// branch in prelude.h.
#pragma once
#include <cuda_runtime.h>
#include <cuda_fp16.h>

typedef cudaError_t hipError_t;
typedef cudaStream_t hipStream_t;
typedef cudaMemcpyKind hipMemcpyKind;
typedef cudaEvent_t hipEvent_t;
#if CUDART_VERSION >= 13000
// CUDA 13 dropped these fields of cudaDeviceProp (HIP keeps them); they are
// device attributes there.
struct hipDeviceProp_t : cudaDeviceProp {
  int clockRate, kernelExecTimeoutEnabled, computeMode, memoryClockRate;
};
static inline cudaError_t hipGetDeviceProperties(hipDeviceProp_t *p, int device) {
  const cudaError_t e = cudaGetDeviceProperties(p, device);
  if (e != cudaSuccess) return e;
  cudaDeviceGetAttribute(&p->clockRate, cudaDevAttrClockRate, device);
  cudaDeviceGetAttribute(&p->kernelExecTimeoutEnabled, cudaDevAttrKernelExecTimeout, device);
  cudaDeviceGetAttribute(&p->computeMode, cudaDevAttrComputeMode, device);
  cudaDeviceGetAttribute(&p->memoryClockRate, cudaDevAttrMemoryClockRate, device);
  return cudaSuccess;
}
#else
typedef cudaDeviceProp hipDeviceProp_t;
#define hipGetDeviceProperties cudaGetDeviceProperties
#endif
#define hipSuccess cudaSuccess
#define hipMemcpyHostToHost cudaMemcpyHostToHost
#define hipMemcpyHostToDevice cudaMemcpyHostToDevice
#define hipMemcpyDeviceToHost cudaMemcpyDeviceToHost
#define hipMemcpyDeviceToDevice cudaMemcpyDeviceToDevice
#define hipMemcpyDefault cudaMemcpyDefault
#define hipMalloc cudaMalloc
#define hipMallocManaged cudaMallocManaged
#define hipFree cudaFree
#define hipMemcpy cudaMemcpy
#define hipMemset cudaMemset
#define hipMemcpyToSymbol cudaMemcpyToSymbol
#define hipMemcpyFromSymbol cudaMemcpyFromSymbol
#define hipDeviceSynchronize cudaDeviceSynchronize
#define hipGetLastError cudaGetLastError
#define hipPeekAtLastError cudaPeekAtLastError
#define hipGetErrorString cudaGetErrorString
#define hipGetDeviceCount cudaGetDeviceCount
#define hipGetDevice cudaGetDevice
#define hipSetDevice cudaSetDevice
#define hipStreamCreate cudaStreamCreate
#define hipStreamSynchronize cudaStreamSynchronize
#define hipStreamDestroy cudaStreamDestroy
#define hipEventCreate cudaEventCreate
#define hipEventRecord cudaEventRecord
#define hipEventSynchronize cudaEventSynchronize
#define hipEventElapsedTime cudaEventElapsedTime
#define hipEventDestroy cudaEventDestroy
#define HIP_SYMBOL(x) x
