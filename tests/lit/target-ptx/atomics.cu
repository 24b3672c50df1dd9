// Atomics as atom in the pointer's state space, with CUDA's types: integer
// and float add, the signed and unsigned min/max, exchange, inc, CAS, sub as
// the addition of the negation, and red when the old value is unused;
// shared-memory atomics in .shared.
// RUN: cuwasm-opt %s --emit=ptx | FileCheck %s

// CHECK: .visible .entry atomics(
// CHECK: atom.global.add.u32 {{%r[0-9]+}}, [{{%rd[0-9]+}}], {{%r[0-9]+}};
// CHECK: atom.global.add.f32 {{%f[0-9]+}}, [{{%rd[0-9]+}}], {{%f[0-9]+}};
// CHECK: atom.global.min.s32
// CHECK: atom.global.max.u32
// CHECK: atom.global.exch.b32
// CHECK: atom.global.inc.u32
// CHECK: atom.global.cas.b32 {{%r[0-9]+}}, [{{%rd[0-9]+}}], {{%r[0-9]+}}, {{%r[0-9]+}};
// CHECK: neg.s32 [[NEG:%r[0-9]+]], {{%r[0-9]+}};
// CHECK-NEXT: red.global.add.u32 [{{%rd[0-9]+}}], [[NEG]];
// CHECK: red.global.add.u64 [{{%rd[0-9]+}}], {{%rd[0-9]+}};
// CHECK: red.global.add.f64
// CHECK: atom.shared.add.u32 {{%r[0-9]+}}, [{{%r[0-9]+}}], {{%r[0-9]+}};
__global__ void atomics(int *i, unsigned *u, float *f, unsigned long long *w, double *d, int *out) {
  __shared__ int counter;
  if (threadIdx.x == 0) counter = 0;
  __syncthreads();
  int a = atomicAdd(i, 1);
  float b = atomicAdd(f, 0.5f);
  int c = atomicMin(i + 1, (int)threadIdx.x);
  unsigned e = atomicMax(u, threadIdx.x);
  int g = atomicExch(i + 2, 7);
  unsigned h = atomicInc(u + 1, 100u);
  int k = atomicCAS(i + 3, 0, (int)threadIdx.x);
  atomicSub(i + 4, (int)threadIdx.x);
  atomicAdd(w, 1ull);
  atomicAdd(d, 1.0);
  int s = atomicAdd(&counter, 1);
  out[threadIdx.x] = a + (int)b + c + (int)e + g + (int)h + k + s;
}
