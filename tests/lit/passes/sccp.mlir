// sccp. With cleanup=false the output is mlir-opt-22's sccp output (checked
// on every chunk: the same but for the default properties mlir-opt prints);
// the default clean-up also folds constant branches and erases what no
// longer runs.

// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(sccp{cleanup=false}))' | FileCheck %s --check-prefix=MLIR
// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(sccp))' | FileCheck %s

// Constants flow through blocks; the cond_br on true makes only ^bb1 run,
// so ^bb3's arguments are 6 and 7. Constants are made at the function entry.
// MLIR-LABEL: sym_name = "cfg"
// MLIR-NEXT: ^bb0(%[[A:[^ ,)]+]]: i32, %{{[^ ,)]+}}: i1):
// MLIR-NEXT: %[[C7:[^ ,)]+]] = "arith.constant"() <{value = 7 : i32}>
// MLIR-NEXT: %[[T:[^ ,)]+]] = "arith.constant"() <{value = true}>
// MLIR-NEXT: %[[C6:[^ ,)]+]] = "arith.constant"() <{value = 6 : i32}>
// MLIR-NEXT: %[[C3:[^ ,)]+]] = "arith.constant"() <{value = 3 : i32}>
// MLIR-NEXT: "arith.constant"() <{value = 2 : i32}>
// MLIR-NEXT: "arith.constant"() <{value = 1 : i32}>
// MLIR-NEXT: %[[M:[^ ,)]+]] = "arith.muli"(%[[A]], %[[C3]])
// MLIR-NEXT: "cf.cond_br"(%[[T]], %[[C6]], %[[A]])[^bb1, ^bb2]
// MLIR: "func.return"(%[[C6]], %[[C6]], %[[M]])
// CHECK-LABEL: sym_name = "cfg"
// CHECK-NEXT: ^bb0(%[[A:[^ ,)]+]]: i32, %{{[^ ,)]+}}: i1):
// CHECK-NEXT: %[[C7:[^ ,)]+]] = "arith.constant"() <{value = 7 : i32}>
// CHECK-NEXT: %[[C6:[^ ,)]+]] = "arith.constant"() <{value = 6 : i32}>
// CHECK-NEXT: %[[C3:[^ ,)]+]] = "arith.constant"() <{value = 3 : i32}>
// CHECK-NEXT: %[[M:[^ ,)]+]] = "arith.muli"(%[[A]], %[[C3]])
// CHECK-NEXT: "cf.br"(%[[C6]])[^bb1]
// CHECK-NEXT: ^bb1(%{{[^ ,)]+}}: i32):  // pred: ^bb0
// CHECK-NEXT: "cf.br"(%[[C7]], %[[C6]])[^bb2]
// CHECK-NEXT: ^bb2(%{{[^ ,)]+}}: i32, %{{[^ ,)]+}}: i32):  // pred: ^bb1
// CHECK-NEXT: "func.return"(%[[C6]], %[[C6]], %[[M]])
"func.func"() <{function_type = (i32, i1) -> (i32, i32, i32), sym_name = "cfg"}> ({
^bb0(%a: i32, %p: i1):
  %c1 = "arith.constant"() <{value = 1 : i32}> : () -> i32
  %c2 = "arith.constant"() <{value = 2 : i32}> : () -> i32
  %0 = "arith.addi"(%c1, %c2) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %1 = "arith.muli"(%0, %c2) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %2 = "arith.muli"(%a, %0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %t = "arith.constant"() <{value = true}> : () -> i1
  "cf.cond_br"(%t, %1, %a)[^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 1, 1>}> : (i1, i32, i32) -> ()
^bb1(%x: i32):
  %3 = "arith.addi"(%x, %c1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "cf.br"(%3, %x)[^bb3] : (i32, i32) -> ()
^bb2(%y: i32):
  "cf.br"(%y, %y)[^bb3] : (i32, i32) -> ()
^bb3(%z: i32, %w: i32):
  %4 = "arith.subi"(%z, %c1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "func.return"(%4, %w, %2) : (i32, i32, i32) -> ()
}) : () -> ()

// -----

// A loop-carried value that stays 1 (k * 1) is found constant; the loop
// counter is not.
// CHECK-LABEL: sym_name = "loop"
// CHECK: ^bb3:
// CHECK-NEXT: "func.return"(%[[ONE:[^ ,)]+]])
// MLIR-LABEL: sym_name = "loop"
// MLIR-NEXT: ^bb0(
// MLIR-NEXT: %[[ONE:[^ ,)]+]] = "arith.constant"() <{value = 1 : i32}>
// MLIR: "func.return"(%[[ONE]])
"func.func"() <{function_type = (i32) -> i32, sym_name = "loop"}> ({
^bb0(%n: i32):
  %c0 = "arith.constant"() <{value = 0 : i32}> : () -> i32
  %c1 = "arith.constant"() <{value = 1 : i32}> : () -> i32
  "cf.br"(%c0, %c1)[^bb1] : (i32, i32) -> ()
^bb1(%i: i32, %k: i32):
  %c = "arith.cmpi"(%i, %n) <{predicate = 2 : i64}> : (i32, i32) -> i1
  "cf.cond_br"(%c)[^bb2, ^bb3] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
^bb2:
  %i2 = "arith.addi"(%i, %c1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %k2 = "arith.muli"(%k, %c1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "cf.br"(%i2, %k2)[^bb1] : (i32, i32) -> ()
^bb3:
  "func.return"(%k) : (i32) -> ()
}) : () -> ()

// -----

// scf.if on a constant runs one region; scf.while finds x stays 7.
// CHECK-LABEL: sym_name = "structured"
// CHECK-NEXT: ^bb0(
// CHECK-NEXT: %[[R:[^ ,)]+]] = "arith.constant"() <{value = 17 : i32}>
// CHECK-NEXT: "func.return"(%[[R]])
"func.func"() <{function_type = (i32, i32) -> i32, sym_name = "structured"}> ({
^bb0(%a: i32, %n: i32):
  %f = "arith.constant"() <{value = false}> : () -> i1
  %r = "scf.if"(%f) ({
    %x = "arith.addi"(%a, %a) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "scf.yield"(%x) : (i32) -> ()
  }, {
    %k = "arith.constant"() <{value = 10 : i32}> : () -> i32
    "scf.yield"(%k) : (i32) -> ()
  }) : (i1) -> i32
  %c7 = "arith.constant"() <{value = 7 : i32}> : () -> i32
  %w = "scf.while"(%c7) ({
  ^bb0(%x: i32):
    %c = "arith.cmpi"(%x, %n) <{predicate = 2 : i64}> : (i32, i32) -> i1
    "scf.condition"(%c, %x) : (i1, i32) -> ()
  }, {
  ^bb0(%y: i32):
    %y2 = "arith.muli"(%y, %y) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %y3 = "arith.divsi"(%y2, %y) : (i32, i32) -> i32
    "scf.yield"(%y3) : (i32) -> ()
  }) : (i32) -> i32
  %s = "arith.addi"(%r, %w) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "func.return"(%s) : (i32) -> ()
}) : () -> ()

// -----

// Negative: nothing is constant; the IR is unchanged.
// CHECK-LABEL: sym_name = "opaque"
// CHECK-NEXT: ^bb0(%[[A:[^ ,)]+]]: i32, %[[P:[^ ,)]+]]: !ptr.ptr<#ptr.generic_space>):
// CHECK-NEXT: %[[L:[^ ,)]+]] = "ptr.load"(%[[P]])
// CHECK-NEXT: %[[S:[^ ,)]+]] = "arith.addi"(%[[A]], %[[L]])
// CHECK-NEXT: "func.return"(%[[S]])
"func.func"() <{function_type = (i32, !ptr.ptr<#ptr.generic_space>) -> i32, sym_name = "opaque"}> ({
^bb0(%a: i32, %p: !ptr.ptr<#ptr.generic_space>):
  %l = "ptr.load"(%p) : (!ptr.ptr<#ptr.generic_space>) -> i32
  %s = "arith.addi"(%a, %l) : (i32, i32) -> i32
  "func.return"(%s) : (i32) -> ()
}) : () -> ()
