// __int_as_float and friends reinterpret bits: arith.bitcast after the
// argument is converted to the intrinsic's parameter type.
// RUN: cuwasm-opt %s | FileCheck %s

// CHECK: "arith.bitcast"(%{{.*}}) : (i32) -> f32
// CHECK: "arith.bitcast"(%{{.*}}) : (f32) -> i32
// CHECK: "arith.bitcast"(%{{.*}}) : (i64) -> f64
// CHECK: "arith.bitcast"(%{{.*}}) : (f64) -> i64
__global__ void k(int *i, float *f, long long *l, double *d) {
  f[0] = __int_as_float(i[0]);
  i[1] = __float_as_int(f[1]);
  d[0] = __longlong_as_double(l[0]);
  l[1] = __double_as_longlong(d[1]);
}
