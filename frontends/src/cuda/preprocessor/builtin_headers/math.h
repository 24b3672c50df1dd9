/* cuwasm built-in header: math.h (the C library and the CUDA math API,
   float and double; the float overloads of the C++ names are declared too) */
#pragma once
#ifndef __CUWASM_MATH_H
#define __CUWASM_MATH_H

#define M_E 2.7182818284590452354
#define M_LOG2E 1.4426950408889634074
#define M_LOG10E 0.43429448190325182765
#define M_LN2 0.69314718055994530942
#define M_LN10 2.30258509299404568402
#define M_PI 3.14159265358979323846
#define M_PI_2 1.57079632679489661923
#define M_PI_4 0.78539816339744830962
#define M_1_PI 0.31830988618379067154
#define M_2_PI 0.63661977236758134308
#define M_2_SQRTPI 1.12837916709551257390
#define M_SQRT2 1.41421356237309504880
#define M_SQRT1_2 0.70710678118654752440
#define HUGE_VAL (__builtin_huge_val())
#define HUGE_VALF (__builtin_huge_valf())
#define INFINITY (__builtin_inff())
#define NAN (__builtin_nanf(""))
#define FP_NAN 0
#define FP_INFINITE 1
#define FP_ZERO 2
#define FP_SUBNORMAL 3
#define FP_NORMAL 4

__host__ __device__ double acos(double x);
__host__ __device__ float acosf(float x);
__host__ __device__ float acos(float x);
__host__ __device__ double acosh(double x);
__host__ __device__ float acoshf(float x);
__host__ __device__ float acosh(float x);
__host__ __device__ double asin(double x);
__host__ __device__ float asinf(float x);
__host__ __device__ float asin(float x);
__host__ __device__ double asinh(double x);
__host__ __device__ float asinhf(float x);
__host__ __device__ float asinh(float x);
__host__ __device__ double atan(double x);
__host__ __device__ float atanf(float x);
__host__ __device__ float atan(float x);
__host__ __device__ double atanh(double x);
__host__ __device__ float atanhf(float x);
__host__ __device__ float atanh(float x);
__host__ __device__ double cbrt(double x);
__host__ __device__ float cbrtf(float x);
__host__ __device__ float cbrt(float x);
__host__ __device__ double ceil(double x);
__host__ __device__ float ceilf(float x);
__host__ __device__ float ceil(float x);
__host__ __device__ double cos(double x);
__host__ __device__ float cosf(float x);
__host__ __device__ float cos(float x);
__host__ __device__ double cosh(double x);
__host__ __device__ float coshf(float x);
__host__ __device__ float cosh(float x);
__host__ __device__ double cospi(double x);
__host__ __device__ float cospif(float x);
__host__ __device__ float cospi(float x);
__host__ __device__ double erf(double x);
__host__ __device__ float erff(float x);
__host__ __device__ float erf(float x);
__host__ __device__ double erfc(double x);
__host__ __device__ float erfcf(float x);
__host__ __device__ float erfc(float x);
__host__ __device__ double erfcinv(double x);
__host__ __device__ float erfcinvf(float x);
__host__ __device__ float erfcinv(float x);
__host__ __device__ double erfinv(double x);
__host__ __device__ float erfinvf(float x);
__host__ __device__ float erfinv(float x);
__host__ __device__ double exp(double x);
__host__ __device__ float expf(float x);
__host__ __device__ float exp(float x);
__host__ __device__ double exp10(double x);
__host__ __device__ float exp10f(float x);
__host__ __device__ float exp10(float x);
__host__ __device__ double exp2(double x);
__host__ __device__ float exp2f(float x);
__host__ __device__ float exp2(float x);
__host__ __device__ double expm1(double x);
__host__ __device__ float expm1f(float x);
__host__ __device__ float expm1(float x);
__host__ __device__ double fabs(double x);
__host__ __device__ float fabsf(float x);
__host__ __device__ float fabs(float x);
__host__ __device__ double floor(double x);
__host__ __device__ float floorf(float x);
__host__ __device__ float floor(float x);
__host__ __device__ double lgamma(double x);
__host__ __device__ float lgammaf(float x);
__host__ __device__ float lgamma(float x);
__host__ __device__ double log(double x);
__host__ __device__ float logf(float x);
__host__ __device__ float log(float x);
__host__ __device__ double log10(double x);
__host__ __device__ float log10f(float x);
__host__ __device__ float log10(float x);
__host__ __device__ double log1p(double x);
__host__ __device__ float log1pf(float x);
__host__ __device__ float log1p(float x);
__host__ __device__ double log2(double x);
__host__ __device__ float log2f(float x);
__host__ __device__ float log2(float x);
__host__ __device__ double logb(double x);
__host__ __device__ float logbf(float x);
__host__ __device__ float logb(float x);
__host__ __device__ double nearbyint(double x);
__host__ __device__ float nearbyintf(float x);
__host__ __device__ float nearbyint(float x);
__host__ __device__ double rcbrt(double x);
__host__ __device__ float rcbrtf(float x);
__host__ __device__ float rcbrt(float x);
__host__ __device__ double rint(double x);
__host__ __device__ float rintf(float x);
__host__ __device__ float rint(float x);
__host__ __device__ double round(double x);
__host__ __device__ float roundf(float x);
__host__ __device__ float round(float x);
__host__ __device__ double rsqrt(double x);
__host__ __device__ float rsqrtf(float x);
__host__ __device__ float rsqrt(float x);
__host__ __device__ double sin(double x);
__host__ __device__ float sinf(float x);
__host__ __device__ float sin(float x);
__host__ __device__ double sinh(double x);
__host__ __device__ float sinhf(float x);
__host__ __device__ float sinh(float x);
__host__ __device__ double sinpi(double x);
__host__ __device__ float sinpif(float x);
__host__ __device__ float sinpi(float x);
__host__ __device__ double sqrt(double x);
__host__ __device__ float sqrtf(float x);
__host__ __device__ float sqrt(float x);
__host__ __device__ double tan(double x);
__host__ __device__ float tanf(float x);
__host__ __device__ float tan(float x);
__host__ __device__ double tanh(double x);
__host__ __device__ float tanhf(float x);
__host__ __device__ float tanh(float x);
__host__ __device__ double tgamma(double x);
__host__ __device__ float tgammaf(float x);
__host__ __device__ float tgamma(float x);
__host__ __device__ double trunc(double x);
__host__ __device__ float truncf(float x);
__host__ __device__ float trunc(float x);
__host__ __device__ double j0(double x);
__host__ __device__ float j0f(float x);
__host__ __device__ float j0(float x);
__host__ __device__ double j1(double x);
__host__ __device__ float j1f(float x);
__host__ __device__ float j1(float x);
__host__ __device__ double y0(double x);
__host__ __device__ float y0f(float x);
__host__ __device__ float y0(float x);
__host__ __device__ double y1(double x);
__host__ __device__ float y1f(float x);
__host__ __device__ float y1(float x);
__host__ __device__ double normcdf(double x);
__host__ __device__ float normcdff(float x);
__host__ __device__ float normcdf(float x);
__host__ __device__ double normcdfinv(double x);
__host__ __device__ float normcdfinvf(float x);
__host__ __device__ float normcdfinv(float x);
__host__ __device__ double atan2(double x, double y);
__host__ __device__ float atan2f(float x, float y);
__host__ __device__ float atan2(float x, float y);
__host__ __device__ double copysign(double x, double y);
__host__ __device__ float copysignf(float x, float y);
__host__ __device__ float copysign(float x, float y);
__host__ __device__ double fdim(double x, double y);
__host__ __device__ float fdimf(float x, float y);
__host__ __device__ float fdim(float x, float y);
__host__ __device__ double fmax(double x, double y);
__host__ __device__ float fmaxf(float x, float y);
__host__ __device__ float fmax(float x, float y);
__host__ __device__ double fmin(double x, double y);
__host__ __device__ float fminf(float x, float y);
__host__ __device__ float fmin(float x, float y);
__host__ __device__ double fmod(double x, double y);
__host__ __device__ float fmodf(float x, float y);
__host__ __device__ float fmod(float x, float y);
__host__ __device__ double hypot(double x, double y);
__host__ __device__ float hypotf(float x, float y);
__host__ __device__ float hypot(float x, float y);
__host__ __device__ double nextafter(double x, double y);
__host__ __device__ float nextafterf(float x, float y);
__host__ __device__ float nextafter(float x, float y);
__host__ __device__ double pow(double x, double y);
__host__ __device__ float powf(float x, float y);
__host__ __device__ float pow(float x, float y);
__host__ __device__ double remainder(double x, double y);
__host__ __device__ float remainderf(float x, float y);
__host__ __device__ float remainder(float x, float y);
__host__ __device__ double fma(double x, double y, double z);
__host__ __device__ float fmaf(float x, float y, float z);
__host__ __device__ float fma(float x, float y, float z);
__host__ __device__ double frexp(double x, int *e);
__host__ __device__ float frexpf(float x, int *e);
__host__ __device__ double ldexp(double x, int e);
__host__ __device__ float ldexpf(float x, int e);
__host__ __device__ float ldexp(float x, int e);
__host__ __device__ double scalbn(double x, int e);
__host__ __device__ float scalbnf(float x, int e);
__host__ __device__ double modf(double x, double *i);
__host__ __device__ float modff(float x, float *i);
__host__ __device__ int ilogb(double x);
__host__ __device__ int ilogbf(float x);
__host__ __device__ long lround(double x);
__host__ __device__ long lroundf(float x);
__host__ __device__ long long llround(double x);
__host__ __device__ long long llroundf(float x);
__host__ __device__ long lrint(double x);
__host__ __device__ long lrintf(float x);
__host__ __device__ long long llrint(double x);
__host__ __device__ long long llrintf(float x);
__host__ __device__ void sincos(double x, double *s, double *c);
__host__ __device__ void sincosf(float x, float *s, float *c);
__host__ __device__ void sincospi(double x, double *s, double *c);
__host__ __device__ void sincospif(float x, float *s, float *c);
__host__ __device__ double norm3d(double a, double b, double c);
__host__ __device__ float norm3df(float a, float b, float c);
__host__ __device__ double rhypot(double x, double y);
__host__ __device__ float rhypotf(float x, float y);
__host__ __device__ double remquo(double x, double y, int *q);
__host__ __device__ float remquof(float x, float y, int *q);
__host__ __device__ double nan(const char *tag);
__host__ __device__ float nanf(const char *tag);
__host__ __device__ bool isnan(double x);
__host__ __device__ bool isnan(float x);
__host__ __device__ bool isinf(double x);
__host__ __device__ bool isinf(float x);
__host__ __device__ bool isfinite(double x);
__host__ __device__ bool isfinite(float x);
__host__ __device__ bool isnormal(double x);
__host__ __device__ bool isnormal(float x);
__host__ __device__ bool signbit(double x);
__host__ __device__ bool signbit(float x);
__host__ __device__ int fpclassify(double x);
__host__ __device__ int fpclassify(float x);
__host__ __device__ int abs(int x);
__host__ __device__ long abs(long x);
__host__ __device__ long long abs(long long x);
__host__ __device__ double abs(double x);
__host__ __device__ float abs(float x);
__host__ __device__ float saturatef(float x);

/* Fast intrinsics (device only). */
__device__ float __expf(float x);
__device__ float __exp10f(float x);
__device__ float __logf(float x);
__device__ float __log2f(float x);
__device__ float __log10f(float x);
__device__ float __sinf(float x);
__device__ float __cosf(float x);
__device__ float __tanf(float x);
__device__ void __sincosf(float x, float *s, float *c);
__device__ float __powf(float x, float y);
__device__ float __fdividef(float x, float y);
__device__ float __saturatef(float x);
__device__ float __fadd_rn(float x, float y);
__device__ float __fadd_rz(float x, float y);
__device__ float __fadd_ru(float x, float y);
__device__ float __fadd_rd(float x, float y);
__device__ float __fsub_rn(float x, float y);
__device__ float __fmul_rn(float x, float y);
__device__ float __fmul_rz(float x, float y);
__device__ float __fdiv_rn(float x, float y);
__device__ float __frcp_rn(float x);
__device__ float __fsqrt_rn(float x);
__device__ float __frsqrt_rn(float x);
__device__ float __fmaf_rn(float x, float y, float z);
__device__ float __fmaf_rz(float x, float y, float z);
__device__ double __dadd_rn(double x, double y);
__device__ double __dmul_rn(double x, double y);
__device__ double __ddiv_rn(double x, double y);
__device__ double __drcp_rn(double x);
__device__ double __dsqrt_rn(double x);
__device__ double __fma_rn(double x, double y, double z);
#include <cuwasm_math.h>
#endif
