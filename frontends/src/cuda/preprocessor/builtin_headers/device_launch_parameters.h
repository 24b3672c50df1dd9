/* cuwasm built-in header: device_launch_parameters.h (the built-in variables) */
#pragma once
#include <vector_types.h>
extern __device__ const uint3 threadIdx;
extern __device__ const uint3 blockIdx;
extern __device__ const dim3 blockDim;
extern __device__ const dim3 gridDim;
extern __device__ const int warpSize;
