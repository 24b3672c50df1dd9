// A pattern set that never converges is reported and stops: the test pass
// swaps the operands of an addi forever (test_rewrite.rs).

// Without a rewrite limit, the driver's safety limit stops the first iteration.
// RUN: not cuwasm-opt %s --pass-pipeline='builtin.module(func.func(test-nonconverging-patterns))' 2>&1 | FileCheck %s --check-prefix=SAFETY
// SAFETY: canonicalize-nonconverging.mlir:[[@LINE+8]]:1: error: 'func.func' op test-nonconverging-patterns did not converge: iteration 1 reached the limit of {{[0-9]+}} rewrites

// With max-num-rewrites, each iteration stops there and the next one starts,
// up to max-iterations (as in MLIR).
// RUN: not cuwasm-opt %s --pass-pipeline='builtin.module(func.func(test-nonconverging-patterns{max-num-rewrites=10 max-iterations=4}))' 2>&1 | FileCheck %s --check-prefix=ITER
// ITER: error: 'func.func' op test-nonconverging-patterns did not converge after 4 iterations
// ITER-NOT: "builtin.module"

"func.func"() <{function_type = (i32, i32) -> i32, sym_name = "f"}> ({
^bb0(%a: i32, %b: i32):
  %0 = "arith.addi"(%a, %b) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "func.return"(%0) : (i32) -> ()
}) : () -> ()
