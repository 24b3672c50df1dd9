/* A minimal stand-in for NVIDIA's CUDA headers, enough for clang-22 to compile
   the device code of the programs in tests/corpus/cuda to PTX without the CUDA SDK
   (`-nocudainc -nocudalib`; see regen_clang.sh).

   Host code is only parsed (--cuda-device-only), so the runtime API is declared,
   never defined. Device functions are written with clang's NVVM builtins.
   There is no libdevice: the float math functions below are short
   approximations (the PTX approximate instructions plus a range reduction),
   not CUDA's correctly rounded or 1-2 ulp versions, and the double ones go
   through float where PTX has no double instruction. The PTX exercises the
   frontend; its numerical results may differ from nvcc's. */
#pragma once
#ifndef CUWASM_PTX_SHIM_CUDA_RUNTIME_H
#define CUWASM_PTX_SHIM_CUDA_RUNTIME_H

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#define __host__ __attribute__((host))
#define __device__ __attribute__((device))
#define __global__ __attribute__((global))
#define __shared__ __attribute__((shared))
#define __constant__ __attribute__((constant))
#define __managed__ __attribute__((managed))
#define __launch_bounds__(...) __attribute__((launch_bounds(__VA_ARGS__)))
#define __forceinline__ __inline__ __attribute__((always_inline))
#define __noinline__ __attribute__((noinline))
#define __align__(n) __attribute__((aligned(n)))
#define __inline__ inline
#define CUDART_VERSION 12000
#define CUDA_VERSION 12000

#include <__clang_cuda_builtin_vars.h>

/* ---- vector types ---------------------------------------------------------- */
#define CUWASM_VEC(T, N, A)                  \
  struct __align__(A) N##1 { T x; };          \
  struct __align__(2 * A) N##2 { T x, y; };   \
  struct N##3 { T x, y, z; };                 \
  struct __align__(4 * A) N##4 { T x, y, z, w; };
CUWASM_VEC(float, float, 4)
CUWASM_VEC(int, int, 4)
CUWASM_VEC(unsigned int, uint, 4)
#undef CUWASM_VEC
struct double2 { double x, y; } __align__(16);
struct dim3 {
  unsigned int x, y, z;
  __host__ __device__ constexpr dim3(unsigned int vx = 1, unsigned int vy = 1, unsigned int vz = 1)
      : x(vx), y(vy), z(vz) {}
  __host__ __device__ constexpr dim3(uint3 v) : x(v.x), y(v.y), z(v.z) {}
  __host__ __device__ constexpr operator uint3() const { return uint3{x, y, z}; }
};
static __host__ __device__ inline float2 make_float2(float x, float y) { return float2{x, y}; }
static __host__ __device__ inline float3 make_float3(float x, float y, float z) { return float3{x, y, z}; }
static __host__ __device__ inline float4 make_float4(float x, float y, float z, float w) {
  return float4{x, y, z, w};
}
static __host__ __device__ inline int2 make_int2(int x, int y) { return int2{x, y}; }
static __host__ __device__ inline uint3 make_uint3(unsigned x, unsigned y, unsigned z) {
  return uint3{x, y, z};
}

/* ---- host runtime API (declarations only) ---------------------------------- */
typedef enum cudaError { cudaSuccess = 0, cudaErrorInvalidValue = 1, cudaErrorInvalidConfiguration = 9 } cudaError_t;
enum cudaMemcpyKind {
  cudaMemcpyHostToHost = 0,
  cudaMemcpyHostToDevice = 1,
  cudaMemcpyDeviceToHost = 2,
  cudaMemcpyDeviceToDevice = 3,
  cudaMemcpyDefault = 4
};
typedef struct CUstream_st *cudaStream_t;
typedef struct CUevent_st *cudaEvent_t;
struct cudaDeviceProp {
  char name[256];
  size_t totalGlobalMem, sharedMemPerBlock;
  int regsPerBlock, warpSize, maxThreadsPerBlock, maxThreadsDim[3], maxGridSize[3];
  int clockRate, multiProcessorCount, major, minor;
};
#define cudaMemAttachGlobal 1
cudaError_t cudaMalloc(void **p, size_t bytes);
template <class T> static inline cudaError_t cudaMalloc(T **p, size_t bytes) { return cudaMalloc((void **)p, bytes); }
cudaError_t cudaMallocManaged(void **p, size_t bytes, unsigned flags = cudaMemAttachGlobal);
template <class T> static inline cudaError_t cudaMallocManaged(T **p, size_t bytes, unsigned flags = cudaMemAttachGlobal) {
  return cudaMallocManaged((void **)p, bytes, flags);
}
cudaError_t cudaFree(void *p);
cudaError_t cudaMemcpy(void *dst, const void *src, size_t bytes, cudaMemcpyKind kind);
cudaError_t cudaMemcpyAsync(void *dst, const void *src, size_t bytes, cudaMemcpyKind kind, cudaStream_t s = 0);
cudaError_t cudaMemset(void *p, int value, size_t bytes);
cudaError_t cudaMemcpyToSymbol(const void *symbol, const void *src, size_t bytes, size_t offset = 0,
                               cudaMemcpyKind kind = cudaMemcpyHostToDevice);
cudaError_t cudaMemcpyFromSymbol(void *dst, const void *symbol, size_t bytes, size_t offset = 0,
                                 cudaMemcpyKind kind = cudaMemcpyDeviceToHost);
template <class T>
static inline cudaError_t cudaMemcpyToSymbol(const T &symbol, const void *src, size_t bytes, size_t offset = 0,
                                             cudaMemcpyKind kind = cudaMemcpyHostToDevice) {
  return cudaMemcpyToSymbol((const void *)&symbol, src, bytes, offset, kind);
}
template <class T>
static inline cudaError_t cudaMemcpyFromSymbol(void *dst, const T &symbol, size_t bytes, size_t offset = 0,
                                               cudaMemcpyKind kind = cudaMemcpyDeviceToHost) {
  return cudaMemcpyFromSymbol(dst, (const void *)&symbol, bytes, offset, kind);
}
cudaError_t cudaGetLastError(void);
cudaError_t cudaPeekAtLastError(void);
const char *cudaGetErrorString(cudaError_t e);
cudaError_t cudaDeviceSynchronize(void);
cudaError_t cudaGetDeviceCount(int *n);
cudaError_t cudaSetDevice(int d);
cudaError_t cudaGetDevice(int *d);
cudaError_t cudaGetDeviceProperties(cudaDeviceProp *p, int d);
cudaError_t cudaEventCreate(cudaEvent_t *e);
cudaError_t cudaEventRecord(cudaEvent_t e, cudaStream_t s = 0);
cudaError_t cudaEventSynchronize(cudaEvent_t e);
cudaError_t cudaEventElapsedTime(float *ms, cudaEvent_t a, cudaEvent_t b);
cudaError_t cudaEventDestroy(cudaEvent_t e);
cudaError_t cudaStreamCreate(cudaStream_t *s);
cudaError_t cudaStreamSynchronize(cudaStream_t s);
cudaError_t cudaStreamDestroy(cudaStream_t s);
/* what clang calls for <<<...>>> */
cudaError_t cudaConfigureCall(dim3 grid, dim3 block, size_t shmem = 0, cudaStream_t stream = 0);

/* ---- barriers, fences, warp operations -------------------------------------- */
#define CUWASM_D static __device__ inline
CUWASM_D int __syncthreads_count(int p) { return __nvvm_bar0_popc(p); }
CUWASM_D int __syncthreads_and(int p) { return __nvvm_bar0_and(p); }
CUWASM_D int __syncthreads_or(int p) { return __nvvm_bar0_or(p); }
CUWASM_D void __syncwarp(unsigned mask = 0xffffffffu) { __nvvm_bar_warp_sync(mask); }
CUWASM_D void __threadfence(void) { __nvvm_membar_gl(); }
CUWASM_D void __threadfence_block(void) { __nvvm_membar_cta(); }
CUWASM_D void __threadfence_system(void) { __nvvm_membar_sys(); }
CUWASM_D unsigned __ballot_sync(unsigned m, int p) { return __nvvm_vote_ballot_sync(m, p); }
CUWASM_D int __any_sync(unsigned m, int p) { return __nvvm_vote_any_sync(m, p); }
CUWASM_D int __all_sync(unsigned m, int p) { return __nvvm_vote_all_sync(m, p); }
CUWASM_D unsigned __activemask(void) { return __nvvm_activemask(); }
#define CUWASM_SHFL(NAME, MODE, C)                                                        \
  CUWASM_D int NAME(unsigned m, int v, int l, int w = 32) {                               \
    return __nvvm_shfl_sync_##MODE##_i32(m, v, l, C);                                     \
  }                                                                                       \
  CUWASM_D unsigned NAME(unsigned m, unsigned v, int l, int w = 32) {                     \
    return (unsigned)__nvvm_shfl_sync_##MODE##_i32(m, (int)v, l, C);                      \
  }                                                                                       \
  CUWASM_D float NAME(unsigned m, float v, int l, int w = 32) {                           \
    return __nvvm_shfl_sync_##MODE##_f32(m, v, l, C);                                     \
  }                                                                                       \
  CUWASM_D long long NAME(unsigned m, long long v, int l, int w = 32) {                   \
    int lo = NAME(m, (int)v, l, w), hi = NAME(m, (int)(v >> 32), l, w);                   \
    return (long long)(((unsigned long long)(unsigned)hi << 32) | (unsigned)lo);          \
  }                                                                                       \
  CUWASM_D unsigned long long NAME(unsigned m, unsigned long long v, int l, int w = 32) { \
    return (unsigned long long)NAME(m, (long long)v, l, w);                               \
  }                                                                                       \
  CUWASM_D double NAME(unsigned m, double v, int l, int w = 32) {                         \
    return __builtin_bit_cast(double, NAME(m, __builtin_bit_cast(long long, v), l, w));   \
  }
CUWASM_SHFL(__shfl_sync, idx, ((32 - w) << 8) | 0x1f)
CUWASM_SHFL(__shfl_up_sync, up, (32 - w) << 8)
CUWASM_SHFL(__shfl_down_sync, down, ((32 - w) << 8) | 0x1f)
CUWASM_SHFL(__shfl_xor_sync, bfly, ((32 - w) << 8) | 0x1f)
#undef CUWASM_SHFL

/* ---- atomics ------------------------------------------------------------------ */
#define CUWASM_ATOMIC(NAME, T, EXPR) \
  CUWASM_D T NAME(T *p, T v) { return EXPR; }
CUWASM_ATOMIC(atomicAdd, int, __atomic_fetch_add(p, v, __ATOMIC_RELAXED))
CUWASM_ATOMIC(atomicAdd, unsigned, __atomic_fetch_add(p, v, __ATOMIC_RELAXED))
CUWASM_ATOMIC(atomicAdd, unsigned long long, __atomic_fetch_add(p, v, __ATOMIC_RELAXED))
CUWASM_ATOMIC(atomicAdd, float, __nvvm_atom_add_gen_f(p, v))
CUWASM_ATOMIC(atomicAdd, double, __nvvm_atom_add_gen_d(p, v))
CUWASM_ATOMIC(atomicSub, int, __atomic_fetch_sub(p, v, __ATOMIC_RELAXED))
CUWASM_ATOMIC(atomicSub, unsigned, __atomic_fetch_sub(p, v, __ATOMIC_RELAXED))
CUWASM_ATOMIC(atomicExch, int, __atomic_exchange_n(p, v, __ATOMIC_RELAXED))
CUWASM_ATOMIC(atomicExch, unsigned, __atomic_exchange_n(p, v, __ATOMIC_RELAXED))
CUWASM_ATOMIC(atomicExch, unsigned long long, __atomic_exchange_n(p, v, __ATOMIC_RELAXED))
CUWASM_ATOMIC(atomicExch, float, __builtin_bit_cast(float, __atomic_exchange_n((int *)p, __builtin_bit_cast(int, v), __ATOMIC_RELAXED)))
CUWASM_ATOMIC(atomicMin, int, __atomic_fetch_min(p, v, __ATOMIC_RELAXED))
CUWASM_ATOMIC(atomicMin, unsigned, __atomic_fetch_min(p, v, __ATOMIC_RELAXED))
CUWASM_ATOMIC(atomicMax, int, __atomic_fetch_max(p, v, __ATOMIC_RELAXED))
CUWASM_ATOMIC(atomicMax, unsigned, __atomic_fetch_max(p, v, __ATOMIC_RELAXED))
CUWASM_ATOMIC(atomicAnd, int, __atomic_fetch_and(p, v, __ATOMIC_RELAXED))
CUWASM_ATOMIC(atomicAnd, unsigned, __atomic_fetch_and(p, v, __ATOMIC_RELAXED))
CUWASM_ATOMIC(atomicOr, int, __atomic_fetch_or(p, v, __ATOMIC_RELAXED))
CUWASM_ATOMIC(atomicOr, unsigned, __atomic_fetch_or(p, v, __ATOMIC_RELAXED))
CUWASM_ATOMIC(atomicXor, int, __atomic_fetch_xor(p, v, __ATOMIC_RELAXED))
CUWASM_ATOMIC(atomicXor, unsigned, __atomic_fetch_xor(p, v, __ATOMIC_RELAXED))
CUWASM_ATOMIC(atomicInc, unsigned, __nvvm_atom_inc_gen_ui(p, v))
CUWASM_ATOMIC(atomicDec, unsigned, __nvvm_atom_dec_gen_ui(p, v))
#undef CUWASM_ATOMIC
#define CUWASM_CAS(T)                                         \
  CUWASM_D T atomicCAS(T *p, T cmp, T v) {                    \
    __atomic_compare_exchange_n(p, &cmp, v, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED); \
    return cmp;                                               \
  }
CUWASM_CAS(int)
CUWASM_CAS(unsigned)
CUWASM_CAS(unsigned long long)
CUWASM_CAS(unsigned short)
#undef CUWASM_CAS

/* ---- memory, bits, conversions --------------------------------------------- */
template <class T> CUWASM_D T __ldg(const T *p) { return __builtin_nontemporal_load(p); }
CUWASM_D float __ldg(const float *p) { return __nvvm_ldg_f(p); }
CUWASM_D int __ldg(const int *p) { return __nvvm_ldg_i(p); }
CUWASM_D unsigned __ldg(const unsigned *p) { return __nvvm_ldg_ui(p); }
CUWASM_D int __popc(unsigned x) { return __builtin_popcount(x); }
CUWASM_D int __popcll(unsigned long long x) { return __builtin_popcountll(x); }
CUWASM_D int __clz(int x) { return x == 0 ? 32 : __builtin_clz((unsigned)x); }
CUWASM_D int __clzll(long long x) { return x == 0 ? 64 : __builtin_clzll((unsigned long long)x); }
CUWASM_D int __ffs(int x) { return __builtin_ffs(x); }
CUWASM_D int __ffsll(long long x) { return __builtin_ffsll(x); }
CUWASM_D unsigned __brev(unsigned x) { return __builtin_bitreverse32(x); }
CUWASM_D unsigned long long __brevll(unsigned long long x) { return __builtin_bitreverse64(x); }
CUWASM_D unsigned __byte_perm(unsigned x, unsigned y, unsigned s) { return __nvvm_prmt(x, y, s); }
CUWASM_D int __mulhi(int x, int y) { return __nvvm_mulhi_i(x, y); }
CUWASM_D unsigned __umulhi(unsigned x, unsigned y) { return __nvvm_mulhi_ui(x, y); }
CUWASM_D int __float_as_int(float x) { return __builtin_bit_cast(int, x); }
CUWASM_D float __int_as_float(int x) { return __builtin_bit_cast(float, x); }
CUWASM_D unsigned __float_as_uint(float x) { return __builtin_bit_cast(unsigned, x); }
CUWASM_D float __uint_as_float(unsigned x) { return __builtin_bit_cast(float, x); }
CUWASM_D long long __double_as_longlong(double x) { return __builtin_bit_cast(long long, x); }
CUWASM_D double __longlong_as_double(long long x) { return __builtin_bit_cast(double, x); }
CUWASM_D int __float2int_rn(float x) { return __nvvm_f2i_rn(x); }
CUWASM_D int __float2int_rz(float x) { return __nvvm_f2i_rz(x); }
CUWASM_D float __int2float_rz(int x) { return __nvvm_i2f_rz(x); }
CUWASM_D float __fadd_rz(float a, float b) { return __nvvm_add_rz_f(a, b); }
CUWASM_D float __fmul_rd(float a, float b) { return __nvvm_mul_rm_f(a, b); }
CUWASM_D float __saturatef(float x) { return __nvvm_saturate_f(x); }
CUWASM_D long long clock64(void) { return __nvvm_read_ptx_sreg_clock64(); }

/* ---- float math (approximate, see the top of this file) ---------------------- */
CUWASM_D float __expf(float x) { return __nvvm_ex2_approx_f(x * 1.44269504f); }
CUWASM_D float __logf(float x) { return __nvvm_lg2_approx_f(x) * 0.693147181f; }
CUWASM_D float __sinf(float x) { return __nvvm_sin_approx_f(x); }
CUWASM_D float __cosf(float x) { return __nvvm_cos_approx_f(x); }
CUWASM_D float __fdividef(float a, float b) { return __nvvm_div_approx_f(a, b); }
CUWASM_D float cuwasm_reduce_2pi(float x) {
  float k = __builtin_rintf(x * 0.159154943f);
  return __builtin_fmaf(-k, 6.28318548f, __builtin_fmaf(k, 1.74845553e-7f, x));
}
__device__ inline float sqrtf(float x) { return __builtin_sqrtf(x); }
__device__ inline float rsqrtf(float x) { return __nvvm_rsqrt_approx_f(x); }
__device__ inline float fabsf(float x) { return __builtin_fabsf(x); }
__device__ inline float floorf(float x) { return __builtin_floorf(x); }
__device__ inline float ceilf(float x) { return __builtin_ceilf(x); }
__device__ inline float truncf(float x) { return __builtin_truncf(x); }
__device__ inline float fminf(float a, float b) { return __builtin_fminf(a, b); }
__device__ inline float fmaxf(float a, float b) { return __builtin_fmaxf(a, b); }
__device__ inline float fmaf(float a, float b, float c) { return __builtin_fmaf(a, b, c); }
__device__ inline float copysignf(float a, float b) { return __builtin_copysignf(a, b); }
__device__ inline float fmodf(float a, float b) { return a - __builtin_truncf(a / b) * b; }
__device__ inline float exp2f(float x) { return __nvvm_ex2_approx_f(x); }
__device__ inline float expf(float x) { return __nvvm_ex2_approx_f(x * 1.44269504f); }
__device__ inline float log2f(float x) { return __nvvm_lg2_approx_f(x); }
__device__ inline float logf(float x) { return __nvvm_lg2_approx_f(x) * 0.693147181f; }
__device__ inline float log10f(float x) { return __nvvm_lg2_approx_f(x) * 0.301029996f; }
__device__ inline float powf(float x, float y) { return __nvvm_ex2_approx_f(y * __nvvm_lg2_approx_f(x)); }
__device__ inline float cbrtf(float x) {
  float r = __nvvm_ex2_approx_f(__nvvm_lg2_approx_f(__builtin_fabsf(x)) * 0.333333343f);
  return __builtin_copysignf(r, x);
}
__device__ inline float sinf(float x) { return __nvvm_sin_approx_f(cuwasm_reduce_2pi(x)); }
__device__ inline float cosf(float x) { return __nvvm_cos_approx_f(cuwasm_reduce_2pi(x)); }
__device__ inline float tanf(float x) { return sinf(x) / cosf(x); }
__device__ inline void sincosf(float x, float *s, float *c) {
  *s = sinf(x);
  *c = cosf(x);
}
__device__ inline float tanhf(float x) {
  float e = __nvvm_ex2_approx_f(__builtin_fabsf(x) * 2.88539008f);
  return __builtin_copysignf(1.0f - 2.0f / (e + 1.0f), x);
}
__device__ inline float atanf(float x) {
  /* odd minimax polynomial on [-1, 1], reflected outside */
  float a = __builtin_fabsf(x), t = a > 1.0f ? 1.0f / a : a, t2 = t * t;
  float p = ((((-0.0117212f * t2 + 0.05265332f) * t2 - 0.11643287f) * t2 + 0.19354346f) * t2 - 0.33262347f) * t2 + 0.99997726f;
  float r = p * t;
  r = a > 1.0f ? 1.57079637f - r : r;
  return __builtin_copysignf(r, x);
}
__device__ inline float atan2f(float y, float x) {
  float r = atanf(y / x);
  if (x < 0.0f) r += y < 0.0f ? -3.14159274f : 3.14159274f;
  return x == 0.0f ? __builtin_copysignf(1.57079637f, y) : r;
}
/* double math: PTX has sqrt/fma/floor/abs in double, the rest goes through float */
__device__ inline double sqrt(double x) { return __builtin_sqrt(x); }
__device__ inline double fma(double a, double b, double c) { return __builtin_fma(a, b, c); }
__device__ inline double floor(double x) { return __builtin_floor(x); }
__device__ inline double fabs(double x) { return __builtin_fabs(x); }
__device__ inline double sin(double x) { return sinf((float)x); }
__device__ inline double cos(double x) { return cosf((float)x); }
__device__ inline double exp(double x) { return expf((float)x); }
__device__ inline double log(double x) { return logf((float)x); }
__device__ inline double pow(double x, double y) { return powf((float)x, (float)y); }
__device__ inline double atan2(double y, double x) { return atan2f((float)y, (float)x); }
#undef CUWASM_D

#endif
