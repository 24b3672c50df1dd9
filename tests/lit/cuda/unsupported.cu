// What cuwasm cannot lower yet is a located error, and exit status 1.
// RUN: not cuwasm-opt %s 2>&1 | FileCheck %s

// CHECK: unsupported.cu:[[@LINE+3]]:16: error: the function '__expf' is not supported yet by cuwasm
// CHECK-NEXT: a[0] = __expf(a[1]);
__global__ void k(float *a) {
  a[0] = __expf(a[1]);
}
