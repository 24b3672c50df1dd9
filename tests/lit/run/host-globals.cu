// File-scope variables of host code (a top-level cuda.global_var of space
// host): initialized, read and written by host functions; kernels may not use them.
// RUN: cuwasm-run %s | FileCheck %s
// RUN: cuwasm-opt %s | FileCheck %s --check-prefix=IR
// RUN: not cuwasm-run -DDEVICE_USE %s 2>&1 | FileCheck %s --check-prefix=ERR

#include <stdio.h>

// IR: "cuda.global_var"() <{count = 1 : i64, element_type = i32, initial_value = dense<[12345]> : tensor<1xi32>, space = #cuda<space host>, sym_name = "g_seed"}>
static unsigned g_seed = 12345u;
int g_calls;
double g_table[4] = {0.5, 1.5};

static unsigned next_random() {
  g_calls++;
  g_seed = g_seed * 1664525u + 1013904223u;
  return g_seed >> 8;
}

#ifdef DEVICE_USE
// ERR: host-globals.cu:[[@LINE+1]]:{{[0-9]+}}: error: a host variable cannot be used in device code
__global__ void k(int *p) { p[0] = g_calls; }
#endif

int main() {
  unsigned a = next_random(), b = next_random();
  g_table[3] = g_table[0] + g_table[1];
  // CHECK: a=342300 b=277626 calls=2 table=0.5,1.5,0,2
  printf("a=%u b=%u calls=%d table=%g,%g,%g,%g\n", a, b, g_calls, g_table[0], g_table[1], g_table[2], g_table[3]);
#ifdef DEVICE_USE
  k<<<1, 1>>>(0);
#endif
  return 0;
}
