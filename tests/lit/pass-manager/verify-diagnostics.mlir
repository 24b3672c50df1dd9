// --split-input-file and --verify-diagnostics: each chunk is processed on its
// own, and the diagnostics must be those the comments expect.

// RUN: cuwasm-opt %s --split-input-file --verify-diagnostics --pass-pipeline='builtin.module(func.func(test-fail{message=boom}))'

// expected-error @+1 {{'func.func' op boom}}
"func.func"() <{function_type = () -> (), sym_name = "f"}> ({
  "func.return"() : () -> ()
}) : () -> ()

// -----

"func.func"() <{function_type = () -> (), sym_name = "g"}> ({
  %0 = "arith.constant"() <{value = 1 : i32}> : () -> i32
  // expected-error @below {{'func.return' op}}
  "func.return"(%0) : (i32) -> ()
}) : () -> ()

