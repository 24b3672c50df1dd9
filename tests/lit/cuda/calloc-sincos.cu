// calloc is malloc of n * size then memset 0; sincos/sincosf store math.sin
// and math.cos through their pointers (float or double by the function).
// RUN: cuwasm-opt %s | FileCheck %s

// The functions print in source order, their names after their bodies.
// CHECK: %[[S:.*]] = "math.sin"(%[[X:.*]]) : (f32) -> f32
// CHECK: "ptr.store"(%[[S]],
// CHECK: %[[C:.*]] = "math.cos"(%[[X]]) : (f32) -> f32
// CHECK: "ptr.store"(%[[C]],
__global__ void k(float *a) {
  float s, c;
  sincosf(a[0], &s, &c);
  a[1] = s + c;
}

// Device functions follow the kernels that call them.
// CHECK: sym_name = "kd"
// CHECK: sym_name = "d"
// CHECK: "math.sin"(%{{.*}}) : (f64) -> f64
// CHECK: "math.cos"(%{{.*}}) : (f64) -> f64
__device__ double d(double x) {
  double s, c;
  sincos(x, &s, &c);
  return s * c;
}

__global__ void kd(double *a) { a[0] = d(a[0]); }

// CHECK: sym_name = "main"
// CHECK: %[[N:.*]] = "arith.muli"(%{{.*}}, %{{.*}}) : (i64, i64) -> i64
// CHECK: %[[P:.*]] = "cuda.libc_malloc"(%[[N]])
// CHECK: %[[Z:.*]] = "arith.constant"() <{value = 0 : i32}>
// CHECK: "cuda.libc_memset"(%[[P]], %[[Z]], %[[N]])
int main(void) {
  int *p = (int *)calloc(16, sizeof(int));
  int r = p[3];
  free(p);
  return r;
}
