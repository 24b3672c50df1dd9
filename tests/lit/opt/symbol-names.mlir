// Symbol references print bare only when MLIR's bare-identifier rule allows it
// (a letter or '_', then letters, digits, '_', '$', '.'); others are quoted,
// as mlir-opt-22 prints them (PTX's printf strings are named $str).

// RUN: cuwasm-opt %s | FileCheck %s
// CHECK: "func.call"() <{callee = @"$str"}> : () -> ()
// CHECK: "func.call"() <{callee = @"a-b"}> : () -> ()
// CHECK: "func.call"() <{callee = @_x.y$1}> : () -> ()

"func.func"() <{function_type = () -> (), sym_name = "$str", sym_visibility = "private"}> ({
  "func.return"() : () -> ()
}) : () -> ()
"func.func"() <{function_type = () -> (), sym_name = "a-b", sym_visibility = "private"}> ({
  "func.return"() : () -> ()
}) : () -> ()
"func.func"() <{function_type = () -> (), sym_name = "_x.y$1", sym_visibility = "private"}> ({
  "func.return"() : () -> ()
}) : () -> ()
"func.func"() <{function_type = () -> (), sym_name = "g"}> ({
  "func.call"() <{callee = @"$str"}> : () -> ()
  "func.call"() <{callee = @"a-b"}> : () -> ()
  "func.call"() <{callee = @_x.y$1}> : () -> ()
  "func.return"() : () -> ()
}) : () -> ()
