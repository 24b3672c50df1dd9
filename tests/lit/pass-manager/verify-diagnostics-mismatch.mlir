// --verify-diagnostics fails on an unexpected error and on an expected one
// that is not produced, and says where.

// RUN: not cuwasm-opt %s --verify-diagnostics --pass-pipeline='builtin.module(func.func(test-fail{message=boom}))' 2>&1 | FileCheck %s
// CHECK: verify-diagnostics-mismatch.mlir:9:1: error: unexpected error: 'func.func' op boom
// CHECK: verify-diagnostics-mismatch.mlir:8:4: error: expected error "this is never produced" was not produced

// expected-error @+2 {{this is never produced}}
"func.func"() <{function_type = () -> (), sym_name = "f"}> ({
  "func.return"() : () -> ()
}) : () -> ()
