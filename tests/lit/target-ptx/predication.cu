// A small scf.if that only computes values (here the short-circuit || of
// the bounds check) is emitted whole with its result selected (predicate
// logic, selp): no branch for it. A region with memory accesses stays
// behind a branch, since a guarded load may not run unguarded.
// RUN: cuwasm-opt %s --emit=ptx | FileCheck %s

// CHECK: .visible .entry bounds(
// CHECK: setp.ge.s32 [[PX:%p[0-9]+]], {{%r[0-9]+}}, {{%r[0-9]+}};
// CHECK-NEXT: setp.ge.s32 [[PY:%p[0-9]+]], {{%r[0-9]+}}, {{%r[0-9]+}};
// CHECK-NEXT: and.pred {{%p[0-9]+}}, [[PX]], {{%p[0-9]+}};
// CHECK-NEXT: not.pred {{%p[0-9]+}}, [[PX]];
// CHECK-NEXT: and.pred {{%p[0-9]+}}, {{%p[0-9]+}}, [[PY]];
// CHECK-NEXT: or.pred [[OUT:%p[0-9]+]],
// CHECK-NEXT: @![[OUT]] bra
// CHECK: ld.global.f32
__global__ void bounds(int nx, int ny, const float *in, float *out) {
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x >= nx || y >= ny) return;
  out[y * nx + x] = 2.0f * in[y * nx + x];
}
