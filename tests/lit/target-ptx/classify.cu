// C's isnormal is false for +-0 but PTX's testp.normal is true for them (the
// PTX ISA, and the H100), so the PTX target also tests for nonzero.
// RUN: cuwasm-opt %s --emit=ptx | FileCheck %s

// CHECK: testp.normal.f32 [[N:%p[0-9]+]], [[X:%f[0-9]+]];
// CHECK-NEXT: setp.ne.f32 [[Z:%p[0-9]+]], [[X]], 0f00000000;
// CHECK-NEXT: and.pred {{%p[0-9]+}}, [[N]], [[Z]];
__global__ void classify(const float *x, int *y) {
  y[threadIdx.x] = isnormal(x[threadIdx.x]);
}
