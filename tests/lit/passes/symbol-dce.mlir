// symbol-dce: MLIR's SymbolDCE. Checked against mlir-opt-22
// --pass-pipeline='builtin.module(symbol-dce)' (same output).

// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(symbol-dce)' | FileCheck %s

// CHECK-LABEL: "builtin.module"() ({
// CHECK-NOT: sym_name = "dead_private"
// CHECK-NOT: sym_name = "dead_nested"
// CHECK: sym_name = "live_private"
// CHECK: sym_name = "live_nested"
// CHECK: sym_name = "public_unused"
// CHECK: sym_name = "public"
// CHECK-NOT: sym_name = "cycle_a"
// CHECK-NOT: sym_name = "cycle_b"
// CHECK-NOT: sym_name = "private_module"
// CHECK: sym_name = "public_module"
// CHECK: sym_name = "in_public"
// CHECK-NOT: sym_name = "in_dead"
// CHECK: sym_name = "in_live"
"func.func"() <{function_type = () -> (), sym_name = "dead_private", sym_visibility = "private"}> ({
}) : () -> ()
"func.func"() <{function_type = () -> (), sym_name = "dead_nested", sym_visibility = "nested"}> ({
}) : () -> ()
"func.func"() <{function_type = () -> (), sym_name = "live_private", sym_visibility = "private"}> ({
}) : () -> ()
"func.func"() <{function_type = () -> (), sym_name = "live_nested", sym_visibility = "nested"}> ({
}) : () -> ()
"func.func"() <{function_type = () -> (), sym_name = "public_unused"}> ({
  "func.return"() : () -> ()
}) : () -> ()
"func.func"() <{function_type = () -> (), sym_name = "public"}> ({
  "func.call"() <{callee = @live_private}> : () -> ()
  "func.call"() <{callee = @live_nested}> : () -> ()
  "func.return"() : () -> ()
}) : () -> ()
"func.func"() <{function_type = () -> (), sym_name = "cycle_a", sym_visibility = "private"}> ({
  "func.call"() <{callee = @cycle_b}> : () -> ()
  "func.return"() : () -> ()
}) : () -> ()
"func.func"() <{function_type = () -> (), sym_name = "cycle_b", sym_visibility = "private"}> ({
  "func.call"() <{callee = @cycle_a}> : () -> ()
  "func.return"() : () -> ()
}) : () -> ()
"builtin.module"() <{sym_name = "private_module", sym_visibility = "private"}> ({
  "func.func"() <{function_type = () -> (), sym_name = "pm_public"}> ({
    "func.return"() : () -> ()
  }) : () -> ()
}) : () -> ()
"builtin.module"() <{sym_name = "public_module"}> ({
  "func.func"() <{function_type = () -> (), sym_name = "in_public"}> ({
    "func.call"() <{callee = @in_live}> : () -> ()
    "func.return"() : () -> ()
  }) : () -> ()
  "func.func"() <{function_type = () -> (), sym_name = "in_dead", sym_visibility = "private"}> ({
  }) : () -> ()
  "func.func"() <{function_type = () -> (), sym_name = "in_live", sym_visibility = "private"}> ({
  }) : () -> ()
}) : () -> ()

// -----

// References in properties and (nested) attributes keep symbols; @lib::@used
// keeps both @lib and @used.
// CHECK-LABEL: "builtin.module"() ({
// CHECK: sym_name = "lib"
// CHECK: sym_name = "used"
// CHECK-NOT: sym_name = "unused"
// CHECK: sym_name = "by_constant"
// CHECK: sym_name = "by_attr"
"builtin.module"() <{sym_name = "lib", sym_visibility = "private"}> ({
  "func.func"() <{function_type = () -> (), sym_name = "used", sym_visibility = "nested"}> ({
    "func.return"() : () -> ()
  }) : () -> ()
  "func.func"() <{function_type = () -> (), sym_name = "unused", sym_visibility = "nested"}> ({
    "func.return"() : () -> ()
  }) : () -> ()
}) : () -> ()
"func.func"() <{function_type = (i32) -> i32, sym_name = "by_constant", sym_visibility = "private"}> ({
}) : () -> ()
"func.func"() <{function_type = () -> (), sym_name = "by_attr", sym_visibility = "private"}> ({
}) : () -> ()
"func.func"() <{function_type = () -> ((i32) -> i32), sym_name = "main"}> ({
  %0 = "func.constant"() <{value = @by_constant}> : () -> ((i32) -> i32)
  "func.return"(%0) : ((i32) -> i32) -> ()
}) {refs = [@lib::@used, {k = @by_attr}]} : () -> ()

// -----

// Negative: symbol-dce needs a symbol table.
// RUN: not cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(symbol-dce))' 2>&1 | FileCheck %s --check-prefix=ERR
// ERR: error: 'func.func' op was scheduled to run under symbol-dce, but does not define a symbol table
"func.func"() <{function_type = () -> (), sym_name = "f"}> ({
  "func.return"() : () -> ()
}) : () -> ()
