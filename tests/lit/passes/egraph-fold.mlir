// egraph, constant folding through the e-class analysis, with arith's exact
// semantics: integers wrap at the type's width (index at 64 bits), floats are
// computed in their own precision. Every constant below is what
// mlir-opt-22 --canonicalize folds the same input to; the differences are
// deliberate: 0.0 / 0.0 (a NaN, whose payload is the target's business) is not
// folded. Undefined cases (signed MIN / -1, shifts by the width) stay.

// (The time limit is lifted so that a loaded machine cannot stop a run early.)
// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(egraph{time-limit-ms=100000}))' | FileCheck %s
// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(egraph{time-limit-ms=100000 iter-limit=0}))' | FileCheck %s

// Folding happens as nodes enter the e-graph, so it needs no iteration.
// CHECK-LABEL: sym_name = "integers"
// CHECK-NEXT: %[[R0:[^ ,)]+]] = "arith.constant"() <{value = 20 : i32}>
// CHECK-NEXT: %[[R1:[^ ,)]+]] = "arith.constant"() <{value = -128 : i8}>
// CHECK-NEXT: %[[R2:[^ ,)]+]] = "arith.constant"() <{value = -2147483648 : i32}>
// CHECK-NEXT: %[[R3:[^ ,)]+]] = "arith.constant"() <{value = 127 : i8}>
// CHECK-NEXT: %[[R4:[^ ,)]+]] = "arith.constant"() <{value = false}>
// CHECK-NEXT: %[[R5:[^ ,)]+]] = "arith.constant"() <{value = true}>
// CHECK-NEXT: %[[R6:[^ ,)]+]] = "arith.constant"() <{value = 255 : i32}>
// CHECK-NEXT: %[[R7:[^ ,)]+]] = "arith.constant"() <{value = -1 : i32}>
// CHECK-NEXT: %[[R8:[^ ,)]+]] = "arith.constant"() <{value = 44 : i8}>
// CHECK-NEXT: %[[R9:[^ ,)]+]] = "arith.constant"() <{value = 0 : index}>
// CHECK-NEXT: "func.return"(%[[R0]], %[[R1]], %[[R2]], %[[R3]], %[[R4]], %[[R5]], %[[R6]], %[[R7]], %[[R8]], %[[R9]])
"func.func"() <{function_type = () -> (i32, i8, i32, i8, i1, i1, i32, i32, i8, index), sym_name = "integers"}> ({
  %c2 = "arith.constant"() <{value = 2 : i32}> : () -> i32
  %c3 = "arith.constant"() <{value = 3 : i32}> : () -> i32
  %c4 = "arith.constant"() <{value = 4 : i32}> : () -> i32
  %0 = "arith.addi"(%c2, %c3) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %1 = "arith.muli"(%0, %c4) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %b127 = "arith.constant"() <{value = 127 : i8}> : () -> i8
  %b1 = "arith.constant"() <{value = 1 : i8}> : () -> i8
  %2 = "arith.addi"(%b127, %b1) <{overflowFlags = #arith.overflow<none>}> : (i8, i8) -> i8
  %max = "arith.constant"() <{value = 2147483647 : i32}> : () -> i32
  %c1 = "arith.constant"() <{value = 1 : i32}> : () -> i32
  %3 = "arith.addi"(%max, %c1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %bm1 = "arith.constant"() <{value = -1 : i8}> : () -> i8
  %b2 = "arith.constant"() <{value = 2 : i8}> : () -> i8
  %4 = "arith.divui"(%bm1, %b2) : (i8, i8) -> i8
  %5 = "arith.cmpi"(%bm1, %b1) <{predicate = 6 : i64}> : (i8, i8) -> i1
  %6 = "arith.cmpi"(%bm1, %b1) <{predicate = 2 : i64}> : (i8, i8) -> i1
  %7 = "arith.extui"(%bm1) : (i8) -> i32
  %8 = "arith.extsi"(%bm1) : (i8) -> i32
  %c300 = "arith.constant"() <{value = 300 : i32}> : () -> i32
  %9 = "arith.trunci"(%c300) <{overflowFlags = #arith.overflow<none>}> : (i32) -> i8
  %big = "arith.constant"() <{value = 4611686018427387904 : index}> : () -> index
  %i4 = "arith.constant"() <{value = 4 : index}> : () -> index
  %10 = "arith.muli"(%big, %i4) <{overflowFlags = #arith.overflow<none>}> : (index, index) -> index
  "func.return"(%1, %2, %3, %4, %5, %6, %7, %8, %9, %10) : (i32, i8, i32, i8, i1, i1, i32, i32, i8, index) -> ()
}) : () -> ()

// -----

// divsi by -1 may overflow (it stays in place, not lifted); 1 << 32 is poison:
// not folded. Nothing is gained, so the block is left as it was.
// CHECK-LABEL: sym_name = "undefined_stays"
// CHECK: %[[Q:[^ ,)]+]] = "arith.divsi"
// CHECK-NEXT: %[[S:[^ ,)]+]] = "arith.shli"
// CHECK-NEXT: "func.return"(%[[Q]], %[[S]])
"func.func"() <{function_type = () -> (i32, i32), sym_name = "undefined_stays"}> ({
  %min = "arith.constant"() <{value = -2147483648 : i32}> : () -> i32
  %m1 = "arith.constant"() <{value = -1 : i32}> : () -> i32
  %c1 = "arith.constant"() <{value = 1 : i32}> : () -> i32
  %c32 = "arith.constant"() <{value = 32 : i32}> : () -> i32
  %0 = "arith.divsi"(%min, %m1) : (i32, i32) -> i32
  %1 = "arith.shli"(%c1, %c32) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "func.return"(%0, %1) : (i32, i32) -> ()
}) : () -> ()

// -----

// 0.1f + 0.2f is rounded once to f32 (0.300000012), as its f64 extension shows.
// CHECK-LABEL: sym_name = "floats"
// CHECK-NEXT: %[[R0:[^ ,)]+]] = "arith.constant"() <{value = 3.750000e+00 : f32}>
// CHECK-NEXT: %[[R1:[^ ,)]+]] = "arith.constant"() <{value = 3.000000e-01 : f32}>
// CHECK-NEXT: %[[Z:[^ ,)]+]] = "arith.constant"() <{value = 0.000000e+00 : f32}>
// CHECK-NEXT: %[[NAN:[^ ,)]+]] = "arith.divf"(%[[Z]], %[[Z]])
// CHECK-NEXT: %[[R3:[^ ,)]+]] = "arith.constant"() <{value = 0x4B800000 : f32}>
// CHECK-NEXT: %[[R4:[^ ,)]+]] = "arith.constant"() <{value = 0.30000001192092896 : f64}>
// CHECK-NEXT: "func.return"(%[[R0]], %[[R1]], %[[NAN]], %[[R3]], %[[R4]])
"func.func"() <{function_type = () -> (f32, f32, f32, f32, f64), sym_name = "floats"}> ({
  %a = "arith.constant"() <{value = 1.500000e+00 : f32}> : () -> f32
  %b = "arith.constant"() <{value = 2.250000e+00 : f32}> : () -> f32
  %0 = "arith.addf"(%a, %b) <{fastmath = #arith.fastmath<none>}> : (f32, f32) -> f32
  %p1 = "arith.constant"() <{value = 1.000000e-01 : f32}> : () -> f32
  %p2 = "arith.constant"() <{value = 2.000000e-01 : f32}> : () -> f32
  %1 = "arith.addf"(%p1, %p2) <{fastmath = #arith.fastmath<none>}> : (f32, f32) -> f32
  %z = "arith.constant"() <{value = 0.000000e+00 : f32}> : () -> f32
  %2 = "arith.divf"(%z, %z) <{fastmath = #arith.fastmath<none>}> : (f32, f32) -> f32
  %i = "arith.constant"() <{value = 16777217 : i32}> : () -> i32
  %3 = "arith.sitofp"(%i) : (i32) -> f32
  %4 = "arith.extf"(%1) : (f32) -> f64
  "func.return"(%0, %1, %2, %3, %4) : (f32, f32, f32, f32, f64) -> ()
}) : () -> ()
