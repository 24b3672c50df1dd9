// dce: dead ops (iteratively, users first) and unreachable blocks.

// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(dce))' | FileCheck %s
// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(dce))' --pass-statistics 2>&1 >/dev/null | FileCheck %s --check-prefix=STATS

// A chain of dead pure ops goes in one run, and so does an unused read; the
// store, the atomic and the barrier stay.
// CHECK-LABEL: sym_name = "chain"
// CHECK-NEXT: ^bb0(%[[A:[^ ,)]+]]: i32, %[[P:[^ ,)]+]]: !ptr.ptr<#ptr.generic_space>):
// CHECK-NEXT: "ptr.store"(%[[A]], %[[P]])
// CHECK-NEXT: "cuda.atomic_rmw"(%[[P]], %[[A]])
// CHECK-NEXT: "cuda.syncthreads"()
// CHECK-NEXT: "func.return"(%[[A]])
"func.func"() <{function_type = (i32, !ptr.ptr<#ptr.generic_space>) -> i32, sym_name = "chain"}> ({
^bb0(%a: i32, %p: !ptr.ptr<#ptr.generic_space>):
  %0 = "arith.muli"(%a, %a) : (i32, i32) -> i32
  %1 = "arith.addi"(%0, %a) : (i32, i32) -> i32
  %2 = "arith.subi"(%1, %0) : (i32, i32) -> i32
  %3 = "ptr.load"(%p) : (!ptr.ptr<#ptr.generic_space>) -> i32
  "ptr.store"(%a, %p) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
  %4 = "cuda.atomic_rmw"(%p, %a) <{kind = #cuda<atomic_kind add>}> : (!ptr.ptr<#ptr.generic_space>, i32) -> i32
  "cuda.syncthreads"() : () -> ()
  "func.return"(%a) : (i32) -> ()
}) : () -> ()
// STATS: dce ('builtin.module' > 'func.func')
// STATS-NEXT: (num-erased) 4
// STATS-NEXT: (num-unreachable-blocks) 0

// -----

// A block no path reaches goes with its ops, and then what only it used.
// CHECK-LABEL: sym_name = "unreachable"
// CHECK-NEXT: ^bb0(%[[A:[^ ,)]+]]: i32):
// CHECK-NEXT: "cf.br"(%[[A]])[^bb1]
// CHECK-NEXT: ^bb1(%[[X:[^ ,)]+]]: i32):  // pred: ^bb0
// CHECK-NEXT: "func.return"(%[[X]])
// CHECK-NOT: ^bb2
"func.func"() <{function_type = (i32) -> i32, sym_name = "unreachable"}> ({
^bb0(%a: i32):
  %0 = "arith.muli"(%a, %a) : (i32, i32) -> i32
  "cf.br"(%a)[^bb2] : (i32) -> ()
^bb1(%y: i32):
  %1 = "arith.addi"(%y, %0) : (i32, i32) -> i32
  "cf.br"(%1)[^bb1] : (i32) -> ()
^bb2(%x: i32):
  "func.return"(%x) : (i32) -> ()
}) : () -> ()
// STATS: (num-erased) 1
// STATS-NEXT: (num-unreachable-blocks) 1

// -----

// A loop with a pure body and unused results goes; one that stores stays.
// CHECK-LABEL: sym_name = "loops"
// CHECK: "scf.for"
// CHECK-NOT: "arith.addi"
// CHECK: "ptr.store"
"func.func"() <{function_type = (index, !ptr.ptr<#ptr.generic_space>) -> (), sym_name = "loops"}> ({
^bb0(%n: index, %p: !ptr.ptr<#ptr.generic_space>):
  %c0 = "arith.constant"() <{value = 0 : index}> : () -> index
  %c1 = "arith.constant"() <{value = 1 : index}> : () -> index
  %z = "arith.constant"() <{value = 0 : i32}> : () -> i32
  %r = "scf.for"(%c0, %n, %c1, %z) ({
  ^bb0(%i: index, %acc: i32):
    %s = "arith.addi"(%acc, %acc) : (i32, i32) -> i32
    "scf.yield"(%s) : (i32) -> ()
  }) : (index, index, index, i32) -> i32
  "scf.for"(%c0, %n, %c1) ({
  ^bb0(%i: index):
    "ptr.store"(%z, %p) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
    "scf.yield"() : () -> ()
  }) : (index, index, index) -> ()
  "func.return"() : () -> ()
}) : () -> ()

// -----

// Negative: nothing is dead; symbols are never erased by dce (symbol-dce's job).
// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(dce)' | FileCheck %s --check-prefix=KEEP
// KEEP-LABEL: sym_name = "unused_private"
// KEEP: "arith.addi"
"func.func"() <{function_type = (i32) -> i32, sym_name = "unused_private", sym_visibility = "private"}> ({
^bb0(%a: i32):
  %0 = "arith.addi"(%a, %a) : (i32, i32) -> i32
  "func.return"(%0) : (i32) -> ()
}) : () -> ()
