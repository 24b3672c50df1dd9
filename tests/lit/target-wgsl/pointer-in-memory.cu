// A pointer stored to memory has no WGSL form (a pointer there is an offset
// into one buffer known at compile time): a located error naming the
// construct and the target, and nothing is written.
// RUN: not cuwasm-opt --emit=wgsl %s -o %t.wgsl 2>&1 | FileCheck %s
// RUN: not test -e %t.wgsl

// CHECK: pointer-in-memory.cu:[[@LINE+3]]:{{[0-9]+}}: error: 'ptr.store' op stores a pointer to memory, which the WGSL target cannot express
// CHECK-NEXT: table[threadIdx.x] = data;
__global__ void publish(float **table, float *data) {
  table[threadIdx.x] = data;
}
