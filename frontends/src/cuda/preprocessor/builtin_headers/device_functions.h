/* cuwasm built-in header: device_functions.h (barriers, atomics, warp intrinsics,
   bit manipulation, conversions, __ldg, min/max) */
#pragma once
#ifndef __CUWASM_DEVICE_FUNCTIONS_H
#define __CUWASM_DEVICE_FUNCTIONS_H
#include <vector_types.h>

__device__ void __syncthreads(void);
__device__ int __syncthreads_count(int predicate);
__device__ int __syncthreads_and(int predicate);
__device__ int __syncthreads_or(int predicate);
__device__ void __syncwarp(unsigned int mask = 0xffffffff);
__device__ void __threadfence(void);
__device__ void __threadfence_block(void);
__device__ void __threadfence_system(void);
__device__ void __trap(void);
__device__ long long clock64(void);
__device__ void __nanosleep(unsigned int ns);

__device__ int atomicAdd(int *address, int val);
__device__ unsigned int atomicAdd(unsigned int *address, unsigned int val);
__device__ unsigned long long int atomicAdd(unsigned long long int *address, unsigned long long int val);
__device__ float atomicAdd(float *address, float val);
__device__ double atomicAdd(double *address, double val);
__device__ int atomicSub(int *address, int val);
__device__ unsigned int atomicSub(unsigned int *address, unsigned int val);
__device__ int atomicExch(int *address, int val);
__device__ unsigned int atomicExch(unsigned int *address, unsigned int val);
__device__ unsigned long long int atomicExch(unsigned long long int *address, unsigned long long int val);
__device__ float atomicExch(float *address, float val);
__device__ int atomicMin(int *address, int val);
__device__ unsigned int atomicMin(unsigned int *address, unsigned int val);
__device__ unsigned long long int atomicMin(unsigned long long int *address, unsigned long long int val);
__device__ long long int atomicMin(long long int *address, long long int val);
__device__ int atomicMax(int *address, int val);
__device__ unsigned int atomicMax(unsigned int *address, unsigned int val);
__device__ unsigned long long int atomicMax(unsigned long long int *address, unsigned long long int val);
__device__ long long int atomicMax(long long int *address, long long int val);
__device__ int atomicAnd(int *address, int val);
__device__ unsigned int atomicAnd(unsigned int *address, unsigned int val);
__device__ unsigned long long int atomicAnd(unsigned long long int *address, unsigned long long int val);
__device__ int atomicOr(int *address, int val);
__device__ unsigned int atomicOr(unsigned int *address, unsigned int val);
__device__ unsigned long long int atomicOr(unsigned long long int *address, unsigned long long int val);
__device__ int atomicXor(int *address, int val);
__device__ unsigned int atomicXor(unsigned int *address, unsigned int val);
__device__ unsigned long long int atomicXor(unsigned long long int *address, unsigned long long int val);
__device__ unsigned int atomicInc(unsigned int *address, unsigned int val);
__device__ unsigned int atomicDec(unsigned int *address, unsigned int val);
__device__ int atomicCAS(int *address, int compare, int val);
__device__ unsigned int atomicCAS(unsigned int *address, unsigned int compare, unsigned int val);
__device__ unsigned long long int atomicCAS(unsigned long long int *address, unsigned long long int compare, unsigned long long int val);
__device__ unsigned short int atomicCAS(unsigned short int *address, unsigned short int compare, unsigned short int val);

__device__ int __shfl_sync(unsigned int mask, int var, int srcLane, int width = 32);
__device__ int __shfl_up_sync(unsigned int mask, int var, unsigned int delta, int width = 32);
__device__ int __shfl_down_sync(unsigned int mask, int var, unsigned int delta, int width = 32);
__device__ int __shfl_xor_sync(unsigned int mask, int var, int laneMask, int width = 32);
__device__ unsigned int __shfl_sync(unsigned int mask, unsigned int var, int srcLane, int width = 32);
__device__ unsigned int __shfl_up_sync(unsigned int mask, unsigned int var, unsigned int delta, int width = 32);
__device__ unsigned int __shfl_down_sync(unsigned int mask, unsigned int var, unsigned int delta, int width = 32);
__device__ unsigned int __shfl_xor_sync(unsigned int mask, unsigned int var, int laneMask, int width = 32);
__device__ long long int __shfl_sync(unsigned int mask, long long int var, int srcLane, int width = 32);
__device__ long long int __shfl_up_sync(unsigned int mask, long long int var, unsigned int delta, int width = 32);
__device__ long long int __shfl_down_sync(unsigned int mask, long long int var, unsigned int delta, int width = 32);
__device__ long long int __shfl_xor_sync(unsigned int mask, long long int var, int laneMask, int width = 32);
__device__ unsigned long long int __shfl_sync(unsigned int mask, unsigned long long int var, int srcLane, int width = 32);
__device__ unsigned long long int __shfl_up_sync(unsigned int mask, unsigned long long int var, unsigned int delta, int width = 32);
__device__ unsigned long long int __shfl_down_sync(unsigned int mask, unsigned long long int var, unsigned int delta, int width = 32);
__device__ unsigned long long int __shfl_xor_sync(unsigned int mask, unsigned long long int var, int laneMask, int width = 32);
__device__ float __shfl_sync(unsigned int mask, float var, int srcLane, int width = 32);
__device__ float __shfl_up_sync(unsigned int mask, float var, unsigned int delta, int width = 32);
__device__ float __shfl_down_sync(unsigned int mask, float var, unsigned int delta, int width = 32);
__device__ float __shfl_xor_sync(unsigned int mask, float var, int laneMask, int width = 32);
__device__ double __shfl_sync(unsigned int mask, double var, int srcLane, int width = 32);
__device__ double __shfl_up_sync(unsigned int mask, double var, unsigned int delta, int width = 32);
__device__ double __shfl_down_sync(unsigned int mask, double var, unsigned int delta, int width = 32);
__device__ double __shfl_xor_sync(unsigned int mask, double var, int laneMask, int width = 32);
__device__ unsigned int __ballot_sync(unsigned int mask, int predicate);
__device__ int __any_sync(unsigned int mask, int predicate);
__device__ int __all_sync(unsigned int mask, int predicate);
__device__ unsigned int __activemask(void);
__device__ int __popc(unsigned int x);
__device__ int __popcll(unsigned long long int x);
__device__ int __clz(int x);
__device__ int __clzll(long long int x);
__device__ int __ffs(int x);
__device__ int __ffsll(long long int x);
__device__ unsigned int __brev(unsigned int x);
__device__ unsigned long long int __brevll(unsigned long long int x);
__device__ unsigned int __byte_perm(unsigned int x, unsigned int y, unsigned int s);
/* Integer intrinsics, from C arithmetic: 24-bit products of the operands'
   low 24 bits (sign-extended for __mul24), high halves of products, sums of
   absolute differences, halving adds without overflow. */
__device__ inline int __mul24(int x, int y) { return ((x << 8) >> 8) * ((y << 8) >> 8); }
__device__ inline unsigned int __umul24(unsigned int x, unsigned int y) {
  return (x & 0xffffffu) * (y & 0xffffffu);
}
__device__ inline int __mulhi(int x, int y) { return (int)(((long long)x * (long long)y) >> 32); }
__device__ inline unsigned int __umulhi(unsigned int x, unsigned int y) {
  return (unsigned int)(((unsigned long long)x * (unsigned long long)y) >> 32);
}
/* The high 64 bits of a 128-bit product, from 32-bit halves. */
__device__ inline unsigned long long int __umul64hi(unsigned long long int x, unsigned long long int y) {
  unsigned long long xl = x & 0xffffffffull, xh = x >> 32, yl = y & 0xffffffffull, yh = y >> 32;
  unsigned long long ll = xl * yl, lh = xl * yh, hl = xh * yl, hh = xh * yh;
  unsigned long long mid = (ll >> 32) + (lh & 0xffffffffull) + (hl & 0xffffffffull);
  return hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
}
__device__ inline long long int __mul64hi(long long int x, long long int y) {
  unsigned long long h = __umul64hi((unsigned long long)x, (unsigned long long)y);
  if (x < 0) h -= (unsigned long long)y;
  if (y < 0) h -= (unsigned long long)x;
  return (long long)h;
}
__device__ inline unsigned int __sad(int x, int y, unsigned int z) {
  return (x > y ? (unsigned int)x - (unsigned int)y : (unsigned int)y - (unsigned int)x) + z;
}
__device__ inline unsigned int __usad(unsigned int x, unsigned int y, unsigned int z) {
  return (x > y ? x - y : y - x) + z;
}
__device__ inline int __hadd(int x, int y) { return (int)(((long long)x + y) >> 1); }
__device__ inline int __rhadd(int x, int y) { return (int)(((long long)x + y + 1) >> 1); }
__device__ inline unsigned int __uhadd(unsigned int x, unsigned int y) {
  return (unsigned int)(((unsigned long long)x + y) >> 1);
}
__device__ inline unsigned int __urhadd(unsigned int x, unsigned int y) {
  return (unsigned int)(((unsigned long long)x + y + 1) >> 1);
}
__device__ int __float_as_int(float x);
__device__ float __int_as_float(int x);
__device__ unsigned int __float_as_uint(float x);
__device__ float __uint_as_float(unsigned int x);
__device__ long long int __double_as_longlong(double x);
__device__ double __longlong_as_double(long long int x);
/* The halves of a double's bits, and a double made of two halves. */
__device__ inline int __double2hiint(double x) { return (int)(__double_as_longlong(x) >> 32); }
__device__ inline int __double2loint(double x) { return (int)__double_as_longlong(x); }
__device__ inline double __hiloint2double(int hi, int lo) {
  return __longlong_as_double((long long)(((unsigned long long)(unsigned)hi << 32) | (unsigned)lo));
}
__device__ inline int __float2int_rn(float x) { return (int)rintf(x); }
__device__ inline unsigned int __float2uint_rn(float x) { return (unsigned int)rintf(x); }
__device__ inline float __int2float_rn(int x) { return (float)x; }
__device__ inline float __uint2float_rn(unsigned int x) { return (float)x; }
__device__ inline long long int __float2ll_rn(float x) { return (long long int)rintf(x); }
__device__ inline int __double2int_rn(double x) { return (int)rint(x); }
__device__ inline float __double2float_rn(double x) { return (float)x; }
__device__ inline double __ll2double_rn(long long int x) { return (double)x; }
__device__ inline int __float2int_rz(float x) { return (int)truncf(x); }
__device__ inline unsigned int __float2uint_rz(float x) { return (unsigned int)truncf(x); }
__device__ float __int2float_rz(int x);
__device__ float __uint2float_rz(unsigned int x);
__device__ inline long long int __float2ll_rz(float x) { return (long long int)truncf(x); }
__device__ inline int __double2int_rz(double x) { return (int)trunc(x); }
__device__ float __double2float_rz(double x);
__device__ double __ll2double_rz(long long int x);
__device__ inline int __float2int_ru(float x) { return (int)ceilf(x); }
__device__ inline unsigned int __float2uint_ru(float x) { return (unsigned int)ceilf(x); }
__device__ float __int2float_ru(int x);
__device__ float __uint2float_ru(unsigned int x);
__device__ inline long long int __float2ll_ru(float x) { return (long long int)ceilf(x); }
__device__ inline int __double2int_ru(double x) { return (int)ceil(x); }
__device__ float __double2float_ru(double x);
__device__ double __ll2double_ru(long long int x);
__device__ inline int __float2int_rd(float x) { return (int)floorf(x); }
__device__ inline unsigned int __float2uint_rd(float x) { return (unsigned int)floorf(x); }
__device__ float __int2float_rd(int x);
__device__ float __uint2float_rd(unsigned int x);
__device__ inline long long int __float2ll_rd(float x) { return (long long int)floorf(x); }
__device__ inline int __double2int_rd(double x) { return (int)floor(x); }
__device__ float __double2float_rd(double x);
__device__ double __ll2double_rd(long long int x);

__device__ char __ldg(const char *ptr);
__device__ signed char __ldg(const signed char *ptr);
__device__ unsigned char __ldg(const unsigned char *ptr);
__device__ short __ldg(const short *ptr);
__device__ unsigned short __ldg(const unsigned short *ptr);
__device__ int __ldg(const int *ptr);
__device__ unsigned int __ldg(const unsigned int *ptr);
__device__ long __ldg(const long *ptr);
__device__ unsigned long __ldg(const unsigned long *ptr);
__device__ long long __ldg(const long long *ptr);
__device__ unsigned long long __ldg(const unsigned long long *ptr);
__device__ float __ldg(const float *ptr);
__device__ double __ldg(const double *ptr);
__device__ char2 __ldg(const char2 *ptr);
__device__ char4 __ldg(const char4 *ptr);
__device__ uchar2 __ldg(const uchar2 *ptr);
__device__ uchar4 __ldg(const uchar4 *ptr);
__device__ short2 __ldg(const short2 *ptr);
__device__ short4 __ldg(const short4 *ptr);
__device__ ushort2 __ldg(const ushort2 *ptr);
__device__ ushort4 __ldg(const ushort4 *ptr);
__device__ int2 __ldg(const int2 *ptr);
__device__ int4 __ldg(const int4 *ptr);
__device__ uint2 __ldg(const uint2 *ptr);
__device__ uint4 __ldg(const uint4 *ptr);
__device__ longlong2 __ldg(const longlong2 *ptr);
__device__ ulonglong2 __ldg(const ulonglong2 *ptr);
__device__ float2 __ldg(const float2 *ptr);
__device__ float4 __ldg(const float4 *ptr);
__device__ double2 __ldg(const double2 *ptr);

__host__ __device__ int min(int a, int b);
__host__ __device__ int max(int a, int b);
__host__ __device__ unsigned int min(unsigned int a, unsigned int b);
__host__ __device__ unsigned int max(unsigned int a, unsigned int b);
__host__ __device__ long min(long a, long b);
__host__ __device__ long max(long a, long b);
__host__ __device__ unsigned long min(unsigned long a, unsigned long b);
__host__ __device__ unsigned long max(unsigned long a, unsigned long b);
__host__ __device__ long long int min(long long int a, long long int b);
__host__ __device__ long long int max(long long int a, long long int b);
__host__ __device__ unsigned long long int min(unsigned long long int a, unsigned long long int b);
__host__ __device__ unsigned long long int max(unsigned long long int a, unsigned long long int b);
__host__ __device__ float min(float a, float b);
__host__ __device__ float max(float a, float b);
__host__ __device__ double min(double a, double b);
__host__ __device__ double max(double a, double b);
__host__ __device__ unsigned int umin(unsigned int a, unsigned int b);
__host__ __device__ unsigned int umax(unsigned int a, unsigned int b);
__host__ __device__ long long int llmin(long long int a, long long int b);
__host__ __device__ long long int llmax(long long int a, long long int b);
/* Conversions in a rounding mode: C's conversions after the rounding. */
__device__ inline unsigned long long int __float2ull_rn(float x) { return (unsigned long long int)rintf(x); }
__device__ inline unsigned long long int __float2ull_rz(float x) { return (unsigned long long int)truncf(x); }
__device__ inline unsigned long long int __float2ull_ru(float x) { return (unsigned long long int)ceilf(x); }
__device__ inline unsigned long long int __float2ull_rd(float x) { return (unsigned long long int)floorf(x); }
__device__ inline unsigned int __double2uint_rn(double x) { return (unsigned int)rint(x); }
__device__ inline unsigned int __double2uint_rz(double x) { return (unsigned int)trunc(x); }
__device__ inline unsigned int __double2uint_ru(double x) { return (unsigned int)ceil(x); }
__device__ inline unsigned int __double2uint_rd(double x) { return (unsigned int)floor(x); }
__device__ inline long long int __double2ll_rn(double x) { return (long long int)rint(x); }
__device__ inline long long int __double2ll_rz(double x) { return (long long int)trunc(x); }
__device__ inline long long int __double2ll_ru(double x) { return (long long int)ceil(x); }
__device__ inline long long int __double2ll_rd(double x) { return (long long int)floor(x); }
__device__ inline unsigned long long int __double2ull_rn(double x) { return (unsigned long long int)rint(x); }
__device__ inline unsigned long long int __double2ull_rz(double x) { return (unsigned long long int)trunc(x); }
__device__ inline unsigned long long int __double2ull_ru(double x) { return (unsigned long long int)ceil(x); }
__device__ inline unsigned long long int __double2ull_rd(double x) { return (unsigned long long int)floor(x); }
__device__ inline double __ull2double_rn(unsigned long long int x) { return (double)x; }
__device__ inline float __ll2float_rn(long long int x) { return (float)x; }
__device__ inline float __ull2float_rn(unsigned long long int x) { return (float)x; }
__device__ inline double __int2double_rn(int x) { return (double)x; }
__device__ inline double __uint2double_rn(unsigned int x) { return (double)x; }
#endif
