// A C switch (cases, default, fallthrough, break) lowers to cf.switch; the
// lift-cf-to-scf pass then makes it structured.
// RUN: cuwasm-opt %s | FileCheck %s
// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(gpu.module(gpu.func(mem2reg,lift-cf-to-scf,canonicalize)))' | FileCheck %s --check-prefix=LIFTED

// CHECK: "cf.switch"
// CHECK-SAME: case_values = dense<[1, 2, 7]> : vector<3xi32>
// LIFTED-NOT: "cf.
// LIFTED: "gpu.return"
__global__ void k(int *a) {
  int r = 0;
  switch (a[0]) {
  case 1:
    r = 10;
  case 2:
    r += 5;
    break;
  case 7:
    r = 70;
    break;
  default:
    r = -1;
  }
  a[1] = r;
}
