/* Stand-in for cuda_fp16.h (see cuda_runtime.h): __half is _Float16. */
#pragma once
#include "cuda_runtime.h"
typedef _Float16 __half;
struct __align__(4) __half2 { __half x, y; };
typedef __half half;
typedef __half2 half2;
#define CUWASM_HD static __host__ __device__ inline
CUWASM_HD __half __float2half(float a) { return (__half)a; }
CUWASM_HD __half __float2half_rn(float a) { return (__half)a; }
CUWASM_HD float __half2float(__half a) { return (float)a; }
CUWASM_HD __half2 __floats2half2_rn(float a, float b) { return __half2{(__half)a, (__half)b}; }
CUWASM_HD float __low2float(__half2 a) { return (float)a.x; }
CUWASM_HD float __high2float(__half2 a) { return (float)a.y; }
CUWASM_HD __half __ushort_as_half(unsigned short x) { return __builtin_bit_cast(__half, x); }
CUWASM_HD unsigned short __half_as_ushort(__half h) { return __builtin_bit_cast(unsigned short, h); }
static __device__ inline __half __hadd(__half a, __half b) { return a + b; }
static __device__ inline __half __hmul(__half a, __half b) { return a * b; }
static __device__ inline __half2 __hadd2(__half2 a, __half2 b) { return __half2{a.x + b.x, a.y + b.y}; }
static __device__ inline __half2 __hmul2(__half2 a, __half2 b) { return __half2{a.x * b.x, a.y * b.y}; }
#undef CUWASM_HD
