// A barrier in a loop whose trip count differs between threads: the loop is
// predicated. Each thread keeps an "active" flag; the workgroup leaves the
// loop together when a block-wide count (atomics in workgroup memory, read
// back with workgroupUniformLoad, so the exit is uniform) finds no active
// thread. __syncthreads_count is that same count.
// RUN: cuwasm-opt --emit=wgsl %s -o %t.wgsl
// RUN: naga %t.wgsl
// RUN: cuwasm-opt --emit=wgsl %s | FileCheck %s

// CHECK-DAG: var<workgroup> cuwasm_count: atomic<u32>;
// CHECK-DAG: return workgroupUniformLoad(&cuwasm_count_result);
// CHECK: let [[N:v[0-9]+]] = bitcast<i32>(cuwasm_block_count(cuwasm_li, true && {{v[0-9]+}}));
// CHECK: var [[ACT:act[0-9]+]] = true;
// CHECK-NEXT: loop {
// CHECK-NEXT: let [[ON:on[0-9]+]] = [[ACT]];
// CHECK: let [[GO:pred[0-9]+]] = [[ON]] && {{v[0-9]+}};
// CHECK-NEXT: [[ACT]] = [[GO]];
// CHECK-NEXT: if cuwasm_block_count(cuwasm_li, [[GO]]) == 0u {
// CHECK-NEXT: break;
// The store in the body happens only for active threads.
// CHECK: if [[GO]] {
// CHECK-NEXT: s{{[0-9]+}}_buf[
// CHECK: workgroupBarrier();
__global__ void ragged(int *out, const int *len) {
  __shared__ int buf[64];
  int t = threadIdx.x;
  int n = len[t];
  int busy = __syncthreads_count(n > 0);
  for (int i = 0; i < n; i++) {
    buf[t] = i;
    __syncthreads();
  }
  out[t] = buf[t] + busy;
}
