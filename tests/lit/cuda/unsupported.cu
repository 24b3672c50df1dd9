// What cuwasm cannot lower yet is a located error, and exit status 1.
// RUN: not cuwasm-opt %s 2>&1 | FileCheck %s

// CHECK: unsupported.cu:[[@LINE+4]]:{{[0-9]+}}: error: the function 'sincosf' is not supported yet by cuwasm
// CHECK-NEXT: sincosf(a[0], &s, &c);
__global__ void k(float *a) {
  float s, c;
  sincosf(a[0], &s, &c);
  a[1] = s + c;
}
