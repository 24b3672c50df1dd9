// A local struct (here float4 copies, which mem2reg leaves as field-by-field
// accesses of a slot of another type) stays in registers: no .local memory,
// its loads and stores become moves. A local array indexed at run time
// stays in .local (variables.cu).
// RUN: cuwasm-opt %s --emit=ptx | FileCheck %s

// CHECK: .visible .entry shift(
// CHECK-NOT: .local
// CHECK: ld.global.f32
// CHECK: st.global.f32
// CHECK: ret;
__global__ void shift(const float4 *in, float4 *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  float4 v = i < n ? in[i] : make_float4(0.0f, 0.0f, 0.0f, 0.0f);
  float4 w = v;
  w.x += 1.0f;
  if (i < n) out[i] = w;
}
