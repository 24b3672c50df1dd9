// egraph, target cost models: one input, four answers.
// - x * 8 (i32): a shift on wasm; on ptx and spirv a 32-bit multiply runs
//   at full rate (IMAD), and on the cpu the Cranelift target turns a
//   multiplication by a constant into a shift or lea itself, so the original
//   is as cheap and is kept.
// - y * 8 (i64): a shift on wasm and the GPUs (64-bit multiplies are
//   sequences there), kept on the cpu (Cranelift's business, as above).
// - a*b + c with `contract`: one fma on cpu, ptx and spirv; wasm has no fma
//   instruction without relaxed-simd, so it keeps mulf + addf.
// - wgsl is spirv's cost model.

// (The time limit is lifted so that a loaded machine cannot stop a run early.)
// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(func.func(egraph{time-limit-ms=100000 target=cpu stats=true}))' 2>&1 | FileCheck %s --check-prefix=CPU
// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(func.func(egraph{time-limit-ms=100000 target=ptx stats=true}))' 2>&1 | FileCheck %s --check-prefixes=GPU,PTX
// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(func.func(egraph{time-limit-ms=100000 target=spirv stats=true}))' 2>&1 | FileCheck %s --check-prefixes=GPU,SPIRV
// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(func.func(egraph{time-limit-ms=100000 target=wgsl stats=true}))' 2>&1 | FileCheck %s --check-prefixes=GPU,SPIRV
// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(func.func(egraph{time-limit-ms=100000 target=wasm stats=true}))' 2>&1 | FileCheck %s --check-prefix=WASM

// CPU: remark: egraph (target cpu): {{.*}} cost 18 -> 14; ops 6 -> 5
// CPU-LABEL: "builtin.module"
// CPU-NEXT: sym_name = "targets"
// CPU-NEXT: ^bb0(%[[X:[^ ,)]+]]: i32, %[[Y:[^ ,)]+]]: i64, %[[A:[^ ,)]+]]: f32, %[[B:[^ ,)]+]]: f32, %[[C:[^ ,)]+]]: f32):
// CPU-NEXT: %[[C8:[^ ,)]+]] = "arith.constant"() <{value = 8 : i32}>
// CPU-NEXT: %[[R0:[^ ,)]+]] = "arith.muli"(%[[X]], %[[C8]])
// CPU-NEXT: %[[C8L:[^ ,)]+]] = "arith.constant"() <{value = 8 : i64}>
// CPU-NEXT: %[[R1:[^ ,)]+]] = "arith.muli"(%[[Y]], %[[C8L]])
// CPU-NEXT: %[[R2:[^ ,)]+]] = "math.fma"(%[[A]], %[[B]], %[[C]]) <{fastmath = #arith.fastmath<contract>}>
// CPU-NEXT: "func.return"(%[[R0]], %[[R1]], %[[R2]])

// PTX: remark: egraph (target ptx): {{.*}} cost 30 -> 22; ops 6 -> 5
// SPIRV: remark: egraph (target spirv): {{.*}} cost 30 -> 22; ops 6 -> 5
// GPU-LABEL: "builtin.module"
// GPU-NEXT: sym_name = "targets"
// GPU-NEXT: ^bb0(%[[X:[^ ,)]+]]: i32, %[[Y:[^ ,)]+]]: i64, %[[A:[^ ,)]+]]: f32, %[[B:[^ ,)]+]]: f32, %[[C:[^ ,)]+]]: f32):
// GPU-NEXT: %[[C8:[^ ,)]+]] = "arith.constant"() <{value = 8 : i32}>
// GPU-NEXT: %[[R0:[^ ,)]+]] = "arith.muli"(%[[X]], %[[C8]])
// GPU-NEXT: %[[C3L:[^ ,)]+]] = "arith.constant"() <{value = 3 : i64}>
// GPU-NEXT: %[[R1:[^ ,)]+]] = "arith.shli"(%[[Y]], %[[C3L]])
// GPU-NEXT: %[[R2:[^ ,)]+]] = "math.fma"(%[[A]], %[[B]], %[[C]]) <{fastmath = #arith.fastmath<contract>}>
// GPU-NEXT: "func.return"(%[[R0]], %[[R1]], %[[R2]])

// WASM: remark: egraph (target wasm): {{.*}} cost 26 -> 18; ops 6 -> 6
// WASM-LABEL: "builtin.module"
// WASM-NEXT: sym_name = "targets"
// WASM-NOT: math.fma
// WASM: "arith.shli"
// WASM-NEXT: "arith.constant"
// WASM-NEXT: "arith.shli"
// WASM-NEXT: %[[M:[^ ,)]+]] = "arith.mulf"
// WASM-NEXT: %[[S:[^ ,)]+]] = "arith.addf"(%[[M]], %{{[^ ,)]+}}) <{fastmath = #arith.fastmath<contract>}>
// WASM-NEXT: "func.return"

"func.func"() <{function_type = (i32, i64, f32, f32, f32) -> (i32, i64, f32), sym_name = "targets"}> ({
^bb0(%x: i32, %y: i64, %a: f32, %b: f32, %c: f32):
  %c8 = "arith.constant"() <{value = 8 : i32}> : () -> i32
  %c8l = "arith.constant"() <{value = 8 : i64}> : () -> i64
  %0 = "arith.muli"(%x, %c8) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %1 = "arith.muli"(%y, %c8l) <{overflowFlags = #arith.overflow<none>}> : (i64, i64) -> i64
  %2 = "arith.mulf"(%a, %b) <{fastmath = #arith.fastmath<contract>}> : (f32, f32) -> f32
  %3 = "arith.addf"(%2, %c) <{fastmath = #arith.fastmath<contract>}> : (f32, f32) -> f32
  "func.return"(%0, %1, %3) : (i32, i64, f32) -> ()
}) : () -> ()
