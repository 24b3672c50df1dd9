// egraph on vectors (the lanes of the CPU path's thread loops): ops are
// lane-wise, so the scalar rules hold with splat constants; a select of
// masks with a constant arm is `ori`/`andi` (one instruction instead of a
// bit-select); ops of splats are splats of the scalar op (a uniform compare
// or sum stays scalar, where loop-invariant code motion hoists it); x * 1
// folds away. Must not fire: a vector multiply by 4 stays a multiply (vector
// shifts are scalarized by the targets), and a select of whole vectors by a
// scalar condition is not lane-wise and is left alone. On wasm, where
// `v128.bitselect` is one instruction, the ori still wins because it needs
// no splat of `true`.

// (The time limit is lifted so that a loaded machine cannot stop a run early.)
// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(func.func(egraph{time-limit-ms=100000 stats=true}))' 2>&1 | FileCheck %s --check-prefixes=CHECK,CPU
// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(func.func(egraph{time-limit-ms=100000 target=wasm stats=true}))' 2>&1 | FileCheck %s --check-prefixes=CHECK,WASM
// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(func.func(egraph{time-limit-ms=100000 dump-rules=true}))' 2>&1 >/dev/null | FileCheck %s --check-prefix=RULES

// CPU: remark: egraph (target cpu): {{.*}} cost 92 -> 53; ops 18 -> 11
// WASM: remark: egraph (target wasm): {{.*}} cost 76 -> 53; ops 18 -> 11
// CHECK-LABEL: sym_name = "masks"
// CHECK-NEXT: ^bb0(%[[M:[^ ,)]+]]: vector<4xi1>, %[[N:[^ ,)]+]]: vector<4xi1>, %[[A:[^ ,)]+]]: i32, %[[B:[^ ,)]+]]: i32, %[[V:[^ ,)]+]]: vector<4xi32>, %[[C:[^ ,)]+]]: i1):
// CHECK-NEXT: %[[OR:[^ ,)]+]] = "arith.ori"(%[[M]], %[[N]]) : (vector<4xi1>, vector<4xi1>) -> vector<4xi1>
// CHECK-NEXT: %[[AND:[^ ,)]+]] = "arith.andi"(%[[M]], %[[N]]) : (vector<4xi1>, vector<4xi1>) -> vector<4xi1>
// CHECK-NEXT: %[[GE:[^ ,)]+]] = "arith.cmpi"(%[[B]], %[[A]]) <{predicate = 3 : i64}> : (i32, i32) -> i1
// CHECK-NEXT: %[[SGE:[^ ,)]+]] = "simd.splat"(%[[GE]]) : (i1) -> vector<4xi1>
// CHECK-NEXT: %[[LANE:[^ ,)]+]] = "simd.lane_id"()
// CHECK-NEXT: %[[C4:[^ ,)]+]] = "arith.constant"() <{value = 4 : i32}>
// CHECK-NEXT: %[[V4:[^ ,)]+]] = "simd.splat"(%[[C4]]) : (i32) -> vector<4xi32>
// CHECK-NEXT: %[[X4:[^ ,)]+]] = "arith.muli"(%[[V]], %[[V4]])
// CHECK-NEXT: %[[S:[^ ,)]+]] = "arith.addi"(%[[A]], %[[B]]) {{.*}}: (i32, i32) -> i32
// CHECK-NEXT: %[[SS:[^ ,)]+]] = "simd.splat"(%[[S]]) : (i32) -> vector<4xi32>
// CHECK-NEXT: %[[KEEP:[^ ,)]+]] = "arith.select"(%[[C]], %[[V]], %[[X4]]) : (i1, vector<4xi32>, vector<4xi32>) -> vector<4xi32>
// CHECK-NEXT: "func.return"(%[[OR]], %[[AND]], %[[SGE]], %[[LANE]], %[[X4]], %[[SS]], %[[KEEP]])
// RULES: remark: egraph rules fired: {{.*}}select-i1-false-to-andi 1, select-i1-true-to-ori 1, splat-addi 2, splat-cmpi.sge 1
"func.func"() <{function_type = (vector<4xi1>, vector<4xi1>, i32, i32, vector<4xi32>, i1) -> (vector<4xi1>, vector<4xi1>, vector<4xi1>, vector<4xi32>, vector<4xi32>, vector<4xi32>, vector<4xi32>), sym_name = "masks"}> ({
^bb0(%m: vector<4xi1>, %n: vector<4xi1>, %a: i32, %b: i32, %v: vector<4xi32>, %c: i1):
  %t = "arith.constant"() <{value = true}> : () -> i1
  %f = "arith.constant"() <{value = false}> : () -> i1
  %c1 = "arith.constant"() <{value = 1 : i32}> : () -> i32
  %c4 = "arith.constant"() <{value = 4 : i32}> : () -> i32
  %vt = "simd.splat"(%t) : (i1) -> vector<4xi1>
  %vf = "simd.splat"(%f) : (i1) -> vector<4xi1>
  %or = "arith.select"(%m, %vt, %n) : (vector<4xi1>, vector<4xi1>, vector<4xi1>) -> vector<4xi1>
  %and = "arith.select"(%m, %n, %vf) : (vector<4xi1>, vector<4xi1>, vector<4xi1>) -> vector<4xi1>
  %sa = "simd.splat"(%a) : (i32) -> vector<4xi32>
  %sb = "simd.splat"(%b) : (i32) -> vector<4xi32>
  %ge = "arith.cmpi"(%sa, %sb) <{predicate = 5 : i64}> : (vector<4xi32>, vector<4xi32>) -> vector<4xi1>
  %lane = "simd.lane_id"() : () -> vector<4xi32>
  %v1 = "simd.splat"(%c1) : (i32) -> vector<4xi32>
  %l1 = "arith.muli"(%lane, %v1) : (vector<4xi32>, vector<4xi32>) -> vector<4xi32>
  %v4 = "simd.splat"(%c4) : (i32) -> vector<4xi32>
  %x4 = "arith.muli"(%v, %v4) : (vector<4xi32>, vector<4xi32>) -> vector<4xi32>
  %sum = "arith.addi"(%sa, %sb) : (vector<4xi32>, vector<4xi32>) -> vector<4xi32>
  %keep = "arith.select"(%c, %v, %x4) : (i1, vector<4xi32>, vector<4xi32>) -> vector<4xi32>
  "func.return"(%or, %and, %ge, %l1, %x4, %sum, %keep) : (vector<4xi1>, vector<4xi1>, vector<4xi1>, vector<4xi32>, vector<4xi32>, vector<4xi32>, vector<4xi32>) -> ()
}) : () -> ()
