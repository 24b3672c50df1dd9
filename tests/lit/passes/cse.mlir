// cse: the output of the chunks that use only upstream dialects was checked
// against mlir-opt-22 --pass-pipeline='builtin.module(func.func(cse))': the
// same, byte for byte.

// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(cse))' | FileCheck %s
// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(cse))' --mlir-pass-statistics 2>&1 >/dev/null | FileCheck %s --check-prefix=STATS

// Equal ops merge, commutative operands in any order; other properties or
// operand orders of non-commutative ops keep ops apart.
// CHECK-LABEL: sym_name = "pure"
// CHECK: ^bb0(%[[A:[^ ,)]+]]: i32, %[[B:[^ ,)]+]]: i32):
// CHECK-NEXT: %[[ADD:[^ ,)]+]] = "arith.addi"(%[[A]], %[[B]]) <{overflowFlags = #arith.overflow<none>}>
// CHECK-NEXT: %[[S1:[^ ,)]+]] = "arith.subi"(%[[A]], %[[B]])
// CHECK-NEXT: %[[S2:[^ ,)]+]] = "arith.subi"(%[[B]], %[[A]])
// CHECK-NEXT: %[[NSW:[^ ,)]+]] = "arith.addi"(%[[A]], %[[B]]) <{overflowFlags = #arith.overflow<nsw>}>
// CHECK-NEXT: %[[M:[^ ,)]+]] = "arith.muli"(%[[ADD]], %[[ADD]])
// CHECK-NEXT: "func.return"(%[[M]], %[[S1]], %[[S2]], %[[NSW]])
"func.func"() <{function_type = (i32, i32) -> (i32, i32, i32, i32), sym_name = "pure"}> ({
^bb0(%a: i32, %b: i32):
  %0 = "arith.addi"(%a, %b) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %1 = "arith.addi"(%b, %a) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %2 = "arith.subi"(%a, %b) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %3 = "arith.subi"(%b, %a) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %4 = "arith.addi"(%a, %b) <{overflowFlags = #arith.overflow<nsw>}> : (i32, i32) -> i32
  %5 = "arith.muli"(%0, %1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "func.return"(%5, %2, %3, %4) : (i32, i32, i32, i32) -> ()
}) : () -> ()
// STATS: cse ('builtin.module' > 'func.func')
// STATS-NEXT: (num-cse'd) 1
// STATS-NEXT: (num-dce'd) 0

// -----

// A nested region sees the values of the ops around it; sibling regions do
// not see each other's.
// CHECK-LABEL: sym_name = "regions"
// CHECK: %[[C1:[^ ,)]+]] = "arith.constant"() <{value = 1 : i32}>
// CHECK-NEXT: "scf.if"
// CHECK-NEXT: %[[C2:[^ ,)]+]] = "arith.constant"() <{value = 2 : i32}>
// CHECK-NEXT: "arith.addi"(%[[C1]], %[[C2]])
// CHECK: }, {
// CHECK-NEXT: "arith.constant"() <{value = 2 : i32}>
// CHECK-NEXT: "scf.yield"
// CHECK: }) : (i1) -> i32
// CHECK-NEXT: "arith.constant"() <{value = 2 : i32}>
"func.func"() <{function_type = (i1) -> (i32, i32, i32), sym_name = "regions"}> ({
^bb0(%c: i1):
  %c1 = "arith.constant"() <{value = 1 : i32}> : () -> i32
  %r = "scf.if"(%c) ({
    %c1b = "arith.constant"() <{value = 1 : i32}> : () -> i32
    %c2 = "arith.constant"() <{value = 2 : i32}> : () -> i32
    %s = "arith.addi"(%c1b, %c2) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "scf.yield"(%s) : (i32) -> ()
  }, {
    %c2b = "arith.constant"() <{value = 2 : i32}> : () -> i32
    "scf.yield"(%c2b) : (i32) -> ()
  }) : (i1) -> i32
  %c2c = "arith.constant"() <{value = 2 : i32}> : () -> i32
  "func.return"(%c1, %r, %c2c) : (i32, i32, i32) -> ()
}) : () -> ()
// STATS: (num-cse'd) 1

// -----

// Across blocks the dominator tree decides: ^bb1 reuses the entry block's
// muli, the merge block cannot reuse ^bb2's (it does not dominate it).
// CHECK-LABEL: sym_name = "cfg"
// CHECK: %[[M:[^ ,)]+]] = "arith.muli"
// CHECK: ^bb1:
// CHECK-NEXT: "cf.br"(%[[M]])
// CHECK: ^bb2:
// CHECK-NEXT: %[[X:[^ ,)]+]] = "arith.addi"(%[[M]],
// CHECK: ^bb3(%{{.*}}: i32):
// CHECK-NEXT: "arith.addi"(%[[M]],
"func.func"() <{function_type = (i32, i1) -> i32, sym_name = "cfg"}> ({
^bb0(%a: i32, %c: i1):
  %0 = "arith.muli"(%a, %a) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "cf.cond_br"(%c)[^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
^bb1:
  %1 = "arith.muli"(%a, %a) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "cf.br"(%1)[^bb3] : (i32) -> ()
^bb2:
  %2 = "arith.addi"(%0, %a) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "cf.br"(%2)[^bb3] : (i32) -> ()
^bb3(%x: i32):
  %3 = "arith.addi"(%0, %a) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %4 = "arith.addi"(%x, %3) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "func.return"(%4) : (i32) -> ()
}) : () -> ()

// -----

// Reads merge unless something that may write lies between them (a store,
// or an op without an effect summary such as cuda.syncthreads). An unused
// read is dead and goes (as MLIR's isOpTriviallyDead).
// CHECK-LABEL: sym_name = "reads"
// CHECK: %[[L0:[^ ,)]+]] = "ptr.load"(%[[P:[^ ,)]+]])
// CHECK-NEXT: "ptr.store"(%[[L0]], %[[P]])
// CHECK-NEXT: %[[L1:[^ ,)]+]] = "ptr.load"(%[[P]])
// CHECK-NEXT: "cuda.syncthreads"()
// CHECK-NEXT: %[[L2:[^ ,)]+]] = "ptr.load"(%[[P]])
// CHECK-NEXT: %[[S:[^ ,)]+]] = "arith.addi"(%[[L1]], %[[L2]])
// CHECK-NEXT: "arith.addi"(%[[S]], %[[L2]])
"func.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>) -> i32, sym_name = "reads"}> ({
^bb0(%p: !ptr.ptr<#ptr.generic_space>):
  %0 = "ptr.load"(%p) : (!ptr.ptr<#ptr.generic_space>) -> i32
  %dead = "ptr.load"(%p) : (!ptr.ptr<#ptr.generic_space>) -> i64
  %1 = "ptr.load"(%p) : (!ptr.ptr<#ptr.generic_space>) -> i32
  "ptr.store"(%1, %p) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
  %2 = "ptr.load"(%p) : (!ptr.ptr<#ptr.generic_space>) -> i32
  "cuda.syncthreads"() : () -> ()
  %3 = "ptr.load"(%p) : (!ptr.ptr<#ptr.generic_space>) -> i32
  %4 = "ptr.load"(%p) : (!ptr.ptr<#ptr.generic_space>) -> i32
  %5 = "arith.addi"(%2, %3) : (i32, i32) -> i32
  %6 = "arith.addi"(%5, %4) : (i32, i32) -> i32
  "func.return"(%6) : (i32) -> ()
}) : () -> ()

// -----

// Negative: ops in sibling functions never merge (functions are isolated),
// nor do ops with side effects.
// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(cse)' | FileCheck %s --check-prefix=MODULE
// MODULE-LABEL: sym_name = "f1"
// MODULE: "arith.constant"() <{value = 7 : i32}>
// MODULE-LABEL: sym_name = "f2"
// MODULE: "arith.constant"() <{value = 7 : i32}>
// MODULE: "cuda.atomic_rmw"
// MODULE-NEXT: "cuda.atomic_rmw"
"func.func"() <{function_type = () -> i32, sym_name = "f1"}> ({
  %0 = "arith.constant"() <{value = 7 : i32}> : () -> i32
  "func.return"(%0) : (i32) -> ()
}) : () -> ()
"func.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>) -> i32, sym_name = "f2"}> ({
^bb0(%p: !ptr.ptr<#ptr.generic_space>):
  %0 = "arith.constant"() <{value = 7 : i32}> : () -> i32
  %1 = "cuda.atomic_rmw"(%p, %0) <{kind = #cuda<atomic_kind add>}> : (!ptr.ptr<#ptr.generic_space>, i32) -> i32
  %2 = "cuda.atomic_rmw"(%p, %0) <{kind = #cuda<atomic_kind add>}> : (!ptr.ptr<#ptr.generic_space>, i32) -> i32
  %3 = "arith.addi"(%1, %2) : (i32, i32) -> i32
  "func.return"(%3) : (i32) -> ()
}) : () -> ()
