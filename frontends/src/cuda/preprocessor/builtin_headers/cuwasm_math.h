/* cuwasm built-in header: the CUDA math API functions that cuwasm defines in
   C (math.h declares them and includes this at its end), from the ops it
   lowers directly and the bits. Exact where C says so (fdim, frexp, ldexp,
   scalbn, ilogb, logb, modf, nextafter, remainder, remquo, the roundings);
   the others within a few ulp: hypot and norm3d scaled by the largest
   operand, sinpi and cospi with an exact argument reduction. The float
   versions compute in double where that rounds once. */
#pragma once

__host__ __device__ inline double __cuwasm_inf(void) { return __longlong_as_double(0x7ff0000000000000LL); }

__host__ __device__ inline double fdim(double x, double y) {
  return x > y ? x - y : (x <= y ? 0.0 : x + y);
}
__host__ __device__ inline float fdimf(float x, float y) {
  return x > y ? x - y : (x <= y ? 0.0f : x + y);
}

/* x * 2^n with one rounding (musl's scalbn): steps that keep the value
   normal, then one multiplication by a power of two made of its bits. */
__host__ __device__ inline double scalbn(double x, int n) {
  if (n > 1023) {
    x *= 0x1p1023;
    n -= 1023;
    if (n > 1023) {
      x *= 0x1p1023;
      n -= 1023;
      if (n > 1023) n = 1023;
    }
  } else if (n < -1022) {
    x *= 0x1p-969;
    n += 969;
    if (n < -1022) {
      x *= 0x1p-969;
      n += 969;
      if (n < -1022) n = -1022;
    }
  }
  return x * __longlong_as_double((long long)(0x3ff + n) << 52);
}
__host__ __device__ inline double ldexp(double x, int n) { return scalbn(x, n); }
/* In double the float result is exact until the one rounding to float. */
__host__ __device__ inline float scalbnf(float x, int n) {
  return (float)scalbn((double)x, n < -400 ? -400 : (n > 400 ? 400 : n));
}
__host__ __device__ inline float ldexpf(float x, int n) { return scalbnf(x, n); }

/* x = m * 2^e with 0.5 <= |m| < 1 (subnormals scaled up first). */
__host__ __device__ inline double frexp(double x, int *e) {
  long long b = __double_as_longlong(x);
  int ex = (int)((b >> 52) & 0x7ff);
  int bias = 1022;
  if (ex == 0x7ff || x == 0.0) {
    *e = 0;
    return x;
  }
  if (ex == 0) {
    b = __double_as_longlong(x * 0x1p64);
    ex = (int)((b >> 52) & 0x7ff);
    bias += 64;
  }
  *e = ex - bias;
  return __longlong_as_double((b & (long long)0x800fffffffffffffULL) | 0x3fe0000000000000LL);
}
__host__ __device__ inline float frexpf(float x, int *e) { return (float)frexp((double)x, e); }

/* CUDA's ilogb: INT_MIN for 0 and NaN, INT_MAX for an infinity. */
__host__ __device__ inline int ilogb(double x) {
  int e;
  if (x == 0.0 || x != x) return -2147483647 - 1;
  if (x - x != 0.0) return 2147483647;
  frexp(x, &e);
  return e - 1;
}
__host__ __device__ inline int ilogbf(float x) { return ilogb((double)x); }
__host__ __device__ inline double logb(double x) {
  if (x != x) return x;
  if (x == 0.0) return -__cuwasm_inf();
  if (x - x != 0.0) return __cuwasm_inf();
  return (double)ilogb(x);
}
__host__ __device__ inline float logbf(float x) { return (float)logb((double)x); }

/* The fraction (with x's sign) and the integral part. */
__host__ __device__ inline double modf(double x, double *i) {
  double t = trunc(x);
  *i = t;
  if (x == x && x - x != 0.0) return copysign(0.0, x);
  return copysign(x - t, x);
}
__host__ __device__ inline float modff(float x, float *i) {
  double ip;
  double f = modf((double)x, &ip);
  *i = (float)ip;
  return (float)f;
}

__host__ __device__ inline long lround(double x) { return (long)round(x); }
__host__ __device__ inline long lroundf(float x) { return (long)roundf(x); }
__host__ __device__ inline long long llround(double x) { return (long long)round(x); }
__host__ __device__ inline long long llroundf(float x) { return (long long)roundf(x); }
__host__ __device__ inline long lrint(double x) { return (long)rint(x); }
__host__ __device__ inline long lrintf(float x) { return (long)rintf(x); }
__host__ __device__ inline long long llrint(double x) { return (long long)rint(x); }
__host__ __device__ inline long long llrintf(float x) { return (long long)rintf(x); }

/* The neighbour of x toward y, by the bits. */
__host__ __device__ inline double nextafter(double x, double y) {
  if (x != x || y != y) return x + y;
  if (x == y) return y;
  if (x == 0.0) return copysign(__longlong_as_double(1LL), y);
  long long b = __double_as_longlong(x);
  return __longlong_as_double((x < y) == (x > 0.0) ? b + 1 : b - 1);
}
__host__ __device__ inline float nextafterf(float x, float y) {
  if (x != x || y != y) return x + y;
  if (x == y) return y;
  if (x == 0.0f) return copysignf(__int_as_float(1), y);
  int b = __float_as_int(x);
  return __int_as_float((x < y) == (x > 0.0f) ? b + 1 : b - 1);
}

/* fmod(m, c), or m itself where c overflowed (then |m| < c). */
__host__ __device__ inline double __cuwasm_fmod_to(double m, double c) {
  return c - c != 0.0 ? m : fmod(m, c);
}

/* x - n * y for the integer n nearest x / y (ties to even), exactly; *q
   gets n's sign and its low three bits. fmod is exact, so is every step:
   the quotient's bits come from fmod by 8|y|, 4|y| and 2|y|. */
__host__ __device__ inline double remquo(double x, double y, int *q) {
  *q = 0;
  if (x != x || y != y) return x + y;
  if (x - x != 0.0 || y == 0.0) return (x - x) / (x - x);
  double ay = fabs(y);
  double m = fabs(__cuwasm_fmod_to(x, 8.0 * ay));
  int k = 0;
  if (m >= 4.0 * ay) { m -= 4.0 * ay; k += 4; }
  if (m >= 2.0 * ay) { m -= 2.0 * ay; k += 2; }
  if (m >= ay) { m -= ay; k += 1; }
  /* m = |x| mod |y| now; round the quotient up past half of |y|. */
  int above = ay < 1.0 ? (2.0 * m > ay) : (m > 0.5 * ay);
  int tie = ay < 1.0 ? (2.0 * m == ay) : (m == 0.5 * ay);
  if (above || (tie && (k & 1))) {
    m = m - ay;
    k += 1;
  }
  int negative = (x < 0.0) != (y < 0.0);
  *q = negative ? -(k & 7) : (k & 7);
  return x < 0.0 ? -m : m;
}
__host__ __device__ inline double remainder(double x, double y) {
  int q;
  return remquo(x, y, &q);
}
__host__ __device__ inline float remquof(float x, float y, int *q) { return (float)remquo((double)x, (double)y, q); }
__host__ __device__ inline float remainderf(float x, float y) { return (float)remainder((double)x, (double)y); }

/* sqrt(x^2 + y^2) without overflow or underflow on the way: scaled by the
   larger operand. An infinity wins over a NaN. */
__host__ __device__ inline double hypot(double x, double y) {
  double a = fabs(x), b = fabs(y);
  if (a == __cuwasm_inf() || b == __cuwasm_inf()) return __cuwasm_inf();
  if (a != a || b != b) return a + b;
  double m = fmax(a, b), n = fmin(a, b);
  if (m == 0.0) return 0.0;
  double r = n / m;
  return m * sqrt(1.0 + r * r);
}
/* A float hypot in double: the squares are exact there and cannot overflow. */
__host__ __device__ inline double __cuwasm_hypot_of_floats(float x, float y) {
  double a = x, b = y;
  return sqrt(a * a + b * b);
}
__host__ __device__ inline float hypotf(float x, float y) { return (float)__cuwasm_hypot_of_floats(x, y); }
__host__ __device__ inline double rhypot(double x, double y) { return 1.0 / hypot(x, y); }
__host__ __device__ inline float rhypotf(float x, float y) {
  return (float)(1.0 / __cuwasm_hypot_of_floats(x, y));
}
__host__ __device__ inline double norm3d(double a, double b, double c) {
  a = fabs(a);
  b = fabs(b);
  c = fabs(c);
  if (a == __cuwasm_inf() || b == __cuwasm_inf() || c == __cuwasm_inf()) return __cuwasm_inf();
  if (a != a || b != b || c != c) return a + b + c;
  double m = fmax(a, fmax(b, c));
  if (m == 0.0) return 0.0;
  a /= m;
  b /= m;
  c /= m;
  return m * sqrt(a * a + b * b + c * c);
}
__host__ __device__ inline float norm3df(float a, float b, float c) {
  double x = a, y = b, z = c;
  return (float)sqrt(x * x + y * y + z * z);
}

__host__ __device__ inline double rcbrt(double x) { return 1.0 / cbrt(x); }
__host__ __device__ inline float rcbrtf(float x) { return (float)(1.0 / cbrt((double)x)); }
__host__ __device__ inline double exp10(double x) { return pow(10.0, x); }
__host__ __device__ inline float exp10f(float x) { return (float)pow(10.0, (double)x); }

/* sin(pi x) and cos(pi x): x reduced exactly to r in [-1, 1] (x - 2n), then
   to an angle of at most pi/4 by the quadrant. Integers give zeros (sinpi
   with x's sign), half-integers exact zeros for cospi. */
__host__ __device__ inline double __cuwasm_pi_reduce(double x) { return x - 2.0 * rint(x * 0.5); }
__host__ __device__ inline double sinpi(double x) {
  if (x - x != 0.0) return (x - x) / (x - x);
  double r = __cuwasm_pi_reduce(x), a = fabs(r), s;
  if (a <= 0.25) s = sin(M_PI * a);
  else if (a <= 0.75) s = cos(M_PI * (0.5 - a));
  else s = sin(M_PI * (1.0 - a));
  return copysign(s, x == 0.0 ? x : r);
}
__host__ __device__ inline double cospi(double x) {
  if (x - x != 0.0) return (x - x) / (x - x);
  double a = fabs(__cuwasm_pi_reduce(x));
  if (a <= 0.25) return cos(M_PI * a);
  if (a <= 0.75) return sin(M_PI * (0.5 - a));
  return -cos(M_PI * (1.0 - a));
}
__host__ __device__ inline float sinpif(float x) { return (float)sinpi((double)x); }
__host__ __device__ inline float cospif(float x) { return (float)cospi((double)x); }
__host__ __device__ inline void sincospi(double x, double *s, double *c) {
  *s = sinpi(x);
  *c = cospi(x);
}
__host__ __device__ inline void sincospif(float x, float *s, float *c) {
  *s = sinpif(x);
  *c = cospif(x);
}

/* The standard normal distribution's CDF. */
__host__ __device__ inline double normcdf(double x) { return 0.5 * erfc(-x * M_SQRT1_2); }
__host__ __device__ inline float normcdff(float x) { return (float)normcdf((double)x); }

/* The float overloads of the C++ names. */
__host__ __device__ inline float fdim(float x, float y) { return fdimf(x, y); }
__host__ __device__ inline float ldexp(float x, int n) { return ldexpf(x, n); }
__host__ __device__ inline float logb(float x) { return logbf(x); }
__host__ __device__ inline float nextafter(float x, float y) { return nextafterf(x, y); }
__host__ __device__ inline float remainder(float x, float y) { return remainderf(x, y); }
__host__ __device__ inline float hypot(float x, float y) { return hypotf(x, y); }
__host__ __device__ inline float rcbrt(float x) { return rcbrtf(x); }
__host__ __device__ inline float exp10(float x) { return exp10f(x); }
__host__ __device__ inline float sinpi(float x) { return sinpif(x); }
__host__ __device__ inline float cospi(float x) { return cospif(x); }
__host__ __device__ inline float normcdf(float x) { return normcdff(x); }
