// egraph, strength reduction by powers of two, with signedness right:
// x * 2^k => x << k, unsigned x / 2^k => x >>u k, unsigned x % 2^k =>
// x & (2^k - 1). Signed x / 2^k must NOT become x >>s k (-7 / 4 is -1,
// -7 >>s 2 is -2): it becomes the rounding-correct sequence that adds 2^k - 1
// to negative dividends first, which is cheaper than a division. (On wasm:
// the cpu model leaves multiplications and divisions by constants to the
// Cranelift target, which reduces them itself, so there nothing changes.)

// (The time limit is lifted so that a loaded machine cannot stop a run early.)
// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(egraph{time-limit-ms=100000 target=wasm}))' | FileCheck %s
// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(egraph{time-limit-ms=100000 target=wasm dump-rules=true}))' 2>&1 >/dev/null | FileCheck %s --check-prefix=RULES
// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(egraph{time-limit-ms=100000 stats=true}))' 2>&1 >/dev/null | FileCheck %s --check-prefix=CPU
// CPU-COUNT-4: remark: egraph (target cpu): 1 blocks, 0 rewritten;

// CHECK-LABEL: sym_name = "mul_pow2"
// CHECK-NEXT: ^bb0(%[[X:[^ ,)]+]]: i32, %[[I:[^ ,)]+]]: index):
// CHECK-NEXT: %[[C3:[^ ,)]+]] = "arith.constant"() <{value = 3 : i32}>
// CHECK-NEXT: %[[R0:[^ ,)]+]] = "arith.shli"(%[[X]], %[[C3]])
// CHECK-NEXT: %[[C4:[^ ,)]+]] = "arith.constant"() <{value = 4 : index}>
// CHECK-NEXT: %[[R1:[^ ,)]+]] = "arith.shli"(%[[I]], %[[C4]])
// CHECK-NEXT: "func.return"(%[[R0]], %[[R1]])
// RULES: remark: egraph rules fired: muli-pow2-to-shli 2
"func.func"() <{function_type = (i32, index) -> (i32, index), sym_name = "mul_pow2"}> ({
^bb0(%x: i32, %i: index):
  %c8 = "arith.constant"() <{value = 8 : i32}> : () -> i32
  %c16 = "arith.constant"() <{value = 16 : index}> : () -> index
  %0 = "arith.muli"(%x, %c8) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %1 = "arith.muli"(%c16, %i) <{overflowFlags = #arith.overflow<none>}> : (index, index) -> index
  "func.return"(%0, %1) : (i32, index) -> ()
}) : () -> ()

// -----

// CHECK-LABEL: sym_name = "unsigned_div_rem"
// CHECK-NEXT: ^bb0(%[[X:[^ ,)]+]]: i32, %[[Y:[^ ,)]+]]: i64):
// CHECK-NEXT: %[[C2:[^ ,)]+]] = "arith.constant"() <{value = 2 : i32}>
// CHECK-NEXT: %[[Q:[^ ,)]+]] = "arith.shrui"(%[[X]], %[[C2]])
// CHECK-NEXT: %[[C15:[^ ,)]+]] = "arith.constant"() <{value = 15 : i64}>
// CHECK-NEXT: %[[R:[^ ,)]+]] = "arith.andi"(%[[Y]], %[[C15]])
// CHECK-NEXT: "func.return"(%[[Q]], %[[R]])
// RULES: remark: egraph rules fired: {{.*}}divui-pow2-to-shrui 1, remui-pow2-to-andi 1
"func.func"() <{function_type = (i32, i64) -> (i32, i64), sym_name = "unsigned_div_rem"}> ({
^bb0(%x: i32, %y: i64):
  %c4 = "arith.constant"() <{value = 4 : i32}> : () -> i32
  %c16 = "arith.constant"() <{value = 16 : i64}> : () -> i64
  %0 = "arith.divui"(%x, %c4) : (i32, i32) -> i32
  %1 = "arith.remui"(%y, %c16) : (i64, i64) -> i64
  "func.return"(%0, %1) : (i32, i64) -> ()
}) : () -> ()

// -----

// The must-not-fire case: the NEXT chain pins every op of the block, and the
// only shift of x itself is by 31 (its sign); the quotient is
// (x + ((x >>s 31) >>u 30)) >>s 2.
// CHECK-LABEL: sym_name = "signed_div_pow2"
// CHECK-NEXT: ^bb0(%[[X:[^ ,)]+]]: i32):
// CHECK-NEXT: %[[C31:[^ ,)]+]] = "arith.constant"() <{value = 31 : i32}>
// CHECK-NEXT: %[[SIGN:[^ ,)]+]] = "arith.shrsi"(%[[X]], %[[C31]])
// CHECK-NEXT: %[[C30:[^ ,)]+]] = "arith.constant"() <{value = 30 : i32}>
// CHECK-NEXT: %[[BIAS:[^ ,)]+]] = "arith.shrui"(%[[SIGN]], %[[C30]])
// CHECK-NEXT: %[[SUM:[^ ,)]+]] = "arith.addi"(%[[X]], %[[BIAS]])
// CHECK-NEXT: %[[C2:[^ ,)]+]] = "arith.constant"() <{value = 2 : i32}>
// CHECK-NEXT: %[[Q:[^ ,)]+]] = "arith.shrsi"(%[[SUM]], %[[C2]])
// CHECK-NEXT: "func.return"(%[[Q]])
// RULES: remark: egraph rules fired: {{.*}}divsi-pow2-biased 1
"func.func"() <{function_type = (i32) -> i32, sym_name = "signed_div_pow2"}> ({
^bb0(%x: i32):
  %c4 = "arith.constant"() <{value = 4 : i32}> : () -> i32
  %0 = "arith.divsi"(%x, %c4) : (i32, i32) -> i32
  "func.return"(%0) : (i32) -> ()
}) : () -> ()

// -----

// Left alone (the block is not rewritten at all): signed remainder by 4,
// division by 6 and by a negative power of two, division by zero or by a
// value (those may trap and stay where they are), x * 6.
// CHECK-LABEL: sym_name = "left_alone"
// CHECK: "arith.remsi"
// CHECK-NEXT: "arith.divui"
// CHECK-NEXT: "arith.divui"
// CHECK-NEXT: "arith.divsi"
// CHECK-NEXT: "arith.muli"
// CHECK-NEXT: "arith.constant"() <{value = -4 : i32}>
// CHECK-NEXT: "arith.divsi"
// CHECK-NEXT: "func.return"
// RULES: remark: egraph rules fired: none
"func.func"() <{function_type = (i32, i32) -> (i32, i32, i32, i32, i32, i32), sym_name = "left_alone"}> ({
^bb0(%x: i32, %d: i32):
  %c0 = "arith.constant"() <{value = 0 : i32}> : () -> i32
  %c4 = "arith.constant"() <{value = 4 : i32}> : () -> i32
  %c6 = "arith.constant"() <{value = 6 : i32}> : () -> i32
  %0 = "arith.remsi"(%x, %c4) : (i32, i32) -> i32
  %1 = "arith.divui"(%x, %c6) : (i32, i32) -> i32
  %2 = "arith.divui"(%x, %c0) : (i32, i32) -> i32
  %3 = "arith.divsi"(%x, %d) : (i32, i32) -> i32
  %4 = "arith.muli"(%x, %c6) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %cm4 = "arith.constant"() <{value = -4 : i32}> : () -> i32
  %5 = "arith.divsi"(%x, %cm4) : (i32, i32) -> i32
  "func.return"(%0, %1, %2, %3, %4, %5) : (i32, i32, i32, i32, i32, i32) -> ()
}) : () -> ()
