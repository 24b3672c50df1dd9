// cuwasm-opt prints what it parses in MLIR's generic form: values and
// arguments renumbered, predecessor comments on blocks, and the same text
// again when its own output is read back (stdin, -o).

// RUN: cuwasm-opt %s | FileCheck %s
// RUN: cuwasm-opt %s | cuwasm-opt | FileCheck %s
// RUN: cuwasm-opt %s -o %t && cuwasm-opt %t | FileCheck %s

// CHECK-LABEL: sym_name = "add"
// CHECK-NEXT:  ^bb0(%[[A:arg[0-9]+]]: i32, %[[B:arg[0-9]+]]: i32):
// CHECK-NEXT:    %[[SUM:[0-9]+]] = "arith.addi"(%[[A]], %[[B]]) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
// CHECK-NEXT:    %[[TWICE:[0-9]+]] = "arith.addi"(%[[SUM]], %[[SUM]])
// CHECK-NEXT:    "func.return"(%[[TWICE]]) : (i32) -> ()

// CHECK-LABEL: sym_name = "branch"
// CHECK:       "cf.cond_br"(%{{.*}})[^bb1, ^bb2]
// CHECK-NEXT:  ^bb1: // pred: ^bb0
// CHECK-NEXT:    "cf.br"()[^bb2] : () -> ()
// CHECK-NEXT:  ^bb2: // 2 preds: ^bb0, ^bb1
// CHECK-NOT:   "cf.
// CHECK:       }) : () -> ()
// CHECK-NEXT:  }) : () -> ()
// CHECK-EMPTY:

"builtin.module"() ({
  "func.func"() <{function_type = (i32, i32) -> i32, sym_name = "add"}> ({
  ^bb0(%a: i32, %b: i32):
    %sum = "arith.addi"(%a, %b) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %twice = "arith.addi"(%sum, %sum) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "func.return"(%twice) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i1) -> (), sym_name = "branch"}> ({
  ^bb0(%c: i1):
    "cf.cond_br"(%c)[^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
  ^bb1:
    "cf.br"()[^bb2] : () -> ()
  ^bb2:
    "func.return"() : () -> ()
  }) : () -> ()
}) : () -> ()
