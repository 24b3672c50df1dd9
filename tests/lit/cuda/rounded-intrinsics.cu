// The IEEE intrinsics that name their rounding (__fadd_rz, __dmul_ru,
// __fmaf_rd, __frcp_rn, __dsqrt_rz, ...) are cuda.rounded with PTX's
// rounding (_rd is rm, _ru rp); the arguments convert to the intrinsic's
// type. (The PTX and HIP targets write them; expand-cuda-arith computes them
// for the CPU and Wasm targets: tests/lit/run/rounded-intrinsics.cu.)
// RUN: cuwasm-opt %s | FileCheck %s
// RUN: not cuwasm-opt -DARITY %s 2>&1 | FileCheck %s --check-prefix=ARITY

// CHECK: "cuda.rounded"(%{{[0-9]+}}, %{{[0-9]+}}) <{op = #cuda<rounded_op add>, rounding = #cuda<rounding rz>}> : (f32, f32) -> f32
// CHECK: "cuda.rounded"(%{{[0-9]+}}, %{{[0-9]+}}) <{op = #cuda<rounded_op mul>, rounding = #cuda<rounding rp>}> : (f64, f64) -> f64
// CHECK: "cuda.rounded"(%{{[0-9]+}}, %{{[0-9]+}}, %{{[0-9]+}}) <{op = #cuda<rounded_op fma>, rounding = #cuda<rounding rm>}> : (f32, f32, f32) -> f32
// CHECK: "cuda.rounded"(%{{[0-9]+}}) <{op = #cuda<rounded_op rcp>, rounding = #cuda<rounding rn>}> : (f32) -> f32
// CHECK: "cuda.rounded"(%{{[0-9]+}}) <{op = #cuda<rounded_op sqrt>, rounding = #cuda<rounding rz>}> : (f64) -> f64
// CHECK: "cuda.rounded"(%{{[0-9]+}}, %{{[0-9]+}}) <{op = #cuda<rounded_op div>, rounding = #cuda<rounding rn>}> : (f32, f32) -> f32
__global__ void k(float *f, double *d) {
  f[0] = __fadd_rz(f[1], f[2]);
  d[0] = __dmul_ru(d[1], d[2]);
  f[3] = __fmaf_rd(f[1], f[2], f[3]);
  f[4] = __frcp_rn(f[1]);
  d[3] = __dsqrt_rz(d[1]);
  f[5] = __fdiv_rn(f[1], 3);
}

#ifdef ARITY
// ARITY: rounded-intrinsics.cu:[[@LINE+2]]:{{[0-9]+}}: error: '__fadd_rn' takes 2 argument(s), 1 given
__global__ void bad(float *f) {
  f[0] = __fadd_rn(f[1]);
}
#endif
