// What legalize-f16 cannot compute exactly is a located error at the op.
// RUN: not cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(legalize-f16)' 2>&1 | FileCheck %s

// CHECK: legalize-f16-errors.mlir:[[@LINE+3]]:{{[0-9]+}}: error: 'cuda.atomic_rmw' op on 16-bit floats is not supported on this target (atomics on f16/bf16)
"func.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>, f16) -> f16, sym_name = "atomic"}> ({
^bb0(%p: !ptr.ptr<#ptr.generic_space>, %x: f16):
  %old = "cuda.atomic_rmw"(%p, %x) <{kind = #cuda<atomic_kind add>}> : (!ptr.ptr<#ptr.generic_space>, f16) -> f16
  "func.return"(%old) : (f16) -> ()
}) : () -> ()

// -----

// CHECK: legalize-f16-errors.mlir:[[@LINE+3]]:{{[0-9]+}}: error: 'arith.addf' op on vectors or aggregates of 16-bit floats is not supported by legalize-f16
"func.func"() <{function_type = (vector<2xf16>) -> vector<2xf16>, sym_name = "vector"}> ({
^bb0(%v: vector<2xf16>):
  %s = "arith.addf"(%v, %v) <{fastmath = #arith.fastmath<none>}> : (vector<2xf16>, vector<2xf16>) -> vector<2xf16>
  "func.return"(%s) : (vector<2xf16>) -> ()
}) : () -> ()

// -----

// Directed rounding of f16 arithmetic (PTX's add.rz.f16 and friends).
// CHECK: legalize-f16-errors.mlir:[[@LINE+3]]:{{[0-9]+}}: error: 'cuda.rounded' op on 16-bit floats is not supported by legalize-f16
"func.func"() <{function_type = (f16, f16) -> f16, sym_name = "rounded"}> ({
^bb0(%a: f16, %b: f16):
  %r = "cuda.rounded"(%a, %b) <{op = #cuda<rounded_op add>, rounding = #cuda<rounding rz>}> : (f16, f16) -> f16
  "func.return"(%r) : (f16) -> ()
}) : () -> ()
