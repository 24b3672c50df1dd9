// What the CPU path cannot lower is a located error.
// RUN: not cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(convert-gpu-to-simd)' 2>&1 | FileCheck %s

// CHECK: gpu-to-simd-errors.mlir:[[@LINE+6]]:{{[0-9]+}}: error: 'scf.for' op contains a barrier or warp shuffle; convert-gpu-to-simd supports those only inside scf.if and scf.while
"gpu.module"() <{sym_name = "m"}> ({
  "gpu.func"() <{function_type = () -> ()}> ({
    %c0 = "arith.constant"() <{value = 0 : index}> : () -> index
    %c1 = "arith.constant"() <{value = 1 : index}> : () -> index
    %c4 = "arith.constant"() <{value = 4 : index}> : () -> index
    "scf.for"(%c0, %c4, %c1) ({
    ^bb0(%i: index):
      "gpu.barrier"() : () -> ()
      "scf.yield"() : () -> ()
    }) : (index, index, index) -> ()
    "gpu.return"() : () -> ()
  }) {gpu.kernel, sym_name = "k"} : () -> ()
}) : () -> ()

// -----

// CHECK: gpu-to-simd-errors.mlir:[[@LINE+3]]:{{[0-9]+}}: error: 'gpu.thread_id' op is used in a device function that was not inlined
"gpu.module"() <{sym_name = "m"}> ({
  "func.func"() <{function_type = () -> index, sym_name = "tid"}> ({
    %t = "gpu.thread_id"() <{dimension = #gpu<dim x>}> : () -> index
    "func.return"(%t) : (index) -> ()
  }) : () -> ()
}) : () -> ()
