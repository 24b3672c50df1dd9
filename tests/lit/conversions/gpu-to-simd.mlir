// convert-gpu-to-simd: the gpu.module is flattened (flat names "m.x"), the
// kernel becomes a block function (params, env) whose threads run as loop nests
// split at the barrier and at the shuffle; the value crossing them goes through
// per-thread scratch, the shuffle reads the source lane's stored copy.

// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(convert-gpu-to-simd,canonicalize,cse)' | FileCheck %s

// CHECK: "cuda.global_var"() <{{.*}}sym_name = "m.taps"}>
// CHECK: sym_name = "m.twice"
// CHECK-LABEL: sym_name = "m.k"
// CHECK-NEXT: ^bb0(%[[PARAMS:[^:]+]]: !ptr.ptr<#ptr.generic_space>, %[[ENV:[^:]+]]: !ptr.ptr<#ptr.generic_space>):
// CHECK: "cuda.global_addr"() <{global_name = @m.taps}>
// First thread loop: up to the barrier.
// CHECK: "scf.for"
// CHECK: "scf.for"
// CHECK: "scf.for"
// CHECK: "func.call"(%{{[^)]+}}) <{callee = @m.twice}>
// CHECK: "scf.yield"
// Second: after the barrier, stores the value the shuffle exchanges.
// CHECK: "scf.for"
// CHECK: "scf.for"
// CHECK: "scf.for"
// CHECK: "ptr.store"
// Third: the xor shuffle reads lane ^ 1 of the same warp.
// CHECK: "scf.for"
// CHECK: "scf.for"
// CHECK: "scf.for"
// CHECK: %[[LANE:[^ ]+]] = "arith.remui"
// CHECK: "arith.xori"(%[[LANE]]
// CHECK: "func.return"() : () -> ()
// CHECK-NEXT: }) {cuwasm.kernel, cuwasm.num_params = 2 : i64, cuwasm.param_sizes = array<i64: 8, 4>, cuwasm.per_thread_bytes = 32 : i64, cuwasm.static_shared_bytes = 256 : i64}
// CHECK-NOT: "gpu.
"gpu.module"() <{sym_name = "m"}> ({
  "cuda.global_var"() <{count = 4 : i64, element_type = f32, space = #cuda<space constant>, sym_name = "taps"}> : () -> ()
  "func.func"() <{function_type = (f32) -> f32, sym_name = "twice"}> ({
  ^bb0(%x: f32):
    %y = "arith.addf"(%x, %x) : (f32, f32) -> f32
    "func.return"(%y) : (f32) -> ()
  }) : () -> ()
  "gpu.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>, i32) -> ()}> ({
  ^bb0(%out: !ptr.ptr<#ptr.generic_space>, %n: i32):
    %sh = "cuda.shared_alloc"() <{count = 64 : i64, element_type = f32, name = "s"}> : () -> !ptr.ptr<#ptr.generic_space>
    %t = "gpu.thread_id"() <{dimension = #gpu<dim x>}> : () -> index
    %t32 = "arith.index_castui"(%t) : (index) -> i32
    %t64 = "arith.index_castui"(%t) : (index) -> i64
    %four = "arith.constant"() <{value = 4 : i64}> : () -> i64
    %off = "arith.muli"(%t64, %four) : (i64, i64) -> i64
    %p = "ptr.ptr_add"(%sh, %off) : (!ptr.ptr<#ptr.generic_space>, i64) -> !ptr.ptr<#ptr.generic_space>
    %g = "cuda.global_addr"() <{global_name = @taps}> : () -> !ptr.ptr<#ptr.generic_space>
    %v = "ptr.load"(%g) : (!ptr.ptr<#ptr.generic_space>) -> f32
    %w = "func.call"(%v) <{callee = @twice}> : (f32) -> f32
    "ptr.store"(%w, %p) : (f32, !ptr.ptr<#ptr.generic_space>) -> ()
    "gpu.barrier"() : () -> ()
    %r = "ptr.load"(%p) : (!ptr.ptr<#ptr.generic_space>) -> f32
    %c32 = "arith.constant"() <{value = 32 : i32}> : () -> i32
    %one = "arith.constant"() <{value = 1 : i32}> : () -> i32
    %s:2 = "gpu.shuffle"(%r, %one, %c32) <{mode = #gpu<shuffle_mode xor>}> : (f32, i32, i32) -> (f32, i1)
    %q = "ptr.ptr_add"(%out, %off) : (!ptr.ptr<#ptr.generic_space>, i64) -> !ptr.ptr<#ptr.generic_space>
    "ptr.store"(%s#0, %q) : (f32, !ptr.ptr<#ptr.generic_space>) -> ()
    "gpu.return"() : () -> ()
  }) {gpu.kernel, sym_name = "k"} : () -> ()
}) : () -> ()
