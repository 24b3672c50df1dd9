// egraph, the skeleton: stores, loads, barriers, terminators and ops with
// regions stay where they are and in their order; the pure ops are rebuilt
// right before the first op that needs them (values used only by another
// block go before the terminator), each once, and never above the op whose
// result they use. (Costed for wasm, where y * 4 is worth a shift; the cpu
// model leaves that to the Cranelift target.)

// (The time limit is lifted so that a loaded machine cannot stop a run early.)
// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(egraph{time-limit-ms=100000 target=wasm}))' | FileCheck %s

// x + 1 is computed once, before the first store; y * 4 moves down to the
// return, its only use; l + (x + 1) stays after the load.
// CHECK-LABEL: sym_name = "skeleton"
// CHECK-NEXT: ^bb0(%[[X:[^ ,)]+]]: i32, %[[Y:[^ ,)]+]]: i32, %[[P:[^ ,)]+]]: !ptr.ptr<#ptr.generic_space>):
// CHECK-NEXT: %[[C1:[^ ,)]+]] = "arith.constant"() <{value = 1 : i32}>
// CHECK-NEXT: %[[X1:[^ ,)]+]] = "arith.addi"(%[[X]], %[[C1]])
// CHECK-NEXT: "ptr.store"(%[[X1]], %[[P]])
// CHECK-NEXT: "cuda.syncthreads"()
// CHECK-NEXT: %[[L:[^ ,)]+]] = "ptr.load"(%[[P]])
// CHECK-NEXT: %[[S:[^ ,)]+]] = "arith.addi"(%[[L]], %[[X1]])
// CHECK-NEXT: "ptr.store"(%[[S]], %[[P]])
// CHECK-NEXT: %[[C2:[^ ,)]+]] = "arith.constant"() <{value = 2 : i32}>
// CHECK-NEXT: %[[Y4:[^ ,)]+]] = "arith.shli"(%[[Y]], %[[C2]])
// CHECK-NEXT: "func.return"(%[[Y4]])
"func.func"() <{function_type = (i32, i32, !ptr.ptr<#ptr.generic_space>) -> i32, sym_name = "skeleton"}> ({
^bb0(%x: i32, %y: i32, %p: !ptr.ptr<#ptr.generic_space>):
  %c1 = "arith.constant"() <{value = 1 : i32}> : () -> i32
  %c4 = "arith.constant"() <{value = 4 : i32}> : () -> i32
  %0 = "arith.addi"(%x, %c1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %1 = "arith.muli"(%y, %c4) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "ptr.store"(%0, %p) <{ordering = 0 : i32}> : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
  "cuda.syncthreads"() : () -> ()
  %l = "ptr.load"(%p) <{ordering = 0 : i32}> : (!ptr.ptr<#ptr.generic_space>) -> i32
  %2 = "arith.addi"(%x, %c1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %3 = "arith.addi"(%l, %2) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "ptr.store"(%3, %p) <{ordering = 0 : i32}> : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
  "func.return"(%1) : (i32) -> ()
}) : () -> ()

// -----

// The region of scf.if sees through the outer value (y + 2x): (y + 2x) - y
// is the outer 2x, which it yields without computing anything. y * 2, used
// only by ^bb1, is built before ^bb0's terminator.
// CHECK-LABEL: sym_name = "regions_and_blocks"
// CHECK-NEXT: ^bb0(%[[C:[^ ,)]+]]: i1, %[[X:[^ ,)]+]]: i32, %[[Y:[^ ,)]+]]: i32):
// CHECK-NEXT: %[[C1:[^ ,)]+]] = "arith.constant"() <{value = 1 : i32}>
// CHECK-NEXT: %[[X2:[^ ,)]+]] = "arith.shli"(%[[X]], %[[C1]])
// CHECK-NEXT: %[[S:[^ ,)]+]] = "arith.addi"(%[[Y]], %[[X2]])
// CHECK-NEXT: %[[R:[^ ,)]+]] = "scf.if"(%[[C]]) ({
// CHECK-NEXT: "scf.yield"(%[[X2]])
// CHECK-NEXT: }, {
// CHECK-NEXT: "scf.yield"(%[[S]])
// CHECK-NEXT: })
// CHECK-NEXT: %[[Y2:[^ ,)]+]] = "arith.shli"(%[[Y]], %[[C1]])
// CHECK-NEXT: "cf.br"(%[[R]])[^bb1]
// CHECK-NEXT: ^bb1(%[[A:[^ ,)]+]]: i32):
// CHECK-NEXT: %[[SUM:[^ ,)]+]] = "arith.addi"(%[[A]], %[[Y2]])
// CHECK-NEXT: "func.return"(%[[SUM]])
"func.func"() <{function_type = (i1, i32, i32) -> i32, sym_name = "regions_and_blocks"}> ({
^bb0(%c: i1, %x: i32, %y: i32):
  %c2 = "arith.constant"() <{value = 2 : i32}> : () -> i32
  %0 = "arith.muli"(%x, %c2) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %1 = "arith.addi"(%y, %0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %2 = "scf.if"(%c) ({
    %3 = "arith.subi"(%1, %y) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "scf.yield"(%3) : (i32) -> ()
  }, {
    "scf.yield"(%1) : (i32) -> ()
  }) : (i1) -> i32
  %4 = "arith.muli"(%y, %c2) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "cf.br"(%2)[^bb1] : (i32) -> ()
^bb1(%a: i32):
  %5 = "arith.addi"(%a, %4) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "func.return"(%5) : (i32) -> ()
}) : () -> ()
