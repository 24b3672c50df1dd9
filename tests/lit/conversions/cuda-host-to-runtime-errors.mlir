// convert-cuda-host-to-runtime refuses, with a located error, a module whose
// symbol of a runtime function's name is something else, and a symbol copy of
// a device variable that convert-gpu-to-simd has not moved to the top level.

// RUN: not cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(convert-cuda-host-to-runtime)' 2>&1 | FileCheck %s

"builtin.module"() ({
  "func.func"() <{function_type = (i32) -> i32, sym_name = "cuwasm_rt_free", sym_visibility = "private"}> ({
  }) : () -> ()
  "func.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>) -> i32, sym_name = "f"}> ({
  ^bb0(%p: !ptr.ptr<#ptr.generic_space>):
    // CHECK: cuda-host-to-runtime-errors.mlir:[[@LINE+1]]:10: error: 'cuda.rt_free' op cannot call the runtime's 'cuwasm_rt_free': the module's symbol of that name is not a function of type (!ptr.ptr<#ptr.generic_space>) -> i32
    %e = "cuda.rt_free"(%p) : (!ptr.ptr<#ptr.generic_space>) -> i32
    "func.return"(%e) : (i32) -> ()
  }) : () -> ()
}) : () -> ()

// -----

"builtin.module"() ({
  "gpu.module"() <{sym_name = "kernels"}> ({
    "cuda.global_var"() <{count = 4 : i64, element_type = i32, space = #cuda<space constant>, sym_name = "table"}> : () -> ()
  }) : () -> ()
  "func.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>, i64, i64) -> i32, sym_name = "g"}> ({
  ^bb0(%src: !ptr.ptr<#ptr.generic_space>, %n: i64, %off: i64):
    // CHECK: cuda-host-to-runtime-errors.mlir:[[@LINE+1]]:10: error: 'cuda.rt_memcpy_to_symbol' op device variable '@"kernels.table"' is not in the top-level module (run convert-gpu-to-simd first)
    %e = "cuda.rt_memcpy_to_symbol"(%src, %n, %off) <{kind = #cuda<memcpy_kind host_to_device>, symbol = @kernels::@table}> : (!ptr.ptr<#ptr.generic_space>, i64, i64) -> i32
    "func.return"(%e) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
