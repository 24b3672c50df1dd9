// convert-cuda-to-gpu: ids become gpu ops on index (cast back to CUDA's i32),
// __syncthreads a gpu.barrier, and a width-segmented shuffle a gpu.shuffle idx
// over 32 lanes from a source lane computed as PTX's shfl.sync does.

// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(convert-cuda-to-gpu)' | FileCheck %s

// CHECK-LABEL: "gpu.func"
// CHECK: %[[T:[^ ]+]] = "gpu.thread_id"() <{dimension = #gpu<dim y>}> : () -> index
// CHECK-NEXT: "arith.index_castui"(%[[T]]) : (index) -> i32
// CHECK: "gpu.block_id"() <{dimension = #gpu<dim x>}>
// CHECK: "gpu.block_dim"() <{dimension = #gpu<dim z>}>
// CHECK: "gpu.grid_dim"() <{dimension = #gpu<dim x>}>
// CHECK: "arith.constant"() <{value = 32 : i32}>
// CHECK: "gpu.barrier"() : () -> ()
// CHECK: %[[L:[^ ]+]] = "gpu.lane_id"
// CHECK: "arith.andi"
// CHECK: "arith.ori"
// CHECK: %[[J:[^ ]+]] = "arith.addi"
// CHECK: %[[GT:[^ ]+]] = "arith.cmpi"(%[[J]], %{{[^)]+}}) <{predicate = 8 : i64}>
// CHECK: %[[SRC:[^ ]+]] = "arith.select"(%[[GT]], %{{[^,]+}}, %[[J]])
// CHECK: "gpu.shuffle"(%{{[^,]+}}, %[[SRC]], %{{[^)]+}}) <{mode = #gpu<shuffle_mode idx>}> : (f32, i32, i32) -> (f32, i1)
// CHECK-NOT: "cuda.
// CHECK: "gpu.return"
"gpu.module"() <{sym_name = "kernels"}> ({
  "gpu.func"() <{function_type = (f32, !ptr.ptr<#ptr.generic_space>) -> ()}> ({
  ^bb0(%v: f32, %out: !ptr.ptr<#ptr.generic_space>):
    %t = "cuda.thread_idx"() <{dimension = #cuda<dim y>}> : () -> i32
    %b = "cuda.block_idx"() <{dimension = #cuda<dim x>}> : () -> i32
    %d = "cuda.block_dim"() <{dimension = #cuda<dim z>}> : () -> i32
    %g = "cuda.grid_dim"() <{dimension = #cuda<dim x>}> : () -> i32
    %w = "cuda.warp_size"() : () -> i32
    "cuda.syncthreads"() : () -> ()
    %m = "arith.constant"() <{value = -1 : i32}> : () -> i32
    %one = "arith.constant"() <{value = 1 : i32}> : () -> i32
    %eight = "arith.constant"() <{value = 8 : i32}> : () -> i32
    %s = "cuda.shfl_sync"(%m, %v, %one, %eight) <{mode = #cuda<shfl_mode down>}> : (i32, f32, i32, i32) -> f32
    "ptr.store"(%s, %out) : (f32, !ptr.ptr<#ptr.generic_space>) -> ()
    "gpu.return"() : () -> ()
  }) {gpu.kernel, sym_name = "k"} : () -> ()
}) : () -> ()
