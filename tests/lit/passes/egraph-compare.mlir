// egraph, comparisons and selects: cmpi x, x for every predicate (the same
// constants as mlir-opt-22 --canonicalize gives), mirrored comparisons as one,
// (x + 5) == 7 as x == 2, selects with a constant condition or equal arms,
// select(c, 1, 0) / select(c, -1, 0) as extensions, i1 selects as c or !c,
// select(x > y, x, y) as maxsi. cmpf x, x is left alone (NaN).

// (The time limit is lifted so that a loaded machine cannot stop a run early.)
// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(egraph{time-limit-ms=100000}))' | FileCheck %s
// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(egraph{time-limit-ms=100000 target=spirv}))' | FileCheck %s
// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(egraph{time-limit-ms=100000 dump-rules=true}))' 2>&1 >/dev/null | FileCheck %s --check-prefix=RULES

// eq sle sge ule uge are true, ne slt sgt ult ugt false.
// CHECK-LABEL: sym_name = "cmpi_self"
// CHECK-NEXT: ^bb0(
// CHECK-NEXT: %[[T:[^ ,)]+]] = "arith.constant"() <{value = true}>
// CHECK-NEXT: %[[F:[^ ,)]+]] = "arith.constant"() <{value = false}>
// CHECK-NEXT: "func.return"(%[[T]], %[[F]], %[[F]], %[[T]], %[[F]], %[[T]], %[[F]], %[[T]], %[[F]], %[[T]])
// RULES: remark: egraph rules fired: cmpi-self-eq 1, cmpi-self-ne 1, cmpi-self-sge 1, cmpi-self-sgt 1, cmpi-self-sle 1, cmpi-self-slt 1, cmpi-self-uge 1, cmpi-self-ugt 1, cmpi-self-ule 1, cmpi-self-ult 1
"func.func"() <{function_type = (i32) -> (i1, i1, i1, i1, i1, i1, i1, i1, i1, i1), sym_name = "cmpi_self"}> ({
^bb0(%x: i32):
  %0 = "arith.cmpi"(%x, %x) <{predicate = 0 : i64}> : (i32, i32) -> i1
  %1 = "arith.cmpi"(%x, %x) <{predicate = 1 : i64}> : (i32, i32) -> i1
  %2 = "arith.cmpi"(%x, %x) <{predicate = 2 : i64}> : (i32, i32) -> i1
  %3 = "arith.cmpi"(%x, %x) <{predicate = 3 : i64}> : (i32, i32) -> i1
  %4 = "arith.cmpi"(%x, %x) <{predicate = 4 : i64}> : (i32, i32) -> i1
  %5 = "arith.cmpi"(%x, %x) <{predicate = 5 : i64}> : (i32, i32) -> i1
  %6 = "arith.cmpi"(%x, %x) <{predicate = 6 : i64}> : (i32, i32) -> i1
  %7 = "arith.cmpi"(%x, %x) <{predicate = 7 : i64}> : (i32, i32) -> i1
  %8 = "arith.cmpi"(%x, %x) <{predicate = 8 : i64}> : (i32, i32) -> i1
  %9 = "arith.cmpi"(%x, %x) <{predicate = 9 : i64}> : (i32, i32) -> i1
  "func.return"(%0, %1, %2, %3, %4, %5, %6, %7, %8, %9) : (i1, i1, i1, i1, i1, i1, i1, i1, i1, i1) -> ()
}) : () -> ()

// -----

// CHECK-LABEL: sym_name = "cmpi_forms"
// CHECK-NEXT: ^bb0(%[[A:[^ ,)]+]]: i32, %[[B:[^ ,)]+]]: i32):
// CHECK-NEXT: %[[LT:[^ ,)]+]] = "arith.cmpi"(%[[A]], %[[B]]) <{predicate = 2 : i64}>
// CHECK-NEXT: %[[C2:[^ ,)]+]] = "arith.constant"() <{value = 2 : i32}>
// CHECK-NEXT: %[[EQ:[^ ,)]+]] = "arith.cmpi"(%[[A]], %[[C2]]) <{predicate = 0 : i64}>
// CHECK-NEXT: "func.return"(%[[LT]], %[[LT]], %[[EQ]])
// RULES: remark: egraph rules fired: {{.*}}cmpi-eq-addi-const 1{{.*}}cmpi-swap-slt 1
"func.func"() <{function_type = (i32, i32) -> (i1, i1, i1), sym_name = "cmpi_forms"}> ({
^bb0(%a: i32, %b: i32):
  %c5 = "arith.constant"() <{value = 5 : i32}> : () -> i32
  %c7 = "arith.constant"() <{value = 7 : i32}> : () -> i32
  %0 = "arith.cmpi"(%a, %b) <{predicate = 2 : i64}> : (i32, i32) -> i1
  %1 = "arith.cmpi"(%b, %a) <{predicate = 4 : i64}> : (i32, i32) -> i1
  %2 = "arith.addi"(%a, %c5) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %3 = "arith.cmpi"(%2, %c7) <{predicate = 0 : i64}> : (i32, i32) -> i1
  "func.return"(%0, %1, %3) : (i1, i1, i1) -> ()
}) : () -> ()

// -----

// CHECK-LABEL: sym_name = "selects"
// CHECK-NEXT: ^bb0(%[[C:[^ ,)]+]]: i1, %[[X:[^ ,)]+]]: i32, %[[Y:[^ ,)]+]]: i32):
// CHECK-NEXT: %[[ZX:[^ ,)]+]] = "arith.extui"(%[[C]]) : (i1) -> i32
// CHECK-NEXT: %[[SX:[^ ,)]+]] = "arith.extsi"(%[[C]]) : (i1) -> i64
// CHECK-NEXT: %[[T:[^ ,)]+]] = "arith.constant"() <{value = true}>
// CHECK-NEXT: %[[NC:[^ ,)]+]] = "arith.xori"(%[[C]], %[[T]])
// CHECK-NEXT: %[[MAX:[^ ,)]+]] = "arith.maxsi"(%[[X]], %[[Y]])
// CHECK-NEXT: %[[S:[^ ,)]+]] = "arith.select"(%[[NC]], %[[X]], %[[Y]])
// CHECK-NEXT: "func.return"(%[[X]], %[[Y]], %[[ZX]], %[[SX]], %[[C]], %[[NC]], %[[MAX]], %[[S]])
// RULES: remark: egraph rules fired: {{.*}}select-1-0-to-extui 1, select-i1-false-to-andi 1, select-i1-to-cond 1, select-i1-to-not 1, select-i1-true-to-ori 1, select-not 1, select-ones-0-to-extsi 1, select-same 1, select-sgt-to-maxsi 1, select-true 1
"func.func"() <{function_type = (i1, i32, i32) -> (i32, i32, i32, i64, i1, i1, i32, i32), sym_name = "selects"}> ({
^bb0(%c: i1, %x: i32, %y: i32):
  %t = "arith.constant"() <{value = true}> : () -> i1
  %f = "arith.constant"() <{value = false}> : () -> i1
  %c1 = "arith.constant"() <{value = 1 : i32}> : () -> i32
  %c0 = "arith.constant"() <{value = 0 : i32}> : () -> i32
  %m1 = "arith.constant"() <{value = -1 : i64}> : () -> i64
  %z64 = "arith.constant"() <{value = 0 : i64}> : () -> i64
  %0 = "arith.select"(%t, %x, %y) : (i1, i32, i32) -> i32
  %1 = "arith.select"(%c, %y, %y) : (i1, i32, i32) -> i32
  %2 = "arith.select"(%c, %c1, %c0) : (i1, i32, i32) -> i32
  %3 = "arith.select"(%c, %m1, %z64) : (i1, i64, i64) -> i64
  %4 = "arith.select"(%c, %t, %f) : (i1, i1, i1) -> i1
  %5 = "arith.select"(%c, %f, %t) : (i1, i1, i1) -> i1
  %gt = "arith.cmpi"(%x, %y) <{predicate = 4 : i64}> : (i32, i32) -> i1
  %6 = "arith.select"(%gt, %x, %y) : (i1, i32, i32) -> i32
  %nc = "arith.xori"(%c, %t) : (i1, i1) -> i1
  %7 = "arith.select"(%nc, %x, %y) : (i1, i32, i32) -> i32
  "func.return"(%0, %1, %2, %3, %4, %5, %6, %7) : (i32, i32, i32, i64, i1, i1, i32, i32) -> ()
}) : () -> ()

// -----

// Must not fire: x == x is false for NaN.
// CHECK-LABEL: sym_name = "cmpf_self"
// CHECK-NEXT: ^bb0(%[[X:[^ ,)]+]]: f32):
// CHECK-NEXT: %[[R:[^ ,)]+]] = "arith.cmpf"(%[[X]], %[[X]])
// CHECK-NEXT: "func.return"(%[[R]])
// RULES: remark: egraph rules fired: none
"func.func"() <{function_type = (f32) -> i1, sym_name = "cmpf_self"}> ({
^bb0(%x: f32):
  %0 = "arith.cmpf"(%x, %x) <{fastmath = #arith.fastmath<none>, predicate = 1 : i64}> : (f32, f32) -> i1
  "func.return"(%0) : (i1) -> ()
}) : () -> ()
