// canonicalize's options: disabled patterns stay unapplied, region
// simplification can be turned off, bad values are refused.

// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(func.func(canonicalize{disable-patterns=AddIAddConstant}))' | FileCheck %s --check-prefix=DISABLED
// DISABLED-LABEL: sym_name = "chain"
// DISABLED-NEXT: ^bb0(%[[X:.*]]: i32):
// DISABLED: %[[C1:.*]] = "arith.constant"() <{value = 1 : i32}>
// DISABLED: %[[C2:.*]] = "arith.constant"() <{value = 2 : i32}>
// DISABLED: %[[A:.*]] = "arith.addi"(%[[X]], %[[C1]])
// DISABLED: "arith.addi"(%[[A]], %[[C2]])

// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(func.func(canonicalize{enable-patterns=AddIAddConstant}))' | FileCheck %s --check-prefix=ENABLED
// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(func.func(canonicalize))' | FileCheck %s --check-prefix=ENABLED
// ENABLED-LABEL: sym_name = "chain"
// ENABLED-NEXT: ^bb0(%[[X:.*]]: i32):
// ENABLED-NEXT: %[[C3:.*]] = "arith.constant"() <{value = 3 : i32}>
// ENABLED-NEXT: %[[A:.*]] = "arith.addi"(%[[X]], %[[C3]])
// ENABLED-NEXT: "func.return"(%[[A]])

// Unused block arguments stay when region simplification is off (as in
// mlir-opt-22; unreachable blocks go either way).
// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(func.func(canonicalize{region-simplify=disabled}))' | FileCheck %s --check-prefix=NOSIMPLIFY
// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(func.func(canonicalize))' | FileCheck %s --check-prefix=SIMPLIFY
// NOSIMPLIFY-LABEL: sym_name = "deadarg"
// NOSIMPLIFY: "cf.cond_br"(%{{.*}}, %{{.*}}, %{{.*}})[^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 1, 1>}>
// NOSIMPLIFY-NEXT: ^bb1(%{{.*}}: i32):
// SIMPLIFY-LABEL: sym_name = "deadarg"
// SIMPLIFY: "cf.cond_br"(%{{.*}})[^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
// SIMPLIFY-NEXT: ^bb1:  // pred: ^bb0

// RUN: not cuwasm-opt %s --pass-pipeline='builtin.module(func.func(canonicalize{region-simplify=aggressive}))' 2>&1 | FileCheck %s --check-prefix=AGGRESSIVE
// AGGRESSIVE: region-simplify=aggressive (block merging) is not supported
// RUN: not cuwasm-opt %s --pass-pipeline='builtin.module(func.func(canonicalize{max-iterations=0}))' 2>&1 | FileCheck %s --check-prefix=ZERO
// ZERO: max-iterations must be positive or -1, got 0
// RUN: not cuwasm-opt %s --pass-pipeline='builtin.module(func.func(canonicalize{max-iteration=3}))' 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: unknown option 'max-iteration'; did you mean 'max-iterations'

"func.func"() <{function_type = (i32) -> i32, sym_name = "chain"}> ({
^bb0(%x: i32):
  %c1 = "arith.constant"() <{value = 1 : i32}> : () -> i32
  %c2 = "arith.constant"() <{value = 2 : i32}> : () -> i32
  %0 = "arith.addi"(%x, %c1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %1 = "arith.addi"(%0, %c2) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "func.return"(%1) : (i32) -> ()
}) : () -> ()
"func.func"() <{function_type = (i32, i1) -> i32, sym_name = "deadarg"}> ({
^bb0(%x: i32, %c: i1):
  %k = "arith.constant"() <{value = 7 : i32}> : () -> i32
  "cf.cond_br"(%c, %x, %x)[^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 1, 1>}> : (i1, i32, i32) -> ()
^bb1(%u: i32):
  "func.return"(%x) : (i32) -> ()
^bb2(%v: i32):
  "func.return"(%k) : (i32) -> ()
}) : () -> ()
