// The PTX target on a one-line kernel: the header, a .visible .entry named
// like the kernel with one .param per argument, pointer parameters made
// global once (cvta.to.global), 32-bit index math widened by mul.wide, global
// loads and stores, and the bounds check as a predicated branch.
// RUN: cuwasm-opt %s --emit=ptx | FileCheck %s

// CHECK: .version 8.0
// CHECK-NEXT: .target sm_90
// CHECK-NEXT: .address_size 64
// CHECK: .visible .entry vector_add(
// CHECK-NEXT: .param .u64 vector_add_param_0,
// CHECK-NEXT: .param .u64 vector_add_param_1,
// CHECK-NEXT: .param .u64 vector_add_param_2,
// CHECK-NEXT: .param .u32 vector_add_param_3
// CHECK-NEXT: )
// CHECK: ld.param.u64 [[A:%rd[0-9]+]], [vector_add_param_0];
// CHECK-NEXT: cvta.to.global.u64 [[GA:%rd[0-9]+]], [[A]];
// CHECK: mov.u32 {{%r[0-9]+}}, %ctaid.x;
// CHECK: mov.u32 {{%r[0-9]+}}, %ntid.x;
// CHECK: mov.u32 {{%r[0-9]+}}, %tid.x;
// CHECK: setp.lt.s32 [[P:%p[0-9]+]], [[I:%r[0-9]+]], {{%r[0-9]+}};
// CHECK-NEXT: @![[P]] bra [[END:\$L__[0-9]+]];
// CHECK: mul.wide.s32 [[OFF:%rd[0-9]+]], [[I]], 4;
// CHECK-NEXT: add.s64 [[PA:%rd[0-9]+]], [[GA]], [[OFF]];
// CHECK-NEXT: ld.global.f32 [[X:%f[0-9]+]], {{\[}}[[PA]]];
// CHECK: ld.global.f32 [[Y:%f[0-9]+]]
// CHECK-NEXT: add.f32 [[S:%f[0-9]+]], [[X]], [[Y]];
// CHECK: st.global.f32 [{{%rd[0-9]+}}], [[S]];
// CHECK-NEXT: [[END]]:
// CHECK-NEXT: ret;
__global__ void vector_add(const float *a, const float *b, float *c, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    c[i] = a[i] + b[i];
  }
}
