// What the HIP target cannot express is a located error naming the op and
// the HIP target, never a crash or wrong code.
// RUN: not cuwasm-opt %s --split-input-file --emit=hip 2>&1 | FileCheck %s

"builtin.module"() ({
  "gpu.module"() <{sym_name = "kernels"}> ({
    "gpu.func"() <{function_type = (f32) -> ()}> ({
    ^bb0(%x: f32):
      %o = "arith.constant"() <{value = 1 : i32}> : () -> i32
      %w = "arith.constant"() <{value = 64 : i32}> : () -> i32
      // CHECK: errors.mlir:[[@LINE+1]]:{{[0-9]+}}: error: 'gpu.shuffle' op over 64 lanes is not supported by the HIP target, which keeps CUDA's warp of 32 lanes
      %s:2 = "gpu.shuffle"(%x, %o, %w) <{mode = #gpu<shuffle_mode xor>}> : (f32, i32, i32) -> (f32, i1)
      "gpu.return"() : () -> ()
    }) {gpu.kernel, sym_name = "k"} : () -> ()
  }) : () -> ()
}) {gpu.container_module} : () -> ()

// -----

"builtin.module"() ({
  "gpu.module"() <{sym_name = "kernels"}> ({
    "gpu.func"() <{function_type = (f32, !ptr.ptr<#ptr.generic_space>) -> ()}> ({
    ^bb0(%x: f32, %p: !ptr.ptr<#ptr.generic_space>):
      // CHECK: errors.mlir:[[@LINE+1]]:{{[0-9]+}}: error: 'cuda.rounded' op with a directed rounding mode is not supported by the HIP target (run expand-cuda-arith first)
      %r = "cuda.rounded"(%x, %x) <{op = #cuda<rounded_op add>, rounding = #cuda<rounding rz>}> : (f32, f32) -> f32
      "ptr.store"(%r, %p) : (f32, !ptr.ptr<#ptr.generic_space>) -> ()
      "gpu.return"() : () -> ()
    }) {gpu.kernel, sym_name = "k"} : () -> ()
  }) : () -> ()
}) {gpu.container_module} : () -> ()

// -----

"builtin.module"() ({
  "gpu.module"() <{sym_name = "kernels"}> ({
    "gpu.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>) -> ()}> ({
    ^bb0(%p: !ptr.ptr<#ptr.generic_space>):
      // CHECK: errors.mlir:[[@LINE+1]]:{{[0-9]+}}: error: 'ptr.load' op has type 'vector<4xf32>', which the HIP target cannot express
      %v = "ptr.load"(%p) : (!ptr.ptr<#ptr.generic_space>) -> vector<4xf32>
      "gpu.return"() : () -> ()
    }) {gpu.kernel, sym_name = "k"} : () -> ()
  }) : () -> ()
}) {gpu.container_module} : () -> ()

// -----

"builtin.module"() ({
  "gpu.module"() <{sym_name = "kernels"}> ({
    // CHECK: errors.mlir:[[@LINE+1]]:{{[0-9]+}}: error: 'gpu.func' op has a region of 2 blocks: the HIP target takes structured control flow (run lift-cf-to-scf first)
    "gpu.func"() <{function_type = () -> ()}> ({
      "cf.br"()[^bb1] : () -> ()
    ^bb1:
      "gpu.return"() : () -> ()
    }) {gpu.kernel, sym_name = "k"} : () -> ()
  }) : () -> ()
}) {gpu.container_module} : () -> ()

// -----

"builtin.module"() ({
  "gpu.module"() <{sym_name = "kernels"}> ({
    "gpu.func"() <{function_type = () -> ()}> ({
      "gpu.return"() : () -> ()
    }) {gpu.kernel, sym_name = "k"} : () -> ()
  }) : () -> ()
  // CHECK: errors.mlir:[[@LINE+1]]:{{[0-9]+}}: error: 'func.func' op returns several values, which the HIP target does not express
  "func.func"() <{function_type = (i32) -> (i32, i32), sym_name = "pair"}> ({
  ^bb0(%a: i32):
    "func.return"(%a, %a) : (i32, i32) -> ()
  }) : () -> ()
}) {gpu.container_module} : () -> ()

// -----

"builtin.module"() ({
  "gpu.module"() <{sym_name = "kernels"}> ({
    "cuda.global_var"() <{count = 1 : i64, element_type = i32, space = #cuda<space global>, sym_name = "g"}> : () -> ()
    "gpu.func"() <{function_type = () -> ()}> ({
      "gpu.return"() : () -> ()
    }) {gpu.kernel, sym_name = "k"} : () -> ()
  }) : () -> ()
  "func.func"() <{function_type = () -> i32, sym_name = "main"}> ({
    // CHECK: errors.mlir:[[@LINE+1]]:{{[0-9]+}}: error: 'cuda.global_addr' op takes the address of a variable of the other side (host/device), which the HIP target does not express
    %g = "cuda.global_addr"() <{global_name = @kernels::@g}> : () -> !ptr.ptr<#ptr.generic_space>
    %v = "ptr.load"(%g) : (!ptr.ptr<#ptr.generic_space>) -> i32
    "func.return"(%v) : (i32) -> ()
  }) : () -> ()
}) {gpu.container_module} : () -> ()
