// A loop with a constant trip count is unrolled (the frontend drops
// #pragma unroll; nvcc unrolls such loops): its body once per iteration,
// the induction variable a constant, no back edge. A loop whose bound is
// only known at run time stays a loop, tested before and at its bottom.
// RUN: cuwasm-opt %s --emit=ptx | FileCheck %s

// CHECK: .visible .entry fixed(
// CHECK-NOT: bra
// CHECK: mov.b32 {{%r[0-9]+}}, 0;
// CHECK: ld.global.f32
// CHECK: mov.b32 {{%r[0-9]+}}, 1;
// CHECK: ld.global.f32
// CHECK: mov.b32 {{%r[0-9]+}}, 2;
// CHECK: ld.global.f32
// CHECK: mov.b32 {{%r[0-9]+}}, 3;
// CHECK: ld.global.f32
// CHECK-NOT: bra
// CHECK: ret;
__global__ void fixed(const float *x, float *y) {
  float acc = 0.0f;
  for (int k = 0; k < 4; ++k) acc += x[threadIdx.x * 4 + k];
  y[threadIdx.x] = acc;
}

// CHECK: .visible .entry runtime(
// CHECK: @!{{%p[0-9]+}} bra [[EXIT:\$L__[0-9]+]];
// CHECK-NEXT: [[HEAD:\$L__[0-9]+]]:
// CHECK: ld.global.f32
// CHECK: @{{%p[0-9]+}} bra [[HEAD]];
// CHECK-NEXT: [[EXIT]]:
__global__ void runtime(const float *x, float *y, int n) {
  float acc = 0.0f;
  for (int k = 0; k < n; ++k) acc += x[k];
  y[threadIdx.x] = acc;
}
