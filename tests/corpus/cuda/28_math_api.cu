// 28_math_api: the CUDA math API in float and double, compared with the host
// <math.h> evaluated in double precision. Tolerances follow the documented
// CUDA error bounds with margin: float functions 1e-5 relative, exact for
// sqrtf/fmaf/floorf/ceilf/fabsf/fminf/fmaxf/fmodf/truncf; the fast intrinsics
// (__expf, __sinf, __cosf, __logf, __fdividef, rsqrtf, sincosf) 1e-5 relative
// plus 1e-6 absolute on reduced ranges; double functions 1e-13 relative.
// Special values (NaN, infinities, signed zero) are checked separately.
#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

#define SAMPLES 4096

#define CUDA_CHECK(call)                                                     \
  do {                                                                       \
    cudaError_t err_ = (call);                                               \
    if (err_ != cudaSuccess) {                                               \
      fprintf(stderr, "CUDA error at %s:%d: %s\n", __FILE__, __LINE__,       \
              cudaGetErrorString(err_));                                     \
      exit(1);                                                               \
    }                                                                        \
  } while (0)

enum FloatFn {
  F_SIN, F_COS, F_TAN, F_EXP, F_EXP2, F_LOG, F_LOG2, F_LOG10, F_POW, F_SQRT, F_CBRT, F_ATAN2, F_TANH,
  F_FMA, F_FLOOR, F_CEIL, F_FABS, F_FMIN, F_FMAX, F_FMOD, F_TRUNC,
  F_FAST_EXP, F_FAST_SIN, F_FAST_COS, F_FAST_LOG, F_FDIVIDE, F_RSQRT, F_SINCOS_S, F_SINCOS_C,
  NUM_FLOAT_FNS
};
enum DoubleFn { D_SIN, D_COS, D_EXP, D_LOG, D_POW, D_SQRT, D_FMA, D_FLOOR, D_FABS, D_ATAN2, NUM_DOUBLE_FNS };

static const char *float_names[NUM_FLOAT_FNS] = {
    "sinf", "cosf", "tanf", "expf", "exp2f", "logf", "log2f", "log10f", "powf", "sqrtf", "cbrtf", "atan2f", "tanhf",
    "fmaf", "floorf", "ceilf", "fabsf", "fminf", "fmaxf", "fmodf", "truncf",
    "__expf", "__sinf", "__cosf", "__logf", "__fdividef", "rsqrtf", "sincosf.s", "sincosf.c"};
static const char *double_names[NUM_DOUBLE_FNS] = {"sin", "cos", "exp", "log", "pow", "sqrt", "fma", "floor", "fabs", "atan2"};

__global__ void float_math(const float *a, const float *b, const float *c, float *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  int f = blockIdx.y;  // one function per grid row
  float x = a[f * n + i], y = b[f * n + i], z = c[f * n + i];
  float r = 0.0f;
  switch (f) {
    case F_SIN: r = sinf(x); break;
    case F_COS: r = cosf(x); break;
    case F_TAN: r = tanf(x); break;
    case F_EXP: r = expf(x); break;
    case F_EXP2: r = exp2f(x); break;
    case F_LOG: r = logf(x); break;
    case F_LOG2: r = log2f(x); break;
    case F_LOG10: r = log10f(x); break;
    case F_POW: r = powf(x, y); break;
    case F_SQRT: r = sqrtf(x); break;
    case F_CBRT: r = cbrtf(x); break;
    case F_ATAN2: r = atan2f(x, y); break;
    case F_TANH: r = tanhf(x); break;
    case F_FMA: r = fmaf(x, y, z); break;
    case F_FLOOR: r = floorf(x); break;
    case F_CEIL: r = ceilf(x); break;
    case F_FABS: r = fabsf(x); break;
    case F_FMIN: r = fminf(x, y); break;
    case F_FMAX: r = fmaxf(x, y); break;
    case F_FMOD: r = fmodf(x, y); break;
    case F_TRUNC: r = truncf(x); break;
    case F_FAST_EXP: r = __expf(x); break;
    case F_FAST_SIN: r = __sinf(x); break;
    case F_FAST_COS: r = __cosf(x); break;
    case F_FAST_LOG: r = __logf(x); break;
    case F_FDIVIDE: r = __fdividef(x, y); break;
    case F_RSQRT: r = rsqrtf(x); break;
    case F_SINCOS_S: {
      float s, co;
      sincosf(x, &s, &co);
      r = s;
      break;
    }
    case F_SINCOS_C: {
      float s, co;
      sincosf(x, &s, &co);
      r = co;
      break;
    }
    default: r = -12345.0f;
  }
  out[f * n + i] = r;
}

__global__ void double_math(const double *a, const double *b, const double *c, double *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  int f = blockIdx.y;
  double x = a[f * n + i], y = b[f * n + i], z = c[f * n + i];
  double r;
  if (f == D_SIN) r = sin(x);
  else if (f == D_COS) r = cos(x);
  else if (f == D_EXP) r = exp(x);
  else if (f == D_LOG) r = log(x);
  else if (f == D_POW) r = pow(x, y);
  else if (f == D_SQRT) r = sqrt(x);
  else if (f == D_FMA) r = fma(x, y, z);
  else if (f == D_FLOOR) r = floor(x);
  else if (f == D_FABS) r = fabs(x);
  else r = atan2(x, y);
  out[f * n + i] = r;
}

// special values: each entry is checked on the host by a predicate
__global__ void special_values(float *out, double *dout) {
  if (threadIdx.x != 0 || blockIdx.x != 0) return;
  float zero = out[0];  // 0.0f, read from memory so that nothing is folded
  float one = out[1];
  out[0] = sqrtf(-one);          // NaN
  out[1] = logf(zero);           // -inf
  out[2] = expf(200.0f * one);   // +inf
  out[3] = fabsf(-zero);         // +0
  out[4] = floorf(-2.5f * one);  // -3
  out[5] = ceilf(-2.5f * one);   // -2
  out[6] = fmaxf(zero / zero, one);  // fmax ignores a NaN operand: 1
  out[7] = copysignf(3.0f, -one);    // -3
  dout[0] = sqrt(-(double)one);  // NaN
  dout[1] = log((double)zero);   // -inf
  dout[2] = pow(2.0, 10.0 * one);  // 1024 (exact in double)
}

static unsigned int g_state = 2463534242u;
static double next_unit() {  // [0, 1)
  g_state ^= g_state << 13;
  g_state ^= g_state >> 17;
  g_state ^= g_state << 5;
  return (double)(g_state >> 8) / 16777216.0;
}

int main() {
  const int n = SAMPLES;
  const double PI = 3.14159265358979323846;
  // input ranges per float function: a in [lo, hi), b in [lo2, hi2), c in [-1, 1)
  double lo[NUM_FLOAT_FNS], hi[NUM_FLOAT_FNS], lo2[NUM_FLOAT_FNS], hi2[NUM_FLOAT_FNS];
  for (int f = 0; f < NUM_FLOAT_FNS; f++) {
    lo[f] = -10.0; hi[f] = 10.0; lo2[f] = -10.0; hi2[f] = 10.0;
  }
  lo[F_TAN] = -1.5; hi[F_TAN] = 1.5;
  lo[F_EXP] = -20.0; hi[F_EXP] = 20.0;
  lo[F_EXP2] = -30.0; hi[F_EXP2] = 30.0;
  lo[F_LOG] = lo[F_LOG2] = lo[F_LOG10] = 0.001; hi[F_LOG] = hi[F_LOG2] = hi[F_LOG10] = 1000.0;
  lo[F_POW] = 0.1; hi[F_POW] = 10.0; lo2[F_POW] = -3.0; hi2[F_POW] = 3.0;
  lo[F_SQRT] = 0.0; hi[F_SQRT] = 1.0e6;
  lo[F_CBRT] = -1000.0; hi[F_CBRT] = 1000.0;
  lo[F_TANH] = -5.0; hi[F_TANH] = 5.0;
  lo2[F_FMOD] = 0.5; hi2[F_FMOD] = 3.0;
  lo[F_FAST_EXP] = -10.0; hi[F_FAST_EXP] = 10.0;
  lo[F_FAST_SIN] = lo[F_FAST_COS] = -PI; hi[F_FAST_SIN] = hi[F_FAST_COS] = PI;
  lo[F_FAST_LOG] = 0.01; hi[F_FAST_LOG] = 100.0;
  lo2[F_FDIVIDE] = 0.5; hi2[F_FDIVIDE] = 8.0;
  lo[F_RSQRT] = 0.01; hi[F_RSQRT] = 1.0e4;

  size_t fcount = (size_t)NUM_FLOAT_FNS * n, dcount = (size_t)NUM_DOUBLE_FNS * n;
  float *fa = (float *)malloc(fcount * sizeof(float)), *fb = (float *)malloc(fcount * sizeof(float));
  float *fc = (float *)malloc(fcount * sizeof(float)), *fo = (float *)malloc(fcount * sizeof(float));
  double *da = (double *)malloc(dcount * sizeof(double)), *db = (double *)malloc(dcount * sizeof(double));
  double *dc = (double *)malloc(dcount * sizeof(double)), *dO = (double *)malloc(dcount * sizeof(double));
  for (int f = 0; f < NUM_FLOAT_FNS; f++)
    for (int i = 0; i < n; i++) {
      fa[f * n + i] = (float)(lo[f] + (hi[f] - lo[f]) * next_unit());
      fb[f * n + i] = (float)(lo2[f] + (hi2[f] - lo2[f]) * next_unit());
      fc[f * n + i] = (float)(2.0 * next_unit() - 1.0);
    }
  for (int f = 0; f < NUM_DOUBLE_FNS; f++)
    for (int i = 0; i < n; i++) {
      double u_hi = next_unit();
      double u = u_hi + next_unit() / 16777216.0;  // two calls, sequenced
      double a = -10.0 + 20.0 * u, b = -10.0 + 20.0 * next_unit();
      if (f == D_EXP) a = -30.0 + 60.0 * u;
      if (f == D_LOG || f == D_SQRT) a = 1e-3 + 1e4 * u;
      if (f == D_POW) {
        a = 0.1 + 9.9 * u;
        b = -4.0 + 8.0 * next_unit();
      }
      da[f * n + i] = a;
      db[f * n + i] = b;
      dc[f * n + i] = 2.0 * next_unit() - 1.0;
    }

  float *d_fa, *d_fb, *d_fc, *d_fo, *d_sf;
  double *d_da, *d_db, *d_dc, *d_do, *d_sd;
  CUDA_CHECK(cudaMalloc(&d_fa, fcount * sizeof(float)));
  CUDA_CHECK(cudaMalloc(&d_fb, fcount * sizeof(float)));
  CUDA_CHECK(cudaMalloc(&d_fc, fcount * sizeof(float)));
  CUDA_CHECK(cudaMalloc(&d_fo, fcount * sizeof(float)));
  CUDA_CHECK(cudaMalloc(&d_da, dcount * sizeof(double)));
  CUDA_CHECK(cudaMalloc(&d_db, dcount * sizeof(double)));
  CUDA_CHECK(cudaMalloc(&d_dc, dcount * sizeof(double)));
  CUDA_CHECK(cudaMalloc(&d_do, dcount * sizeof(double)));
  CUDA_CHECK(cudaMalloc(&d_sf, 8 * sizeof(float)));
  CUDA_CHECK(cudaMalloc(&d_sd, 3 * sizeof(double)));
  CUDA_CHECK(cudaMemcpy(d_fa, fa, fcount * sizeof(float), cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(d_fb, fb, fcount * sizeof(float), cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(d_fc, fc, fcount * sizeof(float), cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(d_da, da, dcount * sizeof(double), cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(d_db, db, dcount * sizeof(double), cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(d_dc, dc, dcount * sizeof(double), cudaMemcpyHostToDevice));
  float sf[8] = {0.0f, 1.0f, 0, 0, 0, 0, 0, 0};
  double sd[3] = {0, 0, 0};
  CUDA_CHECK(cudaMemcpy(d_sf, sf, sizeof(sf), cudaMemcpyHostToDevice));

  float_math<<<dim3((n + 127) / 128, NUM_FLOAT_FNS), 128>>>(d_fa, d_fb, d_fc, d_fo, n);
  CUDA_CHECK(cudaGetLastError());
  double_math<<<dim3((n + 127) / 128, NUM_DOUBLE_FNS), 128>>>(d_da, d_db, d_dc, d_do, n);
  CUDA_CHECK(cudaGetLastError());
  special_values<<<1, 32>>>(d_sf, d_sd);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaDeviceSynchronize());
  CUDA_CHECK(cudaMemcpy(fo, d_fo, fcount * sizeof(float), cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(dO, d_do, dcount * sizeof(double), cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(sf, d_sf, sizeof(sf), cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(sd, d_sd, sizeof(sd), cudaMemcpyDeviceToHost));

  int failures = 0;
  for (int f = 0; f < NUM_FLOAT_FNS; f++) {
    int bad = 0;
    for (int i = 0; i < n; i++) {
      double x = fa[f * n + i], y = fb[f * n + i], z = fc[f * n + i];
      double ref;
      double rel = 1e-5, abs_tol = 0.0;
      switch (f) {
        case F_SIN: ref = sin(x); abs_tol = 1e-30; break;
        case F_COS: ref = cos(x); abs_tol = 1e-30; break;
        case F_TAN: ref = tan(x); break;
        case F_EXP: ref = exp(x); break;
        case F_EXP2: ref = exp2(x); break;
        case F_LOG: ref = log(x); break;
        case F_LOG2: ref = log2(x); break;
        case F_LOG10: ref = log10(x); break;
        case F_POW: ref = pow(x, y); break;
        case F_SQRT: ref = sqrtf((float)x); rel = 0.0; break;
        case F_CBRT: ref = cbrt(x); break;
        case F_ATAN2: ref = atan2(x, y); break;
        case F_TANH: ref = tanh(x); break;
        case F_FMA: ref = fmaf((float)x, (float)y, (float)z); rel = 0.0; break;
        case F_FLOOR: ref = floor(x); rel = 0.0; break;
        case F_CEIL: ref = ceil(x); rel = 0.0; break;
        case F_FABS: ref = fabs(x); rel = 0.0; break;
        case F_FMIN: ref = x < y ? x : y; rel = 0.0; break;
        case F_FMAX: ref = x > y ? x : y; rel = 0.0; break;
        case F_FMOD: ref = fmod(x, y); rel = 0.0; break;
        case F_TRUNC: ref = trunc(x); rel = 0.0; break;
        case F_FAST_EXP: ref = exp(x); break;
        case F_FAST_SIN: ref = sin(x); abs_tol = 1e-6; break;
        case F_FAST_COS: ref = cos(x); abs_tol = 1e-6; break;
        case F_FAST_LOG: ref = log(x); abs_tol = 1e-6; break;
        case F_FDIVIDE: ref = x / y; break;
        case F_RSQRT: ref = 1.0 / sqrt(x); break;
        case F_SINCOS_S: ref = sin(x); abs_tol = 1e-30; break;
        default: ref = cos(x); abs_tol = 1e-30; break;
      }
      double got = fo[f * n + i];
      if (!(fabs(got - ref) <= rel * fabs(ref) + abs_tol)) {
        if (bad < 3) fprintf(stderr, "%s(%.9g, %.9g): got %.9g want %.9g\n", float_names[f], x, y, got, ref);
        bad++;
      }
    }
    failures += bad;
  }
  for (int f = 0; f < NUM_DOUBLE_FNS; f++) {
    int bad = 0;
    for (int i = 0; i < n; i++) {
      double x = da[f * n + i], y = db[f * n + i], z = dc[f * n + i];
      double ref, rel = 1e-13;
      switch (f) {
        case D_SIN: ref = sin(x); break;
        case D_COS: ref = cos(x); break;
        case D_EXP: ref = exp(x); break;
        case D_LOG: ref = log(x); break;
        case D_POW: ref = pow(x, y); break;
        case D_SQRT: ref = sqrt(x); rel = 0.0; break;
        case D_FMA: ref = fma(x, y, z); rel = 0.0; break;
        case D_FLOOR: ref = floor(x); rel = 0.0; break;
        case D_FABS: ref = fabs(x); rel = 0.0; break;
        default: ref = atan2(x, y); break;
      }
      double got = dO[f * n + i];
      if (!(fabs(got - ref) <= rel * fabs(ref) + 1e-300)) {
        if (bad < 3) fprintf(stderr, "%s(%.17g, %.17g): got %.17g want %.17g\n", double_names[f], x, y, got, ref);
        bad++;
      }
    }
    failures += bad;
  }
  int special_bad = 0;
  if (!isnan(sf[0])) special_bad++;
  if (!(isinf(sf[1]) && sf[1] < 0)) special_bad++;
  if (!(isinf(sf[2]) && sf[2] > 0)) special_bad++;
  if (!(sf[3] == 0.0f && !signbit(sf[3]))) special_bad++;
  if (sf[4] != -3.0f || sf[5] != -2.0f || sf[6] != 1.0f || sf[7] != -3.0f) special_bad++;
  if (!isnan(sd[0]) || !(isinf(sd[1]) && sd[1] < 0) || sd[2] != 1024.0) special_bad++;
  failures += special_bad;

  cudaFree(d_fa); cudaFree(d_fb); cudaFree(d_fc); cudaFree(d_fo);
  cudaFree(d_da); cudaFree(d_db); cudaFree(d_dc); cudaFree(d_do);
  cudaFree(d_sf); cudaFree(d_sd);
  free(fa); free(fb); free(fc); free(fo);
  free(da); free(db); free(dc); free(dO);
  printf("math_api: float_fns=%d double_fns=%d samples=%d special_bad=%d failures=%d %s\n", NUM_FLOAT_FNS,
         NUM_DOUBLE_FNS, n, special_bad, failures, failures == 0 ? "PASSED" : "FAILED");
  return failures == 0 ? 0 : 1;
}
