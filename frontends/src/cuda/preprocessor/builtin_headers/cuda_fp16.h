/* cuwasm built-in header: cuda_fp16.h. __half is the IEEE binary16 type
   _Float16 (arithmetic and conversions to and from float work as for a
   floating type); __half2 is a pair. */
#pragma once
#ifndef __CUWASM_CUDA_FP16_H
#define __CUWASM_CUDA_FP16_H
#include <vector_types.h>
typedef _Float16 __half;
struct alignas(4) __half2 { __half x, y; };
typedef __half half;
typedef __half2 half2;

#define CUDART_INF_FP16 (__ushort_as_half((unsigned short)0x7C00U))
#define CUDART_MAX_NORMAL_FP16 (__ushort_as_half((unsigned short)0x7BFFU))

__host__ __device__ __half __float2half(float a);
__host__ __device__ __half __float2half_rn(float a);
__host__ __device__ __half __float2half_rz(float a);
__host__ __device__ __half __double2half(double a);
__host__ __device__ float __half2float(__half a);
__host__ __device__ __half2 __float2half2_rn(float a);
__host__ __device__ __half2 __floats2half2_rn(float a, float b);
__host__ __device__ __half2 __float22half2_rn(float2 a);
__host__ __device__ float2 __half22float2(__half2 a);
__host__ __device__ float __low2float(__half2 a);
__host__ __device__ float __high2float(__half2 a);
__host__ __device__ __half __low2half(__half2 a);
__host__ __device__ __half __high2half(__half2 a);
__host__ __device__ __half2 __halves2half2(__half a, __half b);
__host__ __device__ __half2 __half2half2(__half a);
__host__ __device__ __half __int2half_rn(int i);
__host__ __device__ int __half2int_rn(__half h);
__host__ __device__ int __half2int_rz(__half h);
__host__ __device__ __half __ushort_as_half(unsigned short x);
__host__ __device__ unsigned short __half_as_ushort(__half h);
__host__ __device__ __half __short_as_half(short x);
__host__ __device__ short __half_as_short(__half h);

__device__ __half __hadd(__half a, __half b);
__device__ __half2 __hadd2(__half2 a, __half2 b);
__device__ __half __hsub(__half a, __half b);
__device__ __half2 __hsub2(__half2 a, __half2 b);
__device__ __half __hmul(__half a, __half b);
__device__ __half2 __hmul2(__half2 a, __half2 b);
__device__ __half __hdiv(__half a, __half b);
__device__ __half2 __hdiv2(__half2 a, __half2 b);
__device__ __half __hmax(__half a, __half b);
__device__ __half2 __hmax2(__half2 a, __half2 b);
__device__ __half __hmin(__half a, __half b);
__device__ __half2 __hmin2(__half2 a, __half2 b);
__device__ __half __hfma(__half a, __half b, __half c);
__device__ __half2 __hfma2(__half2 a, __half2 b, __half2 c);
__device__ __half __hneg(__half a);
__device__ __half2 __hneg2(__half2 a);
__device__ __half __habs(__half a);
__device__ __half2 __habs2(__half2 a);
__device__ bool __heq(__half a, __half b);
__device__ bool __hne(__half a, __half b);
__device__ bool __hlt(__half a, __half b);
__device__ bool __hle(__half a, __half b);
__device__ bool __hgt(__half a, __half b);
__device__ bool __hge(__half a, __half b);
__device__ bool __hisnan(__half a);
__device__ int __hisinf(__half a);
__device__ __half hsqrt(__half a);
__device__ __half2 h2sqrt(__half2 a);
__device__ __half hrsqrt(__half a);
__device__ __half2 h2rsqrt(__half2 a);
__device__ __half hexp(__half a);
__device__ __half2 h2exp(__half2 a);
__device__ __half hexp2(__half a);
__device__ __half2 h2exp2(__half2 a);
__device__ __half hlog(__half a);
__device__ __half2 h2log(__half2 a);
__device__ __half hlog2(__half a);
__device__ __half2 h2log2(__half2 a);
__device__ __half hsin(__half a);
__device__ __half2 h2sin(__half2 a);
__device__ __half hcos(__half a);
__device__ __half2 h2cos(__half2 a);
__device__ __half hceil(__half a);
__device__ __half2 h2ceil(__half2 a);
__device__ __half hfloor(__half a);
__device__ __half2 h2floor(__half2 a);
__device__ __half htrunc(__half a);
__device__ __half2 h2trunc(__half2 a);
__device__ __half hrint(__half a);
__device__ __half2 h2rint(__half2 a);
__device__ __half hrcp(__half a);
__device__ __half2 h2rcp(__half2 a);
__device__ __half atomicAdd(__half *address, __half val);
__device__ __half2 atomicAdd(__half2 *address, __half2 val);
__device__ __half __shfl_sync(unsigned int mask, __half var, int srcLane, int width = 32);
__device__ __half __shfl_down_sync(unsigned int mask, __half var, unsigned int delta, int width = 32);
__device__ __half __shfl_xor_sync(unsigned int mask, __half var, int laneMask, int width = 32);
__device__ __half __ldg(const __half *ptr);
__device__ __half2 __ldg(const __half2 *ptr);
#endif
