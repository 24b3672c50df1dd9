// loop-unroll: scf.for with constant bounds, by a factor or fully.

// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(loop-unroll))' | FileCheck %s
// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(loop-unroll{factor=3}))' | FileCheck %s --check-prefix=F3
// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(loop-unroll{full=true}))' | FileCheck %s --check-prefix=FULL
// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(loop-unroll{full=true},sccp))' | FileCheck %s --check-prefix=SUM

// 10 iterations by 4: the loop runs 0..8 by 4 with four copies of the body,
// then iterations 8 and 9 follow as straight-line copies.
// CHECK-LABEL: sym_name = "sum"
// CHECK-DAG: %[[UB:[^ ,)]+]] = "arith.constant"() <{value = 8 : index}>
// CHECK-DAG: %[[STEP:[^ ,)]+]] = "arith.constant"() <{value = 4 : index}>
// CHECK: %[[R:[^ ,)]+]] = "scf.for"(%{{[^ ,)]+}}, %[[UB]], %[[STEP]], %{{[^ ,)]+}})
// CHECK-COUNT-4: "arith.index_cast"
// CHECK: "scf.yield"
// CHECK: "arith.constant"() <{value = 8 : index}>
// CHECK: "arith.addi"(%[[R]],
// CHECK: "arith.constant"() <{value = 9 : index}>
// CHECK-NOT: "scf.for"
// F3-LABEL: sym_name = "sum"
// F3: "arith.constant"() <{value = 9 : index}>
// F3: "arith.constant"() <{value = 3 : index}>
// F3: "scf.for"
// F3-COUNT-3: "arith.index_cast"
// F3: "scf.yield"
// F3: "arith.constant"() <{value = 9 : index}>
// F3-NOT: "scf.for"
// FULL-LABEL: sym_name = "sum"
// FULL-NOT: "scf.for"
// FULL-COUNT-10: "arith.index_cast"
// SUM-LABEL: sym_name = "sum"
// SUM-NEXT: %[[S:[^ ,)]+]] = "arith.constant"() <{value = 45 : i32}>
// SUM-NEXT: "func.return"(%[[S]])
"func.func"() <{function_type = () -> i32, sym_name = "sum"}> ({
  %lb = "arith.constant"() <{value = 0 : index}> : () -> index
  %ub = "arith.constant"() <{value = 10 : index}> : () -> index
  %st = "arith.constant"() <{value = 1 : index}> : () -> index
  %z = "arith.constant"() <{value = 0 : i32}> : () -> i32
  %r = "scf.for"(%lb, %ub, %st, %z) ({
  ^bb0(%i: index, %acc: i32):
    %ii = "arith.index_cast"(%i) : (index) -> i32
    %s = "arith.addi"(%acc, %ii) : (i32, i32) -> i32
    "scf.yield"(%s) : (i32) -> ()
  }) : (index, index, index, i32) -> i32
  "func.return"(%r) : (i32) -> ()
}) : () -> ()

// -----

// Only innermost loops unroll by a factor; a loop with at most `factor`
// iterations unrolls completely; one that never runs disappears.
// CHECK-LABEL: sym_name = "nest"
// CHECK: "scf.for"
// CHECK-NOT: "scf.for"
// CHECK-COUNT-2: "ptr.store"
// CHECK-NOT: "ptr.store"
// F3-LABEL: sym_name = "nest"
// FULL-LABEL: sym_name = "nest"
// FULL-NOT: "scf.for"
// FULL-COUNT-6: "ptr.store"
// FULL-NOT: "ptr.store"
"func.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>) -> (), sym_name = "nest"}> ({
^bb0(%p: !ptr.ptr<#ptr.generic_space>):
  %c0 = "arith.constant"() <{value = 0 : index}> : () -> index
  %c1 = "arith.constant"() <{value = 1 : index}> : () -> index
  %c2 = "arith.constant"() <{value = 2 : index}> : () -> index
  %c6 = "arith.constant"() <{value = 6 : index}> : () -> index
  "scf.for"(%c0, %c6, %c2) ({
  ^bb0(%i: index):
    "scf.for"(%c0, %c2, %c1) ({
    ^bb0(%j: index):
      %s = "arith.addi"(%i, %j) : (index, index) -> index
      %v = "arith.index_cast"(%s) : (index) -> i32
      "ptr.store"(%v, %p) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      "scf.yield"() : () -> ()
    }) : (index, index, index) -> ()
    "scf.yield"() : () -> ()
  }) : (index, index, index) -> ()
  "scf.for"(%c6, %c0, %c1) ({
  ^bb0(%k: index):
    %v = "arith.index_cast"(%k) : (index) -> i32
    "ptr.store"(%v, %p) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
    "scf.yield"() : () -> ()
  }) : (index, index, index) -> ()
  "func.return"() : () -> ()
}) : () -> ()

// -----

// Negative: a loop with a bound that is not constant stays as it is.
// CHECK-LABEL: sym_name = "dynamic"
// CHECK: "scf.for"(%{{[^ ,)]+}}, %arg0, %{{[^ ,)]+}})
// CHECK-COUNT-1: "ptr.store"
// CHECK-NOT: "ptr.store"
// FULL-LABEL: sym_name = "dynamic"
// FULL: "scf.for"
"func.func"() <{function_type = (index, !ptr.ptr<#ptr.generic_space>) -> (), sym_name = "dynamic"}> ({
^bb0(%n: index, %p: !ptr.ptr<#ptr.generic_space>):
  %c0 = "arith.constant"() <{value = 0 : index}> : () -> index
  %c1 = "arith.constant"() <{value = 1 : index}> : () -> index
  "scf.for"(%c0, %n, %c1) ({
  ^bb0(%k: index):
    %v = "arith.index_cast"(%k) : (index) -> i32
    "ptr.store"(%v, %p) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
    "scf.yield"() : () -> ()
  }) : (index, index, index) -> ()
  "func.return"() : () -> ()
}) : () -> ()

// -----

// Negative: a factor below 1 is refused.
// RUN: not cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(loop-unroll{factor=0}))' 2>&1 | FileCheck %s --check-prefix=ERR
// ERR: option 'factor' must be at least 1, got 0
"func.func"() <{function_type = () -> (), sym_name = "f"}> ({
  "func.return"() : () -> ()
}) : () -> ()
