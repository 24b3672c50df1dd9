// Canonicalization patterns of cf. Each chunk's output is byte-identical
// to mlir-opt-22 --canonicalize's.

// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(canonicalize))' | FileCheck %s

// SimplifyConstCondBranchPred, then SimplifyBrToBlockWithSinglePred merges the blocks; the unreachable block goes.
// CHECK-LABEL: sym_name = "const_cond_and_merge"
// CHECK-NEXT: ^bb0(%arg0: i32, %arg1: i32):
// CHECK-NEXT: %0 = "arith.addi"(%arg0, %arg1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
// CHECK-NEXT: "func.return"(%0) : (i32) -> ()
// CHECK-NEXT: }) : () -> ()
"func.func"() <{function_type = (i32, i32) -> i32, sym_name = "const_cond_and_merge"}> ({
^bb0(%x: i32, %y: i32):
  %true = "arith.constant"() <{value = true}> : () -> i1
  "cf.cond_br"(%true, %x, %y)[^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 1, 1>}> : (i1, i32, i32) -> ()
^bb1(%a: i32):
  %s = "arith.addi"(%a, %y) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "cf.br"(%s)[^bb3] : (i32) -> ()
^bb2(%b: i32):
  "cf.br"(%b)[^bb3] : (i32) -> ()
^bb3(%r: i32):
  "func.return"(%r) : (i32) -> ()
}) : () -> ()

// -----

// SimplifyPassThroughCondBranch: the successor that only branches on is skipped.
// CHECK-LABEL: sym_name = "pass_through"
// CHECK-NEXT: ^bb0(%arg0: i1, %arg1: i32, %arg2: i32):
// CHECK-NEXT: "cf.cond_br"(%arg0, %arg1, %arg2)[^bb2, ^bb1] <{operandSegmentSizes = array<i32: 1, 1, 1>}> : (i1, i32, i32) -> ()
// CHECK-NEXT: ^bb1(%0: i32):  // pred: ^bb0
// CHECK-NEXT: %1 = "arith.muli"(%0, %0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
// CHECK-NEXT: "cf.br"(%1)[^bb2] : (i32) -> ()
// CHECK-NEXT: ^bb2(%2: i32):  // 2 preds: ^bb0, ^bb1
// CHECK-NEXT: "func.return"(%2) : (i32) -> ()
// CHECK-NEXT: }) : () -> ()
"func.func"() <{function_type = (i1, i32, i32) -> i32, sym_name = "pass_through"}> ({
^bb0(%c: i1, %x: i32, %y: i32):
  "cf.cond_br"(%c, %x, %y)[^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 1, 1>}> : (i1, i32, i32) -> ()
^bb1(%a: i32):
  "cf.br"(%a)[^bb3] : (i32) -> ()
^bb2(%b: i32):
  %m = "arith.muli"(%b, %b) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "cf.br"(%m)[^bb3] : (i32) -> ()
^bb3(%r: i32):
  "func.return"(%r) : (i32) -> ()
}) : () -> ()

// -----

// SimplifyCondBranchIdenticalSuccessors, and an assert of true goes.
// CHECK-LABEL: sym_name = "identical_successors"
// CHECK-NEXT: ^bb0(%arg0: i1, %arg1: i32):
// CHECK-NEXT: "func.return"(%arg1) : (i32) -> ()
// CHECK-NEXT: }) : () -> ()
"func.func"() <{function_type = (i1, i32) -> i32, sym_name = "identical_successors"}> ({
^bb0(%c: i1, %x: i32):
  %true = "arith.constant"() <{value = true}> : () -> i1
  "cf.assert"(%true) <{msg = "never"}> : (i1) -> ()
  "cf.cond_br"(%c, %x, %x)[^bb1, ^bb1] <{operandSegmentSizes = array<i32: 1, 1, 1>}> : (i1, i32, i32) -> ()
^bb1(%a: i32):
  "func.return"(%a) : (i32) -> ()
}) : () -> ()

// -----

// Negative: a loop header with two predecessors is not merged.
// CHECK-LABEL: sym_name = "loop_stays"
// CHECK-NEXT: ^bb0(%arg0: i1, %arg1: i32):
// CHECK-NEXT: "cf.br"(%arg1)[^bb1] : (i32) -> ()
// CHECK-NEXT: ^bb1(%0: i32):  // 2 preds: ^bb0, ^bb1
// CHECK-NEXT: %1 = "arith.addi"(%0, %0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
// CHECK-NEXT: "cf.cond_br"(%arg0, %1)[^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 1, 0>}> : (i1, i32) -> ()
// CHECK-NEXT: ^bb2:  // pred: ^bb1
// CHECK-NEXT: "func.return"(%0) : (i32) -> ()
// CHECK-NEXT: }) : () -> ()
"func.func"() <{function_type = (i1, i32) -> i32, sym_name = "loop_stays"}> ({
^bb0(%c: i1, %x: i32):
  "cf.br"(%x)[^bb1] : (i32) -> ()
^bb1(%a: i32):
  %n = "arith.addi"(%a, %a) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "cf.cond_br"(%c, %n)[^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 1, 0>}> : (i1, i32) -> ()
^bb2:
  "func.return"(%a) : (i32) -> ()
}) : () -> ()
