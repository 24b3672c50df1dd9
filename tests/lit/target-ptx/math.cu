// Float math with CUDA's precision: a * b + c stays mul/add without a
// rounding modifier (ptxas may fuse them, as nvcc's --fmad=true); division
// and sqrtf are IEEE (div.rn, sqrt.rn); fmaf is fma.rn; the fast intrinsics
// use the approximate instructions; expf, logf, sinf (its Payne-Hanek
// reduction: mul.wide.u32 by words of 2/pi), tanhf and powf (in double) are
// software sequences of .rn operations, never the approximate instructions;
// rounding functions are cvt with an integer rounding; the bit intrinsics
// are popc/clz/brev.
// RUN: cuwasm-opt %s --emit=ptx | FileCheck %s
// RUN: cuwasm-opt %s --emit=ptx | FileCheck %s --check-prefix=LIBM

// CHECK: .visible .entry arith(
// CHECK: mul.f32 [[P:%f[0-9]+]], {{%f[0-9]+}}, {{%f[0-9]+}};
// CHECK-NEXT: add.f32 {{%f[0-9]+}}, [[P]], {{%f[0-9]+}};
// CHECK: div.rn.f32
// CHECK: sqrt.rn.f32
// CHECK: fma.rn.f32
// CHECK: rsqrt.approx.f32
// CHECK: cvt.rmi.f32.f32
// CHECK: cvt.rzi.s32.f32
// CHECK: div.rn.f64
__global__ void arith(const float *x, float *y, double *z) {
  int i = threadIdx.x;
  float a = x[i], b = x[i + 1], c = x[i + 2];
  y[i] = a * b + c;
  y[i + 32] = a / b + sqrtf(c) + fmaf(a, b, c) + rsqrtf(a);
  y[i + 64] = floorf(a) + (float)(int)b;
  z[i] = (double)a / (double)b;
}

// CHECK: .visible .entry fast(
// CHECK: ex2.approx.ftz.f32
// CHECK: lg2.approx.ftz.f32
// CHECK: sin.approx.ftz.f32
// CHECK: cos.approx.ftz.f32
// CHECK: div.approx.ftz.f32
__global__ void fast(const float *x, float *y) {
  int i = threadIdx.x;
  float a = x[i];
  y[i] = __expf(a) + __logf(a) + __sinf(a) + __cosf(a) + __fdividef(a, 3.0f);
}

// CHECK: .visible .entry libm(
// CHECK: cvt.rni.f32.f32
// CHECK: fma.rn.f32
// CHECK: setp.nan.f32
// CHECK: setp.gt.u32
// CHECK: fma.rn.f32
// CHECK: mul.wide.u32 {{%rd[0-9]+}}, {{%r[0-9]+}}, 0x3C439041;
// CHECK: div.rn.f32
// CHECK: fma.rn.f64
// LIBM: .visible .entry libm(
// LIBM-NOT: .approx
// LIBM: ret;
__global__ void libm(const float *x, float *y) {
  int i = threadIdx.x;
  y[i] = expf(x[i]) + logf(x[i]) + sinf(x[i]) + tanhf(x[i]) + powf(x[i], x[i + 1]);
}

// CHECK: .visible .entry bits(
// CHECK: popc.b32
// CHECK: clz.b32
// CHECK: brev.b32
__global__ void bits(const unsigned *x, unsigned *y) {
  int i = threadIdx.x;
  y[i] = __popc(x[i]) + __clz(x[i]) + __brev(x[i]);
}
