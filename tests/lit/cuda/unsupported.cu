// What cuwasm cannot lower yet is a located error, and exit status 1.
// RUN: not cuwasm-opt %s 2>&1 | FileCheck %s

// CHECK: unsupported.cu:[[@LINE+3]]:3: error: 'switch' statements is not supported yet by cuwasm
// CHECK-NEXT: switch (a[0]) {
__global__ void k(int *a) {
  switch (a[0]) {
  case 1:
    a[1] = 2;
  }
}
