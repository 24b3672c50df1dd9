// sccp on a module: interprocedural for private functions whose callers are
// all known, as mlir-opt-22's sccp (same output with cleanup=false).

// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(sccp)' | FileCheck %s --check-prefix=MODULE
// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(sccp{cleanup=false})' | FileCheck %s --check-prefix=MODULE

// The analysis crosses calls of private functions whose callers
// are all known: @callee gets 41 and returns 42.
// MODULE-LABEL: sym_name = "callee"
// MODULE-LABEL: sym_name = "caller"
// MODULE: %[[C:[^ ,)]+]] = "arith.constant"() <{value = 42 : i32}>
// MODULE: "func.return"(%[[C]])
"func.func"() <{function_type = (i32) -> i32, sym_name = "callee", sym_visibility = "private"}> ({
^bb0(%a: i32):
  %c = "arith.constant"() <{value = 1 : i32}> : () -> i32
  %r = "arith.addi"(%a, %c) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "func.return"(%r) : (i32) -> ()
}) : () -> ()
"func.func"() <{function_type = () -> i32, sym_name = "caller"}> ({
  %c = "arith.constant"() <{value = 41 : i32}> : () -> i32
  %r = "func.call"(%c) <{callee = @callee}> : (i32) -> i32
  "func.return"(%r) : (i32) -> ()
}) : () -> ()

// -----

// Negative: callers passing different values make the argument overdefined;
// a function named in an attribute has callers nobody knows.
// MODULE-LABEL: sym_name = "callee2"
// MODULE: "arith.addi"(%{{[^ ,)]+}}, %{{[^ ,)]+}})
// MODULE-LABEL: sym_name = "caller2"
// MODULE: %[[R:[^ ,)]+]] = "func.call"(%arg{{[0-9]+}})
// MODULE-NEXT: "func.return"(%[[R]])
// MODULE-LABEL: sym_name = "in_attr"
// MODULE-LABEL: sym_name = "taker"
// MODULE: %[[T:[^ ,)]+]] = "func.call"
// MODULE-NEXT: "func.return"(%[[T]])
"func.func"() <{function_type = (i32) -> i32, sym_name = "callee2", sym_visibility = "private"}> ({
^bb0(%a: i32):
  %c = "arith.constant"() <{value = 1 : i32}> : () -> i32
  %r = "arith.addi"(%a, %c) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "func.return"(%r) : (i32) -> ()
}) : () -> ()
"func.func"() <{function_type = (i32) -> i32, sym_name = "caller2"}> ({
^bb0(%x: i32):
  %c = "arith.constant"() <{value = 41 : i32}> : () -> i32
  %r1 = "func.call"(%c) <{callee = @callee2}> : (i32) -> i32
  %r2 = "func.call"(%x) <{callee = @callee2}> : (i32) -> i32
  "func.return"(%r2) : (i32) -> ()
}) : () -> ()
"func.func"() <{function_type = (i32) -> i32, sym_name = "in_attr", sym_visibility = "private"}> ({
^bb0(%a: i32):
  "func.return"(%a) : (i32) -> ()
}) : () -> ()
"func.func"() <{function_type = () -> i32, sym_name = "taker"}> ({
  %c = "arith.constant"() <{value = 41 : i32}> : () -> i32
  %r = "func.call"(%c) <{callee = @in_attr}> : (i32) -> i32
  "func.return"(%r) : (i32) -> ()
}) {keep = @in_attr} : () -> ()
