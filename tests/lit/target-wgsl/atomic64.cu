// WGSL has 32-bit atomics only. A 64-bit atomicAdd whose result is unused
// is two word additions with the carry (exact for the final sum); any other
// 64-bit atomic is a located error.
// RUN: not cuwasm-opt --emit=wgsl %s 2>&1 | FileCheck %s
// RUN: cuwasm-opt --emit=wgsl -DSUM_ONLY %s | FileCheck %s --check-prefix=SUM

// CHECK: atomic64.cu:[[@LINE+13]]:{{[0-9]+}}: error: 'cuda.atomic_cas' op is a 64-bit atomic, which the WGSL target does not support (WGSL has 32-bit atomics only)

// SUM: let [[LO:o[0-9]+]] = atomicAdd(&p0[{{.*}}], [[V:v[0-9]+]].x);
// SUM-NEXT: atomicAdd(&p0[{{.*}} + 1u)], [[V]].y + select(0u, 1u, [[LO]] + [[V]].x < [[LO]]));
__global__ void sum64(unsigned long long *total, const unsigned *x) {
  atomicAdd(total, (unsigned long long)x[threadIdx.x]);
}

#ifndef SUM_ONLY
__global__ void bump64(unsigned long long *c) {
  unsigned long long old = *c, seen;
  do {
    seen = old;
    old = atomicCAS(c, seen, seen + 1ull);
  } while (old != seen);
}
#endif
