// A pointer chosen at run time between two buffers cannot stay one
// (buffer, offset) pair: a located error.
// RUN: not cuwasm-opt --emit=wgsl %s 2>&1 | FileCheck %s

// CHECK: pointer-select.cu:[[@LINE+3]]:{{[0-9]+}}: error: '{{[a-z.]+}}' op chooses at run time between pointers into different buffers, which the WGSL target cannot express
__global__ void pick(float *a, float *b, int n) {
  int i = threadIdx.x;
  float *p = i < n ? a : b;
  p[i] = 1.0f;
}
