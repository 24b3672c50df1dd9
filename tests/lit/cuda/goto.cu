// goto and labels: a function with labels is lowered in CFG mode, each label
// a block that its goto branches to (a backward goto makes a loop), and its
// stack slots at the start of the entry block, so that a goto past a
// declaration still finds the slot. Undeclared and repeated labels are
// located errors. (run/goto.cu runs such code on every device.)
// RUN: cuwasm-opt %s | FileCheck %s
// RUN: not cuwasm-opt -DUNDECLARED %s 2>&1 | FileCheck %s --check-prefix=UNDECLARED
// RUN: not cuwasm-opt -DREDEFINED %s 2>&1 | FileCheck %s --check-prefix=REDEFINED

// CHECK-LABEL: sym_name = "triangle"
// CHECK: ^bb0(%[[N:[^:]+]]: i32):
// CHECK-NEXT: %[[NS:[0-9]+]] = "cuda.alloca"() <{count = 1 : i64, element_type = i32}>
// CHECK-NEXT: %[[S:[0-9]+]] = "cuda.alloca"() <{count = 1 : i64, element_type = i32}>
// CHECK-NEXT: %[[K:[0-9]+]] = "cuda.alloca"() <{count = 1 : i64, element_type = i32}>
// CHECK: "cf.br"()[^[[AGAIN:bb[0-9]+]]]
// CHECK-NEXT: ^[[AGAIN]]:
// CHECK: "cf.cond_br"(%{{[0-9]+}})[^[[BODY:bb[0-9]+]], ^[[END:bb[0-9]+]]]
// CHECK: ^[[BODY]]:
// CHECK: "ptr.store"(%{{[0-9]+}}, %[[K]])
// CHECK-NEXT: "cf.br"()[^[[AGAIN]]]
__device__ int triangle(int n) {
  int s = 0, k = 1;
again:
  if (k <= n) {
    s += k;
    k++;
    goto again;
  }
  return s;
}

// The slot of y, declared after the goto, is made first in the entry block.
// CHECK-LABEL: sym_name = "twice_or_negate"
// CHECK: ^bb0(%{{[^:]+}}: i32):
// CHECK-NEXT: "cuda.alloca"() <{count = 1 : i64, element_type = i32}>
// CHECK-NEXT: %[[Y:[0-9]+]] = "cuda.alloca"() <{count = 1 : i64, element_type = i32}>
// CHECK: "cf.cond_br"(%{{[0-9]+}})[^[[THEN:bb[0-9]+]], ^{{bb[0-9]+}}]
// CHECK: ^[[THEN]]:
// CHECK-NEXT: "cf.br"()[^[[POSITIVE:bb[0-9]+]]]
// CHECK: ^[[POSITIVE]]:
// CHECK: "ptr.store"(%{{[0-9]+}}, %[[Y]])
__device__ int twice_or_negate(int x) {
  if (x > 0) goto positive;
  int y;
  y = -x;
  return y;
positive:
  y = 2 * x;
  return y;
}

__global__ void k(int *p) { p[0] = triangle(p[1]) + twice_or_negate(p[2]); }

#ifdef UNDECLARED
// UNDECLARED: goto.cu:[[@LINE+3]]:16: error: use of undeclared label 'nowhere'
// UNDECLARED-NEXT: if (*p) goto nowhere;
__global__ void undeclared(int *p) {
  if (*p) goto nowhere;
  *p = 1;
}
#endif

#ifdef REDEFINED
// REDEFINED: goto.cu:[[@LINE+5]]:1: error: redefinition of label 'twice'
// REDEFINED-NEXT: twice:
__global__ void redefined(int *p) {
twice:
  *p += 1;
twice:
  if (*p < 4) goto twice;
}
#endif
