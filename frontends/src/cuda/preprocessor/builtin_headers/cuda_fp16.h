/* cuwasm built-in header: cuda_fp16.h. __half is the IEEE binary16 type
   _Float16: its arithmetic, comparisons and conversions are C's for a
   floating type, which are what cuda_fp16.h's operators and intrinsics
   compute (one rounding to nearest even per operation; != is unordered as
   CUDA's operator!=). __half2 is a pair whose intrinsics work on each half.
   The intrinsics are defined here in terms of those operations; the bit
   reinterpretations and the fused __hfma are cuwasm builtins. */
#pragma once
#ifndef __CUWASM_CUDA_FP16_H
#define __CUWASM_CUDA_FP16_H
#include <vector_types.h>
#include <math.h>
typedef _Float16 __half;
struct alignas(4) __half2 { __half x, y; };
typedef __half half;
typedef __half2 half2;

/* builtins */
__host__ __device__ __half __ushort_as_half(unsigned short x);
__host__ __device__ unsigned short __half_as_ushort(__half h);
__host__ __device__ __half __short_as_half(short x);
__host__ __device__ short __half_as_short(__half h);
__host__ __device__ __half __hfma(__half a, __half b, __half c);

#define CUDART_INF_FP16 (__ushort_as_half((unsigned short)0x7C00U))
#define CUDART_MAX_NORMAL_FP16 (__ushort_as_half((unsigned short)0x7BFFU))

/* __half2 from a function of one or two __half, lane by lane */
#define __CUWASM_HALF2_MAP1(f2, f1)                                          \
  __host__ __device__ inline __half2 f2(__half2 a) {                         \
    __half2 r; r.x = f1(a.x); r.y = f1(a.y); return r;                       \
  }
#define __CUWASM_HALF2_MAP2(f2, f1)                                          \
  __host__ __device__ inline __half2 f2(__half2 a, __half2 b) {              \
    __half2 r; r.x = f1(a.x, b.x); r.y = f1(a.y, b.y); return r;             \
  }
/* a __half function computed in float and rounded once */
#define __CUWASM_HALF_VIA_FLOAT(name, expr)                                  \
  __host__ __device__ inline __half name(__half a) { float x = a; return (__half)(expr); }

/* conversions */
__host__ __device__ inline __half __float2half(float a) { return (__half)a; }
__host__ __device__ inline __half __float2half_rn(float a) { return (__half)a; }
/* toward zero: the nearest half, one step back toward zero where it is
   farther from zero than a (an overflow to infinity becomes the largest
   finite half) */
__host__ __device__ inline __half __float2half_rz(float a) {
  __half r = (__half)a;
  if (fabsf((float)r) > fabsf(a)) r = __ushort_as_half((unsigned short)(__half_as_ushort(r) - 1));
  return r;
}
__host__ __device__ inline __half __double2half(double a) { return (__half)a; }
__host__ __device__ inline float __half2float(__half a) { return (float)a; }
__host__ __device__ inline __half2 __halves2half2(__half a, __half b) {
  __half2 r; r.x = a; r.y = b; return r;
}
__host__ __device__ inline __half2 __half2half2(__half a) { return __halves2half2(a, a); }
__host__ __device__ inline __half2 __floats2half2_rn(float a, float b) {
  return __halves2half2((__half)a, (__half)b);
}
__host__ __device__ inline __half2 __float2half2_rn(float a) { return __half2half2((__half)a); }
__host__ __device__ inline __half2 __float22half2_rn(float2 a) { return __floats2half2_rn(a.x, a.y); }
__host__ __device__ inline float2 __half22float2(__half2 a) {
  float2 r; r.x = a.x; r.y = a.y; return r;
}
__host__ __device__ inline float __low2float(__half2 a) { return a.x; }
__host__ __device__ inline float __high2float(__half2 a) { return a.y; }
__host__ __device__ inline __half __low2half(__half2 a) { return a.x; }
__host__ __device__ inline __half __high2half(__half2 a) { return a.y; }
__host__ __device__ inline __half __int2half_rn(int i) { return (__half)i; }
__host__ __device__ inline int __half2int_rn(__half h) { return (int)rintf(h); }
__host__ __device__ inline int __half2int_rz(__half h) { return (int)h; }

/* arithmetic */
__host__ __device__ inline __half __hadd(__half a, __half b) { return a + b; }
__host__ __device__ inline __half __hsub(__half a, __half b) { return a - b; }
__host__ __device__ inline __half __hmul(__half a, __half b) { return a * b; }
__host__ __device__ inline __half __hdiv(__half a, __half b) { return a / b; }
__host__ __device__ inline __half __hneg(__half a) { return -a; }
__host__ __device__ inline __half __habs(__half a) {
  return __ushort_as_half((unsigned short)(__half_as_ushort(a) & 0x7FFFU));
}
/* a NaN operand gives the other one, as fmaxf/fminf */
__host__ __device__ inline __half __hmax(__half a, __half b) { return (__half)fmaxf(a, b); }
__host__ __device__ inline __half __hmin(__half a, __half b) { return (__half)fminf(a, b); }
__CUWASM_HALF2_MAP2(__hadd2, __hadd)
__CUWASM_HALF2_MAP2(__hsub2, __hsub)
__CUWASM_HALF2_MAP2(__hmul2, __hmul)
__CUWASM_HALF2_MAP2(__h2div, __hdiv)
__CUWASM_HALF2_MAP2(__hdiv2, __hdiv)
__CUWASM_HALF2_MAP2(__hmax2, __hmax)
__CUWASM_HALF2_MAP2(__hmin2, __hmin)
__CUWASM_HALF2_MAP1(__hneg2, __hneg)
__CUWASM_HALF2_MAP1(__habs2, __habs)
__host__ __device__ inline __half2 __hfma2(__half2 a, __half2 b, __half2 c) {
  __half2 r; r.x = __hfma(a.x, b.x, c.x); r.y = __hfma(a.y, b.y, c.y); return r;
}

/* comparisons: ordered, except the unordered __hneu */
__host__ __device__ inline bool __heq(__half a, __half b) { return a == b; }
__host__ __device__ inline bool __hne(__half a, __half b) { return a < b || a > b; }
__host__ __device__ inline bool __hneu(__half a, __half b) { return a != b; }
__host__ __device__ inline bool __hlt(__half a, __half b) { return a < b; }
__host__ __device__ inline bool __hle(__half a, __half b) { return a <= b; }
__host__ __device__ inline bool __hgt(__half a, __half b) { return a > b; }
__host__ __device__ inline bool __hge(__half a, __half b) { return a >= b; }
__host__ __device__ inline bool __hisnan(__half a) { return a != a; }
__host__ __device__ inline int __hisinf(__half a) {
  return a == CUDART_INF_FP16 ? 1 : (a == -CUDART_INF_FP16 ? -1 : 0);
}

/* functions: in float, rounded once (exact for sqrt, rounding to integers
   and the reciprocal; the others are as accurate as their float version) */
__CUWASM_HALF_VIA_FLOAT(hsqrt, sqrtf(x))
__CUWASM_HALF_VIA_FLOAT(hrsqrt, rsqrtf(x))
__CUWASM_HALF_VIA_FLOAT(hrcp, 1.0f / x)
__CUWASM_HALF_VIA_FLOAT(hexp, expf(x))
__CUWASM_HALF_VIA_FLOAT(hexp2, exp2f(x))
__CUWASM_HALF_VIA_FLOAT(hlog, logf(x))
__CUWASM_HALF_VIA_FLOAT(hlog2, log2f(x))
__CUWASM_HALF_VIA_FLOAT(hsin, sinf(x))
__CUWASM_HALF_VIA_FLOAT(hcos, cosf(x))
__CUWASM_HALF_VIA_FLOAT(hceil, ceilf(x))
__CUWASM_HALF_VIA_FLOAT(hfloor, floorf(x))
__CUWASM_HALF_VIA_FLOAT(htrunc, truncf(x))
__CUWASM_HALF_VIA_FLOAT(hrint, rintf(x))
__CUWASM_HALF2_MAP1(h2sqrt, hsqrt)
__CUWASM_HALF2_MAP1(h2rsqrt, hrsqrt)
__CUWASM_HALF2_MAP1(h2rcp, hrcp)
__CUWASM_HALF2_MAP1(h2exp, hexp)
__CUWASM_HALF2_MAP1(h2exp2, hexp2)
__CUWASM_HALF2_MAP1(h2log, hlog)
__CUWASM_HALF2_MAP1(h2log2, hlog2)
__CUWASM_HALF2_MAP1(h2sin, hsin)
__CUWASM_HALF2_MAP1(h2cos, hcos)
__CUWASM_HALF2_MAP1(h2ceil, hceil)
__CUWASM_HALF2_MAP1(h2floor, hfloor)
__CUWASM_HALF2_MAP1(h2trunc, htrunc)
__CUWASM_HALF2_MAP1(h2rint, hrint)

/* device intrinsics on __half (builtins) */
__device__ __half atomicAdd(__half *address, __half val);
__device__ __half2 atomicAdd(__half2 *address, __half2 val);
__device__ __half __shfl_sync(unsigned int mask, __half var, int srcLane, int width = 32);
__device__ __half __shfl_down_sync(unsigned int mask, __half var, unsigned int delta, int width = 32);
__device__ __half __shfl_xor_sync(unsigned int mask, __half var, int laneMask, int width = 32);
__device__ __half __ldg(const __half *ptr);
__device__ __half2 __ldg(const __half2 *ptr);
#endif
