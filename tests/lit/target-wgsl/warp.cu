// Warp shuffles and votes with CUDA's 32 lanes go through workgroup memory
// (cuwasm_lanes, one word per thread, between two barriers). The reduction
// below is in `if (warp == 0)`, uniform per warp but not per block, where
// WGSL allows no barrier: the branch is predicated, every thread runs it
// and only warp 0's threads store.
// RUN: cuwasm-opt --emit=wgsl %s -o %t.wgsl
// RUN: naga %t.wgsl
// RUN: cuwasm-opt --emit=wgsl %s | FileCheck %s

// CHECK: override cuwasm_threads: u32 = cuwasm_block_x * cuwasm_block_y * cuwasm_block_z;
// CHECK-DAG: var<workgroup> cuwasm_lanes: array<u32, cuwasm_threads>;
// CHECK-DAG: fn cuwasm_exchange(li: u32, v: u32, src: u32) -> u32 {
// CHECK-DAG: fn cuwasm_warp_ballot(li: u32, vote: u32) -> vec2<u32> {
// The vote of every thread, in uniform control flow.
// CHECK: cuwasm_warp_ballot(cuwasm_li, select(0u, select(1u, 2u, {{.*}}), true)) & vec2<u32>(bitcast<u32>((-1i)))
// warp == 0 becomes a predicate, not a branch.
// CHECK: let [[P:pred[0-9]+]] = [[WARP0:v[0-9]+]];
// CHECK-NOT: if [[WARP0]] {
// The loop's trip count is uniform: a real loop, its shuffle for all.
// CHECK: loop {
// CHECK: let [[LANE:lane[0-9]+]] = cuwasm_li & 31u;
// CHECK: let [[VALID:valid[0-9]+]] = [[SRC:src[0-9]+]] < bitcast<u32>(32i);
// CHECK: bitcast<f32>(cuwasm_exchange(cuwasm_li, bitcast<u32>({{v[0-9]+}}), (cuwasm_li - [[LANE]]) + select([[LANE]], [[SRC]], [[VALID]])))
// The store happens where the predicate holds.
// CHECK: if [[P]] {
// CHECK-NEXT: if {{v[0-9]+}} {
// CHECK: p0[
__global__ void warp_sums(float *out, const float *in, unsigned *ballots) {
  unsigned t = threadIdx.x, warp = t / 32, lane = t % 32;
  float v = in[blockIdx.x * blockDim.x + t];
  unsigned b = __ballot_sync(0xffffffffu, v > 0.0f);
  if (lane == 0) ballots[blockIdx.x * (blockDim.x / 32) + warp] = b;
  if (warp == 0) {
    for (int d = 16; d > 0; d /= 2) v += __shfl_down_sync(0xffffffffu, v, d);
    if (lane == 0) out[blockIdx.x] = v;
  }
}
