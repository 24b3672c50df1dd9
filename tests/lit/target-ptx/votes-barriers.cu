// Warp votes as vote.sync with the program's member mask, the barrier
// reductions of __syncthreads_count/_and/_or as bar.red, and the fences of
// __threadfence_block/__threadfence/__threadfence_system.
// RUN: cuwasm-opt %s --emit=ptx | FileCheck %s

// CHECK: .visible .entry votes(
// CHECK: vote.sync.ballot.b32 {{%r[0-9]+}}, {{%p[0-9]+}}, {{%r[0-9]+}};
// CHECK: vote.sync.any.pred {{%p[0-9]+}}, {{%p[0-9]+}}, {{%r[0-9]+}};
// CHECK: vote.sync.all.pred {{%p[0-9]+}}, {{%p[0-9]+}}, {{%r[0-9]+}};
// CHECK: bar.red.popc.u32 {{%r[0-9]+}}, 0, {{%p[0-9]+}};
// CHECK: bar.red.and.pred [[AND:%p[0-9]+]], 0, {{%p[0-9]+}};
// CHECK-NEXT: selp.u32 {{%r[0-9]+}}, 1, 0, [[AND]];
// CHECK: bar.red.or.pred
// CHECK: membar.cta;
// CHECK: membar.gl;
// CHECK: membar.sys;
__global__ void votes(const int *x, int *out) {
  int v = x[threadIdx.x];
  unsigned ballot = __ballot_sync(0xffffffffu, v > 0);
  int any = __any_sync(0xffffffffu, v == 3);
  int all = __all_sync(0xffffffffu, v != 0);
  int count = __syncthreads_count(v > 1);
  int every = __syncthreads_and(v < 100);
  int some = __syncthreads_or(v == 7);
  out[threadIdx.x] = (int)ballot + any + all + count + every + some;
  __threadfence_block();
  __threadfence();
  __threadfence_system();
}
