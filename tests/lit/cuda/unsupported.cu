// What cuwasm cannot lower yet is a located error, and exit status 1.
// RUN: not cuwasm-opt %s 2>&1 | FileCheck %s

// CHECK: unsupported.cu:[[@LINE+4]]:{{[0-9]+}}: error: the function 'clock64' is not supported yet by cuwasm
// CHECK-NEXT: long long t = clock64();
__global__ void k(float *a) {
  float s, c;
  long long t = clock64();
  a[1] = s + c + t;
}
