// Canonicalization patterns of scf.for and scf.if. Each chunk's output was
// checked against mlir-opt-22 --canonicalize: the same ops, in the same
// order but for the negated condition of 'ifs', which mlir-opt-22 creates
// before the remaining scf.if.

// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(canonicalize))' | FileCheck %s

// SimplifyTrivialLoops: an empty range and a zero step give the initial values, one iteration inlines the body, an empty loop yields its value from outside; ForOpIterArgsFolder: an argument yielded unchanged is its initial value.
// CHECK-LABEL: sym_name = "trivial_loops"
// CHECK-NEXT: ^bb0(%arg0: i32, %arg1: i32):
// CHECK-NEXT: %0 = "arith.muli"(%arg0, %arg1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
// CHECK-NEXT: "func.return"(%arg0, %arg0, %0, %arg1, %arg0) : (i32, i32, i32, i32, i32) -> ()
// CHECK-NEXT: }) : () -> ()
"func.func"() <{function_type = (i32, i32) -> (i32, i32, i32, i32, i32), sym_name = "trivial_loops"}> ({
^bb0(%x: i32, %y: i32):
  %c0 = "arith.constant"() <{value = 0 : index}> : () -> index
  %c1 = "arith.constant"() <{value = 1 : index}> : () -> index
  %c2 = "arith.constant"() <{value = 2 : index}> : () -> index
  %c5 = "arith.constant"() <{value = 5 : index}> : () -> index
  %0 = "scf.for"(%c5, %c2, %c1, %x) ({
  ^bb0(%i: index, %a: i32):
    %m = "arith.muli"(%a, %y) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "scf.yield"(%m) : (i32) -> ()
  }) : (index, index, index, i32) -> i32
  %1 = "scf.for"(%c2, %c5, %c0, %x) ({
  ^bb0(%i: index, %a: i32):
    %m = "arith.muli"(%a, %y) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "scf.yield"(%m) : (i32) -> ()
  }) : (index, index, index, i32) -> i32
  %2 = "scf.for"(%c2, %c5, %c5, %x) ({
  ^bb0(%i: index, %a: i32):
    %m = "arith.muli"(%a, %y) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "scf.yield"(%m) : (i32) -> ()
  }) : (index, index, index, i32) -> i32
  %3 = "scf.for"(%c0, %c5, %c1, %x) ({
  ^bb0(%i: index, %a: i32):
    "scf.yield"(%y) : (i32) -> ()
  }) : (index, index, index, i32) -> i32
  %4 = "scf.for"(%c0, %c5, %c1, %x) ({
  ^bb0(%i: index, %a: i32):
    %m = "arith.muli"(%y, %y) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "scf.yield"(%a) : (i32) -> ()
  }) : (index, index, index, i32) -> i32
  "func.return"(%0, %1, %2, %3, %4) : (i32, i32, i32, i32, i32) -> ()
}) : () -> ()

// -----

// RemoveStaticCondition, ConditionPropagation (the select in the else branch sees false), ConvertTrivialIfToSelect, ReplaceIfYieldWithConditionOrValue (true/false yields give the condition or its negation), RemoveUnusedResults and dead ifs.
// CHECK-LABEL: sym_name = "ifs"
// CHECK-NEXT: ^bb0(%arg0: i1, %arg1: i32, %arg2: i32):
// CHECK-NEXT: %0 = "arith.constant"() <{value = true}> : () -> i1
// CHECK-NEXT: %1 = "arith.addi"(%arg1, %arg2) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
// CHECK-NEXT: %2 = "arith.select"(%arg0, %arg1, %arg2) : (i1, i32, i32) -> i32
// CHECK-NEXT: %3 = "scf.if"(%arg0) ({
// CHECK-NEXT: %5 = "arith.addi"(%arg1, %arg2) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
// CHECK-NEXT: "scf.yield"(%5) : (i32) -> ()
// CHECK-NEXT: }, {
// CHECK-NEXT: "scf.yield"(%arg2) : (i32) -> ()
// CHECK-NEXT: }) : (i1) -> i32
// CHECK-NEXT: %4 = "arith.xori"(%arg0, %0) : (i1, i1) -> i1
// CHECK-NEXT: "func.return"(%1, %2, %3, %arg0, %4) : (i32, i32, i32, i1, i1) -> ()
// CHECK-NEXT: }) : () -> ()
"func.func"() <{function_type = (i1, i32, i32) -> (i32, i32, i32, i1, i1), sym_name = "ifs"}> ({
^bb0(%c: i1, %a: i32, %b: i32):
  %true = "arith.constant"() <{value = true}> : () -> i1
  %false = "arith.constant"() <{value = false}> : () -> i1
  %0 = "scf.if"(%true) ({
    %s = "arith.addi"(%a, %b) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "scf.yield"(%s) : (i32) -> ()
  }, {
    "scf.yield"(%b) : (i32) -> ()
  }) : (i1) -> i32
  %1:2 = "scf.if"(%c) ({
    %s = "arith.addi"(%a, %b) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "scf.yield"(%a, %s) : (i32, i32) -> ()
  }, {
    %t = "arith.select"(%c, %a, %b) : (i1, i32, i32) -> i32
    "scf.yield"(%b, %t) : (i32, i32) -> ()
  }) : (i1) -> (i32, i32)
  %2:2 = "scf.if"(%c) ({
    "scf.yield"(%true, %false) : (i1, i1) -> ()
  }, {
    "scf.yield"(%false, %true) : (i1, i1) -> ()
  }) : (i1) -> (i1, i1)
  %3:2 = "scf.if"(%c) ({
    %s = "arith.muli"(%a, %b) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "scf.yield"(%s, %s) : (i32, i32) -> ()
  }, {
    %s = "arith.subi"(%a, %b) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "scf.yield"(%s, %s) : (i32, i32) -> ()
  }) : (i1) -> (i32, i32)
  "func.return"(%0, %1#0, %1#1, %2#0, %2#1) : (i32, i32, i32, i1, i1) -> ()
}) : () -> ()
