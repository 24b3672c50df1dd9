// WGSL has atomic<i32> and atomic<u32> only: a buffer with any atomic is an
// array of atomic words (atomic<i32> where a signed min/max needs it) and
// every access to it is atomic; float atomicAdd, atomicInc and atomicMin of
// the other signedness are compare-exchange loops; atomicCAS is strong, so
// it retries while atomicCompareExchangeWeak fails spuriously.
// RUN: cuwasm-opt --emit=wgsl %s -o %t.wgsl
// RUN: naga %t.wgsl
// RUN: cuwasm-opt --emit=wgsl %s | FileCheck %s

// CHECK: var<storage, read_write> p0: array<atomic<u32>>;
// CHECK: var<storage, read_write> p1: array<atomic<i32>>;
// Float add: the new bits from the old ones.
// CHECK: var [[OLD:o[0-9]+]]: u32 = atomicLoad(&p0[
// CHECK-NEXT: loop {
// CHECK-NEXT: let [[X:x[0-9]+]] = atomicCompareExchangeWeak(&p0[{{.*}}], [[OLD]], bitcast<u32>(bitcast<f32>([[OLD]]) + bitcast<f32>(bitcast<u32>(
// CHECK-NEXT: if [[X]].exchanged {
// CHECK-NEXT: break;
// CHECK: [[OLD]] = [[X]].old_value;
// atomicInc: wraps to 0 at the limit.
// CHECK: var [[OLD2:o[0-9]+]]: u32 = atomicLoad(&p0[
// CHECK: select([[OLD2]] + 1u, 0u, [[OLD2]] >= bitcast<u32>(
// Integer add and signed max are builtins.
// CHECK: atomicAdd(&p0[
// CHECK: atomicMax(&p1[
// Unsigned min on atomic<i32>: a loop comparing as u32.
// CHECK: var [[OLD3:o[0-9]+]]: i32 = atomicLoad(&p1[
// CHECK: bitcast<i32>(min(bitcast<u32>([[OLD3]]), bitcast<u32>(
// A plain load from an atomic buffer is atomic.
// CHECK: atomicLoad(&p1[
// atomicCAS.
// CHECK: let [[C:x[0-9]+]] = atomicCompareExchangeWeak(&p1[
// CHECK: if [[C]].exchanged || [[C]].old_value !=
__global__ void counters(unsigned *u, int *s, const float *x) {
  int i = threadIdx.x;
  atomicAdd((float *)&u[0], x[i]);
  atomicInc(&u[1], 7u);
  atomicAdd(&u[2], 1u);
  atomicMax(&s[0], i);
  atomicMin((unsigned *)&s[1], (unsigned)i);
  int seen = s[2];
  atomicCAS(&s[3], seen, i);
}
