// egraph, fma formation: a*b + c => math.fma(a, b, c) and a*b - c =>
// math.fma(a, b, -c), only when the multiplication AND the addition carry
// `contract` (`fast` includes it; the fma gets the flags they share), and only
// for targets with a cheap fma (ptx, spirv/wgsl, cpu; not wasm, which has no
// fma instruction without relaxed-simd).

// (The time limit is lifted so that a loaded machine cannot stop a run early.)
// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(egraph{time-limit-ms=100000}))' | FileCheck %s
// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(egraph{time-limit-ms=100000 target=ptx}))' | FileCheck %s
// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(egraph{time-limit-ms=100000 target=wasm}))' | FileCheck %s --check-prefix=WASM

// c + a*b is reached through addf's commutativity.
// CHECK-LABEL: sym_name = "contract"
// CHECK-NEXT: ^bb0(%[[A:[^ ,)]+]]: f32, %[[B:[^ ,)]+]]: f32, %[[C:[^ ,)]+]]: f32):
// CHECK-NEXT: %[[F0:[^ ,)]+]] = "math.fma"(%[[A]], %[[B]], %[[C]]) <{fastmath = #arith.fastmath<contract>}>
// CHECK-NEXT: %[[F1:[^ ,)]+]] = "math.fma"(%[[B]], %[[C]], %[[A]]) <{fastmath = #arith.fastmath<fast>}>
// CHECK-NEXT: "func.return"(%[[F0]], %[[F1]])
// WASM-LABEL: sym_name = "contract"
// WASM-NOT: math.fma
// WASM: "arith.mulf"
// WASM-NEXT: "arith.addf"
// WASM-NEXT: "arith.mulf"
// WASM-NEXT: "arith.addf"
// WASM-NEXT: "func.return"
"func.func"() <{function_type = (f32, f32, f32) -> (f32, f32), sym_name = "contract"}> ({
^bb0(%a: f32, %b: f32, %c: f32):
  %0 = "arith.mulf"(%a, %b) <{fastmath = #arith.fastmath<contract>}> : (f32, f32) -> f32
  %1 = "arith.addf"(%0, %c) <{fastmath = #arith.fastmath<contract>}> : (f32, f32) -> f32
  %2 = "arith.mulf"(%b, %c) <{fastmath = #arith.fastmath<fast>}> : (f32, f32) -> f32
  %3 = "arith.addf"(%a, %2) <{fastmath = #arith.fastmath<fast>}> : (f32, f32) -> f32
  "func.return"(%1, %3) : (f32, f32) -> ()
}) : () -> ()

// -----

// The shared flags of <contract,afn> and <nnan,contract> are <contract>.
// CHECK-LABEL: sym_name = "sub"
// CHECK-NEXT: ^bb0(%[[A:[^ ,)]+]]: f64, %[[B:[^ ,)]+]]: f64, %[[C:[^ ,)]+]]: f64):
// CHECK-NEXT: %[[N:[^ ,)]+]] = "arith.negf"(%[[C]]) <{fastmath = #arith.fastmath<contract>}>
// CHECK-NEXT: %[[F:[^ ,)]+]] = "math.fma"(%[[A]], %[[B]], %[[N]]) <{fastmath = #arith.fastmath<contract>}>
// CHECK-NEXT: "func.return"(%[[F]])
// WASM-LABEL: sym_name = "sub"
// WASM-NOT: math.fma
// WASM: "func.return"
"func.func"() <{function_type = (f64, f64, f64) -> f64, sym_name = "sub"}> ({
^bb0(%a: f64, %b: f64, %c: f64):
  %0 = "arith.mulf"(%a, %b) <{fastmath = #arith.fastmath<contract,afn>}> : (f64, f64) -> f64
  %1 = "arith.subf"(%0, %c) <{fastmath = #arith.fastmath<nnan,contract>}> : (f64, f64) -> f64
  "func.return"(%1) : (f64) -> ()
}) : () -> ()

// -----

// Must not fire: no flags; `contract` on the multiplication only; on the
// addition only.
// CHECK-LABEL: sym_name = "no_contract"
// CHECK-NOT: math.fma
// CHECK: "arith.mulf"
// CHECK-NEXT: "arith.addf"
// CHECK-NEXT: "arith.mulf"
// CHECK-NEXT: "arith.addf"
// CHECK-NEXT: "arith.mulf"
// CHECK-NEXT: "arith.addf"
// CHECK-NEXT: "func.return"
// WASM-LABEL: sym_name = "no_contract"
// WASM-NOT: math.fma
"func.func"() <{function_type = (f32, f32, f32) -> (f32, f32, f32), sym_name = "no_contract"}> ({
^bb0(%a: f32, %b: f32, %c: f32):
  %0 = "arith.mulf"(%a, %b) <{fastmath = #arith.fastmath<none>}> : (f32, f32) -> f32
  %1 = "arith.addf"(%0, %c) <{fastmath = #arith.fastmath<none>}> : (f32, f32) -> f32
  %2 = "arith.mulf"(%a, %c) <{fastmath = #arith.fastmath<contract>}> : (f32, f32) -> f32
  %3 = "arith.addf"(%2, %b) <{fastmath = #arith.fastmath<nnan>}> : (f32, f32) -> f32
  %4 = "arith.mulf"(%b, %c) <{fastmath = #arith.fastmath<reassoc,nsz>}> : (f32, f32) -> f32
  %5 = "arith.addf"(%4, %a) <{fastmath = #arith.fastmath<contract>}> : (f32, f32) -> f32
  "func.return"(%1, %3, %5) : (f32, f32, f32) -> ()
}) : () -> ()
