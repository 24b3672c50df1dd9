// egraph, algebraic identities: neutral and absorbing elements, x - x,
// x ^ x, double negation, integer commutativity and associativity; floats
// only where IEEE arithmetic is exact, or where the op's fast-math flags
// allow it (no reassociation without `reassoc`). The integer results agree
// with mlir-opt-22 --canonicalize on the same input.

// (The time limit is lifted so that a loaded machine cannot stop a run early.)
// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(egraph{time-limit-ms=100000}))' | FileCheck %s
// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(egraph{time-limit-ms=100000 dump-rules=true}))' 2>&1 >/dev/null | FileCheck %s --check-prefix=RULES

// (x + 0) * 1 == x; x - x == 0; x ^ x == 0; 0 - (0 - x) == x; (x & -1) | 0 == x;
// ~~x == x; types stay apart: the i64 zero is its own constant.
// CHECK-LABEL: sym_name = "identities"
// CHECK-NEXT: ^bb0(%[[X:[^ ,)]+]]: i32, %{{[^ ,)]+}}: i64):
// CHECK-NEXT: %[[Z32:[^ ,)]+]] = "arith.constant"() <{value = 0 : i32}>
// CHECK-NEXT: %[[Z64:[^ ,)]+]] = "arith.constant"() <{value = 0 : i64}>
// CHECK-NEXT: "func.return"(%[[X]], %[[Z32]], %[[Z32]], %[[X]], %[[X]], %[[Z64]], %[[Z64]])
// RULES: remark: egraph rules fired: {{.*}}addi-zero 1{{.*}}muli-one 1{{.*}}neg-neg 1, not-not 1{{.*}}subi-self 2{{.*}}xori-self 2
"func.func"() <{function_type = (i32, i64) -> (i32, i32, i32, i32, i32, i64, i64), sym_name = "identities"}> ({
^bb0(%x: i32, %y: i64):
  %c0 = "arith.constant"() <{value = 0 : i32}> : () -> i32
  %c1 = "arith.constant"() <{value = 1 : i32}> : () -> i32
  %m1 = "arith.constant"() <{value = -1 : i32}> : () -> i32
  %0 = "arith.addi"(%x, %c0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %1 = "arith.muli"(%0, %c1) <{overflowFlags = #arith.overflow<nsw>}> : (i32, i32) -> i32
  %2 = "arith.subi"(%x, %x) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %3 = "arith.xori"(%1, %x) : (i32, i32) -> i32
  %4 = "arith.subi"(%c0, %x) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %5 = "arith.subi"(%c0, %4) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %6 = "arith.andi"(%x, %m1) : (i32, i32) -> i32
  %7 = "arith.ori"(%6, %c0) : (i32, i32) -> i32
  %8 = "arith.xori"(%x, %m1) : (i32, i32) -> i32
  %9 = "arith.xori"(%8, %m1) : (i32, i32) -> i32
  %10 = "arith.subi"(%y, %y) <{overflowFlags = #arith.overflow<none>}> : (i64, i64) -> i64
  %11 = "arith.muli"(%y, %10) <{overflowFlags = #arith.overflow<none>}> : (i64, i64) -> i64
  "func.return"(%1, %2, %3, %5, %7, %10, %11) : (i32, i32, i32, i32, i32, i64, i64) -> ()
}) : () -> ()

// -----

// (a + 3) + 5 == a + 8 through the constants' reassociation and folding;
// b + a is a + b;
// (a + b) - b == a. Overflow flags are dropped on lifting (always allowed).
// CHECK-LABEL: sym_name = "integers_reassociate"
// CHECK-NEXT: ^bb0(%[[A:[^ ,)]+]]: i32, %[[B:[^ ,)]+]]: i32):
// CHECK-NEXT: %[[C8:[^ ,)]+]] = "arith.constant"() <{value = 8 : i32}>
// CHECK-NEXT: %[[S:[^ ,)]+]] = "arith.addi"(%[[A]], %[[C8]]) <{overflowFlags = #arith.overflow<none>}>
// CHECK-NEXT: %[[AB:[^ ,)]+]] = "arith.addi"(%[[A]], %[[B]])
// CHECK-NEXT: "func.return"(%[[S]], %[[AB]], %[[A]])
// RULES: remark: egraph rules fired: addi-uniform-merge 1, subi-of-addi 1
"func.func"() <{function_type = (i32, i32) -> (i32, i32, i32), sym_name = "integers_reassociate"}> ({
^bb0(%a: i32, %b: i32):
  %c3 = "arith.constant"() <{value = 3 : i32}> : () -> i32
  %c5 = "arith.constant"() <{value = 5 : i32}> : () -> i32
  %0 = "arith.addi"(%a, %c3) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %1 = "arith.addi"(%0, %c5) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %2 = "arith.addi"(%a, %b) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %3 = "arith.addi"(%b, %a) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %4 = "arith.subi"(%2, %b) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "func.return"(%1, %3, %4) : (i32, i32, i32) -> ()
}) : () -> ()

// -----

// Without fast-math flags: (x + 1.0) + 2.0 is NOT reassociated (that would
// change rounding), x + 0.0 stays (-0.0 + 0.0 is +0.0), but x * 1.0,
// x + -0.0 and -(-y) are exact and go.
// CHECK-LABEL: sym_name = "floats_without_flags"
// CHECK-NEXT: ^bb0(%[[X:[^ ,)]+]]: f32, %[[Y:[^ ,)]+]]: f32):
// CHECK-NEXT: %[[C1:[^ ,)]+]] = "arith.constant"() <{value = 1.000000e+00 : f32}>
// CHECK-NEXT: %[[T:[^ ,)]+]] = "arith.addf"(%[[X]], %[[C1]]) <{fastmath = #arith.fastmath<none>}>
// CHECK-NEXT: %[[C2:[^ ,)]+]] = "arith.constant"() <{value = 2.000000e+00 : f32}>
// CHECK-NEXT: %[[R:[^ ,)]+]] = "arith.addf"(%[[T]], %[[C2]]) <{fastmath = #arith.fastmath<none>}>
// CHECK-NEXT: %[[Z:[^ ,)]+]] = "arith.constant"() <{value = 0.000000e+00 : f32}>
// CHECK-NEXT: %[[XZ:[^ ,)]+]] = "arith.addf"(%[[X]], %[[Z]])
// CHECK-NEXT: "func.return"(%[[R]], %[[Y]], %[[XZ]], %[[X]], %[[Y]])
// RULES-NOT: addf-reassoc
// RULES: remark: egraph rules fired: {{.*}}addf-neg-zero 1{{.*}}mulf-one 1, negf-negf 1
"func.func"() <{function_type = (f32, f32) -> (f32, f32, f32, f32, f32), sym_name = "floats_without_flags"}> ({
^bb0(%x: f32, %y: f32):
  %c1 = "arith.constant"() <{value = 1.000000e+00 : f32}> : () -> f32
  %c2 = "arith.constant"() <{value = 2.000000e+00 : f32}> : () -> f32
  %z = "arith.constant"() <{value = 0.000000e+00 : f32}> : () -> f32
  %nz = "arith.constant"() <{value = -0.000000e+00 : f32}> : () -> f32
  %0 = "arith.addf"(%x, %c1) <{fastmath = #arith.fastmath<none>}> : (f32, f32) -> f32
  %1 = "arith.addf"(%0, %c2) <{fastmath = #arith.fastmath<none>}> : (f32, f32) -> f32
  %2 = "arith.mulf"(%y, %c1) <{fastmath = #arith.fastmath<none>}> : (f32, f32) -> f32
  %3 = "arith.addf"(%x, %z) <{fastmath = #arith.fastmath<none>}> : (f32, f32) -> f32
  %4 = "arith.addf"(%x, %nz) <{fastmath = #arith.fastmath<none>}> : (f32, f32) -> f32
  %5 = "arith.negf"(%y) <{fastmath = #arith.fastmath<none>}> : (f32) -> f32
  %6 = "arith.negf"(%5) <{fastmath = #arith.fastmath<none>}> : (f32) -> f32
  "func.return"(%1, %2, %3, %4, %6) : (f32, f32, f32, f32, f32) -> ()
}) : () -> ()

// -----

// With `reassoc` on both adds the constants meet; with `nsz`, x + 0.0 == x.
// CHECK-LABEL: sym_name = "floats_with_flags"
// CHECK-NEXT: ^bb0(%[[X:[^ ,)]+]]: f32):
// CHECK-NEXT: %[[C3:[^ ,)]+]] = "arith.constant"() <{value = 3.000000e+00 : f32}>
// CHECK-NEXT: %[[R:[^ ,)]+]] = "arith.addf"(%[[X]], %[[C3]]) <{fastmath = #arith.fastmath<reassoc>}>
// CHECK-NEXT: "func.return"(%[[R]], %[[X]])
// RULES: remark: egraph rules fired: {{.*}}addf-reassoc 2, addf-zero-nsz 1
"func.func"() <{function_type = (f32) -> (f32, f32), sym_name = "floats_with_flags"}> ({
^bb0(%x: f32):
  %c1 = "arith.constant"() <{value = 1.000000e+00 : f32}> : () -> f32
  %c2 = "arith.constant"() <{value = 2.000000e+00 : f32}> : () -> f32
  %z = "arith.constant"() <{value = 0.000000e+00 : f32}> : () -> f32
  %0 = "arith.addf"(%x, %c1) <{fastmath = #arith.fastmath<reassoc>}> : (f32, f32) -> f32
  %1 = "arith.addf"(%0, %c2) <{fastmath = #arith.fastmath<reassoc>}> : (f32, f32) -> f32
  %2 = "arith.addf"(%x, %z) <{fastmath = #arith.fastmath<nsz>}> : (f32, f32) -> f32
  "func.return"(%1, %2) : (f32, f32) -> ()
}) : () -> ()
