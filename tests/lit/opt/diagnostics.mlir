// Parse errors and unregistered dialects: located diagnostics, status 1;
// --allow-unregistered-dialect accepts the op, --mlir-print-debuginfo prints
// where each op came from.

// RUN: not cuwasm-opt %s 2>&1 | FileCheck %s --check-prefix=UNREGISTERED
// UNREGISTERED: diagnostics.mlir:[[@LINE+10]]:3: error: operation 'test.op' of unregistered dialect 'test' (use --allow-unregistered-dialect to accept it)

// RUN: cuwasm-opt %s --allow-unregistered-dialect --mlir-print-debuginfo | FileCheck %s --check-prefix=DEBUGINFO
// DEBUGINFO:      "test.op"() : () -> () loc("{{.*}}diagnostics.mlir":[[@LINE+7]]:3)
// DEBUGINFO-NEXT: }) : () -> () loc("{{.*}}diagnostics.mlir":[[@LINE+5]]:1)

// RUN: echo '"builtin.module"() ({' | not cuwasm-opt 2>&1 | FileCheck %s --check-prefix=STDIN
// STDIN: <stdin>:2:1: error:

"builtin.module"() ({
  "test.op"() : () -> ()
}) : () -> ()
