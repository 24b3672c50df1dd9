// Functions that call one another: a function pipeline runs on each on its own
// thread (where the callee is out of sight), and symbol uses are checked
// against the module once the pipeline is done.

// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(func.func(cse,test-mark))' | FileCheck %s
// RUN: cuwasm-opt %s --mlir-disable-threading --pass-pipeline='builtin.module(func.func(cse,test-mark))' | FileCheck %s
// CHECK: sym_name = "callee"
// CHECK: %0 = "arith.addi"(%arg0, %arg0) : (i32, i32) -> i32
// CHECK-NEXT: %1 = "func.call"(%0) <{callee = @callee}> : (i32) -> i32
// CHECK-NEXT: "func.return"(%1, %0) : (i32, i32) -> ()
// CHECK: {test.mark = 1 : i64}

"func.func"() <{function_type = (i32) -> i32, sym_name = "callee"}> ({
^bb0(%x: i32):
  "func.return"(%x) : (i32) -> ()
}) : () -> ()
"func.func"() <{function_type = (i32) -> (i32, i32), sym_name = "caller"}> ({
^bb0(%a: i32):
  %0 = "arith.addi"(%a, %a) : (i32, i32) -> i32
  %1 = "func.call"(%0) <{callee = @callee}> : (i32) -> i32
  %2 = "arith.addi"(%a, %a) : (i32, i32) -> i32
  "func.return"(%1, %2) : (i32, i32) -> ()
}) : () -> ()
