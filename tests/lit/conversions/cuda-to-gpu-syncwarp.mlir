// cuda.syncwarp stays through convert-cuda-to-gpu (the gpu dialect has no
// warp barrier): convert-gpu-to-simd ends a thread loop there, like
// gpu.barrier, and the GPU targets write their own (run/activemask-syncwarp.cu
// runs it).
// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(convert-cuda-to-gpu)' | FileCheck %s

// CHECK: %[[M:[0-9]+]] = "arith.constant"() <{value = -1 : i32}>
// CHECK-NEXT: "cuda.syncwarp"(%[[M]]) : (i32) -> ()
"gpu.module"() <{sym_name = "kernels"}> ({
  "gpu.func"() <{function_type = (i1) -> ()}> ({
  ^bb0(%p: i1):
    %m = "arith.constant"() <{value = -1 : i32}> : () -> i32
    "cuda.syncwarp"(%m) : (i32) -> ()
    "gpu.return"() : () -> ()
  }) {gpu.kernel, sym_name = "k"} : () -> ()
}) : () -> ()
