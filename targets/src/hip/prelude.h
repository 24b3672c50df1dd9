// ---- cuwasm HIP prelude (targets/src/hip/prelude.h) ------------------------
// What the emitted code calls besides the HIP API. Valid HIP for hipcc and
// for hiprtc (which has the HIP headers built in and no C++ library headers)
// and, with hip_on_cuda.h next to it, valid CUDA (nvcc -x cu): the few places
// where they differ test __HIPCC_RTC__ and __NVCC__.
#if defined(__NVCC__)
#include "hip_on_cuda.h"
#elif !defined(__HIPCC_RTC__)
#include <hip/hip_fp16.h>
#include <hip/hip_runtime.h>
#endif
#if !defined(__HIPCC_RTC__)
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <sys/time.h>
#endif
#if defined(__HIPCC_RTC__)
// hiprtc has the 32- and 64-bit types of <cstdint> (its own), not these.
typedef __INT8_TYPE__ int8_t;
typedef __INT16_TYPE__ int16_t;
typedef __UINT8_TYPE__ uint8_t;
typedef __UINT16_TYPE__ uint16_t;
typedef __UINTPTR_TYPE__ uintptr_t;
#endif
#ifndef INFINITY
#define INFINITY __builtin_inff()
#endif
#ifndef NAN
#define NAN __builtin_nanf("")
#endif

// MLIR's arith ops round each operation: no a*b+c contracted into an fma
// (nvcc: compile with --fmad=false for the same).
#if defined(__clang__)
#pragma clang fp contract(off)
#endif

// Code for one wavefront size: warp operations keep CUDA's warp of 32 lanes,
// which is a whole wavefront of 32 (gfx10, gfx11) or half of one of 64 (gfx9).
#if defined(__HIP_DEVICE_COMPILE__) && defined(__AMDGCN_WAVEFRONT_SIZE) && \
    __AMDGCN_WAVEFRONT_SIZE != CUWASM_WAVEFRONT
#error "emitted for another wavefront size: emit again (cuwasm-opt --emit=hip is wavefront 64, --emit=hip-wave32 wavefront 32)"
#endif

#define CUWASM_HD __host__ __device__ static inline

// Memory is bytes: a load or store of T at a byte address, with the alignment
// the IR gives (memcpy: no strict-aliasing assumption between types).
template <class T, unsigned A = alignof(T)> CUWASM_HD T cuwasm_load(const char *p) {
  T v;
  memcpy(&v, __builtin_assume_aligned(p, A), sizeof(T));
  return v;
}
template <class T, unsigned A = alignof(T)> CUWASM_HD void cuwasm_store(char *p, T v) {
  memcpy(__builtin_assume_aligned(p, A), &v, sizeof(T));
}
template <class T> CUWASM_HD T cuwasm_volatile_load(const char *p) { return *(const volatile T *)p; }
template <class T> CUWASM_HD void cuwasm_volatile_store(char *p, T v) { *(volatile T *)p = v; }
template <class To, class From> CUWASM_HD To cuwasm_bitcast(From v) {
  static_assert(sizeof(To) == sizeof(From), "bitcast between sizes");
  To r;
  memcpy(&r, &v, sizeof(To));
  return r;
}
// A by-value struct argument of N bytes (the IR passes a pointer to it),
// aligned to the largest power of two dividing N, at most 16: at least the
// struct's own alignment, and the size stays N (the kernel argument a
// runtime copies).
template <unsigned N> struct alignas((N & (0u - N)) < 16u ? (N & (0u - N)) : 16u) cuwasm_byval {
  unsigned char bytes[N];
};
static_assert(sizeof(cuwasm_byval<20>) == 20 && alignof(cuwasm_byval<48>) == 16, "cuwasm_byval");
template <unsigned N> CUWASM_HD cuwasm_byval<N> cuwasm_byval_of(const char *p) {
  cuwasm_byval<N> v;
  memcpy(v.bytes, p, N);
  return v;
}

// Bit counts with MLIR's results for 0 (the width), and bit reversal.
#if defined(__CUDA_ARCH__)
#define CUWASM_BITS(name, T, cuda, other) \
  CUWASM_HD T cuwasm_##name(T x) { return cuda; }
#else
#define CUWASM_BITS(name, T, cuda, other) \
  CUWASM_HD T cuwasm_##name(T x) { return other; }
#endif
CUWASM_BITS(clz32, uint32_t, __clz(x), x ? __builtin_clz(x) : 32)
CUWASM_BITS(clz64, uint64_t, __clzll(x), x ? __builtin_clzll(x) : 64)
CUWASM_BITS(ctz32, uint32_t, x ? __ffs(x) - 1 : 32, x ? __builtin_ctz(x) : 32)
CUWASM_BITS(ctz64, uint64_t, x ? __ffsll(x) - 1 : 64, x ? __builtin_ctzll(x) : 64)
CUWASM_BITS(popc32, uint32_t, __popc(x), __builtin_popcount(x))
CUWASM_BITS(popc64, uint64_t, __popcll(x), __builtin_popcountll(x))
template <class T> CUWASM_HD T cuwasm_reverse_bits(T x) {
#if defined(__clang__)
  return sizeof(T) == 4 ? (T)__builtin_bitreverse32((uint32_t)x) : (T)__builtin_bitreverse64((uint64_t)x);
#else
  T r = 0;
  for (unsigned i = 0; i < 8 * sizeof(T); ++i, x >>= 1) r = (T)((r << 1) | (x & 1));
  return r;
#endif
}
CUWASM_BITS(brev32, uint32_t, __brev(x), cuwasm_reverse_bits(x))
CUWASM_BITS(brev64, uint64_t, __brevll(x), cuwasm_reverse_bits(x))

// The high halves of 64-bit products (arith.mul{si,ui}_extended).
CUWASM_HD uint64_t cuwasm_mulhi_u64(uint64_t a, uint64_t b) {
#if defined(__CUDA_ARCH__) || defined(__HIP_DEVICE_COMPILE__)
  return __umul64hi(a, b);
#else
  return (uint64_t)(((unsigned __int128)a * b) >> 64);
#endif
}
CUWASM_HD uint64_t cuwasm_mulhi_s64(uint64_t a, uint64_t b) {
#if defined(__CUDA_ARCH__) || defined(__HIP_DEVICE_COMPILE__)
  return (uint64_t)__mul64hi((long long)a, (long long)b);
#else
  return (uint64_t)(((__int128)(int64_t)a * (int64_t)b) >> 64);
#endif
}

// arith.maximumf / minimumf: NaN wins; of two equal values the one whose
// bits and (max) or or (min) give, which orders -0 below +0.
#define CUWASM_MINMAX(F, I)                                                       \
  CUWASM_HD F cuwasm_maximumf(F a, F b) {                                          \
    if (a != a || b != b) return a + b;                                           \
    if (a == b) return cuwasm_bitcast<F>(cuwasm_bitcast<I>(a) & cuwasm_bitcast<I>(b)); \
    return a > b ? a : b;                                                         \
  }                                                                               \
  CUWASM_HD F cuwasm_minimumf(F a, F b) {                                          \
    if (a != a || b != b) return a + b;                                           \
    if (a == b) return cuwasm_bitcast<F>(cuwasm_bitcast<I>(a) | cuwasm_bitcast<I>(b)); \
    return a < b ? a : b;                                                         \
  }
CUWASM_MINMAX(float, uint32_t)
CUWASM_MINMAX(double, uint64_t)
// arith.ceildivsi / floordivsi (S: the signed type), math.ipowi (U: the
// unsigned type of S's width, in which the powers wrap).
template <class S> CUWASM_HD S cuwasm_ceildivsi(S a, S b) {
  S q = a / b;
  return (a % b != 0 && ((a < 0) == (b < 0))) ? (S)(q + 1) : q;
}
template <class S> CUWASM_HD S cuwasm_floordivsi(S a, S b) {
  S q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? (S)(q - 1) : q;
}
template <class S, class U> CUWASM_HD S cuwasm_ipowi(S a, S b) {
  if (b < 0) return a == 1 ? 1 : a == -1 ? ((b & 1) ? -1 : 1) : 0;
  U r = 1, x = (U)a;
  for (U n = (U)b; n; n >>= 1, x *= x)
    if (n & 1) r *= x;
  return (S)r;
}
// Float to integer, rounding toward zero and saturating, NaN to 0 (PTX cvt.rzi).
template <class I, class F> CUWASM_HD I cuwasm_fptoi_sat(F x, F lo, F hi, I min, I max) {
  if (x != x) return 0;
  if (x <= lo) return min;
  if (x >= hi) return max;
  return (I)x;
}

// Atomic loads and stores of the PTX frontend's ordered accesses
// (sequentially consistent: at least as strong as any ordering).
template <class T> CUWASM_HD T cuwasm_atomic_load(const char *p) {
#if defined(__CUDA_ARCH__)
  T v = *(volatile T *)p;
  __threadfence();
  return v;
#else
  T v;
  __atomic_load((T *)p, &v, __ATOMIC_SEQ_CST);
  return v;
#endif
}
template <class T> CUWASM_HD void cuwasm_atomic_store(char *p, T v) {
#if defined(__CUDA_ARCH__)
  __threadfence();
  *(volatile T *)p = v;
  __threadfence();
#else
  __atomic_store((T *)p, &v, __ATOMIC_SEQ_CST);
#endif
}
// 64-bit signed atomicMin/atomicMax, which HIP lacks: a compare-and-swap loop.
#define CUWASM_ATOMIC_S64(name, better)                                            \
  __device__ static inline uint64_t cuwasm_atomic_##name(char *p, uint64_t v) {     \
    unsigned long long *a = (unsigned long long *)p, old = *(volatile unsigned long long *)a; \
    while ((int64_t)v better(int64_t) old) {                                        \
      unsigned long long seen = atomicCAS(a, old, (unsigned long long)v);           \
      if (seen == old) break;                                                       \
      old = seen;                                                                   \
    }                                                                               \
    return old;                                                                     \
  }
CUWASM_ATOMIC_S64(smin64, <)
CUWASM_ATOMIC_S64(smax64, >)

// `extern __shared__`: the launch's dynamic shared memory.
extern __shared__ unsigned char cuwasm_dynamic_shared[];

// ---- CUDA's warp of 32 lanes -----------------------------------------------
// On a wavefront of 64 (gfx9), CUDA lane l of the warp in the wavefront's upper
// half is wavefront lane 32 + l: a lane reads and votes within its own half.
#if defined(__NVCC__)
__device__ static inline uint32_t cuwasm_wave_lane() {
  uint32_t l;
  asm volatile("mov.u32 %0, %%laneid;" : "=r"(l));
  return l;
}
__device__ static inline uint32_t cuwasm_ballot(bool p) { return __ballot_sync(__activemask(), p); }
template <class T> __device__ static inline T cuwasm_shfl(T v, uint32_t lane) {
  return __shfl_sync(__activemask(), v, (int)(lane & 31u), 32);
}
#else
__device__ static inline uint32_t cuwasm_wave_lane() { return __lane_id(); }
__device__ static inline uint32_t cuwasm_ballot(bool p) {
#if CUWASM_WAVEFRONT == 64
  return (uint32_t)(__ballot(p) >> (__lane_id() & 32u));
#else
  return (uint32_t)__ballot(p);
#endif
}
// __shfl with width 32 reads lane + (own lane & ~31): inside the lane's half.
template <class T> __device__ static inline T cuwasm_shfl(T v, uint32_t lane) {
  return __shfl(v, (int)(lane & 31u), 32);
}
#endif
// This lane in its CUDA warp (0..31).
__device__ static inline uint32_t cuwasm_lane() { return cuwasm_wave_lane() & 31u; }
// The lanes of this CUDA warp that run this call (__activemask()).
__device__ static inline uint32_t cuwasm_activemask() { return cuwasm_ballot(true); }
// __syncwarp(mask): the lanes of mask wait for one another, their memory
// operations ordered. A wavefront runs its lanes together: a barrier among
// them and fences at the wavefront's scope are the same guarantee.
#if defined(__NVCC__)
__device__ static inline void cuwasm_syncwarp(uint32_t mask) { __syncwarp(mask); }
#else
__device__ static inline void cuwasm_syncwarp(uint32_t) {
  __builtin_amdgcn_fence(__ATOMIC_RELEASE, "wavefront");
  __builtin_amdgcn_wave_barrier();
  __builtin_amdgcn_fence(__ATOMIC_ACQUIRE, "wavefront");
}
#endif
// __{any,all,uni,ballot}_sync(mask, p) over the lanes of mask that run it.
__device__ static inline uint32_t cuwasm_vote_ballot(uint32_t mask, bool p) { return cuwasm_ballot(p) & mask; }
__device__ static inline bool cuwasm_vote_any(uint32_t mask, bool p) { return (cuwasm_ballot(p) & mask) != 0; }
__device__ static inline bool cuwasm_vote_all(uint32_t mask, bool p) {
  uint32_t m = mask & cuwasm_activemask();
  return (cuwasm_ballot(p) & m) == m;
}
__device__ static inline bool cuwasm_vote_uni(uint32_t mask, bool p) {
  uint32_t m = mask & cuwasm_activemask(), b = cuwasm_ballot(p) & m;
  return b == 0 || b == m;
}
// redux.sync: the reduction of v over the lanes of mask (each reads all 32);
// and/or/xor are bit_and/bit_or/bit_xor (C++ reserves the plain words).
#define CUWASM_REDUX(name, combine)                                                \
  __device__ static inline uint32_t cuwasm_redux_##name(uint32_t mask, uint32_t v) { \
    uint32_t acc = 0;                                                               \
    bool first = true;                                                              \
    for (uint32_t i = 0; i < 32; ++i) {                                             \
      uint32_t x = cuwasm_shfl(v, i);                                               \
      if ((mask >> i) & 1u) {                                                       \
        acc = first ? x : (combine);                                                \
        first = false;                                                              \
      }                                                                             \
    }                                                                               \
    return acc;                                                                     \
  }
CUWASM_REDUX(add, acc + x)
CUWASM_REDUX(bit_and, acc & x)
CUWASM_REDUX(bit_or, acc | x)
CUWASM_REDUX(bit_xor, acc ^ x)
CUWASM_REDUX(umin, x < acc ? x : acc)
CUWASM_REDUX(umax, x > acc ? x : acc)
CUWASM_REDUX(min, (int32_t)x < (int32_t)acc ? x : acc)
CUWASM_REDUX(max, (int32_t)x > (int32_t)acc ? x : acc)
// ---- end of the prelude -----------------------------------------------------
