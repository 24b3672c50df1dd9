// 64-bit integers: byte offsets (extsi, muli, ptr_add) keep only their low
// word, as i32; values whose high word matters are vec2<u32> (low, high)
// with the arithmetic emulated by helpers.
// RUN: cuwasm-opt --emit=wgsl %s -o %t.wgsl
// RUN: naga %t.wgsl
// RUN: cuwasm-opt --emit=wgsl %s | FileCheck %s

// CHECK-DAG: fn cuwasm_mul64(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {
// CHECK-DAG: fn cuwasm_udivrem64(a: vec2<u32>, b: vec2<u32>) -> vec4<u32> {
// CHECK-DAG: fn cuwasm_shru64(a: vec2<u32>, n: u32) -> vec2<u32> {
// CHECK-DAG: fn cuwasm_u64_to_f32(a: vec2<u32>) -> f32 {
// The index is an i32 offset, never widened.
// CHECK-NOT: vec2<u32>(bitcast<u32>({{v[0-9]+}}), select(0u, 0xffffffffu
// CHECK: let [[H:v[0-9]+]] = vec2<u32>(p1[({{.*}} >> 2u)], p1[(({{.*}} >> 2u) + 1u)]);
// CHECK: cuwasm_mul64([[H]], vec2<u32>(435u, 256u))
// CHECK: cuwasm_udivrem64({{.*}}).xy
// CHECK: cuwasm_shru64({{v[0-9]+}}, bitcast<u32>(29i))
// CHECK: p0[({{.*}} >> 2u)] = {{v[0-9]+}}.x;
// CHECK-NEXT: p0[(({{.*}} >> 2u) + 1u)] = {{v[0-9]+}}.y;
// CHECK: cuwasm_u64_to_f32(
__global__ void hash(unsigned long long *out, const unsigned long long *in, float *ratio) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  unsigned long long h = in[i] * 1099511628211ull;
  unsigned long long q = h / (in[i] | 1ull);
  out[i] = q ^ (h >> 29);
  ratio[i] = (float)(h >> 40);
}
