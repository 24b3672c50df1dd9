// Device ops without a gpu-dialect lowering are located errors, not skipped.
// RUN: not cuwasm-opt %s --pass-pipeline='builtin.module(convert-cuda-to-gpu)' 2>&1 | FileCheck %s

// CHECK: cuda-to-gpu-errors.mlir:[[@LINE+5]]:{{[0-9]+}}: error: 'cuda.syncwarp' op has no gpu-dialect lowering yet
"gpu.module"() <{sym_name = "kernels"}> ({
  "gpu.func"() <{function_type = (i1) -> ()}> ({
  ^bb0(%p: i1):
    %m = "arith.constant"() <{value = -1 : i32}> : () -> i32
    "cuda.syncwarp"(%m) : (i32) -> ()
    "gpu.return"() : () -> ()
  }) {gpu.kernel, sym_name = "k"} : () -> ()
}) : () -> ()
