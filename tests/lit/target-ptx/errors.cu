// What the PTX target does not support yet is a located error naming the
// construct and the target, never a crash and never wrong code.
// RUN: not cuwasm-opt %s --emit=ptx 2>&1 | FileCheck %s

// CHECK: errors.cu:[[@LINE+4]]:23: error: 'math.sin' op on f64 is not supported by the PTX target yet (only the f32 function)
// CHECK-NEXT: {{^}}  x[threadIdx.x] = sin(x[threadIdx.x]);
// CHECK-NEXT: {{^}}                      ^
__global__ void double_sin(double *x) {
  x[threadIdx.x] = sin(x[threadIdx.x]);
}
