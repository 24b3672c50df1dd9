// legalize-f16: f16/bf16 values become their i16 bits (signatures, constants,
// memory), and each operation computes on exactly widened f32/f64 values and
// rounds once, by integer arithmetic on the bits. (The results are checked
// bit for bit against Rust's IEEE arithmetic by tests/ptx_semantics and on
// the corpus by 21_fp16.)

// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(legalize-f16)' | FileCheck %s
// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(legalize-f16,canonicalize,cse)' | FileCheck %s --check-prefix=CLEAN

// No f16 or bf16 survives anywhere.
// CHECK-NOT: f16
// CLEAN-NOT: f16

// Retyped: arguments, results, stores; 1.5 is its bits 0x3e00.
// CHECK-LABEL: sym_name = "add"
// CHECK: ^bb0(%[[A:[^:]+]]: i16, %{{[^:]+}}: i16, %[[P:[^:]+]]: !ptr.ptr<#ptr.generic_space>):
// CHECK-NEXT: %[[C:[^ ]+]] = "arith.constant"() <{value = 15872 : i16}> : () -> i16
// f16 to f32: the bits shifted into place and scaled by 2^112.
// CHECK-NEXT: "arith.extui"(%[[A]]) : (i16) -> i32
// CHECK: "arith.constant"() <{value = 13 : i32}>
// CHECK: "arith.constant"() <{value = 5.19229686E+33 : f32}>
// CHECK: "arith.extui"(%[[C]]) : (i16) -> i32
// CHECK: %[[SUM:[^ ]+]] = "arith.addf"({{.*}}) <{fastmath = #arith.fastmath<none>}> : (f32, f32) -> f32
// rounded to nearest even by the bits: 13 bits dropped
// CHECK-NEXT: "arith.bitcast"(%[[SUM]]) : (f32) -> i32
// CHECK: %[[R:[^ ]+]] = "arith.trunci"(%{{[^)]+}}) : (i32) -> i16
// negation flips the sign bit
// CHECK-NEXT: %[[SIGN:[^ ]+]] = "arith.constant"() <{value = -32768 : i16}>
// CHECK-NEXT: %[[N:[^ ]+]] = "arith.xori"(%[[R]], %[[SIGN]]) : (i16, i16) -> i16
// CHECK-NEXT: "ptr.store"(%[[N]], %[[P]]) : (i16, !ptr.ptr<#ptr.generic_space>) -> ()
// CHECK-NEXT: "func.return"(%[[N]]) : (i16) -> ()
"func.func"() <{function_type = (f16, f16, !ptr.ptr<#ptr.generic_space>) -> f16, sym_name = "add"}> ({
^bb0(%a: f16, %b: f16, %p: !ptr.ptr<#ptr.generic_space>):
  %c = "arith.constant"() <{value = 1.5 : f16}> : () -> f16
  %s = "arith.addf"(%a, %c) <{fastmath = #arith.fastmath<none>}> : (f16, f16) -> f16
  %n = "arith.negf"(%s) <{fastmath = #arith.fastmath<none>}> : (f16) -> f16
  "ptr.store"(%n, %p) : (f16, !ptr.ptr<#ptr.generic_space>) -> ()
  "func.return"(%n) : (f16) -> ()
}) : () -> ()

// truncf from f64 toward zero: the rounding works on i64 bits (52 - 10 =
// 42 bits dropped), never increments, and an overflow gives the largest
// finite half (0x7bff) instead of infinity.
// CHECK-LABEL: sym_name = "trunc_rz"
// CHECK: "arith.bitcast"(%{{[^)]+}}) : (f64) -> i64
// CHECK: "arith.constant"() <{value = 42 : i64}>
// CHECK: "arith.constant"() <{value = false}> : () -> i1
// CHECK: "arith.constant"() <{value = 31743 : i64}>
// CHECK: "arith.trunci"(%{{[^)]+}}) : (i64) -> i16
// Once cleaned up, the increment is gone (round to nearest keeps one, the
// i1 extended and added).
// CLEAN-LABEL: sym_name = "add"
// CLEAN: "arith.extui"(%{{[^)]+}}) : (i1) -> i32
// CLEAN-LABEL: sym_name = "trunc_rz"
// CLEAN-NOT: (i1) -> i64
// CLEAN-LABEL: sym_name = "bf16_ext"
"func.func"() <{function_type = (f64) -> f16, sym_name = "trunc_rz"}> ({
^bb0(%x: f64):
  %h = "arith.truncf"(%x) <{roundingmode = 3 : i32}> : (f64) -> f16
  "func.return"(%h) : (f16) -> ()
}) : () -> ()

// bf16 to f64: the bits are the top half of an f32, which extends exactly.
// CHECK-LABEL: sym_name = "bf16_ext"
// CHECK-NEXT: ^bb0(%[[B:[^:]+]]: i16):
// CHECK-NEXT: %[[W:[^ ]+]] = "arith.extui"(%[[B]]) : (i16) -> i32
// CHECK-NEXT: %[[SIXTEEN:[^ ]+]] = "arith.constant"() <{value = 16 : i32}>
// CHECK-NEXT: %[[HI:[^ ]+]] = "arith.shli"(%[[W]], %[[SIXTEEN]])
// CHECK-NEXT: %[[F:[^ ]+]] = "arith.bitcast"(%[[HI]]) : (i32) -> f32
// CHECK-NEXT: %[[D:[^ ]+]] = "arith.extf"(%[[F]]) : (f32) -> f64
// CHECK-NEXT: "func.return"(%[[D]]) : (f64) -> ()
"func.func"() <{function_type = (bf16) -> f64, sym_name = "bf16_ext"}> ({
^bb0(%x: bf16):
  %d = "arith.extf"(%x) : (bf16) -> f64
  "func.return"(%d) : (f64) -> ()
}) : () -> ()

// fma: the product exact in f64, the sum rounded to odd (TwoSum's error
// decides), then one rounding to f16.
// CHECK-LABEL: sym_name = "fma"
// CHECK: %[[PROD:[^ ]+]] = "arith.mulf"(%{{[^,]+}}, %{{[^)]+}}) : (f64, f64) -> f64
// CHECK-NEXT: %[[S:[^ ]+]] = "arith.addf"(%[[PROD]], %{{[^)]+}}) : (f64, f64) -> f64
// CHECK-NEXT: "arith.subf"(%[[S]], %[[PROD]])
// CHECK: "arith.ori"(%{{[^,]+}}, %{{[^)]+}}) : (i64, i64) -> i64
// CHECK: "arith.trunci"(%{{[^)]+}}) : (i64) -> i16
// CHECK-NOT: "math.fma"
// CHECK: "func.return"
"func.func"() <{function_type = (f16, f16, f16) -> f16, sym_name = "fma"}> ({
^bb0(%a: f16, %b: f16, %c: f16):
  %r = "math.fma"(%a, %b, %c) <{fastmath = #arith.fastmath<none>}> : (f16, f16, f16) -> f16
  "func.return"(%r) : (f16) -> ()
}) : () -> ()

// Comparisons and conversions to integers compute on the f32 values; a
// select of halves only moves bits.
// CHECK-LABEL: sym_name = "compare"
// CHECK: "arith.cmpf"(%{{[^,]+}}, %{{[^)]+}}) <{fastmath = #arith.fastmath<none>, predicate = 4 : i64}> : (f32, f32) -> i1
// CHECK: "arith.select"(%{{[^,]+}}, %{{[^,]+}}, %{{[^)]+}}) : (i1, i16, i16) -> i16
// CHECK: "arith.fptosi"(%{{[^)]+}}) : (f32) -> i32
"func.func"() <{function_type = (f16, f16) -> (f16, i32), sym_name = "compare"}> ({
^bb0(%a: f16, %b: f16):
  %lt = "arith.cmpf"(%a, %b) <{fastmath = #arith.fastmath<none>, predicate = 4 : i64}> : (f16, f16) -> i1
  %m = "arith.select"(%lt, %a, %b) : (i1, f16, f16) -> f16
  %i = "arith.fptosi"(%m) : (f16) -> i32
  "func.return"(%m, %i) : (f16, i32) -> ()
}) : () -> ()
